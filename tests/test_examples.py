"""End-to-end tests for the programs under examples/.

Each case transpiles one example folder into a Cargo workspace, builds it with
`cargo build --release` (warning-free for the generated crate), then runs the binary
and `python3` on the same arguments and stdin and compares stdout and the exit status
(and, for error cases, the last line of stderr).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"

pytestmark = pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed")


@dataclass(frozen=True)
class Case:
    id: str
    example: str
    args: tuple[str, ...] = ()
    stdin_file: str | None = None
    expect_error: bool = False
    extra: dict[str, str] = field(default_factory=dict)


CASES = [
    Case("wordfreq", "wordfreq", stdin_file="input.txt"),
    Case("primes-default", "primes"),
    Case("primes-small", "primes", args=("30",)),
    Case("primes-zero", "primes", args=("0",)),
    Case("primes-bad-arg", "primes", args=("abc",), expect_error=True),
    Case("primes-negative", "primes", args=("-5",), expect_error=True),
    Case("bank", "bank"),
    Case("matrix-default", "matrix"),
    Case("matrix-small", "matrix", args=("7",)),
]

_BUILT: dict[str, Path] = {}


def _generated_warnings(stderr: str, crate: str) -> list[str]:
    """`warning:` blocks from cargo's stderr that concern the generated crate, not the runtime crate."""
    found = []
    for block in re.split(r"\n(?=\S)", stderr):
        if not block.startswith("warning"):
            continue
        summary = re.match(r"warning: `([^`]+)` \((?:lib|bin [^)]*)\) generated \d+ warnings?", block)
        if summary:
            if summary.group(1) == crate:
                found.append(block)
            continue
        locations = re.findall(r"-->\s*(\S+)", block)
        if any("runtime-crates" not in loc and "pyrt" not in loc for loc in locations):
            found.append(block)
    return found


def _build(example: str, tmp_path: Path, runtime_dir: Path, cargo_target_dir: Path) -> Path:
    if example in _BUILT:
        return _BUILT[example]
    out = tmp_path / f"ws-{example}"
    tr = subprocess.run(
        [sys.executable, "-m", "transpiler", str(EXAMPLES / example), "--out", str(out),
         "--runtime-dir", str(runtime_dir)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert tr.returncode == 0, f"transpile failed:\n{tr.stdout}\n{tr.stderr}"
    env = dict(os.environ, CARGO_TARGET_DIR=str(cargo_target_dir))
    build = subprocess.run(
        ["cargo", "build", "--release"], cwd=out, capture_output=True, text=True, env=env, timeout=900,
    )
    assert build.returncode == 0, f"cargo build failed:\n{build.stderr[-6000:]}"
    warnings = _generated_warnings(build.stderr, example)
    assert not warnings, "generated crate builds with warnings:\n" + "\n".join(warnings)
    exe = cargo_target_dir / "release" / example
    assert exe.exists(), f"binary {exe} was not built"
    _BUILT[example] = exe
    return exe


def _last_line(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_example(case: Case, tmp_path: Path, runtime_dir: Path, cargo_target_dir: Path) -> None:
    exe = _build(case.example, tmp_path, runtime_dir, cargo_target_dir)
    src = EXAMPLES / case.example / f"{case.example}.py"
    stdin = (EXAMPLES / case.example / case.stdin_file).read_text() if case.stdin_file else None
    py = subprocess.run(
        [sys.executable, str(src), *case.args], input=stdin, capture_output=True, text=True, timeout=300,
    )
    rs = subprocess.run([str(exe), *case.args], input=stdin, capture_output=True, text=True, timeout=300)
    assert rs.stdout == py.stdout
    assert rs.returncode == py.returncode
    if case.expect_error:
        assert py.returncode != 0
        assert _last_line(rs.stderr) == _last_line(py.stderr)
    else:
        assert py.returncode == 0, py.stderr
