"""The fast path of the cell readers: a range that holds nothing but finite floats, in one pass.

What Excel hands over for a numeric range is, almost always, a list of lists of Python
floats; for that case the readers of :mod:`.cells` need neither the per-cell rules of
:mod:`.cell_values` nor a scan of the cells' types. :func:`exact_floats` recognises it
and returns the numbers as an array; for anything else it returns None, and the reader
takes its general path, which gives exactly the results and the messages it always gave.

Why not just ``np.asarray(rows, dtype=float)``: numpy converts too much. It reads TRUE as
1, the text ``"1_000"`` as 1000, a COM error code (an int) as a number — all of which
the general path rejects or reads differently. So the fast path must know that every
cell is a ``float`` without looking at each one from Python. ``marshal`` (format
version 2, which never writes back-references) serialises a list of lists of floats in
C, in less time than numpy takes to convert it, into a layout fixed by the shape alone::

    "[" r (int32)   then per row:   "[" c (int32)   then per cell:  "g" (8-byte double)

Checking every type code at its fixed place proves, cell by cell in reading order, that
the value is a list of r lists of c exact floats (a bool, an int, a text, None, a float
subclass or a tuple writes another code or another length, or cannot be marshalled);
the doubles are then read straight out of the bytes, through a numpy record type of
that layout. The result is bit for bit what
numpy's conversion gives (tested).
"""

from __future__ import annotations

import marshal
from typing import Any

import numpy as np

_VERSION = 2  # binary floats, no references (version 3 added them)
_LIST = ord("[")
_FLOAT = ord("g")
_HEADER = 5   # type code + int32 length
#: One cell as marshal writes it: the type code, then the double (packed: 9 bytes).
_CELL = np.dtype([("code", "u1"), ("value", "<f8")])


def _dumps(v: list) -> bytes | None:
    try:
        return marshal.dumps(v, _VERSION)
    except ValueError:  # an object marshal cannot write (numpy scalars, float subclasses …)
        return None


def _header_ok(raw: bytes, n: int) -> bool:
    return raw[0] == _LIST and int.from_bytes(raw[1:_HEADER], "little") == n


def _grid(v: list, r: int, c: int) -> np.ndarray | None:
    """The r×c floats of a list of r lists of c floats, or None."""
    raw = _dumps(v)
    row = np.dtype([("code", "u1"), ("count", "<i4"), ("cells", _CELL, (c,))])
    if raw is None or len(raw) != _HEADER + r * row.itemsize or not _header_ok(raw, r):
        return None
    rows = np.frombuffer(raw, dtype=row, offset=_HEADER, count=r)
    if not ((rows["code"] == _LIST).all() and (rows["count"] == c).all()
            and (rows["cells"]["code"] == _FLOAT).all()):
        return None
    return np.array(rows["cells"]["value"], dtype=float)


def _line(v: list, n: int) -> np.ndarray | None:
    """The n floats of a flat list of n floats, as one row, or None."""
    raw = _dumps(v)
    if raw is None or len(raw) != _HEADER + n * _CELL.itemsize or not _header_ok(raw, n):
        return None
    cells = np.frombuffer(raw, dtype=_CELL, offset=_HEADER, count=n)
    if not (cells["code"] == _FLOAT).all():
        return None
    return np.array(cells["value"], dtype=float).reshape(1, n)


def exact_floats(v: Any) -> np.ndarray | None:
    """``v`` as a 2-D float array when it holds finite floats only, else None.

    Accepted: a float (1×1), a flat list of floats (one row), a list of equally long
    lists of floats, a 1-D (one row) or 2-D ndarray of float64 or a narrower float. Every other value — and any NaN or
    ±inf, which the general path reads as blank or rejects — gives None.
    """
    if type(v) is list and v:
        first = v[0]
        if type(first) is list:
            arr = _grid(v, len(v), len(first)) if first else None
        else:
            arr = _line(v, len(v)) if type(first) is float else None
    elif type(v) is float:
        arr = np.array([[v]])
    elif isinstance(v, np.ndarray) and v.dtype.kind == "f" and v.dtype.itemsize <= 8 and v.ndim in (1, 2) \
            and v.size:
        arr = np.array(v if v.ndim == 2 else v.reshape(1, -1), dtype=float)
    else:
        return None
    if arr is None or not np.isfinite(arr).all():
        return None
    return arr
