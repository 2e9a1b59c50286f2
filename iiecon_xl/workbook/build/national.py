"""The national, industries and sections reports (§1–5, §8)."""

from __future__ import annotations

from ... import model, reference
from ...xlsx import a1
from .. import layout as L
from . import charts
from .book import Book, key
from .series import IND_EN, IND_ZH

_GROWTH = (("core_growth", "core"), ("penetration_growth", "penetration"), ("total_growth", "total"))


def national(b: Book) -> None:
    lay, sc, gf, va = b.lay.national, b.lay.section_calc, b.lay.gdp_fill, b.lay.section_va
    s = lay.name
    ws = b.sheet(lay, "全国工业互联网带动增加值", "National IIE-driven value added", "单位见参数 P_UNIT（默认 亿元）")
    b.header(s, L.HEAD, lay.col("year"), ["年份 Year", "核心产业 Core", "渗透产业 Penetration", "合计 Total",
                                          "核心增速 Core growth", "渗透增速 Pen. growth", "名义增速 Growth",
                                          "渗透/核心 Pen./core", "GDP", "占GDP比重 Share of GDP"])
    for t, y in enumerate(b.d.years):
        r, k = lay.row(t), key(year=y)
        cell = lambda col, row=r: lay.cell(row, col)  # noqa: E731 - a cell of this row
        gdp_col = gf.ref_area(gf.row("value", gf.series(L.INDUSTRIES[0])), gf.year_col(t),
                              gf.row("value", gf.series(L.INDUSTRIES[-1])), gf.year_col(t))  # GDP used (§4)
        b.formula(s, r, lay.col("year"), f"={va.year_ref(t)}", b.f.int)
        b.formula(s, r, lay.col("core"), f"=SUM({sc.year_column('core', t)})", b.f.money,
                  expect=("national", k, "core"))
        b.formula(s, r, lay.col("penetration"), f"=SUM({sc.year_column('pen', t)})", b.f.money,
                  expect=("national", k, "penetration"))
        b.formula(s, r, lay.col("total"), f"={cell('core')}+{cell('penetration')}", b.f.money,
                  expect=("national", k, "total"))
        for col, src in _GROWTH:
            if t == 0:
                b.label(s, r, lay.col(col), "—")
            else:
                b.formula(s, r, lay.col(col), f"={cell(src)}/{lay.cell(r - 1, src)}-1", b.f.rate,
                          expect=("national", k, col))
        b.formula(s, r, lay.col("penetration_core_ratio"), f"={cell('penetration')}/{cell('core')}", b.f.ratio,
                  expect=("national", k, "penetration_core_ratio"))
        b.formula(s, r, lay.col("gdp"), f"=SUM({gdp_col})", b.f.money, expect=("national", k, "gdp"))
        b.formula(s, r, lay.col("share_of_gdp"), f"={cell('total')}/{cell('gdp')}", b.f.rate,
                  expect=("national", k, "share_of_gdp"))
    b.man.report_ranges.append((s, lay.area(L.FIRST, "year", lay.last_row, "share_of_gdp", absolute=False)))
    _span_summary(b)
    charts.national(b, ws)


def _span_summary(b: Book) -> None:
    """Total growth over the growth span and its CAGR."""
    lay = b.lay.national
    s, v = lay.name, lay.col("value")
    b.header(s, lay.summary_head_row, lay.col("metric"), ["指标 Metric", "", "", "值 Value"])
    b.label(s, lay.span_growth_row, lay.col("metric"), "区间总增长 Total growth over the span")
    at = lambda year: f"INDEX(NAT_TOTAL, MATCH({year}, NAT_YEARS, 0))"  # noqa: E731 - the total of a year
    b.formula(s, lay.span_growth_row, v, f"={at('P_SPAN_END')}/{at('P_SPAN_START')}-1", b.f.rate)
    b.label(s, lay.cagr_row, lay.col("metric"), "年均复合增长率 CAGR over the span")
    b.formula(s, lay.cagr_row, v, f"=(1+{lay.cell(lay.span_growth_row, v)})^(1/(P_SPAN_END-P_SPAN_START))-1", b.f.rate)
    b.formula(s, lay.span_growth_row, lay.col("span"), '=P_SPAN_START&"–"&P_SPAN_END', b.f.text)
    b.man.summary_cells = {"span_growth": (s, a1.cell_name(lay.span_growth_row, v)),
                           "cagr": (s, a1.cell_name(lay.cagr_row, v))}


_IND_TITLES = {"core": ("核心产业", "Core", "core"), "pen": ("渗透产业", "Penetration", "penetration"),
               "total": ("合计", "Total", "total"), "growth": ("名义增速", "Growth", "total_growth"),
               "gdp": ("GDP", "GDP", "gdp"), "eta": ("带动系数 η", "Ratio η = Z/GDP", "eta")}


def industries(b: Book) -> None:
    lay = b.lay.industries
    s, T = lay.name, b.d.T
    ws = b.sheet(lay, "三次产业工业互联网带动增加值", "IIE-driven value added by industry",
            "Z_t^j = Σ_s 占比_{s,j}·(核心+渗透)_s（占比：基年各门类部门的产业构成，见门类测算）；η = Z/GDP (§5)")
    for blk, top in lay.BLOCKS.items():
        zh, en, column = _IND_TITLES[blk]
        b.label(s, lay.header_row(blk), lay.col("zh"), f"{zh} {en}", b.f.head)
        b.label(s, lay.header_row(blk), lay.col("en"), "", b.f.head)
        b.year_formulas(s, lay.header_row(blk), lay.year_col(0))
        for j in L.INDUSTRIES:
            r = lay.row(blk, j)
            b.label(s, r, lay.col("zh"), IND_ZH[j])
            b.label(s, r, lay.col("en"), IND_EN[j])
            for t, y in enumerate(b.d.years):
                f = _industry_formula(b, blk, j, t)
                if f is None:
                    b.label(s, r, lay.year_col(t), "—")
                    continue
                fmt = b.f.rate if blk in ("growth", "eta") else b.f.money
                b.formula(s, r, lay.year_col(t), f, fmt, expect=("industries", key(industry=j, year=y), column))
        b.man.report_ranges.append((s, a1.area(*lay.block_area(blk, T), absolute=False)))
    charts.industries(b, ws)


def _industry_formula(b: Book, blk: str, j: int, t: int) -> str | None:
    """The formula of industry j, year t in block ``blk`` (None: no growth in the first year)."""
    lay, sc, gf = b.lay.industries, b.lay.section_calc, b.lay.gdp_fill
    c = lay.year_col(t)
    at = lambda block, col=c: lay.cell(lay.row(block, j), col)  # noqa: E731 - this industry's cell in a block
    if blk in ("core", "pen"):  # Σ_s share_{s,j} · value_s(t) (§5)
        return f"=SUMPRODUCT({sc.share_column(blk, j)}, {sc.year_column(blk, t)})"
    if blk == "total":
        return f"={at('core')}+{at('pen')}"
    if blk == "growth":
        return None if t == 0 else f"={at('total')}/{at('total', c - 1)}-1"
    if blk == "gdp":  # the GDP used, a blank input year filled (§4)
        return f"={gf.used(j, t)}"
    return f"={at('total')}/{at('gdp')}"


_SEC_TITLES = {"total": ("合计", "Total", "total"), "growth": ("名义增速", "Growth", "total_growth"),
               "core": ("核心产业", "Core", "core"), "pen": ("渗透产业", "Penetration", "penetration")}


def sections(b: Book) -> None:
    lay, sc = b.lay.sections, b.lay.section_calc
    s, T = lay.name, b.d.T
    ws = b.sheet(lay, "19个门类工业互联网带动增加值", "IIE-driven value added by section", "单位见参数 P_UNIT")
    sec = reference.sections()
    for blk, top in lay.BLOCKS.items():
        zh, en, column = _SEC_TITLES[blk]
        b.label(s, lay.header_row(blk), lay.col("section"), "门类", b.f.head)
        b.label(s, lay.header_row(blk), lay.col("name"), f"{zh} {en}", b.f.head)
        b.year_formulas(s, lay.header_row(blk), lay.year_col(0))
        for i, letter in enumerate(model.SECTIONS):
            r = top + i
            b.label(s, r, lay.col("section"), letter)
            b.label(s, r, lay.col("name"), sec.at[letter, "name_zh"])
            for t, y in enumerate(b.d.years):
                c = lay.year_col(t)
                if blk == "growth" and t == 0:
                    b.label(s, r, c, "—")
                    continue
                if blk == "total":
                    f = f"={sc.year_cell('core', i, t)}+{sc.year_cell('pen', i, t)}"
                elif blk == "growth":
                    tot = lay.block_row("total", i)
                    f = f"=IF({lay.cell(tot, c - 1)}=0, \"—\", {lay.cell(tot, c)}/{lay.cell(tot, c - 1)}-1)"
                else:
                    f = f"={sc.year_cell(blk, i, t)}"
                b.formula(s, r, c, f, b.f.rate if blk == "growth" else b.f.money,
                          expect=("sections", key(section=letter, year=y), column))
        b.man.report_ranges.append((s, a1.area(*lay.block_area(blk, T), absolute=False)))
    r1, c1, r2, c2 = lay.block_area("total", T)
    ws.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": ">=", "value": 1000, "format": b.f.ok})
    b.label(s, *lay.note_cell, "绿色：超过 1,000 亿元 Green: above 1,000 (亿元)", b.f.note)
    charts.sections(b, ws)
    charts.section_families(b, ws)
