from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


def classify(p: Point) -> str:
    match p:
        case Point(x=0, y=0):
            return "origin"
        case Point(0, y):
            return f"on y axis at {y}"
        case Point(x, 0) if x > 0:
            return f"positive x axis at {x}"
        case Point(x=x, y=y) if x == y:
            return "diagonal"
        case _:
            return "elsewhere"


def command(words: list[str]) -> str:
    match words:
        case ["go", direction]:
            return "going " + direction
        case ["pick", "up", *items]:
            return f"picking {len(items)} items"
        case ["quit" | "exit"]:
            return "bye"
        case []:
            return "nothing"
        case _:
            return "unknown"


def http(code: int) -> str:
    match code:
        case 200 | 201:
            return "ok"
        case 404:
            return "not found"
        case other:
            return f"code {other}"


if __name__ == "__main__":
    for p in [Point(0, 0), Point(0, 5), Point(3, 0), Point(-3, 0), Point(2, 2), Point(1, 2)]:
        print(classify(p))
    for c in [["go", "north"], ["pick", "up", "a", "b"], ["exit"], [], ["dance"]]:
        print(command(c))
    print(http(201), http(404), http(500))
