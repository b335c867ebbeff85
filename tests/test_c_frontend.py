"""Run tests for the C frontend: each program in tests/data/c_programs.test is built with gcc and transpiled;
both builds must print the case's [out] text. Also: diagnostics for refused C, and the crt crate's tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from golden import DATA_DIR, GoldenCase, check_golden, golden_params, parse_cases

REPO_ROOT = Path(__file__).resolve().parent.parent
RUNTIME = REPO_ROOT / "runtime-crates"
CASES = parse_cases((DATA_DIR / "c_programs.test").read_text(), "c_programs.test")

pytestmark = pytest.mark.skipif(shutil.which("cargo") is None or shutil.which("gcc") is None,
                                reason="needs cargo and gcc")


def run(argv: list[str], stdin: str = "", cwd: Path | None = None) -> tuple[str, int]:
    proc = subprocess.run(argv, input=stdin.encode(), capture_output=True, cwd=cwd, timeout=60)
    return proc.stdout.decode("utf-8", "replace") + f"exit {proc.returncode}\n", proc.returncode


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All cases transpiled into one workspace and built once (one cargo build is far cheaper than twelve)."""
    work = tmp_path_factory.mktemp("c_programs")
    src = work / "src"
    src.mkdir()
    for case in CASES:
        (src / f"{case.name}.c").write_text(case.input)
    out = work / "rust"
    argv = [sys.executable, "-m", "transpiler", str(src), "--out", str(out), "--runtime-dir", str(RUNTIME)]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    cargo_build(out)
    return work


def cargo_build(out: Path) -> None:
    build = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=out, capture_output=True, text=True,
                           env={**os.environ, "RUSTFLAGS": "-D warnings"})
    assert build.returncode == 0, build.stderr[-3000:]


def target_dir(workspace: Path) -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", workspace / "target"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_c_program(case: GoldenCase, built: Path) -> None:
    stdin = case.files.get("stdin", "")
    exe = built / f"{case.name}.gcc"
    subprocess.run(["gcc", "-O2", "-w", "-o", str(exe), str(built / "src" / f"{case.name}.c"), "-lm"], check=True)
    expected_gcc, _ = run([str(exe)], stdin)
    assert expected_gcc == case.expected, "the [out] section no longer matches the gcc build"
    actual, _ = run([str(target_dir(built / "rust") / "release" / case.name)], stdin)
    assert actual == case.expected


EXAMPLES = sorted(p for p in (REPO_ROOT / "examples").glob("c_*") if p.is_dir())


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_c_example(example: Path, tmp_path: Path) -> None:
    """Each C example: transpiled, built, and run on its `input.txt` / `args` like the gcc build."""
    out = tmp_path / "rust"
    argv = [sys.executable, "-m", "transpiler", str(example), "--out", str(out), "--runtime-dir", str(RUNTIME)]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    cargo_build(out)
    stdin = (example / "input.txt").read_text() if (example / "input.txt").exists() else ""
    args = (example / "args").read_text().split() if (example / "args").exists() else []
    sources = sorted(example.glob("*.c"))
    mains = [p for p in sources if re.search(r"\bmain\s*\(", p.read_text())]
    libs = [str(p) for p in sources if p not in mains]
    for src in mains:
        exe = tmp_path / src.stem
        subprocess.run(["gcc", "-O2", "-w", "-o", str(exe), str(src), *libs, "-lm"], check=True)
        expected, _ = run([str(exe), *args], stdin)
        actual, _ = run([str(target_dir(out) / "release" / src.stem), *args], stdin)
        assert actual == expected


def transpile_error(tmp_path: Path, source: str) -> str:
    f = tmp_path / "bad.c"
    f.write_text(source)
    proc = subprocess.run([sys.executable, "-m", "transpiler", str(f), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=REPO_ROOT)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    return proc.stderr


def test_refuses_with_a_diagnostic(tmp_path: Path) -> None:
    err = transpile_error(tmp_path, "int main(void) {\n  int n = 3;\n  return frobnicate(n);\n}\n")
    assert "bad.c:3:" in err and "undeclared function `frobnicate`" in err


def test_syntax_error_is_a_diagnostic(tmp_path: Path) -> None:
    err = transpile_error(tmp_path, "int main(void) {\n  return 0\n}\n")
    assert "bad.c:" in err and "error:" in err


def test_crt_cargo_tests() -> None:
    proc = subprocess.run(["cargo", "test", "--release", "--quiet"], cwd=RUNTIME / "crt", capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]



EMIT_PATH = DATA_DIR / "c_emit.test"


@pytest.mark.parametrize("case", golden_params(EMIT_PATH))
def test_c_emit(case: GoldenCase, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The first function's Rust, as emitted: register locals, memory locals and control flow as text."""
    from transpiler.frontends.c import transpile_c

    from transpiler.diagnostics import DiagnosticSink

    src = tmp_path / "case.c"
    src.write_text(case.input)
    diag = DiagnosticSink()
    unit = transpile_c([src], tmp_path, diag)
    assert unit is not None, diag.render_all()
    text = unit.rust_modules["case"]
    start = text.index("pub fn fn_")
    end = text.index("\n}\n", start) + 2
    check_golden(request, EMIT_PATH, case, text[start:end] + "\n")


TYPED_CASES = [
    # (program, names that get typed storage)
    ("static int g[4][4]; int main(void) { g[1][2] = 3; return g[1][2]; }", {"g"}),
    ("static int g[4][4]; int main(void) { int *p = g[1]; return p[0]; }", set()),  # partial chain
    ("static int g[4] = {1, 2}; int main(void) { return g[1]; }", {"g"}),  # a table of constants
    ("static int g[] = {1, -2, 'c'}; int main(void) { return g[1] + (int)sizeof g; }", {"g"}),
    ("static int g[4] = {[2] = 1}; int main(void) { return g[2]; }", set()),  # designated
    ("static char g[4] = \"ab\"; int main(void) { return g[1]; }", set()),  # a string
    ("static int g[2] = {1, 2 + 3}; int main(void) { return g[1]; }", set()),  # an expression
    ("static int g[2][2] = {{1, 2}, {3, 4}}; int main(void) { return g[1][1]; }", set()),  # 2-D
    ("static int g[2] = {1, 2}; int main(void) { int x = 0;\n"
     "for (int i = 0; i < 2; i++) x += g[i]; return x; }", {"g"}),
    ("#include <stdlib.h>\nint main(void) { double *a = malloc(80); a[3] = 1; free(a); return (int)a[3]; }",
     {"a"}),
    ("#include <stdlib.h>\nint main(void) { double *a = malloc(80); if (!a) return 1; return (int)a[0]; }",
     {"a"}),  # tested for NULL
    ("#include <stdlib.h>\nint main(void) { int *a = malloc(8), *b = calloc(2, 4);\n"
     "if (a == NULL || NULL == b || !(a != 0)) return 1; a[0] = b ? 1 : 2; while (a && b) break;\n"
     "return a[0]; }", {"a", "b"}),
    ("#include <stdlib.h>\nint main(void) { int *a = malloc(8), *b = malloc(8); return a == b; }",
     set()),  # compared with another pointer
    ("#include <stdlib.h>\nint main(void) { int *a = malloc(8); int ok = a != 0; a = 0; return ok; }",
     set()),  # assigned NULL
    ("#include <stdlib.h>\nint main(void) { int *a = malloc(8); return a > 0; }", set()),  # ordered
    ("#include <stdlib.h>\nint main(void) { int *a = malloc(80); char *c = (char *)a; return c[0]; }",
     set()),  # cast to another pointer type
    ("#include <stdlib.h>\nint main(void) { int *a = calloc(4, 4); return *(a + 1); }", set()),  # arithmetic
    ("static int f(int *v) { return v[0]; }\nint main(void) { int a[3]; a[0] = 1; return f(a); }", {"a", "v"}),
    ("static int f(int *v) { return v[0]; }\nint main(void) { int a[3]; a[0] = 1; int (*fp)(int *) = f;\n"
     "return f(a) + fp(a); }", set()),  # f's address is taken: v stays a pointer, so a does too
    ("static int f(int *v, int *w) { return v[0] + w[0]; }\nint main(void) { int a[3]; a[0] = 1;\n"
     "return f(a, a); }", set()),  # the same buffer twice in one call
    ("static int f(unsigned *v) { return (int)v[0]; }\nint main(void) { int a[3]; a[0] = 1;\n"
     "return f((unsigned *)a); }", set()),  # another element type
    ("#include <string.h>\nint main(void) { char s[8]; strcpy(s, \"x\"); return s[0]; }", set()),  # libc call
    ("#include <string.h>\nint main(void) { long s[8]; memset(s, 0, sizeof s); s[1] = 2; return (int)s[1]; }",
     {"s"}),
    ("#include <string.h>\nint main(void) { long s[8]; memset(s, 0, 16); return (int)s[1]; }", set()),
    ("static int g[4];\nstatic int *p = g;\nint main(void) { g[1] = 2; return p[1]; }", set()),  # global init
    ("static int g[4];\nstatic int *p = &g[2];\nint main(void) { g[2] = 2; return *p; }", set()),
]


@pytest.mark.parametrize("source,typed", TYPED_CASES, ids=[f"typed{i}" for i in range(len(TYPED_CASES))])
def test_typed_buffer_analysis(source: str, typed: set[str], tmp_path: Path) -> None:
    """Which buffers leave the byte model (typed_buffers.py's rule), on small programs."""
    from transpiler.codegen.rust.c.functions import CTranslator
    from transpiler.frontends.c import libc_prototypes
    from transpiler.frontends.c.preprocess import parse

    src = tmp_path / "t.c"
    src.write_text(source + "\n")
    tr = CTranslator(libc_prototypes())
    assert tr.module([parse(src)], "t.c") is not None, [e.message for e in tr.errors]
    assert {b.name for b in tr.typed.by_decl.values()} == typed
