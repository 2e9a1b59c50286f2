"""Excel functions of the city index and its report tables (METHOD.md §7).

CITY_INDEX (CI = N·ln(1 + X/X̄)), CITY_TIER (tiers against decreasing thresholds),
TOP_N (the largest values with their names), TIER_TABLE (the report's Table 1) and
TOPN_SHARE (the top-n share of a total). Thresholds default to
:data:`iiecon_xl.parameters.TIER_THRESHOLDS`.
"""

from __future__ import annotations

import numpy as np

from .. import model
from ..errors import IIEInputError
from ..parameters import TIER_THRESHOLDS
from . import cells
from .arguments import absent, default_text
from .cells import BLANK_IS_ERROR
from .registry import excel_function

_THRESHOLDS_HELP = ("Optional strictly decreasing tier thresholds, every cell filled. "
                    f"{default_text(TIER_THRESHOLDS)}")
_TIER_HEADER = ["tier", "index_range", "count", "cities"]
_TIER_DOC = ("Tier of each city index against decreasing thresholds "
             f"(default {' / '.join(f'{t:g}' for t in TIER_THRESHOLDS)}).")


def _thresholds(thresholds) -> np.ndarray:
    """The thresholds given (every one: a blank cell among them is an error), or the default ones."""
    if absent(thresholds):
        return np.array(TIER_THRESHOLDS, dtype=float)
    return cells.to_vector("thresholds", thresholds, blank=BLANK_IS_ERROR)


def _mean(x: np.ndarray, population) -> float | None:
    """X̄ of the non-blank values flagged by ``population`` (every one when it is absent); None when
    there is none or one is negative: the model says why."""
    keep = ~np.isnan(x)
    if not absent(population):
        flags = cells.to_vector("population", population, len(x), against="values", blank=0.0, bools=True)
        keep &= flags != 0
        if not keep.any():
            raise IIEInputError("population", "no non-blank value is flagged to enter the mean")
    known = x[keep]
    if not (known.size and (known >= 0).all()):
        return None
    with np.errstate(over="ignore"):
        xbar = float(known.mean())
    if not np.isfinite(xbar) or xbar <= 0:
        raise IIEInputError("values", f"the mean of the values is {xbar:g}; the index needs a positive, "
                                      "finite mean (or pass mean)")
    return xbar


@excel_function(
    args=(("values", "Row or column of city IIE value added X_i; blank cells give blank results."),
          ("N", "The scale N of the index (a positive number)."),
          ("mean", "Optional mean X̄ to divide by; default the mean of the non-blank values."),
          ("population", "Optional 0/1 flags aligned with values: 1 for the rows that enter X̄ (e.g. 0 for the "
                         "four municipalities, METHOD §7); default every row. Ignored when mean is given.")),
    ranges=("values", "population"),
    returns="n×1 column of indices (blank where the value is blank)",
    formula="CI_i = N · ln(1 + X_i / X̄)",
    example=([120.0, 40.0, None, 15.0], 20),
)
def CITY_INDEX(values, N, mean=None, population=None):
    """City development index N · ln(1 + X_i / X̄) for a column of city IIE value added."""
    x = cells.to_vector("values", values, blank=np.nan)
    n_scale = cells.to_scalar("N", N)
    xbar = _mean(x, population) if absent(mean) else cells.to_scalar("mean", mean)
    return cells.to_excel(model.city_index(x, n_scale, xbar), blanks=True, name="values")


@excel_function(
    args=(("index", "Row or column of city indices; blank cells give blank results."),
          ("thresholds", _THRESHOLDS_HELP)),
    ranges=("index", "thresholds"),
    returns="n×1 column of tiers 1..len(thresholds), 0 below the last threshold, blank for a blank index",
    formula="tier = 1 if CI ≥ t_1, 2 if CI ≥ t_2, …; 0 below the last threshold",
    example=([62.3, 41.0, 30.2, 18.5, 9.9, None],),
    doc=_TIER_DOC,
)
def CITY_TIER(index, thresholds=None):
    """Tier of each city index against decreasing thresholds (default: parameters.TIER_THRESHOLDS)."""
    x = cells.to_vector("index", index, blank=np.nan)
    t = _thresholds(thresholds)
    tiers = model.city_tier(x, t).astype(object)
    tiers[np.isnan(x)] = None
    return cells.to_excel(tiers, blanks=True, name="index")


@excel_function(
    args=(("names", "Row or column of names (cities, provinces, ...)."),
          ("values", "Row or column of their values, aligned with names; blank values are left out."),
          ("n", "Optional number of rows to return. Default all.")),
    ranges=("names", "values"),
    returns="k×2 table [name, value] sorted by value, largest first (k = n, or fewer when fewer values)",
    formula="sort by value descending (ties keep their order), keep the first n",
    example=(["Hefei", "Wuhu", "Anqing", "Bengbu"], [31.2, 18.4, None, 12.9], 2),
)
def TOP_N(names, values, n=None):
    """The n largest values with their names, sorted from the largest (e.g. the top 30 cities by index)."""
    labels = cells.to_labels("names", names)
    x = cells.to_vector("values", values, len(labels), against="names", blank=np.nan)
    k = cells.to_int("n", n, None, minimum=1)
    keep = np.flatnonzero(~np.isnan(x))
    if keep.size == 0:
        raise IIEInputError("values", "no values")
    order = keep[np.argsort(-x[keep], kind="stable")]
    if k is not None:
        order = order[:k]
    for i in order:
        if labels[i] is None:
            raise IIEInputError("names", f"item {i + 1} is blank but its value is not")
    return cells.to_excel([[labels[i], float(x[i])] for i in order], name="values")


@excel_function(
    args=(("names", "Row or column of city names."),
          ("index", "Row or column of their indices, aligned with names; blank cities are left out."),
          ("thresholds", _THRESHOLDS_HELP)),
    ranges=("names", "index", "thresholds"),
    returns='(1 + tiers)×4 table: header ["tier", "index_range", "count", "cities"], then one row per tier '
            "(cities in rank order, joined by 、)",
    formula="tier k = cities with t_k ≤ CI < t_(k−1) (t_0 = ∞), ranked by CI",
    example=(["A", "B", "C", "D", "E"], [55.0, 48.2, 51.3, 20.0, 9.0]),
)
def TIER_TABLE(names, index, thresholds=None):
    """The report's Table 1: for each tier its index range, number of cities and the cities in rank order."""
    labels = cells.to_labels("names", names)
    x = cells.to_vector("index", index, len(labels), against="names", blank=np.nan)
    t = _thresholds(thresholds)
    keep = np.flatnonzero(~np.isnan(x))
    for i in keep:
        if labels[i] is None:
            raise IIEInputError("names", f"item {i + 1} is blank but its index is not")
    table = model.tier_table([labels[i] for i in keep], x[keep], t)
    rows = [list(_TIER_HEADER)]
    rows += [[int(r.tier), str(r.index_range), int(r.count), str(r.cities)] for r in table.itertuples()]
    return cells.to_excel(rows, name="index")


@excel_function(
    args=(("values", "Row or column of city IIE value added; blank cells are left out."),
          ("total", "The national total to divide by (a positive number)."),
          ("n", "How many of the largest values to add up (a whole number ≥ 1).")),
    ranges=("values",),
    returns="scalar share",
    formula="Σ of the n largest values / total",
    example=([120.0, 40.0, None, 15.0, 80.0], 400.0, 2),
)
def TOPN_SHARE(values, total, n):
    """Share of a total held by the n largest values (e.g. the top 100 cities' share of national IIE value added)."""
    x = cells.to_vector("values", values, blank=np.nan)
    tot = cells.to_scalar("total", total)
    k = cells.to_int("n", n, minimum=1)
    return cells.to_excel(model.top_n_share(x, tot, k), name="values")
