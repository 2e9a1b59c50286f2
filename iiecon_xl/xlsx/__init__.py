"""The package's only A1-reference and OOXML helpers.

- :mod:`.a1` — cell and range names (0-based rows and columns, XlsxWriter's convention);
- :mod:`.errors` — the one list of Excel error values.

Everything else in the package that names a cell, a column letter or an error value
imports it from here.
"""

from .a1 import (area, cell_name, col_index, col_name, parse_area, parse_cell, quote_sheet, ref,
                 ref_area, split_ref)
from .errors import EXCEL_ERRORS, ExcelError, is_error_value

__all__ = ["area", "cell_name", "col_index", "col_name", "parse_area", "parse_cell", "quote_sheet",
           "ref", "ref_area", "split_ref", "EXCEL_ERRORS", "ExcelError", "is_error_value"]
