"""METHOD.md §1 (the base-year row is Σ S_k V_k and Σ dz whatever the denominator) and §0/§5 (the
industry of each IO sector by NBS 2018 三次产业划分规定 or the plain section rule; a section split
between industries is split by its sectors' base-year shares): hand-made inputs, the demo and the
real NBS 2017 table. The stages run without the province and city allocation (cheap)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from iiecon_xl import demo, model, reference, structure
from iiecon_xl.errors import IIEInputError
from iiecon_xl.inputs import IOTable
from iiecon_xl.pipeline.base_year import base_year
from iiecon_xl.pipeline.production import multipliers
from iiecon_xl.pipeline.sections import section_rates
from iiecon_xl.pipeline.series import series

MOVED_2017 = {"005", "011", "097"}      # A05, B11 (+B12), C43 in the 2017 149-sector list
MOVED_153 = {"005", "011", "099"}       # the same names in the 2018/2020 153-sector lists


def _stages(inputs):
    """(base, sec, mult, series) of the measurement up to the national and industry series."""
    warnings: list[str] = []
    base = base_year(inputs, lambda m: None)
    sec = section_rates(inputs, base, warnings, lambda m: None)
    mult = multipliers(inputs, sec.p0, warnings, lambda m: None)
    return base, sec, mult, series(inputs, sec, mult)


@pytest.fixture(scope="module")
def demo_inputs():
    return demo.load_demo()


@pytest.fixture(scope="module")
def runs(demo_inputs):
    """The demo under both denominators and both industry rules."""
    out = {}
    for den in ("yearbook", "io"):
        for rule in ("nbs2018", "section"):
            inp = replace(demo_inputs, params=replace(demo_inputs.params, denominator=den, industry_rule=rule))
            out[den, rule] = _stages(inp)
    return out


def test_the_nbs_rule_moves_exactly_agricultural_services_mining_auxiliary_and_repair():
    """NBS 2018: A05, B11 and C43 go to the third industry. In the shipped lists they are the sectors
    named 农、林、牧、渔服务产品 (005), 开采辅助活动和其他采矿产品 (011) and 金属制品、机械和设备修理服务
    (097 of 149, 099 of 153); every other sector keeps its section's industry (A 1; B–E 2; F–S 3)."""
    for table, moved in (("2017_149", MOVED_2017), ("2018_153", MOVED_153), ("2020_153", MOVED_153)):
        sec = reference.sectors(table)
        nbs = structure.sector_industries(sec, "nbs2018")
        plain = structure.sector_industries(sec, "section")
        assert (plain == sec["section"].map(model.SECTION_INDUSTRY)).all()
        assert set(nbs.index[nbs != plain]) == moved and (nbs[list(moved)] == 3).all()
        assert (nbs == sec["industry"]).all()           # the CSV's industry column is the NBS rule
        assert set(sec.loc[list(moved), "section"]) == {"A", "B", "C"}
    with pytest.raises(IIEInputError, match="industry_rule"):
        structure.sector_industries(reference.sectors("2017_149"), "nbs")


def test_industry_shares_by_hand():
    """Sectors (section, industry, value): (A, 1, 3), (A, 3, 1), (C, 2, 0), (C, 3, 0), (I, 3, 5).
    A: shares 3/4 first, 1/4 third; C sums to 0, so share 1 on its section's industry (2); I: 1 on
    the third; sections without sectors likewise 1 on their own industry. Then Z^j = Σ_s share·value:
    with values A 8, C 2, I 10 → Z^1 = 6, Z^2 = 2, Z^3 = 2 + 10 = 12 (sum 20 = 8 + 2 + 10)."""
    sh = model.industry_shares([3.0, 1.0, 0.0, 0.0, 5.0], list("AACCI"), [1, 3, 2, 3, 3])
    assert sh.loc["A"].tolist() == [0.75, 0.0, 0.25]
    assert sh.loc["C"].tolist() == [0.0, 1.0, 0.0]
    assert sh.loc["I"].tolist() == [0.0, 0.0, 1.0]
    assert sh.loc["B"].tolist() == [0.0, 1.0, 0.0] and sh.loc["S"].tolist() == [0.0, 0.0, 1.0]
    np.testing.assert_allclose(sh.sum(axis=1), 1.0, rtol=0, atol=0)
    values = pd.Series(0.0, index=list(model.SECTIONS))
    values[["A", "C", "I"]] = [8.0, 2.0, 10.0]
    assert model.by_industry(values, sh).tolist() == [6.0, 2.0, 12.0]
    with pytest.raises(IIEInputError, match="sector_industry"):
        model.industry_shares([1.0], ["A"], [4])


def test_apply_rates_puts_the_base_values_in_the_base_year():
    """value_s(t) = rate_s·VA_s(t) after the base year; the base year holds the given base values
    (rate 0.1, VA 50 and 60: base 7 replaces 0.1·50 = 5, 2025 stays 0.1·60 = 6)."""
    va = pd.DataFrame({2024: 50.0, 2025: 60.0}, index=list(model.SECTIONS))
    out = model.apply_rates(pd.Series(0.1, index=list(model.SECTIONS)), va,
                            base=pd.Series(7.0, index=list(model.SECTIONS)), base_year=2024)
    assert (out[2024] == 7.0).all() and np.allclose(out[2025], 6.0, rtol=1e-15)
    with pytest.raises(IIEInputError, match="base_year"):
        model.apply_rates(pd.Series(0.1, index=list(model.SECTIONS)), va, base=out[2024], base_year=2017)


def _check_identities(inputs, base, sec, s):
    """The base-year identity (§1), later years d_s·VA_s(t) and p_s(t)·VA_s(t), the industry split
    Σ_s share_{s,j}·value_s(t) with the shares recomputed from the sectors (§5), industries sum to the nation."""
    b, years = inputs.params.base_year, inputs.years
    direct = pd.Series(base.direct, index=base.codes)
    dz = pd.Series(base.pen.dz, index=base.codes)
    assert s.core_t[b] == pytest.approx(direct.sum(), rel=1e-12)
    assert s.pen_t[b] == pytest.approx(dz.sum(), rel=1e-12)
    by_sec = lambda v: v.groupby(base.section.to_numpy()).sum().reindex(list(model.SECTIONS), fill_value=0.0)  # noqa: E731
    np.testing.assert_allclose(s.core_st[b], by_sec(direct), rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(s.pen_st[b], by_sec(dz), rtol=1e-12, atol=1e-9)
    denom = by_sec(pd.Series(base.V, index=base.codes)) if inputs.params.denominator == "io" else sec.va[b]
    d = (by_sec(direct) / denom).where(denom > 0, 0.0)
    for t in years[1:]:
        np.testing.assert_allclose(s.core_st[t], d * sec.va[t], rtol=1e-12, atol=1e-9)
    for part, values, frame in (("core", direct, s.core_st), ("pen", dz, s.pen_st)):
        ind = base.industry.to_numpy()
        sums = values.groupby([base.section.to_numpy(), ind]).sum().unstack(fill_value=0.0)
        sums = sums.reindex(index=list(model.SECTIONS), columns=list(model.INDUSTRIES), fill_value=0.0)
        tot = sums.sum(axis=1)
        plain = pd.DataFrame({j: [float(model.SECTION_INDUSTRY[x] == j) for x in model.SECTIONS]
                              for j in model.INDUSTRIES}, index=list(model.SECTIONS))
        share = sums.div(tot.replace(0.0, np.nan), axis=0).fillna(plain)
        got = s.core_jt if part == "core" else s.pen_jt
        np.testing.assert_allclose(got.to_numpy(), (share.T @ frame).to_numpy(), rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(got[b].to_numpy(), values.groupby(ind).sum().reindex([1, 2, 3], fill_value=0),
                                   rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose((s.core_jt + s.pen_jt).sum().to_numpy(), s.total_t.to_numpy(), rtol=1e-12)


@pytest.mark.parametrize("den", ["yearbook", "io"])
@pytest.mark.parametrize("rule", ["nbs2018", "section"])
def test_demo_identities_under_both_denominators_and_rules(demo_inputs, runs, den, rule):
    """Every identity of _check_identities on the demo, for each denominator and industry rule."""
    base, sec, mult, s = runs[den, rule]
    inputs = replace(demo_inputs, params=replace(demo_inputs.params, denominator=den, industry_rule=rule))
    _check_identities(inputs, base, sec, s)


def test_the_base_year_and_the_industry_rule_on_the_demo(runs):
    """The base year does not depend on the denominator (Σ S_k V_k, Σ dz), later years do. The two
    rules differ in the base year by exactly the moved sectors: Z^1(nbs) = Z^1(section) −
    (direct + dz of 005), Z^2 loses those of 011 and 097, Z^3 gains all three; the nation is the same."""
    (b1, _, _, yb), (_, _, _, io), (_, _, _, sect) = runs["yearbook", "nbs2018"], runs["io", "nbs2018"], \
        runs["yearbook", "section"]
    assert yb.core_t[2017] == io.core_t[2017] and yb.pen_t[2017] == io.pen_t[2017]
    assert yb.core_t[2024] != pytest.approx(io.core_t[2024], rel=1e-6)
    moved = pd.Series(b1.direct + b1.pen.dz, index=b1.codes)
    diff = yb.core_jt[2017] + yb.pen_jt[2017] - sect.core_jt[2017] - sect.pen_jt[2017]
    np.testing.assert_allclose(diff.to_numpy(), [-moved["005"], -(moved["011"] + moved["097"]), moved[list(MOVED_2017)].sum()],
                               rtol=1e-9)
    assert moved["005"] > 0
    np.testing.assert_allclose(yb.total_t, sect.total_t, rtol=1e-12)


def test_the_real_nbs_2017_table(demo_inputs, io2017):
    """The real 2017 NBS table (万元) in place of the demo's: its three moved sectors by name are
    005, 011, 097, and the identities hold under both rules and both denominators."""
    sectors = reference.sectors("2017_149")[["name_zh", "name_en", "section"]].copy()
    sectors["name_zh"] = io2017.names_zh
    assert set(structure.sector_industries(sectors, "nbs2018").pipe(lambda x: x.index[x == 3])) - \
        set(structure.sector_industries(sectors, "section").pipe(lambda x: x.index[x == 3])) == MOVED_2017
    io = IOTable(sectors=sectors, Z=pd.DataFrame(io2017.Z, index=io2017.codes, columns=io2017.codes),
                 X=pd.Series(io2017.X, index=io2017.codes), unit="万元")
    for den, rule in (("yearbook", "nbs2018"), ("io", "section")):
        inputs = replace(demo_inputs, io=io, params=replace(demo_inputs.params, denominator=den, industry_rule=rule))
        base, sec, _, s = _stages(inputs)
        _check_identities(inputs, base, sec, s)
