"""The incremental cache: what an earlier run produced, keyed by content hashes.

It lives in the output folder as `target/.transpile-cache.pickle`, beside cargo's build outputs, so that it
is never committed and `cargo clean` clears it. A re-run re-parses only the Python files whose hash changed
(or whose imports turned a class into an enum, or back), re-infers and re-emits only them and the files that
import them (directly or not), against summaries of the other modules (transpiler/summary.py), re-runs a C or
shell group only when one of its files changed, and re-formats only the Rust text rustfmt has not seen. A
cache from another version of the tool, or one that does not load, is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from transpiler.units import LangUnit

CACHE_FILE = Path("target") / ".transpile-cache.pickle"


def digest(data: bytes | str) -> str:
    return hashlib.blake2b(data.encode() if isinstance(data, str) else data, digest_size=16).hexdigest()


@dataclass
class PyModuleEntry:
    """One Python module as an earlier run left it."""

    source_hash: str
    parsed: bytes  # pickled IR, before inference
    rust: str | None = None  # emitted Rust module text
    is_entry: bool = False
    doc: str | None = None
    summary: bytes | None = None  # the inferred module without bodies (transpiler/summary.py)
    influencers: frozenset[str] = frozenset()  # modules whose code decided types in the summary
    imported_kinds: str = ""  # digest of what `parsed` read from the modules it imports (api._imported_kinds)


@dataclass
class Cache:
    """Everything a re-run can reuse."""

    key: str  # tool version and options
    files: dict[str, str] = field(default_factory=dict)  # source path -> content hash
    python: dict[str, PyModuleEntry] = field(default_factory=dict)  # module name -> entry
    units: dict[str, tuple[str, LangUnit]] = field(default_factory=dict)  # language -> (group hash, unit)
    formatted: dict[str, str] = field(default_factory=dict)  # hash of Rust text before rustfmt -> after
    outputs: dict[str, str] = field(default_factory=dict)  # generated file -> content hash

    def python_complete(self) -> bool:
        return all(e.rust is not None for e in self.python.values())


def load(out: Path, key: str) -> Cache:
    """The cache in `out`, or an empty one when there is none usable."""
    path = out / CACHE_FILE
    try:
        with path.open("rb") as fh:
            cache = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return Cache(key)
    if not isinstance(cache, Cache) or cache.key != key:
        return Cache(key)
    return cache


def save(out: Path, cache: Cache) -> None:
    """Write atomically, so an interrupted run leaves the old cache or none."""
    path = out / CACHE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(cache, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
