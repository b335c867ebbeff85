from ring.b import twice


def ping(n: int) -> int:
    if n <= 0:
        return 0
    return twice(n - 1) + 1
