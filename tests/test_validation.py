"""The book guards its inputs (issue 12 §3): data validation with a bilingual input message on
every parameter and every input block, generated from SPECS, and a Checks row per parameter
that reads FAIL when its value is outside its allowed set (a typo such as ``yearbok``)."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pytest

from iiecon_xl.parameters import SPECS
from iiecon_xl import recalc
from iiecon_xl.workbook import books, layout as L
from iiecon_xl.workbook.audit import book_xml
from iiecon_xl.workbook.build import checks as checks_mod, validation
from iiecon_xl.workbook.reader import read_edition, read_inputs
from iiecon_xl.xlsx import a1

sys.path.insert(0, str(Path(__file__).parent))
import make_audit_faults as faults_mod  # noqa: E402

COMMITTED = [books.REPO_WORKBOOKS / name for names in books.BOOK_NAMES.values() for name in names]


def _layout(path) -> L.Layout:
    return L.Layout(L.dims_for(read_inputs(path, lenient=True)), read_edition(path))


def _covered(validations) -> set[tuple[int, int]]:
    """(row, col) of every cell under a data validation."""
    return {c for area, _t in validations for c in book_xml.area_cells(area)}


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_every_parameter_and_input_block_is_validated(path):
    lay, bx = _layout(path), book_xml.read(path)
    params = bx.sheets[lay.params.name].validations
    covered = _covered(params)
    for spec in SPECS:
        assert tuple(lay.params.value_cell(spec.name)) in covered, spec.name
    blocks = {lay.io.name: ("IO_Z", "IO_X"), lay.related.name: ("REL_S",), lay.scores.name: ("SC_WEIGHTS",),
              lay.section_va.name: ("VA_DATA", "VA_YEARS"), lay.macro.name: ("MAC_Y", "MAC_YEARS"),
              lay.national_gdp.name: ("NG_DATA", "NG_YEARS"), lay.province_gdp.name: ("PROV_GDP_1", "PROV_GDP_3"),
              lay.city_gdp.name: ("CITY_GDP1", "CITY_GDP3")}
    targets = lay.defined_names()
    for sheet, names in blocks.items():
        covered = _covered(bx.sheets[sheet].validations)
        for name in names:
            _s, area = a1.split_ref(targets[name])
            cells = set(book_xml.area_cells(area.replace("$", "")))
            assert cells <= covered, (path.name, sheet, name)


def test_rules_follow_the_parameter_specs():
    for spec in SPECS:
        rule = validation.param_rule(spec)
        assert rule.zh and rule.en
        if spec.kind == "choice":
            assert rule.options == {"validate": "list", "source": list(spec.choices)}
        elif spec.kind == "bool":
            assert rule.options["source"] == ["TRUE", "FALSE"]
        elif spec.kind in ("year", "int"):
            assert rule.options["validate"] == "integer"
        elif spec.kind == "number":
            assert rule.options["validate"] == "decimal"


def test_input_messages_are_bilingual():
    path = books.REPO_WORKBOOKS / books.DEMO_NAME
    ws = openpyxl.load_workbook(path)[_layout(path).params.name]
    dvs = ws.data_validations.dataValidation
    assert len(dvs) >= len(SPECS)
    for dv in dvs:
        assert dv.showInputMessage and dv.prompt and dv.promptTitle
        zh, en = dv.prompt.split("\n", 1)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh + dv.promptTitle), dv.prompt
        assert en.split()[0].isascii() and any(ch.isascii() and ch.isalpha() for ch in en), dv.prompt


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_checks_has_a_row_per_parameter(path):
    lay = _layout(path)
    ws = openpyxl.load_workbook(path)[lay.checks.name]
    _head, rows = checks_mod.param_rows(lay.checks)
    for spec, r in zip(SPECS, rows):
        assert spec.name in ws.cell(row=r + 1, column=lay.checks.col("text") + 1).value
        assert "OK" in ws.cell(row=r + 1, column=lay.checks.col("result") + 1).value


def _recalculated_checks(tmp_path, edits: dict[str, object]) -> dict[str, str]:
    src = books.REPO_WORKBOOKS / books.DEMO_NAME
    lay = _layout(src)
    pkg = faults_mod.Package(src)
    for name, value in edits.items():
        pkg.cell(L.PARAMS, a1.cell_name(*lay.params.value_cell(name)), value=value)
    planted = tmp_path / "typo.xlsx"
    pkg.save(planted)
    recalc.recalc(planted, tmp_path / "typo_rc.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "typo_rc.xlsx", data_only=True)[lay.checks.name]
    _head, rows = checks_mod.param_rows(lay.checks)
    return {spec.name: ws.cell(row=r + 1, column=lay.checks.col("result") + 1).value for spec, r in zip(SPECS, rows)}


@pytest.mark.slow
def test_a_typo_in_a_parameter_turns_its_check_to_fail(tmp_path):
    got = _recalculated_checks(tmp_path, {"P_DENOM": "yearbok", "P_TOP1": 2.5, "P_UNIT": "亿"})
    assert {k for k, v in got.items() if v == "FAIL"} == {"P_DENOM", "P_TOP1", "P_UNIT"}
    assert all(v == "OK" for k, v in got.items() if k not in ("P_DENOM", "P_TOP1", "P_UNIT"))
