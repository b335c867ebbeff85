"""Containers inside shared objects (lists of lists, dicts, a sorted list) mutated by statements whose operands
call methods that read the same object: every borrow ends before the next one starts. Shared objects in sets
and as dict keys hash by identity."""
from __future__ import annotations


class Grid:
    def __init__(self, n: int) -> None:
        self.n = n
        self.rows: list[list[int]] = [[0] * n for _ in range(n)]
        self.counts: dict[str, int] = {}
        self.log: list[str] = []
        self.peer: Grid | None = None
        self.keys: list[int] = [3, 1, 2]

    def fill(self) -> Grid:
        for i in range(self.n):
            for j in range(self.n):
                self.rows[i][j] = self.n * i + j + self.size()
                self.rows[i][self.n - 1 - j] += self.rows[0][0]
        self.rows[self.n - 1].append(self.size())
        self.counts["a"] = self.size()
        self.counts["a"] += self.size()
        self.log.append(f"filled {self.n}")
        popped = self.rows[0].pop(self.n - 1 - self.peer_n())
        self.log.insert(0, str(popped))
        self.keys.sort(key=lambda k: k * self.n % 5)
        return self

    def size(self) -> int:
        return len(self.rows) + len(self.log)

    def peer_n(self) -> int:
        if self.peer is None:
            return 0
        return self.peer.n

    def link(self, other: Grid) -> None:
        self.peer = other
        other.peer = self


class Cache:
    def __init__(self) -> None:
        self.data: dict[str, int] = {}
        self.order: list[str] = []
        self.me: Cache | None = None

    def get(self, k: str) -> int:
        if k in self.data and len(self.order) > 0:
            return self.data[k]
        while len(self.order) > 2 and self.order[0] != k:
            self.order.pop(0)
        self.data[k] = len(k) + self.size()
        self.order.append(k)
        self.me = self
        return self.data[k]

    def size(self) -> int:
        return len(self.data)


def cache_demo() -> None:
    c = Cache()
    total = 0
    for w in ["a", "bb", "a", "ccc", "dd", "a", "bb", "eeee"]:
        total += c.get(w)
    print(total, c.order, c.data)


class Vertex:
    def __init__(self, name: str) -> None:
        self.name = name
        self.edges: list[Vertex] = []
        self.next: Vertex | None = None

    def connect(self, other: Vertex) -> Vertex:
        self.edges.append(other)
        other.edges.append(self)
        return self


def reachable(start: Vertex) -> int:
    seen: set[Vertex] = set()
    stack = [start]
    while stack:
        v = stack.pop()
        if v in seen:
            continue
        seen.add(v)
        for w in v.edges:
            if w not in seen:
                stack.append(w)
    return len(seen)


def graph_demo() -> None:
    a = Vertex("a")
    b = Vertex("b")
    c = Vertex("c")
    d = Vertex("d")
    a.connect(b).connect(c)
    print(reachable(a), reachable(d), len(a.edges), b.edges[0].name)
    depth: dict[Vertex, int] = {a: 0}
    depth[b] = depth[a] + 1
    print(depth[b], a in depth, c in depth)


def main() -> None:
    g = Grid(3)
    h = Grid(2)
    g.link(h)
    g.fill()
    h.fill()
    print(g.rows, g.counts, g.log, g.keys)
    print(h.rows, h.counts, h.log, h.keys, h.peer is g)
    cache_demo()
    graph_demo()


main()
