"""Sections (GB/T 4754-2017 A–S) and the three industries (METHOD.md §0), and the
section rates that carry base-year results to later years (§1, §2 step 6, §5).

    rate_s = Σ_{i∈s} value_i / VA_s(base)         (d_s for direct, p_s for penetration)
    value_s(base) = Σ_{i∈s} value_i                (whatever the denominator, §1)
    value_s(t) = rate_s(t) · VA_s(t)               (t after the base year)
    share_{s,j} = Σ_{i∈s, i∈j} value_i / Σ_{i∈s} value_i
    Z^j(t) = Σ_s share_{s,j} · value_s(t)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import IIEInputError

#: The 19 sections of GB/T 4754-2017 used by the method (T, international organisations, is not).
SECTIONS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOPQRS")
#: Three industries: 1 = A; 2 = B–E; 3 = F–S (METHOD.md §0).
SECTION_INDUSTRY: dict[str, int] = {s: (1 if s == "A" else 2 if s in "BCDE" else 3) for s in SECTIONS}
INDUSTRIES: tuple[int, ...] = (1, 2, 3)


def check_sections(name: str, codes) -> pd.Index:
    """Section letters must be among A–S; returns them as an Index."""
    idx = pd.Index([str(c).strip().upper() for c in codes])
    unknown = sorted(set(idx) - set(SECTIONS))
    if unknown:
        raise IIEInputError(name, f"unknown section code(s) {', '.join(unknown)}; expected A–S")
    return idx


def sum_by_section(values, sector_section) -> pd.Series:
    """Σ_{i∈s} value_i for each of the 19 sections (sections without sectors give 0)."""
    sec = check_sections("sector_section", sector_section)
    values = np.asarray(values, dtype=float)
    if len(sec) != len(values):
        raise IIEInputError("sector_section", f"{len(sec)} sectors mapped, but {len(values)} values")
    return pd.Series(values, index=sec).groupby(level=0).sum().reindex(list(SECTIONS), fill_value=0.0)


def section_rates(section_values: pd.Series, section_va: pd.Series, *, name: str = "section_va") -> pd.Series:
    """rate_s = value_s / VA_s; a section with VA_s = 0 must have value_s = 0 (rate 0)."""
    v = section_values.reindex(list(SECTIONS), fill_value=0.0).astype(float)
    va = section_va.reindex(list(SECTIONS)).astype(float)
    if va.isna().any():
        raise IIEInputError(name, f"no base-year value added for section(s) {', '.join(va.index[va.isna()])}")
    bad = (va <= 0) & (v != 0)
    if bad.any():
        raise IIEInputError(name, f"section {bad.idxmax()} has IIE value but base-year value added {va[bad.idxmax()]:g}")
    return (v / va.where(va > 0, np.nan)).fillna(0.0)


def apply_rates(rates, section_va: pd.DataFrame, base: pd.Series | None = None, base_year=None) -> pd.DataFrame:
    """value_s(t) = rate_s(t) · VA_s(t); ``rates`` a Series (constant) or sections×years frame.
    With ``base`` (Σ_{i∈s} value_i, METHOD.md §1) the column ``base_year`` is value_s(base) = base_s
    whatever the denominator of the rates."""
    va = section_va.reindex(list(SECTIONS))
    if isinstance(rates, pd.Series):
        out = va.mul(rates.reindex(list(SECTIONS)), axis=0)
    else:
        out = va * rates.reindex(index=list(SECTIONS), columns=va.columns)
    if base is not None:
        if base_year not in out.columns:
            raise IIEInputError("base_year", f"{base_year} is not a year of the section value added")
        out[base_year] = base.reindex(list(SECTIONS), fill_value=0.0).astype(float)
    return out


def industry_shares(values, sector_section, sector_industry) -> pd.DataFrame:
    """share_{s,j} = Σ_{i∈s, ind(i)=j} value_i / Σ_{i∈s} value_i (METHOD.md §5: a section split
    between industries is split by its sectors' base-year shares); a section whose values sum to 0
    (its rate, hence every year's value, is 0) puts share 1 on its section's industry.
    Returns sections × industries (1, 2, 3); every row sums to 1."""
    sec = check_sections("sector_section", sector_section)
    ind = np.asarray(sector_industry, dtype=int)
    values = np.asarray(values, dtype=float)
    if not (len(sec) == len(ind) == len(values)):
        raise IIEInputError("sector_industry", f"{len(sec)} sections, {len(ind)} industries and {len(values)} values")
    if not set(ind) <= set(INDUSTRIES):
        raise IIEInputError("sector_industry", f"industries must be 1, 2 or 3, got {sorted(set(ind) - set(INDUSTRIES))}")
    part = np.zeros((len(SECTIONS), len(INDUSTRIES)))
    np.add.at(part, ([SECTIONS.index(x) for x in sec], ind - 1), values)
    total = part.sum(axis=1, keepdims=True)
    plain = np.array([[float(SECTION_INDUSTRY[s] == j) for j in INDUSTRIES] for s in SECTIONS])
    shares = np.where(total != 0, part / np.where(total != 0, total, 1.0), plain)
    return pd.DataFrame(shares, index=list(SECTIONS), columns=list(INDUSTRIES))


def by_industry(section_values: pd.DataFrame | pd.Series, shares: pd.DataFrame | None = None):
    """Z^j = Σ_s share_{s,j} · value_s for the three industries (``shares`` sections × industries,
    see :func:`industry_shares`; None = the plain rule, Z^j = Σ_{s∈j} value_s)."""
    if shares is None:
        ind = section_values.index.map(SECTION_INDUSTRY)
        return section_values.groupby(ind).sum().reindex(list(INDUSTRIES), fill_value=0.0)
    w = shares.reindex(index=section_values.index, columns=list(INDUSTRIES), fill_value=0.0)
    if isinstance(section_values, pd.Series):
        return w.mul(section_values.astype(float), axis=0).sum()
    return w.T @ section_values.astype(float)
