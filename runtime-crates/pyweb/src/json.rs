//! JSON values and Flask's `DefaultJSONProvider` serialization: `json.dumps(obj, sort_keys=True,
//! ensure_ascii=True, separators=(",", ":"))` followed by a newline.

/// A JSON value built from a view's return value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    /// Entries in the order Python's `sort_keys=True` writes them (sorted when built).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// An object from (key, value) pairs in any order; keys are sorted as `sort_keys=True` sorts `str` keys.
    pub fn object(mut entries: Vec<(String, Json)>) -> Json {
        entries.sort_by(|a, b| a.0.cmp(&b.0)); // byte order of UTF-8 is code point order, as in Python
        let mut out: Vec<(String, Json)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = v, // a later duplicate key wins, as in a dict display
                _ => out.push((k, v)),
            }
        }
        Json::Object(out)
    }

    /// The text `json.dumps` writes, compact, ASCII-only, keys sorted.
    pub fn dumps(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => out.push_str(&i.to_string()),
            Json::Float(f) => out.push_str(&float_text(*f)),
            Json::Str(s) => write_str(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// `float.__repr__`, except the names `json` gives the special values.
fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        pyrt::fmt::float_repr(f)
    }
}

/// A string as `json.dumps(..., ensure_ascii=True)` writes it.
fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(ch),
            _ => {
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// Conversion of a transpiled Python value to JSON, as `json.dumps` sees it.
pub trait ToJson {
    fn to_json(&self) -> Json;
}

impl ToJson for Json {
    fn to_json(&self) -> Json {
        self.clone()
    }
}

impl ToJson for i64 {
    fn to_json(&self) -> Json {
        Json::Int(*self)
    }
}

impl ToJson for f64 {
    fn to_json(&self) -> Json {
        Json::Float(*self)
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Json {
        Json::Bool(*self)
    }
}

impl ToJson for () {
    fn to_json(&self) -> Json {
        Json::Null
    }
}

impl ToJson for str {
    fn to_json(&self) -> Json {
        Json::Str(self.to_string())
    }
}

impl ToJson for String {
    fn to_json(&self) -> Json {
        Json::Str(self.clone())
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Json {
        self.as_ref().map_or(Json::Null, ToJson::to_json)
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json {
        self.as_slice().to_json()
    }
}

impl<T: ToJson> ToJson for std::collections::VecDeque<T> {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(ToJson::to_json).collect())
    }
}

macro_rules! tuple_to_json {
    ($($name:ident $idx:tt),+) => {
        impl<$($name: ToJson),+> ToJson for ($($name,)+) {
            fn to_json(&self) -> Json {
                Json::Array(vec![$(self.$idx.to_json()),+])
            }
        }
    };
}
tuple_to_json!(A 0);
tuple_to_json!(A 0, B 1);
tuple_to_json!(A 0, B 1, C 2);
tuple_to_json!(A 0, B 1, C 2, D 3);

/// A dict key: `json.dumps` writes `str` keys as they are and `int`/`bool` keys as their JSON text;
/// with `sort_keys=True` it sorts the original keys, so an int-keyed dict comes out in numeric order.
pub trait JsonKey: Ord {
    fn key_text(&self) -> String;
}

impl JsonKey for String {
    fn key_text(&self) -> String {
        self.clone()
    }
}

impl JsonKey for i64 {
    fn key_text(&self) -> String {
        self.to_string()
    }
}

impl JsonKey for bool {
    fn key_text(&self) -> String {
        (if *self { "true" } else { "false" }).to_string()
    }
}

impl<K: JsonKey, V: ToJson, S> ToJson for indexmap::IndexMap<K, V, S> {
    fn to_json(&self) -> Json {
        let mut entries: Vec<(&K, &V)> = self.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        Json::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.key_text(), v.to_json()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dumps_like_flask() {
        let j = Json::object(vec![
            ("b".into(), Json::Str("\u{e9}\u{1f600}\"\n".into())),
            (
                "a".into(),
                Json::Array(vec![
                    Json::Int(1),
                    Json::Float(1e-5),
                    Json::Float(2.0),
                    Json::Null,
                ]),
            ),
        ]);
        assert_eq!(
            j.dumps(),
            r#"{"a":[1,1e-05,2.0,null],"b":"\u00e9\ud83d\ude00\"\n"}"#
        );
    }
}
