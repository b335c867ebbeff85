"""Serving workloads: start a server, wait for its port, load it, and sample the peak RSS of its process tree.

The load generator is wrk when installed (Debian `apt-get install wrk`), else oha, else a small asyncio HTTP/1.1
keep-alive client in this module; the report names the one used. Every load run is bounded in time and, for
the built-in client, in request count. The connection test opens N keep-alive connections, makes one request on
each, holds them all open while it samples the server's memory, then closes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids.extend(int(x) for x in f.read().split())
    except OSError:
        pass
    return kids


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants (from /proc/<pid>/task/*/children)."""
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.append(p)
        todo.extend(_children(p))
    return seen


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler:
    """Samples the process tree of a server every `interval` seconds in a thread.

    `peak_kb` is the sum over every process seen of its VmHWM (each process's own high-water mark), so a worker
    that exits before the end still counts; `peak_sum_rss_kb` is the largest sampled sum of VmRSS.
    """

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval = pid, interval
        self.hwm: dict[int, int] = {}
        self.peak_sum_rss_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> None:
        total = 0
        for p in process_tree(self.pid):
            hwm = _status_kb(p, "VmHWM")
            if hwm:
                self.hwm[p] = max(self.hwm.get(p, 0), hwm)
            total += _status_kb(p, "VmRSS")
        self.peak_sum_rss_kb = max(self.peak_sum_rss_kb, total)

    @property
    def peak_kb(self) -> int:
        return sum(self.hwm.values())

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sample()
        self._stop.set()
        self._thread.join()


class ServerError(Exception):
    pass


@contextlib.contextmanager
def running_server(argv: list[str], cwd: Path, port: int, env: dict[str, str] | None = None,
                   start_timeout: float = 30.0) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server in its own process group, wait until `port` accepts connections, stop it afterwards."""
    log = open(os.devnull, "wb")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
                raise ServerError(f"the server exited with status {proc.returncode} before listening on port "
                                  f"{port}" + (f": {err.splitlines()[-1]}" if err else ""))
            with socket.socket() as s:
                s.settimeout(0.2)
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise ServerError(f"the server did not listen on port {port} within {start_timeout:.0f} s")
            time.sleep(0.05)
        if proc.stderr is not None:  # drain stderr so that a chatty server never blocks on a full pipe
            threading.Thread(target=proc.stderr.read, daemon=True).start()
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def http_get(port: int, path: str, timeout: float = 10.0) -> tuple[int, bytes]:
    """One GET on a fresh connection: (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/\d\.\d (\d+)", head)
    if b"transfer-encoding: chunked" in head.lower():
        body = _unchunk(body)
    return (int(m.group(1)) if m else 0), body


def _unchunk(body: bytes) -> bytes:
    out, rest = b"", body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out, rest = out + rest[:size], rest[size + 2:]
    return out


@dataclass
class LoadResult:
    tool: str
    requests: int
    seconds: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def load_tool() -> str:
    """The load generator that will be used: "wrk", "oha" or "python"."""
    if shutil.which("wrk"):
        return "wrk"
    if shutil.which("oha"):
        return "oha"
    return "python"


def generate_load(port: int, path: str, seconds: float, connections: int, max_requests: int,
                  tool: str | None = None) -> LoadResult:
    tool = tool or load_tool()
    url = f"http://127.0.0.1:{port}{path}"
    secs = max(1, round(seconds))
    if tool == "wrk":
        proc = subprocess.run(["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{secs}s",
                               url], capture_output=True, text=True, timeout=secs + 60)
        m = re.search(r"(\d+) requests in ([\d.]+)(m?s)", proc.stdout)
        if proc.returncode != 0 or not m:
            raise ServerError(f"wrk failed: {(proc.stderr or proc.stdout).strip()[-300:]}")
        took = float(m.group(2)) / (1000.0 if m.group(3) == "ms" else 1.0)
        errs = re.search(r"Non-2xx or 3xx responses: (\d+)", proc.stdout)
        sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", proc.stdout)
        n_err = (int(errs.group(1)) if errs else 0) + (sum(int(g) for g in sock.groups()) if sock else 0)
        return LoadResult("wrk", int(m.group(1)), took, n_err)
    if tool == "oha":
        proc = subprocess.run(["oha", "--no-tui", "-z", f"{secs}s", "-c", str(connections), url],
                              capture_output=True, text=True, timeout=secs + 60)
        rps = re.search(r"Requests/sec:\s*([\d.]+)", proc.stdout)
        if proc.returncode != 0 or not rps:
            raise ServerError(f"oha failed: {(proc.stderr or proc.stdout).strip()[-300:]}")
        return LoadResult("oha", round(float(rps.group(1)) * secs), float(secs), 0)
    return asyncio.run(_python_load(port, path, seconds, connections, max_requests))


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response; returns its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    lower = head.lower()
    m = re.search(rb"content-length:\s*(\d+)", lower)
    if m:
        await reader.readexactly(int(m.group(1)))
    elif b"transfer-encoding: chunked" in lower:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip() or b"0", 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _python_load(port: int, path: str, seconds: float, connections: int, max_requests: int) -> LoadResult:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: keep-alive\r\n\r\n".encode()
    done = errors = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done, errors
        reader: asyncio.StreamReader | None = None
        writer: asyncio.StreamWriter | None = None
        while time.perf_counter() < deadline and done < max_requests:
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                assert reader is not None
                writer.write(request)
                status = await asyncio.wait_for(_read_response(reader), timeout=10)
                done += 1
                if status >= 400:
                    errors += 1
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                errors += 1
                if writer is not None:
                    writer.close()
                reader = writer = None
                await asyncio.sleep(0.01)
        if writer is not None:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return LoadResult("python", done, time.perf_counter() - t0, errors)


def raise_nofile(need: int) -> int:
    """Raise the soft RLIMIT_NOFILE towards the hard limit; returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else max(soft, need + 256)
    if want > soft:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
    return soft


@dataclass
class ConnectionsResult:
    opened: int
    failed: int
    server_peak_kb: int


def hold_connections(port: int, path: str, n: int, sampler: RssSampler, hold_s: float = 1.0,
                     timeout: float = 60.0) -> ConnectionsResult:
    """Open `n` keep-alive connections, make one request on each, hold them while sampling, close them."""
    limit = raise_nofile(n + 64)
    n = min(n, max(limit - 64, 1))
    return asyncio.run(_hold(port, path, n, sampler, hold_s, timeout))


async def _hold(port: int, path: str, n: int, sampler: RssSampler, hold_s: float,
                timeout: float) -> ConnectionsResult:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: keep-alive\r\n\r\n".encode()
    sem = asyncio.Semaphore(256)  # connection attempts in flight at once (the listen backlog is finite)
    writers: list[asyncio.StreamWriter] = []
    failed = 0
    deadline = time.monotonic() + timeout

    async def open_one() -> None:
        nonlocal failed
        async with sem:
            try:
                left = max(deadline - time.monotonic(), 0.1)
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout=left)
                writer.write(request)
                await asyncio.wait_for(_read_response(reader), timeout=max(deadline - time.monotonic(), 0.1))
                writers.append(writer)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                failed += 1

    await asyncio.gather(*(open_one() for _ in range(n)))
    end = time.monotonic() + hold_s
    while time.monotonic() < end:
        sampler.sample()
        await asyncio.sleep(0.05)
    sampler.sample()
    for w in writers:
        w.close()
    return ConnectionsResult(len(writers), failed, sampler.peak_kb)
