//! Reductions with an optional axis (sum, mean, std, min, max, argmin, argmax, cumsum), sort and argsort.
//!
//! Float sums follow numpy's pairwise summation exactly (blocks of 128, eight accumulators), so a
//! printed checksum matches numpy to the last digit. Reducing over a leading axis of a C-ordered array
//! adds rows in order, as numpy's reduction loop does.

use crate::{Array, Elem};
use ndarray::{Axis, IxDyn};
use std::ops::Add;

/// Numbers that can be summed.
pub trait Num: Elem + Add<Output = Self> + PartialOrd {}
impl Num for f64 {}
impl Num for f32 {}
impl Num for i64 {}

const PW_BLOCKSIZE: usize = 128;

/// numpy's `pairwise_sum` over a contiguous slice; the two halves of big inputs run on rayon,
/// which leaves the result unchanged because the split points are numpy's.
pub fn pairwise<T: Num>(a: &[T]) -> T {
    let n = a.len();
    if n < 8 {
        let mut res = T::zero();
        for &x in a {
            res = res + x;
        }
        res
    } else if n <= PW_BLOCKSIZE {
        let mut r = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]];
        let mut i = 8;
        while i < n - (n % 8) {
            for j in 0..8 {
                r[j] = r[j] + a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res = res + a[i];
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        if n >= crate::PAR_THRESHOLD {
            let (x, y) = rayon::join(|| pairwise(&a[..n2]), || pairwise(&a[n2..]));
            x + y
        } else {
            pairwise(&a[..n2]) + pairwise(&a[n2..])
        }
    }
}

fn norm_axis(axis: i64, ndim: usize) -> usize {
    let ax = if axis < 0 { axis + ndim as i64 } else { axis };
    if ax < 0 || ax >= ndim as i64 {
        panic!("numpy.exceptions.AxisError: axis {axis} is out of bounds for array of dimension {ndim}");
    }
    ax as usize
}

/// Sum of every element.
pub fn sum<T: Num>(a: &Array<T>) -> T {
    // numpy adds the pairwise sum to its identity 0, so an all -0.0 input sums to 0.0
    T::zero()
        + match a.as_slice() {
            Some(s) => pairwise(s),
            None => pairwise(&a.iter().copied().collect::<Vec<T>>()),
        }
}

/// Sum along one axis.
pub fn sum_axis<T: Num>(a: &Array<T>, axis: i64) -> Array<T> {
    let ax = norm_axis(axis, a.ndim());
    if ax + 1 == a.ndim() {
        if let Some(v) = last_axis(a, |lane: &[T]| pairwise(lane)) {
            return v;
        }
        return a.map_axis(Axis(ax), |lane| match lane.as_slice() {
            Some(s) => pairwise(s),
            None => pairwise(&lane.to_vec()),
        });
    }
    if ax == 0 && a.shape()[0] > 0 {
        if let Some(s) = a.as_slice() {
            let width = s.len() / a.shape()[0];
            let shape = &a.shape()[1..];
            if width == 1 {
                // one element a row: numpy's iterator sees one axis, and sums it pairwise
                return Array::from_elem(IxDyn(shape), T::zero() + pairwise(s));
            }
            // row after row from 0 (numpy's identity, so -0.0 rows give 0.0), as numpy's add.reduce
            // over the outer axis of a C-contiguous array
            return Array::from_shape_vec(
                IxDyn(shape),
                add_rows(s.chunks_exact(width.max(1)), width),
            )
            .expect("reduced shape");
        }
    }
    if a.shape()[ax] == 0 {
        // numpy's sum over an empty axis is 0 (and a mean 0/0, NaN)
        let mut shape = a.shape().to_vec();
        shape.remove(ax);
        return Array::from_elem(IxDyn(&shape), T::zero());
    }
    let mut shape = a.shape().to_vec();
    shape.remove(ax);
    let mut out: Array<T> = Array::from_elem(IxDyn(&shape), T::zero());
    for i in 0..a.shape()[ax] {
        let row = a.index_axis(Axis(ax), i);
        ndarray::Zip::from(&mut out)
            .and(&row)
            .for_each(|o, &x| *o = *o + x);
    }
    out
}

/// The elementwise sum of `rows` (each `width` long), added in order from 0.
fn add_rows<'r, T: Num>(rows: impl Iterator<Item = &'r [T]>, width: usize) -> Vec<T> {
    macro_rules! narrow {
        ($w:literal) => {
            if width == $w {
                // the accumulators stay in registers for narrow rows
                let mut acc = [T::zero(); $w];
                for row in rows {
                    let row: &[T; $w] = row.try_into().expect("row width");
                    for k in 0..$w {
                        acc[k] = acc[k] + row[k];
                    }
                }
                return acc.to_vec();
            }
        };
    }
    narrow!(2);
    narrow!(3);
    narrow!(4);
    let mut out = vec![T::zero(); width];
    for row in rows {
        for (o, &x) in out.iter_mut().zip(row) {
            *o = *o + x;
        }
    }
    out
}

/// `(len(m), m.sum(axis=0))` of the selection `m = a[keep(key)]`, without building it: the kept rows
/// are added as numpy sums `m` (row after row from 0; pairwise when a row has one element), in one
/// pass over `key`. Shapes the pass does not expect (a 2-d key, lengths that differ) go through the
/// selection itself, with numpy's errors.
pub fn count_sum_rows_where<U: Elem>(
    a: &Array<f64>,
    key: &Array<U>,
    keep: impl Fn(U) -> bool,
) -> (i64, Array<f64>) {
    let fits = a.ndim() == 2 && key.ndim() == 1 && key.len() == a.shape()[0];
    let (Some(data), Some(keys), true) = (a.as_slice(), key.as_slice(), fits) else {
        let m = crate::index::rows_where(a, key, keep);
        return (m.shape()[0] as i64, sum_axis(&m, 0));
    };
    let width = a.shape()[1];
    let kept = crate::index::Kept::new(keys, keep);
    let (count, sums) = match width {
        0 => (kept.count(), Vec::new()),
        1 => {
            let col: Vec<f64> = kept.map(|i| data[i]).collect();
            (col.len(), vec![0.0 + pairwise(&col)])
        }
        _ => {
            // the kept rows added straight from `a` as the key is walked, in registers when narrow
            let row = |i: usize| &data[i * width..(i + 1) * width];
            macro_rules! narrow {
                ($w:literal) => {
                    if width == $w {
                        let (mut n, mut acc) = (0usize, [0.0f64; $w]);
                        for i in kept {
                            let r: &[f64; $w] = row(i).try_into().expect("row width");
                            for k in 0..$w {
                                acc[k] += r[k];
                            }
                            n += 1;
                        }
                        return (
                            n as i64,
                            Array::from_shape_vec(IxDyn(&[width]), acc.to_vec())
                                .expect("sums shape"),
                        );
                    }
                };
            }
            narrow!(2);
            narrow!(3);
            narrow!(4);
            let (mut n, mut acc) = (0usize, vec![0.0f64; width]);
            for i in kept {
                for (o, &x) in acc.iter_mut().zip(row(i)) {
                    *o += x;
                }
                n += 1;
            }
            (n, acc)
        }
    };
    (
        count as i64,
        Array::from_shape_vec(IxDyn(&[width]), sums).expect("sums shape"),
    )
}

/// Most groups `group_count_sum_rows` accumulates at once; more go through `count_sum_rows_where` one by one.
const MAX_GROUPS: i64 = 1 << 16;

/// `(len(m), m.sum(axis=0))` for every `m = a[key == j]`, `j` in `0..k`, in ONE pass over `key`: row `i`
/// is added into group `key[i]`'s sums, so each group adds its rows in row order from +0.0, as numpy
/// sums the selection (row after row). Rows whose key is outside `0..k` belong to no group. Returns
/// `(counts, sums)` with `sums` of shape `(k, a.shape[1])`; empty arrays when there is nothing to do
/// here (`k <= 0` or above `MAX_GROUPS`, a shape `count_sum_rows_where` would not fuse, or one-column
/// rows, which numpy sums pairwise): `group_take` then takes each group on its own, with numpy's
/// results and errors at the same point.
pub fn group_count_sum_rows(a: &Array<f64>, key: &Array<i64>, k: i64) -> (Array<i64>, Array<f64>) {
    let none = || (Array::zeros(IxDyn(&[0])), Array::zeros(IxDyn(&[0, 0])));
    let fits = a.ndim() == 2 && key.ndim() == 1 && key.len() == a.shape()[0];
    let (Some(data), Some(keys), true) = (a.as_slice(), key.as_slice(), fits) else {
        return none();
    };
    let width = a.shape()[1];
    if k <= 0 || k > MAX_GROUPS || width == 1 {
        return none();
    }
    let groups = k as usize;
    let mut counts = vec![0i64; groups];
    let mut sums = vec![0.0f64; groups * width];
    macro_rules! narrow {
        ($w:literal) => {
            if width == $w {
                let rows: &[[f64; $w]] = data.as_chunks::<$w>().0;
                for (row, &g) in rows.iter().zip(keys) {
                    if (0..k).contains(&g) {
                        let g = g as usize;
                        counts[g] += 1;
                        let acc: &mut [f64; $w] = (&mut sums[g * $w..(g + 1) * $w])
                            .try_into()
                            .expect("group width");
                        for c in 0..$w {
                            acc[c] += row[c];
                        }
                    }
                }
            }
        };
    }
    narrow!(2);
    narrow!(3);
    narrow!(4);
    if width > 4 || width == 0 {
        for (i, &g) in keys.iter().enumerate() {
            if (0..k).contains(&g) {
                let g = g as usize;
                counts[g] += 1;
                let row = &data[i * width..(i + 1) * width];
                for (o, &x) in sums[g * width..(g + 1) * width].iter_mut().zip(row) {
                    *o += x;
                }
            }
        }
    }
    (
        Array::from_shape_vec(IxDyn(&[groups]), counts).expect("counts shape"),
        Array::from_shape_vec(IxDyn(&[groups, width]), sums).expect("sums shape"),
    )
}

/// Group `j`'s `(len(m), m.sum(axis=0))` from `group_count_sum_rows`'s `(counts, sums)`, or, where that
/// left the groups empty, `count_sum_rows_where(a, key == j)` itself.
pub fn group_take(
    counts: &Array<i64>,
    sums: &Array<f64>,
    j: i64,
    a: &Array<f64>,
    key: &Array<i64>,
) -> (i64, Array<f64>) {
    match usize::try_from(j) {
        Ok(g) if g < counts.len() => (counts[[g]], sums.index_axis(Axis(0), g).to_owned()),
        _ => count_sum_rows_where(a, key, move |x| x == j),
    }
}

pub fn mean(a: &Array<f64>) -> f64 {
    sum(a) / a.len() as f64
}

pub fn mean_axis(a: &Array<f64>, axis: i64) -> Array<f64> {
    let n = a.shape()[norm_axis(axis, a.ndim())] as f64;
    sum_axis(a, axis).mapv(|x| x / n)
}

/// Population standard deviation (ddof=0), computed as numpy's `_var` does.
pub fn std(a: &Array<f64>) -> f64 {
    let m = mean(a);
    let d = crate::ops::map(a, |x| (x - m) * (x - m));
    (sum(&d) / a.len() as f64).sqrt()
}

pub fn std_axis(a: &Array<f64>, axis: i64) -> Array<f64> {
    let ax = norm_axis(axis, a.ndim());
    let m = mean_axis(a, axis).insert_axis(Axis(ax));
    let d = crate::ops::zip_with(a, &m, |x, y| (x - y) * (x - y));
    let n = a.shape()[ax] as f64;
    sum_axis(&d, axis).mapv(|x| (x / n).sqrt())
}

fn empty_error(what: &str) -> ! {
    crate::value_error(format!(
        "zero-size array to reduction operation {what} which has no identity"
    ))
}

fn pick<T: Num>(lane: impl Iterator<Item = T>, better: fn(T, T) -> bool) -> (usize, T) {
    let mut best: Option<(usize, T)> = None;
    for (i, x) in lane.enumerate() {
        match best {
            None => best = Some((i, x)),
            Some((_, b)) => {
                if crate::elem::is_nan(&b) {
                    break;
                }
                if crate::elem::is_nan(&x) || better(x, b) {
                    best = Some((i, x));
                }
            }
        }
    }
    best.unwrap_or_else(|| empty_error("minimum"))
}

fn less<T: Num>(x: T, y: T) -> bool {
    x < y
}
fn greater<T: Num>(x: T, y: T) -> bool {
    x > y
}

pub fn min<T: Num>(a: &Array<T>) -> T {
    pick(a.iter().copied(), less).1
}
pub fn max<T: Num>(a: &Array<T>) -> T {
    pick(a.iter().copied(), greater).1
}
pub fn argmin<T: Num>(a: &Array<T>) -> i64 {
    pick(a.iter().copied(), less).0 as i64
}
pub fn argmax<T: Num>(a: &Array<T>) -> i64 {
    pick(a.iter().copied(), greater).0 as i64
}
/// Reduce every lane of the last axis of a C-contiguous array through `f`, in parallel when large.
fn last_axis<T: Elem, R: Elem>(
    a: &Array<T>,
    f: impl Fn(&[T]) -> R + Sync + Send,
) -> Option<Array<R>> {
    let s = a.as_slice()?;
    let n = *a.shape().last()?;
    if n == 0 {
        return None;
    }
    let v: Vec<R> = if s.len() >= crate::PAR_THRESHOLD {
        use rayon::prelude::*;
        s.par_chunks_exact(n).map(&f).collect()
    } else {
        s.chunks_exact(n).map(&f).collect()
    };
    let shape = &a.shape()[..a.ndim() - 1];
    Some(Array::from_shape_vec(IxDyn(shape), v).expect("reduced shape"))
}

fn reduce_axis<T: Num, R: Elem>(
    a: &Array<T>,
    axis: i64,
    f: impl Fn(&[T]) -> R + Sync + Send,
) -> Array<R> {
    let ax = norm_axis(axis, a.ndim());
    if ax + 1 == a.ndim() {
        if let Some(v) = last_axis(a, &f) {
            return v;
        }
    }
    a.map_axis(Axis(ax), |l| f(&l.to_vec()))
}

pub fn min_axis<T: Num>(a: &Array<T>, axis: i64) -> Array<T> {
    reduce_axis(a, axis, |l| pick(l.iter().copied(), less).1)
}
pub fn max_axis<T: Num>(a: &Array<T>, axis: i64) -> Array<T> {
    reduce_axis(a, axis, |l| pick(l.iter().copied(), greater).1)
}
pub fn argmin_axis<T: Num>(a: &Array<T>, axis: i64) -> Array<i64> {
    reduce_axis(a, axis, |l| pick(l.iter().copied(), less).0 as i64)
}
pub fn argmax_axis<T: Num>(a: &Array<T>, axis: i64) -> Array<i64> {
    reduce_axis(a, axis, |l| pick(l.iter().copied(), greater).0 as i64)
}

/// Cumulative sum of the flattened array.
pub fn cumsum<T: Num>(a: &Array<T>) -> Array<T> {
    let mut acc = T::zero();
    let v: Vec<T> = a
        .iter()
        .map(|&x| {
            acc = acc + x;
            acc
        })
        .collect();
    crate::create::from_vec(v)
}

pub fn cumsum_axis<T: Num>(a: &Array<T>, axis: i64) -> Array<T> {
    let ax = norm_axis(axis, a.ndim());
    let mut out = a.to_owned();
    for mut lane in out.lanes_mut(Axis(ax)) {
        let mut acc = T::zero();
        for x in lane.iter_mut() {
            acc = acc + *x;
            *x = acc;
        }
    }
    out
}

/// Total order numpy sorts by: NaN last.
fn order<T: Num>(x: &T, y: &T) -> std::cmp::Ordering {
    match x.partial_cmp(y) {
        Some(o) => o,
        None => crate::elem::is_nan(x).cmp(&crate::elem::is_nan(y)),
    }
}

/// `np.sort(a)` along the last axis.
pub fn sort<T: Num>(a: &Array<T>) -> Array<T> {
    let mut out = a.to_owned();
    if out.ndim() == 0 {
        return out;
    }
    let ax = out.ndim() - 1;
    for mut lane in out.lanes_mut(Axis(ax)) {
        let mut v = lane.to_vec();
        v.sort_by(order);
        for (d, s) in lane.iter_mut().zip(v) {
            *d = s;
        }
    }
    out
}

/// `np.argsort(a)` along the last axis (stable, so ties keep their order).
pub fn argsort<T: Num>(a: &Array<T>) -> Array<i64> {
    let ax = a.ndim().saturating_sub(1);
    let mut out = Array::<i64>::zeros(IxDyn(a.shape()));
    for (lane, mut olane) in a.lanes(Axis(ax)).into_iter().zip(out.lanes_mut(Axis(ax))) {
        let v = lane.to_vec();
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&i, &j| order(&v[i], &v[j]));
        for (d, s) in olane.iter_mut().zip(idx) {
            *d = s as i64;
        }
    }
    out
}

/// `mask.sum()`: the number of true elements.
pub fn count(a: &Array<bool>) -> i64 {
    a.iter().filter(|&&b| b).count() as i64
}

pub fn any(a: &Array<bool>) -> bool {
    a.iter().any(|&b| b)
}

pub fn all(a: &Array<bool>) -> bool {
    a.iter().all(|&b| b)
}
