"""Shell syntax tree -> Rust source using the `shrt` runtime.

Control flow becomes Rust control flow (`if`, `loop`, `for`, one Rust fn per shell function); words,
redirections and simple commands become `static` data that the runtime expands and runs:

    for i in 1 2; do echo "$i"; done
    ->
    static C_1: Cmd = Cmd { line: 1, words: &[&[W::Lit("echo")], &[W::Param(&Param { name: "i", .. }, true)]], .. };
    let items = sh.expand_words(WS_1)?;
    'l1: for v in items { sh.assign_str("i", v)?; sh.cmd(&C_1)?; sh.check()?; }

Variables the script names get slots at transpile time (`Param { slot, .. }`; the table of names goes to
`shrt::run_main_with`, which interns them first, in order), so the runtime indexes a Vec instead of hashing names.
Arithmetic of static text (`$(( ))`, `(( ))`, `for ((;;))`, array subscripts) is compiled to Rust over those
slots by `arith.py`; its results stay integers in the variable table until something reads them as text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias, cast

from transpiler.codegen.rust.shell.arith import compile_fn
from transpiler.frontends.shell.syntax import (
    AndOr,
    Arith,
    Assign,
    Background,
    Case,
    CmdSub,
    DBracket,
    DParen,
    For,
    ForArith,
    FuncDef,
    Group,
    If,
    Lit,
    Node,
    Param,
    Part,
    Pipeline,
    Q,
    Redir,
    Simple,
    Subshell,
    Tilde,
    While,
    Word,
)

# Parameters the runtime computes on each read: never in a slot.
_DYNAMIC = frozenset({"RANDOM", "LINENO", "SECONDS"})


class Unsupported(Exception):
    def __init__(self, msg: str, line: int) -> None:
        super().__init__(msg)
        self.msg = msg
        self.line = line


def _b(v: bool) -> str:
    return "true" if v else "false"


def rs(s: str) -> str:
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif ord(c) < 32 or ord(c) == 127:
            out.append(f"\\u{{{ord(c):x}}}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


# ------------------------------------------------------------------------------------------------------
# Brace expansion (purely textual, so done here)

Item: TypeAlias = "str | Part"


def _items(w: Word) -> list[Item]:
    out: list[Item] = []
    for p in w.parts:
        if isinstance(p, Lit):
            out.extend(p.s)
        else:
            out.append(p)
    return out


def _to_word(items: list[Item]) -> Word:
    parts: list[Part] = []
    buf: list[str] = []
    for it in items:
        if isinstance(it, str):
            buf.append(it)
        else:
            if buf:
                parts.append(Lit("".join(buf)))
                buf = []
            parts.append(it)
    if buf:
        parts.append(Lit("".join(buf)))
    if parts and isinstance(parts[0], Lit) and parts[0].s.startswith("~"):
        # A tilde that brace expansion brought to the front of a word expands too.
        head, sep, rest = parts[0].s[1:].partition("/")
        if all(c.isalnum() or c in "_-.+" for c in head):
            parts[0:1] = [Tilde(head)] + ([Lit(sep + rest)] if sep else [])
    return Word(parts)


def _seq(body: list[Item]) -> list[str] | None:
    if not all(isinstance(c, str) for c in body):
        return None
    text = "".join(c for c in body if isinstance(c, str))
    pieces = text.split("..")
    if len(pieces) not in (2, 3):
        return None
    step = 1
    if len(pieces) == 3:
        try:
            step = abs(int(pieces[2])) or 1
        except ValueError:
            return None
    a, b = pieces[0], pieces[1]
    try:
        x, y = int(a), int(b)
        width = max(len(a), len(b)) if (a.lstrip("-").startswith("0") and len(a.lstrip("-")) > 1) or (
            b.lstrip("-").startswith("0") and len(b.lstrip("-")) > 1) else 0
        rng = range(x, y + 1, step) if x <= y else range(x, y - 1, -step)
        return [str(n).zfill(width) if width and n >= 0 else (
            "-" + str(-n).zfill(width - 1) if width else str(n)) for n in rng]
    except ValueError:
        pass
    if len(a) == 1 and len(b) == 1 and a.isalpha() and b.isalpha():
        x, y = ord(a), ord(b)
        rng = range(x, y + 1, step) if x <= y else range(x, y - 1, -step)
        return [chr(n) for n in rng]
    return None


def brace_expand(w: Word) -> list[Word]:
    items = _items(w)
    res = _brace(items)
    return [_to_word(r) for r in res] if res is not None else [w]


def _brace(items: list[Item]) -> list[list[Item]] | None:
    for i, c in enumerate(items):
        if c != "{":
            continue
        depth = 0
        commas: list[int] = []
        for j in range(i + 1, len(items)):
            d = items[j]
            if d == "{":
                depth += 1
            elif d == "}":
                if depth == 0:
                    body = items[i + 1:j]
                    pre, post = items[:i], items[j + 1:]
                    alts: list[list[Item]] | None = None
                    if commas:
                        alts = []
                        last = i + 1
                        for k in commas + [j]:
                            alts.append(items[last:k])
                            last = k + 1
                    else:
                        seq = _seq(body)
                        if seq is not None:
                            alts = [list(s) for s in seq]
                    if alts is None:
                        break
                    out: list[list[Item]] = []
                    tails = _brace(post) or [post]
                    for alt in alts:
                        for a in _brace(alt) or [alt]:
                            for t in tails:
                                out.append(pre + a + t)
                    return out
                depth -= 1
            elif d == "," and depth == 0:
                commas.append(j)
    return None


# ------------------------------------------------------------------------------------------------------


def jumps(lines: list[str]) -> bool:
    """Whether generated statements end in a `break` or `continue` of a loop (what follows is unreachable)."""
    return bool(lines) and re.match(r"^(break|continue) '[a-z]_\d+;$", lines[-1]) is not None


def once(body: list[str], label: str) -> bool:
    """Whether a loop body ends by leaving its loop and never continues it: the loop runs at most once."""
    return bool(body) and body[-1] == f"break {label};" and f"continue {label}" not in "\n".join(body)


def used_label(label: str, body: list[str]) -> str:
    """`'label: ` when the body jumps to it, else nothing (rustc flags labels no jump uses)."""
    return f"{label}: " if re.search(rf"{label}\b", "\n".join(body)) else ""


class Emitter:
    def __init__(self, source_loader: Callable[[str, int], list[Node] | None] | None = None) -> None:
        self.items: list[str] = []
        self.n = 0
        self.loops: list[tuple[str, str]] = []  # (break label, continue statement)
        self.base_dir: Path | None = None  # the script's folder, for `source` of project files
        self.sourcing: set[Path] = set()
        self.slots: dict[str, int] = {}  # variable name -> slot in the runtime's variable table
        self.arith_fns: dict[tuple[str, str], str] = {}  # (arithmetic text, message prefix) -> compiled fn

    def slot(self, name: str) -> str:
        """The slot number of a variable the script names (`NO_SLOT` for special parameters)."""
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or name in _DYNAMIC:
            return "NO_SLOT"
        return str(self.slot_num(name))

    def slot_num(self, name: str) -> int:
        return self.slots.setdefault(name, len(self.slots))

    def arith_fn(self, w: Word, prefix: str = "") -> str | None:
        """The compiled fn of an arithmetic word of static text, None when the runtime must evaluate it.
        `prefix` goes before the text in error messages (`((: ` for the arithmetic command, as bash)."""
        if len(w.parts) != 1 or not isinstance(w.parts[0], Lit):
            return None
        key = (w.parts[0].s, prefix)
        if key in self.arith_fns:
            return self.arith_fns[key]
        name = self.fresh("ar")
        code = compile_fn(name, key[0], self.slot_num, prefix)
        if code is None:
            return None
        self.items.append(code)
        self.arith_fns[key] = name
        return name

    def fresh(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}_{self.n}"

    # Words -------------------------------------------------------------------------------------------

    def part(self, p: Part) -> str:
        if isinstance(p, Lit):
            return f"W::Lit({rs(p.s)})"
        if isinstance(p, Q):
            return f"W::Q({rs(p.s)})"
        if isinstance(p, Tilde):
            return f"W::Tilde({rs(p.user)})"
        if isinstance(p, Param):
            idx = f"Some({self.word(p.index)})" if p.index is not None else "None"
            arg = self.word(p.arg) if p.arg is not None else "&[]"
            arg2 = f"Some({self.word(p.arg2)})" if p.arg2 is not None else "None"
            ix = self.index_fn(p.index) if p.index is not None and self.slot(p.name) != "NO_SLOT" else "None"
            return (f"W::Param(&Param {{ name: {rs(p.name)}, slot: {self.slot(p.name)}, index: {idx}, ix: {ix}, "
                    f"op: ParamOp::{p.op}, colon: "
                    f"{_b(p.colon)}, arg: {arg}, arg2: {arg2} }}, {_b(p.quoted)})")
        if isinstance(p, CmdSub):
            name = self.fn_item(p.body)
            return f"W::Cmd({name}, {'true' if p.quoted else 'false'})"
        if isinstance(p, Arith):
            fn = self.arith_fn(p.expr)
            if fn is not None:
                return f"W::ArithC({fn}, {_b(p.quoted)})"
            return f"W::Arith({self.word(p.expr)}, {'true' if p.quoted else 'false'})"
        raise AssertionError(p)

    def word(self, w: Word) -> str:
        return "&[" + ", ".join(self.part(p) for p in w.parts) + "]"

    def words(self, ws: list[Word]) -> str:
        out: list[str] = []
        for w in ws:
            out.extend(self.word(x) for x in brace_expand(w))
        return "&[" + ", ".join(out) + "]"

    def static_word(self, w: Word) -> str:
        name = self.fresh("WD").upper()
        self.items.append(f"static {name}: &[W] = {self.word(w)};")
        return name

    def index_fn(self, w: Word) -> str:
        """`Some(fn)` compiling an array subscript of static text (`@` and `*` stay with the runtime)."""
        if len(w.parts) == 1 and isinstance(w.parts[0], Lit) and w.parts[0].s.strip() not in ("@", "*", ""):
            fn = self.arith_fn(w)
            if fn is not None:
                return f"Some({fn})"
        return "None"

    def arith_call(self, w: Word, prefix: str = "((: ") -> str:
        """A Rust call evaluating the text of `(( ))` or `for ((;;))` (compiled when static), of type
        Result<i64, Flow>."""
        fn = self.arith_fn(w, prefix)
        return f"{fn}(sh)" if fn is not None else f"sh.arith_word({self.static_word(w)})"

    def redirs(self, rs_: list[Redir]) -> str:
        return "&[" + ", ".join(
            f"Redir {{ fd: {r.fd}, op: RedirOp::{r.op}, target: {self.word(r.target)} }}" for r in rs_) + "]"

    def assign(self, a: Assign) -> str:
        idx = f"Some({self.word(a.index)})" if a.index is not None else "None"
        if a.array is not None:
            elems = ", ".join(
                f"({'Some(' + self.word(k) + ')' if k is not None else 'None'}, {self.word(v)})" for k, v in a.array)
            val = f"AVal::Array(&[{elems}])"
            if any(k is None and len(brace_expand(v)) > 1 for k, v in a.array):
                expanded = [(k, x) for k, v in a.array for x in ([v] if k is not None else brace_expand(v))]
                elems = ", ".join(f"({'Some(' + self.word(k) + ')' if k is not None else 'None'}, {self.word(v)})"
                                  for k, v in expanded)
                val = f"AVal::Array(&[{elems}])"
        else:
            val = f"AVal::Word({self.word(a.value or Word([Q('')]))})"
        ix = self.index_fn(a.index) if a.index is not None and self.slot(a.name) != "NO_SLOT" else "None"
        return (f"Assign {{ name: {rs(a.name)}, slot: {self.slot(a.name)}, index: {idx}, ix: {ix}, "
                f"append: {'true' if a.append else 'false'}, "
                f"value: {val} }}")

    def fn_item(self, body: list[Node], *, toplevel: bool = False) -> str:
        name = self.fresh("f")
        saved, self.loops = self.loops, []
        lines = self.block(body, toplevel=toplevel)
        self.loops = saved
        self.items.append(f"fn {name}(sh: &mut Sh) -> R {{\n" + "\n".join(lines) + "\n    Ok(sh.status)\n}")
        return name

    # Statements --------------------------------------------------------------------------------------

    def block(self, nodes: list[Node], *, toplevel: bool = False) -> list[str]:
        out: list[str] = []
        for i, n in enumerate(nodes):
            body = self.stmt(n, cond=False)
            if toplevel:
                # Commands on one line form one list: an expansion error discards the rest of it, as in bash.
                same_line = i > 0 and getattr(nodes[i - 1], "line", -1) == getattr(n, "line", -2)
                if same_line:
                    out.pop()
                    out.pop()
                else:
                    out.append("sh.top(|sh| {")
                out.extend(body)
                out.append("Ok(sh.status)")
                out.append("})?;")
            else:
                out.extend(body)
                if jumps(body):
                    break  # what follows `break` or `continue` is unreachable
        return out

    def closure(self, nodes: list[Node]) -> str:
        saved, self.loops = self.loops, []
        lines = self.block(nodes)
        self.loops = saved
        return "|sh: &mut Sh| -> R {\n" + "\n".join(lines) + "\nOk(sh.status)\n}"

    def cond(self, nodes: list[Node]) -> list[str]:
        out = ["sh.in_cond += 1;"]
        for i, n in enumerate(nodes):
            out.extend(self.stmt(n, cond=i == len(nodes) - 1))
        out.append("sh.in_cond -= 1;")
        return out

    def stmt(self, n: Node, cond: bool) -> list[str]:
        check = [] if cond else ["sh.check()?;"]
        if isinstance(n, Simple):
            lines = self.simple(n)
            return lines if jumps(lines) else lines + check
        if isinstance(n, Pipeline) and len(n.cmds) == 1:
            # `! cmd` runs cmd in this shell (assignments stick) and inverts its status.
            return self.stmt(n.cmds[0], cond=True) + ["sh.status = if sh.status == 0 { 1 } else { 0 };"]
        if isinstance(n, Pipeline):
            stages = ", ".join("&" + self.closure([c]) for c in n.cmds)
            return [f"sh.pipeline(&[{stages}], {'true' if n.negate else 'false'})?;"] + (
                [] if n.negate else check)
        if isinstance(n, AndOr):
            out = ["sh.in_cond += 1;"] + self.stmt(n.first, cond=True) + ["sh.in_cond -= 1;"]
            for i, (op, node) in enumerate(n.rest):
                last = i == len(n.rest) - 1
                test = "sh.status == 0" if op == "&&" else "sh.status != 0"
                inner = self.stmt(node, cond=not last or cond)
                if not last:
                    inner = ["sh.in_cond += 1;"] + inner + ["sh.in_cond -= 1;"]
                out += [f"if {test} {{"] + inner + ["}"]
            return out
        if isinstance(n, If):
            return self.wrap_redirs(n.redirs, self.if_chain(n.arms, n.orelse))
        if isinstance(n, While):
            label = self.fresh("'l")
            last_var = self.fresh("last")
            self.loops.append((label, f"continue {label};"))
            body = self.block(n.body)
            cond_lines = self.cond(n.cond)
            self.loops.pop()
            test = "sh.status != 0" if not n.until else "sh.status == 0"
            if once(body, label) and f"continue {label}" not in "\n".join(cond_lines):  # a block run at most once
                lines = [f"{label}: {{"] + cond_lines + [f"if {test} {{ break {label}; }}"] + body[:-1] + [
                    "}", "sh.status = 0;"]
                return self.wrap_redirs(n.redirs, lines)
            lines = [f"let mut {last_var} = 0;", f"{used_label(label, cond_lines + body)}loop {{"] + cond_lines + [
                f"if {test} {{ break; }}"] + body + [f"{last_var} = sh.status;", "}", f"sh.status = {last_var};"]
            if jumps(body):
                lines = [f"{used_label(label, cond_lines + body)}loop {{", *cond_lines, f"if {test} {{ break; }}",
                         *body, "}", "sh.status = 0;"]
            return self.wrap_redirs(n.redirs, lines)
        if isinstance(n, For):
            label = self.fresh("'l")
            items = self.fresh("items")
            self.loops.append((label, f"continue {label};"))
            body = self.block(n.body)
            self.loops.pop()
            if n.words is None:
                src = f"let {items} = sh.args.clone();"
            else:
                name = self.fresh("WS").upper()
                self.items.append(f"static {name}: &[&[W]] = {self.words(n.words)};")
                src = f"let {items} = sh.expand_words({name})?;"
            if once(body, label):  # the body always leaves the loop: at most the first item
                lines = [src, "sh.status = 0;", f"{label}: {{", f"if let Some(v) = {items}.into_iter().next() {{",
                         f"sh.assign_str({rs(n.var)}, v)?;"] + body[:-1] + ["}", "}"]
                return self.wrap_redirs(n.redirs, lines)
            lines = [src, "sh.status = 0;", f"{used_label(label, body)}for v in {items} {{",
                     f"sh.assign_str({rs(n.var)}, v)?;"] + body + ["}"]
            return self.wrap_redirs(n.redirs, lines)
        if isinstance(n, ForArith):
            label = self.fresh("'l")
            blk = self.fresh("'b")
            self.loops.append((label, f"break {blk};"))
            body = self.block(n.body)
            self.loops.pop()
            init = self.arith_call(n.init)
            step = self.arith_call(n.step)
            has_cond = any(not (isinstance(p, Lit) and not p.s.strip()) for p in n.cond.parts)
            condw = self.arith_call(n.cond) if has_cond else None
            # An expression error in the header (reported already) ends the loop with status 1, as in bash.
            done = self.fresh("'f")
            lines = [f"sh.line = {n.line};", f"{done}: {{", f"let r = {init};",
                     f"if sh.arith_cmd(r)?.is_none() {{ break {done}; }}", "sh.status = 0;",
                     f"{used_label(label, body)}loop {{"]
            if condw:
                lines += [f"let r = {condw};", "match sh.arith_cmd(r)? {", "Some(0) => break,",
                          f"None => break {done},", "Some(_) => {}", "}"]
            step_lines = [f"let r = {step};", f"if sh.arith_cmd(r)?.is_none() {{ break {done}; }}"]
            if used_label(blk, body):
                lines += [f"{blk}: {{"] + body + ["}"] + step_lines + ["}"]
            else:
                lines += body + step_lines + ["}"]
            lines.append("}")
            return self.wrap_redirs(n.redirs, lines)
        if isinstance(n, Case):
            subj = self.static_word(n.word)
            s = self.fresh("subj")
            lines = [f"let {s} = sh.expand_str({subj})?;", "sh.status = 0;"]
            label = self.fresh("'c")
            lines.append(f"{label}: {{")
            fall = self.fresh("fall")
            falls = any(term == ";&" for _, _, term in n.items)
            if falls:
                lines.append(f"let mut {fall} = false;")
            for pats, arm, term in n.items:
                pw = "&[" + ", ".join(self.word(p) for p in pats) + "]"
                test = f"{fall} || sh.case_match(&{s}, {pw})?" if falls else f"sh.case_match(&{s}, {pw})?"
                lines.append(f"if {test} {{")
                lines.extend(self.block(arm))
                if term == ";&":
                    lines.append(f"{fall} = true;")
                elif term == ";;&":
                    pass
                else:
                    lines.append(f"break {label};")
                lines.append("}")
            if falls:
                lines.append(f"let _ = {fall};")
            lines.append("}")
            return self.wrap_redirs(n.redirs, lines)
        if isinstance(n, FuncDef):
            name = self.fresh("fun")
            saved, self.loops = self.loops, []
            lines = self.block([n.body])
            self.loops = saved
            self.items.append(f"fn {name}(sh: &mut Sh) -> R {{\n" + "\n".join(lines) + "\n    Ok(sh.status)\n}")
            return [f"sh.def_fn({rs(n.name)}, {name});"]
        if isinstance(n, Group):
            if n.redirs:
                return [f"sh.with_redirs({self.redirs(n.redirs)}, {self.closure(n.body)})?;"] + check
            return self.block(n.body)
        if isinstance(n, Subshell):
            inner_lines = f"sh.subshell({self.closure(n.body)})?;"
            if n.redirs:
                return [f"sh.with_redirs({self.redirs(n.redirs)}, |sh: &mut Sh| -> R {{",
                        inner_lines, "Ok(sh.status)", "})?;"] + check
            return [inner_lines] + check
        if isinstance(n, DBracket):
            return self.wrap_redirs(n.redirs, [f"let b = {self.cond_expr(n.expr.tree)};", "sh.cond_status(b)?;"]
                                    + check)
        if isinstance(n, DParen):
            return self.wrap_redirs(n.redirs, [f"sh.line = {n.line};", f"let r = {self.arith_call(n.expr)};",
                                               "if let Some(v) = sh.arith_cmd(r)? {", "sh.bool_status(v != 0)?;", "}"]
                                    + check)
        if isinstance(n, Background):
            return self.stmt(n.cmd, cond=True) + ["sh.status = 0;"]
        raise AssertionError(n)

    def wrap_redirs(self, redirs: list[Redir], lines: list[str]) -> list[str]:
        if not redirs:
            return lines
        saved, self.loops = self.loops, []
        self.loops = saved
        return [f"sh.with_redirs({self.redirs(redirs)}, |sh: &mut Sh| -> R {{"] + lines + ["Ok(sh.status)", "})?;"]

    def if_chain(self, arms: list[tuple[list[Node], list[Node]]], orelse: list[Node] | None) -> list[str]:
        cond, body = arms[0]
        lines = self.cond(cond) + ["if sh.status == 0 {"] + self.block(body) + ["} else {"]
        if len(arms) > 1:
            lines += self.if_chain(arms[1:], orelse)
        elif orelse is not None:
            lines += self.block(orelse)
        else:
            lines.append("sh.status = 0;")
        lines.append("}")
        return lines

    def cond_expr(self, t: tuple[object, ...]) -> str:
        kind = t[0]
        sub = [cast(tuple[object, ...], x) for x in t[1:] if isinstance(x, tuple)]
        if kind == "and":
            left, right = self.cond_expr(sub[0]), self.cond_expr(sub[1])
            left = f"({left})" if sub[0][0] == "or" else left
            right = f"({right})" if sub[1][0] == "or" else right
            return f"{left} && {right}"
        if kind == "or":
            return f"{self.cond_expr(sub[0])} || {self.cond_expr(sub[1])}"
        if kind == "not":
            inner = self.cond_expr(sub[0])
            return f"!({inner})" if sub[0][0] in ("and", "or", "not") else f"!{inner}"
        words = [x for x in t[1:] if isinstance(x, Word)]
        if kind == "un":
            return f"sh.cond_unary({rs(str(t[1]))}, {self.static_word(words[0])})?"
        if kind == "bin":
            return f"sh.cond_bin({rs(str(t[1]))}, {self.static_word(words[0])}, {self.static_word(words[1])})?"
        return f"sh.cond_word({self.static_word(words[0])})?"

    def simple(self, n: Simple) -> list[str]:
        first = n.words[0] if n.words else None
        lit = first.parts[0].s if first and len(first.parts) == 1 and isinstance(first.parts[0], Lit) else None
        if lit in ("break", "continue") and not self.loops and not n.redirs and not n.assigns:
            # Not inside a loop of this function or subshell: bash reports it and goes on with status 0.
            return [f"sh.line = {n.line};", "sh.status = 0;"]
        if lit in ("break", "continue") and self.loops and not n.redirs and not n.assigns:
            count = 1
            if len(n.words) > 1:
                arg = n.words[1]
                if len(arg.parts) == 1 and isinstance(arg.parts[0], Lit) and arg.parts[0].s.isdigit():
                    count = max(1, int(arg.parts[0].s))
            count = min(count, len(self.loops))
            label, cont = self.loops[-count]
            return [f"break {label};"] if lit == "break" else [cont.replace("continue", "continue")
                                                                if count == 1 else f"continue {label};"]
        if lit == "eval" and not n.redirs and not n.assigns and all(
                all(isinstance(p, Lit | Q) for p in w.parts) for w in n.words[1:]):
            # eval of a constant string is static code: compile it in place.
            from transpiler.frontends.shell.parser import ParseError, parse

            text = " ".join("".join(p.s for p in w.parts if isinstance(p, Lit | Q)) for w in n.words[1:])
            try:
                body = parse(text)
            except ParseError as e:
                raise Unsupported(f"eval string does not parse: {e.msg}", n.line) from None
            return [f"sh.line = {n.line};", "sh.status = 0;"] + self.block(body)
        if lit in ("source", ".") and not n.redirs and not n.assigns and len(n.words) == 2 \
                and all(isinstance(p, Lit | Q) for p in n.words[1].parts) and self.base_dir is not None:
            # a project file sourced by a constant path is compiled in place
            from transpiler.frontends.shell.parser import ParseError, parse

            rel = "".join(p.s for p in n.words[1].parts if isinstance(p, Lit | Q))
            path = (self.base_dir / rel).resolve()
            if not path.is_file() or path in self.sourcing:
                raise Unsupported(f"`{lit} {rel}`: not a project file that can be compiled in", n.line)
            try:
                body = parse(path.read_text(encoding="utf-8", errors="surrogateescape"))
            except ParseError as e:
                raise Unsupported(f"{rel} does not parse: {e.msg}", n.line) from None
            self.sourcing.add(path)
            try:
                return [f"sh.line = {n.line};", "sh.status = 0;"] + self.block(body)
            finally:
                self.sourcing.discard(path)
        if lit in ("eval", "source", ".", "alias"):
            raise Unsupported(f"`{lit}` runs dynamic code, which cannot be compiled ahead of time", n.line)
        if lit == "trap":
            return self.trap(n)
        name = self.fresh("C").upper()
        self.items.append(
            f"static {name}: Cmd = Cmd {{ line: {n.line}, assigns: &[{', '.join(self.assign(a) for a in n.assigns)}], "
            f"words: {self.words(n.words)}, redirs: {self.redirs(n.redirs)} }};")
        return [f"sh.line = {n.line};", f"sh.cmd(&{name})?;"]

    def trap(self, n: Simple) -> list[str]:
        args = n.words[1:]
        texts: list[str] = []
        for w in args:
            if not all(isinstance(p, Lit | Q) for p in w.parts):
                raise Unsupported("`trap` with a computed command cannot be compiled", n.line)
            texts.append("".join(p.s for p in w.parts if isinstance(p, Lit | Q)))
        if len(texts) < 2 or any(s not in ("EXIT", "0") for s in texts[1:]):
            if texts and all(s in ("EXIT", "0") for s in texts[1:]) is False:
                raise Unsupported("only `trap ... EXIT` is supported", n.line)
        if not texts:
            return ["sh.status = 0;"]
        if texts[0] in ("-", ""):
            return ["sh.set_exit_trap(None);"]
        from transpiler.frontends.shell.parser import ParseError, parse

        try:
            body = parse(texts[0])
        except ParseError as e:
            raise Unsupported(f"trap command does not parse: {e.msg}", n.line) from None
        name = self.fn_item(body)
        return [f"sh.set_exit_trap(Some({name}));"]


def emit_module(nodes: list[Node], script: str, base_dir: Path | None = None,
                programs: dict[str, str] | None = None) -> str:
    e = Emitter()
    e.base_dir = base_dir
    main = e.fn_item(nodes, toplevel=True)
    body = "\n\n".join(e.items)
    used = [n for n in ("AVal", "Assign", "Cmd", "Flow", "Param", "ParamOp", "Redir", "RedirOp", "Sh", "W", "R",
                        "NO_SLOT")
            if re.search(rf"(?<!::)\b{n}\b", body)]  # `ParamOp::Assign` needs no `Assign` import
    header = (
        ""
        f"use shrt::state::{{{', '.join(used)}}};\n\n"
    )
    names = "&[" + ", ".join(rs(n) for n in e.slots) + "]"
    if programs:
        table = ", ".join(f"({json.dumps(k)}, {json.dumps(v)})" for k, v in sorted(programs.items()))
        entry = (f"\n\n/// Run {script} with this process's argv; the project's programs run as their binaries.\n"
                 f"pub fn sh_main() {{\n    shrt::run_main_in_project(&[{table}], {names}, {main});\n}}\n")
    else:
        entry = (f"\n\n/// Run {script} with this process's argv.\npub fn sh_main() {{\n"
                 f"    shrt::run_main_with({names}, {main});\n}}\n")
    return header + body + entry
