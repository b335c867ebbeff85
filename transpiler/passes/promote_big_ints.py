"""Give arbitrary-precision ints (`bigint`, `pyrt::bigint::PyInt`) to the int values a program needs them for.

Python ints are `i64` everywhere else (fast; overflow raises OverflowError, never a wrong number). This pass
runs before type inference and only looks at syntax; it marks

(a) **growing accumulators**: inside a loop, a variable `x` updated by `x *= e`, by `x = e` where `e` is a
    product mentioning `x` (`x * k`, `(2*q + r) * l`) or a sum/difference with such a product as an operand
    (`a*x + b`), and in a simultaneous assignment `a, b = b, a + b` an element that is the sum of two of the
    assigned names (Fibonacci-like growth). Sums alone (`i = i + 1`) and anything reduced by `%` or `//` at the
    top stay i64. Such a variable becomes big only if inference finds it holds an int (float accumulators stay
    float): `FuncInfo.big_locals`.
(b) **multiplicative recursion**: a function returning a product with a direct call to itself
    (`return n * fact(n - 1)`) returns a big int; so does a function returning a variable of (a).

Inference (`infer_types`) then propagates by unification: `math.factorial(...)`, integer literals outside i64,
and `**` of two literals whose result leaves i64 are big; `+ - * // % **` with a big operand is big; a variable,
an unannotated parameter or return that receives a big value becomes big. A big value flowing into a place that
stays i64 (an annotated `int` parameter, an index) is converted there and raises OverflowError when it does not
fit. Comparisons with i64 values compare exactly.

Before (Python) and after (Rust):

    def fact(n: int) -> int:          pub fn fact(n: i64) -> pyrt::bigint::PyInt {
        r = 1                             let mut r: pyrt::bigint::PyInt = pyrt::bigint::PyInt::from(1);
        i = 2                             let mut i: i64 = 2;
        while i <= n:                     while i <= n {
            r *= i                            r = pyrt::bigint::mul(&r, &pyrt::bigint::PyInt::from(i));
            i += 1                            i += 1;
        return r                          }
                                          r
                                      }
"""

from __future__ import annotations

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import FuncInfo, Program
from transpiler.ir.walk import body_nodes_no_defs, walk


def promote_big_ints(program: Program) -> None:
    """Fill `big_locals` of every function and make the returns of (b) big."""
    fns = program.all_functions()
    # functions returning big ints, by name (called as `f(...)`); those of summarized modules (no bodies) are known
    big_fns = {fn.name for fn in fns if isinstance(T.resolve(fn.ret), T.BigIntT)}
    reasons: dict[int, str] = {}
    changed = True
    while changed:
        changed = False
        for fn in fns:
            fn.big_locals = growing_accumulators(fn.node.body, {p.name for p in fn.node.params}, big_fns)
            why = _returns_big(fn, big_fns)
            if why:
                reasons[id(fn)] = why
                if fn.name not in big_fns:
                    big_fns.add(fn.name)
                    changed = True
    for fn in fns:
        why = reasons.get(id(fn), "")
        ret = T.resolve(fn.ret)
        if why == "recursion" and isinstance(ret, T.TypeVar):
            ret.bound = T.BIGINT  # an unannotated accumulator's return is left to inference
        elif why and isinstance(ret, T.IntT):
            fn.ret = T.BIGINT


def growing_accumulators(body: tuple[N.Stmt, ...], params: set[str], big_fns: set[str]) -> set[str]:
    """Names updated multiplicatively (or Fibonacci-like) inside a loop of this body (not nested defs), other
    than parameters and names the same loop also shrinks (`n = n // 2` in Collatz: bounded in practice)."""
    out: set[str] = set()
    for n in body_nodes_no_defs(body):
        if isinstance(n, N.For | N.While):
            grown: set[str] = set()
            shrunk: set[str] = set()
            for m in body_nodes_no_defs(n.body):
                _note_growth(m, grown)
                _note_shrink(m, shrunk)
            out |= grown - shrunk - params
    # (c), syntactically: a name assigned arithmetic on a big name is big too (to a fixed point)
    pairs: list[tuple[str, N.Expr]] = []
    for n in body_nodes_no_defs(body):
        if isinstance(n, N.AugAssign) and isinstance(n.target, N.Name) and n.op in _ARITH:
            pairs.append((n.target.id, n.value))
        elif isinstance(n, N.Assign) and n.value is not None:
            for t in n.targets:
                if isinstance(t, N.Name):
                    pairs.append((t.id, n.value))
                elif isinstance(t, N.TupleLit) and isinstance(n.value, N.TupleLit) \
                        and len(t.elts) == len(n.value.elts):
                    pairs.extend((te.id, ve) for te, ve in zip(t.elts, n.value.elts, strict=True)
                                 if isinstance(te, N.Name))
    pairs = [(name, value) for name, value in pairs if name not in params]
    changed = True
    while changed:
        changed = False
        for name, value in pairs:
            if name not in out and _arith_mentions(value, out, big_fns):
                out.add(name)
                changed = True
    return out


_ARITH = ("+", "-", "*", "//", "%", "**")


def _arith_mentions(e: N.Expr, names: set[str], big_fns: set[str]) -> bool:
    """e computes arithmetically (+ - * // % ** and unary -) on one of `names`, a call of one of `big_fns`,
    `math.factorial(...)` or an int literal beyond i64."""
    if isinstance(e, N.Name):
        return e.id in names
    if isinstance(e, N.Const):
        return isinstance(e.value, int) and not isinstance(e.value, bool) and not -(2**63) <= e.value < 2**63
    if isinstance(e, N.Call):
        f = e.func
        return isinstance(f, N.Name) and (f.id in big_fns or f.id == "factorial") \
            or isinstance(f, N.Attribute) and f.attr == "factorial" and isinstance(f.value, N.Name) \
            and f.value.id == "math"
    if isinstance(e, N.BinOp) and e.op in _ARITH:
        return _arith_mentions(e.left, names, big_fns) or _arith_mentions(e.right, names, big_fns)
    if isinstance(e, N.UnaryOp) and e.op in ("-", "+"):
        return _arith_mentions(e.operand, names, big_fns)
    return False


def _note_growth(n: N.Node, out: set[str]) -> None:
    if isinstance(n, N.AugAssign) and isinstance(n.target, N.Name) and n.op == "*":
        out.add(n.target.id)
    elif isinstance(n, N.Assign) and n.value is not None:
        for t in n.targets:
            if isinstance(t, N.Name) and _grows(t.id, n.value, {t.id}):
                out.add(t.id)
            elif isinstance(t, N.TupleLit) and isinstance(n.value, N.TupleLit) \
                    and len(t.elts) == len(n.value.elts):
                names = {e.id for e in t.elts if isinstance(e, N.Name)}
                for te, ve in zip(t.elts, n.value.elts, strict=True):
                    if isinstance(te, N.Name) and (_grows(te.id, ve, names) or _fib_step(ve, names)):
                        out.add(te.id)


def _note_shrink(n: N.Node, out: set[str]) -> None:
    if isinstance(n, N.AugAssign) and isinstance(n.target, N.Name) and n.op in _SHRINK:
        out.add(n.target.id)
    elif isinstance(n, N.Assign) and isinstance(n.value, N.BinOp) and n.value.op in _SHRINK:
        out.update(t.id for t in n.targets if isinstance(t, N.Name) and _mentions(n.value.left, {t.id}))


_SHRINK = ("//", "%", ">>")


def _mentions(e: N.Expr, names: set[str]) -> bool:
    return any(isinstance(n, N.Name) and n.id in names for n in walk(e))


def _grows(x: str, e: N.Expr, names: set[str]) -> bool:
    """e is a product mentioning one of `names` (x among them), or a sum/difference with such an operand."""
    if not isinstance(e, N.BinOp):
        return False
    if e.op == "*":
        return _mentions(e, names | {x})
    if e.op in ("+", "-"):
        return _grows(x, e.left, names) or _grows(x, e.right, names)
    return False


def _fib_step(e: N.Expr, names: set[str]) -> bool:
    """`a + b` where both operands are names assigned by the same simultaneous assignment."""
    return isinstance(e, N.BinOp) and e.op == "+" and isinstance(e.left, N.Name) and isinstance(e.right, N.Name) \
        and e.left.id in names and e.right.id in names


def _returns_big(fn: FuncInfo, big_fns: set[str]) -> str:
    """"recursion", "accumulator" or "" (does not return a big int)."""
    for n in body_nodes_no_defs(fn.node.body):
        if not isinstance(n, N.Return) or n.value is None:
            continue
        for v in _results(n.value):
            if isinstance(v, N.BinOp) and v.op == "*" \
                    and any(_calls_self(x, fn.name) for x in (v.left, v.right)):
                return "recursion"
        for v in _results(n.value):
            if _arith_mentions(v, fn.big_locals, big_fns - {fn.name}):
                return "accumulator"
    return ""


def _results(e: N.Expr) -> list[N.Expr]:
    """The expressions whose value e returns (both branches of `a if c else b`)."""
    if isinstance(e, N.IfExp):
        return _results(e.body) + _results(e.orelse)
    return [e]


def _calls_self(e: N.Expr, name: str) -> bool:
    return isinstance(e, N.Call) and isinstance(e.func, N.Name) and e.func.id == name
