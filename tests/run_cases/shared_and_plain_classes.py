"""Shared classes (linked, returning self, held by a global, parts of shared objects) next to plain ones (a
composed part, bodies mutated in a list, an immutable value) in one program: each keeps its own model."""
from __future__ import annotations


class Link:  # linked through its own field and mutated: shared (rule 2)
    def __init__(self, value: int) -> None:
        self.value = value
        self.next: Link | None = None

    def attach(self, other: Link) -> None:
        self.next = other


def last(head: Link) -> int:
    cur: Link | None = head
    value = 0
    while cur is not None:
        value = cur.value
        cur = cur.next
    return value


class Tree:  # a tree that grows in place: shared (rule 2)
    def __init__(self, key: int) -> None:
        self.key = key
        self.left: Tree | None = None
        self.right: Tree | None = None

    def insert(self, key: int) -> None:
        if key < self.key:
            if self.left is None:
                self.left = Tree(key)
            else:
                self.left.insert(key)
        elif self.right is None:
            self.right = Tree(key)
        else:
            self.right.insert(key)


class Builder:  # returns self from a mutating method: shared (rule 1)
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, p: str) -> Builder:
        self.parts.append(p)
        return self


class Stats:  # held by a module global that a function mutates: shared (rule 3)
    def __init__(self) -> None:
        self.hits = 0


STATS = Stats()


def hit() -> None:
    STATS.hits += 1


class Counter:  # a mutable field of a shared object: shared with it
    def __init__(self) -> None:
        self.n = 0


class Owner:
    def __init__(self) -> None:
        self.counter = Counter()
        self.me: Owner | None = None

    def tick(self) -> None:
        self.counter.n += 1
        self.me = self


class Settings:  # a mutable part of another object, but not of a shared one: stays a plain struct
    def __init__(self) -> None:
        self.verbose = False


class App:
    def __init__(self) -> None:
        self.settings = Settings()

    def enable(self) -> None:
        self.settings.verbose = True


class Body:  # mutated in a list, never aliased: stays a plain struct
    def __init__(self, x: float) -> None:
        self.x = x

    def move(self, dx: float) -> None:
        self.x += dx


class Vec:  # held by another class but never mutated after construction: stays plain
    def __init__(self, x: float) -> None:
        self.x = x

    def scaled(self, k: float) -> Vec:
        return Vec(self.x * k)


class Ray:
    def __init__(self, origin: Vec) -> None:
        self.origin = origin


def main() -> None:
    a = Link(1)
    a.attach(Link(2))
    b = Builder().add("x").add("y")
    hit()
    o = Owner()
    o.tick()
    bodies = [Body(1.0), Body(2.0)]
    for body in bodies:
        body.move(0.5)
    r = Ray(Vec(1.0).scaled(2.0))
    t = Tree(5)
    t.insert(3)
    app = App()
    app.enable()
    print(a.value, last(a), b.parts, STATS.hits, o.counter.n, bodies[0].x, r.origin.x, t.key, app.settings.verbose)


main()
