"""Cities and the development index (METHOD.md §7).

    X_c     = Σ_j Z_p^j · GDP_c^j / Σ_{c'∈p} GDP_{c'}^j      (c a city of province p)
    CI_c    = N · ln(1 + X_c / X̄),   X̄ = mean of X over the population of the mean: the
              prefecture-level units (the four municipalities excluded, the default) or all rows
    tier    = 1 if CI ≥ 50, 2 if ≥ 35, 3 if ≥ 25, 4 if ≥ 17, else 0 (thresholds are parameters)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import IIEInputError
from . import checks
from .regional import column_shares

#: GB/T 2260 codes of the four municipalities (Beijing, Tianjin, Shanghai, Chongqing): rows of the
#: city list that get an index but, under the ``prefecture`` rule, do not enter X̄ (§7).
MUNICIPALITY_CODES = (110000, 120000, 310000, 500000)


def allocate_to_cities(Z_province: pd.DataFrame, city_gdp: pd.DataFrame, city_province: pd.Series) -> pd.DataFrame:
    """City IIE value added by industry (cities × industries).

    ``Z_province``: provinces × industries IIE value added; ``city_gdp``: cities ×
    industries GDP; ``city_province``: the province of each city. Cities of a province
    sum to that province exactly; a province with IIE value in an industry but no city
    GDP in it is an input error.
    """
    prov = city_province.reindex(city_gdp.index)
    if prov.isna().any():
        raise IIEInputError("city_province", f"city {prov.index[prov.isna()][0]} has no province")
    unknown = sorted(set(prov) - set(Z_province.index), key=str)
    if unknown:
        raise IIEInputError("city_province", f"unknown province code(s) {', '.join(map(str, unknown))}")
    without = [p for p in Z_province.index if p not in set(prov) and (Z_province.loc[p] != 0).any()]
    if without:
        raise IIEInputError("city_gdp", f"province {without[0]} has IIE value added but no cities")
    out = pd.DataFrame(0.0, index=city_gdp.index, columns=Z_province.columns)
    for p, members in prov.groupby(prov).groups.items():
        gdp = city_gdp.loc[members, Z_province.columns]
        need = Z_province.loc[p] != 0
        if need.any():
            shares = column_shares(f"city_gdp (province {p})", gdp.loc[:, need])
            out.loc[members, shares.columns] = shares * Z_province.loc[p, need].to_numpy()[np.newaxis, :]
    return out


def in_city_mean(province_codes, rule: str = "prefecture") -> np.ndarray:
    """Which rows enter X̄: every row (``all``) or all but the municipalities (``prefecture``)."""
    codes = np.asarray(province_codes).reshape(-1)
    if rule == "all":
        return np.ones(len(codes), dtype=bool)
    if rule != "prefecture":
        raise IIEInputError("city_mean", f"must be 'prefecture' or 'all', got {rule!r}")
    return ~np.isin(codes.astype(np.int64), MUNICIPALITY_CODES)


def city_index(values, N: float, mean: float | None = None, population=None) -> np.ndarray:
    """CI_i = N · ln(1 + X_i / X̄); NaN values (blank cities) stay NaN and are left out of X̄.

    ``population`` (booleans aligned with ``values``, default all) says which rows enter X̄
    (see :func:`in_city_mean`); a given ``mean`` overrides it.
    """
    x = checks.as_float_array("values", values).reshape(-1)
    if np.isinf(x).any():
        raise IIEInputError("values", "infinite value")
    known = ~np.isnan(x)
    if not known.any():
        raise IIEInputError("values", "no values")
    if (x[known] < 0).any():
        raise IIEInputError("values", "city value added must not be negative")
    N = float(N)
    if not np.isfinite(N) or N <= 0:
        raise IIEInputError("N", f"must be a positive number, got {N:g}")
    if mean is None:
        pop = known if population is None else known & _population(population, len(x))
        if not pop.any():
            raise IIEInputError("population", "no value enters the mean")
        xbar = float(x[pop].mean())
    else:
        xbar = float(mean)
    if not np.isfinite(xbar) or xbar <= 0:
        raise IIEInputError("mean", f"must be positive, got {xbar:g}")
    out = np.full_like(x, np.nan)
    out[known] = N * np.log1p(x[known] / xbar)
    return out


def _population(population, n: int) -> np.ndarray:
    pop = np.asarray(population, dtype=bool).reshape(-1)
    if len(pop) != n:
        raise IIEInputError("population", f"has {len(pop)} entries for {n} values")
    return pop


def check_thresholds(thresholds) -> np.ndarray:
    t = checks.vector("thresholds", thresholds)
    if len(t) == 0 or (np.diff(t) >= 0).any():
        raise IIEInputError("thresholds", "must be strictly decreasing (e.g. 50, 35, 25, 17)")
    return t


def city_tier(index, thresholds=(50, 35, 25, 17)) -> np.ndarray:
    """Tier 1..len(thresholds) for index ≥ threshold, in order; 0 below the last one.

    A blank (NaN) index also gets 0 here; the Excel layer shows it as a blank cell.
    """
    t = check_thresholds(thresholds)
    x = np.asarray(index, dtype=float).reshape(-1)
    tiers = np.zeros(len(x), dtype=int)
    for k in range(len(t) - 1, -1, -1):
        tiers[x >= t[k]] = k + 1
    return tiers


def tier_table(names, index, thresholds=(50, 35, 25, 17)) -> pd.DataFrame:
    """The report's Table 1: tier, index range, count, cities in rank order."""
    t = check_thresholds(thresholds)
    s = pd.Series(np.asarray(index, dtype=float), index=list(names)).sort_values(ascending=False, kind="mergesort")
    tiers = city_tier(s.to_numpy(), t)
    rows = []
    for k in range(1, len(t) + 1):
        members = list(s.index[tiers == k])
        rng = f"≥ {t[0]:g}" if k == 1 else f"[{t[k - 1]:g}, {t[k - 2]:g})"
        rows.append({"tier": k, "index_range": rng, "count": len(members), "cities": "、".join(members)})
    return pd.DataFrame(rows)


def top_n_share(values, total: float, n: int) -> float:
    """Σ of the n largest values / total ∈ [0, 1]; blank (NaN) cities are left out."""
    x = checks.nonnegative("values", np.asarray(values, dtype=float).reshape(-1))
    x = np.sort(x[~np.isnan(x)])[::-1]
    if int(n) != n or n < 1:
        raise IIEInputError("n", f"must be a whole number ≥ 1, got {n}")
    if not total > 0:
        raise IIEInputError("total", "must be positive")
    return checks.share("total", float(x[: int(n)].sum()), float(total), f"the {int(n)} largest value(s)")
