//! Python's `math` module on `f64`/`i64`, with CPython's error behaviour.

use crate::exc::{raise, OVERFLOW_MSG};

/// `math.pi`.
pub const PI: f64 = std::f64::consts::PI;
/// `math.e`.
pub const E: f64 = std::f64::consts::E;
/// `math.tau`.
pub const TAU: f64 = std::f64::consts::TAU;
/// `math.inf`.
pub const INF: f64 = f64::INFINITY;
/// `math.nan`.
pub const NAN: f64 = f64::NAN;

fn domain() -> ! {
    raise("ValueError", "math domain error")
}

fn range_err() -> ! {
    raise("OverflowError", "math range error")
}

/// CPython's `math_1`: NaN from non-NaN input is a domain error, inf from finite input overflows.
fn math1(x: f64, f: impl Fn(f64) -> f64, can_overflow: bool) -> f64 {
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        domain();
    }
    if r.is_infinite() && x.is_finite() {
        if can_overflow {
            range_err();
        } else {
            domain();
        }
    }
    r
}

/// `math.sqrt(x)`.
pub fn sqrt(x: f64) -> f64 {
    math1(x, f64::sqrt, false)
}

fn m_log(x: f64, f: impl Fn(f64) -> f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 0.0 {
        f(x)
    } else {
        domain()
    }
}

/// `math.log(x)`.
pub fn log(x: f64) -> f64 {
    m_log(x, f64::ln)
}

/// `math.log(x, base)`.
pub fn log_base(x: f64, base: f64) -> f64 {
    let num = log(x);
    let den = log(base);
    crate::float::truediv(num, den)
}

/// `math.log2(x)`.
pub fn log2(x: f64) -> f64 {
    m_log(x, f64::log2)
}

/// `math.log10(x)`.
pub fn log10(x: f64) -> f64 {
    m_log(x, f64::log10)
}

/// `math.log1p(x)`.
pub fn log1p(x: f64) -> f64 {
    if x <= -1.0 {
        domain();
    }
    x.ln_1p()
}

/// `math.exp(x)`.
pub fn exp(x: f64) -> f64 {
    math1(x, f64::exp, true)
}

/// `math.exp2(x)`.
pub fn exp2(x: f64) -> f64 {
    math1(x, f64::exp2, true)
}

/// `math.expm1(x)`.
pub fn expm1(x: f64) -> f64 {
    math1(x, f64::exp_m1, true)
}

/// `math.sin(x)`.
pub fn sin(x: f64) -> f64 {
    math1(x, f64::sin, false)
}

/// `math.cos(x)`.
pub fn cos(x: f64) -> f64 {
    math1(x, f64::cos, false)
}

/// `math.tan(x)`.
pub fn tan(x: f64) -> f64 {
    math1(x, f64::tan, false)
}

/// `math.asin(x)`.
pub fn asin(x: f64) -> f64 {
    math1(x, f64::asin, false)
}

/// `math.acos(x)`.
pub fn acos(x: f64) -> f64 {
    math1(x, f64::acos, false)
}

/// `math.atan(x)`.
pub fn atan(x: f64) -> f64 {
    math1(x, f64::atan, false)
}

/// `math.atan2(y, x)`.
pub fn atan2(y: f64, x: f64) -> f64 {
    y.atan2(x)
}

/// `math.sinh(x)`.
pub fn sinh(x: f64) -> f64 {
    math1(x, f64::sinh, true)
}

/// `math.cosh(x)`.
pub fn cosh(x: f64) -> f64 {
    math1(x, f64::cosh, true)
}

/// `math.tanh(x)`.
pub fn tanh(x: f64) -> f64 {
    math1(x, f64::tanh, false)
}

const LN2: f64 = std::f64::consts::LN_2;
const TWO28: f64 = 268_435_456.0;
const TWO_M28: f64 = 3.725_290_298_461_914e-9;

/// `math.asinh(x)` (fdlibm algorithm, as the C library CPython uses).
pub fn asinh(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let a = x.abs();
    if a < TWO_M28 {
        return x;
    }
    let w = if a > TWO28 {
        a.ln() + LN2
    } else if a > 2.0 {
        (2.0 * a + 1.0 / ((x * x + 1.0).sqrt() + a)).ln()
    } else {
        let t = x * x;
        (a + t / (1.0 + (1.0 + t).sqrt())).ln_1p()
    };
    w.copysign(x)
}

/// `math.acosh(x)` (fdlibm algorithm).
pub fn acosh(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x < 1.0 {
        domain();
    }
    if x >= TWO28 {
        if x.is_infinite() {
            return x;
        }
        return x.ln() + LN2;
    }
    if x == 1.0 {
        return 0.0;
    }
    if x > 2.0 {
        let t = x * x;
        (2.0 * x - 1.0 / (x + (t - 1.0).sqrt())).ln()
    } else {
        let t = x - 1.0;
        (t + (2.0 * t + t * t).sqrt()).ln_1p()
    }
}

/// `math.atanh(x)` (fdlibm algorithm; |x| >= 1 is a domain error).
pub fn atanh(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let a = x.abs();
    if a >= 1.0 {
        domain();
    }
    if a < TWO_M28 {
        return x;
    }
    let t = if a < 0.5 {
        let t = a + a;
        0.5 * (t + t * a / (1.0 - a)).ln_1p()
    } else {
        0.5 * ((a + a) / (1.0 - a)).ln_1p()
    };
    t.copysign(x)
}

/// `math.pow(x, y)`.
pub fn pow(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if x == 0.0 && y < 0.0 {
            domain();
        }
        if x < 0.0 && y != y.trunc() {
            domain();
        }
        let r = x.powf(y);
        if r.is_infinite() {
            range_err();
        }
        return r;
    }
    // C99 Annex F special cases, as CPython
    if y == 0.0 || x == 1.0 {
        return 1.0;
    }
    x.powf(y)
}

/// `math.hypot(x, y)`.
pub fn hypot(x: f64, y: f64) -> f64 {
    let r = x.hypot(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        range_err();
    }
    r
}

/// `math.dist(p, q)`.
pub fn dist(p: &[f64], q: &[f64]) -> f64 {
    if p.len() != q.len() {
        raise(
            "ValueError",
            "both points must have the same number of dimensions",
        );
    }
    p.iter()
        .zip(q)
        .map(|(a, b)| (a - b) * (a - b))
        .sum::<f64>()
        .sqrt()
}

/// `math.fabs(x)`.
pub fn fabs(x: f64) -> f64 {
    x.abs()
}

/// `math.floor(x)`.
pub fn floor(x: f64) -> i64 {
    crate::int::from_float(x.floor())
}

/// `math.ceil(x)`.
pub fn ceil(x: f64) -> i64 {
    crate::int::from_float(x.ceil())
}

/// `math.trunc(x)`.
pub fn trunc(x: f64) -> i64 {
    crate::int::from_float(x)
}

/// `math.isqrt(n)`.
pub fn isqrt(n: i64) -> i64 {
    if n < 0 {
        raise("ValueError", "isqrt() argument must be nonnegative");
    }
    let mut r = (n as f64).sqrt() as i64;
    while r.checked_mul(r).is_none_or(|sq| sq > n) {
        r -= 1;
    }
    while (r + 1).checked_mul(r + 1).is_some_and(|sq| sq <= n) {
        r += 1;
    }
    r
}

/// `math.gcd(a, b)`.
pub fn gcd(a: i64, b: i64) -> i64 {
    let (mut x, mut y) = (a.unsigned_abs(), b.unsigned_abs());
    while y != 0 {
        (x, y) = (y, x % y);
    }
    i64::try_from(x).unwrap_or_else(|_| raise("OverflowError", OVERFLOW_MSG))
}

/// `math.lcm(a, b)`.
pub fn lcm(a: i64, b: i64) -> i64 {
    if a == 0 || b == 0 {
        return 0;
    }
    let g = gcd(a, b);
    crate::int::abs(crate::int::mul(a / g, b))
}

/// `math.factorial(n)`.
pub fn factorial(n: i64) -> i64 {
    if n < 0 {
        raise("ValueError", "factorial() not defined for negative values");
    }
    (1..=n).fold(1i64, crate::int::mul)
}

/// `math.comb(n, k)`.
pub fn comb(n: i64, k: i64) -> i64 {
    if n < 0 {
        raise("ValueError", "n must be a non-negative integer");
    }
    if k < 0 {
        raise("ValueError", "k must be a non-negative integer");
    }
    if k > n {
        return 0;
    }
    let k = k.min(n - k);
    let mut r: i128 = 1;
    for i in 0..k {
        r = r * (n - i) as i128 / (i + 1) as i128;
        if r > i64::MAX as i128 {
            raise("OverflowError", OVERFLOW_MSG);
        }
    }
    r as i64
}

/// `math.perm(n, k)`.
pub fn perm(n: i64, k: i64) -> i64 {
    if n < 0 {
        raise("ValueError", "n must be a non-negative integer");
    }
    if k < 0 {
        raise("ValueError", "k must be a non-negative integer");
    }
    if k > n {
        return 0;
    }
    (n - k + 1..=n).fold(1i64, crate::int::mul)
}

/// `math.isclose(a, b)` with default tolerances.
pub fn isclose(a: f64, b: f64) -> bool {
    isclose_tol(a, b, 1e-9, 0.0)
}

/// `math.isclose(a, b, rel_tol=rel, abs_tol=abs)`.
pub fn isclose_tol(a: f64, b: f64, rel_tol: f64, abs_tol: f64) -> bool {
    if rel_tol < 0.0 || abs_tol < 0.0 {
        raise("ValueError", "tolerances must be non-negative");
    }
    if a == b {
        return true;
    }
    if a.is_infinite() || b.is_infinite() {
        return false;
    }
    let diff = (b - a).abs();
    diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol
}

/// `math.isnan(x)`.
pub fn isnan(x: f64) -> bool {
    x.is_nan()
}

/// `math.isinf(x)`.
pub fn isinf(x: f64) -> bool {
    x.is_infinite()
}

/// `math.isfinite(x)`.
pub fn isfinite(x: f64) -> bool {
    x.is_finite()
}

/// `math.degrees(x)`.
pub fn degrees(x: f64) -> f64 {
    x * (180.0 / PI)
}

/// `math.radians(x)`.
pub fn radians(x: f64) -> f64 {
    x * (PI / 180.0)
}

/// `math.copysign(x, y)`.
pub fn copysign(x: f64, y: f64) -> f64 {
    x.copysign(y)
}

/// `math.fmod(x, y)`.
pub fn fmod(x: f64, y: f64) -> f64 {
    if y.is_infinite() && x.is_finite() {
        return x;
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        domain();
    }
    r
}

/// `math.modf(x)`: (fractional part, integer part).
pub fn modf(x: f64) -> (f64, f64) {
    if x.is_infinite() {
        return (0.0f64.copysign(x), x);
    }
    (x.fract(), x.trunc())
}

/// `math.fsum(values)`: exactly rounded sum (Shewchuk's algorithm, as CPython).
pub fn fsum(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut partials: Vec<f64> = Vec::new();
    let mut special = 0.0f64;
    let mut inf_sum = 0.0f64;
    for mut x in values {
        if !x.is_finite() {
            if x.is_infinite() {
                inf_sum += x;
            }
            special += x;
            continue;
        }
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
            if !x.is_finite() {
                raise("OverflowError", "intermediate overflow in fsum");
            }
        }
        partials.truncate(i);
        partials.push(x);
    }
    if special != 0.0 {
        if inf_sum.is_nan() {
            raise("ValueError", "-inf + inf in fsum");
        }
        return special;
    }
    let mut hi = 0.0;
    if let Some(mut n) = partials.len().checked_sub(1) {
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    hi
}

/// `math.prod(ints)` (checked).
pub fn prod_int(it: impl IntoIterator<Item = i64>) -> i64 {
    it.into_iter().fold(1, crate::int::mul)
}

/// `math.prod(floats)`.
pub fn prod_float(it: impl IntoIterator<Item = f64>) -> f64 {
    it.into_iter().fold(1.0, |a, b| a * b)
}
