"""FFT of n seeded random points (default 2**20; argv: n reps), printed as checksums of the spectrum."""

import sys

import numpy as np


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 20
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = np.random.default_rng(1)
    x = rng.random(n) - 0.5
    spectrum = np.fft.fft(x)
    for _ in range(reps - 1):
        spectrum = np.fft.fft(x)
    mag = np.abs(spectrum)
    print(f"n={n} energy={mag.sum():.6e} peak={mag.max():.6e} dc={spectrum.real[0]:.6e}")
    back = np.fft.ifft(spectrum)
    err = np.abs(back.real - x).max()
    print("roundtrip ok" if err < 1e-9 else "roundtrip FAILED")
    half = np.fft.rfft(x)
    print(half.shape[0], f"{np.abs(half).sum():.6e}")


if __name__ == "__main__":
    main()
