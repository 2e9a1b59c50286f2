"""The fast engine against the ``formulas`` dispatcher engine it replaces, on every cell.

Books: the committed demo and template, the books built in tests/test_recalc.py and the
function editions built from the real NBS 2017 and 2020 tables (``import-io``). Every
value (relative 1e-12 for numbers, exact for texts, booleans, errors and messages), the
spill mismatches, the unparsed and the unevaluated cells must agree.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from conftest import require_shared_data
from iiecon_xl.recalc import RecalcResult, recalc
from iiecon_xl.workbook import books

import test_recalc as tr


def assert_same(new: RecalcResult, old: RecalcResult, known: frozenset = frozenset()) -> None:
    """Every value agrees, except the cells of ``known`` (where the formulas engine is wrong)."""
    assert new.values.keys() == old.values.keys()
    for key, want in old.values.items():
        got = new.values[key]
        if key in known:
            continue
        if isinstance(want, float) and isinstance(got, float):
            assert math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-300), (key, got, want)
        else:
            assert (type(got), got) == (type(want), want), key
    assert new.messages == old.messages
    assert [e for e in new.errors if e[:2] not in known] == [e for e in old.errors if e[:2] not in known]
    assert new.spill_mismatch == old.spill_mismatch
    assert new.unparsed == old.unparsed and new.unevaluated == old.unevaluated
    assert new.formula_cells == old.formula_cells


_OMITTED_MEAN = b"CITY_INDEX(CITY_VA, P_N, , CITY_IN_MEAN)"
_EXPLICIT_MEAN = b"CITY_INDEX(CITY_VA, P_N, AVERAGEIF(CITY_IN_MEAN, 1, CITY_VA), CITY_IN_MEAN)"


def explicit_mean(book: Path, folder: Path) -> Path:
    """``book`` with CITY_INDEX's omitted ``mean`` argument written out as the mean it stands for
    (the same value): the formulas engine reads an omitted argument as 0 (see
    :func:`test_the_formulas_engine_reads_an_omitted_argument_as_zero`), so both engines are
    compared on the book with the argument given."""
    import zipfile

    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"explicit_{book.name}"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(_OMITTED_MEAN, _EXPLICIT_MEAN)
            dst.writestr(item, data)
    return out


def test_the_formulas_engine_reads_an_omitted_argument_as_zero(tmp_path):
    """Excel (and xlwings) pass an omitted argument as missing: CITY_INDEX then averages the
    flagged rows, X̄ = (1 + 2 + 3 + 4)/4 = 2.5 and CI_1 = 2·ln(1 + 1/2.5) = 0.6729…; the formulas
    engine passes 0, which CITY_INDEX refuses as a mean."""
    import xlsxwriter

    path = tmp_path / "omitted.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for i, v in enumerate((1.0, 2.0, 3.0, 4.0)):
        ws.write(i, 0, v)
        ws.write(i, 1, 1)
    ws.write_dynamic_array_formula(0, 3, 3, 3, "=CITY_INDEX(A1:A4, 2, , B1:B4)")
    wb.close()
    new, old = both(path, tmp_path)
    assert math.isclose(new.values[("S", "D1")], 2 * math.log(1 + 1 / 2.5), rel_tol=1e-12)
    assert str(old.values[("S", "D1")]).startswith("#IIE! mean: must be positive, got 0")


def both(book: Path, tmp_path: Path) -> tuple[RecalcResult, RecalcResult]:
    book = explicit_mean(book, tmp_path)
    new = recalc(book, tmp_path / f"new{book.suffix}")
    old = recalc(book, tmp_path / f"old{book.suffix}", engine="formulas")
    return new, old


def test_demo_book(tmp_path):
    new, old = both(books.REPO_WORKBOOKS / books.DEMO_NAME, tmp_path)
    assert new.formula_cells > 7000
    assert_same(new, old)


def test_template_book(tmp_path):
    """The empty template: its check "no error value in the report" (SUMPRODUCT(--ISERROR(…)))
    counts the error values as Excel does; the formulas engine counts none (see below)."""
    new, old = both(books.REPO_WORKBOOKS / books.TEMPLATE_NAME, tmp_path)
    checks = "校验 Checks"
    assert_same(new, old, known=frozenset({(checks, "B10"), (checks, "C10")}))
    assert old.values[(checks, "C10")] == 0.0 and old.values[(checks, "B10")] == "OK"
    assert new.values[(checks, "C10")] > 0 and new.values[(checks, "B10")] == "FAIL"


def test_iserror_over_formula_errors_counts_them_as_excel(tmp_path):
    """Excel: SUMPRODUCT(--ISERROR(A1:A3)) with =1/0 and =NA() in the range is 2. The
    formulas engine gives 0 (its range assembly hides the errors of formula cells)."""
    def fill(wb):
        s = wb.add_worksheet("S")
        s.write_formula("A1", "=1/0")
        s.write("A2", 1.0)
        s.write_formula("A3", "=NA()")
        s.write_formula("B1", "=SUMPRODUCT(--ISERROR(A1:A3))")
        s.write_formula("B2", "=ISERROR(A1)")
    new, old = both(tr.build(tmp_path / "iserror.xlsx", fill), tmp_path)
    assert new.values[("S", "B1")] == 2.0 and new.values[("S", "B2")] is True
    assert old.values[("S", "B1")] == 0.0  # the defect the fast engine does not share


@pytest.mark.parametrize("fill", [tr.fill_main, tr.fill_index], ids=["main", "index"])
def test_books_of_test_recalc(fill, tmp_path):
    assert_same(*both(tr.build(tmp_path / "book.xlsx", fill), tmp_path))


def test_shapes_and_excel_like_books(tmp_path):
    def fill(wb):
        s = wb.add_worksheet("S")
        d = wb.add_worksheet("Data Sheet")
        wb.define_name("Rate", "='Data Sheet'!$E$1")
        d.write("E1", 3.0)
        for r in range(2, 10):
            s.write(f"A{r}", r / 10)
            d.write_row(f"B{r}", [float(r), "x" if r % 2 else "y"])
            for col, f in tr.SHAPES.items():
                s.write_formula(f"{col}{r}", f.format(r=r))
    assert_same(*both(tr.build(tmp_path / "shapes.xlsx", fill), tmp_path))
    excel_like = tr.excel_like_book(tmp_path)
    assert_same(*both(excel_like, tmp_path / "x"))


@pytest.mark.parametrize("name, n", [("nbs_io_2017_149.csv", 149), ("nbs_io_2020_153.csv", 153)])
def test_real_data_books(name, n, tmp_path):
    from iiecon_xl.workbook import update

    path = require_shared_data("io", name)
    out, _ = update.import_io(path, books.REPO_WORKBOOKS / books.DEMO_NAME, tmp_path / f"book_{n}.xlsx")
    new, old = both(out, tmp_path)
    assert new.ok, new.summary()
    assert_same(new, old)
