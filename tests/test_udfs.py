"""The Excel functions (iiecon_xl.udfs) on Linux: the registry, equality with the model
for Excel-shaped inputs (rows and columns, blanks, numbers stored as text), the input
errors (each names its Excel argument), the Excel entry points, and the xlwings Lite files."""

from __future__ import annotations

import inspect
import re
import runpy
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from iiecon_xl import __version__, model, parameters, udfs
from iiecon_xl.errors import IIEInputError
from iiecon_xl.udfs import EXCEL, FUNCTIONS, SPECS

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_NAMES = {
    "LEONTIEF_INV", "IIE_DIRECT", "IIE_PENETRATION", "CITY_INDEX", "IIE_AUGMENT", "PRODFN_FIT",
    "TECH_MULTIPLIER", "IIE_EXTRAPOLATE", "FUZZY_EVAL", "CITY_TIER", "IIE_VERSION", "TECH_COEFF",
    # what the workbook templates call besides (iiecon_xl/workbook/builder.py)
    "IIE_ALIGN", "TOP_N", "TIER_TABLE", "TOPN_SHARE",
}
#: The IO analysis menu (issue 15; iiecon_xl/excel/analysis_functions.py): its bad-input cases
#: are in tests/test_excel_analysis.py.
ANALYSIS_NAMES = {"IO_MULTIPLIERS", "IO_LINKAGES", "GHOSH_INV", "IO_EXTRACTION", "IO_AGGREGATE", "RAS_UPDATE",
                  "IIE_UNCERTAINTY"}
BAD_INPUT_NAMES = EXPECTED_NAMES - {"IIE_VERSION"}
EXPECTED_NAMES = EXPECTED_NAMES | ANALYSIS_NAMES


# ----------------------------------------------------------------------------- fixtures


def io_table(n: int = 6, seed: int = 0):
    """A productive IO table: flows Z, total output X (> column sums), related shares S."""
    rng = np.random.default_rng(seed)
    Z = rng.uniform(0.0, 40.0, size=(n, n))
    Z[rng.random((n, n)) < 0.2] = 0.0
    X = Z.sum(axis=0) + rng.uniform(20.0, 80.0, size=n)
    S = np.zeros(n)
    S[[1, n - 2]] = [0.35, 0.8]
    return Z, X, S


def as_row(v):
    return [list(v)]


def as_col(v):
    return [[x] for x in v]


def as_flat(v):
    return list(v)


ORIENTATIONS = {"row": as_row, "column": as_col, "flat": as_flat}


def as_text(v):
    """Numbers stored as text, with thousands separators and padding like a pasted table."""
    return [f" {x:,.17g} " if abs(x) < 1e15 else repr(float(x)) for x in v]


def text_matrix(M):
    return [[f"{x:,.17g}" if (i + j) % 3 == 0 else float(x) for j, x in enumerate(row)]
            for i, row in enumerate(np.asarray(M))]


def blanks_for_zeros(M):
    return [[None if x == 0 else float(x) for x in row] for row in np.asarray(M)]


def column_values(result):
    assert isinstance(result, list) and all(isinstance(r, list) and len(r) == 1 for r in result), result
    return np.array([r[0] for r in result], dtype=float)


def err(fn, *args) -> IIEInputError:
    with pytest.raises(IIEInputError) as info:
        fn(*args)
    return info.value


# ----------------------------------------------------------------------------- registry


def test_registry_holds_every_required_function():
    assert set(FUNCTIONS) == EXPECTED_NAMES
    assert set(SPECS) == set(FUNCTIONS) == set(EXCEL) == set(udfs.NAMES) == set(udfs.__all__)


@pytest.mark.parametrize("name", sorted(EXPECTED_NAMES))
def test_registry_entries(name):
    spec, plain, entry = SPECS[name], FUNCTIONS[name], EXCEL[name]
    assert spec.func is plain and plain.__name__ == name
    assert getattr(udfs, name) is entry, "the module attribute is what classic xlwings / Lite call"
    assert [a for a, _ in spec.args] == list(inspect.signature(plain).parameters)
    assert inspect.signature(entry) == inspect.signature(plain), "Excel sees the named arguments"
    assert 0 < len(spec.doc) <= 255 and entry.__doc__ == spec.doc
    assert all(0 < len(h) <= 255 for _, h in spec.args), "Function Wizard help is cut at 255 characters"
    assert spec.returns and spec.formula
    assert set(spec.ranges) <= {a for a, _ in spec.args}


def test_fixed_signatures():
    assert SPECS["LEONTIEF_INV"].signature() == "LEONTIEF_INV(matrix, [total_output])"
    assert SPECS["IIE_DIRECT"].signature() == \
        "IIE_DIRECT(total_input, intermediate_input, coefficients, [by_sector])"
    assert SPECS["IIE_PENETRATION"].signature() == \
        "IIE_PENETRATION(flows, total_output, coefficients, [value_added], [result])"
    assert SPECS["CITY_INDEX"].signature() == "CITY_INDEX(values, N, [mean], [population])"


VBA_RESERVED = {
    "and", "as", "attribute", "boolean", "byref", "byte", "byval", "call", "case", "class", "close", "const",
    "currency", "date", "debug", "decimal", "declare", "defbool", "dim", "do", "double", "each", "else",
    "elseif", "empty", "end", "endif", "enum", "eqv", "erase", "error", "event", "exit", "false", "for",
    "friend", "function", "get", "global", "gosub", "goto", "if", "imp", "implements", "in", "input",
    "integer", "is", "let", "like", "line", "lock", "long", "loop", "lset", "me", "mod", "name", "new",
    "next", "not", "nothing", "null", "object", "on", "open", "option", "optional", "or", "output",
    "paramarray", "preserve", "print", "private", "property", "public", "put", "raiseevent", "randomize",
    "redim", "rem", "resume", "return", "rset", "seek", "select", "set", "single", "static", "step", "stop",
    "string", "sub", "then", "to", "true", "type", "typeof", "unlock", "until", "variant", "wend", "while",
    "width", "with", "withevents", "write", "xor", "array", "caller",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_NAMES))
def test_names_are_valid_in_vba_and_office_js(name):
    """Classic xlwings writes each function as a VBA Function with these parameter names."""
    assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name) and name.lower() not in VBA_RESERVED
    for arg, _ in SPECS[name].args:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", arg), arg
        assert arg.lower() not in VBA_RESERVED, f"{name}: argument {arg!r} is a VBA keyword"
    assert len({a.lower() for a, _ in SPECS[name].args}) == len(SPECS[name].args), "VBA is case-insensitive"


@pytest.mark.skipif(sys.platform.startswith("win"), reason="Windows has the COM decorators")
def test_decorators_are_noops_on_linux():
    """No Excel here: xlwings' decorators leave the entry points plain callables."""
    import xlwings as xw

    assert not getattr(xw, "on_server", False)
    assert all(not hasattr(f, "__xlfunc__") for f in EXCEL.values())


@pytest.mark.parametrize("name", sorted(EXPECTED_NAMES))
def test_examples_run(name):
    spec = SPECS[name]
    result = FUNCTIONS[name](*spec.example)
    assert result is not None


# ----------------------------------------------------------------------------- LEONTIEF_INV / TECH_COEFF


def test_leontief_inv_of_A_equals_model():
    Z, X, _ = io_table()
    A = model.calc_A(Z, X)
    got = np.array(FUNCTIONS["LEONTIEF_INV"](A.tolist()))
    np.testing.assert_allclose(got, model.calc_L(A), rtol=1e-12)


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_leontief_inv_of_flows_equals_model(orientation):
    Z, X, _ = io_table(seed=1)
    expected = model.calc_L(model.calc_A(Z, X))
    shaped_X = ORIENTATIONS[orientation](X)
    for matrix in (Z.tolist(), text_matrix(Z), blanks_for_zeros(Z)):
        got = np.array(FUNCTIONS["LEONTIEF_INV"](matrix, shaped_X))
        np.testing.assert_allclose(got, expected, rtol=1e-12)
    got = np.array(FUNCTIONS["LEONTIEF_INV"](Z.tolist(), ORIENTATIONS[orientation](as_text(X))))
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_leontief_inv_blank_total_output_means_A():
    A = [[0.2, 0.3], [0.1, 0.4]]
    expected = model.calc_L(np.array(A))
    for absent in (None, [[None]], "", [[""]]):
        np.testing.assert_allclose(np.array(FUNCTIONS["LEONTIEF_INV"](A, absent)), expected)


def test_leontief_one_sector():
    assert FUNCTIONS["LEONTIEF_INV"](0.5) == [[2.0]]
    assert FUNCTIONS["LEONTIEF_INV"]([[10]], [[40]]) == [[pytest.approx(4 / 3)]]


def test_tech_coeff_equals_model():
    Z, X, _ = io_table(seed=2)
    Z[:, 2] = Z[2, :] = 0.0  # sector 3 produces nothing: it neither buys nor sells
    X[2] = 0.0
    got = np.array(FUNCTIONS["TECH_COEFF"](blanks_for_zeros(Z), as_row(X)))
    np.testing.assert_allclose(got, model.calc_A(Z, X), rtol=1e-15)


# ----------------------------------------------------------------------------- IIE_DIRECT


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_iie_direct_equals_model(orientation):
    Z, X, S = io_table(seed=3)
    M = Z.sum(axis=0)
    k = np.flatnonzero(S)
    shape = ORIENTATIONS[orientation]
    coeffs = [None if s == 0 else s for s in S]  # blank = not related
    total = FUNCTIONS["IIE_DIRECT"](shape(X), shape(as_text(M)), shape(coeffs))
    assert isinstance(total, float)
    assert total == pytest.approx(model.direct_total(X, M, k, S[k]), rel=1e-13)
    by = FUNCTIONS["IIE_DIRECT"](shape(X), shape(M), shape(coeffs), True)
    np.testing.assert_allclose(column_values(by), model.direct_by_sector(X, M, k, S[k]), rtol=1e-13)
    for flag in ("TRUE", 1, [[True]]):
        assert FUNCTIONS["IIE_DIRECT"](shape(X), shape(M), shape(coeffs), flag) == by
    for flag in (False, None, "FALSE", 0):
        assert FUNCTIONS["IIE_DIRECT"](shape(X), shape(M), shape(coeffs), flag) == total


# ----------------------------------------------------------------------------- IIE_PENETRATION


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_iie_penetration_equals_model(orientation):
    Z, X, S = io_table(seed=4)
    k = np.flatnonzero(S)
    A = model.calc_A(Z, X)
    V = X - Z.sum(axis=0)
    pen = model.penetration(A, X, k, S[k], V)
    shape = ORIENTATIONS[orientation]
    args = (text_matrix(Z), shape(X), shape([None if s == 0 else str(s) for s in S]))
    np.testing.assert_allclose(column_values(FUNCTIONS["IIE_PENETRATION"](*args)), pen.dz, rtol=1e-12)
    np.testing.assert_allclose(column_values(FUNCTIONS["IIE_PENETRATION"](*args, None, "dY")), pen.dY, rtol=1e-12)
    np.testing.assert_allclose(column_values(FUNCTIONS["IIE_PENETRATION"](*args, None, "LAMBDA")), pen.lam,
                               rtol=1e-12)
    assert FUNCTIONS["IIE_PENETRATION"](*args, None, "total") == pytest.approx(pen.total, rel=1e-12)
    table = np.array(FUNCTIONS["IIE_PENETRATION"](*args, None, "table"))
    np.testing.assert_allclose(table, pen.table(), rtol=1e-12)
    # identity of METHOD.md §2 step 5: dz_i = ΔY_i · V_i / X_i
    np.testing.assert_allclose(table[:, 2], table[:, 0] * V / X, rtol=1e-12)


def test_iie_penetration_value_added_argument():
    Z, X, S = io_table(seed=5)
    k = np.flatnonzero(S)
    V = (X - Z.sum(axis=0)) * 0.9
    pen = model.penetration(model.calc_A(Z, X), X, k, S[k], V)
    got = FUNCTIONS["IIE_PENETRATION"](Z.tolist(), as_col(X), as_col(S), as_row(V), "total")
    assert got == pytest.approx(pen.total, rel=1e-12)


def test_iie_penetration_without_related_is_zero():
    Z, X, _ = io_table(seed=6)
    assert FUNCTIONS["IIE_PENETRATION"](Z.tolist(), X.tolist(), [None] * len(X), None, "total") == 0.0


# ----------------------------------------------------------------------------- IIE_AUGMENT


def test_iie_augment_equals_model_for_every_way_to_name_related():
    Z, X, S = io_table(seed=7)
    n = len(X)
    k = np.flatnonzero(S)
    A = model.calc_A(Z, X)
    aug = model.augment(A, X, k, S[k])
    flags = [1 if s else 0 for s in S]
    ways = [
        ([[None]], as_col(S)),                               # blank related: nonzero coefficients
        ("", S.tolist()),
        (as_col(k + 1), as_col(S[k])),                        # 1-based positions + one share each
        (as_col(list(k + 1) + [None]), as_col(list(S[k]) + [None])),  # trailing blanks ignored
        (as_col(k + 1), as_col(S)),                           # positions + shares by sector
        (as_col(flags), as_col(S)),                           # 0/1 flags + shares by sector
        (as_row([True if f else None for f in flags]), S.tolist()),  # TRUE flags, blanks = 0
        (as_col(flags), as_col(S[k])),                        # flags + one share per flagged sector
    ]
    for related, coeffs in ways:
        got = np.array(FUNCTIONS["IIE_AUGMENT"](Z.tolist(), as_col(X), related, coeffs))
        assert got.shape == (n + len(k), n + len(k))
        np.testing.assert_allclose(got, aug.A, rtol=1e-13, err_msg=str(related))
    np.testing.assert_allclose(column_values(FUNCTIONS["IIE_AUGMENT"](Z.tolist(), X.tolist(), None, S.tolist(),
                                                                      "output")), aug.X, rtol=1e-13)
    Zs = np.array(FUNCTIONS["IIE_AUGMENT"](Z.tolist(), X.tolist(), None, S.tolist(), "flows"))
    G = model.aggregation_matrix(n, k)
    np.testing.assert_allclose(G @ Zs @ G.T, Z, rtol=1e-12, atol=1e-12)


def test_iie_augment_positions_order_follows_related():
    Z, X, _ = io_table(seed=8)
    got = np.array(FUNCTIONS["IIE_AUGMENT"](Z.tolist(), X.tolist(), [[5], [2]], [[0.1], [0.6]]))
    aug = model.augment(model.calc_A(Z, X), X, [4, 1], [0.1, 0.6])
    np.testing.assert_allclose(got, aug.A, rtol=1e-13)


# ----------------------------------------------------------------------------- production function


def macro_series(seed: int = 0):
    rng = np.random.default_rng(seed)
    years = np.arange(2005, 2025)
    t = years - years[0]
    K = 100.0 * 1.09 ** t * np.exp(rng.normal(0, 0.02, t.size))
    L = 50.0 * (1.0 + 0.05 * np.sin(t)) * np.exp(rng.normal(0, 0.02, t.size))
    tfp = np.where(years > 2016, 1.02 ** (years - 2016), 1.0)
    Y = 2.0 * K ** 0.4 * L ** 0.6 * tfp * np.exp(rng.normal(0, 0.01, t.size))
    return years, Y, K, L


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
@pytest.mark.parametrize("constant_returns", [False, True])
def test_prodfn_fit_equals_model(orientation, constant_returns):
    years, Y, K, L = macro_series()
    shape = ORIENTATIONS[orientation]
    Yb = Y.copy()
    Yb[3] = np.nan  # a missing year
    fit = model.fit_cobb_douglas(pd.Series(Yb, index=years), pd.Series(K, index=years),
                                 pd.Series(L, index=years), window=(2007, 2016),
                                 constant_returns=constant_returns)
    table = FUNCTIONS["PRODFN_FIT"](shape(years.tolist()), shape([None if np.isnan(y) else y for y in Yb]),
                                    shape(as_text(K)), shape(L), None, "2016", constant_returns)
    assert table[0] == ["parameter", "estimate", "std_error"]
    rows = {r[0]: r[1:] for r in table[1:]}
    assert list(rows) == ["lnA", "alpha", "beta", "A", "R2", "nobs", "warning"]
    expected = fit.table()
    for p in ["lnA", "alpha", "beta", "A", "R2", "nobs"]:
        assert rows[p][0] == pytest.approx(expected.loc[p, "estimate"], rel=1e-10)
        if p in ("R2", "nobs"):
            assert rows[p][1] is None
        else:
            assert rows[p][1] == pytest.approx(expected.loc[p, "std_error"], rel=1e-10)
    assert rows["warning"] == ["; ".join(fit.warnings), None]


def test_prodfn_fit_warning_row():
    years, Y, K, L = macro_series(1)
    Y = Y * K ** 0.9  # α far above 1
    table = FUNCTIONS["PRODFN_FIT"](years.tolist(), Y.tolist(), K.tolist(), L.tolist())
    assert "alpha" in table[-1][1] and "outside (0, 1)" in table[-1][1]


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_tech_multiplier_equals_model(orientation):
    years, Y, K, L = macro_series(2)
    shape = ORIENTATIONS[orientation]
    s = {n: pd.Series(v, index=years) for n, v in (("Y", Y), ("K", K), ("L", L))}
    fit = model.fit_cobb_douglas(s["Y"], s["K"], s["L"], window=(2007, 2016))
    gamma = model.tfp(fit, s["Y"], s["K"], s["L"])
    mu = model.multiplier(gamma)
    order = years[::-1]  # rows follow the order given
    rev = {n: v[::-1] for n, v in (("Y", Y), ("K", K), ("L", L))}
    table = FUNCTIONS["TECH_MULTIPLIER"](shape(order.tolist()), shape(rev["Y"]), shape(rev["K"]), shape(rev["L"]))
    assert table[0] == ["year", "gamma", "mu"]
    assert [r[0] for r in table[1:]] == order.tolist()
    for year, g, m in table[1:]:
        assert g == pytest.approx(gamma[year], rel=1e-12)
        if year == years[0]:
            assert m is None
        else:
            assert m == pytest.approx(mu[year], rel=1e-12)
    late = {r[0]: r[2] for r in table[1:]}
    assert late[2020] == pytest.approx(1.02, abs=0.03)


# ----------------------------------------------------------------------------- IIE_EXTRAPOLATE


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
@pytest.mark.parametrize("window", [None, 3])
def test_iie_extrapolate_equals_model(orientation, window):
    years = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]
    values = [None, 10.0, "11.5", 12.0, None, 14.5, 15.0, None, None]
    shape = ORIENTATIONS[orientation]
    numeric = pd.Series([np.nan if v is None else float(v) for v in values], index=years)
    filled, flags = model.linear_extrapolate(numeric, window)
    got = FUNCTIONS["IIE_EXTRAPOLATE"](shape(years), shape(values), window)
    np.testing.assert_allclose(column_values(got), filled.to_numpy(), rtol=1e-12)
    got_flags = FUNCTIONS["IIE_EXTRAPOLATE"](shape(years), shape(values), window, "flag")
    assert [r[0] for r in got_flags] == flags.tolist()
    table = FUNCTIONS["IIE_EXTRAPOLATE"](shape(years), shape(values), window, "table")
    assert [r[1] for r in table] == flags.tolist()
    assert flags.tolist()[:2] == ["extrapolated", "observed"] and "interpolated" in flags.tolist()


def test_iie_extrapolate_keeps_input_order():
    got = FUNCTIONS["IIE_EXTRAPOLATE"]([2022, 2020, 2021], [None, 1.0, 2.0], None, "table")
    assert got == [[pytest.approx(3.0), "extrapolated"], [1.0, "observed"], [2.0, "observed"]]


# ----------------------------------------------------------------------------- FUZZY_EVAL


@pytest.mark.parametrize("operator", [None, "weighted", "MinMax"])
def test_fuzzy_eval_equals_model(operator):
    counts = [[3, 5, 2, 0, 0], [1, 4, 4, 1, None], ["2", 2, 5, 1, 0]]
    W, G = [0.5, 0.3, 0.2], [0.9, 0.7, 0.5, 0.3, 0.1]
    R = model.membership(np.array([[3, 5, 2, 0, 0], [1, 4, 4, 1, 0], [2, 2, 5, 1, 0]], dtype=float))
    op = "minmax" if operator == "MinMax" else "weighted"
    _, S = model.fuzzy_evaluate(W, R, G, op)
    for w, g in ((as_col(W), as_row(G)), (as_row(W), as_col(G)), (W, G)):
        assert FUNCTIONS["FUZZY_EVAL"](counts, w, g, operator) == pytest.approx(S, rel=1e-13)
    # a membership matrix (rows already summing to 1) gives the same S
    assert FUNCTIONS["FUZZY_EVAL"](R.tolist(), W, G, operator) == pytest.approx(S, rel=1e-13)


# ----------------------------------------------------------------------------- cities


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_city_index_equals_model(orientation):
    values = [120.0, "40", None, 15.5, 0.0, " 1,000 "]
    numeric = np.array([120.0, 40.0, np.nan, 15.5, 0.0, 1000.0])
    shape = ORIENTATIONS[orientation]
    got = FUNCTIONS["CITY_INDEX"](shape(values), 20)
    expected = model.city_index(numeric, 20)
    assert got[2] == [None]
    np.testing.assert_allclose(column_values([r for i, r in enumerate(got) if i != 2]),
                               np.delete(expected, 2), rtol=1e-13)
    got_mean = FUNCTIONS["CITY_INDEX"](shape(values), "20", [[200]])
    np.testing.assert_allclose(column_values(got_mean[:2]), model.city_index(numeric, 20, 200.0)[:2])


def test_city_index_population_flags():
    """population (0/1 flags, TRUE/FALSE too) says which rows enter X̄ (METHOD §7: the four
    municipalities get an index but stay out of the prefecture mean). Values (1, 2, 3, blank),
    flags (0, 1, 1, 1): X̄ = (2 + 3)/2 = 2.5 (the blank leaves the mean too), so CI = 20 ln(1 + x/2.5)."""
    values = [[1.0], [2.0], [3.0], [None]]
    got = FUNCTIONS["CITY_INDEX"](values, 20, None, [[0], [1], [True], [1]])
    np.testing.assert_allclose(column_values(got[:3]), 20 * np.log1p(np.array([1.0, 2.0, 3.0]) / 2.5), rtol=1e-14)
    assert got[3] == [None]
    np.testing.assert_allclose(column_values(got[:3]),
                               model.city_index([1.0, 2.0, 3.0, np.nan], 20, population=[0, 1, 1, 1])[:3],
                               rtol=1e-15)
    for flags in ([[0], [1]], [[0], [0], [0], [1]]):
        with pytest.raises(IIEInputError, match="population"):
            FUNCTIONS["CITY_INDEX"](values, 20, None, flags)
    # a given mean wins over the flags
    assert FUNCTIONS["CITY_INDEX"](values, 20, [[1.0]], [[0], [1], [1], [1]])[0][0] == pytest.approx(20 * np.log(2))


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_city_tier_equals_model(orientation):
    index = [62.3, 50.0, "41", 35.0, 30.2, 25.0, 18.5, 17.0, 9.9, None]
    numeric = np.array([62.3, 50.0, 41.0, 35.0, 30.2, 25.0, 18.5, 17.0, 9.9])
    shape = ORIENTATIONS[orientation]
    got = FUNCTIONS["CITY_TIER"](shape(index))
    assert [r[0] for r in got] == model.city_tier(numeric).tolist() + [None]
    assert [r[0] for r in got][:9] == [1, 1, 2, 2, 3, 3, 4, 4, 0]
    got = FUNCTIONS["CITY_TIER"](shape(index), [[60], [20]])
    assert [r[0] for r in got] == model.city_tier(numeric, (60, 20)).tolist() + [None]
    with pytest.raises(IIEInputError, match=r"^thresholds: cell \(3, 1\) is blank$"):  # never dropped
        FUNCTIONS["CITY_TIER"](shape(index), [[60], [20], [None]])


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_iie_align(orientation):
    shape = ORIENTATIONS[orientation]
    sector_codes = ["001", "002", "039", "040", "A7"]
    got = FUNCTIONS["IIE_ALIGN"](shape(sector_codes), shape([39, None, "a7", " 002 "]), shape([0.6, None, "0.5", 0.25]))
    assert column_values(got).tolist() == [0.0, 0.25, 0.6, 0.0, 0.5]
    S = FUNCTIONS["IIE_ALIGN"](shape(sector_codes), shape(["040"]), shape([0.0]))
    assert column_values(S).tolist() == [0.0] * 5


def test_iie_align_feeds_iie_direct():
    Z, X, S = io_table(seed=10)
    codes = [f"{i + 1:03d}" for i in range(len(X))]
    k = np.flatnonzero(S)
    aligned = FUNCTIONS["IIE_ALIGN"](as_row(codes), as_col([codes[i] for i in k]), as_col(S[k]))
    np.testing.assert_allclose(column_values(aligned), S)
    M = Z.sum(axis=0)
    assert FUNCTIONS["IIE_DIRECT"](as_row(X), as_row(M), aligned) == pytest.approx(model.direct_total(X, M, k, S[k]))


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_top_n(orientation):
    shape = ORIENTATIONS[orientation]
    names = ["a", "b", "c", "d", "e", 11]
    values = [3.0, None, "7", 3.0, 9.5, 1.0]
    assert FUNCTIONS["TOP_N"](shape(names), shape(values), 3) == [["e", 9.5], ["c", 7.0], ["a", 3.0]]
    assert FUNCTIONS["TOP_N"](shape(names), shape(values)) == \
        [["e", 9.5], ["c", 7.0], ["a", 3.0], ["d", 3.0], ["11", 1.0]]
    assert len(FUNCTIONS["TOP_N"](shape(names), shape(values), 100)) == 5


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_tier_table_equals_model(orientation):
    shape = ORIENTATIONS[orientation]
    names = ["北京", "上海", "深圳", "无锡", "大连", "太原", "某市", "空"]
    index = [70.1, 66.0, 58.2, 49.0, 30.0, 20.5, 3.0, None]
    table = FUNCTIONS["TIER_TABLE"](shape(names), shape(index))
    expected = model.tier_table(names[:7], index[:7])
    assert table[0] == ["tier", "index_range", "count", "cities"]
    assert table[1:] == [[r.tier, r.index_range, r.count, r.cities] for r in expected.itertuples()]
    assert table[1] == [1, "≥ 50", 3, "北京、上海、深圳"]
    assert len(FUNCTIONS["TIER_TABLE"](shape(names), shape(index), [[60], [40]])) == 3


def test_topn_share_equals_model():
    values = [120.0, "40", None, 15.0, 80.0]
    numeric = np.array([120.0, 40.0, np.nan, 15.0, 80.0])
    for n in (1, 2, "3", 10):
        assert FUNCTIONS["TOPN_SHARE"](as_col(values), 400, n) == pytest.approx(model.top_n_share(numeric, 400, int(n)))


def test_iie_version():
    assert FUNCTIONS["IIE_VERSION"]() == __version__


# ----------------------------------------------------------------------------- input errors


Z0, X0, S0 = io_table(n=4, seed=9)
Zl, Xl, Sl = Z0.tolist(), X0.tolist(), S0.tolist()
YRS, Y0, K0, L0 = (v.tolist() for v in macro_series())

BAD_INPUTS = [
    # (function, args, argument named, text in the message)
    ("LEONTIEF_INV", ([[0.1, 0.2, 0.3], [0.1, 0.2, 0.3]],), "matrix", "must be square, got 2×3"),
    ("LEONTIEF_INV", ([[0.1, "#N/A"], [0.1, 0.2]],), "matrix", "cell (1, 2) holds the error value #N/A"),
    ("LEONTIEF_INV", ([[0.1, "abc"], [0.1, 0.2]],), "matrix", "holds the text 'abc'"),
    ("LEONTIEF_INV", ([[0.1, True], [0.1, 0.2]],), "matrix", "holds TRUE"),
    ("LEONTIEF_INV", ([[0.9, 0.5], [0.5, 0.9]],), "matrix", "not productive"),
    ("LEONTIEF_INV", ([[-0.1, 0.2], [0.1, 0.2]],), "matrix", "negative"),
    ("LEONTIEF_INV", (Zl, Xl[:3]), "total_output", "3 values, but matrix is 4×4"),
    ("LEONTIEF_INV", (Zl, [[1, 2], [3, 4]]), "total_output", "must be a single row or column, got 2×2"),
    ("LEONTIEF_INV", (Zl, [0.0] + Xl[1:]), "total_output", "sector 1 has zero output"),
    ("LEONTIEF_INV", ([],), "matrix", "is empty"),
    ("LEONTIEF_INV", ([[1.0, 2.0], [3.0]],), "matrix", "rectangular"),
    ("TECH_COEFF", (Zl, Xl + [1.0]), "total_output", "5 values, but flows is 4×4"),
    ("TECH_COEFF", (Zl, [-1.0] + Xl[1:]), "total_output", "negative"),
    ("IIE_DIRECT", (Xl, Xl[:3], Sl), "intermediate_input", "3 values, but total_input has 4"),
    ("IIE_DIRECT", (Xl, Xl, Sl[:2]), "coefficients", "2 values, but total_input has 4"),
    ("IIE_DIRECT", (Xl, Xl, [0, 1.5, 0, 0]), "coefficients", "[0, 1]; item 2 is 1.5"),
    ("IIE_DIRECT", (Xl, Xl, Sl, "maybe"), "by_sector", "TRUE or FALSE"),
    ("IIE_DIRECT", (Xl, ["#DIV/0!"] * 4, Sl), "intermediate_input", "item 1 holds the error value #DIV/0!"),
    ("IIE_PENETRATION", (Zl, Xl[:3], Sl), "total_output", "3 values, but flows is 4×4"),
    ("IIE_PENETRATION", (Zl, Xl, Sl + [0.1]), "coefficients", "5 values, but flows is 4×4"),
    ("IIE_PENETRATION", (Zl, Xl, [-0.2, 0, 0, 0]), "coefficients", "[0, 1]"),
    ("IIE_PENETRATION", (Zl, Xl, Sl, Xl[:2]), "value_added", "2 values, but flows is 4×4"),
    ("IIE_PENETRATION", (Zl, Xl, Sl, None, "sum"), "result", "unknown option 'sum'"),
    ("IIE_PENETRATION", ([[20, 30], [20, 20]], [40, 50], [0, 0.5]), "flows", "singular"),  # Σ_i a_ij = 1
    ("IIE_PENETRATION", (Zl, [-5.0] + Xl[1:], Sl), "total_output", "negative"),
    ("IIE_AUGMENT", (Zl, Xl, [[7]], [[0.5]]), "related", "not a sector position 1..4"),
    ("IIE_AUGMENT", (Zl, Xl, [[2], [2]], [[0.5], [0.5]]), "related", "sector 2 is listed more than once"),
    ("IIE_AUGMENT", (Zl, Xl, [[2], [3]], [[0.5], [0.5], [0.5]]), "coefficients", "3 values, but related has 2"),
    ("IIE_AUGMENT", (Zl, Xl, [[2]], [[2.0]]), "coefficients", "[0, 1]"),
    ("IIE_AUGMENT", (Zl, Xl, [[2.5]], [[0.5]]), "related", "not a sector position"),
    ("PRODFN_FIT", (YRS, Y0[:-1], K0, L0), "Y", "19 values, but years has 20"),
    ("PRODFN_FIT", (YRS[:-1] + [YRS[0]], Y0, K0, L0), "years", f"duplicated year(s): {YRS[0]}"),
    ("PRODFN_FIT", ([2000.5] + YRS[1:], Y0, K0, L0), "years", "not a whole year"),
    ("PRODFN_FIT", ([None] + YRS[1:], Y0, K0, L0), "years", "item 1 is blank"),
    ("PRODFN_FIT", (YRS, Y0, K0, L0, 2020, 2022), "start_year", "too few years"),
    ("PRODFN_FIT", (YRS, Y0, K0, L0, 2016, 2007), "start_year", "after end"),
    ("PRODFN_FIT", (YRS, [-1.0] * 20, K0, L0), "Y", "must be positive"),
    ("PRODFN_FIT", (YRS, Y0, K0, L0, "2007.5"), "start_year", "2007.5 is not a whole year"),
    ("PRODFN_FIT", (YRS, Y0, K0, L0, None, None, "yes please"), "constant_returns", "TRUE or FALSE"),
    ("TECH_MULTIPLIER", (YRS, Y0, K0, ["n/a"] + L0[1:]), "L", "holds the text 'n/a'"),
    ("TECH_MULTIPLIER", (YRS, Y0, K0, L0[:-1] + [-3.0]), "L", "must be positive (year 2024)"),
    ("IIE_EXTRAPOLATE", ([2020, 2021, 2022], [1.0, None, None]), "values", "at least 2 observed"),
    ("IIE_EXTRAPOLATE", ([2020, 2021, 2022], [1.0, 2.0, None], 1), "window", "at least 2"),
    ("IIE_EXTRAPOLATE", ([2020, 2021], [1.0, 2.0, 3.0]), "values", "3 values, but years has 2"),
    ("IIE_EXTRAPOLATE", ([2020, 2021, 2022], [1.0, 2.0, None], None, "flags!"), "result", "unknown option"),
    ("FUZZY_EVAL", ([[1, 2], [3, 4]], [1.0], [0.9, 0.1]), "weights", "1 weights, but counts_or_membership has 2"),
    ("FUZZY_EVAL", ([[1, 2], [3, 4]], [0.5, 0.5], [0.9]), "grades", "1 grade values"),
    ("FUZZY_EVAL", ([[1, 2], [3, 4]], [0.5, 0.6], [0.9, 0.1]), "weights", "sum to 1"),
    ("FUZZY_EVAL", ([[1, 2], [3, 4]], [0.5, 0.5], [0.9, 1.1]), "grades", "[0, 1]"),
    ("FUZZY_EVAL", ([[1, 2], [0, 0]], [0.5, 0.5], [0.9, 0.1]), "counts_or_membership", "no expert scores"),
    ("FUZZY_EVAL", ([[1, -2], [3, 4]], [0.5, 0.5], [0.9, 0.1]), "counts_or_membership", "negative"),
    ("FUZZY_EVAL", ([[1, 2], [3, 4]], [0.5, 0.5], [0.9, 0.1], "max"), "operator", "unknown option"),
    ("CITY_INDEX", ([1.0, 2.0], None), "N", "required but blank"),
    ("CITY_INDEX", ([1.0, 2.0], -3), "N", "positive"),
    ("CITY_INDEX", ([1.0, -2.0], 20), "values", "must not be negative"),
    ("CITY_INDEX", ([0.0, 0.0], 20), "values", "mean of the values is 0"),
    ("CITY_INDEX", ([None, None], 20), "values", "no values"),
    ("CITY_INDEX", ([1.0, 2.0], 20, 0), "mean", "must be positive"),
    ("CITY_INDEX", ([1.0, 2.0], [[20, 30]]), "N", "must be a single cell, got 1×2"),
    ("CITY_INDEX", ([1.0, "#N/A"], 20), "values", "item 2 holds the error value #N/A"),
    ("CITY_TIER", ([10.0], [17, 25]), "thresholds", "strictly decreasing"),
    ("IIE_ALIGN", (["001", "002"], ["003"], [0.5]), "related_codes", "code '003' is not among sector_codes"),
    ("IIE_ALIGN", (["001", "001"], ["001"], [0.5]), "sector_codes", "appears more than once"),
    ("IIE_ALIGN", (["001", None], ["001"], [0.5]), "sector_codes", "item 2 is blank"),
    ("IIE_ALIGN", (["001", "002"], ["1", "001"], [0.5, 0.5]), "related_codes", "appears more than once"),
    ("IIE_ALIGN", (["001", "002"], ["001"], [0.5, 0.5]), "coefficients", "2 values, but related_codes has 1"),
    ("IIE_ALIGN", (["001", "002"], ["001"], [None]), "coefficients", "item 1 (code '001') is blank"),
    ("IIE_ALIGN", (["001", "002"], ["001"], [1.2]), "coefficients", "[0, 1]"),
    ("IIE_ALIGN", (["001", "002"], [None], [0.3]), "related_codes", "blank but has a coefficient"),
    ("IIE_ALIGN", (["001", "002"], ["001"], ["#IIE! weights: bad"]), "coefficients", "error value #IIE!"),
    ("TOP_N", (["a", "b"], [1.0]), "values", "1 value, but names has 2"),
    ("TOP_N", (["a", "b"], [1.0, 2.0], 0), "n", "at least 1"),
    ("TOP_N", (["a", None], [1.0, 2.0]), "names", "item 2 is blank"),
    ("TOP_N", (["a", "b"], [None, None]), "values", "no values"),
    ("TOP_N", (["a", "#N/A"], [1.0, 2.0]), "names", "item 2 holds the error value #N/A"),
    ("TIER_TABLE", (["a", "b"], [1.0, 2.0], [10, 20]), "thresholds", "strictly decreasing"),
    ("TIER_TABLE", (["a"], [1.0, 2.0]), "index", "2 values, but names has 1"),
    ("TIER_TABLE", ([None, "b"], [1.0, 2.0]), "names", "item 1 is blank"),
    ("TOPN_SHARE", ([1.0, 2.0], 0, 1), "total", "must be positive"),
    ("TOPN_SHARE", ([1.0, 2.0], 10, 0), "n", "at least 1"),
    ("TOPN_SHARE", ([1.0, 2.0], 10, 1.5), "n", "whole number"),
    ("TOPN_SHARE", ([1.0, "x"], 10, 1), "values", "holds the text 'x'"),
    ("CITY_TIER", (["high"],), "index", "holds the text 'high'"),
]


@pytest.mark.parametrize("name, args, argument, text", BAD_INPUTS,
                         ids=[f"{b[0]}-{b[2]}-{i}" for i, b in enumerate(BAD_INPUTS)])
def test_bad_input_names_the_argument(name, args, argument, text):
    e = err(FUNCTIONS[name], *args)
    assert e.argument == argument, str(e)
    assert text in e.problem, str(e)
    assert str(e).startswith(f"{argument}: ")
    # the Excel entry point shows the same message in one cell instead of raising
    assert EXCEL[name](*args) == f"#IIE! {e}"


def test_every_function_has_bad_input_cases():
    assert {b[0] for b in BAD_INPUTS} == BAD_INPUT_NAMES


def test_issue_example_message():
    Z = np.ones((149, 149)) * 0.1
    X = np.full(148, 100.0)
    e = err(FUNCTIONS["IIE_PENETRATION"], Z.tolist(), X.tolist(), [0.0] * 149)
    assert str(e) == "total_output: 148 values, but flows is 149×149"


def test_excel_entry_reports_internal_errors_without_traceback(monkeypatch):
    def boom(*a, **k):
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(model, "calc_L", boom)
    got = EXCEL["LEONTIEF_INV"]([[0.1]])
    assert got == "#IIE! internal error: ZeroDivisionError: oops"
    assert "Traceback" not in got
    with pytest.raises(ZeroDivisionError):  # the registry callable does not hide it
        FUNCTIONS["LEONTIEF_INV"]([[0.1]])


def test_excel_entry_passes_results_through():
    assert EXCEL["LEONTIEF_INV"]([[0.5]]) == [[2.0]]
    assert EXCEL["IIE_VERSION"]() == __version__


def test_upstream_error_cell_propagates_with_its_cell():
    bad = EXCEL["TECH_COEFF"]([[1, 2, 3]], [1])
    assert bad.startswith("#IIE! flows:")
    got = EXCEL["LEONTIEF_INV"]([[0.1, bad], [0.1, 0.1]])
    assert got.startswith("#IIE! matrix: cell (1, 2) holds the error value #IIE! flows")


# ----------------------------------------------------------------------------- xlwings Lite files


def test_lite_main_exposes_every_registered_function():
    namespace = runpy.run_path(str(ROOT / "addin" / "lite" / "main.py"))
    for name in FUNCTIONS:
        assert namespace.get(name) is EXCEL[name], name


def test_lite_requirements_pin_this_version():
    text = (ROOT / "addin" / "lite" / "requirements.txt").read_text(encoding="utf-8")
    lines = [ln.split("#")[0].strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    pkg = [ln for ln in lines if re.match(r"iiecon[-_]xl", ln, re.I)]
    assert pkg == [f"iiecon-xl=={__version__}"]
    for dep in ("numpy", "scipy", "pandas", "statsmodels"):
        assert dep in lines, f"{dep} must be listed unpinned (Pyodide ships its own build)"


def test_cells_module_imports_neither_formulas_nor_xlwings():
    for path in (ROOT / "iiecon_xl" / "excel").glob("cell*.py"):
        src = path.read_text(encoding="utf-8")
        for mod in ("formulas", "xlwings"):
            assert f"import {mod}" not in src and f"from {mod}" not in src, path


LIGHT_CORE_CHILD = """
import runpy, sys
for heavy in ("formulas", "matplotlib", "xlsxwriter", "openpyxl"):
    sys.modules[heavy] = None  # importing it now raises ImportError
namespace = runpy.run_path(sys.argv[1])
print(sorted(k for k in namespace if k.isupper() and callable(namespace[k])))
"""


def test_lite_main_needs_only_the_core():
    """xlwings Lite installs the core only: main.py must import without the workbook extras."""
    import subprocess

    proc = subprocess.run([sys.executable, "-c", LIGHT_CORE_CHILD, str(ROOT / "addin" / "lite" / "main.py")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == str(sorted(FUNCTIONS))


def test_lite_requirements_are_the_core_only():
    text = (ROOT / "addin" / "lite" / "requirements.txt").read_text(encoding="utf-8")
    lines = {ln.split("#")[0].strip().lower() for ln in text.splitlines()} - {""}
    for heavy in ("formulas", "matplotlib", "xlsxwriter", "openpyxl", "noto-cjk-sans-otc"):
        assert not any(ln.startswith(heavy) for ln in lines), heavy


# ----------------------------------------------------------------------------- defaults from parameters


def test_optional_defaults_come_from_the_parameters():
    fit_window = parameters.FIT_WINDOW
    for name in ("PRODFN_FIT", "TECH_MULTIPLIER"):
        sig = inspect.signature(FUNCTIONS[name]).parameters
        assert (sig["start_year"].default, sig["end_year"].default) == fit_window
        assert sig["constant_returns"].default is parameters.DEFAULTS["constant_returns"]
        helps = dict(SPECS[name].args)
        assert helps["start_year"].endswith(f"Default {fit_window[0]}.")
        assert helps["end_year"].endswith(f"Default {fit_window[1]}.")
    assert inspect.signature(FUNCTIONS["FUZZY_EVAL"]).parameters["operator"].default == parameters.OPERATORS[0]
    assert f'"{parameters.OPERATORS[0]}" (default' in dict(SPECS["FUZZY_EVAL"].args)["operator"]
    assert inspect.signature(FUNCTIONS["IIE_EXTRAPOLATE"]).parameters["window"].default == \
        parameters.DEFAULTS["extrapolation_window"]
    shown = ", ".join(f"{t:g}" for t in parameters.TIER_THRESHOLDS)
    for name in ("CITY_TIER", "TIER_TABLE"):
        assert dict(SPECS[name].args)["thresholds"].endswith(f"Default {shown}.")
    assert " / ".join(f"{t:g}" for t in parameters.TIER_THRESHOLDS) in SPECS["CITY_TIER"].doc


def test_blank_optional_arguments_use_the_parameter_defaults():
    years, Y, K, L = (v.tolist() for v in macro_series(3))
    lo, hi = parameters.FIT_WINDOW
    assert FUNCTIONS["PRODFN_FIT"](years, Y, K, L, None, [[None]], "") == \
        FUNCTIONS["PRODFN_FIT"](years, Y, K, L, lo, hi, parameters.DEFAULTS["constant_returns"])
    index = [62.3, 41.0, 30.2, 18.5, 9.9]
    assert FUNCTIONS["CITY_TIER"](index, [[None]]) == FUNCTIONS["CITY_TIER"](index, list(parameters.TIER_THRESHOLDS))
    names = ["a", "b", "c", "d", "e"]
    assert FUNCTIONS["TIER_TABLE"](names, index) == FUNCTIONS["TIER_TABLE"](names, index, list(parameters.TIER_THRESHOLDS))
    counts, W, G = [[3, 5, 2], [1, 4, 4]], [0.6, 0.4], [0.9, 0.5, 0.1]
    assert FUNCTIONS["FUZZY_EVAL"](counts, W, G, None) == FUNCTIONS["FUZZY_EVAL"](counts, W, G, parameters.OPERATORS[0])


# ----------------------------------------------------------------------------- the module xlwings imports


def test_udfs_module_attributes_are_exactly_the_entry_points():
    """Classic xlwings registers every attribute of iiecon_xl.udfs that is an entry point."""
    entries = {name for name in dir(udfs) if any(getattr(udfs, name) is f for f in EXCEL.values())}
    assert entries == set(EXCEL) == set(udfs.__all__)
    for name, f in EXCEL.items():
        assert f.__name__ == name, "xlwings takes the Excel name from __name__"


def test_entry_points_log_internal_errors(monkeypatch, caplog):
    def boom(*a, **k):
        raise RuntimeError("kaput")

    monkeypatch.setattr(model, "calc_L", boom)
    with caplog.at_level("ERROR", logger="iiecon_xl.excel"):
        assert EXCEL["LEONTIEF_INV"]([[0.1]]) == "#IIE! internal error: RuntimeError: kaput"
    assert any(r.exc_info and "LEONTIEF_INV" in r.getMessage() for r in caplog.records)
