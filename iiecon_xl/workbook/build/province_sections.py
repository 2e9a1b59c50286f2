"""The section allocation rule of §5 in the book: the provincial section value-added input sheet
(years stacked, the optional province-specific η beside them) and its calculation sheet.

Which data a report year uses (METHOD.md §5; :func:`iiecon_xl.model.carried_year`): a year whose
block has data uses it; a year without carries the section shares of the latest earlier year
with data, and years before the first year with data take that first year's shares (provincial
section value added comes from the regional IO tables, every few years, and a province's
section structure moves slowly; switching rules between years would put a break into every
province's growth). With no data at all the section rule falls back to the three-industry rule.
The same formulas serve both editions (built-in functions only)."""

from __future__ import annotations

import math

from ... import units
from ...model import SECTIONS
from .. import layout as L
from .book import Book, unit_of
from .series import IND_EN, IND_ZH

CARRY_NOTE = ("每年一块（省份×19门类）；无数据的年份沿用最近一个有数据年份的门类份额（之前的年份用第一个有数据年份），"
              "全部空白时门类口径退回三次产业口径；右侧 η 空白 = 全国 η（约去）。"
              "One block per year (provinces × 19 sections); a year without data carries the section shares of the latest "
              "earlier year with data (earlier years the first one's); all blank: the section rule falls back to the "
              "three-industry rule. η on the right: blank = the national η (which cancels).")


def _value(frame, code: int, col):
    if frame is None or code not in frame.index or col not in frame.columns:
        return None
    v = frame.at[code, col]
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def _by_year(inputs, attr: str) -> dict:
    """{year: province × columns} of the (province_code, year) frame ``attr`` of ``inputs``."""
    frame = getattr(inputs, attr, None) if inputs is not None else None
    if frame is None or len(frame) == 0:
        return {}
    if "year" not in (frame.index.names or []):   # one table without years: the first report year's block
        return {"all": frame}
    return {int(y): frame.xs(y, level="year") for y in sorted(set(frame.index.get_level_values("year")))}


def input_sheet(b: Book, inputs) -> None:
    lay, pg = b.lay.province_sections, b.lay.province_gdp
    s = lay.name
    b.sheet(lay, "分省门类增加值（门类分配口径）", "Value added by province and section (section allocation rule)",
            f"单位 Unit: {units.label(unit_of(inputs))}；{CARRY_NOTE}")
    va, eta = _by_year(inputs, "province_section_va"), _by_year(inputs, "province_eta")
    for t, y in enumerate(b.d.years):
        frame = va.get(y, va.get("all") if t == 0 else None)
        h = lay.header_row(t)
        b.formula(s, h, lay.col("code"), f"={b.lay.section_va.year_ref(t)}", b.f.head)
        b.label(s, h, lay.col("name"), "省份 Province", b.f.head)
        for k, sec in enumerate(SECTIONS):
            b.label(s, h, lay.section_col(k), sec, b.f.head)
        for i, code in enumerate(b.d.provinces.index):
            r = lay.block_row(t, i)
            b.formula(s, r, lay.col("code"), f"={pg.ref(pg.row(i), 'code')}", b.f.int)
            b.formula(s, r, lay.col("name"), f"={pg.ref(pg.row(i), 'name_zh')}", b.f.text)
            for k, sec in enumerate(SECTIONS):
                b.value(s, r, lay.section_col(k), _value(frame, int(code), sec))
    for j in L.INDUSTRIES:
        c0 = lay.eta_col(j, 0)
        b.label(s, lay.eta_label_row, c0, f"η {IND_ZH[j]} {IND_EN[j]}（空白=全国 blank = national）", b.f.head)
        b.year_formulas(s, L.HEAD, c0)
        col = ("primary", "secondary", "tertiary")[j - 1]
        for t, y in enumerate(b.d.years):
            for i, code in enumerate(b.d.provinces.index):
                b.value(s, L.FIRST + i, lay.eta_col(j, t), _value(eta.get(y), int(code), col))


def calc_sheet(b: Book) -> None:
    """τ(t) per report year, the carried value added, its section sums and the rates."""
    lay, src = b.lay.province_section_calc, b.lay.province_sections
    s = lay.name
    b.sheet(lay, "分省门类分配口径", "Section allocation rule",
            "τ(t) = 有数据的最近年份 latest year with data ≤ t (之前用第一个 else the first)；"
            "费率 rate = Z_t^s / Σ_i VA_{i,τ(t)}^s；Z_i = Σ_s rate·VA_i^s (METHOD.md §5)；"
            "产业费率 industry rate_j = Σ_comp rate·share_{s,j}（门类产业份额 the section's industry split, 门类测算）："
            "城市数据年份 Z_i^j = Σ_s rate_j·VA_i^s (§7)")
    b.label(s, L.HEAD, lay.col("name"), "项目 Item", b.f.head)
    b.year_formulas(s, L.HEAD, lay.year_col(0))
    for key, text in (("avail", "本年有数据 Has data (1/0)"), ("use", "所用数据块 τ (0 = first year)"),
                      ("year", "所用数据年份 Data year used"), ("count", "有数据的年数 Years with data")):
        b.label(s, lay.top_row(key), lay.col("name"), text)
    count = lay.cell(*lay.count_cell, absolute=True)
    b.formula(s, *lay.count_cell, "=SUM(PSC_AVAIL)", b.f.int)
    for t, y in enumerate(b.d.years):
        c = lay.year_col(t)
        avail, use = lay.cell(lay.top_row("avail"), c), lay.cell(lay.top_row("use"), c)
        b.formula(s, lay.top_row("avail"), c, f"=IF(COUNT({src.ref_area(*src.block_area(t))})>0, 1, 0)", b.f.int)
        first = f"IF({count}=0, 0, MATCH(1, PSC_AVAIL, 0)-1)"
        prev = first if t == 0 else lay.cell(lay.top_row("use"), c - 1)
        b.formula(s, lay.top_row("use"), c, f"=IF({avail}=1, {t}, {prev})", b.f.int)
        b.formula(s, lay.top_row("year"), c, f'=IF({count}=0, "—", INDEX(VA_YEARS, 1, {use}+1))', b.f.int,
                  expect=("province_rules", (("province_code", int(b.d.provinces.index[0])), ("year", y)),
                          "section_year"))
        _year_block(b, t, lay.cell(lay.top_row("use"), c, absolute=True), count)


def _year_block(b: Book, t: int, use: str, count: str) -> None:
    lay, pg, sc = b.lay.province_section_calc, b.lay.province_gdp, b.lay.section_calc
    s, P = lay.name, len(b.d.provinces)
    h = lay.header_row(t)
    b.formula(s, h, lay.col("code"), f"={b.lay.section_va.year_ref(t)}", b.f.head)
    b.label(s, h, lay.col("name"), "VA_{i,τ(t)}^s", b.f.head)
    for k, sec in enumerate(SECTIONS):
        b.label(s, h, lay.section_col(k), sec, b.f.head)
    step = b.lay.province_sections.step
    for i in range(P):
        r = lay.block_row(t, i)
        b.formula(s, r, lay.col("code"), f"={pg.ref(pg.row(i), 'code')}", b.f.int)
        b.formula(s, r, lay.col("name"), f"={pg.ref(pg.row(i), 'name_zh')}", b.f.text)
        for k in range(len(SECTIONS)):
            b.formula(s, r, lay.section_col(k), f"=0+INDEX(PSV_DATA, {use}*{step}+{i + 1}, {k + 1})", b.f.money)
    b.label(s, lay.sum_row(t), lay.col("name"), "Σ_i 合计 Sum", b.f.head)
    for comp, zh in (("core", "核心费率 Core rate"), ("pen", "渗透费率 Penetration rate")):
        b.label(s, lay.rate_row(t, comp), lay.col("name"), zh, b.f.head)
    for j in L.INDUSTRIES:
        b.label(s, lay.industry_row(t, j), lay.col("name"), f"{IND_ZH[j]}费率 {IND_EN[j]} rate", b.f.head)
    for k in range(len(SECTIONS)):
        c = lay.section_col(k)
        total = lay.cell(lay.sum_row(t), c)
        b.formula(s, lay.sum_row(t), c, f"=SUM({lay.area(lay.block_row(t), c, lay.block_row(t, P - 1), c, absolute=False)})",
                  b.f.money)
        for comp in ("core", "pen"):
            z = sc.year_cell(comp, k, t)
            b.formula(s, lay.rate_row(t, comp), c, f"=IF(OR({count}=0, {z}=0), 0, {z}/{total})", b.f.ratio)
        for j in L.INDUSTRIES:   # §5, §7: each component's rate times its section split to industry j
            terms = [f"{lay.cell(lay.rate_row(t, comp), c)}*{sc.ref(sc.rates_row(k), sc.col(f'{comp}_{j}'), absolute=True)}"
                     for comp in ("core", "pen")]
            b.formula(s, lay.industry_row(t, j), c, "=" + "+".join(terms), b.f.ratio)


def section_rule(b: Book, comp: str, i: int, t: int) -> str:
    """The section rule's formula of province i's component ``comp`` ("core", "pen") in year t:
    Σ_s rate_s·VA_{i,τ(t)}^s (the three-industry rule's cell when no year has data)."""
    lay, pc = b.lay.province_section_calc, b.lay.province_calc
    count = lay.ref(*lay.count_cell, absolute=True)
    rates = lay.ref_area(lay.rate_row(t, comp), lay.section_col(0), lay.rate_row(t, comp),
                         lay.section_col(len(SECTIONS) - 1))
    va = lay.ref_area(lay.block_row(t, i), lay.section_col(0), lay.block_row(t, i), lay.section_col(len(SECTIONS) - 1))
    ind = pc.cell(pc.block_row(f"ind_{comp}", i), pc.year_col(t))
    return f"=IF({count}=0, {ind}, SUMPRODUCT({rates}, {va}))"
