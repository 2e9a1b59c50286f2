"""Importers for NBS (国家统计局) data: input-output tables and data-export series.

Pure parsing — nothing here writes a workbook.

* :func:`read_io_table` reads a national input-output table of any size n, in either

  - the **CSV layout** of the re-packaged NBS tables (``../shared/data/io``): a header row
    ``Code, Description, DescriptionInChinese, [Origin,] 001 … n, TIU, FU101 …, IM, GO``, rows
    ``001 … n, TII, VA001–VA004, TVA, TI`` (a non-competitive-import table carries an ``Origin``
    column and a second block of imported-product rows), or
  - the **NBS table layout** of the official workbooks (``.xlsx``/``.xlsm``; a CSV saved from such a
    workbook is read the same way): a title row, a unit row (``单位：万元``), several Chinese header
    rows (投入\\产出, 中间使用, 最终使用, 进口, 总产出 …, sector names across, a row of sector
    codes), sector rows with the code and the Chinese name in the first columns (either order,
    codes possibly numeric: ``1`` = ``01`` = ``001``), then the rows 中间投入合计, 劳动者报酬,
    生产税净额, 固定资产折旧, 营业盈余, 增加值合计, 总投入.

  It checks the table's own identities and maps every sector to a GB/T 4754 section through the
  shipped classifications (:func:`iiecon_xl.reference.sectors`).
* :func:`read_nbs_export` reads an NBS data export (data.stats.gov.cn: header lines, then
  indicator or region rows with year columns, newest first, footer lines); UTF-8 (with or
  without BOM) or GBK. :func:`national_gdp_by_industry` and :func:`provinces_by_name` turn it
  into the national GDP-by-industry and the province-by-year frames of the input sheets.

Every problem with a file raises :class:`~iiecon_xl.errors.IIEInputError` with the argument
``FILE`` (the command-line name of the file argument) and a message that says where (sector
code and name, column code, and the file line or Excel cell) and what was found.

The modules, bottom up: :mod:`.text` (cell text and numbers), :mod:`.labels` (row and column
keys), :mod:`.grid` (files → grids of cells), :mod:`.results` (what is returned),
:mod:`.csv_layout` and :mod:`.sheet_layout` (with :mod:`.sheet_grid`, :mod:`.sheet_headers`,
:mod:`.sheet_rows`: locating the table in either layout), :mod:`.sector_map` (sections),
:mod:`.identities` and :mod:`.assemble` (the table), :mod:`.io_table` (the entry point);
:mod:`.exports` and :mod:`.series` (data exports), :mod:`.plausible` (the plausible range of each
indicator an export brings, the one table). An export's unit is the one it states (指标 line,
单位 line or the rows); ``national_gdp_by_industry(export, unit=…)`` and
``provinces_by_name(export, unit=…)`` convert to a book's unit and refuse an unknown one. A
workbook is checked against :func:`iiecon_xl.xlsx.limits.check_xlsx` before openpyxl opens it.
"""

from __future__ import annotations

from .exports import read_nbs_export
from .io_table import read_io_table
from .labels import COL_LABELS, ROW_LABELS, VA_COMPONENTS
from .results import ImportedIO, NBSExport
from .sector_map import read_sections_csv
from .series import national_gdp_by_industry, provinces_by_name
from .text import ARG, parse_number

__all__ = ["ARG", "COL_LABELS", "ROW_LABELS", "VA_COMPONENTS", "ImportedIO", "NBSExport",
           "national_gdp_by_industry", "parse_number", "provinces_by_name", "read_io_table",
           "read_nbs_export", "read_sections_csv"]
