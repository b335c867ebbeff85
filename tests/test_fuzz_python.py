"""Differential fuzzing of the Python frontend, bounded and seeded for CI (issue 9).

Programs come from hypothesmith (any valid Python: mostly refused, must never crash the transpiler) and from
tools/fuzz_python.py's generator of typed programs in the supported subset (mostly built and run). Each must
be refused with a diagnostic, or build and print what CPython prints with the same exit status. Longer runs:
`python tools/fuzz_python.py --count 1000 --seed N`.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools"

TYPED_COUNT = 30
HYPOTHESMITH_COUNT = 12
SEED = 20260


def _fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_python", TOOLS / "fuzz_python.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_python"] = mod
    spec.loader.exec_module(mod)
    return mod


def _report_problems(report: object) -> str:
    return "\n\n".join(f"=== {o.kind}: {o.name}\n{o.source}\n--- {o.detail}" for o in report.problems())  # type: ignore[attr-defined]


def test_typed_generator_is_deterministic_and_valid() -> None:
    fz = _fuzz()
    a = [fz.typed_program(random.Random(5)) for _ in range(3)]
    b = [fz.typed_program(random.Random(5)) for _ in range(3)]
    assert a == b
    rng = random.Random(SEED)
    for _ in range(200):
        compile(fz.typed_program(rng), "<generated>", "exec")


def test_differential_fuzz(tmp_path: Path, cargo_target_dir: Path, runtime_dir: Path) -> None:
    fz = _fuzz()
    hyp = HYPOTHESMITH_COUNT if importlib.util.find_spec("hypothesmith") is not None else 0
    programs = fz.programs_for(TYPED_COUNT, SEED, hyp)
    report = fz.run_batch(programs, tmp_path / "fuzz", cargo_target_dir, runtime_dir)
    print(f"\nfuzz (seed {SEED}): {report.summary()}")
    assert len(report.outcomes) == len(programs)
    assert report.count("crashed") == 0, _report_problems(report)
    assert report.count("mismatched") == 0, _report_problems(report)
    # the typed generator is there to exercise the backend: most of its programs must get through
    typed_ran = sum(1 for o in report.outcomes if "_t" in o.name and o.kind in ("identical", "overflow"))
    assert typed_ran >= TYPED_COUNT // 2, report.summary()


def test_hypothesmith_programs_never_crash_the_transpiler(tmp_path: Path, runtime_dir: Path) -> None:
    """Front half only (no cargo): a larger hypothesmith sample, each refused or accepted, never a crash."""
    pytest.importorskip("hypothesmith")
    fz = _fuzz()
    crashes = []
    kinds: dict[str, int] = {}
    for i, text in enumerate(fz.hypothesmith_programs(40, SEED + 1)):
        src = tmp_path / f"h{i}" / f"h{i}.py"
        src.parent.mkdir()
        src.write_text(text, encoding="utf-8")
        kind, detail = fz._transpile_in_process(src, src.parent / "out", runtime_dir)
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind == "crashed":
            crashes.append(f"=== {src.name}\n{text}\n--- {detail}")
    print(f"\nhypothesmith front half: tried 40, {kinds}")
    assert not crashes, "\n\n".join(crashes)
