"""Side-by-side timing of benchmarks/shell_*.sh under bash and as transpiled binaries; prints ratios only.

    python benchmarks/shell_bench.py [N]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _time(argv: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return time.perf_counter() - t0, out


def main() -> None:
    n = sys.argv[1] if len(sys.argv) > 1 else "200000"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ws"
        target = os.environ.get("CARGO_TARGET_DIR", str(Path(tmp) / "target"))
        for script in sorted(HERE.glob("shell_*.sh")):
            subprocess.run([sys.executable, "-m", "transpiler", str(script), "--out", str(out / script.stem),
                            "--runtime-dir", str(REPO / "runtime-crates"), "--quiet"], check=True, cwd=REPO)
            subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=out / script.stem, check=True,
                           env=dict(os.environ, CARGO_TARGET_DIR=target))
            tb, ob = _time(["bash", str(script), n])
            tr, orr = _time([str(Path(target) / "release" / script.stem), n])
            same = "same output" if ob == orr else "DIFFERENT OUTPUT"
            print(f"{script.name}: bash {tb:.3f}s, rust {tr:.3f}s, {tb / tr:.1f}x faster ({same})")


if __name__ == "__main__":
    main()
