"""What the NBS importers return (:class:`ImportedIO`, :class:`NBSExport`) and the table located in
a file before its cells are read (:class:`RawTable`, shared by the two IO-table layouts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from ..inputs import IOTable

#: The file position of a cell of a vector (by index) or of the flow block (by row and column).
Where = Callable[[int], str]
Where2 = Callable[[int, int], str]


@dataclass
class ImportedIO:
    """An imported IO table.

    io: the table (``io.unit`` = the file's unit; Z competitive-import form, see notes).
    final_use: sectors × the columns right of the flows, in the canonical order of
        :data:`COL_LABELS` (TIU, FU101 … TFU, EX, IM, OTH, GO) — those the file has.
    value_added_rows: sectors × VA001–VA004 and TVA (those the file has).
    layout: "csv", "nbs-excel" or "nbs-csv" (the NBS table layout saved as CSV).
    table: the matching shipped classification ("2017_149", "2018_153", "2020_153") or "".
    notes: everything skipped, assumed or not understood, with its position.
    checks: identity → maximum relative deviation over the sectors.
    labels: key → Chinese label, for every final-use column and value-added row.
    imported_Z: for a non-competitive-import table, the imported-products flow block (already
        added into ``io.Z``); else None.
    """

    io: IOTable
    final_use: pd.DataFrame
    value_added_rows: pd.DataFrame
    layout: str
    table: str
    notes: list[str]
    checks: dict[str, float]
    labels: dict[str, str] = field(default_factory=dict)
    title: str = ""
    imported_Z: pd.DataFrame | None = None


@dataclass
class NBSExport:
    """An NBS data export. frame: rows = region or indicator names as in the file (index name =
    the file's first header cell, e.g. 地区 or 指标), columns = int years ascending, NaN = blank,
    "--" or "…". unit: of the indicator line (指标：…(亿元)) or the unit line (单位：亿元), else the
    unit all rows share, else "". source: the file name (for messages); lines: {(row, year): the
    file line of the value}."""

    database: str
    indicator: str
    unit: str
    frame: pd.DataFrame
    notes: list[str]
    time: str = ""
    encoding: str = ""
    row_units: dict[str, str] = field(default_factory=dict)
    source: str = ""
    lines: dict[tuple[str, int], int] = field(default_factory=dict)


@dataclass
class RawTable:
    """A table located in a file, cells still raw. z_where, rows[k][1], cols[k][1]: the file
    position of a cell (for messages). imp_*: the imported-products block of a
    non-competitive-import table."""

    codes: list[str]
    names_zh: list[str]
    names_en: list[str] | None
    z: list[list]
    z_where: Where2
    rows: dict[str, tuple[list, Where]]
    cols: dict[str, tuple[list, Where]]
    notes: list[str]
    imp_z: list[list] | None = None
    imp_z_where: Where2 | None = None
    imp_cols: dict[str, tuple[list, Where]] = field(default_factory=dict)
    title: str = ""
    unit: str | None = None
    names_across: list[str] | None = None
