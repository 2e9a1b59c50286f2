"""``iiecon-xl upgrade BOOK -o OUT``: rebuild a book of an earlier layout in today's layout.

The inputs are read from BOOK (:func:`~.reader.read_inputs`, lenient: blanks stay blank, as for
a book awaiting data), the book is built again in its own edition (function or native) with
today's layout, and written to OUT; BOOK is never written. :func:`upgrade` returns what changed,
one line each: layout and package version, sheets added, removed or renamed, defined names
added, removed or redirected, formula cells whose formula changed per sheet, and the number of
input cells carried over. OUT holds formulas without computed values: recalculate it
(``iiecon-xl recalc OUT -o …``) before auditing.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .. import __version__
from ..errors import IIEInputError
from ..safefiles import atomic_file, check_output
from ..xlsx.limits import check_xlsx
from . import builder
from .audit import book_xml
from .audit.cells import norm_formula
from .audit.structure import same_ref
from .layout.version import LAYOUT_VERSION, PROPERTY_LAYOUT, PROPERTY_VERSION
from .reader import read_edition, read_inputs


def upgrade(book, out) -> list[str]:
    """Rebuild ``book`` from its inputs into ``out`` in today's layout; the list of changes."""
    book = Path(book)
    if not book.is_file():
        raise IIEInputError("BOOK", f"{book} does not exist" if not book.exists() else f"{book} is not a file")
    out = check_output(out, [book], argument="OUT")   # never BOOK, a link to it, or a folder
    check_xlsx(book)
    old = book_xml.read(book)
    edition = read_edition(book)
    inputs = read_inputs(book, lenient=True)
    with atomic_file(out) as tmp:
        man = builder.build(tmp, inputs, edition=edition)
    lines = [f"layout {old.properties.get(PROPERTY_LAYOUT, 'unrecorded')} → {LAYOUT_VERSION}; built by iiecon-xl "
             f"{old.properties.get(PROPERTY_VERSION, 'unrecorded')} → {__version__}; edition {edition} kept"]
    lines += _sheet_changes(old, man) + _name_changes(old, man) + _formula_changes(old, man)
    lines.append(f"{sum(v is not None for v in man.inputs.values())} input values carried over; "
                 f"recalculate {out.name} before auditing it")
    return lines


def _sheet_changes(old, man) -> list[str]:
    before, after = list(old.sheets), list(man.sheet_order)
    gone = [s for s in before if s not in after]
    new = [s for s in after if s not in before]
    out = []
    if gone:
        out.append(f"sheets no longer in the layout: {', '.join(gone)}")
    if new:
        out.append(f"sheets added: {', '.join(new)}")
    if not gone and not new and before != after:
        out.append("sheets reordered")
    return out


def _name_changes(old, man) -> list[str]:
    added = [n for n in man.names if n not in old.names]
    removed = [n for n in old.names if n not in man.names and not n.startswith("_xlnm.")]
    moved = [n for n, t in man.names.items() if n in old.names and not same_ref(old.names[n], t)]
    out = []
    for what, names in (("defined names added", added), ("defined names removed", removed),
                        ("defined names pointing elsewhere", moved)):
        if names:
            out.append(f"{what}: {', '.join(names[:12])}{' …' if len(names) > 12 else ''} ({len(names)})")
    return out


def _formula_changes(old, man) -> list[str]:
    changed: Counter = Counter()
    for (sheet, cell), f in man.formulas.items():
        sx = old.sheets.get(sheet)
        if sx is None:
            continue
        got = sx.cells.get(cell)
        if got is None or norm_formula(got.formula) != norm_formula(f):
            changed[sheet] += 1
    return [f"{sheet}: {n} formula cells new or changed" for sheet, n in changed.items()]
