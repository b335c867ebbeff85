# wordfreq: read text from stdin, count word frequencies (lowercased, with
# punctuation stripped), print the ten most frequent words as "word count"
# lines ordered by (-count, word), then the totals.
import sys

PUNCTUATION: str = ".,;:!?\"'()[]{}-_*"


def normalize(token: str) -> str:
    return token.lower().strip(PUNCTUATION)


def count_words(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for token in text.split():
        word = normalize(token)
        if word == "":
            continue
        counts[word] = counts.get(word, 0) + 1
    return counts


def top_words(counts: dict[str, int], n: int) -> list[tuple[str, int]]:
    items: list[tuple[str, int]] = [(w, c) for w, c in counts.items()]
    items.sort(key=lambda wc: (-wc[1], wc[0]))
    return items[:n]


def main() -> None:
    text = sys.stdin.read()
    counts = count_words(text)
    for word, count in top_words(counts, 10):
        print(f"{word} {count}")
    total = sum(counts.values())
    print(f"total words: {total}")
    print(f"distinct words: {len(counts)}")


if __name__ == "__main__":
    main()
