"""The bundled demo (seeded, reproducible, labelled illustrative), the reference lists and the CLI."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from iiecon_xl import cli, demo, model, parameters, reference
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
    sections and one of the 3 industries, consistent with the section → industry rule (§0) except the three sectors
    NBS 2018 三次产业划分规定 moves to the third industry (agricultural services, mining auxiliary, repair)."""
    for table, n in (("2017_149", 149), ("2020_153", 153), ("2018_153", 153)):
        s = reference.sectors(table)
        assert len(s) == n and s.index.is_unique
        assert set(s["section"]) == set(model.SECTIONS)
        moved = s.index[s["industry"] != s["section"].map(model.SECTION_INDUSTRY)]  # NBS 2018: A05, B11, C43
        assert len(moved) == 3 and (s.loc[moved, "industry"] == 3).all() and set(s.loc[moved, "section"]) == set("ABC")
        assert set(s.loc[s["related_candidate"] == 1, "section"]) <= {"C", "I"}
    p = reference.provinces()
    assert len(p) == 31 and p["region"].value_counts().to_dict() == {"east": 10, "west": 12, "central": 6, "northeast": 3}
    c = reference.cities()
    assert c["city_zh"].is_unique and set(c["province_code"]) == set(p.index)
    assert reference.province_code("广东") == reference.province_code("广东省") == reference.province_code("GD") == 440000


@pytest.fixture
def cli_run_book(demo_run, monkeypatch):
    """``iiecon-xl report`` on a book, with the expensive part shared: ``books.run_book`` (recalc,
    audit, tables, figures) is the session's :func:`demo_run` of the committed demo book, its files
    copied into the folder the CLI gives; the CLI's call is recorded (book, output folder,
    figures?) so each test checks what it asked for."""
    from iiecon_xl.workbook import books

    calls = []
    source = demo_run.recalculated.parent

    def run_book(book, out, *, figures=True, progress=None):
        calls.append((Path(book), Path(out), figures))
        shutil.copytree(source, out, dirs_exist_ok=True)
        return dataclasses.replace(demo_run, recalculated=Path(out) / demo_run.recalculated.name,
                                   files=[Path(out) / Path(f).relative_to(source) for f in demo_run.files])

    monkeypatch.setattr(books, "run_book", run_book)
    return calls


def _temporary_sibling(folder: Path, out: Path) -> bool:
    """Whether ``folder`` is the temporary name a report is written under before it becomes ``out``."""
    return folder.parent == out.parent and folder.name.startswith(f".{out.name}.tmp-")


@pytest.mark.slow
def test_cli_report_runs_the_demo_book_end_to_end(demo_run, cli_run_book, tmp_path, capsys):
    """`iiecon-xl report`: recalc of the demo book, audit with no finding, tables, figures — written
    under a temporary name and renamed to the output folder when complete."""
    out = tmp_path / "out"
    assert cli.main(["report", "-o", str(out), "-q"]) == 0
    [(book, folder, figures)] = cli_run_book
    assert book.name == "iie_demo.xlsx" and _temporary_sibling(folder, out) and figures is True
    assert not folder.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    text = capsys.readouterr().out
    assert "2024" in text and "Illustrative" in text and "亿元" in text and "no finding" in text
    for name in ("national.csv", "provinces.csv", "cities.csv", "audit.json", "iie_demo_recalc.xlsx",
                 "figures/national.png", "figures/province_map.png", "figures/city_index.png"):
        assert (out / name).exists(), name
        assert f"  {out / name}\n" in text, name     # the final paths are printed
    national = pd.read_csv(out / "national.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert any("核心产业" in c for c in national.columns)
    # issue 12 §5: bilingual headers with the unit, money with 2 decimals, rates in per cent
    assert "国内生产总值 GDP (亿元)" in national.columns and "名义增速 Nominal growth (%)" in national.columns
    core = national["核心产业增加值 Core (direct) value added (亿元)"]
    assert all(len(v.split(".")[1]) == 2 for v in core)
    assert 1 < float(national["占GDP比重 Share of GDP (%)"].iloc[-1]) < 100
    assert json.loads((out / "audit.json").read_text(encoding="utf-8"))["ok"] is True


def test_cli_report_from_an_inputs_folder_writes_values_xlsx(tmp_path, capsys):
    folder = tmp_path / "in"
    demo.generate().write(folder)
    out = tmp_path / "out"
    assert cli.main(["report", "--inputs", str(folder), "-o", str(out), "-q", "--no-figures"]) == 0
    assert (out / "national.csv").exists() and (out / "report_values.xlsx").exists()
    with pd.ExcelFile(out / "report_values.xlsx") as xl:
        assert "全国 National" in xl.sheet_names


@pytest.mark.slow
def test_cli_report_json_is_one_object_with_unit(cli_run_book, tmp_path, monkeypatch, capsys):
    """`report --json` on the default book writes only into ./iiecon-output of the current
    directory (here a temporary one), draws no figures and prints one JSON object."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(["report", "--json"]) == 0
    [(book, folder, figures)] = cli_run_book
    assert book.name == "iie_demo.xlsx" and _temporary_sibling(folder.resolve(), tmp_path / cli.DEFAULT_OUT)
    assert figures is False and (tmp_path / cli.DEFAULT_OUT / "audit.json").exists()
    js = json.loads(capsys.readouterr().out)
    assert js["unit"] == "亿元"
    assert [r["year"] for r in js["national"]][:2] == [2017, 2018]
    assert len(js["provinces"]) == 31 * len(js["national"])
    assert {"city", "province", "value_added", "index", "tier"} <= set(js["cities"][0])
    assert js["audit"]["ok"] is True and js["book"].endswith("iie_demo.xlsx")
    assert js["parameters"]["tier_thresholds"] == list(parameters.TIER_THRESHOLDS)
    assert js["parameters"]["city_index_N"] == parameters.CITY_INDEX_N


def test_cli_defaults_write_into_the_current_directory(tmp_path, monkeypatch):
    """`report` writes to ./iiecon-output and `build-workbooks` to ./workbooks of the current
    directory (never the package's own tree); build-workbooks passes its folder on."""
    from iiecon_xl.workbook import books

    parser = cli.build_parser()
    assert parser.parse_args(["report"]).output == "iiecon-output"
    assert parser.parse_args(["build-workbooks"]).output == "workbooks"
    seen = []
    monkeypatch.setattr(books, "build_workbooks", lambda folder, progress=None: seen.append(folder) or [])
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build-workbooks", "-q"]) == 0
    assert [Path(f).resolve() for f in seen] == [tmp_path / "workbooks"]
    assert cli.main(["build-workbooks", "-q", "-o", str(tmp_path / "elsewhere")]) == 0
    assert Path(seen[-1]) == tmp_path / "elsewhere"


def test_cli_never_writes_into_its_inputs(tmp_path, capsys):
    folder = tmp_path / "in"
    demo.generate().write(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert cli.main(["report", "--inputs", str(folder), "-o", str(folder), "-q"]) == 2
    assert f"-o: {folder} is the input {folder}" in capsys.readouterr().err
    assert cli.main(["report", "--inputs", str(folder), "-o", str(folder / "report"), "-q"]) == 2
    assert "is inside the inputs folder" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_cli_input_error_is_a_message_not_a_traceback(tmp_path):
    folder = tmp_path / "in"
    demo.generate().write(folder)
    (folder / "macro.csv").unlink()
    proc = subprocess.run([sys.executable, "-m", "iiecon_xl", "report", "--inputs", str(folder), "-o",
                           str(tmp_path / "o")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "macro.csv: file not found" in proc.stderr and "Traceback" not in proc.stderr


HEAVY = ("statsmodels", "matplotlib", "formulas", "xlwings", "openpyxl", "xlsxwriter")


@pytest.mark.parametrize("argv", [["--help"], ["report", "--help"], ["recalc", "--help"]])
def test_help_imports_no_heavy_library(argv):
    """`iiecon-xl --help` (and a command's help) parses without loading statistics, workbook,
    figure or Excel libraries: every such import sits inside the command that needs it."""
    code = (f"import sys\nfrom iiecon_xl import cli\ntry:\n    cli.main({argv!r})\nexcept SystemExit as e:\n"
            f"    assert e.code == 0, e.code\nloaded = [m for m in {HEAVY!r} if m in sys.modules]\n"
            f"assert not loaded, loaded\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "usage: iiecon-xl" in proc.stdout


@pytest.mark.parametrize("blocked, argv, extra", [
    ("openpyxl", ["report"], "workbook"),
    ("formulas", ["recalc", "book.xlsx", "-o", "out.xlsx"], "workbook"),
    ("xlsxwriter", ["build-workbooks"], "workbook"),
    ("matplotlib", ["report", "--inputs", "in"], "figures"),
])
def test_a_missing_extra_is_named_in_one_line(blocked, argv, extra, tmp_path, monkeypatch, capsys):
    """Without an optional extra the command says which one to install, exit status 2, no traceback,
    and writes nothing."""
    monkeypatch.setattr(cli, "installed", lambda module: module != blocked)
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"iiecon-xl {argv[0]}: needs the {extra} extra: pip install 'iiecon-xl[{extra}]'"
    assert list(tmp_path.iterdir()) == []


def test_a_module_missing_at_import_names_its_extra(monkeypatch, capsys):
    """An import of an extra's module that fails inside a command gives the same one-line message;
    any other missing module is a bug and keeps its traceback."""
    def fails(args):
        import formulas.parser.missing  # noqa: F401 - stands for an import deep inside a command

    monkeypatch.setitem(sys.modules, "formulas", None)
    monkeypatch.setattr(cli, "cmd_audit", fails)
    assert cli.main(["audit", "book.xlsx"]) == 2
    assert capsys.readouterr().err.strip() == "iiecon-xl audit: needs the workbook extra: pip install 'iiecon-xl[workbook]'"
    monkeypatch.setitem(sys.modules, "not_an_extra_module", None)
    monkeypatch.setattr(cli, "cmd_audit", lambda args: __import__("not_an_extra_module"))
    with pytest.raises(ModuleNotFoundError):
        cli.main(["audit", "book.xlsx"])


def test_report_json_from_inputs_needs_no_extra(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "in"
    demo.generate().write(folder)
    monkeypatch.setattr(cli, "installed", lambda module: False)
    assert cli.main(["report", "--inputs", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unit"] == "亿元"


def test_a_missing_cjk_font_is_one_line(monkeypatch, capsys):
    from iiecon_xl.figures import CJKFontMissingError

    def fails(args):
        raise CJKFontMissingError("no CJK font for the Chinese labels of the figures: install noto-cjk-sans-otc")

    monkeypatch.setattr(cli, "cmd_audit", fails)
    assert cli.main(["audit", "book.xlsx"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "noto-cjk-sans-otc" in err and "Traceback" not in err


@pytest.mark.slow
def test_cli_report_on_a_book_that_fails_recalculation_writes_nothing(tmp_path, capsys):
    """A new year with a text in a province GDP cell: report stops before writing, exit 1, every
    problem listed grouped (a few lines, not one per cell) and capped, provinces by name (issue 12
    §6). (The new year's blanks alone no longer fail: every yearly input is extrapolated by the
    book's formulas, issue 13 §2.)"""
    from iiecon_xl.workbook import books, layout as L, update
    from iiecon_xl.workbook.reader import read_inputs
    from iiecon_xl.xlsx import a1
    from iiecon_xl.xlsx.cached_values import write_cached_values

    new = update.new_year(books.REPO_WORKBOOKS / books.DEMO_NAME, 2025, tmp_path / "new_2025.xlsx")
    pg = L.Layout(L.dims_for(read_inputs(new, lenient=True))).province_gdp
    book = tmp_path / "demo_2025.xlsx"
    write_cached_values(new, book, {(pg.name, a1.cell_name(pg.row(0), pg.block_col(2) + pg.T - 1)): "n/a"})
    new.unlink()
    out = tmp_path / "report"
    assert cli.main(["report", str(book), "-o", str(out), "-q", "--no-figures"]) == 1
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo_2025.xlsx"]  # no temporary folder left
    err = capsys.readouterr().err
    assert "does not recalculate cleanly" in err and "nothing was written" in err
    lines = err.strip().splitlines()
    assert len(lines) <= books.MAX_PROBLEM_GROUPS + 3
    assert "problem cells in" in lines[0]
