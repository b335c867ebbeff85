"""The prefetch_file_reads pass: which loops it reads ahead in parallel, and which it must leave alone.

The behaviour of rewritten loops (order, skipped reads, errors at their own iteration) is checked against
python3 by tests/run_cases/prefetch_reads.py; here each case is a small program and whether its IR after the
pass holds a prefetch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from transpiler.api import transpile_project

HEAD = "import json\nimport os\n\n\ndef scan(root: str, names: list[str], out: dict[str, int]) -> None:\n"

SAFE = {
    "join_then_read": """    for name in names:
        path = os.path.join(root, name)
        with open(path) as f:
            text = f.read()
        out[name] = len(text.split())
""",
    "inline_concat_path": """    for name in names:
        with open(root + "/" + name, encoding="utf-8") as f:
            text = f.read()
        if not text:
            continue
        print(name, text.count("\\n"))
""",
    "loop_variable_is_the_path": """    for name in names:
        if name.endswith(".skip"):
            continue
        with open(name, "r") as f:
            body = f.read()
        out[name] = out.get(name, 0) + len(body)
""",
}

UNSAFE = {
    "writes_in_the_loop": """    for name in names:
        path = os.path.join(root, name)
        with open(path) as f:
            text = f.read()
        with open(path + ".bak", "w") as g:
            g.write(text)
""",
    "dumps_json_to_a_file": """    log = open("log.json", "w")
    for name in names:
        path = os.path.join(root, name)
        with open(path) as f:
            text = f.read()
        json.dump({name: len(text)}, log)
    log.close()
""",
    "removes_files": """    for name in names:
        path = os.path.join(root, name)
        with open(path) as f:
            text = f.read()
        os.remove(path)
        out[name] = len(text)
""",
    "calls_user_code": """    for name in names:
        path = os.path.join(root, name)
        with open(path) as f:
            text = f.read()
        out[name] = helper(text)
""",
    "path_changes_in_the_loop": """    for name in names:
        path = os.path.join(root, name)
        if name == "x":
            path = root
        with open(path) as f:
            text = f.read()
        out[name] = len(text)
""",
    "root_changes_in_the_loop": """    for name in names:
        with open(os.path.join(root, name)) as f:
            text = f.read()
        root = text.strip()
        out[name] = len(text)
""",
    "reads_line_by_line": """    for name in names:
        with open(os.path.join(root, name)) as f:
            first = f.readline()
        out[name] = len(first)
""",
}

TAIL = "\n\ndef helper(s: str) -> int:\n    return len(s)\n\n\nscan('.', ['a'], {})\n"


def _ir_after_pass(body: str, tmp_path: Path) -> str:
    src = tmp_path / "scan.py"
    src.write_text(HEAD + body + TAIL)
    result = transpile_project(src, tmp_path / "out", jobs=1, dump_ir_after="prefetch_file_reads")
    assert not result.diagnostics.has_errors, result.diagnostics.render_all()
    assert result.ir_dumps
    return "\n".join(result.ir_dumps)


@pytest.mark.parametrize("name", sorted(SAFE))
def test_independent_reads_are_prefetched(name: str, tmp_path: Path) -> None:
    ir = _ir_after_pass(SAFE[name], tmp_path)
    assert "prefetch_texts" in ir
    assert ir.count("attr='take'") == 1
    assert "attr='read'" not in ir


@pytest.mark.parametrize("name", sorted(UNSAFE))
def test_loops_that_could_interfere_are_left_alone(name: str, tmp_path: Path) -> None:
    ir = _ir_after_pass(UNSAFE[name], tmp_path)
    assert "prefetch_texts" not in ir
    assert "attr='read" in ir
