# primes: sieve of Eratosthenes up to N (first command-line argument, default
# 100000). Prints how many primes there are, the largest one and their sum.
# A non-integer or negative argument prints a usage message on stderr and
# exits with status 2.
import sys


def sieve(limit: int) -> list[bool]:
    is_prime: list[bool] = [True] * (limit + 1)
    is_prime[0] = False
    if limit >= 1:
        is_prime[1] = False
    i = 2
    while i * i <= limit:
        if is_prime[i]:
            for j in range(i * i, limit + 1, i):
                is_prime[j] = False
        i += 1
    return is_prime


def parse_limit(args: list[str]) -> int:
    if len(args) < 2:
        return 100000
    try:
        n = int(args[1])
    except ValueError:
        print(f"usage: primes [N]  (N must be a non-negative integer, got {args[1]!r})", file=sys.stderr)
        sys.exit(2)
    if n < 0:
        print(f"usage: primes [N]  (N must be a non-negative integer, got {n})", file=sys.stderr)
        sys.exit(2)
    return n


def main() -> None:
    limit = parse_limit(sys.argv)
    flags = sieve(limit)
    primes: list[int] = [i for i in range(limit + 1) if flags[i]]
    print(f"limit: {limit}")
    print(f"count: {len(primes)}")
    if len(primes) > 0:
        print(f"last: {primes[-1]}")
    else:
        print("last: none")
    print(f"sum: {sum(primes)}")


if __name__ == "__main__":
    main()
