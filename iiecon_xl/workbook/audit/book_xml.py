"""The book as the audit sees it, read in one pass over its zip (stdlib regexes, no openpyxl).

:func:`read` gives every sheet (name, order, visibility), every cell of each worksheet with its
cached value and formula text (shared formulas expanded, as Excel means them: the package's one
cell reader, :func:`iiecon_xl.xlsx.book_cells.read_cell_map`), the hidden rows and columns, the
conditional formats and data validations, the charts (anchor and series references), the print
setup, the defined names, the custom document properties and the package's part names.
A worksheet whose bytes (and shared strings) were read before in the process gets the cells of
that read (the cells are read-only for the audit). A part that is missing or unreadable is not
an exception: it is listed in ``BookXML.problems`` for the audit to report.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from ...xlsx import a1
from ...xlsx.book_cells import Cell, read_cell_map, shared_strings
from ...xlsx.ooxml import rels_name
from ...xlsx.xmltext import ATTRS, SHEETDATA_RE, attrs, unescape

_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P = r"(?:[\w.-]+:)?"
#: a row whose start tag says hidden (the other rows are not parsed)
_HIDDEN_ROW = re.compile(rf"<{_P}row(?=[\s/>])([^>]*?\bhidden\s*=\s*[\"'](?:1|true)[\"'][^>]*?)/?>", re.S)
_COL = re.compile(rf"<{_P}col(?=[\s/>])({ATTRS})/?>", re.S)
_CF = re.compile(rf"<{_P}conditionalFormatting(?=[\s>])({ATTRS})>(.*?)</{_P}conditionalFormatting\s*>", re.S)
_RULE = re.compile(rf"<{_P}cfRule(?=[\s/>])({ATTRS})/?>", re.S)
_DV = re.compile(rf"<{_P}dataValidation(?=[\s/>])({ATTRS})/?>", re.S)
_DRAWING = re.compile(rf"<{_P}drawing(?=[\s/>])({ATTRS})/?>", re.S)
_PAGE_SETUP = re.compile(rf"<{_P}pageSetup(?=[\s/>])({ATTRS})/?>", re.S)
_FIT = re.compile(rf"<{_P}pageSetUpPr(?=[\s/>])[^>]*\bfitToPage=\"(1|true)\"")
_TITLES = re.compile(r'<(?:[\w.-]+:)?definedName(?=\s)[^>]*?name="_xlnm\.Print_Titles"[^>]*?localSheetId="(\d+)"'
                     r"[^>]*>([^<]*)<", re.S)
_PRINT_ROWS = re.compile(r"!\$?(\d+):\$?(\d+)\s*(?:,|$)")


@dataclass
class Chart:
    """One chart of a drawing: its anchor (0-based row, col) and series [(categories, values)]."""

    sheet: str
    row: int
    col: int
    series: list = field(default_factory=list)
    part: str = ""


@dataclass
class SheetXML:
    name: str
    part: str
    state: str = "visible"
    cells: dict = field(default_factory=dict)        # "B4" → Cell
    hidden_rows: set = field(default_factory=set)     # 0-based
    hidden_cols: set = field(default_factory=set)     # 0-based
    cond_formats: list = field(default_factory=list)  # [("A4:A9", rule type)]
    validations: list = field(default_factory=list)   # [("A4:A9", type)]
    charts: list = field(default_factory=list)        # [Chart]
    digest: bytes = b""                               # of the part's bytes (its strings aside)


@dataclass
class BookXML:
    sheets: dict = field(default_factory=dict)        # name → SheetXML, in workbook order
    names: dict = field(default_factory=dict)         # defined name → text (workbook-level and scoped)
    properties: dict = field(default_factory=dict)    # custom document properties
    parts: set = field(default_factory=set)
    problems: list = field(default_factory=list)      # [(part, what is wrong)]
    print_setup: dict = field(default_factory=dict)   # sheet → page_setup(), repeat_rows from the names


def _hidden(xml: str, head: str, sheet: SheetXML) -> None:
    if "hidden" not in xml:
        return
    for rm in _HIDDEN_ROW.finditer(xml):
        ra = attrs(rm.group(1))
        if ra.get("hidden") in ("1", "true") and ra.get("r", "").isdigit():
            sheet.hidden_rows.add(int(ra["r"]) - 1)
    for cm in _COL.finditer(head):   # <cols> comes before the cells
        ca = attrs(cm.group(1))
        if ca.get("hidden") in ("1", "true"):
            sheet.hidden_cols.update(range(int(ca.get("min", 1)) - 1, int(ca.get("max", 1))))


def _formats(xml: str, sheet: SheetXML) -> None:
    for cf in _CF.finditer(xml):
        sqref = attrs(cf.group(1)).get("sqref", "")
        for rule in _RULE.finditer(cf.group(2)):
            sheet.cond_formats.append((sqref, attrs(rule.group(1)).get("type")))
    for dv in _DV.finditer(xml):
        da = attrs(dv.group(1))
        sheet.validations.append((da.get("sqref", ""), da.get("type")))


def _rels(zf: zipfile.ZipFile, part: str) -> dict:
    """{relationship id: target part} of ``part`` (internal targets only)."""
    name = rels_name(part)
    if name not in zf.namelist():
        return {}
    base = posixpath.dirname(part)
    out = {}
    for rel in ET.fromstring(zf.read(name)):
        if rel.get("TargetMode") != "External":
            t = rel.get("Target", "")
            out[rel.get("Id")] = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join(base, t))
    return out


def _chart_series(xml: bytes) -> list:
    """[(categories, values)] of every series of a chart part (references without "=")."""
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    out = []
    for ser in ET.fromstring(xml).iter(f"{ns}ser"):
        refs = []
        for tag, scatter in (("cat", "xVal"), ("val", "yVal")):  # a scatter chart's series has x and y values
            e = ser.find(f"{ns}{tag}")
            e = ser.find(f"{ns}{scatter}") if e is None else e
            f = e.find(f".//{ns}f") if e is not None else None
            refs.append(f.text if f is not None and f.text else "")
        out.append(tuple(refs))
    return out


def _charts(zf: zipfile.ZipFile, book: BookXML, sheet: SheetXML, xml: str) -> None:
    """The charts of the sheet's drawing: anchor from ``xdr:from``, series from each chart part."""
    xdr = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
    for dm in _DRAWING.finditer(xml):
        rid = next((v for k, v in attrs(dm.group(1)).items() if k.endswith(":id") or k == "id"), None)
        drawing = _rels(zf, sheet.part).get(rid)
        if drawing is None or drawing not in book.parts:
            book.problems.append((drawing or sheet.part, f"the drawing of {sheet.name} is missing"))
            continue
        chart_rels = _rels(zf, drawing)
        for anchor in ET.fromstring(zf.read(drawing)):
            frm = anchor.find(f"{xdr}from")
            row = int(frm.findtext(f"{xdr}row", "0")) if frm is not None else 0
            col = int(frm.findtext(f"{xdr}col", "0")) if frm is not None else 0
            for ref in anchor.iter("{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"):
                part = chart_rels.get(ref.get(f"{{{_NS_REL}}}id"))
                try:
                    series = _chart_series(zf.read(part))
                except (KeyError, TypeError, ET.ParseError) as exc:
                    book.problems.append((part or drawing, f"a chart of {sheet.name} cannot be read ({exc})"))
                    continue
                sheet.charts.append(Chart(sheet.name, row, col, series, part))


def _properties(zf: zipfile.ZipFile) -> dict:
    if "docProps/custom.xml" not in zf.namelist():
        return {}
    out = {}
    for prop in ET.fromstring(zf.read("docProps/custom.xml")):
        if prop.get("name") and len(prop):
            out[prop.get("name")] = prop[0].text or ""
    return out


def _workbook(zf: zipfile.ZipFile, book: BookXML) -> list[tuple[str, str, str]]:
    """[(sheet name, part, state)] of workbook.xml, and its defined names into ``book``."""
    wb_part = "xl/workbook.xml"
    rels = _rels(zf, wb_part)
    root = ET.fromstring(zf.read(wb_part))
    out = []
    for e in root.iter():
        tag = e.tag.rpartition("}")[2]
        if tag == "sheet":
            rid = next((v for k, v in e.attrib.items() if k.endswith("}id")), None)
            out.append((e.get("name"), rels.get(rid, ""), e.get("state", "visible")))
        elif tag == "definedName":
            book.names[e.get("name", "")] = e.text or ""
    return out


#: digest of (shared strings, worksheet bytes) → the worksheet's cells; a few books' worth, so that
#: auditing several copies of one book in a process (a corpus of planted faults, ``report`` after
#: ``recalc``, a folder of copies) parses only the worksheets that differ. Read-only for the audit.
_CELLS: OrderedDict = OrderedDict()
_KEEP = 64


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
        cells = read_cell_map(xml, strings)
        _CELLS[key] = cells
        while len(_CELLS) > _KEEP:
            _CELLS.popitem(last=False)
    else:
        _CELLS.move_to_end(key)
    return cells


def read(path) -> BookXML:
    """The book at ``path`` (see the module docstring); the caller has checked it is a sound zip."""
    book = BookXML()
    with zipfile.ZipFile(path) as zf:
        book.parts = set(zf.namelist())
        strings = shared_strings(zf)
        strings_key = _digest(*(s.encode("utf-8") for s in strings))
        book.properties = _properties(zf)
        for name, part, state in _workbook(zf, book):
            sheet = SheetXML(name, part, state)
            book.sheets[name] = sheet
            if part not in book.parts:
                book.problems.append((part or name, f"the part of sheet {name} is missing"))
                continue
            raw = zf.read(part)
            xml = raw.decode("utf-8")
            if "<" + "sheetData" not in xml and ":sheetData" not in xml:
                continue  # a chart sheet or dialog sheet
            sheet.digest = _digest(raw)
            sheet.cells = _cells(raw, xml, strings, strings_key)
            head, tail = _around_cells(xml)
            _hidden(xml, head, sheet)
            book.print_setup[name] = page_setup(head + tail)
            _formats(tail, sheet)
            _charts(zf, book, sheet, tail)
        _print_titles(zf.read("xl/workbook.xml").decode("utf-8"), book)
    return book


def _around_cells(xml: str) -> tuple[str, str]:
    """The worksheet before and after its ``sheetData`` (CT_Worksheet puts the sheet properties
    and columns before it; conditional formats, data validations, the page setup and the drawing
    after it), so that their patterns do not scan the cells; the end is the first
    ``</sheetData`` after its start (cell text cannot hold a "<")."""
    m = SHEETDATA_RE.search(xml)
    if m is None:
        return xml, xml
    end = m.end() if m.group(3) else xml.find(f"</{m.group(1)}sheetData", m.end())
    return xml[:m.start()], (xml[end:] if end >= 0 else xml)


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
        rows = _PRINT_ROWS.search(text)
        if rows and i < len(names) and names[i] in book.print_setup:
            book.print_setup[names[i]]["repeat_rows"] = (int(rows.group(1)) - 1, int(rows.group(2)) - 1)


def area_cells(sqref: str):
    """(row, col) of every cell of a space-separated ``sqref``."""
    for part in sqref.split():
        r1, c1, r2, c2 = a1.parse_area(part if ":" in part else f"{part}:{part}")
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                yield r, c
