"""Compiler diagnostics: collected, never thrown, printed as `file:line:col: error: message`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from typing import TextIO

from transpiler.ir.span import Span


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the user's source."""

    severity: Severity
    message: str
    span: Span
    hint: str | None = None

    def render(self, source_line: str | None) -> str:
        head = f"{self.span.file}:{self.span.line}:{self.span.col + 1}: {self.severity.value}: {self.message}"
        lines = [head]
        if source_line is not None:
            text = source_line.rstrip("\n").expandtabs(1)
            col = min(self.span.col, len(text))
            width = max(1, self.span.end_col - self.span.col) if self.span.end_line == self.span.line else 1
            width = min(width, max(1, len(text) - col))
            if len(text) > _SHOWN_WIDTH:  # a long line: the part around the caret, with `...` for the rest
                start = max(0, min(col - _SHOWN_WIDTH // 3, len(text) - _SHOWN_WIDTH))
                end = start + _SHOWN_WIDTH
                width = min(width, end - col)
                text = ("..." if start else "") + text[start:end] + ("..." if end < len(text) else "")
                col = col - start + (3 if start else 0)
            lines.append(f"    {text}")
            lines.append("    " + " " * _display_width(text[:col]) + "^" + "~" * (_display_width(
                text[col:col + width]) - 1))
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


_SHOWN_WIDTH = 120  # the most characters of a source line a diagnostic shows


def _display_width(text: str) -> int:
    """Terminal columns `text` takes: wide (East Asian) characters take two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@dataclass
class DiagnosticSink:
    """Collects diagnostics for one run; passes report through `error(span, message)`."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)

    def add_source(self, file: str, text: str) -> None:
        self.sources[file] = text.splitlines()

    def error(self, span: Span, message: str, hint: str | None = None) -> None:
        diag = Diagnostic(Severity.ERROR, message, span, hint)
        if diag not in self.diagnostics:
            self.diagnostics.append(diag)

    def warning(self, span: Span, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(Severity.WARNING, message, span, hint))

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    def extend(self, other: DiagnosticSink) -> None:
        self.sources.update(other.sources)
        for d in other.diagnostics:
            if d not in self.diagnostics:
                self.diagnostics.append(d)

    def source_line(self, diag: Diagnostic) -> str | None:
        lines = self.sources.get(diag.span.file)
        if lines is None or not 1 <= diag.span.line <= len(lines):
            return None
        return lines[diag.span.line - 1]

    def render_all(self) -> str:
        ordered = sorted(self.diagnostics, key=lambda d: (d.span.file, d.span.line, d.span.col))
        return "\n".join(d.render(self.source_line(d)) for d in ordered)

    def print(self, stream: TextIO) -> None:
        if self.diagnostics:
            print(self.render_all(), file=stream)
