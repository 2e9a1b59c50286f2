"""The classic add-in: what `addin/` holds, how it is built, and `iiecon-xl addin install`
on a machine without Excel (this one)."""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path

import pytest

from iiecon_xl.excel import addin

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "addin" / addin.ADDIN_NAME


def parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_build_switches_on_the_config_sheet(tmp_path):
    built = addin.build(tmp_path)
    assert built == tmp_path / "iiecon-xl.xlam"
    assert addin.read_config(built) == dict(addin.ADDIN_CONFIG)
    assert addin.read_config(built)["UDF Modules"] == "iiecon_xl.udfs"
    assert addin.read_config(addin.template_path()) == {}, "the template's sheet is switched off"
    new, old = parts(built), parts(addin.template_path())
    assert set(new) == set(old)
    assert new["xl/vbaProject.bin"] == old["xl/vbaProject.bin"], "the VBA is xlwings' own, untouched"
    assert b'name="myaddin.conf"' in new["xl/workbook.xml"]
    assert b"<dc:title>iiecon-xl</dc:title>" in new["docProps/core.xml"]
    import xlwings

    assert addin.built_with(built) == xlwings.__version__
    assert zipfile.ZipFile(built).testzip() is None


def test_build_to_a_file_name(tmp_path):
    assert addin.build(tmp_path / "x" / "custom.xlam") == tmp_path / "x" / "custom.xlam"


def test_committed_addin_is_the_build_of_the_installed_xlwings(tmp_path):
    import xlwings

    assert COMMITTED.is_file()
    assert addin.read_config(COMMITTED) == dict(addin.ADDIN_CONFIG)
    version = addin.built_with(COMMITTED)
    assert version, "the committed add-in records the xlwings version it was built from"
    if version != xlwings.__version__:
        pytest.skip(f"addin/iiecon-xl.xlam was built from xlwings {version}, this is {xlwings.__version__}: "
                    "`iiecon-xl addin install` rebuilds it from the installed xlwings anyway; refresh the "
                    "committed copy with `python -m iiecon_xl.addin install --dest addin/`")
    fresh = parts(addin.build(tmp_path))
    committed = parts(COMMITTED)
    assert committed == fresh, (
        "addin/iiecon-xl.xlam differs from what this xlwings builds (its VBA must match the installed "
        "xlwings version): run `python -m iiecon_xl.addin install --dest addin/`")
    assert addin.bundled_addin() == COMMITTED


def test_install_without_excel_says_what_to_do(tmp_path, capsys):
    if sys.platform.startswith("win"):  # pragma: no cover
        pytest.skip("this machine may have Excel")
    with pytest.raises(addin.AddinInstallError) as info:
        addin.install()
    message = str(info.value)
    assert "no Excel for Windows here" in message
    assert "xlwings Lite" in message and "--dest" in message
    assert addin.main_install(argparse.Namespace(dest=None)) == 1
    assert "no Excel for Windows" in capsys.readouterr().err


def test_install_with_dest_works_anywhere(tmp_path, capsys):
    path = addin.install(str(tmp_path))
    assert Path(path).is_file() and addin.read_config(path)["UDF Modules"] == "iiecon_xl.udfs"
    assert addin.main_install(argparse.Namespace(dest=str(tmp_path / "b"))) == 0
    assert "Wrote the add-in" in capsys.readouterr().out
    assert addin.main(["install", "--dest", str(tmp_path / "c")]) == 0
    assert (tmp_path / "c" / "iiecon-xl.xlam").is_file()


def test_cli_wiring_is_one_line():
    parser = argparse.ArgumentParser(prog="iiecon-xl")
    sub = parser.add_subparsers(dest="command")
    addin.add_addin_parser(sub)
    args = parser.parse_args(["addin", "install", "--dest", "out"])
    assert args.func is addin.main_install and args.dest == "out"
    assert parser.parse_args(["addin", "install"]).dest is None
    with pytest.raises(SystemExit):
        parser.parse_args(["addin"])


def test_user_config_file(tmp_path, monkeypatch):
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    if not sys.platform.startswith("darwin"):
        assert addin.user_config_path() == tmp_path / ".myaddin" / "myaddin.conf"
    path = tmp_path / "conf" / "myaddin.conf"
    path.parent.mkdir()
    path.write_text('"INTERPRETER_WIN","C:\\old\\python.exe"\n"SHOW CONSOLE","True"\n', encoding="utf-8")
    addin.write_user_config({"Interpreter_Win": "C:\\new\\python.exe"}, path)
    assert path.read_text(encoding="utf-8") == '"INTERPRETER_WIN","C:\\new\\python.exe"\n"SHOW CONSOLE","True"\n'
    settings = addin.interpreter_settings()
    assert set(settings) <= {"INTERPRETER_WIN", "INTERPRETER_MAC", "CONDA PATH", "CONDA ENV"}


def test_config_template_and_readme():
    lines = (ROOT / "addin" / "xlwings.conf").read_text(encoding="utf-8").splitlines()
    assert lines and all(re.fullmatch(r'"[A-Z_ ]+","[^"]*"', ln) for ln in lines), \
        "VBA reads the file as comma-separated pairs: no comments, no blank lines"
    assert '"UDF MODULES","iiecon_xl.udfs"' in lines
    readme = (ROOT / "addin" / "README.md").read_text(encoding="utf-8")
    for needle in ("iiecon-xl addin install", "UDF Modules", "iiecon_xl.udfs", "xlwings Lite",
                   "main.py", "requirements.txt", "ImportPythonUDFsToAddin"):
        assert needle in readme, needle


def test_old_module_runs_the_same_installer():
    """`python -m iiecon_xl.addin` and `from iiecon_xl.addin import …` keep working."""
    from iiecon_xl import addin as old

    for name in addin.__all__:
        assert getattr(old, name) is getattr(addin, name), name
