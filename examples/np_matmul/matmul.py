"""Matrix product of two seeded random n x n matrices (default 1024; argv: n reps), printed as checksums."""

import sys

import numpy as np


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = np.random.default_rng(0)
    a = rng.random((n, n))
    b = rng.random((n, n))
    c = a @ b
    for _ in range(reps - 1):
        c = a @ b
    print(f"n={n} sum={c.sum():.6e} max={c.max():.6e} corner={c[n - 1, n - 1]:.6e}")
    small = c[:2, :3] / n
    print(small.shape)


if __name__ == "__main__":
    main()
