#!/usr/bin/env python3
"""Side-by-side benchmark: CPython against the transpiled Rust binary.

For each program in benchmarks/python/ this script

1. transpiles it (``python -m transpiler FILE --out OUT/NAME --runtime-dir runtime-crates --quiet``),
2. builds it with ``cargo build --release``,
3. runs CPython and the binary on the same argv: one warm-up run of each, then
   ``--runs`` timed runs of each, interleaved (python, rust, python, rust, ...),
4. checks that stdout and the exit status are identical (a mismatch is reported
   loudly and not timed),

then prints a table (program, CPython s, Rust s, speedup, and the same three for
CPU time: user + system seconds of the child process, from its resource usage) and
the median wall-clock and CPU-time speedups over the programs that pass. Times are
medians of the timed runs. CPU time is disturbed less than wall-clock time by other
processes competing for the cores of a loaded machine. The
script reports; it never asserts a time. Exit status: 0 when every selected
program passed, 1 otherwise.

Usage:
    python benchmarks/python_bench.py [--quick] [--only NAME[,NAME...]] [--runs N] [--native]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAM_DIR = ROOT / "benchmarks" / "python"
RUNTIME_DIR = ROOT / "runtime-crates"

# name -> (argv for the full run, argv for --quick). Full sizes are chosen so that
# CPython takes roughly 1-3 s on one core of a modern machine.
PROGRAMS: dict[str, tuple[list[str], list[str]]] = {
    "nbody": (["200000"], ["2000"]),
    "spectral_norm": (["300"], ["50"]),
    "fannkuch": (["9"], ["7"]),
    "nqueens": (["11"], ["7"]),
    "richards": (["25"], ["1"]),
    "raytracer": (["140"], ["24"]),
    "constraint_solver": (["400"], ["20"]),
    "json_tokenizer": (["10000"], ["300"]),
    "wordcount": (["200000"], ["5000"]),
}

OK = "ok"
REFUSED = "refused"
CRASH = "transpiler crash"
COMPILE_ERROR = "compile error"
MISMATCH = "mismatch"
RUN_ERROR = "run error"
TIMEOUT = "timeout"


@dataclass
class Result:
    name: str
    status: str = OK
    py_times: list[float] = field(default_factory=list)
    rs_times: list[float] = field(default_factory=list)
    py_cpu: list[float] = field(default_factory=list)
    rs_cpu: list[float] = field(default_factory=list)
    detail: str = ""

    @property
    def py_s(self) -> float | None:
        return statistics.median(self.py_times) if self.py_times else None

    @property
    def rs_s(self) -> float | None:
        return statistics.median(self.rs_times) if self.rs_times else None

    @property
    def speedup(self) -> float | None:
        py, rs = self.py_s, self.rs_s
        if py is None or rs is None or rs <= 0:
            return None
        return py / rs

    @property
    def py_cpu_s(self) -> float | None:
        return statistics.median(self.py_cpu) if self.py_cpu else None

    @property
    def rs_cpu_s(self) -> float | None:
        return statistics.median(self.rs_cpu) if self.rs_cpu else None

    @property
    def cpu_speedup(self) -> float | None:
        py, rs = self.py_cpu_s, self.rs_cpu_s
        if py is None or rs is None or rs <= 0:
            return None
        return py / rs

    def clear(self) -> None:
        for times in (self.py_times, self.rs_times, self.py_cpu, self.rs_cpu):
            times.clear()


def first_lines(text: str, n: int) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return "\n".join(lines[:n])


def rust_errors(stderr: str, n: int = 40) -> str:
    """The first rustc error blocks of a cargo build log (warnings skipped)."""
    lines = stderr.splitlines()
    out: list[str] = []
    taking = False
    for ln in lines:
        if ln.startswith("error"):
            taking = True
        elif ln.startswith("warning") or ln.startswith("   Compiling"):
            taking = False
        if taking:
            out.append(ln)
        if len(out) >= n:
            break
    return "\n".join(out) if out else first_lines(stderr, n)


def children_cpu() -> float:
    """User + system CPU seconds of all waited-for child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(argv: list[str], timeout: float) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall-clock seconds, CPU seconds (user + system) and the result of one run of argv.

    The CPU time is the growth of RUSAGE_CHILDREN across the run: subprocess.run waits for
    (reaps) exactly this one child, and the script starts nothing else meanwhile."""
    cpu0 = children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    return wall, children_cpu() - cpu0, proc


def transpile(name: str, src: Path, out_root: Path, log: Callable[[str], None]) -> tuple[str, str]:
    out = out_root / name
    cmd = [sys.executable, "-m", "transpiler", str(src), "--out", str(out),
           "--runtime-dir", str(RUNTIME_DIR), "--quiet"]
    log(f"  transpile: {' '.join(cmd)}")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600)
    except subprocess.TimeoutExpired:
        return CRASH, "transpiler timed out after 600 s"
    if proc.returncode == 0:
        return OK, ""
    text = proc.stderr + proc.stdout
    if "Traceback (most recent call last)" in text:
        return CRASH, text.strip()[-3000:]
    return REFUSED, first_lines(text, 30)


def build(name: str, out_root: Path, target_dir: Path, native: bool, log: Callable[[str], None]) -> tuple[str, str]:
    env = dict(os.environ)
    env["CARGO_TARGET_DIR"] = str(target_dir)
    if native:
        env["RUSTFLAGS"] = (env.get("RUSTFLAGS", "") + " -C target-cpu=native").strip()
    cmd = ["cargo", "build", "--release", "--quiet"]
    log(f"  build: (cd {out_root / name} && {' '.join(cmd)})")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=out_root / name,
                              env=env, timeout=1200)
    except subprocess.TimeoutExpired:
        return COMPILE_ERROR, "cargo build timed out after 1200 s"
    if proc.returncode != 0:
        return COMPILE_ERROR, rust_errors(proc.stderr)
    return OK, ""


def compare(py: subprocess.CompletedProcess[str], rs: subprocess.CompletedProcess[str]) -> str:
    """An empty string when the runs agree, else a description of the difference."""
    problems: list[str] = []
    if py.returncode != rs.returncode:
        problems.append(f"exit status: python {py.returncode}, rust {rs.returncode}")
    if py.stdout != rs.stdout:
        pl, rl = py.stdout.splitlines(), rs.stdout.splitlines()
        for i in range(max(len(pl), len(rl))):
            a = pl[i] if i < len(pl) else "<missing>"
            b = rl[i] if i < len(rl) else "<missing>"
            if a != b:
                problems.append(f"stdout line {i + 1}: python {a!r}, rust {b!r}")
                break
        else:
            problems.append("stdout differs (trailing newline / whitespace)")
    if problems and rs.stderr.strip():
        problems.append("rust stderr: " + first_lines(rs.stderr, 5))
    return "\n".join(problems)


def bench(name: str, args: argparse.Namespace, out_root: Path, target_dir: Path,
          log: Callable[[str], None]) -> Result:
    res = Result(name)
    src = args.dir / f"{name}.py"
    status, detail = transpile(name, src, out_root, log)
    if status != OK:
        res.status, res.detail = status, detail
        return res
    status, detail = build(name, out_root, target_dir, args.native, log)
    if status != OK:
        res.status, res.detail = status, detail
        return res
    binary = target_dir / "release" / name
    if not binary.exists():
        res.status, res.detail = COMPILE_ERROR, f"binary not found at {binary}"
        return res

    full, quick = PROGRAMS[name]
    prog_args = quick if args.quick else full
    py_cmd = [sys.executable, str(src), *prog_args]
    rs_cmd = [str(binary), *prog_args]
    runs = 1 if args.quick and args.runs is None else (args.runs or 5)
    log(f"  run: {' '.join(prog_args)}  (warm-up 1, timed {runs} each, interleaved)")
    try:
        # warm-up (also the correctness check)
        _, _, py = timed_run(py_cmd, args.timeout)
        _, _, rs = timed_run(rs_cmd, args.timeout)
    except subprocess.TimeoutExpired as exc:
        res.status, res.detail = TIMEOUT, f"{exc.cmd[0]} ran past {args.timeout} s"
        return res
    diff = compare(py, rs)
    if diff:
        res.status, res.detail = MISMATCH, diff
        return res
    if py.returncode != 0:
        res.status = RUN_ERROR
        res.detail = f"both exit {py.returncode}: {first_lines(py.stderr, 3)}"
        return res
    try:
        for _ in range(runs):
            t, c, py = timed_run(py_cmd, args.timeout)
            res.py_times.append(t)
            res.py_cpu.append(c)
            t, c, rs = timed_run(rs_cmd, args.timeout)
            res.rs_times.append(t)
            res.rs_cpu.append(c)
            diff = compare(py, rs)
            if diff:
                res.status, res.detail = MISMATCH, "(in a timed run) " + diff
                res.clear()
                return res
    except subprocess.TimeoutExpired as exc:
        res.status, res.detail = TIMEOUT, f"{exc.cmd[0]} ran past {args.timeout} s"
        res.clear()
    return res


def fmt_s(x: float | None) -> str:
    return f"{x:.3f}" if x is not None else "-"


def fmt_x(x: float | None) -> str:
    return f"{x:.1f}x" if x is not None else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, 1 timed run (a smoke test)")
    ap.add_argument("--only", action="append", default=[],
                    help="run only these programs (repeat or comma-separate)")
    ap.add_argument("--runs", type=int, default=None, help="timed runs of each side (default 5; 1 with --quick)")
    ap.add_argument("--native", action="store_true", help='build with RUSTFLAGS="-C target-cpu=native"')
    ap.add_argument("--dir", type=Path, default=PROGRAM_DIR,
                    help="folder holding the programs (default benchmarks/python); names missing there are skipped")
    ap.add_argument("--out", default="/tmp/bench-out", help="folder for the generated workspaces")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds allowed for one run")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the commands as they run")
    args = ap.parse_args()

    names = list(PROGRAMS)
    if args.only:
        wanted = [n.strip() for item in args.only for n in item.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in PROGRAMS]
        if unknown:
            ap.error(f"unknown program(s): {', '.join(unknown)}; choose from {', '.join(PROGRAMS)}")
        names = [n for n in names if n in wanted]
    args.dir = args.dir.resolve()
    names = [n for n in names if (args.dir / f"{n}.py").exists()]
    if not names:
        ap.error(f"no benchmark programs found in {args.dir}")

    if shutil.which("cargo") is None:
        print("error: cargo not found on PATH", file=sys.stderr)
        return 2
    out_root = Path(args.out)
    out_root.mkdir(parents=True, exist_ok=True)
    target_dir = Path(os.environ.get("CARGO_TARGET_DIR") or out_root / "target")

    def log(msg: str) -> None:
        if args.verbose:
            print(msg, flush=True)

    results: list[Result] = []
    for name in names:
        print(f"[{name}]", flush=True)
        res = bench(name, args, out_root, target_dir, log)
        results.append(res)
        if res.status == OK:
            print(f"  wall: python {fmt_s(res.py_s)} s, rust {fmt_s(res.rs_s)} s, speedup {fmt_x(res.speedup)}; "
                  f"cpu: python {fmt_s(res.py_cpu_s)} s, rust {fmt_s(res.rs_cpu_s)} s, "
                  f"speedup {fmt_x(res.cpu_speedup)}", flush=True)
        else:
            print(f"  {res.status.upper()}", flush=True)

    print()
    width = max(len(r.name) for r in results) if results else 8
    header = (f"{'program':<{width}}  {'CPython s':>10}  {'Rust s':>10}  {'speedup':>9}  "
              f"{'CPython cpu':>11}  {'Rust cpu':>10}  {'cpu speedup':>11}  status")
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r.name:<{width}}  {fmt_s(r.py_s):>10}  {fmt_s(r.rs_s):>10}  {fmt_x(r.speedup):>9}  "
              f"{fmt_s(r.py_cpu_s):>11}  {fmt_s(r.rs_cpu_s):>10}  {fmt_x(r.cpu_speedup):>11}  {r.status}")
    print("-" * len(header))
    passing = [r for r in results if r.status == OK and r.speedup is not None and r.cpu_speedup is not None]
    if passing:
        wall = statistics.median(r.speedup for r in passing if r.speedup is not None)
        cpu = statistics.median(r.cpu_speedup for r in passing if r.cpu_speedup is not None)
        print(f"median speedup over {len(passing)} passing program(s) of {len(results)}: "
              f"wall clock {wall:.1f}x, cpu time {cpu:.1f}x")
    else:
        print(f"median speedup: n/a (0 of {len(results)} programs pass)")
    mode = "quick" if args.quick else "full"
    print(f"({mode} sizes; times are medians of the timed runs, one process at a time; wall clock = process start"
          f" to exit, cpu = the child's user + system time"
          f"{'; target-cpu=native' if args.native else ''})")

    failures = [r for r in results if r.status != OK]
    if failures:
        print()
        print("=" * 72)
        print(f"FAILURES: {len(failures)} of {len(results)}")
        print("=" * 72)
        for r in failures:
            print(f"\n### {r.name}: {r.status.upper()}")
            print(r.detail)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
