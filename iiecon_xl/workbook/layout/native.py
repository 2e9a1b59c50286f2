"""Where the sheets of the native ("glass-box") edition only put things.

The native edition computes with built-in functions; the steps the iiecon-xl functions
do inside get cells of their own:

- :class:`MatrixSheet` — A = Z·X̂⁻¹ (n×n); the augmented system (one row per augmented
  sector: its code, its source sector σ, its index, its split share r) with A* ((n+m)²)
  and the m used columns of (I − A*)⁻¹ beside it; the table of the virtual sectors
  (S, X_k, ΔX = S·X_k, C_vv, ΔX/C_vv);
- :class:`HelperSheet` — the fuzzy evaluation of each related sector (membership R, the
  weighted and the min–max evaluation vectors, B), and the rankings the report tables sort
  by (cities by index and by value added, provinces by total; the sorted lists and the
  running city lists of each tier).
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Sheet, Target
from .reports import N_TIERS
from .sheets import FIRST, HELPERS, MATRICES


@dataclass(frozen=True)
class MatrixSheet(Sheet):
    """A at the top; the augmented block (A*, used columns of C) below; the virtual sectors last."""

    n: int = 0
    m: int = 0
    name = MATRICES
    COLS = {"code": 0, "name": 1, "aug_code": 0, "source": 1, "index": 2, "r": 3,
            "v_code": 0, "v_S": 1, "v_X": 2, "v_dX": 3, "v_Cvv": 4, "v_w": 5, "v_index": 6}
    DATA_COL = 2      # first column of A
    AUG_COL = 4       # first column of A*

    @property
    def N(self) -> int:   # noqa: N802 - the size n+m of the augmented system
        return self.n + self.m

    @property
    def freeze(self):
        return (FIRST, self.DATA_COL)

    @property
    def widths(self):
        return ((0, 0, 9), (1, 1, 18), (2, 3, 9))

    @property
    def a_area(self) -> Target:
        return (FIRST, self.DATA_COL, FIRST + self.n - 1, self.DATA_COL + self.n - 1)

    @property
    def aug_top(self) -> int:
        """First row of the augmented block (its title two rows above, its header one above)."""
        return FIRST + self.n + 3

    def aug_row(self, a: int) -> int:
        return self.aug_top + a

    def aug_col(self, b: int) -> int:
        return self.AUG_COL + b

    @property
    def aug_area(self) -> Target:
        return (self.aug_top, self.AUG_COL, self.aug_top + self.N - 1, self.AUG_COL + self.N - 1)

    def c_col(self, i: int) -> int:
        """Column of the used column of (I − A*)⁻¹ for virtual sector i (one blank column after A*)."""
        return self.AUG_COL + self.N + 1 + i

    @property
    def c_area(self) -> Target:
        return (self.aug_top, self.c_col(0), self.aug_top + self.N - 1, self.c_col(self.m - 1))

    @property
    def virtual_top(self) -> int:
        return self.aug_top + self.N + 3

    def virtual_row(self, i: int) -> int:
        return self.virtual_top + i

    def names(self) -> dict[str, Target]:
        top, N = self.aug_top, self.N
        out: dict[str, Target] = {"NAT_A": self.a_area, "AUG_A": self.aug_area}
        for nm, col in (("AUG_SRC", "source"), ("AUG_IDX", "index"), ("AUG_R", "r")):
            out[nm] = self.column_area(col, N, top=top)
        if self.m:
            out["AUG_C"] = self.c_area
            out["AUG_C_TOP"] = (top, self.c_col(0), top + self.n - 1, self.c_col(self.m - 1))
            for nm, col in (("VIRT_IDX", "v_index"), ("VIRT_W", "v_w")):
                out[nm] = self.column_area(col, self.m, top=self.virtual_top)
        return out


@dataclass(frozen=True)
class HelperSheet(Sheet):
    """Fuzzy-evaluation blocks on the left (one per related sector, p + 5 rows each); the
    rankings on the right (one row per city, one per province)."""

    m: int = 0
    p: int = 0
    g: int = 0
    C: int = 0
    P: int = 0
    name = HELPERS
    COLS = {"f_code": 0, "f_label": 1, "f_grades": 2}
    #: rankings columns, counted from :attr:`rank_col`
    RANK = ("city_rank", "va_rank", "k", "sorted_name", "sorted_index", "sorted_tier",
            *(f"cat{k}" for k in range(1, N_TIERS + 1)), "", "prov_rank", "prov_name", "prov_total")
    FUZZY_ROWS = ("weighted", "minmax", "B")

    @property
    def widths(self):
        return ((0, 1, 14), (self.rank_col, self.rank_col + len(self.RANK), 12))

    def block_row(self, i: int) -> int:
        """Header row of related sector i's fuzzy block (R below it, then weighted, minmax, B)."""
        return FIRST + i * (self.p + len(self.FUZZY_ROWS) + 2)

    def r_area(self, i: int) -> Target:
        top, c = self.block_row(i) + 1, self.col("f_grades")
        return (top, c, top + self.p - 1, c + self.g - 1)

    def fuzzy_row(self, i: int, key: str) -> int:
        return self.block_row(i) + 1 + self.p + self.FUZZY_ROWS.index(key)

    def fuzzy_area(self, i: int, key: str) -> Target:
        r, c = self.fuzzy_row(i, key), self.col("f_grades")
        return (r, c, r, c + self.g - 1)

    @property
    def fuzzy_end(self) -> int:
        """The last row of the fuzzy blocks."""
        return self.fuzzy_row(max(self.m - 1, 0), "B")

    @property
    def rank_col(self) -> int:
        return self.col("f_grades") + max(self.g, 1) + 2

    def rcol(self, key: str) -> int:
        """Column of rankings column ``key`` (one of :attr:`RANK`)."""
        return self.rank_col + self.RANK.index(key)

    @staticmethod
    def row(i: int) -> int:
        return FIRST + i

    def rank_column(self, key: str, rows: int) -> str:
        """The ``rows`` cells of rankings column ``key``, with the sheet name."""
        c = self.rcol(key)
        return self.ref_area(FIRST, c, FIRST + rows - 1, c)

    def names(self) -> dict[str, Target]:
        out: dict[str, Target] = {}
        for nm, key in (("CITY_RANK", "city_rank"), ("CITY_VA_RANK", "va_rank"), ("CITY_SORTED", "sorted_name"),
                        ("CITY_SORTED_INDEX", "sorted_index")):
            out[nm] = self.column_area(self.rcol(key), self.C)
        out["PROV_RANK"] = self.column_area(self.rcol("prov_rank"), self.P)
        return out
