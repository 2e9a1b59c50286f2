"""The Excel functions of the IO analysis menu (issue 15) through the registry.

Each function, called as Excel calls it (lists of rows, rows or columns, blanks), equals the model
function it wraps on the Miller & Blair tables the model tests use (§2.3, with households §2.5;
§7.4.2 for RAS); sector positions are 1-based; bad arguments give one message naming the Excel
argument, and the Excel entry point shows that message in one cell.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from iiecon_xl import model, parameters, udfs
from iiecon_xl.errors import IIEInputError
from iiecon_xl.udfs import EXCEL, FUNCTIONS, SPECS

# Miller & Blair (2009) §2.3 and, with households, §2.5 (as in tests/test_model_io_analysis.py).
MB_Z = [[150.0, 500.0], [200.0, 100.0]]
MB_X = [1000.0, 2000.0]
MB_F = [350.0, 1700.0]
MB_HH_ROW = [300.0, 500.0, 50.0]
MB_HH_COL = [50.0, 400.0]
MB_HH_TOTAL = 1000.0
DET = 0.7575
DET_BAR = 0.587875

# A 4-sector table for the functions that need more than two sectors.
Z4 = np.array([[20.0, 15, 5, 10], [10, 30, 20, 5], [5, 10, 25, 15], [15, 5, 10, 20]])
X4 = np.array([150.0, 160, 140, 120])
F4 = X4 - Z4.sum(axis=1)

# Miller & Blair §7.4.2 (RAS) and a table with negative entries (GRAS).
MB_A0 = np.array([[0.120, 0.100, 0.049], [0.210, 0.247, 0.265], [0.026, 0.249, 0.145]])
MB_X1 = np.array([421.0, 284.0, 283.0])
MB_U1 = [245.0, 136.0, 159.0]
MB_V1 = [251.0, 107.0, 182.0]
SIGNED_Z0 = np.array([[7.0, 3, 5, -3], [2, 9, 8, 1], [-2, 0, 2, 1], [-5, 2, -4, 3]])
SIGNED_U = [15.0, 22, -1, -2]
SIGNED_V = [3.0, 16, 13, 2]

# A panel of 2 criteria × 3 grades for both Miller & Blair sectors (tests/test_model_io_analysis_uncertainty.py).
W = [0.6, 0.4]
G = [0.9, 0.5, 0.1]
COUNTS = np.array([[[3, 5, 2], [1, 6, 3]], [[0, 4, 6], [2, 2, 6]]], dtype=float)
STACKED = COUNTS.reshape(4, 3).tolist()

NEW = ("IO_MULTIPLIERS", "IO_LINKAGES", "GHOSH_INV", "IO_EXTRACTION", "IO_AGGREGATE", "RAS_UPDATE",
       "IIE_UNCERTAINTY")


def col(v):
    return [[float(x)] for x in v]


def body(result):
    """The numbers of a table with a header row (and, for IO_EXTRACTION, a label column)."""
    return np.array([r[1:] if isinstance(r[0], str) else r for r in result[1:]], dtype=float)


def err(name, *args) -> IIEInputError:
    with pytest.raises(IIEInputError) as info:
        FUNCTIONS[name](*args)
    e = info.value
    assert EXCEL[name](*args) == f"#IIE! {e}"
    return e


# ----------------------------------------------------------------------------- registry

def test_registered_with_help_and_exported():
    for name in NEW:
        spec = SPECS[name]
        assert name in udfs.NAMES and getattr(udfs, name) is EXCEL[name]
        assert 0 < len(spec.doc) <= 255
        assert all(0 < len(text) <= 255 for _, text in spec.args)
        assert FUNCTIONS[name](*spec.example) == EXCEL[name](*spec.example)


def test_defaults_come_from_parameters():
    assert SPECS["RAS_UPDATE"].func.__defaults__[:3] == (parameters.RAS_MAX_ITER, parameters.RAS_TOL,
                                                         parameters.RAS_METHODS[0])
    defaults = SPECS["IIE_UNCERTAINTY"].func.__defaults__
    assert defaults[1:4] == (parameters.UNCERTAINTY_DRAWS, parameters.UNCERTAINTY_SEED,
                             parameters.UNCERTAINTY_QUANTILES)
    modules = {name: importlib.import_module(f"iiecon_xl.model.{name}")
               for name in ("uncertainty", "ras", "multipliers", "extraction", "linkages")}
    assert modules["uncertainty"].QUANTILES is parameters.UNCERTAINTY_QUANTILES
    assert modules["ras"].MAX_ITER == parameters.RAS_MAX_ITER and modules["ras"].TOL == parameters.RAS_TOL
    assert modules["multipliers"].MEASURES is parameters.MULTIPLIER_MEASURES
    assert modules["extraction"].KINDS is parameters.EXTRACTION_KINDS
    assert modules["linkages"].FORWARD_BASES is parameters.FORWARD_BASES


# ----------------------------------------------------------------------------- IO_MULTIPLIERS

def test_multipliers_type_I_and_II_equal_the_model_and_miller_blair():
    got = FUNCTIONS["IO_MULTIPLIERS"](MB_Z, [MB_X], None, None, MB_HH_ROW, col(MB_HH_COL), "output", MB_HH_TOTAL)
    assert got[0] == ["initial", "direct", "indirect", "induced", "simple", "total", "type_I", "type_II"]
    m = model.io_multipliers(MB_Z, MB_X, household_row=MB_HH_ROW, household_col=MB_HH_COL,
                             household_total=MB_HH_TOTAL)
    np.testing.assert_array_equal(body(got), m.output.table())
    np.testing.assert_allclose(body(got)[:, 4], [1.15 / DET, 1.10 / DET], rtol=1e-13)
    np.testing.assert_allclose(body(got)[:, 5], [1.1125 / DET_BAR, 1.0425 / DET_BAR], rtol=1e-13)


def test_multipliers_open_model_and_other_measures():
    got = FUNCTIONS["IO_MULTIPLIERS"](MB_Z, MB_X)
    assert got[0] == ["initial", "direct", "indirect", "simple", "type_I"]
    np.testing.assert_array_equal(body(got), model.io_multipliers(MB_Z, MB_X).output.table())
    V, E = [650.0, 1400.0], [40.0, 25.0]
    for kind in ("value_added", "employment"):
        got = FUNCTIONS["IO_MULTIPLIERS"](MB_Z, MB_X, col(V), [E], None, None, kind.upper())
        expected = model.io_multipliers(MB_Z, MB_X, V, E).measure(kind).table()
        np.testing.assert_array_equal(body(got), expected)
    got = FUNCTIONS["IO_MULTIPLIERS"](MB_Z, MB_X, None, None, MB_HH_ROW, MB_HH_COL, "income", MB_HH_TOTAL)
    expected = model.io_multipliers(MB_Z, MB_X, household_row=MB_HH_ROW, household_col=MB_HH_COL,
                                    household_total=MB_HH_TOTAL).income.table()
    np.testing.assert_array_equal(body(got), expected)


@pytest.mark.parametrize("args, argument, text", [
    ((MB_Z, [1000.0]), "total_output", "1 value, but flows is 2×2"),
    ((MB_Z, MB_X, None, None, MB_HH_ROW), "household_col", "together"),
    ((MB_Z, MB_X, None, None, None, MB_HH_COL), "household_row", "together"),
    ((MB_Z, MB_X, None, None, None, None, "jobs"), "kind", "unknown option"),
    ((MB_Z, MB_X, None, None, None, None, "employment"), "kind", "need employment"),
    ((MB_Z, MB_X, [1.0, 2.0, 3.0]), "value_added", "3 values, but flows is 2×2"),
    ((MB_Z, MB_X, None, [-1.0, 2.0], None, None, "employment"), "employment", "negative"),
    ((MB_Z, MB_X, None, None, [1.0, 2.0, 3.0, 4.0], MB_HH_COL), "household_row", "give 2 or 3"),
    ((MB_Z, MB_X, None, None, MB_HH_ROW, MB_HH_COL, None, -5.0), "household_total", "positive"),
    (([[1.0, 2.0]], MB_X), "flows", "square"),
])
def test_multipliers_bad_arguments(args, argument, text):
    e = err("IO_MULTIPLIERS", *args)
    assert e.argument == argument and text in e.problem, str(e)


# ----------------------------------------------------------------------------- IO_LINKAGES, GHOSH_INV

@pytest.mark.parametrize("kind", [None, "ghosh", "leontief"])
def test_linkages_equal_the_model_with_text_classes(kind):
    got = FUNCTIONS["IO_LINKAGES"](Z4.tolist(), col(X4), kind)
    assert got[0][-1] == "class" and len(got) == 5
    lk = model.linkages(Z4, X4, kind=kind or "ghosh")
    np.testing.assert_array_equal(np.array([r[:-1] for r in got[1:]], dtype=float), lk.table()[:, :-1])
    assert [r[-1] for r in got[1:]] == list(lk.key)
    assert set(lk.key) <= set(importlib.import_module("iiecon_xl.model.linkages").CLASSES)


def test_linkages_bad_arguments():
    assert err("IO_LINKAGES", MB_Z, MB_X, "ras").argument == "kind"
    assert err("IO_LINKAGES", MB_Z, [0.0, 2000.0]).argument == "total_output"  # sector 1 sells with X = 0


def test_ghosh_inverse_equals_the_model_and_the_leontief_route():
    got = np.array(FUNCTIONS["GHOSH_INV"](MB_Z, [MB_X]))
    np.testing.assert_array_equal(got, model.ghosh_inverse(MB_Z, MB_X))
    L = np.array(FUNCTIONS["LEONTIEF_INV"](MB_Z, MB_X))
    np.testing.assert_allclose(got, np.diag(1 / np.array(MB_X)) @ L @ np.diag(MB_X), rtol=1e-13)
    # G = (I − B)⁻¹, B = X̂⁻¹ Z: for Miller & Blair B = [[.15, .5], [.1, .05]]
    np.testing.assert_allclose(got, np.linalg.inv(np.eye(2) - [[0.15, 0.5], [0.1, 0.05]]), rtol=1e-13)
    assert err("GHOSH_INV", MB_Z, [1000.0, 2000.0, 5.0]).argument == "total_output"


# ----------------------------------------------------------------------------- IO_EXTRACTION

def test_extraction_positions_are_1_based_and_equal_the_model():
    got = FUNCTIONS["IO_EXTRACTION"](Z4.tolist(), X4.tolist(), col(F4), [[2], [None], [4]])
    assert got[0] == ["extraction", "output_loss", "output_loss_pct", "va_loss", "va_loss_pct"]
    assert [r[0] for r in got[1:]] == ["backward", "forward", "total"]
    np.testing.assert_array_equal(body(got), model.extraction(Z4, X4, F4, [1, 3]).table())
    one = FUNCTIONS["IO_EXTRACTION"](Z4.tolist(), X4.tolist(), F4.tolist(), [2, 4], "Total")
    assert one[0] == got[0] and one[1] == got[3]


def test_extraction_of_nothing_loses_nothing_and_value_added_is_used():
    got = FUNCTIONS["IO_EXTRACTION"](MB_Z, MB_X, MB_F, [[None], [None]])
    np.testing.assert_allclose(body(got), 0.0, atol=1e-9)
    V = [600.0, 1450.0]
    got = FUNCTIONS["IO_EXTRACTION"](MB_Z, MB_X, MB_F, 1, None, V)
    np.testing.assert_array_equal(body(got), model.extraction(MB_Z, MB_X, MB_F, [0], V).table())


@pytest.mark.parametrize("sectors, text", [(0, "not a sector position 1..4"), (5, "1..4"), (1.5, "1..4"),
                                           ([1, 3, 1], "sector 1 is listed more than once"),
                                           ("two", "holds the text 'two'")])
def test_extraction_bad_sectors(sectors, text):
    e = err("IO_EXTRACTION", Z4.tolist(), X4.tolist(), F4.tolist(), sectors)
    assert e.argument == "sectors" and text in e.problem, str(e)


def test_extraction_other_bad_arguments():
    assert err("IO_EXTRACTION", MB_Z, MB_X, [350.0], [1]).argument == "final_demand"
    assert err("IO_EXTRACTION", MB_Z, MB_X, MB_F, [1], "sideways").argument == "kind"
    assert err("IO_EXTRACTION", MB_Z, MB_X, MB_F, [1], None, [1.0]).argument == "value_added"


# ----------------------------------------------------------------------------- IO_AGGREGATE

CODES4 = ["039", "040", "101", "102"]
MAPPING4 = [["39", "C"], ["40", "C"], ["101", "S"], ["102", "S"], [None, None], ["999", "X"]]


def test_aggregate_equals_the_model_and_preserves_totals():
    got = FUNCTIONS["IO_AGGREGATE"](Z4.tolist(), col(CODES4), MAPPING4)
    assert got[0] == [None, "C", "S"] and [r[0] for r in got[1:]] == ["C", "S"]
    agg, groups = model.aggregate(Z4, ["39", "40", "101", "102"], [m for m in MAPPING4 if m[0]])
    assert groups == ("C", "S")
    np.testing.assert_array_equal(body(got), agg)
    assert body(got).sum() == pytest.approx(Z4.sum(), rel=1e-15)
    bare = FUNCTIONS["IO_AGGREGATE"](Z4.tolist(), CODES4, MAPPING4, False)
    np.testing.assert_array_equal(np.array(bare), agg)


def test_aggregate_a_vector_and_a_mapping_in_two_rows():
    two_rows = [[m[0] for m in MAPPING4[:4]], [m[1] for m in MAPPING4[:4]]]
    got = FUNCTIONS["IO_AGGREGATE"]([X4.tolist()], [39, 40, 101, 102], two_rows)
    assert got == [["C", X4[:2].sum()], ["S", X4[2:].sum()]]
    assert FUNCTIONS["IO_AGGREGATE"](col(X4), CODES4, MAPPING4, "FALSE") == [[X4[:2].sum()], [X4[2:].sum()]]


@pytest.mark.parametrize("codes, mapping, argument, text", [
    (CODES4[:3], MAPPING4, "codes", "3 values, but flows is 4×4"),
    (["039", None, "101", "102"], MAPPING4, "codes", "item 2 is blank"),
    (["039", "39", "101", "102"], MAPPING4, "codes", "duplicated"),
    (CODES4, MAPPING4[1:], "mapping", "no group for code(s) 39"),
    (CODES4, [["39", "C"], ["39", "D"]] + MAPPING4[1:4], "mapping", "mapped to both"),
    (CODES4, [["39", None]] + MAPPING4[1:4], "mapping", "cell (1, 2) is blank"),
    (CODES4, [["39"], ["40"], ["101"]], "mapping", "two-column range"),
    (CODES4, "39", "mapping", "two-column range"),
])
def test_aggregate_bad_arguments(codes, mapping, argument, text):
    e = err("IO_AGGREGATE", Z4.tolist(), codes, mapping)
    assert e.argument == argument and text in e.problem, str(e)


def test_aggregate_rejects_a_range_that_is_neither_table_nor_vector():
    assert err("IO_AGGREGATE", [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], ["1", "2"], [["1", "a"]]).argument == "flows"


# ----------------------------------------------------------------------------- RAS_UPDATE

def test_ras_equals_the_model_with_a_trailing_report_row():
    Z0 = (MB_A0 * MB_X1).tolist()
    got = FUNCTIONS["RAS_UPDATE"](Z0, col(MB_U1), [MB_V1])
    b = model.ras(MB_A0 * MB_X1, MB_U1, MB_V1)
    np.testing.assert_array_equal(np.array(got[:-1]), b.table)
    assert got[-1] == [f"RAS: {b.iterations} iterations, max error {b.max_error:.2g} (tol 1e-10)", None, None]
    assert FUNCTIONS["RAS_UPDATE"](Z0, MB_U1, MB_V1, None, None, None, "flows") == b.table.tolist()
    assert FUNCTIONS["RAS_UPDATE"](Z0, MB_U1, MB_V1, None, None, "ras", "report") == \
        [["method", "RAS"], ["iterations", b.iterations], ["max_error", b.max_error]]
    assert FUNCTIONS["RAS_UPDATE"](Z0, MB_U1, MB_V1, None, None, None, "row_factors") == col(b.r)
    assert FUNCTIONS["RAS_UPDATE"](Z0, MB_U1, MB_V1, None, None, None, "col_factors") == col(b.s)


def test_ras_iteration_arguments_reach_the_model():
    Z0 = (MB_A0 * MB_X1).tolist()
    got = FUNCTIONS["RAS_UPDATE"](Z0, MB_U1, MB_V1, 200, 1e-4, None, "report")
    b = model.ras(MB_A0 * MB_X1, MB_U1, MB_V1, max_iter=200, tol=1e-4)
    assert got[1] == ["iterations", b.iterations] and got[2][1] <= 1e-4


def test_gras_keeps_signs_and_equals_the_model():
    got = FUNCTIONS["RAS_UPDATE"](SIGNED_Z0.tolist(), SIGNED_U, SIGNED_V, None, None, "GRAS", "flows")
    b = model.gras(SIGNED_Z0, SIGNED_U, SIGNED_V)
    np.testing.assert_array_equal(np.array(got), b.table)
    assert (np.sign(np.array(got)) == np.sign(SIGNED_Z0)).all()
    assert FUNCTIONS["RAS_UPDATE"](SIGNED_Z0.tolist(), SIGNED_U, SIGNED_V, None, None, "gras")[-1][0].startswith(
        "GRAS: ")


@pytest.mark.parametrize("args, argument, text", [
    (([[1.0, 0.0], [0.0, 1.0]], [1.0, 2.0], [2.0, 1.0], 50), "max_iter", "did not converge in 50 iterations"),
    (([[1.0, 2.0], [3.0, 4.0]], [3.0, 7.0], [4.0, 7.0]), "col_totals", "same grand total"),
    (([[1.0, 2.0], [3.0, 4.0]], [3.0, 7.0, 1.0], [4.0, 6.0]), "row_totals", "3 values, but flows is 2×2"),
    (([[1.0, 2.0], [3.0, 4.0]], [3.0, 7.0], [4.0, 6.0], 0), "max_iter", "at least 1"),
    (([[1.0, 2.0], [3.0, 4.0]], [3.0, 7.0], [4.0, 6.0], 2.5), "max_iter", "whole number"),
    (([[1.0, 2.0], [3.0, 4.0]], [3.0, 7.0], [4.0, 6.0], None, 0.0), "tol", "positive"),
    (([[1.0, 2.0], [3.0, 4.0]], [3.0, 7.0], [4.0, 6.0], None, None, "cross-entropy"), "method", "unknown"),
    (([[1.0, 2.0], [3.0, 4.0]], [3.0, 7.0], [4.0, 6.0], None, None, None, "all"), "result", "unknown"),
    ((SIGNED_Z0.tolist(), SIGNED_U, SIGNED_V), "flows", "negative"),
])
def test_ras_bad_arguments(args, argument, text):
    e = err("RAS_UPDATE", *args)
    assert e.argument == argument and text in e.problem, str(e)


# ----------------------------------------------------------------------------- IIE_UNCERTAINTY

def test_uncertainty_equals_the_model_with_1_based_related():
    got = FUNCTIONS["IIE_UNCERTAINTY"](STACKED, W, col(G), MB_Z, MB_X, [[1], [2]], None, 500, 7)
    assert got[0] == ["quantile", "direct", "penetration", "total"] and got[-1][0] == "point"
    A = model.calc_A(MB_Z, MB_X)
    u = model.iie_uncertainty(COUNTS, W, G, A, MB_X, [0, 1], draws=500, seed=7)
    np.testing.assert_array_equal(np.array(got[1:-1], dtype=float), u.table())
    np.testing.assert_array_equal(got[-1][1:], u.point)
    assert [r[0] for r in got[1:-1]] == list(parameters.UNCERTAINTY_QUANTILES)


def test_uncertainty_is_reproducible_and_follows_its_options():
    call = FUNCTIONS["IIE_UNCERTAINTY"]
    a = call(STACKED, W, G, MB_Z, MB_X, [1, 2], None, 300, 3)
    assert a == call(STACKED, W, G, MB_Z, MB_X, [1, 2], None, 300, 3)
    assert a != call(STACKED, W, G, MB_Z, MB_X, [1, 2], None, 300, 4)
    V = [600.0, 1450.0]
    got = call(STACKED[2:], W, G, MB_Z, MB_X, 2, V, 300, 3, [0.1, 0.9], "minmax", "dirichlet")
    u = model.iie_uncertainty(COUNTS[1:], W, G, model.calc_A(MB_Z, MB_X), MB_X, [1], V, draws=300, seed=3,
                              quantiles=[0.1, 0.9], operator="minmax", method="dirichlet")
    np.testing.assert_array_equal(np.array(got[1:-1], dtype=float), u.table())


def test_uncertainty_band_collapses_with_unanimous_votes():
    unanimous = [[0, 10, 0], [0, 0, 7], [5, 0, 0], [0, 3, 0]]
    got = FUNCTIONS["IIE_UNCERTAINTY"](unanimous, W, G, MB_Z, MB_X, [1, 2], None, 50)
    band, point = np.array(got[1:-1], dtype=float)[:, 1:], np.array(got[-1][1:])
    np.testing.assert_allclose(band, np.broadcast_to(point, band.shape), rtol=1e-12)


@pytest.mark.parametrize("change, argument, text", [
    ({5: [0, 2]}, "related", "0 is not a sector position 1..2"),
    ({5: [1, 1]}, "related", "listed more than once"),
    ({5: [[None], [None]]}, "related", "lists no sector"),
    ({5: [1]}, "expert_counts", "4 rows, but 1 sectors × 2 criteria need 2"),
    ({7: 0}, "draws", "at least 1"),
    ({7: 2_000_000}, "draws", "1 to 1,000,000"),
    ({8: -1}, "seed", "at least 0"),
    ({9: [0.5, 1.5]}, "quantiles", "[0, 1]"),
    ({10: "max"}, "operator", "unknown option"),
    ({11: "bootstrap"}, "method", "unknown option"),
    ({1: [0.5, 0.4]}, "weights", "sum to 1"),
    ({2: [0.9, 0.5]}, "grades", "2 grade values, but expert_counts has 3 columns"),
    ({0: STACKED[:3]}, "expert_counts", "3 rows"),
    ({0: [[1, 2, -1]] + STACKED[1:]}, "expert_counts", "negative"),
    ({4: [1000.0]}, "total_output", "1 value, but flows is 2×2"),
])
def test_uncertainty_bad_arguments(change, argument, text):
    args = [STACKED, W, G, MB_Z, MB_X, [1, 2], None, 20, 0, None, None, None]
    for i, v in change.items():
        args[i] = v
    e = err("IIE_UNCERTAINTY", *args)
    assert e.argument == argument and text in e.problem, str(e)
