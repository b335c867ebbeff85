"""The Rust emitted for C and shell sources is clippy-clean with no blanket `#![allow(...)]`: the C and mixed
examples, every program of tests/data/c_programs.test and every script of the shell run tests are transpiled
and checked with `cargo clippy --release -- -D warnings` (the runtime crates, path dependencies, with them)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from golden import DATA_DIR, parse_cases
from test_shell_frontend import SCRIPTS

REPO_ROOT = Path(__file__).resolve().parent.parent
RUNTIME = REPO_ROOT / "runtime-crates"


def _clippy_ok() -> bool:
    if shutil.which("cargo") is None:
        return False
    return subprocess.run(["cargo", "clippy", "--version"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not _clippy_ok(), reason="needs cargo clippy (.ci/run installs it)")


def _c_programs(dest: Path) -> Path:
    dest.mkdir()
    for case in parse_cases((DATA_DIR / "c_programs.test").read_text(), "c_programs.test"):
        (dest / f"{case.name}.c").write_text(case.input)
    return dest


def _shell_scripts(dest: Path) -> Path:
    dest.mkdir()
    for name, (text, _, _) in SCRIPTS.items():
        (dest / f"{name}.sh").write_text(text.lstrip(), encoding="utf-8")
    return dest


PROJECTS = ["c_wordfreq", "c_stats", "mixed", "c_programs", "shell_scripts"]


@pytest.mark.parametrize("project", PROJECTS)
def test_clippy_clean(project: str, tmp_path: Path, cargo_target_dir: Path) -> None:
    if project == "c_programs":
        src = _c_programs(tmp_path / "src_c")
    elif project == "shell_scripts":
        src = _shell_scripts(tmp_path / "src_sh")
    else:
        src = REPO_ROOT / "examples" / project
    out = tmp_path / "rust"
    tr = subprocess.run([sys.executable, "-m", "transpiler", str(src), "--out", str(out), "--runtime-dir",
                         str(RUNTIME)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert tr.returncode == 0, tr.stderr
    generated = [p for p in out.rglob("*.rs") if "runtime" not in p.relative_to(out).parts[:1]]
    assert generated, "nothing was generated"
    for path in generated:
        assert "#![allow" not in path.read_text(), f"{path.name} carries a blanket allow"
    env = dict(os.environ, CARGO_TARGET_DIR=str(cargo_target_dir))
    clippy = subprocess.run(["cargo", "clippy", "--release", "--quiet", "--", "-D", "warnings"], cwd=out,
                            capture_output=True, text=True, env=env, timeout=1800)
    lints = sorted(set(re.findall(r"^error: (.*)$", clippy.stderr, re.MULTILINE)))
    assert clippy.returncode == 0, "clippy reports:\n" + "\n".join(lints) + "\n" + clippy.stderr[-4000:]
