"""Fused numpy chains (found by passes/fuse_array_exprs.py) -> one `pyarray::fuse` call each.

The array operands become leaves (`pyarray::fuse::leaf(a, &[Some(0), None, Some(1)])`: an array seen
through its `:`/None subscript), the output shape is folded with `broadcast_shape` in the expression's
own order (so a shape mismatch raises numpy's message for the same pair of operands), and the
elementwise part becomes a closure over one value per leaf. An array whose rank the types do not know
is checked at run time; on a different rank the unfused code runs.

Before:  labels = ((p[:, None, :] - c[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
After:   labels = { let l0 = pyarray::fuse::leaf(p, &[Some(0), None, Some(1)]); ...;
                    pyarray::fuse::argpick_lane_sums(&{shape}, [&l0, &l1], |[x0, x1]: [f64; 2]| ..., Pick::Min) };
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transpiler.codegen.rust import syntax as S
from transpiler.codegen.rust.emit_expr import Val

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.passes import fuse_array_exprs as F

if TYPE_CHECKING:
    from transpiler.codegen.rust.emit_fn import FunctionEmitter

R = T.resolve
UFUNC_RUST = {"sqrt": "sqrt", "exp": "exp", "log": "ln", "sin": "sin", "cos": "cos", "abs": "abs", "absolute": "abs"}
NO_FUSE = "_no_fuse_arrays"


class _Leaves:
    def __init__(self, fe: FunctionEmitter) -> None:
        self.fe = fe
        self.keys: list[str] = []
        self.lets: list[str] = []
        self.params: list[str] = []
        self.checks: list[str] = []

    def add(self, e: N.Expr, axes: list[int | None]) -> tuple[str, str]:
        """(leaf variable, closure parameter) of an array leaf; a repeated leaf is shared."""
        base = e.value if isinstance(e, N.Subscript) else e
        assert isinstance(base, N.Name)
        key = f"{base.id}{axes}"
        if key in self.keys:
            k = self.keys.index(key)
            return f"l{k}", self.params[k]
        code = self.fe.borrow(self.fe.expr(base)).code
        k = len(self.keys)
        self.keys.append(key)
        axes_code = ", ".join("None" if a is None else f"Some({a})" for a in axes)
        self.lets.append(f"let l{k} = pyarray::fuse::leaf({code}, &[{axes_code}]);")
        self.params.append(self.fe.fresh("x"))
        t = R(base.ty)
        if isinstance(t, T.ArrayT) and t.ndim < 0:
            src = sum(1 for a in axes if a is not None)
            self.checks.append(f"pyarray::fuse::has_rank({code}, {src})")
        return f"l{k}", self.params[k]


def _scalar(fe: FunctionEmitter, e: N.Expr) -> str:
    if isinstance(e, N.Const):
        assert isinstance(e.value, int | float)
        v = float(e.value)
        if v != v or v in (float("inf"), float("-inf")):
            return "f64::NAN" if v != v else ("f64::INFINITY" if v > 0 else "f64::NEG_INFINITY")
        return repr(v)
    code = fe.val(e).code
    return code if isinstance(R(e.ty), T.FloatT) else f"({code} as f64)"


def _lower(fe: FunctionEmitter, e: N.Expr, leaves: _Leaves) -> tuple[str, str | None]:
    """(closure body code, shape code or None for a scalar) of a fusable elementwise expression."""
    if F.is_scalar(e):
        return _scalar(fe, e), None
    axes = F.leaf_axes(e)
    if axes is not None:
        var, param = leaves.add(e, axes)
        return param, f"{var}.shape"
    if isinstance(e, N.BinOp) and e.op in F.ARITH:
        a, sa = _lower(fe, e.left, leaves)
        b, sb = _lower(fe, e.right, leaves)
        shape = sa if sb is None or sa == sb else sb if sa is None else f"pyarray::ops::broadcast_shape(&{sa}, &{sb})"
        return f"({a} {e.op} {b})", shape
    if isinstance(e, N.BinOp) and e.op == "**":
        a, sa = _lower(fe, e.left, leaves)
        c = _scalar(fe, e.right)
        # as pyarray::ops::pow (numpy's fast scalar power): ** 2 squares, ** 0.5 is a square root
        return (f"({a} * {a})" if c == "2.0" else f"{a}.sqrt()" if c == "0.5" else f"{a}.powf({c})"), sa
    if isinstance(e, N.UnaryOp) and e.op == "-":
        a, sa = _lower(fe, e.operand, leaves)
        return f"(-{a})", sa
    if isinstance(e, N.Call) and isinstance(e.func, N.Attribute):
        a, sa = _lower(fe, e.args[0], leaves)
        return f"{a}.{UFUNC_RUST[e.func.attr]}()", sa
    raise AssertionError(f"not a fusable expression: {type(e).__name__}")


def _wrapped(code: str) -> bool:
    """Whether code is one parenthesized group `( ... )`."""
    if not code.startswith("("):
        return False
    depth = 0
    for i, c in enumerate(code):
        depth += c == "("
        depth -= c == ")"
        if depth == 0:
            return i == len(code) - 1
    return False


def fused_chain(fe: FunctionEmitter, e: N.Call) -> Val | None:
    """The fused code for a chain rooted at e, or None when e is not one (or fusion is off here)."""
    if getattr(fe, NO_FUSE, False):
        return None
    chain = F.match_chain(e)
    if chain is None:
        return None
    leaves = _Leaves(fe)
    body, shape = _lower(fe, chain.elem, leaves)
    assert shape is not None
    k = len(leaves.keys)
    if _wrapped(body):
        body = body[1:-1]
    closure = f"|[{', '.join(leaves.params)}]: [f64; {k}]| {body}"
    refs = "[" + ", ".join(f"&l{i}" for i in range(k)) + "]"
    if chain.pick is None:
        call = f"pyarray::fuse::sum_lanes(&{shape}, {refs}, {closure})"
    else:
        fn = "argpick_lane_sums" if chain.pick.startswith("arg") else "valpick_lane_sums"
        which = "Min" if chain.pick.endswith("min") else "Max"
        call = f"pyarray::fuse::{fn}(&{shape}, {refs}, {closure}, pyarray::fuse::Pick::{which})"
    code = "{ " + " ".join(leaves.lets) + f" {call} }}"
    if leaves.checks:
        setattr(fe, NO_FUSE, True)
        try:
            plain = fe.val(e).code
        finally:
            setattr(fe, NO_FUSE, False)
        code = f"if {' && '.join(leaves.checks)} {code} else {{ {plain} }}"
    return Val(S.RExpr(code), e.ty, "owned")
