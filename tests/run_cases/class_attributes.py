"""Class attributes the program rebinds: through the class, a classmethod, a base class, and unpacking."""


class Counter:
    """Counts the instances it makes."""

    made = 0
    label = "none"
    ratio = 0.5
    limit = 3  # never rebound: stays a constant

    def __init__(self, name: str) -> None:
        self.name = name
        Counter.made += 1
        print("made", name, "of", Counter.limit)

    def describe(self) -> str:
        return f"{self.name} of {self.made} ({self.label}, {self.ratio})"

    @classmethod
    def reset(cls) -> None:
        cls.made = 0


class Base:
    total = 10


class Sub(Base):
    def show(self) -> int:
        return self.total * 2


def bump() -> None:
    Base.total += 5
    Counter.label = "set" + str(Base.total)


def unpacked() -> tuple[int, int]:
    q, r = divmod(Counter.made * 7, 4)
    first, *rest = [q, r, Base.total]
    print(first, rest)
    return q, r


def main() -> None:
    a = Counter("a")
    b = Counter("b")
    print(a.describe(), Counter.made)
    bump()
    print(b.describe(), Sub.total, Base.total, Sub().show())
    Counter.ratio *= 3
    Counter.reset()
    print(Counter.made, Counter.ratio, a.describe())
    x, Counter.made = 4, 9
    print(x, Counter.made, unpacked())
    Counter("c")
    print(Counter.made)


main()


def unpack_errors(rows: list[list[int]]) -> None:
    for row in rows:
        try:
            a, b = row
            print("pair", a, b)
        except ValueError as e:
            print("ValueError:", e)
        try:
            head, *tail = row
            print("head", head, tail)
        except ValueError as e:
            print("ValueError:", e)
        try:
            x, *mid, y = row
            print("ends", x, mid, y)
        except ValueError as e:
            print("ValueError:", e)


unpack_errors([[1, 2], [1, 2, 3], [7], []])
