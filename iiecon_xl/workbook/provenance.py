"""Where every yearly input value of a book comes from (issue 12 §1): observed, imported (from
which file), extrapolated (METHOD.md §4) or awaiting data.

A book records the values that did not come from the user's own typing — the ones an
``iiecon-xl`` command wrote: imported from a file (``import-series``, ``import-io``) or
extrapolated (``new-year --extrapolate``, and their re-extrapolation by ``import-series``) — as
:class:`Mark` entries ``{(series, key, year): Mark}`` on its 数据来源 Sources sheet; the reader
reads them back (:func:`attach` puts them on the :class:`~iiecon_xl.inputs.Inputs`, :func:`of`
reads them) and every rebuild writes them again. Every other filled input is *observed*; a blank
one is *extrapolated* by the book's own formulas where the book does that (section value added,
the macro series Y, K, L, national and provincial GDP) and *awaiting* data elsewhere
(:func:`blank_status`; a blank city GDP, awaiting data, counts as 0 in the city shares meanwhile
and flags its city incomplete: :mod:`iiecon_xl.pipeline.gdp`).

Series and keys: ``section_va`` (key: the section letter), ``macro`` (Y, K, L), ``national_gdp``
(primary, secondary, tertiary), ``province_gdp`` (``"110000 primary"``: province code and
industry), ``city_gdp`` (``"北京 primary"``, no year: the city data year).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import model
from ..inputs import INDUSTRY_COLUMNS
from .layout import sheets as _sheets

OBSERVED, IMPORTED, EXTRAPOLATED, AWAITING = "observed", "imported", "extrapolated", "awaiting"
STATUSES = (OBSERVED, IMPORTED, EXTRAPOLATED, AWAITING)
#: the statuses the report, the audit and the Checks sheet list (an input that is not data)
NOT_DATA = (EXTRAPOLATED, AWAITING)
STATUS_ZH = {OBSERVED: "观测值", IMPORTED: "导入", EXTRAPOLATED: "线性外推", AWAITING: "待填"}
SERIES = ("section_va", "macro", "national_gdp", "province_gdp", "city_gdp")
#: the input sheet of each series
SERIES_SHEETS = {"section_va": _sheets.SECTION_VA, "macro": _sheets.MACRO, "national_gdp": _sheets.NATIONAL_GDP,
                 "province_gdp": _sheets.PROVINCE_GDP, "city_gdp": _sheets.CITY_GDP}
#: the series whose blanks the book's own formulas extrapolate (the others await data)
BOOK_EXTRAPOLATES = ("section_va", "macro", "national_gdp", "province_gdp")
#: what a blank city GDP does while it awaits data (the Sources sheet says so on its rows)
CITY_BLANK = ("空白按 0 计入城市份额，该城市标记“缺数据”（城市表）"
              "a blank counts as 0 in the city shares, the city flagged incomplete (Cities sheet)")
#: how a value extrapolated by a command is described
BY_NEW_YEAR = "iiecon-xl new-year --extrapolate (§4)"

Key = tuple  # (series, key, year or None)


@dataclass(frozen=True)
class Mark:
    """A value a command wrote into an input cell: its status, where from, and the value."""

    status: str
    source: str
    value: float | None


def of(inputs) -> dict:
    """The recorded marks of ``inputs`` ({} when none were recorded)."""
    return dict(getattr(inputs, "provenance", None) or {})


def attach(inputs, marks: dict):
    """``inputs`` with ``marks`` recorded on it (what the Sources sheet of a rebuild writes)."""
    inputs.provenance = dict(marks)
    return inputs


def values(inputs) -> dict:
    """{(series, key, year): value or NaN} of every yearly input value of ``inputs``."""
    out: dict = {}
    va = inputs.section_va
    for letter in va.index:
        for y in va.columns:
            out[("section_va", str(letter), int(y))] = float(va.at[letter, y])
    for frame, series in ((inputs.macro, "macro"), (inputs.national_gdp, "national_gdp")):
        for y in frame.index:
            for col in frame.columns:
                out[(series, str(col), int(y))] = float(frame.at[y, col])
    pg = inputs.province_gdp
    for (code, y), row in pg.iterrows():
        for col in INDUSTRY_COLUMNS:
            out[("province_gdp", f"{int(code)} {col}", int(y))] = float(row[col])
    cg = inputs.city_gdp
    for city, row in cg.iterrows():
        for col in INDUSTRY_COLUMNS:
            out[("city_gdp", f"{city} {col}", None)] = float(row[col])
    return out


def blank_status(series: str) -> str:
    """The status of a blank input of ``series``: extrapolated by the book, or awaiting data."""
    return EXTRAPOLATED if series in BOOK_EXTRAPOLATES else AWAITING


def _same(a: float, b: float | None) -> bool:
    return b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b))


def status_of(key: Key, value: float, marks: dict) -> tuple[str, str]:
    """(status, source) of the input ``key`` holding ``value`` (NaN = blank), given ``marks``: a
    recorded mark holds while the cell keeps the value it recorded (a value typed over it is observed)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return blank_status(key[0]), "公式外推 the book's formulas (§4)" if key[0] in BOOK_EXTRAPOLATES else ""
    mark = marks.get(key)
    if mark is not None and _same(value, mark.value):
        return mark.status, mark.source
    return OBSERVED, ""


def listing(inputs) -> list[tuple]:
    """(series, key, year, status, source) of every input that is not observed, in series order."""
    marks = of(inputs)
    rows = []
    for key, v in values(inputs).items():
        status, source = status_of(key, v, marks)
        if status != OBSERVED:
            rows.append((*key, status, source))
    return rows


def not_data(inputs) -> list[tuple]:
    """The :func:`listing` rows that are extrapolated or awaiting data (what report, audit and Checks list)."""
    return [r for r in listing(inputs) if r[3] in NOT_DATA]


def describe(row: tuple) -> str:
    """One line for a :func:`listing` row: ``全国GDP National GDP, national_gdp primary 2025: extrapolated …``."""
    series, key, year, status, source = row
    when = f" {year}" if year is not None else ""
    return (f"{SERIES_SHEETS[series]}, {series} {key}{when}: {status} {STATUS_ZH[status]}"
            + (f" ({source})" if source else ""))


def summary(inputs, limit: int = 6) -> list[str]:
    """The inputs not data (:func:`not_data`), one line per sheet, series, year and status, with
    the rows it covers: ``全国GDP National GDP, national_gdp 2025: extrapolated 线性外推 — 3: primary, …``."""
    groups: dict[tuple, list] = {}
    for series, key, year, status, source in not_data(inputs):
        groups.setdefault((series, year, status, source), []).append(key)
    lines = []
    for (series, year, status, source), keys in groups.items():
        when = f" {year}" if year is not None else ""
        shown = ", ".join(keys[:limit]) + (", …" if len(keys) > limit else "")
        lines.append(f"{SERIES_SHEETS[series]}, {series}{when}: {status} {STATUS_ZH[status]} — {len(keys)}: {shown}"
                     + (f" ({source})" if source else ""))
    return lines


def re_extrapolate(observed: pd.Series, stale: list[int], window, name: str) -> pd.Series:
    """The values of the years ``stale`` of a year-indexed series, extrapolated again (§4) from
    its other (observed or imported) years: ``observed`` with the stale years set blank."""
    s = observed.astype(float).copy()
    s.loc[stale] = np.nan
    filled, _ = model.linear_extrapolate(s, window, name=name)
    return filled.loc[stale]


def data_label(imported: list[str]) -> str:
    """The data label of a book holding imported NBS data (``imported``: what was imported)."""
    what = "、".join(dict.fromkeys(imported))
    return (f"含导入的国家统计局数据（{what}），来源见“数据来源”表；未导入的输入以原样保留 "
            f"Includes imported NBS data ({what}); see the Sources sheet for the source of every input")
