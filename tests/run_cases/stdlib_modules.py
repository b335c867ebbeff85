import bisect
import heapq
import random
import re
from functools import reduce


def main() -> None:
    random.seed(42)
    print([random.randint(1, 100) for _ in range(5)], f"{random.random():.12f}")
    xs = list(range(10))
    random.shuffle(xs)
    print(xs, random.choice(xs), f"{random.uniform(1.0, 2.0):.9f}", f"{random.gauss(0.0, 1.0):.9f}")
    heap: list[int] = []
    for v in [5, 1, 8, 3, 9, 2]:
        heapq.heappush(heap, v)
    print(heap, heapq.heappop(heap), heapq.nsmallest(2, heap), heapq.nlargest(2, heap))
    sorted_xs = [1, 3, 3, 7, 9]
    print(bisect.bisect_left(sorted_xs, 3), bisect.bisect_right(sorted_xs, 3))
    bisect.insort(sorted_xs, 4)
    print(sorted_xs)
    text = "ids: a12, b7, c345"
    print(re.findall(r"[a-z](\d+)", text), re.sub(r"\d+", "#", text), re.split(r",\s*", text))
    m = re.search(r"([a-z])(\d+)", text)
    if m:
        print(m.group(0), m.group(2), m.start(), m.end())
    pat = re.compile(r"c(\d+)")
    m2 = pat.search(text)
    print(m2.group(1) if m2 else "none")
    print(reduce(lambda a, b: a * b, [1, 2, 3, 4]), reduce(lambda a, b: a + b, [1, 2], 10))


if __name__ == "__main__":
    main()
