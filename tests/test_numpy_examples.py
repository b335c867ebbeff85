"""numpy example programs (examples/np_*): transpiled together into one workspace, built once, and run
beside python3 with small sizes from argv; stdout and the exit status must match numpy's run.
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
EXAMPLES = REPO_ROOT / "examples"

try:
    import numpy  # noqa: F401
    HAVE_NUMPY = True
except ImportError:
    HAVE_NUMPY = False

pytestmark = [
    pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed"),
    pytest.mark.skipif(not HAVE_NUMPY, reason="numpy is not installed (pip install '.[dev]')"),
]

PROGRAMS = {"matmul": "np_matmul", "fft": "np_fft", "kmeans": "np_kmeans", "forest": "np_forest"}
# programs of tests/numpy_cases, built in the same workspace: fused chains (passes/fuse_array_exprs.py)
# and the reductions the pass must leave alone, printed at full precision
CASE_PROGRAMS = {"fused": REPO_ROOT / "tests" / "numpy_cases" / "fused.py"}

CASES = [
    ("matmul-64", "matmul", ("64",)),
    ("matmul-33-reps", "matmul", ("33", "3")),
    ("fft-1000", "fft", ("1000",)),
    ("fft-4096", "fft", ("4096",)),
    ("kmeans-small", "kmeans", ("500", "4", "6")),
    ("kmeans-default-k", "kmeans", ("2000",)),
    ("forest-small", "forest", ("50", "5", "4")),
    ("forest-deep", "forest", ("200", "10", "7")),
    ("fused-50", "fused", ("50",)),
    ("fused-1", "fused", ("1",)),
    ("fused-300", "fused", ("300",)),
]


@pytest.fixture(scope="module")
def numpy_bins(tmp_path_factory: pytest.TempPathFactory, runtime_dir: Path, cargo_target_dir: Path
               ) -> dict[str, Path]:
    src = tmp_path_factory.mktemp("np-src")
    for stem, folder in PROGRAMS.items():
        shutil.copy(EXAMPLES / folder / f"{stem}.py", src / f"{stem}.py")
    for stem, path in CASE_PROGRAMS.items():
        shutil.copy(path, src / f"{stem}.py")
    out = tmp_path_factory.mktemp("np-ws") / "ws"
    tr = subprocess.run(
        [sys.executable, "-m", "transpiler", str(src), "--out", str(out),
         "--runtime-dir", str(runtime_dir)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert tr.returncode == 0, f"transpile failed:\n{tr.stdout}\n{tr.stderr}"
    target = cargo_target_dir
    env = dict(os.environ, CARGO_TARGET_DIR=str(target))
    build = subprocess.run(["cargo", "build", "--release"], cwd=out, capture_output=True, text=True, env=env,
                           timeout=1800)
    assert build.returncode == 0, f"cargo build failed:\n{build.stderr[-6000:]}"
    # cargo's summary line names the package that warned; the runtime crates are checked elsewhere
    warned = [m for m in re.findall(r"^warning: `([^`]+)` \(.*\) generated \d+ warning", build.stderr, re.M)
              if m not in ("pyrt", "pyarray")]
    assert not warned, f"the generated numpy crates build with warnings:\n{build.stderr[-6000:]}"
    return {stem: target / "release" / stem for stem in [*PROGRAMS, *CASE_PROGRAMS]}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_numpy_example(case: tuple[str, str, tuple[str, ...]], numpy_bins: dict[str, Path]) -> None:
    _, stem, args = case
    script = CASE_PROGRAMS.get(stem) or EXAMPLES / PROGRAMS[stem] / f"{stem}.py"
    py = subprocess.run([sys.executable, str(script), *args],
                        capture_output=True, text=True, timeout=300)
    rs = subprocess.run([str(numpy_bins[stem]), *args], capture_output=True, text=True, timeout=300)
    assert py.returncode == 0, py.stderr
    assert rs.stdout == py.stdout, rs.stderr
    assert rs.returncode == 0
