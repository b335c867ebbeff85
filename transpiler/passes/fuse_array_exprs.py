"""Fuse numpy broadcast/elementwise/reduce chains into one loop without temporaries.

This pass finds the chains; `codegen/rust/emit_fused.py` emits each as one call into `pyarray::fuse`,
which walks the output once (tiles of rows, the elementwise part vectorized, rayon across tiles of
large outputs), so no broadcast temporary is ever built.

Fused shapes (E is an elementwise float64 expression: `+ - * /`, `** c` for a constant c, unary `-`,
`np.sqrt/exp/log/sin/cos/abs`, over float64 arrays written bare or subscripted with only `:` and
`None`, and int/float scalar names and constants; E has rank 2 or 3):

  E.sum(axis=-1)                                       lane sums, numpy's pairwise order
  E.sum(axis=-1).argmin(axis=-1)   (rank 3)            also argmax, min, max
  np.sum(E, axis=-1)  ...                              the same written as functions

(axis may be written positively, as the last axis.) Sums along other axes are not fused: numpy adds
those row after row, a different order the tile loop would not reproduce. Chains that live in
several statements are joined first: `x = E` followed by a statement that is x's only use, where
x is assigned once in the function and the use lies inside a fused chain, is substituted into it
(x then no longer exists).

A row selection `m = A[key == c]` (any comparison with a scalar) that is used only through `len(m)`,
`m.shape[0]`, `m.sum(axis=0)` and `m.mean(axis=0)` becomes a count and column sums taken in one pass
over key, without building the selection; numpy's row-after-row order is kept (`fuse_masked_rows`
has the exact rule).

Before:  diff = points[:, None, :] - centers[None, :, :]
         dist = (diff * diff).sum(axis=2)
         labels = dist.argmin(axis=1)
After:   labels = ((points[:, None, :] - centers[None, :, :]) * (points[:, None, :] - centers[None, :, :]))
                      .sum(axis=2).argmin(axis=1)           -> one pyarray::fuse::argpick_lane_sums call
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import FuncInfo, Program
from transpiler.ir.walk import child_list, walk, walk_no_defs
from transpiler.passes.fuse_masked_rows import fuse_masked_rows

R = T.resolve

ARITH = frozenset({"+", "-", "*", "/"})
UFUNCS = frozenset({"sqrt", "exp", "log", "sin", "cos", "abs", "absolute"})
PICKS = frozenset({"argmin", "argmax", "min", "max"})


@dataclass(frozen=True)
class Chain:
    """A fusable chain: `elem.sum(axis=-1)` then optionally `.pick(axis=-1)`."""

    elem: N.Expr
    rank: int
    pick: str | None


def _is_numpy(e: N.Expr) -> bool:
    t = R(e.ty)
    return isinstance(t, T.ModuleT) and t.name == "numpy"


def _f64_array(t: T.Type) -> bool:
    t = R(t)
    return isinstance(t, T.ArrayT) and t.dtype == "float64"


def _is_newaxis(p: N.Expr) -> bool:
    return isinstance(p, N.Const) and p.value is None


def _is_full_slice(p: N.Expr) -> bool:
    return isinstance(p, N.Slice) and p.lower is None and p.upper is None and p.step is None


def leaf_axes(e: N.Expr) -> list[int | None] | None:
    """For an array leaf (a name, or a name subscripted with only `:` and None): the source axis under
    each of its axes (None on a new axis). A name of unknown rank subscripted this way is taken to have
    exactly as many axes as the subscript's `:` (the emitted code checks that at run time)."""
    if isinstance(e, N.Name):
        t = R(e.ty)
        if _f64_array(t) and isinstance(t, T.ArrayT) and t.ndim >= 0:
            return list(range(t.ndim))
        return None
    if isinstance(e, N.Subscript) and isinstance(e.value, N.Name) and _f64_array(e.value.ty):
        parts = e.index.elts if isinstance(e.index, N.TupleLit) else (e.index,)
        if not all(_is_full_slice(p) or _is_newaxis(p) for p in parts):
            return None
        t = R(e.value.ty)
        assert isinstance(t, T.ArrayT)
        slices = sum(1 for p in parts if isinstance(p, N.Slice))
        if t.ndim >= 0 and slices > t.ndim:
            return None
        out: list[int | None] = []
        k = 0
        for p in parts:
            if isinstance(p, N.Slice):
                out.append(k)
                k += 1
            else:
                out.append(None)
        if t.ndim > slices:
            out.extend(range(k, t.ndim))
        return out
    return None


def is_scalar(e: N.Expr) -> bool:
    """An int or float constant or name, used as it is inside the loop."""
    if isinstance(e, N.Const):
        return isinstance(e.value, int | float) and not isinstance(e.value, bool)
    return isinstance(e, N.Name) and isinstance(R(e.ty), T.IntT | T.FloatT) and not isinstance(R(e.ty), T.BoolT)


def elem_rank(e: N.Expr) -> int | None:
    """The rank of a fusable elementwise float64 expression (0 for a scalar), or None if e is not one."""
    if is_scalar(e):
        return 0
    axes = leaf_axes(e)
    if axes is not None:
        return len(axes)
    if not _f64_array(e.ty):
        return None
    kids: tuple[N.Expr, ...]
    if isinstance(e, N.BinOp) and e.op in ARITH:
        kids = (e.left, e.right)
    elif isinstance(e, N.BinOp) and e.op == "**" and isinstance(e.right, N.Const) and is_scalar(e.right):
        kids = (e.left,)
    elif isinstance(e, N.UnaryOp) and e.op == "-":
        kids = (e.operand,)
    elif isinstance(e, N.Call) and isinstance(e.func, N.Attribute) and _is_numpy(e.func.value) \
            and e.func.attr in UFUNCS and len(e.args) == 1 and not e.keywords:
        kids = (e.args[0],)
    else:
        return None
    ranks = [elem_rank(k) for k in kids]
    if any(r is None for r in ranks):
        return None
    return max(cast(list[int], ranks))


def _reduction(e: N.Expr) -> tuple[str, N.Expr, N.Expr | None] | None:
    """(name, operand, axis) of `a.f(axis=..)` or `np.f(a, axis=..)` with no other arguments."""
    if not isinstance(e, N.Call) or not isinstance(e.func, N.Attribute):
        return None
    name = e.func.attr
    if any(k.name != "axis" for k in e.keywords):
        return None
    kw = [k.value for k in e.keywords]
    if _is_numpy(e.func.value):
        if not e.args or len(e.args) + len(kw) > 2:
            return None
        axis = kw[0] if kw else (e.args[1] if len(e.args) > 1 else None)
        return name, e.args[0], axis
    if not isinstance(R(e.func.value.ty), T.ArrayT) or len(e.args) + len(kw) > 1:
        return None
    return name, e.func.value, (kw[0] if kw else (e.args[0] if e.args else None))


def _is_last_axis(axis: N.Expr | None, rank: int) -> bool:
    if not isinstance(axis, N.Const) or not isinstance(axis.value, int) or isinstance(axis.value, bool):
        return False
    return axis.value in (rank - 1, -1)


def match_chain(e: N.Expr) -> Chain | None:
    """The fusable chain e is the root of, if any."""
    red = _reduction(e)
    if red is None:
        return None
    name, operand, axis = red
    if name == "sum":
        rank = elem_rank(operand)
        if rank is None or rank not in (2, 3) or leaf_axes(operand) is not None \
                or not _is_last_axis(axis, rank):
            return None
        return Chain(operand, rank, None)
    if name in PICKS:
        inner = match_chain(operand)
        if inner is None or inner.pick is not None or inner.rank != 3 or not _is_last_axis(axis, 2):
            return None
        return Chain(inner.elem, 3, name)
    return None


# ---------------------------------------------------------------- joining statements into chains


def fuse_array_exprs(program: Program) -> Program:
    for mod in program.modules.values():
        if mod.name in program.stubs:  # a summary of an earlier run: no bodies, nothing to fuse
            continue
        functions = mod.all_functions()
        for fn in functions:
            if not any(isinstance(R(n.ty), T.ArrayT) for n in walk(fn.node) if isinstance(n, N.Name)):
                continue
            if fn is mod.main:
                # module-level names are globals: this module's functions may read them, and so may the
                # modules that import them (every global, when one imports the module itself)
                fn_shared = {n.id for other in functions if other is not fn
                             for n in walk(other.node) if isinstance(n, N.Name)}
                for other_mod in program.modules.values():
                    if other_mod is mod:
                        continue
                    if mod.name in other_mod.imported_modules.values():
                        fn_shared |= set(mod.globals)
                    fn_shared |= {name for src, name in other_mod.imported_names.values() if src == mod.name}
            else:
                fn_shared = set()
            fuse_masked_rows(fn, fn_shared)
            body = _rewrite_block(fn, fn.node.body, fn_shared)
            if body is not fn.node.body:
                fn.node = dataclasses.replace(fn.node, body=body)
    return program


def _rewrite_block(fn: FuncInfo, block: tuple[N.Stmt, ...], shared: set[str]) -> tuple[N.Stmt, ...]:
    stmts = [_rewrite_nested(fn, s, shared) for s in block]
    changed = any(a is not b for a, b in zip(stmts, block, strict=True))
    i = 0
    while i + 1 < len(stmts):
        joined = _join(fn, stmts[i], stmts[i + 1], shared)
        if joined is None:
            i += 1
            continue
        name, stmt = joined
        stmts[i:i + 2] = [stmt]
        fn.locals.pop(name, None)
        changed = True
    return tuple(stmts) if changed else block


def _rewrite_nested(fn: FuncInfo, s: N.Stmt, shared: set[str]) -> N.Stmt:
    changes: dict[str, Any] = {}
    for field in ("body", "orelse", "finalbody"):
        sub = getattr(s, field, None)
        if isinstance(sub, tuple) and sub and isinstance(sub[0], N.Stmt) and not isinstance(s, N.FunctionDef):
            new = _rewrite_block(fn, sub, shared)
            if new is not sub:
                changes[field] = new
    return dataclasses.replace(cast(Any, s), **changes) if changes else s


def _join(fn: FuncInfo, first: N.Stmt, second: N.Stmt, shared: set[str]) -> tuple[str, N.Stmt] | None:
    """`x = V` then `second`: second with V in place of x, when that makes x's only use part of a chain."""
    if not (isinstance(first, N.Assign) and len(first.targets) == 1 and isinstance(first.targets[0], N.Name)
            and first.value is not None and first.declared is None):
        return None
    name = first.targets[0].id
    if name in shared:
        return None
    value = first.value
    if not _f64_array(value.ty) or (elem_rank(value) is None and match_chain(value) is None):
        return None
    if not isinstance(second, N.Assign | N.ExprStmt | N.Return) or second.value is None:
        return None
    if any(p.name == name for p in fn.node.params):
        return None
    stores = loads = 0
    for n in walk_no_defs(fn.node):
        if isinstance(n, N.Assign):
            stores += sum(1 for t in n.targets for m in walk(t) if isinstance(m, N.Name) and m.id == name)
        elif isinstance(n, N.AugAssign | N.For) and any(isinstance(m, N.Name) and m.id == name
                                                        for m in walk(n.target)):
            return None
        elif isinstance(n, N.Global) and name in n.names:
            return None
    for n in walk(fn.node):
        if isinstance(n, N.Name) and n.id == name:
            loads += 1
        elif isinstance(n, N.FunctionDef | N.Lambda) and n is not fn.node and \
                any(isinstance(m, N.Name) and m.id == name for m in walk(n)):
            return None
    uses = sum(1 for m in walk(second.value) if isinstance(m, N.Name) and m.id == name)
    if stores != 1 or uses == 0 or loads - stores != uses:
        return None
    if not _moves_safely(second.value, name):
        return None
    if isinstance(second, N.Assign) and any(isinstance(m, N.Name) and m.id == name
                                            for t in second.targets for m in walk(t)):
        return None
    new_value = _substitute(second.value, name, value)
    if not _all_inside_chains(new_value, value):
        return None
    return name, dataclasses.replace(cast(Any, second), value=new_value)


MUTATING_METHODS = frozenset({"sort", "fill", "put", "resize", "itemset", "setflags"})
SAFE_BUILTINS = frozenset({"float", "int", "len", "abs", "min", "max", "repr", "str", "round", "bool"})


def _moves_safely(e: N.Expr, name: str) -> bool:
    """Whether evaluating x's value where x is used in e (later than its own statement) reads the same
    arrays: nothing evaluated in e calls code that could change them (numpy calls and a few builtins
    only; a user function is allowed as the outermost call, which runs after its arguments), and x is
    not used inside a lambda or comprehension (which would evaluate it more than once, or later)."""
    for n in walk(e):
        if isinstance(n, N.Lambda | N.Comprehension) and any(isinstance(m, N.Name) and m.id == name
                                                               for m in walk(n)):
            return False
        if not isinstance(n, N.Call) or n is e:
            continue
        f = n.func
        if isinstance(f, N.Attribute) and f.attr not in MUTATING_METHODS \
                and (_is_numpy(f.value) or isinstance(R(f.value.ty), T.ArrayT)):
            continue
        if isinstance(f, N.Name) and f.id in SAFE_BUILTINS:
            continue
        return False
    return True


def _substitute(e: N.Expr, name: str, value: N.Expr) -> N.Expr:
    def sub(x: N.Node) -> N.Node:
        if isinstance(x, N.Name) and x.id == name:
            return value
        if isinstance(x, N.FunctionDef | N.Lambda | N.Comprehension):
            return x
        return _map_children(x, sub)

    return cast(N.Expr, sub(e))


def _map_children(x: N.Node, f: Callable[[N.Node], N.Node]) -> N.Node:
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(cast(Any, x)):
        v = getattr(x, field.name)
        if isinstance(v, N.Node) and field.name != "span":
            nv = f(v)
            if nv is not v:
                changes[field.name] = nv
        elif isinstance(v, tuple) and v and isinstance(v[0], N.Node):
            nt = tuple(f(c) for c in v)
            if any(a is not b for a, b in zip(nt, v, strict=True)):
                changes[field.name] = nt
    return dataclasses.replace(cast(Any, x), **changes) if changes else x


def _all_inside_chains(e: N.Expr, value: N.Expr) -> bool:
    """Every occurrence of the substituted `value` (by identity) lies inside a fused chain."""
    total = sum(1 for n in walk(e) if n is value)
    inside = 0
    stack: list[N.Node] = [e]
    while stack:
        cur = stack.pop()
        if isinstance(cur, N.Expr) and match_chain(cur) is not None:
            inside += sum(1 for n in walk(cur) if n is value)
            continue
        stack.extend(child_list(cur))
    return total > 0 and inside == total
