"""Constant blocks: one dispatcher node for each formula-free range that formulas refer to.

``formulas`` makes one dispatcher node per non-empty cell and pays ~0.2 ms per node to
load, compile and dispatch it: ~4 s for a 149×149 table. The fast model pushes only the
formula cells; :func:`add_constant_blocks` then turns every multi-cell range that
formulas refer to and that holds no formula (no formula cell, no array-formula range)
into one constant node holding the block of values — what ``formulas`` would have
assembled from the individual cells (blank → ``EMPTY``, numbers rounded to 15 digits,
error cells as error values). Single cells and ranges mixed with formulas are left to
``formulas``' own ``complete()``, which loads their cells one by one as usual.

This module imports ``formulas``: the engine imports it only when a recalculation runs.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import schedula as sh
from formulas.cell import Cell
from formulas.excel import BOOK
from formulas.ranges import Ranges
from formulas.tokens.operand import Error

from ..xlsx.a1 import MAX_COLS, MAX_ROWS

__all__ = ["SheetGrid", "add_constant_blocks", "sheet_grid"]

#: Largest used area (rows × columns) of a sheet read into one grid for constant blocks.
MAX_GRID_CELLS = 5_000_000


class SheetGrid(NamedTuple):
    """The constant values of one sheet of a loaded book, and where its formulas are."""

    values: np.ndarray    # object array over the used area, ``EMPTY`` for blank cells
    formulas: np.ndarray  # bool mask: a formula cell or a cell of an array-formula range
    context: dict         # {"excel": BOOK KEY, "sheet": SHEET KEY}


def _grid_of(ws, excel: str, sheet: str) -> SheetGrid | None:
    nr, nc = max(ws.max_row, 1), max(ws.max_column, 1)
    if nr * nc > MAX_GRID_CELLS:  # a stray cell far away: leave this sheet to formulas
        return None
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
    return SheetGrid(grid, mask, {"excel": excel, "sheet": sheet})


def sheet_grid(model, excel: str, sheet: str) -> SheetGrid | None:
    """The :class:`SheetGrid` of one sheet of a book ``model`` loaded (None: not available)."""
    data = model.books.get(excel)
    book = data and data.get(BOOK)
    if not book:
        return None
    names = {n.upper(): n for n in book.sheetnames}
    if sheet not in names:
        return None
    return _grid_of(book[names[sheet]], excel, sheet)


def _candidate(model, refs: dict, key: Any) -> dict | None:
    """The parsed range of a data node that could become a constant block, else None."""
    dsp = model.dsp
    if isinstance(key, sh.Token) or key in model.cells or key in refs \
            or dsp.dmap.pred.get(key) or key in dsp.default_values:
        return None
    try:
        rng = Ranges.get_range(key, raise_anchor=False)
    except Exception:  # noqa: BLE001 - not a plain range (a name, an error …)
        return None
    if rng.get("anchor") or "sheet" not in rng or "filename" not in rng:
        return None
    return rng


def _block(grid: SheetGrid, r1: int, r2: int, n1: int, n2: int) -> np.ndarray | None:
    """The values of the 1-based range r1:r2 × n1:n2 (None: it holds a formula)."""
    if r2 > MAX_ROWS or n2 > MAX_COLS or grid.formulas[r1 - 1:r2, n1 - 1:n2].any():
        return None
    block = np.empty((r2 - r1 + 1, n2 - n1 + 1), dtype=object)
    block[:] = sh.EMPTY
    h = max(0, min(r2, grid.values.shape[0]) - r1 + 1)
    w = max(0, min(n2, grid.values.shape[1]) - n1 + 1)
    if h and w:
        block[:h, :w] = grid.values[r1 - 1:r1 - 1 + h, n1 - 1:n1 - 1 + w]
    return block


def add_constant_blocks(model, min_cells: int = 2) -> int:
    """Constant nodes in ``model`` for the formula-free ranges referred to; returns their number."""
    dsp, refs = model.dsp, model.references  # (a property that merges dicts: read it once)
    grids: dict[tuple[str, str], SheetGrid | None] = {}
    added = 0
    for k in sorted(k for k in dsp.data_nodes if isinstance(k, str)):
        rng = _candidate(model, refs, k)
        if rng is None:
            continue
        r1, r2, n1, n2 = int(rng["r1"]), int(rng["r2"]), int(rng["n1"]), int(rng["n2"])
        if r1 < 1 or n1 < 1 or (r2 - r1 + 1) * (n2 - n1 + 1) < min_cells:
            continue
        sheet_key = (str(rng["filename"]).upper(), str(rng["sheet"]).upper())
        if sheet_key not in grids:
            grids[sheet_key] = sheet_grid(model, *sheet_key)
        grid = grids[sheet_key]
        block = None if grid is None else _block(grid, r1, r2, n1, n2)
        if block is None:
            continue
        cell = Cell(k, block, context=grid.context)
        if cell.output != k:  # pragma: no cover - formulas named the range differently
            continue
        if cell.add(dsp, context=grid.context):
            model.cells[cell.output] = cell
            added += 1
    return added
