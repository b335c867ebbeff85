"""Compute workloads with a GPU column, from prebuilt binaries, on a machine that has a GPU but no Rust toolchain.

    python3 benchmarks/gpu_columns.py BIN_DIR [--min-time S] [--only NAME]

`transpile bench` builds the GPU column itself when `nvidia-smi` works where it runs. This script is for a GPU
machine without cargo: BIN_DIR holds `scalar/<stem>` (the default release build) and `gpu/<stem>` (built with
`cargo build --release --features pyarray/cuda`, which loads CUDA at run time and needs no CUDA to build).
For each compute workload of examples/*/bench.toml it checks that both binaries print the original's output
(python3, when numpy imports) and measures them with `transpile bench`'s method, then prints the compute table
and the hardware table in the report's format. SIMD builds are not portable between CPUs, so that column is N/A.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transpiler.bench.measure import MeasureConfig, Side, first_difference, measure_interleaved, run_once  # noqa: E402
from transpiler.bench.report import compute_table, hardware_info  # noqa: E402
from transpiler.bench.results import SideResult, WorkloadResult  # noqa: E402
from transpiler.bench.stats import summarize  # noqa: E402
from transpiler.bench.workloads import find_bench_files, load_bench_file  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bins", type=Path)
    ap.add_argument("--min-time", type=float, default=10.0)
    ap.add_argument("--min-iters", type=int, default=100)
    ap.add_argument("--only", default=None)
    ns = ap.parse_args()
    ns.bins = ns.bins.resolve()  # the programs run in a scratch folder
    have_numpy = subprocess.run([sys.executable, "-c", "import numpy"], capture_output=True).returncode == 0
    cfg = MeasureConfig(warmup=5, min_iters=ns.min_iters, min_time=ns.min_time, floor=3)
    results: list[WorkloadResult] = []
    work = Path("/tmp/gpu-columns")
    work.mkdir(exist_ok=True)
    for f in find_bench_files(ROOT / "examples"):
        for w in load_bench_file(f):
            if w.table != "compute" or (ns.only and ns.only.lower() not in w.name.lower()):
                continue
            res = WorkloadResult(w.key, w.name, w.table, w.example.name, "python3", w.notes)
            res.sides["simd"] = SideResult(note="N/A (not portable)")
            sides = [Side("original", (sys.executable, str(w.example / w.entry), *w.args), work)] if have_numpy \
                else []
            for v in ("scalar", "gpu"):
                exe = ns.bins / v / w.stem
                if exe.is_file():
                    sides.append(Side(v, (str(exe), *w.args), work))
            ref = run_once(sides[0].argv, work)
            kept = [sides[0]]
            for s in sides[1:]:
                out = run_once(s.argv, work)
                if out.returncode == 0 and out.stdout == ref.stdout:
                    kept.append(s)
                else:
                    why = (f"exit status {out.returncode}: {out.stderr.decode(errors='replace')[-200:]}"
                           if out.returncode else first_difference(ref.stdout, out.stdout))
                    res.sides[s.name] = SideResult(note=f"mismatch: {why}")
            samples, problem = measure_interleaved(kept, cfg, ref.stdout)
            if problem:
                res.status, res.detail = "error", problem
            for s in kept:
                if samples[s.name].wall_s:
                    res.sides[s.name] = SideResult(summarize(samples[s.name].wall_s),
                                                   summarize([float(x) for x in samples[s.name].max_rss_kb]))
                    print(f"{w.name}: {s.name} n={len(samples[s.name].wall_s)} "
                          f"median={res.sides[s.name].wall.median * 1000:.2f} ms", file=sys.stderr, flush=True)
            if not have_numpy:
                res.detail = "python3 has no numpy here: the scalar build is the reference"
            results.append(res)
    print("\n".join(compute_table(results)))
    print()
    print("| Component | Specification |\n|-----------|---------------|")
    for k, v in hardware_info().items():
        print(f"| {k} | {v} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
