"""Penetration ("渗透产业") value added by the augmented IO model (METHOD.md §2).

    C     = (I − A*)⁻¹                       (only the m columns of the virtual sectors,
                                              C[:, v_i] = e_{v_i} + R P (L − I) e_{k_i}: see
                                              augment.virtual_leontief_columns)
    ΔX_v  = S_k X_k
    ΔY_i  = Σ_v C_{i,v} · ΔX_v / C_{v,v}     (i = 1..n)
    λ_i   = ΔY_i / X_i                       (the report divides by each industry's total output)
    dz_i  = ΔY_i · V_i / X_i  =  λ_i V_i  =  λ*_i (X*_i − M*_i),   λ*_i = ΔY_i / X*_i
    p_s(t) = p_s(t−1) · μ_t,   Zind_t = Σ_s p_s(t) VA_s(t)

Zero-output rule (masked): where X*_i = 0, λ_i and dz_i are 0 and ``masked`` is True.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import IIEInputError
from . import checks
from .augment import related_positions, split_shares, virtual_leontief_columns
from .leontief import LeontiefSolver, check_productive


@dataclass(frozen=True)
class Penetration:
    """Per-sector results of the penetration step (all n-vectors)."""

    dY: np.ndarray      # ΔY_i, output of i induced by the IIE output
    lam: np.ndarray     # λ_i = ΔY_i / X_i
    dz: np.ndarray      # dz_i = ΔY_i V_i / X_i = λ*_i (X*_i − M*_i)
    X_star: np.ndarray  # X*_i (remainder output for related sectors)
    masked: np.ndarray  # True where X*_i = 0 (λ, dz set to 0)

    @property
    def total(self) -> float:
        """Zind = Σ_i dz_i."""
        return float(self.dz.sum())

    def table(self) -> np.ndarray:
        """n×3 [ΔY, λ, dz]."""
        return np.column_stack([self.dY, self.lam, self.dz])


def penetration(A, X, related, S, V=None, *, a_name: str = "A", x_name: str = "X",
                v_name: str = "V") -> Penetration:
    """ΔY, λ and dz of METHOD.md §2 for coefficients A (n×n), outputs X and shares S.

    ``V`` (value added) defaults to X − M with M the column sums of Z = A·diag(X).
    The m needed columns of C come from one LU factorisation of the n×n matrix I − A and m
    solves (:func:`~.augment.virtual_leontief_columns`); neither the augmented matrix nor
    any whole inverse is formed.
    """
    A = check_productive(A, a_name)
    n = A.shape[0]
    X = checks.vector(x_name, X, n, against=a_name)
    checks.nonnegative(x_name, X)
    if V is None:
        V = X * (1.0 - A.sum(axis=0))
    else:
        V = checks.value_added(v_name, checks.vector(v_name, V, n, against=a_name), x_name, X)
    k, S = related_positions(related, S, n)
    m = len(k)
    if m == 0:
        zero = np.zeros(n)
        return Penetration(zero, zero, zero, X.copy(), ~(X > 0))
    C_v = virtual_leontief_columns(A, k, S, solver=LeontiefSolver(A, name=a_name, checked=True))  # (n+m)×m
    diag = C_v[n + np.arange(m), np.arange(m)]
    dX_v = S * X[k]
    dY = C_v[:n, :] @ (dX_v / diag)
    X_star = split_shares(n, k, S)[:n] * X
    masked = ~(X_star > 0)
    lam, lam_star = np.zeros(n), np.zeros(n)
    np.divide(dY, X, out=lam, where=~masked)
    np.divide(dY, X_star, out=lam_star, where=~masked)
    # X*_i − M*_i = (X*_i / X_i) V_i : the split keeps value-added ratios, so dz = λ* (X* − M*) = ΔY V / X.
    v_star = np.zeros(n)
    np.divide(X_star * V, X, out=v_star, where=X > 0)
    dz = lam_star * v_star
    return Penetration(dY=dY, lam=lam, dz=dz, X_star=X_star, masked=masked)


def extend_rates(p_base: pd.Series, mu: pd.Series, base_year: int, years) -> pd.DataFrame:
    """p_s(t) = p_s(t−1) · μ_t for t > base_year; p_s(base_year) = p_base (sections × years).

    ``mu`` must hold μ_t for every year after the base year up to the last of ``years``.
    """
    years = sorted(int(y) for y in years)
    if years and years[0] < base_year:
        raise IIEInputError("years", f"year {years[0]} is before the base year {base_year}")
    needed = range(base_year + 1, (years[-1] if years else base_year) + 1)
    missing = [t for t in needed if t not in mu.index or not np.isfinite(float(mu[t]))]
    if missing:
        raise IIEInputError("mu", f"no technology multiplier for year(s) {', '.join(map(str, missing))}")
    cumulative = {base_year: 1.0}
    for t in needed:
        cumulative[t] = cumulative[t - 1] * float(mu[t])
    return pd.DataFrame({t: p_base * cumulative[t] for t in years}, index=p_base.index)
