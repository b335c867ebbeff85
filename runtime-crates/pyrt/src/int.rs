//! Python `int` semantics on `i64` (overflow raises `OverflowError`).

use crate::exc::{raise, OVERFLOW_MSG};
use crate::fmt::str_repr;

fn overflow() -> ! {
    raise("OverflowError", OVERFLOW_MSG)
}

/// Checked `a + b`.
pub fn add(a: i64, b: i64) -> i64 {
    a.checked_add(b).unwrap_or_else(|| overflow())
}

/// Checked `a - b`.
pub fn sub(a: i64, b: i64) -> i64 {
    a.checked_sub(b).unwrap_or_else(|| overflow())
}

/// Checked `a * b`.
pub fn mul(a: i64, b: i64) -> i64 {
    a.checked_mul(b).unwrap_or_else(|| overflow())
}

/// Checked `-a`.
pub fn neg(a: i64) -> i64 {
    a.checked_neg().unwrap_or_else(|| overflow())
}

/// Python `a // b` (floor division).
#[inline]
pub fn floordiv(a: i64, b: i64) -> i64 {
    if b == 0 {
        raise("ZeroDivisionError", "integer division or modulo by zero");
    }
    let q = a.checked_div(b).unwrap_or_else(|| overflow());
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

/// Python `a % b` (result has the sign of the divisor).
#[inline]
pub fn modulo(a: i64, b: i64) -> i64 {
    if b == 0 {
        raise("ZeroDivisionError", "integer modulo by zero");
    }
    let r = a.wrapping_rem(b);
    if r != 0 && ((r < 0) != (b < 0)) {
        r + b
    } else {
        r
    }
}

/// Python `divmod(a, b)`.
pub fn divmod(a: i64, b: i64) -> (i64, i64) {
    if b == 0 {
        raise("ZeroDivisionError", "integer division or modulo by zero");
    }
    (floordiv(a, b), modulo(a, b))
}

/// Python `a ** b` for `b >= 0` (negative exponents raise `ValueError`: the result would be a float).
#[inline]
pub fn pow(a: i64, b: i64) -> i64 {
    if b < 0 {
        raise("ValueError", "negative exponent needs a float result");
    }
    match a {
        0 => return if b == 0 { 1 } else { 0 },
        1 => return 1,
        -1 => return if b % 2 == 0 { 1 } else { -1 },
        _ => {}
    }
    let e = u32::try_from(b).unwrap_or_else(|_| overflow());
    a.checked_pow(e).unwrap_or_else(|| overflow())
}

/// Python `pow(a, b, m)` (modular exponentiation, `b >= 0`).
pub fn pow_mod(a: i64, b: i64, m: i64) -> i64 {
    if m == 0 {
        raise("ValueError", "pow() 3rd argument cannot be 0");
    }
    if b < 0 {
        raise("ValueError", "negative exponent needs a float result");
    }
    let m128 = m as i128;
    let mut base = (a as i128).rem_euclid(m128.abs());
    let mut e = b;
    let mut r: i128 = 1 % m128.abs();
    while e > 0 {
        if e & 1 == 1 {
            r = r * base % m128.abs();
        }
        base = base * base % m128.abs();
        e >>= 1;
    }
    modulo(r as i64, m)
}

/// Python `a / b` on ints (true division).
#[inline]
pub fn truediv(a: i64, b: i64) -> f64 {
    if b == 0 {
        raise("ZeroDivisionError", "division by zero");
    }
    if a.unsigned_abs() < (1 << 53) && b.unsigned_abs() < (1 << 53) {
        a as f64 / b as f64
    } else {
        // exact enough for huge operands: use 128-bit scaling
        let q = a as f64 / b as f64;
        if q.is_finite() {
            q
        } else {
            raise(
                "OverflowError",
                "integer division result too large for a float",
            )
        }
    }
}

/// Python `abs(x)`.
#[inline]
pub fn abs(x: i64) -> i64 {
    x.checked_abs().unwrap_or_else(|| overflow())
}

/// Python `a << b`.
#[inline]
pub fn shl(a: i64, b: i64) -> i64 {
    if b < 0 {
        raise("ValueError", "negative shift count");
    }
    if a == 0 {
        return 0;
    }
    if b >= 64 {
        overflow();
    }
    let r = a << b;
    if r >> b != a {
        overflow();
    }
    r
}

/// Python `a >> b` (arithmetic shift).
#[inline]
pub fn shr(a: i64, b: i64) -> i64 {
    if b < 0 {
        raise("ValueError", "negative shift count");
    }
    if b >= 64 {
        if a < 0 {
            -1
        } else {
            0
        }
    } else {
        a >> b
    }
}

/// Python `int(x)` for a float (truncation).
pub fn from_float(x: f64) -> i64 {
    if x.is_nan() {
        raise("ValueError", "cannot convert float NaN to integer");
    }
    if x.is_infinite() {
        raise("OverflowError", "cannot convert float infinity to integer");
    }
    let t = x.trunc();
    if !(-9223372036854775808.0..9223372036854775808.0).contains(&t) {
        overflow();
    }
    t as i64
}

/// Python `int(s, base)`; `base` is 0 or 2..=36.
pub fn parse(s: &str, base: u32) -> i64 {
    match try_parse(s, base) {
        Some(Ok(v)) => v,
        Some(Err(())) => overflow(),
        None => raise(
            "ValueError",
            format!(
                "invalid literal for int() with base {base}: {}",
                str_repr(s)
            ),
        ),
    }
}

/// Parses like Python's `int(s, base)`: None if invalid, Some(Err) if it overflows i64.
pub fn try_parse(s: &str, base: u32) -> Option<Result<i64, ()>> {
    if base == 1 || base > 36 {
        raise("ValueError", "int() base must be >= 2 and <= 36, or 0");
    }
    let t = s.trim_matches(crate::pystr::is_space);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.get(..2).map(|p| p.to_ascii_lowercase());
    let mut base = base;
    let mut digits = t;
    let mut prefixed = false;
    if let Some(p) = lower.as_deref() {
        let pb = match p {
            "0x" => 16,
            "0o" => 8,
            "0b" => 2,
            _ => 0,
        };
        if pb != 0 && (base == 0 || base == pb) {
            base = pb;
            digits = &t[2..];
            prefixed = true;
        }
    }
    if base == 0 {
        base = 10;
        // leading zeros are not allowed in base-0 decimal literals unless all zero
        if digits.len() > 1
            && digits.starts_with('0')
            && !digits.chars().all(|c| c == '0' || c == '_')
        {
            return None;
        }
    }
    let mut acc: i128 = 0;
    let mut any = false;
    let mut prev_us = prefixed; // underscore allowed right after a prefix
    let mut overflowed = false;
    for c in digits.chars() {
        if c == '_' {
            if !prev_us && !any {
                return None;
            }
            if prev_us && any {
                return None;
            }
            if !any && !prefixed {
                return None;
            }
            prev_us = true;
            if !any {
                // "0x_1" is fine, but only one underscore
                prefixed = false;
            }
            continue;
        }
        let d = c.to_digit(base)?;
        any = true;
        prev_us = false;
        acc = acc * base as i128 + d as i128;
        if acc > (1i128 << 64) {
            overflowed = true;
            acc = 1i128 << 64;
        }
    }
    if !any || prev_us {
        return None;
    }
    let v = if neg { -acc } else { acc };
    if overflowed || v > i64::MAX as i128 || v < i64::MIN as i128 {
        return Some(Err(()));
    }
    Some(Ok(v as i64))
}

fn radix(x: i64, prefix: &str, f: impl Fn(u64) -> String) -> String {
    let sign = if x < 0 { "-" } else { "" };
    format!("{sign}{prefix}{}", f(x.unsigned_abs()))
}

/// Python `bin(x)`.
pub fn to_bin(x: i64) -> String {
    radix(x, "0b", |a| format!("{a:b}"))
}

/// Python `oct(x)`.
pub fn to_oct(x: i64) -> String {
    radix(x, "0o", |a| format!("{a:o}"))
}

/// Python `hex(x)`.
pub fn to_hex(x: i64) -> String {
    radix(x, "0x", |a| format!("{a:x}"))
}

/// Python `int.bit_length()`.
pub fn bit_length(x: i64) -> i64 {
    64 - x.unsigned_abs().leading_zeros() as i64
}

/// Python `int.bit_count()`.
pub fn bit_count(x: i64) -> i64 {
    x.unsigned_abs().count_ones() as i64
}

/// Python `str(x)` for an int.
pub fn to_str(x: i64) -> String {
    x.to_string()
}

/// Python `(a > b) - (a < b)` style comparison helper returning -1/0/1.
pub fn sign(x: i64) -> i64 {
    x.signum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_edge_cases() {
        // int('0_0', 0) == 0; int('017', 0) -> ValueError; int('0x_1f', 16) == 31
        assert_eq!(try_parse("0_0", 0), Some(Ok(0)));
        assert_eq!(try_parse("017", 0), None);
        assert_eq!(try_parse("0x_1f", 16), Some(Ok(31)));
        assert_eq!(try_parse("99999999999999999999", 10), Some(Err(())));
        assert_eq!(bit_length(-255), 8);
        assert_eq!(pow_mod(3, 200, 7), 2); // pow(3, 200, 7) == 2
        assert_eq!(pow_mod(-3, 3, 5), 3); // pow(-3, 3, 5) == 3
    }
}
