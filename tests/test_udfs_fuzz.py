"""Hypothesis fuzzing of every registered Excel function, through every entry path.

Whatever Excel-shaped values arrive — random shapes (scalars, rows, columns, ranges, ragged,
empty or too deeply nested lists), random cell values (numbers, NaN, ±inf, huge and tiny
numbers, numbers stored as text, other and unicode text, booleans, dates, blanks, Excel error
values in all their forms) — each function is called three ways:

1. the plain callable of the registry (:data:`FUNCTIONS`): it returns an Excel-shaped result
   holding no NaN and no ±inf, or raises the package's IIEInputError naming one of its
   arguments; any other exception escapes and fails the test;
2. the xlwings entry point (:data:`EXCEL`): it returns the same result, or exactly the
   ``"#IIE! <argument>: <problem>"`` text of that error;
3. the entry the headless engine uses (:func:`iiecon_xl.recalc.bridge.registry_call`, the
   same for the ``formulas`` engine and the fast one), on the values as the engine hands them
   over (numpy object arrays, ``formulas``' blank token and ``XlError`` objects): it never
   raises, never answers "internal error" (the wrapper's text for an exception that escaped)
   and returns no non-finite number anywhere in its result.

The fuzzer cannot pass by rejecting everything: every strategy counts the calls that computed
a value, and a strategy meant to reach the economics (near the worked example, random IO tables,
random year series) fails for a function none of whose examples got past the argument checks.
The profile is bounded and derandomized (the same examples on every run).
"""

from __future__ import annotations

import collections
import datetime as dt
import math
import warnings

import numpy as np
import pytest
import schedula as sh
from formulas.tokens.operand import Error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iiecon_xl.errors import IIEInputError
from iiecon_xl.recalc.bridge import registry_call
from iiecon_xl.udfs import EXCEL, FUNCTIONS, SPECS
from iiecon_xl.xlsx.errors import COM_ERROR_CODES

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NAMES = sorted(FUNCTIONS)
ENGINE = {name: registry_call(name, FUNCTIONS[name]) for name in NAMES}


class XlErrorLike(str):
    """Like formulas' XlError (a str subclass holding the code)."""


class EmptyToken(str):
    """Like the schedula token formulas uses for blank cells."""


TEXTS = ["", " ", "1,234.5", " 12 ", "1.5e3", "-3", "12%", "abc", "1,2", "TRUE", "FALSE", "1e999", "1e19",
         "#N/A", "#DIV/0!", "#VALUE!", "#IIE! flows: bad", "dz", "total", "dY", "lambda", "table",
         "flag", "values", "output", "flows", "matrix", "weighted", "minmax", "empty", "gras", "ghosh",
         "²", "０３９", "٣", "一", "039", "C39", "农产品", "\u2212" "5", "\x00"]
HUGE_TINY = [1e308, -1e308, 1.7976931348623157e308, 5e-324, -5e-324, 1e-300, 1e19, 2.0 ** 63, 2 ** 64,
             -(2 ** 63), 9007199254740993.0]

cell_values = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(HUGE_TINY + [math.nan, math.inf, -math.inf]),
    st.floats(min_value=-5.0, max_value=200.0),
    st.floats(min_value=0.0, max_value=1.0),
    st.integers(min_value=-5, max_value=2030),
    st.integers(min_value=-10 ** 12, max_value=10 ** 12),
    st.sampled_from(sorted(COM_ERROR_CODES)),
    st.booleans(),
    st.sampled_from(TEXTS),
    st.text(max_size=6),
    st.sampled_from([XlErrorLike("#N/A"), EmptyToken("empty"), np.float64(2.5), np.int64(3), np.bool_(True),
                     np.float32(1.5), {"type": "Error", "basicValue": "#REF!"}]),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1)),
)


@st.composite
def excel_values(draw, elements=cell_values):
    """A value as Excel or xlwings hands it over: a cell, a flat list, a range, or a malformed list."""
    kind = draw(st.sampled_from(["scalar", "flat", "grid", "grid", "column", "row", "ragged", "empty", "deep"]))
    if kind == "scalar":
        return draw(elements)
    if kind == "empty":
        return draw(st.sampled_from([[], [[]], [[], []]]))
    if kind == "ragged":
        return [draw(st.lists(elements, min_size=1, max_size=4)) for _ in range(draw(st.integers(2, 4)))]
    if kind == "deep":
        return [[[draw(elements)], draw(elements)]]
    r = draw(st.integers(1, 6))
    c = draw(st.integers(1, 6))
    if kind == "flat":
        return draw(st.lists(elements, min_size=1, max_size=8))
    if kind == "column":
        c = 1
    if kind == "row":
        r = 1
    return [[draw(elements) for _ in range(c)] for _ in range(r)]


# ----------------------------------------------------------------------------- the three entry paths


def _plain_ok(x) -> bool:
    if x is None or type(x) in (str, bool, int):
        return True
    return type(x) is float and math.isfinite(x)


def check_excel_shaped(result):
    """A scalar or a non-empty rectangular list of lists of plain, finite cell values."""
    if isinstance(result, list):
        assert result and all(isinstance(r, list) for r in result), result
        width = len(result[0])
        assert width > 0 and all(len(r) == width for r in result), result
        bad = [x for r in result for x in r if not _plain_ok(x)]
        assert not bad, f"NaN/inf or a non-Excel value returned: {bad[:3]}"
    else:
        assert result is not None and _plain_ok(result), f"not an Excel value: {result!r}"


def non_finite(x) -> list:
    """Every number inside ``x`` (nested lists, tuples, arrays of any dtype) that is not finite."""
    if isinstance(x, np.ndarray):
        return non_finite(x.tolist())
    if isinstance(x, (list, tuple)):
        return [bad for item in x for bad in non_finite(item)]
    if isinstance(x, (bool, np.bool_, str)) or x is None:
        return []
    if isinstance(x, complex):
        return [x]
    if isinstance(x, (float, int, np.number)):
        return [] if math.isfinite(float(x)) else [x]
    return []


def texts(x) -> list[str]:
    """Every text inside ``x``."""
    if isinstance(x, np.ndarray):
        return texts(x.tolist())
    if isinstance(x, (list, tuple)):
        return [t for item in x for t in texts(item)]
    return [x] if isinstance(x, str) else []


_ENGINE_ERRORS = {code: Error.errors[code] for code in Error.errors}


def engine_cell(x):
    """One cell as ``formulas`` holds it: its blank token, its XlError objects, plain numbers."""
    if x is None:
        return sh.EMPTY
    if isinstance(x, str) and x.strip().upper() in _ENGINE_ERRORS:
        return _ENGINE_ERRORS[x.strip().upper()]
    return x


def engine_value(v):
    """An argument as the engine hands it over: a scalar, or a 2-D numpy object array (a ragged or
    deeper list cannot come out of a sheet, and goes through as it is)."""
    if not isinstance(v, list):
        return engine_cell(v)
    rows = v if v and all(isinstance(r, list) for r in v) else [v]
    if not rows[0] or len({len(r) for r in rows}) != 1 or any(isinstance(x, list) for r in rows for x in r):
        return v
    out = np.empty((len(rows), len(rows[0])), dtype=object)
    for i, r in enumerate(rows):
        for j, x in enumerate(r):
            out[i, j] = engine_cell(x)
    return out


def call(name, args, tally):
    """The three paths of the module docstring on one argument list; counts "value" or "message"."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy/statsmodels RuntimeWarnings are not failures
        try:
            result = FUNCTIONS[name](*args)
        except IIEInputError as e:
            assert e.argument and str(e).startswith(e.argument + ": ")
            assert e.argument in {a for a, _ in SPECS[name].args} | {"result"}, str(e)
            expected, kind = f"#IIE! {e}", "message"
        else:
            check_excel_shaped(result)
            expected, kind = result, "value"
        entry = EXCEL[name](*args)
        engine = ENGINE[name](*[engine_value(a) for a in args])
    assert entry == expected or repr(entry) == repr(expected)
    assert not non_finite(engine), f"{name}: non-finite number(s) {non_finite(engine)[:3]} from the engine"
    internal = [t for t in texts(engine) if "internal error" in t]
    assert not internal, f"{name}: an exception escaped in the engine: {internal[0]}"
    tally[kind] += 1
    return result if kind == "value" else None


def run_cases(strategy_test, name, *, must_compute: bool):
    """Run a hypothesis test for ``name`` and check what it reached (see the module docstring)."""
    tally = collections.Counter()
    strategy_test(name, tally)
    assert tally["value"] + tally["message"] > 0
    if must_compute:
        assert tally["value"] > 0, f"{name}: no example got past the argument checks: {dict(tally)}"


def n_args(name):
    return len(SPECS[name].args)


# ----------------------------------------------------------------------------- 1. arbitrary arguments


def _arbitrary(name, tally):
    @SETTINGS
    @given(data=st.data())
    def run(data):
        k = n_args(name)
        n_given = data.draw(st.integers(min_value=k - len(SPECS[name].optional), max_value=k))
        call(name, [data.draw(excel_values(), label=a) for a, _ in SPECS[name].args[:n_given]], tally)

    run()


@pytest.mark.parametrize("name", NAMES)
def test_fuzz_arbitrary_arguments(name):
    run_cases(_arbitrary, name, must_compute=name == "IIE_VERSION")


# ----------------------------------------------------------------------------- 2. near the worked example


def perturb(value, draw):
    """The example argument, kept (most often), or with some cells replaced, scaled, transposed,
    written as text or replaced whole."""
    how = draw(st.sampled_from(["keep"] * 6 + ["cells", "cells", "scale", "transpose", "text", "replace"]))
    if how == "replace" or value is None:
        return draw(st.one_of(cell_values, excel_values())) if how == "replace" else value
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


def _near_example(name, tally):
    @SETTINGS
    @given(data=st.data())
    def run(data):
        example = list(SPECS[name].example) + [None] * (n_args(name) - len(SPECS[name].example))
        call(name, [perturb(v, data.draw) for v in example], tally)

    run()


@pytest.mark.parametrize("name", [n for n in NAMES if n != "IIE_VERSION"])
def test_fuzz_near_the_example(name):
    run_cases(_near_example, name, must_compute=True)


# ----------------------------------------------------------------------------- 3. random IO tables


@st.composite
def io_tables(draw):
    """(n, Z, X, S, V): X either meets X ≥ row and column sums of Z (plus a margin) or is random
    (which may break X ≥ M or leave a zero-output sector that buys or sells)."""
    n = draw(st.integers(1, 6))
    flows = st.one_of(st.floats(0.0, 100.0), st.just(0.0), st.none())
    Z = [[draw(flows) for _ in range(n)] for _ in range(n)]
    Zf = np.array([[z or 0.0 for z in r] for r in Z])
    if draw(st.booleans()):
        margin = [draw(st.one_of(st.floats(0.0, 100.0), st.just(0.0))) for _ in range(n)]
        X = (np.maximum(Zf.sum(axis=0), Zf.sum(axis=1)) + margin).tolist()
    else:
        X = [draw(st.one_of(st.floats(0.0, 400.0), st.just(0.0))) for _ in range(n)]
    S = [draw(st.one_of(st.just(0.0), st.none(), st.floats(0.0, 1.0), st.just(1.0))) for _ in range(n)]
    V = [x - m + draw(st.sampled_from([0.0, 0.0, 1e-3, -1e-3])) for x, m in zip(X, Zf.sum(axis=0))]
    return n, Z, X, S, V


IO_NAMES = ["LEONTIEF_INV", "TECH_COEFF", "IIE_DIRECT", "IIE_PENETRATION", "IIE_AUGMENT", "GHOSH_INV",
            "IO_LINKAGES", "IO_MULTIPLIERS", "IO_EXTRACTION"]


def _io_args(name, n, Z, X, S, V, draw):
    col = [[x] for x in X]
    if name == "LEONTIEF_INV":
        return [Z, draw(st.sampled_from([None, X, col]))]
    if name in ("TECH_COEFF", "GHOSH_INV", "IO_LINKAGES"):
        return [Z, col]
    if name == "IIE_DIRECT":
        return [X, [sum(r[j] or 0.0 for r in Z) for j in range(n)], S, draw(st.booleans())]
    if name == "IIE_PENETRATION":
        return [Z, X, S, draw(st.sampled_from([None, V])),
                draw(st.sampled_from(["dz", "total", "dY", "lambda", "table"]))]
    if name == "IO_MULTIPLIERS":
        return [Z, X, draw(st.sampled_from([None, V])), None, None, None, "value_added"]
    if name == "IO_EXTRACTION":
        return [Z, X, [1.0] * n, [1], None, draw(st.sampled_from([None, V]))]
    return [Z, X, draw(st.sampled_from([None, [[i + 1] for i in range(n) if S[i]]])), S,
            draw(st.sampled_from(["matrix", "output", "flows"]))]


def _io_tables(name, tally):
    @SETTINGS
    @given(table=io_tables(), data=st.data())
    def run(table, data):
        n, Z, X, S, V = table
        args = _io_args(name, n, Z, X, S, V, data.draw)
        result = call(name, args, tally)
        if result is not None and name == "IIE_PENETRATION" and args[-1] == "table":
            assert np.array(result, dtype=float).shape == (n, 3)

    run()


@pytest.mark.parametrize("name", IO_NAMES)
def test_fuzz_io_tables(name):
    run_cases(_io_tables, name, must_compute=True)


# ----------------------------------------------------------------------------- 4. random year series


@st.composite
def year_series(draw):
    """(years, Y, K, L): either a clean series (positive values, at least 6 plausible years, the
    window inside them) or a rough one (blanks, zeros, negatives, implausible years)."""
    if draw(st.booleans()):
        n = draw(st.integers(6, 16))
        first = draw(st.integers(1995, 2012))
        years = [float(first + i) for i in range(n)]
        pos = st.floats(0.01, 1e4)
    else:
        n = draw(st.integers(2, 16))
        first = draw(st.one_of(st.integers(1995, 2012), st.sampled_from([1948, 2190, 10 ** 19])))
        years = [float(first + i) for i in range(n)]
        pos = st.one_of(st.floats(0.01, 1e4), st.none(), st.just(0.0), st.floats(-10, 10))
    return years, [draw(pos) for _ in years], [draw(pos) for _ in years], [draw(pos) for _ in years]


def _year_series(name, tally):
    @SETTINGS
    @given(series=year_series(), data=st.data())
    def run(series, data):
        years, Y, K, L = series
        if name == "IIE_EXTRAPOLATE":
            args = [years, Y, data.draw(st.sampled_from([None, 2, 3, 5])),
                    data.draw(st.sampled_from(["values", "flag", "table"]))]
        else:
            start = data.draw(st.sampled_from([years[0], years[0], years[0] + 2, None, 1e300]))
            args = [years, Y, K, L, start, data.draw(st.sampled_from([years[-1], years[-1], None])),
                    data.draw(st.booleans())]
        call(name, args, tally)

    run()


@pytest.mark.parametrize("name", ["PRODFN_FIT", "TECH_MULTIPLIER", "IIE_EXTRAPOLATE"])
def test_fuzz_year_series(name):
    run_cases(_year_series, name, must_compute=True)


# ----------------------------------------------------------------------------- the checks themselves


def test_the_checks_catch_what_they_must():
    """The result checks are not vacuous: a NaN or an inf at any depth, an "internal error" text
    and a ragged result are each caught, and the engine-shaped values are what formulas holds."""
    assert non_finite([[1.0, "a"], [None, np.array([np.nan], dtype=object)]]) != []
    assert non_finite(np.array([[1.0, -np.inf]])) != [] and non_finite(np.float32("inf")) != []
    assert non_finite([[1.0, "x", True, None, 3]]) == []
    assert texts(np.array([["#IIE! internal error: ValueError: x"]], dtype=object)) == [
        "#IIE! internal error: ValueError: x"]
    with pytest.raises(AssertionError):
        check_excel_shaped([[1.0], [1.0, 2.0]])
    with pytest.raises(AssertionError):
        check_excel_shaped([[1.0, math.nan]])
    arr = engine_value([[None, "#N/A"], [1.0, "x"]])
    assert arr[0, 0] is sh.EMPTY and arr[0, 1] is Error.errors["#N/A"] and arr[1, 1] == "x"
