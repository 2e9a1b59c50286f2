"""Where everything sits in a workbook — the one description the builder, the reader
(book → :class:`~iiecon_xl.inputs.Inputs`), the audit, the update and the tests share.

A :class:`Layout` is computed from the book's dimensions (:class:`Dims`: the sector list,
the related sectors, the expert-score criteria and grades, the report years, the macro
years, the provinces and the cities). Rows and columns are 0-based (XlsxWriter's
convention); :mod:`iiecon_xl.xlsx.a1` turns them into A1 text (the sheet layouts' ``cell``,
``ref`` and ``ref_area`` methods call it).

- :mod:`.sheets` — sheet names and order, the title/header/first rows;
- :mod:`.dims` — :class:`Dims` and :func:`dims_for`;
- :mod:`.inputs`, :mod:`.calculations`, :mod:`.reports`, :mod:`.checks` — one class per sheet;
- :mod:`.native` — the native edition's own sheets (matrices, helpers);
- :mod:`.book` — :class:`Layout`, every sheet for one set of dimensions, and the defined names.
"""

from .analysis import AnalysisSheet
from .book import Layout
from .calculations import PRODFN_ROWS
from .dims import Dims, dims_for
from .inputs import INDUSTRIES, MACRO_SERIES, N_SECTIONS
from .reports import CHART_ROWS, N_REGIONS, TOP_CITIES
from .native import HelperSheet, MatrixSheet
from .sheets import (ANALYSIS, CALC_SHEETS, CHECKS, EDITIONS, FUNCTION, HELPERS, MATRICES, NATIVE, NATIVE_SHEETS,
                     sheet_order, CITY_GDP, FIRST, GDP_FILL, GUIDE, HEAD, INPUT_SHEETS, IO, MACRO, NATIONAL_GDP,
                     NOTE_ROW, PARAMS, PRODUCTION, PROVINCE_CALC, PROVINCE_GDP, PROVINCE_SECTION_CALC, PROVINCE_SECTIONS,
                     R_CITIES, R_INDUSTRIES,
                     R_NATIONAL, R_PROVINCES, R_REGIONS, R_SECTIONS, RELATED, REPORT_SHEETS, SCORES,
                     SECTION_CALC, SECTION_VA, SECTOR_CALC, SHEET_ORDER, TITLE_COL, TITLE_ROW)

__all__ = ["ANALYSIS", "AnalysisSheet", "EDITIONS", "FUNCTION", "HELPERS", "MATRICES", "NATIVE", "NATIVE_SHEETS", "HelperSheet", "MatrixSheet",
           "sheet_order", "Layout", "Dims", "dims_for", "PRODFN_ROWS", "INDUSTRIES", "MACRO_SERIES", "N_SECTIONS",
           "N_REGIONS",
           "TOP_CITIES", "CHART_ROWS",
           "CALC_SHEETS", "CHECKS", "CITY_GDP", "FIRST", "GDP_FILL", "GUIDE", "HEAD", "INPUT_SHEETS", "IO", "MACRO",
           "NATIONAL_GDP", "NOTE_ROW", "PARAMS", "PRODUCTION", "PROVINCE_CALC", "PROVINCE_GDP", "PROVINCE_SECTION_CALC", "PROVINCE_SECTIONS", "R_CITIES",
           "R_INDUSTRIES", "R_NATIONAL", "R_PROVINCES", "R_REGIONS", "R_SECTIONS", "RELATED", "REPORT_SHEETS",
           "SCORES", "SECTION_CALC", "SECTION_VA", "SECTOR_CALC", "SHEET_ORDER", "TITLE_COL", "TITLE_ROW"]
