"""Transpiling an example and building its Rust binaries: scalar, SIMD (target-cpu=native) and GPU variants."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import transpiler

VARIANTS = ("scalar", "simd", "gpu")


def repo_runtime_dir() -> Path | None:
    """The runtime crates of this checkout (shared by every generated workspace), when present."""
    cand = Path(transpiler.__file__).resolve().parent.parent / "runtime-crates"
    return cand if (cand / "pyrt" / "Cargo.toml").is_file() else None


def gpu_available() -> bool:
    """True when `nvidia-smi` runs and lists a GPU."""
    if not shutil.which("nvidia-smi"):
        return False
    try:
        proc = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and "GPU" in proc.stdout


def target_dirs() -> dict[str, Path]:
    """One cargo target folder per variant: RUSTFLAGS and features differ, so sharing one would rebuild all."""
    base = Path(os.environ.get("CARGO_TARGET_DIR") or "target").resolve()
    return {"scalar": base, "simd": base / "bench-native", "gpu": base / "bench-cuda"}


@dataclass
class Prepared:
    """An example's generated workspaces and the binaries built from them (variant -> stem -> path)."""

    example: Path
    workspaces: dict[str, Path] = field(default_factory=dict)  # entry -> workspace
    binaries: dict[str, dict[str, Path]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # entry or "variant:entry" -> why it is missing
    variant_notes: dict[str, str] = field(default_factory=dict)  # variant -> why the column is N/A


def _first_error(text: str, n: int = 6) -> str:
    lines = [ln for ln in text.splitlines() if ln.startswith("error") or ln.startswith("  -->")]
    return " / ".join(lines[:n]) if lines else " / ".join(text.strip().splitlines()[-n:])


def transpile_entries(example: Path, entries: list[str], work: Path, jobs: int) -> Prepared:
    """Transpile the example folder into one workspace; when that fails, each entry file on its own."""
    from transpiler.api import transpile_project

    prep = Prepared(example)
    runtime = repo_runtime_dir()
    ws = work / "ws"
    result = transpile_project(example, ws, jobs=jobs, runtime_dir=runtime)
    if result.ok:
        for e in entries:
            prep.workspaces[e] = ws
        return prep
    folder_error = result.diagnostics.render_all().splitlines()[0] if result.diagnostics.has_errors else "failed"
    for e in entries:
        ws_e = work / f"ws-{Path(e).stem}"
        res = transpile_project(example / e, ws_e, jobs=jobs, runtime_dir=runtime)
        if res.ok:
            prep.workspaces[e] = ws_e
        else:
            first = res.diagnostics.render_all().splitlines()[0] if res.diagnostics.has_errors else folder_error
            prep.errors[e] = f"transpile failed: {first}"
    return prep


def _uses_pyarray(ws: Path) -> bool:
    return any("pyarray" in p.read_text() for p in ws.glob("*/Cargo.toml"))


def build_variant(prep: Prepared, variant: str, work: Path, jobs: int, env_extra: dict[str, str] | None = None,
                  ) -> None:
    """`cargo build --release` every workspace for one variant and copy its binaries under work/bin/variant/."""
    tdir = target_dirs()[variant]
    env = dict(os.environ, CARGO_TARGET_DIR=str(tdir), **(env_extra or {}))
    if variant == "simd":
        env["RUSTFLAGS"] = (os.environ.get("RUSTFLAGS", "") + " -C target-cpu=native").strip()
    out_dir = work / "bin" / variant
    out_dir.mkdir(parents=True, exist_ok=True)
    done: dict[Path, bool] = {}
    bins = prep.binaries.setdefault(variant, {})
    for entry, ws in prep.workspaces.items():
        stem = Path(entry).stem
        if ws not in done:
            cmd = ["cargo", "build", "--release", "--quiet", "-j", str(max(jobs, 1))]
            cmds = [cmd]
            if variant == "gpu":
                if not _uses_pyarray(ws):
                    prep.errors[f"gpu:{entry}"] = "no GPU code path (the program does not use numpy)"
                    done[ws] = False
                    continue
                crates = [p.parent.name for p in ws.glob("*/Cargo.toml") if "pyarray" in p.read_text()]
                cmds = [[*cmd, "-p", c, "--features", "pyarray/cuda"] for c in crates]
            for c in cmds:
                proc = subprocess.run(c, cwd=ws, env=env, capture_output=True, text=True)
                if proc.returncode != 0:
                    break
            done[ws] = proc.returncode == 0
            if proc.returncode != 0:
                prep.errors[f"{variant}:{entry}"] = f"cargo build failed: {_first_error(proc.stderr)}"
        if not done[ws]:
            prep.errors.setdefault(f"{variant}:{entry}", "build failed")
            continue
        built = tdir / "release" / stem
        if not built.is_file():
            prep.errors[f"{variant}:{entry}"] = f"no binary named {stem!r} was built in {tdir / 'release'}"
            continue
        dest = out_dir / stem
        shutil.copy2(built, dest)
        bins[entry] = dest


def build_original(example: Path, entry: str, work: Path) -> tuple[list[str] | None, str]:
    """The command prefix of the original program (python3 / gcc -O2 build / bash), or None and why not."""
    import sys

    path = example / entry
    if path.suffix == ".py":
        return [sys.executable, str(path)], ""
    if path.suffix == ".sh":
        return ["bash", str(path)], ""
    exe = work / "gcc" / path.stem
    exe.parent.mkdir(parents=True, exist_ok=True)
    sources = sorted(str(p) for p in path.parent.glob("*.c"))
    for srcs in (sources, [str(path)]):
        proc = subprocess.run(["gcc", "-O2", "-o", str(exe), *srcs, "-lm"], capture_output=True, text=True)
        if proc.returncode == 0:
            return [str(exe)], ""
    return None, f"gcc -O2 failed: {_first_error(proc.stderr)}"
