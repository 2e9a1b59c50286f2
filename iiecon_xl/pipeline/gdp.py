"""Stage 3b, the GDP inputs with their blanks filled (METHOD.md §4, issue 13 §2):

* national GDP by industry and provincial GDP by province and industry are yearly series: a
  blank year (trailing, leading or inside) is filled by ``model.linear_extrapolate`` over the
  report years (the OLS line on the observed years —
  the last ``Parameters.extrapolation_window`` of them if set — outside them, straight-line
  interpolation between the neighbours inside), flagged and named in the report notes; a report
  year (or province) without a row at all stays an input error naming it;
* city GDP is one cross-section (the city data year) with no time axis to extrapolate along: a
  blank industry GDP of a city counts as 0 in the cities' shares of their province (the city
  takes no share of that industry), the city is flagged ``incomplete`` and named in the notes.

The report tables carry what was used: ``industries.gdp`` / ``gdp_flag``, ``province_rules``
``gdp_1`` … ``gdp_3`` with their flags, ``cities.gdp_flag``; the book computes the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .. import model
from ..inputs import INDUSTRY_COLUMNS, Inputs
from ..model.extrapolate import OBSERVED
from ..tables import input_note
from .provinces import province_gdp_year
from .series import national_gdp

#: the flag of a city with a blank industry GDP (counted as 0 in the city shares)
INCOMPLETE = "incomplete"


@dataclass
class GDPFill:
    inputs: Inputs              # the inputs with the three GDP inputs filled (the rest shared)
    national_flags: pd.DataFrame   # year × primary, secondary, tertiary
    province_flags: pd.DataFrame   # (province_code, year) × primary, secondary, tertiary
    city_flags: pd.Series          # city → "observed" / "incomplete"


def _national(inputs: Inputs, window, notes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    ng = national_gdp(replace(inputs, national_gdp=inputs.national_gdp.fillna(0.0)))  # a missing year: the error
    ng = inputs.national_gdp.astype(float).loc[ng.index, INDUSTRY_COLUMNS]
    filled, flags = model.extrapolate_rows(ng.T, window, name="national_gdp")
    notes += [input_note("national_gdp", c, t, flags.at[c, t]) for c in flags.index for t in flags.columns
              if flags.at[c, t] != OBSERVED]
    filled.index.name = None
    return filled.T.rename_axis("year"), flags.T


def _provinces(inputs: Inputs, window, notes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each (province, industry) row over the report years filled; other years dropped."""
    years = inputs.years
    pg = inputs.province_gdp.astype(float)
    codes = sorted(set(pg.index.get_level_values(0)))
    for t in years:  # a missing year or province row: the input error naming it
        province_gdp_year(pg, t, codes)
    full = pd.MultiIndex.from_product([codes, years], names=["province_code", "year"])
    pg = pg.reindex(index=full, columns=INDUSTRY_COLUMNS)
    wide = pg.unstack("year")            # province × (industry, year)
    values, flags = pg.copy(), pd.DataFrame(OBSERVED, index=full, columns=INDUSTRY_COLUMNS)
    for col in INDUSTRY_COLUMNS:
        f, fl = model.extrapolate_rows(wide[col], window, name=f"province_gdp {col}")
        for code in codes:
            for t in years:
                values.at[(code, t), col] = f.at[code, t]
                flags.at[(code, t), col] = fl.at[code, t]
                if fl.at[code, t] != OBSERVED:
                    notes.append(input_note("province_gdp", f"{code} {col}", t, fl.at[code, t]))
    return values, flags


def _cities(inputs: Inputs, notes: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    cg = inputs.city_gdp.copy()
    gdp = cg[INDUSTRY_COLUMNS].astype(float)
    blank = gdp.isna()
    flags = pd.Series(np.where(blank.any(axis=1), INCOMPLETE, OBSERVED), index=cg.index, name="gdp_flag")
    for city in cg.index[blank.any(axis=1)]:
        missing = [c for c in INDUSTRY_COLUMNS if blank.at[city, c]]
        notes.append(input_note("city_gdp", f"{city} {' '.join(missing)}", None, INCOMPLETE))
    cg[INDUSTRY_COLUMNS] = gdp.fillna(0.0)
    return cg, flags


def fill_gdp(inputs: Inputs, notes: list[str]) -> GDPFill:
    """The inputs with national, provincial and city GDP filled (see the module docstring); a note
    per filled value in ``notes``."""
    window = inputs.params.extrapolation_window
    ng, ng_flags = _national(inputs, window, notes)
    pg, pg_flags = _provinces(inputs, window, notes)
    cg, c_flags = _cities(inputs, notes)
    filled = replace(inputs, national_gdp=ng, province_gdp=pg, city_gdp=cg)
    return GDPFill(inputs=filled, national_flags=ng_flags, province_flags=pg_flags, city_flags=c_flags)
