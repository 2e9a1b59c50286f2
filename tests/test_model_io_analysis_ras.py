"""RAS and GRAS updating (issue 15): bringing a base table to new margins.

Oracles nobody here wrote:
- Miller & Blair, *Input-Output Analysis*, 2nd ed. (2009), §7.4.2, the three-sector RAS example
  (A(0), x(1) = (421, 284, 283) and the margins u(1), v(1) of the "unknown" Z(1)), in the form
  the GAMS model library keeps it (model IOBALANCE, "taken from chapter 7.4.2 of Miller and
  Blair"). Its printed RAS estimate is not reproduced here; instead the first step is derived
  by hand and the converged table is checked against the problem RAS solves (Bacharach 1970):
  min Σ z ln(z / z⁰) − z under the margins, solved independently with scipy's SLSQP.
- V. Robichaud, "Example of the RAS technique" (PEP network memo, February 2000): the 2×3
  matrix [[3, 4, 2], [7, 4, 3]] brought to rows (10, 12) and columns (4, 10, 8); the memo's
  balanced matrix, to one decimal, is [[1.3, 5.3, 3.4], [2.7, 4.7, 4.6]].
- GRAS: the objective of Temurshoev, Miller & Bouwmeester (2013), min Σ |z⁰| y (ln y − 1) with
  y = z / z⁰, solved with SLSQP on a 4×4 table with negative entries.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from iiecon_xl.errors import IIEInputError
from iiecon_xl.model import gras, ras

# Miller & Blair (2009) §7.4.2 (as in the GAMS model library's IOBALANCE).
MB_A0 = np.array([[0.120, 0.100, 0.049], [0.210, 0.247, 0.265], [0.026, 0.249, 0.145]])
MB_X1 = np.array([421.0, 284.0, 283.0])
MB_Z1 = np.array([[98.0, 72.0, 75.0], [65.0, 8.0, 63.0], [88.0, 27.0, 44.0]])  # "unknown" flows
MB_U1 = MB_Z1.sum(axis=1)   # (245, 136, 159)
MB_V1 = MB_Z1.sum(axis=0)   # (251, 107, 182)

# A table with negative entries (e.g. net taxes, stock changes), margins of mixed sign.
SIGNED_Z0 = np.array([[7.0, 3, 5, -3], [2, 9, 8, 1], [-2, 0, 2, 1], [-5, 2, -4, 3]])
SIGNED_U = np.array([15.0, 22, -1, -2])
SIGNED_V = np.array([3.0, 16, 13, 2])


def test_miller_blair_margins_and_first_step():
    """u(1) = (98 + 72 + 75, 65 + 8 + 63, 88 + 27 + 44) = (245, 136, 159); v(1) = (251, 107, 182).
    Z⁰ = A(0) x̂(1); its row sums are 0.120·421 + 0.100·284 + 0.049·283 = 92.787,
    0.210·421 + 0.247·284 + 0.265·283 = 233.553, 0.026·421 + 0.249·284 + 0.145·283 = 122.697,
    so the first row factors are r = (245/92.787, 136/233.553, 159/122.697)
    = (2.640456, 0.582309, 1.295875); after one row and one column step the columns fit v(1)."""
    np.testing.assert_array_equal(MB_U1, [245, 136, 159])
    np.testing.assert_array_equal(MB_V1, [251, 107, 182])
    one = ras(MB_A0 * MB_X1, MB_U1, MB_V1, max_iter=1, strict=False)
    np.testing.assert_allclose(one.r, [245 / 92.787, 136 / 233.553, 159 / 122.697], rtol=1e-12)
    np.testing.assert_allclose(one.table.sum(axis=0), MB_V1, rtol=1e-13)
    assert one.iterations == 1 and not one.converged and one.max_error > 1e-3


def test_miller_blair_converged_table_is_the_minimum_cross_entropy_table():
    """RAS converges (14 iterations to 1e-10 here) to the table that minimises
    Σ z ln(z/z⁰) − z under the margins; SLSQP on the 9 entries finds the same table."""
    Z0 = MB_A0 * MB_X1
    b = ras(Z0, MB_U1, MB_V1)
    assert b.converged and b.max_error <= 1e-10 and b.iterations < 50
    # the error is relative to the largest target, 251
    np.testing.assert_allclose(b.table.sum(axis=1), MB_U1, rtol=0, atol=251e-10)
    np.testing.assert_allclose(b.table.sum(axis=0), MB_V1, rtol=0, atol=251e-10)
    np.testing.assert_allclose(b.table, b.r[:, None] * Z0 * b.s[None, :], rtol=1e-14)
    cons = [{"type": "eq", "fun": lambda z: z.reshape(3, 3).sum(axis=1) - MB_U1},
            {"type": "eq", "fun": lambda z: z.reshape(3, 3).sum(axis=0)[:2] - MB_V1[:2]}]
    res = minimize(lambda z: np.sum(z * np.log(z / Z0.ravel()) - z), Z0.ravel(),
                   jac=lambda z: np.log(z / Z0.ravel()), constraints=cons, method="SLSQP",
                   bounds=[(1e-9, None)] * 9, options={"ftol": 1e-14, "maxiter": 1000})
    assert res.success
    np.testing.assert_allclose(b.table, res.x.reshape(3, 3), rtol=1e-5)


def test_robichaud_memo_example():
    """The memo balances [[3, 4, 2], [7, 4, 3]] to rows (10, 12) and columns (4, 10, 8) and prints
    [[1.3, 5.3, 3.4], [2.7, 4.7, 4.6]] (one decimal)."""
    b = ras([[3.0, 4, 2], [7, 4, 3]], [10, 12], [4, 10, 8])
    np.testing.assert_array_equal(np.round(b.table, 1), [[1.3, 5.3, 3.4], [2.7, 4.7, 4.6]])


def test_gras_minimises_the_tmb_objective_and_keeps_signs():
    """GRAS on a table with negative entries: margins reproduced, every entry keeps its sign
    (zeros stay zero), and the table is the minimiser of Σ |z⁰| y (ln y − 1), y = z/z⁰,
    found independently by SLSQP over the 15 non-zero entries."""
    g = gras(SIGNED_Z0, SIGNED_U, SIGNED_V)
    assert g.converged and g.method == "GRAS"
    np.testing.assert_allclose(g.table.sum(axis=1), SIGNED_U, atol=1e-9)
    np.testing.assert_allclose(g.table.sum(axis=0), SIGNED_V, atol=1e-9)
    np.testing.assert_array_equal(np.sign(g.table), np.sign(SIGNED_Z0))
    nz = SIGNED_Z0 != 0
    a = np.abs(SIGNED_Z0[nz])

    def table(y):
        z = np.zeros_like(SIGNED_Z0)
        z[nz] = SIGNED_Z0[nz] * y
        return z

    cons = [{"type": "eq", "fun": lambda y: table(y).sum(axis=1) - SIGNED_U},
            {"type": "eq", "fun": lambda y: table(y).sum(axis=0)[:-1] - SIGNED_V[:-1]}]
    res = minimize(lambda y: np.sum(a * (y * np.log(y) - y)), np.ones(nz.sum()), jac=lambda y: a * np.log(y),
                   constraints=cons, method="SLSQP", bounds=[(1e-9, None)] * int(nz.sum()),
                   options={"ftol": 1e-15, "maxiter": 2000})
    assert res.success
    np.testing.assert_allclose(g.table, table(res.x), atol=1e-6)


def test_gras_is_ras_without_negative_entries():
    """With N = 0 the GRAS step r = (u + √(u² + 0))/(2p) = u/p is the RAS step."""
    r, g = ras(MB_A0 * MB_X1, MB_U1, MB_V1), gras(MB_A0 * MB_X1, MB_U1, MB_V1)
    np.testing.assert_array_equal(g.table, r.table)
    assert g.iterations == r.iterations


def test_ras_at_n_400_converges_quickly():
    """A sparse 400×400 table brought to the margins of a perturbed copy of itself: converged to
    1e-10 of the largest total within a few dozen iterations."""
    rng = np.random.default_rng(7)
    Z0 = rng.random((400, 400)) * (rng.random((400, 400)) < 0.2)
    target = Z0 * rng.lognormal(0.0, 0.3, Z0.shape)
    b = ras(Z0, target.sum(axis=1), target.sum(axis=0))
    assert b.converged and b.iterations < 100
    np.testing.assert_allclose(b.table.sum(axis=1), target.sum(axis=1), rtol=1e-8)


def test_errors_name_the_argument():
    with pytest.raises(IIEInputError, match="^max_iter: RAS did not converge in 2 iterations"):
        ras(MB_A0 * MB_X1, MB_U1, MB_V1, max_iter=2)
    with pytest.raises(IIEInputError, match="^v: sum 541, but u sums to 540"):
        ras(MB_A0 * MB_X1, MB_U1, MB_V1 + [1, 0, 0])
    with pytest.raises(IIEInputError, match="^Z0: 1 negative value"):
        ras(SIGNED_Z0 * (SIGNED_Z0 > -3), SIGNED_U, SIGNED_V)
    with pytest.raises(IIEInputError, match="^u: negative totals: use GRAS"):
        ras(np.abs(SIGNED_Z0), SIGNED_U, SIGNED_V)
    with pytest.raises(IIEInputError, match="^u: row 2 cannot reach its positive total"):
        ras([[1.0, 1.0], [0.0, 0.0]], [1, 1], [1, 1])
    with pytest.raises(IIEInputError, match="^max_iter: must be a whole number"):
        ras(MB_A0, [1, 1, 1], [1, 1, 1], max_iter=2.5)
    with pytest.raises(IIEInputError, match="^tol: must be a positive number"):
        ras(MB_A0, [1, 1, 1], [1, 1, 1], tol=0)
    with pytest.raises(IIEInputError, match="^row_totals: 2 values, expected 3"):
        ras(MB_A0, [1, 1], [1, 1, 1], u_name="row_totals")
