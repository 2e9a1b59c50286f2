"""The command line on hostile and broken input (issue 11): every bad inputs folder is one line
naming the file, line, column or key and the problem, exit status 2, never a traceback; an output
path that is (or links to) an input, an existing file or a non-empty folder is refused; a report
folder is complete or absent under its final name, even after SIGKILL; Ctrl-C is one line and
exit status 130.

The folders are made by ``tests/make_hostile_inputs.py`` (:func:`input_folder_cases`) from the
committed demo inputs; the CLI runs in process (``cli.main``) except for one error case, the kill
test and the Ctrl-C test. Accepted folders are judged by what the reader makes of them (the same
inputs as the demo's): their report is the one real run of the module (on the hostile names).
"""

from __future__ import annotations

import atexit
import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from iiecon_xl import cli, demo, pipeline
from iiecon_xl.inputs import Inputs

sys.path.insert(0, str(Path(__file__).parent))
from make_hostile_inputs import HOSTILE_CITY, HOSTILE_SECTOR, Case, input_folder_cases  # noqa: E402

#: What a complete report folder holds (report --inputs --no-figures).
REPORT_FILES = sorted(["national.csv", "national_summary.csv", "industries.csv", "sections.csv", "sectors.csv",
                       "related.csv", "production.csv", "multipliers.csv", "provinces.csv", "province_rules.csv",
                       "province_counts.csv", "regions.csv",
                       "cities.csv", "tiers.csv", "top_shares.csv", "tiers_by_region.csv", "tiers_by_province.csv",
                       "report_values.xlsx"])


_DIR = Path(tempfile.mkdtemp(prefix="iie-hostile-inputs-"))
atexit.register(shutil.rmtree, _DIR, True)
CASES = {c.name: c for c in input_folder_cases(_DIR, demo.DEMO_FOLDER)}
ERRORS = [name for name, c in CASES.items() if c.expected is not None]
SAME = [name for name, c in CASES.items() if c.options.get("same")]


@pytest.fixture(scope="module")
def folders() -> dict[str, Case]:
    return CASES


def _report(folder: Path, out: Path, *extra: str) -> list[str]:
    return ["report", "--inputs", str(folder), "-o", str(out), "-q", "--no-figures", *extra]


@pytest.fixture(scope="module")
def hostile_run(folders, tmp_path_factory):
    """The one real pipeline run of the module: ``report --inputs`` on the folder with hostile names
    (the written folder, the report)."""
    out = tmp_path_factory.mktemp("hostile_names") / "report"
    seen = []
    real = pipeline.run

    def run(inputs, progress=None):
        seen.append(real(inputs, progress=progress))
        return seen[-1]

    pipeline.run = run
    try:
        assert cli.main(_report(folders["hostile_names"].path, out)) == 0
    finally:
        pipeline.run = real
    return out, seen[0]


@pytest.fixture
def fake_pipeline(hostile_run, monkeypatch):
    """``pipeline.run`` records the inputs it is given and returns the module's report."""
    got = []
    monkeypatch.setattr(pipeline, "run", lambda inputs, progress=None: got.append(inputs) or hostile_run[1])
    return got


# --------------------------------------------------------------------------- bad folders: one line, exit 2

@pytest.mark.parametrize("name", ERRORS)
def test_a_bad_inputs_folder_is_one_line_and_exit_2(name, folders, tmp_path, capsys):
    case = folders[name]
    out = tmp_path / "out"
    assert cli.main(_report(case.path, out)) == 2
    err = capsys.readouterr().err
    assert err.startswith("iiecon-xl: input error: ") and err.count("\n") == 1, err
    assert case.expected in err, err
    assert list(tmp_path.iterdir()) == []          # nothing written, not even a temporary folder


def test_no_traceback_from_a_subprocess(folders, tmp_path):
    case = folders["text_in_flows"]
    proc = subprocess.run([sys.executable, "-m", "iiecon_xl", *_report(case.path, tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and case.expected in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_inputs_that_are_not_a_folder(tmp_path, capsys):
    (tmp_path / "file.csv").write_text("x\n")
    assert cli.main(_report(tmp_path / "file.csv", tmp_path / "out")) == 2
    assert "--inputs: " in capsys.readouterr().err and not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- accepted folders

def _same_inputs(a: Inputs, b: Inputs) -> None:
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name == "io":
            for g in ("sectors", "Z", "X", "V", "unit"):
                _same(getattr(x, g), getattr(y, g), g)
        elif f.name == "fuzzy":
            for g in ("criteria", "grades", "counts"):
                _same(getattr(x, g), getattr(y, g), g)
        else:
            _same(x, y, f.name)


def _same(x, y, name) -> None:
    if isinstance(x, pd.DataFrame):
        pd.testing.assert_frame_equal(x, y, obj=name)
    elif isinstance(x, pd.Series):
        pd.testing.assert_series_equal(x, y, obj=name)
    else:
        assert x == y, name


@pytest.mark.parametrize("name", SAME)
def test_other_encodings_delimiters_and_year_spellings_are_the_same_inputs(name, folders, fake_pipeline, tmp_path):
    """GBK, UTF-16 (also tab-separated, as Excel's "Unicode text"), a BOM, semicolons, tabs and
    ``2018年`` headers are read as the very inputs of the demo folder; the report is written."""
    out = tmp_path / "out"
    assert cli.main(_report(folders[name].path, out)) == 0
    [got] = fake_pipeline
    _same_inputs(got, demo.load_demo())
    assert sorted(p.name for p in out.iterdir()) == REPORT_FILES


def test_hostile_names_come_out_as_text(hostile_run):
    """A sector named ``=HYPERLINK(…)`` and a city ``+cmd|…`` reach the CSV files escaped with an
    apostrophe and report_values.xlsx as strings: no cell of the book is a formula."""
    out, report = hostile_run
    assert sorted(p.name for p in out.iterdir()) == REPORT_FILES
    assert HOSTILE_SECTOR in set(report["sectors"]["name_zh"]) and HOSTILE_CITY in set(report["cities"]["city"])
    sectors = pd.read_csv(out / "sectors.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    cities = pd.read_csv(out / "cities.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert "'" + HOSTILE_SECTOR in set(sectors.iloc[:, 1]) | set(sectors.iloc[:, 2])
    assert "'" + HOSTILE_CITY in set(cities.iloc[:, 0])
    assert (out / "sectors.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with zipfile.ZipFile(out / "report_values.xlsx") as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in zf.read(n) or b"<f " in zf.read(n) for n in sheets)
        assert b"HYPERLINK" in zf.read("xl/sharedStrings.xml")
    names = pd.read_excel(out / "report_values.xlsx", sheet_name="部门 Sectors", dtype=str).iloc[:, 1:3]
    assert HOSTILE_SECTOR in set(names.stack())


# --------------------------------------------------------------------------- output paths

def test_output_that_is_or_links_to_the_input_is_refused(folders, tmp_path, capsys):
    src = folders["utf8_bom"].path
    os.symlink(src, tmp_path / "link")
    assert cli.main(_report(src, tmp_path / "link")) == 2
    assert f"-o: {tmp_path / 'link'} is the input {src}" in capsys.readouterr().err
    book = tmp_path / "book.xlsx"
    book.write_bytes((Path(cli.__file__).parents[1] / "workbooks" / "iie_demo.xlsx").read_bytes())
    os.link(book, tmp_path / "hard.xlsx")
    os.symlink(book, tmp_path / "soft.xlsx")
    for out in ("hard.xlsx", "soft.xlsx"):
        assert cli.main(["report", str(book), "-o", str(tmp_path / out), "-q"]) == 2
        assert f"is the input {book}" in capsys.readouterr().err
    (tmp_path / "sub").mkdir()
    assert cli.main(["report", str(book), "-o", str(tmp_path / "sub" / ".."), "-q"]) == 2
    assert "holds the input" in capsys.readouterr().err


def test_output_that_is_a_file_or_a_non_empty_folder(folders, fake_pipeline, tmp_path, capsys):
    src = folders["utf8_bom"].path
    (tmp_path / "file.txt").write_text("keep me\n")
    assert cli.main(_report(src, tmp_path / "file.txt")) == 2
    assert "file.txt is an existing file; the report needs a folder" in capsys.readouterr().err
    assert cli.main(["report", str(tmp_path / "file.txt"), "-o", str(tmp_path / "file.txt")]) == 2
    assert (tmp_path / "file.txt").read_text() == "keep me\n"
    full = tmp_path / "full"
    full.mkdir()
    (full / "old.csv").write_text("old\n")
    assert cli.main(_report(src, full)) == 2
    assert "full exists and is not empty; choose a new folder, empty it, or pass --force" in capsys.readouterr().err
    assert sorted(p.name for p in full.iterdir()) == ["old.csv"] and not fake_pipeline
    assert cli.main(_report(src, full, "--force")) == 0
    assert sorted(p.name for p in full.iterdir()) == REPORT_FILES
    (tmp_path / "empty").mkdir()
    assert cli.main(_report(src, tmp_path / "empty")) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "file.txt", "full"]


def test_a_hostile_book_is_refused_before_it_is_read(tmp_path, capsys):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(tmp_path / "far.xlsx"))
    wb.add_worksheet().write(1048575, 16383, 1)
    wb.close()
    assert cli.main(["report", str(tmp_path / "far.xlsx"), "-o", str(tmp_path / "out"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "BOOK: far.xlsx: " in err and "IIECON_XLSX_MAX_ROWS" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["far.xlsx"]


# --------------------------------------------------------------------------- kill and Ctrl-C

def _sigint_default() -> None:
    """Ctrl-C as in an interactive shell, even when the suite itself was started in the background
    (a background job inherits SIGINT ignored, and Python then keeps ignoring it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(folder: Path, out: Path) -> subprocess.Popen:
    """``report --inputs`` in a subprocess, returned once it says it is writing the report."""
    proc = subprocess.Popen([sys.executable, "-m", "iiecon_xl", "report", "--inputs", str(folder), "-o", str(out),
                             "--no-figures"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_sigint_default)
    for line in proc.stderr:
        if "writing the report" in line:
            break
    return proc


@pytest.mark.slow
def test_sigkill_never_leaves_an_incomplete_folder_under_the_final_name(folders, tmp_path):
    src, interrupted = folders["utf8_bom"].path, 0
    # kills spread over the write (a fraction of a second to over a second, with the machine's load):
    # some land before the temporary folder exists, some while it is written, some after the rename
    for k, delay in enumerate((0.02, 0.05, 0.1, 0.2, 0.35, 0.6, 1.0, 1.5)):
        out = tmp_path / f"report{k}"
        proc = _start(src, out)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stderr.close()
        if out.exists():                                       # renamed into place: complete
            assert sorted(p.name for p in out.iterdir()) == REPORT_FILES
            pd.read_csv(out / "top_shares.csv", encoding="utf-8-sig")
        left = list(tmp_path.glob(f".report{k}.tmp-*"))       # a killed process cannot clean: hidden, apart
        assert all(p.is_dir() for p in left) and len(left) <= 1
        interrupted += bool(left) and not out.exists()
    assert interrupted, "no kill fell while the report was being written"
    assert all(p.name.startswith((".report", "report")) for p in tmp_path.iterdir())


@pytest.mark.slow
def test_ctrl_c_is_one_line_exit_130_and_cleans_up(folders, tmp_path):
    out = tmp_path / "report"
    proc = _start(folders["utf8_bom"].path, out)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 130, err
    assert err == "interrupted\n", err
    assert list(tmp_path.iterdir()) == []                      # no report, no temporary folder


def test_inputs_with_hostile_names_round_trip_through_a_folder(folders, tmp_path):
    """Inputs.write escapes a formula-trigger name on the way out (the file holds ``'=HYPERLINK…``)
    and Inputs.read gives the name back as it was."""
    inputs = Inputs.read(folders["hostile_names"].path)
    inputs.write(tmp_path / "again")
    raw = (tmp_path / "again" / "io_sectors.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in raw and "\n001,=HYPERLINK" not in raw
    back = Inputs.read(tmp_path / "again")
    assert back.io.sectors.loc["001", "name_zh"] == HOSTILE_SECTOR and HOSTILE_CITY in back.city_gdp.index
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again"]
