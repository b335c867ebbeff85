"""Creates a deterministic source tree of N files for the file-scan example: `python3 gen_data.py tree 10000`."""

import os
import sys

EXTS = [".py", ".rs", ".txt", ".md", ".json", ".c", ".h", "", ".csv", ".tar.gz"]
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "théta", "λ", "naïve", "end"]


def main() -> None:
    root = sys.argv[1] if len(sys.argv) > 1 else "tree"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    seed = 7
    for i in range(count):
        seed = (seed * 1103515245 + 12345) % 2147483648
        depth = seed % 4
        folder = root
        for d in range(depth):
            folder = os.path.join(folder, f"d{(seed >> (4 * d + 3)) % 6}")
        os.makedirs(folder, exist_ok=True)
        ext = EXTS[(seed >> 11) % len(EXTS)]
        lines = (seed >> 5) % 40
        with open(os.path.join(folder, f"f{i}{ext}"), "w") as f:
            for k in range(lines):
                f.write(WORDS[(seed + k) % len(WORDS)] + " " + str(k * i) + "\n")
            if seed % 3 == 0:
                f.write("no newline at end")


main()
