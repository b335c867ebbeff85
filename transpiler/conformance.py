"""`transpile conformance CORPUS_DIR`: transpile, build and run every case of a corpus and score it.

A corpus is either a folder of case folders, each holding `input.py`, `input.c` or `input.sh` and
optionally `args` (one argument per line), `stdin`, `expected_stdout` and `expected_status`; or a plain
folder of source files (`*.py`, `*.c`, `*.sh`), each one case without arguments or input. Both may mix.

Where `expected_stdout` is missing the original program is run to get the expected stdout and status.
A case passes when the translated binary prints exactly the expected stdout and exits with the expected
status. This is a measuring tool: it exits 0 whenever the run completed, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from transpiler.runcase import (
    DEFAULT_RUNTIME_DIR,
    SOURCE_SUFFIXES,
    RunResult,
    TranspileOutcome,
    TranspileStatus,
    build_crate,
    case_cwd,
    run_binary,
    run_original,
    transpile_case,
)

PASS = "pass"
REFUSED = "refused"
CRASH = "crash"
COMPILE_ERROR = "compile error"
WRONG_OUTPUT = "wrong output"
TIMEOUT = "timeout"
FAILURE_KINDS = (REFUSED, CRASH, COMPILE_ERROR, WRONG_OUTPUT, TIMEOUT)
# Not scored: the original program itself timed out or did not compile, so nothing is expected.
UNSCORED = "unscored"

CASE_FILES = ("input.py", "input.c", "input.sh")


# --------------------------------------------------------------------------------------------------------
# Cases


@dataclass(frozen=True)
class Case:
    name: str
    source: Path
    case_dir: Path | None  # the case folder (folder layout), None for a lone source file
    args: list[str] = field(default_factory=list)
    stdin: bytes = b""
    expected_stdout: bytes | None = None
    expected_status: int | None = None

    @property
    def bin_name(self) -> str:
        if self.case_dir is not None:
            # every folder case's source is `input.*`: build each under its own name, so crates sharing the
            # target dir never collide (cargo would otherwise reuse another case's binary)
            return "case_" + re.sub(r"[^A-Za-z0-9_]", "_", self.name)
        return self.source.stem


def discover_cases(corpus: Path) -> list[Case]:
    """The cases of `corpus` (both layouts), sorted by name. Hidden and `_`-prefixed entries are skipped."""
    found: list[Case] = []
    for entry in sorted(corpus.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir():
            case = _folder_case(entry)
            if case is not None:
                found.append(case)
        elif entry.is_file() and entry.suffix in SOURCE_SUFFIXES:
            found.append(Case(entry.stem, entry, None))
    # Two lone files with one stem (x.py, x.c) or a folder `x` beside `x.py`: keep the full file name.
    stems: dict[str, int] = {}
    for case in found:
        stems[case.name] = stems.get(case.name, 0) + 1
    renamed = [
        Case(c.source.name, c.source, None) if c.case_dir is None and stems[c.name] > 1 else c for c in found
    ]
    return sorted(renamed, key=lambda c: c.name)


def _folder_case(folder: Path) -> Case | None:
    source = next((folder / n for n in CASE_FILES if (folder / n).is_file()), None)
    if source is None:
        return None
    args: list[str] = []
    if (folder / "args").is_file():
        args = (folder / "args").read_text(encoding="utf-8").splitlines()
    stdin = (folder / "stdin").read_bytes() if (folder / "stdin").is_file() else b""
    expected_stdout = (
        (folder / "expected_stdout").read_bytes() if (folder / "expected_stdout").is_file() else None
    )
    expected_status: int | None = None
    if (folder / "expected_status").is_file():
        expected_status = int((folder / "expected_status").read_text(encoding="utf-8").strip() or "0")
    return Case(folder.name, source, folder, args, stdin, expected_stdout, expected_status)


# --------------------------------------------------------------------------------------------------------
# Results


@dataclass
class CaseResult:
    name: str
    kind: str  # PASS, one of FAILURE_KINDS, or UNSCORED
    detail: str = ""  # first diagnostic / compiler error / stdout diff, for --verbose
    unsafe_lines: int = 0
    rust_lines: int = 0


@dataclass
class Report:
    results: list[CaseResult]

    @property
    def scored(self) -> list[CaseResult]:
        return [r for r in self.results if r.kind != UNSCORED]

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.kind == PASS)

    def count(self, kind: str) -> int:
        return sum(1 for r in self.results if r.kind == kind)

    def names(self, kind: str) -> list[str]:
        return sorted(r.name for r in self.results if r.kind == kind)

    @property
    def unsafe_lines(self) -> int:
        return sum(r.unsafe_lines for r in self.results)

    @property
    def rust_lines(self) -> int:
        return sum(r.rust_lines for r in self.results)


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "0.0%"


def format_case_line(result: CaseResult) -> str:
    return f"{result.kind}: {result.name}"


def format_report(report: Report, verbose: bool = False) -> str:
    """The summary: `P/N pass (X.X%)`, counts by kind, failing names per kind, unsafe share."""
    n = len(report.scored)
    total = len(report.results)
    lines = [f"{report.passed}/{n} pass ({_percent(report.passed, n)})"]
    if total != n:  # both numbers: over the scored cases and over every case of the corpus
        lines[0] += f"; all {total} cases: {report.passed}/{total} ({_percent(report.passed, total)})"
    lines.append(", ".join(f"{kind}: {report.count(kind)}" for kind in FAILURE_KINDS))
    details = {r.name: r.detail for r in report.results}
    for kind in (*FAILURE_KINDS, UNSCORED):
        names = report.names(kind)
        if not names:
            continue
        label = "not scored (the original failed)" if kind == UNSCORED else kind
        lines.append(f"{label} ({len(names)}): {' '.join(names)}")
        if verbose:
            for name in names:
                detail = details[name].rstrip()
                if detail:
                    lines.append(f"  {name}:")
                    lines.extend("    " + ln for ln in detail.splitlines())
    lines.append(
        f"unsafe lines: {report.unsafe_lines}/{report.rust_lines} "
        f"({_percent(report.unsafe_lines, report.rust_lines)})"
    )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------------
# Counting unsafe code


def unsafe_line_count(text: str) -> tuple[int, int]:
    """(lines inside `unsafe` blocks and `unsafe fn`s, all lines) of one Rust file; blank lines ignored.

    A region runs from the line of `unsafe {` / `unsafe fn` to the line of its matching `}`. Comments,
    strings, char literals and lifetimes are skipped when matching braces; nested regions count once.
    """
    lines = text.splitlines()
    nonblank = {i + 1 for i, ln in enumerate(lines) if ln.strip()}
    covered: set[int] = set()
    toks = _rust_tokens(text)
    for k, (tok, line) in enumerate(toks):
        if tok != "unsafe":
            continue
        j = k + 1
        if j < len(toks) and toks[j][0] == "extern":  # unsafe extern "C" fn
            j += 1
            if j < len(toks) and toks[j][0].startswith('"'):
                j += 1
        if j >= len(toks):
            continue
        if toks[j][0] == "fn":
            while j < len(toks) and toks[j][0] not in ("{", ";"):
                j += 1
            if j >= len(toks) or toks[j][0] == ";":
                continue  # a declaration without a body
        elif toks[j][0] != "{":
            continue  # unsafe impl / trait / a function pointer type
        depth = 0
        end_line = toks[-1][1]
        for tok2, line2 in toks[j:]:
            if tok2 == "{":
                depth += 1
            elif tok2 == "}":
                depth -= 1
                if depth == 0:
                    end_line = line2
                    break
        covered.update(range(line, end_line + 1))
    return len(covered & nonblank), len(nonblank)


def _rust_tokens(text: str) -> list[tuple[str, int]]:
    """Words, braces, `;` and string literals (as `"`) with their line numbers; everything else dropped."""
    toks: list[tuple[str, int]] = []
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    line += text[i] == "\n"
                    i += 1
        elif (lit := _string_start(text, i)) is not None:
            start_line = line
            i, line = _skip_string(text, lit, line)
            toks.append(('"', start_line))
        elif c == "'":
            if i + 1 < n and text[i + 1] == "\\":
                end = text.find("'", i + 3)
                i = n if end < 0 else end + 1
            elif i + 2 < n and text[i + 2] == "'":
                i += 3
            else:
                i += 1  # a lifetime or label
        elif c.isalpha() or c == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            toks.append((text[i:j], line))
            i = j
        else:
            if c in "{};":
                toks.append((c, line))
            i += 1
    return toks


def _string_start(text: str, i: int) -> tuple[int, bool, int] | None:
    """If a string literal (`"`, `r#"`, `b"`, `br"`, `c"`, ...) starts at `i`: (quote index, raw, hashes)."""
    n = len(text)
    if i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"):
        return None
    j = i
    if j < n and text[j] in "bc":
        j += 1
    raw = j < n and text[j] == "r"
    if raw:
        j += 1
    hashes = 0
    while raw and j < n and text[j] == "#":
        hashes += 1
        j += 1
    return (j, raw, hashes) if j < n and text[j] == '"' else None


def _skip_string(text: str, lit: tuple[int, bool, int], line: int) -> tuple[int, int]:
    """Skip the string literal whose opening quote is at `lit[0]`; return (index after it, line)."""
    i, raw, hashes = lit
    n = len(text)
    i += 1
    closing = '"' + "#" * hashes
    while i < n:
        c = text[i]
        if not raw and c == "\\":
            line += text[i + 1 : i + 2] == "\n"
            i += 2
            continue
        if c == "\n":
            line += 1
        elif text.startswith(closing, i):
            return i + len(closing), line
        i += 1
    return n, line


def count_unsafe_in_crate(out_dir: Path, exclude_names: Iterable[str] = ()) -> tuple[int, int]:
    """Sum `unsafe_line_count` over the generated .rs files under `out_dir`.

    Skips `target` folders and folders named like a runtime crate (copies of the runtime).
    """
    skip = {"target", *exclude_names}
    unsafe = total = 0
    for path in sorted(out_dir.rglob("*.rs")):
        rel = path.relative_to(out_dir)
        if any(part in skip or part.startswith(".") for part in rel.parts[:-1]):
            continue
        u, t = unsafe_line_count(path.read_text(encoding="utf-8", errors="replace"))
        unsafe += u
        total += t
    return unsafe, total


def runtime_crate_names(runtime_dir: Path | None) -> set[str]:
    if runtime_dir is None or not runtime_dir.is_dir():
        return set()
    return {p.name for p in runtime_dir.iterdir() if p.is_dir()}


# --------------------------------------------------------------------------------------------------------
# Comparing


def expected_status_of(case: Case, original: RunResult | None) -> int:
    if case.expected_status is not None:
        return case.expected_status
    if case.expected_stdout is not None or original is None:
        return 0
    return original.status


# An uncaught exception of these kinds means the program needs what this machine lacks (a module that is not
# installed), so its python3 run says nothing about what the program should print. A NameError is the program's
# own failure and stays scored: the transpiled program must fail the same way or be refused.
_ENVIRONMENT_ERRORS = ("ModuleNotFoundError", "ImportError")


def environment_failure(original: RunResult) -> str:
    """The last traceback line when the original stopped on an environment error, else ''."""
    if original.status == 0 or b"Traceback (most recent call last)" not in original.stderr:
        return ""
    lines = [ln for ln in original.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    last = lines[-1].strip() if lines else ""
    return last[:200] if last.split(":", 1)[0] in _ENVIRONMENT_ERRORS else ""


def compare_run(expected_stdout: bytes, expected_status: int, actual: RunResult) -> tuple[str, str]:
    """(kind, detail) of one binary run against what was expected."""
    if actual.timed_out:
        return TIMEOUT, _stderr_hint(actual.stderr) or "ran past the timeout"
    if actual.stdout == expected_stdout and actual.status == expected_status:
        return PASS, ""
    parts: list[str] = []
    if actual.status != expected_status:
        parts.append(f"exit status: expected {expected_status}, got {actual.status}")
    if actual.stdout != expected_stdout:
        parts.append(stdout_diff(expected_stdout, actual.stdout))
    hint = _stderr_hint(actual.stderr)
    if hint:
        parts.append(f"stderr: {hint}")
    return WRONG_OUTPUT, "\n".join(parts)


def stdout_diff(expected: bytes, actual: bytes, max_lines: int = 12) -> str:
    exp = expected.decode("utf-8", "backslashreplace").splitlines(keepends=True)
    act = actual.decode("utf-8", "backslashreplace").splitlines(keepends=True)
    diff = [
        ln.rstrip("\n") + ("" if ln.endswith("\n") else "  (no newline at end)")
        for ln in difflib.unified_diff(exp, act, "expected", "actual", n=1)
    ]
    if not diff:  # only line endings differ
        return f"stdout differs: expected {expected[-40:]!r}, got {actual[-40:]!r}"
    if len(diff) > max_lines:
        diff = [*diff[:max_lines], f"... ({len(diff) - max_lines} more diff lines)"]
    return "\n".join(diff)


def _stderr_hint(stderr: bytes) -> str:
    lines = [ln for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    for ln in lines:
        if "panicked" in ln:
            idx = lines.index(ln)
            return " ".join(x.strip() for x in lines[idx : idx + 2])
    return lines[-1].strip()[:300] if lines else ""


# --------------------------------------------------------------------------------------------------------
# Running a corpus


@dataclass
class _Prepared:
    case: Case
    case_work: Path
    transpiled: TranspileOutcome
    expected_stdout: bytes | None
    expected_status: int
    unscored_why: str = ""


def run_corpus(
    corpus: Path,
    jobs: int,
    timeout: float,
    work: Path | None,
    *,
    runtime_dir: Path | None = DEFAULT_RUNTIME_DIR,
    on_result: Callable[[CaseResult], None] | None = None,
) -> Report:
    """Transpile, build and run every case of `corpus`; `on_result` is called as each case finishes.

    Transpiling (and running originals) runs on `jobs` threads; cargo builds run one at a time in the
    shared target dir `work/target`; binaries run on the thread pool. With `work` None a temp dir is
    used and removed at the end; otherwise the crates stay in `work/cases/<name>/out`.
    """
    cases = discover_cases(corpus)
    if work is None:
        with tempfile.TemporaryDirectory(prefix="conformance-") as tmp:
            return _run_cases(cases, max(1, jobs), timeout, Path(tmp), runtime_dir, on_result)
    work.mkdir(parents=True, exist_ok=True)
    return _run_cases(cases, max(1, jobs), timeout, work.resolve(), runtime_dir, on_result)


def _run_cases(
    cases: list[Case],
    jobs: int,
    timeout: float,
    work: Path,
    runtime_dir: Path | None,
    on_result: Callable[[CaseResult], None] | None,
) -> Report:
    if runtime_dir is not None and not runtime_dir.is_dir():
        runtime_dir = None
    exclude = runtime_crate_names(runtime_dir)
    target_dir = work / "target"
    results: dict[str, CaseResult] = {}
    lock = threading.Lock()

    def finish(result: CaseResult) -> None:
        with lock:
            results[result.name] = result
            if on_result is not None:
                on_result(result)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        prepared: dict[Future[_Prepared], Case] = {
            pool.submit(_prepare, case, work / "cases" / case.name, timeout, runtime_dir): case
            for case in cases
        }
        runs: dict[Future[None], CaseResult] = {}
        # Builds happen here, one at a time, as transpiles complete.
        for fut in as_completed(prepared):
            case = prepared[fut]
            try:
                prep = fut.result()
            except Exception as exc:  # the runner's own trouble (disk, permissions): not the transpiler's
                finish(CaseResult(case.name, UNSCORED, f"runner error: {exc!r}"))
                continue
            if prep.unscored_why:
                finish(CaseResult(case.name, UNSCORED, prep.unscored_why))
                continue
            if prep.transpiled.status is not TranspileStatus.OK:
                kind = REFUSED if prep.transpiled.status is TranspileStatus.REFUSED else CRASH
                finish(CaseResult(case.name, kind, prep.transpiled.first_diagnostic))
                continue
            try:
                unsafe, total = count_unsafe_in_crate(prep.transpiled.out_dir, exclude)
                built = build_crate(
                    prep.transpiled.out_dir,
                    target_dir,
                    bin_name=case.bin_name,
                    dest_dir=prep.case_work / "bin",
                )
            except OSError as exc:
                finish(CaseResult(case.name, UNSCORED, f"runner error: {exc!r}"))
                continue
            if not built.ok or built.binary is None:
                finish(CaseResult(case.name, COMPILE_ERROR, built.first_error, unsafe, total))
                continue
            binary = built.binary
            fallback = CaseResult(case.name, UNSCORED, "", unsafe, total)
            runs[pool.submit(_run_built, prep, binary, timeout, unsafe, total, finish)] = fallback
        for run, fallback in runs.items():
            try:
                run.result()
            except Exception as exc:
                fallback.detail = f"runner error: {exc!r}"
                finish(fallback)
    return Report([results[c.name] for c in cases])


def _prepare(case: Case, case_work: Path, timeout: float, runtime_dir: Path | None) -> _Prepared:
    if case_work.exists():
        shutil.rmtree(case_work)
    case_work.mkdir(parents=True)
    expected_stdout = case.expected_stdout
    original: RunResult | None = None
    if expected_stdout is None:
        with case_cwd(case.case_dir, case.source, case_work) as cwd:
            original = run_original(cwd / case.source.name, case.args, case.stdin, cwd, timeout)
        expected_stdout = original.stdout
    status = expected_status_of(case, original)
    why = ""
    if original is not None and original.timed_out:
        why = f"the original ran past the {timeout:g}s timeout"
    elif original is not None and (missing := environment_failure(original)):
        why = f"the original does not run here: {missing}"
    elif original is not None and case.source.suffix == ".c" and original.stderr.startswith(b"gcc failed"):
        why = original.stderr.decode("utf-8", "replace")[:500]
    out_dir = case_work / "out"
    if why:  # nothing to compare against: do not spend the time
        transpiled = TranspileOutcome(TranspileStatus.CRASH, 0, "", out_dir)
    else:
        source = case.source
        if case.case_dir is not None:
            named = case_work / "src" / (case.bin_name + case.source.suffix)
            named.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(case.source, named)
            source = named
        transpiled = transpile_case(source, out_dir, runtime_dir)
    return _Prepared(case, case_work, transpiled, expected_stdout, status, why)


def _run_built(
    prep: _Prepared,
    binary: Path,
    timeout: float,
    unsafe: int,
    total: int,
    finish: Callable[[CaseResult], None],
) -> None:
    case = prep.case
    with case_cwd(case.case_dir, case.source, prep.case_work) as cwd:
        actual = run_binary(binary, case.args, case.stdin, cwd, timeout)
    kind, detail = compare_run(prep.expected_stdout or b"", prep.expected_status, actual)
    finish(CaseResult(case.name, kind, detail, unsafe, total))


# --------------------------------------------------------------------------------------------------------
# Command line


def main(ns: argparse.Namespace) -> int:
    """Entry point of `transpile conformance` (see transpiler.cli); prints the report on stdout."""
    out: TextIO = sys.stdout
    corpus: Path = ns.corpus
    if not corpus.is_dir():
        print(f"transpile conformance: no such corpus folder: {corpus}", file=sys.stderr)
        return 2
    if ns.jobs < 1 or ns.timeout <= 0:
        print("transpile conformance: --jobs and --timeout must be positive", file=sys.stderr)
        return 2
    if not discover_cases(corpus):
        print(f"transpile conformance: no cases in {corpus}", file=sys.stderr)
        return 2
    verbose = bool(getattr(ns, "verbose", False))

    def progress(result: CaseResult) -> None:
        if verbose:
            print(format_case_line(result), file=out, flush=True)

    report = run_corpus(corpus, ns.jobs, ns.timeout, ns.work, on_result=progress)
    print(format_report(report, verbose), file=out, flush=True)
    return 0
