"""Audit a workbook against an independent recomputation and against its layout (issue 10).

``audit(book)`` opens the book once (:mod:`.book_xml`: one pass over its zip), reads its inputs
(:mod:`..reader`, through :mod:`.sheets_view`), runs the Python pipeline on them, records in
memory what the builder would write for them (:func:`..build.book.manifest_only`: the manifest,
no file) and compares:

1. every cell of every sheet (:mod:`.cells`): formula text, cached value against the
   recomputation (:mod:`.expected`, relative 1e-9), labels and units, cells that must be empty;
2. the structure (:mod:`.structure`): sheet names and order, hidden sheets/rows/columns, defined
   names, charts, conditional formats and data validations, the layout version;
3. what reaches outside the book (:mod:`.reach`): external links, DDE, functions outside the
   allowed set, a VBA project, formulas in input cells.

A missing, renamed or extra sheet or part is a finding; a file that is not a readable .xlsx is
an :class:`~iiecon_xl.errors.IIEInputError` (the CLI's exit status 2). The kinds are listed in
:mod:`.findings`. A book of another layout version gets one finding that names
``iiecon-xl upgrade BOOK -o OUT``.
"""

from __future__ import annotations

import inspect
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from ... import pipeline
from ...errors import IIEInputError
from ...xlsx.limits import check_xlsx
from .. import layout as L
from ..layout.version import LAYOUT_VERSION, PROPERTY_EDITION, PROPERTY_LAYOUT, PROPERTY_VERSION
from . import book_xml, expected as expected_values, reach, structure
from .cells import CellAudit, spill_members
from .findings import AuditResult, Finding

__all__ = ["audit", "AuditResult", "Finding", "spill_cells", "RTOL"]

RTOL = 1e-9


def spill_cells(manifest) -> list[tuple[str, str]]:
    """(sheet, cell) of every cell of the manifest's spill ranges but their anchors."""
    return [(s, c) for s, cells in spill_members(manifest).items() for c in cells]


def open_book(path: Path) -> book_xml.BookXML:
    """The book read once; a file that is not a sound .xlsx is an IIEInputError naming BOOK."""
    if not path.exists():
        raise IIEInputError("BOOK", f"{path} does not exist")
    check_xlsx(path)
    try:
        return book_xml.read(path)
    except (zipfile.BadZipFile, KeyError, ET.ParseError, UnicodeDecodeError, ValueError, IndexError) as exc:
        raise IIEInputError("BOOK", f"cannot read {path.name} as an .xlsx workbook ({type(exc).__name__}: "
                                    f"{exc})") from None


def layout_message(book: book_xml.BookXML, path: Path) -> str | None:
    """The one line for a book of another layout version (None: today's, or not recorded)."""
    got = book.properties.get(PROPERTY_LAYOUT)
    if got is None or got.strip() == str(LAYOUT_VERSION):
        return None
    built = book.properties.get(PROPERTY_VERSION, "an earlier version")
    return (f"{path.name} was built by iiecon-xl {built} in layout {got}; this iiecon-xl audits layout "
            f"{LAYOUT_VERSION}. Rebuild it from its inputs: iiecon-xl upgrade {path} -o OUT")


def expected_manifest(inputs, edition: str):
    """The manifest the builder records for ``inputs`` in ``edition`` — in memory, no file written."""
    from ..build import build
    from ..build.book import manifest_only

    kw = {"edition": edition} if "edition" in inspect.signature(build).parameters else {}
    with manifest_only():
        return build(Path(tempfile.gettempdir()) / "iiecon_xl_audit_not_written.xlsx", inputs, **kw)


def _layout(inputs, edition: str):
    try:
        return L.Layout(L.dims_for(inputs), edition)
    except TypeError:  # a layout without editions
        return L.Layout(L.dims_for(inputs))


def _read_inputs(result, book):
    from ..reader import inputs_from_workbook
    from .sheets_view import WorkbookView

    try:
        inputs = inputs_from_workbook(WorkbookView(book))
        return inputs, pipeline.run(inputs)
    except IIEInputError as e:
        text = str(e)
        kind = "input-formula" if "holds a formula" in text else "input"
        result.add(kind, "", "", text)
        for s in L.INPUT_SHEETS:
            if s not in book.sheets:
                result.add("missing-sheet", s, "", "input sheet not found (deleted or renamed)", expected=s)
        return None, None


def audit(book) -> AuditResult:
    """Audit ``book`` (see the module docstring); never writes to it."""
    path = Path(book)
    result = AuditResult(book=str(path))
    bx = open_book(path)
    for part, problem in bx.problems:
        result.add("part", "", part, problem)
    message = layout_message(bx, path)
    if message:
        result.add("layout-version", "", "", message, expected=str(LAYOUT_VERSION),
                   found=bx.properties.get(PROPERTY_LAYOUT))
        return result
    if PROPERTY_LAYOUT not in bx.properties:
        result.notes.append("the book records no layout version (built before iiecon-xl recorded it)")
    inputs, report = _read_inputs(result, bx)
    if inputs is None:
        reach.audit_reach(result, None, bx, path)
        return result
    edition = bx.properties.get(PROPERTY_EDITION, "function")
    manifest = expected_manifest(inputs, edition)
    _compare(result, manifest, report, bx, path, _layout(inputs, edition), inputs)
    return result


def _compare(result, manifest, report, bx, path, lay, inputs) -> None:
    from .derived import arithmetic, derived

    expected = expected_values.from_expects(manifest, report, result)
    derived(manifest, report, expected, lay, inputs)
    expected_values.copies(manifest, expected)
    arithmetic(manifest, expected)
    present = structure.sheets(result, manifest, bx)
    cells = CellAudit(result, manifest, expected)
    for s in present:
        cells.run(s, bx.sheets[s].cells)
    for sheet, cell, text in manifest.checks:
        if sheet in bx.sheets:
            result.checks += 1
            got = bx.sheets[sheet].cells.get(cell)
            value = None if got is None else got.value
            if value != "OK":
                result.add("check-failed", sheet, cell, text, expected="OK", found=value)
    structure.hidden(result, manifest, bx, present)
    structure.names(result, manifest, bx)
    structure.charts(result, manifest, bx, present)
    structure.formats(result, manifest, bx, present)
    reach.audit_reach(result, manifest, bx, path)
