"""End-to-end tests of the `python -m transpiler` command line (see transpiler/cli.py for the contract)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

needs_cargo = pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo not installed")

DIAG_RE = r"^(?P<file>[^\n:]+):(?P<line>\d+):(?P<col>\d+): error: .+$"


def transpile(*args: str | Path, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transpiler", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout


def build_and_run(
    src: Path, out: Path, runtime_dir: Path, target_dir: Path, stdin: str = ""
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """Transpile `src`, build it, run its binary and `python3 src`; returns (rust run, python run)."""
    proc = transpile(src, "--out", out, "--runtime-dir", runtime_dir, "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert (out / "Cargo.toml").is_file()
    stem = src.stem
    manifests = [p.read_text() for p in out.glob("*/Cargo.toml")]
    assert any(re.search(rf'\[\[bin\]\]\s*name\s*=\s*"{stem}"', m) for m in manifests), manifests
    env = dict(os.environ, CARGO_TARGET_DIR=str(target_dir))
    build = subprocess.run(
        ["cargo", "build", "--release"], cwd=out, env=env, capture_output=True, text=True, timeout=900
    )
    assert build.returncode == 0, build.stderr[-6000:]
    exe = target_dir / "release" / stem
    assert exe.is_file(), f"no binary {exe}"
    rust = subprocess.run([str(exe)], input=stdin, capture_output=True, text=True, timeout=30)
    py = subprocess.run(
        [sys.executable, str(src)], input=stdin, capture_output=True, text=True, timeout=30, cwd=src.parent
    )
    return rust, py


# ------------------------------------------------------------------ options


def test_help_exits_zero() -> None:
    proc = transpile("--help")
    assert proc.returncode == 0, proc.stderr
    assert "--out" in proc.stdout
    assert "usage" in proc.stdout.lower()


def test_version_exits_zero() -> None:
    from transpiler import __version__

    proc = transpile("--version")
    assert proc.returncode == 0, proc.stderr
    assert __version__ in proc.stdout + proc.stderr


# ------------------------------------------------------------------ generated crate


def test_output_layout(tmp_path: Path) -> None:
    src = write(tmp_path / "tiny_prog.py", 'print("hi")\n')
    out = tmp_path / "out"
    proc = transpile(src, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert (out / "Cargo.toml").is_file()
    manifests = {p: p.read_text() for p in out.glob("*/Cargo.toml")}
    assert any('name = "tiny_prog"' in m and "[[bin]]" in m for m in manifests.values()), manifests
    assert list(out.glob("*/src/bin/tiny_prog.rs")), sorted(str(p) for p in out.rglob("*.rs"))


PROGRAMS = {
    "prints": (
        "def square(n: int) -> int:\n"
        "    return n * n\n"
        "\n"
        "for i in range(4):\n"
        '    print(i, square(i), f"{i / 2:.1f}")\n'
        'print("done", [1, 2], {"a": 1})\n',
        "",
    ),
    "exits3": (
        "import sys\n"
        'print("before")\n'
        "sys.exit(3)\n",
        "",
    ),
    "raises": (
        "def check(n: int) -> int:\n"
        "    if n > 2:\n"
        '        raise ValueError(f"too big: {n}")\n'
        "    return n\n"
        "\n"
        'print("start")\n'
        "print(check(5))\n",
        "",
    ),
    "reads_stdin": (
        'name = input("name? ")\n'
        "n = int(input())\n"
        'print(f"hello {name}", n * 2)\n',
        "world\n21\n",
    ),
}


@needs_cargo
@pytest.mark.parametrize("name", list(PROGRAMS))
def test_compiled_program_matches_python(
    name: str, tmp_path: Path, runtime_dir: Path, cargo_target_dir: Path
) -> None:
    text, stdin = PROGRAMS[name]
    src = write(tmp_path / f"cli_{name}.py", text)
    rust, py = build_and_run(src, tmp_path / "out", runtime_dir, cargo_target_dir, stdin)
    assert rust.stdout == py.stdout
    assert rust.returncode == py.returncode, (rust.returncode, py.returncode, rust.stderr)
    if name == "exits3":
        assert rust.returncode == 3
    if name == "raises":
        assert rust.returncode == 1
        last = rust.stderr.strip().splitlines()[-1]
        assert last == py.stderr.strip().splitlines()[-1] == "ValueError: too big: 5", rust.stderr


# ------------------------------------------------------------------ diagnostics


def test_syntax_error_is_a_diagnostic(tmp_path: Path) -> None:
    src = write(tmp_path / "bad.py", 'print("a")\nx = = 2\n')
    out = tmp_path / "out"
    proc = transpile(src, "--out", out)
    assert proc.returncode == 1
    assert_no_traceback(proc)
    lines = proc.stderr.splitlines()
    idx = next((i for i, ln in enumerate(lines) if re.match(DIAG_RE, ln)), None)
    assert idx is not None, proc.stderr
    m = re.match(DIAG_RE, lines[idx])
    assert m and m.group("file").endswith("bad.py") and m.group("line") == "2", lines[idx]
    assert idx + 2 < len(lines) and "x = = 2" in lines[idx + 1], proc.stderr
    assert re.match(r"^\s*\^~*\s*$", lines[idx + 2]), proc.stderr
    assert not (out / "Cargo.toml").exists()


def test_syntax_error_points_at_the_offending_column(tmp_path: Path) -> None:
    """CPython puts this error at line 2, column 5 (the second `=`); the caret must be under it."""
    src = write(tmp_path / "bad.py", 'print("a")\nx = = 2\n')
    proc = transpile(src, "--out", tmp_path / "out")
    assert proc.returncode == 1
    m = re.search(r"bad\.py:(\d+):(\d+): error:", proc.stderr)
    assert m is not None, proc.stderr
    assert (m.group(1), m.group(2)) == ("2", "5"), proc.stderr
    caret = next(ln for ln in proc.stderr.splitlines() if ln.strip().startswith("^"))
    source = next(ln for ln in proc.stderr.splitlines() if "x = = 2" in ln)
    assert caret.index("^") == source.index("x = = 2") + 4, proc.stderr


def test_missing_input_is_a_diagnostic(tmp_path: Path) -> None:
    proc = transpile(tmp_path / "nope.py", "--out", tmp_path / "out")
    assert proc.returncode == 1
    assert_no_traceback(proc)
    assert re.search(r"nope\.py:\d+:\d+: error: ", proc.stderr), proc.stderr
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ output folder safety


def test_non_empty_foreign_output_folder_is_not_clobbered(tmp_path: Path) -> None:
    src = write(tmp_path / "prog.py", 'print("hi")\n')
    out = tmp_path / "out"
    notes = write(out / "notes.txt", "my notes\n")
    proc = transpile(src, "--out", out)
    assert proc.returncode == 1
    assert_no_traceback(proc)
    assert re.search(r"error: ", proc.stderr), proc.stderr
    assert notes.read_text() == "my notes\n"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_rerun_into_generated_folder_keeps_user_files(tmp_path: Path) -> None:
    src = write(tmp_path / "prog.py", 'print("one")\n')
    out = tmp_path / "out"
    first = transpile(src, "--out", out)
    assert first.returncode == 0, first.stderr
    notes = write(out / "notes.txt", "mine\n")
    write(src, 'print("two")\n')
    second = transpile(src, "--out", out)
    assert second.returncode == 0, second.stderr
    assert notes.read_text() == "mine\n"
    generated = "".join(p.read_text() for p in out.glob("*/src/*.rs"))
    assert '"two' in generated and '"one' not in generated, generated


def test_an_internal_error_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """A bug inside a pass must still never show the user a Python traceback."""
    src = tmp_path / "ok.py"
    src.write_text('print("hi")\n')
    code = (
        "import sys, transpiler.api as api\n"
        "def boom(*a, **k):\n"
        "    raise RuntimeError('simulated bug')\n"
        "api.transpile_project = boom\n"
        "from transpiler.cli import main\n"
        f"sys.exit(main([{str(src)!r}, '--out', {str(tmp_path / 'out')!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "transpile: internal error: RuntimeError: simulated bug" in proc.stderr
