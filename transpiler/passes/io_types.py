"""Type rules for the I/O libraries (json, csv, os, os.path), called from infer_types' hooks.

`json.loads` returns `Any` (a JSON value); a dict display whose values have different types becomes
`dict[str, Any]`; a static value flows into `Any` and back where a conversion exists. csv readers are
generators of rows, `os.walk` a generator of (dirpath, dirnames, filenames). A rule returns None when
it does not know the call, and infer_types then reports it as unsupported.

Before:  rows = csv.reader(f); rec = {"id": 1, "name": "a"}; text = json.dumps(rec, indent=2)
After:   rows: Generator[list[str]]; rec: dict[str, Any]; text: str
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transpiler.ir import nodes as N
from transpiler.ir import types as T

if TYPE_CHECKING:
    from transpiler.passes.infer_types import TypeInference

R = T.resolve

CSV_CONSTS = {"QUOTE_MINIMAL", "QUOTE_ALL", "QUOTE_NONNUMERIC", "QUOTE_NONE"}
CSV_KEYWORDS = ("delimiter", "quotechar", "quoting", "lineterminator")
JSON_DUMPS_KEYWORDS = ("indent", "separators", "sort_keys", "ensure_ascii", "allow_nan")
WALK_ITEM = T.TupleT((T.STR, T.ListT(T.STR), T.ListT(T.STR)))

OS_FUNCS: dict[str, T.Type] = {
    "os.path.exists": T.BOOL, "os.path.isfile": T.BOOL, "os.path.isdir": T.BOOL, "os.path.islink": T.BOOL,
    "os.path.join": T.STR, "os.path.basename": T.STR, "os.path.dirname": T.STR, "os.path.abspath": T.STR,
    "os.path.normpath": T.STR, "os.getcwd": T.STR, "os.path.getsize": T.INT,
    "os.path.splitext": T.TupleT((T.STR, T.STR)), "os.path.split": T.TupleT((T.STR, T.STR)),
    "os.listdir": T.ListT(T.STR), "os.remove": T.NONE, "os.walk": T.GenT(WALK_ITEM), "os.mkdir": T.NONE,
    "os.makedirs": T.NONE,
}


def jsonable(t: T.Type, for_any: bool = False) -> bool:
    """Whether json.dumps accepts a value of type t (for_any: whether it converts to `Any`, str keys only)."""
    t = R(t)
    match t:
        case T.IntT() | T.FloatT() | T.BoolT() | T.StrT() | T.NoneT() | T.AnyT():
            return True
        case T.OptionalT(i) | T.ListT(i):
            return jsonable(i, for_any)
        case T.TupleT(es):
            return not for_any and 0 < len(es) <= 5 and all(jsonable(x) for x in es)
        case T.DictT(k, v):
            keys: tuple[type, ...] = (T.StrT,) if for_any else (T.StrT, T.IntT, T.FloatT, T.BoolT)
            return isinstance(R(k), keys) and jsonable(v, for_any)
    return False


def contains_any(t: T.Type) -> bool:
    t = R(t)
    match t:
        case T.AnyT():
            return True
        case T.OptionalT(i) | T.ListT(i):
            return contains_any(i)
        case T.DictT(_, v):
            return contains_any(v)
    return False


def any_convertible(target: T.Type, value: T.Type) -> bool:
    """A value of one type becomes the other through a JSON value: either side holds `Any` where the other
    holds a JSON-able type (`dict[str, int]` into `dict[str, Any]`, `Any` into `int`)."""
    t, v = R(target), R(value)
    if isinstance(t, T.TypeVar) or isinstance(v, T.TypeVar) or T.deep_resolve(t) == T.deep_resolve(v):
        return False
    if not (contains_any(t) or contains_any(v)):
        return False
    return jsonable(t, True) and jsonable(v, True) and T.is_complete(t) and T.is_complete(v)


def _kw(e: N.Call, allowed: tuple[str, ...], what: str, ti: TypeInference) -> None:
    for kw in e.keywords:
        if kw.name not in allowed:
            shown = f"**{kw.name}" if kw.name is None else kw.name
            ti.error(kw.span, f"keyword argument `{shown}` of `{what}` is not supported",
                     f"supported: {', '.join(allowed)}" if allowed else None)


def module_call(ti: TypeInference, e: N.Call, full: str, args: list[T.Type]) -> T.Type | None:
    mod, _, fn = full.rpartition(".")
    if full in OS_FUNCS:
        _kw(e, ("exist_ok",) if full == "os.makedirs" else (), f"{full}()", ti)
        if full in ("os.walk", "os.listdir", "os.path.getsize") and (len(args) != 1 and full != "os.listdir"):
            ti.error(e.span, f"`{full}()` takes one path argument here")
        return OS_FUNCS[full]
    if mod == "json":
        return _json_call(ti, e, fn, args)
    if mod == "csv":
        return _csv_call(ti, e, fn, args)
    return None


def _json_call(ti: TypeInference, e: N.Call, fn: str, args: list[T.Type]) -> T.Type | None:
    if fn in ("dumps", "dump"):
        _kw(e, JSON_DUMPS_KEYWORDS, f"json.{fn}()", ti)
        if args and T.is_complete(args[0]) and not jsonable(args[0]):
            ti.error(e.args[0].span, f"Object of type {T.deep_resolve(args[0]).show()} is not JSON serializable",
                     "json.dumps takes None, bool, int, float, str, lists, tuples, dicts and Any")
        if fn == "dump" and (len(args) != 2 or not isinstance(R(args[1]), T.FileT | T.TypeVar)):
            ti.error(e.span, "json.dump(obj, f) takes an object and an open file")
        for kw in e.keywords:
            kt = R(kw.value.ty)
            if kw.name == "separators" and not (isinstance(kw.value, N.TupleLit) and len(kw.value.elts) == 2):
                ti.error(kw.span, "`separators` must be a tuple display of two strings")
            if kw.name == "indent" and not isinstance(kt, T.IntT | T.StrT | T.NoneT | T.TypeVar):
                ti.error(kw.span, "`indent` must be an int, a str or None")
        return T.STR if fn == "dumps" else T.NONE
    if fn in ("loads", "load"):
        _kw(e, (), f"json.{fn}()", ti)
        want = T.FileT if fn == "load" else T.StrT
        if len(args) != 1 or not isinstance(R(args[0]), want | T.TypeVar):
            ti.error(e.span, f"json.{fn}() takes one {'open file' if fn == 'load' else 'str'}")
        return T.ANY
    return None


def _csv_call(ti: TypeInference, e: N.Call, fn: str, args: list[T.Type]) -> T.Type | None:
    if fn not in ("reader", "writer", "DictReader", "DictWriter"):
        return None
    allowed = CSV_KEYWORDS + (("fieldnames",) if fn == "DictWriter" else ())
    _kw(e, allowed, f"csv.{fn}()", ti)
    if len(args) != 1 and not (fn == "DictWriter" and len(args) == 2):
        ti.error(e.span, f"csv.{fn}() takes an open file" + (" and fieldnames" if fn == "DictWriter" else ""),
                 "dialect objects and other iterables are not supported")
    elif not isinstance(R(args[0]), T.FileT | T.TypeVar):
        ti.error(e.args[0].span, f"csv.{fn}() reads and writes open files only")
    for kw in e.keywords:
        if kw.name in ("delimiter", "quotechar", "lineterminator"):
            ti.coerce(T.STR, kw.value.ty, kw.span)
        elif kw.name == "quoting":
            ti.coerce(T.INT, kw.value.ty, kw.span)
            v = kw.value
            mode = v.attr if isinstance(v, N.Attribute) else None
            if mode == "QUOTE_NONNUMERIC" or mode == "QUOTE_NONE" and fn in ("writer", "DictWriter"):
                ti.error(kw.span, f"`quoting=csv.{mode}` is not supported for csv.{fn}()",
                         "QUOTE_MINIMAL and QUOTE_ALL are" + (", and QUOTE_NONE for readers" if "Reader" in fn
                                                              or fn == "reader" else ""))
        elif kw.name == "fieldnames":
            ti.coerce(T.ListT(T.STR), kw.value.ty, kw.span)
    if fn == "DictWriter" and len(args) == 2:
        ti.coerce(T.ListT(T.STR), args[1], e.span)
    if fn == "DictWriter" and len(args) == 1 and not any(kw.name == "fieldnames" for kw in e.keywords):
        ti.error(e.span, "csv.DictWriter() needs fieldnames")
    return {"reader": T.GenT(T.ListT(T.STR)), "DictReader": T.GenT(T.DictT(T.STR, T.STR)),
            "writer": T.OpaqueT("csv.writer"), "DictWriter": T.OpaqueT("csv.DictWriter")}[fn]


def csv_row_fields(ti: TypeInference, e: N.Call, scope: object) -> bool:
    """`w.writerow([a, b, c])`: the display's items may differ in type (each becomes str(item)).

    Returns True when it typed the call's list display itself.
    """
    if len(e.args) != 1 or not isinstance(e.args[0], N.ListLit):
        return False
    lit = e.args[0]
    for x in lit.elts:
        if isinstance(x, N.Starred):
            return False
    for x in lit.elts:
        xt = ti.expr(x, scope)  # type: ignore[arg-type]
        if T.is_complete(xt) and not isinstance(R(xt), T.IntT | T.FloatT | T.BoolT | T.StrT | T.NoneT
                                                | T.OptionalT | T.AnyT):
            ti.error(x.span, f"a csv field must be a str, number, bool or None, not {T.deep_resolve(xt).show()}")
    ti.unify(lit.ty, T.ListT(T.STR), lit.span)
    return True


def method_call(ti: TypeInference, e: N.Call, attr: str, recv: T.OpaqueT, args: list[T.Type]) -> T.Type | None:
    fields = (T.IntT, T.FloatT, T.BoolT, T.StrT, T.NoneT, T.OptionalT, T.AnyT)
    if recv.name == "csv.writer":
        if attr == "writerow" and len(args) == 1:
            row = R(args[0])
            items = list(row.elems) if isinstance(row, T.TupleT) else [ti.elem_type(row, e.span)]
            for el in items:
                if T.is_complete(el) and not isinstance(R(el), fields):
                    shown = T.deep_resolve(el).show()
                    ti.error(e.span, f"a csv field must be a str, number, bool or None, not {shown}")
            return T.INT
        if attr == "writerows" and len(args) == 1:
            return T.NONE
    if recv.name == "csv.DictWriter":
        if attr == "writeheader" and not args:
            return T.INT
        if attr == "writerow" and len(args) == 1:
            ti.coerce(T.DictT(T.STR, T.TypeVar()), args[0], e.span)
            return T.INT
        if attr == "writerows" and len(args) == 1:
            ti.coerce(T.ListT(T.DictT(T.STR, T.TypeVar())), args[0], e.span)
            return T.NONE
    return None


_LIST_MUTATORS = {"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse"}


def check_walk_loop(ti: TypeInference, s: N.For) -> None:
    """`for root, dirs, files in os.walk(top)`: CPython descends into `dirs` as the body leaves it; the runtime
    walks every directory, so a body that changes `dirs` in place is refused rather than mistranslated."""
    from transpiler.ir.walk import walk_no_defs

    it = s.iter
    if not (isinstance(it, N.Call) and R(it.ty) == T.GenT(WALK_ITEM)):
        return
    if not (isinstance(s.target, N.TupleLit) and len(s.target.elts) == 3 and isinstance(s.target.elts[1], N.Name)):
        return
    dirs = s.target.elts[1].id

    def is_dirs(x: N.Expr) -> bool:
        while isinstance(x, N.Subscript):
            x = x.value
        return isinstance(x, N.Name) and x.id == dirs

    for stmt in s.body:
        for node in walk_no_defs(stmt):
            bad: N.Node | None = None
            if isinstance(node, N.Call) and isinstance(node.func, N.Attribute) and is_dirs(node.func.value) \
                    and node.func.attr in _LIST_MUTATORS:
                bad = node
            elif isinstance(node, N.Assign) and any(isinstance(t, N.Subscript) and is_dirs(t) for t in node.targets):
                bad = node
            elif isinstance(node, N.AugAssign) and is_dirs(node.target):
                bad = node
            elif isinstance(node, N.Delete) and any(is_dirs(t) for t in node.targets):
                bad = node
            if bad is not None:
                ti.error(bad.span, f"changing `{dirs}` inside an os.walk loop (to prune or order the walk) is not "
                         "supported", f"filter or sort a copy, e.g. `for d in sorted({dirs}):`")
