"""Lower a libcst module to IR.

Every construct without a handler goes to `unsupported`, which records a diagnostic and keeps going, so one
run lists every problem in the file.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Sequence
from typing import cast

import libcst as cst
from libcst.metadata import CodeRange
from transpiler.frontends.python.annotations import annotation_to_type
from transpiler.frontends.python.positions import Positions

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.span import Span

_BINOPS: dict[type[cst.CSTNode], str] = {
    cst.Add: "+", cst.Subtract: "-", cst.Multiply: "*", cst.Divide: "/", cst.FloorDivide: "//",
    cst.Modulo: "%", cst.Power: "**", cst.MatrixMultiply: "@", cst.LeftShift: "<<", cst.RightShift: ">>",
    cst.BitAnd: "&", cst.BitOr: "|", cst.BitXor: "^",
}
_AUGOPS: dict[type[cst.CSTNode], str] = {
    cst.AddAssign: "+", cst.SubtractAssign: "-", cst.MultiplyAssign: "*", cst.DivideAssign: "/",
    cst.FloorDivideAssign: "//", cst.ModuloAssign: "%", cst.PowerAssign: "**", cst.LeftShiftAssign: "<<",
    cst.RightShiftAssign: ">>", cst.BitAndAssign: "&", cst.BitOrAssign: "|", cst.BitXorAssign: "^",
}
_CMPOPS: dict[type[cst.CSTNode], str] = {
    cst.Equal: "==", cst.NotEqual: "!=", cst.LessThan: "<", cst.LessThanEqual: "<=", cst.GreaterThan: ">",
    cst.GreaterThanEqual: ">=", cst.In: "in", cst.NotIn: "not in", cst.Is: "is", cst.IsNot: "is not",
}
_UNOPS: dict[type[cst.CSTNode], str] = {cst.Minus: "-", cst.Plus: "+", cst.BitInvert: "~", cst.Not: "not"}

_DYNAMIC = {"eval", "exec", "compile", "__import__", "globals", "locals", "vars", "setattr", "getattr",
            "delattr"}


_ALIAS_GENERICS = {"Annotated", "List", "Dict", "Set", "FrozenSet", "Tuple", "Optional", "Union", "list", "dict",
                   "set", "frozenset", "tuple", "Deque", "DefaultDict"}


def _namedtuple_decl(stmt: cst.BaseStatement) -> tuple[str, list[str]] | None:
    """(name, fields) of `Name = namedtuple("Name", ["a", "b"])` (or `"a b"` / `"a, b"`), else None."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1 or not isinstance(small.targets[0].target,
                                                                                        cst.Name):
        return None
    call = small.value
    if not isinstance(call, cst.Call) or (_dotted(call.func) or "").rsplit(".", 1)[-1] != "namedtuple" \
            or len(call.args) != 2 or any(a.keyword is not None or a.star for a in call.args):
        return None
    spec = call.args[1].value
    fields: list[str] = []
    if isinstance(spec, cst.SimpleString) and isinstance(spec.evaluated_value, str):
        fields = spec.evaluated_value.replace(",", " ").split()
    elif isinstance(spec, cst.List | cst.Tuple):
        for el in spec.elements:
            if not isinstance(el.value, cst.SimpleString) or not isinstance(el.value.evaluated_value, str):
                return None
            fields.append(el.value.evaluated_value)
    else:
        return None
    if not fields or not all(f.isidentifier() for f in fields):
        return None
    return small.targets[0].target.value, fields


def _typevar_decl(stmt: cst.BaseStatement) -> str | None:
    """The name a module-level `T = TypeVar("T", ...)` statement declares."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1 or not isinstance(small.targets[0].target,
                                                                                        cst.Name):
        return None
    if not isinstance(small.value, cst.Call) or (_dotted(small.value.func) or "").rsplit(".", 1)[-1] != "TypeVar":
        return None
    return small.targets[0].target.value


def _type_alias(stmt: cst.BaseStatement) -> tuple[str, cst.BaseExpression] | None:
    """(name, annotation) of a module-level `Name = Generic[...]` statement, the form type aliases take."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return None
    if not isinstance(small.targets[0].target, cst.Name):
        return None
    value = small.value
    if not isinstance(value, cst.Subscript):
        return None
    base = _dotted(value.value)
    if base is None or base.rsplit(".", 1)[-1] not in _ALIAS_GENERICS:
        return None
    return small.targets[0].target.value, value


class _AliasSubstitution(cst.CSTTransformer):
    """Replaces the names of type aliases in an annotation by what they alias."""

    def __init__(self, aliases: dict[str, cst.BaseExpression]) -> None:
        super().__init__()
        self.aliases = aliases
        self.depth = 0

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        target = self.aliases.get(original_node.value)
        if target is None or self.depth > 8:  # aliases of aliases, never a cycle
            return updated_node
        self.depth += 1
        try:
            return cast(cst.BaseExpression, target.visit(self))
        finally:
            self.depth -= 1


def _tv() -> T.TypeVar:
    return T.TypeVar()


class PythonLowering:
    """One file's libcst tree -> N.Module; problems go to `diag`."""

    def __init__(self, path: str, source: str, diag: DiagnosticSink) -> None:
        self.path = path
        self.source = source
        self.diag = diag
        self.positions: Positions | dict[cst.CSTNode, CodeRange] = {}
        self.classes: set[str] = set()
        self._lines: list[str] | None = None
        self.match_args: dict[str, list[str]] = {}
        self.enums: set[str] = set()
        # module-level type aliases (`Uid = Annotated[int, ...]`, `Row = list[int]`): name -> the aliased annotation
        self.type_aliases: dict[str, cst.BaseExpression] = {}
        # Coroutines run to completion where they are awaited: the names `import asyncio` binds, the
        # `async def` functions, and the call being awaited right now.
        self.asyncio_names: set[str] = set()
        self.async_functions: set[str] = set()
        self.awaited: cst.CSTNode | None = None
        # module-level `T = TypeVar("T")` names, and what they stand for in the class or function being lowered
        self.typevar_names: set[str] = set()
        self.tvars: dict[str, T.Type] = {}

    # ------------------------------------------------------------ helpers

    def span(self, node: cst.CSTNode) -> Span:
        pos = self.positions.get(node)
        if pos is None:
            return Span(self.path, 1, 0, 1, 0)
        return Span(self.path, pos.start.line, pos.start.column, pos.end.line, pos.end.column)

    def may_contain(self, node: cst.CSTNode, word: str) -> bool:
        """False when `word` is nowhere in the source lines of `node`: a cheap test before walking it."""
        pos = self.positions.get(node)
        if pos is None:
            return True
        if self._lines is None:
            self._lines = self.source.splitlines()
        return any(word in line for line in self._lines[pos.start.line - 1: pos.end.line])

    def unsupported(self, node: cst.CSTNode, what: str, hint: str | None = None) -> None:
        self.diag.error(self.span(node), f"unsupported Python construct: {what}", hint)

    def error(self, node: cst.CSTNode, message: str, hint: str | None = None) -> None:
        self.diag.error(self.span(node), message, hint)

    def annotation(self, ann: cst.Annotation | None) -> T.Type | None:
        if ann is None:
            return None
        node = ann.annotation
        if self.type_aliases:
            node = cast(cst.BaseExpression, node.visit(_AliasSubstitution(self.type_aliases)))
        ty = annotation_to_type(node, self.classes, frozenset(self.enums), self.tvars)
        if ty is None:
            self.error(ann.annotation, f"unsupported type annotation `{cst.Module([]).code_for_node(ann.annotation)}`")
        return ty

    # ------------------------------------------------------------ module

    def lower_module(self, module: cst.Module, name: str) -> N.Module:
        self.positions = Positions(module)
        for stmt in module.body:
            if isinstance(stmt, cst.ClassDef):
                self.classes.add(stmt.name.value)
                if any((_dotted(b.value) or "").rsplit(".", 1)[-1] in ("Enum", "IntEnum", "IntFlag", "Flag", "StrEnum")
                       for b in stmt.bases):
                    self.enums.add(stmt.name.value)
                if any(_dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator)
                       in ("dataclass", "dataclasses.dataclass") for d in stmt.decorators) \
                        and isinstance(stmt.body, cst.IndentedBlock):
                    # a dataclass's __match_args__ are its fields in order
                    self.match_args[stmt.name.value] = [
                        small.target.value
                        for line in stmt.body.body if isinstance(line, cst.SimpleStatementLine)
                        for small in line.body
                        if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name)]
            if isinstance(stmt, cst.FunctionDef) and stmt.asynchronous is not None:
                self.async_functions.add(stmt.name.value)
            tv = _typevar_decl(stmt)
            if tv is not None:
                self.typevar_names.add(tv)
            nt = _namedtuple_decl(stmt)
            if nt is not None:
                self.classes.add(nt[0])
                self.match_args[nt[0]] = nt[1]
            if isinstance(stmt, cst.ClassDef) and any(
                    (_dotted(b.value) or "").rsplit(".", 1)[-1] == "NamedTuple" for b in stmt.bases):
                self.match_args[stmt.name.value] = [
                    small.target.value
                    for line in (stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else ())
                    if isinstance(line, cst.SimpleStatementLine) for small in line.body
                    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name)]
            alias = _type_alias(stmt)
            if alias is not None:
                self.type_aliases[alias[0]] = alias[1]
        doc, body = self.split_docstring(module.body)
        stmts = self.lower_block(body, module.header)
        return N.Module(name, self.path, doc, tuple(stmts), Span(self.path, 1, 0, 1, 0))

    def split_docstring(
        self, body: Sequence[cst.BaseStatement | cst.BaseSmallStatement]
    ) -> tuple[str | None, list[cst.BaseStatement | cst.BaseSmallStatement]]:
        items = list(body)
        if items and isinstance(items[0], cst.SimpleStatementLine) and len(items[0].body) == 1:
            first = items[0].body[0]
            if isinstance(first, cst.Expr) and isinstance(first.value, cst.SimpleString | cst.ConcatenatedString):
                value = first.value.evaluated_value
                if isinstance(value, str):
                    return _clean_doc(value), items[1:]
        return None, items

    def comments(self, lines: Sequence[cst.EmptyLine], anchor: cst.CSTNode) -> list[N.Stmt]:
        out: list[N.Stmt] = []
        sp = self.span(anchor)
        for line in lines:
            if line.comment is not None:
                text = line.comment.value.lstrip("#").strip()
                if text.startswith("!") or text.startswith("noqa") or text.startswith("type:"):
                    continue
                out.append(N.Comment(text, sp))
        return out

    def lower_block(
        self,
        body: Sequence[cst.BaseStatement | cst.BaseSmallStatement],
        header: Sequence[cst.EmptyLine] = (),
    ) -> list[N.Stmt]:
        out: list[N.Stmt] = []
        for stmt in body:
            if isinstance(stmt, cst.SimpleStatementLine):
                out.extend(self.comments(stmt.leading_lines, stmt))
                for small in stmt.body:
                    out.extend(self.lower_small(small))
            elif isinstance(stmt, cst.BaseCompoundStatement):
                out.extend(self.comments(stmt.leading_lines, stmt))
                out.extend(self.lower_compound(stmt))
            elif isinstance(stmt, cst.BaseSmallStatement):
                out.extend(self.lower_small(stmt))
        return out

    def lower_suite(self, suite: cst.BaseSuite) -> list[N.Stmt]:
        if isinstance(suite, cst.IndentedBlock):
            out = self.lower_block(suite.body)
            footer = [ln for ln in suite.footer if ln.comment is not None]
            if footer:
                out.extend(self.comments(footer, suite))
            return out
        if isinstance(suite, cst.SimpleStatementSuite):
            res: list[N.Stmt] = []
            for small in suite.body:
                res.extend(self.lower_small(small))
            return res
        return []

    # ------------------------------------------------------------ statements

    def lower_small(self, node: cst.BaseSmallStatement) -> list[N.Stmt]:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            self.unsupported(node, f"`{type(node).__name__}` statement")
            return []
        return cast(list[N.Stmt], method(node))

    def lower_compound(self, node: cst.BaseCompoundStatement) -> list[N.Stmt]:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            self.unsupported(node, f"`{type(node).__name__}` statement")
            return []
        return cast(list[N.Stmt], method(node))

    def visit_Pass(self, node: cst.Pass) -> list[N.Stmt]:
        return [N.Pass(self.span(node))]

    def visit_Break(self, node: cst.Break) -> list[N.Stmt]:
        return [N.Break(self.span(node))]

    def visit_Continue(self, node: cst.Continue) -> list[N.Stmt]:
        return [N.Continue(self.span(node))]

    def visit_Expr(self, node: cst.Expr) -> list[N.Stmt]:
        if isinstance(node.value, cst.Ellipsis):
            return [N.Pass(self.span(node))]
        if isinstance(node.value, cst.SimpleString | cst.ConcatenatedString):
            # a bare string statement is a comment in all but name
            value = node.value.evaluated_value
            if isinstance(value, str):
                return [N.Comment(line, self.span(node)) for line in _clean_doc(value).splitlines()]
        return [N.ExprStmt(self.expr(node.value), self.span(node))]

    def visit_Assign(self, node: cst.Assign) -> list[N.Stmt]:
        nt = _namedtuple_decl(cst.SimpleStatementLine([node]))
        if nt is not None:  # `P = namedtuple("P", "x y")`: a frozen dataclass with those (inferred) fields
            name, fields = nt
            sp = self.span(node)
            return [N.ClassDef(name, (), tuple(N.FieldDef(f, _tv(), None, sp) for f in fields), (), (), None,
                               ("dataclass", "dataclass.frozen", "namedtuple"), sp)]
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) \
                and node.targets[0].target.value in self.typevar_names and isinstance(node.value, cst.Call) \
                and (_dotted(node.value.func) or "").rsplit(".", 1)[-1] == "TypeVar":
            return []  # `T = TypeVar("T")`: only annotations use it
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) \
                and self.type_aliases.get(node.targets[0].target.value) is node.value:
            return []  # a type alias: resolved in annotations, nothing at run time
        targets = tuple(self.target(t.target) for t in node.targets)
        return [N.Assign(targets, self.expr(node.value), None, self.span(node))]

    def visit_AnnAssign(self, node: cst.AnnAssign) -> list[N.Stmt]:
        declared = self.annotation(node.annotation)
        value = self.expr(node.value) if node.value is not None else None
        return [N.Assign((self.target(node.target),), value, declared, self.span(node))]

    def visit_AugAssign(self, node: cst.AugAssign) -> list[N.Stmt]:
        op = _AUGOPS.get(type(node.operator))
        if op is None:
            self.unsupported(node, "augmented assignment operator")
            return []
        return [N.AugAssign(self.target(node.target), op, self.expr(node.value), self.span(node))]

    def visit_Return(self, node: cst.Return) -> list[N.Stmt]:
        return [N.Return(self.expr(node.value) if node.value is not None else None, self.span(node))]

    def visit_Assert(self, node: cst.Assert) -> list[N.Stmt]:
        msg = self.expr(node.msg) if node.msg is not None else None
        return [N.Assert(self.expr(node.test), msg, self.span(node))]

    def visit_Raise(self, node: cst.Raise) -> list[N.Stmt]:
        exc = self.expr(node.exc) if node.exc is not None else None
        cause = self.expr(node.cause.item) if node.cause is not None else None
        return [N.Raise(exc, cause, self.span(node))]

    def visit_Del(self, node: cst.Del) -> list[N.Stmt]:
        targets: list[N.Expr] = []
        if isinstance(node.target, cst.Tuple):
            targets = [self.target(e.value) for e in node.target.elements]
        else:
            targets = [self.target(node.target)]
        return [N.Delete(tuple(targets), self.span(node))]

    def visit_Global(self, node: cst.Global) -> list[N.Stmt]:
        return [N.Global(tuple(n.name.value for n in node.names), False, self.span(node))]

    def visit_Nonlocal(self, node: cst.Nonlocal) -> list[N.Stmt]:
        return [N.Global(tuple(n.name.value for n in node.names), True, self.span(node))]

    def visit_Import(self, node: cst.Import) -> list[N.Stmt]:
        out: list[N.Stmt] = []
        for alias in node.names:
            mod = _dotted_name(alias.name)
            asname = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else None
            if mod == "asyncio":  # asyncio.run(coro) is the coroutine run in place; nothing to import
                self.asyncio_names.add(asname or mod)
                continue
            out.append(N.Import(mod, (), asname, self.span(node)))
        return out

    def visit_ImportFrom(self, node: cst.ImportFrom) -> list[N.Stmt]:
        if node.module is None or node.relative:
            rel = "." * len(node.relative)
            mod = rel + (_dotted_name(node.module) if node.module is not None else "")
        else:
            mod = _dotted_name(node.module)
        if isinstance(node.names, cst.ImportStar):
            self.unsupported(node, "`from ... import *`", "import the names you use explicitly")
            return []
        names: list[tuple[str, str]] = []
        for alias in node.names:
            nm = _dotted_name(alias.name)
            asname = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else nm
            names.append((nm, asname))
        return [N.Import(mod, tuple(names), None, self.span(node))]

    def visit_If(self, node: cst.If) -> list[N.Stmt]:
        orelse: list[N.Stmt] = []
        if isinstance(node.orelse, cst.If):
            orelse = self.visit_If(node.orelse)
        elif isinstance(node.orelse, cst.Else):
            orelse = self.lower_suite(node.orelse.body)
        return [N.If(self.expr(node.test), tuple(self.lower_suite(node.body)), tuple(orelse), self.span(node))]

    def visit_While(self, node: cst.While) -> list[N.Stmt]:
        orelse = self.lower_suite(node.orelse.body) if node.orelse is not None else []
        body = tuple(self.lower_suite(node.body))
        return [N.While(self.expr(node.test), body, tuple(orelse), self.span(node))]

    def visit_For(self, node: cst.For) -> list[N.Stmt]:
        if node.asynchronous is not None and not self.may_await(node):
            return []
        orelse = self.lower_suite(node.orelse.body) if node.orelse is not None else []
        return [
            N.For(
                self.target(node.target),
                self.awaiting(node.iter) if node.asynchronous is not None else self.expr(node.iter),
                tuple(self.lower_suite(node.body)),
                tuple(orelse),
                self.span(node),
            )
        ]

    def visit_Try(self, node: cst.Try) -> list[N.Stmt]:
        handlers: list[N.Handler] = []
        for h in node.handlers:
            types: list[str] = []
            if h.type is not None:
                elems = h.type.elements if isinstance(h.type, cst.Tuple) else None
                exprs = [e.value for e in elems] if elems is not None else [h.type]
                for e in exprs:
                    nm = _dotted(e)
                    if nm is None:
                        self.unsupported(e, "computed exception type in `except`")
                    else:
                        types.append(nm.rsplit(".", 1)[-1])
            name = None
            if h.name is not None and isinstance(h.name.name, cst.Name):
                name = h.name.name.value
            handlers.append(N.Handler(tuple(types), name, tuple(self.lower_suite(h.body)), self.span(h)))
        orelse = self.lower_suite(node.orelse.body) if node.orelse is not None else []
        final = self.lower_suite(node.finalbody.body) if node.finalbody is not None else []
        return [N.Try(tuple(self.lower_suite(node.body)), tuple(handlers), tuple(orelse), tuple(final),
                      self.span(node))]

    def visit_TryStar(self, node: cst.TryStar) -> list[N.Stmt]:
        self.unsupported(node, "`except*`")
        return []

    def visit_With(self, node: cst.With) -> list[N.Stmt]:
        if node.asynchronous is not None:
            self.unsupported(node, "`async with`")
            return []
        items: list[N.WithItem] = []
        for item in node.items:
            var = self.target(item.asname.name) if item.asname is not None else None
            items.append(N.WithItem(self.expr(item.item), var, self.span(item)))
        return [N.With(tuple(items), tuple(self.lower_suite(node.body)), self.span(node))]

    match_counter = 0

    def visit_Match(self, node: cst.Match) -> list[N.Stmt]:
        """`match` as a flag-guarded if-chain: a case whose guard fails falls through to the next."""
        sp = self.span(node)
        PythonLowering.match_counter += 1
        subj = f"match_subject_{PythonLowering.match_counter}"
        done = f"match_done_{PythonLowering.match_counter}"
        out: list[N.Stmt] = [
            N.Assign((N.Name(subj, _tv(), sp),), self.expr(node.subject), None, sp),
            N.Assign((N.Name(done, _tv(), sp),), N.Const(False, _tv(), sp), None, sp),
        ]
        for ci, case in enumerate(node.cases):
            csp = self.span(case)
            conds: list[N.Expr] = []
            binds: list[N.Stmt] = []
            if not self.pattern(case.pattern, N.Name(subj, _tv(), csp), conds, binds):
                continue
            case_body = self.lower_suite(case.body)
            leaves = bool(case_body) and isinstance(case_body[-1], N.Return | N.Raise | N.Break | N.Continue)
            body: list[N.Stmt] = []
            if not leaves and ci < len(node.cases) - 1:
                body.append(N.Assign((N.Name(done, _tv(), csp),), N.Const(True, _tv(), csp), None, csp))
            body.extend(case_body)
            inner: list[N.Stmt] = list(binds)
            if case.guard is not None:
                inner.append(N.If(self.expr(case.guard), tuple(body), (), csp))
            else:
                inner.extend(body)
            test: N.Expr = N.UnaryOp("not", N.Name(done, _tv(), csp), _tv(), csp)
            if conds:
                test = N.BoolOp("and", (test, *conds), _tv(), csp)
            out.append(N.If(test, tuple(inner), (), csp))
        return out

    def pattern(self, pat: cst.MatchPattern, subj: N.Expr, conds: list[N.Expr], binds: list[N.Stmt]) -> bool:
        """Conditions that test `subj` against `pat`, and the assignments of its captures."""
        sp = self.span(pat)
        if isinstance(pat, cst.MatchAs):
            if pat.pattern is not None and not self.pattern(pat.pattern, subj, conds, binds):
                return False
            if pat.name is not None:
                binds.append(N.Assign((N.Name(pat.name.value, _tv(), sp),), subj, None, sp))
            return True
        if isinstance(pat, cst.MatchValue):
            conds.append(N.Compare(subj, ("==",), (self.expr(pat.value),), _tv(), sp))
            return True
        if isinstance(pat, cst.MatchSingleton):
            conds.append(N.Compare(subj, ("is",), (self.expr(pat.value),), _tv(), sp))
            return True
        if isinstance(pat, cst.MatchOr):
            alts: list[N.Expr] = []
            for el in pat.patterns:
                sub_conds: list[N.Expr] = []
                sub_binds: list[N.Stmt] = []
                if not self.pattern(el.pattern, subj, sub_conds, sub_binds):
                    return False
                if sub_binds:
                    self.unsupported(el, "captures inside an or-pattern")
                    return False
                alts.append(sub_conds[0] if len(sub_conds) == 1 else
                            N.BoolOp("and", tuple(sub_conds), _tv(), sp) if sub_conds else N.Const(True, _tv(), sp))
            conds.append(N.BoolOp("or", tuple(alts), _tv(), sp))
            return True
        if isinstance(pat, cst.MatchList | cst.MatchTuple):
            elems = list(pat.patterns)
            star = [i for i, e in enumerate(elems) if isinstance(e, cst.MatchStar)]
            n = len(elems)
            length = N.Call(N.Name("len", _tv(), sp), (subj,), (), _tv(), sp)
            if star:
                conds.append(N.Compare(length, (">=",), (N.Const(n - 1, _tv(), sp),), _tv(), sp))
            else:
                conds.append(N.Compare(length, ("==",), (N.Const(n, _tv(), sp),), _tv(), sp))
            for i, sel in enumerate(elems):
                if isinstance(sel, cst.MatchStar):
                    if sel.name is not None:
                        after = n - i - 1
                        upper = N.Const(-after, _tv(), sp) if after else None
                        sl = N.Slice(N.Const(i, _tv(), sp), upper, None, _tv(), sp)
                        binds.append(N.Assign((N.Name(sel.name.value, _tv(), sp),),
                                              N.Subscript(subj, sl, _tv(), sp), None, sp))
                    continue
                idx = i if not star or i < star[0] else i - n
                item = N.Subscript(subj, N.Const(idx, _tv(), sp), _tv(), sp)
                if not self.pattern(sel.value, item, conds, binds):
                    return False
            return True
        if isinstance(pat, cst.MatchMapping):
            for mel in pat.elements:
                key = self.expr(mel.key)
                conds.append(N.Compare(key, ("in",), (subj,), _tv(), sp))
                if not self.pattern(mel.pattern, N.Subscript(subj, key, _tv(), sp), conds, binds):
                    return False
            if pat.rest is not None:
                self.unsupported(pat, "`**rest` in a mapping pattern")
                return False
            return True
        if isinstance(pat, cst.MatchClass):
            cls_name = _dotted(pat.cls)
            if cls_name is None:
                self.unsupported(pat, "class pattern with a computed class")
                return False
            short = cls_name.rsplit(".", 1)[-1]
            conds.append(N.Call(N.Name("isinstance", _tv(), sp), (subj, N.Name(short, _tv(), sp)), (), _tv(), sp))
            if pat.patterns:
                fields = self.match_args.get(short)
                if fields is None or len(fields) < len(pat.patterns):
                    self.unsupported(pat, f"positional sub-patterns for `{short}` (no known __match_args__)",
                                     "use keyword sub-patterns, e.g. Point(x=0)")
                    return False
                for fname, sub in zip(fields, pat.patterns, strict=False):
                    if not self.pattern(sub.value, N.Attribute(subj, fname, _tv(), sp), conds, binds):
                        return False
            for kw in pat.kwds:
                if not self.pattern(kw.pattern, N.Attribute(subj, kw.key.value, _tv(), sp), conds, binds):
                    return False
            return True
        self.unsupported(pat, f"`{type(pat).__name__}` in a match statement")
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> list[N.Stmt]:
        saved = self.tvars
        if not self.tvars:  # a function outside a generic class: its TypeVars are its own
            self.tvars = {name: T.TypeVar(param=name) for name in self.typevar_names}
        try:
            return [self.function(node)]
        finally:
            self.tvars = saved

    def function(self, node: cst.FunctionDef) -> N.FunctionDef:
        if node.asynchronous is not None:
            self.may_await(node)
        decorators: list[str] = []
        for d in node.decorators:
            nm = _dotted(d.decorator if not isinstance(d.decorator, cst.Call) else d.decorator.func)
            if nm is None:
                self.unsupported(d, "decorator expression")
            else:
                decorators.append(nm)
        params = self.parameters(node.params)
        ret = self.annotation(node.returns)
        doc: str | None = None
        body_nodes: list[cst.BaseStatement | cst.BaseSmallStatement] = []
        if isinstance(node.body, cst.IndentedBlock):
            doc, body_nodes = self.split_docstring(node.body.body)
            body = self.lower_block(body_nodes)
        else:
            body = self.lower_suite(node.body)
        is_gen = self.may_contain(node, "yield") and _contains_yield(node.body)
        return N.FunctionDef(
            node.name.value,
            tuple(params),
            ret if ret is not None else _tv(),
            ret is not None,
            tuple(body),
            doc,
            tuple(decorators),
            is_gen,
            self.span(node),
        )

    def parameters(self, params: cst.Parameters) -> list[N.Param]:
        out: list[N.Param] = []
        for p in (*params.posonly_params, *params.params):
            out.append(self.param(p, "positional"))
        if isinstance(params.star_arg, cst.Param):
            out.append(self.param(params.star_arg, "vararg"))
        for p in params.kwonly_params:
            out.append(self.param(p, "kwonly"))
        if params.star_kwarg is not None:
            out.append(self.param(params.star_kwarg, "kwarg"))
        return out

    def param(self, p: cst.Param, kind: str) -> N.Param:
        ann = self.annotation(p.annotation)
        default = self.expr(p.default) if p.default is not None else None
        return N.Param(
            p.name.value,
            ann,
            ann if ann is not None else _tv(),
            default,
            kind,  # type: ignore[arg-type]
            self.span(p),
        )

    def visit_ClassDef(self, node: cst.ClassDef) -> list[N.Stmt]:
        saved = self.tvars
        # the class's TypeVars: one type each, shared by its fields and methods
        self.tvars = {name: T.TypeVar(param=name) for name in self.typevar_names}
        try:
            return self.class_def(node)
        finally:
            self.tvars = saved

    def class_def(self, node: cst.ClassDef) -> list[N.Stmt]:
        bases: list[str] = []
        extra_decorators: list[str] = []
        for b in node.bases:
            if isinstance(b.value, cst.Subscript) and (_dotted(b.value.value) or "").rsplit(".", 1)[-1] == "Generic":
                continue  # Generic[T]: the TypeVars are the class's (see visit_ClassDef)
            if (_dotted(b.value) or "").rsplit(".", 1)[-1] == "NamedTuple":  # a typed namedtuple: frozen dataclass
                extra_decorators += ["dataclass", "dataclass.frozen", "namedtuple"]
                continue
            nm = _dotted(b.value)
            if nm is None or b.keyword is not None:
                self.unsupported(b, "class base expression")
            else:
                bases.append(nm.rsplit(".", 1)[-1])
        decorators: list[str] = []
        for d in node.decorators:
            expr = d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator
            nm = _dotted(expr)
            if nm is None:
                self.unsupported(d, "decorator expression")
            else:
                short = nm.rsplit(".", 1)[-1]
                decorators.append(short)
                if isinstance(d.decorator, cst.Call):
                    for arg in d.decorator.args:
                        if arg.keyword is not None and isinstance(arg.value, cst.Name) and arg.value.value == "True":
                            decorators.append(f"{short}.{arg.keyword.value}")
        decorators.extend(extra_decorators)
        if isinstance(node.body, cst.IndentedBlock):
            doc, body = self.split_docstring(node.body.body)
        else:
            doc, body = None, list(node.body.body)
        fields: list[N.FieldDef] = []
        methods: list[N.FunctionDef] = []
        class_vars: list[N.Assign] = []
        for stmt in body:
            if isinstance(stmt, cst.FunctionDef):
                methods.append(self.function(stmt))
            elif isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                        ty = self.annotation(small.annotation)
                        default = self.expr(small.value) if small.value is not None else None
                        fields.append(N.FieldDef(small.target.value, ty or _tv(), default, self.span(small)))
                    elif isinstance(small, cst.Assign):
                        class_vars.extend(cast(list[N.Assign], self.visit_Assign(small)))
                    elif isinstance(small, cst.Pass):
                        pass
                    elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Ellipsis):
                        pass
                    elif isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString):
                        pass
                    else:
                        self.unsupported(small, "statement in a class body")
            else:
                self.unsupported(stmt, "statement in a class body")
        return [
            N.ClassDef(node.name.value, tuple(bases), tuple(fields), tuple(methods), tuple(class_vars), doc,
                       tuple(decorators), self.span(node))
        ]

    # ------------------------------------------------------------ expressions

    def target(self, node: cst.BaseExpression) -> N.Expr:
        if isinstance(node, cst.Tuple | cst.List):
            elts = tuple(self.target(e.value) if not isinstance(e, cst.StarredElement)
                         else N.Starred(self.target(e.value), _tv(), self.span(e)) for e in node.elements)
            return N.TupleLit(elts, _tv(), self.span(node))
        return self.expr(node)

    def expr(self, node: cst.BaseExpression) -> N.Expr:
        method = getattr(self, f"expr_{type(node).__name__}", None)
        if method is None:
            self.unsupported(node, f"`{type(node).__name__}` expression")
            return N.Const(None, _tv(), self.span(node))
        return cast(N.Expr, method(node))

    def expr_Name(self, node: cst.Name) -> N.Expr:
        sp = self.span(node)
        if node.value in ("True", "False"):
            return N.Const(node.value == "True", _tv(), sp)
        if node.value == "None":
            return N.Const(None, _tv(), sp)
        return N.Name(node.value, _tv(), sp)

    def expr_Integer(self, node: cst.Integer) -> N.Expr:
        value = int(node.value.replace("_", ""), 0) if not re.fullmatch(r"0+", node.value) else 0
        return N.Const(value, _tv(), self.span(node))

    def expr_Float(self, node: cst.Float) -> N.Expr:
        return N.Const(float(node.value.replace("_", "")), _tv(), self.span(node))

    def expr_Imaginary(self, node: cst.Imaginary) -> N.Expr:
        return N.Const(complex(0.0, float(node.value[:-1].replace("_", ""))), _tv(), self.span(node))

    def expr_SimpleString(self, node: cst.SimpleString) -> N.Expr:
        return N.Const(node.evaluated_value, _tv(), self.span(node))

    def expr_ConcatenatedString(self, node: cst.ConcatenatedString) -> N.Expr:
        parts: list[N.Expr] = []
        cur: cst.BaseExpression = node
        pieces: list[cst.BaseExpression] = []
        while isinstance(cur, cst.ConcatenatedString):
            pieces.append(cur.left)
            cur = cur.right
        pieces.append(cur)
        if all(isinstance(p, cst.SimpleString) for p in pieces):
            value = node.evaluated_value
            return N.Const(value, _tv(), self.span(node))
        for p in pieces:
            e = self.expr(p)
            if isinstance(e, N.FString):
                parts.extend(e.parts)
            else:
                parts.append(e)
        return N.FString(tuple(parts), _tv(), self.span(node))

    def expr_FormattedString(self, node: cst.FormattedString) -> N.Expr:
        parts: list[N.Expr] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                text = _unescape_fstring_text(part.value, node.prefix)
                parts.append(N.Const(text, _tv(), self.span(part)))
            elif isinstance(part, cst.FormattedStringExpression):
                spec: str | None = None
                if part.format_spec is not None:
                    spec_parts: list[str] = []
                    for sp in part.format_spec:
                        if isinstance(sp, cst.FormattedStringText):
                            spec_parts.append(sp.value)
                        else:
                            self.unsupported(sp, "nested replacement field in a format spec")
                    spec = "".join(spec_parts)
                conv = part.conversion
                value = self.expr(part.expression)
                if part.equal is not None:
                    code = cst.Module([]).code_for_node(part.expression)
                    parts.append(N.Const(code + "=", _tv(), self.span(part)))
                    if conv is None and spec is None:
                        conv = "r"
                parts.append(N.FormattedValue(value, conv, spec, _tv(), self.span(part)))
        return N.FString(tuple(parts), _tv(), self.span(node))

    def expr_BinaryOperation(self, node: cst.BinaryOperation) -> N.Expr:
        op = _BINOPS.get(type(node.operator))
        if op is None:
            self.unsupported(node, "binary operator")
            return N.Const(None, _tv(), self.span(node))
        return N.BinOp(self.expr(node.left), op, self.expr(node.right), _tv(), self.span(node))

    def expr_UnaryOperation(self, node: cst.UnaryOperation) -> N.Expr:
        op = _UNOPS[type(node.operator)]
        operand = self.expr(node.expression)
        if op == "-" and isinstance(operand, N.Const) and isinstance(operand.value, int | float) \
                and not isinstance(operand.value, bool):
            return N.Const(-operand.value, _tv(), self.span(node))
        return N.UnaryOp(op, operand, _tv(), self.span(node))

    def expr_BooleanOperation(self, node: cst.BooleanOperation) -> N.Expr:
        op = "and" if isinstance(node.operator, cst.And) else "or"
        values: list[N.Expr] = []
        for side in (node.left, node.right):
            e = self.expr(side)
            if isinstance(e, N.BoolOp) and e.op == op and side is node.left and not side.lpar:
                values.extend(e.values)
            else:
                values.append(e)
        return N.BoolOp(op, tuple(values), _tv(), self.span(node))  # type: ignore[arg-type]

    def expr_Comparison(self, node: cst.Comparison) -> N.Expr:
        ops: list[str] = []
        comps: list[N.Expr] = []
        for c in node.comparisons:
            ops.append(_CMPOPS[type(c.operator)])
            comps.append(self.expr(c.comparator))
        return N.Compare(self.expr(node.left), tuple(ops), tuple(comps), _tv(), self.span(node))

    def expr_Call(self, node: cst.Call) -> N.Expr:
        fname = _dotted(node.func)
        if fname in _DYNAMIC:
            self.error(node, f"dynamic code cannot be compiled: `{fname}()`",
                       "rewrite it with static code; the transpiler must see every name and call")
        if fname is not None and (self.asyncio_names or self.async_functions):
            coro = self.asyncio_call(node, fname)
            if coro is not None:
                return coro
        args: list[N.Expr] = []
        kws: list[N.Keyword] = []
        for a in node.args:
            if a.keyword is not None:
                kws.append(N.Keyword(a.keyword.value, self.expr(a.value), self.span(a)))
            elif a.star == "*":
                args.append(N.Starred(self.expr(a.value), _tv(), self.span(a)))
            elif a.star == "**":
                kws.append(N.Keyword(None, self.expr(a.value), self.span(a)))
            else:
                args.append(self.expr(a.value))
        return N.Call(self.expr(node.func), tuple(args), tuple(kws), _tv(), self.span(node))

    def expr_Attribute(self, node: cst.Attribute) -> N.Expr:
        return N.Attribute(self.expr(node.value), node.attr.value, _tv(), self.span(node))

    def expr_Subscript(self, node: cst.Subscript) -> N.Expr:
        value = self.expr(node.value)
        if len(node.slice) != 1:
            elts = tuple(self.slice_elem(s) for s in node.slice)
            return N.Subscript(value, N.TupleLit(elts, _tv(), self.span(node)), _tv(), self.span(node))
        return N.Subscript(value, self.slice_elem(node.slice[0]), _tv(), self.span(node))

    def slice_elem(self, el: cst.SubscriptElement) -> N.Expr:
        s = el.slice
        if isinstance(s, cst.Index):
            return self.expr(s.value)
        assert isinstance(s, cst.Slice)
        return N.Slice(
            self.expr(s.lower) if s.lower is not None else None,
            self.expr(s.upper) if s.upper is not None else None,
            self.expr(s.step) if s.step is not None else None,
            _tv(),
            self.span(el),
        )

    def elements(self, elems: Sequence[cst.BaseElement]) -> tuple[N.Expr, ...]:
        out: list[N.Expr] = []
        for e in elems:
            if isinstance(e, cst.StarredElement):
                out.append(N.Starred(self.expr(e.value), _tv(), self.span(e)))
            else:
                out.append(self.expr(e.value))
        return tuple(out)

    def expr_List(self, node: cst.List) -> N.Expr:
        return N.ListLit(self.elements(node.elements), _tv(), self.span(node))

    def expr_Tuple(self, node: cst.Tuple) -> N.Expr:
        return N.TupleLit(self.elements(node.elements), _tv(), self.span(node))

    def expr_Set(self, node: cst.Set) -> N.Expr:
        return N.SetLit(self.elements(node.elements), _tv(), self.span(node))

    def expr_Dict(self, node: cst.Dict) -> N.Expr:
        keys: list[N.Expr] = []
        values: list[N.Expr] = []
        for el in node.elements:
            if isinstance(el, cst.DictElement):
                keys.append(self.expr(el.key))
                values.append(self.expr(el.value))
            else:
                self.unsupported(el, "`**` in a dict display")
        return N.DictLit(tuple(keys), tuple(values), _tv(), self.span(node))

    def comp_for(self, node: cst.CompFor) -> list[N.CompFor]:
        if node.asynchronous is not None:
            self.unsupported(node, "async comprehension")
        out = [N.CompFor(self.target(node.target), self.expr(node.iter),
                         tuple(self.expr(c.test) for c in node.ifs), self.span(node))]
        if node.inner_for_in is not None:
            out.extend(self.comp_for(node.inner_for_in))
        return out

    def expr_ListComp(self, node: cst.ListComp) -> N.Expr:
        return N.Comprehension("list", self.expr(node.elt), None, tuple(self.comp_for(node.for_in)), _tv(),
                               self.span(node))

    def expr_SetComp(self, node: cst.SetComp) -> N.Expr:
        return N.Comprehension("set", self.expr(node.elt), None, tuple(self.comp_for(node.for_in)), _tv(),
                               self.span(node))

    def expr_GeneratorExp(self, node: cst.GeneratorExp) -> N.Expr:
        return N.Comprehension("gen", self.expr(node.elt), None, tuple(self.comp_for(node.for_in)), _tv(),
                               self.span(node))

    def expr_DictComp(self, node: cst.DictComp) -> N.Expr:
        return N.Comprehension("dict", self.expr(node.key), self.expr(node.value),
                               tuple(self.comp_for(node.for_in)), _tv(), self.span(node))

    def expr_Lambda(self, node: cst.Lambda) -> N.Expr:
        return N.Lambda(tuple(self.parameters(node.params)), self.expr(node.body), _tv(), self.span(node))

    def expr_IfExp(self, node: cst.IfExp) -> N.Expr:
        return N.IfExp(self.expr(node.test), self.expr(node.body), self.expr(node.orelse), _tv(),
                       self.span(node))

    def expr_NamedExpr(self, node: cst.NamedExpr) -> N.Expr:
        target = self.expr(node.target)
        if not isinstance(target, N.Name):
            self.unsupported(node, "walrus target that is not a name")
            return target
        return N.NamedExpr(target, self.expr(node.value), _tv(), self.span(node))

    def expr_Yield(self, node: cst.Yield) -> N.Expr:
        if isinstance(node.value, cst.From):
            return N.Yield(self.expr(node.value.item), True, _tv(), self.span(node))
        value = self.expr(node.value) if node.value is not None else None
        return N.Yield(value, False, _tv(), self.span(node))

    def expr_Ellipsis(self, node: cst.Ellipsis) -> N.Expr:
        return N.Const(None, _tv(), self.span(node))

    def expr_Await(self, node: cst.Await) -> N.Expr:
        if not self.may_await(node):
            return N.Const(None, _tv(), self.span(node))
        return self.awaiting(node.expression)

    def may_await(self, node: cst.CSTNode) -> bool:
        """Coroutines are translated as plain calls run where they are awaited, which is what a program that
        only awaits one coroutine at a time (through asyncio.run) observes; without asyncio there is no loop."""
        if self.asyncio_names:
            return True
        self.unsupported(node, "asynchronous code outside asyncio",
                         "only programs that run their coroutines with asyncio.run are translated")
        return False

    def awaiting(self, node: cst.BaseExpression) -> N.Expr:
        saved, self.awaited = self.awaited, node
        try:
            return self.expr(node)
        finally:
            self.awaited = saved

    def asyncio_call(self, node: cst.Call, fname: str) -> N.Expr | None:
        """`asyncio.run(coro)` -> the coroutine's call; a call of an `async def` that nothing awaits is refused."""
        head, _, attr = fname.partition(".")
        if head in self.asyncio_names and attr:
            if attr == "run" and len(node.args) == 1 and node.args[0].keyword is None and not node.args[0].star:
                return self.awaiting(node.args[0].value)
            self.unsupported(node, f"`{fname}`", "of asyncio only asyncio.run(coroutine) is translated: "
                                                 "coroutines run one at a time where they are awaited")
            return N.Const(None, _tv(), self.span(node))
        if fname in self.async_functions and node is not self.awaited:
            self.unsupported(node, f"call of the coroutine function `{fname}` outside `await`/`asyncio.run`")
        return None


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


def _dotted_name(node: cst.Attribute | cst.Name) -> str:
    name = _dotted(node)
    return name if name is not None else ""


def _clean_doc(text: str) -> str:
    lines = text.expandtabs().splitlines()
    if not lines:
        return ""
    indent = min((len(ln) - len(ln.lstrip()) for ln in lines[1:] if ln.strip()), default=0)
    cleaned = [lines[0].strip()] + [ln[indent:].rstrip() for ln in lines[1:]]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    while cleaned and not cleaned[0]:
        cleaned.pop(0)
    return "\n".join(cleaned)


def _unescape_fstring_text(raw: str, prefix: str) -> str:
    text = raw.replace("{{", "{").replace("}}", "}")
    if "r" in prefix.lower():
        return text
    if "\\" not in text:
        return text
    lit = cast(cst.SimpleString, cst.parse_expression('"' + text.replace('"', '\\"') + '"'))
    return cast(str, lit.evaluated_value)


class _YieldFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found = False

    def visit_Yield(self, node: cst.Yield) -> None:
        self.found = True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False


def _contains_yield(body: cst.BaseSuite) -> bool:
    finder = _YieldFinder()
    body.visit(finder)
    return finder.found


# Deeper syntax trees are refused: the passes recurse on the tree, and CPython itself gives up near 3000.
MAX_NESTING = 100


def _check_with_cpython(path: str, source: str, diag: DiagnosticSink) -> bool:
    """Refuse what CPython refuses to compile, and trees nested deeper than MAX_NESTING; True when fine."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, path, "exec", dont_inherit=True)
            tree = ast.parse(source, path)
    except SyntaxError as syn:
        line = max(1, syn.lineno or 1)
        col = max(0, (syn.offset or 1) - 1)
        diag.error(Span(path, line, col, line, col + 1), f"invalid syntax: {syn.msg}")
        return False
    except (RecursionError, MemoryError):
        diag.error(Span(path, 1, 0, 1, 1), "source nests too deeply to compile (CPython refuses it too)")
        return False
    except ValueError as exc:
        diag.error(Span(path, 1, 0, 1, 1), f"invalid source: {exc}")
        return False
    todo: list[tuple[ast.AST, int]] = [(tree, 0)]
    while todo:
        node, depth = todo.pop()
        if depth > MAX_NESTING:
            line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0)
            diag.error(Span(path, line, col, line, col + 1),
                       f"code nests more than {MAX_NESTING} levels deep",
                       "split the expression or block into several statements or functions")
            return False
        todo.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return True


def parse_python(path: str, source: str, module_name: str, diag: DiagnosticSink) -> N.Module | None:
    """Parse and lower one Python file; None when it does not parse."""
    diag.add_source(path, source)
    if not _check_with_cpython(path, source, diag):
        return None
    try:
        tree = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        # CPython's own parser locates the error exactly; libcst's position is coarser
        line, col, message = max(1, exc.raw_line), max(0, exc.raw_column), exc.message
        try:
            compile(source, path, "exec", dont_inherit=True)
        except SyntaxError as syn:
            line = syn.lineno or line
            col = max(0, (syn.offset or 1) - 1)
            message = syn.msg
        except (ValueError, RecursionError, MemoryError):
            pass
        diag.error(Span(path, line, col, line, col + 1), f"invalid syntax: {message}")
        return None
    except RecursionError:
        diag.error(Span(path, 1, 0, 1, 1), "source nests too deeply to parse")
        return None
    try:
        lowering = PythonLowering(path, source, diag)
        module = lowering.lower_module(tree, module_name)
        if "flask" in source:
            from transpiler.frontends.python.flask import lower_flask_app, uses_flask

            if uses_flask(module):
                module = lower_flask_app(tree, module, lowering.span, diag)
        return module
    except RecursionError:
        diag.error(Span(path, 1, 0, 1, 1), "source nests too deeply to translate",
                   "split deeply nested expressions or blocks into several statements or functions")
        return None
