//! Python `str()`/`repr()`, the `format()` mini-language and printf-style `%` formatting.

use crate::exc::raise;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt::{self, Display, Formatter, Write as _};
use std::hash::BuildHasher;
use std::rc::Rc;

/// Python `str()`/`repr()` of a value. `fmt_str` defaults to `fmt_repr`.
pub trait PyFmt {
    /// Writes `repr(self)`.
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result;
    /// Writes `str(self)`.
    fn fmt_str(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.fmt_repr(f)
    }
}

/// Display adapter writing Python's `str()` of the wrapped value.
pub struct S<'a, T: ?Sized>(pub &'a T);
/// Display adapter writing Python's `repr()` of the wrapped value.
pub struct R<'a, T: ?Sized>(pub &'a T);

impl<T: PyFmt + ?Sized> Display for S<'_, T> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.0.fmt_str(f)
    }
}

impl<T: PyFmt + ?Sized> Display for R<'_, T> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.0.fmt_repr(f)
    }
}

/// Python `str(x)`.
pub fn to_str<T: PyFmt + ?Sized>(x: &T) -> String {
    S(x).to_string()
}

/// Python `repr(x)`.
pub fn to_repr<T: PyFmt + ?Sized>(x: &T) -> String {
    R(x).to_string()
}

macro_rules! int_pyfmt {
    ($($t:ty),*) => {$(
        impl PyFmt for $t {
            fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
                Display::fmt(self, f)
            }
        }
        impl PyFormat for $t {
            fn py_format(&self, spec: &str) -> String {
                format_int(*self as i128, spec)
            }
        }
    )*};
}
int_pyfmt!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl PyFmt for f64 {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&float_repr(*self))
    }
}

impl PyFmt for f32 {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&float_repr(*self as f64))
    }
}

impl PyFmt for bool {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(if *self { "True" } else { "False" })
    }
}

impl PyFmt for str {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&str_repr(self))
    }
    fn fmt_str(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl PyFmt for String {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.as_str().fmt_repr(f)
    }
    fn fmt_str(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl PyFmt for char {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut b = [0u8; 4];
        self.encode_utf8(&mut b).fmt_repr(f)
    }
    fn fmt_str(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char(*self)
    }
}

impl PyFmt for () {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("None")
    }
}

impl<T: PyFmt> PyFmt for Option<T> {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            None => f.write_str("None"),
            Some(x) => x.fmt_repr(f),
        }
    }
    fn fmt_str(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            None => f.write_str("None"),
            Some(x) => x.fmt_str(f),
        }
    }
}

impl<T: PyFmt + ?Sized> PyFmt for &T {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        (**self).fmt_repr(f)
    }
    fn fmt_str(&self, f: &mut Formatter<'_>) -> fmt::Result {
        (**self).fmt_str(f)
    }
}

impl<T: PyFmt + ?Sized> PyFmt for &mut T {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        (**self).fmt_repr(f)
    }
    fn fmt_str(&self, f: &mut Formatter<'_>) -> fmt::Result {
        (**self).fmt_str(f)
    }
}

impl<T: PyFmt + ?Sized> PyFmt for Box<T> {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        (**self).fmt_repr(f)
    }
    fn fmt_str(&self, f: &mut Formatter<'_>) -> fmt::Result {
        (**self).fmt_str(f)
    }
}

impl<T: PyFmt + ?Sized> PyFmt for Rc<T> {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        (**self).fmt_repr(f)
    }
    fn fmt_str(&self, f: &mut Formatter<'_>) -> fmt::Result {
        (**self).fmt_str(f)
    }
}

impl<T: PyFmt + ?Sized> PyFmt for RefCell<T> {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.borrow().fmt_repr(f)
    }
    fn fmt_str(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.borrow().fmt_str(f)
    }
}

fn write_seq<'a, T: PyFmt + 'a>(
    f: &mut Formatter<'_>,
    open: &str,
    close: &str,
    items: impl Iterator<Item = &'a T>,
) -> fmt::Result {
    f.write_str(open)?;
    for (i, x) in items.enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        x.fmt_repr(f)?;
    }
    f.write_str(close)
}

impl<T: PyFmt> PyFmt for [T] {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_seq(f, "[", "]", self.iter())
    }
}

impl<T: PyFmt, const N: usize> PyFmt for [T; N] {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_seq(f, "[", "]", self.iter())
    }
}

impl<T: PyFmt> PyFmt for Vec<T> {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_seq(f, "[", "]", self.iter())
    }
}

impl<T: PyFmt> PyFmt for VecDeque<T> {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_seq(f, "deque([", "])", self.iter())
    }
}

impl<K: PyFmt, V: PyFmt, H: BuildHasher> PyFmt for indexmap::IndexMap<K, V, H> {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            k.fmt_repr(f)?;
            f.write_str(": ")?;
            v.fmt_repr(f)?;
        }
        f.write_str("}")
    }
}

impl<T: PyFmt, H: BuildHasher> PyFmt for indexmap::IndexSet<T, H> {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("set()");
        }
        write_seq(f, "{", "}", self.iter())
    }
}

macro_rules! tuple_pyfmt {
    ($($name:ident $idx:tt),+) => {
        impl<$($name: PyFmt),+> PyFmt for ($($name,)+) {
            fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
                f.write_str("(")?;
                let mut _first = true;
                $(
                    if !_first { f.write_str(", ")?; }
                    _first = false;
                    self.$idx.fmt_repr(f)?;
                )+
                if [$(stringify!($idx)),+].len() == 1 { f.write_str(",")?; }
                f.write_str(")")
            }
        }
    };
}
tuple_pyfmt!(A 0);
tuple_pyfmt!(A 0, B 1);
tuple_pyfmt!(A 0, B 1, C 2);
tuple_pyfmt!(A 0, B 1, C 2, D 3);
tuple_pyfmt!(A 0, B 1, C 2, D 3, E 4);
tuple_pyfmt!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_pyfmt!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_pyfmt!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

impl PyFmt for crate::exc::PyErr {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.msg.is_empty() {
            write!(f, "{}()", self.kind)
        } else {
            write!(f, "{}({})", self.kind, str_repr(&self.msg))
        }
    }
    fn fmt_str(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

// ---------------------------------------------------------------------------
// repr helpers

/// True if CPython considers `c` printable (`str.isprintable`, Unicode 14 tables).
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    crate::unicode_tables::in_table(crate::unicode_tables::PRINTABLE, c)
}

/// Python `repr()` of a string (quotes chosen like CPython).
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let u = c as u32;
                if u < 0x100 {
                    let _ = write!(out, "\\x{u:02x}");
                } else if u < 0x10000 {
                    let _ = write!(out, "\\u{u:04x}");
                } else {
                    let _ = write!(out, "\\U{u:08x}");
                }
            }
        }
    }
    out.push(quote);
    out
}

/// Shortest round-trip decimal digits and exponent of a finite non-negative float
/// (`prec` = Some(p): rounded to p+1 significant digits).
fn sci_digits(x: f64, prec: Option<usize>) -> (String, i32) {
    let s = match prec {
        None => format!("{x:e}"),
        Some(p) => format!("{x:.p$e}"),
    };
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = m.chars().filter(|c| *c != '.').collect();
    (digits, e.parse().unwrap_or(0))
}

fn exp_suffix(e: i32) -> String {
    if e < 0 {
        format!("e-{:02}", -e)
    } else {
        format!("e+{e:02}")
    }
}

/// Fixed notation from significant digits `d` whose first digit has weight 10^e.
fn fixed_from_digits(d: &str, e: i32, force_dot: bool, dot0: bool) -> String {
    let (int, frac) = if e >= 0 {
        let k = e as usize + 1;
        if d.len() <= k {
            (format!("{d}{}", "0".repeat(k - d.len())), String::new())
        } else {
            (d[..k].to_string(), d[k..].to_string())
        }
    } else {
        (
            "0".to_string(),
            format!("{}{d}", "0".repeat((-e - 1) as usize)),
        )
    };
    if !frac.is_empty() {
        format!("{int}.{frac}")
    } else if dot0 {
        format!("{int}.0")
    } else if force_dot {
        format!("{int}.")
    } else {
        int
    }
}

fn sci_from_digits(d: &str, e: i32, force_dot: bool) -> String {
    let mut s = d[..1].to_string();
    if d.len() > 1 {
        s.push('.');
        s.push_str(&d[1..]);
    } else if force_dot {
        s.push('.');
    }
    s.push_str(&exp_suffix(e));
    s
}

/// Python `repr(float)`.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let (d, e) = sci_digits(x.abs(), None);
    let body = if (-4..16).contains(&e) {
        fixed_from_digits(&d, e, false, true)
    } else {
        sci_from_digits(&d, e, false)
    };
    format!("{sign}{body}")
}

/// Formats a finite non-negative float for presentation type `ty`
/// ('e','f','g','%','r' = no type with precision, 'R' = repr).
fn float_body(x: f64, ty: char, prec: Option<usize>, alt: bool) -> String {
    match ty {
        'e' => {
            let p = prec.unwrap_or(6);
            let (d, e) = sci_digits(x, Some(p));
            sci_from_digits(&d, e, alt)
        }
        'f' => {
            let p = prec.unwrap_or(6);
            let s = format!("{x:.p$}");
            if alt && p == 0 {
                s + "."
            } else {
                s
            }
        }
        '%' => float_body(x * 100.0, 'f', prec, alt) + "%",
        'R' => {
            let (d, e) = sci_digits(x, None);
            if (-4..16).contains(&e) {
                fixed_from_digits(&d, e, false, true)
            } else {
                sci_from_digits(&d, e, alt)
            }
        }
        _ => {
            // 'g' and 'r' (no type, explicit precision)
            let p = match prec.unwrap_or(6) {
                0 => 1,
                p => p,
            };
            let (mut d, e) = sci_digits(x, Some(p - 1));
            if !alt {
                let t = d.trim_end_matches('0');
                d = if t.is_empty() {
                    "0".to_string()
                } else {
                    t.to_string()
                };
            }
            let limit = if ty == 'r' { p as i32 - 1 } else { p as i32 };
            if e < -4 || e >= limit {
                sci_from_digits(&d, e, alt)
            } else {
                fixed_from_digits(&d, e, alt, ty == 'r')
            }
        }
    }
}

// ---------------------------------------------------------------------------
// format() mini-language

/// Python's `format(value, spec)` for one value.
pub trait PyFormat {
    /// Returns `format(self, spec)`.
    fn py_format(&self, spec: &str) -> String;
}

/// Python `format(x, spec)`.
pub fn format_spec<T: PyFormat + ?Sized>(x: &T, spec: &str) -> String {
    x.py_format(spec)
}

impl<T: PyFormat + ?Sized> PyFormat for &T {
    fn py_format(&self, spec: &str) -> String {
        (**self).py_format(spec)
    }
}

impl PyFormat for f64 {
    fn py_format(&self, spec: &str) -> String {
        format_float(*self, spec)
    }
}

impl PyFormat for f32 {
    fn py_format(&self, spec: &str) -> String {
        format_float(*self as f64, spec)
    }
}

impl PyFormat for bool {
    fn py_format(&self, spec: &str) -> String {
        if spec.is_empty() {
            to_str(self)
        } else {
            format_int_named(*self as i128, spec, "bool")
        }
    }
}

impl PyFormat for str {
    fn py_format(&self, spec: &str) -> String {
        format_str(self, spec)
    }
}

impl PyFormat for String {
    fn py_format(&self, spec: &str) -> String {
        format_str(self, spec)
    }
}

impl PyFormat for char {
    fn py_format(&self, spec: &str) -> String {
        format_str(&self.to_string(), spec)
    }
}

/// A parsed format specification.
#[derive(Clone, Debug, Default)]
pub struct Spec {
    /// Fill character (if given explicitly or via the `0` flag).
    pub fill: Option<char>,
    /// Alignment `<`, `>`, `^`, `=` if given.
    pub align: Option<char>,
    /// `+`, `-` or ` ` if given.
    pub sign: Option<char>,
    /// The `z` flag.
    pub z: bool,
    /// The `#` flag.
    pub alt: bool,
    /// The `0` flag.
    pub zero: bool,
    /// Minimum width.
    pub width: usize,
    /// Grouping separator `,` or `_`.
    pub grouping: Option<char>,
    /// Precision.
    pub precision: Option<usize>,
    /// Presentation type.
    pub ty: Option<char>,
}

fn parse_spec(spec: &str, type_name: &str) -> Spec {
    let c: Vec<char> = spec.chars().collect();
    let mut s = Spec::default();
    let mut i = 0;
    let is_align = |ch: char| matches!(ch, '<' | '>' | '^' | '=');
    if c.len() >= 2 && is_align(c[1]) {
        s.fill = Some(c[0]);
        s.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        s.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        s.sign = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == 'z' {
        s.z = true;
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        s.alt = true;
        i += 1;
    }
    if s.fill.is_none() && i < c.len() && c[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let st = i;
    while i < c.len() && c[i].is_ascii_digit() {
        i += 1;
    }
    if i > st {
        let w: String = c[st..i].iter().collect();
        s.width = w
            .parse()
            .unwrap_or_else(|_| raise("ValueError", "Too many decimal digits in format string"));
    }
    if i < c.len() && matches!(c[i], ',' | '_') {
        s.grouping = Some(c[i]);
        i += 1;
        if i < c.len() && matches!(c[i], ',' | '_') {
            raise("ValueError", "Cannot specify both ',' and '_'.");
        }
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        let st = i;
        while i < c.len() && c[i].is_ascii_digit() {
            i += 1;
        }
        if i == st {
            raise("ValueError", "Format specifier missing precision");
        }
        let p: String = c[st..i].iter().collect();
        s.precision =
            Some(p.parse().unwrap_or_else(|_| {
                raise("ValueError", "Too many decimal digits in format string")
            }));
    }
    if i + 1 == c.len() {
        s.ty = Some(c[i]);
    } else if i < c.len() {
        raise(
            "ValueError",
            format!("Invalid format specifier '{spec}' for object of type '{type_name}'"),
        );
    }
    s
}

/// Inserts grouping separators into `digits` (CPython's algorithm, incl. zero padding to `min_width`).
fn group_digits(digits: &str, sep: char, size: usize, min_width: isize) -> String {
    let d: Vec<char> = digits.chars().collect();
    let mut remaining = d.len() as isize;
    let mut min_width = min_width.max(0);
    let size = size as isize;
    let mut parts: Vec<String> = Vec::new();
    loop {
        let l = size.min(remaining.max(min_width).max(1));
        let n_zeros = (l - remaining).max(0);
        let n_chars = remaining.min(l).max(0);
        let mut part = "0".repeat(n_zeros as usize);
        part.extend(&d[(remaining - n_chars) as usize..remaining as usize]);
        parts.push(part);
        remaining -= n_chars;
        min_width -= l;
        if remaining <= 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    parts.reverse();
    parts.join(&sep.to_string())
}

/// Pads `body` (already signed) to the spec's width with the given default alignment.
fn pad(s: &Spec, prefix: &str, body: &str, default_align: char) -> String {
    let fill = s.fill.unwrap_or(if s.zero { '0' } else { ' ' });
    let align = s.align.unwrap_or(if s.zero && default_align == '>' {
        '='
    } else {
        default_align
    });
    let len = prefix.chars().count() + body.chars().count();
    if len >= s.width {
        return format!("{prefix}{body}");
    }
    let n = s.width - len;
    let fills = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    match align {
        '<' => format!("{prefix}{body}{}", fills(n)),
        '^' => format!("{}{prefix}{body}{}", fills(n / 2), fills(n - n / 2)),
        '=' => format!("{prefix}{}{body}", fills(n)),
        _ => format!("{}{prefix}{body}", fills(n)),
    }
}

/// Assembles a number: sign+prefix, integer digits (grouped), rest; then pads.
fn finish_number(
    s: &Spec,
    neg: bool,
    prefix: &str,
    intdigits: &str,
    rest: &str,
    group_size: usize,
) -> String {
    let sign = if neg {
        "-"
    } else {
        match s.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    };
    let lead = format!("{sign}{prefix}");
    let fill = s.fill.unwrap_or(if s.zero { '0' } else { ' ' });
    let align = s.align.unwrap_or(if s.zero { '=' } else { '>' });
    let digits = match s.grouping {
        Some(sep) => {
            let min_width = if fill == '0' && align == '=' {
                s.width as isize - lead.chars().count() as isize - rest.chars().count() as isize
            } else {
                0
            };
            group_digits(intdigits, sep, group_size, min_width)
        }
        None => intdigits.to_string(),
    };
    pad(s, &lead, &format!("{digits}{rest}"), '>')
}

/// `format(int, spec)`.
pub fn format_int(v: i128, spec: &str) -> String {
    format_int_named(v, spec, "int")
}

fn format_int_named(v: i128, spec: &str, type_name: &str) -> String {
    if spec.is_empty() {
        return v.to_string();
    }
    let s = parse_spec(spec, type_name);
    let ty = s.ty.unwrap_or('d');
    match ty {
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => return format_float_spec(v as f64, &s),
        'b' | 'c' | 'd' | 'n' | 'o' | 'x' | 'X' => {}
        _ => raise(
            "ValueError",
            format!("Unknown format code '{ty}' for object of type '{type_name}'"),
        ),
    }
    if s.z {
        raise(
            "ValueError",
            "Negative zero coercion (z) not allowed in integer format specifier",
        );
    }
    if s.precision.is_some() {
        raise(
            "ValueError",
            "Precision not allowed in integer format specifier",
        );
    }
    if let Some(g) = s.grouping {
        if ty == 'n' || (g == ',' && ty != 'd') || ty == 'c' {
            raise("ValueError", format!("Cannot specify '{g}' with '{ty}'."));
        }
    }
    let neg = v < 0;
    let a = v.unsigned_abs();
    let (prefix, digits, gsize) = match ty {
        'b' => ("0b", format!("{a:b}"), 4),
        'o' => ("0o", format!("{a:o}"), 4),
        'x' => ("0x", format!("{a:x}"), 4),
        'X' => ("0X", format!("{a:X}"), 4),
        'c' => {
            if s.sign.is_some() {
                raise(
                    "ValueError",
                    "Sign not allowed with integer format specifier 'c'",
                );
            }
            if s.alt {
                raise(
                    "ValueError",
                    "Alternate form (#) not allowed with integer format specifier 'c'",
                );
            }
            let ch = u32::try_from(v)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or_else(|| raise("OverflowError", "%c arg not in range(0x110000)"));
            return pad(&s, "", &ch.to_string(), '>');
        }
        _ => ("", a.to_string(), 3),
    };
    let prefix = if s.alt { prefix } else { "" };
    finish_number(&s, neg, prefix, &digits, "", gsize)
}

/// `format(float, spec)`.
pub fn format_float(x: f64, spec: &str) -> String {
    if spec.is_empty() {
        return float_repr(x);
    }
    let s = parse_spec(spec, "float");
    format_float_spec(x, &s)
}

fn format_float_spec(x: f64, s: &Spec) -> String {
    let ty =
        s.ty.unwrap_or(if s.precision.is_some() { 'r' } else { 'R' });
    let (base, upper) = match ty {
        'e' | 'f' | 'g' | '%' | 'r' | 'R' => (ty, false),
        'E' | 'F' | 'G' => (ty.to_ascii_lowercase(), true),
        'n' => ('g', false),
        _ => raise(
            "ValueError",
            format!("Unknown format code '{ty}' for object of type 'float'"),
        ),
    };
    if s.grouping == Some(',') && ty == 'n' {
        raise("ValueError", "Cannot specify ',' with 'n'.");
    }
    let mut neg = x.is_sign_negative() && !x.is_nan();
    let a = x.abs();
    let mut body = if a.is_finite() {
        float_body(a, base, s.precision, s.alt)
    } else {
        let t = if a.is_nan() { "nan" } else { "inf" };
        if base == '%' {
            format!("{t}%")
        } else {
            t.to_string()
        }
    };
    if upper {
        body = body.to_uppercase();
    }
    if neg && s.z && a.is_finite() && body.chars().all(|c| !c.is_ascii_digit() || c == '0') {
        neg = false;
    }
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        let t = Spec {
            grouping: None,
            ..s.clone()
        };
        return finish_number(&t, neg, "", "", &body, 3);
    }
    let split = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let (int, rest) = body.split_at(split);
    finish_number(s, neg, "", int, rest, 3)
}

/// `format(str, spec)`.
pub fn format_str(v: &str, spec: &str) -> String {
    if spec.is_empty() {
        return v.to_string();
    }
    let s = parse_spec(spec, "str");
    match s.ty {
        None | Some('s') => {}
        Some(t) => raise(
            "ValueError",
            format!("Unknown format code '{t}' for object of type 'str'"),
        ),
    }
    if s.sign.is_some() {
        raise("ValueError", "Sign not allowed in string format specifier");
    }
    if s.alt {
        raise(
            "ValueError",
            "Alternate form (#) not allowed in string format specifier",
        );
    }
    if let Some(g) = s.grouping {
        raise("ValueError", format!("Cannot specify '{g}' with 's'."));
    }
    if s.align == Some('=') {
        raise(
            "ValueError",
            "'=' alignment not allowed in string format specifier",
        );
    }
    let body: String = match s.precision {
        Some(p) => v.chars().take(p).collect(),
        None => v.to_string(),
    };
    pad(&s, "", &body, '<')
}

// ---------------------------------------------------------------------------
// printf-style formatting

/// One argument of printf-style `%` formatting.
#[derive(Clone, Debug, PartialEq)]
pub enum PyArg {
    /// An `int`.
    Int(i64),
    /// A `float`.
    Float(f64),
    /// A `str`.
    Str(String),
    /// A `bool`.
    Bool(bool),
    /// Any other object, given as its already-computed `repr()` (used for `%s` and `%r`).
    Repr(String),
}

impl From<i64> for PyArg {
    fn from(v: i64) -> Self {
        PyArg::Int(v)
    }
}
impl From<i32> for PyArg {
    fn from(v: i32) -> Self {
        PyArg::Int(v as i64)
    }
}
impl From<usize> for PyArg {
    fn from(v: usize) -> Self {
        PyArg::Int(v as i64)
    }
}
impl From<f64> for PyArg {
    fn from(v: f64) -> Self {
        PyArg::Float(v)
    }
}
impl From<bool> for PyArg {
    fn from(v: bool) -> Self {
        PyArg::Bool(v)
    }
}
impl From<String> for PyArg {
    fn from(v: String) -> Self {
        PyArg::Str(v)
    }
}
impl From<&String> for PyArg {
    fn from(v: &String) -> Self {
        PyArg::Str(v.clone())
    }
}
impl From<&str> for PyArg {
    fn from(v: &str) -> Self {
        PyArg::Str(v.to_string())
    }
}
impl From<char> for PyArg {
    fn from(v: char) -> Self {
        PyArg::Str(v.to_string())
    }
}

impl PyArg {
    fn type_name(&self) -> &'static str {
        match self {
            PyArg::Int(_) => "int",
            PyArg::Float(_) => "float",
            PyArg::Str(_) => "str",
            PyArg::Bool(_) => "bool",
            PyArg::Repr(_) => "object",
        }
    }
    fn str_(&self) -> String {
        match self {
            PyArg::Int(i) => i.to_string(),
            PyArg::Float(x) => float_repr(*x),
            PyArg::Str(s) | PyArg::Repr(s) => s.clone(),
            PyArg::Bool(b) => to_str(b),
        }
    }
    fn repr_(&self) -> String {
        match self {
            PyArg::Str(s) => str_repr(s),
            other => other.str_(),
        }
    }
}

fn ascii_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let u = c as u32;
        if u < 0x80 {
            out.push(c);
        } else if u < 0x100 {
            let _ = write!(out, "\\x{u:02x}");
        } else if u < 0x10000 {
            let _ = write!(out, "\\u{u:04x}");
        } else {
            let _ = write!(out, "\\U{u:08x}");
        }
    }
    out
}

/// Python's `fmt % args` (printf-style formatting).
pub fn percent_format(fmt: &str, args: &[PyArg]) -> String {
    let c: Vec<char> = fmt.chars().collect();
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut ai = 0;
    let mut i = 0;
    let next_arg = |ai: &mut usize| -> PyArg {
        if *ai >= args.len() {
            raise("TypeError", "not enough arguments for format string");
        }
        *ai += 1;
        args[*ai - 1].clone()
    };
    while i < c.len() {
        if c[i] != '%' {
            out.push(c[i]);
            i += 1;
            continue;
        }
        i += 1;
        let (mut left, mut plus, mut space, mut alt, mut zero) =
            (false, false, false, false, false);
        while i < c.len() {
            match c[i] {
                '-' => left = true,
                '+' => plus = true,
                ' ' => space = true,
                '#' => alt = true,
                '0' => zero = true,
                _ => break,
            }
            i += 1;
        }
        let mut width = 0usize;
        if i < c.len() && c[i] == '*' {
            let w = match next_arg(&mut ai) {
                PyArg::Int(w) => w,
                PyArg::Bool(b) => b as i64,
                _ => raise("TypeError", "* wants int"),
            };
            if w < 0 {
                left = true;
            }
            width = w.unsigned_abs() as usize;
            i += 1;
        } else {
            while i < c.len() && c[i].is_ascii_digit() {
                width = width * 10 + c[i].to_digit(10).unwrap_or(0) as usize;
                i += 1;
            }
        }
        let mut prec: Option<usize> = None;
        if i < c.len() && c[i] == '.' {
            i += 1;
            let mut p = 0usize;
            if i < c.len() && c[i] == '*' {
                p = match next_arg(&mut ai) {
                    PyArg::Int(w) => w.max(0) as usize,
                    _ => raise("TypeError", "* wants int"),
                };
                i += 1;
            } else {
                while i < c.len() && c[i].is_ascii_digit() {
                    p = p * 10 + c[i].to_digit(10).unwrap_or(0) as usize;
                    i += 1;
                }
            }
            prec = Some(p);
        }
        while i < c.len() && matches!(c[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= c.len() {
            raise("ValueError", "incomplete format");
        }
        let conv = c[i];
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let sign_of = |neg: bool| -> &'static str {
            if neg {
                "-"
            } else if plus {
                "+"
            } else if space {
                " "
            } else {
                ""
            }
        };
        // (sign+prefix, body, numeric)
        let (lead, body, numeric): (String, String, bool) = match conv {
            's' | 'r' | 'a' => {
                let a = next_arg(&mut ai);
                let mut t = match conv {
                    's' => a.str_(),
                    'r' => a.repr_(),
                    _ => ascii_escape(&a.repr_()),
                };
                if let Some(p) = prec {
                    t = t.chars().take(p).collect();
                }
                (String::new(), t, false)
            }
            'c' => {
                let t = match next_arg(&mut ai) {
                    PyArg::Int(v) => u32::try_from(v)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or_else(|| raise("OverflowError", "%c arg not in range(0x110000)"))
                        .to_string(),
                    PyArg::Bool(b) => char::from(b as u8).to_string(),
                    PyArg::Str(s) if s.chars().count() == 1 => s,
                    _ => raise("TypeError", "%c requires int or char"),
                };
                (String::new(), t, false)
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let a = next_arg(&mut ai);
                let v: i128 = match a {
                    PyArg::Int(v) => v as i128,
                    PyArg::Bool(b) => b as i128,
                    PyArg::Float(x) if matches!(conv, 'd' | 'i' | 'u') => {
                        crate::int::from_float(x) as i128
                    }
                    other => {
                        let what = if matches!(conv, 'd' | 'i' | 'u') {
                            "a real number"
                        } else {
                            "an integer"
                        };
                        raise(
                            "TypeError",
                            format!(
                                "%{conv} format: {what} is required, not {}",
                                other.type_name()
                            ),
                        )
                    }
                };
                let a = v.unsigned_abs();
                let mut digits = match conv {
                    'x' => format!("{a:x}"),
                    'X' => format!("{a:X}"),
                    'o' => format!("{a:o}"),
                    _ => a.to_string(),
                };
                if let Some(p) = prec {
                    if digits.len() < p {
                        digits = format!("{}{digits}", "0".repeat(p - digits.len()));
                    }
                }
                let prefix = match (alt, conv) {
                    (true, 'x') => "0x",
                    (true, 'X') => "0X",
                    (true, 'o') => "0o",
                    _ => "",
                };
                (format!("{}{prefix}", sign_of(v < 0)), digits, true)
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match next_arg(&mut ai) {
                    PyArg::Int(v) => v as f64,
                    PyArg::Bool(b) => b as i64 as f64,
                    PyArg::Float(x) => x,
                    other => raise(
                        "TypeError",
                        format!("must be real number, not {}", other.type_name()),
                    ),
                };
                let lower = conv.to_ascii_lowercase();
                let a = x.abs();
                let mut body = if a.is_finite() {
                    float_body(a, lower, Some(prec.unwrap_or(6)), alt)
                } else if a.is_nan() {
                    "nan".to_string()
                } else {
                    "inf".to_string()
                };
                if conv.is_ascii_uppercase() {
                    body = body.to_uppercase();
                }
                (
                    sign_of(x.is_sign_negative() && !x.is_nan()).to_string(),
                    body,
                    true,
                )
            }
            _ => raise(
                "ValueError",
                format!(
                    "unsupported format character '{conv}' (0x{:x}) at index {}",
                    conv as u32,
                    i - 1
                ),
            ),
        };
        let len = lead.chars().count() + body.chars().count();
        if len >= width {
            out.push_str(&lead);
            out.push_str(&body);
        } else if left {
            out.push_str(&lead);
            out.push_str(&body);
            out.extend(std::iter::repeat_n(' ', width - len));
        } else if zero && numeric {
            out.push_str(&lead);
            out.extend(std::iter::repeat_n('0', width - len));
            out.push_str(&body);
        } else {
            out.extend(std::iter::repeat_n(' ', width - len));
            out.push_str(&lead);
            out.push_str(&body);
        }
    }
    if ai < args.len() {
        raise(
            "TypeError",
            "not all arguments converted during string formatting",
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_with_zero_padding() {
        // format(1234, '08,') == format(1234, '09,') == '0,001,234'
        assert_eq!(group_digits("1234", ',', 3, 8), "0,001,234");
        assert_eq!(group_digits("1234", ',', 3, 9), "0,001,234");
        assert_eq!(group_digits("1234567", ',', 3, 0), "1,234,567");
        assert_eq!(group_digits("11111111", '_', 4, 0), "1111_1111");
    }

    #[test]
    fn float_repr_basics() {
        // repr() of these in python3
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1.5e-5), "1.5e-05");
        assert_eq!(float_repr(-0.0), "-0.0");
        assert_eq!(float_repr(123.0), "123.0");
        assert_eq!(float_repr(0.1 + 0.2), "0.30000000000000004");
    }
}
