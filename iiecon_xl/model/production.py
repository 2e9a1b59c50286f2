"""Cobb-Douglas production function and the technology multiplier (METHOD.md §3).

    ln Y_t = ln A + α ln K_t + β ln L_t + ε_t          (OLS over the base window)
    constant returns: ln(Y_t/L_t) = ln A + α ln(K_t/L_t) + ε_t,  β = 1 − α
    γ_t = Y_t / (A K_t^α L_t^β),     μ_t = γ_t / γ_{t−1}
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import IIEInputError
from ..parameters import FIT_WINDOW
from . import checks


@dataclass(frozen=True)
class CobbDouglasFit:
    """Estimated ln A, α, β with standard errors, R² and warnings."""

    lnA: float
    alpha: float
    beta: float
    se_lnA: float
    se_alpha: float
    se_beta: float
    r2: float
    nobs: int
    window: tuple[int, int]
    constant_returns: bool
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def A(self) -> float:
        return float(np.exp(self.lnA))

    def table(self) -> pd.DataFrame:
        """Rows lnA, alpha, beta, A, R2, nobs with columns estimate and std_error."""
        return pd.DataFrame(
            {"estimate": [self.lnA, self.alpha, self.beta, self.A, self.r2, float(self.nobs)],
             "std_error": [self.se_lnA, self.se_alpha, self.se_beta, self.A * self.se_lnA, np.nan, np.nan]},
            index=pd.Index(["lnA", "alpha", "beta", "A", "R2", "nobs"], name="parameter"))


def _series(name: str, s) -> pd.Series:
    if not isinstance(s, pd.Series):
        raise IIEInputError(name, "must be a series indexed by year")
    checks.years_unique(name, s.index)
    return s.astype(float)


def _ols(y: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Ordinary least squares of ``y`` on ``X`` (first column the constant), as statsmodels' OLS
    reports it: β̂ (least squares, via the pseudo-inverse), standard errors sqrt(diag(s² (XᵀX)⁻¹))
    with s² = RSS/(n − k), and R² = 1 − RSS/TSS, TSS centred on the mean of ``y``. numpy only:
    statsmodels took seconds to import for these few lines (tests/test_model_production.py
    compares the two)."""
    pinv = np.linalg.pinv(X)
    coef = pinv @ y
    resid = y - X @ coef
    n, k = X.shape
    rss = float(resid @ resid)
    s2 = rss / (n - k)
    se = np.sqrt(np.diag(s2 * (pinv @ pinv.T)))
    centred = y - y.mean()
    return coef, se, 1.0 - rss / float(centred @ centred)


def fit_cobb_douglas(Y: pd.Series, K: pd.Series, L: pd.Series, window: tuple[int, int] = FIT_WINDOW,
                     *, constant_returns: bool = False) -> CobbDouglasFit:
    """OLS fit of ln Y = ln A + α ln K + β ln L over ``window`` (inclusive years) (:func:`_ols`).

    Needs at least 4 years with positive Y, K, L (3 for constant returns: 2 parameters + 1
    degree of freedom). Warns (in ``warnings``) when α or β leave (0, 1).
    """
    Y, K, L = _series("Y", Y), _series("K", K), _series("L", L)
    lo, hi = int(window[0]), int(window[1])
    if lo > hi:
        raise IIEInputError("window", f"start {lo} is after end {hi}")
    data = pd.concat({"Y": Y, "K": K, "L": L}, axis=1).loc[lambda d: (d.index >= lo) & (d.index <= hi)]
    data = data.dropna()
    for col in ("Y", "K", "L"):
        if (data[col] <= 0).any():
            raise IIEInputError(col, f"must be positive in the fit window (year {data.index[data[col] <= 0][0]})")
    need = 3 if constant_returns else 4
    if len(data) < need:
        raise IIEInputError(
            "window", f"too few years to fit: {len(data)} complete year(s) in {lo}–{hi}, need at least {need}")
    if constant_returns:
        y = np.log(data.Y / data.L)
        Xmat = np.column_stack([np.ones(len(data)), np.log(data.K / data.L).to_numpy()])
    else:
        y = np.log(data.Y)
        Xmat = np.column_stack([np.ones(len(data)), np.log(data.K), np.log(data.L)])
    if np.linalg.matrix_rank(Xmat) < Xmat.shape[1]:
        raise IIEInputError("K", "ln K and ln L are collinear in the fit window; the fit is not identified")
    params, bse, r2 = _ols(y.to_numpy(), Xmat)
    if constant_returns:
        lnA, alpha = params
        beta = 1.0 - alpha
        se = (bse[0], bse[1], bse[1])
    else:
        lnA, alpha, beta = params
        se = tuple(bse)
    notes = []
    for label, v in (("alpha", alpha), ("beta", beta)):
        if not 0.0 < v < 1.0:
            notes.append(f"{label} = {v:.4g} lies outside (0, 1)")
    return CobbDouglasFit(lnA=float(lnA), alpha=float(alpha), beta=float(beta), se_lnA=float(se[0]),
                          se_alpha=float(se[1]), se_beta=float(se[2]), r2=r2,
                          nobs=len(data), window=(lo, hi), constant_returns=constant_returns,
                          warnings=tuple(notes))


def tfp(fit: CobbDouglasFit, Y: pd.Series, K: pd.Series, L: pd.Series) -> pd.Series:
    """γ_t = Y_t / (A K_t^α L_t^β) for every year where Y, K, L are known."""
    Y, K, L = _series("Y", Y), _series("K", K), _series("L", L)
    data = pd.concat({"Y": Y, "K": K, "L": L}, axis=1).dropna()
    for col in ("Y", "K", "L"):
        if (data[col] <= 0).any():
            raise IIEInputError(col, f"must be positive (year {data.index[data[col] <= 0][0]})")
    gamma = data.Y / (fit.A * data.K ** fit.alpha * data.L ** fit.beta)
    gamma.name = "gamma"
    return gamma


def multiplier(gamma: pd.Series) -> pd.Series:
    """μ_t = γ_t / γ_{t−1} (NaN for the first year, or where year t−1 is absent)."""
    gamma = _series("gamma", gamma).sort_index()
    prev = gamma.reindex(gamma.index - 1).to_numpy()
    mu = pd.Series(gamma.to_numpy() / prev, index=gamma.index, name="mu")
    return mu
