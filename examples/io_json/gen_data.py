"""Writes the word list the JSON example draws names from: `python3 gen_data.py words.txt`."""

import sys

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "zé", "ül", "ño", "ø", "東", "京", "💡"]


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "words.txt"
    seed = 2024
    with open(path, "w") as f:
        for _ in range(5000):
            seed = (seed * 1103515245 + 12345) % 2147483648
            n = 2 + (seed >> 16) % 3
            word = ""
            for k in range(n):
                word += SYLLABLES[(seed >> (7 * k + 2)) % len(SYLLABLES)]
            f.write(word + "\n")


main()
