"""The two editions of a book, and what the builder needs to tell them apart.

- ``"function"``: every step is an iiecon-xl function (the add-in computes it);
- ``"native"`` (the "glass-box" edition): every step is a built-in function, matrix blocks
  are legacy array formulas, and every intermediate of the method has cells of its own —
  any spreadsheet program computes it (Excel 2010+, LibreOffice 7.4, WPS).

The edition is recorded in the book as the custom document property
:data:`EDITION_PROPERTY` (read back by :func:`iiecon_xl.workbook.reader.read_edition`).
"""

from __future__ import annotations

import functools
import re

from ..layout import EDITIONS, FUNCTION, NATIVE

__all__ = ["EDITIONS", "EDITION_PROPERTY", "FUNCTION", "NATIVE", "udf_call"]

#: the custom document property that records a book's edition
EDITION_PROPERTY = "iiecon_xl_edition"


@functools.lru_cache(maxsize=1)
def udf_call() -> re.Pattern:
    """A regular expression that finds a call of an iiecon-xl function in formula text."""
    from ... import udfs

    names = sorted(udfs.FUNCTIONS, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(names) + r")\(")
