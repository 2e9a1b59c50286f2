"""Stage 1, the base year (METHOD.md §0–§2, §6): the IO table in the report unit, the industry
of each sector (P_INDUSTRY_RULE), the IIE shares S_k, direct value added and the augmented
penetration model, sector by sector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from .. import model, structure, units
from ..errors import IIEInputError
from ..inputs import Inputs


@dataclass
class BaseYear:
    """The base-year sector results, in the report unit."""

    codes: list[str]
    section: pd.Series          # sector code → section letter
    industry: pd.Series         # sector code → industry 1, 2, 3 (structure.sector_industries, the rule)
    X: np.ndarray               # total output
    M: np.ndarray               # intermediate input
    V: np.ndarray               # value added X − M
    shares: pd.DataFrame        # related sectors: S, source, B (see shares_from_scores)
    k: np.ndarray               # positions of the related sectors in ``codes``
    S: np.ndarray               # their IIE shares
    direct: np.ndarray          # S(X − M), zero outside the related sectors
    pen: model.Penetration      # ΔY, λ, dz by sector


def shares_from_scores(inputs: Inputs) -> pd.DataFrame:
    """S_k for every related sector: the given S, or the fuzzy evaluation of its expert scores (§6)."""
    rel = inputs.related
    rows = []
    for code in rel.index:
        given = rel.at[code, "S"]
        B, S, source = None, given, "given"
        fz = inputs.fuzzy
        if fz is not None and code in fz.counts.index.get_level_values(0):
            counts = fz.counts.loc[code].reindex(fz.criteria.index)
            if counts.isna().any().any():
                raise IIEInputError("fuzzy.counts", f"sector {code}: scores missing for some criterion")
            R = model.membership(counts[list(fz.grades.index)].to_numpy(), name=f"fuzzy.counts[{code}]")
            B, S_f = model.fuzzy_evaluate(fz.criteria["weight"].to_numpy(), R, fz.grades["value"].to_numpy(),
                                          inputs.params.fuzzy_operator)
            if pd.isna(given):
                S, source = S_f, "fuzzy"
        if pd.isna(S):
            raise IIEInputError("related", f"sector {code}: no coefficient S and no expert scores")
        rows.append({"code": code, "S": float(S), "source": source,
                     "B": "" if B is None else ", ".join(f"{b:.4f}" for b in B)})
    return pd.DataFrame(rows).set_index("code")


def io_in_unit(inputs: Inputs) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Z, X, M = column sums of Z, V = X − M in the report unit; a given V must equal X − M."""
    io = inputs.io
    f = units.factor(io.unit, inputs.params.unit)
    Z = io.Z.to_numpy(dtype=float) * f
    X = io.X.to_numpy(dtype=float) * f
    M = Z.sum(axis=0)
    V = X - M
    if io.V is not None:
        given = io.V.to_numpy(dtype=float) * f
        bad = ~np.isclose(given, V, rtol=1e-6, atol=1e-6 * max(1.0, float(np.abs(X).max())))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise IIEInputError("io.V", f"value added of sector {io.codes[i]} ({given[i]:g}) differs from X − M ({V[i]:g})")
    return Z, X, M, V


def base_year(inputs: Inputs, say: Callable[[str], None]) -> BaseYear:
    """Industries, technical coefficients, shares S, direct value added, penetration (ΔY, λ, dz)."""
    say("IO table: technical coefficients")
    codes = inputs.io.codes
    industry = structure.sector_industries(inputs.io.sectors, inputs.params.industry_rule)
    Z, X, M, V = io_in_unit(inputs)
    A = model.calc_A(Z, X, z_name="io.Z", x_name="io.X")

    say("IIE shares S from expert scores (fuzzy evaluation)")
    shares = shares_from_scores(inputs)
    k = np.array([codes.index(c) for c in shares.index], dtype=int)
    S = shares["S"].to_numpy()

    say("direct value added")
    direct = model.direct_by_sector(X, M, k, S)
    say(f"penetration: LU solve of the augmented system ({len(codes)}+{len(k)} sectors)")
    pen = model.penetration(A, X, k, S, V, a_name="A = io.Z / io.X", x_name="io.X")
    return BaseYear(codes=codes, section=inputs.io.sectors["section"], industry=industry, X=X, M=M, V=V, shares=shares,
                    k=k, S=S, direct=direct, pen=pen)
