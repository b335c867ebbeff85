//! reshape, transpose, stack, concatenate, flatten.

use crate::{Array, Elem};
use ndarray::{Axis, IxDyn};

/// `a.reshape(shape)`; one entry may be -1.
pub fn reshape<T: Elem>(a: &Array<T>, shape: &[i64]) -> Array<T> {
    let total = a.len();
    let known: i64 = shape.iter().filter(|&&d| d != -1).product();
    let dims: Vec<usize> = shape
        .iter()
        .map(|&d| {
            if d == -1 {
                if known == 0 {
                    0
                } else {
                    total / known as usize
                }
            } else {
                d as usize
            }
        })
        .collect();
    if dims.iter().product::<usize>() != total {
        let shown: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
        let tail = if shown.len() == 1 { "," } else { "" };
        crate::value_error(format!(
            "cannot reshape array of size {total} into shape ({}{tail})",
            shown.join(", ")
        ));
    }
    let flat: Vec<T> = a.iter().copied().collect();
    Array::from_shape_vec(IxDyn(&dims), flat).expect("reshape")
}

pub fn flatten<T: Elem>(a: &Array<T>) -> Array<T> {
    crate::create::from_vec(a.iter().copied().collect())
}

/// `a.T` / `np.transpose(a)`: reversed axes, materialised in C order.
pub fn transpose<T: Elem>(a: &Array<T>) -> Array<T> {
    a.t().as_standard_layout().into_owned()
}

/// `np.concatenate(arrays, axis)`.
pub fn concatenate<T: Elem>(arrays: &[Array<T>], axis: i64) -> Array<T> {
    let nd = arrays.first().map_or(1, |a| a.ndim()) as i64;
    let ax = if axis < 0 { axis + nd } else { axis } as usize;
    let views: Vec<_> = arrays.iter().map(|a| a.view()).collect();
    ndarray::concatenate(Axis(ax), &views).unwrap_or_else(|_| {
        crate::value_error(
            "all the input array dimensions except for the concatenation axis must match exactly"
                .into(),
        )
    })
}

/// `np.stack(arrays, axis)`.
pub fn stack<T: Elem>(arrays: &[Array<T>], axis: i64) -> Array<T> {
    let nd = arrays.first().map_or(0, |a| a.ndim()) as i64 + 1;
    let ax = if axis < 0 { axis + nd } else { axis } as usize;
    let views: Vec<_> = arrays.iter().map(|a| a.view()).collect();
    ndarray::stack(Axis(ax), &views)
        .unwrap_or_else(|_| crate::value_error("all input arrays must have the same shape".into()))
}

/// `a[None]`-style new axis at position `ax`.
pub fn expand_dims<T: Elem>(a: &Array<T>, ax: usize) -> Array<T> {
    a.clone().insert_axis(Axis(ax))
}
