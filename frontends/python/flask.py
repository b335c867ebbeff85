"""A Flask application module -> plain IR calling the `flask.*` intrinsics that the pyweb runtime implements.

The supported subset: `from flask import Flask, abort, jsonify, request`, one `app = Flask(__name__)`, views
decorated with `@app.route(rule, methods=[...])` or `@app.get/post/put/delete/patch(rule)`, rules with the
string, int, float and path converters, views returning a `str`, a dict or list (JSON), `jsonify(...)`, or a
`(body, status)` tuple, `abort(code)`, `request.args.get(key[, default][, type=int|float])`,
`request.method`, and `app.run(host=..., port=...)`. Anything else Flask offers is refused with a diagnostic.

Before:

    @app.route("/items/<int:item_id>")
    def item(item_id):
        if item_id not in ITEMS:
            abort(404)
        return {"id": item_id, "name": ITEMS[item_id]}

    app.run(host="127.0.0.1", port=port)

After (as IR):

    def item(item_id: int) -> flask.Response:
        if item_id not in ITEMS:
            return flask.abort(404)
        return flask.respond(flask.json_object("id", item_id, "name", ITEMS[item_id]), 200)

    def flask_dispatch(req: flask.Request) -> flask.Response:
        if flask.route(req) == 0:
            return item(int(flask.part(req, 0)))
        return flask.abort(500)

    flask.serve("127.0.0.1", port, flask_dispatch, "GET /items/<int:item_id>")
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.span import Span
from transpiler.ir.walk import walk

SUPPORTED_NAMES = {"Flask", "abort", "jsonify", "request"}
ROUTE_METHODS = {"get": "GET", "post": "POST", "put": "PUT", "delete": "DELETE", "patch": "PATCH"}
CONVERTERS: dict[str, T.Type] = {"string": T.STR, "int": T.INT, "float": T.FLOAT, "path": T.STR}
RESPONSE = T.OpaqueT("flask.Response")
REQUEST = T.OpaqueT("flask.Request")
DISPATCH = "flask_dispatch"
_VAR = re.compile(r"^<(?:([A-Za-z_][A-Za-z0-9_]*):)?([A-Za-z_][A-Za-z0-9_]*)>$")
SpanOf = Callable[[ast.AST], Span]
DecoratorSpanOf = Callable[[ast.expr], Span]
NodeT = TypeVar("NodeT", bound=N.Node)


@dataclass(frozen=True)
class Route:
    """One `@app.route`: the rule, its methods, its variables (name, converter) in rule order."""

    rule: str
    methods: tuple[str, ...]
    variables: tuple[tuple[str, str], ...]
    view: str
    span: Span


def uses_flask(module: N.Module) -> bool:
    """Whether the module imports flask (the cheap test before `lower_flask_app`)."""
    return any(isinstance(s, N.Import) and s.module.split(".")[0] == "flask" for s in module.body)


def lower_flask_app(tree: ast.Module, module: N.Module, span_of: SpanOf, decorator_span: DecoratorSpanOf,
                    diag: DiagnosticSink) -> N.Module:
    """Rewrite a Flask application module into plain IR; refuse what the subset lacks. `span_of` gives a
    node's span, `decorator_span` a decorator's (with its `@`)."""
    return _FlaskLowering(module, span_of, decorator_span, diag).run(tree)


def _call(name: str, args: list[N.Expr], span: Span) -> N.Call:
    return N.Call(N.Attribute(N.Name("flask", T.TypeVar(), span), name, T.TypeVar(), span), tuple(args), (),
                  T.TypeVar(), span)


def _const(value: N.ConstValue, span: Span) -> N.Const:
    return N.Const(value, T.TypeVar(), span)


def _is_call_of(e: N.Expr, name: str) -> bool:
    return isinstance(e, N.Call) and isinstance(e.func, N.Name) and e.func.id == name


class _FlaskLowering:
    def __init__(self, module: N.Module, span_of: SpanOf, decorator_span: DecoratorSpanOf,
                 diag: DiagnosticSink) -> None:
        self.module = module
        self.span_of = span_of
        self.decorator_span = decorator_span
        self.diag = diag
        self.names: dict[str, str] = {}  # local alias -> flask name
        self.app: str | None = None
        self.routes: list[Route] = []
        self.views: dict[str, N.FunctionDef] = {}
        self.reported: set[tuple[int, int]] = set()
        self.served = False

    def error(self, span: Span, message: str, hint: str | None = None) -> None:
        if (span.line, span.col) not in self.reported:  # one diagnostic per place
            self.reported.add((span.line, span.col))
            self.diag.error(span, message, hint)

    def local(self, flask_name: str) -> str | None:
        return next((a for a, n in self.names.items() if n == flask_name), None)

    # ------------------------------------------------------------ module level

    def run(self, tree: ast.Module) -> N.Module:
        body: list[N.Stmt] = []
        for stmt in self.module.body:
            if isinstance(stmt, N.Import) and stmt.module.split(".")[0] == "flask":
                self.import_(stmt)
                body.append(N.Import("flask", (), None, stmt.span))
            elif self.is_app_creation(stmt):
                continue
            else:
                body.append(stmt)
        if self.app is None:
            self.error(self.module.span, "a Flask module needs `app = Flask(__name__)` at module level")
            return self.module
        cst_views = {s.name: s for s in tree.body if isinstance(s, ast.FunctionDef)}
        body = [self.view_or_function(s, cst_views.get(s.name)) if isinstance(s, N.FunctionDef) and s.decorators
                else s for s in body]
        out = [self.module_stmt(s) for s in body]  # after the views: `app.run` lists every route
        if not self.served and self.routes:
            self.diag.warning(self.module.span, "the Flask app is never run, so its translation serves nothing",
                              "end the module with `if __name__ == \"__main__\": app.run(host=..., port=...)`")
        for stmt in out:
            self.check_no_flask(stmt, isinstance(stmt, N.FunctionDef) and stmt.name in self.views)
        if not self.routes and not self.diag.has_errors:
            self.error(self.module.span, "the Flask app has no routes", "decorate view functions with @app.route")
        out.insert(self.first_def(out), self.dispatch_function())
        return dataclasses.replace(self.module, body=tuple(out))

    def first_def(self, body: list[N.Stmt]) -> int:
        return next((i for i, s in enumerate(body) if isinstance(s, N.FunctionDef)), len(body))

    def import_(self, stmt: N.Import) -> None:
        if stmt.module != "flask" or not stmt.names:
            self.error(stmt.span, f"unsupported Flask import `{stmt.module}`",
                       "import the supported names: `from flask import Flask, abort, jsonify, request`")
            return
        unsupported = [f"`{name}`" for name, _ in stmt.names if name not in SUPPORTED_NAMES]
        if unsupported:
            self.error(stmt.span, f"unsupported Flask feature{'s' if len(unsupported) > 1 else ''} "
                       f"{', '.join(unsupported)}", "supported: Flask, abort, jsonify, request")
        self.names.update({alias: name for name, alias in stmt.names if name in SUPPORTED_NAMES})

    def is_app_creation(self, stmt: N.Stmt) -> bool:
        if not (isinstance(stmt, N.Assign) and stmt.value is not None and _is_call_of(stmt.value, self.local("Flask")
                                                                                      or "\0")):
            return False
        assert isinstance(stmt.value, N.Call)
        target = stmt.targets[0] if len(stmt.targets) == 1 else None
        ok_args = len(stmt.value.args) == 1 and isinstance(stmt.value.args[0], N.Name) \
            and stmt.value.args[0].id == "__name__" and not stmt.value.keywords
        if not isinstance(target, N.Name) or not ok_args:
            self.error(stmt.span, "unsupported Flask app creation", "write `app = Flask(__name__)`")
        elif self.app is not None:
            self.error(stmt.span, "a second Flask app", "one module holds one `Flask(__name__)`")
        else:
            self.app = target.id
        return True

    def module_stmt(self, stmt: N.Stmt) -> N.Stmt:
        """`app.run(...)` (possibly under the main guard) becomes `flask.serve(...)`."""
        if isinstance(stmt, N.ExprStmt) and self.is_app_method(stmt.value, "run"):
            assert isinstance(stmt.value, N.Call)
            self.served = True
            return N.ExprStmt(self.serve(stmt.value), stmt.span)
        if isinstance(stmt, N.If):
            return dataclasses.replace(stmt, body=tuple(self.module_stmt(s) for s in stmt.body),
                                       orelse=tuple(self.module_stmt(s) for s in stmt.orelse))
        for n in walk(stmt):
            if isinstance(n, N.Name) and n.id == self.app:
                self.error(n.span, f"unsupported use of the Flask app `{self.app}`",
                           "the app can be decorated with routes and run with `app.run(host=..., port=...)`")
        return stmt

    def is_app_method(self, e: N.Expr, method: str) -> bool:
        return isinstance(e, N.Call) and isinstance(e.func, N.Attribute) and e.func.attr == method \
            and isinstance(e.func.value, N.Name) and e.func.value.id == self.app

    def serve(self, call: N.Call) -> N.Call:
        host: N.Expr = _const("127.0.0.1", call.span)
        port: N.Expr = _const(5000, call.span)
        positional = list(call.args)
        if positional:
            host = positional.pop(0)
        if positional:
            port = positional.pop(0)
        if positional:
            self.error(positional[0].span, "unsupported `app.run` argument")
        for kw in call.keywords:
            if kw.name == "host":
                host = kw.value
            elif kw.name == "port":
                port = kw.value
            else:
                self.error(kw.span, f"unsupported `app.run` argument `{kw.name or '**'}`",
                           "the translated server takes `host` and `port`")
        rules = [_const(f"{','.join(r.methods)} {r.rule}", r.span) for r in self.routes]
        return _call("serve", [host, port, N.Name(DISPATCH, T.TypeVar(), call.span), *rules], call.span)

    def dispatch_function(self) -> N.FunctionDef:
        span = self.module.span
        req = N.Name("req", T.TypeVar(), span)
        stmts: list[N.Stmt] = []
        for i, r in enumerate(self.routes):
            args: list[N.Expr] = []
            for j, (_, conv) in enumerate(r.variables):
                part: N.Expr = _call("part", [req, _const(j, r.span)], r.span)
                if conv in ("int", "float"):
                    part = N.Call(N.Name(conv, T.TypeVar(), r.span), (part,), (), T.TypeVar(), r.span)
                args.append(part)
            view = self.views[r.view]
            order = [name for name, _ in r.variables]
            call_args = [args[order.index(p.name)] for p in view.params if p.name in order]
            if any(p.name == ARGS_PARAM for p in view.params):
                call_args.append(_call("args", [req], r.span))
            if any(p.name == METHOD_PARAM for p in view.params):
                call_args.append(_call("method", [req], r.span))
            test = N.Compare(_call("route", [req], r.span), ("==",), (_const(i, r.span),), T.TypeVar(), r.span)
            ret = N.Return(N.Call(N.Name(r.view, T.TypeVar(), r.span), tuple(call_args), (), T.TypeVar(), r.span),
                           r.span)
            stmts.append(N.If(test, (ret,), (), r.span))
        stmts.append(N.Return(_call("abort", [_const(500, span)], span), span))
        param = N.Param("req", REQUEST, REQUEST, None, "positional", span)
        return N.FunctionDef(DISPATCH, (param,), RESPONSE, True, tuple(stmts), None, (), False, span)

    # ------------------------------------------------------------ views

    def view_or_function(self, fn: N.FunctionDef, node: ast.FunctionDef | None) -> N.FunctionDef:
        app_decorators = [d for d in fn.decorators if d.split(".")[0] == self.app]
        if not app_decorators or node is None:
            return fn
        routes: list[Route] = []
        for dec in node.decorator_list:
            routes.extend(self.route(dec, fn.name))
        if not routes:
            return fn
        variables = {name: conv for name, conv in routes[0].variables}
        for r in routes[1:]:
            if dict(r.variables) != variables:
                self.error(r.span, "the routes of one view must have the same variables and converters")
        view = self.view(fn, variables)
        self.views[fn.name] = view
        self.routes.extend(routes)
        return view

    def route(self, dec: ast.expr, view: str) -> list[Route]:
        span = self.decorator_span(dec)
        expr = dec
        func = expr.func if isinstance(expr, ast.Call) else expr
        kind = func.attr if isinstance(func, ast.Attribute) else ""
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id == self.app):
            self.error(span, "a view function with other decorators than its routes", "remove the other decorators")
            return []
        if kind != "route" and kind not in ROUTE_METHODS:
            self.error(span, f"unsupported Flask feature `{self.app}.{kind}`",
                       "supported: @app.route, @app.get, @app.post, @app.put, @app.delete, @app.patch")
            return []
        args: list[ast.expr | ast.keyword] = sorted([*expr.args, *expr.keywords],
                                                    key=lambda a: (a.lineno, a.col_offset)) \
            if isinstance(expr, ast.Call) else []
        if not args or isinstance(args[0], ast.keyword):
            self.error(span, "a route needs its rule as the first argument")
            return []
        rule = _string(_arg_value(args[0]))
        if rule is None:
            self.error(self.span_of(args[0]), "a route rule must be a string literal")
            return []
        methods: list[str] = ["GET"] if kind == "route" else [ROUTE_METHODS[kind]]
        for arg in args[1:]:
            kw = arg.arg if isinstance(arg, ast.keyword) else None
            value = _arg_value(arg)
            if kw == "methods" and kind == "route" and isinstance(value, ast.List | ast.Tuple):
                listed = [_string(_unstar(el)) for el in value.elts]
                if any(m is None for m in listed) or not listed:
                    self.error(self.span_of(arg), "`methods` must list string literals")
                    return []
                methods = [m.upper() for m in listed if m is not None]
            elif kw == "methods":
                self.error(self.span_of(arg), "`methods` must be a list of string literals")
                return []
            else:
                self.error(self.span_of(arg), f"unsupported route argument `{kw or 'positional'}`",
                           "a route takes its rule and `methods=[...]`")
                return []
        variables = self.parse_rule(rule, span)
        if variables is None:
            return []
        return [Route(rule, tuple(dict.fromkeys(methods)), variables, view, span)]

    def parse_rule(self, rule: str, span: Span) -> tuple[tuple[str, str], ...] | None:
        if not rule.startswith("/"):
            self.error(span, f"a route rule must start with `/`: `{rule}`")
            return None
        if rule != "/" and rule.endswith("/"):
            self.error(span, f"unsupported route rule `{rule}`: a trailing slash (Flask redirects to it)",
                       "drop the trailing slash")
            return None
        parts = rule[1:].split("/")
        variables: list[tuple[str, str]] = []
        for i, part in enumerate(parts):
            if "<" not in part and ">" not in part:
                continue
            m = _VAR.match(part)
            if m is None:
                self.error(span, f"unsupported route rule `{rule}`: a variable must be a whole path part "
                           "`<name>` or `<converter:name>`")
                return None
            conv, name = m.group(1) or "string", m.group(2)
            if conv not in CONVERTERS:
                self.error(span, f"unsupported URL converter `{conv}`", "supported: string, int, float, path")
                return None
            if conv == "path" and i != len(parts) - 1:
                self.error(span, f"unsupported route rule `{rule}`: a `path` variable must come last")
                return None
            if name in dict(variables):
                self.error(span, f"route variable `{name}` appears twice")
                return None
            variables.append((name, conv))
        return tuple(variables)

    def view(self, fn: N.FunctionDef, variables: dict[str, str]) -> N.FunctionDef:
        params: list[N.Param] = []
        for p in fn.params:
            conv = variables.get(p.name)
            if conv is None or p.kind != "positional":
                self.error(p.span, f"view parameter `{p.name}` is not a variable of its route")
                continue
            want = CONVERTERS[conv]
            if p.annotation is not None and T.resolve(p.annotation) != want:
                self.error(p.span, f"view parameter `{p.name}` is annotated {T.resolve(p.annotation).show()} but "
                           f"its `{conv}` converter gives {want.show()}")
            params.append(dataclasses.replace(p, annotation=want, ty=want, default=None))
        for name in variables:
            if not any(p.name == name for p in fn.params):
                self.error(fn.span, f"route variable `{name}` is not a parameter of `{fn.name}`")
        rewriter = _ViewRewriter(self, fn)
        body = tuple(s for stmt in fn.body for s in rewriter.stmt(stmt))
        if rewriter.uses_args:
            params.append(N.Param(ARGS_PARAM, _ARGS_T, _ARGS_T, None, "positional", fn.span))
        if rewriter.uses_method:
            params.append(N.Param(METHOD_PARAM, T.STR, T.STR, None, "positional", fn.span))
        return dataclasses.replace(fn, params=tuple(params), returns=RESPONSE, declared_return=True, body=body,
                                   decorators=())

    def check_no_flask(self, node: N.Node, in_view: bool) -> None:
        """Flask names left after the rewrite are uses outside a view's supported forms."""
        for n in walk(node):
            if isinstance(n, N.Global) and not n.nonlocal_ and isinstance(node, N.FunctionDef | N.ClassDef):
                self.error(n.span, "a Flask app's function assigns a module global",
                           "the translated server runs views on several threads, each with its own copy of "
                           "module state; keep state local or constant")
            if isinstance(n, N.Name) and n.id in self.names and self.names[n.id] != "Flask":
                what = self.names[n.id]
                where = "in this form" if in_view else "outside a view function"
                self.error(n.span, f"unsupported use of Flask's `{what}` {where}", _HINTS.get(what))


ARGS_PARAM = "flask_args"
METHOD_PARAM = "flask_method"
_ARGS_T = T.DictT(T.STR, T.STR)
_HINTS = {
    "request": "a view can read `request.args.get(...)`, `key in request.args` and `request.method`",
    "abort": "call `abort(code)` as a statement in a view function",
    "jsonify": "return `jsonify(...)` from a view function",
}


def _arg_value(arg: ast.expr | ast.keyword) -> ast.expr:
    return arg.value if isinstance(arg, ast.keyword | ast.Starred) else arg


def _unstar(node: ast.expr) -> ast.expr:
    return node.value if isinstance(node, ast.Starred) else node


def _string(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


class _ViewRewriter:
    """One view body: returns become responses, `abort` returns, `request` reads become parameters."""

    def __init__(self, owner: _FlaskLowering, fn: N.FunctionDef) -> None:
        self.owner = owner
        self.fn = fn
        self.uses_args = False
        self.uses_method = False

    def is_flask(self, e: N.Expr, what: str) -> bool:
        return isinstance(e, N.Name) and self.owner.names.get(e.id) == what

    def stmt(self, s: N.Stmt) -> list[N.Stmt]:
        if isinstance(s, N.ExprStmt) and isinstance(s.value, N.Call) and isinstance(s.value.func, N.Name) \
                and self.is_flask(s.value.func, "abort"):
            return [N.Return(self.abort(s.value), s.span)]
        if isinstance(s, N.Return):
            value = s.value if s.value is not None else _const(None, s.span)
            return [N.Return(self.respond(value), s.span)]
        if isinstance(s, N.FunctionDef | N.ClassDef):
            return [s]  # nested definitions keep their own returns; flask names there are refused later
        return [_map_children(s, self.sub_stmts, self.expr)]

    def sub_stmts(self, stmts: tuple[N.Stmt, ...]) -> tuple[N.Stmt, ...]:
        return tuple(x for s in stmts for x in self.stmt(s))

    def abort(self, call: N.Call) -> N.Call:
        if len(call.args) != 1 or call.keywords or not (isinstance(call.args[0], N.Const)
                                                         and isinstance(call.args[0].value, int)):
            self.owner.error(call.span, "unsupported `abort` call", "write `abort(code)` with a literal status code")
        elif not _known_error(call.args[0].value):
            self.owner.error(call.span, f"`abort({call.args[0].value})`: not an HTTP error code Werkzeug knows")
        return _call("abort", [self.expr(a) for a in call.args], call.span)

    def respond(self, value: N.Expr) -> N.Call:
        status: N.Expr = _const(200, value.span)
        if isinstance(value, N.TupleLit):
            if len(value.elts) != 2:
                self.owner.error(value.span, "unsupported view result: a tuple other than `(body, status)`",
                                 "return `body` or `(body, status)`; headers are not supported")
                return _call("respond", [_const("", value.span), status], value.span)
            value, status = value.elts
            status = self.expr(status)
        return _call("respond", [self.json(value), status], value.span)

    def json(self, e: N.Expr) -> N.Expr:
        """A value in JSON position: dict and list displays become JSON builders (their items may differ in
        type, as Python allows)."""
        if isinstance(e, N.DictLit):
            items: list[N.Expr] = []
            for k, v in zip(e.keys, e.values, strict=True):
                items += [self.expr(k), self.json(v)]
            return _call("json_object", items, e.span)
        if isinstance(e, N.ListLit) and not any(isinstance(x, N.Starred) for x in e.elts):
            return _call("json_array", [self.json(x) for x in e.elts], e.span)
        if isinstance(e, N.Comprehension) and e.kind == "list":
            return dataclasses.replace(e, elt=self.json(e.elt), generators=tuple(
                _map_children(g, self.sub_stmts, self.expr) for g in e.generators))
        if isinstance(e, N.Call) and self.is_flask(e.func, "jsonify"):
            return self.jsonify(e)
        return self.expr(e)

    def jsonify(self, e: N.Call) -> N.Expr:
        if e.args and e.keywords:
            self.owner.error(e.span, "`jsonify` takes positional or keyword arguments, not both")
        if any(k.name is None for k in e.keywords) or any(isinstance(a, N.Starred) for a in e.args):
            self.owner.error(e.span, "unsupported `jsonify` call: `*` or `**` arguments")
        if e.keywords:
            items: list[N.Expr] = []
            for k in e.keywords:
                items += [_const(k.name, k.span), self.json(k.value)]
            return _call("json_object", items, e.span)
        if len(e.args) == 1:
            return _call("json_value", [self.json(e.args[0])], e.span)
        if not e.args:
            return _call("json_value", [_const(None, e.span)], e.span)
        return _call("json_array", [self.json(a) for a in e.args], e.span)

    def expr(self, e: N.Expr) -> N.Expr:
        if isinstance(e, N.Call) and self.is_flask(e.func, "jsonify"):
            return self.jsonify(e)
        if isinstance(e, N.Call) and isinstance(e.func, N.Attribute) and e.func.attr == "get" \
                and self.is_request_args(e.func.value):
            return self.args_get(e)
        if isinstance(e, N.Subscript) and self.is_request_args(e.value):
            self.owner.error(e.span, "unsupported `request.args[key]` (Flask answers 400 for a missing key)",
                             "use `request.args.get(key, default)`")
            return e
        if self.is_request_args(e):
            self.uses_args = True
            return N.Name(ARGS_PARAM, e.ty, e.span)
        if isinstance(e, N.Attribute) and self.is_flask(e.value, "request"):
            if e.attr == "method":
                self.uses_method = True
                return N.Name(METHOD_PARAM, e.ty, e.span)
            self.owner.error(e.span, f"unsupported Flask feature `request.{e.attr}`",
                             _HINTS["request"])
            return e
        if isinstance(e, N.Lambda):
            return e
        return _map_children(e, self.sub_stmts, self.expr)

    def is_request_args(self, e: N.Expr) -> bool:
        return isinstance(e, N.Attribute) and e.attr == "args" and self.is_flask(e.value, "request")

    def args_get(self, e: N.Call) -> N.Expr:
        self.uses_args = True
        assert isinstance(e.func, N.Attribute)
        args = [self.expr(a) for a in e.args]
        conv: str | None = None
        for kw in e.keywords:
            if kw.name == "type" and isinstance(kw.value, N.Name) and kw.value.id in ("int", "float", "str"):
                conv = kw.value.id if kw.value.id != "str" else None
            elif kw.name == "default" and len(args) == 1:
                args.append(self.expr(kw.value))
            else:
                self.owner.error(kw.span, f"unsupported `request.args.get` argument `{kw.name or '**'}`",
                                 "supported: a default, and `type=int`, `type=float` or `type=str`")
        if not args or len(args) > 2:
            self.owner.error(e.span, "`request.args.get` takes a key and an optional default")
            return e
        got = N.Call(N.Attribute(N.Name(ARGS_PARAM, T.TypeVar(), e.span), "get", T.TypeVar(), e.span),
                     (args[0],), (), T.TypeVar(), e.span)
        if conv is None:
            return dataclasses.replace(got, args=tuple(args))
        if len(args) == 2:
            return _call(f"arg_{conv}", [got, args[1]], e.span)
        return _call(f"arg_{conv}_opt", [got], e.span)


def _known_error(code: int) -> bool:
    return code in {400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 422, 423, 428,
                    429, 431, 451, 500, 501, 502, 503, 504, 505}


def _map_children(node: NodeT, stmts: Callable[[tuple[N.Stmt, ...]], tuple[N.Stmt, ...]],
                  expr: Callable[[N.Expr], N.Expr]) -> NodeT:
    """A copy of `node` whose direct child expressions and statement blocks went through `expr` and `stmts`."""
    changes: dict[str, object] = {}
    for f in dataclasses.fields(node):  # type: ignore[arg-type]
        value = getattr(node, f.name)
        new: object = value
        if isinstance(value, N.Expr):
            new = expr(value)
        elif isinstance(value, N.Node) and not isinstance(value, N.Stmt):
            new = _map_children(value, stmts, expr)
        elif isinstance(value, tuple) and value and all(isinstance(v, N.Stmt) for v in value):
            new = stmts(value)
        elif isinstance(value, tuple) and value and all(isinstance(v, N.Node) for v in value):
            new = tuple(expr(v) if isinstance(v, N.Expr) else _map_children(v, stmts, expr) for v in value)
        if new is not value:
            changes[f.name] = new
    return dataclasses.replace(node, **changes) if changes else node  # type: ignore[type-var]
