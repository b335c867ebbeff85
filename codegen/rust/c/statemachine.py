"""Functions with `goto` (or case labels inside nested blocks) become a state machine.

Before (C):                       After (Rust, sketch):
    i = 0;                            let mut st = 0u32;
  again:                              'sm: loop { match st {
    if (++i < 3) goto again;              0 => { v_i = 0; st = 1; continue 'sm; }
    return i;                             1 => { if (..) { st = 2; } else { st = 3; } continue 'sm; }
                                          ...
                                          _ => break 'sm, } }

Locals are already hoisted to the top of every translated function, so a jump never skips a Rust `let`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pycparser import c_ast
from transpiler.codegen.rust.c.exprs import Unsupported, bare, cast, int_lit
from transpiler.frontends.c.ctypes import IntT, promote, rust_type


@dataclass
class SwitchCtx:
    """The case labels met so far inside one switch: (value or None for default, block)."""

    ty: IntT
    cases: list[tuple[int | None, int]] = field(default_factory=list)


def diverges(line: str) -> bool:
    """Whether a block's last line always jumps away (so a following `break 'sm;` is unreachable)."""
    return line.endswith(("continue 'sm;", "break 'sm;")) or re.search(r"\breturn\b[^;]*; \}$", line) is not None


class StateMachine:
    """Lowers one function body to numbered blocks; `tr` is the CTranslator doing expressions."""

    def __init__(self, tr: object) -> None:
        self.tr = tr
        self.blocks: list[list[str]] = [[]]
        self.cur = 0
        self.labels: dict[str, int] = {}
        self.breaks: list[int] = []
        self.continues: list[int] = []
        self.switches: list[SwitchCtx] = []

    def new(self) -> int:
        self.blocks.append([])
        return len(self.blocks) - 1

    def emit(self, lines: list[str]) -> None:
        self.blocks[self.cur].extend(lines)

    def jump(self, target: int) -> None:
        self.emit([f"st = {target}; continue 'sm;"])

    def start(self, block: int) -> None:
        """Continue emitting into `block`; the current block falls through to it."""
        self.jump(block)
        self.cur = block

    def label(self, name: str) -> int:
        if name not in self.labels:
            self.labels[name] = self.new()
        return self.labels[name]

    def render(self) -> list[str]:
        out = ["let mut st: u32 = 0;", "'sm: loop {", "match st {"]
        for i, b in enumerate(self.blocks):
            out.append(f"{i} => {{")
            out.extend(b)
            if not b or not diverges(b[-1]):
                out.append("break 'sm;")
            out.append("}")
        out += ["_ => break 'sm,", "}", "}"]
        return out

    def stmt(self, node: c_ast.Node) -> None:
        tr = self.tr
        if isinstance(node, c_ast.Compound):
            with tr.scope():  # type: ignore[attr-defined]
                for it in node.block_items or []:
                    self.stmt(it)
            return
        if isinstance(node, c_ast.If):
            c, _ = tr.cond(node.cond)  # type: ignore[attr-defined]
            t, f, e = self.new(), self.new(), self.new()
            self.emit([f"if {bare(c)} {{ st = {t}; }} else {{ st = {f}; }} continue 'sm;"])
            self.cur = t
            self.sub(node.iftrue)
            self.jump(e)
            self.cur = f
            if node.iffalse is not None:
                self.sub(node.iffalse)
            self.start(e)
            return
        if isinstance(node, c_ast.While):
            h, e = self.new(), self.new()
            self.start(h)
            c, _ = tr.neg_cond(node.cond)  # type: ignore[attr-defined]
            self.emit([f"if {bare(c)} {{ st = {e}; continue 'sm; }}"])
            self.loop(node.stmt, e, h)
            self.jump(h)
            self.cur = e
            return
        if isinstance(node, c_ast.DoWhile):
            b, c_blk, e = self.new(), self.new(), self.new()
            self.start(b)
            self.loop(node.stmt, e, c_blk)
            self.start(c_blk)
            c, _ = tr.cond(node.cond)  # type: ignore[attr-defined]
            self.emit([f"if {bare(c)} {{ st = {b}; }} else {{ st = {e}; }} continue 'sm;"])
            self.cur = e
            return
        if isinstance(node, c_ast.For):
            with tr.scope():  # type: ignore[attr-defined]
                if node.init is not None:
                    if isinstance(node.init, c_ast.DeclList):
                        for d in node.init.decls:
                            self.emit(tr.decl_local(d))  # type: ignore[attr-defined]
                    else:
                        self.emit([tr.expr_stmt(node.init)])  # type: ignore[attr-defined]
                h, nxt, e = self.new(), self.new(), self.new()
                self.start(h)
                if node.cond is not None:
                    c, _ = tr.neg_cond(node.cond)  # type: ignore[attr-defined]
                    self.emit([f"if {bare(c)} {{ st = {e}; continue 'sm; }}"])
                self.loop(node.stmt, e, nxt)
                self.start(nxt)
                if node.next is not None:
                    self.emit([tr.expr_stmt(node.next)])  # type: ignore[attr-defined]
                self.jump(h)
                self.cur = e
            return
        if isinstance(node, c_ast.Switch):
            v = tr.rv(node.cond)  # type: ignore[attr-defined]
            if not isinstance(v.ty, IntT):
                raise Unsupported(node, "switch on a non-integer")
            sw_t = promote(v.ty)
            assert isinstance(sw_t, IntT)
            dispatch, e = self.new(), self.new()
            self.emit([f"sw_{dispatch} = {cast(v.code, v.ty, sw_t)};"])
            tr.fs.locals.append((f"sw_{dispatch}", rust_type(sw_t)))  # type: ignore[attr-defined]
            self.jump(dispatch)
            self.cur = self.new()  # statements before the first label are unreachable
            ctx = SwitchCtx(sw_t)
            self.switches.append(ctx)
            self.breaks.append(e)
            try:
                self.sub(node.stmt)
            finally:
                self.switches.pop()
                self.breaks.pop()
            self.jump(e)
            self.cur = dispatch
            arms = " ".join(f"{int_lit(val, sw_t)} => st = {blk}," for val, blk in ctx.cases if val is not None)
            default = next((blk for val, blk in ctx.cases if val is None), e)
            self.emit([f"match sw_{dispatch} {{ {arms} _ => st = {default}, }} continue 'sm;"])
            self.cur = e
            return
        if isinstance(node, c_ast.Case | c_ast.Default):
            if not self.switches:
                raise Unsupported(node, "case label outside a switch")
            ctx = self.switches[-1]
            blk = self.new()
            if isinstance(node, c_ast.Case):
                from transpiler.codegen.rust.c.translate import wrap

                val = tr.const_value(node.expr)  # type: ignore[attr-defined]
                if not isinstance(val, int):
                    raise Unsupported(node, "case label is not an integer constant")
                val = wrap(val, ctx.ty)
                if all(v != val for v, _ in ctx.cases):
                    ctx.cases.append((val, blk))
            else:
                ctx.cases.append((None, blk))
            self.start(blk)
            for s in node.stmts or []:
                self.stmt(s)
            return
        if isinstance(node, c_ast.Break):
            if not self.breaks:
                raise Unsupported(node, "`break` outside a loop or switch")
            self.jump(self.breaks[-1])
            self.cur = self.new()
            return
        if isinstance(node, c_ast.Continue):
            if not self.continues:
                raise Unsupported(node, "`continue` outside a loop")
            self.jump(self.continues[-1])
            self.cur = self.new()
            return
        if isinstance(node, c_ast.Goto):
            self.jump(self.label(node.name))
            self.cur = self.new()
            return
        if isinstance(node, c_ast.Label):
            self.start(self.label(node.name))
            self.stmt(node.stmt)
            return
        self.emit(tr.stmt(node))  # type: ignore[attr-defined]
        if isinstance(node, c_ast.Return):
            self.cur = self.new()  # what follows a return is unreachable: it starts a block no jump reaches

    def sub(self, node: c_ast.Node) -> None:
        with self.tr.scope():  # type: ignore[attr-defined]
            self.stmt(node)

    def loop(self, body: c_ast.Node, brk: int, cont: int) -> None:
        self.breaks.append(brk)
        self.continues.append(cont)
        try:
            self.sub(body)
        finally:
            self.breaks.pop()
            self.continues.pop()
