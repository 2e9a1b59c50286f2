"""The audit catches every planted fault with the right kind, and clean books stay clean (issue 10).

The faults (tests/make_audit_faults.py) are XML edits of a copy of the session's recalculated
demo book — no recalculation, only the edited zip members rewritten; the audit recomputes the
expected book once per distinct inputs (its in-process cache) and parses only the sheets that
differ. The controls: an untouched round trip, and an input and a parameter changed and
recalculated together (one recalculation).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from iiecon_xl.errors import IIEInputError
from iiecon_xl.parameters import DENOMINATORS
from iiecon_xl import recalc
from iiecon_xl.workbook import audit, layout as L
from iiecon_xl.workbook.reader import read_inputs
from iiecon_xl.xlsx import a1
from iiecon_xl.xlsx.cached_values import write_cached_values

sys.path.insert(0, str(Path(__file__).parent))
import make_audit_faults as faults_mod  # noqa: E402


@pytest.fixture(scope="module")
def source(demo_recalc, tmp_path_factory) -> Path:
    """A private copy of the session's recalculated demo book (the fixture itself is never touched)."""
    dst = tmp_path_factory.mktemp("audit_faults") / "source.xlsx"
    shutil.copyfile(demo_recalc.out, dst)
    return dst


@pytest.fixture(scope="module")
def lay(source):
    return L.Layout(L.dims_for(read_inputs(source)))


def test_the_corpus_has_at_least_60_faults_of_14_kinds(lay):
    fs = faults_mod.faults(lay)
    assert len(fs) >= 60 and len({f.kind for f in fs}) >= 14
    assert len({f.name for f in fs}) == len(fs)


def test_every_planted_fault_is_caught_with_its_kind(source, lay, tmp_path):
    missed = []
    for f in faults_mod.faults(lay):
        planted = faults_mod.plant(source, tmp_path / f"{f.name}.xlsx", f)
        result = audit.audit(planted)
        if f.kind not in result.counts():
            missed.append((f.name, f.kind, result.counts()))
        else:
            assert not result.ok
            js = result.to_json_dict()
            assert all({"kind", "sheet", "cell", "expected", "found"} <= set(x) for x in js["findings"])
        planted.unlink()
    assert not missed, missed


def test_untouched_round_trip_is_clean(source, tmp_path):
    """The book unzipped and zipped again, every part as it was: no finding."""
    copy = faults_mod.plant(source, tmp_path / "round_trip.xlsx", faults_mod.Fault("none", "", lambda p: None))
    result = audit.audit(copy)
    assert result.ok, result.text()
    assert result.compared > 9000 and result.cells > 20000


def test_an_input_and_a_parameter_changed_and_recalculated_is_clean(source, lay, tmp_path):
    """One recalculation for both controls: an IO flow × 1.05 and P_DENOM switched to its other
    value, recalculated — every cell moves with them and the audit (recomputing from the
    changed inputs) finds nothing."""
    i = list(lay.dims.sectors.index).index("088")
    cell = lay.io.cell(L.FIRST + i, lay.io.sector_col(i))
    changed = tmp_path / "changed.xlsx"
    old = faults_mod.Package(source).cached(L.IO, cell)
    denom = a1.cell_name(*lay.params.value_cell("P_DENOM"))
    write_cached_values(source, changed, {(L.IO, cell): old * 1.05, (L.PARAMS, denom): DENOMINATORS[1]})
    res = recalc.recalc(changed, tmp_path / "changed_recalc.xlsx")
    result = audit.audit(res.out)
    assert result.ok, result.text()
    assert result.compared > 9000


def test_human_text_groups_by_kind_and_sheet_and_caps_repetition(source, lay, tmp_path):
    f = next(f for f in faults_mod.faults(lay) if f.name == "row_deleted_calc")
    result = audit.audit(faults_mod.plant(source, tmp_path / "many.xlsx", f))
    text = result.text(limit=20)
    assert "[formula-changed] 分省测算 Province calc:" in text and "more like these" in text
    assert len(text.splitlines()) < 60


def test_a_book_of_another_layout_says_so_in_one_line(source, lay, tmp_path):
    f = next(f for f in faults_mod.faults(lay) if f.kind == "layout-version")
    result = audit.audit(faults_mod.plant(source, tmp_path / "old.xlsx", f))
    assert [x.kind for x in result.findings] == ["layout-version"]
    assert "iiecon-xl upgrade" in result.findings[0].message and "\n" not in result.findings[0].message


def test_not_a_workbook_is_a_clear_error_with_exit_status_2(tmp_path, capsys):
    from iiecon_xl import cli

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(IIEInputError):
        audit.audit(bad)
    assert cli.main(["audit", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


def test_cli_json_carries_every_finding(source, lay, tmp_path, capsys):
    from iiecon_xl import cli

    f = next(f for f in faults_mod.faults(lay) if f.name == "name_NAT_CORE")
    planted = faults_mod.plant(source, tmp_path / "name.xlsx", f)
    assert cli.main(["audit", str(planted), "--json"]) == 1
    js = json.loads(capsys.readouterr().out)
    assert js["ok"] is False and js["counts"] == {"name": 1}
    assert js["findings"][0]["cell"] == "name NAT_CORE" and js["findings"][0]["found"]


def test_native_edition_recalculated_audits_clean(native_recalc):
    result = audit.audit(native_recalc.out)
    assert result.ok, result.text()


def test_native_edition_faults_are_caught(native_recalc, tmp_path):
    lay = L.Layout(L.dims_for(read_inputs(native_recalc.out)), "native")
    picked = {"cached_span_growth", "cached_national_core", "name_NAT_CORE", "chart_series_row_off",
              "hidden_row_report", "typed_national_total", "webservice", "vba_project", "renamed_report_sheet",
              "print_portrait"}
    missed = []
    for f in faults_mod.faults(lay):
        if f.name in picked:
            planted = faults_mod.plant(native_recalc.out, tmp_path / f"n_{f.name}.xlsx", f)
            if f.kind not in audit.audit(planted).counts():
                missed.append(f.name)
    assert not missed
