"""json, csv, os and os.path calls -> the pyrt runtime's `json`, `csv` and `os` modules.

`json.dumps` passes its keywords as one `pyrt::json::Opts`; csv readers and writers take a
`pyrt::csv::Dialect`; a csv row display of mixed types becomes an array of field strings.

Before:  w = csv.writer(f); w.writerow([name, n]); s = json.dumps(d, indent=2, sort_keys=True)
After:   let mut w = pyrt::csv::writer(&f, pyrt::csv::Dialect::new(",", "\"", 0, "\r\n"));
         w.writerow([pyrt::csv::field(&name), pyrt::csv::field(&n)]);
         let s = pyrt::json::dumps(&d, &pyrt::json::Opts::new(Some(pyrt::json::indent_spaces(2)), None, true, ...));
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transpiler.codegen.rust import syntax as S
from transpiler.codegen.rust.emit_expr import Refused, Val
from transpiler.codegen.rust.rtypes import is_copy, rust_type

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.span import Span
from transpiler.passes import io_types

if TYPE_CHECKING:
    from transpiler.codegen.rust.emit_fn import FunctionEmitter

R = T.resolve

_PATH_FNS = {"isfile", "isdir", "islink", "getsize", "basename", "dirname", "abspath", "normpath", "splitext",
             "split"}


def _out(code: str, t: T.Type) -> Val:
    return Val(S.RExpr(code), t, "owned")


def _kw(e: N.Call, name: str) -> N.Expr | None:
    return next((k.value for k in e.keywords if k.name == name), None)


def _str_ref(fe: FunctionEmitter, e: N.Expr) -> str:
    return fe.str_ref(e).code


def any_conversion(fe: FunctionEmitter, e: N.Expr, target: T.Type) -> S.RExpr:
    """A value converted to or from `Any` (a JSON value)."""
    v = fe.val(e)
    if isinstance(R(target), T.AnyT):
        return S.RExpr(f"pyrt::json::Value::from({v.code})")
    value = v.code if isinstance(R(e.ty), T.AnyT) else f"pyrt::json::Value::from({v.code})"
    return S.RExpr(f"pyrt::json::cast::<{rust_type(target)}>({value})")


def module_func(fe: FunctionEmitter, e: N.Call, full: str) -> Val | None:
    mod, _, fn = full.rpartition(".")
    t = R(e.ty)
    args = e.args
    if full == "pyrt_par.prefetch_texts":  # from the prefetch_file_reads pass
        return _out(f"pyrt::par::prefetch_texts({fe.val(args[0]).code})", t)
    if mod == "json":
        return _json(fe, e, fn, t)
    if mod == "csv":
        return _csv(fe, e, fn, t)
    if full == "os.path.join":
        if not args:
            raise Refused(e.span, "os.path.join() needs a path")
        rest = ", ".join(_str_ref(fe, a) for a in args[1:])
        return _out(f"pyrt::os::join({_str_ref(fe, args[0])}, &[{rest}])", t)
    if mod == "os.path" and fn in _PATH_FNS:
        return _out(f"pyrt::os::{fn}({_str_ref(fe, args[0])})", t)
    if full == "os.listdir":
        path = _str_ref(fe, args[0]) if args else '"."'
        return _out(f"pyrt::os::listdir({path})", t)
    if full == "os.walk":
        return _out(f"pyrt::os::walk({_str_ref(fe, args[0])})", t)
    if full == "os.mkdir":
        return _out(f"pyrt::os::mkdir({_str_ref(fe, args[0])})", t)
    if full == "os.makedirs":
        ok = _kw(e, "exist_ok")
        return _out(f"pyrt::os::makedirs({_str_ref(fe, args[0])}, {fe.truthy(ok).code if ok else 'false'})", t)
    if full == "os.getcwd":
        return _out("pyrt::os::getcwd()", t)
    return None


def _opts(fe: FunctionEmitter, e: N.Call) -> str:
    indent = _kw(e, "indent")
    ind = "None"
    if indent is not None:
        it = R(indent.ty)
        if isinstance(it, T.IntT | T.BoolT):
            ind = f"Some(pyrt::json::indent_spaces({fe.int_val(indent).code}))"
        elif isinstance(it, T.StrT):
            ind = f"Some({fe.val(indent).code})"
        elif not isinstance(it, T.NoneT):
            raise Refused(indent.span, "`indent` must be an int, a str or None")
    seps = _kw(e, "separators")
    sep = "None"
    if seps is not None:
        if not isinstance(seps, N.TupleLit) or len(seps.elts) != 2 or not all(
                isinstance(R(x.ty), T.StrT) for x in seps.elts):
            raise Refused(seps.span, "`separators` must be a tuple display of two strings")
        sep = f"Some(({fe.val(seps.elts[0]).code}, {fe.val(seps.elts[1]).code}))"
    flags = []
    for name, default in (("sort_keys", "false"), ("ensure_ascii", "true"), ("allow_nan", "true")):
        v = _kw(e, name)
        flags.append(fe.truthy(v).code if v is not None else default)
    return f"&pyrt::json::Opts::new({ind}, {sep}, {', '.join(flags)})"


def _json(fe: FunctionEmitter, e: N.Call, fn: str, t: T.Type) -> Val | None:
    args = e.args
    if fn == "dumps":
        return _out(f"pyrt::json::dumps({fe.borrow(fe.expr(args[0])).code}, {_opts(fe, e)})", t)
    if fn == "dump":
        fe.mark_mut_expr(args[1])
        f = fe.borrow_mut(fe.expr(args[1])).code
        return _out(f"pyrt::json::dump({fe.borrow(fe.expr(args[0])).code}, {f}, {_opts(fe, e)})", t)
    if fn == "loads":
        return _out(f"pyrt::json::loads({_str_ref(fe, args[0])})", t)
    if fn == "load":
        fe.mark_mut_expr(args[0])
        return _out(f"pyrt::json::load({fe.borrow_mut(fe.expr(args[0])).code})", t)
    return None


def _dialect(fe: FunctionEmitter, e: N.Call) -> str:
    parts = []
    for name, default in (("delimiter", '","'), ("quotechar", '"\\""'), ("quoting", "0"),
                          ("lineterminator", '"\\r\\n"')):
        v = _kw(e, name)
        if v is None:
            parts.append(default)
        elif name == "quoting":
            parts.append(fe.int_val(v).code)
        else:
            parts.append(_str_ref(fe, v))
    return f"pyrt::csv::Dialect::new({', '.join(parts)})"


def _csv(fe: FunctionEmitter, e: N.Call, fn: str, t: T.Type) -> Val | None:
    f = e.args[0]
    if fn in ("reader", "DictReader"):
        fe.mark_mut_expr(f)
        rust_fn = "reader" if fn == "reader" else "dict_reader"
        return _out(f"pyrt::csv::{rust_fn}({fe.borrow_mut(fe.expr(f)).code}, &{_dialect(fe, e)})", t)
    if fn == "writer":
        return _out(f"pyrt::csv::writer({fe.borrow(fe.expr(f)).code}, {_dialect(fe, e)})", t)
    if fn == "DictWriter":
        names = e.args[1] if len(e.args) > 1 else _kw(e, "fieldnames")
        assert names is not None
        return _out(f"pyrt::csv::dict_writer({fe.borrow(fe.expr(f)).code}, {fe.val(names).code}, "
                    f"{_dialect(fe, e)})", t)
    return None


def _field(fe: FunctionEmitter, x: N.Expr) -> str:
    if is_copy(x.ty):
        return f"pyrt::csv::field(&{fe.val(x).at(S.UNARY + 1)})"
    return f"pyrt::csv::field({fe.borrow(fe.expr(x)).code})"


def _tuple_fields(tmp: str, tt: T.TupleT) -> str:
    return "[" + ", ".join(f"pyrt::csv::field(&{tmp}.{i})" for i in range(len(tt.elems))) + "]"


def method_call(fe: FunctionEmitter, e: N.Call, func: N.Attribute) -> Val:
    recv_t = R(func.value.ty)
    assert isinstance(recv_t, T.OpaqueT)
    attr = func.attr
    fe.mark_mut_expr(func.value)
    b = fe.expr(func.value).e.at(S.UNARY + 1)
    t = R(e.ty)
    if e.keywords:
        raise Refused(e.keywords[0].span, f"keyword arguments of `.{attr}()` are not supported")
    arg = e.args[0] if e.args else None
    if recv_t.name == "csv.writer" and arg is not None:
        at = R(arg.ty)
        if attr == "writerow":
            if isinstance(arg, N.ListLit):
                if not arg.elts:
                    return _out(f"{b}.writerow(Vec::<String>::new())", t)
                return _out(f"{b}.writerow([{', '.join(_field(fe, x) for x in arg.elts)}])", t)
            if isinstance(at, T.TupleT):
                tmp = fe.fresh("row")
                return _out(f"{{ let {tmp} = {fe.borrow(fe.expr(arg)).code}; {b}.writerow({_tuple_fields(tmp, at)}) }}",
                            t)
            return _out(f"{b}.writerow({fe.borrow(fe.expr(arg)).code})", t)
        if attr == "writerows":
            code, it_t, _ = fe.iter_code(arg, owned=False)
            tmp = fe.fresh("row")
            rt = R(it_t)
            row = _tuple_fields(tmp, rt) if isinstance(rt, T.TupleT) else tmp
            return _out(f"for {tmp} in {code} {{ {b}.writerow({row}); }}", T.NONE)
    if recv_t.name == "par.Prefetch" and attr == "take" and arg is not None:
        return _out(f"{b}.take({_str_ref(fe, arg)})", t)
    if recv_t.name == "csv.DictWriter":
        if attr == "writeheader":
            return _out(f"{b}.writeheader()", t)
        if attr in ("writerow", "writerows") and arg is not None:
            return _out(f"{b}.{attr}({fe.borrow(fe.expr(arg)).code})", t)
    raise Refused(e.span, f"unsupported method `.{attr}()` on {recv_t.name}")


def csv_const(name: str, span: Span) -> Val:
    if name not in io_types.CSV_CONSTS:
        raise Refused(span, f"unsupported attribute `csv.{name}`")
    return _out(f"pyrt::csv::{name}", T.INT)
