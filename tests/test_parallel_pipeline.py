"""The parallel parts of a cold run give what one process gives: forked parse workers and this process's own
share, the parsed IR the cache keeps (a worker pickles this process's share), rounds of inference that only
confirm split across workers, the back end (emission, summaries, rustfmt) split across workers, and rustfmt
on crate roots; and without fork, joblib's workers."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from transpiler.codegen.rust.crate import rustfmt

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import types as T
from transpiler.parallel import parallel_map
from transpiler.passes import infer_types as I
from transpiler.pipeline import PipelineOptions, run_python

needs_rustfmt = pytest.mark.skipif(shutil.which("rustfmt") is None, reason="needs rustfmt")
REAL_CONFIRM = I.TypeInference.confirm_in_workers


def _pid_of(x: int) -> tuple[int, int]:
    return x * 3, os.getpid()


def test_forked_map_keeps_order_and_runs_a_share_here() -> None:
    items = list(range(40))
    results = parallel_map(_pid_of, items, 2, weight=lambda x: 1 + x % 5, min_weight=0, here=1.0)
    assert [r for r, _ in results] == [x * 3 for x in items]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) >= 2  # this process did its share, a worker the rest
    here = sum(1 + x % 5 for x, (_, pid) in zip(items, results, strict=True) if pid == os.getpid())
    assert 0 < here <= sum(1 + x % 5 for x in items) / 2


def test_type_variable_loaded_from_another_process_is_newer_than_this_ones() -> None:
    # inference counts a binding as progress only for variables made before the round: a variable pickled by a
    # worker or an earlier run must not keep a number from another process's counter
    shared = T.TypeVar()
    outer = T.TypeVar(bound=T.ListT(shared))
    blob = pickle.dumps((outer, shared), protocol=pickle.HIGHEST_PROTOCOL)
    mark = T.fresh_ident()
    back_outer, back_shared = pickle.loads(blob)
    assert back_outer.ident > mark and back_shared.ident > mark
    assert isinstance(back_outer.bound, T.ListT) and back_outer.bound.elem is back_shared


@needs_rustfmt
def test_rustfmt_formats_a_crate_root_alone(tmp_path: Path) -> None:
    root, child, plain = tmp_path / "lib.rs", tmp_path / "child.rs", tmp_path / "plain.rs"
    root.write_text("pub mod child;\nfn  f( )->i64{1}\n")
    child.write_text("fn  g( ){}\n")
    plain.write_text("fn  h( ){}\n")
    assert rustfmt([root, plain], jobs=2) is None
    assert root.read_text() == "pub mod child;\nfn f() -> i64 {\n    1\n}\n"
    assert plain.read_text() == "fn h() {}\n"
    assert child.read_text() == "fn  g( ){}\n"  # not formatted through the root's `mod child;`


@needs_rustfmt
def test_rustfmt_reports_a_root_that_does_not_parse(tmp_path: Path) -> None:
    root = tmp_path / "lib.rs"
    root.write_text("pub mod child;\nfn f( {\n")
    complaint = rustfmt([root])
    assert complaint is not None and str(root) in complaint


# Four modules: `late` makes inference need a second round that binds something (a method of a value whose type
# one module only learns from a later one), `bad_*` have type errors in two modules, so that the diagnostics
# of the workers' rounds must come back complete and in order.
MODULES = {
    "app.late": "from app.base import make\n\n\ndef shout(n: int) -> str:\n    s = make(n)\n"
                "    t = s.upper()\n    return t + '!'\n",
    "app.base": "def make(n: int):\n    return 'x' * n\n",
    "app.bad_one": "def f(a: int) -> int:\n    return a + 'no'\n",
    "app.bad_two": "def g(xs: list[int]) -> str:\n    return xs\n",
    "app.main": "from app.late import shout\n\nprint(shout(3))\n",
}


def _files(tmp_path: Path, names: list[str]) -> list[tuple[Path, str, str]]:
    out = []
    for name in names:
        path = tmp_path / (name.replace(".", "/") + ".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(MODULES[name])
        out.append((path, name, MODULES[name]))
    return out


def _run(files: list[tuple[Path, str, str]], jobs: int, tmp_path: Path,
         monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], object, list[bool]]:
    confirmed: list[bool] = []

    def recording(self: I.TypeInference) -> DiagnosticSink | None:
        result = REAL_CONFIRM(self)
        confirmed.append(result is not None)
        return result

    monkeypatch.setattr(I.TypeInference, "confirm_in_workers", recording)
    diag = DiagnosticSink()
    opts = PipelineOptions(jobs=jobs, parallel_min_lines=0, keep_parsed=True, keep_summaries=True,
                           format_dir=tmp_path if shutil.which("rustfmt") else None)
    unit = run_python(files, diag, opts)
    rendered = [d.render(None) for d in diag.diagnostics]
    return rendered, unit, confirmed


def test_parallel_inference_reports_what_one_process_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    files = _files(tmp_path, list(MODULES))
    serial, _, confirmed1 = _run(files, 1, tmp_path, monkeypatch)
    both, _, confirmed2 = _run(files, 2, tmp_path, monkeypatch)
    assert confirmed1 and not any(confirmed1)  # one process: never split
    assert serial == both and len(serial) == 2
    assert "bad_one" in serial[0] and "bad_two" in serial[1]
    assert not confirmed2[0] and confirmed2[-1]  # a split round found a binding (this process ran it), a later
    # one confirmed: its diagnostics are those above


def test_parallel_back_end_emits_what_one_process_emits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = [n for n in MODULES if not n.startswith("app.bad")]
    files = _files(tmp_path, names)
    serial_diag, serial, _ = _run(files, 1, tmp_path, monkeypatch)
    both_diag, both, confirmed = _run(files, 2, tmp_path, monkeypatch)
    assert serial_diag == both_diag == []
    assert confirmed and confirmed[-1]  # the last round was confirmed by the workers
    for attr in ("rust_modules", "entry_modules", "docstrings", "summaries", "influencers", "formatted"):
        assert getattr(serial, attr) == getattr(both, attr), attr
    assert set(both.rust_modules) == set(names)  # type: ignore[attr-defined]
    assert set(both.parsed) == set(names)  # type: ignore[attr-defined]
    for name, blob in both.parsed.items():  # type: ignore[attr-defined]
        assert pickle.loads(blob).name == name  # every module's parsed IR, this process's share made by a worker
        assert blob == serial.parsed[name]  # type: ignore[attr-defined]
    if shutil.which("rustfmt"):
        assert len(both.formatted) == len(names)  # type: ignore[attr-defined]
        assert all(text.endswith("}\n") or text.endswith(";\n") for text in both.formatted.values())  # type: ignore[attr-defined]


def test_without_fork_joblib_parses_and_this_process_does_the_rest(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # where fork is unavailable: loky's fresh interpreters parse (results pickled back), nothing else is split
    names = [n for n in MODULES if not n.startswith("app.bad")]
    files = _files(tmp_path, names)
    _, serial, _ = _run(files, 1, tmp_path, monkeypatch)
    import transpiler.parallel as P
    import transpiler.pipeline as pipeline

    monkeypatch.setattr(P, "can_fork", lambda: False)
    monkeypatch.setattr(pipeline, "can_fork", lambda: False)
    diags, both, confirmed = _run(files, 2, tmp_path, monkeypatch)
    assert diags == [] and confirmed and not any(confirmed)  # no round was split
    for attr in ("rust_modules", "entry_modules", "summaries", "formatted"):
        assert getattr(serial, attr) == getattr(both, attr), attr
    assert both.parsed == serial.parsed  # type: ignore[attr-defined]
