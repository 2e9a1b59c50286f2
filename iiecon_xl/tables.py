"""Report tables: a DataFrame with a title, a unit and Chinese + English column labels.

Column keys stay short English identifiers (``core``, ``penetration`` …) so that JSON
output and code read them, with full precision and rates as fractions; :meth:`Table.labelled`
gives the frame with headers such as ``核心产业增加值 Core (direct) value added (亿元)`` and rates
in per cent (report_values.xlsx), :meth:`Table.readable` the same rounded for people (the CSVs):

========== ============================================ =========
kind        what                                         decimals
========== ============================================ =========
money       value in the book's unit, header ``(亿元)``   2
rate        a fraction shown in per cent, header ``(%)`` 2
fine_rate   small rates (λ, d, p, η) in per cent          4
coefficient the IIE share S ∈ [0, 1], a fraction          4
index       the city development index                   2
ratio       ratios, γ, μ                                  4
estimate    production-function estimates                 6
whole       a year or count that may be blank             0
========== ============================================ =========
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: Decimals of each numeric kind in the CSV outputs (:meth:`Table.readable`).
DECIMALS = {"money": 2, "rate": 2, "fine_rate": 4, "coefficient": 4, "index": 2, "ratio": 4, "estimate": 6,
            "whole": 0}
#: Kinds held as fractions and shown in per cent, in every output meant for people.
PERCENT_KINDS = ("rate", "fine_rate")
#: column key → (Chinese, English, kind); kinds as in the module docstring, "text" is left as it is
COLUMNS: dict[str, tuple[str, str, str]] = {
    "year": ("年份", "Year", "text"),
    "core": ("核心产业增加值", "Core (direct) value added", "money"),
    "penetration": ("渗透产业增加值", "Penetration value added", "money"),
    "total": ("工业互联网带动增加值", "IIE-driven value added", "money"),
    "core_growth": ("核心产业名义增速", "Core growth", "rate"),
    "penetration_growth": ("渗透产业名义增速", "Penetration growth", "rate"),
    "total_growth": ("名义增速", "Nominal growth", "rate"),
    "penetration_core_ratio": ("渗透/核心", "Penetration / core", "ratio"),
    "gdp": ("国内生产总值", "GDP", "money"),
    "share_of_gdp": ("占GDP比重", "Share of GDP", "rate"),
    "industry": ("产业", "Industry", "text"),
    "industry_zh": ("产业名称", "Industry (zh)", "text"),
    "industry_en": ("产业英文名", "Industry (en)", "text"),
    "eta": ("带动系数 η", "Ratio η = Z/GDP", "fine_rate"),
    "section": ("门类", "Section", "text"),
    "name_zh": ("名称", "Name (zh)", "text"),
    "name_en": ("英文名称", "Name (en)", "text"),
    "value_added": ("增加值", "Value added", "money"),
    "va_flag": ("增加值来源", "Value added flag", "text"),
    "direct_rate": ("直接贡献率 d", "Direct rate d", "fine_rate"),
    "penetration_rate": ("渗透率 p", "Penetration rate p", "fine_rate"),
    "code": ("部门代码", "Sector code", "text"),
    "S": ("关联系数 S", "IIE share S", "coefficient"),
    "total_output": ("总产出", "Total output X", "money"),
    "intermediate_input": ("中间投入", "Intermediate input M", "money"),
    "direct": ("直接增加值", "Direct value added S(X−M)", "money"),
    "dY": ("带动产出 ΔY", "Induced output ΔY", "money"),
    "lambda": ("定向贡献率 λ", "Directed ratio λ", "fine_rate"),
    "dz": ("渗透增加值 dz", "Penetration value added dz", "money"),
    "masked": ("零产出屏蔽", "Masked (zero output)", "text"),
    "gamma": ("技术水平 γ", "Technology level γ", "ratio"),
    "mu": ("技术乘数 μ", "Technology multiplier μ", "ratio"),
    "parameter": ("参数", "Parameter", "text"),
    "estimate": ("估计值", "Estimate", "estimate"),
    "std_error": ("标准误", "Standard error", "estimate"),
    "province": ("省份", "Province", "text"),
    "province_code": ("行政区划代码", "Province code", "text"),
    "province_en": ("省份英文名", "Province (en)", "text"),
    "region": ("区域", "Region", "text"),
    "region_zh": ("区域名称", "Region (zh)", "text"),
    "region_en": ("区域英文名", "Region (en)", "text"),
    "rank": ("排名", "Rank", "text"),
    "share_of_national": ("占全国比重", "Share of national", "rate"),
    "city": ("城市", "City", "text"),
    "city_en": ("城市英文名", "City (en)", "text"),
    "index": ("发展指数", "Development index", "index"),
    "tier": ("梯队", "Tier", "text"),
    "index_range": ("指数区间", "Index range", "text"),
    "count": ("数量", "Count", "text"),
    "cities": ("城市名单", "Cities", "text"),
    # cities per tier by region and province (pipeline/city_counts.py)
    **{f"tier_{k}": (f"第{k}梯队城市数", f"Tier {k} cities", "whole") for k in range(1, 10)},
    "n_cities": ("城市数", "Cities listed", "whole"),
    "top_n": ("前N位", "Top N", "text"),
    "share": ("占比", "Share", "rate"),
    "metric": ("指标", "Metric", "text"),
    "metric_en": ("指标英文名", "Metric (en)", "text"),
    "value": ("数值", "Value", "ratio"),
    "criterion": ("评价指标", "Criterion", "text"),
    "weight": ("权重", "Weight", "rate"),
    "B": ("评价向量 B", "Evaluation vector B", "text"),
    "flag": ("数据标记", "Flag", "text"),
    "value_unit": ("单位", "Unit", "text"),
    "threshold_unit": ("阈值单位", "Threshold unit", "text"),
    "metric_zh": ("指标名称", "Metric (zh)", "text"),
    "threshold": ("阈值", "Threshold", "text"),
    "core_industry": ("核心产业（三次产业口径）", "Core, industry rule", "money"),
    "core_section": ("核心产业（门类口径）", "Core, section rule", "money"),
    "pen_industry": ("渗透产业（三次产业口径）", "Penetration, industry rule", "money"),
    "pen_section": ("渗透产业（门类口径）", "Penetration, section rule", "money"),
    "section_year": ("门类数据年份", "Section data year", "whole"),
    # the macro series the production function used (the multipliers table), a blank year filled (§4)
    "Y": ("所用产出 Y（不变价，亿元）", "Output Y used (constant prices)", "index"),
    "K": ("所用资本存量 K（亿元）", "Capital stock K used", "index"),
    "L": ("所用就业 L（万人）", "Employment L used", "index"),
    "Y_flag": ("Y 来源", "Y flag", "text"),
    "K_flag": ("K 来源", "K flag", "text"),
    "L_flag": ("L 来源", "L flag", "text"),
    # the GDP inputs used, a blank filled (§4; a blank city GDP counts as 0, the city flagged incomplete)
    "gdp_flag": ("GDP 来源", "GDP flag", "text"),
    "gdp_1": ("第一产业GDP", "GDP, primary industry", "money"),
    "gdp_2": ("第二产业GDP", "GDP, secondary industry", "money"),
    "gdp_3": ("第三产业GDP", "GDP, tertiary industry", "money"),
    "gdp_1_flag": ("第一产业GDP来源", "GDP flag, primary industry", "text"),
    "gdp_2_flag": ("第二产业GDP来源", "GDP flag, secondary industry", "text"),
    "gdp_3_flag": ("第三产业GDP来源", "GDP flag, tertiary industry", "text"),
}


#: Text values shown with Chinese and English labels in the outputs for people (the frame keeps the keys).
VALUE_LABELS: dict[str, dict[str, str]] = {
    "parameter": {"lnA": "ln A 常数项 (ln A)", "alpha": "α 资本产出弹性 Capital elasticity",
                  "beta": "β 劳动产出弹性 Labour elasticity", "A": "A 技术水平 Technology level",
                  "R2": "R² 拟合优度 R-squared", "nobs": "样本年数 Years observed"},
    "va_flag": {"observed": "观测 observed", "extrapolated": "线性外推 extrapolated",
                "interpolated": "线性内插 interpolated",
                "incomplete": "缺数据，空白按 0 计 incomplete: a blank counts as 0"},
}
VALUE_LABELS.update({f"{k}_flag": VALUE_LABELS["va_flag"] for k in ("Y", "K", "L", "gdp", "gdp_1", "gdp_2", "gdp_3")})
#: Columns holding a different kind on each row (summary and count tables): a row is a rate, shown
#: in per cent with a ``%`` unit column beside, when its ``metric_en`` matches :data:`RATE_METRIC`.
MIXED_COLUMNS = ("value", "threshold")
RATE_METRIC = r"(?i)growth|growing|cagr|share"


#: The inputs a report note can name: key → (the book's sheet, the file of an inputs folder).
#: The sheet names are the layout's (workbook/layout/sheets.py; tests/test_report_csv.py holds them equal).
NOTE_SOURCES = {"section_va": ("门类增加值 Section VA", "section_va.csv"), "macro": ("宏观 Macro", "macro.csv"),
                "national_gdp": ("全国GDP National GDP", "national_gdp.csv"),
                "province_gdp": ("分省GDP Province GDP", "province_gdp.csv"),
                "city_gdp": ("城市GDP City GDP", "city_gdp.csv")}
#: the three industries by their column key (national, province and city GDP)
INDUSTRY_LABELS = {"primary": "第一产业 primary", "secondary": "第二产业 secondary", "tertiary": "第三产业 tertiary"}
#: The macro series by their column key.
MACRO_LABELS = {"Y": "Y 产出 output", "K": "K 资本存量 capital stock", "L": "L 就业 employment"}


def section_label(section: str) -> str:
    """``H 住宿和餐饮业 Accommodation and catering`` for a section letter."""
    from .reference import sections

    ref = sections()
    if section not in ref.index:
        return str(section)
    return f"{section} {ref.at[section, 'name_zh']} {ref.at[section, 'name_en']}"


def input_note(source: str, what: str, year: int | None, flag: str) -> str:
    """A report note on one input cell, naming the sheet (and file), the row and the year:
    ``门类增加值 Section VA (section_va.csv): H 住宿和餐饮业 Accommodation and catering, 2024 — 线性外推
    extrapolated``. ``what`` is a section letter (section_va), a macro key Y/K/L (macro), an
    industry key (national_gdp), ``"110000 primary"`` (province_gdp) or ``"北京 primary"`` (city_gdp,
    no year: the city data year; its blank industries, several joined by spaces)."""
    sheet, file = NOTE_SOURCES[source]
    if source == "section_va":
        row = section_label(what)
    elif source == "macro":
        row = MACRO_LABELS.get(what, what)
    elif source == "national_gdp":
        row = INDUSTRY_LABELS.get(what, what)
    else:  # "110000 primary" (the province's name added) or "北京 primary tertiary"
        head, *cols = what.split(" ")
        if source == "province_gdp":
            from .reference import provinces

            head = f"{head} {provinces()['name_zh'].get(int(head), '')}".strip()
        row = " ".join([head] + [INDUSTRY_LABELS.get(c, c) for c in cols])
    when = "" if year is None else f", {int(year)}"
    return f"{sheet} ({file}): {row}{when} — {VALUE_LABELS['va_flag'].get(flag, flag)}"


def formatted(values: pd.Series, decimals: int, scale: float = 1.0) -> pd.Series:
    """Numbers as text with ``decimals`` fixed decimals (``scale`` first); blanks for NaN."""
    def one(v):
        if pd.isna(v):
            return ""
        text = f"{float(v) * scale:.{decimals}f}"
        return text.lstrip("-") if float(text) == 0 else text
    return values.map(one).astype(object)


@dataclass
class Table:
    name: str
    title_zh: str
    title_en: str
    unit: str
    frame: pd.DataFrame

    def kind(self, column: str) -> str:
        return COLUMNS.get(column, (column, column, "text"))[2]

    def label(self, column: str) -> str:
        zh, en, kind = COLUMNS.get(column, (column, column, "text"))
        if kind == "money":
            return f"{zh} {en} ({self.unit})"
        if kind in PERCENT_KINDS:
            return f"{zh} {en} (%)"
        return zh if zh == en else f"{zh} {en}"

    def labelled(self) -> pd.DataFrame:
        """The frame with Chinese + English headers; rates in per cent, as the headers say; full precision."""
        frame = self.frame.copy()
        for c in frame.columns:
            if self.kind(c) in PERCENT_KINDS and pd.api.types.is_numeric_dtype(frame[c]):
                frame[c] = frame[c] * 100.0
        return frame.rename(columns={c: self.label(c) for c in frame.columns})

    def readable(self) -> pd.DataFrame:
        """:meth:`labelled` rounded for people (the CSVs): each numeric kind to its :data:`DECIMALS`,
        rates in per cent, known text keys (``parameter``, ``va_flag``) with their labels; a column of
        :data:`MIXED_COLUMNS` gets a unit column beside it (``%`` on the rows that are rates)."""
        frame = self.frame.copy()
        for c in frame.columns:
            kind = self.kind(c)
            if c in VALUE_LABELS:
                frame[c] = frame[c].map(lambda v, m=VALUE_LABELS[c]: m.get(v, v))
            elif c in MIXED_COLUMNS and "metric_en" in frame.columns:
                is_rate = frame["metric_en"].astype(str).str.contains(RATE_METRIC)
                other = frame[c].map(lambda v: "" if pd.isna(v) else f"{v:g}" if float(v).is_integer()
                                     else f"{v:.{DECIMALS['ratio']}f}")
                frame[c] = formatted(frame[c], DECIMALS["rate"], 100.0).where(is_rate, other)
                frame.insert(frame.columns.get_loc(c) + 1, f"{c}_unit", ["%" if r else "" for r in is_rate])
            elif kind in DECIMALS and pd.api.types.is_numeric_dtype(frame[c]) and frame[c].dtype != bool:
                frame[c] = formatted(frame[c], DECIMALS[kind], 100.0 if kind in PERCENT_KINDS else 1.0)
        return frame.rename(columns={c: self.label(c) for c in frame.columns})

    @property
    def title(self) -> str:
        return f"{self.title_zh} {self.title_en}"
