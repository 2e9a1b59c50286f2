"""Excel functions of the input-output model (METHOD.md §1–§2).

LEONTIEF_INV and TECH_COEFF (the Leontief inverse and technical coefficients), IIE_DIRECT
(direct IIE value added), IIE_PENETRATION (penetration IIE value added from the augmented
model), IIE_AUGMENT (the augmented matrix itself, for auditing) and IIE_ALIGN (a list of
related-sector coefficients laid out along the IO table's sectors).
"""

from __future__ import annotations

import numpy as np

from .. import model
from ..errors import IIEInputError
from . import blas, cells
from ..model import checks
from .arguments import absent, first_boolean, renamed, unit_interval
from .registry import excel_function

#: Worked example of the reference: a 3-sector flow table, its outputs, one related sector.
EXAMPLE_Z = [[10.0, 20.0, 5.0], [15.0, 5.0, 10.0], [5.0, 10.0, 20.0]]
EXAMPLE_X = [100.0, 80.0, 120.0]
EXAMPLE_S = [0.0, 0.4, 0.0]


def _related_and_shares(related, coefficients, n: int, shape: tuple[int, int]):
    """0-based related positions and their shares, from IIE_AUGMENT's related/coefficients."""
    if absent(related):
        S = cells.to_vector("coefficients", coefficients, n, against=("flows", shape))
        unit_interval("coefficients", S)
        k = np.flatnonzero(S)
        return k, S[k]
    r = cells.to_vector("related", related, blank=np.nan, bools=True)
    keep = ~np.isnan(r)
    known = r[keep]
    flags = len(r) == n and bool(np.isin(known, (0.0, 1.0)).all())
    if not flags and (b := first_boolean(related)) is not None:
        raise IIEInputError("related", f"item {b} holds TRUE or FALSE, which is not a sector position (TRUE/FALSE "
                                       f"flags need one cell per sector, {n})")
    if flags:  # 0/1 flags aligned with the sectors (blank = 0)
        k = np.flatnonzero(np.where(keep, r, 0.0) == 1.0)
    else:  # 1-based sector positions (blank cells are skipped)
        bad = np.flatnonzero((known != np.round(known)) | (known < 1) | (known > n))
        if bad.size:
            raise IIEInputError("related", f"{known[bad[0]]:g} is not a sector position 1..{n}")
        k = known.astype(int) - 1
        uniq, counts = np.unique(k, return_counts=True)
        if (counts > 1).any():
            raise IIEInputError("related", f"sector {int(uniq[counts > 1][0]) + 1} is listed more than once")
    S = cells.to_vector("coefficients", coefficients)
    if len(S) == n and (flags or len(r) != n):
        S_k = S[k]                       # one coefficient per sector
    elif len(S) == len(r):
        S_k = S[keep]                    # one coefficient per entry of related, same order
    elif flags and len(S) == len(k):
        S_k = S                          # one coefficient per flagged sector, in sector order
    else:
        raise IIEInputError("coefficients", f"{len(S)} values, but related has {len(r)} and flows is "
                                            f"{shape[0]}×{shape[1]}")
    unit_interval("coefficients", S_k)
    return k, S_k


@excel_function(
    args=(("matrix", "Square range: the coefficient matrix A, or the flow table Z when total_output is given. "
                     "Blank cells count as 0."),
          ("total_output", "Optional row or column of total outputs X (one per sector). When given, "
                           "A = Z / X by column.")),
    ranges=("matrix", "total_output"),
    returns="n×n matrix L (spills)",
    formula="L = (I − A)⁻¹; with total_output: a_ij = z_ij / X_j (a zero column where X_j = 0)",
    example=([[0.2, 0.3], [0.1, 0.4]],),
)
def LEONTIEF_INV(matrix, total_output=None):
    """The Leontief inverse (I − A)⁻¹ of a coefficient matrix A, or of a flow table Z with its total outputs X."""
    M = cells.to_matrix("matrix", matrix, square=True)
    if not absent(total_output):
        X = cells.to_vector("total_output", total_output, M.shape[0], against=("matrix", M.shape))
        M = model.calc_A(M, X, z_name="matrix", x_name="total_output")
    with blas.limited(M.shape[0]):
        L = model.calc_L(M, name="matrix")
    return cells.to_excel(L, name="matrix")


@excel_function(
    args=(("flows", "Square range: the intermediate flow table Z (z_ij = output of sector i used by "
                    "sector j). Blank cells count as 0."),
          ("total_output", "Row or column of total outputs X, one per sector.")),
    ranges=("flows", "total_output"),
    returns="n×n matrix A (spills)",
    formula="a_ij = z_ij / X_j (a zero column where X_j = 0)",
    example=(EXAMPLE_Z, EXAMPLE_X),
)
def TECH_COEFF(flows, total_output):
    """Technical coefficients A = Z · diag(X)⁻¹ of a flow table Z and total outputs X."""
    Z = cells.to_matrix("flows", flows, square=True)
    X = cells.to_vector("total_output", total_output, Z.shape[0], against=("flows", Z.shape))
    return cells.to_excel(model.calc_A(Z, X, z_name="flows", x_name="total_output"), name="flows")


@excel_function(
    args=(("total_input", "Row or column of total inputs X_k, one per sector (= total output)."),
          ("intermediate_input", "Row or column of intermediate inputs M_k (column sums of Z), one per "
                                 "sector."),
          ("coefficients", "Row or column of IIE coefficients S_k in [0, 1], aligned with the sectors; "
                           "blank or 0 = not a related sector."),
          ("by_sector", "Optional TRUE to return the column S_k (X_k − M_k) by sector instead of the "
                        "total. Default FALSE.")),
    ranges=("total_input", "intermediate_input", "coefficients"),
    returns="scalar Σ S_k (X_k − M_k); with by_sector TRUE an n×1 column",
    formula="Zdir = Σ_k S_k (X_k − M_k)",
    example=([100.0, 80.0, 120.0], [30.0, 35.0, 35.0], [0.0, 0.4, 0.0]),
)
def IIE_DIRECT(total_input, intermediate_input, coefficients, by_sector=False):
    """Direct (core-industry) IIE value added Σ S_k (X_k − M_k), in total or by sector."""
    X = cells.to_vector("total_input", total_input)
    n = len(X)
    M = cells.to_vector("intermediate_input", intermediate_input, n, against="total_input")
    S = unit_interval("coefficients", cells.to_vector("coefficients", coefficients, n, against="total_input"))
    per_sector = cells.to_bool("by_sector", by_sector, False)
    checks.output_and_input("total_input", X, "intermediate_input", M)
    k = np.flatnonzero(S)
    with renamed({"X": "total_input", "M": "intermediate_input", "S": "coefficients",
                   "related": "coefficients"}):
        values = model.direct_by_sector(X, M, k, S[k])
    if per_sector:
        return cells.to_excel(values, name="total_input")
    return cells.to_excel(float(values.sum()), name="total_input")


_PENETRATION_RESULTS = ("dz", "total", "dY", "lambda", "table")


@excel_function(
    args=(("flows", "Square range: the intermediate flow table Z. Blank cells count as 0."),
          ("total_output", "Row or column of total outputs X, one per sector."),
          ("coefficients", "Row or column of IIE coefficients S_k in [0, 1], aligned with the sectors; "
                           "blank or 0 = not a related sector."),
          ("value_added", "Optional row or column of value added V; default X minus the column sums of Z."),
          ("result", 'Optional: "dz" (default, n×1 column), "total" (Σ dz), "dY" (ΔY), "lambda" (λ) or '
                     '"table" (n×3: ΔY, λ, dz).')),
    ranges=("flows", "total_output", "coefficients", "value_added"),
    returns='n×1 column dz; "total" → scalar; "dY", "lambda" → n×1; "table" → n×3 [ΔY, λ, dz]',
    formula="A* augmented with one virtual sector per related k (shares S_k : 1 − S_k); "
            "C = (I − A*)⁻¹; ΔY_i = Σ_v C_iv · S_k X_k / C_vv; λ_i = ΔY_i / X_i; dz_i = ΔY_i V_i / X_i "
            "= λ*_i (X*_i − M*_i) with λ*_i = ΔY_i / X*_i",
    example=(EXAMPLE_Z, EXAMPLE_X, EXAMPLE_S, None, "table"),
)
def IIE_PENETRATION(flows, total_output, coefficients, value_added=None, result="dz"):
    """Penetration IIE value added by sector (augmented input-output model): dz, or ΔY, λ, the total or a table."""
    Z = cells.to_matrix("flows", flows, square=True)
    n = Z.shape[0]
    X = cells.to_vector("total_output", total_output, n, against=("flows", Z.shape))
    S = unit_interval("coefficients",
                       cells.to_vector("coefficients", coefficients, n, against=("flows", Z.shape)))
    if absent(value_added):
        V = X - Z.sum(axis=0)
    else:
        V = cells.to_vector("value_added", value_added, n, against=("flows", Z.shape))
    what = cells.to_text("result", result, "dz", choices=_PENETRATION_RESULTS)
    A = model.calc_A(Z, X, z_name="flows", x_name="total_output")
    k = np.flatnonzero(S)
    with renamed({"S": "coefficients", "related": "coefficients", "A": "flows", "X": "total_output",
                   "V": "value_added"}), blas.limited(n + len(k)):
        pen = model.penetration(A, X, k, S[k], V, a_name="flows", x_name="total_output", v_name="value_added")
    if what == "total":
        return cells.to_excel(pen.total, name="flows")
    out = {"dz": pen.dz, "dY": pen.dY, "lambda": pen.lam, "table": pen.table()}[what]
    return cells.to_excel(out, name="flows")


_AUGMENT_RESULTS = ("matrix", "output", "flows")


@excel_function(
    args=(("flows", "Square range: the intermediate flow table Z. Blank cells count as 0."),
          ("total_output", "Row or column of total outputs X, one per sector."),
          ("related", "Column of 1-based positions of the related sectors, or of 0/1 flags aligned with the "
                      "sectors; a blank cell takes the sectors with nonzero coefficients."),
          ("coefficients", "IIE coefficients S_k in [0, 1]: one per entry of related, or one per sector."),
          ("result", 'Optional: "matrix" (default, A*), "output" (X* column) or "flows" (Z* = A* diag X*).')),
    ranges=("flows", "total_output", "related", "coefficients"),
    returns='(n+m)×(n+m) matrix A* ("output" → (n+m)×1 column X*, "flows" → (n+m)×(n+m) Z*)',
    formula="A* = diag(r) · A[σ, σ], σ = (1..n, k_1..k_m), r_k = 1 − S_k, r_v = S_k, r_j = 1 otherwise; "
            "X*_v = S_k X_k, X*_k = (1 − S_k) X_k",
    example=(EXAMPLE_Z, EXAMPLE_X, [2], [0.4]),
)
def IIE_AUGMENT(flows, total_output, related, coefficients, result="matrix"):
    """The augmented coefficient matrix A* with one virtual pure-IIE sector per related sector (for auditing)."""
    Z = cells.to_matrix("flows", flows, square=True)
    n = Z.shape[0]
    X = cells.to_vector("total_output", total_output, n, against=("flows", Z.shape))
    k, S_k = _related_and_shares(related, coefficients, n, Z.shape)
    what = cells.to_text("result", result, "matrix", choices=_AUGMENT_RESULTS)
    A = model.calc_A(Z, X, z_name="flows", x_name="total_output")
    with renamed({"S": "coefficients", "A": "flows", "X": "total_output"}):
        aug = model.augment(A, X, k, S_k, a_name="flows", x_name="total_output")
    if what == "output":
        return cells.to_excel(aug.X, name="flows")
    if what == "flows":
        return cells.to_excel(aug.A * aug.X[np.newaxis, :], name="flows")
    return cells.to_excel(aug.A, name="flows")


def _code_key(code: str):
    """Codes match as numbers when they are all digits ("039" = 39), else as text ignoring case."""
    return ("number", int(code)) if code.isdecimal() else ("text", code.casefold())


@excel_function(
    args=(("sector_codes", "Row or column of the IO table's sector codes (text like 039 or numbers), each once."),
          ("related_codes", "Row or column of the related sectors' codes; blank cells are skipped."),
          ("coefficients", "Row or column of their IIE coefficients S in [0, 1], aligned with related_codes.")),
    ranges=("sector_codes", "related_codes", "coefficients"),
    returns="n×1 column of S aligned with sector_codes (0 for sectors that are not related)",
    formula="S_i = S of the related sector whose code equals sector code i, else 0",
    example=(["001", "002", "039", "040"], ["39", "2"], [0.62, 0.35]),
)
def IIE_ALIGN(sector_codes, related_codes, coefficients):
    """Coefficients S listed by related-sector code, laid out as a column aligned with the IO table's sectors."""
    codes = cells.to_codes("sector_codes", sector_codes)
    position: dict = {}
    for i, code in enumerate(codes):
        if code is None:
            raise IIEInputError("sector_codes", f"item {i + 1} is blank")
        key = _code_key(code)
        if key in position:
            raise IIEInputError("sector_codes", f"code {code!r} appears more than once")
        position[key] = i
    related = cells.to_codes("related_codes", related_codes)
    S = cells.to_vector("coefficients", coefficients, len(related), against="related_codes", blank=np.nan)
    out = np.zeros(len(codes))
    seen: set = set()
    for k, (code, s) in enumerate(zip(related, S)):
        if code is None:
            if not np.isnan(s):
                raise IIEInputError("related_codes", f"item {k + 1} is blank but has a coefficient")
            continue
        key = _code_key(code)
        if key not in position:
            raise IIEInputError("related_codes", f"code {code!r} is not among sector_codes")
        if key in seen:
            raise IIEInputError("related_codes", f"code {code!r} appears more than once")
        seen.add(key)
        if np.isnan(s):
            raise IIEInputError("coefficients", f"item {k + 1} (code {code!r}) is blank")
        if not 0.0 <= s <= 1.0:
            raise IIEInputError("coefficients", f"coefficients must lie in [0, 1]; item {k + 1} is {s:g}")
        out[position[key]] = s
    return cells.to_excel(out, name="coefficients")
