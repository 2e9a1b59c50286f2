"""Where the calculation sheets put things: sector results, section rates and series, the
production function, the province allocation."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Sheet, Target
from .inputs import INDUSTRIES, MACRO_SERIES, N_SECTIONS
from .sheets import FIRST, PRODUCTION, PROVINCE_CALC, SECTION_CALC, SECTOR_CALC

#: rows of PRODFN_FIT's table below its header (see iiecon_xl.udfs.PRODFN_FIT)
PRODFN_ROWS = ("lnA", "alpha", "beta", "A", "R2", "nobs", "warning")


@dataclass(frozen=True)
class SectorCalcSheet(Sheet):
    """One row per sector: identity, X, M, V, S, direct S(X−M), ΔY, λ, dz, then its industry by
    the NBS 2018 rule (from the sector classification) and under P_INDUSTRY_RULE; a total row below."""

    n: int = 0
    name = SECTOR_CALC
    COLS = {"code": 0, "name": 1, "section": 2, "X": 3, "M": 4, "V": 5, "S": 6, "direct": 7,
            "dY": 8, "lambda": 9, "dz": 10, "industry_nbs": 11, "industry": 12}
    #: defined name → column
    NAMED = {"CALC_SECTION": "section", "CALC_X": "X", "CALC_M": "M", "CALC_V": "V", "CALC_S": "S",
             "CALC_DIRECT": "direct", "CALC_DY": "dY", "CALC_LAMBDA": "lambda", "CALC_DZ": "dz",
             "CALC_INDUSTRY": "industry"}
    #: columns with a sum in the total row
    TOTALS = ("X", "M", "V", "direct", "dY", "dz")

    @property
    def freeze(self):
        return (FIRST, self.col("section"))

    @property
    def widths(self):
        return ((0, 0, 7), (1, 1, 22), (self.col("X"), self.col("industry"), 14))

    @property
    def last_row(self) -> int:
        return FIRST + self.n - 1

    @property
    def total_row(self) -> int:
        return self.last_row + 1

    def names(self) -> dict[str, Target]:
        return {nm: self.column_area(c, self.n) for nm, c in self.NAMED.items()}


@dataclass(frozen=True)
class SectionCalcSheet(Sheet):
    """The rates block (one row per section: base-year values, denominator, d, p, the shares of
    its core and penetration in the three industries), then year blocks of 19 rows stacked 23
    rows apart: value added (extrapolated), flags, μ_t (one row), p_s(t), core and penetration."""

    T: int = 0
    name = SECTION_CALC
    COLS = {"section": 0, "name": 1, "industry": 2, "V": 3, "direct": 4, "dz": 5, "denominator": 6,
            "d": 7, "p0": 8, "core_1": 9, "core_2": 10, "core_3": 11, "pen_1": 12, "pen_2": 13, "pen_3": 14}
    YEAR_COL = 3
    BLOCK_STEP = N_SECTIONS + 4
    #: the native edition's extrapolation helpers follow: the observed years the line is fitted
    #: on ("use", 1/0), and the previous / next observed year of each missing one
    BLOCKS = ("va", "flag", "mu", "p", "core", "pen", "use", "prev", "next")
    #: native edition: the fitted line of each section, in the rates block right of p0
    LINE_COLS = {"first_obs": 16, "last_obs": 17, "n_used": 18, "x_mean": 19, "y_mean": 20, "slope": 21,
                 "intercept": 22}

    @property
    def freeze(self):
        return (FIRST, self.YEAR_COL)

    @property
    def widths(self):
        return ((0, 0, 8), (1, 1, 30), (self.col("industry"), self.col("industry") + max(self.T, 12), 14))

    def rates_row(self, i: int) -> int:
        return FIRST + i

    def block_row(self, block: str, i: int = 0) -> int:
        """Row of section i in ``block`` (one of :attr:`BLOCKS`; "mu" has one row)."""
        return FIRST + (self.BLOCKS.index(block) + 1) * self.BLOCK_STEP + i

    def title_row(self, block: str) -> int:
        return self.block_row(block) - 2

    def header_row(self, block: str) -> int:
        return self.block_row(block) - 1

    def year_col(self, t: int) -> int:
        return self.YEAR_COL + t

    def year_cell(self, block: str, i: int, t: int, *, sheet: bool = True, absolute: bool = False) -> str:
        """Section i, year t of ``block``: ``'门类测算 Section calc'!D30`` (or ``D30``)."""
        r, c = self.block_row(block, i), self.year_col(t)
        return self.ref(r, c, absolute=absolute) if sheet else self.cell(r, c, absolute=absolute)

    def year_column(self, block: str, t: int) -> str:
        """The 19 sections of year t in ``block``, with the sheet name."""
        r = self.block_row(block)
        return self.ref_area(r, self.year_col(t), r + N_SECTIONS - 1, self.year_col(t))

    def block_area(self, block: str) -> Target:
        r = self.block_row(block)
        return (r, self.year_col(0), r + N_SECTIONS - 1, self.year_col(self.T - 1))

    def share_column(self, part: str, j: int) -> str:
        """The 19 sections' share of their ``part`` ("core" / "pen") in industry j, with the sheet name."""
        c = self.col(f"{part}_{j}")
        return self.ref_area(self.rates_row(0), c, self.rates_row(N_SECTIONS - 1), c)

    def names(self) -> dict[str, Target]:
        return {"SEC_LETTERS": self.column_area("section", N_SECTIONS),
                "SEC_INDUSTRY": self.column_area("industry", N_SECTIONS),
                "SEC_CORE": self.block_area("core"), "SEC_PEN": self.block_area("pen")}


@dataclass(frozen=True)
class ProductionSheet(Sheet):
    """PRODFN_FIT's table at A–C, TECH_MULTIPLIER's (year, γ, μ) at E–G, one row per macro year."""

    Ty: int = 0
    name = PRODUCTION
    COLS = {"parameter": 0, "estimate": 1, "std_error": 2, "year": 4, "gamma": 5, "mu": 6}

    @property
    def widths(self):
        return ((0, self.col("mu"), 14),)

    @property
    def fit_area(self) -> tuple[int, int, int, int]:
        return (FIRST, self.col("parameter"), FIRST + len(PRODFN_ROWS), self.col("std_error"))

    # native edition: LINEST on logarithms over the window, beside the tables
    LINEST_COL = 8

    @property
    def window_rows(self) -> tuple[int, int]:
        """Rows of the window's first and last position in the macro years (value in LINEST_COL + 1)."""
        return (FIRST + 1, FIRST + 2)

    @property
    def linest_area(self) -> tuple[int, int, int, int]:
        """LINEST(ln Y; ln K, ln L) with statistics: 5 rows × [β, α, ln A]."""
        r = FIRST + 5
        return (r, self.LINEST_COL, r + 4, self.LINEST_COL + 2)

    @property
    def linest_crs_area(self) -> tuple[int, int, int, int]:
        """LINEST(ln Y/L; ln K/L) with statistics: 5 rows × [α, ln A]."""
        r = FIRST + 13
        return (r, self.LINEST_COL, r + 4, self.LINEST_COL + 1)

    @property
    def multiplier_area(self) -> tuple[int, int, int, int]:
        return (FIRST, self.col("year"), FIRST + self.Ty, self.col("mu"))

    @staticmethod
    def fit_row(par: str) -> int:
        return FIRST + 1 + PRODFN_ROWS.index(par)

    @staticmethod
    def multiplier_row(t: int) -> int:
        return FIRST + 1 + t

    # the macro series Y, K, L the fit uses, a blank input year extrapolated (METHOD.md §4), below
    # the tables: blocks of one row per series, macro years across; the native edition's helpers
    # ("use", "prev", "next" by year, the fitted "line" of each series) follow
    FILL_BLOCKS = ("value", "flag", "use", "prev", "next", "line")
    FILL_YEAR_COL = 2
    #: the "line" block's columns: first and last observed year, years used, means, slope, intercept
    FILL_LINE = ("first_obs", "last_obs", "n_used", "x_mean", "y_mean", "slope", "intercept")

    def fill_row(self, block: str, key: str = "Y") -> int:
        """Row of macro series ``key`` (Y, K, L) in ``block`` (one of :attr:`FILL_BLOCKS`)."""
        top = FIRST + max(self.Ty, self.linest_crs_area[2] - FIRST) + 4
        return top + self.FILL_BLOCKS.index(block) * (len(MACRO_SERIES) + 3) + MACRO_SERIES.index(key)

    def fill_col(self, t: int) -> int:
        """Column of macro year t in the fill blocks."""
        return self.FILL_YEAR_COL + t

    def line_col(self, k: str) -> int:
        """Column of ``k`` (one of :attr:`FILL_LINE`) in the "line" block."""
        return self.FILL_YEAR_COL + self.FILL_LINE.index(k)

    def fill_area(self, block: str) -> Target:
        """The three series of ``block`` over the macro years."""
        return (self.fill_row(block, "Y"), self.fill_col(0), self.fill_row(block, "L"), self.fill_col(self.Ty - 1))

    def names(self) -> dict[str, Target]:
        out: dict[str, Target] = {"PF_YEARS": self.column_area("year", self.Ty, top=FIRST + 1),
                                  "PF_MU": self.column_area("mu", self.Ty, top=FIRST + 1)}
        for k in MACRO_SERIES:
            out[f"PF_{k}"] = (self.fill_row("value", k), self.fill_col(0), self.fill_row("value", k),
                              self.fill_col(self.Ty - 1))
        return out


@dataclass(frozen=True)
class ProvinceCalcSheet(Sheet):
    """Blocks of one row per province, P + 4 rows apart: ω of each industry, core and
    penetration by year, and Z of each industry in the city data year."""

    P: int = 0
    T: int = 0
    name = PROVINCE_CALC
    COLS = {"code": 0, "name": 1}
    #: then (§5, both rules) the η used (province-specific or national), each rule's core and
    #: penetration; "core" and "pen" above are the rule chosen by P_ALLOCATION
    BLOCKS = ("w1", "w2", "w3", "core", "pen", "zpj", "e1", "e2", "e3", "ind_core", "ind_pen", "sec_core", "sec_pen")
    DATA_COL = 2

    @property
    def freeze(self):
        return (FIRST, self.DATA_COL)

    @property
    def widths(self):
        return ((0, 0, 9), (1, 1, 14), (self.DATA_COL, self.DATA_COL + self.T, 13))

    def block_row(self, block: str, i: int = 0) -> int:
        return FIRST + self.BLOCKS.index(block) * (self.P + 4) + i

    def title_row(self, block: str) -> int:
        return self.block_row(block) - 2

    def header_row(self, block: str) -> int:
        return self.block_row(block) - 1

    def year_col(self, t: int) -> int:
        return self.DATA_COL + t

    def industry_col(self, j: int) -> int:
        """Column of industry j in the "zpj" block."""
        return self.DATA_COL + j - 1

    def year_area(self, block: str) -> Target:
        r = self.block_row(block)
        return (r, self.year_col(0), r + self.P - 1, self.year_col(self.T - 1))

    def names(self) -> dict[str, Target]:
        out: dict[str, Target] = {"PC_CORE": self.year_area("core"), "PC_PEN": self.year_area("pen")}
        for j in INDUSTRIES:
            out[f"PROV_IND_{j}"] = self.column_area(self.industry_col(j), self.P, top=self.block_row("zpj"))
        return out
