"""The header rows of the NBS table layout: title, unit, and the columns right of the flows
(中间使用合计, 最终使用 → 最终消费支出 → 居民消费支出 → 农村/城镇/小计 …, 进口, 总产出), read from
multi-row headers whose merged cells are filled in."""

from __future__ import annotations

import re

from ..xlsx import col_name
from .labels import COL_LABELS, header_key
from .sheet_grid import Block, Sheet
from .text import UNIT_RE, blank, text

_YEAR_IN_TITLE_RE = re.compile(r"\d{4}\s*年")
_NUMBER_ONLY_RE = re.compile(r"[\d.]+")


def header_cells(sh: Sheet, row0: int, merges) -> list[list]:
    """The header rows (above ``row0``) with merged cells filled in, and blank cells under the same
    parent as their left neighbour continuing its text (headers "centred across" cells, or a CSV
    saved from a workbook, carry no merge information)."""
    grid, ncols = sh.grid, sh.ncols
    hdr = [list(grid[r]) for r in range(row0)]
    for r0, c0, r1, c1 in merges:
        if r0 < row0 and 0 <= r0 < len(hdr) and c0 < ncols:
            v = grid[r0][c0]
            for rr in range(r0, min(r1, row0 - 1) + 1):
                for cc in range(c0, min(c1, ncols - 1) + 1):
                    hdr[rr][cc] = v
    empty_col = [sh.col_blank(c, range(sh.nrows)) for c in range(ncols)]
    for r in range(row0):
        for c in range(1, ncols):
            if blank(hdr[r][c]) and not empty_col[c] and not blank(hdr[r][c - 1]) \
                    and (r == 0 or text(hdr[r - 1][c]) == text(hdr[r - 1][c - 1])):
                hdr[r][c] = hdr[r][c - 1]
    return hdr


def title_and_unit(grid: list[list], row0: int) -> tuple[str, str | None]:
    """(title, unit) from the rows above the table: the first text naming 投入产出 or a year
    (not the unit line) and the first 单位：… ."""
    title, unit = "", None
    for r in range(row0):
        for v in grid[r]:
            if isinstance(v, str):
                m = UNIT_RE.search(v)
                if m and unit is None:
                    unit = m.group(1)
                if not title and ("投入产出" in v or _YEAR_IN_TITLE_RE.search(v)) and not UNIT_RE.match(v.strip()):
                    title = v.strip()
    return title, unit


def header_path(hdr: list[list], c: int) -> list[str]:
    """The header texts of column ``c`` top to bottom (repeats, the title, the unit and numbers dropped)."""
    path: list[str] = []
    for row in hdr:
        t = text(row[c])
        if not t or "投入产出" in t or UNIT_RE.search(t) or _NUMBER_ONLY_RE.fullmatch(t):
            continue
        if not path or path[-1] != t:
            path.append(t)
    return path


def use_columns(sh: Sheet, hdr: list[list], b: Block, notes: list[str]) -> dict[str, int]:
    """{key: column} of the columns right of the flows, by their header path; the rest noted."""
    rows = range(sh.nrows)
    last_used = max((c for c in range(sh.ncols) if not sh.col_blank(c, rows)), default=0)
    cols: dict[str, int] = {}
    for c in range(b.zcols[-1] + 1, last_used + 1):
        path = header_path(hdr, c)
        label = " / ".join(path)
        if not path and sh.col_blank(c, b.all_rows):
            notes.append(f"column {col_name(c)} is empty; skipped")
            continue
        key = header_key(path)
        if key is None:
            notes.append(f"column {col_name(c)} (header {label or 'blank'!r}) not understood; skipped")
        elif key in cols:
            notes.append(f"column {col_name(c)} (header {label!r}) repeats {key} ({COL_LABELS[key]}) of column "
                         f"{col_name(cols[key])}; skipped")
        else:
            cols[key] = c
    return cols
