"""The IO analysis menu (issue 15): multipliers, the Ghosh inverse, linkages, hypothetical
extraction and aggregation.

Oracles nobody here wrote:
- Miller & Blair, *Input-Output Analysis: Foundations and Extensions*, 2nd ed. (2009): the
  two-sector table of §2.3 (Z = [[150, 500], [200, 100]], X = (1000, 2000)) and its closed
  version with households of §2.5 (labour 300, 500, households' own purchase 50, consumption
  50, 400, household income 1000), used again for the multipliers of ch. 6 and the Ghosh model
  and linkages of ch. 12. Every expected number is derived in the docstring by hand (adjugates of
  2×2 and 3×3 matrices), so the tests do not lean on a printed table; where the book prints the
  number (L of §2.3 to four decimals, checked in test_model_leontief) the derivation gives it.
- pymrio 0.7 (``pymrio.tools.iomath.calc_B`` / ``calc_G``, ``IOSystem.aggregate``) on its bundled
  test MRIO, an independent implementation.
- The real NBS 2017 table (149 sectors), for identities that must hold on real data.
"""

from __future__ import annotations

import numpy as np
import pymrio
import pytest
from pymrio.tools import iomath

from iiecon_xl.errors import IIEInputError
from iiecon_xl.model import (aggregate, calc_B, calc_L, concordance, extraction, ghosh_from_leontief,
                             ghosh_inverse, io_multipliers, linkages)

# Miller & Blair (2009) §2.3 and, with households, §2.5.
MB_Z = np.array([[150.0, 500.0], [200.0, 100.0]])
MB_X = np.array([1000.0, 2000.0])
MB_F = np.array([350.0, 1700.0])            # X − Z·1
MB_V = np.array([650.0, 1400.0])            # X − 1'Z
MB_HH_ROW = [300.0, 500.0, 50.0]            # labour income paid by sectors 1, 2 and by households
MB_HH_COL = [50.0, 400.0]                   # household consumption of sectors 1, 2
MB_HH_TOTAL = 1000.0                        # total household income x_3
DET = 0.7575                                # det(I − A) = 0.85·0.95 − 0.25·0.20
DET_BAR = 0.587875                          # det(I − Ā) of the closed model (see below)


@pytest.fixture(scope="module")
def pymrio_test():
    """pymrio's bundled 48-sector test MRIO with all accounts computed."""
    return pymrio.load_test().calc_all()


# ----------------------------------------------------------------------------- multipliers

def test_output_multipliers_type_I_and_II_miller_blair():
    """Open model: L = adj(I − A)/0.7575 = [[0.95, 0.25], [0.20, 0.85]]/0.7575, so the output
    multipliers (column sums of L, Miller & Blair ch. 6) are 1.15/0.7575 = 1.518152 and
    1.10/0.7575 = 1.452145.

    Closed model (§2.5): Ā = [[.15, .25, .05], [.20, .05, .40], [.30, .25, .05]] (consumption
    50/1000, 400/1000; labour 300/1000, 500/2000; households' own purchase 50/1000). Expanding
    det(I − Ā) along the first row: .85(.95·.95 − .40·.25) − .25(.20·.95 + .40·.30)
    − .05(.20·.25 + .95·.30) = .682125 − .0775 − .01675 = .587875. The cofactors give
    l̄_11 = .8025/.587875, l̄_21 = .31/.587875, l̄_12 = .25/.587875, l̄_22 = .7925/.587875, so the
    Type II output multipliers (column sums over the two sectors) are 1.1125/.587875 = 1.892409
    and 1.0425/.587875 = 1.773336.

    Effects of sector 1: initial 1, first round Σ_i a_i1 = 0.35, industrial support
    1.518152 − 1 − 0.35 = 0.168152, induced 1.892409 − 1.518152 = 0.374257.
    """
    m = io_multipliers(MB_Z, MB_X, household_row=MB_HH_ROW, household_col=MB_HH_COL,
                       household_total=MB_HH_TOTAL)
    np.testing.assert_allclose(m.output.simple, [1.15 / DET, 1.10 / DET], rtol=1e-13)
    np.testing.assert_allclose(m.output.total, [1.1125 / DET_BAR, 1.0425 / DET_BAR], rtol=1e-13)
    np.testing.assert_array_equal(np.round(m.output.simple, 4), [1.5182, 1.4521])
    np.testing.assert_array_equal(np.round(m.output.total, 4), [1.8924, 1.7733])
    np.testing.assert_allclose(m.output.direct, [0.35, 0.30], rtol=1e-14)
    np.testing.assert_allclose(m.output.indirect[0], 1.15 / DET - 1.35, rtol=1e-12)
    np.testing.assert_allclose(m.output.induced[0], 1.1125 / DET_BAR - 1.15 / DET, rtol=1e-12)
    np.testing.assert_allclose(m.L_bar[:2, :2], np.array([[0.8025, 0.25], [0.31, 0.7925]]) / DET_BAR,
                               rtol=1e-13)


def test_income_multipliers_and_the_constant_type_II_to_type_I_ratio():
    """Labour-income coefficients h = (300/1000, 500/2000) = (0.30, 0.25).

    Type I (Miller & Blair ch. 6): h'L = (0.30·0.95 + 0.25·0.20, 0.30·0.25 + 0.25·0.85)/0.7575
    = (0.335, 0.2875)/0.7575 = (0.442244, 0.379538); divided by h: (1.474147, 1.518152).
    Type II: the household row of L̄, by cofactors l̄_31 = .335/.587875 = 0.569849 and
    l̄_32 = .2875/.587875 = 0.489050; divided by h: (1.899497, 1.956198).
    The ratio Type II / Type I is .7575/.587875 = 1.288539 for both sectors, which is
    l̄_33 = (.85·.95 − .25·.20)/.587875 — the known result that the ratio is the same for every
    sector and equals the households' own element of L̄ (Miller & Blair ch. 6, Type I vs Type II
    income multipliers).
    """
    m = io_multipliers(MB_Z, MB_X, household_row=MB_HH_ROW, household_col=MB_HH_COL,
                       household_total=MB_HH_TOTAL)
    inc = m.income
    np.testing.assert_allclose(inc.initial, [0.30, 0.25], rtol=1e-15)
    np.testing.assert_allclose(inc.simple, np.array([0.335, 0.2875]) / DET, rtol=1e-13)
    np.testing.assert_allclose(inc.total, np.array([0.335, 0.2875]) / DET_BAR, rtol=1e-13)
    np.testing.assert_allclose(inc.type_I, np.array([0.335 / 0.30, 0.2875 / 0.25]) / DET, rtol=1e-13)
    np.testing.assert_array_equal(np.round(inc.type_II, 4), [1.8995, 1.9562])
    np.testing.assert_allclose(inc.type_II / inc.type_I, DET / DET_BAR, rtol=1e-13)
    np.testing.assert_allclose(inc.type_II / inc.type_I, m.L_bar[2, 2], rtol=1e-13)


def test_value_added_and_employment_multipliers():
    """Value-added coefficients v = (650/1000, 1400/2000) = (0.65, 0.70). Because 1'A + v' = 1',
    v'L = 1'(I − A)L = 1': one unit of final demand creates exactly one unit of value added
    (simple VA multiplier 1), and the Type I ratio is 1/v_j = (1.538462, 1.428571).

    Employment 100 and 400 jobs: e = (0.1, 0.2) per unit of output; e'L =
    (0.1·0.95 + 0.2·0.20, 0.1·0.25 + 0.2·0.85)/0.7575 = (0.135, 0.195)/0.7575.
    """
    m = io_multipliers(MB_Z, MB_X, E=[100.0, 400.0])
    np.testing.assert_allclose(m.value_added.simple, 1.0, rtol=1e-14)
    np.testing.assert_allclose(m.value_added.type_I, [1 / 0.65, 1 / 0.70], rtol=1e-14)
    np.testing.assert_allclose(m.employment.simple, np.array([0.135, 0.195]) / DET, rtol=1e-13)
    assert m.income is None and m.output.total is None and m.L_bar is None
    assert m.output.table().shape == (2, 5)
    with pytest.raises(IIEInputError, match="^kind: income multipliers need household_row"):
        m.measure("income")


def test_multiplier_input_errors_name_the_argument():
    with pytest.raises(IIEInputError, match="^household_col: give the household row and column together"):
        io_multipliers(MB_Z, MB_X, household_row=MB_HH_ROW)
    with pytest.raises(IIEInputError, match="^household_row: 4 values, but Z is 2×2"):
        io_multipliers(MB_Z, MB_X, household_row=[1, 2, 3, 4], household_col=[1, 2])
    with pytest.raises(IIEInputError, match="^E: 3 values, but Z is 2×2"):
        io_multipliers(MB_Z, MB_X, E=[1, 2, 3])
    with pytest.raises(IIEInputError, match="^household_col: not productive"):
        io_multipliers(MB_Z, MB_X, household_row=[600, 1500], household_col=[2000, 2000])
    with pytest.raises(IIEInputError, match="^kind: unknown multiplier"):
        io_multipliers(MB_Z, MB_X).measure("jobs")


# ----------------------------------------------------------------------------- Ghosh

def test_ghosh_inverse_miller_blair():
    """B = X̂⁻¹Z = [[150/1000, 500/1000], [200/2000, 100/2000]] = [[.15, .50], [.10, .05]];
    det(I − B) = .85·.95 − .50·.10 = .7575 (B is similar to A), so
    G = [[.95, .50], [.10, .85]]/.7575 = [[1.254125, 0.660066], [0.132013, 1.122112]], which is
    X̂⁻¹ L X̂ (l_12·2000/1000, l_21·1000/2000: Miller & Blair §12.1). The supply-side model
    returns the outputs from the primary inputs: v'G = (650, 1400)G = (1000, 2000).
    """
    np.testing.assert_allclose(calc_B(MB_Z, MB_X), [[0.15, 0.50], [0.10, 0.05]], rtol=1e-15)
    G = ghosh_inverse(MB_Z, MB_X)
    np.testing.assert_allclose(G, np.array([[0.95, 0.50], [0.10, 0.85]]) / DET, rtol=1e-13)
    np.testing.assert_array_equal(np.round(G, 4), [[1.2541, 0.6601], [0.1320, 1.1221]])
    np.testing.assert_allclose(MB_V @ G, MB_X, rtol=1e-13)


def test_ghosh_against_pymrio_calc_G(pymrio_test):
    """pymrio's calc_G(B) inverts I − B directly (numpy.linalg.inv); calc_G(B, L, x) takes the
    X̂⁻¹ L X̂ route. Ours must agree with both on pymrio's test MRIO (48 sectors)."""
    Z = pymrio_test.Z.to_numpy()
    x = pymrio_test.x.to_numpy().ravel()
    B = iomath.calc_B(pymrio_test.Z, pymrio_test.x).to_numpy()
    np.testing.assert_allclose(calc_B(Z, x), B, rtol=1e-13, atol=0)
    G_inv = iomath.calc_G(B)
    G_L = iomath.calc_G(B, L=pymrio_test.L.to_numpy(), x=x)
    G = ghosh_inverse(Z, x)
    np.testing.assert_allclose(G, G_inv, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(G, G_L, rtol=1e-10, atol=1e-12)


def test_ghosh_zero_output_rule():
    """A sector without output neither buys nor sells: its B row is 0 and its G row and column
    are those of the identity (G = (I − B)⁻¹ with a zero row and column of B)."""
    Z = np.array([[150.0, 0.0, 500.0], [0.0, 0.0, 0.0], [200.0, 0.0, 100.0]])
    X = np.array([1000.0, 0.0, 2000.0])
    G = ghosh_inverse(Z, X)
    np.testing.assert_allclose(G, np.linalg.inv(np.eye(3) - calc_B(Z, X)), rtol=1e-13, atol=1e-15)
    with pytest.raises(IIEInputError, match="^X: sector 2 has zero output but sells in Z"):
        calc_B([[1.0, 1.0], [1.0, 1.0]], [10.0, 0.0])


# ----------------------------------------------------------------------------- linkages

def test_linkages_miller_blair():
    """Backward: BL(t) = column sums of L = (1.15, 1.10)/.7575, mean 1.125/.7575, so
    BL = (1.15/1.125, 1.10/1.125) = (1.022222, 0.977778) (Rasmussen's power of dispersion).
    Forward from G: row sums (1.45, 0.95)/.7575, mean 1.2/.7575, FL = (1.208333, 0.791667);
    from L (Rasmussen): row sums (1.20, 1.05)/.7575, FL = (1.066667, 0.933333).
    Direct: BL(d) = column sums of A = (0.35, 0.30), FL(d) = row sums of B = (0.65, 0.15).
    Sector 1 has BL > 1 and FL > 1: a key sector; sector 2 both < 1: weak (Miller & Blair §12.2).
    Coefficient of variation of a column of two values a, b: sd = |a − b|/√2, mean (a + b)/2,
    so V = √2 |a − b|/(a + b): column 1 of L gives √2·0.75/1.15 = 0.922313.
    """
    lk = linkages(MB_Z, MB_X)
    np.testing.assert_allclose(lk.BL, [1.15 / 1.125, 1.10 / 1.125], rtol=1e-13)
    np.testing.assert_allclose(lk.FL, [1.45 / 1.2, 0.95 / 1.2], rtol=1e-13)
    np.testing.assert_allclose(lk.BL_direct, [0.35, 0.30], rtol=1e-14)
    np.testing.assert_allclose(lk.FL_direct, [0.65, 0.15], rtol=1e-14)
    np.testing.assert_allclose(lk.cv_BL[0], np.sqrt(2) * 0.75 / 1.15, rtol=1e-13)
    np.testing.assert_allclose(lk.cv_FL[0], np.sqrt(2) * 0.45 / 1.45, rtol=1e-13)
    assert list(lk.key) == ["key", "weak"]
    assert lk.table().shape == (2, 9)
    lr = linkages(MB_Z, MB_X, kind="leontief")
    np.testing.assert_allclose(lr.FL, [1.20 / 1.125, 1.05 / 1.125], rtol=1e-13)
    np.testing.assert_allclose(lr.BL, lk.BL, rtol=0)
    with pytest.raises(IIEInputError, match="^kind: unknown forward-linkage basis"):
        linkages(MB_Z, MB_X, kind="rasmussen")


def test_linkages_pymrio_test_system(pymrio_test):
    """On pymrio's test MRIO: BL(t) are the column sums of pymrio's L and FL(t) the row sums of
    pymrio's G; each normalised linkage has mean 1 by construction."""
    Z, x = pymrio_test.Z.to_numpy(), pymrio_test.x.to_numpy().ravel()
    L = pymrio_test.L.to_numpy()
    G = iomath.calc_G(iomath.calc_B(pymrio_test.Z, pymrio_test.x).to_numpy())
    lk = linkages(Z, x)
    np.testing.assert_allclose(lk.BL_total, L.sum(axis=0), rtol=1e-10)
    np.testing.assert_allclose(lk.FL_total, G.sum(axis=1), rtol=1e-10)
    assert lk.BL.mean() == pytest.approx(1.0, abs=1e-14)
    assert lk.FL.mean() == pytest.approx(1.0, abs=1e-14)


# ----------------------------------------------------------------------------- extraction

def test_extraction_miller_blair_sector_1():
    """Extract sector 1 of the §2.3 table (f = (350, 1700), v_c = (0.65, 0.70)).

    Total (row and column 1 and f_1 removed): x̄_2 = 1700/(1 − 0.05) = 1789.4737; output lost
    3000 − 1789.4737 = 1210.5263; value added lost 0.65·1000 + 0.70·210.5263 = 797.3684.
    Backward (column 1 of A set to 0): x̄_2 = 1789.4737, x̄_1 = 350 + 0.25·1789.4737 = 797.3684;
    lost 3000 − 2586.8421 = 413.1579; value added 0.65·202.6316 + 0.70·210.5263 = 279.0789.
    Forward (row 1 of B set to 0): x̄'(I − B̄) = v' gives x̄_2 = 1400/0.95 = 1473.6842,
    x̄_1 = 650 + 0.10·1473.6842 = 797.3684; lost 3000 − 2271.0526 = 728.9474.
    """
    e = extraction(MB_Z, MB_X, MB_F, [0])
    assert e.output_loss("total") == pytest.approx(3000 - 1700 / 0.95, rel=1e-13)
    assert e.va_loss("total") == pytest.approx(650 + 0.7 * (2000 - 1700 / 0.95), rel=1e-13)
    np.testing.assert_allclose(e.x_backward, [350 + 0.25 * 1700 / 0.95, 1700 / 0.95], rtol=1e-13)
    assert e.output_loss("backward") == pytest.approx(3000 - 350 - 1.25 * 1700 / 0.95, rel=1e-13)
    assert e.va_loss("backward") == pytest.approx(0.65 * (650 - 0.25 * 1700 / 0.95)
                                                  + 0.7 * (2000 - 1700 / 0.95), rel=1e-13)
    np.testing.assert_allclose(e.x_forward, [650 + 140 / 0.95, 1400 / 0.95], rtol=1e-13)
    assert e.output_loss("forward") == pytest.approx(3000 - 650 - 1.1 * 1400 / 0.95, rel=1e-13)
    t = e.table()
    assert t.shape == (3, 4) and t[2, 1] == pytest.approx(100 * (3000 - 1700 / 0.95) / 3000)


def test_extraction_single_sector_closed_forms(pymrio_test):
    """Extracting one sector is a rank-one change, so Sherman–Morrison gives closed forms. With
    the column a_j = A e_j removed, Ā = A − a_j e_j', L a_j = (L − I) e_j and e_j' L a_j = l_jj − 1,
    so x̄ = x − (L − I) e_j x_j / l_jj and the backward loss is (Σ_i l_ij − 1) x_j / l_jj; the
    same on the supply side gives the forward loss (Σ_j g_ij − 1) x_i / g_ii. Checked against our
    re-solved extraction for every fifth sector of pymrio's test MRIO, with pymrio's L and G."""
    Z, x = pymrio_test.Z.to_numpy(), pymrio_test.x.to_numpy().ravel()
    L = pymrio_test.L.to_numpy()
    G = iomath.calc_G(iomath.calc_B(pymrio_test.Z, pymrio_test.x).to_numpy())
    for j in range(0, 48, 5):
        e = extraction(Z, x, None, [j])
        assert e.output_loss("backward") == pytest.approx((L[:, j].sum() - 1) * x[j] / L[j, j], rel=1e-8)
        assert e.output_loss("forward") == pytest.approx((G[j].sum() - 1) * x[j] / G[j, j], rel=1e-8)


def test_extraction_of_nothing_and_errors():
    e = extraction(MB_Z, MB_X, MB_F, [])
    np.testing.assert_array_equal(e.table(), 0.0)
    np.testing.assert_allclose(e.x, MB_X, rtol=1e-13)
    np.testing.assert_allclose(e.x_supply, MB_X, rtol=1e-13)
    with pytest.raises(IIEInputError, match="^sectors: sector position out of range"):
        extraction(MB_Z, MB_X, MB_F, [2])
    with pytest.raises(IIEInputError, match="^f: 3 values, but Z is 2×2"):
        extraction(MB_Z, MB_X, [1, 2, 3], [0])
    with pytest.raises(IIEInputError, match="^kind: unknown extraction"):
        e.output_loss("sideways")


# ----------------------------------------------------------------------------- aggregation

def test_aggregation_against_pymrio(pymrio_test):
    """pymrio's IOSystem.aggregate (its own aggregation matrices) on the test MRIO: 6 regions
    → 3 and 8 sectors → 3, i.e. 48 → 9 region-sector groups. Ours, fed the same concordance as
    (code, group) pairs, must return pymrio's Z and x, in pymrio's order (first appearance)."""
    reg_agg = dict(zip(pymrio_test.get_regions(), ["a", "a", "b", "b", "c", "c"]))
    sec_agg = dict(zip(pymrio_test.get_sectors(), ["p", "s", "s", "s", "s", "t", "t", "t"]))
    agg = pymrio.load_test().calc_all()
    agg.aggregate(region_agg=list(reg_agg.values()), sector_agg=list(sec_agg.values()))
    codes = [f"{r}/{s}" for r, s in pymrio_test.Z.index]
    mapping = [(f"{r}/{s}", f"{reg_agg[r]}/{sec_agg[s]}") for r, s in pymrio_test.Z.index]
    Z_agg, groups = aggregate(pymrio_test.Z.to_numpy(), codes, mapping)
    assert list(groups) == [f"{r}/{s}" for r, s in agg.Z.index]
    np.testing.assert_allclose(Z_agg, agg.Z.to_numpy(), rtol=1e-12)
    con = concordance(codes, dict(mapping))
    np.testing.assert_allclose(con.vector(pymrio_test.x.to_numpy().ravel()), agg.x.to_numpy().ravel(),
                               rtol=1e-12)


def test_aggregation_miller_blair_and_errors():
    """Summing the two sectors of §2.3 into one: Z_agg = 150 + 500 + 200 + 100 = 950, x = 3000;
    numbers from cells (1.0) read as codes "1"."""
    Z_agg, groups = aggregate(MB_Z, [1.0, 2.0], {"1": "all", "2": "all"})
    assert groups == ("all",) and Z_agg.tolist() == [[950.0]]
    with pytest.raises(IIEInputError, match="^mapping: no group for code"):
        aggregate(MB_Z, ["1", "2"], {"1": "x"})
    with pytest.raises(IIEInputError, match="^codes: duplicated code"):
        aggregate(MB_Z, ["1", "1"], {"1": "x"})
    with pytest.raises(IIEInputError, match="^mapping: code 1 is mapped to both"):
        aggregate(MB_Z, ["1", "2"], [("1", "x"), ("1", "y"), ("2", "x")])
    with pytest.raises(IIEInputError, match="^codes: 3 codes, but Z is 2×2"):
        aggregate(MB_Z, ["1", "2", "3"], {"1": "x", "2": "x", "3": "y"})


# ----------------------------------------------------------------------------- real NBS 2017 table

def test_nbs_2017_identities(io2017):
    """On the 149-sector NBS 2017 table (TI = TII + TVA):
    - v'L = 1' (value-added multiplier 1 for every sector, as v' = 1'(I − A));
    - x' = v'G (the supply-side model returns the outputs), and G equals pymrio's calc_G;
    - the normalised linkages have mean 1 and the four classes cover the 149 sectors;
    - extracting every sector loses all output; extracting none loses nothing."""
    Z, X, V = io2017.Z, io2017.X, io2017.V
    m = io_multipliers(Z, X, V=V)
    np.testing.assert_allclose(m.value_added.simple, 1.0, atol=1e-9)
    G = ghosh_from_leontief(m.L, X)
    np.testing.assert_allclose(V @ G, X, rtol=1e-8)
    np.testing.assert_allclose(G, iomath.calc_G(calc_B(Z, X)), rtol=1e-8, atol=1e-12)
    lk = linkages(Z, X)
    assert lk.BL.mean() == pytest.approx(1.0, abs=1e-12) and lk.FL.mean() == pytest.approx(1.0, abs=1e-12)
    assert np.bincount(lk.class_code, minlength=5)[1:].sum() == 149
    e_all = extraction(Z, X, None, np.arange(149))
    assert e_all.output_loss("total") == pytest.approx(X.sum(), rel=1e-12)
    assert extraction(Z, X, None, []).output_loss("backward") == 0.0


def test_nbs_2017_aggregated_to_sections(io2017):
    """149 sectors → the 19 sections of the package's own sector list: every total is kept
    (grand total of Z, the outputs, the row and column sums), and the aggregated table is still
    productive (its L exists and is ≥ I)."""
    from iiecon_xl.reference import sectors

    sec = sectors("2017_149")["section"]
    con = concordance(io2017.codes, sec.to_dict())
    Z19, groups = aggregate(io2017.Z, io2017.codes, sec)  # a pandas Series works as a mapping
    assert len(groups) == 19 and set(groups) == set("ABCDEFGHIJKLMNOPQRS")
    assert Z19.sum() == pytest.approx(io2017.Z.sum(), rel=1e-13)
    np.testing.assert_allclose(Z19.sum(axis=1), con.vector(io2017.Z.sum(axis=1)), rtol=1e-12)
    np.testing.assert_allclose(Z19.sum(axis=0), con.vector(io2017.Z.sum(axis=0)), rtol=1e-12)
    X19 = con.vector(io2017.X)
    assert X19.sum() == pytest.approx(io2017.X.sum(), rel=1e-13)
    L19 = calc_L(Z19 / X19)
    assert (L19 >= np.eye(19) - 1e-12).all()
