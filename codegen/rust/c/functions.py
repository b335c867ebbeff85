"""Statements, declarations, functions and the module around them, for the C translator."""

from __future__ import annotations

import re
from collections.abc import Callable

from pycparser import c_ast
from transpiler.codegen.rust.c.exprs import (
    LV,
    Ex,
    Unsupported,
    atom,
    bare,
    cast,
    float_lit,
    int_lit,
    mcall,
    rust_bytes,
    store,
    unescape,
)
from transpiler.codegen.rust.c.statemachine import StateMachine
from transpiler.codegen.rust.c.translate import FN_BASE, LIBC_FMT, FnState, Sym, Translator, plain_string
from transpiler.codegen.rust.c.typed_buffers import Buffer, TypedBuffers, chain, walk
from transpiler.frontends.c.ctypes import (
    INT,
    LONG,
    ULONG,
    VOID,
    ArrayT,
    CType,
    FloatT,
    FuncT,
    IntT,
    PtrT,
    StructT,
    VoidT,
    alignof,
    promote,
    rust_type,
    show,
    sizeof,
    usual,
)

ASSIGN_OPS = r"(?:=(?!=)|\+=|-=|\*=|/=|%=|&=|\|=|\^=|<<=|>>=)"


def assigned(name: str, body: str) -> bool:
    """Whether the generated body assigns the Rust local `name` (so that it must be `let mut`)."""
    return re.search(rf"(?<![.\w]){re.escape(name)}\s*{ASSIGN_OPS}", body) is not None


def mutable_param(param: str, body: str) -> str:
    """A parameter declared `mut name: T` keeps `mut` only when the body assigns it."""
    if param.startswith("mut "):
        name = param[4:].split(":", 1)[0]
        return param if assigned(name, body) else param[4:]
    return param


def used_label(label: str, body: list[str]) -> str:
    """`'label: ` when the body jumps to it, else nothing (rustc flags labels no jump uses)."""
    return f"{label}: " if re.search(rf"{label}\b", "\n".join(body)) else ""


NORETURN = frozenset({"exit", "abort"})


def always_returns(node: c_ast.Node, const: Callable[[c_ast.Node], int | float | None],
                   noreturn: frozenset[str] = NORETURN) -> bool:
    """Whether every path through the C statement jumps away (`return`, `break`, `continue`, an endless
    loop), as rustc sees the Rust it becomes: code after such a statement is unreachable and is not emitted.
    `const` folds a controlling expression (`while (1)` becomes `loop`)."""
    if isinstance(node, c_ast.Return | c_ast.Break | c_ast.Continue):
        return True
    if (isinstance(node, c_ast.FuncCall) and isinstance(node.name, c_ast.ID)
            and node.name.name in noreturn):
        return True  # crt's exit and abort return `!` (unless the program defines its own)
    if isinstance(node, c_ast.Compound):
        return any(always_returns(it, const, noreturn) for it in node.block_items or [])
    if isinstance(node, c_ast.If):
        return (node.iffalse is not None and always_returns(node.iftrue, const, noreturn)
                and always_returns(node.iffalse, const, noreturn))
    if isinstance(node, c_ast.Label):
        return always_returns(node.stmt, const, noreturn)
    if isinstance(node, c_ast.For | c_ast.While):
        endless = node.cond is None or bool(const(node.cond))
        return endless and not breaks_out(node.stmt)
    if isinstance(node, c_ast.Switch):
        items = node.stmt.block_items or [] if isinstance(node.stmt, c_ast.Compound) else [node.stmt]
        labels = [it for it in items if isinstance(it, c_ast.Case | c_ast.Default)]
        if not labels or not any(isinstance(it, c_ast.Default) for it in labels) or breaks_out(node.stmt):
            return False
        last = items[-1]
        while isinstance(last, c_ast.Case | c_ast.Default):
            if not last.stmts:
                return False
            last = last.stmts[-1]
        return always_returns(last, const, noreturn)
    return False


def breaks_out(node: c_ast.Node) -> bool:
    """Whether a `break` in `node` leaves it (one not inside a nested loop or switch)."""
    if isinstance(node, c_ast.Break):
        return True
    if isinstance(node, c_ast.For | c_ast.While | c_ast.DoWhile | c_ast.Switch):
        return False
    return any(breaks_out(child) for _, child in node.children())


def fast_pattern(node: c_ast.For) -> tuple[str, c_ast.Node] | None:
    """`for (j = A; j < B; j++) body` with a body free of loops, jumps and calls: (j, body)."""
    init, cond, nxt = node.init, node.cond, node.next
    if isinstance(init, c_ast.DeclList) and len(init.decls) == 1 and init.decls[0].init is not None:
        j = init.decls[0].name
    elif isinstance(init, c_ast.Assignment) and init.op == "=" and isinstance(init.lvalue, c_ast.ID):
        j = init.lvalue.name
    else:
        return None
    if not (isinstance(cond, c_ast.BinaryOp) and cond.op == "<" and isinstance(cond.left, c_ast.ID)
            and cond.left.name == j):
        return None
    step = (isinstance(nxt, c_ast.UnaryOp) and nxt.op in ("++", "p++") and isinstance(nxt.expr, c_ast.ID)
            and nxt.expr.name == j)
    step = step or (isinstance(nxt, c_ast.Assignment) and nxt.op == "+=" and isinstance(nxt.lvalue, c_ast.ID)
                    and nxt.lvalue.name == j and isinstance(nxt.rvalue, c_ast.Constant) and nxt.rvalue.value == "1")
    if not step:
        return None
    banned = (c_ast.For, c_ast.While, c_ast.DoWhile, c_ast.Break, c_ast.Continue, c_ast.Return, c_ast.Goto,
              c_ast.Label, c_ast.Switch, c_ast.FuncCall, c_ast.Case, c_ast.Default, c_ast.CompoundLiteral)
    if any(isinstance(n, banned) for n in walk(node.stmt)):
        return None
    return j, node.stmt


def assigned_in(node: c_ast.Node) -> set[str]:
    """Names assigned, incremented or address-taken in `node`."""
    out: set[str] = set()
    for n in walk(node):
        if isinstance(n, c_ast.Assignment) and isinstance(n.lvalue, c_ast.ID):
            out.add(n.lvalue.name)
        if isinstance(n, c_ast.UnaryOp) and n.op in ("++", "--", "p++", "p--", "&") and isinstance(n.expr, c_ast.ID):
            out.add(n.expr.name)
        if isinstance(n, c_ast.Decl) and n.name:
            out.add(n.name)
    return out


def invariant_expr(node: c_ast.Node, ok_name: Callable[[str], bool]) -> bool:
    """Arithmetic on constants and names that `ok_name` accepts, nothing else."""
    if isinstance(node, c_ast.Constant):
        return node.type in ("int", "char") or node.type.endswith("int")
    if isinstance(node, c_ast.ID):
        return ok_name(node.name)
    if isinstance(node, c_ast.BinaryOp):
        return (node.op in ("+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^")
                and invariant_expr(node.left, ok_name) and invariant_expr(node.right, ok_name))
    if isinstance(node, c_ast.UnaryOp):
        return node.op in ("-", "+", "~") and invariant_expr(node.expr, ok_name)
    if isinstance(node, c_ast.Cast):
        return isinstance(node.to_type.type, c_ast.TypeDecl) and invariant_expr(node.expr, ok_name)
    return False


def window_offset(sub: c_ast.Node, j: str, invariant: Callable[[c_ast.Node], bool]
                  ) -> tuple[c_ast.Node | None, int] | None:
    """A last subscript `j`, `j + e`, `e + j` or `j - e` (e invariant) as (e, sign)."""
    if isinstance(sub, c_ast.ID) and sub.name == j:
        return None, 1
    if isinstance(sub, c_ast.BinaryOp) and sub.op in ("+", "-"):
        left_j = isinstance(sub.left, c_ast.ID) and sub.left.name == j
        right_j = isinstance(sub.right, c_ast.ID) and sub.right.name == j
        if left_j and invariant(sub.right):
            return sub.right, 1 if sub.op == "+" else -1
        if right_j and sub.op == "+" and invariant(sub.left):
            return sub.left, 1
    return None


def typed_refs(node: c_ast.Node) -> list[tuple[c_ast.ArrayRef, bool]]:
    """The outermost subscript chains in `node`, each with whether it is stored to."""
    stores: set[int] = set()
    for n in walk(node):
        if isinstance(n, c_ast.Assignment) and isinstance(n.lvalue, c_ast.ArrayRef):
            stores.add(id(n.lvalue))
        if isinstance(n, c_ast.UnaryOp) and n.op in ("++", "--", "p++", "p--") and isinstance(n.expr, c_ast.ArrayRef):
            stores.add(id(n.expr))
    out: list[tuple[c_ast.ArrayRef, bool]] = []

    def visit(n: c_ast.Node) -> None:
        if isinstance(n, c_ast.ArrayRef):
            out.append((n, id(n) in stores))
            root = n
            while isinstance(root, c_ast.ArrayRef):
                visit(root.subscript)
                root = root.name
            visit(root)
            return
        for _, child in n.children():
            visit(child)

    visit(node)
    return out


def zero_of(rt: str) -> str:
    return "0.0" if rt.startswith("f") else f"0{rt}"


def has_label(node: c_ast.Node) -> bool:
    """Whether a goto or case label lies in `node` (code after a jump may then be reached)."""
    if isinstance(node, c_ast.Label | c_ast.Case | c_ast.Default):
        return True
    return any(has_label(child) for _, child in node.children())


class AddrScan(c_ast.NodeVisitor):  # type: ignore[misc]  # pycparser is untyped (Any)
    """Names whose address is taken (`&x`) anywhere in a function: those locals live in memory."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.reads: set[str] = set()  # names read somewhere (a local never read gets a `_` name)
        self.has_goto = False
        self.nested_case = False
        self.allowed: set[int] = set()

    def visit_UnaryOp(self, node: c_ast.UnaryOp) -> None:
        if node.op == "&" and isinstance(node.expr, c_ast.ID):
            self.names.add(node.expr.name)
        if node.op == "sizeof":  # the operand is not evaluated: nothing in it is read
            reads = set(self.reads)
            self.generic_visit(node)
            self.reads = reads
            return
        self.generic_visit(node)

    def visit_ID(self, node: c_ast.ID) -> None:
        self.reads.add(node.name)

    def visit_StructRef(self, node: c_ast.StructRef) -> None:
        self.visit(node.name)  # the field is no variable

    def visit_Compound(self, node: c_ast.Compound) -> None:
        items = node.block_items or []
        for i, it in enumerate(items):
            self.visit(it)
            if isinstance(it, c_ast.Break | c_ast.Continue | c_ast.Return) and not any(
                    has_label(rest) for rest in items[i + 1:]):
                break  # the rest is unreachable and not translated (see `block`)


    def visit_Assignment(self, node: c_ast.Assignment) -> None:
        if node.op == "=" and isinstance(node.lvalue, c_ast.ID):
            self.visit(node.rvalue)  # `x = ...` writes x without reading it
        else:
            self.generic_visit(node)

    def visit_Goto(self, node: c_ast.Goto) -> None:
        self.has_goto = True

    def visit_Switch(self, node: c_ast.Switch) -> None:
        items = node.stmt.block_items or [] if isinstance(node.stmt, c_ast.Compound) else [node.stmt]

        def flat(nodes: list[c_ast.Node]) -> None:
            for it in nodes:
                if isinstance(it, c_ast.Case | c_ast.Default):
                    self.allowed.add(id(it))
                    flat(it.stmts or [])

        flat(items)
        self.generic_visit(node)

    def visit_Case(self, node: c_ast.Case) -> None:
        if id(node) not in self.allowed:
            self.nested_case = True
        self.generic_visit(node)

    def visit_Default(self, node: c_ast.Default) -> None:
        if id(node) not in self.allowed:
            self.nested_case = True
        self.generic_visit(node)


class CTranslator(Translator):
    """Adds statements, declarations and module assembly to the expression translator."""

    def __init__(self, libc: dict[str, FuncT]) -> None:
        super().__init__(libc)
        self.global_addrs: dict[str, int] = {}
        self.global_consts: dict[str, str] = {}  # C name -> the Rust const holding its address
        self.global_types: dict[str, CType] = {}
        self.fn_defs: list[tuple[c_ast.FuncDef, str, dict[str, Sym], dict[str, StructT | IntT]]] = []
        self.tu = 0  # index of the translation unit being read; statics of unit k > 0 get a suffix
        self.main_type: FuncT | None = None
        self.pools: dict[str, int] = {}  # Rust element type -> elements of typed globals in its pool

    # ---------------------------------------------------------------------------------------------
    # Top level

    def top_level(self, ext: c_ast.Node) -> None:
        """Phase one: declarations in source order; function bodies are queued."""
        if isinstance(ext, c_ast.FuncDef):
            fty = self.resolve(ext.decl.type)
            assert isinstance(fty, FuncT)
            if ext.param_decls:
                fty = self.knr_type(ext, fty)
            name = ext.decl.name
            link = self.link_name(name, ext.decl.storage)
            self.scopes[0][name] = Sym("func", fty, link, defined=True)
            self.fn_types[link] = fty
            self.fn_defs.append((ext, link, self.scopes[0], self.tags[0]))
            if name == "main":
                self.main_type = fty
            return
        if isinstance(ext, c_ast.Decl):
            self.decl_global(ext)
            return
        if isinstance(ext, c_ast.Typedef):
            self.scopes[-1][ext.name] = Sym("typedef", self.resolve(ext.type))
            return
        if isinstance(ext, c_ast.Pragma):
            return
        raise Unsupported(ext, f"unsupported top-level construct {type(ext).__name__}")

    def link_name(self, name: str, storage: list[str] | None) -> str:
        """The program-wide name: C's for external linkage, made unique per file for `static`."""
        return f"{name}_tu{self.tu}" if self.tu and "static" in (storage or []) else name

    def knr_type(self, fd: c_ast.FuncDef, fty: FuncT) -> FuncT:
        types = {d.name: self.param_type(self.resolve(d.type)) for d in fd.param_decls}
        params = fd.decl.type.args.params if fd.decl.type.args is not None else []
        return FuncT(fty.ret, tuple(types.get(p.name, INT) for p in params), False)

    def global_var(self, name: str, t: CType) -> str:
        code = self.global_consts.get(name)
        if code is None:
            code = "G_" + re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).upper()
            while code in self.global_consts.values():
                code += "_"
            self.global_consts[name] = code
        prev = self.global_types.get(name)
        if name not in self.global_addrs or (isinstance(prev, ArrayT) and prev.n is None and sizeof(t)):
            a = alignof(t)
            off = (self.globals_size + a - 1) // a * a
            self.global_addrs[name] = off
            self.globals_size = off + max(sizeof(t), 1)
        if prev is None or (isinstance(prev, ArrayT) and prev.n is None):
            self.global_types[name] = t
        return code

    def decl_global(self, d: c_ast.Decl) -> None:
        if d.name is None:
            self.resolve(d.type)
            return
        t = self.resolve(d.type)
        if isinstance(t, FuncT):
            old = self.scopes[0].get(d.name)
            if old is None or old.kind != "func":
                self.scopes[0][d.name] = Sym("func", t, self.link_name(d.name, d.storage), defined=False)
            return
        if "typedef" in (d.storage or []):
            self.scopes[-1][d.name] = Sym("typedef", t)
            return
        if isinstance(t, ArrayT) and t.n is None and d.init is not None:
            t = ArrayT(t.elem, self.init_count(t, d.init))
        link = self.link_name(d.name, d.storage)
        code = self.global_var(link, t)
        self.scopes[0][d.name] = Sym("global", self.global_types[link], code)
        if d.init is not None:
            self.fs = self.init_fn
            self.emit_init(code, self.global_types[link], d.init, self.global_init)

    def emit_init(self, addr: str, t: CType, init: c_ast.Node, lines: list[str]) -> None:
        if isinstance(t, ArrayT | StructT):
            lines.append(f"m.memset({bare(addr)}, 0, {sizeof(t)});")
        self.init_object(addr, t, init, lines)

    # ---------------------------------------------------------------------------------------------
    # Functions

    def function(self, fd: c_ast.FuncDef, link: str) -> str:
        name = fd.decl.name
        fty = self.fn_types[link]
        fs = FnState(name, fty.ret, variadic=fty.variadic, struct_ret=isinstance(fty.ret, StructT))
        scan = AddrScan()
        scan.visit(fd.body)
        fs.addr_taken = scan.names
        fs.reads = scan.reads
        self.fs = fs
        self.names = set()
        sig: list[str] = ["m: &mut crt::Mem"]
        if fs.struct_ret:
            sig.append("ret_slot: u64")
        prologue: list[str] = []
        with self.scope():
            params = fd.decl.type.args.params if fd.decl.type.args is not None else []
            ptypes = list(fty.params or ())
            pi = 0
            for p in params:
                if isinstance(p, c_ast.EllipsisParam):
                    continue
                if isinstance(p, c_ast.Typename) or p.name is None:
                    if isinstance(p, c_ast.Typename) and isinstance(self.resolve(p.type), VoidT):
                        continue
                    sig.append(f"_: {rust_type(ptypes[pi])}")
                    pi += 1
                    continue
                pt = ptypes[pi]
                pi += 1
                rname = self.fresh(p.name, unread=p.name not in scan.reads)
                buf = self.typed.by_decl.get(id(p))
                if buf is not None:
                    sig.append(f"{rname}: &mut [{buf.rust_elem}]")
                    self.scopes[-1][p.name] = Sym("typed", pt, rname, buf=buf)
                elif isinstance(pt, StructT) or p.name in fs.addr_taken:
                    sig.append(f"{rname}: {rust_type(pt)}")
                    addr = fs.slot(sizeof(pt), alignof(pt))
                    if isinstance(pt, StructT):
                        prologue.append(f"m.memcpy({bare(addr)}, {rname}, {pt.size});")
                    else:
                        prologue.append(store(LV("mem", addr, pt), rname, True))
                    self.scopes[-1][p.name] = Sym("mem", pt, addr)
                else:
                    sig.append(f"mut {rname}: {rust_type(pt)}")
                    self.scopes[-1][p.name] = Sym("reg", pt, rname)
            if fty.variadic:
                sig.append("va: u64")
            if scan.has_goto or scan.nested_case:
                sm = StateMachine(self)
                sm.stmt(fd.body)
                body = sm.render()
            else:
                items = fd.body.block_items or []
                if items and isinstance(items[-1], c_ast.Return):
                    body = self.block(items[:-1])
                    fs.tail = self.tail_value(items[-1])
                else:
                    body = self.block(items)
        ret = fty.ret
        rt = rust_type(ret)
        if not fs.frame:
            body = [ln.replace("m.leave(fp); ", "") for ln in body]
        text = "\n".join(prologue + body + [fs.tail or ""])
        sig = [mutable_param(p, text) for p in sig]
        if fs.variadic and not re.search(r"\bva\b", text):
            sig[-1] = "_va: u64"
        if sig[0] == "m: &mut crt::Mem" and not re.search(r"\bm\b", text) and not fs.frame:
            sig[0] = "_m: &mut crt::Mem"
        self_call = rf"\b{self.rust_fn(link)}\(m\b"
        if (sig[0] == "m: &mut crt::Mem" and not fs.frame and re.search(self_call, text)
                and not re.search(r"\bm\b", re.sub(self_call, "", text))):
            # `m` only passed on to recursive calls (typed buffers need no memory): clippy's only_used_in_recursion
            sig[0] = "_m: &mut crt::Mem"
            body = [re.sub(self_call, f"{self.rust_fn(link)}(_m", ln) for ln in body]
            if fs.tail is not None:
                fs.tail = re.sub(self_call, f"{self.rust_fn(link)}(_m", fs.tail)
        out = []
        if fs.approx_const:
            out.append("// A float literal of the C source close to a std constant is kept exactly as written.")
            out.append("#[allow(clippy::approx_constant)]")
        last = fd.body.block_items[-1] if fd.body.block_items else None
        machine = scan.has_goto or scan.nested_case  # a state machine's loop can always end
        ends = last is not None and not machine and always_returns(last, self.const_value, self.noreturn())
        if ends and not isinstance(last, c_ast.Return):
            out.append("// The C function ends in a statement whose every branch returns; its returns stay explicit.")
            out.append("#[allow(clippy::needless_return)]")
        if fs.locals or any(p.startswith("mut ") for p in sig):
            out.append("// C's locals are hoisted here and zeroed so that every read is defined; the zero is often")
            out.append("// overwritten before any read, which rustc reports as a dead store.")
            out.append("#[allow(unused_assignments)]")
        out.append(f"pub fn {self.rust_fn(link)}({', '.join(sig)}){'' if isinstance(ret, VoidT) else ' -> ' + rt} {{")
        if fs.frame:
            out.append(f"let fp = m.enter({fs.frame});")
        for lname, lrt in fs.locals:
            if not re.search(rf"\b{lname}\b", text):
                continue  # declared in C, never used
            if lname in fs.local_init:
                out.append(fs.local_init[lname])
                continue
            mut = "mut " if assigned(lname, text) else ""
            out.append(f"let {mut}{lname}: {lrt} = {zero_of(lrt)};")
        out.extend(prologue)
        out.extend(body)
        if fs.tail is not None:
            if fs.struct_ret:
                out += [f"{fs.tail};"] + (["m.leave(fp);"] if fs.frame else []) + ["ret_slot"]
            elif not fs.frame:
                out.append(fs.tail)
            elif isinstance(ret, VoidT):
                out += [f"{fs.tail};" if fs.tail else "", "m.leave(fp);"]
            else:
                out += [f"let r = {bare(fs.tail)};", "m.leave(fp);", "r"]
        elif not ends:
            if fs.frame:
                out.append("m.leave(fp);")
            if not isinstance(ret, VoidT):
                out.append("ret_slot" if fs.struct_ret else zero_of(rt))
        out.append("}")
        return "\n".join(out)

    def block(self, items: list[c_ast.Node]) -> list[str]:
        out: list[str] = []
        skip = 0
        for k, it in enumerate(items):
            if skip:
                skip -= 1
                continue
            run = self.strcat_run(items, k)
            if len(run) > 1:
                out.extend(self.strcat_chain(run))
                skip = len(run) - 1
                continue
            out.extend(self.stmt(it))
            if always_returns(it, self.const_value, self.noreturn()) and not any(
                    has_label(rest) for rest in items[items.index(it) + 1:]):
                break  # the rest of the block is unreachable
        return out

    def strcat_dest(self, node: c_ast.Node) -> str | None:
        """The array or register pointer `d` when `node` is the statement `strcat(d, s)` or `strcpy(d, s)` of
        the C library, with an `s` whose evaluation changes nothing (no call, assignment or increment)."""
        if not (isinstance(node, c_ast.FuncCall) and isinstance(node.name, c_ast.ID)
                and node.name.name in ("strcat", "strcpy") and node.args is not None
                and len(node.args.exprs) == 2 and isinstance(node.args.exprs[0], c_ast.ID)):
            return None
        f = self.lookup(node.name.name)
        if node.name.name not in self.libc or (f is not None and (f.kind != "func" or f.code in self.fn_types)):
            return None
        d = self.lookup(node.args.exprs[0].name)
        if d is None or not (
                (d.kind in ("mem", "global") and isinstance(d.ty, ArrayT) and sizeof(d.ty.elem) == 1)
                or (d.kind == "reg" and isinstance(d.ty, PtrT) and sizeof(d.ty.to) == 1)):
            return None
        if any(isinstance(n, c_ast.FuncCall | c_ast.Assignment)
               or (isinstance(n, c_ast.UnaryOp) and n.op in ("++", "--", "p++", "p--"))
               for n in walk(node.args.exprs[1])):
            return None
        return str(node.args.exprs[0].name)

    def strcat_run(self, items: list[c_ast.Node], k: int) -> list[c_ast.FuncCall]:
        """Statements from `items[k]` on that copy strings one after the other into one destination:
        `strcpy(d, a)` or `strcat(d, a)`, then `strcat(d, b)`, ..."""
        d = self.strcat_dest(items[k])
        if d is None:
            return []
        run = [items[k]]
        for it in items[k + 1:]:
            if self.strcat_dest(it) != d or not isinstance(it, c_ast.FuncCall) or not isinstance(
                    it.name, c_ast.ID) or it.name.name != "strcat":
                break
            run.append(it)
        return [c for c in run if isinstance(c, c_ast.FuncCall)]

    def strcat_chain(self, run: list[c_ast.FuncCall]) -> list[str]:
        """`strcat(d, a); strcat(d, " ");` as gcc compiles it: the end of what one call copied is where the
        next one appends, so `d` is scanned once (the statements' results are unused; nothing between them
        can change `d` or its string)."""
        out: list[str] = []
        for k, call in enumerate(run):
            assert isinstance(call.name, c_ast.ID) and call.args is not None
            d, src = call.args.exprs
            params = self.libc[call.name.name].params
            assert params is not None
            cs = self.convert(self.rv(src), params[1], src)
            dst = bare(self.convert(self.rv(d), params[0], d)) if k == 0 else "e"
            op = call.name.name if k == 0 else "strcpy"
            if plain_string(src):
                assert isinstance(src, c_ast.Constant)
                n = len(unescape(src.value[1:-1]).split(b"\0")[0])
                fn, extra = f"{op}_end_n", f", {n}"
            else:
                fn, extra = f"{op}_end", ""
            lead = "let e = " if k < len(run) - 1 else "let _ = "
            out.append(f"{lead}{{ let d = {dst}; let s = {bare(cs)}; crt::libc::{fn}(m, d, s{extra}) }};")
        return ["{ " + " ".join(out) + " }"]

    def stmt(self, node: c_ast.Node) -> list[str]:
        if isinstance(node, c_ast.Compound):
            with self.scope():
                return ["{"] + self.block(node.block_items or []) + ["}"]
        if isinstance(node, c_ast.Decl):
            return self.decl_local(node)
        if isinstance(node, c_ast.DeclList):
            out: list[str] = []
            for d in node.decls:
                out.extend(self.decl_local(d))
            return out
        if isinstance(node, c_ast.Typedef):
            self.scopes[-1][node.name] = Sym("typedef", self.resolve(node.type))
            return []
        if isinstance(node, c_ast.EmptyStatement):
            return []
        if isinstance(node, c_ast.If):
            c, _ = self.cond(node.cond)
            out = [f"if {bare(c)} {{"] + self.sub(node.iftrue) + ["}"]
            if node.iffalse is not None:
                out += ["else {"] + self.sub(node.iffalse) + ["}"]
            return out
        if isinstance(node, c_ast.While):
            lab = self.fs.label("l")
            c, _ = self.cond(node.cond)
            body = self.loop_body(node.stmt, lab, lab)
            if (always_returns(node.stmt, self.const_value, self.noreturn())
                    and not re.search(rf"continue {lab}\b", "\n".join(body))):
                return self.run_once(lab, c, body)
            head = "loop" if c == "true" else f"while {bare(c)}"
            return [f"{used_label(lab, body)}{head} {{"] + body + ["}"]
        if isinstance(node, c_ast.DoWhile):
            lab = self.fs.label("l")
            clab = self.fs.label("c")
            body = self.loop_body(node.stmt, lab, clab, cont_is_break=True)
            exit_if = bare(self.neg_cond(node.cond)[0])
            if exit_if == "true":  # do { ... } while (0): a block run once, which `break` leaves
                return [f"{used_label(lab, body)}{{", f"{used_label(clab, body)}{{"] + body + ["}", "}"]
            return [f"{used_label(lab, body)}loop {{", f"{used_label(clab, body)}{{"] + body + ["}",
                    f"if {exit_if} {{ break; }}", "}"]
        if isinstance(node, c_ast.For):
            return self.for_stmt(node)
        if isinstance(node, c_ast.Switch):
            return self.switch(node)
        if isinstance(node, c_ast.Break):
            if not self.fs.breaks:
                raise Unsupported(node, "`break` outside a loop or switch")
            return [f"break {self.fs.breaks[-1]};"]
        if isinstance(node, c_ast.Continue):
            if not self.fs.continues:
                raise Unsupported(node, "`continue` outside a loop")
            target = self.fs.continues[-1]
            return [f"break {target[1:]};" if target.startswith("!") else f"continue {target};"]
        if isinstance(node, c_ast.Return):
            return self.ret(node)
        if isinstance(node, c_ast.Label):
            return self.stmt(node.stmt)
        if isinstance(node, c_ast.Case | c_ast.Default):
            raise Unsupported(node, "`case` label outside the top level of a switch body",
                              "Duff's device and case labels inside nested blocks are not supported")
        if isinstance(node, c_ast.Pragma):
            return []
        return [self.expr_stmt(node)]

    def sub(self, node: c_ast.Node) -> list[str]:
        with self.scope():
            return self.stmt(node)

    def expr_stmt(self, node: c_ast.Node) -> str:
        if isinstance(node, c_ast.Assignment):
            return self.assign(node, want_value=False).code + ";"
        if isinstance(node, c_ast.UnaryOp) and node.op in ("++", "--", "p++", "p--"):
            return self.incdec(node, node.op).code + ";"
        e = self.expr(node, decay_arrays=True)
        if isinstance(e.ty, VoidT):
            return e.code + ";"
        return f"let _ = {bare(e.code)};"

    def loop_body(self, body: c_ast.Node, brk: str, cont: str, cont_is_break: bool = False) -> list[str]:
        self.fs.breaks.append(brk)
        self.fs.continues.append("!" + cont if cont_is_break else cont)
        try:
            return self.sub(body)
        finally:
            self.fs.breaks.pop()
            self.fs.continues.pop()

    def for_stmt(self, node: c_ast.For) -> list[str]:
        with self.scope():
            out: list[str] = []
            if node.init is not None:
                if isinstance(node.init, c_ast.DeclList):
                    for d in node.init.decls:
                        out.extend(self.decl_local(d))
                else:
                    out.append(self.expr_stmt(node.init))
            lab = self.fs.label("l")
            clab = self.fs.label("c")
            body = self.loop_body(node.stmt, lab, clab, cont_is_break=True)
            nxt = [self.expr_stmt(node.next)] if node.next is not None else []
            head = []
            if node.cond is not None:
                exit_if = bare(self.neg_cond(node.cond)[0])
                head = [] if exit_if == "false" else [f"if {exit_if} {{ break; }}"]
            uses_cont = any(f"break {clab};" in ln for ln in body)
            if not uses_cont and always_returns(node.stmt, self.const_value, self.noreturn()):
                c = "true" if node.cond is None else self.cond(node.cond)[0]
                return ["{"] + out + self.run_once(lab, c, body) + ["}"]
            if uses_cont:
                inner = [f"{clab}: {{"] + body + ["}"]
            else:
                inner = body
            out += self.fast_loop(node)
            out += ["{", f"{used_label(lab, inner + nxt)}loop {{"] + head + inner + nxt + ["}", "}"]
            return ["{"] + out + ["}"]

    # ---------------------------------------------------------------------------------------------
    # Loops over typed buffers without bounds checks

    def fast_loop(self, node: c_ast.For) -> list[str]:
        """An unchecked version of an innermost counting loop over typed buffers, run before the loop itself.

        For `for (j = A; j < B; j++) body` where B and every subscript except the last are invariant
        arithmetic on locals, and the last subscript is `j`, `j + e`, `e + j` or `j - e`, each such access
        covers one window of its buffer: elements lo .. lo + (B - A). When every window lies inside its
        buffer, the loop runs over the windows zipped together (no bounds checks, so rustc can vectorise),
        stores going through `Cell`s so that windows of one buffer may overlap as C's pointers may; it
        leaves j at B, so the ordinary loop after it runs no iteration. Otherwise it does nothing and the
        ordinary, checked loop runs every iteration (and panics where C would read out of bounds)."""
        loop = fast_pattern(node)
        if loop is None:
            return []
        jname, body = loop
        js = self.lookup(jname)
        if js is None or js.kind != "reg" or not isinstance(js.ty, IntT) or not js.ty.signed or js.ty.size < 4:
            return []
        assigned_names = assigned_in(body)
        if jname in assigned_names:
            return []

        def invariant(n: c_ast.Node) -> bool:
            return invariant_expr(n, lambda name: name != jname and name not in assigned_names and self.is_reg(name))

        bound = node.cond.right
        if not invariant(bound):
            return []
        bt = self.type_of(bound)
        if not isinstance(bt, IntT) or usual(js.ty, bt) != js.ty:
            return []
        # the typed accesses of the body, by container
        accesses: list[tuple[c_ast.ArrayRef, Sym, list[c_ast.Node]]] = []
        written: set[str] = set()
        for ref, is_store in typed_refs(body):
            root, subs = chain(ref)
            s = self.lookup(root.name) if isinstance(root, c_ast.ID) else None
            if s is None or s.kind != "typed" or s.buf is None or len(subs) != len(s.buf.strides):
                continue
            accesses.append((ref, s, subs))
            if is_store:
                written.add(s.code)
        views: dict[str, tuple[str, bool]] = {}
        lets: list[str] = []
        for _, s, _ in accesses:
            if s.code not in views:
                w = f"tw{len(views)}"
                views[s.code] = (w, s.code in written)
                lets.append(f"let {w} = std::cell::Cell::from_mut(&mut {s.code}[..]).as_slice_of_cells();"
                            if s.code in written else f"let {w} = &{s.code}[..];")
        windows: dict[tuple[str, str], int] = {}
        fast: dict[int, LV] = {}
        los: list[tuple[str, str]] = []
        jt = rust_type(js.ty)
        for ref, s, subs in accesses:
            assert s.buf is not None
            last = window_offset(subs[-1], jname, invariant)
            if last is None or not all(invariant(x) for x in subs[:-1]):
                continue
            e, sign = last
            parts = list(zip(subs[:-1], s.buf.strides[:-1], strict=True))
            terms: list[str] = []
            for x, stride in parts:
                v = self.rv(x)
                c = cast(v.code, v.ty, LONG)
                terms.append(c if stride == 1 else f"{atom(c)}.wrapping_mul({stride})")
            if e is not None:
                v = self.rv(e)
                c = cast(v.code, v.ty, LONG)
                terms.append(c if sign > 0 else f"{atom(c)}.wrapping_neg()")
            const = s.value
            for t in list(terms):
                lit = re.fullmatch(r"\(?(-?[0-9]+)i64\)?(\.wrapping_neg\(\))?", t)
                if lit is not None:
                    const += -int(lit.group(1)) if lit.group(2) else int(lit.group(1))
                    terms.remove(t)
            if const:
                terms.append(f"{const}i64" if const > 0 else f"({const}i64)")
            lo = "jlo"
            for t in terms:
                lo = f"{lo}.wrapping_add({bare(t)})"
            key = (s.code, lo)
            if key not in windows:
                windows[key] = len(windows)
                los.append((views[s.code][0], lo))
            k = windows[key]
            fast[id(ref)] = LV("typed", f"te{k}", s.buf.elem, True, None, None, s.code in written)
        if not windows:
            return []
        saved = self.fast, self.fast_views
        self.fast, self.fast_views = fast, views
        try:
            with self.scope():
                fbody = self.sub(body)
        except Unsupported:
            return []
        finally:
            self.fast, self.fast_views = saved
        text = "\n".join(fbody)
        if re.search(r"\bm\b|\bfp\b|break|continue|return", text):
            return []  # the body needs the byte memory (or leaves the loop): no unchecked version
        b = self.rv(bound)
        hi = cast(b.code, b.ty, js.ty)
        zs = [f"tz{k}" for k in range(len(los))]
        gets = [f"crt::window({w}, {lo}, jn)" for w, lo in los]
        it = zs[0] + ".iter()" + "".join(f".zip({z})" for z in zs[1:])
        pat = "te0"
        for k in range(1, len(zs)):
            pat = f"({pat}, te{k})"
        reads_j = re.search(rf"\b{js.code}\b", text) is not None
        if reads_j:
            head = f"for (q, {pat}) in {it}.enumerate() {{"
            fbody = [f"{js.code} = jlo.wrapping_add(q as i64) as {jt};"] + fbody
        else:
            head = f"for {pat} in {it} {{"
        if len(zs) == 1:
            cond = f"let Some(tz0) = {gets[0]}"
        else:
            cond = f"let ({', '.join(f'Some({z})' for z in zs)}) = ({', '.join(gets)})"
        return (["{", f"let jlo = {js.code} as i64;", f"let jhi = {atom(hi)} as i64;", "if jlo < jhi {",
                 "let jn = jhi.wrapping_sub(jlo) as usize;"] + lets
                + [f"if {cond} {{", head] + fbody + ["}", f"{js.code} = jhi as {jt};", "}", "}", "}"])

    def is_reg(self, name: str) -> bool:
        s = self.lookup(name)
        return s is not None and s.kind == "reg" and isinstance(s.ty, IntT | FloatT)

    def run_once(self, lab: str, cond: str, body: list[str]) -> list[str]:
        """A loop whose body always leaves it runs the body at most once: `if cond { body }` in a block that
        `break` leaves (written as a loop, clippy flags it as never looping)."""
        inner = body if cond == "true" else [f"if {bare(cond)} {{"] + body + ["}"]
        return [f"{used_label(lab, body)}{{"] + inner + ["}"]

    def switch(self, node: c_ast.Switch) -> list[str]:
        v = self.rv(node.cond)
        if not isinstance(v.ty, IntT):
            raise Unsupported(node, "switch on a non-integer")
        t = promote(v.ty)
        assert isinstance(t, IntT)
        body = node.stmt
        items = body.block_items or [] if isinstance(body, c_ast.Compound) else [body]
        flat: list[tuple[str, c_ast.Node]] = []

        def flatten(nodes: list[c_ast.Node]) -> None:
            for it in nodes:
                if isinstance(it, c_ast.Case | c_ast.Default):
                    flat.append(("label", it))
                    flatten(it.stmts or [])
                else:
                    flat.append(("stmt", it))

        flatten(items)
        sw = self.fs.label("sw")
        base = self.fs.label_n + 1  # reserved before the body, whose loops take later numbers
        self.fs.label_n += 1
        groups: list[list[str]] = []
        arms: list[str] = []
        default = f"break {sw}"
        seen: set[int] = set()
        self.fs.breaks.append(sw)
        try:
            with self.scope():
                pre: list[str] = []
                current: list[str] | None = None
                for kind, it in flat:
                    if kind == "label":
                        current = []
                        groups.append(current)
                        klab = f"'k{base}_{len(groups) - 1}"
                        if isinstance(it, c_ast.Case):
                            cv = self.const_value(it.expr)
                            if cv is None or isinstance(cv, float):
                                raise Unsupported(it, "case label is not an integer constant")
                            from transpiler.codegen.rust.c.translate import wrap
                            cv = wrap(cv, t)
                            if cv not in seen:
                                seen.add(cv)
                                from transpiler.codegen.rust.c.exprs import int_lit
                                arms.append(f"{int_lit(cv, t)} => break {klab},")
                        else:
                            default = f"break {klab}"
                        continue
                    code = self.stmt(it)
                    if current is None:
                        if isinstance(it, c_ast.Decl):
                            pre.extend(code)  # declarations before the first case still declare
                        continue
                    current.extend(code)
        finally:
            self.fs.breaks.pop()
        text = f"match sv {{ {' '.join(arms)} _ => {default}, }}"
        for i, g in enumerate(groups):
            text = f"'k{base}_{i}: {{ {text} }}\n" + "\n".join(g)
        sv = cast(v.code, v.ty, t)
        return [f"{used_label(sw, [text])}{{", f"let sv: {rust_type(t)} = {bare(sv)};", text, "}"]

    def noreturn(self) -> frozenset[str]:
        """The libc functions that never return, less any the program defines itself."""
        return NORETURN - set(self.fn_types)

    def tail_value(self, node: c_ast.Return) -> str:
        """The function's final `return`, as the body's tail expression (the frame is left after it)."""
        fs = self.fs
        if node.expr is None:
            return "" if isinstance(fs.ret, VoidT) else zero_of(rust_type(fs.ret))
        if isinstance(fs.ret, StructT):
            e = self.expr(node.expr, False)
            return mcall("memcpy", [("ret_slot", True), (self.convert(e, fs.ret, node), e.pure),
                                    (str(fs.ret.size), True)])
        e = self.rv(node.expr)
        if isinstance(fs.ret, VoidT):
            return e.code
        return bare(self.convert(e, fs.ret, node))

    def ret(self, node: c_ast.Return) -> list[str]:
        fs = self.fs
        leave = "m.leave(fp); "  # dropped again by `function` when the frame stays empty
        if node.expr is None:
            if isinstance(fs.ret, VoidT) or fs.name != "main":
                value = "" if isinstance(fs.ret, VoidT) else " " + zero_of(rust_type(fs.ret))
                return [f"{{ {leave}return{value}; }}"]
            return [f"{{ {leave}return 0; }}"]
        if isinstance(fs.ret, StructT):
            e = self.expr(node.expr, False)
            return [f"{{ let r = {bare(self.convert(e, fs.ret, node))}; m.memcpy(ret_slot, r, {fs.ret.size}); "
                    f"{leave}return ret_slot; }}"]
        e = self.rv(node.expr)
        if isinstance(fs.ret, VoidT):
            return [f"{{ {e.code}; {leave}return; }}"]
        return [f"{{ let r = {bare(self.convert(e, fs.ret, node))}; {leave}return r; }}"]

    # ---------------------------------------------------------------------------------------------
    # Local declarations

    def decl_local(self, d: c_ast.Decl) -> list[str]:
        storage = d.storage or []
        if d.name is None:
            self.resolve(d.type)
            return []
        if (isinstance(d.type, c_ast.ArrayDecl) and d.type.dim is not None and "static" not in storage
                and "typedef" not in storage and self.const_value(d.type.dim) is None):
            return self.vla(d)
        t = self.resolve(d.type)
        if "typedef" in storage:
            self.scopes[-1][d.name] = Sym("typedef", t)
            return []
        if isinstance(t, FuncT):
            if self.lookup(d.name) is None or self.lookup(d.name).kind != "func":  # type: ignore[union-attr]
                self.scopes[0].setdefault(d.name, Sym("func", t, d.name, defined=d.name in self.fn_types))
            self.scopes[-1][d.name] = self.scopes[0][d.name]
            return []
        if "extern" in storage:
            code = self.global_var(d.name, t)
            self.scopes[-1][d.name] = Sym("global", self.global_types[d.name], code)
            return []
        if isinstance(t, ArrayT) and t.n is None:
            if d.init is None:
                raise Unsupported(d, f"array `{d.name}` has no size")
            t = ArrayT(t.elem, self.init_count(t, d.init))
        if "static" in storage:
            gname = f"{self.fs.name}_{d.name}"
            n = 0
            while f"{gname}{n or ''}" in self.global_addrs:
                n += 1
            gname = f"{gname}{n or ''}"
            code = self.global_var(gname, t)
            self.scopes[-1][d.name] = Sym("global", t, code)
            if d.init is not None:
                saved = self.fs
                self.fs = self.init_fn
                try:
                    self.emit_init(code, t, d.init, self.global_init)
                finally:
                    self.fs = saved
            return []
        buf = self.typed.by_decl.get(id(d))
        if buf is not None:
            return self.typed_local(d, buf)
        if isinstance(t, ArrayT | StructT) or d.name in self.fs.addr_taken:
            addr = self.fs.slot(sizeof(t), alignof(t))
            lines: list[str] = []
            self.scopes[-1][d.name] = Sym("mem", t, addr)  # in scope in its own initialiser
            if d.init is not None:
                self.emit_init(addr, t, d.init, lines)
            return lines
        if isinstance(t, VoidT):
            raise Unsupported(d, f"variable `{d.name}` declared void")
        rname = self.fresh(d.name, unread=d.name not in self.fs.reads)
        self.fs.locals.append((rname, rust_type(t)))
        out: list[str] = []
        self.scopes[-1][d.name] = Sym("reg", t, rname)
        if d.init is not None:
            init = d.init
            if isinstance(init, c_ast.InitList):
                init = init.exprs[0] if init.exprs else None
            if init is not None:
                v = self.rv(init)
                out.append(f"{rname} = {bare(self.convert(v, t, init))};")
            else:
                out.append(f"{rname} = {zero_of(rust_type(t))};")
        return out

    def typed_local(self, d: c_ast.Decl, buf: Buffer) -> list[str]:
        """A typed local array (a Rust array, or a vector when large) or heap pointer (a vector), hoisted to
        the top of the function like every local; a heap pointer's initialiser allocates."""
        rname = self.fresh(d.name, unread=d.name not in self.fs.reads)
        self.scopes[-1][d.name] = Sym("typed", buf.ty, rname, buf=buf)
        et = buf.rust_elem
        zero = f"{'0.0' if isinstance(buf.elem, FloatT) else '0'}{et}"
        if buf.kind == "heap":
            rt, init, mut = f"Vec<{et}>", "Vec::new()", True
        elif buf.count * sizeof(buf.elem) <= 4096:
            rt, init, mut = f"[{et}; {buf.count}]", f"[{zero}; {buf.count}]", buf.written
        else:
            rt, init, mut = f"Vec<{et}>", f"vec![{zero}; {buf.count}]", buf.written
        self.fs.locals.append((rname, rt))
        self.fs.local_init[rname] = f"let {'mut ' if mut else ''}{rname}: {rt} = {init};"
        if d.init is not None:
            return [self.typed_alloc(self.scopes[-1][d.name], d.init) + ";"]
        return []

    def vla(self, d: c_ast.Decl) -> list[str]:
        """A variable-length array: stack space taken at run time, given back when the function returns."""
        elem = self.resolve(d.type.type)
        if isinstance(elem, ArrayT) and elem.n is None:
            raise Unsupported(d, "variable-length arrays of variable-length arrays are not supported")
        n = self.rv(d.type.dim)
        if not isinstance(n.ty, IntT):
            raise Unsupported(d.type.dim, "array size is not an integer")
        addr = self.fresh(d.name, unread=d.name not in self.fs.reads)
        size = f"{addr}_size"
        self.fs.locals += [(addr, "u64"), (size, "u64")]
        self.fs.slot(1, 1)  # the function needs a frame so that returning frees the array
        self.vla_sizes[addr] = size
        self.scopes[-1][d.name] = Sym("mem", ArrayT(elem, None), addr)
        return [f"{size} = ({cast(n.code, n.ty, ULONG)}).wrapping_mul({sizeof(elem)});",
                f"{addr} = m.alloca({size});"]

    # ---------------------------------------------------------------------------------------------
    # The module

    def module(self, asts: list[c_ast.FileAST], source: str) -> str | None:
        """One program from its translation units (the file with `main` last): phase one reads every
        declaration in order, phase two translates the function bodies, each in its own file's scope."""
        tu_scopes: list[tuple[dict[str, Sym], dict[str, StructT | IntT]]] = []
        for k, ast in enumerate(asts):
            self.tu = k
            self.scopes = [{}]
            self.tags = [{}]
            for ext in ast.ext:
                try:
                    self.top_level(ext)
                except Unsupported as e:
                    self.errors.append(e)
            tu_scopes.append((self.scopes[0], self.tags[0]))
        self.typed_buffers(asts, tu_scopes)
        fns: list[str] = []
        for fd, link, file_scope, file_tags in self.fn_defs:
            self.scopes = [file_scope]
            self.tags = [file_tags]
            try:
                fns.append(self.function(fd, link))
            except Unsupported as e:
                self.errors.append(e)
        if self.errors:
            return None
        s_base = 4096
        g_base = (s_base + len(self.data) + 15) // 16 * 16
        code = fns + self.dispatchers()
        init = self.init_fn
        if init.approx_const:
            code.append("// A float literal of the C source close to a std constant is kept exactly as written.")
            code.append("#[allow(clippy::approx_constant)]")
        code.append(f"fn init_globals({'m' if self.global_init or init.frame else '_m'}: &mut crt::Mem) {{")
        if init.frame:
            code.append(f"let fp = m.enter({init.frame});")
        code.extend(self.global_init)
        code.append("}")
        code.append(self.entry())
        text = "\n".join(code)
        out = [f"//! Translated from {source} by transpile's C frontend.", ""]
        if re.search(r"\bS\b", text):
            out.append(f"const S: u64 = {s_base};")
        if re.search(r"\bG_", text):
            out.append(f"const G: u64 = {g_base};")
        for name, off in self.global_addrs.items():
            if not re.search(rf"\b{self.global_consts[name]}\b", text):
                continue  # declared, never used
            out.append(f"const {self.global_consts[name]}: u64 = {'G + ' + str(off) if off else 'G'};")
        out.append(f"static DATA: &[u8] = {rust_bytes(bytes(self.data))};")
        out.append("")
        return "\n".join(out) + "\n" + text + "\n"

    def typed_buffers(self, asts: list[c_ast.FileAST],
                      tu_scopes: list[tuple[dict[str, Sym], dict[str, StructT | IntT]]]) -> None:
        """Run the typed-buffer analysis (typed_buffers.py) and move the typed globals into their pools."""
        if self.errors:
            return

        def resolve(node: c_ast.Node, tu: int) -> CType:
            saved = self.scopes, self.tags
            self.scopes, self.tags = [tu_scopes[tu][0]], [tu_scopes[tu][1]]
            try:
                return self.resolve(node)
            finally:
                self.scopes, self.tags = saved

        self.typed = TypedBuffers(resolve).run(asts)
        for name, buf in self.typed.globals.items():
            et = buf.rust_elem
            base = self.pools.get(et, 0)
            self.pools[et] = base + buf.count
            if buf.init is not None:
                self.table_init(buf, base)
            for scope, _ in tu_scopes:
                if name in scope and scope[name].kind == "global":
                    scope[name] = Sym("typed", buf.ty, f"m.t.{et}", base, buf=buf)

    def table_init(self, buf: Buffer, base: int) -> None:
        """Fill a typed global table from its constants (typed_buffers allows only numeric ones)."""
        assert buf.init is not None
        et = buf.rust_elem
        vals: list[str] = []
        for e in buf.init:
            v = self.const_value(e)
            if v is None:
                raise Unsupported(e, "internal: a typed table's initialiser is not constant")
            elem = buf.elem
            vals.append(float_lit(float(v), elem) if isinstance(elem, FloatT)
                        else int_lit(int(v), elem) if isinstance(elem, IntT) else str(v))
        hi = base + len(vals)
        self.global_init.append(f"m.t.{et}[{base}..{hi}].copy_from_slice(&[{', '.join(vals)}]);")

    def entry(self) -> str:
        mt = self.main_type
        assert mt is not None
        nparams = len(mt.params or ())
        args = ""
        lines = ["/// Runs `main` with the process's argv and exits with its status, as the C runtime does.",
                 "pub fn c_main() {",
                 f"let mut m = crt::Mem::new(DATA, {self.globals_size + 16});"]
        for et, n in self.pools.items():
            lines.append(f"m.t.{et} = vec![{'0.0' if et.startswith('f') else '0'}{et}; {n}];")
        lines.append("init_globals(&mut m);")
        if nparams >= 2:
            lines.append("let (argc, argv) = m.args();")
            args = ", argc, argv" + ", 0" * (nparams - 2)
        elif nparams == 1:
            lines.append("let (argc, _) = m.args();")
            args = ", argc"
        call = f"{self.rust_fn('main')}(&mut m{args})"
        if isinstance(mt.ret, VoidT):
            lines.append(f"{call};")
            lines.append("m.exit(0);")
        else:
            lines.append(f"let r = {bare(call)};")
            lines.append(f"m.exit({cast('r', mt.ret, INT)});")
        lines.append("}")
        return "\n".join(lines)

    def dispatchers(self) -> list[str]:
        out: list[str] = []
        for (params, ret), fname in self.dispatch.items():
            ps = "".join(f", a{i}: {p}" for i, p in enumerate(params))
            args = "".join(f", a{i}" for i in range(len(params)))
            arms = []
            for name, idx in self.fn_ptrs.items():
                fty = self.fn_types.get(name)
                target = self.rust_fn(name)
                if fty is None:
                    fty = self.libc.get(name)
                    target = f"crt::{LIBC_FMT[name]}" if name in LIBC_FMT else f"crt::libc::{name}"
                    if fty is None or name in ("qsort", "bsearch"):
                        continue
                if self.sig_key(fty) == (params, ret):
                    arms.append(f"{FN_BASE + idx} => {target}(m{args}),")
            rt = "" if ret == "()" else f" -> {ret}"
            if not arms:  # no function of this type has its address taken: every call is invalid
                ps = "".join(f", _a{i}: {p}" for i, p in enumerate(params))
                out.append(f"fn {fname}(m: &mut crt::Mem, _f: u64{ps}){rt} {{")
                out.append('m.fatal("call through an invalid function pointer")')
                out.append("}")
                continue
            out.append(f"fn {fname}(m: &mut crt::Mem, f: u64{ps}){rt} {{")
            out.append("match f {")
            out.extend(arms)
            out.append('_ => m.fatal("call through an invalid function pointer"),')
            out.append("}")
            out.append("}")
        return out


__all__ = ["CTranslator", "Ex", "mcall", "show", "FloatT", "PtrT", "VOID"]
