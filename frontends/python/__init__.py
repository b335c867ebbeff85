"""Python frontend: libcst syntax tree -> IR."""

from transpiler.frontends.python.lower import parse_python

__all__ = ["parse_python"]
