"""The book being built: an XlsxWriter workbook plus the manifest of what was written.

:class:`Book` writes cells and records them: every formula, every spill range, every input
cell and, for each report cell, the pipeline table, row key and column it must equal
(:class:`Expect`, what the audit compares).

Every worksheet is wrapped in a :class:`RecordedSheet`, so the manifest also holds what the
audit checks beyond the formulas: every constant cell the builder wrote (labels, units,
headers, blanks), the charts (anchor and every series' references), conditional formats,
data validations, hidden rows, columns and sheets, the sheet order, the defined names and
the document properties (layout version). Inside :func:`manifest_only` nothing is written:
the cells are only recorded (the audit builds its expected book in memory that way).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import xlsxwriter

from ... import __version__
from ...parameters import TOP_N, UNIT
from ...xlsx import a1
from ..layout import NOTE_ROW, TITLE_COL, TITLE_ROW, Layout
from ..layout.version import LAYOUT_VERSION, PROPERTY_LAYOUT, PROPERTY_VERSION
from .edition import EDITION_PROPERTY, udf_call
from .styles import make_formats


@dataclass
class Expect:
    """A report cell and the pipeline value it must equal."""

    sheet: str
    cell: str
    table: str
    key: tuple            # ((column, value), …) identifying the row of the pipeline table
    column: str


@dataclass
class Manifest:
    formulas: dict = field(default_factory=dict)      # (sheet, cell) → formula text
    spills: dict = field(default_factory=dict)        # (sheet, anchor) → "A1:B9"
    expect: list = field(default_factory=list)        # [Expect]
    checks: list = field(default_factory=list)        # [(sheet, cell, description)]
    report_ranges: list = field(default_factory=list)  # [(sheet, "A1:B9")] that must hold no error
    province_blocks: dict = field(default_factory=dict)  # first rows of the province report blocks
    summary_cells: dict = field(default_factory=dict)    # span growth and CAGR cells
    inputs: dict = field(default_factory=dict)        # input cells: (sheet, cell) → value (None = blank)
    cells: dict = field(default_factory=dict)         # every other constant cell: (sheet, cell) → value (None = blank)
    names: dict = field(default_factory=dict)         # defined name → target ("'Sheet'!$A$4:$A$9")
    charts: list = field(default_factory=list)        # [ChartSpec]
    cond_formats: list = field(default_factory=list)  # [(sheet, "A4:A9", rule type)]
    validations: list = field(default_factory=list)   # [(sheet, "A4:A9", validate)]
    hidden: set = field(default_factory=set)          # {(sheet, "row", r) | (sheet, "col", c) | (sheet, "sheet", 0)}
    sheet_order: list = field(default_factory=list)   # sheet names in book order
    properties: dict = field(default_factory=dict)    # custom document properties


@dataclass
class ChartSpec:
    """One chart: its sheet, anchor cell (0-based) and series [(name, categories, values)]."""

    sheet: str
    row: int
    col: int
    series: list = field(default_factory=list)


#: ``"B4"`` of (row, col), memoized: the builder names ~100,000 cells
_name = functools.lru_cache(maxsize=None)(a1.cell_name)

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


def _input_value(v):
    if isinstance(v, str):
        return v
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    return float(v)


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
        return ws

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
        self.man.inputs[(sheet, _name(row, col))] = None if blank else _input_value(v)

    def label(self, sheet: str, row: int, col: int, text, fmt=None):
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


def _rc(args: tuple) -> tuple:
    """(row, col, *rest) of a call given ``(row, col, …)`` or ``("B4", …)``."""
    if args and isinstance(args[0], str):
        r, c = a1.parse_cell(args[0])
        return (r, c, *args[1:])
    return args


def _area_args(args: tuple) -> tuple:
    """(r1, c1, r2, c2, *rest) of a call given four numbers or ``("A1:B9", …)``."""
    if args and isinstance(args[0], str):
        text = args[0] if ":" in args[0] else f"{args[0]}:{args[0]}"
        return (*a1.parse_area(text), *args[1:])
    return args


class RecordedSheet:
    """An XlsxWriter worksheet that records, in the manifest, what is written to it.

    Every cell write is recorded (constants in ``Manifest.cells``, formulas in
    ``Manifest.formulas`` unless the :class:`Book` recorded them already), and so are
    conditional formats, data validations, hidden rows/columns/sheets and inserted charts.
    ``write=False``: record only (nothing reaches the worksheet). Anything else is the
    worksheet's own method."""

    def __init__(self, ws, name: str, man: Manifest, *, write: bool = True):
        self._ws, self._name, self._man, self._write = ws, name, man, write

    def __getattr__(self, attr):
        return getattr(self._ws, attr)

    # ------------------------------------------------------------------ recording
    def _cell(self, row: int, col: int, value, *, formula: bool = False):
        key = (self._name, _name(row, col))
        if formula:
            self._man.cells.pop(key, None)
            self._man.formulas.setdefault(key, value)
        else:
            self._man.formulas.pop(key, None)
            self._man.cells[key] = None if value == "" else value

    def _forward(self, method: str, args, kwargs):
        return getattr(self._ws, method)(*args, **kwargs) if self._write else 0

    def write(self, *args, **kw):
        r, c, data, *_ = _rc(args) + (None,)
        if isinstance(data, str) and data.startswith("=") and len(data) > 1:
            self._cell(r, c, data, formula=True)
        elif isinstance(data, float) and not math.isfinite(data):
            self._cell(r, c, None)
        else:
            self._cell(r, c, _input_value(data) if data is not None and not isinstance(data, str) else data)
        return self._forward("write", args, kw)

    def write_string(self, *args, **kw):
        r, c, text, *_ = _rc(args)
        self._cell(r, c, text)
        return self._forward("write_string", args, kw)

    def write_number(self, *args, **kw):
        r, c, x, *_ = _rc(args)
        self._cell(r, c, float(x))
        return self._forward("write_number", args, kw)

    def write_boolean(self, *args, **kw):
        r, c, x, *_ = _rc(args)
        self._cell(r, c, bool(x))
        return self._forward("write_boolean", args, kw)

    def write_blank(self, *args, **kw):
        r, c, *_ = _rc(args)
        if (self._name, _name(r, c)) not in self._man.formulas:
            self._cell(r, c, None)
        return self._forward("write_blank", args, kw)

    def write_formula(self, *args, **kw):
        r, c, text, *_ = _rc(args)
        self._cell(r, c, text, formula=True)
        return self._forward("write_formula", args, kw)

    def write_url(self, *args, **kw):
        r, c, url, *rest = _rc(args)
        string = kw.get("string") or (rest[1] if len(rest) > 1 else None)
        self._cell(r, c, string or url.replace("internal:", "", 1))
        return self._forward("write_url", args, kw)

    def write_rich_string(self, *args, **kw):
        r, c, *parts = _rc(args)
        self._cell(r, c, "".join(p for p in parts if isinstance(p, str)))
        return self._forward("write_rich_string", args, kw)

    def _write_array(self, method: str, args, kw):
        r1, c1, _r2, _c2, text, *_ = _area_args(args)
        self._cell(r1, c1, text, formula=True)
        return self._forward(method, args, kw)

    def write_array_formula(self, *args, **kw):
        return self._write_array("write_array_formula", args, kw)

    def write_dynamic_array_formula(self, *args, **kw):
        return self._write_array("write_dynamic_array_formula", args, kw)

    def write_row(self, *args, **kw):
        r, c, data, *rest = _rc(args)
        for i, v in enumerate(data):
            self.write(r, c + i, v, *rest)
        return 0

    def write_column(self, *args, **kw):
        r, c, data, *rest = _rc(args)
        for i, v in enumerate(data):
            self.write(r + i, c, v, *rest)
        return 0

    def merge_range(self, *args, **kw):
        r1, c1, r2, c2, data, *_ = _area_args(args)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self._cell(r, c, data if (r, c) == (r1, c1) else None)
        return self._forward("merge_range", args, kw)

    def conditional_format(self, *args, **kw):
        r1, c1, r2, c2, options, *_ = _area_args(args)
        self._man.cond_formats.append((self._name, a1.area(r1, c1, r2, c2, absolute=False), options.get("type")))
        return getattr(self._ws, "conditional_format")(*args, **kw)

    def data_validation(self, *args, **kw):
        r1, c1, r2, c2, options, *_ = _area_args(args)
        self._man.validations.append((self._name, a1.area(r1, c1, r2, c2, absolute=False), options.get("validate")))
        return getattr(self._ws, "data_validation")(*args, **kw)

    def set_row(self, row, height=None, cell_format=None, options=None):
        if (options or {}).get("hidden"):
            self._man.hidden.add((self._name, "row", row))
        return self._ws.set_row(row, height, cell_format, options)

    def set_column(self, first, last=None, width=None, cell_format=None, options=None):
        if isinstance(first, str):
            (_, c1, _, c2), width, cell_format, options = _area_args((first,))[:4], last, width, cell_format
        else:
            c1, c2 = first, last
        if (options or {}).get("hidden"):
            self._man.hidden.update((self._name, "col", c) for c in range(c1, c2 + 1))
        return self._ws.set_column(c1, c2, width, cell_format, options)

    def hide(self):
        self._man.hidden.add((self._name, "sheet", 0))
        return self._ws.hide()

    def insert_chart(self, *args, **kw):
        r, c, chart, *_ = _rc(args)
        spec = ChartSpec(self._name, r, c)
        for ch in (chart, getattr(chart, "combined", None)):
            for s in getattr(ch, "series", None) or ():
                spec.series.append((s.get("name"), (s.get("categories") or "").lstrip("="),
                                    (s.get("values") or "").lstrip("=")))
        self._man.charts.append(spec)
        return self._ws.insert_chart(*args, **kw)
