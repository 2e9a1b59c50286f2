"""The national report tables (METHOD.md §8): the nation by year, its summary (growth over the
span, CAGR, penetration/core, share of GDP), the three industries and the 19 sections."""

from __future__ import annotations

import pandas as pd

from .. import model, reference
from ..inputs import Parameters
from ..parameters import default_span
from .production import Multipliers
from .report import TableSet
from .sections import SectionRates
from .series import Series

IND_KEYS = {1: "primary", 2: "secondary", 3: "tertiary"}


def national_table(tables: TableSet, years: list[int], s: Series) -> None:
    core_t, pen_t, total_t, gdp_t = s.core_t, s.pen_t, s.total_t, s.gdp_t
    national = pd.DataFrame({
        "year": years, "core": core_t.to_numpy(), "penetration": pen_t.to_numpy(), "total": total_t.to_numpy(),
        "core_growth": model.growth(core_t).to_numpy(), "penetration_growth": model.growth(pen_t).to_numpy(),
        "total_growth": model.growth(total_t).to_numpy(),
        "penetration_core_ratio": (pen_t / core_t).to_numpy(), "gdp": gdp_t.to_numpy(),
        "share_of_gdp": (total_t / gdp_t).to_numpy()})
    tables.add("national", "全国工业互联网带动增加值", "National IIE-driven value added", national)


def summary_table(tables: TableSet, P: Parameters, years: list[int], s: Series) -> None:
    """Total growth and CAGR over the growth span (when it lies in the report years), then the
    latest year's penetration/core ratio and share of GDP."""
    total_t = s.total_t
    span = P.growth_span or default_span(years)
    rows = []
    if span[0] in years and span[1] in years and span[1] > span[0]:
        rows += [
            {"metric": f"{span[0]}–{span[1]} 总增长", "metric_en": f"Total growth {span[0]}–{span[1]}",
             "value": model.span_growth(total_t, *span)},
            {"metric": f"{span[0]}–{span[1]} 年均复合增长率", "metric_en": f"CAGR {span[0]}–{span[1]}",
             "value": model.cagr(total_t, *span)}]
    last = years[-1]
    rows += [
        {"metric": f"{last} 渗透/核心", "metric_en": f"Penetration / core {last}",
         "value": float(s.pen_t[last] / s.core_t[last])},
        {"metric": f"{last} 占GDP比重", "metric_en": f"Share of GDP {last}", "value": float(total_t[last] / s.gdp_t[last])}]
    tables.add("national_summary", "全国指标汇总", "National summary", pd.DataFrame(rows), unit="")


def industries_table(tables: TableSet, years: list[int], s: Series, gdp_flags: pd.DataFrame) -> None:
    """The three industries by year, with the GDP used and its flag (a blank year filled, §4)."""
    rows = []
    for j in model.INDUSTRIES:
        c, p = s.core_jt.loc[j], s.pen_jt.loc[j]
        tot = c + p
        g = s.gdp_ind[IND_KEYS[j]]
        growth_j = model.growth(tot)
        zh, en = reference.INDUSTRY_NAMES[j]
        for t in years:
            rows.append({"industry": j, "industry_zh": zh, "industry_en": en, "year": t, "core": c[t],
                         "penetration": p[t], "total": tot[t], "total_growth": growth_j[t], "gdp": g[t],
                         "gdp_flag": gdp_flags.at[t, IND_KEYS[j]], "eta": tot[t] / g[t]})
    tables.add("industries", "三次产业工业互联网带动增加值", "IIE-driven value added by industry", pd.DataFrame(rows))


def sections_table(tables: TableSet, years: list[int], s: Series, sec: SectionRates, mult: Multipliers) -> None:
    sec_ref = reference.sections()
    rows = []
    for x in model.SECTIONS:
        tot = s.core_st.loc[x] + s.pen_st.loc[x]
        g = model.growth(tot)
        for t in years:
            rows.append({"section": x, "name_zh": sec_ref.at[x, "name_zh"], "name_en": sec_ref.at[x, "name_en"],
                         "year": t, "core": s.core_st.at[x, t], "penetration": s.pen_st.at[x, t], "total": tot[t],
                         "total_growth": g[t], "value_added": sec.va.at[x, t], "va_flag": sec.va_flags.at[x, t],
                         "direct_rate": sec.d[x], "penetration_rate": mult.p_t.at[x, t]})
    tables.add("sections", "19个门类工业互联网带动增加值", "IIE-driven value added by section", pd.DataFrame(rows))
