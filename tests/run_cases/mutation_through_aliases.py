class Body:
    def __init__(self, x: float, v: float) -> None:
        self.x = x
        self.v = v


class Machine:
    NAMES = ["idle", "busy"]

    def __init__(self) -> None:
        self.cells: list[int] = [1, 2, 3]
        self.log: list[int] = []
        self.ticks = 0

    def add(self, d: int) -> None:
        self.log.append(d * 10)

    def tick(self) -> int:
        self.ticks += 1
        return self.ticks

    def run(self) -> None:
        for d in self.cells:
            self.add(d)
        self.log.append(self.tick())
        self.log.append(self.tick())


def advance(bodies: list[Body], dt: float) -> None:
    for b in bodies:
        b.x += b.v * dt
    first = bodies[0]
    first.v = -first.v
    j = len(bodies) - 1
    bodies[j].x = 100.0


if __name__ == "__main__":
    bodies = [Body(0.0, 1.0), Body(5.0, -2.0), Body(9.0, 0.5)]
    advance(bodies, 0.5)
    print([(b.x, b.v) for b in bodies])
    m = Machine()
    m.run()
    print(m.log, m.ticks, Machine.NAMES, m.NAMES[1])
    grid = [[0, 0], [0, 0]]
    row = grid[1]
    row[0] = 7
    print(grid)
