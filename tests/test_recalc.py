"""Headless recalculation (iiecon_xl.recalc) and cached-value writing
(iiecon_xl.xlsx.cached_values): small books built with XlsxWriter in tmp_path, evaluated
by the engine, written back with their formulas and cached values, re-read with openpyxl
(formulas and ``data_only``) and recalculated again."""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
import xlsxwriter

from iiecon_xl import udfs
from iiecon_xl.errors import IIEInputError
from iiecon_xl.excel.messages import IIE_ERROR_PREFIX
from iiecon_xl.recalc import RecalcResult, SpillMismatch, add_recalc_parser, recalc
from iiecon_xl.xlsx import col_name
from iiecon_xl.xlsx.cached_values import full_calc_on_load, write_cached_values
from iiecon_xl.xlsx.errors import ExcelError
from iiecon_xl.xlsx.ooxml import FormulaCell, read_formula_cells, sheet_parts

PARAMS = "参数 Parameters"
CALC = "Calc"
# Miller & Blair's 2-sector example: A and its Leontief inverse (I − A)⁻¹
MB_A = [[0.15, 0.25], [0.20, 0.05]]
MB_L = [[1.2541, 0.3300], [0.2640, 1.1221]]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sheet_xml(path: Path, sheet: str) -> str:
    part = sheet_parts(path)[sheet]
    with zipfile.ZipFile(path) as zf:
        return zf.read(part).decode("utf-8")


def build(path: Path, fill, future: bool = True) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"use_future_functions": future})
    fill(wb)
    wb.close()
    return path


# ----------------------------------------------------------------------------- the main book


def fill_main(wb):
    p = wb.add_worksheet(PARAMS)
    c = wb.add_worksheet(CALC)
    d = wb.add_worksheet("Data")
    p.write_row("A1", MB_A[0])
    p.write_row("A2", MB_A[1])
    p.write("A4", 3)
    p.write("B4", "rate")
    p.write_row("A6", ["a", 1.0])  # a matrix with a text cell: bad input for LEONTIEF_INV
    p.write_row("A7", [2.0, 3.0])
    wb.define_name("Amat", f"='{PARAMS}'!$A$1:$B$2")
    wb.define_name("Rate", f"='{PARAMS}'!$A$4")
    # a small table: province, city value, weight
    d.write_row("A1", ["prov", "value", "w"])
    rows = [("P1", 10.0, 1), ("P2", 20.0, 2), ("P1", 30.0, 3), ("P3", 40.0, 4), ("P2", 50.0, 5)]
    for i, r in enumerate(rows):
        d.write_row(i + 1, 0, r)
    c.write_formula("A1", "=SUM(Amat)")
    c.write_formula("A2", "=Rate*2")
    c.write_formula("A3", "=SUMIF(Data!A2:A6,\"P2\",Data!B2:B6)")
    c.write_formula("A4", "=SUMPRODUCT(Data!B2:B6,Data!C2:C6)")
    c.write_formula("A5", "=IF(A1>0.5,\"big\",\"small\")")
    c.write_formula("A6", "=INDEX(Data!B2:B6,MATCH(\"P3\",Data!A2:A6,0))")
    c.write_formula("A7", "=ROUND(2/3,3)")
    c.write_formula("A8", f"='{PARAMS}'!B2*100")
    c.write_formula("A9", "=A3>60")
    c.write_formula("A10", "=1/0")
    c.write_formula("A11", "=COUNTIF(Data!A2:A6,\"P1\")")
    c.write_formula("A12", "=IFERROR(1/0,-1)")
    c.write_formula("A13", "=\"x\"&TEXT(A7,\"0.0\")")
    c.write_dynamic_array_formula("D1:E2", "=LEONTIEF_INV(Amat)")
    c.write_formula("A14", "=SUM(D1:E2)")           # reads the spill
    c.write_formula("A15", f"=LEONTIEF_INV('{PARAMS}'!A6:B7)")  # bad input → message
    c.write_formula("A16", "=A15")                   # a message propagates as text
    c.write_formula("A17", "=IIE_VERSION()")         # no arguments: evaluated at compile time
    c.write_dynamic_array_formula("D5:E6", "=LEONTIEF_INV({0.15,0.25;0.2,0.05})")  # constants
    c.write_dynamic_array_formula("D9:F11", "=LEONTIEF_INV(Amat)")  # declares 3×3, result 2×2
    c.write_dynamic_array_formula("D13:E14", f"=LEONTIEF_INV('{PARAMS}'!A6:B7)")  # message in a spill


@pytest.fixture(scope="module")
def main_book(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("main") / "main.xlsx", fill_main)


@pytest.fixture(scope="module")
def main_run(main_book, tmp_path_factory):
    before = sha(main_book)
    out = tmp_path_factory.mktemp("out") / "nested" / "deeper" / "main_values.xlsx"
    res = recalc(main_book, out)
    return res, out, before


def v(res: RecalcResult, cell: str, sheet: str = CALC):
    return res.values[(sheet, cell)]


def test_result_type_and_timings(main_run):
    res, out, _ = main_run
    assert isinstance(res, RecalcResult)
    assert res.out == out and out.exists()  # parent folders were created
    for key in ("load", "compile", "calculate", "write", "total"):
        assert res.timings[key] >= 0.0
    assert res.timings["total"] >= res.timings["calculate"]
    assert res.formula_cells == 21


def test_native_functions_and_defined_names(main_run):
    res, _, _ = main_run
    assert v(res, "A1") == pytest.approx(0.65)              # SUM over a workbook-level name
    assert v(res, "A2") == 6.0                              # a name for one cell
    assert v(res, "A3") == 70.0                             # SUMIF, cross-sheet
    assert v(res, "A4") == pytest.approx(10 + 40 + 90 + 160 + 250)  # SUMPRODUCT
    assert v(res, "A5") == "big"                            # IF → text
    assert v(res, "A6") == 40.0                             # INDEX/MATCH
    assert v(res, "A7") == 0.667                            # ROUND
    assert v(res, "A8") == pytest.approx(5.0)               # a Chinese + English sheet name
    assert v(res, "A9") is True                             # a boolean
    assert v(res, "A11") == 2.0                             # COUNTIF
    assert v(res, "A12") == -1.0                            # IFERROR
    assert v(res, "A13") == "x0.7"
    assert all(isinstance(x, (float, str, bool)) or x is None for x in res.values.values())


def test_error_values_are_reported(main_run):
    res, _, _ = main_run
    assert v(res, "A10") == "#DIV/0!" and isinstance(v(res, "A10"), ExcelError)
    assert (CALC, "A10", "#DIV/0!") in res.errors
    assert not res.ok


def test_udf_spills_into_its_declared_range(main_run):
    res, out, _ = main_run
    got = [[v(res, "D1"), v(res, "E1")], [v(res, "D2"), v(res, "E2")]]
    np.testing.assert_allclose(got, MB_L, atol=1e-4)
    np.testing.assert_allclose([[v(res, "D5"), v(res, "E5")], [v(res, "D6"), v(res, "E6")]], MB_L, atol=1e-4)
    assert v(res, "A14") == pytest.approx(np.sum(MB_L), abs=1e-3)
    # all four cells are cached in the file
    ws = openpyxl.load_workbook(out, data_only=True)[CALC]
    np.testing.assert_allclose([[ws["D1"].value, ws["E1"].value], [ws["D2"].value, ws["E2"].value]],
                               MB_L, atol=1e-4)


def test_udf_bad_input_gives_the_message_text(main_run):
    res, out, _ = main_run
    msg = v(res, "A15")
    assert isinstance(msg, str) and msg.startswith(f"{IIE_ERROR_PREFIX} matrix: ")
    assert "'a'" in msg  # names the offending cell's text
    assert res.messages[(CALC, "A15")] == msg
    assert (CALC, "A15", msg) in res.errors
    assert res.messages[(CALC, "A16")] == msg  # =A15 shows the same text, as in Excel
    ws = openpyxl.load_workbook(out, data_only=True)[CALC]
    assert ws["A15"].value == msg
    assert re.search(r'<c r="A15"[^>]* t="str"', sheet_xml(out, CALC))


def test_message_in_a_spill_range(main_run):
    res, _, _ = main_run
    assert v(res, "D13").startswith(f"{IIE_ERROR_PREFIX} matrix:")
    assert v(res, "E13") is None and v(res, "D14") is None and v(res, "E14") is None
    assert SpillMismatch(CALC, "D13", (2, 2), (1, 1)) in res.spill_mismatch


def test_udf_without_arguments(main_run):
    res, _, _ = main_run
    assert v(res, "A17") == udfs.FUNCTIONS["IIE_VERSION"]()


def test_spill_mismatch_is_reported_and_extra_cells_blank(main_run):
    res, out, _ = main_run
    assert SpillMismatch(CALC, "D9", (3, 3), (2, 2)) in res.spill_mismatch
    assert v(res, "E10") == pytest.approx(MB_L[1][1], abs=1e-4)
    for cell in ("F9", "F10", "D11", "E11", "F11"):
        assert v(res, cell) is None
    ws = openpyxl.load_workbook(out, data_only=True)[CALC]
    assert ws["F9"].value is None and ws["D11"].value is None  # XlsxWriter's 0 was cleared
    assert "spill mismatch" in res.summary() and "3×3" in res.summary()


def test_input_book_is_never_written(main_book, main_run):
    _, _, before = main_run
    assert sha(main_book) == before


def test_refuses_to_write_over_the_book(main_book, tmp_path):
    before = sha(main_book)
    with pytest.raises(IIEInputError) as e:
        recalc(main_book, main_book)
    assert e.value.argument == "OUT"
    other_spelling = main_book.parent / "." / ".." / main_book.parent.name / main_book.name
    with pytest.raises(IIEInputError, match="^OUT: "):
        recalc(main_book, other_spelling)
    link = tmp_path / "hardlink.xlsx"
    try:
        os.link(main_book, link)
    except OSError:  # pragma: no cover - file system without hard links
        pass
    else:
        with pytest.raises(IIEInputError, match="^OUT: "):
            recalc(link, main_book)
    assert sha(main_book) == before


def test_bad_paths(tmp_path):
    with pytest.raises(IIEInputError, match="^BOOK: "):
        recalc(tmp_path / "missing.xlsx", tmp_path / "out.xlsx")
    notzip = tmp_path / "fake.xlsx"
    notzip.write_text("not a zip")
    with pytest.raises(IIEInputError, match="^BOOK: "):
        recalc(notzip, tmp_path / "out.xlsx")


def test_output_keeps_every_formula(main_book, main_run):
    _, out, _ = main_run
    src = openpyxl.load_workbook(main_book)
    dst = openpyxl.load_workbook(out)
    for ws in src.worksheets:
        for row in ws.iter_rows():
            for c in row:
                d = dst[ws.title][c.coordinate]
                if c.data_type == "f":
                    a, b = c.value, d.value
                    if hasattr(a, "text"):  # array formulas
                        assert (a.text, a.ref) == (b.text, b.ref)
                    else:
                        assert a == b
    assert dst.defined_names["Amat"].attr_text == src.defined_names["Amat"].attr_text
    # the <f> elements are byte-identical, dynamic-array cells keep cm="1"
    f_src = re.findall(r"<c [^>]*><f[^>]*>.*?</f>", sheet_xml(main_book, CALC))
    f_dst = re.findall(r"<c [^>]*><f[^>]*>.*?</f>", sheet_xml(out, CALC))
    strip_t = [re.sub(r'^(<c [^>]*?) t="\w+"', r"\1", x) for x in f_dst]  # the cell's t, not <f>'s
    assert strip_t == f_src
    assert '<c r="D1" cm="1"><f t="array" ref="D1:E2">' in sheet_xml(out, CALC)


def test_output_has_cached_values_of_every_type(main_run):
    res, out, _ = main_run
    ws = openpyxl.load_workbook(out, data_only=True)[CALC]
    assert ws["A1"].value == pytest.approx(0.65)
    assert ws["A5"].value == "big"
    assert ws["A9"].value is True
    assert ws["A10"].value == "#DIV/0!"
    xml = sheet_xml(out, CALC)
    assert re.search(r'<c r="A9"[^>]* t="b"><f>[^<]*</f><v>1</v>', xml)
    assert re.search(r'<c r="A10"[^>]* t="e"><f>[^<]*</f><v>#DIV/0!</v>', xml)
    for (sheet, cell), value in res.values.items():
        got = ws[cell].value
        if isinstance(value, float):
            assert got == pytest.approx(value, rel=1e-12, abs=1e-300), cell
        else:
            assert got == value, cell


def test_formulas_can_reload_the_output(main_run, tmp_path):
    res, out, _ = main_run
    again = recalc(out, tmp_path / "again.xlsx")
    assert again.values.keys() == res.values.keys()
    for key, value in res.values.items():
        if isinstance(value, float):
            assert again.values[key] == pytest.approx(value)
        else:
            assert again.values[key] == value


def test_cached_values_shown_on_load_and_no_calc_chain(main_run):
    """XlsxWriter sets fullCalcOnLoad; the recalculated copy drops it so that a viewer
    without the iiecon-xl functions (LibreOffice) shows the numbers, not #NAME?."""
    _, out, _ = main_run
    with zipfile.ZipFile(out) as zf:
        assert "xl/calcChain.xml" not in zf.namelist()
        wbxml = zf.read("xl/workbook.xml").decode()
        assert "<calcPr" in wbxml and "fullCalcOnLoad" not in wbxml


def test_sheet_scoped_names(tmp_path):
    def fill(wb):
        a = wb.add_worksheet("A")
        b = wb.add_worksheet("B")
        a.write("A1", 4.0)
        b.write("A1", 5.0)
        wb.define_name("A!only_here", "=A!$A$1")   # unique: works as in Excel
        wb.define_name("A!twice", "=A!$A$1")       # the same name on two sheets: unsupported
        wb.define_name("B!twice", "=B!$A$1")
        a.write_formula("B1", "=only_here*2")
        a.write_formula("B2", "=twice*2")
    res = recalc(build(tmp_path / "local.xlsx", fill), tmp_path / "o.xlsx")
    assert res.values[("A", "B1")] == 8.0
    assert res.values[("A", "B2")] == "#REF!"  # Excel: 8 — a known limitation, reported as an error


def test_sheet_names_map_back_from_upper_case(tmp_path):
    def fill(wb):
        a = wb.add_worksheet("mixedCase Ünïcode")
        b = wb.add_worksheet("城市 Cities")
        a.write("A1", 2.0)
        b.write_formula("B2", "='mixedCase Ünïcode'!A1*3")
        a.write_formula("C3", "='城市 Cities'!B2+1")
    res = recalc(build(tmp_path / "Names.xlsx", fill), tmp_path / "out" / "Names.xlsx")
    assert res.values == {("城市 Cities", "B2"): 6.0, ("mixedCase Ünïcode", "C3"): 7.0}


def test_unparsable_formula_and_circular_references_do_not_abort(tmp_path):
    def fill(wb):
        s = wb.add_worksheet("S")
        s.write_formula("A1", "=B1+1")
        s.write_formula("B1", "=A1+1")                     # circular
        s.write_formula("C1", "=1*/2")                     # a formula the engine cannot parse
        s.write_formula("D1", "=SEQUENCE(3)")              # not implemented in formulas 1.3.4
        s.write_formula("E1", "=2+3")
        s.write_formula("F1", "=[1]!NOT_OURS(F1:G2)")      # another add-in's function: outside the book
    res = recalc(build(tmp_path / "odd.xlsx", fill), tmp_path / "o.xlsx")
    assert res.values[("S", "E1")] == 5.0
    assert res.values[("S", "C1")] == "#NAME?" and res.values[("S", "D1")] == "#NAME?"
    assert res.unparsed == [("S", "C1", "=1*/2")]
    assert res.values[("S", "F1")] == "#REF!"  # never called (issue 11): reported as a reach outside
    assert [(r.sheet, r.cell, r.kind) for r in res.external] == [("S", "F1", "link")]
    assert res.unevaluated == [("S", "A1"), ("S", "B1")]
    assert res.values[("S", "A1")] is None  # no stale cached value
    text = res.summary()
    assert "formula not understood" in text and "circular" in text


# ----------------------------------------------------------------------------- arguments and results


@pytest.fixture
def probe(monkeypatch):
    """Registry functions recording what they receive (removed from the registry afterwards)."""
    seen = {}

    def ECHO(a, b=None, c="default"):
        seen["args"] = (a, b, c)
        return 1.0

    def SHAPE(rows, cols):
        r, k = int(rows), int(cols)
        return [[None if (i + j) % 2 else float(i * k + j) for j in range(k)] for i in range(r)]

    def BOOM(x):
        raise RuntimeError("kaput")

    for f in (ECHO, SHAPE, BOOM):
        monkeypatch.setitem(udfs.FUNCTIONS, f.__name__, f)
    yield seen


@pytest.mark.parametrize("formula, expected", [
    ("=ECHO(A1:B2,C1)", ([[1.0, None], ["x", True]], 5.0, "default")),  # range → list of lists, blank → None
    ("=ECHO(C1)", (5.0, None, "default")),                                 # 1×1 → scalar, omitted → default
    ("=ECHO(A1:B1,C2,\"t\")", ([[1.0, None]], "#N/A", "t")),             # an error value → its text
    ("=ECHO(D9)", (None, None, "default")),                              # a blank cell → None
])
def test_argument_conversion(probe, tmp_path, formula, expected):
    def fill(wb):
        s = wb.add_worksheet("S")
        s.write_row("A1", [1.0, None])
        s.write_row("A2", ["x", True])
        s.write("C1", 5)
        s.write_formula("C2", "=NA()")
        s.write_formula("E1", formula)
    recalc(build(tmp_path / "args.xlsx", fill), tmp_path / "o.xlsx")
    assert probe["args"] == expected
    assert [type(x) for x in probe["args"]] == [type(x) for x in expected]  # 5 arrives as 5.0


def test_list_results_none_and_internal_errors(probe, tmp_path):
    def fill(wb):
        s = wb.add_worksheet("S")
        s.write_dynamic_array_formula("A1:C2", "=SHAPE(2,3)")
        s.write_formula("A4", "=BOOM(1)")
        s.write_formula("A5", "=ECHO()")
        s.write_formula("A6", "=ECHO(1,2,3,4)")
    res = recalc(build(tmp_path / "res.xlsx", fill), tmp_path / "o.xlsx")
    vals = {c: res.values[("S", c)] for c in ("A1", "B1", "C1", "A2", "B2", "C2")}
    # None in a result is shown as an empty text, as xlwings does in Excel
    assert vals == {"A1": 0.0, "B1": "", "C1": 2.0, "A2": "", "B2": 4.0, "C2": ""}
    assert res.values[("S", "A4")] == f"{IIE_ERROR_PREFIX} internal error: RuntimeError: kaput"
    assert res.values[("S", "A5")] == f"{IIE_ERROR_PREFIX} ECHO: takes 1 to 3 arguments, got 0"
    assert res.values[("S", "A6")].startswith(f"{IIE_ERROR_PREFIX} ECHO: takes 1 to 3 arguments")
    assert set(res.messages) == {("S", "A4"), ("S", "A5"), ("S", "A6")}


def test_udf_error_value_argument_names_the_argument(tmp_path):
    def fill(wb):
        s = wb.add_worksheet("S")
        s.write_row("A1", [0.1, 0.2])
        s.write("A2", 0.3)
        s.write_formula("B2", "=1/0")
        s.write_formula("D1", "=LEONTIEF_INV(A1:B2)")
    res = recalc(build(tmp_path / "err.xlsx", fill), tmp_path / "o.xlsx")
    assert res.messages[("S", "D1")] == f"{IIE_ERROR_PREFIX} matrix: cell (2, 2) holds the error value #DIV/0!"


def test_every_registry_function_is_found_by_the_engine():
    """Each function of the registry, by its name as written, upper-cased and with the _xlfn.
    prefix XlsxWriter writes, is the registry's (called without its required arguments it
    answers with the arity message, not #NAME?); an unknown name is #NAME?."""
    import inspect

    from iiecon_xl.recalc.library import call_function

    for name, func in udfs.FUNCTIONS.items():
        required = [p for p in inspect.signature(func).parameters.values()
                    if p.default is p.empty and p.kind is not p.VAR_POSITIONAL]
        if not required:
            continue
        for spelled in (name, name.upper(), "_XLFN." + name.upper()):
            got = call_function(spelled, [])(None)
            assert isinstance(got, str) and got.startswith(IIE_ERROR_PREFIX) and name in got, spelled
    assert str(call_function("NO_SUCH_FUNCTION", [])(None)) == "#NAME?"


# ----------------------------------------------------------------------------- INDEX


def fill_index(wb):
    s = wb.add_worksheet("S")
    for i in range(4):
        s.write_row(i, 0, [10.0 * i + j for j in range(3)])  # A1:C4, value 10*row0 + col0
    wb.define_name("M", "=S!$A$1:$C$4")
    s.write_formula("E1", "=SUM(INDEX(M,0,2))")        # column 2: 1+11+21+31
    s.write_formula("E2", "=SUM(INDEX(M,3,0))")        # row 3: 20+21+22
    s.write_formula("E3", "=INDEX(M,4,3)")
    s.write_formula("E4", "=INDEX(M,5,1)")             # #REF!
    s.write_formula("E5", "=INDEX(M,1,4)")             # #REF!
    s.write_formula("E6", "=INDEX(A1:A4,3)")           # one column: the row
    s.write_formula("E7", "=INDEX(A2:C2,3)")           # one row: the column
    s.write_formula("E8", "=SUM(A1:INDEX(A1:A4,3))")   # a reference out: A1:A3
    s.write_formula("E9", "=INDEX({1,2;3,4},2,1)")     # an array in
    s.write_formula("E10", "=SUM(INDEX({1,2;3,4},0,2))")
    s.write_formula("E11", "=INDEX(M,-1,1)")           # #VALUE!
    s.write_formula("E12", "=SUM(INDEX(M,0,0))")       # everything
    s.write_formula("E13", "=INDEX(M,2.9,1.2)")        # truncated: (2, 1)
    s.write_formula("E14", "=SUM(INDEX(M,2))")         # 2-D with one number: the row
    s.write_dynamic_array_formula("G1:G4", "=INDEX(M,0,3)")
    s.write_dynamic_array_formula("H1:J1", "=INDEX(M,2,0)")
    s.write_formula("E15", "=INDEX(LEONTIEF_INV({0.15,0.25;0.2,0.05}),2,2)")


def test_index_rows_columns_and_errors(tmp_path):
    res = recalc(build(tmp_path / "index.xlsx", fill_index), tmp_path / "o.xlsx")
    g = {c: res.values[("S", c)] for (s, c) in res.values}
    assert g["E1"] == 1 + 11 + 21 + 31
    assert g["E2"] == 20 + 21 + 22
    assert g["E3"] == 32.0
    assert g["E4"] == "#REF!" and g["E5"] == "#REF!"
    assert g["E6"] == 20.0 and g["E7"] == 12.0
    assert g["E8"] == 0 + 10 + 20
    assert g["E9"] == 3.0 and g["E10"] == 6.0
    assert g["E11"] == "#VALUE!"
    assert g["E12"] == sum(10.0 * i + j for i in range(4) for j in range(3))
    assert g["E13"] == 10.0
    assert g["E14"] == 10 + 11 + 12
    assert [g[f"G{i}"] for i in range(1, 5)] == [2.0, 12.0, 22.0, 32.0]
    assert [g["H1"], g["I1"], g["J1"]] == [10.0, 11.0, 12.0]
    assert g["E15"] == pytest.approx(MB_L[1][1], abs=1e-4)
    assert not res.spill_mismatch


# ----------------------------------------------------------------------------- fast loading


def test_constants_formulas_and_spills_in_one_grid(tmp_path):
    def fill(wb):
        s = wb.add_worksheet("In")
        c = wb.add_worksheet("Out")
        rng = np.random.default_rng(3)
        Z = rng.random((6, 6))
        X = Z.sum(axis=0) * 2
        for i in range(6):
            s.write_row(i, 0, Z[i].tolist())
        s.write_row(6, 0, X.tolist())
        s.write("H1", "text")
        s.write("H2", True)
        s.write_formula("H3", "=SUM(A1:F1)")   # a formula inside the input sheet
        s.write("H5", 1.5)
        wb.define_name("Z", "=In!$A$1:$F$6")
        c.write_dynamic_array_formula("A1:F6", "=LEONTIEF_INV(Z,In!A7:F7)")
        c.write_formula("H1", "=SUM(In!A1:A6)")
        c.write_formula("H2", "=SUM(In!H1:H5)")   # a range mixing constants and a formula
        c.write_formula("H3", "=COUNTA(In!H1:H9)")
        c.write_formula("H4", "=In!H2")
        c.write_formula("H5", "=SUM(A1:F6)")      # the spill
        c.write_formula("H6", "=SUMPRODUCT(In!A1:F1,In!A7:F7)")
        c.write_formula("H7", "=In!Z99+1")       # an empty cell far away
    book = build(tmp_path / "fast.xlsx", fill)
    res = recalc(book, tmp_path / "fast_out.xlsx")
    v = res.values
    rng = np.random.default_rng(3)  # the same draws as fill
    Z = rng.random((6, 6))
    X = Z.sum(axis=0) * 2
    L = np.linalg.inv(np.eye(6) - Z / X)  # LEONTIEF_INV(Z, X) = (I − Z·diag(X)⁻¹)⁻¹
    got = np.array([[v[("Out", f"{col_name(j)}{i + 1}")] for j in range(6)] for i in range(6)])
    np.testing.assert_allclose(got, L, rtol=1e-10)
    assert v[("In", "H3")] == pytest.approx(Z[0].sum(), rel=1e-13)
    assert v[("Out", "H1")] == pytest.approx(Z[:, 0].sum(), rel=1e-13)
    # SUM of a range skips its text and TRUE: the formula H3 and 1.5
    assert v[("Out", "H2")] == pytest.approx(Z[0].sum() + 1.5, rel=1e-13)
    assert v[("Out", "H3")] == 4.0 and v[("Out", "H4")] is True  # COUNTA: text, TRUE, H3, H5
    assert v[("Out", "H5")] == pytest.approx(L.sum(), rel=1e-10)
    assert v[("Out", "H6")] == pytest.approx(Z[0] @ X, rel=1e-13)
    assert v[("Out", "H7")] == 1.0  # an empty cell far away reads as 0
    assert not res.errors and not res.unevaluated


SHAPES = {
    "B": "=A{r}*2",
    "C": "=$A$2+A{r}",                  # the first one (row 2) has a single input: not shared
    "D": "=A{r}+$A$4",                  # in row 4 both references are A4
    "E": "=A{r}+$A$2",                  # the first one (row 2) has a single input: not shared
    "F": "=SUM($A$2:A{r})",
    "G": "=ROW()*A{r}",                 # depends on the cell: never shared
    "H": "='Data Sheet'!B{r}*Rate",
    "I": "=SUMIF('Data Sheet'!$C$2:$C$9,\"x\",'Data Sheet'!$B$2:$B$9)+A{r}",
    "J": "=SUM(A2:INDEX($A$1:$A$9,{r}))",  # openpyxl reads "A2:INDEX(" as a function name
    "K": "=LET(v,A{r},v*2)",
    "L": "=A{r}&\"-\"&TEXT(B{r},\"0.0\")",
    "M": "=IF(A{r}>0.35,\"big\",A{r})",
    "N": "=LEONTIEF_INV(A{r})",
    "O": "=INDEX($A$2:$A$9,ROWS($A$2:A{r}))",
    "P": "=Q{r}+1",                     # refers to a cell filled by a later formula
    "Q": "=B{r}/2",
}


def test_formulas_of_one_shape_share_their_compiled_function(tmp_path):
    def fill(wb):
        s = wb.add_worksheet("S")
        d = wb.add_worksheet("Data Sheet")
        wb.define_name("Rate", "='Data Sheet'!$E$1")
        d.write("E1", 3.0)
        for r in range(2, 10):
            s.write(f"A{r}", r / 10)
            d.write_row(f"B{r}", [float(r), "x" if r % 2 else "y"])
            for col, f in SHAPES.items():
                s.write_formula(f"{col}{r}", f.format(r=r))
    book = build(tmp_path / "shapes.xlsx", fill)
    fast = recalc(book, tmp_path / "fast.xlsx")
    # 16 shapes × 7 later rows share the compiled function of their first row, but J
    # (its rows differ by a constant: INDEX(…, r))
    assert fast.shared_formulas == (16 - 1) * 7
    v = fast.values
    a = {r: r / 10 for r in range(2, 10)}  # column A
    for r in (2, 5, 9):  # every shape, hand-computed: Rate = 3, the x rows of Data Sheet are the odd ones
        assert v[("S", f"B{r}")] == a[r] * 2 and v[("S", f"C{r}")] == 0.2 + a[r]
        assert v[("S", f"F{r}")] == pytest.approx(sum(a[k] for k in range(2, r + 1)))
        assert v[("S", f"H{r}")] == r * 3.0
        assert v[("S", f"I{r}")] == pytest.approx(3 + 5 + 7 + 9 + a[r])
        assert v[("S", f"K{r}")] == a[r] * 2
        assert v[("S", f"L{r}")] == f"{a[r]:g}-{a[r] * 2:.1f}"
        assert v[("S", f"M{r}")] == ("big" if a[r] > 0.35 else a[r])
        assert v[("S", f"O{r}")] == a[r] and v[("S", f"Q{r}")] == a[r]
    assert [v[("S", f"D{r}")] for r in (3, 4, 5)] == [0.3 + 0.4, 0.4 + 0.4, 0.5 + 0.4]
    assert [v[("S", f"E{r}")] for r in (2, 3)] == [0.2 + 0.2, 0.3 + 0.2]
    assert [v[("S", f"G{r}")] for r in (2, 9)] == [2 * 0.2, 9 * 0.9]
    assert [v[("S", f"J{r}")] for r in (2, 5)] == [0.2, pytest.approx(0.2 + 0.3 + 0.4 + 0.5)]
    assert v[("S", "N5")] == pytest.approx(1 / (1 - 0.5))
    assert v[("S", "P9")] == 9 * 0.1 + 1


# ----------------------------------------------------------------------------- cached values


def excel_like_book(tmp_path: Path) -> Path:
    """An XlsxWriter book edited to look like one saved by Excel: mc:Ignorable, x14ac,
    xr:uid attributes, a calculation chain, a shared string and a row without spans."""
    src = build(tmp_path / "plain.xlsx", lambda wb: (
        wb.add_worksheet("S").write_formula("B2", "=A2*2"),
        wb.worksheets()[0].write("A2", 21),
        wb.worksheets()[0].write("A5", "label"),
        wb.worksheets()[0].write_formula("C5", "=A5&\"!\"")))
    dst = tmp_path / "excel_like.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name).decode("utf-8")
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ',
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                    'mc:Ignorable="x14ac xr" '
                    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
                    'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
                    'xr:uid="{00000000-0001-0000-0000-000000000000}" ')
                data = data.replace('<row r="2" spans="1:3">', '<row r="2" x14ac:dyDescent="0.25">')
            if name == "[Content_Types].xml":
                data = data.replace("</Types>", '<Override PartName="/xl/calcChain.xml" ContentType='
                                    '"application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>'
                                    "</Types>")
            if name == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", '<Relationship Id="rId99" Type="http://schemas.'
                                    'openxmlformats.org/officeDocument/2006/relationships/calcChain" '
                                    'Target="calcChain.xml"/></Relationships>')
            if name == "xl/workbook.xml":
                data = re.sub(r"<calcPr[^>]*/>", '<calcPr calcId="191029"/>', data)
            zout.writestr(name, data)
        zout.writestr("xl/calcChain.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                      '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                      '<c r="B2" i="1"/></calcChain>')
    return dst


def test_calc_chain_removed_and_excel_markup_kept(tmp_path):
    book = excel_like_book(tmp_path)
    res = recalc(book, tmp_path / "o.xlsx")
    assert res.values == {("S", "B2"): 42.0, ("S", "C5"): "label!"}
    with zipfile.ZipFile(tmp_path / "o.xlsx") as zf:
        names = zf.namelist()
        assert "xl/calcChain.xml" not in names
        assert "calcChain" not in zf.read("[Content_Types].xml").decode()
        assert "calcChain" not in zf.read("xl/_rels/workbook.xml.rels").decode()
        wbxml = zf.read("xl/workbook.xml").decode()
        assert '<calcPr calcId="191029"/>' in wbxml
        xml = zf.read("xl/worksheets/sheet1.xml").decode()
    with zipfile.ZipFile(book) as zf:
        before = zf.read("xl/worksheets/sheet1.xml").decode()
    head = before[:before.index("<sheetData>")]
    assert xml.startswith(head)  # namespaces, mc:Ignorable, xr:uid unchanged
    assert '<row r="2" x14ac:dyDescent="0.25"><c r="A2"><v>21</v></c><c r="B2"><f>A2*2</f><v>42</v></c>' in xml
    wb = openpyxl.load_workbook(tmp_path / "o.xlsx", data_only=True)
    assert wb["S"]["B2"].value == 42 and wb["S"]["C5"].value == "label!"


def test_prefixed_xml_and_shared_formulas(tmp_path):
    """Sheet XML written with an ``x:`` prefix (OpenXML SDK style) and Excel's shared formulas."""
    def fill(wb):
        s = wb.add_worksheet("S")
        s.write_column("A1", [1, 2, 3])
        for r in (1, 2, 3):
            s.write_formula(f"B{r}", f"=A{r}*2")
        s.write_formula("C1", '="t"')
    src = build(tmp_path / "plain.xlsx", fill)
    book = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(book, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name).decode("utf-8")
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace('<c r="B1"><f>A1*2</f>', '<c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f>')
                data = data.replace('<c r="B2"><f>A2*2</f>', '<c r="B2"><f t="shared" si="0"/>')
                data = data.replace('<c r="B3"><f>A3*2</f>', '<c r="B3"><f t="shared" si="0"/>')
                data = re.sub(r"<(/?)([A-Za-z]\w*)(?=[\s/>])", r"<\1x:\2", data)
                data = data.replace('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                                    'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
            zout.writestr(name, data)
    out = tmp_path / "o.xlsx"
    res = recalc(book, out)
    assert res.values == {("S", "B1"): 2.0, ("S", "B2"): 4.0, ("S", "B3"): 6.0, ("S", "C1"): "t"}
    xml = sheet_xml(out, "S")
    assert '<x:c r="B2"><x:f t="shared" si="0"/><x:v>4</x:v></x:c>' in xml
    assert '<x:c r="C1" t="str"><x:f>"t"</x:f><x:v>t</x:v></x:c>' in xml
    assert [c.value for c in openpyxl.load_workbook(out, data_only=True)["S"]["B"]] == [2, 4, 6]
    assert [c.value for c in openpyxl.load_workbook(out)["S"]["B"]] == ["=A1*2", "=A2*2", "=A3*2"]


def test_write_cached_values_creates_cells_and_rows_in_order(tmp_path):
    def fill(wb):
        s = wb.add_worksheet("S")
        s.write("B3", 1.0)
        s.write("D3", 2.0)
        s.write("B8", 3.0)
    src = build(tmp_path / "src.xlsx", fill)
    dst = tmp_path / "dst.xlsx"
    values = {("S", "C3"): "text & <more>", ("S", "E3"): True, ("S", "A3"): ExcelError("#N/A"),
              ("S", "B5"): 2.5, ("S", "A1"): " padded ", ("s", "F10"): -0.0, ("S", "D3"): None,
              ("S", "B8"): 1e-20}
    write_cached_values(src, dst, values)
    xml = sheet_xml(dst, "S")
    rows = [int(r) for r in re.findall(r'<row r="(\d+)"', xml)]
    assert rows == sorted(rows) == [1, 3, 5, 8, 10]
    row3 = re.search(r'<row r="3".*?</row>', xml).group(0)
    assert re.findall(r'<c r="([A-Z]+)3"', row3) == ["A", "B", "C", "D", "E"]
    assert '<c r="C3" t="inlineStr"><is><t>text &amp; &lt;more&gt;</t></is></c>' in row3
    assert '<c r="A3" t="e"><v>#N/A</v></c>' in row3
    assert '<c r="D3"/>' in row3
    assert '<t xml:space="preserve"> padded </t>' in xml
    assert re.search(r'<dimension ref="A1:F10"/>', xml)
    ws = openpyxl.load_workbook(dst)["S"]
    assert ws["C3"].value == "text & <more>" and ws["E3"].value is True and ws["A3"].value == "#N/A"
    assert ws["B5"].value == 2.5 and ws["A1"].value == " padded " and ws["F10"].value == 0
    assert ws["D3"].value is None and ws["B8"].value == 1e-20 and ws["B3"].value == 1
    with pytest.raises(KeyError):
        write_cached_values(src, tmp_path / "x.xlsx", {("Nope", "A1"): 1.0})
    with pytest.raises(ValueError):
        write_cached_values(src, src, {})


def test_full_calc_on_load_is_inserted_in_schema_order():
    xml = ('<workbook xmlns="m"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
           '<definedNames><definedName name="a">S!$A$1</definedName></definedNames></workbook>')
    out = full_calc_on_load(xml)
    assert out.endswith('</definedNames><calcPr fullCalcOnLoad="1"/></workbook>')
    assert full_calc_on_load('<workbook><sheets/></workbook>') == \
        '<workbook><sheets/><calcPr fullCalcOnLoad="1"/></workbook>'
    assert full_calc_on_load('<workbook><sheets/><calcPr calcId="1" fullCalcOnLoad="0"/></workbook>') == \
        '<workbook><sheets/><calcPr calcId="1" fullCalcOnLoad="1"/></workbook>'


def test_read_formula_cells(main_book):
    cells = read_formula_cells(main_book)
    assert cells[CALC]["D1"] == FormulaCell("LEONTIEF_INV(Amat)", "D1:E2", True)
    assert cells[CALC]["A3"].formula == 'SUMIF(Data!A2:A6,"P2",Data!B2:B6)'
    assert cells[CALC]["A3"].array_ref is None
    assert list(sheet_parts(main_book)) == [PARAMS, CALC, "Data"]


# ----------------------------------------------------------------------------- command line


def parser():
    import argparse

    p = argparse.ArgumentParser(prog="iiecon-xl")
    add_recalc_parser(p.add_subparsers(dest="command", required=True))
    return p


def run_cli(argv) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


def test_cli_exit_status_and_summary(main_book, tmp_path, capsys):
    assert run_cli(["recalc", str(main_book), "-o", str(tmp_path / "o.xlsx")]) == 1  # #DIV/0!, messages
    out = capsys.readouterr().out
    assert "21 formula cells evaluated" in out
    assert "Calc!A10: #DIV/0!" in out and "Calc!A15: #IIE! matrix:" in out
    assert "spill mismatch Calc!D9" in out and "timings: load" in out

    clean = build(tmp_path / "clean.xlsx", lambda wb: wb.add_worksheet("S").write_formula("A1", "=1+1"))
    assert run_cli(["recalc", str(clean), "-o", str(tmp_path / "clean_out.xlsx")]) == 0
    assert "no error values" in capsys.readouterr().out

    assert run_cli(["recalc", str(clean), "-o", str(clean)]) == 2
    assert "input error: OUT:" in capsys.readouterr().err


# ----------------------------------------------------------------------------- package structure


def test_formulas_is_imported_only_when_a_recalculation_runs():
    import subprocess
    import sys

    code = ("import sys, iiecon_xl.recalc, iiecon_xl.xlsx.cached_values; "
            "print(sorted(m for m in ('formulas', 'schedula') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
