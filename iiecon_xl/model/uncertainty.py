"""How sure the IIE figure is: resampling the expert panel behind the shares S_k (METHOD.md §6).

For each draw d and each related sector k, every criterion's votes are drawn again from the
observed shares, and the base-year figures are recomputed from the drawn shares:

    multinomial:  n*_{kc·} ~ Multinomial(n_kc, n_{kc·} / n_kc)      (the panel re-polled)
    dirichlet:    R*_{kc·} ~ Dirichlet(n_{kc·})                     (Bayesian bootstrap)
    R*_{kc,g} = n*_{kcg} / n_kc,   S*_k = B*_k · G,   B*_k = W ∘ R*_k normalised  (§6)
    Zdir* = Σ_k S*_k V_k                                           (§1)
    Zind* = Σ_i dz*_i,  dz*_i = ΔY*_i V_i / X_i                     (§2)
    total* = Zdir* + Zind*;  the chosen quantiles of each over the draws

ΔY* without a factorisation per draw: with the split shares r (r_k = 1 − S_k, 1 elsewhere) the
virtual columns of the augmented inverse are C[:n, v_i] = r ⊙ (L − I) e_{k_i} and
C[v_i, v_i] = 1 + S_i (l_{k_i k_i} − 1) (:func:`~.augment.virtual_leontief_columns`), so

    ΔY* = r* ⊙ ( (L − I)[:, K] w* ),   w*_i = S*_i X_{k_i} / (1 + S*_i (l_{k_i k_i} − 1)).

(L − I)[:, K] does not depend on S: it costs one LU of I − A and m solves, once. Each draw is then
an m-vector, and all draws together one (draws×m)·(m×n) matrix product; the fuzzy evaluation of
all draws is one batched product too. Reproducible: the same ``seed`` gives the same draws.
With unanimous votes on every criterion the draws all equal the observed shares, and the band
collapses to the point estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import IIEInputError
from ..parameters import (UNCERTAINTY_DRAWS, UNCERTAINTY_MAX_DRAWS, UNCERTAINTY_METHODS, UNCERTAINTY_QUANTILES,
                          UNCERTAINTY_SEED)
from . import checks
from .augment import related_positions
from .fuzzy import fuzzy_evaluate, membership
from .leontief import LeontiefSolver, check_productive
from .penetration import penetration

#: Defaults of IIE_UNCERTAINTY's optional arguments (from :mod:`iiecon_xl.parameters`).
QUANTILES = UNCERTAINTY_QUANTILES
DRAWS = UNCERTAINTY_DRAWS
SEED = UNCERTAINTY_SEED
METHODS = UNCERTAINTY_METHODS
MAX_DRAWS = UNCERTAINTY_MAX_DRAWS
#: Draws are made and evaluated in blocks of this many (bounded memory, same stream of numbers).
BLOCK = 2048


@dataclass(frozen=True)
class Uncertainty:
    """Point estimate, draws and quantiles of the shares and of the base-year values."""

    quantiles: np.ndarray   # q (k)
    S_point: np.ndarray     # S_k from the observed votes (m)
    point: np.ndarray       # [direct, penetration, total] from the observed votes
    S_draws: np.ndarray     # draws×m
    draws: np.ndarray       # draws×3: direct, penetration, total

    @property
    def bands(self) -> np.ndarray:
        """k×3: the quantiles of direct, penetration and total."""
        return np.quantile(self.draws, self.quantiles, axis=0)

    @property
    def S_bands(self) -> np.ndarray:
        """k×m: the quantiles of each S_k."""
        return np.quantile(self.S_draws, self.quantiles, axis=0)

    def table(self) -> np.ndarray:
        """k×4, one row per quantile: q, direct, penetration, total (the point estimate is
        :attr:`point`)."""
        return np.column_stack([self.quantiles, self.bands])


def expert_counts(counts, p: int, m: int, name: str = "expert_counts") -> np.ndarray:
    """counts as m×p×g: a 3-D array, or a 2-D (m·p)×g range stacked sector by sector."""
    arr = checks.as_float_array(name, counts)
    if arr.ndim == 2:
        if arr.shape[0] != m * p:
            raise IIEInputError(name, f"{arr.shape[0]} rows, but {m} sectors × {p} criteria need {m * p}")
        arr = arr.reshape(m, p, arr.shape[1])
    if arr.ndim != 3 or arr.shape[:2] != (m, p):
        raise IIEInputError(name, f"must be {m} sectors × {p} criteria × grades, got shape {arr.shape}")
    checks.nonnegative(name, checks.finite(name, arr))
    if (arr != np.round(arr)).any():
        raise IIEInputError(name, "expert counts must be whole numbers")
    checks.at_most_whole(name, arr.sum(axis=2), "the votes of (related sector, criterion)")
    empty = np.argwhere(arr.sum(axis=2) <= 0)
    if len(empty):
        k, c = (int(i) + 1 for i in empty[0])
        raise IIEInputError(name, f"related sector {k}, criterion {c} has no expert scores")
    return arr


def check_draws(draws, seed, quantiles) -> tuple[int, int | None, np.ndarray]:
    """Validated (draws, seed, quantiles)."""
    if isinstance(draws, bool) or not float(draws).is_integer() or not 1 <= draws <= MAX_DRAWS:
        raise IIEInputError("draws", f"must be a whole number from 1 to {MAX_DRAWS:,}, got {draws!r}")
    if seed is not None and (isinstance(seed, bool) or not float(seed).is_integer() or seed < 0):
        raise IIEInputError("seed", f"must be a whole number ≥ 0, got {seed!r}")
    q = checks.vector("quantiles", quantiles)
    if len(q) == 0 or ((q < 0) | (q > 1)).any():
        raise IIEInputError("quantiles", "must be probabilities in [0, 1], e.g. 0.05, 0.5, 0.95")
    return int(draws), None if seed is None else int(seed), q


def draw_shares(rng, counts: np.ndarray, size: int, method: str) -> np.ndarray:
    """size×m×p×g membership matrices R* drawn from the observed counts (module docstring)."""
    totals = counts.sum(axis=2)
    if method == "multinomial":
        shares = counts / totals[..., np.newaxis]
        n = np.broadcast_to(totals.astype(np.int64), (size,) + totals.shape)
        drawn = rng.multinomial(n, shares)
        return drawn / totals[..., np.newaxis]
    if method == "dirichlet":
        g = rng.standard_gamma(np.broadcast_to(counts, (size,) + counts.shape))
        return g / g.sum(axis=3, keepdims=True)
    raise IIEInputError("method", f"unknown resampling {method!r}; use one of {', '.join(METHODS)}")


def batched_shares(R: np.ndarray, W: np.ndarray, G: np.ndarray, operator: str) -> np.ndarray:
    """S = B · G for every draw and sector at once (R: d×m×p×g) — :func:`~.fuzzy.fuzzy_evaluate`
    vectorised."""
    if operator == "weighted":
        b = np.einsum("c,dmcg->dmg", W, R)
    else:  # "minmax", validated by the point estimate
        b = np.minimum(W[np.newaxis, np.newaxis, :, np.newaxis], R).max(axis=2)
    return (b / b.sum(axis=2, keepdims=True)) @ G


@dataclass(frozen=True)
class _System:
    """What every draw shares: (L − I)[:, K], l_kk, X, V/X (masked) and V_K."""

    k: np.ndarray
    Lk: np.ndarray
    l_kk: np.ndarray
    X: np.ndarray
    va_ratio: np.ndarray
    V: np.ndarray

    def values(self, S: np.ndarray) -> np.ndarray:
        """d×3 [direct, penetration, total] for d×m shares S (module docstring)."""
        direct = S @ self.V[self.k]
        w = S * self.X[self.k] / (1.0 + S * (self.l_kk - 1.0))
        r = np.ones((S.shape[0], len(self.X)))
        r[:, self.k] = 1.0 - S
        dY = r * (w @ self.Lk.T)
        dz = np.where(r * self.X > 0, dY * self.va_ratio, 0.0)
        pen = dz.sum(axis=1)
        return np.column_stack([direct, pen, direct + pen])


def _system(A, X, related, V, m: int) -> _System:
    A = check_productive(A, "A")
    n = A.shape[0]
    X = checks.nonnegative("X", checks.vector("X", X, n, against="A"))
    V = X * (1.0 - A.sum(axis=0)) if V is None else checks.value_added("V", checks.vector("V", V, n, against="A"),
                                                                        "X", X)
    k, _ = related_positions(related, np.zeros(m), n)
    if len(k) != m:
        raise IIEInputError("related", f"{len(k)} related sectors, but expert_counts has {m}")
    Lk = LeontiefSolver(A, name="A", checked=True).columns(k)
    Lk[k, np.arange(m)] -= 1.0
    va_ratio = np.zeros(n)
    np.divide(V, X, out=va_ratio, where=X > 0)
    return _System(k=k, Lk=Lk, l_kk=Lk[k, np.arange(m)] + 1.0, X=X, va_ratio=va_ratio, V=V)


def iie_uncertainty(counts, W, G, A, X, related, V=None, *, operator: str = "weighted",
                    draws: int = DRAWS, seed: int | None = SEED, quantiles=QUANTILES,
                    method: str = "multinomial") -> Uncertainty:
    """Resample the expert panel ``draws`` times; quantiles of S_k, direct, penetration, total.

    ``counts``: m×p×g expert votes (or (m·p)×g stacked by sector), one block per related sector
    in the order of ``related``; ``W``, ``G``, ``operator`` as in :func:`~.fuzzy.fuzzy_evaluate`;
    ``A``, ``X``, ``related``, ``V`` as in :func:`~.penetration.penetration`. The point estimate
    is computed by the model's own functions from the observed votes.
    """
    W = checks.vector("W", W)
    m = np.asarray(related, dtype=object).size
    C = expert_counts(counts, len(W), m)
    draws, seed, q = check_draws(draws, seed, quantiles)
    S0 = np.array([fuzzy_evaluate(W, membership(C[i]), G, operator)[1] for i in range(m)])
    G = checks.vector("G", G)
    system = _system(A, X, related, V, m)
    S0 = related_positions(related, S0, len(system.X))[1]
    pen0 = penetration(A, system.X, system.k, S0, system.V).total
    dir0 = float(S0 @ system.V[system.k])
    rng = np.random.default_rng(seed)
    S_all, vals = [], []
    for start in range(0, draws, BLOCK):
        size = min(BLOCK, draws - start)
        S = batched_shares(draw_shares(rng, C, size, method), W, G, operator)
        S_all.append(S)
        vals.append(system.values(S))
    return Uncertainty(quantiles=q, S_point=S0, point=np.array([dir0, pen0, dir0 + pen0]),
                       S_draws=np.vstack(S_all), draws=np.vstack(vals))
