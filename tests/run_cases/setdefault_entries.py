d: dict[str, list[int]] = {}
d.setdefault("a", []).append(1)
y = d.setdefault("a", [])
print(d, len(y))
groups: dict[int, list[str]] = {}
for w in ["apple", "bob", "cat", "dog", "emu", "fig"]:
    groups.setdefault(len(w), []).append(w)
print(groups)
counts: dict[str, int] = {}
n = counts.setdefault("a", 3)
n += 1
print(counts, n)
