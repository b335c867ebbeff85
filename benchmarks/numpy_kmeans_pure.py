"""The k-means of examples/np_kmeans in pure CPython (lists and floats), on the same points.

argv: n k iters. The points come from the same seeded numpy draw, converted to lists before timing
starts, so only the algorithm is timed; prints the same inertia line as the numpy program.
"""

import sys
import time

import numpy as np


def kmeans(points: list[tuple[float, float]], k: int, iters: int) -> list[list[float]]:
    centers = [[x, y] for x, y in points[:k]]
    for _ in range(iters):
        sums = [[0.0, 0.0] for _ in range(k)]
        counts = [0] * k
        for x, y in points:
            best = 0
            best_d = float("inf")
            for j in range(k):
                dx = x - centers[j][0]
                dy = y - centers[j][1]
                d = dx * dx + dy * dy
                if d < best_d:
                    best_d = d
                    best = j
            sums[best][0] += x
            sums[best][1] += y
            counts[best] += 1
        for j in range(k):
            if counts[j] > 0:
                centers[j] = [sums[j][0] / counts[j], sums[j][1] / counts[j]]
    return centers


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    iters = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    pts = np.random.default_rng(2).random((n, 2)) * 100.0
    points = [(float(a), float(b)) for a, b in pts.tolist()]
    t = time.perf_counter()
    centers = kmeans(points, k, iters)
    elapsed = time.perf_counter() - t
    inertia = sum(min((x - c[0]) ** 2 + (y - c[1]) ** 2 for c in centers) for x, y in points)
    print(f"inertia={inertia:.6f}")
    print(f"kernel_seconds={elapsed:.6f}", file=sys.stderr)


if __name__ == "__main__":
    main()
