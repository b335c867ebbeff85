//! numpy semantics over `ndarray`: arrays are `ndarray::ArrayD<T>` for the dtypes float64 (`f64`),
//! float32 (`f32`), int64 (`i64`), bool and complex128 (`Complex64`, from the FFTs).
//!
//! Results match numpy bit for bit where numpy's algorithm is fixed: sums use numpy's pairwise
//! summation, `default_rng` is PCG64 seeded through SeedSequence, printing follows numpy's `str`.
//! Large elementwise operations and reductions run on rayon; matmul uses faer.

pub mod create;
#[cfg(feature = "cuda")]
pub mod cuda;
pub mod elem;
pub mod fft;
pub mod fmt;
pub mod fuse;
pub mod index;
pub mod linalg;
pub mod ops;
pub mod random;
pub mod reduce;
pub mod shape;

pub use elem::Elem;
pub use ndarray::{ArrayD, IxDyn};
pub use num_complex::Complex64;

/// An n-dimensional numpy array of element type T.
pub type Array<T> = ndarray::ArrayD<T>;

/// Element counts above which elementwise operations and reductions split across rayon threads.
pub const PAR_THRESHOLD: usize = 1 << 16;

/// Raise a numpy error the way the transpiled program reports uncaught exceptions.
#[cold]
pub fn value_error(msg: String) -> ! {
    panic!("ValueError: {msg}")
}
