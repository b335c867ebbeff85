"""IR types -> Rust type syntax."""

from __future__ import annotations

from transpiler.codegen.rust.names import camel

from transpiler.ir import types as T

R = T.resolve


CLASS_ROOTS: dict[str, str] = {}
"""Class name -> the root of its hierarchy; set by the emitter before a program is emitted, since a whole
hierarchy shares one flattened Rust struct."""


RECURSIVE_CLASSES: set[str] = set()
"""Classes that contain themselves through Optional fields: `Optional[C]` is `Option<Box<C>>`."""


SHARED_CLASSES: set[str] = set()
"""Classes whose instances are `pyrt::Shared` handles (mark_shared_classes); set by the emitter like the above."""


def shared_class(t: T.Type) -> str | None:
    """The shared class a value of type t (`C` or `Optional[C]`) is a handle of, if any."""
    t = R(t)
    if isinstance(t, T.OptionalT):
        t = R(t.inner)
    return t.name if isinstance(t, T.ClassT) and t.name in SHARED_CLASSES else None


def holds_shared(t: T.Type) -> bool:
    """Whether a value of type t contains a shared handle anywhere (such values are not `Sync`)."""
    t = R(t)
    if isinstance(t, T.ClassT):
        return t.name in SHARED_CLASSES
    if isinstance(t, T.TupleT):
        return any(holds_shared(e) for e in t.elems)
    return any(holds_shared(sub) for sub in (getattr(t, n, None) for n in ("inner", "elem", "key", "value"))
               if isinstance(sub, T.Type))


def is_boxed(t: T.Type) -> bool:
    t = R(t)
    return isinstance(t, T.ClassT) and struct_name(t.name) in {struct_name(c) for c in RECURSIVE_CLASSES}


def struct_name(cls: str) -> str:
    return camel(CLASS_ROOTS.get(cls, cls))


class Unrepresentable(Exception):
    """An IR type with no Rust equivalent (an unbound TypeVar reached codegen)."""


def rust_type(t: T.Type) -> str:
    """The owned Rust type that holds a value of IR type t."""
    t = R(t)
    match t:
        case T.IntT():
            return "i64"
        case T.BigIntT():
            return "pyrt::bigint::PyInt"
        case T.FloatT():
            return "f64"
        case T.ComplexT():
            return "pyrt::complex::Complex"
        case T.BoolT():
            return "bool"
        case T.StrT():
            return "String"
        case T.BytesT():
            return "Vec<u8>"
        case T.NoneT():
            return "()"
        case T.ListT(e):
            return f"Vec<{rust_type(e)}>"
        case T.SetT(e):
            return f"pyrt::Set<{rust_type(e)}>"
        case T.DequeT(e):
            return f"std::collections::VecDeque<{rust_type(e)}>"
        case T.DictT(k, v):
            return f"pyrt::Dict<{rust_type(k)}, {rust_type(v)}>"
        case T.TupleT(es):
            if len(es) == 1:
                return f"({rust_type(es[0])},)"
            return "(" + ", ".join(rust_type(e) for e in es) + ")"
        case T.OptionalT(i):
            if is_boxed(i):
                return f"Option<Box<{rust_type(i)}>>"
            return f"Option<{rust_type(i)}>"
        case T.ClassT(name):
            return struct_name(name)
        case T.EnumT(name):
            return camel(name)
        case T.FuncT(ps, r):
            ret = "" if isinstance(R(r), T.NoneT) else f" -> {rust_type(r)}"
            return "Box<dyn Fn(" + ", ".join(rust_type(p) for p in ps) + f"){ret}>"
        case T.IterT(e):
            return f"Vec<{rust_type(e)}>"
        case T.GenT(e):
            return f"pyrt::gen::Generator<{rust_type(e)}>"
        case T.FileT():
            return "pyrt::io::PyFile"
        case T.ExcT():
            return "pyrt::PyErr"
        case T.OpaqueT(name) if name.startswith("flask."):
            from transpiler.codegen.rust.emit_web import RUST_TYPES  # here: emit_web imports this module

            return RUST_TYPES[name]
        case T.AnyT():
            return "pyrt::json::Value"
        case T.OpaqueT(name):
            return {"re.Match": "pyrt::re::Match", "re.Pattern": "pyrt::re::Pattern", "csv.writer": "pyrt::csv::Writer",
                    "csv.DictWriter": "pyrt::csv::DictWriter", "par.Prefetch": "pyrt::par::Prefetch"}[name]
    if isinstance(t, T.ArrayT):  # numpy arrays live in the pyarray runtime crate
        elem = {"float64": "f64", "float32": "f32", "int64": "i64", "bool": "bool"}.get(t.dtype, "pyarray::Complex64")
        return f"pyarray::Array<{elem}>"
    if isinstance(t, T.NpGeneratorT):
        return "pyarray::random::Generator"
    raise Unrepresentable(t.show())


def is_copy(t: T.Type) -> bool:
    t = R(t)
    if isinstance(t, T.IntT | T.FloatT | T.BoolT | T.NoneT | T.EnumT | T.ComplexT):
        return True
    if isinstance(t, T.TupleT):
        return all(is_copy(e) for e in t.elems)
    if isinstance(t, T.OptionalT):
        return is_copy(t.inner)
    return False


def borrowed_param_type(t: T.Type, mutable: bool) -> str:
    """The Rust type of a parameter that borrows its argument."""
    t = R(t)
    match t:
        case T.StrT():
            return "&str"
        case T.ListT(e) if not mutable:
            return f"&[{rust_type(e)}]"
        case T.FuncT(ps, r):
            ret = "" if isinstance(R(r), T.NoneT) else f" -> {rust_type(r)}"
            return "&dyn Fn(" + ", ".join(rust_type(p) for p in ps) + f"){ret}"
    return ("&mut " if mutable else "&") + rust_type(t)
