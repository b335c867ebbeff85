"""Library API: `transpile_project` (and `transpile_path`) turn a file or folder into a Cargo workspace.

Output is written to a temporary folder and moved into place, so a failed run never leaves a
half-written crate, and files in the output folder that the tool did not generate are never touched.
A cache in the output folder makes re-runs redo only what changed (see transpiler/cache.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, cast

from transpiler import cache as C
from transpiler.codegen.rust.crate import (
    BinSpec,
    CrateSpec,
    ModuleSpec,
    WorkspaceSpec,
    runtime_files,
    rustfmt,
    workspace_texts,
)
from transpiler.diagnostics import DiagnosticSink
from transpiler.graph import ProjectGraph, build_graph
from transpiler.ir.span import Span
from transpiler.layout import plan_crates
from transpiler.parallel import default_jobs
from transpiler.pipeline import PipelineOptions, PythonUnit, module_name_for, run_python, rust_module_name
from transpiler.pyimports import project_enums
from transpiler.units import BinTarget, LangUnit

MANIFEST = ".transpile-manifest.json"
REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_SUFFIXES = {".py": "python", ".c": "c", ".h": "c", ".sh": "shell"}
LANGUAGES = ("python", "c", "shell")
Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class FileResult:
    """One source file: its language, whether it transpiled, whether the cache served it."""

    path: str
    language: str
    ok: bool = True
    cached: bool = False
    diagnostics: list[str] = field(default_factory=list)


@dataclass
class TranspileResult:
    """What one run produced: diagnostics, written files, binaries, timings."""

    diagnostics: DiagnosticSink
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    binaries: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    ir_dumps: list[str] = field(default_factory=list)
    build_ok: bool | None = None
    sources: list[FileResult] = field(default_factory=list)
    lines: int = 0
    stale: list[str] | None = None  # with check=True: generated files that differ from what is in out_dir
    changed: list[str] = field(default_factory=list)  # generated files this run wrote with new content
    graph: dict[str, list[str]] = field(default_factory=dict)  # source -> the sources it needs
    inferred: list[str] = field(default_factory=list)  # Python modules this run inferred (not from the cache)

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors and self.build_ok is not False and not self.stale

    @property
    def outputs(self) -> list[Path]:
        """The generated files, relative to `out_dir`."""
        return self.files

    def to_json(self) -> dict[str, Any]:
        """Per-file results, diagnostics and timings, for `--json`."""
        return {
            "ok": self.ok,
            "out": str(self.out_dir),
            "binaries": self.binaries,
            "lines": self.lines,
            "files": [vars(f) for f in self.sources],
            "diagnostics": [
                {"file": d.span.file, "line": d.span.line, "col": d.span.col + 1, "severity": d.severity.value,
                 "message": d.message, "hint": d.hint}
                for d in self.diagnostics.diagnostics
            ],
            "outputs": [str(f) for f in self.files],
            "changed": self.changed,
            "stale": self.stale,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "build_ok": self.build_ok,
            "inferred": self.inferred,
        }


def runtime_source() -> Path:
    for cand in (REPO_ROOT / "runtime-crates", Path(__file__).parent / "runtime"):
        if (cand / "pyrt" / "Cargo.toml").exists():
            return cand
    raise FileNotFoundError("runtime crates not found")


def _crate_name(path: Path) -> str:
    stem = path.stem if path.is_file() else path.resolve().name
    name = re.sub(r"[^A-Za-z0-9_]", "_", stem).lower().strip("_") or "app"
    if name[0].isdigit():
        name = "p" + name
    from transpiler.codegen.rust.names import RUST_KEYWORDS

    if name in ("pyrt", "test", "std", "core", "build", "alloc", "proc_macro") or name in RUST_KEYWORDS:
        name += "_app"
    return name


def _decode(path: Path, data: bytes, diag: DiagnosticSink) -> str | None:
    if b"\0" in data[:8192]:
        diag.error(Span(str(path), 1, 0, 1, 0), "binary file, not source code")
        return None
    m = re.match(rb"^(?:[^\n]*\n)?[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", data)
    encoding = m.group(1).decode("ascii") if m else "utf-8"
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8") and data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"  # CPython accepts a UTF-8 byte-order mark
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        diag.error(Span(str(path), 1, 0, 1, 0), f"cannot decode source as {encoding}: {exc}")
        return None


def _read_source(path: Path, diag: DiagnosticSink) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        diag.error(Span(str(path), 1, 0, 1, 0), f"cannot read file: {exc.strerror or exc}")
        return None
    return _decode(path, data, diag)


def _discover(path: Path, out: Path, diag: DiagnosticSink) -> list[Path]:
    if path.is_file():
        if detect_language(path) == "unknown":
            diag.error(Span(str(path), 1, 0, 1, 0), f"unknown source language for `{path.name}`",
                       "use a .py, .c or .sh file")
            return []
        return [path]
    if not path.is_dir():
        diag.error(Span(str(path), 1, 0, 1, 0), "no such file or folder")
        return []
    found: list[Path] = []
    out_res = out.resolve()
    for root, dirs, files in os.walk(path, followlinks=False):
        rp = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("__pycache__", "target")
                         and (rp / d).resolve() != out_res)
        for f in sorted(files):
            if not (rp / f).is_file():
                continue  # FIFOs, sockets, devices and dangling links are not sources (and may block on open)
            if Path(f).suffix in SOURCE_SUFFIXES or (not Path(f).suffix and detect_language(rp / f) != "unknown"):
                found.append(rp / f)
    return found


_CARGO_RESERVED = {"build", "deps", "examples", "incremental"}


def _binary_name(stem: str, source: Path, diag: DiagnosticSink) -> str:
    """The file stem, or the nearest name cargo accepts for a binary (with a warning saying so)."""
    name = re.sub(r"[^A-Za-z0-9_-]", "_", stem) or "main"
    if name in _CARGO_RESERVED:
        name += "_bin"
    if name != stem:
        diag.warning(Span(str(source), 1, 0, 1, 0), f"the binary for `{source.name}` is named `{name}`: cargo does "
                     f"not accept `{stem}` as a binary name")
    return name


def detect_language(path: Path) -> str:
    """A source file's language, by extension, else by its shebang line."""
    if path.suffix in SOURCE_SUFFIXES:
        return SOURCE_SUFFIXES[path.suffix]
    try:
        with path.open("rb") as fh:
            first = fh.readline(200)
    except OSError:
        return "unknown"
    if first.startswith(b"#!"):
        if b"python" in first:
            return "python"
        if b"bash" in first or first.rstrip().endswith(b"/sh") or b" sh" in first:
            return "shell"
    return "unknown"


def _is_python_entry(text: str) -> bool:
    """Whether a Python file is a program: top-level statements beyond definitions, imports and constants."""
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return False
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Import | ast.ImportFrom):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            continue
        return True
    return False


def entry_point_map(root: Path | str) -> dict[str, str]:
    """Source path (relative to `root`, with `/`) of each program in the project -> its binary's name.

    The shell frontend uses it to run transpiled binaries where a script runs a program of the project:
    `python3 app/main.py` -> `main`; a C program `tools/wc.c` is also listed as `tools/wc` (where the
    gcc build puts it) -> `wc`; a script `run.sh` -> `run`.
    """
    root = Path(root)
    files = _discover(root, root / ".transpile-none", DiagnosticSink()) if root.is_dir() else [root]
    base = root if root.is_dir() else root.parent
    out: dict[str, str] = {}
    for f in files:
        rel = f.relative_to(base).as_posix()
        lang = detect_language(f)
        try:
            text = f.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if lang == "python" and _is_python_entry(text):
            out[rel] = f.stem
        elif lang == "c" and f.suffix == ".c" and re.search(r"\bmain\s*\(", text):
            out[rel] = f.stem
            out[rel[: -len(".c")]] = f.stem
        elif lang == "shell":
            out[rel] = f.stem
    return out


def run_frontend(lang: str, files: list[Path], root: Path, diag: DiagnosticSink,
                 opts: PipelineOptions) -> LangUnit | None:
    """Run one language's frontend and passes over its files."""
    if lang == "python":
        py_files: list[tuple[Path, str, str]] = []
        for src in files:
            text = _read_source(src, diag)
            if text is not None:
                py_files.append((src, module_name_for(src, root), text))
        return python_unit(run_python(py_files, diag, opts), files, root)
    return _foreign_frontend(lang, files, root, diag, opts.jobs)


def _foreign_frontend(lang: str, files: list[Path], root: Path, diag: DiagnosticSink, jobs: int = 1
                      ) -> LangUnit | None:
    sources = [f for f in files if f.suffix != ".h"]
    if lang == "c":
        try:
            from transpiler.frontends.c import transpile_c
        except ImportError:
            for src in sources:
                diag.error(Span(str(src), 1, 0, 1, 0), "the C frontend is not available yet")
            return None
        return transpile_c(sources, root, diag, jobs)
    if lang == "shell":
        try:
            from transpiler.frontends.shell import transpile_shell
        except ImportError:
            for src in sources:
                diag.error(Span(str(src), 1, 0, 1, 0), "the shell frontend is not available yet")
            return None
        return transpile_shell(sources, root, diag)
    return None


def python_unit(pu: PythonUnit, files: list[Path], root: Path) -> LangUnit:
    uses_arrays = any("pyarray::" in t for t in pu.rust_modules.values())
    uses_web = any("pyweb::" in t for t in pu.rust_modules.values())  # a Flask app: axum and tokio
    unit = LangUnit("python", runtime_crates=["pyrt"] + (["pyarray"] if uses_arrays else [])
                    + (["pyweb"] if uses_web else []), timings=pu.timings, ir_dumps=pu.ir_dumps)
    by_module = {module_name_for(f, root): f for f in files}
    for modname, text in pu.rust_modules.items():
        rname = rust_module_name(modname)
        unit.rust_modules[rname] = text
        if modname in by_module:
            unit.sources[rname] = by_module[modname]
        if modname in pu.docstrings:
            unit.module_docs[rname] = pu.docstrings[modname]
    for modname in pu.entry_modules:
        stem = modname.rsplit(".", 1)[-1]
        unit.bins.append(BinTarget(stem, rust_module_name(modname), by_module.get(modname, Path(modname))))
    return unit


class _Run:
    """One run of the whole project: scan, graph, frontends in dependency order, workspace, install."""

    def __init__(self, path: Path, out: Path, jobs: int, opts: PipelineOptions, use_cache: bool,
                 progress: Progress | None) -> None:
        self.path = path
        self.out = out
        self.jobs = jobs
        self.opts = opts
        self.use_cache = use_cache
        self.progress = progress or (lambda phase, done, total: None)
        self.diag = DiagnosticSink()
        self.result = TranspileResult(self.diag, out)
        self.root = path.parent if path.is_file() else path
        self.cache = C.Cache(self._cache_key())
        self.new_cache = C.Cache(self.cache.key)
        self.texts: dict[Path, str] = {}
        self.hashes: dict[Path, str] = {}
        self.cached_files: set[Path] = set()
        self.stale_summaries = False  # an incremental run on summaries found them stale (see python())
        self.preformatted: dict[str, str] = {}  # digest of Rust text -> rustfmt's output, made by the pipeline
        self.graph = ProjectGraph(self.root)

    def _cache_key(self) -> str:
        return C.digest(json.dumps([_version(), _tool_fingerprint(), self.opts.verify, str(self.path.resolve())]))

    def _rel(self, p: Path) -> str:
        return p.relative_to(self.root).as_posix() if p.is_relative_to(self.root) else str(p)

    # ------------------------------------------------------------ phases

    def scan(self) -> tuple[list[Path], ProjectGraph] | None:
        t0 = time.perf_counter()
        sources = _discover(self.path, self.out, self.diag)
        if not sources and not self.diag.has_errors:
            self.diag.error(Span(str(self.path), 1, 0, 1, 0), "no Python, C or shell sources found")
        if self.use_cache:
            self.cache = C.load(self.out, self.cache.key)
        langs: dict[Path, str] = {}
        for src in sources:
            try:
                data = src.read_bytes()
            except OSError as exc:
                self.diag.error(Span(str(src), 1, 0, 1, 0), f"cannot read file: {exc.strerror or exc}")
                continue
            text = _decode(src, data, self.diag)
            if text is None:
                continue
            self.texts[src] = text
            self.hashes[src] = C.digest(data)
            langs[src] = detect_language(src)
            self.result.lines += text.count("\n")
        graph = self.graph = build_graph(self.root, langs, self.texts)
        self.result.graph = graph.to_json()
        self.result.timings["scan"] = time.perf_counter() - t0
        return sources, graph

    def python(self, files: list[Path], graph: ProjectGraph) -> LangUnit | None:
        names = {f: module_name_for(f, self.root) for f in files}
        old = self.cache.python
        kinds = self._imported_kinds(files, names, graph)
        changed = {f for f in files if names[f] not in old or old[names[f]].source_hash != self.hashes[f]
                   or old[names[f]].imported_kinds != kinds[f]}
        removed = set(old) - set(names.values())
        if removed or not self.cache.python_complete() or self.opts.dump_ir_after is not None:
            changed = set(files)
        dirty = graph.dependents(changed) & set(files)
        if dirty and self.use_cache:
            dirty = self._influenced(files, names, dirty, graph)
        pu = self._python_on_summaries(files, names, changed, dirty) if dirty and dirty != set(files) else None
        if pu is None and self.stale_summaries:
            # the dirty modules changed what a summary says (a type it left open, a passing mode, a class now
            # shared): any module may emit differently, so everything runs again
            dirty = set(files)
        if pu is None:
            needed = set(dirty)
            for f in dirty:
                needed |= graph.dependencies(f) & set(files)
            opts = PipelineOptions(dump_ir_after=self.opts.dump_ir_after, verify=self.opts.verify, jobs=self.jobs,
                                   keep_parsed=self.use_cache, parallel_min_lines=self.opts.parallel_min_lines,
                                   emit_only=None if dirty == set(files) else {names[f] for f in dirty},
                                   keep_summaries=self.use_cache, format_dir=self.out.parent)
            opts.parsed = {names[f]: old[names[f]].parsed for f in needed - changed
                           if names[f] in old and old[names[f]].parsed}
            py_files = [(f, names[f], self.texts[f]) for f in files if f in needed]
            pu = run_python(py_files, self.diag, opts) if py_files else PythonUnit()
            self.result.inferred = [names[f] for f in files if f in needed]
        if self.diag.has_errors:
            return None
        self.preformatted.update(pu.formatted)
        entries = set(pu.entry_modules)
        for f in files:
            name = names[f]
            if f in dirty:
                blob = pu.parsed.get(name) or (old[name].parsed if f not in changed else b"")
                self.new_cache.python[name] = C.PyModuleEntry(self.hashes[f], blob, pu.rust_modules.get(name),
                                                              name in entries, pu.docstrings.get(name),
                                                              pu.summaries.get(name),
                                                              pu.influencers.get(name, frozenset()), kinds[f])
            else:
                self.new_cache.python[name] = old[name]
                self.cached_files.add(f)
        merged = PythonUnit(timings=pu.timings, ir_dumps=pu.ir_dumps)
        for f in files:
            e = self.new_cache.python[names[f]]
            if e.rust is not None:
                merged.rust_modules[names[f]] = e.rust
            if e.is_entry:
                merged.entry_modules.append(names[f])
            if e.doc:
                merged.docstrings[names[f]] = e.doc
        return python_unit(merged, files, self.root)

    def _imported_kinds(self, files: list[Path], names: dict[Path, str], graph: ProjectGraph) -> dict[Path, str]:
        """For each module, a digest of what its lowering read from the project modules it imports: which of
        their classes are enums (parse_python's `project`). A module whose import turned `class Color(Enum)`
        into a plain class, or back, is parsed again, as a cold run would."""
        enums = project_enums((f, names[f], self.texts[f]) for f in files)
        python = set(files)
        out: dict[Path, str] = {}
        for f in files:
            imported = sorted((names[d], sorted(enums[names[d]])) for d in graph.graph.successors(f) if d in python)
            out[f] = C.digest(json.dumps(imported)) if imported else ""
        return out

    def _influenced(self, files: list[Path], names: dict[Path, str], dirty: set[Path],
                    graph: ProjectGraph) -> set[Path]:
        """`dirty`, and the modules whose types the code of a dirty module decided (an untyped parameter
        that a dirty module calls with a str, say), and the modules that import those, until none is left."""
        old = self.cache.python
        while True:
            dirty_names = {names[f] for f in dirty}
            more = {f for f in files if f not in dirty and names[f] in old and old[names[f]].influencers & dirty_names}
            if not more:
                return dirty
            dirty |= graph.dependents(more) & set(files)

    def _python_on_summaries(self, files: list[Path], names: dict[Path, str], changed: set[Path],
                             dirty: set[Path]) -> PythonUnit | None:
        """Re-transpile the `dirty` modules against the summaries of all the others; None when a summary is
        missing or when the dirty modules changed one (then everything they need runs again)."""
        old = self.cache.python
        if not self.use_cache or self.opts.dump_ir_after is not None \
                or any(old[names[f]].summary is None for f in files if f not in dirty):
            return None
        opts = PipelineOptions(verify=self.opts.verify, jobs=self.jobs, keep_parsed=True,
                               parallel_min_lines=self.opts.parallel_min_lines, emit_only={names[f] for f in dirty},
                               keep_summaries=True, format_dir=self.out.parent)
        opts.parsed = {names[f]: old[names[f]].parsed for f in dirty - changed if old[names[f]].parsed}
        opts.summaries = {names[f]: cast(bytes, old[names[f]].summary) for f in files if f not in dirty}
        sink = DiagnosticSink()
        pu = run_python([(f, names[f], self.texts[f]) for f in files], sink, opts)
        if pu.stale_summaries:
            self.stale_summaries = True
            return None
        self.diag.extend(sink)
        self.result.inferred = [names[f] for f in files if f in dirty]
        return pu

    def foreign(self, lang: str, files: list[Path], entry_map: dict[str, str]) -> LangUnit | None:
        key = C.digest(json.dumps([[self._rel(f), self.hashes[f]] for f in files] + [sorted(entry_map.items())]))
        hit = self.cache.units.get(lang)
        if hit is not None and hit[0] == key:
            self.new_cache.units[lang] = hit
            self.cached_files.update(files)
            return hit[1]
        for f in files:
            self.diag.add_source(str(f), self.texts[f])
        if lang == "shell":
            files = self.graph.programs(files)  # a library that scripts source is not a binary of its own
        unit = _foreign_frontend(lang, files, self.root, self.diag, self.jobs)
        if unit is not None and not self.diag.has_errors:
            self.new_cache.units[lang] = (key, unit)
        return unit

    def run(self, runtime_dir: Path | None, check: bool) -> TranspileResult:
        result, diag = self.result, self.diag
        t_start = time.perf_counter()
        self.progress("scan", 0, 1)
        scanned = self.scan()
        if scanned is None or diag.has_errors:
            self._file_results()
            return result
        sources, graph = scanned
        by_lang: dict[str, list[Path]] = {}
        for src in sources:
            if src in self.texts:
                by_lang.setdefault(graph.language[src], []).append(src)
        order = [lang for lang in graph.group_order() if lang in by_lang]
        entry_map = entry_point_map(self.path) if "shell" in by_lang else {}
        units: list[LangUnit] = []
        for i, lang in enumerate(order):
            self.progress(f"transpile {lang}", i, len(order))
            t0 = time.perf_counter()
            unit = self.python(by_lang[lang], graph) if lang == "python" else self.foreign(lang, by_lang[lang],
                                                                                            entry_map)
            result.timings[lang] = time.perf_counter() - t0
            if unit is not None:
                units.append(unit)
                result.timings.update({f"{lang}.{k}": v for k, v in unit.timings.items()})
                result.ir_dumps.extend(unit.ir_dumps)
        if diag.has_errors:
            self._file_results()
            return result
        self.progress("write", len(order), len(order) + 1)
        t0 = time.perf_counter()
        crates = self._crates(units)
        result.timings["layout"] = time.perf_counter() - t0
        if diag.has_errors:
            self._file_results()
            return result
        result.binaries = [b.name for c in crates for b in c.bins]
        self._write(crates, runtime_dir, check)
        self._file_results()
        result.timings["total"] = time.perf_counter() - t_start
        self.progress("done", 1, 1)
        return result

    def _crates(self, units: list[LangUnit]) -> list[CrateSpec]:
        """The workspace's crates (transpiler/layout.py decides which module goes where), with checked binaries."""
        crates: list[CrateSpec] = []
        seen_bins: dict[str, Path] = {}
        for plan in plan_crates(units, self.graph, _crate_name(self.path), self.path.name):
            crate = CrateSpec(
                name=plan.name,
                lib_name=plan.name,
                description=plan.description,
                source=self.path.name,
                runtime_path="",
                runtime_crates=plan.runtime_crates,
                deps=plan.deps,
                imports=[f"{dep}::{mod}" for dep, mod in plan.imports],
            )
            for rname, text in plan.modules.items():
                crate.modules.append(ModuleSpec(rname, plan.module_docs.get(rname, ""), rname))
                crate.module_sources[rname] = text
            for b in plan.bins:
                name = _binary_name(b.name, b.source, self.diag)
                if name in seen_bins:
                    self.diag.error(Span(str(b.source), 1, 0, 1, 0),
                                    f"two entry points are both named `{name}` (also {seen_bins[name]})",
                                    "rename one of the files: each binary is named after its file stem")
                    continue
                seen_bins[name] = b.source
                crate.bins.append(BinSpec(name, re.sub(r"[^A-Za-z0-9_-]", "_", name), b.module,
                                          str(b.source.name), b.entry_fn))
            crates.append(crate)
        return crates

    def _write(self, crates: list[CrateSpec], runtime_dir: Path | None, check: bool) -> None:
        """Render, format and install the workspace. Files are built in memory: only the Rust text rustfmt has
        not formatted before goes to disk for it, and only files whose content changed are written."""
        result, diag = self.result, self.diag
        spec = WorkspaceSpec(version=_version(), crates=crates)
        t0 = time.perf_counter()
        needed = sorted({r for c in crates for r in c.runtime_crates})
        runtime: dict[str, Path] = {}
        if runtime_dir is not None:
            for c in crates:
                c.runtime_path = str(Path(runtime_dir).resolve())
        else:
            try:
                runtime = runtime_files(runtime_source(), needed)
            except OSError as exc:
                diag.error(Span(str(self.path), 1, 0, 1, 0), f"cannot copy the runtime crates: {exc}",
                           "reinstall transpile, or pass --runtime-dir")
                return
            for c in crates:
                c.runtime_path = "../runtime"
        texts = workspace_texts(spec)
        if not (self.out / ".gitignore").exists() or ".gitignore" in _manifest(self.out):
            texts[".gitignore"] = "# Generated by transpile: cargo's build outputs and the cache.\n/target/\n"
        t1 = time.perf_counter()
        complaint = self._format(texts)
        result.timings["rustfmt"] = time.perf_counter() - t1
        if complaint:
            diag.error(Span(str(self.path), 1, 0, 1, 0), "internal error: generated Rust does not parse",
                       complaint.splitlines()[0] if complaint else None)
            return
        data = {rel: text.encode("utf-8") for rel, text in texts.items()}
        try:
            for rel, src in runtime.items():
                data[rel] = src.read_bytes()
        except OSError as exc:
            diag.error(Span(str(self.path), 1, 0, 1, 0), f"cannot copy the runtime crates: {exc}",
                       "reinstall transpile, or pass --runtime-dir")
            return
        result.files = [Path(rel) for rel in data]
        for rel, blob in data.items():
            h = C.digest(blob)
            self.new_cache.outputs[rel] = h
            if self.cache.outputs.get(rel) != h or not (self.out / rel).is_file():
                result.changed.append(rel)
        if check:
            result.stale = self._stale(data)
            result.timings["write"] = time.perf_counter() - t0
            return
        if not _install(data, runtime, self.out, diag):
            return
        if self.use_cache:
            try:
                C.save(self.out, self.new_cache)
            except OSError:
                pass
        result.timings["write"] = time.perf_counter() - t0

    def _format(self, texts: dict[str, str]) -> str | None:
        """rustfmt the Rust files whose text it has not formatted before (in place in `texts`); reuse its output
        for the others."""
        todo: list[tuple[str, str]] = []
        for rel, text in texts.items():
            if not rel.endswith(".rs"):
                continue
            h = C.digest(text.encode("utf-8"))
            done = self.cache.formatted.get(h) or self.preformatted.get(h)
            if done is not None:
                texts[rel] = done
                self.new_cache.formatted[h] = done
            else:
                todo.append((rel, h))
        if not todo:
            return None
        self.out.parent.mkdir(parents=True, exist_ok=True)
        # beside the output folder, as the files will be: rustfmt looks for its configuration upwards from a file
        with tempfile.TemporaryDirectory(prefix=".transpile-", dir=self.out.parent) as tmp:
            stage = Path(tmp) / "out"
            for rel, _ in todo:
                (stage / rel).parent.mkdir(parents=True, exist_ok=True)
                (stage / rel).write_text(texts[rel], encoding="utf-8")
            complaint: str | None = rustfmt([stage / rel for rel, _ in todo], self.jobs)
            if complaint is None:
                for rel, h in todo:
                    texts[rel] = self.new_cache.formatted[h] = (stage / rel).read_text(encoding="utf-8")
        return complaint

    def _stale(self, data: dict[str, bytes]) -> list[str]:
        stale: list[str] = []
        for rel, blob in data.items():
            dest = self.out / rel
            if not dest.is_file() or dest.read_bytes() != blob:
                stale.append(rel)
        stale.extend(sorted(_manifest(self.out) - set(data)))
        return stale

    def _file_results(self) -> None:
        per_file: dict[str, list[str]] = {}
        for d in self.diag.diagnostics:
            per_file.setdefault(d.span.file, []).append(d.render(None))
        failed = {d.span.file for d in self.diag.errors()}
        for src, text in self.texts.items():
            del text
            self.result.sources.append(FileResult(
                self._rel(src), detect_language(src), ok=str(src) not in failed, cached=src in self.cached_files,
                diagnostics=per_file.get(str(src), [])))


def transpile_project(
    path: Path | str,
    out: Path | str,
    *,
    jobs: int = 0,
    build: bool = False,
    check: bool = False,
    cache: bool = True,
    runtime_dir: Path | str | None = None,
    dump_ir: bool = False,
    dump_ir_after: str | None = None,
    log: TextIO | None = None,
    progress: Progress | None = None,
) -> TranspileResult:
    """Transpile a source file or a project folder into a Cargo workspace at `out`.

    `jobs` processes parse Python (0: one per core). With `cache`, a re-run redoes only changed files and
    their dependents. With `check`, nothing is written: `result.stale` lists the generated files that are
    out of date (and `result.ok` is False when there are any). `progress(phase, done, total)` is called as
    the run advances.
    """
    path, out = Path(path), Path(out)
    opts = PipelineOptions(dump_ir_after=dump_ir_after or ("infer_types" if dump_ir else None))
    run = _Run(path, out, jobs if jobs > 0 else default_jobs(), opts, cache and not dump_ir and not dump_ir_after,
               progress)
    result = run.run(Path(runtime_dir) if runtime_dir is not None else None, check)
    if build and not result.diagnostics.has_errors and not check:
        t0 = time.perf_counter()
        proc = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=out, capture_output=True, text=True)
        result.build_ok = proc.returncode == 0
        if not result.build_ok:
            result.diagnostics.error(Span(str(out / "Cargo.toml"), 1, 0, 1, 0), "cargo build failed",
                                     proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else None)
            if log is not None:
                log.write(proc.stderr)
        result.timings["cargo_build"] = time.perf_counter() - t0
    if log is not None and not result.diagnostics.has_errors:
        if check:
            log.write(f"transpile: {len(result.stale or [])} stale file(s) in {out}\n")
        else:
            log.write(f"transpile: wrote {len(result.files)} files to {out}"
                      + (f"; binaries: {', '.join(result.binaries)}" if result.binaries else "") + "\n")
    return result


def transpile_path(
    path: Path | str,
    out: Path | str,
    *,
    jobs: int = 1,
    build: bool = False,
    runtime_dir: Path | None = None,
    dump_ir: bool = False,
    dump_ir_after: str | None = None,
    log: TextIO | None = None,
) -> TranspileResult:
    """Transpile a source file or folder into a Cargo workspace at `out` (the first API; see transpile_project)."""
    return transpile_project(path, out, jobs=jobs, build=build, runtime_dir=runtime_dir, dump_ir=dump_ir,
                             dump_ir_after=dump_ir_after, log=log)


_FINGERPRINT: list[str] = []


def _tool_fingerprint() -> str:
    """Sizes and times of the transpiler's own sources and templates: a changed tool invalidates the cache
    (a working checkout changes between releases)."""
    if not _FINGERPRINT:
        pkg = Path(__file__).resolve().parent
        roots = [pkg, pkg.parent / "frontends", pkg.parent / "codegen"]
        parts: list[str] = []
        for root in roots:
            if root.is_dir():
                for f in sorted(root.rglob("*")):
                    if f.suffix in (".py", ".j2", ".h") and "__pycache__" not in f.parts:
                        st = f.stat()
                        parts.append(f"{f.relative_to(root.parent)}:{st.st_size}:{st.st_mtime_ns}")
        _FINGERPRINT.append(C.digest("\n".join(parts)))
    return _FINGERPRINT[0]


def _version() -> str:
    from transpiler import __version__

    return __version__


def _manifest(out: Path) -> set[str]:
    """The files an earlier run generated in `out`."""
    try:
        return set(json.loads((out / MANIFEST).read_text()))
    except (OSError, ValueError):
        return set()


def _install(data: dict[str, bytes], runtime: dict[str, Path], out: Path, diag: DiagnosticSink) -> bool:
    """Write the generated files (path -> content) into `out`, never overwriting or deleting a file the tool did
    not generate, and leaving files whose content is unchanged untouched (cargo rebuilds what is newer)."""
    manifest_path = out / MANIFEST
    manifest = json.dumps(sorted(data), indent=1) + "\n"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".transpile-", dir=out.parent) as tmp:
            stage = Path(tmp) / "out"
            for rel, blob in data.items():
                _put(stage / rel, blob, runtime.get(rel))
            (stage / MANIFEST).write_text(manifest)
            os.replace(stage, out)
        return True
    if not out.is_dir():
        diag.error(Span(str(out), 1, 0, 1, 0), "output path exists and is not a folder")
        return False
    previous: set[str] = set()
    if manifest_path.exists():
        try:
            previous = set(json.loads(manifest_path.read_text()))
        except (ValueError, OSError):
            previous = set()
    elif any(out.iterdir()):
        diag.error(Span(str(out), 1, 0, 1, 0), "output folder is not empty and was not made by transpile",
                   "choose another --out folder, or empty this one")
        return False
    clashes = [f for f in data if (out / f).exists() and f not in previous]
    if clashes:
        diag.error(Span(str(out / clashes[0]), 1, 0, 1, 0),
                   f"refusing to overwrite {len(clashes)} file(s) that transpile did not generate")
        return False
    for rel, blob in data.items():
        dest = out / rel
        if _same_content(dest, blob):
            continue
        tmp_path = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        _put(tmp_path, blob, runtime.get(rel))
        os.replace(tmp_path, dest)
    for stale in previous - set(data):
        p = out / stale
        if p.is_file() and out.resolve() in p.resolve().parents:
            p.unlink()
            _remove_empty_parents(p.parent, out)
    if not _same_content(manifest_path, manifest.encode()):
        manifest_path.write_text(manifest)
    return True


def _remove_empty_parents(folder: Path, out: Path) -> None:
    """Remove `folder` and the folders above it, up to `out`, while they are empty (a crate that the layout no
    longer has); a folder holding anything, a file of the user's say, stays."""
    root = out.resolve()
    while folder.resolve() != root and root in folder.resolve().parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _put(path: Path, blob: bytes, mode_from: Path | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(blob)
    if mode_from is not None:
        shutil.copymode(mode_from, path)


def _same_content(dest: Path, blob: bytes) -> bool:
    try:
        return dest.is_file() and not dest.is_symlink() and dest.read_bytes() == blob
    except OSError:
        return False


def copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, dirs_exist_ok=True)
