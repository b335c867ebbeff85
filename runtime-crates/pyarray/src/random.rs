//! `np.random.default_rng(seed)`: PCG64 seeded through numpy's SeedSequence, with numpy's algorithms
//! for `random()` (53-bit doubles) and `integers()` (Lemire's bounded draws on buffered 32-bit or
//! 64-bit outputs), so seeded draws equal numpy's. `normal()` (numpy's ziggurat) is not provided yet.

use crate::Array;
use ndarray::IxDyn;

const MULT: u128 = (2549297995355413924u128 << 64) + 4865540595714422341u128;

/// numpy's `Generator` over the PCG64 bit generator.
#[derive(Clone, Debug)]
pub struct Generator {
    state: u128,
    inc: u128,
    has_u32: bool,
    u32_buf: u32,
}

/// numpy's SeedSequence(seed).generate_state(n_words, uint64).
pub fn seed_sequence(seed: u128, n_words: usize) -> Vec<u64> {
    const INIT_A: u32 = 0x43b0d7e5;
    const MULT_A: u32 = 0x931e8875;
    const INIT_B: u32 = 0x8b51f9dd;
    const MULT_B: u32 = 0x58f38ded;
    const MIX_L: u32 = 0xca01f9dd;
    const MIX_R: u32 = 0x4973f715;
    let mut entropy = Vec::new();
    let mut s = seed;
    loop {
        entropy.push(s as u32);
        s >>= 32;
        if s == 0 {
            break;
        }
    }
    let mut hc = INIT_A;
    let mut hashmix = |v: u32| -> u32 {
        let mut v = v ^ hc;
        hc = hc.wrapping_mul(MULT_A);
        v = v.wrapping_mul(hc);
        v ^ (v >> 16)
    };
    let mix = |x: u32, y: u32| -> u32 {
        let r = MIX_L.wrapping_mul(x).wrapping_sub(MIX_R.wrapping_mul(y));
        r ^ (r >> 16)
    };
    let mut pool = [0u32; 4];
    for (i, p) in pool.iter_mut().enumerate() {
        *p = hashmix(entropy.get(i).copied().unwrap_or(0));
    }
    for src in 0..4 {
        for dst in 0..4 {
            if src != dst {
                let h = hashmix(pool[src]);
                pool[dst] = mix(pool[dst], h);
            }
        }
    }
    for &e in entropy.iter().skip(4) {
        for slot in pool.iter_mut() {
            let h = hashmix(e);
            *slot = mix(*slot, h);
        }
    }
    let mut h = INIT_B;
    let words: Vec<u32> = (0..n_words * 2)
        .map(|i| {
            let mut v = pool[i % 4] ^ h;
            h = h.wrapping_mul(MULT_B);
            v = v.wrapping_mul(h);
            v ^ (v >> 16)
        })
        .collect();
    (0..n_words)
        .map(|i| words[2 * i] as u64 | (words[2 * i + 1] as u64) << 32)
        .collect()
}

/// `np.random.default_rng(seed)`.
pub fn default_rng(seed: i64) -> Generator {
    if seed < 0 {
        crate::value_error("expected non-negative integer".into());
    }
    let v = seed_sequence(seed as u128, 4);
    let initstate = (v[0] as u128) << 64 | v[1] as u128;
    let initseq = (v[2] as u128) << 64 | v[3] as u128;
    let mut g = Generator {
        state: 0,
        inc: (initseq << 1) | 1,
        has_u32: false,
        u32_buf: 0,
    };
    g.step();
    g.state = g.state.wrapping_add(initstate);
    g.step();
    g
}

impl Generator {
    #[inline]
    fn step(&mut self) {
        self.state = self.state.wrapping_mul(MULT).wrapping_add(self.inc);
    }

    /// The next raw 64-bit output (XSL-RR).
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.step();
        let s = self.state;
        ((s >> 64) as u64 ^ s as u64).rotate_right((s >> 122) as u32)
    }

    #[inline]
    fn next_u32(&mut self) -> u32 {
        if self.has_u32 {
            self.has_u32 = false;
            return self.u32_buf;
        }
        let v = self.next_u64();
        self.has_u32 = true;
        self.u32_buf = (v >> 32) as u32;
        v as u32
    }

    /// `rng.random()`: a double in [0, 1).
    #[inline]
    pub fn random(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9007199254740992.0)
    }

    /// `rng.random(size)`.
    pub fn random_n(&mut self, shape: &[usize]) -> Array<f64> {
        let n: usize = shape.iter().product();
        let v: Vec<f64> = (0..n).map(|_| self.random()).collect();
        Array::from_shape_vec(IxDyn(shape), v).expect("shape")
    }

    /// `rng.uniform(low, high)`.
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.random()
    }

    pub fn uniform_n(&mut self, low: f64, high: f64, shape: &[usize]) -> Array<f64> {
        let n: usize = shape.iter().product();
        let v: Vec<f64> = (0..n).map(|_| self.uniform(low, high)).collect();
        Array::from_shape_vec(IxDyn(shape), v).expect("shape")
    }

    fn bounded(&mut self, rng: u64) -> u64 {
        if rng == 0 {
            0
        } else if rng <= 0xFFFF_FFFF {
            if rng == 0xFFFF_FFFF {
                return self.next_u32() as u64;
            }
            let excl = rng as u32 + 1;
            let mut m = self.next_u32() as u64 * excl as u64;
            let mut left = m as u32;
            if left < excl {
                let threshold = (u32::MAX - rng as u32) % excl;
                while left < threshold {
                    m = self.next_u32() as u64 * excl as u64;
                    left = m as u32;
                }
            }
            m >> 32
        } else if rng == u64::MAX {
            self.next_u64()
        } else {
            let excl = rng + 1;
            let mut m = self.next_u64() as u128 * excl as u128;
            let mut left = m as u64;
            if left < excl {
                let threshold = (u64::MAX - rng) % excl;
                while left < threshold {
                    m = self.next_u64() as u128 * excl as u128;
                    left = m as u64;
                }
            }
            (m >> 64) as u64
        }
    }

    /// `rng.integers(low, high)`: an int64 in [low, high).
    pub fn integers(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            crate::value_error("low >= high".into());
        }
        let rng = (high as i128 - 1 - low as i128) as u64;
        (low as i128 + self.bounded(rng) as i128) as i64
    }

    /// `rng.integers(low, high, size)`.
    pub fn integers_n(&mut self, low: i64, high: i64, shape: &[usize]) -> Array<i64> {
        let n: usize = shape.iter().product();
        let v: Vec<i64> = (0..n).map(|_| self.integers(low, high)).collect();
        Array::from_shape_vec(IxDyn(shape), v).expect("shape")
    }
}
