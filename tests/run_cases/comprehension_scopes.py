"""Comprehension variables have their own scope; loop targets may reuse names of earlier loops."""

sizes: dict[str, int] = {"a": 1, "b": 2}
total = 0
for size in [3, 4]:
    total += size
for name, size in sizes.items():
    total += size
    print(name, size)
print(total, size)
xs = [1, 2, 3]
for x in xs:
    total += x
print(x, total)
words = [str(x) for x in xs]
print(words, [x * 2.5 for x in [1.0, 2.0]], x)
pairs: list[tuple[str, int]] = [("x", 1), ("y", 2)]
size = 0
for key, size in pairs:
    print(key, size)
print(size, {k: v for k, v in pairs}, [k for k, _ in pairs])
