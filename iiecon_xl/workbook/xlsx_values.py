"""Moved to :mod:`iiecon_xl.xlsx` (``cached_values``, ``ooxml``, ``errors``) — this re-export
stays until the last importer is updated. The 1-based ``cell_index`` / ``cell_name`` are gone:
use the 0-based :mod:`iiecon_xl.xlsx.a1`."""

from __future__ import annotations

from ..xlsx.cached_values import write_cached_values
from ..xlsx.errors import EXCEL_ERRORS, ExcelError
from ..xlsx.ooxml import FormulaCell, iter_cells, read_formula_cells, sheet_parts

__all__ = ["EXCEL_ERRORS", "ExcelError", "FormulaCell", "iter_cells", "read_formula_cells", "sheet_parts",
           "write_cached_values"]
