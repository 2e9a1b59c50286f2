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

#: The report draws eight section figures (the value of a few sections by year, with their growth);
#: its grouping is not printed. Ours puts neighbouring GB/T 4754 sections together so that each of
#: the 19 sections appears in exactly one figure, the large ones (C, F, I, J, K …, above 1,000 亿元
#: in the report) sharing a figure with at most two others:
#: A B agriculture and mining; C D manufacturing and the utilities; E K construction and real
#: estate; F G H trade, transport, hotels and catering; I J information services and finance;
#: L M business services and research; N O S public facilities, resident services, public
#: administration; P Q R education, health, culture and sport. The book's Sections sheet
#: (layout ``SectionsReport.FAMILIES``) and ``figures.sections`` draw them.
#: (key, Chinese title, English title, section letters) of each section figure, in figure order
SECTION_FAMILIES = (
    ("resources", "农林牧渔业与采矿业", "Agriculture and mining", ("A", "B")),
    ("manufacturing", "制造业与电力热力燃气水", "Manufacturing and utilities", ("C", "D")),
    ("building", "建筑业与房地产业", "Construction and real estate", ("E", "K")),
    ("trade", "批发零售、交通运输与住宿餐饮", "Trade, transport, hotels and catering", ("F", "G", "H")),
    ("information", "信息技术服务与金融业", "Information services and finance", ("I", "J")),
    ("business", "商务服务与科学研究", "Business services and research", ("L", "M")),
    ("public", "公共设施、居民服务与公共管理", "Public facilities, resident services, administration",
     ("N", "O", "S")),
    ("social", "教育、卫生与文化体育", "Education, health, culture and sport", ("P", "Q", "R")),
)


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


@lru_cache(maxsize=None)
def province_tiles() -> pd.DataFrame:
    """Tile-grid positions of the 31 provinces (the heat map): index abbr (BJ …); columns row, col
    (0 = north / west)."""
    return _read("province_tiles.csv").set_index("abbr")


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
