"""PNG bar charts beside the report's tables: speedup per workload on a log scale (matplotlib, Agg backend)."""

from __future__ import annotations

import os
from pathlib import Path

from transpiler.bench.results import BenchRun


def write_charts(run: BenchRun, out: Path) -> dict[str, str]:
    """Write compute.png, io.png, memory.png and speed.png (those with data); returns table -> file name."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return {}
    from transpiler.bench.report import RUST_COLUMNS, speedups

    written: dict[str, str] = {}

    def bars(name: str, title: str, ylabel: str, labels: list[str], series: dict[str, list[float]]) -> None:
        if not labels or not any(v > 0 for vals in series.values() for v in vals):
            return
        fig, ax = plt.subplots(figsize=(max(6.0, 1.6 * len(labels) + 2), 4.2))
        width = 0.8 / max(len(series), 1)
        for i, (sname, vals) in enumerate(series.items()):
            xs = [j + (i - (len(series) - 1) / 2) * width for j in range(len(labels))]
            heights = [v if v > 0 else float("nan") for v in vals]
            rects = ax.bar(xs, heights, width, label=sname)
            ax.bar_label(rects, labels=[f"{v:.3g}x" if ylabel.endswith("(x)") else f"{v:,.0f}" if v > 0 else ""
                                        for v in vals], fontsize=7)
        ax.set_yscale("log")
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=15, ha="right", fontsize=8)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        if ylabel.endswith("(x)"):
            ax.axhline(1.0, color="grey", linewidth=0.8, linestyle="--")
        if len(series) > 1:
            ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / f"{name}.png", dpi=110)
        plt.close(fig)
        written[name] = f"{name}.png"

    compute = [w for w in run.workloads if w.table == "compute"]
    series = {label: [speedups(w).get(key, 0.0) for w in compute] for key, label in RUST_COLUMNS
              if any(key in speedups(w) for w in compute)}
    bars("compute", "Compute: speedup over the original (log scale)", "speedup (x)", [w.name for w in compute],
         series)
    io = [w for w in run.workloads if w.table in ("io", "serve")]
    bars("io", "I/O and serving: speedup over Python (log scale)", "speedup (x)", [w.name for w in io],
         {"Rust": [speedups(w).get("scalar", 0.0) for w in io]})
    mem = [w for w in run.workloads if w.table == "memory"]
    bars("memory", "Memory: peak RSS reduction (log scale)", "reduction (x)", [w.name for w in mem],
         {"Rust": [speedups(w).get("scalar", 0.0) for w in mem]})
    ok = [s for s in run.speed if not s.error]
    bars("speed", "Transpilation speed (log scale)", "lines per second", [s.label for s in ok],
         {"lines/s": [s.lines_per_s for s in ok]})
    return written
