"""Property-based tests (hypothesis) of the IO analysis menu (issue 15).

Random balanced tables: Z ≥ 0 (n×n) and final demand f > 0, X = Z·1 + f ≥ Z'1 + 1. Every row of
B = X̂⁻¹Z sums to Σ_j z_ij / (Σ_j z_ij + f_i) < 1, so ρ(A) = ρ(B) < 1: the table is productive.
Each property follows from the definitions, as its docstring says; none restates the code.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from iiecon_xl.model import (aggregate, calc_B, concordance, extraction, ghosh_inverse, gras, iie_uncertainty,
                             io_multipliers, linkages, ras)

SETTINGS = settings(max_examples=40, deadline=None)
flows = st.floats(0.0, 1e3, allow_nan=False, allow_subnormal=False)
positive = st.floats(1.0, 1e3, allow_nan=False, allow_subnormal=False)


@st.composite
def tables(draw, min_n=1, max_n=6):
    """(Z, X, f) of a balanced productive table whose value added X − Z'1 is positive too."""
    n = draw(st.integers(min_n, max_n))
    Z = draw(arrays(np.float64, (n, n), elements=flows))
    margin = draw(arrays(np.float64, n, elements=positive))
    X = np.maximum(Z.sum(axis=1), Z.sum(axis=0)) + margin  # X ≥ M: no table has negative value added
    return Z, X, X - Z.sum(axis=1)


@SETTINGS
@given(tables(), st.data())
def test_extraction_of_nothing_changes_nothing_and_losses_are_never_negative(table, data):
    """Extracting no sector leaves A, B and f as they are, so every loss is exactly 0. Extracting
    any set only removes non-negative coefficients (Ā ≤ A, B̄ ≤ B), so with f, v ≥ 0 the inverses
    shrink element-wise and no kind of extraction can raise total output."""
    Z, X, f = table
    n = len(X)
    np.testing.assert_array_equal(extraction(Z, X, f, []).table(), 0.0)
    S = data.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=n))
    e = extraction(Z, X, f, S)
    scale = X.sum()
    for kind in ("backward", "forward", "total"):
        assert e.output_loss(kind) >= -1e-9 * scale


@SETTINGS
@given(tables(), st.data())
def test_aggregation_preserves_totals(table, data):
    """S has one 1 per column, so 1'S = 1': 1'(S Z Sᵀ)1 = 1'Z1, S Z Sᵀ 1 = S (Z 1) (row sums
    aggregate), and 1'S x = 1'x. Mapping every sector to itself gives S = I and Z back."""
    Z, X, _ = table
    n = len(X)
    labels = data.draw(st.lists(st.sampled_from("abc"), min_size=n, max_size=n))
    codes = [f"s{i}" for i in range(n)]
    mapping = dict(zip(codes, labels))
    Z_agg, groups = aggregate(Z, codes, mapping)
    con = concordance(codes, mapping)
    assert list(groups) == list(dict.fromkeys(labels))
    np.testing.assert_allclose(Z_agg.sum(), Z.sum(), rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(Z_agg.sum(axis=1), con.vector(Z.sum(axis=1)), rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(Z_agg.sum(axis=0), con.vector(Z.sum(axis=0)), rtol=1e-12, atol=1e-9)
    assert np.isclose(con.vector(X).sum(), X.sum(), rtol=1e-13)
    np.testing.assert_array_equal(aggregate(Z, codes, {c: c for c in codes})[0], Z)


@SETTINGS
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_ras_reproduces_its_margins(nr, nc, data):
    """Margins taken from a table with the same zero pattern as Z⁰ (here none: Z⁰ > 0) are always
    reachable, and RAS converges to them (Bacharach 1970); the result is r̂ Z⁰ ŝ with r, s > 0."""
    Z0 = data.draw(arrays(np.float64, (nr, nc), elements=positive))
    target = Z0 * data.draw(arrays(np.float64, (nr, nc), elements=st.floats(0.2, 5.0)))
    b = ras(Z0, target.sum(axis=1), target.sum(axis=0))
    assert b.converged
    scale = max(target.sum(axis=1).max(), target.sum(axis=0).max())
    np.testing.assert_allclose(b.table.sum(axis=1), target.sum(axis=1), rtol=0, atol=1e-9 * scale)
    np.testing.assert_allclose(b.table.sum(axis=0), target.sum(axis=0), rtol=0, atol=1e-9 * scale)
    np.testing.assert_allclose(b.table, b.r[:, None] * Z0 * b.s[None, :], rtol=1e-12)
    assert (b.r > 0).all() and (b.s > 0).all()


@SETTINGS
@given(st.integers(2, 5), st.data())
def test_gras_reproduces_margins_and_signs(n, data):
    """For a table of mixed signs and margins of a same-sign rescaling of it, GRAS reaches the
    margins and keeps the sign of every entry (Temurshoev, Miller & Bouwmeester 2013)."""
    Z0 = data.draw(arrays(np.float64, (n, n), elements=positive))
    signs = data.draw(arrays(np.float64, (n, n), elements=st.sampled_from([1.0, 1.0, -1.0])))
    Z0 = Z0 * signs
    target = Z0 * data.draw(arrays(np.float64, (n, n), elements=st.floats(0.5, 2.0)))
    g = gras(Z0, target.sum(axis=1), target.sum(axis=0), max_iter=100_000, tol=1e-9)
    scale = max(np.abs(target.sum(axis=1)).max(), np.abs(target.sum(axis=0)).max())
    np.testing.assert_allclose(g.table.sum(axis=1), target.sum(axis=1), rtol=0, atol=1e-8 * scale)
    np.testing.assert_array_equal(np.sign(g.table), np.sign(Z0))


@SETTINGS
@given(tables(), st.floats(0.0, 0.3), st.floats(0.1, 0.8))
def test_multiplier_identities(table, self_share, labour_share):
    """(1) 1'A + v' = 1' gives v'L = 1': the simple value-added multiplier is 1.
    (2) Closing the model adds non-negative induced effects, so Type II ≥ Type I.
    (3) Type II / Type I income multipliers equal l̄_{n+1,n+1} for every sector.
    Households consume half of f and earn, besides wages and their own purchase z_hh, transfers
    of half of Σf; then every row of the closed B̄ sums to less than 1, so Ā is productive."""
    Z, X, f = table
    V = X - Z.sum(axis=0)
    row = labour_share * np.clip(V, 0, None)
    z_hh = self_share * (row.sum() + 1.0)
    income = row.sum() + z_hh + 0.5 * f.sum()
    m = io_multipliers(Z, X, household_row=np.append(row, z_hh), household_col=0.5 * f,
                       household_total=income)
    np.testing.assert_allclose(m.value_added.simple, 1.0, atol=1e-9)
    assert (m.output.total >= m.output.simple - 1e-12).all()
    ok = m.income.initial > 0
    np.testing.assert_allclose((m.income.type_II / np.where(ok, m.income.type_I, 1))[ok],
                               m.L_bar[-1, -1], rtol=1e-9)


@SETTINGS
@given(tables())
def test_ghosh_and_linkages(table):
    """G derived from L equals the direct inverse of I − B; the normalised linkages average 1."""
    Z, X, _ = table
    G = ghosh_inverse(Z, X)
    np.testing.assert_allclose(G, np.linalg.inv(np.eye(len(X)) - calc_B(Z, X)), rtol=1e-9, atol=1e-12)
    lk = linkages(Z, X)
    assert np.isclose(lk.BL.mean(), 1.0) and np.isclose(lk.FL.mean(), 1.0)


@SETTINGS
@given(tables(max_n=4), st.data())
def test_unanimous_panel_collapses_the_band(table, data):
    """Votes all on one grade per criterion leave every draw equal to the observed shares, so
    every quantile of direct, penetration and total is the point estimate."""
    Z, X, _ = table
    n = len(X)
    related = data.draw(st.lists(st.integers(0, n - 1), unique=True, min_size=1, max_size=n))
    grades = data.draw(st.lists(st.integers(0, 2), min_size=2 * len(related), max_size=2 * len(related)))
    counts = np.zeros((len(related), 2, 3))
    for i, g in enumerate(grades):
        counts[i // 2, i % 2, g] = data.draw(st.integers(1, 30))
    A = Z / X[np.newaxis, :]
    u = iie_uncertainty(counts, [0.5, 0.5], [0.9, 0.5, 0.1], A, X, related, draws=50, seed=0)
    np.testing.assert_allclose(u.bands, np.tile(u.point, (3, 1)), rtol=1e-12, atol=1e-9)
