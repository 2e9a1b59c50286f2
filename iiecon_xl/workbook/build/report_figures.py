"""The report's remaining tables and figures in the book (issue 13 §7, METHOD.md §5, §7, §8), built-in
formulas only in both editions:

- cities per tier by province (COUNTIFS on the city rows: province code and tier) and by region
  (SUMIF of those province rows by region), beside Table 1 on the Cities sheet;
- the province core, penetration and share of GDP sorted, largest first (what the part charts
  show): a unique rank RANK(x) + COUNTIF(x above, x) − 1 in the table's order (equal values keep
  the table's order, as the pipeline's stable sort), the k-th value LARGE(x, k), its name and
  growth INDEX(…, MATCH(k, rank, 0));
- the province heat map: a tile grid (``resources/province_tiles.csv``) below the counts, each tile
  a short name over a formula of the province's latest total, coloured by a colour scale.
"""

from __future__ import annotations

from ... import reference
from .. import layout as L
from ..layout.report_figures import tiles
from .book import Book, key
from .styles import HEAT


def tier_counts(b: Book) -> None:
    """Cities per tier (and all cities listed) by region and by province, the pipeline's
    ``tiers_by_region`` and ``tiers_by_province``."""
    lay, pg = b.lay.cities, b.lay.province_gdp
    s = lay.name
    b.label(s, *lay.tc_title, "各区域、各省份梯队城市数 Cities per tier by region and province", b.f.title)
    tiers = [f"第{k}梯队 Tier {k}" for k in lay.tiers]
    b.header(s, lay.tc_region_head, lay.col("tc_name"), ["区域 Region", "代码 Key", "", *tiers, "城市数 Cities"])
    b.header(s, lay.tc_province_head, lay.col("tc_name"), ["省份 Province", "代码 Code", "区域 Region", *tiers,
                                                             "城市数 Cities"])
    city_prov = lay.area(L.FIRST, "province_code", lay.last_row, "province_code")
    city_tier = lay.area(L.FIRST, "tier", lay.last_row, "tier")
    for i, code in enumerate(b.d.provinces.index):
        r, k = lay.tc_province_row(i), key(province_code=int(code))
        for col, src, fmt in (("tc_name", "name_zh", b.f.text), ("tc_key", "code", b.f.int),
                              ("tc_region", "region", b.f.text)):
            b.formula(s, r, lay.col(col), f"={pg.ref(pg.row(i), src)}", fmt)
        this = lay.cell(r, "tc_key")
        for t in lay.tiers:
            b.formula(s, r, lay.tc_tier_col(t), f"=COUNTIFS({city_prov}, {this}, {city_tier}, {t})", b.f.int,
                      expect=("tiers_by_province", k, f"tier_{t}"))
        b.formula(s, r, lay.col("tc_all"), f"=COUNTIF({city_prov}, {this})", b.f.int,
                  expect=("tiers_by_province", k, "n_cities"))
    regions = lay.tc_province_area("tc_region")
    for j, (reg, (zh, en)) in enumerate(reference.REGIONS.items()):
        r, k = lay.tc_region_row(j), key(region=reg)
        b.label(s, r, lay.col("tc_name"), f"{zh} {en}")
        b.label(s, r, lay.col("tc_key"), reg)
        for t, col in [(t, lay.tc_tier_col(t)) for t in lay.tiers] + [(None, lay.col("tc_all"))]:
            b.formula(s, r, col, f"=SUMIF({regions}, {lay.cell(r, 'tc_key')}, {lay.tc_province_area(col)})",
                      b.f.int, expect=("tiers_by_region", k, "n_cities" if t is None else f"tier_{t}"))


def sorted_parts(b: Book) -> None:
    """Core, penetration and share of GDP of the latest-year table, each sorted largest first."""
    lay = b.lay.provinces
    s, P = lay.name, len(b.d.provinces)
    names = lay.table_column("name_zh")
    for part in lay.PARTS:
        src, growth = lay.PART_SOURCES[part]
        title = {"core": "核心 Core", "pen": "渗透 Penetration", "share": "占GDP比重 Share"}[part]
        b.header(s, L.HEAD, lay.part_col(part, "urank"), ["名次 Rank", f"排序 Sorted ({title})", title,
                                                          "增速 Growth" if growth else ""])
        values, first = lay.table_column(src), lay.cell(L.FIRST, src, absolute=True)
        ranks = lay.area(L.FIRST, lay.part_col(part, "urank"), lay.last_row, lay.part_col(part, "urank"))
        fmt = b.f.rate if part == "share" else b.f.money
        for i in range(P):
            r, this = lay.row(i), lay.cell(lay.row(i), src)
            b.formula(s, r, lay.part_col(part, "urank"), f"=RANK({this}, {values})+COUNTIF({first}:{this}, {this})-1",
                      b.f.int)
            pos = f"MATCH({i + 1}, {ranks}, 0)"
            b.formula(s, r, lay.part_col(part, "name"), f"=INDEX({names}, {pos})", b.f.text)
            b.formula(s, r, lay.part_col(part, "value"), f"=LARGE({values}, {i + 1})", fmt)
            if growth and b.d.T > 1:
                b.formula(s, r, lay.part_col(part, "growth"), f"=INDEX({lay.table_column(growth)}, {pos})", b.f.rate)


def heat_map(b: Book, ws) -> None:
    """The tile grid: each province's short name over its latest total (a formula of the table's
    total), the values coloured by the heat scale; a province without data shows "—"."""
    lay = b.lay.provinces
    s, y_last = lay.name, b.d.years[-1]
    ref = reference.provinces()
    b.label(s, lay.heat_head_row, lay.col("heat"), f"分省热力图（{y_last}年合计） Heat map of the latest total",
            b.f.head)
    row_of = {int(c): i for i, c in enumerate(b.d.provinces.index)}
    for code, tr, tc in tiles():
        (rn, cn), (rv, cv) = lay.tile_cells(tr, tc)
        b.label(s, rn, cn, ref.at[code, "short_zh"], b.f.text)
        if code in row_of:
            b.formula(s, rv, cv, f"={lay.cell(lay.row(row_of[code]), 'total')}", b.f.money,
                      expect=("provinces", key(province_code=code, year=y_last), "total"))
        else:
            b.label(s, rv, cv, "—")
    ws.conditional_format(*lay.heat_area, dict(HEAT))
