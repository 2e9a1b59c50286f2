"""Production (Cobb-Douglas fit and technology multipliers, §3) and Province calc (weights ω
and the allocation of core and penetration value added to provinces, §5)."""

from __future__ import annotations

from .. import layout as L
from . import macro_fill, native_series, province_sections
from .book import Book, key
from .series import IND_EN, IND_ZH

_FIT_ESTIMATES = ("lnA", "alpha", "beta", "A", "R2", "nobs")
_FIT_STD_ERRORS = ("lnA", "alpha", "beta")


def production(b: Book) -> None:
    lay = b.lay.production
    s = lay.name
    b.sheet(lay, "生产函数与技术乘数", "Production function and technology multiplier",
            "ln Y = ln A + α ln K + β ln L (OLS, §3)；γ_t = Y_t/(A K^α L^β)，μ_t = γ_t/γ_(t−1)")
    macro_fill.macro_fill(b)
    if b.native:
        native_series.production(b)
        return
    b.spill(s, lay.fit_area, "=PRODFN_FIT(MAC_YEARS, PF_Y, PF_K, PF_L, P_FIT_START, P_FIT_END, P_CRS)", b.f.ratio)
    for par in L.PRODFN_ROWS:
        if par in _FIT_ESTIMATES:
            b.expect(s, lay.fit_row(par), lay.col("estimate"), "production", key(parameter=par), "estimate")
            if par in _FIT_STD_ERRORS:
                b.expect(s, lay.fit_row(par), lay.col("std_error"), "production", key(parameter=par), "std_error")
    b.spill(s, lay.multiplier_area,
            "=TECH_MULTIPLIER(MAC_YEARS, PF_Y, PF_K, PF_L, P_FIT_START, P_FIT_END, P_CRS)", b.f.ratio)
    for t, y in enumerate(b.d.macro_years):
        b.expect(s, lay.multiplier_row(t), lay.col("gamma"), "multipliers", key(year=y), "gamma")
        if t:
            b.expect(s, lay.multiplier_row(t), lay.col("mu"), "multipliers", key(year=y), "mu")


def _title(block: str) -> tuple[str, str]:
    if block[0] in "we" and block[1:].isdigit():
        j = int(block[1:])
        if block[0] == "e":
            return f"所用 η（{IND_ZH[j]}，分省η空白=全国η）", f"η used, {IND_EN[j].lower()} (blank province η = national)"
        return f"权重 ω（{IND_ZH[j]}）", f"Weights ω, {IND_EN[j].lower()}"
    return {"core": ("分省核心产业增加值（P_ALLOCATION 所选口径）", "Core value added by province (the rule P_ALLOCATION chooses)"),
            "pen": ("分省渗透产业增加值（P_ALLOCATION 所选口径）", "Penetration value added by province (chosen rule)"),
            "ind_core": ("三次产业口径：核心", "Three-industry rule: core"),
            "ind_pen": ("三次产业口径：渗透", "Three-industry rule: penetration"),
            "sec_core": ("门类口径：核心", "Section rule: core"),
            "sec_pen": ("门类口径：渗透", "Section rule: penetration"),
            "zpj": ("城市数据年份分省分产业带动增加值（门类口径：Σ_s 产业费率·VA_i^s）",
                    "Province × industry IIE value added in the city data year (section rule: Σ_s industry rate·VA_i^s)")}[block]


def province_calc(b: Book) -> None:
    lay, pg = b.lay.province_calc, b.lay.province_gdp
    s, P = lay.name, len(b.d.provinces)
    b.sheet(lay, "分省测算", "Province allocation",
            "ω_ij = GDP_ij·η_ij / Σ_i GDP_ij·η_ij (η 全国统一时约去 cancels for a national η)；Z_i = Σ_j Z_j·ω_ij；"
            "门类口径 section rule: 见 see “分省门类测算”；P_ALLOCATION 选择报告口径 chooses the reported rule (§5)；"
            "城市数据年份 city year: Z_i^j = Z^j·ω_i^j，门类口径 Σ_s Z_i^s·share_{s,j} (§7)")
    for block in lay.BLOCKS:
        top = lay.block_row(block)
        zh, en = _title(block)
        b.label(s, lay.title_row(block), lay.col("code"), f"{zh} {en}", b.f.title)
        b.header(s, lay.header_row(block), lay.col("code"), ["代码 Code", "省份"])
        if block == "zpj":
            b.header(s, lay.header_row(block), lay.industry_col(1), [f"{IND_ZH[j]}" for j in L.INDUSTRIES])
        else:
            b.year_formulas(s, lay.header_row(block), lay.year_col(0))
        for i in range(P):
            b.formula(s, top + i, lay.col("code"), f"={pg.ref(pg.row(i), 'code')}", b.f.int)
            b.formula(s, top + i, lay.col("name"), f"={pg.ref(pg.row(i), 'name_zh')}", b.f.text)
    for i in range(P):
        for t in range(b.d.T):
            _weights_and_shares(b, i, t)
        _city_year_row(b, i)


def _weights_and_shares(b: Book, i: int, t: int) -> None:
    """η and ω of province i in year t for each industry; its core and penetration value added by
    the three-industry rule, by the section rule, and by the rule P_ALLOCATION chooses."""
    lay, gf, ind, src = b.lay.province_calc, b.lay.gdp_fill, b.lay.industries, b.lay.province_sections
    s, P, c, y = lay.name, len(b.d.provinces), lay.year_col(t), b.d.years[t]
    k = key(province_code=int(b.d.provinces.index[i]), year=y)
    for j in L.INDUSTRIES:
        given, nat = src.ref(L.FIRST + i, src.eta_col(j, t)), ind.ref(ind.row("eta", j), ind.year_col(t))
        b.formula(s, lay.block_row(f"e{j}", i), c, f"=IF(ISNUMBER({given}), {given}, {nat})", b.f.ratio)
        gc = gf.year_col(t)  # the GDP used, a blank input year filled (§4)
        gdp_all = gf.ref_area(gf.row("value", gf.series(j, 0)), gc, gf.row("value", gf.series(j, P - 1)), gc)
        eta_all = lay.area(lay.block_row(f"e{j}"), c, lay.block_row(f"e{j}", P - 1), c)
        b.formula(s, lay.block_row(f"w{j}", i), c, f"={gf.used(j, t, i)}*{lay.cell(lay.block_row(f'e{j}', i), c)}"
                  f"/SUMPRODUCT({gdp_all}, {eta_all})", b.f.ratio)
    for block, column in (("core", "core"), ("pen", "pen")):
        terms = [f"{ind.ref(ind.row(block, j), ind.year_col(t))}*{lay.cell(lay.block_row(f'w{j}', i), c)}"
                 for j in L.INDUSTRIES]
        b.formula(s, lay.block_row(f"ind_{block}", i), c, "=" + "+".join(terms), b.f.money,
                  expect=("province_rules", k, f"{column}_industry"))
        b.formula(s, lay.block_row(f"sec_{block}", i), c, province_sections.section_rule(b, block, i, t), b.f.money,
                  expect=("province_rules", k, f"{column}_section"))
        ind_c, sec_c = (lay.cell(lay.block_row(f"{r}_{block}", i), c) for r in ("ind", "sec"))
        b.formula(s, lay.block_row(block, i), c, f'=IF(P_ALLOCATION="section", {sec_c}, {ind_c})', b.f.money)


def _city_year_row(b: Book, i: int) -> None:
    """Z of province i and each industry in the city data year: ω × the industry total (three-industry
    rule); under the section rule (with provincial section data) Σ_s rate_j·VA_i^s, the industry's
    rate row and the province's row of the city year's block of the Section allocation rule sheet
    (METHOD.md §5, §7: the allocated sections summed to industries by each component's split)."""
    lay, ind, va, psc = b.lay.province_calc, b.lay.industries, b.lay.section_va, b.lay.province_section_calc
    s, T = lay.name, b.d.T
    at = f"1, MATCH(P_CITY_YEAR, {va.years_ref()}, 0)"
    block = f"(MATCH(P_CITY_YEAR, {va.years_ref()}, 0)-1)*{psc.step}"
    count = psc.ref(*psc.count_cell, absolute=True)

    def row(sheet, r, c0):
        return sheet.ref_area(r, c0, r, c0 + T - 1)

    va_i = f"INDEX(PSC_BLOCKS, {block}+{psc.blocks_offset(psc.block_row(0, i))}, 0)"
    for j in L.INDUSTRIES:
        w = f"INDEX({row(lay, lay.block_row(f'w{j}', i), lay.year_col(0))}, {at})"
        tot = f"INDEX({row(ind, ind.row('total', j), ind.year_col(0))}, {at})"
        rate = f"INDEX(PSC_BLOCKS, {block}+{psc.blocks_offset(psc.industry_row(0, j))}, 0)"
        b.formula(s, lay.block_row("zpj", i), lay.industry_col(j),
                  f'=IF(AND(P_ALLOCATION="section", {count}>0), SUMPRODUCT({rate}, {va_i}), {w}*{tot})', b.f.money)
