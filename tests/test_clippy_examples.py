"""`cargo clippy -- -D warnings` is clean on the Rust generated from the Python programs under examples/ (issue 3).

Each example folder with Python sources is transpiled into its own workspace and its Python crates (those
built on pyrt/pyarray) are linted; clippy runs in the session's shared target dir, so the runtime crates are
checked once (they are path dependencies outside the workspace, which clippy leaves alone). The generated
code carries no blanket `#![allow(...)]`, which this test also checks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.name for p in (REPO_ROOT / "examples").iterdir() if p.is_dir() and any(p.rglob("*.py")))
# programs whose classes become shared handles (mark_shared_classes): the accessors and handle methods too
SHARED_PROGRAMS = ["benchmarks/python/richards.py", "tests/run_cases/shared_objects.py",
                   "tests/run_cases/class_attributes.py", "tests/run_cases/module_containers.py"]
SOURCES = [f"examples/{e}" for e in EXAMPLES] + SHARED_PROGRAMS

pytestmark = pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed")


def _clippy_available() -> bool:
    probe = subprocess.run(["cargo", "clippy", "--version"], capture_output=True, text=True, timeout=60)
    return probe.returncode == 0


@pytest.mark.parametrize("source", SOURCES, ids=[Path(s).stem if s in SHARED_PROGRAMS else Path(s).name
                                                  for s in SOURCES])
def test_generated_rust_is_clippy_clean(source: str, tmp_path: Path, runtime_dir: Path,
                                        cargo_target_dir: Path) -> None:
    assert _clippy_available(), "cargo clippy is missing: `rustup component add clippy` (.ci/run does)"
    out = tmp_path / "ws"
    tr = subprocess.run(
        [sys.executable, "-m", "transpiler", str(REPO_ROOT / source), "--out", str(out),
         "--runtime-dir", str(runtime_dir), "--quiet"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert tr.returncode == 0, f"transpile failed:\n{tr.stdout}\n{tr.stderr}"
    crates = [toml.parent for toml in out.glob("*/Cargo.toml")
              if re.search(r"^(pyrt|pyarray) = ", toml.read_text(encoding="utf-8"), re.M)]
    assert crates, "no Python crate generated"
    generated = [p for crate in crates for p in (crate / "src").rglob("*.rs")]
    assert generated
    blanket = [str(p) for p in generated if re.search(r"#!\[allow\(", p.read_text(encoding="utf-8"))]
    assert not blanket, f"blanket #![allow] in {blanket}"
    env = dict(os.environ, CARGO_TARGET_DIR=str(cargo_target_dir))
    lint = subprocess.run(
        ["cargo", "clippy", "--quiet", *(f"--package={c.name}" for c in crates), "--", "-D", "warnings"],
        cwd=out, capture_output=True, text=True, env=env, timeout=900,
    )
    assert lint.returncode == 0, f"clippy on the generated Rust of {source}:\n{lint.stderr[-6000:]}"
