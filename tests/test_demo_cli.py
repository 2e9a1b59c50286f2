"""The bundled demo (seeded, reproducible, labelled illustrative), the reference lists and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd

from iiecon_xl import cli, demo, model, reference
from iiecon_xl.inputs import Inputs


def test_committed_demo_is_what_the_seeded_generator_writes(tmp_path):
    """The demo folder in the package must be reproducible from the documented generator:
    regenerate it and compare every file byte for byte."""
    demo.generate().write(tmp_path)
    committed = sorted(p.name for p in demo.DEMO_FOLDER.iterdir())
    assert committed == sorted(p.name for p in tmp_path.iterdir())
    for name in committed:
        assert (tmp_path / name).read_bytes() == (demo.DEMO_FOLDER / name).read_bytes(), name


def test_demo_round_trips_through_its_folder(tmp_path):
    a = demo.generate()
    b = Inputs.read(a.write(tmp_path))
    pd.testing.assert_frame_equal(a.io.Z, b.io.Z, check_exact=False, rtol=1e-12, check_names=False)
    pd.testing.assert_frame_equal(a.section_va, b.section_va)
    assert a.params == b.params


def test_demo_io_table_is_productive_and_balanced():
    """Generated as X = (I − A)⁻¹ f with f > 0: productive (ρ(A) < 1), all final use
    positive, value added X − M positive in every sector, 149 real sector codes."""
    inp = demo.load_demo()
    Z, X = inp.io.Z.to_numpy(), inp.io.X.to_numpy()
    A = model.calc_A(Z, X)
    assert max(abs(np.linalg.eigvals(A))) < 1
    assert (X - Z.sum(axis=1) > 0).all() and (X - Z.sum(axis=0) > 0).all()
    assert inp.io.codes == list(reference.sectors("2017_149").index)
    assert 7e5 < (X - Z.sum(axis=0)).sum() < 9e5   # Σ V ≈ 82.5 万亿 in 亿元


def test_demo_is_labelled_illustrative():
    inp = demo.load_demo()
    assert "Illustrative" in inp.params.label and "非官方" in inp.params.label


def test_reference_lists_map_every_sector_once():
    """Each sector of the 2017 (149) and 2018/2020 (153) lists belongs to exactly one of the 19
    sections and one of the 3 industries, consistent with the section → industry rule (§0)."""
    for table, n in (("2017_149", 149), ("2020_153", 153), ("2018_153", 153)):
        s = reference.sectors(table)
        assert len(s) == n and s.index.is_unique
        assert set(s["section"]) == set(model.SECTIONS)
        assert (s["industry"] == s["section"].map(model.SECTION_INDUSTRY)).all()
        assert set(s.loc[s["related_candidate"] == 1, "section"]) <= {"C", "I"}
    p = reference.provinces()
    assert len(p) == 31 and p["region"].value_counts().to_dict() == {"east": 10, "west": 12, "central": 6, "northeast": 3}
    c = reference.cities()
    assert c["city_zh"].is_unique and set(c["province_code"]) == set(p.index)
    assert reference.province_code("广东") == reference.province_code("广东省") == reference.province_code("GD") == 440000


def test_cli_report_runs_the_demo_book_end_to_end(tmp_path, capsys):
    """`iiecon-xl report`: recalc of the demo book, audit with no finding, tables, figures."""
    out = tmp_path / "out"
    assert cli.main(["report", "-o", str(out), "-q"]) == 0
    text = capsys.readouterr().out
    assert "2024" in text and "Illustrative" in text and "亿元" in text and "no finding" in text
    for name in ("national.csv", "provinces.csv", "cities.csv", "audit.json", "iie_demo_recalc.xlsx",
                 "figures/national.png", "figures/province_map.png", "figures/city_index.png"):
        assert (out / name).exists(), name
    national = pd.read_csv(out / "national.csv", encoding="utf-8-sig")
    assert any("核心产业" in c for c in national.columns)
    assert json.loads((out / "audit.json").read_text(encoding="utf-8"))["ok"] is True


def test_cli_report_from_an_inputs_folder_writes_values_xlsx(tmp_path, capsys):
    folder = tmp_path / "in"
    demo.generate().write(folder)
    out = tmp_path / "out"
    assert cli.main(["report", "--inputs", str(folder), "-o", str(out), "-q", "--no-figures"]) == 0
    assert (out / "national.csv").exists() and (out / "report_values.xlsx").exists()
    with pd.ExcelFile(out / "report_values.xlsx") as xl:
        assert "全国 National" in xl.sheet_names


def test_cli_report_json_is_one_object_with_unit(capsys):
    assert cli.main(["report", "--json"]) == 0
    js = json.loads(capsys.readouterr().out)
    assert js["unit"] == "亿元"
    assert [r["year"] for r in js["national"]][:2] == [2017, 2018]
    assert len(js["provinces"]) == 31 * len(js["national"])
    assert {"city", "province", "value_added", "index", "tier"} <= set(js["cities"][0])


def test_cli_never_writes_into_its_inputs(tmp_path, capsys):
    folder = tmp_path / "in"
    demo.generate().write(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert cli.main(["report", "--inputs", str(folder), "-o", str(folder), "-q"]) == 2
    assert "--output" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_cli_input_error_is_a_message_not_a_traceback(tmp_path):
    folder = tmp_path / "in"
    demo.generate().write(folder)
    (folder / "macro.csv").unlink()
    proc = subprocess.run([sys.executable, "-m", "iiecon_xl", "report", "--inputs", str(folder), "-o",
                           str(tmp_path / "o")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "macro.csv: file not found" in proc.stderr and "Traceback" not in proc.stderr
