"""os.path functions and os.walk over a small tree the program builds itself (results sorted, as real code does)."""

import os


def build_tree(root: str) -> None:
    for sub in ["a", "a/b", "a/b/c", "d", ".hidden"]:
        path = os.path.join(root, sub)
        if not os.path.isdir(path):
            os.mkdir(path)
    files = {"a/x.py": "print(1)\nprint(2)\n", "a/b/y.txt": "one line", "a/b/c/z.tar.gz": "", "d/.env": "K=V\n",
             "top.md": "# T\n\ntext\n", ".hidden/h.py": "pass\n"}
    for rel, text in files.items():
        with open(os.path.join(root, rel), "w") as f:
            f.write(text)


def main() -> None:
    for p in ["a/b/c.txt", "/abs/x", "noext", ".bashrc", "a.b/c", "..x.py", "a/b/", "//x", "", "a//b///"]:
        print(repr(p), os.path.splitext(p), os.path.basename(p), repr(os.path.dirname(p)), os.path.split(p))
    print(os.path.join("a", "b", "c"), os.path.join("a/", "b"), os.path.join("a", "/b", "c"), os.path.join("", "x"))
    print(os.path.normpath("a/./b/../../c//d/"), os.path.normpath("/../x"), os.path.normpath(""))
    print(os.path.abspath("x/../y") == os.path.join(os.getcwd(), "y"))
    root = "walk_root"
    if not os.path.exists(root):
        os.mkdir(root)
    build_tree(root)
    files: dict[str, int] = {}
    line_counts: dict[str, int] = {}
    sizes: dict[str, int] = {}
    seen: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        seen.append(dirpath + " " + str(sorted(dirnames)) + " " + str(sorted(filenames)))
        for name in filenames:
            full = os.path.join(dirpath, name)
            ext = os.path.splitext(name)[1] or "(none)"
            lines = 0
            with open(full) as f:
                for _ in f:
                    lines += 1
            files[ext] = files.get(ext, 0) + 1
            line_counts[ext] = line_counts.get(ext, 0) + lines
            sizes[ext] = sizes.get(ext, 0) + os.path.getsize(full)
    for line in sorted(seen):
        print(line)
    for ext in sorted(files):
        print(ext, files[ext], line_counts[ext], sizes[ext])
    print(sorted(os.listdir(root)), os.path.isfile(os.path.join(root, "top.md")), os.path.isdir(root))
    print(os.path.exists(os.path.join(root, "nope")), os.path.isfile(root))
    try:
        os.path.getsize(os.path.join(root, "missing.txt"))
    except FileNotFoundError as e:
        print("missing:", e)
    print(list(os.walk(os.path.join(root, "nope"))))


main()
