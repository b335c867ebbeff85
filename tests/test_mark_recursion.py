"""mark_recursive_functions: exactly the functions on a call-graph cycle get a recursion guard."""

from __future__ import annotations

from transpiler.frontends.python import parse_python

from transpiler.diagnostics import DiagnosticSink
from transpiler.passes.analyze_mutation import analyze_mutation
from transpiler.passes.collect_symbols import collect_symbols
from transpiler.passes.infer_types import infer_types
from transpiler.passes.mark_recursion import mark_recursive_functions

SOURCE = '''
from typing import Callable


class Node:
    def __init__(self, value: int, kids: list["Node"]) -> None:
        self.value = value
        self.kids = kids

    def __eq__(self, other: "Node") -> bool:
        return self.value == other.value and self.kids == other.kids

    def total(self) -> int:
        return self.value + sum(k.total() for k in self.kids)

    def label(self) -> str:
        return f"node {self.value}"


class Vec:
    def __init__(self, x: float) -> None:
        self.x = x

    def __add__(self, o: "Vec") -> "Vec":
        return Vec(self.x + o.x)


def fib(n: int) -> int:
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def even(n: int) -> bool:
    return True if n == 0 else odd(n - 1)


def odd(n: int) -> bool:
    return False if n == 0 else even(n - 1)


def twice(f: Callable[[int], int], x: int) -> int:
    return f(f(x))


def bounce(x: int) -> int:
    return x if x > 100 else twice(bounce, x + 1)


def plain(x: int) -> int:
    return fib(x) * 2


def build(depth: int) -> Node:
    return Node(depth, [build(depth - 1)] if depth > 0 else [])


if __name__ == "__main__":
    t = build(3)
    print(t.total(), t == build(3), t.label(), fib(10), even(4), plain(3), bounce(1), (Vec(1.0) + Vec(2.0)).x)
'''


def test_functions_on_call_graph_cycles_are_marked() -> None:
    diag = DiagnosticSink()
    mod = parse_python("prog.py", SOURCE, "prog", diag)
    assert mod is not None
    program = collect_symbols([mod], set(), diag)
    infer_types(program, diag)
    assert not diag.has_errors, diag.diagnostics
    analyze_mutation(program)
    mark_recursive_functions(program)
    marked = {(f.owner, f.name) for f in program.all_functions() if f.recursive}
    assert marked == {
        (None, "fib"), (None, "even"), (None, "odd"), (None, "build"), (None, "bounce"), (None, "twice"),
        ("Node", "total"), ("Node", "__eq__"),
    }
