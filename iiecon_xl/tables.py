"""Report tables: a DataFrame with a title, a unit and Chinese + English column labels.

Column keys stay short English identifiers (``core``, ``penetration`` …) so that JSON
output and code read them; :meth:`Table.labelled` gives the frame with headers such as
``核心产业 Core (亿元)`` for people.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: column key → (Chinese, English, kind) ; kind "money" gets the unit, "rate" is a fraction
COLUMNS: dict[str, tuple[str, str, str]] = {
    "year": ("年份", "Year", "text"),
    "core": ("核心产业增加值", "Core (direct) value added", "money"),
    "penetration": ("渗透产业增加值", "Penetration value added", "money"),
    "total": ("工业互联网带动增加值", "IIE-driven value added", "money"),
    "core_growth": ("核心产业名义增速", "Core growth", "rate"),
    "penetration_growth": ("渗透产业名义增速", "Penetration growth", "rate"),
    "total_growth": ("名义增速", "Nominal growth", "rate"),
    "penetration_core_ratio": ("渗透/核心", "Penetration / core", "ratio"),
    "gdp": ("GDP", "GDP", "money"),
    "share_of_gdp": ("占GDP比重", "Share of GDP", "rate"),
    "industry": ("产业", "Industry", "text"),
    "industry_zh": ("产业名称", "Industry (zh)", "text"),
    "industry_en": ("产业英文名", "Industry (en)", "text"),
    "eta": ("带动系数η", "Ratio η = Z/GDP", "rate"),
    "section": ("门类", "Section", "text"),
    "name_zh": ("名称", "Name (zh)", "text"),
    "name_en": ("英文名称", "Name (en)", "text"),
    "value_added": ("增加值", "Value added", "money"),
    "va_flag": ("增加值来源", "Value added flag", "text"),
    "direct_rate": ("直接贡献率 d", "Direct rate d", "rate"),
    "penetration_rate": ("渗透率 p", "Penetration rate p", "rate"),
    "code": ("部门代码", "Sector code", "text"),
    "S": ("关联系数 S", "IIE share S", "rate"),
    "total_output": ("总产出", "Total output X", "money"),
    "intermediate_input": ("中间投入", "Intermediate input M", "money"),
    "direct": ("直接增加值", "Direct value added S(X−M)", "money"),
    "dY": ("带动产出 ΔY", "Induced output ΔY", "money"),
    "lambda": ("定向贡献率 λ", "Directed ratio λ", "rate"),
    "dz": ("渗透增加值 dz", "Penetration value added dz", "money"),
    "masked": ("零产出屏蔽", "Masked (zero output)", "text"),
    "gamma": ("技术水平 γ", "Technology level γ", "ratio"),
    "mu": ("技术乘数 μ", "Technology multiplier μ", "ratio"),
    "parameter": ("参数", "Parameter", "text"),
    "estimate": ("估计值", "Estimate", "ratio"),
    "std_error": ("标准误", "Standard error", "ratio"),
    "province": ("省份", "Province", "text"),
    "province_code": ("行政区划代码", "Province code", "text"),
    "province_en": ("省份英文名", "Province (en)", "text"),
    "region": ("区域", "Region", "text"),
    "region_zh": ("区域名称", "Region (zh)", "text"),
    "rank": ("排名", "Rank", "text"),
    "share_of_national": ("占全国比重", "Share of national", "rate"),
    "city": ("城市", "City", "text"),
    "city_en": ("城市英文名", "City (en)", "text"),
    "index": ("发展指数", "Development index", "ratio"),
    "tier": ("梯队", "Tier", "text"),
    "index_range": ("指数区间", "Index range", "text"),
    "count": ("数量", "Count", "text"),
    "cities": ("城市名单", "Cities", "text"),
    "top_n": ("前N位", "Top N", "text"),
    "share": ("占比", "Share", "rate"),
    "metric": ("指标", "Metric", "text"),
    "metric_en": ("指标英文名", "Metric (en)", "text"),
    "value": ("数值", "Value", "ratio"),
    "criterion": ("评价指标", "Criterion", "text"),
    "weight": ("权重", "Weight", "rate"),
    "B": ("评价向量 B", "Evaluation vector B", "text"),
    "flag": ("数据标记", "Flag", "text"),
}


@dataclass
class Table:
    name: str
    title_zh: str
    title_en: str
    unit: str
    frame: pd.DataFrame

    def label(self, column: str) -> str:
        zh, en, kind = COLUMNS.get(column, (column, column, "text"))
        if kind == "money":
            return f"{zh} {en} ({self.unit})"
        if kind == "rate":
            return f"{zh} {en} (%)" if column != "S" else f"{zh} {en}"
        return zh if zh == en else f"{zh} {en}"

    def labelled(self) -> pd.DataFrame:
        """The frame with Chinese + English headers; rates shown in per cent, as the headers say."""
        frame = self.frame.copy()
        for c in frame.columns:
            if COLUMNS.get(c, ("", "", ""))[2] == "rate" and c != "S" and pd.api.types.is_numeric_dtype(frame[c]):
                frame[c] = frame[c] * 100.0
        return frame.rename(columns={c: self.label(c) for c in frame.columns})

    @property
    def title(self) -> str:
        return f"{self.title_zh} {self.title_en}"
