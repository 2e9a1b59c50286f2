"""Argument rules shared by the Excel functions of several topics.

An optional argument left out (:func:`absent`), the model's argument names mapped to the
Excel ones (:func:`renamed`), coefficients in [0, 1] (:func:`unit_interval`), a column of
years (:func:`year_column`) or one year (:func:`year_cell`), plausible years both, where a
TRUE/FALSE sits (:func:`first_boolean`), and the help text of a default (:func:`default_text`). The
functions pass :func:`default_text` the same constant of :mod:`iiecon_xl.parameters` their
signature uses, so the Function Wizard, the reference and the code cannot disagree.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np

from ..errors import IIEInputError
from ..model import checks
from . import cells
from .cell_values import BOOL, classify
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
    """Whole, plausible years (:data:`~iiecon_xl.model.checks.PLAUSIBLE_YEARS`), each once, from a row
    or column (no blanks)."""
    y = cells.to_vector(name, v, blank=BLANK_IS_ERROR)
    return checks.years_unique(name, y).astype(int)


def year_cell(name: str, v, default):
    """One plausible year from one cell; blank gives ``default``."""
    y = cells.to_scalar(name, v, None)
    return default if y is None else checks.year_number(name, y)


def first_boolean(v) -> int | None:
    """The 1-based position of the first TRUE/FALSE among the cells of ``v`` (read already), else None."""
    if not isinstance(v, (list, tuple, np.ndarray)):
        return 1 if classify(v)[0] == BOOL else None
    flat = [x for row in v for x in (row if isinstance(row, (list, tuple, np.ndarray)) else [row])]
    return next((i + 1 for i, x in enumerate(flat) if classify(x)[0] == BOOL), None)


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
