"""Template and demo workbooks: built by the package, demo_recalc headlessly, audited.

The oracle for every report cell is the Python pipeline (tested on its own against
textbook and pymrio results): the demo_recalc demo book must equal it cell by cell at
relative 1e-9, which checks that the formulas trace the method from the inputs.
"""

from __future__ import annotations


import openpyxl
import pytest

from iiecon_xl import demo, parameters, pipeline
from iiecon_xl import recalc
from iiecon_xl.workbook import audit, books, builder, layout as L
from iiecon_xl.workbook.layout.checks import N_IDENTITIES
from iiecon_xl.workbook.reader import parameter_values, read_inputs
from iiecon_xl.xlsx.cached_values import write_cached_values


@pytest.fixture(scope="module")
def lay():
    """The layout of the demo book: every position the tests use comes from it."""
    return L.Layout(L.dims_for(demo.load_demo()))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The raw demo book (formulas, no values) and its manifest."""
    folder = tmp_path_factory.mktemp("books")
    path = folder / "demo_raw.xlsx"
    manifest = builder.build(path, demo.load_demo())
    return path, manifest


def test_committed_books_have_the_content_the_builder_produces():
    """A stale committed book (formulas or inputs edited by hand, builder changed without
    `iiecon-xl build-workbooks`) fails here."""
    assert books.differences_from_builder(books.REPO_WORKBOOKS / books.TEMPLATE_NAME) == []
    assert books.differences_from_builder(books.REPO_WORKBOOKS / books.DEMO_NAME, demo.load_demo()) == []


@pytest.mark.slow
def test_committed_native_books_have_the_content_the_builder_produces():
    """The glass-box template and demo: the native edition of the same builder."""
    for name, inputs in ((books.TEMPLATE_NATIVE_NAME, None), (books.DEMO_NATIVE_NAME, demo.load_demo())):
        path = books.REPO_WORKBOOKS / name
        assert books.edition_of(path) == L.NATIVE
        assert books.differences_from_builder(path, inputs) == []


def test_committed_native_demo_opens_with_numbers_and_ok_checks(lay):
    """The native demo is committed recalculated (by LibreOffice): viewers see numbers and OK."""
    wb = openpyxl.load_workbook(books.REPO_WORKBOOKS / books.DEMO_NATIVE_NAME, data_only=True)
    ws = wb[L.CHECKS]
    assert [ws[lay.checks.cell(r, "result")].value for r in lay.checks.rows] == ["OK"] * len(lay.checks.rows)
    nat = wb[L.R_NATIONAL]
    assert isinstance(nat[lay.national.cell(lay.national.row(0), "total")].value, float)


def test_content_comparison_notices_an_edited_formula(built, lay, tmp_path):
    path, manifest = built
    edited = tmp_path / "edited.xlsx"
    wb = openpyxl.load_workbook(path)
    cell = lay.national.cell(lay.national.row(0), "core")
    wb[L.R_NATIONAL][cell] = "=1+1"
    wb.save(edited)
    diffs = books.differences_from_builder(edited, demo.load_demo())
    assert any(L.R_NATIONAL in d and f"!{cell}:" in d for d in diffs)


def test_template_parameter_cells_are_the_defaults():
    """The empty template's parameter sheet holds iiecon_xl.parameters' defaults (N = 25 …),
    and reads back through the same SPECS."""
    d = L.dims_for(None)
    wb = openpyxl.load_workbook(books.REPO_WORKBOOKS / books.TEMPLATE_NAME)
    assert parameter_values(wb) == parameters.cell_values(None, d.years, d.macro_years)
    assert parameter_values(wb)["P_N"] == parameters.CITY_INDEX_N


def test_reader_gives_back_the_inputs_the_book_was_built_from(built):
    """read_inputs(book) → pipeline equals the pipeline on the demo inputs themselves."""
    path, _ = built
    a = pipeline.run(read_inputs(path))["national"]
    b = pipeline.run(demo.load_demo())["national"]
    assert (a[["core", "penetration", "total"]] - b[["core", "penetration", "total"]]).abs().max().max() < 1e-9


def test_every_report_number_is_a_formula(built):
    """Every cell the audit compares is a formula cell of the template (or inside a spill range)."""
    _, manifest = built
    spill_cells = set(audit.spill_cells(manifest)) | set(manifest.spills)
    for e in manifest.expect:
        assert (e.sheet, e.cell) in manifest.formulas or (e.sheet, e.cell) in spill_cells, (e.sheet, e.cell)
    assert len(manifest.expect) > 5000
    # UDFs are written bare, matrix results are dynamic arrays
    assert all("_xludf" not in f and "_xlfn" not in f for f in manifest.formulas.values())
    assert any(f.startswith("=IIE_PENETRATION(IO_Z, IO_X") for f in manifest.formulas.values())


def test_demo_book_demo_recalc_headlessly_equals_the_pipeline(demo_recalc, lay):
    """Every report cell of the demo_recalc book equals the Python pipeline at relative 1e-9,
    every identity check reads OK, no error value, every spill range as declared."""
    assert demo_recalc.ok, demo_recalc.summary()
    assert not demo_recalc.spill_mismatch
    result = audit.audit(demo_recalc.out)
    assert result.ok, result.text()
    # the identities and the two no-error rows, one row per parameter, the WARN row of inputs not data
    assert len(lay.checks.rows) == N_IDENTITIES + 2 == 9
    assert result.compared > 5000 and result.checks == len(lay.checks.rows) + len(parameters.SPECS) + 1


def test_recalc_never_writes_over_its_input(built):
    path, _ = built
    before = path.read_bytes()
    with pytest.raises(ValueError, match="OUT"):
        recalc.recalc(path, path)
    assert path.read_bytes() == before


def test_template_with_inputs_filled_recalculates_without_error(built, tmp_path):
    """The empty template holds exactly the demo book's formulas: filling its input cells
    with the demo values and recalculating gives no error value and a clean audit."""
    _, manifest = built
    template = books.REPO_WORKBOOKS / books.TEMPLATE_NAME
    filled = tmp_path / "filled.xlsx"
    write_cached_values(template, filled, {k: v for k, v in manifest.inputs.items()})
    res = recalc.recalc(filled, tmp_path / "filled_recalc.xlsx")
    assert res.ok, res.summary()
    assert audit.audit(res.out).ok


def test_empty_template_recalculates_to_messages_not_tracebacks(tmp_path):
    """With no data, the UDFs answer in the cell with a message naming the argument."""
    res = recalc.recalc(books.REPO_WORKBOOKS / books.TEMPLATE_NAME, tmp_path / "t.xlsx")
    assert res.messages
    assert all(m.startswith("#IIE! ") and "Traceback" not in m for m in res.messages.values())


def test_audit_catches_a_wrong_input_cell(demo_recalc, lay, tmp_path):
    """An input changed after the last calculation: the saved report values no longer follow
    from the inputs, and the independent recomputation says so."""
    planted = tmp_path / "wrong_input.xlsx"
    i = list(lay.dims.sectors.index).index("088")   # Z of 088 computers (a related sector), on the diagonal
    cell = lay.io.cell(L.FIRST + i, lay.io.sector_col(i))
    old = openpyxl.load_workbook(demo_recalc.out)[L.IO][cell].value
    write_cached_values(demo_recalc.out, planted, {(L.IO, cell): old * 1.5})
    result = audit.audit(planted)
    kinds = result.counts()
    assert kinds.get("differs", 0) > 10, result.text()
    assert any(f.sheet == L.R_NATIONAL for f in result.findings)


def test_audit_catches_hard_typed_number_and_broken_reference(built, lay, tmp_path):
    path, _ = built
    wb = openpyxl.load_workbook(path)
    typed = lay.national.cell(lay.national.row(1), "core")                    # core 2018 typed over its formula
    broken = lay.sections.cell(lay.sections.block_row("total", 0), lay.sections.year_col(0))
    wb[L.R_NATIONAL][typed] = 12345.0
    wb[L.R_SECTIONS][broken] = "=#REF!+" + lay.section_calc.year_cell("p", 0, 0)  # a reference that was deleted
    planted = tmp_path / "planted.xlsx"
    wb.save(planted)
    res = recalc.recalc(planted, tmp_path / "planted_recalc.xlsx")
    result = audit.audit(res.out)
    found = {(f.kind, f.sheet, f.cell) for f in result.findings}
    assert ("hard-typed", L.R_NATIONAL, typed) in found
    assert ("error", L.R_SECTIONS, broken) in found
    assert not result.ok


def test_audit_reports_bad_input_naming_the_cell(demo_recalc, lay, tmp_path):
    planted = tmp_path / "text_input.xlsx"
    cell = lay.io.cell(L.FIRST + 2, lay.io.sector_col(1))      # a flow of the Z block
    write_cached_values(demo_recalc.out, planted, {(L.IO, cell): "abc"})
    result = audit.audit(planted)
    assert [f.kind for f in result.findings] == ["input"]
    assert f"!{cell}" in result.findings[0].message and "not a number" in result.findings[0].message


def test_checks_sheet_of_the_committed_demo_reads_ok(lay):
    wb = openpyxl.load_workbook(books.REPO_WORKBOOKS / books.DEMO_NAME, data_only=True)
    ws = wb[L.CHECKS]
    results = [ws[lay.checks.cell(r, "result")].value for r in lay.checks.rows]
    assert results == ["OK"] * len(lay.checks.rows)


def test_function_edition_guide_says_the_add_in_is_needed_and_points_to_the_native_edition(built, lay):
    path, _ = built
    ws = openpyxl.load_workbook(path)[L.GUIDE]
    notes = " ".join(str(ws.cell(row=r + 1, column=lay.guide.notes_col + 1).value or "")
                     for r in range(lay.guide.notes_row, lay.guide.notes_row + 8))
    assert "add-in" in notes and books.DEMO_NATIVE_NAME in notes and "#NAME?" in notes


def test_function_edition_checks_every_udf_result_for_errors(built, lay):
    """The last check sums ISERROR over every iiecon-xl function result range, so a book
    recalculated without the add-in reads FAIL there (LibreOffice: test_native_edition)."""
    _, manifest = built
    text = manifest.formulas[(L.CHECKS, lay.checks.cell(lay.checks.array_row, "deviation"))]
    for sheet, rng in manifest.spills.items():
        assert f"!{rng})" in text, (sheet, rng)
    fuzzy = [c for (s, c), f in manifest.formulas.items() if s == L.RELATED and f.startswith("=FUZZY_EVAL(")]
    assert fuzzy and all(f"!{c})" in text for c in fuzzy)


def test_a_book_saved_by_excel_with_add_in_prefixes_recalculates_and_audits(built, tmp_path):
    """Excel stores a call to an add-in function as ``[1]!NAME(`` (classic .xlam) or
    ``_xldudf_NAME(`` (Office.js / xlwings Lite); recalc and audit read them as the bare names."""
    path, manifest = built
    wb = openpyxl.load_workbook(path)
    cells = [(s, c) for (s, c), f in manifest.formulas.items() if f.startswith("=TOPN_SHARE(")]
    (s1, c1), (s2, c2) = cells[:2]
    wb[s1][c1] = "=[1]!" + manifest.formulas[(s1, c1)][1:]
    wb[s2][c2] = "=_xldudf_" + manifest.formulas[(s2, c2)][1:]
    saved = tmp_path / "saved_by_excel.xlsx"
    wb.save(saved)
    res = recalc.recalc(saved, tmp_path / "saved_recalc.xlsx")
    assert not res.unparsed and (s1, c1) not in res.messages
    result = audit.audit(res.out)
    assert not [f for f in result.findings if (f.sheet, f.cell) in {(s1, c1), (s2, c2)}], result.text()


def test_cli_audit_exit_status_and_json(demo_recalc, lay, tmp_path, capsys):
    """`iiecon-xl audit`: exit 0 and "no finding" on a clean book; exit 1 and the findings,
    as JSON too, when an input no longer matches the saved values."""
    import json

    from iiecon_xl import cli

    assert cli.main(["audit", str(demo_recalc.out)]) == 0
    assert "no finding" in capsys.readouterr().out
    planted = tmp_path / "p.xlsx"
    macro_y = lay.macro.cell(lay.macro.row("Y"), lay.macro.year_col(15))
    write_cached_values(demo_recalc.out, planted, {(L.MACRO, macro_y): 1.0})
    assert cli.main(["audit", str(planted), "--json"]) == 1
    js = json.loads(capsys.readouterr().out)
    assert js["ok"] is False and js["counts"].get("differs", 0) > 0
