"""itertools over finite iterables: product (and repeat=), permutations, combinations, accumulate, chain, groupby,
islice, pairwise."""

from itertools import accumulate, chain, combinations, groupby, islice, pairwise, permutations, product
import itertools


def main() -> None:
    words = "the quick brown fox jumps over the lazy dog".split()
    print(list(product([1, 2], "ab")))
    print(list(product(range(2), repeat=3)))
    print(list(permutations([1, 2, 3], 2)))
    print(list(combinations(range(4), 2)), list(itertools.combinations_with_replacement("ab", 2)))
    print(list(accumulate([1, 2, 3, 4])), list(chain([1], [2, 3], range(4, 6))))
    for k, g in groupby(sorted(words), key=lambda w: w[0]):
        print(k, list(g))
    print([(n, len(list(grp))) for n, grp in groupby([1, 1, 2, 3, 3, 3])])
    print(list(islice(words, 3)), list(islice(range(20), 2, 10, 3)), list(islice(words, 5, None)))
    print(list(pairwise([1, 4, 9, 16])))
    total = 0
    for a, b, c in product(range(3), range(3), range(3)):
        if a + b + c == 4:
            total += a * b * c
    print(total)
    best = max(permutations("abc", 3))
    print(best)


if __name__ == "__main__":
    main()
