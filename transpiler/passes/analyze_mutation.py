"""Decide how each parameter is passed: which functions mutate their parameters or `self` (passed `&mut`),
and which rebind a parameter (passed by value).

Runs to a fixpoint, so passing a parameter on to a function that mutates it counts as mutating it.
"""

from __future__ import annotations

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import ClassInfo, FuncInfo, Program
from transpiler.ir.walk import body_nodes_no_defs

MUTATING = {"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "update", "add",
            "discard", "setdefault", "popitem", "write", "read", "readline", "readlines", "close"}


def _root(e: N.Expr) -> str | None:
    while isinstance(e, N.Attribute | N.Subscript):
        e = e.value
    return e.id if isinstance(e, N.Name) else None


def _callee(program: Program, fn: FuncInfo, call: N.Call) -> tuple[FuncInfo | None, int]:
    """The user function a call reaches and how many leading parameters the call skips."""
    mod = program.modules[fn.module]
    if isinstance(call.func, N.Name):
        name = call.func.id
        if name in fn.nested:
            return fn.nested[name], 0
        if name in mod.functions:
            return mod.functions[name], 0
        if name in mod.classes and "__init__" in mod.classes[name].methods:
            return mod.classes[name].methods["__init__"], 1
        if name in mod.imported_names:
            src, orig = mod.imported_names[name]
            other = program.modules.get(src)
            if other is not None and orig in other.functions:
                return other.functions[orig], 0
    if isinstance(call.func, N.Attribute):
        rt = T.resolve(call.func.value.ty)
        if isinstance(rt, T.ClassT | T.ClassRefT):
            cls = program.find_class(rt.name)
            while cls is not None and call.func.attr not in cls.methods:
                cls = program.find_class(cls.base) if cls.base else None
            if cls is not None:
                m = cls.methods[call.func.attr]
                return m, 0 if m.is_static else 1
    return None, 0


def _is_value_type(t: T.Type) -> bool:
    t = T.resolve(t)
    if isinstance(t, T.TupleT):
        return all(_is_value_type(e) for e in t.elems)
    return isinstance(t, T.IntT | T.FloatT | T.BoolT | T.StrT | T.NoneT | T.EnumT | T.OptionalT | T.BytesT)


def analyze_mutation(program: Program) -> Program:
    """Fill FuncInfo.mutated_params, rebound_params and mutates_self for every function."""
    funcs = [fn for fn in program.all_functions() if fn.module not in program.stubs]
    changed = True
    rounds = 0
    while changed and rounds < 10:
        changed = False
        rounds += 1
        for fn in funcs:
            params = [p.name for p in fn.node.params]
            self_name = params[0] if fn.owner is not None and params and not fn.is_static else None
            mutated: set[str] = set()
            rebound: set[str] = set()
            alias_of: dict[str, str] = {}
            for n in body_nodes_no_defs(fn.node.body):
                # `b = xs[i]` / `b = obj.f`: b is the same object, so mutating b mutates xs / obj
                if isinstance(n, N.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], N.Name) \
                        and isinstance(n.value, N.Subscript | N.Attribute | N.Name) \
                        and not _is_value_type(n.value.ty):
                    r = _root(n.value)
                    if r and r != n.targets[0].id:
                        alias_of[n.targets[0].id] = r
                elif isinstance(n, N.For) and isinstance(n.target, N.Name) and not _is_value_type(n.target.ty):
                    r = _root(n.iter)
                    if r:
                        alias_of[n.target.id] = r
            for n in body_nodes_no_defs(fn.node.body):
                if isinstance(n, N.Assign):
                    for t in n.targets:
                        if isinstance(t, N.Name):
                            rebound.add(t.id)
                        elif isinstance(t, N.TupleLit):
                            for el in t.elts:
                                x = el.value if isinstance(el, N.Starred) else el
                                if isinstance(x, N.Name):
                                    rebound.add(x.id)
                                else:
                                    r = _root(x)
                                    if r:
                                        mutated.add(r)
                        else:
                            r = _root(t)
                            if r:
                                mutated.add(r)
                elif isinstance(n, N.AugAssign):
                    if isinstance(n.target, N.Name):
                        rebound.add(n.target.id)
                    else:
                        r = _root(n.target)
                        if r:
                            mutated.add(r)
                elif isinstance(n, N.Delete):
                    for t in n.targets:
                        r = _root(t)
                        if r and not isinstance(t, N.Name):
                            mutated.add(r)
                elif isinstance(n, N.For) and isinstance(n.target, N.Name):
                    rebound.add(n.target.id)
                elif isinstance(n, N.Call):
                    if isinstance(n.func, N.Attribute) and n.func.attr in MUTATING:
                        rt = T.resolve(n.func.value.ty)
                        if isinstance(rt, T.ListT | T.DictT | T.SetT | T.FileT):
                            r = _root(n.func.value)
                            if r:
                                mutated.add(r)
                    callee, skip = _callee(program, fn, n)
                    if callee is not None:
                        if isinstance(n.func, N.Attribute) and skip == 1 and callee.mutates_self:
                            r = _root(n.func.value)
                            if r:
                                mutated.add(r)
                        cparams = callee.node.params[skip:]
                        for i, a in enumerate(n.args):
                            if i < len(cparams) and cparams[i].name in callee.mutated_params:
                                r = _root(a)
                                if r:
                                    mutated.add(r)
                        for kw in n.keywords:
                            if kw.name in callee.mutated_params:
                                r = _root(kw.value)
                                if r:
                                    mutated.add(r)
            for n in body_nodes_no_defs(fn.node.body):
                if isinstance(n, N.Return) and n.value is not None and _root(n.value) in params \
                        and not _is_value_type(n.value.ty):
                    fn.returns_alias = True
            for name in list(mutated):
                seen_alias: set[str] = set()
                while name in alias_of and name not in seen_alias:
                    seen_alias.add(name)
                    name = alias_of[name]
                    mutated.add(name)
            new_mut = {p for p in params if p in mutated and p != self_name}
            new_reb = {p for p in params if p in rebound and p != self_name}
            new_self = self_name is not None and self_name in mutated
            if fn.node.name == "__init__":
                new_self = True
            if new_mut != fn.mutated_params or new_reb != fn.rebound_params or new_self != fn.mutates_self:
                fn.mutated_params = new_mut
                fn.rebound_params = new_reb
                fn.mutates_self = new_self
                changed = True
    _agree_on_overrides(program)
    return program


def _agree_on_overrides(program: Program) -> None:
    """Every implementation of a dispatched method must take `self` and its parameters the same way."""
    classes = [cls for mod in program.modules.values() for cls in mod.classes.values()]
    # program.hierarchy(name) for every class at once: the classes whose ancestors include each name
    subclasses: dict[str, list[ClassInfo]] = {}
    ancestor_names: dict[str, set[str]] = {}
    for cls in classes:
        names = ancestor_names.get(cls.name)
        if names is None:
            names = ancestor_names[cls.name] = {a.name for a in program.ancestors(cls.name)}
        for name in names:
            subclasses.setdefault(name, []).append(cls)
    for cls in classes:
        if cls.base is not None:
            continue
        family = subclasses.get(program.root_of(cls.name), [])
        if len(family) < 2:
            continue
        names = {m for c in family for m in c.methods if m != "__init__"}
        for mname in names:
            impls = [c.methods[mname] for c in family if mname in c.methods]
            if len(impls) < 2:
                continue
            mut_self = any(f.mutates_self for f in impls)
            mutated_pos: set[int] = set()
            rebound_pos: set[int] = set()
            for f in impls:
                for i, p in enumerate(f.node.params):
                    if p.name in f.mutated_params:
                        mutated_pos.add(i)
                    if p.name in f.rebound_params:
                        rebound_pos.add(i)
            for f in impls:
                f.mutates_self = mut_self
                f.mutated_params |= {p.name for i, p in enumerate(f.node.params) if i in mutated_pos}
                f.rebound_params |= {p.name for i, p in enumerate(f.node.params) if i in rebound_pos}
