"""A1 references: the one place that turns (row, column) into ``"B4"`` and back.

Rows and columns are **0-based** everywhere in the package (XlsxWriter's convention):
``cell_name(0, 0) == "A1"``; ``parse_cell("B4") == (3, 1)``. Code that talks to
openpyxl (1-based) adds 1 at the call.
"""

from __future__ import annotations

import re

MAX_ROWS = 1_048_576
MAX_COLS = 16_384

_CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_COL_RE = re.compile(r"^\$?([A-Za-z]{1,3})$")


def col_name(col: int) -> str:
    """0 → ``"A"``, 25 → ``"Z"``, 26 → ``"AA"``, 16383 → ``"XFD"``."""
    if not 0 <= col < MAX_COLS:
        raise ValueError(f"column {col} is outside A–XFD")
    s = ""
    c = col + 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def col_index(letters: str) -> int:
    """``"A"`` → 0, ``"AA"`` → 26 (``$`` allowed, any case)."""
    m = _COL_RE.match(letters.strip())
    if not m:
        raise ValueError(f"not a column name: {letters!r}")
    c = 0
    for ch in m.group(1).upper():
        c = c * 26 + ord(ch) - 64
    if c > MAX_COLS:
        raise ValueError(f"column {letters!r} is beyond XFD")
    return c - 1


def cell_name(row: int, col: int, *, absolute: bool = False) -> str:
    """(3, 1) → ``"B4"`` (``"$B$4"`` when ``absolute``)."""
    if not 0 <= row < MAX_ROWS:
        raise ValueError(f"row {row + 1} is outside 1–{MAX_ROWS}")
    d = "$" if absolute else ""
    return f"{d}{col_name(col)}{d}{row + 1}"


def parse_cell(ref: str) -> tuple[int, int]:
    """``"B4"`` or ``"$B$4"`` → (3, 1), 0-based row and column."""
    m = _CELL_RE.match(ref.strip())
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    row = int(m.group(2))
    if not 1 <= row <= MAX_ROWS:
        raise ValueError(f"row {row} of {ref!r} is outside 1–{MAX_ROWS}")
    return row - 1, col_index(m.group(1))


def area(r1: int, c1: int, r2: int, c2: int, *, absolute: bool = True) -> str:
    """``"$A$1:$B$9"`` (or relative); a single cell gives ``"A1:A1"``."""
    return f"{cell_name(r1, c1, absolute=absolute)}:{cell_name(r2, c2, absolute=absolute)}"


def parse_area(ref: str) -> tuple[int, int, int, int]:
    """``"A3:B4"`` → (2, 0, 3, 1); a single cell is a 1×1 area."""
    a, _, b = ref.partition(":")
    r1, c1 = parse_cell(a)
    r2, c2 = parse_cell(b) if b else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def quote_sheet(sheet: str) -> str:
    """The sheet name quoted for a formula: ``'全国 National'`` (inner quotes doubled)."""
    return "'" + sheet.replace("'", "''") + "'"


def ref(sheet: str, row: int, col: int, *, absolute: bool = False) -> str:
    """``'Sheet'!B4``."""
    return f"{quote_sheet(sheet)}!{cell_name(row, col, absolute=absolute)}"


def ref_area(sheet: str, r1: int, c1: int, r2: int, c2: int, *, absolute: bool = True) -> str:
    """``'Sheet'!$A$1:$B$9``."""
    return f"{quote_sheet(sheet)}!{area(r1, c1, r2, c2, absolute=absolute)}"


def split_ref(text: str) -> tuple[str | None, str]:
    """``"'My sheet'!A1:B2"`` → ("My sheet", "A1:B2"); no sheet → (None, text)."""
    s = text.strip().lstrip("=")
    if "!" not in s:
        return None, s
    sheet, _, cells = s.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'") and len(sheet) >= 2:
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cells
