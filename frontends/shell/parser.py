"""A recursive-descent parser for bash scripts, producing `syntax` nodes.

bashlex covers POSIX sh, but not `[[ ]]`, `(( ))`, `for ((;;))`, arrays or `$'...'`, which bash scripts use
everywhere; this parser reads the whole bash grammar the runtime supports, character by character.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from transpiler.frontends.shell.syntax import (
    AndOr,
    Arith,
    Assign,
    Background,
    Case,
    CmdSub,
    CondExpr,
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

META = set(" \t\n;&|<>()")
RESERVED = {"if", "then", "elif", "else", "fi", "do", "done", "case", "esac", "while", "until", "for", "in",
            "function", "{", "}", "!", "[[", "]]", "select", "time"}
SPECIAL_PARAMS = set("@*#?$!-0123456789")


class ParseError(Exception):
    def __init__(self, msg: str, pos: int) -> None:
        super().__init__(msg)
        self.msg = msg
        self.pos = pos


def _ansi_c(s: str) -> str:
    out: list[str] = []
    i = 0
    simple = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "e": "\x1b",
              "E": "\x1b", "\\": "\\", "'": "'", '"': '"', "?": "?"}
    while i < len(s):
        c = s[i]
        if c != "\\" or i + 1 >= len(s):
            out.append(c)
            i += 1
            continue
        n = s[i + 1]
        if n in simple:
            out.append(simple[n])
            i += 2
        elif n in "01234567":
            j = i + 1
            while j < len(s) and j < i + 4 and s[j] in "01234567":
                j += 1
            out.append(chr(int(s[i + 1:j], 8) & 0xFF))
            i = j
        elif n in "xuU":
            maxd = {"x": 2, "u": 4, "U": 8}[n]
            j = i + 2
            while j < len(s) and j < i + 2 + maxd and s[j] in "0123456789abcdefABCDEF":
                j += 1
            if j == i + 2:
                out.append("\\" + n)
            else:
                out.append(chr(int(s[i + 2:j], 16)))
            i = j
        elif n == "c" and i + 2 < len(s):
            out.append(chr(ord(s[i + 2]) & 0x1F))
            i += 3
        else:
            out.append("\\" + n)
            i += 2
    return "".join(out)


class Parser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.nl = [i for i, c in enumerate(text) if c == "\n"]
        self.pending_heredocs: list[tuple[Redir, str, bool, bool]] = []

    def line(self, pos: int | None = None) -> int:
        return bisect.bisect_left(self.nl, self.i if pos is None else pos) + 1

    def err(self, msg: str) -> ParseError:
        return ParseError(msg, self.i)

    # ---------------------------------------------------------------------------------------------
    # Characters

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < len(self.s) else ""

    def startswith(self, t: str) -> bool:
        return self.s.startswith(t, self.i)

    def skip_blank(self) -> None:
        while True:
            c = self.peek()
            if c in (" ", "\t"):
                self.i += 1
            elif c == "\\" and self.peek(1) == "\n":
                self.i += 2
            elif c == "#":
                while self.i < len(self.s) and self.s[self.i] != "\n":
                    self.i += 1
            else:
                return

    def newline(self) -> bool:
        """Consume one newline (reading any pending here-document bodies)."""
        if self.peek() != "\n":
            return False
        self.i += 1
        if self.pending_heredocs:
            pending, self.pending_heredocs = self.pending_heredocs, []
            for redir, delim, strip, expand in pending:
                self.read_heredoc(redir, delim, strip, expand)
        return True

    def skip_newlines(self) -> None:
        while True:
            self.skip_blank()
            if not self.newline():
                return

    def read_heredoc(self, redir: Redir, delim: str, strip: bool, expand: bool) -> None:
        lines: list[str] = []
        while self.i < len(self.s):
            end = self.s.find("\n", self.i)
            if end < 0:
                end = len(self.s)
            line = self.s[self.i:end]
            self.i = min(end + 1, len(self.s))
            check = line.lstrip("\t") if strip else line
            if check == delim:
                break
            lines.append(check)
        else:
            pass
        body = "".join(ln + "\n" for ln in lines)
        if not expand:
            redir.target = Word([Q(body)])
            return
        sub = Parser(body)
        redir.target = sub.heredoc_word()

    def heredoc_word(self) -> Word:
        parts: list[Part] = []
        buf: list[str] = []
        while self.i < len(self.s):
            c = self.s[self.i]
            if c == "\\" and self.peek(1) in ("$", "`", "\\"):
                buf.append(self.peek(1))
                self.i += 2
            elif c == "\\" and self.peek(1) == "\n":
                self.i += 2
            elif c in ("$", "`"):
                p = self.dollar(True) if c == "$" else self.backtick(True)
                if p is None:
                    buf.append(c)
                    self.i += 1
                else:
                    if buf:
                        parts.append(Q("".join(buf)))
                        buf = []
                    parts.append(p)
            else:
                buf.append(c)
                self.i += 1
        if buf:
            parts.append(Q("".join(buf)))
        return Word(parts or [Q("")])

    # ---------------------------------------------------------------------------------------------
    # Words

    def read_word(self, stop: Callable[[str], bool] | None = None, *, tilde: bool = True) -> Word | None:
        """Read a word at the cursor; None when there is none (an operator or end of input)."""
        stop = stop or (lambda c: c in META)
        parts: list[Part] = []
        buf: list[str] = []
        start = self.i

        def flush() -> None:
            if buf:
                parts.append(Lit("".join(buf)))
                buf.clear()

        if tilde and self.peek() == "~":
            j = self.i + 1
            while j < len(self.s) and (self.s[j].isalnum() or self.s[j] in "_-+.") and self.s[j] != "/":
                j += 1
            if j >= len(self.s) or self.s[j] in "/" or stop(self.s[j]):
                parts.append(Tilde(self.s[self.i + 1:j]))
                self.i = j
        while self.i < len(self.s):
            c = self.s[self.i]
            if stop(c):
                break
            if c == "\\":
                if self.peek(1) == "\n":
                    self.i += 2
                    continue
                flush()
                if self.i + 1 < len(self.s):
                    parts.append(Q(self.s[self.i + 1]))
                self.i += 2
            elif c == "'":
                flush()
                j = self.s.find("'", self.i + 1)
                if j < 0:
                    raise self.err("unexpected EOF while looking for matching `''")
                parts.append(Q(self.s[self.i + 1:j]))
                self.i = j + 1
            elif c == '"':
                flush()
                self.i += 1
                parts.extend(self.dquoted())
            elif c == "$" and self.peek(1) == "'":
                flush()
                j = self.i + 2
                while j < len(self.s) and self.s[j] != "'":
                    j += 2 if self.s[j] == "\\" else 1
                if j >= len(self.s):
                    raise self.err("unexpected EOF while looking for matching `''")
                parts.append(Q(_ansi_c(self.s[self.i + 2:j])))
                self.i = j + 1
            elif c == "$" and self.peek(1) == '"':
                self.i += 1
            elif c == "$":
                p = self.dollar(False)
                if p is None:
                    buf.append("$")
                    self.i += 1
                else:
                    flush()
                    parts.append(p)
            elif c == "`":
                flush()
                p = self.backtick(False)
                if p is not None:
                    parts.append(p)
            elif c in "<>" and self.peek(1) == "(" and not stop("x"):
                raise self.err("process substitution is not supported")
            else:
                buf.append(c)
                self.i += 1
                # `name=~` and `:~` tildes in assignments.
                if c in ("=", ":") and self.peek() == "~" and tilde and _is_assign_prefix("".join(buf)):
                    j = self.i + 1
                    if j >= len(self.s) or self.s[j] in "/:" or stop(self.s[j]):
                        flush()
                        parts.append(Tilde(""))
                        self.i += 1
        flush()
        if self.i == start:
            return None
        return Word(parts or [Q("")])

    def dquoted(self) -> list[Part]:
        parts: list[Part] = []
        buf: list[str] = []
        while True:
            if self.i >= len(self.s):
                raise self.err('unexpected EOF while looking for matching `"\'')
            c = self.s[self.i]
            if c == '"':
                self.i += 1
                break
            if c == "\\" and self.peek(1) in ("$", "`", '"', "\\", "\n"):
                if self.peek(1) != "\n":
                    buf.append(self.peek(1))
                self.i += 2
            elif c == "$" or c == "`":
                p = self.dollar(True) if c == "$" else self.backtick(True)
                if p is None:
                    buf.append(c)
                    self.i += 1
                else:
                    if buf:
                        parts.append(Q("".join(buf)))
                        buf = []
                    parts.append(p)
            else:
                buf.append(c)
                self.i += 1
        if buf or not parts:
            parts.append(Q("".join(buf)))
        return parts

    def backtick(self, quoted: bool) -> Part | None:
        j = self.i + 1
        out: list[str] = []
        while j < len(self.s) and self.s[j] != "`":
            if self.s[j] == "\\" and j + 1 < len(self.s) and self.s[j + 1] in "$`\\":
                out.append(self.s[j + 1])
                j += 2
                continue
            out.append(self.s[j])
            j += 1
        if j >= len(self.s):
            raise self.err("unexpected EOF while looking for matching ``'")
        self.i = j + 1
        sub = Parser("".join(out))
        body = sub.parse_program()
        return CmdSub(body, quoted)

    def dollar(self, quoted: bool) -> Part | None:
        """A `$` expansion at the cursor, or None when the `$` is literal."""
        n = self.peek(1)
        if self.startswith("$(("):
            save = self.i
            self.i += 3
            try:
                expr = self.arith_until("))")
                return Arith(expr, quoted)
            except ParseError:
                self.i = save
        if n == "(":
            self.i += 2
            body = self.parse_list(("",), close=")")
            self.skip_newlines()
            if self.peek() != ")":
                raise self.err("unexpected EOF while looking for matching `)'")
            self.i += 1
            return CmdSub(body, quoted)
        if n == "[":
            self.i += 2
            expr = self.arith_until("]")
            return Arith(expr, quoted)
        if n == "{":
            return self.brace_param(quoted)
        if n and (n.isalpha() or n == "_"):
            j = self.i + 1
            while j < len(self.s) and (self.s[j].isalnum() or self.s[j] == "_"):
                j += 1
            name = self.s[self.i + 1:j]
            self.i = j
            return Param(name, quoted)
        if n and n in SPECIAL_PARAMS:
            self.i += 2
            return Param(n, quoted)
        return None

    def arith_until(self, close: str) -> Word:
        """Arithmetic text up to `close` (`))` or `]`), with `$` expansions inside."""
        parts: list[Part] = []
        buf: list[str] = []
        depth = 0
        while True:
            if self.i >= len(self.s):
                raise self.err("unexpected EOF in arithmetic")
            if depth == 0 and self.startswith(close):
                self.i += len(close)
                break
            c = self.s[self.i]
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth < 0:
                    raise self.err("unbalanced parentheses in arithmetic")
            if c in "$`":
                p = self.dollar(True) if c == "$" else self.backtick(True)
                if p is not None:
                    if buf:
                        parts.append(Lit("".join(buf)))
                        buf = []
                    parts.append(p)
                    continue
            if c == '"':
                self.i += 1
                for p in self.dquoted():
                    if isinstance(p, Q):
                        buf.append(p.s)
                    else:
                        if buf:
                            parts.append(Lit("".join(buf)))
                            buf = []
                        parts.append(p)
                continue
            if c == "\\" and self.peek(1) == "\n":
                self.i += 2
                continue
            buf.append(c)
            self.i += 1
        if buf:
            parts.append(Lit("".join(buf)))
        return Word(parts or [Lit("0")])

    def brace_param(self, quoted: bool) -> Part:
        self.i += 2
        op = "Plain"
        if self.peek() == "#" and self.peek(1) not in ("}", ""):
            self.i += 1
            op = "Len"
        elif self.peek() == "!" and self.peek(1) not in ("}", ""):
            self.i += 1
            op = "Indirect"
        j = self.i
        if j < len(self.s) and (self.s[j].isalpha() or self.s[j] == "_"):
            while j < len(self.s) and (self.s[j].isalnum() or self.s[j] == "_"):
                j += 1
        elif j < len(self.s) and self.s[j].isdigit():
            while j < len(self.s) and self.s[j].isdigit():
                j += 1
        elif j < len(self.s) and self.s[j] in SPECIAL_PARAMS:
            j += 1
        name = self.s[self.i:j]
        if not name:
            raise self.err("bad substitution")
        self.i = j
        index: Word | None = None
        if self.peek() == "[":
            self.i += 1
            if self.peek() in "@*" and self.peek(1) == "]":
                index = Word([Lit(self.peek())])
                self.i += 2
            else:
                index = self.read_word(lambda c: c == "]", tilde=False) or Word([Lit("0")])
                if self.peek() != "]":
                    raise self.err("bad substitution")
                self.i += 1
        if op == "Indirect" and self.peek() == "}" and index is not None and index.parts in ([Lit("@")], [Lit("*")]):
            self.i += 1
            return Param(name, quoted, "Keys", index=index)
        param = Param(name, quoted, op, index=index)
        if self.peek() == "}":
            self.i += 1
            return param
        if op != "Plain":
            raise self.err("bad substitution")
        ops = [(":-", "Default", True), (":=", "Assign", True), (":?", "Error", True), (":+", "Alt", True),
               ("-", "Default", False), ("=", "Assign", False), ("?", "Error", False), ("+", "Alt", False),
               ("##", "RemPreLong", False), ("#", "RemPre", False), ("%%", "RemSufLong", False),
               ("%", "RemSuf", False), ("//", "SubAll", False), ("/#", "SubPre", False), ("/%", "SubSuf", False),
               ("/", "Sub", False), ("^^", "UpperAll", False), ("^", "Upper", False), (",,", "LowerAll", False),
               (",", "Lower", False), (":", "Slice", False)]
        for text, name_op, colon in ops:
            if self.startswith(text):
                self.i += len(text)
                param.op, param.colon = name_op, colon
                break
        else:
            raise self.err("bad substitution")
        in_dq = quoted
        # In a pattern (`#`, `%`, `/`, `^`, `,`) the unquoted text inside double quotes still matches as a glob.
        pattern = param.op.startswith(("Rem", "Sub", "Upper", "Lower"))
        if param.op.startswith("Sub"):
            param.arg = self.param_arg(lambda c: c in "/}", in_dq, pattern=True)
            if self.peek() == "/":
                self.i += 1
                param.arg2 = self.param_arg(lambda c: c == "}", in_dq)
            else:
                param.arg2 = None
        elif param.op == "Slice":
            param.arg = self.param_arg(lambda c: c in ":}", in_dq, arith=True)
            if self.peek() == ":":
                self.i += 1
                param.arg2 = self.param_arg(lambda c: c == "}", in_dq, arith=True)
        else:
            param.arg = self.param_arg(lambda c: c == "}", in_dq, pattern=pattern)
        if self.peek() != "}":
            raise self.err("bad substitution")
        self.i += 1
        return param

    def param_arg(self, stop: Callable[[str], bool], in_dq: bool, arith: bool = False,
                  pattern: bool = False) -> Word:
        """The word inside `${x op word}`; inside double quotes its literal text stays quoted, except in a
        pattern, where it stays a glob and only quoted parts (`"."`, `'.'`) match literally."""
        lit: Callable[[str], Part] = Lit if pattern else Q
        depth = [0]

        def stop_fn(c: str) -> bool:
            if c == "{":
                depth[0] += 1
            elif c == "}" and depth[0] > 0:
                depth[0] -= 1
                return False
            return depth[0] == 0 and stop(c)

        if in_dq:
            parts: list[Part] = []
            buf: list[str] = []
            while self.i < len(self.s) and not stop_fn(self.s[self.i]):
                c = self.s[self.i]
                if c == "\\" and self.peek(1) in ("$", "`", '"', "\\", "}"):
                    if pattern:  # an escaped character matches itself
                        if buf:
                            parts.append(lit("".join(buf)))
                            buf = []
                        parts.append(Q(self.peek(1)))
                    else:
                        buf.append(self.peek(1))
                    self.i += 2
                elif c in "$`":
                    p = self.dollar(not pattern) if c == "$" else self.backtick(True)
                    if p is None:
                        buf.append(c)
                        self.i += 1
                    else:
                        if buf:
                            parts.append(lit("".join(buf)))
                            buf = []
                        parts.append(p)
                elif c == '"':
                    self.i += 1
                    if buf:
                        parts.append(lit("".join(buf)))
                        buf = []
                    parts.extend(self.dquoted())
                elif c == "'" and pattern and "'" in self.s[self.i + 1:]:
                    end = self.s.index("'", self.i + 1)
                    if buf:
                        parts.append(lit("".join(buf)))
                        buf = []
                    parts.append(Q(self.s[self.i + 1:end]))
                    self.i = end + 1
                elif c == "'" and not arith:
                    buf.append(c)
                    self.i += 1
                else:
                    buf.append(c)
                    self.i += 1
            if buf:
                parts.append(lit("".join(buf)))
            return Word(parts or [Q("")])
        w = self.read_word(stop_fn, tilde=not arith)
        return w or Word([])

    # ---------------------------------------------------------------------------------------------
    # Commands

    def parse_program(self) -> list[Node]:
        body = self.parse_list(("",))
        self.skip_newlines()
        if self.i < len(self.s):
            tok = self.peek_token()
            raise self.err(f"syntax error near unexpected token `{tok}'")
        return body

    def peek_token(self) -> str:
        self.skip_blank()
        for op in (";;&", ";;", ";&", "&&", "||", "|&", ";", "&", "|", "(", ")", "\n"):
            if self.startswith(op):
                return "newline" if op == "\n" else op
        j = self.i
        while j < len(self.s) and self.s[j] not in META:
            j += 1
        return self.s[self.i:j]

    def at_reserved(self, words: tuple[str, ...]) -> str | None:
        self.skip_blank()
        for w in words:
            if w and self.startswith(w):
                end = self.i + len(w)
                if end >= len(self.s) or self.s[end] in META or w in ("}",) and self.s[end] in "}":
                    return w
        return None

    def parse_list(self, terms: tuple[str, ...], close: str | None = None) -> list[Node]:
        """Statements until a reserved word in `terms`, `close` (`)`), `;;` or the end."""
        out: list[Node] = []
        while True:
            self.skip_newlines()
            if self.i >= len(self.s):
                return out
            if close and self.peek() == close:
                return out
            if self.startswith(";;") or self.startswith(";&"):
                return out
            if self.peek() == ")":
                return out
            if self.at_reserved(tuple(t for t in terms if t)):
                return out
            node = self.parse_andor()
            self.skip_blank()
            if self.peek() == "&" and not self.startswith("&&"):
                self.i += 1
                node = Background(node.line, node)
            elif self.peek() == ";" and not self.startswith(";;") and not self.startswith(";&"):
                self.i += 1
            elif self.peek() not in ("\n", "", ")") and not self.startswith(";;") and not self.startswith(";&"):
                if not self.at_reserved(tuple(t for t in terms if t)):
                    raise self.err(f"syntax error near unexpected token `{self.peek_token()}'")
            out.append(node)

    def parse_andor(self) -> Node:
        line = self.line()
        first = self.parse_pipeline()
        rest: list[tuple[str, Node]] = []
        while True:
            self.skip_blank()
            if self.startswith("&&") or self.startswith("||"):
                op = self.s[self.i:self.i + 2]
                self.i += 2
                self.skip_newlines()
                rest.append((op, self.parse_pipeline()))
            else:
                break
        return AndOr(line, first, rest) if rest else first

    def parse_pipeline(self) -> Node:
        line = self.line()
        negate = False
        self.skip_blank()
        while self.at_reserved(("!", "time")):
            if self.startswith("!"):
                negate = not negate
                self.i += 1
            else:
                self.i += 4
            self.skip_blank()
        cmds = [self.parse_command()]
        while True:
            self.skip_blank()
            if self.peek() == "|" and self.peek(1) != "|":
                both = self.peek(1) == "&"
                self.i += 2 if both else 1
                if both:
                    last = cmds[-1]
                    if isinstance(last, Simple):
                        last.redirs.append(Redir(2, "DupOut", Word([Lit("1")])))
                self.skip_newlines()
                cmds.append(self.parse_command())
            else:
                break
        if len(cmds) == 1 and not negate:
            return cmds[0]
        return Pipeline(line, cmds, negate)

    def expect(self, word: str) -> None:
        self.skip_newlines()
        if not self.at_reserved((word,)):
            tok = self.peek_token() or "end of file"
            if not tok:
                raise self.err("syntax error: unexpected end of file")
            raise self.err(f"syntax error near unexpected token `{tok}'" if self.i < len(self.s)
                           else "syntax error: unexpected end of file")
        self.i += len(word)

    def parse_command(self) -> Node:
        self.skip_blank()
        line = self.line()
        kw = self.at_reserved(("if", "while", "until", "for", "case", "function", "{", "[[", "select"))
        node: Node
        if kw == "if":
            self.i += 2
            arms: list[tuple[list[Node], list[Node]]] = []
            cond = self.parse_list(("then",))
            self.expect("then")
            body = self.parse_list(("elif", "else", "fi"))
            arms.append((cond, body))
            orelse = None
            while True:
                self.skip_newlines()
                k = self.at_reserved(("elif", "else", "fi"))
                if k == "elif":
                    self.i += 4
                    c = self.parse_list(("then",))
                    self.expect("then")
                    arms.append((c, self.parse_list(("elif", "else", "fi"))))
                elif k == "else":
                    self.i += 4
                    orelse = self.parse_list(("fi",))
                else:
                    self.expect("fi")
                    break
            node = If(line, arms, orelse)
        elif kw in ("while", "until"):
            self.i += len(kw)
            cond = self.parse_list(("do",))
            self.expect("do")
            body = self.parse_list(("done",))
            self.expect("done")
            node = While(line, cond, body, kw == "until")
        elif kw in ("for", "select"):
            self.i += len(kw)
            self.skip_blank()
            if self.startswith("(("):
                self.i += 2
                init = self.arith_until(";")
                arith_cond = self.arith_until(";")
                step = self.arith_until("))")
                self.skip_blank()
                if self.peek() == ";":
                    self.i += 1
                self.skip_newlines()
                body = self.loop_body()
                node = ForArith(line, init, arith_cond, step, body)
            else:
                w = self.read_word()
                if w is None:
                    raise self.err("syntax error near unexpected token")
                var = "".join(p.s for p in w.parts if isinstance(p, Lit))
                self.skip_blank()
                if self.peek() == ";":
                    self.i += 1
                self.skip_newlines()
                words: list[Word] | None = None
                if self.at_reserved(("in",)):
                    self.i += 2
                    words = []
                    while True:
                        self.skip_blank()
                        if self.peek() in (";", "\n", ""):
                            break
                        ww = self.read_word()
                        if ww is None:
                            break
                        words.append(ww)
                    if self.peek() == ";":
                        self.i += 1
                    self.skip_newlines()
                body = self.loop_body()
                node = For(line, var, words, body)
        elif kw == "case":
            self.i += 4
            self.skip_blank()
            w = self.read_word()
            if w is None:
                raise self.err("syntax error near unexpected token")
            self.skip_newlines()
            self.expect("in")
            items: list[tuple[list[Word], list[Node], str]] = []
            while True:
                self.skip_newlines()
                if self.at_reserved(("esac",)):
                    self.i += 4
                    break
                if self.i >= len(self.s):
                    raise self.err("syntax error: unexpected end of file")
                if self.peek() == "(":
                    self.i += 1
                pats: list[Word] = []
                while True:
                    self.skip_blank()
                    pw = self.read_word(lambda c: c in " \t\n|)", tilde=True)
                    if pw is None:
                        raise self.err(f"syntax error near unexpected token `{self.peek_token()}'")
                    pats.append(pw)
                    self.skip_blank()
                    if self.peek() == "|":
                        self.i += 1
                        continue
                    if self.peek() == ")":
                        self.i += 1
                        break
                    raise self.err(f"syntax error near unexpected token `{self.peek_token()}'")
                body = self.parse_list(("esac",))
                self.skip_newlines()
                term = ";;"
                for t in (";;&", ";;", ";&"):
                    if self.startswith(t):
                        term = t
                        self.i += len(t)
                        break
                items.append((pats, body, term))
            node = Case(line, w, items)
        elif kw == "function":
            self.i += 8
            self.skip_blank()
            w = self.read_word()
            if w is None:
                raise self.err("syntax error near unexpected token")
            name = "".join(p.s for p in w.parts if isinstance(p, Lit | Q))
            self.skip_blank()
            if self.startswith("()"):
                self.i += 2
            self.skip_newlines()
            node = FuncDef(line, name, self.parse_command())
            return node
        elif kw == "{":
            self.i += 1
            body = self.parse_list(("}",))
            self.expect("}")
            node = Group(line, body)
        elif kw == "[[":
            self.i += 2
            expr = self.cond_or()
            self.skip_blank()
            if not self.startswith("]]"):
                raise self.err(f"syntax error in conditional expression: unexpected token `{self.peek_token()}'")
            self.i += 2
            node = DBracket(line, CondExpr(expr))
        elif self.startswith("(("):
            save = self.i
            self.i += 2
            try:
                arith = self.arith_until("))")
                node = DParen(line, arith)
            except ParseError:
                self.i = save + 1
                body = self.parse_list(("",), close=")")
                self.skip_newlines()
                if self.peek() != ")":
                    raise self.err("syntax error: unexpected end of file") from None
                self.i += 1
                node = Subshell(line, body)
        elif self.peek() == "(":
            self.i += 1
            body = self.parse_list(("",), close=")")
            self.skip_newlines()
            if self.peek() != ")":
                raise self.err("syntax error: unexpected end of file")
            self.i += 1
            node = Subshell(line, body)
        else:
            return self.parse_simple(line)
        # Redirections after a compound command.
        redirs: list[Redir] = []
        while True:
            self.skip_blank()
            r = self.try_redir()
            if r is None:
                break
            redirs.append(r)
        if redirs:
            node.redirs.extend(redirs)
        return node

    def loop_body(self) -> list[Node]:
        self.skip_newlines()
        if self.at_reserved(("{",)):
            self.i += 1
            body = self.parse_list(("}",))
            self.expect("}")
            return body
        self.expect("do")
        body = self.parse_list(("done",))
        self.expect("done")
        return body

    # `[[ ]]`
    def cond_or(self) -> tuple[object, ...]:
        left = self.cond_and()
        while True:
            self.skip_newlines()
            if self.startswith("||"):
                self.i += 2
                left = ("or", left, self.cond_and())
            else:
                return left

    def cond_and(self) -> tuple[object, ...]:
        left = self.cond_not()
        while True:
            self.skip_newlines()
            if self.startswith("&&"):
                self.i += 2
                left = ("and", left, self.cond_not())
            else:
                return left

    def cond_not(self) -> tuple[object, ...]:
        self.skip_newlines()
        if self.peek() == "!" and self.peek(1) in (" ", "\t"):
            self.i += 1
            return ("not", self.cond_not())
        if self.peek() == "(":
            self.i += 1
            e = self.cond_or()
            self.skip_newlines()
            if self.peek() != ")":
                raise self.err("syntax error in conditional expression")
            self.i += 1
            return e
        w = self.cond_word()
        if w is None:
            raise self.err(f"unexpected token `{self.peek_token()}' in conditional command")
        lit = _plain(w)
        self.skip_blank()
        if lit is not None and len(lit) == 2 and lit[0] == "-" and lit[1] in "abcdefghknoprstuvwxzGLNOS" \
                and not self.startswith("]]"):
            save = self.i
            arg = self.cond_word()
            if arg is not None and _plain(arg) not in ("==", "=", "!="):
                return ("un", lit, arg)
            self.i = save
        self.skip_blank()
        for op in ("==", "!=", "=~", "=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"):
            if self.startswith(op) and (self.s[self.i + len(op):self.i + len(op) + 1] in (" ", "\t")):
                self.i += len(op)
                self.skip_blank()
                if op == "=~":
                    r = self.regex_word()
                else:
                    r = self.cond_word()
                if r is None:
                    raise self.err("syntax error in conditional expression")
                return ("bin", "==" if op == "=" else op, w, r)
        return ("word", w)

    def cond_word(self) -> Word | None:
        self.skip_blank()
        if self.startswith("]]") or self.startswith("&&") or self.startswith("||"):
            return None
        return self.read_word(lambda c: c in " \t\n;&|<>()" and c not in "<>" or (c in "()"), tilde=True) \
            if False else self.read_word(lambda c: c in " \t\n;&|()")

    def regex_word(self) -> Word | None:
        depth = [0]

        def stop(c: str) -> bool:
            if c == "(":
                depth[0] += 1
                return False
            if c == ")":
                if depth[0] == 0:
                    return True
                depth[0] -= 1
                return False
            return depth[0] == 0 and c in " \t\n;&"

        self.skip_blank()
        return self.read_word(lambda c: stop(c) if c not in "|" or depth[0] == 0 and c == "|" and False else False)

    def try_redir(self) -> Redir | None:
        j = self.i
        while j < len(self.s) and self.s[j].isdigit():
            j += 1
        fd = int(self.s[self.i:j]) if j > self.i else -1
        rest = self.s[j:j + 3]
        ops = [("&>>", "BothAppend"), ("<<<", "HereStr"), ("<<-", "HereDocStrip"), ("<<", "HereDoc"),
               ("&>", "Both"), (">>", "Append"), (">&", "DupOut"), ("<&", "DupIn"), ("<>", "InOut"),
               (">|", "Clobber"), (">", "Out"), ("<", "In")]
        for text, op in ops:
            if rest.startswith(text):
                if text.startswith("&") and fd != -1:
                    return None
                if j + len(text) < len(self.s) and self.s[j + len(text)] == "(" and text in ("<", ">"):
                    raise self.err("process substitution is not supported")
                self.i = j + len(text)
                self.skip_blank()
                if op in ("HereDoc", "HereDocStrip"):
                    start = self.i
                    w = self.read_word()
                    if w is None:
                        raise self.err("syntax error near unexpected token `newline'")
                    raw = self.s[start:self.i]
                    # The delimiter is the word's text after quote removal, with no expansion.
                    delim = raw.replace("'", "").replace('"', "").replace("\\", "")
                    expand = all(isinstance(p, Lit) for p in w.parts) and not any(
                        c in raw for c in "'\"\\")
                    r = Redir(fd, "HereDoc", Word([Q("")]))
                    self.pending_heredocs.append((r, delim, op == "HereDocStrip", expand))
                    return r
                w = self.read_word()
                if w is None:
                    raise self.err(f"syntax error near unexpected token `{self.peek_token() or 'newline'}'")
                return Redir(fd, op, w)
        return None

    def parse_simple(self, line: int) -> Node:
        assigns: list[Assign] = []
        words: list[Word] = []
        redirs: list[Redir] = []
        while True:
            self.skip_blank()
            c = self.peek()
            if c == "" or c in "\n;&|)" and not (c == "&" and self.peek(1) == ">"):
                break
            if c == "(":
                if words and len(words) == 1 and not assigns and self.startswith("()") or self.s.startswith(
                        "()", self.i) and words:
                    # name() { ... }
                    self.i += 1
                    self.skip_blank()
                    if self.peek() != ")":
                        raise self.err("syntax error near unexpected token `('")
                    self.i += 1
                    self.skip_newlines()
                    name = "".join(p.s for p in words[0].parts if isinstance(p, Lit | Q))
                    return FuncDef(line, name, self.parse_command())
                raise self.err("syntax error near unexpected token `('")
            r = self.try_redir()
            if r is not None:
                redirs.append(r)
                continue
            if c in "<>":
                raise self.err(f"syntax error near unexpected token `{c}'")
            if not words:
                a = self.try_assign()
                if a is not None:
                    assigns.append(a)
                    continue
            elif _plain(words[0]) in DECL_BUILTINS:
                a = self.try_assign()
                if a is not None:
                    words.append(_decl_word(a))
                    continue
                if self.at_reserved(("}", "]]")) and not words and not assigns and not redirs:
                    raise self.err(f"syntax error near unexpected token `{self.peek_token()}'")
            w = self.read_word()
            if w is None:
                raise self.err(f"syntax error near unexpected token `{self.peek_token()}'")
            words.append(w)
            if len(words) == 1 and _plain(w) in ("declare", "typeset", "local", "export", "readonly") and True:
                # Arguments like a=(1 2) or x=~/y are words here; read them as words.
                pass
        if not words and not assigns and not redirs:
            raise self.err(f"syntax error near unexpected token `{self.peek_token() or 'newline'}'")
        return Simple(line, assigns, words, redirs)

    def try_assign(self) -> Assign | None:
        j = self.i
        if j >= len(self.s) or not (self.s[j].isalpha() or self.s[j] == "_"):
            return None
        while j < len(self.s) and (self.s[j].isalnum() or self.s[j] == "_"):
            j += 1
        name = self.s[self.i:j]
        index: Word | None = None
        save = self.i
        if j < len(self.s) and self.s[j] == "[":
            self.i = j + 1
            index = self.read_word(lambda c: c == "]", tilde=False)
            if self.peek() != "]" or index is None:
                self.i = save
                return None
            j = self.i + 1
        append = False
        if self.s.startswith("+=", j):
            append = True
            j += 2
        elif j < len(self.s) and self.s[j] == "=":
            j += 1
        else:
            self.i = save
            return None
        self.i = j
        if self.peek() == "(" and index is None:
            self.i += 1
            items: list[tuple[Word | None, Word]] = []
            while True:
                self.skip_newlines()
                if self.peek() == ")":
                    self.i += 1
                    break
                if self.i >= len(self.s):
                    raise self.err("unexpected EOF while looking for matching `)'")
                key: Word | None = None
                if self.peek() == "[":
                    k_save = self.i
                    self.i += 1
                    key = self.read_word(lambda c: c == "]", tilde=False)
                    if self.peek() == "]" and self.peek(1) == "=":
                        self.i += 2
                    else:
                        self.i = k_save
                        key = None
                v = self.read_word()
                if v is None:
                    v = Word([Q("")])
                    if key is None:
                        raise self.err(f"syntax error near unexpected token `{self.peek_token()}'")
                items.append((key, v))
            return Assign(name, None, append, None, items)
        value = self.read_word() or Word([Q("")])
        return Assign(name, index, append, value)


DECL_BUILTINS = ("declare", "typeset", "local", "export", "readonly")


def _decl_word(a: Assign) -> Word:
    """`declare name=(a b)` argument as one word the declare builtin splits again."""
    parts: list[Part] = [Lit(a.name)]
    if a.index is not None:
        parts += [Lit("[")] + a.index.parts + [Lit("]")]
    parts.append(Lit("+=" if a.append else "="))
    if a.array is None:
        parts += [_quoted(p) for p in (a.value or Word([Q("")])).parts]
        return Word(parts)
    parts.append(Lit("("))
    for i, (k, v) in enumerate(a.array):
        if i:
            parts.append(Lit(" "))
        if k is not None:
            parts += [Lit("[")] + k.parts + [Lit("]=")]
        parts += [p if not isinstance(p, Lit) else Q(p.s) for p in v.parts]
    parts.append(Lit(")"))
    return Word(parts)


def _quoted(p: Part) -> Part:
    """The part as if double-quoted: assignment values are neither split nor globbed."""
    if isinstance(p, Lit):
        return Q(p.s)
    if isinstance(p, Param | CmdSub | Arith):
        p.quoted = True
    return p


def _plain(w: Word) -> str | None:
    part = w.parts[0] if len(w.parts) == 1 else None
    return part.s if isinstance(part, Lit) else None


def _is_assign_prefix(text: str) -> bool:
    head = text.split("=", 1)[0]
    return "=" in text and (head.replace("_", "a").isalnum() or head.endswith("+"))


def parse(text: str) -> list[Node]:
    return Parser(text).parse_program()
