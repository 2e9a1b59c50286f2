"""What the report's figures group and place (issue 13 §7): the section families of the section
figures and the province heat map's tile grid (the positions of their cells are in :mod:`.reports`).

The grouping of the eight section figures is ``reference.SECTION_FAMILIES`` (the PNGs use it too).
"""

from __future__ import annotations

from ... import reference
from ...model import SECTIONS
from ...reference import SECTION_FAMILIES

__all__ = ["SECTION_FAMILIES", "section_index", "tiles", "tile_grid_size"]

assert sorted(x for *_, f in SECTION_FAMILIES for x in f) == sorted(SECTIONS), "each section in one family"


def section_index(letter: str) -> int:
    """Position of section ``letter`` in every section block (the order of ``model.SECTIONS``)."""
    return list(SECTIONS).index(letter)


def tiles() -> list[tuple[int, int, int]]:
    """(province code, tile row, tile col) of every province of the tile grid (``province_tiles.csv``)."""
    ref = reference.provinces().reset_index().set_index("abbr")["code"]
    return [(int(ref[abbr]), int(p["row"]), int(p["col"])) for abbr, p in reference.province_tiles().iterrows()]


def tile_grid_size() -> tuple[int, int]:
    """(rows, cols) of the tile grid."""
    t = reference.province_tiles()
    return int(t["row"].max()) + 1, int(t["col"].max()) + 1
