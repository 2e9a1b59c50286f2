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


def both(book: Path, tmp_path: Path) -> tuple[RecalcResult, RecalcResult]:
    new = recalc(book, tmp_path / f"new{book.suffix}")
    old = recalc(book, tmp_path / f"old{book.suffix}", engine="formulas")
    return new, old


def test_demo_book(demo_recalc, tmp_path):
    old = recalc(books.REPO_WORKBOOKS / books.DEMO_NAME, tmp_path / "old.xlsx", engine="formulas")
    assert demo_recalc.formula_cells > 7000
    assert_same(demo_recalc, old)


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
