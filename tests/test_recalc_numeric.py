"""The engine's fast paths for blocks of plain numbers (iiecon_xl.recalc.numeric, .values):
each must give exactly what the slow path gives — the expected value is always the slow
path's own result on the same input (``formulas``' SUM, :func:`to_excel_cell` per cell,
:func:`_from_excel_cell` per element), compared with ``==`` and by type, not within a
tolerance — and must step aside for anything that is not a plain number."""

from __future__ import annotations

import numpy as np
import pytest

from iiecon_xl.recalc.grid import EMPTY, ERRORS
from iiecon_xl.recalc.library import call_function, formulas_function
from iiecon_xl.recalc.numeric import numbers_only, with_fast_sum
from iiecon_xl.recalc.values import _from_excel_cell, to_excel_arg, to_excel_cell, to_formulas_result


def block(values) -> np.ndarray:
    out = np.empty((len(values), len(values[0])), dtype=object)
    for i, row in enumerate(values):
        for j, x in enumerate(row):
            out[i, j] = x
    return out


def random_block(shape, seed=0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    b = block(rng.random(shape).tolist())
    b[0, 0] = 7  # an int, as the reader gives "7"
    return b


@pytest.mark.parametrize("n", [1, 3, 130, 999])
def test_fast_sum_is_formulas_sum_bit_for_bit(n):
    """A block of floats and ints (and blanks) plus scalars: the same numpy.float64 as formulas'
    xsum, whose np.sum over the concatenated floats is pairwise — a plain Python sum would differ
    in the last bits for n = 999."""
    slow = formulas_function("SUM")
    b = random_block((3, n), seed=n)
    if n > 1:
        b[1, 1] = EMPTY
    got, want = with_fast_sum(slow)(b, 2.5, 4), slow(b, 2.5, 4)
    assert type(got) is type(want) is np.float64
    assert got == want


@pytest.mark.parametrize("odd", [True, "7", ERRORS["#N/A"]])
def test_fast_sum_leaves_anything_else_to_formulas(odd):
    """A bool, a text or an error in a block is not a plain number: formulas decides (a bool and
    a text in a range are skipped, an error is the result)."""
    b = random_block((2, 4))
    b[1, 2] = odd
    assert numbers_only((b,)) is None
    slow = formulas_function("SUM")
    got, want = with_fast_sum(slow)(b), slow(b)
    assert repr(got) == repr(want)


def test_sum_of_a_formula_uses_the_fast_path_and_the_same_value():
    """SUM as the compiled formula calls it (library.call_function): the fast path is installed
    and gives formulas' value."""
    b = random_block((10, 10), seed=3)
    fn = call_function("SUM", [lambda env: b])
    assert fn(None) == formulas_function("SUM")(b)


def test_registry_arguments_of_numbers_are_what_to_excel_cell_gives():
    """A block of numbers handed to a registry function: lists of Python floats, as
    to_excel_cell (int → float) gives them cell by cell."""
    b = random_block((4, 5), seed=1)
    want = [[to_excel_cell(x) for x in row] for row in b.tolist()]
    got = to_excel_arg(b)
    assert got == want and all(type(x) is float for row in got for x in row)


def test_registry_arguments_with_blanks_or_bools_take_the_cell_by_cell_path():
    """A blank is None and a bool stays a bool for the registry (not 0.0 / 1.0)."""
    b = random_block((2, 3))
    b[0, 1], b[1, 2] = EMPTY, True
    got = to_excel_arg(b)
    assert got[0][1] is None and got[1][2] is True
    assert got == [[to_excel_cell(x) for x in row] for row in b.tolist()]


def test_float_array_results_are_python_floats_as_before():
    """A registry result that is a float matrix (LEONTIEF_INV …) → an object Array of Python floats,
    element for element what _from_excel_cell gives; a 1×1 result stays a scalar."""
    res = np.random.default_rng(2).random((3, 4))
    res[0, 0] = -0.0
    got = to_formulas_result(res)
    assert got.shape == (3, 4) and got.dtype == object
    assert all(type(x) is float for x in got.ravel())
    assert [[_from_excel_cell(x) for x in row] for row in res.tolist()] == got.tolist()
    assert np.signbit(got[0, 0])
    assert to_formulas_result(np.array([[2.5]])) == 2.5
