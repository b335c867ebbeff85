//! `os` and `os.path` on std::fs, with CPython's POSIX path rules and `os.walk`'s traversal order.

use crate::gen::{from_iter, Generator};
use crate::io::raise_os_error;
use std::fs;
use std::path::Path;

/// `os.path.join(a, *parts)`: an absolute part restarts the path.
pub fn join(a: &str, parts: &[&str]) -> String {
    let mut path = a.to_string();
    for b in parts {
        if b.starts_with('/') {
            path = (*b).to_string();
        } else if path.is_empty() || path.ends_with('/') {
            path.push_str(b);
        } else {
            path.push('/');
            path.push_str(b);
        }
    }
    path
}

/// `os.path.split(p)`.
pub fn split(p: &str) -> (String, String) {
    let i = p.rfind('/').map_or(0, |i| i + 1);
    let (head, tail) = p.split_at(i);
    let stripped = head.trim_end_matches('/');
    let head = if stripped.is_empty() { head } else { stripped };
    (head.to_string(), tail.to_string())
}

/// `os.path.basename(p)`.
pub fn basename(p: &str) -> String {
    split(p).1
}

/// `os.path.dirname(p)`.
pub fn dirname(p: &str) -> String {
    split(p).0
}

/// `os.path.splitext(p)`: leading dots of the last component do not start an extension.
pub fn splitext(p: &str) -> (String, String) {
    let sep = p.rfind('/').map_or(0, |i| i + 1);
    if let Some(dot) = p.rfind('.') {
        if dot > sep && p[sep..dot].chars().any(|c| c != '.') {
            return (p[..dot].to_string(), p[dot..].to_string());
        }
    }
    (p.to_string(), String::new())
}

/// `os.path.normpath(p)`.
pub fn normpath(p: &str) -> String {
    if p.is_empty() {
        return ".".to_string();
    }
    let initial = if p.starts_with("//") && !p.starts_with("///") {
        2
    } else if p.starts_with('/') {
        1
    } else {
        0
    };
    let mut comps: Vec<&str> = Vec::new();
    for c in p.split('/') {
        if c.is_empty() || c == "." {
            continue;
        }
        if c != ".." || (initial == 0 && comps.is_empty()) || comps.last() == Some(&"..") {
            comps.push(c);
        } else if !comps.is_empty() {
            comps.pop();
        }
    }
    let body = comps.join("/");
    let out = format!("{}{}", "/".repeat(initial), body);
    if out.is_empty() {
        ".".to_string()
    } else {
        out
    }
}

/// `os.getcwd()`.
pub fn getcwd() -> String {
    match std::env::current_dir() {
        Ok(p) => p.to_string_lossy().into_owned(),
        Err(e) => raise_os_error(&e, "."),
    }
}

/// `os.mkdir(p)`.
pub fn mkdir(p: &str) {
    if let Err(e) = fs::create_dir(p) {
        raise_os_error(&e, p);
    }
}

/// `os.makedirs(p, exist_ok=...)`.
pub fn makedirs(p: &str, exist_ok: bool) {
    if isdir(p) {
        if exist_ok {
            return;
        }
        raise_os_error(&std::io::Error::from_raw_os_error(17), p);
    }
    if let Err(e) = fs::create_dir_all(p) {
        raise_os_error(&e, p);
    }
}

/// `os.path.abspath(p)`.
pub fn abspath(p: &str) -> String {
    if p.starts_with('/') {
        normpath(p)
    } else {
        normpath(&join(&getcwd(), &[p]))
    }
}

/// `os.path.isfile(p)` (follows symlinks; false on any error).
pub fn isfile(p: &str) -> bool {
    fs::metadata(p).is_ok_and(|m| m.is_file())
}

/// `os.path.isdir(p)`.
pub fn isdir(p: &str) -> bool {
    fs::metadata(p).is_ok_and(|m| m.is_dir())
}

/// `os.path.islink(p)`.
pub fn islink(p: &str) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

/// `os.path.getsize(p)`.
pub fn getsize(p: &str) -> i64 {
    match fs::metadata(p) {
        Ok(m) => m.len() as i64,
        Err(e) => raise_os_error(&e, p),
    }
}

fn name_of(entry: &fs::DirEntry) -> String {
    entry.file_name().to_string_lossy().into_owned()
}

/// `os.listdir(p)`: in directory order, as CPython returns it (not sorted).
pub fn listdir(p: &str) -> Vec<String> {
    match fs::read_dir(p) {
        Ok(rd) => rd.filter_map(Result::ok).map(|e| name_of(&e)).collect(),
        Err(e) => raise_os_error(&e, p),
    }
}

fn entry_is_dir(entry: &fs::DirEntry) -> bool {
    match entry.file_type() {
        Ok(t) if t.is_symlink() => entry.path().is_dir(),
        Ok(t) => t.is_dir(),
        Err(_) => false,
    }
}

/// One directory of `os.walk`: (dirpath, dirnames, filenames).
pub type WalkItem = (String, Vec<String>, Vec<String>);

/// `os.walk(top)`: top-down, entries in directory order, errors ignored, symlinked directories
/// listed among dirnames but not entered (CPython's defaults).
pub fn walk(top: &str) -> Generator<WalkItem> {
    let mut stack = vec![top.to_string()];
    from_iter(std::iter::from_fn(move || loop {
        let dir = stack.pop()?;
        let Ok(rd) = fs::read_dir(&dir) else {
            continue;
        };
        let (mut dirs, mut files) = (Vec::new(), Vec::new());
        for entry in rd.filter_map(Result::ok) {
            if entry_is_dir(&entry) {
                dirs.push(name_of(&entry));
            } else {
                files.push(name_of(&entry));
            }
        }
        for d in dirs.iter().rev() {
            let sub = join(&dir, &[d]);
            if !Path::new(&sub).is_symlink() {
                stack.push(sub);
            }
        }
        return Some((dir, dirs, files));
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_rules_match_posixpath() {
        assert_eq!(join("a", &["b", "/c", "d"]), "/c/d");
        assert_eq!(join("a/", &["b"]), "a/b");
        assert_eq!(splitext(".bashrc"), (".bashrc".into(), "".into()));
        assert_eq!(splitext("a/b.tar.gz"), ("a/b.tar".into(), ".gz".into()));
        assert_eq!(splitext("a.b/c"), ("a.b/c".into(), "".into()));
        assert_eq!(splitext("..x.py"), ("..x".into(), ".py".into()));
        assert_eq!(dirname("/a/b/"), "/a/b");
        assert_eq!(dirname("//x"), "//");
        assert_eq!(basename("a/b"), "b");
        assert_eq!(normpath("a/./b/../../.."), "..");
        assert_eq!(normpath("//a//b/"), "//a/b");
        assert_eq!(normpath("/../a"), "/a");
    }
}
