"""The year-indexed inputs: section value added, macro series, national, province and city GDP."""

from __future__ import annotations

from ... import model, reference, units
from ...inputs import INDUSTRY_COLUMNS
from .. import layout as L
from .book import Book, unit_of

IND_ZH = {j: reference.INDUSTRY_NAMES[j][0] for j in L.INDUSTRIES}
IND_EN = {j: reference.INDUSTRY_NAMES[j][1] for j in L.INDUSTRIES}
MACRO_ROWS = {"Y": ("国内生产总值（不变价）", "Real GDP Y", "亿元"), "K": ("资本存量", "Capital stock K", "亿元"),
              "L": ("就业人员", "Employment L", "万人")}


def section_va(b: Book, inputs) -> None:
    lay = b.lay.section_va
    s, d = lay.name, b.d
    b.sheet(lay, "门类增加值", "Value added by section", "空白 = 缺失，将线性外推 Blank = missing, extrapolated (§4)")
    b.header(s, L.HEAD, lay.col("section"), ["门类", "名称", "Name"])
    b.years_header(s, L.HEAD, lay.year_col(0), d.years)
    sec = reference.sections()
    for i, letter in enumerate(model.SECTIONS):
        r = lay.row(i)
        b.label(s, r, lay.col("section"), letter)
        b.label(s, r, lay.col("name_zh"), sec.at[letter, "name_zh"])
        b.label(s, r, lay.col("name_en"), sec.at[letter, "name_en"])
        for t, y in enumerate(d.years):
            v = None
            if inputs is not None and y in inputs.section_va.columns:
                v = inputs.section_va.at[letter, y]
            b.value(s, r, lay.year_col(t), v, year=y)


def macro(b: Book, inputs) -> None:
    lay = b.lay.macro
    s, d = lay.name, b.d
    b.sheet(lay, "宏观数据", "Macro series Y, K, L",
            "Y: 不变价GDP（亿元）, K: 资本存量（亿元）, L: 就业（万人）；空白 = 缺失，将线性外推 Blank = missing, extrapolated (§4)")
    b.header(s, L.HEAD, lay.col("zh"), ["指标", "Indicator", "单位 Unit"])
    b.years_header(s, L.HEAD, lay.year_col(0), d.macro_years)
    for k in L.MACRO_SERIES:
        zh, en, u = MACRO_ROWS[k]
        r = lay.row(k)
        b.label(s, r, lay.col("zh"), zh)
        b.label(s, r, lay.col("en"), en)
        b.label(s, r, lay.col("unit"), u)
        for t, y in enumerate(d.macro_years):
            v = inputs.macro.at[y, k] if inputs is not None and y in inputs.macro.index else None
            b.value(s, r, lay.year_col(t), v, year=y)


def national_gdp(b: Book, inputs) -> None:
    lay = b.lay.national_gdp
    s, d = lay.name, b.d
    b.sheet(lay, "全国三次产业增加值", "National GDP by industry", f"单位 Unit: {units.label(unit_of(inputs))}；"
            "空白 = 缺失，将线性外推（见“GDP外推”表）Blank = missing, extrapolated (§4, see the GDP fill sheet)")
    b.header(s, L.HEAD, lay.col("zh"), ["产业", "Industry", ""])
    b.years_header(s, L.HEAD, lay.year_col(0), d.years)
    ng = inputs.national_gdp if inputs is not None else None
    for j in L.INDUSTRIES:
        r = lay.row(j)
        b.label(s, r, lay.col("zh"), IND_ZH[j])
        b.label(s, r, lay.col("en"), IND_EN[j])
        for t, y in enumerate(d.years):
            v = ng.at[y, INDUSTRY_COLUMNS[j - 1]] if ng is not None and y in ng.index else None
            b.value(s, r, lay.year_col(t), v, year=y)


def province_gdp(b: Book, inputs) -> None:
    lay = b.lay.province_gdp
    s, d = lay.name, b.d
    b.sheet(lay, "分省三次产业增加值", "Provincial GDP by industry", f"单位 Unit: {units.label(unit_of(inputs))}；"
            "空白 = 缺失，将线性外推（见“GDP外推”表）Blank = missing, extrapolated (§4, see the GDP fill sheet)")
    b.header(s, L.HEAD, lay.col("code"), ["代码 Code", "省份", "Province", "区域 Region"])
    for j in L.INDUSTRIES:
        c = lay.block_col(j)
        b.label(s, lay.block_label_row, c, f"{IND_ZH[j]} {IND_EN[j]}", b.f.head)
        b.years_header(s, L.HEAD, c, d.years)
    pg = inputs.province_gdp if inputs is not None else None
    pg = {} if pg is None else pg.to_dict("index")   # (code, year) → {column: value}: one lookup per cell
    for i, (code, row) in enumerate(d.provinces.iterrows()):
        r = lay.row(i)
        b.value(s, r, lay.col("code"), int(code), b.f.input_int)
        for col in ("name_zh", "name_en", "region"):
            b.value(s, r, lay.col(col), row[col], b.f.input_text)
        for j in L.INDUSTRIES:
            for t, y in enumerate(d.years):
                got = pg.get((int(code), y))
                v = got[INDUSTRY_COLUMNS[j - 1]] if got is not None else None
                b.value(s, r, lay.block_col(j) + t, v, year=y)


def city_gdp(b: Book, inputs) -> None:
    lay = b.lay.city_gdp
    s, d = lay.name, b.d
    b.sheet(lay, "城市三次产业增加值", "City GDP by industry",
            f"城市数据年份见参数 P_CITY_YEAR；单位 Unit: {units.label(unit_of(inputs))}；空白按 0 计入城市份额，"
            "该城市标记“缺数据”Blank = 0 in the city shares, the city flagged incomplete (Cities sheet)")
    b.header(s, L.HEAD, lay.col("city"), ["城市", "City", "省份代码 Province code", "省份 Province",
                                          f"{IND_ZH[1]} Primary", f"{IND_ZH[2]} Secondary", f"{IND_ZH[3]} Tertiary"])
    cg = inputs.city_gdp.to_dict("index") if inputs is not None else None   # city → {column: value}
    pnames = reference.provinces()["name_zh"]
    for i, (city, row) in enumerate(d.cities.iterrows()):
        r = lay.row(i)
        b.value(s, r, lay.col("city"), str(city), b.f.input_text)
        b.value(s, r, lay.col("city_en"), row["city_en"], b.f.input_text)
        b.value(s, r, lay.col("province_code"), int(row["province_code"]), b.f.input_int)
        b.label(s, r, lay.col("province"), pnames.get(int(row["province_code"]), ""))
        for j in L.INDUSTRIES:
            v = cg[city][INDUSTRY_COLUMNS[j - 1]] if cg is not None else None
            b.value(s, r, lay.gdp_col(j), v)
