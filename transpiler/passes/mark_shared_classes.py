"""Mark the classes whose instances Python programs alias and mutate: they become shared handles.

Rust gives every value one owner; Python gives objects identity, so `a = b; a.x = 1` changes `b.x`. Plain
structs keep Python's behaviour as long as an object is never reachable through two names while one of them
mutates it; the emitter refuses the aliasing it can see. This pass finds the classes whose objects *are*
aliased and mutated by design (linked lists, schedulers, work areas shared through a module global, methods
returning `self`) and sets `ClassInfo.shared`: their instances become `pyrt::Shared` handles
(`Rc<RefCell<...>>`), compared with `is` by identity, `None` as `Option<handle>`.

The rule, per class hierarchy (one flattened Rust struct, so all of its classes or none):

- it is **mutable**: some method other than `__init__` stores to a field of `self` (or mutates a container
  field in place), or code outside the class stores to a field of one of its objects; and
- it is **aliased**, by one of
  1. a method returns `self`, or stores `self` anywhere (`x.f = self`, `xs[i] = self`, `xs.append(self)`);
  2. it links to its own kind (a field of its hierarchy's type, directly or as `Optional`: lists, trees,
     graphs), so a walker (`p = p.next`) or a method of one node reaches the objects other nodes hold;
  3. a module-level variable holds one of its objects, and a function stores to that object's fields;
  4. a module-level container that code changes in place holds its objects (mark_global_containers: a
     copy of the container taken to iterate over it must hold the same objects);
- or it is the type of a field of a shared class and mutable: reaching it through the owner's handle must
  not hold a borrow of the owner while it changes.

Everything else stays a plain struct passed by reference, so programs without such aliasing are unchanged.
Dataclasses, enums and exceptions are never shared (their equality and copying are value semantics).

Example: `class Packet: link: Packet | None`, with `def append_to(self, lst) -> Packet: ... p.link = self;
return lst` is mutable and aliased (rules 1 and 2): `Packet` becomes `pub struct Packet(pyrt::Shared<PacketData>)`.

It also adjusts the passing modes `analyze_mutation` chose: a handle is mutated through `&self`, so methods
of shared classes never take `&mut self`, and parameters of a shared class type are never `&mut`.
"""

from __future__ import annotations

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import ClassInfo, FuncInfo, Program
from transpiler.ir.walk import body_nodes_no_defs
from transpiler.passes.analyze_mutation import MUTATING

R = T.resolve


def _class_of(t: T.Type) -> str | None:
    """The class named by `C` or `Optional[C]`."""
    t = R(t)
    if isinstance(t, T.OptionalT):
        t = R(t.inner)
    return t.name if isinstance(t, T.ClassT) else None


def _mentions(t: T.Type) -> set[str]:
    """Every class a type holds, at any depth (lists, dicts, tuples, Optionals)."""
    t = R(t)
    if isinstance(t, T.ClassT):
        return {t.name}
    out: set[str] = set()
    for sub in (getattr(t, name, None) for name in ("inner", "elem", "key", "value")):
        if isinstance(sub, T.Type):
            out |= _mentions(sub)
    if isinstance(t, T.TupleT):
        for e in t.elems:
            out |= _mentions(e)
    return out


def _candidate(cls: ClassInfo) -> bool:
    return cls.kind == "class" and not cls.frozen and "dataclass" not in cls.node.decorators


def _stored_attrs(fn: FuncInfo) -> list[N.Attribute]:
    """The attribute expressions `fn` stores to or mutates in place: `o.f = v`, `o.f += v`, `o.f[i] = v`,
    `o.f.append(v)`."""
    out: list[N.Attribute] = []
    for n in body_nodes_no_defs(fn.node.body):
        if isinstance(n, N.Assign):
            for t in n.targets:
                _stored_attr_targets(t, out)
        elif isinstance(n, N.AugAssign):
            _stored_attr_targets(n.target, out)
        elif isinstance(n, N.Call) and isinstance(n.func, N.Attribute) and n.func.attr in MUTATING \
                and isinstance(n.func.value, N.Attribute) \
                and isinstance(R(n.func.value.ty), T.ListT | T.DictT | T.SetT | T.DequeT):
            out.append(n.func.value)
    return out


def _stored_attr_targets(t: N.Expr, out: list[N.Attribute]) -> None:
    """The attributes an assignment target stores to (through items and unpacking)."""
    if isinstance(t, N.Subscript):
        t = t.value
    if isinstance(t, N.Attribute):
        out.append(t)
    elif isinstance(t, N.TupleLit | N.ListLit):
        for el in t.elts:
            _stored_attr_targets(el.value if isinstance(el, N.Starred) else el, out)


def _stores_self(fn: FuncInfo, self_name: str) -> bool:
    """Whether `fn` returns `self` or stores it somewhere."""

    def is_self(e: N.Expr | None) -> bool:
        return isinstance(e, N.Name) and e.id == self_name

    for n in body_nodes_no_defs(fn.node.body):
        if isinstance(n, N.Return) and is_self(n.value):
            return True
        if isinstance(n, N.Assign) and is_self(n.value) \
                and any(not isinstance(t, N.Name) for t in n.targets):
            return True
        if isinstance(n, N.Call) and isinstance(n.func, N.Attribute) \
                and n.func.attr in ("append", "insert", "add", "appendleft") and any(is_self(a) for a in n.args):
            return True
        if isinstance(n, N.ListLit | N.TupleLit | N.SetLit) and any(is_self(x) for x in n.elts):
            return True
    return False


def mark_shared_classes(program: Program) -> Program:
    """Set `ClassInfo.shared` by the rule in the module docstring, then fix the passing modes to match."""
    classes = [c for m in program.modules.values() for c in m.classes.values()]
    by_root: dict[str, list[ClassInfo]] = {}
    for c in classes:
        by_root.setdefault(program.root_of(c.name), []).append(c)
    functions = [fn for fn in program.all_functions() if fn.module not in program.stubs]

    # evidence by module, as class names: a summary (program.stubs) keeps what its module's code showed
    mutable_by: dict[str, set[str]] = {m: set() for m in program.modules if m not in program.stubs}
    aliased_by: dict[str, set[str]] = {m: set() for m in program.modules if m not in program.stubs}
    for fn in functions:
        owner = program.find_class(fn.owner) if fn.owner else None
        self_name = fn.node.params[0].name if owner is not None and fn.node.params and not fn.is_static \
            and not fn.is_classmethod else None
        for a in _stored_attrs(fn):
            cname = _class_of(a.value.ty)
            if cname is None:
                continue
            on_self = isinstance(a.value, N.Name) and a.value.id == self_name
            if on_self and fn.node.name == "__init__":
                continue
            mutable_by[fn.module].add(cname)
        if owner is not None and self_name is not None and _stores_self(fn, self_name):
            aliased_by[fn.module].add(owner.name)
    aliased = {program.root_of(c.name) for c in classes for ft in c.fields.values()
                if _class_of(ft) is not None and program.root_of(_class_of(ft) or "") == program.root_of(c.name)}
    for mod in program.modules.values():
        if mod.name in program.stubs:
            continue
        for name in mod.cell_globals:  # rule 4: objects in a module-level container functions change
            aliased_by[mod.name] |= _mentions(mod.globals[name])
        held = {name: _class_of(gt) for name, gt in mod.globals.items()}
        held_names = {name for name, cname in held.items() if cname is not None}
        if not held_names:
            continue
        for fn in functions:
            if fn.module != mod.name or fn is mod.main:
                continue
            for a in _stored_attrs(fn):
                base = a.value
                while isinstance(base, N.Attribute | N.Subscript):
                    base = base.value
                if isinstance(base, N.Name) and base.id in held_names and base.id not in fn.locals:
                    cname = held[base.id]
                    assert cname is not None
                    aliased_by[mod.name].add(cname)
    for name, mod in program.modules.items():
        if name not in program.stubs:
            mod.shared_evidence = (frozenset(mutable_by[name]), frozenset(aliased_by[name]))
    mutable = {program.root_of(c) for mod in program.modules.values() for c in mod.shared_evidence[0]}
    aliased |= {program.root_of(c) for mod in program.modules.values() for c in mod.shared_evidence[1]}

    def eligible(root: str) -> bool:
        return all(_candidate(c) for c in by_root.get(root, []))

    shared = {r for r in mutable & aliased if eligible(r)}
    changed = True
    while changed:  # fields of shared objects that change in place are shared too
        changed = False
        for root in list(shared):
            for c in by_root.get(root, []):
                for ft in c.fields.values():
                    for cname in _mentions(ft):
                        r = program.root_of(cname)
                        if r in mutable and r not in shared and eligible(r):
                            shared.add(r)
                            changed = True
    for c in classes:  # a summary's class that changes here makes Guard fail: the run is redone cold
        c.shared = program.root_of(c.name) in shared
    if not shared:
        return program
    for fn in functions:
        owner = program.find_class(fn.owner) if fn.owner else None
        if owner is not None and owner.shared:
            fn.mutates_self = False
        fn.mutated_params = {p.name for i, p in enumerate(fn.node.params) if p.name in fn.mutated_params
                             and not (i < len(fn.param_types) and _is_shared(program, fn.param_types[i]))}
    return program


def _is_shared(program: Program, t: T.Type) -> bool:
    cname = _class_of(t)
    if cname is None:
        return False
    cls = program.find_class(cname)
    return cls is not None and cls.shared
