"""Mark the class attributes a program assigns after the class is made: they become per-thread cells.

`Task.count += 1` or `Config.verbose = True` rebinds a class attribute, and every later read of it, through the
class or through an instance, sees the new value. A class attribute never assigned stays a Rust `const` (or a
value built once on first read); an assigned one becomes a `thread_local!` cell, read with `get` and written
with `set` (the Rust program has one thread, as the Python one).

Only an assignment through the class that defines the attribute is marked: in Python, `Sub.x = v` gives `Sub`
a new attribute shadowing `Base.x`, and `cls.x = v` in a classmethod does the same when `cls` is a subclass.
Those forms (and assigning an attribute the class does not define) are not marked, and codegen refuses them
with a diagnostic.

The evidence is kept per module (`ModuleInfo.class_var_stores`), so that a summary of an unchanged module still
contributes its assignments to an incremental run.

Before:  class Task: count = 0            ...  Task.count += 1
After:   `ClassInfo.assigned_class_vars` of Task is {"count"}; codegen reads `Task::count().get()`.
"""

from __future__ import annotations

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import FuncInfo, Program
from transpiler.ir.walk import body_nodes_no_defs


def mark_assigned_class_vars(program: Program) -> Program:
    """Set `ClassInfo.assigned_class_vars` by the rule in the module docstring."""
    stores: dict[str, set[tuple[str, str]]] = {m: set() for m in program.modules if m not in program.stubs}
    for fn in program.all_functions():
        if fn.module in stores:
            stores[fn.module] |= set(_class_var_stores(program, fn))
    for name, found in stores.items():
        program.modules[name].class_var_stores = frozenset(found)
    assigned = {pair for mod in program.modules.values() for pair in mod.class_var_stores}
    for mod in program.modules.values():
        for cls in mod.classes.values():
            cls.assigned_class_vars = {attr for c, attr in assigned if c == cls.name}
    return program


def assignable_class_var(program: Program, fn: FuncInfo, target: N.Attribute) -> str | None:
    """The class whose attribute `target` (an assignment target `C.x`) rebinds, when the rule allows it."""
    vt = T.resolve(target.value.ty)
    if not isinstance(vt, T.ClassRefT):
        return None
    cls = program.find_class(vt.name)
    if cls is None or cls.kind != "class" or target.attr not in cls.class_vars:
        return None
    through_param = isinstance(target.value, N.Name) and any(p.name == target.value.id for p in fn.node.params)
    if through_param and len(program.subclasses(cls.name)) > 1:
        return None  # `cls.x = v` on a class with subclasses: a subclass would get its own attribute
    return cls.name


def _class_var_stores(program: Program, fn: FuncInfo) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for n in body_nodes_no_defs(fn.node.body):  # assignments are statements: none among the parameters
        targets: list[N.Expr] = []
        if isinstance(n, N.Assign):
            targets = list(n.targets)
        elif isinstance(n, N.AugAssign):
            targets = [n.target]
        for t in targets:
            for el in _flat_targets(t):
                if isinstance(el, N.Attribute):
                    cname = assignable_class_var(program, fn, el)
                    if cname is not None:
                        out.append((cname, el.attr))
    return out


def _flat_targets(t: N.Expr) -> list[N.Expr]:
    if isinstance(t, N.TupleLit | N.ListLit):
        return [x for el in t.elts for x in _flat_targets(el.value if isinstance(el, N.Starred) else el)]
    return [t]
