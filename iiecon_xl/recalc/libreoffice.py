"""Recalculate a book with LibreOffice headless: ``iiecon-xl recalc --engine libreoffice``.

LibreOffice is driven through its command line only (no UNO): a private user profile in
a temporary folder whose ``registrymodifications.xcu`` sets the Calc options
``OOXMLRecalcMode`` and ``ODFRecalcMode`` to 0 ("always recalculate on load"), then

    soffice -env:UserInstallation=file://<profile> --headless --norestore
            --convert-to xlsx --outdir <tmp> BOOK

loads, recalculates and saves a copy, which is renamed atomically to OUT. The profile and
the temporary files are removed after success, failure or Ctrl-C; BOOK is only read.
LibreOffice does not know the iiecon-xl functions: in the function edition of a book
their cells show ``#NAME?`` there (the add-in-free edition does not use them).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import IIEInputError

__all__ = ["INSTALL_HINT", "RECALC_PROFILE", "find_soffice", "libreoffice_recalc"]

#: What to do when soffice is absent.
INSTALL_HINT = "LibreOffice is not installed: apt-get install libreoffice-calc-nogui"
#: The user profile settings: recalculate OOXML and ODF books whenever they are loaded.
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse">\
<value>false</value></prop></item>
</oor:items>
"""
_NAMES = ("soffice", "libreoffice")


def find_soffice() -> str | None:
    """The path of LibreOffice's ``soffice`` on PATH (None: not installed)."""
    for name in _NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _write_profile(root: Path) -> Path:
    user = root / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    return root


def _communicate(proc: subprocess.Popen, timeout: float) -> tuple[str, str]:
    """Wait for soffice; on timeout or Ctrl-C kill its whole process group (oosplash, soffice.bin)."""
    try:
        return proc.communicate(timeout=timeout)
    except BaseException:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:  # already gone
            pass
        proc.wait()
        raise


def _run(soffice: str, profile: Path, book: Path, outdir: Path, timeout: float) -> None:
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", "xlsx", "--outdir", str(outdir), str(book)]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as e:
        raise IIEInputError("BOOK", f"LibreOffice could not be started ({soffice}): {e}") from None
    try:
        out, err = _communicate(proc, timeout)
    except subprocess.TimeoutExpired:
        raise IIEInputError("BOOK", f"LibreOffice did not finish {book.name} within {timeout:g} s") from None
    if proc.returncode != 0:
        tail = (err or out or "").strip().splitlines()[-3:]
        raise IIEInputError("BOOK", f"LibreOffice failed on {book.name} (exit status {proc.returncode})"
                                    + (": " + " / ".join(tail) if tail else ""))


def _refuse_outside_reach(book: Path) -> None:
    """LibreOffice would follow an external link, DDE or web function: such a book is refused
    (our engine evaluates those cells to #REF! instead)."""
    from .outside import blocked_references, describe

    refs = [r for r in blocked_references(book).refs if r.kind != "part" or r.target]
    if refs:
        listed = "; ".join(describe(r) for r in refs[:5]) + (f"; … {len(refs) - 5} more" if len(refs) > 5 else "")
        raise IIEInputError("BOOK", f"{book.name} reaches outside the book ({listed}); LibreOffice would follow "
                                    "it: recalculate with the iiecon engine, which evaluates such cells to #REF!")


def libreoffice_recalc(book: str | os.PathLike, out: str | os.PathLike, *, timeout: float = 300.0,
                       soffice: str | None = None) -> Path:
    """Recalculate ``book`` with LibreOffice headless and write the result to ``out``.

    ``out`` must not be ``book`` (checked by the caller, :func:`iiecon_xl.recalc.recalc`
    paths); it is replaced atomically. Raises :class:`IIEInputError` with
    :data:`INSTALL_HINT` when soffice is absent, or naming the failure (exit status,
    timeout, no output). Returns the Path written.
    """
    src, dst = Path(book), Path(out)
    exe = soffice or find_soffice()
    if exe is None:
        raise IIEInputError("--engine", INSTALL_HINT)
    _refuse_outside_reach(src)
    dst.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="iiecon-lo-") as tmp:
        root = Path(tmp)
        shutil.copyfile(src, root / f"book{src.suffix.lower()}")  # a snapshot with a plain name
        outdir = root / "out"
        outdir.mkdir()
        _run(exe, _write_profile(root / "profile"), root / f"book{src.suffix.lower()}", outdir, timeout)
        made = outdir / "book.xlsx"
        if not made.is_file():
            raise IIEInputError("BOOK", f"LibreOffice wrote no output for {src.name}")
        staged = dst.parent / f".{dst.name}.lo.tmp"
        try:
            shutil.move(str(made), staged)
            os.replace(staged, dst)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
    return dst
