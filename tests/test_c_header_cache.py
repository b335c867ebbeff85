"""The C frontend's parse of shared header text: a translation unit's leading header run is parsed once per
distinct text and the rest by a parser that knows its typedef names; the C group's files are parsed across
worker processes. Both must give exactly what a whole parse in one process gives: the same nodes with the
same coordinates, the same errors, the same Rust."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pycparser import c_ast
from transpiler.frontends.c import preprocess as pp
from transpiler.frontends.c import transpile_c

from transpiler.diagnostics import DiagnosticSink

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")

HEADER = """\
#include <stdio.h>
#include <stdlib.h>
typedef struct point { int x, y; } point;
typedef unsigned long count_t;
enum color { RED, GREEN = 4, BLUE };
extern int shared_total;
#ifdef WIDE
typedef long cell;
#else
typedef int cell;
#endif
int area(point p);
count_t tally(const cell *cells, int n);
"""

UNITS = {
    "a.c": '#include "shapes.h"\nint shared_total;\nint area(point p) { return p.x * p.y; }\n'
           "count_t tally(const cell *cells, int n) {\n    count_t t = 0;\n    for (int i = 0; i < n; i++)"
           " t += (count_t)cells[i];\n    return t;\n}\n",
    "b.c": '#include "shapes.h"\n\nint main(void) {\n    point p = {3, 4};\n    cell cs[3] = {1, 2, 3};\n'
           '    enum color c = BLUE;\n    printf("%d %lu %d\\n", area(p), tally(cs, 3), (int)c);\n    return 0;\n}\n',
}


def dump(ast: c_ast.FileAST) -> str:
    buf = io.StringIO()
    ast.show(buf=buf, attrnames=True, nodenames=True, showcoord=True)
    return buf.getvalue()


PARSE_WHOLE = pp._parse_whole


def outcome(text: str, filename: str, whole: bool) -> str | tuple[str, int, int, str]:
    try:
        ast = PARSE_WHOLE(text, filename) if whole else pp.parse_text(text, filename)
    except pp.ParseError as e:
        return (e.file, e.line, e.col, e.message)
    return dump(ast)


def write(tmp_path: Path, files: dict[str, str]) -> list[Path]:
    (tmp_path / "shapes.h").write_text(HEADER)
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        paths.append(tmp_path / name)
    return paths


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    pp.clear_cache()


def no_whole_parse(text: str, filename: str) -> c_ast.FileAST:
    raise AssertionError("the split parse fell back to a whole parse")


def test_units_sharing_a_header_parse_it_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = write(tmp_path, UNITS)
    monkeypatch.setattr(pp, "_parse_whole", no_whole_parse)
    texts = [pp.preprocess(p) for p in paths]
    for p, text in zip(paths, texts, strict=True):
        assert pp._split_headers(text) is not None
        assert outcome(text, str(p), whole=False) == outcome(text, str(p), whole=True)
    assert len(pp._PREFIXES) == 1  # a.c and b.c include the same text: one parse of it
    # the cached nodes are copied for each unit: the translator keys its tables by node identity
    first, second = (pp.parse_text(t, str(p)) for p, t in zip(paths, texts, strict=True))
    assert first.ext[0] is not second.ext[0] and dump(c_ast.FileAST(first.ext[:5])) == dump(
        c_ast.FileAST(second.ext[:5]))


@pytest.mark.parametrize(("source", "split"), [
    ('#define WIDE 1\n#include "shapes.h"\ncell big = 1L << 40;\n', True),  # a #define changes the header
    ('int before = 1;\n#include "shapes.h"\npoint after;\n', True),  # code before the includes
    ('#include <stdio.h>\nint between;\n#include "shapes.h"\nint main(void) { return between; }\n', True),
    ('#include "shapes.h"\n', True),  # nothing after the includes
    ('int main(void) { return 0; }\n', False),  # no includes: a whole parse
    ('#include "tail.h"\nT x;\nint f(T T) { return T; }\n', True),  # the header's last typedef, shadowed
])
def test_split_parse_equals_whole_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str,
                                        split: bool) -> None:
    write(tmp_path, {})
    (tmp_path / "tail.h").write_text("typedef int T;\n")
    src = tmp_path / "main.c"
    src.write_text(source)
    text = pp.preprocess(src)
    assert (pp._split_headers(text) is not None) == split
    if split:
        monkeypatch.setattr(pp, "_parse_whole", no_whole_parse)
    assert outcome(text, str(src), whole=False) == outcome(text, str(src), whole=True)


def test_define_before_include_is_another_prefix(tmp_path: Path) -> None:
    paths = write(tmp_path, {"n.c": '#include "shapes.h"\ncell a;\n',
                             "w.c": '#define WIDE\n#include "shapes.h"\ncell b;\n'})
    asts = [pp.parse(p) for p in paths]
    assert len(pp._PREFIXES) == 2
    cells = [next(e for e in a.ext if isinstance(e, c_ast.Typedef) and e.name == "cell") for a in asts]
    assert [c.type.type.names for c in cells] == [["int"], ["long"]]


@pytest.mark.parametrize("source", [
    '#include "shapes.h"\ntypedef int area;\n',  # a typedef name that the header declares as a function
    '#include "shapes.h"\nint point;\n',  # an identifier that the header declares as a typedef name
    '#include "shapes.h"\nint main(void) {\n    return area(;\n}\n',  # a syntax error after the headers
    '#include "broken.h"\nint main(void) { return 0; }\n',  # a syntax error in a header
])
def test_errors_are_those_of_a_whole_parse(tmp_path: Path, source: str) -> None:
    write(tmp_path, {})
    (tmp_path / "broken.h").write_text("int ok(void);\nint bad(int;\n")
    src = tmp_path / "main.c"
    src.write_text(source)
    text = pp.preprocess(src)
    whole = outcome(text, str(src), whole=True)
    assert isinstance(whole, tuple)  # each of these is an error
    assert outcome(text, str(src), whole=False) == whole


def test_cached_parse_gives_the_same_rust(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = write(tmp_path, UNITS)
    diag = DiagnosticSink()
    cached = transpile_c(paths, tmp_path, diag)
    assert cached is not None, diag.render_all()
    monkeypatch.setattr(pp, "_split_headers", lambda text: None)  # every file parsed whole
    diag = DiagnosticSink()
    whole = transpile_c(paths, tmp_path, diag)
    assert whole is not None, diag.render_all()
    assert cached.rust_modules == whole.rust_modules and "fn c_main" in cached.rust_modules["b"]


def test_parallel_parse_gives_the_same_unit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = dict(UNITS)
    for i in range(6):
        files[f"lib{i}.c"] = f'#include "shapes.h"\nint lib{i}(point p) {{ return area(p) + {i}; }}\n'
    paths = write(tmp_path, files)
    monkeypatch.setattr(pp, "PARALLEL_MIN_LINES", 0)
    units = []
    for jobs in (1, 2):
        diag = DiagnosticSink()
        unit = transpile_c(paths, tmp_path, diag, jobs=jobs)
        assert unit is not None, diag.render_all()
        units.append(unit)
    assert units[0] == units[1]
    # errors come back from the workers in file order, with the same coordinates
    (tmp_path / "lib1.c").write_text('#include "shapes.h"\nint lib1(point p) { return area(p) +; }\n')
    (tmp_path / "lib4.c").write_text('#include "shapes.h"\nint lib4 = ;\n')
    diags = []
    for jobs in (1, 2):
        diag = DiagnosticSink()
        assert transpile_c(paths, tmp_path, diag, jobs=jobs) is None
        diags.append([(d.span.file, d.span.line, d.span.col, d.message) for d in diag.diagnostics])
    assert diags[0] == diags[1] and [Path(f).name for f, *_ in diags[0]] == ["lib1.c", "lib4.c"]
