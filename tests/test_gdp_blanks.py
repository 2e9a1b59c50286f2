"""Blanks in national, provincial and city GDP (issue 13 §2): the pipeline and both editions of
the book fill them alike and mark them — numbers plus a mark, not errors.

The rules (``iiecon_xl.pipeline.gdp``, METHOD.md §4):

* national GDP of an industry and provincial GDP of a province and industry are yearly series:
  a blank year outside the observed ones is a + b·t with (b, a) the OLS line over the observed
  years (all of them: the demo's P_WINDOW is blank), a blank between them the straight line
  between its neighbours; flagged "extrapolated" / "interpolated";
* city GDP (one cross-section, no time axis): a blank industry GDP counts as 0 in the cities'
  shares of their province; the city is flagged "incomplete".

The planted blanks (:data:`NATIONAL`, :data:`PROVINCE`, :data:`CITY`): national tertiary GDP in
the last year; province 0's primary GDP in the last year, province 5's secondary in the first and
province 9's tertiary in a middle year; two cities' GDP of one industry. Expected values are
computed here by hand from the demo's own inputs with numpy, not by the package. One book per
edition is built with the blanks and recalculated once (the function edition by our engine, the
native one by LibreOffice), shared by the module's tests.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import openpyxl
import pytest

from iiecon_xl import demo, pipeline, recalc
from iiecon_xl.inputs import INDUSTRY_COLUMNS
from iiecon_xl.recalc.libreoffice import find_soffice
from iiecon_xl.workbook import books, builder, layout as L
from iiecon_xl.workbook.audit import audit
from iiecon_xl.xlsx import a1
from iiecon_xl.xlsx.cached_values import write_cached_values
from iiecon_xl.xlsx.errors import is_error_value

INPUTS = demo.load_demo()
YEARS = INPUTS.years
CODES = sorted(set(INPUTS.province_gdp.index.get_level_values(0)))
T = len(YEARS)
#: (industry j, year position t) of the blank national GDP
NATIONAL = (3, T - 1)
#: (province position i, industry j, year position t) of the blank province GDP cells
PROVINCE = ((0, 1, T - 1), (5, 2, 0), (9, 3, 3))
#: (city position, industry j) of the blank city GDP cells
CITY = ((40, 1), (100, 3))


def _blank_inputs():
    """The demo's inputs with the planted blanks (NaN)."""
    inputs = demo.load_demo()
    j, t = NATIONAL
    inputs.national_gdp.loc[YEARS[t], INDUSTRY_COLUMNS[j - 1]] = np.nan
    for i, j, t in PROVINCE:
        inputs.province_gdp.loc[(CODES[i], YEARS[t]), INDUSTRY_COLUMNS[j - 1]] = np.nan
    for c, j in CITY:
        inputs.city_gdp.iloc[c, inputs.city_gdp.columns.get_loc(INDUSTRY_COLUMNS[j - 1])] = np.nan
    return inputs


def _by_hand(values: np.ndarray, t: int) -> tuple[float, str]:
    """Year t of a series of T values once it is blank: the first or last year → a + b·t with
    (b, a) = polyfit(the other years, their values, 1); a middle year → np.interp between its
    neighbours."""
    x = np.array(YEARS, dtype=float)
    keep = np.arange(T) != t
    if t in (0, T - 1):
        b, a = np.polyfit(x[keep], values[keep], 1)
        return a + b * x[t], "extrapolated"
    return float(np.interp(x[t], x[keep], values[keep])), "interpolated"


def _national_by_hand() -> tuple[float, str]:
    j, t = NATIONAL
    return _by_hand(INPUTS.national_gdp.loc[YEARS, INDUSTRY_COLUMNS[j - 1]].to_numpy(dtype=float), t)


def _province_by_hand(i: int, j: int, t: int) -> tuple[float, str]:
    rows = INPUTS.province_gdp.loc[[(CODES[i], y) for y in YEARS], INDUSTRY_COLUMNS[j - 1]]
    return _by_hand(rows.to_numpy(dtype=float), t)


@pytest.fixture(scope="module")
def report():
    """The pipeline on the inputs with the blanks."""
    return pipeline.run(_blank_inputs())


# ----------------------------------------------------------------------------- the rules, by hand


def test_blank_national_gdp_is_extrapolated_as_computed_by_hand(report):
    """industries.gdp of the blank year = the OLS line over the other 7 years (:func:`_by_hand`),
    flagged "extrapolated"; the other years keep their input, flagged "observed"; the national
    GDP is the sum of the three industries; a note names the sheet, the industry and the year."""
    j, t = NATIONAL
    want, flag = _national_by_hand()
    ind = report["industries"].set_index(["industry", "year"])
    assert ind.at[(j, YEARS[t]), "gdp"] == pytest.approx(want, rel=1e-12)
    assert ind.at[(j, YEARS[t]), "gdp_flag"] == flag == "extrapolated"
    assert ind.at[(j, YEARS[0]), "gdp"] == INPUTS.national_gdp.at[YEARS[0], "tertiary"]
    assert ind.at[(j, YEARS[0]), "gdp_flag"] == "observed"
    nat = report["national"].set_index("year")
    others = INPUTS.national_gdp.loc[YEARS[t], ["primary", "secondary"]].sum()
    assert nat.at[YEARS[t], "gdp"] == pytest.approx(others + want, rel=1e-12)
    assert f"全国GDP National GDP (national_gdp.csv): 第三产业 tertiary, {YEARS[t]} — 线性外推 extrapolated" \
        in report.warnings


def test_the_extrapolation_window_applies_to_gdp_as_to_the_other_series():
    """With P_WINDOW = 3 the blank national year comes from the line over the last 3 observed
    years only: (b, a) = polyfit(years 2021–2023, their GDP, 1), a + b·2024 by hand."""
    inputs = _blank_inputs()
    inputs.params = replace(inputs.params, extrapolation_window=3)
    j, t = NATIONAL
    x = np.array(YEARS[t - 3:t], dtype=float)
    b, a = np.polyfit(x, INPUTS.national_gdp.loc[YEARS[t - 3:t], INDUSTRY_COLUMNS[j - 1]].to_numpy(dtype=float), 1)
    ind = pipeline.run(inputs)["industries"].set_index(["industry", "year"])
    assert ind.at[(j, YEARS[t]), "gdp"] == pytest.approx(a + b * YEARS[t], rel=1e-12)
    assert ind.at[(j, YEARS[t]), "gdp"] != pytest.approx(_national_by_hand()[0], rel=1e-6)


def test_blank_province_gdp_is_extrapolated_or_interpolated_as_computed_by_hand(report):
    """province_rules.gdp_j at each planted blank = :func:`_province_by_hand` (trailing and leading
    years from the line, the middle one interpolated), with its flag and a note; the provinces
    table's GDP of the latest year is the sum of the three industries used."""
    rules = report["province_rules"].set_index(["province_code", "year"])
    for i, j, t in PROVINCE:
        want, flag = _province_by_hand(i, j, t)
        assert rules.at[(CODES[i], YEARS[t]), f"gdp_{j}"] == pytest.approx(want, rel=1e-12), (CODES[i], j)
        assert rules.at[(CODES[i], YEARS[t]), f"gdp_{j}_flag"] == flag
        assert any(w.startswith(f"分省GDP Province GDP (province_gdp.csv): {CODES[i]} ") and f", {YEARS[t]} — " in w
                   for w in report.warnings)
    i, j, t = PROVINCE[0]
    prov = report["provinces"].set_index(["province_code", "year"])
    others = INPUTS.province_gdp.loc[(CODES[i], YEARS[t]), ["secondary", "tertiary"]].sum()
    assert prov.at[(CODES[i], YEARS[t]), "gdp"] == pytest.approx(others + _province_by_hand(i, j, t)[0], rel=1e-12)


def test_blank_city_gdp_counts_as_zero_and_flags_the_city(report):
    """A city with a blank industry GDP takes no share of that industry; the other cities of its
    province share it among themselves. By hand (three-industry rule, national η, which cancels
    in ω): Z_p^j = Z^j·GDP_p^j/Σ_p GDP_p^j (Z^j the industries table's total of the city year,
    provincial GDP as input), X_c = Σ_j Z_p^j·GDP_c^j/Σ_{c∈p} GDP^j with the blank as 0. The city
    is flagged "incomplete" (the others "observed") and named in a note."""
    cy = YEARS[-1]
    blank = _blank_inputs()
    z = report["industries"].set_index(["industry", "year"])["total"]
    nat_gdp = report["province_rules"].query(f"year == {cy}")
    cities = report["cities"].set_index("city")
    for c, j in CITY:
        city = INPUTS.city_gdp.index[c]
        p = int(INPUTS.city_gdp.iloc[c]["province_code"])
        members = blank.city_gdp[blank.city_gdp["province_code"] == p].fillna(0.0)
        sibling = members.index[members.index != city][0]
        for who in (city, sibling):
            x = 0.0
            for k, col in enumerate(INDUSTRY_COLUMNS, start=1):
                z_p = z[(k, cy)] * nat_gdp.set_index("province_code").at[p, f"gdp_{k}"] / nat_gdp[f"gdp_{k}"].sum()
                x += z_p * members.at[who, col] / members[col].sum()
            assert cities.at[who, "value_added"] == pytest.approx(x, rel=1e-11), who
        assert cities.at[city, "gdp_flag"] == "incomplete" and cities.at[sibling, "gdp_flag"] == "observed"
        assert any(w.startswith(f"城市GDP City GDP (city_gdp.csv): {city} ") and "incomplete" in w
                   for w in report.warnings)
    assert (cities["gdp_flag"] == "incomplete").sum() == len(CITY)


# ----------------------------------------------------------------------------- the books


def _blank_book(tmp, edition: str):
    """The demo built in ``edition`` with the planted blanks as empty input cells."""
    built = tmp / f"built_{edition}.xlsx"
    builder.build(built, demo.load_demo(), edition=edition)
    lay = L.Layout(L.dims_for(INPUTS), edition)
    ng, pg, cg = lay.national_gdp, lay.province_gdp, lay.city_gdp
    j, t = NATIONAL
    blanks = {(ng.name, a1.cell_name(ng.row(j), ng.year_col(t))): None}
    blanks.update({(pg.name, a1.cell_name(pg.row(i), pg.block_col(j) + t)): None for i, j, t in PROVINCE})
    blanks.update({(cg.name, a1.cell_name(cg.row(c), cg.gdp_col(j))): None for c, j in CITY})
    out = tmp / f"blank_{edition}.xlsx"
    write_cached_values(built, out, blanks)
    return out, lay


@pytest.fixture(scope="module")
def function_book(tmp_path_factory):
    """The function edition with the blanks, recalculated by our engine: (path, layout)."""
    tmp = tmp_path_factory.mktemp("gdp_blanks_function")
    src, lay = _blank_book(tmp, L.FUNCTION)
    out = tmp / "recalculated.xlsx"
    recalc.recalc(src, out)
    return out, lay


@pytest.fixture(scope="module")
def native_book(tmp_path_factory):
    """The native edition with the blanks, computed by LibreOffice (the module's one run): (path, layout)."""
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("gdp_blanks_native")
    src, lay = _blank_book(tmp, L.NATIVE)
    out = tmp / "native_lo.xlsx"
    books.libreoffice_values(src, out)
    return out, lay


@pytest.fixture(params=["function", "native"])
def book(request):
    return request.getfixturevalue(f"{request.param}_book")


def _error_cells(wb) -> list[str]:
    return [f"{ws.title}!{c.coordinate}={c.value}" for ws in wb for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and is_error_value(c.value)]


def _at(ws, r: int, c: int):
    return ws.cell(r + 1, c + 1).value


def test_book_gives_numbers_not_errors_and_audits_clean(book):
    """Recalculated, the book holds no error value, and its audit — the pipeline run on the
    inputs read back from the book, blanks included — finds every formula cell as expected."""
    out, _ = book
    assert _error_cells(openpyxl.load_workbook(out, data_only=True)) == []
    result = audit(out)
    assert result.ok, str(result)[:2000]


def test_book_fill_cells_equal_the_pipeline_and_the_hand_values(book, report):
    """On the GDP fill sheet, each planted blank's value and flag equal the pipeline's
    (industries / province_rules) to 1e-9 and :func:`_by_hand`; the city's flag cell on the
    Cities report says "incomplete" and its value added is the pipeline's."""
    out, lay = book
    wb = openpyxl.load_workbook(out, data_only=True)
    gf = wb[lay.gdp_fill.name]
    g = lay.gdp_fill
    j, t = NATIONAL
    r = g.row("value", g.series(j))
    want, flag = _national_by_hand()
    ind = report["industries"].set_index(["industry", "year"])
    assert _at(gf, r, g.year_col(t)) == pytest.approx(ind.at[(j, YEARS[t]), "gdp"], rel=1e-9)
    assert _at(gf, r, g.year_col(t)) == pytest.approx(want, rel=1e-9)
    assert _at(gf, g.row("flag", g.series(j)), g.year_col(t)) == flag
    rules = report["province_rules"].set_index(["province_code", "year"])
    for i, j, t in PROVINCE:
        want, flag = _province_by_hand(i, j, t)
        got = _at(gf, g.row("value", g.series(j, i)), g.year_col(t))
        assert got == pytest.approx(rules.at[(CODES[i], YEARS[t]), f"gdp_{j}"], rel=1e-9)
        assert got == pytest.approx(want, rel=1e-9)
        assert _at(gf, g.row("flag", g.series(j, i)), g.year_col(t)) == flag
    ws, cl = wb[lay.cities.name], lay.cities
    cities = report["cities"].set_index("city")
    for c, _j in CITY:
        city = INPUTS.city_gdp.index[c]
        assert _at(ws, cl.row(c), cl.col("city")) == city
        assert _at(ws, cl.row(c), cl.col("gdp_flag")) == "incomplete"
        assert _at(ws, cl.row(c), cl.col("value_added")) == pytest.approx(cities.at[city, "value_added"], rel=1e-9)


def test_filled_cells_and_incomplete_cities_are_marked(function_book):
    """The GDP fill sheet's value block is coloured by "flag ≠ observed" (its top-left flag cell,
    relative), and the Cities rows by their own GDP flag cell (column absolute)."""
    out, lay = function_book
    wb = openpyxl.load_workbook(out)
    g, cl = lay.gdp_fill, lay.cities
    rules = {str(cf.sqref): [r.formula for r in cf.rules] for cf in wb[g.name].conditional_formatting}
    flag = g.cell(g.row("flag"), g.year_col(0))
    assert rules.get(a1.area(*g.block_area("value"), absolute=False)) == [[f'{flag}<>"observed"']]
    rules = {str(cf.sqref): [r.formula for r in cf.rules] for cf in wb[cl.name].conditional_formatting}
    area = a1.area(L.FIRST, cl.col("city"), cl.last_row, cl.col("gdp_flag"), absolute=False)
    assert rules.get(area) == [[f'${cl.cell(L.FIRST, "gdp_flag")}<>"observed"']]


def test_sources_sheet_counts_the_blanks_and_says_what_they_mean(function_book):
    """The Sources sheet's row of each GDP input counts its blank cells now (national tertiary 1;
    each province industry block 1; the city primary and tertiary columns 1 each) and says a
    national or province blank is extrapolated by the book, a city blank counts as 0."""
    out, lay = function_book
    ws = openpyxl.load_workbook(out, data_only=True)[lay.sources.name]
    src = lay.sources
    rows = {}
    for r in range(L.FIRST, ws.max_row):
        series, key = _at(ws, r, src.col("series")), _at(ws, r, src.col("key"))
        if series:
            rows[(series.split()[-1], key)] = (_at(ws, r, src.col("source")), _at(ws, r, src.col("current")))
    assert rows[("national_gdp", "tertiary")][1] == 1 and rows[("national_gdp", "primary")][1] == 0
    assert "extrapolated" in rows[("national_gdp", "tertiary")][0]
    for col in INDUSTRY_COLUMNS:
        assert rows[("province_gdp", col)][1] == 1
        assert "extrapolated" in rows[("province_gdp", col)][0]
    assert [rows[("city_gdp", col)][1] for col in INDUSTRY_COLUMNS] == [1, 0, 1]
    assert "counts as 0" in rows[("city_gdp", "primary")][0]


def test_audit_still_catches_a_tampered_fill_cell(function_book, tmp_path):
    """A filled value (national tertiary, last year) or a flag written over with another value is
    a finding on that very cell: the fill cells are checked, not trusted."""
    out, lay = function_book
    g = lay.gdp_fill
    j, t = NATIONAL
    for block, wrong in (("value", 1.0), ("flag", "observed")):
        cell = a1.cell_name(g.row(block, g.series(j)), g.year_col(t))
        bad = tmp_path / f"tampered_{block}.xlsx"
        write_cached_values(out, bad, {(g.name, cell): wrong})
        result = audit(bad)
        assert not result.ok
        assert any(f.sheet == g.name and f.cell == cell for f in result.findings), str(result)[:2000]
