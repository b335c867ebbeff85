#!/usr/bin/env python3
"""Transpile the same inputs with another revision of the tool and with this checkout, and diff the outputs.

For a change that must not change what the tool produces (a faster parser, a cache): every project in
examples/ and every Python file in the folders given, or every case of a conformance corpus of case folders
(c-testsuite's `input.c`...), is transpiled by both, with
`--no-cache --dump-ir --json`; the generated files, the IR dump and the diagnostics must be byte-identical.

    python3 tools/diff_outputs.py [--base REV] [--corpus DIR ...] [-k SUBSTRING]

The other revision (default: the merge base with `main`) is extracted with `git archive` into a temporary
folder laid out like the installed package (package-dir of pyproject.toml), and run from there. Exit status 1
when anything differs; the first lines of each difference are printed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from transpiler.conformance import discover_cases

ROOT = Path(__file__).resolve().parent.parent
MAPPED = {"transpiler": "transpiler", "transpiler/frontends": "frontends", "transpiler/codegen": "codegen",
          "transpiler/runtime": "runtime-crates"}


def _layout(rev: str, dest: Path) -> Path:
    """`rev`'s sources under dest/src, and dest/pkg laid out as the installed package; returns dest/pkg."""
    src, pkg = dest / "src", dest / "pkg"
    src.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    for inside, real in MAPPED.items():
        target = pkg / inside
        target.parent.mkdir(parents=True, exist_ok=True)
        if inside == "transpiler":
            target.mkdir()
            for entry in (src / real).iterdir():
                (target / entry.name).symlink_to(entry)
        else:
            target.symlink_to(src / real)
    return pkg


def _inputs(corpora: list[Path], only: str | None) -> list[Path]:
    found = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())
    for corpus in corpora:
        # a conformance corpus of case folders (`input.c`, `input.sh`, `input.py`: their sources), or of files
        cases = discover_cases(corpus)
        if any(case.case_dir is not None for case in cases):
            found.extend(case.source for case in cases)
        else:
            found.extend(sorted(corpus.rglob("*.py")))
    return [p for p in found if only is None or only in str(p)]


def _run(pythonpath: Path | None, path: Path, out: Path) -> dict[str, str]:
    """Everything one transpilation produced, by name: generated files, IR dump, diagnostics, exit status."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    res = subprocess.run([sys.executable, "-m", "transpiler", str(path), "--out", str(out),
                          "--no-cache", "--json", "-j", "1", "--runtime-dir", str(ROOT / "runtime-crates")],
                         env=env, capture_output=True, text=True, cwd=out.parent)
    got: dict[str, str] = {"<exit>": str(res.returncode)}
    try:
        report = json.loads(res.stdout)
        got["<diagnostics>"] = json.dumps(report.get("diagnostics"), indent=1)
        got["<files>"] = json.dumps([(f["path"], f["ok"]) for f in report.get("files", [])])
    except json.JSONDecodeError:
        got["<stdout>"] = res.stdout
    got["<stderr>"] = res.stderr
    dump = subprocess.run([sys.executable, "-m", "transpiler", str(path), "--out", str(out) + ".ir",
                           "--no-cache", "--dump-ir", "-q", "-j", "1"], env=env, capture_output=True, text=True,
                          cwd=out.parent)
    got["<ir>"] = dump.stdout
    for f in sorted(out.rglob("*")) if out.is_dir() else []:
        rel = f.relative_to(out)
        if f.is_file() and rel.parts[0] != "target":
            got[str(rel)] = f.read_text(encoding="utf-8", errors="replace")
    return got


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default=None, help="the revision to compare with (default: merge-base with main)")
    ap.add_argument("--corpus", type=Path, action="append", default=[], help="also every .py file under DIR")
    ap.add_argument("-k", dest="only", default=None, help="only inputs whose path contains this")
    ns = ap.parse_args()
    base = ns.base or subprocess.run(["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], check=True,
                                     capture_output=True, text=True).stdout.strip()
    differing = 0
    inputs = _inputs(ns.corpus, ns.only)
    with tempfile.TemporaryDirectory(prefix="diff-outputs-") as tmp_name:
        tmp = Path(tmp_name)
        pkg = _layout(base, tmp / "base")
        for i, path in enumerate(inputs):
            work = tmp / f"case{i}"
            work.mkdir()
            old = _run(pkg, path, work / "old")
            new = _run(None, path, work / "new")
            # the output folder's own path shows in a few places (json "out", messages): make it the same
            old = {k: v.replace(str(work / "old"), "OUT") for k, v in old.items()}
            new = {k: v.replace(str(work / "new"), "OUT") for k, v in new.items()}
            bad = [k for k in sorted(old.keys() | new.keys()) if old.get(k) != new.get(k)]
            print(f"{'DIFF' if bad else 'same'} {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
                  f" ({len(new)} outputs)", flush=True)
            for k in bad:
                differing += 1
                diff = difflib.unified_diff(old.get(k, "").splitlines(), new.get(k, "").splitlines(),
                                            f"base/{k}", f"new/{k}", lineterm="", n=1)
                print("\n".join(list(diff)[:40]))
    print(f"{len(inputs)} inputs, {differing} differing outputs (base {base[:12]})")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
