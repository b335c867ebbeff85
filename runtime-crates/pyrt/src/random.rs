//! Python's `random` module: CPython's exact Mersenne Twister (MT19937) and the
//! `random.Random` methods built on it, so that a seeded program produces the
//! same numbers as CPython 3.11.
//!
//! [`Random`] is one generator (`random.Random(seed)`); the free functions
//! ([`seed`], [`random()`], [`randint`], ...) use a thread-local default
//! instance that is seeded from OS entropy until [`seed`] is called, like the
//! module-level functions of Python's `random`.

use crate::exc::raise;
use std::cell::RefCell;

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// A `random.Random` instance: CPython's MT19937 state plus the cached
/// second value of [`Random::gauss`].
#[derive(Clone, Debug)]
pub struct Random {
    state: Box<[u32; N]>,
    index: usize,
    gauss_next: Option<f64>,
}

impl Random {
    /// `random.Random(seed)` for an integer seed.
    pub fn new_seeded(seed: i64) -> Random {
        let mut r = Random {
            state: Box::new([0; N]),
            index: N + 1,
            gauss_next: None,
        };
        r.seed(seed);
        r
    }

    /// `random.Random()`: a generator seeded from OS entropy.
    pub fn new_from_entropy() -> Random {
        let mut r = Random {
            state: Box::new([0; N]),
            index: N + 1,
            gauss_next: None,
        };
        r.seed_from_entropy();
        r
    }

    /// `self.seed(n)` for an integer `n`: CPython splits `abs(n)` into 32-bit
    /// words (least significant first) and runs `init_by_array` on them.
    pub fn seed(&mut self, seed: i64) {
        let mut n = seed.unsigned_abs();
        let mut key = Vec::with_capacity(2);
        loop {
            key.push(n as u32);
            n >>= 32;
            if n == 0 {
                break;
            }
        }
        self.init_by_array(&key);
        self.gauss_next = None;
    }

    /// `self.seed()` with no argument: reseeds from OS entropy.
    pub fn seed_from_entropy(&mut self) {
        use std::collections::hash_map::RandomState;
        use std::hash::BuildHasher;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let mut key = Vec::with_capacity(16);
        for i in 0..8u64 {
            let h = RandomState::new().hash_one((nanos, i, std::thread::current().id()));
            key.push(h as u32);
            key.push((h >> 32) as u32);
        }
        self.init_by_array(&key);
        self.gauss_next = None;
    }

    fn init_genrand(&mut self, s: u32) {
        let mt = &mut self.state;
        mt[0] = s;
        for i in 1..N {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mt = &mut self.state;
        let key_length = key.len();
        let mut i = 1usize;
        let mut j = 0usize;
        let mut k = N.max(key_length);
        while k > 0 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key_length {
                j = 0;
            }
            k -= 1;
        }
        k = N - 1;
        while k > 0 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            k -= 1;
        }
        mt[0] = 0x8000_0000;
    }

    /// The next raw 32-bit output of the generator (`genrand_uint32`).
    pub fn genrand_uint32(&mut self) -> u32 {
        if self.index >= N {
            let mt = &mut self.state;
            let mag01 = |y: u32| if y & 1 == 0 { 0 } else { MATRIX_A };
            for kk in 0..N - M {
                let y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M] ^ (y >> 1) ^ mag01(y);
            }
            for kk in N - M..N - 1 {
                let y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M - N] ^ (y >> 1) ^ mag01(y);
            }
            let y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
            mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ mag01(y);
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `random()`: a float in `[0.0, 1.0)` with 53 random bits (`genrand_res53`).
    pub fn random(&mut self) -> f64 {
        let a = self.genrand_uint32() >> 5;
        let b = self.genrand_uint32() >> 6;
        (a as f64 * 67_108_864.0 + b as f64) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for `0 <= k <= 64`, as an unsigned value.
    /// Raises `ValueError` for `k < 0` and `OverflowError` for `k > 64`.
    pub fn getrandbits_u64(&mut self, k: i64) -> u64 {
        if k < 0 {
            raise("ValueError", "number of bits must be non-negative");
        }
        if k > 64 {
            raise(
                "OverflowError",
                "getrandbits() result does not fit in 64 bits",
            );
        }
        let k = k as u32;
        if k == 0 {
            return 0;
        }
        if k <= 32 {
            return (self.genrand_uint32() >> (32 - k)) as u64;
        }
        let lo = self.genrand_uint32() as u64;
        let hi = (self.genrand_uint32() >> (64 - k)) as u64;
        lo | (hi << 32)
    }

    /// `getrandbits(k)`: an int with `k` random bits. Raises `ValueError` for
    /// `k < 0` and `OverflowError` when the result does not fit in an `i64`
    /// (`k > 64`, or `k == 64` with the top bit set).
    pub fn getrandbits(&mut self, k: i64) -> i64 {
        let v = self.getrandbits_u64(k);
        match i64::try_from(v) {
            Ok(v) => v,
            Err(_) => raise(
                "OverflowError",
                "integer overflow: result does not fit in 64 bits",
            ),
        }
    }

    /// `_randbelow(n)`: a uniform int in `[0, n)` by rejection sampling on
    /// `getrandbits(n.bit_length())` (`_randbelow_with_getrandbits`).
    /// Returns 0 for `n == 0`.
    pub fn randbelow(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let k = (64 - n.leading_zeros()) as i64;
        let mut r = self.getrandbits_u64(k);
        while r >= n {
            r = self.getrandbits_u64(k);
        }
        r
    }

    fn randrange_wide(&mut self, istart: i128, istop: i128, istep: i128) -> i64 {
        let width = istop - istart;
        if istep == 1 {
            if width > 0 {
                return (istart + self.randbelow(width as u64) as i128) as i64;
            }
            raise(
                "ValueError",
                format!("empty range for randrange() ({istart}, {istop}, {width})"),
            );
        }
        let n = if istep > 0 {
            (width + istep - 1).div_euclid(istep)
        } else if istep < 0 {
            floor_div(width + istep + 1, istep)
        } else {
            raise("ValueError", "zero step for randrange()")
        };
        if n <= 0 {
            raise("ValueError", "empty range for randrange()");
        }
        (istart + istep * self.randbelow(n as u64) as i128) as i64
    }

    /// `randrange(start, stop, step)` with CPython's `ValueError`s
    /// ("empty range for randrange() (a, b, width)", "zero step for randrange()",
    /// "empty range for randrange()").
    pub fn randrange(&mut self, start: i64, stop: i64, step: i64) -> i64 {
        self.randrange_wide(start as i128, stop as i128, step as i128)
    }

    /// `randrange(stop)`: a uniform int in `[0, stop)`; `ValueError` if `stop <= 0`.
    pub fn randrange_stop(&mut self, stop: i64) -> i64 {
        if stop > 0 {
            return self.randbelow(stop as u64) as i64;
        }
        raise("ValueError", "empty range for randrange()")
    }

    /// `randint(a, b)`: a uniform int in `[a, b]` (`randrange(a, b + 1)`).
    pub fn randint(&mut self, a: i64, b: i64) -> i64 {
        self.randrange_wide(a as i128, b as i128 + 1, 1)
    }

    /// `choice(seq)`; raises `IndexError: Cannot choose from an empty sequence`.
    pub fn choice<T: Clone>(&mut self, seq: &[T]) -> T {
        if seq.is_empty() {
            raise("IndexError", "Cannot choose from an empty sequence");
        }
        seq[self.randbelow(seq.len() as u64) as usize].clone()
    }

    /// `shuffle(x)`: CPython's in-place Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, x: &mut [T]) {
        for i in (1..x.len()).rev() {
            let j = self.randbelow(i as u64 + 1) as usize;
            x.swap(i, j);
        }
    }

    /// `sample(population, k)`: `k` distinct positions chosen in selection
    /// order, using CPython's pool or set strategy. Raises
    /// `ValueError: Sample larger than population or is negative`.
    pub fn sample<T: Clone>(&mut self, population: &[T], k: i64) -> Vec<T> {
        let n = population.len();
        if k < 0 || k as u64 > n as u64 {
            raise("ValueError", "Sample larger than population or is negative");
        }
        let k = k as usize;
        let mut result = Vec::with_capacity(k);
        let mut setsize: f64 = 21.0;
        if k > 5 {
            // 4 ** ceil(log(k * 3, 4)), with math.log(x, base) = log(x) / log(base)
            let e = (((k * 3) as f64).ln() / 4f64.ln()).ceil();
            setsize += 4f64.powf(e);
        }
        if (n as f64) <= setsize {
            let mut pool: Vec<usize> = (0..n).collect();
            for i in 0..k {
                let j = self.randbelow((n - i) as u64) as usize;
                result.push(population[pool[j]].clone());
                pool[j] = pool[n - i - 1];
            }
        } else {
            let mut selected = std::collections::HashSet::with_capacity(k);
            for _ in 0..k {
                let mut j = self.randbelow(n as u64) as usize;
                while selected.contains(&j) {
                    j = self.randbelow(n as u64) as usize;
                }
                selected.insert(j);
                result.push(population[j].clone());
            }
        }
        result
    }

    /// `choices(population, k=k)`: `k` selections with replacement.
    /// An empty population raises `IndexError: list index out of range`
    /// (when `k > 0`).
    pub fn choices<T: Clone>(&mut self, population: &[T], k: i64) -> Vec<T> {
        let n = population.len() as f64;
        (0..k.max(0))
            .map(|_| {
                let i = (self.random() * n).floor() as usize;
                match population.get(i) {
                    Some(v) => v.clone(),
                    None => raise("IndexError", "list index out of range"),
                }
            })
            .collect()
    }

    /// `choices(population, weights, k=k)` with CPython's errors for a
    /// length mismatch and non-positive or non-finite totals.
    pub fn choices_weighted<T: Clone>(
        &mut self,
        population: &[T],
        weights: &[f64],
        k: i64,
    ) -> Vec<T> {
        let mut cum = Vec::with_capacity(weights.len());
        let mut acc = 0.0;
        for (i, w) in weights.iter().enumerate() {
            acc = if i == 0 { *w } else { acc + w };
            cum.push(acc);
        }
        self.choices_cum_weighted(population, &cum, k)
    }

    /// `choices(population, cum_weights=cum_weights, k=k)`.
    pub fn choices_cum_weighted<T: Clone>(
        &mut self,
        population: &[T],
        cum_weights: &[f64],
        k: i64,
    ) -> Vec<T> {
        let n = population.len();
        if cum_weights.len() != n {
            raise(
                "ValueError",
                "The number of weights does not match the population",
            );
        }
        let Some(&total) = cum_weights.last() else {
            raise("IndexError", "list index out of range")
        };
        if total <= 0.0 {
            raise("ValueError", "Total of weights must be greater than zero");
        }
        if !total.is_finite() {
            raise("ValueError", "Total of weights must be finite");
        }
        let hi = n - 1;
        (0..k.max(0))
            .map(|_| {
                let x = self.random() * total;
                // bisect_right(cum_weights, x, 0, hi)
                let idx = cum_weights[..hi].partition_point(|c| *c <= x);
                population[idx].clone()
            })
            .collect()
    }

    /// `uniform(a, b)`: `a + (b - a) * random()`.
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// `triangular(low, high, mode)` (`mode=None` is `None`).
    pub fn triangular(&mut self, low: f64, high: f64, mode: Option<f64>) -> f64 {
        let mut u = self.random();
        let mut c = match mode {
            None => 0.5,
            Some(m) => {
                if high - low == 0.0 {
                    return low;
                }
                (m - low) / (high - low)
            }
        };
        let (mut low, mut high) = (low, high);
        if u > c {
            u = 1.0 - u;
            c = 1.0 - c;
            std::mem::swap(&mut low, &mut high);
        }
        low + (high - low) * (u * c).sqrt()
    }

    /// `expovariate(lambd)`; `lambd == 0` raises `ZeroDivisionError`.
    pub fn expovariate(&mut self, lambd: f64) -> f64 {
        let x = -(1.0 - self.random()).ln();
        if lambd == 0.0 {
            raise("ZeroDivisionError", "float division by zero");
        }
        x / lambd
    }

    /// `gauss(mu, sigma)`: CPython's Box-Muller variant, which caches the
    /// second value for the next call (the cache is cleared by `seed`).
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * std::f64::consts::TAU;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }
}

fn floor_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

thread_local! {
    static DEFAULT: RefCell<Option<Random>> = const { RefCell::new(None) };
}

fn with_default<R>(f: impl FnOnce(&mut Random) -> R) -> R {
    // Take the generator out while `f` runs so that a raise inside `f`
    // cannot leave the RefCell borrowed.
    let r = DEFAULT
        .with(|d| d.borrow_mut().take())
        .unwrap_or_else(Random::new_from_entropy);
    struct PutBack(Option<Random>);
    impl Drop for PutBack {
        fn drop(&mut self) {
            if let Some(r) = self.0.take() {
                DEFAULT.with(|d| *d.borrow_mut() = Some(r));
            }
        }
    }
    let mut guard = PutBack(Some(r));
    match guard.0.as_mut() {
        Some(r) => f(r),
        None => unreachable!(),
    }
}

/// `random.seed(n)` for the module-level default generator.
pub fn seed(n: i64) {
    DEFAULT.with(|d| *d.borrow_mut() = Some(Random::new_seeded(n)));
}

/// `random.seed()` (no argument): reseeds the default generator from OS entropy.
pub fn seed_from_entropy() {
    DEFAULT.with(|d| *d.borrow_mut() = Some(Random::new_from_entropy()));
}

/// `random.random()`.
pub fn random() -> f64 {
    with_default(|r| r.random())
}

/// `random.getrandbits(k)` (see [`Random::getrandbits`]).
pub fn getrandbits(k: i64) -> i64 {
    with_default(|r| r.getrandbits(k))
}

/// `random.randint(a, b)`.
pub fn randint(a: i64, b: i64) -> i64 {
    with_default(|r| r.randint(a, b))
}

/// `random.randrange(start, stop, step)`.
pub fn randrange(start: i64, stop: i64, step: i64) -> i64 {
    with_default(|r| r.randrange(start, stop, step))
}

/// `random.randrange(stop)`.
pub fn randrange_stop(stop: i64) -> i64 {
    with_default(|r| r.randrange_stop(stop))
}

/// `random.choice(seq)`.
pub fn choice<T: Clone>(seq: &[T]) -> T {
    with_default(|r| r.choice(seq))
}

/// `random.shuffle(x)`.
pub fn shuffle<T>(x: &mut [T]) {
    with_default(|r| r.shuffle(x))
}

/// `random.sample(population, k)`.
pub fn sample<T: Clone>(population: &[T], k: i64) -> Vec<T> {
    with_default(|r| r.sample(population, k))
}

/// `random.choices(population, k=k)`.
pub fn choices<T: Clone>(population: &[T], k: i64) -> Vec<T> {
    with_default(|r| r.choices(population, k))
}

/// `random.choices(population, weights, k=k)`.
pub fn choices_weighted<T: Clone>(population: &[T], weights: &[f64], k: i64) -> Vec<T> {
    with_default(|r| r.choices_weighted(population, weights, k))
}

/// `random.uniform(a, b)`.
pub fn uniform(a: f64, b: f64) -> f64 {
    with_default(|r| r.uniform(a, b))
}

/// `random.triangular(low, high, mode)`.
pub fn triangular(low: f64, high: f64, mode: Option<f64>) -> f64 {
    with_default(|r| r.triangular(low, high, mode))
}

/// `random.expovariate(lambd)`.
pub fn expovariate(lambd: f64) -> f64 {
    with_default(|r| r.expovariate(lambd))
}

/// `random.gauss(mu, sigma)`.
pub fn gauss(mu: f64, sigma: f64) -> f64 {
    with_default(|r| r.gauss(mu, sigma))
}
