"""Writing a :class:`~iiecon_xl.pipeline.Report` to files: one CSV per table and one
.xlsx of values (a sheet per table, Chinese + English headers), and the national table
as text for the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import units
from .csvsafe import write_csv
from .safefiles import atomic_file

if TYPE_CHECKING:  # only for the annotations: writing a report needs no pipeline code
    from .pipeline import Report

SHEET_NAMES = {
    "national": "全国 National", "national_summary": "全国汇总 Summary", "industries": "三次产业 Industries",
    "sections": "门类 Sections", "sectors": "部门 Sectors", "related": "关联系数 Shares S",
    "production": "生产函数 Prodfn", "multipliers": "技术乘数 Multipliers", "provinces": "分省 Provinces",
    "regions": "区域 Regions", "cities": "城市 Cities", "tiers": "梯队 Tiers", "top_shares": "头部城市 Top N",
}


def write_tables(report: Report, folder: Path, *, xlsx: bool = True) -> list[Path]:
    """CSV (UTF-8 with BOM, so Excel opens the Chinese headers) per table (+ report_values.xlsx).

    The CSVs are for people: Chinese + English headers with the unit, numbers rounded as
    :meth:`iiecon_xl.tables.Table.readable` says (money 2 decimals in the book's unit, rates in
    per cent with 2 decimals, …); report_values.xlsx holds the same tables at full precision
    (rates in per cent) and the JSON output full precision with rates as fractions.
    Every file is written atomically and every text from the inputs as text (issue 11): the CSV
    files through :func:`iiecon_xl.csvsafe.write_csv` (formula-trigger text escaped), the .xlsx
    with XlsxWriter told never to turn a string into a formula or a link."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in report.tables.items():
        path = folder / f"{name}.csv"
        write_csv(table.readable(), path)
        written.append(path)
    if xlsx:
        written.append(write_values_xlsx(report, folder / "report_values.xlsx"))
    return written


#: XlsxWriter options of report_values.xlsx: text stays text (``=…`` is no formula, ``http…`` no link).
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True}


def write_values_xlsx(report: Report, path: Path) -> Path:
    """report_values.xlsx: an About sheet, then a sheet per table (values only), atomically."""
    about = pd.DataFrame({"项目 Item": ["数据 Data", "单位 Unit", "年份 Years", "提示 Notes"],
                          "内容 Content": [report.label or "", units.label(report.unit),
                                         f"{report.years[0]}–{report.years[-1]}",
                                         "; ".join(report.warnings) or "—"]})
    with atomic_file(path) as tmp:
        with pd.ExcelWriter(tmp, engine="xlsxwriter", engine_kwargs={"options": XLSX_OPTIONS}) as xw:
            about.to_excel(xw, sheet_name="说明 About", index=False)
            for name, table in report.tables.items():
                table.labelled().to_excel(xw, sheet_name=SHEET_NAMES.get(name, name)[:31], index=False)
    return path


def national_text(report: Report) -> str:
    """The national table for the terminal: years, core, penetration, total, growth, share of GDP."""
    df = report["national"]
    u = report.unit
    head = (f"{'年份':<5}{'核心产业':>12}{'渗透产业':>12}{'合计':>14}{'增速':>8}{'占GDP':>8}\n"
            f"{'Year':<6}{'Core':>14}{'Penetration':>16}{'Total':>16}{'Growth':>10}{'GDP %':>10}   ({units.label(u)})")
    lines = [head]
    for _, r in df.iterrows():
        g = "" if pd.isna(r.total_growth) else f"{100 * r.total_growth:.2f}%"
        lines.append(f"{int(r.year):<6}{r.core:>14,.1f}{r.penetration:>16,.1f}{r.total:>16,.1f}{g:>10}"
                     f"{100 * r.share_of_gdp:>9.2f}%")
    return "\n".join(lines)
