"""Mark the functions that can take part in recursion, so each of their calls counts toward the recursion limit.

CPython raises `RecursionError: maximum recursion depth exceeded` once more than `sys.getrecursionlimit()`
frames are live. The Rust program keeps the count only where recursion is possible: a function is marked when it
lies on a cycle of the program's call graph. The graph over-approximates, so no cycle is missed:

- a call by name reaches every function of that name (module-level or nested, in any module), and a class name
  reaches that class's `__init__`;
- a method call `x.m(...)` reaches every method named `m` and every module function named `m`;
- an operator, comparison, subscript, iteration, formatting or builtin call on a value whose type contains a
  class reaches that class's dunder methods (and those of its ancestors and descendants);
- a call through a variable reaches every function used as a value somewhere.

Before:  def walk(t: Tree) -> int: ... return 1 + sum(walk(c) for c in t.kids)
After:   the `FuncInfo` of `walk` has `recursive = True`; codegen opens its body with a recursion guard.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import FuncInfo, Program
from transpiler.ir.walk import child_list

# builtins that may call a user class's dunder methods on their arguments
_DUNDER_BUILTINS = frozenset({
    "print", "str", "repr", "format", "len", "hash", "bool", "abs", "sorted", "min", "max", "sum", "iter", "next",
    "list", "tuple", "set", "frozenset", "dict", "any", "all", "enumerate", "zip", "reversed", "divmod", "pow",
    "round", "int", "float", "map", "filter", "isinstance",
})


def mark_recursive_functions(program: Program) -> Program:
    """Set `FuncInfo.recursive` on every function that lies on a cycle of the call graph."""
    functions = program.all_functions()
    by_name: dict[str, list[FuncInfo]] = {}
    methods: dict[str, list[FuncInfo]] = {}
    mains = {id(mod.main) for mod in program.modules.values() if mod.main is not None}
    for fn in functions:
        if id(fn) not in mains:  # the module's top-level code is never called by name
            (methods if fn.owner is not None else by_name).setdefault(fn.name, []).append(fn)
    dunders = _dunders_by_class(program)
    ctors: dict[str, list[FuncInfo] | None] = {}
    resolved: dict[tuple[object, ...], tuple[set[int], bool, set[int]]] = {}
    edges: dict[int, set[int]] = {}
    escaping: set[int] = set()
    dynamic_callers: list[FuncInfo] = []
    for fn in functions:
        # what the body calls is kept in `fn.calls`, so that a summary of the function (bodies left out) still
        # takes part in the call graph of a later, incremental run
        if fn.calls is None:
            fn.calls = _call_keys(fn)
        out = edges[id(fn)] = set()
        dynamic = False
        for key in fn.calls:
            hit = resolved.get(key)
            if hit is None:
                hit = resolved[key] = _resolve(program, key, by_name, methods, dunders, ctors)
            out |= hit[0]
            dynamic = dynamic or hit[1]
            escaping |= hit[2]
        if dynamic:
            dynamic_callers.append(fn)
    for caller in dynamic_callers:
        edges[id(caller)] |= escaping
    on_cycle: set[int] = set()
    for component in _strongly_connected(edges):
        if len(component) > 1:
            on_cycle.update(component)
        elif component[0] in edges[component[0]]:
            on_cycle.add(component[0])
    for fn in functions:
        fn.recursive = id(fn) in on_cycle
    return program


def _strongly_connected(edges: dict[int, set[int]]) -> Iterator[list[int]]:
    """The strongly connected components of a graph given as successor sets (Tarjan's algorithm, iterative)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    for root in edges:
        if root in index:
            continue
        work: list[tuple[int, Iterator[int]]] = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, succ = work[-1]
            for nxt in succ:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(edges.get(nxt, ()))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[int] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    yield component


def _body_nodes(fn: FuncInfo) -> Iterator[N.Node]:
    """The nodes of `fn`'s own code: lambdas included, nested functions and classes left to their own FuncInfo."""
    stack: list[N.Node] = list(fn.node.body) + [p.default for p in fn.node.params if p.default is not None]
    while stack:
        cur = stack.pop()
        yield cur
        if isinstance(cur, N.FunctionDef | N.ClassDef):
            continue
        stack.extend(child_list(cur))


def _resolve(program: Program, key: tuple[object, ...], by_name: dict[str, list[FuncInfo]],
             methods: dict[str, list[FuncInfo]], dunders: dict[str, list[FuncInfo]],
             ctors: dict[str, list[FuncInfo] | None]) -> tuple[set[int], bool, set[int]]:
    """What one key of `_call_keys` reaches: the functions called (by id), whether a call goes through a value,
    and the functions that escape as values (by id)."""
    called: list[FuncInfo] = []
    escaping: list[FuncInfo] = []
    dynamic = False
    kind = key[0]
    if kind == "name":
        name, arg_classes = cast(str, key[1]), cast(tuple[str, ...], key[2])
        if name not in ctors:  # calling a class runs the constructors of it and its ancestors
            cls = program.find_class(name)
            ctors[name] = None if cls is None else [
                m for ancestor in program.ancestors(cls.name)
                for m in _dunders(program, ancestor.name, ("__init__", "__post_init__"))]
        found = ctors[name]
        if found is not None:
            called.extend(found)
        elif name in by_name:
            called.extend(by_name[name])
        elif name in _DUNDER_BUILTINS:
            called.extend(_dunder_calls(dunders, arg_classes))
        elif name not in _BUILTIN_NAMES:
            dynamic = True
    elif kind == "attr":
        attr = cast(str, key[1])
        called.extend(methods.get(attr, ()))
        called.extend(by_name.get(attr, ()))
        called.extend(_dunder_calls(dunders, cast(tuple[str, ...], key[2])))
    elif kind == "dyn":
        dynamic = True
    elif kind == "dunder":
        called.extend(_dunder_calls(dunders, cast(tuple[str, ...], key[1])))
    elif kind == "esc_name":
        escaping.extend(by_name.get(cast(str, key[1]), ()))
    elif kind == "esc_attr":
        escaping.extend(methods.get(cast(str, key[1]), ()))
    return {id(f) for f in called}, dynamic, {id(f) for f in escaping}


def _call_keys(fn: FuncInfo) -> tuple[tuple[object, ...], ...]:
    """What `fn`'s own code may call, by name: ("name", f, classes of the arguments), ("attr", m, classes whose
    dunders a builtin-type method may run), ("dyn",) for a call through a value, ("dunder", classes) for an
    operation on values of user classes, and ("esc_name" | "esc_attr", n) for a function named as a value."""
    keys: dict[tuple[object, ...], None] = {}
    called_funcs: set[int] = set()
    nodes = list(_body_nodes(fn))
    kinds = _KINDS
    for node in nodes:
        kind = kinds.get(type(node))
        if kind is None:
            kind = kinds[type(node)] = _kind(type(node))
        if kind == 0:
            continue
        if kind == 1:
            call = cast(N.Call, node)
            called_funcs.add(id(call.func))
            func = call.func
            if isinstance(func, N.Name):
                keys[("name", func.id, _classes_of(call.args))] = None
            elif isinstance(func, N.Attribute):
                # a method of a builtin type (list.sort, list.index, str.join...) may compare or format items
                builtin_recv = not _class_names(func.value.ty)
                keys[("attr", func.attr, _classes_of((func.value, *call.args)) if builtin_recv else ())] = None
            else:
                keys[("dyn",)] = None
            continue
        classes = _classes_of(_operands(node))
        if classes:
            keys[("dunder", classes)] = None
    for node in nodes:
        if isinstance(node, N.Name) and id(node) not in called_funcs:
            keys[("esc_name", node.id)] = None
        elif isinstance(node, N.Attribute) and id(node) not in called_funcs:
            keys[("esc_attr", node.attr)] = None
    return tuple(keys)


# per node class: 1 for a call, 2 for a node whose operands may run dunders (see _operands), 0 otherwise
_KINDS: dict[type, int] = {}
_OPERAND_NODES = (N.BinOp, N.UnaryOp, N.Compare, N.BoolOp, N.Subscript, N.FormattedValue, N.For, N.CompFor, N.If,
                  N.While, N.IfExp, N.Assert, N.With)


def _kind(cls: type) -> int:
    if issubclass(cls, N.Call):
        return 1
    return 2 if issubclass(cls, _OPERAND_NODES) else 0


def _operands(node: N.Node) -> tuple[N.Expr, ...]:
    """The operands of an operation that may run a user class's dunder methods."""
    if isinstance(node, N.BinOp | N.UnaryOp):
        return (node.left, node.right) if isinstance(node, N.BinOp) else (node.operand,)
    if isinstance(node, N.Compare):
        return (node.left, *node.comparators)
    if isinstance(node, N.BoolOp):
        return node.values
    if isinstance(node, N.Subscript):
        return (node.value,)
    if isinstance(node, N.FormattedValue):
        return (node.value,)
    if isinstance(node, N.For | N.CompFor):
        return (node.iter,)
    if isinstance(node, N.If | N.While | N.IfExp | N.Assert):
        return (node.test,)
    if isinstance(node, N.With):
        return tuple(item.ctx for item in node.items)
    return ()


def _classes_of(operands: tuple[N.Expr, ...]) -> tuple[str, ...]:
    """The user classes named in the types of `operands`, sorted."""
    out: set[str] = set()
    for operand in operands:
        out |= _class_names(operand.ty)
    return tuple(sorted(out))


_BUILTIN_NAMES = frozenset({
    "range", "type", "super", "object", "chr", "ord", "bin", "hex", "oct", "input", "open", "id", "callable",
    "getattr", "setattr", "hasattr", "vars", "dir", "globals", "locals", "issubclass", "slice", "bytes",
    "bytearray", "memoryview", "complex", "property", "staticmethod", "classmethod",
}) | _DUNDER_BUILTINS


def _dunder_calls(dunders: dict[str, list[FuncInfo]], classes: tuple[str, ...]) -> list[FuncInfo]:
    return [m for name in classes for m in dunders.get(name, ())]


def _dunders_by_class(program: Program) -> dict[str, list[FuncInfo]]:
    """Per class: the dunder methods of it, its ancestors and its descendants (an override may run for any)."""
    own: dict[str, list[FuncInfo]] = {}
    classes = [cls for mod in program.modules.values() for cls in mod.classes.values()]
    for cls in classes:
        own[cls.name] = [m for mname, m in cls.methods.items() if mname.startswith("__") and mname.endswith("__")]
    related: dict[str, set[str]] = {cls.name: set() for cls in classes}
    for cls in classes:
        for ancestor in program.ancestors(cls.name):
            related[cls.name].add(ancestor.name)
            related.setdefault(ancestor.name, set()).add(cls.name)
    return {name: [m for r in sorted(names | {name}) for m in own.get(r, ())] for name, names in related.items()
            if any(own.get(r) for r in names | {name})}


def _dunders(program: Program, class_name: str, only: tuple[str, ...]) -> Iterator[FuncInfo]:
    cls = program.find_class(class_name)
    if cls is None:
        return
    for mname, m in cls.methods.items():
        if mname in only:
            yield m


def _class_names(ty: T.Type) -> set[str]:
    """The user classes named anywhere inside a type."""
    out: set[str] = set()
    stack = [ty]
    while stack:
        t = T.resolve(stack.pop())
        if isinstance(t, T.ClassT):
            out.add(t.name)
        elif isinstance(t, T.ListT | T.SetT | T.IterT | T.DequeT | T.GenT):
            stack.append(t.elem)
        elif isinstance(t, T.OptionalT):
            stack.append(t.inner)
        elif isinstance(t, T.DictT):
            stack.extend((t.key, t.value))
        elif isinstance(t, T.TupleT):
            stack.extend(t.elems)
    return out
