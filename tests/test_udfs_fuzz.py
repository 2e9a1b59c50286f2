"""Hypothesis fuzzing of every registered Excel function.

Whatever Excel-shaped values arrive — random shapes (scalars, rows, columns, ranges,
ragged or empty lists), random cell values (numbers, NaN, ±inf, huge and tiny numbers,
numbers stored as text, other text, booleans, dates, blanks, Excel error values in all
their forms) — a function either returns an Excel-shaped result holding no NaN and no
±inf, or raises the package's IIEInputError. Any other exception is a bug. The Excel
entry points never raise and never report an internal error.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iiecon_xl.errors import IIEInputError
from iiecon_xl.udfs import EXCEL, FUNCTIONS, SPECS
from iiecon_xl.xlsx.errors import COM_ERROR_CODES

SETTINGS = settings(max_examples=50, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class XlErrorLike(str):
    """Like formulas' XlError (a str subclass holding the code)."""


class EmptyToken(str):
    """Like the schedula token formulas uses for blank cells."""


TEXTS = ["", " ", "1,234.5", " 12 ", "1.5e3", "-3", "12%", "abc", "1,2", "TRUE", "FALSE", "1e999",
         "#N/A", "#DIV/0!", "#VALUE!", "#IIE! flows: bad", "dz", "total", "dY", "lambda", "table",
         "flag", "values", "output", "flows", "matrix", "weighted", "minmax", "empty"]

cell_values = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-5.0, max_value=200.0),
    st.floats(min_value=0.0, max_value=1.0),
    st.integers(min_value=-5, max_value=2030),
    st.integers(min_value=-10 ** 12, max_value=10 ** 12),
    st.sampled_from(sorted(COM_ERROR_CODES)),
    st.booleans(),
    st.sampled_from(TEXTS),
    st.text(max_size=6),
    st.sampled_from([XlErrorLike("#N/A"), EmptyToken("empty"), np.float64(2.5), np.int64(3), np.bool_(True)]),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1)),
)


@st.composite
def excel_values(draw, elements=cell_values):
    """A value as Excel or xlwings hands it over: a cell, a flat list, a range, or a malformed list."""
    kind = draw(st.sampled_from(["scalar", "flat", "grid", "grid", "column", "row", "ragged", "empty"]))
    if kind == "scalar":
        return draw(elements)
    if kind == "empty":
        return draw(st.sampled_from([[], [[]], [[], []]]))
    if kind == "ragged":
        return [draw(st.lists(elements, min_size=1, max_size=4)) for _ in range(draw(st.integers(2, 4)))]
    r = draw(st.integers(1, 6))
    c = draw(st.integers(1, 6))
    if kind == "flat":
        return draw(st.lists(elements, min_size=1, max_size=8))
    if kind == "column":
        c = 1
    if kind == "row":
        r = 1
    return [[draw(elements) for _ in range(c)] for _ in range(r)]


def check_excel_shaped(result):
    """A scalar or a non-empty rectangular list of lists of plain, finite cell values."""
    def ok(x):
        if x is None or isinstance(x, (str, bool)):
            return type(x) in (str, bool) or x is None
        if type(x) is int:
            return True
        return type(x) is float and math.isfinite(x)

    if isinstance(result, list):
        assert result and all(isinstance(r, list) for r in result), result
        width = len(result[0])
        assert width > 0 and all(len(r) == width for r in result), result
        bad = [x for r in result for x in r if not ok(x)]
        assert not bad, f"NaN/inf or a non-Excel value returned: {bad[:3]}"
    else:
        assert result is not None and ok(result), f"not an Excel value: {result!r}"


def call(name, args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy/statsmodels RuntimeWarnings are not failures
        try:
            result = FUNCTIONS[name](*args)
        except IIEInputError as e:
            assert e.argument and str(e).startswith(e.argument + ": ")
            assert e.argument in {a for a, _ in SPECS[name].args} | {"result"}, str(e)
            entry = EXCEL[name](*args)
            assert entry == f"#IIE! {e}"
            return None
    check_excel_shaped(result)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert EXCEL[name](*args) == result or _same(EXCEL[name](*args), result)
    return result


def _same(a, b):
    return repr(a) == repr(b)


def n_args(name):
    return len(SPECS[name].args)


NAMES = sorted(FUNCTIONS)


# ----------------------------------------------------------------------------- 1. arbitrary arguments


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(data=st.data())
def test_fuzz_arbitrary_arguments(name, data):
    k = n_args(name)
    n_given = data.draw(st.integers(min_value=k - len(SPECS[name].optional), max_value=k))
    args = [data.draw(excel_values(), label=a) for a, _ in SPECS[name].args[:n_given]]
    call(name, args)


# ----------------------------------------------------------------------------- 2. near the worked example


def perturb(value, draw):
    """The example argument with some cells replaced, scaled, transposed or reshaped."""
    how = draw(st.sampled_from(["keep", "keep", "keep", "cells", "cells", "scale", "transpose", "text",
                                "replace"]))
    if how == "replace" or value is None:
        return draw(st.one_of(cell_values, excel_values()))
    if not isinstance(value, list):
        return draw(cell_values) if how == "cells" else value
    grid = value if all(isinstance(r, list) for r in value) else None
    flat = [x for r in grid for x in r] if grid else list(value)
    if how == "cells":
        for _ in range(draw(st.integers(1, 3))):
            flat[draw(st.integers(0, len(flat) - 1))] = draw(cell_values)
    elif how == "scale":
        factor = draw(st.sampled_from([0.0, -1.0, 1e-300, 1e-9, 1e9, 1e300]))
        flat = [x * factor if isinstance(x, (int, float)) and not isinstance(x, bool) else x for x in flat]
    elif how == "text":
        flat = [f"{x:,}" if isinstance(x, (int, float)) and not isinstance(x, bool) else x for x in flat]
    if grid:
        width = len(grid[0])
        out = [flat[i:i + width] for i in range(0, len(flat), width)]
        return [list(col) for col in zip(*out)] if how == "transpose" else out
    return [[x] for x in flat] if how == "transpose" else flat


@pytest.mark.parametrize("name", [n for n in NAMES if n != "IIE_VERSION"])
@SETTINGS
@given(data=st.data())
def test_fuzz_near_the_example(name, data):
    example = list(SPECS[name].example) + [None] * (n_args(name) - len(SPECS[name].example))
    args = [perturb(v, data.draw) for v in example]
    call(name, args)


# ----------------------------------------------------------------------------- 3. random IO tables


@st.composite
def io_tables(draw):
    n = draw(st.integers(1, 6))
    flows = st.one_of(st.floats(0.0, 100.0), st.just(0.0), st.none())
    Z = [[draw(flows) for _ in range(n)] for _ in range(n)]
    X = [draw(st.one_of(st.floats(0.0, 400.0), st.just(0.0))) for _ in range(n)]
    S = [draw(st.one_of(st.just(0.0), st.none(), st.floats(0.0, 1.0), st.just(1.0))) for _ in range(n)]
    return n, Z, X, S


@pytest.mark.parametrize("name", ["LEONTIEF_INV", "TECH_COEFF", "IIE_DIRECT", "IIE_PENETRATION", "IIE_AUGMENT"])
@SETTINGS
@given(table=io_tables(), data=st.data())
def test_fuzz_io_tables(name, table, data):
    n, Z, X, S = table
    col = [[x] for x in X]
    if name == "LEONTIEF_INV":
        args = [Z, data.draw(st.sampled_from([None, X, col]))]
    elif name == "TECH_COEFF":
        args = [Z, col]
    elif name == "IIE_DIRECT":
        M = [sum(r[j] or 0.0 for r in Z) for j in range(n)]
        args = [X, M, S, data.draw(st.booleans())]
    elif name == "IIE_PENETRATION":
        args = [Z, X, S, None, data.draw(st.sampled_from(["dz", "total", "dY", "lambda", "table"]))]
    else:
        args = [Z, X, data.draw(st.sampled_from([None, [[i + 1] for i in range(n) if S[i]]])), S,
                data.draw(st.sampled_from(["matrix", "output", "flows"]))]
    result = call(name, args)
    if result is not None and name == "IIE_PENETRATION" and args[-1] == "table":
        table_ = np.array(result, dtype=float)
        assert table_.shape == (n, 3)


# ----------------------------------------------------------------------------- 4. random year series


@st.composite
def year_series(draw):
    n = draw(st.integers(2, 16))
    first = draw(st.integers(1995, 2012))
    years = list(range(first, first + n))
    pos = st.one_of(st.floats(0.01, 1e4), st.none(), st.just(0.0), st.floats(-10, 10))
    return years, [draw(pos) for _ in years], [draw(pos) for _ in years], [draw(pos) for _ in years]


@pytest.mark.parametrize("name", ["PRODFN_FIT", "TECH_MULTIPLIER", "IIE_EXTRAPOLATE"])
@SETTINGS
@given(series=year_series(), data=st.data())
def test_fuzz_year_series(name, series, data):
    years, Y, K, L = series
    if name == "IIE_EXTRAPOLATE":
        args = [years, Y, data.draw(st.sampled_from([None, 2, 3, 5])),
                data.draw(st.sampled_from(["values", "flag", "table"]))]
    else:
        start = data.draw(st.sampled_from([None, years[0], years[0] + 2]))
        args = [years, Y, K, L, start, data.draw(st.sampled_from([None, years[-1]])), data.draw(st.booleans())]
    call(name, args)
