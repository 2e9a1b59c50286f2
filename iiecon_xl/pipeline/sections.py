"""Stage 2, the 19 sections (METHOD.md §1, §2.6, §4, §5): section value added with missing years
extrapolated and flagged, the base-year values Σ_{k∈s} S_k V_k and Σ_{i∈s} dz_i (the base-year row
of every table, whatever the denominator), the rates d_s (direct) and p_s (penetration) over the
chosen denominator, and each section's split between the three industries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .. import model
from ..inputs import Inputs
from ..tables import input_note
from .base_year import BaseYear


@dataclass
class SectionRates:
    va: pd.DataFrame            # section × report year, observed or extrapolated
    va_flags: pd.DataFrame      # "observed" / "extrapolated" … per section and year
    d: pd.Series                # direct rate d_s
    p0: pd.Series               # base-year penetration rate p_s
    core0: pd.Series            # base-year core by section Σ_{k∈K∩s} S_k V_k
    pen0: pd.Series             # base-year penetration by section Σ_{i∈s} dz_i
    core_shares: pd.DataFrame   # section × industry: share of the section's core in industry j (§5)
    pen_shares: pd.DataFrame    # likewise for penetration


def section_rates(inputs: Inputs, base: BaseYear, warnings: list[str],
                  say: Callable[[str], None]) -> SectionRates:
    """Extrapolate the section value added (a warning per filled cell), then d_s and p_s over
    the chosen denominator (the yearbook's base year or the IO table's section totals), and the
    industry shares of each section's core and penetration (from the base-year sectors)."""
    P = inputs.params
    say("section value added: linear extrapolation of missing years")
    va, va_flags = model.extrapolate_rows(inputs.section_va.reindex(list(model.SECTIONS)).astype(float),
                                          P.extrapolation_window, name="section_va")
    for s in va.index:
        for t in va.columns:
            if va_flags.at[s, t] != "observed":
                warnings.append(input_note("section_va", s, t, va_flags.at[s, t]))
    va = va[inputs.years]
    direct_s = model.sum_by_section(base.direct, base.section)
    pen_s = model.sum_by_section(base.pen.dz, base.section)
    denom = model.sum_by_section(base.V, base.section) if P.denominator == "io" else va[P.base_year]
    d = model.section_rates(direct_s, denom, name="section value added (denominator)")
    p0 = model.section_rates(pen_s, denom, name="section value added (denominator)")
    core_shares = model.industry_shares(base.direct, base.section, base.industry)
    pen_shares = model.industry_shares(base.pen.dz, base.section, base.industry)
    return SectionRates(va=va, va_flags=va_flags, d=d, p0=p0, core0=direct_s, pen0=pen_s,
                        core_shares=core_shares, pen_shares=pen_shares)
