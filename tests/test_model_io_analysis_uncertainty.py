"""IIE_UNCERTAINTY's model (issue 15): resampling the expert panel behind S_k.

Oracles:
- the model's own unbatched route, itself tested against Miller & Blair and the augmented
  system (fuzzy_evaluate → S_k, direct_total, penetration): every draw must reproduce it;
- the moments of the multinomial and Dirichlet distributions: with one criterion of weight 1,
  S* = Σ_g G_g n*_g / n is linear in the votes, so E S* = Σ p_g G_g = μ and
  Var S* = (Σ p_g G_g² − μ²)/n (multinomial, n experts) or (Σ p_g G_g² − μ²)/(n + 1)
  (Dirichlet with parameters n p);
- the property that unanimous votes leave nothing to resample (the band collapses).
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
import pytest

from iiecon_xl.errors import IIEInputError
from iiecon_xl.model import calc_A, calc_M, direct_total, fuzzy_evaluate, iie_uncertainty, membership, penetration

# Miller & Blair (2009) §2.3 table, with both sectors "related" and a 2-criterion, 3-grade panel.
MB_A = np.array([[0.15, 0.25], [0.20, 0.05]])
MB_X = np.array([1000.0, 2000.0])
W = np.array([0.6, 0.4])
G = np.array([0.9, 0.5, 0.1])
COUNTS = np.array([[[3, 5, 2], [1, 6, 3]],      # sector 1: criterion 1, criterion 2
                   [[0, 4, 6], [2, 2, 6]]], dtype=float)
RELATED = [0, 1]


def test_point_estimate_is_the_models_own():
    """S_k = fuzzy_evaluate(W, R_k, G) with R_k the observed shares; direct = Σ S_k (X_k − M_k),
    penetration = Σ dz of :func:`penetration`. Sector 1: R = [[.3, .5, .2], [.1, .6, .3]],
    B = .6·R₁ + .4·R₂ = (.22, .54, .24), S₁ = .22·.9 + .54·.5 + .24·.1 = 0.492."""
    u = iie_uncertainty(COUNTS, W, G, MB_A, MB_X, RELATED, draws=10, seed=1)
    S = [fuzzy_evaluate(W, membership(COUNTS[k]), G)[1] for k in range(2)]
    assert S[0] == pytest.approx(0.492, abs=1e-15)
    np.testing.assert_allclose(u.S_point, S, rtol=1e-15)
    M = calc_M(MB_A * MB_X)
    assert u.point[0] == pytest.approx(direct_total(MB_X, M, RELATED, S), rel=1e-14)
    assert u.point[1] == pytest.approx(penetration(MB_A, MB_X, RELATED, S).total, rel=1e-14)
    assert u.point[2] == pytest.approx(u.point[0] + u.point[1], rel=1e-15)


@pytest.mark.parametrize("method", ["multinomial", "dirichlet"])
def test_every_draw_reproduces_the_unbatched_model(method):
    """The batched Woodbury route (one LU, no per-draw solve) against penetration() and
    direct_total() called draw by draw with the drawn shares."""
    u = iie_uncertainty(COUNTS, W, G, MB_A, MB_X, RELATED, draws=40, seed=5, method=method)
    M = calc_M(MB_A * MB_X)
    for S, (d, p, t) in zip(u.S_draws, u.draws):
        assert p == pytest.approx(penetration(MB_A, MB_X, RELATED, S).total, rel=1e-12)
        assert d == pytest.approx(direct_total(MB_X, M, RELATED, S), rel=1e-12)
        assert t == pytest.approx(d + p, rel=1e-15)


def test_seed_reproduces_and_stacked_counts_are_the_same_panel():
    a = iie_uncertainty(COUNTS, W, G, MB_A, MB_X, RELATED, draws=300, seed=11)
    b = iie_uncertainty(COUNTS.reshape(4, 3), W, G, MB_A, MB_X, RELATED, draws=300, seed=11)
    c = iie_uncertainty(COUNTS, W, G, MB_A, MB_X, RELATED, draws=300, seed=12)
    np.testing.assert_array_equal(a.draws, b.draws)
    assert not np.array_equal(a.draws, c.draws)
    q = a.bands
    assert q.shape == (3, 3) and (np.diff(q, axis=0) >= 0).all()
    assert a.table().shape == (3, 4) and a.table()[0, 0] == 0.05


@pytest.mark.parametrize("method", ["multinomial", "dirichlet"])
def test_unanimous_votes_collapse_the_band(method):
    """Every expert gives the same grade on each criterion: each drawn membership row equals the
    observed one (a multinomial with one certain outcome; a Dirichlet with one non-zero
    parameter), so every quantile equals the point estimate."""
    unanimous = np.zeros_like(COUNTS)
    unanimous[0, 0, 0], unanimous[0, 1, 1], unanimous[1, 0, 2], unanimous[1, 1, 0] = 10, 10, 7, 7
    u = iie_uncertainty(unanimous, W, G, MB_A, MB_X, RELATED, draws=500, seed=3, method=method)
    for row in u.bands:
        np.testing.assert_allclose(row, u.point, rtol=1e-13)
    np.testing.assert_allclose(u.S_bands, np.tile(u.S_point, (3, 1)), rtol=1e-13)


@pytest.mark.parametrize("method, dof", [("multinomial", 0), ("dirichlet", 1)])
def test_moments_of_the_drawn_shares(method, dof):
    """One criterion of weight 1 and n = 20 experts with shares p = (.25, .5, .25) on grades
    (.9, .5, .1): μ = .225 + .25 + .025 = 0.5, Σ p G² = .2025 + .125 + .0025 = 0.33, so
    Var S* = (0.33 − 0.25)/(20 + dof) = 0.004 (multinomial) or 0.08/21 (Dirichlet). With 20,000
    draws the sample mean is within 4 standard errors of μ and the sample variance within 5 %."""
    counts = np.array([[[5.0, 10.0, 5.0]]])
    u = iie_uncertainty(counts, [1.0], G, MB_A[:1, :1], MB_X[:1], [0], draws=20_000, seed=2, method=method)
    S = u.S_draws[:, 0]
    var = 0.08 / (20 + dof)
    assert abs(S.mean() - 0.5) < 4 * np.sqrt(var / S.size)
    assert S.var(ddof=1) == pytest.approx(var, rel=0.05)


def test_minmax_operator_batched_equals_fuzzy_evaluate():
    u = iie_uncertainty(COUNTS, W, G, MB_A, MB_X, RELATED, operator="minmax", draws=30, seed=4,
                        method="dirichlet")
    S = [fuzzy_evaluate(W, membership(COUNTS[k]), G, "minmax")[1] for k in range(2)]
    np.testing.assert_allclose(u.S_point, S, rtol=1e-15)
    assert u.S_draws.min() >= G.min() and u.S_draws.max() <= G.max()


def test_errors_name_the_argument():
    args = (W, G, MB_A, MB_X, RELATED)
    with pytest.raises(IIEInputError, match="^draws: must be a whole number from 1"):
        iie_uncertainty(COUNTS, *args, draws=0)
    with pytest.raises(IIEInputError, match="^seed: must be a whole number ≥ 0"):
        iie_uncertainty(COUNTS, *args, seed=-1)
    with pytest.raises(IIEInputError, match="^quantiles: must be probabilities"):
        iie_uncertainty(COUNTS, *args, quantiles=[0.5, 1.5])
    with pytest.raises(IIEInputError, match="^method: unknown resampling"):
        iie_uncertainty(COUNTS, *args, method="jackknife")
    with pytest.raises(IIEInputError, match="^expert_counts: 3 rows, but 2 sectors × 2 criteria need 4"):
        iie_uncertainty(COUNTS.reshape(4, 3)[:3], *args)
    with pytest.raises(IIEInputError, match="^expert_counts: expert counts must be whole numbers"):
        iie_uncertainty(COUNTS + 0.5, *args)
    with pytest.raises(IIEInputError, match="^expert_counts: related sector 2, criterion 1 has no expert scores"):
        iie_uncertainty(np.concatenate([COUNTS[:1], np.zeros((1, 2, 3))]), *args)
    with pytest.raises(IIEInputError, match="^W: weights must sum to 1"):
        iie_uncertainty(COUNTS, [0.5, 0.4], G, MB_A, MB_X, RELATED)
    with pytest.raises(IIEInputError, match="^A: not productive"):
        iie_uncertainty(COUNTS, W, G, [[0.9, 0.5], [0.5, 0.9]], MB_X, RELATED)


def _demo_panel():
    """The package's demo expert panel: 11 related sectors × 4 criteria × 5 grades, 20 experts."""
    demo = resources.files("iiecon_xl").joinpath("resources", "demo")
    read = lambda name: pd.read_csv(demo.joinpath(name).open(encoding="utf-8"), dtype={"code": str})  # noqa: E731
    counts, crit, grades = read("fuzzy_counts.csv"), read("fuzzy_criteria.csv"), read("fuzzy_grades.csv")
    codes = list(dict.fromkeys(counts["code"]))
    C = counts[[c for c in counts.columns if c.startswith("g")]].to_numpy(float).reshape(len(codes), len(crit), -1)
    return codes, C, crit["weight"].to_numpy(float), grades["value"].to_numpy(float)


def test_nbs_2017_with_the_demo_panel(io2017):
    """The real 149-sector table with the demo panel: the point estimate is the model's own, the
    90 % band brackets it, and the median lies within 1 % of it (weighted operator: S* is linear
    in the votes, so the draws centre on the point)."""
    codes, C, w, g = _demo_panel()
    related = [io2017.codes.index(c) for c in codes]
    A = calc_A(io2017.Z, io2017.X)
    u = iie_uncertainty(C, w, g, A, io2017.X, related, io2017.V, draws=2000, seed=0)
    S = [fuzzy_evaluate(w, membership(C[k]), g)[1] for k in range(len(codes))]
    assert u.point[1] == pytest.approx(penetration(A, io2017.X, related, S, io2017.V).total, rel=1e-12)
    lo, mid, hi = u.bands
    assert (lo <= u.point).all() and (u.point <= hi).all()
    np.testing.assert_allclose(mid, u.point, rtol=0.01)
