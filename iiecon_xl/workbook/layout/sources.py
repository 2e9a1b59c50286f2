"""Where the 数据来源 Sources sheet puts things, and the input cell of every yearly input value.

The sheet lists, one row each, the inputs that are not observed values typed into the book
(:mod:`iiecon_xl.workbook.provenance`): first the values a command wrote (imported or
extrapolated, with the value recorded), then the blank inputs (extrapolated by the book's
formulas, or awaiting data). Its last column recalculates the status from the input cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...inputs import INDUSTRY_COLUMNS
from .base import Sheet
from .sheets import FIRST, SOURCES


@dataclass(frozen=True)
class SourcesSheet(Sheet):
    """``recorded`` rows of recorded marks from FIRST, then ``blank`` rows, one per yearly input row."""

    recorded: int = 0
    blank: int = 0
    name = SOURCES
    COLS = {"sheet": 0, "series": 1, "key": 2, "year": 3, "cell": 4, "status": 5, "source": 6, "value": 7,
            "current": 8}

    @property
    def widths(self):
        return ((0, 0, 24), (1, 2, 16), (3, 4, 8), (5, 5, 12), (6, 6, 48), (7, 8, 14))

    @staticmethod
    def row(i: int) -> int:
        return FIRST + i

    @property
    def rows(self) -> int:
        return self.recorded + self.blank

    def recorded_area(self) -> tuple[int, int, int, int] | None:
        """The current-status cells of the recorded rows (None when there are none)."""
        if not self.recorded:
            return None
        c = self.col("current")
        return (FIRST, c, FIRST + self.recorded - 1, c)


def input_cell(lay, series: str, key: str, year: int | None):
    """(sheet layout, row, col) of the input value ``(series, key, year)`` in the book of ``lay``."""
    d = lay.dims
    if series == "section_va":
        from ...model import SECTIONS

        return lay.section_va, lay.section_va.row(SECTIONS.index(key)), lay.section_va.year_col(d.years.index(year))
    if series == "macro":
        return lay.macro, lay.macro.row(key), lay.macro.year_col(d.macro_years.index(year))
    if series == "national_gdp":
        j = INDUSTRY_COLUMNS.index(key) + 1
        return lay.national_gdp, lay.national_gdp.row(j), lay.national_gdp.year_col(d.years.index(year))
    code, col = key.rsplit(" ", 1)
    j = INDUSTRY_COLUMNS.index(col) + 1
    if series == "province_gdp":
        pg = lay.province_gdp
        return pg, pg.row(list(d.provinces.index).index(int(code))), pg.block_col(j) + d.years.index(year)
    cg = lay.city_gdp
    return cg, cg.row(list(d.cities.index).index(code)), cg.gdp_col(j)
