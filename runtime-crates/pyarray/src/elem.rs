//! The dtypes an array may hold.

use num_complex::Complex64;

/// An array element: one of numpy's dtypes.
pub trait Elem: Copy + Send + Sync + PartialEq + std::fmt::Debug + 'static {
    const DTYPE: &'static str;
    fn to_f64(self) -> f64;
    fn from_f64(v: f64) -> Self;
    fn zero() -> Self;
    fn one() -> Self;
}

macro_rules! real_elem {
    ($t:ty, $name:expr) => {
        impl Elem for $t {
            const DTYPE: &'static str = $name;
            #[inline]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline]
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            #[inline]
            fn zero() -> Self {
                0 as $t
            }
            #[inline]
            fn one() -> Self {
                1 as $t
            }
        }
    };
}
real_elem!(f64, "float64");
real_elem!(f32, "float32");
real_elem!(i64, "int64");

impl Elem for bool {
    const DTYPE: &'static str = "bool";
    fn to_f64(self) -> f64 {
        if self {
            1.0
        } else {
            0.0
        }
    }
    fn from_f64(v: f64) -> Self {
        v != 0.0
    }
    fn zero() -> Self {
        false
    }
    fn one() -> Self {
        true
    }
}

impl Elem for Complex64 {
    const DTYPE: &'static str = "complex128";
    fn to_f64(self) -> f64 {
        self.re
    }
    fn from_f64(v: f64) -> Self {
        Complex64::new(v, 0.0)
    }
    fn zero() -> Self {
        Complex64::new(0.0, 0.0)
    }
    fn one() -> Self {
        Complex64::new(1.0, 0.0)
    }
}

/// Whether `x` is NaN, for any element type: NaN is the one value unordered with itself.
pub(crate) fn is_nan<T: PartialOrd>(x: &T) -> bool {
    x.partial_cmp(x).is_none()
}
