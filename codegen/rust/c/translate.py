"""C syntax tree (pycparser) to Rust text over the `crt` byte-addressed memory model.

Scalars that never have their address taken are Rust locals of the matching Rust integer or float type;
everything else (arrays, structs, address-taken locals, globals, heap blocks) lives in `crt::Mem` and a
pointer is its `u64` address. Integer arithmetic wraps as the gcc build does; every memory access is
bounds-checked by Rust, so the output has no `unsafe`.

Arrays and heap blocks that typed_buffers.py proves are only ever accessed as their own element type leave
the byte memory for typed storage (symbols of kind "typed": a Rust array, a `Vec`, a `&mut [T]` parameter,
or a typed global pool in `m.t`), and counting loops over them get an unchecked version over zipped windows
(functions.py, `fast_loop`), which is what lets rustc vectorise them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pycparser import c_ast
from transpiler.codegen.rust.c.exprs import (
    LV,
    Ex,
    Unsupported,
    atom,
    bare,
    cast,
    decay,
    float_lit,
    int_lit,
    load,
    mcall,
    store,
    unescape,
)
from transpiler.codegen.rust.c.typed_buffers import Analysis, Buffer, chain, null_constant
from transpiler.frontends.c.ctypes import (
    CHAR,
    DOUBLE,
    FLOAT,
    INT,
    LDOUBLE,
    LONG,
    UINT,
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
    int_from_names,
    is_arith,
    is_int,
    layout,
    promote,
    rust_type,
    show,
    sizeof,
    usual,
)

FN_BASE = 0xF000_0000
LIBC_FMT = {"printf": "fmt::printf", "fprintf": "fmt::fprintf", "sprintf": "fmt::sprintf",
            "snprintf": "fmt::snprintf", "vprintf": "fmt::printf", "vfprintf": "fmt::fprintf",
            "vsprintf": "fmt::sprintf", "vsnprintf": "fmt::snprintf", "scanf": "scan::scanf",
            "fscanf": "scan::fscanf", "sscanf": "scan::sscanf"}
LIBC_RENAME = {"__crt_errno_location": "errno_location", "__crt_assert_fail": "assert_fail"}


@dataclass
class Sym:
    """What an identifier names in some scope."""

    kind: str  # "reg" | "mem" | "global" | "func" | "enum" | "typedef"
    ty: CType
    code: str = ""  # rust local name, or address expression
    value: int = 0  # enum constants; a typed global's element offset in its pool
    defined: bool = False
    buf: Buffer | None = None  # kind "typed": the buffer (see typed_buffers)


@dataclass
class FnState:
    """Per-function translation state."""

    name: str
    ret: CType
    frame: int = 0
    locals: list[tuple[str, str]] = field(default_factory=list)  # (rust name, rust type) hoisted to the top
    label_n: int = 0
    breaks: list[str] = field(default_factory=list)
    continues: list[str] = field(default_factory=list)
    addr_taken: set[str] = field(default_factory=set)
    reads: set[str] = field(default_factory=set)  # C names read in the function
    variadic: bool = False
    struct_ret: bool = False
    tail: str | None = None  # the final `return`'s value, emitted as the body's tail expression
    approx_const: bool = False  # a float literal close to a std constant (3.14159): clippy flags it
    local_init: dict[str, str] = field(default_factory=dict)  # hoisted locals with their own initial value

    def slot(self, size: int, align: int) -> str:
        align = max(align, 1)
        self.frame = (self.frame + align - 1) // align * align
        off = self.frame
        self.frame += max(size, 1)
        return f"fp.wrapping_add({off})" if off else "fp"

    def label(self, kind: str) -> str:
        self.label_n += 1
        return f"'{kind}{self.label_n}"


class Translator:
    """Translates one C file (a pycparser FileAST) into one Rust module."""

    def __init__(self, libc: dict[str, FuncT]) -> None:
        self.libc = libc
        self.scopes: list[dict[str, Sym]] = [{}]
        self.tags: list[dict[str, StructT | IntT]] = [{}]
        self.strings: dict[bytes, int] = {}
        self.data = bytearray()
        self.globals_size = 0
        self.global_init: list[str] = []
        self.init_fn = FnState("init", VOID)
        self.fns_out: list[str] = []
        self.fn_ptrs: dict[str, int] = {}  # function name -> index in the pointer table
        self.fn_types: dict[str, FuncT] = {}
        self.dispatch: dict[tuple[tuple[str, ...], str], str] = {}
        self.errors: list[Unsupported] = []
        self.fs: FnState = self.init_fn
        self.names: set[str] = set()
        self.rust_names: dict[str, str] = {}
        self.vla_sizes: dict[str, str] = {}
        self.fn_rust_names: dict[str, str] = {}
        self.typing = 0  # inside type_of: constant expressions are not folded (folding asks for types)
        self.in_params = 0  # rust local holding a VLA's address -> local holding its size
        self.typed = Analysis()  # the typed buffers (typed_buffers), set once declarations are read
        self.fast: dict[int, LV] = {}  # inside a loop's unchecked version: typed accesses by subscript node
        self.fast_views: dict[str, tuple[str, bool]] = {}  # there: storage -> (its view, whether of cells)

    # ---------------------------------------------------------------------------------------------
    # Scopes

    def lookup(self, name: str) -> Sym | None:
        for s in reversed(self.scopes):
            if name in s:
                return s[name]
        return None

    def lookup_tag(self, name: str) -> StructT | IntT | None:
        for s in reversed(self.tags):
            if name in s:
                return s[name]
        return None

    @contextmanager
    def scope(self) -> Iterator[None]:
        self.scopes.append({})
        self.tags.append({})
        try:
            yield
        finally:
            self.scopes.pop()
            self.tags.pop()

    def fresh(self, base: str, unread: bool = False) -> str:
        """A Rust local for the C variable `base`, unique in the function; `_`-prefixed when it is never read."""
        base = snake(base)
        pre = "_v" if unread else "v"
        n = 0
        name = f"{pre}_{base}"
        while name in self.names:
            n += 1
            name = f"{pre}_{base}_{n}"
        self.names.add(name)
        return name

    def rust_fn(self, link: str) -> str:
        """The Rust name of the C function `link`: `fn_` and its name in snake case, unique per program."""
        name = self.fn_rust_names.get(link)
        if name is None:
            name = f"fn_{snake(link)}"
            while name in self.fn_rust_names.values():
                name += "_"
            self.fn_rust_names[link] = name
        return name

    # ---------------------------------------------------------------------------------------------
    # Types

    def resolve(self, node: c_ast.Node) -> CType:
        """The C type of a declarator chain."""
        if isinstance(node, c_ast.TypeDecl):
            return self.resolve(node.type)
        if isinstance(node, c_ast.IdentifierType):
            t = int_from_names(node.names)
            if t is not None:
                return t
            if len(node.names) == 1:
                s = self.lookup(node.names[0])
                if s is not None and s.kind == "typedef":
                    return s.ty
            raise Unsupported(node, f"unknown type `{' '.join(node.names)}`")
        if isinstance(node, c_ast.PtrDecl):
            return PtrT(self.resolve(node.type))
        if isinstance(node, c_ast.ArrayDecl):
            elem = self.resolve(node.type)
            n = None
            if node.dim is not None:
                v = self.const_value(node.dim)
                star = isinstance(node.dim, c_ast.ID) and node.dim.name == "*"
                if v is None and not star and not self.in_params:
                    raise Unsupported(node.dim, "array size is not a constant",
                                      "only local arrays may have a run-time size")
                n = v if isinstance(v, int) else None
            return ArrayT(elem, n)
        if isinstance(node, c_ast.FuncDecl):
            ret = self.resolve(node.type)
            if node.args is None:
                return FuncT(ret, None, False)
            params: list[CType] = []
            variadic = False
            for p in node.args.params:
                if isinstance(p, c_ast.EllipsisParam):
                    variadic = True
                    continue
                if isinstance(p, c_ast.ID):  # K&R identifier list
                    params.append(INT)
                    continue
                self.in_params += 1
                try:
                    pt = self.resolve(p.type)
                finally:
                    self.in_params -= 1
                if isinstance(pt, VoidT):
                    continue
                params.append(self.param_type(pt))
            return FuncT(ret, tuple(params), variadic)
        if isinstance(node, c_ast.Struct | c_ast.Union):
            return self.struct_type(node)
        if isinstance(node, c_ast.Enum):
            return self.enum_type(node)
        if isinstance(node, c_ast.Typename):
            return self.resolve(node.type)
        raise Unsupported(node, f"unsupported type syntax {type(node).__name__}")

    @staticmethod
    def param_type(t: CType) -> CType:
        if isinstance(t, ArrayT):
            return PtrT(t.elem)
        if isinstance(t, FuncT):
            return PtrT(t)
        return t

    def struct_type(self, node: c_ast.Struct | c_ast.Union) -> StructT:
        union = isinstance(node, c_ast.Union)
        st: StructT | None = None
        if node.name is not None:
            if node.decls is None:
                found = self.lookup_tag(node.name)
                if isinstance(found, StructT):
                    return found
            else:
                here = self.tags[-1].get(node.name)
                if isinstance(here, StructT) and not here.complete:
                    st = here
        if st is None:
            st = StructT(node.name, union)
            if node.name is not None:
                self.tags[-1][node.name] = st
        if node.decls is not None:
            members: list[tuple[str | None, CType, int | None]] = []
            for d in node.decls:
                t = self.resolve(d.type)
                width = self.const_int(d.bitsize) if d.bitsize is not None else None
                if width is not None and not isinstance(t, IntT):
                    raise Unsupported(d, "bitfield of non-integer type")
                if isinstance(t, ArrayT) and t.n is None:
                    t = ArrayT(t.elem, 0)
                members.append((d.name, t, width))
            layout(st, members)
        return st

    def enum_type(self, node: c_ast.Enum) -> IntT:
        """An enum's type is unsigned int when no enumerator is negative, as with gcc."""
        if node.values is None:
            found = self.lookup_tag(node.name) if node.name else None
            return found if isinstance(found, IntT) else UINT
        v = 0
        negative = False
        for e in node.values.enumerators:
            if e.value is not None:
                v = self.const_int(e.value)
            negative = negative or v < 0
            self.scopes[-1][e.name] = Sym("enum", INT, value=v)
            v += 1
        t = INT if negative else UINT
        if node.name:
            self.tags[-1][node.name] = t
        return t

    # ---------------------------------------------------------------------------------------------
    # Constant expressions

    def const_int(self, node: c_ast.Node) -> int:
        v = self.const_value(node)
        if v is None or isinstance(v, float):
            raise Unsupported(node, "expected an integer constant expression")
        return v

    def const_value(self, node: c_ast.Node) -> int | float | None:
        """Fold an integer constant expression; None when it is not constant."""
        if isinstance(node, c_ast.Constant):
            if node.type in ("char",):
                return self.char_value(node)
            if node.type in ("int", "unsigned int", "long int", "unsigned long int", "long long int",
                             "unsigned long long int") or node.type.endswith("int"):
                return self.int_const(node)[0]
            if node.type in ("float", "double", "long double"):
                return float_value(node.value)
            return None
        if isinstance(node, c_ast.ID):
            s = self.lookup(node.name)
            return s.value if s is not None and s.kind == "enum" else None
        if isinstance(node, c_ast.UnaryOp):
            if node.op == "sizeof":
                return sizeof(self.type_of(node.expr))
            v = self.const_value(node.expr)
            if v is None:
                return None
            if node.op == "-":
                return self.wrap_const(-v, node.expr)
            if node.op == "+":
                return v
            if node.op == "~" and isinstance(v, int):
                return self.wrap_const(~v, node.expr)
            if node.op == "!":
                return int(not v)
            return None
        if isinstance(node, c_ast.BinaryOp):
            a = self.const_value(node.left)
            if node.op in ("&&", "||") and a is not None:
                if node.op == "&&" and not a:
                    return 0
                if node.op == "||" and a:
                    return 1
                b = self.const_value(node.right)
                return None if b is None else int(bool(b))
            b = self.const_value(node.right)
            if a is None or b is None:
                return None
            try:
                ty = usual(self.type_of(node.left), self.type_of(node.right))
            except Unsupported:
                ty = INT
            r = fold(node.op, a, b, ty)
            if r is None:
                return None
            if isinstance(r, int) and node.op in ("+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^"):
                t2 = promote(self.type_of(node.left)) if node.op in ("<<", ">>") else ty
                if isinstance(t2, IntT):
                    r = wrap(r, t2)
            return r
        if isinstance(node, c_ast.TernaryOp):
            c = self.const_value(node.cond)
            if c is None:
                return None
            return self.const_value(node.iftrue if c else node.iffalse)
        if isinstance(node, c_ast.Cast):
            v = self.const_value(node.expr)
            t = self.resolve(node.to_type)
            if v is None:
                return None
            if isinstance(t, IntT):
                if isinstance(v, float) and not -2.0**63 <= v < 2.0**64:
                    return None  # out of range (or NaN): undefined in C, left to the run-time cast
                return wrap(int(v), t) if t.name != "bool" else int(bool(v))
            if isinstance(t, FloatT):
                return float(v)
            return None
        return None

    def wrap_const(self, v: int | float, operand: c_ast.Node) -> int | float:
        if isinstance(v, float):
            return v
        t = promote(self.type_of(operand))
        return wrap(v, t) if isinstance(t, IntT) else v

    def char_value(self, node: c_ast.Constant) -> int:
        body = node.value
        if body[:1] in ("L", "u", "U"):
            text = unescape(body[2:-1]).decode("utf-8", "replace")
            return ord(text[0]) if text else 0
        b = unescape(body[1:-1])
        if len(b) == 1:
            return b[0] - 256 if b[0] >= 128 else b[0]
        v = 0
        for c in b:
            v = (v << 8) | c
        return wrap(v, INT)

    def int_const(self, node: c_ast.Constant) -> tuple[int, IntT]:
        text = node.value.lower()
        suffix = ""
        while text and text[-1] in "ul":
            suffix = text[-1] + suffix
            text = text[:-1]
        if text.startswith("0x"):
            v, decimal = int(text, 16), False
        elif text.startswith("0b"):
            v, decimal = int(text[2:], 2), False
        elif text.startswith("0") and len(text) > 1:
            v, decimal = int(text, 8), False
        else:
            v, decimal = int(text), True
        unsigned = "u" in suffix
        longs = suffix.count("l")
        cands: list[str]
        if unsigned:
            cands = ["uint", "ulong", "ullong"] if longs == 0 else ["ulong", "ullong"]
        elif decimal:
            cands = ["int", "long", "llong"] if longs == 0 else ["long", "llong"]
        else:
            cands = ["int", "uint", "long", "ulong", "llong", "ullong"] if longs == 0 else \
                ["long", "ulong", "llong", "ullong"]
        for c in cands:
            t = IntT(c)
            limit = 1 << (t.size * 8 - (1 if t.signed else 0))
            if v < limit:
                return v, t
        return v & ((1 << 64) - 1), IntT("ullong")

    # ---------------------------------------------------------------------------------------------
    # Types of expressions without translating them (sizeof, constant folding)

    def type_of(self, node: c_ast.Node) -> CType:
        saved = (self.fs.frame, dict(self.strings), len(self.data), set(self.names), self.fs.label_n)
        self.typing += 1
        try:
            if isinstance(node, c_ast.Typename):
                return self.resolve(node)
            return self.expr(node, decay_arrays=False).ty
        finally:
            self.typing -= 1
            self.fs.frame, self.strings, n, self.names, self.fs.label_n = saved
            del self.data[n:]

    # ---------------------------------------------------------------------------------------------
    # Expressions

    def rv(self, node: c_ast.Node) -> Ex:
        """An rvalue with arrays and functions decayed to pointers."""
        return self.expr(node, decay_arrays=True)

    def expr(self, node: c_ast.Node, decay_arrays: bool) -> Ex:
        method = getattr(self, f"x_{type(node).__name__}", None)
        if method is None:
            raise Unsupported(node, f"unsupported expression `{type(node).__name__}`")
        if not self.typing and isinstance(node, c_ast.BinaryOp | c_ast.UnaryOp | c_ast.TernaryOp | c_ast.Cast):
            folded = self.folded(node)
            if folded is not None:
                return folded
        e: Ex = method(node)
        if decay_arrays and isinstance(e.ty, ArrayT):
            return Ex(e.code, PtrT(e.ty.elem), e.pure)
        if decay_arrays and isinstance(e.ty, FuncT):
            return Ex(e.code, PtrT(e.ty), e.pure)
        return e

    def folded(self, node: c_ast.Node) -> Ex | None:
        """An integer constant expression as one literal of its type (C folds them at compile time; written
        out, `(1u << 1) < 0` and the like draw rustc's and clippy's always-true/false lints)."""
        v = self.const_value(node)
        if not isinstance(v, int):
            return None
        t = self.type_of(node)
        if not isinstance(t, IntT) or t.name == "bool":
            return None
        return Ex(int_lit(wrap(v, t), t), t)

    def lv(self, node: c_ast.Node) -> LV:
        if isinstance(node, c_ast.ID):
            s = self.lookup(node.name)
            if s is None:
                raise Unsupported(node, f"undeclared identifier `{node.name}`")
            if s.kind == "reg":
                return LV("reg", s.code, s.ty)
            if s.kind == "typed":
                if not self.typing:
                    raise Unsupported(node, f"internal: typed buffer `{node.name}` used whole")
                return LV("typed", s.code, s.ty)
            if s.kind in ("mem", "global"):
                return LV("mem", s.code, s.ty)
            raise Unsupported(node, f"`{node.name}` is not an lvalue")
        if isinstance(node, c_ast.UnaryOp) and node.op == "*":
            p = self.rv(node.expr)
            if not isinstance(p.ty, PtrT):
                raise Unsupported(node, "dereference of a non-pointer")
            if isinstance(p.ty.to, FuncT):
                return LV("mem", p.code, p.ty.to, p.pure)
            return LV("mem", p.code, p.ty.to, p.pure)
        if isinstance(node, c_ast.ArrayRef):
            typed = self.typed_ref(node)
            if typed is not None:
                return typed
            a = self.rv(node.name)
            i = self.rv(node.subscript)
            if not isinstance(a.ty, PtrT):
                a, i = i, a
            if not isinstance(a.ty, PtrT) or not is_int(i.ty):
                raise Unsupported(node, "subscript of a non-pointer")
            return LV("mem", self.ptr_add(a, i, 1), a.ty.to, a.pure and i.pure)
        if isinstance(node, c_ast.StructRef):
            if node.type == "->":
                base = self.rv(node.name)
                if not isinstance(base.ty, PtrT) or not isinstance(base.ty.to, StructT):
                    raise Unsupported(node, "`->` on a non-struct pointer")
                st = base.ty.to
                addr, pure = base.code, base.pure
            else:
                b = self.expr(node.name, decay_arrays=False)
                if not isinstance(b.ty, StructT):
                    raise Unsupported(node, "`.` on a non-struct")
                st = b.ty
                addr, pure = b.code, b.pure
            found = st.find(node.field.name)
            if found is None:
                raise Unsupported(node, f"no member `{node.field.name}` in {show(st)}")
            f, off = found
            code = f"{addr}.wrapping_add({off})" if off else addr
            return LV("mem", code, f.ty, pure, f if f.bit_width is not None else None)
        if isinstance(node, c_ast.CompoundLiteral):
            t = self.resolve(node.type)
            if isinstance(t, ArrayT) and t.n is None:
                t = ArrayT(t.elem, self.init_count(t, node.init))
            addr = self.fs.slot(sizeof(t), alignof(t))
            lines: list[str] = [f"m.memset({bare(addr)}, 0, {sizeof(t)});"]
            self.init_object(addr, t, node.init, lines)
            return LV("mem", "{ " + " ".join(lines) + f" {addr} }}", t, False)
        if isinstance(node, c_ast.Cast | c_ast.FuncCall | c_ast.TernaryOp | c_ast.Assignment | c_ast.ExprList):
            e = self.expr(node, decay_arrays=False)
            if isinstance(e.ty, StructT):
                return LV("mem", e.code, e.ty, e.pure)
        raise Unsupported(node, "expression is not assignable")

    def typed_ref(self, node: c_ast.ArrayRef) -> LV | None:
        """A complete subscript chain into a typed buffer: its element, indexed by the flattened subscripts."""
        if id(node) in self.fast:
            return self.fast[id(node)]
        root, subs = chain(node)
        if not isinstance(root, c_ast.ID):
            return None
        s = self.lookup(root.name)
        if s is None or s.kind != "typed" or s.buf is None:
            return None
        strides = s.buf.strides
        if len(subs) != len(strides):
            if not self.typing:
                raise Unsupported(node, f"internal: typed buffer `{root.name}` subscripted partially")
            t = s.ty
            for _ in subs:
                t = t.elem if isinstance(t, ArrayT) else t.to if isinstance(t, PtrT) else t
            return LV("typed", s.code, t)
        index, pure = self.flat_index(subs, strides, s.value)
        code = s.code
        cell = False
        if code in self.fast_views:
            code, cell = self.fast_views[code]
        return LV("typed", code, s.buf.elem, pure, None, index, cell)

    def flat_index(self, subs: list[c_ast.Node], strides: list[int], base: int) -> tuple[str, bool]:
        """The `usize` element index of subscripts `subs` (C's `long` arithmetic, as the byte model's address)."""
        terms: list[str] = []
        pure = True
        const = base
        for sub, stride in zip(subs, strides, strict=True):
            e = self.rv(sub)
            if not is_int(e.ty):
                raise Unsupported(sub, "array subscript is not an integer")
            pure = pure and e.pure
            c = cast(e.code, e.ty, LONG) if e.ty != LONG else e.code
            lit = re.fullmatch(r"\(?(-?[0-9]+)i64\)?", c)
            if lit is not None:
                const += int(lit.group(1)) * stride
                continue
            if len(subs) == 1 and not base:  # one subscript: its value as usize (sign-extended, as C's)
                return f"({atom(e.code)} as usize)", pure
            terms.append(c if stride == 1 else f"{atom(c)}.wrapping_mul({stride})")
        if not terms:
            if const < 0:
                return f"({const}i64 as usize)", pure
            return str(const), pure
        if const:
            terms.append(f"{const}i64")
        code = terms[0]
        for t in terms[1:]:
            code = f"{atom(code)}.wrapping_add({bare(t)})"
        lit = re.fullmatch(r"\(?(-?[0-9]+)i64\)?", code)
        if lit is not None and int(lit.group(1)) >= 0:
            return f"{lit.group(1)}", pure
        return f"({atom(code)} as usize)", pure

    def ptr_add(self, p: Ex, i: Ex, sign: int) -> str:
        assert isinstance(p.ty, PtrT)
        size = sizeof(p.ty.to)
        idx = cast(i.code, i.ty, LONG) if i.ty != LONG else i.code
        if sign < 0:
            idx = f"{atom(idx)}.wrapping_neg()"
        off = f"({atom(idx)} as u64)" if size == 1 else f"({atom(idx)} as u64).wrapping_mul({size})"
        return f"{p.code}.wrapping_add({bare(off)})"

    def x_ID(self, node: c_ast.ID) -> Ex:
        s = self.lookup(node.name)
        if s is None:
            if node.name in self.libc:
                return Ex(self.fn_pointer(node.name), self.libc[node.name])
            if node.name == "__func__":
                return Ex(self.string_addr(self.fs.name.encode() + b"\0"), ArrayT(CHAR, len(self.fs.name) + 1))
            raise Unsupported(node, f"undeclared identifier `{node.name}`")
        if s.kind == "enum":
            return Ex(int_lit(s.value, INT), INT)
        if s.kind == "func":
            assert isinstance(s.ty, FuncT)
            return Ex(self.fn_pointer(s.code), s.ty)
        if s.kind == "typedef":
            raise Unsupported(node, f"type name `{node.name}` used as a value")
        if s.kind == "typed" and not self.typing:
            raise Unsupported(node, f"internal: typed buffer `{node.name}` used whole")
        return load(self.lv(node))

    def fn_pointer(self, name: str) -> str:
        if name not in self.fn_ptrs:
            self.fn_ptrs[name] = len(self.fn_ptrs)
        return f"{FN_BASE + self.fn_ptrs[name]}u64"

    def x_Constant(self, node: c_ast.Constant) -> Ex:
        if node.type == "char":
            return Ex(int_lit(self.char_value(node), INT), INT)
        if node.type == "string":
            if node.value.startswith(("L", "U")):  # wchar_t is a 4-byte int, as on x86-64 Linux
                chars = unescape(node.value[2:-1]).decode("utf-8", "replace") + "\0"
                wide = b"".join(ord(c).to_bytes(4, "little") for c in chars)
                return Ex(self.string_addr_aligned(wide), ArrayT(INT, len(chars)))
            if node.value.startswith("u"):
                raise Unsupported(node, "char16_t string literals are not supported")
            data = unescape(node.value[1:-1]) + b"\0"
            return Ex(self.string_addr(data), ArrayT(CHAR, len(data)))
        if node.type in ("float", "double", "long double"):
            low = node.value.lower()
            suffix = low.rsplit("p", 1)[-1] if low.startswith("0x") else low
            t = FLOAT if suffix.endswith("f") else LDOUBLE if suffix.endswith("l") else DOUBLE
            value = float_value(node.value)
            self.fs.approx_const = self.fs.approx_const or near_std_const(value)
            return Ex(float_lit(value, t), t)
        v, it = self.int_const(node)
        return Ex(int_lit(v, it), it)

    def string_addr(self, data: bytes) -> str:
        if data not in self.strings:
            self.strings[data] = len(self.data)
            self.data.extend(data)
        off = self.strings[data]
        return f"(S + {off})" if off else "S"

    def string_addr_aligned(self, data: bytes) -> str:
        if data not in self.strings:
            while len(self.data) % 4:
                self.data.append(0)
        return self.string_addr(data)

    def x_UnaryOp(self, node: c_ast.UnaryOp) -> Ex:
        op = node.op
        if op == "sizeof":
            if isinstance(node.expr, c_ast.ID):
                s = self.lookup(node.expr.name)
                if s is not None and s.code in self.vla_sizes:
                    return Ex(self.vla_sizes[s.code], ULONG)
            t = self.type_of(node.expr)
            if isinstance(t, ArrayT) and t.n is None:
                raise Unsupported(node, "sizeof of an incomplete array")
            return Ex(f"{sizeof(t)}u64", ULONG)
        if op == "_Alignof":
            return Ex(f"{alignof(self.type_of(node.expr))}u64", ULONG)
        if op == "&":
            if isinstance(node.expr, c_ast.ID):
                s = self.lookup(node.expr.name)
                if s is not None and s.kind == "func" or s is None and node.expr.name in self.libc:
                    e = self.x_ID(node.expr)
                    return Ex(e.code, PtrT(e.ty))
            if isinstance(node.expr, c_ast.UnaryOp) and node.expr.op == "*":
                p = self.rv(node.expr.expr)
                return p
            lv = self.lv(node.expr)
            if lv.kind == "reg":
                raise Unsupported(node, "internal: address of a register local")
            if lv.bitfield is not None:
                raise Unsupported(node, "address of a bitfield")
            return Ex(lv.code, PtrT(lv.ty), lv.pure)
        if op == "*":
            inner = self.rv(node.expr)
            if isinstance(inner.ty, PtrT) and isinstance(inner.ty.to, FuncT):
                return Ex(inner.code, inner.ty.to, inner.pure)  # `*fp` designates the function itself
            return load(self.lv(node))
        if op in ("++", "--", "p++", "p--"):
            return self.incdec(node, op)
        if op == "!":
            c, pure = self.neg_cond(node.expr)
            return Ex(f"(({bare(c)}) as i32)", INT, pure)
        e = self.rv(node.expr)
        if not is_arith(e.ty):
            raise Unsupported(node, f"unary `{op}` on {show(e.ty)}")
        t = promote(e.ty)
        c = cast(e.code, e.ty, t)
        if op == "+":
            return Ex(c, t, e.pure)
        if op == "-":
            return Ex(f"{atom(c)}.wrapping_neg()" if is_int(t) else f"(-{c})", t, e.pure)
        if op == "~":
            if not is_int(t):
                raise Unsupported(node, "`~` on a floating value")
            return Ex(f"(!{c})", t, e.pure)
        raise Unsupported(node, f"unsupported unary operator `{op}`")

    def truth(self, e: Ex) -> str:
        """A Rust bool: is `e` nonzero."""
        if isinstance(e.ty, FloatT):
            return f"({e.code} != 0.0)"
        return f"({e.code} != 0)"

    def cond(self, node: c_ast.Node) -> tuple[str, bool]:
        """A C controlling expression as a Rust bool expression, and its purity."""
        v = None if self.typing else self.const_value(node)
        if v is None:
            v = self.heap_null_test(node)
        if v is not None:
            return ("true" if v else "false"), True
        if isinstance(node, c_ast.BinaryOp) and node.op in ("<", ">", "<=", ">=", "==", "!="):
            e = self.binary(node, as_bool=True)
            return e.code, e.pure
        if isinstance(node, c_ast.BinaryOp) and node.op in ("&&", "||"):
            a, pa = self.cond(node.left)
            b, pb = self.cond(node.right)
            return logic(node.op, a, pa, b, pb)
        if isinstance(node, c_ast.UnaryOp) and node.op == "!":
            return self.neg_cond(node.expr)
        e = self.rv(node)
        if isinstance(e.ty, StructT | VoidT):
            raise Unsupported(node, "condition is not a scalar")
        return self.truth(e), e.pure

    def neg_cond(self, node: c_ast.Node) -> tuple[str, bool]:
        """`!cond(node)` with the negation pushed inward: comparisons of integers and pointers flip, `&&` and
        `||` follow De Morgan, so that no `!(a < b)` reaches the output (floats keep `!`: NaN compares false)."""
        flip = {"==": "!=", "!=": "==", "<": ">=", ">": "<=", "<=": ">", ">=": "<"}
        v = None if self.typing else self.const_value(node)
        if v is None:
            v = self.heap_null_test(node)
        if v is not None:
            return ("false" if v else "true"), True
        if isinstance(node, c_ast.BinaryOp) and node.op in flip:
            if node.op in ("==", "!=") or not any(isinstance(self.type_of(x), FloatT)
                                                  for x in (node.left, node.right)):
                return self.cond(c_ast.BinaryOp(flip[node.op], node.left, node.right, node.coord))
            c, p = self.cond(node)
            return f"!{c}", p
        if isinstance(node, c_ast.BinaryOp) and node.op in ("&&", "||"):
            other = "||" if node.op == "&&" else "&&"
            a, pa = self.neg_cond(node.left)
            b, pb = self.neg_cond(node.right)
            return logic(other, a, pa, b, pb)
        if isinstance(node, c_ast.UnaryOp) and node.op == "!":
            return self.cond(node.expr)
        e = self.rv(node)
        if isinstance(e.ty, StructT | VoidT):
            raise Unsupported(node, "condition is not a scalar")
        return f"({e.code} == {'0.0' if isinstance(e.ty, FloatT) else '0'})", e.pure

    def x_BinaryOp(self, node: c_ast.BinaryOp) -> Ex:
        if node.op in ("&&", "||"):
            c, p = self.cond(node)
            return Ex(f"({c} as i32)", INT, p)
        return self.binary(node, as_bool=False)

    def heap_null_test(self, node: c_ast.Node) -> bool | None:
        """The value of a NULL test of a typed heap block (`p`, `!p`, `p == NULL`, `p != NULL`): the block
        exists once allocated, as an allocation that fails stops the program (typed_buffers allows only these
        tests of such a pointer); None for any other expression."""
        def heap(n: c_ast.Node) -> bool:
            s = self.lookup(n.name) if isinstance(n, c_ast.ID) else None
            return s is not None and s.kind == "typed" and s.buf is not None and s.buf.kind == "heap"

        if heap(node):
            return True
        if isinstance(node, c_ast.UnaryOp) and node.op == "!" and heap(node.expr):
            return False
        if isinstance(node, c_ast.BinaryOp) and node.op in ("==", "!=") and (
                (heap(node.left) and null_constant(node.right)) or (heap(node.right) and null_constant(node.left))):
            return bool(node.op == "!=")
        return None

    def binary(self, node: c_ast.BinaryOp, as_bool: bool) -> Ex:
        op = node.op
        v = self.heap_null_test(node)
        if v is not None:
            return Ex(str(v).lower() if as_bool else f"{int(v)}i32", INT, True)
        a = self.rv(node.left)
        b = self.rv(node.right)
        pure = a.pure and b.pure
        if op in ("<", ">", "<=", ">=", "==", "!="):
            if isinstance(a.ty, PtrT) or isinstance(b.ty, PtrT):
                ca = cast(a.code, a.ty, ULONG)
                cb = cast(b.code, b.ty, ULONG)
            else:
                t = usual(a.ty, b.ty)
                ca, cb = cast(a.code, a.ty, t), cast(b.code, b.ty, t)
            code = f"({ca} {op} {cb})"
            return Ex(code if as_bool else f"({code} as i32)", INT, pure)
        if op in ("+", "-") and isinstance(a.ty, PtrT) and is_int(b.ty):
            return Ex(self.ptr_add(a, b, 1 if op == "+" else -1), a.ty, pure)
        if op == "+" and isinstance(b.ty, PtrT) and is_int(a.ty):
            return Ex(self.ptr_add(b, a, 1), b.ty, pure)
        if op == "-" and isinstance(a.ty, PtrT) and isinstance(b.ty, PtrT):
            size = max(sizeof(a.ty.to), 1)
            diff = f"({a.code}.wrapping_sub({bare(b.code)}) as i64)"
            return Ex(diff if size == 1 else f"({diff} / {size})", LONG, pure)
        if not is_arith(a.ty) or not is_arith(b.ty):
            raise Unsupported(node, f"operator `{op}` on {show(a.ty)} and {show(b.ty)}")
        if op in ("<<", ">>"):
            t = promote(a.ty)
            if not is_int(t) or not is_int(b.ty):
                raise Unsupported(node, "shift of a non-integer")
            ca = cast(a.code, a.ty, t)
            cb = cast(b.code, b.ty, IntT("uint"))
            fn = "wrapping_shl" if op == "<<" else "wrapping_shr"
            return Ex(f"{ca}.{fn}({bare(cb)})", t, pure)
        t = usual(a.ty, b.ty)
        ca, cb = cast(a.code, a.ty, t), cast(b.code, b.ty, t)
        if isinstance(t, FloatT):
            if op in ("%", "&", "|", "^"):
                raise Unsupported(node, f"operator `{op}` on floating values")
            return Ex(f"({ca} {op} {cb})", t, pure)
        names = {"+": "wrapping_add", "-": "wrapping_sub", "*": "wrapping_mul", "/": "wrapping_div",
                 "%": "wrapping_rem"}
        if op in names:
            if op in ("/", "%"):
                return Ex(f"{ca}.{names[op]}({bare(cb)})", t, pure)
            return Ex(f"{ca}.{names[op]}({bare(cb)})", t, pure)
        if op in ("&", "|", "^"):
            return Ex(f"({ca} {op} {cb})", t, pure)
        raise Unsupported(node, f"unsupported operator `{op}`")

    def incdec(self, node: c_ast.UnaryOp, op: str) -> Ex:
        lv = self.lv(node.expr)
        t = lv.ty
        delta = "wrapping_add" if "+" in op else "wrapping_sub"
        if isinstance(t, PtrT):
            new = f"t.{delta}({max(sizeof(t.to), 1)})"
        elif isinstance(t, FloatT):
            new = f"(t {'+' if '+' in op else '-'} 1.0)"
        elif isinstance(t, IntT):
            new = f"t.{delta}(1)" if t.name != "bool" else ("1u8" if "+" in op else "(t ^ 1)")
        else:
            raise Unsupported(node, f"`{op}` on {show(t)}")
        return Ex(self.rmw(lv, new, post=op.startswith("p")), t, False)

    def rmw(self, lv: LV, new: str, post: bool) -> str:
        """Read `lv` into `t`, store `new` (an expression over `t`), yield the old or new value."""
        if lv.kind == "reg":
            return f"{{ let t = {bare(lv.code)}; let n = {bare(new)}; {lv.code} = n; {'t' if post else 'n'} }}"
        if lv.kind == "typed":
            if lv.index is None:
                el = lv
                pre = ""
            else:
                el = LV("typed", lv.code, lv.ty, True, None, "ra", lv.cell)
                pre = f"let ra = {bare(lv.index)}; "
            return (f"{{ {pre}let t = {bare(load(el).code)}; let n = {bare(new)}; "
                    f"{store(el, 'n', True)} {'t' if post else 'n'} }}")
        addr = LV(lv.kind, "ra", lv.ty, True, lv.bitfield)
        return (f"{{ let ra = {bare(lv.code)}; let t = {bare(load(addr).code)}; let n = {bare(new)}; "
                f"{store(addr, 'n', True)} {'t' if post else 'n'} }}")

    def x_Assignment(self, node: c_ast.Assignment) -> Ex:
        return self.assign(node, want_value=True)

    def assign(self, node: c_ast.Assignment, want_value: bool) -> Ex:
        if isinstance(node.lvalue, c_ast.ID):
            s = self.lookup(node.lvalue.name)
            if s is not None and s.kind == "typed" and s.buf is not None:
                return Ex(self.typed_alloc(s, node.rvalue), VOID, False)
        lv = self.lv(node.lvalue)
        if node.op == "=":
            v = self.rv(node.rvalue) if not isinstance(lv.ty, StructT) else self.expr(node.rvalue, False)
            code = self.convert(v, lv.ty, node)
            if lv.kind == "reg":
                if want_value:
                    return Ex(f"{{ let v = {bare(code)}; {lv.code} = v; v }}", lv.ty, False)
                rhs = bare(code)
                for op in ("&", "|", "^", "+", "-", "*", "/"):
                    if rhs.startswith(f"{lv.code} {op} ") and (op in "&|^" or isinstance(lv.ty, FloatT)):
                        rest = rhs[len(lv.code) + len(op) + 2:]
                        if bare(f"({rest})") == rest and not re.search(r"[-+*/&|^<>=]", strip_groups(rest)):
                            return Ex(f"{lv.code} {op}= {rest}", VOID, False)  # `x = x | y`: clippy wants `|=`
                return Ex(f"{lv.code} = {rhs}", VOID, False)
            if lv.pure:
                addr_lv = lv
                pre = ""
            elif lv.kind == "typed" and lv.index is not None:
                addr_lv = LV("typed", lv.code, lv.ty, True, None, "aa", lv.cell)
                pre = f"let aa = {bare(lv.index)}; "
            else:
                addr_lv = LV("mem", "aa", lv.ty, True, lv.bitfield)
                pre = f"let aa = {bare(lv.code)}; "
            tail = " v" if want_value else ""
            if isinstance(lv.ty, StructT):
                tail = " aa" if want_value else ""
                pre = f"let aa = {bare(lv.code)}; "
                addr_lv = LV("mem", "aa", lv.ty, True)
            body = f"{{ {pre}let v = {bare(code)}; {store(addr_lv, 'v', True)}{tail} }}"
            return Ex(body, lv.ty if want_value else VOID, False)
        op = node.op[:-1]
        r = self.rv(node.rvalue)
        t = lv.ty
        old = Ex("t", t)
        if isinstance(t, PtrT) and op in ("+", "-"):
            new = self.ptr_add(old, Ex("r", r.ty), 1 if op == "+" else -1)
            res_t: CType = t
        else:
            if not is_arith(t) or not is_arith(r.ty):
                raise Unsupported(node, f"`{node.op}` on {show(t)}")
            if op in ("<<", ">>"):
                res_t = promote(t)
                fn = "wrapping_shl" if op == "<<" else "wrapping_shr"
                new = f"{cast('t', t, res_t)}.{fn}({bare(cast('r', r.ty, IntT('uint')))})"
            else:
                res_t = usual(t, r.ty)
                ca, cb = cast("t", t, res_t), cast("r", r.ty, res_t)
                if isinstance(res_t, FloatT):
                    new = f"({ca} {op} {cb})"
                elif op in ("/", "%"):
                    new = f"{ca}.{'wrapping_div' if op == '/' else 'wrapping_rem'}({bare(cb)})"
                elif op in ("&", "|", "^"):
                    new = f"({ca} {op} {cb})"
                else:
                    fn = {"+": "wrapping_add", "-": "wrapping_sub", "*": "wrapping_mul"}[op]
                    new = f"{ca}.{fn}({bare(cb)})"
            new = cast(new, res_t, t)
        body = self.rmw(lv, new, post=False)
        return Ex(f"{{ let r = {bare(r.code)}; {body} }}", t, False)

    def typed_alloc(self, s: Sym, value: c_ast.Node) -> str:
        """`p = malloc(n)`, `calloc(k, n)` or `realloc(p, n)` for a typed heap buffer: a zeroed `Vec` of the
        elements that fit in the bytes asked for (rounded up), or the vector resized."""
        assert s.buf is not None
        call = value
        while isinstance(call, c_ast.Cast):
            call = call.expr
        if not isinstance(call, c_ast.FuncCall) or not isinstance(call.name, c_ast.ID):
            raise Unsupported(value, "internal: typed buffer assigned other than an allocation")
        args = list(call.args.exprs) if call.args is not None else []
        fname = call.name.name
        vals = [self.rv(a) for a in (args[1:] if fname == "realloc" else args)]
        size = sizeof(s.buf.elem)
        zero = "0.0" if isinstance(s.buf.elem, FloatT) else "0"
        zero = f"{zero}{s.buf.rust_elem}"
        if fname == "calloc":
            a, b = (cast(v.code, v.ty, ULONG) for v in vals)
            nbytes = f"{atom(a)}.wrapping_mul({bare(b)})"
        else:
            nbytes = cast(vals[-1].code, vals[-1].ty, ULONG)
        count = f"({atom(nbytes)} as usize)"
        if size > 1:
            count = f"{count}.div_ceil({size})"
        if fname == "realloc":
            return f"{{ let n = {bare(count)}; {s.code}.resize(n, {zero}); }}"
        return f"{s.code} = vec![{zero}; {bare(count)}]"

    def convert(self, v: Ex, to: CType, node: c_ast.Node) -> str:
        """`v` converted as by assignment to an object of type `to`."""
        if isinstance(to, StructT):
            if not isinstance(v.ty, StructT):
                raise Unsupported(node, f"assigning {show(v.ty)} to {show(to)}")
            return v.code
        if isinstance(v.ty, StructT | VoidT):
            raise Unsupported(node, f"assigning {show(v.ty)} to {show(to)}")
        return cast(v.code, v.ty, to)

    def x_Cast(self, node: c_ast.Cast) -> Ex:
        t = self.resolve(node.to_type)
        e = self.rv(node.expr)
        if isinstance(t, VoidT):
            return Ex(f"{{ let _ = {bare(e.code)}; }}", VOID, e.pure)
        if isinstance(t, StructT) or isinstance(e.ty, StructT):
            if e.ty is t:
                return e
            raise Unsupported(node, "cast to or from a struct")
        return Ex(cast(e.code, e.ty, t), t, e.pure)

    def x_TernaryOp(self, node: c_ast.TernaryOp) -> Ex:
        c, pc = self.cond(node.cond)
        a = self.rv(node.iftrue)
        b = self.rv(node.iffalse)
        if is_arith(a.ty) and is_arith(b.ty):
            t = usual(a.ty, b.ty)
        elif isinstance(a.ty, PtrT):
            t = a.ty if not (isinstance(a.ty.to, VoidT) and isinstance(b.ty, PtrT)) else b.ty
        elif isinstance(b.ty, PtrT):
            t = b.ty
        elif isinstance(a.ty, VoidT) or isinstance(b.ty, VoidT):
            return Ex(f"if {bare(c)} {{ {a.code}; }} else {{ {b.code}; }}", VOID, False)
        elif isinstance(a.ty, StructT) and a.ty is b.ty:
            t = a.ty
        else:
            raise Unsupported(node, f"conditional with {show(a.ty)} and {show(b.ty)}")
        ca = cast(a.code, a.ty, t)
        cb = cast(b.code, b.ty, t)
        return Ex(f"(if {bare(c)} {{ {bare(ca)} }} else {{ {bare(cb)} }})", t, pc and a.pure and b.pure)

    def x_ExprList(self, node: c_ast.ExprList) -> Ex:
        parts = [self.expr(e, decay_arrays=False) for e in node.exprs]
        last = parts[-1]
        if isinstance(last.ty, ArrayT):
            last = Ex(last.code, PtrT(last.ty.elem), last.pure)
        stmts = " ".join(f"let _ = {bare(p.code)};" for p in parts[:-1])
        return Ex(f"{{ {stmts} {bare(last.code)} }}", last.ty, all(p.pure for p in parts))

    def x_ArrayRef(self, node: c_ast.ArrayRef) -> Ex:
        return load(self.lv(node))

    def x_StructRef(self, node: c_ast.StructRef) -> Ex:
        return load(self.lv(node))

    def x_CompoundLiteral(self, node: c_ast.CompoundLiteral) -> Ex:
        return load(self.lv(node))

    # ---------------------------------------------------------------------------------------------
    # Calls

    def x_FuncCall(self, node: c_ast.FuncCall) -> Ex:
        args = list(node.args.exprs) if node.args is not None else []
        name = node.name.name if isinstance(node.name, c_ast.ID) else None
        sym = self.lookup(name) if name else None
        if name == "__crt_va_start":
            if not self.fs.variadic:
                raise Unsupported(node, "va_start outside a variadic function")
            return Ex("va", PtrT(CHAR))
        if name in ("__builtin_huge_val", "__builtin_inff", "__builtin_inf"):
            return Ex("f64::INFINITY", DOUBLE) if name != "__builtin_inff" else Ex("f32::INFINITY", FLOAT)
        if name == "__builtin_nanf":
            return Ex("f32::NAN", FLOAT)
        if name is not None and (sym is None or sym.kind == "func"):
            if sym is None:
                if name not in self.libc:
                    raise Unsupported(node, f"call to undeclared function `{name}`",
                                      "declare it, or include the header that declares it")
                fty = self.libc[name]
                defined = False
            else:
                assert isinstance(sym.ty, FuncT)
                fty = sym.ty
                defined = sym.code in self.fn_types
                if not defined and name not in self.libc:
                    raise Unsupported(node, f"function `{name}` is declared but never defined")
                if not defined:
                    fty = self.libc[name]
            if name in ("qsort", "bsearch"):
                return self.call_sort(node, name, args, fty)
            if name == "strchr" and not defined and len(args) == 2 and plain_string(args[0]):
                return self.strchr_literal(args[0], args[1])
            if name == "strtok" and not defined and len(args) == 2 and single_char(args[1]):
                return self.strtok_literal(node, fty, args)
            if name in ("strcat", "strcpy") and not defined and len(args) == 2 and plain_string(args[1]):
                return self.strcat_literal(node, name, fty, args)
            if name in ("free", "memset") and not defined and args and isinstance(args[0], c_ast.ID):
                ts = self.lookup(args[0].name)
                if ts is not None and ts.kind == "typed" and ts.buf is not None:
                    return self.typed_libc(node, name, ts, args)
            if defined:
                fty = self.fn_types.get(sym.code, fty) if sym is not None else fty
                return self.call(node, self.rust_fn(sym.code if sym is not None else name), fty, args, None,
                                 name)
            return self.libc_call(node, name, fty, args)
        f = self.rv(node.name)
        callee = f.ty.to if isinstance(f.ty, PtrT) else f.ty
        if not isinstance(callee, FuncT):
            raise Unsupported(node, "call of a non-function")
        fty = callee
        if fty.params is None:  # unprototyped: the call's promoted argument types decide
            fty = FuncT(fty.ret, tuple(default_promote(decay(self.type_of(a))) for a in args), False)
        return self.call(node, self.dispatcher(fty), fty, args, f)

    def libc_call(self, node: c_ast.FuncCall, name: str, fty: FuncT, args: list[c_ast.Node]) -> Ex:
        if name in LIBC_FMT:
            return self.call(node, f"crt::{LIBC_FMT[name]}", fty, args, None)
        return self.call(node, f"crt::libc::{LIBC_RENAME.get(name, name)}", fty, args, None)

    def strchr_literal(self, lit: c_ast.Constant, c: c_ast.Node) -> Ex:
        """`strchr("aeiou", c)`: a match on the byte instead of a scan of the literal (the C idiom for a
        character class); the terminating NUL is found too, as strchr finds it."""
        data = unescape(lit.value[1:-1]) + b"\0"
        self.string_addr(data)
        base = self.strings[data]
        v = self.rv(c)
        arms: dict[int, int] = {}
        for k, b in enumerate(data[:data.index(0) + 1]):  # the string ends at its first NUL
            arms.setdefault(b, base + k)
        code = " ".join(f"{b} => {f'S + {off}' if off else 'S'}," for b, off in arms.items())
        return Ex(f"(match {atom(self.convert(v, INT, c))} as u8 {{ {code} _ => 0u64 }})", PtrT(CHAR), v.pure)

    def strcat_literal(self, node: c_ast.FuncCall, name: str, fty: FuncT, args: list[c_ast.Node]) -> Ex:
        """`strcat(d, " ")`, `strcpy(d, "x")`: the literal's length is known, as gcc knows it, so only the
        destination is scanned."""
        assert isinstance(args[1], c_ast.Constant)
        n = len(unescape(args[1].value[1:-1]).split(b"\0")[0])
        assert fty.params is not None
        d, s = (bare(self.convert(self.rv(a), fty.params[k], a)) for k, a in enumerate(args))
        return Ex(f"{{ let c0 = {d}; let c1 = {s}; crt::libc::{name}_n(m, c0, c1, {n}) }}", fty.ret, False)

    def strtok_literal(self, node: c_ast.FuncCall, fty: FuncT, args: list[c_ast.Node]) -> Ex:
        """`strtok(s, " ")`: one known delimiter byte, passed as a byte."""
        assert isinstance(args[1], c_ast.Constant)
        c = unescape(args[1].value[1:-1])[0]
        assert fty.params is not None
        s = bare(self.convert(self.rv(args[0]), fty.params[0], args[0]))
        return Ex(f"{{ let c0 = {s}; crt::libc::strtok_c(m, c0, {c}) }}", fty.ret, False)

    def call_sort(self, node: c_ast.FuncCall, name: str, args: list[c_ast.Node], fty: FuncT) -> Ex:
        vals = [self.rv(a) for a in args]
        if len(vals) != (4 if name == "qsort" else 5):
            raise Unsupported(node, f"wrong number of arguments to {name}")
        cmp = vals[-1]
        cty = cmp.ty.to if isinstance(cmp.ty, PtrT) else cmp.ty
        if not isinstance(cty, FuncT):
            raise Unsupported(node, f"{name} comparison is not a function")
        disp = self.dispatcher(FuncT(INT, (PtrT(VOID), PtrT(VOID)), False))
        assert fty.params is not None
        lets = [f"let q{i} = {bare(cast(v.code, v.ty, fty.params[i]))};" for i, v in enumerate(vals[:-1])]
        lets.append(f"let qc = {bare(cmp.code)};")
        qargs = ", ".join(f"q{i}" for i in range(len(vals) - 1))
        code = (f"{{ {' '.join(lets)} crt::libc::{name}(m, {qargs}, "
                f"&mut |m: &mut crt::Mem, x: u64, y: u64| {disp}(m, qc, x, y)) }}")
        return Ex(code, fty.ret, False)

    def typed_libc(self, node: c_ast.FuncCall, name: str, s: Sym, args: list[c_ast.Node]) -> Ex:
        """`free(p)` of a typed heap buffer drops its vector; `memset` of a typed array fills its elements."""
        assert s.buf is not None
        if name == "free":
            return Ex(f"{s.code} = Vec::new()", VOID, False)
        if len(args) != 3:
            raise Unsupported(node, "wrong number of arguments to memset")
        v = self.rv(args[1])
        fill = cast(v.code, v.ty, s.buf.elem)
        if sizeof(s.buf.elem) > 1:
            n = str(s.buf.count)  # memset(a, 0, sizeof a): the analysis allows no other form
        else:
            nb = self.rv(args[2])
            n = cast(nb.code, nb.ty, ULONG)
            lit = re.fullmatch(r"\(?([0-9]+)u64\)?", n)
            n = lit.group(1) if lit is not None else f"({atom(n)} as usize)"
        lo = s.value
        hi = f"{lo} + {n}" if lo else n
        whole = s.buf.kind == "array" and n == str(s.buf.count)
        target = s.code if whole else f"{s.code}[{lo if lo else ''}..{bare(hi)}]"
        return Ex(f"{{ let f = {bare(fill)}; {target}.fill(f); }}", VOID, False)

    def typed_arg(self, node: c_ast.Node) -> str:
        """A typed buffer passed whole to a typed parameter: a mutable borrow of its elements."""
        s = self.lookup(node.name) if isinstance(node, c_ast.ID) else None
        if s is None or s.kind != "typed" or s.buf is None:
            raise Unsupported(node, "internal: a typed parameter is passed something else than a typed buffer")
        return s.code if s.buf.kind == "param" else f"&mut {s.code}"

    def call(self, node: c_ast.FuncCall, target: str, fty: FuncT, args: list[c_ast.Node], fptr: Ex | None,
             cname: str | None = None) -> Ex:
        params = fty.params
        fixed = len(params) if params is not None else len(args)
        if params is not None and (len(args) < fixed or (len(args) > fixed and not fty.variadic)):
            raise Unsupported(node, f"call with {len(args)} arguments to a function taking {fixed}")
        lets: list[str] = []
        names: list[str] = []
        if fptr is not None:
            lets.append(f"let fp_ = {bare(fptr.code)};")
            names.append("fp_")
        if isinstance(fty.ret, StructT):
            names.append(self.fs.slot(fty.ret.size, fty.ret.align))
        for i, a in enumerate(args[:fixed]):
            if cname is not None and (cname, i) in self.typed.params:
                names.append(self.typed_arg(a))
                continue
            v = self.rv(a) if not isinstance(self.type_of(a), StructT) else self.expr(a, False)
            pt = params[i] if params is not None else default_promote(v.ty)
            lets.append(f"let c{i} = {bare(self.convert(v, pt, a))};")
            names.append(f"c{i}")
        if fty.variadic:
            extra = args[fixed:]
            stores: list[str] = []
            off = 0
            slots: list[tuple[int, int]] = []
            for a in extra:
                t = self.type_of(a)
                size = (sizeof(t) + 7) // 8 * 8 if isinstance(t, StructT | FloatT) else 8
                slots.append((off, size))
                off += size
            area = self.fs.slot(max(off, 8), 8)
            for j, a in enumerate(extra):
                o, size = slots[j]
                if isinstance(self.type_of(a), StructT):
                    v = self.expr(a, False)
                    lets.append(f"let w{j} = {bare(v.code)};")
                    stores.append(f"m.memcpy({bare(offset(area, o))}, w{j}, {sizeof(v.ty)});")
                    continue
                v = self.rv(a)
                lets.append(f"let w{j} = {bare(self.slot_bits(v, a))};")
                stores.append(f"m.st_u64({bare(offset(area, o))}, w{j});")
            lets.extend(stores)
            names.append(area)
        call = f"{target}(m{''.join(', ' + n for n in names)})"
        ret = fty.ret
        if isinstance(ret, StructT):
            ret_t: CType = ret
        else:
            ret_t = ret
        if not lets:
            return Ex(call, ret_t, False)
        return Ex("{ " + " ".join(lets) + f" {call} }}", ret_t, False)

    def slot_bits(self, v: Ex, node: c_ast.Node) -> str:
        """A variadic argument as its 8-byte slot value."""
        t = v.ty
        if isinstance(t, FloatT):
            return f"({cast(v.code, t, DOUBLE)}).to_bits()"
        if isinstance(t, IntT):
            pt = promote(t)
            assert isinstance(pt, IntT)
            wide = LONG if pt.signed else ULONG
            return cast(cast(v.code, t, pt), pt, wide) + " as u64" if pt.signed else cast(cast(v.code, t, pt), pt,
                                                                                            wide)
        if isinstance(t, PtrT):
            return v.code
        raise Unsupported(node, f"passing {show(t)} as a variadic argument")

    def dispatcher(self, fty: FuncT) -> str:
        key = self.sig_key(fty)
        if key not in self.dispatch:
            self.dispatch[key] = f"call_ptr_{len(self.dispatch)}"
        return self.dispatch[key]

    def sig_key(self, fty: FuncT) -> tuple[tuple[str, ...], str]:
        params = tuple(rust_type(p) for p in (fty.params or ()))
        if isinstance(fty.ret, StructT):
            params = ("u64",) + params
        if fty.variadic:
            params = params + ("u64",)
        return params, rust_type(fty.ret)

    # ---------------------------------------------------------------------------------------------
    # Initialisers

    def init_count(self, t: ArrayT, init: c_ast.Node) -> int:
        """Element count of an array with unknown size, from its initialiser."""
        if isinstance(init, c_ast.Constant) and init.type == "string":
            st = self.type_of(init)
            assert isinstance(st, ArrayT) and st.n is not None
            return st.n
        if isinstance(init, c_ast.InitList):
            if (len(init.exprs) == 1 and isinstance(init.exprs[0], c_ast.Constant)
                    and init.exprs[0].type == "string" and is_int(t.elem) and sizeof(t.elem) == 1):
                return self.init_count(t, init.exprs[0])
            n = 0
            i = 0
            items = list(init.exprs)
            k = 0
            while k < len(items):
                item = items[k]
                if isinstance(item, c_ast.NamedInitializer):
                    d = item.name[0]
                    if not isinstance(d, c_ast.ID):
                        i = self.const_int(d)
                    k = self.consume(t.elem, items, k, None, [])
                else:
                    k = self.consume(t.elem, items, k, None, [])
                i += 1
                n = max(n, i)
            return n
        raise Unsupported(init, "cannot size this array from its initialiser")

    def init_object(self, addr: str, t: CType, init: c_ast.Node, lines: list[str]) -> None:
        """Append statements that initialise the (already zeroed) object at `addr` from `init`."""
        if isinstance(init, c_ast.InitList):
            if isinstance(t, ArrayT | StructT):
                items = list(init.exprs)
                self.init_aggregate(addr, t, items, 0, lines, braced=True)
                return
            if not init.exprs:
                return
            self.init_object(addr, t, init.exprs[0], lines)
            return
        if isinstance(t, ArrayT):
            if isinstance(init, c_ast.Constant) and init.type == "string" and is_int(t.elem):
                lit = self.x_Constant(init)
                assert isinstance(lit.ty, ArrayT) and lit.ty.n is not None
                n = min(lit.ty.n, t.n if t.n is not None else lit.ty.n) * sizeof(t.elem)
                lines.append(f"m.memcpy({bare(addr)}, {bare(lit.code)}, {n});")
                return
            raise Unsupported(init, "array initialised from a non-list")
        if isinstance(t, StructT):
            v = self.expr(init, False)
            if v.ty is not t:
                raise Unsupported(init, f"initialising {show(t)} from {show(v.ty)}")
            lines.append(mcall("memcpy", [(addr, True), (v.code, v.pure), (str(t.size), True)]) + ";")
            return
        v = self.rv(init)
        lines.append(store(LV("mem", addr, t), self.convert(v, t, init), v.pure))

    def init_aggregate(self, addr: str, t: CType, items: list[c_ast.Node], k: int, lines: list[str],
                       braced: bool) -> int:
        """Initialise aggregate `t` at `addr` from items[k:]; returns the next unused item index."""
        if isinstance(t, ArrayT):
            esize = sizeof(t.elem)
            i = 0
            if (braced and len(items) == 1 and isinstance(items[0], c_ast.Constant) and items[0].type == "string"
                    and is_int(t.elem)):
                self.init_object(addr, t, items[0], lines)
                return 1
            if (not braced and k < len(items) and isinstance(items[k], c_ast.Constant)
                    and items[k].type == "string" and is_int(t.elem) and esize == 1):
                self.init_object(addr, t, items[k], lines)
                return k + 1
            while k < len(items) and (t.n is None or i < t.n or braced):
                item = items[k]
                if isinstance(item, c_ast.NamedInitializer):
                    if not braced:
                        break
                    d = item.name[0]
                    if isinstance(d, c_ast.ID):
                        raise Unsupported(item, "field designator in an array initialiser")
                    i = self.const_int(d)
                    sub = offset(addr, i * esize)
                    self.designated(sub, t.elem, item, lines)
                    k += 1
                    i += 1
                    continue
                if t.n is not None and i >= t.n:
                    break
                k = self.consume(t.elem, items, k, offset(addr, i * esize), lines)
                i += 1
            return k
        assert isinstance(t, StructT)
        fi = 0
        named = [f for f in t.fields if f.name is not None or f.bit_width is None]
        while k < len(items):
            item = items[k]
            if isinstance(item, c_ast.NamedInitializer):
                if not braced:
                    break
                d = item.name[0]
                if not isinstance(d, c_ast.ID):
                    raise Unsupported(item, "array designator in a struct initialiser")
                found = t.find(d.name)
                if found is None:
                    raise Unsupported(item, f"no member `{d.name}` in {show(t)}")
                f, off = found
                top = next((j for j, g in enumerate(named) if g.name == d.name), None)
                if top is None:
                    top = next(j for j, g in enumerate(named) if g.name is None and isinstance(g.ty, StructT)
                               and g.ty.find(d.name) is not None)
                self.designated(offset(addr, off), f.ty, item, lines, f if f.bit_width is not None else None)
                fi = top + 1
                k += 1
                if t.union:
                    break
                continue
            if fi >= len(named) or (t.union and fi > 0):
                break
            f = named[fi]
            sub = offset(addr, f.offset)
            if f.bit_width is not None:
                v = self.rv(items[k])
                lines.append(store(LV("mem", sub, f.ty, True, f), self.convert(v, f.ty, items[k]), v.pure))
                k += 1
            else:
                k = self.consume(f.ty, items, k, sub, lines)
            fi += 1
        return k

    def designated(self, addr: str, t: CType, item: c_ast.NamedInitializer, lines: list[str],
                   bit: object = None) -> None:
        if len(item.name) > 1:
            rest = c_ast.NamedInitializer(item.name[1:], item.expr, coord=item.coord)
            if isinstance(t, ArrayT | StructT):
                self.init_aggregate(addr, t, [rest], 0, lines, braced=True)
                return
            raise Unsupported(item, "nested designator into a scalar")
        if bit is not None:
            v = self.rv(item.expr)
            lines.append(store(LV("mem", addr, t, True, bit), self.convert(v, t, item.expr), v.pure))  # type: ignore
            return
        if isinstance(t, ArrayT | StructT) and not isinstance(item.expr, c_ast.InitList):
            if isinstance(item.expr, c_ast.Constant) and item.expr.type == "string" or isinstance(t, StructT) \
                    and isinstance(self.type_of(item.expr), StructT):
                self.init_object(addr, t, item.expr, lines)
                return
            self.init_aggregate(addr, t, [item.expr], 0, lines, braced=False)
            return
        self.init_object(addr, t, item.expr, lines)

    def consume(self, t: CType, items: list[c_ast.Node], k: int, addr: str | None, lines: list[str]) -> int:
        """Initialise one subobject of type `t` from items[k:], eliding braces; returns the next index."""
        item = items[k]
        if isinstance(item, c_ast.InitList) or not isinstance(t, ArrayT | StructT):
            if addr is not None:
                self.init_object(addr, t, item, lines)
            return k + 1
        if isinstance(t, StructT) and isinstance(self.type_of(item), StructT):
            if addr is not None:
                self.init_object(addr, t, item, lines)
            return k + 1
        if isinstance(t, ArrayT) and isinstance(item, c_ast.Constant) and item.type == "string":
            if addr is not None:
                self.init_object(addr, t, item, lines)
            return k + 1
        if addr is None:
            dummy: list[str] = []
            return self.init_aggregate("0", t, items, k, dummy, braced=False)
        return self.init_aggregate(addr, t, items, k, lines, braced=False)


STD_CONSTS = (math.pi, math.e, math.tau, math.sqrt(2), 1 / math.sqrt(2), math.log(2), math.log(10),
              math.log2(math.e), math.log10(math.e), math.log2(10), math.log10(2), 1 / math.pi, 2 / math.pi,
              2 / math.sqrt(math.pi), math.pi / 2, math.pi / 3, math.pi / 4, math.pi / 6, math.pi / 8)


def near_std_const(value: float) -> bool:
    """Whether clippy's approx_constant would flag this literal as an approximation of a std constant."""
    return any(value != c and abs(value - c) < 1e-2 for c in STD_CONSTS)


def logic(op: str, a: str, pa: bool, b: str, pb: bool) -> tuple[str, bool]:
    """`a && b` or `a || b` of Rust bools, folded where a side is a constant (a NULL test of a typed block
    is one): clippy flags `x || false` and `false || false`; a side with effects is still evaluated."""
    unit, zero = ("true", "false") if op == "&&" else ("false", "true")
    if a == zero:
        return zero, True
    if a == unit:
        return b, pb
    if b == unit:
        return a, pa
    if b == zero:
        return (zero, True) if pa else (f"({a} {op[0]} {zero})", False)  # `&`/`|`: `a` still runs
    return f"({a} {op} {b})", pa and pb


def plain_string(node: c_ast.Node) -> bool:
    """A narrow string literal (`"abc"`, not `L"abc"`)."""
    return isinstance(node, c_ast.Constant) and node.type == "string" and node.value.startswith('"')


def single_char(node: c_ast.Node) -> bool:
    """A narrow string literal of exactly one byte other than NUL (`" "`)."""
    if not plain_string(node):
        return False
    assert isinstance(node, c_ast.Constant)
    data = unescape(node.value[1:-1])
    return len(data) == 1 and data != b"\0"


def offset(addr: str, off: int) -> str:
    """The address `off` bytes past `addr` (constant offsets of initialised subobjects)."""
    return f"({addr} + {off})" if off else addr


def default_promote(t: CType) -> CType:
    if isinstance(t, FloatT):
        return DOUBLE if t.size == 4 else t
    return promote(t)


def float_value(text: str) -> float:
    t = text.rstrip("fFlL")
    if t.lower().startswith("0x"):
        return float.fromhex(t)
    return float(t)


def snake(name: str) -> str:
    """A C identifier in Rust's snake case (`pivotIndex` -> `pivot_index`, `__ret` -> `ret`)."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()
    return re.sub(r"_+", "_", name).strip("_") or "x"


def strip_groups(code: str) -> str:
    """`code` with every bracketed group removed: what is left are its top-level operators."""
    out = []
    depth = 0
    for ch in code:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def wrap(v: int, t: CType) -> int:
    if not isinstance(t, IntT):
        return v
    bits = t.size * 8
    v &= (1 << bits) - 1
    if t.signed and v >= 1 << (bits - 1):
        v -= 1 << bits
    return v


def fold(op: str, a: int | float, b: int | float, t: CType) -> int | float | None:
    if isinstance(t, IntT):
        a, b = wrap(int(a), t), wrap(int(b), t)
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            if isinstance(t, IntT):
                q = abs(int(a)) // abs(int(b))
                return q if (a < 0) == (b < 0) else -q
            return a / b
        if op == "%":
            q = abs(int(a)) // abs(int(b))
            q = q if (a < 0) == (b < 0) else -q
            return int(a) - q * int(b)
        if op in ("<<", ">>") and not 0 <= int(b) < (t.size * 8 if isinstance(t, IntT) else 64):
            return None  # undefined in C: left to the run-time shift, as before folding
        if op == "<<":
            return int(a) << int(b)
        if op == ">>":
            return int(a) >> int(b)
        if op == "&":
            return int(a) & int(b)
        if op == "|":
            return int(a) | int(b)
        if op == "^":
            return int(a) ^ int(b)
        if op == "<":
            return int(a < b)
        if op == ">":
            return int(a > b)
        if op == "<=":
            return int(a <= b)
        if op == ">=":
            return int(a >= b)
        if op == "==":
            return int(a == b)
        if op == "!=":
            return int(a != b)
    except (ZeroDivisionError, ValueError, OverflowError):
        return None
    return None
