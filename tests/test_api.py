"""The library API: `transpile_project`, `transpile_path`, `entry_point_map` and the result object."""

from __future__ import annotations

import json
from pathlib import Path

from transpiler import TranspileResult, entry_point_map, transpile_path, transpile_project
from transpiler.diagnostics import DiagnosticSink
from transpiler.parallel import parallel_map
from transpiler.pipeline import PipelineOptions, run_python

LIB = '"""Shapes."""\n\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Point:\n    x: int\n    y: int\n\n\n' \
      'def add(a: Point, b: Point) -> Point:\n    return Point(a.x + b.x, a.y + b.y)\n'
MAIN = 'from app.geometry import Point, add\n\n\nif __name__ == "__main__":\n    p = add(Point(1, 2), Point(3, 4))\n' \
       '    print(p.x, p.y)\n'


def project(root: Path) -> Path:
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "geometry.py").write_text(LIB)
    (root / "app" / "main.py").write_text(MAIN)
    return root


def test_transpile_project_result(tmp_path: Path) -> None:
    src = project(tmp_path / "proj")
    calls: list[str] = []
    result = transpile_project(src, tmp_path / "out", jobs=1, progress=lambda phase, done, total: calls.append(phase))
    assert isinstance(result, TranspileResult)
    assert result.ok, result.diagnostics.render_all()
    assert result.binaries == ["main"]
    assert Path("Cargo.toml") in result.outputs
    assert all((tmp_path / "out" / f).is_file() for f in result.outputs)
    assert {f.path for f in result.sources} == {"app/__init__.py", "app/geometry.py", "app/main.py"}
    assert all(f.ok and f.language == "python" and not f.cached for f in result.sources)
    assert result.lines == LIB.count("\n") + MAIN.count("\n")
    assert result.graph["app/main.py"] == ["app/geometry.py"]
    assert {"scan", "python", "write", "total"} <= set(result.timings)
    assert calls[0] == "scan" and calls[-1] == "done"
    main_rs = next((tmp_path / "out").glob("*/src/app_main.rs")).read_text()
    assert "use crate::app_geometry::Point;" in main_rs
    json.dumps(result.to_json())


def test_diagnostics_in_the_result(tmp_path: Path) -> None:
    src = tmp_path / "bad.py"
    src.write_text("x = = 1\n")
    result = transpile_project(src, tmp_path / "out")
    assert not result.ok
    [d] = result.diagnostics.errors()
    assert d.span.file.endswith("bad.py") and d.span.line == 1
    data = result.to_json()
    assert data["ok"] is False and data["diagnostics"][0]["line"] == 1
    assert data["files"] == [{"path": "bad.py", "language": "python", "ok": False, "cached": False,
                              "diagnostics": [data["files"][0]["diagnostics"][0]]}]
    assert not (tmp_path / "out").exists()


def test_transpile_path_still_works(tmp_path: Path) -> None:
    src = project(tmp_path / "proj")
    result = transpile_path(src, tmp_path / "out", jobs=2)
    assert result.ok and result.binaries == ["main"]


def test_check_reports_stale_output(tmp_path: Path, runtime_dir: Path) -> None:
    src = project(tmp_path / "proj")
    out = tmp_path / "out"
    missing = transpile_project(src, out, check=True, runtime_dir=runtime_dir)
    assert missing.stale and not missing.ok and not out.exists()
    assert transpile_project(src, out, runtime_dir=runtime_dir).ok
    fresh = transpile_project(src, out, check=True, runtime_dir=runtime_dir)
    assert fresh.ok and fresh.stale == []
    (src / "app" / "main.py").write_text(MAIN.replace("print(p.x, p.y)", "print(p.y, p.x)"))
    stale = transpile_project(src, out, check=True, runtime_dir=runtime_dir)
    assert not stale.ok and stale.stale == [str(next(out.glob("*/src/app_main.rs")).relative_to(out))]
    assert "p.x, p.y" not in stale.stale[0]


def test_entry_point_map_names_binaries(tmp_path: Path) -> None:
    src = project(tmp_path / "proj")
    (src / "tools").mkdir()
    (src / "tools" / "wc.c").write_text("int main(void) { return 0; }\n")
    (src / "run.sh").write_text("#!/bin/bash\npython3 app/main.py\n")
    assert entry_point_map(src) == {"app/main.py": "main", "tools/wc.c": "wc", "tools/wc": "wc", "run.sh": "run"}


def _square(x: int) -> int:
    return x * x


def test_parallel_map_keeps_order() -> None:
    items = list(range(20))
    assert parallel_map(_square, items, 2, weight=lambda x: 1, min_weight=0) == [x * x for x in items]
    assert parallel_map(_square, items, 1) == [x * x for x in items]


def test_parallel_parse_matches_serial(tmp_path: Path) -> None:
    src = project(tmp_path / "proj")
    files = [(p, "app." + p.stem if p.stem != "__init__" else "app", p.read_text())
             for p in sorted((src / "app").glob("*.py"))]
    serial = run_python(files, DiagnosticSink(), PipelineOptions(jobs=1))
    both = run_python(files, DiagnosticSink(), PipelineOptions(jobs=2, parallel_min_lines=0))
    assert serial.rust_modules == both.rust_modules and serial.entry_modules == both.entry_modules
