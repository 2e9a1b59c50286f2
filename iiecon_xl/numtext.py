"""The one parser of numbers written as text (cells, CSV files, NBS sheets).

``parse_number_text("1,234.5") == 1234.5``; ``"４２"`` (full-width) → 42.0; ``"−3"`` (the
Unicode minus) → -3.0; ``"12.5%"`` → 0.125 when ``percent``; anything else → ``None``.
Text that overflows a float (``"1e999"``) is not a number: ``None``, so that the caller
reports it rather than computing with infinity.
"""

from __future__ import annotations

import math
import re
import unicodedata

_NUMBER_RE = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d*)(\.\d*)?([eE][-+]?\d+)?%?$")


def normalise(s: str) -> str:
    """NFKC (full-width digits and signs), the Unicode minus, no-break and ordinary spaces removed."""
    return (unicodedata.normalize("NFKC", s).replace("\u2212", "-").replace("\u00a0", "")
            .replace(" ", "").strip())


def parse_number_text(s: str, *, percent: bool = True) -> float | None:
    """A finite float for a number written as text, else ``None`` (see the module docstring)."""
    if not isinstance(s, str):
        return None
    t = normalise(s)
    if not t or not any(ch.isdigit() for ch in t) or not _NUMBER_RE.match(t):
        return None
    pct = t.endswith("%")
    if pct and not percent:
        return None
    try:
        f = float(t.rstrip("%").replace(",", ""))
    except ValueError:
        return None
    if not math.isfinite(f):
        return None
    return f / 100.0 if pct else f
