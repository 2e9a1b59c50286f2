"""Where everything sits in the template workbook — the one description the builder,
the reader (book → :class:`~iiecon_xl.inputs.Inputs`) and the audit share.

The layout depends only on the book's dimensions (:class:`Dims`): the sector list, the
related sectors, the expert-score criteria and grades, the report years, the macro
years, the provinces and the cities. Rows and columns are 0-based (XlsxWriter's
convention); :func:`a1` turns them into A1 references.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from .. import reference

# sheet names: Chinese first, English beside (≤ 31 characters, no []:*?/\)
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
SECTOR_CALC = "部门测算 Sector calc"
SECTION_CALC = "门类测算 Section calc"
PRODUCTION = "生产函数 Production"
PROVINCE_CALC = "分省测算 Province calc"
R_NATIONAL = "全国 National"
R_INDUSTRIES = "三次产业 Industries"
R_SECTIONS = "门类 Sections"
R_PROVINCES = "分省 Provinces"
R_REGIONS = "区域 Regions"
R_CITIES = "城市 Cities"
CHECKS = "校验 Checks"

INPUT_SHEETS = (PARAMS, IO, RELATED, SCORES, SECTION_VA, MACRO, NATIONAL_GDP, PROVINCE_GDP, CITY_GDP)
CALC_SHEETS = (SECTOR_CALC, SECTION_CALC, PRODUCTION, PROVINCE_CALC)
REPORT_SHEETS = (R_NATIONAL, R_INDUSTRIES, R_SECTIONS, R_PROVINCES, R_REGIONS, R_CITIES)
SHEET_ORDER = (GUIDE,) + INPUT_SHEETS + CALC_SHEETS + REPORT_SHEETS + (CHECKS,)

HEAD = 2      # header row of every table sheet (rows 0–1: title and unit/notes)
FIRST = 3     # first data row

#: (name, Chinese, English, note) of the parameters, in sheet order, value in column C
PARAMETERS = (
    ("P_BASE_YEAR", "基年", "Base year", "IO table year; the first report year"),
    ("P_FIT_START", "拟合起始年", "Fit window start", "§3 production function window"),
    ("P_FIT_END", "拟合结束年", "Fit window end", ""),
    ("P_CRS", "规模报酬不变", "Constant returns (TRUE/FALSE)", "§3 α + β = 1 variant"),
    ("P_DENOM", "分母口径", "Denominator (io / yearbook)", "§1 section VA of the IO table or the yearbook"),
    ("P_OPERATOR", "模糊算子", "Fuzzy operator (weighted / minmax)", "§6 M(·,+) or M(∧,∨)"),
    ("P_WINDOW", "外推窗口（年）", "Extrapolation window (years)", "§4 blank = all observed years"),
    ("P_N", "指数系数 N", "Index constant N", "§7 CI = N·ln(1 + X/X̄)"),
    ("P_TIER1", "第一梯队下限", "Tier 1 threshold", "§7"),
    ("P_TIER2", "第二梯队下限", "Tier 2 threshold", ""),
    ("P_TIER3", "第三梯队下限", "Tier 3 threshold", ""),
    ("P_TIER4", "第四梯队下限", "Tier 4 threshold", ""),
    ("P_TOP1", "头部城市数 1", "Top N (1)", "§7 share of national IIE value added"),
    ("P_TOP2", "头部城市数 2", "Top N (2)", ""),
    ("P_SPAN_START", "增长区间起", "Growth span start", "§8 total growth and CAGR"),
    ("P_SPAN_END", "增长区间止", "Growth span end", ""),
    ("P_CITY_YEAR", "城市数据年份", "City data year", "§7"),
    ("P_UNIT", "单位", "Unit", "every money figure of the book"),
    ("P_LABEL", "数据说明", "Data label", ""),
)
PARAM_ROW = {name: FIRST + i for i, (name, *_rest) in enumerate(PARAMETERS)}


def a1(row: int, col: int, *, absolute: bool = False) -> str:
    return xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)


def area(r1: int, c1: int, r2: int, c2: int, *, absolute: bool = True) -> str:
    return f"{a1(r1, c1, absolute=absolute)}:{a1(r2, c2, absolute=absolute)}"


def q(sheet: str) -> str:
    """The sheet name quoted for a formula."""
    return "'" + sheet.replace("'", "''") + "'"


def ref(sheet: str, row: int, col: int, *, absolute: bool = False) -> str:
    return f"{q(sheet)}!{a1(row, col, absolute=absolute)}"


def ref_area(sheet: str, r1: int, c1: int, r2: int, c2: int) -> str:
    return f"{q(sheet)}!{area(r1, c1, r2, c2)}"


def col(c: int) -> str:
    return xl_col_to_name(c)


@dataclass
class Dims:
    """The dimensions a book is built for."""

    sectors: pd.DataFrame      # index code; name_zh, name_en, section
    related: pd.DataFrame      # index code; name_zh
    criteria: pd.DataFrame     # index criterion id; name_zh, name_en, weight
    grades: pd.DataFrame       # index grade id; name_zh, name_en, value
    years: list[int]           # report years: base year … latest
    macro_years: list[int]
    provinces: pd.DataFrame    # index code; name_zh, short_zh, abbr, name_en, region
    cities: pd.DataFrame       # index city_zh; city_en, province_code

    @property
    def n(self) -> int:
        return len(self.sectors)

    @property
    def m(self) -> int:
        return len(self.related)

    @property
    def T(self) -> int:
        return len(self.years)

    # ---------------------------------------------------------------- input blocks
    # IO table: codes across row HEAD from column 4, sectors down from row FIRST, X in row FIRST + n
    IO_C0 = 4

    def io_x_row(self) -> int:
        return FIRST + self.n

    # Expert scores: criteria table at A–D, grades at F–I, then one block per related sector
    def scores_block_row(self, i: int) -> int:
        top = FIRST + max(len(self.criteria), len(self.grades)) + 2
        return top + i * (len(self.criteria) + 2)

    # year-across input sheets: years start at column 3 (section VA, national GDP) or 3 (macro)
    YEAR_C0 = 3

    # province GDP: identity columns A–D, then three industry blocks of T years with one gap
    PROV_C0 = 4

    def prov_block_col(self, j: int) -> int:
        """First column of industry j's (1..3) year block."""
        return self.PROV_C0 + (j - 1) * (self.T + 1)


def dims_for(inputs=None, *, years=None, table: str = "2017_149") -> Dims:
    """Dimensions of a book for ``inputs`` (or an empty template on the ``table`` sector list)."""
    from .. import demo  # the default related set, criteria and grades of the method's example

    if inputs is not None:
        fz = inputs.fuzzy
        if fz is None:
            from ..errors import IIEInputError
            raise IIEInputError("inputs.fuzzy", "the workbook derives S from expert scores; none were given")
        cities = inputs.city_gdp[["province_code"]].copy()
        ref_c = reference.cities().set_index("city_zh")["city_en"]
        cities.insert(0, "city_en", [ref_c.get(c, "") for c in cities.index])
        return Dims(sectors=inputs.io.sectors[["name_zh", "name_en", "section"]],
                    related=pd.DataFrame({"name_zh": [inputs.io.sectors.at[c, "name_zh"] for c in inputs.related.index]},
                                         index=inputs.related.index),
                    criteria=fz.criteria[["name_zh", "name_en", "weight"]], grades=fz.grades[["name_zh", "name_en", "value"]],
                    years=inputs.years, macro_years=[int(y) for y in inputs.macro.index],
                    provinces=reference.provinces().loc[sorted(set(inputs.province_gdp.index.get_level_values(0)))],
                    cities=cities)
    template = demo.generate_structure(table)
    years = list(years or demo.YEARS)
    return Dims(sectors=template["sectors"], related=template["related"], criteria=template["criteria"],
                grades=template["grades"], years=years,
                macro_years=list(range(years[0] - 10, years[-1] + 1)), provinces=reference.provinces(),
                cities=reference.cities().set_index("city_zh")[["city_en", "province_code"]])
