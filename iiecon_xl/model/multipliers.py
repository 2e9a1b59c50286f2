"""Output, value-added, employment and income multipliers, Type I and Type II.

    L = (I − A)⁻¹,   c_j = C_j / x_j            (value added, employment or labour income per output)
    simple multiplier      m_j   = Σ_i c_i l_ij        (c = 1 for output: the column sum of L)
    Type I  ratio          m_j / c_j
    closed model  Ā = [[A, h_c], [h_r, h_hh]],  L̄ = (I − Ā)⁻¹,
        h_r,j = household_row_j / x_j,  h_c,i = household_col_i / x_h  (x_h total household income)
    total multiplier       m̄_j   = Σ_{i≤n} c_i l̄_ij     (income: m̄_j = l̄_{n+1,j})
    Type II ratio          m̄_j / c_j

Effects (Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., ch. 6, "initial, first-round,
industrial-support and consumption-induced" effects): initial c_j; direct (first round)
Σ_i c_i a_ij; indirect m_j − c_j − Σ_i c_i a_ij; induced m̄_j − m_j. Households are closed as in
Miller & Blair §2.5 (open and closed models); the household row of L̄ gives the Type II income
multiplier, and its ratio to the Type I one is l̄_{n+1,n+1}, the same for every sector (ch. 6).

Zero-output rule (masked): a sector with x_j = 0 (or c_j = 0) has ratios set to 0 and ``masked``
True — a ratio to a zero initial effect is not defined.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import IIEInputError
from ..parameters import MULTIPLIER_MEASURES
from . import checks
from .coefficients import calc_A, output_mask
from .leontief import calc_L

#: The measures :func:`io_multipliers` returns (defined in :mod:`iiecon_xl.parameters`).
MEASURES = MULTIPLIER_MEASURES


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros_like(num)
    np.divide(num, den, out=out, where=den != 0)
    return out


@dataclass(frozen=True)
class MultiplierEffects:
    """One multiplier per sector j, split into its effects (all n-vectors; ``induced`` is None
    for the open model)."""

    initial: np.ndarray    # c_j (1 for output)
    direct: np.ndarray     # Σ_i c_i a_ij, the first-round effect
    indirect: np.ndarray   # m_j − c_j − Σ_i c_i a_ij, the industrial-support effect
    induced: np.ndarray | None = None  # m̄_j − m_j, the consumption-induced effect

    @property
    def simple(self) -> np.ndarray:
        """m_j = initial + direct + indirect = Σ_i c_i l_ij (the open-model multiplier)."""
        return self.initial + self.direct + self.indirect

    @property
    def total(self) -> np.ndarray | None:
        """m̄_j = m_j + induced (the closed-model multiplier), None without households."""
        return None if self.induced is None else self.simple + self.induced

    @property
    def masked(self) -> np.ndarray:
        """True where the initial effect is 0, so the Type I / II ratios are set to 0."""
        return self.initial == 0

    @property
    def type_I(self) -> np.ndarray:
        """m_j / c_j (Type I ratio)."""
        return _ratio(self.simple, self.initial)

    @property
    def type_II(self) -> np.ndarray | None:
        """m̄_j / c_j (Type II ratio), None without households."""
        return None if self.induced is None else _ratio(self.total, self.initial)

    def table(self) -> np.ndarray:
        """n×k: initial, direct, indirect, [induced], simple, [total], Type I, [Type II]."""
        cols = [self.initial, self.direct, self.indirect]
        if self.induced is None:
            cols += [self.simple, self.type_I]
        else:
            cols += [self.induced, self.simple, self.total, self.type_I, self.type_II]
        return np.column_stack(cols)


@dataclass(frozen=True)
class IOMultipliers:
    """The multipliers of one table: ``output`` and ``value_added`` always, ``employment`` when
    employment was given, ``income`` when the household row and column were given."""

    output: MultiplierEffects
    value_added: MultiplierEffects
    employment: MultiplierEffects | None
    income: MultiplierEffects | None
    L: np.ndarray
    L_bar: np.ndarray | None  # (n+1)² closed-model inverse, None without households

    def measure(self, kind: str) -> MultiplierEffects:
        """The multiplier named ``kind`` (one of :data:`MEASURES`)."""
        if kind not in MEASURES:
            raise IIEInputError("kind", f"unknown multiplier {kind!r}; use one of {', '.join(MEASURES)}")
        m = getattr(self, kind)
        if m is None:
            need = "employment" if kind == "employment" else "household_row and household_col"
            raise IIEInputError("kind", f"{kind} multipliers need {need}")
        return m


def _effects(c: np.ndarray, A: np.ndarray, L: np.ndarray, closed_total: np.ndarray | None) -> MultiplierEffects:
    first = c @ A
    simple = c @ L
    induced = None if closed_total is None else closed_total - simple
    return MultiplierEffects(initial=c.copy(), direct=first, indirect=simple - c - first, induced=induced)


def _per_output(name: str, values, X: np.ndarray, against: str) -> np.ndarray:
    v = checks.vector(name, values, len(X), against=against)
    out = np.zeros_like(X)
    keep = output_mask(X)
    out[keep] = v[keep] / X[keep]
    return out


def closed_inverse(A, X, household_row, household_col, household_total=None, *,
                   z_name: str = "Z") -> tuple[np.ndarray, np.ndarray]:
    """(L̄, h_r): the inverse of the model closed with respect to households, and the labour-income
    coefficients h_r (Miller & Blair 2009, §2.5).

    ``household_row``: labour income paid by each sector (n values; an (n+1)-th value is what
    households pay households, z_{n+1,n+1}); ``household_col``: household consumption of each
    sector's output (n values, or n+1 with z_{n+1,n+1} last); ``household_total``: total
    household income x_h (default: the sum of ``household_row``).
    """
    n = A.shape[0]
    row = checks.nonnegative("household_row", checks.vector("household_row", household_row))
    col = checks.nonnegative("household_col", checks.vector("household_col", household_col))
    for name, v in (("household_row", row), ("household_col", col)):
        if len(v) not in (n, n + 1):
            raise IIEInputError(name, f"{len(v)} values, but {z_name} is {n}×{n} (give {n} or {n + 1})")
    z_hh = [v[n] for v in (row, col) if len(v) == n + 1]
    if len(z_hh) == 2 and not np.isclose(z_hh[0], z_hh[1], rtol=1e-12, atol=0):
        raise IIEInputError("household_col", f"households' own purchase {z_hh[1]:g} differs from "
                            f"household_row's {z_hh[0]:g}")
    z_hh = z_hh[0] if z_hh else 0.0
    x_h = float(row[:n].sum() + z_hh) if household_total is None else float(household_total)
    if not np.isfinite(x_h) or x_h <= 0:
        raise IIEInputError("household_total", f"total household income must be positive, got {x_h:g}")
    h_r = _per_output("household_row", row[:n], X, z_name)
    A_bar = np.zeros((n + 1, n + 1))
    A_bar[:n, :n] = A
    A_bar[:n, n] = col[:n] / x_h
    A_bar[n, :n] = h_r
    A_bar[n, n] = z_hh / x_h
    return calc_L(A_bar, name="household_col"), h_r


def io_multipliers(Z, X, V=None, E=None, household_row=None, household_col=None, household_total=None, *,
                z_name: str = "Z", x_name: str = "X") -> IOMultipliers:
    """Multipliers of flows Z and outputs X (see the module docstring for the formulas).

    ``V``: value added by sector (default X − column sums of Z); ``E``: employment by sector
    (optional); ``household_row`` and ``household_col`` (both or neither): close the model with
    respect to households for the Type II multipliers and the income multipliers.
    """
    A = calc_A(Z, X, z_name=z_name, x_name=x_name)
    n = A.shape[0]
    X = checks.vector(x_name, X, n, against=z_name)
    L = calc_L(A, name=z_name)
    if (household_row is None) != (household_col is None):
        missing = "household_col" if household_col is None else "household_row"
        raise IIEInputError(missing, "give the household row and column together (or neither)")
    L_bar = h_r = None
    if household_row is not None:
        L_bar, h_r = closed_inverse(A, X, household_row, household_col, household_total, z_name=z_name)
    L_nn = None if L_bar is None else L_bar[:n, :n]

    def effects(c):
        return _effects(c, A, L, None if L_nn is None else c @ L_nn)

    V = X * (1.0 - A.sum(axis=0)) if V is None else checks.value_added(
        "V", checks.vector("V", V, n, against=z_name), x_name, X)
    return IOMultipliers(
        output=effects(np.ones(n)),
        value_added=effects(_per_output("V", V, X, z_name)),
        employment=None if E is None else effects(_per_output("E", checks.nonnegative(
            "E", checks.vector("E", E, n, against=z_name)), X, z_name)),
        income=None if h_r is None else _effects(h_r, A, L, L_bar[n, :n]),
        L=L, L_bar=L_bar)
