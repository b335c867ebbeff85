"""Source positions and comments for the stdlib `ast` tree, as the IR wants them.

`ast` columns are UTF-8 byte offsets; IR spans count characters (code points), so a line with non-ASCII text
is decoded up to the column. Comments are not in the tree: `Source` finds the comment lines between
statements, and the frontend attaches them the way the original concrete-syntax frontend did (a statement owns
the comment lines above it; an indented block owns the lines after its last statement down to the last one
indented at its level).
"""

from __future__ import annotations

import bisect
import re

_NEWLINE = re.compile(r"\r\n?|\n")


class Source:
    """One file's text, by line, with offset <-> (line, column) conversions."""

    def __init__(self, text: str) -> None:
        self.text = text
        if "\r" in text:
            self.lines = _NEWLINE.split(text)
            self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        else:
            self.lines = text.split("\n")
            starts = [0]
            pos = 0
            for line in self.lines[:-1]:
                pos += len(line) + 1
                starts.append(pos)
            self.starts = starts
        self.ascii = text.isascii()
        self._encoded: dict[int, bytes] = {}
        self._comment_lines: list[int] | None = None

    def line(self, lineno: int) -> str:
        return self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""

    def col(self, lineno: int, byte_col: int) -> int:
        """The character column of a UTF-8 byte column."""
        if self.ascii:
            return byte_col
        line = self.line(lineno)
        if line.isascii():
            return byte_col
        data = self._encoded.get(lineno)
        if data is None:
            data = self._encoded[lineno] = line.encode("utf-8")
        return len(data[:byte_col].decode("utf-8", errors="replace"))

    def offset(self, lineno: int, col: int) -> int:
        """The text offset of a (line, character column)."""
        return self.starts[lineno - 1] + col

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character column) of a text offset."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i]

    # ------------------------------------------------------------ comment lines

    @property
    def comment_lines(self) -> list[int]:
        """Sorted numbers of the lines that hold a comment and nothing else (maybe some inside strings)."""
        if self._comment_lines is None:
            if "#" not in self.text:
                self._comment_lines = []
            else:
                self._comment_lines = [i + 1 for i, line in enumerate(self.lines)
                                       if "#" in line and line.lstrip().startswith("#")]
        return self._comment_lines

    def any_comment(self, first: int, last: int) -> bool:
        """Whether a comment line lies in first..last (inclusive)."""
        lines = self.comment_lines
        if not lines or first > last:
            return False
        i = bisect.bisect_left(lines, first)
        return i < len(lines) and lines[i] <= last

    def is_empty_line(self, lineno: int) -> bool:
        """Blank, whitespace or a comment only."""
        stripped = self.line(lineno).strip(" \t\x0c")
        return not stripped or stripped.startswith("#")

    def empty_lines_before(self, lineno: int, bound: int) -> list[int]:
        """The run of empty lines right above `lineno`, none at or above `bound`, top first."""
        out: list[int] = []
        i = lineno - 1
        while i > bound and self.is_empty_line(i):
            out.append(i)
            i -= 1
        out.reverse()
        return out

    def empty_lines_after(self, lineno: int) -> list[int]:
        """The run of empty lines right below `lineno`, top first."""
        out: list[int] = []
        i = lineno + 1
        n = len(self.lines)
        while i <= n and self.is_empty_line(i):
            out.append(i)
            i += 1
        return out

    def comment(self, lineno: int) -> str | None:
        """The comment of an empty line, None for a blank one."""
        stripped = self.line(lineno).lstrip(" \t\x0c")
        return stripped.rstrip() if stripped.startswith("#") else None
