"""The values of a fast evaluation, cell by cell, in the shape Excel shows them.

Every formula cell and every cell of an array range gets a value (:func:`.values.py_value`: a float, a text, a
bool, an :class:`~iiecon_xl.xlsx.errors.ExcelError`; 0.0 for a formula showing a blank
cell). An array result of another shape than its range is a
:class:`~.results.SpillMismatch`; for a dynamic array the cells of the range outside the
result are blank, as Excel shows them, while a legacy array formula keeps the
broadcast / ``#N/A`` filling. Nodes on a circular reference are listed as unevaluated
and get no value.
"""

from __future__ import annotations

import math

import numpy as np

from ..excel.messages import IIE_ERROR_PREFIX
from ..xlsx.a1 import cell_name, parse_cell
from ..xlsx.a1_fast import col_name_fast
from ..xlsx.errors import ExcelError
from .fast import FastEvaluation, Node
from .results import RecalcResult, SpillMismatch
from .values import as_2d, py_value

__all__ = ["collect_fast", "list_errors"]


def _shown(node: Node, raw, fitted: np.ndarray, sheet: str, result: RecalcResult) -> np.ndarray:
    if not node.array:
        return fitted
    res = as_2d(raw)
    if res.shape == node.shape:
        return fitted
    result.spill_mismatch.append(SpillMismatch(sheet, cell_name(node.row, node.col), node.shape,
                                               tuple(res.shape)))
    if not node.dynamic:
        return fitted
    shown = np.empty(node.shape, dtype=object)
    shown[:] = None
    h, w = min(node.shape[0], res.shape[0]), min(node.shape[1], res.shape[1])
    shown[:h, :w] = res[:h, :w]
    return shown


def _put(values: dict, sheet: str, node: Node, shown: np.ndarray) -> None:
    """The values of one node's range into ``values`` (floats taken as they are)."""
    cols = [col_name_fast(node.col + b) for b in range(node.shape[1])]
    isfinite = math.isfinite
    for a, row in enumerate(shown.tolist()):
        r = str(node.row + a + 1)
        for b, x in enumerate(row):
            if type(x) is float and isfinite(x):
                values[(sheet, cols[b] + r)] = x
            else:
                values[(sheet, cols[b] + r)] = None if (x is None and (a or b)) else py_value(x)


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


def collect_fast(ev: FastEvaluation, result: RecalcResult) -> None:
    """Fill ``result`` from the fast evaluation ``ev``."""
    values = result.values
    result.unparsed = list(ev.unparsed)
    result.shared_formulas = ev.shared
    for i, node in enumerate(ev.nodes):
        sheet = ev.sheets[node.sheet]
        if i not in ev.results:
            result.unevaluated.append((sheet, cell_name(node.row, node.col)))
            values[(sheet, cell_name(node.row, node.col))] = None
            continue
        shown = _shown(node, ev.results[i], ev.fitted[i], sheet, result)
        _put(values, sheet, node, shown)
    result.formula_cells = len(ev.nodes)
    list_errors(result, ev.sheets)
