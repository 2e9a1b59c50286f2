"""Argument checks shared by the model functions and the Excel functions.

Each helper takes the *name* of the argument it checks, so that every
:class:`~iiecon_xl.errors.IIEInputError` names what the caller passed
(``"Z: not square (149×148)"``). They return clean float arrays.

Besides the shapes and the numbers, the economics (METHOD.md §0–§2, §7): an IO table's
flows and outputs are non-negative, no sector uses more intermediate input than it produces
(X_j ≥ M_j), a sector of zero output neither buys nor sells, value added lies in [0, X_j],
a share lies in [0, 1], a year is a whole number of :data:`PLAUSIBLE_YEARS`. The bounds on
sums allow :data:`BOUND_RTOL`: the NBS tables of 2017 (149 and 42 sectors), 2018 and 2020
(153) meet them with margin (X − M ≥ 0.11 X in every sector; their own identities hold to
1e-15 relative), so the tolerance only forgives rounding, never a real violation.
"""

from __future__ import annotations

import numpy as np

from ..errors import IIEInputError


def _shape(a: np.ndarray) -> str:
    return "×".join(str(d) for d in a.shape) if a.ndim else "a scalar"


def as_float_array(name: str, value) -> np.ndarray:
    """``value`` as a float ndarray; text or objects that are not numbers are an error."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise IIEInputError(name, "must hold numbers only") from None
    return arr


def finite(name: str, arr: np.ndarray) -> np.ndarray:
    bad = ~np.isfinite(arr)
    if bad.any():
        pos = np.argwhere(bad)[0]
        where = f" at position {tuple(int(p) + 1 for p in pos)}" if arr.ndim else ""
        kind = "NaN" if np.isnan(arr[tuple(pos)]) else "infinite"
        raise IIEInputError(name, f"{int(bad.sum())} missing or infinite value(s), first {kind}{where}")
    return arr


def matrix(name: str, value, *, square: bool = False) -> np.ndarray:
    """A finite 2-D float array (optionally square)."""
    arr = as_float_array(name, value)
    if arr.ndim != 2:
        raise IIEInputError(name, f"must be a 2-D table, got {_shape(arr)}")
    if arr.size == 0:
        raise IIEInputError(name, "is empty")
    if square and arr.shape[0] != arr.shape[1]:
        raise IIEInputError(name, f"must be square, got {_shape(arr)}")
    return finite(name, arr)


def vector(name: str, value, n: int | None = None, *, against: str | None = None) -> np.ndarray:
    """A finite 1-D float array, of length ``n`` when given.

    ``against`` names the argument that fixed ``n`` so the message reads
    ``"X: 148 values, but Z is 149×149"``.
    """
    arr = as_float_array(name, value)
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        raise IIEInputError(name, f"must be a vector, got {_shape(arr)}")
    if n is not None and arr.shape[0] != n:
        ref = f", but {against} is {n}×{n}" if against else f", expected {n}"
        raise IIEInputError(name, f"{arr.shape[0]} values{ref}")
    return finite(name, arr)


def nonnegative(name: str, arr: np.ndarray) -> np.ndarray:
    if (arr < 0).any():
        idx = np.argwhere(arr < 0)[0]
        raise IIEInputError(
            name, f"{int((arr < 0).sum())} negative value(s), first {arr[tuple(idx)]:g} at position "
            f"{tuple(int(i) + 1 for i in idx)}")
    return arr


def unit_interval(name: str, arr: np.ndarray) -> np.ndarray:
    bad = (arr < 0) | (arr > 1)
    if bad.any():
        idx = np.argwhere(bad)[0]
        raise IIEInputError(
            name, f"coefficients must lie in [0, 1]; {arr[tuple(idx)]:g} at position "
            f"{tuple(int(i) + 1 for i in idx)}")
    return arr


def indices(name: str, value, n: int) -> np.ndarray:
    """0-based integer positions into a system of ``n`` sectors, unique."""
    arr = as_float_array(name, value).reshape(-1)
    finite(name, arr)
    if (arr != np.round(arr)).any():
        raise IIEInputError(name, "sector positions must be whole numbers")
    idx = arr.astype(int)
    if ((idx < 0) | (idx >= n)).any():
        raise IIEInputError(name, f"sector position out of range 0..{n - 1}")
    if len(np.unique(idx)) != len(idx):
        raise IIEInputError(name, "a sector is listed more than once")
    return idx


#: Plausible years of any series or window: a year outside is a typing error (or a number
#: that is not a year), not data.
PLAUSIBLE_YEARS = (1949, 2200)
#: The largest whole number a float holds exactly (2^53): beyond it a "count" is no number a person typed.
MAX_WHOLE = 2 ** 53
#: Relative tolerance of the accounting bounds X ≥ M, V ≤ X and a share ≤ 1 (rounding only).
BOUND_RTOL = 1e-9


def _slack(*scales) -> np.ndarray:
    return BOUND_RTOL * np.maximum.reduce([np.abs(np.asarray(a, dtype=float)) for a in scales])


def year_number(name: str, y, item: int | None = None) -> int:
    """``y`` as an int year of :data:`PLAUSIBLE_YEARS` (a whole number; no float→int wrap).

    ``item``: the 1-based position of ``y`` in what ``name`` holds, for the message."""
    lo, hi = PLAUSIBLE_YEARS
    try:
        f = float(y)
    except (TypeError, ValueError, OverflowError):
        f = None
    shown = f"{f:g}" if f is not None else repr(y)
    head = f"item {item} is {shown}, which" if item is not None else f"{shown}"
    if f is None or not np.isfinite(f) or f != round(f):
        raise IIEInputError(name, f"{head} is not a whole year")
    if not lo <= f <= hi:
        raise IIEInputError(name, f"{head} is not a plausible year ({lo}–{hi})")
    return int(f)


def years_unique(name: str, years) -> np.ndarray:
    """Whole years of :data:`PLAUSIBLE_YEARS`, each once (as given, in order)."""
    arr = np.asarray(list(years))
    for i, y in enumerate(arr.tolist()):
        year_number(name, y, i + 1 if arr.size > 1 else None)
    u, counts = np.unique(arr, return_counts=True)
    if (counts > 1).any():
        raise IIEInputError(name, f"duplicated year(s): {', '.join(str(int(float(y))) for y in u[counts > 1])}")
    return arr


def io_table(z_name: str, Z: np.ndarray, x_name: str, X: np.ndarray) -> None:
    """Z ≥ 0, X ≥ 0, X_j ≥ M_j = Σ_i z_ij, and a sector with X_j = 0 neither buys (column j of Z)
    nor sells (row j of Z) — METHOD.md §0 (X total output, M intermediate input), §2 step 1."""
    nonnegative(z_name, Z)
    nonnegative(x_name, X)
    M = Z.sum(axis=0)
    zero = X == 0
    buys = np.flatnonzero(zero & (M > 0))
    if buys.size:
        j = int(buys[0])
        raise IIEInputError(x_name, f"sector {j + 1} has zero output but buys inputs in {z_name} (column {j + 1})")
    sells = np.flatnonzero(zero & (Z.sum(axis=1) > 0))
    if sells.size:
        j = int(sells[0])
        raise IIEInputError(x_name, f"sector {j + 1} has zero output but sells in {z_name} (row {j + 1})")
    output_covers_input(x_name, X, f"the column sum of {z_name}", M)


def output_and_input(x_name: str, X: np.ndarray, m_name: str, M: np.ndarray) -> None:
    """X ≥ 0, M ≥ 0 and X_j ≥ M_j: total output and intermediate input by sector (METHOD.md §1)."""
    nonnegative(x_name, X)
    nonnegative(m_name, M)
    output_covers_input(x_name, X, m_name, M)


def output_covers_input(x_name: str, X: np.ndarray, m_what: str, M: np.ndarray) -> None:
    """X_j ≥ M_j (within :data:`BOUND_RTOL`): total output covers intermediate input (V ≥ 0)."""
    bad = np.flatnonzero(X < M - _slack(X, M))
    if bad.size:
        j = int(bad[0])
        raise IIEInputError(x_name, f"sector {j + 1}: total output {X[j]:g} is below its intermediate input "
                                    f"{M[j]:g} ({m_what}, item {j + 1}); X ≥ M in every sector")


def value_added(v_name: str, V: np.ndarray, x_name: str, X: np.ndarray) -> np.ndarray:
    """0 ≤ V_j ≤ X_j (within :data:`BOUND_RTOL`): value added is part of total output (METHOD.md §0)."""
    neg = np.flatnonzero(V < -_slack(X))
    if neg.size:
        j = int(neg[0])
        raise IIEInputError(v_name, f"item {j + 1}: value added {V[j]:g} is negative")
    over = np.flatnonzero(V > X + _slack(X, V))
    if over.size:
        j = int(over[0])
        raise IIEInputError(v_name, f"item {j + 1}: value added {V[j]:g} is above total output {X[j]:g} "
                                    f"({x_name}, item {j + 1})")
    return V


def share(name: str, part: float, whole: float, what: str) -> float:
    """part / whole, after checking it lies in [0, 1] (within :data:`BOUND_RTOL`); ``what`` names the part."""
    if not (np.isfinite(whole) and whole > 0):
        raise IIEInputError(name, f"must be a positive number, got {whole:g}")
    if part < 0:
        raise IIEInputError(name, f"{what} come to {part:g}, below 0: a share must lie in [0, 1]")
    if part > whole * (1.0 + BOUND_RTOL):
        raise IIEInputError(name, f"{what} come to {part:g}, more than {name} {whole:g}: a share must lie "
                                  "in [0, 1]")
    return part / whole


def at_most_whole(name: str, arr: np.ndarray, what: str) -> np.ndarray:
    """``arr`` itself, after checking no entry exceeds :data:`MAX_WHOLE` (``what`` names an entry)."""
    big = np.argwhere(arr > MAX_WHOLE)
    if big.size:
        pos = tuple(int(i) + 1 for i in big[0])
        raise IIEInputError(name, f"{what} {pos if len(pos) > 1 else pos[0]} comes to {arr[tuple(big[0])]:g}, "
                                  f"more than the largest whole number {MAX_WHOLE:,}")
    return arr
