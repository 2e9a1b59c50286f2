"""``iiecon-xl analyse``: the IO analysis menu from a workbook or an inputs folder."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iiecon_xl import cli, demo
from iiecon_xl.analysis import analyse

from conftest import PROJECT_ROOT

DEMO_BOOK = PROJECT_ROOT / "workbooks" / "iie_demo.xlsx"


def test_analyse_an_inputs_folder_writes_the_tables_of_analysis(tmp_path, capsys):
    """The CSVs are the tables of :func:`iiecon_xl.analysis.analyse` with the same seed and draws."""
    folder = tmp_path / "in"
    demo.generate().write(folder)
    out = tmp_path / "an"
    assert cli.main(["analyse", "--inputs", str(folder), "-o", str(out), "-q", "--draws", "100", "--seed", "3",
                     "--no-figures"]) == 0
    expected = analyse(demo.generate(), draws=100, seed=3)
    for name, table in expected.tables.items():
        got = pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig")
        want = table.labelled()
        assert list(got.columns) == [str(c) for c in want.columns], name
        num = want.select_dtypes("number").columns
        assert np.allclose(got[num].to_numpy(float), want[num].to_numpy(float), rtol=1e-9, atol=0, equal_nan=True), name
    assert "files written" in capsys.readouterr().out


def test_analyse_a_book_reads_its_input_sheets(tmp_path):
    out = tmp_path / "an"
    assert cli.main(["analyse", str(DEMO_BOOK), "-o", str(out), "-q", "--draws", "50"]) == 0
    assert (out / "io_linkages.csv").exists() and (out / "uncertainty_national.csv").exists()
    for name in ("linkage_quadrant.png", "uncertainty_band.png", "national_band.png"):  # figures/analysis.py
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, name


@pytest.mark.parametrize("argv, message", [
    (["analyse"], "BOOK: give a workbook or --inputs FOLDER"),
    (["analyse", "missing.xlsx"], "does not exist"),
])
def test_analyse_bad_arguments_are_one_line(tmp_path, capsys, argv, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_analyse_never_writes_into_its_input_folder(tmp_path, capsys):
    folder = tmp_path / "in"
    demo.generate().write(folder)
    before = sorted(p.name for p in folder.iterdir())
    assert cli.main(["analyse", "--inputs", str(folder), "-o", str(folder), "-q", "--no-figures"]) == 2
    assert sorted(p.name for p in folder.iterdir()) == before
