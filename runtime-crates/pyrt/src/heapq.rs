//! Python's `heapq` module with CPython's exact algorithms, so that a list has
//! the same element order as in CPython after every operation.
//!
//! Elements are compared with `<` only (`PartialOrd::lt`), like CPython.

use crate::exc::raise;

/// Python's `a < b` (false for incomparable values such as NaN).
fn lt<T: PartialOrd>(a: &T, b: &T) -> bool {
    a < b
}

/// `_siftdown(heap, startpos, pos)`.
fn siftdown<T: PartialOrd>(heap: &mut [T], startpos: usize, mut pos: usize) {
    while pos > startpos {
        let parentpos = (pos - 1) >> 1;
        if heap[pos] < heap[parentpos] {
            heap.swap(pos, parentpos);
            pos = parentpos;
            continue;
        }
        break;
    }
}

/// `_siftup(heap, pos)`: moves the smaller child up until a leaf, then sifts down.
fn siftup<T: PartialOrd>(heap: &mut [T], mut pos: usize) {
    let endpos = heap.len();
    let startpos = pos;
    let limit = endpos >> 1;
    while pos < limit {
        let mut childpos = 2 * pos + 1;
        if childpos + 1 < endpos && !lt(&heap[childpos], &heap[childpos + 1]) {
            childpos += 1;
        }
        heap.swap(pos, childpos);
        pos = childpos;
    }
    siftdown(heap, startpos, pos);
}

/// `heapq.heappush(heap, item)`.
pub fn heappush<T: PartialOrd>(heap: &mut Vec<T>, item: T) {
    heap.push(item);
    let n = heap.len();
    siftdown(heap, 0, n - 1);
}

/// `heapq.heappop(heap)`; raises `IndexError: index out of range` when empty.
pub fn heappop<T: PartialOrd>(heap: &mut Vec<T>) -> T {
    let Some(last) = heap.pop() else {
        raise("IndexError", "index out of range")
    };
    if heap.is_empty() {
        return last;
    }
    let ret = std::mem::replace(&mut heap[0], last);
    siftup(heap, 0);
    ret
}

/// `heapq.heapreplace(heap, item)`: pops the smallest, then pushes `item`.
/// Raises `IndexError: index out of range` when empty.
pub fn heapreplace<T: PartialOrd>(heap: &mut [T], item: T) -> T {
    if heap.is_empty() {
        raise("IndexError", "index out of range");
    }
    let ret = std::mem::replace(&mut heap[0], item);
    siftup(heap, 0);
    ret
}

/// `heapq.heappushpop(heap, item)`: pushes `item`, then pops the smallest.
pub fn heappushpop<T: PartialOrd>(heap: &mut [T], item: T) -> T {
    if !heap.is_empty() && heap[0] < item {
        let ret = std::mem::replace(&mut heap[0], item);
        siftup(heap, 0);
        return ret;
    }
    item
}

/// The highest power of two `<= n` (`keep_top_bit`).
fn keep_top_bit(mut n: usize) -> usize {
    let mut i = 0;
    while n > 1 {
        n >>= 1;
        i += 1;
    }
    n << i
}

/// `heapq.heapify(x)`, including CPython's cache-friendly order for lists
/// longer than 2500 elements.
pub fn heapify<T: PartialOrd>(x: &mut [T]) {
    let n = x.len();
    if n > 2500 {
        let m = n >> 1;
        let leftmost = keep_top_bit(m + 1) - 1;
        let mhalf = m >> 1;
        let run = |x: &mut [T], i: usize| {
            let mut j = i;
            loop {
                siftup(x, j);
                if j & 1 == 0 {
                    break;
                }
                j >>= 1;
            }
        };
        for i in (mhalf..leftmost).rev() {
            run(x, i);
        }
        for i in (leftmost..m).rev() {
            run(x, i);
        }
        for i in (0..mhalf).rev() {
            siftup(x, i);
        }
        return;
    }
    for i in (0..n / 2).rev() {
        siftup(x, i);
    }
}

/// `heapq.nsmallest(n, iterable)`: equal to `sorted(iterable)[:n]`.
pub fn nsmallest<T: PartialOrd + Clone>(n: i64, items: &[T]) -> Vec<T> {
    nsmallest_by_key(n, items, |x| x.clone())
}

/// `heapq.nlargest(n, iterable)`: equal to `sorted(iterable, reverse=True)[:n]`.
pub fn nlargest<T: PartialOrd + Clone>(n: i64, items: &[T]) -> Vec<T> {
    nlargest_by_key(n, items, |x| x.clone())
}

/// `heapq.nsmallest(n, iterable, key=key)`.
pub fn nsmallest_by_key<T: Clone, K: PartialOrd>(
    n: i64,
    items: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    if n <= 0 {
        return Vec::new();
    }
    let mut keyed: Vec<(K, usize)> = items.iter().enumerate().map(|(i, x)| (key(x), i)).collect();
    // Stable: ties keep their original order, like CPython's (key, order) tuples.
    keyed.sort_by(|a, b| {
        if a.0 < b.0 {
            std::cmp::Ordering::Less
        } else if b.0 < a.0 {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    keyed
        .into_iter()
        .take(n as usize)
        .map(|(_, i)| items[i].clone())
        .collect()
}

/// `heapq.nlargest(n, iterable, key=key)`.
pub fn nlargest_by_key<T: Clone, K: PartialOrd>(
    n: i64,
    items: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    if n <= 0 {
        return Vec::new();
    }
    let mut keyed: Vec<(K, usize)> = items.iter().enumerate().map(|(i, x)| (key(x), i)).collect();
    keyed.sort_by(|a, b| {
        if b.0 < a.0 {
            std::cmp::Ordering::Less
        } else if a.0 < b.0 {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    keyed
        .into_iter()
        .take(n as usize)
        .map(|(_, i)| items[i].clone())
        .collect()
}
