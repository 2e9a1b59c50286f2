"""Coercion of Excel-shaped values to numpy and back — the package's own, tested code.

Why not xlwings' converters: on Linux (and under the ``formulas`` headless engine) the
xlwings decorators are no-ops, so a function receives whatever the caller hands over.
Classic Excel hands a one-row range as a flat list and one cell as a scalar; xlwings
Lite hands lists of lists; ``formulas`` hands numpy object arrays holding its own error
and blank tokens. Every function in :mod:`iiecon_xl.udfs` therefore reads its
arguments through the helpers below, which accept all of these shapes:

=====================  ==========================================================
what arrives           how it is read
=====================  ==========================================================
``None``               a blank cell
``""``, ``"  "``       a blank cell (text holding nothing but spaces)
NaN (float)            a blank cell (how pandas/numpy write a missing value)
formulas' ``empty``    a blank cell (detected duck-typed: a ``str`` subclass that
                       reads ``"empty"``; ``formulas`` is never imported here)
float, int, numpy      a number; ``inf`` is an error
``"1,234.5"``          a number stored as text: thousands commas, spaces around,
``" 12 "``, ``"1.5e3"``  sign, exponent and a trailing ``%`` (``"12%"`` → 0.12)
``"-3"``               are understood; any other text is an error naming the
                       argument and the cell
TRUE / FALSE           an error where a number is expected (Excel's TRUE is not a
                       number here); accepted by :func:`to_bool`
error values           ``#N/A``, ``#DIV/0!``, ``#VALUE!``, ``#REF!``, ``#NAME?``,
                       ``#NUM!``, ``#NULL!`` as text (xlwings ``err_to_str``),
                       as classic COM integers (−2146826246 …), as objects whose
                       ``str()`` is the code (``formulas``' ``XlError``), or as an
                       Office.js error dict; also ``#IIE! …`` texts returned by an
                       upstream iiecon-xl function — always an error naming the
                       argument: ``"matrix: cell (3, 2) holds the error value #N/A"``
dates / times          an error where a number is expected
=====================  ==========================================================

Shapes: a scalar is a 1×1 range; a flat list is one row; a list of lists is a range
(rows must have equal lengths). Vectors accept a row, a column or a single cell.
Positions in messages are 1-based within the range the user passed: ``cell (r, c)``
for a 2-D range, ``item k`` for a flat list.

:func:`to_excel` turns results back into Excel shapes: a plain ``float`` for a scalar,
a list of lists otherwise (vectors as one column), ``None`` (a blank cell) for NaN
only where the caller allows blanks, and never NaN or ±inf.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
import re
from itertools import chain
from typing import Any

import numpy as np

from .errors import IIEInputError

__all__ = [
    "BLANK_IS_ERROR",
    "ERROR_CODES",
    "ERROR_STRINGS",
    "is_blank",
    "to_bool",
    "to_excel",
    "to_int",
    "to_labels",
    "to_matrix",
    "to_scalar",
    "to_text",
    "to_vector",
]

#: Classic Excel (COM) error values as they reach Python when not converted to text.
ERROR_CODES: dict[int, str] = {
    -2146826281: "#DIV/0!",
    -2146826246: "#N/A",
    -2146826259: "#NAME?",
    -2146826288: "#NULL!",
    -2146826252: "#NUM!",
    -2146826265: "#REF!",
    -2146826273: "#VALUE!",
}
#: Excel error texts (those xlwings knows, the newer dynamic-array ones, and formulas').
ERROR_STRINGS: frozenset[str] = frozenset(ERROR_CODES.values()) | {
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    "#GETTING_DATA", "#N/A!",
}
#: Prefix of the one-cell message an iiecon-xl function shows when its input is bad.
IIE_ERROR_PREFIX = "#IIE!"


class _BlankIsError:
    """Sentinel for ``blank=``: a blank cell is an error naming the argument."""

    def __repr__(self) -> str:  # pragma: no cover - cosmetic
        return "BLANK_IS_ERROR"


BLANK_IS_ERROR = _BlankIsError()
_REQUIRED = object()

# Cell kinds
_BLANK, _NUM, _BOOL, _TEXT, _ERROR, _DATE, _OTHER = range(7)

_NUMBER_TEXT = re.compile(
    r"""^[+-]?
        (?: \d{1,3}(?:,\d{3})+ | \d+ )?     # integer part, optionally with thousands commas
        (?: \.\d* )?                        # decimals
        (?: [eE][+-]?\d+ )?                 # exponent
        %?$""",
    re.X,
)
_DATE_TYPES = (_dt.date, _dt.time, _dt.timedelta, np.datetime64, np.timedelta64)


# --------------------------------------------------------------------------- cells


def _classify(v: Any) -> tuple[int, Any]:
    """(kind, payload) of one cell value; never raises."""
    if v is None:
        return _BLANK, None
    if isinstance(v, (bool, np.bool_)):
        return _BOOL, bool(v)
    if type(v) is int and v in ERROR_CODES:
        return _ERROR, ERROR_CODES[v]
    if isinstance(v, str):
        s = str.__str__(v) if type(v) is not str else v
        if type(v) is not str and s == "empty":  # formulas' EMPTY token (schedula Token)
            return _BLANK, None
        s = s.strip()
        if not s:
            return _BLANK, None
        up = s.upper()
        if up in ERROR_STRINGS:
            return _ERROR, up
        if up.startswith(IIE_ERROR_PREFIX):
            return _ERROR, s
        return _TEXT, s
    if isinstance(v, numbers.Real) and not isinstance(v, _DATE_TYPES):
        try:
            f = float(v)
        except (TypeError, ValueError, OverflowError):
            return _OTHER, v
        if math.isnan(f):
            return _BLANK, None
        return _NUM, f
    if isinstance(v, _DATE_TYPES):
        return _DATE, v
    if isinstance(v, dict) and v.get("type") == "Error":  # Office.js error object
        return _ERROR, str(v.get("basicValue") or "#VALUE!")
    if isinstance(v, np.ndarray) and v.ndim == 0:
        return _classify(v.item())
    try:
        s = str(v).strip()
    except Exception:  # noqa: BLE001 - a value whose str() fails is just "other"
        return _OTHER, v
    if s.upper() in ERROR_STRINGS:
        return _ERROR, s.upper()
    if s.lower() in ("", "empty"):
        return _BLANK, None
    return _OTHER, v


def is_blank(v: Any) -> bool:
    """True for a blank cell (None, "", whitespace, NaN, formulas' empty token)."""
    return _classify(v)[0] == _BLANK


def _parse_number_text(s: str) -> float | None:
    s = s.replace("\u2212", "-")  # a typographic minus sign
    if not any(c.isdigit() for c in s) or not _NUMBER_TEXT.match(s):
        return None
    pct = s.endswith("%")
    try:
        f = float(s.rstrip("%").replace(",", ""))
    except ValueError:  # pragma: no cover - the regex admits only float syntax
        return None
    return f / 100.0 if pct else f


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _where(pos: tuple[int, ...] | None) -> str:
    if pos is None:
        return ""
    if len(pos) == 1:
        return f"item {pos[0]} "
    return f"cell ({pos[0]}, {pos[1]}) "


def _number(name: str, v: Any, pos: tuple[int, ...] | None, blank: Any, bools: bool = False) -> float:
    """One cell as a float (NaN for a blank cell when ``blank`` is NaN; TRUE → 1 if ``bools``)."""
    kind, x = _classify(v)
    if kind == _BOOL and bools:
        return 1.0 if x else 0.0
    where = _where(pos)
    if kind == _NUM:
        if math.isinf(x):
            raise IIEInputError(name, f"{where}holds an infinite value")
        return x
    if kind == _BLANK:
        if blank is BLANK_IS_ERROR:
            raise IIEInputError(name, f"{where}is blank" if where else "is blank")
        return blank
    if kind == _TEXT:
        f = _parse_number_text(x)
        if f is None:
            raise IIEInputError(name, f"{where}holds the text {_short(x)!r}, which is not a number")
        if math.isinf(f):
            raise IIEInputError(name, f"{where}holds the text {_short(x)!r}, which is too large a number")
        return f
    if kind == _ERROR:
        raise IIEInputError(name, f"{where}holds the error value {_short(x, 60)}")
    if kind == _BOOL:
        raise IIEInputError(name, f"{where}holds {'TRUE' if x else 'FALSE'}, which is not a number here")
    if kind == _DATE:
        raise IIEInputError(name, f"{where}holds a date or time, which is not a number here")
    raise IIEInputError(name, f"{where}holds a value of type {type(v).__name__}, which is not a number")


# --------------------------------------------------------------------------- shapes


def _dims(r: int, c: int) -> str:
    return f"{r}×{c}"


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
        rows = [r if type(r) is list else (r.tolist() if isinstance(r, np.ndarray) else list(r)) for r in v]
        ndim = 2
        width = len(rows[0])
        for i, r in enumerate(rows):
            if len(r) != width:
                raise IIEInputError(name, f"row {i + 1} has {len(r)} cells but row 1 has {width}; "
                                          "pass a rectangular range")
        if width == 0:
            raise IIEInputError(name, "is empty")
    types = set(map(type, chain.from_iterable(rows)))
    if any(issubclass(t, (list, tuple, np.ndarray)) for t in types):
        raise IIEInputError(name, "is nested more than two levels deep; pass a range")
    return rows, ndim, types


def _fast_float(rows: list, types: set) -> np.ndarray | None:
    """The common case (every cell a float or a plain int): one numpy call, no per-cell work."""
    if not types <= {float, int}:
        return None
    if int in types and any(type(x) is int and x in ERROR_CODES for x in chain.from_iterable(rows)):
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
            pos = None if ndim == 0 else (j + 1,) if ndim == 1 else (i + 1, j + 1)
            out[i, j] = _number(name, x, pos, blank, bools)
    return out


def to_matrix(name: str, v: Any, *, blank: Any = 0.0, square: bool = False) -> np.ndarray:
    """A 2-D float array from a range (a scalar is 1×1, a flat list one row).

    ``blank``: the number a blank cell stands for (default 0, the IO-table convention),
    ``np.nan`` to keep blanks as NaN, or :data:`BLANK_IS_ERROR`.
    """
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


def to_vector(name: str, v: Any, n: int | None = None, against: Any = None, *,
              blank: Any = 0.0, bools: bool = False) -> np.ndarray:
    """A 1-D float array from a row, a column, a flat list or a single cell.

    ``n``: required length; ``against`` names what fixed it, either an argument name
    (``"years"`` → "but years has 11") or ``(name, shape)`` (``("flows", (149, 149))`` →
    "but flows is 149×149"). ``blank`` as in :func:`to_matrix`; ``bools``: read TRUE/FALSE
    as 1/0 (for 0/1 flag columns) instead of rejecting them.
    """
    rows, ndim, types = _grid(name, v)
    r, c = len(rows), len(rows[0])
    if r > 1 and c > 1:
        raise IIEInputError(name, f"must be a single row or column, got {_dims(r, c)}")
    arr = _to_float_grid(name, rows, ndim, types, blank, bools).reshape(-1)
    if n is not None and arr.shape[0] != n:
        k = arr.shape[0]
        raise IIEInputError(name, f"{k} value{'s' if k != 1 else ''}, {_against(against, n)}")
    return arr


def _label(name: str, v: Any, pos: tuple[int, ...] | None) -> str | None:
    """One cell as a label (name or code): text stripped, a number as it reads, blank → None."""
    kind, x = _classify(v)
    where = _where(pos)
    if kind == _BLANK:
        return None
    if kind == _TEXT:
        return x
    if kind == _NUM:
        if math.isinf(x):
            raise IIEInputError(name, f"{where}holds an infinite value")
        return str(int(x)) if x == int(x) and abs(x) < 1e15 else repr(x)
    if kind == _BOOL:
        return "TRUE" if x else "FALSE"
    if kind == _ERROR:
        raise IIEInputError(name, f"{where}holds the error value {_short(x, 60)}")
    raise IIEInputError(name, f"{where}holds a value of type {type(v).__name__}, not a name or code")


def to_labels(name: str, v: Any, n: int | None = None, against: Any = None) -> list[str | None]:
    """A list of labels (names, codes) from a row, a column or a single cell; blank → None.

    Text is stripped; a number becomes its text (``39`` → ``"39"``); an error value is an
    error naming the argument and the cell. ``n`` / ``against`` as in :func:`to_vector`.
    """
    rows, ndim, _ = _grid(name, v)
    r, c = len(rows), len(rows[0])
    if r > 1 and c > 1:
        raise IIEInputError(name, f"must be a single row or column, got {_dims(r, c)}")
    out = []
    for i, row in enumerate(rows):
        for j, x in enumerate(row):
            pos = None if ndim == 0 else (j + 1,) if ndim == 1 else (i + 1, j + 1)
            out.append(_label(name, x, pos))
    if n is not None and len(out) != n:
        k = len(out)
        raise IIEInputError(name, f"{k} value{'s' if k != 1 else ''}, {_against(against, n)}")
    return out


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
    return _number(name, x, None, BLANK_IS_ERROR)


def to_int(name: str, v: Any, default: Any = _REQUIRED, *, minimum: int | None = None) -> Any:
    """A whole number from one cell (``2016``, ``"2,016"``, ``2016.0``); blank gives ``default``."""
    x = _single(name, v)
    if is_blank(x):
        if default is _REQUIRED:
            raise IIEInputError(name, "is required but blank")
        return default
    f = _number(name, x, None, BLANK_IS_ERROR)
    if f != round(f):
        raise IIEInputError(name, f"must be a whole number, got {f:g}")
    i = int(round(f))
    if minimum is not None and i < minimum:
        raise IIEInputError(name, f"must be at least {minimum}, got {i}")
    return i


_TRUE_TEXT = {"TRUE", "1", "YES", "Y"}
_FALSE_TEXT = {"FALSE", "0", "NO", "N"}


def to_bool(name: str, v: Any, default: bool = False) -> bool:
    """TRUE/FALSE, 1/0 or the texts "TRUE"/"FALSE" (also "1"/"0", "yes"/"no"); blank → default."""
    x = _single(name, v)
    kind, p = _classify(x)
    if kind == _BLANK:
        return default
    if kind == _BOOL:
        return p
    if kind == _NUM and p in (0.0, 1.0):
        return p == 1.0
    if kind == _TEXT:
        if p.upper() in _TRUE_TEXT:
            return True
        if p.upper() in _FALSE_TEXT:
            return False
    if kind == _ERROR:
        raise IIEInputError(name, f"holds the error value {_short(p, 60)}")
    shown = _short(p) if kind == _TEXT else p if kind == _NUM else type(x).__name__
    raise IIEInputError(name, f"must be TRUE or FALSE, got {shown!r}" if kind == _TEXT
                        else f"must be TRUE or FALSE, got {shown}")


def to_text(name: str, v: Any, default: Any = _REQUIRED, choices: tuple[str, ...] | None = None) -> Any:
    """Text from one cell, matched case-insensitively against ``choices`` (returned canonical)."""
    x = _single(name, v)
    kind, p = _classify(x)
    if kind == _BLANK:
        if default is _REQUIRED:
            raise IIEInputError(name, "is required but blank")
        return default
    if kind == _ERROR:
        raise IIEInputError(name, f"holds the error value {_short(p, 60)}")
    if kind != _TEXT:
        shown = f"{p:g}" if kind == _NUM else ("TRUE" if p else "FALSE") if kind == _BOOL else type(x).__name__
        if choices:
            raise IIEInputError(name, f"must be one of {_options(choices)}, got {shown}")
        raise IIEInputError(name, f"must be text, got {shown}")
    if choices is None:
        return p
    for c in choices:
        if c.lower() == p.lower():
            return c
    raise IIEInputError(name, f"unknown option {_short(p)!r}; use one of {_options(choices)}")


def _options(choices: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in choices)


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


def to_excel(result: Any, *, blanks: bool = False, name: str = "result") -> Any:
    """An Excel-shaped value: a scalar, or a list of lists (a 1-D result becomes a column).

    ``blanks``: NaN (and None) become ``None`` — a blank cell — only when True; otherwise
    a non-finite number raises :class:`IIEInputError` naming ``name`` rather than reaching
    the sheet.
    """
    if isinstance(result, np.ndarray):
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
    if isinstance(result, (list, tuple)):
        if not result:
            raise TypeError("cannot return an empty list to Excel")
        if all(isinstance(r, (list, tuple)) for r in result):
            return [[_out(x, blanks, name) for x in r] for r in result]
        return [[_out(x, blanks, name)] for x in result]
    return _out(result, blanks, name)
