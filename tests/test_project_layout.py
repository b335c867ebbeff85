"""The workspace layout (transpiler/layout.py): a crate per Python package, per C program and for the shell
scripts, binaries named after their files, crates that need each other merged, and a workspace that builds
without warnings and behaves like python3.

tests/data/layout_proj has: geo/ (needed by shapes/), shapes/ (main.py subclasses its Shape), ring/ and util/
(they import each other), fmtlib/ (an untyped helper the script calls with its own class), and the scripts
main.py and tool.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from transpiler import transpile_project
from transpiler.layout import crate_ident, referenced_modules

PROJECT = Path(__file__).resolve().parent / "data" / "layout_proj"
HAS_CARGO = shutil.which("cargo") is not None


def crates(out: Path) -> dict[str, dict[str, object]]:
    """Crate folder -> its parsed Cargo.toml, for the workspace's members."""
    members = tomllib.loads((out / "Cargo.toml").read_text())["workspace"]["members"]
    return {m: tomllib.loads((out / m / "Cargo.toml").read_text()) for m in members}


def workspace_deps(manifest: dict[str, object]) -> set[str]:
    deps = manifest["dependencies"]
    assert isinstance(deps, dict)
    return {name for name, spec in deps.items() if not str(spec["path"]).startswith(("/", "../runtime"))}


def bins(manifest: dict[str, object]) -> list[str]:
    return [b["name"] for b in manifest.get("bin", [])]  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory, runtime_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("layout") / "ws"
    result = transpile_project(PROJECT, out, runtime_dir=runtime_dir)
    assert result.ok, result.diagnostics.render_all()
    assert sorted(result.binaries) == ["main", "tool"]
    return out


def test_a_crate_per_package_and_one_for_the_scripts(layout: Path) -> None:
    ws = crates(layout)
    assert list(ws) == ["geo", "shapes", "ring_util", "layout_proj"]  # members in dependency order
    assert {m: workspace_deps(c) for m, c in ws.items()} == {
        "geo": set(),
        "shapes": {"geo"},  # shapes/poly.py imports geo.point
        "ring_util": {"shapes"},  # util.describe is inferred to take shapes' Shape
        "layout_proj": {"geo", "shapes", "ring_util"},
    }
    assert sorted(p.name for p in (layout / "geo" / "src").glob("*.rs")) == ["geo.rs", "geo_point.rs", "lib.rs"]
    assert sorted(p.name for p in (layout / "shapes" / "src").glob("*.rs")) == ["lib.rs", "shapes.rs",
                                                                                  "shapes_poly.rs"]


def test_packages_that_import_each_other_share_a_crate(layout: Path) -> None:
    assert sorted(p.name for p in (layout / "ring_util" / "src").glob("*.rs")) == [
        "lib.rs", "ring.rs", "ring_a.rs", "ring_b.rs", "util.rs", "util_helpers.rs"]
    assert "packages ring, util" in (layout / "ring_util" / "src" / "lib.rs").read_text()


def test_a_package_whose_rust_names_a_script_class_joins_the_scripts_crate(layout: Path) -> None:
    """fmtlib.show(item) is inferred to take main.py's Item: its Rust names `crate::main_::Item`, and main.py
    imports fmtlib, so the two need each other."""
    show = (layout / "layout_proj" / "src" / "fmtlib_show.rs").read_text()
    assert "crate::main_::Item" in show
    assert not (layout / "fmtlib").exists()


def test_entry_points_are_binaries_of_their_crate(layout: Path) -> None:
    ws = crates(layout)
    assert {m: bins(c) for m, c in ws.items()} == {"geo": [], "shapes": [], "ring_util": [],
                                                  "layout_proj": ["main", "tool"]}
    assert "layout_proj::main_::py_main" in (layout / "layout_proj" / "src" / "bin" / "main.rs").read_text()
    lib = (layout / "layout_proj" / "src" / "lib.rs").read_text()
    assert "use ::geo::geo_point;" in lib and "use ::shapes::shapes_poly;" in lib
    assert "use ::ring_util::util_helpers;" in lib


def test_single_file_keeps_one_crate_named_after_it(tmp_path: Path, runtime_dir: Path) -> None:
    src = tmp_path / "prog.py"
    src.write_text("print('hi')\n")
    out = tmp_path / "rust"
    result = transpile_project(src, out, runtime_dir=runtime_dir)
    assert result.ok, result.diagnostics.render_all()
    assert list(crates(out)) == ["prog"] and bins(crates(out)["prog"]) == ["prog"]
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.rs")) == [
        "prog/src/bin/prog.rs", "prog/src/lib.rs", "prog/src/prog.rs"]


def test_crate_names_are_valid_and_do_not_clash(tmp_path: Path, runtime_dir: Path) -> None:
    src = tmp_path / "proj"
    for pkg in ("pyrt", "My-Tools", "9lives"):
        (src / pkg).mkdir(parents=True)
        (src / pkg / "__init__.py").write_text("")
        (src / pkg / "m.py").write_text("def f(n: int) -> int:\n    return n + 1\n")
    (src / "proj").mkdir()
    (src / "proj" / "__init__.py").write_text("")
    (src / "proj" / "m.py").write_text("def f(n: int) -> int:\n    return n + 2\n")
    (src / "main.py").write_text("import sys\n\nfrom proj.m import f\n\nprint(f(1))\n")
    out = tmp_path / "out"
    result = transpile_project(src, out, runtime_dir=runtime_dir)
    assert result.ok, result.diagnostics.render_all()
    # the scripts' crate keeps the project's name; a package of the same name and one named like a runtime
    # crate get the Python suffix
    assert sorted(crates(out)) == ["my_tools", "p9lives", "proj", "proj_py", "pyrt_py"]
    assert workspace_deps(crates(out)["proj"]) == {"proj_py"}
    assert crate_ident("My-Tools") == "my_tools" and crate_ident("9lives") == "p9lives"
    assert crate_ident("match") == "match_app"


def test_referenced_modules_skip_literals_and_comments() -> None:
    text = ('// see crate::docs::x\nfn f() { let s = "crate::lit::y"; let c = \'"\'; crate::real::g(); '
            "crate::other::Z {} }")
    assert referenced_modules(text) == {"real", "other"}


def test_check_and_rerun_after_a_package_changes(tmp_path: Path, runtime_dir: Path) -> None:
    src, out = tmp_path / "proj", tmp_path / "out"
    shutil.copytree(PROJECT, src)
    first = transpile_project(src, out, runtime_dir=runtime_dir)
    assert first.ok, first.diagnostics.render_all()
    (out / "NOTES.md").write_text("mine\n")
    (out / "geo" / "src" / "extra.rs").write_text("// mine\n")
    assert transpile_project(src, out, runtime_dir=runtime_dir, check=True).ok
    point = src / "geo" / "point.py"
    point.write_text(point.read_text().replace("return 2", "return 3"))
    stale = transpile_project(src, out, runtime_dir=runtime_dir, check=True)
    assert not stale.ok and stale.stale == ["geo/src/geo_point.rs"]
    check = subprocess.run([sys.executable, "-m", "transpiler", str(src), "--out", str(out), "--runtime-dir",
                            str(runtime_dir), "--check"], capture_output=True, text=True, timeout=300)
    assert check.returncode == 1 and "geo/src/geo_point.rs" in check.stdout + check.stderr
    again = transpile_project(src, out, runtime_dir=runtime_dir)
    assert again.ok and [c for c in again.changed if c.endswith(".rs")] == ["geo/src/geo_point.rs"]
    assert transpile_project(src, out, runtime_dir=runtime_dir, check=True).ok
    # the cycle goes away: ring and util become crates of their own; the old crate's files go, the user's stay
    helpers = src / "util" / "helpers.py"
    helpers.write_text(helpers.read_text().replace("return ping(n) * 2", "return n * 2")
                       .replace("from ring.a import ping  # noqa: E402  (after pong, which ring.b imports back)\n",
                                ""))
    split = transpile_project(src, out, runtime_dir=runtime_dir)
    assert split.ok, split.diagnostics.render_all()
    assert set(crates(out)) == {"geo", "shapes", "util", "ring", "proj"}
    assert not (out / "ring_util").exists()
    assert workspace_deps(crates(out)["ring"]) == {"util"}
    assert (out / "NOTES.md").read_text() == "mine\n" and (out / "geo" / "src" / "extra.rs").exists()
    assert transpile_project(src, out, runtime_dir=runtime_dir, check=True).ok


@pytest.mark.skipif(not HAS_CARGO, reason="needs cargo")
def test_workspace_builds_without_warnings_and_matches_python(layout: Path, cargo_target_dir: Path,
                                                              tmp_path: Path) -> None:
    env = dict(os.environ, CARGO_TARGET_DIR=str(cargo_target_dir))
    build = subprocess.run(["cargo", "build", "--release"], cwd=layout, capture_output=True, text=True, env=env,
                           timeout=900)
    assert build.returncode == 0, build.stderr[-6000:]
    assert "warning" not in build.stderr, build.stderr[-6000:]
    for program in ("main", "tool"):
        want = subprocess.run([sys.executable, f"{program}.py"], capture_output=True, text=True, cwd=PROJECT,
                              timeout=60)
        got = subprocess.run([str(cargo_target_dir / "release" / program)], capture_output=True, text=True,
                             cwd=tmp_path, timeout=60)
        assert (got.stdout, got.returncode) == (want.stdout, want.returncode), got.stderr


def test_python_module_and_c_program_of_one_name(tmp_path: Path, runtime_dir: Path) -> None:
    """Rust module names may repeat across languages: each language's modules live in their own crates."""
    src = tmp_path / "proj"
    (src / "tools").mkdir(parents=True)
    (src / "tools" / "wc.c").write_text('#include <stdio.h>\nint main(void) { printf("c\\n"); return 0; }\n')
    (src / "wc.py").write_text("def count(s: str) -> int:\n    return len(s.split())\n")
    (src / "main.py").write_text("from wc import count\n\nprint(count('a b c'))\n")
    out = tmp_path / "out"
    result = transpile_project(src, out, runtime_dir=runtime_dir)
    assert result.ok, result.diagnostics.render_all()
    ws = crates(out)
    assert {m: bins(c) for m, c in ws.items()} == {"proj": ["main"], "wc": ["wc"]}
    assert (out / "proj" / "src" / "wc.rs").read_text() != (out / "wc" / "src" / "wc.rs").read_text()
    assert workspace_deps(ws["proj"]) == set() and workspace_deps(ws["wc"]) == set()
