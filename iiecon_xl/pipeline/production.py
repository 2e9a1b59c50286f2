"""Stage 3, the production function (METHOD.md §3, §2.7): the Cobb-Douglas fit, the technology
level γ_t, the multipliers μ_t and the penetration rates carried forward, p_s(t) = p_s(t−1) μ_t."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .. import model
from ..model.extrapolate import OBSERVED
from ..inputs import Inputs
from ..tables import input_note


@dataclass
class Multipliers:
    fit: model.CobbDouglasFit
    gamma: pd.Series            # technology level γ_t
    mu: pd.Series               # multiplier μ_t
    p_t: pd.DataFrame           # section × report year penetration rates
    macro: pd.DataFrame         # year × Y, K, L the fit used (a blank year extrapolated, §4)
    macro_flags: pd.DataFrame   # year × Y, K, L: "observed" / "extrapolated" / "interpolated"


def multipliers(inputs: Inputs, p0: pd.Series, warnings: list[str], say: Callable[[str], None]) -> Multipliers:
    """Fill gaps of Y/K/L by extrapolation (warned), fit, and extend the base-year rates ``p0``."""
    P = inputs.params
    say("production function (OLS) and technology multipliers")
    macro = inputs.macro.astype(float).sort_index()
    flags = pd.DataFrame(OBSERVED, index=macro.columns, columns=macro.index)
    if macro.isna().any().any():
        filled, flags = model.extrapolate_rows(macro.T, P.extrapolation_window, name="macro")
        macro = filled.T
        warnings += [input_note("macro", c, t, flags.at[c, t]) for c in flags.index for t in flags.columns
                     if flags.at[c, t] != "observed"]
    fit = model.fit_cobb_douglas(macro["Y"], macro["K"], macro["L"], P.fit_window,
                                 constant_returns=P.constant_returns)
    warnings += [f"生产函数 Production ({fit.window[0]}–{fit.window[1]}): {w}" for w in fit.warnings]
    gamma = model.tfp(fit, macro["Y"], macro["K"], macro["L"])
    mu = model.multiplier(gamma)
    p_t = model.extend_rates(p0, mu, P.base_year, inputs.years)
    return Multipliers(fit=fit, gamma=gamma, mu=mu, p_t=p_t, macro=macro, macro_flags=flags.T)
