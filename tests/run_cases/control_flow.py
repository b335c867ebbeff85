def f(args: list[str]) -> int:
    if len(args) < 2:
        return 1
    return 0


def parse(s: str) -> int:
    try:
        return int(s)
    except ValueError:
        return -1


if __name__ == "__main__":
    rows: list[list[float]] = [[1.0, 2.0], [3.0]]
    for i, row in enumerate(rows):
        print(i, len(row))
    print(f(["a"]), parse("12"), parse("x"))
    try:
        raise KeyError("yy")
    except KeyError as e:
        print(f"missing {e}")
    c: list[list[int]] = [[0, 0], [0, 0]]
    c[0][1] = 5
    print(c)
