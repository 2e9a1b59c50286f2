"""Reference lists shipped with the package: sections, sector classifications,
provinces (GB/T 2260 codes, regions) and prefecture-level cities.

These are public classifications, not statistics. Sector lists: the NBS 2017
149-sector table and the 2018/2020 153-sector tables, each sector mapped to one
GB/T 4754-2017 section (A–S) and, through it, to one of the three industries
(METHOD.md §0); ``related_candidate`` marks the sectors of sections C and I that
are candidates for the IIE related set K.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

from .errors import IIEInputError

REGIONS = {"east": ("东部", "East"), "central": ("中部", "Central"),
           "west": ("西部", "West"), "northeast": ("东北", "Northeast")}
INDUSTRY_NAMES = {1: ("第一产业", "Primary industry"), 2: ("第二产业", "Secondary industry"),
                  3: ("第三产业", "Tertiary industry")}
INDUSTRY_KEYS = {1: "primary", 2: "secondary", 3: "tertiary"}
SECTOR_LISTS = {"2017_149": "sectors_2017_149.csv", "2018_153": "sectors_153.csv",
                "2020_153": "sectors_153.csv"}


def _read(name: str, **kw) -> pd.DataFrame:
    with resources.files("iiecon_xl").joinpath("resources", name).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, **kw)


@lru_cache(maxsize=None)
def sections() -> pd.DataFrame:
    """The 19 sections: index letter A–S; columns name_zh, name_en, industry."""
    return _read("sections.csv").set_index("section")


@lru_cache(maxsize=None)
def sectors(table: str = "2017_149") -> pd.DataFrame:
    """A sector classification (index code as 3-digit text): name_zh, name_en, section, industry,
    related_candidate. ``table`` is one of 2017_149, 2018_153, 2020_153."""
    if table not in SECTOR_LISTS:
        raise IIEInputError("table", f"unknown sector list {table!r}; one of {', '.join(SECTOR_LISTS)}")
    return _read(SECTOR_LISTS[table], dtype={"code": str}).set_index("code")


@lru_cache(maxsize=None)
def provinces() -> pd.DataFrame:
    """The 31 provinces: index code (int, GB/T 2260); name_zh, short_zh, abbr, name_en, region."""
    return _read("provinces.csv").set_index("code")


@lru_cache(maxsize=None)
def cities() -> pd.DataFrame:
    """Prefecture-level cities (and the 4 municipalities): city_zh, city_en, province_code, size_class."""
    return _read("cities.csv")


def province_code(name) -> int:
    """The GB/T 2260 code of a province given by code, full name, short name, abbreviation or English name."""
    p = provinces()
    text = str(name).strip()
    if text.isdigit() and int(text) in p.index:
        return int(text)
    for col in ("name_zh", "short_zh", "abbr", "name_en"):
        hit = p.index[p[col].str.lower() == text.lower()]
        if len(hit):
            return int(hit[0])
    raise IIEInputError("province", f"unknown province {text!r}")
