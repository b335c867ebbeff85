from typing import Callable

def make_report(items: list[tuple[str, int]], min_count: int) -> list[str]:
    scale = 10

    def fmt(name: str, count: int) -> str:
        return f"{name}:{count * scale}"

    def keep(pair: tuple[str, int]) -> bool:
        return pair[1] >= min_count

    out: list[str] = []
    for name, count in sorted(items, key=lambda p: (-p[1], p[0])):
        if keep((name, count)):
            out.append(fmt(name, count))
    return out


def apply_twice(f: "Callable[[int], int]", x: int) -> int:
    return f(f(x))


if __name__ == "__main__":
    data = [("b", 3), ("a", 3), ("c", 1), ("d", 7)]
    print(make_report(data, 2))
    words = ["pear", "fig", "banana", "kiwi"]
    print(max(words, key=len), min(words, key=lambda w: w[-1]))
    print(sorted(words, key=len, reverse=True))
    step = 5
    print(apply_twice(lambda v: v + step, 1))
    print("{} + {} = {:>5}".format(2, 3, 2 + 3), "{name}!".format(name="hi"))
