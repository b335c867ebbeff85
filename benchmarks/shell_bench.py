"""Side-by-side timing of benchmarks/shell_*.sh under bash and as transpiled binaries; prints ratios only.

    python benchmarks/shell_bench.py [N] [--runs R]

Each script takes the size N as $1. Runs alternate bash and the binary (so load on the machine hits both alike)
and the median of R runs is compared. Scripts named shell_external*.sh are bound by external commands (the bar
there is "no slower than bash"); the others loop, do arithmetic and work on strings (the bar is 10x).
Asserts nothing: a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _time(argv: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return time.perf_counter() - t0, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", nargs="?", default="200000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated script stems, e.g. shell_loop,shell_funcs")
    opts = ap.parse_args()
    only = {s for s in opts.only.split(",") if s}
    compute: list[float] = []
    external: list[float] = []
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ws"
        target = os.environ.get("CARGO_TARGET_DIR", str(Path(tmp) / "target"))
        for script in sorted(HERE.glob("shell_*.sh")):
            if only and script.stem not in only:
                continue
            subprocess.run([sys.executable, "-m", "transpiler", str(script), "--out", str(out / script.stem),
                            "--runtime-dir", str(REPO / "runtime-crates"), "--quiet"], check=True, cwd=REPO)
            subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=out / script.stem, check=True,
                           env=dict(os.environ, CARGO_TARGET_DIR=target))
            binary = str(Path(target) / "release" / script.stem)
            tb: list[float] = []
            tr: list[float] = []
            same = True
            for _ in range(opts.runs):
                b, ob = _time(["bash", str(script), opts.n])
                r, orr = _time([binary, opts.n])
                tb.append(b)
                tr.append(r)
                same = same and ob == orr
            mb, mr = statistics.median(tb), statistics.median(tr)
            ratio = mb / mr
            kind = "external-bound" if script.stem.startswith("shell_external") else "compute"
            (external if kind == "external-bound" else compute).append(ratio)
            verdict = "same output" if same else "DIFFERENT OUTPUT"
            failed = failed or not same
            print(f"{script.name:<20} {kind:<15} bash {mb:7.3f}s  rust {mr:7.3f}s  {ratio:6.1f}x faster ({verdict})")
    if compute:
        print(f"compute scripts: median {statistics.median(compute):.1f}x faster than bash (bar: 10x)")
    if external:
        print(f"external-bound scripts: median {statistics.median(external):.2f}x bash's speed (bar: 1.0x)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
