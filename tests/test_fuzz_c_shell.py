"""Differential fuzzing of the C and shell frontends, bounded and seeded for CI (issue 9).

C: csmith programs (tools/fuzz_c.py) built by gcc and by us print the same checksum, or are refused with a
diagnostic. Shell: generated scripts (tools/fuzz_shell.py) print what bash prints and exit as bash does. Each
test prints its counts: tried, refused, identical, mismatched (and crashed). Longer runs:
`python tools/fuzz_c.py --count 200 --seed N`, `python tools/fuzz_shell.py --count 1000 --seed N`.
"""

from __future__ import annotations

import importlib.util
import random
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools"

C_COUNT = 6
C_SEED = 100  # seeds whose gcc builds finish (csmith programs may loop for ever: those are skipped)
SHELL_COUNT = 30
SHELL_SEED = 20261


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def _problems(report: object) -> str:
    return "\n\n".join(f"=== {o.kind}: {o.name}\n{o.detail}" for o in report.problems())  # type: ignore[attr-defined]


def test_csmith_programs_match_gcc(tmp_path: Path, cargo_target_dir: Path, runtime_dir: Path) -> None:
    fz = _tool("fuzz_c")
    if not fz.available():
        pytest.skip("needs csmith and libcsmith-dev (.ci/run installs them)")
    seeds = list(range(C_SEED, C_SEED + C_COUNT))
    report = fz.run_batch(seeds, tmp_path / "fuzz", cargo_target_dir, runtime_dir)
    print(f"\ncsmith fuzz (seeds {seeds[0]}..{seeds[-1]}): {report.summary()}")
    assert len(report.outcomes) == C_COUNT
    assert report.count("crashed") == 0, _problems(report)
    assert report.count("mismatched") == 0, _problems(report)
    assert report.count("identical") >= C_COUNT // 2, report.summary()


def test_shell_generator_is_deterministic_and_valid(tmp_path: Path) -> None:
    fz = _tool("fuzz_shell")
    a = [fz.script(random.Random(9)) for _ in range(3)]
    b = [fz.script(random.Random(9)) for _ in range(3)]
    assert a == b
    rng = random.Random(SHELL_SEED)
    for i in range(40):
        path = tmp_path / f"g{i}.sh"
        path.write_text(fz.script(rng))
        check = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


@pytest.mark.skipif(shutil.which("cargo") is None or shutil.which("bash") is None, reason="needs cargo and bash")
def test_generated_scripts_match_bash(tmp_path: Path, cargo_target_dir: Path, runtime_dir: Path) -> None:
    fz = _tool("fuzz_shell")
    scripts = fz.scripts_for(SHELL_COUNT, SHELL_SEED)
    report = fz.run_batch(scripts, tmp_path / "fuzz", cargo_target_dir, runtime_dir)
    print(f"\nshell fuzz (seed {SHELL_SEED}): {report.summary()}")
    assert len(report.outcomes) == SHELL_COUNT
    assert report.count("crashed") == 0, _problems(report)
    assert report.count("mismatched") == 0, _problems(report)
    assert report.count("identical") >= SHELL_COUNT // 2, report.summary()
