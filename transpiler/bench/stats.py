"""Sample statistics for benchmark timings: the median with a distribution-free 95% confidence interval.

The interval comes from order statistics: for n independent samples of a continuous distribution, the number
of samples below the true median is Binomial(n, 1/2), so the interval [x_(l), x_(u)] (1-based order statistics)
covers the median with probability P(l <= B < u) for B ~ Binomial(n, 1/2). We choose the narrowest symmetric
pair whose coverage is at least the requested level; with fewer than 6 samples no pair reaches 95% and the
interval is [min, max] with its (lower) exact coverage reported.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Summary:
    """The median of some samples, its confidence interval and the interval's exact coverage."""

    n: int
    median: float
    low: float
    high: float
    coverage: float  # the exact probability that [low, high] covers the true median (order statistics)
    mean: float
    minimum: float
    maximum: float

    def to_json(self) -> dict[str, float | int]:
        return {"n": self.n, "median": self.median, "ci_low": self.low, "ci_high": self.high,
                "ci_coverage": round(self.coverage, 4), "mean": self.mean, "min": self.minimum,
                "max": self.maximum}

    @staticmethod
    def from_json(data: dict[str, float | int]) -> Summary:
        return Summary(int(data["n"]), float(data["median"]), float(data["ci_low"]), float(data["ci_high"]),
                       float(data["ci_coverage"]), float(data["mean"]), float(data["min"]), float(data["max"]))


def binomial_cdf(k: int, n: int) -> Fraction:
    """P(B <= k) for B ~ Binomial(n, 1/2), exactly."""
    if k < 0:
        return Fraction(0)
    k = min(k, n)
    return Fraction(sum(math.comb(n, i) for i in range(k + 1)), 2**n)


def median_ci_ranks(n: int, level: float = 0.95) -> tuple[int, int, float]:
    """1-based ranks (l, u) with P(x_(l) <= median <= x_(u)) >= level, and that exact coverage.

    The coverage of [x_(l), x_(n+1-l)] is 1 - 2 P(B <= l - 1). We take the largest l that keeps the coverage at
    or above `level`; when even l = 1 does not reach it, (1, n) and its coverage are returned.
    """
    if n <= 0:
        raise ValueError("no samples")
    best = 1
    for lo in range(1, n // 2 + 1):
        cover = 1 - 2 * binomial_cdf(lo - 1, n)
        if cover >= level:
            best = lo
        else:
            break
    cover = 1 - 2 * binomial_cdf(best - 1, n)
    return best, n + 1 - best, float(cover)


def median_ci(samples: list[float], level: float = 0.95) -> tuple[float, float, float]:
    """(low, high, coverage): the order-statistics confidence interval of the median of `samples`."""
    xs = sorted(samples)
    lo, hi, cover = median_ci_ranks(len(xs), level)
    return xs[lo - 1], xs[hi - 1], cover


def summarize(samples: list[float], level: float = 0.95) -> Summary:
    """Median, confidence interval and a few more numbers of a non-empty list of samples."""
    if not samples:
        raise ValueError("no samples")
    low, high, cover = median_ci(samples, level)
    return Summary(len(samples), statistics.median(samples), low, high, cover, statistics.fmean(samples),
                   min(samples), max(samples))


def change_percent(new: Summary, old: Summary, noise: float = 2.0) -> tuple[float, str]:
    """The change of the median in percent, and a verdict in the manner of Criterion.

    "no change" when the two confidence intervals overlap or the change is within the noise threshold
    (percent, Criterion's default 2%), else "regressed" / "improved" for times (a larger value is worse).
    Callers with higher-is-better quantities swap the words.
    """
    pct = (new.median - old.median) / old.median * 100.0 if old.median else math.inf
    if (new.low <= old.high and old.low <= new.high) or abs(pct) < noise:
        return pct, "no change"
    return pct, "regressed" if new.median > old.median else "improved"
