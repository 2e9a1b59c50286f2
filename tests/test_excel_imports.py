"""Lazy imports (issue 14 §3): the worksheet functions load none of statsmodels (the fit is
numpy's least squares), xlwings' optional matplotlib or the `formulas` engine, not even when a
fit runs.

Each check runs in a fresh interpreter, since the pytest process has imported everything."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

HEAVY = ("statsmodels", "matplotlib", "formulas")

CHILD = textwrap.dedent("""
    import json, sys
    HEAVY = {heavy!r}
    loaded = lambda: [m for m in HEAVY if m in sys.modules]
    out = {{}}
    {body}
    print(json.dumps(out))
""")


def run(body: str) -> dict:
    code = CHILD.format(heavy=HEAVY, body=body)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_udfs_import_and_leontief_inv_load_no_heavy_library():
    out = run("""
import iiecon_xl.udfs as udfs
out["after import"] = loaded()
out["xlwings"] = "xlwings" in sys.modules
udfs.FUNCTIONS["LEONTIEF_INV"]([[0.2, 0.3], [0.1, 0.4]])
udfs.EXCEL["IIE_PENETRATION"]([[10.0, 20.0], [15.0, 5.0]], [100.0, 80.0], [0.0, 0.4])
out["after LEONTIEF_INV"] = loaded()
spec = udfs.SPECS["PRODFN_FIT"]
udfs.FUNCTIONS["PRODFN_FIT"](*spec.example)
out["after PRODFN_FIT"] = loaded()
""")
    assert out["after import"] == [], out
    assert out["after LEONTIEF_INV"] == [], out
    assert out["after PRODFN_FIT"] == [], "the fit is numpy's least squares: it loads no heavy library"
    if not sys.platform.startswith("win"):
        assert out["xlwings"] is False, "no Excel here: xlwings' decorators would be no-ops, it is not loaded"


def test_cell_readers_and_the_model_load_no_heavy_library():
    out = run("""
import iiecon_xl.excel.cells, iiecon_xl.model
out["loaded"] = loaded() + [m for m in ("xlwings",) if m in sys.modules]
""")
    assert out["loaded"] == []


@pytest.mark.skipif(sys.platform.startswith("win"), reason="Windows has the COM decorators")
def test_an_already_imported_xlwings_keeps_choosing_the_decorators():
    """When xlwings is loaded first, the registry takes xlwings' own family (here its no-ops)."""
    out = run("""
import xlwings as xw
from iiecon_xl.excel import registry
import iiecon_xl.udfs
out["family"] = registry.DECORATORS.family
out["same"] = registry.DECORATORS.func is xw.func
""")
    assert out == {"family": "none", "same": True}
