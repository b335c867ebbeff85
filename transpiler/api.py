"""Library API: `transpile_path` turns a file or folder into a Cargo workspace.

Output is written to a temporary folder and moved into place, so a failed run never leaves a
half-written crate, and files in the output folder that the tool did not generate are never touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from transpiler.codegen.rust.crate import (
    BinSpec,
    CrateSpec,
    ModuleSpec,
    WorkspaceSpec,
    copy_runtime,
    render_workspace,
    rustfmt,
)
from transpiler.diagnostics import DiagnosticSink
from transpiler.ir.span import Span
from transpiler.pipeline import PipelineOptions, PythonUnit, module_name_for, run_python, rust_module_name
from transpiler.units import BinTarget, LangUnit

MANIFEST = ".transpile-manifest.json"
REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_SUFFIXES = {".py": "python", ".c": "c", ".sh": "shell"}


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

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors and self.build_ok is not False


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


def _read_source(path: Path, diag: DiagnosticSink) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        diag.error(Span(str(path), 1, 0, 1, 0), f"cannot read file: {exc.strerror or exc}")
        return None
    if b"\0" in data[:8192]:
        diag.error(Span(str(path), 1, 0, 1, 0), "binary file, not source code")
        return None
    m = re.match(rb"^(?:[^\n]*\n)?[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", data)
    encoding = m.group(1).decode("ascii") if m else "utf-8"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        diag.error(Span(str(path), 1, 0, 1, 0), f"cannot decode source as {encoding}: {exc}")
        return None


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
            if Path(f).suffix in SOURCE_SUFFIXES or (not Path(f).suffix and detect_language(rp / f) != "unknown"):
                found.append(rp / f)
    return found


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
    if lang == "c":
        try:
            from transpiler.frontends.c import transpile_c
        except ImportError:
            for src in files:
                diag.error(Span(str(src), 1, 0, 1, 0), "the C frontend is not available yet")
            return None
        return transpile_c(files, root, diag)
    if lang == "shell":
        try:
            from transpiler.frontends.shell import transpile_shell
        except ImportError:
            for src in files:
                diag.error(Span(str(src), 1, 0, 1, 0), "the shell frontend is not available yet")
            return None
        return transpile_shell(files, root, diag)
    return None


def python_unit(pu: PythonUnit, files: list[Path], root: Path) -> LangUnit:
    unit = LangUnit("python", runtime_crates=["pyrt"], timings=pu.timings, ir_dumps=pu.ir_dumps)
    by_module = {module_name_for(f, root): f for f in files}
    for modname, text in pu.rust_modules.items():
        rname = rust_module_name(modname)
        unit.rust_modules[rname] = text
        if modname in pu.docstrings:
            unit.module_docs[rname] = pu.docstrings[modname]
    for modname in pu.entry_modules:
        stem = modname.rsplit(".", 1)[-1]
        unit.bins.append(BinTarget(stem, rust_module_name(modname), by_module.get(modname, Path(modname))))
    return unit


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
    """Transpile a source file or folder into a Cargo workspace at `out`."""
    path = Path(path)
    out = Path(out)
    diag = DiagnosticSink()
    result = TranspileResult(diag, out)
    t_start = time.perf_counter()
    sources = _discover(path, out, diag)
    root = path.parent if path.is_file() else path
    by_lang: dict[str, list[Path]] = {}
    for src in sources:
        by_lang.setdefault(detect_language(src), []).append(src)
    if not sources and not diag.has_errors:
        diag.error(Span(str(path), 1, 0, 1, 0), "no Python, C or shell sources found")
    opts = PipelineOptions(dump_ir_after=dump_ir_after or ("infer_types" if dump_ir else None))
    units: list[LangUnit] = []
    for lang in ("python", "c", "shell"):
        files = by_lang.get(lang)
        if files:
            unit = run_frontend(lang, files, root, diag, opts)
            if unit is not None:
                units.append(unit)
                result.timings.update({f"{lang}.{k}": v for k, v in unit.timings.items()})
                result.ir_dumps.extend(unit.ir_dumps)
    if diag.has_errors:
        return result

    base = _crate_name(path)
    crates: list[CrateSpec] = []
    seen_bins: dict[str, Path] = {}
    for unit in units:
        name = base if len(units) == 1 else f"{base}_{ {'python': 'py', 'c': 'c', 'shell': 'sh'}[unit.language]}"
        crate = CrateSpec(
            name=name,
            lib_name=name,
            description=f"Rust translation of the {unit.language} sources of {path.name}",
            source=path.name,
            runtime_path="",
            runtime_crates=list(unit.runtime_crates),
        )
        for rname, text in unit.rust_modules.items():
            crate.modules.append(ModuleSpec(rname, unit.module_docs.get(rname, ""), rname))
            crate.module_sources[rname] = text
        for b in unit.bins:
            if b.name in seen_bins:
                diag.error(Span(str(b.source), 1, 0, 1, 0),
                           f"two entry points are both named `{b.name}` (also {seen_bins[b.name]})",
                           "rename one of the files: each binary is named after its file stem")
                continue
            seen_bins[b.name] = b.source
            crate.bins.append(BinSpec(b.name, re.sub(r"[^A-Za-z0-9_-]", "_", b.name), b.module, str(b.source.name),
                                      b.entry_fn))
        crates.append(crate)
    if diag.has_errors:
        return result
    result.binaries = [b.name for c in crates for b in c.bins]
    spec = WorkspaceSpec(version=_version(), crates=crates)

    t0 = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".transpile-", dir=out.parent) as tmp:
        stage = Path(tmp) / "out"
        stage.mkdir()
        needed = sorted({r for c in crates for r in c.runtime_crates})
        if runtime_dir is not None:
            for c in crates:
                c.runtime_path = str(Path(runtime_dir).resolve())
            runtime_files: list[Path] = []
        else:
            runtime_files = copy_runtime(runtime_source(), stage, needed)
            for c in crates:
                c.runtime_path = "../runtime"
        files = render_workspace(spec, stage)
        complaint = rustfmt([stage / f for f in files if f.suffix == ".rs"])
        if complaint:
            diag.error(Span(str(path), 1, 0, 1, 0), "internal error: generated Rust does not parse",
                       complaint.splitlines()[0] if complaint else None)
            return result
        result.files = files + runtime_files
        if not _install(stage, out, result.files, diag):
            return result
    result.timings["write"] = time.perf_counter() - t0
    if build:
        t0 = time.perf_counter()
        proc = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=out, capture_output=True, text=True)
        result.build_ok = proc.returncode == 0
        if not result.build_ok:
            diag.error(Span(str(out / "Cargo.toml"), 1, 0, 1, 0), "cargo build failed",
                       proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else None)
            if log is not None:
                log.write(proc.stderr)
        result.timings["cargo_build"] = time.perf_counter() - t0
    result.timings["total"] = time.perf_counter() - t_start
    if log is not None:
        log.write(f"transpile: wrote {len(result.files)} files to {out}"
                  + (f"; binaries: {', '.join(result.binaries)}" if result.binaries else "") + "\n")
    return result


def _version() -> str:
    from transpiler import __version__

    return __version__


def _install(stage: Path, out: Path, files: list[Path], diag: DiagnosticSink) -> bool:
    """Move staged files into `out`, never overwriting or deleting a file the tool did not generate."""
    manifest_path = out / MANIFEST
    if not out.exists():
        (stage / MANIFEST).write_text(json.dumps(sorted(map(str, files)), indent=1) + "\n")
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
    clashes = [f for f in files if (out / f).exists() and str(f) not in previous]
    if clashes:
        diag.error(Span(str(out / clashes[0]), 1, 0, 1, 0),
                   f"refusing to overwrite {len(clashes)} file(s) that transpile did not generate")
        return False
    for f in files:
        dest = out / f
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / f, dest)
    for stale in previous - {str(f) for f in files}:
        p = out / stale
        if p.is_file() and out.resolve() in p.resolve().parents:
            p.unlink()
    manifest_path.write_text(json.dumps(sorted(map(str, files)), indent=1) + "\n")
    return True


def copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, dirs_exist_ok=True)
