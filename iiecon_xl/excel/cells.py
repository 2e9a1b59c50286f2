"""Coercion of Excel-shaped arguments to numpy, and of results back to Excel shapes.

Every Excel function reads its arguments through the readers below (:func:`to_matrix`,
:func:`to_vector`, :func:`to_labels`, :func:`to_scalar`, :func:`to_int`, :func:`to_bool`,
:func:`to_text`), which accept every shape Excel, xlwings Lite and ``formulas`` hand over;
what one cell may hold, and how it is read, is :mod:`.cell_values`.

Shapes: a scalar is a 1×1 range; a flat list is one row; a list of lists is a range
(rows must have equal lengths). Vectors accept a row, a column or a single cell.
Bad input raises :class:`~iiecon_xl.errors.IIEInputError` naming the argument (and the
cell, 1-based within the range passed).

:func:`to_excel` turns results back into Excel shapes: a plain ``float`` for a scalar,
a list of lists otherwise (vectors as one column), ``None`` (a blank cell) for NaN
only where the caller allows blanks, and never NaN or ±inf.
"""

from __future__ import annotations

import math
from itertools import chain
from typing import Any

import numpy as np

from ..errors import IIEInputError
from ..model.checks import MAX_WHOLE
from ..xlsx.errors import COM_ERROR_CODES
from .cell_values import (BLANK, BLANK_IS_ERROR, BOOL, ERROR, NUMBER, TEXT, classify, code, is_blank, label,
                          number, short)
from .floats import exact_floats

__all__ = [
    "BLANK_IS_ERROR",
    "is_blank",
    "to_bool",
    "to_codes",
    "to_excel",
    "to_int",
    "to_labels",
    "to_matrix",
    "to_scalar",
    "to_text",
    "to_vector",
]

_REQUIRED = object()


# --------------------------------------------------------------------------- shapes


def _dims(r: int, c: int) -> str:
    return f"{r}×{c}"


def _rows_of(name: str, v: list | tuple) -> list:
    """The rows of a list of rows, checked rectangular and non-empty."""
    rows = [r if type(r) is list else (r.tolist() if isinstance(r, np.ndarray) else list(r)) for r in v]
    width = len(rows[0])
    for i, r in enumerate(rows):
        if len(r) != width:
            raise IIEInputError(name, f"row {i + 1} has {len(r)} cells but row 1 has {width}; "
                                      "pass a rectangular range")
    if width == 0:
        raise IIEInputError(name, "is empty")
    return rows


def _grid(name: str, v: Any) -> tuple[list, int, set]:
    """(rows, ndim, cell types): ndim 0 (scalar → [[v]]), 1 (flat list → one row) or 2."""
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            v = v.item()
        elif v.ndim <= 2:
            v = v.tolist()
        else:
            raise IIEInputError(name, f"must be a range (2 dimensions), got {v.ndim} dimensions")
    if not isinstance(v, (list, tuple)):
        return [[v]], 0, {type(v)}
    if len(v) == 0:
        raise IIEInputError(name, "is empty")
    nested = [isinstance(r, (list, tuple, np.ndarray)) for r in v]
    if not any(nested):
        rows, ndim = [v if type(v) is list else list(v)], 1
    elif not all(nested):
        raise IIEInputError(name, "mixes single cells and rows; pass a rectangular range")
    else:
        rows, ndim = _rows_of(name, v), 2
    types = set(map(type, chain.from_iterable(rows)))
    if any(issubclass(t, (list, tuple, np.ndarray)) for t in types):
        raise IIEInputError(name, "is nested more than two levels deep; pass a range")
    return rows, ndim, types


def _position(ndim: int, i: int, j: int) -> tuple[int, ...] | None:
    return None if ndim == 0 else (j + 1,) if ndim == 1 else (i + 1, j + 1)


def _fast_float(rows: list, types: set) -> np.ndarray | None:
    """The common case (every cell a float or a plain int): one numpy call, no per-cell work."""
    if not types <= {float, int}:
        return None
    if int in types and any(type(x) is int and x in COM_ERROR_CODES for x in chain.from_iterable(rows)):
        return None
    arr = np.array(rows, dtype=float)
    if not np.isfinite(arr).all():
        return None  # let the slow path name the cell / apply the blank rule
    return arr


def _to_float_grid(name: str, rows: list, ndim: int, types: set, blank: Any, bools: bool = False) -> np.ndarray:
    arr = _fast_float(rows, types)
    if arr is not None:
        return arr
    out = np.empty((len(rows), len(rows[0])))
    inf = math.inf
    for i, r in enumerate(rows):
        for j, x in enumerate(r):
            if type(x) is float and -inf < x < inf:  # most cells: skip the classification
                out[i, j] = x
                continue
            out[i, j] = number(name, x, _position(ndim, i, j), blank, bools)
    return out


def to_matrix(name: str, v: Any, *, blank: Any = 0.0, square: bool = False) -> np.ndarray:
    """A 2-D float array from a range (a scalar is 1×1, a flat list one row).

    ``blank``: the number a blank cell stands for (default 0, the IO-table convention),
    ``np.nan`` to keep blanks as NaN, or :data:`BLANK_IS_ERROR`. A range of finite floats
    only takes the fast path (:mod:`.floats`); anything else is read cell by cell.
    """
    arr = exact_floats(v)
    if arr is None:
        rows, ndim, types = _grid(name, v)
        arr = _to_float_grid(name, rows, ndim, types, blank)
    if square and arr.shape[0] != arr.shape[1]:
        raise IIEInputError(name, f"must be square, got {_dims(*arr.shape)}")
    return arr


def _against(against: Any, n: int) -> str:
    if against is None:
        return f"expected {n}"
    if isinstance(against, tuple):
        arg, shape = against
        if len(shape) == 2:
            return f"but {arg} is {_dims(*shape)}"
        return f"but {arg} has {shape[0]}"
    return f"but {against} has {n}"


def _line(name: str, v: Any) -> tuple[list, int, set]:
    """``_grid`` of a row, a column or a single cell (anything wider is an error)."""
    rows, ndim, types = _grid(name, v)
    r, c = len(rows), len(rows[0])
    if r > 1 and c > 1:
        raise IIEInputError(name, f"must be a single row or column, got {_dims(r, c)}")
    return rows, ndim, types


def _check_length(name: str, k: int, n: int | None, against: Any) -> None:
    if n is not None and k != n:
        raise IIEInputError(name, f"{k} value{'s' if k != 1 else ''}, {_against(against, n)}")


def to_vector(name: str, v: Any, n: int | None = None, against: Any = None, *,
              blank: Any = 0.0, bools: bool = False) -> np.ndarray:
    """A 1-D float array from a row, a column, a flat list or a single cell.

    ``n``: required length; ``against`` names what fixed it, either an argument name
    (``"years"`` → "but years has 11") or ``(name, shape)`` (``("flows", (149, 149))`` →
    "but flows is 149×149"). ``blank`` as in :func:`to_matrix`; ``bools``: read TRUE/FALSE
    as 1/0 (for 0/1 flag columns) instead of rejecting them.
    """
    arr = exact_floats(v)
    if arr is None or (arr.shape[0] > 1 and arr.shape[1] > 1):  # the general path says what is wrong
        rows, ndim, types = _line(name, v)
        arr = _to_float_grid(name, rows, ndim, types, blank, bools)
    arr = arr.reshape(-1)
    _check_length(name, arr.shape[0], n, against)
    return arr


def to_labels(name: str, v: Any, n: int | None = None, against: Any = None) -> list[str | None]:
    """A list of labels (names, codes) from a row, a column or a single cell; blank → None.

    Text is stripped; a number becomes its text (``39`` → ``"39"``); an error value is an
    error naming the argument and the cell. ``n`` / ``against`` as in :func:`to_vector`.
    """
    rows, ndim, _ = _line(name, v)
    out = [label(name, x, _position(ndim, i, j)) for i, row in enumerate(rows) for j, x in enumerate(row)]
    _check_length(name, len(out), n, against)
    return out


def to_codes(name: str, v: Any, n: int | None = None, against: Any = None) -> list[str | None]:
    """A list of sector codes (:func:`.cell_values.code`) from a row, a column or a single cell; blank → None."""
    rows, ndim, _ = _line(name, v)
    out = [code(name, x, _position(ndim, i, j)) for i, row in enumerate(rows) for j, x in enumerate(row)]
    _check_length(name, len(out), n, against)
    return out


# --------------------------------------------------------------------------- single cells


def _single(name: str, v: Any) -> Any:
    """The one cell of a scalar argument (a 1×1 range is accepted)."""
    if isinstance(v, (list, tuple, np.ndarray)):
        rows, _, _ = _grid(name, v)
        if len(rows) != 1 or len(rows[0]) != 1:
            raise IIEInputError(name, f"must be a single cell, got {_dims(len(rows), len(rows[0]))}")
        return rows[0][0]
    return v


def to_scalar(name: str, v: Any, default: Any = _REQUIRED) -> float:
    """A float from one cell; a blank cell gives ``default`` (an error when none is given)."""
    x = _single(name, v)
    if is_blank(x):
        if default is _REQUIRED:
            raise IIEInputError(name, "is required but blank")
        return default
    return number(name, x, None, BLANK_IS_ERROR)


def to_int(name: str, v: Any, default: Any = _REQUIRED, *, minimum: int | None = None,
           maximum: int = MAX_WHOLE) -> Any:
    """A whole number from one cell (``2016``, ``"2,016"``, ``2016.0``) in [minimum, maximum]; blank gives ``default``."""
    x = _single(name, v)
    if is_blank(x):
        if default is _REQUIRED:
            raise IIEInputError(name, "is required but blank")
        return default
    f = number(name, x, None, BLANK_IS_ERROR)
    if f != round(f):
        raise IIEInputError(name, f"must be a whole number, got {f:g}")
    if minimum is not None and f < minimum:
        raise IIEInputError(name, f"must be at least {minimum}, got {f:.15g}")
    if f > maximum:
        raise IIEInputError(name, f"must be at most {maximum:,}, got {f:.15g}")
    return int(f)


_TRUE_TEXT = {"TRUE", "1", "YES", "Y"}
_FALSE_TEXT = {"FALSE", "0", "NO", "N"}


def to_bool(name: str, v: Any, default: bool = False) -> bool:
    """TRUE/FALSE, 1/0 or the texts "TRUE"/"FALSE" (also "1"/"0", "yes"/"no"); blank → default."""
    x = _single(name, v)
    kind, p = classify(x)
    if kind == BLANK:
        return default
    if kind == BOOL:
        return p
    if kind == NUMBER and p in (0.0, 1.0):
        return p == 1.0
    if kind == TEXT:
        if p.upper() in _TRUE_TEXT:
            return True
        if p.upper() in _FALSE_TEXT:
            return False
    if kind == ERROR:
        raise IIEInputError(name, f"holds the error value {short(p, 60)}")
    shown = short(p) if kind == TEXT else p if kind == NUMBER else type(x).__name__
    raise IIEInputError(name, f"must be TRUE or FALSE, got {shown!r}" if kind == TEXT
                        else f"must be TRUE or FALSE, got {shown}")


def _options(choices: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in choices)


def to_text(name: str, v: Any, default: Any = _REQUIRED, choices: tuple[str, ...] | None = None) -> Any:
    """Text from one cell, matched case-insensitively against ``choices`` (returned canonical)."""
    x = _single(name, v)
    kind, p = classify(x)
    if kind == BLANK:
        if default is _REQUIRED:
            raise IIEInputError(name, "is required but blank")
        return default
    if kind == ERROR:
        raise IIEInputError(name, f"holds the error value {short(p, 60)}")
    if kind != TEXT:
        shown = f"{p:g}" if kind == NUMBER else ("TRUE" if p else "FALSE") if kind == BOOL else type(x).__name__
        if choices:
            raise IIEInputError(name, f"must be one of {_options(choices)}, got {shown}")
        raise IIEInputError(name, f"must be text, got {shown}")
    if choices is None:
        return p
    for c in choices:
        if c.lower() == p.lower():
            return c
    raise IIEInputError(name, f"unknown option {short(p)!r}; use one of {_options(choices)}")


# --------------------------------------------------------------------------- results


def _out(x: Any, blanks: bool, name: str) -> Any:
    if x is None:
        if blanks:
            return None
        raise IIEInputError(name, "the result has a blank where a value is required")
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        f = float(x)
        if math.isfinite(f):
            return f
        if blanks and math.isnan(f):
            return None
        raise IIEInputError(name, "the result is not a finite number (overflow or division by zero); "
                                  "check the magnitudes of the inputs")
    if isinstance(x, (str, np.str_)):
        return str(x)
    if isinstance(x, np.ndarray) and x.ndim == 0:
        return _out(x.item(), blanks, name)
    raise TypeError(f"cannot return a {type(x).__name__} to Excel")


def _array_out(result: np.ndarray, blanks: bool, name: str) -> Any:
    if result.ndim == 0:
        return _out(result.item(), blanks, name)
    if result.ndim == 1:
        return [[_out(x, blanks, name)] for x in result.tolist()]
    if result.ndim == 2:
        if result.dtype.kind == "f" and not blanks:
            if not np.isfinite(result).all():
                _out(float(result[~np.isfinite(result)][0]), False, name)
            return result.tolist()
        return [[_out(x, blanks, name) for x in row] for row in result.tolist()]
    raise TypeError(f"cannot return a {result.ndim}-D array to Excel")


def to_excel(result: Any, *, blanks: bool = False, name: str = "result") -> Any:
    """An Excel-shaped value: a scalar, or a list of lists (a 1-D result becomes a column).

    ``blanks``: NaN (and None) become ``None`` — a blank cell — only when True; otherwise
    a non-finite number raises :class:`IIEInputError` naming ``name`` rather than reaching
    the sheet.
    """
    if isinstance(result, np.ndarray):
        return _array_out(result, blanks, name)
    if isinstance(result, (list, tuple)):
        if not result:
            raise TypeError("cannot return an empty list to Excel")
        if all(isinstance(r, (list, tuple)) for r in result):
            return [[_out(x, blanks, name) for x in r] for r in result]
        return [[_out(x, blanks, name)] for x in result]
    return _out(result, blanks, name)
