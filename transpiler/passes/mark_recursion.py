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

import networkx as nx

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
    graph: nx.DiGraph = nx.DiGraph()
    escaping: list[FuncInfo] = []
    dynamic_callers: list[FuncInfo] = []
    for fn in functions:
        graph.add_node(id(fn))
        for callee, dynamic in _calls(program, fn, by_name, methods, escaping, dunders):
            if dynamic:
                dynamic_callers.append(fn)
            elif callee is not None:
                graph.add_edge(id(fn), id(callee))
    for caller in dynamic_callers:
        for target in escaping:
            graph.add_edge(id(caller), id(target))
    on_cycle: set[int] = set()
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            on_cycle.update(component)
        else:
            (only,) = component
            if graph.has_edge(only, only):
                on_cycle.add(only)
    for fn in functions:
        fn.recursive = id(fn) in on_cycle
    return program


def _body_nodes(fn: FuncInfo) -> Iterator[N.Node]:
    """The nodes of `fn`'s own code: lambdas included, nested functions and classes left to their own FuncInfo."""
    stack: list[N.Node] = list(fn.node.body) + [p.default for p in fn.node.params if p.default is not None]
    while stack:
        cur = stack.pop()
        yield cur
        if isinstance(cur, N.FunctionDef | N.ClassDef):
            continue
        stack.extend(child_list(cur))


def _calls(program: Program, fn: FuncInfo, by_name: dict[str, list[FuncInfo]], methods: dict[str, list[FuncInfo]],
           escaping: list[FuncInfo], dunders: dict[str, list[FuncInfo]]) -> Iterator[tuple[FuncInfo | None, bool]]:
    """(callee, False) for each function `fn` may call directly; (None, True) when it calls through a value."""
    called_funcs: set[int] = set()
    for node in _body_nodes(fn):
        if isinstance(node, N.Call):
            called_funcs.add(id(node.func))
            func = node.func
            if isinstance(func, N.Name):
                cls = program.find_class(func.id)
                if cls is not None:
                    for ancestor in program.ancestors(cls.name):
                        yield from ((m, False) for m in _dunders(program, ancestor.name, ("__init__", "__post_init__")))
                elif func.id in by_name:
                    yield from ((f, False) for f in by_name[func.id])
                elif func.id in _DUNDER_BUILTINS:
                    yield from _dunder_calls(dunders, node.args)
                elif func.id not in _BUILTIN_NAMES:
                    yield None, True
            elif isinstance(func, N.Attribute):
                yield from ((m, False) for m in methods.get(func.attr, ()))
                yield from ((f, False) for f in by_name.get(func.attr, ()))
                if not _class_names(func.value.ty):
                    # a method of a builtin type (list.sort, list.index, str.join...) may compare or format items
                    yield from _dunder_calls(dunders, (func.value, *node.args))
            else:
                yield None, True
        elif isinstance(node, N.BinOp | N.UnaryOp):
            operands = (node.left, node.right) if isinstance(node, N.BinOp) else (node.operand,)
            yield from _dunder_calls(dunders, operands)
        elif isinstance(node, N.Compare):
            yield from _dunder_calls(dunders, (node.left, *node.comparators))
        elif isinstance(node, N.BoolOp):
            yield from _dunder_calls(dunders, node.values)
        elif isinstance(node, N.Subscript):
            yield from _dunder_calls(dunders, (node.value,))
        elif isinstance(node, N.FormattedValue):
            yield from _dunder_calls(dunders, (node.value,))
        elif isinstance(node, N.For | N.CompFor):
            yield from _dunder_calls(dunders, (node.iter,))
        elif isinstance(node, N.If | N.While | N.IfExp | N.Assert):
            yield from _dunder_calls(dunders, (node.test,))
        elif isinstance(node, N.With):
            yield from _dunder_calls(dunders, tuple(item.ctx for item in node.items))
    for node in _body_nodes(fn):
        if isinstance(node, N.Name) and id(node) not in called_funcs and node.id in by_name:
            escaping.extend(by_name[node.id])
        elif isinstance(node, N.Attribute) and id(node) not in called_funcs and node.attr in methods:
            escaping.extend(methods[node.attr])


_BUILTIN_NAMES = frozenset({
    "range", "type", "super", "object", "chr", "ord", "bin", "hex", "oct", "input", "open", "id", "callable",
    "getattr", "setattr", "hasattr", "vars", "dir", "globals", "locals", "issubclass", "slice", "bytes",
    "bytearray", "memoryview", "complex", "property", "staticmethod", "classmethod",
}) | _DUNDER_BUILTINS


def _dunder_calls(dunders: dict[str, list[FuncInfo]],
                  operands: tuple[N.Expr, ...]) -> Iterator[tuple[FuncInfo | None, bool]]:
    for operand in operands:
        for name in _class_names(operand.ty):
            yield from ((m, False) for m in dunders.get(name, ()))


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
