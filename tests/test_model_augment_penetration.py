"""The augmented IO system, direct value added and the penetration step (METHOD.md §1, §2).

Oracles: (1) aggregation — METHOD.md §2 step 2 requires that the augmented system "is
equivalent to the original one when aggregated back", which is checked on flows, outputs
and the Leontief solution itself; (2) a hand-built augmented table made inside the tests
by splitting *flows* (not coefficients) with explicit loops, inverted with
``numpy.linalg.inv``, independent of ``augment`` and ``LeontiefSolver``; (3) accounting
identities of the real NBS 2017 table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iiecon_xl.model import (aggregation_matrix, augment, calc_A, calc_M, direct_by_sector,
                             direct_total, extend_rates, penetration)

# A small economy (flows z_ij: i sells to j) used by the hand examples.
SMALL_Z = np.array([[10.0, 20.0, 5.0],
                    [15.0, 5.0, 30.0],
                    [5.0, 10.0, 10.0]])
SMALL_X = np.array([100.0, 200.0, 150.0])

# The report's example set (METHOD.md §0: m = 11 related sectors in sections C and I),
# as 2017 NBS codes, and the example coefficients S_k.
RELATED_CODES = ["083", "088", "089", "092", "093", "094", "121", "122", "123", "124", "125"]
RELATED_S = [0.10, 0.20, 0.30, 0.15, 0.15, 0.20, 0.30, 0.20, 0.40, 0.40, 0.35]
RELATED_POS = [int(c) - 1 for c in RELATED_CODES]


def hand_augmented(Z, X, related, S):
    """Split the *flows* as METHOD.md §2 step 2 words it, with explicit loops.

    Augmented sector a copies original sector σ(a) and holds share r_a of it
    (r = 1 − S_k for a related sector k, S_k for its virtual twin, 1 otherwise).
    "Every sale of k is split S : (1 − S)" and "both parts keep k's input structure", so the
    flow from a to b is z*_ab = r_a r_b z_{σ(a)σ(b)}, the output X*_a = r_a X_{σ(a)}, and the
    coefficients are a*_ab = z*_ab / X*_b (0 where X*_b = 0).
    """
    n, m = len(X), len(related)
    sigma = list(range(n)) + list(related)
    r = [1.0] * n + list(S)
    for k, s in zip(related, S):
        r[k] = 1.0 - s
    Zs = np.zeros((n + m, n + m))
    Xs = np.zeros(n + m)
    for a in range(n + m):
        Xs[a] = r[a] * X[sigma[a]]
        for b in range(n + m):
            Zs[a, b] = r[a] * r[b] * Z[sigma[a], sigma[b]]
    As = np.zeros_like(Zs)
    for b in range(n + m):
        if Xs[b] > 0:
            for a in range(n + m):
                As[a, b] = Zs[a, b] / Xs[b]
    return Zs, Xs, As


def hand_penetration(Z, X, related, S):
    """ΔY, λ, dz of METHOD.md §2 steps 3–5 from the hand-built table and numpy.linalg.inv."""
    n, m = len(X), len(related)
    Zs, Xs, As = hand_augmented(Z, X, related, S)
    C = np.linalg.inv(np.eye(n + m) - As)
    dY = np.zeros(n)
    for i in range(n):
        for j, (k, s) in enumerate(zip(related, S)):
            v = n + j
            dY[i] += C[i, v] * (s * X[k]) / C[v, v]
    Ms = Zs.sum(axis=0)                       # M*_i: column sums of the augmented flows
    # λ_i = ΔY_i / X_i (the report's ratio to total output); dz_i = λ*_i (X*_i − M*_i) with
    # λ*_i = ΔY_i / X*_i, computed literally on the augmented table; both 0 where X*_i = 0.
    lam = np.array([dY[i] / X[i] if Xs[i] > 0 else 0.0 for i in range(n)])
    lam_star = np.array([dY[i] / Xs[i] if Xs[i] > 0 else 0.0 for i in range(n)])
    dz = lam_star * (Xs[:n] - Ms[:n])
    return dY, lam, dz, Xs


# --------------------------------------------------------------------------- augmentation

def test_augment_small_example_by_hand():
    """A = Z/X has columns (0.1, 0.15, 0.05), (0.1, 0.025, 0.05), (1/30, 0.2, 1/15).

    With sector 2 related (position 1) and S = 0.25, the virtual sector is appended at index 3:
    its column copies column 2, rows are split 0.75 : 0.25, so row 1 is 0.75·(0.15, 0.025,
    0.2, 0.025) and row 3 is 0.25·(0.15, 0.025, 0.2, 0.025); X* = (100, 150, 150, 50).
    """
    aug = augment(calc_A(SMALL_Z, SMALL_X), SMALL_X, [1], [0.25])
    expected = np.array([
        [0.1, 0.1, 1 / 30, 0.1],
        [0.1125, 0.01875, 0.15, 0.01875],
        [0.05, 0.05, 1 / 15, 0.05],
        [0.0375, 0.00625, 0.05, 0.00625],
    ])
    np.testing.assert_allclose(aug.A, expected, rtol=1e-14)
    np.testing.assert_allclose(aug.X, [100.0, 150.0, 150.0, 50.0], rtol=1e-15)
    assert aug.n == 3
    np.testing.assert_array_equal(aug.virtual, [3])
    np.testing.assert_array_equal(aug.source(), [0, 1, 2, 1])
    _, Xs, As = hand_augmented(SMALL_Z, SMALL_X, [1], [0.25])
    np.testing.assert_allclose(aug.A, As, rtol=1e-14)
    np.testing.assert_allclose(aug.X, Xs, rtol=1e-15)


def test_aggregation_matrix_small():
    """G (n × (n+m)) is the identity on the n original sectors plus a 1 at (k_i, n+i):
    for n = 3 and related (2, 0), columns 3 and 4 fold into rows 2 and 0."""
    G = aggregation_matrix(3, [2, 0])
    np.testing.assert_array_equal(G, [[1, 0, 0, 0, 1],
                                      [0, 1, 0, 0, 0],
                                      [0, 0, 1, 1, 0]])


def _check_aggregates_back(Z, X, related, S, rng, rtol):
    """The three equivalences of METHOD.md §2 step 2 with G = aggregation_matrix(n, related)."""
    n = len(X)
    A = calc_A(Z, X)
    aug = augment(A, X, related, S)
    G = aggregation_matrix(n, related)
    Z_star = aug.A * aug.X[np.newaxis, :]
    np.testing.assert_allclose(G @ Z_star @ G.T, Z, rtol=rtol, atol=rtol * Z.max())
    np.testing.assert_allclose(G @ aug.X, X, rtol=rtol)
    f = rng.uniform(0.0, 1.0, n) * X
    f_star = np.concatenate([f, np.zeros(len(related))])
    for j, (k, s) in enumerate(zip(related, S)):
        f_star[k] = (1.0 - s) * f[k]
        f_star[n + j] = s * f[k]
    np.testing.assert_allclose(G @ f_star, f, rtol=1e-15)
    x_star = np.linalg.solve(np.eye(n + len(related)) - aug.A, f_star)
    x = np.linalg.solve(np.eye(n) - A, f)
    np.testing.assert_allclose(G @ x_star, x, rtol=rtol)


def test_augmented_small_system_aggregates_back():
    """Summing each virtual sector into its parent (G) must return the original flows
    (G Z* Gᵀ = Z), outputs (G X* = X) and Leontief solution (G (I − A*)⁻¹ f* = (I − A)⁻¹ f)
    for final use split like the sales, f*_k = (1 − S) f_k, f*_v = S f_k: the split
    changes the bookkeeping, not the economy (METHOD.md §2 step 2)."""
    rng = np.random.default_rng(20170101)
    _check_aggregates_back(SMALL_Z, SMALL_X, [1], [0.25], rng, rtol=1e-12)
    _check_aggregates_back(SMALL_Z, SMALL_X, [2, 0], [0.6, 1.0], rng, rtol=1e-12)


def test_augmented_nbs_2017_aggregates_back(io2017):
    """The same three equivalences on the real 149-sector table with the report's example set
    of 11 related sectors (codes 083 … 125) and coefficients S = (0.10, …, 0.35)."""
    assert [io2017.codes[p] for p in RELATED_POS] == RELATED_CODES
    rng = np.random.default_rng(149)
    Z, X = io2017.Z / 1e4, io2017.X / 1e4
    _check_aggregates_back(Z, X, RELATED_POS, RELATED_S, rng, rtol=1e-9)


# --------------------------------------------------------------------------- direct

def test_direct_value_added_by_hand():
    """Zdir = Σ S_k (X_k − M_k) (METHOD.md §1). M = column sums of SMALL_Z = (30, 35, 45), so
    V = (70, 165, 105); with related (1, 2) and S = (0.2, 0.5): 0.2·165 + 0.5·105 = 33 + 52.5."""
    M = calc_M(SMALL_Z)
    np.testing.assert_array_equal(M, [30.0, 35.0, 45.0])
    by_sector = direct_by_sector(SMALL_X, M, [1, 2], [0.2, 0.5])
    np.testing.assert_allclose(by_sector, [0.0, 33.0, 52.5], rtol=1e-15)
    assert direct_total(SMALL_X, M, [1, 2], [0.2, 0.5]) == pytest.approx(85.5, rel=1e-15)


# --------------------------------------------------------------------------- penetration

def test_penetration_small_example_against_hand_computation():
    """3 sectors, sector 2 related with S = 0.25, computed independently by ``hand_penetration``
    (flows split by hand, ``numpy.linalg.inv``, ΔY_i = Σ_v C_iv ΔX_v / C_vv, λ = ΔY/X,
    dz = λ* (X* − M*) with λ* = ΔY/X* and M* the column sums of the augmented flows)."""
    dY, lam, dz, Xs = hand_penetration(SMALL_Z, SMALL_X, [1], [0.25])
    p = penetration(calc_A(SMALL_Z, SMALL_X), SMALL_X, [1], [0.25])
    np.testing.assert_allclose(p.dY, dY, rtol=1e-12)
    np.testing.assert_allclose(p.lam, lam, rtol=1e-12)
    np.testing.assert_allclose(p.dz, dz, rtol=1e-12)
    np.testing.assert_allclose(p.X_star, Xs[:3], rtol=1e-15)
    assert p.total == pytest.approx(dz.sum(), rel=1e-12)
    np.testing.assert_allclose(p.table(), np.column_stack([dY, lam, dz]), rtol=1e-12)
    assert not p.masked.any()
    # The related sector's own ΔY is its remainder's induced output: C_{k,v}/C_{v,v}·ΔX_v with
    # ΔX_v = 0.25 · 200 = 50; every ΔY is positive in this fully connected economy.
    assert (dY > 0).all()


def test_penetration_two_related_against_hand_computation():
    """Two related sectors (positions 2 and 0, in that order) — the virtual sectors are
    placed at n+0 and n+1 in the order given — checked against the hand computation."""
    dY, lam, dz, _ = hand_penetration(SMALL_Z, SMALL_X, [2, 0], [0.4, 0.1])
    p = penetration(calc_A(SMALL_Z, SMALL_X), SMALL_X, [2, 0], [0.4, 0.1])
    np.testing.assert_allclose(p.dY, dY, rtol=1e-12)
    np.testing.assert_allclose(p.lam, lam, rtol=1e-12)
    np.testing.assert_allclose(p.dz, dz, rtol=1e-12)


def test_penetration_value_added_identity_small():
    """The split keeps value-added ratios, so dz_i = ΔY_i · V_i / X_i (METHOD.md §2 step 5),
    with V = X − M from the *original* table: here V = (70, 165, 105)."""
    p = penetration(calc_A(SMALL_Z, SMALL_X), SMALL_X, [1], [0.25])
    V = SMALL_X - calc_M(SMALL_Z)
    np.testing.assert_allclose(p.dz, p.dY * V / SMALL_X, rtol=1e-12)


def test_penetration_full_share_masks_remainder():
    """With S_k = 1 all of k is IIE: the remainder has X*_k = 0, so λ_k, dz_k are 0 and
    ``masked`` flags it (zero-output rule); the hand computation gives the same numbers."""
    dY, lam, dz, _ = hand_penetration(SMALL_Z, SMALL_X, [1], [1.0])
    p = penetration(calc_A(SMALL_Z, SMALL_X), SMALL_X, [1], [1.0])
    np.testing.assert_array_equal(p.masked, [False, True, False])
    assert p.lam[1] == 0.0 and p.dz[1] == 0.0
    np.testing.assert_allclose(p.dz, dz, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(p.dY, dY, rtol=1e-12, atol=1e-15)


def test_penetration_zero_shares_give_zero():
    """S = 0 means no IIE output: ΔX_v = 0, hence ΔY = λ = dz = 0, and direct value added is 0."""
    A = calc_A(SMALL_Z, SMALL_X)
    p = penetration(A, SMALL_X, [0, 2], [0.0, 0.0])
    np.testing.assert_array_equal(p.dz, 0.0)
    np.testing.assert_array_equal(p.lam, 0.0)
    assert direct_total(SMALL_X, calc_M(SMALL_Z), [0, 2], [0.0, 0.0]) == 0.0


# --------------------------------------------------------------------------- real 2017 table

@pytest.fixture(scope="module")
def io2017_yi(io2017):
    """The 2017 table in 亿元 (万元 / 1e4)."""
    return io2017._replace(Z=io2017.Z / 1e4, X=io2017.X / 1e4, M=io2017.M / 1e4, V=io2017.V / 1e4)


def test_nbs_2017_value_added_is_output_less_intermediate_input(io2017_yi):
    """NBS books TI = TII + TVA per sector (the README's stated check), i.e. X − M = V, and
    TII is the column sum of Z; Σ TVA = 823,215.7 亿元 (2017 GDP by the IO table)."""
    t = io2017_yi
    np.testing.assert_allclose(t.X - t.M, t.V, rtol=1e-6)
    np.testing.assert_allclose(calc_M(t.Z), t.M, rtol=1e-6)
    assert t.V.sum() == pytest.approx(823215.7, abs=0.1)


def test_nbs_2017_direct_and_penetration_magnitudes(io2017_yi):
    """With the report's example set, Zdir = Σ S_k V_k and Zind = Σ dz_i are positive and of
    the report's order: hundreds of billions to a few trillion yuan, i.e. 1e3 … 5e4 亿元
    (METHOD.md §9 quotes 1.53 and 3.48 万亿 = 15,300 and 34,800 亿元 for 2024)."""
    t = io2017_yi
    direct = direct_total(t.X, t.M, RELATED_POS, RELATED_S)
    assert direct == pytest.approx(sum(s * t.V[k] for k, s in zip(RELATED_POS, RELATED_S)), rel=1e-6)
    p = penetration(calc_A(t.Z, t.X), t.X, RELATED_POS, RELATED_S, t.V)
    assert 1e3 < direct < 5e4
    assert 1e3 < p.total < 5e4
    assert (p.lam >= 0).all() and (p.dz >= 0).all()
    np.testing.assert_allclose(p.dz, p.dY * t.V / t.X, rtol=1e-10)


def test_nbs_2017_penetration_against_hand_computation(io2017_yi):
    """The 149 + 11 sector system built by hand (flows split with loops, numpy.linalg.inv)
    gives the same ΔY, λ, dz as the LU-based model to 1e-9."""
    t = io2017_yi
    dY, lam, dz, _ = hand_penetration(t.Z, t.X, RELATED_POS, RELATED_S)
    p = penetration(calc_A(t.Z, t.X), t.X, RELATED_POS, RELATED_S)
    np.testing.assert_allclose(p.dY, dY, rtol=1e-9)
    np.testing.assert_allclose(p.lam, lam, rtol=1e-9)
    np.testing.assert_allclose(p.dz, dz, rtol=1e-9)


def test_nbs_2017_zero_shares(io2017_yi):
    """S = 0 for all 11 related sectors: no IIE output, so dz = 0 and direct = 0 exactly."""
    t = io2017_yi
    zeros = [0.0] * len(RELATED_POS)
    p = penetration(calc_A(t.Z, t.X), t.X, RELATED_POS, zeros, t.V)
    np.testing.assert_array_equal(p.dz, 0.0)
    assert direct_total(t.X, t.M, RELATED_POS, zeros) == 0.0


def test_nbs_2017_penetration_is_linear_in_units(io2017, io2017_yi):
    """Changing the unit (亿元 → 万元 multiplies Z and X by 1e4) leaves A, C and λ unchanged
    and multiplies ΔY and dz by 1e4: the model has no hidden unit-dependent constant."""
    yi, wan = io2017_yi, io2017
    p_yi = penetration(calc_A(yi.Z, yi.X), yi.X, RELATED_POS, RELATED_S)
    p_wan = penetration(calc_A(yi.Z * 1e4, yi.X * 1e4), yi.X * 1e4, RELATED_POS, RELATED_S)
    np.testing.assert_allclose(p_wan.lam, p_yi.lam, rtol=1e-10)
    np.testing.assert_allclose(p_wan.dz, p_yi.dz * 1e4, rtol=1e-10)
    np.testing.assert_allclose(p_wan.dY, p_yi.dY * 1e4, rtol=1e-10)
    # and the file's own unit gives the same numbers
    p_file = penetration(calc_A(wan.Z, wan.X), wan.X, RELATED_POS, RELATED_S)
    np.testing.assert_allclose(p_file.dz, p_yi.dz * 1e4, rtol=1e-9)


# --------------------------------------------------------------------------- rates over time

def test_extend_rates_cumulative_product():
    """p_s(t) = p_s(t−1) μ_t (METHOD.md §2 step 7), so p_s(t) = p_s(2017) Π_{u≤t} μ_u:
    with μ = 1.1, 0.9, 1.2 for 2018–2020 the factors are 1, 1.1, 0.99, 1.188."""
    p_base = pd.Series({"C": 0.02, "I": 0.10, "A": 0.0})
    mu = pd.Series({2018: 1.1, 2019: 0.9, 2020: 1.2})
    out = extend_rates(p_base, mu, 2017, [2017, 2018, 2019, 2020])
    assert list(out.columns) == [2017, 2018, 2019, 2020]
    assert list(out.index) == ["C", "I", "A"]
    factors = np.array([1.0, 1.1, 0.99, 1.188])
    np.testing.assert_allclose(out.to_numpy(), np.outer(p_base.to_numpy(), factors), rtol=1e-14)
    np.testing.assert_allclose(factors[1:], np.cumprod(mu.to_numpy()), rtol=1e-14)


def test_extend_rates_later_years_only():
    """Asking for 2019–2020 only still compounds μ_2018: p(2019) = p·1.1·0.9."""
    p_base = pd.Series({"C": 0.5})
    mu = pd.Series({2018: 1.1, 2019: 0.9, 2020: 1.2})
    out = extend_rates(p_base, mu, 2017, [2020, 2019])
    assert list(out.columns) == [2019, 2020]
    np.testing.assert_allclose(out.loc["C"].to_numpy(), [0.5 * 0.99, 0.5 * 1.188], rtol=1e-14)


def test_virtual_columns_from_the_original_inverse_equal_the_augmented_solve(io2017):
    """Woodbury: (I − A*)⁻¹ = I + R P (L − I) Pᵀ because Pᵀ R P = I (the split shares of a
    sector sum to one). The m virtual columns computed that way from the n×n system must equal
    the columns of the (n+m)×(n+m) augmented Leontief inverse solved directly."""
    from iiecon_xl.model.augment import virtual_leontief_columns
    from iiecon_xl.model.leontief import LeontiefSolver

    Z, X = io2017.Z / 1e4, io2017.X / 1e4
    A = calc_A(Z, X)
    k = np.array([int(c) - 1 for c in ["083", "088", "089", "092", "093", "094", "121", "122", "123", "124", "125"]])
    S = np.array([0.10, 0.20, 0.30, 0.15, 0.15, 0.20, 0.30, 0.20, 0.40, 0.40, 0.35])
    aug = augment(A, X, k, S)
    direct = LeontiefSolver(aug.A).columns(aug.virtual)
    np.testing.assert_allclose(virtual_leontief_columns(A, k, S), direct, rtol=1e-10, atol=1e-13)
