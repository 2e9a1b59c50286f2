"""Real NBS tables end to end: imported into a book, recalculated headlessly, audited.

The book starts from the demo workbook (its other inputs — expert scores, section value
added, GDP series, cities — are illustrative); the IO sheet is replaced by the real
table, and every report range resizes to its n. The audit recomputes every report cell
with the Python pipeline from the book's own inputs: no finding means book and pipeline
agree on every cell (relative 1e-9).
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import require_shared_data
from iiecon_xl import recalc
from iiecon_xl.workbook import audit, books, update
from iiecon_xl.workbook.reader import read_inputs

DEMO = books.REPO_WORKBOOKS / books.DEMO_NAME


@pytest.mark.parametrize("name, n", [("nbs_io_2017_149.csv", 149), ("nbs_io_2020_153.csv", 153)])
def test_real_table_imported_recalculated_and_audited(name, n, tmp_path):
    path = require_shared_data("io", name)
    out, imported, changes = update.import_io(path, DEMO, tmp_path / f"book_{n}.xlsx")
    assert len(imported.io.codes) == n
    inputs = read_inputs(out)
    assert len(inputs.io.codes) == n and inputs.io.unit == "亿元"
    # the demo's RAS targets belonged to the demo table: the new table starts at its own margins (factors 1)
    assert any("RAS target margins" in c for c in changes)
    np.testing.assert_allclose(inputs.analysis["ras_u"], inputs.io.Z.to_numpy(float).sum(axis=1), rtol=1e-12)
    # Σ V of the 2017 table is 823,215.7 亿元 (../shared/data/README.md)
    if n == 149:
        assert float((inputs.io.X - inputs.io.Z.sum(axis=0)).sum()) == pytest.approx(823215.7, rel=1e-6)
    res = recalc.recalc(out, tmp_path / f"book_{n}_recalc.xlsx")
    assert res.ok, res.summary()
    result = audit.audit(res.out)
    assert result.ok, result.text()
    assert result.compared > 5000
