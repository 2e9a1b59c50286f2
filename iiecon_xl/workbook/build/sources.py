"""The 数据来源 Sources sheet (issue 12 §1): where every yearly input comes from.

Two tables (:mod:`..layout.sources`): the values a command wrote into input cells — imported
(from which file) or extrapolated — one row per cell with the value recorded, and the blank
inputs at build time, one row per series row with its blank years (extrapolated by the book's
formulas, or awaiting data). Every row's last column recalculates from the input cells: a value
typed over a recorded one reads "observed", a blank filled in counts down. The reader reads the
recorded rows back (:func:`..reader.read_provenance`), so every rebuild keeps them; the Checks
sheet's WARN row (:func:`not_data_formula`) counts what is not data.
"""

from __future__ import annotations

from ... import reference
from ...inputs import INDUSTRY_COLUMNS
from ...xlsx import a1
from .. import layout as L
from .. import provenance as prov
from ..layout.sources import SourcesSheet, input_cell
from .book import Book

SERIES_ZH = {"section_va": "门类增加值", "macro": "宏观", "national_gdp": "全国GDP", "province_gdp": "分省GDP",
             "city_gdp": "城市GDP"}
HEADER = ["工作表 Sheet", "序列 Series", "行 Row", "年份 Year", "单元格 Cell", "状态 Status", "来源 Source",
          "记录值 Recorded value", "当前 Now"]


def _blank_groups(inputs) -> list[tuple[str, str, list]]:
    """(series, key, [blank years]) of every series row holding blanks (city GDP: one row per industry)."""
    groups: dict[tuple[str, str], list] = {}
    for (series, key, year), v in prov.values(inputs).items():
        if v != v:  # NaN: blank
            k = key.rsplit(" ", 1)[1] if series == "city_gdp" else key
            groups.setdefault((series, k), []).append(year)
    return [(s, k, ys) for (s, k), ys in groups.items()]


def _years_text(years: list) -> str:
    ys = sorted(y for y in years if y is not None)
    if not ys:
        return f"{len(years)} 个城市 cities"
    return ", ".join(map(str, ys)) if len(ys) <= 4 else f"{ys[0]}–{ys[-1]} ({len(ys)})"


def _series_area(lay, series: str, key: str) -> tuple:
    """(sheet layout, r1, c1, r2, c2) of the input cells of one series row (a city GDP column)."""
    d = lay.dims
    if series == "city_gdp":
        cg = lay.city_gdp
        c = cg.gdp_col(INDUSTRY_COLUMNS.index(key) + 1)
        return cg, cg.row(0), c, cg.row(len(d.cities) - 1), c
    years = d.macro_years if series == "macro" else d.years
    sh, r, c0 = input_cell(lay, series, key, years[0])
    return sh, r, c0, r, c0 + len(years) - 1


def sources(b: Book, inputs) -> None:
    """The Sources sheet of ``inputs`` (a template: every input awaiting data)."""
    marks = prov.of(inputs) if inputs is not None else {}
    held = prov.values(inputs) if inputs is not None else {}
    recorded = [(k, m) for k, m in marks.items() if k in held and prov.status_of(k, held[k], marks)[0] != prov.OBSERVED]
    blanks = _blank_groups(inputs) if inputs is not None else []
    lay = SourcesSheet(recorded=len(recorded), blank=len(blanks))
    s = lay.name
    b.sheet(lay, "数据来源", "Sources of the yearly inputs",
            "导入 = 由文件导入；线性外推 = METHOD §4；待填 = 空白。最后一列随输入重新计算 "
            "imported / extrapolated (§4) / awaiting data; the last column recalculates from the input cells")
    b.header(s, L.HEAD, lay.col("sheet"), HEADER)
    for i, ((series, key, year), mark) in enumerate(recorded):
        sh, r, c = input_cell(b.lay, series, key, year)
        row = lay.row(i)
        _row_labels(b, lay, row, sh.name, series, key, "" if year is None else str(year), a1.cell_name(r, c))
        b.sheets[s].write_string(row, lay.col("status"), f"{mark.status} {prov.STATUS_ZH[mark.status]}", b.f.text)
        b.sheets[s].write_string(row, lay.col("source"), mark.source, b.f.text)
        b.sheets[s].write_number(row, lay.col("value"), float(mark.value), b.f.money)
        ref, rec = sh.ref(r, c), lay.cell(row, "value")
        blank = prov.blank_status(series)
        b.formula(s, row, lay.col("current"), f'=IF(ISNUMBER({ref}), IF(ABS({ref}-{rec})<=1E-9*MAX(1, ABS({rec})), '
                                              f'"{mark.status}", "{prov.OBSERVED}"), "{blank}")', b.f.text)
    for i, (series, key, years) in enumerate(blanks):
        sh, r1, c1, r2, c2 = _series_area(b.lay, series, key)
        row = lay.row(len(recorded) + i)
        status = prov.blank_status(series)
        _row_labels(b, lay, row, sh.name, series, key, _years_text(years), a1.area(r1, c1, r2, c2, absolute=False))
        b.sheets[s].write_string(row, lay.col("status"), f"{status} {prov.STATUS_ZH[status]}", b.f.text)
        how = "公式外推 extrapolated by the book's formulas" if status == prov.EXTRAPOLATED else "待填 awaiting data"
        b.sheets[s].write_string(row, lay.col("source"), how, b.f.text)
        rng = sh.ref_area(r1, c1, r2, c2)
        b.formula(s, row, lay.col("current"), f"=ROWS({rng})*COLUMNS({rng})-COUNT({rng})", b.f.int)
    b.lay.sources = lay


def _row_labels(b: Book, lay, row: int, sheet: str, series: str, key: str, year: str, cell: str) -> None:
    ws = b.sheets[lay.name]
    name = key
    if series == "province_gdp":
        code, col = key.rsplit(" ", 1)
        name = f"{key}（{reference.provinces()['name_zh'].get(int(code), '')}）"
    for col, text in (("sheet", sheet), ("series", f"{SERIES_ZH[series]} {series}"), ("key", name), ("year", year),
                      ("cell", cell)):
        ws.write_string(row, lay.col(col), text, b.f.text)


def not_data_formula(b: Book) -> str:
    """How many yearly inputs are not data now: the blank input cells (extrapolated by the book or
    awaiting data) and the recorded values still extrapolated (a formula for the Checks sheet)."""
    lay = b.lay
    areas = [lay.section_va.names()["VA_DATA"], *(lay.macro.names()[f"MAC_{k}"] for k in L.MACRO_SERIES),
             lay.national_gdp.names()["NG_DATA"]]
    sheets = [lay.section_va] + [lay.macro] * len(L.MACRO_SERIES) + [lay.national_gdp]
    for j in L.INDUSTRIES:
        areas += [lay.province_gdp.names()[f"PROV_GDP_{j}"], lay.city_gdp.names()[f"CITY_GDP{j}"]]
        sheets += [lay.province_gdp, lay.city_gdp]
    terms = []
    for sh, area in zip(sheets, areas):
        rng = sh.ref_area(*area)
        terms.append(f"ROWS({rng})*COLUMNS({rng})-COUNT({rng})")
    rec = lay.sources.recorded_area()
    if rec is not None:
        terms.append(f'COUNTIF({lay.sources.ref_area(*rec)}, "{prov.EXTRAPOLATED}")')
    return "+".join(terms)
