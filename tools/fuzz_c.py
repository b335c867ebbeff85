"""Differential fuzzing of the C frontend with csmith (issue 9).

    python tools/fuzz_c.py --count 50 --seed 1000

Each seed gives one small csmith program (options below keep it small and inside the C we translate). It is
built by `gcc -O2` and transpiled; what is accepted is built as one crate. Each program prints csmith's
checksum of its globals: the gcc build and ours must print the same, or the transpiler must refuse the program
with a `file:line:col: error:` diagnostic. Counts: tried, refused, identical, mismatched, crashed (a traceback,
a refusal without a diagnostic, Rust that does not build, a panic), skipped (the gcc build timed out).

csmith is the Debian package `csmith`; its runtime headers (csmith.h, safe_math.h, ...) come with
`libcsmith-dev` under /usr/include/csmith and are copied beside the programs (our C frontend reads its own libc
headers, and `#include "csmith.h"` is found beside the source).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_report import Outcome, Report, finish, run_batches  # noqa: E402

KINDS = ('refused', 'identical', 'mismatched', 'crashed', 'skipped')

REPO_ROOT = Path(__file__).resolve().parent.parent
CSMITH_INCLUDE = Path("/usr/include/csmith")
CSMITH_OPTIONS = [
    "--max-funcs", "2", "--max-block-depth", "2", "--max-expr-complexity", "3", "--max-array-dim", "2",
    "--max-array-len-per-dim", "4", "--max-struct-fields", "4", "--max-union-fields", "3",
    "--no-volatiles", "--no-volatile-pointers", "--no-packed-struct", "--no-bitfields", "--quiet", "--concise",
]
RUN_TIMEOUT = 5
TRANSPILE_TIMEOUT = 300
DIAGNOSTIC = re.compile(r"^.+:\d+:\d+: error: ", re.M)


def available() -> bool:
    """Whether csmith, its headers, gcc and cargo are all installed."""
    return (shutil.which("csmith") is not None and (CSMITH_INCLUDE / "csmith.h").is_file()
            and shutil.which("gcc") is not None and shutil.which("cargo") is not None)


def csmith_program(seed: int) -> str:
    """The csmith program for `seed` (the same text on every run with the same csmith)."""
    with tempfile.TemporaryDirectory() as tmp:  # csmith writes platform.info into its working folder
        proc = subprocess.run(["csmith", "--seed", str(seed), *CSMITH_OPTIONS], capture_output=True, text=True,
                              check=True, timeout=60, cwd=tmp)
    return proc.stdout


def _with_headers(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for h in CSMITH_INCLUDE.glob("*.h"):
        shutil.copy(h, folder / h.name)


def _run(cmd: list[str], cwd: Path) -> tuple[int | None, str]:
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=RUN_TIMEOUT, cwd=cwd, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, ""
    return p.returncode, p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")


def _transpile(src: Path, out: Path, runtime_dir: Path) -> tuple[str, str]:
    """("ok" | "refused" | "crashed", detail) for transpiling the folder `src` into `out`."""
    try:
        p = subprocess.run([sys.executable, "-m", "transpiler", str(src), "--out", str(out), "--runtime-dir",
                            str(runtime_dir), "--quiet"], capture_output=True, text=True, cwd=REPO_ROOT,
                           timeout=TRANSPILE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "crashed", f"transpile took longer than {TRANSPILE_TIMEOUT}s"
    text = p.stdout + p.stderr
    if p.returncode == 0:
        return "ok", ""
    if p.returncode == 1 and DIAGNOSTIC.search(text) and "internal error" not in text:
        return "refused", text[:600]
    return "crashed", f"transpile exited {p.returncode}:\n{text[-3000:]}"


def run_batch(seeds: list[int], work: Path, target_dir: Path,
              runtime_dir: Path = REPO_ROOT / "runtime-crates", log: bool = False) -> Report:
    """Generate, build with gcc, transpile, build the accepted ones as one crate, run and compare."""
    report = Report(KINDS)
    expected: dict[str, str] = {}
    for seed in seeds:
        name = f"cs{seed}"
        single = work / "single" / name
        _with_headers(single)
        src = single / f"{name}.c"
        src.write_text(csmith_program(seed))
        exe = single / "gcc.out"
        gcc = subprocess.run(["gcc", "-O2", "-w", "-I", str(single), "-o", str(exe), str(src)],
                             capture_output=True, text=True)
        if gcc.returncode != 0:
            report.outcomes.append(Outcome(name, "", "skipped", "gcc does not build it:\n" + gcc.stderr[-1000:]))
            continue
        code, out = _run([str(exe)], single)
        if code is None:
            report.outcomes.append(Outcome(name, "", "skipped", "the gcc build timed out"))
            continue
        kind, detail = _transpile(single, single / "out", runtime_dir)
        if log:
            print(f"  {name}: {kind}", file=sys.stderr)
        if kind != "ok":
            report.outcomes.append(Outcome(name, kind, detail))
            continue
        expected[name] = f"{out}exit {code}\n"
    if not expected:
        return report
    batch = work / "batch"
    _with_headers(batch)
    for name in expected:
        shutil.copy(work / "single" / name / f"{name}.c", batch / f"{name}.c")
    out_dir = work / "out"
    kind, detail = _transpile(batch, out_dir, runtime_dir)
    if kind != "ok":
        report.outcomes += [Outcome(n, "", "crashed", "accepted alone, not in a batch:\n" + detail) for n in expected]
        return report
    env = dict(os.environ, CARGO_TARGET_DIR=str(target_dir))
    build = subprocess.run(["cargo", "build", "--release", "--message-format", "short"], cwd=out_dir, env=env,
                           capture_output=True, text=True, timeout=3600)
    if build.returncode != 0:
        report.outcomes += [Outcome(n, "", "crashed", "generated Rust does not build:\n" + build.stderr[-3000:])
                            for n in expected]
        return report
    for name, want in expected.items():
        code, out = _run([str(target_dir / "release" / name)], work)
        got = "timed out\n" if code is None else f"{out}exit {code}\n"
        if "panicked" in got:
            report.outcomes.append(Outcome(name, "", "crashed", "Rust panic:\n" + got[-2000:]))
        elif got == want:
            report.outcomes.append(Outcome(name, "", "identical"))
        else:
            report.outcomes.append(Outcome(name, "", "mismatched", f"gcc:  {want[-600:]}ours: {got[-600:]}"))
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=50, help="programs to generate")
    ap.add_argument("--seed", type=int, default=1, help="the first csmith seed (then seed+1, ...)")
    ap.add_argument("--batch", type=int, default=25, help="programs per crate")
    ap.add_argument("--work", type=Path, default=None, help="keep the work here (default: a temp folder)")
    ap.add_argument("--target-dir", type=Path, default=None, help="CARGO_TARGET_DIR (default: $CARGO_TARGET_DIR)")
    ap.add_argument("-v", "--verbose", action="store_true")
    ns = ap.parse_args(argv)
    if not available():
        print("fuzz_c: needs csmith and libcsmith-dev (apt-get install csmith libcsmith-dev), gcc and cargo",
              file=sys.stderr)
        return 2
    start = time.monotonic()
    work = ns.work or Path(tempfile.mkdtemp(prefix="fuzz-c-"))
    target = ns.target_dir or Path(os.environ.get("CARGO_TARGET_DIR", work / "target"))
    seeds = list(range(ns.seed, ns.seed + ns.count))
    total = run_batches(seeds, ns.batch, work, KINDS,
                        lambda batch, folder: run_batch(list(batch), folder, target, log=ns.verbose))
    return finish(total, start, work, ns.work is not None,
                  lambda o: f"{o.name} (csmith --seed {o.name[2:]} {' '.join(CSMITH_OPTIONS)})")

if __name__ == "__main__":
    sys.exit(main())
