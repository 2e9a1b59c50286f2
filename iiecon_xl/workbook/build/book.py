"""The book being built: an XlsxWriter workbook plus the manifest of what was written.

:class:`Book` writes cells and records them: every formula, every spill range, every input
cell and, for each report cell, the pipeline table, row key and column it must equal
(:class:`Expect`, what the audit compares).

Every worksheet is wrapped in a :class:`~.recorded.RecordedSheet`, so the manifest also holds what the
audit checks beyond the formulas: every constant cell the builder wrote (labels, units,
headers, blanks), the charts (anchor and every series' references), conditional formats,
data validations, hidden rows, columns and sheets, the sheet order, the defined names and
the document properties (layout version). Inside :func:`manifest_only` nothing is written:
the cells are only recorded (the audit builds its expected book in memory that way).
"""

from __future__ import annotations

import contextlib
import contextvars
import math
from pathlib import Path

import numpy as np
import xlsxwriter

from ... import __version__
from ...parameters import TOP_N, UNIT
from ...xlsx import a1
from ..layout import CHECKS, HEAD, NOTE_ROW, REPORT_SHEETS, TITLE_COL, TITLE_ROW, Layout
from ..layout.version import LAYOUT_VERSION, PROPERTY_LAYOUT, PROPERTY_VERSION
from .edition import EDITION_PROPERTY, udf_call
from .recorded import ChartSpec, Expect, Manifest, RecordedSheet, input_value
from .recorded import cell_name as _name
from .styles import make_formats

#: the sheets with a print setup: the reports and the checks
PRINTED_SHEETS = frozenset(REPORT_SHEETS + (CHECKS,))

_MANIFEST_ONLY = contextvars.ContextVar("iiecon_xl_manifest_only", default=False)


@contextlib.contextmanager
def manifest_only():
    """Inside this block a :class:`Book` records its manifest and writes nothing (no cell, no file)."""
    token = _MANIFEST_ONLY.set(True)
    try:
        yield
    finally:
        _MANIFEST_ONLY.reset(token)


def key(**kw) -> tuple:
    """The row key of an :class:`Expect`: ``key(section="C", year=2017)``."""
    return tuple(kw.items())


def unit_of(inputs) -> str:
    """The money unit of the book: the inputs' unit, or the default for an empty template."""
    return inputs.params.unit if inputs is not None else UNIT


class Book:
    """XlsxWriter workbook, its :class:`Layout` and formats, and the manifest being recorded."""

    def __init__(self, path: Path, lay: Layout, *, top_n=TOP_N, new_years: dict[int, str] | None = None):
        self.record_only = _MANIFEST_ONLY.get()
        self.wb = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True, "in_memory": self.record_only})
        self.wb.set_properties({"title": "iiecon-xl 工业互联网带动增加值测算", "author": "iiecon-xl",
                                "comments": f"Built by iiecon-xl {__version__}"})
        self.lay = lay
        self.native = lay.native
        #: (sheet, "A1:B9") ranges the Checks sheet watches for error values: every iiecon-xl
        #: function result (function edition) or every array block (native edition)
        self.watched: list[tuple[str, str]] = []
        self._udf = None if self.native else udf_call()
        self.d = lay.dims
        self.man = Manifest()
        self.property(PROPERTY_VERSION, __version__)
        self.property(PROPERTY_LAYOUT, str(LAYOUT_VERSION))
        self.property(EDITION_PROPERTY, lay.edition)
        if self.record_only:  # nothing to write: close() only marks the workbook closed
            self.wb.close = lambda: setattr(self.wb, "fileclosed", True)
        self.sheets: dict[str, xlsxwriter.worksheet.Worksheet] = {}
        self.f = make_formats(self.wb)
        self.top_n = tuple(top_n)
        self.new_years = dict(new_years or {})
        #: {parameter name: may be blank} (set by the Parameters sheet, read by the Checks sheet)
        self.param_blank_ok: dict[str, bool] = {}

    def sheet(self, layout, title_zh: str, title_en: str, note: str = ""):
        """Add the sheet of ``layout`` with its title, note, frozen panes and column widths."""
        ws = RecordedSheet(self.wb.add_worksheet(layout.name), layout.name, self.man, write=not self.record_only)
        self.sheets[layout.name] = ws
        self.man.sheet_order.append(layout.name)
        ws.write(TITLE_ROW, TITLE_COL, f"{title_zh}  {title_en}", self.f.title)
        if note:
            ws.write(NOTE_ROW, TITLE_COL, note, self.f.note)
        ws.freeze_panes(*layout.freeze)
        for c1, c2, width in layout.widths:
            ws.set_column(c1, c2, width)
        if layout.name in PRINTED_SHEETS:
            self.print_setup(ws, layout.name)
        return ws

    def print_setup(self, ws, name: str) -> None:
        """A report sheet prints landscape on A4, one page wide, the title to the header row
        repeated on every page (recorded in the manifest)."""
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(TITLE_ROW, HEAD)
        ws.center_horizontally()
        ws.set_footer("&L&A&R&P / &N")
        self.man.print_setup[name] = {"landscape": True, "paper": 9, "fit_to_pages": (1, 0),
                                      "repeat_rows": (TITLE_ROW, HEAD)}

    def formula(self, sheet: str, row: int, col: int, text: str, fmt=None, expect=None):
        self.sheets[sheet].write_formula(row, col, text, fmt)
        self.man.formulas[(sheet, _name(row, col))] = text
        if self._udf is not None and self._udf.search(text):
            self.watched.append((sheet, _name(row, col)))
        if expect:
            self.expect(sheet, row, col, *expect)

    def expect(self, sheet: str, row: int, col: int, table: str, row_key: tuple, column: str):
        """Record that the cell must equal ``table[row_key, column]`` of the pipeline."""
        self.man.expect.append(Expect(sheet, _name(row, col), table, row_key, column))

    def spill(self, sheet: str, area: tuple[int, int, int, int], text: str, fmt=None, *, watch: bool = True):
        """A block result: a dynamic-array formula (function edition) or a legacy array
        formula (native edition: entered with Ctrl+Shift+Enter, Excel 2010 and LibreOffice
        read it), its range recorded in the manifest and watched by the Checks sheet."""
        r1, c1, r2, c2 = area
        ws = self.sheets[sheet]
        if self.native:
            ws.write_array_formula(r1, c1, r2, c2, text, fmt)
        else:
            ws.write_dynamic_array_formula(r1, c1, r2, c2, text, fmt)
        anchor = _name(r1, c1)
        self.man.formulas[(sheet, anchor)] = text
        self.man.spills[(sheet, anchor)] = a1.area(r1, c1, r2, c2, absolute=False)
        if watch:
            self.watch(sheet, area)
        # XlsxWriter formats only the anchor; format the rest of the spill range too
        if fmt is not None:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        ws.write_blank(r, c, None, fmt)

    def watch(self, sheet: str, area: tuple[int, int, int, int]):
        """Let the Checks sheet watch ``area`` of ``sheet`` for error values."""
        self.watched.append((sheet, a1.area(*area, absolute=False)))

    def value(self, sheet: str, row: int, col: int, v, fmt=None, *, year: int | None = None):
        """An input cell (recorded in the manifest); None or NaN → blank input cell.

        ``year``: the year of a year-indexed input; cells of a year added by ``new-year`` are
        marked: blank → awaiting data (red), filled → extrapolated (orange), with a note."""
        ws = self.sheets[sheet]
        blank = v is None or (isinstance(v, float) and math.isnan(v))
        if year is not None and year in self.new_years:
            if blank:
                fmt = self.f.awaiting
                ws.write_comment(row, col, f"{year}: 待填 awaiting data")
            elif self.new_years[year] == "extrapolated":
                fmt = self.f.input_extrap
                ws.write_comment(row, col, f"{year}: 线性外推 extrapolated (iiecon-xl new-year --extrapolate)")
        if blank:
            ws.write_blank(row, col, None, fmt or self.f.input)
        elif isinstance(v, str):
            ws.write_string(row, col, v, fmt or self.f.input_text)
        elif isinstance(v, (bool, np.bool_)):
            ws.write_boolean(row, col, bool(v), fmt or self.f.input_text)
        else:
            ws.write_number(row, col, float(v), fmt or self.f.input)
        key = (sheet, _name(row, col))
        self.man.cells.pop(key, None)   # an input is recorded once, among the inputs
        self.man.inputs[key] = None if blank else input_value(v)

    def numbers(self, sheet: str, row: int, cols, values, fmt=None):
        """Number input cells along ``row`` (an IO table row): :meth:`value` of each ``values[k]``
        at ``cols[k]`` (None or NaN → blank input cell), in one loop, no year marks."""
        self.sheets[sheet].input_numbers(row, cols, values, fmt or self.f.input, self.man.inputs)

    def label(self, sheet: str, row: int, col: int, text, fmt=None):
        """A label; text is written as text (a name "=WEBSERVICE(…)" from an input never becomes a formula)."""
        if isinstance(text, str):
            self.sheets[sheet].write_string(row, col, text, fmt or self.f.label)
        else:
            self.sheets[sheet].write(row, col, text, fmt or self.f.label)

    def header(self, sheet: str, row: int, col: int, labels):
        for i, text in enumerate(labels):
            self.sheets[sheet].write(row, col + i, text, self.f.head)

    def years_header(self, sheet: str, row: int, col: int, years):
        """A header row of input years (values)."""
        for i, y in enumerate(years):
            self.value(sheet, row, col + i, int(y), self.f.head)

    def year_formulas(self, sheet: str, row: int, col: int):
        """A header row of the report years as formulas on the Section VA input header, so a
        year changed there changes every table."""
        for t in range(self.d.T):
            self.formula(sheet, row, col + t, f"={self.lay.section_va.year_ref(t)}", self.f.head)

    def define_names(self):
        """Every defined name of the layout."""
        for name, target in self.lay.defined_names().items():
            self.wb.define_name(name, f"={target}")
            self.man.names[name] = target

    def property(self, name: str, value: str):
        """A custom document property (recorded)."""
        self.wb.set_custom_property(name, value)
        self.man.properties[name] = value


__all__ = ["Book", "ChartSpec", "Expect", "Manifest", "RecordedSheet", "key", "manifest_only", "unit_of"]
