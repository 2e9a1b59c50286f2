"""Stage 5, the provinces and regions (METHOD.md §5): each year's core and penetration value
added allocated to the 31 provinces (three-industry rule, or by provincial section shares),
ranked, and summed to the four regions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .. import model, reference
from ..errors import IIEInputError
from ..inputs import INDUSTRY_COLUMNS, Inputs
from .report import TableSet
from .series import Series


@dataclass
class Provinces:
    codes: list[int]            # province codes, sorted
    eta_t: pd.DataFrame         # industry × year: η = Z^j / GDP^j of the nation
    core: pd.DataFrame          # province × year
    pen: pd.DataFrame
    gdp: pd.DataFrame
    total: pd.DataFrame


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


def allocate(inputs: Inputs, s: Series, say: Callable[[str], None]) -> Provinces:
    """Core and penetration of every report year allocated to the provinces, each on its own."""
    P = inputs.params
    say("provinces: allocation (" + ("section" if P.allocation == "section" else "three-industry") + " rule)")
    pg = inputs.province_gdp.astype(float)
    codes = sorted(set(pg.index.get_level_values(0)))
    eta_t = pd.DataFrame({t: (s.core_jt[t] + s.pen_jt[t]) / s.gdp_ind.loc[t].set_axis(list(model.INDUSTRIES))
                          for t in inputs.years})
    core_pt, pen_pt, gdp_pt = {}, {}, {}
    for t in inputs.years:
        g = province_gdp_year(pg, t, codes)
        gdp_pt[t] = g.sum(axis=1)
        if P.allocation == "section":
            shares = inputs.province_section_va.loc[codes]
            core_pt[t] = model.allocate_by_section(s.core_st[t], shares).sum(axis=1)
            pen_pt[t] = model.allocate_by_section(s.pen_st[t], shares).sum(axis=1)
        else:
            core_pt[t] = model.allocate_by_industry(s.core_jt[t], g, eta_t[t]).sum(axis=1)
            pen_pt[t] = model.allocate_by_industry(s.pen_jt[t], g, eta_t[t]).sum(axis=1)
    core, pen = pd.DataFrame(core_pt), pd.DataFrame(pen_pt)
    return Provinces(codes=codes, eta_t=eta_t, core=core, pen=pen, gdp=pd.DataFrame(gdp_pt), total=core + pen)


def provinces_table(tables: TableSet, years: list[int], pv: Provinces) -> None:
    prov_ref = reference.provinces()
    growth_p = model.growth_rows(pv.total)
    rank_p = pv.total.rank(ascending=False, method="min").astype(int)
    rows = []
    for code in pv.codes:
        for t in years:
            rows.append({"province": prov_ref.at[code, "name_zh"], "province_code": int(code),
                         "province_en": prov_ref.at[code, "name_en"], "region": prov_ref.at[code, "region"],
                         "year": t, "core": pv.core.at[code, t], "penetration": pv.pen.at[code, t],
                         "total": pv.total.at[code, t], "total_growth": growth_p.at[code, t],
                         "gdp": pv.gdp.at[code, t], "share_of_gdp": pv.total.at[code, t] / pv.gdp.at[code, t],
                         "rank": int(rank_p.at[code, t])})
    tables.add("provinces", "分省工业互联网带动增加值", "IIE-driven value added by province", pd.DataFrame(rows))


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
