"""Golden tests of the Python pipeline: IR after type inference, generated Rust, diagnostics.

Data lives in tests/data/python_{ir,rust,diagnostics}.test; `pytest --update-golden` rewrites the
expected outputs. The Rust cases are additionally compiled together, warning-free, as one crate.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.golden import DATA_DIR, GoldenCase, check_golden, golden_params, load_cases
from transpiler.diagnostics import DiagnosticSink
from transpiler.pipeline import PipelineOptions, run_python

IR_FILE = DATA_DIR / "python_ir.test"
RUST_FILE = DATA_DIR / "python_rust.test"
DIAG_FILE = DATA_DIR / "python_diagnostics.test"


def _files(case: GoldenCase) -> list[tuple[Path, str, str]]:
    files = [(Path("main.py"), "main", case.input)]
    for name, text in case.files.items():
        files.append((Path(name), Path(name).with_suffix("").as_posix().replace("/", "."), text))
    return files


def _rustfmt(text: str) -> str:
    proc = subprocess.run(
        ["rustfmt", "--edition", "2021"], input=text, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, f"rustfmt rejected the generated Rust:\n{proc.stderr}\n{text}"
    return proc.stdout


def rust_of(case: GoldenCase) -> str:
    diag = DiagnosticSink()
    unit = run_python(_files(case), diag, PipelineOptions())
    assert not diag.has_errors, diag.render_all()
    return _rustfmt(unit.rust_modules["main"])


@pytest.mark.parametrize("case", golden_params(IR_FILE))
def test_python_ir(case: GoldenCase, golden_update: bool) -> None:
    diag = DiagnosticSink()
    unit = run_python(_files(case), diag, PipelineOptions(dump_ir_after="infer_types"))
    assert not diag.has_errors, diag.render_all()
    dump = "\n".join(unit.ir_dumps)
    # After type inference every node has a concrete type; an unbound variable prints as 't<N>, where N
    # comes from a process-wide counter, so it would also make the golden output depend on test order.
    unbound = sorted(set(re.findall(r"'t\d+", dump)))
    assert not unbound, f"unresolved type variables {unbound} after infer_types:\n{dump}"
    check_golden(golden_update, IR_FILE, case, dump)


@pytest.mark.skipif(shutil.which("rustfmt") is None, reason="rustfmt not installed")
@pytest.mark.parametrize("case", golden_params(RUST_FILE))
def test_python_rust(case: GoldenCase, golden_update: bool) -> None:
    check_golden(golden_update, RUST_FILE, case, rust_of(case))


@pytest.mark.parametrize("case", golden_params(DIAG_FILE))
def test_python_diagnostics(case: GoldenCase, golden_update: bool) -> None:
    diag = DiagnosticSink()
    run_python(_files(case), diag, PipelineOptions())
    assert diag.has_errors, "expected at least one error for this bad input"
    check_golden(golden_update, DIAG_FILE, case, diag.render_all())


@pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo not installed")
def test_golden_rust_compiles_without_warnings(
    tmp_path: Path, repo_root: Path, cargo_target_dir: Path
) -> None:
    """Every [out] of python_rust.test, as one module each of a single crate, builds with -D warnings."""
    cases = load_cases(RUST_FILE)
    assert cases
    src = tmp_path / "src"
    src.mkdir()
    lib: list[str] = []  # no #![allow]: the golden code itself must be warning-free
    for i, case in enumerate(cases):
        assert case.expected, f"case {case.name!r} has no [out]; run with --update-golden"
        (src / f"case{i}.rs").write_text(f"// case {case.name}\n" + case.expected, encoding="utf-8")
        lib.append(f"pub mod case{i};\n")
    (src / "lib.rs").write_text("".join(lib), encoding="utf-8")
    pyrt = (repo_root / "runtime-crates" / "pyrt").resolve()
    (tmp_path / "Cargo.toml").write_text(
        "[package]\n"
        'name = "golden_rust"\n'
        'version = "0.1.0"\n'
        'edition = "2021"\n'
        "publish = false\n\n"
        "[lib]\n"
        'path = "src/lib.rs"\n\n'
        "[dependencies]\n"
        f'pyrt = {{ path = "{pyrt.as_posix()}" }}\n\n'
        "[workspace]\n",
        encoding="utf-8",
    )
    lock = pyrt / "Cargo.lock"
    if lock.exists():
        shutil.copy(lock, tmp_path / "Cargo.lock")
    env = dict(os.environ, RUSTFLAGS="-D warnings", CARGO_TARGET_DIR=str(cargo_target_dir))
    proc = subprocess.run(
        ["cargo", "build", "--release"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, f"golden Rust does not build warning-free:\n{proc.stderr[-8000:]}"
