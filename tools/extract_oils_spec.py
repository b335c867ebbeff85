"""Extract oils spec tests (spec/*.test.sh) into the conformance runner's case-folder layout.

    python tools/extract_oils_spec.py [--flat] /work/.mirror/oils-for-unix+oils/repo /tmp/oils-cases

REPO_GIT_DIR is a git directory (or a work tree) of oils-for-unix/oils. Each `#### name` block of the basic
categories becomes `OUT_DIR/<file>-<nnn>/input.sh`. Only cases whose bash expectation in the spec file holds
when run with this machine's bash are written, and only `input.sh` is written: the conformance runner runs
bash itself for the expected stdout and status. The spec's `argv.py` helper (a Python script printing its
argv as a list) is replaced by an equivalent shell function defined at the top of the case.

With --flat each case is written as `OUT_DIR/<file>-<nnn>.sh` instead (the runner's plain-file layout). Every
folder case is named `input.sh`, so every generated crate is named `input`; cargo then hashes them all alike in
the runner's shared target dir and may reuse a stale binary. Distinct file stems avoid that.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

CATEGORIES = (
    "builtin-echo", "builtin-printf", "assign", "arith", "if_", "case_", "loop", "for-expr", "sh-func",
    "quote", "redirect", "pipeline", "here-doc", "command-sub", "subshell", "exit-status", "word-split",
    "builtin-bracket", "dbracket", "brace-expansion", "array-basic", "array", "dparen",
)

ARGV_PY = r"""argv.py() {
  local __o='[' __s='' __a
  for __a in "$@"; do
    if [[ $__a == *"'"* && $__a != *'"'* ]]; then __o+="$__s\"$__a\""
    else __o+="$__s'${__a//\'/\\\'}'"; fi
    __s=', '
  done
  printf '%s]\n' "$__o"
}
"""

SHELL_RE = re.compile(r"^## (?:OK|BUG|N-I|BUG-2|OK-2)(?:-\d)? ([\w/.-]+) (.*)$")


@dataclass
class SpecCase:
    name: str
    code: str
    stdout: str | None
    status: int


def _read(repo: Path, rel: str) -> str | None:
    if (repo / rel).is_file():
        return (repo / rel).read_text(encoding="utf-8", errors="replace")
    res = subprocess.run(["git", "--git-dir", str(repo), "show", f"HEAD:{rel}"], capture_output=True)
    return res.stdout.decode("utf-8", "replace") if res.returncode == 0 else None


def parse_spec(text: str) -> list[SpecCase]:
    """The cases of one spec file, with the expectation that applies to bash."""
    cases: list[SpecCase] = []
    blocks = re.split(r"^#### ", text, flags=re.MULTILINE)[1:]
    for block in blocks:
        name, _, rest = block.partition("\n")
        lines = rest.split("\n")
        code: list[str] = []
        i = 0
        while i < len(lines) and not lines[i].startswith("## "):
            code.append(lines[i])
            i += 1
        default: dict[str, object] = {}
        for_bash: dict[str, object] = {}
        while i < len(lines):
            line = lines[i]
            i += 1
            if not line.startswith("## "):
                continue
            target = default
            m = SHELL_RE.match(line)
            body = line[3:]
            if m:
                shells = m.group(1).split("/")
                body = m.group(2)
                target = for_bash if "bash" in shells else {}
            key, sep, value = body.partition(":")
            key = key.strip().lower()
            if key == "stdout" and sep and value.strip() == "" and body.rstrip().endswith("STDOUT:"):
                out: list[str] = []
                while i < len(lines) and not lines[i].startswith("## "):
                    out.append(lines[i])
                    i += 1
                target["stdout"] = "\n".join(out) + "\n" if out else ""
            elif key == "stdout":
                target["stdout"] = value[1:] + "\n" if value.startswith(" ") else value + "\n"
            elif key == "stdout-json":
                target["stdout"] = json.loads(value.strip())
            elif key == "status":
                target["status"] = int(value.strip())
        merged = {**default, **for_bash}
        stdout = merged.get("stdout")
        cases.append(SpecCase(name.strip(), "\n".join(code).rstrip() + "\n",
                              stdout if isinstance(stdout, str) else None, int(str(merged.get("status", 0)))))
    return cases


def case_source(case: SpecCase) -> str:
    return (ARGV_PY if "argv.py" in case.code else "") + case.code


def run_bash(source: str) -> tuple[int, str] | None:
    with tempfile.TemporaryDirectory(prefix="oils-") as tmp:
        script = Path(tmp) / "input.sh"
        script.write_text(source, encoding="utf-8")
        try:
            res = subprocess.run(["bash", str(script)], cwd=tmp, capture_output=True, timeout=10,
                                 stdin=subprocess.DEVNULL,
                                 env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": tmp})
        except subprocess.TimeoutExpired:
            return None
        return res.returncode, res.stdout.decode("utf-8", "replace")


def main(argv: list[str]) -> int:
    flat = "--flat" in argv
    argv = [a for a in argv if a != "--flat"]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    repo, out = Path(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    kept = total = 0
    for cat in CATEGORIES:
        text = _read(repo, f"spec/{cat}.test.sh")
        if text is None:
            print(f"missing spec/{cat}.test.sh", file=sys.stderr)
            continue
        for n, case in enumerate(parse_spec(text)):
            total += 1
            if case.stdout is None or "$SH" in case.code or "${SH}" in case.code:
                continue
            source = case_source(case)
            if run_bash(source) != (case.status, case.stdout):
                continue
            name = f"{cat.rstrip('_')}-{n:03d}"
            if flat:
                (out / f"{name}.sh").write_text(source, encoding="utf-8")
            else:
                (out / name).mkdir(exist_ok=True)
                (out / name / "input.sh").write_text(source, encoding="utf-8")
            kept += 1
    print(f"{kept}/{total} cases hold under bash; written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
