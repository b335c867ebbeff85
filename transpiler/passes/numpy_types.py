"""Type rules for numpy, called from infer_types' hooks.

`import numpy as np` arrays are `ArrayT(dtype, ndim)` (dtype one of float64, float32, int64, bool,
complex128); `np.random.default_rng(seed)` is an `NpGeneratorT`. A rule returns None when it does not
know the call, and infer_types then reports it as unsupported.

Before:  a = np.zeros((3, 4)); s = a.sum(axis=0); m = a > 0.5
After:   a: ndarray[float64, 2d]; s: ndarray[float64, 1d]; m: ndarray[bool, 2d]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transpiler.ir import nodes as N
from transpiler.ir import types as T

if TYPE_CHECKING:
    from transpiler.passes.infer_types import Scope, TypeInference

R = T.resolve

DTYPES = {"float64": "float64", "float32": "float32", "int64": "int64", "bool": "bool", "bool_": "bool",
          "float": "float64", "int": "int64", "double": "float64", "complex128": "complex128"}
UFUNCS = {"sqrt", "exp", "log", "sin", "cos", "abs", "absolute", "floor", "ceil", "tanh"}
REDUCTIONS = {"sum", "mean", "std", "min", "max", "argmin", "argmax", "cumsum", "any", "all", "prod"}
SCALAR_OF = {"float64": T.FLOAT, "float32": T.FLOAT, "int64": T.INT, "bool": T.BOOL}
_RANK = {"bool": 0, "int64": 1, "float32": 2, "float64": 3, "complex128": 4}


def is_array(t: T.Type) -> bool:
    return isinstance(R(t), T.ArrayT)


def dtype_of_scalar(t: T.Type) -> str | None:
    t = R(t)
    if isinstance(t, T.BoolT):
        return "bool"
    if isinstance(t, T.IntT):
        return "int64"
    if isinstance(t, T.FloatT):
        return "float64"
    return None


def dtype_name(e: N.Expr) -> str | None:
    """The dtype an expression like `np.float64`, `float` or `"int64"` names."""
    if isinstance(e, N.Attribute):
        return DTYPES.get(e.attr)
    if isinstance(e, N.Name):
        return DTYPES.get(e.id)
    if isinstance(e, N.Const) and isinstance(e.value, str):
        return DTYPES.get(e.value)
    return None


def promote(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def operand(t: T.Type) -> tuple[str, int] | None:
    """(dtype, ndim) of an array or scalar operand."""
    t = R(t)
    if isinstance(t, T.ArrayT):
        return t.dtype, t.ndim
    d = dtype_of_scalar(t)
    return (d, 0) if d is not None else None


def _ndim(a: int, b: int) -> int:
    return -1 if a < 0 or b < 0 else max(a, b)


def binop(op: str, lt: T.Type, rt: T.Type) -> T.Type | None:
    a, b = operand(lt), operand(rt)
    if a is None or b is None:
        return None
    if op == "@":
        na, nb = a[1], b[1]
        nd = -1 if na < 0 or nb < 0 else (na + nb - 2 if min(na, nb) >= 1 else -1)
        if nd == 0:
            return T.FLOAT
        return T.ArrayT("float64", nd)
    # Python scalars take the array's dtype unless they are floats meeting an int array (numpy 2 rules).
    if not is_array(lt):
        dt = b[0] if not (a[0] == "float64" and b[0] in ("int64", "bool")) else "float64"
    elif not is_array(rt):
        dt = a[0] if not (b[0] == "float64" and a[0] in ("int64", "bool")) else "float64"
    else:
        dt = promote(a[0], b[0])
    if op == "/":
        dt = "float64" if dt in ("int64", "bool") else dt
    if op in ("+", "-", "*", "**", "//", "%") and dt == "bool" and op != "*":
        dt = "int64"
    return T.ArrayT(dt, _ndim(a[1], b[1]))


def compare(lt: T.Type, rt: T.Type) -> T.Type:
    a, b = operand(lt), operand(rt)
    nd = _ndim(a[1] if a else -1, b[1] if b else -1)
    return T.ArrayT("bool", nd)


def _index_ndim(ti: TypeInference, arr: T.ArrayT, parts: tuple[N.Expr, ...], scope: Scope) -> T.Type | None:
    ints = 0
    new = 0
    fancy: T.ArrayT | None = None
    for p in parts:
        if isinstance(p, N.Slice):
            ti.expr(p, scope)
            continue
        if isinstance(p, N.Const) and p.value is None:
            new += 1
            continue
        pt = R(ti.expr(p, scope))
        if isinstance(pt, T.IntT | T.BoolT):
            ints += 1
        elif isinstance(pt, T.ArrayT):
            fancy = pt
        else:
            return None
    if fancy is not None:
        if fancy.dtype == "bool":
            nd = 1 if arr.ndim < 0 or fancy.ndim < 0 else arr.ndim - fancy.ndim + 1
            return T.ArrayT(arr.dtype, nd if arr.ndim >= 0 else -1)
        if len(parts) == 1:
            nd = -1 if arr.ndim < 0 or fancy.ndim < 0 else arr.ndim - 1 + fancy.ndim
            return T.ArrayT(arr.dtype, nd)
        return None
    if arr.ndim < 0:
        if new == 0 and ints == len(parts):
            return SCALAR_OF.get(arr.dtype)
        return T.ArrayT(arr.dtype, -1)
    nd = arr.ndim - ints + new
    if nd == 0 and new == 0:
        return SCALAR_OF.get(arr.dtype, T.FLOAT)
    return T.ArrayT(arr.dtype, nd)


def subscript(ti: TypeInference, arr: T.ArrayT, index: N.Expr, scope: Scope) -> T.Type | None:
    parts = index.elts if isinstance(index, N.TupleLit) else (index,)
    return _index_ndim(ti, arr, parts, scope)


def attribute(arr: T.ArrayT, attr: str) -> T.Type | None:
    if attr == "T":
        return arr
    if attr == "shape":
        return T.TupleT(tuple(T.INT for _ in range(arr.ndim))) if arr.ndim >= 0 else T.ListT(T.INT)
    if attr in ("size", "ndim"):
        return T.INT
    if attr in ("real", "imag"):
        return T.ArrayT("float64", arr.ndim)
    return T.ModuleT(f"method.ndarray.{attr}")


def module_attr(full: str) -> T.Type | None:
    if full in ("numpy.pi", "numpy.e", "numpy.inf", "numpy.nan"):
        return T.FLOAT
    if full == "numpy.newaxis":
        return T.NONE
    return None


def _kw(e: N.Call, name: str) -> N.Expr | None:
    for k in e.keywords:
        if k.name == name:
            return k.value
    return None


def _shape_ndim(ti: TypeInference, e: N.Expr | None, scope: Scope) -> int:
    if e is None:
        return 0
    if isinstance(e, N.TupleLit | N.ListLit):
        return len(e.elts)
    t = R(ti.expr(e, scope))
    if isinstance(t, T.TupleT):
        return len(t.elems)
    return 1


def _nested_list(t: T.Type) -> tuple[str, int] | None:
    t = R(t)
    depth = 0
    while isinstance(t, T.ListT):
        depth += 1
        t = R(t.elem)
    if isinstance(t, T.ArrayT):
        return (t.dtype, depth + t.ndim) if t.ndim >= 0 else (t.dtype, -1)
    d = dtype_of_scalar(t)
    return (d, depth) if d is not None else None


def _reduction(dt: str, fn: str, nd: int, has_axis: bool) -> T.Type:
    if fn in ("any", "all"):
        return T.ArrayT("bool", nd - 1 if nd > 0 else -1) if has_axis else T.BOOL
    if fn in ("argmin", "argmax"):
        return T.ArrayT("int64", nd - 1 if nd > 0 else -1) if has_axis else T.INT
    out = "float64" if fn in ("mean", "std") else ("int64" if dt == "bool" else dt)
    if fn == "cumsum":
        return T.ArrayT(out, nd if has_axis else 1)
    if has_axis:
        return T.ArrayT(out, nd - 1 if nd > 0 else -1)
    return SCALAR_OF.get(out, T.FLOAT)


def module_call(ti: TypeInference, e: N.Call, full: str, args: list[T.Type], scope: Scope) -> T.Type | None:
    fn = full.rsplit(".", 1)[-1]
    sub = full[len("numpy."):] if full.startswith("numpy.") else full
    dtype_kw = _kw(e, "dtype")
    explicit = dtype_name(dtype_kw) if dtype_kw is not None else None
    if sub == "random.default_rng":
        return T.NpGeneratorT()
    if sub in ("array", "asarray"):
        info = _nested_list(args[0]) if args else None
        if info is None:
            return None
        return T.ArrayT(explicit or info[0], info[1])
    if sub in ("zeros", "ones", "empty"):
        return T.ArrayT(explicit or "float64", _shape_ndim(ti, e.args[0] if e.args else None, scope))
    if sub == "full":
        d = dtype_of_scalar(args[1]) if len(args) > 1 else None
        return T.ArrayT(explicit or d or "float64", _shape_ndim(ti, e.args[0], scope))
    if sub in ("zeros_like", "ones_like", "empty_like", "full_like", "copy"):
        base = R(args[0]) if args else None
        if isinstance(base, T.ArrayT):
            return T.ArrayT(explicit or base.dtype, base.ndim)
        return None
    if sub == "arange":
        d = "float64" if any(isinstance(R(a), T.FloatT) for a in args) else "int64"
        return T.ArrayT(explicit or d, 1)
    if sub == "linspace":
        return T.ArrayT("float64", 1)
    if sub in ("eye", "identity"):
        return T.ArrayT(explicit or "float64", 2)
    if sub in UFUNCS:
        a = R(args[0]) if args else None
        if isinstance(a, T.ArrayT):
            if fn in ("abs", "absolute"):
                return T.ArrayT("float64" if a.dtype == "complex128" else a.dtype, a.ndim)
            return T.ArrayT("float64", a.ndim)
        if a is not None and dtype_of_scalar(a) is not None:
            return T.INT if fn in ("abs", "absolute") and isinstance(a, T.IntT) else T.FLOAT
        return None
    if sub in ("maximum", "minimum"):
        return binop("+", args[0], args[1]) if len(args) == 2 else None
    if sub == "where" and len(args) == 3:
        r = binop("+", args[1], args[2])
        c = operand(args[0])
        if isinstance(r, T.ArrayT) and c is not None:
            return T.ArrayT(r.dtype, _ndim(r.ndim, c[1]))
        return r
    if sub == "clip" and len(args) == 3:
        return args[0] if is_array(args[0]) else None
    if sub in REDUCTIONS or sub in ("sort", "argsort"):
        a = R(args[0]) if args else None
        if not isinstance(a, T.ArrayT):
            return None
        if sub == "sort":
            return a
        if sub == "argsort":
            return T.ArrayT("int64", a.ndim)
        return _reduction(a.dtype, sub, a.ndim, _kw(e, "axis") is not None or len(args) > 1)
    if sub in ("dot", "matmul") and len(args) == 2:
        return binop("@", args[0], args[1])
    if sub in ("stack", "concatenate", "vstack", "hstack"):
        lt = R(args[0]) if args else None
        if isinstance(lt, T.ListT) and isinstance(R(lt.elem), T.ArrayT):
            el = R(lt.elem)
            assert isinstance(el, T.ArrayT)
            grow = 1 if sub == "stack" or (sub == "vstack" and el.ndim == 1) else 0
            return T.ArrayT(el.dtype, el.ndim + grow if el.ndim >= 0 else -1)
        return None
    if sub in ("transpose", "ravel", "reshape"):
        a = R(args[0]) if args else None
        if isinstance(a, T.ArrayT):
            nd = 1 if sub == "ravel" else (_shape_ndim(ti, e.args[1], scope) if sub == "reshape" else a.ndim)
            return T.ArrayT(a.dtype, nd)
        return None
    if sub == "linalg.norm":
        return T.ArrayT("float64", -1) if _kw(e, "axis") is not None else T.FLOAT
    if sub in ("linalg.solve", "linalg.inv"):
        last = R(args[-1]) if args else None
        return T.ArrayT("float64", last.ndim if isinstance(last, T.ArrayT) else -1)
    if sub in ("fft.fft", "fft.ifft", "fft.rfft"):
        return T.ArrayT("complex128", 1)
    if sub in ("float64", "float32"):
        return T.FLOAT
    if sub == "int64":
        return T.INT
    return None


def method_call(ti: TypeInference, e: N.Call, attr: str, recv: T.Type, args: list[T.Type],
                scope: Scope) -> T.Type | None:
    r = R(recv)
    if isinstance(r, T.NpGeneratorT):
        size = e.args[-1] if (attr == "random" and e.args) or (attr in ("integers", "uniform", "normal")
                                                                  and len(e.args) == 3) else _kw(e, "size")
        if attr == "random":
            return T.ArrayT("float64", _shape_ndim(ti, size, scope)) if size is not None else T.FLOAT
        if attr == "integers":
            return T.ArrayT("int64", _shape_ndim(ti, size, scope)) if size is not None else T.INT
        if attr == "uniform":
            return T.ArrayT("float64", _shape_ndim(ti, size, scope)) if size is not None else T.FLOAT
        return None
    if not isinstance(r, T.ArrayT):
        return None
    if attr in REDUCTIONS:
        return _reduction(r.dtype, attr, r.ndim, _kw(e, "axis") is not None or bool(args))
    if attr in ("copy", "sort"):
        return r if attr == "copy" else T.NONE
    if attr == "argsort":
        return T.ArrayT("int64", r.ndim)
    if attr in ("flatten", "ravel"):
        return T.ArrayT(r.dtype, 1)
    if attr == "transpose":
        return r
    if attr == "reshape":
        nd = len(e.args) if len(e.args) > 1 else _shape_ndim(ti, e.args[0] if e.args else None, scope)
        return T.ArrayT(r.dtype, nd)
    if attr == "astype" and e.args:
        d = dtype_name(e.args[0])
        return T.ArrayT(d, r.ndim) if d else None
    if attr == "dot" and args:
        return binop("@", r, args[0])
    if attr == "item":
        return SCALAR_OF.get(r.dtype)
    if attr == "tolist" and r.ndim == 1:
        return T.ListT(SCALAR_OF.get(r.dtype, T.FLOAT))
    return None
