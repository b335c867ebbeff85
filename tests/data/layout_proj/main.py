"""Entry point: uses every package."""
import sys

from fmtlib.show import show
from geo.point import Point
from shapes.poly import Disc, Shape, Square, corner, far_from_origin, perimeter
from util.helpers import describe, pong


class Band(Shape):
    """A subclass of a package's class: the package's Rust holds it (a variant of Shape's class tag)."""

    def __init__(self, w: float) -> None:
        super().__init__("band")
        self.w = w

    def area(self) -> float:
        return self.w * 10.0


class Item:
    def __init__(self, name: str) -> None:
        self.name = name

    def label(self) -> str:
        return self.name.upper()


def main() -> int:
    pts = [Point(0.0, 0.0), Point(3.0, 0.0), Point(3.0, 4.0)]
    print(f"perimeter {perimeter(pts):.2f}")
    print(f"far {far_from_origin(Point(6.0, 8.0)):.1f}")
    print(f"corner {far_from_origin(corner(1.5)):.3f}")
    for s in [Square(2.0), Disc(1.0), Band(0.5)]:
        print(describe(s))
    print("pong", pong(5))
    print(show(Item("widget")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
