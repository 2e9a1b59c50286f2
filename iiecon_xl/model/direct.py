"""Direct ("core industry", 核心产业) value added (METHOD.md §1).

    Zdir_2017 = Σ_{k∈K} S_k (X_k − M_k)
    d_s       = Σ_{k∈K∩s} S_k V_k / VA_s(2017)
    Zdir_t    = Σ_s d_s · VA_s(t)
"""

from __future__ import annotations

import numpy as np

from . import checks
from .augment import related_positions


def direct_by_sector(X, M, related, S) -> np.ndarray:
    """The n-vector with S_k (X_k − M_k) at the related sectors and 0 elsewhere."""
    X = checks.vector("X", X)
    M = checks.vector("M", M, X.shape[0], against="X")
    checks.output_and_input("X", X, "M", M)
    k, S = related_positions(related, S, X.shape[0])
    out = np.zeros_like(X)
    out[k] = S * (X[k] - M[k])
    return out


def direct_total(X, M, related, S) -> float:
    """Zdir = Σ_{k∈K} S_k (X_k − M_k)."""
    return float(direct_by_sector(X, M, related, S).sum())
