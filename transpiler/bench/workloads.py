"""Reading `bench.toml` files: the workloads of an example (the file format is in README's Benchmarks section).

```toml
[[workload]]
name = "CSV parse 100MB"      # row label
table = "io"                  # "compute" | "io" | "memory" | "serve"
entry = "main.py"             # the program, relative to the example; its Rust binary is the file stem
args = ["{data}/records.csv"]
setup = ["python3", "{example}/gen_data.py", "{data}/records.csv"]   # optional, run once with cwd {data}
notes = "..."                 # optional
stdin = "{data}/input.txt"    # optional: a file fed to standard input (an extension of the shared contract)
smoke = { args = [...] }      # optional overrides for `transpile bench --smoke`
# servers (table "serve", or "memory" with `connections`): baseline = [...] (cwd {example}), path = "/..."
```
Errors are `BenchConfigError`s that render as `file:line:col: error: message`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

TABLES = ("compute", "io", "memory", "serve")
_STR_LISTS = ("args", "setup", "baseline")
_KNOWN = {"name", "table", "entry", "args", "setup", "notes", "smoke", "baseline", "path", "connections", "stdin"}
_SKIP_DIRS = {"target", ".git", "node_modules", "__pycache__", ".venv"}


class BenchConfigError(Exception):
    """A problem in a bench.toml file, located at a line and column."""

    def __init__(self, path: Path, line: int, col: int, message: str, source_line: str = "") -> None:
        super().__init__(message)
        self.path, self.line, self.col, self.message, self.source_line = path, line, col, message, source_line

    def render(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: error: {self.message}"
        if self.source_line:
            text += f"\n    {self.source_line}\n    {' ' * max(self.col - 1, 0)}^"
        return text

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Workload:
    """One `[[workload]]` of a bench.toml, with its example folder resolved."""

    name: str
    table: str
    entry: str
    example: Path
    source: Path  # the bench.toml
    line: int = 1
    args: tuple[str, ...] = ()
    setup: tuple[str, ...] | None = None
    notes: str = ""
    baseline: tuple[str, ...] | None = None
    path: str = "/"
    connections: int | None = None
    stdin: str | None = None  # a file (placeholders expanded) fed to standard input of both programs
    smoke: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def is_server(self) -> bool:
        """Serve workloads and memory rows measured against a server with many connections."""
        return self.table == "serve" or self.connections is not None

    @property
    def kind(self) -> str:
        """The language of the entry program: "python", "c" or "shell"."""
        suffix = Path(self.entry).suffix
        return {".py": "python", ".c": "c", ".sh": "shell"}.get(suffix, "python")

    @property
    def stem(self) -> str:
        return Path(self.entry).stem

    @property
    def key(self) -> str:
        """A stable identifier: the example folder's name and the workload's name."""
        return f"{self.example.name}/{self.name}"

    def for_smoke(self) -> Workload:
        """This workload with the `smoke` overrides applied."""
        if not self.smoke:
            return self
        changes: dict[str, Any] = {}
        for k, v in self.smoke.items():
            changes[k] = tuple(v) if k in _STR_LISTS else v
        return replace(self, **changes)


def expand(items: tuple[str, ...] | list[str], example: Path, data: Path, port: int | None = None) -> list[str]:
    """Substitute {example}, {data} and {port} in each item (other braces are left alone)."""
    out = []
    for s in items:
        s = s.replace("{example}", str(example)).replace("{data}", str(data))
        if port is not None:
            s = s.replace("{port}", str(port))
        out.append(s)
    return out


def find_bench_files(path: Path) -> list[Path]:
    """Every bench.toml at or below `path` (a bench.toml itself, an example folder or a folder of them)."""
    if path.is_file():
        return [path]
    found: list[Path] = []
    for p in sorted(path.rglob("bench.toml")):
        rel = p.relative_to(path).parts[:-1]
        if any(part in _SKIP_DIRS or part.startswith(".") for part in rel):
            continue
        found.append(p)
    return found


def _key_rx(key: str) -> str:
    return rf"^\s*{re.escape(key)}\s*="


def _locate(text: str, pattern: str, start_line: int = 1, at_end: bool = False) -> tuple[int, int, str]:
    """(line, col, line text) of the first match of regex `pattern` at or after `start_line`.

    The column is where the match starts, or with `at_end` where it ends (the value after `key = `).
    """
    lines = text.splitlines()
    rx = re.compile(pattern)
    for i in range(max(start_line - 1, 0), len(lines)):
        m = rx.search(lines[i])
        if m:
            return i + 1, (m.end() if at_end else m.start()) + 1, lines[i]
    if 0 < start_line <= len(lines):
        return start_line, 1, lines[start_line - 1]
    return 1, 1, lines[0] if lines else ""


def _workload_lines(text: str) -> list[int]:
    """The 1-based line of each `[[workload]]` header, in order."""
    return [i + 1 for i, ln in enumerate(text.splitlines()) if re.match(r"\s*\[\[\s*workload\s*\]\]", ln)]


def load_bench_file(path: Path) -> list[Workload]:
    """Parse and check one bench.toml; raises BenchConfigError on the first problem."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        lines = text.splitlines()
        raise BenchConfigError(path, line, col, f"invalid TOML: {re.sub(r' [(]at .*[)]$', '', str(exc))}",
                               lines[line - 1] if 0 < line <= len(lines) else "") from None
    unknown_top = sorted(set(data) - {"workload"})
    if unknown_top:
        ln, col, src = _locate(text, rf"^\s*\[?{re.escape(unknown_top[0])}\b")
        raise BenchConfigError(path, ln, col, f"unknown top-level key {unknown_top[0]!r} (expected [[workload]])",
                               src)
    raw = data.get("workload")
    if not isinstance(raw, list) or not raw:
        raise BenchConfigError(path, 1, 1, "no [[workload]] tables")
    headers = _workload_lines(text)
    example = path.parent.resolve()
    return [_workload(path, text, example, item, headers[i] if i < len(headers) else 1)
            for i, item in enumerate(raw)]


def _workload(path: Path, text: str, example: Path, item: dict[str, Any], line: int) -> Workload:
    def err(key: str, message: str) -> BenchConfigError:
        ln, col, src = _locate(text, rf"\b{re.escape(key)}\s*=\s*", line, at_end=True)
        return BenchConfigError(path, ln, col, message, src)

    warnings = tuple(
        f"{path}:{_locate(text, _key_rx(k), line)[0]}:1: warning: unknown key {k!r} in [[workload]] (ignored)"
        for k in sorted(set(item) - _KNOWN))
    for key in ("name", "table", "entry"):
        if key not in item:
            raise BenchConfigError(path, line, 1, f"[[workload]] needs a {key!r} key", _locate(text, "", line)[2])
        if not isinstance(item[key], str) or not item[key]:
            raise err(key, f"{key!r} must be a non-empty string")
    table = item["table"]
    if table not in TABLES:
        raise err("table", f"unknown table {table!r}; expected one of " + ", ".join(f'"{t}"' for t in TABLES))
    entry = item["entry"]
    if Path(entry).suffix not in (".py", ".c", ".sh"):
        raise err("entry", f"entry {entry!r} must be a .py, .c or .sh program")
    if not (example / entry).is_file():
        raise err("entry", f"entry {entry!r} does not exist in {example}")
    lists: dict[str, tuple[str, ...] | None] = {}
    for key in _STR_LISTS:
        v = item.get(key)
        if v is not None and (not isinstance(v, list) or not all(isinstance(x, str) for x in v)):
            raise err(key, f"{key!r} must be a list of strings")
        lists[key] = tuple(v) if v is not None else None
    for key in ("notes", "path", "stdin"):
        if key in item and not isinstance(item[key], str):
            raise err(key, f"{key!r} must be a string")
    conns = item.get("connections")
    if conns is not None:
        if not isinstance(conns, int) or isinstance(conns, bool) or conns <= 0:
            raise err("connections", "'connections' must be a positive integer")
        if table != "memory":
            raise err("connections", "'connections' belongs to a table = \"memory\" workload")
    smoke = item.get("smoke", {})
    if not isinstance(smoke, dict):
        raise err("smoke", "'smoke' must be an inline table of overrides, e.g. smoke = { args = [\"10\"] }")
    for k, v in smoke.items():
        if k not in _STR_LISTS and k not in ("connections", "path", "stdin"):
            raise err("smoke", f"'smoke' may override args, setup, baseline, path, stdin and connections, not {k!r}")
        if k in _STR_LISTS and (not isinstance(v, list) or not all(isinstance(x, str) for x in v)):
            raise err("smoke", f"smoke.{k} must be a list of strings")
        if k == "connections" and (not isinstance(v, int) or v <= 0):
            raise err("smoke", "smoke.connections must be a positive integer")
    path_value = item.get("path", "/")
    if not path_value.startswith("/"):
        raise err("path", f"'path' must start with '/': {path_value!r}")
    return Workload(
        name=item["name"], table=table, entry=entry, example=example, source=path, line=line,
        args=lists["args"] or (), setup=lists["setup"], notes=item.get("notes", ""), baseline=lists["baseline"],
        path=path_value, connections=conns, stdin=item.get("stdin"), smoke=dict(smoke), warnings=warnings,
    )
