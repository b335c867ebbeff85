//! Python `float` semantics on `f64`.

use crate::exc::raise;
use crate::fmt::str_repr;

/// Python `a / b` on floats.
#[inline]
pub fn truediv(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        raise("ZeroDivisionError", "float division by zero");
    }
    a / b
}

/// CPython's `float_divmod` core (b != 0).
fn divmod_core(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// Python `a // b` on floats.
#[inline]
pub fn floordiv(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        raise("ZeroDivisionError", "float floor division by zero");
    }
    divmod_core(a, b).0
}

/// Python `a % b` on floats.
#[inline]
pub fn modulo(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        raise("ZeroDivisionError", "float modulo");
    }
    let mut m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    m
}

/// Python `divmod(a, b)` on floats.
pub fn divmod(a: f64, b: f64) -> (f64, f64) {
    if b == 0.0 {
        raise("ZeroDivisionError", "float divmod()");
    }
    divmod_core(a, b)
}

fn is_odd_integer(y: f64) -> bool {
    y.is_finite() && y == y.trunc() && (y % 2.0).abs() == 1.0
}

/// Python `a ** b` on floats (negative base with fractional exponent raises ValueError).
#[inline]
pub fn pow(iv: f64, iw: f64) -> f64 {
    if iw == 0.0 {
        return 1.0;
    }
    if iv.is_nan() {
        return if iv == 1.0 { 1.0 } else { iv };
    }
    if iw.is_nan() {
        return if iv == 1.0 { 1.0 } else { iw };
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            f64::INFINITY
        } else {
            0.0
        };
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return if iv > 0.0 {
            if iw > 0.0 {
                iv
            } else {
                0.0
            }
        } else if iw > 0.0 {
            if odd {
                iv
            } else {
                -iv
            }
        } else if odd {
            -0.0
        } else {
            0.0
        };
    }
    if iv == 0.0 {
        if iw < 0.0 {
            raise(
                "ZeroDivisionError",
                "0.0 cannot be raised to a negative power",
            );
        }
        return if is_odd_integer(iw) { iv } else { 0.0 };
    }
    if iv < 0.0 && iw != iw.trunc() {
        raise("ValueError", "math domain error");
    }
    let r = iv.powf(iw);
    if r.is_infinite() {
        raise("OverflowError", "(34, 'Numerical result out of range')");
    }
    r
}

/// Python `x ** n` for float base and int exponent.
pub fn powi(x: f64, n: i64) -> f64 {
    pow(x, n as f64)
}

fn valid_float_literal(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let rest = t[i..].to_ascii_lowercase();
    if rest == "inf" || rest == "infinity" || rest == "nan" {
        return true;
    }
    let digits = |i: &mut usize| -> Option<usize> {
        // digits with single underscores between digits
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
            if *i + 1 < b.len() && b[*i] == b'_' && b[*i + 1].is_ascii_digit() {
                *i += 1;
            }
        }
        Some(*i - st)
    };
    let n_int = digits(&mut i).unwrap_or(0);
    let mut n_frac = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        n_frac = digits(&mut i).unwrap_or(0);
    }
    if n_int == 0 && n_frac == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i).unwrap_or(0) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Python `float(s)`, or None where it raises ValueError.
pub fn try_parse(s: &str) -> Option<f64> {
    let t = s.trim_matches(crate::pystr::is_space);
    if valid_float_literal(t) {
        let cleaned: String = t.chars().filter(|&c| c != '_').collect();
        return cleaned.parse::<f64>().ok();
    }
    None
}

/// Python `float(s)`.
pub fn parse(s: &str) -> f64 {
    let t = s.trim_matches(crate::pystr::is_space);
    if valid_float_literal(t) {
        let cleaned: String = t.chars().filter(|&c| c != '_').collect();
        if let Ok(v) = cleaned.parse::<f64>() {
            return v;
        }
    }
    raise(
        "ValueError",
        format!("could not convert string to float: {}", str_repr(s)),
    )
}

/// Python `round(x)` (half to even) as an int.
pub fn round_int(x: f64) -> i64 {
    crate::int::from_float(x.round_ties_even())
}

/// Python `round(x, n)` (correctly rounded, half to even on the exact binary value).
pub fn round_ndigits(x: f64, n: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if n > 323 {
        return x;
    }
    if n < -308 {
        return 0.0 * x;
    }
    let r = if n >= 0 {
        let p = n as usize;
        format!("{x:.p$}").parse::<f64>().unwrap_or(x)
    } else {
        round_neg_ndigits(x.abs(), (-n) as usize).copysign(x)
    };
    if r.is_infinite() {
        raise("OverflowError", "rounded value too large to represent");
    }
    r
}

/// Rounds a finite non-negative `a` to a multiple of 10^k (half to even, exact).
fn round_neg_ndigits(a: f64, k: usize) -> f64 {
    let int = format!("{:.0}", a.trunc());
    if int.len() < k {
        return 0.0;
    }
    let frac_nonzero = a.fract() != 0.0;
    let (hi, lo) = int.split_at(int.len() - k);
    let mut hi_digits: Vec<u8> = hi.bytes().map(|b| b - b'0').collect();
    if hi_digits.is_empty() {
        hi_digits.push(0);
    }
    let first = lo.as_bytes()[0] - b'0';
    let rest_zero = lo.bytes().skip(1).all(|b| b == b'0') && !frac_nonzero;
    let odd = hi_digits.last().is_some_and(|d| d % 2 == 1);
    if first > 5 || (first == 5 && (!rest_zero || odd)) {
        let mut i = hi_digits.len();
        loop {
            if i == 0 {
                hi_digits.insert(0, 1);
                break;
            }
            i -= 1;
            if hi_digits[i] == 9 {
                hi_digits[i] = 0;
            } else {
                hi_digits[i] += 1;
                break;
            }
        }
    }
    let s: String = hi_digits.iter().map(|d| (b'0' + d) as char).collect();
    format!("{s}e{k}").parse::<f64>().unwrap_or(f64::INFINITY)
}

/// Python `float.is_integer()`.
pub fn is_integer(x: f64) -> bool {
    x.is_finite() && x == x.trunc()
}

/// Python `float(i)` for an int.
pub fn from_int(i: i64) -> f64 {
    i as f64
}

/// Python `repr(x)` / `str(x)` for a float.
pub fn to_str(x: f64) -> String {
    crate::fmt::float_repr(x)
}
