"""The pass pipeline for Python sources: a straight list of passes, each timed, with IR dumps on request."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from transpiler.codegen.rust.emit_module import ModuleEmitter
from transpiler.codegen.rust.names import snake
from transpiler.diagnostics import DiagnosticSink
from transpiler.frontends.python import parse_python
from transpiler.ir import nodes as N
from transpiler.ir.printer import print_ir
from transpiler.ir.program import Program
from transpiler.ir.verify import verify_module
from transpiler.passes.analyze_mutation import analyze_mutation
from transpiler.passes.collect_symbols import collect_symbols
from transpiler.passes.infer_types import infer_types

PASSES = ("parse", "collect_symbols", "infer_types", "analyze_mutation", "emit_rust")


@dataclass
class PipelineOptions:
    dump_ir_after: str | None = None
    verify: bool = True


@dataclass
class PythonUnit:
    """What the pipeline produced for a group of Python files."""

    rust_modules: dict[str, str] = field(default_factory=dict)
    entry_modules: list[str] = field(default_factory=list)
    docstrings: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    ir_dumps: list[str] = field(default_factory=list)


def module_name_for(path: Path, root: Path) -> str:
    rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    parts = list(rel.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1] or [root.name]
    return ".".join(parts)


def run_python(files: list[tuple[Path, str, str]], diag: DiagnosticSink, opts: PipelineOptions) -> PythonUnit:
    """files: (path, module name, source text)."""
    unit = PythonUnit()
    t0 = time.perf_counter()
    modules: list[N.Module] = []
    for path, name, text in files:
        mod = parse_python(str(path), text, name, diag)
        if mod is not None:
            if opts.verify:
                verify_module(mod)
            modules.append(mod)
    unit.timings["parse"] = time.perf_counter() - t0
    _dump(unit, opts, "parse", modules)
    if diag.has_errors:
        return unit
    t0 = time.perf_counter()
    program = collect_symbols(modules, set(), diag)
    for info in program.modules.values():
        info.is_entry = info.main is not None and bool(info.main.node.body)
    unit.timings["collect_symbols"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    infer_types(program, diag)
    unit.timings["infer_types"] = time.perf_counter() - t0
    _dump(unit, opts, "infer_types", modules)
    if diag.has_errors:
        return unit
    t0 = time.perf_counter()
    analyze_mutation(program)
    unit.timings["analyze_mutation"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    emit_all(program, diag, unit)
    unit.timings["emit_rust"] = time.perf_counter() - t0
    return unit


def emit_all(program: Program, diag: DiagnosticSink, unit: PythonUnit) -> None:
    for name, info in program.modules.items():
        unit.rust_modules[name] = ModuleEmitter(program, info, diag).emit()
        if info.is_entry:
            unit.entry_modules.append(name)
        if info.node.docstring:
            unit.docstrings[name] = info.node.docstring.splitlines()[0]


def _dump(unit: PythonUnit, opts: PipelineOptions, after: str, modules: list[N.Module]) -> None:
    if opts.dump_ir_after == after:
        for m in modules:
            unit.ir_dumps.append(f"== IR of {m.name} after {after} ==\n{print_ir(m)}")


def rust_module_name(name: str) -> str:
    ident = snake(name.replace(".", "_").replace("-", "_"))
    return ident[2:] + "_mod" if ident.startswith("r#") else ident
