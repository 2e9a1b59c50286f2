"""The 分析 Analysis sheet (issue 15 §2) of the function edition, recalculated by our engine.

Reuses the session's ``demo_run`` (the committed demo recalculated and reported once): every
cell of the sheet the audit has an expectation for (:mod:`iiecon_xl.workbook.build.analysis_expected`:
the model's multipliers, linkages, extraction of K, IIE_UNCERTAINTY with the layout's draws and
seed, the national band, the RAS factors) must hold it to 1e-9 relative.
"""

from __future__ import annotations

import numpy as np

from iiecon_xl import demo, model
from iiecon_xl.workbook import layout as L
from iiecon_xl.workbook.audit.expected import compare
from iiecon_xl.workbook.build.analysis import class_zh
from iiecon_xl.workbook.build.analysis_expected import expected


def test_function_edition_analysis_sheet_equals_the_model(demo_run):
    """Each expected value is the model's on the book's own inputs (the IO table in the report unit);
    e.g. the output multiplier of sector j is Σ_i l_ij, the column sum of L = (I − A)⁻¹."""
    inputs = demo.load_demo()
    lay = L.Layout(L.dims_for(inputs), L.FUNCTION)
    want = expected(lay, inputs, demo_run.report)
    values = demo_run.recalc.values
    assert len(want) > 3000
    bad = [(cell, what, v, values.get(cell)) for cell, (v, what) in want.items() if compare(v, values.get(cell))]
    assert bad == []
    an = lay.analysis
    # the output multiplier checked once by hand: column sums of (I − A)⁻¹
    Z, X = inputs.io.Z.to_numpy(float), inputs.io.X.to_numpy(float)
    L_inv = np.linalg.inv(np.eye(len(X)) - model.calc_A(Z, X))
    got = np.array([values[(an.name, an.cell(an.row(i), "out_simple"))] for i in range(len(X))])
    np.testing.assert_allclose(got, L_inv.sum(axis=0), rtol=1e-9)


def test_band_brackets_the_national_total(demo_run):
    """With quantiles 5 % < 50 % < 95 %, each year's scaled band q5 ≤ q95 and the total lies
    between them up to the gap of the median from the point (the band scales the total)."""
    lay = L.Layout(L.dims_for(demo.load_demo()), L.FUNCTION).analysis
    v = demo_run.recalc.values
    for t in range(lay.T):
        r = lay.band_row(t)
        lo, hi = (v[(lay.name, lay.cell(r, lay.bcol("total", k)))] for k in (0, lay.q - 1))
        total = v[(lay.name, lay.cell(r, lay.bcol("total")))]
        assert lo < total < hi


def test_class_formula_names_every_class_in_chinese():
    """class_zh nests one IF per class but the last (the default), in the order of CLASSES."""
    f = class_zh("Z9")
    assert f.startswith('=IF(Z9="key", "关键部门", IF(Z9="backward", "后向关联主导", IF(Z9="forward", "前向关联主导"')
    assert f.endswith('"弱关联部门")))')


def test_edited_draws_seed_and_ras_targets_are_read_kept_and_audited(tmp_path):
    """The Analysis sheet's yellow cells are inputs: with u₁ raised by 10 % of Z's first row sum
    and v₁ by the same amount (Σu = Σv still), the recalculated book audits clean against RAS to
    those targets (so its first row factor is no longer 1), 200 draws and seed 7 are the band's,
    a rebuild keeps all four, and a negative target is an error naming its cell."""
    from iiecon_xl import recalc
    from iiecon_xl.errors import IIEInputError
    from iiecon_xl.workbook import audit, books
    from iiecon_xl.workbook.upgrade import upgrade
    from iiecon_xl.workbook.reader import read_inputs
    from iiecon_xl.xlsx.cached_values import write_cached_values

    inputs = demo.load_demo()
    an = L.Layout(L.dims_for(inputs), L.FUNCTION).analysis
    Z = inputs.io.Z.to_numpy(float)
    u1, v1 = Z[0].sum(), Z[:, 0].sum()
    extra = 0.1 * u1
    cell = lambda r, c: (an.name, an.cell(r, c))  # noqa: E731
    edits = {cell(an.row(0), an.ecol("ras_u")): u1 + extra, cell(an.row(0), an.ecol("ras_v")): v1 + extra,
             cell(an.draws_row, an.PARAM_COL): 200, cell(an.seed_row, an.PARAM_COL): 7}
    edited = write_cached_values(books.REPO_WORKBOOKS / books.DEMO_NAME, tmp_path / "edited.xlsx", edits)
    res = recalc.recalc(edited, tmp_path / "edited_recalc.xlsx")
    assert res.ok, res.summary()
    result = audit.audit(res.out)
    assert result.ok, result.text()
    r1 = res.values[cell(an.row(0), an.ecol("ras_r"))]
    assert abs(r1 - 1) > 1e-3
    got = read_inputs(res.out).analysis
    assert (got["draws"], got["seed"]) == (200, 7) and got["ras_u"][0] == u1 + extra
    upgrade(res.out, tmp_path / "rebuilt.xlsx")
    again = read_inputs(tmp_path / "rebuilt.xlsx").analysis
    assert (again["draws"], again["seed"]) == (200, 7) and again["ras_v"][0] == v1 + extra
    bad = write_cached_values(edited, tmp_path / "bad.xlsx", {cell(an.row(2), an.ecol("ras_u")): -1.0})
    try:
        read_inputs(bad)
    except IIEInputError as e:
        assert cell(an.row(2), an.ecol("ras_u"))[1] in str(e) and "≥ 0" in str(e)
    else:
        raise AssertionError("a negative RAS target was read")
