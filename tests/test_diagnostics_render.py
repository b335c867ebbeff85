"""How a diagnostic shows its source line: the caret under the span, long lines cut around it, wide characters
counted as two columns."""

from __future__ import annotations

from transpiler.diagnostics import Diagnostic, Severity
from transpiler.ir.span import Span


def _render(line: str, col: int, end_col: int) -> list[str]:
    return Diagnostic(Severity.ERROR, "msg", Span("a.py", 1, col, 1, end_col)).render(line).splitlines()


def test_caret_under_the_span() -> None:
    assert _render("x = eval(s)", 4, 11) == ["a.py:1:5: error: msg", "    x = eval(s)", "        ^~~~~~~"]


def test_long_line_is_cut_around_the_caret() -> None:
    line = "x = " + " + ".join(f"v{i}" for i in range(60)) + ' + eval("1") + 1'
    col = line.index("eval")
    head, shown, caret = _render(line, col, col + 9)
    assert head == f"a.py:1:{col + 1}: error: msg"
    assert shown.startswith("    ...") and len(shown) <= 4 + 3 + 120 + 3
    assert shown[caret.index("^"):].startswith('eval("1")')
    assert caret.strip() == "^~~~~~~~~"


def test_long_line_cut_at_both_ends() -> None:
    line = "a" * 300 + "BAD" + "b" * 300
    _, shown, caret = _render(line, 300, 303)
    assert shown.startswith("    ...") and shown.endswith("...")
    assert shown[caret.index("^"):caret.index("^") + 3] == "BAD"


def test_wide_characters_take_two_columns() -> None:
    _, shown, caret = _render('名前 = eval("1")', 5, 14)
    assert shown == '    名前 = eval("1")'
    assert caret == "    " + " " * 7 + "^~~~~~~~~"
