"""Values crossing between ``formulas`` and Python: registry arguments and results, cell values.

``formulas`` hands a function arrays, ``Ranges``, numpy scalars, its ``EMPTY`` token for
a blank cell and ``XlError`` objects; the registry functions expect what xlwings gives
them in Excel: a scalar for a 1×1 range, a list of lists for a range, ``None`` for a
blank cell, a float for every number and an error value as its text (``"#N/A"``; the
registry then names the argument). The results of a recalculation are reported as
``float`` / ``str`` / ``bool`` / :class:`~iiecon_xl.xlsx.errors.ExcelError`.

This module imports ``formulas``: the engine imports it only when a recalculation runs.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import schedula as sh
from formulas.functions import Array
from formulas.ranges import Ranges
from formulas.tokens.operand import Error, XlError

from ..xlsx.errors import EXCEL_ERRORS, ExcelError

__all__ = ["as_2d", "py_value", "to_excel_arg", "to_excel_cell", "to_formulas_result"]

_FLOAT = frozenset({float})
_NUMBERS = frozenset({float, int})


def to_excel_cell(x: Any) -> Any:
    """One value ``formulas`` passes → what an Excel function of the registry expects."""
    if x is None or x is sh.EMPTY:
        return None
    if isinstance(x, XlError):
        return str.__str__(x)
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, sh.Token):  # any other schedula token: treat as blank
        return None
    if type(x) is int:  # Excel (and xlwings) hand every number over as a float
        return float(x)
    return x


def to_excel_arg(v: Any) -> Any:
    """An argument from ``formulas`` (array, Ranges, scalar) → scalar or list of lists."""
    if isinstance(v, Ranges):
        v = v.value
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            return to_excel_cell(v.item())
        if v.ndim == 1:
            v = v.reshape(1, -1)
        if v.shape == (1, 1):
            return to_excel_cell(v[0, 0])
        fast = _numeric_rows(v)
        if fast is not None:
            return fast
        conv = to_excel_cell
        return [[conv(x) for x in row] for row in v.tolist()]
    return to_excel_cell(v)


def _numeric_rows(v: np.ndarray) -> list | None:
    """A 2-D block of numbers only (``float``/``int``, no bool) as lists of floats — what
    :func:`to_excel_cell` gives each of them — without a call per cell; None otherwise."""
    if v.dtype.kind == "f":
        return v.tolist()
    if v.dtype != object:
        return None
    kinds = set(map(type, v.flat))
    if not kinds <= _NUMBERS:
        return None
    try:
        return v.tolist() if kinds == _FLOAT else v.astype(float).tolist()
    except (OverflowError, ValueError, TypeError):  # pragma: no cover - an int beyond float
        return None


def _from_excel_cell(x: Any) -> Any:
    if x is None:
        return ""  # xlwings shows None as an empty text in Excel
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, bool):
        return x
    if isinstance(x, numbers.Real):
        return float(x)
    return x


def to_formulas_result(res: Any) -> Any:
    """A registry result (scalar or list of lists) → what ``formulas`` expects."""
    if isinstance(res, np.ndarray):
        if res.ndim == 2 and res.dtype.kind == "f" and res.size > 1:
            return res.astype(object).view(Array)  # Python floats, as _from_excel_cell gives them
        res = res.tolist() if res.ndim else res.item()
    if isinstance(res, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in res]
        width = max((len(r) for r in rows), default=0)
        out = np.empty((len(rows), width), dtype=object)
        out[:] = ""
        for i, r in enumerate(rows):
            for j, x in enumerate(r):
                out[i, j] = _from_excel_cell(x)
        if out.shape == (1, 1):
            return out[0, 0]
        return out.view(Array)
    return _from_excel_cell(res)


def py_value(x: Any, formula: bool = True) -> Any:
    """One result element → float / str / bool / ExcelError (0.0 for a formula's blank)."""
    if isinstance(x, Ranges):
        v = x.value
        x = v.reshape(-1)[0] if getattr(v, "size", 0) else sh.EMPTY
    if isinstance(x, np.ndarray):
        x = x.reshape(-1)[0] if x.size else sh.EMPTY
    if x is sh.EMPTY or x is None:
        return 0.0 if formula else None
    if isinstance(x, XlError):
        code = str.__str__(x)
        return ExcelError(code if code in EXCEL_ERRORS else "#VALUE!")
    if isinstance(x, sh.Token):
        return ExcelError("#VALUE!")
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, bool):
        return x
    if isinstance(x, numbers.Real):
        f = float(x)
        return f if np.isfinite(f) else ExcelError("#NUM!")
    if isinstance(x, str):
        return str.__str__(x)
    if isinstance(x, complex):
        return ExcelError("#NUM!")
    return str(x)


def as_2d(v: Any) -> np.ndarray:
    """A raw result (Array, Ranges, scalar) as a 2-D object array."""
    if isinstance(v, Ranges):
        try:
            v = v.value
        except Exception:  # noqa: BLE001 - an unresolvable reference
            return np.asarray([[Error.errors["#REF!"]]], dtype=object)
    if isinstance(v, np.ndarray):
        a = np.asarray(v, dtype=object)
        if a.ndim == 0:
            return a.reshape(1, 1)
        if a.ndim == 1:
            return a.reshape(1, -1)
        return a
    return np.asarray([[v]], dtype=object)
