from enum import Enum

PI = 3.141592653589793
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


class Kind(Enum):
    NUMBER = 1
    WORD = 2
    PUNCT = 3


def show(k: Kind) -> str:
    return k.name.lower()


def classify(text: str) -> dict[Kind, int]:
    counts: dict[Kind, int] = {}
    for tok in text.split():
        k = Kind.NUMBER if tok.isdigit() else (Kind.WORD if tok.isalpha() else Kind.PUNCT)
        counts[k] = counts.get(k, 0) + 1
    return counts


def energy(v: float) -> float:
    return 0.5 * SOLAR_MASS * v * v / DAYS_PER_YEAR


if __name__ == "__main__":
    c = classify("a 1 b 22 , ! c")
    for k in Kind:
        print(show(k), c.get(k, 0), k.value)
    print(f"{energy(0.01):.9f}")
    a = [1, 2, 3, 4, 5]
    a[:2] = [9, 9, 9]
    a[-1:] = []
    print(a, list(range(1, 4)), list(range(3))[::-1])
