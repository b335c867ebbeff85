"""Crate scaffolding from Jinja2 templates (StrictUndefined, typed specs), and rustfmt over every file."""

from __future__ import annotations

import functools
import re
import resource
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class ModuleSpec:
    """One Rust module of a crate's library."""

    name: str
    doc: str
    source: str


@dataclass(frozen=True)
class BinSpec:
    """One binary target: an entry point."""

    name: str
    file: str
    module: str
    source: str
    entry_fn: str = "py_main"


@dataclass
class CrateSpec:
    """One generated crate."""

    name: str
    lib_name: str
    description: str
    source: str
    runtime_path: str
    modules: list[ModuleSpec] = field(default_factory=list)
    bins: list[BinSpec] = field(default_factory=list)
    module_sources: dict[str, str] = field(default_factory=dict)
    runtime_crates: list[str] = field(default_factory=list)
    deps: list[str] = field(default_factory=list)  # crates of the workspace this one needs
    imports: list[str] = field(default_factory=list)  # `dep::module` paths its modules name as `crate::module`


@dataclass
class WorkspaceSpec:
    """The whole output workspace."""

    version: str
    crates: list[CrateSpec] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def workspace_texts(spec: WorkspaceSpec) -> dict[str, str]:
    """The workspace's files (path relative to its root -> text), in the order render_workspace writes them."""
    env = _env()
    out: dict[str, str] = {"Cargo.toml": env.get_template("workspace.Cargo.toml.j2").render(spec=spec)}
    for crate in spec.crates:
        out[f"{crate.name}/Cargo.toml"] = env.get_template("crate.Cargo.toml.j2").render(spec=spec, crate=crate)
        out[f"{crate.name}/src/lib.rs"] = env.get_template("lib.rs.j2").render(spec=spec, crate=crate)
        for mod in crate.modules:
            out[f"{crate.name}/src/{mod.name}.rs"] = crate.module_sources[mod.name].rstrip() + "\n"
        for b in crate.bins:
            out[f"{crate.name}/src/bin/{b.file}.rs"] = env.get_template("bin.rs.j2").render(spec=spec, crate=crate,
                                                                                           bin=b)
    return out


def render_workspace(spec: WorkspaceSpec, root: Path) -> list[Path]:
    """Write the workspace under root; returns the files written (relative to root)."""
    written: list[Path] = []
    for rel, text in workspace_texts(spec).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(Path(rel))
    return written


def runtime_files(runtime_src: Path, names: list[str]) -> dict[str, Path]:
    """The files copy_runtime copies (path under the workspace -> source file)."""
    out: dict[str, Path] = {}
    for crate_dir in sorted(p for p in runtime_src.iterdir() if (p / "Cargo.toml").exists() and p.name in names):
        todo = [crate_dir]
        while todo:
            cur = todo.pop()
            for entry in sorted(cur.iterdir()):
                if entry.name in ("target", "Cargo.lock"):
                    continue
                if entry.is_dir():
                    todo.append(entry)
                elif entry.is_file():
                    out[str(Path("runtime") / crate_dir.name / entry.relative_to(crate_dir))] = entry
    return out


def copy_runtime(runtime_src: Path, dest: Path, names: list[str]) -> list[Path]:
    """Copy the named runtime crates into the workspace (without build outputs)."""
    written: list[Path] = []
    for rel, src in runtime_files(runtime_src, names).items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
        written.append(Path(rel))
    return written


OUT_OF_LINE_MOD = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*;", re.MULTILINE)


def rustfmt(files: list[Path], jobs: int = 1) -> str | None:
    """Format files in place; returns rustfmt's complaint, or None when all went well.

    rustfmt given a path also formats the files of that file's out-of-line `mod m;` declarations, so a crate
    root would format its whole crate again (and two processes could write one file): a file that declares
    such modules is fed to rustfmt on standard input, which formats that text alone. The other files are split
    (by size) among `jobs` rustfmt processes; all of them run at once (rustfmt uses one core)."""
    if not files or shutil.which("rustfmt") is None:
        return None
    roots: list[tuple[Path, str]] = []
    plain: list[tuple[Path, int]] = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        if OUT_OF_LINE_MOD.search(text):
            roots.append((f, text))
        else:
            plain.append((f, len(text)))
    chunks: list[list[Path]] = [[] for _ in range(max(1, min(jobs, len(plain))))]
    sizes = [0] * len(chunks)
    for f, size in sorted(plain, key=lambda fs: -fs[1]):
        i = sizes.index(min(sizes))  # the largest files first, each to the lightest chunk
        chunks[i].append(f)
        sizes[i] += size
    procs = [subprocess.Popen(["rustfmt", "--edition", "2021", *map(str, chunk)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, preexec_fn=_raise_stack_limit)
             for chunk in chunks if chunk]
    # on standard input rustfmt looks for its configuration from the working directory: the file's folder
    piped = [(f, text, subprocess.Popen(["rustfmt", "--edition", "2021"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=f.parent,
                                        preexec_fn=_raise_stack_limit)) for f, text in roots]
    complaints: list[str] = []
    for f, text, proc in piped:
        formatted, err = proc.communicate(text)
        if proc.returncode != 0:
            complaints.append(err.strip().replace("<stdin>", str(f)))
        else:
            f.write_text(formatted, encoding="utf-8")
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            complaints.append(err.strip())
    return "\n".join(complaints) if complaints else None


def _raise_stack_limit() -> None:
    """rustfmt formats on its main thread, whose stack overflows on a function of ~50,000 statements."""
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    want = 1 << 30 if hard == resource.RLIM_INFINITY else min(hard, 1 << 30)
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_STACK, (want, hard))
