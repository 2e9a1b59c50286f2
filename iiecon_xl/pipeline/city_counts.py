"""Cities per tier by region and by province (METHOD.md §7, §8: the counts the report quotes
in its text, e.g. how many first-tier cities the East holds): from the cities table, one row
per region (East, Central, West, Northeast, §5) and one per province, a column per tier and the
number of cities listed."""

from __future__ import annotations

import pandas as pd

from .. import reference
from .report import TableSet


def _counts(tiers: pd.Series, n_tiers: int) -> dict:
    """{tier_1: …, tier_n: …, n_cities: …} of the cities whose tiers are ``tiers``."""
    out = {f"tier_{k}": int((tiers == k).sum()) for k in range(1, n_tiers + 1)}
    out["n_cities"] = int(len(tiers))
    return out


def tier_count_tables(tables: TableSet, codes: list[int], n_tiers: int) -> None:
    """``tiers_by_region`` (the four regions, in METHOD order) and ``tiers_by_province`` (the
    provinces ``codes``, in order) from ``tables["cities"]``: cities per tier 1 … ``n_tiers`` and
    all the cities listed (tier 0, below the last threshold, counts only there)."""
    cities = tables["cities"].frame
    prov = reference.provinces()
    region_of = cities["province_code"].map(lambda c: prov.at[int(c), "region"] if int(c) in prov.index else "")
    rows = [{"region": r, "region_zh": zh, "region_en": en, **_counts(cities["tier"][region_of == r], n_tiers)}
            for r, (zh, en) in reference.REGIONS.items()]
    tables.add("tiers_by_region", "各区域梯队城市数", "Cities per tier by region", pd.DataFrame(rows), unit="")
    rows = [{"province_code": int(c), "province": prov.at[int(c), "name_zh"], "region": prov.at[int(c), "region"],
             **_counts(cities["tier"][cities["province_code"] == int(c)], n_tiers)} for c in codes]
    tables.add("tiers_by_province", "各省梯队城市数", "Cities per tier by province", pd.DataFrame(rows), unit="")
