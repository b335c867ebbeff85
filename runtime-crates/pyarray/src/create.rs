//! Array creation: array, zeros, ones, full, arange, linspace, eye, the `*_like` forms, astype.

use crate::{Array, Elem};
use ndarray::IxDyn;

pub fn from_vec<T: Elem>(v: Vec<T>) -> Array<T> {
    let n = v.len();
    Array::from_shape_vec(IxDyn(&[n]), v).expect("1-d shape")
}

/// `np.array(rows)` for a list of equal-length rows.
pub fn from_rows<T: Elem>(rows: Vec<Vec<T>>) -> Array<T> {
    let r = rows.len();
    let c = rows.first().map_or(0, Vec::len);
    if rows.iter().any(|row| row.len() != c) {
        crate::value_error("setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions.".into());
    }
    let flat: Vec<T> = rows.into_iter().flatten().collect();
    Array::from_shape_vec(IxDyn(&[r, c]), flat).expect("2-d shape")
}

pub fn full<T: Elem>(shape: &[usize], v: T) -> Array<T> {
    Array::from_elem(IxDyn(shape), v)
}

pub fn zeros<T: Elem>(shape: &[usize]) -> Array<T> {
    full(shape, T::zero())
}

pub fn ones<T: Elem>(shape: &[usize]) -> Array<T> {
    full(shape, T::one())
}

pub fn zeros_like<T: Elem, U: Elem>(a: &Array<U>) -> Array<T> {
    zeros(a.shape())
}

pub fn ones_like<T: Elem, U: Elem>(a: &Array<U>) -> Array<T> {
    ones(a.shape())
}

pub fn full_like<T: Elem, U: Elem>(a: &Array<U>, v: T) -> Array<T> {
    full(a.shape(), v)
}

/// `np.arange(start, stop, step)` for integers.
pub fn arange_i(start: i64, stop: i64, step: i64) -> Array<i64> {
    if step == 0 {
        crate::value_error("Maximum allowed size exceeded".into());
    }
    let n = ((stop - start) as f64 / step as f64).ceil().max(0.0) as usize;
    from_vec((0..n as i64).map(|i| start + i * step).collect())
}

/// `np.arange` with a float argument: numpy computes `start + i*delta` with delta = (start+step)-start.
pub fn arange_f(start: f64, stop: f64, step: f64) -> Array<f64> {
    let n = ((stop - start) / step).ceil().max(0.0) as usize;
    let delta = (start + step) - start;
    from_vec((0..n).map(|i| start + i as f64 * delta).collect())
}

/// `np.linspace(start, stop, num)` with endpoint=True, computed as numpy does.
pub fn linspace(start: f64, stop: f64, num: usize) -> Array<f64> {
    let div = num.saturating_sub(1);
    let delta = stop - start;
    let mut v: Vec<f64> = (0..num).map(|i| i as f64).collect();
    if div > 0 {
        let step = delta / div as f64;
        if step == 0.0 {
            for x in &mut v {
                *x = *x / div as f64 * delta + start;
            }
        } else {
            for x in &mut v {
                *x = *x * step + start;
            }
        }
        v[div] = stop;
    } else {
        for x in &mut v {
            *x = *x * delta + start;
        }
    }
    from_vec(v)
}

pub fn eye<T: Elem>(n: usize) -> Array<T> {
    let mut a = zeros::<T>(&[n, n]);
    for i in 0..n {
        a[[i, i]] = T::one();
    }
    a
}

/// `a.astype(T)`: float to int truncates toward zero as C casts do.
pub fn astype<T: Elem, U: Elem>(a: &Array<U>) -> Array<T> {
    a.mapv(|x| T::from_f64(x.to_f64()))
}
