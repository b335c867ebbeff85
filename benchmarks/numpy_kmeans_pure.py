"""The k-means of examples/np_kmeans in pure CPython (lists and floats): the same program, without numpy.

argv: n k iters, as the numpy program. Everything the numpy program does is done here in plain Python, so
a whole-process timing compares the same work: the points come from the same generator
(`np.random.default_rng(2).random((n, 2)) * 100.0`: SeedSequence and PCG64 written out below), Lloyd's
iterations are the same (first k points as the start, nearest center by squared distance with the first
minimum winning, each center the mean of its members in row order, kept when it has none), and the
inertia is summed in numpy's pairwise order. The printed lines match the numpy program's to the digit.
This program does not import numpy (its 0.1-0.2 s import would otherwise be counted against CPython).
"""

import sys

M32 = 0xFFFFFFFF
M64 = (1 << 64) - 1
M128 = (1 << 128) - 1
PCG_MULT = (2549297995355413924 << 64) + 4865540595714422341


def seed_sequence(seed: int, n_words: int) -> list[int]:
    """numpy's SeedSequence(seed).generate_state(n_words, uint64) for a non-negative int seed."""
    entropy = []
    while True:
        entropy.append(seed & M32)
        seed >>= 32
        if seed == 0:
            break
    hc = 0x43B0D7E5

    def hashmix(v: int) -> int:
        nonlocal hc
        v ^= hc
        hc = (hc * 0x931E8875) & M32
        v = (v * hc) & M32
        return v ^ (v >> 16)

    def mix(x: int, y: int) -> int:
        r = (0xCA01F9DD * x - 0x4973F715 * y) & M32
        return r ^ (r >> 16)

    pool = [hashmix(entropy[i] if i < len(entropy) else 0) for i in range(4)]
    for src in range(4):
        for dst in range(4):
            if src != dst:
                pool[dst] = mix(pool[dst], hashmix(pool[src]))
    for e in entropy[4:]:
        for dst in range(4):
            pool[dst] = mix(pool[dst], hashmix(e))
    h = 0x8B51F9DD
    words = []
    for i in range(n_words * 2):
        v = pool[i % 4] ^ h
        h = (h * 0x58F38DED) & M32
        v = (v * h) & M32
        words.append(v ^ (v >> 16))
    return [words[2 * i] | (words[2 * i + 1] << 32) for i in range(n_words)]


def random_points(seed: int, n: int) -> list[tuple[float, float]]:
    """`np.random.default_rng(seed).random((n, 2)) * 100.0` as a list of (x, y)."""
    v = seed_sequence(seed, 4)
    inc = ((((v[2] << 64) | v[3]) << 1) | 1) & M128
    state = (inc) & M128  # step from state 0
    state = (state + ((v[0] << 64) | v[1])) & M128
    state = (state * PCG_MULT + inc) & M128

    def draw() -> float:
        nonlocal state
        state = (state * PCG_MULT + inc) & M128
        x = (state >> 64) ^ (state & M64)
        rot = state >> 122
        out = ((x >> rot) | (x << (64 - rot))) & M64
        return (out >> 11) * (1.0 / 9007199254740992.0)

    return [(draw() * 100.0, draw() * 100.0) for _ in range(n)]


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


def pairwise_sum(a: list[float], lo: int, n: int) -> float:
    """numpy's pairwise summation of a[lo:lo + n] (blocks of 128, eight accumulators)."""
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    if n <= 128:
        r = a[lo:lo + 8]
        i = 8
        while i < n - n % 8:
            for j in range(8):
                r[j] += a[lo + i + j]
            i += 8
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n:
            res += a[lo + i]
            i += 1
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return pairwise_sum(a, lo, n2) + pairwise_sum(a, lo + n2, n - n2)


def inertia(points: list[tuple[float, float]], centers: list[list[float]]) -> float:
    nearest = [min((x - cx) * (x - cx) + (y - cy) * (y - cy) for cx, cy in centers) for x, y in points]
    return pairwise_sum(nearest, 0, len(nearest))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    iters = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    points = random_points(2, n)
    centers = kmeans(points, k, iters)
    print(f"n={n} k={k} iters={iters}")
    print(f"inertia={inertia(points, centers):.6f}")
    first = min(range(k), key=lambda j: centers[j][0])
    print(f"first center x={centers[first][0]:.6f} y={centers[first][1]:.6f}")


if __name__ == "__main__":
    main()
