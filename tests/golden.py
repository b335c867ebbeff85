"""Golden data files: `tests/data/*.test`, in a mypy-like format.

    [case name_of_case]
    <input lines>
    [file other.py]
    <lines of an extra file, optional, any number of these>
    [out]
    <expected output lines>

Lines before the first `[case]` are a free-form header. Trailing blank lines of a section are not part of
it. Use `golden_params(path)` to parametrize a test over the cases of a file and `check_golden(...)` to
compare; `pytest --update-golden` rewrites the `[out]` sections from the actual output instead.
"""

from __future__ import annotations

import difflib
import fcntl
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parent / "data"

_HEADER_RE = re.compile(r"^\[(case|file|out)(?:\s+(\S.*?))?\]\s*$")


class GoldenFormatError(ValueError):
    pass


@dataclass(frozen=True)
class GoldenCase:
    name: str
    input: str  # the input lines, newline-terminated ("" when empty)
    files: dict[str, str] = field(default_factory=dict)  # extra file name -> contents
    expected: str = ""  # the [out] lines, newline-terminated ("" when empty or absent)
    line: int = 0  # 1-based line of the `[case ...]` header

    @property
    def expected_lines(self) -> list[str]:
        return self.expected.splitlines()


def _section_text(lines: list[str]) -> str:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "".join(ln + "\n" for ln in lines)


def parse_cases(text: str, origin: str = "<string>") -> list[GoldenCase]:
    """Parse the text of a `.test` file; raises GoldenFormatError on malformed input."""
    cases: list[GoldenCase] = []
    name: str | None = None
    case_line = 0
    section = ""  # "case", "file" or "out"
    file_name = ""
    buf: list[str] = []
    inp = ""
    files: dict[str, str] = {}
    expected = ""
    seen: set[str] = set()

    def close_section() -> None:
        nonlocal inp, expected
        body = _section_text(buf)
        if section == "case":
            inp = body
        elif section == "file":
            files[file_name] = body
        elif section == "out":
            expected = body

    def close_case() -> None:
        if name is not None:
            close_section()
            cases.append(GoldenCase(name, inp, dict(files), expected, case_line))

    for lineno, raw in enumerate(text.splitlines(), start=1):
        m = _HEADER_RE.match(raw)
        if m is None:
            buf.append(raw)
            continue
        kind, arg = m.group(1), (m.group(2) or "").strip()
        where = f"{origin}:{lineno}"
        if kind == "case":
            close_case()
            if not arg:
                raise GoldenFormatError(f"{where}: [case] needs a name")
            if arg in seen:
                raise GoldenFormatError(f"{where}: duplicate case name {arg!r}")
            seen.add(arg)
            name, case_line, inp, files, expected = arg, lineno, "", {}, ""
        elif name is None:
            raise GoldenFormatError(f"{where}: [{kind}] before the first [case]")
        else:
            if section == "out":
                raise GoldenFormatError(f"{where}: [{kind}] after [out] in case {name!r}")
            close_section()
            if kind == "file":
                if not arg:
                    raise GoldenFormatError(f"{where}: [file] needs a file name")
                file_name = arg
            elif arg:
                raise GoldenFormatError(f"{where}: [out] takes no argument")
        section = kind
        buf = []
    close_case()
    return cases


def load_cases(path: Path) -> list[GoldenCase]:
    return parse_cases(path.read_text(encoding="utf-8"), str(path))


def golden_params(path: Path) -> list[object]:
    """`pytest.param(case, id=case.name)` for each case of `path`, for `@pytest.mark.parametrize`."""
    return [pytest.param(case, id=case.name) for case in load_cases(path)]


def _normalize(text: str) -> str:
    return _section_text([ln.rstrip() for ln in text.splitlines()])


def golden_diff(expected: str, actual: str, name: str = "") -> str:
    label = f" ({name})" if name else ""
    return "".join(
        difflib.unified_diff(
            _normalize(expected).splitlines(keepends=True),
            _normalize(actual).splitlines(keepends=True),
            f"expected{label}",
            f"actual{label}",
        )
    )


def _wants_update(update: bool | pytest.Config | pytest.FixtureRequest) -> bool:
    if isinstance(update, bool):
        return update
    config = update.config if isinstance(update, pytest.FixtureRequest) else update
    return bool(config.getoption("--update-golden", default=False))


def check_golden(
    update: bool | pytest.Config | pytest.FixtureRequest,
    path: Path,
    case: GoldenCase,
    actual: str,
) -> None:
    """Assert `actual` equals the case's `[out]` (trailing whitespace ignored), with a unified diff.

    `update` is the `golden_update` fixture, pytest's config or the `request` fixture; when it says
    `--update-golden`, the case's `[out]` section in `path` is rewritten instead and nothing is asserted.
    """
    if _normalize(actual) == _normalize(case.expected):
        return
    if _wants_update(update):
        update_case_output(path, case.name, actual)
        return
    pytest.fail(
        f"{path.name}:{case.line}: output of case {case.name!r} differs "
        f"(run pytest with --update-golden to accept):\n" + golden_diff(case.expected, actual, case.name),
        pytrace=False,
    )


def update_case_output(path: Path, name: str, actual: str) -> None:
    """Replace the `[out]` section of case `name` in `path` by `actual` (adding one if missing).

    The rest of the file is kept byte for byte. The file is locked during the rewrite and re-read inside
    the lock, so parallel workers (pytest-xdist) updating cases of one file do not lose each other's work.
    """
    with path.open("r+", encoding="utf-8", newline="") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            lines = fh.read().splitlines(keepends=True)
            start = next(
                (
                    i
                    for i, ln in enumerate(lines)
                    if (m := _HEADER_RE.match(ln))
                    and m.group(1) == "case"
                    and (m.group(2) or "").strip() == name
                ),
                None,
            )
            if start is None:
                raise GoldenFormatError(f"{path}: no case named {name!r}")
            end = next(
                (
                    j
                    for j in range(start + 1, len(lines))
                    if (m := _HEADER_RE.match(lines[j])) and m.group(1) == "case"
                ),
                len(lines),
            )
            out = next(
                (
                    j
                    for j in range(start + 1, end)
                    if (m := _HEADER_RE.match(lines[j])) and m.group(1) == "out"
                ),
                None,
            )
            body_end = end
            while body_end > start + 1 and not lines[body_end - 1].strip():
                body_end -= 1
            trailer = lines[body_end:end]  # the blank lines separating this case from the next
            if end < len(lines) and not trailer:
                trailer = ["\n"]
            new_out = ["[out]\n", *(ln + "\n" for ln in _normalize(actual).splitlines())]
            if out is None:
                head = lines[start:body_end]
                if head and not head[-1].endswith("\n"):
                    head[-1] += "\n"
                section = [*head, *new_out]
            else:
                section = [*lines[start:out], *new_out]
            fh.seek(0)
            fh.write("".join([*lines[:start], *section, *trailer, *lines[end:]]))
            fh.truncate()
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
