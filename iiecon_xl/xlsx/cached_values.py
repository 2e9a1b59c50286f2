"""Cached values written into an .xlsx file without touching its formulas — stdlib only.

Viewers without a calculation engine (openpyxl ``data_only=True``, pandas, previewers,
LibreOffice with recalculation off) show only the values cached in a book's ``<v>``
elements. :func:`write_cached_values` copies a book and fills them in, cell by cell
(:mod:`.sheet_xml`), and edits the workbook parts so that the values are shown:

- the calculation chain (``xl/calcChain.xml``, its ``[Content_Types].xml`` override and
  its relationship) is dropped — it may name cells that are no longer formulas;
- ``fullCalcOnLoad`` is removed from ``<calcPr>`` (XlsxWriter sets it) so that viewers
  show the cached values instead of recalculating without the iiecon-xl functions
  (LibreOffice would show ``#NAME?``). Excel still recalculates a book whose ``calcId``
  is older than its own; ``full_calc_on_load=True`` forces it instead.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..safefiles import atomic_file
from .ooxml import rels_name, workbook_sheets
from .sheet_xml import write_sheet
from .xmltext import ATTRS, attrs, with_attrs

__all__ = ["full_calc_on_load", "keep_cached_values_on_load", "write_cached_values"]

_CALC_CHAIN_TYPE = "/calcChain"
_CALCPR_RE = re.compile(rf"<((?:[\w.-]+:)?)calcPr(?=[\s/>])({ATTRS})(/?)>", re.S)


# --------------------------------------------------------------------------- workbook parts


def full_calc_on_load(xml: str) -> str:
    """workbook.xml with ``<calcPr fullCalcOnLoad="1"/>`` (other calcPr attributes kept)."""
    m = _CALCPR_RE.search(xml)
    if m:
        tag = with_attrs(f"{m.group(1)}calcPr", m.group(2), {"fullCalcOnLoad": "1"}) + f"{m.group(3)}>"
        return xml[:m.start()] + tag + xml[m.end():]
    root = re.search(r"<((?:[\w.-]+:)?)workbook(?=[\s>])", xml)
    p = root.group(1) if root else ""
    new = f'<{p}calcPr fullCalcOnLoad="1"/>'
    # CT_Workbook order: … sheets, functionGroups, externalReferences, definedNames, calcPr, …
    for after in ("definedNames", "externalReferences", "functionGroups", "sheets"):
        end = re.search(rf"</{re.escape(p)}{after}\s*>|<{re.escape(p)}{after}(?=[\s/]){ATTRS}/>", xml, re.S)
        if end:
            return xml[:end.end()] + new + xml[end.end():]
    raise ValueError("workbook.xml without <sheets>")


def keep_cached_values_on_load(xml: str) -> str:
    """workbook.xml without ``fullCalcOnLoad`` on ``<calcPr>`` (other attributes kept)."""
    m = _CALCPR_RE.search(xml)
    if not m:
        return xml
    tag = with_attrs(f"{m.group(1)}calcPr", m.group(2), {"fullCalcOnLoad": None}) + f"{m.group(3)}>"
    return xml[:m.start()] + tag + xml[m.end():]


def _drop_relationship(xml: str, type_suffix: str) -> str:
    return re.sub(rf"<(?:[\w.-]+:)?Relationship\s{ATTRS}/>",
                  lambda m: "" if attrs(m.group(0)).get("Type", "").endswith(type_suffix) else m.group(0),
                  xml, flags=re.S)


def _drop_override(xml: str, part: str) -> str:
    return re.sub(rf"<(?:[\w.-]+:)?Override\s{ATTRS}/>",
                  lambda m: "" if attrs(m.group(0)).get("PartName", "").lstrip("/") == part else m.group(0),
                  xml, flags=re.S)


# --------------------------------------------------------------------------- the copy


def _values_by_part(src: Path, parts: Mapping[str, str],
                    values: Mapping[tuple[str, str], Any]) -> dict[str, dict[str, Any]]:
    """{worksheet part: {"B7": value}}; sheet names matched exactly, then case-insensitively."""
    folded = {name.casefold(): name for name in parts}
    by_part: dict[str, dict[str, Any]] = {}
    for (sheet, ref), value in values.items():
        name = sheet if sheet in parts else folded.get(str(sheet).casefold())
        if name is None:
            raise KeyError(f"no sheet named {sheet!r} in {src.name} (sheets: {', '.join(parts)})")
        by_part.setdefault(parts[name], {})[ref.replace("$", "").upper()] = value
    return by_part


class _PartEditor:
    """The new bytes of each zip member of the copy (None: leave the member out)."""

    def __init__(self, wb_part: str, names: set[str], by_part: dict[str, dict[str, Any]], full_calc: bool):
        self.wb_part, self.wb_rels = wb_part, rels_name(wb_part)
        self.by_part, self.full_calc = by_part, full_calc
        self.chain_parts = {"xl/calcChain.xml"} | {n for n in names if n.lower().endswith("calcchain.xml")}

    def __call__(self, name: str, data: bytes) -> bytes | None:
        if name in self.chain_parts:
            return None
        if name in self.by_part:
            return write_sheet(data.decode("utf-8"), self.by_part[name]).encode("utf-8")
        if name == self.wb_part:
            text = data.decode("utf-8")
            text = full_calc_on_load(text) if self.full_calc else keep_cached_values_on_load(text)
            return text.encode("utf-8")
        if name == self.wb_rels:
            return _drop_relationship(data.decode("utf-8"), _CALC_CHAIN_TYPE).encode("utf-8")
        if name == "[Content_Types].xml":
            text = data.decode("utf-8")
            for part in self.chain_parts:
                text = _drop_override(text, part)
            return text.encode("utf-8")
        return data


def _write_atomically(dst: Path, zf: zipfile.ZipFile, edit: _PartEditor) -> None:
    """Write the edited members of ``zf`` through :func:`~iiecon_xl.safefiles.atomic_file`
    (a temporary file beside ``dst``, renamed into place; removed on failure or Ctrl-C)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(dst) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zf.infolist():
            data = edit(info.filename, zf.read(info.filename))
            if data is None:
                continue
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            out.writestr(zi, data)


def write_cached_values(src_path: str | os.PathLike, dst_path: str | os.PathLike,
                        values: Mapping[tuple[str, str], Any], *, full_calc_on_load: bool = False) -> Path:
    """Copy the book ``src_path`` to ``dst_path`` with ``values`` written as cached values.

    ``values``: {(sheet name, "B7"): value}; a value is a float/int, a str (text; an
    :class:`~iiecon_xl.xlsx.errors.ExcelError` or a string in
    :data:`~iiecon_xl.xlsx.errors.EXCEL_ERRORS` is an error value), a bool, or None (no
    cached value). Formula cells keep their formula; other cells become plain value
    cells. Sheet names are matched exactly, then case-insensitively. The calculation
    chain is removed; ``fullCalcOnLoad`` is removed (viewers show the cached values)
    unless ``full_calc_on_load`` asks Excel to recalculate everything on open.
    ``dst_path`` must differ from ``src_path``; it is written atomically (a temporary
    file in the same folder, then renamed). Returns the Path written.
    """
    src, dst = Path(src_path), Path(dst_path)
    if src.resolve() == dst.resolve() or (dst.exists() and os.path.samefile(src, dst)):
        raise ValueError(f"{dst} is the source book itself; write to another file")
    with zipfile.ZipFile(src) as zf:
        wb_part, parts = workbook_sheets(zf)
        by_part = _values_by_part(src, parts, values)
        names = {i.filename for i in zf.infolist()}
        _write_atomically(dst, zf, _PartEditor(wb_part, names, by_part, full_calc_on_load))
    return dst
