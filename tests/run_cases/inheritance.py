class Shape:
    """A shape."""

    sides: int = 0

    def __init__(self, name: str) -> None:
        self.name = name

    def area(self) -> float:
        raise NotImplementedError

    def describe(self) -> str:
        return f"{self.name} with area {self.area():.2f}"


class Rect(Shape):
    def __init__(self, w: float, h: float) -> None:
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self) -> float:
        return self.w * self.h


class Square(Rect):
    def __init__(self, s: float) -> None:
        super().__init__(s, s)
        self.name = "square"

    def describe(self) -> str:
        return "square! " + super().describe()


class Circle(Shape):
    def __init__(self, r: float) -> None:
        super().__init__("circle")
        self.r = r

    def area(self) -> float:
        return 3.14159 * self.r * self.r


def total(shapes: list[Shape]) -> float:
    t = 0.0
    for s in shapes:
        t += s.area()
    return t


if __name__ == "__main__":
    shapes: list[Shape] = [Rect(2.0, 3.0), Circle(1.0), Square(2.0)]
    for s in shapes:
        print(s.describe(), isinstance(s, Rect), isinstance(s, Circle))
    print(f"{total(shapes):.3f}")
