"""Around the flow block of the NBS table layout: the rows below it (中间投入合计 … 总投入), rows
inside it without a code, the columns beside the names (an English name column), and a header
row that repeats the sector names across."""

from __future__ import annotations

from ..xlsx import col_name
from .labels import ROW_LABELS, row_key
from .sheet_grid import Block, Sheet
from .text import FOOTNOTE_RE, blank, latin_only, norm, parse_number, text


def english_column(sh: Sheet, b: Block, notes: list[str]) -> int | None:
    """The column left of the flows holding English names in most sector rows, else None; the
    other columns there that hold something are noted."""
    side = [c for c in range(b.zcols[0]) if c not in (b.code_col, b.name_col)]
    for c in side:
        if sh.col_blank(c, b.all_rows):
            if sh.col_blank(c, range(sh.nrows)):
                notes.append(f"column {col_name(c)} is empty; skipped")
            continue
        if sh.text_count(c, b.zrows, latin_only) < b.n / 2:
            notes.append(f"column {col_name(c)} beside the sector names not understood; skipped")
    en_counts = {c: sh.text_count(c, b.zrows, latin_only) for c in side}
    en_col = max(en_counts, key=en_counts.get, default=None)
    if en_col is not None and en_counts[en_col] < b.n / 2:
        en_col = None
    return en_col


def _other_row(sh: Sheet, r: int, left_cells: list, notes: list[str]) -> None:
    """Note a non-blank row below the table that names no row: a footnote or not understood."""
    row = sh.grid[r]
    texts = [text(v) for v in row if not blank(v)]
    numeric = any(parse_number(v) is not None and not isinstance(v, str) for v in row)
    if texts and FOOTNOTE_RE.match(texts[0]) and not numeric:
        notes.append(f"row {r + 1}: footnote {texts[0][:60]!r} ignored")
    else:
        label = next((text(v) for v in left_cells if not blank(v)), texts[0] if texts else "")
        notes.append(f"row {r + 1} ({label[:50]!r}) not understood; skipped")


def rows_below(sh: Sheet, b: Block, notes: list[str]) -> dict[str, int]:
    """{key: row} of the rows below the sector rows named (left of the flows) by a row label."""
    rows: dict[str, int] = {}
    for r in range(b.end + 1, sh.nrows):
        left_cells = sh.grid[r][:b.zcols[0]]
        key = row_key(left_cells)
        if key:
            if key in rows:
                notes.append(f"row {r + 1}: a second {key} row ({ROW_LABELS[key]}); skipped")
            else:
                rows[key] = r
        elif not sh.row_blank(r):
            _other_row(sh, r, left_cells, notes)
    return rows


def unlabelled_rows(sh: Sheet, b: Block, notes: list[str]) -> None:
    """Note the non-blank rows among the sector rows that carry no sector code."""
    coded = set(b.all_rows)
    for r in range(b.row0, b.end + 1):
        if r not in coded and not sh.row_blank(r):
            notes.append(f"row {r + 1} inside the sector rows has no sector code; skipped")


def names_across(sh: Sheet, b: Block) -> list[str] | None:
    """The header row above the flows that repeats most of the sector names (for a check), else None."""
    found, best_hits = None, 0
    target = [norm(x) for x in b.names]
    for r in range(b.row0):
        texts = [norm(sh.grid[r][c]) for c in b.zcols]
        hits = sum(1 for x, y in zip(texts, target) if x == y)
        if hits > max(best_hits, b.n / 2):
            found, best_hits = [text(sh.grid[r][c]) for c in b.zcols], hits
    return found
