"""Excel functions of the IO analysis menu (issue 15; Miller & Blair 2009).

IO_MULTIPLIERS (Type I / II multipliers and their effects), IO_LINKAGES (backward and forward
linkages, key sectors), GHOSH_INV (the Ghosh inverse), IO_EXTRACTION (hypothetical extraction),
IO_AGGREGATE (a table summed by a concordance), RAS_UPDATE (RAS / GRAS to new margins) and
IIE_UNCERTAINTY (quantiles of the IIE values when the expert panel is resampled). Each is a
pure function of :mod:`iiecon_xl.model` underneath; defaults come from :mod:`iiecon_xl.parameters`.

Conventions: sector positions (``sectors``, ``related``) are 1-based, as a person counts rows,
and become the model's 0-based positions here. Tables of named measures spill with a header row
of short English keys (like PRODFN_FIT); matrices (GHOSH_INV, RAS_UPDATE "flows") spill bare, so
that they can feed other functions. RAS_UPDATE's default result is the updated table with one
trailing row whose first cell says how the iteration went (method, iterations, final error).
"""

from __future__ import annotations

import numpy as np

from .. import model
from ..model import checks
from ..errors import IIEInputError
from ..parameters import (EXTRACTION_KINDS, FORWARD_BASES, MULTIPLIER_MEASURES, OPERATORS, RAS_MAX_ITER,
                          RAS_METHODS, RAS_TOL, UNCERTAINTY_DRAWS, UNCERTAINTY_MAX_DRAWS, UNCERTAINTY_METHODS,
                          UNCERTAINTY_QUANTILES, UNCERTAINTY_SEED)
from . import cells
from .arguments import absent, default_text, renamed
from .cell_values import code as sector_code
from .cell_values import label, where
from .registry import excel_function

#: Worked examples: Miller & Blair (2009) §2.3 / §2.5 (two sectors, households) and a 3-sector table.
MB_Z = [[150.0, 500.0], [200.0, 100.0]]
MB_X = [1000.0, 2000.0]
MB_F = [350.0, 1700.0]
EXAMPLE_Z = [[10.0, 20.0, 5.0], [15.0, 5.0, 10.0], [5.0, 10.0, 20.0]]
EXAMPLE_X = [100.0, 80.0, 120.0]

_FLOWS = "Square range: the intermediate flow table Z (z_ij = sales of sector i to sector j). Blank cells count as 0."
_OUTPUT = "Row or column of total outputs X, one per sector."
_VA = "Optional row or column of value added V, one per sector; default X minus the column sums of Z."
_OPEN_HEADER = ["initial", "direct", "indirect", "simple", "type_I"]
_CLOSED_HEADER = ["initial", "direct", "indirect", "induced", "simple", "total", "type_I", "type_II"]
_LINKAGE_HEADER = ["BL_direct", "FL_direct", "BL_total", "FL_total", "BL", "FL", "cv_BL", "cv_FL", "class"]
_EXTRACTION_HEADER = ["extraction", "output_loss", "output_loss_pct", "va_loss", "va_loss_pct"]
_RAS_RESULTS = ("table", "flows", "report", "row_factors", "col_factors")
_UNCERTAINTY_HEADER = ["quantile", "direct", "penetration", "total"]


def _choices(options: tuple[str, ...]) -> str:
    return " / ".join(f'"{o}"' for o in options)


def _table(Z_arg, X_arg) -> tuple[np.ndarray, np.ndarray]:
    """(Z, X) from ``flows`` and ``total_output``, with the economics of an IO table (:func:`.checks.io_table`)."""
    Z = cells.to_matrix("flows", Z_arg, square=True)
    X = cells.to_vector("total_output", X_arg, Z.shape[0], against=("flows", Z.shape))
    checks.io_table("flows", Z, "total_output", X)
    return Z, X


def _optional_vector(name: str, v, Z: np.ndarray):
    return None if absent(v) else cells.to_vector(name, v, Z.shape[0], against=("flows", Z.shape))


def _value_added(v, Z: np.ndarray, X: np.ndarray):
    """``value_added`` when given, checked to lie in [0, X_j] sector by sector; else None (the default)."""
    V = _optional_vector("value_added", v, Z)
    return V if V is None else checks.value_added("value_added", V, "total_output", X)


def _positions(name: str, v, n: int, *, empty: bool) -> np.ndarray:
    """0-based positions from a row or column of 1-based sector positions (blank cells skipped)."""
    r = cells.to_vector(name, v, blank=np.nan)
    r = r[~np.isnan(r)]
    if r.size == 0 and not empty:
        raise IIEInputError(name, "lists no sector position")
    bad = np.flatnonzero((r != np.round(r)) | (r < 1) | (r > n))
    if bad.size:
        raise IIEInputError(name, f"{r[bad[0]]:g} is not a sector position 1..{n}")
    k = r.astype(int) - 1
    uniq, counts = np.unique(k, return_counts=True)
    if (counts > 1).any():
        raise IIEInputError(name, f"sector {int(uniq[counts > 1][0]) + 1} is listed more than once")
    return k


@excel_function(
    args=(("flows", _FLOWS), ("total_output", _OUTPUT), ("value_added", _VA),
          ("employment", "Optional row or column of employment by sector (for kind \"employment\")."),
          ("household_row", "Optional labour income paid by each sector (n values, or n+1 with households' "
                            "own purchase last). Give it with household_col for Type II."),
          ("household_col", "Optional household consumption of each sector's output (n values, or n+1)."),
          ("kind", f"Optional: {_choices(MULTIPLIER_MEASURES)}. {default_text(MULTIPLIER_MEASURES[0])}"),
          ("household_total", "Optional total household income x_h; default the sum of household_row.")),
    ranges=("flows", "total_output", "value_added", "employment", "household_row", "household_col"),
    returns='table with a header row, one row per sector: ["initial", "direct", "indirect", "simple", "type_I"]; '
            'with households ["initial", "direct", "indirect", "induced", "simple", "total", "type_I", "type_II"]',
    formula="L = (I − A)⁻¹, c_j = C_j / X_j; simple m_j = Σ_i c_i l_ij; direct Σ_i c_i a_ij; indirect "
            "m_j − c_j − direct; Type I m_j / c_j; closed model L̄: total m̄_j = Σ_i c_i l̄_ij, induced "
            "m̄_j − m_j, Type II m̄_j / c_j",
    example=(MB_Z, MB_X, None, None, [300.0, 500.0, 50.0], [50.0, 400.0], "output", 1000.0),
)
def IO_MULTIPLIERS(flows, total_output, value_added=None, employment=None, household_row=None,
                   household_col=None, kind=MULTIPLIER_MEASURES[0], household_total=None):
    """Output, value-added, employment or income multipliers by sector: Type I, and Type II with households."""
    Z, X = _table(flows, total_output)
    V = _value_added(value_added, Z, X)
    E = _optional_vector("employment", employment, Z)
    row = None if absent(household_row) else cells.to_vector("household_row", household_row)
    col = None if absent(household_col) else cells.to_vector("household_col", household_col)
    what = cells.to_text("kind", kind, MULTIPLIER_MEASURES[0], choices=MULTIPLIER_MEASURES)
    total = cells.to_scalar("household_total", household_total, None)
    with renamed({"V": "value_added", "E": "employment"}):
        m = model.io_multipliers(Z, X, V, E, row, col, total, z_name="flows", x_name="total_output")
        effects = m.measure(what)
    header = _OPEN_HEADER if effects.induced is None else _CLOSED_HEADER
    return cells.to_excel([header] + effects.table().tolist(), name="flows")


@excel_function(
    args=(("flows", _FLOWS), ("total_output", _OUTPUT),
          ("kind", f"Optional basis of the forward linkage: \"ghosh\" (row sums of the Ghosh inverse G) or "
                   f"\"leontief\" (row sums of L, Rasmussen). {default_text(FORWARD_BASES[0])}")),
    ranges=("flows", "total_output"),
    returns='table with a header row, one row per sector: ["BL_direct", "FL_direct", "BL_total", "FL_total", '
            '"BL", "FL", "cv_BL", "cv_FL", "class"]; class is "key", "backward", "forward" or "weak"',
    formula="BL(d)_j = Σ_i a_ij, FL(d)_i = Σ_j b_ij; BL(t)_j = Σ_i l_ij, FL(t)_i = Σ_j g_ij; BL, FL = total / "
            "mean; cv = std / mean of column j of L (row i of G); key: BL > 1 and FL > 1",
    example=(EXAMPLE_Z, EXAMPLE_X),
)
def IO_LINKAGES(flows, total_output, kind=FORWARD_BASES[0]):
    """Backward and forward linkages (Rasmussen power and sensitivity of dispersion), their variation and key sectors."""
    Z, X = _table(flows, total_output)
    basis = cells.to_text("kind", kind, FORWARD_BASES[0], choices=FORWARD_BASES)
    lk = model.linkages(Z, X, kind=basis, z_name="flows", x_name="total_output")
    body = np.column_stack([lk.table()[:, :-1].astype(object), lk.key])
    return cells.to_excel([_LINKAGE_HEADER] + body.tolist(), name="flows")


@excel_function(
    args=(("flows", _FLOWS), ("total_output", _OUTPUT)),
    ranges=("flows", "total_output"),
    returns="n×n matrix G (spills)",
    formula="B = X̂⁻¹ Z (b_ij = z_ij / X_i); G = (I − B)⁻¹ = X̂⁻¹ L X̂",
    example=(MB_Z, MB_X),
)
def GHOSH_INV(flows, total_output):
    """The Ghosh (supply-side) inverse G = (I − B)⁻¹ of a flow table, B = X̂⁻¹ Z, derived from the Leontief inverse."""
    Z, X = _table(flows, total_output)
    return cells.to_excel(model.ghosh_inverse(Z, X, z_name="flows", x_name="total_output"), name="flows")


@excel_function(
    args=(("flows", _FLOWS), ("total_output", _OUTPUT),
          ("final_demand", "Row or column of final demand f, one per sector."),
          ("sectors", "Row or column of the 1-based positions of the sectors extracted together (blank cells "
                      "are skipped; all blank = extract nothing)."),
          ("kind", f"Optional: {_choices(EXTRACTION_KINDS)} for one row; default all three."),
          ("value_added", _VA)),
    ranges=("flows", "total_output", "final_demand", "sectors", "value_added"),
    returns='table with a header row ["extraction", "output_loss", "output_loss_pct", "va_loss", "va_loss_pct"], '
            'then one row per kind (backward, forward, total), or the one kind asked for',
    formula="backward: columns S of A set to 0; forward: rows S of B set to 0 (Ghosh); total: rows and "
            "columns S removed; output loss i'(x − x̄), value added lost v_c'(x − x̄), v_c = V / X",
    example=(EXAMPLE_Z, EXAMPLE_X, [65.0, 50.0, 85.0], [2]),
)
def IO_EXTRACTION(flows, total_output, final_demand, sectors, kind=None, value_added=None):
    """Hypothetical extraction of one or several sectors: output and value added lost (backward, forward, total)."""
    Z, X = _table(flows, total_output)
    f = cells.to_vector("final_demand", final_demand, Z.shape[0], against=("flows", Z.shape))
    S = _positions("sectors", sectors, Z.shape[0], empty=True)
    which = EXTRACTION_KINDS if absent(kind) else (cells.to_text("kind", kind, choices=EXTRACTION_KINDS),)
    V = _value_added(value_added, Z, X)
    with renamed({"V": "value_added"}):
        ex = model.extraction(Z, X, f, S, V, z_name="flows", x_name="total_output", f_name="final_demand")
    table = ex.table()
    rows = [[k] + table[EXTRACTION_KINDS.index(k)].tolist() for k in which]
    return cells.to_excel([_EXTRACTION_HEADER] + rows, name="flows")


def _match_code(code: str) -> str:
    """Codes match as numbers when they are all digits ("039" = "39"), else as text."""
    return str(int(code)) if code.isdecimal() else code


def _mapping_pairs(mapping) -> list[tuple[str, str]]:
    """(code, group) pairs from a two-column range (or two rows); rows blank in both cells are skipped."""
    rows = mapping.tolist() if isinstance(mapping, np.ndarray) else mapping
    if not isinstance(rows, (list, tuple)) or not rows or not all(isinstance(r, (list, tuple)) for r in rows):
        raise IIEInputError("mapping", "must be a two-column range: sector code, group")
    widths = {len(r) for r in rows}
    if widths == {2}:
        grid, cell = rows, (lambda i, j: (i + 1, j + 1))
    elif len(rows) == 2 and len(widths) == 1:
        grid, cell = list(zip(*rows)), (lambda i, j: (j + 1, i + 1))
    else:
        raise IIEInputError("mapping", "must be a two-column range: sector code, group")
    pairs = []
    for i, (code, group) in enumerate(grid):
        c, g = sector_code("mapping", code, cell(i, 0)), label("mapping", group, cell(i, 1))
        if c is None and g is None:
            continue
        if c is None or g is None:
            raise IIEInputError("mapping", f"{where(cell(i, 0 if c is None else 1))}is blank")
        pairs.append((_match_code(c), g))
    if not pairs:
        raise IIEInputError("mapping", "holds no (sector code, group) pair")
    return pairs


@excel_function(
    args=(("flows", "Square range: the flow table Z to aggregate, or a row or column of n values (outputs, final "
                    "demand, value added). Blank cells count as 0."),
          ("codes", "Row or column of the n sector codes, in the order of flows (codes of digits match as "
                    "numbers: 039 = 39)."),
          ("mapping", "Two-column range: sector code, group (e.g. the 149 → 42 concordance); codes not in the "
                      "table are ignored."),
          ("labels", "Optional FALSE for the bare k×k table (to feed other functions); TRUE labels rows and "
                     "columns with the groups. Default TRUE.")),
    ranges=("flows", "codes", "mapping"),
    returns="(k+1)×(k+1) table: groups along the top row and down the first column; a vector gives k×2 "
            "[group, sum]; with labels FALSE the k×k table (k×1 column)",
    formula="s_gi = 1 if sector i belongs to group g; Z_agg = S Z Sᵀ, x_agg = S x (groups in order of first "
            "appearance; every total preserved)",
    example=(EXAMPLE_Z, ["01", "02", "03"], [["01", "A"], ["02", "B"], ["03", "B"]]),
)
def IO_AGGREGATE(flows, codes, mapping, labels=True):
    """Aggregate an IO table (or a vector by sector) by a concordance of sector codes to groups; totals preserved."""
    M = cells.to_matrix("flows", flows)
    vector = M.shape[0] != M.shape[1]
    if vector and 1 not in M.shape:
        raise IIEInputError("flows", f"must be square or a single row or column, got {M.shape[0]}×{M.shape[1]}")
    n = M.size if vector else M.shape[0]
    names = cells.to_codes("codes", codes, n, against=("flows", M.shape))
    blank = [i for i, c in enumerate(names) if c is None]
    if blank:
        raise IIEInputError("codes", f"item {blank[0] + 1} is blank")
    pairs = _mapping_pairs(mapping)
    show = cells.to_bool("labels", labels, True)
    con = model.concordance([_match_code(c) for c in names], pairs)
    groups = list(con.groups)
    if vector:
        out = con.vector(M.reshape(-1), name="flows")
        return cells.to_excel([[g, float(v)] for g, v in zip(groups, out)] if show else out, name="flows")
    out = con.table(M, name="flows")
    if not show:
        return cells.to_excel(out, name="flows")
    return cells.to_excel([[None] + groups] + [[g] + r for g, r in zip(groups, out.tolist())], blanks=True,
                          name="flows")


def _ras_result(b: model.Balanced, what: str, tol: float):
    if what == "flows":
        return cells.to_excel(b.table, name="flows")
    if what == "row_factors":
        return cells.to_excel(b.r, name="flows")
    if what == "col_factors":
        return cells.to_excel(b.s, name="flows")
    if what == "report":
        return cells.to_excel([["method", b.method], ["iterations", b.iterations], ["max_error", b.max_error]],
                              name="flows")
    note = f"{b.method}: {b.iterations} iterations, max error {b.max_error:.2g} (tol {tol:g})"
    rows = b.table.tolist() + [[note] + [None] * (b.table.shape[1] - 1)]
    return cells.to_excel(rows, blanks=True, name="flows")


@excel_function(
    args=(("flows", "Range: the base table Z⁰ (any shape; RAS needs no negative entries). Blank cells count as 0."),
          ("row_totals", "Row or column of the new row sums u, one per row of flows."),
          ("col_totals", "Row or column of the new column sums v, one per column of flows (Σv = Σu)."),
          ("max_iter", f"Optional largest number of iterations (a whole number ≥ 1). {default_text(RAS_MAX_ITER)}"),
          ("tol", f"Optional tolerance: the largest margin gap relative to the largest total. "
                  f"{default_text(RAS_TOL)}"),
          ("method", f"Optional: \"ras\" or \"gras\" (tables with negative entries; every sign is kept). "
                     f"{default_text(RAS_METHODS[0])}"),
          ("result", 'Optional: "table" (default: the new table and a last row saying iterations and error), '
                     '"flows" (the table only), "report" (3×2), "row_factors" (r) or "col_factors" (s).')),
    ranges=("flows", "row_totals", "col_totals"),
    returns='the updated table plus one trailing row "RAS: k iterations, max error e (tol t)"; "flows" the table; '
            '"report" [["method", …], ["iterations", k], ["max_error", e]]; factors as a column',
    formula="RAS: Z = r̂ Z⁰ ŝ with Z 1 = u, 1'Z = v' (r, s alternately); GRAS: Z = r̂ P ŝ − r̂⁻¹ N ŝ⁻¹, "
            "Z⁰ = P − N; error = max |margin − target| / max |target| ≤ tol, else an error naming max_iter",
    example=([[3.0, 4.0, 2.0], [7.0, 4.0, 3.0]], [10.0, 12.0], [4.0, 10.0, 8.0]),
)
def RAS_UPDATE(flows, row_totals, col_totals, max_iter=RAS_MAX_ITER, tol=RAS_TOL, method=RAS_METHODS[0],
               result="table"):
    """Bring a base table to new row and column totals by RAS, or GRAS for tables with negative entries."""
    Z0 = cells.to_matrix("flows", flows)
    u = cells.to_vector("row_totals", row_totals, Z0.shape[0], against=("flows", Z0.shape))
    v = cells.to_vector("col_totals", col_totals, Z0.shape[1], against=("flows", Z0.shape))
    it = cells.to_int("max_iter", max_iter, RAS_MAX_ITER, minimum=1)
    eps = cells.to_scalar("tol", tol, RAS_TOL)
    how = cells.to_text("method", method, RAS_METHODS[0], choices=RAS_METHODS)
    what = cells.to_text("result", result, "table", choices=_RAS_RESULTS)
    update = model.gras if how == "gras" else model.ras
    b = update(Z0, u, v, max_iter=it, tol=eps, z_name="flows", u_name="row_totals", v_name="col_totals")
    return _ras_result(b, what, eps)


_UNCERTAINTY_NAMES = {"W": "weights", "G": "grades", "R": "expert_counts", "counts": "expert_counts",
                      "S": "expert_counts", "A": "flows", "X": "total_output", "V": "value_added"}


@excel_function(
    args=(("expert_counts", "Range (m·p)×g: expert votes (criteria × grades) of each related sector, stacked "
                            "sector by sector in the order of related. Blank cells count as 0."),
          ("weights", "Row or column of p criterion weights in [0, 1] summing to 1."),
          ("grades", "Row or column of g grade values in [0, 1] (e.g. 0.9, 0.7, 0.5, 0.3, 0.1)."),
          ("flows", _FLOWS), ("total_output", _OUTPUT),
          ("related", "Row or column of the m related sectors' 1-based positions, in the order of expert_counts."),
          ("value_added", _VA),
          ("draws", f"Optional number of resampled panels (1 to {UNCERTAINTY_MAX_DRAWS:,}). "
                    f"{default_text(UNCERTAINTY_DRAWS)}"),
          ("seed", f"Optional seed of the random numbers (a whole number ≥ 0): the same seed gives the same "
                   f"band. {default_text(UNCERTAINTY_SEED)}"),
          ("quantiles", f"Optional probabilities in [0, 1]. {default_text(UNCERTAINTY_QUANTILES)}"),
          ("operator", f"Optional fuzzy operator: {_choices(OPERATORS)}. {default_text(OPERATORS[0])}"),
          ("method", f"Optional: \"multinomial\" (the panel re-polled) or \"dirichlet\" (Bayesian bootstrap). "
                     f"{default_text(UNCERTAINTY_METHODS[0])}")),
    ranges=("expert_counts", "weights", "grades", "flows", "total_output", "related", "value_added", "quantiles"),
    returns='table with a header row ["quantile", "direct", "penetration", "total"], one row per quantile, '
            'then a row "point" with the estimate from the observed votes',
    formula="per draw: votes n*_kc ~ Multinomial(n_kc, shares) (or R* ~ Dirichlet(n_kc)); S*_k = B*_k · G; "
            "direct = Σ S*_k V_k; penetration = Σ_i dz*_i (augmented model, one LU of I − A); quantiles over draws",
    example=([[3, 5, 2], [1, 6, 3], [0, 4, 6], [2, 2, 6]], [0.6, 0.4], [0.9, 0.5, 0.1], MB_Z, MB_X, [1, 2],
             None, 200, 1),
)
def IIE_UNCERTAINTY(expert_counts, weights, grades, flows, total_output, related, value_added=None,
                    draws=UNCERTAINTY_DRAWS, seed=UNCERTAINTY_SEED, quantiles=UNCERTAINTY_QUANTILES,
                    operator=OPERATORS[0], method=UNCERTAINTY_METHODS[0]):
    """Uncertainty band of direct, penetration and total IIE value added from resampling the expert panel."""
    counts = cells.to_matrix("expert_counts", expert_counts)
    W = cells.to_vector("weights", weights)
    G = cells.to_vector("grades", grades)
    if counts.shape[1] != len(G):
        raise IIEInputError("grades", f"{len(G)} grade values, but expert_counts has {counts.shape[1]} columns")
    Z, X = _table(flows, total_output)
    k = _positions("related", related, Z.shape[0], empty=False)
    V = _value_added(value_added, Z, X)
    n_draws = cells.to_int("draws", draws, UNCERTAINTY_DRAWS, minimum=1)
    rng_seed = cells.to_int("seed", seed, UNCERTAINTY_SEED, minimum=0)
    q = UNCERTAINTY_QUANTILES if absent(quantiles) else cells.to_vector("quantiles", quantiles)
    op = cells.to_text("operator", operator, OPERATORS[0], choices=OPERATORS)
    how = cells.to_text("method", method, UNCERTAINTY_METHODS[0], choices=UNCERTAINTY_METHODS)
    with renamed(_UNCERTAINTY_NAMES):
        A = model.calc_A(Z, X, z_name="flows", x_name="total_output")
        u = model.iie_uncertainty(counts, W, G, A, X, k, V, operator=op, draws=n_draws, seed=rng_seed,
                                  quantiles=q, method=how)
    rows = u.table().tolist() + [["point"] + u.point.tolist()]
    return cells.to_excel([_UNCERTAINTY_HEADER] + rows, name="flows")
