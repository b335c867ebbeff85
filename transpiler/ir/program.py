"""Whole-program symbol tables the passes share: functions, classes, globals, imports per module."""

from __future__ import annotations

from dataclasses import dataclass, field

from transpiler.ir import nodes as N
from transpiler.ir import types as T


@dataclass(eq=False)
class FuncInfo:
    """A function or method: its node and the types inference settles for it."""

    node: N.FunctionDef
    module: str
    owner: str | None = None  # class name for methods
    param_types: list[T.Type] = field(default_factory=list)
    ret: T.Type = field(default_factory=T.TypeVar)
    locals: dict[str, T.TypeVar] = field(default_factory=dict)
    globals_declared: set[str] = field(default_factory=set)
    mutated_params: set[str] = field(default_factory=set)
    rebound_params: set[str] = field(default_factory=set)
    mutates_self: bool = False
    is_static: bool = False
    is_classmethod: bool = False
    is_property: bool = False
    nested: dict[str, FuncInfo] = field(default_factory=dict)
    returns_alias: bool = False
    captures: set[str] = field(default_factory=set)
    recursive: bool = False  # on a cycle of the call graph (mark_recursive_functions)
    calls: tuple[tuple[object, ...], ...] | None = None  # what the body calls, kept for summaries (mark_recursion)
    big_locals: set[str] = field(default_factory=set)  # int variables that hold arbitrary-precision ints

    @property
    def name(self) -> str:
        return self.node.name


@dataclass(eq=False)
class ClassInfo:
    """A user class: fields in declaration order, methods, class constants, and its kind."""

    node: N.ClassDef
    module: str
    fields: dict[str, T.Type] = field(default_factory=dict)
    field_defaults: dict[str, N.Expr] = field(default_factory=dict)
    methods: dict[str, FuncInfo] = field(default_factory=dict)
    class_vars: dict[str, T.TypeVar] = field(default_factory=dict)
    kind: str = "class"  # class | dataclass | enum | exception
    enum_values: dict[str, N.Expr] = field(default_factory=dict)
    enum_base: str = ""  # "int", "str" or ""
    base: str | None = None
    frozen: bool = False
    order: bool = False
    ascii_hint_fields: set[str] = field(default_factory=set)  # str fields indexed in methods, set in __init__
    setters: dict[str, str] = field(default_factory=dict)  # property -> the method its @x.setter became
    shared: bool = False  # instances are aliased and mutated: `pyrt::Shared` handles (mark_shared_classes)
    assigned_class_vars: set[str] = field(default_factory=set)  # rebound after class creation: per-thread cells

    @property
    def name(self) -> str:
        return self.node.name

    def ctor_params(self) -> list[tuple[str, T.Type, N.Expr | None]]:
        """Constructor parameters: __init__'s, or the dataclass fields."""
        init = self.methods.get("__init__")
        if init is not None:
            ps = init.node.params[1:]
            return [(p.name, init.param_types[i + 1], p.default) for i, p in enumerate(ps)]
        return [(n, t, self.field_defaults.get(n)) for n, t in self.fields.items()]


@dataclass(eq=False)
class ModuleInfo:
    """One module's names."""

    node: N.Module
    name: str
    functions: dict[str, FuncInfo] = field(default_factory=dict)
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    globals: dict[str, T.TypeVar] = field(default_factory=dict)
    global_values: dict[str, N.Expr] = field(default_factory=dict)
    mutated_globals: set[str] = field(default_factory=set)
    imported_modules: dict[str, str] = field(default_factory=dict)  # alias -> module
    imported_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # alias -> (module, name)
    main: FuncInfo | None = None
    is_entry: bool = False
    prefetches: int = 0  # loops prefetch_file_reads rewrote here (their temporaries are numbered program-wide)
    # what this module's code shows mark_shared_classes: the classes it mutates after construction, and those
    # it aliases (methods storing self, globals mutated in functions); kept in summaries for incremental runs
    shared_evidence: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    # the class attributes this module's code rebinds, as (class, attribute) (mark_assigned_class_vars)
    class_var_stores: frozenset[tuple[str, str]] = frozenset()
    # module-level containers code changes in place: per-thread cells (mark_global_containers); and the
    # (module, global) containers this module's own code changes, kept in summaries for incremental runs
    cell_globals: set[str] = field(default_factory=set)
    cell_evidence: frozenset[tuple[str, str]] = frozenset()

    def all_functions(self) -> list[FuncInfo]:
        """The module's functions by kind: module-level functions, methods, then its top-level code, each
        followed by the functions nested in it (depth first). Passes that number what they make rely on this
        order."""
        out: list[FuncInfo] = []
        for fn in self.functions.values():
            _add_depth_first(fn, out)
        for cls in self.classes.values():
            for m in cls.methods.values():
                _add_depth_first(m, out)
        if self.main is not None:
            _add_depth_first(self.main, out)
        return out


@dataclass(eq=False)
class Program:
    """All modules of one transpilation unit."""

    modules: dict[str, ModuleInfo] = field(default_factory=dict)
    # modules loaded as summaries of an earlier run (transpiler/summary.py): inferred, bodies left out; the
    # passes read their symbols but neither walk nor change them
    stubs: set[str] = field(default_factory=set)
    # find_class's index: (the modules dict it indexes, its size then, class name -> class)
    _class_index: tuple[dict[str, ModuleInfo], int, dict[str, ClassInfo]] | None = field(
        default=None, repr=False, compare=False)
    # subclasses' index: (the modules dict, its size then, each class with its ancestors' names, name -> answer)
    _subclass_index: tuple[dict[str, ModuleInfo], int, list[tuple[ClassInfo, set[str]]],
                           dict[str, list[ClassInfo]]] | None = field(default=None, repr=False, compare=False)

    def find_class(self, name: str) -> ClassInfo | None:
        """The class of that name in the first module that has one."""
        index = self._class_index
        if index is None or index[0] is not self.modules or index[1] != len(self.modules):
            classes: dict[str, ClassInfo] = {}
            for m in self.modules.values():
                for cname, cls in m.classes.items():
                    classes.setdefault(cname, cls)
            # (collect_symbols fills a module's classes as it adds the module; nothing adds any later)
            index = self._class_index = (self.modules, len(self.modules), classes)
        return index[2].get(name)

    def all_functions(self) -> list[FuncInfo]:
        """Every function of the program: module-level ones, methods, each module's top-level code, and the
        functions nested in any of them."""
        out: list[FuncInfo] = []
        for mod in self.modules.values():
            stack = list(mod.functions.values()) + [m for c in mod.classes.values() for m in c.methods.values()]
            if mod.main is not None:
                stack.append(mod.main)
            while stack:
                f = stack.pop()
                out.append(f)
                stack.extend(f.nested.values())
        return out

    def ancestors(self, name: str) -> list[ClassInfo]:
        """The class itself, then its bases up to the root of its hierarchy."""
        out: list[ClassInfo] = []
        cur = self.find_class(name)
        while cur is not None and cur not in out:
            out.append(cur)
            cur = self.find_class(cur.base) if cur.base else None
        return out

    def root_of(self, name: str) -> str:
        chain = self.ancestors(name)
        return chain[-1].name if chain else name

    def subclasses(self, name: str) -> list[ClassInfo]:
        """The class and every class deriving from it, in declaration order."""
        index = self._subclass_index
        if index is None or index[0] is not self.modules or index[1] != len(self.modules):
            # every class's ancestors, once (classes and their bases are fixed once collect_symbols added them)
            everyone = [(c, {a.name for a in self.ancestors(c.name)})
                        for m in self.modules.values() for c in m.classes.values()]
            index = self._subclass_index = (self.modules, len(self.modules), everyone, {})
        found = index[3].get(name)
        if found is None:
            found = index[3][name] = [c for c, names in index[2] if name in names]
        return list(found)

    def hierarchy(self, name: str) -> list[ClassInfo]:
        """Every class sharing name's root."""
        return self.subclasses(self.root_of(name))

    def is_subclass(self, sub: str, sup: str) -> bool:
        return any(a.name == sup for a in self.ancestors(sub))

    def common_ancestor(self, a: str, b: str) -> str | None:
        names = [c.name for c in self.ancestors(a)]
        for c in self.ancestors(b):
            if c.name in names:
                return c.name
        return None

    def find_method(self, cls: str, method: str) -> tuple[ClassInfo, FuncInfo] | None:
        """The class whose implementation of `method` an instance of `cls` runs, and that implementation."""
        for c in self.ancestors(cls):
            if method in c.methods:
                return c, c.methods[method]
        return None


def _add_depth_first(fn: FuncInfo, out: list[FuncInfo]) -> None:
    """`fn`, then the functions nested in it, depth first. (A module-level function: a closure calling itself
    would be a reference cycle, left for the cyclic garbage collector.)"""
    out.append(fn)
    for inner in fn.nested.values():
        _add_depth_first(inner, out)
