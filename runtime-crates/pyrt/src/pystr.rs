//! Python `str` semantics on `&str`/`String`, indexed by code point.

use crate::exc::raise;
use crate::list::{slice_indices, slice_len};
use crate::unicode_tables::{self, in_table};

/// Python's whitespace test (`str.isspace` for one character).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `len(s)` in code points.
pub fn len(s: &str) -> i64 {
    if s.is_ascii() {
        s.len() as i64
    } else {
        s.chars().count() as i64
    }
}

/// Byte offset of code point `i` (0..=len), or `s.len()` past the end.
fn byte_at(s: &str, i: usize) -> usize {
    if s.is_ascii() {
        i.min(s.len())
    } else {
        s.char_indices().nth(i).map_or(s.len(), |(b, _)| b)
    }
}

/// `s[i]` as a char.
pub fn char_at(s: &str, i: i64) -> char {
    if s.is_ascii() {
        let j = crate::list::norm_index(s.len(), i, "string");
        return s.as_bytes()[j] as char;
    }
    let n = s.chars().count();
    let j = crate::list::norm_index(n, i, "string");
    s.chars().nth(j).unwrap_or('\0')
}

/// `s[i]`.
pub fn index(s: &str, i: i64) -> String {
    char_at(s, i).to_string()
}

/// `s[i]` as a char when the caller already knows whether `s` is ASCII: O(1) for ASCII text.
#[inline]
pub fn char_at_hint(s: &str, i: i64, ascii: bool) -> char {
    if ascii {
        let j = crate::list::norm_index(s.len(), i, "string");
        return s.as_bytes()[j] as char;
    }
    char_at(s, i)
}

/// `s[start:stop:step]` when the caller already knows whether `s` is ASCII.
#[inline]
pub fn slice_hint(
    s: &str,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
    ascii: bool,
) -> String {
    if ascii && step.is_none_or(|st| st == 1) {
        let (a, b, _) = slice_indices(s.len(), start, stop, None);
        return if a < b {
            s[a as usize..b as usize].to_string()
        } else {
            String::new()
        };
    }
    slice(s, start, stop, step)
}

/// `len(s)` when the caller already knows whether `s` is ASCII.
#[inline]
pub fn len_hint(s: &str, ascii: bool) -> i64 {
    if ascii {
        s.len() as i64
    } else {
        s.chars().count() as i64
    }
}

/// `s[i]` when the caller already knows whether `s` is ASCII.
#[inline]
pub fn index_hint(s: &str, i: i64, ascii: bool) -> String {
    char_at_hint(s, i, ascii).to_string()
}

/// `s[start:stop:step]`.
pub fn slice(s: &str, start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> String {
    if s.is_ascii() {
        let (a, b, st) = slice_indices(s.len(), start, stop, step);
        if st == 1 {
            return if a < b {
                s[a as usize..b as usize].to_string()
            } else {
                String::new()
            };
        }
        let n = slice_len(a, b, st);
        let bytes = s.as_bytes();
        return (0..n)
            .map(|k| bytes[(a + k as i64 * st) as usize] as char)
            .collect();
    }
    let chars: Vec<char> = s.chars().collect();
    let (a, b, st) = slice_indices(chars.len(), start, stop, step);
    let n = slice_len(a, b, st);
    (0..n)
        .map(|k| chars[(a + k as i64 * st) as usize])
        .collect()
}

/// `s * n`.
pub fn repeat(s: &str, n: i64) -> String {
    if n <= 0 {
        String::new()
    } else {
        s.repeat(n as usize)
    }
}

/// `sub in s`.
pub fn contains(s: &str, sub: &str) -> bool {
    s.contains(sub)
}

fn split_whitespace_n(s: &str, maxsplit: i64) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(is_space);
    let mut n = 0;
    while !rest.is_empty() {
        if maxsplit >= 0 && n >= maxsplit {
            out.push(rest.to_string());
            break;
        }
        match rest.find(is_space) {
            Some(p) => {
                out.push(rest[..p].to_string());
                rest = rest[p..].trim_start_matches(is_space);
            }
            None => {
                out.push(rest.to_string());
                rest = "";
            }
        }
        n += 1;
    }
    out
}

fn rsplit_whitespace_n(s: &str, maxsplit: i64) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim_end_matches(is_space);
    let mut n = 0;
    while !rest.is_empty() {
        if maxsplit >= 0 && n >= maxsplit {
            out.push(rest.to_string());
            break;
        }
        match rest.rfind(is_space) {
            Some(p) => {
                let c = rest[p..].chars().next().map_or(1, char::len_utf8);
                out.push(rest[p + c..].to_string());
                rest = rest[..p].trim_end_matches(is_space);
            }
            None => {
                out.push(rest.to_string());
                rest = "";
            }
        }
        n += 1;
    }
    out.reverse();
    out
}

/// `s.split(sep, maxsplit)` (`maxsplit` -1 = no limit).
pub fn split(s: &str, sep: Option<&str>, maxsplit: i64) -> Vec<String> {
    match sep {
        None => split_whitespace_n(s, maxsplit),
        Some("") => raise("ValueError", "empty separator"),
        Some(sep) => {
            if maxsplit < 0 {
                s.split(sep).map(str::to_string).collect()
            } else {
                s.splitn(maxsplit as usize + 1, sep)
                    .map(str::to_string)
                    .collect()
            }
        }
    }
}

/// `s.split()`.
pub fn split_ws(s: &str) -> Vec<String> {
    split_whitespace_n(s, -1)
}

/// `s.rsplit(sep, maxsplit)`.
pub fn rsplit(s: &str, sep: Option<&str>, maxsplit: i64) -> Vec<String> {
    match sep {
        None => rsplit_whitespace_n(s, maxsplit),
        Some("") => raise("ValueError", "empty separator"),
        Some(sep) => {
            let mut v: Vec<String> = if maxsplit < 0 {
                s.rsplit(sep).map(str::to_string).collect()
            } else {
                s.rsplitn(maxsplit as usize + 1, sep)
                    .map(str::to_string)
                    .collect()
            };
            v.reverse();
            v
        }
    }
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `s.splitlines(keepends)`.
pub fn splitlines_keep(s: &str, keepends: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_line_break(c) {
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(_, '\n')) = it.peek() {
                    it.next();
                    end += 1;
                }
            }
            out.push(
                if keepends {
                    &s[start..end]
                } else {
                    &s[start..i]
                }
                .to_string(),
            );
            start = end;
        }
    }
    if start < s.len() {
        out.push(s[start..].to_string());
    }
    out
}

/// `s.splitlines()`.
pub fn splitlines(s: &str) -> Vec<String> {
    splitlines_keep(s, false)
}

/// `sep.join(items)`.
pub fn join<I>(sep: &str, items: I) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut out = String::new();
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(x.as_ref());
    }
    out
}

/// `s.strip(chars)`.
pub fn strip(s: &str, chars: Option<&str>) -> String {
    match chars {
        None => s.trim_matches(is_space).to_string(),
        Some(cs) => s.trim_matches(|c| cs.contains(c)).to_string(),
    }
}

/// `s.lstrip(chars)`.
pub fn lstrip(s: &str, chars: Option<&str>) -> String {
    match chars {
        None => s.trim_start_matches(is_space).to_string(),
        Some(cs) => s.trim_start_matches(|c| cs.contains(c)).to_string(),
    }
}

/// `s.rstrip(chars)`.
pub fn rstrip(s: &str, chars: Option<&str>) -> String {
    match chars {
        None => s.trim_end_matches(is_space).to_string(),
        Some(cs) => s.trim_end_matches(|c| cs.contains(c)).to_string(),
    }
}

/// `s.removeprefix(p)`.
pub fn removeprefix(s: &str, p: &str) -> String {
    s.strip_prefix(p).unwrap_or(s).to_string()
}

/// `s.removesuffix(p)`.
pub fn removesuffix(s: &str, p: &str) -> String {
    s.strip_suffix(p).unwrap_or(s).to_string()
}

/// `s.replace(old, new, count)` (`count` < 0 = all).
pub fn replace(s: &str, old: &str, new: &str, count: i64) -> String {
    if count < 0 {
        s.replace(old, new)
    } else {
        s.replacen(old, new, count as usize)
    }
}

fn cp_index(s: &str, byte: usize) -> i64 {
    if s.is_ascii() {
        byte as i64
    } else {
        s[..byte].chars().count() as i64
    }
}

/// Byte range of the code-point window `[start:end]` (Python slice rules), None if empty-invalid.
fn window(s: &str, start: Option<i64>, end: Option<i64>) -> Option<(usize, usize, i64)> {
    let n = len(s);
    let norm = |v: Option<i64>, d: i64| -> i64 {
        match v {
            None => d,
            Some(x) if x < 0 => (x + n).max(0),
            Some(x) => x,
        }
    };
    let a = norm(start, 0);
    let b = norm(end, n).min(n);
    if a > n || a > b {
        return None;
    }
    Some((byte_at(s, a as usize), byte_at(s, b as usize), a))
}

/// `s.find(sub)` (code-point index, -1 if absent).
pub fn find(s: &str, sub: &str) -> i64 {
    s.find(sub).map_or(-1, |b| cp_index(s, b))
}

/// `s.find(sub, start, end)`.
pub fn find_in(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> i64 {
    match window(s, start, end) {
        Some((a, b, ca)) => s[a..b].find(sub).map_or(-1, |p| ca + cp_index(&s[a..b], p)),
        None => -1,
    }
}

/// `s.rfind(sub)`.
pub fn rfind(s: &str, sub: &str) -> i64 {
    s.rfind(sub).map_or(-1, |b| cp_index(s, b))
}

/// `s.rfind(sub, start, end)`.
pub fn rfind_in(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> i64 {
    match window(s, start, end) {
        Some((a, b, ca)) => s[a..b]
            .rfind(sub)
            .map_or(-1, |p| ca + cp_index(&s[a..b], p)),
        None => -1,
    }
}

/// `s.index(sub)`.
pub fn index_of(s: &str, sub: &str) -> i64 {
    match find(s, sub) {
        -1 => raise("ValueError", "substring not found"),
        i => i,
    }
}

/// `s.rindex(sub)`.
pub fn rindex(s: &str, sub: &str) -> i64 {
    match rfind(s, sub) {
        -1 => raise("ValueError", "substring not found"),
        i => i,
    }
}

/// `s.count(sub)` (non-overlapping).
pub fn count(s: &str, sub: &str) -> i64 {
    if sub.is_empty() {
        return len(s) + 1;
    }
    s.matches(sub).count() as i64
}

/// `s.startswith(prefix)`.
pub fn startswith(s: &str, prefix: &str) -> bool {
    s.starts_with(prefix)
}

/// `s.endswith(suffix)`.
pub fn endswith(s: &str, suffix: &str) -> bool {
    s.ends_with(suffix)
}

/// `s.startswith((p1, p2, ...))`.
pub fn startswith_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

/// `s.endswith((p1, p2, ...))`.
pub fn endswith_any(s: &str, suffixes: &[&str]) -> bool {
    suffixes.iter().any(|p| s.ends_with(p))
}

/// `s.upper()`.
pub fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// `s.lower()`.
pub fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// `s.casefold()` (lower-casing plus the common full case folds).
pub fn casefold(s: &str) -> String {
    s.to_lowercase().replace('ß', "ss").replace('ς', "σ")
}

fn is_cased(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase()
}

fn push_title(out: &mut String, c: char) {
    match c {
        'ǆ' | 'ǅ' | 'Ǆ' => out.push('ǅ'),
        'ǉ' | 'ǈ' | 'Ǉ' => out.push('ǈ'),
        'ǌ' | 'ǋ' | 'Ǌ' => out.push('ǋ'),
        'ǳ' | 'ǲ' | 'Ǳ' => out.push('ǲ'),
        'ß' => out.push_str("Ss"),
        _ => out.extend(c.to_uppercase()),
    }
}

/// `s.capitalize()`.
pub fn capitalize(s: &str) -> String {
    let mut it = s.chars();
    let mut out = String::with_capacity(s.len());
    if let Some(c) = it.next() {
        push_title(&mut out, c);
        out.push_str(&it.as_str().to_lowercase());
    }
    out
}

/// `s.title()`.
pub fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            push_title(&mut out, c);
        }
        prev_cased = is_cased(c);
    }
    out
}

/// `s.swapcase()`.
pub fn swapcase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn all_nonempty(s: &str, f: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

/// `c.isdecimal()` for a one-character string `c` (no String built).
#[inline]
pub fn char_isdecimal(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(unicode_tables::DECIMAL, c)
    }
}

/// `c.isdigit()` for a one-character string `c` (no String built).
#[inline]
pub fn char_isdigit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(unicode_tables::DIGIT, c)
    }
}

/// `c.isnumeric()` for a one-character string `c` (no String built).
#[inline]
pub fn char_isnumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(unicode_tables::NUMERIC, c)
    }
}

/// `c.isalpha()` for a one-character string `c` (no String built).
#[inline]
pub fn char_isalpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_table(unicode_tables::ALPHA, c)
    }
}

/// `s.isdigit()`.
pub fn isdigit(s: &str) -> bool {
    all_nonempty(s, char_isdigit)
}

/// `s.isdecimal()`.
pub fn isdecimal(s: &str) -> bool {
    all_nonempty(s, char_isdecimal)
}

/// `s.isnumeric()`.
pub fn isnumeric(s: &str) -> bool {
    all_nonempty(s, char_isnumeric)
}

/// `s.isalpha()`.
pub fn isalpha(s: &str) -> bool {
    all_nonempty(s, char_isalpha)
}

/// `s.isalnum()`.
pub fn isalnum(s: &str) -> bool {
    all_nonempty(s, |c| char_isalpha(c) || char_isnumeric(c))
}

/// `s.isspace()`.
pub fn isspace(s: &str) -> bool {
    all_nonempty(s, is_space)
}

/// `s.isascii()`.
pub fn isascii(s: &str) -> bool {
    s.is_ascii()
}

/// `s.isidentifier()` (ASCII approximation plus alphabetic characters).
pub fn isidentifier(s: &str) -> bool {
    let mut it = s.chars();
    match it.next() {
        Some(c) if c == '_' || char_isalpha(c) => {
            it.all(|c| c == '_' || char_isalpha(c) || char_isdecimal(c))
        }
        _ => false,
    }
}

/// `s.isprintable()`.
pub fn isprintable(s: &str) -> bool {
    s.chars()
        .all(|c| c == ' ' || (!is_space(c) && crate::fmt::is_printable(c)))
}

/// `s.isupper()`.
pub fn isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

/// `s.islower()`.
pub fn islower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_uppercase() {
            return false;
        }
        if c.is_lowercase() {
            cased = true;
        }
    }
    cased
}

/// `s.istitle()`.
pub fn istitle(s: &str) -> bool {
    let mut cased = false;
    let mut prev_cased = false;
    for c in s.chars() {
        if c.is_uppercase() {
            if prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    cased
}

fn fill_str(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

/// `s.center(width, fill)`.
pub fn center(s: &str, width: i64, fill: char) -> String {
    let n = len(s);
    if width <= n {
        return s.to_string();
    }
    let marg = width - n;
    let left = marg / 2 + (marg & width & 1);
    format!(
        "{}{s}{}",
        fill_str(fill, left as usize),
        fill_str(fill, (marg - left) as usize)
    )
}

/// `s.ljust(width, fill)`.
pub fn ljust(s: &str, width: i64, fill: char) -> String {
    let n = len(s);
    if width <= n {
        return s.to_string();
    }
    format!("{s}{}", fill_str(fill, (width - n) as usize))
}

/// `s.rjust(width, fill)`.
pub fn rjust(s: &str, width: i64, fill: char) -> String {
    let n = len(s);
    if width <= n {
        return s.to_string();
    }
    format!("{}{s}", fill_str(fill, (width - n) as usize))
}

/// `s.zfill(width)`.
pub fn zfill(s: &str, width: i64) -> String {
    let n = len(s);
    if width <= n {
        return s.to_string();
    }
    let zeros = fill_str('0', (width - n) as usize);
    match s.chars().next() {
        Some(c @ ('+' | '-')) => format!("{c}{zeros}{}", &s[1..]),
        _ => format!("{zeros}{s}"),
    }
}

/// `s.partition(sep)`.
pub fn partition(s: &str, sep: &str) -> (String, String, String) {
    if sep.is_empty() {
        raise("ValueError", "empty separator");
    }
    match s.find(sep) {
        Some(p) => (
            s[..p].to_string(),
            sep.to_string(),
            s[p + sep.len()..].to_string(),
        ),
        None => (s.to_string(), String::new(), String::new()),
    }
}

/// `s.rpartition(sep)`.
pub fn rpartition(s: &str, sep: &str) -> (String, String, String) {
    if sep.is_empty() {
        raise("ValueError", "empty separator");
    }
    match s.rfind(sep) {
        Some(p) => (
            s[..p].to_string(),
            sep.to_string(),
            s[p + sep.len()..].to_string(),
        ),
        None => (String::new(), String::new(), s.to_string()),
    }
}

/// `s.expandtabs(tabsize)`.
pub fn expandtabs(s: &str, tabsize: i64) -> String {
    let mut out = String::with_capacity(s.len());
    let mut col: i64 = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - col % tabsize;
                    out.push_str(&fill_str(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

/// `ord(s)`.
pub fn ord(s: &str) -> i64 {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => c as i64,
        _ => raise(
            "TypeError",
            format!(
                "ord() expected a character, but string of length {} found",
                len(s)
            ),
        ),
    }
}

/// `chr(i)` (surrogates, which Rust strings cannot hold, also raise ValueError).
pub fn chr(i: i64) -> String {
    u32::try_from(i)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or_else(|| raise("ValueError", "chr() arg not in range(0x110000)"))
        .to_string()
}

/// `list(s)`: the code points as one-character strings.
pub fn chars(s: &str) -> Vec<String> {
    s.chars().map(String::from).collect()
}

/// Python's `<` on strings (code point order; same as Rust's byte order on UTF-8).
pub fn lt(a: &str, b: &str) -> bool {
    a < b
}

/// `str(x)` of a value.
pub fn from<T: crate::fmt::PyFmt + ?Sized>(x: &T) -> String {
    crate::fmt::to_str(x)
}
