//! Python `list` semantics on `Vec<T>` / slices.

use crate::exc::raise;
use crate::fmt::{to_repr, PyFmt};
use std::cmp::Ordering;

/// Normalizes a (possibly negative) index; IndexError "`what` index out of range".
#[inline]
pub fn norm_index(len: usize, i: i64, what: &str) -> usize {
    if (i as u64) < len as u64 {
        return i as usize; // the common case: 0 <= i < len
    }
    norm_index_slow(len, i, what)
}

#[cold]
fn norm_index_slow(len: usize, i: i64, what: &str) -> usize {
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        raise("IndexError", format!("{what} index out of range"));
    }
    j as usize
}

/// `v[i]`.
#[inline]
pub fn get<T>(v: &[T], i: i64) -> &T {
    &v[norm_index(v.len(), i, "list")]
}

/// `v[i]` (mutable).
#[inline]
pub fn get_mut<T>(v: &mut [T], i: i64) -> &mut T {
    let j = norm_index(v.len(), i, "list");
    &mut v[j]
}

/// `v[i] = x` (IndexError "list assignment index out of range").
pub fn set<T>(v: &mut [T], i: i64, x: T) {
    let j = norm_index_assign(v.len(), i);
    v[j] = x;
}

fn norm_index_assign(len: usize, i: i64) -> usize {
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        raise("IndexError", "list assignment index out of range");
    }
    j as usize
}

/// `del v[i]`.
pub fn del<T>(v: &mut Vec<T>, i: i64) {
    let j = norm_index_assign_del(v.len(), i);
    v.remove(j);
}

fn norm_index_assign_del(len: usize, i: i64) -> usize {
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        raise("IndexError", "list assignment index out of range");
    }
    j as usize
}

/// Python's `slice.indices(len)`: returns (start, stop, step) clamped like CPython.
pub fn slice_indices(
    len: usize,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> (i64, i64, i64) {
    let len = len as i64;
    let step = step.unwrap_or(1);
    if step == 0 {
        raise("ValueError", "slice step cannot be zero");
    }
    let adjust = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(mut x) => {
                if x < 0 {
                    x += len;
                    if x < 0 {
                        x = if step < 0 { -1 } else { 0 };
                    }
                } else if x >= len {
                    x = if step < 0 { len - 1 } else { len };
                }
                x
            }
        }
    };
    if step > 0 {
        (adjust(start, 0), adjust(stop, len), step)
    } else {
        (adjust(start, len - 1), adjust(stop, -1), step)
    }
}

/// Number of elements selected by normalized slice indices.
pub fn slice_len(start: i64, stop: i64, step: i64) -> usize {
    if step > 0 {
        if start < stop {
            ((stop - start - 1) / step + 1) as usize
        } else {
            0
        }
    } else if stop < start {
        ((start - stop - 1) / (-step) + 1) as usize
    } else {
        0
    }
}

/// Positions selected by `[start:stop:step]` on a sequence of length `len`.
pub fn slice_positions(
    len: usize,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> impl Iterator<Item = usize> {
    let (a, b, s) = slice_indices(len, start, stop, step);
    let n = slice_len(a, b, s);
    (0..n).map(move |k| (a + k as i64 * s) as usize)
}

/// `v[start:stop:step]`.
pub fn slice<T: Clone>(
    v: &[T],
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Vec<T> {
    let (a, b, s) = slice_indices(v.len(), start, stop, step);
    if s == 1 {
        if a < b {
            return v[a as usize..b as usize].to_vec();
        }
        return Vec::new();
    }
    slice_positions(v.len(), start, stop, step)
        .map(|i| v[i].clone())
        .collect()
}

/// `v[start:stop] = items` (step 1).
pub fn set_slice<T>(
    v: &mut Vec<T>,
    start: Option<i64>,
    stop: Option<i64>,
    items: impl IntoIterator<Item = T>,
) {
    let (a, b, _) = slice_indices(v.len(), start, stop, None);
    let a = a as usize;
    let b = (b as usize).max(a);
    v.splice(a..b, items);
}

/// `v[:k + 1] = v[k::-1]`: for 0 <= k < len(v) that reverses the first k + 1 items in place (no copy);
/// any other k takes the general path, with Python's clamping of both slices.
pub fn reverse_prefix<T: Clone>(v: &mut Vec<T>, k: i64) {
    if k >= 0 && (k as usize) < v.len() {
        v[..=k as usize].reverse();
        return;
    }
    let items = slice(v, Some(k), None, Some(-1));
    set_slice(v, None, Some(k + 1), items);
}

/// `v[start:stop:step] = items` for extended slices (lengths must match).
pub fn set_slice_step<T>(
    v: &mut Vec<T>,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
    items: Vec<T>,
) {
    if step.unwrap_or(1) == 1 {
        return set_slice(v, start, stop, items);
    }
    let pos: Vec<usize> = slice_positions(v.len(), start, stop, step).collect();
    if pos.len() != items.len() {
        raise(
            "ValueError",
            format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                items.len(),
                pos.len()
            ),
        );
    }
    for (p, x) in pos.into_iter().zip(items) {
        v[p] = x;
    }
}

/// `del v[start:stop:step]`.
pub fn del_slice<T>(v: &mut Vec<T>, start: Option<i64>, stop: Option<i64>, step: Option<i64>) {
    if step.unwrap_or(1) == 1 {
        let (a, b, _) = slice_indices(v.len(), start, stop, None);
        let a = a as usize;
        let b = (b as usize).max(a);
        v.drain(a..b);
        return;
    }
    let mut kill = vec![false; v.len()];
    for p in slice_positions(v.len(), start, stop, step) {
        kill[p] = true;
    }
    let mut k = kill.into_iter();
    v.retain(|_| !k.next().unwrap_or(false));
}

/// `v.pop(i)` (`None` = last element).
pub fn pop<T>(v: &mut Vec<T>, i: Option<i64>) -> T {
    if v.is_empty() {
        raise("IndexError", "pop from empty list");
    }
    match i {
        None => v
            .pop()
            .unwrap_or_else(|| raise("IndexError", "pop from empty list")),
        Some(i) => {
            let len = v.len() as i64;
            let j = if i < 0 { i + len } else { i };
            if j < 0 || j >= len {
                raise("IndexError", "pop index out of range");
            }
            v.remove(j as usize)
        }
    }
}

/// `v.insert(i, x)` (index clamped like Python).
pub fn insert<T>(v: &mut Vec<T>, i: i64, x: T) {
    let len = v.len() as i64;
    let j = if i < 0 { (i + len).max(0) } else { i.min(len) };
    v.insert(j as usize, x);
}

/// `v.remove(x)`.
pub fn remove<T: PartialEq + PyFmt>(v: &mut Vec<T>, x: &T) {
    match v.iter().position(|e| e == x) {
        Some(p) => {
            v.remove(p);
        }
        None => raise("ValueError", "list.remove(x): x not in list"),
    }
}

/// `v.index(x)`.
pub fn index<T: PartialEq + PyFmt>(v: &[T], x: &T) -> i64 {
    match v.iter().position(|e| e == x) {
        Some(p) => p as i64,
        None => raise("ValueError", format!("{} is not in list", to_repr(x))),
    }
}

/// `v.index(x, start, stop)`.
pub fn index_range<T: PartialEq + PyFmt>(
    v: &[T],
    x: &T,
    start: Option<i64>,
    stop: Option<i64>,
) -> i64 {
    let (a, b, _) = slice_indices(v.len(), start, stop, None);
    if a < b {
        if let Some(p) = v[a as usize..b as usize].iter().position(|e| e == x) {
            return p as i64 + a;
        }
    }
    raise("ValueError", format!("{} is not in list", to_repr(x)))
}

/// `v.count(x)`.
pub fn count<T: PartialEq>(v: &[T], x: &T) -> i64 {
    v.iter().filter(|e| *e == x).count() as i64
}

/// `v * n`.
pub fn repeat<T: Clone>(v: &[T], n: i64) -> Vec<T> {
    if n <= 0 {
        return Vec::new();
    }
    let n = usize::try_from(n).unwrap_or(usize::MAX);
    if v.len()
        .checked_mul(n)
        .is_none_or(|t| t > isize::MAX as usize / 16)
    {
        raise("MemoryError", "");
    }
    let mut out = Vec::with_capacity(v.len() * n);
    for _ in 0..n {
        out.extend_from_slice(v);
    }
    out
}

/// `x in v`.
pub fn contains<T: PartialEq>(v: &[T], x: &T) -> bool {
    v.contains(x)
}

/// `v.reverse()`.
pub fn reverse<T>(v: &mut [T]) {
    v.reverse()
}

/// Comparison via `<` like Python (incomparable values, e.g. NaN, compare equal).
pub fn py_cmp<T: PartialOrd + ?Sized>(a: &T, b: &T) -> Ordering {
    if a < b {
        Ordering::Less
    } else if b < a {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

fn all_self_comparable<K: PartialOrd>(keys: &[K]) -> bool {
    keys.iter()
        .all(|k| k.partial_cmp(k) == Some(Ordering::Equal))
}

/// Stable merge sort of positions 0..n using only `less(a, b)`; never panics on inconsistent orders.
fn merge_sort_perm(n: usize, less: &mut impl FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut buf = a.clone();
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let hi = (i + 2 * width).min(n);
            let (mut l, mut r, mut k) = (i, mid, i);
            while l < mid && r < hi {
                if less(a[r], a[l]) {
                    buf[k] = a[r];
                    r += 1;
                } else {
                    buf[k] = a[l];
                    l += 1;
                }
                k += 1;
            }
            buf[k..k + mid - l].copy_from_slice(&a[l..mid]);
            k += mid - l;
            buf[k..k + hi - r].copy_from_slice(&a[r..hi]);
            i = hi;
        }
        std::mem::swap(&mut a, &mut buf);
        width *= 2;
    }
    a
}

/// Rearranges `v` so that new[i] = old[perm[i]].
fn apply_perm<T>(v: &mut [T], perm: &[usize]) {
    let mut done = vec![false; v.len()];
    for i in 0..v.len() {
        if done[i] {
            continue;
        }
        let mut cur = i;
        loop {
            done[cur] = true;
            let next = perm[cur];
            if next == i {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

/// `v.sort()` (stable; uses `<` like Python).
pub fn sort<T: PartialOrd>(v: &mut [T]) {
    if all_self_comparable(v) {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
    } else {
        let perm = merge_sort_perm(v.len(), &mut |a, b| v[a] < v[b]);
        apply_perm(v, &perm);
    }
}

/// `v.sort(reverse=reverse)`.
pub fn sort_rev<T: PartialOrd>(v: &mut [T], reverse: bool) {
    if !reverse {
        return sort(v);
    }
    if all_self_comparable(v) {
        v.sort_by(|a, b| b.partial_cmp(a).unwrap_or(Ordering::Equal));
    } else {
        let perm = merge_sort_perm(v.len(), &mut |a, b| v[b] < v[a]);
        apply_perm(v, &perm);
    }
}

/// `v.sort(key=functools.cmp_to_key(cmp), reverse=...)`: stable, ordered by the sign of `cmp(a, b)`.
pub fn sort_by_cmp<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> i64, reverse: bool) {
    if reverse {
        v.sort_by(|a, b| cmp(b, a).cmp(&0));
    } else {
        v.sort_by(|a, b| cmp(a, b).cmp(&0));
    }
}

/// `v.sort(key=key, reverse=reverse)`: key called once per element, stable
/// (equal keys keep their original order even when reversed).
pub fn sort_by_key<T, K: PartialOrd>(v: &mut [T], mut key: impl FnMut(&T) -> K, reverse: bool) {
    let keys: Vec<K> = v.iter().map(&mut key).collect();
    let perm = if all_self_comparable(&keys) {
        let mut p: Vec<usize> = (0..v.len()).collect();
        if reverse {
            p.sort_by(|&a, &b| keys[b].partial_cmp(&keys[a]).unwrap_or(Ordering::Equal));
        } else {
            p.sort_by(|&a, &b| keys[a].partial_cmp(&keys[b]).unwrap_or(Ordering::Equal));
        }
        p
    } else if reverse {
        merge_sort_perm(v.len(), &mut |a, b| keys[b] < keys[a])
    } else {
        merge_sort_perm(v.len(), &mut |a, b| keys[a] < keys[b])
    };
    apply_perm(v, &perm);
}

/// `sorted(it)`.
pub fn sorted<T: PartialOrd>(it: impl IntoIterator<Item = T>, reverse: bool) -> Vec<T> {
    let mut v: Vec<T> = it.into_iter().collect();
    sort_rev(&mut v, reverse);
    v
}

/// `sorted(it, key=key, reverse=reverse)`.
pub fn sorted_by_key<T, K: PartialOrd>(
    it: impl IntoIterator<Item = T>,
    key: impl FnMut(&T) -> K,
    reverse: bool,
) -> Vec<T> {
    let mut v: Vec<T> = it.into_iter().collect();
    sort_by_key(&mut v, key, reverse);
    v
}

/// `min(it)`: first minimal element wins; ValueError on empty input.
pub fn min_of<T: PartialOrd + Clone>(it: impl IntoIterator<Item = T>) -> T {
    let mut it = it.into_iter();
    let mut best = it
        .next()
        .unwrap_or_else(|| raise("ValueError", "min() arg is an empty sequence"));
    for x in it {
        if x < best {
            best = x;
        }
    }
    best
}

/// `max(it)`: first maximal element wins; ValueError on empty input.
pub fn max_of<T: PartialOrd + Clone>(it: impl IntoIterator<Item = T>) -> T {
    let mut it = it.into_iter();
    let mut best = it
        .next()
        .unwrap_or_else(|| raise("ValueError", "max() arg is an empty sequence"));
    for x in it {
        if x > best {
            best = x;
        }
    }
    best
}

/// `min(it, key=key)`.
pub fn min_by_key<T, K: PartialOrd>(
    it: impl IntoIterator<Item = T>,
    mut key: impl FnMut(&T) -> K,
) -> T {
    let mut it = it.into_iter();
    let mut best = it
        .next()
        .unwrap_or_else(|| raise("ValueError", "min() arg is an empty sequence"));
    let mut bk = key(&best);
    for x in it {
        let k = key(&x);
        if k < bk {
            best = x;
            bk = k;
        }
    }
    best
}

/// `max(it, key=key)`.
pub fn max_by_key<T, K: PartialOrd>(
    it: impl IntoIterator<Item = T>,
    mut key: impl FnMut(&T) -> K,
) -> T {
    let mut it = it.into_iter();
    let mut best = it
        .next()
        .unwrap_or_else(|| raise("ValueError", "max() arg is an empty sequence"));
    let mut bk = key(&best);
    for x in it {
        let k = key(&x);
        if k > bk {
            best = x;
            bk = k;
        }
    }
    best
}

/// `min(a, b)` for two values (first wins on ties).
pub fn min2<T: PartialOrd>(a: T, b: T) -> T {
    if b < a {
        b
    } else {
        a
    }
}

/// `max(a, b)` for two values (first wins on ties).
pub fn max2<T: PartialOrd>(a: T, b: T) -> T {
    if b > a {
        b
    } else {
        a
    }
}

/// Python's lexicographic `<` on sequences.
pub fn seq_lt<T: PartialOrd>(a: &[T], b: &[T]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x < y;
        }
    }
    a.len() < b.len()
}
