"""Reading a file into a grid of cells: CSV text (UTF-8, UTF-16 or GBK; comma, tab or semicolon)
or the sheets of an Excel workbook (with their merged ranges, which the NBS headers use).

A workbook is checked against the xlsx limits (:func:`iiecon_xl.xlsx.limits.check_xlsx`: zip
bombs, XML entities, a cell at XFD1048576) before openpyxl opens it; a CSV file larger than
:data:`MAX_CSV_BYTES` is refused before it is read."""

from __future__ import annotations

from pathlib import Path

from ..errors import IIEInputError
from ..textfile import MAX_CSV_BYTES, csv_grid, decode
from ..xlsx.limits import check_xlsx
from .text import ARG, blank, text

def read_csv(path: Path) -> tuple[list[list], str]:
    """(padded grid, encoding) of a CSV file."""
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise IIEInputError(ARG, f"{path.name}: {size:,} bytes, above the {MAX_CSV_BYTES:,} bytes a CSV file may have")
    content, encoding = decode(path.read_bytes())
    return pad(csv_grid(content)), encoding


def pad(grid: list[list]) -> list[list]:
    """A rectangular grid: short rows padded with None, columns and trailing rows that are blank
    everywhere dropped."""
    width = max((len(r) for r in grid), default=0)
    while width and all(len(r) < width or blank(r[width - 1]) for r in grid):
        width -= 1
    out = [list(r[:width]) + [None] * (width - len(r)) for r in grid]
    while out and all(blank(v) for v in out[-1]):
        out.pop()
    return out


def first_rows(grid, k: int = 5, w: int = 6) -> str:
    """The first ``k`` rows (``w`` cells each) for a message that says what the file holds."""
    lines = []
    for r, row in enumerate(grid[:k]):
        cells = [text(v) for v in row[:w]]
        more = " | …" if len(row) > w else ""
        lines.append(f"{r + 1}: " + " | ".join(c[:30] for c in cells) + more)
    return "; ".join(lines) if lines else "(the file is empty)"


def xlsx_sheets(path: Path):
    """[(sheet name, grid, merged ranges (r0, c0, r1, c1) 0-based inclusive)] of a workbook."""
    import openpyxl

    check_xlsx(path, argument=ARG)
    try:
        wb = openpyxl.load_workbook(path, data_only=True)  # not read-only: merged cells are needed
    except Exception as e:  # noqa: BLE001 - any unreadable workbook is an input error
        raise IIEInputError(ARG, f"{path.name}: cannot open as an Excel workbook ({type(e).__name__}: {e})") from None
    out = []
    for ws in wb.worksheets:
        grid = pad([list(r) for r in ws.iter_rows(values_only=True)])
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        out.append((ws.title, grid, merges))
    return out
