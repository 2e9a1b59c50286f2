"""The yearly update: `new-year` extends a book without touching what is there."""

from __future__ import annotations

from pathlib import Path

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
    charts = lambda book: books.book_content(book)["_charts"]  # noqa: E731
    assert charts(extended) == charts(DEMO) and len(charts(DEMO)) >= 3   # the same charts, none lost or doubled


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
    book = read_inputs(tmp_path / "b.xlsx")
    assert len(book.io.codes) == 153
    # issue 12 §2: the base year from the table, each change on its own line, the demo label gone
    assert "  changed: P_BASE_YEAR (基年 base year): 2017 → 2018 (from the table)\n" in out
    assert book.params.base_year == 2018 and "示例数据" not in book.params.label and "NBS" in book.params.label
    changed = [line for line in out.splitlines() if line.startswith("  changed: ")]
    assert changed[0].startswith("  changed: IO table: 149 → 153 sectors") and changed[-1].startswith(
        "  changed: P_LABEL (数据说明 data label): '示例数据")


# ----------------------------------------------------------------------------- issue 11: bad files and outputs

def test_a_text_number_that_overflows_is_an_error_naming_the_cell():
    """'1e999' as text in an IO cell: float('1e999') is inf, so it is no number — the reader
    names the cell (E5 = row 4, column 4, 0-based) instead of computing with infinity."""
    from iiecon_xl.workbook import reader

    ws = openpyxl.Workbook().active
    ws.title = L.IO
    ws.cell(row=5, column=5).value = "1e999"
    with pytest.raises(IIEInputError, match=r"投入产出表 IO table!E5: '1e999' is not a finite number"):
        reader.number(ws, 4, 4)


def test_outputs_that_are_or_link_to_an_input_or_are_a_folder_are_refused(tmp_path, capsys):
    """Refused before anything is read: one line, exit status 2, the inputs untouched."""
    book, export = tmp_path / "book.xlsx", tmp_path / "gdp.csv"
    book.write_bytes(b"not read")
    export.write_text("not read")
    (tmp_path / "hard.xlsx").hardlink_to(book)
    (tmp_path / "sym.xlsx").symlink_to(export)
    (tmp_path / "folder").mkdir()
    for argv in (["new-year", str(book), "2025", "-o", str(tmp_path / "hard.xlsx")],
                 ["import-series", str(export), "--into", str(book), "-o", str(tmp_path / "sym.xlsx")],
                 ["import-io", str(export), "--into", str(book), "-o", str(tmp_path / "folder")]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("iiecon-xl: input error: OUT:") and err.count("\n") == 1, err
    assert book.read_bytes() == b"not read" and export.read_text() == "not read"


def test_a_hostile_book_is_refused_before_new_year_reads_it(tmp_path, capsys):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(tmp_path / "far.xlsx"))
    wb.add_worksheet().write(1048575, 16383, 1)
    wb.close()
    assert cli.main(["new-year", str(tmp_path / "far.xlsx"), "2025", "-o", str(tmp_path / "o.xlsx")]) == 2
    assert "IIECON_XLSX_MAX_ROWS" in capsys.readouterr().err and not (tmp_path / "o.xlsx").exists()


def test_text_from_input_is_written_as_text():
    """A related sector named "=WEBSERVICE(…)" (its name also labels its expert-score block) and a
    city so named are strings in the rebuilt book, never formulas."""
    from iiecon_xl import demo
    from iiecon_xl.workbook.audit import expected_manifest

    inputs = demo.load_demo()
    hostile = '=WEBSERVICE("http://evil.example")'
    code = inputs.related.index[0]
    inputs.io.sectors.at[code, "name_zh"] = hostile
    inputs.city_gdp = inputs.city_gdp.rename(index={inputs.city_gdp.index[0]: hostile})
    man = expected_manifest(inputs, L.FUNCTION)
    assert not [k for k, f in man.formulas.items() if "WEBSERVICE" in f]
    texts = list(man.cells.values()) + list(man.inputs.values())   # labels, and the input cells
    assert sum(v == hostile for v in texts) >= 3   # IO row, related row, scores block, city


def test_an_export_in_wanyuan_goes_into_a_yiyuan_book_converted(tmp_path):
    """national_export('万元', 1e4) states 万元 and holds 91413.9 亿元 × 1e4; the book is in 亿元."""
    from iiecon_xl import demo, nbs
    from make_hostile_inputs import national_export

    path = tmp_path / "wan.csv"
    path.write_text(national_export("万元", 1e4), encoding="utf-8")
    inputs, marks = demo.load_demo(), {}
    update._national(nbs.read_nbs_export(path), inputs, [2023, 2024], marks, "wan.csv")
    assert inputs.national_gdp.at[2024, "primary"] == pytest.approx(91413.9)
    assert marks[("national_gdp", "primary", 2024)].status == "imported"


def test_build_workbooks_never_leaves_a_partial_book(tmp_path, monkeypatch):
    def broken(path, *a, **kw):
        Path(path).write_bytes(b"half a book")
        raise KeyboardInterrupt

    monkeypatch.setattr(books.builder, "build", broken)
    with pytest.raises(KeyboardInterrupt):
        books.build_workbooks(tmp_path / "wb")
    assert list((tmp_path / "wb").iterdir()) == []


# ----------------------------------------------------------------------------- issue 12 §2: messages

def test_messages_name_only_options_that_exist():
    """Every --option the NBS importers' messages suggest is an option of import-io or import-series."""
    import re

    import iiecon_xl.nbs as nbs_pkg

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices
    options = {o for name in ("import-io", "import-series") for a in sub[name]._actions for o in a.option_strings}
    named = set()
    for f in Path(nbs_pkg.__file__).parent.glob("*.py"):
        named |= set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", f.read_text(encoding="utf-8")))
    assert named and named <= options, named - options
    assert not re.search(r"with unit=\"\)", (Path(nbs_pkg.__file__).parent / "assemble.py").read_text())


# ----------------------------------------------------------------------------- issue 12 §1, §8: the sequence

def test_new_year_extrapolated_then_real_gdp_imported_leaves_no_demo_trend(tmp_path):
    """new-year 2025 --extrapolate fills 2025 GDP from the demo's 2017–2024 trend; importing the NBS
    export (2015–2024) replaces 2017–2024, so 2025 must be extrapolated again from the imported
    years: OLS over 2017–2024 (the book's years, window = all, §4) of the NBS values. It stays
    marked extrapolated, and report, audit and the Checks sheet list it (one recalc, our engine)."""
    from conftest import require_shared_data

    from iiecon_xl import model
    from iiecon_xl.workbook import provenance

    gdp = require_shared_data("macro", "nbs_gdp_by_industry_2015_2024.csv")
    update.new_year(DEMO, 2025, tmp_path / "a.xlsx", extrapolate=True)
    _, _, notes = update.import_series(gdp, tmp_path / "a.xlsx", tmp_path / "b.xlsx")
    assert "national_gdp primary 2025: extrapolated again from the imported values" in notes
    inputs = read_inputs(tmp_path / "b.xlsx", lenient=True)
    for col in ("primary", "secondary", "tertiary"):
        observed = inputs.national_gdp[col].drop(2025)
        assert observed.at[2024] == pytest.approx({"primary": 91413.9, "secondary": 492087.1,
                                                   "tertiary": 765582.5}[col])
        fresh, _ = model.linear_extrapolate(observed.reindex(range(2017, 2026)))
        assert inputs.national_gdp.at[2025, col] == pytest.approx(fresh.at[2025], rel=1e-12)
    lines = provenance.summary(inputs)
    assert any(line.startswith("全国GDP National GDP, national_gdp 2025: extrapolated") for line in lines)
    res = recalc.recalc(tmp_path / "b.xlsx", tmp_path / "b_calc.xlsx")
    assert res.ok, res.summary()
    result = audit.audit(res.out)
    assert any("national_gdp 2025: extrapolated" in n for n in result.notes)
    ws = openpyxl.load_workbook(res.out, data_only=True)[L.CHECKS]
    row = L.Layout(L.dims_for(inputs)).checks.not_data_row
    assert at(ws, row, 1).value == "WARN" and at(ws, row, 2).value == len(provenance.not_data(inputs))
