"""Where the GDP fill sheet puts things: the national GDP by industry and the provincial GDP by
province and industry the book computes with, a blank input year filled (METHOD.md §4)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Sheet, Target
from .inputs import INDUSTRIES
from .sheets import FIRST, GDP_FILL


@dataclass(frozen=True)
class GDPFillSheet(Sheet):
    """Blocks of one row per series, years across, stacked ``n + 3`` rows apart: the values used
    ("value") and their flags ("flag"); the native edition's helpers follow ("use", "prev", "next"
    by year; "line": the fitted line of each series, in the year columns). Series 0–2 are the
    nation's three industries, then industry j's P provinces (:meth:`series`)."""

    P: int = 0
    T: int = 0
    name = GDP_FILL
    COLS = {"code": 0, "name": 1, "industry": 2}
    YEAR_COL = 3
    BLOCKS = ("value", "flag", "use", "prev", "next", "line")
    #: the "line" block's columns: first and last observed year, years used, means, slope, intercept
    LINE = ("first_obs", "last_obs", "n_used", "x_mean", "y_mean", "slope", "intercept")

    @property
    def freeze(self):
        return (FIRST, self.YEAR_COL)

    @property
    def widths(self):
        return ((0, 0, 9), (1, 1, 14), (2, 2, 12), (self.YEAR_COL, self.YEAR_COL + max(self.T, len(self.LINE)), 13))

    @property
    def n(self) -> int:
        """How many series: the nation's three industries and P provinces × 3."""
        return len(INDUSTRIES) * (1 + self.P)

    def series(self, j: int, i: int | None = None) -> int:
        """Index of industry j (1..3) of the nation (``i`` None) or of province i (0-based)."""
        return j - 1 if i is None else len(INDUSTRIES) + (j - 1) * self.P + i

    def row(self, block: str, n: int = 0) -> int:
        """Row of series n in ``block`` (one of :attr:`BLOCKS`)."""
        return FIRST + self.BLOCKS.index(block) * (self.n + 3) + n

    def title_row(self, block: str) -> int:
        return self.row(block) - 2

    def header_row(self, block: str) -> int:
        return self.row(block) - 1

    def year_col(self, t: int) -> int:
        return self.YEAR_COL + t

    def line_col(self, k: str) -> int:
        """Column of ``k`` (one of :attr:`LINE`) in the "line" block."""
        return self.YEAR_COL + self.LINE.index(k)

    def year_area(self, block: str, n: int) -> Target:
        """Series n of ``block`` over the years."""
        r = self.row(block, n)
        return (r, self.year_col(0), r, self.year_col(self.T - 1))

    def block_area(self, block: str) -> Target:
        return (self.row(block), self.year_col(0), self.row(block, self.n - 1), self.year_col(self.T - 1))

    def used(self, j: int, t: int, i: int | None = None, *, sheet: bool = True) -> str:
        """The GDP used of industry j in year t, of the nation or of province i."""
        r, c = self.row("value", self.series(j, i)), self.year_col(t)
        return self.ref(r, c) if sheet else self.cell(r, c)

    def names(self) -> dict[str, Target]:
        out: dict[str, Target] = {"NG_USED": (self.row("value", 0), self.year_col(0), self.row("value", 2),
                                              self.year_col(self.T - 1))}
        for j in INDUSTRIES:
            out[f"PG_USED_{j}"] = (self.row("value", self.series(j, 0)), self.year_col(0),
                                   self.row("value", self.series(j, self.P - 1)), self.year_col(self.T - 1))
        return out
