"""The shell syntax tree: words made of parts, commands, and compound commands. Each node has its line."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Lit:
    """Unquoted literal text."""

    s: str


@dataclass
class Q:
    """Quoted literal text."""

    s: str


@dataclass
class Tilde:
    user: str


@dataclass
class Param:
    """`$name` or `${name[index] op arg}`."""

    name: str
    quoted: bool
    op: str = "Plain"
    colon: bool = False
    index: Word | None = None
    arg: Word | None = None
    arg2: Word | None = None


@dataclass
class CmdSub:
    body: list[Node]
    quoted: bool


@dataclass
class Arith:
    expr: Word
    quoted: bool


Part = Lit | Q | Tilde | Param | CmdSub | Arith


@dataclass
class Word:
    parts: list[Part]


@dataclass
class Redir:
    fd: int
    op: str  # Out Append In InOut DupOut DupIn Both BothAppend HereStr HereDoc Clobber
    target: Word


@dataclass
class Assign:
    name: str
    index: Word | None
    append: bool
    value: Word | None
    array: list[tuple[Word | None, Word]] | None = None


@dataclass
class Simple:
    line: int
    assigns: list[Assign]
    words: list[Word]
    redirs: list[Redir]


@dataclass
class Pipeline:
    line: int
    cmds: list[Node]
    negate: bool


@dataclass
class AndOr:
    line: int
    first: Node
    rest: list[tuple[str, Node]]


@dataclass
class If:
    line: int
    arms: list[tuple[list[Node], list[Node]]]
    orelse: list[Node] | None
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class While:
    line: int
    cond: list[Node]
    body: list[Node]
    until: bool
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class For:
    line: int
    var: str
    words: list[Word] | None
    body: list[Node]
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class ForArith:
    line: int
    init: Word
    cond: Word
    step: Word
    body: list[Node]
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class Case:
    line: int
    word: Word
    items: list[tuple[list[Word], list[Node], str]]
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class FuncDef:
    line: int
    name: str
    body: Node


@dataclass
class Group:
    line: int
    body: list[Node]
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class Subshell:
    line: int
    body: list[Node]
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class CondExpr:
    """A `[[ ]]` expression: ("and"|"or", l, r), ("not", e), ("un", op, w), ("bin", op, l, r), ("word", w)."""

    tree: tuple[object, ...]


@dataclass
class DBracket:
    line: int
    expr: CondExpr
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class DParen:
    line: int
    expr: Word
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class Background:
    line: int
    cmd: Node


Node = (Simple | Pipeline | AndOr | If | While | For | ForArith | Case | FuncDef | Group | Subshell | DBracket | DParen
        | Background)
