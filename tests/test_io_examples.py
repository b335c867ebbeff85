"""The I/O examples (examples/io_csv, io_json, io_walk): each folder is transpiled and built, then every workload
of its bench.toml runs in its smoke configuration, under python3 and as the Rust binary, on the same data; stdout
and the exit status must match. Each example's gen_data.py is transpiled too, and must write the same data.
"""

from __future__ import annotations

import fcntl
import filecmp
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"
IO_EXAMPLES = ["io_csv", "io_json", "io_walk"]

pytestmark = pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed")


def _workloads(example: str) -> list[dict[str, object]]:
    with open(EXAMPLES / example / "bench.toml", "rb") as f:
        spec = tomllib.load(f)
    out = []
    for w in spec["workload"]:
        smoke = dict(w.get("smoke", {}))
        out.append({**w, **smoke})
    return out


def _fill(items: list[str], example: Path, data: Path) -> list[str]:
    return [s.replace("{example}", str(example)).replace("{data}", str(data)) for s in items]


_BUILT: dict[str, Path] = {}


def _build(example: str, tmp: Path, runtime_dir: Path, cargo_target_dir: Path) -> Path:
    """Transpile and build the example once; copy its binaries out of the shared target dir (bins named gen_data
    exist in every example)."""
    if example in _BUILT:
        return _BUILT[example]
    ws = tmp / "ws"
    tr = subprocess.run([sys.executable, "-m", "transpiler", str(EXAMPLES / example), "--out", str(ws),
                         "--runtime-dir", str(runtime_dir)], cwd=REPO_ROOT, capture_output=True, text=True,
                        timeout=300)
    assert tr.returncode == 0, f"transpile failed:\n{tr.stdout}\n{tr.stderr}"
    env = dict(os.environ, CARGO_TARGET_DIR=str(cargo_target_dir))
    bins = tmp / "bin"
    bins.mkdir()
    # every example has a gen_data binary: build and copy under a lock (pytest-xdist workers share the target)
    with open(cargo_target_dir / ".io_examples.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        build = subprocess.run(["cargo", "build", "--release"], cwd=ws, capture_output=True, text=True, env=env,
                               timeout=1200)
        assert build.returncode == 0, f"cargo build failed:\n{build.stderr[-6000:]}"
        for src in sorted((EXAMPLES / example).glob("*.py")):
            shutil.copy(cargo_target_dir / "release" / src.stem, bins / src.stem)
    generated = [b for b in build.stderr.split("\n\n") if b.startswith("warning") and "pyrt" not in b
                 and "runtime-crates" not in b]
    assert not generated, "generated crate builds with warnings:\n" + "\n".join(generated)
    _BUILT[example] = bins
    return bins


@pytest.mark.parametrize("example", IO_EXAMPLES)
def test_io_example_matches_python(example: str, tmp_path: Path, runtime_dir: Path, cargo_target_dir: Path
                                   ) -> None:
    bins = _build(example, tmp_path, runtime_dir, cargo_target_dir)
    folder = EXAMPLES / example
    workloads = _workloads(example)
    assert workloads
    for i, w in enumerate(workloads):
        data = tmp_path / f"data{i}"
        data.mkdir()
        setup = w.get("setup")
        if setup:
            gen = subprocess.run(_fill(list(setup), folder, data), cwd=data, capture_output=True, text=True,  # type: ignore[arg-type]
                                 timeout=300)
            assert gen.returncode == 0, gen.stderr
        args = _fill(list(w["args"]), folder, data)  # type: ignore[arg-type]
        entry = str(w["entry"])
        py = subprocess.run([sys.executable, str(folder / entry), *args], cwd=data, capture_output=True,
                            text=True, timeout=600)
        assert py.returncode == 0, py.stderr
        rs = subprocess.run([str(bins / Path(entry).stem), *args], cwd=data, capture_output=True, text=True,
                            timeout=600)
        assert rs.stderr == ""
        assert rs.returncode == py.returncode
        assert rs.stdout == py.stdout, f"workload {w['name']!r} differs"
        assert len(py.stdout.splitlines()) >= 3


@pytest.mark.parametrize("example", IO_EXAMPLES)
def test_io_example_generator_matches_python(example: str, tmp_path: Path, runtime_dir: Path,
                                             cargo_target_dir: Path) -> None:
    """gen_data.py transpiled writes byte-identical data (csv.writer, open().write, os.makedirs)."""
    bins = _build(example, tmp_path, runtime_dir, cargo_target_dir)
    setup = next(w["setup"] for w in _workloads(example) if w.get("setup"))
    outs = []
    for who in ("py", "rs"):
        data = tmp_path / who
        data.mkdir()
        argv = _fill(list(setup), EXAMPLES / example, data)  # type: ignore[arg-type]
        assert argv[0] == "python3" and argv[1].endswith("gen_data.py")
        cmd = [sys.executable, *argv[1:]] if who == "py" else [str(bins / "gen_data"), *argv[2:]]
        res = subprocess.run(cmd, cwd=data, capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr
        outs.append(data)
    cmp = filecmp.dircmp(outs[0], outs[1])
    assert _same_tree(cmp), f"generated data differs: {cmp.report()}"
    assert any(outs[0].iterdir())


def _same_tree(cmp: filecmp.dircmp[str]) -> bool:
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(_same_tree(sub) for sub in cmp.subdirs.values())
