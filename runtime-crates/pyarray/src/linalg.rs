//! `@`/matmul/dot through faer (measured faster than gemm and matrixmultiply, see README),
//! and linalg.norm, solve and inv by LU with partial pivoting.

use crate::Array;
use ndarray::{Ix2, IxDyn};

fn gemm_f64(m: usize, k: usize, n: usize, a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut c = vec![0.0f64; m * n];
    if m == 0 || n == 0 {
        return c;
    }
    #[cfg(feature = "cuda")]
    if let Some(g) = crate::cuda::try_gemm(m, k, n, a, b) {
        return g;
    }
    let par = if m * n * k >= 64 * 64 * 64 {
        faer::Par::rayon(0)
    } else {
        faer::Par::Seq
    };
    let lhs = faer::MatRef::from_row_major_slice(a, m, k);
    let rhs = faer::MatRef::from_row_major_slice(b, k, n);
    let dst = faer::MatMut::from_row_major_slice_mut(&mut c, m, n);
    faer::linalg::matmul::matmul(dst, faer::Accum::Replace, lhs, rhs, 1.0, par);
    c
}

fn shape_mismatch(a: &[usize], b: &[usize], k1: usize, k2: usize) -> ! {
    let _ = (a, b);
    crate::value_error(format!(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size {k2} is different from {k1})"
    ))
}

/// `a @ b` for 1-d and 2-d float64 operands (1-d @ 1-d gives a 0-d array; use `dot1` for the scalar).
pub fn matmul(a: &Array<f64>, b: &Array<f64>) -> Array<f64> {
    let a2 = a.as_standard_layout();
    let b2 = b.as_standard_layout();
    let (m, k1) = match a.ndim() {
        1 => (1, a.shape()[0]),
        2 => (a.shape()[0], a.shape()[1]),
        _ => crate::value_error("matmul: only 1-d and 2-d operands are supported".into()),
    };
    let (k2, n) = match b.ndim() {
        1 => (b.shape()[0], 1),
        2 => (b.shape()[0], b.shape()[1]),
        _ => crate::value_error("matmul: only 1-d and 2-d operands are supported".into()),
    };
    if k1 != k2 {
        shape_mismatch(a.shape(), b.shape(), k1, k2);
    }
    let c = gemm_f64(
        m,
        k1,
        n,
        a2.as_slice().expect("standard"),
        b2.as_slice().expect("standard"),
    );
    let shape: Vec<usize> = match (a.ndim(), b.ndim()) {
        (1, 1) => vec![],
        (1, _) => vec![n],
        (_, 1) => vec![m],
        _ => vec![m, n],
    };
    Array::from_shape_vec(IxDyn(&shape), c).expect("matmul shape")
}

/// `np.dot(x, y)` of two 1-d arrays.
pub fn dot1(a: &Array<f64>, b: &Array<f64>) -> f64 {
    if a.len() != b.len() {
        crate::value_error(format!(
            "shapes ({},) and ({},) not aligned",
            a.len(),
            b.len()
        ));
    }
    a.iter().zip(b.iter()).map(|(x, y)| x * y).sum()
}

/// `np.linalg.norm(x)`: the 2-norm of the flattened array (Frobenius for matrices).
pub fn norm(a: &Array<f64>) -> f64 {
    let sq = crate::ops::map(a, |x| x * x);
    crate::reduce::sum(&sq).sqrt()
}

/// `np.linalg.norm(x, axis=k)`.
pub fn norm_axis(a: &Array<f64>, axis: i64) -> Array<f64> {
    let sq = crate::ops::map(a, |x| x * x);
    crate::reduce::sum_axis(&sq, axis).mapv(f64::sqrt)
}

fn lu(a: &Array<f64>) -> (ndarray::Array2<f64>, Vec<usize>) {
    let m = a.view().into_dimensionality::<Ix2>().unwrap_or_else(|_| {
        panic!(
            "numpy.linalg.LinAlgError: {}-dimensional array given. Array must be two-dimensional",
            a.ndim()
        )
    });
    let n = m.nrows();
    if m.ncols() != n {
        panic!("numpy.linalg.LinAlgError: Last 2 dimensions of the array must be square");
    }
    let mut lu = m.to_owned();
    let mut perm: Vec<usize> = (0..n).collect();
    for c in 0..n {
        let mut p = c;
        for r in c + 1..n {
            if lu[[r, c]].abs() > lu[[p, c]].abs() {
                p = r;
            }
        }
        if lu[[p, c]] == 0.0 {
            panic!("numpy.linalg.LinAlgError: Singular matrix");
        }
        if p != c {
            for j in 0..n {
                lu.swap([p, j], [c, j]);
            }
            perm.swap(p, c);
        }
        let d = lu[[c, c]];
        for r in c + 1..n {
            let f = lu[[r, c]] / d;
            lu[[r, c]] = f;
            for j in c + 1..n {
                let v = lu[[c, j]];
                lu[[r, j]] -= f * v;
            }
        }
    }
    (lu, perm)
}

fn lu_solve(lu: &ndarray::Array2<f64>, perm: &[usize], b: &[f64]) -> Vec<f64> {
    let n = perm.len();
    let mut y: Vec<f64> = perm.iter().map(|&p| b[p]).collect();
    for i in 0..n {
        for j in 0..i {
            y[i] -= lu[[i, j]] * y[j];
        }
    }
    for i in (0..n).rev() {
        for j in i + 1..n {
            y[i] -= lu[[i, j]] * y[j];
        }
        y[i] /= lu[[i, i]];
    }
    y
}

/// `np.linalg.solve(a, b)` for a vector or matrix right-hand side.
pub fn solve(a: &Array<f64>, b: &Array<f64>) -> Array<f64> {
    let (f, perm) = lu(a);
    let n = perm.len();
    if b.shape()[0] != n {
        crate::value_error(format!("solve: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (m,m),(m,n)->(m,n) (size {} is different from {n})", b.shape()[0]));
    }
    if b.ndim() == 1 {
        return crate::create::from_vec(lu_solve(
            &f,
            &perm,
            &b.iter().copied().collect::<Vec<_>>(),
        ));
    }
    let cols = b.shape()[1];
    let mut out = Array::<f64>::zeros(IxDyn(&[n, cols]));
    for c in 0..cols {
        let col: Vec<f64> = (0..n).map(|r| b[[r, c]]).collect();
        for (r, v) in lu_solve(&f, &perm, &col).into_iter().enumerate() {
            out[[r, c]] = v;
        }
    }
    out
}

/// `np.linalg.inv(a)`.
pub fn inv(a: &Array<f64>) -> Array<f64> {
    let n = a.shape().first().copied().unwrap_or(0);
    solve(a, &crate::create::eye::<f64>(n))
}
