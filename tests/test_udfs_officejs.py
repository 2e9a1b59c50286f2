"""The Office.js path (xlwings Lite / xlwings Server), exercised in-process in a child
process: ``XLWINGS_ON_SERVER=true`` must be set before xlwings is imported, which would
change the decorators for every other test, so it never happens in the pytest process.

Uses xlwings' documented non-commercial licence key. Checks that importing
``addin/lite/main.py`` registers every function with its Function-Wizard help, and that
``xlwings.server.custom_functions_call`` (what xlwings Lite runs for each formula) gives
the registry's results, spills tables, turns input errors into one ``#IIE!`` text cell,
and reads Office.js error objects and blanks inside ranges.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent(r"""
    import asyncio, importlib.util, json, sys
    import xlwings as xw
    import xlwings.server as server
    from iiecon_xl import udfs

    out = {"family": xw.func.__module__}
    spec = importlib.util.spec_from_file_location("lite_main", sys.argv[1])
    main = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(main)
    meta = server.custom_functions_meta(main)
    out["meta"] = {f["name"]: {"description": f["description"],
                               "params": [[p["name"], p["description"], bool(p.get("optional"))]
                                          for p in f["parameters"]]}
                   for f in meta["functions"]}
    out["udfs_module"] = sorted(f["name"] for f in server.custom_functions_meta(udfs)["functions"])

    def call(name, *args):
        data = {"func_name": name, "args": list(args), "version": xw.__version__, "client": "Office.js",
                "runtime": "1.4", "culture_info_name": "en-US", "date_format": "m/d/yyyy"}
        return asyncio.run(server.custom_functions_call(data, main))

    NA = {"type": "Error", "errorType": "NotAvailable", "basicValue": "#N/A"}
    Z = [[10.0, 20.0, 5.0], [15.0, 5.0, 10.0], [5.0, 10.0, 20.0]]
    X_row = [[100.0, 80.0, 120.0]]
    S_col = [[None], [0.4], [""]]
    out["calls"] = {
        "leontief_A": call("LEONTIEF_INV", [[0.2, 0.3], [0.1, 0.4]], None),
        "leontief_ZX": call("LEONTIEF_INV", Z, X_row),
        "penetration_total": call("IIE_PENETRATION", Z, X_row, S_col, None, [["total"]]),
        "penetration_table": call("IIE_PENETRATION", Z, X_row, S_col, None, "table"),
        "direct": call("IIE_DIRECT", X_row, [[30.0, 35.0, 35.0]], S_col, True),
        "city_index": call("CITY_INDEX", [[120.0], [40.0], [None], [15.0]], 20.0, None),
        "version": call("IIE_VERSION"),
        "short_X": call("IIE_PENETRATION", Z, [[100.0, 80.0]], S_col, None, None),
        "error_cell": call("LEONTIEF_INV", [[0.2, NA], [0.1, 0.4]], None),
        "text_number": call("LEONTIEF_INV", [["0.2", "0.3"], [0.1, " 0.4 "]], None),
    }
    out["registry"] = {
        "leontief_A": udfs.FUNCTIONS["LEONTIEF_INV"]([[0.2, 0.3], [0.1, 0.4]]),
        "leontief_ZX": udfs.FUNCTIONS["LEONTIEF_INV"](Z, X_row),
        "penetration_total": udfs.FUNCTIONS["IIE_PENETRATION"](Z, X_row, S_col, None, "total"),
        "penetration_table": udfs.FUNCTIONS["IIE_PENETRATION"](Z, X_row, S_col, None, "table"),
        "direct": udfs.FUNCTIONS["IIE_DIRECT"](X_row, [[30.0, 35.0, 35.0]], S_col, True),
    }
    out["help"] = {n: {"doc": s.doc, "args": [list(a) for a in s.args], "optional": list(s.optional)}
                   for n, s in udfs.SPECS.items()}
    import iiecon_xl
    out["version"] = iiecon_xl.__version__
    print(json.dumps(out))
""")


@pytest.fixture(scope="module")
def officejs():
    env = dict(os.environ, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "addin" / "lite" / "main.py")],
                          capture_output=True, text=True, env=env, timeout=120)
    if proc.returncode != 0 and "LicenseError" in proc.stderr:  # pragma: no cover
        pytest.skip("xlwings PRO modules refused the non-commercial key: " + proc.stderr[-300:])
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_officejs_decorators_are_picked(officejs):
    assert officejs["family"] == "xlwings.pro.udfs_officejs"


def test_lite_main_registers_every_function_with_help(officejs):
    meta, help_ = officejs["meta"], officejs["help"]
    assert set(meta) == set(help_)
    for name, h in help_.items():
        assert meta[name]["description"] == h["doc"]
        assert [p[0] for p in meta[name]["params"]] == [a for a, _ in h["args"]]
        assert [p[1] for p in meta[name]["params"]] == [t for _, t in h["args"]]
        assert [p[0] for p in meta[name]["params"] if p[2]] == h["optional"]


def test_udfs_module_itself_exposes_every_function(officejs):
    """What xlwings finds scanning iiecon_xl.udfs (the classic add-in's UDF module)."""
    assert officejs["udfs_module"] == sorted(officejs["help"])


def test_officejs_results_equal_the_registry(officejs):
    calls, reg = officejs["calls"], officejs["registry"]
    assert calls["leontief_A"] == reg["leontief_A"]
    assert calls["leontief_ZX"] == reg["leontief_ZX"]
    assert calls["penetration_table"] == reg["penetration_table"]
    assert calls["direct"] == reg["direct"]
    assert calls["penetration_total"] == [[reg["penetration_total"]]]
    assert calls["city_index"][2] == [""]  # a blank value gives a blank cell
    assert calls["version"] == [[officejs["version"]]]


def test_officejs_errors_are_one_text_cell(officejs):
    calls = officejs["calls"]
    assert calls["short_X"] == [["#IIE! total_output: 2 values, but flows is 3×3"]]
    assert calls["error_cell"] == [["#IIE! matrix: cell (1, 2) holds the error value #N/A"]]
    assert calls["text_number"] == calls["leontief_A"]
