"""Every cell of an .xlsx package read in one pass over each sheet — stdlib only.

:func:`read_book` gives, for each worksheet, the constant cells as parallel lists (rows,
columns, values — ready to be put into a numpy grid in one assignment) and the formula
cells with their kind (plain, array with its range, a shared formula's master or child,
dynamic array). Values are read as openpyxl reads them, so the headless engine sees
what it saw before: an integer for a number written without ``.``/``E``, a float
(rounded to 15 decimals, as ``formulas`` does) otherwise, ``bool`` for ``t="b"``, an
:class:`~.errors.ExcelError` for ``t="e"``, the text of a shared or inline string. The
workbook's defined names come with their sheet scope. Rows and columns are 0-based.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from xml.etree import ElementTree as ET

from .a1_fast import col_index_fast
from .errors import ExcelError
from .ooxml import workbook_sheets
from .xmltext import SHEETDATA_RE, unescape

__all__ = ["BookCells", "Cell", "DefinedName", "FormulaEntry", "SheetCells", "read_book", "read_cell_map",
           "shared_strings"]

@dataclass(frozen=True)
class FormulaEntry:
    """One formula cell: ``text`` without ``=`` ("" for a shared child, see ``shared``)."""

    row: int
    col: int
    text: str
    array_ref: str | None = None   # "A3:B4" for t="array"
    shared: str | None = None      # the si of a shared formula (master and children)
    dynamic: bool = False          # the cell has a ``cm`` attribute (Excel 365 dynamic array)


@dataclass
class SheetCells:
    """The cells of one worksheet."""

    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    values: list = field(default_factory=list)
    formulas: list[FormulaEntry] = field(default_factory=list)


@dataclass(frozen=True)
class DefinedName:
    name: str
    text: str
    sheet: int | None   # localSheetId (workbook order) or None for a workbook-level name
    hidden: bool


@dataclass
class BookCells:
    sheets: dict[str, SheetCells]
    names: list[DefinedName]


def _cell_re(prefix: str) -> re.Pattern:
    """A cell; its first alternative is the common constant cell (``r``, maybe ``s`` and ``t``,
    one ``<v>``), read without parsing its attributes: groups 1–4 letters, row, t, value;
    the general form's groups 5–6 attributes and content."""
    p = re.escape(prefix)
    return re.compile(rf'<{p}c r="([A-Z]{{1,3}})([0-9]{{1,7}})"(?: s="[0-9]+")?(?: t="([a-z]+)")?>'
                      rf"<{p}v>([^<]*)</{p}v></{p}c>"
                      rf"|<{p}c(?=[\s/>])([^>]*?)(?:/>|>(.*?)</{p}c\s*>)", re.S)


_ATTR = re.compile(r'\b(r|t|cm)="([^"]*)"')
_REF = re.compile(r"([A-Za-z]{1,3})(\d+)")
_F = re.compile(r"<(?:[\w.-]+:)?f(?=[\s/>])([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?f\s*>)", re.S)
_FATTR = re.compile(r'\b(t|ref|si)="([^"]*)"')
_V = re.compile(r"<(?:[\w.-]+:)?v(?:\s[^>]*)?>(.*?)</(?:[\w.-]+:)?v\s*>", re.S)
_T = re.compile(r"<(?:[\w.-]+:)?t(?:\s[^>]*)?>(.*?)</(?:[\w.-]+:)?t\s*>", re.S)


def _number(text: str):
    """A ``<v>`` number as openpyxl reads it: int without '.', 'e', 'E'; else float."""
    if "." in text or "E" in text or "e" in text:
        return round(float(text), 15)
    return int(text)


def _value(t: str | None, inner: str, strings: list[str]):
    """The value of a constant cell (None: blank)."""
    if t == "inlineStr":
        return unescape("".join(_T.findall(inner)))
    m = _V.search(inner)
    if m is None:
        return None
    v = m.group(1)
    if t is None or t == "n":
        return _number(v)
    return _typed(t, v, strings)


def _typed(t: str, v: str, strings: list[str]):
    """The value of a ``<v>`` of type ``t`` (not a number)."""
    if t == "s":
        return strings[int(v)]
    if t == "b":
        return v.strip() in ("1", "true")
    if t == "e":
        return ExcelError(v.strip())
    return unescape(v)  # t="str" on a constant cell, "d" (ISO date text)


def _formula(row: int, col: int, attrs: dict, fm) -> FormulaEntry:
    fa = dict(_FATTR.findall(fm.group(1)))
    kind = fa.get("t")
    return FormulaEntry(row, col, unescape(fm.group(2) or ""),
                        array_ref=fa.get("ref") if kind == "array" else None,
                        shared=fa.get("si") if kind == "shared" else None,
                        dynamic=kind == "array" and "cm" in attrs)


def read_sheet(xml: str, strings: list[str]) -> SheetCells:
    """The cells of one worksheet's XML."""
    out = SheetCells()
    m = SHEETDATA_RE.search(xml)
    if not m or m.group(3):
        return out
    cell_re = _cell_re(m.group(1))
    end = xml.find(f"</{m.group(1)}sheetData", m.end())
    data = xml[m.end():end if end >= 0 else len(xml)]
    row, col = 0, -1
    rows, cols, values = out.rows, out.cols, out.values
    for cm in cell_re.finditer(data):
        if cm.group(1) is not None:  # a constant cell in its common form
            row, col = int(cm.group(2)) - 1, col_index_fast(cm.group(1))
            t, v = cm.group(3), cm.group(4)
            v = _number(v) if t is None or t == "n" else _typed(t, v, strings)
            if v is not None:
                rows.append(row)
                cols.append(col)
                values.append(v)
            continue
        attrs = dict(_ATTR.findall(cm.group(5)))
        ref = attrs.get("r")
        if ref:
            rm = _REF.match(ref)
            row, col = int(rm.group(2)) - 1, col_index_fast(rm.group(1))
        else:  # no r: the cell after the previous one (rows without r are not supported)
            col += 1
        inner = cm.group(6) or ""
        if "<" not in inner:
            continue
        fm = _F.search(inner) if "f" in inner else None
        if fm is not None:
            out.formulas.append(_formula(row, col, attrs, fm))
            continue
        v = _value(attrs.get("t"), inner, strings)
        if v is not None:
            out.rows.append(row)
            out.cols.append(col)
            out.values.append(v)
    return out


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    name = next((n for n in zf.namelist() if n.lower().endswith("sharedstrings.xml")), None)
    if name is None:
        return []
    out = []
    for si in ET.fromstring(zf.read(name)):
        parts = []
        for child in si:  # <t>, or rich-text runs <r><t>; phonetic runs <rPh> are not text
            if child.tag.endswith("}t"):
                parts.append(child.text or "")
            elif child.tag.endswith("}r"):
                parts += [t.text or "" for t in child if t.tag.endswith("}t")]
        out.append("".join(parts))
    return out


def _defined_names(zf: zipfile.ZipFile, wb_part: str) -> list[DefinedName]:
    root = ET.fromstring(zf.read(wb_part))
    out = []
    for dn in root.iter():
        if not dn.tag.endswith("definedName"):
            continue
        local = dn.get("localSheetId")
        out.append(DefinedName(dn.get("name", ""), dn.text or "", int(local) if local is not None else None,
                               dn.get("hidden") in ("1", "true")))
    return out


def shared_strings(zf: zipfile.ZipFile) -> list[str]:
    """The shared strings of the package (rich-text runs joined; phonetic runs left out)."""
    return _shared_strings(zf)


# --------------------------------------------------------------------------- cells by reference


@dataclass(slots=True)
class Cell:
    """One ``<c>`` as the audit reads it: its cached value (None: none) and formula text with
    "=" (None: a constant), the range of an array formula."""

    value: object = None
    formula: str | None = None
    array_ref: str | None = None


@lru_cache(maxsize=8)
def _map_re(prefix: str) -> re.Pattern:
    """A cell in the form XlsxWriter and LibreOffice write — ``r`` first, maybe ``s`` and ``t``,
    maybe a plain ``<f>`` (LibreOffice adds ``aca``), one ``<v>``: groups 1–4 reference, t,
    formula, value; else the general form: groups 5–6 attributes and content."""
    p = re.escape(prefix)
    return re.compile(rf'<{p}c r="([A-Z]{{1,3}}[0-9]{{1,7}})"(?: s="[0-9]+")?(?: t="([a-z]+)")?>'
                      rf'(?:<{p}f(?: aca="(?:false|true)")?>([^<]+)</{p}f>)?<{p}v>([^<]*)</{p}v></{p}c>'
                      rf"|<{p}c(?=[\s/>])([^>]*?)(?:/>|>(.*?)</{p}c\s*>)", re.S)


def _exact(text: str):
    """A ``<v>`` number exactly as written (no rounding: the audit compares to 1e-9 relative):
    int without '.', 'e', 'E'; else float (NaN, INF as Python reads them); None when empty."""
    text = text.strip()
    if not text:
        return None
    if "." in text or "E" in text or "e" in text or text in ("NaN", "INF", "-INF"):
        return float(text)
    return int(text)


def _exact_value(t: str | None, v: str, strings: list[str]):
    if t is None or t == "n":
        return _exact(v)
    if t == "s":
        i = int(v)
        return strings[i] if 0 <= i < len(strings) else None
    return _typed(t, v, strings)


def _general(attrs: str, inner: str, strings: list[str], masters: dict):
    """(reference, Cell) of a ``<c>`` in any other form (None: no reference, or nothing in it)."""
    rm = re.search(r'\br="([A-Z]+\d+)"', attrs)
    if rm is None or "<" not in inner:
        return None
    ref, tm = rm.group(1), re.search(r'\bt="(\w+)"', attrs)
    t = tm.group(1) if tm else None
    if t == "inlineStr":
        cell = Cell(unescape("".join(_T.findall(inner))))
    else:
        vm = _V.search(inner)
        cell = Cell(None if vm is None else _exact_value(t, vm.group(1), strings))
    fm = _F.search(inner) if "f" in inner else None
    if fm is not None:
        fa = dict(_FATTR.findall(fm.group(1)))
        text = unescape(fm.group(2) or "")
        if fa.get("t") == "shared":
            if text:
                masters[fa.get("si")] = (ref, text)
            elif fa.get("si") in masters:
                from openpyxl.formula.translate import Translator

                origin, master = masters[fa.get("si")]
                text = Translator("=" + master, origin=origin).translate_formula(ref)[1:]
        cell.formula = "=" + text
        cell.array_ref = fa.get("ref") if fa.get("t") == "array" else None
    return (ref, cell) if cell.value is not None or cell.formula is not None else None


def read_cell_map(xml: str, strings: list[str]) -> dict[str, Cell]:
    """"B4" → :class:`Cell` of every ``<c>`` of a worksheet's XML with a value or a formula:
    values exact (see :func:`_exact`), shared formulas expanded as Excel means them; a cell
    without ``r`` is left out."""
    out: dict = {}
    m = SHEETDATA_RE.search(xml)
    if not m or m.group(3):
        return out
    end = xml.find(f"</{m.group(1)}sheetData", m.end())
    masters: dict = {}  # si → (cell, formula text)
    for chunk in _row_chunks(xml, m.group(1), m.end(), end if end >= 0 else len(xml)):
        _map_chunk(out, chunk, strings, masters)
    return out


def _row_chunks(xml: str, prefix: str, start: int, end: int, size: int = 1 << 20):
    """The matches of :func:`_map_re` in ``xml[start:end]``, a list per ~1 MB of whole rows (a
    list for a whole sheet of a million cells held ~200 MB for an instant)."""
    pattern, close = _map_re(prefix), f"</{prefix}row>"
    while start < end:
        cut = xml.find(close, start + size, end) if start + size < end else -1
        cut = end if cut < 0 else cut + len(close)
        yield pattern.findall(xml, start, cut)
        start = cut


def _map_chunk(out: dict, found: list, strings: list[str], masters: dict) -> None:
    cell = Cell
    for ref, t, f, v, attrs, inner in found:
        if ref and not t and not f:   # a number constant, the most common cell
            if "." in v or "E" in v or "e" in v:
                out[ref] = cell(float(v))
                continue
            if v.isdecimal():
                out[ref] = cell(int(v))
                continue
        if not ref:
            got = _general(attrs, inner, strings, masters)
            if got is not None:
                out[got[0]] = got[1]
            continue
        value = _exact(v) if not t else _exact_value(t, v, strings)
        if not f:
            if value is not None:
                out[ref] = cell(value)
        else:
            out[ref] = cell(value, "=" + unescape(f))


def read_book(path: str | os.PathLike) -> BookCells:
    """The cells of every worksheet of ``path`` (workbook order) and its defined names."""
    with zipfile.ZipFile(path) as zf:
        wb_part, parts = workbook_sheets(zf)
        names = set(zf.namelist())
        strings = _shared_strings(zf)
        sheets = {sheet: read_sheet(zf.read(part).decode("utf-8"), strings)
                  for sheet, part in parts.items() if part in names}
        return BookCells(sheets, _defined_names(zf, wb_part))
