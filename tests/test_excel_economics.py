"""The economics of the Excel functions' arguments (issue 11 §7): impossible input is a
"#IIE! <argument>: <problem>" cell, never a number.

Each case is a hand-made input that breaks one bound of METHOD.md §0–§2, §7: total output
X ≥ 0 and X ≥ M (value added V = X − M ≥ 0), 0 ≤ V ≤ X, a zero-output sector that neither
buys (column of Z) nor sells (row of Z), whole plausible years (1949–2200, no float→int wrap),
a share in [0, 1], every tier threshold given, TRUE/FALSE never a number or a position, a
sector code of letters and digits. Each test asserts the argument the message names, the
position where it applies, and that the Excel entry point shows the same text. The model
functions, fed the same impossible economics, raise IIEInputError themselves.
"""

from __future__ import annotations

import numpy as np
import pytest

from iiecon_xl import model
from iiecon_xl.errors import IIEInputError
from iiecon_xl.model import checks
from iiecon_xl.udfs import EXCEL, FUNCTIONS

# A 3-sector table: column sums M = (30, 35, 35) below X = (100, 80, 120), V = X − M = (70, 45, 85).
Z = [[10.0, 20.0, 5.0], [15.0, 5.0, 10.0], [5.0, 10.0, 20.0]]
X = [100.0, 80.0, 120.0]
M = [30.0, 35.0, 35.0]
S = [0.0, 0.4, 0.0]
# Sector 2 produces nothing: its column is zero (it buys nothing) but its row is not (it sells).
Z_SELLS = [[10.0, 0.0, 5.0], [15.0, 0.0, 10.0], [5.0, 0.0, 20.0]]
X_SELLS = [100.0, 0.0, 120.0]
YEARS = [2019, 2020, 2021, 2022]
SERIES = [10.0, 11.0, 12.5, None]

CASES = [
    # X ≥ 0
    ("IIE_DIRECT", ([-100.0, 80.0, 120.0], M, S), "total_input", "first -100 at position (1,)"),
    ("IIE_DIRECT", (X, [30.0, -35.0, 35.0], S), "intermediate_input", "first -35 at position (2,)"),
    ("TECH_COEFF", (Z, [100.0, -80.0, 120.0]), "total_output", "negative"),
    # X ≥ M: sector 2 with X = 30 below M = 35 (given, or the column sum of Z)
    ("IIE_DIRECT", ([100.0, 30.0, 120.0], M, S), "total_input",
     "sector 2: total output 30 is below its intermediate input 35 (intermediate_input, item 2)"),
    ("TECH_COEFF", (Z, [100.0, 30.0, 120.0]), "total_output",
     "sector 2: total output 30 is below its intermediate input 35 (the column sum of flows, item 2)"),
    ("LEONTIEF_INV", (Z, [100.0, 30.0, 120.0]), "total_output", "below its intermediate input"),
    ("IIE_PENETRATION", (Z, [100.0, 30.0, 120.0], S), "total_output", "below its intermediate input"),
    ("IIE_AUGMENT", (Z, [100.0, 30.0, 120.0], [2], [0.4]), "total_output", "below its intermediate input"),
    ("GHOSH_INV", (Z, [100.0, 30.0, 120.0]), "total_output", "below its intermediate input"),
    ("IO_LINKAGES", (Z, [100.0, 30.0, 120.0]), "total_output", "below its intermediate input"),
    ("IO_MULTIPLIERS", (Z, [100.0, 30.0, 120.0]), "total_output", "below its intermediate input"),
    ("IO_EXTRACTION", (Z, [100.0, 30.0, 120.0], [65.0, 50.0, 85.0], [2]), "total_output",
     "below its intermediate input"),
    # a zero-output sector sells nothing (row 2) and buys nothing (column 2)
    ("TECH_COEFF", (Z_SELLS, X_SELLS), "total_output", "sector 2 has zero output but sells in flows (row 2)"),
    ("IIE_PENETRATION", (Z_SELLS, X_SELLS, S), "total_output", "sells in flows (row 2)"),
    ("TECH_COEFF", (Z, [100.0, 0.0, 120.0]), "total_output",
     "sector 2 has zero output but buys inputs in flows (column 2)"),
    ("IIE_DIRECT", ([100.0, 0.0, 120.0], M, S), "total_input", "total output 0 is below its intermediate input 35"),
    # 0 ≤ V ≤ X
    ("IIE_PENETRATION", (Z, X, S, [70.0, 45.0, 121.0]), "value_added",
     "item 3: value added 121 is above total output 120 (total_output, item 3)"),
    ("IIE_PENETRATION", (Z, X, S, [70.0, -45.0, 85.0]), "value_added", "item 2: value added -45 is negative"),
    ("IO_MULTIPLIERS", (Z, X, [70.0, -45.0, 85.0], None, None, None, "value_added"), "value_added",
     "item 2: value added -45 is negative"),
    ("IO_EXTRACTION", (Z, X, [65.0, 50.0, 85.0], [2], None, [700.0, 45.0, 85.0]), "value_added",
     "item 1: value added 700 is above total output 100"),
    ("IIE_UNCERTAINTY", ([[3, 5, 2], [1, 6, 3]], [0.6, 0.4], [0.9, 0.5, 0.1], Z, X, [2], [70.0, 81.0, 85.0]),
     "value_added", "item 2: value added 81 is above total output 80"),
    # plausible whole years: 1e19 would wrap to −2^63 as an int64
    ("IIE_EXTRAPOLATE", ([1e19, 1e19 + 4096], [1.0, None]), "years",
     "item 1 is 1e+19, which is not a plausible year (1949–2200)"),
    ("IIE_EXTRAPOLATE", ([1.0, 2.0, 3.0], [1.0, 2.0, None]), "years", "item 1 is 1, which is not a plausible year"),
    ("IIE_EXTRAPOLATE", ([2019, 2020, 2201], [1.0, 2.0, None]), "years", "item 3 is 2201"),
    ("PRODFN_FIT", (YEARS, SERIES, SERIES, SERIES, 1e300), "start_year", "1e+300 is not a plausible year"),
    ("TECH_MULTIPLIER", (YEARS, SERIES, SERIES, SERIES, 2019, -2020), "end_year", "-2020 is not a plausible year"),
    ("PRODFN_FIT", (YEARS, SERIES, SERIES, SERIES, 2019.5), "start_year", "2019.5 is not a whole year"),
    # a whole number beyond 2^53 is no count a person typed
    ("RAS_UPDATE", ([[3.0, 4.0], [7.0, 4.0]], [7.0, 11.0], [10.0, 8.0], 1e300), "max_iter",
     "must be at most 9,007,199,254,740,992"),
    ("TOP_N", (["a", "b"], [1.0, 2.0], 1e20), "n", "must be at most"),
    ("IIE_UNCERTAINTY", ([[3e300, 5, 2], [1, 6, 3]], [0.6, 0.4], [0.9, 0.5, 0.1], Z, X, [2]), "expert_counts",
     "(1, 1) comes to 3e+300, more than the largest whole number"),
    # shares in [0, 1]: the 2 largest values (160) cannot exceed the total (100); no negative value
    ("TOPN_SHARE", ([120.0, 40.0, 15.0], 100.0, 2), "total", "the 2 largest value(s) come to 160, more than total 100"),
    ("TOPN_SHARE", ([120.0, -40.0], 400.0, 1), "values", "first -40 at position (2,)"),
    # every tier threshold given
    ("CITY_TIER", ([30.0, 20.0], [50.0, None, 25.0]), "thresholds", "item 2 is blank"),
    ("TIER_TABLE", (["a", "b"], [30.0, 20.0], [[50.0], [35.0], [None], [17.0]]), "thresholds",
     "cell (3, 1) is blank"),
    # TRUE is no number and no sector position
    ("IIE_AUGMENT", (Z, X, [True], [0.4]), "related", "item 1 holds TRUE or FALSE, which is not a sector position"),
    ("IIE_AUGMENT", (Z, X, [[2], [False]], [[0.4], [0.1]]), "related", "item 2 holds TRUE or FALSE"),
    ("IO_EXTRACTION", (Z, X, [65.0, 50.0, 85.0], [True]), "sectors", "item 1 holds TRUE, which is not a number"),
    ("IIE_DIRECT", (X, M, [0.0, True, 0.0]), "coefficients", "item 2 holds TRUE"),
    ("TOPN_SHARE", ([120.0, 40.0], 400.0, True), "n", "holds TRUE"),
    # sector codes: "²" is a digit to str.isdigit but no sector code; TRUE neither
    ("IIE_ALIGN", (["001", "²"], ["001"], [0.3]), "sector_codes", "item 2 holds '²', which is not a sector code"),
    ("IIE_ALIGN", (["001", "002"], ["²"], [0.3]), "related_codes", "item 1 holds '²', which is not a sector code"),
    ("IIE_ALIGN", (["001", "002"], [True], [0.3]), "related_codes", "item 1 holds TRUE, which is not a sector code"),
    ("IO_AGGREGATE", (Z, ["01", "02", "0 3"], [["01", "A"], ["02", "B"], ["03", "B"]]), "codes",
     "item 3 holds '0 3', which is not a sector code"),
    ("IO_AGGREGATE", (Z, ["01", "02", "03"], [["01", "A"], ["²", "B"], ["03", "B"]]), "mapping",
     "cell (2, 1) holds '²'"),
]


@pytest.mark.parametrize("name, args, argument, text", CASES,
                         ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_impossible_economics_is_a_message_naming_the_argument(name, args, argument, text):
    """The plain function raises IIEInputError naming ``argument`` (and the position), and the
    Excel entry point shows exactly "#IIE! <argument>: <problem>" instead of a number."""
    with pytest.raises(IIEInputError) as info:
        FUNCTIONS[name](*args)
    assert info.value.argument == argument, str(info.value)
    assert text in info.value.problem, str(info.value)
    assert EXCEL[name](*args) == f"#IIE! {info.value}"


def test_valid_codes_still_match():
    """Full-width digits are the ASCII ones ("００１" = "001" = 1), letters and "-" are codes;
    S = 0.3 lands on sector 1 and 0.5 on "C-39" (text codes match ignoring case)."""
    got = FUNCTIONS["IIE_ALIGN"](["００１", "002", "C-39"], ["1", "c-39"], [0.3, 0.5])
    assert got == [[0.3], [0.0], [0.5]]


def test_true_false_flags_aligned_with_the_sectors_are_flags():
    """Flags one per sector stay accepted: TRUE at sector 2 is related = [2] (A* of 4 sectors)."""
    flagged = FUNCTIONS["IIE_AUGMENT"](Z, X, [False, True, False], [0.4])
    assert flagged == FUNCTIONS["IIE_AUGMENT"](Z, X, [2], [0.4])
    assert len(flagged) == 4


def test_bounds_hold_at_equality():
    """X = M (V = 0) and V = X are on the bounds, not beyond: the direct value of a sector with
    X_k = M_k is S_k · 0 = 0; and a top-n share of exactly 1 is returned as 1."""
    assert FUNCTIONS["IIE_DIRECT"]([100.0, 35.0, 120.0], M, S) == 0.0
    assert FUNCTIONS["TOPN_SHARE"]([60.0, 40.0], 100.0, 2) == 1.0


# ----------------------------------------------------------------------------- the model functions


def test_model_functions_refuse_impossible_economics():
    """The model checks the same bounds, so the pipeline gets them too: calc_A (X ≥ column
    sums, zero-output rows), direct_by_sector (X ≥ M), penetration (0 ≤ V ≤ X), top_n_share
    (a share in [0, 1]), fit_cobb_douglas / linear_extrapolate (plausible years)."""
    Za, Xa = np.array(Z), np.array(X)
    with pytest.raises(IIEInputError, match=r"^X: sector 2: total output 30 is below"):
        model.calc_A(Za, [100.0, 30.0, 120.0])
    with pytest.raises(IIEInputError, match=r"^X: sector 2 has zero output but sells in Z \(row 2\)"):
        model.calc_A(np.array(Z_SELLS), X_SELLS)
    with pytest.raises(IIEInputError, match=r"^X: sector 1: total output 20 is below its intermediate input 30"):
        model.direct_by_sector([20.0, 80.0, 120.0], M, [1], [0.4])
    with pytest.raises(IIEInputError, match=r"^V: item 3: value added 130 is above total output 120"):
        model.penetration(model.calc_A(Za, Xa), Xa, [1], [0.4], [70.0, 45.0, 130.0])
    with pytest.raises(IIEInputError, match=r"^total: the 1 largest value\(s\) come to 120, more than total 100"):
        model.top_n_share([120.0, 40.0], 100.0, 1)
    import pandas as pd
    with pytest.raises(IIEInputError, match=r"^series: item 2 is 20190, which is not a plausible year"):
        model.linear_extrapolate(pd.Series([1.0, None], index=[2019, 20190]), name="series")


def test_year_number_rejects_what_is_no_year():
    """year_number keeps 1949 and 2200 (the bounds), refuses 1948, 2017.5, NaN and text."""
    assert checks.year_number("y", 1949) == 1949 and checks.year_number("y", 2200.0) == 2200
    for bad in (1948, 2017.5, float("nan"), "2017a"):
        with pytest.raises(IIEInputError, match="^y: "):
            checks.year_number("y", bad)


def test_real_tables_meet_the_bounds(io2017):
    """The NBS 2017 table (149 sectors) passes every bound: X − M ≥ 0.12 X, TVA in (0, X), no
    zero output; so TECH_COEFF and IIE_PENETRATION with V = TVA compute, and Σ dz matches the
    model on the same table."""
    t = io2017
    A = FUNCTIONS["TECH_COEFF"](t.Z.tolist(), t.X.tolist())
    np.testing.assert_array_equal(np.array(A), model.calc_A(t.Z, t.X))
    S = np.zeros(len(t.X))
    S[38] = 0.5
    total = FUNCTIONS["IIE_PENETRATION"](t.Z.tolist(), t.X.tolist(), S.tolist(), t.V.tolist(), "total")
    expected = model.penetration(model.calc_A(t.Z, t.X), t.X, [38], [0.5], t.V).total
    assert total == pytest.approx(expected, rel=1e-12)
    assert FUNCTIONS["IIE_DIRECT"](t.X.tolist(), t.M.tolist(), S.tolist()) == pytest.approx(
        0.5 * (t.X[38] - t.M[38]), rel=1e-12)
