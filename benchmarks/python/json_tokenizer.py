# json_tokenizer: generate a deterministic JSON-like document of N records
# (first argument) with a linear congruential generator, then tokenize it with
# a hand-written lexer. Prints how many tokens of each kind were seen, plus
# checksums of the decoded string and number values.
from __future__ import annotations

import sys
from enum import Enum


class Kind(Enum):
    LBRACE = 1
    RBRACE = 2
    LBRACKET = 3
    RBRACKET = 4
    COLON = 5
    COMMA = 6
    STRING = 7
    NUMBER = 8
    TRUE = 9
    FALSE = 10
    NULL = 11


class Token:
    def __init__(self, kind: Kind, text: str, pos: int) -> None:
        self.kind = kind
        self.text = text
        self.pos = pos


class LexError(Exception):
    pass


PUNCT: dict[str, Kind] = {
    "{": Kind.LBRACE,
    "}": Kind.RBRACE,
    "[": Kind.LBRACKET,
    "]": Kind.RBRACKET,
    ":": Kind.COLON,
    ",": Kind.COMMA,
}

KEYWORDS: dict[str, Kind] = {
    "true": Kind.TRUE,
    "false": Kind.FALSE,
    "null": Kind.NULL,
}

ESCAPES: dict[str, str] = {
    '"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
}


class Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.n = len(text)

    def skip_ws(self) -> None:
        while self.pos < self.n and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def next_token(self) -> Token | None:
        self.skip_ws()
        if self.pos >= self.n:
            return None
        start = self.pos
        ch = self.text[start]
        kind = PUNCT.get(ch)
        if kind is not None:
            self.pos += 1
            return Token(kind, ch, start)
        if ch == '"':
            return Token(Kind.STRING, self.read_string(), start)
        if ch == "-" or ch.isdigit():
            return Token(Kind.NUMBER, self.read_number(), start)
        if ch.isalpha():
            while self.pos < self.n and self.text[self.pos].isalpha():
                self.pos += 1
            word = self.text[start:self.pos]
            if word in KEYWORDS:
                return Token(KEYWORDS[word], word, start)
            raise LexError(f"unknown word {word!r} at {start}")
        raise LexError(f"unexpected character {ch!r} at {start}")

    def read_string(self) -> str:
        self.pos += 1  # opening quote
        parts: list[str] = []
        while True:
            if self.pos >= self.n:
                raise LexError("unterminated string")
            ch = self.text[self.pos]
            if ch == '"':
                self.pos += 1
                return "".join(parts)
            if ch == "\\":
                esc = self.text[self.pos + 1]
                if esc == "u":
                    code = int(self.text[self.pos + 2:self.pos + 6], 16)
                    parts.append(chr(code))
                    self.pos += 6
                else:
                    parts.append(ESCAPES[esc])
                    self.pos += 2
            else:
                parts.append(ch)
                self.pos += 1

    def read_number(self) -> str:
        start = self.pos
        if self.text[self.pos] == "-":
            self.pos += 1
        while self.pos < self.n and self.text[self.pos].isdigit():
            self.pos += 1
        if self.pos < self.n and self.text[self.pos] == ".":
            self.pos += 1
            while self.pos < self.n and self.text[self.pos].isdigit():
                self.pos += 1
        if self.pos < self.n and self.text[self.pos] in "eE":
            self.pos += 1
            if self.text[self.pos] in "+-":
                self.pos += 1
            while self.pos < self.n and self.text[self.pos].isdigit():
                self.pos += 1
        return self.text[start:self.pos]


class Generator:
    WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
             "iota", "kappa", "lambda", "mu", "caf\u00e9", "na\u00efve", "quote\"d",
             "tab\tbed", "line\nbreak", "back\\slash"]

    def __init__(self, seed: int) -> None:
        self.state = seed
        self.out: list[str] = []

    def rand(self, n: int) -> int:
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return (self.state >> 8) % n

    def emit_string(self, s: str) -> None:
        self.out.append('"')
        for ch in s:
            if ch == '"':
                self.out.append('\\"')
            elif ch == "\\":
                self.out.append("\\\\")
            elif ch == "\n":
                self.out.append("\\n")
            elif ch == "\t":
                self.out.append("\\t")
            elif ord(ch) > 127:
                self.out.append(f"\\u{ord(ch):04x}")
            else:
                self.out.append(ch)
        self.out.append('"')

    def emit_number(self) -> None:
        r = self.rand(4)
        if r == 0:
            self.out.append(str(self.rand(100000) - 50000))
        elif r == 1:
            self.out.append(f"{self.rand(1000000) / 1000.0:.3f}")
        elif r == 2:
            self.out.append(f"{self.rand(999) + 1}e{self.rand(10) - 5}")
        else:
            self.out.append(str(self.rand(10)))

    def emit_value(self, depth: int) -> None:
        r = self.rand(10 if depth < 3 else 7)
        if r <= 2:
            self.emit_number()
        elif r <= 4:
            self.emit_string(self.WORDS[self.rand(len(self.WORDS))])
        elif r == 5:
            self.out.append(["true", "false", "null"][self.rand(3)])
        elif r == 6:
            self.out.append(str(depth))
        elif r == 7:
            self.out.append("[")
            for i in range(self.rand(5)):
                if i:
                    self.out.append(", ")
                self.emit_value(depth + 1)
            self.out.append("]")
        else:
            self.emit_object(depth + 1)

    def emit_object(self, depth: int) -> None:
        self.out.append("{")
        for i in range(self.rand(5) + 1):
            if i:
                self.out.append(",")
            self.out.append("\n" + "  " * depth)
            self.emit_string(f"{self.WORDS[self.rand(len(self.WORDS))]}_{i}")
            self.out.append(": ")
            self.emit_value(depth)
        self.out.append("}")

    def document(self, records: int) -> str:
        self.out.append("[")
        for i in range(records):
            if i:
                self.out.append(",\n")
            self.emit_object(1)
        self.out.append("]\n")
        return "".join(self.out)


def main() -> None:
    records = 10000
    if len(sys.argv) > 1:
        records = int(sys.argv[1])
    text = Generator(42).document(records)
    lexer = Lexer(text)
    counts: dict[Kind, int] = {}
    string_chars = 0
    number_sum = 0.0
    depth = 0
    max_depth = 0
    while True:
        tok = lexer.next_token()
        if tok is None:
            break
        counts[tok.kind] = counts.get(tok.kind, 0) + 1
        if tok.kind == Kind.STRING:
            string_chars += len(tok.text)
        elif tok.kind == Kind.NUMBER:
            number_sum += float(tok.text)
        elif tok.kind == Kind.LBRACE or tok.kind == Kind.LBRACKET:
            depth += 1
            max_depth = max(max_depth, depth)
        elif tok.kind == Kind.RBRACE or tok.kind == Kind.RBRACKET:
            depth -= 1
    print(f"document: {len(text)} chars, {records} records")
    for kind in Kind:
        print(f"{kind.name:>8}: {counts.get(kind, 0)}")
    print(f"total tokens: {sum(counts.values())}")
    print(f"string chars: {string_chars}")
    print(f"number sum: {number_sum:.6f}")
    print(f"max depth: {max_depth}")


if __name__ == "__main__":
    main()
