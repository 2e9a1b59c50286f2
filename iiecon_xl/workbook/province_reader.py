"""Read the provincial section value-added sheet (section allocation rule, METHOD.md §5) and the
province-specific η beside it back into the frames :class:`~iiecon_xl.inputs.Inputs` holds.

A year block is either empty (the year carries the latest earlier year with data) or complete:
a blank cell in a block with data is an error naming the cell (0 where a province has no value
added in a section). A book built before the sheet existed reads as having no section data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import IIEInputError
from ..inputs import INDUSTRY_COLUMNS
from ..model import SECTIONS
from . import layout as L
from .layout.provinces import ProvinceSectionsSheet
from .layout.sheets import PROVINCE_SECTIONS


def read_province_sections(wb, codes: list[int], years: list[int], lenient: bool, number, _where):
    """(province_section_va, province_eta): frames indexed by (province_code, year), None when empty.
    ``codes`` in the order of the Province GDP sheet; ``number(ws, r, c)`` and ``_where(ws, r, c)`` are
    the reader's cell parser and cell naming (:mod:`.reader`)."""
    if PROVINCE_SECTIONS not in wb.sheetnames:
        return None, None
    ws = wb[PROVINCE_SECTIONS]
    lay = ProvinceSectionsSheet(P=len(codes), T=len(years))
    va_rows, keys = [], []
    for t, y in enumerate(years):
        block = np.array([[number(ws, lay.block_row(t, i), lay.section_col(k)) for k in range(len(SECTIONS))]
                          for i in range(len(codes))])
        if np.isnan(block).all():
            continue
        if not lenient:
            for bad, what in ((np.isnan(block), "blank in a year block with data (fill every province and section, "
                                                "0 where none, or clear the whole block)"),
                              (block < 0, "value added must not be negative")):
                if bad.any():
                    i, k = np.argwhere(bad)[0]
                    raise IIEInputError(_where(ws, lay.block_row(t, int(i)), lay.section_col(int(k))), f"{y}: {what}")
        va_rows += list(block)
        keys += [(int(c), int(y)) for c in codes]
    index = lambda k: pd.MultiIndex.from_tuples(k, names=["province_code", "year"])  # noqa: E731
    psv = pd.DataFrame(va_rows, index=index(keys), columns=list(SECTIONS)) if keys else None
    eta = {(int(c), int(y)): [number(ws, L.FIRST + i, lay.eta_col(j, t)) for j in L.INDUSTRIES]
           for t, y in enumerate(years) for i, c in enumerate(codes)}
    values = np.array(list(eta.values()))
    if np.isnan(values).all():
        return psv, None
    if not lenient and (values < 0).any():
        n = int(np.argwhere(values < 0)[0][0])
        t, i = divmod(n, len(codes))
        j = int(np.argwhere(values[n] < 0)[0][0]) + 1
        raise IIEInputError(_where(ws, L.FIRST + i, lay.eta_col(j, t)), "η must not be negative")
    return psv, pd.DataFrame(values, index=index(list(eta)), columns=INDUSTRY_COLUMNS)
