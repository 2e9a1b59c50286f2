"""Excel's INDEX for ``formulas``: a reference in, a reference out, at a constant cost.

``formulas`` 1.3.4's INDEX returns one cell for ``INDEX(range, 0, k)`` /
``INDEX(range, k, 0)`` and builds one ``Ranges`` object per cell of a reference on every
call. :func:`xindex` replaces it (see :mod:`.bridge`): the whole column for row 0, the
whole row for column 0, one cell otherwise, ``#REF!`` out of range, and a reference in,
a reference out (``SUM(INDEX(M, 0, 2))``, ``A1:INDEX(A1:A9, 3)``) at a cost that does not
grow with the range.

This module imports ``formulas``: the engine imports it only when a recalculation runs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import schedula as sh
from formulas.functions import Array
from formulas.ranges import Ranges
from formulas.tokens.operand import Error, XlError

__all__ = ["xindex"]


class _IndexFail(Exception):
    def __init__(self, code: str):
        self.code = code


def _index_number(v: Any) -> int | None:
    """row_num / col_num / area_num as an int ≥ 0 (None: an array of numbers)."""
    if isinstance(v, Ranges):
        v = v.value
    if isinstance(v, np.ndarray):
        if v.size != 1:
            return None
        v = v.reshape(-1)[0]
    if v is None or v is sh.EMPTY:
        return 0
    if isinstance(v, XlError):
        raise _IndexFail(str.__str__(v))
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, bool):
        v = int(v)
    elif isinstance(v, str):
        try:
            v = float(v.strip())
        except ValueError:
            raise _IndexFail("#VALUE!") from None
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise _IndexFail("#VALUE!") from None
    if not np.isfinite(f) or f < 0:
        raise _IndexFail("#VALUE!")
    return int(f)


def _index_window(shape: tuple[int, int], row: int, col: int | None) -> tuple[slice, slice]:
    """Row and column slices INDEX selects in an array of ``shape`` (1-based, 0 = all)."""
    nr, nc = shape
    if col is None:  # INDEX(array, n): the one dimension of a vector, else a row
        if nr == 1 and nc != 1:
            row, col = 1, row
        elif nc == 1:
            col = 1
        else:
            col = 0
    if row > nr or col > nc:
        raise _IndexFail("#REF!")
    rs = slice(0, nr) if row == 0 else slice(row - 1, row)
    cs = slice(0, nc) if col == 0 else slice(col - 1, col)
    return rs, cs


def _index_reference(array: Ranges, row: int, col: int | None, area: int) -> Ranges:
    """INDEX of a reference: the sub-range selected, as a reference."""
    if area < 1 or area > len(array.ranges):
        raise _IndexFail("#REF!")
    base = array.ranges[area - 1]
    r1, n1 = int(base["r1"]) or 1, int(base["n1"]) or 1
    shape = (int(base["r2"]) - r1 + 1, int(base["n2"]) - n1 + 1)
    rs, cs = _index_window(shape, row, col)
    if (rs.start, rs.stop, cs.start, cs.stop) == (0, shape[0], 0, shape[1]):
        return Ranges((base,), array.values)
    sub = Ranges.format_range(
        ("name", "n1", "n2"), sheet_id=base.get("sheet_id"),
        n1=n1 + cs.start, n2=n1 + cs.stop - 1, r1=str(r1 + rs.start), r2=str(r1 + rs.stop - 1))
    return Ranges((sub,), array.values)


def _index_array(array: Any, row: int, col: int | None, area: int) -> Any:
    """INDEX of an array (not a reference): one value, or the row / column selected."""
    if area != 1:
        raise _IndexFail("#REF!")
    arr = np.asarray(array, dtype=object)
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        arr = arr.reshape(1, -1)
    rs, cs = _index_window(arr.shape, row, col)
    out = arr[rs, cs]
    if out.shape == (1, 1):
        v = out[0, 0]
        return 0 if v is sh.EMPTY else v
    return np.array(out, dtype=object).view(Array)


def xindex(array, row_num, col_num=None, area_num=1):
    """Excel's INDEX for ``formulas``: a reference in gives a reference out.

    ``row_num`` 0 (or blank) selects every row, ``col_num`` 0 every column; with
    ``col_num`` left out, the single number indexes a one-row or one-column range, and
    selects a whole row of a two-dimensional one. Negative numbers give ``#VALUE!``,
    numbers past the range ``#REF!``. The cost is independent of the size of the range.
    """
    try:
        row = _index_number(row_num)
        col = None if col_num is None else _index_number(col_num)
        area = _index_number(area_num)
        if row is None or (col_num is not None and col is None) or area is None:
            return _xindex_vectorized(array, row_num, col_num, area_num)
        if isinstance(array, Ranges):
            return _index_reference(array, row, col, area)
        return _index_array(array, row, col, area)
    except _IndexFail as e:
        return Error.errors.get(e.code, Error.errors["#VALUE!"])


def _one_value(res: Any) -> Any:
    """One INDEX result as a single value (``#VALUE!`` for more than one cell)."""
    if isinstance(res, Ranges):
        val = res.value
        return val[0, 0] if val.shape == (1, 1) else Error.errors["#VALUE!"]
    if isinstance(res, np.ndarray):
        return res[0, 0] if res.shape == (1, 1) else Error.errors["#VALUE!"]
    return res


def _as_array(v: Any) -> np.ndarray:
    if isinstance(v, Ranges):
        v = v.value
    return np.asarray(v, dtype=object) if v is not None else np.asarray(None, dtype=object)


def _xindex_vectorized(array, row_num, col_num, area_num):
    """INDEX with arrays of row/column numbers: one value per element (no references)."""
    r, c, a = np.broadcast_arrays(_as_array(row_num), _as_array(col_num), _as_array(area_num))
    out = np.empty(r.shape, dtype=object)
    for idx in np.ndindex(r.shape):
        out[idx] = _one_value(xindex(array, r[idx], None if col_num is None else c[idx], a[idx]))
    if out.ndim < 2:
        out = out.reshape(1, -1)
    return out.view(Array)
