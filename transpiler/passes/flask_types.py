"""Types of the `flask.*` intrinsics that `frontends/python/flask.py` writes into a Flask app's IR.

Called from `infer_types` for every call whose callee is `flask.<name>`; the pyweb runtime implements them
(see codegen/rust/emit_web.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transpiler.ir import nodes as N
from transpiler.ir import types as T

if TYPE_CHECKING:
    from transpiler.passes.infer_types import Scope, TypeInference

RESPONSE = T.OpaqueT("flask.Response")
REQUEST = T.OpaqueT("flask.Request")
JSON = T.OpaqueT("flask.Json")
R = T.resolve


def module_call(ti: TypeInference, e: N.Call, full: str, args: list[T.Type], scope: Scope) -> T.Type | None:
    """The result type of `flask.<name>(args)`."""
    del scope
    name = full[len("flask."):]
    if name == "respond":
        ti.coerce(T.INT, args[1], e.args[1].span)
        return RESPONSE
    if name == "abort":
        ti.coerce(T.INT, args[0], e.span)
        return RESPONSE
    if name == "json_object":
        for key in e.args[::2]:
            ti.coerce(T.STR, key.ty, key.span)
        return JSON
    if name in ("json_array", "json_value"):
        return JSON
    if name in ("arg_int", "arg_float"):
        want = T.INT if name == "arg_int" else T.FLOAT
        ti.coerce(want, args[1], e.args[1].span)
        return want
    if name in ("arg_int_opt", "arg_float_opt"):
        return T.OptionalT(T.INT if name == "arg_int_opt" else T.FLOAT)
    if name == "route":
        return T.INT
    if name in ("part", "method"):
        return T.STR
    if name == "args":
        return T.DictT(T.STR, T.STR)
    if name == "serve":
        ti.coerce(T.STR, args[0], e.args[0].span)
        ti.coerce(T.INT, args[1], e.args[1].span)
        return T.NONE
    ti.error(e.span, f"unsupported Flask call `{name}`")
    return None
