"""Preprocessing and parsing: `gcc -E` with our own libc headers, then pycparser."""

from __future__ import annotations

import subprocess
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
    text = preprocess(path)
    parser = c_parser.CParser()
    try:
        return parser.parse(text, filename=str(path))
    except c_parser.ParseError as e:  # message is "file:line:col: text"
        msg = str(e)
        parts = msg.split(":", 3)
        if len(parts) == 4 and parts[1].isdigit():
            col = int(parts[2]) - 1 if parts[2].isdigit() else 0
            text = parts[3].strip()
            if text.startswith("before"):
                text = f"syntax error {text}"
            raise ParseError(parts[0], int(parts[1]), max(col, 0), text) from None
        text = msg.split(": ", 1)[-1] if msg.startswith(str(path)) else msg
        raise ParseError(str(path), 1, 0, f"cannot parse: {text} (GNU extensions such as statement expressions "
                         "are not supported)") from None
