"""Argument checks shared by the model functions.

Each helper takes the *name* of the argument it checks, so that every
:class:`~iiecon_xl.errors.IIEInputError` names what the caller passed
(``"Z: not square (149×148)"``). They return clean float arrays.
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


def years_unique(name: str, years) -> np.ndarray:
    arr = np.asarray(list(years))
    u, counts = np.unique(arr, return_counts=True)
    if (counts > 1).any():
        raise IIEInputError(name, f"duplicated year(s): {', '.join(str(y) for y in u[counts > 1])}")
    return arr
