"""LINEST as Excel computes it, for the fast engine (``formulas``' LINEST reverses the standard
errors of several variables and divides F by k + 1 instead of k).

``LINEST(known_y, [known_x], [const], [stats])``: a single row of ``known_y`` takes each row
of ``known_x`` as a variable, a single column each column. The first row of the result is
``m_k … m_1, b`` (the variables in reverse order); with ``stats`` four more rows: the
standard errors, (r², s_y), (F, degrees of freedom), (ss_reg, ss_resid), ``#N/A`` elsewhere.
Without a constant, b = 0, its standard error is ``#N/A`` and r², ss_reg are uncentred.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from formulas.functions import Array
from formulas.tokens.operand import XlError

from .grid import EMPTY, ERRORS

__all__ = ["linest"]


def _matrix(v: Any) -> np.ndarray:
    a = np.asarray(v, dtype=object)
    a = a.reshape(1, 1) if a.ndim == 0 else (a.reshape(1, -1) if a.ndim == 1 else a)
    for x in a.flat:
        if isinstance(x, XlError):
            raise _Fail(x)
        if isinstance(x, bool) or not isinstance(x, (int, float, np.number)):
            raise _Fail(ERRORS["#VALUE!"])
    return a.astype(float)


class _Fail(Exception):
    def __init__(self, error):
        self.error = error


def _flag(v: Any, default: bool) -> bool:
    if v is None or v is EMPTY:
        return default
    a = np.asarray(v, dtype=object).reshape(-1)
    return bool(a[0]) if a.size else default


def _design(y: np.ndarray, x: Any) -> tuple[np.ndarray, np.ndarray]:
    if x is None or x is EMPTY:
        return y.reshape(-1), np.arange(1.0, y.size + 1).reshape(-1, 1)
    xm = _matrix(x)
    if y.shape[0] == 1 and y.shape[1] > 1:
        xm = xm.T
    elif not (y.shape[1] == 1):
        xm = xm.reshape(-1, 1)
    if xm.shape[0] != y.size:
        raise _Fail(ERRORS["#REF!"])
    return y.reshape(-1), xm


def _stats(yv, design, coef, const: bool, k: int) -> list[list[Any]]:
    n = yv.size
    resid = yv - design @ coef
    ss_resid = float(resid @ resid)
    fitted = design @ coef
    df = n - k - (1 if const else 0)
    ss_reg = float(((fitted - yv.mean()) ** 2).sum()) if const else float(fitted @ fitted)
    total = ss_reg + ss_resid
    r2 = ss_reg / total if total else 1.0
    sey = float(np.sqrt(ss_resid / df)) if df > 0 else ERRORS["#NUM!"]
    if df > 0:
        cov = (ss_resid / df) * np.linalg.pinv(design.T @ design)
        se = list(np.sqrt(np.abs(np.diag(cov))))
    else:
        se = [ERRORS["#NUM!"]] * design.shape[1]
    se_row = se[:k][::-1] + ([se[k]] if const else [ERRORS["#N/A"]])
    f = (ss_reg / k) / (ss_resid / df) if df > 0 and ss_resid else ERRORS["#NUM!"]
    na = [ERRORS["#N/A"]] * (k - 1)
    return [se_row, [r2, sey, *na], [f, float(df), *na], [ss_reg, ss_resid, *na]]


def linest(known_y, known_x=None, const=None, stats=None):
    """Excel's LINEST (see the module docstring); an error value for bad arguments."""
    try:
        yv, xm = _design(_matrix(known_y), known_x)
        use_const, want_stats = _flag(const, True), _flag(stats, False)
        k = xm.shape[1]
        design = np.hstack([xm, np.ones((yv.size, 1))]) if use_const else xm
        coef = np.linalg.lstsq(design, yv, rcond=None)[0]
        first = list(coef[:k][::-1]) + [float(coef[k]) if use_const else 0.0]
        rows = [first] + (_stats(yv, design, coef, use_const, k) if want_stats else [])
        width = k + 1
        out = np.empty((len(rows), width), dtype=object)
        for i, r in enumerate(rows):
            out[i, :] = [float(v) if isinstance(v, (float, np.floating)) else v for v in r[:width]] + \
                [ERRORS["#N/A"]] * (width - len(r))
        return out.view(Array)
    except _Fail as e:
        return e.error
    except (ValueError, np.linalg.LinAlgError):
        return ERRORS["#VALUE!"]
