"""recalc never reaches outside the book and never loses a file (issue 11 §1, §3, §4).

Crafted books are generated here (helpers of tests/make_hostile_inputs.py): an external link
``=[1]Sheet1!A1`` whose target file EXISTS with a value, a quoted relative path, an absolute
path, DDE, WEBSERVICE and friends, a link in a defined name, the add-in's own link part; a zip
bomb and an XXE part are refused before any parsing, exit status 2 from the command line. The
output is written atomically: no ``*.tmp`` or copy of the input is left in the output folder or
in the temporary folder, after success, failure or Ctrl-C; a link to the input as OUT is refused.
"""

from __future__ import annotations

import builtins
import io
import os
import sys
import tempfile
from argparse import Namespace
from pathlib import Path

import openpyxl
import pytest

from iiecon_xl.errors import IIEInputError
from iiecon_xl.recalc import recalc
from iiecon_xl.recalc.cli import cmd_recalc

sys.path.insert(0, str(Path(__file__).parent))
from make_hostile_inputs import XXE, _decl_after, add_external_link, bomb_book, plain_book, rewrite  # noqa: E402


def _linked(folder: Path, name: str, cells: dict, target: str, names=None) -> Path:
    base = plain_book(folder / f"_{name}.xlsx", cells, names)
    out = rewrite(base, folder / f"{name}.xlsx", lambda p: add_external_link(p, target))
    base.unlink()
    return out


@pytest.fixture
def opened(monkeypatch):
    """Every path the process opens from then on (cleared before the recalculation)."""
    seen: list[str] = []
    real = builtins.open

    def spy(file, *args, **kwargs):
        seen.append(os.fspath(file) if isinstance(file, (str, os.PathLike)) else repr(file))
        return real(file, *args, **kwargs)
    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    return seen


def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "somewhere" / "secret.xlsx"
    secret.parent.mkdir()
    plain_book(secret, {(0, 0): 424242.0})
    return secret


def _value(out: Path, cell: str = "A1"):
    return openpyxl.load_workbook(out, data_only=True)["Sheet1"][cell].value


def test_external_link_to_an_existing_file_is_ref_and_never_read(tmp_path, opened):
    secret = _secret(tmp_path)
    books = tmp_path / "books"
    books.mkdir()
    book = _linked(books, "ext_link", {(0, 0): "=[1]Sheet1!A1", (1, 0): "=A1+1", (2, 0): 5.0, (3, 0): "=A3*2"},
                   "../somewhere/secret.xlsx")
    opened.clear()
    res = recalc(book, tmp_path / "out.xlsx")
    assert not any("secret" in p for p in opened)
    assert res.values[("Sheet1", "A1")] == "#REF!" and res.values[("Sheet1", "A2")] == "#REF!"
    assert res.values[("Sheet1", "A4")] == 10.0
    assert ("Sheet1", "A1", "../somewhere/secret.xlsx", "link") in res.external
    assert any(r.kind == "part" and r.target == "../somewhere/secret.xlsx" for r in res.external)
    text = res.summary()
    assert "Sheet1!A1: external link ../somewhere/secret.xlsx — not followed (#REF!)" in text
    assert ("Sheet1", "A1", "#REF!") in res.errors and "424242" not in text
    assert _value(tmp_path / "out.xlsx") == "#REF!"
    assert secret.exists()


@pytest.mark.parametrize("formula, target, kind", [
    ("='../somewhere/[secret.xlsx]Sheet1'!A1", "../somewhere/[secret.xlsx]Sheet1", "path"),
    ("='{abs}/[secret.xlsx]Sheet1'!A1+1", "{abs}/[secret.xlsx]Sheet1", "path"),
    ("=cmd|' /C calc'!A0", "cmd|' /C calc'!A0", "dde"),
    ('=WEBSERVICE("http://evil.example/x")', 'WEBSERVICE("http://evil.example/x")', "function"),
    ('=FILTERXML("<a>1</a>","//a")', 'FILTERXML("<a>1</a>")', "function"),
    ('=HYPERLINK("http://evil.example","click")', 'HYPERLINK("http://evil.example")', "function"),
])
def test_paths_dde_and_web_functions_are_ref(tmp_path, opened, formula, target, kind):
    secret = _secret(tmp_path)
    folder = str(secret.parent)
    book = plain_book(tmp_path / "book.xlsx", {(0, 0): formula.format(abs=folder), (1, 0): 2.0})
    opened.clear()
    res = recalc(book, tmp_path / "out.xlsx")
    assert not any("secret" in p for p in opened)
    assert res.values[("Sheet1", "A1")] == "#REF!"
    assert ("Sheet1", "A1", target.format(abs=folder), kind) in res.external
    assert "not followed (#REF!)" in res.summary()


def test_blocked_functions_are_ref_wherever_they_stand(tmp_path):
    """Not only a whole cell: nested inside IFERROR / ISERROR, with and without _xlfn."""
    book = plain_book(tmp_path / "book.xlsx", {(0, 0): '=IFERROR(WEBSERVICE("http://e.example"),7)',
                                                (1, 0): '=ISERROR(_xlfn.WEBSERVICE("http://e.example"))'})
    res = recalc(book, tmp_path / "out.xlsx")
    assert res.values[("Sheet1", "A1")] == "#REF!"
    assert res.values[("Sheet1", "A2")] == "#REF!"


def test_library_refuses_the_web_functions():
    from iiecon_xl.recalc.library import call_function
    from iiecon_xl.recalc.outside import BLOCKED_FUNCTIONS

    for name in BLOCKED_FUNCTIONS:
        assert str(call_function(name, [lambda env: "http://e.example"])(None)) == "#REF!"
        assert str(call_function("_XLFN." + name, [])(None)) == "#REF!"


def test_defined_name_with_a_link_is_ref(tmp_path, opened):
    _secret(tmp_path)
    book = _linked(tmp_path, "ext_name", {(0, 0): "=secret*2", (1, 0): 3.0}, "somewhere/secret.xlsx",
                   names={"secret": "=[1]Sheet1!$A$1"})
    opened.clear()
    res = recalc(book, tmp_path / "out.xlsx")
    assert not any("secret.xlsx" in p for p in opened)
    assert res.values[("Sheet1", "A1")] == "#REF!"
    assert any(r.cell == "name secret" and r.kind == "link" for r in res.external)


def test_libreoffice_is_never_given_a_book_with_links(tmp_path):
    """LibreOffice would follow the link: the book is refused before soffice starts (a fake
    soffice that would write a marker file shows it never ran)."""
    from iiecon_xl.recalc.libreoffice import libreoffice_recalc

    book = _linked(tmp_path, "ext_link", {(0, 0): "=[1]Sheet1!A1"}, "../somewhere/secret.xlsx")
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\ntouch {tmp_path / 'ran'}\n")
    fake.chmod(0o755)
    with pytest.raises(IIEInputError, match="^BOOK: .*reaches outside the book.*LibreOffice would follow"):
        libreoffice_recalc(book, tmp_path / "out.xlsx", soffice=str(fake))
    assert not (tmp_path / "ran").exists() and not (tmp_path / "out.xlsx").exists()


def test_the_addin_link_part_is_not_reported(tmp_path):
    book = _linked(tmp_path, "ext_addin", {(0, 0): "=[1]!IIE_VERSION()", (1, 0): "=1+1"},
                   "C:\\addins\\iiecon-xl.xlam")
    res = recalc(book, tmp_path / "out.xlsx")
    assert res.external == []
    assert res.values[("Sheet1", "A2")] == 2.0
    assert "outside the book" not in res.summary()


def _cli(book: Path, out: Path, capsys) -> tuple[int, str]:
    code = cmd_recalc(Namespace(book=str(book), output=str(out), engine="iiecon"))
    got = capsys.readouterr()
    return code, got.out + got.err


def test_cli_reports_external_references(tmp_path, capsys):
    book = _linked(tmp_path, "ext_link", {(0, 0): "=[1]Sheet1!A1"}, "../somewhere/secret.xlsx")
    code, text = _cli(book, tmp_path / "out.xlsx", capsys)
    assert code == 1
    assert "Sheet1!A1: external link ../somewhere/secret.xlsx — not followed (#REF!)" in text


@pytest.mark.parametrize("make, message", [
    (lambda d: bomb_book(d, "zip_bomb", 1100 << 20), "max_part_bytes"),
    (lambda d: rewrite(plain_book(d / "ok.xlsx", {(0, 0): "=1+1"}), d / "xxe.xlsx",
                       lambda p: _decl_after(p, "xl/worksheets/sheet1.xml", XXE)), "DOCTYPE"),
])
def test_hostile_packages_are_refused_before_parsing(tmp_path, capsys, make, message):
    book = make(tmp_path)
    with pytest.raises(IIEInputError, match=f"^BOOK: .*{message}"):
        recalc(book, tmp_path / "out.xlsx")
    code, text = _cli(book, tmp_path / "out2.xlsx", capsys)
    assert code == 2 and message in text and "Traceback" not in text
    assert not (tmp_path / "out.xlsx").exists() and not (tmp_path / "out2.xlsx").exists()


def test_links_to_the_input_are_refused_as_out(tmp_path):
    book = plain_book(tmp_path / "book.xlsx", {(0, 0): "=1+1"})
    before = book.read_bytes()
    (tmp_path / "sym.xlsx").symlink_to(book)
    with pytest.raises(IIEInputError, match="^OUT: "):
        recalc(book, tmp_path / "sym.xlsx")
    try:
        os.link(book, tmp_path / "hard.xlsx")
    except OSError:  # pragma: no cover - no hard links here
        pass
    else:
        with pytest.raises(IIEInputError, match="^OUT: "):
            recalc(book, tmp_path / "hard.xlsx")
    assert book.read_bytes() == before


def _leftovers(folder: Path, tmp_before: set[str]) -> list[str]:
    here = [p.name for p in folder.iterdir() if ".tmp" in p.name or p.name.startswith(".")]
    there = [n for n in set(os.listdir(tempfile.gettempdir())) - tmp_before
             if n.startswith(("iiecon-recalc-", "tmp")) and not n.startswith("pytest")]
    return here + there


@pytest.mark.parametrize("failure", [None, RuntimeError, KeyboardInterrupt])
def test_no_temporary_file_or_input_copy_left(tmp_path, monkeypatch, failure):
    book = plain_book(tmp_path / "book.xlsx", {(0, 0): "=1+1", (1, 0): 3.0})
    outdir = tmp_path / "out"
    before = set(os.listdir(tempfile.gettempdir()))
    if failure is not None:
        def boom(*args, **kwargs):
            raise failure("interrupted while writing")
        monkeypatch.setattr("iiecon_xl.xlsx.cached_values.write_sheet", boom)
        with pytest.raises(failure):
            recalc(book, outdir / "out.xlsx")
        assert not (outdir / "out.xlsx").exists()
    else:
        recalc(book, outdir / "out.xlsx")
        assert _value(outdir / "out.xlsx") == 2
    assert _leftovers(outdir, before) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "out"]
