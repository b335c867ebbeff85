"""A small Rust syntax layer: expressions with precedence, statements and items that render to text.

Bodies are built from these objects, not pasted strings, so parenthesisation is exact and `let` vs
`let mut` is decided after the whole body is known. rustfmt lays the text out afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# precedence levels, higher binds tighter
ATOM = 100
UNARY = 90
CAST = 85
MUL = 80
ADD = 70
SHIFT = 60
BITAND = 55
BITXOR = 50
BITOR = 45
CMP = 40
AND = 30
OR = 20
RANGE = 15
LOWEST = 0

BIN_PREC = {"*": MUL, "/": MUL, "%": MUL, "+": ADD, "-": ADD, "<<": SHIFT, ">>": SHIFT, "&": BITAND,
            "^": BITXOR, "|": BITOR, "==": CMP, "!=": CMP, "<": CMP, "<=": CMP, ">": CMP, ">=": CMP,
            "&&": AND, "||": OR}


@dataclass(frozen=True, slots=True)
class RExpr:
    """Rust expression text and its precedence."""

    code: str
    prec: int = ATOM

    def at(self, prec: int) -> str:
        """The code, parenthesised if it binds looser than `prec`."""
        return self.code if self.prec >= prec else f"({self.code})"


def binary(left: RExpr, op: str, right: RExpr) -> RExpr:
    p = BIN_PREC[op]
    lcode = left.at(p + 1) if p == CMP else left.at(p)
    if op in ("<", "<<") and (left.prec == CAST or re.search(r"\bas [A-Za-z0-9_:]+$", lcode)):
        lcode = f"({lcode})"  # `x as i64 < y`, `a * x as f64 < y` would parse `i64<` as generics
    if p == CMP:
        return RExpr(f"{lcode} {op} {right.at(p + 1)}", p)
    return RExpr(f"{lcode} {op} {right.at(p + 1)}", p)


def unary(op: str, operand: RExpr) -> RExpr:
    code = operand.at(UNARY)
    if op == "!" and operand.prec == UNARY and code.startswith("!"):
        return RExpr(code[1:], UNARY)  # `!!x` is `x` for bools and integers alike; clippy flags it
    for pos, neg in ((".is_some()", ".is_none()"), (".is_none()", ".is_some()")):
        if op == "!" and code.endswith(pos) and operand.prec >= UNARY and code.count("(") == code.count(")") \
                and not code.startswith("!"):
            return RExpr(code[: -len(pos)] + neg, operand.prec)  # clippy's nonminimal_bool
    if op == "-" and code.startswith("-"):
        code = f"({code})"  # `--x` draws rustc's double-negation warning
    return RExpr(f"{op}{code}", UNARY)


def cast(e: RExpr, ty: str) -> RExpr:
    return RExpr(f"{e.at(CAST)} as {ty}", CAST)


def call(func: str, *args: RExpr | str) -> RExpr:
    return RExpr(f"{func}(" + ", ".join(a.code if isinstance(a, RExpr) else a for a in args) + ")")


def method(recv: RExpr, name: str, *args: RExpr | str) -> RExpr:
    return RExpr(f"{recv.at(UNARY + 1)}.{name}(" + ", ".join(a.code if isinstance(a, RExpr) else a
                                                            for a in args) + ")")


def field_of(recv: RExpr, name: str) -> RExpr:
    return RExpr(f"{recv.at(UNARY + 1)}.{name}")


class RStmt:
    """A Rust statement."""

    def render(self, out: list[str]) -> None:
        raise NotImplementedError


@dataclass
class MutFlag:
    """Whether a `let` binding needs `mut`; set while the rest of the body is emitted."""

    value: bool = False


@dataclass
class Let(RStmt):
    name: str
    ty: str | None
    value: RExpr | None
    mut: MutFlag

    def render(self, out: list[str]) -> None:
        m = "mut " if self.mut.value else ""
        ty = f": {self.ty}" if self.ty else ""
        val = f" = {self.value.code}" if self.value is not None else ""
        out.append(f"let {m}{self.name}{ty}{val};")


@dataclass
class Line(RStmt):
    """An expression statement or other single line (`x = 1;`, `break;`)."""

    text: str

    def render(self, out: list[str]) -> None:
        out.append(self.text)


@dataclass
class Comment(RStmt):
    text: str

    def render(self, out: list[str]) -> None:
        for ln in self.text.splitlines() or [""]:
            out.append(f"// {ln}".rstrip())


@dataclass
class Block(RStmt):
    """`head { body } tail` (if/while/for/loop/match arms/plain blocks)."""

    head: str
    body: list[RStmt] = field(default_factory=list)
    tail: str = ""

    def render(self, out: list[str]) -> None:
        out.append(f"{self.head} {{" if self.head else "{")
        for s in self.body:
            s.render(out)
        out.append("}" + self.tail)


@dataclass
class IfChain(RStmt):
    """`if c1 { .. } else if c2 { .. } else { .. }`."""

    branches: list[tuple[str, list[RStmt]]]
    orelse: list[RStmt] | None = None

    def render(self, out: list[str]) -> None:
        for i, (cond, body) in enumerate(self.branches):
            out.append(("if " if i == 0 else "} else if ") + cond + " {")
            for s in body:
                s.render(out)
        if self.orelse:
            out.append("} else {")
            for s in self.orelse:
                s.render(out)
        out.append("}")


def render_block(stmts: list[RStmt]) -> str:
    out: list[str] = []
    for s in stmts:
        s.render(out)
    return "\n".join(out)


def block_expr(stmts: list[RStmt], tail: RExpr) -> RExpr:
    """`{ stmts; tail }` as an expression."""
    return RExpr("{\n" + render_block(stmts) + "\n" + tail.code + "\n}")
