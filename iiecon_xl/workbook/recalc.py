"""Headless recalculation of an iiecon-xl workbook with the ``formulas`` package.

:func:`recalc` evaluates every formula of a book — native Excel functions and the
package's own functions from :data:`iiecon_xl.udfs.FUNCTIONS` — and writes a copy with
its formulas kept and the cached values filled in (:mod:`.xlsx_values`), so that the
copy opens with numbers in any viewer. It never writes over the book it reads.

What this module adds to ``formulas`` 1.3.4:

- **Registry functions.** Each Excel function of the registry is put into
  ``formulas.get_functions()`` (before any book is parsed) through
  :func:`formulas.functions.wrap_func`, which hands over plain arrays instead of
  ``Ranges``. Arguments are converted to the Excel-shaped values the registry expects:
  a 1×1 range → a scalar, a range → a list of lists, ``None`` for a blank cell, an
  error value → its text (``"#N/A"``; the registry then names the argument). Results go
  back as an object array of the same shape; ``None`` in a result becomes ``""`` (what
  xlwings shows in Excel).
- **Messages instead of a bare #VALUE!.** ``wrap_func`` turns any exception into
  ``#VALUE!``. The wrapper catches first and returns the text
  ``"#IIE! <argument>: <problem>"`` — exactly what the xlwings entry point shows in the
  cell — so Excel and the headless engine agree; :class:`RecalcResult` lists those cells
  in ``messages`` and ``errors``.
- **INDEX.** ``formulas``' INDEX returns one cell for ``INDEX(range, 0, k)`` /
  ``INDEX(range, k, 0)`` and builds one ``Ranges`` object per cell of a reference on
  every call. :func:`xindex` replaces it: the whole column for row 0, the whole row for
  column 0, one cell otherwise, ``#REF!`` out of range, and a reference in, a reference
  out (``SUM(INDEX(M, 0, 2))``, ``A1:INDEX(A1:A9, 3)``) at a cost that does not grow with
  the range.
- **Dynamic arrays.** ``formulas`` fills exactly the range an array formula declares in
  the file. The raw result of every array formula is recorded; a shape other than the
  declared one is reported in ``RecalcResult.spill_mismatch``. For a dynamic array
  (Excel 365, ``cm`` attribute) the cells of the declared range outside the result are
  written blank, as Excel would show them; legacy array formulas keep ``formulas``'
  (and Excel's) broadcast / ``#N/A`` filling.
- **Output.** ``ExcelModel.write()`` writes values only (and upper-cases file names);
  the output is instead the input file with cached values written into its XML.
- **Names.** ``formulas`` upper-cases book and sheet names in its keys
  (``"'[BOOK.XLSX]CALC'!A1:B5"``); they are mapped back to the real sheet names and
  ranges are expanded into cells. Workbook-level defined names work natively; a
  sheet-scoped name is added as workbook-level when no other name has its name
  (``formulas`` ignores sheet-scoped names; ambiguous ones still give ``#REF!``).
- **Speed.** ``formulas`` makes a dispatcher node of every non-empty cell (~0.2 ms each
  to load, compile and dispatch) and compiles every formula on its own (~1–2 ms). Only
  formula cells are pushed here; each formula-free range that formulas refer to becomes
  one constant node; formulas of one shape (``=B2-C2``, ``=B3-C3``) share one compiled
  function (see :func:`_fast_model_class`). Whole-column references (``A:A``) stay
  slow: ``formulas`` enumerates all 1,048,576 rows (seconds per reference).
- **Robustness.** A formula ``formulas`` cannot parse evaluates to ``#NAME?`` and is
  listed in ``RecalcResult.unparsed`` instead of aborting the load; cells left without
  a value (circular references) are listed in ``RecalcResult.unevaluated``.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import inspect
import logging
import numbers
import os
import re
import shutil
import sys
import tempfile
import time
import types
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ..cells import IIE_ERROR_PREFIX
from ..errors import IIEInputError
from . import xlsx_values
from .xlsx_values import ExcelError, cell_name

logger = logging.getLogger(__name__)

__all__ = [
    "RecalcResult",
    "SpillMismatch",
    "add_recalc_parser",
    "cmd_recalc",
    "recalc",
    "register_functions",
    "xindex",
]

_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm")


# --------------------------------------------------------------------------- results


class SpillMismatch(NamedTuple):
    """An array formula whose result does not have the shape its range declares."""

    sheet: str
    anchor: str                  # "B7"
    declared: tuple[int, int]    # (rows, columns) of the range in the file
    result: tuple[int, int]      # (rows, columns) of the computed result


@dataclass
class RecalcResult:
    """What :func:`recalc` computed and wrote.

    ``values``: {(sheet, "B7"): value} for every formula cell and every cell of each
    array (spill) range — ``float`` for numbers, ``str`` for text, ``bool``, an Excel
    error as its text (an :class:`~.xlsx_values.ExcelError`, a ``str`` subclass:
    ``"#VALUE!"``), ``None`` for a blank cell of a spill range.
    ``messages``: {(sheet, cell): "#IIE! argument: problem"} for the cells showing an
    iiecon-xl input message. ``errors``: [(sheet, cell, text)] for every error value and
    every message among the results, in sheet order. ``spill_mismatch``: array formulas
    whose result shape differs from the declared range. ``timings``: seconds for
    "load", "compile", "calculate", "collect", "write" and "total".
    ``unparsed``: [(sheet, cell, formula)] for formulas the engine cannot parse (they
    evaluate to ``#NAME?``); ``unevaluated``: formula cells that got no value (none
    expected; no cached value is written for them).
    """

    book: Path
    out: Path
    values: dict[tuple[str, str], Any] = field(default_factory=dict)
    messages: dict[tuple[str, str], str] = field(default_factory=dict)
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    spill_mismatch: list[SpillMismatch] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    formula_cells: int = 0
    unevaluated: list[tuple[str, str]] = field(default_factory=list)
    unparsed: list[tuple[str, str, str]] = field(default_factory=list)
    shared_formulas: int = 0

    @property
    def ok(self) -> bool:
        """No error value, no message, no spill mismatch."""
        return not (self.errors or self.spill_mismatch or self.unevaluated)

    def summary(self, max_errors: int = 50) -> str:
        """A few lines for the command line."""
        spills = sum(1 for (s, c) in self.values) - self.formula_cells
        lines = [f"{self.formula_cells} formula cells evaluated"
                 + (f" (+{spills} spilled cells)" if spills > 0 else "")
                 + f"; written to {self.out}"]
        if self.errors:
            lines.append(f"{len(self.errors)} error value{'s' if len(self.errors) != 1 else ''}:")
            for sheet, cell, text in self.errors[:max_errors]:
                lines.append(f"  {_qualified(sheet, cell)}: {text}")
            if len(self.errors) > max_errors:
                lines.append(f"  … and {len(self.errors) - max_errors} more")
        else:
            lines.append("no error values")
        for m in self.spill_mismatch:
            lines.append(f"spill mismatch {_qualified(m.sheet, m.anchor)}: the file declares "
                         f"{m.declared[0]}×{m.declared[1]}, the result is {m.result[0]}×{m.result[1]}")
        for sheet, cell, formula in self.unparsed:
            lines.append(f"formula not understood by the engine (#NAME?): {_qualified(sheet, cell)}: {formula}")
        for sheet, cell in self.unevaluated:
            lines.append(f"not evaluated — a circular reference? (no cached value written): "
                         f"{_qualified(sheet, cell)}")
        t = self.timings
        lines.append("timings: " + ", ".join(f"{k} {t[k]:.2f}s" for k in
                                             ("load", "compile", "calculate", "collect", "write", "total")
                                             if k in t))
        return "\n".join(lines)


def _qualified(sheet: str, cell: str) -> str:
    return f"'{sheet}'!{cell}" if not sheet.isalnum() else f"{sheet}!{cell}"


# --------------------------------------------------------------------------- formulas glue


def _formulas():
    """The ``formulas`` package and the pieces used here (imported lazily: it is slow)."""
    import formulas
    import schedula as sh
    from formulas.functions import Array, wrap_func
    from formulas.ranges import Ranges
    from formulas.tokens.operand import Error, XlError

    return types.SimpleNamespace(formulas=formulas, sh=sh, Array=Array, wrap_func=wrap_func,
                                 Ranges=Ranges, XlError=XlError, Error=Error)


def _to_excel_cell(x: Any, F) -> Any:
    """One value ``formulas`` passes → what an Excel function of the registry expects."""
    if x is None or x is F.sh.EMPTY:
        return None
    if isinstance(x, F.XlError):
        return str.__str__(x)
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, F.sh.Token):  # any other schedula token: treat as blank
        return None
    if type(x) is int:  # Excel (and xlwings) hand every number over as a float
        return float(x)
    return x


def _to_excel_arg(v: Any, F) -> Any:
    """An argument from ``formulas`` (array, Ranges, scalar) → scalar or list of lists."""
    if isinstance(v, F.Ranges):
        v = v.value
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            return _to_excel_cell(v.item(), F)
        if v.ndim == 1:
            v = v.reshape(1, -1)
        if v.shape == (1, 1):
            return _to_excel_cell(v[0, 0], F)
        conv = _to_excel_cell
        return [[conv(x, F) for x in row] for row in v.tolist()]
    return _to_excel_cell(v, F)


def _from_excel_cell(x: Any) -> Any:
    if x is None:
        return ""  # xlwings shows None as an empty text in Excel
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, bool):
        return x
    if isinstance(x, numbers.Real):
        return float(x)
    return x


def _to_formulas_result(res: Any, F) -> Any:
    """A registry result (scalar or list of lists) → what ``formulas`` expects."""
    if isinstance(res, np.ndarray):
        res = res.tolist() if res.ndim else res.item()
    if isinstance(res, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in res]
        width = max((len(r) for r in rows), default=0)
        out = np.empty((len(rows), width), dtype=object)
        out[:] = ""
        for i, r in enumerate(rows):
            for j, x in enumerate(r):
                out[i, j] = _from_excel_cell(x)
        if out.shape == (1, 1):
            return out[0, 0]
        return out.view(F.Array)
    return _from_excel_cell(res)


def _arity(func: Callable) -> tuple[int, int]:
    params = list(inspect.signature(func).parameters.values())
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return sum(p.default is p.empty for p in params if p.kind is not p.VAR_POSITIONAL), 255
    required = sum(p.default is p.empty for p in params)
    return required, len(params)


def _make_udf(name: str, plain: Callable, F) -> Callable:
    """The ``formulas`` function for one registry function (never raises)."""
    lo, hi = _arity(plain)

    def udf(*args):
        if not lo <= len(args) <= hi:
            want = f"{lo}" if lo == hi else f"{lo} to {hi}"
            return f"{IIE_ERROR_PREFIX} {name}: takes {want} argument{'s' if hi != 1 else ''}, got {len(args)}"
        try:
            res = plain(*(_to_excel_arg(a, F) for a in args))
        except IIEInputError as e:
            return f"{IIE_ERROR_PREFIX} {e}"
        except Exception as e:  # noqa: BLE001 - the cell gets a message, as in Excel
            logger.debug("internal error in %s", name, exc_info=True)
            return f"{IIE_ERROR_PREFIX} internal error: {type(e).__name__}: {e}"
        try:
            return _to_formulas_result(res, F)
        except Exception as e:  # noqa: BLE001
            return f"{IIE_ERROR_PREFIX} internal error: {type(e).__name__}: {e}"

    udf.__name__ = udf.__qualname__ = name
    udf.__doc__ = plain.__doc__
    return F.wrap_func(udf)


# --------------------------------------------------------------------------- INDEX


class _IndexFail(Exception):
    def __init__(self, code: str):
        self.code = code


def _index_number(v: Any, F) -> int | None:
    """row_num / col_num / area_num as an int ≥ 0 (None: an array of numbers)."""
    if isinstance(v, F.Ranges):
        v = v.value
    if isinstance(v, np.ndarray):
        if v.size != 1:
            return None
        v = v.reshape(-1)[0]
    if v is None or v is F.sh.EMPTY:
        return 0
    if isinstance(v, F.XlError):
        raise _IndexFail(str.__str__(v))
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, bool):
        v = int(v)
    elif isinstance(v, str):
        try:
            v = float(v.strip())
        except ValueError:
            raise _IndexFail("#VALUE!") from None
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise _IndexFail("#VALUE!") from None
    if not np.isfinite(f) or f < 0:
        raise _IndexFail("#VALUE!")
    return int(f)


def _index_window(shape: tuple[int, int], row: int, col: int | None) -> tuple[slice, slice]:
    """Row and column slices INDEX selects in an array of ``shape`` (1-based, 0 = all)."""
    nr, nc = shape
    if col is None:  # INDEX(array, n): the one dimension of a vector, else a row
        if nr == 1 and nc != 1:
            row, col = 1, row
        elif nc == 1:
            col = 1
        else:
            col = 0
    if row > nr or col > nc:
        raise _IndexFail("#REF!")
    rs = slice(0, nr) if row == 0 else slice(row - 1, row)
    cs = slice(0, nc) if col == 0 else slice(col - 1, col)
    return rs, cs


def _xindex(F, array, row_num, col_num=None, area_num=1):
    try:
        row = _index_number(row_num, F)
        col = None if col_num is None else _index_number(col_num, F)
        area = _index_number(area_num, F)
        if row is None or (col_num is not None and col is None) or area is None:
            return _xindex_vectorized(F, array, row_num, col_num, area_num)
        if isinstance(array, F.Ranges):
            if area < 1 or area > len(array.ranges):
                raise _IndexFail("#REF!")
            base = array.ranges[area - 1]
            r1, n1 = int(base["r1"]) or 1, int(base["n1"]) or 1
            shape = (int(base["r2"]) - r1 + 1, int(base["n2"]) - n1 + 1)
            rs, cs = _index_window(shape, row, col)
            if (rs.start, rs.stop, cs.start, cs.stop) == (0, shape[0], 0, shape[1]):
                return F.Ranges((base,), array.values)
            sub = F.Ranges.format_range(
                ("name", "n1", "n2"), sheet_id=base.get("sheet_id"),
                n1=n1 + cs.start, n2=n1 + cs.stop - 1, r1=str(r1 + rs.start), r2=str(r1 + rs.stop - 1))
            return F.Ranges((sub,), array.values)
        if area != 1:
            raise _IndexFail("#REF!")
        arr = np.asarray(array, dtype=object)
        if arr.ndim == 0:
            arr = arr.reshape(1, 1)
        elif arr.ndim == 1:
            arr = arr.reshape(1, -1)
        rs, cs = _index_window(arr.shape, row, col)
        out = arr[rs, cs]
        if out.shape == (1, 1):
            v = out[0, 0]
            return 0 if v is F.sh.EMPTY else v
        return np.array(out, dtype=object).view(F.Array)
    except _IndexFail as e:
        return F.Error.errors.get(e.code, F.Error.errors["#VALUE!"])


def _xindex_vectorized(F, array, row_num, col_num, area_num):
    """INDEX with arrays of row/column numbers: one value per element (no references)."""
    def cell(r, c, a):
        res = _xindex(F, array, r, c, a)
        if isinstance(res, F.Ranges):
            val = res.value
            return val[0, 0] if val.shape == (1, 1) else F.Error.errors["#VALUE!"]
        if isinstance(res, np.ndarray):
            return res[0, 0] if res.shape == (1, 1) else F.Error.errors["#VALUE!"]
        return res

    def arr(v):
        if isinstance(v, F.Ranges):
            v = v.value
        return np.asarray(v, dtype=object) if v is not None else np.asarray(None, dtype=object)

    r, c, a = np.broadcast_arrays(arr(row_num), arr(col_num), arr(area_num))
    out = np.empty(r.shape, dtype=object)
    for idx in np.ndindex(r.shape):
        out[idx] = cell(r[idx], None if col_num is None else c[idx], a[idx])
    if out.ndim < 2:
        out = out.reshape(1, -1)
    return out.view(F.Array)


def xindex(array, row_num, col_num=None, area_num=1):
    """Excel's INDEX for ``formulas``: a reference in gives a reference out.

    ``row_num`` 0 (or blank) selects every row, ``col_num`` 0 every column; with
    ``col_num`` left out, the single number indexes a one-row or one-column range, and
    selects a whole row of a two-dimensional one. Negative numbers give ``#VALUE!``,
    numbers past the range ``#REF!``. The cost is independent of the size of the range.
    """
    return _xindex(_formulas(), array, row_num, col_num, area_num)


# --------------------------------------------------------------------------- registration

_REGISTERED: dict[str, tuple[int, Callable]] = {}


def register_functions() -> dict:
    """Put the registry's functions and the INDEX fix into ``formulas.get_functions()``.

    Idempotent; re-wraps a function only if the registry's callable changed. Must run
    before a book is parsed (``formulas`` resolves function names at parse time).
    Returns the ``formulas`` function table.
    """
    from .. import udfs

    F = _formulas()
    table = F.formulas.get_functions()
    for name, plain in udfs.FUNCTIONS.items():
        key = name.upper()
        cached = _REGISTERED.get(key)
        if cached is None or cached[0] != id(plain) or table.get(key) is not cached[1]:
            wrapped = _make_udf(name, plain, F)
            _REGISTERED[key] = (id(plain), wrapped)
            table[key] = wrapped
    if not getattr(table.get("INDEX"), "_iiecon", False):
        table["INDEX"] = _index_entry(F)
    return table


class _IndexEntry(dict):
    _iiecon = True


def _index_entry(F) -> dict:
    from formulas.functions import COMPILING, wrap_impure_func

    func = F.wrap_func(functools.partial(_xindex, F), ranges=True)
    functools.update_wrapper(func, xindex)
    return _IndexEntry(extra_inputs=collections.OrderedDict([(COMPILING, False)]),
                       function=wrap_impure_func(func))


@contextlib.contextmanager
def _quiet_formulas():
    """Silence the tqdm progress bar ``ExcelModel.complete`` prints on stderr."""
    import formulas.excel as fx

    class _NoBar:
        def __init__(self, *a, **k):
            self.total = k.get("total", 0)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def update(self, *a):
            pass

        def refresh(self, *a):
            pass

    saved = fx.tqdm
    fx.tqdm = types.SimpleNamespace(tqdm=_NoBar)
    try:
        yield
    finally:
        fx.tqdm = saved


# --------------------------------------------------------------------------- fast loading


@functools.lru_cache(maxsize=None)
def bare_udf_names(text: str) -> str:
    """A formula with the package's function names as written by this project's templates.

    Excel saves a call to an add-in function with a prefix: ``[1]!LEONTIEF_INV(`` or
    ``'C:\\…\\iiecon-xl.xlam'!LEONTIEF_INV(`` for the classic add-in (an external reference to
    the .xlam), ``_xldudf_LEONTIEF_INV(`` for Office.js / xlwings Lite custom functions and
    ``_xludf.`` for a name Excel did not know. The prefixes are dropped for registry names so a
    book saved by Excel recalculates and audits like the template it came from."""
    from .. import udfs

    names = "|".join(sorted(udfs.FUNCTIONS, key=len, reverse=True))
    pattern = _UDF_PREFIX_CACHE.get(names)
    if pattern is None:
        pattern = re.compile(r"(?:\[\d+\]!|'[^']*\.xla[mx]?'!|[\w.-]+\.xla[mx]?!|_xldudf_|_xludf\.)"
                             rf"(?=(?:{names})\s*\()", re.I)
        _UDF_PREFIX_CACHE[names] = pattern
    return pattern.sub("", text)


_UDF_PREFIX_CACHE: dict[str, re.Pattern] = {}


def _bare_udf_names_in_cell(c) -> None:
    v = c.value
    text = getattr(v, "text", v)
    if isinstance(text, str) and text.startswith("=") and ("!" in text or "_xl" in text.lower()):
        bare = bare_udf_names(text)
        if bare != text:
            if hasattr(v, "text"):
                v.text = bare
            else:
                c.value = bare


def _fast_model_class():
    """An ``ExcelModel`` that does not turn every input number into a node of its own.

    ``formulas`` makes one dispatcher node per non-empty cell and pays ~0.2 ms per node
    to load, compile and dispatch it: ~4 s for a 149×149 table. This subclass pushes
    only the formula cells; then every multi-cell range that formulas refer to and that
    holds no formula (no formula cell, no array-formula range) becomes one constant
    node holding the block of values — what ``formulas`` would have assembled from the
    individual cells (blank → ``EMPTY``, numbers rounded to 15 digits, error cells as
    error values). Single cells and ranges mixed with formulas are left to
    ``formulas``' own ``complete()``, which loads their cells one by one as usual.

    Compiling a formula costs ``formulas`` ~1–2 ms; a template repeats a few hundred
    shapes thousands of times (``=B2-C2``, ``=B3-C3`` …). Formulas of one shape share
    the compiled function of the first one, rebound to their own references
    (:meth:`FastExcelModel._compile_shared`) — on the demo book 7195 of 7847 formulas,
    with bit-identical results.

    A formula ``formulas`` cannot parse evaluates to ``#NAME?`` (and is listed in
    ``unparsed``) instead of aborting the whole load. ``fast=False`` pushes every cell,
    as ``ExcelModel`` does, and adds no constant blocks.
    """
    import schedula as sh
    from formulas.cell import CELL, Cell, Ref, wrap_cell_func
    from formulas.excel import BOOK, ExcelModel
    from formulas.ranges import Ranges
    from formulas.tokens.operand import Error
    from openpyxl.formula.translate import Translator

    class FastExcelModel(ExcelModel):
        def __init__(self, fast: bool = True, share: bool = True):
            super().__init__()
            self.fast = fast
            self.share = share
            self.shared = 0  # formula cells that reuse the compiled function of an equal shape
            self.unparsed: list[tuple[str, str, str, str]] = []  # (SHEET, cell, formula, error)
            self.local_names: list[str] = []                       # sheet-scoped names added

        def push(self, worksheet, context):
            worksheet, context = self.add_sheet(worksheet, context)
            references = self.references
            formula_references = self.formula_references(context)
            formula_ranges = self.formula_ranges(context)
            ctx = {"external_links": self.external_links(context)}
            ctx.update(context)
            cells = []
            shapes: dict[tuple, Any] = {}
            for _, c in sorted(worksheet._cells.items()):
                if self.fast and getattr(c, "data_type", None) != "f":
                    continue
                if not hasattr(c, "value"):
                    continue
                _bare_udf_names_in_cell(c)
                try:
                    if self.fast and self.share and isinstance(c.value, str):
                        cells.append(self._compile_shared(c, ctx, references, formula_references, shapes))
                    else:
                        cells.append(self.compile_cell(c, ctx, references, formula_references))
                except Exception as e:  # noqa: BLE001 - one formula formulas cannot parse
                    text = getattr(c.value, "text", c.value)
                    self.unparsed.append((context["sheet"], c.coordinate, str(text), f"{type(e).__name__}"))
                    crd = formula_references.get(c.coordinate, c.coordinate)
                    cells.append(self._compile_cell(crd, "=#NAME?", ctx, True, references))
            for cell in cells:
                self.add_cell(sh.await_result(cell), ctx, formula_ranges)
            return self

        def _compile_shared(self, c, ctx, references, formula_references, shapes):
            """Compile a formula, or reuse the compiled function of one with the same shape.

            Two formulas have the same shape when they are the same relative formula
            (``=B2-C2`` in D2, ``=B3-C3`` in D3): openpyxl's translator moves both to the
            same far-away cell with the same result. The first of a shape is compiled by
            ``formulas``; the others get its compiled function with their own input
            references, found by moving each reference token of the first formula by the
            row/column offset (absolute parts stay). A shape is not shared when its
            function depends on the cell it sits in (ROW(), COLUMN(), implicit
            intersection) or when an input of the function cannot be traced to exactly
            one moved reference; such formulas are compiled one by one, as usual.
            """
            text = c.value
            key = range_texts = None
            try:
                tr = Translator(text, origin=c.coordinate)
                tokens = tr.get_tokens()
                if all(t.type != "FUNC" or t.subtype != "OPEN" or _PLAIN_FUNC.match(t.value) for t in tokens):
                    range_texts = [t.value for t in tokens if t.type == "OPERAND" and t.subtype == "RANGE"]
                    key = tr.translate_formula(_FAR_CELL)
            except Exception:  # noqa: BLE001 - openpyxl cannot move it: compile alone
                key = None
            r0, c0 = xlsx_values.cell_index(c.coordinate)
            if key is not None and key in shapes:
                plan = shapes[key]
                if plan is not None:
                    try:
                        cell = SharedCell.build(c.coordinate, ctx, plan, r0, c0, references)
                    except Exception:  # noqa: BLE001 - cannot rebind: compile it alone
                        pass
                    else:
                        self.shared += 1
                        return cell
                return self.compile_cell(c, ctx, references, formula_references)
            cell = self.compile_cell(c, ctx, references, formula_references)
            if key is not None:
                shapes[key] = share_plan(cell, range_texts, ctx, references, r0, c0)
            return cell

        def add_references(self, book, context=None):
            """Workbook-level names (formulas), plus sheet-scoped names whose name is unique.

            ``formulas`` ignores sheet-scoped names (``Sheet1!rate``): formulas using
            them give ``#REF!``. A sheet-scoped name that no workbook-level name and no
            other sheet uses is added as if it were workbook-level, so the formulas of its
            sheet get its value; ambiguous ones (the same name on two sheets) stay
            unsupported, as do Excel's built-in ``_xlnm.`` names.
            """
            refs = super().add_references(book, context=context)
            globals_ = {str(n).upper() for n in book.defined_names}
            local = [(str(name).upper(), dn) for ws in book.worksheets
                     for name, dn in getattr(ws, "defined_names", {}).items()]
            counts = collections.Counter(name for name, _ in local)
            nodes = set()
            for name, dn in local:
                if name in globals_ or counts[name] > 1 or name.startswith("_XLNM.") or dn.hidden:
                    continue
                try:
                    ref = Ref(name, "=%s" % dn.value, context).compile(context=context)
                except Exception:  # noqa: BLE001 - a name formulas cannot parse: leave it out
                    continue
                nodes.update(ref.add(self.dsp, context=context))
                refs[ref.output] = None
                self.cells[ref.output] = ref
                self.local_names.append(name)
            self._update_refs(nodes, refs)
            return refs

        def add_constant_blocks(self, min_cells: int = 2) -> int:
            """Constant nodes for the formula-free ranges referred to; returns their number."""
            dsp, pred = self.dsp, self.dsp.dmap.pred
            refs = self.references
            sheets: dict[str, tuple[Any, np.ndarray, np.ndarray, dict]] = {}
            added = 0
            for k in sorted(k for k in dsp.data_nodes if isinstance(k, str)):
                if isinstance(k, sh.Token) or k in self.cells or k in refs or pred.get(k) \
                        or k in dsp.default_values:
                    continue
                try:
                    rng = Ranges.get_range(k, raise_anchor=False)
                except Exception:  # noqa: BLE001 - not a plain range (a name, an error …)
                    continue
                if rng.get("anchor") or "sheet" not in rng or "filename" not in rng:
                    continue
                r1, r2, n1, n2 = int(rng["r1"]), int(rng["r2"]), int(rng["n1"]), int(rng["n2"])
                if r1 < 1 or n1 < 1 or (r2 - r1 + 1) * (n2 - n1 + 1) < min_cells:
                    continue
                sheet_key = (str(rng["filename"]).upper(), str(rng["sheet"]).upper())
                if sheet_key not in sheets:
                    sheets[sheet_key] = self._sheet_grid(*sheet_key)
                ws, grid, formula_mask, ctx = sheets[sheet_key]
                if ws is None or r2 > 1048576 or n2 > 16384:
                    continue
                if formula_mask[r1 - 1:r2, n1 - 1:n2].any():
                    continue
                block = np.empty((r2 - r1 + 1, n2 - n1 + 1), dtype=object)
                block[:] = sh.EMPTY
                h = max(0, min(r2, grid.shape[0]) - r1 + 1)
                w = max(0, min(n2, grid.shape[1]) - n1 + 1)
                if h and w:
                    block[:h, :w] = grid[r1 - 1:r1 - 1 + h, n1 - 1:n1 - 1 + w]
                cell = Cell(k, block, context=ctx)
                if cell.output != k:  # pragma: no cover - formulas named the range differently
                    continue
                if cell.add(dsp, context=ctx):
                    self.cells[cell.output] = cell
                    added += 1
            return added

        def _sheet_grid(self, excel: str, sheet: str):
            """(worksheet, values grid, formula mask, context) of one sheet of a loaded book."""
            data = self.books.get(excel)
            book = data and data.get(BOOK)
            if not book:
                return None, None, None, None
            names = {n.upper(): n for n in book.sheetnames}
            if sheet not in names:
                return None, None, None, None
            ws = book[names[sheet]]
            nr, nc = max(ws.max_row, 1), max(ws.max_column, 1)
            if nr * nc > _MAX_GRID_CELLS:  # a stray cell far away: leave this sheet to formulas
                return None, None, None, None
            grid = np.empty((nr, nc), dtype=object)
            grid[:] = sh.EMPTY
            mask = np.zeros((nr, nc), dtype=bool)  # slices past the used area are just shorter
            for (r, c), cell in ws._cells.items():
                v = cell.value
                dt = getattr(cell, "data_type", None)
                if dt == "f":
                    mask[r - 1, c - 1] = True
                    continue
                if v is None:
                    continue
                if dt == "n" and isinstance(v, float):
                    v = round(v, 15)
                elif dt == "e" and isinstance(v, str):
                    v = Error.errors.get(v.upper(), v)
                grid[r - 1, c - 1] = v
            for ref in ws.array_formulae.values():
                b = Ranges.get_range(ref)
                mask[int(b["r1"]) - 1:int(b["r2"]), int(b["n1"]) - 1:int(b["n2"])] = True
            ctx = {"excel": excel, "sheet": sheet}
            return ws, grid, mask, ctx

    class NoShare(Exception):
        pass

    class SharedCell(Cell):
        """A formula cell running the compiled function of another cell of its shape."""

        @classmethod
        def build(cls, reference, ctx, plan, row, col, references):
            pipe, inputs, texts, r0, c0 = plan
            dr, dc = row - r0, col - c0
            own = collections.OrderedDict()
            for k, idx in inputs:
                if idx is None:
                    own[k] = pipe.inputs[k]
                    continue
                names = set()
                for j in idx:
                    moved = Translator.translate_range(texts[j], dr, dc)
                    names.add(Ranges.get_range(moved, ctx)["name"])
                if len(names) != 1:
                    raise NoShare(f"{texts[idx[0]]} and its twins move apart")
                own[k] = Ranges().push(names.pop(), context=ctx)
            self = cls.__new__(cls)
            self.replace_missing_ref = True
            self.range = Ranges().push(reference, context=ctx)
            self.output = self.range.ranges[0]["name"]
            self.builder, self.value = None, sh.EMPTY
            self.own_inputs = own
            self.func = wrap_cell_func(pipe, self._args)
            self._own_update_inputs(references or {})
            return self

        def compile(self, references=None, context=None):
            return self

        def _own_update_inputs(self, references):
            self.inputs = inp = collections.OrderedDict()
            for k, rng in self.own_inputs.items():
                if k in references or rng is sh.NONE:
                    inp.setdefault(k, []).append(k)
                else:
                    try:
                        for r in rng.ranges:
                            inp.setdefault(r["name"], []).append(k)
                    except AttributeError:
                        self._missing_ref(inp, k)

        def _args(self, *args):
            assert len(args) == len(self.inputs)
            inputs = {k: hasattr(r, "ranges") and Ranges(r.ranges) or r for k, r in self.own_inputs.items()}
            for links, v in zip(self.inputs.values(), args):
                for k in links:
                    try:
                        inputs[k].values.update(v.values)
                    except AttributeError:  # a reference
                        inputs[k] = v
            return inputs.values()

    def share_plan(cell, texts, ctx, references, row, col):
        """How to rebind ``cell``'s compiled function to other cells of its shape (None: not)."""
        func = getattr(cell, "func", None)
        pipe = getattr(func, "func", None)
        if pipe is None or not hasattr(pipe, "inputs") or not hasattr(pipe, "dsp"):
            return None
        if CELL in pipe.dsp.nodes or any(isinstance(k, sh.Token) for k in pipe.inputs):
            return None  # depends on the cell it sits in (ROW(), @ …) or on the dispatcher
        names = []
        for t in texts or ():
            try:
                names.append(Ranges.get_range(t, ctx)["name"])
            except Exception:  # noqa: BLE001 - a defined name or something else
                names.append(None)
        if any(n is not None and n not in pipe.inputs for n in names):
            return None  # a reference the function does not take as an input (folded, …)
        inputs = []
        for k, r in pipe.inputs.items():
            if k in (references or {}) or not (isinstance(r, Ranges) and r.ranges):
                inputs.append((k, None))
                continue
            idx = [j for j, n in enumerate(names) if n == k]
            if not idx:
                return None
            inputs.append((k, idx))
        return pipe, inputs, list(texts or ()), row, col

    return FastExcelModel


#: Largest used area (rows × columns) of a sheet read into one grid for constant blocks.
_MAX_GRID_CELLS = 5_000_000
#: Where formulas are moved to compare their shapes (far from the data, inside the sheet).
_FAR_CELL = "LZZ500000"
#: A function call openpyxl's tokenizer and formulas read alike (not "A1:INDEX(", not LET …).
_PLAIN_FUNC = re.compile(r"^(?!(?:_xlfn\.)?(?:LET|LAMBDA|INDIRECT|OFFSET|ROW|COLUMN)\()[A-Za-z_][A-Za-z0-9_.]*\($",
                         re.IGNORECASE)


# --------------------------------------------------------------------------- values


def _py_value(x: Any, F, formula: bool = True) -> Any:
    """One result element → float / str / bool / ExcelError (0.0 for a formula's blank)."""
    if isinstance(x, F.Ranges):
        v = x.value
        x = v.reshape(-1)[0] if getattr(v, "size", 0) else F.sh.EMPTY
    if isinstance(x, np.ndarray):
        x = x.reshape(-1)[0] if x.size else F.sh.EMPTY
    if x is F.sh.EMPTY or x is None:
        return 0.0 if formula else None
    if isinstance(x, F.XlError):
        code = str.__str__(x)
        return ExcelError(code if code in xlsx_values.EXCEL_ERRORS else "#VALUE!")
    if isinstance(x, F.sh.Token):
        return ExcelError("#VALUE!")
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, bool):
        return x
    if isinstance(x, numbers.Real):
        f = float(x)
        return f if np.isfinite(f) else ExcelError("#NUM!")
    if isinstance(x, str):
        return str.__str__(x)
    if isinstance(x, complex):
        return ExcelError("#NUM!")
    return str(x)


def _as_2d(v: Any, F) -> np.ndarray:
    """A raw result (Array, Ranges, scalar) as a 2-D object array."""
    if isinstance(v, F.Ranges):
        try:
            v = v.value
        except Exception:  # noqa: BLE001 - an unresolvable reference
            return np.asarray([[F.Error.errors["#REF!"]]], dtype=object)
    if isinstance(v, np.ndarray):
        a = np.asarray(v, dtype=object)
        if a.ndim == 0:
            return a.reshape(1, 1)
        if a.ndim == 1:
            return a.reshape(1, -1)
        return a
    return np.asarray([[v]], dtype=object)


def _check_paths(book: str | os.PathLike, out: str | os.PathLike) -> tuple[Path, Path]:
    src, dst = Path(book), Path(out)
    if not src.is_file():
        raise IIEInputError("BOOK", f"{src} does not exist or is not a file")
    if src.suffix.lower() not in _EXTENSIONS:
        raise IIEInputError("BOOK", f"{src.name} is not an Excel workbook ({', '.join(_EXTENSIONS)})")
    if not zipfile.is_zipfile(src):
        raise IIEInputError("BOOK", f"{src.name} is not an .xlsx file (not a zip package)")
    same = src.resolve() == dst.resolve()
    if not same and dst.exists():
        try:
            same = os.path.samefile(src, dst)
        except OSError:
            same = False
    if same:
        raise IIEInputError("OUT", f"{dst} is the input book itself; recalc never writes over BOOK — "
                                   "choose another output file")
    if dst.exists() and dst.is_dir():
        raise IIEInputError("OUT", f"{dst} is a folder; give a file name such as {dst / src.name}")
    if dst.suffix.lower() != src.suffix.lower():
        raise IIEInputError("OUT", f"{dst.name} must have the extension {src.suffix} of BOOK")
    return src, dst


def recalc(book: str | os.PathLike, out: str | os.PathLike, *, fast: bool = True) -> RecalcResult:
    """Evaluate every formula of ``book`` and write it to ``out`` with cached values.

    Formulas are kept; ``out``'s parent folders are created; ``book`` is only read (an
    :class:`IIEInputError` naming ``OUT`` is raised when ``out`` is ``book``). See
    :class:`RecalcResult` for what is returned. ``fast=False`` loads the book with
    ``formulas``' plain ``ExcelModel`` (one node per input cell; slower, same values).
    """
    t0 = time.perf_counter()
    src, dst = _check_paths(book, out)
    F = _formulas()
    register_functions()
    timings: dict[str, float] = {}

    try:
        parts = xlsx_values.sheet_parts(src)
        declared = xlsx_values.read_formula_cells(src)
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise IIEInputError("BOOK", f"{src.name} cannot be read as a workbook: {e}") from None
    real_sheet = {name.upper(): name for name in parts}

    with tempfile.TemporaryDirectory(prefix="iiecon-recalc-") as tmp:
        # formulas keys cells by file name; a private copy gives it a plain, stable name
        # and a snapshot that cannot change under us.
        work = Path(tmp) / f"book{src.suffix.lower()}"
        shutil.copyfile(src, work)
        book_key = work.name.upper()

        with _quiet_formulas():
            t = time.perf_counter()
            try:
                model = _fast_model_class()(fast=fast).loads(str(work))
            except Exception as e:  # noqa: BLE001 - a corrupt or unsupported file
                raise IIEInputError("BOOK", f"{src.name} cannot be loaded: {type(e).__name__}: {e}") from None
            timings["load"] = time.perf_counter() - t

            t = time.perf_counter()
            if fast:
                model.add_constant_blocks()
            model.finish()
            timings["compile"] = time.perf_counter() - t

        # formula cells (not defined names, not constants) of this book, by real sheet
        cells_by_key: dict[str, tuple[str, dict, Any]] = {}
        for c in model.cells.values():
            if c.func is None or c.range is None or type(c).__name__ == "Ref":
                continue
            rng = c.range.ranges[0]
            if str(rng.get("filename", "")).upper() != book_key:
                continue
            sheet = real_sheet.get(str(rng.get("sheet", "")).upper())
            if sheet is None:
                continue
            cells_by_key[c.output] = (sheet, rng, c)

        # record the raw result of every array formula (its shape before formulas fits it)
        raw: dict[str, Any] = {}
        arrays: dict[str, tuple[str, str, xlsx_values.FormulaCell]] = {}
        for key, (sheet, rng, cell) in cells_by_key.items():
            anchor = cell_name(int(rng["r1"]), int(rng["n1"]))
            info = declared.get(sheet, {}).get(anchor)
            if info is None or info.array_ref is None:
                continue
            arrays[key] = (sheet, anchor, info)
            for fid in model.dsp.dmap.pred.get(key, ()):
                node = model.dsp.nodes.get(fid, {})
                if node.get("type") != "function" or node.get("function") is not cell.func:
                    continue
                node.setdefault("filters", []).append(functools.partial(_record, raw, key))

        t = time.perf_counter()
        solution = model.calculate()
        timings["calculate"] = time.perf_counter() - t

    t = time.perf_counter()
    result = RecalcResult(book=src, out=dst, timings=timings)
    result.unparsed = [(real_sheet.get(sheet.upper(), sheet), cell, formula)
                       for sheet, cell, formula, _ in getattr(model, "unparsed", [])]
    result.shared_formulas = getattr(model, "shared", 0)
    values = result.values
    for key, (sheet, rng, _) in cells_by_key.items():
        r1, c1 = int(rng["r1"]), int(rng["n1"])
        r2, c2 = int(rng["r2"]), int(rng["n2"])
        shape = (r2 - r1 + 1, c2 - c1 + 1)
        got = solution.get(key)
        fitted = _as_2d(got, F) if got is not None else None
        if key in arrays:
            _, anchor, info = arrays[key]
            res = _as_2d(raw[key], F) if key in raw else fitted
            if res is not None and res.shape != shape:
                result.spill_mismatch.append(SpillMismatch(sheet, anchor, shape, tuple(res.shape)))
                if info.dynamic:  # Excel shows the result where it fits, blanks elsewhere
                    fitted = np.empty(shape, dtype=object)
                    fitted[:] = None
                    h, w = min(shape[0], res.shape[0]), min(shape[1], res.shape[1])
                    fitted[:h, :w] = res[:h, :w]
        if fitted is None:
            result.unevaluated.append((sheet, cell_name(r1, c1)))
            values[(sheet, cell_name(r1, c1))] = None
            continue
        if fitted.shape != shape:  # formulas fits results to the range; be defensive
            fitted = np.resize(fitted, shape)
        for i in range(shape[0]):
            for j in range(shape[1]):
                x = fitted[i, j]
                v = None if (x is None and (i or j)) else _py_value(x, F)
                values[(sheet, cell_name(r1 + i, c1 + j))] = v
    result.formula_cells = len(cells_by_key)

    # XML formula cells formulas did not evaluate (should not happen): no stale values
    for sheet, cells in declared.items():
        for ref in cells:
            if (sheet, ref) not in values:
                result.unevaluated.append((sheet, ref))
                values[(sheet, ref)] = None

    order = {name: i for i, name in enumerate(parts)}

    def pos(item):
        (sheet, ref) = item[0]
        r, c = xlsx_values.cell_index(ref)
        return order.get(sheet, len(order)), r, c

    for (sheet, ref), v in sorted(values.items(), key=pos):
        if isinstance(v, ExcelError):
            result.errors.append((sheet, ref, str(v)))
        elif isinstance(v, str) and v.startswith(IIE_ERROR_PREFIX):
            result.messages[(sheet, ref)] = v
            result.errors.append((sheet, ref, v))
    result.unevaluated.sort(key=lambda sc: (order.get(sc[0], len(order)), *xlsx_values.cell_index(sc[1])))
    timings["collect"] = time.perf_counter() - t

    t = time.perf_counter()
    xlsx_values.write_cached_values(src, dst, values)
    timings["write"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return result


def _record(store: dict, key: str, value: Any) -> Any:
    """Function-node filter: keep the raw result of an array formula, pass it on."""
    store[key] = value
    return value


# --------------------------------------------------------------------------- CLI


def cmd_recalc(args) -> int:
    """``iiecon-xl recalc BOOK -o OUT``: 0 if no error value, 1 otherwise, 2 on bad input."""
    try:
        res = recalc(args.book, args.output)
    except IIEInputError as exc:
        print(f"iiecon-xl: input error: {exc}", file=sys.stderr)
        return 2
    print(res.summary())
    return 1 if (res.errors or res.unevaluated) else 0


def add_recalc_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``recalc BOOK -o OUT`` on an ``argparse`` sub-parser collection."""
    p = subparsers.add_parser(
        "recalc", help="evaluate every formula of a workbook headlessly and write a copy with values",
        description="Evaluate every formula of BOOK (Excel functions and the iiecon-xl functions) and "
                    "write OUT: the same workbook, formulas kept, with the computed values cached so it "
                    "opens with numbers in any viewer. BOOK is never modified. Exit status 1 if any "
                    "cell holds an error value or an iiecon-xl message.")
    p.add_argument("book", metavar="BOOK", help="the workbook to recalculate (.xlsx)")
    p.add_argument("-o", "--output", metavar="OUT", required=True,
                   help="the workbook to write (must not be BOOK; folders are created)")
    p.set_defaults(func=cmd_recalc)
    return p


def _main(argv=None) -> int:  # pragma: no cover - `python -m iiecon_xl.workbook.recalc`
    parser = argparse.ArgumentParser(prog="iiecon-xl")
    add_recalc_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
