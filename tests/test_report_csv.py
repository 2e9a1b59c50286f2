"""The report's CSV files are for people (issue 12 §5): bilingual headers with the unit, numbers
rounded to the documented decimals (money 2 in the book's unit, rates in per cent with 2, small
rates 4, the city index 2, ratios 4, estimates 6), one per-cent convention for every rate, Chinese
labels in production.csv, and notes naming the sheet, the section and the year. JSON and the
Python API keep full precision and fractions."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from iiecon_xl import demo, pipeline, report_io
from iiecon_xl.tables import COLUMNS, NOTE_SOURCES, Table, input_note

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def report():
    """The pipeline on the demo inputs, once for this module (no workbook, no recalculation)."""
    return pipeline.run(demo.load_demo())


@pytest.fixture(scope="module")
def csvs(report, tmp_path_factory):
    """{table name: (header list, rows as text)} of the CSVs ``write_tables`` writes."""
    folder = tmp_path_factory.mktemp("csv")
    report_io.write_tables(report, folder, xlsx=False)
    out = {}
    for name in report.tables:
        frame = pd.read_csv(folder / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        out[name] = frame
    return out


def test_every_header_is_chinese_and_english_without_a_doubled_word(report, csvs):
    """Each header of each CSV has Chinese and Latin text and no word twice in a row ('GDP GDP');
    money columns say the unit (亿元) and rate columns (%)."""
    for name, frame in csvs.items():
        for column, header in zip(report.tables[name].frame.columns, frame.columns):
            assert CJK.search(header) and re.search(r"[A-Za-z]", header), (name, header)
            words = header.split()
            assert all(a != b for a, b in zip(words, words[1:])), (name, header)
            kind = COLUMNS.get(column, ("", "", "text"))[2]
            if kind == "money":
                assert header.endswith(f"({report.unit})"), (name, header)
            if kind in ("rate", "fine_rate"):
                assert header.endswith("(%)"), (name, header)
    assert "国内生产总值 GDP (亿元)" in csvs["national"].columns


def decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def test_national_csv_rounds_money_to_2_decimals_and_rates_to_per_cent(report, csvs):
    """national.csv: core in 亿元 with 2 decimals, growth and share of GDP in per cent with 2
    decimals (100 × the fraction of the report frame, rounded), penetration/core with 4."""
    frame, csv = report["national"], csvs["national"]
    t = Table("national", "", "", report.unit, frame)
    col = {c: t.label(c) for c in frame.columns}
    assert all(decimals(v) == 2 for v in csv[col["core"]])
    assert csv[col["core"]].tolist() == [f"{v:.2f}" for v in frame["core"]]
    growth = csv[col["total_growth"]]
    assert growth.iloc[0] == ""                                    # the base year has no growth
    np.testing.assert_allclose(growth.iloc[1:].astype(float), np.round(100 * frame["total_growth"].iloc[1:], 2),
                               rtol=0, atol=1e-9)
    assert all(decimals(v) == 2 for v in csv[col["share_of_gdp"]])
    assert float(csv[col["share_of_gdp"]].iloc[0]) == round(100 * frame["share_of_gdp"].iloc[0], 2)
    assert all(decimals(v) == 4 for v in csv[col["penetration_core_ratio"]])


def test_small_rates_index_and_estimates_keep_their_decimals(report, csvs):
    """The coefficient S a fraction with 4 decimals (0.214 → 0.2140, as in the analysis bands), λ in per
    cent with 4, the city index with 2, the production estimates with 6, γ and μ with 4."""
    rel = report["related"]
    s_col = Table("related", "", "", "", rel).label("S")
    assert s_col == "关联系数 S IIE share S"
    assert csvs["related"][s_col].tolist() == [f"{v:.4f}" for v in rel["S"]]
    lam = csvs["sectors"]["定向贡献率 λ Directed ratio λ (%)"]
    assert lam.tolist() == [f"{100 * v:.4f}" for v in report["sectors"]["lambda"]]
    index = csvs["cities"]["发展指数 Development index"]
    assert index.tolist() == [f"{v:.2f}" for v in report["cities"]["index"]]
    assert all(decimals(v) == 6 for v in csvs["production"]["估计值 Estimate"])
    assert all(decimals(v) == 4 for v in csvs["multipliers"]["技术乘数 μ Technology multiplier μ"] if v)


def test_production_csv_has_chinese_labels(csvs):
    """The fit's rows are named in Chinese and English (ln A, α, β, A, R², years observed)."""
    names = csvs["production"]["参数 Parameter"].tolist()
    assert names[:3] == ["ln A 常数项 (ln A)", "α 资本产出弹性 Capital elasticity", "β 劳动产出弹性 Labour elasticity"]
    assert all(CJK.search(n) for n in names)


def test_summary_rows_show_rates_in_per_cent_beside_a_unit():
    """A summary table mixes rates and ratios in one column: a CAGR of 0.0899 reads 8.99 with unit
    %, a ratio 2.3 reads 2.3000 with no unit; blanks stay blank; -0.001 yuan reads 0.00, not -0.00."""
    frame = pd.DataFrame({"metric": ["a", "b", "c"], "metric_en": ["CAGR 2020–2024", "Penetration / core", "Share"],
                          "value": [0.0899, 2.3, np.nan]})
    out = Table("s", "", "", "", frame).readable()
    assert out["数值 Value"].tolist() == ["8.99", "2.3000", ""]
    assert out["单位 Unit"].tolist() == ["%", "", "%"]
    money = Table("m", "", "", "亿元", pd.DataFrame({"core": [-0.001, 1234.567, np.nan]})).readable()
    assert money["核心产业增加值 Core (direct) value added (亿元)"].tolist() == ["0.00", "1234.57", ""]


def test_json_and_python_api_keep_full_precision_and_fractions(report):
    """Only the CSVs round: the frame and the JSON keep the fraction (growth ≈ 0.08, not 7.89)."""
    g = report["national"]["total_growth"].iloc[1]
    assert 0 < g < 1 and round(g, 4) != g
    assert report.to_json_dict()["national"][1]["total_growth"] == g
    assert Table("n", "", "", "亿元", report["national"]).labelled()["名义增速 Nominal growth (%)"].iloc[1] == 100 * g


def test_notes_name_the_sheet_the_section_and_the_year(report):
    """The demo leaves section H's 2024 value added blank: the note names the sheet (and the file),
    the section in Chinese and English and the year, not ``section_va H 2024``."""
    note = "门类增加值 Section VA (section_va.csv): H 住宿和餐饮业 Accommodation and catering, 2024 — 线性外推 extrapolated"
    assert input_note("section_va", "H", 2024, "extrapolated") == note
    assert note in report.warnings
    assert not any(w.startswith(("section_va ", "macro ")) for w in report.warnings)
    assert input_note("macro", "K", 2023, "interpolated") == "宏观 Macro (macro.csv): K 资本存量 capital stock, 2023 — 线性内插 interpolated"


def test_note_sheets_are_the_books_sheets():
    """The notes' sheet names are the layout's own."""
    from iiecon_xl.workbook.layout import sheets

    assert NOTE_SOURCES["section_va"][0] == sheets.SECTION_VA
    assert NOTE_SOURCES["macro"][0] == sheets.MACRO
