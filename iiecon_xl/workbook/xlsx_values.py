"""Cached values written into an .xlsx file without touching its formulas — stdlib only.

An .xlsx file is a zip of XML parts. A formula cell looks like
``<c r="C6" s="3"><f>SUM(A1:A5)</f><v>15</v></c>``: the ``<f>`` element is the formula,
the ``<v>`` element the value cached by the last application that calculated the book.
Viewers without a calculation engine (openpyxl ``data_only=True``, pandas, previewers,
LibreOffice with recalculation off) show only the cached values. :func:`write_cached_values`
copies a book and fills them in:

- formula cells keep their ``<f>`` element byte for byte (array ``ref``, shared ``si``,
  the ``cm`` attribute that marks a dynamic array); only ``<v>`` and the cell's ``t``
  attribute change: none for a number, ``"str"`` for text, ``"b"`` for TRUE/FALSE,
  ``"e"`` for an error value;
- other cells (the non-anchor cells of a spill range) become plain value cells: a
  number, ``t="b"``, ``t="e"``, or ``t="inlineStr"`` with ``<is><t>…</t></is>`` for
  text (``t="str"`` is only valid on a formula cell); their style (``s``) is kept;
- missing ``<row>`` / ``<c>`` elements are created in the sorted order Excel requires,
  and the ``<dimension>`` is widened to cover them;
- the calculation chain (``xl/calcChain.xml``, its ``[Content_Types].xml`` override and
  its relationship) is dropped, and ``fullCalcOnLoad`` is removed from ``<calcPr>`` (XlsxWriter
  sets it) so that viewers show the cached values instead of recalculating without the
  iiecon-xl functions (LibreOffice would show ``#NAME?``). Excel still recalculates a book
  whose ``calcId`` is older than its own; ``full_calc_on_load=True`` forces it instead.

The worksheet XML is edited as text, row by row, rather than re-serialised by an XML
library: everything not listed above (namespace declarations, ``mc:Ignorable``, ``xr:uid``
attributes, extension lists …) is copied unchanged, which an ElementTree round trip
would not guarantee. Only the rows that receive values are re-tokenised. Read-only XML
(workbook.xml, the relationships) is parsed with :mod:`xml.etree.ElementTree`.
"""

from __future__ import annotations

import math
import numbers
import os
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

__all__ = [
    "EXCEL_ERRORS",
    "iter_cells",
    "ExcelError",
    "FormulaCell",
    "cell_index",
    "cell_name",
    "read_formula_cells",
    "sheet_parts",
    "write_cached_values",
]

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CALC_CHAIN_TYPE = "/calcChain"

#: Error values Excel accepts in a ``t="e"`` cell.
EXCEL_ERRORS: frozenset[str] = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
})


class ExcelError(str):
    """An Excel error value (``"#N/A"``, ``"#VALUE!"`` …) as opposed to a text.

    It is a ``str`` (it compares equal to ``"#N/A"``); :func:`write_cached_values` writes
    it as an error cell. Plain strings that are exactly one of :data:`EXCEL_ERRORS` are
    written as errors too.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"ExcelError({str.__repr__(self)})"


# --------------------------------------------------------------------------- cell names

_CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def cell_index(ref: str) -> tuple[int, int]:
    """``"B7"`` → (7, 2): 1-based row and column."""
    m = _CELL_RE.match(ref)
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _col_letters(col: int) -> str:
    s = ""
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def cell_name(row: int, col: int) -> str:
    """(7, 2) → ``"B7"``."""
    return f"{_col_letters(col)}{row}"


def _range_bounds(ref: str) -> tuple[int, int, int, int]:
    """``"A3:B4"`` → (r1, c1, r2, c2); a single cell is a 1×1 range."""
    a, _, b = ref.partition(":")
    r1, c1 = cell_index(a)
    r2, c2 = cell_index(b) if b else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


# --------------------------------------------------------------------------- package parts


def _norm_part(base_dir: str, target: str) -> str:
    """A relationship target resolved to a zip member name (no leading slash)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base_dir, target))


def _rels_name(part: str) -> str:
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


def _sheet_parts(zf: zipfile.ZipFile) -> tuple[str, dict[str, str]]:
    wb_part = _workbook_part(zf)
    rels = {}
    rels_name = _rels_name(wb_part)
    base = posixpath.dirname(wb_part)
    if rels_name in zf.namelist():
        for rel in ET.fromstring(zf.read(rels_name)):
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
        return _sheet_parts(zf)[1]


# --------------------------------------------------------------------------- XML tokens

_ATTRS = r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*?"
_ATTR_RE = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _attrs(start_tag: str) -> dict[str, str]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ATTR_RE.finditer(start_tag)}


def _escape(s: str) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", s)


def _escape_attr(s: str) -> str:
    return _escape(s).replace('"', "&quot;")


class _Tokens:
    """Regexes for one worksheet, with the prefix its main namespace uses ("" or "x:")."""

    _cache: dict[str, _Tokens] = {}

    def __new__(cls, prefix: str):
        if prefix in cls._cache:
            return cls._cache[prefix]
        self = super().__new__(cls)
        p = re.escape(prefix)
        self.prefix = prefix
        self.row = re.compile(rf"<{p}row(?=[\s/>])({_ATTRS})(?:/>|>(.*?)</{p}row\s*>)", re.S)
        self.cell = re.compile(rf"<{p}c(?=[\s/>])({_ATTRS})(?:/>|>(.*?)</{p}c\s*>)", re.S)
        self.formula = re.compile(rf"<{p}f(?=[\s/>])({_ATTRS})(?:/>|>(.*?)</{p}f\s*>)", re.S)
        self.value = re.compile(rf"<{p}v(?=[\s/>]){_ATTRS}(?:/>|>.*?</{p}v\s*>)", re.S)
        self.inline = re.compile(rf"<{p}is(?=[\s/>]){_ATTRS}(?:/>|>.*?</{p}is\s*>)", re.S)
        self.ext = re.compile(rf"<{p}extLst(?=[\s/>]).*?</{p}extLst\s*>", re.S)
        cls._cache[prefix] = self
        return self


_SHEETDATA_RE = re.compile(rf"<((?:[\w.-]+:)?)sheetData(?=[\s/>])({_ATTRS})(/?)>", re.S)
_DIMENSION_RE = re.compile(rf"<((?:[\w.-]+:)?)dimension(?=[\s/>])({_ATTRS})/>", re.S)


@dataclass(frozen=True)
class FormulaCell:
    """One formula cell as stored in the sheet XML."""

    formula: str           # the formula text (unescaped, without "="); "" for a shared-formula child
    array_ref: str | None  # "A3:B4" for an array formula (t="array"), else None
    dynamic: bool          # an Excel 365 dynamic array (the cell has a ``cm`` attribute)


def _unescape(s: str) -> str:
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _sheet_formulas(xml: str) -> dict[str, FormulaCell]:
    m = _SHEETDATA_RE.search(xml)
    if not m or m.group(3):
        return {}
    tok = _Tokens(m.group(1))
    end = xml.find(f"</{tok.prefix}sheetData", m.end())
    out: dict[str, FormulaCell] = {}
    row_no = 0
    for rm in tok.row.finditer(xml, m.end(), end if end >= 0 else len(xml)):
        ra = _attrs(rm.group(1))
        row_no = int(ra["r"]) if "r" in ra else row_no + 1
        col = 0
        for cm_ in tok.cell.finditer(rm.group(2) or ""):
            ca = _attrs(cm_.group(1))
            if "r" in ca:
                row_c, col = cell_index(ca["r"])
            else:
                row_c, col = row_no, col + 1
            body = cm_.group(2) or ""
            fm = tok.formula.search(body)
            if not fm:
                continue
            fa = _attrs(fm.group(1))
            ref = fa.get("ref") if fa.get("t") == "array" else None
            out[cell_name(row_c, col)] = FormulaCell(
                formula=_unescape(fm.group(2) or ""), array_ref=ref, dynamic=ref is not None and "cm" in ca)
    return out


def read_formula_cells(path: str | os.PathLike) -> dict[str, dict[str, FormulaCell]]:
    """Sheet name → {cell: :class:`FormulaCell`} for every cell holding an ``<f>`` element."""
    with zipfile.ZipFile(path) as zf:
        _, parts = _sheet_parts(zf)
        names = set(zf.namelist())
        return {sheet: _sheet_formulas(zf.read(part).decode("utf-8"))
                for sheet, part in parts.items() if part in names}


# --------------------------------------------------------------------------- values


def _number_text(x: float) -> str:
    if abs(x) < 1e15 and x == int(x):
        return str(int(x))
    return repr(x)


def _payload(value: Any, formula: bool) -> tuple[str | None, str]:
    """(``t`` attribute or None, the XML inside the cell after any ``<f>``) for one value."""
    if value is None:
        return None, ""
    if isinstance(value, ExcelError) or (type(value) is str and value in EXCEL_ERRORS):
        code = str(value) if str(value) in EXCEL_ERRORS else "#VALUE!"
        return "e", f"<v>{code}</v>"
    if isinstance(value, str):
        text = str.__str__(value)
        if formula:
            return "str", f"<v>{_escape(text)}</v>"
        space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
        return "inlineStr", f"<is><t{space}>{_escape(text)}</t></is>"
    if isinstance(value, bool) or (type(value).__module__ == "numpy" and "bool" in type(value).__name__):
        return "b", f"<v>{1 if value else 0}</v>"
    if isinstance(value, numbers.Real):
        x = float(value)
        if not math.isfinite(x):
            return "e", "<v>#NUM!</v>"
        return None, f"<v>{_number_text(x)}</v>"
    raise TypeError(f"cannot write a {type(value).__name__} as a cell value: {value!r}")


def _with_attrs(name: str, start_attrs: str, set_: Mapping[str, str | None]) -> str:
    """``<name attr…`` (no closing ``>``) with attributes set (a value) or removed (None).

    The other attributes are kept verbatim and in order; new ones are appended.
    """
    parts: list[str] = []
    seen = set()
    for m in _ATTR_RE.finditer(start_attrs):
        key = m.group(1)
        if key in set_:
            seen.add(key)
            v = set_[key]
            if v is not None:
                parts.append(f'{key}="{_escape_attr(v)}"')
        else:
            parts.append(m.group(0))
    parts += [f'{k}="{_escape_attr(v)}"' for k, v in set_.items() if k not in seen and v is not None]
    return f"<{name}" + "".join(" " + x for x in parts)


def _rewrite_cell(tok: _Tokens, start_attrs: str, body: str | None, ref: str, value: Any) -> str:
    p = tok.prefix
    body = body or ""
    fm = tok.formula.search(body)
    if fm:  # a formula cell: keep <f> (and any extLst) unchanged, replace <v>, drop <is>
        t, inner = _payload(value, formula=True)
        ext = tok.ext.search(body)
        rest = ext.group(0) if ext else ""
        inner = inner.replace("<v>", f"<{p}v>").replace("</v>", f"</{p}v>") if p else inner
        head = _with_attrs(f"{p}c", start_attrs, {"r": ref, "t": t, "vm": None})
        return f"{head}>{fm.group(0)}{inner}{rest}</{p}c>"
    t, inner = _payload(value, formula=False)
    if p:
        inner = re.sub(r"<(/?)(v|is|t)(?=[\s>])", rf"<\1{p}\2", inner)
    keep = _attrs(start_attrs)
    attrs = {"r": ref}
    if "s" in keep:
        attrs["s"] = keep["s"]
    if t:
        attrs["t"] = t
    head = f"<{p}c" + "".join(f' {k}="{_escape_attr(v)}"' for k, v in attrs.items())
    return f"{head}/>" if not inner else f"{head}>{inner}</{p}c>"


def _new_cell(tok: _Tokens, ref: str, value: Any) -> str:
    return _rewrite_cell(tok, "", None, ref, value)


def _rewrite_row(tok: _Tokens, row_no: int, row_attrs: str, content: str | None,
                 targets: dict[int, tuple[str, Any]]) -> str:
    """One ``<row>`` with the values of ``targets`` (col → (ref, value)) written in."""
    p = tok.prefix
    added: list[int] = []
    content = content or ""
    pieces: list[str] = []
    pos = 0
    col = 0
    pending = sorted(targets.items())
    k = 0
    for m in tok.cell.finditer(content):
        ca = _attrs(m.group(1))
        if "r" in ca:
            _, col = cell_index(ca["r"])
        else:
            col += 1
        pieces.append(content[pos:m.start()])
        pos = m.end()
        while k < len(pending) and pending[k][0] < col:  # new cells before this one
            ref, value = pending[k][1]
            pieces.append(_new_cell(tok, ref, value))
            added.append(pending[k][0])
            k += 1
        if k < len(pending) and pending[k][0] == col:
            ref, value = pending[k][1]
            pieces.append(_rewrite_cell(tok, m.group(1), m.group(2), ref, value))
            k += 1
        else:
            pieces.append(m.group(0))
    tail = content[pos:]
    new_cells = []
    while k < len(pending):
        ref, value = pending[k][1]
        new_cells.append(_new_cell(tok, ref, value))
        added.append(pending[k][0])
        k += 1
    if new_cells:  # after the last cell, before anything else (an extLst)
        ext = tok.ext.search(tail)
        cut = ext.start() if ext else len(tail)
        tail = tail[:cut] + "".join(new_cells) + tail[cut:]
    pieces.append(tail)
    # spans (an optional optimisation hint) may no longer be right once cells are added
    start = _with_attrs(f"{p}row", row_attrs, {"r": str(row_no), "spans": None} if added
                        else {"r": str(row_no)})
    return f"{start}>{''.join(pieces)}</{p}row>"


def _write_sheet(xml: str, cells: Mapping[str, Any]) -> str:
    """The worksheet XML with ``cells`` ({"B7": value}) written as cached values."""
    if not cells:
        return xml
    by_row: dict[int, dict[int, tuple[str, Any]]] = {}
    for ref, value in cells.items():
        r, c = cell_index(ref)
        by_row.setdefault(r, {})[c] = (cell_name(r, c), value)

    m = _SHEETDATA_RE.search(xml)
    if not m:
        raise ValueError("worksheet XML without <sheetData>")
    prefix = m.group(1)
    tok = _Tokens(prefix)
    if m.group(3):  # <sheetData/>
        open_end, close_start, close_end = m.end(), m.end(), m.end()
        open_tag = f"<{prefix}sheetData{m.group(2)}>"
        close_tag = f"</{prefix}sheetData>"
    else:
        open_end = m.end()
        close_start = xml.find(f"</{prefix}sheetData", open_end)
        if close_start < 0:
            raise ValueError("worksheet XML with an unterminated <sheetData>")
        close_end = xml.index(">", close_start) + 1
        open_tag, close_tag = xml[m.start():open_end], xml[close_start:close_end]
    data = xml[open_end:close_start]

    out: list[str] = []
    pos = 0
    row_no = 0
    pending = sorted(by_row)
    k = 0
    for rm in tok.row.finditer(data):
        ra = _attrs(rm.group(1))
        row_no = int(ra["r"]) if "r" in ra else row_no + 1
        out.append(data[pos:rm.start()])
        pos = rm.end()
        while k < len(pending) and pending[k] < row_no:  # new rows before this one
            r = pending[k]
            out.append(_rewrite_row(tok, r, "", None, by_row[r]))
            k += 1
        if k < len(pending) and pending[k] == row_no:
            out.append(_rewrite_row(tok, row_no, rm.group(1), rm.group(2), by_row[row_no]))
            k += 1
        else:
            out.append(rm.group(0))
    out.append(data[pos:])
    while k < len(pending):
        r = pending[k]
        out.append(_rewrite_row(tok, r, "", None, by_row[r]))
        k += 1
    new_xml = xml[:m.start()] + open_tag + "".join(out) + close_tag + xml[close_end:]
    return _widen_dimension(new_xml, by_row)


def _widen_dimension(xml: str, by_row: Mapping[int, Mapping[int, Any]]) -> str:
    m = _DIMENSION_RE.search(xml)
    if not m:
        return xml
    ref = _attrs(m.group(2)).get("ref")
    rows = list(by_row)
    cols = [c for row in by_row.values() for c in row]
    r1, c1, r2, c2 = min(rows), min(cols), max(rows), max(cols)
    if ref:
        try:
            a1, b1, a2, b2 = _range_bounds(ref)
            r1, c1, r2, c2 = min(r1, a1), min(c1, b1), max(r2, a2), max(c2, b2)
        except ValueError:
            pass
    new_ref = cell_name(r1, c1) if (r1, c1) == (r2, c2) else f"{cell_name(r1, c1)}:{cell_name(r2, c2)}"
    if new_ref == ref:
        return xml
    tag = _with_attrs(f"{m.group(1)}dimension", m.group(2), {"ref": new_ref}) + "/>"
    return xml[:m.start()] + tag + xml[m.end():]


# --------------------------------------------------------------------------- workbook parts

_CALCPR_RE = re.compile(rf"<((?:[\w.-]+:)?)calcPr(?=[\s/>])({_ATTRS})(/?)>", re.S)


def _full_calc_on_load(xml: str) -> str:
    """workbook.xml with ``<calcPr fullCalcOnLoad="1"/>`` (other calcPr attributes kept)."""
    m = _CALCPR_RE.search(xml)
    if m:
        tag = _with_attrs(f"{m.group(1)}calcPr", m.group(2), {"fullCalcOnLoad": "1"}) + f"{m.group(3)}>"
        return xml[:m.start()] + tag + xml[m.end():]
    root = re.search(r"<((?:[\w.-]+:)?)workbook(?=[\s>])", xml)
    p = root.group(1) if root else ""
    new = f'<{p}calcPr fullCalcOnLoad="1"/>'
    # CT_Workbook order: … sheets, functionGroups, externalReferences, definedNames, calcPr, …
    for after in ("definedNames", "externalReferences", "functionGroups", "sheets"):
        end = re.search(rf"</{re.escape(p)}{after}\s*>|<{re.escape(p)}{after}(?=[\s/]){_ATTRS}/>", xml, re.S)
        if end:
            return xml[:end.end()] + new + xml[end.end():]
    raise ValueError("workbook.xml without <sheets>")


def _keep_cached_values_on_load(xml: str) -> str:
    """workbook.xml without ``fullCalcOnLoad`` on ``<calcPr>`` (other attributes kept)."""
    m = _CALCPR_RE.search(xml)
    if not m:
        return xml
    tag = _with_attrs(f"{m.group(1)}calcPr", m.group(2), {"fullCalcOnLoad": None}) + f"{m.group(3)}>"
    return xml[:m.start()] + tag + xml[m.end():]


def _drop_relationship(xml: str, type_suffix: str) -> str:
    return re.sub(rf"<(?:[\w.-]+:)?Relationship\s{_ATTRS}/>",
                  lambda m: "" if _attrs(m.group(0)).get("Type", "").endswith(type_suffix) else m.group(0),
                  xml, flags=re.S)


def _drop_override(xml: str, part: str) -> str:
    return re.sub(rf"<(?:[\w.-]+:)?Override\s{_ATTRS}/>",
                  lambda m: "" if _attrs(m.group(0)).get("PartName", "").lstrip("/") == part else m.group(0),
                  xml, flags=re.S)


# --------------------------------------------------------------------------- entry point


def write_cached_values(src_path: str | os.PathLike, dst_path: str | os.PathLike,
                        values: Mapping[tuple[str, str], Any], *, full_calc_on_load: bool = False) -> Path:
    """Copy the book ``src_path`` to ``dst_path`` with ``values`` written as cached values.

    ``values``: {(sheet name, "B7"): value}; a value is a float/int, a str (text; an
    :class:`ExcelError` or a string in :data:`EXCEL_ERRORS` is an error value), a bool,
    or None (no cached value). Formula cells keep their formula; other cells become plain
    value cells. Sheet names are matched exactly, then case-insensitively. The
    calculation chain is removed; ``fullCalcOnLoad`` is removed (viewers show the cached
    values) unless ``full_calc_on_load`` asks Excel to recalculate everything on open.
    ``dst_path`` must differ from ``src_path``; it is written atomically (a temporary
    file in the same folder, then renamed). Returns the Path written.
    """
    src, dst = Path(src_path), Path(dst_path)
    if src.resolve() == dst.resolve() or (dst.exists() and os.path.samefile(src, dst)):
        raise ValueError(f"{dst} is the source book itself; write to another file")
    with zipfile.ZipFile(src) as zf:
        wb_part, parts = _sheet_parts(zf)
        folded = {name.casefold(): name for name in parts}
        by_part: dict[str, dict[str, Any]] = {}
        for (sheet, ref), value in values.items():
            name = sheet if sheet in parts else folded.get(str(sheet).casefold())
            if name is None:
                raise KeyError(f"no sheet named {sheet!r} in {src.name} (sheets: {', '.join(parts)})")
            by_part.setdefault(parts[name], {})[ref.replace("$", "").upper()] = value

        infos = zf.infolist()
        names = {i.filename for i in infos}
        chain_parts = {"xl/calcChain.xml"} | {
            n for n in names if n.lower().endswith("calcchain.xml")}
        wb_rels = _rels_name(wb_part)

        dst.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
        os.close(fd)
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
                for info in infos:
                    name = info.filename
                    if name in chain_parts:
                        continue
                    data = zf.read(name)
                    if name in by_part:
                        data = _write_sheet(data.decode("utf-8"), by_part[name]).encode("utf-8")
                    elif name == wb_part:
                        text = data.decode("utf-8")
                        text = _full_calc_on_load(text) if full_calc_on_load else _keep_cached_values_on_load(text)
                        data = text.encode("utf-8")
                    elif name == wb_rels:
                        data = _drop_relationship(data.decode("utf-8"), _CALC_CHAIN_TYPE).encode("utf-8")
                    elif name == "[Content_Types].xml":
                        text = data.decode("utf-8")
                        for part in chain_parts:
                            text = _drop_override(text, part)
                        data = text.encode("utf-8")
                    zi = zipfile.ZipInfo(name, date_time=info.date_time)
                    zi.compress_type = zipfile.ZIP_DEFLATED
                    zi.external_attr = info.external_attr
                    out.writestr(zi, data)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the book normal permissions
            os.replace(tmp, dst)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return dst


def iter_cells(ref: str) -> Iterable[str]:
    """The cells of a range ``"A3:B4"`` row by row: A3, B3, A4, B4."""
    r1, c1, r2, c2 = _range_bounds(ref)
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            yield cell_name(r, c)
