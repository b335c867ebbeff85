"""IR types: the static types inference assigns to every expression.

`TypeVar` is the one mutable type: inference binds it once, and `resolve` follows the bindings.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from transpiler.ir.pickling import reduce_dataclass


class Type:
    """Base of all IR types."""

    __slots__ = ()

    def show(self) -> str:
        raise NotImplementedError

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return reduce_dataclass(self)


@dataclass(frozen=True, slots=True)
class IntT(Type):
    """Python int, as a 64-bit signed integer with overflow detection."""

    def show(self) -> str:
        return "int"


@dataclass(frozen=True, slots=True)
class BigIntT(Type):
    """Python int of arbitrary precision (`pyrt::bigint::PyInt`): only where promote_big_ints decided a value
    needs it; every other int is an IntT."""

    def show(self) -> str:
        return "bigint"


@dataclass(frozen=True, slots=True)
class FloatT(Type):
    """Python float (f64)."""

    def show(self) -> str:
        return "float"


@dataclass(frozen=True, slots=True)
class ComplexT(Type):
    """Python complex (a pair of f64)."""

    def show(self) -> str:
        return "complex"


@dataclass(frozen=True, slots=True)
class BoolT(Type):
    """Python bool."""

    def show(self) -> str:
        return "bool"


@dataclass(frozen=True, slots=True)
class StrT(Type):
    """Python str."""

    def show(self) -> str:
        return "str"


@dataclass(frozen=True, slots=True)
class BytesT(Type):
    """Python bytes."""

    def show(self) -> str:
        return "bytes"


@dataclass(frozen=True, slots=True)
class NoneT(Type):
    """The None value and functions that return nothing."""

    def show(self) -> str:
        return "None"


@dataclass(frozen=True, slots=True)
class ListT(Type):
    """list[T]."""

    elem: Type

    def show(self) -> str:
        return f"list[{self.elem.show()}]"


@dataclass(frozen=True, slots=True)
class SetT(Type):
    """set[T]."""

    elem: Type

    def show(self) -> str:
        return f"set[{self.elem.show()}]"


@dataclass(frozen=True, slots=True)
class DictT(Type):
    """dict[K, V], insertion ordered."""

    key: Type
    value: Type
    factory: str | None = None  # "int", "list", ... for defaultdict; "counter" for Counter

    def show(self) -> str:
        kind = {None: "dict", "counter": "Counter"}.get(self.factory, "defaultdict")
        return f"{kind}[{self.key.show()}, {self.value.show()}]"


@dataclass(frozen=True, slots=True)
class DequeT(Type):
    """collections.deque[T]."""

    elem: Type

    def show(self) -> str:
        return f"deque[{self.elem.show()}]"


@dataclass(frozen=True, slots=True)
class TupleT(Type):
    """tuple[A, B, ...] of fixed length."""

    elems: tuple[Type, ...]

    def show(self) -> str:
        return "tuple[" + ", ".join(e.show() for e in self.elems) + "]"


@dataclass(frozen=True, slots=True)
class OptionalT(Type):
    """Optional[T]."""

    inner: Type

    def show(self) -> str:
        return f"Optional[{self.inner.show()}]"


@dataclass(frozen=True, slots=True)
class ClassT(Type):
    """An instance of a user class."""

    name: str

    def show(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class EnumT(Type):
    """A member of a user enum.Enum/IntEnum class."""

    name: str

    def show(self) -> str:
        return f"enum {self.name}"


@dataclass(frozen=True, slots=True)
class FuncT(Type):
    """A callable value: lambdas, nested functions, Callable[[A], R]."""

    params: tuple[Type, ...]
    ret: Type

    def show(self) -> str:
        return "Callable[[" + ", ".join(p.show() for p in self.params) + f"], {self.ret.show()}]"


@dataclass(frozen=True, slots=True)
class IterT(Type):
    """A one-shot iterator: generators, map/filter/zip results, generator expressions."""

    elem: Type

    def show(self) -> str:
        return f"Iterator[{self.elem.show()}]"


@dataclass(frozen=True, slots=True)
class GenT(Type):
    """A generator object: lazy, runs its function's body up to each `yield` on demand."""

    elem: Type

    def show(self) -> str:
        return f"Generator[{self.elem.show()}]"


@dataclass(frozen=True, slots=True)
class FileT(Type):
    """A text file object returned by open()."""

    def show(self) -> str:
        return "file"


@dataclass(frozen=True, slots=True)
class OpaqueT(Type):
    """A library object the runtime implements (`re.Match`, `re.Pattern`)."""

    name: str

    def show(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class AnyT(Type):
    """`typing.Any`: a dynamically typed JSON value (None, bool, int, float, str, list, dict with str keys)."""

    def show(self) -> str:
        return "Any"


@dataclass(frozen=True, slots=True)
class ExcT(Type):
    """A caught or constructed exception value."""

    def show(self) -> str:
        return "exception"


@dataclass(frozen=True, slots=True)
class ModuleT(Type):
    """A module name used as a value (`math`, `sys`)."""

    name: str

    def show(self) -> str:
        return f"module {self.name}"


@dataclass(frozen=True, slots=True)
class ClassRefT(Type):
    """A class used as a value (a constructor, or for its class attributes)."""

    name: str

    def show(self) -> str:
        return f"type[{self.name}]"


@dataclass(frozen=True, slots=True)
class UnknownT(Type):
    """A type inference could not determine."""

    def show(self) -> str:
        return "?"


@dataclass(frozen=True, slots=True, eq=False)
class ArrayT(Type):
    """A numpy ndarray; `ndim` is a hint (-1 unknown), so equality and hashing use the dtype only."""

    dtype: str
    ndim: int = -1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ArrayT) and other.dtype == self.dtype

    def __hash__(self) -> int:
        return hash(("ndarray", self.dtype))

    def show(self) -> str:
        return f"ndarray[{self.dtype}, {self.ndim}d]" if self.ndim >= 0 else f"ndarray[{self.dtype}]"


@dataclass(frozen=True, slots=True)
class NpGeneratorT(Type):
    """A numpy random Generator from np.random.default_rng."""

    def show(self) -> str:
        return "numpy.random.Generator"


_ids = itertools.count(1)


@dataclass(eq=False, slots=True)
class TypeVar(Type):
    """A type still being inferred; bound at most once."""

    ident: int = field(default_factory=lambda: next(_ids))
    bound: Type | None = None
    param: str = ""  # the typing.TypeVar it stands for (`T` of a Generic[T] class or a generic function)

    def show(self) -> str:
        target = resolve(self)
        return f"'t{self.ident}" if isinstance(target, TypeVar) else target.show()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # A variable made in another process (a parse worker, an earlier run kept in the cache) takes an
        # identity of the process that loads it: inference tells the variables made during a round by their
        # identities (TypeInference.fresh_from), which another process's counter would make meaningless.
        return _loaded_typevar, (self.bound, self.param)


def _loaded_typevar(bound: Type | None, param: str) -> TypeVar:
    return TypeVar(bound=bound, param=param)


INT = IntT()
BIGINT = BigIntT()
FLOAT = FloatT()
COMPLEX = ComplexT()
BOOL = BoolT()
STR = StrT()
BYTES = BytesT()
NONE = NoneT()
UNKNOWN = UnknownT()
FILE = FileT()
EXC = ExcT()
ANY = AnyT()


def fresh_ident() -> int:
    """An identity no TypeVar made so far has; every TypeVar made later has a larger one."""
    return next(_ids)


def resolve(t: Type) -> Type:
    """Follow TypeVar bindings to the type they stand for (shallow)."""
    # the hottest function of inference: an exact class test (TypeVar has no subclasses) instead of isinstance
    while type(t) is TypeVar:
        bound = t.bound
        if bound is None:
            return t
        t = bound
    return t


def deep_resolve(t: Type) -> Type:
    """Resolve every TypeVar inside t; unbound ones stay TypeVars."""
    t = resolve(t)
    match t:
        case ListT(e):
            return ListT(deep_resolve(e))
        case SetT(e):
            return SetT(deep_resolve(e))
        case DictT(k, v, f):
            return DictT(deep_resolve(k), deep_resolve(v), f)
        case DequeT(e):
            return DequeT(deep_resolve(e))
        case GenT(e):
            return GenT(deep_resolve(e))
        case TupleT(es):
            return TupleT(tuple(deep_resolve(e) for e in es))
        case OptionalT(i):
            return OptionalT(deep_resolve(i))
        case FuncT(ps, r):
            return FuncT(tuple(deep_resolve(p) for p in ps), deep_resolve(r))
        case IterT(e):
            return IterT(deep_resolve(e))
    return t


def is_complete(t: Type) -> bool:
    """True when t contains no unbound TypeVar and no UnknownT."""
    t = resolve(t)
    match t:
        case TypeVar():
            return False
        case UnknownT():
            return False
        case ListT(e) | SetT(e) | IterT(e) | OptionalT(e) | DequeT(e) | GenT(e):
            return is_complete(e)
        case DictT(k, v):
            return is_complete(k) and is_complete(v)
        case TupleT(es):
            return all(is_complete(e) for e in es)
        case FuncT(ps, r):
            return all(is_complete(p) for p in ps) and is_complete(r)
    return True


def is_numeric(t: Type) -> bool:
    return isinstance(resolve(t), IntT | FloatT | BoolT)


def is_container(t: Type) -> bool:
    return isinstance(resolve(t), ListT | DictT | SetT | TupleT | StrT | BytesT)
