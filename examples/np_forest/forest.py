"""Random-forest inference: m seeded complete trees of depth d scoring n samples (default 1000 samples)."""

import sys

import numpy as np
import numpy.typing as npt


def build_children(n_trees: int, depth: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    per_tree = (1 << (depth + 1)) - 1
    internal = (1 << depth) - 1
    left = np.full(n_trees * per_tree, -1, dtype=np.int64)
    right = np.full(n_trees * per_tree, -1, dtype=np.int64)
    for t in range(n_trees):
        base = t * per_tree
        for j in range(internal):
            left[base + j] = base + 2 * j + 1
            right[base + j] = base + 2 * j + 2
    return left, right


def predict(x: npt.NDArray[np.float64], feature: npt.NDArray[np.int64], threshold: npt.NDArray[np.float64],
            left: npt.NDArray[np.int64], right: npt.NDArray[np.int64], value: npt.NDArray[np.float64],
            n_trees: int, per_tree: int) -> npt.NDArray[np.float64]:
    out = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        acc = 0.0
        for t in range(n_trees):
            node = t * per_tree
            while left[node] >= 0:
                if x[i, feature[node]] <= threshold[node]:
                    node = left[node]
                else:
                    node = right[node]
            acc += value[node]
        out[i] = acc / n_trees
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    n_trees = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    depth = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    n_features = 16
    per_tree = (1 << (depth + 1)) - 1
    rng = np.random.default_rng(3)
    x = rng.random((n, n_features))
    feature = rng.integers(0, n_features, size=n_trees * per_tree)
    threshold = rng.random(n_trees * per_tree)
    value = rng.random(n_trees * per_tree)
    left, right = build_children(n_trees, depth)
    scores = predict(x, feature, threshold, left, right, value, n_trees, per_tree)
    print(f"n={n} trees={n_trees} depth={depth}")
    print(f"sum={scores.sum():.12f} max={scores.max():.12f} argmax={scores.argmax()}")
    print(scores[:4])


if __name__ == "__main__":
    main()
