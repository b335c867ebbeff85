"""The IR shortcuts that make transpiling fast keep their meaning: fast pickling, plan-driven walks, and type
inference that stops once a round binds nothing new."""

from __future__ import annotations

import pickle
from dataclasses import fields
from pathlib import Path

import pytest
from transpiler.frontends.python import parse_python

from transpiler.diagnostics import DiagnosticSink
from transpiler.ir import nodes as N
from transpiler.ir.walk import child_list, walk
from transpiler.passes.collect_symbols import collect_symbols
from transpiler.passes.infer_types import TypeInference, infer_types

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "benchmarks" / "python").glob("*.py")) + sorted((ROOT / "tests" / "run_cases").glob("*.py"))


def _parse(path: Path) -> N.Module | None:
    return parse_python(str(path), path.read_text(encoding="utf-8"), path.stem, DiagnosticSink())


def _children_by_fields(node: N.Node) -> list[N.Node]:
    out: list[N.Node] = []
    for f in fields(node):  # type: ignore[arg-type]
        if f.name == "span":
            continue
        value = getattr(node, f.name)
        if isinstance(value, N.Node):
            out.append(value)
        elif isinstance(value, tuple):
            out.extend(v for v in value if isinstance(v, N.Node))
    return out


def test_child_list_matches_a_walk_over_every_field() -> None:
    checked = 0
    for path in SOURCES:
        mod = _parse(path)
        if mod is None:
            continue
        for node in walk(mod):
            expected = _children_by_fields(node)
            got = child_list(node)
            assert [id(n) for n in got] == [id(n) for n in expected], (path.name, type(node).__name__)
            checked += 1
    assert checked > 5000


def test_pickled_ir_round_trips_and_keeps_shared_type_variables() -> None:
    mod = _parse(ROOT / "benchmarks" / "python" / "nbody.py")
    assert mod is not None
    blob = pickle.dumps(mod, protocol=pickle.HIGHEST_PROTOCOL)
    back = pickle.loads(blob)
    assert pickle.dumps(back, protocol=pickle.HIGHEST_PROTOCOL) == blob
    before = [n.ty for n in walk(mod) if isinstance(n, N.Expr)]
    after = [n.ty for n in walk(back) if isinstance(n, N.Expr)]
    assert len({id(t) for t in before}) == len({id(t) for t in after})
    assert [type(n).__name__ for n in walk(mod)] == [type(n).__name__ for n in walk(back)]
    assert [n.span for n in walk(mod)] == [n.span for n in walk(back)]


def test_type_inference_stops_when_a_round_binds_nothing_new(monkeypatch: pytest.MonkeyPatch) -> None:
    mod = _parse(ROOT / "benchmarks" / "python" / "raytracer.py")
    assert mod is not None
    runs: list[TypeInference] = []
    real_run = TypeInference.run

    def recording_run(self: TypeInference, rounds: int = 4) -> None:
        runs.append(self)
        real_run(self, rounds)

    monkeypatch.setattr(TypeInference, "run", recording_run)
    diag = DiagnosticSink()
    infer_types(collect_symbols([mod], set(), diag), diag)
    assert not diag.has_errors, diag.diagnostics
    assert len(runs) == 1
    # converge, one round after defaulting empty containers, one reporting: not the 9 of a fixed schedule
    assert runs[0].rounds_run < 9
