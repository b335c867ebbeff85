"""The pass pipeline for Python sources: a straight list of passes, each timed, with IR dumps on request."""

from __future__ import annotations

import dataclasses
import gc
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from transpiler import summary
from transpiler.cache import digest
from transpiler.codegen.rust.crate import rustfmt
from transpiler.codegen.rust.emit_module import ModuleEmitter
from transpiler.codegen.rust.names import snake
from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import nodes as N
from transpiler.ir.printer import print_ir
from transpiler.ir.program import ModuleInfo, Program
from transpiler.ir.verify import verify_module
from transpiler.ir.walk import clear_walk_caches
from transpiler.parallel import ForkedWorkers, balanced_batches, can_fork, fork_map, parallel_map
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
    format_dir: Path | None = None  # rustfmt the emitted modules in a scratch folder made here (PythonUnit.formatted)


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
    pending_parsed: PendingParsed | None = None  # some of `parsed`, still being made
    formatted: dict[str, str] = field(default_factory=dict)  # digest of a module's file text -> rustfmt's output


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
    unit = PythonUnit()
    try:
        _run_python(files, diag, opts, unit)
        if unit.pending_parsed is not None and not diag.has_errors:  # with errors the cache is not saved
            unit.parsed.update(unit.pending_parsed.result())
            unit.pending_parsed = None
        return unit
    finally:
        if unit.pending_parsed is not None:  # not wanted, or stopped by an exception
            unit.pending_parsed.discard()
            unit.pending_parsed = None
        clear_walk_caches()  # they hold this run's trees alive
        if collecting:
            gc.enable()


def _run_python(files: list[tuple[Path, str, str]], diag: DiagnosticSink, opts: PipelineOptions,
                unit: PythonUnit) -> None:
    t0 = time.perf_counter()
    modules = parse_all(files, diag, opts, unit)
    unit.timings["parse"] = time.perf_counter() - t0
    _dump(unit, opts, "parse", modules)
    if diag.has_errors:
        return
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
        return
    t0 = time.perf_counter()
    promote_big_ints(program)
    unit.timings["promote_big_ints"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    lines = sum(text.count("\n") for _, _, text in files)
    jobs = opts.jobs if lines >= opts.parallel_min_lines else 1  # below that, start-up costs more than it saves
    infer_types(program, diag, jobs)
    unit.timings["infer_types"] = time.perf_counter() - t0
    _dump(unit, opts, "infer_types", modules)
    if guard is not None and not guard.held():
        unit.stale_summaries = True
        return
    if diag.has_errors:
        return
    t0 = time.perf_counter()
    fuse_array_exprs(program)
    unit.timings["fuse_array_exprs"] = time.perf_counter() - t0
    _dump(unit, opts, "fuse_array_exprs", [_current_ir(info) for info in program.modules.values()])
    for name, marking_pass in _MARKING_PASSES:
        t0 = time.perf_counter()
        marking_pass(program)
        unit.timings[name] = time.perf_counter() - t0
    if guard is not None and not guard.held():
        unit.stale_summaries = True
        return
    _dump(unit, opts, "prefetch_file_reads", [_current_ir(info) for info in program.modules.values()])
    t0 = time.perf_counter()
    back_end(program, diag, unit, opts, summaries, jobs)
    unit.timings["emit_rust"] = time.perf_counter() - t0


# after inference, in this order: each reads the program and marks it (names are the timings' keys)
_MARKING_PASSES: tuple[tuple[str, Callable[[Program], object]], ...] = (
    ("analyze_mutation", analyze_mutation), ("mark_global_containers", mark_global_containers),
    ("mark_assigned_class_vars", mark_assigned_class_vars), ("mark_shared_classes", mark_shared_classes),
    ("mark_recursion", mark_recursive_functions), ("prefetch_file_reads", prefetch_file_reads))


def parse_all(files: list[tuple[Path, str, str]], diag: DiagnosticSink, opts: PipelineOptions,
              unit: PythonUnit) -> list[N.Module]:
    """Parse and lower every file, in worker processes when `opts.jobs` > 1 and the files are many lines."""
    # `from m import Point`: a capitalised name of a project module is a class, or an enum when m defines or
    # re-exports it so
    project = project_enums(files)
    todo = [(str(path), name, text, opts.verify, opts.keep_parsed, os.getpid(), project)
            for path, name, text in files if name not in opts.parsed and name not in opts.summaries]
    if todo:  # imported here, before any worker is forked, so that no worker imports it again
        import transpiler.frontends.python  # noqa: F401
    results = _parse_jobs(todo, opts, unit)
    by_name: dict[str, N.Module] = {}
    for (path, name, text, *_), (mod, blob, sink) in zip(todo, results, strict=True):
        diag.extend(sink)
        diag.add_source(path, text)
        if blob is not None:
            if opts.keep_parsed:
                unit.parsed[name] = blob
            if mod is None:
                mod = pickle.loads(blob)
        elif mod is not None and opts.keep_parsed and unit.pending_parsed is None:
            unit.parsed[name] = pickle.dumps(mod, protocol=pickle.HIGHEST_PROTOCOL)
        if mod is not None:
            by_name[name] = mod
    for src, name, text in files:
        if name in opts.summaries:
            diag.add_source(str(src), text)
        elif name in opts.parsed:
            diag.add_source(str(src), text)
            by_name[name] = pickle.loads(opts.parsed[name])
    return [by_name[name] for _, name, _ in files if name in by_name]


def _parse_jobs(todo: list[_ParseJob], opts: PipelineOptions, unit: PythonUnit
                ) -> list[tuple[N.Module | None, bytes | None, DiagnosticSink]]:
    """`_parse_one` of every job: in this process, or with forked workers when the files are many lines."""
    def lines(job: _ParseJob) -> int:
        return job[2].count("\n")

    jobs = min(opts.jobs, len(todo))
    if jobs <= 1 or sum(map(lines, todo)) < opts.parallel_min_lines or not can_fork():
        return parallel_map(_parse_one, todo, jobs, weight=lines, min_weight=opts.parallel_min_lines)
    workers = ForkedWorkers(jobs - 1)
    try:
        # a worker pickles its modules and this process unpickles them (as they come back, once its own share is
        # done): this process takes a larger share (the measured balance)
        results, here = workers.map(_parse_one, todo, lines, 1.2, _unpickled)
    except BaseException:
        workers.terminate()
        raise
    if opts.keep_parsed and here:
        # The cache keeps the parsed IR of this process's share too. Pickling it here would cost as much as
        # parsing it again, and a process forked now to pickle it would make this one copy every page it then
        # writes to; so a worker, which does not share the IR, parses those files again and pickles them while
        # this process goes on with the passes.
        unit.pending_parsed = PendingParsed(workers, workers.submit(_parse_for_cache, [todo[i] for i in here]))
    else:
        workers.close()
    return results


def _unpickled(result: tuple[N.Module | None, bytes | None, DiagnosticSink]
               ) -> tuple[N.Module | None, bytes | None, DiagnosticSink]:
    """A worker's `_parse_one` result with its module unpickled (the blob is kept for the cache)."""
    mod, blob, sink = result
    return (pickle.loads(blob) if mod is None and blob is not None else mod), blob, sink


class PendingParsed:
    """The pickled parsed IR of some modules, being made by a worker."""

    def __init__(self, workers: ForkedWorkers, wait: Callable[[], dict[str, bytes]]) -> None:
        self._workers, self._wait = workers, wait

    def result(self) -> dict[str, bytes]:
        """The blobs; empty when the worker failed (the cache then lacks them, and a later run parses again)."""
        try:
            return self._wait()
        except Exception:  # noqa: BLE001 - only the cache loses
            return {}
        finally:
            self._workers.close()

    def discard(self) -> None:
        self._workers.terminate()


def _parse_for_cache(jobs: list[_ParseJob]) -> dict[str, bytes]:
    """Worker: the pickled IR of these files."""
    out: dict[str, bytes] = {}
    for job in jobs:
        _, blob, _ = _parse_one(job)
        if blob is not None:
            out[job[1]] = blob
    return out


_ParseJob = tuple[str, str, str, bool, bool, int, dict[str, frozenset[str]]]


def _parse_one(job: _ParseJob) -> tuple[N.Module | None, bytes | None, DiagnosticSink]:
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
    if not in_worker:
        return mod, None, sink  # parse_all pickles what the cache keeps (`keep`) in the background
    return None, pickle.dumps(mod, protocol=pickle.HIGHEST_PROTOCOL), sink


def back_end(program: Program, diag: DiagnosticSink, unit: PythonUnit, opts: PipelineOptions,
             loaded: dict[str, summary.Summary], jobs: int = 1) -> None:
    """Per module, after the whole-program passes: its Rust (every module, or those of `opts.emit_only`),
    formatted by rustfmt when `opts.format_dir` is set, and its summary when `opts.keep_summaries`. These only
    read the program, so the modules are split across forked processes, which inherit it (nothing is pickled
    but the results), and the results are the same as one process's."""
    names = [name for name in program.modules if name not in program.stubs]
    # imported lazily by the emitter (a cycle): here, once, rather than in each forked worker
    import transpiler.codegen.rust.emit_call  # noqa: F401

    def run(chunk: list[str]) -> _BackEndResult:
        return _back_end_chunk(program, chunk, opts, loaded)

    weights = {name: program.modules[name].node.span.end_line for name in names}  # lines
    # groups of about equal lines, each in program order
    chunks = [[name for _, name in sorted(group)]
              for group in balanced_batches(list(enumerate(names)), jobs, weights.__getitem__)] \
        if jobs > 1 else [names]
    results = fork_map(run, chunks, len(chunks) - 1, first_here=True) if len(chunks) > 1 else None
    if results is None:
        results = [run(names)]
    emitted: dict[str, str] = {}
    for res in results:
        emitted.update(res.texts)
        unit.summaries.update(res.summaries)
        unit.influencers.update(res.influencers)
        unit.formatted.update(res.formatted)
        diag.extend(res.sink)
    for name, info in program.modules.items():
        if name in program.stubs:
            continue
        if name in emitted:
            unit.rust_modules[name] = emitted[name]
        if info.is_entry:
            unit.entry_modules.append(name)
        if info.node.docstring:
            unit.docstrings[name] = info.node.docstring.splitlines()[0]
    if opts.keep_summaries:
        unit.timings["summaries"] = sum(res.summary_seconds for res in results) / len(results)


@dataclass
class _BackEndResult:
    texts: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, bytes] = field(default_factory=dict)
    influencers: dict[str, frozenset[str]] = field(default_factory=dict)
    formatted: dict[str, str] = field(default_factory=dict)
    sink: DiagnosticSink = field(default_factory=DiagnosticSink)
    summary_seconds: float = 0.0


def _back_end_chunk(program: Program, names: list[str], opts: PipelineOptions,
                    loaded: dict[str, summary.Summary]) -> _BackEndResult:
    res = _BackEndResult()
    sink = res.sink
    for name in names:
        if opts.emit_only is None or name in opts.emit_only:
            res.texts[name] = ModuleEmitter(program, program.modules[name], sink).emit()
    if opts.keep_summaries:
        t0 = time.perf_counter()
        for name in names:
            info = program.modules[name]
            sources = {src for src, _ in info.imported_names.values()} | set(info.imported_modules.values())
            inherited = frozenset().union(*(loaded[m].influencers for m in sources if m in loaded))
            made = summary.summarize(info, BINDERS.by_id, inherited)
            res.summaries[name] = summary.dumps(made)
            res.influencers[name] = made.influencers
        res.summary_seconds = time.perf_counter() - t0
    if opts.format_dir is not None and res.texts and not sink.has_errors:
        res.formatted = _rustfmt_texts(list(res.texts.values()), opts.format_dir)
    return res


def module_file_text(text: str) -> str:
    """The text of the file a module's Rust goes to (codegen/rust/crate.py writes it so)."""
    return text.rstrip() + "\n"


def _rustfmt_texts(texts: list[str], where: Path) -> dict[str, str]:
    """rustfmt's output for each module's file text, by digest of that text; empty when rustfmt is missing or
    complains (the files are then formatted with the rest of the workspace, which reports the complaint)."""
    files = {digest(module_file_text(t)): module_file_text(t) for t in texts}
    try:
        where.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".transpile-fmt-", dir=where) as tmp:
            paths = {h: Path(tmp) / f"m{i}.rs" for i, h in enumerate(files)}
            for h, path in paths.items():
                path.write_text(files[h], encoding="utf-8")
            if rustfmt(list(paths.values())) is not None:
                return {}
            return {h: path.read_text(encoding="utf-8") for h, path in paths.items()}
    except OSError:
        return {}


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
