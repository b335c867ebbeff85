"""Infer a static type for every expression, local, parameter and return.

Runs to a fixpoint over the whole program, so unannotated parameters learn their types from call sites
and unannotated returns from `return` statements. Diagnostics are only reported in the last round.

Before:  def f(x): return x + 1      ...   f(2)
After:   f: (int) -> int, x: int, `x + 1`: int
"""

from __future__ import annotations

from dataclasses import dataclass, field

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import ClassInfo, FuncInfo, ModuleInfo, Program
from transpiler.ir.span import Span
from transpiler.ir.walk import body_nodes_no_defs, target_names, walk_no_defs
from transpiler.parallel import fork_map
from transpiler.passes import flask_types, io_types, numpy_types

R = T.resolve


@dataclass
class Binders:
    """Which module's inference bound each TypeVar (by id): a summary of a module whose types another module's
    code decided is not reused once that module changes (transpiler/summary.py)."""

    current: str = ""
    by_id: dict[int, str] = field(default_factory=dict)

    def note(self, tv: T.TypeVar) -> None:
        self.by_id[id(tv)] = self.current


BINDERS = Binders()

BUILTIN_EXCEPTIONS = {
    "BaseException", "Exception", "ArithmeticError", "ZeroDivisionError", "OverflowError", "LookupError",
    "IndexError", "KeyError", "ValueError", "TypeError", "RuntimeError", "NotImplementedError",
    "AssertionError", "AttributeError", "NameError", "OSError", "IOError", "FileNotFoundError",
    "PermissionError", "StopIteration", "SystemExit", "KeyboardInterrupt", "EOFError", "RecursionError",
    "UnicodeError", "UnicodeDecodeError", "UnicodeEncodeError", "FileExistsError", "IsADirectoryError",
}

KNOWN_MODULES = {"numpy", "numpy.typing", "math", "sys", "typing", "dataclasses", "enum", "os", "os.path", "abc",
                 "__future__", "ctypes", "collections.abc", "typing_extensions", "collections", "random", "re",
                 "heapq", "bisect", "functools", "time", "json", "csv", "tempfile", "itertools"}
KNOWN_MODULES.add("flask")  # a Flask app, rewritten by frontends/python/flask.py

_FACTORY_TYPES = {"int": "INT", "float": "FLOAT", "str": "STR", "bool": "BOOL"}

MATH_FLOAT = {"sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
              "pow", "hypot", "fabs", "degrees", "radians", "copysign", "fmod", "sinh", "cosh", "tanh",
              "log1p", "expm1"}
MATH_INT = {"floor", "ceil", "trunc", "isqrt", "gcd", "lcm", "comb", "perm"}
MATH_BOOL = {"isnan", "isinf", "isfinite", "isclose"}
MATH_CONST = {"pi", "e", "tau", "inf", "nan"}

STR_TO_STR = {"strip", "lstrip", "rstrip", "replace", "upper", "lower", "capitalize", "title", "swapcase",
              "center", "ljust", "rjust", "zfill", "casefold", "expandtabs", "format", "removeprefix",
              "removesuffix"}
STR_TO_INT = {"find", "rfind", "index", "rindex", "count"}
STR_TO_BOOL = {"startswith", "endswith", "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower",
               "isnumeric", "isdecimal", "istitle", "isidentifier"}


@dataclass
class Scope:
    """The names visible while inferring one function body."""

    fn: FuncInfo
    module: ModuleInfo
    cls: ClassInfo | None
    outer: Scope | None = None
    comp_vars: list[dict[str, T.TypeVar]] = field(default_factory=list)


# the types _unify takes apart; any other two of one class unify when equal
_STRUCTURED = frozenset({T.ListT, T.SetT, T.IterT, T.DequeT, T.GenT, T.OptionalT, T.DictT, T.TupleT, T.FuncT})


class TypeInference:
    """Walks every function body, binding expression TypeVars."""

    def __init__(self, program: Program, diag: DiagnosticSink, jobs: int = 1) -> None:
        self.program = program
        self.diag = diag
        self.jobs = jobs  # processes a round that only confirms may be split across
        self.report = False
        self.changed = False
        self.rounds_run = 0
        self.fresh_from = 0

    # ------------------------------------------------------------ driver

    def run(self, rounds: int = 4) -> None:
        """Rounds until one binds nothing new, then default the empty containers nothing constrains, then rounds
        until settled again. Every round reports into a scratch sink: a round that bound nothing saw the final
        types from start to end, so its diagnostics are the ones a separate reporting round would make."""
        self.rounds_run = 0
        final = self.diag
        self.report = True
        settled = self.until_stable(rounds)
        if self.default_empty_containers() or settled is None:
            settled = self.until_stable(rounds)
        if settled is None:  # still binding after all those rounds: report what one more round sees
            settled = self.diag = DiagnosticSink()
            self.round()
        final.extend(settled)
        self.diag = final

    def until_stable(self, rounds: int) -> DiagnosticSink | None:
        """Up to `rounds` passes over the program, stopping early once a pass binds nothing new; the diagnostics
        of that pass, or None when every pass bound something."""
        for i in range(rounds):
            if i > 0:  # after a round that bound something, the next one often only confirms
                confirmed = self.confirm_in_workers()
                if confirmed is not None:
                    return confirmed
            self.changed = False
            self.diag = DiagnosticSink()
            self.round()
            if not self.changed:
                return self.diag
        return None

    def round(self, only: list[str] | None = None) -> None:
        self.rounds_run += 1  # read by tests
        self.fresh_from = T.fresh_ident()
        for mod in self.program.modules.values():
            if mod.name not in self.program.stubs and (only is None or mod.name in only):
                self.module(mod)

    def confirm_in_workers(self) -> DiagnosticSink | None:
        """One round split across forked workers, which change nothing here: its diagnostics when no worker
        bound anything, else None (and this process runs the round itself).

        A round that binds no variable made before it leaves every type as it found it, so each module's part
        of it sees the same types whichever process runs it, and the workers' diagnostics, in module order, are
        those of the whole round."""
        names = [name for name in self.program.modules if name not in self.program.stubs]
        if self.jobs <= 1 or len(names) < 2:
            return None
        # contiguous runs of modules, so that the diagnostics come back in the order one round makes them
        k = min(self.jobs, len(names))
        chunks = [names[len(names) * i // k:len(names) * (i + 1) // k] for i in range(k)]
        results = fork_map(self._round_of, chunks, k)
        if results is None:
            return None
        self.rounds_run += 1
        if any(changed for changed, _ in results):
            return None
        sink = DiagnosticSink()
        for _, found in results:
            sink.extend(found)
        return sink

    def _round_of(self, names: list[str]) -> tuple[bool, DiagnosticSink]:
        """In a worker: one round over these modules; whether it bound anything, and its diagnostics."""
        self.changed = False
        self.diag = DiagnosticSink()
        self.round(names)
        return self.changed, self.diag

    def default_empty_containers(self) -> bool:
        """Element types of empty literals that nothing constrains can be anything: pick int. Whether any was."""
        from transpiler.ir.walk import walk_list

        bound = False
        for mod in self.program.modules.values():
            if mod.name in self.program.stubs:
                continue
            BINDERS.current = mod.name
            for node in walk_list(mod.node):
                empty = not node.keys if isinstance(node, N.DictLit) \
                    else isinstance(node, N.ListLit | N.SetLit) and not node.elts
                if isinstance(node, N.Call) and isinstance(node.func, N.Name) \
                        and node.func.id in ("list", "dict", "set") and not node.args:
                    empty = True
                if empty and isinstance(node, N.Expr):
                    bound |= _bind_free(node.ty, T.INT)
        return bound

    def check_imports(self, mod: ModuleInfo) -> None:
        for s in mod.node.body:
            if isinstance(s, N.Import):
                name = s.module  # absolute: the frontend resolves relative imports (transpiler/pyimports.py)
                top = name.split(".")[0]
                if name in KNOWN_MODULES or top in KNOWN_MODULES or name in self.program.modules \
                        or top in self.program.modules or any(m.startswith(f"{name}.") for m in self.program.modules):
                    continue  # the last: a package without __init__.py
                self.error(s.span, f"unknown module `{s.module}`",
                           "only project files and the supported part of the standard library can be imported")

    def module(self, mod: ModuleInfo) -> None:
        BINDERS.current = mod.name
        if self.report:
            self.check_imports(mod)
        dummy = FuncInfo(N.FunctionDef("<module>", (), T.NONE, True, (), None, (), False, mod.node.span), mod.name)
        scope = Scope(dummy, mod, None)
        for name, value in mod.global_values.items():
            self.assign_to(mod.globals[name], self.expr(value, scope), value.span, name)
        for cls in mod.classes.values():
            self.class_(cls, mod)
        for fn in mod.functions.values():
            self.function(fn, mod, None, None)
        if mod.main is not None:
            self.function(mod.main, mod, None, None)

    def class_(self, cls: ClassInfo, mod: ModuleInfo) -> None:
        dummy = FuncInfo(N.FunctionDef("<class>", (), T.NONE, True, (), None, (), False, cls.node.span), mod.name)
        scope = Scope(dummy, mod, cls)
        for f in cls.node.fields:
            if f.default is not None:
                self.coerce(cls.fields[f.name], self.expr(f.default, scope), f.default.span)
        for a in cls.node.class_vars:
            if a.value is None or cls.kind == "enum":
                continue
            vt = self.expr(a.value, scope)
            for t in a.targets:
                if isinstance(t, N.Name) and t.id in cls.class_vars:
                    self.assign_to(cls.class_vars[t.id], vt, a.span, t.id)
        for m in cls.methods.values():
            if m.param_types and not m.is_static:
                first = m.node.params[0]
                if m.is_classmethod:
                    self.unify(first.ty, T.ClassRefT(cls.name), first.span)
                else:
                    self.unify(first.ty, T.ClassT(cls.name), first.span)
            self.function(m, mod, cls, None)

    def function(self, fn: FuncInfo, mod: ModuleInfo, cls: ClassInfo | None, outer: Scope | None) -> None:
        scope = Scope(fn, mod, cls, outer)
        if fn.node.name == "__exit__" and cls is not None:
            for exit_pt in fn.param_types[1:]:
                self._unify(exit_pt, T.NONE)
        for p in fn.node.params:
            tv = fn.locals.setdefault(p.name, T.TypeVar())
            pt: T.Type = p.ty
            if p.kind == "vararg":
                pt = T.ListT(p.ty)
            elif p.kind == "kwarg":
                pt = T.DictT(T.STR, p.ty)
            self.unify(tv, pt, p.span)
            if p.default is not None:
                self.coerce(p.ty, self.expr(p.default, scope), p.default.span)
        for s in fn.node.body:
            if isinstance(s, N.Global):
                fn.globals_declared.update(s.names)
        self.block(fn.node.body, scope)
        if not fn.node.declared_return and not fn.node.is_generator:
            if not any(isinstance(n, N.Return) and n.value is not None
                       for s in fn.node.body for n in walk_no_defs(s)):
                self.unify(fn.ret, T.NONE, fn.node.span)
        if fn.node.is_generator and isinstance(R(fn.ret), T.TypeVar):
            self.unify(fn.ret, T.GenT(T.TypeVar()), fn.node.span)
        for name, nested in fn.nested.items():
            self.function(nested, mod, None, scope)
            tv = fn.locals.setdefault(name, T.TypeVar())
            self.unify(tv, T.FuncT(tuple(nested.param_types), nested.ret), nested.node.span)

    # ------------------------------------------------------------ unification

    def error(self, span: Span, msg: str, hint: str | None = None) -> None:
        if self.report:
            self.diag.error(span, msg, hint)

    def unify(self, a: T.Type, b: T.Type, span: Span) -> bool:
        ok = self._unify(a, b)
        if not ok:
            self.error(span, f"type mismatch: {T.deep_resolve(a).show()} vs {T.deep_resolve(b).show()}")
        return ok

    def _unify(self, a: T.Type, b: T.Type) -> bool:
        a, b = R(a), R(b)
        if a is b:
            return True
        ta, tb = type(a), type(b)  # exact classes: the types of T have no subclasses
        if ta is T.TypeVar:
            assert isinstance(a, T.TypeVar)
            if a.param and isinstance(b, T.TypeVar) and not b.param:
                a, b = b, a  # the variable of a type parameter stays the representative
            if not self._occurs(a, b):
                a.bound = b
                BINDERS.by_id[id(a)] = BINDERS.current  # BINDERS.note(a), inlined: the hottest binding site
                if a.ident < self.fresh_from:
                    # binding a variable made during this round (a comprehension's, say) is not progress
                    self.changed = True
            return True
        if tb is T.TypeVar:
            return self._unify(b, a)
        if ta is T.UnknownT or tb is T.UnknownT:
            return True
        if ta is not tb:
            return False
        if ta not in _STRUCTURED:
            return a == b
        match a, b:
            case (T.ListT(x), T.ListT(y)) | (T.SetT(x), T.SetT(y)) | (T.IterT(x), T.IterT(y)) \
                    | (T.DequeT(x), T.DequeT(y)) | (T.GenT(x), T.GenT(y)) \
                    | (T.OptionalT(x), T.OptionalT(y)):
                return self._unify(x, y)
            case T.DictT(k1, v1), T.DictT(k2, v2):
                return self._unify(k1, k2) and self._unify(v1, v2)
            case T.TupleT(e1), T.TupleT(e2):
                return len(e1) == len(e2) and all(self._unify(x, y) for x, y in zip(e1, e2, strict=True))
            case T.FuncT(p1, r1), T.FuncT(p2, r2):
                return len(p1) == len(p2) and all(self._unify(x, y) for x, y in zip(p1, p2, strict=True)) \
                    and self._unify(r1, r2)
        return a == b

    def _occurs(self, v: T.TypeVar, t: T.Type) -> bool:
        t = R(t)
        if t is v:
            return True
        if type(t) not in _STRUCTURED:  # most bindings are to a scalar or a class: nothing inside
            return False
        match t:
            case T.ListT(e) | T.SetT(e) | T.IterT(e) | T.OptionalT(e) | T.DequeT(e):
                return self._occurs(v, e)
            case T.DictT(k, val):
                return self._occurs(v, k) or self._occurs(v, val)
            case T.TupleT(es):
                return any(self._occurs(v, e) for e in es)
            case T.FuncT(ps, r):
                return any(self._occurs(v, p) for p in ps) or self._occurs(v, r)
        return False

    def coerce(self, target: T.Type, value: T.Type, span: Span) -> None:
        """value flows into target: allow int->float, bool->int, X/None->Optional[X], subclass->base."""
        t, v = R(target), R(value)
        if isinstance(t, T.ClassT) and isinstance(v, T.ClassT) and self.program.is_subclass(v.name, t.name):
            return
        if io_types.any_convertible(t, v):
            return
        if isinstance(t, T.FloatT) and isinstance(v, T.IntT | T.BoolT):
            return
        if isinstance(t, T.IntT) and isinstance(v, T.BoolT):
            return
        if isinstance(t, T.BigIntT) and isinstance(v, T.IntT | T.BoolT) \
                or isinstance(t, T.FloatT | T.IntT) and isinstance(v, T.BigIntT):
            if isinstance(t, T.IntT) and isinstance(target, T.TypeVar) and target.bound is not None:
                self._rebind(target, T.BIGINT)  # an inferred int receives a big int: it is one
            elif isinstance(t, T.IntT):
                self.error(span, "an arbitrary-precision int flows into a place annotated `int` (64-bit here)",
                           "leave this annotation out so the place can hold a big int")
            return
        if isinstance(t, T.OptionalT):
            if isinstance(v, T.NoneT):
                return
            if not isinstance(v, T.OptionalT | T.TypeVar):
                self.coerce(t.inner, v, span)
                return
        if isinstance(v, T.OptionalT) and not isinstance(t, T.OptionalT | T.TypeVar):
            self.coerce(t, v.inner, span)  # used as a value: None raises at run time, as in Python
            return
        if isinstance(t, T.ListT) and isinstance(v, T.ListT) and isinstance(R(t.elem), T.OptionalT) \
                and isinstance(R(v.elem), T.NoneT | T.OptionalT):
            return
        self.unify(t, v, span)

    def assign_to(self, var: T.TypeVar, value: T.Type, span: Span, name: str) -> None:
        """A variable receives a value; widen int->float and X->Optional[X] as Python code expects."""
        cur, v = R(var), R(value)
        if isinstance(cur, T.TypeVar):
            self.unify(cur, value, span)
            return
        if isinstance(cur, T.IntT) and isinstance(v, T.FloatT | T.BigIntT) and var.bound is not None:
            self._rebind(var, v)
            return
        if isinstance(cur, T.NoneT) and not isinstance(v, T.NoneT | T.TypeVar):
            self._rebind(var, T.OptionalT(v))
            return
        if isinstance(v, T.NoneT) and not isinstance(cur, T.NoneT | T.OptionalT):
            self._rebind(var, T.OptionalT(cur))
            return
        if isinstance(cur, T.ClassT) and isinstance(v, T.ClassT) and cur.name != v.name:
            common = self.program.common_ancestor(cur.name, v.name)
            if common is not None:
                if common != cur.name:
                    self._rebind(var, T.ClassT(common))
                return
        if not self._coercible(cur, v):
            self.error(span, f"variable `{name}` holds {T.deep_resolve(cur).show()} but is assigned "
                             f"{T.deep_resolve(v).show()}",
                       "give each kind of value its own variable name")

    def _rebind(self, var: T.TypeVar, new: T.Type) -> None:
        # var may be bound through a chain; rebind the last variable in the chain
        last = var
        while isinstance(last.bound, T.TypeVar) and last.bound.bound is not None:
            last = last.bound
        last.bound = new
        BINDERS.note(last)
        self.changed = True

    def _coercible(self, target: T.Type, value: T.Type) -> bool:
        t, v = R(target), R(value)
        if isinstance(t, T.ClassT) and isinstance(v, T.ClassT) and self.program.is_subclass(v.name, t.name):
            return True
        if io_types.any_convertible(t, v):
            return True
        if isinstance(t, T.FloatT) and isinstance(v, T.IntT | T.BoolT):
            return True
        if isinstance(t, T.IntT) and isinstance(v, T.BoolT):
            return True
        if isinstance(t, T.BigIntT) and isinstance(v, T.IntT | T.BoolT):
            return True
        if isinstance(t, T.OptionalT) and (isinstance(v, T.NoneT) or self._unify(t.inner, v)):
            return True
        return self._unify(t, v)

    # ------------------------------------------------------------ names

    def lookup(self, name: str, scope: Scope, span: Span) -> T.Type | None:
        for comp in reversed(scope.comp_vars):
            if name in comp:
                return comp[name]
        s: Scope | None = scope
        while s is not None:
            if name in s.fn.locals and name not in s.fn.globals_declared:
                if s is not scope:
                    scope.fn.captures.add(name)
                return s.fn.locals[name]
            if name in s.fn.nested:
                nested = s.fn.nested[name]
                return T.FuncT(tuple(nested.param_types), nested.ret)
            s = s.outer
        mod = scope.module
        if name in mod.globals:
            return mod.globals[name]
        if name in mod.functions:
            f = mod.functions[name]
            return T.FuncT(tuple(f.param_types), f.ret)
        if name in mod.classes:
            return T.ClassRefT(name)
        if name in mod.imported_modules:
            return T.ModuleT(mod.imported_modules[name])
        if name in mod.imported_names:
            src, orig = mod.imported_names[name]
            other = self.program.modules.get(src)
            if other is not None:
                if orig in other.functions:
                    f = other.functions[orig]
                    return T.FuncT(tuple(f.param_types), f.ret)
                if orig in other.classes:
                    return T.ClassRefT(orig)
                if orig in other.globals:
                    return other.globals[orig]
            if src == "math" and orig in MATH_CONST:
                return T.FLOAT
            return T.ModuleT(f"{src}.{orig}")
        if name in BUILTIN_EXCEPTIONS:
            return T.ClassRefT(name)
        if name in ("print", "len", "range", "int", "float", "str", "bool", "list", "dict", "set", "tuple",
                    "abs", "min", "max", "sum", "sorted", "reversed", "enumerate", "zip", "map", "filter",
                    "any", "all", "round", "ord", "chr", "input", "open", "isinstance", "repr", "divmod",
                    "pow", "hex", "bin", "oct", "iter", "next", "hash", "type", "super", "frozenset", "complex"):
            return T.ModuleT(f"builtins.{name}")
        if name == "__name__":
            return T.STR
        self.error(span, f"undefined name `{name}`")
        return None

    def local_var(self, name: str, scope: Scope) -> T.TypeVar:
        for comp in reversed(scope.comp_vars):
            if name in comp:
                return comp[name]
        if name in scope.fn.globals_declared:
            mod = scope.module
            if name in mod.globals:
                mod.mutated_globals.add(name)
                return mod.globals[name]
            s = scope.outer
            while s is not None:
                if name in s.fn.locals:
                    scope.fn.captures.add(name)
                    return s.fn.locals[name]
                s = s.outer
        return scope.fn.locals.setdefault(name, T.TypeVar())

    # ------------------------------------------------------------ statements

    def block(self, stmts: tuple[N.Stmt, ...], scope: Scope) -> None:
        for s in stmts:
            self.stmt(s, scope)

    def stmt(self, s: N.Stmt, scope: Scope) -> None:
        match s:
            case N.Assign(targets, value, declared):
                if value is None:
                    for t in targets:
                        if isinstance(t, N.Name) and declared is not None:
                            self.unify(self.local_var(t.id, scope), declared, s.span)
                    return
                vt = self.expr(value, scope)
                for t in targets:
                    if declared is not None and isinstance(t, N.Name):
                        if t.id in scope.fn.big_locals and isinstance(R(declared), T.IntT):
                            declared = T.BIGINT
                        var = self.local_var(t.id, scope)
                        self.unify(var, declared, s.span)
                        self.unify(t.ty, var, s.span)
                        self.coerce(declared, vt, value.span)
                    else:
                        self.assign_target(t, vt, scope, value)
            case N.AugAssign(target, op, value):
                tt = self.expr(target, scope)
                vt = self.expr(value, scope)
                res = self.binop_type(op, tt, vt, s.span)
                if isinstance(target, N.Name):
                    if res is not None:  # None: no type for the result (yet): nothing to assign
                        self.assign_to(self.local_var(target.id, scope), res, s.span, target.id)
                elif res is not None and not self._coercible(tt, res):
                    self.error(s.span, f"`{op}=` changes the type of its target")
            case N.ExprStmt(value):
                self.expr(value, scope)
            case N.Return(value):
                if scope.fn.node.is_generator:
                    return
                if value is None:
                    self.coerce(scope.fn.ret, T.NONE, s.span)
                else:
                    vt = self.expr(value, scope)
                    if isinstance(R(scope.fn.ret), T.TypeVar):
                        self.unify(scope.fn.ret, vt, s.span)
                    else:
                        self.coerce(scope.fn.ret, vt, s.span)
            case N.If(test, body, orelse):
                self.expr(test, scope)
                self.block(body, scope)
                self.block(orelse, scope)
            case N.While(test, body, orelse):
                self.expr(test, scope)
                self.block(body, scope)
                self.block(orelse, scope)
            case N.For(target, it, body, orelse):
                et = self.elem_type(self.expr(it, scope), it.span)
                self.assign_target(target, et, scope, None)
                self.block(body, scope)
                self.block(orelse, scope)
                if self.report:
                    io_types.check_walk_loop(self, s)
            case N.Assert(test, msg):
                self.expr(test, scope)
                if msg is not None:
                    self.expr(msg, scope)
            case N.Raise(exc, cause):
                if exc is not None:
                    self.expr(exc, scope)
                if cause is not None:
                    self.expr(cause, scope)
            case N.Try(body, handlers, orelse, final):
                self.block(body, scope)
                for h in handlers:
                    for tname in h.types:
                        if tname not in BUILTIN_EXCEPTIONS and self.program.find_class(tname) is None:
                            self.error(h.span, f"unknown exception class `{tname}`")
                    if h.name is not None:
                        self.unify(self.local_var(h.name, scope), T.EXC, h.span)
                    self.block(h.body, scope)
                self.block(orelse, scope)
                self.block(final, scope)
            case N.Delete(targets):
                for t in targets:
                    if isinstance(t, N.Name):
                        continue
                    self.expr(t, scope)
            case N.With(items, body):
                for item in items:
                    ct = self.expr(item.ctx, scope)
                    if item.var is not None:
                        entered = ct
                        rc = R(ct)
                        if isinstance(rc, T.ClassT):
                            cls = self.program.find_class(rc.name)
                            if cls is not None and "__enter__" in cls.methods:
                                entered = cls.methods["__enter__"].ret
                        self.assign_target(item.var, entered, scope, None)
                self.block(body, scope)
            case N.Global() | N.Pass() | N.Break() | N.Continue() | N.Comment() | N.Import():
                pass
            case N.FunctionDef():
                pass  # handled through FuncInfo.nested
            case N.ClassDef():
                self.error(s.span, "classes defined inside functions are not supported",
                           "move the class to module level")
            case _:
                self.error(s.span, f"unsupported statement {type(s).__name__}")

    def assign_target(self, t: N.Expr, vt: T.Type, scope: Scope, value: N.Expr | None) -> None:
        match t:
            case N.Name(name):
                var = self.local_var(name, scope)
                if name in scope.fn.big_locals and isinstance(R(vt), T.IntT | T.BoolT):
                    vt = T.BIGINT  # a growing accumulator (promote_big_ints)
                self.assign_to(var, vt, t.span, name)
                self.unify(t.ty, var, t.span)
            case N.TupleLit(elts) | N.ListLit(elts):
                self.unify(t.ty, vt, t.span)
                rv = R(vt)
                star = [i for i, e in enumerate(elts) if isinstance(e, N.Starred)]
                if isinstance(rv, T.TupleT) and not star:
                    if len(rv.elems) != len(elts):
                        self.error(t.span, f"cannot unpack {len(rv.elems)} values into {len(elts)} targets")
                        return
                    for e, et in zip(elts, rv.elems, strict=True):
                        self.assign_target(e, et, scope, None)
                    return
                if isinstance(rv, T.TypeVar) and not star:
                    parts = tuple(T.TypeVar() for _ in elts)
                    self.unify(rv, T.TupleT(parts), t.span)
                    for e, et in zip(elts, parts, strict=True):
                        self.assign_target(e, et, scope, None)
                    return
                elem = self.elem_type(vt, t.span)
                for e in elts:
                    if isinstance(e, N.Starred):
                        self.unify(e.ty, T.ListT(elem), e.span)
                        self.assign_target(e.value, T.ListT(elem), scope, None)
                    else:
                        self.assign_target(e, elem, scope, None)
            case N.Attribute() | N.Subscript():
                tt = self.expr(t, scope)
                self.coerce(tt, vt, t.span)
            case N.Starred(inner):
                self.assign_target(inner, vt, scope, None)
            case _:
                self.error(t.span, "unsupported assignment target")

    # ------------------------------------------------------------ expressions

    def expr(self, e: N.Expr, scope: Scope) -> T.Type:
        t = self._expr(e, scope)
        if t is None:
            t = T.UNKNOWN
        self.unify(e.ty, t, e.span) if not isinstance(R(t), T.UnknownT) else None
        return e.ty

    def _expr(self, e: N.Expr, scope: Scope) -> T.Type | None:
        match e:
            case N.Const(v):
                if isinstance(v, bool):
                    return T.BOOL
                if isinstance(v, int):
                    return T.INT if -(2**63) <= v < 2**63 else T.BIGINT
                if isinstance(v, float):
                    return T.FLOAT
                if isinstance(v, complex):
                    return T.COMPLEX
                if isinstance(v, str):
                    return T.STR
                if isinstance(v, bytes):
                    return T.BYTES
                return T.NONE
            case N.Name(name):
                return self.lookup(name, scope, e.span)
            case N.BinOp(left, op, right):
                lt = self.expr(left, scope)
                rt = self.expr(right, scope)
                if _big_literal_power(e):
                    return T.BIGINT
                return self.binop_type(op, lt, rt, e.span)
            case N.UnaryOp(op, operand):
                ot = self.expr(operand, scope)
                if op == "not":
                    return T.BOOL
                if isinstance(R(ot), T.BoolT):
                    return T.INT
                return ot
            case N.BoolOp(_, values):
                types = [self.expr(v, scope) for v in values]
                if all(isinstance(R(t), T.BoolT) for t in types):
                    return T.BOOL
                last = R(types[-1])
                if e.op == "or" and not isinstance(last, T.OptionalT | T.TypeVar) and all(
                        self._unify(_deopt(R(t)), last) for t in types[:-1]):
                    return last  # `maybe or default`: the default makes it a value
                first = types[0]
                for t in types[1:]:
                    if not self._unify(first, t):
                        if all(isinstance(R(x), T.IntT | T.FloatT | T.BoolT) for x in types):
                            return T.FLOAT if any(isinstance(R(x), T.FloatT) for x in types) else T.INT
                        self.error(e.span, "`and`/`or` operands of different types",
                                   "compare them explicitly so the result is a bool")
                        return None
                return first
            case N.Compare(left, ops, comps):
                lt = self.expr(left, scope)
                prev = lt
                for op, c in zip(ops, comps, strict=True):
                    ct = self.expr(c, scope)
                    if op not in ("is", "is not") and (isinstance(R(prev), T.AnyT) or isinstance(R(ct), T.AnyT)):
                        self.error(e.span, f"`{op}` on an Any value is not supported",
                                   "give it a type first, e.g. `n: int = doc[\"n\"]`")
                    if op in ("in", "not in"):
                        rc = R(ct)
                        if isinstance(rc, T.DictT):
                            self.coerce(rc.key, prev, c.span)
                        elif isinstance(rc, T.ListT | T.SetT | T.IterT | T.DequeT | T.GenT):
                            self.coerce(rc.elem, prev, c.span)
                        elif isinstance(rc, T.TupleT) and rc.elems:
                            for el in rc.elems:
                                self.coerce(el, prev, c.span)
                    elif op in ("==", "!=", "<", "<=", ">", ">="):
                        if isinstance(R(prev), T.TypeVar) or isinstance(R(ct), T.TypeVar):
                            if not (isinstance(R(prev), T.NoneT) or isinstance(R(ct), T.NoneT)):
                                self._unify(prev, ct)
                    prev = ct
                if any(numpy_types.is_array(x.ty) for x in (left, *comps)):
                    return numpy_types.compare(left.ty, comps[-1].ty)
                return T.BOOL
            case N.Call():
                return self.call(e, scope)
            case N.Attribute(value, attr):
                return self.attribute(e, value, attr, scope)
            case N.Subscript(value, index):
                return self.subscript(value, index, scope, e.span)
            case N.Slice(lo, hi, st):
                for part in (lo, hi, st):
                    if part is not None:
                        self.coerce(T.INT, self.expr(part, scope), part.span)
                return T.UNKNOWN
            case N.ListLit(elts):
                return T.ListT(self.elements(elts, scope))
            case N.SetLit(elts):
                return T.SetT(self.elements(elts, scope))
            case N.TupleLit(elts):
                if any(isinstance(x, N.Starred) for x in elts):
                    self.error(e.span, "starred element in a tuple display")
                    return None
                return T.TupleT(tuple(self.expr(x, scope) for x in elts))
            case N.DictLit(keys, values):
                kt: T.Type = T.TypeVar()
                vt: T.Type = T.TypeVar()
                vts = []
                for key, val in zip(keys, values, strict=True):
                    kt = self.join(kt, self.expr(key, scope), key.span)
                    vts.append(self.expr(val, scope))
                if self._mixed_json_values(kt, vts):
                    return T.DictT(kt, T.ANY)
                for val, vt1 in zip(values, vts, strict=True):
                    vt = self.join(vt, vt1, val.span)
                return T.DictT(kt, vt)
            case N.Comprehension(kind, elt, value, gens):
                frame: dict[str, T.TypeVar] = {}
                scope.comp_vars.append(frame)
                try:
                    for g in gens:
                        it = self.elem_type(self.expr(g.iter, scope), g.iter.span)
                        for nm in target_names(g.target):
                            frame[nm] = T.TypeVar()
                        self.assign_target(g.target, it, scope, None)
                        for cond in g.ifs:
                            self.expr(cond, scope)
                    et = self.expr(elt, scope)
                    if kind == "dict" and value is not None:
                        return T.DictT(et, self.expr(value, scope))
                finally:
                    scope.comp_vars.pop()
                if kind == "list":
                    return T.ListT(et)
                if kind == "set":
                    return T.SetT(et)
                return T.IterT(et)
            case N.Lambda(params, body):
                frame = {}
                for p in params:
                    frame[p.name] = T.TypeVar()
                    self.unify(frame[p.name], p.ty, p.span)
                scope.comp_vars.append(frame)
                try:
                    rt = self.expr(body, scope)
                finally:
                    scope.comp_vars.pop()
                return T.FuncT(tuple(p.ty for p in params), rt)
            case N.IfExp(test, body, orelse):
                self.expr(test, scope)
                bt = self.expr(body, scope)
                ot = self.expr(orelse, scope)
                return self.join(bt, ot, e.span)
            case N.FString(parts):
                for part in parts:
                    self.expr(part, scope)
                return T.STR
            case N.FormattedValue(value):
                self.expr(value, scope)
                return T.STR
            case N.Starred(value):
                return self.expr(value, scope)
            case N.NamedExpr(target, value):
                vt = self.expr(value, scope)
                var = self.local_var(target.id, scope)
                self.assign_to(var, vt, e.span, target.id)
                self.unify(target.ty, var, e.span)
                return vt
            case N.Yield(value, is_from):
                ret = R(scope.fn.ret)
                if not isinstance(ret, T.GenT):
                    ret = T.GenT(T.TypeVar())
                    self.unify(scope.fn.ret, ret, e.span)
                if value is not None:
                    vt = self.expr(value, scope)
                    if is_from:
                        vt = self.elem_type(vt, value.span)
                    self.unify(ret.elem, vt, e.span)
                return T.NONE
        self.error(e.span, f"unsupported expression {type(e).__name__}")
        return None

    def join(self, a: T.Type, b: T.Type, span: Span) -> T.Type:
        ra, rb = R(a), R(b)
        if isinstance(ra, T.ClassT) and isinstance(rb, T.ClassT) and ra.name != rb.name:
            common = self.program.common_ancestor(ra.name, rb.name)
            if common is not None:
                return T.ClassT(common)
        if isinstance(ra, T.IntT) and isinstance(rb, T.FloatT) or isinstance(ra, T.FloatT) and isinstance(
                rb, T.IntT):
            return T.FLOAT
        if isinstance(ra, T.BigIntT) and isinstance(rb, T.IntT | T.BoolT | T.BigIntT) \
                or isinstance(rb, T.BigIntT) and isinstance(ra, T.IntT | T.BoolT):
            return T.BIGINT
        if isinstance(ra, T.NoneT) and not isinstance(rb, T.NoneT | T.TypeVar):
            return T.OptionalT(rb)
        if isinstance(rb, T.NoneT) and not isinstance(ra, T.NoneT | T.TypeVar):
            return T.OptionalT(ra)
        # a type parameter is never None itself: `x if c else None` of a T is an Optional[T]
        if isinstance(rb, T.NoneT) and _type_param(a):
            return T.OptionalT(a)
        if isinstance(ra, T.NoneT) and _type_param(b):
            return T.OptionalT(b)
        self.unify(a, b, span)
        return a

    def _mixed_json_values(self, kt: T.Type, vts: list[T.Type]) -> bool:
        """A str-keyed dict display whose values are JSON-able but of different types holds `Any` values.

        A value still being inferred (`{}`, `[]`) takes str keys and `Any` items.
        """
        if not isinstance(R(kt), T.StrT) or not all(io_types.jsonable(_any_filled(v), True) for v in vts):
            return False

        def shape(t: T.Type) -> T.Type | type:
            t = T.deep_resolve(t)
            while isinstance(t, T.OptionalT):
                t = t.inner
            if isinstance(t, T.IntT):
                return T.FLOAT
            return t if T.is_complete(t) else type(t)

        kinds = {shape(v) for v in vts if not isinstance(R(v), T.NoneT | T.TypeVar)}
        classes = {k if isinstance(k, type) else type(k) for k in kinds}
        if len(kinds) <= 1 or len(classes) == 1 and any(isinstance(k, type) for k in kinds):
            return False
        for v in vts:
            _fill_any(v)
        return True

    def elements(self, elts: tuple[N.Expr, ...], scope: Scope) -> T.Type:
        if elts and all(isinstance(x, N.Const) and x.value is None for x in elts):
            for x in elts:
                self.expr(x, scope)
            return T.OptionalT(T.TypeVar())
        et: T.Type = T.TypeVar()
        for x in elts:
            if isinstance(x, N.Starred):
                st = self.expr(x.value, scope)
                self.unify(x.ty, st, x.span)
                et = self.join(et, self.elem_type(st, x.span), x.span)
            else:
                et = self.join(et, self.expr(x, scope), x.span)
        return et

    def elem_type(self, t: T.Type, span: Span) -> T.Type:
        r = _deopt(R(t))
        match r:
            case T.ListT(e) | T.SetT(e) | T.IterT(e) | T.DequeT(e) | T.GenT(e):
                return e
            case T.DictT(k, _):
                return k
            case T.StrT():
                return T.STR
            case T.BytesT():
                return T.INT
            case T.FileT():
                return T.STR
            case T.AnyT():
                return T.ANY
            case T.TupleT(es):
                if not es:
                    return T.TypeVar()
                first = es[0]
                for x in es[1:]:
                    if not self._unify(first, x):
                        self.error(span, "iterating over a tuple of mixed types")
                return first
            case T.TypeVar():
                return T.TypeVar()
            case T.ClassRefT(name):
                cls = self.program.find_class(name)
                if cls is not None and cls.kind == "enum":
                    return T.EnumT(name)
            case T.ClassT(name):
                cls = self.program.find_class(name)
                if cls is not None and "__iter__" in cls.methods:
                    return self.elem_type(cls.methods["__iter__"].ret, span)
        self.error(span, f"cannot iterate over {T.deep_resolve(t).show()}")
        return T.UNKNOWN

    def _bigint_binop(self, op: str, a: T.Type, b: T.Type, span: Span) -> T.Type | None:
        ints = (T.IntT, T.BoolT, T.BigIntT)
        if isinstance(a, ints) and isinstance(b, ints):
            if op == "/":
                return T.FLOAT
            if op in ("+", "-", "*", "//", "%", "**"):
                return T.BIGINT
        elif isinstance(a, ints | T.FloatT) and isinstance(b, ints | T.FloatT) and op in ("+", "-", "*", "/"):
            return T.FLOAT
        self.error(span, f"unsupported operator `{op}` for {a.show()} and {b.show()}",
                   "arbitrary-precision ints support + - * // % ** and / here")
        return None

    def binop_type(self, op: str, lt: T.Type, rt: T.Type, span: Span) -> T.Type | None:
        a, b = _deopt(R(lt)), _deopt(R(rt))
        if isinstance(a, T.ArrayT) or isinstance(b, T.ArrayT) or op == "@":
            return numpy_types.binop(op, a, b)
        if isinstance(a, T.TypeVar) or isinstance(b, T.TypeVar):
            if isinstance(a, T.TypeVar) and isinstance(b, T.IntT | T.FloatT | T.StrT) and op != "%":
                if op in ("*",) and isinstance(b, T.IntT):
                    return None
                self._unify(a, b)
                return self.binop_type(op, a, b, span)
            if isinstance(b, T.TypeVar) and isinstance(a, T.IntT | T.FloatT) and op not in ("*", "%"):
                self._unify(b, a)
                return self.binop_type(op, a, b, span)
            return None
        if isinstance(a, T.BigIntT) or isinstance(b, T.BigIntT):
            return self._bigint_binop(op, a, b, span)
        num = (T.IntT, T.FloatT, T.BoolT)
        if isinstance(a, T.ComplexT) and isinstance(b, (*num, T.ComplexT)) \
                or isinstance(b, T.ComplexT) and isinstance(a, num):
            if op in ("+", "-", "*", "/") or op == "**" and isinstance(b, T.IntT):
                return T.COMPLEX
            self.error(span, f"unsupported operand types for {op}: {a.show()} and {b.show()}")
            return None
        if isinstance(a, num) and isinstance(b, num):
            if op == "/":
                return T.FLOAT
            if op in ("&", "|", "^") and isinstance(a, T.BoolT) and isinstance(b, T.BoolT):
                return T.BOOL
            if isinstance(a, T.FloatT) or isinstance(b, T.FloatT):
                if op in ("<<", ">>", "&", "|", "^"):
                    self.error(span, f"unsupported operand types for {op}: float")
                return T.FLOAT
            return T.INT
        if op == "+" and isinstance(a, T.StrT) and isinstance(b, T.StrT):
            return T.STR
        if op == "*" and (isinstance(a, T.StrT) and isinstance(b, T.IntT | T.BoolT)
                          or isinstance(b, T.StrT) and isinstance(a, T.IntT)):
            return T.STR
        if op == "%" and isinstance(a, T.StrT):
            return T.STR
        if op == "+" and isinstance(a, T.ListT) and isinstance(b, T.ListT):
            self.unify(a, b, span)
            return a
        if op == "+" and isinstance(a, T.TupleT) and isinstance(b, T.TupleT):
            return T.TupleT(a.elems + b.elems)
        if op == "*" and isinstance(a, T.ListT) and isinstance(b, T.IntT):
            return a
        if op == "*" and isinstance(b, T.ListT) and isinstance(a, T.IntT):
            return b
        if op in ("|", "&", "-", "^") and isinstance(a, T.SetT) and isinstance(b, T.SetT):
            self.unify(a, b, span)
            return a
        if isinstance(a, T.ClassT):
            cls = self.program.find_class(a.name)
            dunder = _BIN_DUNDERS.get(op)
            if cls is not None and dunder is not None and dunder in cls.methods:
                m = cls.methods[dunder]
                if len(m.param_types) == 2:
                    self.coerce(m.param_types[1], b, span)
                return m.ret
        if isinstance(a, T.EnumT) and isinstance(b, T.EnumT) and op in ("|", "&"):
            return T.INT
        self.error(span, f"unsupported operand types for {op}: {a.show()} and {b.show()}")
        return None

    def subscript(self, value: N.Expr, index: N.Expr, scope: Scope, span: Span) -> T.Type | None:
        vt = _deopt(R(self.expr(value, scope)))
        if isinstance(vt, T.ArrayT):
            return numpy_types.subscript(self, vt, index, scope)
        if isinstance(index, N.Slice):
            self.expr(index, scope)
            if isinstance(vt, T.ListT | T.StrT | T.BytesT):
                return vt
            if isinstance(vt, T.TupleT):
                self.error(span, "slicing a tuple is not supported")
                return None
            self.error(span, f"cannot slice {vt.show()}")
            return None
        it = self.expr(index, scope)
        match vt:
            case T.AnyT():
                if not isinstance(R(it), T.IntT | T.StrT | T.TypeVar):
                    self.error(index.span, "a JSON value is indexed by an int or a str")
                return T.ANY
            case T.ListT(e) | T.DequeT(e):
                self.coerce(T.INT, it, index.span)
                return e
            case T.StrT():
                self.coerce(T.INT, it, index.span)
                return T.STR
            case T.BytesT():
                return T.INT
            case T.DictT(k, v):
                self.coerce(k, it, index.span)
                return v
            case T.TupleT(es):
                if isinstance(index, N.Const) and isinstance(index.value, int):
                    i = index.value
                    if -len(es) <= i < len(es):
                        return es[i]
                    self.error(span, "tuple index out of range")
                    return None
                if es and all(self._unify(es[0], x) for x in es[1:]):
                    return es[0]
                self.error(span, "tuple index must be a constant for a tuple of mixed types")
                return None
            case T.ClassT(name):
                cls = self.program.find_class(name)
                if cls is not None and "__getitem__" in cls.methods:
                    m = cls.methods["__getitem__"]
                    if len(m.param_types) == 2:
                        self.coerce(m.param_types[1], it, index.span)
                    return m.ret
            case T.TypeVar():
                return None
        self.error(span, f"cannot index {T.deep_resolve(vt).show()}")
        return None

    def attribute(self, e: N.Expr, value: N.Expr, attr: str, scope: Scope) -> T.Type | None:
        obj = class_name_subject(value) if attr == "__name__" else None
        if obj is not None:  # type(x).__name__ / x.__class__.__name__
            ot = R(self.expr(obj, scope))
            if not isinstance(ot, T.ClassT | T.IntT | T.FloatT | T.StrT | T.BoolT | T.ListT | T.DictT | T.SetT
                              | T.TupleT | T.NoneT | T.ExcT | T.EnumT):
                self.error(e.span, f"the class name of a {T.deep_resolve(ot).show()} value is not known here")
            return T.STR
        vt = _deopt(R(self.expr(value, scope)))
        if isinstance(vt, T.ArrayT):
            return numpy_types.attribute(vt, attr)
        if isinstance(vt, T.ComplexT) and attr in ("real", "imag"):
            return T.FLOAT
        match vt:
            case T.ModuleT(mod):
                full = f"{mod}.{attr}"
                if mod == "numpy" and numpy_types.module_attr(full) is not None:
                    return numpy_types.module_attr(full)
                if mod == "math" and attr in MATH_CONST:
                    return T.FLOAT
                if mod == "csv" and attr in io_types.CSV_CONSTS:
                    return T.INT
                if full == "sys.argv":
                    return T.ListT(T.STR)
                if full in ("sys.stdin", "sys.stdout", "sys.stderr", "os.path", "sys.maxsize"):
                    return T.INT if full == "sys.maxsize" else T.ModuleT(full)
                other = self.program.modules.get(mod)
                if other is not None:
                    if attr in other.functions:
                        f = other.functions[attr]
                        return T.FuncT(tuple(f.param_types), f.ret)
                    if attr in other.classes:
                        return T.ClassRefT(attr)
                    if attr in other.globals:
                        return other.globals[attr]
                return T.ModuleT(full)
            case T.ClassT(name):
                cls = self.program.find_class(name)
                while cls is not None:
                    if attr in cls.fields:
                        return cls.fields[attr]
                    if attr in cls.methods and cls.methods[attr].is_property:
                        return cls.methods[attr].ret
                    if attr in cls.class_vars:
                        return cls.class_vars[attr]
                    if attr in cls.methods:
                        return T.ModuleT(f"method.{name}.{attr}")
                    cls = self.program.find_class(cls.base) if cls.base else None
                if name in self._classes_with_init_fields():
                    pass
                self.error(e.span, f"`{name}` has no attribute `{attr}`")
                return None
            case T.ClassRefT(name):
                cls = self.program.find_class(name)
                if cls is not None:
                    if cls.kind == "enum" and attr in cls.enum_values:
                        return T.EnumT(name)
                    if attr in cls.class_vars:
                        return cls.class_vars[attr]
                    if attr in cls.methods:
                        return T.ModuleT(f"static.{name}.{attr}")
                    for base in self.program.ancestors(name)[1:]:  # a class attribute a base defines
                        if attr in base.class_vars:
                            return base.class_vars[attr]
                self.error(e.span, f"class `{name}` has no attribute `{attr}`")
                return None
            case T.EnumT(name):
                if attr == "value":
                    cls = self.program.find_class(name)
                    if cls is not None:
                        for v in cls.enum_values.values():
                            return self.expr(v, scope)
                if attr == "name":
                    return T.STR
            case T.ExcT():
                if attr == "args":
                    return T.TupleT((T.STR,))
            case T.FileT():
                if attr == "name":
                    return T.STR
                return T.ModuleT(f"file.{attr}")
            case T.TypeVar():
                return None
        if isinstance(vt, T.StrT | T.ListT | T.DictT | T.SetT | T.FileT | T.ExcT | T.IntT | T.FloatT
                      | T.BytesT | T.DequeT | T.OpaqueT):
            return T.ModuleT(f"method.{type(vt).__name__}.{attr}")
        self.error(e.span, f"{T.deep_resolve(vt).show()} has no attribute `{attr}`")
        return None

    def _classes_with_init_fields(self) -> set[str]:
        return set()

    # ------------------------------------------------------------ calls

    def call(self, e: N.Call, scope: Scope) -> T.Type | None:
        func = e.func
        if isinstance(func, N.Attribute):
            recv_t = _deopt(R(self.expr(func.value, scope)))
            return self.method_call(e, func, recv_t, scope)
        if isinstance(func, N.Name):
            ft = self.lookup(func.id, scope, func.span)
            if ft is None:
                for a in e.args:
                    self.expr(a, scope)
                return None
            self.unify(func.ty, ft, func.span)
            rft = R(ft)
            if isinstance(rft, T.ModuleT) and rft.name.startswith("builtins."):
                return self.builtin_call(e, rft.name[len("builtins."):], scope)
            if isinstance(rft, T.ModuleT):
                return self.module_call(e, rft.name, scope)
            if isinstance(rft, T.ClassRefT):
                return self.construct(e, rft.name, scope)
            if isinstance(rft, T.FuncT):
                info = self.resolve_function(func.id, scope)
                return self.apply(e, rft, info, scope)
            if isinstance(rft, T.TypeVar):
                for a in e.args:
                    self.expr(a, scope)
                return None
        self.error(e.span, "unsupported call target")
        return None

    def _enclosing_class(self, scope: Scope) -> ClassInfo | None:
        s: Scope | None = scope
        while s is not None:
            if s.cls is not None:
                return s.cls
            s = s.outer
        return None

    def resolve_function(self, name: str, scope: Scope) -> FuncInfo | None:
        s: Scope | None = scope
        while s is not None:
            if name in s.fn.nested:
                return s.fn.nested[name]
            if name in s.fn.locals:
                return None
            s = s.outer
        if name in scope.module.functions:
            return scope.module.functions[name]
        if name in scope.module.imported_names:
            src, orig = scope.module.imported_names[name]
            other = self.program.modules.get(src)
            if other is not None and orig in other.functions:
                return other.functions[orig]
        return None

    def apply(self, e: N.Call, ft: T.FuncT, info: FuncInfo | None, scope: Scope,
              skip_self: bool = False) -> T.Type:
        params = list(ft.params)
        pnodes = list(info.node.params) if info is not None else []
        if skip_self:
            params = params[1:]
            pnodes = pnodes[1:]
        has_vararg = any(p.kind == "vararg" for p in pnodes)
        pos = 0
        for a in e.args:
            if isinstance(a, N.Starred):
                at = self.expr(a.value, scope)
                self.unify(a.ty, at, a.span)
                if has_vararg:
                    vi = next(i for i, p in enumerate(pnodes) if p.kind == "vararg")
                    self.coerce(T.ListT(params[vi]), at, a.span)
                else:
                    self.error(a.span, "`*args` in a call is only supported for a `*args` parameter")
                continue
            at = self.expr(a, scope)
            if pos < len(params) and (not pnodes or pnodes[pos].kind == "positional"):
                self.coerce(params[pos], at, a.span)
                pos += 1
            elif has_vararg:
                vi = next(i for i, p in enumerate(pnodes) if p.kind == "vararg")
                self.coerce(params[vi], at, a.span)
            else:
                self.error(a.span, "too many arguments")
        for kw in e.keywords:
            kt = self.expr(kw.value, scope)
            idx = next((i for i, p in enumerate(pnodes) if p.name == kw.name and p.kind != "kwarg"), None)
            if idx is None and kw.name is not None:  # an extra keyword goes to the **kwargs parameter
                idx = next((i for i, p in enumerate(pnodes) if p.kind == "kwarg"), None)
            if idx is None:
                self.error(kw.span, f"unknown keyword argument `{kw.name}`" if kw.name is not None
                           else "`**` unpacking in a call is not supported")
            else:
                self.coerce(params[idx], kt, kw.span)
        return ft.ret

    def construct(self, e: N.Call, name: str, scope: Scope) -> T.Type | None:
        if name in BUILTIN_EXCEPTIONS:
            for a in e.args:
                self.expr(a, scope)
            return T.EXC
        cls = self.program.find_class(name)
        if cls is None:
            return None
        if cls.kind == "exception" or self._is_exception(cls):
            for a in e.args:
                self.expr(a, scope)
            return T.EXC
        found_init = self.program.find_method(name, "__init__")
        init = found_init[1] if found_init is not None else None
        if init is not None:
            self.apply(e, T.FuncT(tuple(init.param_types), T.NONE), init, scope, skip_self=True)
        else:
            params = cls.ctor_params()
            for i, a in enumerate(e.args):
                at = self.expr(a, scope)
                if i < len(params):
                    self.coerce(params[i][1], at, a.span)
                else:
                    self.error(a.span, "too many arguments")
            for kw in e.keywords:
                kt = self.expr(kw.value, scope)
                match = [p for p in params if p[0] == kw.name]
                if not match:
                    self.error(kw.span, f"unknown keyword argument `{kw.name}`")
                else:
                    self.coerce(match[0][1], kt, kw.span)
        return T.ClassT(name)

    def _is_exception(self, cls: ClassInfo) -> bool:
        seen = 0
        cur: ClassInfo | None = cls
        while cur is not None and seen < 20:
            if cur.base in BUILTIN_EXCEPTIONS:
                cur.kind = "exception"
                return True
            cur = self.program.find_class(cur.base) if cur.base else None
            seen += 1
        return False

    def method_call(self, e: N.Call, func: N.Attribute, recv: T.Type, scope: Scope) -> T.Type | None:
        attr = func.attr
        if recv == T.OpaqueT("csv.writer") and attr == "writerow" and io_types.csv_row_fields(self, e, scope):
            return T.INT
        args = [self.expr(a, scope) for a in e.args if not isinstance(a, N.Starred)]
        for kw in e.keywords:
            self.expr(kw.value, scope)
            if kw.name == "key" and isinstance(recv, T.ListT):
                kt = R(kw.value.ty)
                if isinstance(kt, T.FuncT) and len(kt.params) == 1:
                    self.unify(kt.params[0], recv.elem, kw.span)
        if not isinstance(recv, T.ModuleT | T.ClassT | T.ClassRefT | T.TypeVar | T.OpaqueT):
            self._unify(func.ty, T.ModuleT(f"method.{type(recv).__name__}.{attr}"))
        if isinstance(recv, T.ArrayT | T.NpGeneratorT):
            return numpy_types.method_call(self, e, attr, recv, args, scope)
        if isinstance(recv, T.OpaqueT) and recv.name.startswith("csv."):
            out = io_types.method_call(self, e, attr, recv, args)
            if out is None:
                self.error(func.span, f"unsupported method `{attr}` on {recv.name}")
            return out
        match recv:
            case T.ModuleT(mod):
                return self.module_call(e, f"{mod}.{attr}", scope, args)
            case T.ClassT(name) | T.ClassRefT(name):
                cls = self.program.find_class(name)
                while cls is not None and attr not in cls.methods:
                    cls = self.program.find_class(cls.base) if cls.base else None
                if cls is None:
                    self.error(func.span, f"`{name}` has no method `{attr}`")
                    return None
                m = cls.methods[attr]
                skip = not m.is_static
                ft = T.FuncT(tuple(m.param_types), m.ret)
                self.unify(func.ty, T.ModuleT(f"method.{cls.name}.{attr}"), func.span)
                return self.apply_typed(e, ft, m, args, scope, skip)
            case T.StrT():
                if attr in STR_TO_STR:
                    return T.STR
                if attr in STR_TO_INT:
                    return T.INT
                if attr in STR_TO_BOOL:
                    return T.BOOL
                if attr in ("split", "rsplit", "splitlines"):
                    return T.ListT(T.STR)
                if attr == "join":
                    if args:
                        self.coerce(T.STR, self.elem_type(args[0], e.span), e.span)
                    return T.STR
                if attr in ("partition", "rpartition"):
                    return T.TupleT((T.STR, T.STR, T.STR))
                if attr == "encode":
                    return T.BYTES
            case T.BytesT():
                if attr == "decode":
                    return T.STR
            case T.ListT(el):
                if attr in ("append", "insert", "remove"):
                    if args:
                        self.coerce(el, args[-1], e.span)
                    return T.NONE
                if attr == "extend":
                    if args:
                        self.coerce(el, self.elem_type(args[0], e.span), e.span)
                    return T.NONE
                if attr in ("sort", "reverse", "clear"):
                    return T.NONE
                if attr == "pop":
                    return el
                if attr in ("index", "count"):
                    return T.INT
                if attr == "copy":
                    return recv
            case T.DictT(k, v, factory) if factory == "counter" and attr in ("most_common", "update", "total",
                                                                            "elements"):
                if attr == "most_common":
                    return T.ListT(T.TupleT((k, T.INT)))
                if attr == "update":
                    if args:
                        self.coerce(k, self.elem_type(args[0], e.span), e.span)
                    return T.NONE
                if attr == "total":
                    return T.INT
                return T.ListT(k)
            case T.DequeT(el):
                if attr in ("append", "appendleft"):
                    if args:
                        self.coerce(el, args[0], e.span)
                    return T.NONE
                if attr in ("extend", "extendleft"):
                    if args:
                        self.coerce(el, self.elem_type(args[0], e.span), e.span)
                    return T.NONE
                if attr in ("pop", "popleft"):
                    return el
                if attr in ("clear", "rotate"):
                    return T.NONE
            case T.DictT(k, v):
                if attr == "get":
                    if args:
                        self.coerce(k, args[0], e.span)
                    if len(args) > 1:
                        self.coerce(v, args[1], e.span)
                        return v
                    return T.OptionalT(v)
                if attr == "keys":
                    return T.IterT(k)
                if attr == "values":
                    return T.IterT(v)
                if attr == "items":
                    return T.IterT(T.TupleT((k, v)))
                if attr in ("pop", "setdefault"):
                    if args:
                        self.coerce(k, args[0], e.span)
                    if len(args) > 1:
                        self.coerce(v, args[1], e.span)
                    return v
                if attr in ("update",):
                    if args:
                        self.unify(recv, args[0], e.span)
                    return T.NONE
                if attr == "clear":
                    return T.NONE
                if attr == "copy":
                    return recv
            case T.SetT(el):
                if attr in ("add", "remove", "discard"):
                    if args:
                        self.coerce(el, args[0], e.span)
                    return T.NONE
                if attr in ("update", "clear"):
                    return T.NONE
                if attr in ("union", "intersection", "difference", "symmetric_difference", "copy"):
                    return recv
                if attr in ("issubset", "issuperset", "isdisjoint"):
                    return T.BOOL
                if attr == "pop":
                    return el
            case T.FileT():
                if attr in ("read", "readline"):
                    return T.STR
                if attr == "readlines":
                    return T.ListT(T.STR)
                if attr == "write":
                    return T.INT
                if attr in ("close", "flush"):
                    return T.NONE
                if attr in ("__enter__",):
                    return T.FILE
            case T.OpaqueT("re.Match"):
                if attr in ("group",):
                    return T.STR
                if attr == "groups":
                    return T.ListT(T.STR)
                if attr in ("start", "end"):
                    return T.INT
                if attr == "span":
                    return T.TupleT((T.INT, T.INT))
            case T.OpaqueT("re.Pattern"):
                if attr in ("search", "match", "fullmatch"):
                    return T.OptionalT(T.OpaqueT("re.Match"))
                if attr in ("findall", "split"):
                    return T.ListT(T.STR)
                if attr == "sub":
                    return T.STR
            case T.FloatT():
                if attr == "is_integer":
                    return T.BOOL
            case T.ComplexT():
                if attr == "conjugate":
                    return T.COMPLEX
            case T.IntT() | T.BigIntT():
                if attr == "bit_length":
                    return T.INT
            case T.TypeVar():
                return None
        self.error(func.span, f"unsupported method `{attr}` on {T.deep_resolve(recv).show()}")
        return None

    def apply_typed(self, e: N.Call, ft: T.FuncT, info: FuncInfo, args: list[T.Type], scope: Scope,
                    skip_self: bool) -> T.Type:
        params = list(ft.params)[1:] if skip_self else list(ft.params)
        pnodes = list(info.node.params)[1:] if skip_self else list(info.node.params)
        for i, at in enumerate(args):
            if i < len(params) and pnodes[i].kind == "positional":
                self.coerce(params[i], at, e.span)
            elif any(p.kind == "vararg" for p in pnodes):
                vi = next(j for j, p in enumerate(pnodes) if p.kind == "vararg")
                self.coerce(params[vi], at, e.span)
            else:
                self.error(e.span, "too many arguments")
        for kw in e.keywords:
            idx = next((i for i, p in enumerate(pnodes) if p.name == kw.name and p.kind != "kwarg"), None)
            if idx is None and kw.name is not None:
                idx = next((i for i, p in enumerate(pnodes) if p.kind == "kwarg"), None)
            if idx is None:
                self.error(kw.span, f"unknown keyword argument `{kw.name}`")
            else:
                self.coerce(params[idx], kw.value.ty, kw.span)
        return ft.ret

    def module_call(self, e: N.Call, full: str, scope: Scope, args: list[T.Type] | None = None) -> T.Type | None:
        if args is None:
            args = [self.expr(a, scope) for a in e.args]
            for kw in e.keywords:
                self.expr(kw.value, scope)
        mod, _, fn = full.rpartition(".")
        if full.startswith("numpy."):
            return numpy_types.module_call(self, e, full, args, scope)
        if full.startswith("flask."):
            return flask_types.module_call(self, e, full, args, scope)
        if mod == "math":
            if fn in MATH_FLOAT:
                return T.FLOAT
            if fn in MATH_INT:
                return T.INT
            if fn == "factorial":
                return T.BIGINT
            if fn in MATH_BOOL:
                return T.BOOL
        if full in ("sys.exit", "sys.setrecursionlimit"):
            return T.NONE
        if full == "sys.getrecursionlimit":
            return T.INT
        if full in ("sys.stdin.read", "sys.stdin.readline"):
            return T.STR
        if full == "sys.stdin.readlines":
            return T.ListT(T.STR)
        if full in ("sys.stdout.write", "sys.stderr.write"):
            return T.INT
        if full in ("sys.stdout.flush", "sys.stderr.flush"):
            return T.NONE
        if mod in ("json", "csv") or full in io_types.OS_FUNCS:
            out = io_types.module_call(self, e, full, args)
            if out is not None:
                return out
        if full.startswith("static."):
            _, cname, mname = full.split(".")
            cls = self.program.find_class(cname)
            if cls is not None and mname in cls.methods:
                m = cls.methods[mname]
                return self.apply_typed(e, T.FuncT(tuple(m.param_types), m.ret), m, args, scope,
                                        m.is_classmethod)
        other = self.program.modules.get(mod)
        if other is not None and fn in other.functions:
            f = other.functions[fn]
            return self.apply_typed(e, T.FuncT(tuple(f.param_types), f.ret), f, args, scope, False)
        if other is not None and fn in other.classes:
            return self.construct(e, fn, scope)
        if mod == "dataclasses" and fn == "field":
            return None
        if full == "tempfile.NamedTemporaryFile":
            return T.FILE
        if mod == "collections":
            return self.collections_call(e, fn, args)
        if mod == "itertools":
            return self.itertools_call(e, fn, args)
        if mod in ("random", "heapq", "bisect", "re", "functools", "time"):
            return self.stdlib_call(e, mod, fn, args)
        self.error(e.span, f"unsupported library function `{full}`",
                   "only part of the standard library is translated; see README")
        return None

    def itertools_call(self, e: N.Call, fn: str, args: list[T.Type]) -> T.Type | None:
        """itertools over finite iterables, as pyrt::itertools computes them (eagerly, into a list)."""
        kw = {k.name: k.value for k in e.keywords}
        if any(isinstance(a, N.Starred) for a in e.args) or any(k.name is None for k in e.keywords):
            self.error(e.span, f"`*`/`**` arguments of itertools.{fn} are not supported")
            return None
        n = len(args)
        if n == 0:
            self.error(e.span, f"itertools.{fn} needs an iterable")
            return None
        iterables = args if fn in ("product", "chain") else args[:1]
        elems = [self.elem_type(a, e.span) for a in iterables]

        def const_int(x: N.Expr | None) -> int | None:
            return x.value if isinstance(x, N.Const) and type(x.value) is int and x.value >= 0 else None

        match fn:
            case "product" if n >= 1:
                repeat = const_int(kw.get("repeat")) if "repeat" in kw else 1
                if repeat is None or set(kw) - {"repeat"} or (repeat != 1 and n != 1):
                    self.error(e.span, "itertools.product takes iterables, or one iterable and a constant repeat=")
                    return None
                return T.IterT(T.TupleT(tuple(elems) * repeat))
            case "permutations" | "combinations" | "combinations_with_replacement" if n in (1, 2) and not kw:
                r = const_int(e.args[1]) if n == 2 else None
                if r is None:
                    self.error(e.span, f"itertools.{fn} needs a constant length r (the tuples' size)")
                    return None
                return T.IterT(T.TupleT((elems[0],) * r))
            case "accumulate" if n == 1 and not kw:
                return T.IterT(elems[0])
            case "chain" if n >= 1 and not kw:
                for other in elems[1:]:
                    self.unify(elems[0], other, e.span)
                return T.IterT(elems[0])
            case "islice" if 2 <= n <= 4 and not kw:
                for a, x in zip(args[1:], e.args[1:], strict=True):
                    if not (isinstance(x, N.Const) and x.value is None):
                        self.coerce(T.INT, a, x.span)
                return T.IterT(elems[0])
            case "pairwise" if n == 1 and not kw:
                return T.IterT(T.TupleT((elems[0], elems[0])))
            case "groupby" if n == 1 and set(kw) <= {"key"}:
                key_t = elems[0]
                if "key" in kw:
                    kt = R(kw["key"].ty)
                    if not isinstance(kt, T.FuncT) or len(kt.params) != 1:
                        self.error(e.span, "groupby's key must be a one-argument function")
                        return None
                    self.unify(kt.params[0], elems[0], e.span)
                    key_t = kt.ret
                return T.IterT(T.TupleT((key_t, T.ListT(elems[0]))))
        self.error(e.span, f"unsupported library function `itertools.{fn}`",
                   "finite product, permutations, combinations, accumulate, chain, islice, pairwise and groupby "
                   "are translated")
        return None

    def stdlib_call(self, e: N.Call, mod: str, fn: str, args: list[T.Type]) -> T.Type | None:
        """random, heapq, bisect, re, functools.reduce and time, as the runtime crate implements them."""
        elem = self.elem_type(args[0], e.span) if args and fn not in (
            "randint", "randrange", "uniform", "gauss", "seed", "search", "match", "fullmatch", "findall", "sub",
            "split", "compile", "nsmallest", "nlargest", "reduce", "cmp_to_key") else None
        match mod, fn:
            case "random", "seed" | "shuffle":
                return T.NONE
            case "random", "random" | "uniform" | "gauss" | "triangular" | "expovariate":
                return T.FLOAT
            case "random", "randint" | "randrange" | "getrandbits":
                return T.INT
            case "random", "choice":
                return elem
            case "random", "sample" | "choices":
                return T.ListT(elem) if elem is not None else None
            case "heapq", "heappush":
                if len(args) == 2 and elem is not None:
                    self.coerce(elem, args[1], e.span)
                return T.NONE
            case "heapq", "heapify":
                return T.NONE
            case "heapq", "heappop" | "heapreplace" | "heappushpop":
                return elem
            case "heapq", "nsmallest" | "nlargest":
                return T.ListT(self.elem_type(args[1], e.span)) if len(args) == 2 else None
            case "bisect", "bisect_left" | "bisect_right" | "bisect":
                return T.INT
            case "bisect", "insort" | "insort_left" | "insort_right":
                if len(args) == 2 and elem is not None:
                    self.coerce(elem, args[1], e.span)
                return T.NONE
            case "re", "search" | "match" | "fullmatch":
                return T.OptionalT(T.OpaqueT("re.Match"))
            case "re", "findall" | "split":
                return T.ListT(T.STR)
            case "re", "sub":
                return T.STR
            case "re", "compile":
                return T.OpaqueT("re.Pattern")
            case "functools", "cmp_to_key":
                f = R(args[0]) if len(args) == 1 else None
                if not isinstance(f, T.FuncT) or len(f.params) != 2:
                    self.error(e.span, "cmp_to_key takes a two-argument comparison function")
                    return None
                self.unify(f.params[0], f.params[1], e.span)
                return T.FuncT((f.params[0],), T.INT)
            case "functools", "reduce":
                f = R(args[0]) if args else None
                if isinstance(f, T.FuncT) and len(f.params) == 2 and len(args) >= 2:
                    el = self.elem_type(args[1], e.span)
                    self.unify(f.params[1], el, e.span)
                    if len(args) > 2:
                        self.coerce(f.params[0], args[2], e.span)
                    else:
                        self.unify(f.params[0], el, e.span)
                    return f.ret
                return None
            case "time", "time" | "perf_counter" | "monotonic":
                return T.FLOAT
        self.error(e.span, f"unsupported library function `{mod}.{fn}`")
        return None

    def collections_call(self, e: N.Call, fn: str, args: list[T.Type]) -> T.Type | None:
        if fn == "deque":
            return T.DequeT(self.elem_type(args[0], e.span) if args else T.TypeVar())
        if fn == "Counter":
            return T.DictT(self.elem_type(args[0], e.span) if args else T.TypeVar(), T.INT, "counter")
        if fn == "OrderedDict":
            return T.DictT(T.TypeVar(), T.TypeVar())
        if fn == "defaultdict":
            if not e.args:
                self.error(e.span, "defaultdict() needs a default factory")
                return None
            f = e.args[0]
            if isinstance(f, N.Name) and f.id in _FACTORY_TYPES:
                return T.DictT(T.TypeVar(), getattr(T, _FACTORY_TYPES[f.id]), f.id)
            if isinstance(f, N.Name) and f.id in ("list", "set", "dict"):
                inner = {"list": T.ListT(T.TypeVar()), "set": T.SetT(T.TypeVar()),
                         "dict": T.DictT(T.TypeVar(), T.TypeVar())}[f.id]
                return T.DictT(T.TypeVar(), inner, f.id)
            self.error(e.span, "defaultdict factory must be int, float, str, bool, list, set or dict")
            return None
        self.error(e.span, f"unsupported library function `collections.{fn}`")
        return None

    def builtin_call(self, e: N.Call, name: str, scope: Scope) -> T.Type | None:
        args = [self.expr(a, scope) if not isinstance(a, N.Starred) else self.expr(a.value, scope)
                for a in e.args]
        if name in ("sorted", "min", "max", "sum") and len(args) == 1 and (
                isinstance(R(args[0]), T.AnyT) or isinstance(R(args[0]), T.ListT | T.SetT | T.IterT | T.GenT)
                and isinstance(R(self.elem_type(args[0], e.span)), T.AnyT)):
            self.error(e.span, f"{name}() over Any values is not supported",
                       "give the values a type first, e.g. `xs: list[int] = doc[\"xs\"]`")
        kw = {k.name: self.expr(k.value, scope) for k in e.keywords if k.name is not None}
        if "key" in kw and args:
            kt = R(kw["key"])
            if isinstance(kt, T.FuncT) and len(kt.params) == 1:
                self.unify(kt.params[0], self.elem_type(args[0], e.span), e.span)
        ra = [R(a) for a in args]
        n = len(args)
        match name:
            case "print":
                return T.NONE
            case "len":
                return T.INT
            case "range":
                for a in args:
                    self.coerce(T.INT, a, e.span)
                return T.IterT(T.INT)
            case "int":
                return T.BIGINT if n == 1 and isinstance(ra[0], T.BigIntT) else T.INT
            case "float":
                return T.FLOAT
            case "complex":
                for a in ra[:2]:
                    if not isinstance(a, T.IntT | T.FloatT | T.BoolT):
                        self.error(e.span, f"complex() takes int or float parts, not {a.show()}")
                return T.COMPLEX
            case "str" | "repr" | "chr" | "hex" | "bin" | "oct" | "input":
                return T.STR
            case "bool" | "isinstance" | "any" | "all":
                return T.BOOL
            case "ord" | "hash":
                return T.INT
            case "abs":
                return (T.FLOAT if isinstance(ra[0], T.ComplexT) else args[0]) if n else None
            case "round":
                return T.INT if n == 1 else T.FLOAT
            case "divmod":
                if n == 2 and isinstance(ra[0], T.FloatT) or n == 2 and isinstance(ra[1], T.FloatT):
                    return T.TupleT((T.FLOAT, T.FLOAT))
                if n == 2 and (isinstance(ra[0], T.BigIntT) or isinstance(ra[1], T.BigIntT)):
                    return T.TupleT((T.BIGINT, T.BIGINT))
                return T.TupleT((T.INT, T.INT))
            case "pow":
                if n == 3 and all(isinstance(a, T.IntT | T.BoolT | T.BigIntT) for a in ra):
                    return T.BIGINT if any(isinstance(a, T.BigIntT) for a in ra) else T.INT
                return self.binop_type("**", args[0], args[1], e.span) if n >= 2 else None
            case "open":
                return T.FILE
            case "min" | "max":
                if n == 1:
                    return self.elem_type(args[0], e.span)
                if n == 0:
                    return None
                res = args[0]
                for a in args[1:]:
                    res = self.join(res, a, e.span)
                return res
            case "sum":
                if n == 0:
                    return None
                et = self.elem_type(args[0], e.span)
                if n > 1:
                    return self.join(et, args[1], e.span)
                return et
            case "sorted":
                return T.ListT(self.elem_type(args[0], e.span)) if n else None
            case "reversed" | "iter":
                return T.IterT(self.elem_type(args[0], e.span)) if n else None
            case "next":
                return self.elem_type(args[0], e.span) if n else None
            case "enumerate":
                return T.IterT(T.TupleT((T.INT, self.elem_type(args[0], e.span)))) if n else None
            case "zip":
                return T.IterT(T.TupleT(tuple(self.elem_type(a, e.span) for a in args)))
            case "map":
                if n >= 2:
                    f = R(args[0])
                    elems = [self.elem_type(a, e.span) for a in args[1:]]
                    if isinstance(f, T.FuncT) and len(f.params) == len(elems):
                        for p, el in zip(f.params, elems, strict=True):
                            self.unify(p, el, e.span)
                        return T.IterT(f.ret)
                    if isinstance(f, T.ModuleT) and f.name.startswith("builtins."):
                        conv = {"int": T.INT, "float": T.FLOAT, "str": T.STR, "bool": T.BOOL, "abs": elems[0],
                                "len": T.INT}.get(f.name[9:])
                        if conv is not None:
                            return T.IterT(conv)
                return None
            case "filter":
                if n == 2:
                    f = R(args[0])
                    el = self.elem_type(args[1], e.span)
                    if isinstance(f, T.FuncT) and len(f.params) == 1:
                        self.unify(f.params[0], el, e.span)
                    return T.IterT(el)
                return None
            case "list":
                if n == 0:
                    return T.ListT(T.TypeVar())
                return T.ListT(self.elem_type(args[0], e.span))
            case "set" | "frozenset":
                if n == 0:
                    return T.SetT(T.TypeVar())
                return T.SetT(self.elem_type(args[0], e.span))
            case "tuple":
                if n == 1:
                    self.error(e.span, "tuple() of an iterable has no static length",
                               "use a list, or a tuple display")
                return T.TupleT(())
            case "dict":
                if n == 0 and not kw:
                    return T.DictT(T.TypeVar(), T.TypeVar())
                if n == 1:
                    et = R(self.elem_type(args[0], e.span))
                    if isinstance(et, T.TupleT) and len(et.elems) == 2:
                        return T.DictT(et.elems[0], et.elems[1])
                    if isinstance(ra[0], T.DictT):
                        return T.DictT(ra[0].key, ra[0].value)
                return None
            case "super":
                cls = scope.cls if scope.cls is not None else self._enclosing_class(scope)
                if cls is None or cls.base is None or self.program.find_class(cls.base) is None:
                    self.error(e.span, "`super()` outside a method of a derived class")
                    return None
                return T.ClassT(cls.base)
            case "type":
                self.error(e.span, "`type()` is not supported here")
                return None
        self.error(e.span, f"unsupported builtin `{name}`")
        return None


def _any_filled(t: T.Type) -> T.Type:
    """t with its unbound TypeVars read as they would be filled by `_fill_any` (without binding them)."""
    t = R(t)
    match t:
        case T.TypeVar():
            return T.ANY
        case T.ListT(e):
            return T.ListT(_any_filled(e))
        case T.OptionalT(e):
            return T.OptionalT(_any_filled(e))
        case T.DictT(k, v):
            return T.DictT(T.STR if isinstance(R(k), T.TypeVar) else k, _any_filled(v))
    return t


def _fill_any(t: T.Type) -> None:
    """Bind what is still unknown in a value that becomes `Any`: dict keys to str, the rest to Any."""
    t = R(t)
    match t:
        case T.ListT(e) | T.OptionalT(e):
            if isinstance(R(e), T.TypeVar):
                _bind_free(e, T.ANY)
            else:
                _fill_any(e)
        case T.DictT(k, v):
            if isinstance(R(k), T.TypeVar):
                _bind_free(k, T.STR)
            if isinstance(R(v), T.TypeVar):
                _bind_free(v, T.ANY)
            else:
                _fill_any(v)


def class_name_subject(value: N.Expr) -> N.Expr | None:
    """x of `type(x)` or `x.__class__` (the value part of `type(x).__name__`), else None."""
    if isinstance(value, N.Call) and isinstance(value.func, N.Name) and value.func.id == "type" \
            and len(value.args) == 1 and not value.keywords and not isinstance(value.args[0], N.Starred):
        return value.args[0]
    if isinstance(value, N.Attribute) and value.attr == "__class__":
        return value.value
    return None


def _type_param(t: T.Type) -> bool:
    """Whether t is (bound to) a still-unbound type variable that stands for a typing.TypeVar."""
    t = T.resolve(t)
    return isinstance(t, T.TypeVar) and bool(t.param)


def _deopt(t: T.Type) -> T.Type:
    """Optional[X] used as a value is an X (None raises at that use, as in Python)."""
    return R(t.inner) if isinstance(t, T.OptionalT) else t


def _bind_free(t: T.Type, to: T.Type) -> bool:
    """Bind the free variables of `t` to `to`; whether there were any."""
    t = R(t)
    if isinstance(t, T.TypeVar):
        t.bound = to
        BINDERS.note(t)
        return True
    match t:
        case T.ListT(e) | T.SetT(e) | T.IterT(e) | T.OptionalT(e) | T.DequeT(e):
            return _bind_free(e, to)
        case T.DictT(k, v):
            return _bind_free(k, to) | _bind_free(v, to)
        case T.TupleT(es):
            return any([_bind_free(x, to) for x in es])
    return False


_BIN_DUNDERS = {"+": "__add__", "-": "__sub__", "*": "__mul__", "/": "__truediv__", "//": "__floordiv__",
                "%": "__mod__", "@": "__matmul__"}


def _unify_overrides(program: Program, diag: DiagnosticSink) -> None:
    """A method overriding a base method takes and returns the same types, so calls can dispatch."""
    for mod in program.modules.values():
        for cls in mod.classes.values():
            if cls.base is None or cls.kind == "exception":
                continue
            BINDERS.current = mod.name
            for mname, m in cls.methods.items():
                if mname == "__init__":
                    continue
                found = program.find_method(cls.base, mname)
                if found is None:
                    continue
                _, base_m = found
                if len(base_m.param_types) != len(m.param_types):
                    diag.error(m.node.span, f"`{cls.name}.{mname}` overrides a method with a different number "
                                            "of parameters")
                    continue
                for a, b in zip(base_m.param_types[1:], m.param_types[1:], strict=True):
                    if isinstance(R(b), T.TypeVar) or isinstance(R(a), T.TypeVar):
                        TypeInference(program, diag)._unify(a, b)
                TypeInference(program, diag)._unify(base_m.ret, m.ret)


def infer_types(program: Program, diag: DiagnosticSink, jobs: int = 1) -> Program:
    """Bind every TypeVar in the program that the code determines (rounds that only confirm in up to `jobs`
    processes)."""
    BINDERS.by_id.clear()
    _collect_init_fields(program, diag)
    _unify_overrides(program, diag)
    TypeInference(program, diag, jobs).run()
    return program


def _collect_init_fields(program: Program, diag: DiagnosticSink) -> None:
    """Fields of plain classes come from `self.x = ...` in any method, __init__ first."""
    for mod in program.modules.values():
        if mod.name in program.stubs:
            continue
        for cls in mod.classes.values():
            order = ["__init__"] + [m for m in cls.methods if m != "__init__"]
            for mname in order:
                m = cls.methods.get(mname)
                if m is None or not m.node.params or m.is_classmethod or m.is_static:
                    continue  # a classmethod's first parameter is the class: `cls.x = v` sets a class attribute
                self_name = m.node.params[0].name
                for n in body_nodes_no_defs(m.node.body):
                    targets: tuple[N.Expr, ...] = ()
                    declared: T.Type | None = None
                    if isinstance(n, N.Assign):
                        targets = n.targets
                        declared = n.declared
                    for t in targets:
                        if isinstance(t, N.Attribute) and isinstance(t.value, N.Name) \
                                and t.value.id == self_name \
                                and not any(t.attr in a.fields for a in program.ancestors(cls.name)):
                            if cls.kind == "dataclass" or mname != "__init__":
                                if mname != "__init__":
                                    diag.error(t.span, f"field `{t.attr}` is first set outside __init__",
                                               "initialise every field in __init__")
                                continue
                            cls.fields[t.attr] = declared if declared is not None else T.TypeVar()


def _big_literal_power(e: N.BinOp) -> bool:
    """`2 ** 100`: a power of two int literals whose value leaves i64 (evaluated only when small enough)."""
    if e.op != "**" or not isinstance(e.left, N.Const) or not isinstance(e.right, N.Const):
        return False
    a, b = e.left.value, e.right.value
    if not isinstance(a, int) or not isinstance(b, int) or isinstance(a, bool) or isinstance(b, bool) or b < 0:
        return False
    if abs(a) <= 1 or b > 100_000:
        return abs(a) > 1
    return not -(2**63) <= a**b < 2**63
