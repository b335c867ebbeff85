"""C kernels side by side: the gcc -O2 build and the transpiled Rust build, best of three runs each.

    python benchmarks/c_kernels/run.py [--quick] [--runs N]

Prints one row per kernel with both wall-clock times and their ratio (Rust / gcc), and the ratio of the
processes' CPU times (user + system), which a loaded machine disturbs less. It never asserts a time.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
QUICK_ARGS = {"matmul": ["120"], "stencil": ["20"], "sort": ["200000"], "hash": ["300000"], "strings": ["20000"]}


def child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def best_of(argv: list[str], runs: int = 3) -> tuple[float, float, bytes]:
    """Best wall-clock time, best CPU time (user + system) and the output of `runs` runs."""
    best = cpu = float("inf")
    out = b""
    for _ in range(runs):
        c0 = child_cpu()
        t0 = time.perf_counter()
        out = subprocess.run(argv, capture_output=True, check=True).stdout
        best = min(best, time.perf_counter() - t0)
        cpu = min(cpu, child_cpu() - c0)
    return best, cpu, out


def main() -> int:
    quick = "--quick" in sys.argv
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    kernels = sorted(HERE.glob("*.c"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        out = work / "rust"
        src_dir = work / "c"
        src_dir.mkdir()
        for k in kernels:
            shutil.copy(k, src_dir / k.name)
        subprocess.run([sys.executable, "-m", "transpiler", str(src_dir), "--out", str(out), "--runtime-dir",
                        str(REPO / "runtime-crates"), "--quiet"], check=True, cwd=REPO)
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=out, check=True)
        target = Path(os.environ.get("CARGO_TARGET_DIR", out / "target")) / "release"
        print(f"{'kernel':<10} {'gcc -O2 (s)':>12} {'rust (s)':>10} {'ratio':>7} {'cpu ratio':>10}  same output")
        for src in kernels:
            exe = work / f"{src.stem}.gcc"
            subprocess.run(["gcc", "-O2", "-o", str(exe), str(src), "-lm"], check=True)
            args = QUICK_ARGS.get(src.stem, []) if quick else []
            tg, cg, og = best_of([str(exe), *args], runs)
            tr, cr, orr = best_of([str(target / src.stem), *args], runs)
            cpu = f"{cr / cg:.2f}" if cg > 0 else "-"
            print(f"{src.stem:<10} {tg:>12.3f} {tr:>10.3f} {tr / tg:>7.2f} {cpu:>10}  {'yes' if og == orr else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
