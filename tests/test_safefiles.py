"""iiecon_xl.safefiles: outputs never touch an input, never exist half-written, and Ctrl-C ends
with one line and exit status 130 (issue 11)."""

from __future__ import annotations

import io
import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest
import xlsxwriter

from iiecon_xl.errors import IIEInputError
from iiecon_xl.safefiles import atomic_file, atomic_folder, check_output, interrupt_guard, same_file


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- check_output

def test_check_output_refuses_every_way_of_naming_an_input(tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_bytes(b"input")
    os.link(book, tmp_path / "hard.xlsx")
    os.symlink(book, tmp_path / "soft.xlsx")
    (tmp_path / "sub").mkdir()
    for out in (book, tmp_path / "hard.xlsx", tmp_path / "soft.xlsx", tmp_path / "sub" / ".." / "book.xlsx"):
        with pytest.raises(IIEInputError, match=rf"^-o: {out} is the input {book} \(the same file\)"):
            check_output(out, [book])
    assert same_file(book, tmp_path / "hard.xlsx") and not same_file(book, tmp_path / "new.xlsx")
    assert check_output(tmp_path / "new.xlsx", [book]) == tmp_path / "new.xlsx"
    with pytest.raises(IIEInputError, match="^OUT: "):
        check_output(book, [book], argument="OUT")


def test_check_output_files_and_folders(tmp_path):
    (tmp_path / "dir").mkdir()
    with pytest.raises(IIEInputError, match=r"dir is a folder; give the name of the file to write"):
        check_output(tmp_path / "dir", [])
    with pytest.raises(IIEInputError, match=r"the folder .*nowhere does not exist"):
        check_output(tmp_path / "nowhere" / "x.xlsx", [])
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(IIEInputError, match=r"f.txt is an existing file; the report needs a folder"):
        check_output(tmp_path / "f.txt", [], kind="folder")
    (tmp_path / "dir" / "old.csv").write_text("x")
    with pytest.raises(IIEInputError, match=r"dir exists and is not empty; .* pass --force"):
        check_output(tmp_path / "dir", [], kind="folder")
    assert check_output(tmp_path / "dir", [], kind="folder", force=True) == tmp_path / "dir"
    with pytest.raises(IIEInputError, match=r"dir holds the input .*old.csv"):
        check_output(tmp_path / "dir", [tmp_path / "dir" / "old.csv"], kind="folder", force=True)
    os.symlink(tmp_path / "dir", tmp_path / "link")
    with pytest.raises(IIEInputError, match="is a symbolic link"):
        check_output(tmp_path / "link", [], kind="folder", force=True)
    with pytest.raises(ValueError, match="kind must be"):
        check_output(tmp_path / "x", [], kind="zip")


# --------------------------------------------------------------------------- atomic_file

def test_atomic_file_replaces_on_success_with_normal_permissions(tmp_path):
    target = tmp_path / "book.xlsx"
    target.write_text("old")
    with atomic_file(target) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".xlsx" and tmp.name.startswith(".book.")
        wb = xlsxwriter.Workbook(str(tmp))        # writers that take a file name
        wb.add_worksheet().write(0, 0, 1)
        wb.close()
        assert target.read_text() == "old"        # nothing under the final name until the end
    assert target.read_bytes().startswith(b"PK") and _files(tmp_path) == ["book.xlsx"]
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize("error", [RuntimeError("writer failed"), KeyboardInterrupt()])
def test_atomic_file_failure_keeps_the_old_file_and_no_temporary(tmp_path, error):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(type(error)):
        with atomic_file(target) as tmp:
            tmp.write_text("half")
            raise error
    assert target.read_text() == "old" and _files(tmp_path) == ["out.csv"]
    with pytest.raises(RuntimeError):
        with atomic_file(tmp_path / "new.csv"):
            raise RuntimeError
    assert _files(tmp_path) == ["out.csv"]


# --------------------------------------------------------------------------- atomic_folder

def test_atomic_folder_new_empty_and_forced(tmp_path):
    out = tmp_path / "report"
    with atomic_folder(out) as tmp:
        (tmp / "a.csv").write_text("1")
        assert not out.exists() and tmp.parent == tmp_path
    assert _files(out) == ["a.csv"] and _files(tmp_path) == ["report"]
    with atomic_folder(out) as tmp:               # non-empty: replaced as a whole (check_output asks --force)
        (tmp / "b.csv").write_text("2")
    assert _files(out) == ["b.csv"] and _files(tmp_path) == ["report"]
    (tmp_path / "empty").mkdir()
    with atomic_folder(tmp_path / "empty") as tmp:
        (tmp / "c.csv").write_text("3")
    assert _files(tmp_path / "empty") == ["c.csv"]


def test_atomic_folder_failure_leaves_the_old_folder(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "old.csv").write_text("old")
    for error in (RuntimeError("table 7 failed"), KeyboardInterrupt()):
        with pytest.raises(type(error)):
            with atomic_folder(out) as tmp:
                (tmp / "new.csv").write_text("half")
                raise error
        assert _files(out) == ["old.csv"] and _files(tmp_path) == ["report"]


# --------------------------------------------------------------------------- interrupt_guard

def test_interrupt_guard_in_process():
    before = signal.getsignal(signal.SIGINT)
    err = io.StringIO()
    with pytest.raises(SystemExit) as done:
        with interrupt_guard(err):
            raise KeyboardInterrupt
    assert done.value.code == 130 and err.getvalue() == "interrupted\n"
    with interrupt_guard(err):                     # no interrupt: nothing happens
        pass
    assert signal.getsignal(signal.SIGINT) is before    # the guard leaves the handler as it found it


_SLEEPER = textwrap.dedent("""
    import signal, sys, time
    # as an interactive shell starts it (a job started in the background inherits SIGINT ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from pathlib import Path
    from iiecon_xl.safefiles import atomic_file, interrupt_guard
    with interrupt_guard():
        with atomic_file(Path(sys.argv[1]) / "out.xlsx") as tmp:
            tmp.write_text("half")
            print("ready", flush=True)
            # short sleeps, as work runs: the kernel may hand the signal to a BLAS thread, and Python
            # runs its handler in the main thread only when it next gets control (a single 30 s
            # sleep would then outlast the test's timeout; seen once under pytest-xdist)
            for _ in range(300):
                time.sleep(0.1)
    print("finished anyway")
""")


@pytest.mark.parametrize("sig, code, word", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_a_signal_ends_with_one_line_and_cleans_up(tmp_path, sig, code, word):
    proc = subprocess.Popen([sys.executable, "-c", _SLEEPER, str(tmp_path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "ready\n"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert err == f"{word}\n" and out == ""
    assert _files(tmp_path) == []                  # the temporary file is gone, nothing under the final name
