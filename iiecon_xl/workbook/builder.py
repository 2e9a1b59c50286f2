"""Build the template and demo workbooks with XlsxWriter.

Every report number is a formula that reaches the input cells through the package's
Excel functions (UDFs, written bare: ``=IIE_DIRECT(IO_X, CALC_M, CALC_S, TRUE)``) and
native functions; matrix and vector results are dynamic-array formulas with their spill
range declared. Defined names make the formulas read like the method.

``build(path, inputs=None)`` writes a book and returns its :class:`Manifest`: every
formula cell, the spill ranges, and for each report cell the pipeline table, row key and
column it must equal (what the audit compares).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import xlsxwriter

from .. import __version__, model, reference, units
from ..inputs import INDUSTRY_COLUMNS, Inputs
from . import layout as L
from .layout import FIRST, HEAD, a1, area, q, ref, ref_area

IND = (1, 2, 3)
IND_ZH = {j: reference.INDUSTRY_NAMES[j][0] for j in IND}
IND_EN = {j: reference.INDUSTRY_NAMES[j][1] for j in IND}


@dataclass
class Expect:
    """A report cell and the pipeline value it must equal."""

    sheet: str
    cell: str
    table: str
    key: tuple            # ((column, value), …) identifying the row of the pipeline table
    column: str


@dataclass
class Manifest:
    formulas: dict = field(default_factory=dict)      # (sheet, cell) → formula text
    spills: dict = field(default_factory=dict)        # (sheet, anchor) → "A1:B9"
    expect: list = field(default_factory=list)        # [Expect]
    checks: list = field(default_factory=list)        # [(sheet, cell, description)]
    report_ranges: list = field(default_factory=list)  # [(sheet, "A1:B9")] that must hold no error
    province_blocks: dict = field(default_factory=dict)  # first rows of the province report blocks
    summary_cells: dict = field(default_factory=dict)    # span growth and CAGR cells
    inputs: dict = field(default_factory=dict)        # input cells: (sheet, cell) → value (None = blank)


class _Book:
    """XlsxWriter workbook plus the manifest, with helpers that record what they write."""

    def __init__(self, path: Path):
        self.wb = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True})
        self.wb.set_properties({"title": "iiecon-xl 工业互联网带动增加值测算", "author": "iiecon-xl",
                                "comments": f"Built by iiecon-xl {__version__}"})
        self.man = Manifest()
        self.sheets: dict[str, xlsxwriter.worksheet.Worksheet] = {}
        f = self.wb.add_format
        self.f_title = f({"bold": True, "font_size": 14})
        self.f_note = f({"italic": True, "font_color": "#555555"})
        self.f_head = f({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
        self.f_input = f({"bg_color": "#FFF2CC", "border": 1, "num_format": "#,##0.00"})
        self.f_input_int = f({"bg_color": "#FFF2CC", "border": 1, "num_format": "0"})
        self.f_input_text = f({"bg_color": "#FFF2CC", "border": 1})
        self.f_label = f({"border": 1})
        self.f_money = f({"num_format": "#,##0.00", "border": 1})
        self.f_rate = f({"num_format": "0.00%", "border": 1})
        self.f_ratio = f({"num_format": "0.0000", "border": 1})
        self.f_int = f({"num_format": "0", "border": 1})
        self.f_text = f({"border": 1})
        self.f_extrap = f({"bg_color": "#F8CBAD", "italic": True})
        self.f_awaiting = f({"bg_color": "#FFC7CE", "border": 1, "num_format": "#,##0.00"})
        self.f_input_extrap = f({"bg_color": "#F8CBAD", "italic": True, "border": 1, "num_format": "#,##0.00"})
        self.new_years: dict[int, str] = {}
        self.f_ok = f({"bg_color": "#C6EFCE", "font_color": "#006100", "bold": True})
        self.f_fail = f({"bg_color": "#FFC7CE", "font_color": "#9C0006", "bold": True})

    def sheet(self, name: str, title_zh: str, title_en: str, note: str = ""):
        ws = self.wb.add_worksheet(name)
        self.sheets[name] = ws
        ws.write(0, 0, f"{title_zh}  {title_en}", self.f_title)
        if note:
            ws.write(1, 0, note, self.f_note)
        ws.freeze_panes(FIRST, 0)
        return ws

    def formula(self, sheet: str, row: int, col: int, text: str, fmt=None, expect=None):
        ws = self.sheets[sheet]
        ws.write_formula(row, col, text, fmt)
        self.man.formulas[(sheet, a1(row, col))] = text
        if expect:
            self.man.expect.append(Expect(sheet, a1(row, col), *expect))

    def spill(self, sheet: str, r1: int, c1: int, r2: int, c2: int, text: str, fmt=None):
        ws = self.sheets[sheet]
        ws.write_dynamic_array_formula(r1, c1, r2, c2, text, fmt)
        self.man.formulas[(sheet, a1(r1, c1))] = text
        self.man.spills[(sheet, a1(r1, c1))] = area(r1, c1, r2, c2, absolute=False)
        # XlsxWriter formats only the anchor; format the rest of the spill range too
        if fmt is not None:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        ws.write_blank(r, c, None, fmt)

    def value(self, sheet: str, row: int, col: int, v, fmt=None, *, year: int | None = None):
        """An input cell (recorded in the manifest); None or NaN → blank input cell.

        ``year``: the year of a year-indexed input; cells of a year added by ``new-year`` are
        marked: blank → awaiting data (red), filled → extrapolated (orange), with a note."""
        ws = self.sheets[sheet]
        blank = v is None or (isinstance(v, float) and math.isnan(v))
        if year is not None and year in self.new_years:
            if blank:
                fmt = self.f_awaiting
                ws.write_comment(row, col, f"{year}: 待填 awaiting data")
            elif self.new_years[year] == "extrapolated":
                fmt = self.f_input_extrap
                ws.write_comment(row, col, f"{year}: 线性外推 extrapolated (iiecon-xl new-year --extrapolate)")
        if blank:
            ws.write_blank(row, col, None, fmt or self.f_input)
        elif isinstance(v, str):
            ws.write_string(row, col, v, fmt or self.f_input_text)
        elif isinstance(v, (bool, np.bool_)):
            ws.write_boolean(row, col, bool(v), fmt or self.f_input_text)
        else:
            ws.write_number(row, col, float(v), fmt or self.f_input)
        self.man.inputs[(sheet, a1(row, col))] = None if blank else (v if isinstance(v, str) else
                                                                      bool(v) if isinstance(v, (bool, np.bool_))
                                                                      else float(v))

    def label(self, sheet: str, row: int, col: int, text, fmt=None):
        self.sheets[sheet].write(row, col, text, fmt or self.f_label)

    def header(self, sheet: str, row: int, col: int, labels):
        for i, text in enumerate(labels):
            self.sheets[sheet].write(row, col + i, text, self.f_head)

    def name(self, name: str, sheet: str, r1: int, c1: int, r2: int | None = None, c2: int | None = None):
        if r2 is None:
            self.wb.define_name(name, f"={ref(sheet, r1, c1, absolute=True)}")
        else:
            self.wb.define_name(name, f"={ref_area(sheet, r1, c1, r2, c2)}")


def _key(**kw) -> tuple:
    return tuple(kw.items())


def build(path, inputs: Inputs | None = None, *, dims: L.Dims | None = None,
          new_years: dict[int, str] | None = None) -> Manifest:
    """Write the workbook to ``path``: the demo/filled book when ``inputs`` is given, else the
    empty template on the 2017 149-sector list. ``new_years`` {year: "awaiting" | "extrapolated"}
    marks the input cells of years added by ``new-year``. Returns the manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    d = dims or L.dims_for(inputs)
    b = _Book(path)
    b.top_n = tuple(inputs.params.top_n) if inputs is not None else (10, 100)
    b.new_years = dict(new_years or {})
    _guide(b, d, inputs)
    _params(b, d, inputs)
    _io(b, d, inputs)
    _related(b, d, inputs)
    _scores(b, d, inputs)
    _section_va(b, d, inputs)
    _macro(b, d, inputs)
    _national_gdp(b, d, inputs)
    _province_gdp(b, d, inputs)
    _city_gdp(b, d, inputs)
    _sector_calc(b, d)
    _section_calc(b, d)
    _production(b, d)
    _province_calc(b, d)
    _r_national(b, d)
    _r_industries(b, d)
    _r_sections(b, d)
    _r_provinces(b, d)
    _r_regions(b, d)
    _r_cities(b, d)
    _checks(b, d)
    b.sheets[L.GUIDE].activate()
    b.wb.close()
    return b.man


# ------------------------------------------------------------------------------------ guide


GUIDE_ROWS = (
    (L.PARAMS, "方法参数：基年、拟合窗口、分母口径、模糊算子、外推窗口、指数系数 N、梯队阈值、单位", "Method parameters", "按需 as needed"),
    (L.IO, "基年投入产出表：中间流量 Z（行=供给部门，列=使用部门），总投入 X；部门代码与门类", "Base-year IO table: flows Z, total input X, sector → section", "基年更新时 new base year"),
    (L.RELATED, "关联部门 K 及其关联系数 S（由专家评分经模糊综合评价得出）", "Related sectors K; S from the fuzzy evaluation", "每年核对 yearly check"),
    (L.SCORES, "专家评分：评价指标权重 W、等级分值 G、各部门各指标的专家人数", "Expert scores: weights W, grade values G, counts", "每年 yearly"),
    (L.SECTION_VA, "19个门类增加值（年鉴），空白=缺失，将线性外推并标记", "Section value added by year; blanks are extrapolated and flagged", "每年 yearly"),
    (L.MACRO, "GDP（不变价）Y、资本存量 K、就业 L", "Y, K, L for the production function", "每年 yearly"),
    (L.NATIONAL_GDP, "全国三次产业增加值", "National GDP by the three industries", "每年 yearly"),
    (L.PROVINCE_GDP, "31个省份三次产业增加值", "Provincial GDP by the three industries", "每年 yearly"),
    (L.CITY_GDP, "城市三次产业增加值（城市数据年份）", "City GDP by industry (city data year)", "每年 yearly"),
    (L.SECTOR_CALC, "部门测算：直接增加值 S(X−M)、ΔY、λ、dz", "Per-sector direct and penetration results", "公式 formulas"),
    (L.SECTION_CALC, "门类测算：d_s、p_s(t)、补全后的增加值（外推单元格标色）、核心与渗透增加值", "Section rates and series; extrapolated cells coloured", "公式 formulas"),
    (L.PRODUCTION, "生产函数估计与技术乘数 γ_t、μ_t", "Cobb-Douglas fit, γ_t and μ_t", "公式 formulas"),
    (L.PROVINCE_CALC, "分省权重 ω 与分省核心、渗透增加值", "Province weights ω and allocation", "公式 formulas"),
    (L.R_NATIONAL, "报告：全国核心、渗透、合计、增速、占GDP比重、区间增长与年均增速", "Report: national series", "公式 formulas"),
    (L.R_INDUSTRIES, "报告：三次产业", "Report: three industries", "公式 formulas"),
    (L.R_SECTIONS, "报告：19个门类", "Report: 19 sections", "公式 formulas"),
    (L.R_PROVINCES, "报告：31个省份（合计、核心、渗透、增速、占GDP比重、排名）", "Report: provinces", "公式 formulas"),
    (L.R_REGIONS, "报告：四大区域", "Report: four regions", "公式 formulas"),
    (L.R_CITIES, "报告：城市发展指数、梯队、排名、表1", "Report: cities, index, tiers, Table 1", "公式 formulas"),
    (L.CHECKS, "校验：核心+渗透=合计、分省之和=全国、城市之和=省份、无错误值", "Identity checks: OK / FAIL", "公式 formulas"),
)


def _guide(b: _Book, d: L.Dims, inputs):
    s = L.GUIDE
    ws = b.sheet(s, "工业互联网带动增加值测算工作簿", "IIE value-added measurement workbook",
                 f"iiecon-xl {__version__} — 方法见 METHOD.md；所有报告数字均为公式 Every report number is a formula")
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 70)
    ws.set_column(2, 2, 52)
    ws.set_column(3, 3, 22)
    b.header(s, HEAD, 0, ["工作表 Sheet", "内容 What it holds", "Contents (en)", "更新 Update"])
    for i, (sheet, zh, en, upd) in enumerate(GUIDE_ROWS):
        ws.write_url(FIRST + i, 0, f"internal:{q(sheet)}!A1", string=sheet)
        b.label(s, FIRST + i, 1, zh)
        b.label(s, FIRST + i, 2, en)
        b.label(s, FIRST + i, 3, upd)
    r = FIRST + len(GUIDE_ROWS) + 1
    notes = [
        "每年更新步骤 Yearly update: 复制上年工作簿 → 在黄色输入单元格粘贴新数据（年份列见 new-year 命令）→ 重新计算 → 检查“校验”表全部为 OK。",
        "Copy last year's book, paste the new year's data into the yellow input cells, recalculate, confirm every check reads OK.",
        "单位 Unit: 见参数表 P_UNIT（默认 亿元 = 1e8 元）。比率以百分比显示。Rates are shown in per cent.",
        "来源 Sources: 国家统计局投入产出表、统计年鉴、城市统计年鉴；关联系数来自专家评分。NBS IO tables and yearbooks; S from expert scoring.",
        "黄色=输入，白色=公式；外推的门类增加值以橙色标出。Yellow = input, white = formula; extrapolated values are orange.",
    ]
    label = inputs.params.label if inputs is not None else ""
    if label:
        notes.insert(0, f"数据 Data: {label}")
    for i, text in enumerate(notes):
        ws.write(r + i, 0, text, b.f_note if i else b.f_title if label else b.f_note)


# ------------------------------------------------------------------------------------ inputs


def _params(b: _Book, d: L.Dims, inputs):
    s = L.PARAMS
    ws = b.sheet(s, "参数", "Parameters", "黄色单元格可修改 Yellow cells are inputs")
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 2, 16)
    ws.set_column(3, 3, 48)
    b.header(s, HEAD, 0, ["参数", "Parameter", "值 Value", "说明 Notes"])
    P = inputs.params if inputs is not None else None
    t = list(P.tier_thresholds) if P else [50.0, 35.0, 25.0, 17.0]
    span = (P.growth_span if P and P.growth_span else (d.years[max(0, d.T - 5)], d.years[-1]))
    values = {
        "P_BASE_YEAR": d.years[0], "P_FIT_START": P.fit_window[0] if P else d.macro_years[0],
        "P_FIT_END": P.fit_window[1] if P else d.years[0] - 1, "P_CRS": bool(P.constant_returns) if P else False,
        "P_DENOM": P.denominator if P else "io", "P_OPERATOR": P.fuzzy_operator if P else "weighted",
        "P_WINDOW": (P.extrapolation_window if P else None), "P_N": P.city_index_N if P else 25.0,
        "P_TIER1": t[0], "P_TIER2": t[1], "P_TIER3": t[2], "P_TIER4": t[3],
        "P_TOP1": (P.top_n[0] if P else 10), "P_TOP2": (P.top_n[1] if P else 100),
        "P_SPAN_START": span[0], "P_SPAN_END": span[1],
        "P_CITY_YEAR": int(inputs.city_year or d.years[-1]) if inputs is not None else d.years[-1],
        "P_UNIT": P.unit if P else "亿元", "P_LABEL": P.label if P else "",
    }
    for name, zh, en, note in L.PARAMETERS:
        r = L.PARAM_ROW[name]
        b.label(s, r, 0, zh)
        b.label(s, r, 1, en)
        v = values[name]
        if isinstance(v, (str, bool)) or v is None:
            fmt = b.f_input_text
        elif name in ("P_N", "P_TIER1", "P_TIER2", "P_TIER3", "P_TIER4"):
            fmt = b.f_input
        else:
            fmt = b.f_input_int
        b.value(s, r, 2, v, fmt)
        b.label(s, r, 3, note)
        b.name(name, s, r, 2)
    b.name("P_TIERS", s, L.PARAM_ROW["P_TIER1"], 2, L.PARAM_ROW["P_TIER4"], 2)


def _io(b: _Book, d: L.Dims, inputs):
    s = L.IO
    unit = inputs.params.unit if inputs is not None else "亿元"
    ws = b.sheet(s, "基年投入产出表", "Base-year input-output table",
                 f"单位 Unit: {units.label(unit)}；行=供给部门，列=使用部门 rows sell, columns buy")
    ws.freeze_panes(FIRST, L.Dims.IO_C0)
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 30)
    ws.set_column(3, 3, 6)
    b.header(s, HEAD, 0, ["代码 Code", "部门 Sector", "Sector (en)", "门类 Section"])
    n, c0 = d.n, L.Dims.IO_C0
    codes = list(d.sectors.index)
    Z = inputs.io.Z.to_numpy() if inputs is not None else None
    X = inputs.io.X.to_numpy() if inputs is not None else None
    f = units.factor(inputs.io.unit, inputs.params.unit) if inputs is not None else 1.0
    for j, code in enumerate(codes):
        b.value(s, HEAD, c0 + j, code, b.f_head)
    for i, code in enumerate(codes):
        r = FIRST + i
        b.value(s, r, 0, code, b.f_input_text)
        b.value(s, r, 1, d.sectors.at[code, "name_zh"], b.f_input_text)
        b.value(s, r, 2, d.sectors.at[code, "name_en"], b.f_input_text)
        b.value(s, r, 3, d.sectors.at[code, "section"], b.f_input_text)
        for j in range(n):
            b.value(s, r, c0 + j, None if Z is None else Z[i, j] * f)
    xr = d.io_x_row()
    b.label(s, xr, 1, "总投入 Total input X", b.f_head)
    for j in range(n):
        b.value(s, xr, c0 + j, None if X is None else X[j] * f)
    b.name("IO_CODES", s, FIRST, 0, FIRST + n - 1, 0)
    b.name("IO_NAMES", s, FIRST, 1, FIRST + n - 1, 1)
    b.name("IO_SECTION", s, FIRST, 3, FIRST + n - 1, 3)
    b.name("IO_Z", s, FIRST, c0, FIRST + n - 1, c0 + n - 1)
    b.name("IO_X", s, xr, c0, xr, c0 + n - 1)


def _related(b: _Book, d: L.Dims, inputs):
    s = L.RELATED
    ws = b.sheet(s, "关联部门与关联系数", "Related sectors and IIE shares S",
                 "S 由“专家评分”表经模糊综合评价计算 S = B·G (METHOD.md §6)")
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 26)
    ws.set_column(2, 2, 14)
    b.header(s, HEAD, 0, ["代码 Code", "部门 Sector", "关联系数 S", "评分区域 Scores range"])
    p, g = len(d.criteria), len(d.grades)
    for i, code in enumerate(d.related.index):
        r = FIRST + i
        b.value(s, r, 0, code, b.f_input_text)
        b.value(s, r, 1, d.related.at[code, "name_zh"], b.f_input_text)
        top = d.scores_block_row(i) + 1
        rng = ref_area(L.SCORES, top, 2, top + p - 1, 2 + g - 1)
        b.formula(s, r, 2, f"=FUZZY_EVAL({rng}, SC_WEIGHTS, SC_GRADES, P_OPERATOR)", b.f_ratio,
                  expect=("related", _key(code=code), "S"))
        b.label(s, r, 3, rng.split("!")[1])
    b.name("REL_CODES", s, FIRST, 0, FIRST + d.m - 1, 0)
    b.name("REL_S", s, FIRST, 2, FIRST + d.m - 1, 2)


def _scores(b: _Book, d: L.Dims, inputs):
    s = L.SCORES
    ws = b.sheet(s, "专家评分（模糊综合评价）", "Expert scores (fuzzy comprehensive evaluation)",
                 "每格填写选择该等级的专家人数 Number of experts choosing each grade")
    ws.set_column(0, 1, 14)
    ws.set_column(2, 9, 12)
    b.header(s, HEAD, 0, ["指标 id", "评价指标", "Criterion", "权重 W"])
    b.header(s, HEAD, 5, ["等级 id", "等级", "Grade", "分值 G"])
    for i, (cid, row) in enumerate(d.criteria.iterrows()):
        b.value(s, FIRST + i, 0, str(cid), b.f_input_text)
        b.value(s, FIRST + i, 1, row["name_zh"], b.f_input_text)
        b.value(s, FIRST + i, 2, row["name_en"], b.f_input_text)
        b.value(s, FIRST + i, 3, float(row["weight"]))
    for i, (gid, row) in enumerate(d.grades.iterrows()):
        b.value(s, FIRST + i, 5, str(gid), b.f_input_text)
        b.value(s, FIRST + i, 6, row["name_zh"], b.f_input_text)
        b.value(s, FIRST + i, 7, row["name_en"], b.f_input_text)
        b.value(s, FIRST + i, 8, float(row["value"]))
    p, g = len(d.criteria), len(d.grades)
    b.name("SC_WEIGHTS", s, FIRST, 3, FIRST + p - 1, 3)
    b.name("SC_GRADES", s, FIRST, 8, FIRST + g - 1, 8)
    counts = inputs.fuzzy.counts if inputs is not None else None
    for i, code in enumerate(d.related.index):
        top = d.scores_block_row(i)
        b.label(s, top, 0, code, b.f_head)
        b.label(s, top, 1, d.related.at[code, "name_zh"], b.f_head)
        for k, (gid, grow) in enumerate(d.grades.iterrows()):
            b.label(s, top, 2 + k, f"{grow['name_zh']} {grow['name_en']}", b.f_head)
        for ci, cid in enumerate(d.criteria.index):
            b.label(s, top + 1 + ci, 1, d.criteria.at[cid, "name_zh"])
            for k, gid in enumerate(d.grades.index):
                v = None
                if counts is not None and (code, cid) in counts.index:
                    v = float(counts.at[(code, cid), gid])
                b.value(s, top + 1 + ci, 2 + k, v, b.f_input_int)


def _years_header(b: _Book, sheet: str, row: int, col: int, years):
    for i, y in enumerate(years):
        b.value(sheet, row, col + i, int(y), b.f_head)


def _year_formulas(b: _Book, sheet: str, row: int, col: int, T: int):
    """A header row of the report years as formulas on the Section VA input header, so a
    year changed there changes every table."""
    for t in range(T):
        b.formula(sheet, row, col + t, f"={ref(L.SECTION_VA, HEAD, L.Dims.YEAR_C0 + t)}", b.f_head)


def _section_va(b: _Book, d: L.Dims, inputs):
    s = L.SECTION_VA
    ws = b.sheet(s, "门类增加值", "Value added by section", "空白 = 缺失，将线性外推 Blank = missing, extrapolated (§4)")
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2, 36)
    ws.set_column(3, 3 + d.T, 12)
    b.header(s, HEAD, 0, ["门类", "名称", "Name"])
    c0 = L.Dims.YEAR_C0
    _years_header(b, s, HEAD, c0, d.years)
    sec = reference.sections()
    for i, letter in enumerate(model.SECTIONS):
        r = FIRST + i
        b.label(s, r, 0, letter)
        b.label(s, r, 1, sec.at[letter, "name_zh"])
        b.label(s, r, 2, sec.at[letter, "name_en"])
        for t, y in enumerate(d.years):
            v = None
            if inputs is not None and y in inputs.section_va.columns:
                v = inputs.section_va.at[letter, y]
            b.value(s, r, c0 + t, v, year=y)
    b.name("VA_YEARS", s, HEAD, c0, HEAD, c0 + d.T - 1)
    b.name("VA_DATA", s, FIRST, c0, FIRST + 18, c0 + d.T - 1)


def _macro(b: _Book, d: L.Dims, inputs):
    s = L.MACRO
    ws = b.sheet(s, "宏观数据", "Macro series Y, K, L", "Y: 不变价GDP（亿元）, K: 资本存量（亿元）, L: 就业（万人）")
    ws.set_column(0, 1, 22)
    ws.set_column(2, 2, 12)
    c0 = L.Dims.YEAR_C0
    b.header(s, HEAD, 0, ["指标", "Indicator", "单位 Unit"])
    _years_header(b, s, HEAD, c0, d.macro_years)
    rows = (("Y", "国内生产总值（不变价）", "Real GDP Y", "亿元"), ("K", "资本存量", "Capital stock K", "亿元"),
            ("L", "就业人员", "Employment L", "万人"))
    for i, (key, zh, en, u) in enumerate(rows):
        r = FIRST + i
        b.label(s, r, 0, zh)
        b.label(s, r, 1, en)
        b.label(s, r, 2, u)
        for t, y in enumerate(d.macro_years):
            v = inputs.macro.at[y, key] if inputs is not None and y in inputs.macro.index else None
            b.value(s, r, c0 + t, v, year=y)
        b.name(f"MAC_{key}", s, r, c0, r, c0 + len(d.macro_years) - 1)
    b.name("MAC_YEARS", s, HEAD, c0, HEAD, c0 + len(d.macro_years) - 1)


def _national_gdp(b: _Book, d: L.Dims, inputs):
    s = L.NATIONAL_GDP
    unit = inputs.params.unit if inputs is not None else "亿元"
    ws = b.sheet(s, "全国三次产业增加值", "National GDP by industry", f"单位 Unit: {units.label(unit)}")
    ws.set_column(0, 1, 20)
    c0 = L.Dims.YEAR_C0
    b.header(s, HEAD, 0, ["产业", "Industry", ""])
    _years_header(b, s, HEAD, c0, d.years)
    for j in IND:
        r = FIRST + j - 1
        b.label(s, r, 0, IND_ZH[j])
        b.label(s, r, 1, IND_EN[j])
        for t, y in enumerate(d.years):
            v = inputs.national_gdp.at[y, INDUSTRY_COLUMNS[j - 1]] if inputs is not None and y in inputs.national_gdp.index else None
            b.value(s, r, c0 + t, v, year=y)
    b.name("NG_YEARS", s, HEAD, c0, HEAD, c0 + d.T - 1)
    b.name("NG_DATA", s, FIRST, c0, FIRST + 2, c0 + d.T - 1)


def _province_gdp(b: _Book, d: L.Dims, inputs):
    s = L.PROVINCE_GDP
    unit = inputs.params.unit if inputs is not None else "亿元"
    ws = b.sheet(s, "分省三次产业增加值", "Provincial GDP by industry", f"单位 Unit: {units.label(unit)}")
    ws.freeze_panes(FIRST, L.Dims.PROV_C0)
    ws.set_column(0, 0, 9)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 14)
    b.header(s, HEAD, 0, ["代码 Code", "省份", "Province", "区域 Region"])
    P = len(d.provinces)
    for j in IND:
        c = d.prov_block_col(j)
        b.label(s, HEAD - 1, c, f"{IND_ZH[j]} {IND_EN[j]}", b.f_head)
        _years_header(b, s, HEAD, c, d.years)
    pg = inputs.province_gdp if inputs is not None else None
    for i, (code, row) in enumerate(d.provinces.iterrows()):
        r = FIRST + i
        b.value(s, r, 0, int(code), b.f_input_int)
        b.value(s, r, 1, row["name_zh"], b.f_input_text)
        b.value(s, r, 2, row["name_en"], b.f_input_text)
        b.value(s, r, 3, row["region"], b.f_input_text)
        for j in IND:
            for t, y in enumerate(d.years):
                v = pg.at[(int(code), y), INDUSTRY_COLUMNS[j - 1]] if pg is not None and (int(code), y) in pg.index else None
                b.value(s, r, d.prov_block_col(j) + t, v, year=y)
    b.name("PG_CODES", s, FIRST, 0, FIRST + P - 1, 0)
    b.name("PG_REGION", s, FIRST, 3, FIRST + P - 1, 3)
    for j in IND:
        c = d.prov_block_col(j)
        b.name(f"PROV_GDP_{j}", s, FIRST, c, FIRST + P - 1, c + d.T - 1)


def _city_gdp(b: _Book, d: L.Dims, inputs):
    s = L.CITY_GDP
    unit = inputs.params.unit if inputs is not None else "亿元"
    ws = b.sheet(s, "城市三次产业增加值", "City GDP by industry",
                 f"城市数据年份见参数 P_CITY_YEAR；单位 Unit: {units.label(unit)}")
    ws.set_column(0, 1, 18)
    ws.set_column(2, 3, 12)
    ws.set_column(4, 6, 14)
    b.header(s, HEAD, 0, ["城市", "City", "省份代码 Province code", "省份 Province",
                          f"{IND_ZH[1]} Primary", f"{IND_ZH[2]} Secondary", f"{IND_ZH[3]} Tertiary"])
    cg = inputs.city_gdp if inputs is not None else None
    pnames = reference.provinces()["name_zh"]
    for i, (city, row) in enumerate(d.cities.iterrows()):
        r = FIRST + i
        b.value(s, r, 0, str(city), b.f_input_text)
        b.value(s, r, 1, row["city_en"], b.f_input_text)
        b.value(s, r, 2, int(row["province_code"]), b.f_input_int)
        b.label(s, r, 3, pnames.get(int(row["province_code"]), ""))
        for j in IND:
            v = cg.at[city, INDUSTRY_COLUMNS[j - 1]] if cg is not None else None
            b.value(s, r, 3 + j, v)
    C = len(d.cities)
    b.name("CITY_NAMES", s, FIRST, 0, FIRST + C - 1, 0)
    b.name("CITY_PROV", s, FIRST, 2, FIRST + C - 1, 2)
    for j in IND:
        b.name(f"CITY_GDP{j}", s, FIRST, 3 + j, FIRST + C - 1, 3 + j)


# ------------------------------------------------------------------------------ calculations


def _sector_calc(b: _Book, d: L.Dims):
    s = L.SECTOR_CALC
    ws = b.sheet(s, "部门测算（基年）", "Sector results, base year",
                 "直接 S(X−M) (§1)；渗透 ΔY、λ、dz：增广投入产出模型 (§2)")
    ws.freeze_panes(FIRST, 2)
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 22)
    ws.set_column(3, 10, 14)
    b.header(s, HEAD, 0, ["代码 Code", "部门 Sector", "门类 Section", "总产出 X", "中间投入 M", "增加值 V = X−M",
                          "关联系数 S", "直接增加值 S(X−M)", "带动产出 ΔY", "定向贡献率 λ", "渗透增加值 dz"])
    last = FIRST + d.n - 1
    c0 = L.Dims.IO_C0
    for i, code in enumerate(d.sectors.index):
        r = FIRST + i
        b.formula(s, r, 0, f"={ref(L.IO, FIRST + i, 0)}", b.f_text)
        b.formula(s, r, 1, f"={ref(L.IO, FIRST + i, 1)}", b.f_text)
        b.formula(s, r, 2, f"={ref(L.IO, FIRST + i, 3)}", b.f_text)
        b.formula(s, r, 4, f"=SUM({ref_area(L.IO, FIRST, c0 + i, last, c0 + i)})", b.f_money,
                  expect=("sectors", _key(code=code), "intermediate_input"))
        b.formula(s, r, 5, f"={a1(r, 3)}-{a1(r, 4)}", b.f_money, expect=("sectors", _key(code=code), "value_added"))
    b.spill(s, FIRST, 3, last, 3, "=TRANSPOSE(IO_X)", b.f_money)
    b.spill(s, FIRST, 6, last, 6, "=IIE_ALIGN(IO_CODES, REL_CODES, REL_S)", b.f_ratio)
    b.spill(s, FIRST, 7, last, 7, "=IIE_DIRECT(IO_X, CALC_M, CALC_S, TRUE)", b.f_money)
    b.spill(s, FIRST, 8, last, 10, '=IIE_PENETRATION(IO_Z, IO_X, CALC_S, CALC_V, "table")', b.f_money)
    for i, code in enumerate(d.sectors.index):
        for c, column in ((3, "total_output"), (6, "S"), (7, "direct"), (8, "dY"), (9, "lambda"), (10, "dz")):
            b.man.expect.append(Expect(s, a1(FIRST + i, c), "sectors", _key(code=code), column))
    tr = last + 1
    b.label(s, tr, 1, "合计 Total", b.f_head)
    for c in (3, 4, 5, 7, 8, 10):
        b.formula(s, tr, c, f"=SUM({area(FIRST, c, last, c)})", b.f_money)
    for nm, c in (("CALC_SECTION", 2), ("CALC_X", 3), ("CALC_M", 4), ("CALC_V", 5), ("CALC_S", 6),
                  ("CALC_DIRECT", 7), ("CALC_DY", 8), ("CALC_LAMBDA", 9), ("CALC_DZ", 10)):
        b.name(nm, s, FIRST, c, last, c)
    b.sheets[s].conditional_format(FIRST, 9, last, 9, {"type": "data_bar", "bar_color": "#9BC2E6"})


# Section calc rows: 19-row blocks stacked with 3 rows between
SEC_RATES = FIRST                  # rates block (rows FIRST .. FIRST+18)
def _blk(k: int) -> int:           # first data row of year-block k (k = 1..)
    return FIRST + k * 23


SEC_VA, SEC_FLAG, SEC_MU, SEC_P, SEC_CORE, SEC_PEN = (_blk(1), _blk(2), _blk(3), _blk(4), _blk(5), _blk(6))
SEC_YC0 = 3                        # year blocks start at column D


def sec_cell(block_row: int, s_index: int, t: int, *, sheet=True, absolute=False) -> str:
    r, c = block_row + s_index, SEC_YC0 + t
    return ref(L.SECTION_CALC, r, c, absolute=absolute) if sheet else a1(r, c, absolute=absolute)


def _section_calc(b: _Book, d: L.Dims):
    s = L.SECTION_CALC
    ws = b.sheet(s, "门类测算", "Section rates and series",
                 "d_s = Σ S_k V_k / VA_s；p_s(t) = p_s(t−1)·μ_t；核心 = d_s·VA_s(t)，渗透 = p_s(t)·VA_s(t)")
    ws.freeze_panes(FIRST, 3)
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2 + max(d.T, 7), 14)
    sec = reference.sections()
    T, yc = d.T, SEC_YC0
    # rates block
    b.header(s, HEAD, 0, ["门类", "名称", "产业 Industry", "增加值(IO) V", "直接 Σ S(X−M)", "渗透 Σ dz",
                          "分母 Denominator", "直接贡献率 d", "渗透率 p(基年)"])
    for i, letter in enumerate(model.SECTIONS):
        r = SEC_RATES + i
        b.label(s, r, 0, letter)
        b.label(s, r, 1, sec.at[letter, "name_zh"])
        b.label(s, r, 2, int(model.SECTION_INDUSTRY[letter]), b.f_int)
        b.formula(s, r, 3, f'=SUMIF(CALC_SECTION, {a1(r, 0)}, CALC_V)', b.f_money)
        b.formula(s, r, 4, f'=SUMIF(CALC_SECTION, {a1(r, 0)}, CALC_DIRECT)', b.f_money)
        b.formula(s, r, 5, f'=SUMIF(CALC_SECTION, {a1(r, 0)}, CALC_DZ)', b.f_money)
        b.formula(s, r, 6, f'=IF(P_DENOM="yearbook", {sec_cell(SEC_VA, i, 0, sheet=False)}, {a1(r, 3)})', b.f_money)
        b.formula(s, r, 7, f'=IF({a1(r, 6)}>0, {a1(r, 4)}/{a1(r, 6)}, 0)', b.f_ratio,
                  expect=("sections", _key(section=letter, year=d.years[0]), "direct_rate"))
        b.formula(s, r, 8, f'=IF({a1(r, 6)}>0, {a1(r, 5)}/{a1(r, 6)}, 0)', b.f_ratio)
    b.name("SEC_LETTERS", s, SEC_RATES, 0, SEC_RATES + 18, 0)
    b.name("SEC_INDUSTRY", s, SEC_RATES, 2, SEC_RATES + 18, 2)

    def year_block(top: int, zh: str, en: str):
        b.label(s, top - 2, 0, f"{zh} {en}", b.f_title)
        b.header(s, top - 1, 0, ["门类", "名称", ""])
        _year_formulas(b, s, top - 1, yc, T)
        for i, letter in enumerate(model.SECTIONS):
            b.label(s, top + i, 0, letter)
            b.label(s, top + i, 1, sec.at[letter, "name_zh"])

    year_block(SEC_VA, "门类增加值（补全）", "Section value added, missing years extrapolated")
    year_block(SEC_FLAG, "数据标记", "Flags: observed / extrapolated / interpolated")
    for i, letter in enumerate(model.SECTIONS):
        row_in = ref_area(L.SECTION_VA, FIRST + i, L.Dims.YEAR_C0, FIRST + i, L.Dims.YEAR_C0 + T - 1)
        b.spill(s, SEC_VA + i, yc, SEC_VA + i, yc + T - 1,
                f"=TRANSPOSE(IIE_EXTRAPOLATE(VA_YEARS, {row_in}, P_WINDOW))", b.f_money)
        b.spill(s, SEC_FLAG + i, yc, SEC_FLAG + i, yc + T - 1,
                f'=TRANSPOSE(IIE_EXTRAPOLATE(VA_YEARS, {row_in}, P_WINDOW, "flag"))', b.f_text)
        for t, y in enumerate(d.years):
            key = _key(section=letter, year=y)
            b.man.expect.append(Expect(s, sec_cell(SEC_VA, i, t, sheet=False), "sections", key, "value_added"))
            b.man.expect.append(Expect(s, sec_cell(SEC_FLAG, i, t, sheet=False), "sections", key, "va_flag"))
    # extrapolated / interpolated values coloured (conditional format on the flag block)
    flag_ref = sec_cell(SEC_FLAG, 0, 0, sheet=False)
    ws.conditional_format(SEC_VA, yc, SEC_VA + 18, yc + T - 1,
                          {"type": "formula", "criteria": f'={flag_ref}<>"observed"', "format": b.f_extrap})
    # μ_t row
    b.label(s, SEC_MU - 2, 0, "技术乘数 μ_t Technology multiplier", b.f_title)
    b.header(s, SEC_MU - 1, 0, ["", "", ""])
    for t, y in enumerate(d.years):
        b.formula(s, SEC_MU - 1, yc + t, f"={ref(L.SECTION_VA, HEAD, L.Dims.YEAR_C0 + t)}", b.f_head)
        if t == 0:
            b.label(s, SEC_MU, yc, "—")
        else:
            b.formula(s, SEC_MU, yc + t, f"=INDEX(PF_MU, MATCH({a1(SEC_MU - 1, yc + t)}, PF_YEARS, 0))", b.f_ratio,
                      expect=("multipliers", _key(year=y), "mu"))
    b.label(s, SEC_MU, 1, "μ_t = γ_t / γ_(t−1)")
    # p_s(t), core, penetration
    year_block(SEC_P, "渗透率 p_s(t)", "Penetration rates p_s(t) = p_s(t−1)·μ_t")
    year_block(SEC_CORE, "核心产业增加值", "Core (direct) value added d_s·VA_s(t)")
    year_block(SEC_PEN, "渗透产业增加值", "Penetration value added p_s(t)·VA_s(t)")
    for i, letter in enumerate(model.SECTIONS):
        for t, y in enumerate(d.years):
            key = _key(section=letter, year=y)
            if t == 0:
                p = f"={a1(SEC_RATES + i, 8)}"
            else:
                p = f"={sec_cell(SEC_P, i, t - 1, sheet=False)}*{a1(SEC_MU, yc + t, absolute=True)}"
            b.formula(s, SEC_P + i, yc + t, p, b.f_ratio, expect=("sections", key, "penetration_rate"))
            va = sec_cell(SEC_VA, i, t, sheet=False)
            b.formula(s, SEC_CORE + i, yc + t, f"={a1(SEC_RATES + i, 7, absolute=True)}*{va}",
                      b.f_money, expect=("sections", key, "core"))
            b.formula(s, SEC_PEN + i, yc + t, f"={sec_cell(SEC_P, i, t, sheet=False)}*{va}", b.f_money,
                      expect=("sections", key, "penetration"))
    b.name("SEC_CORE", s, SEC_CORE, yc, SEC_CORE + 18, yc + T - 1)
    b.name("SEC_PEN", s, SEC_PEN, yc, SEC_PEN + 18, yc + T - 1)


def _production(b: _Book, d: L.Dims):
    s = L.PRODUCTION
    ws = b.sheet(s, "生产函数与技术乘数", "Production function and technology multiplier",
                 "ln Y = ln A + α ln K + β ln L (OLS, §3)；γ_t = Y_t/(A K^α L^β)，μ_t = γ_t/γ_(t−1)")
    ws.set_column(0, 6, 14)
    rows = len(_PRODFN_ROWS) + 1
    b.spill(s, FIRST, 0, FIRST + rows - 1, 2,
            "=PRODFN_FIT(MAC_YEARS, MAC_Y, MAC_K, MAC_L, P_FIT_START, P_FIT_END, P_CRS)", b.f_ratio)
    for i, par in enumerate(_PRODFN_ROWS):
        if par in ("lnA", "alpha", "beta", "A", "R2", "nobs"):
            b.man.expect.append(Expect(s, a1(FIRST + 1 + i, 1), "production", _key(parameter=par), "estimate"))
            if par in ("lnA", "alpha", "beta"):
                b.man.expect.append(Expect(s, a1(FIRST + 1 + i, 2), "production", _key(parameter=par), "std_error"))
    Ty = len(d.macro_years)
    b.spill(s, FIRST, 4, FIRST + Ty, 6,
            "=TECH_MULTIPLIER(MAC_YEARS, MAC_Y, MAC_K, MAC_L, P_FIT_START, P_FIT_END, P_CRS)", b.f_ratio)
    for t, y in enumerate(d.macro_years):
        b.man.expect.append(Expect(s, a1(FIRST + 1 + t, 5), "multipliers", _key(year=y), "gamma"))
        if t:
            b.man.expect.append(Expect(s, a1(FIRST + 1 + t, 6), "multipliers", _key(year=y), "mu"))
    b.name("PF_YEARS", s, FIRST + 1, 4, FIRST + Ty, 4)
    b.name("PF_MU", s, FIRST + 1, 6, FIRST + Ty, 6)


#: rows of PRODFN_FIT's table below its header (see iiecon_xl.udfs.PRODFN_FIT)
_PRODFN_ROWS = ("lnA", "alpha", "beta", "A", "R2", "nobs", "warning")


# Province calc: ω blocks per industry, then core and penetration by province and year
def _pc_block(k: int, P: int) -> int:
    return FIRST + k * (P + 4)


def _province_calc(b: _Book, d: L.Dims):
    s = L.PROVINCE_CALC
    P, T = len(d.provinces), d.T
    ws = b.sheet(s, "分省测算", "Province allocation",
                 "ω_ij = GDP_ij·η_j / Σ_i GDP_ij·η_j (η 全国统一时约去 cancels for a national η)；Z_i = Σ_j Z_j·ω_ij (§5)")
    ws.freeze_panes(FIRST, 2)
    ws.set_column(0, 0, 9)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2 + T, 13)
    blocks = [("ω", j) for j in IND] + [("core", 0), ("pen", 0), ("zpj", 0)]
    for k, (kind, j) in enumerate(blocks):
        top = _pc_block(k, P)
        if kind == "ω":
            title = (f"权重 ω（{IND_ZH[j]}）", f"Weights ω, {IND_EN[j].lower()}")
        elif kind == "core":
            title = ("分省核心产业增加值", "Core value added by province")
        elif kind == "pen":
            title = ("分省渗透产业增加值", "Penetration value added by province")
        else:
            title = ("城市数据年份分省分产业带动增加值", "Province × industry IIE value added in the city data year")
        b.label(s, top - 2, 0, f"{title[0]} {title[1]}", b.f_title)
        b.header(s, top - 1, 0, ["代码 Code", "省份"])
        if kind == "zpj":
            b.header(s, top - 1, 2, [f"{IND_ZH[j]}" for j in IND])
        else:
            _year_formulas(b, s, top - 1, 2, T)
        for i in range(P):
            b.formula(s, top + i, 0, f"={ref(L.PROVINCE_GDP, FIRST + i, 0)}", b.f_int)
            b.formula(s, top + i, 1, f"={ref(L.PROVINCE_GDP, FIRST + i, 1)}", b.f_text)
    ind_top = R_IND_BLOCKS  # industries report rows
    for i in range(P):
        for t in range(T):
            for j in IND:
                top = _pc_block(j - 1, P)
                c = d.prov_block_col(j) + t
                cell = ref(L.PROVINCE_GDP, FIRST + i, c)
                col_all = ref_area(L.PROVINCE_GDP, FIRST, c, FIRST + P - 1, c)
                b.formula(s, top + i, 2 + t, f"={cell}/SUM({col_all})", b.f_ratio)
            for k, comp in ((3, "core"), (4, "pen")):
                top = _pc_block(k, P)
                terms = []
                for j in IND:
                    w = a1(_pc_block(j - 1, P) + i, 2 + t)
                    z = ref(L.R_INDUSTRIES, ind_top[comp] + j - 1, R_IND_YC0 + t)
                    terms.append(f"{z}*{w}")
                b.formula(s, top + i, 2 + t, "=" + "+".join(terms), b.f_money)
        top = _pc_block(5, P)
        for j in IND:
            w_row = ref_area(s, _pc_block(j - 1, P) + i, 2, _pc_block(j - 1, P) + i, 1 + T)
            tot_row = ref_area(L.R_INDUSTRIES, ind_top["total"] + j - 1, R_IND_YC0, ind_top["total"] + j - 1,
                               R_IND_YC0 + T - 1)
            yrs = ref_area(L.SECTION_VA, HEAD, L.Dims.YEAR_C0, HEAD, L.Dims.YEAR_C0 + T - 1)
            b.formula(s, top + i, 1 + j,
                      f"=INDEX({w_row}, 1, MATCH(P_CITY_YEAR, {yrs}, 0))*INDEX({tot_row}, 1, MATCH(P_CITY_YEAR, {yrs}, 0))",
                      b.f_money)
    b.name("PC_CORE", s, _pc_block(3, P), 2, _pc_block(3, P) + P - 1, 1 + T)
    b.name("PC_PEN", s, _pc_block(4, P), 2, _pc_block(4, P) + P - 1, 1 + T)
    for j in IND:
        b.name(f"PROV_IND_{j}", s, _pc_block(5, P), 1 + j, _pc_block(5, P) + P - 1, 1 + j)


# ----------------------------------------------------------------------------------- reports


def _r_national(b: _Book, d: L.Dims):
    s = L.R_NATIONAL
    ws = b.sheet(s, "全国工业互联网带动增加值", "National IIE-driven value added", "单位见参数 P_UNIT（默认 亿元）")
    ws.set_column(0, 0, 8)
    ws.set_column(1, 9, 15)
    heads = ["年份 Year", "核心产业 Core", "渗透产业 Penetration", "合计 Total", "核心增速 Core growth",
             "渗透增速 Pen. growth", "名义增速 Growth", "渗透/核心 Pen./core", "GDP", "占GDP比重 Share of GDP"]
    b.header(s, HEAD, 0, heads)
    T = d.T
    for t, y in enumerate(d.years):
        r = FIRST + t
        key = _key(year=y)
        core_col = ref_area(L.SECTION_CALC, SEC_CORE, SEC_YC0 + t, SEC_CORE + 18, SEC_YC0 + t)
        pen_col = ref_area(L.SECTION_CALC, SEC_PEN, SEC_YC0 + t, SEC_PEN + 18, SEC_YC0 + t)
        gdp_col = ref_area(L.NATIONAL_GDP, FIRST, L.Dims.YEAR_C0 + t, FIRST + 2, L.Dims.YEAR_C0 + t)
        b.formula(s, r, 0, f"={ref(L.SECTION_VA, HEAD, L.Dims.YEAR_C0 + t)}", b.f_int)
        b.formula(s, r, 1, f"=SUM({core_col})", b.f_money, expect=("national", key, "core"))
        b.formula(s, r, 2, f"=SUM({pen_col})", b.f_money, expect=("national", key, "penetration"))
        b.formula(s, r, 3, f"={a1(r, 1)}+{a1(r, 2)}", b.f_money, expect=("national", key, "total"))
        for c, src, column in ((4, 1, "core_growth"), (5, 2, "penetration_growth"), (6, 3, "total_growth")):
            if t == 0:
                b.label(s, r, c, "—")
            else:
                b.formula(s, r, c, f"={a1(r, src)}/{a1(r - 1, src)}-1", b.f_rate, expect=("national", key, column))
        b.formula(s, r, 7, f"={a1(r, 2)}/{a1(r, 1)}", b.f_ratio, expect=("national", key, "penetration_core_ratio"))
        b.formula(s, r, 8, f"=SUM({gdp_col})", b.f_money, expect=("national", key, "gdp"))
        b.formula(s, r, 9, f"={a1(r, 3)}/{a1(r, 8)}", b.f_rate, expect=("national", key, "share_of_gdp"))
    last = FIRST + T - 1
    b.man.report_ranges.append((s, area(FIRST, 0, last, 9, absolute=False)))
    b.name("NAT_YEARS", s, FIRST, 0, last, 0)
    b.name("NAT_TOTAL", s, FIRST, 3, last, 3)
    b.name("NAT_CORE", s, FIRST, 1, last, 1)
    b.name("NAT_PEN", s, FIRST, 2, last, 2)
    r = last + 2
    b.header(s, r, 0, ["指标 Metric", "", "", "值 Value"])
    b.label(s, r + 1, 0, "区间总增长 Total growth over the span")
    b.formula(s, r + 1, 3, "=INDEX(NAT_TOTAL, MATCH(P_SPAN_END, NAT_YEARS, 0))/INDEX(NAT_TOTAL, MATCH(P_SPAN_START, NAT_YEARS, 0))-1",
              b.f_rate)
    b.label(s, r + 2, 0, "年均复合增长率 CAGR over the span")
    b.formula(s, r + 2, 3, f"=(1+{a1(r + 1, 3)})^(1/(P_SPAN_END-P_SPAN_START))-1", b.f_rate)
    b.formula(s, r + 1, 1, '=P_SPAN_START&"–"&P_SPAN_END', b.f_text)
    b.man.summary_cells = {"span_growth": (s, a1(r + 1, 3)), "cagr": (s, a1(r + 2, 3))}
    # chart: stacked bars core + penetration, growth line on the secondary axis
    ch = b.wb.add_chart({"type": "column", "subtype": "stacked"})
    cats = f"={ref_area(s, FIRST, 0, last, 0)}"
    for c, name, color in ((1, "核心产业 Core", "#2F5597"), (2, "渗透产业 Penetration", "#9DC3E6")):
        ch.add_series({"name": name, "categories": cats, "values": f"={ref_area(s, FIRST, c, last, c)}",
                       "fill": {"color": color}})
    line = b.wb.add_chart({"type": "line"})
    line.add_series({"name": "增速 Growth", "categories": cats, "values": f"={ref_area(s, FIRST + 1, 6, last, 6)}",
                     "y2_axis": True, "marker": {"type": "circle"}, "line": {"color": "#C00000"}})
    ch.combine(line)
    ch.set_title({"name": "工业互联网带动增加值 IIE-driven value added"})
    ch.set_y_axis({"name": "亿元 / 100 million yuan", "num_format": "#,##0"})
    line.set_y2_axis({"name": "增速 Growth", "num_format": "0%"})
    ch.set_legend({"position": "bottom"})
    ch.set_size({"width": 760, "height": 380})
    ws.insert_chart(r + 5, 0, ch)


R_IND_YC0 = 2
R_IND_BLOCKS = {"core": FIRST, "pen": FIRST + 6, "total": FIRST + 12, "growth": FIRST + 18, "gdp": FIRST + 24,
                "eta": FIRST + 30}


def _r_industries(b: _Book, d: L.Dims):
    s = L.R_INDUSTRIES
    ws = b.sheet(s, "三次产业工业互联网带动增加值", "IIE-driven value added by industry",
                 "Z_t^j = Σ_{s∈j}(核心+渗透)；η = Z/GDP (§5)")
    ws.set_column(0, 1, 20)
    ws.set_column(2, 2 + d.T, 14)
    T = d.T
    titles = {"core": ("核心产业", "Core", "core"), "pen": ("渗透产业", "Penetration", "penetration"),
              "total": ("合计", "Total", "total"), "growth": ("名义增速", "Growth", "total_growth"),
              "gdp": ("GDP", "GDP", "gdp"), "eta": ("带动系数 η", "Ratio η = Z/GDP", "eta")}
    for blk, top in R_IND_BLOCKS.items():
        zh, en, column = titles[blk]
        b.label(s, top - 1, 0, f"{zh} {en}", b.f_head)
        b.label(s, top - 1, 1, "", b.f_head)
        _year_formulas(b, s, top - 1, R_IND_YC0, T)
        for j in IND:
            r = top + j - 1
            b.label(s, r, 0, IND_ZH[j])
            b.label(s, r, 1, IND_EN[j])
            for t, y in enumerate(d.years):
                c = R_IND_YC0 + t
                key = _key(industry=j, year=y)
                if blk == "core":
                    f = f"=SUMIF(SEC_INDUSTRY, {j}, {ref_area(L.SECTION_CALC, SEC_CORE, SEC_YC0 + t, SEC_CORE + 18, SEC_YC0 + t)})"
                elif blk == "pen":
                    f = f"=SUMIF(SEC_INDUSTRY, {j}, {ref_area(L.SECTION_CALC, SEC_PEN, SEC_YC0 + t, SEC_PEN + 18, SEC_YC0 + t)})"
                elif blk == "total":
                    f = f"={a1(R_IND_BLOCKS['core'] + j - 1, c)}+{a1(R_IND_BLOCKS['pen'] + j - 1, c)}"
                elif blk == "growth":
                    if t == 0:
                        b.label(s, r, c, "—")
                        continue
                    tot = R_IND_BLOCKS["total"] + j - 1
                    f = f"={a1(tot, c)}/{a1(tot, c - 1)}-1"
                elif blk == "gdp":
                    f = f"={ref(L.NATIONAL_GDP, FIRST + j - 1, L.Dims.YEAR_C0 + t)}"
                else:
                    f = f"={a1(R_IND_BLOCKS['total'] + j - 1, c)}/{a1(R_IND_BLOCKS['gdp'] + j - 1, c)}"
                fmt = b.f_rate if blk in ("growth", "eta") else b.f_money
                b.formula(s, r, c, f, fmt, expect=("industries", key, column))
        b.man.report_ranges.append((s, area(top, R_IND_YC0, top + 2, R_IND_YC0 + T - 1, absolute=False)))


R_SEC_BLOCKS = {"total": FIRST, "growth": FIRST + 22, "core": FIRST + 44, "pen": FIRST + 66}


def _r_sections(b: _Book, d: L.Dims):
    s = L.R_SECTIONS
    ws = b.sheet(s, "19个门类工业互联网带动增加值", "IIE-driven value added by section", "单位见参数 P_UNIT")
    ws.freeze_panes(FIRST, 2)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2 + d.T, 14)
    sec = reference.sections()
    T = d.T
    titles = {"total": ("合计", "Total", "total"), "growth": ("名义增速", "Growth", "total_growth"),
              "core": ("核心产业", "Core", "core"), "pen": ("渗透产业", "Penetration", "penetration")}
    for blk, top in R_SEC_BLOCKS.items():
        zh, en, column = titles[blk]
        b.label(s, top - 1, 0, "门类", b.f_head)
        b.label(s, top - 1, 1, f"{zh} {en}", b.f_head)
        _year_formulas(b, s, top - 1, 2, T)
        for i, letter in enumerate(model.SECTIONS):
            r = top + i
            b.label(s, r, 0, letter)
            b.label(s, r, 1, sec.at[letter, "name_zh"])
            for t, y in enumerate(d.years):
                c = 2 + t
                key = _key(section=letter, year=y)
                if blk == "total":
                    f = f"={sec_cell(SEC_CORE, i, t)}+{sec_cell(SEC_PEN, i, t)}"
                elif blk == "growth":
                    if t == 0:
                        b.label(s, r, c, "—")
                        continue
                    tot = R_SEC_BLOCKS["total"] + i
                    f = f"=IF({a1(tot, c - 1)}=0, \"—\", {a1(tot, c)}/{a1(tot, c - 1)}-1)"
                elif blk == "core":
                    f = f"={sec_cell(SEC_CORE, i, t)}"
                else:
                    f = f"={sec_cell(SEC_PEN, i, t)}"
                b.formula(s, r, c, f, b.f_rate if blk == "growth" else b.f_money, expect=("sections", key, column))
        b.man.report_ranges.append((s, area(top, 2, top + 18, 1 + T, absolute=False)))
    ws.conditional_format(R_SEC_BLOCKS["total"], 2, R_SEC_BLOCKS["total"] + 18, 1 + T,
                          {"type": "cell", "criteria": ">=", "value": 1000, "format": b.f_ok})
    b.label(s, 1, 3, "绿色：超过 1,000 亿元 Green: above 1,000 (亿元)", b.f_note)


def _r_provinces(b: _Book, d: L.Dims):
    s = L.R_PROVINCES
    P, T = len(d.provinces), d.T
    ws = b.sheet(s, "分省工业互联网带动增加值", "IIE-driven value added by province",
                 "最新年份排名表在上，分年数据在下 Latest-year table first, series by year below")
    ws.freeze_panes(FIRST, 2)
    ws.set_column(0, 0, 9)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 10 + T, 13)
    y_last = d.years[-1]
    heads = ["代码 Code", "省份", "Province", "区域 Region", f"合计 Total {y_last}", "核心 Core", "渗透 Penetration",
             "增速 Growth", "GDP", "占GDP比重 Share", "排名 Rank"]
    b.header(s, HEAD, 0, heads)
    t_last = T - 1
    blocks_top = FIRST + P + 3
    blk = {"total": blocks_top, "core": blocks_top + P + 3, "pen": blocks_top + 2 * (P + 3),
           "growth": blocks_top + 3 * (P + 3)}
    pc_core, pc_pen = _pc_block(3, P), _pc_block(4, P)
    for i, (code, row) in enumerate(d.provinces.iterrows()):
        r = FIRST + i
        b.formula(s, r, 0, f"={ref(L.PROVINCE_GDP, FIRST + i, 0)}", b.f_int)
        b.formula(s, r, 1, f"={ref(L.PROVINCE_GDP, FIRST + i, 1)}", b.f_text)
        b.formula(s, r, 2, f"={ref(L.PROVINCE_GDP, FIRST + i, 2)}", b.f_text)
        b.formula(s, r, 3, f"={ref(L.PROVINCE_GDP, FIRST + i, 3)}", b.f_text)
        key = _key(province_code=int(code), year=y_last)
        b.formula(s, r, 4, f"={a1(blk['total'] + i, 2 + t_last)}", b.f_money, expect=("provinces", key, "total"))
        b.formula(s, r, 5, f"={a1(blk['core'] + i, 2 + t_last)}", b.f_money, expect=("provinces", key, "core"))
        b.formula(s, r, 6, f"={a1(blk['pen'] + i, 2 + t_last)}", b.f_money, expect=("provinces", key, "penetration"))
        if T > 1:
            b.formula(s, r, 7, f"={a1(blk['growth'] + i, 2 + t_last)}", b.f_rate, expect=("provinces", key, "total_growth"))
        gdp = "+".join(ref(L.PROVINCE_GDP, FIRST + i, d.prov_block_col(j) + t_last) for j in IND)
        b.formula(s, r, 8, f"={gdp}", b.f_money, expect=("provinces", key, "gdp"))
        b.formula(s, r, 9, f"={a1(r, 4)}/{a1(r, 8)}", b.f_rate, expect=("provinces", key, "share_of_gdp"))
        b.formula(s, r, 10, f"=RANK({a1(r, 4)}, {area(FIRST, 4, FIRST + P - 1, 4)})", b.f_int,
                  expect=("provinces", key, "rank"))
    b.man.report_ranges.append((s, area(FIRST, 4, FIRST + P - 1, 10, absolute=False)))
    titles = {"total": "合计 Total", "core": "核心产业 Core", "pen": "渗透产业 Penetration", "growth": "名义增速 Growth"}
    columns = {"total": "total", "core": "core", "pen": "penetration", "growth": "total_growth"}
    for name, top in blk.items():
        b.label(s, top - 1, 0, "代码 Code", b.f_head)
        b.label(s, top - 1, 1, titles[name], b.f_head)
        _year_formulas(b, s, top - 1, 2, T)
        for i, code in enumerate(d.provinces.index):
            r = top + i
            b.formula(s, r, 0, f"={a1(FIRST + i, 0)}", b.f_int)
            b.formula(s, r, 1, f"={a1(FIRST + i, 1)}", b.f_text)
            for t, y in enumerate(d.years):
                c = 2 + t
                if name == "core":
                    f = f"={ref(L.PROVINCE_CALC, pc_core + i, 2 + t)}"
                elif name == "pen":
                    f = f"={ref(L.PROVINCE_CALC, pc_pen + i, 2 + t)}"
                elif name == "total":
                    f = f"={a1(blk['core'] + i, c)}+{a1(blk['pen'] + i, c)}"
                else:
                    if t == 0:
                        b.label(s, r, c, "—")
                        continue
                    f = f"={a1(blk['total'] + i, c)}/{a1(blk['total'] + i, c - 1)}-1"
                b.formula(s, r, c, f, b.f_rate if name == "growth" else b.f_money,
                          expect=("provinces", _key(province_code=int(code), year=y), columns[name]))
        b.man.report_ranges.append((s, area(top, 2, top + P - 1, 1 + T, absolute=False)))
    b.name("PROV_CODES", s, FIRST, 0, FIRST + P - 1, 0)
    b.name("PROV_TOTAL", s, blk["total"], 2, blk["total"] + P - 1, 1 + T)
    b.name("PROV_CORE", s, blk["core"], 2, blk["core"] + P - 1, 1 + T)
    b.name("PROV_PEN", s, blk["pen"], 2, blk["pen"] + P - 1, 1 + T)
    b.man.province_blocks = blk
    # chart: latest-year totals (core + penetration stacked), sorted view via TOP_N
    side = 13
    b.header(s, HEAD, side, ["排序 Sorted", f"合计 Total {y_last}", "增速 Growth"])
    b.spill(s, FIRST, side, FIRST + P - 1, side + 1,
            f"=TOP_N({area(FIRST, 1, FIRST + P - 1, 1)}, {area(FIRST, 4, FIRST + P - 1, 4)}, {P})", b.f_money)
    if T > 1:
        for i in range(P):
            b.formula(s, FIRST + i, side + 2, f"=INDEX({area(FIRST, 7, FIRST + P - 1, 7)}, "
                      f"MATCH({a1(FIRST + i, side)}, {area(FIRST, 1, FIRST + P - 1, 1)}, 0))", b.f_rate)
    ch = b.wb.add_chart({"type": "column"})
    cats = f"={ref_area(s, FIRST, side, FIRST + P - 1, side)}"
    ch.add_series({"name": f"合计 Total {y_last}", "categories": cats,
                   "values": f"={ref_area(s, FIRST, side + 1, FIRST + P - 1, side + 1)}", "fill": {"color": "#2F5597"}})
    if T > 1:
        line = b.wb.add_chart({"type": "line"})
        line.add_series({"name": "增速 Growth", "categories": cats, "y2_axis": True,
                         "values": f"={ref_area(s, FIRST, side + 2, FIRST + P - 1, side + 2)}",
                         "line": {"none": True}, "marker": {"type": "circle", "fill": {"color": "#C00000"},
                                                            "border": {"color": "#C00000"}}})
        line.set_y2_axis({"name": "增速 Growth", "num_format": "0%"})
        ch.combine(line)
    ch.set_title({"name": f"分省工业互联网带动增加值（{y_last}） IIE value added by province"})
    ch.set_y_axis({"name": "亿元", "num_format": "#,##0"})
    ch.set_x_axis({"num_font": {"rotation": -45}})
    ch.set_legend({"position": "bottom"})
    ch.set_size({"width": 900, "height": 400})
    ws.insert_chart(FIRST, side + 4, ch)
    # heat colouring of the latest-year totals (the province heat map stand-in in Excel)
    ws.conditional_format(FIRST, 4, FIRST + P - 1, 4, {"type": "3_color_scale", "min_color": "#F8F8F8",
                                                        "mid_color": "#9DC3E6", "max_color": "#1F4E79"})


def _r_regions(b: _Book, d: L.Dims):
    s = L.R_REGIONS
    T = d.T
    ws = b.sheet(s, "四大区域工业互联网带动增加值", "IIE-driven value added by region",
                 "东部10、中部6、西部12、东北3 (METHOD.md §5)")
    ws.set_column(0, 1, 14)
    ws.set_column(2, 2 + T, 14)
    regions = list(reference.REGIONS)
    blocks = {"total": FIRST, "core": FIRST + 7, "pen": FIRST + 14, "share": FIRST + 21}
    titles = {"total": ("合计", "Total", "total"), "core": ("核心产业", "Core", "core"),
              "pen": ("渗透产业", "Penetration", "penetration"), "share": ("占全国比重", "Share of national", "share_of_national")}
    prov_top = b.man.province_blocks
    P = len(d.provinces)
    for blk, top in blocks.items():
        zh, en, column = titles[blk]
        b.label(s, top - 1, 0, f"{zh} {en}", b.f_head)
        b.label(s, top - 1, 1, "", b.f_head)
        _year_formulas(b, s, top - 1, 2, T)
        for k, reg in enumerate(regions):
            r = top + k
            b.label(s, r, 0, reference.REGIONS[reg][0])
            b.label(s, r, 1, reg)
            for t, y in enumerate(d.years):
                c = 2 + t
                src = {"total": "total", "core": "core", "pen": "pen"}.get(blk)
                if src:
                    col_rng = ref_area(L.R_PROVINCES, prov_top[src], 2 + t, prov_top[src] + P - 1, 2 + t)
                    f = f'=SUMIF(PG_REGION, {a1(r, 1)}, {col_rng})'
                else:
                    f = f"={a1(blocks['total'] + k, c)}/{ref(L.R_NATIONAL, FIRST + t, 3)}"
                b.formula(s, r, c, f, b.f_rate if blk == "share" else b.f_money,
                          expect=("regions", _key(region=reg, year=y), column))
        b.man.report_ranges.append((s, area(top, 2, top + 3, 1 + T, absolute=False)))


def _r_cities(b: _Book, d: L.Dims):
    s = L.R_CITIES
    C = len(d.cities)
    ws = b.sheet(s, "城市工业互联网发展指数", "City IIE development index",
                 "X_c = Σ_j Z_p^j·GDP_c^j/Σ_{c∈p} GDP^j；CI = N·ln(1 + X/X̄)；梯队阈值见参数 (§7)")
    ws.freeze_panes(FIRST, 1)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 8, 12)
    b.header(s, HEAD, 0, ["城市", "City", "省份代码", "省份序号 row", "带动增加值 Value added", "发展指数 Index",
                          "梯队 Tier", "排名 Rank"])
    last = FIRST + C - 1
    for i, city in enumerate(d.cities.index):
        r = FIRST + i
        b.formula(s, r, 0, f"={ref(L.CITY_GDP, FIRST + i, 0)}", b.f_text)
        b.formula(s, r, 1, f"={ref(L.CITY_GDP, FIRST + i, 1)}", b.f_text)
        b.formula(s, r, 2, f"={ref(L.CITY_GDP, FIRST + i, 2)}", b.f_int)
        b.formula(s, r, 3, f"=MATCH({a1(r, 2)}, PG_CODES, 0)", b.f_int)
        terms = []
        for j in IND:
            gdp = ref(L.CITY_GDP, FIRST + i, 3 + j)
            terms.append(f"INDEX(PROV_IND_{j}, {a1(r, 3)})*{gdp}/SUMIF(CITY_PROV, {a1(r, 2)}, CITY_GDP{j})")
        key = _key(city=str(city))
        b.formula(s, r, 4, "=" + "+".join(terms), b.f_money, expect=("cities", key, "value_added"))
        b.formula(s, r, 7, f"=RANK({a1(r, 5)}, CITY_INDEX_VALUES)", b.f_int, expect=("cities", key, "rank"))
        b.man.expect.append(Expect(s, a1(r, 5), "cities", key, "index"))
        b.man.expect.append(Expect(s, a1(r, 6), "cities", key, "tier"))
    b.name("CITY_VA", s, FIRST, 4, last, 4)
    b.name("CITY_INDEX_VALUES", s, FIRST, 5, last, 5)
    b.spill(s, FIRST, 5, last, 5, "=CITY_INDEX(CITY_VA, P_N)", b.f_ratio)
    b.spill(s, FIRST, 6, last, 6, "=CITY_TIER(CITY_INDEX_VALUES, P_TIERS)", b.f_int)
    b.man.report_ranges.append((s, area(FIRST, 4, last, 7, absolute=False)))
    ws.conditional_format(FIRST, 5, last, 5, {"type": "data_bar", "bar_color": "#9DC3E6"})
    # Table 1: tiers; top-N shares; the top 30 for the chart
    side = 10
    b.label(s, HEAD - 1, side, "表1 主要城市梯队 Table 1: tiers of the main cities", b.f_title)
    b.spill(s, HEAD, side, HEAD + 4, side + 3, "=TIER_TABLE(CITY_NAMES, CITY_INDEX_VALUES, P_TIERS)", b.f_text)
    for k in range(1, 5):
        for c, column in ((side + 2, "count"), (side + 3, "cities")):
            b.man.expect.append(Expect(s, a1(HEAD + k, c), "tiers", _key(tier=k), column))
    r0 = HEAD + 7
    b.header(s, r0, side, ["前N位 Top N", "占全国比重 Share of national"])
    total_cy = "INDEX(NAT_TOTAL, MATCH(P_CITY_YEAR, NAT_YEARS, 0))"
    for k, (pname, top_n) in enumerate(zip(("P_TOP1", "P_TOP2"), b.top_n)):
        b.formula(s, r0 + 1 + k, side, f"={pname}", b.f_int)
        b.formula(s, r0 + 1 + k, side + 1, f"=TOPN_SHARE(CITY_VA, {total_cy}, {pname})", b.f_rate,
                  expect=("top_shares", _key(top_n=int(top_n)), "share"))
    r1 = r0 + 5
    b.header(s, r1, side, ["前30位城市 Top 30", "发展指数 Index"])
    b.spill(s, r1 + 1, side, r1 + 30, side + 1, "=TOP_N(CITY_NAMES, CITY_INDEX_VALUES, 30)", b.f_ratio)
    ch = b.wb.add_chart({"type": "bar"})
    ch.add_series({"name": "发展指数 Index", "categories": f"={ref_area(s, r1 + 1, side, r1 + 30, side)}",
                   "values": f"={ref_area(s, r1 + 1, side + 1, r1 + 30, side + 1)}", "fill": {"color": "#2F5597"}})
    ch.set_title({"name": "城市工业互联网发展指数（前30位） City IIE development index, top 30"})
    ch.set_y_axis({"reverse": True})
    ch.set_legend({"none": True})
    ch.set_size({"width": 620, "height": 720})
    ws.insert_chart(r1 + 32, side, ch)


def _checks(b: _Book, d: L.Dims):
    s = L.CHECKS
    ws = b.sheet(s, "校验", "Identity checks", "OK = 恒等式成立（相对误差 < 1e-9）；FAIL = 需检查 needs attention")
    ws.set_column(0, 0, 64)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 2, 18)
    b.header(s, HEAD, 0, ["校验 Check", "结果 Result", "最大偏差 Max deviation"])
    T, P = d.T, len(d.provinces)
    tol = "1E-9"
    nat_core = ref_area(L.R_NATIONAL, FIRST, 1, FIRST + T - 1, 1)
    nat_pen = ref_area(L.R_NATIONAL, FIRST, 2, FIRST + T - 1, 2)
    nat_tot = ref_area(L.R_NATIONAL, FIRST, 3, FIRST + T - 1, 3)
    blk = b.man.province_blocks
    rows = []
    rows.append(("全国：核心 + 渗透 = 合计 National: core + penetration = total",
                 f"SUMPRODUCT(ABS({nat_core}+{nat_pen}-{nat_tot}))", f"SUM({nat_tot})"))
    prov_sum_dev = "+".join(
        f"ABS(SUM({ref_area(L.R_PROVINCES, blk['total'], 2 + t, blk['total'] + P - 1, 2 + t)})-{ref(L.R_NATIONAL, FIRST + t, 3)})"
        for t in range(T))
    rows.append(("分省之和 = 全国（各年）Provinces sum to the national total (every year)", prov_sum_dev, f"SUM({nat_tot})"))
    prov_cp = "+".join(
        f"SUMPRODUCT(ABS({ref_area(L.R_PROVINCES, blk['core'], 2 + t, blk['core'] + P - 1, 2 + t)}"
        f"+{ref_area(L.R_PROVINCES, blk['pen'], 2 + t, blk['pen'] + P - 1, 2 + t)}"
        f"-{ref_area(L.R_PROVINCES, blk['total'], 2 + t, blk['total'] + P - 1, 2 + t)}))" for t in range(T))
    rows.append(("分省：核心 + 渗透 = 合计 Provinces: core + penetration = total", prov_cp, f"SUM({nat_tot})"))
    reg_dev = "+".join(
        f"ABS(SUM({ref_area(L.R_REGIONS, FIRST, 2 + t, FIRST + 3, 2 + t)})-{ref(L.R_NATIONAL, FIRST + t, 3)})" for t in range(T))
    rows.append(("四大区域之和 = 全国 Regions sum to the national total", reg_dev, f"SUM({nat_tot})"))
    city_dev = ("SUMPRODUCT(ABS(SUMIF(CITY_PROV, PG_CODES, CITY_VA)-INDEX(PROV_TOTAL, 0, MATCH(P_CITY_YEAR, NAT_YEARS, 0))))")
    rows.append(("城市之和 = 所属省份 Cities sum to their province (city data year)", city_dev, "SUM(CITY_VA)"))
    ind_dev = "+".join(
        f"ABS(SUM({ref_area(L.R_INDUSTRIES, R_IND_BLOCKS['total'], R_IND_YC0 + t, R_IND_BLOCKS['total'] + 2, R_IND_YC0 + t)})"
        f"-{ref(L.R_NATIONAL, FIRST + t, 3)})" for t in range(T))
    rows.append(("三次产业之和 = 全国 Industries sum to the national total", ind_dev, f"SUM({nat_tot})"))
    for i, (text, dev, scale) in enumerate(rows):
        r = FIRST + i
        b.label(s, r, 0, text)
        b.formula(s, r, 2, f"={dev}", b.f_ratio)
        b.formula(s, r, 1, f'=IF({a1(r, 2)}<={tol}*{scale}, "OK", "FAIL")', b.f_text)
        b.man.checks.append((s, a1(r, 1), text))
    r = FIRST + len(rows)
    err_terms = "+".join(f"SUMPRODUCT(--ISERROR({q(sh)}!{rng}))" for sh, rng in b.man.report_ranges)
    b.label(s, r, 0, "报告区域无错误值 No error values in the report ranges")
    b.formula(s, r, 2, f"={err_terms}", b.f_int)
    b.formula(s, r, 1, f'=IF({a1(r, 2)}=0, "OK", "FAIL")', b.f_text)
    b.man.checks.append((s, a1(r, 1), "no error values"))
    ws.conditional_format(FIRST, 1, r, 1, {"type": "cell", "criteria": "==", "value": '"OK"', "format": b.f_ok})
    ws.conditional_format(FIRST, 1, r, 1, {"type": "cell", "criteria": "==", "value": '"FAIL"', "format": b.f_fail})
