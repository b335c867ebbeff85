"""The `transpile` command line.

Contract (kept stable; users' scripts and our measurements call it):

    transpile PATH --out DIR [-j N] [--build] [--quiet] [--runtime-dir DIR] [--check] [--json] [--no-cache]
    transpile conformance CORPUS_DIR [-j N] [--timeout S] [--work DIR]
    transpile bench PATH [--report DIR] [--smoke] [--baseline NAME] [--save-baseline NAME] [--only PATTERN]
                    [-j N] [--min-iters N] [--min-time S] [--json]

PATH is one source file or a folder. DIR receives a Cargo workspace. Exit 0 when every file transpiled;
otherwise 1, with one `path:line:col: error: message` diagnostic per problem on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from transpiler import __version__
from transpiler.parallel import default_jobs


def _main_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="transpile",
        description="Transpile Python, C and shell sources into a Cargo workspace.",
        epilog="Also: `transpile conformance CORPUS_DIR` scores a corpus of cases; `transpile bench PATH` measures "
               "examples' bench.toml workloads against their transpiled Rust.",
    )
    p.add_argument("path", type=Path, help="a source file or a folder of sources")
    p.add_argument("--out", "-o", type=Path, required=True, help="output folder for the Cargo workspace")
    p.add_argument("-j", "--jobs", type=int, default=default_jobs(), help="parallel jobs (default: the cores)")
    p.add_argument("--build", action="store_true", help="run `cargo build --release` on the output")
    p.add_argument("--quiet", "-q", action="store_true", help="print only diagnostics")
    p.add_argument(
        "--runtime-dir",
        type=Path,
        default=None,
        help="reference the runtime crates in this folder by path instead of copying them into DIR",
    )
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 when the Rust in DIR is stale (for CI and pre-commit hooks)")
    p.add_argument("--json", action="store_true",
                   help="print per-file results, diagnostics and timings as JSON on stdout")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not update the incremental cache")
    p.add_argument("--dump-ir", action="store_true", help="print the IR after the last pass")
    p.add_argument("--dump-ir-after", metavar="PASS", default=None, help="print the IR after pass PASS")
    p.add_argument("--version", action="version", version=f"transpile {__version__}")
    return p


def _conformance_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="transpile conformance", description="Score a corpus of cases.")
    p.add_argument("corpus", type=Path)
    p.add_argument("-j", "--jobs", type=int, default=default_jobs())
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per run of a case")
    p.add_argument("--work", type=Path, default=None, help="keep the generated crates in this folder")
    p.add_argument("--verbose", "-v", action="store_true", help="show the details of each failure")
    return p


def _bench_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="transpile bench",
        description="Measure the workloads of every bench.toml at or below PATH: the original program (python3, "
                    "gcc -O2 or bash) against its transpiled Rust (scalar, SIMD, GPU when present); write "
                    "report.md with tables and PNG charts.",
    )
    p.add_argument("path", type=Path, help="an example folder, a folder of examples, or a bench.toml")
    p.add_argument("--report", type=Path, default=Path("target/bench-report"),
                   help="folder for report.md, the charts, results.json and the builds (default: target/bench-report)")
    p.add_argument("--smoke", action="store_true", help="tiny inputs and iteration counts (for CI)")
    p.add_argument("--baseline", metavar="NAME", default=None,
                   help="compare against a run saved with --save-baseline NAME (target/bench-baselines/NAME.json)")
    p.add_argument("--save-baseline", metavar="NAME", default=None, help="save this run as baseline NAME")
    p.add_argument("--only", metavar="PATTERN", default=None,
                   help="only workloads whose name or example folder matches (globs or substrings, comma-separated)")
    p.add_argument("-j", "--jobs", type=int, default=default_jobs(), help="jobs for transpiling and cargo")
    p.add_argument("--min-iters", type=int, default=None, help="stop after this many iterations (default 100)")
    p.add_argument("--min-time", type=float, default=None,
                   help="or after this many seconds of measuring (default 10; serve: seconds of load per run)")
    p.add_argument("--no-speed", action="store_true", help="skip the transpilation-speed table")
    p.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    return p


def _bench(ns: argparse.Namespace, argv: list[str]) -> int:
    from transpiler.bench.runner import Options, run

    if ns.min_iters is not None and ns.min_iters < 1:
        print("transpile bench: --min-iters must be at least 1", file=sys.stderr)
        return 1
    if ns.min_time is not None and ns.min_time < 0:
        print("transpile bench: --min-time must not be negative", file=sys.stderr)
        return 1
    if not ns.path.exists():
        print(f"transpile bench: {ns.path}: no such file or folder", file=sys.stderr)
        return 1
    return run(Options(ns.path, ns.report, ns.smoke, ns.baseline, ns.save_baseline, ns.only, max(ns.jobs, 1),
                       ns.min_iters, ns.min_time, ns.json, not ns.no_speed, " ".join(argv)))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "conformance":
            from transpiler.conformance import main as conformance_main

            return conformance_main(_conformance_parser().parse_args(args[1:]))
        if args and args[0] == "bench":
            return _bench(_bench_parser().parse_args(args[1:]), args)
        return _transpile(_main_parser().parse_args(args))
    except KeyboardInterrupt:
        print("transpile: interrupted", file=sys.stderr)
        return 130
    except (SystemExit, BrokenPipeError):
        raise
    except Exception as exc:  # a bug in transpile itself: say so in one line, never a Python traceback
        where = ""
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            where = f" (at {tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno})"
        print(f"transpile: internal error: {type(exc).__name__}: {exc}{where}\n"
              "  this is a bug in transpile, not in your code; please report it with the input",
              file=sys.stderr)
        return 2


def _transpile(ns: argparse.Namespace) -> int:
    import json

    from transpiler.api import transpile_project

    show_progress = not ns.quiet and not ns.json and sys.stderr.isatty()
    with _progress_bar(show_progress) as progress:
        result = transpile_project(
            ns.path,
            ns.out,
            jobs=ns.jobs,
            build=ns.build,
            check=ns.check,
            cache=not ns.no_cache,
            runtime_dir=ns.runtime_dir,
            dump_ir=ns.dump_ir,
            dump_ir_after=ns.dump_ir_after,
            log=None if ns.quiet or ns.json else sys.stderr,
            progress=progress,
        )
    if ns.json:
        print(json.dumps(result.to_json(), indent=1))
    else:
        result.diagnostics.print(sys.stderr)
        if result.stale:
            print(f"transpile: the Rust in {ns.out} is stale; run `transpile {ns.path} --out {ns.out}` "
                  f"({len(result.stale)} file(s): {', '.join(result.stale[:5])}"
                  + (", ..." if len(result.stale) > 5 else "") + ")", file=sys.stderr)
    for text in result.ir_dumps:
        print(text)
    return 0 if result.ok else 1


@contextlib.contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on a terminal; nothing elsewhere, or when rich is missing."""
    if not enabled:
        yield None
        return
    try:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    except ImportError:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), transient=True) as bar:
        task = bar.add_task("transpile", total=1)

        def update(phase: str, done: int, total: int) -> None:
            bar.update(task, description=phase, completed=done, total=max(total, 1))

        yield update


if __name__ == "__main__":
    sys.exit(main())
