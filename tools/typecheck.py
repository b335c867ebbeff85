#!/usr/bin/env python3
"""Type-check the `transpiler` package with mypy (strict, the settings of pyproject.toml's [tool.mypy]).

The installed package maps folders (setuptools `package-dir`): `transpiler.frontends` is ./frontends and
`transpiler.codegen` is ./codegen, which mypy cannot follow from the source tree. This script builds a shim
tree build/typecheck/transpiler/ of symlinks laid out like the installed package, runs mypy on it and prints
the paths of the real files (relative to the repository root).

Usage: python3 tools/typecheck.py [extra mypy arguments]; exit status is mypy's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIM = ROOT / "build" / "typecheck"
# package folder inside the shim -> real folder (relative to the repository root)
MAPPED = {"transpiler/frontends": "frontends", "transpiler/codegen": "codegen"}


def build_shim() -> Path:
    """(Re)create build/typecheck/transpiler/ with symlinks to transpiler's entries, frontends and codegen.

    Only the links are rebuilt (rmtree removes a symlink, never what it points to); mypy's cache,
    build/typecheck/.mypy_cache, is kept between runs.
    """
    pkg = SHIM / "transpiler"
    if pkg.exists():
        shutil.rmtree(pkg)
    pkg.mkdir(parents=True)
    for entry in sorted((ROOT / "transpiler").iterdir()):
        if entry.name in ("__pycache__", "frontends", "codegen", "runtime"):
            continue
        if entry.is_dir() or entry.suffix == ".py":
            os.symlink(os.path.relpath(entry, pkg), pkg / entry.name)
    for shim_dir, real in MAPPED.items():
        link = SHIM / shim_dir
        os.symlink(os.path.relpath(ROOT / real, link.parent), link)
    return pkg


def main() -> int:
    pkg = build_shim()
    cmd = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *sys.argv[1:], str(pkg)]
    proc = subprocess.run(cmd, cwd=SHIM, capture_output=True, text=True)
    # shim paths back to the real files: transpiler/frontends/x.py -> frontends/x.py
    pattern = re.compile(r"^(transpiler/(?:frontends|codegen))/", re.MULTILINE)
    out = pattern.sub(lambda m: MAPPED[m.group(1)] + "/", proc.stdout)
    sys.stdout.write(out)
    sys.stderr.write(proc.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
