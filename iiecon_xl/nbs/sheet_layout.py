"""The NBS table layout of the official workbooks (``.xlsx``/``.xlsm``, or a CSV saved from one).

A title row, a unit row (``单位：万元``), several Chinese header rows (投入\\产出, 中间使用, 最终使用,
进口, 总产出 …, sector names across, a row of sector codes), sector rows with the code and the
Chinese name in the first columns (either order, codes possibly numeric: ``1`` = ``01`` =
``001``), then the rows 中间投入合计, 劳动者报酬, 生产税净额, 固定资产折旧, 营业盈余, 增加值合计,
总投入. :func:`scan_nbs` finds that shape anywhere in a grid and says why when it does not.
"""

from __future__ import annotations

from typing import Callable

from ..xlsx import col_name
from .results import RawTable
from .sheet_grid import Block, Sheet, runs
from .sheet_headers import header_cells, title_and_unit, use_columns
from .sheet_rows import english_column, names_across, rows_below, unlabelled_rows
from .text import CJK_RE, code3, norm, text


def _codes_down(sh: Sheet) -> tuple[int, list[int]] | None:
    """(column, rows) of the longest run of codes 1…n down one of the first four columns."""
    best = None
    for c in range(min(4, sh.ncols)):
        for run in runs([sh.grid[r][c] for r in range(sh.nrows)], sh.row_blank):
            if len(run) >= 2 and (best is None or len(run) > len(best[1])):
                best = (c, run)
    return best


def _imported_rows(sh: Sheet, code_col: int, zrows: list[int]) -> list[int] | None:
    """A second block of codes 1…n right below the sector rows (imported products), else None."""
    start = zrows[-1] + 1
    # blank_ok receives the position in the slice: test the sheet row it stands for
    for run in runs([sh.grid[r][code_col] for r in range(start, sh.nrows)], lambda p: sh.row_blank(start + p)):
        first = start + run[0]
        if len(run) == len(zrows) and all(sh.row_blank(r) for r in range(start, first)):
            return [start + p for p in run]
        break
    return None


def _name_column(sh: Sheet, code_col: int, zrows: list[int]) -> int | None:
    """The column (of the first six, beside the codes) with the most Chinese text in the sector rows."""
    left = [c for c in range(min(6, sh.ncols)) if c != code_col]
    zh_counts = {c: sh.text_count(c, zrows, lambda s: bool(CJK_RE.search(s))) for c in left}
    name_col = max(zh_counts, key=lambda c: (zh_counts[c], -abs(c - code_col)), default=None)
    if name_col is None or zh_counts[name_col] < len(zrows) / 2:
        return None
    return name_col


def _codes_across(sh: Sheet, row0: int, start: int, n: int) -> tuple[list[int], int] | None:
    """(columns, row) of the codes 1…n running across the nearest header row above ``row0``."""
    for r in range(row0 - 1, -1, -1):
        for run in runs(sh.grid[r][start:], lambda p: True):
            if len(run) == n:
                return [start + p for p in run], r
    return None


def _names_across(sh: Sheet, row0: int, start: int, names: list[str]) -> tuple[list[int], int] | None:
    """(columns, row) of the sector names running across a header row (when there are no codes)."""
    n, target = len(names), [norm(x) for x in names]
    for r in range(row0 - 1, -1, -1):
        texts = [norm(v) for v in sh.grid[r]]
        hits = [c for c in range(start, sh.ncols) if texts[c]]
        for k, c in enumerate(hits):
            if texts[c] == target[0] and [texts[x] for x in hits[k:k + n]] == target:
                return hits[k:k + n], r
    return None


def _locate(sh: Sheet) -> Block | str:
    """The flow block of the sheet, or the reason it was not found."""
    best = _codes_down(sh)
    if best is None:
        return "no column of sector codes 1…n running down in the first four columns"
    code_col, zrows = best
    n, row0 = len(zrows), zrows[0]
    imp_rows = _imported_rows(sh, code_col, zrows)
    name_col = _name_column(sh, code_col, zrows)
    if name_col is None:
        return (f"sector codes 1…{n} run down column {col_name(code_col)} from row {row0 + 1}, "
                "but no column beside them holds the Chinese sector names")
    names = [text(sh.grid[r][name_col]) for r in zrows]
    start = max(code_col, name_col) + 1
    across, found = "codes", _codes_across(sh, row0, start, n)
    if found is None:
        across, found = "names (no codes)", _names_across(sh, row0, start, names)
    if found is None:
        return (f"sector codes 1…{n} run down column {col_name(code_col)} from row {row0 + 1}, but no header "
                f"row above them has the codes 1…{n} (or the sector names) running across")
    zcols, code_row = found
    return Block(code_col, zrows, imp_rows, name_col, names, zcols, code_row, across)


def _gap_notes(sh: Sheet, b: Block) -> list[str]:
    """Notes on the columns inside the flow block that carry no sector code."""
    notes = []
    inside = set(b.zcols)
    for c in range(b.zcols[0], b.zcols[-1] + 1):
        if c in inside:
            continue
        if not sh.col_blank(c, b.all_rows):
            notes.append(f"column {col_name(c)} inside the flow block has values but no sector code; skipped")
        else:
            notes.append(f"column {col_name(c)} inside the flow block is empty; skipped")
    return notes


def _summary(b: Block) -> str:
    return (f"sector codes 1…{b.n} down column {col_name(b.code_col)} (rows {b.row0 + 1}–{b.zrows[-1] + 1}), "
            f"names in column {col_name(b.name_col)}, {b.across} across row {b.code_row + 1} "
            f"(columns {col_name(b.zcols[0])}–{col_name(b.zcols[-1])})")


def _raw(sh: Sheet, b: Block, ref: Callable[[int, int], str], rows: dict[str, int], cols: dict[str, int],
         en_col: int | None, notes: list[str]) -> RawTable:
    grid, zcols = sh.grid, b.zcols

    def where(rr):
        return lambda i, j: f"cell {ref(rr[i], zcols[j])}"

    def down(rr):
        return {k: ([grid[r][c] for r in rr], (lambda i, c=c: f"cell {ref(rr[i], c)}")) for k, c in cols.items()}

    raw = RawTable(codes=[code3(k) for k in range(1, b.n + 1)], names_zh=b.names,
                   names_en=[text(grid[r][en_col]) for r in b.zrows] if en_col is not None else None,
                   z=[[grid[r][c] for c in zcols] for r in b.zrows], z_where=where(b.zrows),
                   rows={k: ([grid[r][c] for c in zcols], (lambda j, r=r: f"cell {ref(r, zcols[j])}"))
                         for k, r in rows.items()},
                   cols=down(b.zrows), notes=notes)
    if b.imp_rows:
        raw.imp_z = [[grid[r][c] for c in zcols] for r in b.imp_rows]
        raw.imp_z_where = where(b.imp_rows)
        raw.imp_cols = down(b.imp_rows)
    return raw


def scan_nbs(grid: list[list], merges, ref: Callable[[int, int], str]) -> RawTable | str:
    """Locate the NBS table shape in a grid; a RawTable, or the reason it was not found.

    merges: the merged ranges (r0, c0, r1, c1), 0-based inclusive; ref(row, column): a cell's
    position as messages give it ("Sheet1!C8", "line 8, field 3")."""
    if not grid:
        return "the sheet is empty"
    sh = Sheet(grid)
    b = _locate(sh)
    if isinstance(b, str):
        return b
    notes = _gap_notes(sh, b)
    title, unit = title_and_unit(grid, b.row0)
    cols = use_columns(sh, header_cells(sh, b.row0, merges), b, notes)
    en_col = english_column(sh, b, notes)
    rows = rows_below(sh, b, notes)
    unlabelled_rows(sh, b, notes)
    raw = _raw(sh, b, ref, rows, cols, en_col, notes)
    raw.title, raw.unit, raw.names_across = title, unit, names_across(sh, b)
    raw.notes.insert(0, _summary(b))
    return raw
