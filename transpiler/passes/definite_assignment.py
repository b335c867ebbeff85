"""Definite-assignment facts for locals, so codegen can declare each Rust `let` as late and as immutable as
the program allows.

For every local it answers: is it read anywhere while possibly unassigned (then it needs a default
initialiser), and is it assigned while possibly assigned already (then it needs `mut`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from transpiler.ir import nodes as N
from transpiler.ir.walk import free_names, target_names, walk_no_defs


class State(IntEnum):
    NO = 0
    MAYBE = 1
    YES = 2


def join(a: State, b: State) -> State:
    if a == b:
        return a
    return State.MAYBE


@dataclass
class VarFacts:
    """What the analysis learnt about one local."""

    read_unassigned: bool = False
    reassigned: bool = False
    assign_sites: int = 0
    assigned_in_closure: bool = False


@dataclass
class Analysis:
    facts: dict[str, VarFacts] = field(default_factory=dict)


class _Scan:
    def __init__(self, names: set[str]) -> None:
        self.names = names
        self.facts = {n: VarFacts() for n in names}
        # per expression (by id): what `reads` finds in it, in walk order: (name, is a walrus target). A loop
        # body is scanned twice, so a nest of loops many times: each expression is walked once.
        self.events: dict[int, list[tuple[str, bool]]] = {}

    def assign(self, name: str, st: dict[str, State], in_closure: bool = False) -> None:
        if name not in self.names:
            return
        f = self.facts[name]
        f.assign_sites += 1
        if st[name] != State.NO:
            f.reassigned = True
        if in_closure:
            f.assigned_in_closure = True
            if st[name] != State.YES:
                f.read_unassigned = True
        st[name] = State.YES

    def reads(self, node: N.Node | None, st: dict[str, State]) -> None:
        if node is None:
            return
        events = self.events.get(id(node))
        if events is None:
            events = self.events[id(node)] = [
                (n.id, False) if isinstance(n, N.Name) else (n.target.id, True)
                for n in walk_all(node)
                if isinstance(n, N.Name) and n.id in self.names or isinstance(n, N.NamedExpr)]
        for name, walrus in events:
            if walrus:
                self.assign(name, st)
            elif st[name] != State.YES:
                self.facts[name].read_unassigned = True

    def target(self, t: N.Expr, st: dict[str, State], in_closure: bool = False) -> None:
        if isinstance(t, N.Name | N.TupleLit | N.ListLit | N.Starred):
            for nm in target_names(t):
                self.assign(nm, st, in_closure)
            # subscripts inside tuple targets read their bases
            for n in walk_all(t):
                if isinstance(n, N.Subscript | N.Attribute):
                    self.reads(n, st)
        else:
            self.reads(t, st)

    def block(self, stmts: tuple[N.Stmt, ...], st: dict[str, State], in_closure: bool) -> bool:
        """Returns True when the block always diverges (return/raise/break/continue)."""
        for s in stmts:
            if self.stmt(s, st, in_closure):
                return True
        return False

    def stmt(self, s: N.Stmt, st: dict[str, State], cl: bool) -> bool:
        match s:
            case N.Assign(targets, value, _):
                self.reads(value, st)
                if value is None:
                    return False
                for t in targets:
                    self.target(t, st, cl)
            case N.AugAssign(target, _, value):
                self.reads(value, st)
                self.reads(target, st)
                self.target(target, st, cl)
            case N.ExprStmt(value):
                self.reads(value, st)
            case N.Return(value):
                self.reads(value, st)
                return True
            case N.Raise(exc, cause):
                self.reads(exc, st)
                self.reads(cause, st)
                return True
            case N.Break() | N.Continue():
                return True
            case N.Assert(test, msg):
                self.reads(test, st)
                self.reads(msg, st)
            case N.If(test, body, orelse):
                self.reads(test, st)
                a = dict(st)
                b = dict(st)
                da = self.block(body, a, cl)
                db = self.block(orelse, b, cl)
                for k in st:
                    if da and db:
                        st[k] = State.YES
                    elif da:
                        st[k] = b[k]
                    elif db:
                        st[k] = a[k]
                    else:
                        st[k] = join(a[k], b[k])
                return da and db
            case N.While(test, body, orelse) | N.For(_, test, body, orelse):
                self.reads(test, st)
                before = dict(st)
                loop = dict(st)
                if isinstance(s, N.For):
                    self.target(s.target, loop, cl)
                self.block(body, loop, cl)
                second = {k: join(before[k], loop[k]) for k in st}
                if isinstance(s, N.For):
                    self.target(s.target, second, cl)
                else:
                    self.reads(test, second)
                self.block(body, second, cl)
                for k in st:
                    st[k] = join(before[k], second[k]) if before[k] != State.YES else State.YES
                self.block(orelse, st, cl)
            case N.Try(body, handlers, orelse, final):
                inner = dict(st)
                self.block(body, inner, True)
                after = {k: join(st[k], inner[k]) for k in st}
                for h in handlers:
                    hs = dict(after)
                    if h.name:
                        self.assign(h.name, hs, cl)
                    self.block(h.body, hs, True)
                    for k in after:
                        after[k] = join(after[k], hs[k])
                self.block(orelse, after, cl)
                self.block(final, after, cl)
                st.update(after)
            case N.With(items, body):
                for item in items:
                    self.reads(item.ctx, st)
                    if item.var is not None:
                        self.target(item.var, st, cl)
                return self.block(body, st, cl)
            case N.Delete(targets):
                for t in targets:
                    self.reads(t, st)
            case N.FunctionDef():
                for name in free_names(s):
                    if name in self.names and st[name] != State.YES:
                        self.facts[name].read_unassigned = True
        return False


def walk_all(node: N.Node) -> list[N.Node]:
    return list(walk_no_defs(node)) if not isinstance(node, N.FunctionDef) else _walk_deep(node)


def _walk_deep(node: N.Node) -> list[N.Node]:
    from transpiler.ir.walk import walk

    return list(walk(node))


def analyze_definite_assignment(body: tuple[N.Stmt, ...], names: set[str]) -> Analysis:
    """Facts for each name in `names` over one function body."""
    scan = _Scan(names)
    st = {n: State.NO for n in names}
    scan.block(body, st, False)
    return Analysis(scan.facts)
