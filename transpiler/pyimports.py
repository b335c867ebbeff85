"""Relative Python imports resolved against the importing module's package, as CPython's importlib does.

`from .geo import P` in `pkg/sub/m.py` (module `pkg.sub.m`) imports from `pkg.sub.geo`; `from .. import x` from
`pkg`. A package's `__init__.py` is its own package: `from . import m` in `pkg/sub/__init__.py` names `pkg.sub.m`
(or a name `pkg/sub/__init__.py` binds). The frontend resolves every import this way when it lowers it, and the
project graph when it scans the sources, so that everything after sees absolute module names only.

The lowering of a module also reads one thing out of the modules it imports: which of their classes are enums
(`enum_classes`), so that `from b import Color` in an annotation is an enum type. The incremental cache keys a
module's parsed IR on that too (transpiler/api.py).
"""

from __future__ import annotations

import re
from pathlib import PurePath

_ENUM_CLASS = re.compile(r"^class\s+(\w+)\s*\([^)]*\b(?:Enum|IntEnum|StrEnum|Flag|IntFlag)\b", re.M)


class RelativeImportError(ValueError):
    """A relative import with nothing to be relative to; the message is CPython's ImportError's."""


def package_of(module: str, path: str | PurePath) -> str:
    """The package `module` (read from `path`) resolves relative imports against; '' for a top-level module."""
    if PurePath(path).name == "__init__.py":
        return module
    return module.rpartition(".")[0]


def resolve(module: str | None, level: int, package: str) -> str:
    """The absolute module `from <level dots><module> import ...` names in `package` (importlib's _resolve_name).
    Raises RelativeImportError when there is no package, or the dots climb above its top level."""
    if level == 0:
        return module or ""
    if not package:
        raise RelativeImportError("attempted relative import with no known parent package")
    bits = package.rsplit(".", level - 1)
    if len(bits) < level:
        raise RelativeImportError("attempted relative import beyond top-level package")
    return f"{bits[0]}.{module}" if module else bits[0]


def resolve_dotted(name: str, package: str) -> str:
    """`resolve` for the module as written in the source (`..util`, `.`, `geo.point`)."""
    stripped = name.lstrip(".")
    return resolve(stripped or None, len(name) - len(stripped), package)


def enum_classes(text: str) -> frozenset[str]:
    """The classes a module's source defines at top level from Enum, IntEnum, StrEnum, Flag or IntFlag."""
    if "Enum" not in text and "Flag" not in text:  # most modules: a substring search, not a regex scan
        return frozenset()
    return frozenset(_ENUM_CLASS.findall(text))
