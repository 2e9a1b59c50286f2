"""Fuzzy comprehensive evaluation (METHOD.md §6) and growth / CAGR / shares (§8, §9).

Oracles: a fuzzy evaluation worked by hand in the docstrings (10 experts, 3 criteria,
5 grades) and the report's published growth figures quoted in METHOD.md §9.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iiecon_xl.errors import IIEInputError
from iiecon_xl.model import cagr, fuzzy_evaluate, growth, membership, share, span_growth

# 10 experts rate one related sector on 3 criteria, grades very strong … very weak.
COUNTS = np.array([[3, 4, 2, 1, 0],
                   [2, 3, 3, 1, 1],
                   [1, 2, 4, 2, 1]])
W = np.array([0.5, 0.3, 0.2])
G = np.array([0.9, 0.7, 0.5, 0.3, 0.1])


def test_membership_from_counts():
    """R_cg = n_cg / Σ_g n_cg: each row of COUNTS has 10 experts, so R = COUNTS / 10; rows
    with different totals are each divided by their own ((1, 1) → ½, ½; (3, 1) → ¾, ¼)."""
    np.testing.assert_allclose(membership(COUNTS), COUNTS / 10.0, rtol=1e-15)
    np.testing.assert_allclose(membership([[1, 1], [3, 1]]), [[0.5, 0.5], [0.75, 0.25]], rtol=1e-15)


def test_weighted_operator_worked_example():
    """M(·,+): b_g = Σ_c w_c r_cg with W = (0.5, 0.3, 0.2) and R = COUNTS/10:

    b1 = .5·.3 + .3·.2 + .2·.1 = .23     b2 = .5·.4 + .3·.3 + .2·.2 = .33
    b3 = .5·.2 + .3·.3 + .2·.4 = .27     b4 = .5·.1 + .3·.1 + .2·.2 = .12
    b5 = .5·0  + .3·.1 + .2·.1 = .05     Σ b = 1 (already normalised)
    S = .23·.9 + .33·.7 + .27·.5 + .12·.3 + .05·.1 = .207 + .231 + .135 + .036 + .005 = .614.
    """
    B, S = fuzzy_evaluate(W, membership(COUNTS), G)
    np.testing.assert_allclose(B, [0.23, 0.33, 0.27, 0.12, 0.05], rtol=1e-13)
    assert S == pytest.approx(0.614, rel=1e-13)


def test_minmax_operator_worked_example():
    """M(∧,∨): b_g = max_c min(w_c, r_cg):

    g1: max(min(.5,.3), min(.3,.2), min(.2,.1)) = .3     g2: max(.4, .3, .2) = .4
    g3: max(.2, .3, .2) = .3     g4: max(.1, .1, .2) = .2     g5: max(0, .1, .1) = .1
    Σ b = 1.3, so B = (3, 4, 3, 2, 1)/13 and S = (2.7 + 2.8 + 1.5 + 0.6 + 0.1)/13 = 7.7/13.
    """
    B, S = fuzzy_evaluate(W, membership(COUNTS), G, operator="minmax")
    np.testing.assert_allclose(B, np.array([3, 4, 3, 2, 1]) / 13, rtol=1e-13)
    assert S == pytest.approx(7.7 / 13, rel=1e-13)


def test_unanimous_experts_give_the_grade_value():
    """If every expert picks grade 2 on every criterion, B = e_2 and S = G_2 = 0.7 under both
    operators (min(w_c, 1) = w_c, max_c w_c > 0, then normalised to 1)."""
    R = np.zeros((3, 5))
    R[:, 1] = 1.0
    for op in ("weighted", "minmax"):
        B, S = fuzzy_evaluate(W, R, G, operator=op)
        np.testing.assert_allclose(B, [0, 1, 0, 0, 0], atol=1e-15)
        assert S == pytest.approx(0.7, rel=1e-15)


def test_unknown_operator():
    """Only the two operators of METHOD.md §6 exist; anything else names ``operator``."""
    with pytest.raises(IIEInputError, match=r"^operator: unknown operator"):
        fuzzy_evaluate(W, membership(COUNTS), G, operator="max-product")


# --------------------------------------------------------------------------- growth

def test_published_cagr_2020_2024():
    """METHOD.md §9: the total grew 41.09 % from 2020 to 2024, so CAGR = 1.4109^(1/4) − 1
    = 1.187813…^(1/2) − 1 = 0.089868… ≈ 8.99 %, the report's figure."""
    s = pd.Series({2020: 100.0, 2021: 110.0, 2022: 118.0, 2023: 132.0, 2024: 141.09})
    assert span_growth(s, 2020, 2024) == pytest.approx(0.4109, rel=1e-12)
    c = cagr(s, 2020, 2024)
    assert c == pytest.approx(1.4109 ** 0.25 - 1, rel=1e-12)
    assert round(c * 100, 2) == 8.99


def test_published_yearly_growth_2024():
    """METHOD.md §9: total 5.01 万亿 in 2024 at +6.45 % implies 2023 = 5.01/1.0645; growth()
    must return 0.0645 for 2024 and NaN for the first year. Core 1.53 + penetration 3.48 =
    5.01, and penetration ≈ 2.3 × core (3.48/1.53 = 2.27)."""
    s = pd.Series({2024: 5.01, 2023: 5.01 / 1.0645})  # unsorted on purpose
    g = growth(s)
    assert list(g.index) == [2023, 2024]
    assert np.isnan(g[2023])
    assert g[2024] == pytest.approx(0.0645, rel=1e-12)
    assert 1.53 + 3.48 == pytest.approx(5.01)
    assert round(3.48 / 1.53, 1) == 2.3


def test_growth_with_a_missing_year():
    """g_t needs x_{t−1}: with 2022 absent, 2023's growth is NaN (not x_2023/x_2021 − 1)."""
    g = growth(pd.Series({2020: 1.0, 2021: 1.1, 2023: 1.3}))
    assert g[2021] == pytest.approx(0.1, rel=1e-12)
    assert np.isnan(g[2020]) and np.isnan(g[2023])


def test_share():
    """share = part / whole: 2024 total 5.01 万亿 at 3.81 % of GDP ⇒ GDP ≈ 131.5 万亿."""
    assert share(5.01, 5.01 / 0.0381) == pytest.approx(0.0381, rel=1e-12)


def test_span_errors():
    """A span needs both years in the series (``span``) and end after start for a CAGR."""
    s = pd.Series({2020: 1.0, 2024: 2.0})
    with pytest.raises(IIEInputError, match=r"^span: years 2019–2024"):
        span_growth(s, 2019, 2024)
    with pytest.raises(IIEInputError, match=r"^span: end year 2020 must come after"):
        cagr(s, 2024, 2020)
