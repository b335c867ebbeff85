"""The pass pipeline for Python sources: a straight list of passes, each timed, with IR dumps on request."""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

from transpiler import summary
from transpiler.codegen.rust.emit_module import ModuleEmitter
from transpiler.codegen.rust.names import snake
from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import nodes as N
from transpiler.ir.printer import print_ir
from transpiler.ir.program import ModuleInfo, Program
from transpiler.ir.verify import verify_module
from transpiler.ir.walk import clear_walk_caches
from transpiler.parallel import parallel_map
from transpiler.passes.analyze_mutation import analyze_mutation
from transpiler.passes.collect_symbols import collect_symbols
from transpiler.passes.fuse_array_exprs import fuse_array_exprs
from transpiler.passes.infer_types import BINDERS, infer_types
from transpiler.passes.mark_assigned_class_vars import mark_assigned_class_vars
from transpiler.passes.mark_global_containers import mark_global_containers
from transpiler.passes.mark_recursion import mark_recursive_functions
from transpiler.passes.mark_shared_classes import mark_shared_classes
from transpiler.passes.prefetch_file_reads import prefetch_file_reads
from transpiler.passes.promote_big_ints import promote_big_ints
from transpiler.pyimports import project_enums

PASSES = ("parse", "collect_symbols", "infer_types", "fuse_array_exprs", "analyze_mutation", "prefetch_file_reads",
          "emit_rust")


@dataclass
class PipelineOptions:
    dump_ir_after: str | None = None
    verify: bool = True
    jobs: int = 1  # processes for parsing; 1 parses in this process
    parallel_min_lines: int = 6000  # fewer lines than this parse in this process: workers cost start-up time
    parsed: dict[str, bytes] = field(default_factory=dict)  # module name -> pickled IR from an earlier run
    keep_parsed: bool = False  # fill PythonUnit.parsed with the pickled IR of every module parsed now
    emit_only: set[str] | None = None  # emit Rust for these modules only (the others are unchanged)
    summaries: dict[str, bytes] = field(default_factory=dict)  # module name -> summary from an earlier run
    keep_summaries: bool = False  # fill PythonUnit.summaries for every module inferred now


@dataclass
class PythonUnit:
    """What the pipeline produced for a group of Python files."""

    rust_modules: dict[str, str] = field(default_factory=dict)
    entry_modules: list[str] = field(default_factory=list)
    docstrings: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    ir_dumps: list[str] = field(default_factory=list)
    parsed: dict[str, bytes] = field(default_factory=dict)
    summaries: dict[str, bytes] = field(default_factory=dict)
    influencers: dict[str, frozenset[str]] = field(default_factory=dict)  # module -> Summary.influencers
    stale_summaries: bool = False  # the changed modules changed a summary: run again without summaries


def module_name_for(path: Path, root: Path) -> str:
    rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    parts = list(rel.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1] or [root.name]
    return ".".join(parts)


def run_python(files: list[tuple[Path, str, str]], diag: DiagnosticSink, opts: PipelineOptions) -> PythonUnit:
    """files: (path, module name, source text)."""
    # The cyclic garbage collector would traverse the syntax trees and the IR (millions of objects, next to no
    # cycles) again and again as they grow: off while they are built, which roughly halves the CPU time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_python(files, diag, opts)
    finally:
        clear_walk_caches()  # they hold this run's trees alive
        if collecting:
            gc.enable()


def _run_python(files: list[tuple[Path, str, str]], diag: DiagnosticSink, opts: PipelineOptions) -> PythonUnit:
    unit = PythonUnit()
    t0 = time.perf_counter()
    modules = parse_all(files, diag, opts, unit)
    unit.timings["parse"] = time.perf_counter() - t0
    _dump(unit, opts, "parse", modules)
    if diag.has_errors:
        return unit
    t0 = time.perf_counter()
    summaries = {name: summary.load(blob) for name, blob in opts.summaries.items()}
    program = collect_symbols(modules, set(), diag, {name: s.info for name, s in summaries.items()},
                              [name for _, name, _ in files])
    for info in program.modules.values():
        if info.name not in program.stubs:
            # a program: any top-level code when it is the only file, else top-level statements beyond
            # assignments, imports and docstrings (a module of constants is a library; api._is_python_entry)
            info.is_entry = info.main is not None and any(
                len(files) == 1 or not isinstance(s, N.Assign | N.Import)
                and not (isinstance(s, N.ExprStmt) and isinstance(s.value, N.Const)) for s in info.main.node.body)
    guard = summary.Guard(list(summaries.values())) if summaries else None
    unit.timings["collect_symbols"] = time.perf_counter() - t0
    if diag.has_errors:  # a symbol table problem: inference would only report its consequences
        return unit
    t0 = time.perf_counter()
    promote_big_ints(program)
    unit.timings["promote_big_ints"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    infer_types(program, diag)
    unit.timings["infer_types"] = time.perf_counter() - t0
    _dump(unit, opts, "infer_types", modules)
    if guard is not None and not guard.held():
        unit.stale_summaries = True
        return unit
    if diag.has_errors:
        return unit
    t0 = time.perf_counter()
    fuse_array_exprs(program)
    unit.timings["fuse_array_exprs"] = time.perf_counter() - t0
    _dump(unit, opts, "fuse_array_exprs", [_current_ir(info) for info in program.modules.values()])
    t0 = time.perf_counter()
    analyze_mutation(program)
    unit.timings["analyze_mutation"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    mark_global_containers(program)
    unit.timings["mark_global_containers"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    mark_assigned_class_vars(program)
    unit.timings["mark_assigned_class_vars"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    mark_shared_classes(program)
    unit.timings["mark_shared_classes"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    mark_recursive_functions(program)
    unit.timings["mark_recursion"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    prefetch_file_reads(program)
    unit.timings["prefetch_file_reads"] = time.perf_counter() - t0
    if guard is not None and not guard.held():
        unit.stale_summaries = True
        return unit
    _dump(unit, opts, "prefetch_file_reads", [_current_ir(info) for info in program.modules.values()])
    t0 = time.perf_counter()
    lines = sum(text.count("\n") for _, _, text in files)
    emit_all(program, diag, unit, opts.emit_only, opts.jobs if lines >= opts.parallel_min_lines else 1)
    unit.timings["emit_rust"] = time.perf_counter() - t0
    if opts.keep_summaries:
        t0 = time.perf_counter()
        for name, info in program.modules.items():
            if name in program.stubs:
                continue
            sources = {src for src, _ in info.imported_names.values()} | set(info.imported_modules.values())
            inherited = frozenset().union(*(summaries[m].influencers for m in sources if m in summaries))
            made = summary.summarize(info, BINDERS.by_id, inherited)
            unit.summaries[name] = summary.dumps(made)
            unit.influencers[name] = made.influencers
        unit.timings["summaries"] = time.perf_counter() - t0
    return unit


def parse_all(files: list[tuple[Path, str, str]], diag: DiagnosticSink, opts: PipelineOptions,
              unit: PythonUnit) -> list[N.Module]:
    """Parse and lower every file, in worker processes when `opts.jobs` > 1 and the files are many lines."""
    # `from m import Point`: a capitalised name of a project module is a class, or an enum when m defines it so
    project = project_enums(files)
    todo = [(str(path), name, text, opts.verify, opts.keep_parsed, os.getpid(), project)
            for path, name, text in files if name not in opts.parsed and name not in opts.summaries]
    if todo:  # imported here, before any worker is forked, so that no worker imports it again
        import transpiler.frontends.python  # noqa: F401
    results = parallel_map(_parse_one, todo, opts.jobs, weight=lambda job: job[2].count("\n"),
                           min_weight=opts.parallel_min_lines)
    by_name: dict[str, N.Module] = {}
    for (path, name, text, *_), (mod, blob, sink) in zip(todo, results, strict=True):
        diag.extend(sink)
        diag.add_source(path, text)
        if blob is not None:
            if opts.keep_parsed:
                unit.parsed[name] = blob
            if mod is None:
                mod = pickle.loads(blob)
        if mod is not None:
            by_name[name] = mod
    for src, name, text in files:
        if name in opts.summaries:
            diag.add_source(str(src), text)
        elif name in opts.parsed:
            diag.add_source(str(src), text)
            by_name[name] = pickle.loads(opts.parsed[name])
    return [by_name[name] for _, name, _ in files if name in by_name]


def _parse_one(job: tuple[str, str, str, bool, bool, int, dict[str, frozenset[str]]]
               ) -> tuple[N.Module | None, bytes | None, DiagnosticSink]:
    """Worker: one file's IR (pickled when asked, and always across processes), and its diagnostics."""
    from transpiler.frontends.python import parse_python  # here: commands that parse no Python skip it

    path, name, text, verify, keep, parent, project = job
    in_worker = os.getpid() != parent
    sink = DiagnosticSink()
    mod = parse_python(path, text, name, sink, project)
    sink.sources.clear()
    if mod is None:
        return None, None, sink
    if verify:
        verify_module(mod)
    if not (keep or in_worker):
        return mod, None, sink
    blob = pickle.dumps(mod, protocol=pickle.HIGHEST_PROTOCOL)
    return (None if in_worker else mod), blob, sink


def emit_all(program: Program, diag: DiagnosticSink, unit: PythonUnit, only: set[str] | None = None,
             jobs: int = 1) -> None:
    names = [name for name in program.modules if (only is None or name in only) and name not in program.stubs]
    texts = _emit_forked(program, names, jobs, diag) if jobs > 1 and len(names) > 1 else None
    for name, info in program.modules.items():
        if name in program.stubs:
            continue
        if texts is not None and name in texts:
            unit.rust_modules[name] = texts[name]
        elif only is None or name in only:
            unit.rust_modules[name] = ModuleEmitter(program, info, diag).emit()
        if info.is_entry:
            unit.entry_modules.append(name)
        if info.node.docstring:
            unit.docstrings[name] = info.node.docstring.splitlines()[0]


_FORKED_PROGRAM: Program | None = None


def _emit_forked(program: Program, names: list[str], jobs: int, diag: DiagnosticSink) -> dict[str, str] | None:
    """Emit modules in forked processes, which share the inferred program without pickling it; None where
    fork is unavailable. Emission only reads the program, so the text is the same as emitting here."""
    global _FORKED_PROGRAM
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    chunks = [names[i::jobs] for i in range(jobs)]
    _FORKED_PROGRAM = program
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_emit_chunk, chunks[1:])
            results.insert(0, _emit_chunk(chunks[0]))
    finally:
        _FORKED_PROGRAM = None
    texts: dict[str, str] = {}
    for chunk_texts, sink in results:
        texts.update(chunk_texts)
        for d in sink.diagnostics:
            if d not in diag.diagnostics:
                diag.diagnostics.append(d)
    return texts


def _emit_chunk(names: list[str]) -> tuple[dict[str, str], DiagnosticSink]:
    program = _FORKED_PROGRAM
    assert program is not None
    sink = DiagnosticSink()
    return {name: ModuleEmitter(program, program.modules[name], sink).emit() for name in names}, sink


def _current_ir(info: ModuleInfo) -> N.Module:
    """A module as passes after collect_symbols see it: its functions' current bodies, then `main`'s."""
    body = [info.functions[s.name].node if isinstance(s, N.FunctionDef) and s.name in info.functions else s
            for s in info.node.body if isinstance(s, N.FunctionDef | N.ClassDef)]
    if info.main is not None:
        body.append(info.main.node)
    return dataclasses.replace(info.node, body=tuple(body))


def _dump(unit: PythonUnit, opts: PipelineOptions, after: str, modules: list[N.Module]) -> None:
    if opts.dump_ir_after == after:
        for m in modules:
            unit.ir_dumps.append(f"== IR of {m.name} after {after} ==\n{print_ir(m)}")


def rust_module_name(name: str) -> str:
    """The Rust module for a Python module: an ASCII identifier that is no keyword and not the crate root."""
    ascii_name = "".join(ch if ch.isascii() and (ch.isalnum() or ch == "_") else ("_" if ch in ".- " else
                                                                                   f"_u{ord(ch):x}_") for ch in name)
    ident = snake(ascii_name)
    if ident.startswith("r#"):
        return ident[2:] + "_mod"
    if ident in ("lib", "main", "mod"):
        return ident + "_mod"  # src/lib.rs is the crate root
    return ident
