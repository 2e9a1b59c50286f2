"""Fuzzy comprehensive evaluation of the IIE shares S_k (模糊综合评价, METHOD.md §6).

    R_{c,g} = n_{c,g} / Σ_g n_{c,g}            (share of experts giving grade g on criterion c)
    M(·,+):  b_g = Σ_c w_c r_{c,g}
    M(∧,∨):  b_g = max_c min(w_c, r_{c,g})
    B = b / Σ_g b_g,   S_k = B · G
"""

from __future__ import annotations

import numpy as np

from ..errors import IIEInputError
from ..parameters import OPERATORS
from . import checks


def membership(counts, name: str = "counts") -> np.ndarray:
    """R (p×g) from expert counts (p criteria × g grades): each row divided by its total."""
    n = checks.nonnegative(name, checks.matrix(name, counts))
    totals = n.sum(axis=1)
    if (totals <= 0).any():
        raise IIEInputError(name, f"criterion {int(np.argmax(totals <= 0)) + 1} has no expert scores")
    return n / totals[:, np.newaxis]


def fuzzy_evaluate(W, R, G, operator: str = OPERATORS[0]) -> tuple[np.ndarray, float]:
    """(B, S) with B the normalised evaluation vector and S = B · G.

    ``W``: p criterion weights summing to 1; ``R``: p×g membership matrix with rows
    summing to 1; ``G``: g grade values in [0, 1]; ``operator``: "weighted" (M(·,+),
    default) or "minmax" (M(∧,∨)).
    """
    R = checks.unit_interval("R", checks.matrix("R", R))
    p, g = R.shape
    W = checks.unit_interval("W", checks.vector("W", W))
    if len(W) != p:
        raise IIEInputError("W", f"{len(W)} weights, but R has {p} criteria (rows)")
    if not np.isclose(W.sum(), 1.0, atol=1e-9):
        raise IIEInputError("W", f"weights must sum to 1, sum to {W.sum():.6g}")
    if not np.allclose(R.sum(axis=1), 1.0, atol=1e-9):
        r = int(np.argmax(~np.isclose(R.sum(axis=1), 1.0, atol=1e-9)))
        raise IIEInputError("R", f"row {r + 1} of the membership matrix sums to {R[r].sum():.6g}, not 1")
    G = checks.unit_interval("G", checks.vector("G", G))
    if len(G) != g:
        raise IIEInputError("G", f"{len(G)} grade values, but R has {g} grades (columns)")
    if operator == "weighted":
        b = W @ R
    elif operator == "minmax":
        b = np.minimum(W[:, np.newaxis], R).max(axis=0)
    else:
        raise IIEInputError("operator", f"unknown operator {operator!r}; use one of {', '.join(OPERATORS)}")
    total = b.sum()
    if total <= 0:
        raise IIEInputError("R", "the evaluation vector is all zero")
    B = b / total
    return B, float(B @ G)
