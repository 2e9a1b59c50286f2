"""Linear extrapolation of missing years with flags (METHOD.md §4).

Oracles: series that lie exactly on a known line (an OLS line through points on a line is
that line), straight-line interpolation between two neighbours worked out by hand, and
``numpy.linalg.lstsq`` for the windowed fit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iiecon_xl.errors import IIEInputError
from iiecon_xl.model import extrapolate_rows, linear_extrapolate


def line(t):
    """x_t = 120 + 7.5 (t − 2015)."""
    return 120.0 + 7.5 * (np.asarray(t, dtype=float) - 2015)


def test_trailing_gap_is_extended_on_the_line():
    """Points exactly on x = 120 + 7.5 (t − 2015) with 2023 and 2024 missing: the OLS line is
    the line itself, so 2023 → 180 and 2024 → 187.5, flagged "extrapolated"; the observed
    years keep their values and the flag "observed"."""
    years = list(range(2015, 2025))
    s = pd.Series(line(years), index=years)
    s[[2023, 2024]] = np.nan
    values, flags = linear_extrapolate(s)
    assert values[2023] == pytest.approx(180.0, rel=1e-10)
    assert values[2024] == pytest.approx(187.5, rel=1e-10)
    assert flags[2023] == flags[2024] == "extrapolated"
    assert (flags.loc[2015:2022] == "observed").all()
    np.testing.assert_array_equal(values.loc[2015:2022].to_numpy(), line(range(2015, 2023)))


def test_leading_gap_is_extrapolated_backwards():
    """A missing first year is also off the observed range: 2013 → 120 − 15 = 105, "extrapolated"."""
    years = list(range(2013, 2020))
    s = pd.Series(line(years), index=years)
    s[2013] = np.nan
    values, flags = linear_extrapolate(s)
    assert values[2013] == pytest.approx(105.0, rel=1e-10)
    assert flags[2013] == "extrapolated"


def test_interior_gap_is_interpolated_between_neighbours():
    """A gap between observed years is filled by the straight line between its neighbours,
    not by the global OLS line: 2016 between 10 (2015) and 30 (2018) → 10 + 20·1/3, 2017 →
    10 + 20·2/3, flagged "interpolated". The series is far from linear (the OLS line through
    all points would give other values), so the two rules are distinguishable."""
    s = pd.Series({2014: 0.0, 2015: 10.0, 2016: np.nan, 2017: np.nan, 2018: 30.0, 2019: 100.0})
    values, flags = linear_extrapolate(s)
    assert values[2016] == pytest.approx(10 + 20 / 3, rel=1e-12)
    assert values[2017] == pytest.approx(10 + 40 / 3, rel=1e-12)
    assert flags[2016] == flags[2017] == "interpolated"
    b, a = np.polyfit([2014, 2015, 2018, 2019], [0, 10, 30, 100], 1)
    assert abs((a + b * 2016) - values[2016]) > 1.0


def test_window_uses_only_last_observations():
    """With window = 3 only the last three observed years (2020–2022: 10, 12, 14, slope 2)
    fix the line, so 2023 → 16 and 2024 → 18. Without a window the flat years (0, 0, 0) and
    the jump to 10 make the OLS line steeper: with t centred on 2019.5, Σ t·y = 58 and
    Σ t² = 17.5, slope 3.314…, so 2024 → 6 + 3.314…·4.5 = 20.914… (also checked against
    lstsq); the two settings are distinguishable."""
    s = pd.Series({2017: 0.0, 2018: 0.0, 2019: 0.0, 2020: 10.0, 2021: 12.0, 2022: 14.0,
                   2023: np.nan, 2024: np.nan})
    values, flags = linear_extrapolate(s, window=3)
    assert values[2023] == pytest.approx(16.0, rel=1e-9)
    assert values[2024] == pytest.approx(18.0, rel=1e-9)
    assert (flags[[2023, 2024]] == "extrapolated").all()
    full, _ = linear_extrapolate(s)
    t = np.arange(2017, 2023, dtype=float)
    X = np.column_stack([np.ones(6), t - 2020])
    coef, *_ = np.linalg.lstsq(X, s.loc[2017:2022].to_numpy(), rcond=None)
    assert full[2024] == pytest.approx(coef[0] + coef[1] * 4, rel=1e-9)
    assert full[2024] == pytest.approx(20.9142857142857, rel=1e-9)


def test_window_skips_missing_years_when_counting():
    """The window counts *observed* years: with 2021 missing, window = 2 uses 2020 and 2022
    (values 10 and 14, slope 2 per year) — so 2023 → 16."""
    s = pd.Series({2018: 100.0, 2019: 50.0, 2020: 10.0, 2021: np.nan, 2022: 14.0, 2023: np.nan})
    values, flags = linear_extrapolate(s, window=2)
    assert values[2023] == pytest.approx(16.0, rel=1e-9)
    assert flags[2021] == "interpolated" and values[2021] == pytest.approx(12.0, rel=1e-12)


def test_complete_series_is_returned_unchanged():
    """Nothing missing: values as given, every flag "observed"."""
    s = pd.Series({2020: 1.0, 2021: 4.0, 2022: 2.0})
    values, flags = linear_extrapolate(s)
    pd.testing.assert_series_equal(values, s, check_names=False)
    assert (flags == "observed").all()


def test_unsorted_input_is_handled_by_year():
    """Years are positions on the time axis whatever order they come in: the same series
    given in reverse order gives the same values."""
    years = list(range(2015, 2021))
    s = pd.Series(line(years), index=years)
    s[2020] = np.nan
    values, _ = linear_extrapolate(s.iloc[::-1])
    assert values[2020] == pytest.approx(float(line(2020)), rel=1e-10)


def test_rows_of_a_frame():
    """``extrapolate_rows`` applies the rule to every row and keeps the frame's layout."""
    frame = pd.DataFrame({2020: [1.0, 5.0], 2021: [2.0, np.nan], 2022: [3.0, 9.0], 2023: [np.nan, 11.0]},
                         index=["a", "b"])
    values, flags = extrapolate_rows(frame)
    assert values.loc["a", 2023] == pytest.approx(4.0, rel=1e-10)
    assert values.loc["b", 2021] == pytest.approx(7.0, rel=1e-12)
    assert flags.loc["a", 2023] == "extrapolated" and flags.loc["b", 2021] == "interpolated"
    assert list(values.columns) == [2020, 2021, 2022, 2023]


def test_fewer_than_two_observations_raise():
    """A line needs two points: one observed year cannot be extrapolated."""
    s = pd.Series({2020: 5.0, 2021: np.nan, 2022: np.nan})
    with pytest.raises(IIEInputError, match=r"^series: needs at least 2 observed years"):
        linear_extrapolate(s)
