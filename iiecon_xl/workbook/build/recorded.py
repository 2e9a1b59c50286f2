"""What the builder records: the :class:`Manifest` of a book and the :class:`RecordedSheet`
that fills it.

Every worksheet is wrapped in a :class:`RecordedSheet`, so the manifest holds what the
audit checks beyond the formulas: every constant cell the builder wrote (labels, units,
headers, blanks), the charts (anchor and every series' references), conditional formats,
data validations, hidden rows, columns and sheets, the sheet order, the defined names and
the document properties (layout version), and the print settings of the report sheets.
"""

from __future__ import annotations

import math
from collections.abc import MutableMapping
from dataclasses import dataclass, field

import numpy as np

from ...xlsx import a1
from ...xlsx.a1_fast import cell_name_fast as cell_name, parse_cell_fast   # "B4" of (row, col): its columns memoized
# (not every name: at n = 999 the builder names over a million cells, and a cache of them all
# held ~200 MB through an audit)


@dataclass
class Expect:
    """A report cell and the pipeline value it must equal."""

    sheet: str
    cell: str
    table: str
    key: tuple            # ((column, value), …) identifying the row of the pipeline table
    column: str


class InputCells(MutableMapping):
    """(sheet, cell) → value (None = blank) of the input cells. A row of numbers written at once
    (:meth:`set_row`: an IO table row) is kept as one float array, NaN for a blank: at n = 999 a
    million cells, as dict entries with tuple keys ~170 MB, as arrays 8 MB. Otherwise a dict."""

    def __init__(self):
        self._cells: dict = {}
        self._rows: dict = {}   # (sheet, row) → (first column, values, present)
        self._sheets: set = set()   # the sheets with row arrays (any other key: one dict lookup)

    def set_row(self, sheet: str, row: int, col: int, values) -> None:
        """Numbers (NaN: blank) at ``col``, ``col + 1`` … of ``row``."""
        vals = np.asarray(values, dtype=float)
        for c in range(col, col + len(vals)):
            self._cells.pop((sheet, cell_name(row, c)), None)
        self._rows[(sheet, row)] = (col, vals, np.ones(len(vals), dtype=bool))
        self._sheets.add(sheet)

    def _slot(self, key):
        """(values, present, index) of the row array holding ``key``, or None."""
        if type(key) is not tuple or len(key) != 2 or key[0] not in self._sheets:
            return None
        try:
            r, c = parse_cell_fast(key[1])
        except (ValueError, TypeError, IndexError):
            return None
        got = self._rows.get((key[0], r))
        if got is None or not 0 <= c - got[0] < len(got[1]) or not got[2][c - got[0]]:
            return None
        return got[1], got[2], c - got[0]

    def __getitem__(self, key):
        if key in self._cells:
            return self._cells[key]
        slot = self._slot(key)
        if slot is None:
            raise KeyError(key)
        v = float(slot[0][slot[2]])
        return None if v != v else v

    def __contains__(self, key) -> bool:
        return key in self._cells or self._slot(key) is not None

    def __setitem__(self, key, value) -> None:
        slot = self._slot(key)
        if slot is not None:
            slot[1][slot[2]] = False   # out of its row array: kept in the dict
        self._cells[key] = value

    def __delitem__(self, key) -> None:
        slot = self._slot(key)
        if slot is not None:
            slot[1][slot[2]] = False
        else:
            del self._cells[key]

    def items_of(self, sheet: str):
        """(cell, value) of every input cell of ``sheet``."""
        for (s, cell), v in self._cells.items():
            if s == sheet:
                yield cell, v
        for (s, row), (col, vals, present) in self._rows.items():
            if s == sheet:
                for j in np.flatnonzero(present).tolist():
                    v = float(vals[j])
                    yield cell_name(row, col + j), None if v != v else v

    def __iter__(self):
        yield from self._cells
        for (s, row), (col, _vals, present) in self._rows.items():
            for j in np.flatnonzero(present).tolist():
                yield (s, cell_name(row, col + j))

    def __len__(self) -> int:
        return len(self._cells) + sum(int(p.sum()) for _c, _v, p in self._rows.values())


@dataclass
class Manifest:
    formulas: dict = field(default_factory=dict)      # (sheet, cell) → formula text
    spills: dict = field(default_factory=dict)        # (sheet, anchor) → "A1:B9"
    expect: list = field(default_factory=list)        # [Expect]
    checks: list = field(default_factory=list)        # [(sheet, cell, description)]
    report_ranges: list = field(default_factory=list)  # [(sheet, "A1:B9")] that must hold no error
    province_blocks: dict = field(default_factory=dict)  # first rows of the province report blocks
    summary_cells: dict = field(default_factory=dict)    # span growth and CAGR cells
    inputs: InputCells = field(default_factory=InputCells)  # input cells: (sheet, cell) → value (None = blank)
    cells: dict = field(default_factory=dict)         # every other constant cell: (sheet, cell) → value (None = blank)
    #                                                   (an input cell is in ``inputs`` only)
    names: dict = field(default_factory=dict)         # defined name → target ("'Sheet'!$A$4:$A$9")
    charts: list = field(default_factory=list)        # [ChartSpec]
    cond_formats: list = field(default_factory=list)  # [(sheet, "A4:A9", rule type)]
    validations: list = field(default_factory=list)   # [(sheet, "A4:A9", validate)]
    hidden: set = field(default_factory=set)          # {(sheet, "row", r) | (sheet, "col", c) | (sheet, "sheet", 0)}
    sheet_order: list = field(default_factory=list)   # sheet names in book order
    properties: dict = field(default_factory=dict)    # custom document properties
    print_setup: dict = field(default_factory=dict)   # sheet → print settings (report sheets)


@dataclass
class ChartSpec:
    """One chart: its sheet, anchor cell (0-based) and series [(name, categories, values)]."""

    sheet: str
    row: int
    col: int
    series: list = field(default_factory=list)


#: XlsxWriter's ``validate`` → the ``type`` of ``<dataValidation>`` in the file
_VALIDATION_TYPES = {"integer": "whole", "length": "textLength"}


def input_value(v):
    if isinstance(v, str):
        return v
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    return float(v)


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
    # The manifest is recorded with plain dict operations (cell names memoized, formula texts as
    # given, no formatting work): the audit records a whole book this way for every book it reads.
    def _cell(self, row: int, col: int, value, *, formula: bool = False):
        key = (self._name, cell_name(row, col))
        if formula:
            self._man.cells.pop(key, None)
            self._man.formulas.setdefault(key, value)
        else:
            self._man.formulas.pop(key, None)
            self._man.cells[key] = None if value == "" else value

    def _constant(self, args: tuple, value):
        """Record the constant ``value`` at the cell of ``args`` (row, col, … or "B4", …)."""
        if type(args[0]) is int:
            key = (self._name, cell_name(args[0], args[1]))
        else:
            key = (self._name, cell_name(*a1.parse_cell(args[0])))
        man = self._man
        if man.formulas and key in man.formulas:
            del man.formulas[key]
        man.cells[key] = value

    def _forward(self, method: str, args, kwargs):
        return getattr(self._ws, method)(*args, **kwargs) if self._write else 0

    def write(self, *args, **kw):
        r, c, data, *_ = _rc(args) + (None,)
        if isinstance(data, str) and data.startswith("=") and len(data) > 1:
            self._cell(r, c, data, formula=True)
        elif isinstance(data, float) and not math.isfinite(data):
            self._cell(r, c, None)
        else:
            self._cell(r, c, input_value(data) if data is not None and not isinstance(data, str) else data)
        return self._forward("write", args, kw)

    def write_string(self, *args, **kw):
        text = args[2] if type(args[0]) is int else args[1]
        self._constant(args, None if text == "" else text)
        return self._ws.write_string(*args, **kw) if self._write else 0

    def write_number(self, *args, **kw):
        self._constant(args, float(args[2] if type(args[0]) is int else args[1]))
        return self._ws.write_number(*args, **kw) if self._write else 0

    def write_boolean(self, *args, **kw):
        self._constant(args, bool(args[2] if type(args[0]) is int else args[1]))
        return self._ws.write_boolean(*args, **kw) if self._write else 0

    def input_numbers(self, row: int, cols, values, fmt, inputs: InputCells) -> None:
        """Numbers (None or NaN: a blank) at ``cols`` of ``row``, recorded in ``inputs`` only
        (``Manifest.inputs``: an input cell is not also one of the other constants); adjacent
        columns as one row array (:meth:`InputCells.set_row`)."""
        ws, write, name = self._ws, self._write, self._name
        vals = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
        if write:
            for col, v in zip(cols, vals.tolist()):
                if v != v:
                    ws.write_blank(row, col, None, fmt)
                else:
                    ws.write_number(row, col, v, fmt)
        cols = list(cols)
        if cols and cols == list(range(cols[0], cols[0] + len(cols))):
            inputs.set_row(name, row, cols[0], vals)
        else:
            for col, v in zip(cols, vals.tolist()):
                inputs[(name, cell_name(row, col))] = None if v != v else v

    def write_blank(self, *args, **kw):
        r, c = (args[0], args[1]) if type(args[0]) is int else a1.parse_cell(args[0])
        if (self._name, cell_name(r, c)) not in self._man.formulas:
            self._man.cells[(self._name, cell_name(r, c))] = None
        return self._ws.write_blank(*args, **kw) if self._write else 0

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
        # recorded as the file says it: sqref "C4" for one cell, type "whole" for XlsxWriter's "integer"
        area = cell_name(r1, c1) if (r1, c1) == (r2, c2) else a1.area(r1, c1, r2, c2, absolute=False)
        kind = _VALIDATION_TYPES.get(options.get("validate"), options.get("validate"))
        self._man.validations.append((self._name, area, kind))
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
