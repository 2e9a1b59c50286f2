"""docs/functions.md is generated from the registry; CI fails when the committed file is stale.
The generator writes where it is told (or ./docs/functions.md), never next to its source."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

from iiecon_xl import udfs
from iiecon_xl.excel import docs

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "docs" / "functions.md"


def test_functions_md_matches_the_generator():
    expected = docs.render()
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.is_file() else ""
    if committed != expected:
        diff = "".join(difflib.unified_diff(committed.splitlines(True), expected.splitlines(True),
                                            "docs/functions.md (committed)", "generated", n=1))
        raise AssertionError("docs/functions.md is stale; run `python -m iiecon_xl.docs` from the repository "
                             "root\n" + diff[:4000])
    assert docs.check(COMMITTED)


def test_reference_covers_every_function_and_argument():
    text = docs.render()
    for name, spec in udfs.SPECS.items():
        assert f"## {name}\n" in text
        assert f"`{spec.signature()}`" in text
        assert spec.formula in text and spec.returns in text
        for arg, help_text in spec.args:
            assert f"| `{arg}` |" in text and docs.escape(help_text) in text
        if name != "IIE_VERSION":
            assert docs.example_formula(spec) in text


def test_example_formulas_are_excel_syntax():
    assert docs.example_formula(udfs.SPECS["LEONTIEF_INV"]) == "=LEONTIEF_INV({0.2,0.3;0.1,0.4})"
    assert docs.example_formula(udfs.SPECS["CITY_INDEX"]) == '=CITY_INDEX({120;40;"";15}, 20)'
    assert docs.excel_literal(True) == "TRUE" and docs.excel_literal('a"b') == '"a""b"'


def test_check_mode(tmp_path, capsys):
    path = tmp_path / "functions.md"
    assert docs.main(["--check", "--output", str(path)]) == 1
    assert docs.main(["--output", str(path)]) == 0
    assert docs.main(["--check", "-o", str(path)]) == 0
    path.write_text(path.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    assert not docs.check(path)
    assert docs.main(["--check", "--output", str(path)]) == 1
    assert "stale" in capsys.readouterr().err


def test_output_to_stdout(capsys):
    assert docs.main(["-o", "-"]) == 0
    assert capsys.readouterr().out == docs.render()


def test_default_path_is_relative_to_the_current_directory(tmp_path):
    """`python -m iiecon_xl.docs` without -o writes ./docs/functions.md, not next to the package."""
    assert not docs.DEFAULT_PATH.is_absolute()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    proc = subprocess.run([sys.executable, "-m", "iiecon_xl.docs"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (tmp_path / "docs" / "functions.md").read_text(encoding="utf-8") == docs.render()
    check = subprocess.run([sys.executable, "-m", "iiecon_xl.docs", "--check"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr[-2000:]
