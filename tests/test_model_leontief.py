"""Technical coefficients and the Leontief inverse (METHOD.md §2 steps 1 and 3).

Oracles: the textbook example of Miller & Blair, *Input-Output Analysis: Foundations and
Extensions*, 2nd ed. (2009), §2.3, whose numbers are printed in the book; pymrio's
``calc_A`` / ``calc_L`` (pymrio.tools.iomath, an independent implementation that uses
``numpy.linalg.inv``); and the accounting identity X = Z·1 + f of a real NBS table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pymrio
import pytest

from iiecon_xl.errors import IIEInputError
from iiecon_xl.model import LeontiefSolver, calc_A, calc_L, calc_M, calc_V, calc_Z, check_productive

# Miller & Blair (2009), §2.3, the two-sector example.
MB_Z = np.array([[150.0, 500.0], [200.0, 100.0]])
MB_X = np.array([1000.0, 2000.0])
MB_A = np.array([[0.15, 0.25], [0.20, 0.05]])
MB_L_4DP = np.array([[1.2541, 0.3300], [0.2640, 1.1221]])


def test_miller_blair_coefficients():
    """A = Z diag(X)⁻¹: 150/1000 = 0.15, 500/2000 = 0.25, 200/1000 = 0.20, 100/2000 = 0.05.

    These are the coefficients printed in Miller & Blair §2.3.
    """
    np.testing.assert_allclose(calc_A(MB_Z, MB_X), MB_A, rtol=0, atol=1e-15)


def test_miller_blair_leontief_inverse_printed_values():
    """Miller & Blair §2.3 print L = [[1.2541, 0.3300], [0.2640, 1.1221]] (4 decimals).

    I − A = [[0.85, −0.25], [−0.20, 0.95]], det = 0.85·0.95 − 0.25·0.20 = 0.7575, so
    L = (1/0.7575)·[[0.95, 0.25], [0.20, 0.85]]
      = [[1.254125…, 0.330033…], [0.264026…, 1.122112…]].
    """
    L = calc_L(calc_A(MB_Z, MB_X))
    np.testing.assert_array_equal(np.round(L, 4), MB_L_4DP)


def test_miller_blair_leontief_inverse_exact():
    """The exact 2×2 inverse by the adjugate formula, L = adj(I − A) / det(I − A), det = 0.7575."""
    det = 0.85 * 0.95 - 0.25 * 0.20
    assert det == pytest.approx(0.7575, abs=1e-15)
    exact = np.array([[0.95, 0.25], [0.20, 0.85]]) / det
    np.testing.assert_allclose(calc_L(MB_A), exact, rtol=1e-14)


def test_miller_blair_solver_columns_and_solve():
    """``LeontiefSolver.columns`` returns columns of the same inverse without forming it, and
    ``solve`` recovers output from final demand.

    Row sums of Z are 150 + 500 = 650 and 200 + 100 = 300, so the book's final demand is
    f = X − Z·1 = (350, 1700), and (I − A)⁻¹ f must give back X = (1000, 2000): the
    identity X = Z·1 + f the table is built on.
    """
    solver = LeontiefSolver(MB_A)
    L = calc_L(MB_A)
    np.testing.assert_allclose(solver.columns([1]), L[:, [1]], rtol=1e-14)
    np.testing.assert_allclose(solver.columns([1, 0]), L[:, [1, 0]], rtol=1e-14)
    np.testing.assert_allclose(solver.inverse(), L, rtol=1e-14)
    f = MB_X - MB_Z.sum(axis=1)
    np.testing.assert_array_equal(f, [350.0, 1700.0])
    np.testing.assert_allclose(solver.solve(f), MB_X, rtol=1e-13)


def test_calc_M_V_Z_miller_blair():
    """M = column sums of Z = (350, 600); V = X − M = (650, 1400); Z = A diag(X) returns the flows."""
    M = calc_M(MB_Z)
    np.testing.assert_array_equal(M, [350.0, 600.0])
    np.testing.assert_array_equal(calc_V(MB_X, M), [650.0, 1400.0])
    np.testing.assert_allclose(calc_Z(MB_A, MB_X), MB_Z, rtol=1e-15)


def test_pymrio_oracle_on_bundled_test_system():
    """pymrio's own A and L of its bundled 48-sector test MRIO (``load_test().calc_all()``)
    are computed by pymrio (Z·diag(1/x), numpy.linalg.inv); ours must agree to rtol 1e-9,
    and so must pymrio's functions called directly on the same Z and x.
    """
    io = pymrio.load_test()
    io.calc_all()
    Z, x = io.Z, io.x
    assert isinstance(Z, pd.DataFrame) and Z.shape == (48, 48)
    A = calc_A(Z, x)  # x is a 48×1 frame: accepted as a vector
    np.testing.assert_allclose(A, io.A.to_numpy(), rtol=1e-9, atol=0)
    np.testing.assert_allclose(A, pymrio.calc_A(Z.to_numpy(), x.to_numpy()[:, 0]), rtol=1e-9, atol=0)
    L = calc_L(A)
    np.testing.assert_allclose(L, io.L.to_numpy(), rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(L, pymrio.calc_L(io.A.to_numpy()), rtol=1e-9, atol=1e-15)
    cols = [0, 7, 47]
    np.testing.assert_allclose(LeontiefSolver(A).columns(cols), io.L.to_numpy()[:, cols], rtol=1e-9, atol=1e-15)


def test_pymrio_oracle_on_nbs_2017(io2017):
    """On the real 149-sector NBS 2017 table (万元) pymrio's calc_A / calc_L and ours agree
    to rtol 1e-9 (pymrio inverts with numpy.linalg.inv, we LU-solve: two routes to one matrix).
    """
    A = calc_A(io2017.Z, io2017.X)
    A_ref = pymrio.calc_A(io2017.Z, io2017.X)
    np.testing.assert_allclose(A, A_ref, rtol=1e-9, atol=0)
    L = calc_L(A)
    np.testing.assert_allclose(L, pymrio.calc_L(A_ref), rtol=1e-9, atol=1e-14)
    cols = [82, 87, 88, 120, 148]
    np.testing.assert_allclose(LeontiefSolver(A).columns(cols), L[:, cols], rtol=1e-12, atol=1e-15)


def test_nbs_2017_leontief_reproduces_gross_output(io2017):
    """The table is built on X = Z·1 + f (f = net final use), so L f = X for f = X − Z·1.

    This is an accounting identity of the published table, independent of any inverse code.
    """
    f = io2017.X - io2017.Z.sum(axis=1)
    x = LeontiefSolver(calc_A(io2017.Z, io2017.X)).solve(f)
    np.testing.assert_allclose(x, io2017.X, rtol=1e-9)


def test_nbs_2017_is_productive(io2017):
    """Every column of A sums to (intermediate input)/(output) < 1 in a table with positive
    value added, so the economy is productive and L ≥ I elementwise (L = I + A + A² + …)."""
    A = calc_A(io2017.Z, io2017.X)
    assert (io2017.V > 0).all()
    assert A.sum(axis=0).max() < 1.0
    check_productive(A)
    L = calc_L(A)
    assert (L >= np.eye(len(A)) - 1e-12).all()


def test_zero_output_sector_gives_zero_column():
    """Zero-output rule (METHOD.md §2 step 1, "a column with X_j = 0 gives zeros"): a sector
    with X = 0 that buys nothing gets a zero A column, and L is still the inverse of I − A.

    pymrio applies the same convention (1/0 → 0), so it is the oracle for A; for L the
    masked sector is a pure identity column: nobody's production requires it (its row
    is zero too) and it requires nothing, so L[:, 2] = e_3 and L[2, :] = e_3.
    """
    Z = np.array([[150.0, 500.0, 0.0], [200.0, 100.0, 0.0], [0.0, 0.0, 0.0]])
    X = np.array([1000.0, 2000.0, 0.0])
    A = calc_A(Z, X)
    np.testing.assert_array_equal(A[:, 2], 0.0)
    np.testing.assert_allclose(A, pymrio.calc_A(Z, X), rtol=0, atol=1e-15)
    L = calc_L(A)
    np.testing.assert_allclose(L[:2, :2], calc_L(MB_A), rtol=1e-14)
    np.testing.assert_allclose(L[:, 2], [0, 0, 1], atol=1e-15)
    np.testing.assert_allclose(L[2, :], [0, 0, 1], atol=1e-15)


def test_zero_output_sector_that_buys_inputs_is_an_error():
    """A sector with no output cannot buy inputs: a non-zero Z column over X_j = 0 is an input
    error (never patched with a tiny X), and the message names X and the sector (3rd)."""
    Z = np.array([[150.0, 500.0, 1.0], [200.0, 100.0, 0.0], [0.0, 0.0, 0.0]])
    X = np.array([1000.0, 2000.0, 0.0])
    with pytest.raises(IIEInputError, match=r"^X: sector 3 has zero output"):
        calc_A(Z, X)


def test_productive_despite_a_column_sum_above_one():
    """Productivity is ρ(A) < 1, not "every column sums below 1": A = [[0, 2], [0.1, 0]] has a
    column summing to 2 but eigenvalues ±√0.2 ≈ ±0.447, so it is accepted, and
    L = (1/(1 − 0.2))·[[1, 2], [0.1, 1]] = [[1.25, 2.5], [0.125, 1.25]] (det(I − A) = 0.8)."""
    A = np.array([[0.0, 2.0], [0.1, 0.0]])
    np.testing.assert_allclose(calc_L(A), [[1.25, 2.5], [0.125, 1.25]], rtol=1e-14)
