"""The pre-commit hooks in .pre-commit-hooks.yaml, run by the real `pre-commit` (from PyPI) in a scratch repo.

The hook repository is a snapshot of this working tree (committed files and new ones), so the test runs
what is on disk now. pre-commit installs the package into its own virtualenv, which takes a minute the
first time; PRE_COMMIT_HOME is shared by the session's tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
NETWORK_TROUBLE = ("NewConnectionError", "Temporary failure in name resolution", "No matching distribution",
                   "Could not find a version")

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                                reason="needs git and pre-commit (pip install pre-commit)")


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def snapshot(dest: Path) -> str:
    """This working tree as a one-commit git repository; returns the commit."""
    listed = git(REPO_ROOT, "ls-files", "-co", "--exclude-standard", "-z")
    if listed.returncode != 0:
        pytest.skip("the repository is not a git work tree")
    for rel in filter(None, listed.stdout.split("\0")):
        src = REPO_ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    assert git(dest, "commit", "-q", "-m", "snapshot").returncode == 0
    return git(dest, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(["pre-commit", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=900)
    log = home / "pre-commit.log"
    if proc.returncode != 0 and log.exists() and any(s in log.read_text() for s in NETWORK_TROUBLE):
        pytest.skip("pre-commit could not install the hook's environment (no network?)")
    return proc


def test_hooks_regenerate_and_check(tmp_path: Path, pre_commit_home: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    rev = snapshot(hooks)
    work = tmp_path / "work"
    (work / "src").mkdir(parents=True)
    git(work, "init", "-q")
    (work / "src" / "hello.py").write_text('print("one")\n')
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n"
        "      - id: transpile\n        args: [src, --out, rust]\n"
        "      - id: transpile-check\n        args: [src, --out, rust]\n")
    git(work, "add", "-A")

    first = pre_commit(work, pre_commit_home, "run", "transpile", "--all-files")
    assert first.returncode == 0, first.stdout + first.stderr
    assert (work / "rust" / "Cargo.toml").is_file()
    assert (work / "rust" / ".gitignore").read_text().count("/target/") == 1
    git(work, "add", "-A")
    assert git(work, "commit", "-q", "-m", "first").returncode == 0
    assert not [ln for ln in git(work, "status", "--porcelain").stdout.splitlines() if "rust/" in ln]

    checked = pre_commit(work, pre_commit_home, "run", "transpile-check", "--all-files")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # Installed as a git hook: a commit with a changed source fails once, having regenerated the Rust.
    assert pre_commit(work, pre_commit_home, "install").returncode == 0
    (work / "src" / "hello.py").write_text('print("two")\n')
    git(work, "add", "src/hello.py")
    env_home = dict(os.environ, PRE_COMMIT_HOME=str(pre_commit_home))
    commit = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-m", "two"],
                            cwd=work, capture_output=True, text=True, env=env_home, timeout=900)
    assert commit.returncode != 0, commit.stdout + commit.stderr
    assert "files were modified by this hook" in commit.stdout + commit.stderr, commit.stdout + commit.stderr
    generated = "".join(p.read_text() for p in (work / "rust").glob("*/src/*.rs"))
    assert '"two' in generated and '"one' not in generated
    git(work, "add", "-A")
    again = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-m", "two"],
                           cwd=work, capture_output=True, text=True, env=env_home, timeout=900)
    assert again.returncode == 0, again.stdout + again.stderr

    (work / "src" / "hello.py").write_text('print("three")\n')
    stale = pre_commit(work, pre_commit_home, "run", "transpile-check", "--all-files")
    assert stale.returncode != 0 and "stale" in stale.stdout + stale.stderr, stale.stdout + stale.stderr
