"""Reaches outside the book, found before evaluation and never followed (issue 11 §1).

:func:`blocked_references` lists, with :func:`iiecon_xl.xlsx.external.external_references`,
every formula cell and defined name that would make a spreadsheet application open another
file or address — an external-link index (``=[1]Sheet1!A1``), a path written in the formula
(``='../x/[secret.xlsx]Sheet1'!A1``, an absolute path), DDE, and the web and code functions
of :data:`BLOCKED_FUNCTIONS` — and every external-link part. The link part Excel saves for
the classic add-in itself (its target ends in ``.xlam``) is not a reach outside: it is left
out, as are the add-in prefixes in front of the package's own functions.

:class:`Blocked` tells the engine which cells and names to evaluate as ``#REF!`` without
reading their formula; the references themselves go into
:attr:`~.results.RecalcResult.external` and the command's output.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from .. import udfs
from ..xlsx.external import ExternalRef, external_references

__all__ = ["BLOCKED_FUNCTIONS", "Blocked", "blocked_references", "describe"]

#: Functions that fetch from the network, another file or code outside the book: ``#REF!``.
BLOCKED_FUNCTIONS = frozenset({"WEBSERVICE", "FILTERXML", "HYPERLINK", "IMAGE", "RTD", "CALL", "REGISTER",
                               "REGISTER.ID"})

_KINDS = ("link", "path", "dde", "function")
_NAME = "name "
#: What every reach :func:`~iiecon_xl.xlsx.external.formula_references` finds must contain:
#: ``[`` (a link index, a file in brackets, an add-in prefix), ``|`` (DDE), ``\`` or a ``/``
#: after a quote (a path in a quoted prefix), ``.xl`` (a file name), or the name of a function of
#: :data:`BLOCKED_FUNCTIONS`. A formula without any of them has none: it is not handed to the
#: exact, slower scan.
_MAYBE_OUTSIDE = re.compile(r"[\[|\\]|'[^']*/|\.xl|" + "|".join(sorted(BLOCKED_FUNCTIONS, key=len, reverse=True))
                            .replace(".", r"\."), re.I)


def _candidates(formulas: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """The formulas that may reach outside the book (a superset: see :data:`_MAYBE_OUTSIDE`)."""
    search = _MAYBE_OUTSIDE.search
    return {sheet: {cell: text for cell, text in cells.items() if search(text)} for sheet, cells in formulas.items()}


class Blocked(NamedTuple):
    """What the engine evaluates as ``#REF!``: cells {(sheet, "A1")} and defined names (upper case)."""

    refs: list[ExternalRef]
    cells: frozenset[tuple[str, str]]
    names: frozenset[str]


def _is_addin(ref: ExternalRef) -> bool:
    return ref.kind == "part" and ref.target.lower().rstrip("\"' ").endswith(".xlam")


def blocked_references(book: Path, formulas: Mapping[str, Mapping[str, str]] | None = None) -> Blocked:
    """The reaches outside ``book`` (already checked by :func:`~iiecon_xl.xlsx.limits.check_xlsx`);
    ``formulas`` {sheet: {cell: text}} when the sheets have been read already."""
    if formulas is not None:
        formulas = _candidates(formulas)
    refs = [r for r in external_references(book, addin_functions=udfs.FUNCTIONS, check=False, formulas=formulas)
            if not _is_addin(r)]
    cells = frozenset((r.sheet, r.cell) for r in refs
                      if r.kind in _KINDS and r.cell and not r.cell.startswith(_NAME))
    names = frozenset(r.cell[len(_NAME):].upper() for r in refs
                      if r.kind in _KINDS and r.cell.startswith(_NAME))
    return Blocked(refs, cells, names)


def describe(ref: ExternalRef) -> str:
    """One line of the command's output for a reach outside the book."""
    where = ref.cell if not ref.sheet else (f"{ref.sheet}!{ref.cell}" if not ref.cell.startswith(_NAME)
                                              else f"{ref.cell} (scope {ref.sheet})")
    what = {"link": "external link", "path": "path to another file", "dde": "DDE",
            "function": "function reaching outside", "part": "external-link part"}.get(ref.kind, ref.kind)
    return f"  {where or 'workbook'}: {what} {ref.target} — not followed (#REF!)"
