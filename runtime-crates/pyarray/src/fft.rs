//! `np.fft.fft`, `ifft` and `rfft` over rustfft: numpy's layout (rfft keeps n/2+1 bins) and
//! normalisation ("backward": forward unscaled, inverse divided by n).

use crate::{Array, Complex64};
use rustfft::FftPlanner;

fn run(mut buf: Vec<Complex64>, inverse: bool) -> Vec<Complex64> {
    let n = buf.len();
    if n == 0 {
        crate::value_error("Invalid number of FFT data points (0) specified.".into());
    }
    let mut planner = FftPlanner::<f64>::new();
    let plan = if inverse {
        planner.plan_fft_inverse(n)
    } else {
        planner.plan_fft_forward(n)
    };
    plan.process(&mut buf);
    if inverse {
        let s = 1.0 / n as f64;
        for z in &mut buf {
            *z *= s;
        }
    }
    buf
}

/// FFT of a real 1-d array.
pub fn fft(a: &Array<f64>) -> Array<Complex64> {
    crate::create::from_vec(run(
        a.iter().map(|&x| Complex64::new(x, 0.0)).collect(),
        false,
    ))
}

/// FFT of a complex 1-d array.
pub fn fft_c(a: &Array<Complex64>) -> Array<Complex64> {
    crate::create::from_vec(run(a.iter().copied().collect(), false))
}

/// Inverse FFT (divided by n, numpy's default "backward" normalisation).
pub fn ifft(a: &Array<Complex64>) -> Array<Complex64> {
    crate::create::from_vec(run(a.iter().copied().collect(), true))
}

/// Real-input FFT: the n/2+1 non-negative frequency terms.
pub fn rfft(a: &Array<f64>) -> Array<Complex64> {
    let n = a.len();
    let full = run(a.iter().map(|&x| Complex64::new(x, 0.0)).collect(), false);
    crate::create::from_vec(full[..n / 2 + 1].to_vec())
}
