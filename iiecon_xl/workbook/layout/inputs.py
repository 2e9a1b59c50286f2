"""Where the guide and the input sheets put things (yellow cells: what the user types).

Each class takes only the dimensions it depends on, so the reader can use it while it is
still discovering them (it counts the sector codes before it knows n).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import INDUSTRIES, SECTIONS
from ...parameters import SPECS
from .base import Sheet, Target
from .sheets import (CITY_GDP, FIRST, GUIDE, HEAD, IO, MACRO, NATIONAL_GDP, NOTE_ROW, PARAMS, PROVINCE_GDP,
                     RELATED, SCORES, SECTION_VA, FUNCTION, sheet_order)

N_SECTIONS = len(SECTIONS)   # the GB/T 4754 sections A–S (rows of every section table)
MACRO_SERIES = ("Y", "K", "L")


@dataclass(frozen=True)
class GuideSheet(Sheet):
    """One row per other sheet (a link, what it holds, when to update), then the notes."""

    edition: str = FUNCTION
    name = GUIDE
    COLS = {"sheet": 0, "zh": 1, "en": 2, "update": 3}

    @property
    def widths(self):
        return ((0, 0, 26), (1, 1, 70), (2, 2, 52), (3, 3, 22))

    def row(self, i: int) -> int:
        return FIRST + i

    @property
    def notes_row(self) -> int:
        return FIRST + len(sheet_order(self.edition))      # one blank row after the sheet rows

    @property
    def notes_col(self) -> int:
        return self.col("sheet")


@dataclass(frozen=True)
class ParamsSheet(Sheet):
    """The parameter table of :data:`iiecon_xl.parameters.SPECS`, one row each, value in C."""

    name = PARAMS
    COLS = {"zh": 0, "en": 1, "value": 2, "note": 3}

    @property
    def widths(self):
        return ((0, 0, 18), (1, 1, 34), (2, 2, 16), (3, 3, 48))

    @staticmethod
    def row(pname: str) -> int:
        for i, spec in enumerate(SPECS):
            if spec.name == pname:
                return FIRST + i
        raise KeyError(pname)

    def value_cell(self, pname: str) -> tuple[int, int]:
        return self.row(pname), self.col("value")

    def names(self) -> dict[str, Target]:
        c = self.col("value")
        out: dict[str, Target] = {s.name: (self.row(s.name), c) for s in SPECS}
        out["P_TIERS"] = (self.row("P_TIER1"), c, self.row("P_TIER4"), c)
        return out


@dataclass(frozen=True)
class IOSheet(Sheet):
    """Codes across the header row from column E and down column A, Z below, X in the row after."""

    n: int = 0
    name = IO
    COLS = {"code": 0, "name_zh": 1, "name_en": 2, "section": 3, "data": 4}

    @property
    def freeze(self):
        return (FIRST, self.col("data"))

    @property
    def widths(self):
        return ((0, 0, 7), (1, 1, 22), (2, 2, 30), (3, 3, 6))

    @property
    def last_row(self) -> int:
        return FIRST + self.n - 1

    @property
    def x_row(self) -> int:
        return FIRST + self.n

    def sector_col(self, j: int) -> int:
        """Column of sector j's flows (0-based j)."""
        return self.col("data") + j

    def names(self) -> dict[str, Target]:
        c0, last = self.col("data"), self.last_row
        return {"IO_CODES": self.column_area("code", self.n), "IO_NAMES": self.column_area("name_zh", self.n),
                "IO_SECTION": self.column_area("section", self.n),
                "IO_Z": (FIRST, c0, last, c0 + self.n - 1), "IO_X": (self.x_row, c0, self.x_row, c0 + self.n - 1)}


@dataclass(frozen=True)
class RelatedSheet(Sheet):
    """The related sectors K down column A, their S from the fuzzy evaluation in C."""

    m: int = 0
    name = RELATED
    COLS = {"code": 0, "name_zh": 1, "S": 2, "scores_range": 3}

    @property
    def widths(self):
        return ((0, 0, 8), (1, 1, 26), (2, 2, 14))

    def names(self) -> dict[str, Target]:
        return {"REL_CODES": self.column_area("code", self.m), "REL_S": self.column_area("S", self.m)}


@dataclass(frozen=True)
class ScoresSheet(Sheet):
    """Criteria (A–D) and grades (F–I) side by side, then one count block per related sector."""

    p: int = 0        # criteria
    g: int = 0        # grades
    name = SCORES
    COLS = {"crit_id": 0, "crit_zh": 1, "crit_en": 2, "weight": 3,
            "grade_id": 5, "grade_zh": 6, "grade_en": 7, "grade_value": 8,
            "block_code": 0, "block_label": 1, "counts": 2}

    @property
    def widths(self):
        return ((0, 1, 14), (2, 9, 12))

    def block_row(self, i: int) -> int:
        """Header row of related sector i's block (criteria rows below it)."""
        top = FIRST + max(self.p, self.g) + 2
        return top + i * (self.p + 2)

    def counts_area(self, i: int) -> tuple[int, int, int, int]:
        top, c = self.block_row(i) + 1, self.col("counts")
        return (top, c, top + self.p - 1, c + self.g - 1)

    def names(self) -> dict[str, Target]:
        return {"SC_WEIGHTS": self.column_area("weight", self.p), "SC_GRADES": self.column_area("grade_value", self.g)}


class YearSheet(Sheet):
    """An input sheet with labels on the left and one column per year from column D."""

    YEAR_COL = 3

    def year_col(self, t: int) -> int:
        return self.YEAR_COL + t


@dataclass(frozen=True)
class SectionVASheet(YearSheet):
    """Section value added: 19 rows A–S, years across (blank = missing, extrapolated)."""

    T: int = 0
    name = SECTION_VA
    COLS = {"section": 0, "name_zh": 1, "name_en": 2}

    @property
    def widths(self):
        return ((0, 0, 6), (1, 1, 30), (2, 2, 36), (self.YEAR_COL, self.YEAR_COL + self.T, 12))

    def row(self, i: int) -> int:
        return FIRST + i

    def year_ref(self, t: int) -> str:
        """The header cell of report year t (every year header of the book points here)."""
        return self.ref(HEAD, self.year_col(t))

    def years_ref(self) -> str:
        return self.ref_area(HEAD, self.year_col(0), HEAD, self.year_col(self.T - 1))

    def names(self) -> dict[str, Target]:
        c0, c1 = self.year_col(0), self.year_col(self.T - 1)
        return {"VA_YEARS": (HEAD, c0, HEAD, c1), "VA_DATA": (FIRST, c0, FIRST + N_SECTIONS - 1, c1)}


@dataclass(frozen=True)
class MacroSheet(YearSheet):
    """Y, K and L, one row each, macro years across."""

    Ty: int = 0
    name = MACRO
    COLS = {"zh": 0, "en": 1, "unit": 2}

    @property
    def widths(self):
        return ((0, 1, 22), (2, 2, 12))

    def row(self, key: str) -> int:
        return FIRST + MACRO_SERIES.index(key)

    def names(self) -> dict[str, Target]:
        c0, c1 = self.year_col(0), self.year_col(self.Ty - 1)
        out: dict[str, Target] = {f"MAC_{k}": (self.row(k), c0, self.row(k), c1) for k in MACRO_SERIES}
        out["MAC_YEARS"] = (HEAD, c0, HEAD, c1)
        return out


@dataclass(frozen=True)
class NationalGDPSheet(YearSheet):
    """National GDP, one row per industry, years across."""

    T: int = 0
    name = NATIONAL_GDP
    COLS = {"zh": 0, "en": 1}

    @property
    def widths(self):
        return ((0, 1, 20),)

    def row(self, j: int) -> int:
        return FIRST + j - 1

    def names(self) -> dict[str, Target]:
        c0, c1 = self.year_col(0), self.year_col(self.T - 1)
        return {"NG_YEARS": (HEAD, c0, HEAD, c1), "NG_DATA": (FIRST, c0, self.row(3), c1)}


@dataclass(frozen=True)
class ProvinceGDPSheet(Sheet):
    """Identity columns A–D, then three industry blocks of T years with one blank column between."""

    P: int = 0
    T: int = 0
    name = PROVINCE_GDP
    COLS = {"code": 0, "name_zh": 1, "name_en": 2, "region": 3, "data": 4}
    block_label_row = NOTE_ROW

    @property
    def freeze(self):
        return (FIRST, self.col("data"))

    @property
    def widths(self):
        return ((0, 0, 9), (1, 1, 16), (2, 2, 14))

    def row(self, i: int) -> int:
        return FIRST + i

    def block_col(self, j: int) -> int:
        """First column of industry j's (1..3) year block."""
        return self.col("data") + (j - 1) * (self.T + 1)

    def names(self) -> dict[str, Target]:
        out: dict[str, Target] = {"PG_CODES": self.column_area("code", self.P),
                                  "PG_REGION": self.column_area("region", self.P)}
        for j in INDUSTRIES:
            c = self.block_col(j)
            out[f"PROV_GDP_{j}"] = (FIRST, c, FIRST + self.P - 1, c + self.T - 1)
        return out


@dataclass(frozen=True)
class CityGDPSheet(Sheet):
    """One row per city: name, English name, province code and name, GDP of the three industries."""

    C: int = 0
    name = CITY_GDP
    COLS = {"city": 0, "city_en": 1, "province_code": 2, "province": 3}

    @property
    def widths(self):
        return ((0, 1, 18), (2, 3, 12), (4, 6, 14))

    def row(self, i: int) -> int:
        return FIRST + i

    def gdp_col(self, j: int) -> int:
        return self.col("province") + j

    def names(self) -> dict[str, Target]:
        out: dict[str, Target] = {"CITY_NAMES": self.column_area("city", self.C),
                                  "CITY_PROV": self.column_area("province_code", self.C)}
        for j in INDUSTRIES:
            out[f"CITY_GDP{j}"] = self.column_area(self.gdp_col(j), self.C)
        return out
