"""Read integers from stdin and print their summary and a histogram."""

import sys

from app.stats import histogram, summarize


def main() -> int:
    values: list[int] = []
    for word in sys.stdin.read().split():
        if not word.lstrip("-").isdigit():
            print(f"summarize: not a number: {word}", file=sys.stderr)
            return 2
        values.append(int(word))
    s = summarize(values)
    print(f"count={s.count} total={s.total} min={s.smallest} max={s.largest} mean={s.mean():.2f}")
    for row in histogram(values, 10):
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
