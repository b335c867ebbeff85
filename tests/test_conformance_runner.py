"""Tests of the conformance runner and the golden-file helpers; none needs a working transpiler except
the last end-to-end test."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.golden import GoldenFormatError, check_golden, load_cases, parse_cases, update_case_output
from transpiler.conformance import (
    COMPILE_ERROR,
    PASS,
    REFUSED,
    TIMEOUT,
    UNSCORED,
    WRONG_OUTPUT,
    CaseResult,
    Report,
    compare_run,
    count_unsafe_in_crate,
    discover_cases,
    environment_failure,
    expected_status_of,
    format_report,
    main,
    stdout_diff,
    unsafe_line_count,
)
from transpiler.runcase import (
    RunResult,
    TranspileStatus,
    build_crate,
    case_cwd,
    classify_transpile,
    run_binary,
    run_original,
)

REPO_ROOT = Path(__file__).resolve().parent.parent


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------------------
# Discovery


def test_discover_folder_layout(tmp_path: Path) -> None:
    _write(tmp_path / "b_case" / "input.py", "print(1)\n")
    _write(tmp_path / "b_case" / "args", "one\ntwo words\n")
    (tmp_path / "b_case" / "stdin").write_bytes(b"in\x00put")
    _write(tmp_path / "b_case" / "expected_stdout", "1\n")
    _write(tmp_path / "b_case" / "expected_status", "3\n")
    _write(tmp_path / "a_case" / "input.sh", "echo hi\n")
    _write(tmp_path / "c_case" / "input.c", "int main(void){return 0;}\n")
    _write(tmp_path / "not_a_case" / "readme.txt", "nothing\n")
    _write(tmp_path / ".hidden" / "input.py", "print(2)\n")

    cases = discover_cases(tmp_path)
    assert [c.name for c in cases] == ["a_case", "b_case", "c_case"]
    a, b, c = cases
    assert a.source == tmp_path / "a_case" / "input.sh" and a.case_dir == tmp_path / "a_case"
    assert a.args == [] and a.stdin == b"" and a.expected_stdout is None and a.expected_status is None
    assert b.args == ["one", "two words"]
    assert b.stdin == b"in\x00put"
    assert b.expected_stdout == b"1\n" and b.expected_status == 3
    assert c.source.name == "input.c" and c.bin_name == "case_c_case"  # folder cases build under a unique name


def test_discover_flat_layout(tmp_path: Path) -> None:
    for name in ("zeta.py", "alpha.sh", "mid.c", "notes.txt", "__init__.py"):
        _write(tmp_path / name, "\n")
    cases = discover_cases(tmp_path)
    assert [c.name for c in cases] == ["alpha", "mid", "zeta"]
    assert all(c.case_dir is None and c.args == [] and c.stdin == b"" for c in cases)
    assert cases[2].bin_name == "zeta"


def test_discover_same_stem_keeps_file_names(tmp_path: Path) -> None:
    _write(tmp_path / "x.py", "\n")
    _write(tmp_path / "x.c", "\n")
    assert [c.name for c in discover_cases(tmp_path)] == ["x.c", "x.py"]


# --------------------------------------------------------------------------------------------------------
# Running originals


def test_run_original_python_and_expected_status(tmp_path: Path) -> None:
    src = _write(
        tmp_path / "prog.py",
        "import sys\nprint('args', sys.argv[1:])\nprint(sys.stdin.read().upper(), end='')\nsys.exit(3)\n",
    )
    res = run_original(src, ["a", "b c"], b"hello\n", tmp_path, timeout=30)
    assert res == RunResult(b"args ['a', 'b c']\nHELLO\n", b"", 3, False)

    cases = discover_cases(tmp_path)
    assert expected_status_of(cases[0], res) == 3


def test_run_original_shell_writes_in_its_own_copy(tmp_path: Path) -> None:
    case_dir = tmp_path / "corpus" / "writer"
    src = _write(case_dir / "input.sh", 'echo "$1" > out.txt\ncat out.txt\nexit 4\n')
    with case_cwd(case_dir, src, tmp_path) as cwd:
        res = run_original(src, ["x"], b"", cwd, timeout=30)
        assert (cwd / "out.txt").read_text() == "x\n"
    assert not cwd.exists()
    assert not (case_dir / "out.txt").exists()
    assert (res.stdout, res.status, res.timed_out) == (b"x\n", 4, False)


def test_run_original_c(tmp_path: Path) -> None:
    src = _write(
        tmp_path / "m.c",
        '#include <stdio.h>\n#include <math.h>\nint main(void){printf("%.0f\\n", sqrt(16.0)); return 2;}\n',
    )
    res = run_original(src, [], b"", tmp_path, timeout=60)
    assert (res.stdout, res.status) == (b"4\n", 2)


def test_run_timeout_kills(tmp_path: Path) -> None:
    src = _write(tmp_path / "slow.sh", "echo start\nsleep 30 &\nwait\n")
    res = run_original(src, [], b"", tmp_path, timeout=0.5)
    assert res.timed_out
    assert res.stdout == b"start\n"


def test_environment_failure_of_missing_module(tmp_path: Path) -> None:
    src = _write(tmp_path / "imp.py", "import no_such_module_here\nprint('x')\n")
    res = run_original(src, [], b"", tmp_path, timeout=30)
    assert environment_failure(res) == "ModuleNotFoundError: No module named 'no_such_module_here'"
    raising = _write(tmp_path / "raise.py", "print('a')\nraise ValueError('bad')\n")
    assert environment_failure(run_original(raising, [], b"", tmp_path, timeout=30)) == ""
    exiting = _write(tmp_path / "exit.py", "import sys\nsys.exit(3)\n")
    assert environment_failure(run_original(exiting, [], b"", tmp_path, timeout=30)) == ""


def test_run_binary_status_of_signal(tmp_path: Path) -> None:
    script = _write(tmp_path / "killer", "#!/bin/sh\nkill -9 $$\n")
    script.chmod(0o755)
    res = run_binary(script, [], b"", tmp_path, timeout=30)
    assert res.status == 128 + 9 and not res.timed_out


def test_expected_status_defaults(tmp_path: Path) -> None:
    _write(tmp_path / "given" / "input.py", "\n")
    _write(tmp_path / "given" / "expected_stdout", "x\n")
    _write(tmp_path / "plain" / "input.py", "\n")
    given, plain = discover_cases(tmp_path)
    ran = RunResult(b"", b"", 5, False)
    assert expected_status_of(given, ran) == 0  # expected_stdout given, no expected_status: 0
    assert expected_status_of(plain, ran) == 5  # derived from the original
    assert expected_status_of(plain, None) == 0


# --------------------------------------------------------------------------------------------------------
# Classifying and comparing


def test_classify_transpile(tmp_path: Path) -> None:
    assert classify_transpile(0, "", tmp_path) is TranspileStatus.CRASH  # no Cargo.toml
    _write(tmp_path / "Cargo.toml", "[workspace]\n")
    assert classify_transpile(0, "", tmp_path) is TranspileStatus.OK
    diag = "a.py:3:5: error: eval is not supported\n    eval('1')\n    ^~~~\n"
    assert classify_transpile(1, diag, tmp_path) is TranspileStatus.REFUSED
    assert classify_transpile(1, "something broke\n", tmp_path) is TranspileStatus.CRASH
    tb = "Traceback (most recent call last):\n  File ...\nKeyError: 'x'\n"
    assert classify_transpile(1, tb, tmp_path) is TranspileStatus.CRASH
    assert classify_transpile(-11, diag, tmp_path) is TranspileStatus.CRASH


def test_compare_run() -> None:
    assert compare_run(b"a\n", 0, RunResult(b"a\n", b"noise", 0, False)) == (PASS, "")
    kind, detail = compare_run(b"a\n", 0, RunResult(b"a\n", b"", 1, False))
    assert kind == WRONG_OUTPUT and "exit status: expected 0, got 1" in detail
    kind, detail = compare_run(b"a\nb\n", 0, RunResult(b"a\nc\n", b"thread 'main' panicked at x", 0, False))
    assert kind == WRONG_OUTPUT and "-b" in detail and "+c" in detail and "panicked" in detail
    assert compare_run(b"a\n", 0, RunResult(b"a", b"", 0, False))[0] == WRONG_OUTPUT  # byte for byte
    assert compare_run(b"a\n", 0, RunResult(b"a\n", b"", 137, True))[0] == TIMEOUT


def test_stdout_diff_is_short() -> None:
    exp = b"".join(b"%d\n" % i for i in range(100))
    act = b"".join(b"%d\n" % (i * 2) for i in range(100))
    diff = stdout_diff(exp, act, max_lines=5)
    assert len(diff.splitlines()) == 6 and "more diff lines" in diff
    assert "expected" in stdout_diff(b"a\r\n", b"a\n")


# --------------------------------------------------------------------------------------------------------
# Unsafe lines

SAMPLE_RS = r"""use std::io;

// unsafe { not code }
/* unsafe { nor /* nested */ this } */
fn safe() -> &'static str {
    let s = "unsafe { in a string }";
    let c = '{';
    s
}

unsafe fn raw_ptr(p: *const i32) -> i32 {
    let q = r#"}"#;
    *p
}

fn mixed(v: &mut [u8]) {
    let x = 1;
    unsafe {
        let p = v.as_mut_ptr();

        *p = b'}';
    }
    let y: Option<unsafe fn()> = None;
}

unsafe impl Send for Foo {}

extern "C" {
    fn abs(x: i32) -> i32;
}

unsafe extern "C" fn callback() {
    unsafe { abs(1) };
}
"""


def test_unsafe_line_count() -> None:
    unsafe, total = unsafe_line_count(SAMPLE_RS)
    nonblank = sum(1 for ln in SAMPLE_RS.splitlines() if ln.strip())
    assert total == nonblank
    # raw_ptr: 4 lines; the block in mixed: 4 non-blank lines; callback: 3 lines (nested block once)
    assert unsafe == 4 + 4 + 3


def test_unsafe_line_count_edge_cases() -> None:
    assert unsafe_line_count("") == (0, 0)
    assert unsafe_line_count("fn f() { unsafe { g() } }\n") == (1, 1)
    assert unsafe_line_count("trait T { unsafe fn f(&self); }\nfn g() {}\n") == (0, 2)
    assert unsafe_line_count('fn f() { let s = "\\"unsafe {"; }\n') == (0, 1)


def test_count_unsafe_in_crate_skips_runtime_and_target(tmp_path: Path) -> None:
    _write(tmp_path / "prog" / "src" / "main.rs", "fn main() {\n    unsafe {\n        f();\n    }\n}\n")
    _write(tmp_path / "pyrt" / "src" / "lib.rs", "unsafe fn f() {\n}\n")
    _write(tmp_path / "target" / "x.rs", "unsafe fn f() {\n}\n")
    assert count_unsafe_in_crate(tmp_path, {"pyrt"}) == (3, 5)
    assert count_unsafe_in_crate(tmp_path) == (5, 7)


# --------------------------------------------------------------------------------------------------------
# Report


def test_format_report() -> None:
    report = Report(
        [
            CaseResult("a", PASS, "", 1, 10),
            CaseResult("b", REFUSED, "b.py:1:1: error: eval is not supported"),
            CaseResult("c", WRONG_OUTPUT, "exit status: expected 0, got 1", 0, 10),
            CaseResult("d", PASS, "", 0, 20),
            CaseResult("e", COMPILE_ERROR, "error[E0308]: mismatched types", 1, 10),
            CaseResult("f", UNSCORED, "the original ran past the 1s timeout"),
            CaseResult("g", REFUSED, "g.py:2:1: error: exec is not supported"),
        ]
    )
    text = format_report(report)
    lines = text.splitlines()
    assert lines[0] == "2/6 pass (33.3%); all 7 cases: 2/7 (28.6%)"
    assert lines[1] == "refused: 2, crash: 0, compile error: 1, wrong output: 1, timeout: 0"
    assert "refused (2): b g" in lines
    assert "compile error (1): e" in lines
    assert "wrong output (1): c" in lines
    assert not any(ln.startswith("crash") for ln in lines)
    assert lines[-1] == "unsafe lines: 2/50 (4.0%)"
    assert "eval is not supported" not in text

    verbose = format_report(report, verbose=True)
    assert "    b.py:1:1: error: eval is not supported" in verbose.splitlines()
    assert "error[E0308]" in verbose


def test_format_report_empty() -> None:
    assert format_report(Report([])).splitlines()[0] == "0/0 pass (0.0%)"
    assert format_report(Report([])).splitlines()[-1] == "unsafe lines: 0/0 (0.0%)"


def test_main_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ns = argparse.Namespace(corpus=tmp_path / "missing", jobs=1, timeout=1.0, work=None, verbose=False)
    assert main(ns) == 2
    assert "no such corpus" in capsys.readouterr().err
    ns.corpus = tmp_path
    assert main(ns) == 2  # empty corpus


def test_build_crate_reports_cargo_failure(tmp_path: Path) -> None:
    _write(
        tmp_path / "ws" / "Cargo.toml", '[package]\nname = "broken"\nversion = "0.1.0"\nedition = "2021"\n'
    )
    _write(tmp_path / "ws" / "src" / "main.rs", 'fn main() { let x: i32 = "no"; }\n')
    built = build_crate(tmp_path / "ws", tmp_path / "target", timeout=300, bin_name="broken")
    assert not built.ok and built.binary is None
    assert "mismatched types" in built.first_error


def test_build_crate_copies_binary(tmp_path: Path) -> None:
    _write(tmp_path / "ws" / "Cargo.toml", '[package]\nname = "okay"\nversion = "0.1.0"\nedition = "2021"\n')
    _write(tmp_path / "ws" / "src" / "main.rs", 'fn main() { println!("ok"); std::process::exit(7); }\n')
    built = build_crate(
        tmp_path / "ws", tmp_path / "target", timeout=300, bin_name="okay", dest_dir=tmp_path / "b"
    )
    assert built.ok and built.binary == tmp_path / "b" / "okay"
    res = run_binary(built.binary, [], b"", tmp_path, timeout=30)
    assert (res.stdout, res.status) == (b"ok\n", 7)
    assert not build_crate(tmp_path / "ws", tmp_path / "target", timeout=300, bin_name="other").ok


# --------------------------------------------------------------------------------------------------------
# Golden files

GOLDEN_TEXT = """\
-- a header, ignored
[case first]
print(1)

[out]
1

[case second]
x = 1
[file helper.py]
def f(): pass
[out]
old
line

[case third]
pass
"""


def test_parse_golden(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.test", GOLDEN_TEXT)
    first, second, third = load_cases(path)
    assert (first.name, first.input, first.expected, first.line) == ("first", "print(1)\n", "1\n", 2)
    assert second.files == {"helper.py": "def f(): pass\n"}
    assert second.expected_lines == ["old", "line"]
    assert (third.input, third.expected) == ("pass\n", "")


@pytest.mark.parametrize(
    "bad",
    ["[out]\n1\n", "[case a]\n[case a]\n", "[case]\n", "[case a]\n[out]\n[file x]\n"],
)
def test_parse_golden_errors(bad: str) -> None:
    with pytest.raises(GoldenFormatError):
        parse_cases(bad)


def test_check_golden_and_update(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.test", GOLDEN_TEXT)
    first, second, third = load_cases(path)
    check_golden(False, path, first, "1  \n\n")  # trailing whitespace is not significant
    with pytest.raises(pytest.fail.Exception, match=r"(?s)x\.test:8: .*-old\n-line\n\+new"):
        check_golden(False, path, second, "new\n")

    check_golden(True, path, second, "new\n")
    check_golden(True, path, third, "3\n")
    check_golden(True, path, first, "one\n")
    text = path.read_text()
    assert (
        text
        == GOLDEN_TEXT.replace("old\nline\n", "new\n").replace("[out]\n1\n", "[out]\none\n") + "[out]\n3\n"
    )
    assert [c.expected for c in load_cases(path)] == ["one\n", "new\n", "3\n"]


def test_update_case_output_missing_out_in_middle(tmp_path: Path) -> None:
    path = _write(tmp_path / "y.test", "[case a]\nx\n\n\n[case b]\ny\n[out]\n2\n")
    update_case_output(path, "a", "1\n")
    assert path.read_text() == "[case a]\nx\n[out]\n1\n\n\n[case b]\ny\n[out]\n2\n"
    with pytest.raises(GoldenFormatError):
        update_case_output(path, "zzz", "")


def test_golden_update_fixture(golden_update: bool) -> None:
    assert isinstance(golden_update, bool)


def test_cargo_target_dir_fixture(cargo_target_dir: Path) -> None:
    assert cargo_target_dir.is_dir()


# --------------------------------------------------------------------------------------------------------
# End to end (needs the transpiler)


def test_conformance_command_end_to_end(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus / "hello.py", 'print("Hello, world!")\n')
    _write(corpus / "uses_eval.py", 'print(eval("1"))\n')
    proc = subprocess.run(
        [sys.executable, "-m", "transpiler", "conformance", str(corpus), "-j", "2", "--verbose"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^\d+/2 pass \(\d+\.\d%\)$", proc.stdout, re.MULTILINE), proc.stdout + proc.stderr
    assert re.search(
        r"^refused: \d+, crash: \d+, compile error: \d+, wrong output: \d+, timeout: \d+$",
        proc.stdout,
        re.MULTILINE,
    )
    assert re.search(r"^unsafe lines: \d+/\d+ \(\d+\.\d%\)$", proc.stdout, re.MULTILINE)
    assert not list(REPO_ROOT.glob("conformance-*"))
