#!/usr/bin/env python3
"""Check that incremental runs produce what cold runs produce, module by module.

For every project in examples/ (or the folders given): transpile it once with the cache, then for each Python
module in turn append a comment (a new content hash, so the module is re-parsed and re-inferred against the
summaries of the others, transpiler/summary.py), re-run incrementally, and compare every generated file with
a cold run (no cache) of the same sources. A pass that computes something from function bodies which other
modules' emission reads must keep it in the summaries (or skip `Program.stubs`); this finds the ones that
do not.

    python3 tools/check_incremental.py [PROJECT_DIR ...] [-k SUBSTRING]

Exit status 1 when an incremental run differs from the cold one.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transpiler import transpile_project  # noqa: E402

TOUCH = "\n# touched by tools/check_incremental.py\n"


def _outputs(out: Path, files: list[Path]) -> dict[str, str]:
    return {str(f): (out / f).read_text(encoding="utf-8", errors="replace") for f in files}


def check(project: Path, tmp: Path, runtime: Path) -> int:
    """The number of (module, generated file) pairs where the incremental run differs from the cold run."""
    src, out, fresh = tmp / "src", tmp / "out", tmp / "fresh"
    shutil.copytree(project, src)
    first = transpile_project(src, out, jobs=1, runtime_dir=runtime)
    if not first.ok:
        print(f"skip {project.name}: does not transpile")
        return 0
    bad = 0
    for module in sorted(src.rglob("*.py")):
        original = module.read_text()
        module.write_text(original + TOUCH)
        try:
            inc = transpile_project(src, out, jobs=1, runtime_dir=runtime)
            shutil.rmtree(fresh, ignore_errors=True)
            cold = transpile_project(src, fresh, jobs=1, cache=False, runtime_dir=runtime)
            if inc.ok != cold.ok:
                print(f"DIFF {project.name}/{module.relative_to(src)}: ok {inc.ok} incrementally, {cold.ok} cold")
                bad += 1
                continue
            got, want = _outputs(out, inc.outputs), _outputs(fresh, cold.outputs)
            differing = sorted(k for k in got.keys() | want.keys() if got.get(k) != want.get(k))
            status = "DIFF" if differing else "same"
            print(f"{status} {project.name}/{module.relative_to(src)} ({len(inc.inferred)} module(s) re-inferred)")
            for k in differing:
                bad += 1
                diff = difflib.unified_diff(want.get(k, "").splitlines(), got.get(k, "").splitlines(),
                                            f"cold/{k}", f"incremental/{k}", lineterm="", n=1)
                print("\n".join(list(diff)[:30]))
        finally:
            module.write_text(original)
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("projects", type=Path, nargs="*", help="default: every project in examples/")
    ap.add_argument("-k", dest="only", default=None, help="only projects whose path contains this")
    ns = ap.parse_args()
    projects = ns.projects or sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())
    projects = [p for p in projects if ns.only is None or ns.only in str(p)]
    bad = 0
    for i, project in enumerate(projects):
        with tempfile.TemporaryDirectory(prefix=f"check-incremental-{i}-") as tmp:
            bad += check(project.resolve(), Path(tmp), ROOT / "runtime-crates")
    print(f"{len(projects)} projects, {bad} differing outputs")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
