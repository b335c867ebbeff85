//! Python's `bisect` module (CPython's algorithms; elements compared with `<`).

use crate::exc::raise;

fn bounds(len: usize, lo: i64, hi: Option<i64>) -> (i64, i64) {
    if lo < 0 {
        raise("ValueError", "lo must be non-negative");
    }
    // CPython treats hi == -1 like None.
    let hi = match hi {
        None | Some(-1) => len as i64,
        Some(h) => h,
    };
    (lo, hi)
}

fn item<T>(a: &[T], i: i64) -> &T {
    match a.get(i as usize) {
        Some(x) => x,
        None => raise("IndexError", "list index out of range"),
    }
}

/// `bisect.bisect_left(a, x, lo, hi)` with `key` applied to the elements of `a`
/// (`x` is already a key, as in Python).
pub fn bisect_left_range_by_key<T, K: PartialOrd>(
    a: &[T],
    x: &K,
    lo: i64,
    hi: Option<i64>,
    key: impl Fn(&T) -> K,
) -> i64 {
    let (mut lo, mut hi) = bounds(a.len(), lo, hi);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if key(item(a, mid)) < *x {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// `bisect.bisect_right(a, x, lo, hi, key=key)`.
pub fn bisect_right_range_by_key<T, K: PartialOrd>(
    a: &[T],
    x: &K,
    lo: i64,
    hi: Option<i64>,
    key: impl Fn(&T) -> K,
) -> i64 {
    let (mut lo, mut hi) = bounds(a.len(), lo, hi);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if *x < key(item(a, mid)) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// `bisect.bisect_left(a, x, lo, hi)`; `ValueError: lo must be non-negative`.
pub fn bisect_left_range<T: PartialOrd>(a: &[T], x: &T, lo: i64, hi: Option<i64>) -> i64 {
    let (mut lo, mut hi) = bounds(a.len(), lo, hi);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if item(a, mid) < x {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// `bisect.bisect_right(a, x, lo, hi)`.
pub fn bisect_right_range<T: PartialOrd>(a: &[T], x: &T, lo: i64, hi: Option<i64>) -> i64 {
    let (mut lo, mut hi) = bounds(a.len(), lo, hi);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if x < item(a, mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// `bisect.bisect_left(a, x)`.
pub fn bisect_left<T: PartialOrd>(a: &[T], x: &T) -> i64 {
    bisect_left_range(a, x, 0, None)
}

/// `bisect.bisect_right(a, x)`.
pub fn bisect_right<T: PartialOrd>(a: &[T], x: &T) -> i64 {
    bisect_right_range(a, x, 0, None)
}

/// `bisect.bisect(a, x)` (same as [`bisect_right`]).
pub fn bisect<T: PartialOrd>(a: &[T], x: &T) -> i64 {
    bisect_right(a, x)
}

/// `bisect.bisect_left(a, x, key=key)`.
pub fn bisect_left_by_key<T, K: PartialOrd>(a: &[T], x: &K, key: impl Fn(&T) -> K) -> i64 {
    bisect_left_range_by_key(a, x, 0, None, key)
}

/// `bisect.bisect_right(a, x, key=key)`.
pub fn bisect_right_by_key<T, K: PartialOrd>(a: &[T], x: &K, key: impl Fn(&T) -> K) -> i64 {
    bisect_right_range_by_key(a, x, 0, None, key)
}

/// `bisect.insort_left(a, x)`.
pub fn insort_left<T: PartialOrd>(a: &mut Vec<T>, x: T) {
    let i = bisect_left(a, &x) as usize;
    a.insert(i, x);
}

/// `bisect.insort_right(a, x)`.
pub fn insort_right<T: PartialOrd>(a: &mut Vec<T>, x: T) {
    let i = bisect_right(a, &x) as usize;
    a.insert(i, x);
}

/// `bisect.insort(a, x)` (same as [`insort_right`]).
pub fn insort<T: PartialOrd>(a: &mut Vec<T>, x: T) {
    insort_right(a, x)
}

/// `bisect.insort_left(a, x, key=key)` (`key` is applied to `x` too).
pub fn insort_left_by_key<T, K: PartialOrd>(a: &mut Vec<T>, x: T, key: impl Fn(&T) -> K) {
    let k = key(&x);
    let i = bisect_left_by_key(a, &k, key) as usize;
    a.insert(i, x);
}

/// `bisect.insort_right(a, x, key=key)`.
pub fn insort_right_by_key<T, K: PartialOrd>(a: &mut Vec<T>, x: T, key: impl Fn(&T) -> K) {
    let k = key(&x);
    let i = bisect_right_by_key(a, &k, key) as usize;
    a.insert(i, x);
}
