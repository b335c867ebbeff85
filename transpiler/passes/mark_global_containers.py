"""Mark the module-level containers that code changes in place: they live in per-thread cells.

A memo table, a registry or a work list kept at module level and changed from functions
(`cache[n] = r`, `seen.append(x)`, `del pending[k]`, `counts[w] += 1`) is one object that every function sees
change. Such a global becomes a `thread_local!` `RefCell` (the Rust program has one thread, as the Python one),
and codegen borrows it for the shortest span that is safe: one expression or one statement that runs no user
code, so a recursive call made between two uses never meets a borrow still held.

A global is marked when its type is a list, dict, set or deque and some code (a function or a module's
top-level code, of its own module or of one that imports it with `from m import name`) changes it in place by
name, without a local of that name: an item or attribute store under it, an augmented assignment to an item,
`del` of an item, or a call of a mutating method on it.
Globals only read stay plain statics; globals rebound with `global x` are `mutated_globals` already.

Before:  cache: dict[int, int] = {}     def fib(n): ... cache[n] = r
After:   `ModuleInfo.cell_globals` is {"cache"}; codegen emits `CACHE.with_borrow_mut(|cache| ...)`.
"""

from __future__ import annotations

from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.program import FuncInfo, Program
from transpiler.ir.walk import walk_no_defs
from transpiler.passes.analyze_mutation import MUTATING

CONTAINERS = (T.ListT, T.DictT, T.SetT, T.DequeT)
# the methods that change a list, dict, set or deque in place
CHANGING = MUTATING | {"popleft", "appendleft", "extendleft", "rotate", "difference_update", "intersection_update",
                       "symmetric_difference_update", "__setitem__", "__delitem__"}


def mark_global_containers(program: Program) -> Program:
    """Set `ModuleInfo.cell_globals` by the rule in the module docstring."""
    for mod in program.modules.values():
        if mod.name in program.stubs:
            continue  # a summary keeps the evidence its module's code gave
        own = {name for name, t in mod.globals.items() if isinstance(T.resolve(t), CONTAINERS)}
        imported: dict[str, tuple[str, str]] = {}
        for alias, (src, orig) in mod.imported_names.items():
            other = program.modules.get(src)
            if other is not None and orig in other.globals and isinstance(T.resolve(other.globals[orig]), CONTAINERS):
                imported[alias] = (src, orig)
        evidence: set[tuple[str, str]] = set()
        if own or imported:
            for fn in mod.all_functions():
                for name in changed_in_place(fn, own | set(imported), fn is mod.main):
                    evidence.add(imported.get(name, (mod.name, name)) if name not in own else (mod.name, name))
        mod.cell_evidence = frozenset(evidence)
    for mod in program.modules.values():
        mod.cell_globals = {name for other in program.modules.values() for target, name in other.cell_evidence
                            if target == mod.name}
    return program


def root_name(e: N.Expr) -> str | None:
    while isinstance(e, N.Attribute | N.Subscript):
        e = e.value
    return e.id if isinstance(e, N.Name) else None


def changed_in_place(fn: FuncInfo, names: set[str], module_code: bool,
                     body: tuple[N.Stmt, ...] | None = None) -> set[str]:
    """Which of `names` (globals) the code changes in place: `body`, or the whole of `fn` (the module's
    top-level code when `module_code`, where the globals are not locals)."""
    if not module_code:
        names = names - set(fn.locals) - {p.name for p in fn.node.params}
    out: set[str] = set()
    for s in body if body is not None else fn.node.body:
        for n in walk_no_defs(s):
            roots: list[N.Expr] = []
            if isinstance(n, N.Assign):
                roots = [t for t in n.targets if isinstance(t, N.Attribute | N.Subscript)]
            elif isinstance(n, N.AugAssign) and isinstance(n.target, N.Attribute | N.Subscript):
                roots = [n.target]
            elif isinstance(n, N.Delete):
                roots = [t for t in n.targets if isinstance(t, N.Attribute | N.Subscript)]
            elif isinstance(n, N.Call) and isinstance(n.func, N.Attribute) and n.func.attr in CHANGING:
                roots = [n.func.value]
            for r in roots:
                name = root_name(r)
                if name in names:
                    out.add(name)
    return out

