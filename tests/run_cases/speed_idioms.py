# Idioms that compile to faster Rust: each must still behave exactly like CPython, edge cases included.
class Palette:
    NAMES = ["red", "green", "blue"]


def flip(xs: list[int], k: int) -> list[int]:
    xs[:k + 1] = xs[k::-1]
    return xs


def bits(x: int) -> int:
    return bin(x).count("1")


def tally(words: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in words:
        if w in counts:
            counts[w] += 1
        else:
            counts[w] = 1
    return counts


def spread(text: str) -> list[str]:
    out: list[str] = []
    for ch in text:
        if ch == " ":
            out.append("_")
        else:
            out.append(ch)
    return out


def scan(text: str) -> tuple[int, int, int]:
    digits = letters = spaces = 0
    for i in range(len(text)):
        if text[i].isdigit():
            digits += 1
        if text[i].isalpha():
            letters += 1
        if text[i].isspace():
            spaces += 1
    return digits, letters, spaces


def first_repeat(xs: list[int]) -> int:
    while True:
        for x in xs:
            if x < 0:
                break
        return len(xs)


def main() -> None:
    print(Palette.NAMES[1], len(Palette.NAMES), Palette.NAMES)
    for k in (0, 2, 4, 9, -1, -3, -9):
        print(k, flip([1, 2, 3, 4, 5], k))
    print([bits(x) for x in (0, 1, 7, 255, -5, -1, 2**62)])
    counts = tally("a b a c b a".split())
    print(counts)
    weights: dict[str, float] = {"x": 1.5}
    step = 2
    weights["x"] *= step
    weights["x"] -= 0.25
    print(weights)
    try:
        counts["zzz"] += 1
    except KeyError as e:
        print("KeyError", e)
    print(spread("a b\u00e9 c"))
    print(scan("ab 12\u00e9\u0663 \t x"))
    print(first_repeat([1, -2, 3]))


if __name__ == "__main__":
    main()
