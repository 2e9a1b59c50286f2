"""Every reach outside a book, listed without following it (issue 11).

:func:`external_references` reads the package (after :func:`~.limits.check_xlsx`) and returns
one :class:`ExternalRef` per place that would make a spreadsheet application open another file
or address:

* ``kind="link"`` — a formula or defined name using an external-link index ``[n]``
  (``=[1]Sheet1!A1``); ``target`` is the file the link part ``xl/externalLinks/…`` names;
* ``kind="path"`` — a path written in the formula (``='../x/[secret.xlsx]Sheet1'!A1``,
  ``='C:\\x\\book.xlsx'!Name``, ``[secret.xlsx]Sheet1!A1``);
* ``kind="dde"`` — a DDE call (``=cmd|' /C calc'!A0``) or a DDE/OLE link part;
* ``kind="function"`` — a call of WEBSERVICE, FILTERXML, HYPERLINK, IMAGE, RTD, CALL,
  REGISTER(.ID); ``target`` is its first argument;
* ``kind="part"`` — an external-link part itself (``sheet`` and ``cell`` empty), whether or not
  a formula uses it. Excel saves one for the classic add-in in every book that calls its
  functions (``target`` ends in ``.xlam``); the caller decides what to do with it.

``sheet`` and ``cell`` say where (a defined name: ``sheet`` its scope or "", ``cell``
``"name NAME"``). Add-in prefixes in front of the package's own functions
(``[1]!IIE_LEONTIEF(``) are not references: pass the function names as ``addin_functions`` and
they are dropped first (:func:`~.formula_text.strip_addin_prefixes`). Text values that merely
look like formulas are not listed: they are never evaluated.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree as ET

from .formula_text import strip_addin_prefixes
from .limits import Limits, check_xlsx
from .ooxml import read_formula_cells, rels_name, workbook_sheets

__all__ = ["ExternalRef", "external_references", "formula_references"]

_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRING_RE = re.compile(r'"(?:[^"]|"")*"')
_INDEX_RE = re.compile(r"(?<![\w\].])\[(\d+)\]")
_QUOTED_RE = re.compile(r"'((?:[^']|'')*)'!")
_UNQUOTED_FILE_RE = re.compile(r"(?<![\w\].'])(\[[^\[\]]+\][^\s!(),;=+*/&^<>-]*|[^\s!(),;=+*/&^<>'\[\]-]+"
                               r"\.xl[a-z]{1,2})!", re.I)
_DDE_RE = re.compile(r"([\w.\\-]+)\|('(?:[^']|'')*'|[^!\s]*)(?:!('(?:[^']|'')*'|[\w$.]*))?")
_FUNC_RE = re.compile(r"(?<![\w.])(?:_xlfn\.|_xlws\.)?(WEBSERVICE|FILTERXML|HYPERLINK|IMAGE|RTD|CALL|"
                      r"REGISTER\.ID|REGISTER)\s*\(", re.I)


class ExternalRef(NamedTuple):
    """One reach outside the book: where (sheet, cell), what (target) and how (kind)."""

    sheet: str
    cell: str
    target: str
    kind: str = "link"


def _mask_strings(text: str) -> str:
    """``text`` with the inside of every string literal blanked (positions kept)."""
    return _STRING_RE.sub(lambda m: '"' + " " * (len(m.group(0)) - 2) + '"', text)


def _first_argument(text: str, start: int) -> str:
    """The text of the first argument of the call whose "(" ends at ``start``."""
    depth, i, masked = 0, start, _mask_strings(text)
    while i < len(text):
        ch = masked[i]
        if ch == "(":
            depth += 1
        elif ch == ")" and depth == 0 or ch == "," and depth == 0:
            break
        elif ch == ")":
            depth -= 1
        i += 1
    return text[start:i].strip()[:300]


def _is_file_prefix(prefix: str, sheets: set[str]) -> bool:
    """A quoted ``'…'!`` prefix that names a file rather than a sheet of this book."""
    p = prefix.replace("''", "'")
    if p in sheets:
        return False
    return any(ch in p for ch in "[]\\/") or bool(re.search(r"\.xl[a-z]{1,2}$", p, re.I))


def formula_references(formula: str, links: dict[int, str], sheets: Iterable[str] = ()) -> list[tuple[str, str]]:
    """[(kind, target)] of one formula's text (without "=", add-in prefixes already dropped)."""
    sheets = set(sheets)
    masked = _mask_strings(formula)
    out: list[tuple[str, str]] = []
    for m in _INDEX_RE.finditer(masked):
        n = int(m.group(1))
        out.append(("link", links.get(n, f"[{n}] (no such external link in the book)")))
    quoted = list(_QUOTED_RE.finditer(masked))
    for m in quoted:
        dde_topic = m.start() > 0 and masked[m.start() - 1] == "|"
        if not dde_topic and _is_file_prefix(m.group(1), sheets) and not _INDEX_RE.match(m.group(1)):
            out.append(("path", formula[m.start(1):m.end(1)].replace("''", "'")))
    unquoted = masked
    for m in quoted:
        unquoted = unquoted[:m.start()] + " " * (m.end() - m.start()) + unquoted[m.end():]
    for m in _UNQUOTED_FILE_RE.finditer(unquoted):
        if m.group(1) not in sheets and not _INDEX_RE.fullmatch(m.group(1).split("]")[0] + "]"):
            out.append(("path", formula[m.start(1):m.end(1)]))
    if "|" in masked:
        m = _DDE_RE.search(masked)
        out.append(("dde", formula[m.start():m.end()] if m else formula[:300]))
    for m in _FUNC_RE.finditer(masked):
        out.append(("function", f"{m.group(1).upper()}({_first_argument(formula, m.end())})"))
    return out


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    """{relationship id: target as written} of a part (empty when it has none)."""
    name = rels_name(part)
    if name not in zf.namelist():
        return {}
    return {rel.get("Id"): rel.get("Target", "") for rel in ET.fromstring(zf.read(name))}


def _link_parts(zf: zipfile.ZipFile, wb_part: str) -> tuple[dict[int, str], list[ExternalRef]]:
    """({link index n: target}, the link parts as ExternalRef) from workbook.xml's externalReferences."""
    base = posixpath.dirname(wb_part)
    wb_rels = _rels(zf, wb_part)
    root = ET.fromstring(zf.read(wb_part))
    links: dict[int, str] = {}
    parts: list[ExternalRef] = []
    refs = [e for e in root.iter() if e.tag.rpartition("}")[2] == "externalReference"]
    for n, ref in enumerate(refs, start=1):
        part = posixpath.normpath(posixpath.join(base, wb_rels.get(ref.get(_REL_ID), "")))
        if part not in zf.namelist():
            links[n] = f"[{n}] (link part missing)"
            continue
        target, kind = _link_target(zf, part)
        links[n] = target
        parts.append(ExternalRef("", "", target, "dde" if kind != "book" else "part"))
    return links, parts


def _link_target(zf: zipfile.ZipFile, part: str) -> tuple[str, str]:
    """(target, "book" | "dde" | "ole") of one external-link part."""
    root = ET.fromstring(zf.read(part))
    rels = _rels(zf, part)
    for e in root:
        kind = e.tag.rpartition("}")[2]
        if kind == "externalBook":
            return rels.get(e.get(_REL_ID), "(no target)"), "book"
        if kind == "ddeLink":
            return f"{e.get('ddeService', '')}|{e.get('ddeTopic', '')}", "dde"
        if kind == "oleLink":
            return f"OLE {e.get('progId', '')} {rels.get(e.get(_REL_ID), '')}".strip(), "ole"
    return "(unknown external link)", "book"


def _defined_names(zf: zipfile.ZipFile, wb_part: str, sheet_names: list[str]) -> list[tuple[str, str, str]]:
    """[(scope sheet or "", "name NAME", formula)] of workbook.xml's defined names."""
    out = []
    for e in ET.fromstring(zf.read(wb_part)).iter():
        if e.tag.rpartition("}")[2] == "definedName" and e.text:
            local = e.get("localSheetId")
            scope = sheet_names[int(local)] if local and local.isdigit() and int(local) < len(sheet_names) else ""
            out.append((scope, f"name {e.get('name', '')}", e.text))
    return out


def external_references(path, *, addin_functions: Iterable[str] = (), check: bool = True,
                        limits: Limits | None = None,
                        formulas: Mapping[str, Mapping[str, str]] | None = None) -> list[ExternalRef]:
    """Every external reference of the book at ``path`` (see the module docstring), in sheet order.

    ``check``: run :func:`~.limits.check_xlsx` first (pass False when the caller just did).
    ``formulas``: {sheet: {cell: formula text without "="}} when the caller has already read
    the sheets (the recalc engine), so that they are not parsed a second time.
    """
    path = Path(path)
    if check:
        check_xlsx(path, limits)
    names = tuple(addin_functions)
    with zipfile.ZipFile(path) as zf:
        wb_part, parts = workbook_sheets(zf)
        links, out = _link_parts(zf, wb_part)
        defined = _defined_names(zf, wb_part, list(parts))
    found: list[ExternalRef] = []
    for scope, where, text in defined:
        for kind, target in formula_references(strip_addin_prefixes(text, names), links, parts):
            found.append(ExternalRef(scope, where, target, kind))
    if formulas is None:
        formulas = {sheet: {cell: fc.formula for cell, fc in cells.items()}
                    for sheet, cells in read_formula_cells(path).items()}
    for sheet, cells in formulas.items():
        for cell, text in cells.items():
            for kind, target in formula_references(strip_addin_prefixes(text, names), links, parts):
                found.append(ExternalRef(sheet, cell, target, kind))
    return found + out
