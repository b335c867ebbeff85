"""Objects aliased through fields, lists and a module global, and mutated through every alias: the classes
become shared handles (mark_shared_classes), with Python's reference semantics."""
from __future__ import annotations


class Node:
    def __init__(self, value: int, next: Node | None = None) -> None:
        self.value = value
        self.next = next
        self.tags: list[str] = []

    def push_back(self, other: Node) -> Node:
        # walks the chain through a local alias and links at the tail: mutation through `cur`
        cur: Node | None = self
        nxt = self.next
        while nxt is not None:
            cur = nxt
            nxt = cur.next
        cur.next = other
        return self

    def bump(self, by: int) -> Node:
        self.value += by
        return self

    def total(self) -> int:
        t = 0
        cur: Node | None = self
        while cur is not None:
            t += cur.value
            cur = cur.next
        return t


class Counter:
    def __init__(self, name: str) -> None:
        self.name = name
        self.count = 0
        self.history: list[int] = []
        self.by_key: dict[str, int] = {}
        self.partner: Counter | None = None

    def hit(self, key: str) -> Counter:
        self.count += 1
        self.history.append(self.count * 10)
        self.by_key[key] = self.by_key.get(key, 0) + 1
        return self

    def poke(self, other: Counter) -> int:
        # re-entrant: other.visit reads and writes self while this method is running
        self.count += 100
        seen = other.visit(self)
        self.history[len(self.history) - 1] = self.count + seen
        self.history.append(self.history[0] + len(self.history))
        self.history[0] += self.count
        self.by_key[self.name] = self.count
        return self.count

    def visit(self, caller: Counter) -> int:
        caller.count += 1
        caller.partner = self
        self.partner = caller
        self.name += "!"
        return caller.count + caller.history[0]


class Registry:
    def __init__(self) -> None:
        self.items: list[Counter] = []
        self.current: Counter | None = None
        self.total = 0


REGISTRY = Registry()


def register(c: Counter) -> None:
    REGISTRY.items.append(c)
    REGISTRY.current = c
    REGISTRY.total += c.count


class Shape:
    def __init__(self, name: str) -> None:
        self.name = name
        self.owner: Shape | None = None
        self.area_cache = 0

    def area(self) -> int:
        return 0

    def adopt(self, child: Shape) -> Shape:
        child.owner = self
        self.area_cache += child.area()
        return child


class Square(Shape):
    def __init__(self, side: int) -> None:
        super().__init__("square")
        self.side = side

    def area(self) -> int:
        return self.side * self.side


class Rect(Shape):
    def __init__(self, w: int, h: int) -> None:
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self) -> int:
        return self.w * self.h


def main() -> None:
    # linked nodes: the tail is reachable from the head and from `c`
    a = Node(1)
    b = Node(2)
    c = Node(3)
    a.push_back(b).push_back(c)
    c.value = 30
    print(a.total(), b.next is c, a.next is b, c.next is None)
    same = a.bump(5)
    print(same is a, same.value, a.value, a.total())
    alias = b
    alias.tags.append("x")
    b.tags.append("y")
    print(b.tags, alias.tags, alias == b, alias is not c)
    chain = [a, b, c]
    print(b in chain, chain.index(c), Node(2) in chain, chain.count(alias))

    # aliasing through lists and a module global
    p = Counter("p")
    q = Counter("q")
    register(p)
    register(q)
    p.hit("a").hit("b").hit("a")
    REGISTRY.items[1].hit("z")
    print(p.count, q.count, REGISTRY.items[0].count, REGISTRY.current is q)
    print(p.history, p.by_key, q.by_key)

    # re-entrant calls: p.poke runs q.visit, which reads and writes p
    got = p.poke(q)
    print(got, p.count, p.history, p.by_key)
    print(p.partner is q, q.partner is p, q.name, p.partner is not None and p.partner.name == "q!")
    if q.partner is not None:
        q.partner.count += 1000
    print(p.count, REGISTRY.items[0].count)
    REGISTRY.total += p.count
    print(REGISTRY.total, len(REGISTRY.items))

    # a hierarchy of shared objects, dispatching overrides
    root = Rect(2, 3)
    sq = root.adopt(Square(4))
    r2 = sq.adopt(Rect(1, 5))
    print(root.area_cache, sq.area_cache, r2.owner is sq, sq.owner is root, root.owner is None)
    shapes: list[Shape] = [root, sq, r2]
    for s in shapes:
        s.area_cache += s.area()
    print([x.area_cache for x in shapes], [y.name for y in shapes])
    first = shapes[0]
    first.name = "renamed"
    print(root.name, isinstance(sq, Square), isinstance(first, Square))

    # None links, walking to the end
    n: Node | None = a
    steps = 0
    while n is not None:
        steps += 1
        n = n.next
    print(steps)
    head = Node(0)
    print(head.next is None, head.total())
    broken: Node | None = head.next
    print(broken.value if broken is not None else -1)
    assert broken is not None, "no next node"


main()
