"""`transpile bench`: measure examples' original programs against their transpiled Rust binaries.

Modules: `workloads` reads `bench.toml` files, `measure` times processes (wall clock and peak RSS from
`os.wait4`), `stats` summarises samples (median with an order-statistics confidence interval), `serve` drives
servers with a load generator, `speed` measures transpilation speed on synthetic projects, `report` and `chart`
write the Markdown tables and PNG charts, and `runner` ties them together for the CLI.
"""

from __future__ import annotations

from transpiler.bench.stats import Summary, median_ci, summarize
from transpiler.bench.workloads import TABLES, BenchConfigError, Workload, find_bench_files, load_bench_file

__all__ = [
    "TABLES",
    "BenchConfigError",
    "Summary",
    "Workload",
    "find_bench_files",
    "load_bench_file",
    "median_ci",
    "summarize",
]
