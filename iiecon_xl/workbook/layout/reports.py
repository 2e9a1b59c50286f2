"""Where the report sheets put things: national rows and summary, industry, section, province
and region blocks, the city table with Table 1, and the chart anchors."""

from __future__ import annotations

from dataclasses import dataclass

from ... import reference
from ...parameters import TIER_THRESHOLDS
from .base import Sheet, Target
from .inputs import N_SECTIONS
from .report_figures import SECTION_FAMILIES, section_index, tile_grid_size
from .sheets import FIRST, HEAD, NOTE_ROW, R_CITIES, R_INDUSTRIES, R_NATIONAL, R_PROVINCES, R_REGIONS, R_SECTIONS

N_REGIONS = len(reference.REGIONS)
#: tiers 1 … N_TIERS of the city index
N_TIERS = len(TIER_THRESHOLDS)
#: how many cities the top-N table and its chart show (the report analyses the top 100, METHOD.md §7)
TOP_CITIES = 100
#: rows one chart takes when charts are stacked down a sheet (a 400-pixel chart and a gap)
CHART_ROWS = 22


@dataclass(frozen=True)
class NationalReport(Sheet):
    """One row per year (core, penetration, total, growth, ratio, GDP, share), then the span summary."""

    T: int = 0
    name = R_NATIONAL
    COLS = {"year": 0, "core": 1, "penetration": 2, "total": 3, "core_growth": 4, "penetration_growth": 5,
            "total_growth": 6, "penetration_core_ratio": 7, "gdp": 8, "share_of_gdp": 9,
            "metric": 0, "span": 1, "value": 3}

    @property
    def widths(self):
        return ((0, 0, 8), (1, self.col("share_of_gdp"), 15))

    def row(self, t: int) -> int:
        return FIRST + t

    @property
    def last_row(self) -> int:
        return self.row(self.T - 1)

    @property
    def summary_head_row(self) -> int:
        return self.last_row + 2

    @property
    def span_growth_row(self) -> int:
        return self.last_row + 3

    @property
    def cagr_row(self) -> int:
        return self.last_row + 4

    @property
    def chart_anchor(self) -> tuple[int, int]:
        return (self.last_row + 7, 0)

    def series_ref(self, key: str, *, skip_first: bool = False) -> str:
        """Column ``key`` over the years, with the sheet name (for charts)."""
        return self.ref_area(self.row(1 if skip_first else 0), key, self.last_row, key)

    def names(self) -> dict[str, Target]:
        return {"NAT_YEARS": self.column_area("year", self.T), "NAT_TOTAL": self.column_area("total", self.T),
                "NAT_CORE": self.column_area("core", self.T), "NAT_PEN": self.column_area("penetration", self.T)}


class YearBlocks(Sheet):
    """A report of blocks (one row per item, one column per year from column C) stacked down."""

    BLOCKS: dict = {}
    ITEMS = 0
    YEAR_COL = 2

    def block_row(self, block: str, i: int = 0) -> int:
        return self.BLOCKS[block] + i

    def header_row(self, block: str) -> int:
        """The block's header (its title and the year formulas), just above its first row."""
        return self.block_row(block) - 1

    def year_col(self, t: int) -> int:
        return self.YEAR_COL + t

    def year_column(self, block: str, t: int) -> str:
        """Every item of ``block`` in year t, with the sheet name."""
        r, c = self.block_row(block), self.year_col(t)
        return self.ref_area(r, c, r + self.ITEMS - 1, c)

    def block_area(self, block: str, T: int) -> Target:
        r = self.block_row(block)
        return (r, self.year_col(0), r + self.ITEMS - 1, self.year_col(T - 1))

    # a report of ``T`` years (each subclass's field) with its chart right of the year blocks
    @property
    def chart_anchor(self) -> tuple[int, int]:
        """Right of the year blocks, one column apart (the reports with charts elsewhere override it)."""
        return (FIRST, self.year_col(self.T) + 1)

    def latest_ref(self, block: str, col=None) -> str:
        """Column ``col`` (default: the latest year) of the rows of ``block``, with the sheet name."""
        if col is None:
            return self.year_column(block, self.T - 1)
        r, c = self.block_row(block), self.col(col)
        return self.ref_area(r, c, r + self.ITEMS - 1, c)


@dataclass(frozen=True)
class IndustriesReport(YearBlocks):
    """Blocks of the three industries: core, penetration, total, growth, GDP, η."""

    T: int = 0
    name = R_INDUSTRIES
    COLS = {"zh": 0, "en": 1}
    BLOCKS = {"core": FIRST, "pen": FIRST + 6, "total": FIRST + 12, "growth": FIRST + 18, "gdp": FIRST + 24,
              "eta": FIRST + 30}
    ITEMS = 3

    @property
    def widths(self):
        return ((0, 1, 20), (self.YEAR_COL, self.YEAR_COL + self.T, 14))

    def row(self, block: str, j: int) -> int:
        return self.block_row(block, j - 1)


@dataclass(frozen=True)
class SectionsReport(YearBlocks):
    """Blocks of the 19 sections: total, growth, core, penetration."""

    T: int = 0
    name = R_SECTIONS
    COLS = {"section": 0, "name": 1}
    BLOCKS = {"total": FIRST, "growth": FIRST + 22, "core": FIRST + 44, "pen": FIRST + 66}
    ITEMS = N_SECTIONS
    note_cell = (NOTE_ROW, 3)
    #: the section figures (report_figures.SECTION_FAMILIES), stacked below the 19-section chart
    FAMILIES = SECTION_FAMILIES

    def family_anchor(self, k: int) -> tuple[int, int]:
        """Anchor of section figure k (0-based): below the latest-year chart, CHART_ROWS apart."""
        r, c = self.chart_anchor
        return (r + CHART_ROWS * (k + 1), c)

    def years_ref(self, block: str) -> str:
        """The year cells of ``block``'s header row, with the sheet name (a figure's categories)."""
        r = self.header_row(block)
        return self.ref_area(r, self.year_col(0), r, self.year_col(self.T - 1))

    def section_ref(self, block: str, letter: str, *, skip_first: bool = False) -> str:
        """Section ``letter``'s row of ``block`` over the years, with the sheet name."""
        r = self.block_row(block, section_index(letter))
        return self.ref_area(r, self.year_col(1 if skip_first else 0), r, self.year_col(self.T - 1))

    @property
    def freeze(self):
        return (FIRST, self.YEAR_COL)

    @property
    def widths(self):
        return ((0, 0, 6), (1, 1, 30), (self.YEAR_COL, self.YEAR_COL + self.T, 14))


@dataclass(frozen=True)
class ProvincesReport(YearBlocks):
    """The latest-year table (one row per province, rank, core and penetration growth), the series
    blocks below it, the sorted latest-year totals beside it (what the first province chart shows),
    the report's counts beside those, and the four province charts stacked down the right."""

    P: int = 0
    T: int = 0
    name = R_PROVINCES
    COLS = {"code": 0, "name_zh": 1, "name_en": 2, "region": 3, "total": 4, "core": 5, "penetration": 6,
            "growth": 7, "gdp": 8, "share": 9, "rank": 10, "core_growth": 11, "pen_growth": 12,
            "sorted_name": 13, "sorted_total": 14, "sorted_growth": 15, "count_name": 17, "count_threshold": 19,
            "count": 20, "heat": 17, "parts": 26, "charts": 39}
    #: the province charts stacked down beside the tables: sorted totals, core, penetration, share of GDP
    CHARTS = ("sorted", "core", "pen", "share")
    #: the sorted blocks of the part charts (from column "parts", four columns each: a unique rank in
    #: the table's order, then the k-th province's name, value and growth), and what each sorts
    PARTS = ("core", "pen", "share")
    PART_COLUMNS = ("urank", "name", "value", "growth")
    #: part → (table column sorted, its growth column or None)
    PART_SOURCES = {"core": ("core", "core_growth"), "pen": ("penetration", "pen_growth"), "share": ("share", None)}
    #: the counts the report quotes (the pipeline's province_counts metrics), right of the sorted totals
    #: in the table's first rows (no year block below reaches them, however many years)
    COUNTS = ("above_value", "growth_above_1", "growth_above_2", "share_above")
    SERIES = ("total", "core", "pen", "growth")

    @property
    def freeze(self):
        return (FIRST, self.YEAR_COL)

    @property
    def widths(self):
        return ((0, 0, 9), (1, 1, 14), (self.YEAR_COL, self.col("rank") + self.T, 13))

    @property
    def BLOCKS(self) -> dict[str, int]:   # noqa: N802 - the YearBlocks attribute, computed from P
        top = FIRST + self.P + 3
        return {k: top + i * (self.P + 3) for i, k in enumerate(self.SERIES)}

    @property
    def ITEMS(self) -> int:   # noqa: N802
        return self.P

    def row(self, i: int) -> int:
        return FIRST + i

    @property
    def last_row(self) -> int:
        return self.row(self.P - 1)

    @property
    def chart_anchor(self) -> tuple[int, int]:
        return self.chart_anchor_of("sorted")

    def chart_anchor_of(self, chart: str) -> tuple[int, int]:
        """Anchor of chart ``chart`` (one of :attr:`CHARTS`), stacked CHART_ROWS apart right of the sorted blocks."""
        return (FIRST + CHART_ROWS * self.CHARTS.index(chart), self.col("charts"))

    def part_col(self, part: str, what: str) -> int:
        """Column ``what`` (one of :attr:`PART_COLUMNS`) of the sorted block of ``part``."""
        return self.col("parts") + len(self.PART_COLUMNS) * self.PARTS.index(part) + self.PART_COLUMNS.index(what)

    def part_ref(self, part: str, what: str) -> str:
        """Column ``what`` of the sorted block of ``part`` over the province rows, with the sheet name."""
        c = self.part_col(part, what)
        return self.ref_area(FIRST, c, self.last_row, c)

    # the heat map: a tile grid below the counts, two rows a tile (short name, then the latest total)
    @property
    def heat_head_row(self) -> int:
        return self.count_row(self.COUNTS[-1]) + 2

    def tile_cells(self, row: int, col: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """((row, col) of the name, (row, col) of the value) of the tile at grid position (row, col)."""
        r, c = self.heat_head_row + 1 + 2 * row, self.col("heat") + col
        return (r, c), (r + 1, c)

    @property
    def heat_area(self) -> tuple[int, int, int, int]:
        nrow, ncol = tile_grid_size()
        r, c = self.heat_head_row + 1, self.col("heat")
        return (r, c, r + 2 * nrow - 1, c + ncol - 1)

    @property
    def counts_head_row(self) -> int:
        """Header of the counts: the sheet's header row."""
        return HEAD

    def count_row(self, metric: str) -> int:
        return self.counts_head_row + 1 + self.COUNTS.index(metric)

    def table_ref(self, key: str) -> str:
        """Column ``key`` of the latest-year table, with the sheet name (for charts)."""
        return self.ref_area(FIRST, key, self.last_row, key)

    def table_column(self, key: str) -> str:
        """Column ``key`` of the latest-year table, without the sheet name."""
        return self.area(FIRST, key, self.last_row, key)

    def names(self) -> dict[str, Target]:
        out: dict[str, Target] = {"PROV_CODES": self.column_area("code", self.P)}
        for nm, blk in (("PROV_TOTAL", "total"), ("PROV_CORE", "core"), ("PROV_PEN", "pen")):
            out[nm] = self.block_area(blk, self.T)
        return out


@dataclass(frozen=True)
class RegionsReport(YearBlocks):
    """Blocks of the four regions: total, core, penetration, share of national."""

    T: int = 0
    name = R_REGIONS
    COLS = {"zh": 0, "key": 1}
    BLOCKS = {"total": FIRST, "core": FIRST + 7, "pen": FIRST + 14, "share": FIRST + 21}
    ITEMS = N_REGIONS

    @property
    def widths(self):
        return ((0, 1, 14), (self.YEAR_COL, self.YEAR_COL + self.T, 14))


@dataclass(frozen=True)
class CitiesReport(Sheet):
    """One row per city (value added, index, tier, rank, whether it enters X̄, whether its GDP is complete:
    a blank counts as 0); beside it Table 1 (tiers), the top-N shares and the top cities with their chart."""

    C: int = 0
    P: int = 0
    name = R_CITIES
    COLS = {"city": 0, "city_en": 1, "province_code": 2, "province_row": 3, "value_added": 4, "index": 5,
            "tier": 6, "rank": 7, "in_mean": 8, "gdp_flag": 9, "side": 10, "side2": 11, "tier_count": 12,
            "tier_cities": 13, "tc_name": 15, "tc_key": 16, "tc_region": 17, "tc_all": 18 + N_TIERS}

    @property
    def freeze(self):
        return (FIRST, self.col("city_en"))

    @property
    def widths(self):
        return ((0, 0, 14), (1, 1, 16), (2, 9, 12))

    def row(self, i: int) -> int:
        return FIRST + i

    @property
    def last_row(self) -> int:
        return self.row(self.C - 1)

    # Table 1 (TIER_TABLE's spill: a header row and four tiers)
    table1_title = (NOTE_ROW, 10)

    @property
    def tier_area(self) -> tuple[int, int, int, int]:
        return (HEAD, self.col("side"), HEAD + N_TIERS, self.col("tier_cities"))

    @staticmethod
    def tier_row(k: int) -> int:
        """Row of tier k (1 … N_TIERS) in Table 1."""
        return HEAD + k

    tiers = range(1, N_TIERS + 1)

    # top-N shares
    topn_head_row = HEAD + 7

    def topn_row(self, k: int) -> int:
        return self.topn_head_row + 1 + k

    # the top cities by index, and their chart
    top_head_row = HEAD + 12

    @property
    def top_area(self) -> tuple[int, int, int, int]:
        r = self.top_head_row + 1
        return (r, self.col("side"), r + TOP_CITIES - 1, self.col("side2"))

    @property
    def chart_anchor(self) -> tuple[int, int]:
        return (self.top_head_row + TOP_CITIES + 2, self.col("side"))

    # cities per tier by region and by province (COUNTIFS on the city rows), right of Table 1
    tc_title = (NOTE_ROW, 15)
    tc_region_head = HEAD

    @staticmethod
    def tc_tier_col(k: int) -> int:
        """Column of tier k (1 … N_TIERS) in the tier-count blocks."""
        return 17 + k

    def tc_region_row(self, j: int) -> int:
        return self.tc_region_head + 1 + j

    @property
    def tc_province_head(self) -> int:
        return self.tc_region_row(N_REGIONS - 1) + 2

    def tc_province_row(self, i: int) -> int:
        return self.tc_province_head + 1 + i

    def tc_province_area(self, col) -> str:
        """Column ``col`` of the province tier counts, without the sheet name."""
        c = self.col(col)
        return self.area(self.tc_province_row(0), c, self.tc_province_row(self.P - 1), c)

    def names(self) -> dict[str, Target]:
        return {"CITY_VA": self.column_area("value_added", self.C),
                "CITY_INDEX_VALUES": self.column_area("index", self.C),
                "CITY_IN_MEAN": self.column_area("in_mean", self.C)}
