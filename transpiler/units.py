"""What a language frontend hands to the workspace writer: one crate's worth of Rust."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BinTarget:
    """One program entry point: binary `name` runs `module::py_main` (or the frontend's entry fn)."""

    name: str
    module: str
    source: Path
    entry_fn: str = "py_main"


@dataclass
class LangUnit:
    """The Rust a frontend produced for all files of one language."""

    language: str  # "python" | "c" | "shell"
    rust_modules: dict[str, str] = field(default_factory=dict)  # rust module name -> source text
    module_docs: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)  # rust module name -> its source file (Python)
    bins: list[BinTarget] = field(default_factory=list)
    runtime_crates: list[str] = field(default_factory=list)  # folder names under runtime-crates/
    timings: dict[str, float] = field(default_factory=dict)
    ir_dumps: list[str] = field(default_factory=list)
    unsafe_lines: int = 0
