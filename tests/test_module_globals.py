"""Module-level names across modules: constants and containers another module imports (by name or through
the module), imports inside functions, and containers one module changes that another one defines
(mark_global_containers), built with cargo and compared with python3; and incremental runs that turn such a
container into a cell and back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from transpiler import transpile_project

MODULES = {
    "geo/__init__.py": "",
    "geo/point.py": (
        "SCALE = 3\nNAMES = [\"x\", \"y\"]\nregistry: dict[str, int] = {}\n\n\n"
        "def scaled(v: int) -> int:\n    return v * 2\n\n\n"
        "def register(name: str) -> int:\n    registry[name] = len(registry)\n    return registry[name]\n"
    ),
    "main.py": (
        "import geo.point as point\nfrom geo.point import NAMES, SCALE, register, registry\n\n\n"
        "def calc(v: int) -> int:\n    from geo.point import scaled\n    import math\n\n"
        "    return scaled(v) + SCALE + int(math.sqrt(16)) + point.SCALE\n\n\n"
        "print(calc(5), NAMES, point.NAMES[1], len(NAMES))\nregister(\"a\")\nregister(\"b\")\n"
        "registry[\"c\"] = 5\nprint(registry, point.registry[\"b\"], len(registry))\n"
    ),
}


def write(root: Path, modules: dict[str, str] = MODULES) -> Path:
    for rel, text in modules.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def build_and_run(src: Path, out: Path, cargo_target_dir: Path) -> tuple[subprocess.CompletedProcess[str],
                                                                          subprocess.CompletedProcess[str]]:
    """cargo-build the workspace (no warnings allowed), then python3's and the binary's run of main.py."""
    env = dict(os.environ, CARGO_TARGET_DIR=str(cargo_target_dir))
    build = subprocess.run(["cargo", "build", "--release"], cwd=out, capture_output=True, text=True, env=env,
                           timeout=900)
    assert build.returncode == 0, build.stderr[-6000:]
    assert "warning" not in build.stderr, build.stderr[-6000:]
    want = subprocess.run([sys.executable, "main.py"], capture_output=True, text=True, cwd=src, timeout=60)
    got = subprocess.run([str(cargo_target_dir / "release" / "main")], capture_output=True, text=True, timeout=60)
    return want, got


def transpile(src: Path, out: Path, runtime_dir: Path, cache: bool = True) -> list[Path]:
    result = transpile_project(src, out, runtime_dir=runtime_dir, cache=cache)
    assert result.ok, result.diagnostics.render_all()
    return result.outputs


@pytest.mark.skipif(shutil.which("cargo") is None, reason="needs cargo")
def test_imported_globals_and_containers_behave_like_python(tmp_path: Path, runtime_dir: Path,
                                                            cargo_target_dir: Path) -> None:
    src, out = write(tmp_path / "proj"), tmp_path / "ws"
    transpile(src, out, runtime_dir)
    point_rs = next(out.glob("*/src/geo_point.rs")).read_text()
    assert "pub static REGISTRY: std::cell::RefCell" in point_rs  # changed by main.py: a cell
    want, got = build_and_run(src, out, cargo_target_dir)
    assert want.stdout == "20 ['x', 'y'] y 2\n{'a': 0, 'b': 1, 'c': 5} 1 3\n"
    assert (got.stdout, got.returncode) == (want.stdout, want.returncode), got.stderr


def test_a_container_changed_from_another_module_redoes_the_summary(tmp_path: Path, runtime_dir: Path) -> None:
    """Whether geo.point's registry is a cell depends on main.py's code too: an incremental run after main.py
    stops (or starts) changing it must not keep geo.point's summary; the output equals a cold run's."""
    src, out = write(tmp_path / "proj"), tmp_path / "ws"
    transpile(src, out, runtime_dir)
    main = src / "main.py"
    point = src / "geo" / "point.py"
    point.write_text(point.read_text().replace("    registry[name] = len(registry)\n", ""))
    main.write_text(main.read_text().replace("registry[\"c\"] = 5\n", ""))
    transpile(src, out, runtime_dir)
    point_rs = next(out.glob("*/src/geo_point.rs"))
    assert "RefCell" not in point_rs.read_text()
    main.write_text(main.read_text().replace("register(\"b\")\n", "register(\"b\")\nregistry[\"c\"] = 5\n"))
    outputs = transpile(src, out, runtime_dir)
    assert "pub static REGISTRY: std::cell::RefCell" in point_rs.read_text()
    cold = tmp_path / "cold"
    cold_outputs = transpile(src, cold, runtime_dir, cache=False)
    assert {str(f): (out / f).read_bytes() for f in outputs} == {str(f): (cold / f).read_bytes() for f in cold_outputs}


def test_a_module_of_constants_is_a_library_not_a_program(tmp_path: Path, runtime_dir: Path) -> None:
    src = write(tmp_path / "proj")
    (src / "geo" / "consts.py").write_text('"""Constants."""\nSCALE = 3\nLOCAL = SCALE * 2\n')
    (src / "show.py").write_text("from geo.consts import SCALE\n\nprint(SCALE)\n")
    result = transpile_project(src, tmp_path / "ws", runtime_dir=runtime_dir)
    assert result.ok, result.diagnostics.render_all()
    assert sorted(result.binaries) == ["main", "show"]


ANNOTATED = {
    "shapes/__init__.py": "",
    "shapes/geo.py": (
        "from dataclasses import dataclass\nfrom enum import Enum\n\nVector = list[float]\n\n\n"
        "class Color(Enum):\n    RED = 1\n    BLUE = 2\n\n\n"
        "@dataclass\nclass Point:\n    x: int\n    y: int\n\n    def norm1(self) -> int:\n"
        "        return abs(self.x) + abs(self.y)\n"
    ),
    "main.py": (
        "from typing import Optional\n\nfrom shapes.geo import Color, Point\n\n\n"
        "def make(x: int) -> Point:\n    return Point(x, -x)\n\n\n"
        "def total(ps: list[Point], extra: Optional[Point] = None) -> int:\n"
        "    t = sum(p.norm1() for p in ps)\n    return t + (extra.norm1() if extra is not None else 0)\n\n\n"
        "def paint(c: Color) -> str:\n    return c.name\n\n\n"
        "class Holder:\n    def __init__(self, p: Point) -> None:\n        self.p = p\n\n\n"
        "print(total([make(1), make(2)], make(3)), Holder(make(4)).p, paint(Color.BLUE))\n"
    ),
}


@pytest.mark.skipif(shutil.which("cargo") is None, reason="needs cargo")
def test_imported_classes_and_enums_in_annotations(tmp_path: Path, runtime_dir: Path, cargo_target_dir: Path) -> None:
    src, out = write(tmp_path / "proj", ANNOTATED), tmp_path / "ws"
    transpile(src, out, runtime_dir)
    want, got = build_and_run(src, out, cargo_target_dir)
    assert want.stdout == "12 Point(x=4, y=-4) BLUE\n"
    assert (got.stdout, got.returncode) == (want.stdout, want.returncode), got.stderr


def test_an_imported_type_alias_in_an_annotation_is_a_diagnostic(tmp_path: Path, runtime_dir: Path) -> None:
    src = write(tmp_path / "proj", ANNOTATED)
    (src / "main.py").write_text("from shapes.geo import Vector\n\n\ndef norm(v: Vector) -> float:\n"
                                 "    return sum(v)\n\n\nprint(norm([1.0, 2.0]))\n")
    result = transpile_project(src, tmp_path / "ws", runtime_dir=runtime_dir)
    assert not result.ok
    assert [d.message for d in result.diagnostics.errors()] == [
        "`Vector` in this annotation is not a class of the project"]
