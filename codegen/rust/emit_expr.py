"""Expressions: typed IR -> Rust expressions, chosen by the operand types inference settled."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

from transpiler.codegen.rust import syntax as S
from transpiler.codegen.rust.names import camel, snake, upper
from transpiler.codegen.rust.rtypes import Unrepresentable, is_boxed, is_copy, rust_type, shared_class, struct_name

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.span import Span
from transpiler.passes.io_types import any_convertible

if TYPE_CHECKING:
    from transpiler.codegen.rust.emit_fn import FunctionEmitter

R = T.resolve
Kind = Literal["owned", "place", "ref", "refmut"]


class Refused(Exception):
    """Codegen cannot express this construct; reported as a diagnostic at `span`."""

    def __init__(self, span: Span, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.span = span
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Val:
    """An emitted expression with its IR type and how it holds its value."""

    e: S.RExpr
    ty: T.Type
    kind: Kind


def lit_str(s: str) -> str:
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif o < 32 or o == 127 or 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{{{o:x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def char_lit(ch: str) -> str:
    """A Rust char literal."""
    o = ord(ch)
    if ch == "'":
        return "'\\''"
    if ch == "\\":
        return "'\\\\'"
    if 32 <= o < 127:
        return f"'{ch}'"
    return f"'\\u{{{o:x}}}'"


def float_lit(v: float) -> str:
    if v != v:
        return "f64::NAN"
    if v in (float("inf"), float("-inf")):
        return "f64::INFINITY" if v > 0 else "f64::NEG_INFINITY"
    r = repr(v)
    if "e" in r:
        mant, exp = r.split("e")
        if "." not in mant:
            mant += ".0"
        r = f"{mant}e{int(exp)}"
    elif "." not in r:
        r += ".0"
    return r + "_f64" if r.startswith("-") is False and False else r


def default_value(t: T.Type) -> str | None:
    t = R(t)
    match t:
        case T.IntT():
            return "0"
        case T.BigIntT():
            return "pyrt::bigint::PyInt::Small(0)"
        case T.FloatT():
            return "0.0"
        case T.BoolT():
            return "false"
        case T.StrT():
            return "String::new()"
        case T.ListT() | T.IterT() | T.BytesT():
            return "Vec::new()"
        case T.DictT() | T.SetT():
            return f"{rust_type(t)}::default()".replace("pyrt::Dict<", "pyrt::Dict::<").replace(
                "pyrt::Set<", "pyrt::Set::<")
        case T.OptionalT():
            return "None"
        case T.DequeT():
            return "std::collections::VecDeque::new()"
        case T.NoneT():
            return "()"
        case T.TupleT(es):
            parts = [default_value(e) for e in es]
            if any(p is None for p in parts):
                return None
            return "(" + ", ".join(p for p in parts if p is not None) + ("," if len(parts) == 1 else "") + ")"
        case T.ClassT(name) | T.EnumT(name):
            return f"{camel(name)}::default()"
        case T.ExcT():
            return 'pyrt::PyErr::new("Exception", "")'
    return None


class ExprEmitter:
    """Mixin of FunctionEmitter: every expression form."""

    @property
    def fe(self) -> FunctionEmitter:
        """The FunctionEmitter this mixin is part of: itself (a property, not an attribute referring to itself,
        so that an emitter is not a reference cycle and is freed as soon as its function is emitted)."""
        return cast("FunctionEmitter", self)

    # ------------------------------------------------------------ value conversions

    def owned(self, v: Val) -> S.RExpr:
        """A fresh owned value (clones where needed)."""
        t = R(v.ty)
        if v.kind == "owned":
            return v.e
        if is_copy(t):
            if v.kind in ("ref", "refmut"):
                return S.unary("*", v.e)
            return v.e
        if isinstance(t, T.StrT):
            return S.method(v.e, "to_string")
        if isinstance(t, T.ListT) and v.kind in ("ref", "refmut"):
            return S.method(v.e, "to_vec")
        return S.method(v.e, "clone")

    def borrow(self, v: Val) -> S.RExpr:
        """A shared reference (&T / &str / &[T])."""
        if v.kind in ("ref", "refmut"):
            return v.e
        return S.unary("&", v.e)

    def borrow_mut(self, v: Val) -> S.RExpr:
        if v.kind == "refmut":
            return v.e
        if v.kind == "ref":
            raise Refused(self.fe.cur_span, "cannot mutate a value borrowed read-only here")
        return S.unary("&mut ", v.e)

    def copyable(self, v: Val) -> S.RExpr:
        """For Copy types: the value; otherwise a borrow usable in comparisons."""
        if is_copy(v.ty):
            return self.owned(v)
        return v.e

    # ------------------------------------------------------------ entry

    def expr(self, e: N.Expr) -> Val:
        self.fe.cur_span = e.span
        method = getattr(self, f"x_{type(e).__name__}", None)
        if method is None:
            raise Refused(e.span, f"unsupported expression `{type(e).__name__}`")
        try:
            return method(e)  # type: ignore[no-any-return]
        except Unrepresentable as exc:
            raise Refused(e.span, f"cannot determine a concrete type here ({exc})",
                          "add a type annotation") from exc

    def deopt(self, e: N.Expr, kind: str = "TypeError", message: str = "'NoneType' object is not usable here"
              ) -> N.Expr:
        """e itself, or `Unwrap(e)` when e is an Optional that this use needs the value of."""
        t = R(e.ty)
        if isinstance(t, T.OptionalT):
            return N.Unwrap(e, kind, message, t.inner, e.span)
        return e

    def x_Unwrap(self, e: N.Unwrap) -> Val:
        v = self.expr(e.value)
        inner = R(e.ty)
        args = f"{lit_str(e.kind)}, {lit_str(e.message)}"
        if v.kind == "owned" or is_copy(inner):
            code = f"pyrt::exc::some({v.e.code}, {args})"
            if is_boxed(inner):
                return Val(S.unary("*", S.RExpr(code)), inner, "owned")
            return Val(S.RExpr(code), inner, "owned")
        if v.kind == "refmut":
            return Val(S.RExpr(f"pyrt::exc::some_mut({v.e.code}, {args})"), inner, "refmut")
        if v.kind == "ref":
            return Val(S.RExpr(f"pyrt::exc::some_ref({v.e.code}, {args})"), inner, "ref")
        return Val(S.RExpr(f"pyrt::exc::some_ref(&{v.e.at(S.UNARY)}, {args})"), inner, "ref")

    def unwrap_mut(self, e: N.Expr, message: str) -> Val:
        """A mutable view of an Optional place's value (for stores through it)."""
        v = self.expr(e)
        return Val(S.RExpr(f"pyrt::exc::some_mut(&mut {v.e.at(S.UNARY)}, \"AttributeError\", {lit_str(message)})"),
                   R(e.ty).inner if isinstance(R(e.ty), T.OptionalT) else e.ty, "refmut")  # type: ignore[attr-defined]

    def val(self, e: N.Expr) -> S.RExpr:
        """Owned value of e."""
        return self.owned(self.expr(e))

    def coerced(self, e: N.Expr, target: T.Type) -> S.RExpr:
        """Owned value of e converted to the target type (int->float, X->Optional[X])."""
        tt, et = R(target), R(e.ty)
        if any_convertible(tt, et):
            from transpiler.codegen.rust import emit_io
            return emit_io.any_conversion(self.fe, e, tt)
        if isinstance(et, T.OptionalT) and not isinstance(tt, T.OptionalT | T.UnknownT | T.TypeVar):
            return self.coerced(self.deopt(e), target)
        if isinstance(tt, T.FloatT) and isinstance(et, T.IntT | T.BoolT):
            if isinstance(e, N.Const) and isinstance(e.value, int) and not isinstance(e.value, bool):
                return S.RExpr(float_lit(float(e.value)))
            return S.cast(self.val(e), "f64")
        if isinstance(tt, T.IntT) and isinstance(et, T.BoolT):
            return S.cast(self.val(e), "i64")
        if isinstance(tt, T.BigIntT) and isinstance(et, T.IntT | T.BoolT):
            return S.call("pyrt::bigint::PyInt::from", self.val(e))
        if isinstance(et, T.BigIntT) and isinstance(tt, T.IntT | T.FloatT):
            conv = "pyrt::bigint::PyInt::to_i64" if isinstance(tt, T.IntT) else "pyrt::bigint::to_float"
            return S.call(conv, self.borrow(self.expr(e)))
        if isinstance(tt, T.ComplexT) and isinstance(et, T.IntT | T.BoolT | T.FloatT):
            return S.call("pyrt::complex::Complex::from", self.coerced(e, T.FLOAT))
        if isinstance(tt, T.OptionalT):
            if isinstance(et, T.NoneT):
                return S.RExpr("None")
            if not isinstance(et, T.OptionalT):
                if is_boxed(tt.inner):
                    return S.call("Some", S.call("Box::new", self.coerced(e, tt.inner)))
                return S.call("Some", self.coerced(e, tt.inner))
        if isinstance(tt, T.ListT) and isinstance(e, N.ListLit):
            return self.list_lit(e, tt.elem)
        if isinstance(tt, T.FuncT) and not isinstance(et, T.FuncT | T.TypeVar):
            pass
        if isinstance(tt, T.FuncT):
            inner = self.val(e)
            if isinstance(e, N.Lambda) or isinstance(e, N.Name) and self.fe.is_function_name(e.id):
                return S.call("Box::new", inner)
            return inner
        return self.val(e)

    # ------------------------------------------------------------ atoms

    def x_Const(self, e: N.Const) -> Val:
        v = e.value
        if isinstance(v, bool):
            return Val(S.RExpr("true" if v else "false"), T.BOOL, "owned")
        if isinstance(v, int):
            if not -(2**63) <= v < 2**63:
                return Val(S.call("pyrt::bigint::parse", S.RExpr(lit_str(str(v)))), T.BIGINT, "owned")
            code = str(v) if v >= 0 else f"-{-v}"
            if v == -(2**63):
                code = "i64::MIN"
            if isinstance(R(e.ty), T.BigIntT):
                return Val(S.call("pyrt::bigint::parse", S.RExpr(lit_str(str(v)))), T.BIGINT, "owned")
            return Val(S.RExpr(code, S.ATOM if v >= 0 else S.UNARY), T.INT, "owned")
        if isinstance(v, float):
            code = float_lit(v)
            return Val(S.RExpr(code, S.ATOM if not code.startswith("-") else S.UNARY), T.FLOAT, "owned")
        if isinstance(v, complex):
            return Val(S.call("pyrt::complex::Complex::new", S.RExpr(float_lit(v.real)), S.RExpr(float_lit(v.imag))),
                       T.COMPLEX, "owned")
        if isinstance(v, str):
            return Val(S.RExpr(lit_str(v)), T.STR, "ref")
        if isinstance(v, bytes):
            return Val(S.RExpr("b" + json.dumps(v.decode("latin-1")).replace("\\u00", "\\x") + ".to_vec()"),
                       T.BYTES, "owned")
        return Val(S.RExpr("()"), T.NONE, "owned")

    def x_Name(self, e: N.Name) -> Val:
        return self.fe.load_name(e)

    def x_Starred(self, e: N.Starred) -> Val:
        raise Refused(e.span, "`*` unpacking is not supported in this position")

    # ------------------------------------------------------------ operators

    def x_BinOp(self, e: N.BinOp) -> Val:
        if isinstance(R(e.left.ty), T.ArrayT) or isinstance(R(e.right.ty), T.ArrayT) or e.op == "@":
            from transpiler.codegen.rust import emit_numpy
            return emit_numpy.binop(self.fe, e)
        if isinstance(R(e.left.ty), T.OptionalT) or isinstance(R(e.right.ty), T.OptionalT):
            ln, rn = py_type_name(e.left.ty), py_type_name(e.right.ty)
            lmsg = f"unsupported operand type(s) for {e.op}: 'NoneType' and '{rn}'"
            rmsg = f"unsupported operand type(s) for {e.op}: '{ln}' and 'NoneType'"
            e = N.BinOp(self.deopt(e.left, "TypeError", lmsg), e.op, self.deopt(e.right, "TypeError", rmsg), e.ty,
                        e.span)
        lt, rt, ty = R(e.left.ty), R(e.right.ty), R(e.ty)
        op = e.op
        if isinstance(ty, T.ComplexT):
            if op == "**":
                return Val(S.method(self.val(e.left), "powi", self.int_val(e.right)), ty, "owned")
            return Val(S.binary(self.coerced(e.left, ty), op, self.coerced(e.right, ty)), ty, "owned")
        if isinstance(ty, T.StrT):
            if op == "+":
                left = self.val(e.left)
                right = self.borrow(self.expr(e.right))
                return Val(S.binary(left, "+", right), T.STR, "owned")
            if op == "*":
                s, n = (e.left, e.right) if isinstance(lt, T.StrT) else (e.right, e.left)
                return Val(S.call("pyrt::pystr::repeat", self.borrow(self.expr(s)), self.int_val(n)), T.STR,
                           "owned")
            if op == "%":
                return self.percent_format(e)
        if isinstance(ty, T.ListT):
            if op == "+":
                return Val(S.call("pyrt::list::concat", self.borrow(self.expr(e.left)),
                                  self.borrow(self.expr(e.right))), ty, "owned")
            if op == "*":
                lst, n = (e.left, e.right) if isinstance(lt, T.ListT) else (e.right, e.left)
                if isinstance(lst, N.ListLit) and lst.elts and not any(isinstance(x, N.Starred) for x in lst.elts):
                    assert isinstance(ty, T.ListT)
                    items = ", ".join(self.coerced(x, ty.elem).code for x in lst.elts)
                    return Val(S.call("pyrt::list::repeat", f"&[{items}]", self.int_val(n)), ty, "owned")
                return Val(S.call("pyrt::list::repeat", self.borrow(self.expr(lst)), self.int_val(n)), ty,
                           "owned")
        if isinstance(ty, T.SetT):
            name = {"|": "union", "&": "intersection", "-": "difference", "^": "symmetric_difference"}[op]
            return Val(S.RExpr(f"{self.borrow(self.expr(e.left)).at(S.UNARY)}.{name}("
                               f"{self.borrow(self.expr(e.right)).code}).cloned().collect::<{rust_type(ty)}>()"),
                       ty, "owned")
        if isinstance(ty, T.BoolT) and op in ("&", "|", "^"):
            return Val(S.binary(self.val(e.left), op, self.val(e.right)), T.BOOL, "owned")
        if isinstance(lt, T.ClassT):
            return self.dunder_binop(e, lt)
        if isinstance(ty, T.BigIntT):
            fn = {"+": "add", "-": "sub", "*": "mul", "//": "floordiv", "%": "modulo", "**": "pow"}.get(op)
            if fn is None:
                raise Refused(e.span, f"operator `{op}` is not supported on arbitrary-precision ints")
            return Val(S.call(f"pyrt::bigint::{fn}", self.big_ref(e.left), self.big_ref(e.right)), ty, "owned")
        if isinstance(ty, T.FloatT) and op == "/" and (isinstance(lt, T.BigIntT) or isinstance(rt, T.BigIntT)) \
                and isinstance(lt, T.IntT | T.BoolT | T.BigIntT) and isinstance(rt, T.IntT | T.BoolT | T.BigIntT):
            return Val(S.call("pyrt::bigint::truediv", self.big_ref(e.left), self.big_ref(e.right)), ty, "owned")
        if isinstance(ty, T.FloatT):
            if op == "/" and isinstance(lt, T.IntT | T.BoolT) and isinstance(rt, T.IntT | T.BoolT):
                return Val(S.call("pyrt::int::truediv", self.int_val(e.left), self.int_val(e.right)), T.FLOAT,
                           "owned")
            a = self.coerced(e.left, T.FLOAT)
            b = self.coerced(e.right, T.FLOAT)
            if op == "/":
                return Val(S.call("pyrt::float::truediv", a, b), T.FLOAT, "owned")
            if op == "//":
                return Val(S.call("pyrt::float::floordiv", a, b), T.FLOAT, "owned")
            if op == "%":
                return Val(S.call("pyrt::float::modulo", a, b), T.FLOAT, "owned")
            if op == "**":
                return Val(S.call("pyrt::float::pow", a, b), T.FLOAT, "owned")
            return Val(S.binary(a, op, b), T.FLOAT, "owned")
        if isinstance(ty, T.IntT):
            a = self.int_val(e.left)
            b = self.int_val(e.right)
            if op == "//":
                return Val(S.call("pyrt::int::floordiv", a, b), T.INT, "owned")
            if op == "%":
                return Val(S.call("pyrt::int::modulo", a, b), T.INT, "owned")
            if op == "**":
                return Val(S.call("pyrt::int::pow", a, b), T.INT, "owned")
            if op == "<<":
                return Val(S.call("pyrt::int::shl", a, b), T.INT, "owned")
            if op == ">>":
                return Val(S.call("pyrt::int::shr", a, b), T.INT, "owned")
            return Val(S.binary(a, op, b), T.INT, "owned")
        raise Refused(e.span, f"unsupported operator `{op}` for {lt.show()} and {rt.show()}")

    def big_ref(self, e: N.Expr) -> S.RExpr:
        """`&PyInt` for an int operand of big-int arithmetic (i64 values are converted)."""
        if isinstance(R(e.ty), T.BigIntT):
            return self.borrow(self.expr(e))
        return S.unary("&", self.coerced(e, T.BIGINT))

    def int_val(self, e: N.Expr) -> S.RExpr:
        if isinstance(R(e.ty), T.BoolT):
            return S.cast(self.val(e), "i64")
        return self.val(e)

    def dunder_binop(self, e: N.BinOp, lt: T.ClassT) -> Val:
        names = {"+": "__add__", "-": "__sub__", "*": "__mul__", "/": "__truediv__", "//": "__floordiv__",
                 "%": "__mod__", "@": "__matmul__"}
        m = names.get(e.op)
        if m is None:
            raise Refused(e.span, f"operator `{e.op}` on class {lt.name}")
        left = self.expr(e.left)
        cls = self.fe.program.find_class(lt.name)
        info = cls.methods.get(m) if cls else None
        if info is None:
            raise Refused(e.span, f"class {lt.name} does not define {m}")
        arg = self.fe.arg_for_param(info, 1, e.right)
        return Val(S.method(left.e, self.fe.method_name(m), arg), e.ty, "owned")

    def x_UnaryOp(self, e: N.UnaryOp) -> Val:
        if isinstance(R(e.operand.ty), T.ArrayT):
            from transpiler.codegen.rust import emit_numpy
            return emit_numpy.unary(self.fe, e)
        if e.op == "not":
            return Val(S.unary("!", self.truthy(e.operand)), T.BOOL, "owned")
        ty = R(e.ty)
        if isinstance(R(e.operand.ty), T.OptionalT):
            e = N.UnaryOp(e.op, self.deopt(e.operand, "TypeError", f"bad operand type for unary {e.op}: 'NoneType'"),
                          e.ty, e.span)
        if isinstance(R(e.operand.ty), T.ClassT) and e.op in ("-", "+", "~"):
            name = {"-": "__neg__", "+": "__pos__", "~": "__invert__"}[e.op]
            return Val(S.method(self.expr(e.operand).e, self.fe.method_name(name)), e.ty, "owned")
        if e.op == "-" and isinstance(ty, T.BigIntT):
            return Val(S.call("pyrt::bigint::neg", self.big_ref(e.operand)), ty, "owned")
        if e.op == "-":
            inner = self.coerced(e.operand, ty)
            return Val(S.unary("-", inner), ty, "owned")
        if e.op == "+":
            return Val(self.coerced(e.operand, ty), ty, "owned")
        if e.op == "~":
            return Val(S.unary("!", self.int_val(e.operand)), T.INT, "owned")
        raise Refused(e.span, f"unary `{e.op}`")

    def truthy(self, e: N.Expr) -> S.RExpr:
        """A Rust bool for Python truthiness of e."""
        cells = self.fe.global_cells and self.fe.unbound_cells(e)
        if cells and self.fe.cell_safe(e):  # `while pending:` on a module-level container cell, borrowed
            return S.RExpr(self.fe.in_cells(e, cells, lambda: self.truthy(e).code))
        t = R(e.ty)
        if isinstance(t, T.BoolT):
            return self.val(e)
        v = self.expr(e)
        if isinstance(t, T.IntT):
            return S.binary(self.owned(v), "!=", S.RExpr("0"))
        if isinstance(t, T.BigIntT):
            return S.unary("!", S.call("pyrt::bigint::is_zero", self.borrow(v)))
        if isinstance(t, T.FloatT):
            return S.binary(self.owned(v), "!=", S.RExpr("0.0"))
        if isinstance(t, T.StrT | T.ListT | T.DictT | T.SetT | T.BytesT | T.DequeT):
            return S.unary("!", S.method(v.e, "is_empty"))
        if isinstance(t, T.OptionalT):
            inner = R(t.inner)
            if isinstance(inner, T.ClassT | T.EnumT | T.TupleT | T.FuncT | T.ExcT | T.FileT | T.OpaqueT):
                return S.method(v.e, "is_some")
            tmp = self.fe.fresh("o")
            self.fe.bind_temp(tmp, inner)
            self.fe.scopes[-1][tmp].mode = "ref"
            cond = self.truthy(N.Name(tmp, inner, e.span))
            self.fe.unbind_temp(tmp)
            return S.RExpr(f"{v.e.at(S.UNARY + 1)}.as_ref().is_some_and(|{tmp}| {cond.code})")
        if isinstance(t, T.NoneT):
            return S.RExpr("false")
        if isinstance(t, T.AnyT):
            return S.method(v.e, "truthy")
        if isinstance(t, T.TupleT):
            return S.RExpr("true" if t.elems else "false")
        if isinstance(t, T.ClassT | T.EnumT | T.FuncT | T.ExcT | T.FileT):
            cls = self.fe.program.find_class(t.name) if isinstance(t, T.ClassT) else None
            if cls is not None and "__len__" in cls.methods:
                return S.binary(S.method(v.e, self.fe.method_name("__len__")), "!=", S.RExpr("0"))
            if cls is not None and "__bool__" in cls.methods:
                return S.method(v.e, self.fe.method_name("__bool__"))
            if isinstance(t, T.EnumT):
                cls = self.fe.program.find_class(t.name)
                if cls is not None and cls.enum_base == "int":
                    return S.binary(S.method(v.e, "value"), "!=", S.RExpr("0"))
            return S.RExpr("true")
        raise Refused(e.span, f"truth value of {t.show()}")

    def x_BoolOp(self, e: N.BoolOp) -> Val:
        ty = R(e.ty)
        if isinstance(ty, T.BoolT):
            op = "&&" if e.op == "and" else "||"
            acc = self.truthy(e.values[0])
            for v in e.values[1:]:
                acc = S.binary(acc, op, self.truthy(v))
            return Val(acc, T.BOOL, "owned")
        # value-returning and/or: evaluate left once, pick by truthiness
        result = self.coerced(e.values[-1], ty)
        for v in reversed(e.values[:-1]):
            tmp = self.fe.fresh("v")
            if isinstance(R(v.ty), T.OptionalT) and not isinstance(ty, T.OptionalT) and e.op == "or":
                # `maybe or default`: a truthy Some is the value; None or a falsy value falls through
                self.fe.bind_temp(tmp, v.ty)
                cond = self.truthy(N.Name(tmp, v.ty, v.span))
                self.fe.unbind_temp(tmp)
                inner = f'pyrt::exc::some({tmp}, "TypeError", "unreachable")'
                result = S.RExpr(f"{{ let {tmp} = {self.val(v).code}; if {cond.code} {{ {inner} }} "
                                 f"else {{ {result.code} }} }}")
                continue
            first = self.coerced(v, ty)
            test_node = N.Name(tmp, v.ty, v.span)
            self.fe.bind_temp(tmp, ty)
            cond = self.truthy(test_node)
            self.fe.unbind_temp(tmp)
            if e.op == "and":
                body = f"if {cond.code} {{ {result.code} }} else {{ {tmp} }}"
            else:
                body = f"if {cond.code} {{ {tmp} }} else {{ {result.code} }}"
            result = S.RExpr(f"{{ let {tmp} = {first.code}; {body} }}")
        return Val(result, ty, "owned")

    def x_Compare(self, e: N.Compare) -> Val:
        if isinstance(R(e.ty), T.ArrayT):
            from transpiler.codegen.rust import emit_numpy
            return emit_numpy.compare(self.fe, e)
        parts: list[S.RExpr] = []
        left = e.left
        pre: list[str] = []
        for i, (op, right) in enumerate(zip(e.ops, e.comparators, strict=True)):
            if i < len(e.ops) - 1 and not isinstance(right, N.Name | N.Const):
                tmp = self.fe.fresh("c")
                pre.append(f"let {tmp} = {self.val(right).code};")
                self.fe.bind_temp(tmp, right.ty)
                right_node: N.Expr = N.Name(tmp, right.ty, right.span)
            else:
                right_node = right
            parts.append(self.compare_one(left, op, right_node, e.span))
            left = right_node
        acc = parts[0]
        for p in parts[1:]:
            acc = S.binary(acc, "&&", p)
        if pre:
            acc = S.RExpr("{ " + " ".join(pre) + " " + acc.code + " }")
        return Val(acc, T.BOOL, "owned")

    def compare_one(self, left: N.Expr, op: str, right: N.Expr, span: Span) -> S.RExpr:
        lt, rt = R(left.ty), R(right.ty)
        if op in ("in", "not in"):
            c = self.contains(right, left, span)
            return c if op == "in" else S.unary("!", c)
        if op in ("is", "is not", "==", "!=") and shared_class(lt) is not None and shared_class(rt) is not None \
                and struct_name(shared_class(lt) or "") == struct_name(shared_class(rt) or "") \
                and (op in ("is", "is not") or not self.fe.program.find_method(shared_class(lt) or "", "__eq__")):
            # identity of shared objects (`==` too, without __eq__); an object and an Optional compare as Optionals
            if isinstance(lt, T.OptionalT) == isinstance(rt, T.OptionalT):
                a, b = self.borrow(self.expr(left)), self.borrow(self.expr(right))
            else:
                opt = lt if isinstance(lt, T.OptionalT) else rt
                a, b = S.unary("&", self.coerced(left, opt)), S.unary("&", self.coerced(right, opt))
            test = S.call("pyrt::shared::is", a, b)
            return test if op in ("is", "==") else S.unary("!", test)
        if op in ("is", "is not"):
            if isinstance(rt, T.NoneT) or isinstance(lt, T.NoneT):
                other = left if isinstance(rt, T.NoneT) else right
                ot = R(other.ty)
                if isinstance(ot, T.OptionalT):
                    m = "is_none" if op == "is" else "is_some"
                    return S.method(self.expr(other).e, m)
                if isinstance(ot, T.AnyT):
                    test = S.RExpr(f"matches!({self.expr(other).e.code}, pyrt::json::Value::Null)")
                    return test if op == "is" else S.unary("!", test)
                return S.RExpr("false" if op == "is" and not isinstance(ot, T.NoneT) else
                               ("true" if op == "is" else "false"))
            op = "==" if op == "is" else "!="
        if isinstance(lt, T.NoneT) or isinstance(rt, T.NoneT):
            other = left if isinstance(rt, T.NoneT) else right
            ot = R(other.ty)
            if isinstance(ot, T.OptionalT):
                m = "is_none" if op == "==" else "is_some"
                return S.method(self.expr(other).e, m)
            if isinstance(ot, T.NoneT):
                return S.RExpr("true" if op == "==" else "false")
            return S.RExpr("false" if op == "==" else "true")
        if op in ("<", "<=", ">", ">=") and (isinstance(lt, T.OptionalT) or isinstance(rt, T.OptionalT)):
            msg = f"'{op}' not supported between instances of 'NoneType' and another value"
            return self.compare_one(self.deopt(left, "TypeError", msg), op, self.deopt(right, "TypeError", msg), span)
        if isinstance(lt, T.OptionalT) != isinstance(rt, T.OptionalT):
            if isinstance(lt, T.OptionalT):
                a, b = self.val(left), self.coerced(right, lt)
            else:
                a, b = self.coerced(left, rt), self.val(right)
            return S.binary(a, op, b)
        num = (T.IntT, T.FloatT, T.BoolT)
        if isinstance(lt, T.BigIntT) or isinstance(rt, T.BigIntT):
            if isinstance(lt, T.FloatT) or isinstance(rt, T.FloatT):
                return S.binary(self.coerced(left, T.FLOAT), op, self.coerced(right, T.FLOAT))
            if not isinstance(lt, (*num, T.BigIntT)) or not isinstance(rt, (*num, T.BigIntT)):
                raise Refused(span, f"'{op}' is not supported between int and {py_type_name(rt)}")
            return S.binary(self.big_cmp_operand(left), op, self.big_cmp_operand(right))
        if isinstance(lt, T.ComplexT) or isinstance(rt, T.ComplexT):
            if op not in ("==", "!=") or not isinstance(lt, (*num, T.ComplexT)) \
                    or not isinstance(rt, (*num, T.ComplexT)):
                raise Refused(span, f"'{op}' is not supported between complex and {py_type_name(rt)}")
            return S.binary(self.coerced(left, T.COMPLEX), op, self.coerced(right, T.COMPLEX))
        if isinstance(lt, num) and isinstance(rt, num):
            if isinstance(lt, T.FloatT) or isinstance(rt, T.FloatT):
                if isinstance(lt, T.FloatT) and isinstance(rt, T.FloatT):
                    return S.binary(self.val(left), op, self.val(right))
                if isinstance(lt, T.IntT):
                    return S.call("pyrt::float::cmp_int_float", self.val(left), self.val(right)) \
                        if False else S.binary(self.coerced(left, T.FLOAT), op, self.coerced(right, T.FLOAT))
                return S.binary(self.coerced(left, T.FLOAT), op, self.coerced(right, T.FLOAT))
            if isinstance(lt, T.BoolT) != isinstance(rt, T.BoolT):
                return S.binary(self.int_val(left), op, self.int_val(right))
            return S.binary(self.val(left), op, self.val(right))
        if isinstance(lt, T.StrT) and isinstance(rt, T.StrT):
            ch = self.char_compare(left, op, right)
            if ch is not None:
                return ch
            a = self.str_ref(left)
            b = self.str_ref(right)
            return S.binary(a, op, b)
        if isinstance(lt, T.ClassT) and op in ("<", ">", "<=", ">="):
            cls = self.fe.program.find_class(lt.name)
            if cls is not None and cls.order and isinstance(rt, T.ClassT):
                return S.binary(self.cmp_operand(self.expr(left)), op, self.cmp_operand(self.expr(right)))
            dn = {"<": "__lt__", ">": "__gt__", "<=": "__le__", ">=": "__ge__"}[op]
            if cls is not None and dn in cls.methods:
                return S.method(self.expr(left).e, self.fe.method_name(dn), self.borrow(self.expr(right)))
        if isinstance(lt, T.ClassT) and op in ("==", "!="):
            cls = self.fe.program.find_class(lt.name)
            if cls is not None and "__eq__" in cls.methods:
                r = S.method(self.expr(left).e, self.fe.method_name("__eq__"), self.borrow(self.expr(right)))
                return r if op == "==" else S.unary("!", r)
            if cls is not None and cls.kind not in ("dataclass",):
                raise Refused(span, "comparing instances of a plain class compares identity",
                              "define __eq__ or make it a @dataclass")
        a2 = self.expr(left)
        b2 = self.expr(right)
        return S.binary(self.cmp_operand(a2), op, self.cmp_operand(b2))

    def big_cmp_operand(self, e: N.Expr) -> S.RExpr:
        """A `PyInt` place or value to compare (big ints by reference; i64 values converted)."""
        if isinstance(R(e.ty), T.BigIntT):
            v = self.expr(e)
            return S.unary("*", v.e) if v.kind in ("ref", "refmut") else v.e
        return self.coerced(e, T.BIGINT)

    def char_of(self, e: N.Expr) -> S.RExpr | None:
        """`s[i]` as a Rust char (no String allocated), when s is a str variable."""
        if isinstance(e, N.Subscript) and isinstance(R(e.value.ty), T.StrT) and not isinstance(e.index, N.Slice):
            hint = self.fe.str_hint(e.value)
            base = self.borrow(self.expr(e.value))
            if hint is not None:
                return S.call("pyrt::pystr::char_at_hint", base, self.int_val(e.index), hint)
            return S.call("pyrt::pystr::char_at", base, self.int_val(e.index))
        return None

    def char_compare(self, left: N.Expr, op: str, right: N.Expr) -> S.RExpr | None:
        for a, b in ((left, right), (right, left)):
            if isinstance(b, N.Const) and isinstance(b.value, str) and len(b.value) == 1 and op in ("==", "!="):
                ch = self.char_of(a)
                if ch is not None:
                    lit = char_lit(b.value)
                    return S.binary(ch, op, S.RExpr(lit))
        return None

    def cmp_operand(self, v: Val) -> S.RExpr:
        if is_copy(v.ty):
            return self.owned(v)
        if v.kind in ("ref", "refmut"):
            if isinstance(R(v.ty), T.ListT):
                return v.e
            return S.unary("*", v.e) if not isinstance(R(v.ty), T.StrT) else v.e
        return v.e

    def str_ref(self, e: N.Expr) -> S.RExpr:
        v = self.expr(e)
        if v.kind in ("ref", "refmut") and isinstance(e, N.Subscript) and isinstance(R(e.value.ty), T.DictT):
            # `pyrt::dict::get` is generic in the value type: name `&str` here, or an expected `&str`
            # would fix it as `str` instead of coercing the `&String`
            return S.method(v.e, "as_str")
        if v.kind in ("ref", "refmut"):
            return v.e
        return S.method(v.e, "as_str")

    def contains(self, container: N.Expr, item: N.Expr, span: Span) -> S.RExpr:
        ct = R(container.ty)
        if isinstance(container, N.Call) and isinstance(container.func, N.Attribute) \
                and isinstance(R(container.func.value.ty), T.DictT) and container.func.attr in ("keys", "values"):
            d = self.expr(container.func.value)
            dt = R(container.func.value.ty)
            assert isinstance(dt, T.DictT)
            if container.func.attr == "keys":
                return S.method(d.e, "contains_key", self.key_ref(item, dt.key))
            return S.method(S.method(d.e, "values"), "any", S.RExpr(
                f"|v| *v == {self.val(item).code}" if is_copy(dt.value) else f"|v| v == &{self.val(item).at(S.UNARY)}"))
        if isinstance(ct, T.StrT):
            ch = self.char_of(item)
            if ch is not None:
                return S.method(self.expr(container).e, "contains", ch)
            return S.method(self.expr(container).e, "contains", self.str_ref(item))
        if isinstance(ct, T.DictT):
            return S.method(self.expr(container).e, "contains_key", self.key_ref(item, ct.key))
        if isinstance(ct, T.SetT):
            return S.method(self.expr(container).e, "contains", self.key_ref(item, ct.elem))
        if isinstance(ct, T.DequeT):
            return S.method(self.expr(container).e, "contains", self.key_ref(item, ct.elem))
        if isinstance(ct, T.ListT):
            if isinstance(container, N.ListLit) and all(not isinstance(x, N.Starred) for x in container.elts) \
                    and len(container.elts) <= 8:
                it = self.expr(item)
                tmp_needed = not isinstance(item, N.Name | N.Const)
                parts: list[S.RExpr] = []
                if tmp_needed:
                    tmp = self.fe.fresh("x")
                    self.fe.bind_temp(tmp, item.ty)
                    item_node: N.Expr = N.Name(tmp, item.ty, item.span)
                else:
                    item_node = item
                for x in container.elts:
                    parts.append(self.compare_one(item_node, "==", x, span))
                if not parts:
                    return S.RExpr("false")
                acc = parts[0]
                for p in parts[1:]:
                    acc = S.binary(acc, "||", p)
                if tmp_needed:
                    self.fe.unbind_temp(tmp)
                    return S.RExpr(f"{{ let {tmp} = {self.owned(it).code}; {acc.code} }}")
                return acc
            if isinstance(R(ct.elem), T.StrT):
                return S.method(S.method(self.expr(container).e, "iter"), "any",
                                S.RExpr(f"|x| x == {self.key_ref(item, ct.elem).code}"))
            return S.method(self.expr(container).e, "contains", self.key_ref(item, ct.elem))
        if isinstance(ct, T.TupleT):
            parts = [self.compare_one(item, "==", N.Subscript(container, N.Const(i, T.INT, span), el, span), span)
                     for i, el in enumerate(ct.elems)]
            acc = parts[0] if parts else S.RExpr("false")
            for p in parts[1:]:
                acc = S.binary(acc, "||", p)
            return acc
        if isinstance(ct, T.IterT):
            v = self.materialize(container)
            return S.method(v, "contains", self.key_ref(item, ct.elem))
        if isinstance(ct, T.ClassT):
            cls = self.fe.program.find_class(ct.name)
            if cls is not None and "__contains__" in cls.methods:
                return S.method(self.expr(container).e, self.fe.method_name("__contains__"),
                                self.fe.arg_for_param(cls.methods["__contains__"], 1, item))
        raise Refused(span, f"`in` on {ct.show()}")

    def key_ref(self, item: N.Expr, key_t: T.Type) -> S.RExpr:
        """`&key` for lookups in maps, sets and vec.contains."""
        kt = R(key_t)
        v = self.expr(item)
        if isinstance(kt, T.StrT):
            if isinstance(item, N.Const):
                return v.e
            if v.kind in ("ref", "refmut"):
                return v.e
            return S.unary("&", v.e)
        if isinstance(kt, T.FloatT) and isinstance(R(item.ty), T.IntT):
            return S.unary("&", S.cast(self.val(item), "f64"))
        if isinstance(kt, T.BigIntT) and isinstance(R(item.ty), T.IntT | T.BoolT):
            return S.unary("&", self.coerced(item, kt))
        if v.kind in ("ref", "refmut"):
            return v.e
        return S.unary("&", self.owned(v) if v.kind == "owned" else v.e)

    # ------------------------------------------------------------ containers

    def list_lit(self, e: N.ListLit, elem: T.Type | None = None) -> S.RExpr:
        lt = R(e.ty)
        et = elem if elem is not None else (lt.elem if isinstance(lt, T.ListT) else T.UNKNOWN)
        if any(isinstance(x, N.Starred) for x in e.elts):
            tmp = self.fe.fresh("l")
            stmts = [f"let mut {tmp}: {rust_type(T.ListT(et))} = Vec::new();"]
            for x in e.elts:
                if isinstance(x, N.Starred):
                    stmts.append(f"{tmp}.extend({self.iter_owned(x.value)});")
                else:
                    stmts.append(f"{tmp}.push({self.coerced(x, et).code});")
            return S.RExpr("{ " + " ".join(stmts) + f" {tmp} }}")
        if not e.elts:
            return S.RExpr(f"Vec::<{rust_type(et)}>::new()")
        return S.RExpr("vec![" + ", ".join(self.coerced(x, et).code for x in e.elts) + "]")

    def x_ListLit(self, e: N.ListLit) -> Val:
        return Val(self.list_lit(e), e.ty, "owned")

    def x_TupleLit(self, e: N.TupleLit) -> Val:
        tt = R(e.ty)
        if isinstance(tt, T.TupleT) and len(tt.elems) == len(e.elts):
            parts = [self.coerced(x, t).code for x, t in zip(e.elts, tt.elems, strict=True)]
        else:
            parts = [self.val(x).code for x in e.elts]
        if len(parts) == 1:
            return Val(S.RExpr(f"({parts[0]},)"), e.ty, "owned")
        return Val(S.RExpr("(" + ", ".join(parts) + ")"), e.ty, "owned")

    def x_SetLit(self, e: N.SetLit) -> Val:
        st = R(e.ty)
        assert isinstance(st, T.SetT)
        items = ", ".join(self.coerced(x, st.elem).code for x in e.elts)
        return Val(S.RExpr(f"{rust_type(st).replace('pyrt::Set<', 'pyrt::Set::<')}::from_iter([{items}])"),
                   st, "owned")

    def x_DictLit(self, e: N.DictLit) -> Val:
        dt = R(e.ty)
        assert isinstance(dt, T.DictT)
        if not e.keys:
            return Val(S.RExpr(default_value(dt) or "pyrt::Dict::default()"), dt, "owned")
        pairs = ", ".join(f"({self.coerced(k, dt.key).code}, {self.coerced(v, dt.value).code})"
                          for k, v in zip(e.keys, e.values, strict=True))
        return Val(S.RExpr(f"pyrt::dict::from_pairs([{pairs}])"), dt, "owned")

    def x_Subscript(self, e: N.Subscript) -> Val:
        if isinstance(R(e.value.ty), T.ArrayT) or (isinstance(e.value, N.Attribute) and e.value.attr == "shape"
                                                   and isinstance(R(e.value.value.ty), T.ArrayT)):
            from transpiler.codegen.rust import emit_numpy
            return emit_numpy.subscript(self.fe, e)
        if isinstance(R(e.value.ty), T.OptionalT):
            e = N.Subscript(self.deopt(e.value, "TypeError", "'NoneType' object is not subscriptable"), e.index,
                            e.ty, e.span)
        vt = R(e.value.ty)
        if isinstance(e.index, N.Slice):
            return self.slice(e, vt)
        base = self.expr(e.value)
        match vt:
            case T.AnyT():
                if isinstance(R(e.index.ty), T.StrT):
                    return Val(S.method(base.e, "get_key", self.str_ref(e.index)), T.ANY, "owned")
                return Val(S.method(base.e, "get_index", self.int_val(e.index)), T.ANY, "owned")
            case T.ListT():
                return Val(S.RExpr(f"{base.e.at(S.UNARY + 1)}[{self.index_code(e.index, base)}]"), e.ty, "place")
            case T.StrT():
                hint = self.fe.str_hint(e.value)
                if hint is not None:
                    return Val(S.call("pyrt::pystr::index_hint", self.borrow(base), self.int_val(e.index), hint),
                               T.STR, "owned")
                return Val(S.call("pyrt::pystr::index", self.borrow(base), self.int_val(e.index)), T.STR, "owned")
            case T.BytesT():
                return Val(S.cast(S.RExpr(f"{base.e.at(S.UNARY + 1)}[{self.index_code(e.index, base)}]"), "i64"),
                           T.INT, "owned")
            case T.DictT(k, v, factory) if factory == "counter":
                return Val(S.call("pyrt::dict::counter_get", self.borrow(base), self.key_ref(e.index, k)), e.ty,
                           "owned")
            case T.DictT(k, v, factory) if factory is not None:
                # defaultdict: reading a missing key inserts the factory's value
                self.fe.mark_mut_expr(e.value)
                dv = default_value(v) or "Default::default()"
                entry = f"{base.e.at(S.UNARY + 1)}.entry({self.coerced(e.index, k).code}).or_insert_with(|| {dv})"
                if is_copy(v):
                    # copy out inside a `let`, so the mutable borrow of the map ends right here
                    return Val(S.RExpr(f"{{ let v_ = *{entry}; v_ }}"), e.ty, "owned")
                return Val(S.RExpr(f"(*{entry})"), e.ty, "place")
            case T.DictT(k, _):
                return Val(S.call("pyrt::dict::get", self.borrow(base), self.key_ref(e.index, k)), e.ty, "ref")
            case T.DequeT():
                return Val(S.RExpr(f"{base.e.at(S.UNARY + 1)}[{self.index_code(e.index, base)}]"), e.ty, "place")
            case T.TupleT(es):
                if isinstance(e.index, N.Const) and isinstance(e.index.value, int):
                    i = e.index.value % len(es)
                    return Val(S.RExpr(f"{base.e.at(S.UNARY + 1)}.{i}"), e.ty, "place" if base.kind != "owned"
                               else "place")
                raise Refused(e.span, "tuple index must be a constant")
            case T.ClassT(name):
                cls = self.fe.program.find_class(name)
                if cls is not None and "__getitem__" in cls.methods:
                    arg = self.fe.arg_for_param(cls.methods["__getitem__"], 1, e.index)
                    return Val(S.method(base.e, self.fe.method_name("__getitem__"), arg), e.ty, "owned")
        raise Refused(e.span, f"indexing {vt.show()}")

    def index_code(self, index: N.Expr, base: Val) -> str:
        if isinstance(index, N.Const) and isinstance(index.value, int) and index.value >= 0:
            return str(index.value)
        if isinstance(index, N.Name) and index.id in self.fe.nonneg_vars:
            return f"{self.fe.load_name(index).e.at(S.CAST)} as usize"
        return S.call("pyrt::list::norm_index", S.method(base.e, "len"), self.int_val(index),
                      S.RExpr('"list"')).code

    def slice(self, e: N.Subscript, vt: T.Type) -> Val:
        sl = e.index
        assert isinstance(sl, N.Slice)

        def opt(x: N.Expr | None) -> str:
            return "None" if x is None else f"Some({self.int_val(x).code})"

        base = self.expr(e.value)
        args = [self.borrow(base).code, opt(sl.lower), opt(sl.upper), opt(sl.step)]
        if isinstance(vt, T.StrT):
            hint = self.fe.str_hint(e.value)
            if hint is not None:
                return Val(S.call("pyrt::pystr::slice_hint", *args, hint), T.STR, "owned")
            return Val(S.call("pyrt::pystr::slice", *args), T.STR, "owned")
        return Val(S.call("pyrt::list::slice", *args), e.ty, "owned")

    def x_Attribute(self, e: N.Attribute) -> Val:
        return self.fe.load_attribute(e)

    # ------------------------------------------------------------ calls, comprehensions, lambdas

    def x_Call(self, e: N.Call) -> Val:
        return self.fe.call(e)

    def x_IfExp(self, e: N.IfExp) -> Val:
        cond = self.truthy(e.test)
        a = self.coerced(e.body, e.ty)
        b = self.coerced(e.orelse, e.ty)
        return Val(S.RExpr(f"if {cond.code} {{ {a.code} }} else {{ {b.code} }}", S.LOWEST), e.ty, "owned")

    def x_NamedExpr(self, e: N.NamedExpr) -> Val:
        target = self.fe.store_name(e.target.id, e.value)
        v = self.fe.load_name(e.target)
        return Val(S.RExpr("{ " + target + " " + self.owned(v).code + " }"), e.ty, "owned")

    def x_Lambda(self, e: N.Lambda) -> Val:
        ft = R(e.ty)
        assert isinstance(ft, T.FuncT)
        params = []
        for p, pt in zip(e.params, ft.params, strict=True):
            params.append(f"{snake(p.name)}: {rust_type(pt)}")
            self.fe.bind_temp(p.name, pt, rust=snake(p.name))
        try:
            body = self.coerced(e.body, ft.ret)
        finally:
            for p in e.params:
                self.fe.unbind_temp(p.name)
        return Val(S.RExpr(f"move |{', '.join(params)}| {body.code}", S.LOWEST), e.ty, "owned")

    def x_Comprehension(self, e: N.Comprehension) -> Val:
        return Val(self.fe.comprehension(e), e.ty, "owned")

    def materialize(self, e: N.Expr) -> S.RExpr:
        """An iterator-typed expression collected into a Vec."""
        return self.fe.collect_iter(e)

    def iter_owned(self, e: N.Expr) -> str:
        """Rust iterator yielding owned elements of iterable e."""
        return self.fe.iter_code(e, owned=True)[0]

    # ------------------------------------------------------------ strings

    def x_FString(self, e: N.FString) -> Val:
        fmt: list[str] = []
        args: list[str] = []
        for p in e.parts:
            if isinstance(p, N.Const) and isinstance(p.value, str):
                fmt.append(p.value.replace("{", "{{").replace("}", "}}"))
            elif isinstance(p, N.FormattedValue):
                f, a = self.format_piece(p.value, p.conversion, p.spec)
                fmt.append(f)
                args.append(a)
            else:
                f, a = self.format_piece(p, None, None)
                fmt.append(f)
                args.append(a)
        if not args:
            return Val(S.RExpr(lit_str("".join(fmt).replace("{{", "{").replace("}}", "}"))), T.STR, "ref")
        if fmt == ["{}"] and _is_path_or_call(args[0]):
            return Val(S.RExpr(f"{args[0]}.to_string()"), T.STR, "owned")  # not format!("{}", x) (clippy)
        return Val(S.RExpr(f"format!({lit_str(''.join(fmt))}, {', '.join(args)})"), T.STR, "owned")

    def format_piece(self, value: N.Expr, conv: str | None, spec: str | None) -> tuple[str, str]:
        """A `{}` placeholder and its argument for str(value) / repr / a format spec."""
        v = self.expr(value)
        t = R(value.ty)
        if isinstance(t, T.ArrayT) and not spec:
            from transpiler.codegen.rust import emit_numpy
            return emit_numpy.format_piece(self.fe, v, conv)
        if spec:
            arg = v.e.code if v.kind in ("ref", "refmut") else S.unary("&", v.e).code
            if conv == "r":
                arg = f"&pyrt::to_repr({arg})"
            return "{}", f"pyrt::fmt::format_spec({arg}, {lit_str(spec)})"
        if isinstance(t, T.DictT) and t.factory is not None:
            fn = "counter_repr" if t.factory == "counter" else "defaultdict_repr"
            extra = "" if t.factory == "counter" else f", {lit_str(t.factory)}"
            return "{}", f"pyrt::dict::{fn}({self.borrow(v).code}{extra})"
        if isinstance(t, T.DequeT):
            return "deque({})", f"pyrt::R(&{v.e.at(S.UNARY + 1)}.iter().cloned().collect::<Vec<_>>())"
        if conv == "r":
            return "{}", f"pyrt::R({self.borrow(v).code})"
        if isinstance(t, T.IntT | T.StrT):
            return "{}", v.e.code
        return "{}", f"pyrt::S({self.borrow(v).code})"

    def percent_format(self, e: N.BinOp) -> Val:
        rt = R(e.right.ty)
        items: list[N.Expr]
        if isinstance(e.right, N.TupleLit):
            items = list(e.right.elts)
        elif isinstance(rt, T.TupleT):
            raise Refused(e.span, "`%` with a tuple variable", "write the tuple inline")
        else:
            items = [e.right]
        args = []
        for it in items:
            t = R(it.ty)
            if isinstance(t, T.IntT | T.FloatT | T.BoolT):
                args.append(f"pyrt::PyArg::from({self.val(it).code})")
            elif isinstance(t, T.StrT):
                args.append(f"pyrt::PyArg::from({self.borrow(self.expr(it)).code})")
            else:
                v = self.expr(it)
                args.append(f"pyrt::PyArg::Repr(pyrt::to_repr({self.borrow(v).code}))"
                            if False else f"pyrt::PyArg::Str(pyrt::to_str({self.borrow(v).code}))")
        return Val(S.call("pyrt::percent_format", self.borrow(self.expr(e.left)), "&[" + ", ".join(args) + "]"),
                   T.STR, "owned")

    def x_Yield(self, e: N.Yield) -> Val:
        return self.fe.yield_(e)

    def x_Slice(self, e: N.Slice) -> Val:
        raise Refused(e.span, "slice outside a subscript")


def py_type_name(t: T.Type) -> str:
    """The name CPython's messages use for a value of type t (the inner type of an Optional)."""
    t = R(t)
    if isinstance(t, T.OptionalT):
        t = R(t.inner)
    names = {T.IntT: "int", T.FloatT: "float", T.StrT: "str", T.BoolT: "bool", T.ListT: "list", T.DictT: "dict",
             T.SetT: "set", T.TupleT: "tuple", T.BytesT: "bytes", T.NoneT: "NoneType"}
    if isinstance(t, T.ClassT | T.EnumT):
        return t.name
    return names.get(type(t), "object")


def enum_variant(name: str) -> str:
    return camel(name.lower()) if name.isupper() else camel(name)


def const_name(name: str) -> str:
    return upper(name)


def _is_path_or_call(code: str) -> bool:
    """`a::b.c` or `path(args...)` with one balanced argument list at the end: safe to call a method on."""
    i = 0
    while i < len(code) and (code[i].isalnum() or code[i] in "_:."):
        i += 1
    if i == 0:
        return False
    if i == len(code):
        return True
    if code[i] != "(" or not code.endswith(")"):
        return False
    depth = 0
    in_str = False
    for j in range(i, len(code)):
        c = code[j]
        if in_str:
            if c == "\\":
                continue
            if c == '"' and code[j - 1] != "\\":
                in_str = False
            continue
        if c == '"':
            in_str = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0 and j != len(code) - 1:
                return False
    return depth == 0
