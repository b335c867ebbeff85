"""IR nodes: frozen, slotted dataclasses, each with a `span` last.

Expressions carry `ty`, a TypeVar created by the frontend and bound by the `infer_types` pass, so the tree
itself never needs rebuilding for types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from transpiler.ir.pickling import reduce_dataclass
from transpiler.ir.span import Span
from transpiler.ir.types import Type

ConstValue = int | float | complex | bool | str | bytes | None


class Node:
    """Base of every IR node."""

    __slots__ = ()
    span: Span

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return reduce_dataclass(self)


class Expr(Node):
    """Base of expressions."""

    __slots__ = ()
    ty: Type


class Stmt(Node):
    """Base of statements."""

    __slots__ = ()


# ---------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Name(Expr):
    """A variable, function, class or module name."""

    id: str
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class Const(Expr):
    """A literal: int, float, bool, str, bytes or None."""

    value: ConstValue
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class BinOp(Expr):
    """`left op right` for + - * / // % ** @ << >> & | ^."""

    left: Expr
    op: str
    right: Expr
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class UnaryOp(Expr):
    """`-x`, `+x`, `~x`, `not x`."""

    op: str
    operand: Expr
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class BoolOp(Expr):
    """`a and b and ...` / `a or b or ...`, with Python's value semantics."""

    op: Literal["and", "or"]
    values: tuple[Expr, ...]
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class Compare(Expr):
    """A comparison chain `a < b <= c`; ops include `in`, `not in`, `is`, `is not`."""

    left: Expr
    ops: tuple[str, ...]
    comparators: tuple[Expr, ...]
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class Keyword(Node):
    """A keyword argument `name=value` (name None for `**value`)."""

    name: str | None
    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Call(Expr):
    """A call of a function, method, class or builtin."""

    func: Expr
    args: tuple[Expr, ...]
    keywords: tuple[Keyword, ...]
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class Attribute(Expr):
    """`value.attr`."""

    value: Expr
    attr: str
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class Subscript(Expr):
    """`value[index]`; index may be a Slice."""

    value: Expr
    index: Expr
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class Slice(Expr):
    """`lower:upper:step` inside a subscript."""

    lower: Expr | None
    upper: Expr | None
    step: Expr | None
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class ListLit(Expr):
    """`[a, b, *c]`."""

    elts: tuple[Expr, ...]
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class TupleLit(Expr):
    """`(a, b)`."""

    elts: tuple[Expr, ...]
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class SetLit(Expr):
    """`{a, b}`."""

    elts: tuple[Expr, ...]
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class DictLit(Expr):
    """`{k: v, ...}`."""

    keys: tuple[Expr, ...]
    values: tuple[Expr, ...]
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class CompFor(Node):
    """One `for target in iter if cond...` clause of a comprehension."""

    target: Expr
    iter: Expr
    ifs: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Comprehension(Expr):
    """List/set/dict comprehensions and generator expressions."""

    kind: Literal["list", "set", "dict", "gen"]
    elt: Expr
    value: Expr | None
    generators: tuple[CompFor, ...]
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class Param(Node):
    """A function or lambda parameter."""

    name: str
    annotation: Type | None
    ty: Type
    default: Expr | None
    kind: Literal["positional", "vararg", "kwonly", "kwarg"]
    span: Span


@dataclass(frozen=True, slots=True)
class Lambda(Expr):
    """`lambda params: body`."""

    params: tuple[Param, ...]
    body: Expr
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class IfExp(Expr):
    """`body if test else orelse`."""

    test: Expr
    body: Expr
    orelse: Expr
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class FormattedValue(Expr):
    """One `{value!conv:spec}` part of an f-string."""

    value: Expr
    conversion: str | None
    spec: str | None
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class FString(Expr):
    """An f-string: literal text and formatted values."""

    parts: tuple[Expr, ...]
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class Starred(Expr):
    """`*value` in a call, a literal or an assignment target."""

    value: Expr
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class NamedExpr(Expr):
    """The walrus `target := value`."""

    target: Name
    value: Expr
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class Yield(Expr):
    """`yield value` (value None for a bare yield) or `yield from value`."""

    value: Expr | None
    is_from: bool
    ty: Type
    span: Span


@dataclass(frozen=True, slots=True)
class Unwrap(Expr):
    """An Optional used where Python needs its value: `None` raises `kind: message` there."""

    value: Expr
    kind: str
    message: str
    ty: Type
    span: Span


# ---------------------------------------------------------------- statements


@dataclass(frozen=True, slots=True)
class Comment(Stmt):
    """A source comment carried over to the output."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Assign(Stmt):
    """`t1 = t2 = value`, or `target: T = value` (declared set; value None for a bare annotation)."""

    targets: tuple[Expr, ...]
    value: Expr | None
    declared: Type | None
    span: Span


@dataclass(frozen=True, slots=True)
class AugAssign(Stmt):
    """`target op= value`."""

    target: Expr
    op: str
    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class ExprStmt(Stmt):
    """An expression evaluated for its effect."""

    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Return(Stmt):
    """`return [value]`."""

    value: Expr | None
    span: Span


@dataclass(frozen=True, slots=True)
class If(Stmt):
    """`if test: body else: orelse` (elif is a nested If in orelse)."""

    test: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class While(Stmt):
    """`while test: body else: orelse`."""

    test: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class For(Stmt):
    """`for target in iter: body else: orelse`."""

    target: Expr
    iter: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Break(Stmt):
    """`break`."""

    span: Span


@dataclass(frozen=True, slots=True)
class Continue(Stmt):
    """`continue`."""

    span: Span


@dataclass(frozen=True, slots=True)
class Pass(Stmt):
    """`pass` or `...`."""

    span: Span


@dataclass(frozen=True, slots=True)
class Assert(Stmt):
    """`assert test, msg`."""

    test: Expr
    msg: Expr | None
    span: Span


@dataclass(frozen=True, slots=True)
class Raise(Stmt):
    """`raise [exc [from cause]]`."""

    exc: Expr | None
    cause: Expr | None
    span: Span


@dataclass(frozen=True, slots=True)
class Handler(Node):
    """`except (T1, T2) as name:`; types empty for a bare except."""

    types: tuple[str, ...]
    name: str | None
    body: tuple[Stmt, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Try(Stmt):
    """try/except/else/finally."""

    body: tuple[Stmt, ...]
    handlers: tuple[Handler, ...]
    orelse: tuple[Stmt, ...]
    finalbody: tuple[Stmt, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Delete(Stmt):
    """`del target, ...`."""

    targets: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Global(Stmt):
    """`global names` or `nonlocal names`."""

    names: tuple[str, ...]
    nonlocal_: bool
    span: Span


@dataclass(frozen=True, slots=True)
class WithItem(Node):
    """`ctx as var` in a with-statement."""

    ctx: Expr
    var: Expr | None
    span: Span


@dataclass(frozen=True, slots=True)
class With(Stmt):
    """`with a as x, b as y: body`."""

    items: tuple[WithItem, ...]
    body: tuple[Stmt, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class FunctionDef(Stmt):
    """A function, method or nested function."""

    name: str
    params: tuple[Param, ...]
    returns: Type
    declared_return: bool
    body: tuple[Stmt, ...]
    docstring: str | None
    decorators: tuple[str, ...]
    is_generator: bool
    span: Span


@dataclass(frozen=True, slots=True)
class FieldDef(Node):
    """A class field: from a class-level annotation or a `self.x = ...` in __init__."""

    name: str
    ty: Type
    default: Expr | None
    span: Span


@dataclass(frozen=True, slots=True)
class ClassDef(Stmt):
    """A class: fields, methods, class-level constants."""

    name: str
    bases: tuple[str, ...]
    fields: tuple[FieldDef, ...]
    methods: tuple[FunctionDef, ...]
    class_vars: tuple[Assign, ...]
    docstring: str | None
    decorators: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Import(Stmt):
    """`import m [as a]` (names empty) or `from m import n [as a], ...`."""

    module: str
    names: tuple[tuple[str, str], ...]
    alias: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Module(Node):
    """One source file."""

    name: str
    path: str
    docstring: str | None
    body: tuple[Stmt, ...]
    span: Span
