"""Technical coefficients: A = Z · diag(X)⁻¹  (METHOD.md §2 step 1).

Zero-output rule (masked): a sector with X_j = 0 has a zero column in A. Such a
column must also be zero in Z — a sector with no output cannot buy inputs — and so must
its row (it cannot sell): a non-zero Z column or row over X_j = 0 is an input error, never
patched with a tiny number.
"""

from __future__ import annotations

import numpy as np

from . import checks


def calc_M(Z) -> np.ndarray:
    """M_j = Σ_i z_ij: total intermediate input of each sector (column sums of Z)."""
    return checks.matrix("Z", Z, square=True).sum(axis=0)


def calc_V(X, M) -> np.ndarray:
    """V = X − M: value added (total input less intermediate input), METHOD.md §0."""
    X = checks.vector("X", X)
    return X - checks.vector("M", M, X.shape[0])


def output_mask(X) -> np.ndarray:
    """True where X_j > 0: the sectors the zero-output rule keeps (METHOD.md §2 step 1)."""
    return np.asarray(X, dtype=float) > 0


def calc_A(Z, X, *, z_name: str = "Z", x_name: str = "X") -> np.ndarray:
    """a_ij = z_ij / X_j, with a zero column where X_j = 0 (METHOD.md §2 step 1).

    Raises :class:`IIEInputError` for a non-square or non-finite Z, an X of the
    wrong length, and impossible economics (:func:`.checks.io_table`: negative flows
    or totals, X_j below the column sum of Z, a zero-output sector that buys or sells).
    """
    Z = checks.matrix(z_name, Z, square=True)
    n = Z.shape[0]
    X = checks.vector(x_name, X, n, against=z_name)
    checks.io_table(z_name, Z, x_name, X)
    keep = output_mask(X)
    A = np.zeros_like(Z)
    A[:, keep] = Z[:, keep] / X[keep]
    return A


def calc_Z(A, X) -> np.ndarray:
    """z_ij = a_ij X_j: flows back from coefficients."""
    A = checks.matrix("A", A, square=True)
    return A * checks.vector("X", X, A.shape[0], against="A")[np.newaxis, :]
