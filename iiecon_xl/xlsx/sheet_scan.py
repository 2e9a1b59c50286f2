"""The byte scan of a worksheet for :func:`.limits.check_xlsx`: bounds without a callback per cell.

:class:`.limits._PartScan` hands every element of a sheet to Python (two million callbacks
for the n = 999 IO sheet: seconds). :class:`FastSheetScan` gives the same answers for a
sheet in the form every writer produces (XlsxWriter, openpyxl, Excel, LibreOffice): expat
still parses the whole part with no element handler (well-formedness and the DTD refusal,
at C speed), while the bounds come from byte patterns over each chunk:

* cells: ``<c`` start tags counted (``max_cells``); every one of them must carry ``r`` as its
  first attribute, whose largest column and row are bounded (``max_cols``, ``max_rows``);
* rows: every ``<row`` must carry ``r`` first (its largest value is bounded);
* ``<dimension ref>``: each one parsed and bounded;
* the extent (last row × last column of all of these) against ``max_area``.

Anything outside that form — a namespace prefix, a cell or row without ``r`` first, a
reference :func:`.a1_fast.parse_cell_fast` would refuse — raises :class:`Fallback`, and the
part is scanned again by the exact element scan, which gives its precise message. The
limits, and the wording of each refusal, are those of :mod:`.limits`.
"""

from __future__ import annotations

import re
from xml.parsers import expat

from .a1 import parse_area
from .a1_fast import col_index_fast

__all__ = ["Fallback", "FastSheetScan"]

_SHEET_ROOTS = frozenset({"worksheet", "dialogsheet"})
_ENDS = (b" ", b">", b"/", b"\n", b"\t", b"\r")  # what may follow an element's name
_CELL_R = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
_ROW_R = re.compile(rb'<row r="([1-9][0-9]{0,6})"')
_DIM = re.compile(rb"<dimension[\s/>]")
_DIM_REF = re.compile(rb'<dimension ref="([^"<]*)"')
_TAIL = 4096
_PREFIXED = (b":c", b":row", b":dimension")


def _count(text: bytes, start: bytes, seen: int) -> int:
    """The start tags of the element ``start`` (``b"<c"``) in ``text``, not ``<col`` and the like;
    ``seen`` of them were matched by the pattern: one pass when nothing else begins so."""
    everything = text.count(start)
    return everything if everything == seen else sum(text.count(start + end) for end in _ENDS)


class Fallback(Exception):
    """The part is not in the common form: scan it element by element."""


class _NotSheet(Exception):
    """The root element is not a worksheet: the part is scanned as any other XML part."""


class FastSheetScan:
    """One worksheet part, chunk by chunk; ``scan`` is the :class:`.limits._PartScan` whose
    ``_bound``, ``_dtd`` and checker give the limits and the messages."""

    def __init__(self, scan):
        self.scan, self.chk = scan, scan.chk
        self.cells = 0
        self.done = False
        self.tail = b""
        self.p = expat.ParserCreate()
        self.p.StartDoctypeDeclHandler = lambda *a: scan._dtd("a DOCTYPE declaration")
        self.p.EntityDeclHandler = lambda *a: scan._dtd("an ENTITY declaration")
        self.p.StartElementHandler = self._root

    def _root(self, tag: str, attrs: dict):  # noqa: ARG002 - the attributes of the root
        if tag not in _SHEET_ROOTS:
            raise Fallback() if tag.rpartition(":")[2] in _SHEET_ROOTS else _NotSheet()
        self.p.StartElementHandler = None  # the rest at C speed

    def feed(self, data: bytes, final: bool = False) -> None:
        if self.done:
            return
        try:
            self.p.Parse(data, final)
        except _NotSheet:
            self.done = True  # as any other part: its prolog is clean, nothing more to see
            return
        except expat.ExpatError as e:
            raise self.chk.error(f"the part {self.scan.name} is not well-formed XML ({e})") from None
        text = self.tail + data
        cut = len(text) if final else text.rfind(b"<")
        if cut < 0:  # no tag starts here: nothing to carry over
            self.tail = b""
            return
        self.tail = text[cut:cut + _TAIL]  # a tag cut by the chunk's end (every pattern is short)
        if cut:
            self._bounds(text[:cut])

    def _bounds(self, text: bytes) -> None:
        if any(p in text for p in _PREFIXED):
            raise Fallback()
        cells = _CELL_R.findall(text)
        n = _count(text, b"<c", len(cells))
        if n != len(cells):
            raise Fallback()
        self.cells += n
        lim = self.chk.limits
        if self.cells > lim.max_cells:
            raise self.chk.over(f"the number of cells in {self.scan.name}", self.cells, "max_cells")
        for ref in self._dimensions(text):
            try:
                r0, c0, r1, c1 = parse_area(ref)
            except ValueError as e:
                raise self.chk.error(f"the part {self.scan.name} has a bad dimension {ref!r} ({e})") from None
            self.scan._bound(max(r0, r1), max(c0, c1), "its dimension")
        rows = _ROW_R.findall(text)
        if len(rows) != _count(text, b"<row", len(rows)):
            raise Fallback()
        if rows:
            self.scan._bound(max(map(int, set(rows))) - 1, 0, "a row")
        if cells:
            cols, rws = zip(*cells)
            letters = max(set(cols), key=lambda s: (len(s), s)).decode()
            row = max(map(int, set(rws)))
            try:
                col = col_index_fast(letters)
            except ValueError:
                raise Fallback() from None  # the exact scan names the bad reference
            if row > 1_048_576 or col >= 16_384:
                raise Fallback()
            self.scan._bound(row - 1, col, "a cell")

    @staticmethod
    def _dimensions(text: bytes) -> list[str]:
        if b"<dimension" not in text:
            return []
        refs = _DIM_REF.findall(text)
        if len(refs) != len(_DIM.findall(text)):
            raise Fallback()
        return [r.decode("utf-8", "replace") for r in refs if r]
