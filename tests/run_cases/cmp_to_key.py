"""functools.cmp_to_key in sorted() and list.sort(): stable order by the comparison sign, reverse too."""

from functools import cmp_to_key


def by_len_then_alpha(a: str, b: str) -> int:
    if len(a) != len(b):
        return len(a) - len(b)
    return -1 if a < b else (1 if a > b else 0)


def main() -> None:
    words = ["pear", "fig", "apple", "kiwi", "date", "banana"]
    print(sorted(words, key=cmp_to_key(by_len_then_alpha)))
    print(sorted(words, key=cmp_to_key(by_len_then_alpha), reverse=True))
    nums = [5, 3, 8, 1]
    nums.sort(key=cmp_to_key(lambda a, b: b - a))
    print(nums)
    pairs = [(1, "b"), (0, "a"), (1, "a")]
    pairs.sort(key=cmp_to_key(lambda p, q: p[0] - q[0]))
    print(pairs)


if __name__ == "__main__":
    main()
