from typing import Iterator


def countdown(n: int) -> Iterator[int]:
    print("start")
    while n > 0:
        print("yielding", n)
        yield n
        n -= 1
    print("finished")


def naturals():
    k = 0
    while True:
        yield k
        k += 1


def evens(limit: int):
    for i in naturals():
        if i >= limit:
            return
        if i % 2 == 0:
            yield i


def chained():
    yield 0
    yield from countdown(2)
    yield 99


if __name__ == "__main__":
    for v in countdown(3):
        print("got", v)
    print(list(evens(10)), sum(evens(7)))
    g = naturals()
    print(next(g), next(g), next(g))
    print([x * x for x in chained()])
