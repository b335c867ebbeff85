//! Assorted Python builtins (`range`, `abs`, truthiness, `sum`, ...).

use crate::exc::raise;

/// `len(range(start, stop, step))`.
pub fn range_len(start: i64, stop: i64, step: i64) -> usize {
    if step == 0 {
        raise("ValueError", "range() arg 3 must not be zero");
    }
    let (lo, hi, st) = (start as i128, stop as i128, step as i128);
    let n = if st > 0 {
        if lo < hi {
            (hi - lo - 1) / st + 1
        } else {
            0
        }
    } else if hi < lo {
        (lo - hi - 1) / (-st) + 1
    } else {
        0
    };
    n as usize
}

/// Iterator over `range(start, stop, step)`.
#[derive(Clone, Debug)]
pub struct PyRange {
    cur: i64,
    step: i64,
    left: usize,
}

impl Iterator for PyRange {
    type Item = i64;
    fn next(&mut self) -> Option<i64> {
        if self.left == 0 {
            return None;
        }
        let v = self.cur;
        self.left -= 1;
        self.cur = self.cur.wrapping_add(self.step);
        Some(v)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl DoubleEndedIterator for PyRange {
    fn next_back(&mut self) -> Option<i64> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        Some(
            self.cur
                .wrapping_add((self.left as i64).wrapping_mul(self.step)),
        )
    }
}

impl ExactSizeIterator for PyRange {}

/// `range(start, stop, step)` (ValueError if step is 0).
pub fn range(start: i64, stop: i64, step: i64) -> PyRange {
    let left = range_len(start, stop, step);
    PyRange {
        cur: start,
        step,
        left,
    }
}

/// `range(stop)`.
pub fn range1(stop: i64) -> PyRange {
    range(0, stop, 1)
}

/// `range(start, stop)`.
pub fn range2(start: i64, stop: i64) -> PyRange {
    range(start, stop, 1)
}

/// `bool(s)` for a str.
pub fn bool_of_str(s: &str) -> bool {
    !s.is_empty()
}

/// `bool(x)` for an int.
pub fn bool_of_int(x: i64) -> bool {
    x != 0
}

/// `bool(x)` for a float.
pub fn bool_of_float(x: f64) -> bool {
    x != 0.0
}

/// `bool(v)` for a sequence.
pub fn bool_of_seq<T>(v: &[T]) -> bool {
    !v.is_empty()
}

/// `abs(x)` for a float.
pub fn abs_float(x: f64) -> f64 {
    x.abs()
}

/// `sum(ints)` (checked).
pub fn sum_int(it: impl IntoIterator<Item = i64>) -> i64 {
    it.into_iter().fold(0, crate::int::add)
}

/// `sum(floats)` (plain left-to-right addition like CPython's float path).
pub fn sum_float(it: impl IntoIterator<Item = f64>) -> f64 {
    it.into_iter().fold(0.0, |a, b| a + b)
}

/// `any(bools)`.
pub fn any(it: impl IntoIterator<Item = bool>) -> bool {
    it.into_iter().any(|b| b)
}

/// `all(bools)`.
pub fn all(it: impl IntoIterator<Item = bool>) -> bool {
    it.into_iter().all(|b| b)
}

/// `int(b)` for a bool.
pub fn int_of_bool(b: bool) -> i64 {
    b as i64
}

/// `assert cond, msg`.
pub fn assert_(cond: bool, msg: Option<&str>) {
    if !cond {
        raise("AssertionError", msg.unwrap_or(""));
    }
}

/// `str(x)` of any formattable value.
pub fn str_of<T: crate::fmt::PyFmt + ?Sized>(x: &T) -> String {
    crate::fmt::to_str(x)
}

/// `repr(x)` of any formattable value.
pub fn repr_of<T: crate::fmt::PyFmt + ?Sized>(x: &T) -> String {
    crate::fmt::to_repr(x)
}

/// `ascii(s)` for a string.
pub fn ascii_of_str(s: &str) -> String {
    let r = crate::fmt::str_repr(s);
    let mut out = String::with_capacity(r.len());
    for c in r.chars() {
        let u = c as u32;
        if u < 0x80 {
            out.push(c);
        } else if u < 0x100 {
            out.push_str(&format!("\\x{u:02x}"));
        } else if u < 0x10000 {
            out.push_str(&format!("\\u{u:04x}"));
        } else {
            out.push_str(&format!("\\U{u:08x}"));
        }
    }
    out
}
