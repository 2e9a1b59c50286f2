"""What each formula cell of the book must hold, recomputed without the book's formulas.

Three sources, in order:

1. the manifest's :class:`~..build.book.Expect` list: a report cell and the pipeline table, row
   key and column it must equal;
2. :mod:`.derived`: cells the builder does not tie to a table row — the sorted province list,
   Table 1, the top cities, section sums, the national span growth and CAGR, the checks'
   deviations — recomputed here from the pipeline tables and the layout;
3. copies: a formula that only points at another cell (``='门类增加值 Section VA'!D3``, a
   year, a code, a name) must hold what that cell holds: an input of the book, a label of
   the layout, or a value known from 1–2.

The result maps (sheet, cell) → (value, what it is), ``what`` naming the source for a finding.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from .findings import plain

#: a formula that is one cell reference: ``='Sheet'!$D$3`` or ``=D3``
_COPY = re.compile(r"^=(?:('(?:[^']|'')+'|[^'!:]+)!)?\$?([A-Z]{1,3})\$?(\d+)$")
#: the key shapes the manifest's Expect rows use
_KEYS = (("code",), ("section", "year"), ("year",), ("industry", "year"), ("province_code", "year"),
         ("region", "year"), ("city",), ("tier",), ("top_n",), ("parameter",), ("metric",), ("province_code",),
         ("region",))


def _row_index(frame: pd.DataFrame) -> dict:
    """Row lookup by key tuple for every key shape of :data:`_KEYS`."""
    keys: dict = {}
    for cols in _KEYS:
        if all(c in frame.columns for c in cols):
            for i, vals in enumerate(frame[list(cols)].itertuples(index=False, name=None)):
                keys.setdefault(tuple(plain(v) for v in vals), i)
    return keys


def from_expects(manifest, report, result) -> dict:
    """(sheet, cell) → (value, "table.column {key}") of the manifest's Expect list."""
    out: dict = {}
    index = {name: _row_index(t.frame) for name, t in report.tables.items()}
    columns = {name: {c: t.frame[c].to_numpy() for c in t.frame.columns} for name, t in report.tables.items()}
    for e in manifest.expect:
        what = f"{e.table}.{e.column} {dict(e.key)}"
        row = index.get(e.table, {}).get(tuple(plain(v) for _, v in e.key))
        if row is None or e.column not in columns[e.table]:
            result.add("differs", e.sheet, e.cell, f"no pipeline value for {what}")
            continue
        out[(e.sheet, e.cell)] = (columns[e.table][e.column][row], what)
    return out


def _target(sheet: str, formula: str):
    m = _COPY.match(formula)
    if not m:
        return None
    ref_sheet = m.group(1) or sheet
    if ref_sheet.startswith("'"):
        ref_sheet = ref_sheet[1:-1].replace("''", "'")
    return ref_sheet, f"{m.group(2)}{m.group(3)}"


def copies(manifest, expected: dict) -> None:
    """Add to ``expected`` every formula that copies one cell (see the module docstring)."""
    pending = {}
    for (sheet, cell), f in manifest.formulas.items():
        if (sheet, cell) not in expected and (sheet, cell) not in manifest.spills:
            t = _target(sheet, f)
            if t is not None:
                pending[(sheet, cell)] = t
    for _ in range(4):  # a copy of a copy (a year header copied from a copied year) resolves in a few rounds
        left = {}
        for key, t in pending.items():
            if t in expected:
                expected[key] = (expected[t][0], f"a copy of {t[0]}!{t[1]}")
            elif t in manifest.inputs or t in manifest.cells:
                v = manifest.inputs[t] if t in manifest.inputs else manifest.cells[t]
                expected[key] = (0.0 if v is None else v, f"a copy of {t[0]}!{t[1]}")
            else:
                left[key] = t
        if not left or len(left) == len(pending):
            break
        pending = left


def compare(expected, found) -> str | None:
    """None when ``found`` (a cached value) is ``expected`` (relative 1e-9), else what differs."""
    if isinstance(expected, (bool, np.bool_)):
        if isinstance(found, bool):
            return None if bool(expected) == found else "differs"
        expected = float(expected)
    if isinstance(expected, str):
        if found is None and expected == "":
            return None
        if isinstance(found, (int, float)) and not isinstance(found, bool):
            try:
                return None if float(expected) == float(found) else "text differs"
            except ValueError:
                return "text differs"
        return None if str(found) == expected else "text differs"
    try:
        exp = float(expected)
    except (TypeError, ValueError):
        return None if found == expected else "differs"
    if not math.isfinite(exp):
        return None if found is None or isinstance(found, str) else "blank expected"
    if found is None:
        return "no saved value"
    if isinstance(found, bool) or not isinstance(found, (int, float)):
        return f"not a number ({found!r})"
    if abs(found - exp) <= 1e-9 * max(abs(exp), abs(found)) + 1e-12:
        return None
    return f"relative difference {abs(found - exp) / max(abs(exp), 1e-300):.3g}"
