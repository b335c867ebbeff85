"""Python type annotations -> IR types."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from transpiler.ir import types as T

if TYPE_CHECKING:
    from transpiler.frontends.python.positions import Source

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


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant) and (node.value is True or node.value is False or node.value is None):
        return str(node.value)
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def is_plain_string(node: ast.Constant, src: Source | None) -> bool:
    """Whether a str or bytes constant is one literal (not an implicit concatenation of several)."""
    if src is None or not hasattr(node, "lineno"):
        return True
    start = src.offset(node.lineno, src.col(node.lineno, node.col_offset))
    end = src.offset(node.end_lineno or node.lineno, src.col(node.end_lineno or node.lineno,
                                                              node.end_col_offset or 0))
    text = src.text
    j = start
    while j < end and text[j] not in "'\"":
        j += 1
    quote = text[j:j + 3] if text[j:j + 3] in ('"""', "'''") else text[j:j + 1]
    k = j + len(quote)
    while k < end:
        if text[k] == "\\":
            k += 2
            continue
        if text.startswith(quote, k):
            return k + len(quote) == end
        k += 1
    return True


def annotation_to_type(node: ast.expr, classes: set[str], enums: frozenset[str] = frozenset(),
                       tvars: dict[str, T.Type] | None = None, src: Source | None = None) -> T.Type | None:
    """The IR type an annotation denotes, or None when it is not understood. `tvars` maps the TypeVars in
    scope to the type variables inference binds (each is used at one type: `Stack[int]`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
        inner = node.value
        if isinstance(inner, str) and is_plain_string(node, src):
            try:
                return annotation_to_type(ast.parse(inner.strip(" \t"), mode="eval").body, classes, enums, tvars)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return None
        return None
    if isinstance(node, ast.Constant) and node.value is None:
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
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left = annotation_to_type(node.left, classes, enums, tvars, src)
        right = annotation_to_type(node.right, classes, enums, tvars, src)
        if left is T.NONE and right is not None:
            return T.OptionalT(right)
        if right is T.NONE and left is not None:
            return T.OptionalT(left)
        return None
    if isinstance(node, ast.Subscript):
        base = _dotted(node.value)
        if base is None:
            return None
        short = base.rsplit(".", 1)[-1]
        elements = _subscript_elements(node.slice, src)
        if short == "NDArray" and len(elements) == 1 and not isinstance(elements[0], ast.Slice):
            dt = _dotted(elements[0]) or "float64"
            return T.ArrayT({"int64": "int64", "bool_": "bool", "float32": "float32"}.get(dt.rsplit(".", 1)[-1],
                                                                                         "float64"))
        if short in classes and "." not in base:  # a generic class, `Stack[int]`: its one instantiation
            for el in elements:
                if isinstance(el, ast.Slice) or annotation_to_type(el, classes, enums, tvars, src) is None:
                    return None
            return T.ClassT(short)
        if short not in _CONTAINERS:
            return None
        args = [el for el in elements if not isinstance(el, ast.Slice)]
        return _generic(short, args, classes, enums, tvars, src)
    return None


def _subscript_elements(sl: ast.expr, src: Source | None) -> list[ast.expr]:
    """The elements between the brackets of a subscript: `x[a, b]` has two, `x[(a, b)]` one."""
    if isinstance(sl, ast.Tuple) and sl.elts and not _parenthesized(sl, src):
        return list(sl.elts)
    return [sl]


def _parenthesized(node: ast.Tuple, src: Source | None) -> bool:
    if src is None or not hasattr(node, "lineno"):
        return False
    start = src.offset(node.lineno, src.col(node.lineno, node.col_offset))
    first = node.elts[0]
    first_start = src.offset(first.lineno, src.col(first.lineno, first.col_offset))
    first_end = src.offset(first.end_lineno or first.lineno, src.col(first.end_lineno or first.lineno,
                                                                     first.end_col_offset or 0))
    if src.text[start] != "(" or first_start == start:
        return False
    end = src.offset(node.end_lineno or node.lineno, src.col(node.end_lineno or node.lineno,
                                                             node.end_col_offset or 0))
    if len(node.elts) > 1:
        second = node.elts[1]
        end = src.offset(second.lineno, src.col(second.lineno, second.col_offset))
    gap = src.text[first_end:end]
    comma = gap.find(",")
    return src.text[start:first_start].count("(") > (gap if comma < 0 else gap[:comma]).count(")")


def _generic(short: str, args: list[ast.expr], classes: set[str], enums: frozenset[str],
             tvars: dict[str, T.Type] | None, src: Source | None = None) -> T.Type | None:
    if short == "Annotated" and args:
        return annotation_to_type(args[0], classes, enums, tvars, src)
    if short == "Callable" and len(args) == 2:
        ret = annotation_to_type(args[1], classes, enums, tvars, src)
        if isinstance(args[0], ast.List) and ret is not None:
            params = [annotation_to_type(e, classes, enums, tvars, src) for e in args[0].elts]
            if all(p is not None for p in params):
                return T.FuncT(tuple(p for p in params if p is not None), ret)
        return None
    if short == "Union" and len(args) == 2:
        left = annotation_to_type(args[0], classes, enums, tvars, src)
        right = annotation_to_type(args[1], classes, enums, tvars, src)
        if right is T.NONE and left is not None:
            return T.OptionalT(left)
        if left is T.NONE and right is not None:
            return T.OptionalT(right)
        return None
    parts = [annotation_to_type(a, classes, enums, tvars, src) for a in args]
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
