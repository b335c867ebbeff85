"""Shapes over geo points: this package needs geo."""
from geo.point import Point, origin, scale


class Shape:
    def __init__(self, name: str) -> None:
        self.name = name

    def area(self) -> float:
        return 0.0


class Square(Shape):
    def __init__(self, side: float) -> None:
        super().__init__("square")
        self.side = side

    def area(self) -> float:
        return self.side * self.side * scale()


class Disc(Shape):
    def __init__(self, r: float) -> None:
        super().__init__("disc")
        self.r = r

    def area(self) -> float:
        return 3.0 * self.r * self.r


def perimeter(points) -> float:
    total = 0.0
    for i in range(len(points)):
        total += points[i].dist(points[(i + 1) % len(points)])
    return total


def far_from_origin(p) -> float:
    return p.dist(origin())


def corner(side: float):
    return Point(side, side)
