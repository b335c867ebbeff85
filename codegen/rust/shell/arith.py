"""Shell arithmetic (`$(( ))`, `(( ))`, `for ((;;))`) compiled to Rust over variable slots.

The parser mirrors the runtime's (runtime-crates/shrt/src/arith.rs) token for token, so an expression means
the same compiled or interpreted; text it does not take (syntax errors, `$` expansions, odd names) is left
to the runtime, which reports errors as bash does. Values are i64 with wrapping operators; variables are
read with `sh.ar_var(slot)` (an integer as is, text evaluated as an expression, unset 0) and written with
`sh.ar_set(slot, v)`; division and `**` go through the runtime for bash's error message and status.

    (sum + i * i) % 1000003
    ->
    let t1 = sh.ar_var(0)?; let t2 = sh.ar_var(1)?; let t3 = sh.ar_var(1)?; let t4 = t2.wrapping_mul(t3); ...
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeAlias

Node: TypeAlias = tuple[object, ...]

_BINOPS: list[tuple[str, int]] = [
    ("||", 1), ("&&", 2), ("|", 3), ("^", 4), ("&", 5), ("==", 6), ("!=", 6), ("<=", 7), (">=", 7), ("<", 7),
    (">", 7), ("<<", 8), (">>", 8), ("+", 9), ("-", 9), ("*", 10), ("/", 10), ("%", 10),
]
_ASSIGN_OPS = ["<<=", ">>=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "="]
_WS = " \t\n\r\x0c"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class _Fail(Exception):
    """Text the compiler leaves to the runtime."""


def _u64_to_i64(v: int) -> int:
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >= 1 << 63 else v


def _parse_num(t: str) -> int | None:
    """The runtime's `parse_num`: `base#digits`, `0x..`, octal `0..`, decimal; wrapping to i64."""
    if "#" in t:
        b, d = t.split("#", 1)
        if not b.isdigit() or not 2 <= int(b) <= 64:
            return None
        base = int(b)
        n = 0
        for c in d:
            if "0" <= c <= "9":
                v = ord(c) - 48
            elif "a" <= c <= "z":
                v = ord(c) - 97 + 10
            elif "A" <= c <= "Z":
                v = ord(c) - 65 + (10 if base <= 36 else 36)
            elif c == "@":
                v = 62
            elif c == "_":
                v = 63
            else:
                return None
            if v >= base:
                return None
            n = _u64_to_i64(n * base + v)
        return n
    try:
        if t[:2] in ("0x", "0X"):
            r = int(t[2:], 16)
        elif len(t) > 1 and t.startswith("0"):
            r = int(t[1:], 8)
        else:
            r = int(t, 10)
    except ValueError:
        return None
    if r >= 1 << 64 or not t.isascii() or "_" in t:
        return None
    return _u64_to_i64(r)


class _Parser:
    def __init__(self, s: str) -> None:
        self.s = s
        self.i = 0
        self.last = 0  # where the last token taken starts (bash's error token for `**`)

    def ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i] in _WS:
            self.i += 1

    def peek(self, t: str) -> bool:
        self.ws()
        return self.s.startswith(t, self.i)

    def eat(self, t: str) -> bool:
        if self.peek(t):
            self.last = self.i
            self.i += len(t)
            return True
        return False

    def comma(self) -> Node:
        e = self.assign()
        while self.eat(","):
            e = ("comma", e, self.assign())
        return e

    def assign(self) -> Node:
        lhs = self.ternary()
        if lhs[0] in ("var", "elem"):
            self.ws()
            for op in _ASSIGN_OPS:
                if self.s.startswith(op, self.i) and not (op == "=" and self.s.startswith("==", self.i)):
                    self.last = self.i
                    self.i += len(op)
                    tok = self._token_after()
                    rhs = self.assign()
                    return ("assign", op, lhs, rhs, tok)
        return lhs

    def _token_after(self) -> str:
        """The text after an operator, blanks skipped: bash's error token for division by 0."""
        j = self.i
        while j < len(self.s) and self.s[j] in _WS:
            j += 1
        return self.s[j:]

    def ternary(self) -> Node:
        c = self.binary(1)
        if self.eat("?"):
            a = self.assign()
            if not self.eat(":"):
                raise _Fail
            b = self.assign()
            return ("cond", c, a, b)
        return c

    def binary(self, min_prec: int) -> Node:
        lhs = self.power()
        while True:
            self.ws()
            rest = self.s[self.i:]
            found: tuple[str, int] | None = None
            for op, prec in _BINOPS:
                if rest.startswith(op) and prec >= min_prec:
                    after = rest[len(op):]
                    if (op == "|" and after.startswith("|")) or (op == "&" and after.startswith("&")):
                        continue
                    if (op == "<" and after.startswith("<")) or (op == ">" and after.startswith(">")):
                        continue
                    if after.startswith("=") and op not in ("==", "!=", "<=", ">=", "<", ">"):
                        break
                    if op in ("<<", ">>") and after.startswith("="):
                        break
                    found = (op, prec)
                    break
            if found is None:
                break
            op, prec = found
            self.last = self.i
            self.i += len(op)
            tok = self._token_after()
            rhs = self.binary(prec + 1)
            lhs = ("bin", op, lhs, rhs, tok)
        return lhs

    def power(self) -> Node:
        base = self.unary()
        if self.eat("**"):
            exp = self.power()
            self.ws()
            tok = self.s[self.i:] if self.i < len(self.s) else self.s[self.last:]
            return ("bin", "**", base, exp, tok)
        return base

    def unary(self) -> Node:
        if self.eat("++"):
            return ("pre", 1, self.unary())
        if self.eat("--"):
            return ("pre", -1, self.unary())
        for op in ("-", "+", "!", "~"):
            if self.eat(op):
                return ("un", op, self.unary())
        e = self.primary()
        if e[0] in ("var", "elem"):
            if self.eat("++"):
                return ("post", 1, e)
            if self.eat("--"):
                return ("post", -1, e)
        return e

    def primary(self) -> Node:
        self.ws()
        if self.eat("("):
            e = self.comma()
            if not self.eat(")"):
                raise _Fail
            return e
        start = self.i
        while self.i < len(self.s) and (
                (self.s[self.i].isascii() and self.s[self.i].isalnum()) or self.s[self.i] in "_#"
                or (self.s[self.i] == "@" and self.i > start)):
            self.i += 1
        tok = self.s[start:self.i]
        if not tok:
            raise _Fail
        self.last = start
        if tok[0].isdigit():
            n = _parse_num(tok)
            if n is None:
                raise _Fail
            return ("num", n)
        if not _NAME.match(tok):
            raise _Fail
        if self.eat("["):
            idx = self.comma()
            if not self.eat("]"):
                raise _Fail
            return ("elem", tok, idx)
        return ("var", tok)


def parse(text: str) -> Node | None:
    """The expression of `text`, or None when the runtime should take it (errors, odd text)."""
    if not text.isascii() or any(c in text for c in "$`\\'\"") or any(ord(c) < 32 and c not in _WS for c in text):
        return None
    if not text.strip(_WS):
        return ("num", 0)
    p = _Parser(text)
    try:
        e = p.comma()
    except (_Fail, RecursionError):
        return None
    p.ws()
    return e if p.i == len(text) else None


def rs_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t").replace(
        "\r", "\\r").replace("\x0c", "\\u{c}") + '"'


_Line: TypeAlias = tuple[str, str, str]  # ("let", name, expr) or ("do", "", statement)


@dataclass
class _Gen:
    slot: Callable[[str], int]
    text: str
    prefix: str = ""  # before the text in error messages: `((: ` for the arithmetic command
    n: int = 0
    lines: list[_Line] = field(default_factory=list)

    def tmp(self, expr: str, ty: str = "") -> str:
        self.n += 1
        name = f"t{self.n}"
        self.lines.append(("let", name + (f": {ty}" if ty else ""), expr))
        return name

    def block(self, e: Node) -> str:
        """`e` as the body of a `match` arm: its statements, then its value as the tail expression."""
        saved, self.lines = self.lines, []
        v = self.gen(e)
        lines, self.lines = self.lines, saved
        tail = v
        if lines and lines[-1][0] == "let" and lines[-1][1].split(":")[0] == v:
            tail = lines.pop()[2]
        if not lines:
            return tail
        return "{\n" + _body(lines, tail) + f"\n{tail}\n}}"

    def load(self, t: Node) -> tuple[str, str | None]:
        """The value of an lvalue and, for an element, the temp holding its evaluated index."""
        if t[0] == "var":
            return self.tmp(f"sh.ar_var({self.slot(str(t[1]))})?"), None
        idx = self.gen(t[2])  # type: ignore[arg-type]
        return self.tmp(f"sh.ar_elem({self.slot(str(t[1]))}, {idx})?"), idx

    def store(self, t: Node, idx: str | None, v: str) -> None:
        if t[0] == "var":
            self.lines.append(("do", "", f"sh.ar_set({self.slot(str(t[1]))}, {v})?;"))
        else:
            if idx is None:
                idx = self.gen(t[2])  # type: ignore[arg-type]
            self.lines.append(("do", "", f"sh.ar_set_elem({self.slot(str(t[1]))}, {idx}, {v})?;"))

    def binop(self, op: str, a: str, b: str, tok: str) -> str:
        text = rs_str(self.prefix + self.text.lstrip(_WS))
        simple = {"+": "wrapping_add", "-": "wrapping_sub", "*": "wrapping_mul"}
        if op in simple:
            return self.tmp(f"{a}.{simple[op]}({b})")
        if op in ("/", "%"):
            return self.tmp(f"sh.ar_div({a}, {b}, {'true' if op == '%' else 'false'}, {text}, {rs_str(tok)})?")
        if op == "**":
            return self.tmp(f"sh.ar_pow({a}, {b}, {text}, {rs_str(tok)})?")
        if op == "<<":
            return self.tmp(f"{a}.wrapping_shl({b} as u32)")
        if op == ">>":
            return self.tmp(f"{a}.wrapping_shr({b} as u32)")
        if op in ("&", "|", "^"):
            return self.tmp(f"{a} {op} {b}")
        return self.tmp(f"i64::from({a} {op} {b})")  # comparisons

    def gen(self, e: Node) -> str:
        kind = e[0]
        if kind == "num":
            n = int(e[1])  # type: ignore[call-overload]
            return self.tmp("i64::MIN" if n == -(1 << 63) else str(n), "i64")
        if kind in ("var", "elem"):
            return self.load(e)[0]
        if kind == "un":
            a = self.gen(e[2])  # type: ignore[arg-type]
            op = str(e[1])
            if op == "+":
                return a
            if op == "-":
                return self.tmp(f"{a}.wrapping_neg()")
            if op == "!":
                return self.tmp(f"i64::from({a} == 0)")
            return self.tmp(f"!{a}")
        if kind == "bin":
            op = str(e[1])
            a = self.gen(e[2])  # type: ignore[arg-type]
            if op in ("&&", "||"):
                rhs = self.block(("truth", e[3]))
                if op == "&&":
                    return self.tmp(f"match {a} {{\n0 => 0,\n_ => {rhs},\n}}")
                return self.tmp(f"match {a} {{\n0 => {rhs},\n_ => 1,\n}}")
            b = self.gen(e[3])  # type: ignore[arg-type]
            return self.binop(op, a, b, str(e[4]))
        if kind == "truth":
            v = self.gen(e[1])  # type: ignore[arg-type]
            return self.tmp(f"i64::from({v} != 0)")
        if kind == "assign":
            aop, target, value = str(e[1]), e[2], e[3]
            r = self.gen(value)  # type: ignore[arg-type]
            assert isinstance(target, tuple)
            if aop == "=":
                self.store(target, None, r)
                return r
            cur, idx = self.load(target)
            v = self.binop(aop[:-1], cur, r, str(e[4]))
            self.store(target, idx, v)
            return v
        if kind in ("pre", "post"):
            d = int(e[1])  # type: ignore[call-overload]
            target = e[2]
            assert isinstance(target, tuple)
            cur, idx = self.load(target)
            v = self.tmp(f"{cur}.wrapping_add({d})")
            self.store(target, idx, v)
            return v if kind == "pre" else cur
        if kind == "cond":
            c = self.gen(e[1])  # type: ignore[arg-type]
            a = self.block(e[2])  # type: ignore[arg-type]
            b = self.block(e[3])  # type: ignore[arg-type]
            return self.tmp(f"match {c} {{\n0 => {b},\n_ => {a},\n}}")
        if kind == "comma":
            self.gen(e[1])  # type: ignore[arg-type]
            return self.gen(e[2])  # type: ignore[arg-type]
        raise AssertionError(e)


def _render(ln: _Line) -> str:
    return f"let {ln[1]} = {ln[2]};" if ln[0] == "let" else ln[2]


def _body(lines: list[_Line], tail: str) -> str:
    """The statements of a block ending in `tail`; a temp nothing reads (the left of a comma) is bound to
    `_tN` so rustc does not flag it."""
    text = "\n".join(_render(ln) for ln in lines)
    for ln in lines:
        if ln[0] == "let":
            t = ln[1].split(":")[0]
            if len(re.findall(rf"\b{t}\b", text + "\n" + tail)) == 1:
                text = re.sub(rf"\blet {t}\b", f"let _{t}", text)
    return text


def compile_fn(name: str, text: str, slot: Callable[[str], int], prefix: str = "") -> str | None:
    """`fn name(sh) -> Result<i64, Flow>` evaluating `text`, or None when the runtime should take it."""
    e = parse(text)
    if e is None:
        return None
    g = _Gen(slot, text, prefix)
    v = g.gen(e)
    used = _body(g.lines, v)
    param = "sh" if "sh." in used else "_sh"  # constant text reads no variable
    return f"fn {name}({param}: &mut Sh) -> Result<i64, Flow> {{\n{used}\nOk({v})\n}}"
