"""Excel functions of the production function and the yearly series (METHOD.md §3–§4).

PRODFN_FIT (the Cobb-Douglas fit), TECH_MULTIPLIER (the technology level γ_t and the
multiplier μ_t), IIE_EXTRAPOLATE (missing years filled by a fitted line). The fit window
and the constant-returns switch default to :mod:`iiecon_xl.parameters`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import model
from ..model.checks import PLAUSIBLE_YEARS
from ..parameters import DEFAULTS, FIT_WINDOW
from . import cells
from .arguments import default_text, finite_or_blank, renamed, year_cell, year_column
from .registry import excel_function

#: Worked example of the reference: 14 years of a Cobb-Douglas economy, TFP growing after 2016.
EXAMPLE_YEARS = list(range(2007, 2021))
EXAMPLE_K = [round(100.0 * 1.09 ** t, 2) for t in range(14)]
EXAMPLE_L = [round(50.0 * (1.0 + 0.05 * math.sin(t)), 2) for t in range(14)]
EXAMPLE_Y = [round(2.0 * k ** 0.4 * l_ ** 0.6 * 1.02 ** max(0, year - 2016) * (1.0 + 0.003 * ((7 * t) % 5 - 2)), 2)
             for t, (year, k, l_) in enumerate(zip(EXAMPLE_YEARS, EXAMPLE_K, EXAMPLE_L))]

_CRS = DEFAULTS["constant_returns"]
_YEARS = "{}–{}".format(*PLAUSIBLE_YEARS)
_FIT_ARGS = (
    ("years", f"Row or column of years (whole numbers {_YEARS}, each once)."),
    ("Y", "Output (GDP) by year, aligned with years; blank = missing."),
    ("K", "Capital stock by year, aligned with years; blank = missing."),
    ("L", "Employment by year, aligned with years; blank = missing."),
    ("start_year", f"Optional first year of the fit window ({_YEARS}). {default_text(FIT_WINDOW[0])}"),
    ("end_year", f"Optional last year of the fit window ({_YEARS}). {default_text(FIT_WINDOW[1])}"),
    ("constant_returns", "Optional TRUE to impose α + β = 1 (regress ln(Y/L) on ln(K/L)). "
                         f"{default_text(_CRS)}"),
)
_FIT_EXAMPLE = (EXAMPLE_YEARS, EXAMPLE_Y, EXAMPLE_K, EXAMPLE_L)


def _fit(years, Y, K, L, start_year, end_year, constant_returns):
    yrs = year_column("years", years)
    n = len(yrs)
    series = {nm: pd.Series(cells.to_vector(nm, v, n, against="years", blank=np.nan), index=yrs)
              for nm, v in (("Y", Y), ("K", K), ("L", L))}
    lo = year_cell("start_year", start_year, FIT_WINDOW[0])
    hi = year_cell("end_year", end_year, FIT_WINDOW[1])
    cr = cells.to_bool("constant_returns", constant_returns, _CRS)
    with renamed({"window": "start_year"}):
        fit = model.fit_cobb_douglas(series["Y"], series["K"], series["L"], window=(lo, hi),
                                     constant_returns=cr)
    return yrs, series, fit


@excel_function(
    args=_FIT_ARGS,
    ranges=("years", "Y", "K", "L"),
    returns='8×3 table: header ["parameter", "estimate", "std_error"], rows lnA, alpha, beta, A, R2, nobs, '
            'warning (text when α or β leave (0, 1), else blank)',
    formula="OLS over the window: ln Y_t = ln A + α ln K_t + β ln L_t + ε_t",
    example=_FIT_EXAMPLE,
)
def PRODFN_FIT(years, Y, K, L, start_year=FIT_WINDOW[0], end_year=FIT_WINDOW[1], constant_returns=_CRS):
    """Cobb-Douglas fit ln Y = ln A + α ln K + β ln L by OLS over a window of years, as a labelled table."""
    _, _, fit = _fit(years, Y, K, L, start_year, end_year, constant_returns)
    f = finite_or_blank
    table = [["parameter", "estimate", "std_error"]]
    table += [[par, f(row.estimate), f(row.std_error)] for par, row in fit.table().iterrows()]
    table.append(["warning", "; ".join(fit.warnings), None])
    return cells.to_excel(table, blanks=True, name="Y")


@excel_function(
    args=_FIT_ARGS,
    ranges=("years", "Y", "K", "L"),
    returns='table: header ["year", "gamma", "mu"], one row per year in the order given; blank where '
            'undefined (μ of the first year)',
    formula="γ_t = Y_t / (A K_t^α L_t^β) with A, α, β fitted over the window; μ_t = γ_t / γ_{t−1}",
    example=_FIT_EXAMPLE,
)
def TECH_MULTIPLIER(years, Y, K, L, start_year=FIT_WINDOW[0], end_year=FIT_WINDOW[1], constant_returns=_CRS):
    """Technology level γ_t and yearly technology multiplier μ_t = γ_t / γ_(t−1) from a Cobb-Douglas fit."""
    yrs, s, fit = _fit(years, Y, K, L, start_year, end_year, constant_returns)
    gamma = model.tfp(fit, s["Y"], s["K"], s["L"])
    mu = model.multiplier(gamma)
    g, m = gamma.reindex(yrs), mu.reindex(yrs)
    rows = [["year", "gamma", "mu"]]
    rows += [[int(t), finite_or_blank(g[t]), finite_or_blank(m[t])] for t in yrs]
    return cells.to_excel(rows, blanks=True, name="Y")


_EXTRAPOLATE_RESULTS = ("values", "flag", "table")
_WINDOW = DEFAULTS["extrapolation_window"]


@excel_function(
    args=(("years", f"Row or column of years (whole numbers {_YEARS}, each once)."),
          ("values", "The series, aligned with years; blank cells are the missing years to fill."),
          ("window", "Optional: fit the line on the last `window` observed years (at least 2). "
                     + ("Default all." if _WINDOW is None else default_text(_WINDOW))),
          ("result", 'Optional: "values" (default, filled column), "flag" ("observed" / "extrapolated" / '
                     '"interpolated") or "table" (n×2).')),
    ranges=("years", "values"),
    returns='n×1 column of filled values; "flag" → n×1 column of flags; "table" → n×2 [value, flag]',
    formula="x̂_t = a + b·t by OLS on the observed years (last `window` of them); gaps inside the observed span "
            "are interpolated linearly between neighbours",
    example=([2019, 2020, 2021, 2022, 2023, 2024], [10.0, 11.0, 12.5, None, 14.0, None], None, "table"),
)
def IIE_EXTRAPOLATE(years, values, window=_WINDOW, result="values"):
    """Fill missing years of a series by linear extrapolation (and interpolation), with flags."""
    yrs = year_column("years", years)
    x = cells.to_vector("values", values, len(yrs), against="years", blank=np.nan)
    w = cells.to_int("window", window, _WINDOW, minimum=2)
    what = cells.to_text("result", result, "values", choices=_EXTRAPOLATE_RESULTS)
    filled, flags = model.linear_extrapolate(pd.Series(x, index=yrs), w, name="values")
    filled, flags = filled.reindex(yrs), flags.reindex(yrs)
    if what == "flag":
        return cells.to_excel(flags.to_numpy(dtype=object), name="values")
    if what == "table":
        return cells.to_excel([[float(v), str(f)] for v, f in zip(filled, flags)], name="values")
    return cells.to_excel(filled.to_numpy(dtype=float), name="values")
