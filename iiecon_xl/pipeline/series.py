"""Stage 4, the yearly series (METHOD.md §1, §2.7, §5): core and penetration value added by
section (rate × section value added), by the three industries and for the nation, with GDP."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import model
from ..errors import IIEInputError
from ..inputs import INDUSTRY_COLUMNS, Inputs
from .production import Multipliers
from .sections import SectionRates


@dataclass
class Series:
    core_st: pd.DataFrame       # section × year
    pen_st: pd.DataFrame
    core_jt: pd.DataFrame       # industry (1, 2, 3) × year
    pen_jt: pd.DataFrame
    core_t: pd.Series           # nation, by year
    pen_t: pd.Series
    total_t: pd.Series
    gdp_ind: pd.DataFrame       # year × primary, secondary, tertiary
    gdp_t: pd.Series


def national_gdp(inputs: Inputs) -> pd.DataFrame:
    """The three-industry GDP of every report year (an input error names a missing year or value;
    :func:`.gdp.fill_gdp` fills the blanks before, §4)."""
    years = inputs.years
    gdp_ind = inputs.national_gdp.astype(float).sort_index()
    missing = [t for t in years if t not in gdp_ind.index]
    if missing:
        raise IIEInputError("national_gdp", f"no GDP for year(s) {', '.join(map(str, missing))}")
    gdp_ind = gdp_ind.loc[years, INDUSTRY_COLUMNS]
    if gdp_ind.isna().any().any():
        raise IIEInputError("national_gdp", "missing values")
    return gdp_ind


def series(inputs: Inputs, sec: SectionRates, mult: Multipliers) -> Series:
    """Apply d_s and p_s(t) to the section value added (the base year: Σ S_k V_k and Σ dz by
    section, §1); split to the industries by the sections' base-year shares (§5); the nation."""
    b = inputs.params.base_year
    core_st = model.apply_rates(sec.d, sec.va, base=sec.core0, base_year=b)
    pen_st = model.apply_rates(mult.p_t, sec.va, base=sec.pen0, base_year=b)
    core_t, pen_t = core_st.sum(), pen_st.sum()
    gdp_ind = national_gdp(inputs)
    return Series(core_st=core_st, pen_st=pen_st, core_jt=model.by_industry(core_st, sec.core_shares),
                  pen_jt=model.by_industry(pen_st, sec.pen_shares), core_t=core_t, pen_t=pen_t, total_t=core_t + pen_t,
                  gdp_ind=gdp_ind, gdp_t=gdp_ind.sum(axis=1))
