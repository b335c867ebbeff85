"""Generate a synthetic pure-Python project of many typed modules that the transpiler accepts.

    python3 benchmarks/gen_project.py OUT_DIR [--lines 40000]

The project is one package `synth/` of modules `mod_NNN.py`; each imports a class and a function from the
module before it, so the import graph is a chain plus a fan-in at `main.py`, the entry point.
"""

from __future__ import annotations

import argparse
from pathlib import Path

MODULE_TEMPLATE = '''"""Synthetic module {i}: arithmetic, strings, lists and dicts over typed functions."""

from dataclasses import dataclass
{imports}

@dataclass
class Item{i}:
    name: str
    weight: int
    price: float

    def total(self) -> float:
        return self.weight * self.price

    def label(self) -> str:
        return f"{{self.name}}:{{self.weight}}"

'''

FUNC_TEMPLATE = '''
def compute_{i}_{k}(n: int, scale: float) -> float:
    """Sum a series and a list of items."""
    total = 0.0
    items: list[Item{i}] = []
    for j in range(n):
        if j % 3 == 0:
            total += j * scale
        elif j % 3 == 1:
            total -= j / (scale + 1.0)
        else:
            total += float(j // 2)
        items.append(Item{i}(f"it{{j}}", j, scale))
    for it in items:
        total += it.total()
    return total


def words_{i}_{k}(text: str) -> dict[str, int]:
    counts: dict[str, int] = {{}}
    for word in text.split():
        w = word.strip(".,").lower()
        if w:
            counts[w] = counts.get(w, 0) + 1
    return counts


def fold_{i}_{k}(values: list[int]) -> int:
    acc = 0
    idx = 0
    while idx < len(values):
        v = values[idx]
        if v > 10:
            acc += v * 2
        else:
            acc -= v
        idx += 1
    return acc + len([x for x in values if x % 2 == 0])

'''


def module_text(i: int, funcs: int) -> str:
    imports = f"from synth.mod_{i - 1:03d} import Item{i - 1}, fold_{i - 1}_0\n" if i > 0 else ""
    text = MODULE_TEMPLATE.format(i=i, imports=imports)
    for k in range(funcs):
        text += FUNC_TEMPLATE.format(i=i, k=k)
    if i > 0:
        text += (f"\ndef link_{i}() -> int:\n"
                 f"    prev = Item{i - 1}(\"p\", {i}, 1.5)\n"
                 f"    return fold_{i - 1}_0([prev.weight, 3, 12])\n")
    return text


def generate(out: Path, lines: int = 40_000, funcs: int = 6) -> int:
    """Write the project under `out`; returns the number of lines written."""
    pkg = out / "synth"
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text('"""Synthetic package."""\n')
    total = 1
    i = 0
    while total < lines - 20:
        text = module_text(i, funcs)
        (pkg / f"mod_{i:03d}.py").write_text(text)
        total += text.count("\n")
        i += 1
    calls = "\n".join(f"    print(compute_{m}_0(5, 1.5), fold_{m}_0([1, 20, 3]))" for m in range(i))
    imports = "\n".join(f"from synth.mod_{m:03d} import compute_{m}_0, fold_{m}_0" for m in range(i))
    main = f'"""Entry point: calls one function of every module."""\n\n{imports}\n\n\n'
    main += f"def main() -> None:\n{calls}\n\n\n"
    main += 'if __name__ == "__main__":\n    main()\n'
    (pkg / "main.py").write_text(main)
    return total + main.count("\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--lines", type=int, default=40_000)
    ns = ap.parse_args()
    print(f"wrote {generate(ns.out, ns.lines)} lines to {ns.out}")


if __name__ == "__main__":
    main()
