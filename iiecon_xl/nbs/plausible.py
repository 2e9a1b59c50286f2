"""Plausible ranges of the indicators an NBS export brings into a book — the one table.

A value outside its range is almost always a unit mistake (a 万元 export labelled 亿元, a
per-capita row read as a total) or a corrupt file (``1e308``), never an economy; the readers
raise an :class:`~iiecon_xl.errors.IIEInputError` naming the file, the row, the year and the
file line. A range applies to a row whose label (or, for an export by region, the export's
指标 line) contains the indicator text, the first match in :data:`RANGES` winning; it is given
in its own unit and converted to the unit the export states (:mod:`iiecon_xl.units`). Rows in a
unit that is not money (万人, %) or without a stated unit are not checked here.

=====================  ======  =========  ==========  ==================================
indicator (contains)   unit    low        high        why
=====================  ======  =========  ==========  ==================================
人均                    元      10         10,000,000  per-capita GDP: 1952 China 119 元
国内生产总值             亿元    1          10,000,000  national GDP: 2024 1.35e6 亿元
国民总收入               亿元    1          10,000,000  as GDP
地区生产总值             亿元    1          10,000,000  a province: 1978 Tibet 6.65 亿元
增加值                  亿元    0          10,000,000  value added of an industry, ≥ 0
=====================  ======  =========  ==========  ==================================
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import units
from ..errors import IIEInputError
from .text import ARG, norm


@dataclass(frozen=True)
class Plausible:
    """The range [low, high] of an indicator, in ``unit``."""

    indicator: str
    unit: str
    low: float
    high: float


RANGES: tuple[Plausible, ...] = (
    Plausible("人均", "元", 10.0, 1e7),
    Plausible("国内生产总值", "亿元", 1.0, 1e7),
    Plausible("国民总收入", "亿元", 1.0, 1e7),
    Plausible("地区生产总值", "亿元", 1.0, 1e7),
    Plausible("增加值", "亿元", 0.0, 1e7),
)


def _num(x: float) -> str:
    """A value as the file has it, to ten digits: -765,582.5, 10,000,000, 1e+308."""
    return f"{x:,.10g}"


def range_for(label: str) -> Plausible | None:
    """The range of the first indicator in :data:`RANGES` that ``label`` contains, else None."""
    key = norm(label)
    return next((p for p in RANGES if norm(p.indicator) in key), None)


def check_row(values: dict, *, label: str, unit: str, source: str, row: str, lines: dict) -> bool:
    """Raise for the first value of ``values`` ({year: value}) outside the range of ``label``.

    ``unit``: the unit the values are in; ``lines``: {year: file line}. Returns whether a range
    applied (False: no range for the label, or a unit that is not money).
    """
    rng = range_for(label)
    if rng is None or unit not in units.UNITS:
        return False
    f = units.factor(rng.unit, unit)
    low, high = rng.low * f, rng.high * f
    for year, v in values.items():
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        if not (low <= v <= high):
            where = f" (line {lines[year]})" if year in lines else ""
            raise IIEInputError(ARG, f"{source}: row {row!r}, year {year}: {_num(v)} {unit} is outside the plausible "
                                     f"range of {rng.indicator} ({_num(low)}–{_num(high)} {unit}){where}; check the "
                                     f"unit and the file (ranges: iiecon_xl.nbs.plausible.RANGES)")
    return True
