"""The whole measurement of METHOD.md in one call: ``run(inputs) -> Report``.

Steps (METHOD.md section in brackets): IIE shares S_k from the expert scores (§6);
technical coefficients and direct value added (§1, §2.1); the augmented penetration
model (§2); section rates d_s and p_s; missing section value added extrapolated (§4);
Cobb-Douglas fit and the multipliers μ_t (§3); section, industry and national series;
province, region and city allocation with the development index and tiers (§5, §7);
growth, CAGR and shares (§8). Every table carries its unit and Chinese + English labels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from . import model, reference, units
from .errors import IIEInputError
from .inputs import INDUSTRY_COLUMNS, Inputs
from .tables import Table

IND_KEYS = {1: "primary", 2: "secondary", 3: "tertiary"}


@dataclass
class Report:
    """Every report table of METHOD.md §8 plus the intermediate tables an auditor needs."""

    tables: dict[str, Table]
    unit: str
    label: str
    years: list[int]
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name].frame

    def to_json_dict(self) -> dict:
        """``{"unit": …, "label": …, "national": [{…}, …], "provinces": […], "cities": […], …}``."""
        out: dict = {"unit": self.unit, "unit_en": units.UNIT_EN.get(self.unit, self.unit),
                     "label": self.label, "years": self.years, "warnings": self.warnings}
        for name, table in self.tables.items():
            out[name] = [{k: _jsonable(v) for k, v in row.items()}
                         for row in table.frame.to_dict(orient="records")]
        return out


def _jsonable(v):
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return None if not math.isfinite(float(v)) else float(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if v is pd.NA or v is None:
        return None
    return v


def shares_from_scores(inputs: Inputs) -> pd.DataFrame:
    """S_k for every related sector: the given S, or the fuzzy evaluation of its expert scores (§6)."""
    rel = inputs.related
    rows = []
    for code in rel.index:
        given = rel.at[code, "S"]
        B, S, source = None, given, "given"
        fz = inputs.fuzzy
        if fz is not None and code in fz.counts.index.get_level_values(0):
            counts = fz.counts.loc[code].reindex(fz.criteria.index)
            if counts.isna().any().any():
                raise IIEInputError("fuzzy.counts", f"sector {code}: scores missing for some criterion")
            R = model.membership(counts[list(fz.grades.index)].to_numpy(), name=f"fuzzy.counts[{code}]")
            B, S_f = model.fuzzy_evaluate(fz.criteria["weight"].to_numpy(), R, fz.grades["value"].to_numpy(),
                                          inputs.params.fuzzy_operator)
            if pd.isna(given):
                S, source = S_f, "fuzzy"
        if pd.isna(S):
            raise IIEInputError("related", f"sector {code}: no coefficient S and no expert scores")
        rows.append({"code": code, "S": float(S), "source": source,
                     "B": "" if B is None else ", ".join(f"{b:.4f}" for b in B)})
    return pd.DataFrame(rows).set_index("code")


def run(inputs: Inputs, progress: Callable[[str], None] | None = None) -> Report:
    """Run the measurement; raises :class:`IIEInputError` on bad input."""
    say = progress or (lambda msg: None)
    inputs.check()
    P = inputs.params
    unit = P.unit
    years = inputs.years
    base = P.base_year
    warnings: list[str] = []

    # ---- IO table in the report unit (§0, §1, §2)
    say("IO table: technical coefficients")
    io = inputs.io
    f = units.factor(io.unit, unit)
    codes = io.codes
    Z = io.Z.to_numpy(dtype=float) * f
    X = io.X.to_numpy(dtype=float) * f
    M = Z.sum(axis=0)
    V = X - M
    if io.V is not None:
        given = io.V.to_numpy(dtype=float) * f
        bad = ~np.isclose(given, V, rtol=1e-6, atol=1e-6 * max(1.0, float(np.abs(X).max())))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise IIEInputError("io.V", f"value added of sector {codes[i]} ({given[i]:g}) differs from X − M ({V[i]:g})")
    A = model.calc_A(Z, X, z_name="io.Z", x_name="io.X")
    sector_section = io.sectors["section"]

    say("IIE shares S from expert scores (fuzzy evaluation)")
    S_table = shares_from_scores(inputs)
    k = np.array([codes.index(c) for c in S_table.index], dtype=int)
    S = S_table["S"].to_numpy()

    say("direct value added")
    direct = model.direct_by_sector(X, M, k, S)
    say(f"penetration: LU solve of the augmented system ({len(codes)}+{len(k)} sectors)")
    pen = model.penetration(A, X, k, S, V, a_name="A = io.Z / io.X", x_name="io.X")

    # ---- sections: extrapolated value added, rates (§1, §2.6, §4)
    say("section value added: linear extrapolation of missing years")
    va, va_flags = model.extrapolate_rows(inputs.section_va.reindex(list(model.SECTIONS)).astype(float),
                                          P.extrapolation_window, name="section_va")
    for s in va.index:
        for t in va.columns:
            if va_flags.at[s, t] != "observed":
                warnings.append(f"section_va {s} {t}: {va_flags.at[s, t]}")
    va = va[years]
    direct_s = model.sum_by_section(direct, sector_section)
    pen_s = model.sum_by_section(pen.dz, sector_section)
    denom = model.sum_by_section(V, sector_section) if P.denominator == "io" else va[base]
    d = model.section_rates(direct_s, denom, name="section value added (denominator)")
    p0 = model.section_rates(pen_s, denom, name="section value added (denominator)")

    # ---- production function and multipliers (§3)
    say("production function (OLS) and technology multipliers")
    macro = inputs.macro.astype(float).sort_index()
    if macro.isna().any().any():
        filled, flags = model.extrapolate_rows(macro.T, P.extrapolation_window, name="macro")
        macro = filled.T
        warnings += [f"macro {c} {t}: {flags.at[c, t]}" for c in flags.index for t in flags.columns
                     if flags.at[c, t] != "observed"]
    fit = model.fit_cobb_douglas(macro["Y"], macro["K"], macro["L"], P.fit_window,
                                 constant_returns=P.constant_returns)
    warnings += [f"production function: {w}" for w in fit.warnings]
    gamma = model.tfp(fit, macro["Y"], macro["K"], macro["L"])
    mu = model.multiplier(gamma)
    p_t = model.extend_rates(p0, mu, base, years)

    # ---- series by section, industry, nation (§1, §2.7, §5, §8)
    core_st = model.apply_rates(d, va)
    pen_st = model.apply_rates(p_t, va)
    core_t, pen_t = core_st.sum(), pen_st.sum()
    gdp_ind = inputs.national_gdp.astype(float).sort_index()
    missing = [t for t in years if t not in gdp_ind.index]
    if missing:
        raise IIEInputError("national_gdp", f"no GDP for year(s) {', '.join(map(str, missing))}")
    gdp_ind = gdp_ind.loc[years, INDUSTRY_COLUMNS]
    if gdp_ind.isna().any().any():
        raise IIEInputError("national_gdp", "missing values")
    gdp_t = gdp_ind.sum(axis=1)
    core_jt, pen_jt = model.by_industry(core_st), model.by_industry(pen_st)

    tables: dict[str, Table] = {}

    def add(name, zh, en, frame, u=unit):
        tables[name] = Table(name, zh, en, u, frame.reset_index(drop=True))

    total_t = core_t + pen_t
    national = pd.DataFrame({
        "year": years, "core": core_t.to_numpy(), "penetration": pen_t.to_numpy(), "total": total_t.to_numpy(),
        "core_growth": model.growth(core_t).to_numpy(), "penetration_growth": model.growth(pen_t).to_numpy(),
        "total_growth": model.growth(total_t).to_numpy(),
        "penetration_core_ratio": (pen_t / core_t).to_numpy(), "gdp": gdp_t.to_numpy(),
        "share_of_gdp": (total_t / gdp_t).to_numpy()})
    add("national", "全国工业互联网带动增加值", "National IIE-driven value added", national)

    span = P.growth_span or (years[max(0, len(years) - 5)], years[-1])
    summary_rows = []
    if span[0] in years and span[1] in years and span[1] > span[0]:
        summary_rows += [
            {"metric": f"{span[0]}–{span[1]} 总增长", "metric_en": f"Total growth {span[0]}–{span[1]}",
             "value": model.span_growth(total_t, *span)},
            {"metric": f"{span[0]}–{span[1]} 年均复合增长率", "metric_en": f"CAGR {span[0]}–{span[1]}",
             "value": model.cagr(total_t, *span)}]
    last = years[-1]
    summary_rows += [
        {"metric": f"{last} 渗透/核心", "metric_en": f"Penetration / core {last}", "value": float(pen_t[last] / core_t[last])},
        {"metric": f"{last} 占GDP比重", "metric_en": f"Share of GDP {last}", "value": float(total_t[last] / gdp_t[last])}]
    add("national_summary", "全国指标汇总", "National summary", pd.DataFrame(summary_rows), u="")

    rows = []
    for j in model.INDUSTRIES:
        c, p = core_jt.loc[j], pen_jt.loc[j]
        tot = c + p
        g = gdp_ind[IND_KEYS[j]]
        growth_j = model.growth(tot)
        zh, en = reference.INDUSTRY_NAMES[j]
        for t in years:
            rows.append({"industry": j, "industry_zh": zh, "industry_en": en, "year": t, "core": c[t],
                         "penetration": p[t], "total": tot[t], "total_growth": growth_j[t], "gdp": g[t],
                         "eta": tot[t] / g[t]})
    industries = pd.DataFrame(rows)
    add("industries", "三次产业工业互联网带动增加值", "IIE-driven value added by industry", industries)

    sec_ref = reference.sections()
    rows = []
    for s in model.SECTIONS:
        tot = core_st.loc[s] + pen_st.loc[s]
        g = model.growth(tot)
        for t in years:
            rows.append({"section": s, "name_zh": sec_ref.at[s, "name_zh"], "name_en": sec_ref.at[s, "name_en"],
                         "year": t, "core": core_st.at[s, t], "penetration": pen_st.at[s, t], "total": tot[t],
                         "total_growth": g[t], "value_added": va.at[s, t], "va_flag": va_flags.at[s, t],
                         "direct_rate": d[s], "penetration_rate": p_t.at[s, t]})
    add("sections", "19个门类工业互联网带动增加值", "IIE-driven value added by section", pd.DataFrame(rows))

    sectors = pd.DataFrame({
        "code": codes, "name_zh": io.sectors["name_zh"].to_numpy(), "section": sector_section.to_numpy(),
        "S": 0.0, "total_output": X, "intermediate_input": M, "value_added": V, "direct": direct,
        "dY": pen.dY, "lambda": pen.lam, "dz": pen.dz, "masked": pen.masked})
    sectors.loc[k, "S"] = S
    add("sectors", f"{base}年部门测算结果", f"Sector results, base year {base}", sectors)

    fuzzy = S_table.reset_index()[["code", "S", "B"]]
    fuzzy.insert(1, "name_zh", [io.sectors.at[c, "name_zh"] for c in fuzzy["code"]])
    add("related", "关联部门与关联系数（模糊综合评价）", "Related sectors and IIE shares (fuzzy evaluation)", fuzzy, u="")

    prod = fit.table().reset_index()
    add("production", f"生产函数估计（{fit.window[0]}–{fit.window[1]}）",
        f"Cobb-Douglas fit {fit.window[0]}–{fit.window[1]}" + (" (constant returns)" if fit.constant_returns else ""),
        prod, u="")
    mult = pd.DataFrame({"year": gamma.index.astype(int), "gamma": gamma.to_numpy(),
                         "mu": mu.reindex(gamma.index).to_numpy()})
    add("multipliers", "技术水平与技术乘数", "Technology level γ and multiplier μ", mult, u="")

    # ---- provinces and regions (§5)
    say("provinces: allocation (" + ("section" if P.allocation == "section" else "three-industry") + " rule)")
    prov_ref = reference.provinces()
    pg = inputs.province_gdp.astype(float)
    prov_codes = sorted(set(pg.index.get_level_values(0)))
    core_pt, pen_pt, gdp_pt = {}, {}, {}
    eta_t = pd.DataFrame({t: (core_jt[t] + pen_jt[t]) / gdp_ind.loc[t].set_axis(list(model.INDUSTRIES))
                          for t in years})
    psv = inputs.province_section_va
    for t in years:
        try:
            g = pg.xs(t, level="year")[INDUSTRY_COLUMNS]
        except KeyError:
            raise IIEInputError("province_gdp", f"no provincial GDP for year {t}") from None
        missing_p = sorted(set(prov_codes) - set(g.index))
        if missing_p:
            raise IIEInputError("province_gdp", f"year {t}: no row for province {missing_p[0]}")
        g = g.loc[prov_codes].set_axis(list(model.INDUSTRIES), axis=1)
        gdp_pt[t] = g.sum(axis=1)
        if P.allocation == "section":
            shares = psv.loc[prov_codes]
            core_pt[t] = model.allocate_by_section(core_st[t], shares).sum(axis=1)
            pen_pt[t] = model.allocate_by_section(pen_st[t], shares).sum(axis=1)
        else:
            core_pt[t] = model.allocate_by_industry(core_jt[t], g, eta_t[t]).sum(axis=1)
            pen_pt[t] = model.allocate_by_industry(pen_jt[t], g, eta_t[t]).sum(axis=1)
    core_p, pen_p, gdp_p = pd.DataFrame(core_pt), pd.DataFrame(pen_pt), pd.DataFrame(gdp_pt)
    tot_p = core_p + pen_p
    growth_p = model.growth_rows(tot_p)
    rank_p = tot_p.rank(ascending=False, method="min").astype(int)
    rows = []
    for code in prov_codes:
        for t in years:
            rows.append({"province": prov_ref.at[code, "name_zh"], "province_code": int(code),
                         "province_en": prov_ref.at[code, "name_en"], "region": prov_ref.at[code, "region"],
                         "year": t, "core": core_p.at[code, t], "penetration": pen_p.at[code, t],
                         "total": tot_p.at[code, t], "total_growth": growth_p.at[code, t],
                         "gdp": gdp_p.at[code, t], "share_of_gdp": tot_p.at[code, t] / gdp_p.at[code, t],
                         "rank": int(rank_p.at[code, t])})
    add("provinces", "分省工业互联网带动增加值", "IIE-driven value added by province", pd.DataFrame(rows))

    region_of = prov_ref.loc[prov_codes, "region"]
    core_r, pen_r = model.region_totals(core_p, region_of), model.region_totals(pen_p, region_of)
    rows = []
    for r in reference.REGIONS:
        if r not in core_r.index:
            continue
        for t in years:
            tot = core_r.at[r, t] + pen_r.at[r, t]
            rows.append({"region": r, "region_zh": reference.REGIONS[r][0], "year": t, "core": core_r.at[r, t],
                         "penetration": pen_r.at[r, t], "total": tot, "share_of_national": tot / total_t[t]})
    add("regions", "四大区域工业互联网带动增加值", "IIE-driven value added by region", pd.DataFrame(rows))

    # ---- cities (§7)
    cy = int(inputs.city_year or years[-1])
    if cy not in years:
        raise IIEInputError("city_year", f"{cy} is not a report year ({years[0]}–{years[-1]})")
    say(f"cities: allocation and development index ({cy})")
    g = _gdp_year(pg, cy, prov_codes)
    if P.allocation == "industry":  # province × industry, core and penetration allocated separately
        z_pj = (model.allocate_by_industry(core_jt[cy], g, eta_t[cy])
                + model.allocate_by_industry(pen_jt[cy], g, eta_t[cy]))
    else:  # section rule: cities follow each province's industry mix of its allocated total
        z_pj = g.div(g.sum(axis=1), axis=0).mul(tot_p[cy], axis=0)
    cg = inputs.city_gdp.copy()
    city_gdp = cg[INDUSTRY_COLUMNS].astype(float).set_axis(list(model.INDUSTRIES), axis=1)
    city_va_j = model.allocate_to_cities(z_pj, city_gdp, cg["province_code"].astype(int))
    city_va = city_va_j.sum(axis=1)
    ci = model.city_index(city_va.to_numpy(), P.city_index_N)
    tiers = model.city_tier(ci, P.tier_thresholds)
    city_ref = reference.cities().set_index("city_zh")
    cities = pd.DataFrame({
        "city": city_va.index, "city_en": [city_ref["city_en"].get(c, "") for c in city_va.index],
        "province": [prov_ref.at[int(p), "name_zh"] for p in cg["province_code"]],
        "province_code": cg["province_code"].astype(int).to_numpy(), "year": cy,
        "value_added": city_va.to_numpy(), "index": ci, "tier": tiers})
    cities["rank"] = cities["index"].rank(ascending=False, method="min").astype(int)
    cities = cities.sort_values(["rank", "city"], kind="mergesort")
    add("cities", f"城市工业互联网发展指数（{cy}）", f"City IIE development index ({cy})", cities)
    add("tiers", "主要城市梯队（表1）", "Tiers of the main cities (Table 1)",
        model.tier_table(cities["city"], cities["index"], P.tier_thresholds), u="")
    add("top_shares", "头部城市占全国比重", "Share of national IIE value added held by the top cities",
        pd.DataFrame({"top_n": list(P.top_n),
                      "share": [model.top_n_share(city_va.to_numpy(), float(total_t[cy]), n) for n in P.top_n]}),
        u="")
    say("done")
    return Report(tables=tables, unit=unit, label=P.label, years=years, warnings=warnings)


def _gdp_year(pg: pd.DataFrame, year: int, prov_codes) -> pd.DataFrame:
    return pg.xs(year, level="year").loc[prov_codes, INDUSTRY_COLUMNS].set_axis(list(model.INDUSTRIES), axis=1)
