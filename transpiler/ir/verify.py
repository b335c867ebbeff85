"""IR invariants checked after every pass in tests: spans everywhere, types on expressions."""

from __future__ import annotations

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.span import Span
from transpiler.ir.walk import walk_list


class IRError(Exception):
    """The IR broke an invariant: a bug in a pass, never the user's fault."""


def verify_module(mod: N.Module) -> None:
    for node in walk_list(mod):
        if not isinstance(getattr(node, "span", None), Span):
            raise IRError(f"{type(node).__name__} without a span")
        if isinstance(node, N.Expr) and not isinstance(node.ty, T.Type):
            raise IRError(f"{type(node).__name__} at {node.span} without a type")
