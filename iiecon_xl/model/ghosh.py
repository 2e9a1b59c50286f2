"""The supply-side (Ghosh) model: B = X̂⁻¹ Z and G = (I − B)⁻¹ = X̂⁻¹ L X̂.

    b_ij = z_ij / x_i          (allocation coefficients: the share of i's output sold to j)
    G    = (I − B)⁻¹           (Ghosh inverse: output of j per unit of primary input in i)
    x'   = v' G                (the supply-side model, v the primary inputs)

Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., §12.1 (the supply-side model) derive
G = X̂⁻¹ L X̂ from B = X̂⁻¹ A X̂: where the Leontief inverse L is known, G costs two diagonal
scalings instead of a second n×n inversion — the route pymrio's ``calc_G(B, L, x)`` takes too.

Zero-output rule (masked, as in :mod:`.coefficients`): a sector with x_i = 0 has a zero row in
B, and neither buys nor sells; its row and column of G are those of the identity.
"""

from __future__ import annotations

import numpy as np

from ..errors import IIEInputError
from . import checks
from .coefficients import calc_A, output_mask
from .leontief import calc_L


def calc_B(Z, X, *, z_name: str = "Z", x_name: str = "X") -> np.ndarray:
    """b_ij = z_ij / x_i, with a zero row where x_i = 0 (Miller & Blair 2009, §12.1).

    Z must be square, non-negative and finite, X non-negative of the same size; a sector that
    sells in Z (row i) while its output is zero is an input error.
    """
    Z = checks.matrix(z_name, Z, square=True)
    n = Z.shape[0]
    X = checks.vector(x_name, X, n, against=z_name)
    checks.nonnegative(z_name, Z)
    checks.nonnegative(x_name, X)
    keep = output_mask(X)
    orphan = (~keep) & (Z.sum(axis=1) > 0)
    if orphan.any():
        i = int(np.flatnonzero(orphan)[0])
        raise IIEInputError(x_name, f"sector {i + 1} has zero output but sells in {z_name} (row {i + 1})")
    B = np.zeros_like(Z)
    B[keep, :] = Z[keep, :] / X[keep, np.newaxis]
    return B


def ghosh_from_leontief(L, X) -> np.ndarray:
    """G = X̂⁻¹ L X̂ (Miller & Blair 2009, §12.1), identity rows and columns where x = 0.

    ``L`` is the Leontief inverse of the same table; nothing is inverted here.
    """
    L = np.asarray(L, dtype=float)
    X = np.asarray(X, dtype=float)
    keep = output_mask(X)
    inv_x = np.zeros_like(X)
    inv_x[keep] = 1.0 / X[keep]
    G = inv_x[:, np.newaxis] * L * X[np.newaxis, :]
    zero = np.flatnonzero(~keep)
    G[zero, :] = 0.0
    G[:, zero] = 0.0
    G[zero, zero] = 1.0
    return G


def ghosh_inverse(Z, X, *, z_name: str = "Z", x_name: str = "X") -> np.ndarray:
    """G = (I − B)⁻¹ of flows Z and outputs X, derived from L = (I − A)⁻¹ (see the module).

    Validates like :func:`calc_B` (and, through A, like :func:`~.coefficients.calc_A`); the
    economy must be productive (ρ(A) < 1, which is ρ(B) < 1: B and A are similar).
    """
    calc_B(Z, X, z_name=z_name, x_name=x_name)  # the checks of B: no seller without output
    A = calc_A(Z, X, z_name=z_name, x_name=x_name)
    return ghosh_from_leontief(calc_L(A, name=z_name), checks.vector(x_name, X))
