"""Backward and forward linkages, their coefficients of variation and the key sectors.

    BL(d)_j = Σ_i a_ij               FL(d)_i = Σ_j b_ij            (direct linkages)
    BL(t)_j = Σ_i l_ij               FL(t)_i = Σ_j g_ij            (total linkages)
    BL_j = BL(t)_j / ((1/n) Σ_j BL(t)_j)     FL_i = FL(t)_i / ((1/n) Σ_i FL(t)_i)

BL_j is Rasmussen's (1956) power of dispersion, FL_i his sensitivity of dispersion; the total
forward linkage is taken from the Ghosh inverse G (Miller & Blair 2009, *Input-Output Analysis*,
2nd ed., §12.2, following Beyers 1976 and Jones 1976), or, with ``kind="leontief"``, from the
row sums of L as Rasmussen did. A normalised linkage above 1 is above the average sector.

Coefficients of variation (Rasmussen 1956; Miller & Blair §12.2):

    V_j(BL) = sqrt( 1/(n−1) Σ_i (l_ij − l̄_·j)² ) / l̄_·j,   l̄_·j = (1/n) Σ_i l_ij
    V_i(FL) = sqrt( 1/(n−1) Σ_j (g_ij − ḡ_i·)² ) / ḡ_i·,   ḡ_i· = (1/n) Σ_j g_ij

A low V means the sector's pull (push) is spread evenly over the economy.

Key-sector classification (Miller & Blair §12.2, after Chenery & Watanabe 1958):
"key" BL > 1 and FL > 1 (generally dependent on other sectors); "backward" BL > 1 ≥ FL
(dependent on interindustry supply); "forward" FL > 1 ≥ BL (dependent on interindustry demand);
"weak" both ≤ 1 (generally independent).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import IIEInputError
from ..parameters import FORWARD_BASES
from . import checks
from .coefficients import calc_A
from .ghosh import calc_B, ghosh_from_leontief
from .leontief import calc_L

# FORWARD_BASES (the bases of the total forward linkage) is defined in iiecon_xl.parameters.
#: Key-sector classes, in the order of their codes 1–4 in :meth:`Linkages.table`.
CLASSES = ("key", "backward", "forward", "weak")


@dataclass(frozen=True)
class Linkages:
    """Linkages of the n sectors (all n-vectors)."""

    BL_direct: np.ndarray   # Σ_i a_ij
    FL_direct: np.ndarray   # Σ_j b_ij
    BL_total: np.ndarray    # Σ_i l_ij
    FL_total: np.ndarray    # Σ_j g_ij (or Σ_j l_ij)
    BL: np.ndarray          # normalised: power of dispersion
    FL: np.ndarray          # normalised: sensitivity of dispersion
    cv_BL: np.ndarray       # coefficient of variation of column j of L
    cv_FL: np.ndarray       # coefficient of variation of row i of G (or L)

    @property
    def key(self) -> np.ndarray:
        """The class of each sector, one of :data:`CLASSES`."""
        return np.array(CLASSES, dtype=object)[self.class_code - 1]

    @property
    def class_code(self) -> np.ndarray:
        """1 key, 2 backward, 3 forward, 4 weak (the position in :data:`CLASSES`, from 1)."""
        back, fwd = self.BL > 1.0, self.FL > 1.0
        return np.select([back & fwd, back, fwd], [1, 2, 3], default=4)

    def table(self) -> np.ndarray:
        """n×9: BL(d), FL(d), BL(t), FL(t), BL, FL, V(BL), V(FL), class code."""
        return np.column_stack([self.BL_direct, self.FL_direct, self.BL_total, self.FL_total, self.BL,
                                self.FL, self.cv_BL, self.cv_FL, self.class_code])


def normalised(total: np.ndarray) -> np.ndarray:
    """total_j / mean(total): 1 for the average sector."""
    mean = total.mean()
    return total / mean if mean != 0 else np.zeros_like(total)


def coefficient_of_variation(M: np.ndarray, axis: int) -> np.ndarray:
    """sqrt(1/(n−1) Σ (m − m̄)²) / m̄ along ``axis`` (columns: axis 0); 0 for n = 1 or m̄ = 0."""
    n = M.shape[axis]
    mean = M.mean(axis=axis)
    if n < 2:
        return np.zeros_like(mean)
    sd = M.std(axis=axis, ddof=1)
    out = np.zeros_like(mean)
    np.divide(sd, mean, out=out, where=mean != 0)
    return out


def linkages(Z, X, *, kind: str = "ghosh", z_name: str = "Z", x_name: str = "X") -> Linkages:
    """Direct, total and normalised linkages of flows Z and outputs X (see the module docstring).

    ``kind``: the basis of the forward linkages, "ghosh" (default; row sums of G = X̂⁻¹ L X̂) or
    "leontief" (row sums of L, Rasmussen's original measure).
    """
    if kind not in FORWARD_BASES:
        raise IIEInputError("kind", f"unknown forward-linkage basis {kind!r}; use one of "
                            f"{', '.join(FORWARD_BASES)}")
    A = calc_A(Z, X, z_name=z_name, x_name=x_name)
    B = calc_B(Z, X, z_name=z_name, x_name=x_name)
    L = calc_L(A, name=z_name)
    F = ghosh_from_leontief(L, checks.vector(x_name, X)) if kind == "ghosh" else L
    BL_t, FL_t = L.sum(axis=0), F.sum(axis=1)
    return Linkages(BL_direct=A.sum(axis=0), FL_direct=B.sum(axis=1), BL_total=BL_t, FL_total=FL_t,
                    BL=normalised(BL_t), FL=normalised(FL_t), cv_BL=coefficient_of_variation(L, 0),
                    cv_FL=coefficient_of_variation(F, 1))
