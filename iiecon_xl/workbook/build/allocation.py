"""Production (Cobb-Douglas fit and technology multipliers, §3) and Province calc (weights ω
and the allocation of core and penetration value added to provinces, §5)."""

from __future__ import annotations

from .. import layout as L
from . import native_series
from .book import Book, key
from .series import IND_EN, IND_ZH

_FIT_ESTIMATES = ("lnA", "alpha", "beta", "A", "R2", "nobs")
_FIT_STD_ERRORS = ("lnA", "alpha", "beta")


def production(b: Book) -> None:
    lay = b.lay.production
    s = lay.name
    b.sheet(lay, "生产函数与技术乘数", "Production function and technology multiplier",
            "ln Y = ln A + α ln K + β ln L (OLS, §3)；γ_t = Y_t/(A K^α L^β)，μ_t = γ_t/γ_(t−1)")
    if b.native:
        native_series.production(b)
        return
    b.spill(s, lay.fit_area, "=PRODFN_FIT(MAC_YEARS, MAC_Y, MAC_K, MAC_L, P_FIT_START, P_FIT_END, P_CRS)", b.f.ratio)
    for par in L.PRODFN_ROWS:
        if par in _FIT_ESTIMATES:
            b.expect(s, lay.fit_row(par), lay.col("estimate"), "production", key(parameter=par), "estimate")
            if par in _FIT_STD_ERRORS:
                b.expect(s, lay.fit_row(par), lay.col("std_error"), "production", key(parameter=par), "std_error")
    b.spill(s, lay.multiplier_area,
            "=TECH_MULTIPLIER(MAC_YEARS, MAC_Y, MAC_K, MAC_L, P_FIT_START, P_FIT_END, P_CRS)", b.f.ratio)
    for t, y in enumerate(b.d.macro_years):
        b.expect(s, lay.multiplier_row(t), lay.col("gamma"), "multipliers", key(year=y), "gamma")
        if t:
            b.expect(s, lay.multiplier_row(t), lay.col("mu"), "multipliers", key(year=y), "mu")


def _title(block: str) -> tuple[str, str]:
    if block.startswith("w"):
        j = int(block[1:])
        return f"权重 ω（{IND_ZH[j]}）", f"Weights ω, {IND_EN[j].lower()}"
    return {"core": ("分省核心产业增加值", "Core value added by province"),
            "pen": ("分省渗透产业增加值", "Penetration value added by province"),
            "zpj": ("城市数据年份分省分产业带动增加值", "Province × industry IIE value added in the city data year")}[block]


def province_calc(b: Book) -> None:
    lay, pg = b.lay.province_calc, b.lay.province_gdp
    s, P = lay.name, len(b.d.provinces)
    b.sheet(lay, "分省测算", "Province allocation",
            "ω_ij = GDP_ij·η_j / Σ_i GDP_ij·η_j (η 全国统一时约去 cancels for a national η)；Z_i = Σ_j Z_j·ω_ij (§5)")
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
    """ω of province i in year t for each industry; its core and penetration value added."""
    lay, pg, ind = b.lay.province_calc, b.lay.province_gdp, b.lay.industries
    s, P, c = lay.name, len(b.d.provinces), lay.year_col(t)
    for j in L.INDUSTRIES:
        gc = pg.block_col(j) + t
        col_all = pg.ref_area(pg.row(0), gc, pg.row(P - 1), gc)
        b.formula(s, lay.block_row(f"w{j}", i), c, f"={pg.ref(pg.row(i), gc)}/SUM({col_all})", b.f.ratio)
    for block in ("core", "pen"):
        terms = [f"{ind.ref(ind.row(block, j), ind.year_col(t))}*{lay.cell(lay.block_row(f'w{j}', i), c)}"
                 for j in L.INDUSTRIES]
        b.formula(s, lay.block_row(block, i), c, "=" + "+".join(terms), b.f.money)


def _city_year_row(b: Book, i: int) -> None:
    """Z of province i and each industry in the city data year: ω × the industry total."""
    lay, ind, va = b.lay.province_calc, b.lay.industries, b.lay.section_va
    s, T = lay.name, b.d.T
    yrs = va.years_ref()
    for j in L.INDUSTRIES:
        w = lay.block_row(f"w{j}", i)
        w_row = lay.ref_area(w, lay.year_col(0), w, lay.year_col(T - 1))
        tr = ind.row("total", j)
        tot_row = ind.ref_area(tr, ind.year_col(0), tr, ind.year_col(T - 1))
        b.formula(s, lay.block_row("zpj", i), lay.industry_col(j),
                  f"=INDEX({w_row}, 1, MATCH(P_CITY_YEAR, {yrs}, 0))*INDEX({tot_row}, 1, MATCH(P_CITY_YEAR, {yrs}, 0))",
                  b.f.money)
