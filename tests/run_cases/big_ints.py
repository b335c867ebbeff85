"""Arbitrary-precision ints (promote_big_ints): factorials, Fibonacci, powers, digits of pi, mixing with i64."""

import math


def fact(n: int) -> int:
    if n <= 1:
        return 1
    return n * fact(n - 1)


def fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def pi_digits(count: int) -> str:
    q, r, t, k, n, l = 1, 0, 1, 1, 3, 3
    out = ""
    while len(out) < count:
        if 4 * q + r - t < n * t:
            out += str(n)
            q, r, t, k, n, l = 10 * q, 10 * (r - n * t), t, k, (10 * (3 * q + r)) // t - 10 * n, l
        else:
            q, r, t, k, n, l = q * k, (2 * q + r) * l, t * l, k + 1, (q * (7 * k + 2) + r * l) // (t * l), l + 2
    return out


def main() -> None:
    print(math.factorial(50))
    print(fact(30))
    print(fib(300))
    print(2**200)
    result = 1
    for i in range(1, 40):
        result *= i
    print(result, len(str(result)))
    print(f"fact={result}")
    print(pi_digits(100))
    big = -(3**70)
    print(big // 7, big % 7, big // -7, big % -7, divmod(big, 10**20))
    print(abs(big), abs(big).bit_length(), big < 0, big > 5, result == result * 1)
    counts = {2**100: "a", 5: "b"}
    counts[3**50] = "c"
    print(counts[2**100], counts[5], counts[3**50], len(counts))
    print(pow(3, 200, 10**9 + 7), pow(2**100, 3, 1000))
    print(result / 3, result + 1 - result, result // result)
    small = fib(10) + 3
    print(small)
    total = 0
    for i in range(10):
        total += i * i
    print(total, total < result, total == 285)
    x = -(10**25) + 7
    print(x // 3, x % 3, x // -3, x % -3, -x // 3, (-x) % -3)
    print(f"{2**70:>30}|{fact(25)}|{-result}")


if __name__ == "__main__":
    main()
