//! Query strings and paths decoded as Werkzeug decodes them.

/// `request.args` as `.get()` sees it: `parse_qsl(query, keep_blank_values=True)` where the first value
/// of a repeated key wins.
pub fn parse_args(query: &str) -> pyrt::Dict<String, String> {
    let mut args = pyrt::Dict::default();
    for field in query.split('&') {
        if field.is_empty() {
            continue;
        }
        let (k, v) = field.split_once('=').unwrap_or((field, ""));
        let key = unquote_query(&k.replace('+', " "));
        if !args.contains_key(&key) {
            args.insert(key, unquote_query(&v.replace('+', " ")));
        }
    }
    args
}

/// `request.args.get(key, type=int)`: the value as `int(value)` reads it, None when absent or invalid.
pub fn arg_int_opt(got: Option<String>) -> Option<i64> {
    match pyrt::int::try_parse(got?.as_str(), 10)? {
        Ok(v) => Some(v),
        Err(()) => pyrt::exc::raise("OverflowError", "Python int too large to convert to i64"),
    }
}

/// `request.args.get(key, default, type=int)`.
pub fn arg_int(got: Option<String>, default: i64) -> i64 {
    arg_int_opt(got).unwrap_or(default)
}

/// `request.args.get(key, type=float)`: None when absent or `float(value)` raises ValueError.
pub fn arg_float_opt(got: Option<String>) -> Option<f64> {
    pyrt::float::try_parse(got?.as_str())
}

/// `request.args.get(key, default, type=float)`.
pub fn arg_float(got: Option<String>, default: f64) -> f64 {
    arg_float_opt(got).unwrap_or(default)
}

/// Percent-decoding of a path to UTF-8; invalid sequences become U+FFFD (`errors="replace"`).
pub fn unquote(s: &str) -> String {
    String::from_utf8_lossy(&unquote_bytes(s)).into_owned()
}

/// Percent-decoding of a query string part as Werkzeug does it: bytes that are not UTF-8 are written back
/// as `%XX` escapes.
pub fn unquote_query(s: &str) -> String {
    let bytes = unquote_bytes(s);
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes.as_slice();
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(err) => {
                let (good, bad) = rest.split_at(err.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let n = err.error_len().unwrap_or(bad.len());
                for b in &bad[..n] {
                    out.push_str(&format!("%{b:02X}"));
                }
                rest = &bad[n..];
            }
        }
    }
}

fn unquote_bytes(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_value_wins_and_plus_is_space() {
        let a = super::parse_args("q=a+b%21&q=x&flag&&n=%zz");
        assert_eq!(a.get("q").map(String::as_str), Some("a b!"));
        assert_eq!(a.get("flag").map(String::as_str), Some(""));
        assert_eq!(a.get("n").map(String::as_str), Some("%zz"));
        let b = super::parse_args("q=%e9t%C3%A9%C3%28");
        assert_eq!(b.get("q").map(String::as_str), Some("%E9t\u{e9}%C3("));
    }
}
