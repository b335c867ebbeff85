"""The results of a bench run, as plain data that round-trips through JSON (for --save-baseline)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transpiler.bench.speed import SpeedRow
from transpiler.bench.stats import Summary

OK = "ok"


@dataclass
class SideResult:
    """One column of one workload: times (s), peak RSS (KiB) and, for servers, requests per second."""

    wall: Summary | None = None
    rss_kb: Summary | None = None
    rps: Summary | None = None
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"wall_s": self.wall.to_json() if self.wall else None,
                "max_rss_kb": self.rss_kb.to_json() if self.rss_kb else None,
                "requests_per_s": self.rps.to_json() if self.rps else None, "note": self.note}

    @staticmethod
    def from_json(d: dict[str, Any]) -> SideResult:
        def s(key: str) -> Summary | None:
            return Summary.from_json(d[key]) if d.get(key) else None

        return SideResult(s("wall_s"), s("max_rss_kb"), s("requests_per_s"), d.get("note", ""))


@dataclass
class WorkloadResult:
    key: str
    name: str
    table: str
    example: str
    original: str  # python3 | gcc -O2 | bash | the serve baseline command
    notes: str = ""
    status: str = OK  # ok | mismatch | error | skipped
    detail: str = ""
    sides: dict[str, SideResult] = field(default_factory=dict)  # original | scalar | simd | gpu
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "table": self.table, "example": self.example,
                "original": self.original, "notes": self.notes, "status": self.status, "detail": self.detail,
                "sides": {k: v.to_json() for k, v in self.sides.items()}, "extra": self.extra}

    @staticmethod
    def from_json(d: dict[str, Any]) -> WorkloadResult:
        return WorkloadResult(d["key"], d["name"], d["table"], d["example"], d["original"], d.get("notes", ""),
                              d.get("status", OK), d.get("detail", ""),
                              {k: SideResult.from_json(v) for k, v in d.get("sides", {}).items()},
                              d.get("extra", {}))


@dataclass
class BenchRun:
    hardware: dict[str, str]
    config: dict[str, Any]
    workloads: list[WorkloadResult] = field(default_factory=list)
    speed: list[SpeedRow] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"hardware": self.hardware, "config": self.config,
                "workloads": [w.to_json() for w in self.workloads], "speed": [s.to_json() for s in self.speed]}

    @staticmethod
    def from_json(d: dict[str, Any]) -> BenchRun:
        speed = [SpeedRow(s["kind"], s["label"], s["files"], s["lines"], s["seconds"], s["runs"], s.get("error", ""))
                 for s in d.get("speed", [])]
        return BenchRun(d.get("hardware", {}), d.get("config", {}),
                        [WorkloadResult.from_json(w) for w in d.get("workloads", [])], speed)
