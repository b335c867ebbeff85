# matrix: multiply two N x N matrices of floats (N from the first argument,
# default 60) with plain nested lists. The inputs are built deterministically
# from the indices; the program prints a checksum of the product.
import sys


def build(n: int, seed: int) -> list[list[float]]:
    m: list[list[float]] = []
    for i in range(n):
        row: list[float] = []
        for j in range(n):
            row.append(((i * 31 + j * 17 + seed) % 97) / 10.0 - 4.5)
        m.append(row)
    return m


def multiply(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    n = len(a)
    c: list[list[float]] = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for k in range(n):
            aik = a[i][k]
            for j in range(n):
                c[i][j] += aik * b[k][j]
    return c


def checksum(m: list[list[float]]) -> float:
    total = 0.0
    for i, row in enumerate(m):
        for j, x in enumerate(row):
            total += x * ((i + 2 * j) % 7 + 1)
    return total


def main() -> None:
    n = 60
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    a = build(n, 3)
    b = build(n, 11)
    c = multiply(a, b)
    print(f"n = {n}")
    print(f"checksum = {checksum(c):.6f}")
    print(f"trace = {sum(c[i][i] for i in range(n)):.6f}")


if __name__ == "__main__":
    main()
