"""The Python frontend on the stdlib `ast`: spans in characters, comments from the text, f-string parts."""

from __future__ import annotations

from transpiler.frontends.python import parse_python

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import nodes as N
from transpiler.ir.walk import walk


def _parse(src: str) -> tuple[N.Module, DiagnosticSink]:
    sink = DiagnosticSink()
    mod = parse_python("m.py", src, "m", sink)
    assert mod is not None, sink.render_all()
    return mod, sink


def test_columns_count_characters_on_non_ascii_lines() -> None:
    # `ast` counts UTF-8 bytes: "é" is two, so eval would sit one column further right
    _, sink = _parse('s = "é"; eval("1")\n')
    (diag,) = sink.diagnostics
    assert (diag.span.line, diag.span.col, diag.span.end_col) == (1, 9, 18)


def test_comments_above_statements_and_after_a_block_become_comment_nodes() -> None:
    mod, _ = _parse("def f(x: int) -> int:\n    # double it\n    y = x * 2\n    if y:\n        y += 1\n"
                    "        # still in the if\n    return y\n")
    fn = mod.body[0]
    assert isinstance(fn, N.FunctionDef)
    assert isinstance(fn.body[0], N.Comment) and fn.body[0].text == "double it"
    branch = next(s for s in fn.body if isinstance(s, N.If))
    assert [s.text for s in branch.body if isinstance(s, N.Comment)] == ["still in the if"]


def test_fstring_parts_keep_their_text_runs_and_line_continuations() -> None:
    mod, _ = _parse('x = 1\ny = f"""a\\\nb{x!r:>4}c"""\n')
    assign = mod.body[1]
    assert isinstance(assign, N.Assign) and isinstance(assign.value, N.FString)
    parts = assign.value.parts
    assert isinstance(parts[0], N.Const) and parts[0].value == "ab"
    assert isinstance(parts[1], N.FormattedValue) and (parts[1].conversion, parts[1].spec) == ("r", ">4")
    assert isinstance(parts[2], N.Const) and parts[2].value == "c"


def test_a_parenthesised_tuple_spans_its_elements_only() -> None:
    mod, _ = _parse("t = ( 1, 2 )\n")
    tup = next(n for n in walk(mod) if isinstance(n, N.TupleLit))
    assert (tup.span.col, tup.span.end_col) == (6, 10)
