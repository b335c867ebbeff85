"""Exact error paths at run time (issue 9) for C and shell: each program or script is built once with the others
and must exit as the gcc build or bash does (status, stdout, and the message on stderr).

C: exit(n) flushes stdio and exits n; abort() dies by SIGABRT and loses stdout still buffered for a pipe; a
failing assert prints glibc's `prog: file:line: func: Assertion `expr' failed.` and aborts; main's return value
is taken modulo 256. Shell: `set -e` stops at the first failing command except where bash exempts it, `set -u`
stops at an unset variable with bash's message and status, `exit` statuses wrap at 256, a missing command is 127.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
RUNTIME = REPO_ROOT / "runtime-crates"

pytestmark = pytest.mark.skipif(shutil.which("cargo") is None or shutil.which("gcc") is None
                                or shutil.which("bash") is None, reason="needs cargo, gcc and bash")

C_PROGRAMS = {
    "c_exit_in_callee": r"""
#include <stdio.h>
#include <stdlib.h>
static void fail(int code) { printf("failing with %d\n", code); exit(code); }
int main(void) { printf("start\n"); fail(3); printf("not reached\n"); return 0; }
""",
    "c_abort_loses_buffered_stdout": r"""
#include <stdio.h>
#include <stdlib.h>
int main(void) { printf("buffered, never written to a pipe\n"); fputs("on stderr\n", stderr); abort(); }
""",
    "c_abort_after_fflush": r"""
#include <stdio.h>
#include <stdlib.h>
int main(void) { printf("flushed first\n"); fflush(stdout); abort(); }
""",
    "c_failing_assert": r"""
#include <assert.h>
#include <stdio.h>
static int half(int x) { assert(x % 2 == 0); return x / 2; }
int main(void) { printf("%d\n", half(8)); fflush(stdout); printf("%d\n", half(7)); return 0; }
""",
    "c_passing_assert_with_ndebug_off": r"""
#include <assert.h>
#include <stdio.h>
int main(void) { int n = 4; assert(n > 0 && "positive"); printf("ok %d\n", n); return 0; }
""",
    "c_main_returns_300": r"""
#include <stdio.h>
int main(void) { printf("big status\n"); return 300; }
""",
    "c_exit_negative": r"""
#include <stdlib.h>
int main(void) { exit(-1); }
""",
}

SHELL_SCRIPTS = {
    "sh_set_e_stops": """
set -e
echo one
false
echo not reached
""",
    "sh_set_e_exemptions": """
set -e
false || echo "or-list is exempt"
if false; then echo no; else echo "if condition is exempt"; fi
while false; do :; done
! true
echo "negated is exempt"
f() { false; echo "not reached in f"; }
f
echo "not reached"
""",
    "sh_set_e_in_subshell": """
set -e
(false; echo "not reached in subshell")
echo "not reached either"
""",
    "sh_set_e_status_of_failing_command": """
set -e
echo before
(exit 7)
echo after
""",
    "sh_set_u_unset_variable": """
set -u
x=1
echo "x=$x"
echo "y=$y"
echo not reached
""",
    "sh_set_u_default_is_fine": """
set -u
echo "${missing:-default} ${#} $#"
unset gone
echo "${gone-}" done
""",
    "sh_exit_wraps": """
echo out
exit 300
""",
    # shell safety: values with shell syntax in them reach external commands as exact argv, never through `sh -c`
    "sh_no_shell_strings": """
x='$(touch pwned1); `touch pwned2`; echo "quoted" > pwned3'
y="a'b\\"c;d|e&f>g"
/usr/bin/printf '[%s]\\n' "$x" "$y" $y
env printf '%s\\n' "$x"
cmd="echo injected; touch pwned4"
$cmd
ls pwned* 2>/dev/null | wc -l
""",
    "sh_exit_statuses": """
false; echo "false=$?"
(exit 255); echo "sub=$?"
no_such_command_xyz 2>/dev/null; echo "missing=$?"
f() { return 3; }; f; echo "f=$?"
! f; echo "not f=$?"
exit 258
""",
}


def _cargo_build(out: Path, target: Path) -> None:
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), RUSTFLAGS="-D warnings")
    b = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=out, capture_output=True, text=True,
                       env=env, timeout=1800)
    assert b.returncode == 0, b.stderr[-4000:]


def _transpile(src: Path, out: Path) -> None:
    tr = subprocess.run([sys.executable, "-m", "transpiler", str(src), "--out", str(out), "--runtime-dir",
                         str(RUNTIME)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert tr.returncode == 0, tr.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, cargo_target_dir: Path) -> Path:
    """The C programs and shell scripts in one project, transpiled and built once; returns the src folder."""
    src = tmp_path_factory.mktemp("errpaths") / "src"
    src.mkdir()
    for name, text in C_PROGRAMS.items():
        (src / f"{name}.c").write_text(text.lstrip())
    for name, text in SHELL_SCRIPTS.items():
        (src / f"{name}.sh").write_text(text.lstrip())
    out = src.parent / "rust"
    _transpile(src, out)
    _cargo_build(out, cargo_target_dir)
    return src


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, cwd=cwd, timeout=60, stdin=subprocess.DEVNULL)


def _assert_message(stderr: str) -> str:
    """glibc's assertion message without the program path it starts with."""
    line = next((ln for ln in stderr.splitlines() if "Assertion" in ln), "")
    return re.sub(r"^[^:]*: [^:]*?([^/:]+\.c):", r"\1:", line)


@pytest.mark.parametrize("name", sorted(C_PROGRAMS))
def test_c_error_path_matches_gcc(name: str, built: Path, cargo_target_dir: Path, tmp_path: Path) -> None:
    exe = tmp_path / "gcc.out"
    subprocess.run(["gcc", "-O2", "-w", "-o", str(exe), str(built / f"{name}.c"), "-lm"], check=True)
    gcc = _run([str(exe)], tmp_path)
    ours = _run([str(cargo_target_dir / "release" / name)], tmp_path)
    assert (ours.returncode, ours.stdout) == (gcc.returncode, gcc.stdout)
    if "assert" in name and gcc.returncode != 0:
        assert _assert_message(ours.stderr) == _assert_message(gcc.stderr) != ""
    elif "abort" in name:
        assert ours.stderr == gcc.stderr


@pytest.mark.parametrize("name", sorted(SHELL_SCRIPTS))
def test_shell_error_path_matches_bash(name: str, built: Path, cargo_target_dir: Path, tmp_path: Path) -> None:
    bash = _run(["bash", str(built / f"{name}.sh")], tmp_path)
    ours = _run([str(cargo_target_dir / "release" / name)], tmp_path)
    assert (ours.returncode, ours.stdout) == (bash.returncode, bash.stdout)
    # bash names the script in its messages (`path: line N: y: unbound variable`); compare what follows
    strip = re.compile(r"^.*?: line (\d+): ", re.M)
    assert strip.sub(r"line \1: ", ours.stderr) == strip.sub(r"line \1: ", bash.stderr)


def test_shell_binaries_never_run_a_shell_string(built: Path, cargo_target_dir: Path, tmp_path: Path) -> None:
    """Issue 9's shell safety: the injection attempts above created no file, and nothing in the shell runtime or
    in generated code starts `sh`/`bash` with `-c`."""
    ours = _run([str(cargo_target_dir / "release" / "sh_no_shell_strings")], tmp_path)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.splitlines()[-1].strip() == "0"
    assert not list(tmp_path.glob("pwned*"))
    sources = list((RUNTIME / "shrt" / "src").glob("*.rs")) + list((built.parent / "rust").rglob("*.rs"))
    assert sources
    spawn_shell = re.compile(r'Command::new\(\s*"(?:/bin/)?(?:ba)?sh"|"-c"\s*[,\]]')
    for path in sources:
        if "target" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert not spawn_shell.search(text), path
