"""The dimensions a book is built for, and how to get them from inputs or for a template."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ... import reference, structure
from ...errors import IIEInputError


@dataclass
class Dims:
    """The dimensions a book is built for."""

    sectors: pd.DataFrame      # index code; name_zh, name_en, section
    related: pd.DataFrame      # index code; name_zh
    criteria: pd.DataFrame     # index criterion id; name_zh, name_en, weight
    grades: pd.DataFrame       # index grade id; name_zh, name_en, value
    years: list[int]           # report years: base year … latest
    macro_years: list[int]
    provinces: pd.DataFrame    # index code; name_zh, short_zh, abbr, name_en, region
    cities: pd.DataFrame       # index city_zh; city_en, province_code

    @property
    def n(self) -> int:
        return len(self.sectors)

    @property
    def m(self) -> int:
        return len(self.related)

    @property
    def T(self) -> int:
        return len(self.years)


def dims_for(inputs=None, *, years=None, table: str = "2017_149") -> Dims:
    """Dimensions of a book for ``inputs`` (or an empty template on the ``table`` sector list)."""
    if inputs is not None:
        return _dims_of_inputs(inputs)
    template = structure.template_structure(table)
    years = list(years or structure.YEARS)
    return Dims(sectors=template["sectors"], related=template["related"], criteria=template["criteria"],
                grades=template["grades"], years=years,
                macro_years=list(range(years[0] - 10, years[-1] + 1)), provinces=reference.provinces(),
                cities=reference.cities().set_index("city_zh")[["city_en", "province_code"]])


def _dims_of_inputs(inputs) -> Dims:
    fz = inputs.fuzzy
    if fz is None:
        raise IIEInputError("inputs.fuzzy", "the workbook derives S from expert scores; none were given")
    cities = inputs.city_gdp[["province_code"]].copy()
    ref_c = reference.cities().set_index("city_zh")["city_en"]
    cities.insert(0, "city_en", [ref_c.get(c, "") for c in cities.index])
    names = inputs.io.sectors["name_zh"]
    return Dims(sectors=inputs.io.sectors[["name_zh", "name_en", "section"]],
                related=pd.DataFrame({"name_zh": [names.at[c] for c in inputs.related.index]},
                                     index=inputs.related.index),
                criteria=fz.criteria[["name_zh", "name_en", "weight"]],
                grades=fz.grades[["name_zh", "name_en", "value"]],
                years=inputs.years, macro_years=[int(y) for y in inputs.macro.index],
                provinces=reference.provinces().loc[sorted(set(inputs.province_gdp.index.get_level_values(0)))],
                cities=cities)
