"""An ``ExcelModel`` that loads only formulas, shares compiled shapes and never aborts.

:class:`FastExcelModel` changes three things in ``formulas`` 1.3.4's ``ExcelModel``:

- **Speed.** It pushes only the formula cells; every formula-free range that formulas
  refer to becomes one constant node (:mod:`.blocks`), and formulas of one shape share
  one compiled function (:mod:`.sharing`). ``fast=False`` pushes every cell, as
  ``ExcelModel`` does, and adds no constant blocks (slower, same values).
- **Robustness.** A formula ``formulas`` cannot parse evaluates to ``#NAME?`` and is
  listed in ``unparsed`` instead of aborting the whole load.
- **Names.** ``formulas`` ignores sheet-scoped names; one whose name is unique is added
  as if it were workbook-level (:meth:`FastExcelModel.add_references`).

Formula texts are read with the add-in prefixes Excel writes removed
(:func:`.bridge.bare_names`). :func:`quiet` silences the progress bar ``formulas``
prints. This module imports ``formulas``: the engine imports it only when a
recalculation runs.
"""

from __future__ import annotations

import collections
import contextlib
import types
from typing import Any

import schedula as sh
from formulas.cell import Ref
from formulas.excel import ExcelModel

from ..xlsx.a1 import parse_cell
from . import blocks
from .bridge import bare_names
from .sharing import SharedCell, share_plan, shape_key

__all__ = ["FastExcelModel", "quiet"]


def _bare_names_in_cell(c) -> None:
    """Drop add-in prefixes from an openpyxl cell's formula (plain or array formula)."""
    v = c.value
    text = getattr(v, "text", v)
    if isinstance(text, str) and text.startswith("=") and ("!" in text or "_xl" in text.lower()):
        bare = bare_names(text)
        if bare != text:
            if hasattr(v, "text"):
                v.text = bare
            else:
                c.value = bare


class FastExcelModel(ExcelModel):
    """``formulas``' ``ExcelModel``, loading formula cells only (see the module docstring)."""

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
        shapes: dict[str, Any] = {}
        for _, c in sorted(worksheet._cells.items()):
            if self.fast and getattr(c, "data_type", None) != "f":
                continue
            if not hasattr(c, "value"):
                continue
            _bare_names_in_cell(c)
            cells.append(self._compile_or_name_error(c, ctx, references, formula_references, shapes))
        for cell in cells:
            self.add_cell(sh.await_result(cell), ctx, formula_ranges)
        return self

    def _compile_or_name_error(self, c, ctx, references, formula_references, shapes):
        """The compiled cell; ``=#NAME?`` (listed in ``unparsed``) if formulas cannot parse it."""
        try:
            if self.fast and self.share and isinstance(c.value, str):
                return self._compile_shared(c, ctx, references, formula_references, shapes)
            return self.compile_cell(c, ctx, references, formula_references)
        except Exception as e:  # noqa: BLE001 - one formula formulas cannot parse
            text = getattr(c.value, "text", c.value)
            self.unparsed.append((ctx["sheet"], c.coordinate, str(text), f"{type(e).__name__}"))
            crd = formula_references.get(c.coordinate, c.coordinate)
            return self._compile_cell(crd, "=#NAME?", ctx, True, references)

    def _compile_shared(self, c, ctx, references, formula_references, shapes):
        """Compile a formula, or reuse the compiled function of one with the same shape."""
        key, range_texts = shape_key(c.value, c.coordinate)
        r0, c0 = parse_cell(c.coordinate)
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
        return blocks.add_constant_blocks(self, min_cells)


class _NoBar:
    """A stand-in for tqdm's progress bar that shows nothing."""

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


@contextlib.contextmanager
def quiet():
    """Silence the tqdm progress bar ``ExcelModel.complete`` prints on stderr."""
    import formulas.excel as fx

    saved = fx.tqdm
    fx.tqdm = types.SimpleNamespace(tqdm=_NoBar)
    try:
        yield
    finally:
        fx.tqdm = saved
