"""nonlocal: closures that rebind variables of the enclosing function, called in place or returned."""

from typing import Callable


def make_counter(start: int, step: int) -> Callable[[], int]:
    count = start

    def inc() -> int:
        nonlocal count
        count += step
        return count

    return inc


def totals(xs: list[int]) -> tuple[int, int, float]:
    acc = 0
    calls = 0
    mean = 0.0

    def add(x: int) -> None:
        nonlocal acc, calls, mean
        acc += x
        calls += 1
        mean = acc / calls

    for x in xs:
        add(x)
        if acc > 100:
            break
    print("after loop", acc, calls)
    add(1)
    return acc, calls, mean


def apply_all(f: Callable[[int], int], xs: list[int]) -> list[int]:
    return [f(x) for x in xs]


def running_max(xs: list[int]) -> list[int]:
    best = -1
    seen = False

    def track(x: int) -> int:
        nonlocal best, seen
        if not seen or x > best:
            best = x
            seen = True
        return best

    return apply_all(track, xs)


def main() -> None:
    a = make_counter(0, 1)
    b = make_counter(100, 10)
    print(a(), a(), b(), a(), b())
    print(totals([5, 10, 20]))
    print(totals([60, 50, 40]))
    print(running_max([3, 1, 4, 1, 5, 9, 2, 6]))


if __name__ == "__main__":
    main()
