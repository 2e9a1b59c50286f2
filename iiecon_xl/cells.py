"""Moved to :mod:`iiecon_xl.excel.cells` (cell coercion) and :mod:`iiecon_xl.excel.cell_values`.

A thin re-export kept until the last importers of ``iiecon_xl.cells`` move; new code
imports from :mod:`iiecon_xl.excel.cells` (and ``IIE_ERROR_PREFIX`` from
:mod:`iiecon_xl.excel.messages`).
"""

from __future__ import annotations

from .excel.cells import (BLANK_IS_ERROR, is_blank, to_bool, to_excel, to_int, to_labels, to_matrix,
                          to_scalar, to_text, to_vector)
from .excel.messages import IIE_ERROR_PREFIX

__all__ = ["BLANK_IS_ERROR", "IIE_ERROR_PREFIX", "is_blank", "to_bool", "to_excel", "to_int", "to_labels",
           "to_matrix", "to_scalar", "to_text", "to_vector"]
