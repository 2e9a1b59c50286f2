"""The whole measurement of METHOD.md in one call: ``run(inputs) -> Report``.

Stages (METHOD.md section in brackets), one module each:

1. :mod:`.base_year` — IIE shares S_k from the expert scores (§6); technical coefficients,
   direct value added and the augmented penetration model, sector by sector (§1, §2);
2. :mod:`.sections` — section value added with missing years extrapolated (§4); rates d_s, p_s;
3. :mod:`.production` — Cobb-Douglas fit and the multipliers μ_t (§3, §2.7); :mod:`.gdp` — the
   national, provincial and city GDP with their blanks filled (§4; a blank city GDP counts as 0);
4. :mod:`.series` — section, industry and national series (§1, §5); tables in :mod:`.national`
   and :mod:`.intermediate`;
5. :mod:`.provinces` — province allocation, ranks and the four regions (§5);
6. :mod:`.cities` — city allocation, development index, tiers, top-N shares (§7); :mod:`.city_counts`
   — cities per tier by region and province.

Growth, CAGR and shares (§8) are columns of those tables. Every table carries its unit and
Chinese + English labels; the :class:`Report` carries the parameters it was computed with.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..inputs import Inputs
from . import cities, city_counts, intermediate, national, provinces
from .gdp import fill_gdp
from .base_year import base_year, shares_from_scores
from .national import IND_KEYS
from .production import multipliers
from .report import Report, TableSet
from .sections import section_rates
from .series import series

__all__ = ["IND_KEYS", "Report", "run", "shares_from_scores"]


def run(inputs: Inputs, progress: Callable[[str], None] | None = None) -> Report:
    """Run the measurement; raises :class:`~iiecon_xl.errors.IIEInputError` on bad input."""
    say = progress or (lambda msg: None)
    inputs.check()
    P = inputs.params
    years = inputs.years
    warnings: list[str] = []

    base = base_year(inputs, say)
    sec = section_rates(inputs, base, warnings, say)
    mult = multipliers(inputs, sec.p0, warnings, say)
    gdp = fill_gdp(inputs, warnings)
    s = series(gdp.inputs, sec, mult)

    tables = TableSet(P.unit)
    national.national_table(tables, years, s)
    national.summary_table(tables, P, years, s)
    national.industries_table(tables, years, s, gdp.national_flags)
    national.sections_table(tables, years, s, sec, mult)
    intermediate.sectors_table(tables, inputs, base)
    intermediate.related_table(tables, inputs, base)
    intermediate.production_tables(tables, mult)

    pv = provinces.allocate(gdp.inputs, s, say)
    provinces.provinces_table(tables, years, pv, gdp)
    provinces.regions_table(tables, years, pv, s)
    cities.city_tables(tables, gdp.inputs, s, sec, pv, say, gdp.city_flags)
    city_counts.tier_count_tables(tables, pv.codes, len(P.tier_thresholds))
    say("done")
    return Report(tables=dict(tables), unit=P.unit, label=P.label, years=years, warnings=warnings,
                  parameters=replace(P))
