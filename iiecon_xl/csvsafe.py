"""Text from input written out as text, never as a formula (issue 11: formula injection).

A sector or city name such as ``=HYPERLINK("http://…")``, ``+cmd|' /C calc'!A0``,
``@SUM(1)`` or ``=WEBSERVICE(…)`` came from a file someone sent; a spreadsheet that opens the
CSV (or an .xlsx cell written with a formula-guessing ``write``) would run it.

* :func:`neutralise` — a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return gets the usual leading apostrophe (OWASP "CSV injection"); numbers, and text that is a
  plain number (``"-3"``, ``"+1.5e3"``: a spreadsheet reads them as the number, not a
  formula), are left alone;
* :func:`write_csv` — a DataFrame as UTF-8 CSV with BOM (Excel opens it with the Chinese
  intact), every text cell, index label and header neutralised, written atomically
  (:func:`iiecon_xl.safefiles.atomic_file`); lines end in CRLF (RFC 4180), so that a text
  holding a lone carriage return is quoted rather than read as a line break;
* :func:`write_cell` — one value into an XlsxWriter sheet by its type: text with
  ``write_string`` (never parsed as a formula), finite numbers with ``write_number``, blanks
  for None and NaN.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from .safefiles import atomic_file

__all__ = ["TRIGGERS", "neutralise", "neutralise_frame", "write_cell", "write_csv"]

#: The first characters that make a spreadsheet treat a cell as a formula (or a DDE call).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def neutralise(value):
    """``value`` with a leading apostrophe when it is text starting with a formula trigger."""
    if not isinstance(value, str) or not value.startswith(TRIGGERS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def _text_map(values):
    return [neutralise(v) for v in values]


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell, index label and column label neutralised."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(neutralise)
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = pd.MultiIndex.from_tuples([tuple(_text_map(t)) for t in out.columns], names=out.columns.names)
    else:
        out.columns = pd.Index(_text_map(out.columns), name=neutralise(out.columns.name))
    if isinstance(out.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_tuples([tuple(_text_map(t)) for t in out.index], names=out.index.names)
    else:
        out.index = pd.Index(_text_map(out.index), name=neutralise(out.index.name))
    return out


def write_csv(df: pd.DataFrame, path, *, index: bool = False, encoding: str = "utf-8-sig", **to_csv) -> None:
    """Write ``df`` as UTF-8-BOM CSV at ``path``, neutralised and atomic (see the module docstring).

    Other keywords go to :meth:`pandas.DataFrame.to_csv` (``float_format``, ``na_rep``,
    ``lineterminator`` …); ``encoding="utf-8"`` drops the BOM (a folder of inputs read back
    by the package rather than opened in Excel).
    """
    safe = neutralise_frame(df)
    to_csv.setdefault("lineterminator", "\r\n")
    with atomic_file(path) as tmp:
        safe.to_csv(tmp, index=index, encoding=encoding, **to_csv)


def write_cell(ws, row: int, col: int, value, cell_format=None) -> None:
    """Write one value into an XlsxWriter worksheet by its type, text never as a formula.

    None, NaN and ±inf are blank cells (a non-finite number is not a value); bool is a boolean.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        ws.write_blank(row, col, None, cell_format)
    elif isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", "") == "b":
        ws.write_boolean(row, col, bool(value), cell_format)
    elif isinstance(value, (int, float)) or hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iuf":
        f = float(value)
        if math.isfinite(f):
            ws.write_number(row, col, f, cell_format)
        else:
            ws.write_blank(row, col, None, cell_format)
    else:
        ws.write_string(row, col, str(value), cell_format)
