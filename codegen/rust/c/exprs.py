"""Small helpers shared by the C translator: translated expressions, lvalues, casts and literals."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from transpiler.frontends.c.ctypes import (
    ArrayT,
    CType,
    Field,
    FloatT,
    IntT,
    PtrT,
    StructT,
    VoidT,
    mem_suffix,
    rust_type,
)


@dataclass(frozen=True, slots=True)
class Ex:
    """A translated rvalue: Rust expression text, its C type, and whether it may change memory or locals."""

    code: str
    ty: CType
    pure: bool = True


@dataclass(frozen=True, slots=True)
class LV:
    """A translated lvalue: a Rust local (`kind` "reg", code is its name), memory at address `code`, or an
    element of typed storage (`kind` "typed": `code` is the Rust slice, vector or array, `index` the `usize`
    element index; no index: `code` is a reference to the element itself; `cell`: the storage is a slice
    of `Cell`s, read with `get` and written with `set`)."""

    kind: str  # "reg" | "mem" | "typed"
    code: str
    ty: CType
    pure: bool = True
    bitfield: Field | None = None
    index: str | None = None
    cell: bool = False


class Unsupported(Exception):
    """Raised inside the translator for a construct it refuses; caught per top-level item and reported."""

    def __init__(self, node: object, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.node = node
        self.message = message
        self.hint = hint


def cast(code: str, src: CType, dst: CType) -> str:
    """Convert a value of `src` to `dst` with C's rules (modular for integers, truncation toward zero)."""
    if isinstance(dst, VoidT):
        return code
    if isinstance(dst, IntT) and dst.name == "bool":
        if isinstance(src, IntT) and src.name == "bool":
            return code
        zero = "0.0" if isinstance(src, FloatT) else "0"
        return f"(({code}) != {zero}) as u8"
    rs, rd = rust_type(src), rust_type(dst)
    if isinstance(src, ArrayT | StructT):
        rs = "u64"
    if rs == rd:
        return code
    lit = INT_LIT.match(code)
    if lit is not None and isinstance(dst, PtrT):
        return f"{int(lit.group(1)) & (2**64 - 1)}u64"
    if lit is not None and isinstance(dst, IntT | FloatT):
        value = int(lit.group(1))
        if isinstance(dst, FloatT):
            return f"{float(value)!r}{rd}" if value >= 0 else f"({float(value)!r}{rd})"
        return int_lit(value, dst)  # a literal of the target type: clippy flags casts of literals
    return f"({atom(code)} as {rd})"


INT_LIT = re.compile(r"^\(?(-?[0-9]+)(?:i|u)(?:8|16|32|64|size)\)?$")


def atom(code: str) -> str:
    """`code` as an operand of `as` or a method receiver: parenthesised unless it is a name, a literal, a
    call or a parenthesised expression already (rustc and clippy flag parentheses that are not needed)."""
    if code.startswith("-"):
        return f"({code})"
    depth = 0
    for ch in code:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and not (ch.isalnum() or ch in "_.:"):
            return f"({code})"
    return code


def bare(code: str) -> str:
    """`code` without parentheses that enclose all of it: for positions that take any expression (a `let`
    initialiser, an assignment's right side, a call argument, a condition), where rustc flags them."""
    while code.startswith("(") and code.endswith(")") and closing(code) == len(code) - 1:
        code = code[1:-1].strip()
    return code


def closing(code: str) -> int:
    """The index of the parenthesis that closes the one `code` starts with."""
    depth = 0
    for i, ch in enumerate(code):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i
    return -1


def load(lv: LV) -> Ex:
    """The value stored in `lv`; an aggregate's value is its address."""
    if lv.kind == "reg":
        return Ex(lv.code, lv.ty, True)
    if lv.kind == "typed":
        if isinstance(lv.ty, ArrayT | PtrT):  # only while typing (sizeof)
            return Ex(lv.code, lv.ty, True)
        return Ex(typed_load(lv), lv.ty, lv.pure)
    if isinstance(lv.ty, ArrayT | StructT):
        return Ex(lv.code, lv.ty, lv.pure)
    if lv.bitfield is not None:
        return Ex(bit_load(lv), lv.ty, lv.pure)
    return Ex(mcall(f"ld_{mem_suffix(lv.ty)}", [(lv.code, lv.pure)]), lv.ty, lv.pure)


def bit_load(lv: LV) -> str:
    f = lv.bitfield
    assert f is not None and isinstance(lv.ty, IntT) and f.bit_shift is not None and f.bit_width is not None
    bits = lv.ty.size * 8
    ut = f"u{bits}"
    st = f"i{bits}"
    unit = mcall(f"ld_{ut}", [(lv.code, lv.pure)])
    left = bits - f.bit_shift - f.bit_width
    right = bits - f.bit_width
    if lv.ty.signed:
        return f"((({unit} << {left}) as {st}) >> {right})"
    return f"(({unit} << {left}) >> {right})"


def store(lv: LV, value: str, value_pure: bool) -> str:
    """A Rust statement storing `value` (already of lv's type) into `lv`."""
    if lv.kind == "reg":
        return f"{lv.code} = {bare(value)};"
    if lv.kind == "typed":
        if lv.index is not None and not lv.pure:
            ix = bare(lv_index(lv))
            lv = LV("typed", lv.code, lv.ty, True, None, "ix", lv.cell)
            return f"{{ let sv = {bare(value)}; let ix = {ix}; {typed_store(lv, 'sv')} }}"
        if not value_pure:
            return f"{{ let sv = {bare(value)}; {typed_store(lv, 'sv')} }}"
        return typed_store(lv, value)
    if isinstance(lv.ty, StructT):
        return mcall("memcpy", [(lv.code, lv.pure), (value, value_pure), (str(lv.ty.size), True)]) + ";"
    if lv.bitfield is not None:
        f = lv.bitfield
        assert isinstance(lv.ty, IntT) and f.bit_shift is not None and f.bit_width is not None
        bits = lv.ty.size * 8
        mask = ((1 << f.bit_width) - 1) << f.bit_shift
        bv = bare(value) if rust_type(lv.ty) == f"u{bits}" else f"{atom(value)} as u{bits}"
        shifted = f"(bv << {f.bit_shift})" if f.bit_shift else "bv"
        return (f"{{ let ba = {bare(lv.code)}; let bv = {bv}; let old = m.ld_u{bits}(ba); "
                f"m.st_u{bits}(ba, (old & !{mask:#x}) | ({shifted} & {mask:#x})); }}")
    return mcall(f"st_{mem_suffix(lv.ty)}", [(lv.code, lv.pure), (value, value_pure)]) + ";"


def lv_index(lv: LV) -> str:
    assert lv.index is not None
    return lv.index


def typed_load(lv: LV) -> str:
    """The value of a typed element (an impure index is bound first, so that `m` is borrowed once at a time)."""
    if lv.index is None:
        return f"{lv.code}.get()" if lv.cell else f"(*{lv.code})"  # parenthesised: it may be a receiver
    if not lv.pure:
        get = ".get()" if lv.cell else ""
        return f"{{ let ix = {bare(lv.index)}; {lv.code}[ix]{get} }}"
    return f"{lv.code}[{bare(lv.index)}].get()" if lv.cell else f"{lv.code}[{bare(lv.index)}]"


def typed_store(lv: LV, value: str) -> str:
    """Store `value` (pure, of the element's type) into a typed element whose index is pure."""
    if lv.index is None:
        return f"{lv.code}.set({bare(value)});" if lv.cell else f"*{lv.code} = {bare(value)};"
    if lv.cell:
        return f"{lv.code}[{bare(lv.index)}].set({bare(value)});"
    if re.search(r"\bm\b", lv.index):  # an index that reads memory is bound before `m.t` is borrowed mutably
        return f"{{ let ix = {bare(lv.index)}; {lv.code}[ix] = {bare(value)}; }}"
    return f"{lv.code}[{bare(lv.index)}] = {bare(value)};"


def mcall(method: str, args: list[tuple[str, bool]]) -> str:
    """`m.method(args)`, binding impure arguments first so that `m` is borrowed once at a time."""
    lets = []
    names = []
    for i, (code, pure) in enumerate(args):
        if pure:
            names.append(bare(code))
        else:
            lets.append(f"let a{i} = {bare(code)};")
            names.append(f"a{i}")
    call = f"m.{method}({', '.join(names)})"
    if not lets:
        return call
    return "{ " + " ".join(lets) + " " + call + " }"


def int_lit(value: int, ty: IntT) -> str:
    rt = rust_type(ty)
    bits = ty.size * 8
    value &= (1 << bits) - 1
    if ty.signed and value >= 1 << (bits - 1):
        value -= 1 << bits
    if value < 0:
        return f"({value}{rt})"
    return f"{value}{rt}"


def float_lit(value: float, ty: FloatT) -> str:
    rt = "f32" if ty.size == 4 else "f64"
    if value != value:
        return f"{rt}::NAN"
    if value in (float("inf"), float("-inf")):
        return f"{'-' if value < 0 else ''}{rt}::INFINITY"
    text = repr(value)
    if rt == "f32":  # the shortest text that reads back as the same f32 (more digits: clippy's excessive_precision)
        try:
            f32 = struct.unpack("f", struct.pack("f", value))[0]
        except OverflowError:
            f32 = value * float("inf")
        if f32 in (float("inf"), float("-inf")):  # beyond f32's range: C's conversion gives infinity
            return f"{'-' if value < 0 else ''}{rt}::INFINITY"
        text = next(t for t in (f"{f32:.{p}g}" for p in range(1, 18))
                    if struct.unpack("f", struct.pack("f", float(t)))[0] == f32)
    if "e" not in text and "." not in text:
        text += ".0"
    return f"({text}{rt})" if value < 0 or text.startswith("-") else f"{text}{rt}"


def decay(ty: CType) -> CType:
    if isinstance(ty, ArrayT):
        return PtrT(ty.elem)
    return ty


ESCAPES = {"n": 10, "t": 9, "r": 13, "0": 0, "a": 7, "b": 8, "f": 12, "v": 11, "\\": 92, "'": 39, '"': 34,
           "?": 63, "e": 27}


def unescape(body: str) -> bytes:
    """The bytes of a C string or character literal's body (between the quotes)."""
    out = bytearray()
    i = 0
    raw = body.encode("utf-8")
    while i < len(raw):
        c = raw[i]
        if c != 0x5C:
            out.append(c)
            i += 1
            continue
        i += 1
        e = chr(raw[i])
        if e in "01234567":
            j = i
            while j < len(raw) and j < i + 3 and chr(raw[j]) in "01234567":
                j += 1
            out.append(int(raw[i:j], 8) & 0xFF)
            i = j
        elif e == "x":
            j = i + 1
            while j < len(raw) and chr(raw[j]) in "0123456789abcdefABCDEF":
                j += 1
            out.append(int(raw[i + 1:j], 16) & 0xFF)
            i = j
        else:
            out.append(ESCAPES.get(e, ord(e)))
            i += 1
    return bytes(out)


def rust_bytes(data: bytes) -> str:
    """A Rust byte-string literal for `data`."""
    parts = []
    for b in data:
        if 32 <= b < 127 and b not in (34, 92):
            parts.append(chr(b))
        else:
            parts.append(f"\\x{b:02x}")
    return 'b"' + "".join(parts) + '"'
