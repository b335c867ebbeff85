"""Preprocessing and parsing: `gcc -E` with our own libc headers, then pycparser."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pycparser import c_ast, c_parser

INCLUDE_DIR = Path(__file__).resolve().parent / "include"

# GNU spellings that our headers never produce but programs write; mapped to what pycparser parses.
DEFINES = [
    "-D__attribute__(x)=",
    "-D__extension__=",
    "-D__inline=inline",
    "-D__inline__=inline",
    "-D__restrict=",
    "-D__restrict__=",
    "-D__const=const",
    "-D__signed__=signed",
    "-D__volatile__=volatile",
    "-D__asm__(x)=",
    "-D_Noreturn=",
    "-D__builtin_expect(x, y)=(x)",
    "-U__GNUC__",
    "-U__x86_64__",
    "-D__STDC_VERSION__=199901L",
    "-D__LP64__=1",
    "-D_LP64=1",
    "-D__CHAR_BIT__=8",
    "-D__SIZEOF_INT__=4",
    "-D__SIZEOF_LONG__=8",
    "-D__SIZEOF_POINTER__=8",
]


class ParseError(Exception):
    """A preprocessing or parse failure: (file, line, col, message)."""

    def __init__(self, file: str, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.col = col
        self.message = message


def preprocess(path: Path) -> str:
    cmd = ["gcc", "-E", "-P", "-nostdinc", "-undef", "-std=c99", "-I", str(INCLUDE_DIR), *DEFINES, str(path)]
    cmd.remove("-P")  # keep line markers so spans point into the user's file
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        first = next((ln for ln in proc.stderr.splitlines() if "error" in ln), proc.stderr.strip())
        line = 1
        parts = first.split(":")
        if len(parts) > 2 and parts[1].isdigit():
            line = int(parts[1])
        msg = first.split("error:", 1)[-1].strip() if "error:" in first else first
        raise ParseError(str(path), line, 0, f"preprocessing failed: {msg}")
    return proc.stdout


def parse(path: Path) -> c_ast.FileAST:
    return parse_text(preprocess(path), str(path))


def parse_text(text: str, filename: str) -> c_ast.FileAST:
    """Parse `gcc -E` output. The leading run of header text is parsed once per distinct text and process
    (see `_split_headers`); the AST, coordinates and errors are those of parsing `text` whole."""
    return _assemble(*_parse_parts(text, filename))


def _parse_parts(text: str, filename: str) -> tuple[str | None, list[c_ast.Node]]:
    """The key of the cached header prefix (None: no prefix) and the nodes that follow it."""
    split = _split_headers(text)
    if split is not None:
        try:
            return split[0], _parse_split(*split, filename)
        except c_parser.ParseError:
            pass  # the whole text gives the error, with the coordinates and wording of a plain parse
    return None, _parse_whole(text, filename).ext


def _assemble(key: str | None, own: list[c_ast.Node]) -> c_ast.FileAST:
    if key is None:
        return c_ast.FileAST(own)
    copies: list[c_ast.Node] = pickle.loads(_PREFIXES[key].ext)  # fresh nodes: the translator keys by id(node)
    return c_ast.FileAST(copies + own)


# What a worker sends back for one file: the parse error (file, line, col, message), or the key of its header
# prefix, its own nodes (pickled in a worker, as they are in this process) and the prefixes that worker
# parsed (the others this process has: it parsed them before the worker was forked, or they come with the
# file that made the worker parse them).
Shipped = tuple[tuple[str, int, int, str] | None, str | None, bytes | list[c_ast.Node], dict[str, "_Prefix"]]

_PARENT: list[int] = []  # the id of the process that runs `parse_files` across workers


def _parse_shipped(path: Path) -> Shipped:
    known = set(_PREFIXES)
    try:
        key, own = _parse_parts(preprocess(path), str(path))
    except ParseError as e:
        return (e.file, e.line, e.col, e.message), None, b"", {}
    if os.getpid() in _PARENT:
        return None, key, own, {}
    return None, key, pickle.dumps(own, pickle.HIGHEST_PROTOCOL), {k: _PREFIXES[k] for k in _PREFIXES.keys() - known}


def parse_files(paths: list[Path], sizes: list[int], jobs: int) -> list[c_ast.FileAST | ParseError]:
    """`parse` of each path, or its error, in order: across up to `jobs` processes when the files are large
    enough (their `sizes` in lines) to pay for it. The first file is parsed here before the workers are forked,
    so that they start with its header prefix parsed."""
    out: list[c_ast.FileAST | ParseError] = []
    if jobs <= 1 or len(paths) < 3 or sum(sizes) < PARALLEL_MIN_LINES:
        for path in paths:
            try:
                out.append(parse(path))
            except ParseError as e:
                out.append(e)
        return out
    from transpiler.parallel import parallel_map

    sized = dict(zip(paths, sizes, strict=True))
    _PARENT[:] = [os.getpid()]
    try:
        shipped = [_parse_shipped(paths[0])]
        shipped += parallel_map(_parse_shipped, paths[1:], jobs, weight=lambda p: sized[p] + 100, min_weight=0)
    finally:
        _PARENT.clear()
    for _, _, _, prefixes in shipped:
        for k, prefix in prefixes.items():
            _PREFIXES.setdefault(k, prefix)
    for error, key, own, _ in shipped:
        if error is not None:
            out.append(ParseError(*error))
        else:
            out.append(_assemble(key, pickle.loads(own) if isinstance(own, bytes) else own))
    return out


def clear_cache() -> None:
    """Forget the parsed header prefixes (a run's are of no use to the next, whose headers may differ)."""
    _PREFIXES.clear()


PARALLEL_MIN_LINES = 3000  # measured about break-even (15 files of 200 lines) on a loaded 2-core machine


def _parse_whole(text: str, filename: str) -> c_ast.FileAST:
    parser = c_parser.CParser()
    try:
        return parser.parse(text, filename=filename)
    except c_parser.ParseError as e:  # message is "file:line:col: text"
        msg = str(e)
        parts = msg.split(":", 3)
        if len(parts) == 4 and parts[1].isdigit():
            col = int(parts[2]) - 1 if parts[2].isdigit() else 0
            text = parts[3].strip()
            if text.startswith("before"):
                text = f"syntax error {text}"
            raise ParseError(parts[0], int(parts[1]), max(col, 0), text) from None
        text = msg.split(": ", 1)[-1] if msg.startswith(filename) else msg
        raise ParseError(filename, 1, 0, f"cannot parse: {text} (GNU extensions such as statement expressions "
                         "are not supported)") from None


# A line marker of `gcc -E`: `# LINE "FILE" FLAGS`; flag 1 enters an include, 2 returns from one.
_MARKER = re.compile(r'^# \d+ "((?:[^"\\]|\\.)*)"((?: \d+)*)$', re.MULTILINE)


def _split_headers(text: str) -> tuple[str, str, str] | None:
    """(key, prefix, rest) of `gcc -E` output: the prefix ends where the last return from an include into
    the main file begins; None when no header was included (then the whole text is parsed). The key is the
    prefix with the main file's name left out of its line markers when the main file has no code in the
    prefix (its nodes then hold no coordinates in the main file), else the prefix itself: files that
    include the same headers the same way share one parse."""
    markers = list(_MARKER.finditer(text))
    if not markers:
        return None
    main = markers[0].group(1)
    if not any(" 1 " in f"{m.group(2)} " for m in markers):
        return None
    last_other = max(i for i, m in enumerate(markers) if m.group(1) != main)
    if last_other + 1 == len(markers):
        return None
    back = markers[last_other + 1]  # the return into the main file
    prefix, rest = text[:back.start()], text[back.start():]
    pieces: list[str] = []
    done = 0
    for i, m in enumerate(markers[:last_other + 1]):
        if m.group(1) != main:
            continue
        if text[m.end():markers[i + 1].start()].strip():
            return prefix, prefix, rest
        pieces += [text[done:m.start(1)], "<main>"]
        done = m.end(1)
    pieces.append(text[done:back.start()])
    return "".join(pieces), prefix, rest


@dataclass
class _Prefix:
    """A parsed header prefix: its top-level nodes, pickled so that every translation unit gets its own
    copies, and the file-scope names it declares: typedef names and other identifiers."""

    ext: bytes
    typedefs: list[str]
    identifiers: frozenset[str]


_PREFIXES: dict[str, _Prefix] = {}


def _file_scope(parser: c_parser.CParser) -> dict[str, bool]:
    """The file-scope names pycparser's parser has seen (True: a typedef name, False: any other identifier)."""
    scopes = getattr(parser, "_scope_stack", None)
    if not isinstance(scopes, list) or len(scopes) != 1 or not isinstance(scopes[0], dict):
        raise c_parser.ParseError("pycparser keeps no single file scope here")  # then the whole text is parsed
    return scopes[0]


def _parse_split(key: str, prefix: str, rest: str, filename: str) -> list[c_ast.Node]:
    """The header prefix from the cache (parsed on a miss), then the rest parsed by a parser that knows the
    prefix's typedef names: each is declared again on a line before the rest's first line marker (which
    sets file and line back), and those declarations are dropped. A typedef name of the rest that the
    prefix declared as an identifier is an error of the whole text, so that case parses the whole text."""
    cached = _PREFIXES.get(key)
    if cached is None:
        parser = c_parser.CParser()
        head = parser.parse(prefix, filename=filename)
        scope = _file_scope(parser)
        cached = _Prefix(pickle.dumps(head.ext, pickle.HIGHEST_PROTOCOL),
                         [n for n, is_type in scope.items() if is_type],
                         frozenset(n for n, is_type in scope.items() if not is_type))
        _PREFIXES[key] = cached
    parser = c_parser.CParser()
    redeclare = " ".join(f"typedef int {n};" for n in cached.typedefs)
    tail = parser.parse(f"{redeclare}\n{rest}", filename=filename)
    if any(is_type and n in cached.identifiers for n, is_type in _file_scope(parser).items()):
        raise c_parser.ParseError("a typedef name of the file is an identifier of its headers")
    if len(tail.ext) < len(cached.typedefs):
        raise c_parser.ParseError("the redeclared typedef names did not parse one node each")
    own: list[c_ast.Node] = tail.ext[len(cached.typedefs):]
    return own
