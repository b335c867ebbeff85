"""Calls: builtins, methods of built-in types, user functions, constructors and library functions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transpiler.codegen.rust import emit_io, emit_numpy, emit_web
from transpiler.codegen.rust import syntax as S
from transpiler.codegen.rust.emit_expr import Refused, Val, default_value, lit_str
from transpiler.codegen.rust.emit_fn import (
    MUTATING_METHODS,
    chainable,
    modpath,
    shared_container,
    shared_field_name,
)
from transpiler.codegen.rust.names import camel, snake
from transpiler.codegen.rust.rtypes import is_copy, rust_type, shared_class, struct_name

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import ClassInfo, FuncInfo
from transpiler.ir.walk import walk

if TYPE_CHECKING:
    from transpiler.codegen.rust.emit_fn import FunctionEmitter

R = T.resolve


def emit_call(fe: FunctionEmitter, e: N.Call) -> Val:
    func = e.func
    if isinstance(func, N.Attribute):
        return method_call(fe, e, func)
    if isinstance(func, N.Name):
        var = fe.lookup_var(func.id)
        if var is not None and var.mode in ("closure", "boxed") and func.id in fe.fn.nested:
            return Val(S.call(var.rust, *user_args(fe, e, fe.fn.nested[func.id], 0)), e.ty, "owned")
        if var is not None:
            ft = R(var.ty)
            if not isinstance(ft, T.FuncT):
                raise Refused(e.span, f"`{func.id}` is not callable")
            args = [fe.coerced(a, pt) for a, pt in zip(e.args, ft.params, strict=False)]
            return Val(S.call(var.rust, *args), e.ty, "owned")
        ft = R(func.ty)
        if isinstance(ft, T.ModuleT) and ft.name.startswith("builtins."):
            return builtin(fe, e, ft.name[9:])
        if isinstance(ft, T.ClassRefT):
            return construct(fe, e, ft.name)
        if isinstance(ft, T.ModuleT):
            return module_func(fe, e, ft.name)
        info = fe.resolve_user_function(func.id) if hasattr(fe, "resolve_user_function") else None
        info = info or _find_function(fe, func.id)
        if info is not None:
            path = snake(func.id)
            if func.id in fe.module.imported_names:
                src, orig = fe.module.imported_names[func.id]
                path = f"crate::{modpath(src)}::{snake(orig)}"
            return Val(S.call(path, *user_args(fe, e, info, 0)), e.ty, "owned")
    raise Refused(e.span, "unsupported call")


def _find_function(fe: FunctionEmitter, name: str) -> FuncInfo | None:
    if name in fe.fn.nested:
        return fe.fn.nested[name]
    if name in fe.module.functions:
        return fe.module.functions[name]
    if name in fe.module.imported_names:
        src, orig = fe.module.imported_names[name]
        other = fe.program.modules.get(src)
        if other is not None and orig in other.functions:
            return other.functions[orig]
    return None


def user_args(fe: FunctionEmitter, e: N.Call, info: FuncInfo, skip: int) -> list[S.RExpr]:
    """Arguments in parameter order: positional, keywords, defaults, and *args packing."""
    params = info.node.params[skip:]
    out: list[S.RExpr | None] = [None] * len(params)
    vararg_i = next((i for i, p in enumerate(params) if p.kind == "vararg"), None)
    var_items: list[S.RExpr] = []
    var_spread: S.RExpr | None = None
    pos = 0
    for a in e.args:
        if isinstance(a, N.Starred):
            if vararg_i is None:
                raise Refused(a.span, "`*args` in a call needs a `*args` parameter")
            var_spread = fe.val(a.value)
            continue
        if pos < len(params) and params[pos].kind == "positional":
            out[pos] = fe.arg_for_param(info, pos + skip, a)
            pos += 1
        elif vararg_i is not None:
            var_items.append(fe.coerced(a, info.param_types[vararg_i + skip]))
        else:
            raise Refused(a.span, "too many arguments")
    kwarg_i = next((i for i, p in enumerate(params) if p.kind == "kwarg"), None)
    kw_items: list[str] = []
    for kw in e.keywords:
        if kw.name is None:
            raise Refused(kw.span, "`**` unpacking in a call is not supported")
        idx = next((i for i, p in enumerate(params) if p.name == kw.name and p.kind != "kwarg"), None)
        if idx is None and kwarg_i is not None:  # packed into **kwargs, in call order as in Python
            value = fe.coerced(kw.value, info.param_types[kwarg_i + skip])
            kw_items.append(f"(String::from({lit_str(kw.name)}), {value.code})")
            continue
        if idx is None:
            raise Refused(kw.span, f"unknown keyword argument `{kw.name}`")
        out[idx] = fe.arg_for_param(info, idx + skip, kw.value)
    if kwarg_i is not None:
        vt = rust_type(info.param_types[kwarg_i + skip])
        out[kwarg_i] = S.RExpr(f"pyrt::dict::from_pairs::<String, {vt}>([{', '.join(kw_items)}])")
    if vararg_i is not None:
        if var_spread is not None and not var_items:
            out[vararg_i] = var_spread
        elif var_spread is not None:
            raise Refused(e.span, "mixing `*args` with extra positional arguments")
        else:
            out[vararg_i] = S.RExpr("vec![" + ", ".join(v.code for v in var_items) + "]")
    result: list[S.RExpr] = []
    for i, p in enumerate(params):
        v = out[i]
        if v is None:
            if p.default is None:
                raise Refused(e.span, f"missing argument `{p.name}`")
            v = fe.arg_for_param(info, i + skip, p.default)
        result.append(v)
    return result


def field_default(fe: FunctionEmitter, default: N.Expr, pt: T.Type) -> S.RExpr:
    """A dataclass field's default: a plain value, or `field(default=...)` / `field(default_factory=...)`."""
    if isinstance(default, N.Call) and isinstance(R(default.func.ty), T.ModuleT) \
            and R(default.func.ty).name.endswith("field"):  # type: ignore[attr-defined]
        for kw in default.keywords:
            if kw.name == "default":
                return fe.coerced(kw.value, pt)
            if kw.name == "default_factory":
                f = kw.value
                if isinstance(f, N.Name) and f.id in ("list", "dict", "set", "int", "float", "str", "bool"):
                    dv = default_value(pt)
                    if dv is not None:
                        return S.RExpr(dv)
                if isinstance(f, N.Lambda):
                    return fe.coerced(f.body, pt)
                return fe.coerced(N.Call(f, (), (), pt, default.span), pt)
        raise Refused(default.span, "field() needs default= or default_factory=")
    return fe.coerced(default, pt)


def construct(fe: FunctionEmitter, e: N.Call, name: str) -> Val:
    if fe.is_exception_class(name):
        msg = '""'
        if e.args:
            a = e.args[0]
            msg = fe.borrow(fe.expr(a)).code if isinstance(R(a.ty), T.StrT) else \
                f"pyrt::to_str({fe.borrow(fe.expr(a)).code})"
        return Val(S.call("pyrt::PyErr::new", lit_str(name), msg), T.EXC, "owned")
    cls = fe.program.find_class(name)
    if cls is None:
        raise Refused(e.span, f"unknown class `{name}`")
    path = struct_name(name)
    root = fe.program.find_class(fe.program.root_of(name))
    if root is not None and root.module != fe.module.name:
        path = f"crate::{modpath(root.module)}::{path}"
    if len(fe.program.hierarchy(name)) > 1:
        found = fe.program.find_method(name, "__init__")
        args = user_args(fe, e, found[1], 1) if found is not None else []
        return Val(S.call(f"{path}::new_{snake(name)}", *args), e.ty, "owned")
    init = cls.methods.get("__init__")
    if init is not None:
        return Val(S.call(f"{path}::new", *user_args(fe, e, init, 1)), e.ty, "owned")
    params = cls.ctor_params()
    vals: dict[str, S.RExpr] = {}
    for (pname, pt, _), a in zip(params, e.args, strict=False):
        vals[pname] = fe.coerced(a, pt)
    for kw in e.keywords:
        match = [p for p in params if p[0] == kw.name]
        if not match:
            raise Refused(kw.span, f"unknown field `{kw.name}`")
        vals[kw.name or ""] = fe.coerced(kw.value, match[0][1])
    fields = []
    for pname, pt, default in params:
        if pname in vals:
            fields.append(f"{snake(pname)}: {vals[pname].code}")
        elif default is not None:
            fields.append(f"{snake(pname)}: {field_default(fe, default, pt).code}")
        else:
            raise Refused(e.span, f"missing argument `{pname}`")
    return Val(S.RExpr(f"{path} {{ " + ", ".join(fields) + " }"), e.ty, "owned")


# Keyword arguments each builtin, library function or built-in type's method handles; any other keyword is
# refused, never dropped (`sum(xs, start=10)` must not become `sum(xs)`).
_BUILTIN_KEYWORDS: dict[str, tuple[str, ...]] = {
    "print": ("sep", "end", "file", "flush"), "sorted": ("key", "reverse"), "min": ("key", "default"),
    "max": ("key", "default"), "open": ("mode", "encoding", "newline"),
}
_METHOD_KEYWORDS: dict[str, tuple[str, ...]] = {"split": ("sep", "maxsplit"), "rsplit": ("sep", "maxsplit"),
                                                "sort": ("key", "reverse")}


def _check_keywords(e: N.Call, what: str, allowed: tuple[str, ...]) -> None:
    for kw in e.keywords:
        if kw.name not in allowed:
            shown = f"**{kw.name}" if kw.name is None else kw.name
            raise Refused(kw.span, f"keyword argument `{shown}` of `{what}` is not supported")


def method_call(fe: FunctionEmitter, e: N.Call, func: N.Attribute) -> Val:
    if isinstance(R(func.value.ty), T.OptionalT):
        func = N.Attribute(fe.deopt(func.value, "AttributeError",
                                    f"'NoneType' object has no attribute '{func.attr}'"), func.attr, func.ty, func.span)
    recv_t = R(func.value.ty)
    if isinstance(recv_t, T.ArrayT | T.NpGeneratorT):
        return emit_numpy.method_call(fe, e, func)
    attr = func.attr
    if isinstance(recv_t, T.ModuleT):
        return module_func(fe, e, f"{recv_t.name}.{attr}")
    if isinstance(recv_t, T.ClassT | T.ClassRefT):
        return class_method(fe, e, func, recv_t)
    container = shared_container(func.value)
    if container is not None and func.attr == "sort" and isinstance(recv_t, T.ListT):
        # the key function and the items' __lt__ are user code, which may read the object: sort the list
        # taken out of it, as CPython does (the list reads as empty meanwhile), and put it back
        if container is not func.value:
            raise Refused(e.span, "sorting a list nested in a field of a shared object is not supported",
                          "sort a local copy and assign it back")
        owner = fe.expr(fe.deopt(container.value)).e.at(S.UNARY + 1)
        field = shared_field_name(fe.program, shared_class(container.value.ty) or "", container.attr)
        tmp = fe.fresh(snake(container.attr).removeprefix("r#"))
        fe.bind_temp(tmp, recv_t)
        try:
            item = N.Name(tmp, recv_t, func.span)
            sort = list_method(fe, N.Call(N.Attribute(item, "sort", func.ty, func.span), e.args, e.keywords, e.ty,
                                          e.span), N.Attribute(item, "sort", func.ty, func.span), recv_t)
        finally:
            fe.unbind_temp(tmp)
        return Val(S.RExpr(f"{{ let mut {tmp} = std::mem::take(&mut {owner}.0.borrow_mut().{field}); "
                           f"{sort.e.code}; {owner}.0.borrow_mut().{field} = {tmp}; }}"), T.NONE, "owned")
    if container is not None and container is not func.value and func.attr in MUTATING_METHODS:
        # `o.rows[i].append(v)`: operands into locals, then the call under one borrow of o
        lets_, place, _ = fe.hoist_operands(func.value, container, None)
        hoisted_args = [fe.hoist_expr(a, lets_) for a in e.args]
        v = fe.through_shared_expr(container, place, lambda local: method_call(
            fe, N.Call(N.Attribute(local, func.attr, func.ty, func.span), tuple(hoisted_args), e.keywords, e.ty,
                       e.span), N.Attribute(local, func.attr, func.ty, func.span)))
        if not lets_:
            return v
        code = "{ " + " ".join(x.text for x in lets_ if isinstance(x, S.Line)) + " " + v.e.code + " }"
        return Val(S.RExpr(code), v.ty, "owned")
    if isinstance(func.value, N.Attribute) and shared_class(func.value.value.ty) is not None \
            and func.attr in MUTATING_METHODS and not all(isinstance(x, N.Const | N.Name) for x in e.args):
        # `o.xs.append(v)` on a shared o: evaluate the arguments before borrowing o mutably
        lets: list[str] = []
        hoisted: list[N.Expr] = []
        for a in e.args:
            if isinstance(a, N.Const | N.Name):
                hoisted.append(a)
                continue
            tmp = fe.fresh("a")
            lets.append(f"let {tmp} = {fe.val(a).code};")
            fe.bind_temp(tmp, a.ty)
            hoisted.append(N.Name(tmp, a.ty, a.span))
        try:
            inner = method_call(fe, N.Call(e.func, tuple(hoisted), e.keywords, e.ty, e.span), func)
        finally:
            for x in hoisted:
                if isinstance(x, N.Name) and x.id.startswith("a_"):
                    fe.unbind_temp(x.id)
        return Val(S.RExpr("{ " + " ".join(lets) + f" {inner.e.code} }}"), inner.ty, inner.kind)
    if not (isinstance(recv_t, T.StrT) and attr == "format"  # str.format handles its own keywords
            or isinstance(recv_t, T.OpaqueT) and recv_t.name.startswith(("csv.", "par."))):
        _check_keywords(e, f".{attr}()", _METHOD_KEYWORDS.get(attr, ()))
    if isinstance(recv_t, T.StrT):
        return str_method(fe, e, func)
    if isinstance(recv_t, T.ListT):
        return list_method(fe, e, func, recv_t)
    if isinstance(recv_t, T.DictT) and recv_t.factory == "counter" and func.attr in ("update", "most_common",
                                                                                     "total"):
        return counter_method(fe, e, func, recv_t)
    if isinstance(recv_t, T.DictT):
        return dict_method(fe, e, func, recv_t)
    if isinstance(recv_t, T.DequeT):
        return deque_method(fe, e, func, recv_t)
    if isinstance(recv_t, T.SetT):
        return set_method(fe, e, func, recv_t)
    if isinstance(recv_t, T.FileT):
        fe.mark_mut_expr(func.value)
        base = fe.expr(func.value)
        args = [fe.borrow(fe.expr(a)) if isinstance(R(a.ty), T.StrT) else fe.val(a) for a in e.args]
        if attr == "read" and args:
            return Val(S.method(base.e, "read_n", *args), e.ty, "owned")
        if attr in ("read", "readline", "readlines", "write", "close", "flush"):
            if attr == "flush":
                return Val(S.RExpr("()"), T.NONE, "owned")
            return Val(S.method(base.e, attr, *args), e.ty, "owned")
    if isinstance(recv_t, T.BytesT) and attr == "decode":
        base = fe.expr(func.value)
        return Val(S.RExpr(f"String::from_utf8_lossy({fe.borrow(base).code}).into_owned()"), T.STR, "owned")
    if isinstance(recv_t, T.OpaqueT) and recv_t.name.startswith(("csv.", "par.")):
        return emit_io.method_call(fe, e, func)
    if isinstance(recv_t, T.OpaqueT):
        base = fe.expr(func.value)
        b = base.e.at(S.UNARY + 1)
        args_code = [fe.borrow(fe.expr(a)).code if isinstance(R(a.ty), T.StrT) else fe.int_val(a).code
                     for a in e.args]
        if recv_t.name == "re.Match":
            if attr == "group":
                return Val(S.RExpr(f"{b}.group({args_code[0] if args_code else '0'})"), e.ty, "owned")
            if attr in ("groups", "start", "end", "span"):
                return Val(S.RExpr(f"{b}.{attr}()"), e.ty, "owned")
        if recv_t.name == "re.Pattern":
            name = "match_" if attr == "match" else attr
            extra = {"sub": ", 0", "split": ", 0"}.get(attr, "")
            return Val(S.RExpr(f"{b}.{name}({', '.join(args_code)}{extra})"), e.ty, "owned")
    if isinstance(recv_t, T.ComplexT) and attr == "conjugate":
        return Val(S.method(fe.val(func.value), "conjugate"), T.COMPLEX, "owned")
    if isinstance(recv_t, T.BigIntT) and attr == "bit_length" and not e.args:
        return Val(S.call("pyrt::bigint::bit_length", fe.borrow(fe.expr(func.value))), T.INT, "owned")
    if isinstance(recv_t, T.IntT) and attr == "bit_length" and not e.args:
        return Val(S.call("pyrt::int::bit_length", fe.val(func.value)), T.INT, "owned")
    if isinstance(recv_t, T.FloatT) and attr == "is_integer":
        return Val(S.call("pyrt::float::is_integer", fe.val(func.value)), T.BOOL, "owned")
    raise Refused(e.span, f"unsupported method `.{attr}()` on {recv_t.show()}")


def class_method(fe: FunctionEmitter, e: N.Call, func: N.Attribute, recv_t: T.ClassT | T.ClassRefT) -> Val:
    if isinstance(func.value, N.Call) and isinstance(func.value.func, N.Name) and func.value.func.id == "super":
        return super_call(fe, e, func, recv_t.name)
    cls: ClassInfo | None = fe.program.find_class(recv_t.name)
    while cls is not None and func.attr not in cls.methods:
        cls = fe.program.find_class(cls.base) if cls.base else None
    if cls is None:
        raise Refused(e.span, f"no method `{func.attr}`")
    info = cls.methods[func.attr]
    name = fe.method_name(func.attr)
    if info.is_static or isinstance(recv_t, T.ClassRefT):
        skip = 1 if info.is_classmethod else 0
        return Val(S.call(f"{struct_name(cls.name)}::{name}", *user_args(fe, e, info, skip)), e.ty, "owned")
    if info.mutates_self:
        fe.mark_mut_expr(func.value)
    args = user_args(fe, e, info, 1)
    base = fe.expr(func.value)
    if info.mutates_self and any(isinstance(n, N.Call) for a in e.args for n in walk(a)):
        # arguments are evaluated before the method takes `&mut` of its receiver
        lets = " ".join(f"let a{i}_ = {a.code};" for i, a in enumerate(args))
        call = S.method(base.e, name, *[f"a{i}_" for i in range(len(args))])
        return Val(S.RExpr(f"{{ {lets} {call.code} }}"), e.ty, "owned")
    return Val(S.method(base.e, name, *args), e.ty, "owned")


def impl_name(fe: FunctionEmitter, cls: ClassInfo, method: str) -> str:
    """The Rust name of `cls`'s own implementation of `method` (suffixed when the hierarchy dispatches it)."""
    if method == "__init__":
        return f"init_{snake(cls.name)}"
    family = fe.program.hierarchy(cls.name)
    if len(family) > 1 and sum(1 for c in family if method in c.methods) > 1:
        return f"{fe.method_name(method)}_{snake(cls.name)}"
    return fe.method_name(method)


def super_call(fe: FunctionEmitter, e: N.Call, func: N.Attribute, parent: str) -> Val:
    """`super().m(args)`: a static call of the parent's implementation, never the dispatcher."""
    found = fe.program.find_method(parent, func.attr)
    if found is None:
        raise Refused(e.span, f"no `{func.attr}` in the base classes")
    impl_cls, info = found
    if func.attr == "__init__" and len(fe.program.hierarchy(parent)) < 2:
        raise Refused(e.span, "super().__init__ needs a class hierarchy")
    return Val(S.method(S.RExpr("self"), impl_name(fe, impl_cls, func.attr), *user_args(fe, e, info, 1)),
               e.ty, "owned")


def isinstance_call(fe: FunctionEmitter, e: N.Call) -> Val:
    obj, cls_e = e.args[0], e.args[1]
    names = [x.id for x in cls_e.elts if isinstance(x, N.Name)] if isinstance(cls_e, N.TupleLit) else (
        [cls_e.id] if isinstance(cls_e, N.Name) else [])
    if not names:
        raise Refused(e.span, "isinstance() needs a class name or a tuple of class names")
    ot = R(obj.ty)
    builtin = {"int": T.IntT, "float": T.FloatT, "str": T.StrT, "bool": T.BoolT, "list": T.ListT,
               "dict": T.DictT, "set": T.SetT, "tuple": T.TupleT}
    parts: list[str] = []
    for n in names:
        if n in builtin:
            parts.append("true" if isinstance(ot, builtin[n]) else "false")
            continue
        if not isinstance(ot, T.ClassT):
            parts.append("false")
            continue
        if not fe.program.is_subclass(n, fe.program.root_of(ot.name)):
            parts.append("false")
            continue
        family = fe.program.hierarchy(ot.name)
        if len(family) < 2:
            parts.append("true")
            continue
        tag = f"{struct_name(ot.name)}Class"
        subs = " | ".join(f"{tag}::{camel(c.name)}" for c in fe.program.subclasses(n))
        v = fe.expr(obj)
        tag_of = ".class_()" if shared_class(ot) else ".class_"
        parts.append(f"matches!({v.e.at(S.UNARY + 1)}{tag_of}, {subs})")
    return Val(S.RExpr(" || ".join(parts), S.OR if len(parts) > 1 else S.ATOM), T.BOOL, "owned")


def _s(fe: FunctionEmitter, a: N.Expr) -> str:
    return fe.borrow(fe.expr(a)).code


# str predicates that have a char form in pyrt::pystr: on `s[i]` they test the char, no String built
# (for one character `all(pred)` over a non-empty string is `pred(c)`).
CHAR_PREDICATES = {"isdigit": "char_isdigit", "isalpha": "char_isalpha", "isnumeric": "char_isnumeric",
                   "isdecimal": "char_isdecimal", "isspace": "is_space"}


def str_method(fe: FunctionEmitter, e: N.Call, func: N.Attribute) -> Val:
    attr = func.attr
    if attr in CHAR_PREDICATES and not e.args:
        ch = fe.char_of(func.value)
        if ch is not None:
            return Val(S.call(f"pyrt::pystr::{CHAR_PREDICATES[attr]}", ch), e.ty, "owned")
    recv = func.value
    if attr == "count" and len(e.args) == 1 and isinstance(e.args[0], N.Const) and e.args[0].value == "1" \
            and isinstance(recv, N.Call) and isinstance(recv.func, N.Name) and recv.func.id == "bin" \
            and len(recv.args) == 1 and not recv.keywords and isinstance(R(recv.args[0].ty), T.IntT):
        # bin(x).count("1"): the population count of |x|
        return Val(S.call("pyrt::int::bit_count", fe.int_val(recv.args[0])), e.ty, "owned")
    base = fe.borrow(fe.expr(func.value)).code
    args = e.args
    n = len(args)
    t = e.ty

    def out(code: str) -> Val:
        return Val(S.RExpr(code), t, "owned")

    if attr in ("strip", "lstrip", "rstrip"):
        no_chars = n == 0 or isinstance(args[0], N.Const) and args[0].value is None
        chars = "None" if no_chars else f"Some({_s(fe, args[0])})"
        return out(f"pyrt::pystr::{attr}({base}, {chars})")
    if attr in ("split", "rsplit"):
        sep = "None" if n == 0 or isinstance(args[0], N.Const) and args[0].value is None else f"Some({_s(fe, args[0])})"
        maxsplit = fe.int_val(args[1]).code if n > 1 else "-1"
        for kw in e.keywords:
            if kw.name == "maxsplit":
                maxsplit = fe.int_val(kw.value).code
            if kw.name == "sep":
                sep = f"Some({_s(fe, kw.value)})"
        return out(f"pyrt::pystr::{attr}({base}, {sep}, {maxsplit})")
    if attr == "join":
        if isinstance(R(args[0].ty), T.ListT) and isinstance(args[0], N.Name | N.Attribute | N.Subscript):
            return out(f"pyrt::pystr::join({base}, {fe.borrow(fe.expr(args[0])).code})")  # the list in place
        return out(f"pyrt::pystr::join({base}, {fe.collect_iter(args[0]).code})")
    if attr == "replace":
        count = fe.int_val(args[2]).code if n > 2 else "-1"
        return out(f"pyrt::pystr::replace({base}, {_s(fe, args[0])}, {_s(fe, args[1])}, {count})")
    if attr in ("find", "rfind", "index", "rindex", "count", "startswith", "endswith", "removeprefix",
                "removesuffix", "partition", "rpartition"):
        if attr in ("startswith", "endswith") and n == 1 and isinstance(R(args[0].ty), T.TupleT):
            tup = args[0]
            if isinstance(tup, N.TupleLit):
                parts = [f"pyrt::pystr::{attr}({base}, {_s(fe, x)})" for x in tup.elts]
                return Val(S.RExpr(" || ".join(parts), S.OR), t, "owned")
        if n != 1:
            raise Refused(e.span, f"str.{attr} with {n} arguments")
        fn_name = "index_of" if attr == "index" else attr
        return out(f"pyrt::pystr::{fn_name}({base}, {_s(fe, args[0])})")
    if attr in ("upper", "lower", "capitalize", "title", "swapcase", "isdigit", "isalpha", "isalnum",
                "isspace", "isupper", "islower", "isnumeric", "isdecimal", "casefold", "splitlines", "zfill"
                ) and (n == 0 or attr == "zfill"):
        extra = "" if n == 0 else ", " + fe.int_val(args[0]).code
        return out(f"pyrt::pystr::{attr}({base}{extra})")
    if attr in ("center", "ljust", "rjust"):
        fill = "' '"
        if n > 1:
            a1 = args[1]
            if isinstance(a1, N.Const) and isinstance(a1.value, str) and len(a1.value) == 1:
                fill = repr(a1.value) if a1.value not in ("'", "\\") else ("'\\''" if a1.value == "'" else "'\\\\'")
            else:
                raise Refused(e.span, "fill character must be a literal")
        return out(f"pyrt::pystr::{attr}({base}, {fe.int_val(args[0]).code}, {fill})")
    if attr == "encode":
        return out(f"{base}.as_bytes().to_vec()")
    if attr == "format":
        return str_format(fe, e, func)
    raise Refused(e.span, f"unsupported str method `{attr}`")


def str_format(fe: FunctionEmitter, e: N.Call, func: N.Attribute) -> Val:
    """`"...".format(...)` on a literal format string: compiled like the equivalent f-string."""
    fmt = func.value
    if not (isinstance(fmt, N.Const) and isinstance(fmt.value, str)):
        raise Refused(e.span, "str.format() on a computed format string", "use an f-string")
    text = fmt.value
    parts: list[N.Expr] = []
    auto = 0
    i = 0
    lit: list[str] = []
    kwargs = {k.name: k.value for k in e.keywords if k.name is not None}
    while i < len(text):
        ch = text[i]
        if ch in "{}" and text[i:i + 2] in ("{{", "}}"):
            lit.append(ch)
            i += 2
            continue
        if ch == "}":
            raise Refused(fmt.span, "single '}' encountered in format string")
        if ch != "{":
            lit.append(ch)
            i += 1
            continue
        end = text.find("}", i)
        if end < 0:
            raise Refused(fmt.span, "unmatched '{' in format string")
        field = text[i + 1:end]
        if "{" in field:
            raise Refused(fmt.span, "nested replacement fields are not supported")
        name, _, spec = field.partition(":")
        name, _, conv = name.partition("!")
        if name == "":
            idx: int | str = auto
            auto += 1
        elif name.isdigit():
            idx = int(name)
        else:
            idx = name
        if isinstance(idx, int):
            if idx >= len(e.args):
                raise Refused(e.span, f"Replacement index {idx} out of range for positional args tuple")
            value = e.args[idx]
        else:
            if idx not in kwargs:
                raise Refused(e.span, f"format() has no argument `{idx}`")
            value = kwargs[idx]
        if lit:
            parts.append(N.Const("".join(lit), T.STR, fmt.span))
            lit = []
        parts.append(N.FormattedValue(value, conv or None, spec or None, T.STR, fmt.span))
        i = end + 1
    if lit:
        parts.append(N.Const("".join(lit), T.STR, fmt.span))
    return fe.expr(N.FString(tuple(parts), T.STR, e.span))


def list_method(fe: FunctionEmitter, e: N.Call, func: N.Attribute, lt: T.ListT) -> Val:
    attr = func.attr
    args = e.args
    mutating = ("append", "insert", "extend", "pop", "remove", "clear", "sort", "reverse")
    if attr in mutating and isinstance(func.value, N.Subscript) and isinstance(R(func.value.value.ty), T.ListT) \
            and not isinstance(func.value.index, N.Slice):
        # `rows[i].append(v)`: the index (which reads `rows.len()`) first, then the item borrowed mutably
        fe.mark_mut_expr(func.value.value)
        outer = fe.expr(func.value.value)
        idx = fe.index_code(func.value.index, outer)
        if "norm_index" in idx:
            tmp = fe.fresh("i")
            fe.bind_temp(tmp + "_item", func.value.ty, rust=f"{outer.e.at(S.UNARY + 1)}[{tmp}]")
            try:
                elem = N.Name(tmp + "_item", func.value.ty, func.value.span)
                v = list_method(fe, N.Call(N.Attribute(elem, attr, func.ty, func.span), args, e.keywords, e.ty,
                                           e.span), N.Attribute(elem, attr, func.ty, func.span), lt)
            finally:
                fe.unbind_temp(tmp + "_item")
            return Val(S.RExpr(f"{{ let {tmp} = {idx}; {v.e.code} }}"), v.ty, v.kind)
    if attr in mutating:
        fe.mark_mut_expr(func.value)
    base = fe.expr(func.value)
    b = base.e.at(S.UNARY + 1)
    t = e.ty

    def out(code: str, kind: str = "owned") -> Val:
        return Val(S.RExpr(code), t, kind)  # type: ignore[arg-type]

    if attr == "append":
        a0 = args[0]
        var = fe.lookup_var(a0.id) if isinstance(a0, N.Name) and id(a0) in fe.movable_args else None
        if var is not None and var.mode == "owned" and R(a0.ty) == R(lt.elem):
            return out(f"{b}.push({var.rust})")  # the loop variable's last use: moved, not cloned
        item = fe.coerced(args[0], lt.elem).code
        if any(isinstance(n, N.Call) for n in walk(args[0])):
            # evaluate the argument first: it may need the receiver too (Python evaluates it before appending)
            return out(f"{{ let item_ = {item}; {b}.push(item_); }}")
        return out(f"{b}.push({item})")
    if attr == "extend":
        return out(f"{b}.extend({_extend_arg(fe.iter_code(args[0], owned=True)[0])})")
    if attr == "insert":
        return out(f"pyrt::list::insert({fe.borrow_mut(base).code}, {fe.int_val(args[0]).code}, "
                   f"{fe.coerced(args[1], lt.elem).code})")
    if attr == "pop":
        idx = "None" if not args else f"Some({fe.int_val(args[0]).code})"
        return out(f"pyrt::list::pop({fe.borrow_mut(base).code}, {idx})")
    if attr == "remove":
        return out(f"pyrt::list::remove({fe.borrow_mut(base).code}, {fe.key_ref(args[0], lt.elem).code})")
    if attr == "clear":
        return out(f"{b}.clear()")
    if attr == "reverse":
        return out(f"{b}.reverse()")
    if attr == "sort":
        key = next((k.value for k in e.keywords if k.name == "key"), None)
        rev = next((k.value for k in e.keywords if k.name == "reverse"), None)
        return Val(sort_code(fe, fe.borrow_mut(base).code, lt.elem, key, rev), T.NONE, "owned")
    if attr == "index":
        return out(f"pyrt::list::index({fe.borrow(base).code}, {fe.key_ref(args[0], lt.elem).code})")
    if attr == "count":
        return out(f"pyrt::list::count({fe.borrow(base).code}, {fe.key_ref(args[0], lt.elem).code})")
    if attr == "copy":
        return out(fe.owned(base).code)
    raise Refused(e.span, f"unsupported list method `{attr}`")


def sort_code(fe: FunctionEmitter, target: str, elem: T.Type, key: N.Expr | None, rev: N.Expr | None) -> S.RExpr:
    reverse = fe.truthy(rev).code if rev is not None else "false"
    if key is None:
        if reverse == "false":
            return S.RExpr(f"pyrt::list::sort({target})")
        return S.RExpr(f"pyrt::list::sort_by_key({target}, |x| x.clone(), {reverse})")
    if isinstance(key, N.Call) and isinstance(R(key.func.ty), T.ModuleT) \
            and R(key.func.ty).name == "functools.cmp_to_key":  # type: ignore[attr-defined]
        return _sort_by_cmp(fe, target, elem, key.args[0], reverse)
    x = fe.fresh("k")
    fe.bind_temp(x, elem)
    fe.scopes[-1][x].mode = "ref"
    try:
        if isinstance(key, N.Lambda):
            body = fe.inline_lambda(key, [N.Name(x, elem, key.span)])
        else:
            body = emit_call(fe, N.Call(key, (N.Name(x, elem, key.span),), (), T.UNKNOWN, key.span)).e
    finally:
        fe.unbind_temp(x)
    return S.RExpr(f"pyrt::list::sort_by_key({target}, |{x}| {body.code}, {reverse})")


def _sort_by_cmp(fe: FunctionEmitter, target: str, elem: T.Type, cmp: N.Expr, reverse: str) -> S.RExpr:
    """`sort(key=cmp_to_key(f))`: a stable sort ordered by the sign of f(a, b)."""
    a, b = fe.fresh("a"), fe.fresh("b")
    fe.bind_temp(a, elem)
    fe.scopes[-1][a].mode = "ref"
    fe.bind_temp(b, elem)
    fe.scopes[-1][b].mode = "ref"
    try:
        args = (N.Name(a, elem, cmp.span), N.Name(b, elem, cmp.span))
        if isinstance(cmp, N.Lambda):
            body = fe.inline_lambda(cmp, list(args))
        else:
            body = emit_call(fe, N.Call(cmp, args, (), T.INT, cmp.span)).e
    finally:
        fe.unbind_temp(b)
        fe.unbind_temp(a)
    return S.RExpr(f"pyrt::list::sort_by_cmp({target}, |{a}, {b}| {body.code}, {reverse})")


def dict_method(fe: FunctionEmitter, e: N.Call, func: N.Attribute, dt: T.DictT) -> Val:
    attr = func.attr
    args = e.args
    if attr in ("pop", "setdefault", "update", "clear", "popitem"):
        fe.mark_mut_expr(func.value)
    base = fe.expr(func.value)
    b = base.e.at(S.UNARY + 1)
    t = e.ty
    if attr == "get":
        k = fe.key_ref(args[0], dt.key).code
        if len(args) > 1:
            dflt = fe.coerced(args[1], dt.value)
            return Val(S.RExpr(f"{b}.get({k}).cloned().unwrap_or({dflt.code})"), t, "owned") if not is_copy(
                dt.value) else Val(S.RExpr(f"{b}.get({k}).copied().unwrap_or({dflt.code})"), t, "owned")
        return Val(S.RExpr(f"{b}.get({k}).{'copied' if is_copy(dt.value) else 'cloned'}()"), t, "owned")
    if attr in ("keys", "values", "items"):
        it = R(t)
        return Val(fe.collect_iter(e), T.ListT(it.elem if isinstance(it, T.IterT) else T.UNKNOWN), "owned")
    if attr == "pop":
        k = fe.key_ref(args[0], dt.key).code
        if len(args) > 1:
            return Val(S.RExpr(f"{b}.shift_remove({k}).unwrap_or({fe.coerced(args[1], dt.value).code})"), t,
                       "owned")
        return Val(S.RExpr(f"pyrt::dict::pop({fe.borrow_mut(base).code}, {k})"), t, "owned")
    if attr == "setdefault":
        k = fe.coerced(args[0], dt.key).code
        v = fe.coerced(args[1], dt.value).code if len(args) > 1 else "Default::default()"
        # the dict's own value, so `d.setdefault(k, []).append(x)` mutates the entry; a value use copies it
        return Val(S.RExpr(f"{b}.entry({k}).or_insert({v})"), t, "refmut")
    if attr == "update":
        return Val(S.RExpr(f"{b}.extend({fe.borrow(fe.expr(args[0])).code}.iter().map(|(k, v)| "
                           f"(k.clone(), v.clone())))"), T.NONE, "owned")
    if attr == "clear":
        return Val(S.RExpr(f"{b}.clear()"), T.NONE, "owned")
    if attr == "copy":
        return Val(fe.owned(base), t, "owned")
    raise Refused(e.span, f"unsupported dict method `{attr}`")


def set_method(fe: FunctionEmitter, e: N.Call, func: N.Attribute, st: T.SetT) -> Val:
    attr = func.attr
    args = e.args
    if attr in ("add", "remove", "discard", "update", "clear", "pop"):
        fe.mark_mut_expr(func.value)
    base = fe.expr(func.value)
    b = base.e.at(S.UNARY + 1)
    if attr == "add":
        return Val(S.RExpr(f"{b}.insert({fe.coerced(args[0], st.elem).code})"), T.NONE, "owned") \
            if False else Val(S.RExpr(f"{{ {b}.insert({fe.coerced(args[0], st.elem).code}); }}"), T.NONE, "owned")
    if attr == "discard":
        return Val(S.RExpr(f"{{ {b}.shift_remove({fe.key_ref(args[0], st.elem).code}); }}"), T.NONE, "owned")
    if attr == "remove":
        k = fe.key_ref(args[0], st.elem).code
        return Val(S.RExpr(f'if !{b}.shift_remove({k}) {{ pyrt::raise("KeyError", pyrt::to_repr({k})); }}'),
                   T.NONE, "owned")
    if attr == "update":
        return Val(S.RExpr(f"{b}.extend({_extend_arg(fe.iter_code(args[0], owned=True)[0])})"), T.NONE, "owned")
    if attr == "clear":
        return Val(S.RExpr(f"{b}.clear()"), T.NONE, "owned")
    if attr in ("union", "intersection", "difference", "symmetric_difference"):
        other = fe.borrow(fe.expr(args[0])).code
        return Val(S.RExpr(f"{b}.{attr}({other}).cloned().collect::<{rust_type(st)}>()"), st, "owned")
    if attr in ("issubset", "issuperset", "isdisjoint"):
        m = {"issubset": "is_subset", "issuperset": "is_superset", "isdisjoint": "is_disjoint"}[attr]
        return Val(S.RExpr(f"{b}.{m}({fe.borrow(fe.expr(args[0])).code})"), T.BOOL, "owned")
    if attr == "copy":
        return Val(fe.owned(base), st, "owned")
    raise Refused(e.span, f"unsupported set method `{attr}`")


def collections_call(fe: FunctionEmitter, e: N.Call, fn: str) -> Val:
    t = R(e.ty)
    if fn == "deque":
        if not e.args:
            return Val(S.RExpr("std::collections::VecDeque::new()"), t, "owned")
        code, _, _ = fe.iter_code(e.args[0], owned=True)
        return Val(S.RExpr(f"{chainable(code)}.collect::<{rust_type(t)}>()"), t, "owned")
    if fn == "Counter":
        if not e.args:
            return Val(S.RExpr("pyrt::Dict::default()"), t, "owned")
        code, _, _ = fe.iter_code(e.args[0], owned=True)
        return Val(S.call("pyrt::dict::counter_from", S.RExpr(code)), t, "owned")
    if fn in ("defaultdict", "OrderedDict"):
        return Val(S.RExpr("pyrt::Dict::default()"), t, "owned")
    raise Refused(e.span, f"unsupported `collections.{fn}`")


def stdlib_call(fe: FunctionEmitter, e: N.Call, mod: str, fn: str) -> Val:
    args = e.args
    t = R(e.ty)

    def ref(i: int) -> str:
        return fe.borrow(fe.expr(args[i])).code

    def out(code: str) -> Val:
        return Val(S.RExpr(code), t, "owned")

    if mod == "random":
        if fn in ("random",):
            return out("pyrt::random::random()")
        if fn == "seed":
            return out(f"pyrt::random::seed({fe.int_val(args[0]).code})")
        if fn in ("randint", "randrange") and fn == "randint":
            return out(f"pyrt::random::randint({fe.int_val(args[0]).code}, {fe.int_val(args[1]).code})")
        if fn == "randrange":
            if len(args) == 1:
                return out(f"pyrt::random::randrange_stop({fe.int_val(args[0]).code})")
            step = fe.int_val(args[2]).code if len(args) > 2 else "1"
            return out(f"pyrt::random::randrange({fe.int_val(args[0]).code}, {fe.int_val(args[1]).code}, {step})")
        if fn in ("uniform", "gauss"):
            return out(f"pyrt::random::{fn}({fe.coerced(args[0], T.FLOAT).code}, {fe.coerced(args[1], T.FLOAT).code})")
        if fn == "choice":
            return out(f"pyrt::random::choice({ref(0)})")
        if fn == "shuffle":
            fe.mark_mut_expr(args[0])
            return out(f"pyrt::random::shuffle({fe.borrow_mut(fe.expr(args[0])).code})")
        if fn == "sample":
            return out(f"pyrt::random::sample({ref(0)}, {fe.int_val(args[1]).code})")
    if mod == "heapq":
        if fn in ("heappush", "heappop", "heapify", "heapreplace", "heappushpop"):
            fe.mark_mut_expr(args[0])
            rest = "".join(f", {fe.coerced(a, R(args[0].ty).elem).code}" for a in args[1:])  # type: ignore[attr-defined]
            return out(f"pyrt::heapq::{fn}({fe.borrow_mut(fe.expr(args[0])).code}{rest})")
        if fn in ("nsmallest", "nlargest"):
            return out(f"pyrt::heapq::{fn}({fe.int_val(args[0]).code}, {ref(1)})")
    if mod == "bisect":
        et = R(args[0].ty).elem  # type: ignore[attr-defined]
        if fn.startswith("insort"):
            fe.mark_mut_expr(args[0])
            return out(f"pyrt::bisect::{fn}({fe.borrow_mut(fe.expr(args[0])).code}, {fe.coerced(args[1], et).code})")
        return out(f"pyrt::bisect::{fn}({ref(0)}, {fe.key_ref(args[1], et).code})")
    if mod == "re":
        rust_fn = "match_" if fn == "match" else fn
        if fn in ("search", "match", "fullmatch", "findall"):
            return out(f"pyrt::re::{rust_fn}({ref(0)}, {ref(1)})")
        if fn == "sub":
            count = fe.int_val(args[3]).code if len(args) > 3 else "0"
            return out(f"pyrt::re::sub({ref(0)}, {ref(1)}, {ref(2)}, {count})")
        if fn == "split":
            maxsplit = fe.int_val(args[2]).code if len(args) > 2 else "0"
            return out(f"pyrt::re::split({ref(0)}, {ref(1)}, {maxsplit})")
        if fn == "compile":
            return out(f"pyrt::re::compile({ref(0)})")
    if mod == "functools" and fn == "reduce":
        code, it_t, _ = fe.iter_code(args[1], owned=True)
        f = args[0]
        acc = fe.fresh("acc")
        x = fe.fresh("x")
        ft = R(f.ty)
        assert isinstance(ft, T.FuncT)
        fe.bind_temp(acc, ft.params[0])
        fe.bind_temp(x, it_t)
        try:
            if isinstance(f, N.Lambda):
                body = fe.inline_lambda(f, [N.Name(acc, ft.params[0], e.span), N.Name(x, it_t, e.span)])
            else:
                body = emit_call(fe, N.Call(f, (N.Name(acc, ft.params[0], e.span), N.Name(x, it_t, e.span)), (),
                                            ft.ret, e.span)).e
        finally:
            fe.unbind_temp(x)
            fe.unbind_temp(acc)
        if len(args) > 2:
            return out(f"{chainable(code)}.fold({fe.coerced(args[2], ft.params[0]).code}, |{acc}, {x}| {body.code})")
        empty = 'pyrt::raise("TypeError", "reduce() of empty iterable with no initial value")'
        return out(f"{{ let mut it_ = {code}; let first_ = it_.next().unwrap_or_else(|| {empty}); "
                   f"it_.fold(first_, |{acc}, {x}| {body.code}) }}")
    if mod == "time":
        return out("std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| "
                   "d.as_secs_f64())")
    raise Refused(e.span, f"unsupported library function `{mod}.{fn}`")


def deque_method(fe: FunctionEmitter, e: N.Call, func: N.Attribute, dt: T.DequeT) -> Val:
    attr = func.attr
    if attr in ("append", "appendleft", "pop", "popleft", "extend", "extendleft", "clear", "rotate"):
        fe.mark_mut_expr(func.value)
    b = fe.expr(func.value).e.at(S.UNARY + 1)
    args = e.args
    if attr == "append":
        return Val(S.RExpr(f"{b}.push_back({fe.coerced(args[0], dt.elem).code})"), T.NONE, "owned")
    if attr == "appendleft":
        return Val(S.RExpr(f"{b}.push_front({fe.coerced(args[0], dt.elem).code})"), T.NONE, "owned")
    if attr in ("pop", "popleft"):
        m = "pop_back" if attr == "pop" else "pop_front"
        return Val(S.RExpr(f'{b}.{m}().unwrap_or_else(|| pyrt::raise("IndexError", "pop from an empty deque"))'),
                   e.ty, "owned")
    if attr == "extend":
        return Val(S.RExpr(f"{b}.extend({_extend_arg(fe.iter_code(args[0], owned=True)[0])})"), T.NONE, "owned")
    if attr == "clear":
        return Val(S.RExpr(f"{b}.clear()"), T.NONE, "owned")
    if attr == "rotate":
        n = fe.int_val(args[0]).code if args else "1"
        return Val(S.RExpr(f"{{ let n_ = {n}; let len_ = {b}.len() as i64; if len_ > 0 {{ "
                           f"{b}.rotate_right(n_.rem_euclid(len_) as usize); }} }}"), T.NONE, "owned")
    raise Refused(e.span, f"unsupported deque method `{attr}`")


def counter_method(fe: FunctionEmitter, e: N.Call, func: N.Attribute, dt: T.DictT) -> Val:
    attr = func.attr
    if attr == "update":
        fe.mark_mut_expr(func.value)
        base = fe.expr(func.value)
        code, _, _ = fe.iter_code(e.args[0], owned=True)
        return Val(S.call("pyrt::dict::counter_update", fe.borrow_mut(base), S.RExpr(code)), T.NONE, "owned")
    base = fe.expr(func.value)
    if attr == "most_common":
        n = f"Some({fe.int_val(e.args[0]).code})" if e.args else "None"
        return Val(S.call("pyrt::dict::most_common", fe.borrow(base), n), e.ty, "owned")
    if attr == "total":
        return Val(S.RExpr(f"{base.e.at(S.UNARY + 1)}.values().sum::<i64>()"), T.INT, "owned")
    raise Refused(e.span, f"unsupported Counter method `{attr}`")


def module_func(fe: FunctionEmitter, e: N.Call, full: str) -> Val:
    if full.startswith("numpy."):
        return emit_numpy.module_func(fe, e, full)
    if full.startswith("flask."):
        return emit_web.module_func(fe, e, full)
    if full == "tempfile.NamedTemporaryFile":  # checks its own keywords
        return _named_temporary_file(fe, e)
    if full.startswith("itertools."):  # checks its own keywords
        return _itertools_call(fe, e, full.removeprefix("itertools."))
    mod, _, fn = full.rpartition(".")
    if mod in ("json", "csv", "os", "os.path", "pyrt_par") and full not in ("os.path.exists", "os.remove"):
        io = emit_io.module_func(fe, e, full)
        if io is not None:
            return io
    _check_keywords(e, f"{full}()", ())
    args = e.args
    t = e.ty
    if mod == "math":
        if fn in ("floor", "ceil", "trunc") and args and isinstance(R(args[0].ty), T.IntT):
            return Val(fe.val(args[0]), T.INT, "owned")
        if fn == "factorial" and len(args) == 1:
            return Val(S.call("pyrt::bigint::factorial", fe.coerced(args[0], T.INT)), T.BIGINT, "owned")
        conv = []
        for a in args:
            conv.append(fe.int_val(a) if fn in ("isqrt", "gcd", "lcm", "factorial", "comb", "perm")
                        else fe.coerced(a, T.FLOAT))
        if fn == "log" and len(conv) == 2:
            return Val(S.call("pyrt::math::log_base", *conv), t, "owned")
        return Val(S.call(f"pyrt::math::{fn}", *conv), t, "owned")
    if mod == "collections":
        return collections_call(fe, e, fn)
    if mod in ("random", "heapq", "bisect", "re", "functools", "time"):
        return stdlib_call(fe, e, mod, fn)
    if full == "sys.exit":
        if not args:
            return Val(S.RExpr("pyrt::sys_exit_none()"), T.NONE, "owned")
        at = R(args[0].ty)
        if isinstance(at, T.StrT):
            return Val(S.call("pyrt::sys_exit_str", fe.borrow(fe.expr(args[0]))), T.NONE, "owned")
        if isinstance(at, T.NoneT):
            return Val(S.RExpr("pyrt::sys_exit_none()"), T.NONE, "owned")
        return Val(S.call("pyrt::sys_exit_int", fe.int_val(args[0])), T.NONE, "owned")
    if full == "sys.setrecursionlimit" and len(args) == 1:
        return Val(S.call("pyrt::exc::set_recursion_limit", fe.int_val(args[0])), T.NONE, "owned")
    if full == "sys.getrecursionlimit" and not args:
        return Val(S.RExpr("pyrt::exc::get_recursion_limit()"), T.INT, "owned")
    if full == "sys.stdin.read":
        return Val(S.RExpr("pyrt::io::read_stdin()"), T.STR, "owned")
    if full == "sys.stdin.readline":
        return Val(S.RExpr("pyrt::io::readline_stdin()"), T.STR, "owned")
    if full == "sys.stdin.readlines":
        return Val(S.RExpr("pyrt::io::stdin_lines().collect::<Vec<String>>()"), t, "owned")
    if full in ("sys.stdout.write", "sys.stderr.write"):
        s = fe.borrow(fe.expr(args[0])).code
        f = "print" if "stdout" in full else "eprint"
        return Val(S.RExpr(f'{{ let s_: &str = {s}; pyrt::io::{f}(format_args!("{{}}", s_)); '
                           f"pyrt::pystr::len(s_) }}"), T.INT, "owned")
    if full in ("sys.stdout.flush", "sys.stderr.flush"):
        return Val(S.RExpr("pyrt::io::flush_stdout()"), T.NONE, "owned")
    if full == "os.path.exists":
        return Val(S.call("pyrt::io::path_exists", fe.borrow(fe.expr(args[0]))), T.BOOL, "owned")
    if full == "os.remove":
        return Val(S.call("pyrt::io::remove_file", fe.borrow(fe.expr(args[0]))), T.NONE, "owned")
    if full.startswith("static."):
        _, cname, mname = full.split(".")
        cls = fe.program.find_class(cname)
        if cls is not None and mname in cls.methods:
            info = cls.methods[mname]
            skip = 1 if info.is_classmethod else 0
            return Val(S.call(f"{camel(cname)}::{fe.method_name(mname)}", *user_args(fe, e, info, skip)), t,
                       "owned")
    other = fe.program.modules.get(mod)
    if other is not None and fn in other.functions:
        info = other.functions[fn]
        return Val(S.call(f"crate::{modpath(mod)}::{snake(fn)}", *user_args(fe, e, info, 0)), t, "owned")
    if other is not None and fn in other.classes:
        return construct(fe, e, fn)
    raise Refused(e.span, f"unsupported library function `{full}`")


def _itertools_call(fe: FunctionEmitter, e: N.Call, fn: str) -> Val:
    """itertools on pyrt::itertools (eager: each returns the Vec the loop or list() then consumes)."""
    t = R(e.ty)
    args = e.args
    kw = {k.name: k.value for k in e.keywords}

    def seq(a: N.Expr) -> str:
        if isinstance(R(a.ty), T.ListT):
            v = fe.expr(a)
            return f"&{v.e.at(S.UNARY + 1)}[..]"
        return f"&{fe.collect_iter(a).at(S.UNARY + 1)}[..]"

    def tuples(code: str, r: int, elem: T.Type) -> str:
        """Vec<Vec<T>> (each of length r) -> Vec<(T, ..)>."""
        parts = [f"v[{i}]" if is_copy(elem) else f"v[{i}].clone()" for i in range(r)]
        tup = f"({parts[0]},)" if r == 1 else f"({', '.join(parts)})"
        return f"{code}.into_iter().map(|v| {tup}).collect::<Vec<_>>()"

    def out(code: str) -> Val:
        return Val(S.RExpr(code), t, "owned")

    elem_t = R(t.elem) if isinstance(t, T.IterT) else t
    if fn == "product":
        assert isinstance(elem_t, T.TupleT)
        r = len(elem_t.elems)
        if "repeat" in kw or len(args) == 1:
            return out(tuples(f"pyrt::itertools::product_repeat({seq(args[0])}, {r})", r, elem_t.elems[0]))
        if len(args) in (2, 3):
            return out(f"pyrt::itertools::product{len(args)}({', '.join(seq(a) for a in args)})")
        raise Refused(e.span, "itertools.product of more than three iterables is not supported")
    if fn in ("permutations", "combinations", "combinations_with_replacement"):
        assert isinstance(elem_t, T.TupleT)
        r = len(elem_t.elems)
        rarg = f"Some({r})" if fn == "permutations" else str(r)
        return out(tuples(f"pyrt::itertools::{fn}({seq(args[0])}, {rarg})", r, elem_t.elems[0]))
    if fn in ("accumulate", "pairwise"):
        return out(f"pyrt::itertools::{fn}({seq(args[0])})")
    if fn == "chain":
        return out(f"pyrt::itertools::chain(&[{', '.join(seq(a) for a in args)}])")
    if fn == "islice":

        def opt(a: N.Expr) -> str:
            return "None" if isinstance(a, N.Const) and a.value is None else f"Some({fe.int_val(a).code})"

        rest = args[1:]
        if len(rest) == 1:
            bounds = f"0, {opt(rest[0])}, 1"
        else:
            start = "0" if isinstance(rest[0], N.Const) and rest[0].value is None else fe.int_val(rest[0]).code
            step = fe.int_val(rest[2]).code if len(rest) > 2 else "1"
            bounds = f"{start}, {opt(rest[1])}, {step}"
        return out(f"pyrt::itertools::islice({seq(args[0])}, {bounds})")
    if fn == "groupby":
        if "key" not in kw:
            return out(f"pyrt::itertools::groupby_identity({seq(args[0])})")
        key = kw["key"]
        if not isinstance(key, N.Lambda):
            raise Refused(key.span, "groupby's key must be a lambda here")
        return out(f"{{ let key_ = {fe.val(key).code}; pyrt::itertools::groupby({seq(args[0])}, "
                   f"|x| key_(x.clone())) }}")
    raise Refused(e.span, f"unsupported library function `itertools.{fn}`")


def _named_temporary_file(fe: FunctionEmitter, e: N.Call) -> Val:
    """`tempfile.NamedTemporaryFile(mode, ..., delete=...)` in a text mode: a PyFile on a fresh file in the temp
    folder, removed when closed unless delete=False. Binary modes (the default) have no file type here."""
    names = ("mode", "buffering", "encoding", "newline", "suffix", "prefix", "dir", "delete")
    given: dict[str, N.Expr] = dict(zip(names, e.args, strict=False))
    for k in e.keywords:
        if k.name is None or k.name not in names:
            raise Refused(k.span, "unsupported argument of tempfile.NamedTemporaryFile")
        given[k.name] = k.value
    mode = given.get("mode")
    if not (isinstance(mode, N.Const) and isinstance(mode.value, str) and "b" not in mode.value):
        raise Refused(e.span, "tempfile.NamedTemporaryFile needs a text mode here (mode=\"w+\" and the like)",
                      "binary files are not translated")
    for name in ("buffering", "encoding", "newline", "dir"):
        if name in given:
            raise Refused(given[name].span, f"unsupported argument `{name}` of tempfile.NamedTemporaryFile")
    parts = [fe.borrow(fe.expr(given[n])) if n in given else S.RExpr('""') for n in ("prefix", "suffix")]
    delete = fe.truthy(given["delete"]) if "delete" in given else S.RExpr("true")
    return Val(S.call("pyrt::io::named_temporary_file", S.RExpr(lit_str(mode.value)), *parts, delete), T.FILE,
               "owned")


def _may_mutate(fe: FunctionEmitter, call: N.Call) -> bool:
    """Whether a call can change an object the caller can see (conservative for unknown calls)."""
    from transpiler.passes.analyze_mutation import MUTATING, _callee

    func = call.func
    if isinstance(func, N.Attribute):
        rt = R(func.value.ty)
        if isinstance(rt, T.OptionalT):
            rt = R(rt.inner)
        if isinstance(rt, T.ModuleT):
            return rt.name in ("heapq", "random", "bisect") and func.attr in (
                "heappush", "heappop", "heapify", "heapreplace", "heappushpop", "shuffle", "insort", "insort_left",
                "insort_right")
        if isinstance(rt, T.ClassT | T.ClassRefT):
            callee, _ = _callee(fe.program, fe.fn, call)
            return callee is None or callee.mutates_self or bool(callee.mutated_params)
        return func.attr in MUTATING
    if isinstance(func, N.Name):
        ft = R(func.ty)
        if isinstance(ft, T.ModuleT) and ft.name.startswith("builtins."):
            return False
        if isinstance(ft, T.ModuleT):
            return ft.name.split(".")[-1] in ("heappush", "heappop", "heapify", "shuffle", "insort")
        callee, _ = _callee(fe.program, fe.fn, call)
        return callee is None or bool(callee.mutated_params) or callee.mutates_self
    return True


def print_call(fe: FunctionEmitter, e: N.Call) -> Val:
    sep: N.Expr | None = None
    end: N.Expr | None = None
    to_stderr = False
    for kw in e.keywords:
        if kw.name == "sep":
            sep = kw.value
        elif kw.name == "end":
            end = kw.value
        elif kw.name == "file":
            if isinstance(kw.value, N.Attribute) and kw.value.attr == "stderr":
                to_stderr = True
            elif not (isinstance(kw.value, N.Attribute) and kw.value.attr == "stdout"):
                raise Refused(kw.span, "print(file=...) to other files is not supported yet")
        elif kw.name == "flush":
            pass
        else:
            raise Refused(kw.span, f"print() keyword `{kw.name}`")
    fmt: list[str] = []
    fargs: list[str] = []

    def lit_or_arg(x: N.Expr | None, default: str) -> str:
        if x is None:
            return default.replace("{", "{{").replace("}", "}}")
        if isinstance(x, N.Const) and isinstance(x.value, str):
            return x.value.replace("{", "{{").replace("}", "}}")
        if isinstance(x, N.Const) and x.value is None:
            return default
        fargs.append(fe.borrow(fe.expr(x)).code)
        return "{}"

    sep_s: str | None = None
    pre: list[str] = []
    temps: list[str] = []
    has_call = [any(isinstance(n, N.Call) and _may_mutate(fe, n) for n in walk(a)) for a in e.args]
    shows_mutable = any(not c and not is_copy(a.ty) and not isinstance(R(a.ty), T.StrT) and not isinstance(a, N.Const)
                        for a, c in zip(e.args, has_call, strict=True))
    if any(has_call) and shows_mutable:
        # Python evaluates every argument before printing any: calls run first, in order
        new_args: list[N.Expr] = []
        for a in e.args:
            if any(isinstance(n, N.Call) for n in walk(a)) and not isinstance(a, N.Starred):
                tmp = fe.fresh("p")
                pre.append(f"let {tmp} = {fe.val(a).code};")
                fe.bind_temp(tmp, a.ty)
                temps.append(tmp)
                new_args.append(N.Name(tmp, a.ty, a.span))
            else:
                new_args.append(a)
        e = N.Call(e.func, tuple(new_args), e.keywords, e.ty, e.span)
    for i, a in enumerate(e.args):
        if i > 0:
            if sep_s is None or "{}" in sep_s:
                sep_s = lit_or_arg(sep, " ")
            fmt.append(sep_s)
        if isinstance(a, N.Const) and isinstance(a.value, str):
            fmt.append(a.value.replace("{", "{{").replace("}", "}}"))
            continue
        if isinstance(a, N.FString):
            # splice the f-string's pieces into print's own format string
            for part in a.parts:
                if isinstance(part, N.Const) and isinstance(part.value, str):
                    fmt.append(part.value.replace("{", "{{").replace("}", "}}"))
                elif isinstance(part, N.FormattedValue):
                    f, arg = fe.format_piece(part.value, part.conversion, part.spec)
                    fmt.append(f)
                    fargs.append(arg)
                else:
                    f, arg = fe.format_piece(part, None, None)
                    fmt.append(f)
                    fargs.append(arg)
            continue
        if isinstance(a, N.Starred):
            raise Refused(a.span, "print(*args) is not supported yet")
        f, arg = fe.format_piece(a, None, None)
        fmt.append(f)
        fargs.append(arg)
    fmt.append(lit_or_arg(end, "\n"))
    target = "eprint" if to_stderr else "print"
    args = "".join(", " + x for x in fargs)
    for tmp in temps:
        fe.unbind_temp(tmp)
    call = f"pyrt::io::{target}(format_args!({lit_str(''.join(fmt))}{args}))"
    if pre:
        return Val(S.RExpr("{ " + " ".join(pre) + f" {call}; }}"), T.NONE, "owned")
    return Val(S.RExpr(call), T.NONE, "owned")


def builtin(fe: FunctionEmitter, e: N.Call, name: str) -> Val:
    _check_keywords(e, f"{name}()", _BUILTIN_KEYWORDS.get(name, ()))
    args = e.args
    n = len(args)
    t = R(e.ty)

    def out(code: str | S.RExpr, kind: str = "owned") -> Val:
        return Val(code if isinstance(code, S.RExpr) else S.RExpr(code), e.ty, kind)  # type: ignore[arg-type]

    if name == "print":
        return print_call(fe, e)
    if name == "len":
        at = R(args[0].ty)
        if isinstance(at, T.StrT):
            hint = fe.str_hint(args[0])
            if hint is not None:
                return out(S.call("pyrt::pystr::len_hint", fe.borrow(fe.expr(args[0])), hint))
            return out(S.call("pyrt::pystr::len", fe.borrow(fe.expr(args[0]))))
        if isinstance(at, T.TupleT):
            return out(str(len(at.elems)))
        if isinstance(at, T.ArrayT):
            # numpy: the length of the first axis (ndarray's own len() counts every element)
            return out(S.call("pyarray::index::len", fe.borrow(fe.expr(args[0]))))
        if isinstance(at, T.ClassT):
            return out(S.method(fe.expr(args[0]).e, "dunder_len"))
        if isinstance(at, T.IterT):
            return out(S.cast(S.method(fe.collect_iter(args[0]), "len"), "i64"))
        if isinstance(at, T.AnyT):
            return out(S.method(fe.expr(args[0]).e, "len"))
        return out(S.cast(S.method(fe.expr(args[0]).e, "len"), "i64"))
    if name in ("int", "float", "str", "bool") and n == 0:
        return out({"int": "0", "float": "0.0", "str": "String::new()", "bool": "false"}[name])
    if name == "int":
        at = R(args[0].ty)
        if isinstance(at, T.IntT | T.BigIntT):
            return out(fe.val(args[0]))
        if isinstance(at, T.BoolT):
            return out(S.cast(fe.val(args[0]), "i64"))
        if isinstance(at, T.FloatT):
            return out(S.call("pyrt::int::from_float", fe.val(args[0])))
        if isinstance(at, T.StrT):
            base = fe.int_val(args[1]).code if n > 1 else "10"
            return out(S.call("pyrt::int::parse", fe.str_ref(args[0]), f"{base} as u32"
                              if n > 1 else "10"))
        if isinstance(at, T.EnumT):
            return out(S.method(fe.expr(args[0]).e, "value"))
    if name == "float":
        at = R(args[0].ty)
        if isinstance(at, T.StrT):
            return out(S.call("pyrt::float::parse", fe.str_ref(args[0])))
        return out(fe.coerced(args[0], T.FLOAT))
    if name == "complex":
        parts = [fe.coerced(a, T.FLOAT) for a in args[:2]]
        return out(S.call("pyrt::complex::Complex::new", *parts, *[S.RExpr("0.0")] * (2 - len(parts))))
    if name == "str":
        at = R(args[0].ty)
        if isinstance(at, T.StrT):
            return out(fe.val(args[0]))
        if isinstance(at, T.IntT):
            return out(S.method(fe.val(args[0]), "to_string"))
        return out(S.call("pyrt::to_str", fe.borrow(fe.expr(args[0]))))
    if name == "repr":
        return out(S.call("pyrt::to_repr", fe.borrow(fe.expr(args[0]))))
    if name == "bool":
        return out(fe.truthy(args[0]))
    if name == "abs":
        at = R(args[0].ty)
        if isinstance(at, T.ComplexT):
            return out(S.method(fe.val(args[0]), "abs"))
        if isinstance(at, T.FloatT):  # not `x.abs()`: on a literal, rustc cannot tell f32 from f64
            return out(S.call("f64::abs", fe.val(args[0])))
        if isinstance(at, T.BigIntT):
            return out(S.call("pyrt::bigint::abs", fe.borrow(fe.expr(args[0]))))
        return out(S.call("pyrt::int::abs", fe.int_val(args[0])))
    if name == "round":
        if n == 1:
            if isinstance(R(args[0].ty), T.IntT):
                return out(fe.val(args[0]))
            return out(S.call("pyrt::float::round_int", fe.coerced(args[0], T.FLOAT)))
        return out(S.call("pyrt::float::round_ndigits", fe.coerced(args[0], T.FLOAT), fe.int_val(args[1])))
    if name == "ord":
        return out(S.call("pyrt::pystr::ord", fe.borrow(fe.expr(args[0]))))
    if name == "chr":
        return out(S.call("pyrt::pystr::chr", fe.int_val(args[0])))
    if name in ("hex", "bin", "oct"):
        return out(S.call(f"pyrt::int::to_{name}", fe.int_val(args[0])))
    if name == "divmod":
        if isinstance(t, T.TupleT) and isinstance(R(t.elems[0]), T.FloatT):
            a, b = fe.coerced(args[0], T.FLOAT), fe.coerced(args[1], T.FLOAT)
            return out(f"(pyrt::float::floordiv({a.code}, {b.code}), pyrt::float::modulo({a.code}, {b.code}))")
        if isinstance(t, T.TupleT) and isinstance(R(t.elems[0]), T.BigIntT):
            return out(S.call("pyrt::bigint::divmod", fe.big_ref(args[0]), fe.big_ref(args[1])))
        return out(S.call("pyrt::int::divmod", fe.int_val(args[0]), fe.int_val(args[1])))
    if name == "pow" and n == 3:
        if isinstance(R(t), T.BigIntT):
            return out(S.call("pyrt::bigint::pow_mod", *(fe.big_ref(a) for a in args)))
        return out(S.call("pyrt::int::pow_mod", *(fe.int_val(a) for a in args)))
    if name == "pow":
        return fe.expr(N.BinOp(args[0], "**", args[1], e.ty, e.span))
    if name == "input":
        prompt = f"Some({fe.borrow(fe.expr(args[0])).code})" if n else "None"
        return out(S.call("pyrt::io::input", prompt))
    if name == "open":
        mode = fe.borrow(fe.expr(args[1])).code if n > 1 else '"r"'
        newline: str | None = None
        for kw in e.keywords:
            if kw.name == "mode":
                mode = fe.borrow(fe.expr(kw.value)).code
            elif kw.name == "newline":
                if not isinstance(R(kw.value.ty), T.NoneT):
                    newline = f"Some({fe.str_ref(kw.value).code})"
            elif kw.name != "encoding":
                raise Refused(kw.span, f"open() keyword `{kw.name}`")
        if newline is not None:
            return out(S.call("pyrt::io::open_newline", fe.borrow(fe.expr(args[0])), mode, S.RExpr(newline)))
        return out(S.call("pyrt::io::open", fe.borrow(fe.expr(args[0])), mode))
    if name == "isinstance":
        return isinstance_call(fe, e)
    if name in ("min", "max"):
        return min_max(fe, e, name)
    if name == "sum":
        code, it_t, _ = fe.iter_code(args[0], owned=True)
        if isinstance(t, T.BigIntT):
            if isinstance(R(it_t), T.IntT):
                code += ".map(pyrt::bigint::PyInt::from)"
            if n > 1:
                code = f"std::iter::once({fe.coerced(args[1], t).code}).chain({code})"
            return out(f"pyrt::bigint::sum({code.removesuffix('.into_iter()')})")
        if isinstance(t, T.FloatT) and isinstance(R(it_t), T.IntT):
            code += ".map(|x| x as f64)"
        if n > 1:
            start = fe.coerced(args[1], t).code
            return out(f"{chainable(code)}.fold({start}, |a, b| a + b)")
        fn = "sum_int" if isinstance(t, T.IntT) else "sum_float"
        code = code.removesuffix(".into_iter()")  # sum_* take any IntoIterator
        return out(f"pyrt::builtins::{fn}({code})")
    if name in ("any", "all"):
        code, it_t, kind = fe.iter_code(args[0], owned=True)
        x = fe.fresh("x")
        fe.bind_temp(x, it_t)
        cond = fe.truthy(N.Name(x, it_t, e.span))
        fe.unbind_temp(x)
        return out(f"{chainable(code)}.{name}(|{x}| {cond.code})")
    if name == "sorted":
        items = fe.collect_iter(args[0])
        tmp = fe.fresh("s")
        key = next((k.value for k in e.keywords if k.name == "key"), None)
        rev = next((k.value for k in e.keywords if k.name == "reverse"), None)
        assert isinstance(t, T.ListT)
        sort = sort_code(fe, f"&mut {tmp}", t.elem, key, rev)
        return out(f"{{ let mut {tmp} = {items.code}; {sort.code}; {tmp} }}")
    if name in ("list", "set"):
        if n == 0:
            return out("Vec::new()" if name == "list" else "pyrt::Set::default()")
        if name == "list":
            v = fe.collect_iter(args[0])
            if isinstance(R(args[0].ty), T.ListT) and not isinstance(args[0], N.Call | N.Comprehension):
                return out(fe.owned(fe.expr(args[0])))
            return out(v)
        code, _, _ = fe.iter_code(args[0], owned=True)
        return out(f"{chainable(code)}.collect::<{rust_type(t)}>()")
    if name == "dict":
        if n == 0:
            return out("pyrt::Dict::default()")
        code, _, _ = fe.iter_code(args[0], owned=True)
        if isinstance(R(args[0].ty), T.DictT):
            return out(fe.owned(fe.expr(args[0])))
        return out(f"{chainable(code)}.collect::<{rust_type(t)}>()")
    if name in ("enumerate", "zip", "reversed", "map", "filter", "range"):
        return out(fe.collect_iter(e))
    if name == "next" and n == 1 and isinstance(R(args[0].ty), T.GenT):
        fe.mark_mut_expr(args[0])
        return out(f"pyrt::gen::next({fe.borrow_mut(fe.expr(args[0])).code})")
    raise Refused(e.span, f"unsupported builtin `{name}()`")


def min_max(fe: FunctionEmitter, e: N.Call, name: str) -> Val:
    t = R(e.ty)
    key = next((k.value for k in e.keywords if k.name == "key"), None)
    default = next((k.value for k in e.keywords if k.name == "default"), None)
    for kw in e.keywords:
        if kw.name not in ("key", "default"):
            raise Refused(kw.span, f"{name}() keyword `{kw.name}`")
    if default is not None:
        if key is not None or len(e.args) != 1 or type(R(default.ty)) is not type(t):
            raise Refused(default.span, f"{name}(iterable, default=...) is supported only without key= and "
                          "with a default of the element type")
        code, _, _ = fe.iter_code(e.args[0], owned=True)
        it = fe.fresh("it")
        d = fe.coerced(default, t).code
        return Val(S.RExpr(f"{{ let mut {it} = ({code}).peekable(); if {it}.peek().is_none() {{ {d} }} "
                           f"else {{ pyrt::list::{name}_of({it}) }} }}"), e.ty, "owned")
    if key is not None:
        if len(e.args) == 1:
            code, it_t, _ = fe.iter_code(e.args[0], owned=True)
        else:
            code = "[" + ", ".join(fe.coerced(a, t).code for a in e.args) + "]"
            it_t = t
        x = fe.fresh("k")
        fe.bind_temp(x, it_t)
        fe.scopes[-1][x].mode = "ref"
        try:
            if isinstance(key, N.Lambda):
                body = fe.inline_lambda(key, [N.Name(x, it_t, key.span)])
            else:
                body = emit_call(fe, N.Call(key, (N.Name(x, it_t, key.span),), (), T.UNKNOWN, key.span)).e
        finally:
            fe.unbind_temp(x)
        return Val(S.call(f"pyrt::list::{name}_by_key", S.RExpr(code), S.RExpr(f"|{x}| {body.code}")), e.ty,
                   "owned")
    if len(e.args) == 1:
        code, _, _ = fe.iter_code(e.args[0], owned=True)
        return Val(S.call(f"pyrt::list::{name}_of", S.RExpr(code)), e.ty, "owned")
    vals = [fe.coerced(a, t).code for a in e.args]
    return Val(S.call(f"pyrt::list::{name}_of", "[" + ", ".join(vals) + "]"), e.ty, "owned")


def _extend_arg(code: str) -> str:
    """The argument of `extend`, which takes any `IntoIterator`: a trailing `.into_iter()` is redundant
    (clippy's useless_conversion)."""
    return code.removesuffix(".into_iter()") if code.endswith(".into_iter()") and code.count("(") == code.count(
        ")") else code
