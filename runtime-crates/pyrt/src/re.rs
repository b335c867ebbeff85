//! Python's `re` module on top of the `regex` crate.
//!
//! Python patterns are parsed with the rules of CPython 3.11's `re._parser`
//! (same `re.error` messages and positions for malformed patterns) and
//! translated to `regex` syntax: `\w`, `\s`, `\d` and `re.ASCII` get Python's
//! character sets, `\Z` becomes `\z`, `$` keeps Python's "end of string or
//! before a final newline" meaning, verbose mode and inline flags are applied
//! by the translator, and `[`/`&&`/`--` inside classes are literal as in Python.
//! Features the `regex` crate lacks (look-around, backreferences, conditional,
//! atomic and possessive constructs, `\N{...}`) raise `NotImplementedError`.
//!
//! All positions (`start`, `end`, `span`) are code-point indices, as in Python.
//! Iteration (`findall`, `finditer`, `sub`, `split`) follows CPython's rule
//! that an empty match may directly follow a non-empty one.
//!
//! Known deviations: `\b`/`\B` use the `regex` crate's word characters (which
//! also count combining marks and connector punctuation); after an empty match
//! the next match is searched from the next character (CPython would first try
//! a lower-priority non-empty match at the same position, e.g. for `x*?`); with
//! a subject that has several newlines *and* ends with one, a non-`MULTILINE`
//! `$` only matches at the very end.

use crate::exc::{raise, register_exception};
use crate::Dict;
use regex::{CaptureLocations, Regex};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// `re.NOFLAG`.
pub const NOFLAG: i64 = 0;
/// `re.IGNORECASE`.
pub const IGNORECASE: i64 = 2;
/// `re.I`.
pub const I: i64 = IGNORECASE;
/// `re.LOCALE` (rejected for str patterns, as in Python).
pub const LOCALE: i64 = 4;
/// `re.L`.
pub const L: i64 = LOCALE;
/// `re.MULTILINE`.
pub const MULTILINE: i64 = 8;
/// `re.M`.
pub const M: i64 = MULTILINE;
/// `re.DOTALL`.
pub const DOTALL: i64 = 16;
/// `re.S`.
pub const S: i64 = DOTALL;
/// `re.UNICODE` (the default for str patterns).
pub const UNICODE: i64 = 32;
/// `re.U`.
pub const U: i64 = UNICODE;
/// `re.VERBOSE`.
pub const VERBOSE: i64 = 64;
/// `re.X`.
pub const X: i64 = VERBOSE;
/// `re.ASCII`.
pub const ASCII: i64 = 256;
/// `re.A`.
pub const A: i64 = ASCII;

// ---------------------------------------------------------------------------
// Errors

/// Raises `re.error` (a subclass of `Exception`) with CPython's message format:
/// `msg at position N`, plus `(line L, column C)` for multi-line patterns.
fn re_error(msg: &str, pattern: &[char], pos: usize) -> ! {
    register_exception("re.error", "Exception");
    let mut m = format!("{msg} at position {pos}");
    if pattern.contains(&'\n') {
        let before = &pattern[..pos.min(pattern.len())];
        let lineno = before.iter().filter(|c| **c == '\n').count() + 1;
        let colno = match before.iter().rposition(|c| *c == '\n') {
            Some(i) => pos - i,
            None => pos + 1,
        };
        m = format!("{m} (line {lineno}, column {colno})");
    }
    raise("re.error", m)
}

fn not_supported(what: &str) -> ! {
    raise(
        "NotImplementedError",
        format!("re: {what} are not supported by the Rust runtime"),
    )
}

// ---------------------------------------------------------------------------
// Tokenizer (CPython's re._parser.Tokenizer): a token is a character or a
// backslash followed by one character.

#[derive(Clone, Copy, PartialEq, Debug)]
struct Tok {
    c: char,
    esc: bool,
}

impl Tok {
    fn len(self) -> usize {
        if self.esc {
            2
        } else {
            1
        }
    }
    fn text(self) -> String {
        if self.esc {
            format!("\\{}", self.c)
        } else {
            self.c.to_string()
        }
    }
    fn is(self, c: char) -> bool {
        !self.esc && self.c == c
    }
}

struct Tokens {
    p: Vec<char>,
    pos: usize,
}

impl Tokens {
    fn peek(&self) -> Option<Tok> {
        let c = *self.p.get(self.pos)?;
        if c == '\\' {
            match self.p.get(self.pos + 1) {
                Some(&n) => Some(Tok { c: n, esc: true }),
                None => re_error("bad escape (end of pattern)", &self.p, self.p.len() - 1),
            }
        } else {
            Some(Tok { c, esc: false })
        }
    }
    fn get(&mut self) -> Option<Tok> {
        let t = self.peek()?;
        self.pos += t.len();
        Some(t)
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(Tok { c, esc: false }) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn next_is(&self, f: impl Fn(char) -> bool) -> bool {
        matches!(self.peek(), Some(t) if !t.esc && f(t.c))
    }
    fn getwhile(&mut self, n: usize, f: impl Fn(char) -> bool) -> String {
        let mut s = String::new();
        for _ in 0..n {
            match self.peek() {
                Some(t) if !t.esc && f(t.c) => {
                    s.push(t.c);
                    self.pos += 1;
                }
                _ => break,
            }
        }
        s
    }
    fn err(&self, msg: &str, offset: usize) -> ! {
        re_error(msg, &self.p, self.pos - offset)
    }
    /// `getuntil(terminator, name)`.
    fn getuntil(&mut self, term: char, name: &str) -> String {
        let mut result = String::new();
        let mut n = 0;
        loop {
            let t = self.get();
            match t {
                None => {
                    if result.is_empty() {
                        self.err(&format!("missing {name}"), 0);
                    }
                    self.err(&format!("missing {term}, unterminated name"), n);
                }
                Some(t) if t.is(term) => {
                    if result.is_empty() {
                        self.err(&format!("missing {name}"), 1);
                    }
                    return result;
                }
                Some(t) => {
                    result.push_str(&t.text());
                    n += t.len();
                }
            }
        }
    }
}

fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    cs.all(|c| c == '_' || c.is_alphanumeric())
}

fn check_group_name(t: &Tokens, name: &str, offset: usize) {
    if !is_identifier(name) {
        t.err(
            &format!("bad character in group name {}", crate::fmt::str_repr(name)),
            name.chars().count() + offset,
        );
    }
}

// ---------------------------------------------------------------------------
// Translation of a Python pattern to `regex` syntax.

#[derive(Clone, Copy, Default)]
struct St {
    m: bool,
    s: bool,
    x: bool,
    a: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Last {
    Nothing,
    At,
    Repeat,
    Item,
}

/// A parsed class escape.
enum ClassItem {
    Lit(u32),
    Set(&'static str),
}

const PY_FLAGS: &str = "aiLmsux";

fn flag_bit(c: char) -> i64 {
    match c {
        'a' => ASCII,
        'i' => IGNORECASE,
        'L' => LOCALE,
        'm' => MULTILINE,
        's' => DOTALL,
        'u' => UNICODE,
        'x' => VERBOSE,
        _ => 0,
    }
}

const TYPE_FLAGS: i64 = ASCII | LOCALE | UNICODE;

/// A position-dependent assertion between translated pieces.
#[derive(Clone, Copy, PartialEq)]
enum Sep {
    /// Python's non-`MULTILINE` `$`.
    Dollar,
    /// `\B` (its `regex` syntax): CPython never matches it in an empty string.
    NotBoundary(&'static str),
}

struct Translator {
    t: Tokens,
    parts: Vec<String>,
    seps: Vec<Sep>,
    groups: usize,
    names: Vec<(String, usize)>,
    global: St,
    inline_flags: i64,
}

/// A `regex` class that matches nothing.
const NEVER: &str = "[^\\x{0}-\\x{10FFFF}]";

fn push_lit(out: &mut String, c: u32) {
    match char::from_u32(c) {
        Some(ch) if ch.is_ascii_alphanumeric() || !ch.is_ascii() => out.push(ch),
        Some(_) => out.push_str(&format!("\\x{{{c:X}}}")),
        // A lone surrogate can never occur in a Rust string.
        None => out.push_str(NEVER),
    }
}

fn set_syntax(name: &str, ascii: bool, in_class: bool) -> &'static str {
    match (name, ascii, in_class) {
        ("d", true, true) => "0-9",
        ("d", true, false) => "[0-9]",
        ("d", false, _) => "\\d",
        ("D", true, _) => "[^0-9]",
        ("D", false, _) => "\\D",
        ("w", true, true) => "0-9A-Za-z_",
        ("w", true, false) => "[0-9A-Za-z_]",
        ("w", false, true) => "\\p{L}\\p{N}_",
        ("w", false, false) => "[\\p{L}\\p{N}_]",
        ("W", true, _) => "[^0-9A-Za-z_]",
        ("W", false, _) => "[^\\p{L}\\p{N}_]",
        ("s", true, true) => "\\t\\n\\x0B\\x0C\\r ",
        ("s", true, false) => "[\\t\\n\\x0B\\x0C\\r ]",
        ("s", false, true) => "\\s\\x1C-\\x1F",
        ("s", false, false) => "[\\s\\x1C-\\x1F]",
        ("S", true, _) => "[^\\t\\n\\x0B\\x0C\\r ]",
        _ => "[^\\s\\x1C-\\x1F]",
    }
}

impl Translator {
    fn out(&mut self) -> &mut String {
        self.parts.last_mut().expect("parts is never empty")
    }

    fn err(&self, msg: &str, offset: usize) -> ! {
        self.t.err(msg, offset)
    }

    /// Hex/unicode/octal escapes shared by `_escape` and `_class_escape`;
    /// returns the code point or `None` when `c` is not such an escape.
    fn numeric_escape(&mut self, c: char) -> Option<u32> {
        let (n, prefix) = match c {
            'x' => (2, "\\x"),
            'u' => (4, "\\u"),
            'U' => (8, "\\U"),
            'N' => not_supported("\\N{...} named character escapes"),
            _ => return None,
        };
        let digits = self.t.getwhile(n, |c| c.is_ascii_hexdigit());
        let esc = format!("{prefix}{digits}");
        if digits.len() != n {
            self.err(&format!("incomplete escape {esc}"), esc.chars().count());
        }
        let v = u32::from_str_radix(&digits, 16).unwrap_or(u32::MAX);
        if v > 0x10FFFF {
            self.err(&format!("bad escape {esc}"), esc.chars().count());
        }
        Some(v)
    }

    fn simple_escape(c: char) -> Option<u32> {
        Some(match c {
            'a' => 7,
            'f' => 12,
            'n' => 10,
            'r' => 13,
            't' => 9,
            'v' => 11,
            '\\' => 92,
            _ => return None,
        })
    }

    /// `_class_escape`.
    fn class_escape(&mut self, tok: Tok) -> ClassItem {
        let c = tok.c;
        if c == 'b' {
            return ClassItem::Lit(8);
        }
        if let Some(v) = Self::simple_escape(c) {
            return ClassItem::Lit(v);
        }
        if matches!(c, 'd' | 'D' | 's' | 'S' | 'w' | 'W') {
            return ClassItem::Set(match c {
                'd' => "d",
                'D' => "D",
                's' => "s",
                'S' => "S",
                'w' => "w",
                _ => "W",
            });
        }
        if let Some(v) = self.numeric_escape(c) {
            return ClassItem::Lit(v);
        }
        if ('0'..='7').contains(&c) {
            let more = self.t.getwhile(2, |c| ('0'..='7').contains(&c));
            let esc = format!("\\{c}{more}");
            let v = u32::from_str_radix(&esc[1..], 8).unwrap_or(0);
            if v > 0o377 {
                self.err(
                    &format!("octal escape value {esc} outside of range 0-0o377"),
                    esc.len(),
                );
            }
            return ClassItem::Lit(v);
        }
        if c.is_ascii_alphanumeric() {
            self.err(&format!("bad escape \\{c}"), 2);
        }
        ClassItem::Lit(c as u32)
    }

    /// `_escape` (outside classes): emits the translation, returns its kind.
    fn escape(&mut self, tok: Tok, st: St) -> Last {
        let c = tok.c;
        let s: String = match c {
            'A' => {
                self.out().push_str("\\A");
                return Last::At;
            }
            'Z' => {
                self.out().push_str("\\z");
                return Last::At;
            }
            'b' => {
                let s = if st.a { "(?-u:\\b)" } else { "\\b" };
                self.out().push_str(s);
                return Last::At;
            }
            'B' => {
                let s = if st.a { "(?-u:\\B)" } else { "\\B" };
                self.seps.push(Sep::NotBoundary(s));
                self.parts.push(String::new());
                return Last::At;
            }
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => set_syntax(&c.to_string(), st.a, false).into(),
            _ => {
                let v = if let Some(v) = Self::simple_escape(c) {
                    v
                } else if let Some(v) = self.numeric_escape(c) {
                    v
                } else if c == '0' {
                    let more = self.t.getwhile(2, |c| ('0'..='7').contains(&c));
                    u32::from_str_radix(&format!("0{more}"), 8).unwrap_or(0)
                } else if c.is_ascii_digit() {
                    let mut esc = format!("\\{c}");
                    if let Some(t) = self.t.peek().filter(|t| !t.esc && t.c.is_ascii_digit()) {
                        self.t.pos += 1;
                        esc.push(t.c);
                        let is_oct = |c: char| ('0'..='7').contains(&c);
                        let b = esc.as_bytes();
                        if is_oct(b[1] as char) && is_oct(b[2] as char) && self.t.next_is(is_oct) {
                            let t3 = self.t.get().expect("peeked");
                            esc.push(t3.c);
                            let v = u32::from_str_radix(&esc[1..], 8).unwrap_or(0);
                            if v > 0o377 {
                                self.err(
                                    &format!("octal escape value {esc} outside of range 0-0o377"),
                                    esc.len(),
                                );
                            }
                            push_lit(self.out(), v);
                            return Last::Item;
                        }
                    }
                    let group: usize = esc[1..].parse().unwrap_or(usize::MAX);
                    if group <= self.groups {
                        not_supported("backreferences");
                    }
                    self.err(&format!("invalid group reference {group}"), esc.len() - 1);
                } else if c.is_ascii_alphabetic() {
                    self.err(&format!("bad escape \\{c}"), 2);
                } else {
                    c as u32
                };
                let mut s = String::new();
                push_lit(&mut s, v);
                s
            }
        };
        self.out().push_str(&s);
        Last::Item
    }

    fn class(&mut self, st: St) {
        let here = self.t.pos - 1;
        let negate = self.t.eat('^');
        let mut items: Vec<String> = Vec::new();
        let unterminated =
            |tr: &Translator| -> ! { tr.err("unterminated character set", tr.t.pos - here) };
        let emit_item = |st: St, it: &ClassItem| -> String {
            match it {
                ClassItem::Lit(v) => {
                    let mut s = String::new();
                    push_lit(&mut s, *v);
                    s
                }
                ClassItem::Set(n) => set_syntax(n, st.a, true).to_string(),
            }
        };
        loop {
            let Some(this) = self.t.get() else {
                unterminated(self)
            };
            if this.is(']') && !items.is_empty() {
                break;
            }
            let code1 = if this.esc {
                self.class_escape(this)
            } else {
                ClassItem::Lit(this.c as u32)
            };
            if self.t.eat('-') {
                let Some(that) = self.t.get() else {
                    unterminated(self)
                };
                if that.is(']') {
                    items.push(emit_item(st, &code1));
                    items.push("\\x{2D}".into());
                    break;
                }
                let code2 = if that.esc {
                    self.class_escape(that)
                } else {
                    ClassItem::Lit(that.c as u32)
                };
                let msg = format!("bad character range {}-{}", this.text(), that.text());
                let off = this.len() + 1 + that.len();
                match (code1, code2) {
                    (ClassItem::Lit(lo), ClassItem::Lit(hi)) => {
                        if hi < lo {
                            self.err(&msg, off);
                        }
                        // Clamp away surrogates, which Rust strings cannot hold.
                        let lo = if (0xD800..0xE000).contains(&lo) {
                            0xE000
                        } else {
                            lo
                        };
                        let hi = if (0xD800..0xE000).contains(&hi) {
                            0xD7FF
                        } else {
                            hi
                        };
                        if lo <= hi {
                            let mut s = String::new();
                            push_lit(&mut s, lo);
                            s.push('-');
                            push_lit(&mut s, hi);
                            items.push(s);
                        } else {
                            items.push(NEVER.into());
                        }
                    }
                    _ => self.err(&msg, off),
                }
            } else {
                items.push(emit_item(st, &code1));
            }
        }
        let mut s = String::from(if negate { "[^" } else { "[" });
        for it in &items {
            s.push_str(it);
        }
        s.push(']');
        self.out().push_str(&s);
    }

    /// Parses `{m,n}` after the `{` token; `None` if it is a literal `{`.
    fn brace_quantifier(&mut self) -> Option<(u64, Option<u64>)> {
        let here = self.t.pos;
        if self.t.next_is(|c| c == '}') {
            return None;
        }
        let lo = self.t.getwhile(usize::MAX, |c| c.is_ascii_digit());
        let hi = if self.t.eat(',') {
            Some(self.t.getwhile(usize::MAX, |c| c.is_ascii_digit()))
        } else {
            None
        };
        if !self.t.eat('}') {
            self.t.pos = here;
            return None;
        }
        let parse = |s: &str| -> u64 {
            match s.parse::<u64>() {
                Ok(v) if v < 4_294_967_295 => v,
                _ => raise("OverflowError", "the repetition number is too large"),
            }
        };
        let min = if lo.is_empty() { 0 } else { parse(&lo) };
        let max = match &hi {
            None => Some(min),
            Some(h) if h.is_empty() => None,
            Some(h) => Some(parse(h)),
        };
        if let Some(mx) = max {
            if mx < min {
                self.err("min repeat greater than max repeat", self.t.pos - here);
            }
        }
        Some((min, max))
    }

    /// `_parse_flags`: returns `None` for global flags `(?x)`, else the
    /// (added, removed) flags of a scoped group `(?x-y:...)`.
    fn parse_flags(&mut self, first: char) -> Option<(i64, i64)> {
        let mut add = 0;
        let mut del = 0;
        let mut ch = first;
        if ch != '-' {
            loop {
                if ch == 'L' {
                    self.err(
                        "bad inline flags: cannot use 'L' flag with a str pattern",
                        0,
                    );
                }
                let flag = flag_bit(ch);
                add |= flag;
                if flag & TYPE_FLAGS != 0 && add & TYPE_FLAGS != flag {
                    self.err(
                        "bad inline flags: flags 'a', 'u' and 'L' are incompatible",
                        0,
                    );
                }
                let Some(t) = self.t.get() else {
                    self.err("missing -, : or )", 0)
                };
                ch = t.c;
                if !t.esc && ")-:".contains(ch) {
                    break;
                }
                if t.esc || !PY_FLAGS.contains(ch) {
                    let msg = if !t.esc && ch.is_alphabetic() {
                        "unknown flag"
                    } else {
                        "missing -, : or )"
                    };
                    self.err(msg, t.len());
                }
            }
        }
        if ch == ')' {
            self.inline_flags |= add;
            return None;
        }
        if ch == '-' {
            let Some(t) = self.t.get() else {
                self.err("missing flag", 0)
            };
            if t.esc || !PY_FLAGS.contains(t.c) {
                let msg = if !t.esc && t.c.is_alphabetic() {
                    "unknown flag"
                } else {
                    "missing flag"
                };
                self.err(msg, t.len());
            }
            ch = t.c;
            loop {
                let flag = flag_bit(ch);
                if flag & TYPE_FLAGS != 0 {
                    self.err(
                        "bad inline flags: cannot turn off flags 'a', 'u' and 'L'",
                        0,
                    );
                }
                del |= flag;
                let Some(t) = self.t.get() else {
                    self.err("missing :", 0)
                };
                ch = t.c;
                if t.is(':') {
                    break;
                }
                if t.esc || !PY_FLAGS.contains(ch) {
                    let msg = if !t.esc && ch.is_alphabetic() {
                        "unknown flag"
                    } else {
                        "missing :"
                    };
                    self.err(msg, t.len());
                }
            }
        }
        if add & del != 0 {
            self.err("bad inline flags: flag turned on and off", 1);
        }
        Some((add, del))
    }

    fn apply(st: St, add: i64, del: i64) -> St {
        let on = |bit: i64, cur: bool| {
            if add & bit != 0 {
                true
            } else if del & bit != 0 {
                false
            } else {
                cur
            }
        };
        St {
            m: on(MULTILINE, st.m),
            s: on(DOTALL, st.s),
            x: on(VERBOSE, st.x),
            a: if add & UNICODE != 0 {
                false
            } else {
                on(ASCII, st.a)
            },
        }
    }

    /// `_parse_sub`: alternatives up to `)` or the end.
    fn parse_sub(&mut self, mut st: St, nested: usize) {
        let mut first = nested == 0;
        loop {
            st = self.parse_seq(st, nested, first);
            if self.t.eat('|') {
                self.out().push('|');
                first = false;
                continue;
            }
            break;
        }
    }

    /// `_parse`: one alternative. Returns the (possibly globally changed) state.
    fn parse_seq(&mut self, mut st: St, nested: usize, first: bool) -> St {
        let mut last = Last::Nothing;
        let mut appended = false;
        while let Some(this) = self.t.peek() {
            if this.is('|') || this.is(')') {
                break;
            }
            self.t.pos += this.len();
            if st.x && !this.esc {
                if " \t\n\r\x0b\x0c".contains(this.c) {
                    continue;
                }
                if this.c == '#' {
                    while let Some(t) = self.t.get() {
                        if t.is('\n') {
                            break;
                        }
                    }
                    continue;
                }
            }
            if this.esc {
                last = self.escape(this, st);
                appended = true;
                continue;
            }
            match this.c {
                '[' => {
                    self.class(st);
                    last = Last::Item;
                }
                '*' | '+' | '?' | '{' => {
                    let qpos = self.t.pos - 1;
                    let q = match this.c {
                        '*' => "*".to_string(),
                        '+' => "+".to_string(),
                        '?' => "?".to_string(),
                        _ => match self.brace_quantifier() {
                            None => {
                                self.out().push_str("\\x{7B}");
                                last = Last::Item;
                                appended = true;
                                continue;
                            }
                            Some((min, None)) => format!("{{{min},}}"),
                            Some((min, Some(max))) if min == max => format!("{{{min}}}"),
                            Some((min, Some(max))) => format!("{{{min},{max}}}"),
                        },
                    };
                    let off = self.t.pos - qpos;
                    match last {
                        Last::Nothing | Last::At => self.err("nothing to repeat", off),
                        Last::Repeat => self.err("multiple repeat", off),
                        Last::Item => {}
                    }
                    let lazy = self.t.eat('?');
                    if !lazy && self.t.next_is(|c| c == '+') {
                        not_supported("possessive quantifiers");
                    }
                    let out = self.out();
                    out.push_str(&q);
                    if lazy {
                        out.push('?');
                    }
                    last = Last::Repeat;
                }
                '.' => {
                    let s = if st.s { "(?s:.)" } else { "." };
                    self.out().push_str(s);
                    last = Last::Item;
                }
                '^' => {
                    let s = if st.m { "(?m:^)" } else { "\\A" };
                    self.out().push_str(s);
                    last = Last::At;
                }
                '$' => {
                    if st.m {
                        self.out().push_str("(?m:$)");
                    } else {
                        self.seps.push(Sep::Dollar);
                        self.parts.push(String::new());
                    }
                    last = Last::At;
                }
                '(' => {
                    match self.group(st, nested, first && !appended) {
                        Some(new_st) => {
                            // global flags: nothing emitted, state changes
                            st = new_st;
                            continue;
                        }
                        None => {
                            last = Last::Item;
                        }
                    }
                }
                c => {
                    push_lit(self.out(), c as u32);
                    last = Last::Item;
                }
            }
            appended = true;
        }
        st
    }

    /// Parses a group after `(`. Returns `Some(state)` for global flags
    /// (nothing emitted) and `None` after emitting a group.
    fn group(&mut self, st: St, nested: usize, at_start: bool) -> Option<St> {
        let start = self.t.pos - 1;
        let mut name: Option<String> = None;
        let mut capture = true;
        let mut inner = st;
        let mut open = String::from("(");
        if self.t.eat('?') {
            let Some(ch) = self.t.get() else {
                self.err("unexpected end of pattern", 0)
            };
            match (ch.esc, ch.c) {
                (false, 'P') => {
                    if self.t.eat('<') {
                        let n = self.t.getuntil('>', "group name");
                        check_group_name(&self.t, &n, 1);
                        name = Some(n);
                    } else if self.t.eat('=') {
                        let n = self.t.getuntil(')', "group name");
                        check_group_name(&self.t, &n, 1);
                        if !self.names.iter().any(|(k, _)| *k == n) {
                            self.err(
                                &format!("unknown group name {}", crate::fmt::str_repr(&n)),
                                n.chars().count() + 1,
                            );
                        }
                        not_supported("backreferences");
                    } else {
                        let Some(c) = self.t.get() else {
                            self.err("unexpected end of pattern", 0)
                        };
                        self.err(&format!("unknown extension ?P{}", c.text()), c.len() + 2);
                    }
                }
                (false, ':') => {
                    capture = false;
                    open = "(?:".into();
                }
                (false, '#') => {
                    loop {
                        if self.t.peek().is_none() {
                            self.err("missing ), unterminated comment", self.t.pos - start);
                        }
                        if self.t.get().is_some_and(|t| t.is(')')) {
                            break;
                        }
                    }
                    return Some(st);
                }
                (false, '=') | (false, '!') => not_supported("lookahead assertions"),
                (false, '<') => {
                    let Some(c) = self.t.get() else {
                        self.err("unexpected end of pattern", 0)
                    };
                    if !(c.is('=') || c.is('!')) {
                        self.err(&format!("unknown extension ?<{}", c.text()), c.len() + 2);
                    }
                    not_supported("lookbehind assertions");
                }
                (false, '(') => not_supported("conditional groups"),
                (false, '>') => not_supported("atomic groups"),
                (false, c) if PY_FLAGS.contains(c) || c == '-' => match self.parse_flags(c) {
                    None => {
                        if !at_start {
                            self.err(
                                "global flags not at the start of the expression",
                                self.t.pos - start,
                            );
                        }
                        let flags = self.inline_flags;
                        if flags & IGNORECASE != 0 && !self.parts[0].starts_with("(?i)") {
                            self.parts[0].insert_str(0, "(?i)");
                        }
                        let new = Self::apply(st, flags, 0);
                        self.global = new;
                        return Some(new);
                    }
                    Some((add, del)) => {
                        capture = false;
                        inner = Self::apply(st, add, del);
                        open = match (add & IGNORECASE != 0, del & IGNORECASE != 0) {
                            (true, _) => "(?i:".into(),
                            (_, true) => "(?-i:".into(),
                            _ => "(?:".into(),
                        };
                    }
                },
                _ => self.err(&format!("unknown extension ?{}", ch.text()), ch.len() + 1),
            }
        }
        if capture {
            self.groups += 1;
            if let Some(n) = &name {
                if let Some((_, g)) = self.names.iter().find(|(k, _)| k == n) {
                    self.err(
                        &format!(
                            "redefinition of group name {} as group {}; was group {}",
                            crate::fmt::str_repr(n),
                            self.groups,
                            g
                        ),
                        n.chars().count() + 1,
                    );
                }
                // Names are resolved here; the regex crate sees a plain group
                // (it restricts the characters of group names).
                self.names.push((n.clone(), self.groups));
            }
        }
        self.out().push_str(&open);
        self.parse_sub(inner, nested + 1);
        if !self.t.eat(')') {
            self.err("missing ), unterminated subpattern", self.t.pos - start);
        }
        self.out().push(')');
        None
    }
}

/// The result of translating a Python pattern.
struct Translated {
    parts: Vec<String>,
    seps: Vec<Sep>,
    groups: usize,
    names: Vec<(String, usize)>,
    flags: i64,
}

fn translate(pattern: &str, flags: i64) -> Translated {
    if flags & LOCALE != 0 {
        raise("ValueError", "cannot use LOCALE flag with a str pattern");
    }
    if flags & ASCII != 0 && flags & UNICODE != 0 {
        raise("ValueError", "ASCII and UNICODE flags are incompatible");
    }
    let st = St {
        m: flags & MULTILINE != 0,
        s: flags & DOTALL != 0,
        x: flags & VERBOSE != 0,
        a: flags & ASCII != 0,
    };
    let mut tr = Translator {
        t: Tokens {
            p: pattern.chars().collect(),
            pos: 0,
        },
        parts: vec![String::new()],
        seps: Vec::new(),
        groups: 0,
        names: Vec::new(),
        global: st,
        inline_flags: 0,
    };
    if flags & IGNORECASE != 0 {
        tr.parts[0].push_str("(?i)");
    }
    tr.parse_sub(st, 0);
    if tr.t.peek().is_some() {
        tr.err("unbalanced parenthesis", 0);
    }
    let all = flags | tr.inline_flags;
    let all = if all & ASCII == 0 { all | UNICODE } else { all };
    let _ = tr.global;
    Translated {
        parts: tr.parts,
        seps: tr.seps,
        groups: tr.groups,
        names: tr.names,
        flags: all,
    }
}

// ---------------------------------------------------------------------------
// Compiled patterns

#[derive(Clone, Copy)]
enum Kind {
    Search = 0,
    Match = 1,
    Full = 2,
}

struct Inner {
    pattern: String,
    flags: i64,
    parts: Vec<String>,
    seps: Vec<Sep>,
    groups: usize,
    names: Vec<(String, usize)>,
    /// `[variant][kind]`: variant 0 makes `$` `\z`, variant 1 `(?m:$)`,
    /// variant 2 (for the empty string) makes `\B` fail.
    regexes: [[OnceLock<Regex>; 3]; 3],
}

/// A compiled regular expression (`re.Pattern`). Cloning is cheap.
#[derive(Clone)]
pub struct Pattern {
    inner: Arc<Inner>,
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::fmt::to_repr(self))
    }
}

impl crate::fmt::PyFmt for Pattern {
    fn fmt_repr(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = [
            (TEMPLATE_FLAG, "re.TEMPLATE"),
            (IGNORECASE, "re.IGNORECASE"),
            (LOCALE, "re.LOCALE"),
            (MULTILINE, "re.MULTILINE"),
            (DOTALL, "re.DOTALL"),
            (UNICODE, "re.UNICODE"),
            (VERBOSE, "re.VERBOSE"),
            (DEBUG_FLAG, "re.DEBUG"),
            (ASCII, "re.ASCII"),
        ];
        let mut flags = self.inner.flags;
        if flags & (LOCALE | UNICODE | ASCII) == UNICODE {
            flags &= !UNICODE;
        }
        let shown: Vec<&str> = names
            .iter()
            .filter(|(b, _)| flags & b != 0)
            .map(|(_, n)| *n)
            .collect();
        let p = crate::fmt::str_repr(&self.inner.pattern);
        if shown.is_empty() {
            write!(f, "re.compile({p})")
        } else {
            write!(f, "re.compile({p}, {})", shown.join("|"))
        }
    }
}

const TEMPLATE_FLAG: i64 = 1;
const DEBUG_FLAG: i64 = 128;

thread_local! {
    static CACHE: RefCell<HashMap<(String, i64), Pattern>> = RefCell::new(HashMap::new());
}

/// `re.compile(pattern)` (compiled patterns are cached, like CPython's).
pub fn compile(pattern: &str) -> Pattern {
    compile_flags(pattern, 0)
}

/// `re.compile(pattern, flags)` with flags such as [`IGNORECASE`] | [`MULTILINE`].
pub fn compile_flags(pattern: &str, flags: i64) -> Pattern {
    let key = (pattern.to_string(), flags);
    if let Some(p) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return p;
    }
    let tr = translate(pattern, flags);
    let p = Pattern {
        inner: Arc::new(Inner {
            pattern: pattern.to_string(),
            flags: tr.flags,
            parts: tr.parts,
            seps: tr.seps,
            groups: tr.groups,
            names: tr.names,
            regexes: Default::default(),
        }),
    };
    // Build the plain search regex now so that errors surface at compile time.
    p.regex(Kind::Search, 0);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 512 {
            c.clear();
        }
        c.insert(key, p.clone());
    });
    p
}

/// `re.purge()`: clears the pattern cache.
pub fn purge() {
    CACHE.with(|c| c.borrow_mut().clear());
}

/// `re.escape(s)`: backslash-escapes the characters CPython 3.11 escapes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\\t"),
            '\n' => out.push_str("\\\n"),
            '\r' => out.push_str("\\\r"),
            '\x0b' => out.push_str("\\\x0b"),
            '\x0c' => out.push_str("\\\x0c"),
            c if "()[]{}?*+-|^$\\.&~# ".contains(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Converts byte offsets of one subject string to code-point offsets; offsets
/// must be requested in non-decreasing order through [`PosConv::advance`].
struct PosConv<'a> {
    text: &'a str,
    ascii: bool,
    byte: usize,
    chr: usize,
}

impl<'a> PosConv<'a> {
    fn new(text: &'a str) -> Self {
        PosConv {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            chr: 0,
        }
    }
    fn advance(&mut self, b: usize) -> usize {
        if self.ascii {
            return b;
        }
        if b >= self.byte {
            self.chr += self.text[self.byte..b].chars().count();
        } else {
            self.chr = self.text[..b].chars().count();
        }
        self.byte = b;
        self.chr
    }
    /// Offset of `b` given the already converted `(base_b, base_c)` with `b >= base_b`.
    fn offset_from(&self, base_b: usize, base_c: usize, b: usize) -> usize {
        if self.ascii {
            b
        } else if b >= base_b {
            base_c + self.text[base_b..b].chars().count()
        } else {
            self.text[..b].chars().count()
        }
    }
}

impl Pattern {
    fn regex(&self, kind: Kind, variant: usize) -> &Regex {
        let inner = &*self.inner;
        inner.regexes[variant][kind as usize].get_or_init(|| {
            let mut body = inner.parts[0].clone();
            for (sep, part) in inner.seps.iter().zip(&inner.parts[1..]) {
                body.push_str(match (sep, variant) {
                    (Sep::Dollar, 1) => "(?m:$)",
                    (Sep::Dollar, _) => "\\z",
                    (Sep::NotBoundary(_), 2) => NEVER,
                    (Sep::NotBoundary(s), _) => s,
                });
                body.push_str(part);
            }
            let src = match kind {
                Kind::Search => body,
                Kind::Match => format!("\\A(?:{body})"),
                Kind::Full => format!("\\A(?:{body})\\z"),
            };
            match regex::RegexBuilder::new(&src)
                .size_limit(1 << 28)
                .dfa_size_limit(1 << 28)
                .build()
            {
                Ok(r) => r,
                Err(e) => raise(
                    "NotImplementedError",
                    format!(
                        "re: pattern {} cannot be compiled by the regex crate: {e}",
                        crate::fmt::str_repr(&inner.pattern)
                    ),
                ),
            }
        })
    }

    /// Chooses the `$` variant for a subject string.
    fn regex_for(&self, kind: Kind, text: &str) -> &Regex {
        let seps = &self.inner.seps;
        let variant = if text.is_empty() && seps.iter().any(|s| matches!(s, Sep::NotBoundary(_))) {
            2
        } else if seps.contains(&Sep::Dollar)
            && text.ends_with('\n')
            && memchr_count_newlines(text) == 1
        {
            1
        } else {
            0
        };
        self.regex(kind, variant)
    }

    /// `pattern.pattern`.
    pub fn pattern(&self) -> String {
        self.inner.pattern.clone()
    }

    /// `pattern.flags` (the flags passed plus global inline flags, with
    /// `re.UNICODE` unless `re.ASCII`).
    pub fn flags(&self) -> i64 {
        self.inner.flags
    }

    /// `pattern.groups`: the number of capturing groups.
    pub fn groups(&self) -> i64 {
        self.inner.groups as i64
    }

    /// `pattern.groupindex`: named groups and their numbers.
    pub fn groupindex(&self) -> Dict<String, i64> {
        self.inner
            .names
            .iter()
            .map(|(n, i)| (n.clone(), *i as i64))
            .collect()
    }

    fn make_match(&self, text: &str, locs: &CaptureLocations, conv: &mut PosConv<'_>) -> Match {
        let (ms, _) = locs.get(0).expect("group 0 always participates");
        let ms_c = conv.advance(ms);
        let n = self.inner.groups + 1;
        let mut spans = Vec::with_capacity(n);
        let mut texts = Vec::with_capacity(n);
        for g in 0..n {
            match locs.get(g) {
                Some((s, e)) => {
                    let sc = conv.offset_from(ms, ms_c, s);
                    let ec = if s >= ms {
                        conv.offset_from(s, sc, e)
                    } else {
                        conv.offset_from(ms, ms_c, e)
                    };
                    spans.push(Some((sc, ec)));
                    texts.push(Some(text[s..e].to_string()));
                }
                None => {
                    spans.push(None);
                    texts.push(None);
                }
            }
        }
        Match {
            spans,
            texts,
            pattern: self.clone(),
        }
    }

    fn run_once(&self, kind: Kind, text: &str) -> Option<Match> {
        let re = self.regex_for(kind, text);
        let mut locs = re.capture_locations();
        re.captures_read(&mut locs, text)?;
        Some(self.make_match(text, &locs, &mut PosConv::new(text)))
    }

    /// `pattern.search(text)`.
    pub fn search(&self, text: &str) -> Option<Match> {
        self.run_once(Kind::Search, text)
    }

    /// `pattern.match(text)`: a match anchored at the start.
    pub fn match_(&self, text: &str) -> Option<Match> {
        self.run_once(Kind::Match, text)
    }

    /// `pattern.fullmatch(text)`: a match spanning the whole string.
    pub fn fullmatch(&self, text: &str) -> Option<Match> {
        self.run_once(Kind::Full, text)
    }

    /// Runs CPython's match iteration: calls `f` with each match's capture
    /// locations until `f` returns false.
    fn for_each(&self, text: &str, mut f: impl FnMut(&CaptureLocations) -> bool) {
        let re = self.regex_for(Kind::Search, text);
        let mut locs = re.capture_locations();
        let mut pos = 0;
        let mut must_advance = false;
        while pos <= text.len() {
            let mut found = re.captures_read_at(&mut locs, text, pos);
            if let Some(m) = found {
                if must_advance && m.start() == pos && m.end() == pos {
                    match text[pos..].chars().next() {
                        Some(c) => found = re.captures_read_at(&mut locs, text, pos + c.len_utf8()),
                        None => break,
                    }
                }
            }
            let Some(m) = found else { break };
            if !f(&locs) {
                break;
            }
            must_advance = m.start() == m.end();
            pos = m.end();
        }
    }

    /// `pattern.finditer(text)`, collected.
    pub fn finditer(&self, text: &str) -> Vec<Match> {
        let mut out = Vec::new();
        let mut conv = PosConv::new(text);
        self.for_each(text, |locs| {
            out.push(self.make_match(text, locs, &mut conv));
            true
        });
        out
    }

    /// `pattern.findall(text)` for patterns with zero or one group: the whole
    /// matches, or the group's text (`""` where it did not participate).
    /// Raises `NotImplementedError` for several groups (use [`Pattern::findall_groups`]).
    pub fn findall(&self, text: &str) -> Vec<String> {
        let g = self.inner.groups;
        if g > 1 {
            raise(
                "NotImplementedError",
                "findall() with several groups returns tuples: use findall_groups",
            );
        }
        let mut out = Vec::new();
        self.for_each(text, |locs| {
            out.push(
                locs.get(g)
                    .map_or(String::new(), |(s, e)| text[s..e].to_string()),
            );
            true
        });
        out
    }

    /// `pattern.findall(text)` as tuples: for each match, all groups 1..=n
    /// (`""` for groups that did not participate); with no groups, a
    /// one-element vector holding the whole match.
    pub fn findall_groups(&self, text: &str) -> Vec<Vec<String>> {
        let g = self.inner.groups;
        let mut out = Vec::new();
        self.for_each(text, |locs| {
            let range = if g == 0 { 0..1 } else { 1..g + 1 };
            out.push(
                range
                    .map(|i| {
                        locs.get(i)
                            .map_or(String::new(), |(s, e)| text[s..e].to_string())
                    })
                    .collect(),
            );
            true
        });
        out
    }

    fn subn_impl(
        &self,
        text: &str,
        count: i64,
        mut repl: impl FnMut(&CaptureLocations, &mut PosConv<'_>, &mut String),
    ) -> (String, i64) {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        let mut n = 0i64;
        if count >= 0 {
            let mut conv = PosConv::new(text);
            self.for_each(text, |locs| {
                if count != 0 && n >= count {
                    return false;
                }
                let (s, e) = locs.get(0).expect("group 0");
                out.push_str(&text[last..s]);
                repl(locs, &mut conv, &mut out);
                last = e;
                n += 1;
                true
            });
        }
        out.push_str(&text[last..]);
        (out, n)
    }

    /// `pattern.subn(repl, text, count)`: `repl` uses Python's template syntax
    /// (`\1`, `\g<1>`, `\g<name>`, `\n`, ...); `count == 0` replaces all.
    pub fn subn(&self, repl: &str, text: &str, count: i64) -> (String, i64) {
        let tpl = parse_template(repl, self);
        self.subn_impl(text, count, |locs, _, out| {
            for piece in &tpl {
                match piece {
                    TplPiece::Lit(s) => out.push_str(s),
                    TplPiece::Group(g) => {
                        if let Some((s, e)) = locs.get(*g) {
                            out.push_str(&text[s..e]);
                        }
                    }
                }
            }
        })
    }

    /// `pattern.sub(repl, text, count)` (see [`Pattern::subn`]).
    pub fn sub(&self, repl: &str, text: &str, count: i64) -> String {
        self.subn(repl, text, count).0
    }

    /// `pattern.sub(func, text, count)` with a replacement function.
    pub fn sub_with(&self, mut f: impl FnMut(&Match) -> String, text: &str, count: i64) -> String {
        self.subn_impl(text, count, |locs, conv, out| {
            let m = self.make_match(text, locs, conv);
            out.push_str(&f(&m));
        })
        .0
    }

    /// `pattern.split(text, maxsplit)` with Python's `None` for groups that did
    /// not participate; `maxsplit == 0` splits everywhere.
    pub fn split_opt(&self, text: &str, maxsplit: i64) -> Vec<Option<String>> {
        let mut out = Vec::new();
        let mut last = 0;
        let mut n = 0i64;
        let g = self.inner.groups;
        if maxsplit >= 0 {
            self.for_each(text, |locs| {
                if maxsplit != 0 && n >= maxsplit {
                    return false;
                }
                let (s, e) = locs.get(0).expect("group 0");
                out.push(Some(text[last..s].to_string()));
                for i in 1..=g {
                    out.push(locs.get(i).map(|(a, b)| text[a..b].to_string()));
                }
                last = e;
                n += 1;
                true
            });
        }
        out.push(Some(text[last..].to_string()));
        out
    }

    /// `pattern.split(text, maxsplit)`; groups that did not participate give
    /// `""` instead of Python's `None` (see [`Pattern::split_opt`]).
    pub fn split(&self, text: &str, maxsplit: i64) -> Vec<String> {
        self.split_opt(text, maxsplit)
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect()
    }

    fn group_index(&self, name: &str) -> usize {
        match self.inner.names.iter().find(|(n, _)| n == name) {
            Some((_, i)) => *i,
            None => raise("IndexError", "no such group"),
        }
    }
}

fn memchr_count_newlines(text: &str) -> usize {
    text.bytes().filter(|b| *b == b'\n').count()
}

// ---------------------------------------------------------------------------
// Replacement templates

enum TplPiece {
    Lit(String),
    Group(usize),
}

/// `re._parser.parse_template`.
fn parse_template(repl: &str, pat: &Pattern) -> Vec<TplPiece> {
    if !repl.contains('\\') {
        return vec![TplPiece::Lit(repl.to_string())];
    }
    let groups = pat.inner.groups;
    let mut t = Tokens {
        p: repl.chars().collect(),
        pos: 0,
    };
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let add_group =
        |t: &Tokens, pieces: &mut Vec<TplPiece>, lit: &mut String, index: usize, off: usize| {
            if index > groups {
                t.err(&format!("invalid group reference {index}"), off);
            }
            if !lit.is_empty() {
                pieces.push(TplPiece::Lit(std::mem::take(lit)));
            }
            pieces.push(TplPiece::Group(index));
        };
    while let Some(this) = t.get() {
        if !this.esc {
            lit.push(this.c);
            continue;
        }
        let c = this.c;
        if c == 'g' {
            if !t.eat('<') {
                t.err("missing <", 0);
            }
            let name = t.getuntil('>', "group name");
            let nlen = name.chars().count();
            let index = if is_identifier(&name) {
                match pat.inner.names.iter().find(|(n, _)| *n == name) {
                    Some((_, i)) => *i,
                    None => raise(
                        "IndexError",
                        format!("unknown group name {}", crate::fmt::str_repr(&name)),
                    ),
                }
            } else {
                let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_digit());
                match name.parse::<usize>() {
                    Ok(i) if ok => {
                        if i >= 100 {
                            t.err(&format!("invalid group reference {i}"), nlen + 1);
                        }
                        i
                    }
                    _ => t.err(
                        &format!(
                            "bad character in group name {}",
                            crate::fmt::str_repr(&name)
                        ),
                        nlen + 1,
                    ),
                }
            };
            add_group(&t, &mut pieces, &mut lit, index, nlen + 1);
        } else if c == '0' {
            let mut s = String::from("0");
            for _ in 0..2 {
                if t.next_is(|c| ('0'..='7').contains(&c)) {
                    s.push(t.get().expect("peeked").c);
                }
            }
            let v = u32::from_str_radix(&s, 8).unwrap_or(0) & 0xff;
            lit.push(char::from_u32(v).unwrap_or('\0'));
        } else if c.is_ascii_digit() {
            let mut s = c.to_string();
            let is_oct = |c: char| ('0'..='7').contains(&c);
            if t.next_is(|c| c.is_ascii_digit()) {
                let d = t.get().expect("peeked").c;
                s.push(d);
                if is_oct(c) && is_oct(d) && t.next_is(is_oct) {
                    s.push(t.get().expect("peeked").c);
                    let v = u32::from_str_radix(&s, 8).unwrap_or(0);
                    if v > 0o377 {
                        t.err(
                            &format!("octal escape value \\{s} outside of range 0-0o377"),
                            s.len() + 1,
                        );
                    }
                    lit.push(char::from_u32(v).unwrap_or('\0'));
                    continue;
                }
            }
            let index: usize = s.parse().unwrap_or(usize::MAX);
            add_group(&t, &mut pieces, &mut lit, index, s.len());
        } else if let Some(v) =
            Translator::simple_escape(c).or(if c == 'b' { Some(8) } else { None })
        {
            lit.push(char::from_u32(v).unwrap_or('\0'));
        } else if c.is_ascii_alphabetic() {
            t.err(&format!("bad escape \\{c}"), 2);
        } else {
            lit.push('\\');
            lit.push(c);
        }
    }
    if !lit.is_empty() {
        pieces.push(TplPiece::Lit(lit));
    }
    pieces
}

// ---------------------------------------------------------------------------
// Match objects

/// A successful match (`re.Match`): the groups' texts and code-point spans.
#[derive(Clone)]
pub struct Match {
    spans: Vec<Option<(usize, usize)>>,
    texts: Vec<Option<String>>,
    pattern: Pattern,
}

impl fmt::Debug for Match {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::fmt::to_repr(self))
    }
}

impl crate::fmt::PyFmt for Match {
    fn fmt_repr(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (s, e) = self.span();
        write!(
            f,
            "<re.Match object; span=({s}, {e}), match={}>",
            crate::fmt::str_repr(&self.group0())
        )
    }
}

impl Match {
    fn index(&self, i: i64) -> usize {
        if i < 0 || i as usize >= self.spans.len() {
            raise("IndexError", "no such group");
        }
        i as usize
    }

    /// `m.group()` / `m.group(0)`: the whole match.
    pub fn group0(&self) -> String {
        self.texts[0].clone().unwrap_or_default()
    }

    /// `m.group(i)`, with Python's `None` for a group that did not participate.
    /// Raises `IndexError: no such group`.
    pub fn group_opt(&self, i: i64) -> Option<String> {
        self.texts[self.index(i)].clone()
    }

    /// `m.group(i)` as a string: `""` where Python gives `None`
    /// (see [`Match::group_opt`]). Raises `IndexError: no such group`.
    pub fn group(&self, i: i64) -> String {
        self.group_opt(i).unwrap_or_default()
    }

    /// `m.group(name)` with Python's `None` for a non-participating group.
    pub fn group_name_opt(&self, name: &str) -> Option<String> {
        self.texts[self.pattern.group_index(name)].clone()
    }

    /// `m.group(name)` as a string (`""` where Python gives `None`).
    pub fn group_name(&self, name: &str) -> String {
        self.group_name_opt(name).unwrap_or_default()
    }

    /// `m.groups()`: groups 1..=n with `None` for non-participating ones.
    pub fn groups_opt(&self) -> Vec<Option<String>> {
        self.texts[1..].to_vec()
    }

    /// `m.groups(default="")`.
    pub fn groups(&self) -> Vec<String> {
        self.texts[1..]
            .iter()
            .map(|t| t.clone().unwrap_or_default())
            .collect()
    }

    /// `m.groupdict()`.
    pub fn groupdict(&self) -> Dict<String, Option<String>> {
        self.pattern
            .inner
            .names
            .iter()
            .map(|(n, i)| (n.clone(), self.texts[*i].clone()))
            .collect()
    }

    /// `m.start(i)`; -1 for a group that did not participate.
    pub fn start_group(&self, i: i64) -> i64 {
        self.spans[self.index(i)].map_or(-1, |(s, _)| s as i64)
    }

    /// `m.end(i)`; -1 for a group that did not participate.
    pub fn end_group(&self, i: i64) -> i64 {
        self.spans[self.index(i)].map_or(-1, |(_, e)| e as i64)
    }

    /// `m.span(i)`; `(-1, -1)` for a group that did not participate.
    pub fn span_group(&self, i: i64) -> (i64, i64) {
        (self.start_group(i), self.end_group(i))
    }

    /// `m.start()`: code-point index where the match starts.
    pub fn start(&self) -> i64 {
        self.start_group(0)
    }

    /// `m.end()`: code-point index where the match ends.
    pub fn end(&self) -> i64 {
        self.end_group(0)
    }

    /// `m.span()`.
    pub fn span(&self) -> (i64, i64) {
        self.span_group(0)
    }

    /// `m.expand(template)`: the template with group references substituted.
    pub fn expand(&self, template: &str) -> String {
        let mut out = String::new();
        for piece in parse_template(template, &self.pattern) {
            match piece {
                TplPiece::Lit(s) => out.push_str(&s),
                TplPiece::Group(g) => {
                    if let Some(t) = &self.texts[g] {
                        out.push_str(t);
                    }
                }
            }
        }
        out
    }

    /// `m.re`: the pattern that produced this match.
    pub fn re(&self) -> Pattern {
        self.pattern.clone()
    }
}

// ---------------------------------------------------------------------------
// Module-level functions

/// `re.search(pattern, text)`.
pub fn search(pattern: &str, text: &str) -> Option<Match> {
    compile(pattern).search(text)
}

/// `re.match(pattern, text)`.
pub fn match_(pattern: &str, text: &str) -> Option<Match> {
    compile(pattern).match_(text)
}

/// `re.fullmatch(pattern, text)`.
pub fn fullmatch(pattern: &str, text: &str) -> Option<Match> {
    compile(pattern).fullmatch(text)
}

/// `re.findall(pattern, text)` for zero or one group (see [`Pattern::findall`]).
pub fn findall(pattern: &str, text: &str) -> Vec<String> {
    compile(pattern).findall(text)
}

/// `re.findall(pattern, text)` as tuples (see [`Pattern::findall_groups`]).
pub fn findall_groups(pattern: &str, text: &str) -> Vec<Vec<String>> {
    compile(pattern).findall_groups(text)
}

/// `re.finditer(pattern, text)`, collected.
pub fn finditer(pattern: &str, text: &str) -> Vec<Match> {
    compile(pattern).finditer(text)
}

/// `re.sub(pattern, repl, text, count)` (`count == 0`: replace all).
pub fn sub(pattern: &str, repl: &str, text: &str, count: i64) -> String {
    compile(pattern).sub(repl, text, count)
}

/// `re.subn(pattern, repl, text, count)`.
pub fn subn(pattern: &str, repl: &str, text: &str, count: i64) -> (String, i64) {
    compile(pattern).subn(repl, text, count)
}

/// `re.sub(pattern, func, text, count)` with a replacement function.
pub fn sub_with(pattern: &str, f: impl FnMut(&Match) -> String, text: &str, count: i64) -> String {
    compile(pattern).sub_with(f, text, count)
}

/// `re.split(pattern, text, maxsplit)` (see [`Pattern::split`]).
pub fn split(pattern: &str, text: &str, maxsplit: i64) -> Vec<String> {
    compile(pattern).split(text, maxsplit)
}

/// `re.split(pattern, text, maxsplit)` with `None` for non-participating groups.
pub fn split_opt(pattern: &str, text: &str, maxsplit: i64) -> Vec<Option<String>> {
    compile(pattern).split_opt(text, maxsplit)
}
