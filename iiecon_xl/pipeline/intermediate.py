"""The intermediate tables an auditor needs: base-year sector results, the related sectors and
their shares S, the production-function estimates and the multipliers."""

from __future__ import annotations

import pandas as pd

from ..inputs import Inputs
from .base_year import BaseYear
from .production import Multipliers
from .report import TableSet


def sectors_table(tables: TableSet, inputs: Inputs, base: BaseYear) -> None:
    pen = base.pen
    sectors = pd.DataFrame({
        "code": base.codes, "name_zh": inputs.io.sectors["name_zh"].to_numpy(), "section": base.section.to_numpy(),
        "industry": base.industry.to_numpy(), "S": 0.0, "total_output": base.X, "intermediate_input": base.M, "value_added": base.V,
        "direct": base.direct, "dY": pen.dY, "lambda": pen.lam, "dz": pen.dz, "masked": pen.masked})
    sectors.loc[base.k, "S"] = base.S
    year = inputs.params.base_year
    tables.add("sectors", f"{year}年部门测算结果", f"Sector results, base year {year}", sectors)


def related_table(tables: TableSet, inputs: Inputs, base: BaseYear) -> None:
    fuzzy = base.shares.reset_index()[["code", "S", "B"]]
    fuzzy.insert(1, "name_zh", [inputs.io.sectors.at[c, "name_zh"] for c in fuzzy["code"]])
    tables.add("related", "关联部门与关联系数（模糊综合评价）", "Related sectors and IIE shares (fuzzy evaluation)",
               fuzzy, unit="")


def production_tables(tables: TableSet, mult: Multipliers) -> None:
    """The Cobb-Douglas estimates over the fit window, then γ_t and μ_t by year."""
    fit, gamma = mult.fit, mult.gamma
    tables.add("production", f"生产函数估计（{fit.window[0]}–{fit.window[1]}）",
               f"Cobb-Douglas fit {fit.window[0]}–{fit.window[1]}" + (" (constant returns)" if fit.constant_returns else ""),
               fit.table().reset_index(), unit="")
    mult_frame = pd.DataFrame({"year": gamma.index.astype(int), "gamma": gamma.to_numpy(),
                               "mu": mult.mu.reindex(gamma.index).to_numpy()})
    for k in ("Y", "K", "L"):  # the series the fit used, a blank year extrapolated (§4), and its flag
        mult_frame[k] = mult.macro[k].reindex(gamma.index).to_numpy()
    for k in ("Y", "K", "L"):
        mult_frame[f"{k}_flag"] = mult.macro_flags[k].reindex(gamma.index).to_numpy()
    tables.add("multipliers", "技术水平与技术乘数（及所用 Y、K、L）",
               "Technology level γ and multiplier μ (with the Y, K, L used)", mult_frame, unit="")
