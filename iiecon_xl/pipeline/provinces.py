"""Stage 5, the provinces and regions (METHOD.md §5): each year's core and penetration value
added allocated to the 31 provinces by both rules — the three-industry rule (ω from provincial
GDP and η, national or province-specific) and the section rule (each section by the provinces'
section value added, carried from the latest year with data) — the chosen one
(``Parameters.allocation``) reported, ranked and summed to the four regions; the counts the
report quotes (§8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from .. import model, reference, units
from ..errors import IIEInputError
from ..inputs import INDUSTRY_COLUMNS, Inputs
from ..parameters import PROVINCE_COUNT_GROWTH, PROVINCE_COUNT_SHARE, PROVINCE_COUNT_VALUE
from .report import TableSet
from .series import Series


@dataclass
class Provinces:
    codes: list[int]            # province codes, sorted
    eta_t: pd.DataFrame         # industry × year: η = Z^j / GDP^j of the nation
    core: pd.DataFrame          # province × year, the chosen rule
    pen: pd.DataFrame
    gdp: pd.DataFrame
    total: pd.DataFrame
    rules: dict = field(default_factory=dict)     # (component, rule) → province × year
    eta_pt: dict = field(default_factory=dict)    # year → province × industry η used by the industry rule
    section_year: dict = field(default_factory=dict)  # year → τ(t), the section data year used (None: fallback)
    unit: str = "亿元"

    def eta_of(self, year: int) -> pd.DataFrame:
        """province × industry η of ``year`` (national where no province-specific η is given)."""
        return self.eta_pt[year]


def province_gdp_year(pg: pd.DataFrame, year: int, codes: list[int]) -> pd.DataFrame:
    """province × industry (1, 2, 3) GDP of ``year`` from the (province, year) rows ``pg``;
    an input error names a missing year or province."""
    try:
        g = pg.xs(year, level="year")[INDUSTRY_COLUMNS]
    except KeyError:
        raise IIEInputError("province_gdp", f"no provincial GDP for year {year}") from None
    missing_p = sorted(set(codes) - set(g.index))
    if missing_p:
        raise IIEInputError("province_gdp", f"year {year}: no row for province {missing_p[0]}")
    return g.loc[codes].set_axis(list(model.INDUSTRIES), axis=1)


def section_data(inputs: Inputs, codes: list[int]) -> dict:
    """{year: province × section value added} of the years with provincial section data (a table
    without a year level counts for every report year); {} when there is none."""
    psv = inputs.province_section_va
    if psv is None or len(psv) == 0:
        return {}
    if isinstance(psv.index, pd.MultiIndex) and "year" in psv.index.names:
        out = {}
        for y in sorted(set(psv.index.get_level_values("year"))):
            frame = psv.xs(y, level="year").astype(float)
            if frame.notna().any().any():
                out[int(y)] = frame.reindex(index=codes, columns=list(model.SECTIONS))
        return out
    frame = psv.astype(float).reindex(index=codes, columns=list(model.SECTIONS))
    return {int(t): frame for t in inputs.years}


def _province_eta(inputs: Inputs, year: int):
    pe = inputs.province_eta
    if pe is None or year not in set(pe.index.get_level_values("year")):
        return None
    return pe.xs(year, level="year")[INDUSTRY_COLUMNS].set_axis(list(model.INDUSTRIES), axis=1)


def _by_section(Z_s: pd.Series, va: pd.DataFrame, year: int, used: int) -> pd.Series:
    try:
        return model.allocate_by_section(Z_s, va).sum(axis=1)
    except IIEInputError as exc:
        raise IIEInputError(f"province_section_va {used} (for {year})", exc.problem) from None


def allocate(inputs: Inputs, s: Series, say: Callable[[str], None]) -> Provinces:
    """Core and penetration of every report year allocated to the provinces by both rules, each
    component on its own; the chosen rule (``Parameters.allocation``) is the report's."""
    P = inputs.params
    say("provinces: allocation (" + ("section" if P.allocation == "section" else "three-industry") + " rule)")
    pg = inputs.province_gdp.astype(float)
    codes = sorted(set(pg.index.get_level_values(0)))
    eta_t = pd.DataFrame({t: (s.core_jt[t] + s.pen_jt[t]) / s.gdp_ind.loc[t].set_axis(list(model.INDUSTRIES))
                          for t in inputs.years})
    sec = section_data(inputs, codes)
    out = {(c, r): {} for c in ("core", "pen") for r in ("industry", "section")}
    gdp_pt, eta_pt, tau = {}, {}, {}
    for t in inputs.years:
        g = province_gdp_year(pg, t, codes)
        gdp_pt[t] = g.sum(axis=1)
        eta_pt[t] = model.effective_eta(eta_t[t], _province_eta(inputs, t), g.index)
        for comp, z_j, z_s in (("core", s.core_jt[t], s.core_st[t]), ("pen", s.pen_jt[t], s.pen_st[t])):
            out[(comp, "industry")][t] = model.allocate_by_industry(z_j, g, eta_pt[t]).sum(axis=1)
            if sec:
                tau[t] = model.carried_year(t, sec)
                out[(comp, "section")][t] = _by_section(z_s, sec[tau[t]], t, tau[t])
            else:   # no provincial section data: the three-industry rule is the fallback (§5)
                tau[t] = None
                out[(comp, "section")][t] = out[(comp, "industry")][t]
    rules = {k: pd.DataFrame(v) for k, v in out.items()}
    core, pen = rules[("core", P.allocation)], rules[("pen", P.allocation)]
    return Provinces(codes=codes, eta_t=eta_t, core=core, pen=pen, gdp=pd.DataFrame(gdp_pt), total=core + pen,
                     rules=rules, eta_pt=eta_pt, section_year=tau, unit=P.unit)


def provinces_table(tables: TableSet, years: list[int], pv: Provinces, gdp) -> None:
    """The provinces table (with core and penetration growth, §8), both rules side by side with
    the GDP by industry used (``gdp``: :class:`.gdp.GDPFill`; a blank year filled, §4), and the
    report's counts."""
    prov_ref = reference.provinces()
    growth = {k: model.growth_rows(f) for k, f in (("total", pv.total), ("core", pv.core), ("pen", pv.pen))}
    rank_p = pv.total.rank(ascending=False, method="min").astype(int)
    ref = prov_ref[["name_zh", "name_en", "region"]].to_dict("index")
    cell = {k: f.to_dict("index") for k, f in (("core", pv.core), ("penetration", pv.pen), ("total", pv.total),
                                               ("total_growth", growth["total"]), ("core_growth", growth["core"]),
                                               ("penetration_growth", growth["pen"]), ("gdp", pv.gdp),
                                               ("rank", rank_p))}   # code → {year: value}: one lookup a cell
    rows = []
    for code in pv.codes:
        for t in years:
            v = {k: f[code][t] for k, f in cell.items()}
            rows.append({"province": ref[code]["name_zh"], "province_code": int(code),
                         "province_en": ref[code]["name_en"], "region": ref[code]["region"],
                         "year": t, "core": v["core"], "penetration": v["penetration"],
                         "total": v["total"], "total_growth": v["total_growth"],
                         "core_growth": v["core_growth"], "penetration_growth": v["penetration_growth"],
                         "gdp": v["gdp"], "share_of_gdp": np.float64(v["total"]) / np.float64(v["gdp"]), "rank": int(v["rank"])})
    tables.add("provinces", "分省工业互联网带动增加值", "IIE-driven value added by province", pd.DataFrame(rows))
    rule_rows = [{"province_code": int(code), "year": t,
                  **{f"{comp}_{rule}": pv.rules[(comp, rule)].at[code, t]
                     for comp in ("core", "pen") for rule in ("industry", "section")},
                  "section_year": np.nan if pv.section_year.get(t) is None else pv.section_year[t],
                  **_gdp_columns(gdp, code, t)}
                 for code in pv.codes for t in years]
    tables.add("province_rules", "分省分配：三次产业口径与门类口径", "Province allocation by both rules",
               pd.DataFrame(rule_rows))
    tables.add("province_counts", "分省统计（最新年份）", "Province counts (latest year)",
               counts_frame(pv, years[-1]), unit="")


def _gdp_columns(gdp, code: int, year: int) -> dict:
    """gdp_1 … gdp_3 of a province and year as used, and their flags."""
    out = {}
    for j, col in enumerate(INDUSTRY_COLUMNS, start=1):
        out[f"gdp_{j}"] = gdp.inputs.province_gdp.at[(code, year), col]
        out[f"gdp_{j}_flag"] = gdp.province_flags.at[(code, year), col]
    return out


def counts_frame(pv: Provinces, year: int) -> pd.DataFrame:
    """The counts the report quotes for ``year`` (§8): provinces with total > 1,000 亿元 (in the
    book's unit), total growth > 5 % and > 7 %, IIE share of GDP > 4 % — strict inequalities,
    as COUNTIF(range, ">x") counts."""
    total = pv.total[year]
    value = PROVINCE_COUNT_VALUE * units.factor("亿元", pv.unit)
    g = model.growth_rows(pv.total)[year] if len(pv.total.columns) > 1 else pd.Series(dtype=float)
    share = total / pv.gdp[year]
    rows = [("above_value", "合计超过阈值的省份数", "Provinces with total above", value, int((total > value).sum()))]
    for k, x in enumerate(PROVINCE_COUNT_GROWTH, 1):
        rows.append((f"growth_above_{k}", "增速超过阈值的省份数", "Provinces growing faster than", x,
                     int((g > x).sum())))
    rows.append(("share_above", "占GDP比重超过阈值的省份数", "Provinces with IIE share of GDP above",
                 PROVINCE_COUNT_SHARE, int((share > PROVINCE_COUNT_SHARE).sum())))
    return pd.DataFrame(rows, columns=["metric", "metric_zh", "metric_en", "threshold", "count"])


def regions_table(tables: TableSet, years: list[int], pv: Provinces, s: Series) -> None:
    region_of = reference.provinces().loc[pv.codes, "region"]
    core_r, pen_r = model.region_totals(pv.core, region_of), model.region_totals(pv.pen, region_of)
    rows = []
    for r in reference.REGIONS:
        if r not in core_r.index:
            continue
        for t in years:
            tot = core_r.at[r, t] + pen_r.at[r, t]
            rows.append({"region": r, "region_zh": reference.REGIONS[r][0], "year": t, "core": core_r.at[r, t],
                         "penetration": pen_r.at[r, t], "total": tot, "share_of_national": tot / s.total_t[t]})
    tables.add("regions", "四大区域工业互联网带动增加值", "IIE-driven value added by region", pd.DataFrame(rows))
