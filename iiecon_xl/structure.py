"""The default structure of a book: what an empty template is built on.

The method's example related set K (found by sector name, so it carries over from the
2017 149-sector list to the 153-sector lists), the expert-score criteria and grades, and
the report years of the example. Both the workbook layout (for an empty template) and the
demo generator (:mod:`iiecon_xl.demo`) take them from here, so neither imports the other.
"""

from __future__ import annotations

import pandas as pd

from . import reference

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
