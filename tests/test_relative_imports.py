"""Relative imports (`from .geo import P`, `from .. import VERSION`, `from . import fmt`) resolve against the
importing module's package as CPython's do (transpiler/pyimports.py): the right module when names collide
(pkg/shapes/util.py beside a top-level util.py), packages without __init__.py, `from . import` of a submodule
or of a name the package's __init__ binds; the dependency graph's edges go to the same modules. Built with
cargo and compared with python3."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from test_module_globals import build_and_run, transpile, write

from transpiler import transpile_project
from transpiler.api import detect_language
from transpiler.graph import build_graph
from transpiler.pyimports import RelativeImportError, package_of, resolve_dotted

MODULES = {
    "util.py": "def label(n: int) -> str:\n    return \"top\" + str(n)\n",
    "pkg/__init__.py": "VERSION = 3\n",
    "pkg/shapes/__init__.py": "from . import geo\nfrom .colors import Color\n\nSIDES = 4\n",
    "pkg/shapes/util.py": "def label(n: int) -> str:\n    return \"shapes\" + str(n * 2)\n",
    "pkg/shapes/colors.py": "from enum import Enum\n\n\nclass Color(Enum):\n    RED = 1\n    BLUE = 2\n",
    "pkg/shapes/geo.py": (
        "from .. import VERSION\nfrom .colors import Color\nfrom .util import label\n\n\n"
        "class P:\n    def __init__(self, x: int, color: Color) -> None:\n        self.x = x\n"
        "        self.color = color\n\n"
        "    def show(self) -> str:\n"
        "        return label(self.x + VERSION) + (\"r\" if self.color == Color.RED else \"b\")\n"
    ),
    "pkg/report/__init__.py": "",
    "pkg/report/fmt.py": "def wrap(s: str) -> str:\n    return \"[\" + s + \"]\"\n",
    "pkg/report/summary.py": (
        "from . import fmt\nfrom .. import shapes\nfrom ..shapes import SIDES, Color, geo\n"
        "from ..shapes.geo import P\nfrom ..util_free import shout\n\n\n"
        "def make(n: int, red: bool) -> P:\n    return geo.P(n, Color.RED if red else Color.BLUE)\n\n\n"
        "def tint(c: Color) -> str:\n    return \"warm\" if c == Color.RED else \"cool\"\n\n\n"
        "def report(p: P) -> str:\n    return shout(fmt.wrap(p.show())) + str(SIDES + shapes.SIDES) + tint(p.color)\n"
    ),
    "pkg/util_free.py": "def shout(s: str) -> str:\n    return s.upper()\n",
    "ns/helper.py": "def twice(n: int) -> int:\n    return 2 * n\n",
    "ns/tool.py": "from . import (\n    helper,  # a package without __init__.py\n)\n\n\n"
                  "def run(n: int) -> int:\n    from .helper import twice\n\n"
                  "    return helper.twice(n) + twice(1) - 1\n",
    "main.py": (
        "from ns.tool import run\nfrom pkg.report.summary import make, report\nfrom util import label\n\n"
        "print(report(make(4, True)), report(make(1, False)), label(1), run(20))\n"
    ),
}


@pytest.mark.parametrize("package", ["pkg", "pkg.sub", "a.b.c"])
@pytest.mark.parametrize("written", [".", "..", "...", "....", ".geo", "..util", "...x.y", "geo.point"])
def test_resolution_is_importlibs(package: str, written: str) -> None:
    try:
        want = importlib.util.resolve_name(written, package)
    except ImportError as exc:
        with pytest.raises(RelativeImportError, match=str(exc)):
            resolve_dotted(written, package)
    else:
        assert resolve_dotted(written, package) == want


def test_the_package_of_a_module() -> None:
    assert package_of("pkg.sub", "src/pkg/sub/__init__.py") == "pkg.sub"  # a package is its own
    assert package_of("pkg.sub.m", "src/pkg/sub/m.py") == "pkg.sub"
    assert package_of("main", "src/main.py") == ""
    with pytest.raises(RelativeImportError, match="no known parent package"):
        resolve_dotted(".x", package_of("main", "src/main.py"))


def test_graph_edges_go_to_the_module_the_relative_import_names(tmp_path: Path) -> None:
    src = write(tmp_path / "proj", MODULES)
    (src / "pkg" / "bad.py").write_text("from ... import util\nfrom .shapes import (\n    colors,\n    geo)\n")
    files = {p: detect_language(p) for p in sorted(src.rglob("*.py"))}
    g = build_graph(src, files, {p: p.read_text() for p in files}).to_json()
    # `from .util import label` is pkg/shapes/util.py, not the top-level util.py
    assert g["pkg/shapes/geo.py"] == ["pkg/__init__.py", "pkg/shapes/colors.py", "pkg/shapes/util.py"]
    assert g["pkg/shapes/__init__.py"] == ["pkg/shapes/colors.py", "pkg/shapes/geo.py"]
    assert g["pkg/report/summary.py"] == ["pkg/__init__.py", "pkg/report/__init__.py", "pkg/report/fmt.py",
                                          "pkg/shapes/__init__.py", "pkg/shapes/geo.py", "pkg/util_free.py"]
    assert g["ns/tool.py"] == ["ns/helper.py"]
    # `...` climbs above pkg: no edge (the frontend reports it); names over several lines are submodules
    assert g["pkg/bad.py"] == ["pkg/shapes/__init__.py", "pkg/shapes/colors.py", "pkg/shapes/geo.py"]


@pytest.mark.skipif(shutil.which("cargo") is None, reason="needs cargo")
def test_relative_imports_behave_like_python(tmp_path: Path, runtime_dir: Path, cargo_target_dir: Path) -> None:
    src, out = write(tmp_path / "proj", MODULES), tmp_path / "ws"
    transpile(src, out, runtime_dir)
    geo_rs = next(out.glob("*/src/pkg_shapes_geo.rs")).read_text()
    assert "crate::pkg_shapes_util::label(" in geo_rs and "crate::util::" not in geo_rs
    # `from ..shapes import Color`, which pkg/shapes/__init__.py imports from .colors: the defining module's
    # path, and an enum in annotations (passed by value)
    summary_rs = next(out.glob("*/src/pkg_report_summary.rs")).read_text()
    assert "use crate::pkg_shapes_colors::Color;" in summary_rs and "pub fn tint(c: Color)" in summary_rs
    want, got = build_and_run(src, out, cargo_target_dir)
    assert want.stdout == "[SHAPES14R]8warm [SHAPES8B]8cool top1 41\n"
    assert (got.stdout, got.returncode) == (want.stdout, want.returncode), got.stderr


def test_relative_import_in_a_project_folder_that_is_a_package(tmp_path: Path, runtime_dir: Path) -> None:
    """`transpile mylib/` names mylib/a.py `a`, a top-level module, as `python3 a.py` inside it would: its
    relative import is CPython's error, with a hint to transpile the folder above, where it resolves."""
    lib = write(tmp_path / "wrap" / "mylib", {"__init__.py": "", "b.py": "def f() -> int:\n    return 4\n",
                                              "a.py": "from .b import f\n\nprint(f())\n"})
    result = transpile_project(lib, tmp_path / "out1", runtime_dir=runtime_dir)
    assert not result.ok
    assert result.diagnostics.render_all() == (
        f"{lib / 'a.py'}:1:6: error: attempted relative import with no known parent package\n"
        "    from .b import f\n         ^~\n"
        "  hint: the project's folder is a package, but its modules are named from inside it: transpile the folder "
        "above it, or import by the absolute module name")
    transpile(lib.parent, tmp_path / "out2", runtime_dir)
    assert "crate::mylib_b::f()" in next((tmp_path / "out2").glob("*/src/mylib_a.rs")).read_text()
