# wordcount: dictionary-heavy word frequency count. N words (first argument)
# are generated from syllables by a linear congruential generator, with a
# skewed choice so some words are far more common than others, and written as
# lines of text with punctuation and mixed case. The text is split, normalised
# and counted in a dict; the program prints totals and the 20 most common words.
import sys

SYLLABLES: list[str] = [
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "wen", "xu",
    "yar", "zo", "bel", "dra", "fin", "gor", "hul", "jin", "pex", "qua",
]
PUNCTUATION: list[str] = ["", "", "", ",", ".", ";", "!", "?"]


class Rng:
    def __init__(self, seed: int) -> None:
        self.state = seed

    def next(self, n: int) -> int:
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return (self.state >> 8) % n

    def skewed(self, n: int) -> int:
        # the minimum of two draws favours small values
        return min(self.next(n), self.next(n))


def make_word(rng: Rng) -> str:
    parts: list[str] = []
    for _ in range(1 + rng.next(3)):
        parts.append(SYLLABLES[rng.skewed(len(SYLLABLES))])
    word = "".join(parts)
    if rng.next(10) == 0:
        word = word.capitalize()
    elif rng.next(50) == 0:
        word = word.upper()
    return word


def generate_text(words: int, seed: int) -> str:
    rng = Rng(seed)
    lines: list[str] = []
    line: list[str] = []
    for _ in range(words):
        line.append(make_word(rng) + PUNCTUATION[rng.next(len(PUNCTUATION))])
        if len(line) >= 8 + rng.next(8):
            lines.append(" ".join(line))
            line = []
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)


def count_words(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in text.splitlines():
        for raw in line.split():
            word = raw.strip(",.;!?").lower()
            if not word:
                continue
            if word in counts:
                counts[word] += 1
            else:
                counts[word] = 1
    return counts


def main() -> None:
    words = 200000
    if len(sys.argv) > 1:
        words = int(sys.argv[1])
    text = generate_text(words, 12345)
    counts = count_words(text)
    by_length: dict[int, int] = {}
    for word, n in counts.items():
        by_length[len(word)] = by_length.get(len(word), 0) + n
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    print(f"lines: {text.count(chr(10)) + 1}")
    print(f"words: {sum(counts.values())}")
    print(f"distinct: {len(counts)}")
    for length in sorted(by_length):
        print(f"length {length}: {by_length[length]}")
    for word, n in top:
        print(f"{word:<12}{n:>8}")


if __name__ == "__main__":
    main()
