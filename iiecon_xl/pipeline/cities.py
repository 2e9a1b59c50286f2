"""Stage 6, the cities (METHOD.md §7): the provinces' three-industry IIE value added of the city
data year (under either allocation rule of §5) shared by the cities' three-industry GDP, the
development index CI = N·ln(1 + X/X̄), the tiers (X̄ over the prefecture-level units or all rows,
``Parameters.city_mean``) and the share of the nation held by the top-N cities."""

from __future__ import annotations

from typing import Callable

import pandas as pd

from .. import model, reference
from ..errors import IIEInputError
from ..inputs import INDUSTRY_COLUMNS, Inputs
from .provinces import Provinces, province_gdp_year, section_data
from .report import TableSet
from .sections import SectionRates
from .series import Series


def city_year(inputs: Inputs) -> int:
    """The year of the city GDP (default: the latest report year); it must be a report year."""
    years = inputs.years
    cy = int(inputs.city_year or years[-1])
    if cy not in years:
        raise IIEInputError("city_year", f"{cy} is not a report year ({years[0]}–{years[-1]})")
    return cy


def province_industry_total(inputs: Inputs, cy: int, s: Series, sec: SectionRates, pv: Provinces) -> pd.DataFrame:
    """province × industry IIE value added of year ``cy``, the amount the cities share (§7): the
    three-industry rule's Z^j ω_i^j (core and penetration allocated separately); under the section
    rule Σ_s Z_i^s · share_{s,j}, each component's provinces × sections (data year τ(cy)) summed to
    the industries by that component's section split (§5). Without provincial section data the
    section rule is the three-industry rule (§5), here too."""
    tau = pv.section_year.get(cy)
    if inputs.params.allocation == "section" and tau is not None:
        va = section_data(inputs, pv.codes)[tau]
        return (model.sections_to_industries(model.allocate_by_section(s.core_st[cy], va), sec.core_shares)
                + model.sections_to_industries(model.allocate_by_section(s.pen_st[cy], va), sec.pen_shares))
    g = province_gdp_year(inputs.province_gdp.astype(float), cy, pv.codes)
    return (model.allocate_by_industry(s.core_jt[cy], g, pv.eta_of(cy))
            + model.allocate_by_industry(s.pen_jt[cy], g, pv.eta_of(cy)))


def city_tables(tables: TableSet, inputs: Inputs, s: Series, sec: SectionRates, pv: Provinces,
                say: Callable[[str], None], flags: pd.Series | None = None) -> None:
    """The cities table (value added, index, tier, rank, and ``flags``: "incomplete" where a blank
    industry GDP counted as 0, see :mod:`.gdp`), the tier table and the top-N shares."""
    P = inputs.params
    cy = city_year(inputs)
    say(f"cities: allocation and development index ({cy})")
    z_pj = province_industry_total(inputs, cy, s, sec, pv)
    cg = inputs.city_gdp.copy()
    city_gdp = cg[INDUSTRY_COLUMNS].astype(float).set_axis(list(model.INDUSTRIES), axis=1)
    city_va = model.allocate_to_cities(z_pj, city_gdp, cg["province_code"].astype(int)).sum(axis=1)
    in_mean = model.in_city_mean(cg["province_code"].astype(int).to_numpy(), P.city_mean)
    ci = model.city_index(city_va.to_numpy(), P.city_index_N, population=in_mean)
    prov_ref = reference.provinces()
    city_ref = reference.cities().set_index("city_zh")
    cities = pd.DataFrame({
        "city": city_va.index, "city_en": [city_ref["city_en"].get(c, "") for c in city_va.index],
        "province": [prov_ref.at[int(p), "name_zh"] for p in cg["province_code"]],
        "province_code": cg["province_code"].astype(int).to_numpy(), "year": cy,
        "value_added": city_va.to_numpy(), "index": ci, "tier": model.city_tier(ci, P.tier_thresholds),
        "gdp_flag": "observed" if flags is None else flags.reindex(city_va.index).to_numpy()})
    cities["rank"] = cities["index"].rank(ascending=False, method="min").astype(int)
    cities = cities.sort_values(["rank", "city"], kind="mergesort")
    tables.add("cities", f"城市工业互联网发展指数（{cy}）", f"City IIE development index ({cy})", cities)
    tables.add("tiers", "主要城市梯队（表1）", "Tiers of the main cities (Table 1)",
               model.tier_table(cities["city"], cities["index"], P.tier_thresholds), unit="")
    shares = [model.top_n_share(city_va.to_numpy(), float(s.total_t[cy]), n) for n in P.top_n]
    tables.add("top_shares", "头部城市占全国比重", "Share of national IIE value added held by the top cities",
               pd.DataFrame({"top_n": list(P.top_n), "share": shares}), unit="")
