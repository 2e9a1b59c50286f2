"""Money units of the report (METHOD.md: 亿元 = 1e8 yuan, 万亿元 = 1e12 yuan)."""

from __future__ import annotations

from .errors import IIEInputError

UNITS = {"元": 1.0, "万元": 1e4, "百万元": 1e6, "亿元": 1e8, "万亿元": 1e12}
UNIT_EN = {"元": "yuan", "万元": "10k yuan", "百万元": "million yuan", "亿元": "100 million yuan",
           "万亿元": "trillion yuan"}


def factor(source: str, target: str) -> float:
    """Multiply a value in ``source`` units by this to express it in ``target`` units."""
    for name, unit in (("unit", source), ("unit", target)):
        if unit not in UNITS:
            raise IIEInputError(name, f"unknown unit {unit!r}; one of {', '.join(UNITS)}")
    return UNITS[source] / UNITS[target]


def label(unit: str) -> str:
    """'亿元 (100 million yuan)'."""
    return f"{unit} ({UNIT_EN.get(unit, unit)})"
