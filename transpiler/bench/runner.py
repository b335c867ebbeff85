"""`transpile bench PATH`: find the bench.toml files, build, check, measure, and write the report."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from transpiler.bench import build as B
from transpiler.bench import serve as S
from transpiler.bench.measure import MeasureConfig, Side, first_difference, measure_interleaved, run_once
from transpiler.bench.results import OK, BenchRun, SideResult, WorkloadResult
from transpiler.bench.stats import summarize
from transpiler.bench.workloads import BenchConfigError, Workload, expand, find_bench_files, load_bench_file

SPEED_KINDS = ["python", "numpy", "c", "shell", "mixed"]


@dataclass
class Options:
    path: Path
    report: Path
    smoke: bool = False
    baseline: str | None = None
    save_baseline: str | None = None
    only: str | None = None
    jobs: int = 1
    min_iters: int | None = None
    min_time: float | None = None
    json: bool = False
    speed: bool = True  # measure transpilation speed too
    command: str = ""  # the command line, for the report
    simd: bool = True  # build and measure the target-cpu=native column (the tests skip it to save a build)

    def measure_config(self) -> MeasureConfig:
        if self.smoke:
            return MeasureConfig(warmup=1, min_iters=self.min_iters or 3,
                                 min_time=self.min_time if self.min_time is not None else 5.0, floor=1)
        return MeasureConfig(warmup=5, min_iters=self.min_iters or 100,
                             min_time=self.min_time if self.min_time is not None else 10.0, floor=3)


def _log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def baselines_dir() -> Path:
    return Path("target") / "bench-baselines"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "workload"


def select(workloads: list[Workload], pattern: str | None) -> list[Workload]:
    """Workloads whose name or example folder matches `pattern`: comma-separated globs, or else case-insensitive
    substrings; a workload matching any of them is kept."""
    if not pattern:
        return workloads
    pats = [p.strip() for p in pattern.lower().split(",") if p.strip()]
    out = []
    for w in workloads:
        names = [w.name.lower(), w.example.name.lower(), w.key.lower()]
        if any(fnmatch.fnmatch(n, pat) or pat in n for n in names for pat in pats):
            out.append(w)
    return out


def load_all(path: Path) -> list[Workload]:
    files = find_bench_files(path)
    if not files:
        raise BenchConfigError(path, 1, 1, f"no bench.toml found at or below {path}")
    workloads: list[Workload] = []
    for f in files:
        workloads.extend(load_bench_file(f))
    return workloads


def run(opts: Options) -> int:
    """The whole command; returns the exit status."""
    from transpiler.bench import report

    opts.report = opts.report.resolve()  # programs run with cwd {data}: every path handed to them is absolute
    if shutil.which("cargo") is None:
        print("transpile bench: cargo not found: install Rust stable (rustup) to build the Rust side", file=sys.stderr)
        return 1
    try:
        workloads = load_all(opts.path)
    except BenchConfigError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    for w in workloads:
        for warning in w.warnings:
            print(warning, file=sys.stderr)
    workloads = select(workloads, opts.only)
    speed_selected = opts.speed and (not opts.only or any(k in opts.only.lower() for k in ("speed", "transpil")))
    if not workloads and not speed_selected:
        print(f"transpile bench: no workload matches --only {opts.only!r}", file=sys.stderr)
        return 1
    if opts.smoke:
        workloads = [w.for_smoke() for w in workloads]
    baseline_run: BenchRun | None = None
    if opts.baseline:
        bpath = baselines_dir() / f"{opts.baseline}.json"
        if not bpath.is_file():
            print(f"transpile bench: no saved baseline {opts.baseline!r} ({bpath}); save one with "
                  f"--save-baseline {opts.baseline}", file=sys.stderr)
            return 1
        baseline_run = BenchRun.from_json(json.loads(bpath.read_text()))
    opts.report.mkdir(parents=True, exist_ok=True)
    cfg = opts.measure_config()
    bench = BenchRun(report.hardware_info(), {
        "smoke": opts.smoke, "warmup": cfg.warmup, "min_iters": cfg.min_iters, "min_time_s": cfg.min_time,
        "floor": cfg.floor, "load_generator": S.load_tool(), "command": opts.command or f"bench {opts.path}",
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    })
    variants = ["scalar"] + (["simd"] if opts.simd else []) + (["gpu"] if B.gpu_available() else [])
    by_example: dict[Path, list[Workload]] = {}
    for w in workloads:
        by_example.setdefault(w.example, []).append(w)
    for example, ws in by_example.items():
        work = opts.report / "work" / example.name
        _log(f"{example.name}: transpile")
        prep = B.transpile_entries(example, sorted({w.entry for w in ws}), work, opts.jobs)
        for variant in variants:
            _log(f"{example.name}: cargo build --release ({variant})")
            B.build_variant(prep, variant, work, opts.jobs)
        for w in ws:
            res = measure_workload(w, prep, work, cfg, opts, variants)
            _log(f"{w.key}: {res.status}" + (f" ({res.detail})" if res.detail else "") + " " + _brief(res))
            bench.workloads.append(res)
    if speed_selected:
        from transpiler.bench.speed import measure_speed

        bench.speed = measure_speed(SPEED_KINDS, opts.jobs, opts.smoke, 1 if opts.smoke else 3, _log)
    bench.config["finished"] = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    bench.hardware["load average (end)"] = report.loadavg()
    data = bench.to_json()
    (opts.report / "results.json").write_text(json.dumps(data, indent=1))
    if opts.save_baseline:
        bdir = baselines_dir()
        bdir.mkdir(parents=True, exist_ok=True)
        (bdir / f"{opts.save_baseline}.json").write_text(json.dumps(data, indent=1))
        _log(f"saved baseline {opts.save_baseline!r} to {bdir / (opts.save_baseline + '.json')}")
    md = report.write_report(bench, opts.report, baseline_run, opts.baseline)
    _log(f"wrote {md}")
    if opts.json:
        print(json.dumps(data, indent=1))
    else:
        print(md.read_text())
    return 0 if all(w.status == OK for w in bench.workloads) else 1


def _brief(res: WorkloadResult) -> str:
    parts = []
    for name, side in res.sides.items():
        if side.rps:
            parts.append(f"{name} {side.rps.median:,.0f} req/s")
        elif side.wall:
            parts.append(f"{name} {side.wall.median * 1000:.1f} ms")
        if side.rss_kb:
            parts.append(f"{side.rss_kb.median / 1024:.1f} MB")
    return ", ".join(parts)


def _original_label(w: Workload) -> str:
    if w.is_server and w.baseline:
        return " ".join(w.baseline)
    return {"python": "python3", "c": "gcc -O2", "shell": "bash"}[w.kind]


def measure_workload(w: Workload, prep: B.Prepared, work: Path, cfg: MeasureConfig, opts: Options,
                     variants: list[str]) -> WorkloadResult:
    res = WorkloadResult(w.key, w.name, w.table, w.example.name, _original_label(w), w.notes)
    if w.entry in prep.errors:
        res.status, res.detail = "error", prep.errors[w.entry]
        return res
    data = (work / "data" / _slug(w.name)).resolve()
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    if w.setup:
        proc = run_once(expand(w.setup, w.example, data), data, timeout=1800)
        if proc.returncode != 0:
            res.status = "error"
            res.detail = f"setup failed (exit {proc.returncode}): " + proc.stderr.decode(errors="replace")[-300:]
            return res
    rust = {v: prep.binaries.get(v, {}).get(w.entry) for v in variants}
    for v in ("scalar", "simd", "gpu"):
        if v != "scalar" and w.table != "compute":
            continue
        if v not in variants:
            res.sides[v] = SideResult(note="N/A (no GPU)" if v == "gpu" else "N/A")
        elif rust[v] is None:
            res.sides[v] = SideResult(note=prep.errors.get(f"{v}:{w.entry}", "not built"))
    if rust["scalar"] is None:
        res.status, res.detail = "error", prep.errors.get(f"scalar:{w.entry}", "the Rust binary was not built")
        return res
    if w.is_server:
        return measure_server(w, res, rust["scalar"], data, opts)
    prefix, why = B.build_original(w.example, w.entry, work)
    if prefix is None:
        res.status, res.detail = "error", why
        return res
    args = expand(w.args, w.example, data)
    stdin = Path(expand([w.stdin], w.example, data)[0]) if w.stdin else None
    if stdin is not None and not stdin.is_file():
        res.status, res.detail = "error", f"stdin file {stdin} does not exist (did the setup make it?)"
        return res
    sides = [Side("original", (*prefix, *args), data, stdin=stdin)]
    for v, exe in rust.items():
        if exe is not None and (v == "scalar" or w.table == "compute"):
            sides.append(Side(v, (str(exe), *args), data, stdin=stdin))
    # correctness first: the original's output is the reference; a Rust side that differs is not timed
    ref = run_once(sides[0].argv, data, timeout=cfg.timeout, stdin=stdin)
    if ref.returncode != 0:
        res.status = "error"
        res.detail = f"the original failed (exit {ref.returncode}): " + ref.stderr.decode(errors="replace")[-300:]
        return res
    kept = [sides[0]]
    for side in sides[1:]:
        out = run_once(side.argv, data, timeout=cfg.timeout, stdin=stdin)
        if out.returncode != 0 or out.stdout != ref.stdout:
            why = (f"exit status {out.returncode}" if out.returncode != 0
                   else first_difference(ref.stdout, out.stdout))
            res.sides[side.name] = SideResult(note=f"mismatch: {why}")
            if side.name == "scalar":
                res.status, res.detail = "mismatch", f"Rust output differs from the original's: {why}"
        else:
            kept.append(side)
    if len(kept) == 1:
        return res
    samples, problem = measure_interleaved(kept, cfg, ref.stdout)
    if problem:
        res.status, res.detail = "error", problem
    for side in kept:
        smp = samples[side.name]
        if smp.wall_s:
            res.sides[side.name] = SideResult(summarize(smp.wall_s), summarize([float(x) for x in smp.max_rss_kb]))
    res.extra["iterations"] = len(samples["original"].wall_s)
    return res


def measure_server(w: Workload, res: WorkloadResult, exe: Path, data: Path, opts: Options) -> WorkloadResult:
    """Requests per second (serve) or peak RSS with N open connections (memory), original vs Rust."""
    tool = S.load_tool()
    res.extra["load_generator"] = tool
    seconds = 1.0 if opts.smoke else max(opts.min_time if opts.min_time is not None else 10.0, 1.0)
    rounds = 1 if opts.smoke else 3
    conns = 16 if opts.smoke else 64
    if w.connections is not None:  # before the servers start: they inherit the limit and need one fd per connection
        S.raise_nofile(w.connections + 64)

    # correctness: both servers answer `path` with the same status and body
    bodies: dict[str, tuple[int, bytes]] = {}
    try:
        for name in ("original", "scalar"):
            p = S.free_port()
            with S.running_server(_with_port(w, name, exe, data, p), w.example if name == "original" else data, p):
                bodies[name] = S.http_get(p, w.path)
    except (S.ServerError, OSError) as exc:
        res.status, res.detail = "error", str(exc)
        return res
    if bodies["original"] != bodies["scalar"]:
        res.status = "mismatch"
        res.detail = (f"responses to GET {w.path} differ: status {bodies['original'][0]} vs {bodies['scalar'][0]}, "
                      f"{first_difference(bodies['original'][1], bodies['scalar'][1])}")
        return res
    rps: dict[str, list[float]] = {"original": [], "scalar": []}
    rss: dict[str, list[float]] = {"original": [], "scalar": []}
    try:
        for r in range(rounds):
            for name in (["original", "scalar"] if r % 2 == 0 else ["scalar", "original"]):
                p = S.free_port()
                cwd = w.example if name == "original" else data
                with S.running_server(_with_port(w, name, exe, data, p), cwd, p) as proc, \
                        S.RssSampler(proc.pid) as sampler:
                    if w.connections is not None:
                        n = min(w.connections, 100) if opts.smoke and "connections" not in w.smoke else w.connections
                        held = S.hold_connections(p, w.path, n, sampler, hold_s=0.5 if opts.smoke else 2.0)
                        res.extra[f"{name}_connections_opened"] = held.opened
                        res.extra[f"{name}_connections_failed"] = held.failed
                    else:
                        S.generate_load(p, w.path, min(seconds, 1.0), conns, 10**6, tool)  # warm-up, discarded
                        load = S.generate_load(p, w.path, seconds, conns, 10**7, tool)
                        rps[name].append(load.rps)
                        res.extra[f"{name}_errors"] = res.extra.get(f"{name}_errors", 0) + load.errors
                rss[name].append(float(sampler.peak_kb))
    except (S.ServerError, OSError) as exc:
        res.status, res.detail = "error", str(exc)
        return res
    for name in ("original", "scalar"):
        res.sides[name] = SideResult(rss_kb=summarize(rss[name]), rps=summarize(rps[name]) if rps[name] else None)
    res.extra["rounds"] = rounds
    res.extra["load_seconds"] = seconds
    res.extra["load_connections"] = conns
    return res


def _with_port(w: Workload, name: str, exe: Path, data: Path, port: int) -> list[str]:
    args = expand(w.args, w.example, data, port)
    if name == "original":
        return (expand(w.baseline, w.example, data, port) if w.baseline
                else [sys.executable, str(w.example / w.entry), *args])
    return [str(exe), *args]
