"""Build the Program symbol tables from the lowered modules.

Top-level statements that are not definitions become the body of a synthetic `main` function; the
`if __name__ == "__main__":` guard is unwrapped into it. Module-level assignments to names that functions
read stay module globals; the others become locals of `main`.
"""

from __future__ import annotations

import dataclasses

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import ClassInfo, FuncInfo, ModuleInfo, Program
from transpiler.ir.span import Span
from transpiler.ir.walk import names_read_in_functions, walk, walk_list


def _is_main_guard(stmt: N.Stmt) -> bool:
    if not isinstance(stmt, N.If) or not isinstance(stmt.test, N.Compare):
        return False
    t = stmt.test
    if len(t.ops) != 1 or t.ops[0] != "==":
        return False
    sides = [t.left, t.comparators[0]]
    has_name = any(isinstance(s, N.Name) and s.id == "__name__" for s in sides)
    has_main = any(isinstance(s, N.Const) and s.value == "__main__" for s in sides)
    return has_name and has_main


def _func_info(fn: N.FunctionDef, module: str, owner: str | None) -> FuncInfo:
    info = FuncInfo(fn, module, owner)
    info.param_types = [p.ty for p in fn.params]
    info.ret = fn.returns
    if fn.is_generator and isinstance(T.resolve(fn.returns), T.IterT):
        info.ret = T.GenT(T.resolve(fn.returns).elem)  # type: ignore[attr-defined]
    info.is_static = "staticmethod" in fn.decorators
    info.is_classmethod = "classmethod" in fn.decorators
    info.is_property = "property" in fn.decorators
    for stmt in fn.body:
        if isinstance(stmt, N.FunctionDef):
            info.nested[stmt.name] = _func_info(stmt, module, None)
    return info


def _class_info(cls: N.ClassDef, module: str, diag: DiagnosticSink) -> ClassInfo:
    info = ClassInfo(cls, module)
    if "dataclass" in cls.decorators:
        info.kind = "dataclass"
        info.order = "dataclass.order" in cls.decorators
        info.frozen = "dataclass.frozen" in cls.decorators
    enum_bases = {"Enum", "IntEnum", "IntFlag", "Flag", "StrEnum"}
    if any(b in enum_bases for b in cls.bases):
        info.kind = "enum"
        info.enum_base = "int" if any(b in ("IntEnum", "IntFlag", "int") for b in cls.bases) else (
            "str" if any(b in ("str", "StrEnum") for b in cls.bases) else "")
    other = [b for b in cls.bases if b not in enum_bases and b not in ("str", "int", "object", "ABC")]
    if other:
        info.base = other[0]
    for f in cls.fields:
        info.fields[f.name] = f.ty
        if f.default is not None:
            info.field_defaults[f.name] = f.default
    for m in cls.methods:
        if f"{m.name}.setter" in m.decorators:  # `@x.setter def x(self, v)`: the method set_x
            setter = f"set_{m.name}"
            if setter in info.methods or any(other.name == setter for other in cls.methods):
                diag.error(m.span, f"property setter `{m.name}` clashes with a method named `{setter}`")
            info.setters[m.name] = setter
            info.methods[setter] = _func_info(dataclasses.replace(m, name=setter), module, cls.name)
            continue
        if any(d.startswith(f"{m.name}.") for d in m.decorators):
            diag.error(m.span, f"unsupported decorator on property `{m.name}`",
                       "properties may have a getter and an @x.setter")
            continue
        info.methods[m.name] = _func_info(m, module, cls.name)
    for a in cls.class_vars:
        for t in a.targets:
            if isinstance(t, N.Name):
                if info.kind == "enum" and a.value is not None:
                    info.enum_values[t.id] = a.value
                else:
                    info.class_vars[t.id] = T.TypeVar()
    return info


def collect_symbols(modules: list[N.Module], entry: set[str], diag: DiagnosticSink,
                    summaries: dict[str, ModuleInfo] | None = None, order: list[str] | None = None) -> Program:
    """Symbol tables for every module; `entry` names the modules that are program entry points. `summaries`
    are modules an earlier run inferred (transpiler/summary.py), placed among the others as `order` says."""
    program = Program()
    imported = names_imported_from(modules)
    for mod in modules:
        info = ModuleInfo(mod, mod.name, is_entry=mod.name in entry)
        program.modules[mod.name] = info
        # module-level names functions read, or other modules import, are module globals
        read_by_functions = names_read_in_functions(mod) | imported.get(mod.name, set())
        # a global's initializer can read other module-level names: those are globals too
        changed = True
        while changed:
            changed = False
            for stmt in mod.body:
                if isinstance(stmt, N.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], N.Name) \
                        and stmt.targets[0].id in read_by_functions and stmt.value is not None:
                    for n in walk(stmt.value):
                        if isinstance(n, N.Name) and n.id not in read_by_functions:
                            read_by_functions.add(n.id)
                            changed = True
        main_body: list[N.Stmt] = []
        for stmt in mod.body:
            if isinstance(stmt, N.FunctionDef):
                info.functions[stmt.name] = _func_info(stmt, mod.name, None)
            elif isinstance(stmt, N.ClassDef):
                info.classes[stmt.name] = _class_info(stmt, mod.name, diag)
            elif isinstance(stmt, N.Import):
                if stmt.names:
                    for name, alias in stmt.names:
                        info.imported_names[alias] = (stmt.module, name)
                else:
                    alias = stmt.alias or stmt.module.split(".")[0]
                    info.imported_modules[alias] = stmt.module if stmt.alias else stmt.module.split(".")[0]
                    if stmt.alias is None and "." in stmt.module:
                        info.imported_modules[stmt.module] = stmt.module
            elif _is_main_guard(stmt):
                assert isinstance(stmt, N.If)
                main_body.extend(stmt.body)
            elif (
                isinstance(stmt, N.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], N.Name)
                and stmt.targets[0].id in read_by_functions
            ):
                name = stmt.targets[0].id
                if name in info.globals:
                    main_body.append(stmt)
                    info.mutated_globals.add(name)
                    continue
                tv = T.TypeVar()
                if stmt.declared is not None:
                    tv.bound = stmt.declared
                info.globals[name] = tv
                if stmt.value is not None:
                    info.global_values[name] = stmt.value
            else:
                main_body.append(stmt)
        main_fn = N.FunctionDef("main", (), T.NONE, True, tuple(main_body), None, (), False, mod.span)
        info.main = _func_info(main_fn, mod.name, None)
        _hoist_local_imports(mod, info)
    if summaries:
        built = program.modules
        program.modules = {name: built[name] if name in built else summaries[name]
                           for name in (order or [*built, *summaries]) if name in built or name in summaries}
        program.stubs = set(summaries)
    _follow_reexports(program)
    _mark_exceptions(program)
    _check_annotated_classes(program, diag)
    return program


def _check_annotated_classes(program: Program, diag: DiagnosticSink) -> None:
    """A class named in an annotation exists, and is not an enum taken for a class: the frontend reads a
    capitalised name imported from a project module as a class, before it has seen that module."""

    def check(t: T.Type | None, span: Span) -> None:
        stack = [t]
        while stack:
            cur = stack.pop()
            if cur is None:
                continue
            cur = T.resolve(cur)
            if isinstance(cur, T.ClassT):
                cls = program.find_class(cur.name)
                if cls is None:
                    diag.error(span, f"`{cur.name}` in this annotation is not a class of the project",
                               "imported type aliases are not supported in annotations: write the type out")
                elif cls.kind == "enum":
                    diag.error(span, f"the imported enum `{cur.name}` is not supported in annotations yet",
                               "leave the annotation out: its type is inferred")
                continue
            stack.extend(x for x in (getattr(cur, n, None) for n in ("inner", "elem", "key", "value"))
                         if isinstance(x, T.Type))
            if isinstance(cur, T.TupleT):
                stack.extend(cur.elems)

    for mod in program.modules.values():
        if mod.name in program.stubs:
            continue
        for fn in mod.all_functions():
            for p in fn.node.params:
                check(p.annotation, p.span)
            check(fn.node.returns if fn.node.name != "main" or fn is not mod.main else None, fn.node.span)
        for cls in mod.classes.values():
            for ft in cls.fields.values():
                check(ft, cls.node.span)


def names_imported_from(modules: list[N.Module]) -> dict[str, set[str]]:
    """For each module, the names other modules take from it: `from m import x` (at any depth), and `m.x` /
    `alias.x` after `import m [as alias]`."""
    out: dict[str, set[str]] = {}
    for mod in modules:
        aliases: dict[str, str] = {}
        for n in walk_list(mod):
            if isinstance(n, N.Import):
                if n.names:
                    out.setdefault(n.module, set()).update(name for name, _ in n.names)
                else:
                    aliases[n.alias or n.module] = n.module
        if not aliases:
            continue
        for n in walk_list(mod):
            if isinstance(n, N.Attribute):
                dotted = _dotted(n.value)
                if dotted is not None and dotted in aliases:
                    out.setdefault(aliases[dotted], set()).add(n.attr)
    return out


def _dotted(e: N.Expr) -> str | None:
    if isinstance(e, N.Name):
        return e.id
    if isinstance(e, N.Attribute):
        base = _dotted(e.value)
        return None if base is None else f"{base}.{e.attr}"
    return None


def _hoist_local_imports(mod: N.Module, info: ModuleInfo) -> None:
    """Imports inside function and class bodies bind their names as the module's own imports do (the Rust
    crate resolves every module at build time), unless the module binds the name to something else."""
    taken = set(info.functions) | set(info.classes) | set(info.globals)
    for stmt in mod.body:
        if not isinstance(stmt, N.FunctionDef | N.ClassDef):
            continue
        for n in walk_list(stmt):
            if not isinstance(n, N.Import):
                continue
            if n.names:
                for name, alias in n.names:
                    if alias not in taken and alias not in info.imported_names:
                        info.imported_names[alias] = (n.module, name)
            else:
                alias = n.alias or n.module.split(".")[0]
                if alias not in taken and alias not in info.imported_modules:
                    info.imported_modules[alias] = n.module if n.alias else n.module.split(".")[0]
                    if n.alias is None and "." in n.module:
                        info.imported_modules[n.module] = n.module


def _follow_reexports(program: Program) -> None:
    """A name imported from a module that itself imports it (`from pkg.shapes import Color`, where
    pkg/shapes/__init__.py says `from .colors import Color`) is the name where it is defined: every later pass,
    and the Rust path, name the defining module."""
    for mod in program.modules.values():
        if mod.name in program.stubs:
            continue
        for alias, (src, orig) in mod.imported_names.items():
            seen: set[tuple[str, str]] = set()
            while (src, orig) not in seen:
                seen.add((src, orig))
                other = program.modules.get(src)
                if other is None or orig in other.functions or orig in other.classes or orig in other.globals \
                        or orig not in other.imported_names:
                    break
                src, orig = other.imported_names[orig]
            mod.imported_names[alias] = (src, orig)


def _mark_exceptions(program: Program) -> None:
    """Classes deriving (at any depth) from a built-in exception are exception classes."""
    from transpiler.passes.infer_types import BUILTIN_EXCEPTIONS

    for mod in program.modules.values():
        for cls in mod.classes.values():
            chain = program.ancestors(cls.name)
            if chain and chain[-1].base in BUILTIN_EXCEPTIONS:
                cls.kind = "exception"
