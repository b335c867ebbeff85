"""Python names -> Rust identifiers that follow Rust's naming lints."""

from __future__ import annotations

import functools
import re

RUST_KEYWORDS = {
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl",
    "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static",
    "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual",
    "yield", "try", "gen",
}
_RESERVED_LOCALS = {"pyrt", "std", "core", "alloc", "main", "Some", "None", "Ok", "Err", "Vec", "String",
                    "Box", "Option", "Result"}


@functools.lru_cache(maxsize=1 << 16)  # pure, and asked for the same few names again and again
def snake(name: str) -> str:
    """A snake_case identifier for a function, variable or field."""
    lead = len(name) - len(name.lstrip("_"))
    core = name.strip("_")
    if not core:
        return "_" * max(1, lead) + "v"
    if core.isupper() or core.islower() or not re.search(r"[A-Z]", core):
        s = core.lower()
    else:
        s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", core).lower()
    s = re.sub(r"__+", "_", s)
    s = "_" * min(lead, 1) + s
    return escape(s)


def upper(name: str) -> str:
    """An UPPER_SNAKE identifier for a const or static."""
    s = snake(name).lstrip("_").upper()
    if s.startswith("R#"):
        s = s[2:]
    return s or "V"


@functools.lru_cache(maxsize=1 << 16)
def camel(name: str) -> str:
    """An UpperCamelCase identifier for a type or variant."""
    core = name.strip("_")
    if not core:
        return "T"
    parts = re.split(r"_+", core)
    out = "".join(p[:1].upper() + (p[1:].lower() if p.isupper() else p[1:]) for p in parts if p)
    return escape(out)


def escape(ident: str) -> str:
    if ident in RUST_KEYWORDS:
        if ident in ("self", "Self", "super", "crate"):
            return ident + "_"
        return "r#" + ident
    if ident in _RESERVED_LOCALS:
        return ident + "_"
    if ident[:1].isdigit():
        return "_" + ident
    return ident
