"""What the differential fuzzers (fuzz_python, fuzz_c, fuzz_shell) share: outcomes, their counts, batching.

Each fuzzer generates programs, transpiles and builds them a batch per crate, runs them beside the original and
files an Outcome per program. A run fails when any outcome is a mismatch or a crash.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

PROBLEMS = ("mismatched", "crashed")

Item = TypeVar("Item")


@dataclass
class Outcome:
    """How one generated program fared: refused | identical | mismatched | crashed | overflow | skipped."""

    name: str
    source: str  # the generated program, or "" when the name regenerates it (a csmith seed)
    kind: str
    detail: str = ""


@dataclass
class Report:
    kinds: tuple[str, ...] = ("refused", "identical", "mismatched", "crashed")
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for o in self.outcomes if o.kind == kind)

    def summary(self) -> str:
        return f"tried {len(self.outcomes)}, " + ", ".join(f"{k} {self.count(k)}" for k in self.kinds)

    def problems(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind in PROBLEMS]


def run_batches(items: Sequence[Item], batch: int, work: Path, kinds: tuple[str, ...],
                run_batch: Callable[[Sequence[Item], Path], Report]) -> Report:
    """Every batch of `items` through `run_batch` (each in its own folder under `work`), counts on stderr."""
    total = Report(kinds)
    for b in range(0, len(items), batch):
        rep = run_batch(items[b:b + batch], work / f"batch{b // batch}")
        total.outcomes += rep.outcomes
        rep.kinds = kinds
        print(f"batch {b // batch}: {rep.summary()}", file=sys.stderr)
    return total


def finish(total: Report, start: float, work: Path, keep_work: bool, describe: Callable[[Outcome], str],
           save: Path | None = None, suffix: str = "") -> int:
    """Print each problem and the totals, save problem sources when asked, clean up; the exit status."""
    for o in total.problems():
        print(f"\n=== {o.kind}: {describe(o)}\n{o.source}\n--- {o.detail}" if o.source
              else f"\n=== {o.kind}: {describe(o)}\n{o.detail}")
        if save is not None and o.source:
            save.mkdir(parents=True, exist_ok=True)
            (save / f"{o.name}{suffix}").write_text(o.source)
    print(f"\n{total.summary()} in {time.monotonic() - start:.0f}s")
    if not keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if total.problems() else 0
