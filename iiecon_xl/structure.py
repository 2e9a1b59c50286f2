"""The default structure of a book: what an empty template is built on.

The method's example related set K (found by sector name, so it carries over from the
2017 149-sector list to the 153-sector lists), the expert-score criteria and grades, and
the report years of the example. Both the workbook layout (for an empty template) and the
demo generator (:mod:`iiecon_xl.demo`) take them from here, so neither imports the other.

The industry of each IO sector (METHOD.md §0) under the two rules of ``P_INDUSTRY_RULE``:
``section`` puts A in the first, B–E in the second and F–S in the third industry; ``nbs2018``
(NBS 2018 三次产业划分规定) moves agricultural services (A05), mining auxiliary activities (B11)
and metal-product/machinery repair (C43) to the third. IO sectors carry no GB/T class code, so
the NBS rule is read from the shipped classifications: a sector whose name and section match a
sector that the shipped lists put in another industry than its section's takes that industry
(column ``industry`` and the reason in ``industry_basis`` of resources/sectors_*.csv); every
other sector keeps its section's industry.
"""

from __future__ import annotations

import pandas as pd

from . import reference
from .errors import IIEInputError
from .model import SECTION_INDUSTRY
from .nbs.text import norm
from .parameters import INDUSTRY_RULES

#: Report years of the method's example (base year 2017 … 2024).
YEARS = list(range(2017, 2025))
#: Macro years of the example: the production-function window starts ten years before the base year.
MACRO_YEARS = list(range(2007, 2025))
#: The example related set K on the 2017 149-sector list (sections C and I).
RELATED = ["083", "088", "089", "092", "093", "094", "121", "122", "123", "124", "125"]

CRITERIA = pd.DataFrame(
    {"name_zh": ["数字化水平", "网络化水平", "智能化水平", "产业关联度"],
     "name_en": ["Digitalisation", "Networking", "Intelligence", "Industrial linkage"],
     "weight": [0.30, 0.25, 0.25, 0.20]},
    index=pd.Index(["c1", "c2", "c3", "c4"], name="criterion"))
GRADES = pd.DataFrame(
    {"name_zh": ["很强", "较强", "一般", "较弱", "很弱"],
     "name_en": ["Very strong", "Strong", "Medium", "Weak", "Very weak"],
     "value": [0.9, 0.7, 0.5, 0.3, 0.1]},
    index=pd.Index(["g1", "g2", "g3", "g4", "g5"], name="grade"))


def template_structure(table: str = "2017_149") -> dict:
    """Sectors of ``table``, the example related set (by name), criteria and grades."""
    sectors = reference.sectors(table)
    names17 = reference.sectors("2017_149").loc[RELATED, "name_zh"]
    by_name = {v: k for k, v in sectors["name_zh"].items()}
    codes = [by_name[nm] for nm in names17]
    return {"sectors": sectors[["name_zh", "name_en", "section"]],
            "related": pd.DataFrame({"name_zh": list(names17)}, index=pd.Index(codes, name="code")),
            "criteria": CRITERIA.copy(), "grades": GRADES.copy()}


def nbs2018_exceptions() -> dict[tuple[str, str], int]:
    """{(normalised name, section): industry} of the shipped sectors the NBS 2018 rule takes out
    of their section's industry (A05, B11, C43 in the 2017 and 2018/2020 lists)."""
    out: dict[tuple[str, str], int] = {}
    for table in reference.SECTOR_LISTS:
        ref = reference.sectors(table)
        moved = ref[ref["industry"] != ref["section"].map(SECTION_INDUSTRY)]
        out.update({(norm(nm), sec): int(j) for nm, sec, j in zip(moved["name_zh"], moved["section"], moved["industry"])})
    return out


def sector_industries(sectors: pd.DataFrame, rule: str) -> pd.Series:
    """The industry (1, 2, 3) of every sector (index of ``sectors``; columns name_zh, section) under
    ``rule``: "section" = its section's industry; "nbs2018" = the same except the NBS exceptions."""
    if rule not in INDUSTRY_RULES:
        raise IIEInputError("industry_rule", f"must be one of {', '.join(INDUSTRY_RULES)}, got {rule!r}")
    plain = sectors["section"].map(SECTION_INDUSTRY)
    if plain.isna().any():
        raise IIEInputError("io.sectors", f"sector {plain.index[plain.isna()][0]}: unknown section")
    out = plain.astype(int)
    if rule == "nbs2018":
        moved = nbs2018_exceptions()
        keys = [(norm(nm), sec) for nm, sec in zip(sectors["name_zh"], sectors["section"])]
        out = pd.Series([moved.get(k, j) for k, j in zip(keys, out)], index=sectors.index, dtype=int)
    return out.rename("industry")
