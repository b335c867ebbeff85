from util.helpers import pong


def twice(n: int) -> int:
    if n <= 0:
        return 0
    return pong(n - 1) + 2
