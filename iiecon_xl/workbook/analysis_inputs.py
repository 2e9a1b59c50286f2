"""The input cells of the 分析 Analysis sheet (function edition): the uncertainty band's draws and
seed, and the RAS target margins u (row sums) and v (column sums).

A new book holds the defaults — ``UNCERTAINTY_DRAWS``, ``UNCERTAINTY_SEED`` and the IO table's own
margins, so every RAS factor is 1 — and the user types over them. The reader reads them back
(:func:`read`, onto ``Inputs.analysis``), every rebuild writes them again, and the audit recomputes
the band and the RAS factors for the values the book holds (:func:`of`). Margins read for another
number of sectors than the table's (a table of another size imported) give way to the new table's
own margins.
"""

from __future__ import annotations

import math

import numpy as np

from .. import units
from ..errors import IIEInputError
from ..parameters import UNCERTAINTY_DRAWS, UNCERTAINTY_MAX_DRAWS, UNCERTAINTY_SEED
from . import layout as L
from .layout.version import PROPERTY_EDITION

#: a seed is a whole number in [0, 2^32) (numpy's SeedSequence takes any, the book keeps it plain)
MAX_SEED = 2 ** 32 - 1


def defaults(inputs) -> dict:
    """Draws, seed and the table's own margins u = Z·1, v = 1ᵀZ (in the book's unit)."""
    Z = inputs.io.Z.to_numpy(dtype=float) * units.factor(inputs.io.unit, inputs.params.unit)
    return {"draws": UNCERTAINTY_DRAWS, "seed": UNCERTAINTY_SEED, "ras_u": Z.sum(axis=1), "ras_v": Z.sum(axis=0)}


def of(inputs) -> dict:
    """The Analysis inputs of ``inputs``: those read from its book where they fit the table, else the defaults."""
    out = defaults(inputs)
    got = getattr(inputs, "analysis", None) or {}
    n = len(inputs.io.codes)
    for key in ("draws", "seed"):
        if got.get(key) is not None:
            out[key] = int(got[key])
    if all(got.get(k) is not None and len(got[k]) == n for k in ("ras_u", "ras_v")):
        out["ras_u"], out["ras_v"] = np.asarray(got["ras_u"], float), np.asarray(got["ras_v"], float)
    return out


def edition_of(wb) -> str:
    """The edition of an open workbook (openpyxl's custom properties, or the audit's view)."""
    edition = getattr(wb, "edition", None)
    if edition is None:
        props = getattr(wb, "custom_doc_props", None)
        edition = next((p.value for p in props.props if p.name == PROPERTY_EDITION), None) if props else None
    return edition if edition in L.EDITIONS else L.FUNCTION


def _whole(ws, r: int, c: int, low: int, high: int, what: str, number, where):
    v = number(ws, r, c, blank=None)
    if v is None:
        return None   # blank: the default
    if not (math.isfinite(v) and v == int(v) and low <= v <= high):
        raise IIEInputError(where(ws, r, c), f"{what} must be a whole number from {low} to {high} (found {v:g})")
    return int(v)


def read(wb, inputs, number, where) -> dict | None:
    """The Analysis inputs of the function-edition workbook ``wb`` (None: no Analysis sheet, or
    the native edition); ``number``, ``where`` are the reader's cell helpers. A blank draws or seed
    cell is the default; a RAS margin must be a number ≥ 0 (blank, text or negative: an error
    naming the cell)."""
    if L.ANALYSIS not in wb.sheetnames or edition_of(wb) != L.FUNCTION:
        return None
    ws = wb[L.ANALYSIS]
    an = L.Layout(L.dims_for(inputs), L.FUNCTION).analysis
    out = {"draws": _whole(ws, an.draws_row, an.PARAM_COL, 1, UNCERTAINTY_MAX_DRAWS, "the number of draws", number,
                           where),
           "seed": _whole(ws, an.seed_row, an.PARAM_COL, 0, MAX_SEED, "the seed", number, where)}
    for key, what in (("ras_u", "RAS target row sum u"), ("ras_v", "RAS target column sum v")):
        c, values = an.ecol(key), []
        for i in range(an.n):
            v = number(ws, an.row(i), c)
            if not (math.isfinite(v) and v >= 0):
                raise IIEInputError(where(ws, an.row(i), c), f"{what} of sector {i + 1} must be a number ≥ 0 "
                                                             f"(the table's own margin leaves the flows as they are)")
            values.append(v)
        out[key] = np.array(values)
    return out
