"""Differential fuzzing of the Python frontend: generated programs are transpiled, built and run, and
compared with CPython.

Two sources of programs:
- hypothesmith (`from_grammar()`, `from_node()`): any syntactically valid Python. Most are refused; the
  point is that none crashes the transpiler.
- `typed_program(rng)`: random programs in the supported, typed subset (int/float/str/list arithmetic,
  loops, ifs, functions, f-strings, prints), so most of them build and run.

Each program must be either refused with a diagnostic (exit 1, an `error:` line, no traceback), or build and,
where it runs, print the same stdout and exit with the same status as under python3. Programs that CPython
runs past 64-bit ints (we raise OverflowError, by design) are counted as `overflow`, not as mismatches.

All accepted programs of a batch become binaries of one crate, so cargo compiles the runtime and the library
once per batch.

    python tools/fuzz_python.py --count 500 --seed 7 [--hypothesmith 100] [--work DIR] [--keep]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_report import Outcome, Report, finish, run_batches  # noqa: E402

KINDS = ('refused', 'identical', 'mismatched', 'crashed', 'overflow', 'skipped')

REPO_ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT = 10.0
TRANSPILE_TIMEOUT = 60


# ------------------------------------------------------------------ typed program generator


class _Gen:
    """Builds one program; every variable is declared at the top with a fixed type and only reassigned."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.ints = [f"i{k}" for k in range(rng.randint(2, 4))]
        self.floats = [f"x{k}" for k in range(rng.randint(1, 2))]
        self.strs = [f"s{k}" for k in range(rng.randint(1, 3))]
        self.lists = [f"l{k}" for k in range(rng.randint(1, 2))]
        self.funcs: list[tuple[str, int]] = []  # (name, arity), int -> int
        self.lines: list[str] = []
        self.loop_vars: list[str] = []

    # expressions ------------------------------------------------

    def int_atom(self, names: list[str]) -> str:
        c = self.r.random()
        if c < 0.35 or not names:
            return str(self.r.randint(-20, 40))
        return self.r.choice(names)

    def int_expr(self, names: list[str], depth: int = 0) -> str:
        r = self.r
        if depth >= 3 or r.random() < 0.3:
            return self.int_atom(names)
        a, b = self.int_expr(names, depth + 1), self.int_expr(names, depth + 1)
        kind = r.random()
        if kind < 0.25:
            return f"({a} + {b})"
        if kind < 0.4:
            return f"({a} - {b})"
        if kind < 0.55:
            return f"(({a} * {b}) % {r.choice([97, 1009, 10007, -13])})"
        if kind < 0.65:
            div = b if r.random() < 0.15 else f"({b} % 7 + 8)"  # sometimes a zero divisor: ZeroDivisionError
            return f"({a} {r.choice(['//', '%'])} {div})"
        if kind < 0.7:
            return f"abs({a})"
        if kind < 0.76:
            return f"{r.choice(['min', 'max'])}({a}, {b})"
        if kind < 0.82 and self.lists and depth < 2:
            return f"len({r.choice(self.lists)})"
        if kind < 0.86 and self.strs:
            return f"len({r.choice(self.strs)})"
        if kind < 0.9 and self.funcs and depth < 2:
            name, arity = r.choice(self.funcs)
            return f"{name}({', '.join(self.int_expr(names, depth + 1) for _ in range(arity))})"
        if kind < 0.94:
            return f"(-{a})"
        if kind < 0.97:
            return f"({a} ** {r.randint(0, 3)} % 1000)"
        return f"int({self.float_expr(names, depth + 1)})"

    def float_expr(self, names: list[str], depth: int = 0) -> str:
        r = self.r
        c = r.random()
        if depth >= 2 or c < 0.3:
            return r.choice([*self.floats, repr(round(r.uniform(-50, 50), r.randint(0, 3))), "0.1", "1e-3"])
        if c < 0.5:
            return f"({self.float_expr(names, depth + 1)} {r.choice('+-*')} {self.float_expr(names, depth + 1)})"
        if c < 0.6:
            den = self.int_expr(names, depth + 1)
            if r.random() < 0.8:  # else a divisor that may be zero: ZeroDivisionError
                den = f"({den} % 5 + 6)"
            return f"({self.int_expr(names, depth + 1)} / {den})"
        if c < 0.7:
            return f"float({self.int_expr(names, depth + 1)})"
        if c < 0.8:
            return f"round({self.float_expr(names, depth + 1)}, {r.randint(0, 3)})"
        if c < 0.9:
            return f"abs({self.float_expr(names, depth + 1)})"
        return f"({self.float_expr(names, depth + 1)} * {self.int_atom(names)})"

    def cond(self, names: list[str]) -> str:
        r = self.r
        c = r.random()
        if c < 0.5:
            return f"{self.int_expr(names, 1)} {r.choice(['<', '<=', '>', '>=', '==', '!='])} {self.int_expr(names, 1)}"
        if c < 0.6 and self.strs:
            return f"{r.choice(self.strs)} {r.choice(['==', '!=', '<'])} {self.str_expr(names, 1)}"
        if c < 0.7 and self.lists:
            return f"{self.int_atom(names)} {r.choice(['in', 'not in'])} {r.choice(self.lists)}"
        if c < 0.8:
            return f"{self.float_expr(names, 1)} < {self.float_expr(names, 1)}"
        if c < 0.9:
            return f"({self.cond(names)}) {r.choice(['and', 'or'])} ({self.cond(names)})"
        return f"not ({self.cond(names)})"

    def str_expr(self, names: list[str], depth: int = 0) -> str:
        r = self.r
        c = r.random()
        words = ['"ab"', '"Hello"', '"x y"', '""', '"é"', '"-"', '"42"']
        if depth >= 2 or c < 0.25:
            return r.choice([*self.strs, *words])
        if c < 0.4:
            return f"({self.str_expr(names, depth + 1)} + {self.str_expr(names, depth + 1)})[:24]"
        if c < 0.5:
            return f"str({self.int_expr(names, depth + 1)})"
        if c < 0.6:
            return f"{r.choice(self.strs)}.{r.choice(['upper', 'lower', 'strip', 'title'])}()"
        if c < 0.7:
            return f"{r.choice(self.strs)}[{r.randint(-3, 3)}:{r.randint(0, 6)}]"
        if c < 0.8:
            return f'f"{{{self.int_atom(names)}}}<{{{r.choice(self.strs)}}}>"'
        if c < 0.88:
            return f"({r.choice(self.strs)} * {r.randint(0, 3)})[:24]"
        if c < 0.94:
            return f'"-".join([{r.choice(self.strs)}, str({self.int_atom(names)})])'
        return f'f"{{{self.float_expr(names, depth + 1)}:.{r.randint(0, 4)}f}}"'

    # statements -------------------------------------------------

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def stmt(self, indent: int, names: list[str], depth: int, in_func: bool) -> None:
        r = self.r
        if not in_func and r.random() < 0.25:
            self.extra_stmt(indent, names, depth)
            return
        c = r.random()
        targets = [n for n in names if n not in self.loop_vars]
        if c < 0.25 and targets:
            t = r.choice(targets)
            if r.random() < 0.3:
                self.emit(indent, f"{t} {r.choice(['+=', '-='])} {self.int_expr(names, 1)}")
            else:
                self.emit(indent, f"{t} = {self.int_expr(names)}")
        elif c < 0.33 and not in_func:
            self.emit(indent, f"{r.choice(self.floats)} = {self.float_expr(names)}")
        elif c < 0.41 and not in_func:
            self.emit(indent, f"{r.choice(self.strs)} = {self.str_expr(names)}")
        elif c < 0.49 and not in_func:
            lst = r.choice(self.lists)
            k = r.random()
            if k < 0.5:
                self.emit(indent, f"{lst}.append({self.int_expr(names, 1)})")
            elif k < 0.6:
                self.emit(indent, f"{lst} = sorted({lst})[:8]")
            elif k < 0.7:
                self.emit(indent, f"{lst}.reverse()")
            elif k < 0.85:
                self.emit(indent, f"if len({lst}) > 0:")
                self.emit(indent + 1, f"{lst}[{self.int_atom(names)} % len({lst})] = {self.int_expr(names, 1)}")
            else:
                self.emit(indent, f"if len({lst}) > 2:")
                self.emit(indent + 1, f"{lst}.pop()")
        elif c < 0.62 and not in_func:
            self.print_stmt(indent, names)
        elif c < 0.72 and depth < 2:
            self.emit(indent, f"if {self.cond(names)}:")
            self.block(indent + 1, names, depth + 1, in_func)
            if r.random() < 0.3:
                self.emit(indent, f"elif {self.cond(names)}:")
                self.block(indent + 1, names, depth + 1, in_func)
            if r.random() < 0.5:
                self.emit(indent, "else:")
                self.block(indent + 1, names, depth + 1, in_func)
        elif c < 0.82 and depth < 2:
            v = f"k{len(self.loop_vars)}"
            self.loop_vars.append(v)
            self.emit(indent, f"for {v} in range({r.randint(0, 2)}, {r.randint(0, 7)}):")
            self.block(indent + 1, [*names, v], depth + 1, in_func)
            self.loop_vars.pop()
        elif c < 0.88 and depth < 2 and targets:
            w = r.choice(targets)
            self.emit(indent, f"while {w} > 0:")
            self.emit(indent + 1, f"{w} = {w} // {r.randint(2, 5)}")
            if not in_func:
                self.emit(indent + 1, f"print({w})")
        elif c < 0.92 and not in_func and self.lists:
            lst = r.choice(self.lists)
            self.emit(indent, f"print(sum({lst}), len({lst}), {lst})")
        elif c < 0.95 and not in_func and self.lists:
            lst = r.choice(self.lists)
            self.emit(indent, f"print({lst}[{self.int_atom(names)}])")  # IndexError sometimes
        elif not in_func and r.random() < 0.8:
            self.extra_stmt(indent, names, depth)
        else:
            t = r.choice(targets) if targets else r.choice(self.ints)
            self.emit(indent, f"{t} = {self.int_expr(names)}")

    def extra_stmt(self, indent: int, names: list[str], depth: int) -> None:
        """Dicts, comprehensions, break/continue, try/except, string methods, bool prints."""
        r = self.r
        key = r.choice(['"a"', '"b"', '"zz"', r.choice(self.strs)])
        targets = [n for n in names if n not in self.loop_vars]
        c = r.random()
        if c < 0.15:
            self.emit(indent, f"d0[{key}] = {self.int_expr(names, 1)}")
        elif c < 0.22:
            self.emit(indent, f"print(d0.get({key}, -1), {key} in d0, len(d0))")
        elif c < 0.27:
            self.emit(indent, f"print(d0[{key}])")  # KeyError sometimes
        elif c < 0.32:
            self.emit(indent, "print(d0, sorted(d0.keys()), list(d0.values()))")
        elif c < 0.42:
            lst = r.choice(self.lists)
            test = f"v {r.choice(['>', '<', '!='])} {r.randint(-2, 4)}"
            self.emit(indent, f"{lst} = [v * {r.randint(-3, 3)} % 100 for v in {lst} if {test}][:8]")
        elif c < 0.52 and depth < 2:
            v = f"k{len(self.loop_vars)}"
            self.loop_vars.append(v)
            self.emit(indent, f"for {v} in range({r.randint(3, 9)}):")
            self.emit(indent + 1, f"if {self.cond([*names, v])}:")
            self.emit(indent + 2, r.choice(["break", "continue"]))
            self.block(indent + 1, [*names, v], depth + 1, False)
            self.loop_vars.pop()
        elif c < 0.64 and targets:
            t = r.choice(targets)
            lst = r.choice(self.lists)
            self.emit(indent, "try:")
            self.emit(indent + 1, r.choice([f"{t} = {t} // {self.int_atom(names)}",
                                            f"{t} = {lst}[{self.int_atom(names)}]",
                                            f"{t} = int({r.choice(self.strs)})", f"{t} = d0[{key}]"]))
            exc = r.choice(["ZeroDivisionError", "IndexError", "ValueError", "KeyError", "Exception"])
            self.emit(indent, f"except {exc}:")
            self.emit(indent + 1, f"{t} = {r.randint(-5, 5)}")
            self.emit(indent + 1, f'print("caught", {t})')
        elif c < 0.76:
            s = r.choice(self.strs)
            self.emit(indent, r.choice([
                f'{s} = {s}.replace("a", "{r.choice(["b", "", "aa"])}")[:24]',
                f"print({s}.split(), {s}.find(\"b\"), {s}.startswith(\"a\"), {s}.count(\"a\"))",
                f'print(" ".join(sorted({s})), {s}.isdigit(), {s}.isalpha())',
                f"print(repr({s}), {s}[::-1], ord({s}[0]) if {s} else -1)",
            ]))
        elif c < 0.88:
            self.emit(indent, f"print({self.cond(names)}, {self.int_expr(names, 1)} == {self.int_expr(names, 1)})")
        else:
            lst = r.choice(self.lists)
            self.emit(indent, f"print(min({lst}) if {lst} else 0, max({lst}, default=-1), {lst}.count(1), "
                              f"{lst}.index({lst}[0]) if {lst} else -1)")

    def block(self, indent: int, names: list[str], depth: int, in_func: bool) -> None:
        for _ in range(self.r.randint(1, 3)):
            self.stmt(indent, names, depth, in_func)

    def print_stmt(self, indent: int, names: list[str]) -> None:
        r = self.r
        items = []
        for _ in range(r.randint(1, 3)):
            k = r.random()
            if k < 0.4:
                items.append(self.int_expr(names, 1))
            elif k < 0.6:
                items.append(self.float_expr(names, 1))
            elif k < 0.8:
                items.append(self.str_expr(names, 1))
            else:
                items.append(f'f"{{{self.int_atom(names)}:>{r.randint(1, 6)}}}|{{{r.choice(self.floats)}:.2f}}"')
        self.emit(indent, f"print({', '.join(items)})")

    def function(self, index: int) -> None:
        arity = self.r.randint(1, 3)
        params = [f"a{k}" for k in range(arity)]
        name = f"fn{index}"
        self.emit(0, f"def {name}({', '.join(p + ': int' for p in params)}) -> int:")
        local = f"t{index}"
        saved = self.ints, self.floats, self.strs, self.lists
        # functions see only their parameters and locals: module globals are another feature
        self.ints, self.floats, self.strs, self.lists = [*params, local], [], [], []
        self.emit(1, f"{local} = {self.int_expr(params)}")
        self.block(1, [*params, local], 1, True)
        self.emit(1, f"return {self.int_expr([*params, local])}")
        self.ints, self.floats, self.strs, self.lists = saved
        self.emit(0, "")
        self.funcs.append((name, arity))

    def program(self) -> str:
        r = self.r
        for k in range(r.randint(0, 2)):
            self.function(k)
        for n in self.ints:
            self.emit(0, f"{n} = {r.randint(-9, 30)}")
        for n in self.floats:
            self.emit(0, f"{n} = {round(r.uniform(-9, 9), 2)!r}")
        for n in self.strs:
            self.emit(0, f"{n} = {r.choice(['abc', 'Zeta', 'a b c', ''])!r}")
        for n in self.lists:
            self.emit(0, f"{n}: list[int] = {[r.randint(-5, 9) for _ in range(r.randint(0, 4))]}")
        entries = ", ".join(f"{k!r}: {r.randint(0, 9)}" for k in "ab"[: r.randint(0, 2)])
        self.emit(0, f"d0: dict[str, int] = {{{entries}}}")
        for _ in range(r.randint(3, 10)):
            self.stmt(0, self.ints, 0, False)
        self.emit(0, f"print({', '.join(self.ints + self.floats + self.strs + self.lists)})")
        return "\n".join(self.lines) + "\n"


def typed_program(rng: random.Random) -> str:
    """A random program in the supported subset; compiles under CPython."""
    return _Gen(rng).program()


# ------------------------------------------------------------------ hypothesmith programs


def hypothesmith_programs(count: int, seed: int) -> list[str]:
    """`count` programs drawn by hypothesmith, reproducibly for a given seed."""
    if count <= 0:
        return []
    import hypothesmith
    import libcst
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hseed
    from hypothesis import strategies as st

    found: list[str] = []
    strategy = st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node(libcst.Module))

    @hseed(seed)
    @settings(max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck),
              phases=[__import__("hypothesis").Phase.generate])
    @given(strategy)
    def collect(src: str) -> None:
        if len(found) < count:
            found.append(src)

    collect()
    return found


# ------------------------------------------------------------------ running a batch


class _Timeout(Exception):
    pass


@contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    def fire(signum: int, frame: object) -> None:
        raise _Timeout

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _transpile_in_process(src: Path, out: Path, runtime_dir: Path) -> tuple[str, str]:
    """("ok" | "refused" | "crashed", detail). Runs the library API as the CLI does, minus the interpreter start."""
    from transpiler.api import transpile_path

    err = io.StringIO()
    try:
        with _alarm(TRANSPILE_TIMEOUT), redirect_stdout(io.StringIO()), redirect_stderr(err):
            result = transpile_path(src, out, runtime_dir=runtime_dir)
    except _Timeout:
        return "crashed", f"transpile took longer than {TRANSPILE_TIMEOUT}s"
    except BaseException as exc:  # noqa: BLE001 - any exception is the bug we are looking for
        import traceback

        return "crashed", "".join(traceback.format_exception(exc))[-3000:]
    text = result.diagnostics.render_all()
    if result.ok:
        return "ok", ""
    if "internal error" in text:
        return "crashed", text[:3000]
    if not re.search(r"^.+:\d+:\d+: error: ", text, re.M):
        return "crashed", "refused without a `file:line:col: error:` diagnostic:\n" + text[:3000]
    return "refused", text[:600]


def _run(cmd: list[str], cwd: Path) -> tuple[int | None, str, str]:
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=RUN_TIMEOUT, cwd=cwd, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, "", ""
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def _last(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def _build(out: Path, target_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CARGO_TARGET_DIR=str(target_dir))
    return subprocess.run(["cargo", "build", "--release", "--message-format", "short"], cwd=out, env=env,
                          capture_output=True, text=True, timeout=3600)


def run_batch(programs: list[tuple[str, str]], work: Path, target_dir: Path,
              runtime_dir: Path = REPO_ROOT / "runtime-crates", log: bool = False) -> Report:
    """programs: (name, source). Transpile each, build the accepted ones as one crate, run, compare."""
    report = Report(KINDS)
    src_dir = work / "src"
    src_dir.mkdir(parents=True, exist_ok=True)
    accepted: dict[str, str] = {}
    for name, text in programs:
        single = work / "single" / name
        single.mkdir(parents=True, exist_ok=True)
        path = single / f"{name}.py"
        path.write_text(text, encoding="utf-8")
        kind, detail = _transpile_in_process(path, single / "out", runtime_dir)
        if kind == "ok" and not list((single / "out").glob("*/src/bin/*.rs")):
            kind = "skipped"  # no top-level code: nothing to run
            detail = "no entry point"
        if kind == "ok":
            accepted[name] = text
        else:
            report.outcomes.append(Outcome(name, text, kind, detail))
        shutil.rmtree(single, ignore_errors=True)
        if log:
            print(f"  {name}: {kind}", file=sys.stderr)
    if not accepted:
        return report
    if shutil.which("cargo") is None:
        report.outcomes += [Outcome(n, t, "skipped", "cargo not installed") for n, t in accepted.items()]
        return report

    broken: dict[str, str] = {}
    while accepted:
        for p in src_dir.glob("*.py"):
            p.unlink()
        for name, text in accepted.items():
            (src_dir / f"{name}.py").write_text(text, encoding="utf-8")
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        kind, detail = _transpile_in_process(src_dir, out, runtime_dir)
        if kind != "ok":
            for n, t in accepted.items():
                report.outcomes.append(Outcome(n, t, "crashed", "accepted alone, not in a batch:\n" + detail))
            return report
        build = _build(out, target_dir)
        if build.returncode == 0:
            break
        culprits = set(re.findall(r"src/(?:bin/)?(\w+?)\.rs:\d+:\d+: error", build.stderr)) & set(accepted)
        if not culprits:  # cannot tell which program: build them one at a time is too slow; blame all
            culprits = set(accepted)
        for n in culprits:
            broken[n] = "\n".join(ln for ln in build.stderr.splitlines() if n in ln)[:3000]
            report.outcomes.append(Outcome(n, accepted.pop(n), "crashed", "generated Rust does not build:\n"
                                           + broken[n]))
    if not accepted:
        return report
    for name, text in accepted.items():
        exe = target_dir / "release" / name
        py_code, py_out, py_err = _run([sys.executable, str(src_dir / f"{name}.py")], work)
        rs_code, rs_out, rs_err = _run([str(exe)], work)
        if py_code is None:
            report.outcomes.append(Outcome(name, text, "skipped", "python3 timed out"))
        elif rs_code is None:
            report.outcomes.append(Outcome(name, text, "mismatched", "the Rust program timed out"))
        elif "panicked" in rs_err or rs_code == 101:
            report.outcomes.append(Outcome(name, text, "crashed", "Rust panic:\n" + rs_err[-2000:]))
        elif (py_code == 0 and rs_code == 1 and _last(rs_err).startswith("OverflowError")
              and py_out.startswith(rs_out)):
            report.outcomes.append(Outcome(name, text, "overflow", _last(rs_err)))
        elif py_out == rs_out and py_code == rs_code and (py_code == 0 or _last(py_err) == _last(rs_err)):
            report.outcomes.append(Outcome(name, text, "identical"))
        else:
            detail = (f"python: status {py_code}, last stderr {_last(py_err)!r}\n"
                      f"rust:   status {rs_code}, last stderr {_last(rs_err)!r}\n"
                      f"--- python stdout\n{py_out[-1500:]}\n--- rust stdout\n{rs_out[-1500:]}")
            report.outcomes.append(Outcome(name, text, "mismatched", detail))
    return report


def programs_for(count: int, seed: int, hypothesmith_count: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    progs = [(f"fz{seed}_t{i:04d}", typed_program(rng)) for i in range(count)]
    progs += [(f"fz{seed}_h{i:04d}", text) for i, text in enumerate(hypothesmith_programs(hypothesmith_count, seed))]
    return progs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=200, help="typed programs to generate")
    ap.add_argument("--hypothesmith", type=int, default=None, help="hypothesmith programs (default: count / 2)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=100, help="programs per crate")
    ap.add_argument("--work", type=Path, default=None, help="keep the work here (default: a temp folder)")
    ap.add_argument("--target-dir", type=Path, default=None, help="CARGO_TARGET_DIR (default: $CARGO_TARGET_DIR)")
    ap.add_argument("--save", type=Path, default=None, help="write each mismatch/crash here as a .py file")
    ap.add_argument("-v", "--verbose", action="store_true")
    ns = ap.parse_args(argv)
    sys.path.insert(0, str(REPO_ROOT))
    hyp = ns.count // 2 if ns.hypothesmith is None else ns.hypothesmith
    start = time.monotonic()
    programs = programs_for(ns.count, ns.seed, hyp)
    work = ns.work or Path(tempfile.mkdtemp(prefix="fuzz-python-"))
    target = ns.target_dir or Path(os.environ.get("CARGO_TARGET_DIR", work / "target"))
    total = run_batches(programs, ns.batch, work, KINDS,
                        lambda batch, folder: run_batch(list(batch), folder, target, log=ns.verbose))
    return finish(total, start, work, ns.work is not None, lambda o: o.name, ns.save, ".py")

if __name__ == "__main__":
    sys.exit(main())
