"""Generic traversal of IR trees, driven by the dataclass fields of each node."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields

from transpiler.ir import nodes as N
from transpiler.ir.nodes import FunctionDef

_LEAF_ANNOTATIONS = frozenset(
    {"Span", "Type", "Type | None", "str", "str | None", "int", "bool", "ConstValue", "tuple[str, ...]",
     "tuple[tuple[str, str], ...]"}
)
# per node class: (field name, True when the field is a tuple of nodes) for every field that can hold nodes
_PLANS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, bool], ...]:
    plan = _PLANS.get(cls)
    if plan is None:
        steps: list[tuple[str, bool]] = []
        for f in fields(cls):
            ann = str(f.type)
            if f.name == "span" or ann in _LEAF_ANNOTATIONS or ann.startswith("Literal["):
                continue
            steps.append((f.name, ann.startswith("tuple[")))
        plan = _PLANS[cls] = tuple(steps)
    return plan


def child_list(node: N.Node) -> list[N.Node]:
    """The direct child nodes of `node`, in field order, as a list."""
    fn = _CHILD_LISTS.get(type(node))
    if fn is None:
        fn = _CHILD_LISTS[type(node)] = _compile_child_list(type(node))
    return fn(node)


def _compile_child_list(cls: type) -> Callable[[N.Node], list[N.Node]]:
    """A function of `cls`'s plan, written out: the generic loop costs a third of a pass's time."""
    plan = _plan(cls)
    if not plan:
        return lambda node: []
    lines = ["def child_list(node):"]
    singles = [name for name, many in plan if not many]
    if len(plan) == 1 and not singles:
        lines.append(f"    return list(node.{plan[0][0]})")
    else:
        lines.append("    out = []")
        for name, many in plan:
            if many:
                lines.append(f"    out.extend(node.{name})")
            else:
                lines.append(f"    value = node.{name}")
                lines.append("    if value is not None:")
                lines.append("        out.append(value)")
        lines.append("    return out")
    scope: dict[str, Callable[[N.Node], list[N.Node]]] = {}
    exec("\n".join(lines), {}, scope)  # noqa: S102 - field names of our own dataclasses
    return scope["child_list"]


_CHILD_LISTS: dict[type, Callable[[N.Node], list[N.Node]]] = {}


def children(node: N.Node) -> Iterator[N.Node]:
    """The direct child nodes of `node`, in field order."""
    return iter(child_list(node))


def walk(node: N.Node) -> Iterator[N.Node]:
    """`node` and all its descendants, depth first."""
    stack = [node]
    pop = stack.pop
    extend = stack.extend
    lists = _CHILD_LISTS
    while stack:
        cur = pop()
        yield cur
        fn = lists.get(type(cur))
        kids = fn(cur) if fn is not None else child_list(cur)
        if kids:
            kids.reverse()
            extend(kids)


def walk_no_defs(node: N.Node) -> Iterator[N.Node]:
    """Like walk, but does not enter nested functions, lambdas or classes."""
    stack = child_list(node)
    stack.reverse()
    yield node
    pop = stack.pop
    extend = stack.extend
    lists = _CHILD_LISTS_NO_DEFS
    while stack:
        cur = pop()
        yield cur
        fn = lists.get(type(cur))
        if fn is None:
            fn = lists[type(cur)] = _no_children if issubclass(type(cur), _STOP) else (
                _CHILD_LISTS.get(type(cur)) or _compile_child_list(type(cur)))
        kids = fn(cur)
        if kids:
            kids.reverse()
            extend(kids)


_STOP = (N.FunctionDef, N.ClassDef, N.Lambda)


def _no_children(node: N.Node) -> list[N.Node]:
    return []


# child_list per class for walk_no_defs: none for the definitions it does not enter
_CHILD_LISTS_NO_DEFS: dict[type, Callable[[N.Node], list[N.Node]]] = {}


# flat node lists of statement bodies, shared by the passes and the emitter: IR trees are immutable, so a
# body's nodes are walked once per run instead of once per pass (keyed by identity; the value holds the key alive)
_BODY_NODES: dict[int, tuple[tuple[N.Node, ...], list[N.Node]]] = {}
_BODY_NODES_NO_DEFS: dict[int, tuple[tuple[N.Node, ...], list[N.Node], list[int]]] = {}
_BODY_CACHE_LIMIT = 200_000


def body_nodes(stmts: tuple[N.Stmt, ...]) -> list[N.Node]:
    """The nodes of `walk(s)` for each statement in order, as one list (do not modify it)."""
    hit = _BODY_NODES.get(id(stmts))
    if hit is not None and hit[0] is stmts:
        return hit[1]
    out: list[N.Node] = []
    if type(stmts) is not tuple:  # a list can change: no caching
        for s in stmts:
            out.extend(walk(s))
        return out
    for s in stmts:
        out.extend(walk(s))
    if len(_BODY_NODES) >= _BODY_CACHE_LIMIT:
        _BODY_NODES.clear()
    _BODY_NODES[id(stmts)] = (stmts, out)
    return out


def body_nodes_no_defs(stmts: tuple[N.Stmt, ...]) -> list[N.Node]:
    """The nodes of `walk_no_defs(s)` for each statement in order, as one list (do not modify it)."""
    return _body_nodes_no_defs(stmts)[0]


def _body_nodes_no_defs(stmts: tuple[N.Stmt, ...]) -> tuple[list[N.Node], list[int]]:
    """body_nodes_no_defs, and where each statement's nodes end in it."""
    hit = _BODY_NODES_NO_DEFS.get(id(stmts))
    if hit is not None and hit[0] is stmts:
        return hit[1], hit[2]
    out: list[N.Node] = []
    ends: list[int] = []
    for s in stmts:
        out.extend(walk_no_defs(s))
        ends.append(len(out))
    if type(stmts) is tuple:  # a list can change: no caching
        if len(_BODY_NODES_NO_DEFS) >= _BODY_CACHE_LIMIT:
            _BODY_NODES_NO_DEFS.clear()
        _BODY_NODES_NO_DEFS[id(stmts)] = (stmts, out, ends)
    return out, ends


_WALK_LISTS: dict[int, tuple[N.Node, list[N.Node]]] = {}


def clear_walk_caches() -> None:
    """Forget the node lists kept by body_nodes, body_nodes_no_defs and walk_list (and the trees they hold)."""
    _BODY_NODES.clear()
    _BODY_NODES_NO_DEFS.clear()
    _WALK_LISTS.clear()


def walk_list(node: N.Node) -> list[N.Node]:
    """`list(walk(node))`, kept for the next caller (for modules and top-level statements, which several passes
    walk whole; do not modify it)."""
    hit = _WALK_LISTS.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    out = list(walk(node))
    if len(_WALK_LISTS) >= _BODY_CACHE_LIMIT:
        _WALK_LISTS.clear()
    _WALK_LISTS[id(node)] = (node, out)
    return out


def names_read_in_functions(mod: N.Module) -> set[str]:
    """Names used inside any function or class body of the module (candidates for module globals)."""
    out: set[str] = set()
    for stmt in mod.body:
        if isinstance(stmt, N.FunctionDef | N.ClassDef):
            for n in walk_list(stmt):
                if isinstance(n, N.Name):
                    out.add(n.id)
                elif isinstance(n, N.Global):
                    out.update(n.names)
    return out


def assigned_names(stmts: tuple[N.Stmt, ...]) -> set[str]:
    """Names bound by assignment-like statements in a body (not entering nested defs)."""
    out: set[str] = set()
    nodes, ends = _body_nodes_no_defs(stmts)
    start = 0
    for s, end in zip(stmts, ends, strict=True):
        for n in nodes[start:end]:
            if isinstance(n, N.FunctionDef) and n is not s:
                out.add(n.name)
            else:
                out.update(names_bound_by(n))
        if isinstance(s, N.FunctionDef):
            out.add(s.name)
        start = end
    return out


def names_bound_by(n: N.Node) -> list[str]:
    """The names one node binds as an assignment-like statement or expression: assignment, augmented
    assignment and `for` targets, `:=`, `with ... as`, `except ... as` (not a def's own name)."""
    if isinstance(n, N.Assign):
        return [name for t in n.targets for name in target_names(t)]
    if isinstance(n, N.AugAssign):
        return target_names(n.target)
    if isinstance(n, N.For):
        return target_names(n.target)
    if isinstance(n, N.NamedExpr):
        return [n.target.id]
    if isinstance(n, N.With):
        return [name for item in n.items if item.var is not None for name in target_names(item.var)]
    if isinstance(n, N.Handler) and n.name:
        return [n.name]
    return []


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
    for n in body_nodes(fn.body):
        if isinstance(n, N.Name) and n.id not in own:
            out.add(n.id)
    return out
