"""Cell-text helpers of the NBS importers: blank cells, cell text, text for matching, numbers.

Every reader of :mod:`iiecon_xl.nbs` sees cells the same way: :func:`text` is what a message
quotes, :func:`norm` is what a label is matched on, :func:`parse_number` is how a cell becomes
a number. Numbers written as text go through the package's one parser,
:func:`iiecon_xl.numtext.parse_number_text`; what is NBS-specific stays here: a dash or an
ellipsis means "nothing" (NBS prints "—" for an empty cell), and the reader counts how many
numbers were stored as text so that it can say so in its notes.
"""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np

from ..numtext import normalise, parse_number_text

#: The argument every file error names (the command line calls the file FILE).
ARG = "FILE"

FOOTNOTE_RE = re.compile(r"^\s*[（(]?\s*(注|资料来源|数据来源|来源|说明|备注|Note|Source)", re.I)
UNIT_RE = re.compile(r"单位\s*[:：]\s*([^\s,，;；)）]+)")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
LATIN_RE = re.compile(r"[A-Za-z]")
CODE_TEXT_RE = re.compile(r"\d{1,3}")
#: Cell texts that mean "nothing": dashes (counted as such) and the other marks of a missing value.
DASHES = frozenset({"-", "--", "---", "—", "——", "–", "－"})
MISSING = DASHES | {"…", "……", "...", "..", "na", "n.a.", "nan"}


def norm(text) -> str:
    """Text for matching: NFKC, lower case, without whitespace, punctuation and symbols
    (so 「电力、热力 生产和供应」 = 「电力，热力生产和供应」)."""
    s = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return "".join(ch for ch in s if unicodedata.category(ch)[0] not in "PSZC").lower()


def synonyms(table: dict[str, list[str]]) -> dict[str, str]:
    """{normalised text: key} for every key and each of its texts."""
    out = {}
    for key, texts in table.items():
        for t in [key, *texts]:
            out[norm(t)] = key
    return out


def blank(v) -> bool:
    """None, whitespace-only text or NaN."""
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and math.isnan(v))


def text(v) -> str:
    """The cell as a message quotes it: stripped text, whole floats without ``.0``, None → ""."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def is_code_text(s: str) -> bool:
    """One to three digits: a sector code as text ("1", "01", "001")."""
    return CODE_TEXT_RE.fullmatch(s) is not None


def latin_only(s: str) -> bool:
    """Latin letters and no Chinese: an English sector name."""
    return bool(LATIN_RE.search(s)) and not CJK_RE.search(s)


def _count(counts: dict | None, what: str) -> None:
    if counts is not None:
        counts[what] = counts.get(what, 0) + 1


def parse_number(v, *, missing=None, counts: dict | None = None):
    """float of a cell; blank → ``missing``; None when the cell is not a number.

    Accepts numbers and numeric text (:func:`~iiecon_xl.numtext.parse_number_text`: thousands
    separators 1,234.5, full-width digits, the Unicode minus; no percent signs); dashes and
    ellipses read as ``missing`` as well (NBS prints "—" for nothing). ``counts`` (a dict)
    counts the cells read as a dash (``"dash"``) and the numbers stored as formatted text
    (``"text"``; plain decimal text such as a CSV's "123.4" is not counted)."""
    if v is None:
        return missing
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float, np.integer, np.floating)):
        return _finite(float(v), missing)
    s = str(v).strip()
    if not s:
        return missing
    try:
        plain = float(s)
    except ValueError:
        return _formatted(s, missing, counts)
    return _finite(plain, missing)


def _finite(f: float, missing):
    if math.isnan(f):
        return missing
    return f if math.isfinite(f) else None


def _formatted(s: str, missing, counts: dict | None):
    """A cell text that float() does not read: a dash (``missing``), formatted number text, or None."""
    t = normalise(s)
    if t in DASHES or t.lower() in MISSING:
        _count(counts, "dash")
        return missing
    f = parse_number_text(s, percent=False)
    if f is not None:
        _count(counts, "text")
    return f


def code_of(v) -> int | None:
    """A sector code cell (1, 1.0, "1", "01", "001") as int, else None."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, np.integer)):
        return int(v) if 1 <= v <= 999 else None
    if isinstance(v, (float, np.floating)):
        return int(v) if float(v).is_integer() and 1 <= v <= 999 else None
    s = str(v).strip()
    return int(s) if is_code_text(s) and int(s) > 0 else None


def code3(k: int) -> str:
    """The three-digit sector code: 7 → "007"."""
    return f"{k:03d}"


def fmt(x: float) -> str:
    """A number for a message: whole or large with thousands separators, small with 4 digits."""
    if x is None or not math.isfinite(x):
        return str(x)
    return f"{x:,.0f}" if abs(x) >= 1e5 or float(x).is_integer() else f"{x:,.4g}" if abs(x) < 1 else f"{x:,.2f}"
