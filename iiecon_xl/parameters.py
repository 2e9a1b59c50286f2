"""Every method parameter, defined once: its default, its allowed values and its labels.

METHOD.md says which choices are parameters; this module is the only place their defaults
live. :class:`~iiecon_xl.inputs.Parameters` takes its field defaults from :data:`DEFAULTS`;
the workbook builder writes the parameter sheet from :data:`SPECS` (Excel name, Chinese and
English label, note); the reader reads it back through the same table; the Excel functions'
optional arguments, the figures, the CLI and the docs import their defaults from here.

Some defaults depend on the book's years (the base year is the first report year, the fit
window ends the year before it, the growth span is the last five report years, the city data
year is the latest report year): :func:`year_defaults` derives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: §7: the index constant N in CI = N·ln(1 + X/X̄).
CITY_INDEX_N = 25.0
#: §7: lower bounds of tiers 1–4 (strictly decreasing).
TIER_THRESHOLDS = (50.0, 35.0, 25.0, 17.0)
#: §7: the top-N city counts whose share of national IIE value added the report quotes.
TOP_N = (10, 100)
#: §3: the production-function fit window of the report (2007–2016 for base year 2017).
FIT_WINDOW = (2007, 2016)
#: §0: the base year of the IO table.
BASE_YEAR = 2017
#: §1: denominator of the section rates d_s, p_s: the yearbook's base-year section value added
#: (default) or the IO table's own section totals.
DENOMINATORS = ("yearbook", "io")
#: §0, §5: the industry of each IO sector: NBS 2018 三次产业划分规定 (default; A05, B11, C43 in the
#: tertiary industry) or the plain section rule (A; B–E; F–S).
INDUSTRY_RULES = ("nbs2018", "section")
#: §6: fuzzy operators.
OPERATORS = ("weighted", "minmax")
#: §7: the rows X̄ is averaged over: the prefecture-level units (municipalities left out) or all.
CITY_MEANS = ("prefecture", "all")
#: §5: allocation rules to provinces.
ALLOCATIONS = ("industry", "section")
#: §8 the province counts the report quotes: provinces above 1,000 亿元 (the threshold in 亿元,
#: converted to the book's unit), growing faster than 5 % and 7 %, with an IIE share of GDP above 4 %.
PROVINCE_COUNT_VALUE = 1000.0
PROVINCE_COUNT_GROWTH = (0.05, 0.07)
PROVINCE_COUNT_SHARE = 0.04
#: The money unit of every figure of a book.
UNIT = "亿元"
#: How many years the growth span covers by default (§8: 2020–2024 in the report).
SPAN_YEARS = 5

#: field name → default of :class:`~iiecon_xl.inputs.Parameters`.
DEFAULTS: dict[str, Any] = {
    "base_year": BASE_YEAR,
    "fit_window": FIT_WINDOW,
    "constant_returns": False,
    "denominator": DENOMINATORS[0],
    "industry_rule": INDUSTRY_RULES[0],
    "fuzzy_operator": OPERATORS[0],
    "extrapolation_window": None,      # §4: None = every observed year
    "allocation": ALLOCATIONS[0],
    "city_index_N": CITY_INDEX_N,
    "city_mean": CITY_MEANS[0],
    "tier_thresholds": TIER_THRESHOLDS,
    "top_n": TOP_N,
    "growth_span": None,               # None = the last SPAN_YEARS report years
    "unit": UNIT,
    "label": "",
}


@dataclass(frozen=True)
class ParamSpec:
    """One cell of the parameter sheet: Excel name, labels, note, value kind, allowed values."""

    name: str                  # defined name of the value cell, e.g. "P_N"
    zh: str
    en: str
    note: str
    kind: str                  # "year", "int", "number", "bool", "text", "choice"
    choices: tuple[str, ...] = ()


#: The parameter sheet, in order (the value sits in the layout's value column).
SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("P_BASE_YEAR", "基年", "Base year", "IO table year; the first report year", "year"),
    ParamSpec("P_FIT_START", "拟合起始年", "Fit window start", "§3 production function window", "year"),
    ParamSpec("P_FIT_END", "拟合结束年", "Fit window end", "", "year"),
    ParamSpec("P_CRS", "规模报酬不变", "Constant returns (TRUE/FALSE)", "§3 α + β = 1 variant", "bool"),
    ParamSpec("P_DENOM", "分母口径", "Denominator (yearbook / io)",
              "§1 section VA of the yearbook or of the IO table", "choice", DENOMINATORS),
    ParamSpec("P_OPERATOR", "模糊算子", "Fuzzy operator (weighted / minmax)", "§6 M(·,+) or M(∧,∨)",
              "choice", OPERATORS),
    ParamSpec("P_WINDOW", "外推窗口（年）", "Extrapolation window (years)", "§4 blank = all observed years", "int"),
    ParamSpec("P_N", "指数系数 N", "Index constant N", "§7 CI = N·ln(1 + X/X̄)", "number"),
    ParamSpec("P_TIER1", "第一梯队下限", "Tier 1 threshold", "§7", "number"),
    ParamSpec("P_TIER2", "第二梯队下限", "Tier 2 threshold", "", "number"),
    ParamSpec("P_TIER3", "第三梯队下限", "Tier 3 threshold", "", "number"),
    ParamSpec("P_TIER4", "第四梯队下限", "Tier 4 threshold", "", "number"),
    ParamSpec("P_TOP1", "头部城市数 1", "Top N (1)", "§7 share of national IIE value added", "int"),
    ParamSpec("P_TOP2", "头部城市数 2", "Top N (2)", "", "int"),
    ParamSpec("P_SPAN_START", "增长区间起", "Growth span start", "§8 total growth and CAGR", "year"),
    ParamSpec("P_SPAN_END", "增长区间止", "Growth span end", "", "year"),
    ParamSpec("P_CITY_YEAR", "城市数据年份", "City data year", "§7", "year"),
    ParamSpec("P_CITY_MEAN", "城市均值口径", "City mean over (prefecture / all)",
              "§7 X̄: the prefecture-level units (municipalities left out) or all rows", "choice", CITY_MEANS),
    ParamSpec("P_ALLOCATION", "分省分配口径", "Province allocation (industry / section)",
              "§5 three-industry ω, or each section by the provinces' section value added", "choice", ALLOCATIONS),
    ParamSpec("P_UNIT", "单位", "Unit", "every money figure of the book", "text"),
    ParamSpec("P_LABEL", "数据说明", "Data label", "", "text"),
    ParamSpec("P_INDUSTRY_RULE", "三次产业划分", "Industry rule (nbs2018 / section)",
              "§0 NBS 2018 三次产业划分规定 (A05, B11, C43 tertiary) or the plain section rule", "choice",
              INDUSTRY_RULES),
)
SPEC_BY_NAME: dict[str, ParamSpec] = {s.name: s for s in SPECS}


def default_span(years: list[int]) -> tuple[int, int]:
    """The growth span when none is given: the last :data:`SPAN_YEARS` report years."""
    return years[max(0, len(years) - SPAN_YEARS)], years[-1]


def year_defaults(years: list[int], macro_years: list[int]) -> dict[str, int]:
    """Defaults that follow the book's years: base year, fit window, span, city data year."""
    start, end = default_span(years)
    return {"P_BASE_YEAR": years[0], "P_FIT_START": macro_years[0], "P_FIT_END": years[0] - 1,
            "P_SPAN_START": start, "P_SPAN_END": end, "P_CITY_YEAR": years[-1]}


def cell_values(params, years: list[int], macro_years: list[int], city_year: int | None = None) -> dict:
    """{P_* name: value} of the parameter sheet for ``params`` (None = the defaults)."""
    from .inputs import Parameters

    P = params if params is not None else Parameters()
    yd = year_defaults(years, macro_years)
    fit = P.fit_window if params is not None else (yd["P_FIT_START"], yd["P_FIT_END"])
    span = P.growth_span or (yd["P_SPAN_START"], yd["P_SPAN_END"])
    t = list(P.tier_thresholds)
    return {
        "P_BASE_YEAR": years[0], "P_FIT_START": fit[0], "P_FIT_END": fit[1],
        "P_CRS": bool(P.constant_returns), "P_DENOM": P.denominator, "P_OPERATOR": P.fuzzy_operator,
        "P_WINDOW": P.extrapolation_window, "P_N": float(P.city_index_N),
        "P_TIER1": t[0], "P_TIER2": t[1], "P_TIER3": t[2], "P_TIER4": t[3],
        "P_TOP1": P.top_n[0], "P_TOP2": P.top_n[1], "P_SPAN_START": span[0], "P_SPAN_END": span[1],
        "P_CITY_YEAR": int(city_year or yd["P_CITY_YEAR"]), "P_CITY_MEAN": P.city_mean,
        "P_ALLOCATION": P.allocation, "P_UNIT": P.unit, "P_LABEL": P.label,
        "P_INDUSTRY_RULE": P.industry_rule,
    }


# --------------------------------------------------------------------------- IO analysis (issue 15)
# Defaults and allowed values of the IO analysis menu (model/multipliers, linkages, extraction,
# ras, uncertainty; the Excel functions of excel/analysis_functions.py; iiecon_xl.analysis).
# The first entry of each tuple of choices is the default.

#: IO_MULTIPLIERS ``kind``: the multiplier measures (output, value added, employment, labour income).
MULTIPLIER_MEASURES = ("output", "value_added", "employment", "income")
#: IO_LINKAGES ``kind``: the basis of the total forward linkage (Ghosh G, or Rasmussen's L).
FORWARD_BASES = ("ghosh", "leontief")
#: IO_EXTRACTION ``kind``: hypothetical extractions, in the row order of the result.
EXTRACTION_KINDS = ("backward", "forward", "total")
#: RAS_UPDATE ``method``: RAS (non-negative tables) or GRAS (entries of any sign).
RAS_METHODS = ("ras", "gras")
#: RAS_UPDATE ``max_iter`` and ``tol`` (largest margin gap relative to the largest total).
RAS_MAX_ITER = 10_000
RAS_TOL = 1e-10
#: IIE_UNCERTAINTY ``quantiles``, ``draws``, ``seed`` and ``method`` (how the votes are redrawn).
UNCERTAINTY_QUANTILES = (0.05, 0.5, 0.95)
UNCERTAINTY_DRAWS = 1000
UNCERTAINTY_SEED = 0
UNCERTAINTY_METHODS = ("multinomial", "dirichlet")
#: IIE_UNCERTAINTY: the largest number of draws accepted.
UNCERTAINTY_MAX_DRAWS = 1_000_000
