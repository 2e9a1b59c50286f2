"""A sheet of the NBS table layout and the block of sector rows and columns located in it.

:class:`Sheet` is the grid with the questions the layout readers ask of it; :class:`Block` is where
the flow block sits (found by :mod:`.sheet_layout`), which the header and row readers
(:mod:`.sheet_headers`, :mod:`.sheet_rows`) start from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .text import blank, code_of


class Sheet:
    """A rectangular grid of cells (rows of equal length)."""

    def __init__(self, grid: list[list]):
        self.grid = grid
        self.nrows = len(grid)
        self.ncols = len(grid[0]) if grid else 0

    def row_blank(self, r: int) -> bool:
        return all(blank(v) for v in self.grid[r])

    def col_blank(self, c: int, rows) -> bool:
        """Whether column ``c`` is blank in every row of ``rows``."""
        return all(blank(self.grid[r][c]) for r in rows)

    def text_count(self, c: int, rows, pattern: Callable[[str], bool]) -> int:
        """How many text cells of column ``c`` in ``rows`` satisfy ``pattern``."""
        return sum(1 for r in rows if isinstance(self.grid[r][c], str) and pattern(self.grid[r][c]))


@dataclass
class Block:
    """Where the flow block sits: the code column and the sector rows running down it, the
    imported-product rows (a non-competitive-import table) or None, the names column, the flow
    columns and the header row whose codes (or names) run across them."""

    code_col: int
    zrows: list[int]
    imp_rows: list[int] | None
    name_col: int
    names: list[str]
    zcols: list[int]
    code_row: int
    across: str

    @property
    def n(self) -> int:
        return len(self.zrows)

    @property
    def row0(self) -> int:
        """The first sector row (every row above it is a header row)."""
        return self.zrows[0]

    @property
    def all_rows(self) -> list[int]:
        return self.zrows + (self.imp_rows or [])

    @property
    def end(self) -> int:
        """The last sector (or imported-product) row."""
        return (self.imp_rows or self.zrows)[-1]


def runs(cells: list, blank_ok: Callable[[int], bool]) -> list[list[int]]:
    """Runs of positions whose cells hold the codes 1, 2, 3, … (blank positions allowed inside
    when ``blank_ok``)."""
    found, cur, expect = [], None, 0
    for p, v in enumerate(cells):
        k = code_of(v)
        if cur is not None and k == expect:
            cur.append(p)
            expect += 1
            continue
        if cur is not None and blank(v) and blank_ok(p):
            continue
        if cur is not None:
            found.append(cur)
            cur = None
        if k == 1:
            cur, expect = [p], 2
    if cur is not None:
        found.append(cur)
    return found
