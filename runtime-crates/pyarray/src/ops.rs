//! Broadcasting arithmetic, comparisons and ufuncs; large operands run on rayon.

use crate::{Array, Elem, PAR_THRESHOLD};
use ndarray::{IxDyn, Zip};

/// numpy's broadcast shape of two shapes, or a ValueError.
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> Vec<usize> {
    let n = a.len().max(b.len());
    let mut out = vec![0; n];
    for i in 0..n {
        let x = if i + a.len() >= n {
            a[i + a.len() - n]
        } else {
            1
        };
        let y = if i + b.len() >= n {
            b[i + b.len() - n]
        } else {
            1
        };
        out[i] = if x == y || y == 1 {
            x
        } else if x == 1 {
            y
        } else {
            crate::value_error(format!(
                "operands could not be broadcast together with shapes {} {} ",
                crate::fmt::shape_str(a),
                crate::fmt::shape_str(b)
            ))
        };
    }
    out
}

/// out[i] = f(a[i], b[i]) with numpy broadcasting.
pub fn zip_with<A: Elem, B: Elem, R: Elem>(
    a: &Array<A>,
    b: &Array<B>,
    f: impl Fn(A, B) -> R + Sync + Send,
) -> Array<R> {
    if a.shape() == b.shape() {
        if let (Some(sa), Some(sb)) = (a.as_slice(), b.as_slice()) {
            let v: Vec<R> = if sa.len() >= PAR_THRESHOLD {
                use rayon::prelude::*;
                sa.par_iter()
                    .zip(sb.par_iter())
                    .map(|(&x, &y)| f(x, y))
                    .collect()
            } else {
                sa.iter().zip(sb).map(|(&x, &y)| f(x, y)).collect()
            };
            return Array::from_shape_vec(a.raw_dim(), v).expect("same shape");
        }
    }
    if b.ndim() == 0 {
        let y = *b.first().expect("0-d");
        return map(a, |x| f(x, y));
    }
    if a.ndim() == 0 {
        let x = *a.first().expect("0-d");
        return map(b, |y| f(x, y));
    }
    let shape = broadcast_shape(a.shape(), b.shape());
    let av = a.broadcast(IxDyn(&shape)).expect("broadcast");
    let bv = b.broadcast(IxDyn(&shape)).expect("broadcast");
    // Fixed-rank iteration is several times faster than IxDyn's for the common ranks.
    macro_rules! fixed {
        ($d:ty) => {
            if let (Ok(x), Ok(y)) = (
                av.view().into_dimensionality::<$d>(),
                bv.view().into_dimensionality::<$d>(),
            ) {
                let z = Zip::from(&x).and(&y);
                let out = if x.len() >= PAR_THRESHOLD {
                    z.par_map_collect(|&p, &q| f(p, q))
                } else {
                    z.map_collect(|&p, &q| f(p, q))
                };
                return out.into_dyn();
            }
        };
    }
    fixed!(ndarray::Ix2);
    fixed!(ndarray::Ix3);
    let z = Zip::from(&av).and(&bv);
    if av.len() >= PAR_THRESHOLD {
        z.par_map_collect(|&x, &y| f(x, y))
    } else {
        z.map_collect(|&x, &y| f(x, y))
    }
}

/// out[i] = f(a[i]).
pub fn map<A: Elem, R: Elem>(a: &Array<A>, f: impl Fn(A) -> R + Sync + Send) -> Array<R> {
    if let Some(s) = a.as_slice() {
        let v: Vec<R> = if s.len() >= PAR_THRESHOLD {
            use rayon::prelude::*;
            s.par_iter().map(|&x| f(x)).collect()
        } else {
            s.iter().map(|&x| f(x)).collect()
        };
        return Array::from_shape_vec(a.raw_dim(), v).expect("same shape");
    }
    if a.len() >= PAR_THRESHOLD {
        Zip::from(a).par_map_collect(|&x| f(x))
    } else {
        a.mapv(f)
    }
}

/// A 0-d array holding one scalar, for mixing scalars into broadcasting operations.
pub fn scalar<T: Elem>(v: T) -> Array<T> {
    Array::from_elem(IxDyn(&[]), v)
}

pub fn add<T: Elem + std::ops::Add<Output = T>>(a: &Array<T>, b: &Array<T>) -> Array<T> {
    zip_with(a, b, |x, y| x + y)
}
pub fn sub<T: Elem + std::ops::Sub<Output = T>>(a: &Array<T>, b: &Array<T>) -> Array<T> {
    zip_with(a, b, |x, y| x - y)
}
pub fn mul<T: Elem + std::ops::Mul<Output = T>>(a: &Array<T>, b: &Array<T>) -> Array<T> {
    zip_with(a, b, |x, y| x * y)
}
/// True division of floats (`/` on int arrays is cast to float64 first by the caller).
pub fn div<T: Elem + std::ops::Div<Output = T>>(a: &Array<T>, b: &Array<T>) -> Array<T> {
    zip_with(a, b, |x, y| x / y)
}

/// `a ** b` for floats; like numpy's fast scalar power, `** 2` squares and `** 0.5` is a square root.
pub fn pow(a: &Array<f64>, b: &Array<f64>) -> Array<f64> {
    zip_with(a, b, |x, y| {
        if y == 2.0 {
            x * x
        } else if y == 0.5 {
            x.sqrt()
        } else {
            x.powf(y)
        }
    })
}

/// `a // b` on int64 with numpy's floor semantics (division by zero gives 0, as numpy warns and does).
pub fn floordiv_i(a: &Array<i64>, b: &Array<i64>) -> Array<i64> {
    zip_with(a, b, |x, y| {
        if y == 0 {
            0
        } else {
            x.div_euclid(y)
                - if (x.rem_euclid(y) != 0) && (y < 0) {
                    1
                } else {
                    0
                }
        }
    })
}

/// `a % b` on int64 with Python's sign rule.
pub fn mod_i(a: &Array<i64>, b: &Array<i64>) -> Array<i64> {
    zip_with(a, b, |x, y| {
        if y == 0 {
            0
        } else {
            let r = x % y;
            if r != 0 && ((r < 0) != (y < 0)) {
                r + y
            } else {
                r
            }
        }
    })
}

pub fn neg<T: Elem + std::ops::Neg<Output = T>>(a: &Array<T>) -> Array<T> {
    map(a, |x| -x)
}

macro_rules! compare {
    ($name:ident, $op:tt) => {
        pub fn $name<T: Elem + PartialOrd>(a: &Array<T>, b: &Array<T>) -> Array<bool> {
            zip_with(a, b, |x, y| x $op y)
        }
    };
}
compare!(lt, <);
compare!(le, <=);
compare!(gt, >);
compare!(ge, >=);
compare!(eq, ==);
compare!(ne, !=);

pub fn and(a: &Array<bool>, b: &Array<bool>) -> Array<bool> {
    zip_with(a, b, |x, y| x & y)
}
pub fn or(a: &Array<bool>, b: &Array<bool>) -> Array<bool> {
    zip_with(a, b, |x, y| x | y)
}
pub fn not(a: &Array<bool>) -> Array<bool> {
    map(a, |x| !x)
}

pub fn sqrt(a: &Array<f64>) -> Array<f64> {
    map(a, f64::sqrt)
}
pub fn exp(a: &Array<f64>) -> Array<f64> {
    map(a, f64::exp)
}
pub fn log(a: &Array<f64>) -> Array<f64> {
    map(a, f64::ln)
}
pub fn sin(a: &Array<f64>) -> Array<f64> {
    map(a, f64::sin)
}
pub fn cos(a: &Array<f64>) -> Array<f64> {
    map(a, f64::cos)
}
pub fn abs(a: &Array<f64>) -> Array<f64> {
    map(a, f64::abs)
}
pub fn abs_i(a: &Array<i64>) -> Array<i64> {
    map(a, i64::wrapping_abs)
}
/// `np.abs` of a complex array: the modulus, computed with hypot as numpy does.
pub fn abs_c(a: &Array<crate::Complex64>) -> Array<f64> {
    map(a, |z| z.re.hypot(z.im))
}
pub fn real(a: &Array<crate::Complex64>) -> Array<f64> {
    map(a, |z| z.re)
}
pub fn imag(a: &Array<crate::Complex64>) -> Array<f64> {
    map(a, |z| z.im)
}

/// `np.maximum`: NaN propagates.
pub fn maximum<T: Elem + PartialOrd>(a: &Array<T>, b: &Array<T>) -> Array<T> {
    zip_with(a, b, |x, y| {
        if x >= y || crate::elem::is_nan(&x) {
            x
        } else {
            y
        }
    })
}
/// `np.minimum`: NaN propagates.
pub fn minimum<T: Elem + PartialOrd>(a: &Array<T>, b: &Array<T>) -> Array<T> {
    zip_with(a, b, |x, y| {
        if x <= y || crate::elem::is_nan(&x) {
            x
        } else {
            y
        }
    })
}

/// `np.where(cond, x, y)` with three-way broadcasting.
pub fn where_<T: Elem>(cond: &Array<bool>, x: &Array<T>, y: &Array<T>) -> Array<T> {
    let s1 = broadcast_shape(cond.shape(), x.shape());
    let shape = broadcast_shape(&s1, y.shape());
    let c = cond.broadcast(IxDyn(&shape)).expect("broadcast");
    let xv = x.broadcast(IxDyn(&shape)).expect("broadcast");
    let yv = y.broadcast(IxDyn(&shape)).expect("broadcast");
    Zip::from(&c)
        .and(&xv)
        .and(&yv)
        .map_collect(|&c, &x, &y| if c { x } else { y })
}

/// `np.clip(a, lo, hi)` = minimum(maximum(a, lo), hi).
pub fn clip<T: Elem + PartialOrd>(a: &Array<T>, lo: T, hi: T) -> Array<T> {
    map(a, |x| {
        let m = if x >= lo || crate::elem::is_nan(&x) {
            x
        } else {
            lo
        };
        if m <= hi || crate::elem::is_nan(&m) {
            m
        } else {
            hi
        }
    })
}

/// In-place `a op= b` (the target keeps its shape; b broadcasts to it).
pub fn assign_op<T: Elem>(a: &mut Array<T>, b: &Array<T>, f: impl Fn(T, T) -> T + Sync + Send) {
    let bv = match b.broadcast(a.raw_dim()) {
        Some(v) => v,
        None => crate::value_error(format!(
            "non-broadcastable output operand with shape {} doesn't match the broadcast shape {}",
            crate::fmt::shape_str(a.shape()),
            crate::fmt::shape_str(&broadcast_shape(a.shape(), b.shape()))
        )),
    };
    if a.len() >= PAR_THRESHOLD {
        Zip::from(a).and(&bv).par_for_each(|x, &y| *x = f(*x, y));
    } else {
        Zip::from(a).and(&bv).for_each(|x, &y| *x = f(*x, y));
    }
}
