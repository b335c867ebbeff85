"""Fast pickling of the IR's slotted dataclasses.

`dataclass(slots=True)` pickles through a generic `__getstate__` that calls `dataclasses.fields()` for every
object; the cache and the worker processes pickle whole programs, so that showed up in profiles. Every IR class
is built by its constructor from its fields in order, so `(cls, field values)` is a complete reduction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Any

# per class: a function of an object to the tuple of its field values (attrgetter's, in C)
_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _getter(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    names = tuple(f.name for f in fields(cls))
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return lambda obj: ()
    return attrgetter(*names)


def reduce_dataclass(obj: object) -> tuple[Any, tuple[Any, ...]]:
    """`obj`'s class and its field values, for `__reduce__`."""
    cls = type(obj)
    getter = _GETTERS.get(cls)
    if getter is None:
        getter = _GETTERS[cls] = _getter(cls)
    return cls, getter(obj)
