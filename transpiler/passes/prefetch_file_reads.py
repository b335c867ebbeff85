"""Read the files a loop reads one per iteration ahead of the loop, in parallel (rayon), when the IR proves it
safe: each iteration reads the whole text of a file whose path depends only on the loop variable and on names
the loop does not change, and nothing in the loop writes a file or calls code that could.

The loop itself still runs in order, so prints, dict insertion order and float sums are unchanged: an iteration
takes its file's text from the prefetch instead of reading it (`Prefetch::take` walks forward to the path, so
iterations that `continue` before reading are skipped), and the runtime reads a window of files at a time, so
memory stays bounded. A file that is not a regular file, or whose read fails, is read again in place by the
ordinary `open()`, which raises exactly what CPython raises at that iteration.

Before:  for name in names:
             path = os.path.join(root, name)
             with open(path) as f:
                 text = f.read()
After:   pf_texts__1 = pyrt_par.prefetch_texts([os.path.join(root, name) for name in names])
         for name in names:
             path = os.path.join(root, name)
             text = pf_texts__1.take(path)
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any, cast

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import FuncInfo, Program
from transpiler.ir.walk import assigned_names, walk, walk_no_defs

R = T.resolve
PREFETCH = T.OpaqueT("par.Prefetch")
PAR_MODULE = T.ModuleT("pyrt_par")

# library calls a prefetched loop may make: they read, they do not write
_PURE_MODULE_CALLS = ("os.path.", "math.", "json.dumps", "json.loads", "re.", "bisect.bisect", "heapq.n")
_IMPURE_BUILTINS = {"open", "input", "exec", "eval"}


def prefetch_file_reads(program: Program) -> Program:
    first = 1  # prefetches are numbered through the program; each module records how many it took
    for mod in program.modules.values():
        if mod.name in program.stubs:  # a summary of an earlier run: its numbers are taken
            first += mod.prefetches
            continue
        counter = itertools.count(first)
        for fn in mod.all_functions():
            if fn.node.is_generator:
                continue
            body = _rewrite_block(fn, fn.node.body, counter)
            if body is not fn.node.body:
                fn.node = dataclasses.replace(fn.node, body=body)
        after = next(counter)
        mod.prefetches = after - first
        first = after
    return program


def _rewrite_block(fn: FuncInfo, stmts: tuple[N.Stmt, ...], counter: itertools.count[int]) -> tuple[N.Stmt, ...]:
    out: list[N.Stmt] = []
    changed = False
    for s in stmts:
        new = _rewrite_stmt(fn, s, counter)
        if new is not None:
            out.extend(new)
            changed = True
        else:
            out.append(s)
    return tuple(out) if changed else stmts


def _rewrite_stmt(fn: FuncInfo, s: N.Stmt, counter: itertools.count[int]) -> list[N.Stmt] | None:
    """The statements replacing s, or None to keep it (nested blocks are rewritten in place)."""
    if isinstance(s, N.For):
        body = _rewrite_block(fn, s.body, counter)
        loop = s if body is s.body else dataclasses.replace(s, body=body)
        plan = _plan(fn, loop)
        if plan is not None:
            return _apply(fn, loop, *plan, counter=counter)
        return [loop] if loop is not s else None
    if not isinstance(s, N.If | N.While | N.With | N.Try):
        return None
    changes = {}
    for name in ("body", "orelse", "finalbody"):
        block = getattr(s, name, None)
        if isinstance(block, tuple):
            new = _rewrite_block(fn, block, counter)
            if new is not block:
                changes[name] = new
    return [dataclasses.replace(s, **changes)] if changes else None  # type: ignore[arg-type]


def _plan(fn: FuncInfo, loop: N.For) -> tuple[int, N.Expr, N.Expr, str] | None:
    """(index of the `with open(...)` statement, the path expression, what `take` receives, the text variable)."""
    if not (isinstance(loop.target, N.Name) and isinstance(loop.iter, N.Name)
            and R(loop.iter.ty) == T.ListT(T.STR)):
        return None
    var = loop.target.id
    changed = assigned_names(loop.body) | {var}
    if loop.iter.id in changed:
        return None
    for j, st in enumerate(loop.body):
        read = _read_whole_file(st)
        if read is None:
            continue
        path_arg, text_var, file_var = read
        path_expr: N.Expr | None = path_arg
        if isinstance(path_arg, N.Name) and path_arg.id != var:
            path_expr = _single_definition(loop.body[:j], loop.body, path_arg.id)
        if path_expr is None or not _pure_path(path_expr, var, changed):
            return None
        if not _no_writes(loop.body, st) or _used_outside(fn, file_var, st):
            return None
        return j, path_expr, path_arg, text_var
    return None


def _read_whole_file(st: N.Stmt) -> tuple[N.Expr, str, str] | None:
    """`with open(P[, "r"][, encoding=...]) as f: X = f.read()` -> (P, X, f)."""
    if not (isinstance(st, N.With) and len(st.items) == 1 and len(st.body) == 1):
        return None
    item = st.items[0]
    ctx, fvar, inner = item.ctx, item.var, st.body[0]
    if not (isinstance(ctx, N.Call) and isinstance(ctx.func, N.Name) and ctx.func.id == "open"
            and R(ctx.func.ty) == T.ModuleT("builtins.open") and isinstance(fvar, N.Name)):
        return None
    if not 1 <= len(ctx.args) <= 2 or len(ctx.args) == 2 and not (
            isinstance(ctx.args[1], N.Const) and ctx.args[1].value in ("r", "rt")):
        return None
    if any(k.name != "encoding" or not (isinstance(k.value, N.Const) and k.value.value in ("utf-8", "utf8", "UTF-8"))
           for k in ctx.keywords):
        return None
    if not (isinstance(inner, N.Assign) and len(inner.targets) == 1 and isinstance(inner.targets[0], N.Name)
            and isinstance(inner.value, N.Call) and not inner.value.args and not inner.value.keywords
            and isinstance(inner.value.func, N.Attribute) and inner.value.func.attr == "read"
            and isinstance(inner.value.func.value, N.Name) and inner.value.func.value.id == fvar.id):
        return None
    return ctx.args[0], inner.targets[0].id, fvar.id


def _single_definition(before: tuple[N.Stmt, ...], body: tuple[N.Stmt, ...], name: str) -> N.Expr | None:
    """The value of the one top-level `name = E` before the read, when nothing else in the loop assigns name."""
    defs = [s for s in before if isinstance(s, N.Assign) and len(s.targets) == 1
            and isinstance(s.targets[0], N.Name) and s.targets[0].id == name and s.value is not None]
    if len(defs) != 1:
        return None
    count = sum(1 for s in body for n in walk_no_defs(s) if isinstance(n, N.Assign | N.AugAssign | N.For | N.With)
                and name in assigned_names((n,)))
    return defs[0].value if count == 1 else None


def _pure_path(e: N.Expr, var: str, changed: set[str]) -> bool:
    """Only the loop variable, names the loop leaves alone, str constants, `+` and os.path.join."""
    for n in walk(e):
        if isinstance(n, N.Name):
            if n.id != var and n.id in changed and not isinstance(R(n.ty), T.ModuleT):
                return False
        elif isinstance(n, N.Call):
            if not (isinstance(n.func, N.Attribute) and R(n.func.ty) == T.ModuleT("os.path.join")) \
                    and not (isinstance(n.func, N.Attribute) and isinstance(R(n.func.value.ty), T.ModuleT)
                             and R(n.func.value.ty) == T.ModuleT("os.path") and n.func.attr == "join"):
                return False
        elif isinstance(n, N.BinOp):
            if n.op != "+":
                return False
        elif isinstance(n, N.Attribute):
            if not isinstance(R(n.value.ty), T.ModuleT):  # `self.root` could change through an alias
                return False
        elif not isinstance(n, N.Const):
            return False
    return isinstance(R(e.ty), T.StrT)


def _no_writes(body: tuple[N.Stmt, ...], read: N.Stmt) -> bool:
    """No call in the loop (other than the read) can write a file or run code this pass cannot see."""
    for s in body:
        for n in walk_no_defs(s):
            if isinstance(n, N.FunctionDef | N.Lambda | N.Yield):
                return False
            if not isinstance(n, N.Call):
                continue
            if s is read and n is read.items[0].ctx:  # type: ignore[attr-defined]
                continue
            if not _harmless_call(n, s is read):
                return False
    return True


def _harmless_call(c: N.Call, in_read: bool) -> bool:
    f = c.func
    if isinstance(f, N.Name):
        ft = R(f.ty)
        if any(k.name == "file" for k in c.keywords):  # print(..., file=f) writes a file
            return False
        return isinstance(ft, T.ModuleT) and ft.name.startswith("builtins.") \
            and ft.name.removeprefix("builtins.") not in _IMPURE_BUILTINS
    if isinstance(f, N.Attribute):
        rt = R(f.value.ty)
        if isinstance(rt, T.OptionalT):
            rt = R(rt.inner)
        if isinstance(rt, T.ModuleT):
            full = f"{rt.name}.{f.attr}"
            return full.startswith(_PURE_MODULE_CALLS)
        if isinstance(rt, T.FileT):
            return in_read and f.attr == "read"
        return isinstance(rt, T.StrT | T.ListT | T.DictT | T.SetT | T.TupleT | T.IntT | T.FloatT | T.DequeT
                          | T.AnyT | T.BytesT)
    return False


def _used_outside(fn: FuncInfo, file_var: str, read: N.Stmt) -> bool:
    inside = {id(n) for n in walk(read)}
    return any(isinstance(n, N.Name) and n.id == file_var and id(n) not in inside for n in walk(fn.node))


def _apply(fn: FuncInfo, loop: N.For, j: int, path_expr: N.Expr, path_arg: N.Expr, text_var: str,
           counter: itertools.count[int]) -> list[N.Stmt]:
    span = loop.span
    read = loop.body[j]
    assert isinstance(read, N.With)
    name = f"pf_texts__{next(counter)}"
    while name in fn.locals:
        name = f"pf_texts__{next(counter)}"
    tv = T.TypeVar()
    tv.bound = PREFETCH
    fn.locals[name] = tv
    file_var = read.items[0].var
    assert isinstance(file_var, N.Name)
    fn.locals.pop(file_var.id, None)
    target = loop.target
    assert isinstance(target, N.Name)
    fresh = f"{target.id}__{name}"  # the comprehension's own variable, as Python scopes it
    comp_target = N.Name(fresh, target.ty, target.span)
    elt = _rename(path_expr, target.id, fresh)
    comp = N.Comprehension("list", elt, None, (N.CompFor(comp_target, loop.iter, (), span),), T.ListT(T.STR), span)
    prefetch = N.Call(N.Attribute(N.Name("pyrt_par", PAR_MODULE, span), "prefetch_texts",
                                  T.ModuleT("pyrt_par.prefetch_texts"), span), (comp,), (), PREFETCH, span)
    take = N.Call(N.Attribute(N.Name(name, PREFETCH, span), "take", T.ModuleT("method.OpaqueT.take"), read.span),
                  (path_arg,), (), T.STR, read.span)
    inner = read.body[0]
    assert isinstance(inner, N.Assign)
    body = (*loop.body[:j], dataclasses.replace(inner, value=take, span=read.span), *loop.body[j + 1:])
    return [N.Assign((N.Name(name, PREFETCH, span),), prefetch, None, span), dataclasses.replace(loop, body=body)]


def _rename(e: N.Expr, old: str, new: str) -> N.Expr:
    """e with every Name `old` read as `new` (path expressions hold no nested scopes)."""
    if isinstance(e, N.Name):
        return dataclasses.replace(e, id=new) if e.id == old else e
    changes: dict[str, object] = {}
    for f in dataclasses.fields(cast(Any, e)):  # every IR node is a dataclass
        v = getattr(e, f.name)
        if isinstance(v, N.Expr):
            changes[f.name] = _rename(v, old, new)
        elif isinstance(v, tuple) and v and all(isinstance(x, N.Expr) for x in v):
            changes[f.name] = tuple(_rename(x, old, new) for x in v)
    return cast(N.Expr, dataclasses.replace(cast(Any, e), **changes))
