"""Helpers; `describe` is untyped: inference types it from its callers (shapes)."""


def describe(shape):
    return f"{shape.name} with area {shape.area():.1f}"


def pong(n: int) -> int:
    return ping(n) * 2


from ring.a import ping  # noqa: E402  (after pong, which ring.b imports back)
