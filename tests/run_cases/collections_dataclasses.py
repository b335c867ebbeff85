from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field


@dataclass(order=True)
class Item:
    priority: int
    name: str
    tags: list[str] = field(default_factory=list)


def main() -> None:
    words = "the cat and the hat and the bat".split()
    c = Counter(words)
    print(c.most_common(2), c["the"], c["zzz"], len(c))
    print(c)
    groups: defaultdict[int, list[str]] = defaultdict(list)
    for w in words:
        groups[len(w)].append(w)
    print(dict(groups))
    counts: defaultdict[str, int] = defaultdict(int)
    for w in words:
        counts[w] += 1
    print(counts["the"], counts["nope"], len(counts))
    q: deque[int] = deque([1, 2, 3])
    q.append(4)
    q.appendleft(0)
    print(q.popleft(), q.pop(), len(q), 2 in q, q[0])
    items = [Item(2, "b"), Item(1, "a"), Item(2, "a")]
    items.sort()
    print([(i.priority, i.name) for i in items], Item(1, "x") < Item(2, "a"))
    it = Item(3, "c")
    it.tags.append("x")
    print(it)


if __name__ == "__main__":
    main()
