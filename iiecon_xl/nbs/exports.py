"""NBS data exports (data.stats.gov.cn): header lines, then indicator or region rows with year
columns, newest first, then footer lines; UTF-8 (with or without BOM), GBK or .xlsx.

:func:`read_nbs_export` reads one into an :class:`NBSExport`; :mod:`.series` turns it into the
frames of the input sheets.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import IIEInputError
from ..numtext import normalise
from .grid import first_rows, read_csv, xlsx_sheets
from .plausible import check_row, range_for
from .results import NBSExport
from .text import ARG, FOOTNOTE_RE, UNIT_RE, blank, parse_number, text

_META_RE = re.compile(r"^\s*(数据库|指标|时间|地区|单位|频度)\s*[:：]\s*(.*?)\s*$")
_UNIT_PAREN_RE = re.compile(r"[（(]\s*([^()（）]+?)\s*[)）]\s*$")
_YEAR_RE = re.compile(r"(\d{4})\s*年?")
_TIME_HEADERS = ("时间", "年份", "年度")


def year_of(v) -> int | None:
    """A year cell (2024, 2024.0, "2024", "2024年") as int, else None."""
    if isinstance(v, (int, np.integer)) and 1900 <= v <= 2200:
        return int(v)
    if isinstance(v, float) and v.is_integer() and 1900 <= v <= 2200:
        return int(v)
    m = _YEAR_RE.fullmatch(text(v))
    return int(m.group(1)) if m else None


def unit_of(label: str) -> str:
    """The unit in a label's trailing parentheses: "地区生产总值(亿元)" → "亿元"."""
    m = _UNIT_PAREN_RE.search(label or "")
    return m.group(1) if m else ""


def strip_unit(label: str) -> str:
    """The label without its trailing unit in parentheses."""
    return _UNIT_PAREN_RE.sub("", label or "").strip()


def _not_a_number(v) -> str:
    """Why a cell is refused: "is not a finite number" for 1e999, inf; "is not a number" otherwise."""
    try:
        f = float(normalise(text(v)).replace(",", ""))
    except ValueError:
        return "is not a number"
    return "is not a finite number" if f != f or f in (float("inf"), float("-inf")) else "is not a number"


def _export_grid(path: Path) -> tuple[list[list], str]:
    """(grid, encoding) of an export: the first non-empty sheet of a workbook, or the CSV."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head.startswith(b"PK\x03\x04"):
        return read_csv(path)
    sheets = [s for s in xlsx_sheets(path) if s[1]]
    if not sheets:
        raise IIEInputError(ARG, f"{path.name}: the workbook is empty")
    return sheets[0][1], "xlsx"


def _is_transposed_header(grid: list[list], r: int, cells: list[str]) -> bool:
    """A row naming indicators across above rows that start with a year (时间,指标1,指标2,…)."""
    nxt = next((g for g in grid[r + 1:] if any(not blank(v) for v in g)), None)
    return bool(cells[0]) and year_of(cells[0]) is None and nxt is not None and year_of(nxt[0]) is not None \
        and sum(1 for c in cells[1:] if c) >= 1


def _find_header(grid: list[list], notes: list[str]):
    """(header row or None, transposed, {meta key: value}) — the lines before the table read."""
    meta: dict[str, str] = {}
    for r, row in enumerate(grid):
        cells = [text(v) for v in row]
        if not any(cells):
            continue
        rest = [c for c in row[1:] if not blank(c)]
        n_years = sum(1 for c in rest if year_of(c) is not None)
        if rest and n_years and n_years >= len(rest) / 2:
            return r, False, meta
        m = _META_RE.match(cells[0])
        if m and not any(cells[1:]):
            meta[m.group(1)] = m.group(2)
            continue
        u = UNIT_RE.search(" ".join(cells))
        if u and "单位" not in meta:
            meta["单位"] = u.group(1)
            continue
        if _is_transposed_header(grid, r, cells):
            return r, True, meta
        notes.append(f"line {r + 1} ({cells[0][:40]!r}) before the table not understood; skipped")
    return None, False, meta


def _body(grid: list[list], header_row: int, notes: list[str], meta: dict):
    """(row names, row values, file lines) below the header; footnotes noted and left out, a unit
    line (单位：万元) alone in its row taken into ``meta``."""
    names, data, lines = [], [], []
    for r in range(header_row + 1, len(grid)):
        row = grid[r]
        cells = [text(v) for v in row]
        if not any(cells):
            continue
        if FOOTNOTE_RE.match(cells[0]) and (not any(cells[1:]) or cells[0].startswith(("注", "数据来源"))):
            notes.append(f"line {r + 1}: footnote {cells[0][:60]!r} ignored")
            continue
        u = UNIT_RE.match(cells[0].strip())
        if u and not any(cells[1:]):
            meta.setdefault("单位", u.group(1))
            continue
        names.append(cells[0])
        data.append(row[1:])
        lines.append(r + 1)
    return names, data, lines


def _transposed_frame(header, names, data, lines, index_name: str, name: str, where: dict) -> pd.DataFrame:
    """Years down the first column: turned around, one row per indicator column."""
    years = [year_of(x) for x in names]
    bad = [x for x, y in zip(names, years) if y is None]
    if bad:
        raise IIEInputError(ARG, f"{name}: {bad[0]!r} (first column) is not a year")
    seen: dict[int, int] = {}
    for y, line in zip(years, lines):
        if y in seen:
            raise IIEInputError(ARG, f"{name}: year {y} appears twice in the first column (lines {seen[y]} and {line})")
        seen[y] = line
    rows_out: dict[str, dict] = {}
    for j, col in enumerate(header[1:]):
        if not col:
            continue
        if col in rows_out:
            raise IIEInputError(ARG, f"{name}: the header names {col!r} twice (columns {header.index(col) + 1} and "
                                     f"{j + 2})")
        rows_out[col] = {}
        for y, vals, line in zip(years, data, lines):
            v = vals[j] if j < len(vals) else None
            f = parse_number(v, missing=float("nan"))
            if f is None:
                raise IIEInputError(ARG, f"row {col!r}, year {y}: {text(v)!r} {_not_a_number(v)} (line {line} of "
                                         f"{name})")
            rows_out[col][y] = f
            where[(col, y)] = line
    frame = pd.DataFrame(rows_out).T
    frame.index.name = "指标" if index_name in _TIME_HEADERS else index_name
    return frame


def _header_years(header: list[str], name: str) -> list[int | None]:
    """The year of every column after the first (None under a blank header); raises for non-years
    and repeats."""
    years = []
    seen: dict[int, tuple[int, str]] = {}
    for j, h in enumerate(header[1:], start=2):
        if not h:
            years.append(None)
            continue
        y = year_of(h)
        if y is None:
            raise IIEInputError(ARG, f"{name}: column {j} header {h!r} is not a year; only annual exports are read")
        if y in seen:
            raise IIEInputError(ARG, f"{name}: year {y} appears twice in the header row: column {seen[y][0]} "
                                     f"({seen[y][1]!r}) and column {j} ({h!r})")
        seen[y] = (j, h)
        years.append(y)
    return years


def _row_values(header, years, nm: str, vals: list, line: int, name: str, notes: list[str]) -> dict:
    rec = {}
    for j, y in enumerate(years):
        v = vals[j] if j < len(vals) else None
        if y is None:
            if not blank(v):
                notes.append(f"line {line}: value {text(v)!r} under a blank header ignored")
            continue
        f = parse_number(v, missing=float("nan"))
        if f is None:
            raise IIEInputError(ARG, f"row {nm!r}, column {header[j + 1]}: {text(v)!r} {_not_a_number(v)} "
                                     f"(line {line} of {name})")
        rec[y] = f
    return rec


def _wide_frame(header, names, data, lines, index_name: str, name: str, notes: list[str],
                where: dict) -> pd.DataFrame:
    """Years across: one row per region or indicator; raises for a repeated row."""
    years = _header_years(header, name)
    seen: dict[str, int] = {}
    rows_out = []
    for nm, vals, line in zip(names, data, lines):
        if nm in seen:
            raise IIEInputError(ARG, f"{name}: row {nm!r} appears twice (lines {seen[nm]} and {line})")
        seen[nm] = line
        rows_out.append(_row_values(header, years, nm, vals, line, name, notes))
        where.update({(nm, y): line for y in years if y is not None})
    ys = [y for y in years if y is not None]
    return pd.DataFrame(rows_out, index=pd.Index(names, name=index_name), columns=ys)


def _stated_unit(meta: dict, name: str) -> str:
    """The unit of the 指标 line "(亿元)" or of the 单位 line; raises when the two differ."""
    of_indicator = unit_of(meta.get("指标", ""))
    m = UNIT_RE.search("单位：" + meta.get("单位", ""))
    of_line = m.group(1) if m else ""
    if of_indicator and of_line and of_indicator != of_line:
        raise IIEInputError(ARG, f"{name}: the export states two units: {of_indicator} (指标 line) and {of_line} "
                                 f"(单位 line); correct the file")
    return of_indicator or of_line


def _export(frame: pd.DataFrame, meta: dict, notes: list[str], encoding: str, name: str) -> NBSExport:
    """The NBSExport of a frame: years ascending, units from the indicator or unit line, or the rows."""
    frame = frame.astype(float)
    frame.columns = [int(c) for c in frame.columns]
    frame = frame[sorted(frame.columns)]
    indicator = meta.get("指标", "")
    row_units = {nm: unit_of(nm) for nm in frame.index if unit_of(nm)}
    unit = _stated_unit(meta, name)
    if not unit and row_units and len(set(row_units.values())) == 1 and len(row_units) == len(frame):
        unit = next(iter(row_units.values()))
    empty = [nm for nm in frame.index if frame.loc[nm].isna().all()]
    if empty:
        notes.append(f"row(s) with no values: {', '.join(map(str, empty))}")
    return NBSExport(database=meta.get("数据库", ""), indicator=indicator, unit=unit, frame=frame, notes=notes,
                     time=meta.get("时间", ""), encoding=encoding, row_units=row_units, source=name)


def check_plausible(export: NBSExport, unit: str | None = None) -> None:
    """Raise for a value outside the plausible range of its indicator (:mod:`.plausible`).

    A row is judged by its own label when that names an indicator (an export by indicator),
    else by the export's 指标 line (an export by region); in its own unit, else ``unit``, else the
    export's unit."""
    for nm in export.frame.index:
        label = strip_unit(str(nm)) if range_for(strip_unit(str(nm))) else export.indicator
        row_unit = export.row_units.get(nm) or unit or export.unit
        lines = {y: line for (r, y), line in export.lines.items() if r == nm}
        check_row(export.frame.loc[nm].to_dict(), label=label, unit=row_unit, source=export.source, row=str(nm),
                  lines=lines)


def read_nbs_export(path) -> NBSExport:
    """Read an NBS data export (CSV in UTF-8 with/without BOM or GBK, or .xlsx).

    Header lines "数据库：…", "指标：…", "时间：…"; a header row "地区,2024年,2023年,…" (or
    "指标,…"); one row per region or indicator; footer lines (注：…, 数据来源：…) ignored and listed
    in notes. An export with years down the first column (时间,指标1,指标2,…) is turned around.

    The unit is the one the export states: "指标：地区生产总值(亿元)", a line "单位：万元", or the
    "(亿元)" every row carries (two different stated units are an error). Raises IIEInputError
    (naming the file, row, year and line) for a cell that is not a finite number ("abc", "1e999"),
    a value outside the plausible range of its indicator (:mod:`.plausible`), a header year or
    row given twice.
    """
    path = Path(path)
    if not path.is_file():
        raise IIEInputError(ARG, f"{path}: file not found")
    name = path.name
    grid, encoding = _export_grid(path)
    notes: list[str] = []
    if encoding not in ("utf-8", "utf-8-sig", "xlsx"):
        notes.append(f"encoding {encoding.upper()} detected")
    header_row, transposed, meta = _find_header(grid, notes)
    if header_row is None:
        raise IIEInputError(ARG, f"{name}: no header row of years (e.g. 地区,2024年,2023年,…) — expected an NBS data "
                                 f"export: header lines 数据库：/指标：/时间：, then a row of years, then one row per "
                                 f"region or indicator. First rows: {first_rows(grid)}")
    header = [text(v) for v in grid[header_row]]
    index_name = header[0] or ("时间" if transposed else "指标")
    names, data, lines = _body(grid, header_row, notes, meta)
    where: dict = {}
    if transposed:
        frame = _transposed_frame(header, names, data, lines, index_name, name, where)
    else:
        frame = _wide_frame(header, names, data, lines, index_name, name, notes, where)
    export = _export(frame, meta, notes, encoding, name)
    export.lines = where
    check_plausible(export)
    return export
