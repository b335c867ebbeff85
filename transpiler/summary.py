"""Module summaries: what an incremental run needs to know of a module it does not re-transpile.

A summary is the module's symbol tables after every pass (inferred types, how parameters are passed, which
functions recurse, what each function calls) with the function bodies left out. An incremental run loads the
summaries of the unchanged modules instead of parsing and inferring them again, and re-infers only the changed
ones (and the modules that import them) against those summaries; the passes read a summary's symbols but
neither walk nor change it (`Program.stubs`).

A run on summaries is only right when inferring the changed modules leaves every summary as it was: a
changed module can still bind a type an unchanged module left open (an untyped parameter it now calls with a
str), or make an unchanged function recursive or mutating. `Guard` notes what could change and says afterwards
whether anything did; then the caller runs again without summaries.
"""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import ClassInfo, FuncInfo, ModuleInfo


@dataclass
class Summary:
    """A loaded summary: the module, and the type variables `Guard` checks (listed when it was made: pickling
    keeps the identity of the objects inside one summary)."""

    info: ModuleInfo
    vars: list[T.TypeVar]  # every type variable in the types of its symbols, bound or not
    # the other modules whose code bound some of those variables: when one of them changes, the summary is stale
    influencers: frozenset[str]


def summarize(info: ModuleInfo, binders: dict[int, str], inherited: frozenset[str] = frozenset()) -> Summary:
    """The summary of an inferred module: `info` without its function bodies. `binders` says which module's
    inference bound each TypeVar (by id); `inherited` are the influencers of summaries this module's types may
    come from."""
    stub = _strip_module(info)
    found: list[T.TypeVar] = []
    seen: set[int] = set()
    for fn in stub.all_functions():
        for t in (*fn.param_types, fn.ret, fn.node.returns, *(p.ty for p in fn.node.params)):
            _type_vars(t, found, seen)
    for cls in stub.classes.values():
        for t in (*cls.fields.values(), *cls.class_vars.values()):
            _type_vars(t, found, seen)
    for t in stub.globals.values():
        _type_vars(t, found, seen)
    influencers = {binders[id(v)] for v in found if v.bound is not None and id(v) in binders}
    influencers.discard(info.name)
    return Summary(stub, found, frozenset(influencers | inherited))


def dumps(summary: Summary) -> bytes:
    return pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL)


def load(blob: bytes) -> Summary:
    summary = pickle.loads(blob)
    assert isinstance(summary, Summary)
    return summary


def _strip_fn(fn: FuncInfo, done: dict[int, N.FunctionDef]) -> FuncInfo:
    node = dataclasses.replace(fn.node, body=())
    done[id(fn.node)] = node
    return dataclasses.replace(fn, node=node, locals={},
                               nested={k: _strip_fn(v, done) for k, v in fn.nested.items()})


def _strip_class(cls: ClassInfo, done: dict[int, N.FunctionDef]) -> ClassInfo:
    methods = {k: _strip_fn(m, done) for k, m in cls.methods.items()}
    node = dataclasses.replace(cls.node, methods=tuple(done.get(id(m)) or dataclasses.replace(m, body=())
                                                       for m in cls.node.methods))
    return dataclasses.replace(cls, node=node, methods=methods)


def _strip_module(info: ModuleInfo) -> ModuleInfo:
    done: dict[int, N.FunctionDef] = {}
    functions = {k: _strip_fn(f, done) for k, f in info.functions.items()}
    classes = {k: _strip_class(c, done) for k, c in info.classes.items()}
    main = _strip_fn(info.main, done) if info.main is not None else None
    body: list[N.Stmt] = []
    for s in info.node.body:
        if isinstance(s, N.FunctionDef):
            body.append(done.get(id(s)) or dataclasses.replace(s, body=()))
        elif isinstance(s, N.ClassDef):
            c = classes.get(s.name)
            body.append(c.node if c is not None else s)
        elif isinstance(s, N.Import):
            body.append(s)
    node = dataclasses.replace(info.node, body=tuple(body))
    return dataclasses.replace(info, node=node, functions=functions, classes=classes, main=main)


def _type_vars(t: T.Type, out: list[T.TypeVar], seen: set[int]) -> None:
    """The TypeVars inside t, and those they are bound to, each once."""
    stack = [t]
    while stack:
        cur = stack.pop()
        while isinstance(cur, T.TypeVar):
            if id(cur) in seen:
                break
            seen.add(id(cur))
            out.append(cur)
            if cur.bound is None:
                break
            cur = cur.bound
        if isinstance(cur, T.ListT | T.SetT | T.IterT | T.DequeT | T.GenT):
            stack.append(cur.elem)
        elif isinstance(cur, T.OptionalT):
            stack.append(cur.inner)
        elif isinstance(cur, T.DictT):
            stack.extend((cur.key, cur.value))
        elif isinstance(cur, T.TupleT):
            stack.extend(cur.elems)
        elif isinstance(cur, T.FuncT):
            stack.extend(cur.params)
            stack.append(cur.ret)


def _flags(fn: FuncInfo) -> tuple[object, ...]:
    return (fn.recursive, frozenset(fn.mutated_params), frozenset(fn.rebound_params), fn.mutates_self,
            fn.returns_alias)


class Guard:
    """Says whether passes over the other modules changed any of `summaries`: bound or re-bound a type variable
    of theirs, changed how one of their functions takes its parameters or whether it recurses, or made one of
    their classes shared or plain (mark_shared_classes), or changed which of their class attributes are
    rebound (mark_assigned_class_vars), or which of their module-level containers are cells
    (mark_global_containers)."""

    def __init__(self, summaries: list[Summary]) -> None:
        self.bounds = [(v, v.bound) for s in summaries for v in s.vars]
        self.flags = [(fn, _flags(fn)) for s in summaries for fn in s.info.all_functions()]
        self.shared = [(c, c.shared, frozenset(c.assigned_class_vars)) for s in summaries
                       for c in s.info.classes.values()]
        self.cells = [(s.info, frozenset(s.info.cell_globals)) for s in summaries]

    def held(self) -> bool:
        """True when no summary changed since the guard was made."""
        return all(v.bound is b for v, b in self.bounds) and all(_flags(fn) == flags for fn, flags in self.flags) \
            and all(c.shared == was and c.assigned_class_vars == assigned for c, was, assigned in self.shared) \
            and all(info.cell_globals == cells for info, cells in self.cells)
