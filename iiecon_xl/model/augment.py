"""Augmentation with virtual "pure IIE" sectors (METHOD.md §2 step 2).

For each related sector k_i with IIE share S_i a virtual sector v_i is placed at
index n+i. Both parts keep k's input structure (columns) and every sale of k is
split S_i : (1 − S_i) (rows):

    A* = diag(r) · A[σ, σ],   σ = (1, …, n, k_1, …, k_m),
    r_k = 1 − S_k,  r_{v_i} = S_i,  r_j = 1 otherwise;
    X*_{v_i} = S_i X_{k_i},   X*_{k_i} = (1 − S_i) X_{k_i}.

With the aggregation matrix G (n × (n+m), G[i,i] = 1 and G[k_i, n+i] = 1),
G Z* Gᵀ = Z, G X* = X, and for final use split the same way G (I − A*)⁻¹ f* = (I − A)⁻¹ f:
the augmented system is the original one, only finer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import IIEInputError
from . import checks


@dataclass(frozen=True)
class Augmented:
    """The augmented system: A* ((n+m)²), X* (n+m), and what it was built from."""

    A: np.ndarray
    X: np.ndarray
    related: np.ndarray  # 0-based positions k_i of the related sectors
    S: np.ndarray        # their IIE shares S_i

    @property
    def n(self) -> int:
        return self.A.shape[0] - len(self.related)

    @property
    def virtual(self) -> np.ndarray:
        """Positions n+i of the virtual sectors in the augmented system."""
        return self.n + np.arange(len(self.related))

    def source(self) -> np.ndarray:
        """σ: the original sector each augmented sector copies its structure from."""
        return np.concatenate([np.arange(self.n), self.related])


def related_positions(related, S, n: int, *, related_name: str = "related",
                      s_name: str = "S") -> tuple[np.ndarray, np.ndarray]:
    """Check and return the 0-based related positions and their shares S ∈ [0, 1]."""
    k = checks.indices(related_name, related, n)
    S = checks.unit_interval(s_name, checks.vector(s_name, S))
    if len(S) != len(k):
        raise IIEInputError(s_name, f"{len(S)} coefficients for {len(k)} related sectors")
    return k, S


def aggregation_matrix(n: int, related) -> np.ndarray:
    """G (n × (n+m)): sums each virtual sector back into its parent sector."""
    related = np.asarray(related, dtype=int)
    G = np.zeros((n, n + len(related)))
    G[np.arange(n), np.arange(n)] = 1.0
    G[related, n + np.arange(len(related))] = 1.0
    return G


def split_shares(n: int, related, S) -> np.ndarray:
    """r (n+m): the share of each augmented sector in its source sector's output."""
    r = np.ones(n + len(related))
    r[np.asarray(related, dtype=int)] = 1.0 - np.asarray(S, dtype=float)
    r[n:] = S
    return r


def augment(A, X, related, S, *, a_name: str = "A", x_name: str = "X") -> Augmented:
    """A*, X* of METHOD.md §2 step 2 (see the module docstring for the formulas).

    ``related`` are 0-based sector positions (unique), ``S`` their shares in [0, 1].
    """
    A = checks.matrix(a_name, A, square=True)
    n = A.shape[0]
    X = checks.vector(x_name, X, n, against=a_name)
    k, S = related_positions(related, S, n)
    sigma = np.concatenate([np.arange(n), k])
    r = split_shares(n, k, S)
    A_star = r[:, np.newaxis] * A[np.ix_(sigma, sigma)]
    X_star = r * X[sigma]
    return Augmented(A=A_star, X=X_star, related=k, S=S)


def virtual_leontief_columns(A, related, S, *, solver=None) -> np.ndarray:
    """C*[:, v] = (I − A*)⁻¹ e_v for the m virtual sectors, from the original L — no (n+m)² system.

    With the lifting P ((n+m)×n, P[j, σ(j)] = 1) and R = diag(r), A* = R P A Pᵀ and
    Pᵀ R P = I (the split shares of a sector sum to one), so by the Woodbury identity

        (I − A*)⁻¹ = I + R P (I − A)⁻¹ A Pᵀ = I + R P (L − I) Pᵀ,
        C*[:, v_i] = e_{v_i} + R P (L − I) e_{k_i}.

    Only the m columns L[:, k] are needed: one LU of the n×n matrix I − A and m solves
    (``solver``: a :class:`~.leontief.LeontiefSolver` of A to reuse). Returns (n+m)×m.
    """
    from .leontief import LeontiefSolver

    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    k = np.asarray(related, dtype=int)
    S = np.asarray(S, dtype=float)
    m = len(k)
    solver = solver or LeontiefSolver(A)
    Lk_minus_I = solver.columns(k)                       # n×m: L[:, k]
    Lk_minus_I[k, np.arange(m)] -= 1.0                   # (L − I)[:, k]
    sigma = np.concatenate([np.arange(n), k])
    C = split_shares(n, k, S)[:, np.newaxis] * Lk_minus_I[sigma, :]
    C[n + np.arange(m), np.arange(m)] += 1.0
    return C
