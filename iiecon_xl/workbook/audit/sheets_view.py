"""The audited book seen as an openpyxl workbook with formulas (``wb[name].cell(row, column).value``,
``wb.sheetnames``, ``ws.title``), so that :mod:`..reader` reads its inputs from the one read of the
book instead of a second load."""

from __future__ import annotations

from ...xlsx import a1
from ...xlsx.a1_fast import cell_name_fast
from .book_xml import BookXML


class _Cell:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


_BLANK = _Cell(None)


class _Sheet:
    def __init__(self, name: str, cells: dict):
        self.title = name
        self._cells = cells

    def cell(self, row: int, column: int):
        """The cell's formula text, else its value (the read cell itself: read-only)."""
        c = self._cells.get(cell_name_fast(row - 1, column - 1))
        if c is None:
            return _BLANK
        return c if c.formula is None else _Cell(c.formula)

    def __getitem__(self, ref: str):
        r, c = a1.parse_cell(ref)
        return self.cell(r + 1, c + 1)


class WorkbookView:
    """Read-only: what the reader needs of an openpyxl workbook loaded with ``data_only=False``."""

    def __init__(self, book: BookXML):
        self._book = book
        self.sheetnames = list(book.sheets)
        self.edition = book.properties.get("iiecon_xl_edition")   # the book's edition (analysis_inputs.edition_of)

    def __getitem__(self, name: str) -> _Sheet:
        return _Sheet(name, self._book.sheets[name].cells)
