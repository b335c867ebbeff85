"""report.md: the four tables shaped like the seed's Appendix F, details, hardware, and baseline changes."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from transpiler.bench.results import OK, BenchRun, SideResult, WorkloadResult
from transpiler.bench.stats import Summary, change_percent

RUST_COLUMNS = (("scalar", "Rust (scalar)"), ("simd", "Rust (SIMD)"), ("gpu", "Rust (GPU)"))


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _cmd(argv: list[str]) -> str:
    if not shutil.which(argv[0]):
        return "not installed"
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (proc.stdout or proc.stderr).strip().splitlines()[0] if proc.returncode == 0 else "unavailable"


def hardware_info() -> dict[str, str]:
    """What the numbers were measured on: CPU model, cores, memory, GPU, OS and tool versions."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    gpu = _cmd(["nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader"])
    return {
        "CPU": model,
        "Cores": f"{os.cpu_count()} logical (usable by this process: {len(os.sched_getaffinity(0))})",
        "RAM": mem,
        "GPU": gpu if gpu not in ("not installed", "unavailable", "unknown") else f"none ({gpu}: nvidia-smi)",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "numpy": _cmd([sys.executable, "-c", "import numpy; print(numpy.__version__)"]),
        "rustc": _cmd(["rustc", "-V"]),
        "gcc": _cmd(["gcc", "--version"]),
        "bash": _cmd(["bash", "--version"]),
        "load average (start)": loadavg(),
    }


def fmt_time(s: float) -> str:
    ms = s * 1000
    if ms < 1:
        return f"{ms:.3f} ms"
    if ms < 10:
        return f"{ms:.2f} ms"
    if ms < 10_000:
        return f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms"
    return f"{s:.2f} s"


def fmt_ratio(r: float) -> str:
    if r >= 100:
        return f"{r:,.0f}x"
    if r >= 10:
        return f"{r:.0f}x"
    return f"{r:.2f}x" if r < 1 else f"{r:.1f}x"


def fmt_mb(kb: float) -> str:
    mb = kb / 1024
    if mb >= 1024:
        return f"{mb / 1024:.2f} GB"
    return f"{mb:.1f} MB" if mb >= 10 else f"{mb:.2f} MB"


def fmt_rps(v: float) -> str:
    return f"{v:,.0f} req/s"


def _status_cell(w: WorkloadResult) -> str:
    return f"{w.status}: {w.detail[:100]}" if w.detail else w.status


def _side_time(w: WorkloadResult, key: str) -> SideResult | None:
    s = w.sides.get(key)
    return s if s is not None and s.wall is not None else None


def speedups(w: WorkloadResult) -> dict[str, float]:
    """Original time / Rust time per Rust column (requests/s ratio for servers, RSS ratio for memory)."""
    out: dict[str, float] = {}
    orig = w.sides.get("original")
    if orig is None:
        return out
    for key, _ in RUST_COLUMNS:
        side = w.sides.get(key)
        if side is None:
            continue
        if w.table == "memory" and orig.rss_kb and side.rss_kb and side.rss_kb.median > 0:
            out[key] = orig.rss_kb.median / side.rss_kb.median
        elif orig.rps and side.rps and orig.rps.median > 0:
            out[key] = side.rps.median / orig.rps.median
        elif orig.wall and side.wall and side.wall.median > 0:
            out[key] = orig.wall.median / side.wall.median
    return out


def compute_table(ws: list[WorkloadResult]) -> list[str]:
    lines = ["| Workload | Original | Rust (scalar) | Rust (SIMD) | Rust (GPU) |",
             "|----------|----------|---------------|-------------|------------|"]
    for w in ws:
        orig = _side_time(w, "original")
        cells = [f"{w.name}", f"{fmt_time(orig.wall.median)} ({w.original})" if orig and orig.wall else
                 _status_cell(w)]
        sp = speedups(w)
        for key, _ in RUST_COLUMNS:
            side = w.sides.get(key)
            if side is not None and side.wall is not None:
                cells.append(f"{fmt_time(side.wall.median)} ({fmt_ratio(sp[key])})" if key in sp
                             else fmt_time(side.wall.median))
            else:
                cells.append(side.note if side is not None and side.note else "N/A")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def io_table(ws: list[WorkloadResult]) -> list[str]:
    lines = ["| Workload | Python | Rust | Speedup | Notes |", "|----------|--------|------|---------|-------|"]
    for w in ws:
        orig, rust = w.sides.get("original"), w.sides.get("scalar")
        notes = w.notes
        if w.table == "serve":
            notes = (notes + "; " if notes else "") + f"req/s, {w.extra.get('load_generator', '?')}, " \
                f"{w.extra.get('load_connections', '?')} connections"
        if w.status != OK and not (orig and rust and (orig.wall or orig.rps) and (rust.wall or rust.rps)):
            lines.append(f"| {w.name} | {_status_cell(w)} | - | - | {notes} |")
            continue
        assert orig is not None and rust is not None
        sp = speedups(w).get("scalar")
        if orig.rps and rust.rps:
            a, b = f"{orig.rps.median:,.0f}", f"{rust.rps.median:,.0f}"
        else:
            a = fmt_time(orig.wall.median) if orig.wall else "-"
            b = fmt_time(rust.wall.median) if rust.wall else "-"
        lines.append(f"| {w.name} | {a} | {b} | {fmt_ratio(sp) if sp else '-'} | {notes} |")
    return lines


def memory_table(ws: list[WorkloadResult]) -> list[str]:
    lines = ["| Workload | Python Peak RSS | Rust Peak RSS | Reduction |",
             "|----------|-----------------|---------------|-----------|"]
    for w in ws:
        orig, rust = w.sides.get("original"), w.sides.get("scalar")
        if not (orig and rust and orig.rss_kb and rust.rss_kb):
            lines.append(f"| {w.name} | {_status_cell(w)} | - | - |")
            continue
        name = w.name
        if w.extra.get("original_connections_opened") is not None:
            name += (f" ({w.extra['original_connections_opened']:,} / {w.extra.get('scalar_connections_opened', 0):,}"
                     " connections held)")
        lines.append(f"| {name} | {fmt_mb(orig.rss_kb.median)} | {fmt_mb(rust.rss_kb.median)} | "
                     f"{fmt_ratio(orig.rss_kb.median / rust.rss_kb.median)} |")
    return lines


def speed_table(run: BenchRun) -> list[str]:
    lines = ["| Source | Files | Lines | Transpile Time | Lines/sec |",
             "|--------|-------|-------|----------------|-----------|"]
    for s in run.speed:
        if s.error:
            lines.append(f"| {s.label} | {s.files} | {s.lines:,} | error: {s.error[:80]} | - |")
        else:
            lines.append(f"| {s.label} | {s.files} | {s.lines:,} | {s.seconds:.2f}s | {s.lines_per_s:,.0f} |")
    return lines


def _ci(s: Summary, fmt: str) -> str:
    if fmt == "time":
        return f"{fmt_time(s.median)} [{fmt_time(s.low)}, {fmt_time(s.high)}]"
    if fmt == "rss":
        return f"{fmt_mb(s.median)} [{fmt_mb(s.low)}, {fmt_mb(s.high)}]"
    return f"{s.median:,.0f} [{s.low:,.0f}, {s.high:,.0f}]"


def details_table(ws: list[WorkloadResult]) -> list[str]:
    lines = ["| Workload | Side | n | Median [95% CI] | CI coverage | Peak RSS median [95% CI] | Status |",
             "|----------|------|---|-----------------|-------------|--------------------------|--------|"]
    for w in ws:
        for key, side in w.sides.items():
            main = side.rps or side.wall
            label = f"{key} ({w.original})" if key == "original" else key
            if main is None and side.rss_kb is not None:  # a connections row: only the server's memory is measured
                lines.append(f"| {w.name} | {label} | {side.rss_kb.n} | - | {side.rss_kb.coverage:.1%} "
                             f"| {_ci(side.rss_kb, 'rss')} | {_status_cell(w)} |")
                continue
            if main is None:
                if side.note:
                    lines.append(f"| {w.name} | {key} | 0 | - | - | - | {side.note[:120]} |")
                continue
            unit = "rps" if side.rps else "time"
            rss = _ci(side.rss_kb, "rss") if side.rss_kb else "-"
            lines.append(f"| {w.name} | {label} | {main.n} | {_ci(main, unit)}{' req/s' if unit == 'rps' else ''} "
                         f"| {main.coverage:.1%} | {rss} | {_status_cell(w)} |")
    return lines


def baseline_table(run: BenchRun, old: BenchRun, name: str) -> list[str]:
    prev = {w.key: w for w in old.workloads}
    lines = [f"Change against the saved baseline `{name}` (median; \"no change\" when the 95% intervals overlap):",
             "", "| Workload | Side | Baseline | Now | Change | Verdict |",
             "|----------|------|----------|-----|--------|---------|"]
    for w in run.workloads:
        p = prev.get(w.key)
        if p is None:
            lines.append(f"| {w.name} | - | not in the baseline | - | - | - |")
            continue
        for key, side in w.sides.items():
            ps = p.sides.get(key)
            if ps is None:
                continue
            pairs: list[tuple[Summary | None, Summary | None, str]] = [(side.wall, ps.wall, "time")]
            if side.rps or ps.rps:
                pairs = [(side.rps, ps.rps, "rps")]
            elif w.table == "memory":
                pairs = [(side.rss_kb, ps.rss_kb, "rss"), (side.wall, ps.wall, "time")]
            for new, prv, unit in pairs:
                if new is None or prv is None:
                    continue
                pct, verdict = change_percent(new, prv)
                if unit == "rps" and verdict != "no change":
                    verdict = "improved" if verdict == "regressed" else "regressed"
                show = {"time": fmt_time, "rss": fmt_mb}.get(unit, fmt_rps)
                lines.append(f"| {w.name} | {key} | {show(prv.median)} | {show(new.median)} | {pct:+.1f}% | "
                             f"{verdict} |")
    for s in run.speed:
        ps2 = next((x for x in old.speed if x.kind == s.kind), None)
        if ps2 is not None and ps2.seconds > 0 and not s.error:
            lines.append(f"| transpile: {s.label} | - | {ps2.seconds:.2f}s | {s.seconds:.2f}s | "
                         f"{(s.seconds - ps2.seconds) / ps2.seconds * 100:+.1f}% | (one run each side) |")
    return lines


def write_report(run: BenchRun, out: Path, baseline: BenchRun | None = None, baseline_name: str | None = None) -> Path:
    from transpiler.bench import chart

    charts = chart.write_charts(run, out)
    compute = [w for w in run.workloads if w.table == "compute"]
    io = [w for w in run.workloads if w.table in ("io", "serve")]
    memory = [w for w in run.workloads if w.table == "memory"]
    cfg = run.config
    md: list[str] = ["# Benchmarks: original programs against their transpiled Rust", ""]
    md += [f"Command: `transpile {cfg.get('command', 'bench')}`, {cfg.get('started', '')} to "
           f"{cfg.get('finished', '')}." + (" **Smoke configuration: tiny inputs and iteration counts; the numbers "
                                            "say nothing about speed.**" if cfg.get("smoke") else ""), ""]
    md += [f"Method: {cfg.get('warmup')} warm-up runs discarded, then rounds until {cfg.get('min_iters')} "
           f"iterations or {cfg.get('min_time_s')} s (at least {cfg.get('floor')}); the original and the Rust "
           "binaries run interleaved, in a rotating order, so machine load hits all alike. Times are whole-process "
           "wall clock (start-up included); the median is shown, with its 95% confidence interval (order "
           "statistics) in the details. Peak RSS is ru_maxrss from wait4; for servers, the sum of VmHWM over the "
           "server's process tree. Each Rust binary's output was checked equal to the original's before timing.",
           ""]

    def section(title: str, table: list[str], png: str | None, empty: str) -> None:
        md.extend([f"## {title}", ""])
        if len(table) > 2:
            md.extend(table)
            if png:
                md.extend(["", f"![{title}]({png})"])
        else:
            md.append(empty)
        md.append("")

    section("Transpilation Speed", speed_table(run), charts.get("speed"),
            "_not measured in this run_")
    section("Compute-Intensive Workloads", compute_table(compute), charts.get("compute"),
            "_no compute workloads selected_")
    section("I/O-Intensive Workloads", io_table(io), charts.get("io"), "_no I/O or serve workloads selected_")
    section("Memory Usage Comparisons", memory_table(memory), charts.get("memory"),
            "_no memory workloads selected_")
    if baseline is not None and baseline_name:
        md += ["## Baseline comparison", ""] + baseline_table(run, baseline, baseline_name) + [""]
    md += ["## Details", ""] + details_table(run.workloads) + [""]
    md += ["## Hardware", "", "| Component | Specification |", "|-----------|---------------|"]
    md += [f"| {k} | {v} |" for k, v in run.hardware.items()]
    md += [f"| Load generator | {cfg.get('load_generator')} |", ""]
    path = out / "report.md"
    path.write_text("\n".join(md) + "\n")
    return path
