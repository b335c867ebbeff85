//! The `cuda` feature: cuBLAS matmul and NVRTC elementwise kernels through cudarc, loaded at run
//! time. Without a GPU (or without the CUDA libraries) every entry point runs the CPU path.

use crate::Array;
use cudarc::cublas::{CudaBlas, Gemm, GemmConfig};
use cudarc::driver::{CudaContext, LaunchConfig, PushKernelArg};
use std::sync::{Arc, OnceLock};

/// Sizes (m*n*k) below which the transfer costs more than the GPU saves.
const GPU_MATMUL_MIN: usize = 256 * 256 * 256;

fn context() -> Option<Arc<CudaContext>> {
    static CTX: OnceLock<Option<Arc<CudaContext>>> = OnceLock::new();
    CTX.get_or_init(|| {
        // cudarc's dynamic loading panics when libcuda is absent: that means "no GPU" here. The panic is
        // expected, so the hook that would print it is swapped out while it happens.
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let ctx = std::panic::catch_unwind(|| CudaContext::new(0).ok())
            .ok()
            .flatten();
        std::panic::set_hook(hook);
        ctx
    })
    .clone()
}

/// True when a CUDA device could be opened.
pub fn available() -> bool {
    context().is_some()
}

fn gpu_matmul(
    ctx: &Arc<CudaContext>,
    m: usize,
    k: usize,
    n: usize,
    a: &[f64],
    b: &[f64],
) -> Option<Vec<f64>> {
    let stream = ctx.default_stream();
    let blas = CudaBlas::new(stream.clone()).ok()?;
    let da = stream.memcpy_stod(a).ok()?;
    let db = stream.memcpy_stod(b).ok()?;
    let mut dc = stream.alloc_zeros::<f64>(m * n).ok()?;
    // Row-major C = A B is column-major C^T = B^T A^T: swap the operands.
    let cfg = GemmConfig {
        transa: cudarc::cublas::sys::cublasOperation_t::CUBLAS_OP_N,
        transb: cudarc::cublas::sys::cublasOperation_t::CUBLAS_OP_N,
        m: n as i32,
        n: m as i32,
        k: k as i32,
        alpha: 1.0,
        lda: n as i32,
        ldb: k as i32,
        beta: 0.0,
        ldc: n as i32,
    };
    // SAFETY: the device buffers hold exactly the sizes the configuration describes.
    unsafe { blas.gemm(cfg, &db, &da, &mut dc) }.ok()?;
    stream.memcpy_dtov(&dc).ok()
}

/// Row-major `a (m x k) @ b (k x n)` by cuBLAS when the product is large enough and a GPU opens; None otherwise.
/// `linalg::matmul` (what generated code calls for `@`) tries this first when the feature is on.
pub(crate) fn try_gemm(m: usize, k: usize, n: usize, a: &[f64], b: &[f64]) -> Option<Vec<f64>> {
    if m * k * n < GPU_MATMUL_MIN {
        return None;
    }
    gpu_matmul(&context()?, m, k, n, a, b)
}

/// `a @ b` on the GPU for large 2-d operands, on the CPU otherwise.
pub fn matmul(a: &Array<f64>, b: &Array<f64>) -> Array<f64> {
    if a.ndim() == 2 && b.ndim() == 2 && a.shape()[1] == b.shape()[0] {
        let (m, k, n) = (a.shape()[0], a.shape()[1], b.shape()[1]);
        if m * k * n >= GPU_MATMUL_MIN {
            if let Some(ctx) = context() {
                let a2 = a.as_standard_layout();
                let b2 = b.as_standard_layout();
                if let (Some(x), Some(y)) = (a2.as_slice(), b2.as_slice()) {
                    if let Some(c) = gpu_matmul(&ctx, m, k, n, x, y) {
                        return Array::from_shape_vec(ndarray::IxDyn(&[m, n]), c)
                            .expect("matmul shape");
                    }
                }
            }
        }
    }
    crate::linalg::matmul(a, b)
}

const SQDIST_SRC: &str = r#"
extern "C" __global__ void sqdist(const double* p, const double* c, double* out, int n, int k, int d) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n * k) return;
    int row = i / k, col = i % k;
    double s = 0.0;
    for (int j = 0; j < d; j++) { double t = p[row * d + j] - c[col * d + j]; s += t * t; }
    out[i] = s;
}
"#;

fn gpu_sqdist(
    ctx: &Arc<CudaContext>,
    p: &[f64],
    c: &[f64],
    n: usize,
    k: usize,
    d: usize,
) -> Option<Vec<f64>> {
    let ptx = cudarc::nvrtc::compile_ptx(SQDIST_SRC).ok()?;
    let module = ctx.load_module(ptx).ok()?;
    let f = module.load_function("sqdist").ok()?;
    let stream = ctx.default_stream();
    let dp = stream.memcpy_stod(p).ok()?;
    let dc = stream.memcpy_stod(c).ok()?;
    let mut out = stream.alloc_zeros::<f64>(n * k).ok()?;
    let (ni, ki, di) = (n as i32, k as i32, d as i32);
    let mut launch = stream.launch_builder(&f);
    launch
        .arg(&dp)
        .arg(&dc)
        .arg(&mut out)
        .arg(&ni)
        .arg(&ki)
        .arg(&di);
    // SAFETY: the kernel reads n*d and k*d doubles and writes n*k, the sizes allocated above.
    unsafe { launch.launch(LaunchConfig::for_num_elems((n * k) as u32)) }.ok()?;
    stream.memcpy_dtov(&out).ok()
}

/// Squared distances between every row of `points` (n, d) and every row of `centers` (k, d): (n, k).
/// The k-means kernel; an NVRTC kernel on the GPU, broadcasting on the CPU.
pub fn sqdist(points: &Array<f64>, centers: &Array<f64>) -> Array<f64> {
    let (n, d) = (points.shape()[0], points.shape()[1]);
    let k = centers.shape()[0];
    if let Some(ctx) = context() {
        let p = points.as_standard_layout();
        let c = centers.as_standard_layout();
        if let (Some(ps), Some(cs)) = (p.as_slice(), c.as_slice()) {
            if let Some(v) = gpu_sqdist(&ctx, ps, cs, n, k, d) {
                return Array::from_shape_vec(ndarray::IxDyn(&[n, k]), v).expect("sqdist shape");
            }
        }
    }
    let mut out = Array::<f64>::zeros(ndarray::IxDyn(&[n, k]));
    for i in 0..n {
        for j in 0..k {
            let mut s = 0.0;
            for t in 0..d {
                let x = points[[i, t]] - centers[[j, t]];
                s += x * x;
            }
            out[[i, j]] = s;
        }
    }
    out
}
