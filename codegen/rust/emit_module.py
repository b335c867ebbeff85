"""Modules: globals, enums, structs with their impls, functions, and the entry `py_main`."""

from __future__ import annotations

from transpiler.codegen.rust import syntax as S
from transpiler.codegen.rust.emit_expr import Refused, default_value, enum_variant, lit_str
from transpiler.codegen.rust.emit_fn import FunctionEmitter, _const_global
from transpiler.codegen.rust.names import camel, snake, upper
from transpiler.codegen.rust.rtypes import Unrepresentable, is_copy, rust_type

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import ClassInfo, FuncInfo, ModuleInfo, Program

R = T.resolve


def doc_lines(doc: str | None, inner: bool = False) -> list[str]:
    if not doc:
        return []
    mark = "//!" if inner else "///"
    return [f"{mark} {ln}".rstrip() for ln in doc.splitlines()]


class ModuleEmitter:
    """Emits one Python module as one Rust module file."""

    def __init__(self, program: Program, module: ModuleInfo, diag: DiagnosticSink) -> None:
        self.program = program
        self.module = module
        self.diag = diag

    def refuse(self, r: Refused) -> None:
        self.diag.error(r.span, r.message, r.hint)

    def emit(self) -> str:
        out: list[str] = doc_lines(self.module.node.docstring, inner=True)
        if out:
            out.append("")
        for name in self.module.globals:
            try:
                out.append(self.global_(name))
            except (Refused, Unrepresentable) as r:
                if isinstance(r, Refused):
                    self.refuse(r)
                else:
                    self.diag.error(self.module.node.span, f"cannot infer the type of global `{name}`")
        for cls in self.module.classes.values():
            try:
                out.append(self.class_(cls))
            except Refused as r:
                self.refuse(r)
        for fn in self.module.functions.values():
            out.append(self.function(fn, None, "pub "))
        if self.module.main is not None and (self.module.is_entry or self.module.main.node.body):
            out.append(self.main())
        return "\n\n".join(x for x in out if x)

    # ------------------------------------------------------------ globals

    def global_(self, name: str) -> str:
        mod = self.module
        t = mod.globals[name]
        value = mod.global_values.get(name)
        rt = rust_type(t)
        fe = FunctionEmitter(self.program, mod, mod.main or FuncInfo(
            N.FunctionDef("<g>", (), T.NONE, True, (), None, (), False, mod.node.span), mod.name), None, self.diag)
        fe.inline_lets = set()
        if value is None:
            raise Refused(mod.node.span, f"global `{name}` has no value")
        if name in mod.mutated_globals:
            init = fe.coerced(value, t).code
            cell = "Cell" if is_copy(t) else "RefCell"
            return (f"thread_local! {{\n    static {upper(name)}: std::cell::{cell}<{rt}> = "
                    f"const {{ std::cell::{cell}::new({init}) }};\n}}") if is_copy(t) else (
                f"thread_local! {{\n    static {upper(name)}: std::cell::RefCell<{rt}> = "
                f"std::cell::RefCell::new({init});\n}}")
        if _const_global(mod, name):
            if isinstance(R(t), T.StrT):
                return f"pub const {upper(name)}: &str = {fe.expr(value).e.code};"
            return f"pub const {upper(name)}: {rt} = {fe.coerced(value, t).code};"
        init = fe.coerced(value, t).code
        return f"pub static {upper(name)}: std::sync::LazyLock<{rt}> = std::sync::LazyLock::new(|| {init});"

    # ------------------------------------------------------------ classes

    def class_(self, cls: ClassInfo) -> str:
        if cls.kind == "exception":
            return ""
        if cls.kind == "enum":
            return self.enum(cls)
        name = camel(cls.name)
        out = doc_lines(cls.node.docstring)
        derives = ["Clone", "Default"]
        if cls.kind == "dataclass":
            derives.append("PartialEq")
        fields = []
        for fname, ft in cls.fields.items():
            try:
                fields.append(f"    pub {snake(fname)}: {rust_type(ft)},")
            except Unrepresentable:
                raise Refused(cls.node.span, f"cannot infer the type of field `{fname}`",
                              "annotate it in __init__ or as a class attribute") from None
        out.append(f"#[derive({', '.join(derives)})]")
        if fields:
            out.append(f"pub struct {name} {{\n" + "\n".join(fields) + "\n}")
        else:
            out.append(f"pub struct {name};")
        items: list[str] = []
        for cname, ct in cls.class_vars.items():
            a = next(a for a in cls.node.class_vars for t in a.targets if isinstance(t, N.Name) and t.id == cname)
            if a.value is not None:
                fe = FunctionEmitter(self.program, self.module, self.module.main, None, self.diag)  # type: ignore[arg-type]
                if isinstance(R(ct), T.StrT):
                    items.append(f"pub const {upper(cname)}: &str = {fe.expr(a.value).e.code};")
                else:
                    items.append(f"pub const {upper(cname)}: {rust_type(ct)} = {fe.coerced(a.value, ct).code};")
        for m in cls.methods.values():
            if m.name in ("__repr__", "__str__", "__del__", "__post_init__") and False:
                continue
            items.append(self.function(m, cls, "pub "))
        out.append(f"impl {name} {{\n" + "\n\n".join(i for i in items if i) + "\n}")
        out.append(self.pyfmt_impl(cls))
        if "__del__" in cls.methods:
            out.append(f"impl Drop for {name} {{\nfn drop(&mut self) {{\nself.dunder_del();\n}}\n}}")
        return "\n".join(out)

    def pyfmt_impl(self, cls: ClassInfo) -> str:
        name = camel(cls.name)
        has_str = "__str__" in cls.methods
        has_repr = "__repr__" in cls.methods
        if has_repr:
            repr_body = "f.write_str(&self.dunder_repr())"
        elif cls.kind == "dataclass":
            parts = []
            for i, fname in enumerate(cls.fields):
                sep = ", " if i else ""
                parts.append(f'write!(f, "{sep}{fname}={{}}", pyrt::R(&self.{snake(fname)}))?;')
            repr_body = (f'f.write_str("{cls.name}(")?;\n' + "\n".join(parts) + '\nf.write_str(")")')
        else:
            repr_body = f'write!(f, "<__main__.{cls.name} object>")'
        text = (f"impl pyrt::PyFmt for {name} {{\n"
                f"fn fmt_repr(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n{repr_body}\n}}\n")
        if has_str:
            text += ("fn fmt_str(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n"
                     "f.write_str(&self.dunder_str())\n}\n")
        return text + "}"

    def enum(self, cls: ClassInfo) -> str:
        name = camel(cls.name)
        variants = list(cls.enum_values)
        out = doc_lines(cls.node.docstring)
        out.append("#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]")
        body = []
        for i, v in enumerate(variants):
            body.append(("#[default]\n" if i == 0 else "") + f"{enum_variant(v)},")
        out.append(f"pub enum {name} {{\n" + "\n".join(body) + "\n}")
        # values
        arms_v: list[str] = []
        vt: str = "i64"
        auto = 0
        for v in variants:
            val = cls.enum_values[v]
            if isinstance(val, N.Call) and isinstance(val.func, N.Name) and val.func.id == "auto":
                auto += 1
                arms_v.append(f"{name}::{enum_variant(v)} => {auto},")
            elif isinstance(val, N.Const) and isinstance(val.value, int) and not isinstance(val.value, bool):
                auto = val.value
                arms_v.append(f"{name}::{enum_variant(v)} => {val.value},")
            elif isinstance(val, N.Const) and isinstance(val.value, str):
                vt = "&'static str"
                arms_v.append(f"{name}::{enum_variant(v)} => {lit_str(val.value)},")
            else:
                raise Refused(val.span, "enum values must be literals or auto()")
        names = "\n".join(f"{name}::{enum_variant(v)} => {lit_str(v)}," for v in variants)
        out.append(f"impl {name} {{\npub fn value(self) -> {vt} {{\nmatch self {{\n" + "\n".join(arms_v)
                   + "\n}\n}\n\npub fn name(self) -> &'static str {\nmatch self {\n" + names + "\n}\n}\n}")
        out.append(f"impl pyrt::PyFmt for {name} {{\nfn fmt_repr(&self, f: &mut std::fmt::Formatter<'_>) -> "
                   f"std::fmt::Result {{\nwrite!(f, \"<{cls.name}.{{}}: {{}}>\", self.name(), "
                   f"pyrt::R(&self.value()))\n}}\n"
                   f"fn fmt_str(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n"
                   f"write!(f, \"{cls.name}.{{}}\", self.name())\n}}\n}}")
        return "\n".join(out)

    # ------------------------------------------------------------ functions

    def function(self, fn: FuncInfo, cls: ClassInfo | None, vis: str) -> str:
        is_init = cls is not None and fn.name == "__init__"
        fe = FunctionEmitter(self.program, self.module, fn, cls, self.diag, is_init=is_init)
        try:
            params = fe.signature_params()
            ret = fe.return_type()
            body = fe.body()
        except Refused as r:
            self.refuse(r)
            return ""
        except Unrepresentable:
            self.diag.error(fn.node.span, f"cannot infer the types of `{fn.name}`",
                            "annotate its parameters and return type")
            return ""
        if is_init:
            name = "new"
        elif cls is not None:
            name = fe.method_name(fn.name)
        else:
            name = snake(fn.name)
        docs = "\n".join(doc_lines(fn.node.docstring))
        text = S.render_block(body)
        head = f"{vis}fn {name}({', '.join(params)}){ret}"
        return (docs + "\n" if docs else "") + f"{head} {{\n{text}\n}}"

    def main(self) -> str:
        assert self.module.main is not None
        fe = FunctionEmitter(self.program, self.module, self.module.main, None, self.diag)
        try:
            fe.signature_params()
            body = fe.body()
        except Refused as r:
            self.refuse(r)
            return ""
        regs = []
        for mod in self.program.modules.values():
            for cls in mod.classes.values():
                if cls.kind == "exception":
                    regs.append(f"pyrt::register_exception({lit_str(cls.name)}, {lit_str(cls.base or 'Exception')});")
        text = "\n".join(regs) + ("\n" if regs else "") + S.render_block(body)
        return f"/// The module's top-level code.\npub fn py_main() {{\n{text}\n}}"


def default_for(t: T.Type) -> str | None:
    return default_value(t)
