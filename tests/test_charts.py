"""Charts right and carried forward (issue 12 §4): in every series of every chart the
categories and the values cover the same rows, and those rows are the layout's — in both
editions, in the committed books and after ``new-year``."""

from __future__ import annotations

import pytest

from iiecon_xl.workbook import books, layout as L, update
from iiecon_xl.workbook.layout.report_figures import section_index
from iiecon_xl.workbook.audit import book_xml
from iiecon_xl.workbook.reader import read_edition, read_inputs
from iiecon_xl.xlsx import a1

COMMITTED = [books.REPO_WORKBOOKS / name for names in books.BOOK_NAMES.values() for name in names]


def _span(ref: str) -> tuple[str, int, int, int, int]:
    """(sheet, r1, c1, r2, c2) of a chart reference like ``'National'!$A$5:$A$11``."""
    sheet, area = a1.split_ref(ref)
    return (sheet, *a1.parse_area(area))


def _expected(lay: L.Layout) -> dict[str, list[list[tuple]]]:
    """{sheet: [[(first row, last row) of each series] of each chart, in insertion order]}, from the layout:
    national 3 series over the years; industries and sections core + penetration (+ growth with
    more than one year) over their block rows; the eight section figures, each section's total row
    (then its growth row, with more than one year) over the year columns, as ("row", row, first
    column, last column); provinces sorted totals (+ growth), sorted core (+ growth), sorted
    penetration (+ growth), sorted share of GDP over the table rows; the top cities; the Analysis charts."""
    nat, prov, cit, ind, sec = lay.national, lay.provinces, lay.cities, lay.industries, lay.sections
    r1, _c1, r2, _c2 = cit.top_area
    many = lay.dims.T > 1
    an = lay.analysis
    quadrant = [(an.top, an.last_row)] + [(an.related_row(0), an.related_row(an.m - 1))] * (an.m > 0)
    band = [[(an.band_row(0), an.band_last)] * 3] if not an.native and an.m else []
    blocks = lambda rep: [(rep.block_row(b), rep.block_row(b) + rep.ITEMS - 1)  # noqa: E731 - a block report's series
                          for b in ("core", "pen", "growth")[:3 if many else 2]]
    table = (prov.row(0), prov.last_row)
    years = (sec.year_col(0), sec.year_col(lay.dims.T - 1))
    families = [[("row", sec.block_row(b, section_index(x)), *years) for b in ("total", "growth")[:1 + many]
                 for x in letters] for *_, letters in sec.FAMILIES]
    return {nat.name: [[(nat.row(0), nat.last_row)] * 3],
            ind.name: [blocks(ind)], sec.name: [blocks(sec)] + families,
            prov.name: [[table] * (2 if many else 1)] * 3 + [[table]],
            cit.name: [[(r1, r2)]], an.name: [quadrant] + band}


def _check_charts(path) -> None:
    """Every series' categories and values are one column each, on the chart's own sheet, over
    the same rows (or, for a series by year, one row each over the same columns) — the cells
    :func:`_expected` computes from the book's layout."""
    lay = L.Layout(L.dims_for(read_inputs(path, lenient=True)), read_edition(path))
    want = _expected(lay)
    seen: dict = {}
    for sheet in book_xml.read(path).sheets.values():
        for chart in sheet.charts:
            spans = []
            for cats, vals in chart.series:
                cs, vs = _span(cats), _span(vals)
                assert cs[0] == vs[0] == chart.sheet, (path.name, cats, vals)
                if vs[1] == vs[3] and vs[2] != vs[4]:  # a series along a row (a section figure's years)
                    assert cs[1] == cs[3] and (cs[2], cs[4]) == (vs[2], vs[4]), f"{path.name}: {cats}, {vals}"
                    spans.append(("row", vs[1], vs[2], vs[4]))
                    continue
                assert (cs[1], cs[3]) == (vs[1], vs[3]), f"{path.name}: {cats} and {vals} cover different rows"
                assert cs[2] == cs[4] and vs[2] == vs[4], (path.name, cats, vals)
                spans.append((vs[1], vs[3]))
            seen.setdefault(chart.sheet, []).append(spans)
    assert seen == want, path.name


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_every_chart_series_covers_the_layout_years(path):
    _check_charts(path)


def test_national_growth_sits_over_its_own_year():
    path = books.REPO_WORKBOOKS / books.DEMO_NAME
    lay = L.Layout(L.dims_for(read_inputs(path, lenient=True)))
    chart = next(c for s in book_xml.read(path).sheets.values() for c in s.charts if c.sheet == lay.national.name)
    growth = chart.series[-1]
    assert growth[1].replace("$", "").endswith(
        a1.area(lay.national.row(0), lay.national.col("total_growth"), lay.national.last_row,
                lay.national.col("total_growth"), absolute=False))
    assert growth[0] == chart.series[0][0]  # the same categories as the bars


@pytest.mark.parametrize("name", [books.DEMO_NAME, books.TEMPLATE_NATIVE_NAME])
def test_charts_follow_new_year(tmp_path, name):
    out = update.new_year(books.REPO_WORKBOOKS / name, 2025, tmp_path / f"2025_{name}")
    _check_charts(out)
    lay = L.Layout(L.dims_for(read_inputs(out, lenient=True)), read_edition(out))
    assert lay.dims.years[-1] == 2025


# --------------------------------------------------------------- the report's charts, freshly built
# (the committed books are rebuilt by the lead when this layout lands: these tests build their own)

@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """The demo built now in both editions: {edition: (path, manifest, layout)}."""
    from iiecon_xl import demo
    from iiecon_xl.workbook import build as builder

    folder, inputs = tmp_path_factory.mktemp("charts"), demo.load_demo()
    out = {}
    for ed in (L.FUNCTION, L.NATIVE):
        path = folder / f"demo_{ed}.xlsx"
        out[ed] = (path, builder.build(path, inputs, edition=ed), L.Layout(L.dims_for(inputs), ed))
    return out


@pytest.mark.parametrize("edition", [L.FUNCTION, L.NATIVE])
def test_fresh_books_charts_cover_the_layout_rows(fresh, edition):
    """Both editions as built now: every chart (the new industries, sections and province charts
    among them) passes the row check of the committed books."""
    _check_charts(fresh[edition][0])


def _refs(lay, rows, cols) -> list[tuple[str, str]]:
    """(categories, values) of series whose categories are column ``cols[0]`` and values ``cols[k]``."""
    return [(lay.ref_area(r1, cols[0], r2, cols[0]), lay.ref_area(r1, c, r2, c)) for (r1, r2), c in zip(rows, cols[1:])]


def _charts_of(path, sheet: str) -> list:
    return [c for s in book_xml.read(path).sheets.values() for c in s.charts if c.sheet == sheet]


@pytest.mark.parametrize("edition", [L.FUNCTION, L.NATIVE])
def test_industry_and_section_charts_show_the_latest_year_core_penetration_and_growth(fresh, edition):
    """Industries and Sections: core and penetration of the latest year stacked, growth beside.
    Series k reads block ("core", "pen", "growth")[k]: its item names (Industries column zh,
    Sections column name) and its latest-year column year_col(T − 1); the chart sits at the
    layout's anchor, right of the last year column."""
    path, _, lay = fresh[edition]
    for rep, name_col in ((lay.industries, "zh"), (lay.sections, "name")):
        chart = _charts_of(path, rep.name)[0]
        last = rep.year_col(lay.dims.T - 1)
        want = [(rep.ref_area(rep.block_row(b), name_col, rep.block_row(b) + rep.ITEMS - 1, name_col),
                 rep.ref_area(rep.block_row(b), last, rep.block_row(b) + rep.ITEMS - 1, last))
                for b in ("core", "pen", "growth")]
        assert [tuple(s) for s in chart.series] == want
        assert (chart.row, chart.col) == rep.chart_anchor and chart.col > last


@pytest.mark.parametrize("edition", [L.FUNCTION, L.NATIVE])
def test_province_charts_are_the_reports_figures_7_to_9(fresh, edition):
    """Provinces: the sorted totals, then the sorted core with its growth, the sorted penetration
    with its growth, the sorted share of GDP — each over the table rows row(0) … last_row of its
    sorted block (names as categories), stacked CHART_ROWS apart right of the sorted blocks."""
    path, _, lay = fresh[edition]
    p = lay.provinces
    rows = [(p.row(0), p.last_row)] * 2
    part = lambda k, *what: tuple(p.part_col(k, w) for w in what)  # noqa: E731 - a sorted block's columns
    charts = _charts_of(path, p.name)
    assert [[tuple(s) for s in c.series] for c in charts] == [
        _refs(p, rows, ("sorted_name", "sorted_total", "sorted_growth")),
        _refs(p, rows, part("core", "name", "value", "growth")),
        _refs(p, rows, part("pen", "name", "value", "growth")),
        _refs(p, rows[:1], part("share", "name", "value"))]
    assert [(c.row, c.col) for c in charts] == [p.chart_anchor_of(k) for k in p.CHARTS]
    assert all(c.col > p.part_col("share", "growth") for c in charts)
    assert charts[1].row - charts[0].row == L.CHART_ROWS


def test_province_component_growth_is_the_latest_over_the_previous_year(fresh):
    """Core growth of province i = core_T / core_(T−1) − 1 read from the core block (and so for
    penetration), each tied to the pipeline's provinces.core_growth / penetration_growth."""
    _, man, lay = fresh[L.FUNCTION]
    p, T = lay.provinces, lay.dims.T
    for col, block, column in (("core_growth", "core", "core_growth"), ("pen_growth", "pen", "penetration_growth")):
        cell = p.cell(p.row(4), col)
        r = p.block_row(block, 4)
        assert man.formulas[(p.name, cell)] == f"={p.cell(r, p.year_col(T - 1))}/{p.cell(r, p.year_col(T - 2))}-1"
        assert any(e.cell == cell and e.sheet == p.name and e.column == column for e in man.expect)


def test_province_counts_are_countifs_tied_to_the_pipeline(fresh):
    """The four counts of province_counts: COUNTIF(total | growth | growth | share, ">"&threshold)
    over the latest-year table, each cell tied to province_counts.count of its metric; the value
    threshold is 1,000 亿元 converted to P_UNIT (tied to province_counts.threshold)."""
    _, man, lay = fresh[L.FUNCTION]
    p = lay.provinces
    expects = {(e.cell, e.table, dict(e.key)["metric"], e.column) for e in man.expect if e.table == "province_counts"}
    for metric, col in zip(p.COUNTS, ("total", "growth", "growth", "share")):
        r = p.count_row(metric)
        thr = p.cell(r, "count_threshold")
        assert man.formulas[(p.name, p.cell(r, "count"))] == f'=COUNTIF({p.table_column(col)}, ">"&{thr})'
        assert (p.cell(r, "count"), "province_counts", metric, "count") in expects
    thr = man.formulas[(p.name, p.cell(p.count_row("above_value"), "count_threshold"))]
    assert thr.startswith("=1000*") and 'P_UNIT="万亿元", 0.0001' in thr and 'P_UNIT="元", 100000000' in thr
    assert (p.cell(p.count_row("above_value"), "count_threshold"), "province_counts", "above_value",
            "threshold") in expects
    assert man.cells[(p.name, p.cell(p.count_row("growth_above_2"), "count_threshold"))] == 0.07


def test_city_chart_shows_the_top_100(fresh):
    """The report analyses the top 100 cities (METHOD.md §7): the top table and its chart cover
    TOP_CITIES = 100 rows below the header, and the chart sits two rows below the table."""
    path, _, lay = fresh[L.NATIVE]
    c = lay.cities
    (chart,) = _charts_of(path, c.name)
    r1, c1, r2, c2 = c.top_area
    assert L.TOP_CITIES == 100 and r2 - r1 + 1 == 100
    assert [tuple(s) for s in chart.series] == [(c.ref_area(r1, c1, r2, c1), c.ref_area(r1, c2, r2, c2))]
    assert (chart.row, chart.col) == c.chart_anchor == (r2 + 2, c1)
