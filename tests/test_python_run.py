"""Run tests: every program in tests/run_cases/ is transpiled, built (warnings denied) and run, and must
print the same stdout, the same last stderr line and exit with the same status as python3."""

from __future__ import annotations

from pathlib import Path

import pytest

from transpiler.runcase import TranspileStatus, build_crate, run_binary, run_original, transpile_case

CASES = sorted((Path(__file__).parent / "run_cases").glob("*.py"))


@pytest.mark.parametrize("src", CASES, ids=[c.stem for c in CASES])
def test_program_behaves_like_python(src: Path, tmp_path: Path, cargo_target_dir: Path, runtime_dir: Path) -> None:
    out = tmp_path / "rust"
    outcome = transpile_case(src, out, runtime_dir)
    assert outcome.status is TranspileStatus.OK, outcome.stderr
    build = build_crate(out, cargo_target_dir, bin_name=src.stem, dest_dir=tmp_path / "bin")
    assert build.ok, build.first_error
    generated_warnings = [ln for ln in build.stderr.splitlines()
                          if ln.startswith("warning") and "pyrt" not in ln and "profiles" not in ln]
    assert not generated_warnings, build.stderr
    assert build.binary is not None
    expected = run_original(src, [], b"", tmp_path, 60)
    actual = run_binary(build.binary, [], b"", tmp_path, 60)
    assert actual.stdout.decode() == expected.stdout.decode()
    assert actual.status == expected.status
    exp_err = expected.stderr.decode().strip().splitlines()
    act_err = actual.stderr.decode().strip().splitlines()
    assert (act_err[-1:] if act_err else []) == (exp_err[-1:] if exp_err else [])
