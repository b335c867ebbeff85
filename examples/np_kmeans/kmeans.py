"""k-means (Lloyd's algorithm) on n seeded random 2-d points with k clusters (default 10000 and 10)."""

import sys

import numpy as np


def kmeans(points: np.ndarray, k: int, iters: int) -> np.ndarray:
    centers = points[:k].copy()
    for _ in range(iters):
        diff = points[:, None, :] - centers[None, :, :]
        dist = (diff * diff).sum(axis=2)
        labels = dist.argmin(axis=1)
        for j in range(k):
            members = points[labels == j]
            if members.shape[0] > 0:
                centers[j, :] = members.mean(axis=0)
    return centers


def inertia(points: np.ndarray, centers: np.ndarray) -> float:
    diff = points[:, None, :] - centers[None, :, :]
    dist = (diff * diff).sum(axis=2)
    return float(dist.min(axis=1).sum())


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    iters = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    rng = np.random.default_rng(2)
    points = rng.random((n, 2)) * 100.0
    centers = kmeans(points, k, iters)
    print(f"n={n} k={k} iters={iters}")
    print(f"inertia={inertia(points, centers):.6f}")
    order = np.argsort(centers[:, 0])
    print(f"first center x={centers[order[0], 0]:.6f} y={centers[order[0], 1]:.6f}")


if __name__ == "__main__":
    main()
