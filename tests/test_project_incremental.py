"""Incremental re-runs, `--check`, `--json` and `--quiet` on a small multi-module project."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from transpiler import transpile_project


def transpile(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "transpiler", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def module(i: int) -> str:
    imp = f"from pkg.m{i - 1} import f{i - 1}\n\n\n" if i else ""
    prev = f"f{i - 1}(n) + " if i else ""
    return f"{imp}def f{i}(n: int) -> int:\n    return {prev}n * {i + 1}\n"


def project(root: Path, n: int = 4) -> Path:
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    for i in range(n):
        (root / "pkg" / f"m{i}.py").write_text(module(i))
    (root / "pkg" / "side.py").write_text("def g(n: int) -> int:\n    return n - 1\n")
    (root / "pkg" / "main.py").write_text(f"from pkg.m{n - 1} import f{n - 1}\nfrom pkg.side import g\n\n"
                                          f"print(f{n - 1}(2), g(3))\n")
    return root


def cached(result_json: dict[str, object]) -> set[str]:
    files = result_json["files"]
    assert isinstance(files, list)
    return {f["path"] for f in files if f["cached"]}


def test_rerun_redoes_only_changed_files_and_dependents(tmp_path: Path, runtime_dir: Path) -> None:
    src, out = project(tmp_path / "p"), tmp_path / "out"
    first = transpile_project(src, out, runtime_dir=runtime_dir)
    assert first.ok, first.diagnostics.render_all()
    again = transpile_project(src, out, runtime_dir=runtime_dir)
    assert again.ok and again.changed == [] and all(f.cached for f in again.sources)
    (src / "pkg" / "m2.py").write_text(module(2).replace("n * 3", "n * 30"))
    third = transpile_project(src, out, runtime_dir=runtime_dir)
    assert third.ok
    redone = {f.path for f in third.sources if not f.cached}
    assert redone == {"pkg/m2.py", "pkg/m3.py", "pkg/main.py"}
    assert [c for c in third.changed if c.endswith(".rs")] == [str(next(out.glob("*/src/pkg_m2.rs")).relative_to(out))]
    assert "30" in next(out.glob("*/src/pkg_m2.rs")).read_text()
    fresh = tmp_path / "fresh"
    transpile_project(src, fresh, cache=False, runtime_dir=runtime_dir)
    for f in third.outputs:
        assert (out / f).read_bytes() == (fresh / f).read_bytes(), f


def test_one_file_change_is_fast(tmp_path: Path) -> None:
    src, out = project(tmp_path / "p", 12), tmp_path / "out"
    assert transpile_project(src, out).ok
    (src / "pkg" / "side.py").write_text("def g(n: int) -> int:\n    return n - 2\n")
    t0 = time.perf_counter()
    result = transpile_project(src, out)
    elapsed = time.perf_counter() - t0
    assert result.ok and {f.path for f in result.sources if not f.cached} == {"pkg/side.py", "pkg/main.py"}
    assert elapsed < 5, elapsed  # about 0.3 s on an idle machine; generous for a loaded CI runner


def test_cli_check_json_quiet(tmp_path: Path, runtime_dir: Path) -> None:
    src, out = project(tmp_path / "p"), tmp_path / "out"
    rt = ("--runtime-dir", runtime_dir)  # a copied runtime would go stale whenever runtime-crates/ is edited
    stale = transpile(src, "--out", out, "--check", *rt)
    assert stale.returncode == 1 and "stale" in stale.stderr and not out.exists()
    quiet = transpile(src, "--out", out, "--quiet", *rt)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""
    ok = transpile(src, "--out", out, "--check", "--quiet", *rt)
    assert ok.returncode == 0, ok.stderr
    data = json.loads(transpile(src, "--out", out, "--json", *rt).stdout)
    assert data["ok"] and data["binaries"] == ["main"] and data["changed"] == []
    assert cached(data) == {f["path"] for f in data["files"]}
    assert {"scan", "write", "total"} <= set(data["timings"])
    (src / "pkg" / "side.py").write_text("def g(n: int) -> int:\n    return n + 1\n")
    assert transpile(src, "--out", out, "--check", "--quiet", *rt).returncode == 1
    data = json.loads(transpile(src, "--out", out, "--json", *rt).stdout)
    assert data["ok"] and cached(data) == {"pkg/__init__.py", "pkg/m0.py", "pkg/m1.py", "pkg/m2.py", "pkg/m3.py"}
    bad = transpile(tmp_path / "missing.py", "--out", tmp_path / "o2", "--json")
    report = json.loads(bad.stdout)
    assert bad.returncode == 1 and not report["ok"] and report["diagnostics"][0]["message"]


def test_user_files_survive_incremental_runs(tmp_path: Path) -> None:
    src, out = project(tmp_path / "p"), tmp_path / "out"
    assert transpile_project(src, out).ok
    notes = out / "NOTES.md"
    notes.write_text("mine\n")
    (src / "pkg" / "side.py").unlink()
    (src / "pkg" / "main.py").write_text("from pkg.m3 import f3\n\nprint(f3(2))\n")
    result = transpile_project(src, out)
    assert result.ok, result.diagnostics.render_all()
    assert notes.read_text() == "mine\n"
    assert not list(out.glob("*/src/pkg_side.rs"))
