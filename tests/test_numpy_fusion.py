"""Fused numpy chains (passes/fuse_array_exprs.py, codegen/rust/emit_fused.py): the generated Rust of chains
that are fused and of ones that must not be, pinned as golden output. tests/test_numpy_examples.py builds
and runs tests/numpy_cases/fused.py beside numpy, comparing every fused result bit for bit in printing.
"""

from __future__ import annotations

import shutil

import pytest

from tests.golden import DATA_DIR, GoldenCase, check_golden, golden_params
from tests.test_golden_python import rust_of
from transpiler.ir import nodes as N
from transpiler.ir import types as T
from transpiler.ir.span import Span
from transpiler.passes.fuse_array_exprs import match_chain

FUSED_FILE = DATA_DIR / "numpy_fused_rust.test"


@pytest.mark.skipif(shutil.which("rustfmt") is None, reason="rustfmt not installed")
@pytest.mark.parametrize("case", golden_params(FUSED_FILE))
def test_numpy_fused_rust(case: GoldenCase, golden_update: bool) -> None:
    check_golden(golden_update, FUSED_FILE, case, rust_of(case))


def test_fused_chains_leave_no_temporaries() -> None:
    """The three-statement k-means chain becomes one fused call: no broadcast temporary, no dist array."""
    case = next(c for c in golden_params(FUSED_FILE) if c.id == "kmeans_chain_unknown_rank").values[0]
    assert isinstance(case, GoldenCase)
    rust = rust_of(case)
    fused, _, fallback = rust.partition("} else {")
    assert "pyarray::fuse::argpick_lane_sums" in fused and "Pick::Min" in fused
    assert "pyarray::ops::sub" not in fused and "pyarray::ops::mul" not in fused
    assert "pyarray::index::get" not in fused and "pyarray::reduce::" not in fused
    assert "let mut diff" not in rust and "let mut dist" not in rust and "let diff" not in rust
    # the run-time rank check's other branch is the unfused code, for arrays of another rank
    assert "pyarray::reduce::argmin_axis" in fallback


def test_match_chain_refuses_other_axes() -> None:
    """Only last-axis sums (numpy's pairwise order along a lane) are fused; a leading-axis sum is not."""
    sp = Span("t.py", 1, 0, 1, 1)
    arr = T.ArrayT("float64", 2)
    x = N.Name("x", arr, sp)
    prod = N.BinOp(x, "*", x, arr, sp)

    def red(axis: int) -> N.Call:
        return N.Call(N.Attribute(prod, "sum", T.ANY, sp), (), (N.Keyword("axis", N.Const(axis, T.INT, sp), sp),),
                      T.ArrayT("float64", 1), sp)

    assert match_chain(red(1)) is not None
    assert match_chain(red(-1)) is not None
    assert match_chain(red(0)) is None


def test_masked_rows_fused_only_when_used_for_size_and_sums() -> None:
    """`m = A[key == c]` used only through len/shape[0]/sum(axis=0)/mean(axis=0) is counted and summed in one
    pass (passes/fuse_masked_rows.py); indexed, returned, rebound, passed on or summed along another axis,
    the selection is built as before."""
    cases = {c.id: c.values[0] for c in golden_params(FUSED_FILE)}
    summarized, kept = cases["masked_rows_summarized"], cases["masked_rows_kept"]
    assert isinstance(summarized, GoldenCase) and isinstance(kept, GoldenCase)
    rust = rust_of(summarized)
    assert rust.count("pyarray::reduce::group_count_sum_rows(") == 1
    assert rust.count("pyarray::reduce::group_take(") == 1
    assert "rows_where(" not in rust
    assert "let mut members:" not in rust and "mean_axis" not in rust and "sum_axis" not in rust
    rust = rust_of(kept)
    assert "count_sum_rows_where" not in rust
    assert rust.count("pyarray::index::rows_where(") == 5


def test_masked_row_loops_grouped_only_when_nothing_else_can_change_the_rows() -> None:
    """`for j in range(k): m = A[key == j]; ...` takes every cluster's count and sums from one pass over key made
    before the loop (`group_selection_loops` in passes/fuse_masked_rows.py) only when the body reads neither A nor
    key, rebinds no j, calls no function of the program and writes only arrays made in the function that share no
    memory with A or key; otherwise each cluster is counted and summed on its own, as before."""
    case = next(c for c in golden_params(FUSED_FILE) if c.id == "masked_rows_not_grouped").values[0]
    assert isinstance(case, GoldenCase)
    rust = rust_of(case)
    assert "group_count_sum_rows" not in rust and "group_take" not in rust
    assert rust.count("pyarray::reduce::count_sum_rows_where(") == 6
