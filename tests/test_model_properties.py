"""Property-based tests (hypothesis) of the augmented IO model (METHOD.md §1, §2).

Random productive economies: A ≥ 0 with every column summing to less than 0.9 (so
ρ(A) ≤ max column sum < 1), outputs X > 0, a random set of related sectors and shares
S ∈ [0, 1]. The properties are consequences of the method's definitions, stated in the
docstrings; none of them restates the implementation.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from iiecon_xl.model import aggregation_matrix, augment, calc_A, calc_M, direct_total, penetration

SETTINGS = settings(max_examples=50, deadline=None)
unit = st.floats(0.0, 1.0, allow_nan=False, allow_subnormal=False)


@st.composite
def economies(draw, min_n=1, max_n=7):
    """(A, X, related, S) with A productive (column sums < 0.9), X > 0, related unique."""
    n = draw(st.integers(min_n, max_n))
    raw = draw(arrays(np.float64, (n, n), elements=unit))
    target = draw(arrays(np.float64, n, elements=st.floats(0.0, 0.89, allow_subnormal=False)))
    colsum = raw.sum(axis=0)
    scale = np.divide(target, colsum, out=np.zeros(n), where=colsum > 0)
    A = raw * scale[np.newaxis, :]
    X = draw(arrays(np.float64, n, elements=st.floats(1.0, 1e4, allow_subnormal=False)))
    related = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    S = draw(arrays(np.float64, len(related), elements=unit))
    return A, X, related, S


def value_added(A, X):
    """V = X − M with M the column sums of Z = A diag(X)."""
    return X - calc_M(A * X[np.newaxis, :])


@SETTINGS
@given(economies())
def test_zero_shares_give_zero(econ):
    """S = 0 everywhere ⇒ no IIE output (ΔX_v = S_k X_k = 0) ⇒ ΔY = 0 ⇒ dz = 0 exactly,
    and the direct value added Σ S_k V_k is 0 too."""
    A, X, related, _ = econ
    S = np.zeros(len(related))
    p = penetration(A, X, related, S)
    np.testing.assert_array_equal(p.dz, 0.0)
    np.testing.assert_array_equal(p.dY, 0.0)
    assert direct_total(X, calc_M(A * X), related, S) == 0.0


@SETTINGS
@given(economies(), st.floats(1e-3, 1e3))
def test_scaling_output_scales_results(econ, c):
    """Scaling Z and X by c (a change of unit) leaves A = Z/X and C unchanged, so ΔY, dz and
    the direct value added scale by c and λ = ΔY/X does not change."""
    A, X, related, S = econ
    Z = A * X[np.newaxis, :]
    p = penetration(A, X, related, S)
    q = penetration(calc_A(c * Z, c * X), c * X, related, S)
    scale = max(1.0, np.abs(p.dz).max())
    np.testing.assert_allclose(q.dz, c * p.dz, rtol=1e-9, atol=1e-12 * c * scale)
    np.testing.assert_allclose(q.lam, p.lam, rtol=1e-9, atol=1e-12)
    d = direct_total(X, calc_M(Z), related, S)
    dc = direct_total(c * X, calc_M(c * Z), related, S)
    np.testing.assert_allclose(dc, c * d, rtol=1e-9, atol=1e-12 * c * max(1.0, abs(d)))


@SETTINGS
@given(economies(), st.data())
def test_augmented_system_aggregates_back(econ, data):
    """METHOD.md §2 step 2: folding each virtual sector into its parent (G) gives back the
    original flows G Z* Gᵀ = Z, outputs G X* = X, and Leontief solution
    G (I − A*)⁻¹ f* = (I − A)⁻¹ f for any final use f split like the sales."""
    A, X, related, S = econ
    n, m = len(X), len(related)
    aug = augment(A, X, related, S)
    G = aggregation_matrix(n, related)
    Z = A * X[np.newaxis, :]
    Z_star = aug.A * aug.X[np.newaxis, :]
    np.testing.assert_allclose(G @ Z_star @ G.T, Z, rtol=1e-10, atol=1e-10 * max(1.0, Z.max()))
    np.testing.assert_allclose(G @ aug.X, X, rtol=1e-12)
    f = data.draw(arrays(np.float64, n, elements=st.floats(0.0, 1e3, allow_subnormal=False)), label="f")
    f_star = np.concatenate([f, np.zeros(m)])
    for j, (k, s) in enumerate(zip(related, S)):
        f_star[k] = (1.0 - s) * f[k]
        f_star[n + j] = s * f[k]
    x = np.linalg.solve(np.eye(n) - A, f)
    x_star = np.linalg.solve(np.eye(n + m) - aug.A, f_star)
    np.testing.assert_allclose(G @ x_star, x, rtol=1e-9, atol=1e-9 * max(1.0, x.max()))


@SETTINGS
@given(economies())
def test_value_added_identity(econ):
    """The split keeps value-added ratios (both parts of k keep k's input coefficients), so
    dz_i = λ*_i (X*_i − M*_i) = ΔY_i · V_i / X_i = λ_i V_i with V, X of the original table,
    λ*_i = ΔY_i / X*_i and λ_i = ΔY_i / X_i (METHOD.md §2 step 5). M* is computed here literally, as the column sums of the
    augmented flows A* diag(X*)."""
    A, X, related, S = econ
    n = len(X)
    p = penetration(A, X, related, S)
    V = value_added(A, X)
    scale = max(1.0, np.abs(p.dY).max())
    np.testing.assert_allclose(p.dz, p.dY * V / X, rtol=1e-9, atol=1e-12 * scale)
    aug = augment(A, X, related, S)
    M_star = (aug.A * aug.X[np.newaxis, :]).sum(axis=0)[:n]
    lam_star = np.where(p.masked, 0.0, p.dY / np.where(aug.X[:n] > 0, aug.X[:n], 1.0))
    np.testing.assert_allclose(p.dz, lam_star * (aug.X[:n] - M_star), rtol=1e-9, atol=1e-12 * scale)
    np.testing.assert_allclose(p.lam, np.where(p.masked, 0.0, p.dY / X), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(p.dz, p.lam * V, rtol=1e-9, atol=1e-12 * scale)
    # and passing V explicitly changes nothing
    q = penetration(A, X, related, S, V)
    np.testing.assert_allclose(q.dz, p.dz, rtol=1e-12, atol=1e-12 * scale)


@SETTINGS
@given(economies())
def test_lambda_is_non_negative(econ):
    """For a productive A ≥ 0, C = (I − A*)⁻¹ = Σ A*ᵏ ≥ 0 and ΔX_v ≥ 0, C_vv ≥ 1, so
    ΔY ≥ 0 and λ = ΔY/X* ≥ 0 (and dz ≥ 0 since V ≥ 0 when column sums are < 1).
    A tolerance of 1e-12 relative covers rounding in entries that are 0 in exact arithmetic."""
    A, X, related, S = econ
    p = penetration(A, X, related, S)
    tol = 1e-12 * max(1.0, np.abs(p.lam).max())
    assert (p.lam >= -tol).all()
    assert (p.dz >= -1e-12 * max(1.0, np.abs(p.dz).max())).all()
    assert (p.lam[p.masked] == 0).all()
