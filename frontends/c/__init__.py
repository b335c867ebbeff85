"""The C frontend: C99 files to one Rust module each, over the `crt` runtime crate.

Each file is preprocessed by `gcc -E` against our own libc headers (frontends/c/include), parsed by
pycparser and translated by `transpiler.codegen.rust.c`. Problems become diagnostics, never exceptions.
The header text that translation units share is parsed once per run, and the files are preprocessed and parsed
across `-j` processes (preprocess.py); the translation, which needs the whole program, runs in this process.
"""

from __future__ import annotations

import functools
import gc
import re
from pathlib import Path

from pycparser import c_ast

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir.span import Span
from transpiler.units import BinTarget, LangUnit

from .ctypes import FuncT
from .preprocess import ParseError, clear_cache, parse, parse_files

LIBC_HEADERS = ("stdio.h", "stdlib.h", "string.h", "ctype.h", "math.h", "assert.h", "errno.h", "time.h")


@functools.cache
def libc_prototypes() -> dict[str, FuncT]:
    """The functions our headers declare, by name: what an undeclared call falls back to, as gcc's builtins do."""
    import tempfile

    from transpiler.codegen.rust.c.functions import CTranslator

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "libc.c"
        src.write_text("".join(f"#include <{h}>\n" for h in LIBC_HEADERS))
        ast = parse(src)
    tr = CTranslator({})
    protos: dict[str, FuncT] = {}
    for ext in ast.ext:
        if isinstance(ext, c_ast.Decl) and isinstance(ext.type, c_ast.FuncDecl):
            t = tr.resolve(ext.type)
            assert isinstance(t, FuncT)
            protos[ext.name] = t
        elif isinstance(ext, c_ast.Typedef):
            tr.top_level(ext)
        elif isinstance(ext, c_ast.Decl):
            tr.top_level(ext)
    return protos


def rust_module_for(path: Path) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", path.stem).lower()
    if not name or name[0].isdigit():
        name = "c_" + name
    return name


def span_of(node: object, default_file: str) -> Span:
    coord = getattr(node, "coord", None)
    if coord is None or not coord.line:
        return Span(default_file, 1, 0, 1, 0)
    col = max((coord.column or 1) - 1, 0)
    return Span(coord.file or default_file, coord.line, col, coord.line, col + 1)


def has_main(ast: c_ast.FileAST) -> bool:
    return any(isinstance(e, c_ast.FuncDef) and e.decl.name == "main" for e in ast.ext)


def transpile_c(files: list[Path], root: Path, diag: DiagnosticSink, jobs: int = 1) -> LangUnit | None:
    """Translate C files. Each file with `main` becomes a binary named after its stem, linked with every
    file that has no `main` (as `gcc main.c util.c` would link them). The files are preprocessed and parsed
    across up to `jobs` processes; the program-wide translation runs here."""
    # The cyclic garbage collector would traverse the syntax trees (a translation unit holds its headers' too)
    # again and again as they grow, and they hold next to no cycles: off meanwhile, as for Python.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _transpile_c(files, diag, jobs)
    finally:
        clear_cache()
        if collecting:
            gc.enable()


def _transpile_c(files: list[Path], diag: DiagnosticSink, jobs: int) -> LangUnit | None:
    from transpiler.codegen.rust.c.functions import CTranslator

    unit = LangUnit("c", runtime_crates=["crt"])
    ok = True
    texts: list[str | OSError] = []
    for path in files:
        try:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
        except OSError as e:
            texts.append(e)
    readable = [(p, t) for p, t in zip(files, texts, strict=True) if isinstance(t, str)]
    results = iter(parse_files([p for p, _ in readable], [t.count("\n") for _, t in readable], jobs))
    parsed: list[tuple[Path, c_ast.FileAST]] = []
    for path, text in zip(files, texts, strict=True):
        if isinstance(text, OSError):
            diag.error(Span(str(path), 1, 0, 1, 0), f"cannot read: {text.strerror}")
            ok = False
            continue
        diag.add_source(str(path), text)
        got = next(results)
        if isinstance(got, ParseError):
            diag.error(Span(got.file, got.line, got.col, got.line, got.col + 1), got.message)
            ok = False
        else:
            parsed.append((path, got))
    if not ok:
        return None
    try:
        libc = libc_prototypes()
    except ParseError as e:
        diag.error(Span(e.file, e.line, e.col, e.line, e.col + 1), f"internal error in our libc headers: {e.message}")
        return None
    mains = [(p, a) for p, a in parsed if has_main(a)]
    libs = [a for p, a in parsed if not has_main(a)]
    if not mains:
        for path, _ in parsed:
            diag.error(Span(str(path), 1, 0, 1, 0), "no `main` function in any C file",
                       "each C file with `main` becomes a program, linked with the files that have none")
        return None
    for path, ast in mains:
        tr = CTranslator(libc)
        try:
            rust = tr.module([*libs, ast], path.name)
        except Exception as e:  # noqa: BLE001 - an internal error must become a diagnostic, never a traceback
            diag.error(Span(str(path), 1, 0, 1, 0), f"internal error in the C frontend: {type(e).__name__}: {e}")
            ok = False
            continue
        if rust is None:
            for err in tr.errors:
                diag.error(span_of(err.node, str(path)), err.message, err.hint)
            ok = False
            continue
        mod = rust_module_for(path)
        unit.rust_modules[mod] = rust
        unit.module_docs[mod] = f"Translated from {path.name}."
        unit.bins.append(BinTarget(path.stem, mod, path, entry_fn="c_main"))
    return unit if ok else None
