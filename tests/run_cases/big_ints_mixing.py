"""Big ints mixing with i64 values: augmented sums of factorials, comparisons both ways, lists of mixed ints."""

import math


def fact(n: int) -> int:
    return 1 if n <= 1 else n * fact(n - 1)


total = 0
for i in range(5):
    total += math.factorial(25)
print(total)
x = 5
y = x * fact(30) - x
print(y, y > x, x < y, y != 0)
z = y // x ** 3
print(z, -z % 1000, divmod(z, -7))
vals = [fact(22), 3, fact(25)]
print(vals, max(vals), sum(vals), sorted(vals)[0])
print(str(fact(40))[:10], len(str(fact(40))), float(fact(20)), int(fact(21)))
print(sum(vals, 10), sum([1, 2], math.factorial(21)), pow(2, 10, 1000))
