"""Cached values written into one worksheet's XML text, everything else kept as it is.

- formula cells keep their ``<f>`` element byte for byte (array ``ref``, shared ``si``,
  the ``cm`` attribute that marks a dynamic array); only ``<v>`` and the cell's ``t``
  attribute change: none for a number, ``"str"`` for text, ``"b"`` for TRUE/FALSE,
  ``"e"`` for an error value;
- other cells (the non-anchor cells of a spill range) become plain value cells: a
  number, ``t="b"``, ``t="e"``, or ``t="inlineStr"`` with ``<is><t>…</t></is>`` for
  text (``t="str"`` is only valid on a formula cell); their style (``s``) is kept;
- missing ``<row>`` / ``<c>`` elements are created in the sorted order Excel requires,
  and the ``<dimension>`` is widened to cover them.

Only the rows that receive values are re-tokenised. Rows and columns are 0-based here,
as everywhere in the package; the XML's ``r`` attributes are 1-based.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from typing import Any

from .a1 import cell_name, parse_area
from .a1_fast import cell_name_fast, parse_cell_fast
from .errors import EXCEL_ERRORS, ExcelError
from .xmltext import ATTRS, SHEETDATA_RE, Tokens, attrs, escape, escape_attr, with_attrs

__all__ = ["cell_payload", "write_sheet"]

_DIMENSION_RE = re.compile(rf"<((?:[\w.-]+:)?)dimension(?=[\s/>])({ATTRS})/>", re.S)
_S_RE = re.compile(r'(?:^|\s)s\s*=\s*["\']([^"\']*)["\']')
_R_RE = re.compile(r'(?:^|\s)r\s*=\s*["\']([^"\']*)["\']')

#: {column: (cell name, value)} for the cells of one row that receive a value.
RowTargets = Mapping[int, tuple[str, Any]]


def _number_text(x: float) -> str:
    if abs(x) < 1e15 and x == int(x):
        return str(int(x))
    return repr(x)


def cell_payload(value: Any, formula: bool) -> tuple[str | None, str]:
    """(``t`` attribute or None, the XML inside the cell after any ``<f>``) for one value."""
    if type(value) is float and math.isfinite(value):  # the common case first
        return None, f"<v>{_number_text(value)}</v>"
    if value is None:
        return None, ""
    if isinstance(value, ExcelError) or (type(value) is str and value in EXCEL_ERRORS):
        code = str(value) if str(value) in EXCEL_ERRORS else "#VALUE!"
        return "e", f"<v>{code}</v>"
    if isinstance(value, str):
        text = str.__str__(value)
        if formula:
            return "str", f"<v>{escape(text)}</v>"
        space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
        return "inlineStr", f"<is><t{space}>{escape(text)}</t></is>"
    if isinstance(value, bool) or (type(value).__module__ == "numpy" and "bool" in type(value).__name__):
        return "b", f"<v>{1 if value else 0}</v>"
    if isinstance(value, numbers.Real):
        x = float(value)
        if not math.isfinite(x):
            return "e", "<v>#NUM!</v>"
        return None, f"<v>{_number_text(x)}</v>"
    raise TypeError(f"cannot write a {type(value).__name__} as a cell value: {value!r}")


def _rewrite_cell(tok: Tokens, start_attrs: str, body: str | None, ref: str, value: Any) -> str:
    p = tok.prefix
    body = body or ""
    fm = tok.formula.search(body)
    if fm:  # a formula cell: keep <f> (and any extLst) unchanged, replace <v>, drop <is>
        t, inner = cell_payload(value, formula=True)
        ext = tok.ext.search(body)
        rest = ext.group(0) if ext else ""
        inner = inner.replace("<v>", f"<{p}v>").replace("</v>", f"</{p}v>") if p else inner
        head = with_attrs(f"{p}c", start_attrs, {"r": ref, "t": t, "vm": None})
        return f"{head}>{fm.group(0)}{inner}{rest}</{p}c>"
    t, inner = cell_payload(value, formula=False)
    if p:
        inner = re.sub(r"<(/?)(v|is|t)(?=[\s>])", rf"<\1{p}\2", inner)
    style = _S_RE.search(start_attrs)
    new = {"r": ref}
    if style:
        new["s"] = style.group(1)
    if t:
        new["t"] = t
    head = f"<{p}c" + "".join(f' {k}="{escape_attr(v)}"' for k, v in new.items())
    return f"{head}/>" if not inner else f"{head}>{inner}</{p}c>"


def _new_cell(tok: Tokens, ref: str, value: Any) -> str:
    return _rewrite_cell(tok, "", None, ref, value)


def _rewrite_row(tok: Tokens, row: int, row_attrs: str, content: str | None, targets: RowTargets) -> str:
    """One ``<row>`` (0-based ``row``) with the values of ``targets`` written in."""
    p = tok.prefix
    content = content or ""
    pieces: list[str] = []
    pending = sorted(targets.items())
    pos, col, k, added = 0, -1, 0, 0
    for m in tok.cell.finditer(content):
        rm = _R_RE.search(m.group(1))
        col = parse_cell_fast(rm.group(1))[1] if rm else col + 1
        pieces.append(content[pos:m.start()])
        pos = m.end()
        while k < len(pending) and pending[k][0] < col:  # new cells before this one
            pieces.append(_new_cell(tok, *pending[k][1]))
            k, added = k + 1, added + 1
        if k < len(pending) and pending[k][0] == col:
            ref, value = pending[k][1]
            pieces.append(_rewrite_cell(tok, m.group(1), m.group(2), ref, value))
            k += 1
        else:
            pieces.append(m.group(0))
    tail = content[pos:]
    new_cells = [_new_cell(tok, *target) for _, target in pending[k:]]
    if new_cells:  # after the last cell, before anything else (an extLst)
        ext = tok.ext.search(tail)
        cut = ext.start() if ext else len(tail)
        tail = tail[:cut] + "".join(new_cells) + tail[cut:]
    pieces.append(tail)
    # spans (an optional optimisation hint) may no longer be right once cells are added
    change = {"r": str(row + 1), "spans": None} if (added or new_cells) else {"r": str(row + 1)}
    return f"{with_attrs(f'{p}row', row_attrs, change)}>{''.join(pieces)}</{p}row>"


def _sheet_data(xml: str) -> tuple[Tokens, int, int, int, int, str, str]:
    """(tokens, start, end of the opening tag, start, end of the closing tag, open, close tags)."""
    m = SHEETDATA_RE.search(xml)
    if not m:
        raise ValueError("worksheet XML without <sheetData>")
    prefix = m.group(1)
    if m.group(3):  # <sheetData/>
        return (Tokens(prefix), m.start(), m.end(), m.end(), m.end(),
                f"<{prefix}sheetData{m.group(2)}>", f"</{prefix}sheetData>")
    close_start = xml.find(f"</{prefix}sheetData", m.end())
    if close_start < 0:
        raise ValueError("worksheet XML with an unterminated <sheetData>")
    close_end = xml.index(">", close_start) + 1
    return (Tokens(prefix), m.start(), m.end(), close_start, close_end,
            xml[m.start():m.end()], xml[close_start:close_end])


def _write_rows(tok: Tokens, data: str, by_row: Mapping[int, RowTargets]) -> str:
    """The content of ``<sheetData>`` with the rows of ``by_row`` rewritten or created."""
    out: list[str] = []
    pending = sorted(by_row)
    pos, row, k = 0, -1, 0
    for rm in tok.row.finditer(data):
        ra = attrs(rm.group(1))
        row = int(ra["r"]) - 1 if "r" in ra else row + 1
        out.append(data[pos:rm.start()])
        pos = rm.end()
        while k < len(pending) and pending[k] < row:  # new rows before this one
            out.append(_rewrite_row(tok, pending[k], "", None, by_row[pending[k]]))
            k += 1
        if k < len(pending) and pending[k] == row:
            out.append(_rewrite_row(tok, row, rm.group(1), rm.group(2), by_row[row]))
            k += 1
        else:
            out.append(rm.group(0))
    out.append(data[pos:])
    out += [_rewrite_row(tok, r, "", None, by_row[r]) for r in pending[k:]]
    return "".join(out)


def write_sheet(xml: str, cells: Mapping[str, Any]) -> str:
    """The worksheet XML with ``cells`` ({"B7": value}) written as cached values."""
    if not cells:
        return xml
    by_row: dict[int, dict[int, tuple[str, Any]]] = {}
    for ref, value in cells.items():
        r, c = parse_cell_fast(ref)
        by_row.setdefault(r, {})[c] = (cell_name_fast(r, c), value)
    tok, start, open_end, close_start, close_end, open_tag, close_tag = _sheet_data(xml)
    rows = _write_rows(tok, xml[open_end:close_start], by_row)
    new_xml = xml[:start] + open_tag + rows + close_tag + xml[close_end:]
    return _widen_dimension(new_xml, by_row)


def _widen_dimension(xml: str, by_row: Mapping[int, Mapping[int, Any]]) -> str:
    m = _DIMENSION_RE.search(xml)
    if not m:
        return xml
    ref = attrs(m.group(2)).get("ref")
    rows = list(by_row)
    cols = [c for row in by_row.values() for c in row]
    r1, c1, r2, c2 = min(rows), min(cols), max(rows), max(cols)
    if ref:
        try:
            a1, b1, a2, b2 = parse_area(ref)
            r1, c1, r2, c2 = min(r1, a1), min(c1, b1), max(r2, a2), max(c2, b2)
        except ValueError:
            pass
    new_ref = cell_name(r1, c1) if (r1, c1) == (r2, c2) else f"{cell_name(r1, c1)}:{cell_name(r2, c2)}"
    if new_ref == ref:
        return xml
    tag = with_attrs(f"{m.group(1)}dimension", m.group(2), {"ref": new_ref}) + "/>"
    return xml[:m.start()] + tag + xml[m.end():]
