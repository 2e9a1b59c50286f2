"""The Excel function of the fuzzy comprehensive evaluation (METHOD.md §6): FUZZY_EVAL.

It turns expert ratings of one related sector into its IIE coefficient S_k; the operator
defaults to the first of :data:`iiecon_xl.parameters.OPERATORS`.
"""

from __future__ import annotations

from .. import model
from ..errors import IIEInputError
from ..parameters import OPERATORS
from . import cells
from .arguments import renamed
from .registry import excel_function

_DEFAULT = OPERATORS[0]
_MEANING = {"weighted": "M(·,+): B = W·R", "minmax": "M(∧,∨)"}


def _operator_help() -> str:
    first, *rest = OPERATORS
    others = " or ".join(f'"{op}" ({_MEANING[op]})' for op in rest)
    return f'Optional: "{first}" (default, {_MEANING[first]}) or {others}.'


@excel_function(
    args=(("counts_or_membership", "Range p×g: expert counts (criteria × grades) or a membership matrix; "
                                   "each row is divided by its total."),
          ("weights", "Row or column of p criterion weights in [0, 1] summing to 1."),
          ("grades", "Row or column of g grade values in [0, 1] (e.g. 0.9, 0.7, 0.5, 0.3, 0.1)."),
          ("operator", _operator_help())),
    ranges=("counts_or_membership", "weights", "grades"),
    returns="scalar S_k",
    formula="R = counts / row totals; b = W·R (weighted) or b_g = max_c min(w_c, r_cg) (minmax); "
            "B = b / Σ b; S = B · G",
    example=([[3, 5, 2, 0, 0], [1, 4, 4, 1, 0], [0, 2, 5, 2, 1]], [0.5, 0.3, 0.2], [0.9, 0.7, 0.5, 0.3, 0.1]),
)
def FUZZY_EVAL(counts_or_membership, weights, grades, operator=_DEFAULT):
    """Fuzzy comprehensive evaluation S = B · G of one related sector from expert ratings."""
    name = "counts_or_membership"
    counts = cells.to_matrix(name, counts_or_membership)
    p, g = counts.shape
    W = cells.to_vector("weights", weights)
    if len(W) != p:
        raise IIEInputError("weights", f"{len(W)} weights, but {name} has {p} criteria (rows)")
    G = cells.to_vector("grades", grades)
    if len(G) != g:
        raise IIEInputError("grades", f"{len(G)} grade values, but {name} has {g} grades (columns)")
    op = cells.to_text("operator", operator, _DEFAULT, choices=OPERATORS)
    with renamed({"counts": name, "R": name, "W": "weights", "G": "grades"}):
        R = model.membership(counts, name=name)
        _, S = model.fuzzy_evaluate(W, R, G, op)
    return cells.to_excel(S, name=name)
