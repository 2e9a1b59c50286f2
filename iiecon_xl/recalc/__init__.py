"""Headless recalculation of a workbook: ``iiecon-xl recalc BOOK -o OUT``.

:func:`recalc` evaluates every formula of a book — native Excel functions and the
iiecon-xl functions of :data:`iiecon_xl.udfs.FUNCTIONS` — and writes a copy with its
formulas kept and the computed values cached. The package is small rooms:

- :mod:`.engine` — :func:`recalc`: paths, the engine chosen, timings;
- the fast engine (the default): :mod:`.fast` (read once with
  :mod:`iiecon_xl.xlsx.book_cells`, compile each shape once, evaluate in order),
  :mod:`.formula` (tokens and syntax tree), :mod:`.compiler` (closures),
  :mod:`.library` (the registry's and ``formulas``' functions), :mod:`.lookup` (INDEX,
  ROW, COLUMN …), :mod:`.grid` (values and references), :mod:`.order` (topological
  order), :mod:`.fast_collect` (cell values);
- :mod:`.libreoffice` — ``--engine libreoffice``: LibreOffice headless;
- the ``formulas`` dispatcher engine, kept behind ``engine="formulas"`` / ``fast=False``
  to compare with: :mod:`.evaluate` — load, compile and calculate with ``formulas``;
- :mod:`.model` — the fast ``ExcelModel`` (formula cells only, sheet-scoped names,
  unparsable formulas as ``#NAME?``), with :mod:`.blocks` (constant blocks) and
  :mod:`.sharing` (formulas of one shape share one compiled function);
- :mod:`.bridge` — the registry functions and the INDEX fix (:mod:`.index`) inside
  ``formulas``, with the same ``#IIE!`` messages as Excel;
- :mod:`.values` — values between ``formulas`` and Python; :mod:`.collect` — the values
  of every formula cell and spill range, error values and messages;
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
