"""typing generics: Generic[T] classes and TypeVar functions, each used at one type (monomorphised)."""

from dataclasses import dataclass
from typing import Generic, Optional, TypeVar

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


class Stack(Generic[T]):
    def __init__(self) -> None:
        self.items: list[T] = []

    def push(self, x: T) -> None:
        self.items.append(x)

    def pop(self) -> T:
        return self.items.pop()

    def peek(self) -> Optional[T]:
        return self.items[-1] if self.items else None

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class Pair(Generic[K, V]):
    key: K
    value: V


class Registry(Generic[K, V]):
    def __init__(self) -> None:
        self.data: dict[K, list[V]] = {}

    def add(self, k: K, v: V) -> None:
        self.data.setdefault(k, []).append(v)

    def get(self, k: K) -> list[V]:
        return self.data.get(k, [])


def first(xs: list[T]) -> T:
    return xs[0]


def largest(xs: list[K]) -> Optional[K]:
    best: Optional[K] = None
    for x in xs:
        if best is None or x > best:
            best = x
    return best


def main() -> None:
    s: Stack[int] = Stack()
    for i in range(4):
        s.push(i * i)
    print(len(s), s.peek(), s.pop(), s.pop(), len(s))
    p = Pair("answer", 42)
    print(p.key, p.value, p)
    r: Registry[str, float] = Registry()
    r.add("a", 1.5)
    r.add("a", 2.5)
    r.add("b", 0.5)
    print(r.get("a"), r.get("c"))
    print(first(["x", "y"]), largest([3.5, 9.25, 1.0]))


if __name__ == "__main__":
    main()
