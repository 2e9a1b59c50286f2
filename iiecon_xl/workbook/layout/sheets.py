"""The sheets of a book: their names, their order, and the rows every table sheet shares.

Sheet names are Chinese first, English beside (≤ 31 characters, no ``[]:*?/\\``). Every
sheet has its title in row 0, a unit or note line in row 1, the table header in
:data:`HEAD` and the first data row in :data:`FIRST` (0-based rows, XlsxWriter's convention).
"""

from __future__ import annotations

GUIDE = "说明 Guide"
PARAMS = "参数 Parameters"
IO = "投入产出表 IO table"
RELATED = "关联部门 Related sectors"
SCORES = "专家评分 Expert scores"
SECTION_VA = "门类增加值 Section VA"
MACRO = "宏观 Macro"
NATIONAL_GDP = "全国GDP National GDP"
PROVINCE_GDP = "分省GDP Province GDP"
CITY_GDP = "城市GDP City GDP"
PROVINCE_SECTIONS = "分省门类增加值 Province section VA"
#: where every yearly input comes from (observed, imported, extrapolated, awaiting data)
SOURCES = "数据来源 Sources"
SECTOR_CALC = "部门测算 Sector calc"
SECTION_CALC = "门类测算 Section calc"
PRODUCTION = "生产函数 Production"
#: the national and provincial GDP used, a blank year filled (§4)
GDP_FILL = "GDP外推 GDP fill"
PROVINCE_CALC = "分省测算 Province calc"
PROVINCE_SECTION_CALC = "分省门类测算 Province section calc"
R_NATIONAL = "全国 National"
R_INDUSTRIES = "三次产业 Industries"
R_SECTIONS = "门类 Sections"
R_PROVINCES = "分省 Provinces"
R_REGIONS = "区域 Regions"
R_CITIES = "城市 Cities"
#: the IO analysis menu on the book's own table (issue 15), after the reports
ANALYSIS = "分析 Analysis"
CHECKS = "校验 Checks"
# the native ("glass-box") edition only: the matrices and the helper columns its built-in formulas need
MATRICES = "矩阵 Matrices"
HELPERS = "辅助计算 Helpers"

#: the two editions of a book: the iiecon-xl functions, or built-in functions only
FUNCTION, NATIVE = "function", "native"
EDITIONS = (FUNCTION, NATIVE)

INPUT_SHEETS = (PARAMS, IO, RELATED, SCORES, SECTION_VA, MACRO, NATIONAL_GDP, PROVINCE_GDP, PROVINCE_SECTIONS, CITY_GDP)
CALC_SHEETS = (SECTOR_CALC, SECTION_CALC, PRODUCTION, GDP_FILL, PROVINCE_CALC, PROVINCE_SECTION_CALC)
REPORT_SHEETS = (R_NATIONAL, R_INDUSTRIES, R_SECTIONS, R_PROVINCES, R_REGIONS, R_CITIES)
SHEET_ORDER = (GUIDE,) + INPUT_SHEETS + (SOURCES,) + CALC_SHEETS + REPORT_SHEETS + (ANALYSIS, CHECKS)
NATIVE_SHEETS = (MATRICES, HELPERS)


def sheet_order(edition: str = FUNCTION) -> tuple[str, ...]:
    """The sheets of a book of ``edition`` in order (the native sheets follow the calculation sheets)."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, got {edition!r}")
    if edition == FUNCTION:
        return SHEET_ORDER
    return (GUIDE,) + INPUT_SHEETS + (SOURCES,) + CALC_SHEETS + NATIVE_SHEETS + REPORT_SHEETS + (ANALYSIS, CHECKS)

TITLE_ROW = 0   # the sheet's title
NOTE_ROW = 1    # its unit or note line (and the block labels above a header)
TITLE_COL = 0   # title and note sit in column A
HEAD = 2        # header row of every table sheet
FIRST = 3       # first data row
