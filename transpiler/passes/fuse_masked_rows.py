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

Grouping (`group_selection_loops`). When such a selection is the first statement of
`for j in range(k)` (k a name or an int literal, no else) and compares an int64 key with `==` against j, every
cluster is counted and summed in ONE pass over the key made just before the loop,
`A_group_counts, A_group_sums = numpy._group_count_sum_rows(A, key, k)` (`pyarray::reduce::group_count_sum_rows`:
row i is added into cluster key[i]'s sums, so each cluster still adds its rows in row order from +0.0, as numpy
does; rows whose key is outside 0..k are in no cluster), and the loop takes cluster j's with
`numpy._group_take(A_group_counts, A_group_sums, j, A, key)`. That is only done when nothing in the rest of the
body can change what the selections would see: it does not name A or key, rebinds no j, defines no function,
calls only builtins that change no array (len, int, float, abs, min, max, print, round, bool, str), numpy's
functions (without out=) and array methods that make new arrays (sum, mean, ...), and writes only into arrays
the function itself makes (np.zeros(...), x.copy(), ...), none of which any binding of A or key may share memory
with. Where the run time finds a shape the count-and-sum pass would not fuse (another rank, differing lengths,
a non-contiguous array), one-column rows (numpy sums them pairwise) or k beyond 65536, the groups come back
empty and `_group_take` counts and sums cluster j on its own, as above, with numpy's errors at the same point.

Before:  for j in range(k):
             members_count, members_sums = numpy._count_sum_rows_where(points, labels == j)
             ...
After:   points_group_counts, points_group_sums = numpy._group_count_sum_rows(points, labels, k)
         for j in range(k):
             members_count, members_sums = numpy._group_take(points_group_counts, points_group_sums, j,
                                                              points, labels)
             ...
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
    group_selection_loops(fn, shared)


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


GROUP = "_group_count_sum_rows"
TAKE = "_group_take"
# calls a grouped loop's body may make: none of them can change an array the body does not name
_SAFE_BUILTINS = frozenset({"len", "int", "float", "abs", "min", "max", "print", "round", "bool", "str"})
_SAFE_METHODS = frozenset({"sum", "mean", "min", "max", "argmin", "argmax", "std", "copy", "cumsum", "any", "all"})
# methods that may hand back a view of (memory shared with) their array
_VIEW_METHODS = frozenset({"reshape", "transpose", "ravel", "view", "squeeze", "swapaxes"})
# numpy functions that write into an array they are given
_NUMPY_WRITERS = frozenset({"copyto", "put", "place", "putmask", "fill_diagonal", "put_along_axis", "shuffle"})
_FRESH_NUMPY = frozenset({"zeros", "ones", "empty", "full", "zeros_like", "ones_like", "full_like", "empty_like"})


def _roots(e: N.Expr) -> set[str]:
    """Names whose memory the value of e may share (conservative: anything not known to be new)."""
    if isinstance(e, N.Name):
        return {e.id}
    if isinstance(e, N.Const | N.BinOp | N.UnaryOp | N.Compare):
        return set()
    if isinstance(e, N.Call) and isinstance(e.func, N.Attribute):
        if _is_numpy(e.func.value) and e.func.attr in _FRESH_NUMPY and not e.keywords:
            return set()
        if not _is_numpy(e.func.value) and e.func.attr in _SAFE_METHODS and e.func.attr not in _VIEW_METHODS:
            return set()
    out: set[str] = set()
    for n in walk(e):
        if n is not e and isinstance(n, N.Name):
            out.add(n.id)
    return out


def _assignments(fn: FuncInfo) -> list[tuple[set[str], N.Expr]]:
    """(names bound, value) for every binding of fn's locals (loop targets bind from their iterable)."""
    out: list[tuple[set[str], N.Expr]] = []
    for n in walk(fn.node):
        if isinstance(n, N.Assign) and n.value is not None:
            names = {x.id for t in n.targets for x in walk(t) if isinstance(x, N.Name)
                     and not isinstance(t, N.Subscript | N.Attribute)}
            out.append((names, n.value))
        elif isinstance(n, N.AugAssign) and isinstance(n.target, N.Name):
            out.append(({n.target.id}, n.value))
        elif isinstance(n, N.For):
            out.append(({x.id for x in walk(n.target) if isinstance(x, N.Name)}, n.iter))
    return out


def _aliases(fn: FuncInfo, name: str) -> set[str]:
    """The locals that may share memory with name (name included)."""
    binds = _assignments(fn)
    out = {name}
    grew = True
    while grew:
        grew = False
        for names, value in binds:
            if names - out and _roots(value) & out:
                out |= names
                grew = True
    return out


def _safe_call(c: N.Call) -> bool:
    if any(k.name == "out" for k in c.keywords):
        return False
    f = c.func
    if isinstance(f, N.Name):
        return f.id in _SAFE_BUILTINS and R(f.ty) == T.ModuleT(f"builtins.{f.id}")
    if isinstance(f, N.Attribute):
        if _is_numpy(f.value):
            return f.attr == INTRINSIC or not f.attr.startswith("_") and f.attr not in _NUMPY_WRITERS
        return f.attr in _SAFE_METHODS and isinstance(R(f.value.ty), T.ArrayT)
    return False


def _fresh_local(fn: FuncInfo, name: str, shared: set[str]) -> bool:
    """name is a local array every binding of which makes a new array."""
    if name in {p.name for p in fn.node.params} or name in shared or name in fn.globals_declared:
        return False
    binds = [v for names, v in _assignments(fn) if name in names]
    return bool(binds) and all(not _roots(v) for v in binds)


def _group_loop(fn: FuncInfo, loop: N.For, shared: set[str]) -> tuple[N.Call, str, str, N.Expr] | None:
    """For `for j in range(k): m_count, m_sums = numpy._count_sum_rows_where(A, key == j); ...` that may be
    grouped: (the selection call, A, key, k)."""
    if not isinstance(loop.target, N.Name) or loop.orelse or not loop.body:
        return None
    j = loop.target.id
    it = loop.iter
    if not (isinstance(it, N.Call) and isinstance(it.func, N.Name) and it.func.id == "range"
            and R(it.func.ty) == T.ModuleT("builtins.range") and len(it.args) == 1 and not it.keywords):
        return None
    stop = it.args[0]
    if not (isinstance(stop, N.Name) or isinstance(stop, N.Const) and type(stop.value) is int):
        return None
    first = loop.body[0]
    if not (isinstance(first, N.Assign) and len(first.targets) == 1 and isinstance(first.targets[0], N.TupleLit)
            and isinstance(first.value, N.Call) and isinstance(first.value.func, N.Attribute)
            and first.value.func.attr == INTRINSIC and _is_numpy(first.value.func.value)):
        return None
    call = first.value
    a, m = call.args
    if not (isinstance(a, N.Name) and isinstance(m, N.Compare) and m.ops == ("==",)
            and isinstance(m.left, N.Name) and isinstance(m.comparators[0], N.Name) and m.comparators[0].id == j):
        return None
    at, kt = R(a.ty), R(m.left.ty)
    if not (isinstance(at, T.ArrayT) and at.dtype == "float64" and at.ndim in (2, -1)
            and isinstance(kt, T.ArrayT) and kt.dtype == "int64" and kt.ndim in (1, -1)):
        return None
    key = m.left.id
    rest = [n for s in loop.body[1:] for n in walk(s)]
    if any(isinstance(n, N.Name) and n.id in (a.id, key) for n in rest):
        return None
    for n in rest:
        if isinstance(n, N.FunctionDef | N.Lambda | N.ClassDef | N.Global):
            return None
        if isinstance(n, N.Call) and not _safe_call(n):
            return None
        if isinstance(n, N.Assign | N.AugAssign):
            targets = n.targets if isinstance(n, N.Assign) else (n.target,)
            for t in _flat_targets(targets):
                if isinstance(t, N.Name) and t.id == j:
                    return None
                if isinstance(t, N.Subscript | N.Attribute):
                    base = t.value
                    while isinstance(base, N.Subscript | N.Attribute):
                        base = base.value
                    if not (isinstance(base, N.Name) and _fresh_local(fn, base.id, shared)
                            and not {a.id, key} & _aliases(fn, base.id)):
                        return None
        if isinstance(n, N.For) and any(isinstance(x, N.Name) and x.id == j for x in walk(n.target)):
            return None
    return call, a.id, key, stop


def _flat_targets(targets: tuple[N.Expr, ...]) -> list[N.Expr]:
    """The names, subscripts and attributes assigned by targets (tuples and starred targets opened)."""
    out: list[N.Expr] = []
    for t in targets:
        if isinstance(t, N.TupleLit | N.ListLit):
            out += _flat_targets(t.elts)
        elif isinstance(t, N.Starred):
            out += _flat_targets((t.value,))
        else:
            out.append(t)
    return out


def group_selection_loops(fn: FuncInfo, shared: set[str]) -> None:
    """Compute the counts and column sums of every cluster in one pass before a qualifying
    `for j in range(k)` loop (see the module docstring), and take cluster j's inside it."""
    used = {n.id for n in walk(fn.node) if isinstance(n, N.Name)} | set(fn.locals) | {p.name for p in fn.node.params}
    body = _group_block(fn, fn.node.body, shared, used)
    if body is not fn.node.body:
        fn.node = dataclasses.replace(fn.node, body=body)


def _group_block(fn: FuncInfo, block: tuple[N.Stmt, ...], shared: set[str], used: set[str]) -> tuple[N.Stmt, ...]:
    out: list[N.Stmt] = []
    changed = False
    for s in block:
        ns = s
        for field in ("body", "orelse", "finalbody"):
            sub = getattr(ns, field, None)
            if isinstance(sub, tuple) and sub and isinstance(sub[0], N.Stmt):
                nb = _group_block(fn, sub, shared, used)
                if nb is not sub:
                    ns = dataclasses.replace(cast(Any, ns), **{field: nb})
        found = _group_loop(fn, ns, shared) if isinstance(ns, N.For) else None
        if found is not None:
            assert isinstance(ns, N.For)
            hoisted, counts, sums = _hoist(fn, found, used)
            out.append(hoisted)
            ns = _take(ns, found, counts, sums)
        changed |= ns is not s
        out.append(ns)
    return tuple(out) if changed else block


def _hoist(fn: FuncInfo, found: tuple[N.Call, str, str, N.Expr], used: set[str]) -> tuple[N.Assign, str, str]:
    """`A_group_counts, A_group_sums = numpy._group_count_sum_rows(A, key, k)`, placed before the loop."""
    call, a, key, stop = found
    sp = call.span
    counts_ty, sums_ty = T.ArrayT("int64", 1), T.ArrayT("float64", 2)
    counts, sums = _fresh(used, f"{a}_group_counts"), _fresh(used, f"{a}_group_sums")
    fn.locals[counts] = T.TypeVar(bound=counts_ty)
    fn.locals[sums] = T.TypeVar(bound=sums_ty)
    ty = T.TupleT((counts_ty, sums_ty))
    numpy = N.Name("numpy", T.ModuleT("numpy"), sp)
    m = cast(N.Compare, call.args[1])
    value = N.Call(N.Attribute(numpy, GROUP, T.TypeVar(), sp), (call.args[0], m.left, stop), (), ty, sp)
    target = N.TupleLit((N.Name(counts, counts_ty, sp), N.Name(sums, sums_ty, sp)), ty, sp)
    return N.Assign((target,), value, None, sp), counts, sums


def _take(loop: N.For, found: tuple[N.Call, str, str, N.Expr], counts: str, sums: str) -> N.For:
    """The loop with its selection taken from the groups: `numpy._group_take(counts, sums, j, A, key)`."""
    call = found[0]
    first = cast(N.Assign, loop.body[0])
    sp = call.span
    numpy = N.Name("numpy", T.ModuleT("numpy"), sp)
    m = cast(N.Compare, call.args[1])
    args = (N.Name(counts, T.ArrayT("int64", 1), sp), N.Name(sums, T.ArrayT("float64", 2), sp),
            m.comparators[0], call.args[0], m.left)
    value = N.Call(N.Attribute(numpy, TAKE, T.TypeVar(), sp), args, (), call.ty, sp)
    return dataclasses.replace(loop, body=(dataclasses.replace(first, value=value), *loop.body[1:]))
