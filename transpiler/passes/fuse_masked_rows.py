"""Replace a boolean row selection used only for its size and column sums by a count and a sum.

Part of `fuse_array_exprs` (see its docstring for the chains it fuses). Here a local `m` qualifies when

  * every assignment to it is `m = A[key op c]`: A a float64 array name of rank 2 (or a rank the types
    do not know: the runtime checks it, and takes the selection itself on another), key an int64 or
    float64 array, op a comparison and c an int or float scalar (what `pyarray::index::rows_where` selects);
  * every other occurrence of it is one of `len(m)`, `m.shape[0]`, `m.sum(axis=0)`, `m.mean(axis=0)`
    (also `np.sum(m, axis=0)`, `np.mean(m, 0)`, axis -2, `m.shape[-2]`);
  * it is not a parameter, a global, a module-level name another function reads, or a name used in a
    nested function, lambda or comprehension.

Each assignment then becomes `m_count, m_sums = numpy._count_sum_rows_where(A, key op c)`: one pass over
key that counts the kept rows and adds them up without building the selection
(`pyarray::reduce::count_sum_rows_where`), and the uses become `m_count`, `m_sums` and
`m_sums / m_count`. This keeps numpy's results bit for bit: boolean indexing copies the rows into a new
C-ordered array, whose `sum(axis=0)` adds row after row from 0.0 (pairwise only when a row has one
element, which the runtime repeats), and `mean(axis=0)` is that sum divided by the row count. Anything
else done with m (indexing it, returning it, passing it on, changing it) keeps the selection as it is.

Before:  members = points[labels == j]
         if members.shape[0] > 0:
             centers[j, :] = members.mean(axis=0)
After:   members_count, members_sums = numpy._count_sum_rows_where(points, labels == j)
         if members_count > 0:
             centers[j, :] = members_sums / members_count
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, cast

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import FuncInfo
from transpiler.ir.walk import walk

R = T.resolve
INTRINSIC = "_count_sum_rows_where"
COMPARE_OPS = frozenset({"<", "<=", ">", ">=", "==", "!="})


@dataclass(frozen=True)
class _Names:
    """The two locals that stand for one summarized selection."""

    count: str
    sums: str
    sums_ty: T.Type


def selection_source(e: N.Expr) -> bool:
    """Whether e is `A[key op c]` as described in the module docstring."""
    if not isinstance(e, N.Subscript) or not isinstance(e.value, N.Name):
        return False
    at = R(e.value.ty)
    if not (isinstance(at, T.ArrayT) and at.dtype == "float64" and at.ndim in (2, -1)):
        return False
    m = e.index
    if not (isinstance(m, N.Compare) and len(m.ops) == 1 and m.ops[0] in COMPARE_OPS):
        return False
    kt, ct = R(m.left.ty), R(m.comparators[0].ty)
    return isinstance(kt, T.ArrayT) and kt.dtype in ("int64", "float64") \
        and isinstance(ct, T.IntT | T.FloatT) and not isinstance(ct, T.BoolT)


def _int_const(e: N.Expr | None, values: tuple[int, ...]) -> bool:
    return isinstance(e, N.Const) and isinstance(e.value, int) and not isinstance(e.value, bool) \
        and e.value in values


def _is_numpy(e: N.Expr) -> bool:
    t = R(e.ty)
    return isinstance(t, T.ModuleT) and t.name == "numpy"


def _use_kind(e: N.Expr, name: str) -> str | None:
    """"count", "sum" or "mean" when e is an allowed use of `name`, else None."""
    def is_m(x: N.Expr) -> bool:
        return isinstance(x, N.Name) and x.id == name

    if isinstance(e, N.Call) and isinstance(e.func, N.Name) and e.func.id == "len" \
            and R(e.func.ty) == T.ModuleT("builtins.len") and len(e.args) == 1 and not e.keywords and is_m(e.args[0]):
        return "count"
    if isinstance(e, N.Subscript) and isinstance(e.value, N.Attribute) and e.value.attr == "shape" \
            and is_m(e.value.value) and _int_const(e.index, (0, -2)):
        return "count"
    if not isinstance(e, N.Call) or not isinstance(e.func, N.Attribute) or e.func.attr not in ("sum", "mean"):
        return None
    if any(k.name != "axis" for k in e.keywords):
        return None
    kw = [k.value for k in e.keywords]
    if _is_numpy(e.func.value):
        args = list(e.args)
        if len(args) + len(kw) != 2 or not args or not is_m(args[0]):
            return None
        axis = kw[0] if kw else args[1]
    else:
        if not is_m(e.func.value) or len(e.args) + len(kw) != 1:
            return None
        axis = kw[0] if kw else e.args[0]
    return e.func.attr if _int_const(axis, (0, -2)) else None


def _candidates(fn: FuncInfo, shared: set[str]) -> dict[str, int]:
    """Locals assigned from a selection, with the number of such assignments."""
    params = {p.name for p in fn.node.params}
    out: dict[str, int] = {}
    for n in walk(fn.node):
        if isinstance(n, N.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], N.Name) \
                and n.value is not None and n.declared is None and selection_source(n.value):
            name = n.targets[0].id
            if name not in params and name not in shared and name not in fn.globals_declared:
                out[name] = out.get(name, 0) + 1
    return out


def _qualifies(fn: FuncInfo, name: str, assigns: int) -> bool:
    """Every occurrence of name is one of its selection assignments or an allowed use, outside nested
    functions, lambdas and comprehensions."""
    allowed = 0
    total = 0
    for n in walk(fn.node):
        if isinstance(n, N.FunctionDef | N.Lambda | N.Comprehension | N.ClassDef) and n is not fn.node:
            if any(isinstance(m, N.Name) and m.id == name for m in walk(n)):
                return False
        elif isinstance(n, N.Global) and name in n.names:
            return False
        elif isinstance(n, N.Name) and n.id == name:
            total += 1
        elif isinstance(n, N.Expr) and _use_kind(n, name) is not None:
            allowed += 1
    return total == assigns + allowed


def _rank(fn: FuncInfo, name: str) -> int:
    """The rank of the arrays name is selected from (-1 when some is unknown)."""
    ranks = {cast(T.ArrayT, R(cast(N.Subscript, n.value).value.ty)).ndim for n in walk(fn.node)
             if isinstance(n, N.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], N.Name)
             and n.targets[0].id == name}
    return 2 if ranks == {2} else -1


def _fresh(used: set[str], base: str) -> str:
    name = base
    k = 2
    while name in used:
        name = f"{base}{k}"
        k += 1
    used.add(name)
    return name


def fuse_masked_rows(fn: FuncInfo, shared: set[str]) -> None:
    """Rewrite fn's body for every qualifying selection local (see the module docstring)."""
    cands = _candidates(fn, shared)
    if not cands:
        return
    used = {n.id for n in walk(fn.node) if isinstance(n, N.Name)} | set(fn.locals) | {p.name for p in fn.node.params}
    names: dict[str, _Names] = {}
    for name, assigns in cands.items():
        if not _qualifies(fn, name, assigns):
            continue
        sums_ty = T.ArrayT("float64", -1 if _rank(fn, name) < 0 else 1)
        names[name] = _Names(_fresh(used, f"{name}_count"), _fresh(used, f"{name}_sums"), sums_ty)
    if not names:
        return
    for name, nm in names.items():
        fn.locals.pop(name, None)
        fn.locals[nm.count] = T.TypeVar(bound=T.INT)
        fn.locals[nm.sums] = T.TypeVar(bound=nm.sums_ty)
    fn.node = cast(N.FunctionDef, _rewrite(fn.node, names))


def _rewrite(x: N.Node, names: dict[str, _Names]) -> N.Node:
    if isinstance(x, N.Assign) and len(x.targets) == 1 and isinstance(x.targets[0], N.Name) \
            and x.targets[0].id in names and x.value is not None:
        return _assign(x, names[x.targets[0].id])
    if isinstance(x, N.Expr):
        for name, nm in names.items():
            kind = _use_kind(x, name)
            if kind is not None:
                return _use(x, kind, nm)
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(cast(Any, x)):
        v = getattr(x, field.name)
        if isinstance(v, N.Node) and field.name != "span":
            nv = _rewrite(v, names)
            if nv is not v:
                changes[field.name] = nv
        elif isinstance(v, tuple) and v and isinstance(v[0], N.Node):
            nt = tuple(_rewrite(c, names) for c in v)
            if any(a is not b for a, b in zip(nt, v, strict=True)):
                changes[field.name] = nt
    return dataclasses.replace(cast(Any, x), **changes) if changes else x


def _assign(s: N.Assign, nm: _Names) -> N.Assign:
    value = s.value
    assert isinstance(value, N.Subscript)
    sp = value.span
    result_ty = T.TupleT((T.INT, nm.sums_ty))
    numpy = N.Name("numpy", T.ModuleT("numpy"), sp)
    call = N.Call(N.Attribute(numpy, INTRINSIC, T.TypeVar(), sp), (value.value, value.index), (), result_ty, sp)
    target = N.TupleLit((N.Name(nm.count, T.INT, s.targets[0].span), N.Name(nm.sums, nm.sums_ty, s.targets[0].span)),
                        result_ty, s.targets[0].span)
    return dataclasses.replace(s, targets=(target,), value=call)


def _use(e: N.Expr, kind: str, nm: _Names) -> N.Expr:
    count = N.Name(nm.count, T.INT, e.span)
    sums = N.Name(nm.sums, nm.sums_ty, e.span)
    if kind == "count":
        return count
    if kind == "sum":
        return sums
    return N.BinOp(sums, "/", count, e.ty, e.span)
