"""yield inside try/except in generators: exceptions raised between yields are caught by the generator."""

from typing import Iterator


def parse_all(items: list[str]) -> Iterator[int]:
    for s in items:
        try:
            v = int(s)
            yield v * 10
            if v < 0:
                raise ValueError(f"negative: {v}")
            yield v
        except ValueError as e:
            print("  bad:", e)
            yield -1
    print("  parse_all done")


def safe_div(pairs: list[tuple[int, int]]) -> Iterator[float]:
    count = 0
    for a, b in pairs:
        try:
            yield a / b
            count += 1
        except ZeroDivisionError:
            print("  division by zero for", a)
            continue
        else:
            print("  ok", count)


def main() -> None:
    for v in parse_all(["1", "x", "-2", "3"]):
        print(v)
    print(list(safe_div([(1, 2), (3, 0), (5, 4)])))
    taken: list[int] = []
    for x in parse_all(["7", "8", "9"]):
        if len(taken) == 3:
            break
        taken.append(x)
    print(taken)


if __name__ == "__main__":
    main()
