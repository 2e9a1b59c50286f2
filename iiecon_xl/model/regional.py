"""Three industries, provinces and regions (METHOD.md §5).

    η_t^j      = Z_t^j / GDP_t^j                                   (national)
    ω_{i,t}^j  = GDP_{i,t}^j η_t^j / Σ_i GDP_{i,t}^j η_t^j
    Z_{i,t}^j  = Z_t^j ω_{i,t}^j
Section-level rule: Z_{i,t}^s = Z_t^s · VA_{i,τ(t)}^s / Σ_i VA_{i,τ(t)}^s, τ(t) the year whose
provincial section value added is used for year t (:func:`carried_year`: the latest year ≤ t with
data, the first year with data before it); with no provincial section data at all the
three-industry rule is the fallback (METHOD.md §5).
The province × industry amount the cities share under the section rule (§5, §7):
Z_i^j = Σ_s Z_i^s · share_{s,j}, each component with its own split (:func:`sections_to_industries`).
Province-specific η: a blank (NaN) η_{i,t}^j is the national η_t^j (:func:`effective_eta`).
Each component (core, penetration) is allocated on its own, so core + penetration =
total in every province, and provinces sum to the national figure exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import IIEInputError


def eta(Z_industry: pd.Series, gdp_industry: pd.Series) -> pd.Series:
    """η^j = Z^j / GDP^j for each industry j."""
    gdp = gdp_industry.reindex(Z_industry.index).astype(float)
    if gdp.isna().any() or (gdp <= 0).any():
        bad = gdp.index[gdp.isna() | (gdp <= 0)][0]
        raise IIEInputError("gdp_industry", f"industry {bad}: GDP must be positive")
    return Z_industry.astype(float) / gdp


def column_shares(name: str, weights: pd.DataFrame) -> pd.DataFrame:
    """Column-wise shares w_ij / Σ_i w_ij; every column must have a positive total."""
    w = weights.astype(float)
    if w.isna().any().any():
        r, c = next((r, c) for c in w.columns for r in w.index if pd.isna(w.at[r, c]))
        raise IIEInputError(name, f"missing value for {r}, {c}")
    if (w < 0).any().any():
        r, c = next((r, c) for c in w.columns for r in w.index if w.at[r, c] < 0)
        raise IIEInputError(name, f"negative value for {r}, {c}")
    total = w.sum(axis=0)
    if (total <= 0).any():
        raise IIEInputError(name, f"column {total.index[total <= 0][0]} sums to zero; nothing to allocate by")
    return w / total


def province_weights(gdp_province: pd.DataFrame, eta_industry) -> pd.DataFrame:
    """ω_i^j = GDP_i^j η^j / Σ_i GDP_i^j η^j (provinces × industries).

    ``eta_industry`` is a Series by industry (national η) or a provinces × industries
    frame of province-specific η.
    """
    if isinstance(eta_industry, pd.DataFrame):
        e = eta_industry.reindex(index=gdp_province.index, columns=gdp_province.columns)
    else:
        e = pd.DataFrame([eta_industry.reindex(gdp_province.columns).to_numpy()] * len(gdp_province),
                         index=gdp_province.index, columns=gdp_province.columns)
    if e.isna().any().any():
        raise IIEInputError("eta", "no η for some province or industry")
    return column_shares("gdp_province", gdp_province.astype(float) * e)


def allocate(total: pd.Series, weights: pd.DataFrame) -> pd.DataFrame:
    """Z_i^j = Z^j ω_i^j: ``total`` by column key, ``weights`` rows × the same keys."""
    missing = [c for c in total.index if c not in weights.columns]
    if missing:
        raise IIEInputError("weights", f"no allocation weights for {', '.join(map(str, missing))}")
    w = weights[list(total.index)]
    return w * total.astype(float).to_numpy()[np.newaxis, :]


def allocate_by_industry(Z_industry: pd.Series, gdp_province: pd.DataFrame, eta_industry=None) -> pd.DataFrame:
    """Three-industry rule: Z_i^j = Z^j ω_i^j with ω from provincial GDP by industry."""
    if eta_industry is None:
        eta_industry = pd.Series(1.0, index=Z_industry.index)
    return allocate(Z_industry, province_weights(gdp_province, eta_industry))


def allocate_by_section(Z_section: pd.Series, va_province_section: pd.DataFrame) -> pd.DataFrame:
    """Section rule: Z_i^s = Z^s VA_i^s / Σ_i VA_i^s (provinces × sections).

    Sections with zero national value and no provincial value added are left at zero.
    """
    nonzero = Z_section[Z_section != 0]
    out = pd.DataFrame(0.0, index=va_province_section.index, columns=Z_section.index)
    if len(nonzero):
        missing = [s for s in nonzero.index if s not in va_province_section.columns]
        if missing:
            raise IIEInputError("va_province_section", f"no provincial value added for section(s) {', '.join(missing)}")
        shares = column_shares("va_province_section", va_province_section[list(nonzero.index)])
        out[list(nonzero.index)] = shares * nonzero.to_numpy()[np.newaxis, :]
    return out


def sections_to_industries(z_section: pd.DataFrame, shares: pd.DataFrame) -> pd.DataFrame:
    """Z_i^j = Σ_s Z_i^s · share_{s,j} (METHOD.md §5, §7): the rows' section values (provinces ×
    sections, e.g. one component allocated by :func:`allocate_by_section`) summed into the three
    industries by each section's industry split (sections × industries, every row summing to 1,
    :func:`~iiecon_xl.model.industry_shares`: a section split between industries goes by its
    sectors' base-year shares). Rows keep their totals; Σ_i Z_i^j is the nation's Z^j when the
    rows hold the whole of each section. A section holding value without a split is an input error."""
    z = z_section.astype(float)
    held = [s for s in z.columns if (z[s] != 0).any()]
    missing = [s for s in held if s not in shares.index]
    if missing:
        raise IIEInputError("industry_shares", f"no industry split for section(s) {', '.join(map(str, missing))}")
    w = shares.reindex(index=list(z.columns)).astype(float)
    blank = [s for s in held if w.loc[s].isna().any()]
    if blank:
        raise IIEInputError("industry_shares", f"missing share for section {blank[0]}")
    return z @ w.fillna(0.0)


def region_totals(values: pd.DataFrame | pd.Series, province_region: pd.Series):
    """Σ over the provinces of each region; every province must have a region."""
    reg = province_region.reindex(values.index)
    if reg.isna().any():
        raise IIEInputError("province_region", f"no region for province {reg.index[reg.isna()][0]}")
    return values.groupby(reg.to_numpy()).sum()


def carried_year(year: int, available) -> int:
    """τ(t) = max{u ∈ U : u ≤ t}, or min U when no u ≤ t (U = the years with provincial section
    value added, METHOD.md §5): a year without data carries the section shares of the latest
    earlier year with data; years before the first such year take the first one's shares."""
    U = sorted(int(u) for u in available)
    if not U:
        raise IIEInputError("va_province_section", "no year has provincial section value added")
    earlier = [u for u in U if u <= int(year)]
    return earlier[-1] if earlier else U[0]


def effective_eta(eta_national: pd.Series, eta_province: pd.DataFrame | None, index) -> pd.DataFrame:
    """η_{i}^j = η_province_{i}^j where given, else η^j (national; METHOD.md §5) — provinces
    (``index``) × industries. ``eta_province`` may cover some provinces and cells (NaN = national)."""
    nat = pd.DataFrame([eta_national.to_numpy(dtype=float)] * len(index), index=index, columns=eta_national.index)
    if eta_province is None:
        return nat
    given = eta_province.reindex(index=index, columns=eta_national.index).astype(float)
    if (given < 0).any().any():
        r, c = next((r, c) for c in given.columns for r in given.index if given.at[r, c] < 0)
        raise IIEInputError("province_eta", f"negative η for province {r}, industry {c}")
    return given.where(given.notna(), nat)
