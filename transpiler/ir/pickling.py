"""Fast pickling of the IR's slotted dataclasses.

`dataclass(slots=True)` pickles through a generic `__getstate__` that calls `dataclasses.fields()` for every
object; the cache and the worker processes pickle whole programs, so that showed up in profiles. Every IR class
is built by its constructor from its fields in order, so `(cls, field values)` is a complete reduction.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

_NAMES: dict[type, tuple[str, ...]] = {}


def reduce_dataclass(obj: object) -> tuple[Any, tuple[Any, ...]]:
    """`obj`'s class and its field values, for `__reduce__`."""
    cls = type(obj)
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    return cls, tuple([getattr(obj, n) for n in names])
