"""The project scan: language detection and the dependency graph (transpiler/graph.py)."""

from __future__ import annotations

from pathlib import Path

from transpiler.api import detect_language, entry_point_map
from transpiler.graph import build_graph


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def graph_of(root: Path) -> dict[str, list[str]]:
    files = {p: detect_language(p) for p in sorted(root.rglob("*")) if p.is_file()}
    files = {p: lang for p, lang in files.items() if lang != "unknown"}
    texts = {p: p.read_text() for p in files}
    return build_graph(root, files, texts).to_json()


def test_language_by_extension_and_shebang(tmp_path: Path) -> None:
    assert detect_language(write(tmp_path / "a.py", "")) == "python"
    assert detect_language(write(tmp_path / "b.c", "")) == "c"
    assert detect_language(write(tmp_path / "b.h", "")) == "c"
    assert detect_language(write(tmp_path / "c.sh", "")) == "shell"
    assert detect_language(write(tmp_path / "tool", "#!/usr/bin/env python3\nprint(1)\n")) == "python"
    assert detect_language(write(tmp_path / "run", "#!/bin/bash\necho hi\n")) == "shell"
    assert detect_language(write(tmp_path / "notes", "just text\n")) == "unknown"


def test_python_imports(tmp_path: Path) -> None:
    write(tmp_path / "app" / "__init__.py", "")
    write(tmp_path / "app" / "geometry.py", "from .util import clamp\n")
    write(tmp_path / "app" / "util.py", "import math\n")
    write(tmp_path / "app" / "main.py", "from app.geometry import Point\nfrom app import util\nimport os, app.util\n")
    g = graph_of(tmp_path)
    assert g["app/main.py"] == ["app/__init__.py", "app/geometry.py", "app/util.py"]
    assert g["app/geometry.py"] == ["app/util.py"]
    assert g["app/util.py"] == []


def test_c_includes_and_headers_bring_their_definitions(tmp_path: Path) -> None:
    write(tmp_path / "tools" / "count.h", "int count(const char *s);\n")
    write(tmp_path / "tools" / "count.c", '#include "count.h"\nint count(const char *s) { return 0; }\n')
    write(tmp_path / "tools" / "wc.c", '#include <stdio.h>\n#include "count.h"\nint main(void) { return 0; }\n')
    g = graph_of(tmp_path)
    assert g["tools/wc.c"] == ["tools/count.h"]
    assert g["tools/count.h"] == ["tools/count.c"]


def test_shell_sources_and_programs_it_runs(tmp_path: Path) -> None:
    write(tmp_path / "lib.sh", "greet() { echo hi; }\n")
    write(tmp_path / "app" / "main.py", "print(1)\n")
    write(tmp_path / "tools" / "wc.c", "int main(void) { return 0; }\n")
    write(tmp_path / "run.sh", "#!/bin/bash\nsource lib.sh\npython3 app/main.py | ./tools/wc\ntools/wc < x\n")
    g = graph_of(tmp_path)
    assert g["run.sh"] == ["app/main.py", "lib.sh", "tools/wc.c"]


def test_groups_come_in_dependency_order(tmp_path: Path) -> None:
    write(tmp_path / "run.sh", "python3 main.py\n./wc\n")
    write(tmp_path / "main.py", "print(1)\n")
    write(tmp_path / "wc.c", "int main(void) { return 0; }\n")
    files = {p: detect_language(p) for p in tmp_path.iterdir()}
    pg = build_graph(tmp_path, files, {p: p.read_text() for p in files})
    order = pg.group_order()
    assert order.index("shell") > order.index("python") and order.index("shell") > order.index("c")
    assert pg.dependents({tmp_path / "main.py"}) == {tmp_path / "main.py", tmp_path / "run.sh"}


def test_entry_point_map(tmp_path: Path) -> None:
    write(tmp_path / "app" / "__init__.py", "")
    write(tmp_path / "app" / "lib.py", "X = 1\n\ndef f() -> int:\n    return X\n")
    write(tmp_path / "app" / "main.py", 'if __name__ == "__main__":\n    print(1)\n')
    write(tmp_path / "tools" / "wc.c", "int main(void) { return 0; }\n")
    write(tmp_path / "tools" / "util.c", "int helper(void) { return 0; }\n")
    write(tmp_path / "run.sh", "echo hi\n")
    assert entry_point_map(tmp_path) == {
        "app/main.py": "main",
        "tools/wc.c": "wc",
        "tools/wc": "wc",
        "run.sh": "run",
    }
