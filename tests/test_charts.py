"""Charts right and carried forward (issue 12 §4): in every series of every chart the
categories and the values cover the same rows, and those rows are the layout's — in both
editions, in the committed books and after ``new-year``."""

from __future__ import annotations

import pytest

from iiecon_xl.workbook import books, layout as L, update
from iiecon_xl.workbook.audit import book_xml
from iiecon_xl.workbook.reader import read_edition, read_inputs
from iiecon_xl.xlsx import a1

COMMITTED = [books.REPO_WORKBOOKS / name for names in books.BOOK_NAMES.values() for name in names]


def _span(ref: str) -> tuple[str, int, int, int, int]:
    """(sheet, r1, c1, r2, c2) of a chart reference like ``'National'!$A$5:$A$11``."""
    sheet, area = a1.split_ref(ref)
    return (sheet, *a1.parse_area(area))


def _expected(lay: L.Layout) -> dict[str, list[tuple[int, int]]]:
    """{sheet: [(first row, last row)] of each chart's series}, from the layout."""
    nat, prov, cit = lay.national, lay.provinces, lay.cities
    r1, _c1, r2, _c2 = cit.top_area
    many = lay.dims.T > 1
    an = lay.analysis
    quadrant = [(an.top, an.last_row)] + [(an.related_row(0), an.related_row(an.m - 1))] * (an.m > 0)
    band = [(an.band_row(0), an.band_last)] * 3 if not an.native and an.m else []
    return {nat.name: [(nat.row(0), nat.last_row)] * 3,
            prov.name: [(prov.row(0), prov.last_row)] * (2 if many else 1),
            cit.name: [(r1, r2)], an.name: quadrant + band}


def _check_charts(path) -> None:
    lay = L.Layout(L.dims_for(read_inputs(path, lenient=True)), read_edition(path))
    want = _expected(lay)
    bx = book_xml.read(path)
    seen = {}
    for sheet in bx.sheets.values():
        for chart in sheet.charts:
            one_chart = chart.sheet not in seen or chart.sheet == lay.analysis.name  # Analysis: quadrant + band
            assert one_chart, f"{path.name}: two charts on {chart.sheet}"
            seen.setdefault(chart.sheet, [])
            for cats, vals in chart.series:
                cs, vs = _span(cats), _span(vals)
                assert cs[0] == vs[0] == chart.sheet, (path.name, cats, vals)
                assert (cs[1], cs[3]) == (vs[1], vs[3]), f"{path.name}: {cats} and {vals} cover different rows"
                assert cs[2] == cs[4] and vs[2] == vs[4], (path.name, cats, vals)
                seen[chart.sheet].append((vs[1], vs[3]))
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
