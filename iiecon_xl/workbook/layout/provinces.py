"""Where the section allocation rule of §5 puts things: the provincial section value-added input
sheet (one block of provinces × 19 sections per report year, the optional province-specific η
beside it) and its calculation sheet (which data year each report year uses, the carried value
added, the section totals and the rates Z_t^s / Σ_i VA_{i,τ(t)}^s)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Sheet, Target
from .inputs import INDUSTRIES, N_SECTIONS
from .sheets import FIRST, HEAD, PROVINCE_SECTION_CALC, PROVINCE_SECTIONS


@dataclass(frozen=True)
class ProvinceSectionsSheet(Sheet):
    """Year blocks stacked down, P + 3 rows apart: the year and the section letters A–S in the
    header row, one row per province below (the Province GDP order). Right of them three blocks
    of η (one per industry, years across, blank = the national η)."""

    P: int = 0
    T: int = 0
    name = PROVINCE_SECTIONS
    COLS = {"code": 0, "name": 1, "data": 2}
    #: first column of the η blocks (one blank column after section S)
    ETA_COL = 2 + N_SECTIONS + 1

    @property
    def freeze(self):
        return (FIRST, self.col("data"))

    @property
    def widths(self):
        return ((0, 0, 9), (1, 1, 12), (self.col("data"), self.eta_col(3, self.T - 1), 11))

    @property
    def step(self) -> int:
        return self.P + 3

    def block_row(self, t: int, i: int = 0) -> int:
        """Row of province i in the block of report year t."""
        return FIRST + t * self.step + i

    def header_row(self, t: int) -> int:
        return self.block_row(t) - 1

    def section_col(self, k: int) -> int:
        return self.col("data") + k

    def block_area(self, t: int) -> Target:
        r = self.block_row(t)
        return (r, self.section_col(0), r + self.P - 1, self.section_col(N_SECTIONS - 1))

    def eta_col(self, j: int, t: int) -> int:
        """Column of industry j's (1..3) η in report year t."""
        return self.ETA_COL + (j - 1) * (self.T + 1) + t

    @property
    def eta_label_row(self) -> int:
        return HEAD - 1

    def names(self) -> dict[str, Target]:
        r1, c1, _, c2 = self.block_area(0)
        out: dict[str, Target] = {"PSV_DATA": (r1, c1, self.block_row(self.T - 1, self.P - 1), c2)}
        for j in INDUSTRIES:
            out[f"PSV_ETA_{j}"] = (FIRST, self.eta_col(j, 0), FIRST + self.P - 1, self.eta_col(j, self.T - 1))
        return out


@dataclass(frozen=True)
class ProvinceSectionCalcSheet(Sheet):
    """Rows FIRST…: per report year (columns from C) whether its block has data, the block used
    τ(t) (0-based) and its year; the count of years with data. Then one block per report year,
    P + 6 rows apart: the carried value added VA_{i,τ(t)}^s (provinces × sections), their sum
    Σ_i, and the rates of core and penetration Z_t^s / Σ_i."""

    P: int = 0
    T: int = 0
    name = PROVINCE_SECTION_CALC
    COLS = {"code": 0, "name": 1, "data": 2}
    TOP_ROWS = ("avail", "use", "year", "count")

    @property
    def freeze(self):
        return (FIRST, self.col("data"))

    @property
    def widths(self):
        return ((0, 0, 9), (1, 1, 24), (self.col("data"), self.col("data") + max(self.T, N_SECTIONS), 12))

    def top_row(self, key: str) -> int:
        return FIRST + self.TOP_ROWS.index(key)

    def year_col(self, t: int) -> int:
        return self.col("data") + t

    @property
    def count_cell(self) -> tuple[int, int]:
        return (self.top_row("count"), self.col("data"))

    @property
    def step(self) -> int:
        return self.P + 6

    def block_row(self, t: int, i: int = 0) -> int:
        """Row of province i's carried value added in the block of report year t."""
        return FIRST + len(self.TOP_ROWS) + 3 + t * self.step + i

    def header_row(self, t: int) -> int:
        return self.block_row(t) - 1

    def sum_row(self, t: int) -> int:
        return self.block_row(t, self.P)

    def rate_row(self, t: int, component: str) -> int:
        return self.block_row(t, self.P + 1 + ("core", "pen").index(component))

    def section_col(self, k: int) -> int:
        return self.col("data") + k

    def row_area(self, r: int) -> str:
        """Sections A–S of row r, without the sheet name."""
        return self.area(r, self.section_col(0), r, self.section_col(N_SECTIONS - 1), absolute=False)

    def names(self) -> dict[str, Target]:
        r = self.top_row("avail")
        return {"PSC_AVAIL": (r, self.year_col(0), r, self.year_col(self.T - 1))}
