"""Function bodies: statements, names, calls and loops, built as Rust syntax."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from transpiler.codegen.rust import syntax as S
from transpiler.codegen.rust.emit_expr import (
    ExprEmitter,
    Refused,
    Val,
    default_value,
    enum_variant,
    lit_str,
    py_type_name,
)
from transpiler.codegen.rust.names import camel, snake, upper
from transpiler.codegen.rust.rtypes import (
    borrowed_param_type,
    holds_shared,
    is_copy,
    rust_type,
    shared_class,
    struct_name,
)

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import ClassInfo, FuncInfo, ModuleInfo, Program
from transpiler.ir.span import Span
from transpiler.ir.walk import (
    assigned_names,
    body_nodes,
    body_nodes_no_defs,
    child_list,
    free_names,
    names_bound_by,
    target_names,
    walk,
    walk_no_defs,
)
from transpiler.passes.definite_assignment import analyze_definite_assignment
from transpiler.passes.infer_types import class_name_subject

R = T.resolve

MUTATING_METHODS = {
    "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "update", "add", "discard",
    "setdefault", "write", "read", "readline", "readlines", "close", "popitem",
}


@dataclass
class Var:
    """A name in scope and how Rust holds it."""

    rust: str
    ty: T.Type
    mode: str  # owned | ref | refmut | const | static | cell | self | moved
    mut: S.MutFlag | None = None
    deferred: bool = False
    place: N.Expr | None = None  # mode "subst": every use is this place expression


def _any_shared(program: Program) -> bool:
    """Whether any class of the program is shared (mark_shared_classes ran before emission: the answer is kept)."""
    cached = program.__dict__.get("_any_shared_classes")
    if cached is None:
        cached = any(c.shared for m in program.modules.values() for c in m.classes.values())
        program.__dict__["_any_shared_classes"] = cached
    return bool(cached)


class FunctionEmitter(ExprEmitter):
    """Emits one function (or method, or the module main) body."""

    def __init__(self, program: Program, module: ModuleInfo, fn: FuncInfo, cls: ClassInfo | None,
                 diag: DiagnosticSink, is_init: bool = False) -> None:
        self.program = program
        self.module = module
        self.fn = fn
        self.cls = cls
        self.diag = diag
        self.is_init = is_init
        self.cur_span: Span = fn.node.span
        self.scopes: list[dict[str, Var]] = [{}]
        self.counter = itertools.count()
        self.nonneg_vars: set[str] = set()
        # ids of `xs.append(x)` argument nodes that may move x: x is the loop's own variable and the append is the
        # last thing its iteration does (see _tail_appends)
        self.movable_args: set[int] = set()
        self.loop_depth = 0
        self.in_closure = 0
        self.ret_in_closure = False
        self.reads = _names_read(fn.node)
        self.aliased = {}
        # attributes of shared objects this statement mutates in place (`o.xs.append(v)`): a `borrow_mut()`
        self.shared_mut: set[int] = set()
        # whether the statement being emitted runs no user code and mutates no shared object: then fields of
        # shared objects are read in place (`o.0.borrow().xs`) instead of cloned out
        self.pure_stmt = False
        self.any_shared = _any_shared(program)
        self.str_hints: dict[str, str] = {}
        self.indexed_strs: set[str] = set()
        # names this function's own `nonlocal` statements rebind, and the locals its nested functions rebind
        # that way: those live in a Cell the closure shares with the enclosing function
        self.nonlocal_names = _nonlocal_names(fn.node)
        self.cell_names = {n for nested in fn.nested.values() for n in _nonlocal_names(nested.node)}
        # nested functions used as values (returned, stored, passed): boxed `move` closures, their cells shared
        self.escaping = {name for name, nested in fn.nested.items() if nested.captures
                         and _used_as_value(fn.node, name)}
        # module-level containers changed in place (mark_global_containers) this code names: each use borrows
        # the cell for one expression or statement
        own = set() if fn is module.main else set(fn.locals) | {p.name for p in fn.node.params}
        cells = {g: (upper(g), module.globals[g]) for g in module.cell_globals}
        for alias, (src, orig) in module.imported_names.items():
            other = program.modules.get(src)
            if other is not None and orig in other.cell_globals:  # `from m import cache`: m's cell
                cells[alias] = (f"crate::{modpath(src)}::{upper(orig)}", other.globals[orig])
        # python name -> (the Rust static, its type)
        self.global_cells = {g: v for g, v in cells.items() if g in self.reads and g not in own}

    # ------------------------------------------------------------ names

    def fresh(self, base: str) -> str:
        return f"{base}_{next(self.counter)}"

    def bind_temp(self, name: str, ty: T.Type, rust: str | None = None, mode: str = "owned") -> None:
        self.scopes.append({name: Var(rust or name, ty, mode)})

    def unbind_temp(self, name: str) -> None:
        for i in range(len(self.scopes) - 1, 0, -1):
            if name in self.scopes[i]:
                del self.scopes[i]
                return

    outer_vars: dict[str, Var] = {}

    def lookup_var(self, name: str) -> Var | None:
        for sc in reversed(self.scopes):
            if name in sc:
                return sc[name]
        return self.outer_vars.get(name)

    def is_function_name(self, name: str) -> bool:
        return self.lookup_var(name) is None and (name in self.module.functions or name in self.fn.nested)

    def load_name(self, e: N.Name) -> Val:
        var = self.lookup_var(e.id)
        if var is not None:
            if var.mode == "subst" and var.place is not None:
                return self.expr(var.place)
            if var.mode == "cell":
                if is_copy(var.ty):
                    return Val(S.method(S.RExpr(var.rust), "get"), var.ty, "owned")
                return Val(S.RExpr(f"{var.rust}.with_borrow(|v| v.clone())"), var.ty, "owned")
            if var.mode == "static":
                return Val(S.RExpr(var.rust), var.ty, "place")
            if var.mode == "const":
                return Val(S.RExpr(var.rust), var.ty, "ref" if isinstance(R(var.ty), T.StrT) else "owned")
            if var.mode == "closure":
                return Val(S.unary("&", S.RExpr(var.rust)), var.ty, "ref")
            if var.mode == "moved":  # a temporary read once: its value moves out
                return Val(S.RExpr(var.rust), var.ty, "owned")
            kind = {"owned": "place", "ref": "ref", "refmut": "refmut", "self": "refmut"}.get(var.mode, "place")
            return Val(S.RExpr(var.rust), var.ty, kind)  # type: ignore[arg-type]
        mod = self.module
        if e.id in mod.globals:
            return self.load_global(mod, e.id)
        if e.id in mod.functions:
            return Val(S.RExpr(snake(e.id)), e.ty, "owned")
        if e.id in self.fn.nested:
            return Val(S.RExpr(snake(e.id)), e.ty, "owned")
        if e.id in mod.imported_names:
            src, orig = mod.imported_names[e.id]
            other = self.program.modules.get(src)
            if other is not None and orig in other.globals:
                return self.load_global(other, orig, f"crate::{modpath(src)}::")
            if other is not None and orig in other.functions:
                return Val(S.RExpr(f"crate::{modpath(src)}::{snake(orig)}"), e.ty, "owned")
            if src == "math":
                return self.math_const(orig, e.span)
        if e.id == "__name__":
            return Val(S.RExpr('"__main__"'), T.STR, "ref")
        raise Refused(e.span, f"cannot use `{e.id}` as a value here")

    def load_global(self, mod: ModuleInfo, name: str, path: str = "") -> Val:
        """A read of module global `name` of `mod`, named through `path` (`crate::m::`) from another module."""
        g = mod.globals[name]
        if name in mod.mutated_globals or name in mod.cell_globals:
            rust = path + upper(name)
            if is_copy(g):
                return Val(S.method(S.RExpr(rust), "get"), g, "owned")
            return Val(S.RExpr(f"{rust}.with_borrow(|v| v.clone())"), g, "owned")
        if _const_global(mod, name):
            return Val(S.RExpr(path + upper(name)), g, "ref" if isinstance(R(g), T.StrT) else "owned")
        if holds_shared(g):
            return Val(S.RExpr(f"{path + upper(name)}.with(Clone::clone)"), g, "owned")
        if is_copy(g):
            return Val(S.unary("*", S.RExpr(path + upper(name))), g, "owned")  # a LazyLock of a Copy value
        return Val(S.unary("*", S.RExpr(path + upper(name))), g, "place")  # a LazyLock: the value it holds

    def load_class_var(self, cls: ClassInfo, attr: str, ty: T.Type) -> Val:
        """A read of a class attribute the program rebinds (its cell, mark_assigned_class_vars)."""
        from transpiler.codegen.rust.emit_module import class_var_cell

        cell = f"{struct_name(cls.name)}::{class_var_cell(self.program, cls.name, attr)}()"
        if is_copy(ty):
            return Val(S.RExpr(f"{cell}.get()"), ty, "owned")
        return Val(S.RExpr(f"{cell}.with_borrow(|v| v.clone())"), ty, "owned")

    def store_class_var(self, t: N.Attribute, code: S.RExpr) -> list[S.RStmt]:
        """`C.x = value` on a class attribute: its cell's `set`, or a diagnostic for the forms Python gives a
        meaning the cell cannot have (a subclass's own attribute shadowing the base's)."""
        from transpiler.codegen.rust.emit_module import class_var_cell

        from transpiler.passes.mark_assigned_class_vars import assignable_class_var

        cname = assignable_class_var(self.program, self.fn, t)
        cls = self.program.find_class(cname) if cname is not None else None
        if cls is None or t.attr not in cls.assigned_class_vars:
            shown = t.value.id if isinstance(t.value, N.Name) else "the class"
            raise Refused(t.span, f"assigning the class attribute `{shown}.{t.attr}` is only supported through "
                          "the class that defines it (a subclass would get its own attribute)")
        cell = f"{struct_name(cls.name)}::{class_var_cell(self.program, cls.name, t.attr)}()"
        return [S.Line(f"{cell}.{'set' if is_copy(t.ty) else 'replace'}({code.code});")]

    def math_const(self, name: str, span: Span) -> Val:
        m = {"pi": "std::f64::consts::PI", "e": "std::f64::consts::E", "tau": "std::f64::consts::TAU",
             "inf": "f64::INFINITY", "nan": "f64::NAN"}
        if name not in m:
            raise Refused(span, f"math.{name}")
        return Val(S.RExpr(m[name]), T.FLOAT, "owned")

    def declare(self, name: str, ty: T.Type, mode: str = "owned", rust: str | None = None) -> Var:
        r = rust or snake(name)
        if name not in self.reads and mode == "owned" and not r.startswith("_"):
            r = "_" + r
        var = Var(r, ty, mode, S.MutFlag())
        self.scopes[0][name] = var
        return var

    def mark_mut(self, name: str) -> None:
        var = self.lookup_var(name)
        if var is not None and var.mut is not None:
            var.mut.value = True

    aliased: dict[str, str] = {}

    def mark_mut_expr(self, e: N.Expr) -> None:
        """e is about to be mutated in place: its root variable needs `mut`."""
        if shared_class(e.ty) is not None:
            return  # a handle: mutated through `&self`
        while isinstance(e, N.Attribute | N.Subscript):
            if shared_class(e.value.ty) is not None:
                if isinstance(e, N.Attribute) and isinstance(R(e.ty), T.ListT | T.DictT | T.SetT | T.DequeT):
                    self.shared_mut.add(id(e))
                return  # mutated through the handle of a shared object, whatever names it
            e = e.value
        if isinstance(e, N.Name):
            var = self.lookup_var(e.id)
            if var is not None and var.mode == "subst" and var.place is not None:
                self.mark_mut_expr(var.place)
                return
        if isinstance(e, N.Name) and e.id in self.aliased:
            raise Refused(e.span, f"`{e.id}` shares a mutable object with `{self.aliased[e.id]}` in Python; "
                                  "mutating it through a copy would change behaviour",
                          "index the original container directly (e.g. `rows[i][j] = v`) instead of an alias")
        if isinstance(e, N.Name):
            self.mark_mut(e.id)
            if self.lookup_var(e.id) is None and e.id in self.module.imported_modules:
                raise Refused(e.span, f"changing a module-level container of module `{e.id}` through the module's "
                              "name is not supported", "import the container by name: `from module import name`")
            if (e.id in self.module.cell_globals or e.id in self.global_cells) and self.lookup_var(e.id) is None:
                raise Refused(e.span, f"changing the module-level container `{e.id}` this way is not supported",
                              f"name it directly where it changes (`{e.id}.append(x)`, `{e.id}[k] = v`); "
                              "a function that changes it should not receive it as a parameter")
            if e.id in self.module.globals and self.lookup_var(e.id) is None:
                raise Refused(e.span, "mutating a module-level container",
                              "pass it as a parameter, or keep it local to a function")

    def store_name(self, name: str, value: N.Expr | None, code: S.RExpr | None = None) -> str:
        """Assignment text `x = value;` for an already-declared name."""
        var = self.lookup_var(name)
        if var is None:
            if name in self.module.globals and name in self.fn.globals_declared:
                g = self.module.globals[name]
                rhs = code if code is not None else self.coerced(value, g)  # type: ignore[arg-type]
                if is_copy(g):
                    return f"{upper(name)}.set({rhs.code});"
                return f"{upper(name)}.replace({rhs.code});"
            raise Refused(self.cur_span, f"assignment to undeclared `{name}`")
        rhs = code if code is not None else self.coerced(value, var.ty)  # type: ignore[arg-type]
        if var.mode == "cell":
            return f"{var.rust}.set({rhs.code});"
        if var.mut is not None and not var.deferred:
            var.mut.value = True
        if var.mode in ("ref", "refmut"):
            return f"*{var.rust} = {rhs.code};"
        return f"{var.rust} = {rhs.code};"

    def method_name(self, py: str) -> str:
        if py.startswith("__") and py.endswith("__"):
            return "dunder_" + py.strip("_")
        return snake(py)

    # ------------------------------------------------------------ function signature and body

    def param_mode(self, i: int) -> str:
        p = self.fn.node.params[i]
        t = R(self.fn.param_types[i])
        if p.kind in ("vararg", "kwarg") or self.fn.node.is_generator:
            return "owned"
        if p.name in self.fn.rebound_params:
            return "owned"
        if is_copy(t) or isinstance(t, T.OptionalT | T.TupleT | T.EnumT):
            return "owned"
        if p.name in self.fn.mutated_params and shared_class(t) is None:
            return "refmut"
        return "ref"

    def signature_params(self) -> list[str]:
        out: list[str] = []
        params = self.fn.node.params
        start = 0
        if self.cls is not None and not self.fn.is_static:
            start = 1
            if self.is_init:
                pass
            elif self.fn.is_classmethod:
                pass
            else:
                out.append("&mut self" if self.fn.mutates_self else "&self")
                self.scopes[0][params[0].name] = Var("self", T.ClassT(self.cls.name),
                                                     "ref" if self.cls.shared else "self")
        if self.is_init:
            self.scopes[0][params[0].name] = self.declare(params[0].name, T.ClassT(self.cls.name) if self.cls
                                                          else T.UNKNOWN, "owned", "slf")
        # an override rebinding a parameter makes every implementation take it by value; `mut` only where the
        # body itself rebinds it
        own_rebound = assigned_names(self.fn.node.body) & self.fn.rebound_params if self.fn.rebound_params else set()
        for i in range(start, len(params)):
            p = params[i]
            t = self.fn.param_types[i]
            mode = self.param_mode(i)
            rname = snake(p.name)
            if p.name not in self.reads and p.name not in own_rebound:
                rname = "_" + rname.lstrip("_")
            if p.kind in ("vararg", "kwarg"):
                packed: T.Type = T.ListT(t) if p.kind == "vararg" else T.DictT(T.STR, t)
                out.append(f"{rname}: {rust_type(packed)}")
                self.scopes[0][p.name] = Var(rname, packed, "owned", S.MutFlag())
                continue
            if mode == "owned":
                flag = S.MutFlag(p.name in own_rebound)
                out.append(f"{'mut ' if flag.value else ''}{rname}: {rust_type(t)}")
                self.scopes[0][p.name] = Var(rname, t, "owned", flag)
            else:
                out.append(f"{rname}: {borrowed_param_type(t, mode == 'refmut')}")
                self.scopes[0][p.name] = Var(rname, t, mode)
        return out

    def return_type(self) -> str:
        rt = R(self.fn.ret)
        if self.is_init:
            return " -> Self"
        if isinstance(rt, T.NoneT):
            return ""
        if self.fn.node.is_generator:
            return f" -> {rust_type(rt)}"
        return f" -> {rust_type(rt)}"

    def body(self) -> list[S.RStmt]:
        stmts: list[S.RStmt] = []
        self.yield_buf: str | None = None
        if self.fn.node.is_generator:
            self.yield_buf = "co_"
        if self.is_init:
            stmts.append(S.Line("INIT_PLACEHOLDER"))
        self.str_hints = {}
        self.indexed_strs = _indexed_strings(self.fn.node)
        for p in self.fn.node.params:
            var = self.lookup_var(p.name)
            if p.name in self.indexed_strs and p.name not in self.fn.rebound_params and var is not None \
                    and isinstance(R(var.ty), T.StrT):
                flag = f"{var.rust.lstrip('_')}_is_ascii"
                stmts.append(S.Line(f"let {flag} = {var.rust}.is_ascii();"))
                self.str_hints[p.name] = flag
        if self.fn.recursive and not self.fn.node.is_generator:
            # counts toward sys.getrecursionlimit() and stops before the stack overflows (RecursionError)
            stmts.append(S.Line("let _recursion = pyrt::exc::enter_recursive();"))
        stmts.extend(self.hoist_locals())
        stmts.extend(self.bind_shared_globals())
        self.nested_functions(stmts)
        if self.is_init:
            return self.init_body(stmts)
        for mod_global in sorted(self.fn.globals_declared - self.nonlocal_names):
            if mod_global not in self.module.globals:
                raise Refused(self.fn.node.span, f"`global {mod_global}` names no module variable")
        stmts.extend(self.block(self.fn.node.body, top=True))
        rt_final = R(self.fn.ret)
        if self.cls is not None and not isinstance(rt_final, T.NoneT) and _is_abstract_body(self.fn.node):
            stmts = [S.Line(f'pyrt::raise("NotImplementedError", {lit_str(self.fn.node.name)})')]
        if not isinstance(rt_final, T.NoneT) and not self.fn.node.is_generator and not self.is_init \
                and not _always_leaves(self.fn.node.body) and not (stmts and isinstance(stmts[-1], S.Line)
                                                                   and stmts[-1].text.startswith("pyrt::raise")):
            # Python would return None here; the function's type says it never does
            stmts.append(S.Line(f'pyrt::raise("TypeError", "{self.fn.node.name}() ended without returning '
                                'a value")'))
        if stmts and isinstance(stmts[-1], S.Line) and stmts[-1].text.startswith("return ") \
                and stmts[-1].text.endswith(";") and not self.fn.node.is_generator:
            stmts[-1] = S.Line(stmts[-1].text[len("return "):-1])
        elif stmts and isinstance(stmts[-1], S.Line) and stmts[-1].text == "return;":
            stmts.pop()
        if self.fn.node.is_generator:
            rt = R(self.fn.ret)
            assert isinstance(rt, T.GenT)
            inner = S.render_block(stmts)
            stmts = [S.Line(f"pyrt::gen::generator(move |co_: pyrt::gen::Co<{rust_type(rt.elem)}>| async move {{\n"
                            f"{inner}\n}})")]
        elif self.is_init:
            stmts.append(S.Line("slf"))
        return stmts

    def field_hint(self, e: N.Expr) -> str | None:
        """`<obj>.<field>_is_ascii` for a hinted str field access `obj.field`, else None."""
        if not isinstance(e, N.Attribute):
            return None
        vt = R(e.value.ty)
        if not isinstance(vt, T.ClassT):
            return None
        for c in self.program.ancestors(vt.name):
            if e.attr in c.ascii_hint_fields:
                base = self.expr(e.value)
                return f"{base.e.at(S.UNARY + 1)}.{snake(e.attr)}_is_ascii"
        return None

    def str_hint(self, e: N.Expr) -> str | None:
        """The ASCII flag the emitter keeps for this str expression (a variable or a hinted field)."""
        if isinstance(e, N.Name):
            return self.str_hints.get(e.id)
        return self.field_hint(e)

    def init_body(self, stmts: list[S.RStmt]) -> list[S.RStmt]:
        """`__init__` as a constructor: leading `self.f = v` (v not reading self) become the struct literal."""
        body = list(self.fn.node.body)
        self_name = self.fn.node.params[0].name
        inits: list[str] = []
        seen: set[str] = set()
        while body and isinstance(body[0], N.Assign) and len(body[0].targets) == 1:
            a = body[0]
            t = a.targets[0]
            if not (isinstance(t, N.Attribute) and isinstance(t.value, N.Name) and t.value.id == self_name) \
                    or a.value is None or t.attr in seen \
                    or any(isinstance(n, N.Name) and n.id == self_name for n in walk(a.value)):
                break
            if self.cls is not None and t.attr in self.cls.ascii_hint_fields:
                break  # assigned as a statement below, with its ASCII flag
            try:
                code = self.coerced(a.value, t.ty).code
                inits.append(snake(t.attr) if code == snake(t.attr) else f"{snake(t.attr)}: {code}")
            except Refused as r:
                self.diag.error(r.span, r.message, r.hint)
            seen.add(t.attr)
            body.pop(0)
        rest = self.block(tuple(body), top=True)
        all_fields = self.cls is not None and seen >= set(self.cls.fields) and not self.cls.ascii_hint_fields
        shared = self.cls is not None and self.cls.shared
        struct = f"{camel(self.cls.name)}Data" if shared and self.cls is not None else "Self"
        tail = "" if all_fields else (f"..{struct}::default()" if inits else "")
        lit = f"{struct} {{ " + ", ".join(inits + ([tail] if tail else [])) + " }" if inits \
            else f"{struct}::default()"
        if shared:
            lit = f"Self(pyrt::Shared::new({lit}))"
        out = [x for x in stmts if not (isinstance(x, S.Line) and x.text == "INIT_PLACEHOLDER")]
        if not rest:
            out.append(S.Line(lit))
            return out
        # `mut` unless the statements after the field inits never name self (then nothing can change it)
        uses_self = any(isinstance(n, N.Name) and n.id == self_name for st in body for n in walk(st))
        out.append(S.Line(f"let {'mut ' if uses_self and not shared else ''}slf = {lit};"))
        out.extend(rest)
        if rest and isinstance(rest[-1], S.Line) and rest[-1].text == "return slf;":
            rest.pop()
        out.append(S.Line("slf"))
        return out

    def nested_functions(self, stmts: list[S.RStmt]) -> None:
        for name, nested in self.fn.nested.items():
            if nested.captures:
                continue  # a closure, emitted where its `def` stands (s_FunctionDef)
            sub = FunctionEmitter(self.program, self.module, nested, None, self.diag)
            params = sub.signature_params()
            body = sub.body()
            text = (f"{many_args_attr(params)}fn {snake(name)}({', '.join(params)}){sub.return_type()} "
                    f"{{\n{S.render_block(body)}\n}}")
            stmts.append(S.Line(text))

    def bind_shared_globals(self) -> list[S.RStmt]:
        """A module-level shared object the function uses more than once, and never rebinds, is fetched from
        its thread-local once, into a local handle of the same name."""
        if not self.any_shared or self.fn is self.module.main:
            return []
        uses: dict[str, int] = {}
        for n in body_nodes_no_defs(self.fn.node.body):
            if isinstance(n, N.Name):
                uses[n.id] = uses.get(n.id, 0) + 1
        out: list[S.RStmt] = []
        params = {p.name for p in self.fn.node.params}
        for name, count in uses.items():
            g = self.module.globals.get(name)
            if g is None or count < 2 or shared_class(g) is None or isinstance(R(g), T.OptionalT) \
                    or name in self.module.mutated_globals or name in self.fn.locals or name in params \
                    or name in self.fn.globals_declared or self.lookup_var(name) is not None:
                continue
            var = Var(snake(name), g, "owned", S.MutFlag())
            self.scopes[0][name] = var
            out.append(S.Line(f"let {var.rust} = {upper(name)}.with(Clone::clone);"))
        return out

    def hoist_locals(self) -> list[S.RStmt]:
        params = {p.name for p in self.fn.node.params}
        names = {n for n in self.fn.locals if n not in params and n not in self.fn.globals_declared
                 and n not in self.fn.nested}
        self.da = analyze_definite_assignment(self.fn.node.body, names)
        self.inline_lets: set[str] = set()
        top_assign_counts: dict[str, int] = {}
        for s in self.fn.node.body:
            if isinstance(s, N.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], N.Name) \
                    and s.value is not None:
                top_assign_counts[s.targets[0].id] = top_assign_counts.get(s.targets[0].id, 0) + 1
            for name in _unpacked_names(s):
                top_assign_counts[name] = top_assign_counts.get(name, 0) + 1
        out: list[S.RStmt] = []
        loop_only = self.loop_bound_names()
        self.borrow_aliases = self.find_borrow_aliases()
        self.subst_aliases = self.find_subst_aliases()
        self.borrow_aliases -= self.subst_aliases
        first = self.first_positions()
        for name in sorted(names, key=lambda n: (first.get(n, (0, 0)), n)):  # by name on a tie: stable output
            facts = self.da.facts[name]
            ty = self.fn.locals[name]
            if name in loop_only or name in self.borrow_aliases or name in self.subst_aliases:
                continue
            if not facts.read_unassigned and name in top_assign_counts and self.first_is_top_assign(name) \
                    and name not in self.cell_names:
                self.inline_lets.add(name)
                continue
            try:
                rt = rust_type(ty)
            except Exception as exc:
                raise Refused(self.fn.node.span, f"cannot infer the type of `{name}`",
                              "add a type annotation") from exc
            if name in self.cell_names:
                out.append(self.declare_cell(name, ty, rt))
                continue
            var = self.declare(name, ty)
            dv = default_value(ty)
            if facts.read_unassigned or facts.assigned_in_closure:
                if dv is None:
                    raise Refused(self.fn.node.span, f"`{name}` may be used before it is assigned")
                var.mut = S.MutFlag(True)
                out.append(S.Let(var.rust, rt, S.RExpr(dv), var.mut))
            else:
                var.mut = S.MutFlag(facts.reassigned)
                var.deferred = True
                out.append(S.Let(var.rust, rt, None, var.mut))
        return out

    def declare_cell(self, name: str, ty: T.Type, rt: str) -> S.RStmt:
        """A local that nested functions rebind through `nonlocal`: `let x = Cell::new(default)`; every read is
        `x.get()` and every store `x.set(v)`, here and in the closures, which share it by reference."""
        dv = default_value(ty)
        if not is_copy(ty) or dv is None:
            raise Refused(self.fn.node.span, f"`nonlocal {name}` of a {py_type_name(ty)} variable is not supported",
                          "only int, float and bool variables can be rebound by nested functions; "
                          "mutate a list or object in place instead")
        self.scopes[0][name] = Var(snake(name), ty, "cell")
        if self.escaping:  # shared between this function and closures that outlive it
            return S.Line(f"let {snake(name)}: std::rc::Rc<std::cell::Cell<{rt}>> = "
                          f"std::rc::Rc::new(std::cell::Cell::new({dv}));")
        return S.Line(f"let {snake(name)}: std::cell::Cell<{rt}> = std::cell::Cell::new({dv});")

    borrow_aliases: set[str] = set()
    subst_aliases: set[str] = set()
    subst_sites: set[int] = set()

    def find_subst_aliases(self) -> set[str]:
        """Names only ever bound as `b = xs[i]` (or `b = obj.f`) and read before the place could change, or as a
        `for` target. Every read of b is then the place itself (`xs[i]`): Python's sharing, exactly, and each
        statement borrows on its own, so two such aliases into one list can coexist."""
        body = self.fn.node.body
        occurrences: dict[str, int] = {}
        for n in body_nodes(body):
            if isinstance(n, N.Name):
                occurrences[n.id] = occurrences.get(n.id, 0) + 1
        covered: dict[str, int] = {}
        good_sites: dict[str, list[int]] = {}
        bad: set[str] = set()

        def place_ok(place: N.Expr, later: tuple[N.Stmt, ...], name: str) -> bool:
            names_in_place = {n.id for n in walk(place) if isinstance(n, N.Name)}
            root = place
            while isinstance(root, N.Attribute | N.Subscript):
                if isinstance(root, N.Subscript) and not all(
                        isinstance(x, N.Name | N.Const | N.BinOp) for x in walk(root.index)
                        if isinstance(x, N.Expr)):
                    return False
                root = root.value
            if not isinstance(root, N.Name) or root.id == name:
                return False
            rt = R(place.ty)
            if not isinstance(rt, T.ClassT):
                return False
            for st in later:
                for n in walk(st):
                    targets: tuple[N.Expr, ...] = ()
                    if isinstance(n, N.Assign):
                        targets = n.targets
                    elif isinstance(n, N.AugAssign):
                        targets = (n.target,)
                    elif isinstance(n, N.For):
                        targets = (n.target,)
                    elif isinstance(n, N.Delete):
                        targets = n.targets
                    for t in targets:
                        if any(isinstance(x, N.Name) and x.id in names_in_place | {name} for x in walk(t)
                               if not isinstance(t, N.Attribute) or x is t.value) and not (
                                isinstance(t, N.Attribute)):
                            return False
                        if isinstance(t, N.Subscript) and _same_root(t, root.id):
                            return False  # an element of the container is replaced
                    if isinstance(n, N.Call) and isinstance(n.func, N.Attribute) and isinstance(n.func.value, N.Name) \
                            and n.func.value.id == root.id and isinstance(R(n.func.value.ty), T.ListT | T.DictT):
                        return False  # the container itself changes shape
            return True

        for block, i, s in _statements_in_blocks(body):
            if isinstance(s, N.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], N.Name) \
                    and isinstance(s.value, N.Subscript | N.Attribute) and s.declared is None:
                name = s.targets[0].id
                later = block[i + 1:]
                if place_ok(s.value, later, name):
                    uses = sum(1 for st in later for n in walk(st) if isinstance(n, N.Name) and n.id == name)
                    covered[name] = covered.get(name, 0) + uses + 1
                    good_sites.setdefault(name, []).append(id(s))
                else:
                    bad.add(s.targets[0].id)
            elif isinstance(s, N.For) and isinstance(s.target, N.Name):
                inside = sum(1 for n in walk(s) if isinstance(n, N.Name) and n.id == s.target.id)
                covered[s.target.id] = covered.get(s.target.id, 0) + inside
        out = {n for n in good_sites if n not in bad and covered.get(n, 0) == occurrences.get(n, 0)
               and n not in self.fn.globals_declared and not any(p.name == n for p in self.fn.node.params)}
        self.subst_sites = {site for n in out for site in good_sites[n]}
        return out

    def find_borrow_aliases(self) -> set[str]:
        """`p = xs[i]` / `p = obj.field`, assigned once and used only later in the same block: in Python p is
        the same object, so Rust binds a reference (`&mut` when p is mutated) instead of copying."""
        out: set[str] = set()
        counts: dict[str, int] = {}
        for n in body_nodes(self.fn.node.body):
            if isinstance(n, N.Name):
                counts[n.id] = counts.get(n.id, 0) + 1

        for block, i, s in _statements_in_blocks(self.fn.node.body):
            if isinstance(s, N.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], N.Name) \
                    and isinstance(s.value, N.Subscript | N.Attribute) and s.declared is None \
                    and not isinstance(getattr(s.value, "index", None), N.Slice):
                name = s.targets[0].id
                vt = R(s.value.ty)
                later = block[i + 1:]
                uses = sum(1 for st in later for n in walk(st) if isinstance(n, N.Name) and n.id == name)
                src_root: N.Expr = s.value
                while isinstance(src_root, N.Attribute | N.Subscript):
                    src_root = src_root.value
                if isinstance(vt, T.ClassT | T.ListT | T.DictT | T.SetT) and counts.get(name, 0) == uses + 1 \
                        and self.da.facts.get(name) is not None and self.da.facts[name].assign_sites == 1 \
                        and isinstance(src_root, N.Name) and src_root.id != name \
                        and not any(isinstance(n, N.FunctionDef | N.Lambda) for st in later for n in walk(st)):
                    out.add(name)
        return out

    def first_positions(self) -> dict[str, tuple[int, int]]:
        """Each name's `first_pos`, from one walk of the body."""
        out: dict[str, tuple[int, int]] = {}
        for n in body_nodes_no_defs(self.fn.node.body):
            if isinstance(n, N.Name) and n.id not in out:
                out[n.id] = (n.span.line, n.span.col)
        return out

    def first_pos(self, name: str) -> tuple[int, int]:
        for n in body_nodes_no_defs(self.fn.node.body):
            if isinstance(n, N.Name) and n.id == name:
                return (n.span.line, n.span.col)
        return (0, 0)

    def first_is_top_assign(self, name: str) -> bool:
        for s in self.fn.node.body:
            if isinstance(s, N.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], N.Name) \
                    and s.targets[0].id == name:
                return s.value is not None
            if name in _unpacked_names(s):  # `a, b = value`: each name bound by a `let` as it is unpacked
                return True
            if name in assigned_names((s,)) or any(isinstance(n, N.Name) and n.id == name for n in walk(s)):
                return False
        return False

    def loop_bound_names(self) -> set[str]:
        """Names bound only as a `for` target and only read inside that loop: Rust binds them in the pattern."""
        out: set[str] = set()
        counts: dict[str, int] = {}
        other_assigned: set[str] = set()
        handlers: list[str] = []
        for n in body_nodes_no_defs(self.fn.node.body):  # one walk: loop targets, other bindings, handlers
            if isinstance(n, N.For):
                for nm in target_names(n.target):
                    counts[nm] = counts.get(nm, 0) + 1
                continue
            other_assigned.update(names_bound_by(n))
            if isinstance(n, N.Handler) and n.name:
                handlers.append(n.name)
        if handlers:
            not_handler_bound = other_assigned - self._handler_names()
            out.update(name for name in handlers if name not in not_handler_bound)
        for name in counts:
            if name in other_assigned:
                continue
            if self._read_outside_loops(name):
                continue
            out.add(name)
        return out

    def _handler_names(self) -> set[str]:
        return {n.name for s in self.fn.node.body for n in walk_no_defs(s) if isinstance(n, N.Handler) and n.name}

    def _read_outside_loops(self, name: str) -> bool:
        return _read_outside_loops_over(self.fn.node.body, name, False)

    # ------------------------------------------------------------ statements

    def block(self, stmts: tuple[N.Stmt, ...], top: bool = False) -> list[S.RStmt]:
        out: list[S.RStmt] = []
        self.scopes.append({})
        try:
            for s in stmts:
                self.cur_span = s.span
                try:
                    out.extend(self.stmt(s, top))
                except Refused as r:
                    self.diag.error(r.span, r.message, r.hint)
        finally:
            frame = self.scopes.pop()
            # names bound in this block outlive it (Python has function scope), except substitution aliases
            self.scopes[-1].update({k: v for k, v in frame.items() if v.mode != "subst"})
        return out

    def stmt(self, s: N.Stmt, top: bool = False) -> list[S.RStmt]:
        method = getattr(self, f"s_{type(s).__name__}", None)
        if method is None:
            raise Refused(s.span, f"unsupported statement `{type(s).__name__}`")
        if self.global_cells:
            through_cells = self.stmt_on_global_cells(s, top)
            if through_cells is not None:
                return through_cells
        saved = self.pure_stmt
        self.pure_stmt = self.runs_no_user_code(s)
        try:
            if type(s).__name__ == "Assign":
                return self.s_Assign(s, top)  # type: ignore[arg-type]
            return method(s)  # type: ignore[no-any-return]
        finally:
            self.pure_stmt = saved

    # ------------------------------------------------------------ module-level containers in cells

    def expr(self, e: N.Expr) -> Val:
        if self.global_cells and not isinstance(e, N.Name | N.Const):
            cells = self.unbound_cells(e)
            if cells and self.cell_safe(e):
                return self.through_cells(e, cells)
        return super().expr(e)

    def unbound_cells(self, node: N.Node) -> list[str]:
        """The module-level container cells `node` names that no borrow in progress binds yet."""
        return sorted({n.id for n in walk(node) if isinstance(n, N.Name) and n.id in self.global_cells
                       and self.lookup_var(n.id) is None})

    def through_cells(self, e: N.Expr, cells: list[str]) -> Val:
        """`e`, which runs no user code, evaluated inside borrows of the cells it names (`in_cells`); its value
        leaves the borrows owned."""
        return Val(S.RExpr(self.in_cells(e, cells, lambda: self.owned(super(FunctionEmitter, self).expr(e)).code)),
                   e.ty, "owned")

    def in_cells(self, e: N.Expr, cells: list[str], produce: Callable[[], str]) -> str:
        """The code `produce` makes for `e` (which runs no user code) with each cell it names bound to a borrow:
        mutable for a cell one of its method calls changes (`stack.pop()`), shared otherwise."""
        from transpiler.passes.mark_global_containers import changed_in_place

        changed = changed_in_place(self.fn, set(cells), True, (N.ExprStmt(e, e.span),))
        frame = {g: Var(snake(g), self.global_cells[g][1], "refmut" if g in changed else "ref") for g in cells}
        self.scopes.append(frame)
        try:
            code = produce()
        finally:
            self.scopes.remove(frame)
        for g in reversed(cells):
            code = f"{self.global_cells[g][0]}.with_borrow{'_mut' if g in changed else ''}(|{snake(g)}| {code})"
        return code

    def cell_safe(self, node: N.Node) -> bool:
        """Whether `node` runs no user code (no user function, method, operator or generator): a borrow of a
        cell held while it runs cannot meet another borrow of that cell."""
        for n in walk(node):
            if isinstance(n, N.Lambda | N.Yield | N.Comprehension):
                return False
            if isinstance(n, N.Call):
                f = n.func
                stores_only = isinstance(f, N.Attribute) and f.attr in _STORING_METHODS \
                    and isinstance(R(f.value.ty), T.ListT | T.DequeT)  # objects stored, never compared
                if not stores_only and any(_mentions_class(a.ty) for a in n.args) or n.keywords:
                    return False
                if isinstance(f, N.Name) and f.id in _CELL_SAFE_BUILTINS and self.lookup_var(f.id) is None \
                        and f.id not in self.module.functions and f.id not in self.module.classes \
                        and f.id not in self.module.imported_names:
                    continue
                if isinstance(f, N.Attribute) and isinstance(R(f.value.ty), _CELL_SAFE_RECEIVERS) \
                        and (stores_only or not _mentions_class(f.value.ty)):
                    continue
                return False
            operands = _operator_operands(n)
            if any(_mentions_class(x.ty) for x in operands):
                return False
            if isinstance(n, N.Attribute) and self.is_property(n):
                return False
        return True

    def stmt_on_global_cells(self, s: N.Stmt, top: bool) -> list[S.RStmt] | None:
        """A statement that changes a module-level container cell through an item, attribute or `del`
        (`cache[n] = r`, `counts[w] += 1`): operands that run user code first, into locals, then the change
        inside one mutable borrow. A `for` over a cell runs over a copy taken first (its body may not change
        the cell). None for every other statement (expressions borrow on their own)."""
        from transpiler.passes.mark_global_containers import changed_in_place, root_name

        if isinstance(s, N.For):
            cells = self.unbound_cells(s.iter)
            if not cells:
                return None
            changed = changed_in_place(self.fn, set(cells), True, s.body)
            if changed:
                name = sorted(changed)[0]
                raise Refused(s.span, f"changing the module-level container `{name}` while iterating over it",
                              f"iterate over a copy: `list({name})`")
            out: list[S.RStmt] = []
            frame: dict[str, Var] = {}
            for g in cells:
                snap = self.fresh(f"{snake(g)}_copy")
                out.append(S.Line(f"let {snap} = {self.global_cells[g][0]}.with_borrow(|v| v.clone());"))
                frame[g] = Var(snap, self.global_cells[g][1], "owned", S.MutFlag())
            self.scopes.append(frame)
            try:
                return out + self.stmt(s, top)
            finally:
                self.scopes.remove(frame)
        targets: list[N.Expr] = []
        if isinstance(s, N.Assign):
            targets = list(s.targets)
        elif isinstance(s, N.AugAssign):
            targets = [s.target]
        elif isinstance(s, N.Delete):
            targets = list(s.targets)
        elif isinstance(s, N.ExprStmt) and isinstance(s.value, N.Call) and isinstance(s.value.func, N.Attribute) \
                and root_name(s.value.func.value) in self.global_cells \
                and self.lookup_var(root_name(s.value.func.value) or "") is None \
                and not self.cell_safe(s.value) and self.cell_safe(s.value.func) and not s.value.keywords:
            # `seen.append(f(x))`: the arguments first, then the call inside the borrow
            lets: list[S.RStmt] = []
            args = tuple(self.hoist_expr(a, lets) for a in s.value.args)
            call = N.Call(s.value.func, args, s.value.keywords, s.value.ty, s.value.span)
            if self.cell_safe(call):
                return lets + self.stmt(N.ExprStmt(call, s.span), top)
            return None
        roots = sorted({r for t in targets if isinstance(t, N.Attribute | N.Subscript)
                        for r in [root_name(t)] if r in self.global_cells and self.lookup_var(r) is None})
        if not roots:
            return None
        lets = []
        # Python evaluates the value, then the targets' parts: a value is computed first when it or an index
        # runs user code
        first = any(isinstance(t, N.Subscript) and not self.cell_safe(t.index) for t in targets)
        if isinstance(s, N.Assign) and s.value is not None and (first or not self.cell_safe(s.value)):
            s = N.Assign(s.targets, self.hoist_expr(s.value, lets), s.declared, s.span)
        hoisted = [self.hoist_index(t, lets) for t in targets]
        if isinstance(s, N.AugAssign) and not self.cell_safe(s.value):  # after the target's index, as Python
            s = N.AugAssign(hoisted[0], s.op, self.hoist_expr(s.value, lets), s.span)
        if hoisted != targets:
            s = N.Assign(tuple(hoisted), s.value, s.declared, s.span) if isinstance(s, N.Assign) else \
                N.AugAssign(hoisted[0], s.op, s.value, s.span) if isinstance(s, N.AugAssign) else \
                N.Delete(tuple(hoisted), s.span)
            targets = hoisted
        for t in targets:
            if not self.cell_safe(t):
                raise Refused(t.span, "a target in a module-level container that runs user code to be found",
                              "compute the index into a local first")
        frame = {g: Var(snake(g), self.global_cells[g][1], "refmut") for g in roots}
        self.scopes.append(frame)
        try:
            inner = self.stmt(s, False)
        finally:
            self.scopes.remove(frame)
        text = S.render_block(inner)
        for g in reversed(roots):
            text = f"{self.global_cells[g][0]}.with_borrow_mut(|{snake(g)}| {{\n{text}\n}});"
        return lets + [S.Line(text)]

    def hoist_index(self, t: N.Expr, lets: list[S.RStmt]) -> N.Expr:
        """`g[f(x)]` as `g[k]` with `let k = f(x);` appended: an index running user code, computed before the
        container is borrowed (Python evaluates it before the store too)."""
        if isinstance(t, N.Subscript) and not isinstance(t.index, N.Slice) and not self.cell_safe(t.index):
            return N.Subscript(t.value, self.hoist_expr(t.index, lets), t.ty, t.span)
        return t

    def store_base(self, e: N.Expr, lets: list[S.RStmt]) -> Val:
        """The list a store `e[i] = v` writes into. When `e` is itself an item of a list (`grid[i]` of
        `grid[i][j] = v`), its index is computed into a local first: `grid[norm_index(grid.len(), i)][j]` would
        read `grid` while it is borrowed for the store (which `&mut` parameters do not allow)."""
        if isinstance(e, N.Subscript) and not isinstance(e.index, N.Slice) and isinstance(R(e.value.ty), T.ListT):
            outer = self.store_base(e.value, lets)
            idx = self.index_code(e.index, outer)
            if not idx.isdigit():
                tmp = self.fresh("i")
                lets.append(S.Line(f"let {tmp} = {idx};"))
                idx = tmp
            return Val(S.RExpr(f"{outer.e.at(S.UNARY + 1)}[{idx}]"), e.ty, "place")
        return self.expr(e)

    def runs_no_user_code(self, s: N.Stmt) -> bool:
        """Whether statement s (a simple one) calls no user function, method or operator and mutates no
        shared object: a borrow of a shared object it takes cannot meet a conflicting one before it ends."""
        if not self.any_shared:
            return False
        if isinstance(s, N.Assign | N.AugAssign):
            targets = s.targets if isinstance(s, N.Assign) else (s.target,)
            if not all(isinstance(t, N.Name) for t in targets):
                return False
        elif not isinstance(s, N.ExprStmt | N.Return):
            return False
        if isinstance(s, N.ExprStmt) and isinstance(R(s.value.ty), T.ClassT):
            return False  # a condition on an object runs its __bool__ / __len__
        for n in walk(s):
            if isinstance(n, N.Call | N.Lambda | N.Yield | N.Comprehension):
                if isinstance(n, N.Call) and isinstance(n.func, N.Name) and n.func.id in PURE_BUILTINS \
                        and self.lookup_var(n.func.id) is None and n.func.id not in self.module.functions \
                        and n.func.id not in self.module.classes \
                        and not any(_mentions_class(a.ty) for a in n.args):  # len(obj) runs __len__
                    continue
                return False
            operands = _operator_operands(n)
            if any(isinstance(R(x.ty), T.ClassT) for x in operands):
                return False  # an operator, truth test, format or index defined by the class
            if isinstance(n, N.Attribute) and self.is_property(n):
                return False
        return True

    def is_property(self, e: N.Attribute) -> bool:
        t = R(e.value.ty)
        if isinstance(t, T.OptionalT):
            t = R(t.inner)
        if not isinstance(t, T.ClassT):
            return False
        found = self.program.find_method(t.name, e.attr)
        return found is not None and found[1].is_property

    def s_Comment(self, s: N.Comment) -> list[S.RStmt]:
        return [S.Comment(s.text)]

    def s_Pass(self, s: N.Pass) -> list[S.RStmt]:
        return []

    def s_Import(self, s: N.Import) -> list[S.RStmt]:
        return []

    def s_Global(self, s: N.Global) -> list[S.RStmt]:
        if s.nonlocal_:
            for name in s.names:
                var = self.lookup_var(name)
                if var is None or var.mode != "cell":
                    raise Refused(s.span, f"`nonlocal {name}` names no variable of an enclosing function")
        return []

    def s_FunctionDef(self, s: N.FunctionDef) -> list[S.RStmt]:
        nested = self.fn.nested.get(s.name)
        if nested is None or not nested.captures:
            return []
        # reads variables of this function: a closure borrowing them
        if any(isinstance(n, N.Call) and isinstance(n.func, N.Name) and n.func.id == s.name
               for st in s.body for n in walk(st)):
            raise Refused(s.span, f"recursive nested function `{s.name}` that reads enclosing variables",
                          "pass those variables as parameters")
        sub = FunctionEmitter(self.program, self.module, nested, None, self.diag)
        merged: dict[str, Var] = dict(self.outer_vars)
        for sc in self.scopes:
            merged.update(sc)
        sub.outer_vars = {k: Var(v.rust, v.ty, "owned" if v.mode in ("owned", "loop") else v.mode, None)
                          for k, v in merged.items()}
        params = sub.signature_params()
        ret = sub.return_type()
        body = sub.body()
        rust = snake(s.name)
        ft = T.FuncT(tuple(nested.param_types), nested.ret)
        closure = f"|{', '.join(params)}|{ret} {{\n{S.render_block(body)}\n}}"
        if s.name in self.escaping:
            # a value that may outlive this frame: it owns clones of what it captures (cells are shared Rcs)
            self.scopes[0][s.name] = Var(rust, ft, "boxed")
            copies = []
            for name in sorted(nested.captures):
                var = merged.get(name)
                if var is not None and (var.mode == "cell" or not is_copy(var.ty)):
                    copies.append(f"let {var.rust} = {var.rust}.clone();\n")
            return [S.Line(f"let {rust}: {rust_type(ft)} = {{\n{''.join(copies)}Box::new(move {closure})\n}};")]
        self.scopes[0][s.name] = Var(rust, ft, "closure")
        return [S.Line(f"let {rust} = {closure};")]

    def s_Break(self, s: N.Break) -> list[S.RStmt]:
        return [S.Line(self.flow_jump("break"))]

    def s_Continue(self, s: N.Continue) -> list[S.RStmt]:
        return [S.Line(self.flow_jump("continue"))]

    def s_ExprStmt(self, s: N.ExprStmt) -> list[S.RStmt]:
        v = self.expr(s.value)
        if isinstance(s.value, N.Yield):
            return [S.Line(v.e.code + ";")]
        code = v.e.code
        if isinstance(R(s.value.ty), T.NoneT) or isinstance(s.value, N.Call):
            if not isinstance(R(s.value.ty), T.NoneT) and not code.endswith("}"):
                return [S.Line(f"let _ = {code};")]
            return [S.Line(code + ";")]
        return [S.Line(f"let _ = {code};")]

    def s_Return(self, s: N.Return) -> list[S.RStmt]:
        if self.fn.node.is_generator:
            return [S.Line("return;")]
        rt = R(self.fn.ret)
        if self.is_init or s.value is None or isinstance(rt, T.NoneT):
            pre: list[S.RStmt] = []
            if s.value is not None:
                pre = self.s_ExprStmt(N.ExprStmt(s.value, s.span))
            return pre + [S.Line(self.flow_return("()"))]
        var = self.lookup_var(s.value.id) if isinstance(s.value, N.Name) else None
        if var is not None and var.mode in ("owned", "boxed") and not self.in_closure and R(var.ty) == rt:
            return [S.Line(self.flow_return(var.rust))]  # a return is the local's last use: move it
        val = self.coerced(s.value, rt)
        return [S.Line(self.flow_return(val.code))]

    def s_Assert(self, s: N.Assert) -> list[S.RStmt]:
        cond = self.truthy(s.test)
        if s.msg is not None:
            msg = self.expr(s.msg)
            arg = f"pyrt::to_str({self.borrow(msg).code})"
        else:
            arg = '""'
        return [S.Line(f'if {S.unary("!", cond).code} {{ pyrt::raise("AssertionError", {arg}); }}')]

    def s_Raise(self, s: N.Raise) -> list[S.RStmt]:
        if s.exc is None:
            if self.current_exc is None:
                raise Refused(s.span, "bare `raise` outside an except block")
            return [S.Line(f"pyrt::raise_err({self.current_exc}.clone());")]
        exc = s.exc
        if isinstance(exc, N.Name):
            cls_name = exc.id
            return [S.Line(f'pyrt::raise({lit_str(cls_name)}, "");')] if self.is_exception_class(cls_name) else \
                [S.Line(f"pyrt::raise_err({self.val(exc).code});")]
        if isinstance(exc, N.Call) and isinstance(exc.func, N.Name) and self.is_exception_class(exc.func.id):
            if not exc.args:
                msg = '""'
            elif len(exc.args) == 1:
                a = exc.args[0]
                if exc.func.id == "KeyError":
                    msg = f"pyrt::to_repr({self.borrow(self.expr(a)).code})"
                elif isinstance(R(a.ty), T.StrT):
                    av = self.expr(a)
                    msg = av.e.code if av.kind == "owned" else self.borrow(av).code
                else:
                    msg = f"pyrt::to_str({self.borrow(self.expr(a)).code})"
            else:
                raise Refused(s.span, "exceptions with several arguments are not supported yet")
            return [S.Line(f"pyrt::raise({lit_str(exc.func.id)}, {msg});")]
        v = self.expr(exc)
        if isinstance(R(exc.ty), T.ExcT):
            return [S.Line(f"pyrt::raise_err({self.owned(v).code});")]
        raise Refused(s.span, "unsupported `raise` expression")

    current_exc: str | None = None

    def is_exception_class(self, name: str) -> bool:
        from transpiler.passes.infer_types import BUILTIN_EXCEPTIONS

        if name in BUILTIN_EXCEPTIONS:
            return True
        cls = self.program.find_class(name)
        return cls is not None and cls.kind == "exception"

    def s_Delete(self, s: N.Delete) -> list[S.RStmt]:
        out: list[S.RStmt] = []
        for t in s.targets:
            if isinstance(t, N.Name):
                continue
            if isinstance(t, N.Subscript):
                bt = R(t.value.ty)
                self.mark_mut_expr(t.value)
                base = self.expr(t.value)
                if isinstance(bt, T.ListT):
                    if isinstance(t.index, N.Slice):
                        raise Refused(t.span, "`del` of a slice")
                    out.append(S.Line(f"{base.e.at(S.UNARY + 1)}.remove({self.index_code(t.index, base)});"))
                    continue
                if isinstance(bt, T.DictT):
                    out.append(S.Line(f"pyrt::dict::remove({self.borrow_mut(base).code}, "
                                      f"{self.key_ref(t.index, bt.key).code});"))
                    continue
            raise Refused(t.span, "unsupported `del` target")
        return out

    def s_Assign(self, s: N.Assign, top: bool = False) -> list[S.RStmt]:
        if s.value is None:
            return []
        if id(s) in self.subst_sites:
            assert isinstance(s.targets[0], N.Name)
            self.scopes[-1][s.targets[0].id] = Var("", s.value.ty, "subst", place=s.value)
            return []
        if len(s.targets) == 1:
            return self.assign_one(s.targets[0], s.value, top)
        # a = b = value: evaluate once into a temporary
        tmp = self.fresh("t")
        out: list[S.RStmt] = [S.Line(f"let {tmp} = {self.val(s.value).code};")]
        self.bind_temp(tmp, s.value.ty)
        for t in s.targets:
            out.extend(self.assign_one(t, N.Name(tmp, s.value.ty, s.value.span), False, clone_src=True))
        self.unbind_temp(tmp)
        return out

    def note_alias(self, target: str, value: N.Expr) -> None:
        """`target = <place of a mutable object>` copies in Rust but aliases in Python: remember both ends."""
        if is_copy(value.ty) or isinstance(R(value.ty), T.StrT | T.FileT | T.ExcT | T.FuncT) \
                or shared_class(value.ty) is not None:
            return
        if isinstance(value, N.Call) and isinstance(value.func, N.Attribute) and value.func.attr == "setdefault" \
                and isinstance(R(value.func.value.ty), T.DictT):
            # the entry stays in the dict: mutating it through `target` must change the dict, as in Python
            owner = value.func.value.id if isinstance(value.func.value, N.Name) else "dict"
            self.aliased[target] = f"{owner}.setdefault(...)"
            return
        if isinstance(value, N.Call):
            from transpiler.passes.analyze_mutation import _callee

            callee, _ = _callee(self.program, self.fn, value)
            if callee is not None and callee.returns_alias:
                self.aliased[target] = f"the result of `{callee.name}()`"
            return
        root = value
        while isinstance(root, N.Attribute | N.Subscript):
            if isinstance(root, N.Subscript) and isinstance(root.index, N.Slice):
                return
            root = root.value
        if isinstance(root, N.Name) and root is not value or isinstance(value, N.Name):
            assert isinstance(root, N.Name)
            if root.id.startswith(("t_", "u_", "e_", "it_")) or self.lookup_var(root.id) is None \
                    and root.id not in self.module.globals:
                return
            self.aliased[target] = root.id
            self.aliased[root.id] = target

    def assign_one(self, t: N.Expr, value: N.Expr, top: bool, clone_src: bool = False) -> list[S.RStmt]:
        if isinstance(t, N.Name) and t.id in self.borrow_aliases and self.lookup_var(t.id) is None:
            mutated = mutates_name(self.program, self.fn.node.body, t.id)
            if mutated:
                self.mark_mut_expr(value)
                v = self.expr(value)
                code = self.borrow_mut(v) if v.kind != "refmut" else v.e
                mode = "refmut"
            else:
                v = self.expr(value)
                code = self.borrow(v)
                mode = "ref"
            rn = snake(t.id) if t.id in self.reads else "_" + snake(t.id)
            self.scopes[0][t.id] = Var(rn, R(value.ty), mode)
            return [S.Line(f"let {rn} = {code.code};")]
        if isinstance(t, N.Name):
            self.note_alias(t.id, value)
            if t.id in self.inline_lets and self.lookup_var(t.id) is None and top:
                ty = self.fn.locals[t.id]
                rt = rust_type(ty)
                code = self.coerced(value, ty)
                var = self.declare(t.id, ty)
                out_let: list[S.RStmt] = [S.Let(var.rust, rt, code, var.mut or S.MutFlag())]
                facts = self.da.facts.get(t.id)
                if t.id in self.indexed_strs and isinstance(R(ty), T.StrT) and facts is not None \
                        and facts.assign_sites == 1:
                    flag = f"{var.rust.lstrip('_')}_is_ascii"
                    out_let.append(S.Line(f"let {flag} = {var.rust}.is_ascii();"))
                    self.str_hints[t.id] = flag
                return out_let
            if self.lookup_var(t.id) is None and t.id in self.inline_lets:
                # inline let that is not top: declare now
                ty = self.fn.locals[t.id]
                var = self.declare(t.id, ty)
                return [S.Let(var.rust, rust_type(ty), self.coerced(value, ty), var.mut or S.MutFlag())]
            return [S.Line(self.store_name(t.id, value))]
        if isinstance(t, N.Attribute) and isinstance(R(t.value.ty), T.ClassRefT):
            return self.store_class_var(t, self.coerced(value, t.ty))
        if isinstance(t, N.Attribute):
            self.mark_mut_expr(t.value)
            setter = self.property_setter(t)
            if setter is not None and shared_class(t.value.ty) is not None and not _trivial(value) \
                    and self.runs_no_user_code(N.ExprStmt(value, value.span)):
                # read in place (no clones), into a local: the borrows end before the setter writes
                tmp = self.fresh("v")
                saved, self.pure_stmt = self.pure_stmt, True
                try:
                    value_code = self.coerced(value, t.ty).code
                finally:
                    self.pure_stmt = saved
                return [S.Line(f"let {tmp} = {value_code};"), S.Line(f"{setter}({tmp});")]
            if setter is not None:
                return [S.Line(f"{setter}({self.coerced(value, t.ty).code});")]
            target = self.load_attribute(t, for_store=True)
            out_lines: list[S.RStmt] = [S.Line(f"{target.e.code} = {self.coerced(value, t.ty).code};")]
            hint = self.field_hint(t)
            if hint is not None:
                out_lines.append(S.Line(f"{hint} = {target.e.code}.is_ascii();"))
            return out_lines
        if isinstance(t, N.Subscript) and shared_container(t.value) is not None:
            container = shared_container(t.value)
            assert container is not None
            lets, place, new_value = self.hoist_operands(t, container, value, value_first=True)
            return lets + self.through_shared(container, place, lambda local: self.assign_one(local, new_value, False))
        if isinstance(t, N.Subscript):
            bt = R(t.value.ty)
            self.mark_mut_expr(t.value)
            pre: list[S.RStmt] = []
            base = self.store_base(t.value, pre) if isinstance(bt, T.ListT) else self.expr(t.value)
            if pre:
                self.bind_temp(base.e.code, t.value.ty, mode="place")
                try:
                    return pre + self.assign_one(N.Subscript(N.Name(base.e.code, t.value.ty, t.value.span), t.index,
                                                             t.ty, t.span), value, top, clone_src)
                finally:
                    self.unbind_temp(base.e.code)
            if isinstance(bt, T.ArrayT):
                from transpiler.codegen.rust import emit_numpy
                return emit_numpy.store(self, t, base, value)
            if isinstance(bt, T.ListT):
                if isinstance(t.index, N.Slice):
                    sl = t.index
                    if sl.step is not None:
                        raise Refused(t.span, "slice assignment with a step is not supported yet")
                    flip_at = reversed_prefix_index(t, value)
                    if flip_at is not None:
                        return [S.Line(f"pyrt::list::reverse_prefix({self.borrow_mut(base).code}, "
                                       f"{self.int_val(flip_at).code});")]

                    def bound(x: N.Expr | None) -> str:
                        return "None" if x is None else f"Some({self.int_val(x).code})"

                    items = self.iter_code(value, owned=True)[0]
                    tmp = self.fresh("s")
                    return [S.Line(f"let {tmp}: Vec<{rust_type(bt.elem)}> = {chainable(items)}"
                                   f".collect();"),
                            S.Line(f"pyrt::list::set_slice({self.borrow_mut(base).code}, {bound(sl.lower)}, "
                                   f"{bound(sl.upper)}, {tmp});")]
                cv = self.coerced(value, bt.elem)
                idx = self.index_code(t.index, base)
                if "norm_index" in idx:
                    tmp = self.fresh("i")
                    return [S.Line(f"let {tmp} = {idx};"), S.Line(f"{base.e.at(S.UNARY + 1)}[{tmp}] = {cv.code};")]
                return [S.Line(f"{base.e.at(S.UNARY + 1)}[{idx}] = {cv.code};")]
            if isinstance(bt, T.DictT):
                k = self.coerced(t.index, bt.key)
                cv = self.coerced(value, bt.value)
                return [S.Line(f"{base.e.at(S.UNARY + 1)}.insert({k.code}, {cv.code});")]
            raise Refused(t.span, f"item assignment on {bt.show()}")
        if isinstance(t, N.TupleLit | N.ListLit):
            return self.unpack(t, value)
        raise Refused(t.span, "unsupported assignment target")

    def hoist_operands(self, place: N.Expr, container: N.Attribute, value: N.Expr | None, value_first: bool = False
                       ) -> tuple[list[S.RStmt], N.Expr, N.Expr]:
        """Evaluate the indices on `place` below `container` and `value` into locals (unless they are constants
        or names already): a container inside a shared object is borrowed mutably only after everything the
        statement reads is read. Returns the `let`s, the place and the value on those locals."""
        lets: list[S.RStmt] = []

        def local(x: N.Expr) -> N.Expr:
            return self.hoist_expr(x, lets)

        def rebuild(e: N.Expr) -> N.Expr:
            chain: list[N.Subscript] = []  # the subscripts from the place down to the container
            while e is not container and isinstance(e, N.Subscript):
                chain.append(e)
                e = e.value
            for sub in reversed(chain):  # innermost index first, as Python evaluates them
                e = N.Subscript(e, local(sub.index), sub.ty, sub.span)
            return e

        if value_first:  # `xs[i] = v` evaluates v first; `xs[i] += v` evaluates xs[i] first
            new_value = local(value) if value is not None else N.Const(None, T.NONE, place.span)
            new_place = rebuild(place)
        else:
            new_place = rebuild(place)
            new_value = local(value) if value is not None else N.Const(None, T.NONE, place.span)
        return lets, new_place, new_value

    def hoist_expr(self, x: N.Expr, lets: list[S.RStmt]) -> N.Expr:
        """x itself when it is a constant or a name, else a new local holding its value (its `let` appended)."""
        if _trivial(x) or isinstance(x, N.Slice):
            return x
        tmp = self.fresh("k")
        saved, self.pure_stmt = self.pure_stmt, self.runs_no_user_code(N.ExprStmt(x, x.span))
        try:
            code = self.val(x).code
        finally:
            self.pure_stmt = saved
        lets.append(S.Line(f"let {tmp} = {code};"))
        self.scopes[-1][tmp] = Var(tmp, x.ty, "owned")  # lives to the end of the enclosing block
        return N.Name(tmp, x.ty, x.span)

    def through_shared(self, container: N.Attribute, target: N.Expr,
                       then: Callable[[N.Expr], list[S.RStmt]]) -> list[S.RStmt]:
        """Mutate `target`, a place inside the container field of a shared object, in a block that borrows
        the object once: `{ let mut o = obj.0.borrow_mut(); let xs = &mut o.f; <then(target on xs)> }`.
        Everything the statement reads was read before (operands are locals): nothing else borrows it."""
        owner = shared_class(container.value.ty)
        assert owner is not None
        obj = self.expr(self.deopt(container.value, "AttributeError",
                                   f"'NoneType' object has no attribute '{container.attr}'")).e.at(S.UNARY + 1)
        local = self.fresh(snake(container.attr).removeprefix("r#"))
        self.scopes.append({local: Var(local, container.ty, "refmut")})
        try:
            inner = then(_replace_place(target, container, N.Name(local, container.ty, container.span)))
        finally:
            self.scopes.pop()
        field = shared_field_name(self.program, owner, container.attr)
        return [S.Line("{\n" + f"let mut {local}_obj = {obj}.0.borrow_mut();\n"
                       f"let {local} = &mut {local}_obj.{field};\n" + S.render_block(inner) + "\n}")]

    def through_shared_expr(self, container: N.Attribute, target: N.Expr, then: Callable[[N.Expr], Val]) -> Val:
        """`through_shared` for an expression (a mutating method call): the block's value is the call's."""
        result: list[Val] = []

        def stmts(local_target: N.Expr) -> list[S.RStmt]:
            result.append(then(local_target))
            return []

        block = self.through_shared(container, target, stmts)[0]
        assert isinstance(block, S.Line) and result
        text = block.text.removesuffix("\n}") + f"\n{self.owned(result[0]).code}\n}}"
        return Val(S.RExpr(text), result[0].ty, "owned")

    def unpack(self, t: N.TupleLit | N.ListLit, value: N.Expr) -> list[S.RStmt]:
        vt = R(value.ty)
        tmp = self.fresh("u")
        code = self.val(value).code
        if isinstance(value, N.ListLit):
            code = _vec_display_as_array(code)  # a list display that is only unpacked: an array
        out: list[S.RStmt] = [S.Line(f"let {tmp} = {code};")]
        star = [i for i, e in enumerate(t.elts) if isinstance(e, N.Starred)]
        if isinstance(vt, T.TupleT):
            for i, (el, et) in enumerate(zip(t.elts, vt.elems, strict=True)):
                # each element is read exactly once: big ints and arrays move out of the tuple instead of
                # being copied
                self.bind_temp(f"{tmp}.{i}", et, rust=f"{tmp}.{i}",
                               mode="moved" if isinstance(R(et), T.BigIntT | T.ArrayT) else "owned")
                out.extend(self.assign_one(el, N.Name(f"{tmp}.{i}", et, el.span), False))
                self.unbind_temp(f"{tmp}.{i}")
            return out
        if isinstance(vt, T.ListT):
            n = len(t.elts)
            clone = "" if is_copy(vt.elem) else ".clone()"
            if star:
                si = star[0]
                after = n - si - 1
                if n > 1:
                    short = f"{tmp}.is_empty()" if n == 2 else f"{tmp}.len() < {n - 1}"
                    out.append(S.Line(f'if {short} {{ pyrt::raise("ValueError", format!('
                                      f'"not enough values to unpack (expected at least {n - 1}, got {{}})", '
                                      f'{tmp}.len())); }}'))
                for i, el in enumerate(t.elts):
                    if i < si:
                        code = f"{tmp}[{i}]{clone}"
                        ety = vt.elem
                    elif i == si:
                        end = f"..{tmp}.len() - {after}" if after else ".."
                        code = f"{tmp}[{si}{end}].to_vec()"
                        ety = vt
                        el = el.value if isinstance(el, N.Starred) else el
                    else:
                        code = f"{tmp}[{tmp}.len() - {n - i}]{clone}"
                        ety = vt.elem
                    nm = self.fresh("e")
                    out.append(S.Line(f"let {nm} = {code};"))
                    self.bind_temp(nm, ety)
                    out.extend(self.assign_one(el, N.Name(nm, ety, el.span), False))
                    self.unbind_temp(nm)
                return out
            out.append(S.Line(f'if {tmp}.len() > {n} {{ pyrt::raise("ValueError", '
                              f'"too many values to unpack (expected {n})"); }}'))
            out.append(S.Line(f'if {tmp}.len() < {n} {{ pyrt::raise("ValueError", format!('
                              f'"not enough values to unpack (expected {n}, got {{}})", {tmp}.len())); }}'))
            for i, el in enumerate(t.elts):
                nm = self.fresh("e")
                out.append(S.Line(f"let {nm} = {tmp}[{i}]{clone};"))
                self.bind_temp(nm, vt.elem)
                out.extend(self.assign_one(el, N.Name(nm, vt.elem, el.span), False))
                self.unbind_temp(nm)
            return out
        raise Refused(t.span, f"unpacking {vt.show()}")

    def s_AugAssign(self, s: N.AugAssign) -> list[S.RStmt]:
        t = s.target
        tt = R(t.ty)
        binop = N.BinOp(t, s.op, s.value, t.ty if not (isinstance(tt, T.IntT) and s.op == "/") else T.FLOAT,
                        s.span)
        if isinstance(t, N.Subscript) and isinstance(R(t.value.ty), T.ArrayT):
            return self.assign_one(t, binop, False)
        simple_ops = {"+", "-", "*", "&", "|", "^"}
        if isinstance(t, N.Name):
            var = self.lookup_var(t.id)
            if isinstance(tt, T.IntT | T.FloatT) and s.op in simple_ops and var is not None \
                    and var.mode == "owned" and isinstance(R(s.value.ty), T.IntT | T.FloatT | T.BoolT):
                self.mark_mut(t.id)
                return [S.Line(f"{var.rust} {s.op}= {self.coerced(s.value, tt).code};")]
            if isinstance(tt, T.StrT) and s.op == "+" and var is not None and var.mode == "owned":
                self.mark_mut(t.id)
                return [S.Line(f"{var.rust}.push_str({self.borrow(self.expr(s.value)).code});")]
            if isinstance(tt, T.ListT) and s.op == "+" and var is not None and var.mode in ("owned", "refmut"):
                self.mark_mut(t.id)
                return [S.Line(f"{var.rust}.extend({self.iter_code(s.value, owned=True)[0]});")]
            return [S.Line(self.store_name(t.id, None, self.owned(self.expr(binop))))]
        if isinstance(t, N.Attribute) and isinstance(R(t.value.ty), T.ClassRefT):
            return self.store_class_var(t, self.owned(self.expr(binop)))
        if isinstance(t, N.Attribute) and shared_class(t.value.ty) is not None and not _trivial(t.value):
            # `f().x += v`: the object once, into a local handle, as Python evaluates it once
            lets: list[S.RStmt] = []
            obj = self.hoist_expr(t.value, lets)
            return lets + self.s_AugAssign(N.AugAssign(N.Attribute(obj, t.attr, t.ty, t.span), s.op, s.value,
                                                       s.span))
        if isinstance(t, N.Subscript) and shared_container(t.value) is not None:
            # `o.xs[i] op= v` on a shared o: operands into locals, then the update in place under one borrow
            container = shared_container(t.value)
            assert container is not None
            lets, item, operand = self.hoist_operands(t, container, s.value)
            return lets + self.through_shared(container, item, lambda local: self.s_AugAssign(
                N.AugAssign(local, s.op, operand, s.span)))
        if isinstance(t, N.Subscript) and isinstance(R(t.value.ty), T.DictT):
            dt = R(t.value.ty)
            assert isinstance(dt, T.DictT)
            self.mark_mut_expr(t.value)
            if dt.factory is None and isinstance(tt, T.IntT | T.FloatT) and s.op in simple_ops \
                    and isinstance(t.value, N.Name) \
                    and isinstance(t.index, N.Name | N.Const) and isinstance(s.value, N.Name | N.Const) \
                    and isinstance(R(s.value.ty), T.IntT | T.FloatT | T.BoolT):
                # `d[k] op= v` on a plain dict (not a defaultdict or Counter, which insert missing keys) with k and
                # v plain names or literals: one lookup, updated in place (the key keeps its position, as in
                # Python; a missing key raises KeyError)
                step_code = self.coerced(s.value, tt).code
                key = self.key_ref(t.index, dt.key).code
                dmut = self.borrow_mut(self.expr(t.value)).code
                return [S.Line(f"*pyrt::dict::get_mut({dmut}, {key}) {s.op}= {step_code};")]
            base = self.expr(t.value)
            rhs = self.owned(self.expr(binop))
            k = self.coerced(t.index, dt.key)
            tmp = self.fresh("n")
            return [S.Line(f"let {tmp} = {rhs.code};"), S.Line(f"{base.e.at(S.UNARY + 1)}.insert({k.code}, {tmp});")]
        if isinstance(t, N.Subscript | N.Attribute):
            self.mark_mut_expr(t if isinstance(t, N.Attribute) else t.value)
            if isinstance(t, N.Subscript) and isinstance(R(t.value.ty), T.ListT):
                pre: list[S.RStmt] = []
                base = self.store_base(t.value, pre)
                if pre:
                    self.bind_temp(base.e.code, t.value.ty, mode="place")
                    try:
                        return pre + self.s_AugAssign(N.AugAssign(N.Subscript(
                            N.Name(base.e.code, t.value.ty, t.value.span), t.index, t.ty, t.span), s.op, s.value,
                            s.span))
                    finally:
                        self.unbind_temp(base.e.code)
                idx = self.index_code(t.index, base)
                if s.op in simple_ops and isinstance(tt, T.IntT | T.FloatT) \
                        and isinstance(R(s.value.ty), T.IntT | T.FloatT | T.BoolT) \
                        and not (isinstance(tt, T.IntT) and isinstance(R(s.value.ty), T.FloatT)):
                    rhs_code = self.coerced(s.value, tt).code
                    if "norm_index" in idx:
                        tmp = self.fresh("i")
                        return [S.Line(f"let {tmp} = {idx};"),
                                S.Line(f"{base.e.at(S.UNARY + 1)}[{tmp}] {s.op}= {rhs_code};")]
                    return [S.Line(f"{base.e.at(S.UNARY + 1)}[{idx}] {s.op}= {rhs_code};")]
                tmp = self.fresh("i")
                place = f"{base.e.at(S.UNARY + 1)}[{tmp}]"
                self.bind_temp(tmp + "_v", t.ty, rust=place)
                rhs = self.owned(self.expr(N.BinOp(N.Name(tmp + "_v", t.ty, t.span), s.op, s.value, binop.ty,
                                                   s.span)))
                self.unbind_temp(tmp + "_v")
                return [S.Line(f"let {tmp} = {idx};"), S.Line(f"{place} = {rhs.code};")]
            setter = self.property_setter(t) if isinstance(t, N.Attribute) else None
            if setter is not None:
                rhs = self.owned(self.expr(binop))
                tmp = self.fresh("n")
                return [S.Line(f"let {tmp} = {rhs.code};"), S.Line(f"{setter}({tmp});")]
            target = self.load_attribute(t, for_store=True) if isinstance(t, N.Attribute) else self.expr(t)
            rhs = self.owned(self.expr(binop))
            tmp = self.fresh("n")
            return [S.Line(f"let {tmp} = {rhs.code};"), S.Line(f"{target.e.code} = {tmp};")]
        raise Refused(s.span, "unsupported augmented assignment target")

    def s_If(self, s: N.If) -> list[S.RStmt]:
        # constant conditions fold (`if True:`, `if 0:`) so rustc sees no dead branches
        if isinstance(s.test, N.Const) and not isinstance(s.test.value, str | bytes):
            taken = s.body if s.test.value else s.orelse
            return [S.Block("", self.block(taken))] if taken else []
        branches: list[tuple[str, list[S.RStmt]]] = [(self.condition(s.test), self.block(s.body))]
        orelse: tuple[N.Stmt, ...] = s.orelse
        while len(orelse) == 1 and isinstance(orelse[0], N.If) and not (
                isinstance(orelse[0].test, N.Const)):
            nxt = orelse[0]
            branches.append((self.condition(nxt.test), self.block(nxt.body)))
            orelse = nxt.orelse
        return [S.IfChain(branches, self.block(orelse) if orelse else None)]

    def condition(self, test: N.Expr) -> str:
        """The Rust condition of an `if`/`while`: a temporary scope of its own, so a test that runs no user
        code reads fields of shared objects in place (the borrows end before the branch runs)."""
        saved, self.pure_stmt = self.pure_stmt, self.runs_no_user_code(N.ExprStmt(test, test.span))
        try:
            return self.truthy(test).code
        finally:
            self.pure_stmt = saved

    def s_While(self, s: N.While) -> list[S.RStmt]:
        self.loop_depth += 1
        try:
            body = self.block(s.body)
        finally:
            self.loop_depth -= 1
        if isinstance(s.test, N.Const) and s.test.value is True:
            head = "loop"
        else:
            head = f"while {self.condition(s.test)}"
        if s.orelse:
            return self.loop_with_else(head, body, s.orelse)
        return [S.Block(head, body)]

    def loop_with_else(self, head: str, body: list[S.RStmt], orelse: tuple[N.Stmt, ...]) -> list[S.RStmt]:
        flag = self.fresh("broke")
        text = S.render_block(body)
        if "break;" not in text:
            return [S.Block(head, body)] + self.block(orelse)
        text = text.replace("break;", f"{{ {flag} = true; break; }}")
        return [S.Line(f"let mut {flag} = false;"), S.Line(f"{head} {{\n{text}\n}}"),
                S.IfChain([(f"!{flag}", self.block(orelse))])]

    def s_For(self, s: N.For) -> list[S.RStmt]:
        _refuse_iter_keywords(s.iter)
        it_t = R(s.iter.ty)
        if isinstance(s.target, N.Name) and isinstance(it_t, T.ListT) and not is_copy(it_t.elem) \
                and isinstance(s.iter, N.Name | N.Attribute) and self.lookup_var(s.target.id) is None \
                and mutates_name(self.program, s.body, s.target.id):
            # Python's loop variable is the element itself: mutate it in place
            self.mark_mut_expr(s.iter)
            base = self.expr(s.iter)
            rn = snake(s.target.id)
            self.scopes[-1][s.target.id] = Var(rn, it_t.elem, "refmut")
            self.loop_depth += 1
            try:
                body = self.block(s.body)
            finally:
                self.loop_depth -= 1
                self.scopes[-1].pop(s.target.id, None)
            head = f"for {rn} in {base.e.at(S.UNARY + 1)}.iter_mut()"
            if s.orelse:
                return self.loop_with_else(head, body, s.orelse)
            return [S.Block(head, body)]
        if isinstance(s.target, N.Name) and isinstance(it_t, T.ListT) and isinstance(s.iter, N.Name | N.Attribute) \
                and self._body_mutates_iter_owner(s):
            return self.index_loop(s, it_t)
        if isinstance(s.iter, N.Call) and isinstance(s.iter.func, N.Name) and s.iter.func.id == "enumerate" \
                and len(s.iter.args) == 1 and isinstance(s.iter.args[0], N.Name | N.Attribute) \
                and isinstance(R(s.iter.args[0].ty), T.ListT) and isinstance(s.target, N.TupleLit) \
                and len(s.target.elts) == 2 and all(isinstance(x, N.Name) for x in s.target.elts):
            inner = N.For(s.target.elts[1], s.iter.args[0], s.body, s.orelse, s.span)
            if self._body_mutates_iter_owner(inner):
                lt = R(s.iter.args[0].ty)
                assert isinstance(lt, T.ListT) and isinstance(s.target.elts[0], N.Name)
                return self.index_loop(inner, lt, index_name=s.target.elts[0].id)
        it_code, item_t, item_kind = self.iter_code(s.iter, owned=False)
        if isinstance(s.target, N.Name) and item_kind == "owned" and it_code.endswith(".copied()") \
                and is_copy(item_t) and not isinstance(R(item_t), T.TupleT) and self.lookup_var(s.target.id) is None \
                and s.target.id not in assigned_names(s.body):
            # `for &k in xs.iter()` copies each item as `.copied()` would, and clippy does not flag a body that
            # only borrows k (unnecessary_to_owned)
            it_code, item_kind = it_code.removesuffix(".copied()"), "ref"
        before = set(self.scopes[-1])
        pattern, pre = self.for_target(s.target, item_t, item_kind)
        loop_bound = set(self.scopes[-1]) - before
        nonneg = self.range_nonneg(s.iter)
        if nonneg and isinstance(s.target, N.Name):
            self.nonneg_vars.add(s.target.id)
        movable: set[int] = set()
        if isinstance(s.target, N.Name) and s.target.id in loop_bound and not pre \
                and self.scopes[-1][s.target.id].mode == "owned" and not is_copy(item_t):
            movable = {id(a) for a in _tail_appends(s.body, s.target.id)}
            self.movable_args |= movable
        self.loop_depth += 1
        try:
            body = pre + self.block(s.body)
        finally:
            self.loop_depth -= 1
            for nm in loop_bound:
                self.scopes[-1].pop(nm, None)
            if isinstance(s.target, N.Name):
                self.nonneg_vars.discard(s.target.id)
            self.movable_args -= movable
        if s.orelse:
            return self.loop_with_else(f"for {pattern} in {it_code}", body, s.orelse)
        return [S.Block(f"for {pattern} in {it_code}", body)]

    def _body_mutates_iter_owner(self, s: N.For) -> bool:
        root = s.iter
        while isinstance(root, N.Attribute | N.Subscript):
            root = root.value
        if not isinstance(root, N.Name):
            return False
        if self.lookup_var(root.id) is not None and self.lookup_var(root.id).mode == "self":  # type: ignore[union-attr]
            return mutates_name(self.program, s.body, root.id)
        return mutates_name(self.program, s.body, root.id)

    def index_loop(self, s: N.For, it_t: T.ListT, index_name: str | None = None) -> list[S.RStmt]:
        """`for x in xs` as Python runs it: index by index, re-reading the length, so the body may change xs."""
        assert isinstance(s.target, N.Name)
        idx = self.fresh("i")
        base = self.expr(s.iter)
        b = base.e.at(S.UNARY + 1)
        item = self.owned(Val(S.RExpr(f"{b}[{idx}]"), it_t.elem, "place"))
        pre: list[S.RStmt] = []
        if index_name is not None:
            if self.lookup_var(index_name) is None:
                rn = snake(index_name) if index_name in self.reads else "_" + snake(index_name)
                self.scopes[-1][index_name] = Var(rn, T.INT, "owned")
                pre.append(S.Line(f"let {rn} = {idx} as i64;"))
            else:
                pre.append(S.Line(self.store_name(index_name, None, S.RExpr(f"{idx} as i64"))))
        existing = self.lookup_var(s.target.id)
        if existing is None:
            rn = snake(s.target.id) if s.target.id in self.reads else "_" + snake(s.target.id)
            self.scopes[-1][s.target.id] = Var(rn, it_t.elem, "owned")
            pre.append(S.Line(f"let {rn} = {item.code};"))
        else:
            self.bind_temp(idx + "_v", it_t.elem, rust=item.code)
            self.scopes[-1][idx + "_v"].mode = "owned"
            pre.append(S.Line(self.store_name(s.target.id, N.Name(idx + "_v", it_t.elem, s.span))))
            self.unbind_temp(idx + "_v")
        pre.append(S.Line(f"{idx} += 1;"))
        self.loop_depth += 1
        try:
            body = pre + self.block(s.body)
        finally:
            self.loop_depth -= 1
            if existing is None:
                self.scopes[-1].pop(s.target.id, None)
        head = f"while {idx} < {b}.len()"
        out: list[S.RStmt] = [S.Line(f"let mut {idx} = 0;")]
        if s.orelse:
            return out + self.loop_with_else(head, body, s.orelse)
        return out + [S.Block(head, body)]

    def range_nonneg(self, it: N.Expr) -> bool:
        if isinstance(it, N.Call) and isinstance(it.func, N.Name) and it.func.id == "range":
            if len(it.args) == 1:
                return True
            if len(it.args) >= 2:
                a0 = it.args[0]
                step_ok = len(it.args) == 2 or (isinstance(it.args[2], N.Const) and isinstance(
                    it.args[2].value, int) and it.args[2].value > 0)
                return step_ok and isinstance(a0, N.Const) and isinstance(a0.value, int) and a0.value >= 0
        return False

    def for_target(self, t: N.Expr, item_t: T.Type, kind: str, fresh: bool = False) -> tuple[str, list[S.RStmt]]:
        """The Rust pattern for a for-target, plus statements that store into hoisted variables. `fresh`: the
        target binds new names whatever the enclosing scopes hold (a comprehension's own variables)."""
        if isinstance(t, N.Name):
            existing = None if fresh else self.lookup_var(t.id)
            if existing is None:
                rname = snake(t.id)
                if t.id not in self.reads:
                    rname = "_" + rname.lstrip("_")
                mode = "owned" if kind == "owned" else "ref"
                if is_copy(item_t) and kind != "owned":
                    mode = "owned"
                    v = Var(rname, item_t, "loop")
                    v.mode = "owned"
                    self.scopes[-1][t.id] = v
                    return (f"&{rname}" if kind == "ref" else rname), []
                v = Var(rname, item_t, mode)
                self.scopes[-1][t.id] = v
                return rname, []
            tmp = self.fresh("it")
            self.bind_temp(tmp, item_t)
            self.scopes[-1][tmp].mode = "owned" if kind == "owned" else "ref"
            line = self.store_name(t.id, N.Name(tmp, item_t, t.span))
            self.unbind_temp(tmp)
            return tmp, [S.Line(line)]
        if isinstance(t, N.TupleLit):
            it = R(item_t)
            if not isinstance(it, T.TupleT) or len(it.elems) != len(t.elts):
                raise Refused(t.span, "cannot unpack the loop item")
            pats: list[str] = []
            pre: list[S.RStmt] = []
            if kind == "enum_ref":
                p0, extra0 = self.for_target(t.elts[0], it.elems[0], "owned", fresh)
                p1, extra1 = self.for_target(t.elts[1], it.elems[1], "ref", fresh)
                return f"({p0}, {p1})", extra0 + extra1
            sub_kind = kind
            for el, et in zip(t.elts, it.elems, strict=True):
                p, extra = self.for_target(el, et, "owned" if sub_kind == "owned" else "ref", fresh)
                if p.startswith("&"):
                    p = p[1:]
                    self.scopes[-1][el.id if isinstance(el, N.Name) else ""] = Var(p, et, "owned") \
                        if kind == "owned" else self.scopes[-1].get(el.id if isinstance(el, N.Name) else "",
                                                                   Var(p, et, "ref"))
                pats.append(p)
                pre.extend(extra)
            pat = "(" + ", ".join(pats) + ")"
            if kind == "ref":
                # iterating by reference over tuples: destructure the reference, copy Copy fields
                fixes: list[S.RStmt] = []
                for el, et in zip(t.elts, it.elems, strict=True):
                    # only names the pattern binds itself; one stored into an existing variable already is a value
                    fv = self.lookup_var(el.id) if isinstance(el, N.Name) else None
                    if fv is None or fv.rust not in pats:
                        continue
                    if is_copy(et):
                        if fv.mode in ("owned", "loop"):
                            fixes.append(S.Line(f"let {fv.rust} = *{fv.rust};"))
                            fv.mode = "owned"
                    else:
                        fv.mode = "ref"
                return pat, fixes + pre
            return pat, pre
        raise Refused(t.span, "unsupported loop target")

    # ------------------------------------------------------------ iteration

    def iter_code(self, e: N.Expr, owned: bool) -> tuple[str, T.Type, str]:
        """(Rust iterator expression, item type, item kind: owned|ref) for a Python iterable."""
        if isinstance(R(e.ty), T.OptionalT):
            e = self.deopt(e, "TypeError", "'NoneType' object is not iterable")
        t = R(e.ty)
        if isinstance(e, N.Call) and isinstance(e.func, N.Name) and self.lookup_var(e.func.id) is None:
            name = e.func.id
            _refuse_iter_keywords(e)
            if name == "range":
                args = [self.int_val(a) for a in e.args]
                if len(args) == 1:
                    return f"0..{args[0].at(S.RANGE + 1)}", T.INT, "owned"
                if len(args) == 2:
                    return f"{args[0].at(S.RANGE + 1)}..{args[1].at(S.RANGE + 1)}", T.INT, "owned"
                step = e.args[2]
                if isinstance(step, N.Const) and isinstance(step.value, int) and step.value > 0:
                    return f"({args[0].at(S.RANGE + 1)}..{args[1].at(S.RANGE + 1)}).step_by({step.value})", \
                        T.INT, "owned"
                return f"pyrt::builtins::range({args[0].code}, {args[1].code}, {args[2].code})", T.INT, "owned"
            if name == "enumerate" and e.args:
                inner, it_t, kind = self.iter_code(e.args[0], owned)
                start = "0" if len(e.args) < 2 else self.int_val(e.args[1]).code
                return f"({start}i64..).zip({inner})" if start == "0" else f"({start}..).zip({inner})", \
                    T.TupleT((T.INT, it_t)), ("enum_ref" if kind == "ref" else kind)
            if name == "zip" and len(e.args) >= 2:
                parts = [self.iter_code(a, owned) for a in e.args]
                kinds = {p[2] for p in parts}
                if len(parts) == 2:
                    code = f"{parts[0][0]}.zip({parts[1][0]})"
                    if kinds == {"owned"} or kinds == {"ref"}:
                        return code, T.TupleT((parts[0][1], parts[1][1])), kinds.pop()
                # mixed kinds: own everything
                parts = [self.iter_code(a, True) for a in e.args]
                code = parts[0][0]
                for p in parts[1:]:
                    code = f"{code}.zip({p[0]})"
                if len(parts) > 2:
                    names = [f"z{i}" for i in range(len(parts))]
                    pat = "(" * (len(parts) - 1) + names[0] + ", " + "), ".join(names[1:]) + ")"
                    code += f".map(|{pat}| ({', '.join(names)}))"
                return code, T.TupleT(tuple(p[1] for p in parts)), "owned"
            if name == "reversed" and e.args:
                inner, it_t, kind = self.iter_code(e.args[0], owned)
                if isinstance(R(e.args[0].ty), T.ListT | T.StrT) or "..".join([""]) in inner:
                    return f"{inner}.rev()", it_t, kind
                return f"{inner}.collect::<Vec<_>>().into_iter().rev()", it_t, kind
        if isinstance(e, N.Call) and isinstance(e.func, N.Attribute) and not e.args \
                and e.func.attr in ("keys", "values", "items") and isinstance(R(e.func.value.ty), T.DictT):
            dt = R(e.func.value.ty)
            assert isinstance(dt, T.DictT)
            d = self.expr(e.func.value).e.at(S.UNARY + 1)
            if e.func.attr == "items":
                kc = "*k" if is_copy(dt.key) else "k.clone()"
                vc = "*v" if is_copy(dt.value) else "v.clone()"
                if owned or not (is_copy(dt.key) and is_copy(dt.value)):
                    return f"{d}.iter().map(|(k, v)| ({kc}, {vc}))", T.TupleT((dt.key, dt.value)), "owned"
                return f"{d}.iter().map(|(k, v)| (*k, *v))", T.TupleT((dt.key, dt.value)), "owned"
            et = dt.key if e.func.attr == "keys" else dt.value
            view = "keys" if e.func.attr == "keys" else "values"
            if is_copy(et) or owned:
                return f"{d}.{view}().{'copied' if is_copy(et) else 'cloned'}()", et, "owned"
            return f"{d}.{view}()", et, "ref"
        if isinstance(t, T.GenT):
            g = self.expr(e)
            if g.kind == "owned":
                return g.e.code, t.elem, "owned"
            self.mark_mut_expr(e)
            return f"{g.e.at(S.UNARY + 1)}.by_ref()", t.elem, "owned"
        if isinstance(t, T.ListT | T.IterT) and not isinstance(e, N.Name | N.Attribute | N.Subscript):
            if isinstance(t, T.IterT) or isinstance(e, N.Call | N.ListLit | N.Comprehension | N.BinOp):
                return f"{self.collect_iter(e).at(S.UNARY + 1)}.into_iter()", t.elem, "owned"
        if isinstance(t, T.ClassRefT):
            cls = self.program.find_class(t.name)
            if cls is not None and cls.kind == "enum":
                members = ", ".join(f"{camel(t.name)}::{enum_variant(m)}" for m in cls.enum_values)
                return f"[{members}].into_iter()", T.EnumT(t.name), "owned"
        v = self.expr(e)
        match t:
            case T.ListT(el) | T.IterT(el):
                if owned or is_copy(el):
                    if is_copy(el):
                        return f"{v.e.at(S.UNARY + 1)}.iter().copied()", el, "owned"
                    return f"{v.e.at(S.UNARY + 1)}.iter().cloned()", el, "owned"
                return f"{v.e.at(S.UNARY + 1)}.iter()", el, "ref"
            case T.DequeT(el):
                if is_copy(el) or owned:
                    return f"{v.e.at(S.UNARY + 1)}.iter().{'copied' if is_copy(el) else 'cloned'}()", el, "owned"
                return f"{v.e.at(S.UNARY + 1)}.iter()", el, "ref"
            case T.SetT(el):
                if is_copy(el) or owned:
                    return f"{v.e.at(S.UNARY + 1)}.iter().{'copied' if is_copy(el) else 'cloned'}()", el, "owned"
                return f"{v.e.at(S.UNARY + 1)}.iter()", el, "ref"
            case T.DictT(k, _):
                if is_copy(k) or owned:
                    return f"{v.e.at(S.UNARY + 1)}.keys().{'copied' if is_copy(k) else 'cloned'}()", k, "owned"
                return f"{v.e.at(S.UNARY + 1)}.keys()", k, "ref"
            case T.StrT():
                return f"{v.e.at(S.UNARY + 1)}.chars().map(String::from)", T.STR, "owned"
            case T.BytesT():
                return f"{v.e.at(S.UNARY + 1)}.iter().map(|b| *b as i64)", T.INT, "owned"
            case T.FileT():
                self.mark_mut_expr(e)
                return f"{v.e.at(S.UNARY + 1)}.lines()", T.STR, "owned"
            case T.AnyT():
                return f"{v.e.at(S.UNARY + 1)}.items().into_iter()", T.ANY, "owned"
            case T.TupleT(es):
                if es and all(R(x) == R(es[0]) for x in es):
                    items = ", ".join(self.owned(Val(S.RExpr(f"{v.e.at(S.UNARY + 1)}.{i}"), x, "place")).code
                                      for i, x in enumerate(es))
                    return f"[{items}].into_iter()", es[0], "owned"
            case T.ModuleT("sys.stdin"):
                return "pyrt::io::stdin_lines()", T.STR, "owned"

        raise Refused(e.span, f"cannot iterate over {t.show()}")

    def collect_iter(self, e: N.Expr) -> S.RExpr:
        """An owned Vec for any iterable-typed expression (lists pass through)."""
        t = R(e.ty)
        if isinstance(e, N.Comprehension):
            return self.comprehension(e)
        if isinstance(e, N.Call) and isinstance(e.func, N.Name) and e.func.id in ("map", "filter") \
                and self.lookup_var(e.func.id) is None:
            return self.map_filter(e)
        if isinstance(e, N.Call) and isinstance(t, T.IterT) and isinstance(e.func, N.Attribute) \
                and isinstance(R(e.func.value.ty), T.DictT):
            d = self.expr(e.func.value)
            dt = R(e.func.value.ty)
            assert isinstance(dt, T.DictT)
            if e.func.attr == "keys":
                return S.RExpr(f"{d.e.at(S.UNARY + 1)}.keys().cloned().collect::<Vec<{rust_type(dt.key)}>>()")
            if e.func.attr == "values":
                return S.RExpr(f"{d.e.at(S.UNARY + 1)}.values().cloned().collect::<Vec<{rust_type(dt.value)}>>()")
            if e.func.attr == "items":
                kc = "*k" if is_copy(dt.key) else "k.clone()"
                vc = "*v" if is_copy(dt.value) else "v.clone()"
                return S.RExpr(f"{d.e.at(S.UNARY + 1)}.iter().map(|(k, v)| ({kc}, {vc}))"
                               f".collect::<Vec<{rust_type(T.TupleT((dt.key, dt.value)))}>>()")
        if isinstance(t, T.GenT):
            code, it_t, _ = self.iter_code(e, owned=True)
            return S.RExpr(f"{chainable(code)}.collect::<Vec<{rust_type(it_t)}>>()")
        if isinstance(t, T.ListT) or isinstance(t, T.IterT) and isinstance(e, N.Name):
            return self.val(e)
        if isinstance(t, T.IterT) and isinstance(e, N.Call) and not (
                isinstance(e.func, N.Name) and e.func.id in ("range", "enumerate", "zip", "reversed")):
            return self.val(e)
        code, it_t, _ = self.iter_code(e, owned=True)
        return S.RExpr(f"{chainable(code)}.collect::<Vec<{rust_type(it_t)}>>()")

    def map_filter(self, e: N.Call) -> S.RExpr:
        assert isinstance(e.func, N.Name)  # the caller dispatches on the name `map` or `filter`
        is_map = e.func.id == "map"
        fn_e, src = e.args[0], e.args[1]
        code, it_t, _ = self.iter_code(src, owned=True)
        out_t = R(e.ty)
        assert isinstance(out_t, T.IterT)
        x = self.fresh("x")
        self.bind_temp(x, it_t)
        try:
            arg = N.Name(x, it_t, e.span)
            applied = N.Call(fn_e, (arg,), (), out_t.elem if is_map else T.BOOL, e.span)
            if isinstance(fn_e, N.Lambda):
                body = self.inline_lambda(fn_e, [arg])
            else:
                body = self.fe.call(applied).e if not isinstance(fn_e, N.Name) or self.lookup_var(fn_e.id) \
                    else self.call(applied).e
            if is_map:
                res = f"{chainable(code)}.map(|{x}| {body.code})"
            else:
                cond = body if isinstance(R(applied.ty), T.BoolT) else body
                res = f"{chainable(code)}.filter(|{x}| {{ let {x} = {x}.clone(); {cond.code} }})"
        finally:
            self.unbind_temp(x)
        return S.RExpr(f"{res}.collect::<Vec<{rust_type(out_t.elem)}>>()")

    def inline_lambda(self, lam: N.Lambda, args: list[N.Expr]) -> S.RExpr:
        ft = R(lam.ty)
        assert isinstance(ft, T.FuncT)
        lets = []
        for p, a, pt in zip(lam.params, args, ft.params, strict=True):
            rn = self.fresh(snake(p.name))
            lets.append(f"let {rn}: {rust_type(pt)} = {self.coerced(a, pt).code};")
            self.bind_temp(p.name, pt, rust=rn)
        try:
            body = self.coerced(lam.body, ft.ret)
        finally:
            for p in lam.params:
                self.unbind_temp(p.name)
        return S.RExpr("{ " + " ".join(lets) + " " + body.code + " }")

    def comprehension(self, e: N.Comprehension) -> S.RExpr:
        ct = R(e.ty)
        tmp = self.fresh("acc")
        if e.kind == "dict":
            assert isinstance(ct, T.DictT)
            init = f"let mut {tmp}: {rust_type(ct)} = pyrt::Dict::default();"
        elif e.kind == "set":
            assert isinstance(ct, T.SetT)
            init = f"let mut {tmp}: {rust_type(ct)} = pyrt::Set::default();"
        else:
            assert isinstance(ct, T.ListT | T.IterT)
            init = f"let mut {tmp}: Vec<{rust_type(ct.elem)}> = Vec::new();"
        self.scopes.append({})
        try:
            heads: list[tuple[str, list[S.RStmt], list[str]]] = []
            for g in e.generators:
                code, it_t, kind = self.iter_code(g.iter, owned=False)
                if isinstance(g.target, N.Name) and kind == "owned" and code.endswith(".copied()") \
                        and is_copy(it_t) and not isinstance(R(it_t), T.TupleT):
                    code, kind = code.removesuffix(".copied()"), "ref"  # `for &k in` (see s_For)
                pat, pre = self.for_target(g.target, it_t, kind, fresh=True)
                conds = [self.truthy(c).code for c in g.ifs]
                heads.append((f"for {pat} in {code}", pre, conds))
            if e.kind == "dict":
                assert isinstance(ct, T.DictT) and e.value is not None
                inner = f"{tmp}.insert({self.coerced(e.elt, ct.key).code}, {self.coerced(e.value, ct.value).code});"
            elif e.kind == "set":
                assert isinstance(ct, T.SetT)
                inner = f"{tmp}.insert({self.coerced(e.elt, ct.elem).code});"
            else:
                assert isinstance(ct, T.ListT | T.IterT)
                inner = f"{tmp}.push({self.coerced(e.elt, ct.elem).code});"
        finally:
            self.scopes.pop()
        body = inner
        for head, pre, conds in reversed(heads):
            for c in reversed(conds):
                body = f"if {c} {{ {body} }}"
            body = f"{head} {{ {S.render_block(pre)} {body} }}"
        return S.RExpr("{ " + init + " " + body + f" {tmp} }}")

    # ------------------------------------------------------------ try / with

    def s_Try(self, s: N.Try) -> list[S.RStmt]:
        if self.fn.node.is_generator:
            for n in walk(s):
                if isinstance(n, N.Return):
                    raise Refused(n.span, "`return` inside `try` in a generator is not supported yet")
            if s.finalbody:
                for part in s.body + tuple(x for h in s.handlers for x in h.body):
                    for y in walk(part):
                        if isinstance(y, N.Yield):
                            raise Refused(y.span, "`yield` inside a `try` that has a `finally` is not supported",
                                          "a generator abandoned at this yield would have to run the finally "
                                          "clause when it is closed; use try/except, or move the yield out")
        ret_t = R(self.fn.ret)
        flow_t = "()" if isinstance(ret_t, T.NoneT) or self.is_init or self.fn.node.is_generator else rust_type(ret_t)
        saved = (self.in_closure, self.flow_depth, self.flows_used)
        self.in_closure += 1
        self.flow_depth = self.loop_depth
        self.flows_used = set()
        final = bool(s.finalbody)
        try:
            body = self.block(s.body)
            res = self.fresh("r")
            arms = [f"Ok(pyrt::exc::Flow::Normal) => {{ {self.render_flow_block(self.block(s.orelse), final)} }}"]
            arms.append("Ok(flow) => " + ("flow," if final else "{ FLOW_DISPATCH }"))
            err = self.fresh("e")
            if not final:
                self.in_closure -= 1
            for h in s.handlers:
                arm = self.handler_arm(h, err, final)
                arms.append(arm)
                if not h.types or "BaseException" in h.types:
                    break
            else:
                arms.append(f"Err({err}) => pyrt::raise_err({err}),")
            if not final:
                self.in_closure += 1
            used = self.flows_used
        finally:
            self.in_closure, self.flow_depth, outer_used = saved
            self.flows_used = outer_used
        closure = (f"pyrt::try_catch(|| -> pyrt::exc::Flow<{flow_t}> {{\n"
                   f"{self.render_flow_block(body, True)}\n}})")
        gen = self.fn.node.is_generator  # the body may yield: an async block, polled under catch_unwind
        if gen:
            closure = f"pyrt::gen::try_flow::<(), _>(async {{\n{self.render_flow_block(body, True)}\n}}).await"
        dispatch = self.dispatch_flow(used)
        if not final:
            match = f"match {closure} {{\n" + "\n".join(arms).replace("FLOW_DISPATCH", dispatch) + "\n}"
            del res
            return [S.Line(match + ";" if not match.endswith("}") else match)]
        inner = f"match {closure} {{\n" + "\n".join(arms) + "\n}"
        outer = self.fresh("f")
        out: list[S.RStmt] = [
            S.Line(f"let {outer} = pyrt::gen::try_flow::<(), _>(async {{\n{inner}\n}}).await;" if gen else
                   f"let {outer} = pyrt::try_catch(|| -> pyrt::exc::Flow<{flow_t}> {{\n{inner}\n}});")]
        out.extend(self.block(s.finalbody))
        out.append(S.Line(f"match {outer} {{\nOk(flow) => {{ {dispatch} }}\nErr(e) => pyrt::raise_err(e),\n}}"))
        del res
        return out

    in_closure = 0
    flow_depth = 0
    flows_used: set[str] = set()

    def handler_arm(self, h: N.Handler, err: str, in_flow: bool) -> str:
        saved_exc = self.current_exc
        self.current_exc = err
        pre = ""
        pushed = False
        if h.name is not None:
            var = self.lookup_var(h.name)
            if var is None:
                # `raise X from e` keeps e only as __cause__, which never reaches the output
                used = any(isinstance(x, N.Name) and x.id == h.name for st in h.body
                           for x in walk(N.Raise(st.exc, None, st.span) if isinstance(st, N.Raise) else st))
                rn = snake(h.name) if used else "_" + snake(h.name).lstrip("_")
                self.scopes.append({h.name: Var(rn, T.EXC, "owned")})
                pushed = True
                pre = f"let {rn} = {err}.clone();"
            else:
                pre = self.store_name(h.name, None, S.RExpr(f"{err}.clone()"))
        body = self.block(h.body)
        if pushed:
            self.scopes.pop()
        self.current_exc = saved_exc
        hbody = self.render_flow_block(body, in_flow)
        pat = err if (err in pre or err in hbody) else "_"
        if not h.types or "BaseException" in h.types:
            return f"Err({pat}) => {{ {pre} {hbody} }}"
        cond = " || ".join(f"pyrt::exc_matches(&{err}, {lit_str(tn)})" for tn in h.types)
        return f"Err({err}) if {cond} => {{ {pre} {hbody} }}"

    def render_flow_block(self, body: list[S.RStmt], in_flow: bool) -> str:
        """A block inside a flow closure ends in `Flow::Normal` unless it already left."""
        text = S.render_block(body)
        if not in_flow:
            return text
        last = body[-1] if body else None
        if isinstance(last, S.Line) and last.text.startswith(("return ", "return;", "pyrt::raise", "break;",
                                                                 "continue;")):
            return text
        return text + "\npyrt::exc::Flow::Normal"

    def dispatch_flow(self, used: set[str]) -> str:
        """Re-issue a `return`/`break`/`continue` that a try closure reported."""
        arms = ["pyrt::exc::Flow::Normal => {}"]
        if "return" in used:
            arms.append(f"pyrt::exc::Flow::Return(v) => {{ {self.flow_return('v')} }}")
        if "break" in used:
            arms.append(f"pyrt::exc::Flow::Break => {{ {self.flow_jump('break')} }}")
        if "continue" in used:
            arms.append(f"pyrt::exc::Flow::Continue => {{ {self.flow_jump('continue')} }}")
        if len(arms) < 4:
            arms.append("_ => unreachable!()")
        return "match flow {\n" + ",\n".join(arms) + "\n}"

    def flow_return(self, value: str) -> str:
        if self.in_closure:
            self.flows_used.add("return")
            return f"return pyrt::exc::Flow::Return({value});"
        if self.is_init:
            return "return slf;"
        if isinstance(R(self.fn.ret), T.NoneT):
            return "return;"
        return f"return {value};"

    def flow_jump(self, kind: str) -> str:
        if self.in_closure and self.loop_depth <= self.flow_depth:
            self.flows_used.add(kind)
            return f"return pyrt::exc::Flow::{kind.capitalize()};"
        return f"{kind};"

    def s_With(self, s: N.With) -> list[S.RStmt]:
        if len(s.items) != 1:
            inner = N.With(s.items[1:], s.body, s.span)
            return self.s_With(N.With(s.items[:1], (inner,), s.span))
        item = s.items[0]
        ct = R(item.ctx.ty)
        out: list[S.RStmt] = []
        if isinstance(ct, T.FileT):
            if item.var is not None:
                out.extend(self.assign_one(item.var, item.ctx, False))
            else:
                out.append(S.Line(f"let _file = {self.val(item.ctx).code};"))
            body = self.block(s.body)
            out.append(S.Block("", body))
            if item.var is not None and isinstance(item.var, N.Name):
                v = self.lookup_var(item.var.id)
                if v is not None:
                    out.append(S.Line(f"{v.rust}.close();"))
                    self.mark_mut(item.var.id)
            return out
        if isinstance(ct, T.ClassT):
            cls = self.program.find_class(ct.name)
            if cls is None or "__enter__" not in cls.methods or "__exit__" not in cls.methods:
                raise Refused(item.span, f"`{ct.name}` is not a context manager")
            mgr = self.fresh("mgr")
            out.append(S.Line(f"let mut {mgr} = {self.val(item.ctx).code};"))
            entered = f"{mgr}.dunder_enter()"
            if item.var is not None:
                self.bind_temp(mgr + "_e", cls.methods["__enter__"].ret, rust=entered)
                self.scopes[-1][mgr + "_e"].mode = "owned"
                out.extend(self.assign_one(item.var, N.Name(mgr + "_e", cls.methods["__enter__"].ret, item.span),
                                           False))
                self.unbind_temp(mgr + "_e")
            else:
                out.append(S.Line(f"{entered};"))
            body = self.block(s.body)
            exit_m = cls.methods["__exit__"]
            nargs = len(exit_m.node.params) - 1
            args = ", ".join(["()"] * 0)
            del args
            if nargs != 3:
                raise Refused(item.span, "__exit__ must take (exc_type, exc_val, exc_tb)")
            out.append(S.Block("", body))
            if item.var is not None and isinstance(item.var, N.Name) \
                    and R(cls.methods["__enter__"].ret) == T.ClassT(ct.name):
                v = self.lookup_var(item.var.id)
                if v is not None:
                    out.append(S.Line(f"{mgr} = {v.rust}.clone();"))
            out.append(S.Line(f"let _ = {mgr}.dunder_exit((), (), ());"))
            return out
        raise Refused(item.span, f"`with` over {ct.show()}")

    def yield_(self, e: N.Yield) -> Val:
        if self.yield_buf is None:
            raise Refused(e.span, "`yield` outside a generator")
        rt = R(self.fn.ret)
        assert isinstance(rt, T.GenT)
        if e.value is None:
            return Val(S.RExpr(f"{self.yield_buf}.yield_(()).await"), T.NONE, "owned")
        if e.is_from:
            x = self.fresh("y")
            return Val(S.RExpr(f"for {x} in {self.iter_code(e.value, owned=True)[0]} {{ "
                               f"{self.yield_buf}.yield_({x}).await; }}"), T.NONE, "owned")
        return Val(S.RExpr(f"{self.yield_buf}.yield_({self.coerced(e.value, rt.elem).code}).await"), T.NONE, "owned")

    # ------------------------------------------------------------ attributes

    def property_setter(self, t: N.Attribute) -> str | None:
        """`obj.set_x` (to call with the value) when t stores to a property of a user class; a property
        without a setter is refused (Python raises AttributeError there)."""
        vt = R(t.value.ty)
        owner = shared_class(vt)
        if owner is not None and self.field_owner(owner, t.attr) is not None:
            value = self.deopt(t.value, "AttributeError", f"'NoneType' object has no attribute '{t.attr}'")
            return f"{self.expr(value).e.at(S.UNARY + 1)}.{shared_setter(self.program, owner, t.attr)}"
        if not isinstance(vt, T.ClassT):
            return None
        cls = self.program.find_class(vt.name)
        while cls is not None:
            if t.attr in cls.setters:
                base = self.expr(t.value)
                if base.kind == "ref":
                    raise Refused(t.span, "cannot mutate a value borrowed read-only here")
                return f"{base.e.at(S.UNARY + 1)}.{snake(cls.setters[t.attr])}"
            if t.attr in cls.methods and cls.methods[t.attr].is_property:
                raise Refused(t.span, f"property `{t.attr}` of `{vt.name}` has no setter")
            if t.attr in cls.fields:
                return None
            cls = self.program.find_class(cls.base) if cls.base else None
        return None

    def field_owner(self, cls: str, attr: str) -> ClassInfo | None:
        """The class of `cls`'s hierarchy declaring field `attr` (None for methods, properties, constants)."""
        for c in self.program.hierarchy(cls):
            if attr in c.fields:
                return c
        return None

    def shared_field(self, e: N.Attribute, owner: str, for_store: bool) -> Val:
        """`o.f` for a shared object o: an accessor call that borrows o for that one read; in place
        (`o.0.borrow().f`) for containers read by a statement that runs no user code; `o.0.borrow_mut().f`
        where the statement mutates the container."""
        value = self.deopt(e.value, "AttributeError", f"'NoneType' object has no attribute '{e.attr}'")
        base = self.expr(value).e.at(S.UNARY + 1)
        field = shared_field_name(self.program, owner, e.attr)
        if for_store or id(e) in self.shared_mut:
            return Val(S.RExpr(f"{base}.0.borrow_mut().{field}"), e.ty, "place")
        if self.pure_stmt and not is_copy(e.ty) and shared_class(e.ty) is None:
            return Val(S.RExpr(f"{base}.0.borrow().{field}"), e.ty, "place")
        return Val(S.RExpr(f"{base}.{shared_getter(self.program, owner, e.attr)}()"), e.ty, "owned")

    def class_name_of(self, obj: N.Expr) -> Val:
        """`type(obj).__name__`: the class of a hierarchy value from its tag, otherwise known statically."""
        ot = R(obj.ty)
        if isinstance(ot, T.ClassT):
            family = self.program.hierarchy(ot.name)
            if len(family) > 1:
                tag = f"{struct_name(self.program.root_of(ot.name))}Class"
                arms = " ".join(f'{tag}::{camel(c.name)} => "{c.name}",' for c in family)
                v = self.expr(obj)
                tag_of = ".class_()" if shared_class(ot) else ".class_"
                return Val(S.RExpr(f"match {v.e.at(S.UNARY + 1)}{tag_of} {{ {arms} }}"), T.STR, "ref")
            return Val(S.RExpr(lit_str(ot.name)), T.STR, "ref")
        if isinstance(ot, T.ExcT):
            v = self.expr(obj)
            return Val(S.RExpr(f"{v.e.at(S.UNARY + 1)}.kind.as_str()"), T.STR, "ref")
        names = {T.IntT: "int", T.FloatT: "float", T.StrT: "str", T.BoolT: "bool", T.ListT: "list",
                 T.DictT: "dict", T.SetT: "set", T.TupleT: "tuple", T.NoneT: "NoneType"}
        name = names.get(type(ot)) or (ot.name if isinstance(ot, T.EnumT) else None)
        if name is None:
            raise Refused(obj.span, "the class name of this value is not known here")
        return Val(S.RExpr(lit_str(name)), T.STR, "ref")

    def load_attribute(self, e: N.Attribute, for_store: bool = False) -> Val:
        subject = class_name_subject(e.value) if e.attr == "__name__" and not for_store else None
        if subject is not None:
            return self.class_name_of(subject)
        if isinstance(e.value, N.Name):
            var = self.lookup_var(e.value.id)
            if var is not None and var.mode == "subst" and var.place is not None:
                return self.load_attribute(N.Attribute(var.place, e.attr, e.ty, e.span), for_store)
        vt = R(e.value.ty)
        owner = shared_class(vt)
        if owner is not None and self.field_owner(owner, e.attr) is not None:
            return self.shared_field(e, owner, for_store)
        if isinstance(vt, T.ArrayT):
            from transpiler.codegen.rust import emit_numpy
            return emit_numpy.attribute(self, e)
        if isinstance(vt, T.ComplexT) and e.attr in ("real", "imag") and not for_store:
            return Val(S.field_of(self.val(e.value), {"real": "re", "imag": "im"}[e.attr]), T.FLOAT, "owned")
        if isinstance(vt, T.OptionalT):
            msg = f"'NoneType' object has no attribute '{e.attr}'"
            if for_store:
                self.mark_mut_expr(e.value)
                base = self.unwrap_mut(e.value, msg)
                return Val(S.field_of(base.e, snake(e.attr)), e.ty, "place")
            return self.load_attribute(N.Attribute(self.deopt(e.value, "AttributeError", msg), e.attr, e.ty,
                                                   e.span))
        if isinstance(vt, T.ModuleT):
            full = f"{vt.name}.{e.attr}"
            if vt.name == "math":
                return self.math_const(e.attr, e.span)
            if vt.name == "csv":
                from transpiler.codegen.rust import emit_io
                return emit_io.csv_const(e.attr, e.span)
            if full == "sys.argv":
                return Val(S.RExpr("pyrt::io::argv()"), e.ty, "owned")
            if full == "sys.maxsize":
                return Val(S.RExpr("i64::MAX"), T.INT, "owned")
            other = self.program.modules.get(vt.name)
            if other is not None and e.attr in other.globals:
                return self.load_global(other, e.attr, f"crate::{modpath(vt.name)}::")
            raise Refused(e.span, f"unsupported attribute `{full}`")
        if isinstance(vt, T.ClassRefT):
            cls = self.program.find_class(vt.name)
            if cls is not None and cls.kind == "enum":
                return Val(S.RExpr(f"{camel(vt.name)}::{enum_variant(e.attr)}"), e.ty, "owned")
            for c in self.program.ancestors(vt.name):
                if e.attr in c.class_vars:
                    from transpiler.codegen.rust.emit_module import class_const_name

                    const = class_const_name(self.program, c.name, e.attr)
                    if e.attr in c.assigned_class_vars:
                        return self.load_class_var(c, e.attr, e.ty)
                    if not is_copy(e.ty) and not isinstance(R(e.ty), T.StrT):
                        return Val(S.RExpr(f"{struct_name(c.name)}::{const.lower()}()"), e.ty, "ref")
                    return Val(S.RExpr(f"{struct_name(c.name)}::{const}"),
                               e.ty, "ref" if isinstance(R(e.ty), T.StrT) else "owned")
        if isinstance(vt, T.EnumT):
            base = self.expr(e.value)
            if e.attr == "value":
                return Val(S.method(base.e, "value"), e.ty, "ref" if isinstance(R(e.ty), T.StrT) else "owned")
            if e.attr == "name":
                return Val(S.method(base.e, "name"), T.STR, "ref")
        if isinstance(vt, T.ClassT):
            if for_store and isinstance(e.value, N.Subscript) and isinstance(R(e.value.value.ty), T.ListT) \
                    and not isinstance(e.value.index, N.Slice):
                self.mark_mut_expr(e.value.value)
                lst = self.expr(e.value.value)
                base = Val(S.call("pyrt::list::get_mut", self.borrow_mut(lst), self.int_val(e.value.index)), vt,
                           "refmut")
                return Val(S.field_of(base.e, snake(e.attr)), e.ty, "place")
            if for_store and isinstance(e.value, N.Subscript) and isinstance(R(e.value.value.ty), T.DictT):
                dt = R(e.value.value.ty)
                assert isinstance(dt, T.DictT)
                self.mark_mut_expr(e.value.value)
                d = self.expr(e.value.value)
                base = Val(S.call("pyrt::dict::get_mut", self.borrow_mut(d), self.key_ref(e.value.index, dt.key)),
                           vt, "refmut")
                return Val(S.field_of(base.e, snake(e.attr)), e.ty, "place")
            base = self.expr(e.value)
            cls = self.program.find_class(vt.name)
            if cls is not None:
                c2: ClassInfo | None = cls
                while c2 is not None:
                    if e.attr in c2.methods and c2.methods[e.attr].is_property:
                        return Val(S.method(base.e, snake(e.attr)), e.ty, "owned")
                    if e.attr in c2.class_vars and e.attr not in c2.fields:
                        from transpiler.codegen.rust.emit_module import class_const_name

                        if e.attr in c2.assigned_class_vars:
                            return self.load_class_var(c2, e.attr, e.ty)
                        if not is_copy(e.ty) and not isinstance(R(e.ty), T.StrT):
                            cn = class_const_name(self.program, c2.name, e.attr).lower()
                            return Val(S.RExpr(f"{struct_name(c2.name)}::{cn}()"), e.ty, "ref")
                        return Val(S.RExpr(f"{struct_name(c2.name)}::"
                                           f"{class_const_name(self.program, c2.name, e.attr)}"), e.ty,
                                   "ref" if isinstance(R(e.ty), T.StrT) else "owned")
                    c2 = self.program.find_class(c2.base) if c2.base else None
            return Val(S.field_of(base.e, snake(e.attr)), e.ty, "place")
        if isinstance(vt, T.ExcT) and e.attr == "args":
            base = self.expr(e.value)
            return Val(S.RExpr(f"({base.e.at(S.UNARY + 1)}.msg.clone(),)"), e.ty, "owned")
        if isinstance(vt, T.FileT) and e.attr == "name":
            base = self.expr(e.value)
            return Val(S.method(base.e, "name"), T.STR, "owned")
        raise Refused(e.span, f"unsupported attribute `.{e.attr}` on {vt.show()}")

    # ------------------------------------------------------------ calls

    def call(self, e: N.Call) -> Val:
        from transpiler.codegen.rust.emit_call import emit_call

        return emit_call(self, e)

    def arg_for_param(self, info: FuncInfo, index: int, arg: N.Expr) -> S.RExpr:
        """The Rust argument passing `arg` to parameter `index` of `info`, by its passing mode."""
        p = info.node.params[index]
        pt = info.param_types[index]
        mode = param_mode_of(info, index)
        if isinstance(R(arg.ty), T.OptionalT) and not isinstance(R(pt), T.OptionalT):
            arg = self.deopt(arg)
        if mode == "owned":
            return self.coerced(arg, pt)
        if isinstance(R(pt), T.FuncT):
            v = self.expr(arg)
            if isinstance(arg, N.Lambda):
                return S.unary("&", v.e)
            if v.kind in ("ref", "refmut"):
                return v.e
            if isinstance(arg, N.Name) and self.is_function_name(arg.id):
                return S.unary("&", v.e)
            return S.unary("&", v.e)
        if isinstance(arg, N.ListLit) or isinstance(R(arg.ty), T.IntT) and isinstance(R(pt), T.FloatT):
            v = Val(self.coerced(arg, pt), pt, "owned")
        else:
            v = self.expr(arg)
        if mode == "refmut":
            self.mark_mut_expr(arg)
            if v.kind == "owned":
                return S.unary("&mut ", v.e)
            return self.borrow_mut(v)
        del p
        if isinstance(arg, N.ListLit) and v.kind == "owned" and borrowed_param_type(pt, False).startswith("&["):
            return S.RExpr("&" + _vec_display_as_array(v.e.code))  # a list display read through a slice: an array
        return self.borrow(v)


def _vec_display_as_array(code: str) -> str:
    """`vec![a, b]` as the array `[a, b]` when the whole of `code` is that one `vec![...]` (its first bracket
    closes at the end, string and char literals skipped); any other code unchanged."""
    if not code.startswith("vec![") or not code.endswith("]"):
        return code
    depth = 0
    i = 4
    while i < len(code):
        c = code[i]
        if c == '"':
            i += 1
            while i < len(code) and code[i] != '"':
                i += 2 if code[i] == "\\" else 1
        elif c == "'" and i + 2 < len(code) and (code[i + 2] == "'" or code[i + 1] == "\\"):
            i = code.index("'", i + 2)
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return code[4:] if i == len(code) - 1 else code
        i += 1
    return code


def _indexed_strings(fn: N.FunctionDef) -> set[str]:
    """Names of str variables the function indexes with `s[i]`."""
    out: set[str] = set()
    for n in body_nodes(fn.body):
        if isinstance(n, N.Subscript) and isinstance(n.value, N.Name) and not isinstance(n.index, N.Slice) \
                and isinstance(R(n.value.ty), T.StrT):
            out.add(n.value.id)
    return out


def _same_root(e: N.Expr, root: str) -> bool:
    while isinstance(e, N.Attribute | N.Subscript):
        e = e.value
    return isinstance(e, N.Name) and e.id == root


def mutates_name(program: Program, stmts: tuple[N.Stmt, ...], name: str) -> bool:
    """True when the statements change the object `name` refers to (not rebinding the name)."""
    from transpiler.passes.analyze_mutation import MUTATING

    def root(x: N.Expr) -> str | None:
        while isinstance(x, N.Attribute | N.Subscript):
            x = x.value
        return x.id if isinstance(x, N.Name) else None

    for n in body_nodes(stmts):
        if isinstance(n, N.Assign):
            for t in n.targets:
                if isinstance(t, N.Attribute | N.Subscript) and root(t) == name:
                    return True
        elif isinstance(n, N.AugAssign):
            if isinstance(n.target, N.Attribute | N.Subscript) and root(n.target) == name:
                return True
        elif isinstance(n, N.Delete):
            if any(isinstance(t, N.Subscript) and root(t) == name for t in n.targets):
                return True
        elif isinstance(n, N.Call) and isinstance(n.func, N.Attribute) and root(n.func.value) == name:
            rt = R(n.func.value.ty)
            if isinstance(rt, T.OptionalT):
                rt = R(rt.inner)
            if isinstance(rt, T.ClassT):
                found = program.find_method(rt.name, n.func.attr)
                if found is not None and found[1].mutates_self:
                    return True
            elif n.func.attr in MUTATING:
                return True
    return False


def _used_as_value(fn: N.FunctionDef, name: str) -> bool:
    """Whether fn's body uses `name` other than by calling it."""
    called: set[int] = set()
    for n in body_nodes_no_defs(fn.body):
        if isinstance(n, N.Call) and isinstance(n.func, N.Name):
            called.add(id(n.func))
    return any(isinstance(n, N.Name) and n.id == name and id(n) not in called
               for st in fn.body for n in walk_no_defs(st))


def _nonlocal_names(fn: N.FunctionDef) -> set[str]:
    """The names `nonlocal` statements of fn itself (not of functions nested in it) declare."""
    found: set[str] = set()
    for n in body_nodes_no_defs(fn.body):
        if isinstance(n, N.Global) and n.nonlocal_:
            found.update(n.names)
    return found


def many_args_attr(params: list[str]) -> str:
    """The attribute a function whose Python signature has more than 7 parameters carries: Rust mirrors the
    signature, so clippy's too_many_arguments is silenced for that one function only."""
    return "#[allow(clippy::too_many_arguments)]\n" if len(params) > 7 else ""


def chainable(code: str) -> str:
    """An iterator expression safe to call a method on: a bare range `a..b` needs parentheses."""
    depth = 0
    for i, ch in enumerate(code):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "." and depth == 0 and code[i:i + 2] == "..":
            return f"({code})"
    return code


def _always_leaves(stmts: tuple[N.Stmt, ...]) -> bool:
    """True when control can never run past the end of `stmts` (every path returns or raises)."""
    for s in stmts:
        if isinstance(s, N.Return | N.Raise):
            return True
        if isinstance(s, N.If) and _always_leaves(s.body) and _always_leaves(s.orelse):
            return True
        if isinstance(s, N.While) and isinstance(s.test, N.Const) and s.test.value is True \
                and not _breaks_loop(s.body):
            return True
        if isinstance(s, N.ExprStmt) and isinstance(s.value, N.Call) and isinstance(s.value.func, N.Attribute) \
                and s.value.func.attr == "exit" and isinstance(s.value.func.value, N.Name) \
                and s.value.func.value.id == "sys":
            return True
    return False


def _tail_appends(body: tuple[N.Stmt, ...], name: str) -> list[N.Expr]:
    """The `x` of each `xs.append(x)` (x being `name`) that is the last statement its loop iteration runs: the last
    statement of body, or, through if/elif/else, the last of one of its branches. Nothing reads x after it."""
    stmts = [st for st in body if not isinstance(st, N.Comment)]
    if not stmts:
        return []
    last = stmts[-1]
    if isinstance(last, N.If):
        return _tail_appends(last.body, name) + _tail_appends(last.orelse, name)
    if isinstance(last, N.ExprStmt) and isinstance(last.value, N.Call) and isinstance(last.value.func, N.Attribute) \
            and last.value.func.attr == "append" and len(last.value.args) == 1 and not last.value.keywords:
        arg = last.value.args[0]
        recv_names = {n.id for n in walk(last.value.func.value) if isinstance(n, N.Name)}
        if isinstance(arg, N.Name) and arg.id == name and name not in recv_names:
            return [arg]
    return []


def _breaks_loop(body: tuple[N.Stmt, ...]) -> bool:
    """Whether a `break` in this loop body leaves this loop (breaks inside nested loops' bodies leave those)."""
    stack: list[N.Node] = list(body)
    while stack:
        cur = stack.pop()
        if isinstance(cur, N.Break):
            return True
        if isinstance(cur, N.FunctionDef | N.ClassDef | N.Lambda):
            continue
        if isinstance(cur, N.For | N.While):
            stack.extend(cur.orelse)  # a break in a nested loop's else leaves this loop
            continue
        stack.extend(child_list(cur))
    return False


def _is_abstract_body(fn: N.FunctionDef) -> bool:
    """`...`, `pass` or `raise NotImplementedError` only: an abstract method."""
    body = [s for s in fn.body if not isinstance(s, N.Comment)]
    if "abstractmethod" in fn.decorators:
        return True
    return bool(body) and all(isinstance(s, N.Pass) for s in body) or (
        len(body) == 1 and isinstance(body[0], N.Raise) and body[0].exc is not None
        and "NotImplementedError" in repr(body[0].exc)[:400])


def modpath(module: str) -> str:
    """The Rust path of a transpiled module inside its crate."""
    from transpiler.pipeline import rust_module_name

    return rust_module_name(module)


def param_mode_of(info: FuncInfo, i: int) -> str:
    p = info.node.params[i]
    t = R(info.param_types[i])
    if p.kind in ("vararg", "kwarg") or p.name in info.rebound_params or info.node.is_generator:
        return "owned"
    if is_copy(t) or isinstance(t, T.OptionalT | T.TupleT | T.EnumT):
        return "owned"
    if p.name in info.mutated_params:
        return "refmut"
    return "ref"


def _const_global(mod: ModuleInfo, name: str) -> bool:
    v = mod.global_values.get(name)
    t = R(mod.globals[name])
    return isinstance(v, N.Const) and isinstance(t, T.IntT | T.FloatT | T.BoolT | T.StrT)


def _names_read(fn: N.FunctionDef) -> set[str]:
    """The names the body reads: those that appear other than as plain assignment, `for` or `with` targets (one
    walk: each occurrence counts one, each target occurrence takes it back)."""
    counts: dict[str, int] = {}
    for n in body_nodes(fn.body):
        if isinstance(n, N.Name):
            counts[n.id] = counts.get(n.id, 0) + 1
        elif isinstance(n, N.Assign):
            for t in n.targets:
                if isinstance(t, N.Name):
                    counts[t.id] = counts.get(t.id, 0) - 1
                elif isinstance(t, N.TupleLit):
                    for el in t.elts:
                        x = el.value if isinstance(el, N.Starred) else el
                        if isinstance(x, N.Name):
                            counts[x.id] = counts.get(x.id, 0) - 1
        elif isinstance(n, N.For):
            for nm_node in walk(n.target):
                if isinstance(nm_node, N.Name):
                    counts[nm_node.id] = counts.get(nm_node.id, 0) - 1
        elif isinstance(n, N.With):
            for it in n.items:
                if isinstance(it.var, N.Name):
                    counts[it.var.id] = counts.get(it.var.id, 0) - 1
    return {name for name, c in counts.items() if c > 0}


# builtins and receivers that run no user code on values without user classes (mark_global_containers' cells)
_CELL_SAFE_BUILTINS = frozenset({
    "len", "abs", "min", "max", "int", "float", "bool", "ord", "chr", "range", "sum", "round", "divmod", "hex",
    "bin", "oct", "sorted", "list", "set", "tuple", "dict", "str", "repr", "any", "all", "print", "enumerate",
    "zip", "reversed", "isinstance", "format"})
_STORING_METHODS = frozenset({"append", "appendleft", "insert", "extend", "extendleft"})
_CELL_SAFE_RECEIVERS = (T.ListT, T.DictT, T.SetT, T.DequeT, T.StrT, T.BytesT, T.IntT, T.FloatT, T.BoolT)

PURE_BUILTINS = frozenset({"len", "abs", "min", "max", "int", "float", "bool", "ord", "chr", "range", "sum",
                           "round", "divmod", "hex", "bin", "oct"})
"""Builtins that call no user code on the values these programs give them (no classes, no key functions)."""


def shared_field_name(program: Program, cls: str, field: str) -> str:
    """The Rust field holding `field` of a `cls` object in its hierarchy's one struct: the field's name, or
    `<name>_<class>` when classes of the hierarchy declare fields of that name with different types."""
    decls = [c for c in program.hierarchy(cls) if field in c.fields]
    if len({R(c.fields[field]).show() for c in decls}) < 2:
        return snake(field)
    owner = next((c for c in program.ancestors(cls) if field in c.fields), decls[0])
    return f"{snake(field).removeprefix('r#')}_{snake(owner.name)}"


def shared_getter(program: Program, cls: str, field: str) -> str:
    """The accessor that reads `field` of a shared object: the field's own name, or `get_<name>` where a
    method or property of the class hierarchy already has it."""
    name = shared_field_name(program, cls, field)
    if field == "class_":
        return "class_"
    return f"get_{name.removeprefix('r#')}" if name in _method_names(program, cls) else name


def shared_setter(program: Program, cls: str, field: str) -> str:
    """The accessor that writes `field`: `set_<name>`, or `store_<name>` where a method already has that name."""
    name = shared_field_name(program, cls, field).removeprefix("r#")
    return f"store_{name}" if f"set_{name}" in _method_names(program, cls) else f"set_{name}"


def _method_names(program: Program, cls: str) -> set[str]:
    """The Rust names the methods and constructors of `cls`'s hierarchy take on its handle."""
    taken = {"new", "is"}
    for c in program.hierarchy(cls):
        for m in c.methods:
            taken.add(snake(m) if not (m.startswith("__") and m.endswith("__")) else "dunder_" + m.strip("_"))
            taken.add(f"{snake(m)}_{snake(c.name)}")
        taken.add("new_" + snake(c.name))
        taken.add("init_" + snake(c.name))
    return taken


def shared_container(e: N.Expr) -> N.Attribute | None:
    """The container field of a shared object that place e (`o.xs`, `o.xs[i]`, `o.grid[i][j]`) lies in."""
    while isinstance(e, N.Attribute | N.Subscript):
        if isinstance(e, N.Attribute) and shared_class(e.value.ty) is not None:
            return e if isinstance(R(e.ty), T.ListT | T.DictT | T.SetT | T.DequeT) else None
        e = e.value
    return None


def _replace_place(e: N.Expr, old: N.Expr, new: N.Expr) -> N.Expr:
    """Place e with its sub-place `old` (on its Attribute/Subscript chain) replaced by `new`."""
    if e is old:
        return new
    if isinstance(e, N.Subscript):
        return N.Subscript(_replace_place(e.value, old, new), e.index, e.ty, e.span)
    if isinstance(e, N.Attribute):
        return N.Attribute(_replace_place(e.value, old, new), e.attr, e.ty, e.span)
    return e


def _reads_outer_name(node: N.Node, name: str) -> bool:
    """Whether node reads `name` of the enclosing scope (a comprehension binding `name` has its own)."""
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, N.Name) and cur.id == name:
            return True
        if isinstance(cur, N.Comprehension) and any(name in target_names(g.target) for g in cur.generators):
            stack.append(cur.generators[0].iter)  # evaluated outside the comprehension's scope
            continue
        stack.extend(child_list(cur))
    return False


def _mentions_class(t: T.Type) -> bool:
    """Whether a value of type t is or holds objects of a user class (whose dunders are user code)."""
    t = R(t)
    if isinstance(t, T.ClassT):
        return True
    if isinstance(t, T.TupleT):
        return any(_mentions_class(e) for e in t.elems)
    return any(_mentions_class(sub) for sub in (getattr(t, n, None) for n in ("inner", "elem", "key", "value"))
               if isinstance(sub, T.Type))


def _trivial(e: N.Expr) -> bool:
    """A constant or a local name: evaluating it borrows no object and runs no code."""
    return isinstance(e, N.Const | N.Name)


def _shallow_exprs(s: N.Stmt) -> list[N.Node]:
    """The expressions directly in statement s (not in its sub-blocks)."""
    match s:
        case N.If(test) | N.While(test):
            return [test]
        case N.For(target, it):
            return [target, it]
        case N.Try():
            return []
        case N.With(items):
            return list(items)
        case N.FunctionDef():
            return [N.Name(n, T.UNKNOWN, s.span) for n in free_names(s)]
        case N.ClassDef():
            return [s]
    return [s]


def _sub_blocks(s: N.Stmt) -> list[tuple[N.Stmt, ...]]:
    match s:
        case N.If(_, body, orelse) | N.While(_, body, orelse):
            return [body, orelse]
        case N.For(_, _, body, orelse):
            return [body, orelse]
        case N.Try(body, handlers, orelse, final):
            return [body, *[h.body for h in handlers], orelse, final]
        case N.With(_, body):
            return [body]
    return []


def _refuse_iter_keywords(e: N.Expr) -> None:
    """`enumerate(xs, start=1)`, `zip(a, b, strict=True)`: keywords these loops do not handle are refused, not
    dropped."""
    if isinstance(e, N.Call) and isinstance(e.func, N.Name) and e.keywords \
            and e.func.id in ("range", "enumerate", "zip", "reversed", "map", "filter", "iter"):
        kw = e.keywords[0]
        raise Refused(kw.span, f"keyword argument `{kw.name}` of `{e.func.id}()` is not supported")


def _is_int(e: N.Expr | None, value: int) -> bool:
    if isinstance(e, N.Const):
        return type(e.value) is int and e.value == value
    return isinstance(e, N.UnaryOp) and e.op == "-" and _is_int(e.operand, -value)


def reversed_prefix_index(target: N.Subscript, value: N.Expr) -> N.Name | None:
    """k for `xs[:k + 1] = xs[k::-1]` (xs and k plain names, the same on both sides), else None."""
    sl = target.index
    if not (isinstance(target.value, N.Name) and isinstance(sl, N.Slice) and sl.lower is None and sl.step is None):
        return None
    up = sl.upper
    if not (isinstance(up, N.BinOp) and up.op == "+" and isinstance(up.left, N.Name) and _is_int(up.right, 1)):
        return None
    if not (isinstance(value, N.Subscript) and isinstance(value.value, N.Name) and value.value.id == target.value.id):
        return None
    vs = value.index
    if not (isinstance(vs, N.Slice) and isinstance(vs.lower, N.Name) and vs.lower.id == up.left.id
            and vs.upper is None and _is_int(vs.step, -1)):
        return None
    return vs.lower


def _unpacked_names(s: N.Stmt) -> list[str]:
    """The names a top-level `a, (b, *c), o.x = value` binds, when they are distinct (each then gets its `let`
    where it is unpacked) and the value does not read them; none for any other statement."""
    if not (isinstance(s, N.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], N.TupleLit | N.ListLit)
            and s.value is not None):
        return []
    names: list[str] = []

    if not _flat_target_names(s.targets[0], names) or len(set(names)) != len(names):
        return []
    if any(isinstance(n, N.Name) and n.id in names for n in walk(s.value)):
        return []
    return names


def _operator_operands(n: N.Node) -> list[N.Expr]:
    """The operands whose class would decide what operator, truth test, format or index `n` runs."""
    if isinstance(n, N.BinOp):
        return [n.left, n.right]
    if isinstance(n, N.UnaryOp):
        return [n.operand]
    if isinstance(n, N.BoolOp):
        return list(n.values)
    if isinstance(n, N.Compare):
        return [n.left, *n.comparators]
    if isinstance(n, N.FormattedValue | N.Subscript):
        return [n.value]
    return []


# Recursive helpers live at module level: a nested function that calls itself refers to itself through its
# closure, a reference cycle that keeps what it captures (the emitter, and through it the program) alive until
# the cyclic garbage collector runs.

def _statements_in_blocks(block: tuple[N.Stmt, ...]) -> Iterator[tuple[tuple[N.Stmt, ...], int, N.Stmt]]:
    """(block, index, statement) for every statement of `block` and of the blocks nested in it (not entering
    nested defs), depth first: a statement comes before the blocks inside it."""
    for i, s in enumerate(block):
        yield block, i, s
        for sub in _sub_blocks(s):
            yield from _statements_in_blocks(sub)


def _read_outside_loops_over(stmts: tuple[N.Stmt, ...], name: str, inside: bool) -> bool:
    """Whether `name` is read outside the `for` loops that bind it (`inside`: within such a loop)."""
    for s in stmts:
        if isinstance(s, N.For) and name in target_names(s.target):
            if any(isinstance(n, N.Name) and n.id == name for n in walk_no_defs(s.iter)):
                return True
            if _read_outside_loops_over(s.orelse, name, False):
                return True
            continue
        if not inside:
            for n in _shallow_exprs(s):
                if _reads_outer_name(n, name):
                    return True
        for sub in _sub_blocks(s):
            if _read_outside_loops_over(sub, name, inside):
                return True
    return False


def _flat_target_names(t: N.Expr, names: list[str]) -> bool:
    """Append the names an unpacking target binds to `names`, in order; True (an attribute or item target is
    assigned in its turn, between the names)."""
    if isinstance(t, N.Starred):
        return _flat_target_names(t.value, names)
    if isinstance(t, N.TupleLit | N.ListLit):
        return all(_flat_target_names(el, names) for el in t.elts)
    if isinstance(t, N.Name):
        names.append(t.id)
    return True
