"""The values of a book as one numpy object grid per sheet, and references into them.

The fast engine keeps every value in ``formulas``' representation, so that any function
of its library can be called on them unchanged: numbers (``int`` / ``float``), ``str``,
``bool``, ``XlError`` for an error value and ``schedula``'s ``EMPTY`` for a blank cell.
A grid covers the used area of its sheet (constants, formula cells, array ranges);
reading past it gives blanks. Constant cells are put into the grid in one assignment.
:class:`Ref` is a rectangular reference (0-based, inclusive); :meth:`Grids.value` gives
its value as ``formulas`` would: the cell's value for a single cell, a 2-D object array
otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import schedula as sh
from formulas.tokens.operand import Error

from ..xlsx.book_cells import BookCells
from ..xlsx.errors import ExcelError

__all__ = ["EMPTY", "ERRORS", "Grids", "Ref", "xl_error"]

EMPTY = sh.EMPTY
#: ``formulas``' error values by their text.
ERRORS = Error.errors


def xl_error(code: str):
    """The ``formulas`` error value for ``"#N/A"`` (``#VALUE!`` for an unknown text)."""
    return ERRORS.get(code.upper(), ERRORS["#VALUE!"])


class Ref:
    """A rectangle ``r1:r2 × c1:c2`` (0-based, inclusive) of sheet number ``sheet``."""

    __slots__ = ("sheet", "r1", "c1", "r2", "c2")

    def __init__(self, sheet: int, r1: int, c1: int, r2: int, c2: int):
        self.sheet, self.r1, self.c1, self.r2, self.c2 = sheet, r1, c1, r2, c2

    @property
    def shape(self) -> tuple[int, int]:
        return self.r2 - self.r1 + 1, self.c2 - self.c1 + 1

    def key(self) -> tuple[int, int, int, int, int]:
        return self.sheet, self.r1, self.c1, self.r2, self.c2

    def __repr__(self) -> str:
        return f"Ref{self.key()}"


class Grids:
    """One object grid per sheet (index = workbook order), ``EMPTY`` where blank."""

    def __init__(self, book: BookCells, extents: dict[str, tuple[int, int]]):
        self.names = list(book.sheets)
        self.index = {name.upper(): i for i, name in enumerate(self.names)}
        self.grids: list[np.ndarray] = []
        for name, cells in book.sheets.items():
            nr = max([extents.get(name, (0, 0))[0]] + [r + 1 for r in cells.rows[-1:]] +
                     [max(cells.rows, default=-1) + 1])
            nc = max([extents.get(name, (0, 0))[1], max(cells.cols, default=-1) + 1])
            g = np.empty((max(nr, 1), max(nc, 1)), dtype=object)
            g.fill(EMPTY)
            if cells.values:
                vals = np.empty(len(cells.values), dtype=object)
                vals[:] = [xl_error(str(v)) if isinstance(v, ExcelError) else v for v in cells.values]
                g[np.asarray(cells.rows), np.asarray(cells.cols)] = vals
            self.grids.append(g)

    def cell(self, sheet: int, r: int, c: int) -> Any:
        g = self.grids[sheet]
        if 0 <= r < g.shape[0] and 0 <= c < g.shape[1]:
            return g[r, c]
        return EMPTY if r >= 0 and c >= 0 else ERRORS["#REF!"]

    def block(self, ref: Ref) -> np.ndarray:
        """The values of ``ref`` as a new 2-D object array (blanks past the used area)."""
        g = self.grids[ref.sheet]
        h, w = ref.shape
        if ref.r2 < g.shape[0] and ref.c2 < g.shape[1]:
            return g[ref.r1:ref.r2 + 1, ref.c1:ref.c2 + 1].copy()
        out = np.empty((h, w), dtype=object)
        out.fill(EMPTY)
        hh = max(0, min(g.shape[0] - ref.r1, h))
        ww = max(0, min(g.shape[1] - ref.c1, w))
        if hh and ww:
            out[:hh, :ww] = g[ref.r1:ref.r1 + hh, ref.c1:ref.c1 + ww]
        return out

    def value(self, ref: Ref) -> Any:
        """A single cell's value, or the block of a larger range (``formulas``' Ranges.value).

        A single cell is given as its value, not as a 1×1 array: every function treats
        both alike, and the scalar is what the arithmetic fast paths look for.
        """
        if ref.r1 == ref.r2 and ref.c1 == ref.c2:
            return self.cell(ref.sheet, ref.r1, ref.c1)
        return self.block(ref)

    def store(self, sheet: int, r: int, c: int, values: np.ndarray) -> None:
        """Write a 2-D block of results at (r, c) (growing the grid if it must)."""
        g = self.grids[sheet]
        h, w = values.shape
        if r + h > g.shape[0] or c + w > g.shape[1]:
            bigger = np.empty((max(g.shape[0], r + h), max(g.shape[1], c + w)), dtype=object)
            bigger.fill(EMPTY)
            bigger[:g.shape[0], :g.shape[1]] = g
            self.grids[sheet] = g = bigger
        g[r:r + h, c:c + w] = values
