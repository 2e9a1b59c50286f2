"""The values of a calculation, cell by cell, in the shape Excel shows them.

``formulas`` fills exactly the range an array formula declares in the file. A raw
result of another shape is reported as a :class:`~.results.SpillMismatch`; for a
dynamic array (Excel 365, ``cm`` attribute) the cells of the declared range outside the
result are blank, as Excel would show them; legacy array formulas keep ``formulas``'
(and Excel's) broadcast / ``#N/A`` filling. Error values and ``#IIE!`` messages are
then listed in sheet order.

This module imports ``formulas`` (through :mod:`.values`): the engine imports it only
when a recalculation runs.
"""

from __future__ import annotations

import numpy as np

from ..excel.messages import IIE_ERROR_PREFIX
from ..xlsx.a1 import cell_name, parse_cell
from ..xlsx.errors import ExcelError
from ..xlsx.ooxml import FormulaCell
from .evaluate import Evaluation
from .results import RecalcResult, SpillMismatch
from .values import as_2d, py_value

__all__ = ["collect", "list_errors"]


def _fitted(ev: Evaluation, key: str, shape: tuple[int, int], result: RecalcResult) -> np.ndarray | None:
    """The values of a formula's range (None: not evaluated); records a spill mismatch."""
    got = ev.solution.get(key)
    fitted = as_2d(got) if got is not None else None
    if key in ev.arrays:
        sheet, anchor, info = ev.arrays[key]
        res = as_2d(ev.raw[key]) if key in ev.raw else fitted
        if res is not None and res.shape != shape:
            result.spill_mismatch.append(SpillMismatch(sheet, anchor, shape, tuple(res.shape)))
            if info.dynamic:  # Excel shows the result where it fits, blanks elsewhere
                fitted = np.empty(shape, dtype=object)
                fitted[:] = None
                h, w = min(shape[0], res.shape[0]), min(shape[1], res.shape[1])
                fitted[:h, :w] = res[:h, :w]
    if fitted is not None and fitted.shape != shape:  # formulas fits results to the range; be defensive
        fitted = np.resize(fitted, shape)
    return fitted


def _cell_values(ev: Evaluation, result: RecalcResult) -> None:
    values = result.values
    for key, (sheet, rng, _) in ev.cells.items():
        r1, c1 = int(rng["r1"]) - 1, int(rng["n1"]) - 1
        shape = (int(rng["r2"]) - r1, int(rng["n2"]) - c1)
        fitted = _fitted(ev, key, shape, result)
        if fitted is None:
            result.unevaluated.append((sheet, cell_name(r1, c1)))
            values[(sheet, cell_name(r1, c1))] = None
            continue
        for i in range(shape[0]):
            for j in range(shape[1]):
                x = fitted[i, j]
                values[(sheet, cell_name(r1 + i, c1 + j))] = None if (x is None and (i or j)) else py_value(x)


def list_errors(result: RecalcResult, sheets: list[str]) -> None:
    """List the error values and messages among ``result.values`` in sheet order."""
    order = {name: i for i, name in enumerate(sheets)}

    def pos(sheet: str, ref: str) -> tuple[int, int, int]:
        return (order.get(sheet, len(order)), *parse_cell(ref))

    found = [(key, v) for key, v in result.values.items()   # the few errors first, then sort them
             if type(v) is not float and isinstance(v, str) and (isinstance(v, ExcelError)
                                                                 or v.startswith(IIE_ERROR_PREFIX))]
    for (sheet, ref), v in sorted(found, key=lambda item: pos(*item[0])):
        if isinstance(v, ExcelError):
            result.errors.append((sheet, ref, str(v)))
        elif isinstance(v, str) and v.startswith(IIE_ERROR_PREFIX):
            result.messages[(sheet, ref)] = v
            result.errors.append((sheet, ref, v))
    result.unevaluated.sort(key=lambda sc: pos(*sc))


def collect(ev: Evaluation, result: RecalcResult, sheets: list[str],
            declared: dict[str, dict[str, FormulaCell]]) -> None:
    """Fill ``result`` from the evaluation ``ev`` of a book with ``sheets`` in this order."""
    real_sheet = {name.upper(): name for name in sheets}
    result.unparsed = [(real_sheet.get(sheet.upper(), sheet), cell, formula)
                       for sheet, cell, formula, _ in ev.unparsed]
    result.shared_formulas = ev.shared
    _cell_values(ev, result)
    result.formula_cells = len(ev.cells)
    # XML formula cells formulas did not evaluate (should not happen): no stale values
    for sheet, cells in declared.items():
        for ref in cells:
            if (sheet, ref) not in result.values:
                result.unevaluated.append((sheet, ref))
                result.values[(sheet, ref)] = None
    list_errors(result, sheets)
