"""``iiecon-xl recalc --engine libreoffice``: LibreOffice headless recalculates a book.

A small XlsxWriter book of native functions (SUM, INDEX/MATCH, a MINVERSE array formula)
recalculated by LibreOffice gives the values of the package's own engine. The tests
that run LibreOffice skip, with the reason, when ``soffice`` is not installed.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from iiecon_xl.errors import IIEInputError
from iiecon_xl.recalc import add_recalc_parser, recalc
from iiecon_xl.recalc.libreoffice import INSTALL_HINT, find_soffice, libreoffice_recalc

needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) is not installed on this machine")


def native_book(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    s = wb.add_worksheet("S")
    s.write_row("A1", [0.85, -0.25])
    s.write_row("A2", [-0.20, 0.95])
    s.write_column("D1", ["a", "b", "c"])
    s.write_column("E1", [10.0, 20.0, 30.0])
    s.write_formula("G1", "=SUM(A1:B2)")
    s.write_formula("G2", '=INDEX(E1:E3,MATCH("b",D1:D3,0))')
    s.write_formula("G3", "=SUM(E1:E3)/COUNT(E1:E3)")
    s.write_formula("G4", "=IF(G1>1,\"big\",\"small\")")
    s.write_array_formula("A5:B6", "{=MINVERSE(A1:B2)}")
    s.write_formula("G5", "=SUM(A5:B6)")
    wb.close()
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@needs_soffice
def test_libreoffice_values_equal_our_engine(tmp_path):
    book = native_book(tmp_path / "native.xlsx")
    before = sha(book)
    out = libreoffice_recalc(book, tmp_path / "lo" / "native_lo.xlsx")
    ours = recalc(book, tmp_path / "ours.xlsx")
    assert sha(book) == before  # the input is only read
    ws = openpyxl.load_workbook(out, data_only=True)["S"]
    assert ours.values
    for (sheet, cell), value in ours.values.items():
        got = ws[cell].value
        if isinstance(value, float):
            assert got == pytest.approx(value, rel=1e-12), cell
        else:
            assert got == value, cell
    assert ws["G2"].value == 20.0 and ws["G4"].value == "big"
    assert not list(tmp_path.glob("lo/.*.tmp"))  # no staging file left behind


@needs_soffice
def test_cli_engine_libreoffice_never_overwrites_the_input(tmp_path, capsys):
    book = native_book(tmp_path / "native.xlsx")
    before = sha(book)
    p = argparse.ArgumentParser(prog="iiecon-xl")
    add_recalc_parser(p.add_subparsers(dest="command", required=True))
    args = p.parse_args(["recalc", "--engine", "libreoffice", str(book), "-o", str(book)])
    assert args.func(args) == 2
    assert "input error: OUT:" in capsys.readouterr().err
    assert sha(book) == before
    args = p.parse_args(["recalc", "--engine", "libreoffice", str(book), "-o", str(tmp_path / "o.xlsx")])
    assert args.func(args) == 0
    assert "LibreOffice" in capsys.readouterr().out
    assert (tmp_path / "o.xlsx").is_file() and sha(book) == before


def test_missing_soffice_gives_the_install_hint(tmp_path, monkeypatch):
    book = native_book(tmp_path / "native.xlsx")
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    assert find_soffice() is None
    with pytest.raises(IIEInputError) as e:
        libreoffice_recalc(book, tmp_path / "o.xlsx")
    assert INSTALL_HINT in str(e.value) and "apt-get install libreoffice-calc-nogui" in str(e.value)
    assert not (tmp_path / "o.xlsx").exists()


def test_failing_soffice_is_reported_and_cleaned_up(tmp_path):
    book = native_book(tmp_path / "native.xlsx")
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'broken install' >&2\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(IIEInputError, match="exit status 3.*broken install"):
        libreoffice_recalc(book, tmp_path / "o.xlsx", soffice=str(fake))
    assert not (tmp_path / "o.xlsx").exists()
    slow = tmp_path / "slow"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    with pytest.raises(IIEInputError, match="did not finish"):
        libreoffice_recalc(book, tmp_path / "o.xlsx", soffice=str(slow), timeout=0.5)


def _close(ours, theirs) -> bool:
    if isinstance(ours, float) and isinstance(theirs, (int, float)) and not isinstance(theirs, bool):
        # abs 1e-9: a check cell is a difference of sums of ~1e5 that cancels; LibreOffice sums
        # with compensation (exact 0), numpy in order (~5e-11)
        return theirs == pytest.approx(ours, rel=1e-9, abs=1e-9)
    if ours is None or ours == "":
        return theirs in (None, "", 0)
    return str(ours) == str(theirs)


@pytest.mark.slow
@needs_soffice
def test_native_demo_equals_libreoffice_on_every_cell(native_recalc, native_lo):
    """The native (add-in-free) edition of the demo: our engine and LibreOffice agree on every
    formula cell and every cell of every array range (MINVERSE, MMULT, LINEST with its
    statistics, TREND, RANK, COUNTIFS …), relative 1e-9 (absolute 1e-9 for values that cancel to 0).
    Both runs are the session's (tests/conftest.py), on the native demo built from scratch."""
    ours = native_recalc
    wb = openpyxl.load_workbook(native_lo.out, data_only=True)
    assert len(ours.values) > 1000 and not ours.unparsed
    wrong = [(s, c, v, wb[s][c].value) for (s, c), v in ours.values.items() if not _close(v, wb[s][c].value)]
    assert wrong == [], f"{len(wrong)} cells differ from LibreOffice, first: {wrong[:10]}"
