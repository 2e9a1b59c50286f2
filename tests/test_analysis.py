"""The headless IO analysis (iiecon_xl.analysis) on the demo inputs: every table equals the model
function it comes from on the base-year table of the measurement, the band's point estimate is
the measurement's own base year, the national band scales the national series, and the CSV files
carry Chinese + English headers."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from iiecon_xl import model, parameters, pipeline
from iiecon_xl.analysis import CLASS_ZH, AnalysisReport, analyse, write_tables
from iiecon_xl.demo import load_demo
from iiecon_xl.pipeline.base_year import io_in_unit

DRAWS, SEED = 300, 5
TABLES = ["io_multipliers", "io_linkages", "io_extraction", "uncertainty_shares", "uncertainty_base_year",
          "uncertainty_national"]


@pytest.fixture(scope="module")
def demo():
    inputs = load_demo()
    report = pipeline.run(inputs)
    return inputs, report, analyse(inputs, report, draws=DRAWS, seed=SEED)


@pytest.fixture(scope="module")
def table(demo):
    inputs, _, _ = demo
    Z, X, _, V = io_in_unit(inputs)
    k = np.array([inputs.io.codes.index(c) for c in inputs.related.index])
    return Z, X, V, k


def test_tables_and_sector_labels(demo):
    inputs, _, an = demo
    assert isinstance(an, AnalysisReport) and list(an.tables) == TABLES and an.warnings == []
    assert an.unit == inputs.params.unit and an.draws == DRAWS and an.seed == SEED
    assert an.quantiles == parameters.UNCERTAINTY_QUANTILES
    for name in ("io_multipliers", "io_linkages"):
        frame = an[name]
        assert list(frame.columns[:3]) == ["code", "name_zh", "name_en"]
        assert list(frame["code"]) == inputs.io.codes
        assert list(frame["name_zh"]) == list(inputs.io.sectors["name_zh"])


def test_multipliers_equal_the_model(demo, table):
    Z, X, V, _ = table
    m = model.io_multipliers(Z, X, V)
    frame = demo[2]["io_multipliers"]
    np.testing.assert_array_equal(frame["output_multiplier"], m.output.simple)
    np.testing.assert_array_equal(frame["output_direct"], m.output.direct)
    np.testing.assert_array_equal(frame["va_type_I"], m.value_added.type_I)
    # with V = X − 1'Z every unit of final demand ends as value added: v_c'L = 1' (Miller & Blair ch. 6)
    np.testing.assert_allclose(frame["va_multiplier"], 1.0, rtol=1e-10)


def test_linkages_and_key_sector_classes(demo, table):
    Z, X, _, k = table
    frame = demo[2]["io_linkages"]
    lk = model.linkages(Z, X)
    np.testing.assert_array_equal(frame["FL"], lk.FL)
    np.testing.assert_array_equal(frame["BL"], lk.BL)
    np.testing.assert_array_equal(frame["FL_leontief"], model.linkages(Z, X, kind="leontief").FL)
    np.testing.assert_array_equal(np.flatnonzero(frame["related"]), np.sort(k))
    key = (frame["BL"] > 1) & (frame["FL"] > 1)
    assert (frame.loc[key, "class_en"] == "key").all() and (frame.loc[~key, "class_en"] != "key").all()
    assert list(frame["class_zh"]) == [CLASS_ZH[c] for c in frame["class_en"]]
    assert np.mean(frame["BL"]) == pytest.approx(1.0, rel=1e-12)


def test_extraction_of_the_related_sectors(demo, table):
    Z, X, V, k = table
    frame = demo[2]["io_extraction"]
    f = X - Z.sum(axis=1)
    together = frame[frame["code"] == "K"]
    assert list(together["kind_en"]) == list(parameters.EXTRACTION_KINDS)
    expected = model.extraction(Z, X, f, k, V).table()
    np.testing.assert_array_equal(together[["output_loss", "output_loss_pct", "va_loss", "va_loss_pct"]], expected)
    first = frame[frame["code"] == demo[0].io.codes[k[0]]]
    np.testing.assert_array_equal(first[["output_loss", "va_loss"]], model.extraction(Z, X, f, [k[0]], V).table()[:, [0, 2]])
    assert len(frame) == 3 * (1 + len(k)) and (frame["output_loss"] > 0).all()
    # taking out all of K together loses more than taking out any one of them
    for kind in parameters.EXTRACTION_KINDS:
        rows = frame[frame["kind_en"] == kind]
        assert rows["output_loss"].iloc[0] == rows["output_loss"].max()


def test_band_point_is_the_measurements_base_year(demo):
    _, report, an = demo
    base = an["uncertainty_base_year"]
    point = base.iloc[0]
    sectors = report["sectors"]
    assert point["statistic_en"] == "Point estimate"
    assert point["core"] == pytest.approx(sectors["direct"].sum(), rel=1e-10)
    assert point["penetration"] == pytest.approx(sectors["dz"].sum(), rel=1e-10)
    assert point["total"] == pytest.approx(point["core"] + point["penetration"], rel=1e-12)
    band = base.iloc[1:]
    assert list(band["quantile"]) == list(parameters.UNCERTAINTY_QUANTILES)
    for col in ("core", "penetration", "total"):
        assert band[col].is_monotonic_increasing and band[col].iloc[0] < point[col] < band[col].iloc[-1]
    shares = an["uncertainty_shares"]
    np.testing.assert_allclose(shares["S"], report["related"]["S"], rtol=1e-12)
    assert (shares["S_q5"] <= shares["S_q50"]).all() and (shares["S_q50"] <= shares["S_q95"]).all()


def test_band_equals_the_model_uncertainty(demo, table):
    inputs, _, an = demo
    Z, X, V, k = table
    fz = inputs.fuzzy
    counts = np.stack([fz.counts.loc[c].to_numpy(dtype=float) for c in inputs.related.index])
    u = model.iie_uncertainty(counts, fz.criteria["weight"], fz.grades["value"], model.calc_A(Z, X), X, k, V,
                              draws=DRAWS, seed=SEED)
    np.testing.assert_array_equal(an["uncertainty_base_year"].iloc[1:][["core", "penetration", "total"]], u.bands)


def test_national_band_scales_the_national_series(demo):
    _, report, an = demo
    nat, base = an["uncertainty_national"], an["uncertainty_base_year"]
    national = report["national"]
    assert list(nat["year"]) == list(national["year"])
    for col in ("core", "penetration", "total"):
        np.testing.assert_array_equal(nat[col], national[col])
        for q, key in zip(parameters.UNCERTAINTY_QUANTILES, ("q5", "q50", "q95")):
            ratio = base.loc[base["quantile"] == q, col].item() / base.iloc[0][col]
            np.testing.assert_allclose(nat[f"{col}_{key}"], national[col] * ratio, rtol=1e-13)


def test_reproducible_with_the_seed_and_runs_the_measurement_itself(demo):
    inputs, _, an = demo
    again = analyse(inputs, draws=DRAWS, seed=SEED)
    for name in TABLES:
        pd.testing.assert_frame_equal(again[name], an[name])


def test_given_shares_leave_out_the_band():
    inputs = copy.deepcopy(load_demo())
    inputs.related.iloc[0, inputs.related.columns.get_loc("S")] = 0.3
    an = analyse(inputs, draws=10)
    assert "uncertainty_base_year" not in an.tables and "io_extraction" in an.tables
    assert "expert scores" in an.warnings[0]


def test_write_tables_with_bilingual_headers(demo, tmp_path):
    an = demo[2]
    written = write_tables(an, tmp_path / "analysis")
    assert [p.name for p in written] == [f"{n}.csv" for n in TABLES]
    assert written[0].read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens the Chinese headers
    mult = pd.read_csv(written[0], encoding="utf-8-sig", dtype={"部门代码 Sector code": str})
    assert list(mult.columns[:4]) == ["部门代码 Sector code", "名称 Name (zh)", "英文名称 Name (en)",
                                      "产出直接效应 Output: first-round effect"]
    assert mult["部门代码 Sector code"].iloc[0] == "001"
    ext = pd.read_csv(tmp_path / "analysis" / "io_extraction.csv", encoding="utf-8-sig")
    assert f"产出损失 Output lost ({an.unit})" in ext.columns and "产出损失占比 Output lost, share of base (%)" in ext.columns
    nat = pd.read_csv(tmp_path / "analysis" / "uncertainty_national.csv", encoding="utf-8-sig")
    assert f"工业互联网带动增加值 95% 分位 IIE-driven value added, 95% quantile ({an.unit})" in nat.columns
