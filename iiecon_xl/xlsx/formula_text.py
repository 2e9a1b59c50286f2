"""Formula text as Excel saves it, shared by the headless engine and the audit.

Excel saves a call to an add-in function with a prefix: ``[1]!LEONTIEF_INV(`` or
``'C:\\…\\iiecon-xl.xlam'!LEONTIEF_INV(`` for the classic add-in (an external reference to
the .xlam), ``_xldudf_LEONTIEF_INV(`` for Office.js / xlwings Lite custom functions and
``_xludf.`` for a name Excel did not know. :func:`strip_addin_prefixes` drops them for the
given function names, so a book saved by Excel recalculates and audits like the template
it came from.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable


@functools.lru_cache(maxsize=8)
def _prefix_pattern(names: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"(?:\[\d+\]!|'[^']*\.xla[mx]?'!|[\w.-]+\.xla[mx]?!|_xldudf_|_xludf\.)"
                      rf"(?=(?:{alts})\s*\()", re.I)


def strip_addin_prefixes(text: str, names: Iterable[str]) -> str:
    """``text`` with the add-in prefixes in front of any of ``names`` removed."""
    if "!" not in text and "_xl" not in text.lower():
        return text
    return _prefix_pattern(tuple(sorted(names))).sub("", text)
