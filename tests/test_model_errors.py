"""Bad input, class by class: every check raises ``IIEInputError`` whose message starts with
the name of the offending argument (iiecon_xl/errors.py: "the message names the argument
and what is wrong with it"). The Excel layer shows that message in a cell and tests match
on it, so each test pins the argument name with ``match="^name: ..."``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iiecon_xl.errors import IIEInputError
from iiecon_xl.model import (LeontiefSolver, allocate_by_industry, allocate_to_cities, augment, calc_A, calc_L,
                             check_productive, city_index, city_tier, direct_total, eta, extend_rates,
                             fit_cobb_douglas, fuzzy_evaluate, linear_extrapolate, membership, penetration,
                             region_totals, section_rates, sum_by_section, tier_table)

A2 = np.array([[0.15, 0.25], [0.20, 0.05]])   # Miller & Blair §2.3, productive
X2 = np.array([1000.0, 2000.0])


def test_error_class_is_a_value_error():
    """``IIEInputError`` subclasses ValueError (callers that catch ValueError keep working)
    and carries the argument and the problem separately."""
    assert issubclass(IIEInputError, ValueError)
    e = IIEInputError("X", "148 values, but Z is 149×149")
    assert str(e) == "X: 148 values, but Z is 149×149"
    assert e.argument == "X" and e.problem == "148 values, but Z is 149×149"


# --------------------------------------------------------------------------- coefficients

def test_non_square_Z():
    """z_ij is sector i → sector j: Z must be square."""
    with pytest.raises(IIEInputError, match=r"^Z: must be square, got 2×3"):
        calc_A(np.ones((2, 3)), [1.0, 1.0])


def test_X_of_wrong_length():
    """One output per sector: 148 outputs for a 149-sector Z is named as such."""
    with pytest.raises(IIEInputError, match=r"^X: 148 values, but Z is 149×149$"):
        calc_A(np.ones((149, 149)), np.ones(148))


@pytest.mark.parametrize("bad, kind, where", [(np.nan, "NaN", r"\(1, 2\)"), (np.inf, "infinite", r"\(1, 2\)")])
def test_non_finite_Z(bad, kind, where):
    """A missing (NaN) or infinite flow is reported with its 1-based position (row 1, column 2)."""
    Z = np.ones((3, 3))
    Z[0, 1] = bad
    with pytest.raises(IIEInputError, match=rf"^Z: 1 missing or infinite value\(s\), first {kind} at position {where}"):
        calc_A(Z, [10.0, 10.0, 10.0])


def test_negative_X():
    """Outputs cannot be negative; the first offender is named (−2 at position 2)."""
    with pytest.raises(IIEInputError, match=r"^X: 1 negative value\(s\), first -2 at position \(2,\)"):
        calc_A(np.ones((2, 2)), [1.0, -2.0])


def test_negative_Z():
    """Flows cannot be negative either."""
    Z = np.ones((2, 2))
    Z[1, 0] = -5.0
    with pytest.raises(IIEInputError, match=r"^Z: 1 negative value"):
        calc_A(Z, [10.0, 10.0])


def test_text_in_Z():
    """Cells that are not numbers (e.g. text pasted from a workbook) name Z."""
    with pytest.raises(IIEInputError, match=r"^Z: must hold numbers only"):
        calc_A([["1", "x"], ["2", "3"]], [10.0, 10.0])


# --------------------------------------------------------------------------- augmentation / penetration

@pytest.mark.parametrize("S", [[1.2], [-0.1]])
def test_S_outside_unit_interval(S):
    """S_k is a share of sector k's output: it must lie in [0, 1] (METHOD.md §0)."""
    with pytest.raises(IIEInputError, match=r"^S: coefficients must lie in \[0, 1\]"):
        augment(A2, X2, [0], S)
    with pytest.raises(IIEInputError, match=r"^S: coefficients must lie in \[0, 1\]"):
        penetration(A2, X2, [0], S)


def test_related_position_duplicated():
    """A sector split twice would be counted twice: a repeated related position is refused."""
    with pytest.raises(IIEInputError, match=r"^related: a sector is listed more than once"):
        augment(A2, X2, [1, 1], [0.1, 0.2])
    with pytest.raises(IIEInputError, match=r"^related: a sector is listed more than once"):
        direct_total(X2, [350.0, 600.0], [1, 1], [0.1, 0.2])


def test_related_position_out_of_range_and_S_length():
    """Positions are 0-based into n sectors, and there is one S per related sector."""
    with pytest.raises(IIEInputError, match=r"^related: sector position out of range 0\.\.1"):
        augment(A2, X2, [2], [0.1])
    with pytest.raises(IIEInputError, match=r"^S: 1 coefficients for 2 related sectors"):
        augment(A2, X2, [0, 1], [0.1])


def test_extend_rates_missing_multiplier():
    """p_s(t) needs μ for every year after the base year: a gap (2019) is named under ``mu``."""
    with pytest.raises(IIEInputError, match=r"^mu: no technology multiplier for year\(s\) 2019"):
        extend_rates(pd.Series({"C": 0.1}), pd.Series({2018: 1.1, 2020: 1.0}), 2017, [2017, 2020])
    with pytest.raises(IIEInputError, match=r"^years: year 2016 is before the base year 2017"):
        extend_rates(pd.Series({"C": 0.1}), pd.Series({2018: 1.1}), 2017, [2016, 2018])


# --------------------------------------------------------------------------- Leontief

def test_non_productive_A():
    """A = [[0.5, 0.6], [0.6, 0.5]] has eigenvalues 1.1 and −0.1: spectral radius 1.1 ≥ 1,
    so (I − A)⁻¹ is not the non-negative Σ Aᵏ; refused as not productive."""
    A = np.array([[0.5, 0.6], [0.6, 0.5]])
    with pytest.raises(IIEInputError, match=r"^A: not productive: spectral radius 1\.1 ≥ 1"):
        calc_L(A)
    with pytest.raises(IIEInputError, match=r"^A: not productive"):
        penetration(A, X2, [0], [0.1])


def test_column_sums_one_is_caught_as_not_productive():
    """Column sums exactly 1 (A = [[0.5, 0.5], [0.5, 0.5]]) give eigenvalue 1: ρ = 1 ≥ 1,
    refused by ``calc_L`` before any factorisation is tried."""
    with pytest.raises(IIEInputError, match=r"^A: not productive: spectral radius 1 ≥ 1"):
        calc_L(np.array([[0.5, 0.5], [0.5, 0.5]]))


def test_singular_I_minus_A_reaches_solver_branch():
    """``LeontiefSolver(A, checked=True)`` skips the productivity check, so its own guard must
    catch a singular I − A: with column sums exactly 1, I − A = [[0.5, −0.5], [−0.5, 0.5]] has
    an exactly zero pivot."""
    with pytest.raises(IIEInputError, match=r"^A: I − A is singular"):
        LeontiefSolver(np.array([[0.5, 0.5], [0.5, 0.5]]), checked=True)
    with pytest.raises(IIEInputError, match=r"^A: I − A is singular"):
        LeontiefSolver(np.eye(3), checked=True)


def test_numerically_singular_I_minus_A():
    """A pivot that is not exactly zero but at rounding level is refused too: I − A =
    [[1, 1], [1, 1 + 2⁻⁵²]] has pivots 1 and 2⁻⁵² ≈ 2.2e-16 (condition number ≈ 1.8e16),
    below n·eps·max pivot = 4.4e-16."""
    M = np.array([[1.0, 1.0], [1.0, 1.0 + 2.0 ** -52]])
    with pytest.raises(IIEInputError, match=r"^B: I − A is singular"):
        LeontiefSolver(np.eye(2) - M, name="B", checked=True)


def test_negative_A():
    """Technical coefficients are non-negative (z ≥ 0, X > 0)."""
    with pytest.raises(IIEInputError, match=r"^A: 1 negative value"):
        check_productive(np.array([[0.1, -0.1], [0.2, 0.1]]))


# --------------------------------------------------------------------------- production

def _yk(years, dup=None):
    idx = list(years) if dup is None else list(years) + [dup]
    rng = np.random.default_rng(1)
    return pd.Series(rng.uniform(1, 2, len(idx)), index=idx)


def test_too_few_years_to_fit():
    """Three parameters (ln A, α, β) plus one degree of freedom need ≥ 4 years; 2007–2009 has 3."""
    Y = K = L = _yk(range(2007, 2017))
    with pytest.raises(IIEInputError, match=r"^window: too few years to fit: 3 complete year\(s\) in 2007–2009"):
        fit_cobb_douglas(Y, K, L, (2007, 2009))


def test_reversed_window():
    """A window whose start is after its end is named ``window``."""
    Y = _yk(range(2007, 2017))
    with pytest.raises(IIEInputError, match=r"^window: start 2016 is after end 2007"):
        fit_cobb_douglas(Y, Y, Y, (2016, 2007))


def test_duplicated_years():
    """A year that appears twice is ambiguous (which value is 2010?): refused for the fit
    (naming the series) and for the extrapolation."""
    bad = _yk(range(2007, 2017), dup=2010)
    good = _yk(range(2007, 2017))
    with pytest.raises(IIEInputError, match=r"^Y: duplicated year\(s\): 2010"):
        fit_cobb_douglas(bad, good, good)
    with pytest.raises(IIEInputError, match=r"^L: duplicated year\(s\): 2010"):
        fit_cobb_douglas(good, good, bad)
    s = pd.Series([1.0, np.nan, 3.0, 4.0], index=[2007, 2008, 2008, 2009])
    with pytest.raises(IIEInputError, match=r"^series: duplicated year\(s\): 2008"):
        linear_extrapolate(s)


def test_non_positive_output_in_window():
    """ln Y needs Y > 0; a zero in the window names Y and the year."""
    Y = _yk(range(2007, 2017))
    Y[2012] = 0.0
    with pytest.raises(IIEInputError, match=r"^Y: must be positive in the fit window \(year 2012\)"):
        fit_cobb_douglas(Y, _yk(range(2007, 2017)), _yk(range(2007, 2017)))


def test_not_a_series():
    """The fit is by year; a bare list has no years."""
    with pytest.raises(IIEInputError, match=r"^Y: must be a series indexed by year"):
        fit_cobb_douglas([1.0, 2.0], _yk(range(2007, 2017)), _yk(range(2007, 2017)))


def test_extrapolation_window_too_small():
    """A line through one point is undefined: ``window`` must be ≥ 2."""
    s = pd.Series({2020: 1.0, 2021: 2.0, 2022: np.nan})
    with pytest.raises(IIEInputError, match=r"^window: must be at least 2 years"):
        linear_extrapolate(s, window=1)


# --------------------------------------------------------------------------- sections and provinces

def test_unknown_section_code():
    """GB/T 4754-2017 sections used by the method are A–S; 'Z' is unknown."""
    with pytest.raises(IIEInputError, match=r"^sector_section: unknown section code\(s\) Z"):
        sum_by_section([1.0, 2.0], ["A", "Z"])


def test_section_map_length():
    """One section per sector value."""
    with pytest.raises(IIEInputError, match=r"^sector_section: 2 sectors mapped, but 3 values"):
        sum_by_section([1.0, 2.0, 3.0], ["A", "C"])


def test_section_rates_missing_base_va():
    """Every section needs a base-year value added to form a rate."""
    with pytest.raises(IIEInputError, match=r"^section_va: no base-year value added"):
        section_rates(pd.Series({"C": 1.0}), pd.Series({"C": 10.0}))


def test_eta_non_positive_gdp():
    """η = Z/GDP needs positive GDP per industry."""
    with pytest.raises(IIEInputError, match=r"^gdp_industry: industry 2: GDP must be positive"):
        eta(pd.Series({1: 1.0, 2: 2.0}), pd.Series({1: 10.0, 2: 0.0}))


def test_province_gdp_negative_or_zero_column():
    """Weights need non-negative GDP and a positive column total."""
    Z = pd.Series({1: 10.0})
    with pytest.raises(IIEInputError, match=r"^gdp_province: negative value for P2, 1"):
        allocate_by_industry(Z, pd.DataFrame({1: [1.0, -1.0]}, index=["P1", "P2"]))
    with pytest.raises(IIEInputError, match=r"^gdp_province: column 1 sums to zero"):
        allocate_by_industry(Z, pd.DataFrame({1: [0.0, 0.0]}, index=["P1", "P2"]))


def test_province_without_region():
    """Every province must belong to a region."""
    with pytest.raises(IIEInputError, match=r"^province_region: no region for province XX"):
        region_totals(pd.Series({"BJ": 1.0, "XX": 2.0}), pd.Series({"BJ": "east"}))


# --------------------------------------------------------------------------- cities

def test_unknown_province_code_for_a_city():
    """A city whose province is not in the province table cannot be allocated."""
    Z = pd.DataFrame({1: [1.0]}, index=["BJ"])
    gdp = pd.DataFrame({1: [1.0, 2.0]}, index=["北京", "某市"])
    with pytest.raises(IIEInputError, match=r"^city_province: unknown province code\(s\) XX"):
        allocate_to_cities(Z, gdp, pd.Series({"北京": "BJ", "某市": "XX"}))


def test_province_with_value_but_no_cities():
    """Value added with nowhere to go would vanish: refused."""
    Z = pd.DataFrame({1: [1.0, 5.0]}, index=["BJ", "SH"])
    gdp = pd.DataFrame({1: [1.0]}, index=["北京"])
    with pytest.raises(IIEInputError, match=r"^city_gdp: province SH has IIE value added but no cities"):
        allocate_to_cities(Z, gdp, pd.Series({"北京": "BJ"}))


def test_city_index_bad_N_and_values():
    """N is a positive number; city value added is non-negative."""
    with pytest.raises(IIEInputError, match=r"^N: must be a positive number"):
        city_index([1.0, 2.0], N=0)
    with pytest.raises(IIEInputError, match=r"^values: city value added must not be negative"):
        city_index([1.0, -2.0], N=10)
    with pytest.raises(IIEInputError, match=r"^values: no values"):
        city_index([np.nan], N=10)


@pytest.mark.parametrize("thresholds", [(17, 25, 35, 50), (50, 35, 35, 17), ()])
def test_thresholds_must_decrease(thresholds):
    """Tiers run from the highest threshold down, so thresholds must strictly decrease."""
    with pytest.raises(IIEInputError, match=r"^thresholds: must be strictly decreasing"):
        city_tier([20.0], thresholds)
    with pytest.raises(IIEInputError, match=r"^thresholds: must be strictly decreasing"):
        tier_table(["a"], [20.0], thresholds)


# --------------------------------------------------------------------------- fuzzy

def test_fuzzy_weights_must_sum_to_one():
    """Criterion weights are a distribution: 0.5 + 0.4 = 0.9 ≠ 1."""
    with pytest.raises(IIEInputError, match=r"^W: weights must sum to 1, sum to 0\.9"):
        fuzzy_evaluate([0.5, 0.4], [[1.0, 0.0], [0.0, 1.0]], [0.9, 0.1])


def test_fuzzy_shapes_and_membership_rows():
    """One weight per criterion (row of R), one grade value per grade (column), and each
    row of R is a distribution over grades."""
    R = [[0.5, 0.5], [0.2, 0.8]]
    with pytest.raises(IIEInputError, match=r"^W: 3 weights, but R has 2 criteria"):
        fuzzy_evaluate([0.2, 0.3, 0.5], R, [0.9, 0.1])
    with pytest.raises(IIEInputError, match=r"^G: 3 grade values, but R has 2 grades"):
        fuzzy_evaluate([0.5, 0.5], R, [0.9, 0.5, 0.1])
    with pytest.raises(IIEInputError, match=r"^R: row 2 of the membership matrix sums to 0\.9"):
        fuzzy_evaluate([0.5, 0.5], [[0.5, 0.5], [0.2, 0.7]], [0.9, 0.1])
    with pytest.raises(IIEInputError, match=r"^counts: criterion 2 has no expert scores"):
        membership([[1, 2], [0, 0]])
