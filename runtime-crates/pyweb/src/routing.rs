//! URL rules matched the way Werkzeug's state-machine matcher does: path parts left to right, static
//! transitions before dynamic ones, dynamic ones by converter weight, methods checked at the end.

/// A Werkzeug converter the transpiler supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Converter {
    /// `<name>` or `<string:name>`: one non-empty path part.
    Str,
    /// `<int:name>`: decimal digits.
    Int,
    /// `<float:name>`: digits, a dot, digits.
    Float,
    /// `<path:name>`: the rest of the path, slashes included.
    Path,
}

impl Converter {
    fn weight(self) -> u32 {
        match self {
            Converter::Int | Converter::Float => 50,
            Converter::Str => 100,
            Converter::Path => 200,
        }
    }

    fn accepts(self, text: &str) -> bool {
        let digits = |s: &str| !s.is_empty() && pyrt::pystr::isdecimal(s);
        match self {
            Converter::Str => !text.is_empty(),
            Converter::Int => digits(text),
            Converter::Float => text
                .split_once('.')
                .is_some_and(|(a, b)| digits(a) && digits(b)),
            Converter::Path => !text.is_empty() && !text.starts_with('/'),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Static(String),
    Dynamic(Converter),
}

/// One `@app.route`: its rule, the methods it answers (HEAD and OPTIONS added as Flask adds them).
#[derive(Clone, Debug)]
pub struct Rule {
    parts: Vec<Part>,
    methods: Vec<String>,
}

impl Rule {
    /// A rule such as `/items/<int:id>`; the transpiler has checked its syntax.
    pub fn new(rule: &str, methods: &[&str]) -> Rule {
        let parts = rule
            .strip_prefix('/')
            .unwrap_or(rule)
            .split('/')
            .map(
                |p| match p.strip_prefix('<').and_then(|p| p.strip_suffix('>')) {
                    Some(var) => Dynamic(match var.split_once(':').map_or("string", |(c, _)| c) {
                        "int" => Converter::Int,
                        "float" => Converter::Float,
                        "path" => Converter::Path,
                        _ => Converter::Str,
                    }),
                    None => Static(p.to_string()),
                },
            )
            .collect();
        let mut all: Vec<String> = methods.iter().map(|m| m.to_ascii_uppercase()).collect();
        if all.iter().any(|m| m == "GET") && !all.iter().any(|m| m == "HEAD") {
            all.push("HEAD".to_string());
        }
        if !all.iter().any(|m| m == "OPTIONS") {
            all.push("OPTIONS".to_string());
        }
        Rule {
            parts,
            methods: all,
        }
    }
}

use Part::{Dynamic, Static};

/// What matching a path and method found.
#[derive(Debug, PartialEq)]
pub enum Match {
    /// Rule index and the raw text of each converter's part.
    Found(usize, Vec<String>),
    /// The path matches rules, none for this method: the methods they allow, sorted.
    MethodNotAllowed(Vec<String>),
    NotFound,
}

/// The rules of an app.
#[derive(Debug)]
pub struct Router {
    rules: Vec<Rule>,
}

impl Router {
    pub fn new(rules: Vec<Rule>) -> Router {
        Router { rules }
    }

    /// The methods any rule matching `path` allows (for OPTIONS), sorted.
    pub fn allowed(&self, path: &str) -> Vec<String> {
        match self.find(path, "\u{0}") {
            Match::MethodNotAllowed(m) => m,
            _ => Vec::new(),
        }
    }

    /// Match a decoded path (starting with `/`) and a method.
    pub fn find(&self, path: &str, method: &str) -> Match {
        let parts: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
        let candidates: Vec<usize> = (0..self.rules.len()).collect();
        let mut allowed: Vec<String> = Vec::new();
        match self.walk(
            &candidates,
            0,
            &parts,
            &mut Vec::new(),
            method,
            &mut allowed,
        ) {
            Some((i, values)) => Match::Found(i, values),
            None if allowed.is_empty() => Match::NotFound,
            None => {
                allowed.sort();
                allowed.dedup();
                Match::MethodNotAllowed(allowed)
            }
        }
    }

    /// `candidates` share their first `depth` parts (one state of Werkzeug's state machine).
    fn walk(
        &self,
        candidates: &[usize],
        depth: usize,
        parts: &[&str],
        values: &mut Vec<String>,
        method: &str,
        allowed: &mut Vec<String>,
    ) -> Option<(usize, Vec<String>)> {
        if parts.is_empty() {
            for &i in candidates
                .iter()
                .filter(|&&i| self.rules[i].parts.len() == depth)
            {
                if self.rules[i].methods.iter().any(|m| m == method) {
                    return Some((i, values.clone()));
                }
                allowed.extend(self.rules[i].methods.iter().cloned());
            }
            return None;
        }
        let next = |pred: &dyn Fn(&Part) -> bool| -> Vec<usize> {
            candidates
                .iter()
                .copied()
                .filter(|&i| self.rules[i].parts.get(depth).is_some_and(pred))
                .collect()
        };
        let statics = next(&|p| *p == Static(parts[0].to_string()));
        if !statics.is_empty() {
            if let Some(found) =
                self.walk(&statics, depth + 1, &parts[1..], values, method, allowed)
            {
                return Some(found);
            }
        }
        let mut converters: Vec<Converter> = Vec::new();
        for &i in candidates {
            if let Some(Dynamic(c)) = self.rules[i].parts.get(depth) {
                if !converters.contains(c) {
                    converters.push(*c);
                }
            }
        }
        converters.sort_by_key(|c| c.weight()); // stable: rules of equal weight keep their order
        for conv in converters {
            let (target, rest) = if conv == Converter::Path {
                (parts.join("/"), &parts[parts.len()..])
            } else {
                (parts[0].to_string(), &parts[1..])
            };
            if !conv.accepts(&target) {
                continue;
            }
            let target = if matches!(conv, Converter::Int | Converter::Float) {
                ascii_digits(&target)
            } else {
                target
            };
            let group = next(&|p| *p == Dynamic(conv));
            values.push(target);
            let found = self.walk(&group, depth + 1, rest, values, method, allowed);
            values.pop();
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

/// Python's `\d` matches any Unicode decimal digit and `int()` reads them all; the runtime's parsers read ASCII,
/// so digits are given as ASCII (the same number). Decimal digits come in runs of ten from 0 to 9 (a Unicode
/// stability guarantee), so a digit's value is its distance from the start of its run, modulo 10.
fn ascii_digits(text: &str) -> String {
    let is_digit = |c: char| pyrt::pystr::isdecimal(c.encode_utf8(&mut [0; 4]));
    text.chars()
        .map(|c| {
            if c.is_ascii() || !is_digit(c) {
                return c;
            }
            let mut start = c as u32;
            while let Some(prev) = start
                .checked_sub(1)
                .and_then(char::from_u32)
                .filter(|&p| is_digit(p))
            {
                start = prev as u32;
            }
            char::from(b'0' + ((c as u32 - start) % 10) as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router() -> Router {
        Router::new(vec![
            Rule::new("/items/<int:id>", &["GET"]),
            Rule::new("/items/<name>", &["GET"]),
            Rule::new("/items", &["POST"]),
            Rule::new("/files/<path:p>", &["GET"]),
        ])
    }

    #[test]
    fn converters_by_weight_and_methods() {
        let r = router();
        assert_eq!(
            r.find("/items/12", "GET"),
            Match::Found(0, vec!["12".into()])
        );
        assert_eq!(
            r.find("/items/ab", "GET"),
            Match::Found(1, vec!["ab".into()])
        );
        assert_eq!(
            r.find("/files/a/b/", "GET"),
            Match::Found(3, vec!["a/b/".into()])
        );
        assert_eq!(r.find("/files/", "GET"), Match::NotFound);
        assert_eq!(
            r.find("/items/\u{661}\u{967}", "GET"),
            Match::Found(0, vec!["11".into()])
        );
        assert_eq!(
            r.find("/items", "GET"),
            Match::MethodNotAllowed(vec!["OPTIONS".into(), "POST".into()])
        );
    }
}
