"""What every sheet layout shares: a sheet name, named columns, widths, and A1 text.

A sheet layout says where things are in one sheet: ``COLS`` names its fixed columns
(``layout.national.col("total") == 3``), methods give the rows and columns that depend on
the book's dimensions, and :meth:`Sheet.names` the defined names it carries. A column may
be given by its name or as a 0-based number computed by the layout itself.
"""

from __future__ import annotations

from typing import ClassVar, Union

from ...xlsx import a1
from .sheets import FIRST, HEAD

Col = Union[str, int]
#: a defined name's target: (row, col) for one cell or (r1, c1, r2, c2) for a range
Target = tuple


class Sheet:
    """Base of a sheet layout (subclasses are frozen dataclasses of the dimensions they need)."""

    name: ClassVar[str] = ""
    COLS: ClassVar[dict[str, int]] = {}
    head_row: ClassVar[int] = HEAD
    first_row: ClassVar[int] = FIRST

    @classmethod
    def col(cls, key: Col) -> int:
        """The 0-based column of ``key`` (a name of :attr:`COLS`, or already a number)."""
        return key if isinstance(key, int) else cls.COLS[key]

    @property
    def freeze(self) -> tuple[int, int]:
        """(row, col) of the frozen panes: the rows above the first data row."""
        return (FIRST, 0)

    @property
    def widths(self) -> tuple[tuple[int, int, float], ...]:
        """(first column, last column, width) of the sheet's column widths."""
        return ()

    def names(self) -> dict[str, Target]:
        """{defined name: target} of the names this sheet holds."""
        return {}

    # -------------------------------------------------------------------- A1 text
    def cell(self, row: int, col: Col, *, absolute: bool = False) -> str:
        """``"B4"`` (no sheet): for a formula on this sheet."""
        return a1.cell_name(row, self.col(col), absolute=absolute)

    def area(self, r1: int, c1: Col, r2: int, c2: Col, *, absolute: bool = True) -> str:
        return a1.area(r1, self.col(c1), r2, self.col(c2), absolute=absolute)

    def ref(self, row: int, col: Col, *, absolute: bool = False) -> str:
        """``'Sheet'!B4``: for a formula on another sheet."""
        return a1.ref(self.name, row, self.col(col), absolute=absolute)

    def ref_area(self, r1: int, c1: Col, r2: int, c2: Col) -> str:
        return a1.ref_area(self.name, r1, self.col(c1), r2, self.col(c2))

    def column_area(self, key: Col, rows: int, *, top: int = FIRST) -> Target:
        """The target of ``rows`` cells down column ``key`` from ``top``."""
        c = self.col(key)
        return (top, c, top + rows - 1, c)
