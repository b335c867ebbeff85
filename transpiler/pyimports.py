"""Relative Python imports resolved against the importing module's package, as CPython's importlib does.

`from .geo import P` in `pkg/sub/m.py` (module `pkg.sub.m`) imports from `pkg.sub.geo`; `from .. import x` from
`pkg`. A package's `__init__.py` is its own package: `from . import m` in `pkg/sub/__init__.py` names `pkg.sub.m`
(or a name `pkg/sub/__init__.py` binds). The frontend resolves every import this way when it lowers it, and the
project graph when it scans the sources, so that everything after sees absolute module names only.

The lowering of a module also reads one thing out of the modules it imports: which of their classes are enums
(`project_enums`), so that `from b import Color` in an annotation is an enum type. The incremental cache keys a
module's parsed IR on that too (transpiler/api.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

_ENUM_CLASS = re.compile(r"^class\s+(\w+)\s*\([^)]*\b(?:Enum|IntEnum|StrEnum|Flag|IntFlag)\b", re.M)
# a top-level `from m import a, b as c` or `from m import (\n a,\n b)`: the module and the names as written
_FROM_IMPORT = re.compile(r"^from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n]*)", re.M)
_COMMENT = re.compile(r"#[^\n]*")


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


def project_enums(modules: Iterable[tuple[object, str, str]]) -> dict[str, frozenset[str]]:
    """For each module (path, name, source text), the enums it defines, and those it imports from another
    project module: `from pkg import Color` takes an enum when pkg/__init__.py says `from .colors import Color`."""
    listed = list(modules)
    enums = {name: set(enum_classes(text)) for _, name, text in listed}
    if not any(enums.values()):
        return {name: frozenset() for name in enums}
    imports: list[tuple[str, str, str, str]] = []  # (module, module it imports from, name there, name here)
    for path, name, text in listed:
        if "import" not in text:
            continue
        package = package_of(name, str(path))
        for m in _FROM_IMPORT.finditer(text):
            try:
                source = resolve_dotted(m.group(1), package)
            except RelativeImportError:
                continue
            if source not in enums or source == name:
                continue
            for item in _COMMENT.sub("", m.group(2)).strip("() \t\n").split(","):
                words = item.split()
                if words:
                    imports.append((name, source, words[0], words[2] if len(words) == 3 and words[1] == "as"
                                    else words[0]))
    changed = bool(imports)
    while changed:  # re-exports of re-exports
        changed = False
        for name, source, orig, alias in imports:
            if orig in enums[source] and alias not in enums[name]:
                enums[name].add(alias)
                changed = True
    return {name: frozenset(names) for name, names in enums.items()}
