"""The section allocation rule (METHOD.md §5): which data year a report year uses, province η,
both rules summing to the nation, the counts, and the 42-sector import."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import require_shared_data
from iiecon_xl import demo, model, pipeline
from iiecon_xl.errors import IIEInputError
from iiecon_xl.pipeline.provinces import Provinces, counts_frame
from iiecon_xl.workbook.province_import import read_sector_file, sector_map


def test_carried_year():
    """U = {2017, 2021}: τ(t) is the latest u ≤ t (2017 for 2017–2020, 2021 after), and the first
    u for a year before every u (2016 → 2017); no data at all is an input error."""
    got = {t: model.carried_year(t, [2021, 2017]) for t in (2016, 2017, 2020, 2021, 2024)}
    assert got == {2016: 2017, 2017: 2017, 2020: 2017, 2021: 2021, 2024: 2021}
    with pytest.raises(IIEInputError):
        model.carried_year(2017, [])


def test_effective_eta_blank_is_national():
    """η_i^j is the province's where given, else the nation's: one cell given changes one cell."""
    nat = pd.Series([0.1, 0.2, 0.3], index=[1, 2, 3])
    given = pd.DataFrame([[np.nan, 0.5, np.nan]], index=[110000], columns=[1, 2, 3])
    e = model.effective_eta(nat, given, pd.Index([110000, 120000]))
    assert e.loc[110000].tolist() == [0.1, 0.5, 0.3] and e.loc[120000].tolist() == [0.1, 0.2, 0.3]
    with pytest.raises(IIEInputError, match="negative"):
        model.effective_eta(nat, given * -1, pd.Index([110000]))


def test_sections_to_industries_by_hand():
    """Splits A = (0.9, 0, 0.1) (A05 tertiary), B = (0, 0.8, 0.2), G = (0, 0, 1); province 1 holds
    A 10, B 5, province 2 B 20, G 7: Z_1 = (0.9·10, 0.8·5, 0.1·10 + 0.2·5) = (9, 4, 2) and
    Z_2 = (0, 0.8·20, 0.2·20 + 7) = (0, 16, 11); rows keep their totals 15 and 27. A section
    with value but no split is an input error; a section without value needs none (H here)."""
    shares = pd.DataFrame([[0.9, 0.0, 0.1], [0.0, 0.8, 0.2], [0.0, 0.0, 1.0]], index=list("ABG"), columns=[1, 2, 3])
    z = pd.DataFrame({"A": [10.0, 0.0], "B": [5.0, 20.0], "G": [0.0, 7.0], "H": [0.0, 0.0]}, index=[1, 2])
    got = model.sections_to_industries(z, shares)
    assert got.loc[1].tolist() == pytest.approx([9.0, 4.0, 2.0], abs=1e-12)
    assert got.loc[2].tolist() == pytest.approx([0.0, 16.0, 11.0], abs=1e-12)
    assert got.sum(axis=1).tolist() == pytest.approx([15.0, 27.0], abs=1e-12)
    with pytest.raises(IIEInputError, match="no industry split for section"):
        model.sections_to_industries(z.assign(H=[0.0, 1.0]), shares)


@pytest.fixture(scope="module")
def section_run():
    """The demo with two data years: 2017 every province 1 in every section; 2021 Beijing 3, the others 1;
    province η of Beijing's secondary industry in 2019 twice the national one."""
    inp = demo.load_demo()
    codes = sorted(set(inp.province_gdp.index.get_level_values(0)))
    blocks = []
    for y, fill in ((2017, lambda c: 1.0), (2021, lambda c: 3.0 if c == 110000 else 1.0)):
        idx = pd.MultiIndex.from_tuples([(c, y) for c in codes], names=["province_code", "year"])
        blocks.append(pd.DataFrame([[fill(c)] * len(model.SECTIONS) for c in codes], index=idx,
                                   columns=list(model.SECTIONS)))
    inp.province_section_va = pd.concat(blocks)
    inp.params.allocation = "section"
    base = pipeline.run(inp)
    eta_nat = base.tables["industries"].frame.query("year == 2019").set_index("industry")["eta"]
    idx = pd.MultiIndex.from_tuples([(110000, 2019)], names=["province_code", "year"])
    inp.province_eta = pd.DataFrame([[np.nan, 2 * eta_nat.loc[2], np.nan]], index=idx,
                                    columns=["primary", "secondary", "tertiary"])
    return inp, base, pipeline.run(inp)


def test_section_rule_carries_the_latest_year(section_run):
    """2018–2020 carry 2017's equal shares: every province holds national/31; 2021–2024 carry
    2021, where Beijing holds 3 of 33 in every section: Beijing = 3/33 of the nation, the others 1/33."""
    _, report, _ = section_run
    prov = report.tables["provinces"].frame
    nat = report.tables["national"].frame.set_index("year")
    for y in (2018, 2020):
        got = prov[prov["year"] == y]["total"].to_numpy()
        assert np.allclose(got, nat.at[y, "total"] / 31, rtol=1e-12)
    for y in (2021, 2024):
        rows = prov[prov["year"] == y].set_index("province_code")
        assert rows.at[110000, "total"] == pytest.approx(nat.at[y, "total"] * 3 / 33, rel=1e-12)
        assert np.allclose(rows.drop(110000)["total"], nat.at[y, "total"] / 33, rtol=1e-12)
    years = report.tables["province_rules"].frame.groupby("year")["section_year"].first()
    assert years.to_dict() == {2017: 2017, 2018: 2017, 2019: 2017, 2020: 2017, 2021: 2021, 2022: 2021,
                               2023: 2021, 2024: 2021}


def test_both_rules_sum_to_the_nation(section_run):
    """Σ_i of each rule and component equals the national component every year (1e-9)."""
    _, report, _ = section_run
    rules = report.tables["province_rules"].frame.groupby("year").sum()
    nat = report.tables["national"].frame.set_index("year")
    for rule in ("industry", "section"):
        assert np.allclose(rules[f"core_{rule}"], nat["core"], rtol=1e-9)
        assert np.allclose(rules[f"pen_{rule}"], nat["penetration"], rtol=1e-9)


def test_section_rule_cities_sum_to_provinces_and_industries(section_run):
    """Section rule, city year 2024 (data of 2021: Beijing 3 in every section, the others 1): the
    cities of each province sum to its total (every province's cities hold all of its GDP), and the
    province × industry amounts Σ_s Z_i^s·share_{s,j} sum over the provinces to the nation's
    industries Z^j (core + penetration), each province's to its total (1e-9)."""
    inp, report, _ = section_run
    from iiecon_xl.pipeline import cities, provinces
    from iiecon_xl.pipeline.base_year import base_year
    from iiecon_xl.pipeline.production import multipliers
    from iiecon_xl.pipeline.sections import section_rates
    from iiecon_xl.pipeline.series import series

    cy = cities.city_year(inp)
    prov = report.tables["provinces"].frame.query(f"year == {cy}").set_index("province_code")["total"]
    by_prov = report.tables["cities"].frame.groupby("province_code")["value_added"].sum()
    assert np.allclose(by_prov.reindex(prov.index), prov, rtol=1e-9)
    base = base_year(inp, lambda m: None)
    sec = section_rates(inp, base, [], lambda m: None)
    s = series(inp, sec, multipliers(inp, sec.p0, [], lambda m: None))
    pv = provinces.allocate(inp, s, lambda m: None)
    z = cities.province_industry_total(inp, cy, s, sec, pv)
    assert np.allclose(z.sum(axis=1), pv.total[cy].loc[z.index], rtol=1e-9)
    assert np.allclose(z.sum(axis=0), (s.core_jt[cy] + s.pen_jt[cy]).loc[z.columns], rtol=1e-9)
    assert not np.allclose(z.loc[110000], z.loc[120000])   # Beijing's 3 of 33 vs Tianjin's 1 of 33


def test_province_eta_moves_the_industry_rule(section_run):
    """With η_BJ,2 = 2η_2 in 2019, ω_BJ,2 = 2g_BJ / (G + g_BJ) (G = Σ_i g_i) instead of g_BJ / G;
    the other industries and years are unchanged, and the provinces still sum to the nation."""
    inp, base, report = section_run
    g = inp.province_gdp.xs(2019, level="year")["secondary"].astype(float)
    G, gb = g.sum(), g.at[110000]
    z2 = sum(report.tables["industries"].frame.query("year == 2019 and industry == 2")[c].iloc[0]
             for c in ("core", "penetration"))
    def ind_total(r, y):
        f = r.tables["province_rules"].frame.query(f"year == {y}").set_index("province_code")
        return f["core_industry"] + f["pen_industry"]
    change = ind_total(report, 2019).at[110000] - ind_total(base, 2019).at[110000]
    assert change == pytest.approx(z2 * (2 * gb / (G + gb) - gb / G), rel=1e-9)
    assert ind_total(report, 2019).sum() == pytest.approx(ind_total(base, 2019).sum(), rel=1e-12)
    assert np.allclose(ind_total(report, 2020), ind_total(base, 2020), rtol=1e-12)


def test_counts_are_strict_like_countif():
    """Totals 1500, 1000, 900 亿元 after 1250, 960, 840 (growth 20 %, 4.17 %, 7.14 %), GDP 25,000 each
    (shares 6 %, 4 %, 3.6 %): above 1,000 → 1 (1,000 itself not counted), growth > 5 % → 2,
    > 7 % → 2, share > 4 % → 1 (4 % itself not counted)."""
    idx = [1, 2, 3]
    total = pd.DataFrame({2023: [1250.0, 960.0, 840.0], 2024: [1500.0, 1000.0, 900.0]}, index=idx)
    pv = Provinces(codes=idx, eta_t=pd.DataFrame(), core=total, pen=total * 0, total=total,
                   gdp=pd.DataFrame({2023: [2.5e4] * 3, 2024: [2.5e4] * 3}, index=idx))
    got = counts_frame(pv, 2024).set_index("metric")["count"].to_dict()
    assert got == {"above_value": 1, "growth_above_1": 2, "growth_above_2": 2, "share_above": 1}
    pv.unit = "万元"   # the threshold follows the unit: 1,000 亿元 = 10,000,000 万元, none above
    assert counts_frame(pv, 2024).set_index("metric").at["above_value", "count"] == 0


def _sector_file(path, provinces=("北京", "天津"), value=lambda p, s: 1.0):
    lines = ["province,sector,sector_name_2017_42,TVA_10k_yuan"]
    lines += [f"{p},{s},x,{value(p, s)}" for p in provinces for s in sector_map()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_read_sector_file_sums_to_sections(tmp_path):
    """Every sector 1: a section holds as many as the sectors mapped to it (A 1, B 4, C 18, D 3,
    M 2, the others 1), in 万元 as the column name says."""
    frame, unit = read_sector_file(_sector_file(tmp_path / "va_2017.csv"))
    assert unit == "万元" and list(frame.index) == [110000, 120000]
    expected = {s: 1.0 for s in model.SECTIONS} | {"B": 4.0, "C": 18.0, "D": 3.0, "M": 2.0}
    assert frame.loc[110000].to_dict() == expected


@pytest.mark.parametrize("value, message", [
    (lambda p, s: -5.0 if s == "sec01" else 1.0, "section A sums to a negative"),
    (lambda p, s: "abc" if s == "sec02" else 1.0, "line 3, column TVA_10k_yuan"),
])
def test_read_sector_file_errors(tmp_path, value, message):
    """A section summing below zero names the province and section; a text value names line and column."""
    with pytest.raises(IIEInputError, match=message):
        read_sector_file(_sector_file(tmp_path / "va_2017.csv", value=value))


def test_real_provincial_file():
    """The NBS 2017 regional tables: 31 provinces; the section sums keep the file's total."""
    path = require_shared_data("provinces", "provincial_va_42sectors_2017.csv")
    frame, unit = read_sector_file(path)
    raw = pd.read_csv(path)
    assert unit == "万元" and len(frame) == 31
    assert frame.to_numpy().sum() == pytest.approx(raw["TVA_10k_yuan"].sum(), rel=1e-12)
