"""Shell frontend: bash scripts -> Rust modules running on the `shrt` runtime, one binary per script."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from transpiler.codegen.rust.shell.emit import Unsupported, emit_module
from transpiler.frontends.shell.parser import ParseError, Parser

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir.span import Span
from transpiler.units import BinTarget, LangUnit

RUST_KEYWORDS = {"as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if",
                 "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "static",
                 "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await",
                 "dyn", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
                 "unsized", "virtual", "yield", "try", "gen"}


def _module_name(src: Path, root: Path) -> str:
    try:
        rel = src.resolve().relative_to(root.resolve())
    except ValueError:
        rel = Path(src.name)
    stem = "_".join(rel.with_suffix("").parts) if rel.suffix == ".sh" else "_".join(rel.parts)
    name = "sh_" + re.sub(r"[^A-Za-z0-9_]", "_", stem).lower()
    return name + "_" if name in RUST_KEYWORDS else name


def _project_programs(root: Path) -> dict[str, str]:
    """The project's programs (`transpiler.api.entry_point_map`): it reads every source of the project, so it is
    made once per run, not once per script."""
    from transpiler.api import entry_point_map

    return entry_point_map(root if root.is_dir() else root.parent)


def _programs_for(script: Path, root: Path, programs: dict[str, str]) -> dict[str, str]:
    """The project's `programs` as a script in `script`'s folder names them (relative paths)."""
    base = root if root.is_dir() else root.parent
    out: dict[str, str] = {}
    for rel, binary in programs.items():
        target = (base / rel).resolve()
        try:
            out[os.path.relpath(target, script.parent.resolve())] = binary
        except ValueError:
            continue
    return out


def transpile_shell(files: list[Path], root: Path, diag: DiagnosticSink) -> LangUnit | None:
    """Parse and compile each script; problems go to `diag` with the script's file:line."""
    unit = LangUnit("shell", runtime_crates=["shrt"])
    t0 = time.perf_counter()
    programs: dict[str, str] | None = None
    for src in files:
        try:
            text = src.read_text(encoding="utf-8", errors="surrogateescape")
        except OSError as e:
            diag.error(Span(str(src), 1, 0, 1, 0), f"cannot read: {e.strerror}")
            continue
        parser = Parser(text)
        try:
            nodes = parser.parse_program()
        except ParseError as e:
            line = parser.line(e.pos)
            diag.error(Span(str(src), line, 0, line, 0), e.msg, "bash reports this script as a syntax error too")
            continue
        except RecursionError:
            diag.error(Span(str(src), 1, 0, 1, 0), "script nests too deeply to compile")
            continue
        if programs is None:
            programs = _project_programs(root)
        try:
            rust = emit_module(nodes, src.name, src.parent, _programs_for(src, root, programs))
        except Unsupported as e:
            diag.error(Span(str(src), e.line, 0, e.line, 0), e.msg,
                       "only statically known code is compiled; inline the code or use a function")
            continue
        mod = _module_name(src, root)
        unit.rust_modules[mod] = rust
        unit.module_docs[mod] = f"Compiled from the shell script {src.name}."
        unit.bins.append(BinTarget(src.stem, mod, src, entry_fn="sh_main"))
    unit.timings["shell.compile"] = time.perf_counter() - t0
    return unit
