"""The Excel boundary at its floor (issue 14 §4): the fast path of the cell readers
(iiecon_xl.excel.floats) and one BLAS thread for small matrices (iiecon_xl.excel.blas).

The fast path must change nothing but the time: on every input the readers give the same
array, or the same error message, with it as without it (the general path alone)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iiecon_xl.errors import IIEInputError
from iiecon_xl.excel import blas, cells
from iiecon_xl.excel.floats import exact_floats
from iiecon_xl.udfs import FUNCTIONS

RNG = np.random.default_rng(14)


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("shape", [(1, 1), (1, 5), (7, 1), (3, 4), (149, 149)])
def test_fast_path_is_bit_for_bit_numpy(shape):
    values = RNG.standard_normal(shape) * 10.0 ** RNG.integers(-300, 300, size=shape)
    values.flat[0] = -0.0
    values.flat[-1] = 5e-324  # subnormal
    rows = values.tolist()
    got = exact_floats(rows)
    assert same_bits(got, np.asarray(rows, dtype=float))
    assert got.flags.c_contiguous and got.flags.writeable


def test_fast_path_shapes():
    assert same_bits(exact_floats([1.0, 2.5, -3.0]), np.array([[1.0, 2.5, -3.0]]))  # a flat list is one row
    assert same_bits(exact_floats(2.0), np.array([[2.0]]))                          # one cell
    assert same_bits(exact_floats(np.arange(3.0)), np.array([[0.0, 1.0, 2.0]]))
    assert same_bits(exact_floats(np.ones((2, 3), dtype=np.float32)), np.ones((2, 3)))


RAGGED_SAME_LENGTH = [[1.0, 2.0], [3.0], [4.0, 5.0, 6.0]]  # as many bytes as a 3×2 grid


@pytest.mark.parametrize("value", [
    [[1.0, True]], [[False, 1.0]], [[1.0, 2]], [[1.0, -2146826246]], [[1.0, "2"]], [[1.0, "1_000"]],
    [[1.0, None]], [[1.0, math.nan]], [[math.inf]], [[1.0, np.float64(2.0)]], [(1.0, 2.0)], ((1.0, 2.0),),
    [[1.0, 2.0], [3.0]], RAGGED_SAME_LENGTH, [[1.0], 2.0], [1.0, [2.0]], [[]], [], 3, True, None, "1.5",
    np.array([1.0, np.nan]), np.array([[1, 2]]), np.array([True]), np.zeros((0, 2)), np.zeros((2, 2, 2)),
    np.array(1.0), [[{"type": "Error", "basicValue": "#N/A"}]],
], ids=repr)
def test_fast_path_declines_everything_else(value):
    assert exact_floats(value) is None


# ----------------------------------------------------------------------------- the readers, with and without it


def read(reader, *args, **kwargs):
    """The reader's array, or its error message."""
    try:
        return reader(*args, **kwargs)
    except IIEInputError as e:
        return f"IIEInputError: {e}"


def both_paths(monkeypatch, reader, *args, **kwargs):
    with_fast = read(reader, *args, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(cells, "exact_floats", lambda v: None)
        general = read(reader, *args, **kwargs)
    return with_fast, general


def assert_same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        assert isinstance(a, np.ndarray) and isinstance(b, np.ndarray), (a, b)
        assert same_bits(a, b)
    else:
        assert a == b


CELL = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-3, 3), st.booleans(), st.none(),
    st.sampled_from(["", " 12 ", "1,234.5", "12%", "1_000", "x", "#N/A", "#IIE! flows: bad", "nan", "inf"]),
    st.sampled_from([-2146826246, -2146826281]), st.builds(np.float64, st.floats(-1e6, 1e6)))
FLOATS = st.floats(-1e300, 1e300)


def grids(cell):
    return st.one_of(
        cell,
        st.lists(cell, min_size=0, max_size=5),
        st.integers(1, 4).flatmap(lambda c: st.lists(st.lists(cell, min_size=c, max_size=c), min_size=1, max_size=4)),
        st.lists(st.lists(cell, min_size=0, max_size=4), min_size=1, max_size=4))  # possibly ragged


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(grids(CELL), grids(FLOATS)), square=st.booleans())
def test_to_matrix_same_with_and_without_the_fast_path(value, square):
    with pytest.MonkeyPatch.context() as mp:
        assert_same(*both_paths(mp, cells.to_matrix, "matrix", value, square=square))


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(grids(CELL), grids(FLOATS)), n=st.one_of(st.none(), st.integers(1, 4)),
       bools=st.booleans())
def test_to_vector_same_with_and_without_the_fast_path(value, n, bools):
    with pytest.MonkeyPatch.context() as mp:
        assert_same(*both_paths(mp, cells.to_vector, "values", value, n, "years", blank=np.nan, bools=bools))


def test_the_slow_path_keeps_its_messages(monkeypatch):
    assert both_paths(monkeypatch, cells.to_matrix, "matrix", [[1.0, True]])[0] == \
        "IIEInputError: matrix: cell (1, 2) holds TRUE, which is not a number here"
    assert both_paths(monkeypatch, cells.to_matrix, "m", [[1.0, math.inf]])[0] == \
        "IIEInputError: m: cell (1, 2) holds an infinite value"
    got, general = both_paths(monkeypatch, cells.to_matrix, "m", [[1.0, "2"], [None, 4.0]])
    assert same_bits(got, np.array([[1.0, 2.0], [0.0, 4.0]])) and same_bits(general, got)
    assert both_paths(monkeypatch, cells.to_vector, "v", [[1.0, 2.0], [3.0, 4.0]])[0] == \
        "IIEInputError: v: must be a single row or column, got 2×2"


# ----------------------------------------------------------------------------- one BLAS thread for small matrices


def blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_small_systems_run_on_one_blas_thread():
    pytest.importorskip("threadpoolctl")
    before = blas_threads()
    with blas.limited(149):
        assert set(blas_threads()) == {1}
    assert blas_threads() == before, "the limit is lifted afterwards"
    with blas.limited(blas.SMALL + 1):
        assert blas_threads() == before, "large systems keep the BLAS configuration"


def test_leontief_inv_runs_its_factorisation_under_the_limit(monkeypatch):
    seen = []
    real = blas.limited

    def spy(n):
        seen.append(n)
        return real(n)

    monkeypatch.setattr(blas, "limited", spy)
    FUNCTIONS["LEONTIEF_INV"]([[0.2, 0.3], [0.1, 0.4]])
    FUNCTIONS["IIE_PENETRATION"]([[10.0, 20.0, 5.0], [15.0, 5.0, 10.0], [5.0, 10.0, 20.0]],
                                 [100.0, 80.0, 120.0], [0.0, 0.4, 0.0])
    assert seen == [2, 4], "n for the Leontief inverse, n + m for the augmented system"


def test_without_threadpoolctl_the_limit_does_nothing(monkeypatch):
    import sys

    monkeypatch.setattr(blas, "_controller", blas._UNSET)
    monkeypatch.setitem(sys.modules, "threadpoolctl", None)  # importing it raises ImportError
    with blas.limited(10):
        pass
    assert blas._controller is None

