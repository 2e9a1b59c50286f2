"""iiecon_xl.excel.cells: Excel-shaped values in (every shape and cell kind Excel, xlwings and
formulas hand over) and out (scalars, columns, never NaN/inf)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from iiecon_xl.excel import cells
from iiecon_xl.excel.cells import BLANK_IS_ERROR
from iiecon_xl.errors import IIEInputError


class FakeXlError(str):
    """Like formulas' XlError: a str subclass whose value is the error code."""


class FakeToken(str):
    """Like schedula's EMPTY token that formulas uses for blank cells."""


class ErrorObject:
    """An object (not a str) whose str() is an error code."""

    def __str__(self):
        return "#REF!"


EMPTY = FakeToken("empty")


def err(fn, *args, **kw) -> IIEInputError:
    with pytest.raises(IIEInputError) as info:
        fn(*args, **kw)
    return info.value


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("text, value", [
    ("1,234.5", 1234.5), (" 12 ", 12.0), ("1.5e3", 1500.0), ("-3", -3.0), ("+7", 7.0),
    ("12%", 0.12), ("1,234,567", 1234567.0), (".5", 0.5), ("3.", 3.0), ("\u22122.5", -2.5),
    ("\xa042\xa0", 42.0), ("1E-2", 0.01),
])
def test_numbers_stored_as_text(text, value):
    assert cells.to_scalar("x", text) == pytest.approx(value)
    assert cells.to_vector("x", [text, 1.0])[0] == pytest.approx(value)


@pytest.mark.parametrize("text", ["abc", "1,2", "12,34.5", "1.2.3", "--1", "1e", "inf", "nan", "TRUE", "1 2", "%"])
def test_text_that_is_not_a_number(text):
    e = err(cells.to_matrix, "matrix", [[1.0, text]])
    assert e.argument == "matrix"
    assert "cell (1, 2)" in str(e) and "not a number" in str(e)


def test_text_overflowing_to_infinity():
    assert "too large" in str(err(cells.to_scalar, "N", "1e999"))


def test_numeric_types():
    assert cells.to_scalar("x", 3) == 3.0
    assert cells.to_scalar("x", np.float32(2.5)) == 2.5
    assert cells.to_scalar("x", np.int64(4)) == 4.0
    assert cells.to_scalar("x", np.array(5.0)) == 5.0
    assert "infinite" in str(err(cells.to_scalar, "x", float("inf")))
    assert "infinite" in str(err(cells.to_matrix, "m", [[1.0, -math.inf]]))


# ----------------------------------------------------------------------------- blanks


@pytest.mark.parametrize("blank", [None, "", "   ", float("nan"), np.nan, EMPTY])
def test_blank_kinds(blank):
    assert cells.is_blank(blank)
    assert cells.to_vector("v", [1.0, blank]).tolist() == [1.0, 0.0]
    assert np.isnan(cells.to_vector("v", [1.0, blank], blank=np.nan)[1])
    assert "item 2 is blank" in str(err(cells.to_vector, "v", [1.0, blank], blank=BLANK_IS_ERROR))


def test_plain_text_empty_is_text_not_blank():
    assert not cells.is_blank("empty")
    assert "not a number" in str(err(cells.to_scalar, "x", "empty"))


def test_scalar_blank_uses_default_or_raises():
    assert cells.to_scalar("mean", None, default=None) is None
    assert cells.to_scalar("mean", [[None]], default=7.0) == 7.0
    assert str(err(cells.to_scalar, "N", None)) == "N: is required but blank"


# ----------------------------------------------------------------------------- error values


@pytest.mark.parametrize("value, code", [
    ("#N/A", "#N/A"), ("#DIV/0!", "#DIV/0!"), ("#VALUE!", "#VALUE!"), ("#REF!", "#REF!"),
    ("#NAME?", "#NAME?"), ("#NUM!", "#NUM!"), ("#NULL!", "#NULL!"), ("#n/a", "#N/A"),
    (-2146826246, "#N/A"), (-2146826281, "#DIV/0!"), (-2146826273, "#VALUE!"),
    (FakeXlError("#DIV/0!"), "#DIV/0!"), (ErrorObject(), "#REF!"),
    ({"type": "Error", "errorType": "NotAvailable", "basicValue": "#N/A"}, "#N/A"),
    ("#SPILL!", "#SPILL!"), ("#N/A!", "#N/A!"), (" #calc! ", "#CALC!"),
])
def test_error_values_name_the_argument_and_cell(value, code):
    e = err(cells.to_matrix, "matrix", [[1.0, 2.0], [3.0, 4.0], [5.0, value]])
    assert str(e) == f"matrix: cell (3, 2) holds the error value {code}"
    assert e.argument == "matrix"


def test_upstream_iie_error_is_an_error_value():
    e = err(cells.to_vector, "total_output", ["#IIE! flows: must be square, got 2×3", 1.0])
    assert "item 1 holds the error value #IIE! flows" in str(e)


def test_error_in_scalar_and_flag_and_text():
    assert str(err(cells.to_scalar, "N", "#N/A")) == "N: holds the error value #N/A"
    assert "error value #NUM!" in str(err(cells.to_bool, "by_sector", "#NUM!"))
    assert "error value #REF!" in str(err(cells.to_text, "result", [["#REF!"]]))


# ----------------------------------------------------------------------------- booleans, dates, other


def test_booleans_are_not_numbers():
    e = err(cells.to_matrix, "matrix", [[1.0, True]])
    assert str(e) == "matrix: cell (1, 2) holds TRUE, which is not a number here"
    assert "FALSE" in str(err(cells.to_scalar, "N", np.bool_(False)))


@pytest.mark.parametrize("value, expected", [
    (True, True), (False, False), (1, True), (0.0, False), ("TRUE", True), ("false", False),
    (" True ", True), ("1", True), ("0", False), (None, None), ([[True]], True), (np.bool_(True), True),
])
def test_to_bool(value, expected):
    default = object()
    got = cells.to_bool("by_sector", value, default)
    assert got is default if expected is None else got is expected


@pytest.mark.parametrize("value", [2, 0.5, "maybe", dt.date(2020, 1, 1), [[1, 2]]])
def test_to_bool_rejects(value):
    assert err(cells.to_bool, "by_sector", value).argument == "by_sector"


def test_dates_and_objects_are_not_numbers():
    assert "date" in str(err(cells.to_scalar, "N", dt.datetime(2020, 1, 1)))
    assert "date" in str(err(cells.to_vector, "v", [dt.date(2020, 1, 1)]))
    assert "type object" in str(err(cells.to_scalar, "N", object()))
    assert "type complex" in str(err(cells.to_scalar, "N", 1 + 2j))


# ----------------------------------------------------------------------------- shapes


def test_matrix_shapes():
    assert cells.to_matrix("m", 5).tolist() == [[5.0]]
    assert cells.to_matrix("m", [1, 2, 3]).tolist() == [[1.0, 2.0, 3.0]]
    assert cells.to_matrix("m", ((1, 2), (3, 4))).tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert cells.to_matrix("m", np.array([[1, "2"]], dtype=object)).tolist() == [[1.0, 2.0]]
    assert str(err(cells.to_matrix, "m", [[1, 2], [3]])) == \
        "m: row 2 has 1 cells but row 1 has 2; pass a rectangular range"
    assert "empty" in str(err(cells.to_matrix, "m", []))
    assert "empty" in str(err(cells.to_matrix, "m", [[]]))
    assert "mixes" in str(err(cells.to_matrix, "m", [1, [2]]))
    assert "nested" in str(err(cells.to_matrix, "m", [[[1]]]))
    assert "3 dimensions" in str(err(cells.to_matrix, "m", np.zeros((2, 2, 2))))
    assert str(err(cells.to_matrix, "flows", [[1, 2, 3], [4, 5, 6]], square=True)) == \
        "flows: must be square, got 2×3"


@pytest.mark.parametrize("shape", ["row2d", "column", "flat", "tuple", "ndarray1d", "ndarray2d"])
def test_vector_orientations(shape):
    data = [1.0, "2", None, 4]
    v = {"row2d": [data], "column": [[x] for x in data], "flat": data, "tuple": tuple(data),
         "ndarray1d": np.array(data, dtype=object), "ndarray2d": np.array([data], dtype=object).T}[shape]
    assert cells.to_vector("X", v).tolist() == [1.0, 2.0, 0.0, 4.0]


def test_vector_scalar_and_errors():
    assert cells.to_vector("X", 3).tolist() == [3.0]
    assert str(err(cells.to_vector, "X", [[1, 2], [3, 4]])) == "X: must be a single row or column, got 2×2"
    assert str(err(cells.to_vector, "total_output", [1, 2], 3, against=("flows", (3, 3)))) == \
        "total_output: 2 values, but flows is 3×3"
    assert str(err(cells.to_vector, "Y", [1], 2, against="years")) == "Y: 1 value, but years has 2"
    assert str(err(cells.to_vector, "G", [1, 2, 3], 5)) == "G: 3 values, expected 5"
    assert str(err(cells.to_vector, "X", [[1.0], ["x"]])) == \
        "X: cell (2, 1) holds the text 'x', which is not a number"


def test_scalar_shapes():
    assert cells.to_scalar("N", [[20]]) == 20.0
    assert cells.to_scalar("N", [20]) == 20.0
    assert str(err(cells.to_scalar, "N", [[1, 2]])) == "N: must be a single cell, got 1×2"


def test_to_int():
    assert cells.to_int("start", "2,016") == 2016
    assert cells.to_int("start", 2016.0) == 2016
    assert cells.to_int("window", None, None) is None
    assert cells.to_int("start", [[None]], 2007) == 2007
    assert "whole number" in str(err(cells.to_int, "start", 2016.5))
    assert "at least 2" in str(err(cells.to_int, "window", 1, None, minimum=2))


def test_to_text():
    assert cells.to_text("result", " TOTAL ", "dz", choices=("dz", "total")) == "total"
    assert cells.to_text("result", None, "dz", choices=("dz",)) == "dz"
    assert cells.to_text("result", [["dY"]], choices=("dY",)) == "dY"
    assert str(err(cells.to_text, "result", "sum", "dz", choices=("dz", "total"))) == \
        "result: unknown option 'sum'; use one of \"dz\", \"total\""
    assert "got 3" in str(err(cells.to_text, "result", 3, "dz", choices=("dz",)))
    assert "must be text" in str(err(cells.to_text, "name", True))
    assert "required" in str(err(cells.to_text, "name", ""))


# ----------------------------------------------------------------------------- results


def test_to_excel_shapes():
    assert cells.to_excel(np.float64(2.5)) == 2.5 and type(cells.to_excel(np.float64(2.5))) is float
    assert cells.to_excel(np.array(3.0)) == 3.0
    assert cells.to_excel(np.array([1.0, 2.0])) == [[1.0], [2.0]]
    assert cells.to_excel(np.array([[1, 2], [3, 4]])) == [[1, 2], [3, 4]]
    assert cells.to_excel([1.0, 2.0]) == [[1.0], [2.0]]
    assert cells.to_excel([["a", np.int64(1), np.bool_(True)]]) == [["a", 1, True]]
    assert cells.to_excel("text") == "text"


def test_to_excel_never_returns_nan_or_inf():
    assert cells.to_excel(np.array([1.0, np.nan]), blanks=True) == [[1.0], [None]]
    for bad in (np.nan, np.inf, np.array([1.0, np.inf]), np.array([[np.nan]]), [[1.0, None]]):
        e = err(cells.to_excel, bad, name="flows")
        assert e.argument == "flows"
    assert err(cells.to_excel, np.array([np.inf]), blanks=True).argument == "result"


def test_to_excel_rejects_unknown():
    with pytest.raises(TypeError):
        cells.to_excel(object())
    with pytest.raises(TypeError):
        cells.to_excel([])
    with pytest.raises(TypeError):
        cells.to_excel(np.zeros((1, 1, 1)))


def test_fast_path_equals_slow_path():
    rng = np.random.default_rng(1)
    rows = rng.random((20, 20)).tolist()
    fast = cells.to_matrix("m", rows)
    slow = cells.to_matrix("m", [[str(x) if (i + j) % 7 == 0 else x for j, x in enumerate(r)]
                                 for i, r in enumerate(rows)])
    np.testing.assert_allclose(fast, slow, rtol=1e-15)
    assert cells.to_matrix("m", [[1, 2]]).dtype == float


def test_real_formulas_engine_values(tmp_path):
    """The `formulas` engine hands ranges as numpy object arrays holding its own error and
    blank tokens; the registry reads them (checked through a real workbook)."""
    formulas = pytest.importorskip("formulas")
    xlsxwriter = pytest.importorskip("xlsxwriter")
    from iiecon_xl.udfs import FUNCTIONS

    path = tmp_path / "book.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_row("A1", [0.2, 0.3])
    ws.write_row("A2", [0.1, "0.4"])                 # a number stored as text
    ws.write_formula("C1", "=1/0")                   # an error value in a cell
    ws.write_dynamic_array_formula("E1:F2", "=LEONTIEF_INV(A1:B2)")
    ws.write_dynamic_array_formula("E4:E7", "=CITY_INDEX(A1:A4, 20)")  # A3:A4 blank
    ws.write_formula("E9", "=LEONTIEF_INV(A1:B1)")
    ws.write_formula("E10", "=LEONTIEF_INV(B1:C2)")
    wb.close()

    seen = []

    def wrap(f):
        def call(*args):
            values = [a.value if hasattr(a, "value") else a for a in args]
            seen.extend(type(x).__name__ for v in values if isinstance(v, np.ndarray) for x in v.ravel())
            try:
                result = f(*values)
            except IIEInputError as e:
                return np.asarray([[f"#IIE! {e}"]], dtype=object)
            return np.asarray(result if isinstance(result, list) else [[result]], dtype=object)
        return call

    registry = formulas.get_functions()
    for name, f in FUNCTIONS.items():
        registry[name] = wrap(f)
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    got = {k.split("!")[1]: getattr(v, "value", None) for k, v in solution.items() if "!" in k}

    np.testing.assert_allclose(np.asarray(got["E1:F2"], dtype=float), [[4 / 3, 2 / 3], [2 / 9, 16 / 9]])
    index = got["E4:E7"].ravel().tolist()
    assert index[:2] == [pytest.approx(20 * math.log(1 + 0.2 / 0.15)), pytest.approx(20 * math.log(1 + 0.1 / 0.15))]
    assert [cells.is_blank(x) for x in index[2:]] == [True, True], index
    assert got["E9"][0][0] == "#IIE! matrix: must be square, got 1×2"
    assert got["E10"][0][0] == "#IIE! matrix: cell (1, 2) holds the error value #DIV/0!"
    assert "XlError" in seen and "Token" in seen, seen


def test_every_excel_error_value_is_an_error():
    from iiecon_xl.xlsx.errors import COM_ERROR_CODES, EXCEL_ERRORS

    for code in sorted(EXCEL_ERRORS) + sorted(COM_ERROR_CODES):
        e = err(cells.to_scalar, "N", code)
        assert str(e).startswith("N: holds the error value #"), str(e)


@pytest.mark.parametrize("text, value", [("\uff14\uff12", 42.0), ("\u22121,000", -1000.0)])
def test_numbers_in_text_use_the_shared_parser(text, value):
    from iiecon_xl.numtext import parse_number_text

    assert cells.to_scalar("x", text) == parse_number_text(text) == value
