"""Cobb-Douglas fit, TFP γ_t and the technology multiplier μ_t (METHOD.md §3).

Oracles: ``numpy.linalg.lstsq`` on the design matrix [1, ln K, ln L] with textbook OLS
standard errors s²(XᵀX)⁻¹ and R² = 1 − RSS/TSS written out here, and statsmodels OLS
fitted directly on the same numbers. The data are simulated from known parameters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from iiecon_xl.errors import IIEInputError
from iiecon_xl.model import fit_cobb_douglas, multiplier, tfp

WINDOW = (2007, 2016)


def simulate(seed: int, lnA=0.3, alpha=0.4, beta=0.6, noise=0.02, years=range(2007, 2017)):
    """ln Y = lnA + α ln K + β ln L + ε with growing K and L (no collinearity)."""
    rng = np.random.default_rng(seed)
    years = list(years)
    t = np.arange(len(years))
    lnK = 3.0 + 0.12 * t + rng.normal(0, 0.05, len(years))
    lnL = 6.0 + 0.01 * t + rng.normal(0, 0.02, len(years))
    lnY = lnA + alpha * lnK + beta * lnL + rng.normal(0, noise, len(years))
    idx = pd.Index(years, name="year")
    return (pd.Series(np.exp(lnY), idx), pd.Series(np.exp(lnK), idx), pd.Series(np.exp(lnL), idx))


def ols_by_hand(y, X):
    """β̂ by lstsq; se = sqrt(diag(s² (XᵀX)⁻¹)), s² = RSS/(n − k); R² = 1 − RSS/TSS."""
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ coef
    n, k = X.shape
    s2 = resid @ resid / (n - k)
    se = np.sqrt(np.diag(s2 * np.linalg.inv(X.T @ X)))
    r2 = 1.0 - (resid @ resid) / ((y - y.mean()) @ (y - y.mean()))
    return coef, se, r2


@pytest.mark.parametrize("seed", [0, 1, 2017])
def test_fit_matches_lstsq_and_statsmodels(seed):
    """The fit over 2007–2016 is plain OLS of ln Y on (1, ln K, ln L): parameters, standard
    errors and R² equal the hand OLS (lstsq + formulas) and statsmodels' to 1e-10."""
    Y, K, L = simulate(seed)
    fit = fit_cobb_douglas(Y, K, L, WINDOW)
    X = np.column_stack([np.ones(len(Y)), np.log(K), np.log(L)])
    coef, se, r2 = ols_by_hand(np.log(Y).to_numpy(), X)
    got = np.array([fit.lnA, fit.alpha, fit.beta])
    np.testing.assert_allclose(got, coef, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose([fit.se_lnA, fit.se_alpha, fit.se_beta], se, rtol=1e-10)
    assert fit.r2 == pytest.approx(r2, rel=1e-10)
    res = sm.OLS(np.log(Y).to_numpy(), X).fit()
    np.testing.assert_allclose(got, res.params, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose([fit.se_lnA, fit.se_alpha, fit.se_beta], res.bse, rtol=1e-10)
    assert fit.r2 == pytest.approx(res.rsquared, rel=1e-10)
    assert fit.nobs == 10 and fit.window == WINDOW and not fit.constant_returns
    assert fit.A == pytest.approx(np.exp(coef[0]), rel=1e-10)


def test_fit_recovers_true_parameters_with_little_noise():
    """With noise σ = 1e-4 the estimates are close to the simulated 0.3, 0.4, 0.6 and
    R² ≈ 1; no warning, since both elasticities lie in (0, 1)."""
    Y, K, L = simulate(7, noise=1e-4)
    fit = fit_cobb_douglas(Y, K, L, WINDOW)
    assert fit.alpha == pytest.approx(0.4, abs=0.01)
    assert fit.beta == pytest.approx(0.6, abs=0.05)
    assert fit.r2 > 0.999
    assert fit.warnings == ()


def test_fit_uses_only_the_window():
    """Years outside the window (here 2017–2020 with wildly different Y) must not move the
    fit: it equals lstsq on 2007–2016 alone."""
    Y, K, L = simulate(3, years=range(2007, 2021))
    Y.loc[2017:] *= 50.0
    fit = fit_cobb_douglas(Y, K, L, WINDOW)
    sub = slice(2007, 2016)
    X = np.column_stack([np.ones(10), np.log(K.loc[sub]), np.log(L.loc[sub])])
    coef, *_ = np.linalg.lstsq(X, np.log(Y.loc[sub]).to_numpy(), rcond=None)
    np.testing.assert_allclose([fit.lnA, fit.alpha, fit.beta], coef, rtol=1e-10, atol=1e-10)
    assert fit.nobs == 10


def test_constant_returns_variant():
    """α + β = 1 turns the model into ln(Y/L) = ln A + α ln(K/L): lstsq of ln(Y/L) on
    (1, ln(K/L)), β = 1 − α, and β's standard error is α's (β is a linear function of α)."""
    Y, K, L = simulate(11)
    fit = fit_cobb_douglas(Y, K, L, WINDOW, constant_returns=True)
    X = np.column_stack([np.ones(10), np.log(K / L)])
    coef, se, r2 = ols_by_hand(np.log(Y / L).to_numpy(), X)
    np.testing.assert_allclose([fit.lnA, fit.alpha], coef, rtol=1e-10, atol=1e-10)
    assert fit.beta == pytest.approx(1.0 - coef[1], rel=1e-12)
    np.testing.assert_allclose([fit.se_lnA, fit.se_alpha], se, rtol=1e-10)
    assert fit.se_beta == pytest.approx(se[1], rel=1e-10)
    assert fit.r2 == pytest.approx(r2, rel=1e-10)
    assert fit.constant_returns


def test_warning_when_alpha_leaves_unit_interval():
    """Data simulated with α = 1.3 (β = 0.6) give α̂ ≈ 1.3 > 1: METHOD.md §3 asks for a
    warning naming α, and none for β, which stays inside (0, 1)."""
    Y, K, L = simulate(5, alpha=1.3, beta=0.6, noise=1e-3)
    fit = fit_cobb_douglas(Y, K, L, WINDOW)
    assert fit.alpha == pytest.approx(1.3, abs=0.05)
    assert len(fit.warnings) == 1
    assert fit.warnings[0].startswith("alpha")
    assert "outside (0, 1)" in fit.warnings[0]


def test_warning_when_beta_negative():
    """Simulated β = −0.5 (α = 0.4): only β leaves (0, 1), so one warning naming β."""
    Y, K, L = simulate(6, alpha=0.4, beta=-0.5, noise=1e-4)
    fit = fit_cobb_douglas(Y, K, L, WINDOW)
    assert fit.beta < 0
    assert [w.split(" ")[0] for w in fit.warnings] == ["beta"]


def test_parameter_table():
    """``table()`` lists lnA, α, β, A = e^{lnA}, R², nobs; A's standard error is by the delta
    method, se(A) = A · se(lnA) (d e^x / dx = e^x)."""
    Y, K, L = simulate(8)
    fit = fit_cobb_douglas(Y, K, L, WINDOW)
    tab = fit.table()
    assert list(tab.index) == ["lnA", "alpha", "beta", "A", "R2", "nobs"]
    assert tab.loc["A", "estimate"] == pytest.approx(np.exp(fit.lnA), rel=1e-14)
    assert tab.loc["A", "std_error"] == pytest.approx(np.exp(fit.lnA) * fit.se_lnA, rel=1e-14)
    assert tab.loc["nobs", "estimate"] == 10


def test_tfp_and_multiplier_by_hand():
    """γ_t = Y_t / (A K_t^α L_t^β), recomputed here with the fitted A, α, β; μ_t = γ_t/γ_{t−1};
    the first year has no predecessor, so μ is NaN there."""
    Y, K, L = simulate(9, years=range(2007, 2021))
    fit = fit_cobb_douglas(Y, K, L, WINDOW)
    gamma = tfp(fit, Y, K, L)
    hand = [Y[t] / (np.exp(fit.lnA) * K[t] ** fit.alpha * L[t] ** fit.beta) for t in range(2007, 2021)]
    assert list(gamma.index) == list(range(2007, 2021))
    np.testing.assert_allclose(gamma.to_numpy(), hand, rtol=1e-12)
    mu = multiplier(gamma)
    assert np.isnan(mu[2007])
    for t in range(2008, 2021):
        assert mu[t] == pytest.approx(hand[t - 2007] / hand[t - 2008], rel=1e-12)


def test_multiplier_known_values_and_gap():
    """γ = 1.00, 1.05, 1.05·1.02 (2017–2019) gives μ = NaN, 1.05, 1.02; a missing year
    (2021 without 2020) has no γ_{t−1}, so μ_2021 is NaN rather than γ_2021/γ_2019."""
    gamma = pd.Series({2017: 1.0, 2018: 1.05, 2019: 1.05 * 1.02, 2021: 1.2})
    mu = multiplier(gamma)
    assert np.isnan(mu[2017]) and np.isnan(mu[2021])
    assert mu[2018] == pytest.approx(1.05, rel=1e-15)
    assert mu[2019] == pytest.approx(1.02, rel=1e-15)


def test_too_few_years_names_window():
    """Three parameters need at least 4 years (one degree of freedom); a 3-year window
    2007–2009 is refused with a message naming ``window``."""
    Y, K, L = simulate(10)
    with pytest.raises(IIEInputError, match=r"^window: too few years"):
        fit_cobb_douglas(Y, K, L, (2007, 2009))
    # constant returns needs 3: the same window is enough there
    fit = fit_cobb_douglas(Y, K, L, (2007, 2009), constant_returns=True)
    assert fit.nobs == 3
