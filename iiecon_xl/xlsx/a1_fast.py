"""Memoised :mod:`.a1` for the hot loops that touch every cell of a large book.

Reading, collecting and writing the n = 999 synthetic book names and parses millions of
cells; :func:`.a1.col_index` and :func:`.a1.col_name` are pure functions of at most 16,384
columns, so their results are cached here, and a plain ``"B7"`` is split without a regex.
Anything unusual (``$``, lower case, out of range) is handed to :mod:`.a1` itself, which
stays the one definition of A1 references.
"""

from __future__ import annotations

from functools import lru_cache

from .a1 import cell_name, col_index, col_name, parse_cell

__all__ = ["cell_name_fast", "col_index_fast", "col_name_fast", "parse_cell_fast"]

col_index_fast = lru_cache(maxsize=None)(col_index)
col_name_fast = lru_cache(maxsize=None)(col_name)
_DIGITS = "0123456789"


def parse_cell_fast(ref: str) -> tuple[int, int]:
    """:func:`.a1.parse_cell` ("B7" → (6, 1)), memoised by column."""
    letters = ref.rstrip(_DIGITS)
    digits = ref[len(letters):]
    if not digits or len(digits) > 7 or not letters.isupper() or not letters.isalpha() or digits[0] == "0":
        return parse_cell(ref)
    row = int(digits)
    if row > 1_048_576:
        return parse_cell(ref)
    return row - 1, col_index_fast(letters)


def cell_name_fast(row: int, col: int) -> str:
    """:func:`.a1.cell_name` (relative), memoised by column."""
    if not 0 <= row < 1_048_576:
        return cell_name(row, col)
    return f"{col_name_fast(col)}{row + 1}"
