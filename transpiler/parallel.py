"""Map a function over work items in worker processes with joblib, or in this process when that is cheaper.

Where fork is available the workers are forked (joblib's multiprocessing backend), so they start with the
compiler already imported; elsewhere (loky) a worker costs about half a second to start and import it, so small
batches run serially either way. Results come back in input order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

A = TypeVar("A")
B = TypeVar("B")


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def parallel_map(fn: Callable[[A], B], items: Sequence[A], jobs: int, *, weight: Callable[[A], int] | None = None,
                 min_weight: int = 4000) -> list[B]:
    """`[fn(x) for x in items]`, across up to `jobs` processes when the total `weight` makes it pay off."""
    jobs = min(jobs if jobs > 0 else default_jobs(), len(items))
    total = sum(weight(x) for x in items) if weight is not None else len(items) * min_weight
    if jobs <= 1 or total < min_weight:
        return [fn(x) for x in items]
    from joblib import Parallel, delayed

    batches = _balanced_batches(list(items), jobs * 2, weight)
    # forked workers start at once with everything imported; loky's start a fresh interpreter each, which
    # imports the compiler again (about half a second of CPU apiece)
    backend = "multiprocessing" if "fork" in multiprocessing.get_all_start_methods() else "loky"
    results = Parallel(n_jobs=jobs, backend=backend)(delayed(_run_batch)(fn, [x for _, x in b]) for b in batches)
    out: list[B | None] = [None] * len(items)
    for batch, res in zip(batches, results, strict=True):
        for (i, _), r in zip(batch, res, strict=True):
            out[i] = r
    return out  # type: ignore[return-value]


def _run_batch(fn: Callable[[A], B], batch: list[A]) -> list[B]:
    return [fn(x) for x in batch]


def _balanced_batches(items: list[A], n: int, weight: Callable[[A], int] | None) -> list[list[tuple[int, A]]]:
    """Split items into n batches of about equal weight (largest first, each to the lightest batch)."""
    def w(x: A) -> int:
        return weight(x) if weight is not None else 1

    batches: list[list[tuple[int, A]]] = [[] for _ in range(max(1, n))]
    loads = [0] * len(batches)
    for i, x in sorted(enumerate(items), key=lambda ix: -w(ix[1])):
        k = loads.index(min(loads))
        batches[k].append((i, x))
        loads[k] += w(x)
    return [b for b in batches if b]
