"""`transpile bench`: statistics, bench.toml parsing, the serve path and a smoke run that writes the report."""

from __future__ import annotations

import json
import random
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from transpiler.bench import build as B
from transpiler.bench import serve as S
from transpiler.bench.measure import MeasureConfig, Side, measure_interleaved, run_once
from transpiler.bench.stats import binomial_cdf, change_percent, median_ci, median_ci_ranks, summarize
from transpiler.bench.workloads import BenchConfigError, expand, find_bench_files, load_bench_file

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "data" / "bench"

# ------------------------------------------------------------------ statistics


def test_binomial_cdf_exact() -> None:
    assert binomial_cdf(0, 3) == pytest.approx(1 / 8)
    assert binomial_cdf(1, 3) == pytest.approx(4 / 8)
    assert binomial_cdf(3, 3) == 1
    assert binomial_cdf(-1, 3) == 0


def test_ci_ranks_match_published_tables() -> None:
    # the classic order-statistics table for the median: n=10 -> (2, 9) with 97.9%, n=100 -> (40, 61) with 96.5%
    assert median_ci_ranks(10)[:2] == (2, 9)
    assert median_ci_ranks(10)[2] == pytest.approx(0.9785, abs=1e-4)
    assert median_ci_ranks(100)[:2] == (40, 61)
    assert median_ci_ranks(100)[2] == pytest.approx(0.9648, abs=1e-4)
    lo, hi, cover = median_ci_ranks(5)  # too few samples for 95%: the whole range, with its true coverage
    assert (lo, hi) == (1, 5)
    assert cover == pytest.approx(1 - 2 / 32)


@pytest.mark.parametrize("dist", ["uniform", "exponential", "lognormal"])
def test_ci_covers_the_true_median_about_95_percent_of_the_time(dist: str) -> None:
    rng = random.Random(1234)
    draw = {"uniform": lambda: rng.random(), "exponential": lambda: rng.expovariate(1.0),
            "lognormal": lambda: rng.lognormvariate(0.0, 1.0)}[dist]
    true_median = {"uniform": 0.5, "exponential": 0.6931471805599453, "lognormal": 1.0}[dist]
    trials, hits = 600, 0
    for _ in range(trials):
        lo, hi, cover = median_ci([draw() for _ in range(40)])
        assert cover >= 0.95
        hits += lo <= true_median <= hi
    # the exact coverage for n=40 is 96.2%; 600 trials put the observed rate within about +-2.5% of it
    assert 0.93 <= hits / trials <= 0.99


def test_summary_and_change_verdicts() -> None:
    s = summarize([5.0, 1.0, 3.0, 2.0, 4.0, 6.0, 7.0])
    assert (s.n, s.median, s.minimum, s.maximum) == (7, 4.0, 1.0, 7.0)
    assert s.low <= s.median <= s.high
    slow = summarize([10.0 + i * 0.01 for i in range(20)])
    fast = summarize([5.0 + i * 0.01 for i in range(20)])
    pct, verdict = change_percent(slow, fast)
    assert verdict == "regressed" and pct == pytest.approx((slow.median - fast.median) / fast.median * 100)
    assert change_percent(fast, slow)[1] == "improved"
    assert change_percent(fast, fast)[1] == "no change"
    exact = summarize([100.0] * 10)
    assert change_percent(summarize([101.0] * 10), exact) == (pytest.approx(1.0), "no change")  # within 2% noise
    assert change_percent(summarize([103.0] * 10), exact)[1] == "regressed"
    with pytest.raises(ValueError):
        summarize([])


# ------------------------------------------------------------------ bench.toml


def _write(tmp: Path, text: str, entry: str = "main.py") -> Path:
    (tmp / entry).write_text("print('x')\n")
    (tmp / "bench.toml").write_text(text)
    return tmp / "bench.toml"


def test_parse_every_table_kind(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[[workload]]
name = "C"
table = "compute"
entry = "main.py"
args = ["{data}/in.txt", "{example}/x"]
smoke = { args = ["1"] }

[[workload]]
name = "I"
table = "io"
entry = "main.py"
setup = ["python3", "{example}/gen.py", "{data}/f"]
notes = "n"

[[workload]]
name = "S"
table = "serve"
entry = "main.py"
args = ["{port}"]
baseline = ["gunicorn", "-b", "127.0.0.1:{port}", "app:app"]
path = "/hello/bench"

[[workload]]
name = "M"
table = "memory"
entry = "main.py"
connections = 10000
smoke = { connections = 100 }
""")
    c, i, s, m = load_bench_file(path)
    assert (c.table, c.args, c.for_smoke().args) == ("compute", ("{data}/in.txt", "{example}/x"), ("1",))
    assert expand(c.args, Path("/ex"), Path("/d")) == ["/d/in.txt", "/ex/x"]
    assert i.setup == ("python3", "{example}/gen.py", "{data}/f") and i.notes == "n" and not i.is_server
    assert s.is_server and s.path == "/hello/bench" and s.baseline is not None
    assert expand(s.baseline, tmp_path, tmp_path, 8080)[2] == "127.0.0.1:8080"
    assert m.is_server and m.connections == 10000 and m.for_smoke().connections == 100
    assert c.example == tmp_path.resolve() and c.line == 2 and m.line == 24


@pytest.mark.parametrize(("body", "line", "message"), [
    ('[[workload]]\nname = "x"\ntable = "cpu"\nentry = "main.py"\n', 3, "unknown table 'cpu'"),
    ('[[workload]]\nname = "x"\ntable = "io"\n', 1, "needs a 'entry' key"),
    ('[[workload]]\nname = "x"\ntable = "io"\nentry = "nope.py"\n', 4, "does not exist"),
    ('[[workload]]\nname = "x"\ntable = "io"\nentry = "main.py"\nargs = "a b"\n', 5, "must be a list of strings"),
    ('[[workload]]\nname = "x"\ntable = "io"\nentry = "main.py"\nconnections = 5\n', 5, "belongs to a table"),
    ('[[workload]]\nname = "x"\ntable = "io"\nentry = "main.py"\nsmoke = { name = "y" }\n', 5, "may override"),
    ('[[workload]]\nname = "x"\ntable = \n', 3, "invalid TOML"),
    ('[bench]\nx = 1\n', 1, "unknown top-level key 'bench'"),
])
def test_bad_bench_toml_is_a_located_error(tmp_path: Path, body: str, line: int, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(BenchConfigError) as info:
        load_bench_file(path)
    text = info.value.render()
    assert text.startswith(f"{path}:{line}:"), text
    assert "error: " in text and message in text
    if info.value.source_line:
        assert text.splitlines()[-1].strip() == "^"


def test_bad_table_name_through_the_cli(tmp_path: Path) -> None:
    _write(tmp_path, '[[workload]]\nname = "x"\ntable = "gpu"\nentry = "main.py"\n')
    proc = subprocess.run([sys.executable, "-m", "transpiler", "bench", str(tmp_path), "--report",
                           str(tmp_path / "r")], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1
    assert f"{tmp_path / 'bench.toml'}:3:9: error: unknown table 'gpu'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_keys_warn_and_bench_files_are_found(tmp_path: Path) -> None:
    ex = tmp_path / "examples" / "a"
    ex.mkdir(parents=True)
    _write(ex, '[[workload]]\nname = "x"\ntable = "io"\nentry = "main.py"\ntimeout = 5\n')
    (tmp_path / "examples" / "target").mkdir()
    (tmp_path / "examples" / "target" / "bench.toml").write_text("ignored")
    assert find_bench_files(tmp_path) == [ex / "bench.toml"]
    (w,) = load_bench_file(ex / "bench.toml")
    assert w.warnings and "unknown key 'timeout'" in w.warnings[0] and ":5:" in w.warnings[0]


def test_repository_bench_files_parse() -> None:
    files = find_bench_files(REPO / "examples")
    names = {w.name for f in files for w in load_bench_file(f)}
    assert {"Matrix multiply 1024x1024", "FFT 1M points", "K-means (10K pts, 10 clusters)",
            "Random Forest inference (1K)", "Idle process", "CSV parse 100MB", "JSON serialize 1M records",
            "File scan 10K files", "HTTP server (req/sec)", "Load 100MB dataset", "10K concurrent connections"} <= names


def test_only_takes_comma_separated_patterns() -> None:
    from transpiler.bench.runner import select

    ws = [w for f in find_bench_files(REPO / "examples") for w in load_bench_file(f)]
    picked = {w.example.name for w in select(ws, "io_*, flask_app,IDLE")}
    assert picked == {"io_csv", "io_json", "io_walk", "flask_app", "idle"}
    assert {w.name for w in select(ws, "10K concurrent")} == {"10K concurrent connections"}
    assert select(ws, None) == ws


# ------------------------------------------------------------------ measuring


def test_run_once_reports_the_programs_own_peak_rss(tmp_path: Path) -> None:
    big = run_once([sys.executable, "-c", "x = bytearray(60 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"],
                   tmp_path)
    small = run_once(["true"], tmp_path)
    assert big.returncode == 0 and small.returncode == 0
    assert big.max_rss_kb > 60 * 1024
    # `true` is tiny: its peak RSS must not include this (large) Python process's
    assert small.max_rss_kb < 8 * 1024, small.max_rss_kb
    assert run_once(["sleep", "5"], tmp_path, timeout=0.3).timed_out


def test_interleaved_measurement_stops_on_iterations_and_checks_output(tmp_path: Path) -> None:
    sides = [Side("original", ("echo", "hi"), tmp_path), Side("scalar", ("printf", "hi\\n"), tmp_path)]
    samples, problem = measure_interleaved(sides, MeasureConfig(warmup=1, min_iters=4, min_time=60.0, floor=1),
                                           b"hi\n")
    assert problem is None and len(samples["original"].wall_s) == 4 and len(samples["scalar"].max_rss_kb) == 4
    bad = [Side("original", ("echo", "hi"), tmp_path), Side("scalar", ("echo", "ho"), tmp_path)]
    _, problem = measure_interleaved(bad, MeasureConfig(warmup=0, min_iters=2, min_time=0.0, floor=1), b"hi\n")
    assert problem is not None and "output differs" in problem and "'ho'" in problem


def test_stdin_file_feeds_both_sides(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("a\nb\n")
    assert run_once(["wc", "-l"], tmp_path, stdin=tmp_path / "in.txt").stdout.strip() == b"2"
    assert run_once(["wc", "-l"], tmp_path).stdout.strip() == b"0"  # no stdin key: /dev/null
    sides = [Side("original", ("cat",), tmp_path, stdin=tmp_path / "in.txt"),
             Side("scalar", ("cat",), tmp_path, stdin=tmp_path / "in.txt")]
    samples, problem = measure_interleaved(sides, MeasureConfig(warmup=0, min_iters=2, min_time=0.0, floor=2),
                                           b"a\nb\n")
    assert problem is None and len(samples["scalar"].wall_s) == 2
    path = _write(tmp_path, '[[workload]]\nname = "x"\ntable = "compute"\nentry = "main.py"\n'
                            'stdin = "{data}/in.txt"\nsmoke = { stdin = "{data}/small.txt" }\n')
    (w,) = load_bench_file(path)
    assert w.stdin == "{data}/in.txt" and w.for_smoke().stdin == "{data}/small.txt"


def test_interleaved_measurement_stops_on_time(tmp_path: Path) -> None:
    sides = [Side("original", ("sleep", "0.05"), tmp_path)]
    samples, problem = measure_interleaved(sides, MeasureConfig(warmup=0, min_iters=1000, min_time=0.3, floor=2),
                                           None)
    assert problem is None and 2 <= len(samples["original"].wall_s) <= 10


# ------------------------------------------------------------------ serving


def _fixture_server(port: int) -> list[str]:
    return [sys.executable, str(FIXTURES / "serve_fixture" / "server.py"), str(port)]


def test_python_load_generator_and_connections_against_the_fixture() -> None:
    port = S.free_port()
    with S.running_server(_fixture_server(port), FIXTURES, port) as proc, S.RssSampler(proc.pid) as sampler:
        assert S.http_get(port, "/hello/x") == (200, b"hello /hello/x\n")
        load = S.generate_load(port, "/hello/x", 0.5, 4, 200, tool="python")
        assert load.tool == "python" and 0 < load.requests <= 200 + 4 and load.errors == 0 and load.rps > 0
        held = S.hold_connections(port, "/c", 50, sampler, hold_s=0.2)
        assert held.opened == 50 and held.failed == 0
        assert held.server_peak_kb > 5 * 1024  # a Python interpreter with 50 threads
    with pytest.raises(S.ServerError, match="exited with status"):
        with S.running_server([sys.executable, "-c", "raise SystemExit(3)"], FIXTURES, S.free_port()):
            pass


# ------------------------------------------------------------------ the command, end to end


@pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed")
def test_smoke_run_writes_the_four_tables_and_charts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     cargo_target_dir: Path) -> None:
    """`transpile bench --smoke` on examples/idle (transpiled and built for real) and the http.server fixture.

    http.server cannot be transpiled, so the fixture's "Rust" server is a stand-in: the same Python program behind
    an executable wrapper. That exercises the serve path (ports, load generator, RSS sampling, connections)
    end to end; the Flask example on its own branch brings a real axum binary.
    """
    from transpiler.bench import runner

    root = tmp_path / "examples"
    shutil.copytree(REPO / "examples" / "idle", root / "idle")
    shutil.copytree(FIXTURES / "serve_fixture", root / "serve_fixture")
    real_transpile, real_build = B.transpile_entries, B.build_variant

    def transpile_entries(example: Path, entries: list[str], work: Path, jobs: int) -> B.Prepared:
        if example.name != "serve_fixture":
            return real_transpile(example, entries, work, jobs)
        prep = B.Prepared(example)
        for e in entries:
            prep.workspaces[e] = work
        return prep

    def build_variant(prep: B.Prepared, variant: str, work: Path, jobs: int,
                      env_extra: dict[str, str] | None = None) -> None:
        if prep.example.name != "serve_fixture":
            real_build(prep, variant, work, jobs, env_extra)
            return
        stand_in = work / "bin" / variant / "server"
        stand_in.parent.mkdir(parents=True, exist_ok=True)
        stand_in.write_text(f"#!/bin/sh\nexec {sys.executable} {prep.example / 'server.py'} \"$@\"\n")
        stand_in.chmod(stand_in.stat().st_mode | stat.S_IEXEC)
        prep.binaries.setdefault(variant, {})["server.py"] = stand_in

    monkeypatch.setattr(B, "transpile_entries", transpile_entries)
    monkeypatch.setattr(B, "build_variant", build_variant)
    monkeypatch.setenv("CARGO_TARGET_DIR", str(cargo_target_dir))
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report"
    # the SIMD build (a second compile of the runtime) is left to CI's smoke step of the real command
    opts = runner.Options(root, report, smoke=True, save_baseline="smoke", jobs=2, simd=False)
    assert runner.run(opts) == 0
    md = (report / "report.md").read_text()
    for title in ("## Transpilation Speed", "## Compute-Intensive Workloads", "## I/O-Intensive Workloads",
                  "## Memory Usage Comparisons", "## Hardware"):
        assert title in md
    assert "| Idle process |" in md and "| HTTP server (req/sec) |" in md and "| 10K concurrent connections (" in md
    # the Details table gives the connections row's server memory for both sides (it has no time)
    assert any(ln.startswith("| 10K concurrent connections | scalar | 1 | - |") and " MB" in ln
               for ln in md.splitlines())
    for label in ("Python (pure functions)", "Python (ML with numpy)", "C (systems code)", "Shell scripts",
                  "Mixed (Python + C + Shell)"):
        row = next(ln for ln in md.splitlines() if ln.startswith(f"| {label} |"))
        assert "error" not in row, row
    for png in ("memory.png", "io.png", "speed.png"):
        assert (report / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"]({png})" in md
    data = json.loads((report / "results.json").read_text())
    idle = next(w for w in data["workloads"] if w["name"] == "Idle process")
    assert idle["status"] == "ok"
    py_rss = idle["sides"]["original"]["max_rss_kb"]["median"]
    rs_rss = idle["sides"]["scalar"]["max_rss_kb"]["median"]
    assert rs_rss < py_rss  # a Rust binary that prints one line is smaller than an interpreter
    conn = next(w for w in data["workloads"] if w["table"] == "memory" and w["name"].startswith("10K"))
    assert conn["status"] == "ok" and conn["extra"]["original_connections_opened"] == 100
    serve = next(w for w in data["workloads"] if w["table"] == "serve")
    assert serve["status"] == "ok" and serve["sides"]["scalar"]["requests_per_s"]["median"] > 0
    assert (tmp_path / "target" / "bench-baselines" / "smoke.json").is_file()
    # compare against the saved baseline: the report gains a change table
    opts2 = runner.Options(root, report, smoke=True, baseline="smoke", only="idle", jobs=2, speed=False, simd=False)
    assert runner.run(opts2) == 0
    md2 = (report / "report.md").read_text()
    assert "## Baseline comparison" in md2 and "| Idle process | original |" in md2
