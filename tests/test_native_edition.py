"""The native ("glass-box") edition, computed by a real spreadsheet engine: LibreOffice.

The native edition is built by the same builder from the same layout as the function
edition, with built-in functions only. LibreOffice recalculates it from scratch (a book
with no cached value), and every report cell must equal

- the Python pipeline (the manifest's Expect list, relative 1e-9), and
- the function edition recalculated by our headless engine (every report-sheet cell);

for the demo inputs and for the real NBS 2017 (149 sectors) and 2020 (153 sectors) tables.
One LibreOffice run per book, shared by the tests through module fixtures.
"""

from __future__ import annotations

import math
import re

import numpy as np
import openpyxl
import pytest

from conftest import SHARED_DATA, require_shared_data
from iiecon_xl import demo, pipeline, udfs
from iiecon_xl.recalc.libreoffice import find_soffice
from iiecon_xl import recalc
from iiecon_xl.workbook import books, builder, layout as L, update
from iiecon_xl.workbook.reader import read_edition, read_inputs

pytestmark = pytest.mark.slow

LO_SKIP = "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"
needs_lo = pytest.mark.skipif(find_soffice() is None, reason=LO_SKIP)
RTOL = 1e-9
#: what LibreOffice 7.4 and Excel 2010 lack, and what only Excel 365 has
FORBIDDEN = ("LET", "LAMBDA", "SEQUENCE", "FILTER", "XLOOKUP", "SORT", "SORTBY", "UNIQUE", "TEXTJOIN", "CONCAT",
             "MUNIT", "IFS", "MAXIFS", "MINIFS", "SWITCH", "XMATCH")


# ----------------------------------------------------------------------------- helpers


def _plain(v):
    return v.item() if isinstance(v, np.generic) else v


def _row_index(frame) -> dict:
    keys = {}
    for cols in (("code",), ("section", "year"), ("year",), ("industry", "year"), ("province_code", "year"),
                 ("region", "year"), ("city",), ("tier",), ("top_n",), ("parameter",), ("metric",),
                 ("province_code",), ("region",)):  # the last two: the tier counts by province and region
        if all(c in frame.columns for c in cols):
            for i, vals in enumerate(frame[list(cols)].itertuples(index=False, name=None)):
                keys.setdefault(tuple(_plain(v) for v in vals), frame.index[i])
    return keys


def _same(expected, found) -> bool:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return found in (None, "", "—")   # no value: a blank, or the dash the book shows for it
    if isinstance(expected, str) or isinstance(found, str):
        return (found or "") == (expected or "")
    if found is None or isinstance(found, bool) and not isinstance(expected, bool):
        return False
    e, f = float(expected), float(found)
    return abs(f - e) <= RTOL * max(abs(e), abs(f)) + 1e-12


def pipeline_mismatches(manifest, inputs, wb_values) -> list[str]:
    """Every Expect cell of ``manifest`` whose value in ``wb_values`` is not the pipeline's."""
    report = pipeline.run(inputs)
    index = {name: _row_index(t.frame) for name, t in report.tables.items()}
    bad = []
    for e in manifest.expect:
        row = index[e.table].get(tuple(v for _, v in e.key))
        assert row is not None, (e.table, e.key)
        expected = _plain(report.tables[e.table].frame.at[row, e.column])
        found = wb_values[e.sheet][e.cell].value
        if not _same(expected, found):
            bad.append(f"{e.sheet}!{e.cell} {e.table}.{e.column} {dict(e.key)}: {found!r} ≠ {expected!r}")
    return bad


def report_mismatches(native_values, function_values) -> list[str]:
    """Every report-sheet cell whose value differs between the two editions, and every check verdict."""
    bad = []
    for sheet in L.REPORT_SHEETS + (L.CHECKS,):
        wn, wf = native_values[sheet], function_values[sheet]
        for row in wf.iter_rows():
            for c in row:
                if c.value is None and wn[c.coordinate].value is None:
                    continue
                if sheet == L.CHECKS and c.column != 2:
                    continue   # Checks: the verdicts (deviations are rounding residues, texts name the edition)
                if not _same(c.value, wn[c.coordinate].value):
                    bad.append(f"{sheet}!{c.coordinate}: native {wn[c.coordinate].value!r} ≠ function {c.value!r}")
    return bad


def lo_values(book, out):
    """LibreOffice recalculates ``book`` (values into a copy of the book itself); openpyxl values."""
    res = books.libreoffice_values(book, out)
    return res, openpyxl.load_workbook(out, data_only=True)


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def native_demo(native_built):
    """The native demo built from scratch (no cached value) and its manifest (the session's)."""
    return native_built


@pytest.fixture(scope="module")
def native_demo_lo(native_demo, native_lo):
    """The session's LibreOffice run of the native demo, with its values and the manifest."""
    path, manifest = native_demo
    return native_lo, openpyxl.load_workbook(native_lo.out, data_only=True), manifest


@pytest.fixture(scope="module")
def function_demo_values(demo_recalc):
    assert demo_recalc.ok, demo_recalc.summary()
    return openpyxl.load_workbook(demo_recalc.out, data_only=True)


# ----------------------------------------------------------------------------- the book itself


def test_native_formulas_use_built_in_functions_only(native_demo):
    """No iiecon-xl function, no dynamic array, nothing LibreOffice 7.4 or Excel 2010 lacks."""
    _, manifest = native_demo
    called = re.compile(r"\b([A-Z][A-Z0-9_.]*)\(")
    used = {name for f in manifest.formulas.values() for name in called.findall(f)}
    assert not used & set(udfs.FUNCTIONS), used & set(udfs.FUNCTIONS)
    assert not used & set(FORBIDDEN), used & set(FORBIDDEN)
    assert {"MINVERSE", "MMULT", "LINEST", "SUMPRODUCT", "RANK", "COUNTIF"} <= used
    assert all("_xlfn" not in f and "_xludf" not in f for f in manifest.formulas.values())


def test_native_book_is_marked_and_has_no_dynamic_arrays(native_demo):
    path, _ = native_demo
    assert read_edition(path) == L.NATIVE and books.edition_of(path) == L.NATIVE
    assert read_edition(books.REPO_WORKBOOKS / books.DEMO_NAME) == L.FUNCTION
    import zipfile
    with zipfile.ZipFile(path) as zf:
        assert "xl/metadata.xml" not in zf.namelist()          # dynamic arrays need it; legacy arrays do not
        sheet_xml = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))
    assert 't="array"' in sheet_xml and 'cm="1"' not in sheet_xml


def test_report_cells_and_charts_sit_where_the_function_edition_has_them(native_demo, tmp_path):
    _, man_n = native_demo
    man_f = builder.build(tmp_path / "f.xlsx", demo.load_demo())
    cells = lambda m: {(e.sheet, e.cell, e.table, e.key, e.column) for e in m.expect}  # noqa: E731
    assert cells(man_n) == cells(man_f)
    lay_n, lay_f = (L.Layout(L.dims_for(demo.load_demo()), ed) for ed in (L.NATIVE, L.FUNCTION))
    assert [s.name for s in lay_n.sheets] == list(L.sheet_order(L.NATIVE))
    assert [s.name for s in lay_f.sheets] == list(L.sheet_order(L.FUNCTION))
    for name in L.INPUT_SHEETS + L.REPORT_SHEETS:
        assert lay_n.sheet(name) == lay_f.sheet(name)
    shared = set(L.INPUT_SHEETS + L.REPORT_SHEETS)
    charts = lambda m: sorted((c.sheet, c.row, c.col, repr(c.series)) for c in m.charts  # noqa: E731
                              if c.sheet in shared)
    assert charts(man_n) == charts(man_f) and charts(man_f)
    # the Analysis sheet: the quadrant in both editions, the uncertainty band only where IIE_UNCERTAINTY runs
    analysis = lambda m: [c for c in m.charts if c.sheet == L.ANALYSIS]  # noqa: E731
    assert len(analysis(man_f)) == len(analysis(man_n)) + 1 >= 2


def test_the_augmented_block_resizes_with_n_and_m():
    d = L.dims_for(demo.load_demo())
    lay = L.Layout(d, L.NATIVE)
    r1, c1, r2, c2 = lay.matrices.aug_area
    assert (r2 - r1 + 1, c2 - c1 + 1) == (d.n + d.m, d.n + d.m)
    small = L.Dims(sectors=d.sectors.iloc[:40], related=d.related.iloc[:3], criteria=d.criteria, grades=d.grades,
                   years=d.years, macro_years=d.macro_years, provinces=d.provinces, cities=d.cities)
    m = L.Layout(small, L.NATIVE).matrices
    r1, c1, r2, c2 = m.aug_area
    assert (r2 - r1 + 1, c2 - c1 + 1) == (43, 43)
    assert m.c_area[3] - m.c_area[1] + 1 == 3 and m.virtual_top > r2
    assert L.Layout(d).matrices is None


# ----------------------------------------------------------------------------- LibreOffice computes it


@needs_lo
def test_native_demo_computed_by_libreoffice_equals_the_pipeline(native_demo_lo):
    res, wb, manifest = native_demo_lo
    assert res.ok, res.summary()
    assert len(manifest.expect) > 5000
    assert pipeline_mismatches(manifest, demo.load_demo(), wb) == []
    ws = wb[L.CHECKS]
    lay = L.Layout(L.dims_for(demo.load_demo()), L.NATIVE).checks
    assert [ws[lay.cell(r, "result")].value for r in lay.rows] == ["OK"] * len(lay.rows)


@needs_lo
def test_native_demo_equals_the_function_edition_on_every_report_cell(native_demo_lo, function_demo_values):
    _, wb, _ = native_demo_lo
    assert report_mismatches(wb, function_demo_values) == []


@needs_lo
def test_native_analysis_sheet_equals_the_model(native_demo_lo):
    """The Analysis sheet computed by LibreOffice (L = MINVERSE(I − A), G = X̂⁻¹LX̂, the measures and the
    extraction outputs) equals the model's values (build/analysis_expected.py) to 1e-9 relative."""
    from iiecon_xl.workbook.audit.expected import compare
    from iiecon_xl.workbook.build.analysis_expected import expected

    _, wb, _ = native_demo_lo
    inputs = demo.load_demo()
    want = expected(L.Layout(L.dims_for(inputs), L.NATIVE), inputs)
    ws = wb[L.ANALYSIS]
    assert len(want) > 2 * 149 * 149
    assert [(c, w) for (_, c), (v, w) in want.items() if compare(v, ws[c].value)] == []


@needs_lo
def test_native_calculation_intermediates_are_the_models(native_demo_lo):
    """A* and the used columns of (I − A*)⁻¹ in cells equal the model's augmentation."""
    from iiecon_xl import model

    _, wb, _ = native_demo_lo
    inputs = demo.load_demo()
    lay = L.Layout(L.dims_for(inputs), L.NATIVE).matrices
    ws = wb[L.MATRICES]
    grid = lambda area: np.array([[c.value for c in row] for row in ws.iter_rows(  # noqa: E731
        min_row=area[0] + 1, max_row=area[2] + 1, min_col=area[1] + 1, max_col=area[3] + 1)], dtype=float)
    io = inputs.io
    A = io.Z.to_numpy() / io.X.to_numpy()[np.newaxis, :]
    codes = list(io.codes)
    k = [codes.index(c) for c in inputs.related.index]
    S = pipeline.run(inputs).tables["related"].frame["S"].to_numpy()
    aug = model.augment(A, io.X.to_numpy(), k, S)
    np.testing.assert_allclose(grid(lay.aug_area), aug.A, rtol=1e-12, atol=1e-15)
    C = np.linalg.inv(np.eye(len(aug.A)) - aug.A)[:, aug.virtual]
    np.testing.assert_allclose(grid(lay.c_area), C, rtol=1e-9, atol=1e-12)


@needs_lo
def test_function_edition_recalculated_without_the_add_in_fails_its_last_check(tmp_path):
    """LibreOffice does not know the iiecon-xl functions: their results turn #NAME? and the
    Checks sheet's function-result check reads FAIL — no stale OK survives."""
    from iiecon_xl.recalc.libreoffice import libreoffice_recalc

    out = libreoffice_recalc(books.REPO_WORKBOOKS / books.DEMO_NAME, tmp_path / "no_addin.xlsx")
    ws = openpyxl.load_workbook(out, data_only=True)[L.CHECKS]
    lay = L.Layout(L.dims_for(demo.load_demo())).checks
    assert ws[lay.cell(lay.array_row, "result")].value == "FAIL"
    assert ws[lay.cell(lay.array_row, "deviation")].value > 0


# ----------------------------------------------------------------------------- real NBS tables


# the 2020 table (153 sectors) through LibreOffice; the 2017 one is the function edition's test in
# test_real_data_books.py and the golden numbers' (one LibreOffice run of a real book keeps CI in time)
@pytest.fixture(scope="module", params=[("nbs_io_2020_153.csv", 153)], ids=["2020_153"])
def real_books(request, tmp_path_factory):
    """The native and the function demo with the IO sheet replaced by a real NBS table; the
    native one computed by LibreOffice, the function one by our engine."""
    name, n = request.param
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent (real NBS data is not in this repository)")
    if find_soffice() is None:
        pytest.skip(LO_SKIP)
    path = require_shared_data("io", name)
    tmp = tmp_path_factory.mktemp(f"real_{n}")
    native_raw = tmp / "demo_native.xlsx"
    builder.build(native_raw, demo.load_demo(), edition=L.NATIVE)
    native, imported, _ = update.import_io(path, native_raw, tmp / f"native_{n}.xlsx")
    func, _, _ = update.import_io(path, books.REPO_WORKBOOKS / books.DEMO_NAME, tmp / f"function_{n}.xlsx")
    res_n, wb_n = lo_values(native, tmp / f"native_{n}_lo.xlsx")
    res_f = recalc.recalc(func, tmp / f"function_{n}_recalc.xlsx")
    manifest = builder.build(tmp / "manifest_only.xlsx", read_inputs(native), edition=L.NATIVE)
    return n, native, res_n, wb_n, res_f, manifest


def test_real_table_native_book_equals_pipeline_and_function_edition(real_books):
    n, native, res_n, wb_n, res_f, manifest = real_books
    assert read_edition(native) == L.NATIVE
    inputs = read_inputs(native)
    assert len(inputs.io.codes) == n
    assert res_n.ok, res_n.summary()
    assert res_f.ok, res_f.summary()
    assert pipeline_mismatches(manifest, inputs, wb_n) == []
    assert report_mismatches(wb_n, openpyxl.load_workbook(res_f.out, data_only=True)) == []


# ----------------------------------------------------------------------------- commands keep the edition


def test_every_command_keeps_the_edition(native_demo, tmp_path):
    """new-year rebuilds a native book as a native book, a function book as a function book
    (import-io: the real-table test above; import-series goes through the same build call)."""
    path, _ = native_demo
    out = update.new_year(path, 2025, tmp_path / "ny.xlsx")
    assert read_edition(out) == L.NATIVE
    assert L.MATRICES in openpyxl.load_workbook(out, read_only=True).sheetnames
    func = update.new_year(books.REPO_WORKBOOKS / books.DEMO_NAME, 2025, tmp_path / "ny_f.xlsx")
    assert read_edition(func) == L.FUNCTION
