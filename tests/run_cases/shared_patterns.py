"""Common object patterns that alias and mutate: a doubly linked list with removal, observers that write the
subject while it notifies them, transfers between accounts (also to the same account), a task graph sorted by
__lt__ with a loop variable reused by comprehensions."""
from __future__ import annotations


class DNode:
    def __init__(self, value: int) -> None:
        self.value = value
        self.prev: DNode | None = None
        self.next: DNode | None = None


class DList:
    def __init__(self) -> None:
        self.head: DNode | None = None
        self.tail: DNode | None = None
        self.size = 0

    def push(self, value: int) -> DNode:
        node = DNode(value)
        if self.tail is None:
            self.head = node
            self.tail = node
        else:
            node.prev = self.tail
            self.tail.next = node
            self.tail = node
        self.size += 1
        return node

    def remove(self, node: DNode) -> None:
        if node.prev is not None:
            node.prev.next = node.next
        else:
            self.head = node.next
        if node.next is not None:
            node.next.prev = node.prev
        else:
            self.tail = node.prev
        node.prev = None
        node.next = None
        self.size -= 1

    def values(self) -> list[int]:
        out: list[int] = []
        cur = self.head
        while cur is not None:
            out.append(cur.value)
            cur = cur.next
        return out


class Subject:
    def __init__(self, name: str) -> None:
        self.name = name
        self.state = 0
        self.observers: list[Observer] = []

    def attach(self, o: Observer) -> None:
        self.observers.append(o)
        o.subject = self

    def set_state(self, v: int) -> None:
        self.state = v
        for o in self.observers:
            o.update(self)

    @property
    def label(self) -> str:
        return f"{self.name}={self.state}"

    def __str__(self) -> str:
        return f"Subject({self.label})"


class Observer:
    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.seen: list[int] = []
        self.subject: Subject | None = None

    def update(self, s: Subject) -> None:
        self.seen.append(s.state * 10 + len(s.observers))
        if s.state == 2:
            s.state = 3  # writes the subject while its set_state is running


class Account:
    def __init__(self, owner: str, balance: int) -> None:
        self.owner = owner
        self.balance = balance
        self.history: list[int] = []
        self.peer: Account | None = None

    def transfer(self, to: Account, amount: int) -> bool:
        if self.balance < amount:
            return False
        self.balance -= amount
        to.balance += amount
        self.history.append(-amount)
        to.history.append(amount)
        self.peer = to
        return True


class Task:
    def __init__(self, name: str, prio: int) -> None:
        self.name = name
        self.prio = prio
        self.deps: list[Task] = []
        self.done = False
        self.parent: Task | None = None

    def add(self, t: Task) -> Task:
        self.deps.append(t)
        t.parent = self
        return self

    def run(self, log: list[str]) -> int:
        total = 0
        for d in self.deps:
            if not d.done:
                total += d.run(log)
        self.done = True
        log.append(self.name)
        return total + self.prio

    def __repr__(self) -> str:
        return f"Task({self.name!r}, {self.prio})"

    def __lt__(self, other: Task) -> bool:
        return self.prio < other.prio


def make(registry: dict[str, Task], name: str, prio: int) -> Task:
    t = Task(name, prio)
    registry[name] = t
    return t


def task_graph() -> None:
    REGISTRY: dict[str, Task] = {}
    root = make(REGISTRY, "root", 1)
    a = make(REGISTRY, "a", 5)
    b = make(REGISTRY, "b", 3)
    c = make(REGISTRY, "c", 4)
    root.add(a).add(b)
    a.add(c)
    b.add(c)
    log: list[str] = []
    print(root.run(log), log)
    tasks = sorted(REGISTRY.values())
    print(tasks, [t.done for t in tasks], len(tasks))
    REGISTRY["c"].prio = 100
    print(c.prio, max(tasks).name, c.parent is b, root.parent)
    best = tasks[0]
    for t in tasks:
        if t.prio > best.prio:
            best = t
    best.name = "best"
    print(c.name, best is c, [t.name for t in root.deps])


def main() -> None:
    dl = DList()
    n1 = dl.push(1)
    n2 = dl.push(2)
    n3 = dl.push(3)
    dl.remove(n2)
    print(dl.values(), dl.size, n1.next is n3, n3.prev is n1, n2.next is None)
    dl.remove(n1)
    dl.remove(n3)
    print(dl.values(), dl.head is None, dl.tail is None)

    s = Subject("temp")
    a = Observer("a")
    b = Observer("b")
    s.attach(a)
    s.attach(b)
    s.set_state(1)
    s.set_state(2)
    print(a.seen, b.seen, s.state, a.subject is s, str(s), s.label)

    x = Account("x", 100)
    y = Account("y", 5)
    print(x.transfer(y, 30), x.transfer(x, 10), y.transfer(x, 100))
    print(x.balance, y.balance, x.history, y.history, x.peer is x)
    task_graph()


main()
