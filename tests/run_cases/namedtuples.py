"""collections.namedtuple and typing.NamedTuple as frozen dataclasses: construction (positional, keyword,
defaults), fields, repr, equality, sorting by a field."""

from collections import namedtuple
from typing import NamedTuple

Point = namedtuple("Point", ["x", "y"])
Color = namedtuple("Color", "r g b")


class Employee(NamedTuple):
    name: str
    dept: str
    salary: float = 1000.0


def shift(p: Point, dx: int) -> Point:
    return Point(p.x + dx, p.y)


def main() -> None:
    p = Point(1, 2)
    q = shift(p, 10)
    print(p, q, p.x + q.y, p == Point(1, 2))
    c = Color(r=255, g=128, b=0)
    print(c, c.g)
    staff = [Employee("ann", "eng", 3000.0), Employee("bob", "ops")]
    for e in staff:
        print(e.name, e.dept, e.salary)
    print(staff[1])
    print(sorted(staff, key=lambda e: e.salary)[0].name)


if __name__ == "__main__":
    main()
