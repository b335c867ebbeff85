"""complex: literals, mixed arithmetic with int and float, comparison, repr, parts and abs."""


def mandel_steps(c: complex, limit: int) -> int:
    z = 0j
    for i in range(limit):
        z = z * z + c
        if abs(z) > 2.0:
            return i
    return limit


def main() -> None:
    c1 = 2 + 3j
    c2 = 4 - 5j
    print(c1, c2, c1 + c2, c1 - c2, c1 * c2, c1 / c2)
    print(c1 * 2, 1.5 * c1, c1 - 0.5, -c1, c1 ** 3)
    print(3j, -2j, 1j * 1j)
    print(c1 == 2 + 3j, c1 != c2, (1 + 0j) == 1)
    print(c1.real, c1.imag, abs(3 + 4j), c1.conjugate())
    print(complex(1, 2), complex(2.5), str(c1), repr(c2))
    total = 0j
    for k in range(4):
        total += complex(k, -k)
    print(total)
    print([mandel_steps(complex(x / 4, 0.5), 30) for x in range(-8, 3)])
    print(f"{c1}")
    try:
        print(c1 / 0j)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)


if __name__ == "__main__":
    main()
