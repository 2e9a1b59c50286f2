"""Headless recalculation of a workbook: ``iiecon-xl recalc BOOK -o OUT``.

:func:`recalc` evaluates every formula of a book — native Excel functions and the
iiecon-xl functions of :data:`iiecon_xl.udfs.FUNCTIONS` — and writes a copy with its
formulas kept and the computed values cached. The package is small rooms:

- :mod:`.engine` — :func:`recalc`: paths, checks, timings;
- the engine: :mod:`.fast` (read once with
  :mod:`iiecon_xl.xlsx.book_cells`, compile each shape once, evaluate in order),
  :mod:`.formula` (tokens and syntax tree), :mod:`.compiler` (closures),
  :mod:`.library` (the registry's and ``formulas``' functions), :mod:`.lookup` (INDEX,
  ROW, COLUMN …), :mod:`.grid` (values and references), :mod:`.order` (topological
  order), :mod:`.fast_collect` (cell values, error values and messages), :mod:`.regression`
  (LINEST), :mod:`.numeric` (SUM over blocks of plain numbers, formulas' result bit for bit);
- :mod:`.libreoffice` — ``--engine libreoffice``: LibreOffice headless;
- :mod:`.bridge` — the registry functions as the engine calls them, with the same
  ``#IIE!`` messages as Excel; :mod:`.values` — values between the engine's
  representation and what the registry functions expect, and back;
- :mod:`.outside` — what reaches outside the book (never followed: ``#REF!``);
- :mod:`.results` — :class:`RecalcResult`, :class:`SpillMismatch`; :mod:`.cli` — the
  command line.

``formulas`` (slow to import; the fast engine uses its function library) is imported only
when a recalculation runs.
"""

from __future__ import annotations

from .cli import add_recalc_parser, cmd_recalc
from .engine import recalc
from .results import RecalcResult, SpillMismatch

__all__ = ["RecalcResult", "SpillMismatch", "add_recalc_parser", "cmd_recalc", "recalc"]
