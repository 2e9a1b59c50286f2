"""SpreadsheetML edited as text: the tokens, attributes and escapes of one XML part.

The worksheet XML is edited as text rather than re-serialised by an XML library, so that
everything the package does not touch (namespace declarations, ``mc:Ignorable``,
``xr:uid`` attributes, extension lists …) is copied byte for byte, which an ElementTree
round trip would not guarantee. These are the few regular expressions that find rows,
cells, formulas and attributes in such text, for either the default namespace or a
prefixed one (``x:``, as the OpenXML SDK writes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["ATTRS", "ATTR_RE", "SHEETDATA_RE", "Tokens", "attrs", "escape", "escape_attr", "unescape",
           "with_attrs"]

#: The attributes of a start tag (quoted values may hold ``>``).
ATTRS = r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*?"
#: One ``name="value"`` (or single-quoted) attribute.
ATTR_RE = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def attrs(start_tag: str) -> dict[str, str]:
    """The attributes of a start tag (or of its attribute text) as a dict."""
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in ATTR_RE.finditer(start_tag)}


def escape(s: str) -> str:
    """Text content: ``&<>`` escaped, characters XML forbids written as ``_xHHHH_``."""
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", s)


def escape_attr(s: str) -> str:
    """An attribute value (double-quoted)."""
    return escape(s).replace('"', "&quot;")


def unescape(s: str) -> str:
    """The five predefined entities back to their characters."""
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def with_attrs(name: str, start_attrs: str, set_: Mapping[str, str | None]) -> str:
    """``<name attr…`` (no closing ``>``) with attributes set (a value) or removed (None).

    The other attributes are kept verbatim and in order; new ones are appended.
    """
    parts: list[str] = []
    seen = set()
    for m in ATTR_RE.finditer(start_attrs):
        key = m.group(1)
        if key in set_:
            seen.add(key)
            v = set_[key]
            if v is not None:
                parts.append(f'{key}="{escape_attr(v)}"')
        else:
            parts.append(m.group(0))
    parts += [f'{k}="{escape_attr(v)}"' for k, v in set_.items() if k not in seen and v is not None]
    return f"<{name}" + "".join(" " + x for x in parts)


class Tokens:
    """Regexes for one worksheet, with the prefix its main namespace uses ("" or "x:").

    ``row``, ``cell`` and ``formula`` capture (attributes, content or None for an empty
    element); ``value``, ``inline`` and ``ext`` match a whole ``<v>``, ``<is>`` and
    ``<extLst>`` element. One instance per prefix is made and kept.
    """

    _cache: dict[str, Tokens] = {}

    def __new__(cls, prefix: str):
        if prefix in cls._cache:
            return cls._cache[prefix]
        self = super().__new__(cls)
        p = re.escape(prefix)
        self.prefix = prefix
        self.row = re.compile(rf"<{p}row(?=[\s/>])({ATTRS})(?:/>|>(.*?)</{p}row\s*>)", re.S)
        self.cell = re.compile(rf"<{p}c(?=[\s/>])({ATTRS})(?:/>|>(.*?)</{p}c\s*>)", re.S)
        self.formula = re.compile(rf"<{p}f(?=[\s/>])({ATTRS})(?:/>|>(.*?)</{p}f\s*>)", re.S)
        self.value = re.compile(rf"<{p}v(?=[\s/>]){ATTRS}(?:/>|>.*?</{p}v\s*>)", re.S)
        self.inline = re.compile(rf"<{p}is(?=[\s/>]){ATTRS}(?:/>|>.*?</{p}is\s*>)", re.S)
        self.ext = re.compile(rf"<{p}extLst(?=[\s/>]).*?</{p}extLst\s*>", re.S)
        cls._cache[prefix] = self
        return self


#: ``<sheetData …>`` or ``<sheetData/>``: (prefix, attributes, "/" when empty).
SHEETDATA_RE = re.compile(rf"<((?:[\w.-]+:)?)sheetData(?=[\s/>])({ATTRS})(/?)>", re.S)
