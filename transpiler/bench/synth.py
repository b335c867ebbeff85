"""Synthetic source projects of a given size, one per kind of source, for the transpilation-speed table.

`generate(kind, out, lines)` writes a project the transpiler accepts and returns its line count. Kinds:
"python" (typed pure functions, classes), "numpy" (array code), "c" (systems-style C), "shell" (bash functions
and loops) and "mixed" (all of them in one project). benchmarks/gen_project.py is the command-line front end.
"""

from __future__ import annotations

from collections.abc import Callable
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


NUMPY_TEMPLATE = '''"""Synthetic numpy module {i}."""

import numpy as np

'''

NUMPY_FUNC = '''
def normalize_{i}_{k}(a: np.ndarray) -> np.ndarray:
    """Scale the columns of a 2-d array to zero mean."""
    mean = a.mean(axis=0)
    centered = a - mean[None, :]
    return centered * {scale}


def energy_{i}_{k}(a: np.ndarray, b: np.ndarray) -> float:
    prod = a @ b
    total = float((prod * prod).sum())
    if total > 1000.0:
        total = total / 2.0
    return total


def nearest_{i}_{k}(points: np.ndarray, centers: np.ndarray) -> np.ndarray:
    diff = points[:, None, :] - centers[None, :, :]
    dist = (diff * diff).sum(axis=2)
    return dist.min(axis=1)

'''


def numpy_module_text(i: int, funcs: int) -> str:
    text = NUMPY_TEMPLATE.format(i=i)
    for k in range(funcs):
        text += NUMPY_FUNC.format(i=i, k=k, scale=f"{1.0 + k / 10:.1f}")
    return text


def generate_numpy(out: Path, lines: int = 25_000, funcs: int = 6) -> int:
    pkg = out / "synth_np"
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text('"""Synthetic numpy package."""\n')
    total, i = 1, 0
    while total < lines - 30:
        text = numpy_module_text(i, funcs)
        (pkg / f"np_{i:03d}.py").write_text(text)
        total += text.count("\n")
        i += 1
    imports = "\n".join(f"from synth_np.np_{m:03d} import energy_{m}_0, normalize_{m}_0" for m in range(i))
    calls = "\n".join(f"    print(f\"{{energy_{m}_0(normalize_{m}_0(a), b):.6e}}\")" for m in range(i))
    main = (f'"""Entry point of the synthetic numpy project."""\n\nimport numpy as np\n\n{imports}\n\n\n'
            "def main() -> None:\n    rng = np.random.default_rng(0)\n    a = rng.random((8, 4))\n"
            f"    b = rng.random((4, 3))\n{calls}\n\n\nif __name__ == \"__main__\":\n    main()\n")
    (pkg / "np_main.py").write_text(main)
    return total + main.count("\n")


C_FUNC = '''
struct rec_{i}_{k} {{
    int id;
    long total;
    double weight;
}};

static long mix_{i}_{k}(long x) {{
    x ^= x >> 7;
    x = (x * 31 + {k}) % 1000003;
    return x;
}}

long scan_{i}_{k}(const int *values, int n) {{
    long acc = 0;
    int idx;
    for (idx = 0; idx < n; idx++) {{
        if (values[idx] % 3 == 0) {{
            acc += mix_{i}_{k}(values[idx]);
        }} else if (values[idx] % 3 == 1) {{
            acc -= values[idx] / 2;
        }} else {{
            acc += values[idx] * 2;
        }}
    }}
    return acc;
}}

double average_{i}_{k}(struct rec_{i}_{k} *recs, int n) {{
    double sum = 0.0;
    int j = 0;
    while (j < n) {{
        recs[j].total += recs[j].id;
        sum += recs[j].weight * (double)recs[j].total;
        j++;
    }}
    return n > 0 ? sum / n : 0.0;
}}

int count_{i}_{k}(const char *text) {{
    int words = 0;
    int inside = 0;
    const char *p;
    for (p = text; *p != '\\0'; p++) {{
        if (*p == ' ' || *p == '\\n') {{
            inside = 0;
        }} else if (!inside) {{
            inside = 1;
            words++;
        }}
    }}
    return words;
}}
'''


def c_module_text(i: int, funcs: int) -> str:
    text = f"/* Synthetic C module {i}. */\n#include \"synth.h\"\n"
    for k in range(funcs):
        text += C_FUNC.format(i=i, k=k)
    return text


def generate_c(out: Path, lines: int = 12_000, funcs: int = 4) -> int:
    src = out / "synth_c"
    src.mkdir(parents=True, exist_ok=True)
    total, i = 0, 0
    decls: list[str] = []
    while total < lines - 40:
        text = c_module_text(i, funcs)
        (src / f"mod_{i:03d}.c").write_text(text)
        total += text.count("\n")
        decls += [f"long scan_{i}_{k}(const int *values, int n);" for k in range(funcs)]
        decls += [f"int count_{i}_{k}(const char *text);" for k in range(funcs)]
        i += 1
    header = "#ifndef SYNTH_H\n#define SYNTH_H\n" + "\n".join(decls) + "\n#endif\n"
    (src / "synth.h").write_text(header)
    calls = "\n".join(f"    printf(\"%ld %d\\n\", scan_{m}_0(values, 8), count_{m}_0(\"a b  c\"));"
                      for m in range(i))
    main = ("#include <stdio.h>\n#include \"synth.h\"\n\nint main(void) {\n"
            "    int values[8] = {1, 2, 3, 4, 5, 6, 7, 8};\n" + calls + "\n    return 0;\n}\n")
    (src / "c_main.c").write_text(main)
    return total + header.count("\n") + main.count("\n")


SH_FUNC = '''
count_{i}_{k}() {{
    local n=$1
    local total=0
    local j=0
    while [ "$j" -lt "$n" ]; do
        if [ $((j % 3)) -eq 0 ]; then
            total=$((total + j * {k}))
        else
            total=$((total - 1))
        fi
        j=$((j + 1))
    done
    echo "$total"
}}

label_{i}_{k}() {{
    local name="$1"
    case "$name" in
        a*) echo "starts with a: $name" ;;
        *) echo "other: ${{name}}_{k}" ;;
    esac
}}

words_{i}_{k}() {{
    local count=0
    for w in $1; do
        count=$((count + 1))
    done
    echo "$count words"
}}
'''


def generate_shell(out: Path, lines: int = 2_000, funcs: int = 3) -> int:
    src = out / "synth_sh"
    src.mkdir(parents=True, exist_ok=True)
    total, i = 0, 0
    while total < lines - 10:
        text = "#!/usr/bin/env bash\n# Synthetic shell script " + str(i) + ".\n"
        for k in range(funcs):
            text += SH_FUNC.format(i=i, k=k)
        text += f"\ncount_{i}_0 10\nlabel_{i}_1 alpha\nwords_{i}_2 \"x y z\"\n"
        (src / f"script_{i:03d}.sh").write_text(text)
        total += text.count("\n")
        i += 1
    return total


def generate_python(out: Path, lines: int = 5_000, funcs: int = 6) -> int:
    return generate(out, lines, funcs)


def generate_mixed(out: Path, lines: int = 40_000) -> int:
    """Python, numpy, C and shell sources in one project, in the proportions of the other kinds."""
    out.mkdir(parents=True, exist_ok=True)
    return (generate(out, lines * 5 // 10) + generate_numpy(out, lines * 2 // 10)
            + generate_c(out, lines * 2 // 10) + generate_shell(out, lines // 10))


KINDS: dict[str, tuple[str, Callable[[Path, int], int], int]] = {
    # kind: (row label, generator, full-size line count, as in the appendix)
    "python": ("Python (pure functions)", generate_python, 5_000),
    "numpy": ("Python (ML with numpy)", generate_numpy, 25_000),
    "c": ("C (systems code)", generate_c, 12_000),
    "shell": ("Shell scripts", generate_shell, 2_000),
    "mixed": ("Mixed (Python + C + Shell)", generate_mixed, 40_000),
}


def generate_kind(kind: str, out: Path, lines: int | None = None) -> int:
    """Write a synthetic project of `kind` under `out`; returns its line count."""
    _, gen, full = KINDS[kind]
    return gen(out, lines if lines is not None else full)
