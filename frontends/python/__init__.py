"""Python frontend: the stdlib `ast` syntax tree (comments and exact spans from the text) -> IR."""

from transpiler.frontends.python.lower import parse_python

__all__ = ["parse_python"]
