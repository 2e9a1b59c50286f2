"""`upgrade`: a book of an earlier layout is named in one line by the audit, rebuilt from its
inputs in today's layout (edition kept), and audits clean once recalculated (issue 10 §5)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from iiecon_xl.errors import IIEInputError
from iiecon_xl import recalc
from iiecon_xl.workbook import audit, upgrade
from iiecon_xl.workbook.layout.version import LAYOUT_VERSION
from iiecon_xl.workbook.reader import read_edition

sys.path.insert(0, str(Path(__file__).parent))
import make_audit_faults as faults_mod  # noqa: E402


def _old_book(src: Path, dst: Path) -> Path:
    """``src`` as if built in layout 1 by iiecon-xl 0.0.9, with a label of that layout."""
    def edit(p):
        p.everywhere('name="iiecon_xl_layout"><vt:lpwstr>', 'name="iiecon_xl_layout"><vt:lpwstr>1')
        p.everywhere(f'<vt:lpwstr>1{LAYOUT_VERSION}</vt:lpwstr>', "<vt:lpwstr>1</vt:lpwstr>")
        p.everywhere('name="iiecon_xl_version"><vt:lpwstr>', 'name="iiecon_xl_version"><vt:lpwstr>0.0.9-')
    return faults_mod.plant(src, dst, faults_mod.Fault("old", "layout-version", edit))


def test_an_old_book_is_named_once_upgraded_and_then_clean(demo_recalc, tmp_path):
    src = tmp_path / "src.xlsx"
    shutil.copyfile(demo_recalc.out, src)
    old = _old_book(src, tmp_path / "old.xlsx")
    result = audit.audit(old)
    assert [f.kind for f in result.findings] == ["layout-version"]
    assert f"iiecon-xl upgrade {old} -o OUT" in result.findings[0].message
    out = tmp_path / "upgraded.xlsx"
    changes = upgrade.upgrade(old, out)
    assert changes[0].startswith(f"layout 1 → {LAYOUT_VERSION}") and "edition function kept" in changes[0]
    assert any("input values carried over" in line for line in changes)
    assert read_edition(out) == read_edition(old)
    res = recalc.recalc(out, tmp_path / "upgraded_recalc.xlsx")
    result = audit.audit(res.out)
    assert result.ok, result.text()


def test_upgrade_never_writes_over_its_book(demo_recalc, tmp_path):
    src = tmp_path / "src.xlsx"
    shutil.copyfile(demo_recalc.out, src)
    before = src.read_bytes()
    with pytest.raises(IIEInputError, match="OUT"):
        upgrade.upgrade(src, src)
    assert src.read_bytes() == before
