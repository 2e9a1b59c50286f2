"""The book as the audit sees it, read in one pass over its zip (stdlib regexes, no openpyxl).

:func:`read` gives every sheet (name, order, visibility), every cell of each worksheet with its
cached value and formula text (shared formulas expanded, as Excel means them), the hidden rows
and columns, the conditional formats and data validations, the charts (anchor and series
references), the defined names, the custom document properties and the package's part names.
A part that is missing or unreadable is not an exception: it is listed in ``BookXML.problems``
for the audit to report.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from openpyxl.formula.translate import Translator

from ...xlsx import a1
from ...xlsx.errors import ExcelError
from ...xlsx.ooxml import rels_name
from ...xlsx.xmltext import ATTRS, SHEETDATA_RE, attrs, unescape

_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P = r"(?:[\w.-]+:)?"
_CELL = re.compile(rf"<{_P}c(?=[\s/>])({ATTRS})(?:/>|>(.*?)</{_P}c\s*>)", re.S)
_ROW = re.compile(rf"<{_P}row(?=[\s/>])({ATTRS})/?>", re.S)
_COL = re.compile(rf"<{_P}col(?=[\s/>])({ATTRS})/?>", re.S)
_F = re.compile(rf"<{_P}f(?=[\s/>])({ATTRS})(?:/>|>(.*?)</{_P}f\s*>)", re.S)
_V = re.compile(rf"<{_P}v(?:\s[^>]*)?>(.*?)</{_P}v\s*>", re.S)
_T = re.compile(rf"<{_P}t(?:\s[^>]*)?>(.*?)</{_P}t\s*>", re.S)
_CF = re.compile(rf"<{_P}conditionalFormatting(?=[\s>])({ATTRS})>(.*?)</{_P}conditionalFormatting\s*>", re.S)
_RULE = re.compile(rf"<{_P}cfRule(?=[\s/>])({ATTRS})/?>", re.S)
_DV = re.compile(rf"<{_P}dataValidation(?=[\s/>])({ATTRS})/?>", re.S)
_DRAWING = re.compile(rf"<{_P}drawing(?=[\s/>])({ATTRS})/?>", re.S)
_R = re.compile(r'\br="([A-Z]+\d+)"')
_TYPE = re.compile(r'\bt="(\w+)"')


@dataclass
class Cell:
    """One ``<c>``: its cached value (None: none) and formula text with "=" (None: a constant)."""

    value: object = None
    formula: str | None = None
    array_ref: str | None = None


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


@dataclass
class BookXML:
    sheets: dict = field(default_factory=dict)        # name → SheetXML, in workbook order
    names: dict = field(default_factory=dict)         # defined name → text (workbook-level and scoped)
    properties: dict = field(default_factory=dict)    # custom document properties
    parts: set = field(default_factory=set)
    problems: list = field(default_factory=list)      # [(part, what is wrong)]


def _number(text: str):
    text = text.strip()
    if "." in text or "E" in text or "e" in text or text in ("NaN", "INF", "-INF"):
        return float(text)
    return int(text)


def _cached(t: str | None, inner: str, strings: list[str]):
    if t == "inlineStr":
        return unescape("".join(_T.findall(inner)))
    m = _V.search(inner)
    if m is None:
        return None
    v = m.group(1)
    if t is None or t == "n":
        return _number(v)
    if t == "s":
        i = int(v)
        return strings[i] if 0 <= i < len(strings) else None
    if t == "b":
        return v.strip() in ("1", "true")
    if t == "e":
        return ExcelError(v.strip())
    return unescape(v)


def _cells(xml: str, strings: list[str]) -> dict:
    """"B4" → Cell for every ``<c>`` of a worksheet with a value or a formula."""
    out: dict = {}
    m = SHEETDATA_RE.search(xml)
    if not m or m.group(3):
        return out
    end = xml.find("sheetData", m.end())
    masters: dict = {}  # si → (cell, formula text)
    for cm in _CELL.finditer(xml, m.end(), end if end > 0 else len(xml)):
        inner = cm.group(2) or ""
        rm = _R.search(cm.group(1))
        if rm is None or "<" not in inner:
            continue
        ref, tm = rm.group(1), _TYPE.search(cm.group(1))
        fm = _F.search(inner) if "<f" in inner or ":f" in inner else None
        cell = Cell(_cached(tm.group(1) if tm else None, inner, strings))
        if fm is not None:
            fa, text = attrs(fm.group(1)), unescape(fm.group(2) or "")
            if fa.get("t") == "shared":
                if text:
                    masters[fa.get("si")] = (ref, text)
                elif fa.get("si") in masters:
                    origin, master = masters[fa.get("si")]
                    text = Translator("=" + master, origin=origin).translate_formula(ref)[1:]
            cell.formula = "=" + text
            cell.array_ref = fa.get("ref") if fa.get("t") == "array" else None
        if cell.value is not None or cell.formula is not None:
            out[ref] = cell
    return out


def _hidden(xml: str, sheet: SheetXML) -> None:
    for rm in _ROW.finditer(xml):
        ra = attrs(rm.group(1))
        if ra.get("hidden") in ("1", "true") and ra.get("r", "").isdigit():
            sheet.hidden_rows.add(int(ra["r"]) - 1)
    for cm in _COL.finditer(xml):
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


def _strings(zf: zipfile.ZipFile) -> list[str]:
    name = next((n for n in zf.namelist() if n.lower().endswith("sharedstrings.xml")), None)
    if name is None:
        return []
    out = []
    for si in ET.fromstring(zf.read(name)):
        parts = []
        for child in si:
            if child.tag.endswith("}t"):
                parts.append(child.text or "")
            elif child.tag.endswith("}r"):
                parts += [t.text or "" for t in child if t.tag.endswith("}t")]
        out.append("".join(parts))
    return out


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


def read(path) -> BookXML:
    """The book at ``path`` (see the module docstring); the caller has checked it is a sound zip."""
    book = BookXML()
    with zipfile.ZipFile(path) as zf:
        book.parts = set(zf.namelist())
        strings = _strings(zf)
        book.properties = _properties(zf)
        for name, part, state in _workbook(zf, book):
            sheet = SheetXML(name, part, state)
            book.sheets[name] = sheet
            if part not in book.parts:
                book.problems.append((part or name, f"the part of sheet {name} is missing"))
                continue
            xml = zf.read(part).decode("utf-8")
            if "<" + "sheetData" not in xml and ":sheetData" not in xml:
                continue  # a chart sheet or dialog sheet
            sheet.cells = _cells(xml, strings)
            _hidden(xml, sheet)
            _formats(xml, sheet)
            _charts(zf, book, sheet, xml)
    return book


def area_cells(sqref: str):
    """(row, col) of every cell of a space-separated ``sqref``."""
    for part in sqref.split():
        r1, c1, r2, c2 = a1.parse_area(part if ":" in part else f"{part}:{part}")
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                yield r, c
