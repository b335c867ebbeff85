//! `json`: `dumps`/`dump` byte-exact with CPython's encoder, `loads`/`load` parsed by serde_json.
//!
//! Output goes through [`PyFormatter`], a `serde_json::ser::Formatter` that writes Python's float
//! `repr` (`1e+16`, `Infinity`, `NaN`), its separators, `indent` layout and `ensure_ascii` escapes.

use crate::exc::raise;
use crate::fmt::{float_repr, str_repr, PyFmt};
use crate::Dict;
use serde_json::ser::{CharEscape, Formatter};
use std::fmt;
use std::io::{self, Write};

/// A value of a JSON document, the type `Any` takes in transpiled code (`json.loads`' result and
/// dict values of mixed types).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `None`
    Null,
    /// `bool`
    Bool(bool),
    /// `int`
    Int(i64),
    /// `float`
    Float(f64),
    /// `str`
    Str(String),
    /// `list`
    List(Vec<Value>),
    /// `dict` (insertion ordered, str keys); boxed to keep every value at 32 bytes
    Dict(Box<Dict<String, Value>>),
}

impl Value {
    fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
        }
    }

    /// `v[key]` on a dict value (KeyError / TypeError as Python raises them).
    pub fn get_key(&self, key: &str) -> Value {
        match self {
            Value::Dict(d) => d
                .get(key)
                .cloned()
                .unwrap_or_else(|| raise("KeyError", str_repr(key))),
            Value::List(_) => raise(
                "TypeError",
                "list indices must be integers or slices, not str",
            ),
            other => raise(
                "TypeError",
                format!("'{}' object is not subscriptable", other.type_name()),
            ),
        }
    }

    /// `v[i]` on a list value (negative indexes count from the end).
    pub fn get_index(&self, i: i64) -> Value {
        match self {
            Value::List(l) => {
                let n = l.len() as i64;
                let j = if i < 0 { i + n } else { i };
                if j < 0 || j >= n {
                    raise("IndexError", "list index out of range");
                }
                l[j as usize].clone()
            }
            Value::Dict(_) => raise("KeyError", i.to_string()),
            other => raise(
                "TypeError",
                format!("'{}' object is not subscriptable", other.type_name()),
            ),
        }
    }

    /// `len(v)`.
    pub fn len(&self) -> i64 {
        match self {
            Value::List(l) => l.len() as i64,
            Value::Dict(d) => d.len() as i64,
            Value::Str(s) => crate::pystr::len(s),
            other => raise(
                "TypeError",
                format!("object of type '{}' has no len()", other.type_name()),
            ),
        }
    }

    /// Whether `len(v) == 0` (for clippy's `len_without_is_empty`).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `for x in v`: list items or dict keys.
    pub fn items(&self) -> Vec<Value> {
        match self {
            Value::List(l) => l.clone(),
            Value::Dict(d) => d.keys().map(|k| Value::Str(k.clone())).collect(),
            Value::Str(s) => s.chars().map(|c| Value::Str(c.to_string())).collect(),
            other => raise(
                "TypeError",
                format!("'{}' object is not iterable", other.type_name()),
            ),
        }
    }

    /// Truth value, as `bool(v)`.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Dict(d) => !d.is_empty(),
        }
    }
}

macro_rules! value_from {
    ($($t:ty => $v:ident $(as $c:ty)?),*) => {$(
        impl From<$t> for Value {
            fn from(x: $t) -> Value {
                Value::$v(x $(as $c)?)
            }
        }
    )*};
}
value_from!(bool => Bool, i64 => Int, f64 => Float, String => Str);

impl From<&str> for Value {
    fn from(x: &str) -> Value {
        Value::Str(x.to_string())
    }
}

impl From<()> for Value {
    fn from(_: ()) -> Value {
        Value::Null
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(x: Option<T>) -> Value {
        x.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Box<T>> for Value {
    fn from(x: Box<T>) -> Value {
        (*x).into()
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(x: Vec<T>) -> Value {
        Value::List(x.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Value>> From<Dict<String, T>> for Value {
    fn from(x: Dict<String, T>) -> Value {
        Value::Dict(Box::new(
            x.into_iter().map(|(k, v)| (k, v.into())).collect(),
        ))
    }
}

/// Conversion of an `Any` value to a static type (`n: int = data["n"]`), raising TypeError
/// when the document holds something else.
pub trait FromValue: Sized {
    /// The typed value, or TypeError naming the expected type.
    fn from_value(v: Value) -> Self;
}

fn wrong(expected: &str, v: &Value) -> ! {
    raise(
        "TypeError",
        format!("expected {expected}, got {}", v.type_name()),
    )
}

impl FromValue for Value {
    fn from_value(v: Value) -> Self {
        v
    }
}

impl FromValue for i64 {
    fn from_value(v: Value) -> Self {
        match v {
            Value::Int(i) => i,
            Value::Bool(b) => i64::from(b),
            other => wrong("int", &other),
        }
    }
}

impl FromValue for f64 {
    fn from_value(v: Value) -> Self {
        match v {
            Value::Float(f) => f,
            Value::Int(i) => i as f64,
            other => wrong("float", &other),
        }
    }
}

impl FromValue for bool {
    fn from_value(v: Value) -> Self {
        match v {
            Value::Bool(b) => b,
            other => wrong("bool", &other),
        }
    }
}

impl FromValue for String {
    fn from_value(v: Value) -> Self {
        match v {
            Value::Str(s) => s,
            other => wrong("str", &other),
        }
    }
}

impl FromValue for () {
    fn from_value(v: Value) -> Self {
        match v {
            Value::Null => (),
            other => wrong("None", &other),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: Value) -> Self {
        match v {
            Value::Null => None,
            other => Some(T::from_value(other)),
        }
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(v: Value) -> Self {
        match v {
            Value::List(l) => l.into_iter().map(T::from_value).collect(),
            other => wrong("list", &other),
        }
    }
}

impl<T: FromValue> FromValue for Dict<String, T> {
    fn from_value(v: Value) -> Self {
        match v {
            Value::Dict(d) => d.into_iter().map(|(k, x)| (k, T::from_value(x))).collect(),
            other => wrong("dict", &other),
        }
    }
}

/// `x: T = any_value`: the typed view of a JSON value.
pub fn cast<T: FromValue>(v: Value) -> T {
    T::from_value(v)
}

impl PyFmt for Value {
    fn fmt_repr(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("None"),
            Value::Bool(b) => b.fmt_repr(f),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&float_repr(*x)),
            Value::Str(s) => f.write_str(&str_repr(s)),
            Value::List(l) => l.fmt_repr(f),
            Value::Dict(d) => d.fmt_repr(f),
        }
    }

    fn fmt_str(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => f.write_str(s),
            other => other.fmt_repr(f),
        }
    }
}

// ------------------------------------------------------------------ dumps

/// The keyword arguments of `json.dumps` that shape the text.
#[derive(Clone, Debug)]
pub struct Opts {
    /// `indent=`: None for one line, else the string repeated per level.
    pub indent: Option<String>,
    /// `separators[0]`.
    pub item_sep: String,
    /// `separators[1]`.
    pub key_sep: String,
    /// `sort_keys=`.
    pub sort_keys: bool,
    /// `ensure_ascii=`.
    pub ensure_ascii: bool,
    /// `allow_nan=`.
    pub allow_nan: bool,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            indent: None,
            item_sep: ", ".to_string(),
            key_sep: ": ".to_string(),
            sort_keys: false,
            ensure_ascii: true,
            allow_nan: true,
        }
    }
}

impl Opts {
    /// Options from the keywords: `indent` as spaces (int) or a string, `separators` when given.
    pub fn new(
        indent: Option<String>,
        separators: Option<(String, String)>,
        sort_keys: bool,
        ensure_ascii: bool,
        allow_nan: bool,
    ) -> Opts {
        // with an indent the item separator drops its trailing space (json.dumps' documented default)
        let (item_sep, key_sep) = separators.unwrap_or_else(|| {
            let item = if indent.is_some() { "," } else { ", " };
            (item.to_string(), ": ".to_string())
        });
        Opts {
            indent,
            item_sep,
            key_sep,
            sort_keys,
            ensure_ascii,
            allow_nan,
        }
    }
}

/// `indent=n` for an int n: n spaces (none for n <= 0, which still breaks lines).
pub fn indent_spaces(n: i64) -> String {
    " ".repeat(n.max(0) as usize)
}

/// A serde_json formatter producing CPython's `json.dumps` layout.
pub struct PyFormatter<'a> {
    opts: &'a Opts,
    level: usize,
    has_value: bool,
}

impl<'a> PyFormatter<'a> {
    /// A formatter at nesting level 0.
    pub fn new(opts: &'a Opts) -> Self {
        PyFormatter {
            opts,
            level: 0,
            has_value: false,
        }
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        if let Some(ind) = &self.opts.indent {
            w.write_all(b"\n")?;
            for _ in 0..self.level {
                w.write_all(ind.as_bytes())?;
            }
        }
        Ok(())
    }

    fn begin<W: ?Sized + Write>(&mut self, w: &mut W, open: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(open)
    }

    fn end<W: ?Sized + Write>(&mut self, w: &mut W, close: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        self.has_value = true;
        w.write_all(close)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(self.opts.item_sep.as_bytes())?;
        }
        self.newline(w)
    }
}

impl Formatter for PyFormatter<'_> {
    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        let text = if value.is_nan() {
            "NaN".to_string()
        } else if value.is_infinite() {
            if value > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
        } else {
            float_repr(value)
        };
        w.write_all(text.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(self.opts.key_sep.as_bytes())
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A JSON encoder over the formatter: the output buffer and the options.
pub struct Encoder<'a> {
    out: Vec<u8>,
    fmt: PyFormatter<'a>,
}

impl Encoder<'_> {
    fn io(r: io::Result<()>) {
        // writes go to a Vec, which cannot fail
        r.unwrap_or_else(|e| raise("OSError", e.to_string()));
    }

    /// `null`.
    pub fn null(&mut self) {
        Self::io(self.fmt.write_null(&mut self.out));
    }

    /// `true`/`false`.
    pub fn bool(&mut self, b: bool) {
        Self::io(self.fmt.write_bool(&mut self.out, b));
    }

    /// An integer.
    pub fn int(&mut self, i: i64) {
        Self::io(self.fmt.write_i64(&mut self.out, i));
    }

    /// A float, as Python's repr (ValueError for NaN/inf under `allow_nan=False`).
    pub fn float(&mut self, x: f64) {
        if !x.is_finite() && !self.fmt.opts.allow_nan {
            raise(
                "ValueError",
                format!(
                    "Out of range float values are not JSON compliant: {}",
                    float_repr(x)
                ),
            );
        }
        Self::io(self.fmt.write_f64(&mut self.out, x));
    }

    /// A string with Python's escapes.
    pub fn str(&mut self, s: &str) {
        Self::io(self.write_str(s));
    }

    fn write_str(&mut self, s: &str) -> io::Result<()> {
        let ascii = self.fmt.opts.ensure_ascii;
        let (f, w) = (&mut self.fmt, &mut self.out);
        f.begin_string(w)?;
        let bytes = s.as_bytes();
        let mut start = 0;
        for (i, c) in s.char_indices() {
            let esc = match c {
                '"' => Some(CharEscape::Quote),
                '\\' => Some(CharEscape::ReverseSolidus),
                '\u{8}' => Some(CharEscape::Backspace),
                '\u{c}' => Some(CharEscape::FormFeed),
                '\n' => Some(CharEscape::LineFeed),
                '\r' => Some(CharEscape::CarriageReturn),
                '\t' => Some(CharEscape::Tab),
                c if (c as u32) < 0x20 => Some(CharEscape::AsciiControl(c as u8)),
                _ => None,
            };
            let non_ascii = ascii && (c as u32) > 0x7e;
            if esc.is_none() && !non_ascii {
                continue;
            }
            if start < i {
                f.write_string_fragment(w, &s[start..i])?;
            }
            start = i + c.len_utf8();
            match esc {
                Some(e) => f.write_char_escape(w, e)?,
                None => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        write!(w, "\\u{:04x}", u)?;
                    }
                }
            }
        }
        if start < bytes.len() {
            f.write_string_fragment(w, &s[start..])?;
        }
        f.end_string(w)
    }

    /// `[`, then items each preceded by [`Encoder::array_item`], then [`Encoder::end_array`].
    pub fn begin_array(&mut self) {
        Self::io(self.fmt.begin_array(&mut self.out));
    }

    /// Before an array item.
    pub fn array_item(&mut self, first: bool) {
        Self::io(self.fmt.begin_array_value(&mut self.out, first));
    }

    /// After an array item.
    pub fn array_item_done(&mut self) {
        Self::io(self.fmt.end_array_value(&mut self.out));
    }

    /// `]`.
    pub fn end_array(&mut self) {
        Self::io(self.fmt.end_array(&mut self.out));
    }

    fn object<K: JsonKey, V: ToJson>(&mut self, items: Vec<(&K, &V)>) {
        Self::io(self.fmt.begin_object(&mut self.out));
        let mut items = items;
        if self.fmt.opts.sort_keys {
            items.sort_by(|a, b| a.0.py_cmp(b.0));
        }
        for (i, (k, v)) in items.into_iter().enumerate() {
            Self::io(self.fmt.begin_object_key(&mut self.out, i == 0));
            let key = k.key_text();
            self.str(&key);
            Self::io(self.fmt.begin_object_value(&mut self.out));
            v.encode(self);
            Self::io(self.fmt.end_object_value(&mut self.out));
        }
        Self::io(self.fmt.end_object(&mut self.out));
    }
}

/// Values `json.dumps` accepts.
pub trait ToJson {
    /// Writes the value's JSON text.
    fn encode(&self, e: &mut Encoder<'_>);
}

/// Dict keys `json.dumps` accepts (str, int, float, bool, None), converted to text as Python does.
pub trait JsonKey {
    /// The key as a JSON object key.
    fn key_text(&self) -> String;
    /// Python's `<` between two keys (for `sort_keys`).
    fn py_cmp(&self, other: &Self) -> std::cmp::Ordering;
}

impl JsonKey for String {
    fn key_text(&self) -> String {
        self.clone()
    }
    fn py_cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.cmp(other)
    }
}

impl JsonKey for i64 {
    fn key_text(&self) -> String {
        self.to_string()
    }
    fn py_cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.cmp(other)
    }
}

impl JsonKey for bool {
    fn key_text(&self) -> String {
        if *self { "true" } else { "false" }.to_string()
    }
    fn py_cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.cmp(other)
    }
}

impl JsonKey for f64 {
    fn key_text(&self) -> String {
        if self.is_nan() {
            "NaN".to_string()
        } else if self.is_infinite() {
            if *self > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
        } else {
            float_repr(*self)
        }
    }
    fn py_cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.partial_cmp(other).unwrap_or(std::cmp::Ordering::Equal)
    }
}

impl ToJson for Value {
    fn encode(&self, e: &mut Encoder<'_>) {
        match self {
            Value::Null => e.null(),
            Value::Bool(b) => e.bool(*b),
            Value::Int(i) => e.int(*i),
            Value::Float(x) => e.float(*x),
            Value::Str(s) => e.str(s),
            Value::List(l) => l.encode(e),
            Value::Dict(d) => d.encode(e),
        }
    }
}

impl ToJson for i64 {
    fn encode(&self, e: &mut Encoder<'_>) {
        e.int(*self);
    }
}

impl ToJson for f64 {
    fn encode(&self, e: &mut Encoder<'_>) {
        e.float(*self);
    }
}

impl ToJson for bool {
    fn encode(&self, e: &mut Encoder<'_>) {
        e.bool(*self);
    }
}

impl ToJson for String {
    fn encode(&self, e: &mut Encoder<'_>) {
        e.str(self);
    }
}

impl ToJson for str {
    fn encode(&self, e: &mut Encoder<'_>) {
        e.str(self);
    }
}

impl ToJson for () {
    fn encode(&self, e: &mut Encoder<'_>) {
        e.null();
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn encode(&self, e: &mut Encoder<'_>) {
        (**self).encode(e);
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn encode(&self, e: &mut Encoder<'_>) {
        (**self).encode(e);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn encode(&self, e: &mut Encoder<'_>) {
        match self {
            Some(v) => v.encode(e),
            None => e.null(),
        }
    }
}

fn encode_seq<'x, T: ToJson + 'x>(e: &mut Encoder<'_>, items: impl Iterator<Item = &'x T>) {
    e.begin_array();
    for (i, v) in items.enumerate() {
        e.array_item(i == 0);
        v.encode(e);
        e.array_item_done();
    }
    e.end_array();
}

impl<T: ToJson> ToJson for [T] {
    fn encode(&self, e: &mut Encoder<'_>) {
        encode_seq(e, self.iter());
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn encode(&self, e: &mut Encoder<'_>) {
        encode_seq(e, self.iter());
    }
}

impl<T: ToJson> ToJson for std::collections::VecDeque<T> {
    fn encode(&self, e: &mut Encoder<'_>) {
        encode_seq(e, self.iter());
    }
}

impl<K: JsonKey, V: ToJson, H> ToJson for indexmap::IndexMap<K, V, H> {
    fn encode(&self, e: &mut Encoder<'_>) {
        e.object(self.iter().collect());
    }
}

macro_rules! tuple_json {
    ($(($($n:tt $t:ident),+)),*) => {$(
        impl<$($t: ToJson),+> ToJson for ($($t,)+) {
            fn encode(&self, e: &mut Encoder<'_>) {
                e.begin_array();
                $(
                    e.array_item($n == 0);
                    self.$n.encode(e);
                    e.array_item_done();
                )+
                e.end_array();
            }
        }
    )*};
}
tuple_json!((0 A), (0 A, 1 B), (0 A, 1 B, 2 C), (0 A, 1 B, 2 C, 3 D), (0 A, 1 B, 2 C, 3 D, 4 E));

/// `json.dumps(x, ...)`.
pub fn dumps<T: ToJson + ?Sized>(x: &T, opts: &Opts) -> String {
    let mut e = Encoder {
        out: Vec::new(),
        fmt: PyFormatter::new(opts),
    };
    x.encode(&mut e);
    // the encoder writes whole UTF-8 strings and ASCII punctuation only
    String::from_utf8(e.out).unwrap_or_else(|e| raise("UnicodeError", e.to_string()))
}

/// `json.dump(x, f, ...)`.
pub fn dump<T: ToJson + ?Sized>(x: &T, f: &mut crate::io::PyFile, opts: &Opts) {
    f.write(&dumps(x, opts));
}

// ------------------------------------------------------------------ loads

fn from_serde(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => number(n.as_str()),
        serde_json::Value::String(s) => Value::Str(s),
        serde_json::Value::Array(a) => Value::List(a.into_iter().map(from_serde).collect()),
        serde_json::Value::Object(o) => Value::Dict(Box::new(
            o.into_iter().map(|(k, v)| (k, from_serde(v))).collect(),
        )),
    }
}

fn number(text: &str) -> Value {
    if text.contains(['.', 'e', 'E']) {
        return Value::Float(text.parse::<f64>().unwrap_or(f64::NAN));
    }
    match text.parse::<i64>() {
        Ok(i) => Value::Int(i),
        Err(_) => raise(
            "OverflowError",
            format!("integer {text} does not fit in 64 bits"),
        ),
    }
}

/// `json.loads(s)`; a malformed document raises ValueError (json.JSONDecodeError is one).
pub fn loads(s: &str) -> Value {
    match serde_json::from_str::<serde_json::Value>(s) {
        Ok(v) => from_serde(v),
        Err(e) => raise("json.decoder.JSONDecodeError", e.to_string()),
    }
}

/// `json.load(f)`.
pub fn load(f: &mut crate::io::PyFile) -> Value {
    loads(&f.read())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(x: &impl ToJson) -> String {
        dumps(x, &Opts::default())
    }

    #[test]
    fn floats_use_python_repr() {
        assert_eq!(
            d(&vec![0.1, 1e16, 1e-7, -0.0, 5e-324, 1.5]),
            "[0.1, 1e+16, 1e-07, -0.0, 5e-324, 1.5]"
        );
        assert_eq!(
            d(&vec![f64::INFINITY, f64::NEG_INFINITY, f64::NAN]),
            "[Infinity, -Infinity, NaN]"
        );
    }

    #[test]
    fn ascii_escapes_use_surrogate_pairs() {
        assert_eq!(
            d(&"é😀\u{7f}\n\"".to_string()),
            "\"\\u00e9\\ud83d\\ude00\\u007f\\n\\\"\""
        );
        let o = Opts::new(None, None, false, false, true);
        assert_eq!(
            dumps(&"é😀\u{7f}\u{1}".to_string(), &o),
            "\"é😀\u{7f}\\u0001\""
        );
    }

    #[test]
    fn indent_and_separators() {
        let mut m: Dict<String, Value> = Dict::default();
        m.insert("b".into(), Value::List(vec![Value::Int(1), Value::Null]));
        m.insert("a".into(), Value::List(vec![]));
        let o = Opts::new(Some(indent_spaces(2)), None, true, true, true);
        assert_eq!(
            dumps(&m, &o),
            "{\n  \"a\": [],\n  \"b\": [\n    1,\n    null\n  ]\n}"
        );
        let o = Opts::new(None, Some((",".into(), ":".into())), false, true, true);
        assert_eq!(dumps(&m, &o), "{\"b\":[1,null],\"a\":[]}");
    }

    #[test]
    fn values_stay_small() {
        assert_eq!(std::mem::size_of::<Value>(), 32);
    }

    #[test]
    fn loads_keeps_order_and_types() {
        let v = loads("{\"z\": 1, \"a\": [2.5, true, null, \"x\"]}");
        assert_eq!(d(&v), "{\"z\": 1, \"a\": [2.5, true, null, \"x\"]}");
        assert_eq!(
            crate::fmt::to_repr(&v),
            "{'z': 1, 'a': [2.5, True, None, 'x']}"
        );
    }
}
