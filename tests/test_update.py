"""The yearly update: `new-year` extends a book without touching what is there."""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest

from iiecon_xl import cli
from iiecon_xl.errors import IIEInputError
from iiecon_xl import recalc
from iiecon_xl.workbook import audit, books, layout as L, update
from iiecon_xl.workbook.reader import read_inputs

DEMO = books.REPO_WORKBOOKS / books.DEMO_NAME


def at(ws, row: int, col: int):
    """The openpyxl cell at a layout's 0-based (row, col)."""
    return ws.cell(row=row + 1, column=col + 1)


def layout_of(book) -> L.Layout:
    return L.Layout(L.dims_for(read_inputs(book, lenient=True)))


@pytest.fixture(scope="module")
def extended(tmp_path_factory):
    out = tmp_path_factory.mktemp("ny") / "demo_2025.xlsx"
    update.new_year(DEMO, 2025, out)
    return out


def test_new_year_extends_every_year_indexed_input_and_keeps_the_old_values(extended):
    before, after = read_inputs(DEMO), read_inputs(extended, lenient=True)
    assert list(after.section_va.columns) == list(before.section_va.columns) + [2025]
    assert 2025 in after.national_gdp.index and 2025 in after.macro.index
    assert (after.province_gdp.xs(2025, level="year").isna()).all().all()
    # every existing input untouched
    old = before.section_va
    np.testing.assert_array_equal(after.section_va[old.columns].to_numpy(), old.to_numpy())
    np.testing.assert_array_equal(after.province_gdp.loc[before.province_gdp.index].to_numpy(),
                                  before.province_gdp.to_numpy())
    np.testing.assert_array_equal(after.io.Z.to_numpy(), before.io.Z.to_numpy())
    assert after.params.growth_span == (2021, 2025)


def test_new_year_cells_are_marked_awaiting_data_and_reports_grow(extended):
    wb, lay = openpyxl.load_workbook(extended), layout_of(extended)
    ws = wb[L.SECTION_VA]
    col = lay.section_va.year_col(8)           # 2017 … 2024, then 2025
    assert at(ws, L.HEAD, col).value == 2025
    new = at(ws, lay.section_va.row(0), col)
    assert new.value is None and new.fill.fgColor.rgb.endswith("FFC7CE") and "awaiting" in new.comment.text
    nat = wb[L.R_NATIONAL]
    core_2025 = at(nat, lay.national.row(8), lay.national.col("core"))   # the 2025 row of the national report
    assert str(core_2025.value).startswith("=SUM(")
    with __import__("zipfile").ZipFile(extended) as zf:
        assert sum(n.startswith("xl/charts/chart") for n in zf.namelist()) == 3


def test_new_year_with_extrapolation_recalculates_and_audits_clean(tmp_path):
    """GDP and macro inputs of the new year are extrapolated (§4) and marked; section value
    added stays blank and is extrapolated, and flagged, by the book's own formulas."""
    out = tmp_path / "demo_2025x.xlsx"
    update.new_year(DEMO, 2025, out, extrapolate=True)
    res = recalc.recalc(out, tmp_path / "demo_2025x_recalc.xlsx")
    assert res.ok, res.summary()
    result = audit.audit(res.out)
    assert result.ok, result.text()
    ng = layout_of(out).national_gdp
    cell = at(openpyxl.load_workbook(out)[L.NATIONAL_GDP], ng.row(1), ng.year_col(8))   # primary, 2025
    assert isinstance(cell.value, float) and "extrapolated" in cell.comment.text


def test_new_year_refuses_a_year_already_there_and_never_writes_over_book(tmp_path):
    with pytest.raises(IIEInputError, match="YEAR: 2024 is already in the book"):
        update.new_year(DEMO, 2024, tmp_path / "x.xlsx")
    before = DEMO.read_bytes()
    with pytest.raises(IIEInputError, match="OUT"):
        update.new_year(DEMO, 2025, DEMO)
    assert DEMO.read_bytes() == before


def test_cli_new_year(tmp_path, capsys):
    assert cli.main(["new-year", str(DEMO), "2025", "-o", str(tmp_path / "n.xlsx")]) == 0
    assert "awaiting data" in capsys.readouterr().out
    assert cli.main(["new-year", str(DEMO), "2020", "-o", str(tmp_path / "m.xlsx")]) == 2


def test_import_series_national_gdp_by_industry(tmp_path):
    """The NBS national export's three industry rows land in 全国GDP for the book's years."""
    from conftest import require_shared_data

    path = require_shared_data("macro", "nbs_gdp_by_industry_2015_2024.csv")
    out, what, notes = update.import_series(path, DEMO, tmp_path / "s.xlsx")
    ng = read_inputs(out, lenient=True).national_gdp
    assert ng.at[2024, "primary"] == pytest.approx(91413.9) and ng.at[2017, "secondary"] == pytest.approx(331580.5)
    assert any("2015" in n and "2016" in n for n in notes)      # years outside the book are reported


def test_import_series_provincial_total_needs_an_industry(tmp_path, capsys):
    """地区生产总值 is total GDP; the Province GDP sheet is by industry, so the user must say
    which block (or export the industry series)."""
    from conftest import require_shared_data

    path = require_shared_data("provinces", "nbs_provincial_gdp_2006_2024.csv")
    with pytest.raises(IIEInputError, match="FILE: .*地区生产总值"):
        update.import_series(path, DEMO, tmp_path / "p.xlsx")
    assert cli.main(["import-series", str(path), "--into", str(DEMO), "-o", str(tmp_path / "p.xlsx"),
                     "--industry", "tertiary"]) == 0
    pg = read_inputs(tmp_path / "p.xlsx", lenient=True).province_gdp
    assert pg.at[(110000, 2024), "tertiary"] == pytest.approx(49670.2)
    assert "imported provinces, tertiary" in capsys.readouterr().out


def test_cli_import_io(tmp_path, capsys):
    from conftest import require_shared_data

    path = require_shared_data("io", "nbs_io_2018_153.csv")
    assert cli.main(["import-io", str(path), "--into", str(DEMO), "-o", str(tmp_path / "b.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "153 sectors" in out and "2018_153" in out
    assert len(read_inputs(tmp_path / "b.xlsx").io.codes) == 153
