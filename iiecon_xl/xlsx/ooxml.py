"""Reading an .xlsx package: its sheets and the formula cells their XML holds — stdlib only.

An .xlsx file is a zip of XML parts. ``xl/workbook.xml`` lists the sheets; its
relationships name the part of each (``xl/worksheets/sheet1.xml``). A formula cell looks
like ``<c r="C6" s="3"><f>SUM(A1:A5)</f><v>15</v></c>``: the ``<f>`` element is the
formula, the ``<v>`` element the value cached by the last application that calculated
the book. The read-only parts (workbook.xml, relationships) are parsed with
:mod:`xml.etree.ElementTree`; worksheets are scanned as text (:mod:`.xmltext`).
"""

from __future__ import annotations

import os
import posixpath
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .a1 import cell_name, parse_area, parse_cell
from .xmltext import SHEETDATA_RE, Tokens, attrs, unescape

__all__ = ["FormulaCell", "iter_cells", "read_formula_cells", "rels_name", "sheet_parts", "workbook_sheets"]

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"


# --------------------------------------------------------------------------- package parts


def _norm_part(base_dir: str, target: str) -> str:
    """A relationship target resolved to a zip member name (no leading slash)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base_dir, target))


def rels_name(part: str) -> str:
    """The relationships part of ``part``: ``xl/_rels/workbook.xml.rels``."""
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")


def _workbook_part(zf: zipfile.ZipFile) -> str:
    names = set(zf.namelist())
    if "_rels/.rels" in names:
        root = ET.fromstring(zf.read("_rels/.rels"))
        for rel in root:
            if rel.get("Type", "").endswith("/officeDocument"):
                return _norm_part("", rel.get("Target", ""))
    return "xl/workbook.xml"


def workbook_sheets(zf: zipfile.ZipFile) -> tuple[str, dict[str, str]]:
    """(workbook part, {sheet name: worksheet part} in workbook order) of an open package."""
    wb_part = _workbook_part(zf)
    rels = {}
    wb_rels = rels_name(wb_part)
    base = posixpath.dirname(wb_part)
    if wb_rels in zf.namelist():
        for rel in ET.fromstring(zf.read(wb_rels)):
            if rel.get("TargetMode") == "External":
                continue
            rels[rel.get("Id")] = _norm_part(base, rel.get("Target", ""))
    root = ET.fromstring(zf.read(wb_part))
    out: dict[str, str] = {}
    for ns_main, ns_rel in ((_NS_MAIN, _NS_REL), (_NS_STRICT_MAIN, _NS_STRICT_REL)):
        for sheet in root.iter(f"{{{ns_main}}}sheet"):
            rid = sheet.get(f"{{{ns_rel}}}id")
            if rid in rels:
                out[sheet.get("name")] = rels[rid]
    return wb_part, out


def sheet_parts(path: str | os.PathLike) -> dict[str, str]:
    """Sheet name → worksheet part (``"xl/worksheets/sheet1.xml"``), in workbook order.

    Read through workbook.xml and its relationships; chart sheets and dialog sheets are
    included under their part names as well.
    """
    with zipfile.ZipFile(path) as zf:
        return workbook_sheets(zf)[1]


# --------------------------------------------------------------------------- formula cells


@dataclass(frozen=True)
class FormulaCell:
    """One formula cell as stored in the sheet XML."""

    formula: str           # the formula text (unescaped, without "="); "" for a shared-formula child
    array_ref: str | None  # "A3:B4" for an array formula (t="array"), else None
    dynamic: bool          # an Excel 365 dynamic array (the cell has a ``cm`` attribute)


def _sheet_formulas(xml: str) -> dict[str, FormulaCell]:
    m = SHEETDATA_RE.search(xml)
    if not m or m.group(3):
        return {}
    tok = Tokens(m.group(1))
    end = xml.find(f"</{tok.prefix}sheetData", m.end())
    out: dict[str, FormulaCell] = {}
    row = -1  # 0-based; a <row> or <c> without ``r`` follows the previous one
    for rm in tok.row.finditer(xml, m.end(), end if end >= 0 else len(xml)):
        ra = attrs(rm.group(1))
        row = int(ra["r"]) - 1 if "r" in ra else row + 1
        col = -1
        for cm_ in tok.cell.finditer(rm.group(2) or ""):
            ca = attrs(cm_.group(1))
            row_c, col = parse_cell(ca["r"]) if "r" in ca else (row, col + 1)
            fm = tok.formula.search(cm_.group(2) or "")
            if not fm:
                continue
            fa = attrs(fm.group(1))
            ref = fa.get("ref") if fa.get("t") == "array" else None
            out[cell_name(row_c, col)] = FormulaCell(
                formula=unescape(fm.group(2) or ""), array_ref=ref, dynamic=ref is not None and "cm" in ca)
    return out


def read_formula_cells(path: str | os.PathLike) -> dict[str, dict[str, FormulaCell]]:
    """Sheet name → {cell: :class:`FormulaCell`} for every cell holding an ``<f>`` element."""
    with zipfile.ZipFile(path) as zf:
        _, parts = workbook_sheets(zf)
        names = set(zf.namelist())
        return {sheet: _sheet_formulas(zf.read(part).decode("utf-8"))
                for sheet, part in parts.items() if part in names}


def iter_cells(ref: str) -> Iterable[str]:
    """The cells of a range ``"A3:B4"`` row by row: A3, B3, A4, B4."""
    r1, c1, r2, c2 = parse_area(ref)
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            yield cell_name(r, c)
