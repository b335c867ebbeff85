class AppError(Exception):
    pass


class NotFound(AppError):
    pass


def find(d: dict[str, int], k: str) -> int:
    if k not in d:
        raise NotFound(f"no {k}")
    return d[k]


def safe_div(a: int, b: int) -> float:
    try:
        return a / b
    except ZeroDivisionError as e:
        print("caught:", e)
        return 0.0
    finally:
        print("finally")


def loop_with_try(xs: list[str]) -> int:
    total = 0
    for x in xs:
        try:
            total += int(x)
        except ValueError:
            continue
        if total > 100:
            break
    return total


if __name__ == "__main__":
    d = {"a": 1}
    for k in ["a", "b"]:
        try:
            print(find(d, k))
        except AppError as e:
            print("app error:", e)
    print(safe_div(1, 0), safe_div(4, 2))
    print(loop_with_try(["1", "x", "50", "60", "7"]))
    try:
        try:
            [1, 2][5]
        except IndexError as e:
            raise ValueError("wrapped") from e
    except ValueError as e:
        print("outer", e)
    xs = [1, 2, 3]
    print(xs[10])
