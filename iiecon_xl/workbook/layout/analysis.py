"""Where the 分析 Analysis sheet puts things (issue 15): the IO analysis menu on the book's own table.

- the sector table, one row per sector from :attr:`AnalysisSheet.top`: identity, related flag,
  final demand f = X − Z·1, the output and value-added multipliers (Type I), the linkages with
  the key-sector class; its header is two rows: Chinese + English labels, then the short keys
  that head the iiecon-xl functions' tables (the function edition's spills start on that row);
- edition columns right of it: the native edition's extraction outputs (x, x̄ of each kind), the
  function edition's RAS targets and factors;
- native edition only: L = (I − A)⁻¹ and the Ghosh inverse G = X̂⁻¹ L X̂ right of the table,
  row i of each beside sector i;
- below the table: the related sectors K (position, BL, FL, class), the hypothetical extraction
  of K, and in the function edition the uncertainty band (draws and seed input cells,
  IIE_UNCERTAINTY's table, the national series with its band) and the RAS report;
- the charts: the linkage quadrant (both editions) and the band (function edition).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...parameters import UNCERTAINTY_QUANTILES
from .base import Sheet, Target
from .sheets import ANALYSIS, FUNCTION, HEAD, NATIVE

#: the sector table's columns, in order (both editions)
SECTOR_COLS = ("no", "code", "name_zh", "name_en", "related", "f",
               "out_initial", "out_direct", "out_indirect", "out_simple", "out_type_I",
               "va_initial", "va_direct", "va_indirect", "va_simple", "va_type_I",
               "BL_direct", "FL_direct", "BL_total", "FL_total", "BL", "FL", "cv_BL", "cv_FL", "class",
               "FL_leontief", "class_zh")
#: the columns of each edition right of the sector table
EDITION_COLS = {NATIVE: ("x", "x_backward", "x_supply", "x_forward", "x_total"),
                FUNCTION: ("ras_u", "ras_v", "ras_r", "ras_s")}
#: the blocks of the related sectors' table and the extraction table
RELATED_COLS = ("code", "name_zh", "position", "BL", "FL", "class_zh")
EXTRACTION_COLS = ("kind_zh", "extraction", "output_loss", "output_loss_pct", "va_loss", "va_loss_pct")
#: IIE_UNCERTAINTY's table (header, one row per quantile, then "point")
UNCERTAINTY_COLS = ("quantile", "direct", "penetration", "total")
#: the national band: year, then each series with its band
BAND_SERIES = ("core", "penetration", "total")


@dataclass(frozen=True)
class AnalysisSheet(Sheet):
    """The Analysis sheet of a book with n sectors, m related sectors, T years, q quantiles."""

    n: int = 0
    m: int = 0
    T: int = 0
    q: int = len(UNCERTAINTY_QUANTILES)
    p: int = 0           # criteria (rows of each related sector's votes)
    g: int = 0           # grades
    edition: str = FUNCTION
    name = ANALYSIS
    COLS = {c: i for i, c in enumerate(SECTOR_COLS)}

    # ------------------------------------------------------------------ sector table
    label_row = HEAD       # Chinese + English labels
    key_row = HEAD + 1     # the functions' header keys

    @property
    def top(self) -> int:
        """First sector row."""
        return self.key_row + 1

    def row(self, i: int) -> int:
        return self.top + i

    @property
    def last_row(self) -> int:
        return self.top + self.n - 1

    @property
    def native(self) -> bool:
        return self.edition == NATIVE

    @property
    def freeze(self):
        return (self.top, self.col("name_zh") + 1)

    @property
    def widths(self):
        return ((0, 0, 5), (1, 1, 7), (2, 3, 22), (4, self.col("class_zh"), 11),
                (self.col("class_zh"), self.col("class_zh"), 13))

    def ecol(self, key: str) -> int:
        """Column of edition column ``key`` (one of :data:`EDITION_COLS` of this edition)."""
        return len(SECTOR_COLS) + 1 + EDITION_COLS[self.edition].index(key)

    def column(self, key) -> Target:
        """The n sector cells of column ``key`` (a sector column name or a number)."""
        return self.column_area(key, self.n, top=self.top)

    def column_ref(self, key, *, sheet: bool = False) -> str:
        r1, c, r2, _ = self.column(key)
        return self.ref_area(r1, c, r2, c) if sheet else self.area(r1, c, r2, c)

    # ------------------------------------------------------------------ native matrices
    @property
    def l_col(self) -> int:
        """First column of L (native edition), one blank column after the edition columns."""
        return len(SECTOR_COLS) + 1 + len(EDITION_COLS[NATIVE]) + 1

    @property
    def g_col(self) -> int:
        return self.l_col + self.n + 1

    def matrix_area(self, which: str) -> Target:
        c = self.l_col if which == "L" else self.g_col
        return (self.top, c, self.last_row, c + self.n - 1)

    def matrix_col(self, which: str, j: int) -> str:
        """Column j of L or G (no sheet name, absolute)."""
        r1, c, r2, _ = self.matrix_area(which)
        return self.area(r1, c + j, r2, c + j)

    def matrix_row(self, which: str, i: int) -> str:
        r1, c, _, c2 = self.matrix_area(which)
        return self.area(r1 + i, c, r1 + i, c2)

    # ------------------------------------------------------------------ blocks below the table
    @property
    def related_top(self) -> int:
        """First related-sector row (title two rows above, header one above)."""
        return self.last_row + 4

    def related_row(self, i: int) -> int:
        return self.related_top + i

    def rcol(self, key: str) -> int:
        return 1 + RELATED_COLS.index(key)

    @property
    def extraction_head(self) -> int:
        """Header row of the extraction table (IO_EXTRACTION's keys); one row per kind below."""
        return self.related_top + max(self.m, 1) + 3

    def xcol(self, key: str) -> int:
        return EXTRACTION_COLS.index(key)

    @property
    def extraction_last(self) -> int:
        return self.extraction_head + 3

    # function edition: uncertainty and RAS
    @property
    def draws_row(self) -> int:
        return self.extraction_last + 3

    @property
    def seed_row(self) -> int:
        return self.draws_row + 1

    PARAM_COL = 2          # the draws and seed input cells (labels in columns A–B)

    @property
    def stack_head(self) -> int:
        """Header of the stacked expert votes (m·p rows × g) IIE_UNCERTAINTY reads, right of the band."""
        return self.unc_head

    @property
    def stack_col(self) -> int:
        """First column of the stacked votes: the related code, then the criterion, then g counts."""
        return self.bcol(BAND_SERIES[-1], self.q - 1) + 2

    @property
    def unc_head(self) -> int:
        """Header row of IIE_UNCERTAINTY's table (q quantile rows and the point row below)."""
        return self.seed_row + 3

    def ucol(self, key: str) -> int:
        return UNCERTAINTY_COLS.index(key)

    @property
    def unc_last(self) -> int:
        return self.unc_head + self.q + 1

    @property
    def band_head(self) -> int:
        """Header row of the national band (one row per year below)."""
        return self.unc_last + 3

    def band_row(self, t: int) -> int:
        return self.band_head + 1 + t

    @property
    def band_last(self) -> int:
        return self.band_row(self.T - 1)

    def bcol(self, series: str, k: int | None = None) -> int:
        """Column of ``series`` (k None) or of its k-th quantile in the band table; year in column A."""
        return 1 + BAND_SERIES.index(series) * (self.q + 1) + (0 if k is None else 1 + k)

    @property
    def ras_head(self) -> int:
        """Header of RAS_UPDATE's report (3 rows below)."""
        return self.band_last + 3

    @property
    def blocks_end(self) -> int:
        if self.native:
            return self.extraction_last
        return max(self.ras_head + 3, self.stack_head + self.m * self.p)

    # ------------------------------------------------------------------ charts
    @property
    def quadrant_anchor(self) -> tuple[int, int]:
        return (self.blocks_end + 3, 1)

    @property
    def band_anchor(self) -> tuple[int, int]:
        return (self.blocks_end + 3, 9)

    def names(self) -> dict[str, Target]:
        out: dict[str, Target] = {"AN_IDX": self.column("no"), "AN_REL": self.column("related"),
                                  "AN_F": self.column("f"), "AN_VC": self.column("va_initial"),
                                  "AN_BL_TOTAL": self.column("BL_total"), "AN_FL_TOTAL": self.column("FL_total")}
        if self.m:
            c = self.rcol("position")
            out["AN_KPOS"] = (self.related_top, c, self.related_top + self.m - 1, c)
        if self.native:
            out["AN_L"] = self.matrix_area("L")
            out["AN_G"] = self.matrix_area("G")
        else:
            out["AN_DRAWS"] = (self.draws_row, self.PARAM_COL)
            out["AN_SEED"] = (self.seed_row, self.PARAM_COL)
            if self.m and self.p and self.g:
                top = self.stack_head + 1
                c = self.stack_col + 2
                out["AN_VOTES"] = (top, c, top + self.m * self.p - 1, c + self.g - 1)
        return out
