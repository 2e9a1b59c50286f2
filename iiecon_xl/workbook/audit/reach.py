"""§3 of the audit: what reaches outside the book — external-link parts and ``[n]`` or path
references, DDE, functions outside the book's allowed set (WEBSERVICE, FILTERXML, HYPERLINK,
RTD, CALL …), a VBA project. Each is a finding naming the sheet and cell (or the part).

The references are read by :func:`iiecon_xl.xlsx.external.formula_references` on the formulas the
audit has already read (the book is opened once). The link part Excel keeps for the classic
add-in (a target ending in ``.xlam``) is allowed; a formula using it for anything but the
package's functions is not.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree import ElementTree as ET

from ... import udfs
from ...xlsx.external import formula_references
from ...xlsx.formula_text import strip_addin_prefixes
from ...xlsx.ooxml import rels_name

_STRING = re.compile(r'"(?:[^"]|"")*"')
_CALL = re.compile(r"(?<![\w.!\]'])((?:_xlfn\.|_xlws\.|_xludf\.)?[A-Za-z_][\w.]*)\s*\(")
_FUTURE = re.compile(r"^_xl(?:fn|ws|udf)\.", re.I)
_KIND = {"link": "external-link", "path": "external-link", "dde": "dde", "function": "function", "part": "external-link"}


def functions_of(formula: str) -> set[str]:
    """The upper-case names of the functions a formula calls (prefixes ``_xlfn.`` … dropped)."""
    text = _STRING.sub('""', formula)
    return {_FUTURE.sub("", m.group(1)).upper() for m in _CALL.finditer(text)}


def allowed_functions(manifest) -> set[str]:
    """Every function the layout's formulas call, and the package's own functions."""
    out = {f.upper() for f in udfs.FUNCTIONS}
    for f in set(manifest.formulas.values()):
        out |= functions_of(f)
    return out


def link_parts(path, parts: set) -> dict[int, str]:
    """{n: target} of the book's external-link parts, in workbook order (``[1]`` is the first)."""
    names = sorted((p for p in parts if p.startswith("xl/externalLinks/") and p.endswith(".xml")),
                   key=lambda p: int(re.sub(r"\D", "", posixpath.basename(p)) or 0))
    out = {}
    with zipfile.ZipFile(path) as zf:
        for n, part in enumerate(names, start=1):
            target = "(unknown external link)"
            try:
                root = ET.fromstring(zf.read(part))
                rels = {}
                if rels_name(part) in parts:
                    rels = {r.get("Id"): r.get("Target", "") for r in ET.fromstring(zf.read(rels_name(part)))}
                for e in root:
                    tag = e.tag.rpartition("}")[2]
                    if tag == "externalBook":
                        target = next((rels.get(v, v) for k, v in e.attrib.items() if k.endswith("}id")), target)
                    elif tag == "ddeLink":
                        target = f"DDE {e.get('ddeService', '')}|{e.get('ddeTopic', '')}"
                    elif tag == "oleLink":
                        target = f"OLE {e.get('progId', '')}"
            except ET.ParseError:
                target = "(unreadable external link part)"
            out[n] = target
    return out


def audit_reach(result, manifest, book, path) -> None:
    if any(p.lower().endswith("vbaproject.bin") for p in book.parts):
        result.add("vba", "", "xl/vbaProject.bin", "the book carries a VBA project (macros)", expected="none",
                   found="vbaProject.bin")
    links = link_parts(path, book.parts)
    for n, target in links.items():
        if not target.lower().endswith(".xlam"):
            kind = "dde" if target.startswith(("DDE", "OLE")) else "external-link"
            result.add(kind, "", f"xl/externalLinks (link [{n}])", "an external link part", found=target)
    allowed = _Allowed(manifest)
    sheets = list(book.sheets)
    for name, text in book.names.items():
        _formula(result, "", f"name {name}", "=" + text, links, sheets, allowed)
    layout = {} if manifest is None else manifest.formulas
    for s, sx in book.sheets.items():
        for cell, c in sx.cells.items():
            # a formula that is the layout's own text, character for character, reaches what the
            # layout reaches (nothing outside): only the others are parsed
            if c.formula is not None and layout.get((s, cell)) != c.formula:
                _formula(result, s, cell, c.formula, links, sheets, allowed)


class _Allowed:
    """The book's allowed functions (:func:`allowed_functions`), computed at the first formula
    that is not the layout's; ``None`` inside: no manifest (every function is let through)."""

    def __init__(self, manifest):
        self.manifest, self.names = manifest, None

    def get(self) -> set | None:
        if self.names is None and self.manifest is not None:
            self.names = allowed_functions(self.manifest)
        return self.names


def _formula(result, sheet: str, where: str, formula: str, links, sheets, allowed) -> None:
    text = strip_addin_prefixes(formula[1:], udfs.FUNCTIONS)
    if not any(ch in text for ch in "[|'("):
        return
    seen = set()
    for kind, target in formula_references(text, links, sheets):
        if kind == "link" and target.lower().endswith(".xlam"):
            continue
        seen.add(kind)
        result.add(_KIND.get(kind, "external-link"), sheet, where, f"reaches outside the book ({kind})",
                   found=target)
    called = functions_of(text)
    names = None if "function" in seen or not called else allowed.get()   # (a reference calls nothing)
    if names is None:
        return
    outside = sorted(called - names)
    if outside:
        result.add("function", sheet, where, f"function outside the book's allowed set: {', '.join(outside)}",
                   found=formula[:200])
