"""numpy expressions -> calls into the `pyarray` runtime crate, called from the emitters' hooks.

Arrays are `pyarray::Array<T>` (ndarray's ArrayD); operands are passed by reference, Python scalars
become 0-d arrays (`pyarray::ops::scalar`), and a mixed-dtype operation casts the narrower operand
first, as numpy's type promotion does.

Before:  d = ((p[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
After:   let d = pyarray::reduce::sum_axis(&pyarray::ops::pow(&pyarray::ops::sub(&pyarray::index::get(..
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transpiler.codegen.rust import emit_fused
from transpiler.codegen.rust import syntax as S
from transpiler.codegen.rust.emit_expr import Refused, Val

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.passes import fuse_masked_rows

if TYPE_CHECKING:
    from transpiler.codegen.rust.emit_fn import FunctionEmitter

R = T.resolve

ELEM = {"float64": "f64", "float32": "f32", "int64": "i64", "bool": "bool", "complex128": "pyarray::Complex64"}
ARITH = {"+": "add", "-": "sub", "*": "mul", "/": "div", "&": "and", "|": "or"}
CMP = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne"}
UFUNC = {"sqrt", "exp", "log", "sin", "cos"}


def rust_type(t: T.Type) -> str | None:
    t = R(t)
    if isinstance(t, T.ArrayT):
        return f"pyarray::Array<{ELEM[t.dtype]}>"
    if isinstance(t, T.NpGeneratorT):
        return "pyarray::random::Generator"
    return None


def _dtype(t: T.Type) -> str:
    t = R(t)
    if isinstance(t, T.ArrayT):
        return t.dtype
    if isinstance(t, T.BoolT):
        return "bool"
    if isinstance(t, T.IntT):
        return "int64"
    return "float64"


def arr(fe: FunctionEmitter, e: N.Expr, dtype: str | None = None) -> str:
    """`&Array<T>` code for an array or scalar operand, cast to dtype when given."""
    t = R(e.ty)
    want = dtype or _dtype(t)
    if isinstance(t, T.ArrayT):
        code = fe.borrow(fe.expr(e)).code
        if t.dtype != want:
            return f"&pyarray::create::astype::<{ELEM[want]}, {ELEM[t.dtype]}>({code})"
        return code
    v = fe.val(e).code
    if want in ("float64", "float32") and not isinstance(t, T.FloatT):
        v = f"({v}) as {ELEM[want]}"
    elif want == "float32":
        v = f"({v}) as f32"
    return f"&pyarray::ops::scalar::<{ELEM[want]}>({v})"


def owned_arr(fe: FunctionEmitter, e: N.Expr, dtype: str | None = None) -> str:
    """An owned `Array<T>` of an array operand: a temporary as it is, a variable cloned."""
    t = R(e.ty)
    if isinstance(t, T.ArrayT) and (dtype is None or t.dtype == dtype):
        v = fe.expr(e)
        return v.e.code if v.kind == "owned" else f"({fe.borrow(v).code}).clone()"
    return f"({arr(fe, e, dtype)}).clone()"


def shape_code(fe: FunctionEmitter, e: N.Expr) -> str:
    """`&[usize]` code for a shape argument: an int, a tuple display or a tuple value."""
    if isinstance(e, N.TupleLit | N.ListLit):
        return "&[" + ", ".join(_usize(fe.int_val(x).code) for x in e.elts) + "]"
    t = R(e.ty)
    if isinstance(t, T.TupleT):
        tmp = fe.val(e).code
        return "&{ let s_ = " + tmp + "; [" + ", ".join(f"s_.{i} as usize" for i in range(len(t.elems))) + "] }"
    return f"&[{_usize(fe.int_val(e).code)}]"


def _usize(code: str) -> str:
    """An i64 expression as a usize; a literal is written as one (clippy: unnecessary_cast)."""
    return code if code.isdigit() else f"({code}) as usize"


def _shape_i64(fe: FunctionEmitter, e: N.Expr) -> str:
    if isinstance(e, N.TupleLit | N.ListLit):
        return "&[" + ", ".join(fe.int_val(x).code for x in e.elts) + "]"
    t = R(e.ty)
    if isinstance(t, T.TupleT):
        return "&{ let s_ = " + fe.val(e).code + "; [" + ", ".join(f"s_.{i}" for i in range(len(t.elems))) + "] }"
    return f"&[{fe.int_val(e).code}]"


def _out(code: str, t: T.Type) -> Val:
    return Val(S.RExpr(code), t, "owned")


def binop(fe: FunctionEmitter, e: N.BinOp) -> Val:
    ty = R(e.ty)
    op = e.op
    if op == "@":
        if isinstance(ty, T.FloatT):
            return _out(f"pyarray::linalg::dot1({arr(fe, e.left, 'float64')}, {arr(fe, e.right, 'float64')})", ty)
        return _out(f"pyarray::linalg::matmul({arr(fe, e.left, 'float64')}, {arr(fe, e.right, 'float64')})", ty)
    if not isinstance(ty, T.ArrayT):
        raise Refused(e.span, f"numpy operator `{op}` on these operands")
    dt = ty.dtype
    if op in ARITH:
        return _out(f"pyarray::ops::{ARITH[op]}({arr(fe, e.left, dt)}, {arr(fe, e.right, dt)})", ty)
    if op == "**" and dt == "float64":
        return _out(f"pyarray::ops::pow({arr(fe, e.left, dt)}, {arr(fe, e.right, dt)})", ty)
    if op == "//" and dt == "int64":
        return _out(f"pyarray::ops::floordiv_i({arr(fe, e.left, dt)}, {arr(fe, e.right, dt)})", ty)
    if op == "%" and dt == "int64":
        return _out(f"pyarray::ops::mod_i({arr(fe, e.left, dt)}, {arr(fe, e.right, dt)})", ty)
    raise Refused(e.span, f"numpy operator `{op}` on {dt} arrays is not supported yet")


def compare(fe: FunctionEmitter, e: N.Compare) -> Val:
    if len(e.ops) != 1 or e.ops[0] not in CMP:
        raise Refused(e.span, "chained or membership comparisons of arrays")
    right = e.comparators[0]
    dts = [_dtype(e.left.ty), _dtype(right.ty)]
    dt = "float64" if "float64" in dts else ("int64" if "int64" in dts else dts[0])
    return _out(f"pyarray::ops::{CMP[e.ops[0]]}({arr(fe, e.left, dt)}, {arr(fe, right, dt)})", e.ty)


def unary(fe: FunctionEmitter, e: N.UnaryOp) -> Val:
    t = R(e.ty)
    if e.op == "-":
        return _out(f"pyarray::ops::neg({arr(fe, e.operand)})", t)
    if e.op == "~" and isinstance(t, T.ArrayT) and t.dtype == "bool":
        return _out(f"pyarray::ops::not({arr(fe, e.operand)})", t)
    if e.op == "+":
        return _out(fe.val(e.operand).code, t)
    raise Refused(e.span, f"unary `{e.op}` on an array")


def _ix(fe: FunctionEmitter, p: N.Expr) -> str:
    if isinstance(p, N.Slice):
        def b(x: N.Expr | None) -> str:
            return "None" if x is None else f"Some({fe.int_val(x).code})"
        step = "1" if p.step is None else fe.int_val(p.step).code
        return f"pyarray::index::Ix::Slice({b(p.lower)}, {b(p.upper)}, {step})"
    if isinstance(p, N.Const) and p.value is None:
        return "pyarray::index::Ix::NewAxis"
    return f"pyarray::index::Ix::At({fe.int_val(p).code})"


def _parts(index: N.Expr) -> tuple[N.Expr, ...]:
    return index.elts if isinstance(index, N.TupleLit) else (index,)


def subscript(fe: FunctionEmitter, e: N.Subscript) -> Val:
    if isinstance(e.value, N.Attribute) and e.value.attr == "shape":
        dims = fe.borrow(fe.expr(e.value.value)).code
        return _out(f"pyarray::index::dim({dims}, {fe.int_val(e.index).code})", T.INT)
    base = fe.borrow(fe.expr(e.value)).code
    parts = _parts(e.index)
    ty = R(e.ty)
    if len(parts) == 1 and isinstance(R(parts[0].ty), T.ArrayT):
        it = R(parts[0].ty)
        assert isinstance(it, T.ArrayT)
        if it.dtype == "bool":
            fused = _rows_where(fe, base, parts[0], ty)
            if fused is not None:
                return fused
            return _out(f"pyarray::index::mask_rows({base}, {arr(fe, parts[0])})", ty)
        return _out(f"pyarray::index::take({base}, {arr(fe, parts[0])})", ty)
    if not isinstance(ty, T.ArrayT):
        idx = [fe.int_val(p).code for p in parts]
        if len(idx) == 1:
            return _out(f"pyarray::index::item1({base}, {idx[0]})", ty)
        if len(idx) == 2:
            return _out(f"pyarray::index::item2({base}, {idx[0]}, {idx[1]})", ty)
        return _out(f"pyarray::index::item({base}, &[{', '.join(idx)}])", ty)
    return _out(f"pyarray::index::get({base}, &[{', '.join(_ix(fe, p) for p in parts)}])", ty)


def _rows_where(fe: FunctionEmitter, base: str, m: N.Expr, ty: T.Type) -> Val | None:
    """`a[key op c]` with an int/float array key and a scalar c: rows selected without a mask array."""
    if not (isinstance(m, N.Compare) and len(m.ops) == 1 and m.ops[0] in CMP):
        return None
    kt, ct = R(m.left.ty), R(m.comparators[0].ty)
    if not (isinstance(kt, T.ArrayT) and kt.dtype in ("int64", "float64")
            and isinstance(ct, T.IntT | T.FloatT) and not isinstance(ct, T.BoolT)):
        return None
    dt = "float64" if "float64" in (kt.dtype, _dtype(ct)) else "int64"
    c = _scalar(fe, m.comparators[0], dt)
    cv = fe.fresh("c")
    return _out(f"{{ let {cv} = {c}; pyarray::index::rows_where({base}, {arr(fe, m.left, dt)}, "
                f"move |x| x {m.ops[0]} {cv}) }}", ty)


def _count_sum_rows_where(fe: FunctionEmitter, a: N.Expr, m: N.Expr, ty: T.Type) -> Val:
    """(count, column sums) of `a[key op c]` (see passes/fuse_masked_rows.py), without the selection."""
    assert isinstance(m, N.Compare)
    kt = R(m.left.ty)
    assert isinstance(kt, T.ArrayT)
    dt = "float64" if "float64" in (kt.dtype, _dtype(m.comparators[0].ty)) else "int64"
    c = _scalar(fe, m.comparators[0], dt)
    cv = fe.fresh("c")
    return _out(f"{{ let {cv} = {c}; pyarray::reduce::count_sum_rows_where({arr(fe, a)}, {arr(fe, m.left, dt)}, "
                f"move |x| x {m.ops[0]} {cv}) }}", ty)


def store(fe: FunctionEmitter, t: N.Subscript, base: Val, value: N.Expr) -> list[S.RStmt]:
    """`a[idx] = value` for an array target."""
    at = R(t.value.ty)
    assert isinstance(at, T.ArrayT)
    target = fe.borrow_mut(base).code
    parts = _parts(t.index)
    if len(parts) == 1 and isinstance(R(parts[0].ty), T.ArrayT):
        mask = arr(fe, parts[0])
        return [S.Line(f"pyarray::index::mask_set({target}, {mask}, {_scalar(fe, value, at.dtype)});")]
    if not isinstance(R(value.ty), T.ArrayT) and all(not isinstance(p, N.Slice) and not
                                                    (isinstance(p, N.Const) and p.value is None) for p in parts) \
            and (at.ndim < 0 or len(parts) == at.ndim):
        idx = ", ".join(fe.int_val(p).code for p in parts)
        v = _scalar(fe, value, at.dtype)
        tmp = fe.fresh("v")
        return [S.Line(f"let {tmp} = {v};"), S.Line(f"pyarray::index::set_item({target}, &[{idx}], {tmp});")]
    tmp = fe.fresh("v")
    return [S.Line(f"let {tmp} = {owned_arr(fe, value, at.dtype)};"),
            S.Line(f"pyarray::index::set({target}, &[{', '.join(_ix(fe, p) for p in parts)}], &{tmp});")]


def _scalar(fe: FunctionEmitter, value: N.Expr, dtype: str) -> str:
    v = fe.val(value).code
    vt = R(value.ty)
    if dtype in ("float64", "float32") and not isinstance(vt, T.FloatT):
        return f"({v}) as {ELEM[dtype]}"
    if dtype == "float32":
        return f"({v}) as f32"
    return v


def attribute(fe: FunctionEmitter, e: N.Attribute) -> Val:
    t = R(e.value.ty)
    assert isinstance(t, T.ArrayT)
    base = fe.borrow(fe.expr(e.value)).code
    if e.attr == "T":
        return _out(f"pyarray::shape::transpose({base})", e.ty)
    if e.attr == "size":
        return _out(f"({base}.len() as i64)", T.INT)
    if e.attr == "ndim":
        return _out(f"({base}.ndim() as i64)", T.INT)
    if e.attr == "shape":
        st = R(e.ty)
        if isinstance(st, T.TupleT):
            inner = ", ".join(f"s_[{i}] as i64" for i in range(len(st.elems)))
            comma = "," if len(st.elems) == 1 else ""
            return _out(f"{{ let s_ = {base}.shape(); ({inner}{comma}) }}", st)
        return _out(f"{base}.shape().iter().map(|&d| d as i64).collect::<Vec<i64>>()", st)
    if e.attr in ("real", "imag"):
        return _out(f"pyarray::ops::{e.attr}({base})", e.ty)
    raise Refused(e.span, f"array attribute `.{e.attr}` is not supported yet")


def _kw(e: N.Call, name: str) -> N.Expr | None:
    for k in e.keywords:
        if k.name == name:
            return k.value
    return None


def _axis(e: N.Call, pos: int) -> N.Expr | None:
    a = _kw(e, "axis")
    if a is None and len(e.args) > pos:
        a = e.args[pos]
    return a


def _reduce(fe: FunctionEmitter, e: N.Call, fn: str, a: N.Expr, axis: N.Expr | None) -> Val:
    at = R(a.ty)
    assert isinstance(at, T.ArrayT)
    ty = R(e.ty)
    src = arr(fe, a)
    if at.dtype == "bool":
        if fn == "sum" and axis is None:
            return _out(f"pyarray::reduce::count({src})", ty)
        if fn in ("any", "all") and axis is None:
            return _out(f"pyarray::reduce::{fn}({src})", ty)
        src = arr(fe, a, "int64")
    if fn in ("mean", "std") and at.dtype != "float64":
        src = arr(fe, a, "float64")
    if axis is None:
        return _out(f"pyarray::reduce::{fn}({src})", ty)
    return _out(f"pyarray::reduce::{fn}_axis({src}, {fe.int_val(axis).code})", ty)


def module_func(fe: FunctionEmitter, e: N.Call, full: str) -> Val:
    sub = full[len("numpy."):]
    ty = R(e.ty)
    args = e.args
    et = ELEM[ty.dtype] if isinstance(ty, T.ArrayT) else None
    if sub == "random.default_rng":
        seed = fe.int_val(args[0]).code if args else "0"
        return _out(f"pyarray::random::default_rng({seed})", ty)
    if sub in ("array", "asarray") and isinstance(ty, T.ArrayT):
        src = args[0]
        st = R(src.ty)
        if isinstance(st, T.ArrayT):
            return _out(f"{arr(fe, src, ty.dtype)}.clone()", ty)
        depth = 0
        inner = st
        while isinstance(inner, T.ListT):
            depth += 1
            inner = R(inner.elem)
        conv = "" if _dtype(inner) == ty.dtype else f".into_iter().map(|x| x as {et}).collect::<Vec<{et}>>()"
        v = fe.val(src).code
        if depth == 1:
            return _out(f"pyarray::create::from_vec({v}{conv})", ty)
        if depth == 2:
            rows = f"{v}.into_iter().map(|r| r{conv}).collect()" if conv else v
            return _out(f"pyarray::create::from_rows({rows})", ty)
        raise Refused(e.span, "np.array of lists nested more than two deep")
    if sub in ("zeros", "ones", "empty") and et:
        fn = "ones" if sub == "ones" else "zeros"
        return _out(f"pyarray::create::{fn}::<{et}>({shape_code(fe, args[0])})", ty)
    if sub == "full" and isinstance(ty, T.ArrayT):
        return _out(f"pyarray::create::full::<{et}>({shape_code(fe, args[0])}, {_scalar(fe, args[1], ty.dtype)})",
                    ty)
    if sub in ("zeros_like", "ones_like", "empty_like") and et:
        fn = "ones_like" if sub == "ones_like" else "zeros_like"
        return _out(f"pyarray::create::{fn}::<{et}, _>({arr(fe, args[0])})", ty)
    if sub == "full_like" and isinstance(ty, T.ArrayT):
        return _out(f"pyarray::create::full_like::<{et}, _>({arr(fe, args[0])}, {_scalar(fe, args[1], ty.dtype)})",
                    ty)
    if sub == "copy":
        return _out(owned_arr(fe, args[0]), ty)
    if sub == "arange" and isinstance(ty, T.ArrayT):
        if ty.dtype == "int64":
            vals = [fe.int_val(a).code for a in args]
            start, stop, step = (("0", vals[0], "1") if len(vals) == 1 else
                                 (vals[0], vals[1], "1") if len(vals) == 2 else tuple(vals))
            return _out(f"pyarray::create::arange_i({start}, {stop}, {step})", ty)
        fl = [fe.coerced(a, T.FLOAT).code for a in args]
        start, stop, step = (("0.0", fl[0], "1.0") if len(fl) == 1 else
                             (fl[0], fl[1], "1.0") if len(fl) == 2 else tuple(fl))
        return _out(f"pyarray::create::arange_f({start}, {stop}, {step})", ty)
    if sub == "linspace":
        num = fe.int_val(args[2]).code if len(args) > 2 else "50"
        return _out(f"pyarray::create::linspace({fe.coerced(args[0], T.FLOAT).code}, "
                    f"{fe.coerced(args[1], T.FLOAT).code}, {_usize(num)})", ty)
    if sub in ("eye", "identity") and et:
        return _out(f"pyarray::create::eye::<{et}>({_usize(fe.int_val(args[0]).code)})", ty)
    if sub in UFUNC or sub in ("abs", "absolute"):
        a = args[0]
        at = R(a.ty)
        if not isinstance(at, T.ArrayT):
            fn = "abs" if sub in ("abs", "absolute") else sub
            if isinstance(at, T.IntT) and fn == "abs":
                return _out(f"({fe.val(a).code}).abs()", ty)
            return _out(f"({fe.coerced(a, T.FLOAT).code}).{'ln' if fn == 'log' else fn}()", ty)
        if sub in ("abs", "absolute"):
            if at.dtype == "complex128":
                return _out(f"pyarray::ops::abs_c({arr(fe, a)})", ty)
            if at.dtype == "int64":
                return _out(f"pyarray::ops::abs_i({arr(fe, a)})", ty)
            return _out(f"pyarray::ops::abs({arr(fe, a, 'float64')})", ty)
        return _out(f"pyarray::ops::{sub}({arr(fe, a, 'float64')})", ty)
    if sub in ("maximum", "minimum") and isinstance(ty, T.ArrayT):
        return _out(f"pyarray::ops::{sub}({arr(fe, args[0], ty.dtype)}, {arr(fe, args[1], ty.dtype)})", ty)
    if sub == "where" and isinstance(ty, T.ArrayT):
        return _out(f"pyarray::ops::where_({arr(fe, args[0], 'bool')}, {arr(fe, args[1], ty.dtype)}, "
                    f"{arr(fe, args[2], ty.dtype)})", ty)
    if sub == "clip" and isinstance(ty, T.ArrayT):
        return _out(f"pyarray::ops::clip({arr(fe, args[0])}, {_scalar(fe, args[1], ty.dtype)}, "
                    f"{_scalar(fe, args[2], ty.dtype)})", ty)
    if sub in ("sum", "mean", "std", "min", "max", "argmin", "argmax", "cumsum", "any", "all"):
        return emit_fused.fused_chain(fe, e) or _reduce(fe, e, sub, args[0], _axis(e, 1))
    if sub in ("sort", "argsort"):
        return _out(f"pyarray::reduce::{sub}({arr(fe, args[0])})", ty)
    if sub == fuse_masked_rows.INTRINSIC:
        return _count_sum_rows_where(fe, args[0], args[1], ty)
    if sub == fuse_masked_rows.GROUP:
        return _out(f"pyarray::reduce::group_count_sum_rows({arr(fe, args[0])}, {arr(fe, args[1])}, "
                    f"{_scalar(fe, args[2], 'int64')})", ty)
    if sub == fuse_masked_rows.TAKE:
        return _out(f"pyarray::reduce::group_take({arr(fe, args[0])}, {arr(fe, args[1])}, "
                    f"{_scalar(fe, args[2], 'int64')}, {arr(fe, args[3])}, {arr(fe, args[4])})", ty)
    if sub in ("dot", "matmul"):
        return binop(fe, N.BinOp(args[0], "@", args[1], e.ty, e.span))
    if sub in ("stack", "concatenate") and isinstance(ty, T.ArrayT):
        axis = _axis(e, 1)
        ax = fe.int_val(axis).code if axis is not None else "0"
        return _out(f"pyarray::shape::{sub}(&{fe.val(args[0]).code}, {ax})", ty)
    if sub == "transpose":
        return _out(f"pyarray::shape::transpose({arr(fe, args[0])})", ty)
    if sub == "ravel":
        return _out(f"pyarray::shape::flatten({arr(fe, args[0])})", ty)
    if sub == "reshape":
        return _out(f"pyarray::shape::reshape({arr(fe, args[0])}, {_shape_i64(fe, args[1])})", ty)
    if sub == "linalg.norm":
        axis = _axis(e, 2)
        if axis is not None:
            return _out(f"pyarray::linalg::norm_axis({arr(fe, args[0], 'float64')}, {fe.int_val(axis).code})", ty)
        return _out(f"pyarray::linalg::norm({arr(fe, args[0], 'float64')})", ty)
    if sub in ("linalg.solve", "linalg.inv"):
        fn = sub.split(".")[1]
        return _out(f"pyarray::linalg::{fn}(" + ", ".join(arr(fe, a, "float64") for a in args) + ")", ty)
    if sub in ("fft.fft", "fft.ifft", "fft.rfft"):
        fn = sub.split(".")[1]
        at = R(args[0].ty)
        if isinstance(at, T.ArrayT) and at.dtype == "complex128":
            fn = {"fft": "fft_c", "ifft": "ifft"}.get(fn, fn)
            return _out(f"pyarray::fft::{fn}({arr(fe, args[0])})", ty)
        if fn == "ifft":
            return _out(f"pyarray::fft::ifft(&pyarray::fft::fft({arr(fe, args[0], 'float64')}).mapv(|z| z.conj())"
                        f".mapv(|z| z.conj()))", ty)
        return _out(f"pyarray::fft::{fn}({arr(fe, args[0], 'float64')})", ty)
    if sub in ("float64", "float32"):
        return _out(fe.coerced(args[0], T.FLOAT).code, ty)
    if sub == "int64":
        return _out(fe.int_val(args[0]).code, ty)
    raise Refused(e.span, f"unsupported numpy function `np.{sub}`")


def method_call(fe: FunctionEmitter, e: N.Call, func: N.Attribute) -> Val:
    recv = R(func.value.ty)
    attr = func.attr
    ty = R(e.ty)
    args = e.args
    if isinstance(recv, T.NpGeneratorT):
        fe.mark_mut_expr(func.value)
        g = fe.expr(func.value).e.at(S.UNARY + 1)
        size = _kw(e, "size")
        if attr == "random":
            size = size or (args[0] if args else None)
            return _out(f"{g}.random_n({shape_code(fe, size)})" if size is not None else f"{g}.random()", ty)
        if attr in ("integers", "uniform"):
            size = size or (args[2] if len(args) > 2 else None)
            conv = fe.int_val if attr == "integers" else (lambda x: fe.coerced(x, T.FLOAT))
            if len(args) == 1:
                lo, hi = ("0" if attr == "integers" else "0.0"), conv(args[0]).code
            else:
                lo, hi = conv(args[0]).code, conv(args[1]).code
            if size is not None:
                return _out(f"{g}.{attr}_n({lo}, {hi}, {shape_code(fe, size)})", ty)
            return _out(f"{g}.{attr}({lo}, {hi})", ty)
        raise Refused(e.span, f"Generator.{attr}() is not supported yet")
    assert isinstance(recv, T.ArrayT)
    if attr in ("sum", "mean", "std", "min", "max", "argmin", "argmax", "cumsum", "any", "all"):
        return emit_fused.fused_chain(fe, e) or _reduce(fe, e, attr, func.value, _axis(e, 0))
    if attr == "copy":
        return _out(owned_arr(fe, func.value), ty)
    if attr == "tolist" and recv.dtype == _dtype(func.value.ty):
        v = fe.expr(func.value)
        # an owned temporary is iterated as it is (clippy: needless_borrow), a variable through its reference
        it = v.e.at(S.UNARY + 1) if v.kind == "owned" else f"({fe.borrow(v).code})"
        return _out(f"{it}.iter().copied().collect::<Vec<_>>()", ty)
    base = arr(fe, func.value)
    if attr == "argsort":
        return _out(f"pyarray::reduce::argsort({base})", ty)
    if attr in ("flatten", "ravel"):
        return _out(f"pyarray::shape::flatten({base})", ty)
    if attr == "transpose":
        return _out(f"pyarray::shape::transpose({base})", ty)
    if attr == "reshape":
        shape = (_shape_i64(fe, N.TupleLit(args, T.TupleT(tuple(T.INT for _ in args)), e.span)) if len(args) > 1
                 else _shape_i64(fe, args[0]))
        return _out(f"pyarray::shape::reshape({base}, {shape})", ty)
    if attr == "astype" and isinstance(ty, T.ArrayT):
        return _out(f"pyarray::create::astype::<{ELEM[ty.dtype]}, {ELEM[recv.dtype]}>({base})", ty)
    if attr == "dot":
        return binop(fe, N.BinOp(func.value, "@", args[0], e.ty, e.span))
    if attr == "item":
        return _out(f"*({base}).first().expect(\"size-1 array\")", ty)
    if attr == "tolist":
        return _out(f"({base}).iter().copied().collect::<Vec<_>>()", ty)
    if attr == "sort":
        fe.mark_mut_expr(func.value)
        target = fe.borrow_mut(fe.expr(func.value)).code
        return _out(f"{{ let t_ = {target}; *t_ = pyarray::reduce::sort(t_); }}", T.NONE)
    raise Refused(e.span, f"unsupported array method `.{attr}()`")


def format_piece(fe: FunctionEmitter, v: Val, conv: str | None) -> tuple[str, str]:
    """`str(a)` / `repr(a)` of an array for print and f-strings."""
    fn = "repr" if conv == "r" else "str"
    return "{}", f"pyarray::fmt::{fn}({fe.borrow(v).code})"
