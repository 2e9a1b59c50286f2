"""Growth, compound annual growth and shares (METHOD.md §8).

    g_t   = x_t / x_{t−1} − 1
    CAGR  = (x_end / x_start)^(1 / (end − start)) − 1
    share = part / whole
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import IIEInputError


def growth(series: pd.Series) -> pd.Series:
    """Year-on-year growth; NaN for the first year and where year t−1 is absent."""
    s = series.astype(float).sort_index()
    prev = s.reindex(s.index - 1).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        g = s.to_numpy() / prev - 1.0
    g[~np.isfinite(g)] = np.nan
    return pd.Series(g, index=s.index, name="growth")


def growth_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Growth along the year columns of every row."""
    return frame.apply(lambda row: growth(row), axis=1)


def span_growth(series: pd.Series, start: int, end: int) -> float:
    """x_end / x_start − 1."""
    if start not in series.index or end not in series.index:
        raise IIEInputError("span", f"years {start}–{end} are not both in the series")
    return float(series[end] / series[start] - 1.0)


def cagr(series: pd.Series, start: int, end: int) -> float:
    """(x_end / x_start)^(1/(end − start)) − 1."""
    if end <= start:
        raise IIEInputError("span", f"end year {end} must come after start year {start}")
    return float((1.0 + span_growth(series, start, end)) ** (1.0 / (end - start)) - 1.0)


def share(part, whole):
    """part / whole."""
    return part / whole
