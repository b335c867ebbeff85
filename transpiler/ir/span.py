"""Source positions carried by every IR node."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from transpiler.ir.pickling import reduce_dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A region of one source file: 1-based lines, 0-based columns."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return reduce_dataclass(self)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col + 1}"


NO_SPAN = Span("<generated>", 0, 0, 0, 0)
