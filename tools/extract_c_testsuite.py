"""Extract c-testsuite's single-exec cases into the conformance runner's case-folder layout.

    python tools/extract_c_testsuite.py /work/.mirror/c-testsuite+c-testsuite/repo /tmp/c-testsuite

REPO is a git directory (or a work tree) of c-testsuite/c-testsuite. Each `tests/single-exec/NNNNN.c` that
includes only standard headers becomes `OUT_DIR/c-NNNNN/input.c` with its `.c.expected` as `expected_stdout`
(the expected status is then 0, as c-testsuite requires). Cases are named by number so that every crate the
runner builds has a distinct name.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

STANDARD_HEADERS = frozenset({
    "assert.h", "ctype.h", "errno.h", "float.h", "inttypes.h", "limits.h", "math.h", "stdarg.h", "stdbool.h",
    "stddef.h", "stdint.h", "stdio.h", "stdlib.h", "string.h",
})
INCLUDE_RE = re.compile(r"^\s*#\s*include\s*<([^>]+)>", re.MULTILINE)


def source_tree(repo: Path, work: Path) -> Path:
    """The folder holding tests/single-exec: the work tree itself, or an export of the git directory's HEAD."""
    if (repo / "tests" / "single-exec").is_dir():
        return repo
    archive = subprocess.run(["git", "--git-dir", str(repo), "archive", "HEAD", "tests/single-exec"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
    return work


def extract(repo: Path, out: Path) -> tuple[int, int]:
    """Write the cases; returns (written, skipped for a non-standard header)."""
    written = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = source_tree(repo, Path(tmp)) / "tests" / "single-exec"
        for src in sorted(root.glob("*.c")):
            expected = src.with_name(src.name + ".expected")
            if not expected.is_file():
                continue
            code = src.read_bytes()
            headers = set(INCLUDE_RE.findall(code.decode("latin-1")))
            if not headers <= STANDARD_HEADERS:
                skipped += 1
                continue
            case = out / f"c-{src.stem}"
            case.mkdir(parents=True, exist_ok=True)
            (case / "input.c").write_bytes(code)
            (case / "expected_stdout").write_bytes(expected.read_bytes())
            written += 1
    return written, skipped


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    written, skipped = extract(Path(argv[0]), Path(argv[1]))
    print(f"{written} cases written to {argv[1]} ({skipped} skipped: non-standard headers)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
