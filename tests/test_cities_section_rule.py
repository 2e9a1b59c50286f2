"""Cities under the section allocation rule in both books (METHOD.md §5, §7).

The demo with provincial section value added for 2017 and 2021 (random, seeded, so that each
province's section structure differs from its GDP mix), P_ALLOCATION = "section" and the city
year 2022 (a block carried from 2021, neither the first nor the last report year): the function
edition recalculated by our engine, the native edition by LibreOffice (one run). In both, the
Province calc "zpj" block is Σ_s rate_j·VA_i^s of the city year's block, and every city's value
added must equal the pipeline's (1e-9), the cities of a province sum to the province's total, and
the provinces of an industry to the nation's industry total; both books audit clean.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import openpyxl
import pandas as pd
import pytest

from iiecon_xl import demo, model, pipeline, recalc
from iiecon_xl.recalc.libreoffice import find_soffice
from iiecon_xl.workbook import books, builder, layout as L
from iiecon_xl.workbook.audit import audit

pytestmark = pytest.mark.slow

RTOL = 1e-9
CITY_YEAR = 2022


def section_inputs():
    """The demo, section rule, city year 2022, provinces × sections VA ~ U(1, 100) in 2017 and 2021."""
    inp = demo.load_demo()
    codes = sorted(set(inp.province_gdp.index.get_level_values(0)))
    rng = np.random.default_rng(7)
    blocks = []
    for y in (2017, 2021):
        idx = pd.MultiIndex.from_tuples([(c, y) for c in codes], names=["province_code", "year"])
        blocks.append(pd.DataFrame(rng.uniform(1, 100, (len(codes), len(model.SECTIONS))), index=idx,
                                   columns=list(model.SECTIONS)))
    return replace(inp, province_section_va=pd.concat(blocks), city_year=CITY_YEAR,
                   params=replace(inp.params, allocation="section"))


@pytest.fixture(scope="module")
def books_computed(tmp_path_factory):
    """{edition: (recalculated path, openpyxl values)}, the inputs and the pipeline's report."""
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    tmp = tmp_path_factory.mktemp("cities_section")
    inp = section_inputs()
    builder.build(tmp / "function.xlsx", inp, edition=L.FUNCTION)
    builder.build(tmp / "native.xlsx", inp, edition=L.NATIVE)
    res_f = recalc.recalc(tmp / "function.xlsx", tmp / "function_recalc.xlsx")
    res_n = books.libreoffice_values(tmp / "native.xlsx", tmp / "native_lo.xlsx")
    assert res_f.ok, res_f.summary()
    assert res_n.ok, res_n.summary()
    out = {ed: (path, openpyxl.load_workbook(path, data_only=True))
           for ed, path in ((L.FUNCTION, res_f.out), (L.NATIVE, tmp / "native_lo.xlsx"))}
    return out, inp, pipeline.run(inp)


def test_the_section_rule_moves_the_cities():
    """The inputs exercise the rule: the pipeline's cities differ from the three-industry rule's
    (by more than 1 % somewhere), so agreement below is not the old rule's by accident."""
    inp = section_inputs()
    va = {rule: pipeline.run(replace(inp, params=replace(inp.params, allocation=rule))).tables["cities"]
          .frame.set_index("city")["value_added"] for rule in ("section", "industry")}
    assert (va["section"] / va["industry"] - 1).abs().max() > 0.01


@pytest.mark.parametrize("edition", [L.FUNCTION, L.NATIVE])
def test_cities_equal_the_pipeline(books_computed, edition):
    """Each city's value added in the Cities sheet equals the pipeline's section-rule value (1e-9)."""
    computed, inp, report = books_computed
    _, wb = computed[edition]
    lay = L.Layout(L.dims_for(inp), edition).cities
    ws = wb[lay.name]
    want = report.tables["cities"].frame.set_index("city")["value_added"]
    got = {ws[lay.cell(lay.row(i), "city")].value: ws[lay.cell(lay.row(i), "value_added")].value
           for i in range(len(want))}
    assert sorted(got) == sorted(want.index)
    np.testing.assert_allclose([got[c] for c in want.index], want.to_numpy(), rtol=RTOL, atol=0)


@pytest.mark.parametrize("edition", [L.FUNCTION, L.NATIVE])
def test_cities_sum_to_provinces_and_provinces_to_industries(books_computed, edition):
    """In the book: Σ_{c∈p} X_c = the province's core + penetration of 2022 (Province calc), each
    province's Z_p^j (zpj) sums over j to the same total, and Σ_p Z_p^j is the Industries sheet's
    total of industry j in 2022 (the sections' splits sum the nation's sections to its industries)."""
    computed, inp, _ = books_computed
    _, wb = computed[edition]
    lay = L.Layout(L.dims_for(inp), edition)
    pc, cities, ind = lay.province_calc, lay.cities, lay.industries
    t = inp.years.index(CITY_YEAR)
    wp, wc, wi = wb[pc.name], wb[cities.name], wb[ind.name]
    P = len(inp.province_gdp.index.get_level_values(0).unique())
    codes = [wp[pc.cell(pc.block_row("core", i), "code")].value for i in range(P)]
    total = np.array([sum(wp[pc.cell(pc.block_row(b, i), pc.year_col(t))].value for b in ("core", "pen"))
                      for i in range(len(codes))])
    zpj = np.array([[wp[pc.cell(pc.block_row("zpj", i), pc.industry_col(j))].value for j in L.INDUSTRIES]
                    for i in range(len(codes))])
    by_prov = dict.fromkeys(codes, 0.0)
    r = L.FIRST
    while wc[cities.cell(r, "province_code")].value is not None:
        by_prov[wc[cities.cell(r, "province_code")].value] += wc[cities.cell(r, "value_added")].value
        r += 1
    np.testing.assert_allclose([by_prov[c] for c in codes], total, rtol=RTOL, atol=0)
    np.testing.assert_allclose(zpj.sum(axis=1), total, rtol=RTOL, atol=0)
    nat = [wi[ind.cell(ind.row("total", j), ind.year_col(t))].value for j in L.INDUSTRIES]
    np.testing.assert_allclose(zpj.sum(axis=0), nat, rtol=RTOL, atol=0)


@pytest.mark.parametrize("edition", [L.FUNCTION, L.NATIVE])
def test_section_rule_books_audit_clean(books_computed, edition):
    """`iiecon-xl audit` of each recalculated book (inputs read back, pipeline recomputed) finds nothing."""
    computed, _, _ = books_computed
    path, _ = computed[edition]
    result = audit(path)
    assert result.ok, result.text()
    assert result.compared > 10000
