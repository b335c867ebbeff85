"""Running one test case: the original program, the transpiler, cargo, and the translated binary.

Shared by the conformance runner (`transpiler.conformance`) and the pytest run tests. Everything here
talks to the transpiler through its command line only (`python -m transpiler PATH --out DIR ...`), so a
transpiler crash can never take the caller down, and depends on nothing but the standard library.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RUNTIME_DIR = REPO_ROOT / "runtime-crates"

SOURCE_SUFFIXES = (".py", ".c", ".sh")

# `path:line:col: error: message`, as printed by transpiler.diagnostics.
DIAGNOSTIC_RE = re.compile(r"^.+?:\d+:\d+: error: .*$", re.MULTILINE)
TRACEBACK_MARK = "Traceback (most recent call last):"

TRANSPILE_TIMEOUT = 300.0
BUILD_TIMEOUT = 1200.0


# --------------------------------------------------------------------------------------------------------
# Processes


@dataclass(frozen=True)
class RunResult:
    """What one run of a program produced. `status` is the exit code, or 128+N when killed by signal N."""

    stdout: bytes
    stderr: bytes
    status: int
    timed_out: bool


def _status(returncode: int) -> int:
    return 128 - returncode if returncode < 0 else returncode


def run_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for running programs under test: inherited, with a fixed locale and hash seed."""
    env = dict(os.environ)
    env.update(
        {
            "LC_ALL": "C.UTF-8",
            "LANG": "C.UTF-8",
            "PYTHONHASHSEED": "0",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "RUST_BACKTRACE": "0",
        }
    )
    for key in ("PYTHONSTARTUP", "PYTHONINSPECT"):
        env.pop(key, None)
    if extra:
        env.update(extra)
    return env


def run_process(
    argv: list[str],
    *,
    stdin: bytes = b"",
    cwd: Path | None = None,
    timeout: float,
    env: Mapping[str, str] | None = None,
) -> RunResult:
    """Run `argv` in its own process group; on timeout the whole group is killed (shell children too)."""
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            start_new_session=True,
        )
    except OSError as exc:
        return RunResult(b"", f"cannot start {argv[0]}: {exc}\n".encode(), 127, False)
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
        return RunResult(out, err, _status(proc.returncode), False)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        out, err = proc.communicate()
        return RunResult(out, err, _status(proc.returncode), True)
    finally:
        if proc.poll() is None:  # interrupted (KeyboardInterrupt): do not leave the child behind
            _kill_group(proc)
            proc.wait()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


@contextmanager
def case_cwd(case_dir: Path | None, src: Path, parent: Path | None = None) -> Iterator[Path]:
    """A fresh temp copy of the case folder (or of the lone source file) to run a program in; removed after.

    Programs may write files, so the original and the binary each get their own copy.
    """
    tmp = Path(tempfile.mkdtemp(prefix="run-", dir=parent))
    try:
        if case_dir is not None:
            shutil.copytree(case_dir, tmp, dirs_exist_ok=True, symlinks=True)
        else:
            shutil.copy2(src, tmp / src.name)
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_original(src: Path, args: list[str], stdin: bytes, cwd: Path, timeout: float) -> RunResult:
    """Run the original program: `python3 src`, `bash src`, or gcc-compile the C file and run that.

    A C file that does not compile gives status 127 with gcc's messages on stderr (stdout empty).
    """
    src = src.resolve()
    env = run_env()
    suffix = src.suffix
    if suffix == ".py":
        return run_process(["python3", str(src), *args], stdin=stdin, cwd=cwd, timeout=timeout, env=env)
    if suffix == ".sh":
        return run_process(["bash", str(src), *args], stdin=stdin, cwd=cwd, timeout=timeout, env=env)
    if suffix == ".c":
        with tempfile.TemporaryDirectory(prefix="cc-") as tmp:
            exe = Path(tmp) / src.stem
            cc = run_process(
                ["gcc", "-O2", "-std=gnu99", "-w", str(src), "-lm", "-o", str(exe)],
                cwd=cwd,
                timeout=max(timeout, 120.0),
                env=env,
            )
            if cc.status != 0 or cc.timed_out:
                return RunResult(b"", b"gcc failed:\n" + cc.stderr, 127, cc.timed_out)
            return run_process([str(exe), *args], stdin=stdin, cwd=cwd, timeout=timeout, env=env)
    raise ValueError(f"unsupported source kind: {src}")


def run_binary(binary: Path, args: list[str], stdin: bytes, cwd: Path, timeout: float) -> RunResult:
    """Run a translated binary, in the same conditions as `run_original`."""
    return run_process([str(binary.resolve()), *args], stdin=stdin, cwd=cwd, timeout=timeout, env=run_env())


# --------------------------------------------------------------------------------------------------------
# Transpiling


class TranspileStatus(Enum):
    OK = "ok"
    REFUSED = "refused"  # exit != 0 with `error:` diagnostics: the transpiler declined, properly
    CRASH = "crash"  # traceback, signal, timeout, or a failure without a diagnostic


@dataclass(frozen=True)
class TranspileOutcome:
    status: TranspileStatus
    returncode: int
    stderr: str
    out_dir: Path

    @property
    def ok(self) -> bool:
        return self.status is TranspileStatus.OK

    @property
    def diagnostics(self) -> list[str]:
        """The `path:line:col: error: message` lines."""
        return DIAGNOSTIC_RE.findall(self.stderr)

    @property
    def first_diagnostic(self) -> str:
        """The first diagnostic with its source line and caret, or for a crash the traceback's last line."""
        lines = self.stderr.splitlines()
        for i, line in enumerate(lines):
            if DIAGNOSTIC_RE.match(line):
                block = [line]
                for more in lines[i + 1 : i + 4]:
                    if not more.startswith(" "):
                        break
                    block.append(more)
                return "\n".join(block)
        tail = [ln for ln in lines if ln.strip()]
        return tail[-1] if tail else f"exit status {self.returncode}, no message"


def classify_transpile(returncode: int, stderr: str, out_dir: Path) -> TranspileStatus:
    if TRACEBACK_MARK in stderr or returncode < 0:
        return TranspileStatus.CRASH
    if returncode == 0:
        return TranspileStatus.OK if (out_dir / "Cargo.toml").is_file() else TranspileStatus.CRASH
    return TranspileStatus.REFUSED if DIAGNOSTIC_RE.search(stderr) else TranspileStatus.CRASH


def transpile_case(
    src: Path,
    out_dir: Path,
    runtime_dir: Path | None = DEFAULT_RUNTIME_DIR,
    timeout: float = TRANSPILE_TIMEOUT,
) -> TranspileOutcome:
    """Run `python -m transpiler src --out out_dir [--runtime-dir runtime_dir] --quiet` in a subprocess."""
    argv = [sys.executable, "-m", "transpiler", str(src.resolve()), "--out", str(out_dir.resolve())]
    if runtime_dir is not None:
        argv += ["--runtime-dir", str(runtime_dir.resolve())]
    argv.append("--quiet")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    res = run_process(argv, cwd=REPO_ROOT, timeout=timeout, env=env)
    stderr = res.stderr.decode("utf-8", "replace")
    if res.timed_out:
        return TranspileOutcome(
            TranspileStatus.CRASH, res.status, stderr + f"\ntranspiler timed out after {timeout:g}s", out_dir
        )
    return TranspileOutcome(classify_transpile(res.status, stderr, out_dir), res.status, stderr, out_dir)


# --------------------------------------------------------------------------------------------------------
# Building


@dataclass(frozen=True)
class BuildOutcome:
    ok: bool
    stderr: str
    binary: Path | None  # the copied binary; None when the build failed or made no such binary
    timed_out: bool = False

    @property
    def first_error(self) -> str:
        """The first `error...` block of the compiler output (a few lines), or its last line."""
        lines = self.stderr.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("error"):
                block = [line]
                for more in lines[i + 1 : i + 12]:
                    if not more.strip() or more.startswith("error"):
                        break
                    block.append(more)
                return "\n".join(block)
        tail = [ln for ln in lines if ln.strip()]
        return tail[-1] if tail else "cargo failed without a message"


def cargo_env(target_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "CARGO_BUILD_RUSTFLAGS", "CARGO_BUILD_TARGET"):
        env.pop(key, None)
    env["CARGO_TARGET_DIR"] = str(target_dir.resolve())
    env["CARGO_TERM_COLOR"] = "never"
    # correctness runs need no whole-program optimisation: skip the generated profile's fat LTO
    env.setdefault("CARGO_PROFILE_RELEASE_LTO", "false")
    env.setdefault("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
    return env


def build_crate(
    out_dir: Path,
    target_dir: Path,
    timeout: float = BUILD_TIMEOUT,
    *,
    bin_name: str | None = None,
    dest_dir: Path | None = None,
) -> BuildOutcome:
    """`cargo build --release` the workspace in `out_dir` with a shared CARGO_TARGET_DIR.

    The executable named `bin_name` (or the only one built) is copied to `dest_dir` (default
    `out_dir/bin`), so that later builds of other cases in the same target dir cannot overwrite it.
    """
    argv = ["cargo", "build", "--release", "--quiet", "--message-format=json"]
    target_dir.mkdir(parents=True, exist_ok=True)
    res = run_process(argv, cwd=out_dir, timeout=timeout, env=cargo_env(target_dir))
    executables: list[Path] = []
    rendered: list[str] = []
    for raw in res.stdout.decode("utf-8", "replace").splitlines():
        try:
            msg = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(msg, dict):
            continue
        reason = msg.get("reason")
        if reason == "compiler-artifact" and msg.get("executable"):
            executables.append(Path(str(msg["executable"])))
        elif reason == "compiler-message":
            message = msg.get("message") or {}
            if isinstance(message, dict) and str(message.get("level", "")).startswith("error"):
                rendered.append(str(message.get("rendered") or message.get("message") or ""))
    stderr = "".join(rendered) + res.stderr.decode("utf-8", "replace")
    if res.timed_out:
        return BuildOutcome(False, stderr + f"\ncargo timed out after {timeout:g}s", None, True)
    if res.status != 0:
        return BuildOutcome(False, stderr, None)
    chosen = _pick_executable(executables, bin_name)
    if chosen is None:
        names = ", ".join(sorted(p.name for p in executables)) or "none"
        want = f"`{bin_name}`" if bin_name else "exactly one binary"
        return BuildOutcome(False, stderr + f"\ncargo built no {want} (built: {names})", None)
    dest = (dest_dir or out_dir / "bin") / chosen.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(chosen, dest)
    return BuildOutcome(True, stderr, dest)


def _pick_executable(executables: list[Path], bin_name: str | None) -> Path | None:
    if bin_name is not None:
        for exe in executables:
            if exe.name in (bin_name, bin_name + ".exe"):
                return exe
        return None
    return executables[0] if len(executables) == 1 else None
