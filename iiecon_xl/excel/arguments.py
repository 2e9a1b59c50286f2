"""Argument rules shared by the Excel functions of several topics.

An optional argument left out (:func:`absent`), the model's argument names mapped to the
Excel ones (:func:`renamed`), coefficients in [0, 1] (:func:`unit_interval`), a column of
years (:func:`year_column`), and the help text of a default (:func:`default_text`). The
functions pass :func:`default_text` the same constant of :mod:`iiecon_xl.parameters` their
signature uses, so the Function Wizard, the reference and the code cannot disagree.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np

from ..errors import IIEInputError
from . import cells
from .cells import BLANK_IS_ERROR


def absent(v) -> bool:
    """An optional argument left out, or given as one blank cell."""
    if v is None:
        return True
    if isinstance(v, (list, tuple, np.ndarray)):
        flat = np.asarray(v, dtype=object).reshape(-1)
        return flat.size == 1 and cells.is_blank(flat[0])
    return cells.is_blank(v)


@contextmanager
def renamed(names: dict[str, str]):
    """Re-raise the model's input errors under the Excel argument names."""
    try:
        yield
    except IIEInputError as e:
        if e.argument in names:
            raise IIEInputError(names[e.argument], e.problem) from None
        raise


def unit_interval(name: str, arr: np.ndarray) -> np.ndarray:
    """``arr`` itself, after checking every coefficient lies in [0, 1]."""
    bad = np.flatnonzero((arr < 0) | (arr > 1))
    if bad.size:
        i = int(bad[0])
        raise IIEInputError(name, f"coefficients must lie in [0, 1]; item {i + 1} is {arr[i]:g}")
    return arr


def year_column(name: str, v) -> np.ndarray:
    """Whole years, each once, from a row or column (no blanks)."""
    y = cells.to_vector(name, v, blank=BLANK_IS_ERROR)
    frac = np.flatnonzero(y != np.round(y))
    if frac.size:
        i = int(frac[0])
        raise IIEInputError(name, f"item {i + 1} ({y[i]:g}) is not a whole year")
    out = y.astype(int)
    uniq, counts = np.unique(out, return_counts=True)
    if (counts > 1).any():
        raise IIEInputError(name, f"year {int(uniq[counts > 1][0])} appears more than once")
    return out


def finite_or_blank(x: float):
    """``x`` as a float, or None (a blank cell) when it is NaN or infinite."""
    return float(x) if np.isfinite(x) else None


def excel_value(v) -> str:
    """A default as a person types it in a cell: TRUE/FALSE, ``2007``, ``50``, ``"weighted"``."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, str):
        return f'"{v}"'
    return str(v)


def default_text(v, sep: str = ", ") -> str:
    """``"Default 2007."``, ``"Default 50, 35, 25, 17."``, ``"Default FALSE."`` for a help text."""
    if isinstance(v, (tuple, list)):
        return f"Default {sep.join(excel_value(x) for x in v)}."
    return f"Default {excel_value(v)}."
