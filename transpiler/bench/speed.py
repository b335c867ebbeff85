"""Transpilation speed by kind of source: cold runs (no cache) of `transpile` on synthetic projects."""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transpiler.bench.synth import KINDS, generate_kind

SMOKE_LINES = 300


@dataclass
class SpeedRow:
    kind: str
    label: str
    files: int
    lines: int
    seconds: float  # median wall time of the cold runs
    runs: int
    error: str = ""

    @property
    def lines_per_s(self) -> float:
        return self.lines / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": self.label, "files": self.files, "lines": self.lines,
                "seconds": self.seconds, "runs": self.runs, "lines_per_s": self.lines_per_s, "error": self.error}


def measure_speed(kinds: list[str], jobs: int, smoke: bool, runs: int,
                  log: Any = None) -> list[SpeedRow]:
    """Generate one project of each kind and transpile it `runs` times with the cache off."""
    from transpiler.api import transpile_project

    rows: list[SpeedRow] = []
    for kind in kinds:
        label = KINDS[kind][0]
        with tempfile.TemporaryDirectory(prefix=f"bench-speed-{kind}-") as tmp:
            src, out = Path(tmp) / "src", Path(tmp) / "out"
            lines = generate_kind(kind, src, SMOKE_LINES if smoke else None)
            files = sum(1 for p in src.rglob("*") if p.suffix in (".py", ".c", ".h", ".sh"))
            times: list[float] = []
            error = ""
            for _ in range(runs):
                t0 = time.perf_counter()
                result = transpile_project(src, out, jobs=jobs, cache=False)
                times.append(time.perf_counter() - t0)
                if not result.ok:
                    error = result.diagnostics.render_all().splitlines()[0] if result.diagnostics else "failed"
                    break
            row = SpeedRow(kind, label, files, lines, statistics.median(times), len(times), error)
            if log is not None:
                log(f"transpile speed: {label}: {files} files, {lines} lines, {row.seconds:.2f} s "
                    f"({row.lines_per_s:,.0f} lines/s)" + (f" ERROR {error}" if error else ""))
            rows.append(row)
    return rows
