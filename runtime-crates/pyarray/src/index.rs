//! Indexing: integer and slice subscripts, newaxis, boolean masks and fancy (integer array) indexing.

use crate::{Array, Elem};
use ndarray::{Axis, IxDyn, SliceInfoElem};

/// One entry of a subscript tuple.
#[derive(Clone, Copy, Debug)]
pub enum Ix {
    /// `a[i]` (negative counts from the end).
    At(i64),
    /// `a[start:stop:step]` with Python's optional bounds.
    Slice(Option<i64>, Option<i64>, i64),
    /// `None` / `np.newaxis`.
    NewAxis,
}

fn bound(i: i64, n: usize, axis: usize) -> usize {
    let j = if i < 0 { i + n as i64 } else { i };
    if j < 0 || j >= n as i64 {
        panic!("IndexError: index {i} is out of bounds for axis {axis} with size {n}");
    }
    j as usize
}

fn slice_elems(a_shape: &[usize], ix: &[Ix]) -> Vec<SliceInfoElem> {
    let mut axis = 0;
    let mut out = Vec::new();
    for &e in ix {
        match e {
            Ix::At(i) => {
                let n = *a_shape.get(axis).unwrap_or_else(|| {
                    panic!(
                        "IndexError: too many indices for array: array is {}-dimensional",
                        a_shape.len()
                    )
                });
                out.push(SliceInfoElem::Index(bound(i, n, axis) as isize));
                axis += 1;
            }
            Ix::Slice(start, stop, step) => {
                if step == 0 {
                    crate::value_error("slice step cannot be zero".into());
                }
                let n = a_shape[axis] as i64;
                // Python slice semantics resolved to ndarray's (start, end, step) on the original order.
                let (lo, hi) = py_slice_bounds(start, stop, step, n);
                if step > 0 {
                    out.push(SliceInfoElem::Slice {
                        start: lo as isize,
                        end: Some(hi.max(lo) as isize),
                        step: step as isize,
                    });
                } else {
                    // Python walks lo, lo+step, ... > hi; ndarray walks the range (hi, lo] from its end.
                    let (s, e) = if lo <= hi { (0, 0) } else { (hi + 1, lo + 1) };
                    out.push(SliceInfoElem::Slice {
                        start: s as isize,
                        end: Some(e as isize),
                        step: step as isize,
                    });
                }
                axis += 1;
            }
            Ix::NewAxis => out.push(SliceInfoElem::NewAxis),
        }
    }
    while axis < a_shape.len() {
        out.push(SliceInfoElem::Slice {
            start: 0,
            end: None,
            step: 1,
        });
        axis += 1;
    }
    out
}

/// Python's slice.indices for a positive or negative step: (first, stop) clamped.
fn py_slice_bounds(start: Option<i64>, stop: Option<i64>, step: i64, n: i64) -> (i64, i64) {
    let clamp = |v: i64, lo: i64, hi: i64| v.max(lo).min(hi);
    if step > 0 {
        let s = start.map_or(0, |s| {
            if s < 0 {
                clamp(s + n, 0, n)
            } else {
                clamp(s, 0, n)
            }
        });
        let e = stop.map_or(n, |e| {
            if e < 0 {
                clamp(e + n, 0, n)
            } else {
                clamp(e, 0, n)
            }
        });
        (s, e)
    } else {
        let s = start.map_or(n - 1, |s| {
            if s < 0 {
                clamp(s + n, -1, n - 1)
            } else {
                clamp(s, -1, n - 1)
            }
        });
        let e = stop.map_or(-1, |e| {
            if e < 0 {
                clamp(e + n, -1, n - 1)
            } else {
                clamp(e, -1, n - 1)
            }
        });
        (s, e)
    }
}

/// `a[ix...]` as a new array (numpy returns a view; the transpiled program owns a copy, and writes
/// go through `set`).
pub fn get<T: Elem>(a: &Array<T>, ix: &[Ix]) -> Array<T> {
    let elems = slice_elems(a.shape(), ix);
    let info = ndarray::SliceInfo::<_, IxDyn, IxDyn>::try_from(elems).expect("slice info");
    a.slice(info.as_ref()).to_owned()
}

/// `a[i, j]` for a full integer index: one element.
pub fn item<T: Elem>(a: &Array<T>, idx: &[i64]) -> T {
    if idx.len() != a.ndim() {
        panic!(
            "IndexError: expected {} indices, got {}",
            a.ndim(),
            idx.len()
        );
    }
    let u: Vec<usize> = idx
        .iter()
        .enumerate()
        .map(|(ax, &i)| bound(i, a.shape()[ax], ax))
        .collect();
    a[IxDyn(&u)]
}

/// `a[i, j] = v` for a full integer index.
pub fn set_item<T: Elem>(a: &mut Array<T>, idx: &[i64], v: T) {
    let u: Vec<usize> = idx
        .iter()
        .enumerate()
        .map(|(ax, &i)| bound(i, a.shape()[ax], ax))
        .collect();
    a[IxDyn(&u)] = v;
}

/// `a[ix...] = v` where v broadcasts to the selected region.
pub fn set<T: Elem>(a: &mut Array<T>, ix: &[Ix], v: &Array<T>) {
    let elems = slice_elems(a.shape(), ix);
    let info = ndarray::SliceInfo::<_, IxDyn, IxDyn>::try_from(elems).expect("slice info");
    let mut view = a.slice_mut(info.as_ref());
    let src = v.broadcast(view.raw_dim()).unwrap_or_else(|| {
        crate::value_error(format!(
            "could not broadcast input array from shape {} into shape {}",
            crate::fmt::shape_str(v.shape()),
            crate::fmt::shape_str(view.shape())
        ))
    });
    view.assign(&src);
}

/// `a[mask]`: the elements where the same-shaped mask is true, flattened.
pub fn mask<T: Elem>(a: &Array<T>, m: &Array<bool>) -> Array<T> {
    if a.shape() != m.shape() {
        panic!(
            "IndexError: boolean index did not match indexed array along axis 0; size of axis is {} but size of corresponding boolean axis is {}",
            a.shape().first().unwrap_or(&0),
            m.shape().first().unwrap_or(&0)
        );
    }
    crate::create::from_vec(
        a.iter()
            .zip(m.iter())
            .filter(|(_, &k)| k)
            .map(|(&x, _)| x)
            .collect(),
    )
}

/// `a[mask] = v`.
pub fn mask_set<T: Elem>(a: &mut Array<T>, m: &Array<bool>, v: T) {
    ndarray::Zip::from(a).and(m).for_each(|x, &k| {
        if k {
            *x = v;
        }
    });
}

/// `a[idx]` with an int64 index array: picks along axis 0.
pub fn take<T: Elem>(a: &Array<T>, idx: &Array<i64>) -> Array<T> {
    let n = a.shape()[0];
    let rows: Vec<usize> = idx.iter().map(|&i| bound(i, n, 0)).collect();
    let picked = select_rows(a, &rows);
    let mut shape: Vec<usize> = idx.shape().to_vec();
    shape.extend_from_slice(&a.shape()[1..]);
    picked
        .into_shape_with_order(IxDyn(&shape))
        .expect("take shape")
}

/// `a[i]` of a 1-d array, without allocating (the hot path of scalar loops over arrays).
#[inline]
pub fn item1<T: Elem>(a: &Array<T>, i: i64) -> T {
    let n = a.shape()[0];
    let j = if i < 0 { i + n as i64 } else { i };
    if j < 0 || j >= n as i64 {
        panic!("IndexError: index {i} is out of bounds for axis 0 with size {n}");
    }
    match a.as_slice() {
        Some(s) => s[j as usize],
        None => a[[j as usize]],
    }
}

/// `a[i, j]` of a 2-d array, without allocating.
#[inline]
pub fn item2<T: Elem>(a: &Array<T>, i: i64, j: i64) -> T {
    let (r, c) = (a.shape()[0], a.shape()[1]);
    let ii = if i < 0 { i + r as i64 } else { i };
    let jj = if j < 0 { j + c as i64 } else { j };
    if ii < 0 || ii >= r as i64 {
        panic!("IndexError: index {i} is out of bounds for axis 0 with size {r}");
    }
    if jj < 0 || jj >= c as i64 {
        panic!("IndexError: index {j} is out of bounds for axis 1 with size {c}");
    }
    match a.as_slice() {
        Some(s) => s[ii as usize * c + jj as usize],
        None => a[[ii as usize, jj as usize]],
    }
}

/// `a[rows_mask]` for a 1-d mask over the first axis of an n-d array.
pub fn mask_rows<T: Elem>(a: &Array<T>, m: &Array<bool>) -> Array<T> {
    if a.ndim() == m.ndim() {
        return mask(a, m);
    }
    if m.ndim() != 1 || m.len() != a.shape()[0] {
        panic!(
            "IndexError: boolean index did not match indexed array along axis 0; size of axis is {} but size of corresponding boolean axis is {}",
            a.shape()[0],
            m.len()
        );
    }
    let rows: Vec<usize> = match m.as_slice() {
        Some(s) => s
            .iter()
            .enumerate()
            .filter(|(_, &k)| k)
            .map(|(i, _)| i)
            .collect(),
        None => m
            .iter()
            .enumerate()
            .filter(|(_, &k)| k)
            .map(|(i, _)| i)
            .collect(),
    };
    select_rows(a, &rows)
}

/// `a[key op c]`: the rows of `a` whose entry of the 1-d `key` passes `keep`, without building the
/// boolean mask (a key with a's rank is an elementwise mask, as numpy's `a[mask]`).
pub fn rows_where<T: Elem, U: Elem>(
    a: &Array<T>,
    key: &Array<U>,
    keep: impl Fn(U) -> bool,
) -> Array<T> {
    if key.ndim() != 1 || a.ndim() == 1 || key.len() != a.shape()[0] {
        return mask_rows(a, &key.mapv(keep));
    }
    let rows = match key.as_slice() {
        Some(s) => {
            // count first (a wrapping add: a count cannot overflow, and checked adds keep the loop scalar)
            let count = s
                .iter()
                .fold(0usize, |n, &k| n.wrapping_add(keep(k) as usize));
            let mut rows = Vec::with_capacity(count);
            rows.extend(Kept::new(s, &keep));
            rows
        }
        None => key
            .iter()
            .enumerate()
            .filter(|(_, &k)| keep(k))
            .map(|(i, _)| i)
            .collect(),
    };
    select_rows(a, &rows)
}

/// The indices of `keys` whose key passes `keep`, in order: 64 keys at a time, a bit mask of the kept
/// ones (the compares vectorize), walked by its set bits. An iterator rather than a callback, so that a
/// caller's running sums stay in registers.
pub(crate) struct Kept<'k, U, F> {
    keys: &'k [U],
    keep: F,
    /// index of the first key of the next block of 64
    next: usize,
    /// index of the first key of the current block, and its kept keys not yet returned
    base: usize,
    bits: u64,
}

impl<'k, U: Elem, F: Fn(U) -> bool> Kept<'k, U, F> {
    pub(crate) fn new(keys: &'k [U], keep: F) -> Self {
        Kept {
            keys,
            keep,
            next: 0,
            base: 0,
            bits: 0,
        }
    }
}

impl<U: Elem, F: Fn(U) -> bool> Iterator for Kept<'_, U, F> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            let n = self.keys.len();
            if self.next >= n {
                return None;
            }
            self.base = self.next;
            let mut bits = 0u64;
            if let Some(chunk) = self.keys.get(self.next..self.next + 64) {
                // a fixed-length chunk: the compiler turns the compares into vector masks
                let chunk: &[U; 64] = chunk.try_into().expect("64 keys");
                for (b, &k) in chunk.iter().enumerate() {
                    bits |= ((self.keep)(k) as u64) << b;
                }
                self.next += 64;
            } else {
                for (b, &k) in self.keys[self.next..].iter().enumerate() {
                    bits |= ((self.keep)(k) as u64) << b;
                }
                self.next = n;
            }
            self.bits = bits;
        }
        let i = self.base + self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(i)
    }
}

/// The rows `rows` of `a` along axis 0, copied as whole slices when `a` is contiguous (ndarray's `select`
/// concatenates one view per row, which dominated k-means profiles).
fn select_rows<T: Elem>(a: &Array<T>, rows: &[usize]) -> Array<T> {
    let Some(data) = a.as_slice() else {
        return a.select(Axis(0), rows);
    };
    let width: usize = a.shape()[1..].iter().product();
    let mut out = Vec::with_capacity(rows.len() * width);
    if width <= 4 {
        // short rows: fixed-size copies (no memmove call, no capacity check per row)
        match width {
            1 => out.extend(rows.iter().map(|&r| data[r])),
            2 => select_fixed::<T, 2>(data, rows, &mut out),
            3 => select_fixed::<T, 3>(data, rows, &mut out),
            _ => {
                for &r in rows {
                    out.extend(data[r * width..(r + 1) * width].iter().copied());
                }
            }
        }
    } else {
        for &r in rows {
            out.extend_from_slice(&data[r * width..(r + 1) * width]);
        }
    }
    let mut shape = a.shape().to_vec();
    shape[0] = rows.len();
    Array::from_shape_vec(IxDyn(&shape), out).expect("row shape")
}

/// Rows of `W` elements at `rows` of `data`, appended to `out`.
fn select_fixed<T: Elem, const W: usize>(data: &[T], rows: &[usize], out: &mut Vec<T>) {
    let (rows_w, _) = data.as_chunks::<W>();
    out.extend(rows.iter().flat_map(|&r| rows_w[r]));
}

/// `len(a)`: the length of the first axis.
#[inline]
pub fn len<T: Elem>(a: &Array<T>) -> i64 {
    match a.shape().first() {
        Some(&n) => n as i64,
        None => panic!("TypeError: len() of unsized object"),
    }
}

/// `a.shape[i]` (negative i counts from the end).
#[inline]
pub fn dim<T: Elem>(a: &Array<T>, i: i64) -> i64 {
    let nd = a.ndim() as i64;
    let j = if i < 0 { i + nd } else { i };
    if j < 0 || j >= nd {
        panic!("IndexError: tuple index out of range");
    }
    a.shape()[j as usize] as i64
}
