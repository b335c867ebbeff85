"""Coroutines run by asyncio.run one at a time, async generators and async for; type aliases."""

import asyncio
from typing import Annotated

Uid = Annotated[int, lambda uid: 0 < uid < 1000]
Row = list[int]
Grid = list[Row]


def total(grid: Grid) -> int:
    t: int = 0
    for row in grid:
        for x in row:
            t += x
    return t


async def square(x: int) -> int:
    return x * x


async def squares(n: int):
    for i in range(n):
        yield await square(i)


async def main() -> None:
    u: Uid = 42
    print(u)
    got = await square(7)
    print("square", got)
    acc: list[int] = []
    async for v in squares(5):
        acc.append(v)
    print(acc)
    g: Grid = [[1, 2], [3, 4, 5]]
    print(total(g))


if __name__ == "__main__":
    asyncio.run(main())
