"""The C type model and its x86-64 (System V) layout: what gcc gives every type's size and alignment."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class IntT:
    """An integer type; `name` is one of INT_INFO's keys."""

    name: str

    @property
    def size(self) -> int:
        return INT_INFO[self.name][0]

    @property
    def signed(self) -> bool:
        return INT_INFO[self.name][1]

    @property
    def rank(self) -> int:
        return INT_INFO[self.name][2]


@dataclass(frozen=True, slots=True)
class FloatT:
    """float (4), double (8) or long double (16 bytes of storage, computed as a double)."""

    size: int


@dataclass(frozen=True, slots=True)
class VoidT:
    """void."""


@dataclass(frozen=True, slots=True)
class PtrT:
    """A pointer, a u64 address at run time."""

    to: CType


@dataclass(frozen=True, slots=True)
class ArrayT:
    """An array; `n` is None while incomplete."""

    elem: CType
    n: int | None


@dataclass(slots=True)
class Field:
    """One member of a struct or union; bitfields carry their unit type, bit offset in the unit and width."""

    name: str | None
    ty: CType
    offset: int
    bit_shift: int | None = None
    bit_width: int | None = None


@dataclass(eq=False, slots=True)
class StructT:
    """A struct or union, identified by object identity; completed when its definition is seen."""

    tag: str | None
    union: bool
    fields: list[Field] = field(default_factory=list)
    size: int = 0
    align: int = 1
    complete: bool = False

    def __hash__(self) -> int:
        return id(self)

    def find(self, name: str) -> tuple[Field, int] | None:
        """The member `name`, looking into anonymous members; (field, offset from the struct start)."""
        for f in self.fields:
            if f.name == name:
                return f, f.offset
            if f.name is None and isinstance(f.ty, StructT):
                sub = f.ty.find(name)
                if sub is not None:
                    return sub[0], f.offset + sub[1]
        return None


@dataclass(frozen=True, slots=True)
class FuncT:
    """A function type; `params` is None for an unprototyped `f()` declaration."""

    ret: CType
    params: tuple[CType, ...] | None
    variadic: bool


CType = IntT | FloatT | VoidT | PtrT | ArrayT | StructT | FuncT

# name: (size, signed, rank)
INT_INFO: dict[str, tuple[int, bool, int]] = {
    "bool": (1, False, 0),
    "char": (1, True, 1),
    "schar": (1, True, 1),
    "uchar": (1, False, 1),
    "short": (2, True, 2),
    "ushort": (2, False, 2),
    "int": (4, True, 3),
    "uint": (4, False, 3),
    "long": (8, True, 4),
    "ulong": (8, False, 4),
    "llong": (8, True, 5),
    "ullong": (8, False, 5),
}
RUST_INT = {"bool": "u8", "char": "i8", "schar": "i8", "uchar": "u8", "short": "i16", "ushort": "u16",
            "int": "i32", "uint": "u32", "long": "i64", "ulong": "u64", "llong": "i64", "ullong": "u64"}
UNSIGNED_OF = {"char": "uchar", "schar": "uchar", "short": "ushort", "int": "uint", "long": "ulong",
               "llong": "ullong"}

INT = IntT("int")
UINT = IntT("uint")
LONG = IntT("long")
ULONG = IntT("ulong")
CHAR = IntT("char")
DOUBLE = FloatT(8)
FLOAT = FloatT(4)
LDOUBLE = FloatT(16)  # gcc's 16-byte long double; its value is computed as a double
VOID = VoidT()


def int_from_names(names: list[str]) -> CType | None:
    """The type named by a list of specifiers such as ['unsigned', 'long', 'int']."""
    ns = [n for n in names if n not in ("signed", "unsigned", "int")] if len(names) > 1 else list(names)
    unsigned = "unsigned" in names
    signed = "signed" in names
    if names == ["signed"] or names == ["unsigned"]:
        ns = []
    key = " ".join(ns)
    if key in ("", "int"):
        return UINT if unsigned else INT
    if key == "char":
        return IntT("uchar") if unsigned else IntT("schar") if signed else CHAR
    if key == "short":
        return IntT("ushort") if unsigned else IntT("short")
    if key == "long":
        return ULONG if unsigned else LONG
    if key == "long long":
        return IntT("ullong") if unsigned else IntT("llong")
    if key == "_Bool":
        return IntT("bool")
    if key == "float":
        return FLOAT
    if key == "double":
        return DOUBLE
    if key == "long double":
        return LDOUBLE
    if key == "void":
        return VOID
    return None


def sizeof(t: CType) -> int:
    if isinstance(t, IntT):
        return t.size
    if isinstance(t, FloatT):
        return t.size
    if isinstance(t, PtrT):
        return 8
    if isinstance(t, ArrayT):
        return sizeof(t.elem) * (t.n or 0)
    if isinstance(t, StructT):
        return t.size
    return 1  # void and functions, as gcc's extension


def alignof(t: CType) -> int:
    if isinstance(t, ArrayT):
        return alignof(t.elem)
    if isinstance(t, StructT):
        return t.align
    return max(1, min(sizeof(t), 16))


def layout(st: StructT, members: list[tuple[str | None, CType, int | None]]) -> None:
    """Place `members` (name, type, bitfield width) as gcc does on x86-64, completing `st`."""
    fields: list[Field] = []
    bit = 0  # next free bit offset (structs)
    align = 1
    size = 0
    for name, ty, width in members:
        a = alignof(ty)
        s = sizeof(ty)
        if width is not None:
            unit_bits = s * 8
            if width == 0:
                bit = (bit + unit_bits - 1) // unit_bits * unit_bits
                continue
            if st.union:
                fields.append(Field(name, ty, 0, 0, width))
                size = max(size, s)
                align = max(align, a)
                continue
            if bit // unit_bits != (bit + width - 1) // unit_bits:
                bit = (bit + unit_bits - 1) // unit_bits * unit_bits
            unit_off = bit // unit_bits * s
            fields.append(Field(name, ty, unit_off, bit - unit_off * 8, width))
            bit += width
            if name is not None:
                align = max(align, a)
            continue
        align = max(align, a)
        if st.union:
            fields.append(Field(name, ty, 0))
            size = max(size, s)
            continue
        off = ((bit + 7) // 8 + a - 1) // a * a
        fields.append(Field(name, ty, off))
        bit = (off + s) * 8
    if not st.union:
        size = (bit + 7) // 8
    st.fields = fields
    st.align = align
    st.size = (size + align - 1) // align * align
    st.complete = True


def is_int(t: CType) -> bool:
    return isinstance(t, IntT)


def is_arith(t: CType) -> bool:
    return isinstance(t, IntT | FloatT)


def is_scalar(t: CType) -> bool:
    return isinstance(t, IntT | FloatT | PtrT)


def promote(t: CType) -> CType:
    """Integer promotion: everything narrower than int becomes int."""
    if isinstance(t, IntT) and t.rank < 3:
        return INT
    return t


def usual(a: CType, b: CType) -> CType:
    """The usual arithmetic conversions."""
    if isinstance(a, FloatT) or isinstance(b, FloatT):
        sa = a.size if isinstance(a, FloatT) else 0
        sb = b.size if isinstance(b, FloatT) else 0
        return FloatT(max(sa, sb))
    pa, pb = promote(a), promote(b)
    assert isinstance(pa, IntT) and isinstance(pb, IntT)
    if pa == pb:
        return pa
    if pa.signed == pb.signed:
        return pa if pa.rank >= pb.rank else pb
    u, s = (pa, pb) if not pa.signed else (pb, pa)
    if u.rank >= s.rank:
        return u
    if s.size > u.size:
        return s
    return IntT(UNSIGNED_OF[s.name])


def rust_type(t: CType) -> str:
    """The Rust type of a value of C type `t`; aggregates are passed as their address."""
    if isinstance(t, IntT):
        return RUST_INT[t.name]
    if isinstance(t, FloatT):
        return "f32" if t.size == 4 else "f64"
    if isinstance(t, VoidT):
        return "()"
    return "u64"


def mem_suffix(t: CType) -> str:
    """The `Mem::ld_*` / `st_*` suffix for a scalar."""
    return rust_type(t)


def show(t: CType) -> str:
    """C spelling of a type, for diagnostics."""
    if isinstance(t, IntT):
        return {"bool": "_Bool", "schar": "signed char", "uchar": "unsigned char", "ushort": "unsigned short",
                "uint": "unsigned int", "ulong": "unsigned long", "llong": "long long",
                "ullong": "unsigned long long"}.get(t.name, t.name)
    if isinstance(t, FloatT):
        return {4: "float", 8: "double"}.get(t.size, "long double")
    if isinstance(t, VoidT):
        return "void"
    if isinstance(t, PtrT):
        return show(t.to) + " *"
    if isinstance(t, ArrayT):
        return f"{show(t.elem)}[{t.n if t.n is not None else ''}]"
    if isinstance(t, StructT):
        return f"{'union' if t.union else 'struct'} {t.tag or '<anonymous>'}"
    return "function"
