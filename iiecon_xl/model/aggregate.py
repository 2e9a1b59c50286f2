"""Aggregation of an IO table by a concordance (e.g. 149 sectors → 42, or → the 19 sections).

    S (k×n),  s_gi = 1 if sector i belongs to group g, else 0      (each sector in one group)
    Z_agg = S Z Sᵀ,   x_agg = S x,   f_agg = S f,   v'_agg = v' Sᵀ

Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., ch. 4 (the aggregation matrix S). Every
total is preserved: 1'Z_agg 1 = 1'Z 1, 1'x_agg = 1'x, and the row and column sums of Z_agg are
the group sums of those of Z. Groups are numbered in the order in which they first appear along
the sectors, as pymrio's ``build_agg_matrix`` numbers them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..errors import IIEInputError
from . import checks


def code_text(code) -> str:
    """A sector or group code as text: 12.0 (a number from a cell) → "12"; text is stripped."""
    if isinstance(code, (float, np.floating)) and float(code).is_integer():
        return str(int(code))
    if isinstance(code, (int, np.integer)):
        return str(int(code))
    return str(code).strip()


def _mapping(mapping) -> dict[str, str]:
    """code → group from a dict (or a pandas Series) or a sequence of (code, group) pairs (a
    two-column range)."""
    pairs = mapping.items() if isinstance(mapping, Mapping) or hasattr(mapping, "items") else mapping
    out: dict[str, str] = {}
    try:
        rows = [tuple(p) for p in pairs]
    except TypeError:
        raise IIEInputError("mapping", "must be pairs of (sector code, group)") from None
    for row in rows:
        if len(row) != 2:
            raise IIEInputError("mapping", f"each row must hold a sector code and a group, got {len(row)} values")
        code, group = code_text(row[0]), code_text(row[1])
        if code in out and out[code] != group:
            raise IIEInputError("mapping", f"code {code} is mapped to both {out[code]} and {group}")
        out[code] = group
    return out


@dataclass(frozen=True)
class Concordance:
    """The aggregation matrix S (k×n) and the k group labels, in order of first appearance."""

    S: np.ndarray
    groups: tuple[str, ...]

    def vector(self, values, name: str = "values") -> np.ndarray:
        """S v: the group sums of an n-vector."""
        return self.S @ checks.vector(name, values, self.S.shape[1])

    def table(self, Z, name: str = "Z") -> np.ndarray:
        """S Z Sᵀ: a square n×n table aggregated to k×k."""
        Z = checks.matrix(name, Z, square=True)
        if Z.shape[0] != self.S.shape[1]:
            raise IIEInputError(name, f"is {Z.shape[0]}×{Z.shape[0]}, but the concordance has "
                                f"{self.S.shape[1]} sectors")
        return self.S @ Z @ self.S.T


def concordance(codes, mapping) -> Concordance:
    """S from the n sector ``codes`` and a ``mapping`` code → group (dict, Series or pairs).

    Every code must be mapped, and the codes must be unique; mapped codes that are not in the
    table are ignored (one concordance can serve several tables).
    """
    codes = [code_text(c) for c in np.asarray(codes, dtype=object).reshape(-1)]
    if not codes:
        raise IIEInputError("codes", "is empty")
    dupes = [c for c, k in Counter(codes).items() if k > 1]
    if dupes:
        raise IIEInputError("codes", f"duplicated code(s): {', '.join(dupes)}")
    m = _mapping(mapping)
    missing = [c for c in codes if c not in m]
    if missing:
        more = f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""
        raise IIEInputError("mapping", f"no group for code(s) {', '.join(missing[:5])}{more}")
    groups = tuple(dict.fromkeys(m[c] for c in codes))
    pos = {g: i for i, g in enumerate(groups)}
    S = np.zeros((len(groups), len(codes)))
    S[[pos[m[c]] for c in codes], np.arange(len(codes))] = 1.0
    return Concordance(S=S, groups=groups)


def aggregate(Z, codes, mapping, *, z_name: str = "Z") -> tuple[np.ndarray, tuple[str, ...]]:
    """(Z_agg, groups): the table Z (n×n) summed by the concordance (see :func:`concordance`)."""
    Z = checks.matrix(z_name, Z, square=True)
    con = concordance(codes, mapping)
    if con.S.shape[1] != Z.shape[0]:
        raise IIEInputError("codes", f"{con.S.shape[1]} codes, but {z_name} is {Z.shape[0]}×{Z.shape[0]}")
    return con.table(Z, z_name), con.groups
