"""Differential fuzzing of the shell frontend (issue 9).

    python tools/fuzz_shell.py --count 200 --seed 7

A seeded generator writes bash scripts over the subset the frontend compiles: integer arithmetic, variables and
`local`, if/elif/else, while, for over words and `for ((;;))`, case, functions with arguments and return
statuses, command substitution, echo and printf, `[[ ]]` and `[ ]` tests, `&&`/`||`, and the string operations
of parameter expansion. Each script is run by bash and by its transpiled binary; stdout and the exit status
must be the same, or the transpiler must refuse the script with a `file:line:col: error:` diagnostic. Counts:
tried, refused, identical, mismatched, crashed (a traceback, a refusal without a diagnostic, Rust that does
not build, a panic).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_report import Outcome, Report, finish, run_batches  # noqa: E402

KINDS = ('refused', 'identical', 'mismatched', 'crashed')

REPO_ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT = 10
DIAGNOSTIC = re.compile(r"^.+:\d+(?::\d+)?: error: ", re.M)

INTS = ("a", "b", "c")
STRS = ("s", "t")
WORDS = ("alpha", "beta", "gamma", "a.b.c", "x-y", "hello world", "", "abcabc", "HeLLo")
PATTERNS = ("a*", "*a", "?e*", "*.*", "[ab]*", "hello*", "*")


class Gen:
    """One script; the statements keep loops bounded and divisors nonzero, so bash always finishes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []
        self.funcs = 0
        self.loop_depth = 0

    def int_atom(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return self.rng.choice(INTS)
        if r < 0.55:
            return "${#" + self.rng.choice(STRS) + "}"
        return str(self.rng.randint(-20, 50))

    def arith(self, depth: int = 0) -> str:
        if depth > 2 or self.rng.random() < 0.35:
            return self.int_atom()
        op = self.rng.choice(["+", "-", "*", "/", "%", "<", ">=", "==", "!=", "&&", "||", "&", "|", "^", "<<"])
        left, right = self.arith(depth + 1), self.arith(depth + 1)
        if op in ("/", "%"):
            right = f"(({right}) % 7 + 9)"  # in 2..15: never zero
        if op == "<<":
            right = str(self.rng.randint(0, 8))
        if self.rng.random() < 0.15:
            return f"-({left} {op} {right})"
        return f"({left} {op} {right})"

    def str_expr(self) -> str:
        return self._str_choice(self.rng.choice(STRS), self.rng.choice(INTS))

    def _str_choice(self, v: str, i: str) -> str:
        word = self.rng.choice(WORDS)
        return self.rng.choice([
            f"${{{v}}}", f"${{#{v}}}", f"${{{v}#?}}", f"${{{v}%?}}", f"${{{v}##*.}}", f"${{{v}%%.*}}",
            f"${{{v}/a/A}}", f"${{{v}//l/L}}", f"${{{v}^^}}", f"${{{v},,}}", f"${{{v}:1:2}}", f"${{{v}:2}}",
            f"${{{v}:-empty}}", f"${{{v}:+set}}", f"${i}", f"${{{i}}}x", word,
        ])

    def test(self) -> str:
        r = self.rng.random()
        a, b = self.rng.choice(INTS), self.int_atom()
        if r < 0.3:
            op = self.rng.choice(["-lt", "-le", "-eq", "-ne", "-gt", "-ge"])
            return f"[[ ${a} {op} {b} ]]"
        if r < 0.45:
            op = self.rng.choice(["-lt", "-eq", "-ne", "-gt"])
            return f'[ "${a}" {op} {b} ]'
        if r < 0.65:
            return f'[[ "${self.rng.choice(STRS)}" == {self.rng.choice(PATTERNS)} ]]'
        if r < 0.75:
            return f'[[ -z "${self.rng.choice(STRS)}" ]]'
        if r < 0.85:
            return f"(( {self.arith(1)} ))"
        return f'[ "${self.rng.choice(STRS)}" = "{self.rng.choice(WORDS)}" ]'

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("  " * indent + text)

    def output(self, indent: int) -> None:
        r = self.rng.random()
        if r < 0.4:
            self.emit(indent, f'echo "{self.rng.choice(INTS)}=${self.rng.choice(INTS)} {self.str_expr()}"')
        elif r < 0.6:
            self.emit(indent, f"echo {self.str_expr()} $(( {self.arith()} ))")
        elif r < 0.8:
            fmt = self.rng.choice(["%s|%d\\n", "%5s:%-4d|\\n", "[%x %o]\\n", "%03d %s\\n"])
            args = {"%s|%d\\n": ("s", "i"), "%5s:%-4d|\\n": ("s", "i"), "[%x %o]\\n": ("p", "p"),
                    "%03d %s\\n": ("i", "s")}[fmt]
            vals = [f'"{self.str_expr()}"' if k == "s" else f"$(( {self.arith(1)} ))" if k == "i"
                    else f"$(( ({self.arith(1)}) & 1023 ))" for k in args]
            self.emit(indent, f"printf '{fmt}' {' '.join(vals)}")
        else:
            self.emit(indent, f'printf \'%s\\n\' "{self.str_expr()}-{self.str_expr()}"')

    def stmt(self, indent: int, depth: int) -> None:
        r = self.rng.random()
        if depth >= 2 or r < 0.25:
            self.simple(indent)
        elif r < 0.4:
            self.emit(indent, f"if {self.test()}; then")
            self.block(indent + 1, depth + 1)
            if self.rng.random() < 0.4:
                self.emit(indent, f"elif {self.test()}; then")
                self.block(indent + 1, depth + 1)
            if self.rng.random() < 0.6:
                self.emit(indent, "else")
                self.block(indent + 1, depth + 1)
            self.emit(indent, "fi")
        elif r < 0.5:
            words = " ".join(self.rng.sample(["1", "2", "x", "yy", "3"], self.rng.randint(1, 3)))
            self.emit(indent, f"for w in {words}; do")
            self.emit(indent + 1, 'echo "w=$w"')
            self.loop_body(indent + 1, depth + 1)
            self.emit(indent, "done")
        elif r < 0.6:
            k = f"k{depth}"
            self.emit(indent, f"for (({k} = 0; {k} < {self.rng.randint(0, 4)}; {k}++)); do")
            self.emit(indent + 1, f"c=$(( c + {k} ))")
            self.loop_body(indent + 1, depth + 1)
            self.emit(indent, "done")
        elif r < 0.7:
            n = f"n{depth}"
            self.emit(indent, f"{n}=0")
            self.emit(indent, f"while [[ ${n} -lt {self.rng.randint(0, 4)} ]]; do")
            self.emit(indent + 1, f"{n}=$(( {n} + 1 ))")
            self.loop_body(indent + 1, depth + 1)
            self.emit(indent, "done")
        elif r < 0.8:
            self.emit(indent, f'case "${self.rng.choice(STRS)}" in')
            for pat in self.rng.sample(PATTERNS[:-1], 2):
                self.emit(indent + 1, f"{pat})")
                self.block(indent + 2, depth + 1)
                self.emit(indent + 2, ";;")
            self.emit(indent + 1, "*)")
            self.block(indent + 2, depth + 1)
            self.emit(indent + 2, ";;")
            self.emit(indent, "esac")
        elif r < 0.9 and self.funcs:
            f = f"f{self.rng.randrange(self.funcs)}"
            if self.rng.random() < 0.5:
                self.emit(indent, f'{f} "$(( {self.arith(1)} ))" "{self.str_expr()}"')
                self.emit(indent, 'echo "status $?"')
            else:
                self.emit(indent, f'r=$({f} {self.int_atom()} "{self.str_expr()}")')
                self.emit(indent, 'echo "got [$r]"')
        else:
            test = self.test()
            self.emit(indent, f"{test} && echo yes{depth} || echo no{depth}")

    def loop_body(self, indent: int, depth: int) -> None:
        self.loop_depth += 1
        self.block(indent, depth)
        if self.rng.random() < 0.2:
            self.emit(indent, f"if {self.test()}; then {self.rng.choice(['break', 'continue'])}; fi")
        self.loop_depth -= 1

    def simple(self, indent: int) -> None:
        r = self.rng.random()
        if r < 0.35:
            self.emit(indent, f"{self.rng.choice(INTS)}=$(( {self.arith()} ))")
        elif r < 0.5:
            self.emit(indent, f'{self.rng.choice(STRS)}="{self.str_expr()}"')
        elif r < 0.6:
            v = self.rng.choice(INTS)
            self.emit(indent, f"(( {v} += {self.int_atom()} ))" if self.rng.random() < 0.5 else f"let '{v} = {v} * 2'")
        else:
            self.output(indent)

    def block(self, indent: int, depth: int) -> None:
        for _ in range(self.rng.randint(1, 3)):
            self.stmt(indent, depth)

    def function(self) -> None:
        name = f"f{self.funcs}"
        self.emit(0, f"{name}() {{")
        self.emit(1, "local x=$1 y=$2")
        self.emit(1, 'echo "in ' + name + ' x=$x y=$y"')
        self.emit(1, "a=$(( a + x % 5 ))")
        self.block(1, 1)
        self.emit(1, "return $(( (x < 0 ? -x : x) % 4 ))")
        self.emit(0, "}")
        self.funcs += 1

    def program(self) -> str:
        for v in INTS:
            self.emit(0, f"{v}={self.rng.randint(-5, 9)}")
        for v in STRS:
            self.emit(0, f'{v}="{self.rng.choice(WORDS)}"')
        for _ in range(self.rng.randint(0, 2)):
            self.function()
        self.block(0, 0)
        for _ in range(self.rng.randint(1, 3)):
            self.stmt(0, 0)
        self.emit(0, 'echo "end a=$a b=$b c=$c s=$s t=$t"')
        self.emit(0, f"exit $(( (a & 3) * {self.rng.randint(0, 1)} ))")
        return "\n".join(self.lines) + "\n"


def script(rng: random.Random) -> str:
    return Gen(rng).program()


def _run(cmd: list[str], cwd: Path) -> tuple[int | None, str]:
    env = dict(os.environ, LC_ALL="C.UTF-8")
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=RUN_TIMEOUT, cwd=cwd, stdin=subprocess.DEVNULL,
                           env=env)
    except subprocess.TimeoutExpired:
        return None, ""
    return p.returncode, p.stdout.decode("utf-8", "replace")


def _transpile(src: Path, out: Path, runtime_dir: Path) -> tuple[str, str]:
    p = subprocess.run([sys.executable, "-m", "transpiler", str(src), "--out", str(out), "--runtime-dir",
                        str(runtime_dir), "--quiet"], capture_output=True, text=True, cwd=REPO_ROOT, timeout=600)
    text = p.stdout + p.stderr
    if p.returncode == 0:
        return "ok", ""
    if p.returncode == 1 and DIAGNOSTIC.search(text) and "internal error" not in text:
        return "refused", text[:600]
    return "crashed", f"transpile exited {p.returncode}:\n{text[-3000:]}"


def run_batch(scripts: list[tuple[str, str]], work: Path, target_dir: Path,
              runtime_dir: Path = REPO_ROOT / "runtime-crates") -> Report:
    """scripts: (name, text). Transpiled together (one by one where the batch is refused), built as one crate,
    each binary compared with bash."""
    report = Report(KINDS)
    src = work / "src"
    src.mkdir(parents=True, exist_ok=True)
    accepted = dict(scripts)
    for name, text in scripts:
        (src / f"{name}.sh").write_text(text)
    out = work / "out"
    kind, detail = _transpile(src, out, runtime_dir)
    if kind != "ok":  # find the ones refused or crashing, one at a time
        for name, text in scripts:
            one = work / "one" / name
            one.mkdir(parents=True, exist_ok=True)
            (one / f"{name}.sh").write_text(text)
            k, d = _transpile(one, one / "out", runtime_dir)
            if k != "ok":
                report.outcomes.append(Outcome(name, text, k, d))
                del accepted[name]
                (src / f"{name}.sh").unlink()
        if not accepted:
            return report
        shutil.rmtree(out, ignore_errors=True)
        kind, detail = _transpile(src, out, runtime_dir)
        if kind != "ok":
            report.outcomes += [Outcome(n, t, "crashed", "accepted alone, not in a batch:\n" + detail)
                                for n, t in accepted.items()]
            return report
    env = dict(os.environ, CARGO_TARGET_DIR=str(target_dir))
    build = subprocess.run(["cargo", "build", "--release", "--message-format", "short"], cwd=out, env=env,
                           capture_output=True, text=True, timeout=3600)
    if build.returncode != 0:
        report.outcomes += [Outcome(n, t, "crashed", "generated Rust does not build:\n" + build.stderr[-3000:])
                            for n, t in accepted.items()]
        return report
    run_dir = work / "run"
    run_dir.mkdir(exist_ok=True)
    for name, text in accepted.items():
        bcode, bout = _run(["bash", str(src / f"{name}.sh")], run_dir)
        rcode, rout = _run([str(target_dir / "release" / name)], run_dir)
        if bcode is None:
            report.outcomes.append(Outcome(name, text, "mismatched", "bash timed out (the generator's bug)"))
        elif rcode == 101 or rcode is None:
            report.outcomes.append(Outcome(name, text, "crashed", f"binary status {rcode}"))
        elif (bcode, bout) == (rcode, rout):
            report.outcomes.append(Outcome(name, text, "identical"))
        else:
            report.outcomes.append(Outcome(name, text, "mismatched", f"bash: status {bcode}\n{bout[-1500:]}\n"
                                           f"ours: status {rcode}\n{rout[-1500:]}"))
    return report


def scripts_for(count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(f"sh{seed}_{i:04d}", script(rng)) for i in range(count)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=200, help="scripts to generate")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=100, help="scripts per crate")
    ap.add_argument("--work", type=Path, default=None, help="keep the work here (default: a temp folder)")
    ap.add_argument("--target-dir", type=Path, default=None, help="CARGO_TARGET_DIR (default: $CARGO_TARGET_DIR)")
    ap.add_argument("--save", type=Path, default=None, help="write each mismatch/crash here as a .sh file")
    ns = ap.parse_args(argv)
    start = time.monotonic()
    scripts = scripts_for(ns.count, ns.seed)
    work = ns.work or Path(tempfile.mkdtemp(prefix="fuzz-shell-"))
    target = ns.target_dir or Path(os.environ.get("CARGO_TARGET_DIR", work / "target"))
    total = run_batches(scripts, ns.batch, work, KINDS, lambda batch, folder: run_batch(list(batch), folder, target))
    return finish(total, start, work, ns.work is not None, lambda o: o.name, ns.save, ".sh")

if __name__ == "__main__":
    sys.exit(main())
