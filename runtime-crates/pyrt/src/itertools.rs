//! Python's `itertools` functions for finite inputs, returning `Vec`s in
//! CPython's order (the algorithms of the `itertools` documentation).

use crate::exc::raise;

fn check_r(r: i64) -> usize {
    if r < 0 {
        raise("ValueError", "r must be non-negative");
    }
    r as usize
}

/// `itertools.product(a, b)`.
pub fn product2<A: Clone, B: Clone>(a: &[A], b: &[B]) -> Vec<(A, B)> {
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            out.push((x.clone(), y.clone()));
        }
    }
    out
}

/// `itertools.product(a, b, c)`.
pub fn product3<A: Clone, B: Clone, C: Clone>(a: &[A], b: &[B], c: &[C]) -> Vec<(A, B, C)> {
    let mut out = Vec::with_capacity(a.len() * b.len() * c.len());
    for x in a {
        for y in b {
            for z in c {
                out.push((x.clone(), y.clone(), z.clone()));
            }
        }
    }
    out
}

/// `itertools.product(*pools)` for pools of one element type.
pub fn product<T: Clone>(pools: &[Vec<T>]) -> Vec<Vec<T>> {
    let mut result: Vec<Vec<T>> = vec![Vec::new()];
    for pool in pools {
        let mut next = Vec::with_capacity(result.len() * pool.len());
        for x in &result {
            for y in pool {
                let mut v = x.clone();
                v.push(y.clone());
                next.push(v);
            }
        }
        result = next;
    }
    result
}

/// `itertools.product(pool, repeat=repeat)`; `ValueError` for a negative repeat.
pub fn product_repeat<T: Clone>(pool: &[T], repeat: i64) -> Vec<Vec<T>> {
    if repeat < 0 {
        raise("ValueError", "repeat argument cannot be negative");
    }
    let pools: Vec<Vec<T>> = (0..repeat).map(|_| pool.to_vec()).collect();
    product(&pools)
}

fn pick<T: Clone>(pool: &[T], idx: &[usize]) -> Vec<T> {
    idx.iter().map(|&i| pool[i].clone()).collect()
}

/// `itertools.permutations(pool, r)` (`r = None` is `None`: full length).
pub fn permutations<T: Clone>(pool: &[T], r: Option<i64>) -> Vec<Vec<T>> {
    let n = pool.len();
    let r = match r {
        None => n,
        Some(r) => check_r(r),
    };
    let mut out = Vec::new();
    if r > n {
        return out;
    }
    let mut indices: Vec<usize> = (0..n).collect();
    let mut cycles: Vec<usize> = (n - r + 1..=n).rev().collect();
    out.push(pick(pool, &indices[..r]));
    if n == 0 {
        return out;
    }
    'outer: loop {
        for i in (0..r).rev() {
            cycles[i] -= 1;
            if cycles[i] == 0 {
                let x = indices.remove(i);
                indices.push(x);
                cycles[i] = n - i;
            } else {
                let j = cycles[i];
                indices.swap(i, n - j);
                out.push(pick(pool, &indices[..r]));
                continue 'outer;
            }
        }
        return out;
    }
}

/// `itertools.combinations(pool, r)`.
pub fn combinations<T: Clone>(pool: &[T], r: i64) -> Vec<Vec<T>> {
    let r = check_r(r);
    let n = pool.len();
    let mut out = Vec::new();
    if r > n {
        return out;
    }
    let mut indices: Vec<usize> = (0..r).collect();
    out.push(pick(pool, &indices));
    loop {
        let Some(i) = (0..r).rev().find(|&i| indices[i] != i + n - r) else {
            return out;
        };
        indices[i] += 1;
        for j in i + 1..r {
            indices[j] = indices[j - 1] + 1;
        }
        out.push(pick(pool, &indices));
    }
}

/// `itertools.combinations_with_replacement(pool, r)`.
pub fn combinations_with_replacement<T: Clone>(pool: &[T], r: i64) -> Vec<Vec<T>> {
    let r = check_r(r);
    let n = pool.len();
    let mut out = Vec::new();
    if n == 0 && r > 0 {
        return out;
    }
    let mut indices = vec![0usize; r];
    out.push(pick(pool, &indices));
    loop {
        let Some(i) = (0..r).rev().find(|&i| indices[i] != n - 1) else {
            return out;
        };
        let v = indices[i] + 1;
        for x in &mut indices[i..] {
            *x = v;
        }
        out.push(pick(pool, &indices));
    }
}

/// `itertools.accumulate(items)`: running sums (`+`).
pub fn accumulate<T: Clone + std::ops::Add<Output = T>>(items: &[T]) -> Vec<T> {
    accumulate_with(items, |a, b| a.clone() + b.clone())
}

/// `itertools.accumulate(items, func)`.
pub fn accumulate_with<T: Clone>(items: &[T], mut f: impl FnMut(&T, &T) -> T) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for x in items {
        let v = match out.last() {
            None => x.clone(),
            Some(acc) => f(acc, x),
        };
        out.push(v);
    }
    out
}

/// `itertools.accumulate(items, func, initial=initial)`.
pub fn accumulate_initial<T: Clone>(
    items: &[T],
    initial: T,
    mut f: impl FnMut(&T, &T) -> T,
) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len() + 1);
    out.push(initial);
    for x in items {
        let v = f(out.last().expect("non-empty"), x);
        out.push(v);
    }
    out
}

/// `[(k, list(g)) for k, g in itertools.groupby(items, key)]`: runs of
/// consecutive elements with equal keys.
pub fn groupby<T: Clone, K: PartialEq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<(K, Vec<T>)> {
    let mut out: Vec<(K, Vec<T>)> = Vec::new();
    for x in items {
        let k = key(x);
        match out.last_mut() {
            Some((lk, g)) if *lk == k => g.push(x.clone()),
            _ => out.push((k, vec![x.clone()])),
        }
    }
    out
}

/// `itertools.groupby(items)` without a key.
pub fn groupby_identity<T: Clone + PartialEq>(items: &[T]) -> Vec<(T, Vec<T>)> {
    groupby(items, |x| x.clone())
}

/// `itertools.chain(*parts)`.
pub fn chain<T: Clone>(parts: &[&[T]]) -> Vec<T> {
    parts.iter().flat_map(|p| p.iter().cloned()).collect()
}

/// `itertools.islice(items, start, stop, step)` (`stop = None` is `None`),
/// with CPython's `ValueError`s for negative indices and non-positive steps.
pub fn islice<T: Clone>(items: &[T], start: i64, stop: Option<i64>, step: i64) -> Vec<T> {
    if start < 0 {
        raise(
            "ValueError",
            "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
        );
    }
    if stop.is_some_and(|s| s < 0) {
        raise(
            "ValueError",
            "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
        );
    }
    if step <= 0 {
        raise(
            "ValueError",
            "Step for islice() must be a positive integer or None.",
        );
    }
    let len = items.len();
    let stop = stop.map_or(len, |s| (s as u64).min(len as u64) as usize);
    let start = (start as u64).min(len as u64) as usize;
    if start >= stop {
        return Vec::new();
    }
    items[start..stop]
        .iter()
        .step_by(step as usize)
        .cloned()
        .collect()
}

/// `itertools.pairwise(items)`.
pub fn pairwise<T: Clone>(items: &[T]) -> Vec<(T, T)> {
    items
        .windows(2)
        .map(|w| (w[0].clone(), w[1].clone()))
        .collect()
}

/// `itertools.zip_longest(a, b, fillvalue=fill)`.
pub fn zip_longest<T: Clone>(a: &[T], b: &[T], fill: T) -> Vec<(T, T)> {
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| {
            (
                a.get(i).cloned().unwrap_or_else(|| fill.clone()),
                b.get(i).cloned().unwrap_or_else(|| fill.clone()),
            )
        })
        .collect()
}

/// `itertools.takewhile(pred, items)`.
pub fn takewhile<T: Clone>(items: &[T], pred: impl Fn(&T) -> bool) -> Vec<T> {
    items.iter().take_while(|x| pred(x)).cloned().collect()
}

/// `itertools.dropwhile(pred, items)`.
pub fn dropwhile<T: Clone>(items: &[T], pred: impl Fn(&T) -> bool) -> Vec<T> {
    items.iter().skip_while(|x| pred(x)).cloned().collect()
}

/// `itertools.filterfalse(pred, items)`.
pub fn filterfalse<T: Clone>(items: &[T], pred: impl Fn(&T) -> bool) -> Vec<T> {
    items.iter().filter(|x| !pred(x)).cloned().collect()
}

/// `itertools.compress(data, selectors)`.
pub fn compress<T: Clone>(data: &[T], selectors: &[bool]) -> Vec<T> {
    data.iter()
        .zip(selectors)
        .filter(|(_, s)| **s)
        .map(|(d, _)| d.clone())
        .collect()
}

/// `list(itertools.repeat(x, n))` (`n < 0` gives an empty list).
pub fn repeat<T: Clone>(x: &T, n: i64) -> Vec<T> {
    vec![x.clone(); n.max(0) as usize]
}
