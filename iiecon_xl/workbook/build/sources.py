"""The 数据来源 Sources sheet (issue 12 §1): where every yearly input comes from.

Two tables (:mod:`..layout.sources`): the values a command wrote into input cells — imported
(from which file) or extrapolated — one row per cell with the value recorded, and every yearly
input row (each section, Y, K, L, each national GDP industry, the province and city GDP blocks)
with the number of its blank cells now (blanks are extrapolated by the book's formulas, or await
data — a blank city GDP counts as 0 meanwhile, its city flagged incomplete): a fixed list, so a template filled by hand holds the sheet its rebuild would. Every row's last column recalculates from the input cells: a value
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


def _series_rows(lay) -> list[tuple[str, str, str, tuple]]:
    """(series, key, years text, (sheet layout, r1, c1, r2, c2)) of every yearly input row of the
    book: each section, Y, K, L, each national GDP industry, each province GDP industry block and
    each city GDP column. The list depends on the layout only, never on which cells are blank, so
    a template filled by hand and a book rebuilt from the same inputs hold the same sheet."""
    from ...model import SECTIONS

    d = lay.dims
    span = lambda ys: f"{ys[0]}–{ys[-1]}" if len(ys) > 1 else str(ys[0])  # noqa: E731
    out = []
    for key in SECTIONS:
        sh, r, c0 = input_cell(lay, "section_va", key, d.years[0])
        out.append(("section_va", key, span(d.years), (sh, r, c0, r, c0 + len(d.years) - 1)))
    for key in L.MACRO_SERIES:
        sh, r, c0 = input_cell(lay, "macro", key, d.macro_years[0])
        out.append(("macro", key, span(d.macro_years), (sh, r, c0, r, c0 + len(d.macro_years) - 1)))
    for key in INDUSTRY_COLUMNS:
        sh, r, c0 = input_cell(lay, "national_gdp", key, d.years[0])
        out.append(("national_gdp", key, span(d.years), (sh, r, c0, r, c0 + len(d.years) - 1)))
    for j, key in enumerate(INDUSTRY_COLUMNS, start=1):
        area = lay.province_gdp.names()[f"PROV_GDP_{j}"]
        out.append(("province_gdp", key, span(d.years), (lay.province_gdp, *area)))
    for j, key in enumerate(INDUSTRY_COLUMNS, start=1):
        out.append(("city_gdp", key, "", (lay.city_gdp, *lay.city_gdp.names()[f"CITY_GDP{j}"])))
    return out


def sources(b: Book, inputs) -> None:
    """The Sources sheet of ``inputs`` (a template: every input awaiting data)."""
    marks = prov.of(inputs) if inputs is not None else {}
    held = prov.values(inputs) if inputs is not None else {}
    recorded = [(k, m) for k, m in marks.items() if k in held and prov.status_of(k, held[k], marks)[0] != prov.OBSERVED]
    series_rows = _series_rows(b.lay)
    lay = SourcesSheet(recorded=len(recorded), blank=len(series_rows))
    s = lay.name
    b.sheet(lay, "数据来源", "Sources of the yearly inputs",
            "导入 = 由文件导入；线性外推 = METHOD §4；待填 = 空白。最后一列随输入重新计算 "
            "imported / extrapolated (§4) / awaiting data; the last column recalculates from the input cells "
            "(below the recorded values: the number of blank cells of every input row)")
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
    for i, (series, key, years, (sh, r1, c1, r2, c2)) in enumerate(series_rows):
        row = lay.row(len(recorded) + i)
        status = prov.blank_status(series)
        _row_labels(b, lay, row, sh.name, series, key, years, a1.area(r1, c1, r2, c2, absolute=False))
        when_blank = f"若空白 if blank: {status} {prov.STATUS_ZH[status]}"
        b.sheets[s].write_string(row, lay.col("status"), when_blank, b.f.text)
        how = ("空白由公式外推 blanks extrapolated by the book's formulas" if status == prov.EXTRAPOLATED
               else prov.CITY_BLANK if series == "city_gdp" else "空白待填 blanks await data")
        b.sheets[s].write_string(row, lay.col("source"), how, b.f.text)
        rng = sh.ref_area(r1, c1, r2, c2)
        b.formula(s, row, lay.col("current"), f"=ROWS({rng})*COLUMNS({rng})-COUNT({rng})", b.f.int)
    b.lay.sources = lay


def _row_labels(b: Book, lay, row: int, sheet: str, series: str, key: str, year: str, cell: str) -> None:
    ws = b.sheets[lay.name]
    name = key
    if series == "province_gdp" and " " in key:
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
