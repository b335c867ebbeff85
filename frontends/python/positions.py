"""Source positions of libcst nodes, computed the way libcst's PositionProvider does, at a third of the cost.

PositionProvider regex-splits every token to track line and column, and builds two CodePosition objects per
node. Here one code generation pass records character offsets only; a node's line and column are worked out
(by bisection over the line starts) when the lowering asks for its span.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import CodePosition, CodeRange

_NEWLINE = re.compile(r"\r\n?|\n")


@dataclass
class _OffsetState(CodegenState):
    """Code generation that records each node's (start, end) character offsets, syntactic where libcst says."""

    computed: dict[cst.CSTNode, tuple[int, int]] = field(default_factory=dict)
    offset: int = 0
    stack: list[int] = field(default_factory=list)

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for tok in self.indent_tokens:
            self.offset += len(tok)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.stack.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self.stack.pop()
        if node not in self.computed:
            self.computed[node] = (start, self.offset)

    @contextmanager
    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None,
                                  end_node: cst.CSTNode | None = None) -> Iterator[None]:
        start = self.offset
        try:
            yield
        finally:
            end = self.offset
            if start_node is not None:
                start = self.computed[start_node][0]
            if end_node is not None:
                end = self.computed[end_node][1]
            self.computed[node] = (start, end)


class Positions:
    """`get(node)` -> the node's CodeRange, as `MetadataWrapper(...).resolve(PositionProvider)` would give."""

    def __init__(self, module: cst.Module) -> None:
        state = _OffsetState(default_indent=module.default_indent, default_newline=module.default_newline)
        module._codegen(state)
        self._offsets = state.computed
        code = "".join(state.tokens)
        self._starts = [0] + [m.end() for m in _NEWLINE.finditer(code)]

    def _position(self, offset: int) -> CodePosition:
        i = bisect.bisect_right(self._starts, offset) - 1
        return CodePosition(i + 1, offset - self._starts[i])

    def get(self, node: cst.CSTNode) -> CodeRange | None:
        span = self._offsets.get(node)
        if span is None:
            return None
        return CodeRange(self._position(span[0]), self._position(span[1]))
