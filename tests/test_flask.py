"""Flask apps: the transpiled axum server answers like Flask, byte for byte; unsupported Flask is refused.

The Rust side is the binary built from examples/flask_app, serving on a free loopback port; the Python side
is the same app through Flask's test client. Each request's status, Content-Type, body and Allow header
and Location header must be equal.
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from golden import DATA_DIR, GoldenCase, check_golden, golden_params
from test_examples import _generated_warnings

from transpiler.diagnostics import DiagnosticSink
from transpiler.pipeline import PipelineOptions, run_python

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "examples" / "flask_app"
DIAG_FILE = DATA_DIR / "flask_diagnostics.test"
RUST_FILE = DATA_DIR / "flask_rust.test"

# (method, path and query): every route, converters, query arguments, JSON and text, 404, 405, OPTIONS, HEAD
REQUESTS = [
    ("GET", "/"),
    ("GET", "/hello/bench"),
    ("GET", "/hello/w%C3%B6rld%20%21"),
    ("GET", "/hello/a%2Fb"),
    ("GET", "/hello/"),
    ("GET", "/items"),
    ("GET", "/items?max_price=1"),
    ("GET", "/items?max_price=2.5e0"),
    ("GET", "/items?max_price=cheap"),
    ("GET", "/items/5"),
    ("GET", "/items/007"),
    ("GET", "/items/%D9%A1"),
    ("GET", "/items/9"),
    ("GET", "/items/abc"),
    ("GET", "/items/-1"),
    ("POST", "/items"),
    ("POST", "/items?name=pear+tree&name=ignored"),
    ("GET", "/search"),
    ("GET", "/search?q=an&limit=1"),
    ("POST", "/search?q=AN&limit=%32"),
    ("GET", "/search?limit=x&q="),
    ("GET", "/search?limit=+3+&q=e"),
    ("GET", "/search?q=%C3%A9&&flag"),
    ("GET", "/search?q=%e9%ff%C3%28&=x"),
    ("GET", "/hello/%FF%"),
    ("GET", "/items//1?x=1&y=%3C"),
    ("GET", "/files//a//b"),
    ("POST", "/hello//x"),
    ("GET", "/price/1.0"),
    ("GET", "/price/0.25"),
    ("GET", "/price/3"),
    ("GET", "/price/1.5.2"),
    ("GET", "/files/a/b.txt"),
    ("GET", "/files/a/"),
    ("GET", "/files/"),
    ("GET", "/files/x.secret"),
    ("GET", "/split/10/3"),
    ("GET", "/split/10/0"),
    ("GET", "/page?n=3"),
    ("GET", "/page?n=1_000"),
    ("GET", "/page?n=abc"),
    ("GET", "/page"),
    ("GET", "/nope"),
    ("GET", "/search/"),
    ("DELETE", "/items"),
    ("PUT", "/hello/x"),
    ("OPTIONS", "/items"),
    ("OPTIONS", "/search"),
    ("HEAD", "/"),
    ("HEAD", "/items/1"),
]

Reply = tuple[int, str | None, bytes, list[str]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _load_app() -> Any:
    spec = importlib.util.spec_from_file_location("flask_example_app", EXAMPLE / "app.py")
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


def _allow(value: str | None) -> list[str]:
    return sorted(value.split(", ")) if value else []  # Flask lists a set: its order varies between runs


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, runtime_dir: Path, cargo_target_dir: Path) -> Iterator[int]:
    """The transpiled example serving on a free loopback port: the port."""
    if shutil.which("cargo") is None:
        pytest.fail("cargo is needed to build the transpiled Flask app")
    out = tmp_path_factory.mktemp("flask") / "ws"
    tr = subprocess.run([sys.executable, "-m", "transpiler", str(EXAMPLE), "--out", str(out), "--runtime-dir",
                         str(runtime_dir)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert tr.returncode == 0, f"transpile failed:\n{tr.stdout}\n{tr.stderr}"
    assert "axum" not in (out / "flask_app" / "Cargo.toml").read_text()  # only through the pyweb runtime crate
    env = dict(os.environ, CARGO_TARGET_DIR=str(cargo_target_dir))
    build = subprocess.run(["cargo", "build", "--release"], cwd=out, capture_output=True, text=True, env=env,
                           timeout=1200)
    assert build.returncode == 0, f"cargo build failed:\n{build.stderr[-6000:]}"
    warnings = _generated_warnings(build.stderr, "flask_app")
    assert not warnings, "generated crate builds with warnings:\n" + "\n".join(warnings)
    port = _free_port()
    log = (out / "server.log").open("wb")  # a file, not a pipe: a full pipe would block the server
    proc = subprocess.Popen([str(cargo_target_dir / "release" / "app"), str(port)], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, f"server exited: {(out / 'server.log').read_text(errors='replace')}"
                assert time.monotonic() < deadline, "server did not start listening within 20 s"
                time.sleep(0.05)
        yield port
    finally:
        proc.kill()
        proc.wait(timeout=10)
        log.close()


def _fetch(port: int, method: str, path: str) -> Reply:
    """One request, redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        return (resp.status, resp.getheader("Content-Type"), resp.read(),
                _allow(resp.getheader("Allow")) + [resp.getheader("Location") or ""])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def flask_client() -> Any:
    return _load_app().test_client()


@pytest.mark.parametrize(("method", "path"), REQUESTS, ids=[f"{m} {p}" for m, p in REQUESTS])
def test_same_response_as_flask(server: int, flask_client: Any, method: str, path: str) -> None:
    want = flask_client.open(path, method=method, headers={"Host": f"127.0.0.1:{server}"})
    expected: Reply = (want.status_code, want.headers.get("Content-Type"), want.get_data(),
                       _allow(want.headers.get("Allow")) + [want.headers.get("Location") or ""])
    assert _fetch(server, method, path) == expected


def test_concurrent_clients(server: int, flask_client: Any) -> None:
    """The multi-threaded runtime answers many clients at once, each correctly."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [f"/hello/client{i}" for i in range(64)]
    with ThreadPoolExecutor(16) as pool:
        got = list(pool.map(lambda p: _fetch(server, "GET", p)[2], paths))
    assert got == [flask_client.get(p).get_data() for p in paths]


@pytest.mark.parametrize("case", golden_params(DIAG_FILE))
def test_flask_diagnostics(case: GoldenCase, golden_update: bool) -> None:
    diag = DiagnosticSink()
    run_python([(Path("main.py"), "main", case.input)], diag, PipelineOptions())
    assert diag.has_errors, "expected at least one error for this unsupported Flask code"
    check_golden(golden_update, DIAG_FILE, case, diag.render_all())


@pytest.mark.parametrize("case", golden_params(RUST_FILE))
def test_flask_rust(case: GoldenCase, golden_update: bool) -> None:
    diag = DiagnosticSink()
    unit = run_python([(Path("main.py"), "main", case.input)], diag, PipelineOptions())
    assert not diag.has_errors, diag.render_all()
    fmt = subprocess.run(["rustfmt", "--edition", "2021"], input=unit.rust_modules["main"], capture_output=True,
                         text=True, timeout=60)
    assert fmt.returncode == 0, fmt.stderr
    check_golden(golden_update, RUST_FILE, case, fmt.stdout)
