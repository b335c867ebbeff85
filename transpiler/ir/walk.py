"""Generic traversal of IR trees, driven by the dataclass fields of each node."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields

from transpiler.ir import nodes as N
from transpiler.ir.nodes import FunctionDef

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls) if f.name != "span")
    return names


def children(node: N.Node) -> Iterator[N.Node]:
    """The direct child nodes of `node`, in field order."""
    for name in _field_names(type(node)):
        value = getattr(node, name)
        if isinstance(value, N.Node):
            yield value
        elif isinstance(value, tuple):
            for v in value:
                if isinstance(v, N.Node):
                    yield v


def walk(node: N.Node) -> Iterator[N.Node]:
    """`node` and all its descendants, depth first."""
    stack = [node]
    while stack:
        cur = stack.pop()
        yield cur
        stack.extend(reversed(list(children(cur))))


def walk_no_defs(node: N.Node) -> Iterator[N.Node]:
    """Like walk, but does not enter nested functions, lambdas or classes."""
    stack = list(reversed(list(children(node))))
    yield node
    while stack:
        cur = stack.pop()
        yield cur
        if isinstance(cur, N.FunctionDef | N.ClassDef | N.Lambda):
            continue
        stack.extend(reversed(list(children(cur))))


def names_read_in_functions(mod: N.Module) -> set[str]:
    """Names used inside any function or class body of the module (candidates for module globals)."""
    out: set[str] = set()
    for stmt in mod.body:
        if isinstance(stmt, N.FunctionDef | N.ClassDef):
            for n in walk(stmt):
                if isinstance(n, N.Name):
                    out.add(n.id)
                elif isinstance(n, N.Global):
                    out.update(n.names)
    return out


def assigned_names(stmts: tuple[N.Stmt, ...]) -> set[str]:
    """Names bound by assignment-like statements in a body (not entering nested defs)."""
    out: set[str] = set()
    for s in stmts:
        for n in walk_no_defs(s):
            if isinstance(n, N.Assign):
                for t in n.targets:
                    out.update(target_names(t))
            elif isinstance(n, N.AugAssign):
                out.update(target_names(n.target))
            elif isinstance(n, N.For):
                out.update(target_names(n.target))
            elif isinstance(n, N.NamedExpr):
                out.add(n.target.id)
            elif isinstance(n, N.With):
                for item in n.items:
                    if item.var is not None:
                        out.update(target_names(item.var))
            elif isinstance(n, N.Handler) and n.name:
                out.add(n.name)
            elif isinstance(n, N.FunctionDef) and n is not s:
                out.add(n.name)
        if isinstance(s, N.FunctionDef):
            out.add(s.name)
    return out


def target_names(t: N.Expr) -> list[str]:
    """Names bound by an assignment target."""
    if isinstance(t, N.Name):
        return [t.id]
    if isinstance(t, N.TupleLit | N.ListLit):
        out: list[str] = []
        for e in t.elts:
            out.extend(target_names(e))
        return out
    if isinstance(t, N.Starred):
        return target_names(t.value)
    return []


def free_names(fn: FunctionDef) -> set[str]:
    """Names a nested function reads from its enclosing scopes (not its parameters or own locals)."""
    own = {p.name for p in fn.params} | assigned_names(fn.body)
    out: set[str] = set()
    for s in fn.body:
        for n in walk(s):
            if isinstance(n, N.Name) and n.id not in own:
                out.add(n.id)
    return out
