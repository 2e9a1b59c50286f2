"""Fast paths for functions over blocks of plain numbers, with ``formulas``' exact results.

``formulas``' SUM converts every element of its arguments with a Python call per cell
(``flatten``, ``to_number``) before one ``np.sum``: at n = 999 the engine spends most of
a SUM over an IO row or column there. When every argument is a number or a block that
holds only ``float`` / ``int`` values and blanks (no bool, text or error), the same floats are
concatenated in the same order, blanks left out, and summed by the same ``np.sum`` — the result is the
same ``numpy.float64`` bit for bit; anything else goes to ``formulas``' implementation.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .grid import EMPTY

__all__ = ["numbers_only", "with_fast_sum"]

_EMPTY = np.array(EMPTY, dtype=object)
_BLANK = type(EMPTY)
_WITH_BLANKS = frozenset({float, int, _BLANK})


def numbers_only(args: tuple) -> list[np.ndarray] | None:
    """The arguments as flat float arrays when each is a plain number or a block of numbers; else None."""
    out = []
    for a in args:
        t = type(a)
        if t is float or t is int:
            out.append(np.array([a], dtype=float))
        elif isinstance(a, np.ndarray) and a.dtype == object and a.size:
            kinds = set(map(type, a.flat))
            if not kinds <= _WITH_BLANKS:
                return None
            if _BLANK in kinds:  # blank cells are left out, as formulas' clean_values leaves them
                a = a[a != _EMPTY]
            try:
                out.append(a.astype(float).ravel())
            except OverflowError:  # pragma: no cover - an integer beyond float: formulas decides
                return None
        else:
            return None
    return out


def with_fast_sum(slow: Callable) -> Callable:
    """SUM: ``np.sum`` of the concatenated numbers when :func:`numbers_only` applies, else ``slow``."""

    def xsum(*args: Any) -> Any:
        parts = numbers_only(args) if args else None
        if parts is None:
            return slow(*args)
        return np.sum(np.concatenate(parts))
    return xsum
