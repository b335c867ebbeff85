"""numpy workloads beside their transpiled Rust binaries, in one run; prints times and ratios.

    python3 benchmarks/numpy_bench.py [--quick] [--no-native] [--no-static] [--target-dir DIR]

Transpiles examples/np_{matmul,fft,kmeans,forest} into one workspace, builds it with
`-C target-cpu=native` and `-C target-feature=+crt-static` (benchmark-only flags: the binaries use this
CPU's vector units, and are linked statically, as one deploys a command-line tool, so a run does not pay
the ~0.3 ms of loading libc and libgcc_s, a tenth of the k-means run), then times whole-program runs of
`python3 prog.py ARGS`
and `target/release/prog ARGS` (best of N), after checking that both print the same output. matmul and
FFT repeat their kernel (argv `reps`) so interpreter start-up is small beside it; the start-up of
`python3 -c "import numpy"` is printed too. It prints, never asserts, times.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = {"matmul": "np_matmul", "fft": "np_fft", "kmeans": "np_kmeans", "forest": "np_forest"}


def best_time(cmd: list[str], runs: int) -> tuple[float, float, str]:
    """Best wall-clock seconds, best CPU seconds (user+sys of the child) and the stdout of the last run."""
    best_wall = best_cpu = float("inf")
    out = ""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        best_wall = min(best_wall, time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        out = proc.stdout
    return best_wall, best_cpu, out


def build(target: Path, native: bool, static: bool) -> Path:
    src = Path(tempfile.mkdtemp(prefix="np-bench-")) / "numpy_bench"
    src.mkdir()
    for stem, folder in PROGRAMS.items():
        shutil.copy(ROOT / "examples" / folder / f"{stem}.py", src / f"{stem}.py")
    ws = Path(tempfile.mkdtemp(prefix="np-bench-ws-")) / "ws"
    subprocess.run([sys.executable, "-m", "transpiler", str(src), "--out", str(ws), "--runtime-dir",
                    str(ROOT / "runtime-crates"), "--quiet"], cwd=ROOT, check=True)
    env = dict(os.environ, CARGO_TARGET_DIR=str(target))
    flags = (" -C target-cpu=native" if native else "") + (" -C target-feature=+crt-static" if static else "")
    env["RUSTFLAGS"] = (env.get("RUSTFLAGS", "") + flags).strip()
    cmd = ["cargo", "build", "--release", "--quiet"]
    if static:
        # an explicit --target keeps RUSTFLAGS off the build's own proc-macros (crt-static cannot build those)
        host = next(line.split()[1] for line in subprocess.run(["rustc", "-vV"], capture_output=True, text=True,
                                                               check=True).stdout.splitlines()
                    if line.startswith("host:"))
        cmd += ["--target", host]
        subprocess.run(cmd, cwd=ws, env=env, check=True)
        return target / host / "release"
    subprocess.run(cmd, cwd=ws, env=env, check=True)
    return target / "release"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs")
    ap.add_argument("--no-native", action="store_true", help="build without -C target-cpu=native")
    ap.add_argument("--no-static", action="store_true", help="link the binaries dynamically (libc, libgcc_s)")
    ap.add_argument("--target-dir", default=str(ROOT / "target" / "numpy-bench"))
    ap.add_argument("--runs", type=int, default=3)
    opts = ap.parse_args()
    runs = 1 if opts.quick else opts.runs
    bindir = build(Path(opts.target_dir), not opts.no_native, not opts.no_static)
    py = sys.executable
    ex = ROOT / "examples"
    work = {
        "matmul": ["1024", "10"] if not opts.quick else ["512", "4"],
        "fft": [str(1 << 20), "20"] if not opts.quick else [str(1 << 18), "10"],
        "kmeans": ["10000", "10", "20"],
        "forest": ["1000", "100", "8"],
    }
    startup, startup_cpu, _ = best_time([py, "-c", "import numpy"], runs)
    print(f"python3 + import numpy start-up: {startup:.3f}s wall, {startup_cpu:.3f}s CPU (included in the numpy "
          "times below)")
    print("wall = best elapsed time; cpu = best user+sys time of the process (steadier on a shared machine)")
    print(f"{'workload':<8} {'args':<16} {'numpy wall':>10} {'rust wall':>9} {'ratio':>7} {'numpy cpu':>9} "
          f"{'rust cpu':>8} {'ratio':>7}  bar (judged on wall)")
    bars = {"matmul": ("rust >= 0.9x numpy's speed", 0.9), "fft": ("rust time <= 1.2x numpy's", 1 / 1.2),
            "kmeans": ("rust >= 3x numpy", 3.0), "forest": ("(no bar)", 0.0)}

    def row(name: str, args: str, a: tuple[float, float, str], b: tuple[float, float, str], text: str,
            need: float) -> None:
        speed = a[0] / b[0]
        verdict = "" if need == 0.0 else ("meets" if speed >= need else "misses")
        same = "same output" if a[2] == b[2] else "OUTPUT DIFFERS"
        print(f"{name:<8} {args:<16} {a[0]:10.3f} {b[0]:9.3f} {speed:6.2f}x {a[1]:9.3f} {b[1]:8.3f} "
              f"{a[1] / max(b[1], 1e-3):6.2f}x  {text} {verdict} ({same})")

    for stem, args in work.items():
        r_np = best_time([py, str(ex / PROGRAMS[stem] / f"{stem}.py"), *args], runs)
        r_rs = best_time([str(bindir / stem), *args], runs)
        row(stem, " ".join(args), r_np, r_rs, *bars[stem])
    kargs = work["kmeans"]
    r_pure = best_time([py, str(ROOT / "benchmarks" / "numpy_kmeans_pure.py"), *kargs], runs)
    r_rs = best_time([str(bindir / "kmeans"), *kargs], runs)
    row("kmeans", "pure CPython", r_pure, r_rs, "rust >= 100x pure CPython", 100.0)
    print("(pure CPython: the whole k-means program without numpy, the same generator, iterations and printed "
          "lines; see benchmarks/numpy_kmeans_pure.py)")


if __name__ == "__main__":
    main()
