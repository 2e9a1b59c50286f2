"""The reference functions of the fast engine: INDEX, ROW, COLUMN, ROWS, COLUMNS.

They take references (:class:`~.grid.Ref`) rather than values, which ``formulas``'
library cannot do without its dispatcher. INDEX has Excel's semantics (``formulas``
1.3.4's own INDEX returns one cell for ``INDEX(range, 0, k)``): row 0 selects the whole column, column 0
the whole row, a single number indexes a one-row or one-column range and selects a row
of a two-dimensional one; negative numbers give ``#VALUE!``, numbers past the range
``#REF!``; a reference in gives a reference out, at a cost independent of its size.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from formulas.functions import Array
from formulas.tokens.operand import XlError

from .grid import EMPTY, ERRORS, Ref

__all__ = ["REFERENCE_FUNCTIONS"]


class _IndexFail(Exception):
    def __init__(self, code: str):
        self.code = code


def _index_number(v: Any) -> int | None:
    """row_num / col_num / area_num as an int ≥ 0 (None: an array of numbers)."""
    if isinstance(v, np.ndarray):
        if v.size != 1:
            return None
        v = v.reshape(-1)[0]
    if v is None or v is EMPTY:
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


def _window(shape: tuple[int, int], row: int, col: int | None) -> tuple[slice, slice]:
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


def _index_ref(ref: Ref, row: int, col: int | None, area: int) -> Ref:
    if area != 1:
        raise _IndexFail("#REF!")
    rs, cs = _window(ref.shape, row, col)
    return Ref(ref.sheet, ref.r1 + rs.start, ref.c1 + cs.start, ref.r1 + rs.stop - 1, ref.c1 + cs.stop - 1)


def _index_array(array: Any, row: int, col: int | None, area: int) -> Any:
    if area != 1:
        raise _IndexFail("#REF!")
    arr = np.asarray(array, dtype=object)
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        arr = arr.reshape(1, -1)
    out = arr[_window(arr.shape, row, col)]
    if out.shape == (1, 1):
        v = out[0, 0]
        return 0 if v is EMPTY else v
    return np.array(out, dtype=object).view(Array)


def xindex(values, array, row_num, col_num=None, area_num=1):
    """INDEX; ``values`` gives the value of a reference (for the vectorised form)."""
    try:
        row = _index_number(row_num)
        col = None if col_num is None else _index_number(col_num)
        area = _index_number(area_num)
        if row is None or (col_num is not None and col is None) or area is None:
            return _vectorized(values, array, row_num, col_num, area_num)
        if isinstance(array, Ref):
            return _index_ref(array, row, col, area)
        return _index_array(array, row, col, area)
    except _IndexFail as e:
        return ERRORS.get(e.code, ERRORS["#VALUE!"])


def _one_value(values, res: Any) -> Any:
    if isinstance(res, Ref):
        res = values(res)
    if isinstance(res, np.ndarray):
        return res[0, 0] if res.shape == (1, 1) else ERRORS["#VALUE!"]
    return res


def _vectorized(values, array, row_num, col_num, area_num):
    r, c, a = np.broadcast_arrays(np.asarray(row_num, dtype=object), np.asarray(col_num, dtype=object),
                                  np.asarray(area_num, dtype=object))
    out = np.empty(r.shape, dtype=object)
    for idx in np.ndindex(r.shape):
        out[idx] = _one_value(values, xindex(values, array, r[idx], None if col_num is None else c[idx], a[idx]))
    if out.ndim < 2:
        out = out.reshape(1, -1)
    return out.view(Array)


def _position(env, ref, axis: int):
    """ROW / COLUMN: of the formula's cell, or of each row / column of ``ref`` (1-based)."""
    if ref is None:
        return (env.row if axis == 0 else env.col) + 1
    if not isinstance(ref, Ref):
        return ref if isinstance(ref, XlError) else ERRORS["#VALUE!"]
    lo, hi = (ref.r1, ref.r2) if axis == 0 else (ref.c1, ref.c2)
    if lo == hi:
        return lo + 1
    vals = np.arange(lo + 1, hi + 1, dtype=object)
    return (vals.reshape(-1, 1) if axis == 0 else vals.reshape(1, -1)).view(Array)


def _count(ref, axis: int):
    """ROWS / COLUMNS of a reference or an array."""
    if isinstance(ref, Ref):
        return ref.shape[axis]
    if isinstance(ref, XlError):
        return ref
    arr = np.asarray(ref, dtype=object)
    shape = arr.shape if arr.ndim == 2 else (1, arr.size)
    return shape[axis]


#: name → (function, positions of the arguments taken as references, needs the cell, arity)
REFERENCE_FUNCTIONS: dict[str, tuple] = {
    "INDEX": (xindex, {0}, "values", (2, 4)),
    "ROW": (lambda env, ref=None: _position(env, ref, 0), {0}, "env", (0, 1)),
    "COLUMN": (lambda env, ref=None: _position(env, ref, 1), {0}, "env", (0, 1)),
    "ROWS": (lambda ref: _count(ref, 0), {0}, None, (1, 1)),
    "COLUMNS": (lambda ref: _count(ref, 1), {0}, None, (1, 1)),
}
