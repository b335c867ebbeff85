"""promote_big_ints: exactly the int values that grow without bound become `pyrt::bigint::PyInt`; the rest stay
`i64` (checked by reading the Rust emitted for each function)."""

from __future__ import annotations

import re
from pathlib import Path

from transpiler.diagnostics import DiagnosticSink
from transpiler.pipeline import PipelineOptions, run_python

GROWS = '''
import math


def fact(n: int) -> int:
    if n <= 1:
        return 1
    return n * fact(n - 1)


def fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def product(n: int) -> int:
    p = 1
    for i in range(1, n + 1):
        p *= i
    return p


def linear(n: int) -> int:
    x = 1
    k = 0
    while k < n:
        x = 3 * x + 1
        k += 1
    y = x // 7 - 1
    return y


def main() -> None:
    print(fact(30), fib(300), product(25), linear(90), math.factorial(40), 2**100)


if __name__ == "__main__":
    main()
'''

STAYS = '''
def fib(n: int) -> int:
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def checksum(words: list[str]) -> int:
    h = 0
    for w in words:
        for c in w:
            h = (h * 31 + ord(c)) % 1000000007
    return h


def halve(n: int) -> float:
    p = 1.0
    for _ in range(n):
        p *= 0.5
    return p


def count(n: int) -> int:
    i = 0
    total = 0
    while i < n:
        i = i + 1
        total += i * 2
    return total


def collatz(n: int) -> int:
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def collatz_max(start: int) -> int:
    m = start
    best = m
    while m > 1:
        if m % 2 == 0:
            m = m // 2
        else:
            m = 3 * m + 1
        best = max(best, m)
    return best


def main() -> None:
    print(fib(20), checksum(["ab", "cd"]), halve(3), count(10), 2**62, 3**5, collatz(27), collatz_max(27))


if __name__ == "__main__":
    main()
'''


def rust_of(source: str) -> str:
    diag = DiagnosticSink()
    unit = run_python([(Path("prog.py"), "prog", source)], diag, PipelineOptions())
    assert not diag.has_errors, diag.render_all()
    return "\n".join(unit.rust_modules.values())


def signature(rust: str, fn: str) -> str:
    m = re.search(rf"pub fn {fn}\([^)]*\) -> [^{{]*", rust)
    assert m is not None, rust
    return m.group(0)


def test_growing_ints_become_big() -> None:
    rust = rust_of(GROWS)
    for fn in ("fact", "fib", "product", "linear"):
        assert signature(rust, fn).endswith("-> pyrt::bigint::PyInt "), signature(rust, fn)
        assert "(n: i64)" in signature(rust, fn)  # the parameter stays an i64
    assert "pyrt::bigint::factorial(40)" in rust
    assert "let mut k: i64 = 0;" in rust  # the loop counter stays i64


def test_bounded_ints_stay_i64() -> None:
    rust = rust_of(STAYS)
    assert "PyInt" not in rust and "bigint" not in rust, rust
    assert signature(rust, "halve").endswith("-> f64 ")


def test_big_int_into_annotated_int_parameter_is_a_diagnostic() -> None:
    source = ("def fact(n: int) -> int:\n    r = 1\n    for i in range(2, n + 1):\n        r *= i\n    return r\n\n\n"
              "def digits(x: int) -> int:\n    return len(str(x))\n\n\nprint(digits(fact(30)))\n")
    diag = DiagnosticSink()
    run_python([(Path("prog.py"), "prog", source)], diag, PipelineOptions())
    assert [(d.span.line, d.span.col, d.message) for d in diag.diagnostics] == [
        (12, 13, "an arbitrary-precision int flows into a place annotated `int` (64-bit here)")]
