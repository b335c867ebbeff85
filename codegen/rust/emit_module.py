"""Modules: globals, enums, structs with their impls, functions, and the entry `py_main`."""

from __future__ import annotations

import re
import weakref

from transpiler.codegen.rust import syntax as S
from transpiler.codegen.rust.emit_expr import Refused, default_value, enum_variant, lit_str
from transpiler.codegen.rust.emit_fn import (
    FunctionEmitter,
    _const_global,
    many_args_attr,
    modpath,
    shared_field_name,
    shared_getter,
    shared_setter,
)
from transpiler.codegen.rust.names import camel, snake, upper
from transpiler.codegen.rust.rtypes import Unrepresentable, holds_shared, is_copy, rust_type

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


# the program whose classes the tables of rtypes (and each class's ascii_hint_fields) describe now
_PREPARED: weakref.ref[Program] | None = None


class ModuleEmitter:
    """Emits one Python module as one Rust module file."""

    def __init__(self, program: Program, module: ModuleInfo, diag: DiagnosticSink) -> None:
        self.program = program
        self.module = module
        self.diag = diag

    def refuse(self, r: Refused) -> None:
        self.diag.error(r.span, r.message, r.hint)

    def emit(self) -> str:
        from transpiler.codegen.rust import rtypes

        global _PREPARED
        # what every module of the program shares: worked out once per program
        if _PREPARED is None or _PREPARED() is not self.program:
            rtypes.CLASS_ROOTS.clear()
            for mod in self.program.modules.values():
                for c in mod.classes.values():
                    rtypes.CLASS_ROOTS[c.name] = self.program.root_of(c.name)
            rtypes.SHARED_CLASSES.clear()
            rtypes.SHARED_CLASSES.update(c.name for mod in self.program.modules.values()
                                         for c in mod.classes.values() if c.shared)
            rtypes.RECURSIVE_CLASSES.clear()
            rtypes.RECURSIVE_CLASSES.update(recursive_classes(self.program))
            for mod in self.program.modules.values():
                if mod.name in self.program.stubs:
                    continue  # a summary keeps what the run that made it found
                for c in mod.classes.values():
                    c.ascii_hint_fields = ascii_hint_fields(c)
            _PREPARED = weakref.ref(self.program)
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
        body = "\n\n".join(x for x in out if x)
        uses = self.uses_of_other_modules(body)
        if not uses:
            return body
        doc = doc_lines(self.module.node.docstring, inner=True)
        head = "\n\n".join(doc) + "\n\n" if doc else ""
        return head + "\n".join(uses) + "\n\n" + body[len(head):]

    def uses_of_other_modules(self, body: str) -> list[str]:
        """`use` lines for the classes of other modules that `body` names bare (types print unqualified)."""
        uses: list[str] = []
        local = set(self.module.classes)
        index = _classes_by_rust_name(self.program)
        # the candidates in the order of the program's modules, then of their classes
        found = sorted(c for name in set(_BARE_TYPE.findall(body)) for c in index.get(name, ()))
        for _, _, other_name, cname in found:
            other = self.program.modules[other_name]
            cls = other.classes[cname]
            if other is self.module or cname in local or cls.kind == "exception":
                continue
            if cls.base is not None and len(self.program.hierarchy(cname)) > 1:
                continue  # no struct of its own (the root's holds the family): here it is a class-tag variant
            uses.append(f"use crate::{modpath(other.name)}::{camel(cname)};")
            local.add(cname)
        return uses

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
        if name in mod.mutated_globals or name in mod.cell_globals:
            init = fe.coerced(value, t).code
            cell = "Cell" if is_copy(t) else "RefCell"
            const = is_copy(t) or re.fullmatch(r"(Vec|String)(::<.*>)?::new\(\)", init) is not None
            return (f"thread_local! {{\n    pub static {upper(name)}: std::cell::{cell}<{rt}> = "
                    f"const {{ std::cell::{cell}::new({init}) }};\n}}") if const else (
                f"thread_local! {{\n    pub static {upper(name)}: std::cell::RefCell<{rt}> = "
                f"std::cell::RefCell::new({init});\n}}")
        if holds_shared(t):  # handles are not `Sync`: one per thread, as the program has one thread
            return f"thread_local! {{\n    pub static {upper(name)}: {rt} = {fe.coerced(value, t).code};\n}}"
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
        family = self.program.hierarchy(cls.name)
        if cls.shared:
            return "" if cls.base is not None else self.shared_class_(cls, family)
        if len(family) > 1:
            if cls.base is not None:
                return ""
            return self.hierarchy_(cls, family)
        name = camel(cls.name)
        out = doc_lines(cls.node.docstring)
        derives = ["Clone", "Default"]
        if cls.kind == "dataclass":
            derives.append("PartialEq")
            if cls.order:
                derives.append("PartialOrd")
        fields = []
        for fname in sorted(cls.ascii_hint_fields):
            fields.append(f"    /// Whether `{fname}` is ASCII (set with it), for O(1) indexing.\n"
                          f"    pub {snake(fname)}_is_ascii: bool,")
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
        items: list[str] = self.class_consts(cls)
        for m in cls.methods.values():
            if m.name in ("__repr__", "__str__", "__del__", "__post_init__") and False:
                continue
            items.append(self.function(m, cls, "pub "))
        out.append(f"impl {name} {{\n" + "\n\n".join(i for i in items if i) + "\n}")
        out.append(self.pyfmt_impl(cls))
        if "__del__" in cls.methods:
            out.append(f"impl Drop for {name} {{\nfn drop(&mut self) {{\nself.dunder_del();\n}}\n}}")
        return "\n".join(out)

    def hierarchy_(self, root: ClassInfo, family: list[ClassInfo]) -> str:
        """A class hierarchy as one struct with a class tag; overridden methods dispatch on the tag."""
        if any(c.kind == "dataclass" for c in family):
            raise Refused(root.node.span, "inheritance between dataclasses is not supported yet")
        name = camel(root.name)
        tag = f"{name}Class"
        out: list[str] = []
        variants = "\n".join(("#[default]\n" if i == 0 else "") + f"{camel(c.name)}," for i, c in enumerate(family))
        out.append(f"/// The concrete Python class of a `{name}` value.\n"
                   f"#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]\npub enum {tag} {{\n{variants}\n}}")
        fields: list[str] = [f"    pub class_: {tag},"]
        seen: set[str] = set()
        for c in family:
            for fname in sorted(c.ascii_hint_fields):
                fields.append(f"    /// Whether `{fname}` is ASCII (set with it), for O(1) indexing.\n"
                              f"    pub {snake(fname)}_is_ascii: bool,")
        for c in family:
            for fname, ft in c.fields.items():
                if fname in seen:
                    continue
                seen.add(fname)
                try:
                    fields.append(f"    pub {snake(fname)}: {rust_type(ft)},")
                except Unrepresentable:
                    raise Refused(c.node.span, f"cannot infer the type of field `{fname}`",
                                  "annotate it in __init__") from None
        out.extend(doc_lines(root.node.docstring))
        out.append("#[derive(Clone, Default)]")
        out.append(f"pub struct {name} {{\n" + "\n".join(fields) + "\n}")
        items: list[str] = []
        rest = ", ..Self::default()" if len(fields) > 1 else ""  # the tag is not the only field
        for c in family:
            items.extend(self.class_consts(c))
        for c in family:
            init = self.program.find_method(c.name, "__init__")
            if "__init__" in c.methods:
                items.append(self.function(c.methods["__init__"], c, "pub ", name=f"init_{snake(c.name)}"))
            if init is not None:
                impl_cls, info = init
                fe = FunctionEmitter(self.program, self.module, info, impl_cls, self.diag)
                try:
                    params = fe.signature_params()[1:]
                except (Refused, Unrepresentable):
                    continue
                args = ", ".join(p.split(":")[0].replace("mut ", "").strip() for p in params)
                items.append(f"pub fn new_{snake(c.name)}({', '.join(params)}) -> Self {{\n"
                             f"let mut slf = Self {{ class_: {tag}::{camel(c.name)}{rest} }};\n"
                             f"slf.init_{snake(impl_cls.name)}({args});\nslf\n}}")
            else:
                items.append(f"pub fn new_{snake(c.name)}() -> Self {{\n"
                             f"Self {{ class_: {tag}::{camel(c.name)}{rest} }}\n}}")
        methods = [m for c in family for m in c.methods if m != "__init__"]
        for mname in dict.fromkeys(methods):
            impls = [c for c in family if mname in c.methods]
            if len(impls) == 1:
                items.append(self.function(impls[0].methods[mname], impls[0], "pub "))
                continue
            for c in impls:
                items.append(self.function(c.methods[mname], c, "pub ",
                                           name=f"{method_rust_name(mname)}_{snake(c.name)}"))
            items.append(self.dispatcher(mname, impls[0], family, tag))
        out.append(f"impl {name} {{\n" + "\n\n".join(i for i in items if i) + "\n}")
        out.append(self.pyfmt_impl(root))
        if any("__del__" in c.methods for c in family):
            out.append(f"impl Drop for {name} {{\nfn drop(&mut self) {{\nself.dunder_del();\n}}\n}}")
        return "\n".join(out)

    def shared_class_(self, root: ClassInfo, family: list[ClassInfo]) -> str:
        """A shared class (or hierarchy): a struct of its fields, `XData`, and the handle `X` that Python code
        holds, `pyrt::Shared<XData>`. Fields are read and written through accessors that borrow the object for
        that one access; constructors and methods take the handle."""
        if "__del__" in (m for c in family for m in c.methods):
            raise Refused(root.node.span, "__del__ on a class whose objects are shared is not supported")
        name = camel(root.name)
        data = f"{name}Data"
        tagged = len(family) > 1
        tag = f"{name}Class"
        out: list[str] = []
        if tagged:
            variants = "\n".join(("#[default]\n" if i == 0 else "") + f"{camel(c.name)},"
                                 for i, c in enumerate(family))
            out.append(f"/// The concrete Python class of a `{name}` value.\n"
                       f"#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]\npub enum {tag} {{\n{variants}\n}}")
        # Rust field -> (a class declaring it, the Python field, its type)
        fields: dict[str, tuple[str, str, T.Type]] = {}
        if tagged:
            fields["class_"] = (root.name, "class_", T.OpaqueT("class_"))
        for c in family:
            for fname, ft in c.fields.items():
                fields.setdefault(shared_field_name(self.program, c.name, fname), (c.name, fname, ft))
        lines: list[str] = []
        accessors: list[str] = []
        for field, (decl, fname, ft) in fields.items():
            try:
                rt = tag if fname == "class_" else rust_type(ft)
            except Unrepresentable:
                raise Refused(root.node.span, f"cannot infer the type of field `{fname}`",
                              "annotate it in __init__") from None
            lines.append(f"    pub {field}: {rt},")
            read = f"self.0.borrow().{field}" + ("" if fname == "class_" or is_copy(ft) else ".clone()")
            getter = shared_getter(self.program, decl, fname)
            accessors.append(f"pub fn {getter}(&self) -> {rt} {{\n{read}\n}}")
            if fname != "class_":
                accessors.append(f"pub fn {shared_setter(self.program, decl, fname)}(&self, value: {rt}) {{\n"
                                 f"self.0.borrow_mut().{field} = value;\n}}")
        article = "an" if root.name[:1].upper() in "AEIOU" else "a"
        out.append(f"/// The fields of {article} `{name}` object; Python code holds it through the shared handle "
                   f"`{name}`.")
        out.append("#[derive(Default)]")
        out.append(f"pub struct {data} {{\n" + "\n".join(lines) + "\n}" if lines else f"pub struct {data};")
        out.extend(doc_lines(root.node.docstring) or [f"/// {article.capitalize()} `{root.name}` object."])
        out.append("///\n/// A shared handle: cloning it copies the reference, as assigning a Python object does.")
        out.append("#[derive(Clone, Default)]")
        out.append(f"pub struct {name}(pyrt::Shared<{data}>);")
        items: list[str] = []
        rest = f", ..{data}::default()" if len(fields) > 1 else ""  # the tag is not the only field
        for c in family:
            items.extend(self.class_consts(c))
        items.extend(accessors)
        for c in family:
            init = self.program.find_method(c.name, "__init__")
            if not tagged:
                if "__init__" in c.methods:
                    items.append(self.function(c.methods["__init__"], c, "pub "))
                else:
                    items.append(f"pub fn new() -> Self {{\nSelf(pyrt::Shared::new({data}::default()))\n}}")
                break
            fresh = f"Self(pyrt::Shared::new({data} {{ class_: {tag}::{camel(c.name)}{rest} }}))"
            ctor = "new_" + snake(c.name)
            if "__init__" in c.methods:
                items.append(self.function(c.methods["__init__"], c, "pub ", name=f"init_{snake(c.name)}"))
            if init is None:
                items.append(f"pub fn {ctor}() -> Self {{\n{fresh}\n}}")
                continue
            impl_cls, info = init
            fe = FunctionEmitter(self.program, self.module, info, impl_cls, self.diag)
            try:
                params = fe.signature_params()[1:]
            except (Refused, Unrepresentable):
                continue
            args = ", ".join(p.split(":")[0].replace("mut ", "").strip() for p in params)
            items.append(f"{many_args_attr(params)}pub fn {ctor}({', '.join(params)}) -> Self {{\n"
                         f"let slf = {fresh};\nslf.init_{snake(impl_cls.name)}({args});\nslf\n}}")
        methods = [m for c in family for m in c.methods if m != "__init__"]
        for mname in dict.fromkeys(methods):
            impls = [c for c in family if mname in c.methods]
            if len(impls) == 1:
                items.append(self.function(impls[0].methods[mname], impls[0], "pub "))
                continue
            for c in impls:
                items.append(self.function(c.methods[mname], c, "pub ",
                                           name=f"{method_rust_name(mname)}_{snake(c.name)}"))
            items.append(self.dispatcher(mname, impls[0], family, tag))
        out.append(f"impl {name} {{\n" + "\n\n".join(i for i in items if i) + "\n}")
        out.append(f"impl pyrt::shared::Identity for {name} {{\nfn is(&self, other: &Self) -> bool {{\n"
                   "self.0.is(&other.0)\n}\n}")
        # `==` as Python runs it: the class's __eq__, else identity (lists' `in` and `index` use it)
        eq = "self.dunder_eq(other)" if any("__eq__" in c.methods for c in family) else "self.0.is(&other.0)"
        out.append(f"impl PartialEq for {name} {{\nfn eq(&self, other: &Self) -> bool {{\n{eq}\n}}\n}}")
        if any("__lt__" in c.methods for c in family):
            # `sorted`, `min`, `max` and `<` between objects run __lt__, as Python's do
            out.append(f"impl PartialOrd for {name} {{\n"
                       "fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {\n"
                       "Some(if self.dunder_lt(other) {\nstd::cmp::Ordering::Less\n} else if other.dunder_lt(self) {\n"
                       "std::cmp::Ordering::Greater\n} else {\nstd::cmp::Ordering::Equal\n})\n}\n\n"
                       "fn lt(&self, other: &Self) -> bool {\nself.dunder_lt(other)\n}\n\n"
                       "fn gt(&self, other: &Self) -> bool {\nother.dunder_lt(self)\n}\n}")
        if not any("__eq__" in c.methods or "__hash__" in c.methods for c in family):
            # hashed by identity, as Python's default __hash__: sets and dict keys of objects
            out.append(f"impl Eq for {name} {{}}")
            out.append(f"impl std::hash::Hash for {name} {{\nfn hash<H: std::hash::Hasher>(&self, state: &mut H) {{\n"
                       "self.0.id().hash(state);\n}\n}")
        out.append(self.pyfmt_impl(root))
        return "\n".join(out)

    def dispatcher(self, mname: str, first: ClassInfo, family: list[ClassInfo], tag: str) -> str:
        info = first.methods[mname]
        fe = FunctionEmitter(self.program, self.module, info, first, self.diag)
        try:
            params = fe.signature_params()
            ret = fe.return_type()
        except (Refused, Unrepresentable):
            return ""
        args = ", ".join(p.split(":")[0].replace("mut ", "").strip() for p in params if "self" not in p)
        arms = []
        for c in family:
            found = self.program.find_method(c.name, mname)
            if found is None:
                arms.append(f'{tag}::{camel(c.name)} => pyrt::raise("AttributeError", '
                            f'"{c.name!s} object has no attribute {mname}"),')
            else:
                arms.append(f"{tag}::{camel(c.name)} => self.{method_rust_name(mname)}_{snake(found[0].name)}({args}),")
        head = f"{many_args_attr(params)}pub fn {method_rust_name(mname)}({', '.join(params)}){ret}"
        subject = "self.class_()" if first.shared else "self.class_"
        return f"/// Runs the implementation of `{mname}` for the value's class.\n{head} {{\nmatch {subject} {{\n" \
            + "\n".join(arms) + "\n}\n}"

    def class_consts(self, cls: ClassInfo) -> list[str]:
        items: list[str] = []
        for cname, ct in cls.class_vars.items():
            a = next(a for a in cls.node.class_vars for t in a.targets if isinstance(t, N.Name) and t.id == cname)
            if a.value is None:
                continue
            fe = FunctionEmitter(self.program, self.module, self.module.main, None, self.diag)  # type: ignore[arg-type]
            const = class_const_name(self.program, cls.name, cname)
            if cname in cls.assigned_class_vars:
                items.append(self.assigned_class_var(cls, cname, ct, fe.coerced(a.value, ct).code))
            elif isinstance(R(ct), T.StrT):
                items.append(f"pub const {const}: &str = {fe.expr(a.value).e.code};")
            elif not is_copy(ct):
                # no `const` Vec/dict: built once on first read, read in place (a class attribute is one object)
                rt = rust_type(ct)
                items.append(f"/// The class attribute `{cls.name}.{cname}`.\n"
                             f"pub fn {const.lower()}() -> &'static {rt} {{\n"
                             f"static VALUE: std::sync::LazyLock<{rt}> = "
                             f"std::sync::LazyLock::new(|| {fe.coerced(a.value, ct).code});\n&VALUE\n}}")
            else:
                items.append(f"pub const {const}: {rust_type(ct)} = {fe.coerced(a.value, ct).code};")
        return items

    def assigned_class_var(self, cls: ClassInfo, name: str, t: T.Type, init: str) -> str:
        """A class attribute the program rebinds (mark_assigned_class_vars): one cell per thread, reached
        through an associated function (an `impl` cannot hold a `thread_local!`)."""
        fn = class_var_cell(self.program, cls.name, name)
        rt = rust_type(t)
        if is_copy(t):
            cell = f"std::cell::Cell<{rt}>"
            decl = f"static VALUE: {cell} = const {{ std::cell::Cell::new({init}) }};"
        elif re.fullmatch(r"(Vec|String)(::<.*>)?::new\(\)", init):
            cell = f"std::cell::RefCell<{rt}>"
            decl = f"static VALUE: {cell} = const {{ std::cell::RefCell::new({init}) }};"
        else:
            cell = f"std::cell::RefCell<{rt}>"
            decl = f"static VALUE: {cell} = std::cell::RefCell::new({init});"
        return (f"/// The class attribute `{cls.name}.{name}`, which the program rebinds.\n"
                f"pub fn {fn}() -> &'static std::thread::LocalKey<{cell}> {{\n"
                f"thread_local! {{\n{decl}\n}}\n&VALUE\n}}")

    def pyfmt_impl(self, cls: ClassInfo) -> str:
        name = camel(cls.name)
        family = self.program.hierarchy(cls.name)
        has_str = any("__str__" in c.methods for c in family)
        has_repr = any("__repr__" in c.methods for c in family)
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

    def function(self, fn: FuncInfo, cls: ClassInfo | None, vis: str, name: str | None = None) -> str:
        is_init = cls is not None and fn.name == "__init__" and name is None
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
        if name is not None:
            pass
        elif is_init:
            name = "new"
        elif cls is not None:
            name = fe.method_name(fn.name)
        else:
            name = snake(fn.name)
        docs = "\n".join(doc_lines(fn.node.docstring))
        text = S.render_block(body)
        head = f"{many_args_attr(params)}{vis}fn {name}({', '.join(params)}){ret}"
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


def recursive_classes(program: Program) -> set[str]:
    """Classes whose struct would contain itself (directly or through Optional / tuple fields)."""
    structs: dict[str, set[str]] = {}
    for mod in program.modules.values():
        for c in mod.classes.values():
            root = program.root_of(c.name)
            deps = structs.setdefault(root, set())
            if c.shared:
                continue  # a handle: the object lives behind a pointer already
            for ft in c.fields.values():
                deps.update(program.root_of(n) for n in _inline_classes(ft))
    out: set[str] = set()
    for start in structs:
        seen: set[str] = set()
        stack = list(structs[start])
        while stack:
            cur = stack.pop()
            if cur == start:
                out.add(start)
                break
            if cur in seen:
                continue
            seen.add(cur)
            stack.extend(structs.get(cur, ()))
    return out


def _inline_classes(t: T.Type) -> list[str]:
    t = R(t)
    if isinstance(t, T.ClassT):
        return [t.name]
    if isinstance(t, T.OptionalT):
        return _inline_classes(t.inner)
    if isinstance(t, T.TupleT):
        return [n for e in t.elems for n in _inline_classes(e)]
    return []


def ascii_hint_fields(cls: ClassInfo) -> set[str]:
    """str fields that methods index (`self.f[i]`) and only __init__ assigns: the struct carries
    `f_is_ascii`, computed once, so indexing them is O(1) instead of a scan per index."""
    from transpiler.ir.walk import body_nodes

    if cls.shared:
        return set()  # fields of shared objects are read through accessors, one access at a time
    indexed: set[str] = set()
    assigned_outside_init: set[str] = set()
    for mname, m in cls.methods.items():
        if not m.node.params:
            continue
        me = m.node.params[0].name
        for n in body_nodes(m.node.body):
            if isinstance(n, N.Subscript | N.Call) and True:
                target = n.value if isinstance(n, N.Subscript) else (n.args[0] if n.args and isinstance(
                    n.func, N.Name) and n.func.id == "len" else None)
                if isinstance(target, N.Attribute) and isinstance(target.value, N.Name) \
                        and target.value.id == me and isinstance(R(target.ty), T.StrT):
                    indexed.add(target.attr)
            if isinstance(n, N.Assign | N.AugAssign) and mname != "__init__":
                targets = n.targets if isinstance(n, N.Assign) else (n.target,)
                for t in targets:
                    if isinstance(t, N.Attribute) and isinstance(t.value, N.Name) and t.value.id == me:
                        assigned_outside_init.add(t.attr)
    return {f for f in indexed if f in cls.fields and f not in assigned_outside_init
            and isinstance(R(cls.fields[f]), T.StrT)}


def method_rust_name(py: str) -> str:
    if py.startswith("__") and py.endswith("__"):
        return "dunder_" + py.strip("_")
    return snake(py)


def class_const_name(program: Program, cls: str, name: str) -> str:
    """Class constants of a hierarchy share the root struct's namespace: prefix those of subclasses."""
    if len(program.hierarchy(cls)) > 1 and program.root_of(cls) != cls:
        return f"{upper(cls)}_{upper(name)}"
    return upper(name)


def class_var_cell(program: Program, cls: str, name: str) -> str:
    """The associated function that reaches the cell of a rebound class attribute."""
    return class_const_name(program, cls, name).lower() + "_var"


def default_for(t: T.Type) -> str | None:
    return default_value(t)


_BARE_TYPE = re.compile(r"(?<![\w:])([A-Z]\w*)\b")
# the program last indexed (weakly: the index must not keep a program alive), its number of modules then, and
# Rust name -> (module #, class #, module name, class name)
_RUST_CLASS_INDEX: tuple[weakref.ref[Program], int, dict[str, list[tuple[int, int, str, str]]]] | None = None


def _classes_by_rust_name(program: Program) -> dict[str, list[tuple[int, int, str, str]]]:
    """Every class of the program by its Rust name, with its position: one pass, not one per module emitted."""
    global _RUST_CLASS_INDEX
    if _RUST_CLASS_INDEX is None or _RUST_CLASS_INDEX[0]() is not program \
            or _RUST_CLASS_INDEX[1] != len(program.modules):
        index: dict[str, list[tuple[int, int, str, str]]] = {}
        for i, mod in enumerate(program.modules.values()):
            for j, cname in enumerate(mod.classes):
                index.setdefault(camel(cname), []).append((i, j, mod.name, cname))
        _RUST_CLASS_INDEX = (weakref.ref(program), len(program.modules), index)
    return _RUST_CLASS_INDEX[2]
