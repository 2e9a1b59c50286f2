"""Bringing a base table to new margins: RAS, and GRAS for tables with negative entries.

    RAS    Z = r̂ Z⁰ ŝ,                      Z 1 = u,  1'Z = v'
           r_i = u_i / Σ_j z⁰_ij s_j,        s_j = v_j / Σ_i r_i z⁰_ij        (alternately)
    GRAS   Z⁰ = P − N  (P, N ≥ 0 the positive and negative parts),
           Z = r̂ P ŝ − r̂⁻¹ N ŝ⁻¹,
           r_i = (u_i + √(u_i² + 4 p_i n_i)) / (2 p_i),  p_i = Σ_j p_ij s_j,  n_i = Σ_j n_ij / s_j
           (and the same for s_j with the column sums); r_i = −n_i / u_i where p_i = 0.

RAS: Stone (1961); Bacharach (1970); Miller & Blair (2009), *Input-Output Analysis*, 2nd ed.,
§7.4 (the numerical example of §7.4.2). RAS is the solution of min Σ z_ij ln(z_ij / z⁰_ij) under
the margins. GRAS: Junius & Oosterhaven (2003); Lenzen, Wood & Gallego (2007); in the corrected
form of Temurshoev, Miller & Bouwmeester (2013), "A note on the GRAS method", *Economic Systems
Research* 25(3), which minimises Σ |z⁰_ij| y_ij ln(y_ij / e), y_ij = z_ij / z⁰_ij.
On a table without negative entries GRAS is RAS.

Iterations are matrix-vector products with the base table (r̂ Z⁰ ŝ is formed once, at the end),
so n = 1,000 takes milliseconds per iteration. The error after an iteration is the largest gap
between a margin and its target, relative to the largest target (scale-free); the procedure has
converged when it is ≤ ``tol``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import IIEInputError
from ..parameters import RAS_MAX_ITER, RAS_TOL
from . import checks

#: Defaults of the iteration (RAS_UPDATE's optional arguments; from :mod:`iiecon_xl.parameters`).
MAX_ITER = RAS_MAX_ITER
TOL = RAS_TOL


@dataclass(frozen=True)
class Balanced:
    """A table brought to new margins, with the factors and how the iteration went."""

    table: np.ndarray   # r̂ P ŝ − r̂⁻¹ N ŝ⁻¹ (N = 0 for RAS)
    r: np.ndarray       # row factors
    s: np.ndarray       # column factors
    iterations: int
    max_error: float    # max |margin − target| / max |target|
    converged: bool
    method: str         # "RAS" or "GRAS"


def _factors(t: np.ndarray, p: np.ndarray, q: np.ndarray, name: str, what: str) -> np.ndarray:
    """The positive x with x·p − q/x = t for each element (p, q ≥ 0): the GRAS step.

    q = 0 gives the RAS step x = t / p. Margins that no positive x can reach are an input error.
    """
    x = np.ones_like(t)
    pos = p > 0
    d = np.sqrt(t * t + 4.0 * p * q)
    up = pos & (t >= 0)
    x[up] = (t[up] + d[up]) / (2.0 * p[up])
    down = pos & (t < 0)
    x[down] = 2.0 * q[down] / (d[down] - t[down])  # the same root, without cancellation
    only_neg = ~pos & (q > 0)
    x[only_neg & (t < 0)] = -q[only_neg & (t < 0)] / t[only_neg & (t < 0)]
    bad = (only_neg & (t >= 0)) | (~pos & (q == 0) & (t != 0)) | (down & (q == 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        sign = "positive" if t[i] > 0 else "negative" if t[i] < 0 else "zero"
        raise IIEInputError(name, f"{what} {i + 1} cannot reach its {sign} total {t[i]:g}: the entries "
                            "left to scale there do not have the sign it needs")
    return x


def _inv(x: np.ndarray) -> np.ndarray:
    out = np.zeros_like(x)
    np.divide(1.0, x, out=out, where=x != 0)
    return out


def _whole(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool) \
        and np.isfinite(x) and float(x).is_integer()


def _positive(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool) \
        and np.isfinite(x) and x > 0


def _check(Z0, u, v, names: tuple[str, str, str], max_iter, tol) -> tuple[np.ndarray, ...]:
    z_name, u_name, v_name = names
    Z0 = checks.matrix(z_name, Z0)
    u = checks.vector(u_name, u, Z0.shape[0])
    v = checks.vector(v_name, v, Z0.shape[1])
    if not _whole(max_iter) or max_iter < 1:
        raise IIEInputError("max_iter", f"must be a whole number ≥ 1, got {max_iter!r}")
    if not _positive(tol):
        raise IIEInputError("tol", f"must be a positive number, got {tol!r}")
    scale = max(np.abs(u).max(), np.abs(v).max(), np.finfo(float).tiny)
    if abs(u.sum() - v.sum()) > 1e-9 * max(scale, abs(u.sum())):
        raise IIEInputError(v_name, f"sum {v.sum():.12g}, but {u_name} sums to {u.sum():.12g}: "
                            "the margins must have the same grand total")
    return Z0, u, v, scale


def _iterate(P, N, u, v, scale, max_iter: int, tol: float, names) -> tuple:
    """Alternate the row and column steps; returns (r, s, iterations, error).

    Each iteration costs two matrix-vector products with P (and two with N for GRAS): the row
    sums at the new column factors serve both the error check and the next row step.
    """
    _, u_name, v_name = names

    def neg_rows(inv_s):
        return np.zeros(P.shape[0]) if N is None else N @ inv_s

    s = np.ones(P.shape[1])
    r = np.ones(P.shape[0])
    pr, nr = P @ s, neg_rows(s)
    err = np.inf
    for it in range(1, int(max_iter) + 1):
        r = _factors(u, pr, nr, u_name, "row")
        pc, nc = P.T @ r, (np.zeros_like(v) if N is None else N.T @ _inv(r))
        s = _factors(v, pc, nc, v_name, "column")
        pr, nr = P @ s, neg_rows(_inv(s))
        rows = r * pr - _inv(r) * nr
        cols = s * pc - _inv(s) * nc
        err = max(np.abs(rows - u).max(), np.abs(cols - v).max()) / scale
        if err <= tol:
            return r, s, it, float(err)
    return r, s, int(max_iter), float(err)


def _balance(Z0, u, v, max_iter, tol, strict: bool, names, signed: bool) -> Balanced:
    Z0, u, v, scale = _check(Z0, u, v, names, max_iter, tol)
    if not signed:
        checks.nonnegative(names[0], Z0)
        for name, t in zip(names[1:], (u, v)):
            if (t < 0).any():
                raise IIEInputError(name, "negative totals: use GRAS (RAS keeps every sign)")
    P, N = (np.maximum(Z0, 0.0), np.maximum(-Z0, 0.0)) if signed else (Z0, None)
    if N is not None and not N.any():
        N = None
    r, s, it, err = _iterate(P, N, u, v, scale, max_iter, tol, names)
    converged = err <= tol
    method = "GRAS" if signed else "RAS"
    if strict and not converged:
        raise IIEInputError("max_iter", f"{method} did not converge in {int(max_iter)} iterations: the largest "
                            f"margin error is {err:.3g} of the largest total, above tol = {tol:g} (the "
                            "margins may not fit the table's zero pattern; raise max_iter or tol)")
    table = r[:, np.newaxis] * P * s[np.newaxis, :]
    if N is not None:
        table -= _inv(r)[:, np.newaxis] * N * _inv(s)[np.newaxis, :]
    return Balanced(table=table, r=r, s=s, iterations=it, max_error=err, converged=converged, method=method)


def ras(Z0, u, v, *, max_iter: int = MAX_ITER, tol: float = TOL, strict: bool = True,
        z_name: str = "Z0", u_name: str = "u", v_name: str = "v") -> Balanced:
    """RAS: r̂ Z⁰ ŝ with row sums u and column sums v (Z⁰ ≥ 0, u, v ≥ 0, Σu = Σv).

    ``strict`` (default): raise :class:`IIEInputError` naming ``max_iter`` when the error is
    still above ``tol`` after ``max_iter`` iterations; otherwise return with ``converged`` False.
    """
    return _balance(Z0, u, v, max_iter, tol, strict, (z_name, u_name, v_name), signed=False)


def gras(Z0, u, v, *, max_iter: int = MAX_ITER, tol: float = TOL, strict: bool = True,
         z_name: str = "Z0", u_name: str = "u", v_name: str = "v") -> Balanced:
    """GRAS: r̂ P ŝ − r̂⁻¹ N ŝ⁻¹ with row sums u and column sums v, for a Z⁰ of any signs
    (Temurshoev, Miller & Bouwmeester 2013). Every entry keeps its sign; zeros stay zero."""
    return _balance(Z0, u, v, max_iter, tol, strict, (z_name, u_name, v_name), signed=True)
