//! Python `complex`: a pair of f64 with CPython's arithmetic and repr.

use crate::exc::raise;
use crate::fmt::{float_repr, PyFmt};
use std::fmt::{self, Formatter};
use std::ops::{Add, Div, Mul, Neg, Sub};

/// A Python complex number.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Complex {
    /// The real part (`z.real`).
    pub re: f64,
    /// The imaginary part (`z.imag`).
    pub im: f64,
}

impl Complex {
    /// `complex(re, im)`.
    #[inline]
    pub const fn new(re: f64, im: f64) -> Self {
        Complex { re, im }
    }

    /// `z.conjugate()`.
    #[inline]
    pub fn conjugate(self) -> Self {
        Complex::new(self.re, -self.im)
    }

    /// `abs(z)`.
    #[inline]
    pub fn abs(self) -> f64 {
        self.re.hypot(self.im)
    }

    /// `z ** n` for an int exponent (CPython's repeated squaring for small exponents).
    pub fn powi(self, n: i64) -> Self {
        if n < 0 {
            return Complex::new(1.0, 0.0) / self.powi(-n);
        }
        let (mut acc, mut base, mut e) = (Complex::new(1.0, 0.0), self, n);
        while e > 0 {
            if e & 1 == 1 {
                acc = acc * base;
            }
            base = base * base;
            e >>= 1;
        }
        acc
    }
}

impl From<f64> for Complex {
    #[inline]
    fn from(re: f64) -> Self {
        Complex::new(re, 0.0)
    }
}

impl Add for Complex {
    type Output = Complex;
    #[inline]
    fn add(self, o: Complex) -> Complex {
        Complex::new(self.re + o.re, self.im + o.im)
    }
}

impl Sub for Complex {
    type Output = Complex;
    #[inline]
    fn sub(self, o: Complex) -> Complex {
        Complex::new(self.re - o.re, self.im - o.im)
    }
}

impl Mul for Complex {
    type Output = Complex;
    #[inline]
    fn mul(self, o: Complex) -> Complex {
        Complex::new(
            self.re * o.re - self.im * o.im,
            self.re * o.im + self.im * o.re,
        )
    }
}

impl Div for Complex {
    type Output = Complex;
    /// CPython's `_Py_c_quot` (Smith's method); dividing by 0j raises ZeroDivisionError.
    fn div(self, o: Complex) -> Complex {
        let (abs_bre, abs_bim) = (o.re.abs(), o.im.abs());
        if abs_bre >= abs_bim {
            if abs_bre == 0.0 {
                raise("ZeroDivisionError", "complex division by zero");
            }
            let ratio = o.im / o.re;
            let denom = o.re + o.im * ratio;
            Complex::new(
                (self.re + self.im * ratio) / denom,
                (self.im - self.re * ratio) / denom,
            )
        } else if abs_bim >= abs_bre {
            let ratio = o.re / o.im;
            let denom = o.re * ratio + o.im;
            Complex::new(
                (self.re * ratio + self.im) / denom,
                (self.im * ratio - self.re) / denom,
            )
        } else {
            Complex::new(f64::NAN, f64::NAN)
        }
    }
}

impl Neg for Complex {
    type Output = Complex;
    #[inline]
    fn neg(self) -> Complex {
        Complex::new(-self.re, -self.im)
    }
}

/// A component as CPython's complex repr writes it: repr of the float without a trailing `.0`.
fn component(x: f64) -> String {
    let s = float_repr(x);
    match s.strip_suffix(".0") {
        Some(short) => short.to_string(),
        None => s,
    }
}

impl PyFmt for Complex {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.re == 0.0 && self.re.is_sign_positive() {
            return write!(f, "{}j", component(self.im));
        }
        let im = component(self.im);
        let sign = if im.starts_with('-') { "" } else { "+" };
        write!(f, "({}{}{}j)", component(self.re), sign, im)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fmt::to_repr;

    #[test]
    fn repr_like_cpython() {
        assert_eq!(to_repr(&Complex::new(2.0, 3.0)), "(2+3j)");
        assert_eq!(to_repr(&Complex::new(0.0, 3.0)), "3j");
        assert_eq!(to_repr(&Complex::new(-0.0, 3.0)), "(-0+3j)");
        assert_eq!(to_repr(&Complex::new(3.7, -8.5)), "(3.7-8.5j)");
        assert_eq!(to_repr(&Complex::new(1.0, f64::INFINITY)), "(1+infj)");
        assert_eq!(to_repr(&Complex::new(1e20, 1e-7)), "(1e+20+1e-07j)");
    }

    #[test]
    fn arithmetic() {
        let a = Complex::new(2.0, 3.0);
        let b = Complex::new(4.0, 5.0);
        assert_eq!(a + b, Complex::new(6.0, 8.0));
        assert_eq!(a * b, Complex::new(-7.0, 22.0));
        assert_eq!(to_repr(&((a * b) / b)), "(2+3.0000000000000004j)");
        assert_eq!(
            to_repr(&(Complex::new(1.0, 2.0) / Complex::new(3.0, -4.0))),
            "(-0.2+0.4j)"
        );
        assert_eq!(a.powi(2), a * a);
        assert_eq!(Complex::new(3.0, 4.0).abs(), 5.0);
    }
}
