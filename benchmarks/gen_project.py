"""Generate a synthetic project the transpiler accepts (the generators live in transpiler/bench/synth.py).

    python3 benchmarks/gen_project.py OUT_DIR [--lines 40000] [--kind python|numpy|c|shell|mixed]

The Python project is one package `synth/` of modules `mod_NNN.py`; each imports a class and a function from
the module before it, so the import graph is a chain plus a fan-in at `main.py`, the entry point. The other
kinds are described in transpiler/bench/synth.py; `transpile bench` uses them for its transpilation-speed table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transpiler.bench.synth import KINDS, generate, generate_kind  # noqa: E402

__all__ = ["generate", "generate_kind"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--lines", type=int, default=40_000)
    ap.add_argument("--kind", choices=sorted(KINDS), default="python")
    ns = ap.parse_args()
    print(f"wrote {generate_kind(ns.kind, ns.out, ns.lines)} lines to {ns.out}")


if __name__ == "__main__":
    main()
