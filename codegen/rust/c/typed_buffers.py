"""Typed buffers: which C arrays and heap blocks can leave the byte-addressed memory for typed Rust storage.

The C translator keeps a program's memory as one `Vec<u8>` where a pointer is an address: casts, unions,
`char *` views of anything and pointer arithmetic all behave as in the gcc build, but every element access
(de)serialises bytes behind a bounds check, which rustc cannot vectorise. This analysis finds the buffers
that never need that generality and gives them typed storage instead:

* a global array of arithmetic elements without an initialiser (`static double grid[2][N][N];`) goes into
  `crt::Mem`'s pool for its element type (`m.t.f64`) at a fixed element offset, and so does a
  one-dimensional one whose initialiser is a list of numeric constants (a lookup table:
  `static const unsigned char sbox[256] = {99, 124, ...};`);
* a local array of arithmetic elements without an initialiser becomes a Rust array (`[u8; 16]`, or a `Vec`
  when large);
* a local `T *p` whose only values come from `malloc`/`calloc`/`realloc(p, ..)` becomes a `Vec<T>`;
* a pointer parameter `T *v` becomes `&mut [T]` when every call passes it one of these buffers whole.

The rule: a buffer is typed when **every** use of its name is one of

* a complete subscript chain (`a[i]`, `grid[c][i][j]`: one subscript per dimension) read, written or
  updated as an element of its own type, never under `&`;
* for a heap pointer, `p = malloc(..)`, `p = calloc(..)`, `p = realloc(p, ..)` as a statement or `T *p =
  malloc(..)`, and `free(p)`;
* for an array, `memset(a, v, n)` as a statement when the elements are bytes, or `memset(a, 0, sizeof a)`;
* the whole argument of a call to a function whose parameter at that place is itself typed (same Rust
  element type, the same buffer not passed twice in one call; globals are never passed, their pool is
  part of `m`);
* anything inside `sizeof` (not evaluated);
* for a heap pointer, a test against NULL: `p == NULL`, `p != NULL` (either way round, NULL being `0` or a
  cast of it), `!p`, or `p` as a condition (of `if`, a loop, `?:`, or an operand of `&&`/`||`). A typed
  block always exists once allocated (an allocation that fails stops the program), so the tests are
  constants.

Anything else (an address taken, a cast to another pointer type, pointer arithmetic, an assignment of
NULL, a library call such as `strcpy`, an initialiser, a name declared twice) keeps the buffer in the byte
model, so every program that translated before translates the same way. A parameter is typed only when its
function's address is never taken and every call site passes typed buffers; a buffer passed to a parameter
that is not typed is not typed either: the two conditions are iterated to a fixed point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pycparser import c_ast
from transpiler.codegen.rust.c.exprs import Unsupported
from transpiler.frontends.c.ctypes import ArrayT, CType, FloatT, IntT, PtrT, rust_type, sizeof

ALLOC = ("malloc", "calloc", "realloc")
ASSIGNING = ("=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "++", "--", "p++", "p--")


@dataclass
class Buffer:
    """One typed buffer: a global ("global"), local array ("array"), heap pointer ("heap") or parameter ("param")."""

    kind: str
    name: str
    ty: CType  # the declared C type: ArrayT (possibly nested) or PtrT
    fn: str | None  # the function declaring it (None for globals)
    index: int = -1  # parameter position
    written: bool = False  # stored to, filled, allocated or passed on (a parameter may write it)
    init: list[c_ast.Node] | None = None  # a global table's initialiser: its numeric constants, in order

    @property
    def elem(self) -> CType:
        t = self.ty
        while isinstance(t, ArrayT):
            t = t.elem
        return t.to if isinstance(t, PtrT) else t

    @property
    def rust_elem(self) -> str:
        return rust_type(self.elem)

    @property
    def strides(self) -> list[int]:
        """Element strides of the subscripts of a complete chain, outermost first."""
        dims: list[int] = []
        t = self.ty
        while isinstance(t, ArrayT):
            assert t.n is not None
            dims.append(t.n)
            t = t.elem
        if not dims:
            return [1]
        out = []
        for k in range(len(dims)):
            s = 1
            for d in dims[k + 1:]:
                s *= d
            out.append(s)
        return out

    @property
    def count(self) -> int:
        """Number of elements of an array."""
        return sizeof(self.ty) // max(sizeof(self.elem), 1)


def typed_elem(t: CType) -> bool:
    return (isinstance(t, IntT) and t.name != "bool") or (isinstance(t, FloatT) and t.size in (4, 8))


def array_ok(t: CType) -> bool:
    if not isinstance(t, ArrayT):
        return False
    while isinstance(t, ArrayT):
        if t.n is None or t.n <= 0:
            return False
        t = t.elem
    return typed_elem(t)


def plain_type(node: c_ast.Node) -> bool:
    """A declarator made of names, pointers and arrays only (resolving it declares no tag)."""
    while isinstance(node, c_ast.PtrDecl | c_ast.ArrayDecl | c_ast.TypeDecl):
        node = node.type
    return isinstance(node, c_ast.IdentifierType)


def chain(node: c_ast.ArrayRef) -> tuple[c_ast.Node, list[c_ast.Node]]:
    """The root and the subscripts (outermost first) of `a[i][j]...`."""
    subs: list[c_ast.Node] = []
    n: c_ast.Node = node
    while isinstance(n, c_ast.ArrayRef):
        subs.append(n.subscript)
        n = n.name
    subs.reverse()
    return n, subs


def strip_cast(node: c_ast.Node) -> c_ast.Node:
    while isinstance(node, c_ast.Cast):
        node = node.expr
    return node


def alloc_call(node: c_ast.Node | None, name: str) -> bool:
    """`malloc(..)`, `calloc(..)` or `realloc(name, ..)`, possibly cast."""
    if node is None:
        return False
    node = strip_cast(node)
    if not (isinstance(node, c_ast.FuncCall) and isinstance(node.name, c_ast.ID) and node.name.name in ALLOC):
        return False
    args = node.args.exprs if node.args is not None else []
    if node.name.name == "malloc":
        return len(args) == 1
    if node.name.name == "calloc":
        return len(args) == 2
    return len(args) == 2 and isinstance(args[0], c_ast.ID) and args[0].name == name


@dataclass
class Analysis:
    """The result: typed buffers by declaration node, and typed parameters by (function link, position)."""

    by_decl: dict[int, Buffer] = field(default_factory=dict)
    params: dict[tuple[str, int], Buffer] = field(default_factory=dict)
    globals: dict[str, Buffer] = field(default_factory=dict)


class TypedBuffers:
    """Runs the analysis over a program's translation units (see the module docstring for the rule)."""

    def __init__(self, resolve: Callable[[c_ast.Node, int], CType]) -> None:
        self.resolve = resolve
        self.tu = 0
        self.cands: dict[int, Buffer] = {}
        self.bad: set[int] = set()
        self.edges: list[tuple[int, str, int]] = []  # (buffer decl id, callee, position)
        self.calls: dict[str, list[list[c_ast.Node]]] = {}
        self.addr_fns: set[str] = set()
        self.param_ids: dict[tuple[str, int], int] = {}
        self.scope: dict[str, int] = {}  # names visible in the function being scanned -> decl id
        self.stmt_pos: set[int] = set()
        self.arg_of: dict[int, int] = {}
        self.file_names: set[str] = set()
        self.fn_params: dict[str, dict[str, int]] = {}
        self.fn_info: dict[int, tuple[bool, list[c_ast.Decl], dict[str, int]]] = {}

    def type_of(self, node: c_ast.Node) -> CType | None:
        if not plain_type(node):
            return None
        try:
            return self.resolve(node, self.tu)
        except Unsupported:
            return None

    def run(self, asts: list[c_ast.FileAST]) -> Analysis:
        counts: dict[str, int] = {}
        defined: dict[str, int] = {}
        funcs: dict[str, c_ast.FuncDef] = {}
        callees: set[int] = set()
        ids: list[c_ast.ID] = []
        for ast in asts:
            for n in walk(ast):
                if isinstance(n, c_ast.ID):
                    ids.append(n)
                elif isinstance(n, c_ast.Decl) and n.name:
                    counts[n.name] = counts.get(n.name, 0) + 1
                elif isinstance(n, c_ast.FuncCall) and isinstance(n.name, c_ast.ID):
                    callees.add(id(n.name))
                elif isinstance(n, c_ast.FuncDef):
                    name = n.decl.name
                    funcs[name] = n if name not in funcs else funcs[name]
                    defined[name] = defined.get(name, 0) + 1
                elif isinstance(n, c_ast.Typedef | c_ast.Enumerator):
                    counts[n.name] = counts.get(n.name, 0) + 2
                    if isinstance(n, c_ast.Enumerator):
                        self.file_names.add(n.name)
        globals_: dict[str, int] = {}
        tu_of: dict[int, int] = {}
        for self.tu, ast in enumerate(asts):
            for ext in ast.ext:
                if isinstance(ext, c_ast.FuncDef):
                    tu_of[id(ext)] = self.tu
                    self.file_names.add(ext.decl.name)
                elif getattr(ext, "name", None):
                    self.file_names.add(ext.name)
            for ext in ast.ext:
                if not isinstance(ext, c_ast.Decl) or not ext.name or counts.get(ext.name) != 1:
                    continue
                if set(ext.storage or []) & {"extern", "typedef"}:
                    continue
                t = self.type_of(ext.type)
                table = table_init(ext.init, t)
                if ext.init is not None and table is None:
                    continue
                if isinstance(t, ArrayT) and t.n is None and table is not None:
                    t = ArrayT(t.elem, len(table))  # `int t[] = {...}` has as many elements as listed
                if t is not None and array_ok(t):
                    self.cands[id(ext)] = Buffer("global", ext.name, t, None, init=table)
                    globals_[ext.name] = id(ext)
        defs = [f for f in funcs.values() if defined[f.decl.name] == 1]
        self.scope = dict(globals_)
        for ast in asts:  # a global's initialiser may need an array's address (`int *p = arr;`)
            for ext in ast.ext:
                if isinstance(ext, c_ast.Decl) and ext.init is not None:
                    self.visit(ext.init)
        for fd in defs:
            self.tu = tu_of[id(fd)]
            self.params(fd)
        for fd in defs:
            self.tu = tu_of[id(fd)]
            self.function(fd, globals_)
        # function names used other than as the callee of a call have their address taken
        self.addr_fns = {n.name for n in ids if n.name in funcs and id(n) not in callees}
        self.fixpoint()
        out = Analysis()
        for key, b in self.cands.items():
            if key in self.bad:
                continue
            out.by_decl[key] = b
            if b.kind == "param":
                assert b.fn is not None
                out.params[(b.fn, b.index)] = b
            if b.kind == "global":
                out.globals[b.name] = b
        return out

    def info(self, fd: c_ast.FuncDef) -> tuple[bool, list[c_ast.Decl], dict[str, int]]:
        """One walk of a function: whether it declares a type of its own (which could shadow a file-scope one),
        its local declarations, and how many declarations (parameters too) each name has."""
        got = self.fn_info.get(id(fd))
        if got is None:
            local_types = False
            decls: list[c_ast.Decl] = []
            counts: dict[str, int] = {}
            args = fd.decl.type.args
            for p in args.params if args is not None else []:
                if isinstance(p, c_ast.Decl) and p.name:
                    counts[p.name] = counts.get(p.name, 0) + 1
            for n in walk(fd.body):
                if isinstance(n, c_ast.Decl) and n.name:
                    decls.append(n)
                    counts[n.name] = counts.get(n.name, 0) + 1
                elif isinstance(n, c_ast.Typedef | c_ast.Struct | c_ast.Union | c_ast.Enum):
                    local_types = True
            got = (local_types, decls, counts)
            self.fn_info[id(fd)] = got
        return got

    def function(self, fd: c_ast.FuncDef, globals_: dict[str, int]) -> None:
        fname = fd.decl.name
        local_types, decls, _ = self.info(fd)
        self.scope = dict(globals_)
        self.scope.update(self.fn_params.get(fname, {}))
        if not local_types:  # a local type could shadow a file-scope one: leave the function's buffers alone
            for n in decls:
                if self.declared_in(fd, n.name) != 1:
                    continue
                if n.name in self.file_names:
                    continue  # a file-scope name too: which one an identifier means depends on where it is
                if set(n.storage or []) & {"static", "extern", "typedef"}:
                    continue
                t = self.type_of(n.type)
                if t is None:
                    continue
                if array_ok(t) and n.init is None:
                    self.cands[id(n)] = Buffer("array", n.name, t, fname)
                    self.scope[n.name] = id(n)
                elif isinstance(t, PtrT) and typed_elem(t.to) and (n.init is None or alloc_call(n.init, n.name)):
                    self.cands[id(n)] = Buffer("heap", n.name, t, fname)
                    self.scope[n.name] = id(n)
        self.stmt_pos = set()
        self.visit(fd.body)

    def params(self, fd: c_ast.FuncDef) -> None:
        """Pointer parameters of a defined function: candidates (before any body is scanned for calls)."""
        fname = fd.decl.name
        args = fd.decl.type.args
        if args is None or fd.param_decls or self.info(fd)[0]:
            return
        params = [p for p in args.params if not isinstance(p, c_ast.EllipsisParam)]
        variadic = any(isinstance(p, c_ast.EllipsisParam) for p in args.params)
        for k, p in enumerate(params):
            if not isinstance(p, c_ast.Decl) or not p.name or variadic or fname == "main":
                continue
            if self.declared_in(fd, p.name) != 1 or p.name in self.file_names:
                continue
            t = self.type_of(p.type)
            if isinstance(t, ArrayT):  # `int v[]` declares a pointer
                t = PtrT(t.elem)
            if isinstance(t, PtrT) and typed_elem(t.to):
                self.cands[id(p)] = Buffer("param", p.name, t, fname, k)
                self.param_ids[(fname, k)] = id(p)
                self.fn_params.setdefault(fname, {})[p.name] = id(p)

    def declared_in(self, fd: c_ast.FuncDef, name: str) -> int:
        return self.info(fd)[2].get(name, 0)

    def cand(self, node: c_ast.Node) -> int | None:
        if isinstance(node, c_ast.ID):
            key = self.scope.get(node.name)
            if key is not None and key in self.cands:
                return key
        return None

    # ---------------------------------------------------------------------------------------------
    # Uses

    def visit(self, node: c_ast.Node | None) -> None:
        if node is None:
            return
        if isinstance(node, c_ast.Compound):
            for it in node.block_items or []:
                self.stmt_pos.add(id(it))
                self.visit(it)
            return
        if isinstance(node, c_ast.If | c_ast.While | c_ast.DoWhile | c_ast.For):
            for attr in ("iftrue", "iffalse", "stmt", "init", "next"):
                sub = getattr(node, attr, None)
                if sub is not None:
                    self.stmt_pos.add(id(sub))
            if isinstance(node, c_ast.For) and isinstance(node.init, c_ast.DeclList):
                for d in node.init.decls:
                    self.stmt_pos.add(id(d))
        if isinstance(node, c_ast.Case | c_ast.Default | c_ast.Label):
            for s in (node.stmts if not isinstance(node, c_ast.Label) else [node.stmt]) or []:
                self.stmt_pos.add(id(s))
        if isinstance(node, c_ast.ID):
            key = self.cand(node)
            if key is not None:
                self.bad.add(key)  # a bare use: its value (an address) is needed
            return
        if self.null_test(node):
            return
        if isinstance(node, c_ast.If | c_ast.While | c_ast.DoWhile | c_ast.For | c_ast.TernaryOp) or (
                isinstance(node, c_ast.BinaryOp) and node.op in ("&&", "||")):
            conds = ("cond",) if not isinstance(node, c_ast.BinaryOp) else ("left", "right")
            if any(self.heap_name(getattr(node, a, None)) for a in conds):
                for name, child in node.children():
                    if not (name in conds and self.heap_name(child)):
                        self.visit(child)
                return
        if isinstance(node, c_ast.UnaryOp) and node.op in ("sizeof", "_Alignof"):
            return
        if isinstance(node, c_ast.UnaryOp) and node.op == "&":
            inner = node.expr
            root = chain(inner)[0] if isinstance(inner, c_ast.ArrayRef) else inner
            key = self.cand(root)
            if key is not None:
                self.bad.add(key)
            self.visit(inner)
            return
        if isinstance(node, c_ast.ArrayRef):
            root, subs = chain(node)
            key = self.cand(root)
            if key is None:
                self.generic(node)
                return
            if len(subs) != len(self.cands[key].strides):
                self.bad.add(key)  # a partial chain is a pointer into the array
            for s in subs:
                self.visit(s)
            return
        if isinstance(node, c_ast.Assignment | c_ast.UnaryOp) and node.op in ASSIGNING:
            target = node.lvalue if isinstance(node, c_ast.Assignment) else node.expr
            if isinstance(target, c_ast.ArrayRef):
                key = self.cand(chain(target)[0])
                if key is not None:
                    self.cands[key].written = True
        if isinstance(node, c_ast.Assignment) and node.op == "=" and isinstance(node.lvalue, c_ast.ID):
            key = self.cand(node.lvalue)
            if key is not None:
                b = self.cands[key]
                if b.kind != "heap" or id(node) not in self.stmt_pos or not alloc_call(node.rvalue, b.name):
                    self.bad.add(key)
                    self.visit(node.rvalue)
                else:
                    self.alloc_args(node.rvalue)
                return
        if isinstance(node, c_ast.Decl):
            key = self.scope.get(node.name or "")
            if key == id(node) and node.init is not None:
                self.alloc_args(node.init)
                return
            self.generic(node)
            return
        if isinstance(node, c_ast.FuncCall):
            self.call(node)
            return
        self.generic(node)

    def heap_name(self, node: c_ast.Node | None) -> bool:
        """`node` names a heap pointer candidate (tested for NULL where it stands as a condition)."""
        key = self.cand(node) if node is not None else None
        return key is not None and self.cands[key].kind == "heap"

    def null_test(self, node: c_ast.Node) -> bool:
        """`p == NULL`, `NULL != p`, `!p` and the like, for a heap pointer candidate `p`."""
        if isinstance(node, c_ast.UnaryOp) and node.op == "!":
            return self.heap_name(node.expr)
        if isinstance(node, c_ast.BinaryOp) and node.op in ("==", "!="):
            return ((self.heap_name(node.left) and null_constant(node.right))
                    or (self.heap_name(node.right) and null_constant(node.left)))
        return False

    def alloc_args(self, node: c_ast.Node) -> None:
        call = strip_cast(node)
        args = call.args.exprs if isinstance(call, c_ast.FuncCall) and call.args is not None else []
        if isinstance(call, c_ast.FuncCall) and isinstance(call.name, c_ast.ID) and call.name.name == "realloc":
            args = args[1:]
        for a in args:
            self.visit(a)

    def generic(self, node: c_ast.Node) -> None:
        for _, child in node.children():
            self.visit(child)

    def call(self, node: c_ast.FuncCall) -> None:
        args = list(node.args.exprs) if node.args is not None else []
        if not isinstance(node.name, c_ast.ID):
            self.visit(node.name)
            for a in args:
                self.visit(a)
            return
        fname = node.name.name
        key0 = self.cand(args[0]) if args else None
        if fname == "free" and len(args) == 1 and key0 is not None:
            if self.cands[key0].kind != "heap" or id(node) not in self.stmt_pos:
                self.bad.add(key0)
            return
        if fname == "memset" and len(args) == 3 and key0 is not None:
            b = self.cands[key0]
            whole = (isinstance(args[2], c_ast.UnaryOp) and args[2].op == "sizeof"
                     and isinstance(args[2].expr, c_ast.ID) and args[2].expr.name == b.name)
            zero = isinstance(args[1], c_ast.Constant) and args[1].value == "0"
            if b.kind not in ("array", "global") or id(node) not in self.stmt_pos or not (
                    sizeof(b.elem) == 1 or (zero and whole)):
                self.bad.add(key0)
            b.written = True
            for a in args[1:]:
                self.visit(a)
            return
        self.calls.setdefault(fname, []).append(args)
        for k, a in enumerate(args):
            key = self.cand(a)
            if key is not None:
                self.arg_of[id(a)] = key
            if key is not None and (fname, k) in self.param_ids:
                self.edges.append((key, fname, k))
                self.cands[key].written = True
                continue
            self.visit(a)

    def fixpoint(self) -> None:
        changed = True
        while changed:
            changed = False
            for (fname, k), pid in self.param_ids.items():
                if pid in self.bad:
                    continue
                ok = fname not in self.addr_fns
                for args in self.calls.get(fname, []):
                    if k >= len(args):
                        ok = False
                        break
                    key = self.arg_key(args[k])
                    if key is None or key in self.bad or self.cands[key].kind == "global":
                        ok = False
                        break
                    if self.cands[key].rust_elem != self.cands[pid].rust_elem:
                        ok = False
                        break
                    if sum(1 for a in args if self.arg_key(a) == key) > 1:
                        ok = False
                        break
                if not ok:
                    self.bad.add(pid)
                    changed = True
            for key, fname, k in self.edges:
                if key in self.bad:
                    continue
                pid = self.param_ids[(fname, k)]
                if pid in self.bad or self.cands[key].kind == "global":
                    self.bad.add(key)
                    changed = True

    def arg_key(self, node: c_ast.Node) -> int | None:
        """The candidate buffer a call argument names whole, if any."""
        return self.arg_of.get(id(node))


def table_init(init: c_ast.Node | None, t: CType | None) -> list[c_ast.Node] | None:
    """The constants of `{1, -2, 'a', 0.5}` initialising a one-dimensional array of numbers (no more of them
    than the array has elements, no designators, a float only for float elements); None otherwise."""
    if not (isinstance(init, c_ast.InitList) and isinstance(t, ArrayT) and typed_elem(t.elem)):
        return None
    out: list[c_ast.Node] = []
    for e in init.exprs:
        c = e.expr if isinstance(e, c_ast.UnaryOp) and e.op in ("-", "+") else e
        if not (isinstance(c, c_ast.Constant) and c.type != "string"):
            return None
        if c.type in ("float", "double", "long double") and not isinstance(t.elem, FloatT):
            return None
        out.append(e)
    if not out or (t.n is not None and len(out) > t.n):
        return None
    return out


def null_constant(node: c_ast.Node) -> bool:
    """`0`, `0L`, `(void *)0` and the like: the null pointer constants a NULL test compares with."""
    node = strip_cast(node)
    if not (isinstance(node, c_ast.Constant) and node.type in ("int", "long int", "unsigned int", "long long int",
                                                                "unsigned long int", "unsigned long long int")):
        return False
    try:
        return int(node.value.rstrip("uUlL"), 0) == 0
    except ValueError:
        return False


def walk(node: c_ast.Node) -> list[c_ast.Node]:
    out: list[c_ast.Node] = []
    stack = [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(child for _, child in n.children())
    return out
