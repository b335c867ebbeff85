"""The `flask.*` intrinsics of a Flask app -> calls into the `pyweb` runtime crate (axum on tokio).

Before:  return flask.respond(flask.json_object("id", item_id, "tags", tags), 200)
After:   return pyweb::Response::json(pyweb::Json::object(vec![("id".to_string(), pyweb::ToJson::to_json(&item_id)),
             ("tags".to_string(), pyweb::ToJson::to_json(&tags))]), 200);
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transpiler.codegen.rust import syntax as S
from transpiler.codegen.rust.emit_expr import Refused, Val, lit_str

from transpiler.ir import nodes as N
from transpiler.ir import types as T

if TYPE_CHECKING:
    from transpiler.codegen.rust.emit_fn import FunctionEmitter

R = T.resolve
RUST_TYPES = {"flask.Request": "pyweb::Request", "flask.Response": "pyweb::Response", "flask.Json": "pyweb::Json"}


def _jsonable(t: T.Type) -> bool:
    t = R(t)
    match t:
        case T.IntT() | T.FloatT() | T.BoolT() | T.StrT() | T.NoneT():
            return True
        case T.OpaqueT(name):
            return name == "flask.Json"
        case T.ListT(e) | T.DequeT(e) | T.OptionalT(e):
            return _jsonable(e)
        case T.TupleT(es):
            return 0 < len(es) <= 4 and all(_jsonable(e) for e in es)
        case T.DictT(k, v):
            return isinstance(R(k), T.StrT | T.IntT | T.BoolT) and _jsonable(v)
    return False


def to_json(fe: FunctionEmitter, e: N.Expr) -> str:
    """`pyweb::Json` code for a value `json.dumps` can write."""
    if not _jsonable(e.ty):
        raise Refused(e.span, f"a view cannot return {T.deep_resolve(e.ty).show()} as JSON",
                      "return str, int, float, bool, None, or lists, tuples and dicts of them")
    if isinstance(R(e.ty), T.OpaqueT):
        return str(fe.val(e).code)
    return f"pyweb::ToJson::to_json({fe.borrow(fe.expr(e)).code})"


def _int(fe: FunctionEmitter, e: N.Expr) -> str:
    return str(fe.coerced(e, T.INT).code)


def module_func(fe: FunctionEmitter, e: N.Call, full: str) -> Val:
    name = full[len("flask."):]
    args = e.args
    if name == "respond":
        body, status = args
        if not isinstance(R(body.ty), T.StrT | T.DictT | T.ListT | T.OpaqueT):
            raise Refused(body.span, f"a view cannot return {T.deep_resolve(body.ty).show()}: Flask answers 500 "
                          "for it", "return a str, a dict, a list, `jsonify(...)` or a `(body, status)` tuple")
        if isinstance(R(body.ty), T.StrT):
            return _val(f"pyweb::Response::text({fe.str_ref(body).code}, {_int(fe, status)})", e.ty)
        return _val(f"pyweb::Response::json({to_json(fe, body)}, {_int(fe, status)})", e.ty)
    if name == "abort":
        return _val(f"pyweb::Response::abort({_int(fe, args[0])})", e.ty)
    if name == "json_object":
        pairs = [f"({fe.val(k).code}, {to_json(fe, v)})" for k, v in zip(args[::2], args[1::2], strict=True)]
        return _val(f"pyweb::Json::object(vec![{', '.join(pairs)}])", e.ty)
    if name == "json_array":
        return _val(f"pyweb::Json::Array(vec![{', '.join(to_json(fe, a) for a in args)}])", e.ty)
    if name == "json_value":
        return _val(to_json(fe, args[0]), e.ty)
    if name in ("arg_int", "arg_float", "arg_int_opt", "arg_float_opt"):
        got = fe.val(args[0]).code
        call = f"pyweb::query::{name}({got}"
        if name in ("arg_int", "arg_float"):
            call += f", {fe.coerced(args[1], R(e.ty)).code}"
        return _val(call + ")", e.ty)
    req = fe.borrow(fe.expr(args[0])).code if args else ""
    if name == "route":
        return _val(f"pyweb::Request::route({req})", e.ty)
    if name == "part":
        return _val(f"pyweb::Request::part({req}, {_int(fe, args[1])})", e.ty)
    if name == "args":
        return _val(f"pyweb::Request::args({req})", e.ty)
    if name == "method":
        return _val(f"pyweb::Request::method({req})", e.ty)
    if name == "serve":
        return _serve(fe, e)
    raise Refused(e.span, f"unsupported Flask call `{name}`")


def _serve(fe: FunctionEmitter, e: N.Call) -> Val:
    host, port, dispatch, *rules = e.args
    assert isinstance(dispatch, N.Name)
    table: list[str] = []
    for r in rules:
        assert isinstance(r, N.Const) and isinstance(r.value, str)
        methods, rule = r.value.split(" ", 1)
        listed = ", ".join(lit_str(m) for m in methods.split(","))
        table.append(f"pyweb::routing::Rule::new({lit_str(rule)}, &[{listed}])")
    code = (f"pyweb::serve({fe.str_ref(host).code}, {_int(fe, port)}, vec![{', '.join(table)}], "
            f"|req: &pyweb::Request| {dispatch.id}(req))")
    return Val(S.RExpr(code), T.NONE, "owned")


def _val(code: str, ty: T.Type) -> Val:
    return Val(S.RExpr(code), ty, "owned")
