"""The Leontief inverse L = (I − A)⁻¹ and selected columns of it (METHOD.md §2 step 3).

``calc_L`` forms the whole matrix (LEONTIEF_INV returns it). ``LeontiefSolver``
LU-factorises I − A once and solves for any set of columns, which is what the
penetration step needs: m columns of an (n+m)-square system, O(n³/3) once plus
O(n²) per column, never the whole inverse.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.linalg

from ..errors import IIEInputError
from . import checks


def check_productive(A, name: str = "A") -> np.ndarray:
    """A must be non-negative with spectral radius ρ(A) < 1 (a productive economy).

    For A ≥ 0, ρ(A) ≤ max column sum, so the eigenvalues are only computed when
    some column sum reaches 1.
    """
    A = checks.matrix(name, A, square=True)
    checks.nonnegative(name, A)
    colsum = A.sum(axis=0)
    if colsum.max() >= 1.0:
        rho = float(np.max(np.abs(np.linalg.eigvals(A))))
        if rho >= 1.0:
            j = int(np.argmax(colsum))
            raise IIEInputError(
                name, f"not productive: spectral radius {rho:.6g} ≥ 1 (column {j + 1} sums to "
                f"{colsum[j]:.6g}); the Leontief inverse does not exist or is not non-negative")
    return A


def calc_L(A, name: str = "A") -> np.ndarray:
    """L = (I − A)⁻¹, the whole Leontief inverse.

    l_ij is the output of sector i needed per unit of final use of sector j.
    """
    A = check_productive(A, name)
    return LeontiefSolver(A, name=name, checked=True).inverse()


class LeontiefSolver:
    """LU factorisation of I − A; ``columns(j)`` returns L[:, j] without forming L.

    ``x = solver.solve(f)`` solves (I − A) x = f for one or several right-hand sides.
    """

    def __init__(self, A, *, name: str = "A", checked: bool = False):
        A = np.asarray(A, dtype=float) if checked else check_productive(A, name)
        self.n = A.shape[0]
        self.name = name
        I_A = np.eye(self.n) - A
        with warnings.catch_warnings():
            warnings.simplefilter("error", scipy.linalg.LinAlgWarning)
            try:
                self._lu = scipy.linalg.lu_factor(I_A, check_finite=False)
            except (scipy.linalg.LinAlgWarning, np.linalg.LinAlgError):
                raise IIEInputError(name, "I − A is singular (or numerically so)") from None
        diag = np.abs(np.diag(self._lu[0]))
        if diag.min() <= np.finfo(float).eps * self.n * max(diag.max(), 1.0):
            raise IIEInputError(name, "I − A is singular (or numerically so)")

    def solve(self, rhs) -> np.ndarray:
        """x with (I − A) x = rhs (rhs a vector or an n×k matrix)."""
        return scipy.linalg.lu_solve(self._lu, np.asarray(rhs, dtype=float), check_finite=False)

    def columns(self, cols) -> np.ndarray:
        """L[:, cols] as an n×len(cols) matrix: solves (I − A) C = E_cols."""
        cols = np.atleast_1d(np.asarray(cols, dtype=int))
        E = np.zeros((self.n, len(cols)))
        E[cols, np.arange(len(cols))] = 1.0
        return self.solve(E)

    def inverse(self) -> np.ndarray:
        return self.solve(np.eye(self.n))
