"""The project's dependency graph: Python imports, C `#include`s, shell `source`s and programs run by scripts.

Nodes are source paths; an edge `a -> b` means `a` needs `b` (imports it, includes it, sources it, runs it).
Headers bring in the .c file of the same stem, because that is where what they declare is defined. The
graph decides the order in which language groups are transpiled, which files a change invalidates, and (with
the modules the generated Rust names) which crates of the workspace need which (transpiler/layout.py).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from transpiler.pyimports import RelativeImportError, package_of, resolve_dotted

PY_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import\b|import[ \t]+([\w., \t]+))", re.M)
FROM_NAMES = re.compile(r"[ \t]*(?:\(([^)]*)\)|((?:[^\n\\]|\\\n?)*))")  # after `from m import`
COMMENT = re.compile(r"#[^\n]*")
C_INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*"([^"]+)"', re.M)
SH_SOURCE = re.compile(r"^[ \t]*(?:source|\.)[ \t]+([^\s;&|]+)", re.M)
SH_COMMAND_WORD = re.compile(
    r"(?:^|[;&|(`]|\$\(|\bthen\b|\bdo\b|\belse\b)[ \t]*([^\s;&|()`]+)(?:[ \t]+([^\s;&|()`]+))?", re.M)
PYTHON_NAMES = {"python", "python3"}


@dataclass
class ProjectGraph:
    """Files by language and their dependency edges."""

    root: Path
    language: dict[Path, str] = field(default_factory=dict)
    graph: nx.DiGraph = field(default_factory=nx.DiGraph)
    sourced: set[Path] = field(default_factory=set)  # shell files that another script sources

    def programs(self, files: list[Path]) -> list[Path]:
        """The shell files that are programs: not merely sourced by another script, or with a shebang line."""
        out = []
        for f in files:
            if f in self.sourced:
                try:
                    with f.open("rb") as fh:
                        if not fh.read(2) == b"#!":
                            continue
                except OSError:
                    continue
            out.append(f)
        return out

    def dependencies(self, path: Path) -> set[Path]:
        """Everything `path` needs, directly or not."""
        return set(nx.descendants(self.graph, path)) if path in self.graph else set()

    def dependents(self, paths: set[Path]) -> set[Path]:
        """`paths` and every file that needs one of them, directly or not."""
        out = set(paths)
        for p in paths:
            if p in self.graph:
                out |= nx.ancestors(self.graph, p)
        return out

    def group_order(self) -> list[str]:
        """Languages in dependency order: a group comes after the groups it needs (cycles keep scan order)."""
        langs = sorted(set(self.language.values()), key=["python", "c", "shell"].index)
        g = nx.DiGraph()
        g.add_nodes_from(langs)
        for a, b in self.graph.edges:
            la, lb = self.language[a], self.language[b]
            if la != lb:
                g.add_edge(lb, la)
        try:
            return list(nx.lexicographical_topological_sort(g, key=langs.index))
        except nx.NetworkXUnfeasible:
            return langs

    def to_json(self) -> dict[str, list[str]]:
        return {self._rel(a): sorted(self._rel(b) for b in self.graph.successors(a)) for a in self.graph.nodes}

    def _rel(self, p: Path) -> str:
        return str(p.relative_to(self.root)) if p.is_relative_to(self.root) else str(p)


def python_module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    parts = list(rel.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1] or [root.name]
    return ".".join(parts)


def build_graph(root: Path, files: dict[Path, str], texts: dict[Path, str]) -> ProjectGraph:
    """The graph of `files` (path -> language), reading dependencies out of `texts` (path -> source)."""
    pg = ProjectGraph(root, dict(files))
    pg.graph.add_nodes_from(files)
    modules = {python_module_name(p, root): p for p, lang in files.items() if lang == "python"}
    by_rel = {p.relative_to(root) if p.is_relative_to(root) else p: p for p in files}
    resolved = _ResolvedFiles(list(by_rel.values()))
    c_files = {p.with_suffix(""): p for p in files if p.suffix == ".c"}
    for path, lang in files.items():
        text = texts.get(path, "")
        deps: set[Path] = set()
        if lang == "python":
            deps = _python_deps(path, root, text, modules)
        elif lang == "c":
            deps = _c_deps(path, root, text, resolved)
            if path.suffix == ".h" and path.with_suffix("") in c_files:
                deps.add(c_files[path.with_suffix("")])
        elif lang == "shell":
            sourced: set[Path] = set()
            deps = _shell_deps(path, root, text, resolved, files, sourced)
            pg.sourced |= sourced - {path}
        for d in deps:
            if d != path:
                pg.graph.add_edge(path, d)
    return pg


def _python_deps(path: Path, root: Path, text: str, modules: dict[str, Path]) -> set[Path]:
    deps: set[Path] = set()
    package = package_of(python_module_name(path, root), path)
    for m in PY_IMPORT.finditer(text):
        written = m.group(1)
        names = [written] if written is not None else [n.split()[0] for n in m.group(2).split(",") if n.strip()]
        for name in names:
            try:
                name = resolve_dotted(name, package)  # `from .geo import P` in pkg/m.py: pkg.geo
            except RelativeImportError:
                continue  # the frontend reports it
            parts = name.split(".")
            for i in range(len(parts), 0, -1):
                cand = ".".join(parts[:i])
                if cand in modules:
                    deps.add(modules[cand])
                    break
            if written is not None:  # `from pkg import mod` (`from . import mod`) names a submodule
                for sub in _imported_names(text, m.end()):
                    if f"{name}.{sub}" in modules:
                        deps.add(modules[f"{name}.{sub}"])
    return deps


def _imported_names(text: str, start: int) -> list[str]:
    """The names `from m import ...` binds, its `import` keyword ending at `start`: `a, b as c`, or inside
    parentheses, over several lines."""
    m = FROM_NAMES.match(text, start)
    clause = COMMENT.sub("", m.group(1) if m.group(1) is not None else m.group(2)) if m else ""
    return [item.split()[0] for item in clause.replace("\\", " ").split(",") if item.split()]


class _ResolvedFiles:
    """The project's files by their resolved paths, made once (a realpath is several system calls): a
    candidate path names the first file that resolves to it, or (`bare`) whose path without its suffix does."""

    def __init__(self, files: list[Path]) -> None:
        self.files = files
        self._exact: dict[Path, Path] | None = None
        self._either: dict[Path, Path] | None = None

    def exact(self, cand: Path) -> Path | None:
        if self._exact is None:
            self._exact = {}
            for p in self.files:
                self._exact.setdefault(p.resolve(), p)
        return self._exact.get(cand)

    def bare(self, cand: Path) -> Path | None:
        if self._either is None:
            self._either = {}
            for p in self.files:
                self._either.setdefault(p.resolve(), p)
                self._either.setdefault(p.with_suffix("").resolve(), p)
        return self._either.get(cand)


def _c_deps(path: Path, root: Path, text: str, resolved: _ResolvedFiles) -> set[Path]:
    deps: set[Path] = set()
    for inc in C_INCLUDE.findall(text):
        for base in (path.parent, root, root / "include"):
            cand = (base / inc).resolve()
            hit = resolved.exact(cand)
            if hit is not None:
                deps.add(hit)
                break
    return deps


def _shell_deps(path: Path, root: Path, text: str, resolved: _ResolvedFiles, files: dict[Path, str],
                sourced: set[Path]) -> set[Path]:
    deps: set[Path] = set()

    def resolve(word: str) -> Path | None:
        word = word.strip("'\"")
        word = re.sub(r"^\$\{?(?:SCRIPT_DIR|DIR|HERE|ROOT)\}?/", "", word)
        word = re.sub(r"^\$\(dirname[^)]*\)/", "", word)
        for base in (path.parent, root):
            cand = (base / word)
            try:
                cand = cand.resolve()
            except OSError:
                continue
            hit = resolved.bare(cand)
            if hit is not None:
                return hit
        return None

    for word in SH_SOURCE.findall(text):
        hit = resolve(word)
        if hit is not None:
            deps.add(hit)
            sourced.add(hit)
    for m in SH_COMMAND_WORD.finditer(text):
        cmd, arg = m.group(1), m.group(2)
        try:
            cmd = shlex.split(cmd)[0] if cmd else cmd
        except ValueError:
            pass
        target = arg if Path(cmd).name in PYTHON_NAMES and arg else cmd
        if target and ("/" in target or target.endswith(".py")):
            hit = resolve(target)
            if hit is not None and files.get(hit) in ("python", "c", "shell"):
                deps.add(hit)
    return deps
