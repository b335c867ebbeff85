//! Python `int` of arbitrary precision, for the values `promote_big_ints` marks as needing it.
//!
//! [`PyInt`] keeps values that fit in 64 bits inline (`Small`) and promotes to a heap
//! [`BigInt`] only when a result overflows; it is always normalized (a `Big` never holds a value that
//! fits in an `i64`), so the derived equality and hashing agree between the two representations.

use crate::exc::{raise, OVERFLOW_MSG};
use crate::fmt::{format_int, format_str, PyFmt, PyFormat};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::{self, Display, Formatter};

/// A Python `int` of any size: `Small` while it fits in an `i64`, `Big` otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PyInt {
    /// A value in `i64` range (the fast path).
    Small(i64),
    /// A value outside `i64` range.
    Big(BigInt),
}

impl PyInt {
    fn norm(b: BigInt) -> PyInt {
        match b.to_i64() {
            Some(v) => PyInt::Small(v),
            None => PyInt::Big(b),
        }
    }

    fn big(&self) -> BigInt {
        self.as_big().into_owned()
    }

    /// The value as a `BigInt`, borrowed when it is one already (no copy of the digits).
    fn as_big(&self) -> Cow<'_, BigInt> {
        match self {
            PyInt::Small(v) => Cow::Owned(BigInt::from(*v)),
            PyInt::Big(b) => Cow::Borrowed(b),
        }
    }

    fn is_zero(&self) -> bool {
        matches!(self, PyInt::Small(0))
    }

    fn is_negative(&self) -> bool {
        match self {
            PyInt::Small(v) => *v < 0,
            PyInt::Big(b) => b.is_negative(),
        }
    }

    /// The value as an `i64`, raising `OverflowError` where it does not fit.
    pub fn to_i64(&self) -> i64 {
        match self {
            PyInt::Small(v) => *v,
            PyInt::Big(_) => raise("OverflowError", OVERFLOW_MSG),
        }
    }
}

impl From<i64> for PyInt {
    fn from(v: i64) -> Self {
        PyInt::Small(v)
    }
}

impl From<bool> for PyInt {
    fn from(v: bool) -> Self {
        PyInt::Small(i64::from(v))
    }
}

impl From<BigInt> for PyInt {
    fn from(v: BigInt) -> Self {
        PyInt::norm(v)
    }
}

impl PartialOrd for PyInt {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PyInt {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (PyInt::Small(a), PyInt::Small(b)) => a.cmp(b),
            _ => self.as_big().cmp(&other.as_big()),
        }
    }
}

impl Display for PyInt {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            PyInt::Small(v) => Display::fmt(v, f),
            PyInt::Big(b) => Display::fmt(b, f),
        }
    }
}

impl PyFmt for PyInt {
    fn fmt_repr(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Display::fmt(self, f)
    }
}

impl PyFormat for PyInt {
    fn py_format(&self, spec: &str) -> String {
        match self {
            PyInt::Small(v) => format_int(i128::from(*v), spec),
            PyInt::Big(b) => match b.to_i128() {
                Some(v) => format_int(v, spec),
                None => {
                    // width/alignment/fill on the decimal digits; other specs are refused
                    let s = spec.strip_suffix('d').unwrap_or(spec);
                    if s.chars()
                        .any(|c| matches!(c, ',' | '_' | '+' | ' ' | '#' | '.'))
                        || s.chars().any(|c| c.is_ascii_alphabetic())
                    {
                        raise(
                            "ValueError",
                            format!(
                                "format spec '{spec}' is not supported for integers this large"
                            ),
                        );
                    }
                    format_str(&b.to_string(), &format!("{s}s"))
                }
            },
        }
    }
}

/// `a + b`.
pub fn add(a: &PyInt, b: &PyInt) -> PyInt {
    if let (PyInt::Small(x), PyInt::Small(y)) = (a, b) {
        if let Some(r) = x.checked_add(*y) {
            return PyInt::Small(r);
        }
    }
    match (a, b) {
        (PyInt::Big(x), PyInt::Small(y)) => PyInt::norm(x + *y),
        (PyInt::Small(x), PyInt::Big(y)) => PyInt::norm(*x + y),
        _ => PyInt::norm(&*a.as_big() + &*b.as_big()),
    }
}

/// `a - b`.
pub fn sub(a: &PyInt, b: &PyInt) -> PyInt {
    if let (PyInt::Small(x), PyInt::Small(y)) = (a, b) {
        if let Some(r) = x.checked_sub(*y) {
            return PyInt::Small(r);
        }
    }
    match (a, b) {
        (PyInt::Big(x), PyInt::Small(y)) => PyInt::norm(x - *y),
        (PyInt::Small(x), PyInt::Big(y)) => PyInt::norm(*x - y),
        _ => PyInt::norm(&*a.as_big() - &*b.as_big()),
    }
}

/// `a * b`.
pub fn mul(a: &PyInt, b: &PyInt) -> PyInt {
    if let (PyInt::Small(x), PyInt::Small(y)) = (a, b) {
        if let Some(r) = x.checked_mul(*y) {
            return PyInt::Small(r);
        }
    }
    match (a, b) {
        (PyInt::Big(x), PyInt::Small(y)) => PyInt::norm(x * *y),
        (PyInt::Small(x), PyInt::Big(y)) => PyInt::norm(*x * y),
        _ => PyInt::norm(&*a.as_big() * &*b.as_big()),
    }
}

/// `-a`.
pub fn neg(a: &PyInt) -> PyInt {
    if let PyInt::Small(x) = a {
        if let Some(r) = x.checked_neg() {
            return PyInt::Small(r);
        }
    }
    PyInt::norm(-&*a.as_big())
}

/// `abs(a)`.
pub fn abs(a: &PyInt) -> PyInt {
    if a.is_negative() {
        neg(a)
    } else {
        a.clone()
    }
}

/// `a // b` (rounds toward negative infinity, like Python).
pub fn floordiv(a: &PyInt, b: &PyInt) -> PyInt {
    if b.is_zero() {
        raise("ZeroDivisionError", "integer division or modulo by zero");
    }
    if let (PyInt::Small(x), PyInt::Small(y)) = (a, b) {
        if let Some(q) = x.checked_div(*y) {
            let fix = x % y != 0 && ((*x < 0) != (*y < 0));
            return PyInt::Small(if fix { q - 1 } else { q });
        }
    }
    PyInt::norm(a.as_big().div_floor(&b.as_big()))
}

/// `a % b` (the result has the sign of `b`, like Python).
pub fn modulo(a: &PyInt, b: &PyInt) -> PyInt {
    if b.is_zero() {
        raise("ZeroDivisionError", "integer modulo by zero");
    }
    if let (PyInt::Small(x), PyInt::Small(y)) = (a, b) {
        let r = x.wrapping_rem(*y);
        return PyInt::Small(if r != 0 && ((r < 0) != (*y < 0)) {
            r + y
        } else {
            r
        });
    }
    PyInt::norm(a.as_big().mod_floor(&b.as_big()))
}

/// `divmod(a, b)`.
pub fn divmod(a: &PyInt, b: &PyInt) -> (PyInt, PyInt) {
    if b.is_zero() {
        raise("ZeroDivisionError", "integer division or modulo by zero");
    }
    (floordiv(a, b), modulo(a, b))
}

/// `a ** b` for `b >= 0` (a negative exponent would give a float and is refused with `ValueError`).
pub fn pow(a: &PyInt, b: &PyInt) -> PyInt {
    if b.is_negative() {
        raise("ValueError", "negative exponent needs a float result");
    }
    match a {
        PyInt::Small(0) => return PyInt::Small(i64::from(b.is_zero())),
        PyInt::Small(1) => return PyInt::Small(1),
        PyInt::Small(-1) => {
            let even = match b {
                PyInt::Small(e) => e % 2 == 0,
                PyInt::Big(e) => e.is_even(),
            };
            return PyInt::Small(if even { 1 } else { -1 });
        }
        _ => {}
    }
    let e = match b {
        PyInt::Small(e) => u32::try_from(*e).unwrap_or_else(|_| raise("MemoryError", "")),
        PyInt::Big(_) => raise("MemoryError", ""),
    };
    if let PyInt::Small(x) = a {
        if let Some(r) = x.checked_pow(e) {
            return PyInt::Small(r);
        }
    }
    PyInt::norm(num_traits::pow::Pow::pow(a.big(), e))
}

/// `pow(a, b, m)` for `b >= 0`.
pub fn pow_mod(a: &PyInt, b: &PyInt, m: &PyInt) -> PyInt {
    if m.is_zero() {
        raise("ValueError", "pow() 3rd argument cannot be 0");
    }
    if b.is_negative() {
        raise("ValueError", "negative exponent needs a float result");
    }
    let mb = m.big();
    let r = a.big().mod_floor(&mb.abs()).modpow(&b.big(), &mb.abs());
    modulo(&PyInt::norm(r), m)
}

/// `a / b` (true division) as a correctly rounded float where the quotient is representable.
pub fn truediv(a: &PyInt, b: &PyInt) -> f64 {
    if b.is_zero() {
        raise("ZeroDivisionError", "division by zero");
    }
    if let (PyInt::Small(x), PyInt::Small(y)) = (a, b) {
        return crate::int::truediv(*x, *y);
    }
    // scale the numerator so the integer quotient carries 64+ significant bits, then round once
    let (x, y) = (a.big(), b.big());
    let neg = x.is_negative() != y.is_negative();
    let (x, y) = (x.abs(), y.abs());
    let shift =
        i64::try_from(y.bits()).unwrap_or(i64::MAX) - i64::try_from(x.bits()).unwrap_or(0) + 66;
    let q = if shift >= 0 {
        (x << usize::try_from(shift).unwrap_or(0)) / &y
    } else {
        (x >> usize::try_from(-shift).unwrap_or(0)) / &y
    };
    let f =
        q.to_f64().unwrap_or(f64::INFINITY) * 2f64.powi(-i32::try_from(shift).unwrap_or(i32::MAX));
    if !f.is_finite() {
        raise(
            "OverflowError",
            "integer division result too large for a float",
        );
    }
    if neg {
        -f
    } else {
        f
    }
}

/// `sum(ints)`.
pub fn sum(it: impl IntoIterator<Item = PyInt>) -> PyInt {
    it.into_iter().fold(PyInt::Small(0), |acc, x| add(&acc, &x))
}

/// `float(a)`.
pub fn to_float(a: &PyInt) -> f64 {
    match a {
        PyInt::Small(v) => *v as f64,
        PyInt::Big(b) => b
            .to_f64()
            .filter(|f| f.is_finite())
            .unwrap_or_else(|| raise("OverflowError", "int too large to convert to float")),
    }
}

/// `a.bit_length()`.
pub fn bit_length(a: &PyInt) -> i64 {
    match a {
        PyInt::Small(v) => i64::from(64 - v.unsigned_abs().leading_zeros()),
        PyInt::Big(b) => i64::try_from(b.bits()).unwrap_or(i64::MAX),
    }
}

/// `math.factorial(n)`.
pub fn factorial(n: i64) -> PyInt {
    if n < 0 {
        raise("ValueError", "factorial() not defined for negative values");
    }
    let mut acc = BigInt::one();
    for k in 2..=n {
        acc *= k;
    }
    PyInt::norm(acc)
}

/// `int(s)` for a decimal string (surrounding whitespace and `_` separators allowed, like Python).
pub fn parse(s: &str) -> PyInt {
    let t = s.trim();
    let digits: String = t.chars().filter(|c| *c != '_').collect();
    match digits.parse::<BigInt>() {
        Ok(b) if !t.is_empty() && !t.starts_with('_') && !t.ends_with('_') && !t.contains("__") => {
            PyInt::norm(b)
        }
        _ => raise(
            "ValueError",
            format!(
                "invalid literal for int() with base 10: {}",
                crate::fmt::str_repr(s)
            ),
        ),
    }
}

/// Whether `a` is zero (`bool(a)` is its negation).
pub fn is_zero(a: &PyInt) -> bool {
    a.is_zero()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: i64) -> PyInt {
        PyInt::from(v)
    }

    fn s(x: &PyInt) -> String {
        x.to_string()
    }

    #[test]
    fn promotes_on_overflow_and_demotes_back() {
        let big = add(&p(i64::MAX), &p(1));
        assert_eq!(s(&big), "9223372036854775808");
        assert!(matches!(big, PyInt::Big(_)));
        let back = sub(&big, &p(1));
        assert_eq!(back, p(i64::MAX));
        assert!(matches!(back, PyInt::Small(_)));
        assert_eq!(s(&neg(&p(i64::MIN))), "9223372036854775808");
        assert_eq!(s(&abs(&p(i64::MIN))), "9223372036854775808");
    }

    #[test]
    fn powers_and_factorials_match_python() {
        assert_eq!(s(&pow(&p(2), &p(100))), "1267650600228229401496703205376");
        assert_eq!(s(&pow(&p(-3), &p(41))), "-36472996377170786403");
        assert_eq!(pow(&p(0), &p(0)), p(1));
        assert_eq!(s(&factorial(25)), "15511210043330985984000000");
        assert_eq!(factorial(20), p(2432902008176640000));
        assert_eq!(
            s(&pow_mod(
                &pow(&p(2), &p(100)),
                &p(65537),
                &pow(&p(10), &p(30))
            )),
            "862411741033570514199826661376"
        );
        assert_eq!(pow_mod(&p(3), &p(200), &p(-7)), p(-5));
    }

    #[test]
    fn floor_division_and_modulo_follow_python_signs() {
        let b = pow(&p(10), &p(30));
        let nb = neg(&b);
        assert_eq!(s(&floordiv(&nb, &p(7))), "-142857142857142857142857142858");
        assert_eq!(modulo(&nb, &p(7)), p(6));
        assert_eq!(modulo(&b, &p(-7)), p(-6));
        assert_eq!(s(&floordiv(&b, &p(-7))), "-142857142857142857142857142858");
        let (q, r) = divmod(&nb, &pow(&p(10), &p(20)));
        assert_eq!(s(&q), "-10000000000");
        assert_eq!(r, p(0));
        assert_eq!(floordiv(&p(-7), &p(2)), p(-4));
        assert_eq!(modulo(&p(-7), &p(2)), p(1));
    }

    #[test]
    fn comparisons_hashing_and_formatting() {
        let b = pow(&p(2), &p(64));
        assert!(b > p(i64::MAX));
        assert!(neg(&b) < p(i64::MIN));
        assert_eq!(sub(&b, &b), p(0));
        let mut d: crate::Dict<PyInt, i64> = crate::Dict::default();
        d.insert(b.clone(), 1);
        d.insert(p(5), 2);
        assert_eq!(
            d.get(&mul(&pow(&p(2), &p(32)), &pow(&p(2), &p(32)))),
            Some(&1)
        );
        assert_eq!(d.get(&sub(&add(&b, &p(5)), &b)), Some(&2));
        assert_eq!(bit_length(&b), 65);
        assert_eq!(bit_length(&p(-8)), 4);
        assert_eq!(bit_length(&p(0)), 0);
        assert_eq!(crate::to_str(&b), "18446744073709551616");
        assert_eq!(b.py_format(">25"), "     18446744073709551616");
        assert_eq!(b.py_format(","), "18,446,744,073,709,551,616");
        assert_eq!(
            parse(" -123456789012345678901234567890 "),
            neg(&parse("123456789012345678901234567890"))
        );
    }

    #[test]
    fn true_division_rounds_like_python() {
        let b = pow(&p(10), &p(30));
        assert_eq!(truediv(&b, &p(3)), 3.333_333_333_333_333e29);
        assert_eq!(truediv(&p(1), &b), 1e-30);
        assert_eq!(truediv(&p(7), &p(2)), 3.5);
        assert_eq!(to_float(&b), 1e30);
    }
}
