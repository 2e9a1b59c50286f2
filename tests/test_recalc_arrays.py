"""The engine's block operators (iiecon_xl.recalc.arrays) against ``formulas``' own operators.

The expected value of every case is ``formulas``' operator on the same operands (its
``np.vectorize`` of a per-element Python function): the numpy path must give the same shape
and, element by element, the same value *and type* (a Python ``float``, ``bool`` or the same
error), compared exactly — ``-0.0`` is told from ``0.0`` by its text. Operands are drawn from
values that make the per-element rules visible: blanks (→ 0 or ""), booleans (numbers in
arithmetic, their own type in comparisons), ints beyond 2**53 (compared exactly), overflow to
±inf (→ #NUM!), division by zero and by -0.0 (→ #DIV/0!), text in different case."""

from __future__ import annotations

import random

import numpy as np
import pytest
from formulas.functions.operators import OPERATORS

from iiecon_xl.recalc.arrays import SLOW, block_operator
from iiecon_xl.recalc.grid import EMPTY, ERRORS
from iiecon_xl.recalc.library import norm

NUMBERS = [0, 0.0, -0.0, 1, 2.5, -3, 1e308, -1e308, 5e-324, 2**60, float(2**60), EMPTY, 7.0]
TEXT = ["a", "B", "b", "", "A", EMPTY]
EVERYTHING = NUMBERS + TEXT + [True, False, "3", ERRORS["#N/A"], ERRORS["#DIV/0!"]]
OPS = ["+", "-", "*", "/", "=", "<>", "<", ">", "<=", ">="]
SHAPES = [(3, 1), (1, 3), (3, 3), (2, 3), (1, 1)]


def formulas_result(op, a, b):
    try:
        return norm(OPERATORS[op](a, b))
    except Exception:  # noqa: BLE001 - the engine turns a shape formulas cannot broadcast into #VALUE!
        return ERRORS["#VALUE!"]


def same(x, y) -> bool:
    if type(x) is not type(y):
        return False
    if isinstance(x, float):
        return repr(x) == repr(y)
    return x == y


def draw(rng, pool, p_block):
    if rng.random() >= p_block:
        return rng.choice(pool)
    shape = rng.choice(SHAPES)
    out = np.empty(shape, dtype=object)
    for i in np.ndindex(shape):
        out[i] = rng.choice(pool)
    return out


@pytest.mark.parametrize("pool", [NUMBERS, NUMBERS + [True, False], TEXT, EVERYTHING],
                         ids=["numbers", "numbers+bool", "text", "everything"])
def test_block_operator_is_formulas_operator(pool):
    rng = random.Random(len(pool))
    handled = 0
    for _ in range(600):
        op = rng.choice(OPS)
        a, b = draw(rng, pool, 0.8), draw(rng, pool, 0.6)
        got = block_operator(op, a, b)
        if got is SLOW:
            continue
        handled += 1
        want = formulas_result(op, a, b)
        gw, ww = np.asarray(got, dtype=object), np.asarray(want, dtype=object)
        assert gw.shape == ww.shape, (op, a, b)
        assert all(same(x, y) for x, y in zip(gw.flat, ww.flat)), (op, a, b, got, want)
    assert handled > 100  # the numpy path is taken, not always stepped around


def test_block_operator_steps_aside():
    """What ``formulas`` must decide: an error value, text in arithmetic, text against a
    number, ``^`` and ``&``, two scalars."""
    num, txt = np.array([[1.0, 2.0]], dtype=object), np.array([["a", "b"]], dtype=object)
    err = np.array([[1.0, ERRORS["#N/A"]]], dtype=object)
    assert block_operator("+", err, 1.0) is SLOW
    assert block_operator("+", txt, 1.0) is SLOW
    assert block_operator("=", txt, 1.0) is SLOW
    assert block_operator("=", np.array([[True]], dtype=object), 1.0) is SLOW
    assert block_operator("^", num, 2.0) is SLOW
    assert block_operator("&", txt, "x") is SLOW
    assert block_operator("+", 1.0, 2.0) is SLOW


def test_shapes_that_do_not_broadcast_are_value_errors():
    a, b = np.ones((2, 3), dtype=object), np.ones((3, 2), dtype=object)
    assert block_operator("*", a, b) is ERRORS["#VALUE!"]
    assert formulas_result("*", a, b) is ERRORS["#VALUE!"]


def test_section_share_shape():
    """The shape that made this path: ``(CALC_SECTION=A22)*(CALC_INDUSTRY=k)*CALC_DIRECT`` — a
    text column compared with a text cell (case-insensitive, blanks as ""), times a number column
    with a blank: 1·1·2.0 + 0 + 1·1·0 (blank → 0) = the mask row by row."""
    section = np.array([["c"], ["D"], ["C"], [EMPTY]], dtype=object)
    industry = np.array([["I"], ["I"], ["I"], ["I"]], dtype=object)
    direct = np.array([[2.0], [3.0], [EMPTY], [4.0]], dtype=object)
    mask = block_operator("*", block_operator("=", section, "C"), block_operator("=", industry, "i"))
    prod = block_operator("*", mask, direct)
    assert [type(x) for x in prod.flat] == [float] * 4
    assert list(prod.flat) == [2.0, 0.0, 0.0, 0.0]
