"""The book read once for the audit (:mod:`.book_xml`), with each worksheet's cells remembered
by the digest of its bytes, so that auditing several copies of one book in a process (a corpus
of planted faults, ``report`` after ``recalc``, a folder of copies) parses only the parts that
differ. The result is exactly :func:`.book_xml.read`'s: the same parts, read the same way; a
worksheet whose bytes (and shared strings) are identical to one read before gets the cells of
that read. The cells are read-only for the audit.

:func:`read` falls back to :func:`.book_xml.read` itself where that module no longer has the
pieces named here (it is being merged into :mod:`iiecon_xl.xlsx.book_cells`).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections import OrderedDict

from ...xlsx.xmltext import ATTRS, attrs, unescape
from . import book_xml

_PAGE_SETUP = re.compile(rf"<(?:[\w.-]+:)?pageSetup(?=[\s/>])({ATTRS})/?>", re.S)
_FIT = re.compile(r"<(?:[\w.-]+:)?pageSetUpPr(?=[\s/>])[^>]*\bfitToPage=\"(1|true)\"")
_TITLES = re.compile(r'<(?:[\w.-]+:)?definedName(?=\s)[^>]*?name="_xlnm\.Print_Titles"[^>]*?localSheetId="(\d+)"'
                     r"[^>]*>([^<]*)<", re.S)
_ROWS = re.compile(r"!\$?(\d+):\$?(\d+)\s*(?:,|$)")

#: digest of (shared strings, worksheet bytes) → the worksheet's cells; a few books' worth
_CELLS: OrderedDict = OrderedDict()
_KEEP = 64
_PIECES = ("BookXML", "SheetXML", "_strings", "_properties", "_workbook", "_cells", "_hidden", "_formats",
           "_charts")


def _digest(*chunks: bytes) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    for c in chunks:
        h.update(len(c).to_bytes(8, "little"))
        h.update(c)
    return h.digest()


def _cells(raw: bytes, xml: str, strings: list, strings_key: bytes) -> dict:
    key = _digest(strings_key, raw)
    cells = _CELLS.get(key)
    if cells is None:
        cells = book_xml._cells(xml, strings)
        _CELLS[key] = cells
        while len(_CELLS) > _KEEP:
            _CELLS.popitem(last=False)
    else:
        _CELLS.move_to_end(key)
    return cells


def read(path):
    """:func:`.book_xml.read` of ``path``, each worksheet's cells reused when its bytes were read before."""
    if not all(hasattr(book_xml, p) for p in _PIECES):
        return book_xml.read(path)
    bx = book_xml
    book = bx.BookXML()
    book.print_setup = {}   # sheet → page_setup(); the repeated rows from the Print_Titles names below
    with zipfile.ZipFile(path) as zf:
        book.parts = set(zf.namelist())
        strings = bx._strings(zf)
        strings_key = _digest(*(s.encode("utf-8") for s in strings))
        book.properties = bx._properties(zf)
        for name, part, state in bx._workbook(zf, book):
            sheet = bx.SheetXML(name, part, state)
            book.sheets[name] = sheet
            if part not in book.parts:
                book.problems.append((part or name, f"the part of sheet {name} is missing"))
                continue
            raw = zf.read(part)
            xml = raw.decode("utf-8")
            if "<" + "sheetData" not in xml and ":sheetData" not in xml:
                continue  # a chart sheet or dialog sheet
            sheet.cells = _cells(raw, xml, strings, strings_key)
            book.print_setup[name] = page_setup(xml)
            bx._hidden(xml, sheet)
            bx._formats(xml, sheet)
            bx._charts(zf, book, sheet, xml)
        _print_titles(zf.read("xl/workbook.xml").decode("utf-8"), book)
    return book


def page_setup(xml: str) -> dict:
    """The print settings of a worksheet as the manifest records them (``Manifest.print_setup``):
    landscape, paper (its number), fit_to_pages (width, height; 0 = as many as needed) when the
    sheet fits to pages, repeat_rows filled from the workbook's names."""
    m = _PAGE_SETUP.search(xml)
    a = attrs(m.group(1)) if m else {}
    out = {"landscape": a.get("orientation") == "landscape", "paper": int(a.get("paperSize", 1) or 1),
           "fit_to_pages": None, "repeat_rows": None}
    if _FIT.search(xml):
        out["fit_to_pages"] = (int(a.get("fitToWidth", 1)), int(a.get("fitToHeight", 1)))
    return out


def _print_titles(wb: str, book) -> None:
    names = list(book.sheets)
    for m in _TITLES.finditer(wb):
        i, text = int(m.group(1)), unescape(m.group(2))
        rows = _ROWS.search(text)
        if rows and i < len(names) and names[i] in book.print_setup:
            book.print_setup[names[i]]["repeat_rows"] = (int(rows.group(1)) - 1, int(rows.group(2)) - 1)
