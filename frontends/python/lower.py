"""Lower a stdlib `ast` module to IR.

Every construct without a handler goes to `unsupported`, which records a diagnostic and keeps going, so one
run lists every problem in the file.

Spans are the syntactic extents of the source text, in characters: `ast` counts UTF-8 bytes, and a few nodes
(a parenthesised tuple, a generator expression, a parameter, a decorator, a comprehension's `for`, a `case`,
the parts of an f-string) get their extent from the text here (see `positions.py`). Comments come from the text
too: a statement owns the comment lines above it, an indented block the ones after its last statement.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from transpiler.frontends.python.annotations import annotation_to_type, is_plain_string
from transpiler.frontends.python.positions import Source

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.span import Span
from transpiler.pyimports import RelativeImportError, package_of, resolve

_BINOPS: dict[type[ast.AST], str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
    ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
}
_CMPOPS: dict[type[ast.AST], str] = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
    ast.GtE: ">=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}
_UNOPS: dict[type[ast.AST], str] = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~", ast.Not: "not"}
_CONVERSIONS = {-1: None, 115: "s", 114: "r", 97: "a"}

_FROM_MODULE = re.compile(r"from(?:\s|\\\n)+(\.+[\w.]*)")  # the module of a `from` import as written

_DYNAMIC = {"eval", "exec", "compile", "__import__", "globals", "locals", "vars", "setattr", "getattr",
            "delattr"}

_ALIAS_GENERICS = {"Annotated", "List", "Dict", "Set", "FrozenSet", "Tuple", "Optional", "Union", "list", "dict",
                   "set", "frozenset", "tuple", "Deque", "DefaultDict"}

_COMPOUND = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.AsyncFor, ast.While,
             ast.With, ast.AsyncWith, ast.Try, ast.TryStar, ast.Match)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# the names the diagnostics give to statements and expressions (those of the Python grammar's concrete tree)
_KIND_NAMES = {"Delete": "Del", "Starred": "StarredElement", "AsyncFunctionDef": "FunctionDef",
               "AsyncFor": "For", "AsyncWith": "With", "JoinedStr": "FormattedString", "Slice": "Slice"}

Block = Sequence[ast.stmt]


def _single_assign_to_name(stmt: ast.stmt) -> tuple[str, ast.expr] | None:
    if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
        return None
    return stmt.targets[0].id, stmt.value


def _namedtuple_decl(stmt: ast.stmt, src: Source) -> tuple[str, list[str]] | None:
    """(name, fields) of `Name = namedtuple("Name", ["a", "b"])` (or `"a b"` / `"a, b"`), else None."""
    assigned = _single_assign_to_name(stmt)
    if assigned is None:
        return None
    call = assigned[1]
    if not isinstance(call, ast.Call) or (_dotted(call.func) or "").rsplit(".", 1)[-1] != "namedtuple" \
            or len(call.args) + len(call.keywords) != 2 or call.keywords \
            or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    spec = call.args[1]
    fields: list[str] = []
    if isinstance(spec, ast.Constant) and isinstance(spec.value, str):
        if not is_plain_string(spec, src):
            return None
        fields = spec.value.replace(",", " ").split()
    elif isinstance(spec, ast.List | ast.Tuple):
        for el in spec.elts:
            if not isinstance(el, ast.Constant) or not isinstance(el.value, str) or not is_plain_string(el, src):
                return None
            fields.append(el.value)
    else:
        return None
    if not fields or not all(f.isidentifier() for f in fields):
        return None
    return assigned[0], fields


def _typevar_decl(stmt: ast.stmt) -> str | None:
    """The name a module-level `T = TypeVar("T", ...)` statement declares."""
    assigned = _single_assign_to_name(stmt)
    if assigned is None:
        return None
    value = assigned[1]
    if not isinstance(value, ast.Call) or (_dotted(value.func) or "").rsplit(".", 1)[-1] != "TypeVar":
        return None
    return assigned[0]


def _type_alias(stmt: ast.stmt) -> tuple[str, ast.expr] | None:
    """(name, annotation) of a module-level `Name = Generic[...]` statement, the form type aliases take."""
    assigned = _single_assign_to_name(stmt)
    if assigned is None:
        return None
    value = assigned[1]
    if not isinstance(value, ast.Subscript):
        return None
    base = _dotted(value.value)
    if base is None or base.rsplit(".", 1)[-1] not in _ALIAS_GENERICS:
        return None
    return assigned[0], value


class _AliasSubstitution(ast.NodeTransformer):
    """Replaces the names of type aliases in (a copy of) an annotation by what they alias."""

    def __init__(self, aliases: dict[str, ast.expr]) -> None:
        super().__init__()
        self.aliases = aliases
        self.depth = 0

    def visit_Name(self, node: ast.Name) -> ast.AST:
        target = self.aliases.get(node.id)
        if target is None or self.depth > 8:  # aliases of aliases, never a cycle
            return node
        self.depth += 1
        try:
            return cast(ast.AST, self.visit(_copy(target)))
        finally:
            self.depth -= 1


def _copy(node: ast.expr) -> ast.expr:
    """A copy of an expression tree deep enough to be rewritten (positions kept)."""
    new = type(node)()
    for name, value in ast.iter_fields(node):
        if isinstance(value, ast.expr):
            value = _copy(value)
        elif isinstance(value, list):
            value = [_copy(v) if isinstance(v, ast.expr) else v for v in value]
        setattr(new, name, value)
    for attr in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
        if hasattr(node, attr):
            setattr(new, attr, getattr(node, attr))
    return new


def _tv() -> T.TypeVar:
    return T.TypeVar()


def _first_line(stmt: ast.stmt) -> int:
    """The first line of a statement: its first decorator's for a decorated definition."""
    if isinstance(stmt, _DEFS) and stmt.decorator_list:
        return min(stmt.lineno, stmt.decorator_list[0].lineno)
    return stmt.lineno


def _last_block(stmt: ast.stmt) -> Block | None:
    """The block a compound statement ends with (whose footer comes first after it), else None."""
    if isinstance(stmt, ast.If | ast.For | ast.AsyncFor | ast.While):
        return stmt.orelse or stmt.body
    if isinstance(stmt, ast.Try | ast.TryStar):
        if stmt.finalbody:
            return stmt.finalbody
        if stmt.orelse:
            return stmt.orelse
        return stmt.handlers[-1].body if stmt.handlers else stmt.body
    if isinstance(stmt, ast.Match):
        return stmt.cases[-1].body if stmt.cases else None
    if isinstance(stmt, _COMPOUND):
        return cast(Block, getattr(stmt, "body"))  # noqa: B009 - the definitions and `with`
    return None


_UNPARENTHESIZED = frozenset({ast.Tuple, ast.GeneratorExp, ast.MatchSequence})  # spans that exclude parentheses


class PythonLowering:
    """One file's `ast` tree -> N.Module; problems go to `diag`."""

    def __init__(self, path: str, source: str, diag: DiagnosticSink) -> None:
        self.path = path
        self.source = source
        self.src = Source(source)
        self.diag = diag
        self.package = ""  # what relative imports are relative to (transpiler/pyimports.py); '' for a script
        self.classes: set[str] = set()
        self.match_args: dict[str, list[str]] = {}
        self.enums: set[str] = set()
        # module-level type aliases (`Uid = Annotated[int, ...]`, `Row = list[int]`): name -> the aliased annotation
        self.type_aliases: dict[str, ast.expr] = {}
        # Coroutines run to completion where they are awaited: the names `import asyncio` binds, the
        # `async def` functions, and the call being awaited right now.
        self.asyncio_names: set[str] = set()
        self.async_functions: set[str] = set()
        self.awaited: ast.AST | None = None
        # module-level `T = TypeVar("T")` names, and what they stand for in the class or function being lowered
        self.typevar_names: set[str] = set()
        self.tvars: dict[str, T.Type] = {}
        self._stmt_methods: dict[type[ast.AST], Callable[[Any], list[N.Stmt]]] = {
            ast.Pass: self.visit_Pass, ast.Break: self.visit_Break, ast.Continue: self.visit_Continue,
            ast.Expr: self.visit_Expr, ast.Assign: self.visit_Assign, ast.AnnAssign: self.visit_AnnAssign,
            ast.AugAssign: self.visit_AugAssign, ast.Return: self.visit_Return, ast.Assert: self.visit_Assert,
            ast.Raise: self.visit_Raise, ast.Delete: self.visit_Del, ast.Global: self.visit_Global,
            ast.Nonlocal: self.visit_Nonlocal, ast.Import: self.visit_Import, ast.ImportFrom: self.visit_ImportFrom,
            ast.If: self.visit_If, ast.While: self.visit_While, ast.For: self.visit_For,
            ast.AsyncFor: self.visit_For, ast.Try: self.visit_Try, ast.TryStar: self.visit_TryStar,
            ast.With: self.visit_With, ast.AsyncWith: self.visit_With, ast.Match: self.visit_Match,
            ast.FunctionDef: self.visit_FunctionDef, ast.AsyncFunctionDef: self.visit_FunctionDef,
            ast.ClassDef: self.visit_ClassDef,
        }
        self._expr_methods: dict[type[ast.AST], Callable[[Any], N.Expr]] = {
            ast.Name: self.expr_Name, ast.Constant: self.expr_Constant, ast.JoinedStr: self.expr_JoinedStr,
            ast.BinOp: self.expr_BinOp, ast.UnaryOp: self.expr_UnaryOp, ast.BoolOp: self.expr_BoolOp,
            ast.Compare: self.expr_Compare, ast.Call: self.expr_Call, ast.Attribute: self.expr_Attribute,
            ast.Subscript: self.expr_Subscript, ast.List: self.expr_List, ast.Tuple: self.expr_Tuple,
            ast.Set: self.expr_Set, ast.Dict: self.expr_Dict, ast.ListComp: self.expr_ListComp,
            ast.SetComp: self.expr_SetComp, ast.GeneratorExp: self.expr_GeneratorExp,
            ast.DictComp: self.expr_DictComp, ast.Lambda: self.expr_Lambda, ast.IfExp: self.expr_IfExp,
            ast.NamedExpr: self.expr_NamedExpr, ast.Yield: self.expr_Yield, ast.YieldFrom: self.expr_Yield,
            ast.Await: self.expr_Await,
        }

    # ------------------------------------------------------------ positions

    def release(self) -> None:
        """Drop the dispatch tables, whose bound methods refer back to this object: without that cycle,
        reference counting frees the lowering (and what it holds) at once, not the cyclic garbage collector,
        which would have to traverse the whole heap to find it."""
        self._stmt_methods.clear()
        self._expr_methods.clear()

    def span(self, node: ast.AST | Span) -> Span:
        cls = type(node)  # exact classes (none of these has subclasses): a set lookup, the hottest call here
        if cls is Span:
            return node  # type: ignore[return-value]
        if cls in _UNPARENTHESIZED:
            return self.unparenthesized(cast(ast.AST, node))
        if cls is ast.arg:
            return self.param_span(cast(ast.arg, node))
        positioned: Any = node  # an ast node, with a position when it is a statement or an expression
        lineno = getattr(positioned, "lineno", None)
        if lineno is None:
            return Span(self.path, 1, 0, 1, 0)
        if self.src.ascii:
            return Span(self.path, lineno, positioned.col_offset, positioned.end_lineno, positioned.end_col_offset)
        src = self.src
        end = positioned.end_lineno
        return Span(self.path, lineno, src.col(lineno, positioned.col_offset), end,
                    src.col(end, positioned.end_col_offset))

    def offsets(self, node: ast.AST) -> tuple[int, int]:
        """The text offsets of a node's extent as `ast` gives it."""
        src = self.src
        start = src.offset(node.lineno, src.col(node.lineno, node.col_offset))  # type: ignore[attr-defined]
        end = src.offset(node.end_lineno, src.col(node.end_lineno, node.end_col_offset))  # type: ignore[attr-defined]
        return start, end

    def span_of_offsets(self, start: int, end: int) -> Span:
        line, col = self.src.position(start)
        end_line, end_col = self.src.position(end)
        return Span(self.path, line, col, end_line, end_col)

    def unparenthesized(self, node: ast.AST) -> Span:
        """The extent of a tuple, generator expression or sequence pattern inside the parentheses `ast`
        counts as its own."""
        start, end = self.offsets(node)
        text = self.src.text
        if text[start] == "{" and isinstance(node, ast.Tuple) and node.elts:  # `f"{a, b}"`: ast counts the braces
            last_end = self.offsets(node.elts[-1])[1]
            tail = text[last_end:end]
            cut = min((i for i in (tail.find(c) for c in "!:=}") if i >= 0), default=len(tail))
            return self.span_of_offsets(_skip_space(text, start + 1, end),
                                        last_end + len(tail[:cut].rstrip(" \t\x0c\r\n\\")))
        if text[start] == "(" and text[end - 1] == ")" and self.own_parens(node, start, end):
            start = _skip_space(text, start + 1, end - 1)
            last = self.last_part(node)
            inner_end = end - 1
            if last is not None:
                tail_start = self.offsets(last)[1]
                tail = _strip_comments(text[tail_start:inner_end]).rstrip(" \t\x0c\r\n\\")
                end = tail_start + len(tail)
            else:
                end = inner_end
                while end > start and text[end - 1] in " \t\x0c\r\n\\":
                    end -= 1
        return self.span_of_offsets(start, end)

    def last_part(self, node: ast.AST) -> ast.AST | None:
        """The last element of a tuple or sequence pattern, the last `if` or iterable of a generator."""
        if isinstance(node, ast.Tuple):
            return node.elts[-1] if node.elts else None
        if isinstance(node, ast.MatchSequence):
            return node.patterns[-1] if node.patterns else None
        if isinstance(node, ast.GeneratorExp):
            last = node.generators[-1]
            return last.ifs[-1] if last.ifs else last.iter
        return None

    def own_parens(self, node: ast.AST, start: int, end: int) -> bool:
        """Whether the `(` at `start` closes at `end - 1` (rather than around the first element only)."""
        if isinstance(node, ast.GeneratorExp):
            return True
        elts: list[ast.AST] = list(node.elts) if isinstance(node, ast.Tuple) else list(
            node.patterns) if isinstance(node, ast.MatchSequence) else []
        if not elts:
            return True
        first_start, first_end = self.offsets(elts[0])
        text = self.src.text
        opened = _strip_comments(text[start:first_start]).count("(")
        gap_end = self.offsets(elts[1])[0] if len(elts) > 1 else end
        gap = _strip_comments(text[first_end:gap_end])
        comma = gap.find(",")
        closed = (gap if comma < 0 else gap[:comma]).count(")")
        return opened > closed

    def param_span(self, node: ast.arg) -> Span:
        """A parameter's `*`/`**` and name."""
        src = self.src
        start = src.offset(node.lineno, src.col(node.lineno, node.col_offset))
        return self.span_of_offsets(self.star_before(start), start + len(self.param_name(node, start)))

    def star_before(self, start: int) -> int:
        text = self.src.text
        i = start - 1
        while i >= 0 and text[i] in " \t\x0c":
            i -= 1
        if i >= 0 and text[i] == "*":
            return i - 1 if i > 0 and text[i - 1] == "*" else i
        return start

    def param_name(self, node: ast.arg, start: int | None = None) -> str:
        """A parameter's name as written (`ast` normalizes identifiers to NFKC)."""
        if node.arg.isascii():
            return node.arg
        src = self.src
        if start is None:
            start = src.offset(node.lineno, src.col(node.lineno, node.col_offset))
        end = start + 1
        while end < len(src.text) and ("a" + src.text[start:end + 1]).isidentifier():
            end += 1
        return src.text[start:end]

    def decorator_span(self, expr: ast.expr) -> Span:
        """A decorator's `@` and expression."""
        start, end = self.offsets(expr)
        text = self.src.text
        i = start - 1
        while i >= 0 and text[i] != "@":
            i -= 1
        return self.span_of_offsets(max(i, 0), end)

    def keyword_before(self, start: int, word: str) -> int:
        """The offset of the last `word` before `start`."""
        found = self.src.text.rfind(word, 0, start)
        return found if found >= 0 else start

    def may_contain(self, node: ast.AST, word: str) -> bool:
        """False when `word` is nowhere in the source lines of `node`: a cheap test before walking it."""
        src = self.src
        start = src.starts[node.lineno - 1]  # type: ignore[attr-defined]
        end_line = node.end_lineno  # type: ignore[attr-defined]
        end = src.starts[end_line] if end_line < len(src.starts) else len(src.text)
        return src.text.find(word, start, end) >= 0

    def is_indented(self, body: Block) -> bool:
        """Whether a block is indented on lines of its own (not `if x: pass`)."""
        first = body[0]
        line = self.src.line(first.lineno)
        return not line[:first.col_offset].strip(" \t\x0c")

    def block_indent(self, body: Block) -> str:
        first = body[0]
        line = self.src.line(first.lineno)
        return line[:first.col_offset]

    # ------------------------------------------------------------ comments

    def leading_comments(self, stmt: ast.stmt, prev: ast.stmt | None, bound: int) -> list[int]:
        """The comment lines a statement owns: those above it, less the footers of the blocks `prev` ends."""
        if prev is None and bound < 0:
            return []  # the module's header: nobody's
        first = _first_line(stmt)
        low = prev.end_lineno if prev is not None else bound
        assert low is not None
        if not self.src.any_comment(low + 1, first - 1):
            return []
        lines = self.src.empty_lines_before(first, low)
        if prev is not None:
            lines = self.claim_footers(prev, lines)[1]
        return [ln for ln in lines if self.src.comment(ln) is not None]

    def claim_footers(self, stmt: ast.stmt, lines: list[int], upto: Block | None = None) -> tuple[list[int], list[int]]:
        """Split the empty lines after `stmt` between the blocks it ends (innermost first) and what follows.
        With `upto`, the first part is the footer of that block."""
        chain: list[Block] = []
        cur = stmt
        while True:
            if isinstance(cur, ast.If) and self.is_elif(cur):
                cur = cur.orelse[0]
                continue
            block = _last_block(cur)
            if not block or not self.is_indented(block):
                break
            chain.append(block)
            cur = block[-1]
        footer: list[int] = []
        for block in reversed(chain):
            indent = self.block_indent(block)
            last = -1
            for i, ln in enumerate(lines):
                if self.src.line(ln).startswith(indent):
                    last = i
            footer, lines = lines[:last + 1], lines[last + 1:]
            if block is upto:
                return footer, lines
        return ([] if upto is not None else footer), lines

    def comments(self, lines: Sequence[int], anchor: Span) -> list[N.Stmt]:
        out: list[N.Stmt] = []
        for ln in lines:
            comment = self.src.comment(ln)
            if comment is not None:
                text = comment.lstrip("#").strip()
                if text.startswith("!") or text.startswith("noqa") or text.startswith("type:"):
                    continue
                out.append(N.Comment(text, anchor))
        return out

    # ------------------------------------------------------------ diagnostics

    def unsupported(self, node: ast.AST | Span, what: str, hint: str | None = None) -> None:
        self.diag.error(self.span(node), f"unsupported Python construct: {what}", hint)

    def error(self, node: ast.AST | Span, message: str, hint: str | None = None) -> None:
        self.diag.error(self.span(node), message, hint)

    def annotation(self, ann: ast.expr | None) -> T.Type | None:
        if ann is None:
            return None
        node = ann
        if self.type_aliases:
            node = cast(ast.expr, _AliasSubstitution(self.type_aliases).visit(_copy(ann)))
        ty = annotation_to_type(node, self.classes, frozenset(self.enums), self.tvars, self.src)
        if ty is None:
            self.error(ann, f"unsupported type annotation `{self.source_code(ann)}`")
        return ty

    def source_code(self, node: ast.AST) -> str:
        start, end = self.offsets(node)
        return self.src.text[start:end]

    # ------------------------------------------------------------ module

    def lower_module(self, module: ast.Module, name: str) -> N.Module:
        for stmt in module.body:
            if isinstance(stmt, ast.ClassDef):
                self.classes.add(stmt.name)
                if any((_dotted(_unstar(b)) or "").rsplit(".", 1)[-1] in ("Enum", "IntEnum", "IntFlag", "Flag",
                                                                          "StrEnum") for b in stmt.bases):
                    self.enums.add(stmt.name)
                if any(_dotted(d.func if isinstance(d, ast.Call) else d)
                       in ("dataclass", "dataclasses.dataclass") for d in stmt.decorator_list) \
                        and self.is_indented(stmt.body):
                    # a dataclass's __match_args__ are its fields in order
                    self.match_args[stmt.name] = self.class_field_names(stmt.body)
            if isinstance(stmt, ast.AsyncFunctionDef):
                self.async_functions.add(stmt.name)
            tv = _typevar_decl(stmt)
            if tv is not None:
                self.typevar_names.add(tv)
            nt = _namedtuple_decl(stmt, self.src)
            if nt is not None:
                self.classes.add(nt[0])
                self.match_args[nt[0]] = nt[1]
            if isinstance(stmt, ast.ClassDef) and any(
                    (_dotted(_unstar(b)) or "").rsplit(".", 1)[-1] == "NamedTuple"
                    for b in stmt.bases):
                self.match_args[stmt.name] = self.class_field_names(stmt.body) if self.is_indented(stmt.body) else []
            alias = _type_alias(stmt)
            if alias is not None:
                self.type_aliases[alias[0]] = alias[1]
        doc, body = self.split_docstring(module.body)
        stmts = self.lower_block(body, -1, skip=len(module.body) - len(body), full=module.body)
        return N.Module(name, self.path, doc, tuple(stmts), Span(self.path, 1, 0, 1, 0))

    def class_field_names(self, body: Block) -> list[str]:
        return [s.target.id for s in body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]

    def split_docstring(self, body: Block) -> tuple[str | None, list[ast.stmt]]:
        items = list(body)
        if items and isinstance(items[0], ast.Expr) and isinstance(items[0].value, ast.Constant) \
                and isinstance(items[0].value.value, str) \
                and not (len(items) > 1 and items[1].lineno == items[0].end_lineno):
            return _clean_doc(items[0].value.value), items[1:]
        return None, items

    def line_span(self, body: Block, i: int) -> tuple[Span, int]:
        """The span of the statements on the line of simple statement `body[i]`, and the index after them."""
        j = i
        while j + 1 < len(body) and not isinstance(body[j + 1], _COMPOUND) \
                and body[j + 1].lineno == body[j].end_lineno:
            j += 1
        if j == i:
            return self.span(body[i]), i + 1
        first, last = self.span(body[i]), self.span(body[j])
        return Span(self.path, first.line, first.col, last.end_line, last.end_col), j + 1

    def lower_block(self, body: Block, bound: int, skip: int = 0, full: Block | None = None) -> list[N.Stmt]:
        """The statements of a block; `bound` is the line before which no comment belongs to it, `full` the
        whole block when `body` lacks its first `skip` statements (a docstring)."""
        out: list[N.Stmt] = []
        whole = full if full is not None else body
        i = 0
        n = len(body)
        while i < n:
            stmt = body[i]
            k = i + skip
            prev = whole[k - 1] if k > 0 else None
            if isinstance(stmt, _COMPOUND):
                lines = self.leading_comments(stmt, prev, bound)
                if lines:
                    out.extend(self.comments(lines, self.span(stmt)))
                out.extend(self.lower_compound(stmt))
                i += 1
                continue
            lines = self.leading_comments(stmt, prev, bound)
            sp, nxt = self.line_span(body, i) if (i + 1 < n and body[i + 1].lineno == stmt.end_lineno) \
                else (None, i + 1)
            if lines:
                out.extend(self.comments(lines, sp if sp is not None else self.span(stmt)))
            for small in body[i:nxt]:
                out.extend(self.lower_small(small))
            i = nxt
        return out

    def lower_suite(self, body: Block, bound: int) -> list[N.Stmt]:
        if not body:
            return []
        if not self.is_indented(body):
            res: list[N.Stmt] = []
            for small in body:
                res.extend(self.lower_small(small))
            return res
        out = self.lower_block(body, bound)
        last = body[-1]
        end = last.end_lineno
        assert end is not None
        if self.src.any_comment(end + 1, end + 1 + 10_000):
            lines = self.src.empty_lines_after(end)
            if lines and any(self.src.comment(ln) is not None for ln in lines):
                footer = self.footer(body, lines)
                if footer:
                    first, final = self.span(body[0]), self.span(last)
                    out.extend(self.comments(footer, Span(self.path, first.line, first.col, final.end_line,
                                                          final.end_col)))
        return out

    def footer(self, body: Block, lines: list[int]) -> list[int]:
        """The empty lines after a block's last statement that the block owns."""
        last = body[-1]
        inner, rest = self.claim_footers(last, lines) if isinstance(last, _COMPOUND) else ([], lines)
        del inner
        indent = self.block_indent(body)
        keep = -1
        for i, ln in enumerate(rest):
            if self.src.line(ln).startswith(indent):
                keep = i
        return [ln for ln in rest[:keep + 1] if self.src.comment(ln) is not None]

    # ------------------------------------------------------------ statements

    def lower_small(self, node: ast.stmt) -> list[N.Stmt]:
        method = self._stmt_methods.get(type(node))
        if method is None:
            kind = type(node).__name__
            self.unsupported(node, f"`{_KIND_NAMES.get(kind, kind)}` statement")
            return []
        return method(node)

    lower_compound = lower_small

    def visit_Pass(self, node: ast.Pass) -> list[N.Stmt]:
        return [N.Pass(self.span(node))]

    def visit_Break(self, node: ast.Break) -> list[N.Stmt]:
        return [N.Break(self.span(node))]

    def visit_Continue(self, node: ast.Continue) -> list[N.Stmt]:
        return [N.Continue(self.span(node))]

    def visit_Expr(self, node: ast.Expr) -> list[N.Stmt]:
        value = node.value
        if isinstance(value, ast.Constant):
            if value.value is Ellipsis:
                return [N.Pass(self.span(node))]
            if isinstance(value.value, str):
                # a bare string statement is a comment in all but name
                return [N.Comment(line, self.span(node)) for line in _clean_doc(value.value).splitlines()]
        return [N.ExprStmt(self.expr(value), self.span(node))]

    def visit_Assign(self, node: ast.Assign) -> list[N.Stmt]:
        nt = _namedtuple_decl(node, self.src)
        if nt is not None:  # `P = namedtuple("P", "x y")`: a frozen dataclass with those (inferred) fields
            name, fields = nt
            sp = self.span(node)
            return [N.ClassDef(name, (), tuple(N.FieldDef(f, _tv(), None, sp) for f in fields), (), (), None,
                               ("dataclass", "dataclass.frozen", "namedtuple"), sp)]
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target_name = node.targets[0].id
            if target_name in self.typevar_names and isinstance(node.value, ast.Call) \
                    and (_dotted(node.value.func) or "").rsplit(".", 1)[-1] == "TypeVar":
                return []  # `T = TypeVar("T")`: only annotations use it
            if self.type_aliases.get(target_name) is node.value:
                return []  # a type alias: resolved in annotations, nothing at run time
        targets = tuple(self.target(t) for t in node.targets)
        return [N.Assign(targets, self.expr(node.value), None, self.span(node))]

    def visit_AnnAssign(self, node: ast.AnnAssign) -> list[N.Stmt]:
        declared = self.annotation(node.annotation)
        value = self.expr(node.value) if node.value is not None else None
        return [N.Assign((self.target(node.target),), value, declared, self.span(node))]

    def visit_AugAssign(self, node: ast.AugAssign) -> list[N.Stmt]:
        op = _BINOPS.get(type(node.op))
        if op is None or op == "@":
            self.unsupported(node, "augmented assignment operator")
            return []
        return [N.AugAssign(self.target(node.target), op, self.expr(node.value), self.span(node))]

    def visit_Return(self, node: ast.Return) -> list[N.Stmt]:
        return [N.Return(self.expr(node.value) if node.value is not None else None, self.span(node))]

    def visit_Assert(self, node: ast.Assert) -> list[N.Stmt]:
        msg = self.expr(node.msg) if node.msg is not None else None
        return [N.Assert(self.expr(node.test), msg, self.span(node))]

    def visit_Raise(self, node: ast.Raise) -> list[N.Stmt]:
        exc = self.expr(node.exc) if node.exc is not None else None
        cause = self.expr(node.cause) if node.cause is not None else None
        return [N.Raise(exc, cause, self.span(node))]

    def visit_Del(self, node: ast.Delete) -> list[N.Stmt]:
        targets: list[N.Expr] = []
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple):
            targets = [self.target(_unstar(e)) for e in node.targets[0].elts]
        else:
            targets = [self.target(t) for t in node.targets]
        return [N.Delete(tuple(targets), self.span(node))]

    def visit_Global(self, node: ast.Global) -> list[N.Stmt]:
        return [N.Global(tuple(node.names), False, self.span(node))]

    def visit_Nonlocal(self, node: ast.Nonlocal) -> list[N.Stmt]:
        return [N.Global(tuple(node.names), True, self.span(node))]

    def visit_Import(self, node: ast.Import) -> list[N.Stmt]:
        out: list[N.Stmt] = []
        for alias in node.names:
            mod = alias.name
            if mod == "asyncio":  # asyncio.run(coro) is the coroutine run in place; nothing to import
                self.asyncio_names.add(alias.asname or mod)
                continue
            out.append(N.Import(mod, (), alias.asname, self.span(node)))
        return out

    def visit_ImportFrom(self, node: ast.ImportFrom) -> list[N.Stmt]:
        if len(node.names) == 1 and node.names[0].name == "*":
            self.unsupported(node, "`from ... import *`", "import the names you use explicitly")
            return []
        mod = self.import_source(node)
        if mod is None:
            return []
        names: list[tuple[str, str]] = [(alias.name, alias.asname or alias.name) for alias in node.names]
        return [N.Import(mod, tuple(names), None, self.span(node))]

    def import_source(self, node: ast.ImportFrom) -> str | None:
        """The absolute module `from ... import` takes names from: relative ones resolved against this module's
        package, as CPython does; None (and an error) when there is no package or the dots climb above it."""
        try:
            return resolve(node.module, node.level, self.package)
        except RelativeImportError as exc:
            start = self.offsets(node)[0]
            written = _FROM_MODULE.match(self.src.text, start)
            span = self.span_of_offsets(*written.span(1)) if written is not None else self.span(node)
            if self.package:
                hint = f"from package `{self.package}`, `{'.' * node.level}` climbs above the top-level package"
            else:
                hint = "a top-level module belongs to no package"
            hint += ": import by the absolute module name"
            if _root_is_package(self.path, self.package):  # `transpile mylib/` names mylib/a.py `a`
                hint = "the project's folder is a package, but its modules are named from inside it: transpile " \
                       "the folder above it, or import by the absolute module name"
            self.error(span, str(exc), hint)
            return None

    def is_elif(self, node: ast.If) -> bool:
        orelse = node.orelse
        if len(orelse) != 1 or not isinstance(orelse[0], ast.If):
            return False
        inner = orelse[0]
        return bool(self.src.line(inner.lineno)[inner.col_offset:inner.col_offset + 4] == "elif")

    def visit_If(self, node: ast.If) -> list[N.Stmt]:
        orelse: list[N.Stmt] = []
        if self.is_elif(node):
            orelse = self.visit_If(cast(ast.If, node.orelse[0]))
        elif node.orelse:
            orelse = self.lower_suite(node.orelse, self.else_line(node.body, node.orelse))
        return [N.If(self.expr(node.test), tuple(self.lower_suite(node.body, node.lineno)), tuple(orelse),
                     self.span(node))]

    def else_line(self, before: Block, after: Block) -> int:
        """The line of the `else:`/`finally:` between two blocks (where the comments of `after` start)."""
        end = before[-1].end_lineno
        assert end is not None
        first = after[0].lineno
        for ln in range(first - 1, end, -1):
            if not self.src.is_empty_line(ln):
                return ln
        return end

    def visit_While(self, node: ast.While) -> list[N.Stmt]:
        orelse = self.lower_suite(node.orelse, self.else_line(node.body, node.orelse)) if node.orelse else []
        body = tuple(self.lower_suite(node.body, node.lineno))
        return [N.While(self.expr(node.test), body, tuple(orelse), self.span(node))]

    def visit_For(self, node: ast.For | ast.AsyncFor) -> list[N.Stmt]:
        is_async = isinstance(node, ast.AsyncFor)
        if is_async and not self.may_await(node):
            return []
        orelse = self.lower_suite(node.orelse, self.else_line(node.body, node.orelse)) if node.orelse else []
        return [
            N.For(
                self.target(node.target),
                self.awaiting(node.iter) if is_async else self.expr(node.iter),
                tuple(self.lower_suite(node.body, node.lineno)),
                tuple(orelse),
                self.span(node),
            )
        ]

    def visit_Try(self, node: ast.Try) -> list[N.Stmt]:
        handlers: list[N.Handler] = []
        for h in node.handlers:
            types: list[str] = []
            if h.type is not None:
                exprs = list(h.type.elts) if isinstance(h.type, ast.Tuple) else [h.type]
                for e in exprs:
                    nm = _dotted(e)
                    if nm is None:
                        self.unsupported(e, "computed exception type in `except`")
                    else:
                        types.append(nm.rsplit(".", 1)[-1])
            handlers.append(N.Handler(tuple(types), h.name, tuple(self.lower_suite(h.body, h.lineno)), self.span(h)))
        last = node.handlers[-1].body if node.handlers else node.body
        orelse = self.lower_suite(node.orelse, self.else_line(last, node.orelse)) if node.orelse else []
        final = self.lower_suite(node.finalbody, self.else_line(node.orelse or last, node.finalbody)) \
            if node.finalbody else []
        return [N.Try(tuple(self.lower_suite(node.body, node.lineno)), tuple(handlers), tuple(orelse), tuple(final),
                      self.span(node))]

    def visit_TryStar(self, node: ast.TryStar) -> list[N.Stmt]:
        self.unsupported(node, "`except*`")
        return []

    def visit_With(self, node: ast.With | ast.AsyncWith) -> list[N.Stmt]:
        if isinstance(node, ast.AsyncWith):
            self.unsupported(node, "`async with`")
            return []
        items: list[N.WithItem] = []
        for item in node.items:
            var = self.target(item.optional_vars) if item.optional_vars is not None else None
            items.append(N.WithItem(self.expr(item.context_expr), var, self.with_item_span(item)))
        return [N.With(tuple(items), tuple(self.lower_suite(node.body, node.lineno)), self.span(node))]

    def with_item_span(self, item: ast.withitem) -> Span:
        """From the item's expression, with the parentheses around it, to its `as` target."""
        start, end = self.paren_extent(item.context_expr)
        if item.optional_vars is not None:
            end = self.offsets(item.optional_vars)[1]
        return self.span_of_offsets(start, end)

    def paren_extent(self, node: ast.AST) -> tuple[int, int]:
        """The text offsets of an expression with the parentheses around it."""
        text = self.src.text
        start, end = self.offsets(node)
        opens: list[int] = []
        i = start - 1
        while i >= 0 and text[i] in " \t\x0c\r\n\\(":
            if text[i] == "(":
                opens.append(i)
            i -= 1
        if not opens:
            return start, end
        closes: list[int] = []
        j = end
        while j < len(text) and len(closes) < len(opens):
            c = text[j]
            if c == ")":
                closes.append(j + 1)
            elif c == "#":
                nl = text.find("\n", j)
                j = len(text) if nl < 0 else nl
                continue
            elif c not in " \t\x0c\r\n\\":
                break
            j += 1
        if closes:
            return opens[len(closes) - 1], closes[-1]
        return start, end

    match_counter = 0

    def case_span(self, case: ast.match_case) -> Span:
        start = self.keyword_before(self.offsets(case.pattern)[0], "case")
        end = self.offsets(case.body[-1])[1]
        return self.span_of_offsets(start, end)

    def visit_Match(self, node: ast.Match) -> list[N.Stmt]:
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
            csp = self.case_span(case)
            conds: list[N.Expr] = []
            binds: list[N.Stmt] = []
            if not self.pattern(case.pattern, N.Name(subj, _tv(), csp), conds, binds):
                continue
            case_body = self.lower_suite(case.body, csp.line)
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

    def pattern(self, pat: ast.pattern, subj: N.Expr, conds: list[N.Expr], binds: list[N.Stmt]) -> bool:
        """Conditions that test `subj` against `pat`, and the assignments of its captures."""
        sp = self.span(pat)
        if isinstance(pat, ast.MatchAs):
            if pat.pattern is not None and not self.pattern(pat.pattern, subj, conds, binds):
                return False
            if pat.name is not None:
                binds.append(N.Assign((N.Name(pat.name, _tv(), sp),), subj, None, sp))
            return True
        if isinstance(pat, ast.MatchValue):
            conds.append(N.Compare(subj, ("==",), (self.expr(pat.value),), _tv(), sp))
            return True
        if isinstance(pat, ast.MatchSingleton):
            conds.append(N.Compare(subj, ("is",), (N.Const(pat.value, _tv(), sp),), _tv(), sp))
            return True
        if isinstance(pat, ast.MatchOr):
            alts: list[N.Expr] = []
            for el in pat.patterns:
                sub_conds: list[N.Expr] = []
                sub_binds: list[N.Stmt] = []
                if not self.pattern(el, subj, sub_conds, sub_binds):
                    return False
                if sub_binds:
                    self.unsupported(el, "captures inside an or-pattern")
                    return False
                alts.append(sub_conds[0] if len(sub_conds) == 1 else
                            N.BoolOp("and", tuple(sub_conds), _tv(), sp) if sub_conds else N.Const(True, _tv(), sp))
            conds.append(N.BoolOp("or", tuple(alts), _tv(), sp))
            return True
        if isinstance(pat, ast.MatchSequence):
            elems = list(pat.patterns)
            star = [i for i, e in enumerate(elems) if isinstance(e, ast.MatchStar)]
            n = len(elems)
            length = N.Call(N.Name("len", _tv(), sp), (subj,), (), _tv(), sp)
            if star:
                conds.append(N.Compare(length, (">=",), (N.Const(n - 1, _tv(), sp),), _tv(), sp))
            else:
                conds.append(N.Compare(length, ("==",), (N.Const(n, _tv(), sp),), _tv(), sp))
            for i, sel in enumerate(elems):
                if isinstance(sel, ast.MatchStar):
                    if sel.name is not None:
                        after = n - i - 1
                        upper = N.Const(-after, _tv(), sp) if after else None
                        sl = N.Slice(N.Const(i, _tv(), sp), upper, None, _tv(), sp)
                        binds.append(N.Assign((N.Name(sel.name, _tv(), sp),),
                                              N.Subscript(subj, sl, _tv(), sp), None, sp))
                    continue
                idx = i if not star or i < star[0] else i - n
                item = N.Subscript(subj, N.Const(idx, _tv(), sp), _tv(), sp)
                if not self.pattern(sel, item, conds, binds):
                    return False
            return True
        if isinstance(pat, ast.MatchMapping):
            for key_node, sub in zip(pat.keys, pat.patterns, strict=True):
                key = self.expr(key_node)
                conds.append(N.Compare(key, ("in",), (subj,), _tv(), sp))
                if not self.pattern(sub, N.Subscript(subj, key, _tv(), sp), conds, binds):
                    return False
            if pat.rest is not None:
                self.unsupported(pat, "`**rest` in a mapping pattern")
                return False
            return True
        if isinstance(pat, ast.MatchClass):
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
                    if not self.pattern(sub, N.Attribute(subj, fname, _tv(), sp), conds, binds):
                        return False
            for attr, sub in zip(pat.kwd_attrs, pat.kwd_patterns, strict=True):
                if not self.pattern(sub, N.Attribute(subj, attr, _tv(), sp), conds, binds):
                    return False
            return True
        self.unsupported(pat, f"`{type(pat).__name__}` in a match statement")
        return False

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[N.Stmt]:
        saved = self.tvars
        if not self.tvars:  # a function outside a generic class: its TypeVars are its own
            self.tvars = {name: T.TypeVar(param=name) for name in self.typevar_names}
        try:
            return [self.function(node)]
        finally:
            self.tvars = saved

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> N.FunctionDef:
        if isinstance(node, ast.AsyncFunctionDef):
            self.may_await(node)
        decorators: list[str] = []
        for d in node.decorator_list:
            nm = _dotted(d if not isinstance(d, ast.Call) else d.func)
            if nm is None:
                self.unsupported(self.decorator_span(d), "decorator expression")
            else:
                decorators.append(nm)
        params = self.parameters(node.args)
        ret = self.annotation(node.returns)
        doc: str | None = None
        if self.is_indented(node.body):
            doc, body_nodes = self.split_docstring(node.body)
            body = self.lower_block(body_nodes, node.lineno, skip=len(node.body) - len(body_nodes),
                                    full=node.body)
        else:
            body = self.lower_suite(node.body, node.lineno)
        is_gen = self.may_contain(node, "yield") and _contains_yield(node.body)
        return N.FunctionDef(
            node.name,
            tuple(params),
            ret if ret is not None else _tv(),
            ret is not None,
            tuple(body),
            doc,
            tuple(decorators),
            is_gen,
            self.span(node),
        )

    def parameters(self, params: ast.arguments) -> list[N.Param]:
        out: list[N.Param] = []
        positional = [*params.posonlyargs, *params.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(params.defaults)) + list(params.defaults)
        for p, default in zip(positional, defaults, strict=True):
            out.append(self.param(p, default, "positional"))
        if params.vararg is not None:
            out.append(self.param(params.vararg, None, "vararg"))
        for p, default in zip(params.kwonlyargs, params.kw_defaults, strict=True):
            out.append(self.param(p, default, "kwonly"))
        if params.kwarg is not None:
            out.append(self.param(params.kwarg, None, "kwarg"))
        return out

    def param(self, p: ast.arg, default_node: ast.expr | None, kind: str) -> N.Param:
        ann = self.annotation(p.annotation)
        default = self.expr(default_node) if default_node is not None else None
        return N.Param(
            self.param_name(p),
            ann,
            ann if ann is not None else _tv(),
            default,
            kind,  # type: ignore[arg-type]
            self.span(p),
        )

    def visit_ClassDef(self, node: ast.ClassDef) -> list[N.Stmt]:
        saved = self.tvars
        # the class's TypeVars: one type each, shared by its fields and methods
        self.tvars = {name: T.TypeVar(param=name) for name in self.typevar_names}
        try:
            return self.class_def(node)
        finally:
            self.tvars = saved

    def class_def(self, node: ast.ClassDef) -> list[N.Stmt]:
        bases: list[str] = []
        extra_decorators: list[str] = []
        for b in node.bases:  # (keywords such as `metaclass=` are not looked at)
            value = _unstar(b)
            if isinstance(value, ast.Subscript) and (_dotted(value.value) or "").rsplit(".", 1)[-1] == "Generic":
                continue  # Generic[T]: the TypeVars are the class's (see visit_ClassDef)
            if (_dotted(value) or "").rsplit(".", 1)[-1] == "NamedTuple":  # a typed namedtuple: frozen dataclass
                extra_decorators += ["dataclass", "dataclass.frozen", "namedtuple"]
                continue
            nm = _dotted(value)
            if nm is None:
                self.unsupported(b, "class base expression")
            else:
                bases.append(nm.rsplit(".", 1)[-1])
        decorators: list[str] = []
        for d in node.decorator_list:
            expr = d.func if isinstance(d, ast.Call) else d
            nm = _dotted(expr)
            if nm is None:
                self.unsupported(self.decorator_span(d), "decorator expression")
            else:
                short = nm.rsplit(".", 1)[-1]
                decorators.append(short)
                if isinstance(d, ast.Call):
                    for kw in d.keywords:
                        if kw.arg is not None and isinstance(kw.value, ast.Constant) and kw.value.value is True:
                            decorators.append(f"{short}.{kw.arg}")
        decorators.extend(extra_decorators)
        indented = self.is_indented(node.body)
        if indented:
            doc, body = self.split_docstring(node.body)
        else:
            doc, body = None, list(node.body)
        fields: list[N.FieldDef] = []
        methods: list[N.FunctionDef] = []
        class_vars: list[N.Assign] = []
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                methods.append(self.function(stmt))
            elif indented and not isinstance(stmt, _COMPOUND):
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    ty = self.annotation(stmt.annotation)
                    default = self.expr(stmt.value) if stmt.value is not None else None
                    fields.append(N.FieldDef(stmt.target.id, ty or _tv(), default, self.span(stmt)))
                elif isinstance(stmt, ast.Assign):
                    class_vars.extend(cast(list[N.Assign], self.visit_Assign(stmt)))
                elif isinstance(stmt, ast.Pass):
                    pass
                elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
                        and (stmt.value.value is Ellipsis or isinstance(stmt.value.value, str | bytes)
                             and is_plain_string(stmt.value, self.src)):
                    pass
                else:
                    self.unsupported(stmt, "statement in a class body")
            else:
                self.unsupported(stmt, "statement in a class body")
        return [
            N.ClassDef(node.name, tuple(bases), tuple(fields), tuple(methods), tuple(class_vars), doc,
                       tuple(decorators), self.span(node))
        ]

    # ------------------------------------------------------------ expressions

    def target(self, node: ast.expr) -> N.Expr:
        if isinstance(node, ast.Tuple | ast.List):
            elts = tuple(self.target(e) if not isinstance(e, ast.Starred)
                         else N.Starred(self.target(e.value), _tv(), self.span(e)) for e in node.elts)
            return N.TupleLit(elts, _tv(), self.span(node))
        return self.expr(node)

    def expr(self, node: ast.expr) -> N.Expr:
        method = self._expr_methods.get(type(node))
        if method is None:
            kind = type(node).__name__
            self.unsupported(node, f"`{_KIND_NAMES.get(kind, kind)}` expression")
            return N.Const(None, _tv(), self.span(node))
        return method(node)

    def expr_Name(self, node: ast.Name) -> N.Expr:
        name = node.id
        if not name.isascii():  # the name as written (`ast` normalizes identifiers to NFKC)
            name = self.source_code(node)
        return N.Name(name, _tv(), self.span(node))

    def expr_Constant(self, node: ast.Constant) -> N.Expr:
        value = node.value
        if value is Ellipsis:
            value = None
        return N.Const(value, _tv(), self.span(node))

    # f-strings: `ast` merges the pieces of an implicit concatenation and the text around a field; the IR keeps
    # each piece and each text run apart, so the pieces and parts are found in the text.

    def expr_JoinedStr(self, node: ast.JoinedStr) -> N.Expr:
        start, end = self.offsets(node)
        pieces = _string_pieces(self.src.text, start, end)
        values = iter([v for v in node.values if isinstance(v, ast.FormattedValue)])
        if len(pieces) == 1:
            return self.fstring_piece(pieces[0], values)
        parts: list[N.Expr] = []
        for piece in pieces:
            if "f" in piece[0].lower():
                e = self.fstring_piece(piece, values)
                assert isinstance(e, N.FString)
                parts.extend(e.parts)
            else:
                value = ast.literal_eval(self.src.text[piece[1]:piece[2]])
                parts.append(N.Const(value, _tv(), self.span_of_offsets(piece[1], piece[2])))
        return N.FString(tuple(parts), _tv(), self.span(node))

    def fstring_piece(self, piece: tuple[str, int, int, int, int], values: object) -> N.Expr:
        prefix, start, end, body_start, body_end = piece
        text = self.src.text
        raw = "r" in prefix.lower()
        parts: list[N.Expr] = []
        for part in _fstring_parts(text, body_start, body_end, raw):
            if part[0] == "text":
                _, a, b = part
                value = _unescape_fstring_text(text[a:b], prefix, text[start + len(prefix):body_start])
                parts.append(N.Const(value, _tv(), self.span_of_offsets(a, b)))
                continue
            _, a, b, expr_end, equal, spec = part
            fv = next(values)  # type: ignore[call-overload]
            assert isinstance(fv, ast.FormattedValue)
            spec_text: str | None = None
            if spec is not None:
                spec_parts: list[str] = []
                for sp in _fstring_parts(text, spec[0], spec[1], raw):
                    if sp[0] == "text":
                        spec_parts.append(text[sp[1]:sp[2]])
                    else:
                        self.unsupported(self.span_of_offsets(sp[1], sp[2]),
                                         "nested replacement field in a format spec")
                spec_text = "".join(spec_parts)
            conv = _CONVERSIONS.get(fv.conversion)
            lowered = self.expr(fv.value)
            psp = self.span_of_offsets(a, b)
            if equal:
                code = text[a + 1:expr_end].strip()
                parts.append(N.Const(code + "=", _tv(), psp))
                if conv is None and spec_text is None:
                    conv = "r"
            parts.append(N.FormattedValue(lowered, conv, spec_text, _tv(), psp))
        return N.FString(tuple(parts), _tv(), self.span_of_offsets(start, end))

    def expr_BinOp(self, node: ast.BinOp) -> N.Expr:
        op = _BINOPS.get(type(node.op))
        if op is None:
            self.unsupported(node, "binary operator")
            return N.Const(None, _tv(), self.span(node))
        return N.BinOp(self.expr(node.left), op, self.expr(node.right), _tv(), self.span(node))

    def expr_UnaryOp(self, node: ast.UnaryOp) -> N.Expr:
        op = _UNOPS[type(node.op)]
        operand = self.expr(node.operand)
        if op == "-" and isinstance(operand, N.Const) and isinstance(operand.value, int | float) \
                and not isinstance(operand.value, bool):
            return N.Const(-operand.value, _tv(), self.span(node))
        return N.UnaryOp(op, operand, _tv(), self.span(node))

    def expr_BoolOp(self, node: ast.BoolOp) -> N.Expr:
        # `a and b and c` is one node here; the IR was built from left-nested pairs, one (dropped) type each
        op = "and" if isinstance(node.op, ast.And) else "or"
        values: list[N.Expr] = []
        for i, side in enumerate(node.values):
            values.append(self.expr(side))
            if i >= 1 and i < len(node.values) - 1:
                _tv()
        return N.BoolOp(op, tuple(values), _tv(), self.span(node))  # type: ignore[arg-type]

    def expr_Compare(self, node: ast.Compare) -> N.Expr:
        ops: list[str] = []
        comps: list[N.Expr] = []
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            ops.append(_CMPOPS[type(op)])
            comps.append(self.expr(comparator))
        return N.Compare(self.expr(node.left), tuple(ops), tuple(comps), _tv(), self.span(node))

    def call_args(self, node: ast.Call) -> list[ast.expr | ast.keyword]:
        """A call's arguments in source order."""
        if not node.keywords:
            return list(node.args)
        if not node.args:
            return list(node.keywords)
        args: list[ast.expr | ast.keyword] = [*node.args, *node.keywords]
        last, first_kw = node.args[-1], node.keywords[0]
        if (last.lineno, last.col_offset) > (first_kw.lineno, first_kw.col_offset):
            args.sort(key=lambda a: (a.lineno, a.col_offset))
        return args

    def expr_Call(self, node: ast.Call) -> N.Expr:
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
        for a in self.call_args(node):
            if isinstance(a, ast.keyword):
                kws.append(N.Keyword(a.arg, self.expr(a.value), self.span(a)))
            elif isinstance(a, ast.Starred):
                args.append(N.Starred(self.expr(a.value), _tv(), self.span(a)))
            else:
                args.append(self.expr(a))
        return N.Call(self.expr(node.func), tuple(args), tuple(kws), _tv(), self.span(node))

    def expr_Attribute(self, node: ast.Attribute) -> N.Expr:
        return N.Attribute(self.expr(node.value), node.attr, _tv(), self.span(node))

    def expr_Subscript(self, node: ast.Subscript) -> N.Expr:
        value = self.expr(node.value)
        sl = node.slice
        if isinstance(sl, ast.Tuple) and len(sl.elts) > 1 and not self.parenthesized_tuple(sl):
            elts = tuple(self.slice_elem(s) for s in sl.elts)
            return N.Subscript(value, N.TupleLit(elts, _tv(), self.span(node)), _tv(), self.span(node))
        if isinstance(sl, ast.Tuple) and len(sl.elts) == 1 and not self.parenthesized_tuple(sl):
            sl = sl.elts[0]  # `x[i,]` is read as `x[i]`
        return N.Subscript(value, self.slice_elem(sl), _tv(), self.span(node))

    def parenthesized_tuple(self, node: ast.Tuple) -> bool:
        start, end = self.offsets(node)
        text = self.src.text
        return text[start] == "(" and text[end - 1] == ")" and self.own_parens(node, start, end)

    def slice_elem(self, s: ast.expr) -> N.Expr:
        if not isinstance(s, ast.Slice):
            return self.expr(s)
        return N.Slice(
            self.expr(s.lower) if s.lower is not None else None,
            self.expr(s.upper) if s.upper is not None else None,
            self.expr(s.step) if s.step is not None else None,
            _tv(),
            self.span(s),
        )

    def elements(self, elems: Sequence[ast.expr]) -> tuple[N.Expr, ...]:
        out: list[N.Expr] = []
        for e in elems:
            if isinstance(e, ast.Starred):
                out.append(N.Starred(self.expr(e.value), _tv(), self.span(e)))
            else:
                out.append(self.expr(e))
        return tuple(out)

    def expr_List(self, node: ast.List) -> N.Expr:
        return N.ListLit(self.elements(node.elts), _tv(), self.span(node))

    def expr_Tuple(self, node: ast.Tuple) -> N.Expr:
        return N.TupleLit(self.elements(node.elts), _tv(), self.span(node))

    def expr_Set(self, node: ast.Set) -> N.Expr:
        return N.SetLit(self.elements(node.elts), _tv(), self.span(node))

    def expr_Dict(self, node: ast.Dict) -> N.Expr:
        keys: list[N.Expr] = []
        values: list[N.Expr] = []
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None:
                keys.append(self.expr(key))
                values.append(self.expr(value))
            else:
                start, end = self.offsets(value)
                self.unsupported(self.span_of_offsets(self.src.text.rfind("**", 0, start), end),
                                 "`**` in a dict display")
        return N.DictLit(tuple(keys), tuple(values), _tv(), self.span(node))

    def comp_for(self, generators: list[ast.comprehension], end: int) -> list[N.CompFor]:
        out: list[N.CompFor] = []
        for gen in generators:
            start = self.keyword_before(self.offsets(gen.target)[0], "for")
            if gen.is_async:
                start = self.keyword_before(start, "async")
            text = self.src.text
            while start > 0 and text[start - 1] in " \t\x0c\r\n\\":  # the space before `for` is the loop's
                start -= 1
            sp = self.span_of_offsets(start, end)
            if gen.is_async:
                self.unsupported(sp, "async comprehension")
            out.append(N.CompFor(self.target(gen.target), self.expr(gen.iter), tuple(self.expr(c) for c in gen.ifs),
                                 sp))
        return out

    def comp_end(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) -> int:
        last = node.generators[-1]
        return self.paren_extent(last.ifs[-1] if last.ifs else last.iter)[1]

    def expr_ListComp(self, node: ast.ListComp) -> N.Expr:
        return N.Comprehension("list", self.expr(node.elt), None, tuple(self.comp_for(node.generators,
                                                                                      self.comp_end(node))),
                               _tv(), self.span(node))

    def expr_SetComp(self, node: ast.SetComp) -> N.Expr:
        return N.Comprehension("set", self.expr(node.elt), None, tuple(self.comp_for(node.generators,
                                                                                     self.comp_end(node))),
                               _tv(), self.span(node))

    def expr_GeneratorExp(self, node: ast.GeneratorExp) -> N.Expr:
        return N.Comprehension("gen", self.expr(node.elt), None, tuple(self.comp_for(node.generators,
                                                                                     self.comp_end(node))),
                               _tv(), self.span(node))

    def expr_DictComp(self, node: ast.DictComp) -> N.Expr:
        return N.Comprehension("dict", self.expr(node.key), self.expr(node.value),
                               tuple(self.comp_for(node.generators, self.comp_end(node))), _tv(), self.span(node))

    def expr_Lambda(self, node: ast.Lambda) -> N.Expr:
        return N.Lambda(tuple(self.parameters(node.args)), self.expr(node.body), _tv(), self.span(node))

    def expr_IfExp(self, node: ast.IfExp) -> N.Expr:
        return N.IfExp(self.expr(node.test), self.expr(node.body), self.expr(node.orelse), _tv(),
                       self.span(node))

    def expr_NamedExpr(self, node: ast.NamedExpr) -> N.Expr:
        target = self.expr(node.target)
        if not isinstance(target, N.Name):
            self.unsupported(node, "walrus target that is not a name")
            return target
        return N.NamedExpr(target, self.expr(node.value), _tv(), self.span(node))

    def expr_Yield(self, node: ast.Yield | ast.YieldFrom) -> N.Expr:
        if isinstance(node, ast.YieldFrom):
            return N.Yield(self.expr(node.value), True, _tv(), self.span(node))
        value = self.expr(node.value) if node.value is not None else None
        return N.Yield(value, False, _tv(), self.span(node))

    def expr_Await(self, node: ast.Await) -> N.Expr:
        if not self.may_await(node):
            return N.Const(None, _tv(), self.span(node))
        return self.awaiting(node.value)

    def may_await(self, node: ast.AST) -> bool:
        """Coroutines are translated as plain calls run where they are awaited, which is what a program that
        only awaits one coroutine at a time (through asyncio.run) observes; without asyncio there is no loop."""
        if self.asyncio_names:
            return True
        self.unsupported(node, "asynchronous code outside asyncio",
                         "only programs that run their coroutines with asyncio.run are translated")
        return False

    def awaiting(self, node: ast.expr) -> N.Expr:
        saved, self.awaited = self.awaited, node
        try:
            return self.expr(node)
        finally:
            self.awaited = saved

    def asyncio_call(self, node: ast.Call, fname: str) -> N.Expr | None:
        """`asyncio.run(coro)` -> the coroutine's call; a call of an `async def` that nothing awaits is refused."""
        head, _, attr = fname.partition(".")
        if head in self.asyncio_names and attr:
            if attr == "run" and len(node.args) == 1 and not node.keywords \
                    and not isinstance(node.args[0], ast.Starred):
                return self.awaiting(node.args[0])
            self.unsupported(node, f"`{fname}`", "of asyncio only asyncio.run(coroutine) is translated: "
                                                 "coroutines run one at a time where they are awaited")
            return N.Const(None, _tv(), self.span(node))
        if fname in self.async_functions and node is not self.awaited:
            self.unsupported(node, f"call of the coroutine function `{fname}` outside `await`/`asyncio.run`")
        return None


def _unstar(node: ast.expr) -> ast.expr:
    return node.value if isinstance(node, ast.Starred) else node


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant) and (node.value is True or node.value is False or node.value is None):
        return str(node.value)  # a name in the concrete grammar
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


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


def _unescape_fstring_text(raw: str, prefix: str, quote: str = '"') -> str:
    text = raw.replace("{{", "{").replace("}}", "}")
    if "r" in prefix.lower():
        return text
    if "\\" not in text:
        return text
    try:
        return cast(str, ast.literal_eval('"' + text.replace('"', '\\"') + '"'))
    except (SyntaxError, ValueError):
        pass
    try:  # within the piece's own quotes, where the text is a valid literal body
        return cast(str, ast.literal_eval(prefix.lower().replace("f", "") + quote + text + quote))
    except (SyntaxError, ValueError):
        return text


def _skip_space(text: str, i: int, end: int) -> int:
    """Past whitespace, line continuations and comments."""
    while i < end:
        c = text[i]
        if c in " \t\x0c\r\n\\":
            i += 1
        elif c == "#":
            nl = text.find("\n", i, end)
            i = end if nl < 0 else nl + 1
        else:
            break
    return i


def _strip_comments(gap: str) -> str:
    """Text between the elements of a display (no strings in it) without its comments."""
    if "#" not in gap:
        return gap
    return "\n".join(line.split("#", 1)[0] for line in gap.split("\n"))


def _string_pieces(text: str, start: int, end: int) -> list[tuple[str, int, int, int, int]]:
    """The string literals of an implicit concatenation in text[start:end]: (prefix, start, end, body start,
    body end) each."""
    out: list[tuple[str, int, int, int, int]] = []
    i = _skip_space(text, start, end)
    while i < end:
        j = i
        while text[j] not in "'\"":
            j += 1
        prefix = text[i:j]
        quote = text[j:j + 3] if text[j:j + 3] in ('"""', "'''") else text[j]
        body = j + len(quote)
        k = body
        while True:
            c = text[k]
            if c == "\\":
                k += 2
                continue
            if text.startswith(quote, k):
                break
            k += 1
        out.append((prefix, i, k + len(quote), body, k))
        i = _skip_space(text, k + len(quote), end)
    return out


def _fstring_parts(text: str, start: int, end: int, raw: bool) -> list[tuple]:  # type: ignore[type-arg]
    """The text runs and replacement fields of an f-string body (or format spec) in text[start:end]:
    ("text", start, end) and ("field", start, end, expression end, has `=`, (spec start, spec end) | None)."""
    parts: list[tuple] = []  # type: ignore[type-arg]
    i = start
    run = start
    while i < end:
        c = text[i]
        if c == "\\" and not raw:
            if text.startswith("\\N{", i):
                i = text.index("}", i) + 1
            elif i + 1 < end and text[i + 1] in "{}":
                i += 1
            else:
                i += 2
            continue
        if c == "{":
            if i + 1 < end and text[i + 1] == "{":
                i += 2
                continue
            if i > run:
                parts.append(("text", run, i))
            field = _fstring_field(text, i, end)
            parts.append(field)
            i = run = field[2]
            continue
        if c == "}" and i + 1 < end and text[i + 1] == "}":
            i += 2
            continue
        i += 1
    if end > run:
        parts.append(("text", run, end))
    return parts


def _fstring_field(text: str, start: int, end: int) -> tuple:  # type: ignore[type-arg]
    """The replacement field opening at text[start] ('{')."""
    depth = 0
    i = start + 1
    expr_end = -1
    equal = False
    while i < end:
        c = text[i]
        if c in "'\"":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            k = i + len(quote)
            while not text.startswith(quote, k):
                k += 2 if text[k] == "\\" else 1
            i = k + len(quote)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]" or (c == "}" and depth > 0):
            depth -= 1
        elif depth == 0:
            if c == "}":
                return ("field", start, i + 1, i if expr_end < 0 else expr_end, equal, None)
            if c == "!" and text[i + 1] != "=":
                if expr_end < 0:
                    expr_end = i
                i += 2
                continue
            if c == ":":
                if expr_end < 0:
                    expr_end = i
                spec_start = i + 1
                k = spec_start
                nested = 0
                while True:
                    ch = text[k]
                    if ch == "{":
                        nested += 1
                    elif ch == "}":
                        if nested == 0:
                            break
                        nested -= 1
                    k += 1
                return ("field", start, k + 1, expr_end, equal, (spec_start, k))
            if c == "=" and text[i + 1] != "=" and text[i - 1] not in "=!<>":
                expr_end = i
                equal = True
        i += 1
    return ("field", start, end, end, equal, None)


def _contains_yield(body: Sequence[ast.stmt]) -> bool:
    todo: list[ast.AST] = list(body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Yield | ast.YieldFrom):
            return True
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        todo.extend(ast.iter_child_nodes(node))
    return False


# Deeper syntax trees are refused: the passes recurse on the tree, and CPython itself gives up near 3000.
MAX_NESTING = 100


def _parse_with_cpython(path: str, source: str, diag: DiagnosticSink) -> ast.Module | None:
    """The tree of what CPython compiles, refusing trees nested deeper than MAX_NESTING; None when refused."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = cast(ast.Module, compile(source, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True))
            try:  # the compiler's own checks (`return` outside a function, ...) on the tree parsed once
                compile(tree, path, "exec", dont_inherit=True)
            except SyntaxError:
                compile(source, path, "exec", dont_inherit=True)  # the error as the source gives it
                raise
            except (RecursionError, MemoryError):  # compiling a tree recurses deeper than compiling its text
                compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as syn:
        line = max(1, syn.lineno or 1)
        col = max(0, (syn.offset or 1) - 1)
        diag.error(Span(path, line, col, line, col + 1), f"invalid syntax: {syn.msg}")
        return None
    except (RecursionError, MemoryError):
        diag.error(Span(path, 1, 0, 1, 1), "source nests too deeply to compile (CPython refuses it too)")
        return None
    except ValueError as exc:
        diag.error(Span(path, 1, 0, 1, 1), f"invalid source: {exc}")
        return None
    if _deeper_than(tree, MAX_NESTING):
        todo: list[tuple[ast.AST, int]] = [(tree, 0)]
        while todo:
            node, depth = todo.pop()
            if depth > MAX_NESTING:
                line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0)
                diag.error(Span(path, line, col, line, col + 1),
                           f"code nests more than {MAX_NESTING} levels deep",
                           "split the expression or block into several statements or functions")
                return None
            todo.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return tree


# per node class, the fields that may hold nodes other than the leaf operators and contexts
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        fields = _CHILD_FIELDS[cls] = tuple(f for f in cls._fields if f not in ("ctx", "op", "ops"))  # type: ignore
    return fields


def _deeper_than(tree: ast.AST, limit: int) -> bool:
    """Whether a node of the tree lies deeper than `limit` (the leaf operators and contexts counted)."""
    todo: list[tuple[ast.AST, int]] = [(tree, 0)]
    pop, push = todo.pop, todo.append
    leaf_limit = limit - 1  # a node with an operator or context child at this depth has one deeper
    while todo:
        node, depth = pop()
        if depth > leaf_limit:
            if depth > limit or any(getattr(node, f, None) for f in ("ctx", "op", "ops")):
                return True
        depth += 1
        for name in _child_fields(type(node)):
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        push((item, depth))
            elif isinstance(value, ast.AST):
                push((value, depth))
    return False


def _root_is_package(path: str, package: str) -> bool:
    """Whether the project folder a module of `package` read from `path` lies in has an __init__.py."""
    root = Path(path).parent
    for _ in package.split(".") if package else ():
        root = root.parent
    return (root / "__init__.py").is_file()


def _resolved_or_none(node: ast.ImportFrom, package: str) -> str | None:
    try:
        return resolve(node.module, node.level, package)
    except RelativeImportError:
        return None  # reported where the import is lowered


def parse_python(path: str, source: str, module_name: str, diag: DiagnosticSink,
                 project: dict[str, frozenset[str]] | None = None) -> N.Module | None:
    """Parse and lower one Python file; None when it does not parse. `project` maps the project's modules to
    the enums each defines: a capitalised name imported from one (`from geo.point import Point`) is taken for
    a class in annotations, or an enum (collect_symbols checks it is one)."""
    project = project or {}
    diag.add_source(path, source)
    tree = _parse_with_cpython(path, source, diag)
    if tree is None:
        return None
    lowering = PythonLowering(path, source, diag)
    try:
        lowering.package = package_of(module_name, path)
        for stmt in tree.body:
            if isinstance(stmt, ast.ImportFrom) and project \
                    and (source_module := _resolved_or_none(stmt, lowering.package)) in project:
                enums = project[source_module]
                for a in stmt.names:
                    if a.name[:1].isupper():
                        (lowering.enums if a.name in enums else lowering.classes).add(a.asname or a.name)
        module = lowering.lower_module(tree, module_name)
        if "flask" in source:
            from transpiler.frontends.python.flask import lower_flask_app, uses_flask

            if uses_flask(module):
                module = lower_flask_app(tree, module, lowering.span, lowering.decorator_span, diag)
        return module
    except RecursionError:
        diag.error(Span(path, 1, 0, 1, 1), "source nests too deeply to translate",
                   "split deeply nested expressions or blocks into several statements or functions")
        return None
    finally:
        lowering.release()

