"""type(x).__name__ and x.__class__.__name__: from the class tag in a hierarchy, statically elsewhere."""

from abc import ABC, abstractmethod


class Shape(ABC):
    @abstractmethod
    def area(self) -> float: ...

    def describe(self) -> str:
        return f"{type(self).__name__} with area {self.area():.2f}"


class Sq(Shape):
    def __init__(self, s: float) -> None:
        self.s = s

    def area(self) -> float:
        return self.s * self.s


class Circle(Shape):
    def __init__(self, r: float) -> None:
        self.r = r

    def area(self) -> float:
        return 3.14159 * self.r * self.r


class Point:
    def __init__(self) -> None:
        self.x = 1


def main() -> None:
    shapes: list[Shape] = [Sq(2), Circle(1)]
    for s in shapes:
        print(s.describe(), s.__class__.__name__)
    print(type(Point()).__name__, type(3).__name__, type("s").__name__, type([1]).__name__)
    try:
        raise KeyError("k")
    except Exception as e:
        print(type(e).__name__)


if __name__ == "__main__":
    main()
