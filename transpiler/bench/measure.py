"""Timing processes: wall clock and peak RSS of each run (from `os.wait4`), interleaved across the sides.

The method follows the seed's Appendix F: warm-up runs are discarded, then rounds run until at least
`min_iters` rounds or at least `min_time` seconds have been measured (slow workloads stop on time, after a
floor of a few rounds). Within each round every side (the original, Rust scalar, Rust SIMD, ...) runs once, in
an order that rotates from round to round, so load changes on the machine hit all sides alike.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# Why a launcher: Linux keeps the peak RSS of the address space a process had before exec() in ru_maxrss, and a
# child of this (large) Python process starts as a copy of it, so os.wait4 here would report at least Python's
# own RSS for every program. A tiny static C launcher forks and execs the program instead and reports the
# program's wall time and ru_maxrss (floor: the launcher's ~100 KB). Without gcc, os.wait4 here is the fallback.
LAUNCHER_C = r"""
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: rusage_exec RESULT_FILE PROGRAM [ARGS...]\n"); return 125; }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 125; }
    if (pid == 0) { execvp(argv[2], argv + 2); perror(argv[2]); _exit(127); }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) { perror("wait4"); return 125; }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    FILE *f = fopen(argv[1], "w");
    if (!f) { perror(argv[1]); return 125; }
    long long ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    fprintf(f, "%lld %ld %d\n", ns, ru.ru_maxrss, code);
    fclose(f);
    return code;
}
"""

_launcher: Path | None = None
_launcher_checked = False


def launcher() -> Path | None:
    """The compiled launcher (built once per user under the temp folder), or None without gcc."""
    global _launcher, _launcher_checked
    if _launcher_checked:
        return _launcher
    _launcher_checked = True
    if not shutil.which("gcc"):
        return None
    folder = Path(tempfile.gettempdir()) / f"transpile-bench-{os.getuid()}"
    folder.mkdir(parents=True, exist_ok=True)
    src, exe = folder / "rusage_exec.c", folder / "rusage_exec"
    if not exe.is_file() or not src.is_file() or src.read_text() != LAUNCHER_C:
        src.write_text(LAUNCHER_C)
        tmp = folder / f"rusage_exec.{os.getpid()}"
        for flags in (["-static"], []):
            proc = subprocess.run(["gcc", "-O2", *flags, "-o", str(tmp), str(src)], capture_output=True)
            if proc.returncode == 0:
                os.replace(tmp, exe)
                break
        else:
            return None
    _launcher = exe
    return exe


@dataclass
class Run:
    """One finished process."""

    wall_s: float
    max_rss_kb: int
    returncode: int
    stdout: bytes
    stderr: bytes
    timed_out: bool = False


@dataclass(frozen=True)
class Side:
    """One way to run a workload: a column of the report."""

    name: str
    argv: tuple[str, ...]
    cwd: Path
    env: tuple[tuple[str, str], ...] = ()
    stdin: Path | None = None  # a file fed to the program's standard input


@dataclass(frozen=True)
class MeasureConfig:
    warmup: int = 5
    min_iters: int = 100
    min_time: float = 10.0
    floor: int = 3  # rounds measured at the least, even for a very slow workload
    timeout: float = 600.0  # seconds per run


@dataclass
class Samples:
    """The measured runs of one side."""

    wall_s: list[float] = field(default_factory=list)
    max_rss_kb: list[int] = field(default_factory=list)


def run_once(argv: list[str] | tuple[str, ...], cwd: Path, env: dict[str, str] | None = None,
             timeout: float = 600.0, stdin: Path | None = None) -> Run:
    """Run `argv` to completion; stdout and stderr go to temporary files (no pipe can fill up)."""
    exe = launcher()
    with tempfile.NamedTemporaryFile(prefix="rusage-", suffix=".txt", delete=False) as res:
        res_path = Path(res.name)
    try:
        return _run(argv, cwd, env, timeout, exe, res_path, stdin)
    finally:
        res_path.unlink(missing_ok=True)


def _run(argv: list[str] | tuple[str, ...], cwd: Path, env: dict[str, str] | None, timeout: float,
         exe: Path | None, res_path: Path, stdin: Path | None) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            (open(stdin, "rb") if stdin is not None else open(os.devnull, "rb")) as inp:
        cmd = [str(exe), str(res_path), *argv] if exe is not None else list(argv)
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=inp, stdout=out, stderr=err,
                                start_new_session=True)
        killed = threading.Event()

        def kill() -> None:  # the launcher and the program: the whole session
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        out.seek(0)
        err.seek(0)
        maxrss = int(usage.ru_maxrss)  # kilobytes on Linux
        if exe is not None:
            fields = res_path.read_text().split() if res_path.is_file() else []
            if len(fields) == 3:  # the launcher's own measurement of the program
                wall, maxrss = int(fields[0]) / 1e9, int(fields[1])
        return Run(wall, maxrss, proc.returncode, out.read(), err.read(), killed.is_set())


def side_env(side: Side) -> dict[str, str] | None:
    return dict(os.environ, **dict(side.env)) if side.env else None


def describe_failure(side: Side, run: Run) -> str:
    if run.timed_out:
        return f"{side.name}: timed out"
    tail = run.stderr.decode(errors="replace").strip().splitlines()[-3:]
    return f"{side.name}: exit status {run.returncode}" + (f": {' / '.join(tail)}" if tail else "")


def first_difference(a: bytes, b: bytes) -> str:
    """The first differing line of two outputs, for a mismatch report."""
    la, lb = a.decode(errors="replace").splitlines(), b.decode(errors="replace").splitlines()
    for i in range(max(len(la), len(lb))):
        x = la[i] if i < len(la) else "<end of output>"
        y = lb[i] if i < len(lb) else "<end of output>"
        if x != y:
            return f"line {i + 1}: expected {x[:120]!r}, got {y[:120]!r}"
    return "outputs differ"


def measure_interleaved(sides: list[Side], cfg: MeasureConfig,
                        expected: bytes | None) -> tuple[dict[str, Samples], str | None]:
    """Time every side: warm-up rounds, then measured rounds until the iteration or time target is met.

    Each run's stdout must equal `expected` (when given); the first failure or mismatch stops the measurement
    and is returned as the second element.
    """
    samples = {s.name: Samples() for s in sides}
    envs = {s.name: side_env(s) for s in sides}

    def one(side: Side, record: bool) -> str | None:
        run = run_once(side.argv, side.cwd, envs[side.name], cfg.timeout, side.stdin)
        if run.returncode != 0 or run.timed_out:
            return describe_failure(side, run)
        if expected is not None and run.stdout != expected:
            return f"{side.name}: output differs from the original's ({first_difference(expected, run.stdout)})"
        if record:
            samples[side.name].wall_s.append(run.wall_s)
            samples[side.name].max_rss_kb.append(run.max_rss_kb)
        return None

    for r in range(cfg.warmup):
        for i in range(len(sides)):
            problem = one(sides[(i + r) % len(sides)], record=False)
            if problem:
                return samples, problem
    t0 = time.perf_counter()
    rounds = 0
    while True:
        for i in range(len(sides)):
            problem = one(sides[(i + rounds) % len(sides)], record=True)
            if problem:
                return samples, problem
        rounds += 1
        if rounds >= cfg.floor and (rounds >= cfg.min_iters or time.perf_counter() - t0 >= cfg.min_time):
            return samples, None
