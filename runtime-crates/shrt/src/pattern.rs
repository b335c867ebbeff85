//! Bash patterns (`*`, `?`, `[...]`, backslash-escapes) for `case`, `[[ == ]]`, `${x#p}` and globbing.

use std::cell::RefCell;
use std::collections::HashMap;

use regex::Regex;

use crate::state::ParamOp;

pub fn is_glob_char(c: char) -> bool {
    c == '*' || c == '?' || c == '['
}

pub fn has_glob(s: &str) -> bool {
    s.chars().any(is_glob_char)
}

/// Escape pattern characters so they match literally.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Translate a pattern to a regex body (no anchors). `greedy` false makes `*` lazy.
pub fn to_regex(pat: &str, greedy: bool) -> String {
    let chars: Vec<char> = pat.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' => out.push_str(if greedy { "(?s:.*)" } else { "(?s:.*?)" }),
            '?' => out.push_str("(?s:.)"),
            '\\' if i + 1 < chars.len() => {
                i += 1;
                out.push_str(&regex::escape(&chars[i].to_string()));
            }
            '[' => {
                // Find the closing bracket.
                let mut j = i + 1;
                if j < chars.len() && (chars[j] == '!' || chars[j] == '^') {
                    j += 1;
                }
                if j < chars.len() && chars[j] == ']' {
                    j += 1;
                }
                while j < chars.len() && chars[j] != ']' {
                    if chars[j] == '[' && j + 1 < chars.len() && chars[j + 1] == ':' {
                        if let Some(k) = (j + 2..chars.len().saturating_sub(1))
                            .find(|&k| chars[k] == ':' && chars[k + 1] == ']')
                        {
                            j = k + 2;
                            continue;
                        }
                    }
                    j += 1;
                }
                if j >= chars.len() {
                    out.push_str("\\[");
                } else {
                    let mut k = i + 1;
                    let mut cls = String::from("[");
                    if chars[k] == '!' || chars[k] == '^' {
                        cls.push('^');
                        k += 1;
                    }
                    let first = k;
                    while k < j {
                        let ch = chars[k];
                        if ch == '[' && k + 1 < j && chars[k + 1] == ':' {
                            if let Some(e) = (k + 2..j).find(|&e| {
                                chars[e] == ':' && e < j && chars.get(e + 1) == Some(&']')
                            }) {
                                let name: String = chars[k + 2..e].iter().collect();
                                cls.push_str(&format!("[:{}:]", name));
                                k = e + 2;
                                continue;
                            }
                        }
                        if ch == '\\' && k + 1 < j {
                            k += 1;
                            cls.push_str(&regex::escape(&chars[k].to_string()));
                        } else if ch == ']' && k == first {
                            cls.push_str("\\]");
                        } else if ch == '-' {
                            cls.push('-');
                        } else if matches!(ch, '[' | ']' | '^' | '&' | '~' | '\\') {
                            cls.push('\\');
                            cls.push(ch);
                        } else {
                            cls.push(ch);
                        }
                        k += 1;
                    }
                    cls.push(']');
                    out.push_str(&cls);
                    i = j;
                }
            }
            _ => out.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    out
}

thread_local! {
    // mode -> pattern -> compiled regex (None when the pattern is not a valid one). Regexes are used in place:
    // a clone of a `Regex` starts with cold matching caches, which made every match pay for a DFA set-up.
    static CACHE: RefCell<HashMap<u8, HashMap<String, Option<Regex>>>> = RefCell::new(HashMap::new());
}

/// The most patterns of one mode kept compiled: a script building patterns from data cannot grow the cache
/// without bound (it starts again when full).
const CACHE_LIMIT: usize = 1024;

/// Mode of `with_regex`: the pattern is already an extended regular expression (`[[ s =~ re ]]`).
const MODE_ERE: u8 = 9;

fn with_compiled<R>(pat: &str, mode: u8, f: impl FnOnce(Option<&Regex>) -> R) -> R {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let by_pat = c.entry(mode).or_default();
        if !by_pat.contains_key(pat) {
            if by_pat.len() >= CACHE_LIMIT {
                by_pat.clear();
            }
            let src = if mode == MODE_ERE {
                pat.to_string()
            } else {
                let body = to_regex(pat, mode != 1 && mode != 3);
                match mode {
                    0 => format!("^(?:{})$", body),
                    1 | 2 => format!("^(?:{})", body),
                    _ => format!("(?:{})", body),
                }
            };
            by_pat.insert(pat.to_string(), Regex::new(&src).ok());
        }
        f(by_pat.get(pat).and_then(|r| r.as_ref()))
    })
}

/// Runs `f` on the compiled extended regex `re` (None when it does not compile), compiled once per text.
pub fn with_regex<R>(re: &str, f: impl FnOnce(Option<&Regex>) -> R) -> R {
    with_compiled(re, MODE_ERE, f)
}

/// Whole-string match of a pattern.
pub fn matches(s: &str, pat: &str) -> bool {
    if !pat.contains(['*', '?', '[', '\\']) {
        return s == pat;
    }
    with_compiled(pat, 0, |r| match r {
        Some(r) => r.is_match(s),
        None => s == pat,
    })
}

fn boundaries(s: &str) -> Vec<usize> {
    let mut b: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    b.push(s.len());
    b
}

/// A pattern that is a literal with at most one `*`, at its start or its end: (star first, star last, literal).
fn simple_shape(pat: &str) -> Option<(bool, bool, &str)> {
    let (first, rest) = match pat.strip_prefix('*') {
        Some(r) => (true, r),
        None => (false, pat),
    };
    let (last, lit) = match rest.strip_suffix('*') {
        Some(r) if !first => (true, r),
        _ => (false, rest),
    };
    if lit.contains(['*', '?', '[', ']', '\\']) {
        return None;
    }
    Some((first, last, lit))
}

pub fn strip_prefix(s: &str, pat: &str, long: bool) -> String {
    match simple_shape(pat) {
        Some((false, false, lit)) => return s.strip_prefix(lit).unwrap_or(s).to_string(),
        Some((true, false, lit)) => {
            // `*lit`: through the first (shortest) or last (longest) occurrence of lit
            let at = if long { s.rfind(lit) } else { s.find(lit) };
            return at.map_or(s, |i| &s[i + lit.len()..]).to_string();
        }
        Some((false, true, lit)) => {
            if !s.starts_with(lit) {
                return s.to_string();
            }
            return if long {
                String::new()
            } else {
                s[lit.len()..].to_string()
            };
        }
        _ => {}
    }
    let b = boundaries(s);
    let order: Vec<usize> = if long {
        b.iter().rev().copied().collect()
    } else {
        b.clone()
    };
    for i in order {
        if matches(&s[..i], pat) {
            return s[i..].to_string();
        }
    }
    s.to_string()
}

pub fn strip_suffix(s: &str, pat: &str, long: bool) -> String {
    match simple_shape(pat) {
        Some((false, false, lit)) => return s.strip_suffix(lit).unwrap_or(s).to_string(),
        Some((false, true, lit)) => {
            // `lit*`: from the last (shortest) or first (longest) occurrence of lit
            let at = if long { s.find(lit) } else { s.rfind(lit) };
            return at.map_or(s, |i| &s[..i]).to_string();
        }
        Some((true, false, lit)) => {
            if !s.ends_with(lit) {
                return s.to_string();
            }
            return if long {
                String::new()
            } else {
                s[..s.len() - lit.len()].to_string()
            };
        }
        _ => {}
    }
    let b = boundaries(s);
    let order: Vec<usize> = if long {
        b.clone()
    } else {
        b.iter().rev().copied().collect()
    };
    for i in order {
        if matches(&s[i..], pat) {
            return s[..i].to_string();
        }
    }
    s.to_string()
}

/// `${v/pat/rep}` and friends: longest match at the leftmost position.
pub fn substitute(s: &str, pat: &str, rep: &str, op: ParamOp) -> String {
    if !pat.is_empty() && !pat.contains(['*', '?', '[', ']', '\\']) {
        // A literal pattern: plain string search, leftmost and non-overlapping like the general path.
        return match op {
            ParamOp::SubAll => s.replace(pat, rep),
            ParamOp::SubPre => match s.strip_prefix(pat) {
                Some(rest) => format!("{}{}", rep, rest),
                None => s.to_string(),
            },
            ParamOp::SubSuf => match s.strip_suffix(pat) {
                Some(head) => format!("{}{}", head, rep),
                None => s.to_string(),
            },
            _ => s.replacen(pat, rep, 1),
        };
    }
    substitute_general(s, pat, rep, op)
}

fn substitute_general(s: &str, pat: &str, rep: &str, op: ParamOp) -> String {
    let b = boundaries(s);
    if pat.is_empty() {
        return match op {
            ParamOp::SubPre => format!("{}{}", rep, s),
            ParamOp::SubSuf => format!("{}{}", s, rep),
            _ => s.to_string(),
        };
    }
    match op {
        ParamOp::SubPre => {
            for &i in b.iter().rev() {
                if matches(&s[..i], pat) {
                    return format!("{}{}", rep, &s[i..]);
                }
            }
            s.to_string()
        }
        ParamOp::SubSuf => {
            for &i in b.iter() {
                if matches(&s[i..], pat) {
                    return format!("{}{}", &s[..i], rep);
                }
            }
            s.to_string()
        }
        _ => {
            let all = op == ParamOp::SubAll;
            let mut out = String::new();
            let mut pos = 0;
            let mut bi = 0;
            while bi < b.len() - 1 || (bi < b.len() && b[bi] == pos && pos < s.len()) {
                let start = b[bi];
                if start >= s.len() {
                    break;
                }
                let mut found = None;
                for &e in b[bi + 1..].iter().rev() {
                    if matches(&s[start..e], pat) {
                        found = Some(e);
                        break;
                    }
                }
                match found {
                    Some(e) => {
                        out.push_str(&s[pos..start]);
                        out.push_str(rep);
                        pos = e;
                        if !all {
                            break;
                        }
                        bi = b.iter().position(|&x| x == e).unwrap_or(b.len());
                    }
                    None => bi += 1,
                }
            }
            out.push_str(&s[pos..]);
            out
        }
    }
}

/// Pathname expansion; sorted matches, empty when nothing matches.
pub fn glob_paths(pat: &str) -> Vec<String> {
    let opts = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    // The glob crate escapes with [x] rather than backslashes.
    let mut g = String::new();
    let mut chars = pat.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                if is_glob_char(n) || n == ']' {
                    g.push('[');
                    g.push(n);
                    g.push(']');
                } else {
                    g.push(n);
                }
            }
        } else if c == '[' && chars.peek() == Some(&'^') {
            g.push_str("[!");
            chars.next();
        } else {
            g.push(c);
        }
    }
    let mut out: Vec<String> = match glob::glob_with(&g, opts) {
        Ok(paths) => paths
            .filter_map(|p| p.ok())
            .map(|p| p.to_string_lossy().into_owned())
            .collect(),
        Err(_) => vec![],
    };
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_and_class() {
        assert!(matches("hello", "h*o"));
        assert!(matches("a1", "[a-c][0-9]"));
        assert!(!matches("d1", "[a-c][0-9]"));
        assert!(matches("*", "\\*"));
    }

    #[test]
    fn simple_shapes_agree_with_the_general_matcher() {
        let words = [
            "",
            "a",
            "ab-cd-ef",
            "x.tar.gz",
            "--",
            "-a-",
            "aaa",
            "naïve-été.txt",
        ];
        let pats = [
            "", "*", "-", "-*", "*-", "a*", "*a", ".tar.gz", "*.", ".*", "é*", "*é",
        ];
        for w in words {
            for p in pats {
                for long in [false, true] {
                    let fast_p = strip_prefix(w, p, long);
                    let fast_s = strip_suffix(w, p, long);
                    // the general path: boundaries and whole-string matches
                    let b = boundaries(w);
                    let order: Vec<usize> = if long {
                        b.iter().rev().copied().collect()
                    } else {
                        b.clone()
                    };
                    let slow_p = order
                        .iter()
                        .find(|&&i| matches(&w[..i], p))
                        .map_or(w.to_string(), |&i| w[i..].to_string());
                    let order: Vec<usize> = if long {
                        b.clone()
                    } else {
                        b.iter().rev().copied().collect()
                    };
                    let slow_s = order
                        .iter()
                        .find(|&&i| matches(&w[i..], p))
                        .map_or(w.to_string(), |&i| w[..i].to_string());
                    assert_eq!(fast_p, slow_p, "prefix {w:?} {p:?} long={long}");
                    assert_eq!(fast_s, slow_s, "suffix {w:?} {p:?} long={long}");
                }
            }
        }
    }

    #[test]
    fn strip() {
        assert_eq!(strip_prefix("a/b/c", "*/", false), "b/c");
        assert_eq!(strip_prefix("a/b/c", "*/", true), "c");
        assert_eq!(strip_suffix("x.tar.gz", ".*", false), "x.tar");
        assert_eq!(strip_suffix("x.tar.gz", ".*", true), "x");
    }

    #[test]
    fn literal_substitution_agrees_with_the_general_matcher() {
        let words = ["", "a", "banana", "aXbXc", "naïve-été", "aaa"];
        let pats = ["a", "an", "X", "é", "aa", "zz"];
        for w in words {
            for p in pats {
                for op in [
                    ParamOp::Sub,
                    ParamOp::SubAll,
                    ParamOp::SubPre,
                    ParamOp::SubSuf,
                ] {
                    assert_eq!(
                        substitute(w, p, "<&>", op),
                        substitute_general(w, p, "<&>", op),
                        "{w:?} {p:?} {op:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn subst() {
        assert_eq!(substitute("aXbXc", "X", "-", ParamOp::Sub), "a-bXc");
        assert_eq!(substitute("aXbXc", "X", "-", ParamOp::SubAll), "a-b-c");
    }
}
