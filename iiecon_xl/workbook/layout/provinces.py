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
    P + 9 rows apart: the carried value added VA_{i,τ(t)}^s (provinces × sections), their sum
    Σ_i, the rates of core and penetration Z_t^s / Σ_i, and the three industries' rates
    core rate·share_{s,j}^core + penetration rate·share_{s,j}^pen (§5, §7: the province × industry
    amount the cities share is Σ_s VA_i^s times the industry's rate)."""

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
        return self.P + 9

    def block_row(self, t: int, i: int = 0) -> int:
        """Row of province i's carried value added in the block of report year t."""
        return FIRST + len(self.TOP_ROWS) + 3 + t * self.step + i

    def header_row(self, t: int) -> int:
        return self.block_row(t) - 1

    def sum_row(self, t: int) -> int:
        return self.block_row(t, self.P)

    def rate_row(self, t: int, component: str) -> int:
        return self.block_row(t, self.P + 1 + ("core", "pen").index(component))

    def industry_row(self, t: int, j: int) -> int:
        """Row of industry j's (1..3) rate in the block of report year t."""
        return self.block_row(t, self.P + 2 + j)

    def section_col(self, k: int) -> int:
        return self.col("data") + k

    @property
    def blocks_area(self) -> Target:
        """Every year block, sections A–S (PSC_BLOCKS): row t·step + k + 1 is row k of block t."""
        return (self.block_row(0), self.section_col(0), self.industry_row(self.T - 1, 3),
                self.section_col(N_SECTIONS - 1))

    def blocks_offset(self, row: int) -> int:
        """The 1-based row of sheet row ``row`` of block 0 in :attr:`blocks_area` (add t·step for block t)."""
        return row - self.block_row(0) + 1

    def row_area(self, r: int) -> str:
        """Sections A–S of row r, without the sheet name."""
        return self.area(r, self.section_col(0), r, self.section_col(N_SECTIONS - 1), absolute=False)

    def names(self) -> dict[str, Target]:
        r = self.top_row("avail")
        return {"PSC_AVAIL": (r, self.year_col(0), r, self.year_col(self.T - 1)), "PSC_BLOCKS": self.blocks_area}
