"""Map a function over work items in worker processes, or in this process when that is cheaper.

Where fork is available, `jobs - 1` workers are forked (multiprocessing's fork context): they start at once
with the compiler and the inputs already in memory, and this process works through its own share meanwhile,
so its results need no pickling at all. joblib's multiprocessing backend was measured costing about half a
second of CPU per run before any work (importing joblib, which imports numpy, and starting loky's resource
tracker, a second interpreter), a tenth of a cold 40,000-line run on two cores. Where fork is unavailable,
joblib's loky backend runs the items (a fresh interpreter per worker, which imports the compiler again: about
half a second of CPU apiece), so small batches run serially either way. Results come back in input order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar, cast

A = TypeVar("A")
B = TypeVar("B")


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def parallel_map(fn: Callable[[A], B], items: Sequence[A], jobs: int, *, weight: Callable[[A], int] | None = None,
                 min_weight: int = 4000, here: float = 1.0) -> list[B]:
    """`[fn(x) for x in items]`, across up to `jobs` processes when the total `weight` makes it pay off.

    With forked workers this process takes `here / jobs` of the total weight itself: above 1 when an item
    costs a worker more than it costs this process (a worker pickles its results and this process unpickles
    them, say)."""
    jobs = min(jobs if jobs > 0 else default_jobs(), len(items))
    total = sum(weight(x) for x in items) if weight is not None else len(items) * min_weight
    if jobs <= 1 or total < min_weight:
        return [fn(x) for x in items]
    if can_fork():
        workers = ForkedWorkers(jobs - 1)
        try:
            results, _ = workers.map(fn, items, weight, here)
        finally:
            workers.close()
        return results
    from joblib import Parallel, delayed

    batches = balanced_batches(list(enumerate(items)), jobs * 2, weight)
    results = Parallel(n_jobs=jobs, backend="loky")(delayed(_run_batch)(fn, [x for _, x in b]) for b in batches)
    return _in_order(len(items), batches, results)


class ForkedWorkers:
    """Worker processes forked now and given work later, picklable functions only (by reference).

    They share with this process only what it held when they were forked (the compiler's code, the sources):
    what it builds afterwards (the IR) is its own, so writing to it costs no copy-on-write page copies, as it
    does while a process forked later is alive."""

    def __init__(self, n: int) -> None:
        self._pool = multiprocessing.get_context("fork").Pool(max(1, n))
        self.n = max(1, n)

    def map(self, fn: Callable[[A], B], items: Sequence[A], weight: Callable[[A], int] | None, here: float,
            finish: Callable[[B], B] | None = None) -> tuple[list[B], list[int]]:
        """`[fn(x) for x in items]`, this process taking `here / (n + 1)` of the total weight itself (the smallest
        items); also the indices of the items run here. `finish` is applied here to each worker's result (to
        unpickle what a worker pickled, say): to the batches that came back while this process did its share,
        then to the others as they come."""
        def w(x: A) -> int:
            return weight(x) if weight is not None else 1

        indexed = list(enumerate(items))
        mine_weight = sum(w(x) for _, x in indexed) * min(1.0, max(0.0, here / (self.n + 1)))
        mine: list[tuple[int, A]] = []
        taken = 0
        for i, x in sorted(indexed, key=lambda ix: w(ix[1])):  # the workers' large items start first
            if taken + w(x) > mine_weight:
                break
            mine.append((i, x))
            taken += w(x)
        chosen = {i for i, _ in mine}
        rest = [(i, x) for i, x in indexed if i not in chosen]
        # several batches per worker, so that results stream back while this process works
        batches = balanced_batches(rest, self.n * 4, weight) if rest else []
        arriving = self._pool.imap_unordered(_run_numbered_batch, [(k, fn, [x for _, x in b])
                                                                  for k, b in enumerate(batches)], chunksize=1)
        local = [fn(x) for _, x in mine]
        results: list[list[B]] = [[] for _ in batches]
        for k, res in cast(Iterator[tuple[int, list[B]]], arriving):
            results[k] = [finish(r) for r in res] if finish is not None else res
        return _in_order(len(items), [mine, *batches], [local, *results]), sorted(chosen)

    def submit(self, fn: Callable[[A], B], arg: A) -> Callable[[], B]:
        """Run `fn(arg)` in a worker; the function returned waits for its result."""
        return cast(Callable[[], B], self._pool.apply_async(fn, (arg,)).get)

    def close(self) -> None:
        """Wait for the work given, then end the workers."""
        self._pool.close()
        self._pool.join()

    def terminate(self) -> None:
        self._pool.terminate()
        self._pool.join()


def fork_map(fn: Callable[[A], B], items: Sequence[A], workers: int, *, first_here: bool = False
             ) -> list[B] | None:
    """`[fn(x) for x in items]` in up to `workers` forked processes, which inherit `fn` and the whole state of
    this one (nothing but the items and results is pickled); with `first_here`, `fn(items[0])` runs in this
    process meanwhile. None where fork is unavailable."""
    if not can_fork():
        return None
    global _FORKED_FN
    rest = list(items[1:] if first_here else items)
    if not rest:
        return [fn(x) for x in items]
    _FORKED_FN = fn
    try:
        with multiprocessing.get_context("fork").Pool(max(1, min(workers, len(rest)))) as pool:
            pending = pool.map_async(_run_forked, rest, chunksize=1)
            first = [fn(items[0])] if first_here else []
            return [*first, *cast(list[B], pending.get())]
    finally:
        _FORKED_FN = None


_FORKED_FN: Callable[..., object] | None = None  # what the forked workers run: inherited, not pickled


def _run_forked(item: object) -> object:
    fn = _FORKED_FN
    assert fn is not None
    return fn(item)


def _run_batch(fn: Callable[[A], B], batch: list[A]) -> list[B]:
    return [fn(x) for x in batch]


def _run_numbered_batch(job: tuple[int, Callable[[A], B], list[A]]) -> tuple[int, list[B]]:
    k, fn, batch = job
    return k, [fn(x) for x in batch]


def _in_order(n: int, batches: Sequence[Sequence[tuple[int, object]]], results: Sequence[Sequence[B]]) -> list[B]:
    out: list[B | None] = [None] * n
    for batch, res in zip(batches, results, strict=True):
        for (i, _), r in zip(batch, res, strict=True):
            out[i] = r
    return out  # type: ignore[return-value]


def balanced_batches(items: list[tuple[int, A]], n: int, weight: Callable[[A], int] | None
                      ) -> list[list[tuple[int, A]]]:
    """Split (index, item) pairs into n batches of about equal weight (largest first, each to the lightest)."""
    def w(x: A) -> int:
        return weight(x) if weight is not None else 1

    batches: list[list[tuple[int, A]]] = [[] for _ in range(max(1, n))]
    loads = [0] * len(batches)
    for i, x in sorted(items, key=lambda ix: -w(ix[1])):
        k = loads.index(min(loads))
        batches[k].append((i, x))
        loads[k] += w(x)
    return [b for b in batches if b]
