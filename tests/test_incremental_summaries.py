"""Incremental runs on module summaries (transpiler/summary.py): a changed module is re-inferred against the
summaries of the others, so a one-file change redoes that file (and what imports it), and the output is the
same as a cold run's."""

from __future__ import annotations

import shutil
from pathlib import Path

from transpiler import transpile_project

MODULES = {
    "shapes/__init__.py": "",
    "shapes/base.py": (
        "from dataclasses import dataclass\n\n\n"
        "@dataclass\nclass Point:\n    x: int\n    y: int\n\n"
        "    def norm1(self) -> int:\n        return abs(self.x) + abs(self.y)\n\n\n"
        "def scale(v: int, k: int) -> int:\n    return v * k\n\n\n"
        "def collect(ps: list[Point], out: list[int]) -> None:\n    for p in ps:\n        out.append(p.norm1())\n"
    ),
    "shapes/util.py": (
        "def double(x: int) -> int:\n    return x + x\n\n\n"
        "def label(n: int) -> str:\n    return f\"n={n}\"\n"
    ),
    "shapes/mid.py": (
        "from shapes.base import scale\n\n\n"
        "def grow(v: int) -> int:\n    return scale(v, 2)\n"
    ),
    "shapes/main.py": (
        "from shapes.base import Point, collect\nfrom shapes.mid import grow\nfrom shapes.util import double, label\n\n"
        "pts = [Point(grow(1), -2), Point(3, 4)]\nsizes: list[int] = []\ncollect(pts, sizes)\n"
        "print(sizes, label(len(sizes)), double(21))\n"
    ),
}


def write_project(root: Path) -> Path:
    for rel, text in MODULES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def cold_outputs(src: Path, tmp: Path) -> dict[str, bytes]:
    fresh = tmp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    result = transpile_project(src, fresh, cache=False, runtime_dir=Path("runtime-crates").resolve())
    assert result.ok, result.diagnostics.render_all()
    return {str(f): (fresh / f).read_bytes() for f in result.outputs}


def outputs(out: Path, files: list[Path]) -> dict[str, bytes]:
    return {str(f): (out / f).read_bytes() for f in files}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def run(src: Path, out: Path):  # noqa: ANN201 - TranspileResult
    result = transpile_project(src, out, runtime_dir=Path("runtime-crates").resolve())
    assert result.ok, result.diagnostics.render_all()
    return result


def test_body_change_reinfers_only_that_module(tmp_path: Path) -> None:
    src, out = write_project(tmp_path / "p"), tmp_path / "out"
    first = run(src, out)
    assert sorted(first.inferred) == ["shapes", "shapes.base", "shapes.main", "shapes.mid", "shapes.util"]
    edit(src / "shapes" / "main.py", "Point(3, 4)", "Point(30, 4)")
    second = run(src, out)
    assert second.inferred == ["shapes.main"]
    assert {f.path for f in second.sources if not f.cached} == {"shapes/main.py"}
    assert [c for c in second.changed if c.endswith(".rs")] == [
        str(next(out.glob("*/src/shapes_main.rs")).relative_to(out))]
    assert outputs(out, second.outputs) == cold_outputs(src, tmp_path)


def test_body_change_of_a_dependency_keeps_its_dependents(tmp_path: Path) -> None:
    """A new body with the same signature: only the module itself is re-inferred, but what imports it is too
    (its interface might have changed), and the result is the cold run's."""
    src, out = write_project(tmp_path / "p"), tmp_path / "out"
    run(src, out)
    edit(src / "shapes" / "mid.py", "scale(v, 2)", "scale(scale(v, 2), 3)")
    second = run(src, out)
    assert sorted(second.inferred) == ["shapes.main", "shapes.mid"]
    assert outputs(out, second.outputs) == cold_outputs(src, tmp_path)


def test_interface_change_reinfers_dependents(tmp_path: Path) -> None:
    src, out = write_project(tmp_path / "p"), tmp_path / "out"
    run(src, out)
    # `scale` now returns a float: mid (which calls it) and main (which imports mid and base) change too
    edit(src / "shapes" / "base.py", "def scale(v: int, k: int) -> int:\n    return v * k",
         "def scale(v: int, k: int) -> float:\n    return v * k / 2")
    edit(src / "shapes" / "mid.py", "def grow(v: int) -> int:", "def grow(v: int) -> float:")
    edit(src / "shapes" / "main.py", "Point(grow(1), -2)", "Point(int(grow(1)), -2)")
    second = run(src, out)
    assert sorted(second.inferred) == ["shapes.base", "shapes.main", "shapes.mid"]
    assert outputs(out, second.outputs) == cold_outputs(src, tmp_path)
    edit(src / "shapes" / "base.py", "    x: int\n    y: int\n", "    x: int\n    y: int\n    tag: str = \"p\"\n")
    third = run(src, out)
    assert sorted(third.inferred) == ["shapes.base", "shapes.main", "shapes.mid"]
    assert outputs(out, third.outputs) == cold_outputs(src, tmp_path)


def test_types_decided_by_the_changed_module_are_redone(tmp_path: Path) -> None:
    """util.double has no annotation: main's call decides its type. When main calls it with a str instead,
    util is transpiled again (its summary named main as an influence), and the output is the cold run's."""
    src, out = write_project(tmp_path / "p"), tmp_path / "out"
    edit(src / "shapes" / "util.py", "def double(x: int) -> int:", "def double(x):")
    run(src, out)
    util_rs = next(out.glob("*/src/shapes_util.rs"))
    before = util_rs.read_text()
    edit(src / "shapes" / "main.py", "double(21)", "double(\"ab\")")
    second = run(src, out)
    assert sorted(second.inferred) == ["shapes.main", "shapes.util"]
    assert util_rs.read_text() != before
    assert outputs(out, second.outputs) == cold_outputs(src, tmp_path)


def test_no_change_infers_nothing(tmp_path: Path) -> None:
    src, out = write_project(tmp_path / "p"), tmp_path / "out"
    run(src, out)
    again = run(src, out)
    assert again.inferred == [] and again.changed == []


def test_guard_notices_a_changed_summary() -> None:
    """A summary whose type variables or parameter-passing facts change while the other modules are inferred
    is stale: Guard.held() says so, and the run falls back to re-inferring everything those modules need."""
    from transpiler.frontends.python import parse_python

    from transpiler import summary
    from transpiler.diagnostics import DiagnosticSink
    from transpiler.ir import types as T
    from transpiler.passes.collect_symbols import collect_symbols

    diag = DiagnosticSink()
    mod = parse_python("lib.py", "def ident(x):\n    return x\n", "lib", diag)
    assert mod is not None and not diag.has_errors
    info = collect_symbols([mod], set(), diag).modules["lib"]
    loaded = summary.load(summary.dumps(summary.summarize(info, {}, frozenset({"other"}))))
    assert loaded.influencers == frozenset({"other"})
    assert loaded.info.functions["ident"].node.body == ()  # bodies are left out
    free = [v for v in loaded.vars if v.bound is None]
    assert free
    guard = summary.Guard([loaded])
    assert guard.held()
    free[0].bound = T.STR
    assert not guard.held()
    free[0].bound = None
    assert guard.held()
    loaded.info.functions["ident"].mutated_params.add("x")
    assert not guard.held()


SHARED_MODULES = {
    "graph/__init__.py": "",
    "graph/node.py": (
        "class Node:\n    def __init__(self, name: str) -> None:\n        self.name = name\n"
        "        self.count = 0\n\n    def bump(self) -> None:\n        self.count += 1\n"
    ),
    "graph/main.py": (
        "from graph.node import Node\n\n\n"
        "def run() -> None:\n    a = Node(\"a\")\n    a.bump()\n    print(a.name, a.count)\n\n\nrun()\n"
    ),
}


def test_sharing_decided_by_another_module_redoes_the_summary(tmp_path: Path) -> None:
    """mark_shared_classes reads every module's code: when a changed module makes a summarised module's class
    shared (a method elsewhere now stores `self`... here a module global mutated in a function), the run must
    not keep the summary's plain struct; the incremental output equals a cold run's either way."""
    src, out = tmp_path / "g", tmp_path / "out"
    for rel, text in SHARED_MODULES.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    run(src, out)
    node_rs = next(out.glob("*/src/graph_node.rs"))
    assert "pyrt::Shared" not in node_rs.read_text()
    # main now keeps a Node in a module global and mutates it from a function: Node becomes shared
    edit(src / "graph" / "main.py", "def run() -> None:\n    a = Node(\"a\")\n    a.bump()\n",
         "HUB = Node(\"hub\")\n\n\ndef touch() -> None:\n    HUB.count += 2\n\n\n"
         "def run() -> None:\n    a = Node(\"a\")\n    a.bump()\n    touch()\n    print(HUB.count)\n")
    second = run(src, out)
    assert outputs(out, second.outputs) == cold_outputs(src, tmp_path)
    assert "pyrt::Shared" in node_rs.read_text()
    # and back: the evidence came from main alone, so Node is a plain struct again
    edit(src / "graph" / "main.py", "    HUB.count += 2\n", "    print(HUB.count)\n")
    third = run(src, out)
    assert outputs(out, third.outputs) == cold_outputs(src, tmp_path)
    assert "pyrt::Shared" not in node_rs.read_text()


CLASS_VAR_MODULES = {
    "reg/__init__.py": "",
    "reg/model.py": (
        "class Registry:\n    made = 0\n\n    def __init__(self, name: str) -> None:\n        self.name = name\n\n"
        "    def tag(self) -> str:\n        return f\"{self.name}#{self.made}\"\n"
    ),
    "reg/main.py": (
        "from reg.model import Registry\n\n\n"
        "def make(name: str):\n    return Registry(name)\n\n\n"
        "print(make(\"a\").tag(), make(\"b\").tag(), Registry.made)\n"
    ),
}


def test_class_attribute_rebound_by_another_module_redoes_the_summary(tmp_path: Path) -> None:
    """mark_assigned_class_vars reads every module's code: when a changed module starts rebinding a class
    attribute of a summarised module (`Registry.made += 1`), that class's constant must become a cell; and a
    const again when the assignment goes. The incremental output equals a cold run's each time."""
    src, out = tmp_path / "r", tmp_path / "out"
    for rel, text in CLASS_VAR_MODULES.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    run(src, out)
    model_rs = next(out.glob("*/src/reg_model.rs"))
    assert "pub const MADE: i64 = 0;" in model_rs.read_text()
    edit(src / "reg" / "main.py", "    return Registry(name)\n", "    Registry.made += 1\n    return Registry(name)\n")
    second = run(src, out)
    assert outputs(out, second.outputs) == cold_outputs(src, tmp_path)
    assert "made_var()" in model_rs.read_text() and "pub const MADE" not in model_rs.read_text()
    edit(src / "reg" / "main.py", "    Registry.made += 1\n", "")
    third = run(src, out)
    assert outputs(out, third.outputs) == cold_outputs(src, tmp_path)
    assert "pub const MADE: i64 = 0;" in model_rs.read_text()


KIND_MODULES = {
    "paint/__init__.py": "from .colors import Color\n",
    "paint/colors.py": "from enum import Enum\n\n\nclass Color(Enum):\n    RED = 1\n    BLUE = 2\n",
    "paint/mix.py": "from .colors import Color\n\n\ndef same(c: Color, d: Color) -> bool:\n    return c == d\n",
    "paint/tone.py": "from . import Color\n\n\ndef alike(c: Color) -> bool:\n    return c == c\n",  # re-exported
    "paint/main.py": (
        "from paint.colors import Color\nfrom paint.mix import same\n\n"
        "print(same(Color.RED, Color.BLUE), same(Color.RED, Color.RED))\n"
    ),
}
DATACLASS_COLOR = "from dataclasses import dataclass\n\n\n@dataclass\nclass Color:\n    v: int\n"


def test_a_class_turned_enum_reparses_its_importers(tmp_path: Path) -> None:
    """paint/mix.py's annotations are an enum's type because paint/colors.py defines Color from Enum (and
    paint/tone.py's, because paint/__init__.py imports that Color): the lowering read that out of the imported
    modules. When colors.py makes Color a dataclass (and back), mix.py and tone.py, unchanged themselves, are
    parsed again, and the incremental output equals a cold run's."""
    src, out = tmp_path / "k", tmp_path / "out"
    for rel, text in KIND_MODULES.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    run(src, out)
    mix_rs, tone_rs = next(out.glob("*/src/paint_mix.rs")), next(out.glob("*/src/paint_tone.rs"))
    assert "pub fn same(c: Color, d: Color) -> bool" in mix_rs.read_text()  # an enum is Copy: by value
    assert "pub fn alike(c: Color) -> bool" in tone_rs.read_text()
    (src / "paint" / "colors.py").write_text(DATACLASS_COLOR)
    edit(src / "paint" / "main.py", "same(Color.RED, Color.BLUE), same(Color.RED, Color.RED)",
         "same(Color(1), Color(2)), same(Color(1), Color(1))")
    second = run(src, out)
    assert {"paint.mix", "paint.tone"} <= set(second.inferred)
    assert "pub fn same(c: &Color, d: &Color) -> bool" in mix_rs.read_text()
    assert "pub fn alike(c: &Color) -> bool" in tone_rs.read_text()
    assert outputs(out, second.outputs) == cold_outputs(src, tmp_path)
    (src / "paint" / "colors.py").write_text(KIND_MODULES["paint/colors.py"])
    (src / "paint" / "main.py").write_text(KIND_MODULES["paint/main.py"])
    third = run(src, out)
    assert "pub fn same(c: Color, d: Color) -> bool" in mix_rs.read_text()
    assert "pub fn alike(c: Color) -> bool" in tone_rs.read_text()
    assert outputs(out, third.outputs) == cold_outputs(src, tmp_path)
