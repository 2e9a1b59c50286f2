"""Linear extrapolation of missing years (线性外推, METHOD.md §4).

    x̂_t = a + b·t, fitted by OLS on the observed years (the last ``window`` of them, or all)

Leading and trailing gaps are filled from the line and flagged ``"extrapolated"``;
gaps between observed years are filled by straight-line interpolation between the
neighbours and flagged ``"interpolated"``; the rest is ``"observed"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import IIEInputError
from . import checks

OBSERVED, EXTRAPOLATED, INTERPOLATED = "observed", "extrapolated", "interpolated"


def linear_extrapolate(series: pd.Series, window: int | None = None, *,
                       name: str = "series") -> tuple[pd.Series, pd.Series]:
    """Fill the missing (NaN) years of a year-indexed series; return (values, flags)."""
    if not isinstance(series, pd.Series):
        series = pd.Series(series)
    checks.years_unique(name, series.index)
    s = series.astype(float).sort_index()
    if np.isinf(s).any():
        raise IIEInputError(name, "infinite value")
    years = s.index.to_numpy(dtype=float)
    obs = s.notna().to_numpy()
    flags = pd.Series(OBSERVED, index=s.index, name="flag", dtype=object)
    if window is not None and int(window) < 2:
        raise IIEInputError("window", f"must be at least 2 years, got {window}")
    if obs.all():
        return s, flags
    if obs.sum() < 2:
        raise IIEInputError(name, f"needs at least 2 observed years to extrapolate, has {int(obs.sum())}")
    ox, oy = years[obs], s.to_numpy()[obs]
    fx, fy = (ox[-int(window):], oy[-int(window):]) if window else (ox, oy)
    b, a = np.polyfit(fx, fy, 1)
    out = s.copy()
    first, last = ox[0], ox[-1]
    for i, t in enumerate(years):
        if obs[i]:
            continue
        if t < first or t > last:
            out.iloc[i] = a + b * t
            flags.iloc[i] = EXTRAPOLATED
        else:
            out.iloc[i] = np.interp(t, ox, oy)
            flags.iloc[i] = INTERPOLATED
    return out, flags


def extrapolate_rows(frame: pd.DataFrame, window: int | None = None, *,
                     name: str = "frame") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply :func:`linear_extrapolate` to every row (rows = series, columns = years)."""
    values, flags = {}, {}
    for key, row in frame.iterrows():
        values[key], flags[key] = linear_extrapolate(row, window, name=f"{name}[{key}]")
    return (pd.DataFrame(values).T.reindex(index=frame.index, columns=frame.columns),
            pd.DataFrame(flags).T.reindex(index=frame.index, columns=frame.columns))
