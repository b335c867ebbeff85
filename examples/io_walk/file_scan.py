"""Scans a source tree: files, lines and bytes per extension, the largest files and the deepest folder.

usage: file_scan.py ROOT
"""

import os
import sys


def main() -> None:
    root = sys.argv[1]
    files: dict[str, int] = {}
    lines: dict[str, int] = {}
    sizes: dict[str, int] = {}
    words = 0
    folders = 0
    deepest = ""
    largest: list[tuple[int, str]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        folders += 1
        rel = dirpath[len(root):].lstrip("/")
        if rel.count("/") > deepest.count("/") or (rel.count("/") == deepest.count("/") and rel > deepest):
            deepest = rel
        for name in filenames:
            path = os.path.join(dirpath, name)
            ext = os.path.splitext(name)[1] or "(none)"
            with open(path, encoding="utf-8") as f:
                text = f.read()
            n_lines = text.count("\n") + (1 if len(text) > 0 and not text.endswith("\n") else 0)
            size = os.path.getsize(path)
            files[ext] = files.get(ext, 0) + 1
            lines[ext] = lines.get(ext, 0) + n_lines
            sizes[ext] = sizes.get(ext, 0) + size
            words += len(text.split())
            largest.append((size, path[len(root):]))
    print(f"folders: {folders}")
    print(f"deepest: {deepest or '.'}")
    print(f"{'ext':<10}{'files':>8}{'lines':>10}{'bytes':>12}")
    for ext in sorted(files, key=lambda e: (-files[e], e)):
        print(f"{ext:<10}{files[ext]:>8}{lines[ext]:>10}{sizes[ext]:>12}")
    print(f"total: {sum(files.values())} files, {sum(lines.values())} lines, {sum(sizes.values())} bytes, {words} words")
    largest.sort(key=lambda t: (-t[0], t[1]))
    for nbytes, where in largest[:5]:
        print(f"  {nbytes:>8} {where}")


main()
