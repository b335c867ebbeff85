"""The workspace layout: which crate each generated Rust module goes to, and how the crates depend on each other.

- Python: the modules directly in the project folder (scripts, and the modules they share) form one crate
  named after the project; each top-level package (a folder of modules, with or without `__init__.py`) is a
  crate of its own, named after the folder. Entry points are binaries of their module's crate. Packages
  that need each other in a cycle are merged into one crate, as cargo forbids cyclic dependencies.
- C: one crate per program (a file with `main`, with the files it links, which the frontend translates
  into that program's module).
- Shell: one crate for the scripts.

A crate needs another when a module of it imports a module of the other (the project graph's edges), or
when its generated Rust names one: whole-program inference can make a helper in a package take a class
defined by the script that calls it, and a class hierarchy is emitted with its root class. The emitted
code names a module of its program as `crate::<module>` wherever that module lives, so the emitted text
does not depend on the layout (the incremental cache keeps it as it is); a crate's `lib.rs` brings each
module of another crate that its code names into its root with `use ::dep::module;`.

```
project/app/__init__.py, app/stats.py      ->  app/ (lib: app, app_stats)
project/summarize.py imports app.stats     ->  project/ (lib: summarize; bin summarize; depends on app)
project/tools/wc.c                         ->  wc/ (bin wc)
project/run.sh                             ->  project_sh/ (bin run)
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from transpiler.graph import ProjectGraph
from transpiler.units import BinTarget, LangUnit

# Names a generated crate cannot take: the runtime crates, the standard crates, folders of the workspace.
RESERVED = frozenset({"pyrt", "pyarray", "pyweb", "crt", "shrt", "std", "core", "alloc", "proc_macro", "test",
                      "build", "runtime", "target", "src", "self", "super", "crate"})
SUFFIX = {"python": "py", "c": "c", "shell": "sh"}
# a path from the crate root to a module (`crate::name`), outside string and char literals and comments
_CRATE_PATH = re.compile(r"\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])'|//[^\n]*|\bcrate::(\w+)")


@dataclass
class CratePlan:
    """One crate of the workspace, before it is rendered."""

    name: str
    language: str
    description: str
    modules: dict[str, str] = field(default_factory=dict)  # rust module name -> text
    module_docs: dict[str, str] = field(default_factory=dict)
    bins: list[BinTarget] = field(default_factory=list)
    runtime_crates: list[str] = field(default_factory=list)
    deps: list[str] = field(default_factory=list)  # other crates of the workspace
    imports: list[tuple[str, str]] = field(default_factory=list)  # (crate, module) named as crate::module


@dataclass
class _Group:
    """Modules of one language unit that go to one crate."""

    unit: LangUnit
    preferred: str  # the name the crate gets unless another crate has it
    description: str
    modules: list[str]
    members: tuple[str, ...] = ()  # Python: the folders (top-level packages, "" for the root) it holds


def crate_ident(raw: str) -> str:
    """`raw` as a crate name cargo and rustc accept: lower-case ASCII letters, digits and `_`."""
    from transpiler.codegen.rust.names import RUST_KEYWORDS

    name = re.sub(r"[^A-Za-z0-9_]", "_", raw).lower().strip("_") or "app"
    if name[0].isdigit():
        name = "p" + name
    if name in RUST_KEYWORDS:
        name += "_app"
    return name


def referenced_modules(text: str) -> set[str]:
    """The modules a generated Rust module names through `crate::<module>` (paths in code, not in literals or
    comments; generated literals do not span lines, so only the lines that mention `crate::` are lexed)."""
    out: set[str] = set()
    start = text.find("crate::")
    while start >= 0:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        out.update(m.group(1) for m in _CRATE_PATH.finditer(text, line_start, line_end) if m.group(1))
        start = text.find("crate::", line_end)
    return out


def plan_crates(units: list[LangUnit], graph: ProjectGraph, base: str, project: str) -> list[CratePlan]:
    """The crates for `units`, in dependency order (a crate after those it needs). `base` is the project's
    crate name (the file stem or folder name), `project` its name for descriptions."""
    python = next((u for u in units if u.language == "python"), None)
    refs = {m: referenced_modules(t) for m, t in python.rust_modules.items()} if python is not None else {}
    groups: list[_Group] = []
    for unit in units:
        if unit.language == "python":
            groups.extend(_python_groups(unit, graph, refs, base, project))
        elif unit.language == "c":
            for b in sorted(unit.bins, key=lambda b: str(b.source)):
                groups.append(_Group(unit, crate_ident(b.name), f"Rust translation of the C program "
                                     f"{_rel(b.source, graph.root)} of {project}", [b.module]))
        else:
            groups.append(_Group(unit, f"{base}_{SUFFIX.get(unit.language, unit.language)}",
                                 f"Rust translation of the {unit.language} scripts of {project}",
                                 list(unit.rust_modules)))
    names = _assign_names(groups)
    plans: dict[str, CratePlan] = {}
    for name, g in zip(names, groups, strict=True):
        unit = g.unit
        plan = CratePlan(name, unit.language, g.description)
        for m in g.modules:
            plan.modules[m] = unit.rust_modules[m]
            if m in unit.module_docs:
                plan.module_docs[m] = unit.module_docs[m]
        plan.bins = [b for b in unit.bins if b.module in plan.modules]
        plan.runtime_crates = _runtime_crates(unit, plan.modules)
        plans[name] = plan
    # dependencies between Python crates: the imports between their files, and the modules their Rust names
    py_crate = {m: name for name, g in zip(names, groups, strict=True) if g.unit is python for m in g.modules}
    deps: dict[str, set[str]] = {name: set() for name in plans}
    rust_of_file = {src: m for m, src in python.sources.items()} if python is not None else {}
    for a, b in graph.graph.edges:
        ma, mb = rust_of_file.get(a), rust_of_file.get(b)
        if ma in py_crate and mb in py_crate and py_crate[ma] != py_crate[mb]:
            deps[py_crate[ma]].add(py_crate[mb])
    for name, plan in plans.items():
        if plan.language != "python":
            continue
        imports = {(py_crate[m], m) for module in plan.modules for m in refs[module]
                   if m in py_crate and py_crate[m] != name}
        deps[name].update(dep for dep, _ in imports)
        plan.imports = sorted(imports)
    order = nx.DiGraph()
    order.add_nodes_from(plans)
    for name, needs in deps.items():
        order.add_edges_from((dep, name) for dep in needs)
        plans[name].deps = sorted(needs)
    position = {name: i for i, name in enumerate(plans)}
    return [plans[name] for name in nx.lexicographical_topological_sort(order, key=position.__getitem__)]


def _python_groups(unit: LangUnit, graph: ProjectGraph, refs: dict[str, set[str]], base: str,
                   project: str) -> list[_Group]:
    """One group per top-level package, the root's modules in one more; groups that need each other merged."""
    folder = {m: _folder(src, graph.root) for m, src in unit.sources.items() if m in unit.rust_modules}
    for m in unit.rust_modules:
        folder.setdefault(m, "")
    g = nx.DiGraph()
    g.add_nodes_from(sorted(set(folder.values())))
    rust_of_file = {src: m for m, src in unit.sources.items() if m in folder}
    for a, b in graph.graph.edges:
        if a in rust_of_file and b in rust_of_file:
            g.add_edge(folder[rust_of_file[a]], folder[rust_of_file[b]])
    for m in unit.rust_modules:
        for other in refs[m]:
            if other in folder:
                g.add_edge(folder[m], folder[other])
    groups: list[_Group] = []
    for scc in nx.strongly_connected_components(g):
        members = tuple(sorted(scc))
        modules = [m for m in unit.rust_modules if folder[m] in scc]
        if "" in scc:
            preferred = base
            what = f"the Python modules of {project}" if len(members) == 1 else \
                f"the Python modules of {project} and its packages {', '.join(members[1:])} (they need each other)"
        else:
            preferred = "_".join(crate_ident(m) for m in members)
            what = f"the Python package {members[0]}/ of {project}" if len(members) == 1 else \
                f"the Python packages {', '.join(members)} of {project} (they need each other)"
        groups.append(_Group(unit, preferred, f"Rust translation of {what}", modules, members))
    groups.sort(key=lambda grp: grp.members)  # the root's crate first, then the packages by name
    return groups


def _assign_names(groups: list[_Group]) -> list[str]:
    """Each group's crate name: its preferred name, else with its language's suffix, else numbered."""
    taken: set[str] = set()
    names: list[str] = []
    for grp in groups:
        name = crate_ident(grp.preferred)
        if name in RESERVED or name in taken:
            name = f"{name}_{SUFFIX.get(grp.unit.language, grp.unit.language)}"
        stem, n = name, 2
        while name in taken or name in RESERVED:
            name, n = f"{stem}_{n}", n + 1
        taken.add(name)
        names.append(name)
    return names


def _runtime_crates(unit: LangUnit, modules: dict[str, str]) -> list[str]:
    """The runtime crates a crate's modules use (Python: pyarray and pyweb only where its modules do)."""
    if unit.language != "python":
        return list(unit.runtime_crates)
    uses_arrays = any("pyarray::" in t for t in modules.values())
    uses_web = any("pyweb::" in t for t in modules.values())  # a Flask app: axum and tokio
    return ["pyrt"] + (["pyarray"] if uses_arrays else []) + (["pyweb"] if uses_web else [])


def _folder(src: Path, root: Path) -> str:
    """The top-level folder of the project that holds `src`, or "" for a file directly in the project."""
    rel = src.relative_to(root) if src.is_relative_to(root) else Path(src.name)
    return rel.parts[0] if len(rel.parts) > 1 else ""


def _rel(p: Path, root: Path) -> str:
    return p.relative_to(root).as_posix() if p.is_relative_to(root) else p.name
