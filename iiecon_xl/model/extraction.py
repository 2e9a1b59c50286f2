"""Hypothetical extraction of one or several sectors S: the output and value added lost.

    base           x  = (I − A)⁻¹ f                 x'_s = v' (I − B)⁻¹   (Ghosh, v primary inputs)
    backward       Ā = A with the columns S set to 0,   x̄_b = (I − Ā)⁻¹ f
    forward        B̄ = B with the rows S set to 0,      x̄'_f = v' (I − B̄)⁻¹
    total          rows and columns S (and f_S) removed, x̄_t = (I − A_RR)⁻¹ f_R,  x̄_t,S = 0
    output loss    i'(x − x̄)          value added lost   v_c'(x − x̄),  v_c,j = v_j / x_j

Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., §12.2 (hypothetical extraction, after
Paelinck, de Caevel & Degueldre 1965; Strassert 1968; Dietzenbacher, van der Linden & Steenge
1993): the backward linkage of S is the loss when S buys no intermediate inputs, the forward
linkage the loss when S sells none (in the supply-side model, :mod:`.ghosh`), the total linkage
the loss when S disappears with its final demand. Value added is carried at the base-year ratios
v_c (the extraction changes quantities, not the ratios).

Each baseline is computed by the same route as its extraction, so that extracting nothing loses
exactly nothing. With a balanced table (x = Z·1 + f, x' = 1'Z + v') both baselines are X.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import IIEInputError
from ..parameters import EXTRACTION_KINDS
from . import checks
from .coefficients import calc_A, output_mask
from .ghosh import calc_B
from .leontief import LeontiefSolver

#: The extraction kinds, in the row order of :meth:`Extraction.table` (from :mod:`iiecon_xl.parameters`).
KINDS = EXTRACTION_KINDS


@dataclass(frozen=True)
class Extraction:
    """Outputs before and after extracting ``sectors`` (n-vectors) and the value-added ratios."""

    sectors: np.ndarray      # 0-based positions extracted together
    x: np.ndarray            # base output, demand side: (I − A)⁻¹ f
    x_supply: np.ndarray     # base output, supply side: ((I − B)ᵀ)⁻¹ v
    x_backward: np.ndarray
    x_forward: np.ndarray
    x_total: np.ndarray      # 0 at the extracted sectors
    v_c: np.ndarray          # value added per unit of output

    def outputs(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """(base, after) output vectors of one extraction kind."""
        if kind not in KINDS:
            raise IIEInputError("kind", f"unknown extraction {kind!r}; use one of {', '.join(KINDS)}")
        after = {"backward": self.x_backward, "forward": self.x_forward, "total": self.x_total}[kind]
        return (self.x_supply if kind == "forward" else self.x), after

    def output_loss(self, kind: str) -> float:
        """i'(x − x̄)."""
        base, after = self.outputs(kind)
        return float((base - after).sum())

    def va_loss(self, kind: str) -> float:
        """v_c'(x − x̄)."""
        base, after = self.outputs(kind)
        return float(self.v_c @ (base - after))

    def table(self) -> np.ndarray:
        """3×4, rows backward, forward, total: output loss, % of base output, value added lost,
        % of base value added."""
        rows = []
        for kind in KINDS:
            base, _ = self.outputs(kind)
            out, va = self.output_loss(kind), self.va_loss(kind)
            tot_x, tot_v = base.sum(), self.v_c @ base
            rows.append([out, 100.0 * out / tot_x if tot_x else 0.0, va, 100.0 * va / tot_v if tot_v else 0.0])
        return np.array(rows)


def extraction(Z, X, f=None, sectors=(), V=None, *, z_name: str = "Z", x_name: str = "X",
               f_name: str = "f") -> Extraction:
    """Backward, forward and total extraction of ``sectors`` (0-based, extracted together).

    ``f``: final demand (default X − Z·1, the table's own); ``V``: value added / primary inputs
    (default X − column sums of Z). See the module docstring for the formulas.
    """
    A = calc_A(Z, X, z_name=z_name, x_name=x_name)
    B = calc_B(Z, X, z_name=z_name, x_name=x_name)
    n = A.shape[0]
    X = checks.vector(x_name, X, n, against=z_name)
    Zm = np.asarray(Z, dtype=float)
    f = X - Zm.sum(axis=1) if f is None else checks.vector(f_name, f, n, against=z_name)
    V = X - Zm.sum(axis=0) if V is None else checks.value_added("V", checks.vector("V", V, n, against=z_name),
                                                                  x_name, X)
    S = checks.indices("sectors", sectors, n)
    keep = np.setdiff1d(np.arange(n), S)
    LeontiefSolver(A, name=z_name)  # productive and non-singular, or an error naming Z

    def demand(M, rhs):
        return LeontiefSolver(M, name=z_name, checked=True).solve(rhs)

    A_b = A.copy()
    A_b[:, S] = 0.0
    B_f = B.copy()
    B_f[S, :] = 0.0
    x_total = np.zeros(n)
    if len(keep):
        x_total[keep] = demand(A[np.ix_(keep, keep)], f[keep])
    v_c = np.zeros(n)
    mask = output_mask(X)
    v_c[mask] = V[mask] / X[mask]
    return Extraction(sectors=S, x=demand(A, f), x_supply=demand(B.T, V), x_backward=demand(A_b, f),
                      x_forward=demand(B_f.T, V), x_total=x_total, v_c=v_c)
