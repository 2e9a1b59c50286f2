"""The CSV layout of the re-packaged NBS tables (``../shared/data/io``).

A header row ``Code, Description, DescriptionInChinese, [Origin,] 001 … n, TIU, FU101 …, IM, GO``,
rows ``001 … n, TII, VA001–VA004, TVA, TI``. A non-competitive-import table carries an ``Origin``
column and a second block of imported-product rows. Positions in messages are file lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import IIEInputError
from .labels import COL_TEXT, ROW_LABELS, ROW_TEXT, col_code, row_key
from .results import RawTable
from .text import ARG, FOOTNOTE_RE, blank, code3, is_code_text, norm, text

_ZH_HEADERS = ("中文名称", "名称", "部门名称")
_DOMESTIC = ("", "domestic", "国内", "国产", "d")
_IMPORTS = ("imports", "import", "imported", "进口", "m")


@dataclass
class _Describing:
    """Positions of the columns that describe the sectors: code, Chinese and English name, origin."""

    code: int
    zh: int
    en: int | None
    origin: int | None


def _describing_columns(header: list[str], name: str) -> _Describing:
    upper = [h.upper() for h in header]
    zh = next((c for c, h in enumerate(upper) if h in ("DESCRIPTIONINCHINESE", "NAME_ZH") or "CHINESE" in h
               or header[c] in _ZH_HEADERS), None)
    en = next((c for c, h in enumerate(upper) if h in ("DESCRIPTION", "NAME_EN")), None)
    origin = next((c for c, h in enumerate(upper) if h == "ORIGIN"), None)
    if zh is None:
        raise IIEInputError(ARG, f"{name}: CSV layout without a column of Chinese sector names "
                                 f"(DescriptionInChinese); header: {', '.join(header[:8])} …")
    return _Describing(upper.index("CODE"), zh, en, origin)


def _sector_columns(header: list[str], name: str) -> list[tuple[int, int]]:
    """[(column, code)] of the flow columns; raises unless they are numbered 1…n in order."""
    sector_cols = [(c, int(h)) for c, h in enumerate(header) if is_code_text(h)]
    nums = [k for _, k in sector_cols]
    if not nums or nums != list(range(1, len(nums) + 1)):
        bad = next((f"column {c + 1} is {header[c]!r} where {i + 1} was expected"
                    for i, (c, k) in enumerate(sector_cols) if k != i + 1), "no sector columns")
        raise IIEInputError(ARG, f"{name}: the sector columns are not numbered 1…n in order: {bad} (expected the "
                                 "CSV layout Code, Description, DescriptionInChinese, 001 … n, TIU, FU101 …, IM, GO; "
                                 f"header: {', '.join(header[:8])}{' …' if len(header) > 8 else ''})")
    return sector_cols


def _use_columns(grid: list[list], header: list[str], used: set, notes: list[str]) -> dict[str, int]:
    """{key: column} of the columns right of the flows (TIU, FU101 …, GO); the rest noted."""
    col_idx: dict[str, int] = {}
    for c, h in enumerate(header):
        if c in used:
            continue
        key = col_code(h) or COL_TEXT.get(norm(h))
        if key and key not in col_idx:
            col_idx[key] = c
        elif any(not blank(row[c]) for row in grid[1:] if c < len(row)) or h:
            notes.append(f"column {c + 1} ({h!r}) not understood, skipped")
    return col_idx


def _origin_block(row: list, d: _Describing, line: int, code: str, name: str) -> str:
    """"dom" or "imp": the block a sector row belongs to by its Origin."""
    origin = norm(row[d.origin]) if d.origin is not None and d.origin < len(row) else ""
    if origin in _DOMESTIC:
        return "dom"
    if origin in _IMPORTS:
        return "imp"
    raise IIEInputError(ARG, f"{name}: line {line}, sector {code}: Origin {row[d.origin]!r} is neither "
                             "Domestic nor Imports")


def _other_row(row: list, d: _Describing, line: int, rows_idx: dict, notes: list[str]) -> None:
    """A row that is not a sector row: TII, VA…, TVA, TI (into ``rows_idx``), or a note."""
    code = text(row[d.code]) if d.code < len(row) else ""
    key = ROW_TEXT.get(norm(code)) or (row_key([row[d.zh]]) if d.zh < len(row) else None)
    if key:
        if key in rows_idx:
            notes.append(f"line {line}: a second {key} row ({ROW_LABELS[key]}), skipped")
        else:
            rows_idx[key] = line - 1
    elif all(blank(v) for v in row):
        return
    elif FOOTNOTE_RE.match(text(row[0])):
        notes.append(f"line {line}: footnote {text(row[0])[:60]!r} ignored")
    else:
        label = " ".join(text(v) for v in row[:3] if not blank(v))
        notes.append(f"line {line} ({label[:50]!r}) not understood, skipped")


def _classify_rows(grid: list[list], d: _Describing, name: str, notes: list[str]):
    """(domestic sector rows, imported-product rows, {row key: row}) of the grid."""
    blocks: dict[str, list[int]] = {"dom": [], "imp": []}
    rows_idx: dict[str, int] = {}
    for r in range(1, len(grid)):
        row = grid[r]
        code = text(row[d.code]) if d.code < len(row) else ""
        if is_code_text(code):
            blocks[_origin_block(row, d, r + 1, code, name)].append(r)
        else:
            _other_row(row, d, r + 1, rows_idx, notes)
    return blocks["dom"], blocks["imp"], rows_idx


def _check_codes(grid: list[list], ci: int, block: str, rows: list[int], n: int, name: str) -> None:
    got = [int(text(grid[r][ci])) for r in rows]
    if got != list(range(1, n + 1)):
        bad = next((f"line {rows[i] + 1} has code {text(grid[rows[i]][ci])} where {i + 1:03d} was expected"
                    for i in range(min(len(got), n)) if got[i] != i + 1),
                   f"{len(got)} rows for {n} sector columns")
        raise IIEInputError(ARG, f"{name}: the {block} rows do not match the sector columns 1…{n}: {bad}")


def _line_of(rows: list[int], name: str):
    return lambda i, *_: f"line {rows[i] + 1} of {name}"


def read_csv_layout(grid: list[list], name: str) -> RawTable:
    """Locate the table of a CSV-layout grid (header row first); raises IIEInputError."""
    header = [text(h) for h in grid[0]]
    d = _describing_columns(header, name)
    sector_cols = _sector_columns(header, name)
    n = len(sector_cols)
    notes: list[str] = []
    col_idx = _use_columns(grid, header, {d.code, d.zh, d.en, d.origin} | {c for c, _ in sector_cols}, notes)
    dom, imp, rows_idx = _classify_rows(grid, d, name, notes)
    _check_codes(grid, d.code, "sector", dom, n, name)
    if imp:
        _check_codes(grid, d.code, "imported-product", imp, n, name)

    def cell(r, c):
        row = grid[r]
        return row[c] if c < len(row) else None

    zc = [c for c, _ in sector_cols]
    raw = RawTable(codes=[code3(k) for k in range(1, n + 1)], names_zh=[text(cell(r, d.zh)) for r in dom],
                   names_en=[text(cell(r, d.en)) for r in dom] if d.en is not None else None,
                   z=[[cell(r, c) for c in zc] for r in dom], z_where=_line_of(dom, name),
                   rows={k: ([cell(r, c) for c in zc], _line_of([r] * n, name)) for k, r in rows_idx.items()},
                   cols={k: ([cell(r, c) for r in dom], _line_of(dom, name)) for k, c in col_idx.items()},
                   notes=notes)
    if imp:
        raw.imp_z = [[cell(r, c) for c in zc] for r in imp]
        raw.imp_z_where = _line_of(imp, name)
        raw.imp_cols = {k: ([cell(r, c) for r in imp], _line_of(imp, name)) for k, c in col_idx.items()}
    return raw
