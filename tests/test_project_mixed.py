"""examples/mixed: a Python package, a C tool and a shell script driving both, as one Cargo workspace.

The originals run with python3, gcc and bash in a copy of the example; the transpiled binaries run in an
empty folder, so the script's `python3 summarize.py` and `./tools/wc` must reach the transpiled programs.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "examples" / "mixed"

pytestmark = pytest.mark.skipif(any(shutil.which(t) is None for t in ("cargo", "gcc", "bash")),
                                reason="needs cargo, gcc and bash")


def _missing_frontends() -> list[str]:
    missing = []
    for mod, fn in (("transpiler.frontends.c", "transpile_c"), ("transpiler.frontends.shell", "transpile_shell")):
        try:
            getattr(importlib.import_module(mod), fn)
        except (ImportError, AttributeError):
            missing.append(mod)
    return missing


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, runtime_dir: Path, cargo_target_dir: Path) -> Path:
    missing = _missing_frontends()
    if missing:
        pytest.xfail(f"frontend not available yet: {', '.join(missing)}")
    out = tmp_path_factory.mktemp("mixed") / "ws"
    tr = subprocess.run([sys.executable, "-m", "transpiler", str(EXAMPLE), "--out", str(out), "--runtime-dir",
                         str(runtime_dir), "--quiet"], capture_output=True, text=True, timeout=300, cwd=REPO_ROOT)
    assert tr.returncode == 0, tr.stderr
    env = dict(os.environ, CARGO_TARGET_DIR=str(cargo_target_dir))
    build = subprocess.run(["cargo", "build", "--release"], cwd=out, capture_output=True, text=True, env=env,
                           timeout=900)
    assert build.returncode == 0, build.stderr[-6000:]
    return cargo_target_dir / "release"


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("mixed-orig") / "mixed"
    shutil.copytree(EXAMPLE, copy)
    gcc = subprocess.run(["gcc", "-O2", "-o", str(copy / "tools" / "wc"), str(copy / "tools" / "wc.c")],
                         capture_output=True, text=True, timeout=120)
    assert gcc.returncode == 0, gcc.stderr
    return copy


@pytest.mark.parametrize("program", ["summarize", "wc", "run"])
def test_mixed_example(program: str, built: Path, original: Path, tmp_path: Path) -> None:
    stdin = (EXAMPLE / "input.txt").read_text()
    cmd = {"summarize": [sys.executable, "summarize.py"], "wc": ["./tools/wc"], "run": ["bash", "run.sh"]}[program]
    want = subprocess.run(cmd, input=stdin, capture_output=True, text=True, cwd=original, timeout=60)
    empty = tmp_path / "empty"
    empty.mkdir()
    got = subprocess.run([str(built / program)], input=stdin, capture_output=True, text=True, cwd=empty, timeout=60)
    assert got.stdout == want.stdout, got.stderr
    assert got.returncode == want.returncode, got.stderr


def test_mixed_layout(tmp_path: Path, runtime_dir: Path) -> None:
    """A crate for the package app/, one for the scripts beside it (depending on app), one for the C program and
    one for the shell scripts; each program a binary named after its file."""
    import tomllib

    from transpiler import transpile_project

    missing = _missing_frontends()
    if missing:
        pytest.xfail(f"frontend not available yet: {', '.join(missing)}")
    out = tmp_path / "ws"
    result = transpile_project(EXAMPLE, out, runtime_dir=runtime_dir)
    assert result.ok, result.diagnostics.render_all()
    members = tomllib.loads((out / "Cargo.toml").read_text())["workspace"]["members"]
    assert members == ["app", "mixed", "wc", "mixed_sh"]
    manifests = {m: tomllib.loads((out / m / "Cargo.toml").read_text()) for m in members}
    assert {m: [b["name"] for b in c.get("bin", [])] for m, c in manifests.items()} == {
        "app": [], "mixed": ["summarize"], "wc": ["wc"], "mixed_sh": ["run"]}
    assert manifests["mixed"]["dependencies"]["app"] == {"path": "../app"}
    assert sorted(p.relative_to(out).as_posix() for p in out.glob("app/src/*.rs")) == [
        "app/src/app.rs", "app/src/app_stats.rs", "app/src/lib.rs"]
