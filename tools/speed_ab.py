#!/usr/bin/env python3
"""Transpile speed of another revision and of this checkout, side by side, on one generated project.

On a shared machine wall time depends on the load, so the two are run back to back and CPU seconds (this
process and its children: workers, rustfmt) are printed with the load average. For each: a cold run (no
cache) and a one-file change (`main.py`'s body; the incremental cache of the cold run).

    python3 tools/speed_ab.py [--base REV] [--lines 40000] [-j 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from diff_outputs import _layout  # noqa: E402

# run in a fresh interpreter with PYTHONPATH choosing the revision: PROJECT LINES JOBS
DRIVER = r'''
import gc, os, resource, shutil, sys, tempfile, time
from pathlib import Path
from transpiler import transpile_project

def cpu():
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime

project, lines, jobs = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
with tempfile.TemporaryDirectory(prefix="speed-ab-") as tmp:
    src, out = Path(tmp) / "project", Path(tmp) / "out"
    shutil.copytree(project, src)
    load, c0, t0 = os.getloadavg()[0], cpu(), time.perf_counter()
    cold = transpile_project(src, out, jobs=jobs)
    t = time.perf_counter() - t0
    try:
        from joblib.externals.loky import get_reusable_executor
        get_reusable_executor().shutdown(wait=True)  # so that loky workers' CPU counts as children's
    except Exception:
        pass
    c = cpu() - c0
    print(f"  cold:     {t:6.2f} s wall = {lines / t:7,.0f} lines/s; cpu {c:6.2f} s = {lines / c:7,.0f} lines/cpu-s "
          f"(load {load:.1f}, ok={cold.ok})")
    main = src / "synth" / "main.py"
    main.write_text(main.read_text().replace("compute_0_0(5,", "compute_0_0(7,"))
    gc.collect()
    load, c0, t0 = os.getloadavg()[0], cpu(), time.perf_counter()
    one = transpile_project(src, out, jobs=jobs)
    print(f"  one file: {time.perf_counter() - t0:6.2f} s wall; cpu {cpu() - c0:6.2f} s "
          f"(load {load:.1f}, ok={one.ok})")
'''


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default=None, help="the revision to compare with (default: merge-base with main)")
    ap.add_argument("--lines", type=int, default=40_000)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ns = ap.parse_args()
    base = ns.base or subprocess.run(["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], check=True,
                                     capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="speed-ab-") as tmp_name:
        tmp = Path(tmp_name)
        project = tmp / "project"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_project.py"), str(project), "--lines",
                        str(ns.lines)], check=True, capture_output=True)
        lines = sum(f.read_text().count("\n") for f in project.rglob("*.py"))
        print(f"project: {lines} lines of Python, -j {ns.jobs}")
        for label, path in ((f"base {base[:12]}", _layout(base, tmp / "base")), ("this checkout", ROOT)):
            print(label)
            env = dict(os.environ, PYTHONPATH=str(path))
            subprocess.run([sys.executable, "-c", DRIVER, str(project), str(lines), str(ns.jobs)], env=env,
                           cwd=tmp, check=False)
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
