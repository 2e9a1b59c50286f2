"""What one cell holds, however it reached Python — the package's own, tested code.

Why not xlwings' converters: on Linux (and under the ``formulas`` headless engine) the
xlwings decorators are no-ops, so a function receives whatever the caller hands over.
Classic Excel hands a one-row range as a flat list and one cell as a scalar; xlwings
Lite hands lists of lists; ``formulas`` hands numpy object arrays holding its own error
and blank tokens. :func:`classify` sorts every one of these cell values into a kind:

=====================  ==========================================================
what arrives           how it is read
=====================  ==========================================================
``None``               a blank cell
``""``, ``"  "``       a blank cell (text holding nothing but spaces)
NaN (float)            a blank cell (how pandas/numpy write a missing value)
formulas' ``empty``    a blank cell (detected duck-typed: a ``str`` subclass that
                       reads ``"empty"``; ``formulas`` is never imported here)
float, int, numpy      a number; ``inf`` is an error
``"1,234.5"``          a number stored as text, read by
``" 12 "``, ``"1.5e3"``  :func:`iiecon_xl.numtext.parse_number_text` (thousands
``"-3"``, ``"12%"``    commas, sign, exponent, a trailing ``%``: ``"12%"`` → 0.12;
                       no space inside the number); any other text is an error
                       naming the argument and the cell
TRUE / FALSE           an error where a number is expected (Excel's TRUE is not a
                       number here); accepted by :func:`~.cells.to_bool`
error values           any of :data:`iiecon_xl.xlsx.errors.EXCEL_ERRORS` as text
                       (xlwings ``err_to_str``; also with a stray trailing ``!``,
                       ``"#N/A!"``), as classic COM integers (−2146826246 …), as
                       objects whose ``str()`` is the code (``formulas``'
                       ``XlError``), or as an Office.js error dict; also ``#IIE! …``
                       texts returned by an upstream iiecon-xl function — always an
                       error naming the argument:
                       ``"matrix: cell (3, 2) holds the error value #N/A"``
dates / times          an error where a number is expected
=====================  ==========================================================

Positions in messages are 1-based within the range the user passed: ``cell (r, c)``
for a 2-D range, ``item k`` for a flat list (:func:`where`).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from typing import Any

import numpy as np

from ..errors import IIEInputError
from ..numtext import normalise, parse_number_text
from ..xlsx.errors import COM_ERROR_CODES, EXCEL_ERRORS
from .messages import IIE_ERROR_PREFIX

#: Cell kinds returned by :func:`classify`.
BLANK, NUMBER, BOOL, TEXT, ERROR, DATE, OTHER = range(7)

DATE_TYPES = (dt.date, dt.time, dt.timedelta, np.datetime64, np.timedelta64)
_INNER_SPACE = re.compile(r"\s").search


class BlankIsError:
    """Sentinel type for ``blank=``: a blank cell is an error naming the argument."""

    def __repr__(self) -> str:  # pragma: no cover - cosmetic
        return "BLANK_IS_ERROR"


#: Pass as ``blank=`` to make a blank cell an error.
BLANK_IS_ERROR = BlankIsError()


def error_code(text: str) -> str | None:
    """The error value a text names (``"#n/a"`` → ``"#N/A"``, ``"#N/A!"`` → ``"#N/A"``), else None."""
    up = text.upper()
    if up in EXCEL_ERRORS:
        return up
    if up.endswith("!") and up[:-1] in EXCEL_ERRORS:  # a variant some engines write
        return up[:-1]
    return None


def _classify_text(v: str) -> tuple[int, Any]:
    s = str.__str__(v) if type(v) is not str else v
    if type(v) is not str and s == "empty":  # formulas' EMPTY token (schedula Token)
        return BLANK, None
    s = s.strip()
    if not s:
        return BLANK, None
    if error_code(s):
        return ERROR, s.upper()
    if s.upper().startswith(IIE_ERROR_PREFIX):
        return ERROR, s
    return TEXT, s


def _classify_other(v: Any) -> tuple[int, Any]:
    """An object that is neither None, a bool, a text nor a number."""
    if isinstance(v, DATE_TYPES):
        return DATE, v
    if isinstance(v, dict) and v.get("type") == "Error":  # Office.js error object
        return ERROR, str(v.get("basicValue") or "#VALUE!")
    if isinstance(v, np.ndarray) and v.ndim == 0:
        return classify(v.item())
    try:
        s = str(v).strip()
    except Exception:  # noqa: BLE001 - a value whose str() fails is just "other"
        return OTHER, v
    if error_code(s):
        return ERROR, s.upper()
    if s.lower() in ("", "empty"):
        return BLANK, None
    return OTHER, v


def classify(v: Any) -> tuple[int, Any]:
    """(kind, payload) of one cell value; never raises."""
    if v is None:
        return BLANK, None
    if isinstance(v, (bool, np.bool_)):
        return BOOL, bool(v)
    if type(v) is int and v in COM_ERROR_CODES:
        return ERROR, COM_ERROR_CODES[v]
    if isinstance(v, str):
        return _classify_text(v)
    if isinstance(v, numbers.Real) and not isinstance(v, DATE_TYPES):
        try:
            f = float(v)
        except (TypeError, ValueError, OverflowError):
            return OTHER, v
        if math.isnan(f):
            return BLANK, None
        return NUMBER, f
    return _classify_other(v)


def is_blank(v: Any) -> bool:
    """True for a blank cell (None, "", whitespace, NaN, formulas' empty token)."""
    return classify(v)[0] == BLANK


def short(s: str, n: int = 40) -> str:
    """``s`` cut to ``n`` characters for a message."""
    return s if len(s) <= n else s[: n - 1] + "…"


def where(pos: tuple[int, ...] | None) -> str:
    """``"cell (r, c) "``, ``"item k "`` or ``""`` (one cell given on its own)."""
    if pos is None:
        return ""
    if len(pos) == 1:
        return f"item {pos[0]} "
    return f"cell ({pos[0]}, {pos[1]}) "


def _text_number(name: str, text: str, at: str) -> float:
    """A number stored as text; inner spaces are not allowed in a cell (``"1 2"`` is text)."""
    f = None if _INNER_SPACE(text) else parse_number_text(text)
    if f is not None:
        return f
    t = normalise(text).rstrip("%").replace(",", "")
    try:
        overflow = any(ch.isdigit() for ch in t) and math.isinf(float(t))
    except ValueError:
        overflow = False
    problem = "which is too large a number" if overflow else "which is not a number"
    raise IIEInputError(name, f"{at}holds the text {short(text)!r}, {problem}")


def number(name: str, v: Any, pos: tuple[int, ...] | None, blank: Any, bools: bool = False) -> float:
    """One cell as a float (``blank`` for a blank cell, e.g. NaN; TRUE → 1 if ``bools``)."""
    kind, x = classify(v)
    if kind == BOOL and bools:
        return 1.0 if x else 0.0
    at = where(pos)
    if kind == NUMBER:
        if math.isinf(x):
            raise IIEInputError(name, f"{at}holds an infinite value")
        return x
    if kind == BLANK:
        if blank is BLANK_IS_ERROR:
            raise IIEInputError(name, f"{at}is blank" if at else "is blank")
        return blank
    if kind == TEXT:
        return _text_number(name, x, at)
    if kind == ERROR:
        raise IIEInputError(name, f"{at}holds the error value {short(x, 60)}")
    if kind == BOOL:
        raise IIEInputError(name, f"{at}holds {'TRUE' if x else 'FALSE'}, which is not a number here")
    if kind == DATE:
        raise IIEInputError(name, f"{at}holds a date or time, which is not a number here")
    raise IIEInputError(name, f"{at}holds a value of type {type(v).__name__}, which is not a number")


def label(name: str, v: Any, pos: tuple[int, ...] | None) -> str | None:
    """One cell as a label (name or code): text stripped, a number as it reads, blank → None."""
    kind, x = classify(v)
    at = where(pos)
    if kind == BLANK:
        return None
    if kind == TEXT:
        return x
    if kind == NUMBER:
        if math.isinf(x):
            raise IIEInputError(name, f"{at}holds an infinite value")
        return str(int(x)) if x == int(x) and abs(x) < 1e15 else repr(x)
    if kind == BOOL:
        return "TRUE" if x else "FALSE"
    if kind == ERROR:
        raise IIEInputError(name, f"{at}holds the error value {short(x, 60)}")
    raise IIEInputError(name, f"{at}holds a value of type {type(v).__name__}, not a name or code")


#: What a sector code may hold (NBS "039", GB/T "C39", "06-07"): ASCII letters and digits, then also
#: ".", "-", "_". Full-width letters and digits are read as their ASCII forms; nothing else is.
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*").fullmatch
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def code(name: str, v: Any, pos: tuple[int, ...] | None) -> str | None:
    """One cell as a sector code (a :func:`label` of letters and digits), blank → None.

    TRUE/FALSE and text such as "²" or "39 a" are errors naming the argument and the cell."""
    kind, x = classify(v)
    at = where(pos)
    if kind == BOOL:
        raise IIEInputError(name, f"{at}holds {'TRUE' if x else 'FALSE'}, which is not a sector code")
    text = label(name, v, pos)
    if text is None:
        return None
    text = text.translate(_FULL_WIDTH)
    if not _CODE(text):
        raise IIEInputError(name, f"{at}holds {short(text)!r}, which is not a sector code (letters A–Z, digits "
                                  "0–9, '.', '-', '_')")
    return text
