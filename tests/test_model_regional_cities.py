"""Sections, three industries, provinces, regions and cities (METHOD.md §1, §5, §7, §10).

Oracles: shares worked out by hand in the docstrings, adding-up identities (provinces sum
to the nation, core + penetration = total, regions sum to the nation), the official
region lists restated in METHOD.md §5, the report's Table 1 (METHOD.md §10), and the
real 2017 provincial three-industry value added (skipped when ../shared/data is absent).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iiecon_xl.errors import IIEInputError
from iiecon_xl.model import (MUNICIPALITY_CODES, SECTION_INDUSTRY, SECTIONS, allocate_by_industry, allocate_by_section,
                             allocate_to_cities, apply_rates, by_industry, city_index, city_tier, eta,
                             in_city_mean, province_weights, region_totals, section_rates, sum_by_section, tier_table,
                             top_n_share)

# METHOD.md §5: the official four regions (31 provinces).
REGIONS = {
    "east": "BJ TJ HE SH JS ZJ FJ SD GD HI".split(),
    "central": "SX AH JX HA HB HN".split(),
    "west": "NM GX CQ SC GZ YN XZ SN GS QH NX XJ".split(),
    "northeast": "LN JL HL".split(),
}
PROVINCES = [p for members in REGIONS.values() for p in members]
PROVINCE_REGION = pd.Series({p: r for r, members in REGIONS.items() for p in members})
# Short Chinese names (as in provincial_3industry_va_2017.csv) → the abbreviations above.
ZH_ABBR = {
    "北京": "BJ", "天津": "TJ", "河北": "HE", "上海": "SH", "江苏": "JS", "浙江": "ZJ", "福建": "FJ",
    "山东": "SD", "广东": "GD", "海南": "HI", "山西": "SX", "安徽": "AH", "江西": "JX", "河南": "HA",
    "湖北": "HB", "湖南": "HN", "内蒙古": "NM", "广西": "GX", "重庆": "CQ", "四川": "SC", "贵州": "GZ",
    "云南": "YN", "西藏": "XZ", "陕西": "SN", "甘肃": "GS", "青海": "QH", "宁夏": "NX", "新疆": "XJ",
    "辽宁": "LN", "吉林": "JL", "黑龙江": "HL",
}
# METHOD.md §9, 2024 three industries (万亿元 → 亿元): 0.065 / 2.39 / 2.55 万亿.
Z_2024 = pd.Series({1: 650.0, 2: 23900.0, 3: 25500.0})
# ... and the report's split of the total into core 1.53 and penetration 3.48 万亿 (2024),
# spread over industries for the test in proportion 1 : 45 : 54 (core) and 1 : 30 : 69.
CORE_2024 = 15300.0 * pd.Series({1: 0.01, 2: 0.45, 3: 0.54})
PEN_2024 = 34800.0 * pd.Series({1: 0.01, 2: 0.30, 3: 0.69})


@pytest.fixture(scope="module")
def gdp_province():
    """31 provinces × 3 industries of made-up positive GDP (亿元)."""
    rng = np.random.default_rng(31)
    data = rng.uniform([100, 1000, 1500], [6000, 50000, 70000], size=(31, 3))
    return pd.DataFrame(data, index=PROVINCES, columns=[1, 2, 3])


# --------------------------------------------------------------------------- sections

def test_section_industry_map():
    """GB/T 4754-2017 sections A–S, three industries: A → 1, B–E → 2, F–S → 3 (METHOD.md §0)."""
    assert SECTIONS == tuple("ABCDEFGHIJKLMNOPQRS")
    assert [s for s in SECTIONS if SECTION_INDUSTRY[s] == 1] == ["A"]
    assert [s for s in SECTIONS if SECTION_INDUSTRY[s] == 2] == list("BCDE")
    assert [s for s in SECTIONS if SECTION_INDUSTRY[s] == 3] == list("FGHIJKLMNOPQRS")


def test_sum_by_section_and_industry():
    """Five sectors mapped to C, C, I, A, G with values 1, 2, 4, 8, 16: C = 3, I = 4, A = 8,
    G = 16, the 15 other sections 0; industries: 1 → 8, 2 → 3, 3 → 4 + 16 = 20.
    Codes are case- and space-insensitive ("c " is C)."""
    by_sec = sum_by_section([1.0, 2.0, 4.0, 8.0, 16.0], ["C", "c ", "I", "A", "G"])
    assert list(by_sec.index) == list(SECTIONS)
    assert by_sec["C"] == 3.0 and by_sec["I"] == 4.0 and by_sec["A"] == 8.0 and by_sec["G"] == 16.0
    assert by_sec.sum() == 31.0
    ind = by_industry(by_sec)
    assert ind.to_dict() == {1: 8.0, 2: 3.0, 3: 20.0}


def test_section_rates_and_apply():
    """rate_s = value_s / VA_s(base) (METHOD.md §1, §2 step 6): C 50/1000 = 0.05, I 30/200 =
    0.15, all others 0; a section with VA = 0 and no IIE value has rate 0. Applied to later
    VA: C 2000 → 100, I 300 → 45."""
    values = pd.Series({"C": 50.0, "I": 30.0})
    va = pd.Series(100.0, index=list(SECTIONS))
    va["C"], va["I"], va["S"] = 1000.0, 200.0, 0.0
    rates = section_rates(values, va)
    assert rates["C"] == pytest.approx(0.05) and rates["I"] == pytest.approx(0.15)
    assert (rates.drop(["C", "I"]) == 0).all()
    later = pd.DataFrame({2018: va, 2019: va * 2})
    later.loc["C", 2019], later.loc["I", 2019] = 2000.0, 300.0
    out = apply_rates(rates, later)
    assert out.loc["C", 2019] == pytest.approx(100.0) and out.loc["I", 2019] == pytest.approx(45.0)
    assert out.loc["C", 2018] == pytest.approx(50.0)


# --------------------------------------------------------------------------- provinces

def test_eta_by_hand():
    """η^j = Z^j / GDP^j: 650/91,000, 23,900/390,000, 25,500/700,000."""
    gdp = pd.Series({1: 91000.0, 2: 390000.0, 3: 700000.0})
    e = eta(Z_2024, gdp)
    np.testing.assert_allclose(e.to_numpy(), [650 / 91000, 23900 / 390000, 25500 / 700000], rtol=1e-15)


def test_provinces_sum_to_national_per_industry(gdp_province):
    """Z_i^j = Z^j ω_i^j with ω_i^j = GDP_i^j / Σ_i GDP_i^j (national η cancels): each cell is
    that share by hand, and the 31 provinces add up to the national figure per industry."""
    out = allocate_by_industry(Z_2024, gdp_province)
    hand = gdp_province / gdp_province.sum(axis=0) * Z_2024
    np.testing.assert_allclose(out.to_numpy(), hand.to_numpy(), rtol=1e-13)
    np.testing.assert_allclose(out.sum(axis=0).to_numpy(), Z_2024.to_numpy(), rtol=1e-13)


def test_weights_sum_to_one_and_national_eta_cancels(gdp_province):
    """ω sums to 1 over provinces in every industry, and a national η (one number per industry)
    cancels: the weights with η = Z/GDP equal those with η = 1."""
    gdp_nat = gdp_province.sum(axis=0)
    w_eta = province_weights(gdp_province, eta(Z_2024, gdp_nat))
    w_one = province_weights(gdp_province, pd.Series(1.0, index=[1, 2, 3]))
    np.testing.assert_allclose(w_eta.sum(axis=0).to_numpy(), 1.0, rtol=1e-14)
    np.testing.assert_allclose(w_eta.to_numpy(), w_one.to_numpy(), rtol=1e-13)


def test_core_plus_penetration_equals_total_per_province(gdp_province):
    """Allocating core and penetration each with its own η (component by component) and the
    total with the total's η gives core_i + pen_i = total_i in every province and industry,
    because all three use the same GDP weights (METHOD.md §5)."""
    gdp_nat = gdp_province.sum(axis=0)
    total = CORE_2024 + PEN_2024
    core = allocate_by_industry(CORE_2024, gdp_province, eta(CORE_2024, gdp_nat))
    pen = allocate_by_industry(PEN_2024, gdp_province, eta(PEN_2024, gdp_nat))
    tot = allocate_by_industry(total, gdp_province, eta(total, gdp_nat))
    np.testing.assert_allclose((core + pen).to_numpy(), tot.to_numpy(), rtol=1e-13)
    assert core.to_numpy().sum() + pen.to_numpy().sum() == pytest.approx(15300.0 + 34800.0, rel=1e-13)


def test_province_specific_eta_changes_weights_as_written():
    """ω_i^j = GDP_i^j η_i^j / Σ_i GDP_i^j η_i^j with province-specific η.

    GDP (3 provinces × 2 industries) = [[10, 20], [30, 40], [60, 40]],
    η = [[0.1, 0.2], [0.2, 0.1], [0.1, 0.1]] → products [[1, 4], [6, 4], [6, 4]],
    column totals 13 and 12, so ω = [[1/13, 1/3], [6/13, 1/3], [6/13, 1/3]], whereas the
    national η would give GDP shares [[0.1, 0.2], [0.3, 0.4], [0.6, 0.4]].
    """
    gdp = pd.DataFrame([[10.0, 20.0], [30.0, 40.0], [60.0, 40.0]], index=["P1", "P2", "P3"], columns=[1, 2])
    eta_i = pd.DataFrame([[0.1, 0.2], [0.2, 0.1], [0.1, 0.1]], index=gdp.index, columns=gdp.columns)
    w = province_weights(gdp, eta_i)
    np.testing.assert_allclose(w.to_numpy(), [[1 / 13, 1 / 3], [6 / 13, 1 / 3], [6 / 13, 1 / 3]], rtol=1e-14)
    w_nat = province_weights(gdp, pd.Series({1: 0.5, 2: 0.7}))
    np.testing.assert_allclose(w_nat.to_numpy(), [[0.1, 0.2], [0.3, 0.4], [0.6, 0.4]], rtol=1e-14)
    out = allocate_by_industry(pd.Series({1: 130.0, 2: 60.0}), gdp, eta_i)
    np.testing.assert_allclose(out.to_numpy(), [[10, 20], [60, 20], [60, 20]], rtol=1e-14)


def test_section_rule_by_hand():
    """Z_i^s = Z^s VA_i^s / Σ_i VA_i^s: C = 100 over VA_C = (1, 3, 6) → 10, 30, 60; I = 50 over
    VA_I = (5, 0, 5) → 25, 0, 25; A = 0 stays 0 even though no provincial VA_A is given."""
    Z_sec = pd.Series({"C": 100.0, "I": 50.0, "A": 0.0})
    va = pd.DataFrame({"C": [1.0, 3.0, 6.0], "I": [5.0, 0.0, 5.0]}, index=["P1", "P2", "P3"])
    out = allocate_by_section(Z_sec, va)
    assert list(out.columns) == ["C", "I", "A"]
    np.testing.assert_allclose(out.to_numpy(), [[10, 25, 0], [30, 0, 0], [60, 25, 0]], rtol=1e-15)
    np.testing.assert_allclose(out.sum(axis=0).to_numpy(), Z_sec.to_numpy(), rtol=1e-15)


def test_section_rule_core_plus_penetration(gdp_province):
    """Component by component with the section rule too: core and penetration by section,
    allocated separately, add up to the allocated total in every province and section."""
    rng = np.random.default_rng(4754)
    va = pd.DataFrame(rng.uniform(1, 100, (31, 19)), index=PROVINCES, columns=list(SECTIONS))
    core = pd.Series(rng.uniform(0, 500, 19), index=list(SECTIONS))
    pen = pd.Series(rng.uniform(0, 900, 19), index=list(SECTIONS))
    a, b = allocate_by_section(core, va), allocate_by_section(pen, va)
    tot = allocate_by_section(core + pen, va)
    np.testing.assert_allclose((a + b).to_numpy(), tot.to_numpy(), rtol=1e-13)
    np.testing.assert_allclose(tot.sum(axis=0).to_numpy(), (core + pen).to_numpy(), rtol=1e-13)


def test_regions_sum_to_national(gdp_province):
    """The four regions of METHOD.md §5 (10 + 6 + 12 + 3 = 31) partition the provinces, so
    their totals add up to the national figure, and each region is the sum of its members."""
    assert sorted(len(m) for m in REGIONS.values()) == [3, 6, 10, 12] and len(set(PROVINCES)) == 31
    out = allocate_by_industry(Z_2024, gdp_province)
    reg = region_totals(out, PROVINCE_REGION)
    assert set(reg.index) == set(REGIONS)
    np.testing.assert_allclose(reg.sum(axis=0).to_numpy(), Z_2024.to_numpy(), rtol=1e-13)
    np.testing.assert_allclose(reg.loc["northeast"].to_numpy(), out.loc[["LN", "JL", "HL"]].sum().to_numpy(),
                               rtol=1e-14)
    tot = region_totals(out.sum(axis=1), PROVINCE_REGION)
    assert tot.sum() == pytest.approx(Z_2024.sum(), rel=1e-13)


def test_real_2017_provincial_weights(shared_data):
    """With the real 2017 provincial three-industry value added (31 provinces, 亿元) as the
    weights, the 2024 national three-industry figures of METHOD.md §9 are spread so that
    provinces and regions sum to the nation, and the region totals follow the region's share
    of each industry's value added (East holds the largest share of industries 2 and 3)."""
    df = pd.read_csv(shared_data / "provinces" / "provincial_3industry_va_2017.csv")
    df["abbr"] = df["province"].map(ZH_ABBR)
    assert df["abbr"].notna().all() and len(df) == 31
    gdp = df.set_index("abbr")[["primary", "secondary", "tertiary"]].set_axis([1, 2, 3], axis=1)
    out = allocate_by_industry(Z_2024, gdp)
    np.testing.assert_allclose(out.sum(axis=0).to_numpy(), Z_2024.to_numpy(), rtol=1e-13)
    reg = region_totals(out, PROVINCE_REGION)
    np.testing.assert_allclose(reg.sum(axis=0).to_numpy(), Z_2024.to_numpy(), rtol=1e-13)
    shares = region_totals(gdp, PROVINCE_REGION) / gdp.sum(axis=0)
    np.testing.assert_allclose((reg / Z_2024).to_numpy(), shares.loc[reg.index].to_numpy(), rtol=1e-13)
    assert reg[2].idxmax() == "east" and reg[3].idxmax() == "east"


# --------------------------------------------------------------------------- cities

def test_allocate_to_cities_sums_to_provinces():
    """City c of province p gets Z_p^j GDP_c^j / Σ_{c'∈p} GDP_c'^j per industry.

    Province BJ (one city) keeps everything; JS with cities GDP industry 2 = (1, 3) gets
    100 → 25, 75 and industry 3 = (2, 2) → 40 → 20, 20. Each province's cities add up to it.
    """
    Z_prov = pd.DataFrame({2: [80.0, 100.0], 3: [50.0, 40.0]}, index=["BJ", "JS"])
    city_gdp = pd.DataFrame({2: [10.0, 1.0, 3.0], 3: [30.0, 2.0, 2.0]}, index=["北京", "南京", "苏州"])
    city_prov = pd.Series({"北京": "BJ", "南京": "JS", "苏州": "JS"})
    out = allocate_to_cities(Z_prov, city_gdp, city_prov)
    np.testing.assert_allclose(out.to_numpy(), [[80, 50], [25, 20], [75, 20]], rtol=1e-15)
    sums = out.groupby(city_prov.reindex(out.index).to_numpy()).sum()
    np.testing.assert_allclose(sums.loc[Z_prov.index].to_numpy(), Z_prov.to_numpy(), rtol=1e-15)


def test_allocate_to_cities_random_sums_exactly():
    """Random provinces and cities: cities of every province add up to it per industry."""
    rng = np.random.default_rng(332)
    provs = PROVINCES
    Z_prov = pd.DataFrame(rng.uniform(10, 1000, (31, 3)), index=provs, columns=[1, 2, 3])
    cities = [f"c{i}" for i in range(332)]
    city_prov = pd.Series(provs + list(rng.choice(provs, 332 - 31)), index=cities)
    city_gdp = pd.DataFrame(rng.uniform(1, 100, (332, 3)), index=cities, columns=[1, 2, 3])
    out = allocate_to_cities(Z_prov, city_gdp, city_prov)
    sums = out.groupby(city_prov.to_numpy()).sum().loc[provs]
    np.testing.assert_allclose(sums.to_numpy(), Z_prov.to_numpy(), rtol=1e-12)


def test_city_index_formula_and_blanks():
    """CI = N ln(1 + X/X̄) (METHOD.md §7). Values (1, 2, 3, blank) with N = 20: the blank is
    left out of the mean, X̄ = 2, so CI = 20 ln 1.5, 20 ln 2, 20 ln 2.5, and the blank stays NaN."""
    ci = city_index([1.0, 2.0, 3.0, np.nan], N=20)
    np.testing.assert_allclose(ci[:3], 20 * np.log([1.5, 2.0, 2.5]), rtol=1e-15)
    assert np.isnan(ci[3])
    # a city exactly at the mean scores N ln 2
    assert ci[1] == pytest.approx(20 * np.log(2), rel=1e-15)


def test_city_index_with_given_mean():
    """A given X̄ (e.g. the mean over all 332 cities when only some are passed) replaces the
    computed one: X = 4 with X̄ = 1 and N = 10 → 10 ln 5."""
    assert city_index([4.0], N=10, mean=1.0)[0] == pytest.approx(10 * np.log(5), rel=1e-15)


def test_city_index_population_prefecture_rule():
    """The ``prefecture`` rule (METHOD §7, default) leaves the four municipalities (GB/T 2260
    codes 110000, 120000, 310000, 500000) out of X̄; ``all`` keeps every row. Values 10 (Beijing),
    1, 3 (two Hebei cities): X̄ = 2 under the prefecture rule → CI = 20 ln(1 + x/2); X̄ = 14/3 under
    ``all``."""
    codes = [110000, 130000, 130000]
    np.testing.assert_array_equal(in_city_mean(codes), [False, True, True])
    np.testing.assert_array_equal(in_city_mean(codes, "all"), [True, True, True])
    x = [10.0, 1.0, 3.0]
    np.testing.assert_allclose(city_index(x, 20, population=in_city_mean(codes)),
                               20 * np.log1p(np.array(x) / 2.0), rtol=1e-15)
    np.testing.assert_allclose(city_index(x, 20, population=in_city_mean(codes, "all")),
                               20 * np.log1p(np.array(x) / (14 / 3)), rtol=1e-15)
    assert set(MUNICIPALITY_CODES) == {110000, 120000, 310000, 500000}
    with pytest.raises(IIEInputError, match="city_mean"):
        in_city_mean(codes, "prefectures")
    with pytest.raises(IIEInputError, match="population"):
        city_index(x, 20, population=[True, False])
    with pytest.raises(IIEInputError, match="population"):
        city_index([1.0, np.nan], 20, population=[False, True])


@pytest.mark.parametrize("value, tier", [(50.0, 1), (49.999, 2), (35.0, 2), (34.99, 3), (25.0, 3),
                                         (24.99, 4), (17.0, 4), (16.99, 0), (120.0, 1), (0.0, 0)])
def test_city_tier_boundaries(value, tier):
    """Tiers (METHOD.md §7): ≥ 50 first, [35, 50) second, [25, 35) third, [17, 25) fourth,
    below 17 none (0). Each threshold belongs to the tier it opens."""
    assert city_tier([value])[0] == tier


def test_city_tier_custom_thresholds():
    """Thresholds are parameters: with (10, 5), 10 → 1, 7 → 2, 4.9 → 0."""
    np.testing.assert_array_equal(city_tier([10.0, 7.0, 4.9], thresholds=(10, 5)), [1, 2, 0])


TABLE1 = {
    1: "北京、上海、深圳、广州、杭州、重庆、苏州、成都、南京、武汉",
    2: "无锡、佛山、天津、宁波、东莞、青岛、长沙、泉州、南通、郑州、合肥、福州、济南、常州、西安、烟台",
    3: "大连、徐州、唐山、沈阳、温州、厦门、扬州、绍兴、嘉兴、潍坊、盐城、南昌、惠州、榆林、泰州、鄂尔多斯、昆明、长春、"
       "襄阳、台州、石家庄、宜昌、镇江、漳州、临沂、金华、洛阳",
    4: "太原、淮安、珠海、济宁、芜湖、中山、淄博、江门、哈尔滨、贵阳、岳阳、宿迁、南宁、茂名、赣州、菏泽、绵阳、湛江、湖州、"
       "连云港、保定、九江、常德、沧州、南阳、东营、邯郸、遵义、滁州、宜宾、汕头、许昌、宁德、衡阳、乌鲁木齐、德州、株洲、"
       "廊坊、包头、新乡、威海、德阳、莆田、宜春、曲靖、周口、龙岩",
}


def test_tier_table_reproduces_report_table_1():
    """The report's Table 1 (METHOD.md §10): 10 / 16 / 27 / 47 cities in rank order.

    Index values are made up to fall inside each tier's range, decreasing in the report's
    order (the lowest of tier 1 is exactly 50, of tier 4 exactly 17: boundaries included);
    5 more cities score below 17 and must not appear. The table must list every tier with
    its range, count and the cities in rank order, shuffled input notwithstanding.
    """
    ranges = {1: (90.0, 50.0), 2: (49.9, 35.0), 3: (34.9, 25.0), 4: (24.9, 17.0)}
    names, index = [], []
    for tier, cities in TABLE1.items():
        members = cities.split("、")
        names += members
        index += list(np.linspace(*ranges[tier], len(members)))
    names += ["x1", "x2", "x3", "x4", "x5"]
    index += [16.99, 10.0, 5.0, 1.0, 0.0]
    order = np.random.default_rng(100).permutation(len(names))
    tab = tier_table([names[i] for i in order], [index[i] for i in order])
    assert list(tab["tier"]) == [1, 2, 3, 4]
    assert list(tab["count"]) == [10, 16, 27, 47]
    assert list(tab["index_range"]) == ["≥ 50", "[35, 50)", "[25, 35)", "[17, 25)"]
    assert list(tab["cities"]) == [TABLE1[k] for k in (1, 2, 3, 4)]


def test_top_n_share_by_hand():
    """Σ of the n largest / total: values (5, 1, 3, 2, 4), total 20 → top 2 = (5 + 4)/20 = 0.45,
    top 5 = 15/20 = 0.75, and n beyond the length takes all."""
    v = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert top_n_share(v, 20.0, 2) == pytest.approx(0.45, rel=1e-15)
    assert top_n_share(v, 20.0, 5) == pytest.approx(0.75, rel=1e-15)
    assert top_n_share(v, 20.0, 100) == pytest.approx(0.75, rel=1e-15)


def test_top_n_share_ignores_blank_cities():
    """Blank cities (NaN) are not values — ``city_index`` keeps them NaN and leaves them out of
    X̄ — so they cannot be among the n largest: (5, blank, 3, 4) with total 20 has top-2
    share (5 + 4)/20 = 0.45."""
    assert top_n_share([5.0, np.nan, 3.0, 4.0], 20.0, 2) == pytest.approx(0.45, rel=1e-15)


def test_top_n_share_rejects_a_count_below_one():
    """n is a count of cities: 0 or a negative n has no meaning (a negative slice would
    silently sum all but the last |n| values)."""
    with pytest.raises(IIEInputError, match="^n:"):
        top_n_share([1.0, 2.0], 3.0, -1)
