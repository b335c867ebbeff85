"""Transpile speed on a synthetic 40,000-line pure-Python project: cold, warm (no change) and one-file change.

    python3 benchmarks/transpile_speed.py [--lines 40000] [-j N] [--profile OUT.prof]

Cargo is not run. Prints lines/s for the cold run and seconds for the re-runs; asserts nothing. On a shared
machine wall time says little, so the CPU seconds of this process and its workers are printed too, with the
load average.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_project import generate  # noqa: E402

from transpiler import transpile_project  # noqa: E402
from transpiler.parallel import default_jobs  # noqa: E402


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its children that have exited."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _stop_workers() -> None:
    """Shut joblib's worker processes down, so that their CPU time is counted as children's."""
    try:
        from joblib.externals.loky import get_reusable_executor

        get_reusable_executor().shutdown(wait=True)
    except Exception:  # noqa: BLE001 - only for the accounting
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=40_000)
    ap.add_argument("-j", "--jobs", type=int, default=default_jobs())
    ap.add_argument("--profile", type=Path, default=None, help="write a cProfile of the cold run here")
    ns = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="transpile-bench-") as tmp:
        src, out = Path(tmp) / "synth_project", Path(tmp) / "out"
        lines = generate(src, ns.lines)
        # CPU time, not wall time: on a shared machine the wall clock charges other processes to whatever ran
        prof = cProfile.Profile(time.process_time) if ns.profile else None
        load = os.getloadavg()[0]
        cpu0 = _cpu()
        t0 = time.perf_counter()
        if prof is not None:
            prof.enable()
        cold = transpile_project(src, out, jobs=ns.jobs)
        if prof is not None:
            prof.disable()
            prof.dump_stats(str(ns.profile))
        t_cold = time.perf_counter() - t0
        _stop_workers()
        cpu_self, cpu_children = (a - b for a, b in zip(_cpu(), cpu0, strict=True))
        if not cold.ok:
            print(cold.diagnostics.render_all()[:4000])
            return 1
        gc.collect()  # each command-line run is a fresh process: leave the cold run's garbage out of the re-runs
        t0 = time.perf_counter()
        transpile_project(src, out, jobs=ns.jobs)
        t_warm = time.perf_counter() - t0
        leaf = src / "synth" / "main.py"
        leaf.write_text(leaf.read_text().replace("compute_0_0(5,", "compute_0_0(7,"))
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        one = transpile_project(src, out, jobs=ns.jobs)
        t_one, c_one = time.perf_counter() - t0, time.process_time() - c0
        phases = ", ".join(f"{k} {v:.2f}s" for k, v in cold.timings.items() if k != "total")
        print(f"project: {lines} lines of Python in {len(cold.sources)} files, -j {ns.jobs}")
        print(f"cold:     {t_cold:.2f} s wall = {lines / t_cold:,.0f} lines/s  ({phases})")
        print(f"          cpu {cpu_self:.2f} s here + {cpu_children:.2f} s in workers (load average {load:.1f}); "
              f"{lines / (cpu_self + cpu_children):,.0f} lines per CPU second")
        print(f"no-op:    {t_warm:.2f} s")
        print(f"one file: {t_one:.2f} s, cpu {c_one:.2f} s  (main.py changed; {len(one.inferred)} module(s) "
              f"re-inferred, {len(one.changed)} generated file(s) rewritten; load average {os.getloadavg()[0]:.1f})")
        print("          " + ", ".join(f"{k} {v:.2f}s" for k, v in one.timings.items() if k != "total"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
