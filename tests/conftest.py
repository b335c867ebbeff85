"""Shared pytest setup: the `--update-golden` option and fixtures for golden and run tests."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import pytest

# Tests check behaviour, not speed: build generated crates without the release profile's fat LTO
# (benchmarks/ keep it). Subprocess cargo runs inherit this.
os.environ.setdefault("CARGO_PROFILE_RELEASE_LTO", "false")
os.environ.setdefault("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent

for _p in (str(REPO_ROOT), str(TESTS_DIR)):  # `import transpiler` and `import golden` without installing
    if _p not in sys.path:
        sys.path.insert(0, _p)

# If the `transpiler` package itself fails to import (its __init__ pulls in the whole compiler), install
# a bare package object so that self-contained modules such as transpiler.runcase and
# transpiler.conformance still import, and the tests that use only them still run. The error is shown in
# the report header; tests that need the compiler fail on their own imports.
_IMPORT_ERROR: str | None = None
try:
    import transpiler  # noqa: F401
except Exception as _exc:  # pragma: no cover - only while the compiler is broken
    _IMPORT_ERROR = f"{type(_exc).__name__}: {_exc}"
    _pkg = types.ModuleType("transpiler")
    _pkg.__path__ = [str(REPO_ROOT / "transpiler")]
    _pkg.__file__ = str(REPO_ROOT / "transpiler" / "__init__.py")
    sys.modules["transpiler"] = _pkg


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the [out] sections of tests/data/*.test from the actual output instead of failing",
    )


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines: list[str] = []
    if _IMPORT_ERROR is not None:
        lines.append(f"WARNING: the transpiler package does not import ({_IMPORT_ERROR})")
    if config.getoption("--update-golden"):
        lines.append("golden files: updating [out] sections")
    return lines


@pytest.fixture
def golden_update(request: pytest.FixtureRequest) -> bool:
    """True when pytest was started with `--update-golden`; pass it to `golden.check_golden`."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def runtime_dir() -> Path:
    """The runtime crates, to pass as `--runtime-dir` so cases share one compiled runtime."""
    return REPO_ROOT / "runtime-crates"


@pytest.fixture(scope="session")
def cargo_target_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One CARGO_TARGET_DIR shared by every build of the session (the runtime compiles once).

    $CARGO_TARGET_DIR when set; otherwise a folder beside pytest's base temp dir, which with
    pytest-xdist is shared by all workers (cargo's own lock serializes their builds).
    """
    env = os.environ.get("CARGO_TARGET_DIR")
    path = Path(env) if env else tmp_path_factory.getbasetemp().parent / "cargo-target-shared"
    path.mkdir(parents=True, exist_ok=True)
    return path
