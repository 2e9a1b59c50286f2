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

import hashlib
import inspect
import tempfile
import zipfile
from collections import OrderedDict
from pathlib import Path
from xml.etree import ElementTree as ET

from ... import pipeline
from ...errors import IIEInputError
from ...excel import blas
from ...xlsx import a1
from ...xlsx.limits import check_xlsx
from .. import layout as L, provenance
from ..layout.sheets import SOURCES
from ..layout.version import LAYOUT_VERSION, PROPERTY_EDITION, PROPERTY_LAYOUT, PROPERTY_VERSION
from . import book_xml, expected as expected_values, reach, structure
from .cells import CellAudit, all_checks, spill_members, without_expectation
from .findings import AuditResult, Finding

__all__ = ["audit", "AuditResult", "Finding", "spill_cells", "unchecked_cells", "RTOL"]

RTOL = 1e-9


def spill_cells(manifest) -> list[tuple[str, str]]:
    """(sheet, cell) of every cell of the manifest's spill ranges but their anchors."""
    return [(s, c) for s, cells in spill_members(manifest).items() for c in cells]


def unchecked_cells(book) -> list[tuple[str, str]]:
    """(sheet, cell) of every formula or spill cell of ``book`` that has no recomputed value to be
    compared with (:func:`.cells.without_expectation`): what the audit checks of them is their
    formula text and that they hold no error value. Empty when the book's inputs cannot be read."""
    audit(book)
    bx = open_book(Path(book))
    key = _fingerprint(bx, bx.properties.get(PROPERTY_EDITION, "function"))
    if key not in _CACHE:
        return []
    manifest, expected = _CACHE[key][:2]
    return without_expectation(manifest, expected)


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


def _parameters(result, bx) -> None:
    """A parameter of a fixed list of values (P_DENOM …) typed outside its list."""
    from ...parameters import SPECS

    from ..layout.inputs import ParamsSheet

    ps = bx.sheets.get(L.PARAMS)
    if ps is None:
        return
    for spec in SPECS:
        if not spec.choices:
            continue
        cell = a1.cell_name(ParamsSheet.row(spec.name), ParamsSheet.col("value"))
        got = ps.cells.get(cell)
        value = None if got is None else (got.formula or got.value)
        if value is not None and str(value).strip() not in spec.choices:
            result.add("out-of-range", L.PARAMS, cell, f"{spec.name} ({spec.en}) must be one of "
                       f"{', '.join(spec.choices)}", expected=list(spec.choices), found=value)


#: the last recomputations (digest of the inputs → manifest, expected values, findings …), the
#: most recent last: auditing several copies of one book (a corpus of faults, report after recalc,
#: copies with a few inputs changed) recomputes once per distinct inputs
_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 4


def _fingerprint(book, edition: str) -> bytes:
    """A digest of every input sheet (the bytes of its part and the text of its string cells: what
    its cells are read from) and of the edition."""
    items = [edition]
    for s in L.INPUT_SHEETS + (SOURCES,):   # the Sources sheet records the marks the build writes again
        sx = book.sheets.get(s)
        if sx is None:
            items.append((s, None))
            continue
        items.append((s, sx.digest, tuple(c.value for c in sx.cells.values() if type(c.value) is str)))
    sx = book.sheets.get(L.ANALYSIS)           # its input cells (draws, seed, RAS targets) among its constants
    if sx is not None:
        items.append((L.ANALYSIS, tuple((k, repr(c.value)) for k, c in sx.cells.items() if c.formula is None)))
    return hashlib.blake2b(repr(items).encode("utf-8"), digest_size=20).digest()


def _read_inputs(result, book):
    from ..reader import inputs_from_workbook
    from .sheets_view import WorkbookView

    try:
        inputs = inputs_from_workbook(WorkbookView(book))
        with blas.limited(len(inputs.io.codes)):
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
    _parameters(result, bx)
    edition = bx.properties.get(PROPERTY_EDITION, "function")
    key = _fingerprint(bx, edition)
    if key not in _CACHE:
        inputs, report = _read_inputs(result, bx)
        if inputs is None:
            reach.audit_reach(result, None, bx, path)
            return result
        manifest = expected_manifest(inputs, edition)
        scratch = AuditResult(book=str(path))
        listed = [f"input not data: {line}" for line in provenance.summary(inputs)]
        with blas.limited(len(inputs.io.codes)):   # the Analysis sheet's recomputation (small systems)
            expected = _expected(scratch, manifest, report, _layout(inputs, edition), inputs)
        _CACHE[key] = (manifest, expected, scratch.findings, listed)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    manifest, expected, findings, listed = _CACHE[key]
    result.findings.extend(findings)
    result.notes.extend(listed)   # every input extrapolated or awaiting data (the Sources sheet)
    _compare(result, manifest, expected, bx, path)
    return result


def _expected(result, manifest, report, lay, inputs) -> dict:
    """(sheet, cell) → (value, what) of every cell with a recomputed value (:mod:`.expected`)."""
    from .derived import arithmetic, derived

    expected = expected_values.from_expects(manifest, report, result)
    derived(manifest, report, expected, lay, inputs)
    expected_values.copies(manifest, expected)
    arithmetic(manifest, expected)
    return expected


def _compare(result, manifest, expected, bx, path) -> None:
    present = structure.sheets(result, manifest, bx)
    cells = CellAudit(result, manifest, expected)
    for s in present:
        cells.run(s, bx.sheets[s].cells)
    strict = {(s, c) for s, c, _ in manifest.checks}   # the identities; the other rows may also WARN
    for sheet, cell, text in all_checks(manifest):
        if sheet in bx.sheets:
            result.checks += 1
            got = bx.sheets[sheet].cells.get(cell)
            value = None if got is None else got.value
            if value != "OK" and not (value == "WARN" and (sheet, cell) not in strict):
                result.add("check-failed", sheet, cell, text, expected="OK", found=value)
    structure.hidden(result, manifest, bx, present)
    structure.names(result, manifest, bx)
    structure.charts(result, manifest, bx, present)
    structure.formats(result, manifest, bx, present)
    structure.print_setup(result, manifest, bx, present)
    reach.audit_reach(result, manifest, bx, path)
