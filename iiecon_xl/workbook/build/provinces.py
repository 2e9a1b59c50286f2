"""The provinces report (latest-year table with rank, series by year, sorted totals, the counts,
the sorted parts and the heat map of :mod:`.report_figures`, the charts) and the regions report (§5)."""

from __future__ import annotations

from ... import reference, units
from ...parameters import PROVINCE_COUNT_GROWTH, PROVINCE_COUNT_SHARE, PROVINCE_COUNT_VALUE
from ...xlsx import a1
from .. import layout as L
from . import charts, native_ranks, report_figures
from .book import Book, key
from .styles import HEAT

_LATEST = (("total", "total", "total"), ("core", "core", "core"), ("penetration", "pen", "penetration"))
_SERIES_TITLES = {"total": "合计 Total", "core": "核心产业 Core", "pen": "渗透产业 Penetration",
                  "growth": "名义增速 Growth"}
_SERIES_COLUMNS = {"total": "total", "core": "core", "pen": "penetration", "growth": "total_growth"}
#: latest-year growth of a component: table column → (series block, pipeline column)
_PART_GROWTH = (("core_growth", "core", "core_growth"), ("pen_growth", "pen", "penetration_growth"))


def provinces(b: Book) -> None:
    lay = b.lay.provinces
    s = lay.name
    ws = b.sheet(lay, "分省工业互联网带动增加值", "IIE-driven value added by province",
                 "最新年份排名表在上，分年数据在下 Latest-year table first, series by year below")
    _latest_table(b)
    for block in lay.SERIES:
        _series_block(b, block)
    b.man.province_blocks = dict(lay.BLOCKS)
    _sorted_totals(b)
    _counts(b)
    report_figures.sorted_parts(b)
    report_figures.heat_map(b, ws)
    charts.provinces(b, ws)
    charts.province_parts(b, ws)
    # heat colouring of the latest-year totals (the province heat map stand-in in Excel)
    c = lay.col("total")
    ws.conditional_format(L.FIRST, c, lay.last_row, c, dict(HEAT))


def _latest_table(b: Book) -> None:
    lay, pg = b.lay.provinces, b.lay.province_gdp
    s, P, T, y_last = lay.name, len(b.d.provinces), b.d.T, b.d.years[-1]
    b.header(s, L.HEAD, lay.col("code"), ["代码 Code", "省份", "Province", "区域 Region", f"合计 Total {y_last}",
                                          "核心 Core", "渗透 Penetration", "增速 Growth", "GDP", "占GDP比重 Share",
                                          "排名 Rank", "核心增速 Core growth", "渗透增速 Pen. growth"])
    t_last = lay.year_col(T - 1)
    for i, code in enumerate(b.d.provinces.index):
        r, k = lay.row(i), key(province_code=int(code), year=y_last)
        for col, fmt in (("code", b.f.int), ("name_zh", b.f.text), ("name_en", b.f.text), ("region", b.f.text)):
            b.formula(s, r, lay.col(col), f"={pg.ref(pg.row(i), col)}", fmt)
        for col, block, column in _LATEST:
            b.formula(s, r, lay.col(col), f"={lay.cell(lay.block_row(block, i), t_last)}", b.f.money,
                      expect=("provinces", k, column))
        if T > 1:
            b.formula(s, r, lay.col("growth"), f"={lay.cell(lay.block_row('growth', i), t_last)}", b.f.rate,
                      expect=("provinces", k, "total_growth"))
            for col, block, column in _PART_GROWTH:  # x_t / x_(t-1) - 1 of the component's series block
                cur, prev = (lay.cell(lay.block_row(block, i), c) for c in (t_last, t_last - 1))
                b.formula(s, r, lay.col(col), f"={cur}/{prev}-1", b.f.rate, expect=("provinces", k, column))
        gdp = "+".join(b.lay.gdp_fill.used(j, T - 1, i) for j in L.INDUSTRIES)  # the GDP used (§4)
        b.formula(s, r, lay.col("gdp"), f"={gdp}", b.f.money, expect=("provinces", k, "gdp"))
        b.formula(s, r, lay.col("share"), f"={lay.cell(r, 'total')}/{lay.cell(r, 'gdp')}", b.f.rate,
                  expect=("provinces", k, "share_of_gdp"))
        b.formula(s, r, lay.col("rank"), f"=RANK({lay.cell(r, 'total')}, {lay.table_column('total')})", b.f.int,
                  expect=("provinces", k, "rank"))
    b.man.report_ranges.append((s, lay.area(L.FIRST, "total", lay.row(P - 1), "pen_growth", absolute=False)))


def _series_block(b: Book, block: str) -> None:
    lay, pc = b.lay.provinces, b.lay.province_calc
    s, top = lay.name, lay.block_row(block)
    b.label(s, lay.header_row(block), lay.col("code"), "代码 Code", b.f.head)
    b.label(s, lay.header_row(block), lay.col("name_zh"), _SERIES_TITLES[block], b.f.head)
    b.year_formulas(s, lay.header_row(block), lay.year_col(0))
    for i, code in enumerate(b.d.provinces.index):
        r = top + i
        b.formula(s, r, lay.col("code"), f"={lay.cell(lay.row(i), 'code')}", b.f.int)
        b.formula(s, r, lay.col("name_zh"), f"={lay.cell(lay.row(i), 'name_zh')}", b.f.text)
        for t, y in enumerate(b.d.years):
            c = lay.year_col(t)
            if block in ("core", "pen"):
                f = f"={pc.ref(pc.block_row(block, i), pc.year_col(t))}"
            elif block == "total":
                f = f"={lay.cell(lay.block_row('core', i), c)}+{lay.cell(lay.block_row('pen', i), c)}"
            elif t == 0:
                b.label(s, r, c, "—")
                continue
            else:
                tot = lay.block_row("total", i)
                f = f"={lay.cell(tot, c)}/{lay.cell(tot, c - 1)}-1"
            b.formula(s, r, c, f, b.f.rate if block == "growth" else b.f.money,
                      expect=("provinces", key(province_code=int(code), year=y), _SERIES_COLUMNS[block]))
    b.man.report_ranges.append((s, a1.area(*lay.block_area(block, b.d.T), absolute=False)))


def _sorted_totals(b: Book) -> None:
    """The latest-year totals sorted by TOP_N, with each province's growth (what the chart shows)."""
    lay = b.lay.provinces
    s, P, y_last = lay.name, len(b.d.provinces), b.d.years[-1]
    side = lay.col("sorted_name")
    b.header(s, L.HEAD, side, ["排序 Sorted", f"合计 Total {y_last}", "增速 Growth"])
    if b.native:
        native_ranks.sorted_provinces(b)
    else:
        b.spill(s, (L.FIRST, side, lay.last_row, lay.col("sorted_total")),
                f"=TOP_N({lay.table_column('name_zh')}, {lay.table_column('total')}, {P})", b.f.money)
    if b.d.T > 1:
        for i in range(P):
            b.formula(s, lay.row(i), lay.col("sorted_growth"), f"=INDEX({lay.table_column('growth')}, "
                      f"MATCH({lay.cell(lay.row(i), side)}, {lay.table_column('name_zh')}, 0))", b.f.rate)


def _unit_factor() -> str:
    """The factor from 亿元 to the book's unit P_UNIT, as nested IFs (a blank P_UNIT is 亿元)."""
    f = "1"
    for u in units.UNITS:
        if u != "亿元":
            f = f'IF(P_UNIT="{u}", {units.factor("亿元", u):.10g}, {f})'
    return f


def _counts(b: Book) -> None:
    """The counts the report quotes (§8), latest year, strict as the pipeline's province_counts:
    COUNTIF(total, ">"&1,000 亿元 in P_UNIT), COUNTIF(growth, ">"&5 % | 7 %), COUNTIF(share, ">"&4 %)."""
    lay = b.lay.provinces
    s, r0 = lay.name, lay.counts_head_row
    b.header(s, r0, lay.col("count_name"), ["统计 Counts", "", "阈值 Threshold", "省份数 Provinces"])
    rows = (("above_value", "合计超过 Total above", "total"),
            *((f"growth_above_{k}", "增速超过 Growth above", "growth") for k in (1, 2)),
            ("share_above", "占GDP比重超过 Share of GDP above", "share"))
    thresholds = (None, *PROVINCE_COUNT_GROWTH, PROVINCE_COUNT_SHARE)
    for (metric, text, col), x in zip(rows, thresholds):
        r, k = lay.count_row(metric), key(metric=metric)
        b.label(s, r, lay.col("count_name"), text)
        if x is None:
            b.formula(s, r, lay.col("count_threshold"), f"={PROVINCE_COUNT_VALUE:g}*{_unit_factor()}", b.f.money,
                      expect=("province_counts", k, "threshold"))
        else:
            b.label(s, r, lay.col("count_threshold"), float(x), b.f.rate)
        b.formula(s, r, lay.col("count"), f'=COUNTIF({lay.table_column(col)}, ">"&'
                  f'{lay.cell(r, "count_threshold")})', b.f.int, expect=("province_counts", k, "count"))


_REG_TITLES = {"total": ("合计", "Total", "total"), "core": ("核心产业", "Core", "core"),
               "pen": ("渗透产业", "Penetration", "penetration"),
               "share": ("占全国比重", "Share of national", "share_of_national")}


def regions(b: Book) -> None:
    lay, prov, nat = b.lay.regions, b.lay.provinces, b.lay.national
    s, T = lay.name, b.d.T
    b.sheet(lay, "四大区域工业互联网带动增加值", "IIE-driven value added by region",
            "东部10、中部6、西部12、东北3 (METHOD.md §5)")
    for blk, top in lay.BLOCKS.items():
        zh, en, column = _REG_TITLES[blk]
        b.label(s, lay.header_row(blk), lay.col("zh"), f"{zh} {en}", b.f.head)
        b.label(s, lay.header_row(blk), lay.col("key"), "", b.f.head)
        b.year_formulas(s, lay.header_row(blk), lay.year_col(0))
        for k, reg in enumerate(reference.REGIONS):
            r = top + k
            b.label(s, r, lay.col("zh"), reference.REGIONS[reg][0])
            b.label(s, r, lay.col("key"), reg)
            for t, y in enumerate(b.d.years):
                c = lay.year_col(t)
                if blk == "share":
                    f = f"={lay.cell(lay.block_row('total', k), c)}/{nat.ref(nat.row(t), 'total')}"
                else:
                    f = f'=SUMIF(PG_REGION, {lay.cell(r, "key")}, {prov.year_column(blk, t)})'
                b.formula(s, r, c, f, b.f.rate if blk == "share" else b.f.money,
                          expect=("regions", key(region=reg, year=y), column))
        b.man.report_ranges.append((s, a1.area(*lay.block_area(blk, T), absolute=False)))
