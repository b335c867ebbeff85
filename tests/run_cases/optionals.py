from typing import Optional


class Node:
    def __init__(self, value: int, next: "Optional[Node]") -> None:
        self.value = value
        self.next = next


def length(head: Optional[Node]) -> int:
    n = 0
    cur = head
    while cur is not None:
        n += 1
        cur = cur.next
    return n


def get(n: int | None) -> int:
    if n is None:
        return 0
    return n + 1


def first_big(xs: list[int]) -> Optional[int]:
    for x in xs:
        if x > 10:
            return x
    return None


if __name__ == "__main__":
    head = Node(1, Node(2, Node(3, None)))
    print(length(head), length(None), get(None), get(41))
    slots: list[int | None] = [None] * 3
    slots[1] = 7
    print(slots, [s for s in slots if s is not None])
    d = {"a": 1}
    v = d.get("a")
    w = d.get("zz")
    print(v, w, (v or 0) + 1, first_big([1, 20, 3]), first_big([1]))
    head.next.value = 99
    print(head.next.value)
    big = first_big([5])
    print(big + 1)
