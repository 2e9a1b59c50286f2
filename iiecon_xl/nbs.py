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
"""

from __future__ import annotations

import csv
import io as _io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from . import reference, units
from .errors import IIEInputError
from .inputs import INDUSTRY_COLUMNS, IOTable
from .model import SECTIONS

#: The argument every file error names (the command line calls the file FILE).
ARG = "FILE"

#: Rows below the sector rows: key → Chinese label of the NBS table.
ROW_LABELS: dict[str, str] = {
    "TII": "中间投入合计", "VA001": "劳动者报酬", "VA002": "生产税净额", "VA003": "固定资产折旧",
    "VA004": "营业盈余", "TVA": "增加值合计", "TI": "总投入",
}
VA_COMPONENTS = ("VA001", "VA002", "VA003", "VA004")

#: Columns right of the flow block: key → Chinese label of the NBS table (OTH = 其他, the NBS
#: balancing column, "ERR" in some files).
COL_LABELS: dict[str, str] = {
    "TIU": "中间使用合计", "FU101": "农村居民消费支出", "FU102": "城镇居民消费支出",
    "THC": "居民消费支出", "FU103": "政府消费支出", "TC": "最终消费支出",
    "FU201": "固定资本形成总额", "FU202": "存货变动", "GCF": "资本形成总额", "EX": "出口",
    "TFU": "最终使用合计", "IM": "进口", "OTH": "其他", "GO": "总产出",
}
_COL_CODE_ALIASES = {"ERR": "OTH", "OTHER": "OTH"}

_SHIPPED = ("2017_149", "2018_153", "2020_153")
_FOOTNOTE_RE = re.compile(r"^\s*[（(]?\s*(注|资料来源|数据来源|来源|说明|备注|Note|Source)", re.I)
_UNIT_RE = re.compile(r"单位\s*[:：]\s*([^\s,，;；)）]+)")
_YEAR_RE = re.compile(r"(\d{4})\s*年?")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_NUM_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?")
_DASHES = {"-", "--", "---", "—", "——", "–", "－"}
_MISSING = _DASHES | {"…", "……", "...", "..", "na", "n.a.", "nan"}


def _norm(text) -> str:
    """Text for matching: NFKC, lower case, without whitespace, punctuation and symbols
    (so 「电力、热力 生产和供应」 = 「电力，热力生产和供应」)."""
    s = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return "".join(ch for ch in s if unicodedata.category(ch)[0] not in "PSZC").lower()


def _synonyms(table: dict[str, list[str]]) -> dict[str, str]:
    out = {}
    for key, texts in table.items():
        for t in [key, *texts]:
            out[_norm(t)] = key
    return out


_ROW_TEXT = _synonyms({
    "TII": ["中间投入合计", "中间投入", "Total intermediate input", "Total intermediate inputs"],
    "VA001": ["劳动者报酬", "Compensation of employees"],
    "VA002": ["生产税净额", "Net taxes on production"],
    "VA003": ["固定资产折旧", "Depreciation of fixed assets"],
    "VA004": ["营业盈余", "Operating surplus"],
    "TVA": ["增加值合计", "增加值", "Total value-added", "Total value added"],
    "TI": ["总投入", "Total inputs", "Total input"],
})
_COL_TEXT = _synonyms({
    "TIU": ["中间使用合计"], "FU101": ["农村居民消费支出", "农村居民消费", "农村居民"],
    "FU102": ["城镇居民消费支出", "城镇居民消费", "城镇居民"], "THC": ["居民消费支出", "居民消费"],
    "FU103": ["政府消费支出", "政府消费"], "TC": ["最终消费支出", "最终消费"],
    "FU201": ["固定资本形成总额", "固定资本形成"], "FU202": ["存货变动", "存货增加"],
    "GCF": ["资本形成总额", "资本形成"], "EX": ["出口"], "TFU": ["最终使用合计"], "IM": ["进口"],
    "OTH": ["其他", "误差", "ERR"], "GO": ["总产出"],
})
#: Group headers whose 合计/小计 column is the group's total.
_GROUP_TOTAL = {_norm(k): v for k, v in {
    "中间使用": "TIU", "居民消费支出": "THC", "居民消费": "THC", "最终消费支出": "TC", "最终消费": "TC",
    "资本形成总额": "GCF", "资本形成": "GCF", "最终使用": "TFU"}.items()}
_TOTAL_WORDS = {_norm(t) for t in ("合计", "小计", "总计")}


# ============================================================================ results
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
    "--" or "…". unit: of the indicator line, else the unit all rows share, else ""."""

    database: str
    indicator: str
    unit: str
    frame: pd.DataFrame
    notes: list[str]
    time: str = ""
    encoding: str = ""
    row_units: dict[str, str] = field(default_factory=dict)


# ============================================================================ cells
def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and math.isnan(v))


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _parse_number(v, *, missing=None, counts: dict | None = None):
    """float of a cell; blank → ``missing``; None when the cell is not a number.

    Accepts numbers, numeric text with thousands separators (1,234.5), full-width digits,
    the Unicode minus; dashes read as ``missing`` as well (NBS prints "—" for nothing)."""
    if v is None:
        return missing
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float, np.integer, np.floating)):
        f = float(v)
        if math.isnan(f):
            return missing
        return f if math.isfinite(f) else None
    s = str(v).strip()
    if not s:
        return missing
    try:
        f = float(s)
    except ValueError:
        pass
    else:
        if math.isnan(f):
            return missing
        return f if math.isfinite(f) else None
    t = unicodedata.normalize("NFKC", s).replace("−", "-").replace("\u00a0", "").replace(" ", "").strip()
    if t in _DASHES or t.lower() in _MISSING:
        if counts is not None:
            counts["dash"] = counts.get("dash", 0) + 1
        return missing
    if _NUM_RE.fullmatch(t) and any(ch.isdigit() for ch in t):
        if counts is not None:
            counts["text"] = counts.get("text", 0) + 1
        return float(t.replace(",", ""))
    return None


def _code_of(v) -> int | None:
    """A sector code cell (1, 1.0, "1", "01", "001") as int, else None."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, np.integer)):
        return int(v) if 1 <= v <= 999 else None
    if isinstance(v, (float, np.floating)):
        return int(v) if float(v).is_integer() and 1 <= v <= 999 else None
    s = str(v).strip()
    return int(s) if re.fullmatch(r"\d{1,3}", s) and int(s) > 0 else None


def _code3(k: int) -> str:
    return f"{k:03d}"


def _col_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def _fmt(x: float) -> str:
    if x is None or not math.isfinite(x):
        return str(x)
    return f"{x:,.0f}" if abs(x) >= 1e5 or float(x).is_integer() else f"{x:,.4g}" if abs(x) < 1 else f"{x:,.2f}"


def _decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with/without BOM, UTF-16 with BOM, else GBK (read as GB18030)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gbk"
    except UnicodeDecodeError as e:
        raise IIEInputError(ARG, f"cannot decode the file as UTF-8 or GBK (byte {e.start}); "
                                 "save it as UTF-8 or GBK CSV") from None


def _csv_grid(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delim = "\t" if first.count("\t") > first.count(",") else ","
    return [row for row in csv.reader(_io.StringIO(text), delimiter=delim)]


def _pad(grid: list[list]) -> list[list]:
    width = max((len(r) for r in grid), default=0)
    # drop trailing columns that are empty everywhere
    while width and all(len(r) < width or _blank(r[width - 1]) for r in grid):
        width -= 1
    out = [list(r[:width]) + [None] * (width - len(r)) for r in grid]
    while out and all(_blank(v) for v in out[-1]):
        out.pop()
    return out


def _first_rows(grid, k: int = 5, w: int = 6) -> str:
    lines = []
    for r, row in enumerate(grid[:k]):
        cells = [_text(v) for v in row[:w]]
        more = " | …" if len(row) > w else ""
        lines.append(f"{r + 1}: " + " | ".join(c[:30] for c in cells) + more)
    return "; ".join(lines) if lines else "(the file is empty)"


def _xlsx_sheets(path: Path):
    """[(sheet name, grid, merged ranges (r0, c0, r1, c1) 0-based inclusive)] of a workbook."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, data_only=True)  # not read-only: merged cells are needed
    except Exception as e:  # noqa: BLE001 - any unreadable workbook is an input error
        raise IIEInputError(ARG, f"{path.name}: cannot open as an Excel workbook ({type(e).__name__}: {e})") from None
    out = []
    for ws in wb.worksheets:
        grid = _pad([list(r) for r in ws.iter_rows(values_only=True)])
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        out.append((ws.title, grid, merges))
    return out


# ============================================================================ raw table
@dataclass
class _Raw:
    """A table located in a file, cells still raw. where_*: the file position of a cell."""

    codes: list[str]
    names_zh: list[str]
    names_en: list[str] | None
    z: list[list]
    z_where: Callable[[int, int], str]
    rows: dict[str, tuple[list, Callable[[int], str]]]
    cols: dict[str, tuple[list, Callable[[int], str]]]
    notes: list[str]
    imp_z: list[list] | None = None
    imp_z_where: Callable[[int, int], str] | None = None
    imp_cols: dict[str, tuple[list, Callable[[int], str]]] = field(default_factory=dict)
    title: str = ""
    unit: str | None = None
    names_across: list[str] | None = None


def _row_key(texts) -> str | None:
    for t in texts:
        if _blank(t):
            continue
        k = _ROW_TEXT.get(_norm(t))
        if k:
            return k
    return None


def _col_code(text: str) -> str | None:
    t = text.strip().upper()
    t = _COL_CODE_ALIASES.get(t, t)
    return t if t in COL_LABELS else None


# ------------------------------------------------------------------ the CSV layout
def _read_csv_layout(grid: list[list], name: str) -> _Raw:
    header = [_text(h) for h in grid[0]]
    upper = [h.upper() for h in header]
    notes: list[str] = []
    ci = upper.index("CODE")
    zh = next((c for c, h in enumerate(upper) if h in ("DESCRIPTIONINCHINESE", "NAME_ZH") or "CHINESE" in h
               or header[c] in ("中文名称", "名称", "部门名称")), None)
    en = next((c for c, h in enumerate(upper) if h in ("DESCRIPTION", "NAME_EN")), None)
    og = next((c for c, h in enumerate(upper) if h == "ORIGIN"), None)
    if zh is None:
        raise IIEInputError(ARG, f"{name}: CSV layout without a column of Chinese sector names "
                                 f"(DescriptionInChinese); header: {', '.join(header[:8])} …")
    sector_cols = [(c, int(h)) for c, h in enumerate(header) if re.fullmatch(r"\d{1,3}", h)]
    nums = [k for _, k in sector_cols]
    if not nums or nums != list(range(1, len(nums) + 1)):
        bad = next((f"column {c + 1} is {header[c]!r} where {i + 1} was expected"
                    for i, (c, k) in enumerate(sector_cols) if k != i + 1), "no sector columns")
        raise IIEInputError(ARG, f"{name}: the sector columns are not numbered 1…n in order: {bad} (expected the "
                                 "CSV layout Code, Description, DescriptionInChinese, 001 … n, TIU, FU101 …, IM, GO; "
                                 f"header: {', '.join(header[:8])}{' …' if len(header) > 8 else ''})")
    n = len(nums)
    used = {ci, zh, en, og} | {c for c, _ in sector_cols}
    col_idx: dict[str, int] = {}
    for c, h in enumerate(header):
        if c in used:
            continue
        key = _col_code(h) or _COL_TEXT.get(_norm(h))
        if key and key not in col_idx:
            col_idx[key] = c
        elif any(not _blank(row[c]) for row in grid[1:] if c < len(row)) or h:
            notes.append(f"column {c + 1} ({h!r}) not understood, skipped")
    dom, imp, rows_idx = [], [], {}
    for r in range(1, len(grid)):
        row = grid[r]
        code = _text(row[ci]) if ci < len(row) else ""
        if re.fullmatch(r"\d{1,3}", code):
            origin = _norm(row[og]) if og is not None and og < len(row) else ""
            if origin in ("", "domestic", "国内", "国产", "d"):
                dom.append(r)
            elif origin in ("imports", "import", "imported", "进口", "m"):
                imp.append(r)
            else:
                raise IIEInputError(ARG, f"{name}: line {r + 1}, sector {code}: Origin {row[og]!r} is neither "
                                         "Domestic nor Imports")
            continue
        key = _ROW_TEXT.get(_norm(code)) or (_row_key([row[zh]]) if zh < len(row) else None)
        if key:
            if key in rows_idx:
                notes.append(f"line {r + 1}: a second {key} row ({ROW_LABELS[key]}), skipped")
            else:
                rows_idx[key] = r
        elif all(_blank(v) for v in row):
            continue
        elif _FOOTNOTE_RE.match(_text(row[0])):
            notes.append(f"line {r + 1}: footnote {_text(row[0])[:60]!r} ignored")
        else:
            label = " ".join(_text(v) for v in row[:3] if not _blank(v))
            notes.append(f"line {r + 1} ({label[:50]!r}) not understood, skipped")
    for block, rows in (("sector", dom), ("imported-product", imp)):
        if block == "imported-product" and not rows:
            continue
        got = [int(_text(grid[r][ci])) for r in rows]
        if got != nums:
            bad = next((f"line {rows[i] + 1} has code {_text(grid[rows[i]][ci])} where {i + 1:03d} was expected"
                        for i in range(min(len(got), n)) if got[i] != i + 1),
                       f"{len(got)} rows for {n} sector columns")
            raise IIEInputError(ARG, f"{name}: the {block} rows do not match the sector columns 1…{n}: {bad}")

    def cell(r, c):
        row = grid[r]
        return row[c] if c < len(row) else None

    zc = [c for c, _ in sector_cols]

    def where_z(rows):
        return lambda i, j: f"line {rows[i] + 1} of {name}"

    z = [[cell(r, c) for c in zc] for r in dom]
    raw = _Raw(codes=[_code3(k) for k in nums], names_zh=[_text(cell(r, zh)) for r in dom],
               names_en=[_text(cell(r, en)) for r in dom] if en is not None else None,
               z=z, z_where=where_z(dom),
               rows={k: ([cell(r, c) for c in zc], (lambda j, r=r: f"line {r + 1} of {name}"))
                     for k, r in rows_idx.items()},
               cols={k: ([cell(r, c) for r in dom], (lambda i, c=c: f"line {dom[i] + 1} of {name}"))
                     for k, c in col_idx.items()},
               notes=notes)
    if imp:
        raw.imp_z = [[cell(r, c) for c in zc] for r in imp]
        raw.imp_z_where = where_z(imp)
        raw.imp_cols = {k: ([cell(r, c) for r in imp], (lambda i, c=c: f"line {imp[i] + 1} of {name}"))
                        for k, c in col_idx.items()}
    return raw


# ------------------------------------------------------------------ the NBS table layout
def _runs(cells: list, blank_ok: Callable[[int], bool]) -> list[list[int]]:
    """Runs of positions whose cells hold the codes 1, 2, 3, … (blank positions allowed inside
    when ``blank_ok``)."""
    runs, cur, expect = [], None, 0
    for p, v in enumerate(cells):
        k = _code_of(v)
        if cur is not None and k == expect:
            cur.append(p)
            expect += 1
            continue
        if cur is not None and _blank(v) and blank_ok(p):
            continue
        if cur is not None:
            runs.append(cur)
            cur = None
        if k == 1:
            cur, expect = [p], 2
    if cur is not None:
        runs.append(cur)
    return runs


def _scan_nbs(grid: list[list], merges, ref: Callable[[int, int], str]) -> _Raw | str:
    """Locate the NBS table shape in a grid; a _Raw, or the reason it was not found."""
    if not grid:
        return "the sheet is empty"
    nrows, ncols = len(grid), len(grid[0])

    def row_blank(r):
        return all(_blank(v) for v in grid[r])

    best = None
    for c in range(min(4, ncols)):
        for run in _runs([grid[r][c] for r in range(nrows)], row_blank):
            if len(run) >= 2 and (best is None or len(run) > len(best[1])):
                best = (c, run)
    if best is None:
        return "no column of sector codes 1…n running down in the first four columns"
    code_col, zrows = best
    n, row0 = len(zrows), zrows[0]
    # a second block 1…n right below: imported products of a non-competitive-import table
    imp_rows = None
    for run in _runs([grid[r][code_col] for r in range(zrows[-1] + 1, nrows)], row_blank):
        first = zrows[-1] + 1 + run[0]
        if len(run) == n and all(row_blank(r) for r in range(zrows[-1] + 1, first)):
            imp_rows = [zrows[-1] + 1 + p for p in run]
        break
    # the names: the column (left of the flows) with the most Chinese text in the sector rows
    def text_count(c, pattern):
        return sum(1 for r in zrows if isinstance(grid[r][c], str) and pattern(grid[r][c]))

    left = [c for c in range(min(6, ncols)) if c != code_col]
    zh_counts = {c: text_count(c, lambda s: bool(_CJK_RE.search(s))) for c in left}
    name_col = max(zh_counts, key=lambda c: (zh_counts[c], -abs(c - code_col)), default=None)
    if name_col is None or zh_counts[name_col] < n / 2:
        return (f"sector codes 1…{n} run down column {_col_letter(code_col)} from row {row0 + 1}, "
                "but no column beside them holds the Chinese sector names")
    names = [_text(grid[r][name_col]) for r in zrows]
    # the codes (or the names) running across a header row above the sector rows
    zcols, code_row, across = None, None, "codes"
    start = max(code_col, name_col) + 1
    for r in range(row0 - 1, -1, -1):
        cells = grid[r][start:]
        for run in _runs(cells, lambda p: True):
            if len(run) == n:
                zcols, code_row = [start + p for p in run], r
                break
        if zcols:
            break
    if zcols is None:
        target = [_norm(x) for x in names]
        for r in range(row0 - 1, -1, -1):
            texts = [_norm(v) for v in grid[r]]
            hits = [c for c in range(start, ncols) if texts[c]]
            for k, c in enumerate(hits):
                if texts[c] == target[0] and [texts[x] for x in hits[k:k + n]] == target:
                    zcols, code_row, across = hits[k:k + n], r, "names (no codes)"
                    break
            if zcols:
                break
    if zcols is None:
        return (f"sector codes 1…{n} run down column {_col_letter(code_col)} from row {row0 + 1}, but no header "
                f"row above them has the codes 1…{n} (or the sector names) running across")
    notes: list[str] = []
    all_rows = zrows + (imp_rows or [])
    gaps = [c for c in range(zcols[0], zcols[-1] + 1) if c not in set(zcols)]
    for c in gaps:
        if any(not _blank(grid[r][c]) for r in all_rows):
            notes.append(f"column {_col_letter(c)} inside the flow block has values but no sector code; skipped")
        else:
            notes.append(f"column {_col_letter(c)} inside the flow block is empty; skipped")
    # header texts, merged cells filled in (header rows only)
    hdr = [list(grid[r]) for r in range(row0)]
    for r0, c0, r1, c1 in merges:
        if r0 < row0 and 0 <= r0 < len(hdr) and c0 < ncols:
            v = grid[r0][c0]
            for rr in range(r0, min(r1, row0 - 1) + 1):
                for cc in range(c0, min(c1, ncols - 1) + 1):
                    hdr[rr][cc] = v
    # blank header cells under the same parent as their left neighbour continue its text (headers
    # "centred across" cells, or a CSV saved from a workbook, carry no merge information)
    empty_col = [all(_blank(grid[r][c]) for r in range(nrows)) for c in range(ncols)]
    for r in range(row0):
        for c in range(1, ncols):
            if _blank(hdr[r][c]) and not empty_col[c] and not _blank(hdr[r][c - 1]) \
                    and (r == 0 or _text(hdr[r - 1][c]) == _text(hdr[r - 1][c - 1])):
                hdr[r][c] = hdr[r][c - 1]
    title, unit = "", None
    for r in range(row0):
        for v in grid[r]:
            if isinstance(v, str):
                m = _UNIT_RE.search(v)
                if m and unit is None:
                    unit = m.group(1)
                if not title and ("投入产出" in v or re.search(r"\d{4}\s*年", v)) and not _UNIT_RE.match(v.strip()):
                    title = v.strip()

    def header_path(c) -> list[str]:
        path = []
        for r in range(row0):
            t = _text(hdr[r][c])
            if not t or "投入产出" in t or _UNIT_RE.search(t) or re.fullmatch(r"[\d.]+", t):
                continue
            if not path or path[-1] != t:
                path.append(t)
        return path

    def col_key(path: list[str]) -> str | None:
        for i in range(len(path) - 1, -1, -1):
            t = path[i]
            code = _col_code(t)
            if code:
                return code
            nt = _norm(t)
            if nt in _TOTAL_WORDS:
                for up in reversed(path[:i]):
                    g = _GROUP_TOTAL.get(_norm(up))
                    if g:
                        return g
                return None
            return _COL_TEXT.get(nt)
        return None

    last_used = max((c for c in range(ncols) if any(not _blank(grid[r][c]) for r in range(nrows))), default=0)
    cols: dict[str, int] = {}
    for c in range(zcols[-1] + 1, last_used + 1):
        path = header_path(c)
        data_blank = all(_blank(grid[r][c]) for r in all_rows)
        label = " / ".join(path)
        if not path and data_blank:
            notes.append(f"column {_col_letter(c)} is empty; skipped")
            continue
        key = col_key(path)
        if key is None:
            notes.append(f"column {_col_letter(c)} (header {label or 'blank'!r}) not understood; skipped")
        elif key in cols:
            notes.append(f"column {_col_letter(c)} (header {label!r}) repeats {key} ({COL_LABELS[key]}) of column "
                         f"{_col_letter(cols[key])}; skipped")
        else:
            cols[key] = c
    for c in range(zcols[0]):
        if c in (code_col, name_col):
            continue
        if all(_blank(grid[r][c]) for r in all_rows):
            if all(_blank(grid[r][c]) for r in range(nrows)):
                notes.append(f"column {_col_letter(c)} is empty; skipped")
            continue
        if text_count(c, lambda s: bool(re.search(r"[A-Za-z]", s)) and not _CJK_RE.search(s)) < n / 2:
            notes.append(f"column {_col_letter(c)} beside the sector names not understood; skipped")
    en_counts = {c: text_count(c, lambda s: bool(re.search(r"[A-Za-z]", s)) and not _CJK_RE.search(s))
                 for c in range(zcols[0]) if c not in (code_col, name_col)}
    en_col = max(en_counts, key=en_counts.get, default=None)
    if en_col is not None and en_counts[en_col] < n / 2:
        en_col = None
    # rows below the sector rows
    rows: dict[str, int] = {}
    end = (imp_rows or zrows)[-1]
    for r in range(end + 1, nrows):
        left_cells = [grid[r][c] for c in range(zcols[0])]
        key = _row_key(left_cells)
        if key:
            if key in rows:
                notes.append(f"row {r + 1}: a second {key} row ({ROW_LABELS[key]}); skipped")
            else:
                rows[key] = r
            continue
        if row_blank(r):
            continue
        texts = [_text(v) for v in grid[r] if not _blank(v)]
        numeric = any(_parse_number(v) is not None and not isinstance(v, str) for v in grid[r])
        if texts and _FOOTNOTE_RE.match(texts[0]) and not numeric:
            notes.append(f"row {r + 1}: footnote {texts[0][:60]!r} ignored")
        else:
            label = next((_text(v) for v in left_cells if not _blank(v)), texts[0] if texts else "")
            notes.append(f"row {r + 1} ({label[:50]!r}) not understood; skipped")
    for r in range(row0, end + 1):
        if r not in set(all_rows) and not row_blank(r):
            notes.append(f"row {r + 1} inside the sector rows has no sector code; skipped")
    names_across, best_hits = None, 0
    target = [_norm(x) for x in names]
    for r in range(row0):
        texts = [_norm(grid[r][c]) for c in zcols]
        hits = sum(1 for a, b in zip(texts, target) if a == b)
        if hits > max(best_hits, n / 2):
            names_across, best_hits = [_text(grid[r][c]) for c in zcols], hits

    def where(rr):
        return lambda i, j: f"cell {ref(rr[i], zcols[j])}"

    raw = _Raw(codes=[_code3(k) for k in range(1, n + 1)], names_zh=names,
               names_en=[_text(grid[r][en_col]) for r in zrows] if en_col is not None else None,
               z=[[grid[r][c] for c in zcols] for r in zrows], z_where=where(zrows),
               rows={k: ([grid[r][c] for c in zcols], (lambda j, r=r: f"cell {ref(r, zcols[j])}"))
                     for k, r in rows.items()},
               cols={k: ([grid[r][c] for r in zrows], (lambda i, c=c: f"cell {ref(zrows[i], c)}"))
                     for k, c in cols.items()},
               notes=notes, title=title, unit=unit, names_across=names_across)
    if imp_rows:
        raw.imp_z = [[grid[r][c] for c in zcols] for r in imp_rows]
        raw.imp_z_where = where(imp_rows)
        raw.imp_cols = {k: ([grid[r][c] for r in imp_rows], (lambda i, c=c: f"cell {ref(imp_rows[i], c)}"))
                        for k, c in cols.items()}
    raw.notes.insert(0, f"sector codes 1…{n} down column {_col_letter(code_col)} (rows {row0 + 1}–{zrows[-1] + 1}), "
                        f"names in column {_col_letter(name_col)}, {across} across row {code_row + 1} "
                        f"(columns {_col_letter(zcols[0])}–{_col_letter(zcols[-1])})")
    return raw


# ============================================================================ assembling
def _sections_for(codes, names, override, year_hint: str):
    """(sections, English names or None each, table key, notes); raises for unmapped sectors."""
    n = len(codes)
    notes: list[str] = []
    nn = [_norm(x) for x in names]
    candidates = []
    for key in _SHIPPED:
        ref = reference.sectors(key)
        if len(ref) == n and list(ref.index) == codes and [_norm(x) for x in ref["name_zh"]] == nn:
            candidates.append(key)
    table = ""
    if candidates:
        years = re.findall(r"(20\d\d)", year_hint)
        table = next((k for y in years for k in candidates if k.startswith(y)), candidates[0])
        if len(candidates) > 1 and not any(table.startswith(y) for y in years):
            notes.append(f"the sectors match the shipped lists {', '.join(candidates)} (identical); "
                         f"no year in the title or file name, {table} taken")
        ref = reference.sectors(table)
        sec = list(ref["section"])
        en = list(ref["name_en"])
        if any(a != b for a, b in zip(ref["name_zh"], names)):
            notes.append(f"sector names differ from the shipped list {table} in spacing or punctuation only")
    else:
        by_code_name, by_name = {}, {}
        for key in _SHIPPED:
            ref = reference.sectors(key)
            for code, row in ref.iterrows():
                by_code_name.setdefault((code, _norm(row["name_zh"])), (row["section"], row["name_en"]))
                prev = by_name.get(_norm(row["name_zh"]))
                if prev is not None and prev[0] != row["section"]:
                    by_name[_norm(row["name_zh"])] = (None, None)
                elif prev is None:
                    by_name[_norm(row["name_zh"])] = (row["section"], row["name_en"])
        sec, en, k_code, k_name = [], [], 0, 0
        for code, x in zip(codes, nn):
            hit = by_code_name.get((code, x))
            if hit:
                k_code += 1
            else:
                hit = by_name.get(x)
                if hit and hit[0]:
                    k_name += 1
            sec.append(hit[0] if hit else None)
            en.append(hit[1] if hit else None)
        best = max(_SHIPPED, key=lambda k: sum(1 for c, x in zip(codes, nn) if (c, x) in {
            (cc, _norm(v)) for cc, v in reference.sectors(k)["name_zh"].items()}))
        notes.append(f"no shipped sector list ({', '.join(_SHIPPED)}) has these {n} codes and names; sections "
                     f"found for {k_code} sector(s) by code and name and {k_name} by name alone"
                     f" (closest list: {best})")
    if override:
        by_name_here = {_norm(x): c for c, x in zip(codes, names)}
        unknown, bad, given = [], [], 0
        for k, letter in override.items():
            ks = _text(k)
            code = _code3(int(ks)) if re.fullmatch(r"\d{1,3}", ks) else by_name_here.get(_norm(ks))
            if code not in codes:
                unknown.append(ks)
                continue
            letter = _text(letter).upper()
            if letter not in SECTIONS:
                bad.append(f"{ks}: {letter!r}")
                continue
            sec[codes.index(code)] = letter
            given += 1
        if unknown:
            raise IIEInputError("sections", f"sector code(s) {', '.join(unknown)} are not in the table "
                                            f"(codes {codes[0]}…{codes[-1]})")
        if bad:
            raise IIEInputError("sections", f"not a section letter A–S: {', '.join(bad)}")
        notes.append(f"sections of {given} sector(s) given by sections=")
    missing = [f"{c} {x}" for c, x, s in zip(codes, names, sec) if not s]
    if missing:
        shown = ", ".join(missing[:60]) + (f", … ({len(missing)} in all)" if len(missing) > 60 else "")
        raise IIEInputError("sections", f"{len(missing)} sector(s) match no shipped classification "
                                        f"({', '.join(_SHIPPED)}) by code and Chinese name, nor by name alone: "
                                        f"{shown}; give their GB/T 4754 sections (letters A–S) with "
                                        "sections={code: letter}")
    return sec, en, table, notes


def _quantum(values: np.ndarray) -> float:
    """The rounding step of the table's numbers (1, 0.1, …) or 0 when they are not rounded."""
    v = values[np.isfinite(values) & (values != 0)]
    if v.size == 0:
        return 0.0
    for q in (1.0, 0.1, 0.01, 0.001):
        if np.all(np.abs(v / q - np.round(v / q)) < 1e-6):
            return q
    return 0.0


def _assemble(raw: _Raw, name: str, layout: str, *, unit, sections, strict: bool, rtol: float) -> ImportedIO:
    notes = raw.notes
    codes, names = raw.codes, raw.names_zh
    n = len(codes)
    counts: dict[str, int] = {}

    def label_row(i):
        return f"row {codes[i]} ({names[i]})"

    def matrix(cells, where, what) -> np.ndarray:
        out = np.zeros((n, n))
        for i, row in enumerate(cells):
            for j, v in enumerate(row):
                f = _parse_number(v, missing=0.0, counts=counts)
                if f is None:
                    raise IIEInputError(ARG, f"{what}{label_row(i)}, column {codes[j]}: {_text(v)!r} is not a number "
                                             f"({where(i, j)})")
                out[i, j] = f
        return out

    def vector(cells, where, msg) -> np.ndarray:
        out = np.zeros(n)
        for k, v in enumerate(cells):
            f = _parse_number(v, missing=0.0, counts=counts)
            if f is None:
                raise IIEInputError(ARG, f"{msg(k)}: {_text(v)!r} is not a number ({where(k)})")
            out[k] = f
        return out

    Z = matrix(raw.z, raw.z_where, "")
    rows = {k: vector(cells, where, lambda j, k=k: f"row {k} ({ROW_LABELS[k]}), column {codes[j]}")
            for k, (cells, where) in raw.rows.items()}
    cols = {k: vector(cells, where, lambda i, k=k: f"{label_row(i)}, column {k} ({COL_LABELS[k]})")
            for k, (cells, where) in raw.cols.items()}
    Zm = None
    if raw.imp_z is not None:
        Zm = matrix(raw.imp_z, raw.imp_z_where, "imported products ")
        imp_cols = {k: vector(cells, where, lambda i, k=k: f"imported products {label_row(i)}, column {k}")
                    for k, (cells, where) in raw.imp_cols.items()}
        for k, v in imp_cols.items():
            if k == "GO":
                if "IM" not in cols:
                    cols["IM"] = v
            elif k != "IM":
                cols[k] = cols[k] + v
        Z = Z + Zm
        notes.append("non-competitive-import table: Z = domestic + imported intermediate flows (competitive form, "
                     "as in the 149/153-sector tables); the imported block is kept in imported_Z; final uses = "
                     "domestic + imported; IM = the imported products' total")
    if counts.get("text"):
        notes.append(f"{counts['text']} number(s) stored as text were read as numbers")
    if counts.get("dash"):
        notes.append(f"{counts['dash']} cell(s) holding a dash ('-', '—') were read as 0")
    missing_rows = [f"{k} ({ROW_LABELS[k]})" for k in ROW_LABELS if k not in rows]
    if missing_rows:
        notes.append(f"rows not found: {', '.join(missing_rows)}")
    # totals
    if "TI" in rows:
        X = rows["TI"]
    elif "GO" in cols:
        X = cols["GO"]
        notes.append("no 总投入 (TI) row: total input X taken from the 总产出 (GO) column")
    else:
        raise IIEInputError(ARG, f"{name}: neither a 总投入 (TI) row nor a 总产出 (GO) column was found below / "
                                 "right of the flows, so total input X is unknown")
    if "TVA" in rows:
        V = rows["TVA"]
    elif all(k in rows for k in VA_COMPONENTS):
        V = sum(rows[k] for k in VA_COMPONENTS)
        notes.append("no 增加值合计 (TVA) row: value added = VA001 + VA002 + VA003 + VA004")
    elif "TII" in rows:
        V = X - rows["TII"]
        notes.append("no value-added rows: value added V = total input − total intermediate input")
    else:
        V = None
        notes.append("no value-added rows and no 中间投入合计 row: V left out (the model will use X − column sums of Z)")
    # identities
    all_values = np.concatenate([Z.ravel()] + list(rows.values()) + list(cols.values()))
    q = _quantum(all_values)
    if q:
        notes.append(f"the numbers are rounded to {q:g}: identities allow {q / 2:g} per summed term")
    checks: dict[str, float] = {}
    violations: list[str] = []

    def check(name_: str, lhs, rhs, terms: int, describe):
        lhs, rhs = np.asarray(lhs, float), np.asarray(rhs, float)
        dev = np.abs(lhs - rhs)
        scale = np.maximum(np.abs(lhs), np.abs(rhs))
        rel = np.where(scale > 0, dev / np.where(scale > 0, scale, 1), 0.0)
        checks[name_] = float(rel.max()) if rel.size else 0.0
        bad = np.nonzero(dev > rtol * scale + q / 2 * terms + 1e-12)[0]
        if bad.size:
            worst = bad[np.argsort(-rel[bad])]
            for i in worst[:3]:
                violations.append(describe(i) + f" (difference {_fmt(float(lhs[i] - rhs[i]))})")
            if bad.size > 3:
                violations.append(f"{name_}: {bad.size - 3} more sector(s) break it")

    def sec(i):
        return f"sector {codes[i]} ({names[i]})"

    colsum = Z.sum(axis=0)
    if "TII" in rows and "TVA" in rows:
        tii, tva, ti = rows["TII"], rows["TVA"], X
        check("TI = TII + TVA", ti, tii + tva, 2,
              lambda i: f"TI: {sec(i)} total input {_fmt(ti[i])} ≠ intermediate {_fmt(tii[i])} + value added "
                        f"{_fmt(tva[i])}")
    else:
        notes.append("identity TI = TII + TVA not checked (row missing)")
    if "TII" in rows:
        tii = rows["TII"]
        check("TII = column sums of Z", tii, colsum, n,
              lambda i: f"TII: {sec(i)} total intermediate input {_fmt(tii[i])} ≠ column sum of the flows "
                        f"{_fmt(colsum[i])}")
    if "GO" in cols and "TI" in rows:
        go, ti = cols["GO"], rows["TI"]
        check("TI = GO", ti, go, 1,
              lambda i: f"TI = GO: {sec(i)} total input {_fmt(ti[i])} (row TI) ≠ gross output {_fmt(go[i])} "
                        "(column GO)")
    if "TVA" in rows and all(k in rows for k in VA_COMPONENTS):
        tva, s = rows["TVA"], sum(rows[k] for k in VA_COMPONENTS)
        check("TVA = ΣVA", tva, s, 4,
              lambda i: f"TVA: {sec(i)} value added {_fmt(tva[i])} ≠ VA001 + VA002 + VA003 + VA004 = {_fmt(s[i])}")
    rowsum = Z.sum(axis=1)
    if "TIU" in cols:
        tiu = cols["TIU"]
        check("TIU = row sums of Z", tiu, rowsum, n,
              lambda i: f"TIU: {sec(i)} total intermediate use {_fmt(tiu[i])} ≠ row sum of the flows "
                        f"{_fmt(rowsum[i])}")

    def sub(total, parts):
        if total in cols and all(p in cols for p in parts):
            t, s = cols[total], sum(cols[p] for p in parts)
            check(f"{total} = {' + '.join(parts)}", t, s, len(parts),
                  lambda i: f"{total}: {sec(i)} {COL_LABELS[total]} {_fmt(t[i])} ≠ {' + '.join(parts)} = {_fmt(s[i])}")

    sub("THC", ["FU101", "FU102"])
    sub("TC", ["THC", "FU103"])
    sub("GCF", ["FU201", "FU202"])
    if "TFU" in cols:
        tc = ["TC"] if "TC" in cols else ["THC", "FU103"] if "THC" in cols and "FU103" in cols else None
        gcf = ["GCF"] if "GCF" in cols else ["FU201", "FU202"] if "FU201" in cols and "FU202" in cols else None
        if tc and gcf and "EX" in cols:
            sub("TFU", tc + gcf + ["EX"])
    if all(k in cols for k in ("GO", "TIU", "TFU")):
        go = cols["GO"]
        bal = cols["TIU"] + cols["TFU"] - cols.get("IM", 0.0) + cols.get("OTH", 0.0)
        lhs_name = "TIU + TFU" + (" − IM" if "IM" in cols else "") + (" + OTH" if "OTH" in cols else "")
        check(f"GO = {lhs_name}", go, bal, 4,
              lambda i: f"GO: {sec(i)} gross output {_fmt(go[i])} ≠ {lhs_name} = {_fmt(bal[i])}")
    if violations:
        if strict:
            raise IIEInputError(ARG, "; ".join(violations[:6]) + ("; …" if len(violations) > 6 else "")
                                + " — the table breaks its own identities (import with strict=False / --lenient "
                                "to record this as a note instead)")
        notes.extend(violations)
    if raw.names_across is not None:
        diff = [f"{c} {a!r} ≠ {b!r}" for c, a, b in zip(codes, raw.names_across, names) if _norm(a) != _norm(b)]
        if diff:
            notes.append(f"column headers differ from the row names for {len(diff)} sector(s): {'; '.join(diff[:5])}")
    zero = [c for c, x in zip(codes, X) if x == 0]
    if zero:
        notes.append(f"sector(s) with zero total input: {', '.join(zero)}")
    if (Z < 0).any():
        i, j = np.argwhere(Z < 0)[0]
        notes.append(f"{int((Z < 0).sum())} negative flow(s), e.g. row {codes[i]}, column {codes[j]}")
    # sections and names
    sec_letters, en_shipped, table, sec_notes = _sections_for(codes, names, sections, f"{raw.title} {name}")
    notes.extend(sec_notes)
    file_en = raw.names_en or [""] * n
    names_en = [e if e else f for e, f in zip(en_shipped, file_en)]
    if table and raw.names_en and any(a != b for a, b in zip(raw.names_en, names_en)):
        k = sum(1 for a, b in zip(raw.names_en, names_en) if a != b)
        notes.append(f"English names taken from the shipped list {table} ({k} differ from the file's, which are "
                     "not used)")
    # unit
    if unit is not None:
        if unit not in units.UNITS:
            raise IIEInputError("unit", f"unknown unit {unit!r}; one of {', '.join(units.UNITS)}")
        if raw.unit and raw.unit != unit:
            notes.append(f"the file says 单位：{raw.unit}; unit={unit} given overrides it (values not converted)")
        the_unit = unit
    elif raw.unit:
        if raw.unit not in units.UNITS:
            raise IIEInputError(ARG, f"{name}: unit {raw.unit!r} is not one of {', '.join(units.UNITS)}; "
                                     "give the unit with unit=")
        the_unit = raw.unit
    else:
        the_unit = "万元"
        notes.append("unit not stated in the file: 万元 assumed (as in the NBS tables); override with unit=")
    idx = pd.Index(codes, name="code")
    sectors = pd.DataFrame({"name_zh": names, "name_en": names_en, "section": sec_letters}, index=idx)
    io = IOTable(sectors=sectors, Z=pd.DataFrame(Z, index=idx, columns=list(codes)),
                 X=pd.Series(X, index=idx, name="X"), V=None if V is None else pd.Series(V, index=idx, name="V"),
                 unit=the_unit)
    fu_keys = [k for k in COL_LABELS if k in cols]
    final_use = pd.DataFrame({k: cols[k] for k in fu_keys}, index=idx, columns=fu_keys)
    va_keys = [k for k in (*VA_COMPONENTS, "TVA") if k in rows]
    va = pd.DataFrame({k: rows[k] for k in va_keys}, index=idx, columns=va_keys)
    labels = {k: COL_LABELS[k] for k in fu_keys} | {k: ROW_LABELS[k] for k in rows}
    return ImportedIO(io=io, final_use=final_use, value_added_rows=va, layout=layout, table=table, notes=notes,
                      checks=checks, labels=labels, title=raw.title,
                      imported_Z=None if Zm is None else pd.DataFrame(Zm, index=idx, columns=list(codes)))


_EXPECTED = ("expected either the CSV layout (a header row Code, Description, DescriptionInChinese, then the "
             "sector codes 001…n, TIU, FU101…, IM, GO; rows 001…n, TII, VA001–VA004, TVA, TI) or the NBS table "
             "layout (a column of sector codes 1…n running down with the Chinese names beside it, the same codes "
             "running across a header row, then rows 中间投入合计 … 增加值合计, 总投入)")


def read_io_table(path, *, unit: str | None = None, sections: dict | None = None, strict: bool = True,
                  rtol: float = 1e-6) -> ImportedIO:
    """Read an NBS input-output table of any size n (CSV layout or NBS Excel layout, detected).

    unit: the unit of the file's numbers when the file does not say it (CSV layout: 万元 assumed)
        or says it wrongly; values are not converted.
    sections: {sector code (or Chinese name): section letter} for sectors that no shipped
        classification knows, or to override the shipped mapping.
    strict: a broken identity raises IIEInputError (default); False records it in notes.
    rtol: relative tolerance of the identities (plus half the rounding step per summed term when
        the file's numbers are rounded).
    """
    path = Path(path)
    if not path.is_file():
        raise IIEInputError(ARG, f"{path}: file not found")
    name = path.name
    head = path.open("rb").read(8)
    ext = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0") or ext == ".xls":
        raise IIEInputError(ARG, f"{name}: an Excel 97–2003 .xls workbook is not read; open it in Excel or WPS and "
                                 "save it as .xlsx (or CSV)")
    if head.startswith(b"PK\x03\x04") or ext in (".xlsx", ".xlsm"):
        sheets = _xlsx_sheets(path)
        reasons = []
        for k, (title, grid, merges) in enumerate(sheets):
            prefix = f"{title}!" if len(sheets) > 1 else ""
            found = _scan_nbs(grid, merges, lambda r, c, p=prefix: f"{p}{_col_letter(c)}{r + 1}")
            if isinstance(found, _Raw):
                others = [t for t, _, _ in sheets if t != title]
                if others:
                    found.notes.append(f"sheet {title!r} read; other sheet(s) {', '.join(map(repr, others))} ignored")
                return _assemble(found, name, "nbs-excel", unit=unit, sections=sections, strict=strict, rtol=rtol)
            reasons.append(f"sheet {title!r}: {found}; first rows: {_first_rows(grid)}")
        raise IIEInputError(ARG, f"{name}: layout not recognised — {_EXPECTED}. Found: " + " || ".join(reasons or
                                                                                                       ["no sheets"]))
    text, encoding = _decode(path.read_bytes())
    grid = _pad(_csv_grid(text))
    if grid and any(_text(v).upper() == "CODE" for v in grid[0]):
        raw = _read_csv_layout(grid, name)
        if encoding not in ("utf-8", "utf-8-sig"):
            raw.notes.append(f"encoding {encoding}")
        return _assemble(raw, name, "csv", unit=unit, sections=sections, strict=strict, rtol=rtol)
    found = _scan_nbs(grid, [], lambda r, c: f"line {r + 1}, field {c + 1}")
    if isinstance(found, _Raw):
        return _assemble(found, name, "nbs-csv", unit=unit, sections=sections, strict=strict, rtol=rtol)
    raise IIEInputError(ARG, f"{name}: layout not recognised — {_EXPECTED}. Found: {found}; first rows: "
                             f"{_first_rows(grid)}")


# ============================================================================ data exports
_META_RE = re.compile(r"^\s*(数据库|指标|时间|地区|单位|频度)\s*[:：]\s*(.*?)\s*$")
_UNIT_PAREN_RE = re.compile(r"[（(]\s*([^()（）]+?)\s*[)）]\s*$")


def _year_of(v) -> int | None:
    if isinstance(v, (int, np.integer)) and 1900 <= v <= 2200:
        return int(v)
    if isinstance(v, float) and v.is_integer() and 1900 <= v <= 2200:
        return int(v)
    m = _YEAR_RE.fullmatch(_text(v))
    return int(m.group(1)) if m else None


def _unit_of(text: str) -> str:
    m = _UNIT_PAREN_RE.search(text or "")
    return m.group(1) if m else ""


def _strip_unit(text: str) -> str:
    return _UNIT_PAREN_RE.sub("", text or "").strip()


def read_nbs_export(path) -> NBSExport:
    """Read an NBS data export (CSV in UTF-8 with/without BOM or GBK, or .xlsx).

    Header lines "数据库：…", "指标：…", "时间：…"; a header row "地区,2024年,2023年,…" (or
    "指标,…"); one row per region or indicator; footer lines (注：…, 数据来源：…) ignored and listed
    in notes. An export with years down the first column (时间,指标1,指标2,…) is turned around.
    """
    path = Path(path)
    if not path.is_file():
        raise IIEInputError(ARG, f"{path}: file not found")
    name = path.name
    head = path.open("rb").read(8)
    encoding = ""
    if head.startswith(b"PK\x03\x04"):
        sheets = [s for s in _xlsx_sheets(path) if s[1]]
        if not sheets:
            raise IIEInputError(ARG, f"{name}: the workbook is empty")
        grid = sheets[0][1]
        encoding = "xlsx"
    else:
        text, encoding = _decode(path.read_bytes())
        grid = _pad(_csv_grid(text))
    notes: list[str] = []
    if encoding not in ("utf-8", "utf-8-sig", "xlsx"):
        notes.append(f"encoding {encoding.upper()} detected")
    meta: dict[str, str] = {}
    header_row, transposed = None, False
    for r, row in enumerate(grid):
        cells = [_text(v) for v in row]
        if not any(cells):
            continue
        rest = [c for c in row[1:] if not _blank(c)]
        n_years = sum(1 for c in rest if _year_of(c) is not None)
        if rest and n_years and n_years >= len(rest) / 2:
            header_row = r
            break
        m = _META_RE.match(cells[0])
        if m and not any(cells[1:]):
            meta[m.group(1)] = m.group(2)
            continue
        nxt = next((g for g in grid[r + 1:] if any(not _blank(v) for v in g)), None)
        if cells[0] and _year_of(cells[0]) is None and nxt is not None and _year_of(nxt[0]) is not None \
                and sum(1 for c in cells[1:] if c) >= 1:
            header_row, transposed = r, True
            break
        notes.append(f"line {r + 1} ({cells[0][:40]!r}) before the table not understood; skipped")
    if header_row is None:
        raise IIEInputError(ARG, f"{name}: no header row of years (e.g. 地区,2024年,2023年,…) — expected an NBS data "
                                 f"export: header lines 数据库：/指标：/时间：, then a row of years, then one row per "
                                 f"region or indicator. First rows: {_first_rows(grid)}")
    header = [_text(v) for v in grid[header_row]]
    index_name = header[0] or ("时间" if transposed else "指标")
    names, data, lines = [], [], []
    footnotes = []
    for r in range(header_row + 1, len(grid)):
        row = grid[r]
        cells = [_text(v) for v in row]
        if not any(cells):
            continue
        if _FOOTNOTE_RE.match(cells[0]) and (not any(cells[1:]) or cells[0].startswith(("注", "数据来源"))):
            footnotes.append(cells[0])
            notes.append(f"line {r + 1}: footnote {cells[0][:60]!r} ignored")
            continue
        names.append(cells[0])
        data.append(row[1:])
        lines.append(r + 1)
    if transposed:
        years = [_year_of(x) for x in names]
        bad = [x for x, y in zip(names, years) if y is None]
        if bad:
            raise IIEInputError(ARG, f"{name}: {bad[0]!r} (first column) is not a year")
        col_names = header[1:]
        rows_out = {}
        for j, col in enumerate(col_names):
            if not col:
                continue
            rows_out[col] = {}
            for y, vals, line in zip(years, data, lines):
                v = vals[j] if j < len(vals) else None
                f = _parse_number(v, missing=float("nan"))
                if f is None:
                    raise IIEInputError(ARG, f"row {col!r}, year {y}: {_text(v)!r} is not a number (line {line} of "
                                             f"{name})")
                rows_out[col][y] = f
        frame = pd.DataFrame(rows_out).T
        frame.index.name = "指标" if index_name in ("时间", "年份", "年度") else index_name
    else:
        years = []
        for j, h in enumerate(header[1:], start=2):
            if not h:
                years.append(None)
                continue
            y = _year_of(h)
            if y is None:
                raise IIEInputError(ARG, f"{name}: column {j} header {h!r} is not a year; only annual exports are read")
            years.append(y)
        ys = [y for y in years if y is not None]
        if len(set(ys)) != len(ys):
            dup = next(y for y in ys if ys.count(y) > 1)
            raise IIEInputError(ARG, f"{name}: year {dup} appears twice in the header row")
        seen: dict[str, int] = {}
        rows_out = []
        for nm, vals, line in zip(names, data, lines):
            if nm in seen:
                raise IIEInputError(ARG, f"{name}: row {nm!r} appears twice (lines {seen[nm]} and {line})")
            seen[nm] = line
            rec = {}
            for j, y in enumerate(years):
                v = vals[j] if j < len(vals) else None
                if y is None:
                    if not _blank(v):
                        notes.append(f"line {line}: value {_text(v)!r} under a blank header ignored")
                    continue
                f = _parse_number(v, missing=float("nan"))
                if f is None:
                    raise IIEInputError(ARG, f"row {nm!r}, column {header[j + 1]}: {_text(v)!r} is not a number "
                                             f"(line {line} of {name})")
                rec[y] = f
            rows_out.append(rec)
        frame = pd.DataFrame(rows_out, index=pd.Index(names, name=index_name), columns=ys)
    frame = frame.astype(float)
    frame.columns = [int(c) for c in frame.columns]
    frame = frame[sorted(frame.columns)]
    indicator = meta.get("指标", "")
    row_units = {nm: _unit_of(nm) for nm in frame.index if _unit_of(nm)}
    unit = _unit_of(indicator) or meta.get("单位", "")
    if not unit and row_units and len(set(row_units.values())) == 1 and len(row_units) == len(frame):
        unit = next(iter(row_units.values()))
    empty = [nm for nm in frame.index if frame.loc[nm].isna().all()]
    if empty:
        notes.append(f"row(s) with no values: {', '.join(map(str, empty))}")
    return NBSExport(database=meta.get("数据库", ""), indicator=indicator, unit=unit, frame=frame, notes=notes,
                     time=meta.get("时间", ""), encoding=encoding, row_units=row_units)


_INDUSTRY_ROWS = {"primary": ("第一产业增加值", "第一产业", "primaryindustry"),
                  "secondary": ("第二产业增加值", "第二产业", "secondaryindustry"),
                  "tertiary": ("第三产业增加值", "第三产业", "tertiaryindustry")}


def national_gdp_by_industry(export: NBSExport, *, unit: str | None = None) -> pd.DataFrame:
    """Primary / secondary / tertiary value added by year from an NBS export's indicator rows
    第一产业增加值 / 第二产业增加值 / 第三产业增加值 (with or without "(亿元)").

    Index ``year`` ascending; columns primary, secondary, tertiary; ``attrs["unit"]`` = the unit of
    the rows (or ``unit`` when given: the values are converted to it); ``attrs["notes"]``.
    """
    frame = export.frame
    found: dict[str, str] = {}
    for nm in frame.index:
        key = _norm(_strip_unit(str(nm)))
        for col, texts in _INDUSTRY_ROWS.items():
            if key in {_norm(t) for t in texts}:
                if col in found:
                    raise IIEInputError(ARG, f"rows {found[col]!r} and {nm!r} both give {texts[0]}")
                found[col] = nm
    missing = [texts[0] for col, texts in _INDUSTRY_ROWS.items() if col not in found]
    if missing:
        raise IIEInputError(ARG, f"no row for {', '.join(missing)} (the export's rows: "
                                 f"{', '.join(map(str, frame.index[:12]))}); export 第一/第二/第三产业增加值 by year")
    row_units = {col: _unit_of(str(found[col])) or export.unit for col in INDUSTRY_COLUMNS}
    stated = set(row_units.values()) - {""}
    if len(stated) > 1:
        raise IIEInputError(ARG, "the three industries are in different units: "
                                 + ", ".join(f"{found[c]}" for c in INDUSTRY_COLUMNS))
    src = next(iter(stated), "")
    notes = [f"row {found[c]!r} states no unit; taken as {src}" for c in INDUSTRY_COLUMNS
             if src and not row_units[c]]
    out = pd.DataFrame({col: frame.loc[found[col]].to_numpy(dtype=float) for col in INDUSTRY_COLUMNS},
                       index=pd.Index([int(y) for y in frame.columns], name="year"))
    if unit is not None:
        if not src:
            raise IIEInputError(ARG, "the export does not state its unit, so it cannot be converted; "
                                     "read it without unit=")
        out = out * units.factor(src, unit)
        notes.append(f"converted from {src} to {unit}")
        src = unit
    gaps = [int(y) for y in out.index if out.loc[y].isna().any()]
    if gaps:
        notes.append(f"years with missing values: {', '.join(map(str, gaps))}")
    out.attrs["unit"] = src
    out.attrs["notes"] = notes
    return out


def provinces_by_name(export: NBSExport) -> pd.DataFrame:
    """The export's region rows by GB/T 2260 province code (index ``province_code``, ascending;
    columns = years). Names match in full (北京市, 内蒙古自治区) and short (北京, 内蒙古) forms,
    also with padding spaces (北　京). Rows that match no province (全国, …) are left out and
    listed in ``attrs["notes"]``; two rows for one province raise IIEInputError."""
    frame = export.frame
    codes: dict[int, str] = {}
    keep, notes = [], []
    for nm in frame.index:
        text = "".join(ch for ch in unicodedata.normalize("NFKC", str(nm)) if not ch.isspace())
        text = text.rstrip("*＊")
        try:
            code = reference.province_code(text)
        except IIEInputError:
            notes.append(f"row {nm!r} matches no province; left out")
            continue
        if code in codes:
            raise IIEInputError(ARG, f"rows {codes[code]!r} and {nm!r} are both province {code} "
                                     f"({reference.provinces().at[code, 'name_zh']})")
        codes[code] = nm
        keep.append((code, nm))
    out = pd.DataFrame([frame.loc[nm].to_numpy(dtype=float) for _, nm in keep],
                       index=pd.Index([c for c, _ in keep], name="province_code"),
                       columns=list(frame.columns)).sort_index()
    absent = [reference.provinces().at[c, "name_zh"] for c in reference.provinces().index if c not in codes]
    if absent and codes:
        notes.append(f"province(s) not in the export: {', '.join(absent)}")
    out.attrs["unit"] = export.unit
    out.attrs["notes"] = notes
    return out
