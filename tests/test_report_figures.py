"""The report's remaining tables and figures (issue 13 §7): cities per tier by region and by
province, the eight section figures, the province part charts over sorted blocks, the province
heat map — in both editions, computed by formulas, audited, and drawn as PNG.

One demo book per edition is built here and recalculated once (the function edition by our
engine, the native edition by LibreOffice: the suite's one LibreOffice run for this file); every
test reads those two books. Positions come from the layout.
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest

from iiecon_xl import demo, pipeline, recalc, reference, report_io
from iiecon_xl.workbook import build as builder, layout as L
from iiecon_xl.workbook.audit import audit, book_xml
from iiecon_xl.workbook.layout.report_figures import SECTION_FAMILIES, section_index, tiles
from iiecon_xl.workbook.layout.reports import N_TIERS
from iiecon_xl.xlsx import a1
from iiecon_xl.xlsx.cached_values import write_cached_values

EDITIONS = (L.FUNCTION, L.NATIVE)


@pytest.fixture(scope="module")
def report():
    return pipeline.run(demo.load_demo())


@pytest.fixture(scope="module")
def built(demo_recalc, native_built, native_lo, tmp_path_factory):
    """{edition: (recalculated path, manifest, layout, openpyxl values)}: the session's books
    (tests/conftest.py) — the committed function demo recalculated by our engine (its manifest
    from a build of the same inputs now; test_workbooks checks the committed book is that build)
    and the native demo built from scratch and computed by LibreOffice. Read-only."""
    inputs = demo.load_demo()
    man_f = builder.build(tmp_path_factory.mktemp("report_figures") / "demo_function.xlsx", inputs,
                          edition=L.FUNCTION)
    out = {}
    for ed, res, man in ((L.FUNCTION, demo_recalc, man_f), (L.NATIVE, native_lo, native_built[1])):
        assert res.ok, res.summary()
        out[ed] = (res.out, man, L.Layout(L.dims_for(inputs), ed), openpyxl.load_workbook(res.out, data_only=True))
    return out


def _v(wb, sheet: str, r: int, c: int):
    return wb[sheet].cell(row=r + 1, column=c + 1).value


# ------------------------------------------------------------------- cities per tier


def _by_hand(report):
    """{("province", code) | ("region", key): [tier 1 … 4 counts, cities]} counted on the
    pipeline's city table row by row (a plain loop, not the pipeline's code)."""
    prov = reference.provinces()
    out: dict = {}
    for _, row in report["cities"].iterrows():
        code = int(row["province_code"])
        for k in (("province", code), ("region", prov.at[code, "region"])):
            counts = out.setdefault(k, [0] * (N_TIERS + 1))
            counts[-1] += 1
            if 1 <= int(row["tier"]) <= N_TIERS:
                counts[int(row["tier"]) - 1] += 1
    return out


@pytest.mark.parametrize("edition", EDITIONS)
def test_tier_counts_equal_a_count_by_hand(built, report, edition):
    """Every cell of the two tier-count blocks (provinces: COUNTIFS on the city rows; regions:
    SUMIF of the province rows) equals the count made by hand on the pipeline's city table, and
    the pipeline's tiers_by_* tables hold the same numbers; the regions' tier k adds up to Table 1's
    count of tier k (the cities of the 31 provinces are all the cities)."""
    _, _, lay, wb = built[edition]
    c, hand = lay.cities, _by_hand(report)
    cols = [c.tc_tier_col(k) for k in c.tiers] + [c.col("tc_all")]
    for i, code in enumerate(lay.dims.provinces.index):
        got = [_v(wb, c.name, c.tc_province_row(i), col) for col in cols]
        assert got == hand.get(("province", int(code)), [0] * len(cols)), code
        assert _v(wb, c.name, c.tc_province_row(i), c.col("tc_key")) == int(code)
    for j, reg in enumerate(reference.REGIONS):
        got = [_v(wb, c.name, c.tc_region_row(j), col) for col in cols]
        assert got == hand.get(("region", reg), [0] * len(cols)), reg
    tables = {"tiers_by_region": ("region", [("region", r) for r in reference.REGIONS]),
              "tiers_by_province": ("province_code", [("province", int(p)) for p in lay.dims.provinces.index])}
    for name, (key_col, keys) in tables.items():
        frame = report[name].set_index(key_col)
        for kind, k in keys:
            assert frame.loc[k, [f"tier_{t}" for t in c.tiers] + ["n_cities"]].tolist() == hand.get((kind, k))
    for k in c.tiers:
        in_regions = sum(_v(wb, c.name, c.tc_region_row(j), c.tc_tier_col(k)) for j in range(L.N_REGIONS))
        assert in_regions == _v(wb, c.name, c.tier_row(k), c.col("tier_count")) == \
            int(report["tiers"].set_index("tier").at[k, "count"])


def test_tier_count_formulas_read_the_city_rows(built):
    """Province tier k: COUNTIFS(city province codes, its code, city tiers, k); its cities:
    COUNTIF(city province codes, its code); a region: SUMIF(the province rows' regions, its key, …)."""
    _, man, lay, _ = built[L.FUNCTION]
    c = lay.cities
    codes = c.area(L.FIRST, "province_code", c.last_row, "province_code")
    tiers = c.area(L.FIRST, "tier", c.last_row, "tier")
    r = c.tc_province_row(3)
    key = c.cell(r, "tc_key")
    assert man.formulas[(c.name, c.cell(r, c.tc_tier_col(2)))] == f"=COUNTIFS({codes}, {key}, {tiers}, 2)"
    assert man.formulas[(c.name, c.cell(r, "tc_all"))] == f"=COUNTIF({codes}, {key})"
    r = c.tc_region_row(1)
    assert man.formulas[(c.name, c.cell(r, c.tc_tier_col(1)))] == (
        f"=SUMIF({c.tc_province_area('tc_region')}, {c.cell(r, 'tc_key')}, {c.tc_province_area(c.tc_tier_col(1))})")


def test_report_writes_the_tier_count_csvs(report, tmp_path):
    """``report`` writes tiers_by_region.csv and tiers_by_province.csv (the pipeline tables)."""
    report_io.write_tables(report, tmp_path)
    import pandas as pd

    reg = pd.read_csv(tmp_path / "tiers_by_region.csv", encoding="utf-8-sig")
    prov = pd.read_csv(tmp_path / "tiers_by_province.csv", encoding="utf-8-sig")
    assert len(reg) == L.N_REGIONS and len(prov) == 31
    assert reg.iloc[:, -1].sum() == prov.iloc[:, -1].sum() == len(report["cities"])


# ------------------------------------------------------------------- section figures


def test_section_families_cover_each_section_once():
    letters = [x for *_, f in SECTION_FAMILIES for x in f]
    assert sorted(letters) == sorted(reference.sections().index) and len(letters) == 19
    assert len(SECTION_FAMILIES) == 8


@pytest.mark.parametrize("edition", EDITIONS)
def test_section_figures_point_at_each_sections_rows(built, edition):
    """Sections sheet, chart 2 … 9 (read from the chart XML): family k's bars read the total row of
    each of its sections over the year columns (categories: the total block's year header), then
    its growth rows; anchored CHART_ROWS apart below the latest-year chart."""
    path, _, lay, _ = built[edition]
    s = lay.sections
    charts = [c for sh in book_xml.read(path).sheets.values() for c in sh.charts if c.sheet == s.name]
    assert len(charts) == 1 + len(SECTION_FAMILIES)
    c0, c1 = s.year_col(0), s.year_col(lay.dims.T - 1)
    head = s.header_row("total")
    for k, (chart, (*_, letters)) in enumerate(zip(charts[1:], SECTION_FAMILIES)):
        want = [(s.ref_area(head, c0, head, c1), s.ref_area(s.block_row(b, section_index(x)), c0,
                                                             s.block_row(b, section_index(x)), c1))
                for b in ("total", "growth") for x in letters]
        assert [tuple(x) for x in chart.series] == want
        assert (chart.row, chart.col) == s.family_anchor(k) == (charts[0].row + L.CHART_ROWS * (k + 1), charts[0].col)


def test_section_figure_pngs_draw_each_sections_totals(report):
    """sections_<family>.png: one bar group per section of the family, its heights the pipeline's
    totals by year, and one growth line per section."""
    from iiecon_xl import figures
    from iiecon_xl.figures import sections as fs

    assert [n for n in figures.FIGURE_FILES if n.startswith("sections_")] == list(fs.FAMILY_FILES)
    key, _, _, letters = SECTION_FAMILIES[3]
    fig = getattr(fs, f"sections_{key}_figure")(report)
    ax, ax2 = fig.axes[:2]
    sec = report["sections"]
    for container, letter in zip(ax.containers, letters):
        want = sec[sec["section"] == letter].sort_values("year")["total"].to_numpy(float)
        assert np.allclose([b.get_height() for b in container], want, rtol=1e-12)
    assert len(ax.containers) == len(letters) and len(ax2.get_lines()) == len(letters)


# ------------------------------------------------------------------- sorted province blocks


@pytest.mark.parametrize("edition", EDITIONS)
def test_sorted_blocks_are_sorted_permutations_of_the_table(built, edition):
    """Each part's block: values descending, the names a permutation of the table's names, each
    name's value and growth those of its own table row, the ranks a permutation of 1 … P."""
    _, _, lay, wb = built[edition]
    p = lay.provinces
    P = len(lay.dims.provinces.index)
    table = {_v(wb, p.name, p.row(i), p.col("name_zh")): i for i in range(P)}
    for part in p.PARTS:
        src, growth = p.PART_SOURCES[part]
        names = [_v(wb, p.name, p.row(k), p.part_col(part, "name")) for k in range(P)]
        values = [_v(wb, p.name, p.row(k), p.part_col(part, "value")) for k in range(P)]
        ranks = [_v(wb, p.name, p.row(i), p.part_col(part, "urank")) for i in range(P)]
        assert sorted(names) == sorted(table) and sorted(ranks) == list(range(1, P + 1))
        assert values == sorted(values, reverse=True)
        for k, n in enumerate(names):
            i = table[n]
            assert values[k] == _v(wb, p.name, p.row(i), p.col(src)) and ranks[i] == k + 1
            if growth:
                assert _v(wb, p.name, p.row(k), p.part_col(part, "growth")) == _v(wb, p.name, p.row(i), p.col(growth))


def test_sorted_block_breaks_ties_in_table_order(built, tmp_path):
    """The builder's own rank / name / value formulas of the core block, evaluated by our engine on
    a sheet whose core column has ties (5, 7, 5, 3 …): equal values keep the table's order, as the
    pipeline's stable sort — ranks 2, 1, 3, 4, names b, a, c, d."""
    _, man, lay, _ = built[L.FUNCTION]
    p = lay.provinces
    P = len(lay.dims.provinces.index)
    core = [5.0, 7.0, 5.0, 3.0] + [1.0 - i / 100 for i in range(P - 4)]
    names = ["a", "b", "c", "d"] + [f"p{i}" for i in range(P - 4)]
    import xlsxwriter

    raw = tmp_path / "ties.xlsx"
    wb = xlsxwriter.Workbook(raw)
    ws = wb.add_worksheet(p.name)
    for i in range(P):
        ws.write(p.row(i), p.col("core"), core[i])
        ws.write(p.row(i), p.col("name_zh"), names[i])
        for what in ("urank", "name", "value"):
            cell = p.cell(p.row(i), p.part_col("core", what))
            ws.write_formula(p.row(i), p.part_col("core", what), man.formulas[(p.name, cell)])
    wb.close()
    res = recalc.recalc(raw, tmp_path / "ties_recalc.xlsx")
    got = openpyxl.load_workbook(res.out, data_only=True)
    ranks = [_v(got, p.name, p.row(i), p.part_col("core", "urank")) for i in range(4)]
    top = [_v(got, p.name, p.row(k), p.part_col("core", "name")) for k in range(4)]
    vals = [_v(got, p.name, p.row(k), p.part_col("core", "value")) for k in range(4)]
    assert ranks == [2, 1, 3, 4] and top == ["b", "a", "c", "d"] and vals == [7.0, 5.0, 5.0, 3.0]


# ------------------------------------------------------------------- heat map


@pytest.mark.parametrize("edition", EDITIONS)
def test_heat_map_cells_are_the_province_totals(built, report, edition):
    """Each tile (resources/province_tiles.csv): the province's short name over a formula of its
    table total, equal to the pipeline's latest total; the colour scale covers the tile block."""
    path, man, lay, wb = built[edition]
    p = lay.provinces
    ref = reference.provinces()
    prov = report["provinces"]
    last = prov[prov["year"] == prov["year"].max()].set_index("province_code")["total"]
    row_of = {int(c): i for i, c in enumerate(lay.dims.provinces.index)}
    assert len(tiles()) == 31
    for code, tr, tc in tiles():
        (rn, cn), (rv, cv) = p.tile_cells(tr, tc)
        assert _v(wb, p.name, rn, cn) == ref.at[code, "short_zh"]
        assert man.formulas[(p.name, a1.cell_name(rv, cv))] == f"={p.cell(p.row(row_of[code]), 'total')}"
        assert _v(wb, p.name, rv, cv) == pytest.approx(float(last[code]), rel=1e-9)
    heat = a1.area(*p.heat_area, absolute=False)
    assert (p.name, heat, "3_color_scale") in man.cond_formats
    assert any(rng.upper() == heat for rng, _t in book_xml.read(path).sheets[p.name].cond_formats)


# ------------------------------------------------------------------- the audit


@pytest.mark.parametrize("edition", EDITIONS)
def test_audit_clean_and_catches_a_changed_heat_map_cell(built, tmp_path, edition):
    """Both fresh books audit clean; the same book with one heat-map value changed (cached value
    ×1.01, formula kept) gets a finding at that cell."""
    path, _, lay, wb = built[edition]
    res = audit(path)
    assert res.ok, res.text(limit=10)
    p = lay.provinces
    code, tr, tc = tiles()[0]
    _, (rv, cv) = p.tile_cells(tr, tc)
    cell = a1.cell_name(rv, cv)
    bad = tmp_path / f"bad_{edition}.xlsx"
    write_cached_values(path, bad, {(p.name, cell): _v(wb, p.name, rv, cv) * 1.01})
    found = audit(bad)
    assert [(f.sheet, f.cell) for f in found.findings] == [(p.name, cell)]
