"""Module-level containers that functions change in place: memo tables, registries, work lists, counters."""

from collections import deque


class Job:
    def __init__(self, name: str, cost: int) -> None:
        self.name = name
        self.cost = cost

    def run(self) -> int:
        self.cost -= 1
        return self.cost


cache: dict[int, int] = {}
seen: list[int] = []
counts: dict[str, int] = {}
pending = deque([3, 1, 2])
names: set[str] = set()
jobs: list[Job] = []
grid = [[0] * 3 for _ in range(3)]
LIMIT = 40  # only read: stays a plain constant


def fib(n: int) -> int:
    """Memoised through the module-level table."""
    if n in cache:
        return cache[n]
    r = n if n < 2 else fib(n - 1) + fib(n - 2)
    cache[n] = r
    seen.append(n)
    return r


def tally(word: str) -> None:
    counts[word] = counts.get(word, 0) + 1
    names.add(word.upper())


def drain() -> int:
    total = 0
    while pending:
        x = pending.popleft()
        total += x
        if x > 2:
            pending.append(x - 2)
    return total


def label(n: int) -> str:
    seen.append(-n)  # runs between the value and the store below, as Python orders them
    return "n" + str(n)


def record(n: int) -> None:
    seen.append(fib(n) * 2)
    counts[label(n)] = len(seen)
    counts[label(n + 1)] += 1  # KeyError after label() ran
    del cache[0]


def add_job(name: str, cost: int) -> Job:
    job = Job(name, cost)
    jobs.append(job)
    return job


def run_all() -> list[int]:
    return [j.run() for j in jobs]


def mark(i: int, j: int) -> None:
    grid[i][j] += i * 3 + j
    grid[j][i] = grid[i][j]


def main() -> None:
    print(fib(LIMIT), len(cache), seen[:5])
    for w in "a b a c b a".split():
        tally(w)
    print(counts, sorted(names), "a" in counts, len(names))
    print(drain(), list(pending))
    try:
        record(5)
    except KeyError as e:
        print("KeyError", e)
    print(seen[-3:], counts.get("n5"), 0 in cache)
    for k in counts:
        print(k, counts[k])
    first = add_job("a", 3)
    add_job("b", 1)
    print(run_all(), run_all(), first.cost, [j.name for j in jobs])
    mark(1, 2)
    mark(2, 2)
    print(grid)
    seen.clear()
    seen.extend([5, 3, 9])
    seen.sort()
    print(seen, max(seen), sum(seen))
    while seen:
        print("pop", seen.pop())


main()
