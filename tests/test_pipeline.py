"""The pipeline on the demo inputs: the identities METHOD.md states must hold at every level."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iiecon_xl import demo, model, parameters, pipeline, reference
from iiecon_xl.errors import IIEInputError


@pytest.fixture(scope="module")
def inputs():
    return demo.load_demo()


@pytest.fixture(scope="module")
def report(inputs):
    return pipeline.run(inputs)


def test_every_report_table_of_method_8_is_there_with_unit_and_labels(report):
    """METHOD.md §8 asks for national, three industries, 19 sections, provinces, regions,
    cities with tiers; each table carries a title in Chinese and English and its unit."""
    for name in ("national", "national_summary", "industries", "sections", "provinces", "regions",
                 "cities", "tiers", "top_shares", "tiers_by_region", "tiers_by_province", "sectors", "production",
                 "multipliers", "related"):
        table = report.tables[name]
        assert table.title_zh and table.title_en
        assert len(table.frame) > 0
        for col in table.frame.columns:
            label = table.label(col)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in label) or col in ("gdp",), (name, col, label)
    assert report.tables["national"].unit == "亿元"
    assert "亿元" in report.tables["national"].label("core")
    assert len(report["sections"]["section"].unique()) == 19
    assert len(report["provinces"]["province_code"].unique()) == 31
    assert report["regions"]["region"].nunique() == 4


def test_core_plus_penetration_is_total_at_every_level(report):
    """Each component is computed and allocated on its own, so the sum identity holds by
    construction — a test of the bookkeeping, not of floating-point luck."""
    for name in ("national", "industries", "sections", "provinces", "regions"):
        df = report[name]
        np.testing.assert_allclose(df["core"] + df["penetration"], df["total"], rtol=1e-12, err_msg=name)


def test_sections_industries_and_nation_agree(report):
    """Z^j(t) = Σ_s share_{s,j}·value_s(t) (§5) with shares that sum to one over j, so the three
    industries add up to the sections and the nation every year; in the base year the shares are
    the sectors' own, so Z^j(base) = Σ_{i∈j} (direct_i + dz_i) with i's industry from the sectors
    table (NBS 2018 by default: 005, 011, 097 in the third industry)."""
    sec, ind, nat = report["sections"], report["industries"], report["national"].set_index("year")
    for col in ("core", "penetration", "total"):
        np.testing.assert_allclose(ind.groupby("year")[col].sum().loc[nat.index], sec.groupby("year")[col].sum()
                                   .loc[nat.index], rtol=1e-12)
        np.testing.assert_allclose(ind.groupby("year")[col].sum().loc[nat.index], nat[col], rtol=1e-12)
    sectors = report["sectors"]
    assert set(sectors.loc[sectors["industry"] != sectors["section"].map(model.SECTION_INDUSTRY), "code"]) == \
        {"005", "011", "097"}
    by_sector = (sectors["direct"] + sectors["dz"]).groupby(sectors["industry"]).sum()
    base = ind[ind["year"] == report.parameters.base_year].set_index("industry")["total"]
    np.testing.assert_allclose(base.loc[[1, 2, 3]], by_sector.loc[[1, 2, 3]], rtol=1e-12)


def test_provinces_and_regions_sum_to_the_national_figure(report):
    """ω sums to one over provinces for every industry, so Σ_i Z_i = Z exactly (§5)."""
    nat = report["national"].set_index("year")
    for name in ("provinces", "regions"):
        sums = report[name].groupby("year")[["core", "penetration", "total"]].sum()
        np.testing.assert_allclose(sums.to_numpy(), nat.loc[sums.index, ["core", "penetration", "total"]].to_numpy(),
                                   rtol=1e-11, err_msg=name)


def test_cities_sum_to_their_province(report):
    """Cities share their province's three-industry IIE value added by their GDP share (§7)."""
    cities = report["cities"]
    year = int(cities["year"].iloc[0])
    prov = report["provinces"].query("year == @year").set_index("province_code")["total"]
    sums = cities.groupby("province_code")["value_added"].sum()
    np.testing.assert_allclose(sums.to_numpy(), prov.loc[sums.index].to_numpy(), rtol=1e-11)
    assert set(sums.index) == set(prov.index)


def test_base_year_row_is_sum_of_S_times_V_and_of_dz_under_both_denominators(inputs, report):
    """§1: whatever the denominator, the base-year core is Σ_k S_k V_k (the sectors' direct column)
    and the base-year penetration Σ_i dz_i; the default (yearbook) report and an IO-denominator run."""
    inp = demo.load_demo()
    assert inp.params.denominator == parameters.DENOMINATORS[0] == "yearbook"
    inp.params.denominator = "io"
    for rep in (report, pipeline.run(inp)):
        sectors = rep["sectors"]
        base = rep["national"].set_index("year").loc[inp.params.base_year]
        assert base["core"] == pytest.approx(sectors["direct"].sum(), rel=1e-12)
        assert base["penetration"] == pytest.approx(sectors["dz"].sum(), rel=1e-12)


def test_penetration_rates_follow_the_multiplier(report):
    """p_s(t) = p_s(t−1) μ_t (§2.7): the ratio of successive rates is μ_t for every section."""
    sec = report["sections"].pivot(index="section", columns="year", values="penetration_rate")
    mu = report["multipliers"].set_index("year")["mu"]
    active = sec[2017] > 0
    for t in sec.columns[1:]:
        np.testing.assert_allclose(sec.loc[active, t] / sec.loc[active, t - 1], mu[t], rtol=1e-12)


def test_growth_share_and_cagr_columns(report):
    """growth_t = x_t/x_{t−1} − 1, share = total / GDP, CAGR over the span (§8)."""
    nat = report["national"].set_index("year")
    t = nat.index[3]
    assert nat.at[t, "total_growth"] == pytest.approx(nat.at[t, "total"] / nat.at[t - 1, "total"] - 1)
    assert nat.at[t, "share_of_gdp"] == pytest.approx(nat.at[t, "total"] / nat.at[t, "gdp"])
    summary = report["national_summary"].set_index("metric_en")["value"]
    assert summary["CAGR 2020–2024"] == pytest.approx((nat.at[2024, "total"] / nat.at[2020, "total"]) ** 0.25 - 1)


def test_extrapolated_section_values_are_flagged(report, inputs):
    """Missing 2024 section value added is filled by the OLS line and marked (§4)."""
    sec = report["sections"].set_index(["section", "year"])
    for s in demo.MISSING_2024:
        assert sec.at[(s, 2024), "va_flag"] == "extrapolated"
        assert np.isnan(inputs.section_va.at[s, 2024])
    assert (sec["va_flag"] == "extrapolated").sum() == len(demo.MISSING_2024)
    assert any("extrapolated" in w for w in report.warnings)


def test_demo_magnitudes_are_in_the_reports_orders_of_magnitude(report):
    """METHOD.md §9: national total 5.01 万亿 in 2024 (3.81 % of GDP), penetration ≈ 2.3 × core,
    top 100 cities ≈ 74 %, tiers 10/16/27/47. The demo is illustrative: same order, not same digits."""
    nat = report["national"].set_index("year")
    assert 2e4 < nat.at[2024, "total"] < 1e5                    # 2–10 万亿 in 亿元
    assert 0.01 < nat.at[2024, "share_of_gdp"] < 0.08
    assert 1.0 < nat.at[2024, "penetration_core_ratio"] < 4.0
    top = report["top_shares"].set_index("top_n")["share"]
    assert 0.5 < top[100] < 0.9 and 0.15 < top[10] < 0.4
    tiers = report["tiers"].set_index("tier")["count"]
    assert 5 <= tiers[1] <= 20 and 50 <= tiers.sum() <= 150


def test_tier_table_lists_cities_in_rank_order(report):
    cities = report["cities"]
    tier1 = report["tiers"].set_index("tier").at[1, "cities"].split("、")
    expected = list(cities.loc[cities["tier"] == 1].sort_values("index", ascending=False)["city"])
    assert tier1 == expected


def test_json_shape(report):
    """The JSON object keeps the shape later issues rely on."""
    js = report.to_json_dict()
    assert js["unit"] == "亿元"
    assert {"year", "core", "penetration", "total"} <= set(js["national"][0])
    assert {"province", "year", "core", "penetration", "total"} <= set(js["provinces"][0])
    assert {"city", "province", "value_added", "index", "tier"} <= set(js["cities"][0])
    assert js["national"][0]["total_growth"] is None  # NaN → null


def test_section_allocation_rule_also_sums_to_national(inputs):
    """The section-level rule (§5) allocates each (component, section) by provincial shares;
    it too must add up to the nation and keep core + penetration = total."""
    inp = demo.load_demo()
    rng = np.random.default_rng(1)
    codes = list(reference.provinces().index)
    inp.province_section_va = pd.DataFrame(rng.uniform(1, 100, (31, 19)), index=codes, columns=list(model.SECTIONS))
    inp.params.allocation = "section"
    rep = pipeline.run(inp)
    nat = rep["national"].set_index("year")
    sums = rep["provinces"].groupby("year")[["core", "penetration", "total"]].sum()
    np.testing.assert_allclose(sums.to_numpy(), nat[["core", "penetration", "total"]].to_numpy(), rtol=1e-11)
    city = rep["cities"].groupby("province_code")["value_added"].sum()
    prov = rep["provinces"].query("year == 2024").set_index("province_code")["total"]
    np.testing.assert_allclose(city.to_numpy(), prov.loc[city.index].to_numpy(), rtol=1e-11)


@pytest.mark.parametrize("mutate, argument", [
    (lambda i: setattr(i, "section_va", i.section_va.rename(index={"A": "Z"})), "section_va"),
    (lambda i: setattr(i, "province_gdp", i.province_gdp.rename(index={110000: 990000}, level=0)), "province_gdp"),
    (lambda i: setattr(i, "macro", i.macro.loc[2014:]), "window"),
    (lambda i: i.related.__setitem__("S", 1.5), "S"),
    (lambda i: setattr(i, "national_gdp", i.national_gdp.drop(index=2023)), "national_gdp"),
    (lambda i: setattr(i, "province_gdp", pd.concat([i.province_gdp, i.province_gdp.iloc[:1]])), "province_gdp"),
    (lambda i: setattr(i, "city_gdp", i.city_gdp.assign(province_code=i.city_gdp["province_code"].replace(110000, 1))),
     "city_gdp"),
])
def test_bad_inputs_raise_the_package_error_naming_the_input(mutate, argument):
    inp = demo.load_demo()
    mutate(inp)
    with pytest.raises(IIEInputError, match=argument):
        pipeline.run(inp)


def test_the_report_carries_its_parameters(inputs, report):
    """The Report keeps a copy of the Parameters it was computed with (figures read thresholds,
    N and top-N from there), and the unit."""
    assert report.parameters == inputs.params and report.parameters is not inputs.params
    assert report.unit == report.parameters.unit == parameters.UNIT
    assert tuple(report["top_shares"]["top_n"]) == report.parameters.top_n == parameters.TOP_N
    assert report.to_json_dict()["parameters"]["tier_thresholds"] == list(parameters.TIER_THRESHOLDS)


def test_template_parameter_cells_equal_the_defaults(tmp_path):
    """One set of parameters (issue 8): every P_* cell of the empty template, read through its
    defined name, holds the default of iiecon_xl.parameters (year defaults from the template's years)."""
    openpyxl = pytest.importorskip("openpyxl")
    from iiecon_xl.workbook import builder, layout

    path = tmp_path / "t.xlsx"
    builder.build(path)
    wb = openpyxl.load_workbook(path)
    got = {}
    for spec in parameters.SPECS:
        [(sheet, ref)] = list(wb.defined_names[spec.name].destinations)
        value = wb[sheet][ref.replace("$", "")].value
        got[spec.name] = None if value == "" else value
    dims = layout.dims_for(None)
    want = {k: (None if v == "" else v) for k, v in parameters.cell_values(None, dims.years, dims.macro_years).items()}
    assert got == want
    for name, value in got.items():                     # same kinds too: TRUE/FALSE stays a bool
        assert isinstance(value, bool) == isinstance(want[name], bool), name


def test_city_mean_population_is_a_parameter(inputs, report):
    """METHOD §7: X̄ is the mean over the prefecture-level units (default ``prefecture``: the four
    municipalities get an index but stay out of the mean) or over all rows (``all``). The index is
    N·ln(1 + X/X̄) with X̄ recomputed here by hand from the cities table under each rule, so
    CI(all) − CI(prefecture) = N·(ln(X̄_p + X) − ln(X̄_a + X) + ln X̄_a − ln X̄_p) row by row."""
    assert inputs.params.city_mean == parameters.DEFAULTS["city_mean"] == "prefecture"
    cities = report["cities"]
    N = inputs.params.city_index_N
    muni = cities["province_code"].isin(model.MUNICIPALITY_CODES)
    assert muni.sum() == 4
    x = cities["value_added"].to_numpy()
    np.testing.assert_allclose(cities["index"], N * np.log1p(x / x[~muni.to_numpy()].mean()), rtol=1e-13)
    inp = demo.load_demo()
    inp.params.city_mean = "all"
    every = pipeline.run(inp)["cities"].set_index("city").loc[cities["city"]]
    np.testing.assert_allclose(every["value_added"], x, rtol=1e-13)
    np.testing.assert_allclose(every["index"], N * np.log1p(x / x.mean()), rtol=1e-13)
    assert (every["tier"].to_numpy() != cities["tier"].to_numpy()).any()  # the rule matters on the demo
    inp.params.city_mean = "prefectures"
    with pytest.raises(IIEInputError, match="city_mean"):
        inp.params.check()


def test_city_mean_round_trips_through_the_book(tmp_path):
    """P_CITY_MEAN is written on the parameter sheet and read back into Parameters.city_mean."""
    from iiecon_xl.workbook import builder, reader

    inp = demo.load_demo()
    inp.params.city_mean = "all"
    path = tmp_path / "all.xlsx"
    builder.build(path, inp)
    assert reader.read_inputs(path).params.city_mean == "all"
