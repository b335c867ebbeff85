"""Python type annotations -> IR types."""

from __future__ import annotations

import libcst as cst

from transpiler.ir import types as T

_SCALARS: dict[str, T.Type] = {
    "int": T.INT,
    "float": T.FLOAT,
    "complex": T.COMPLEX,
    "bool": T.BOOL,
    "str": T.STR,
    "bytes": T.BYTES,
    "None": T.NONE,
}
# ctypes integer aliases used as int annotations
for _n in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "int", "long", "size_t"):
    _SCALARS[f"c_{_n}"] = T.INT
_SCALARS["c_float"] = T.FLOAT
_SCALARS["c_double"] = T.FLOAT
_SCALARS["c_bool"] = T.BOOL

_CONTAINERS = {"list", "List", "set", "Set", "FrozenSet", "frozenset", "dict", "Dict", "tuple", "Tuple",
               "Optional", "Callable", "Iterator", "Iterable", "Generator", "Sequence", "Annotated",
               "Mapping", "MutableMapping", "MutableSequence", "DefaultDict", "Union", "defaultdict", "deque",
               "Deque", "Counter", "OrderedDict"}


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


def annotation_to_type(node: cst.BaseExpression, classes: set[str], enums: frozenset[str] = frozenset(),
                       tvars: dict[str, T.Type] | None = None) -> T.Type | None:
    """The IR type an annotation denotes, or None when it is not understood. `tvars` maps the TypeVars in
    scope to the type variables inference binds (each is used at one type: `Stack[int]`)."""
    if isinstance(node, cst.SimpleString):
        inner = node.evaluated_value
        if isinstance(inner, str):
            try:
                return annotation_to_type(cst.parse_expression(inner), classes, enums, tvars)
            except cst.ParserSyntaxError:
                return None
        return None
    if isinstance(node, cst.Name) and node.value == "None":
        return T.NONE
    name = _dotted(node)
    if name is not None:
        short = name.rsplit(".", 1)[-1]
        if short in ("ndarray", "NDArray", "Generator"):
            return T.NpGeneratorT() if short == "Generator" else T.ArrayT("float64")
        if short in _SCALARS:
            return _SCALARS[short]
        if short == "Any":
            return T.ANY
        if tvars is not None and name in tvars:
            return tvars[name]
        if short in enums:
            return T.EnumT(short)
        if short in classes:
            return T.ClassT(short)
        if short in ("list", "List"):
            return T.ListT(T.TypeVar())
        if short in ("dict", "Dict"):
            return T.DictT(T.TypeVar(), T.TypeVar())
        if short in ("set", "Set"):
            return T.SetT(T.TypeVar())
        return None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        left = annotation_to_type(node.left, classes, enums, tvars)
        right = annotation_to_type(node.right, classes, enums, tvars)
        if left is T.NONE and right is not None:
            return T.OptionalT(right)
        if right is T.NONE and left is not None:
            return T.OptionalT(left)
        return None
    if isinstance(node, cst.Subscript):
        base = _dotted(node.value)
        if base is None:
            return None
        short = base.rsplit(".", 1)[-1]
        if short == "NDArray" and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            dt = _dotted(node.slice[0].slice.value) or "float64"
            return T.ArrayT({"int64": "int64", "bool_": "bool", "float32": "float32"}.get(dt.rsplit(".", 1)[-1],
                                                                                         "float64"))
        if short in classes and "." not in base:  # a generic class, `Stack[int]`: its one instantiation
            for el in node.slice:
                if not isinstance(el.slice, cst.Index) or annotation_to_type(el.slice.value, classes, enums,
                                                                             tvars) is None:
                    return None
            return T.ClassT(short)
        if short not in _CONTAINERS:
            return None
        args: list[cst.BaseExpression] = []
        for el in node.slice:
            if isinstance(el.slice, cst.Index):
                args.append(el.slice.value)
        return _generic(short, args, classes, enums, tvars)
    return None


def _generic(short: str, args: list[cst.BaseExpression], classes: set[str], enums: frozenset[str],
             tvars: dict[str, T.Type] | None) -> T.Type | None:
    if short == "Annotated" and args:
        return annotation_to_type(args[0], classes, enums, tvars)
    if short == "Callable" and len(args) == 2:
        ret = annotation_to_type(args[1], classes, enums, tvars)
        if isinstance(args[0], cst.List) and ret is not None:
            params = [annotation_to_type(e.value, classes, enums, tvars) for e in args[0].elements]
            if all(p is not None for p in params):
                return T.FuncT(tuple(p for p in params if p is not None), ret)
        return None
    if short == "Union" and len(args) == 2:
        left = annotation_to_type(args[0], classes, enums, tvars)
        right = annotation_to_type(args[1], classes, enums, tvars)
        if right is T.NONE and left is not None:
            return T.OptionalT(left)
        if left is T.NONE and right is not None:
            return T.OptionalT(right)
        return None
    parts = [annotation_to_type(a, classes, enums, tvars) for a in args]
    if any(p is None for p in parts):
        return None
    ts = [p for p in parts if p is not None]
    if short in ("list", "List", "Sequence", "MutableSequence") and len(ts) == 1:
        return T.ListT(ts[0])
    if short in ("set", "Set", "frozenset", "FrozenSet") and len(ts) == 1:
        return T.SetT(ts[0])
    if short in ("dict", "Dict", "Mapping", "MutableMapping", "OrderedDict") and len(ts) == 2:
        return T.DictT(ts[0], ts[1])
    if short in ("defaultdict", "DefaultDict") and len(ts) == 2:
        factory = {T.IntT: "int", T.FloatT: "float", T.StrT: "str", T.BoolT: "bool", T.ListT: "list",
                   T.SetT: "set", T.DictT: "dict"}.get(type(ts[1]))
        return T.DictT(ts[0], ts[1], factory) if factory else None
    if short == "Counter" and len(ts) == 1:
        return T.DictT(ts[0], T.INT, "counter")
    if short in ("deque", "Deque") and len(ts) == 1:
        return T.DequeT(ts[0])
    if short in ("tuple", "Tuple"):
        return T.TupleT(tuple(ts))
    if short == "Optional" and len(ts) == 1:
        return T.OptionalT(ts[0])
    if short in ("Iterator", "Iterable", "Generator") and ts:
        return T.IterT(ts[0])
    return None
