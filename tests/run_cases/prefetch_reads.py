"""Loops the prefetch_file_reads pass reads ahead in parallel: results, order, skipped reads and the error of a
missing file must be exactly CPython's (the error surfaces at its own iteration, after the earlier prints)."""

import os


def scan(folder: str, names: list[str]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for name in names:
        path = os.path.join(folder, name)
        if name.startswith("skip"):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        sizes[name] = len(text)
        print(name, len(text), text.count("\n"), repr(text[:12]))
    return sizes


def main() -> None:
    folder = "prefetch_case"
    if not os.path.isdir(folder):
        os.mkdir(folder)
    names: list[str] = []
    for i in range(40):
        name = f"skip{i}.txt" if i % 7 == 3 else f"f{i}.txt"
        with open(os.path.join(folder, name), "w") as f:
            f.write("line é\r\n" * (i % 5) + ("tail" if i % 2 else ""))
        names.append(name)
    names.append(names[0])
    sizes = scan(folder, names)
    print(len(sizes), sum(sizes.values()))
    total = 0
    for name in sorted(os.listdir(folder)):
        with open(folder + "/" + name) as f:
            total += len(f.read().split())
    print("words", total)
    names.append("missing.txt")
    names.append("f1.txt")
    scan(folder, names)


main()
