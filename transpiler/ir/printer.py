"""Readable text form of the IR: one node per line, indented, with inferred types."""

from __future__ import annotations

from dataclasses import fields

from transpiler.ir import nodes as N
from transpiler.ir import types as T


def print_ir(node: N.Node, indent: int = 0) -> str:
    out: list[str] = []
    _print(node, indent, out, "")
    return "\n".join(out)


def _print(node: N.Node, indent: int, out: list[str], label: str) -> None:
    pad = "  " * indent
    scalars: list[str] = []
    kids: list[tuple[str, N.Node | tuple[N.Node, ...]]] = []
    for f in fields(node):  # type: ignore[arg-type]
        if f.name in ("span", "ty"):
            continue
        v = getattr(node, f.name)
        if isinstance(v, N.Node):
            kids.append((f.name, v))
        elif isinstance(v, tuple) and v and all(isinstance(x, N.Node) for x in v):
            kids.append((f.name, v))
        elif isinstance(v, T.Type):
            scalars.append(f"{f.name}={T.deep_resolve(v).show()}")
        elif isinstance(v, tuple) and not v:
            continue
        elif v is None or v is False:
            continue
        else:
            scalars.append(f"{f.name}={v!r}")
    ty = getattr(node, "ty", None)
    tytxt = f" : {ty.show()}" if isinstance(ty, T.Type) and isinstance(node, N.Expr) else ""
    head = f"{pad}{label}{type(node).__name__}"
    if scalars:
        head += "(" + ", ".join(scalars) + ")"
    out.append(head + tytxt)
    for name, k in kids:
        if isinstance(k, tuple):
            out.append(f"{pad}  {name}:")
            for x in k:
                _print(x, indent + 2, out, "")
        else:
            _print(k, indent + 1, out, f"{name}=")
