"""Outputs that never touch an input and never exist half-written (issue 11).

* :func:`check_output` — before anything is computed: refuse an output path that is, or links
  to, one of the command's inputs (same device and inode, so hard links, symlinks and ``..``
  paths are all caught), a directory where a file is expected, a file where a report folder is
  expected, and a non-empty report folder unless ``force``.
* :func:`atomic_file` — write to a temporary file in the same folder, ``fsync`` it and
  :func:`os.replace` it into place; on any failure (including Ctrl-C) the temporary file is
  removed and the final name keeps its old content (or stays absent).
* :func:`atomic_folder` — a report folder is built under a temporary sibling name and renamed
  into place at the end, so a folder under the final name is always complete. (Chosen over a
  manifest written last: a reader then needs no check, and a killed run leaves no folder under
  the final name, only a hidden ``.NAME.tmp-…`` sibling.)
* :func:`interrupt_guard` — Ctrl-C ends a command with the one line ``interrupted`` on stderr
  and exit status 130 (SIGTERM: ``terminated``, 143), after the ``finally`` blocks above have
  cleaned up.

A process killed with SIGKILL cannot clean up: it may leave a hidden temporary sibling
(``.NAME.….tmp.EXT`` or ``.NAME.tmp-…``), never a partial file under the final name.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .errors import IIEInputError

__all__ = ["atomic_file", "atomic_folder", "check_output", "inside", "interrupt_guard", "same_file"]


def _stat(p: Path) -> os.stat_result | None:
    try:
        return os.stat(p)  # follows symlinks: a link to an input has the input's inode
    except OSError:
        return None


def same_file(a, b) -> bool:
    """Whether two paths name the same existing file or folder (device and inode)."""
    sa, sb = _stat(Path(a)), _stat(Path(b))
    return sa is not None and sb is not None and (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` lies inside ``folder`` (by inode of every parent, so links count)."""
    sf = _stat(folder)
    if sf is None:
        return False
    for parent in Path(os.path.realpath(path)).parents:
        sp = _stat(parent)
        if sp is not None and (sp.st_dev, sp.st_ino) == (sf.st_dev, sf.st_ino):
            return True
    return False


def inside(path, folder) -> bool:
    """Whether ``path`` lies inside ``folder``, by device and inode of each parent (links count)."""
    return _inside(Path(path), Path(folder))


def _check_parent(out: Path, argument: str) -> None:
    parent = Path(os.path.realpath(out)).parent
    if not parent.is_dir():
        raise IIEInputError(argument, f"{out}: the folder {parent} does not exist")


def check_output(out, inputs: Iterable = (), *, kind: str = "file", force: bool = False,
                 argument: str = "-o") -> Path:
    """``out`` as a Path once it is safe to write (see the module docstring); raises IIEInputError.

    ``inputs``: every file or folder the command reads. ``kind``: ``"file"`` or ``"folder"``.
    ``force`` (folders only): allow replacing a non-empty folder.
    """
    if kind not in ("file", "folder"):
        raise ValueError(f"kind must be 'file' or 'folder', not {kind!r}")
    out = Path(out)
    for inp in (Path(i) for i in inputs):
        if same_file(out, inp) or os.path.realpath(out) == os.path.realpath(inp):
            raise IIEInputError(argument, f"{out} is the input {inp} (the same file); write the output elsewhere")
        if kind == "folder" and _inside(inp, out):
            raise IIEInputError(argument, f"{out} holds the input {inp}; write the report to another folder")
    if kind == "file":
        if out.is_dir():
            raise IIEInputError(argument, f"{out} is a folder; give the name of the file to write")
        if not out.name or out.name in (".", ".."):
            raise IIEInputError(argument, f"{out} is not a file name")
    elif out.exists() or out.is_symlink():
        if out.is_symlink():
            raise IIEInputError(argument, f"{out} is a symbolic link; give the report folder itself")
        if not out.is_dir():
            raise IIEInputError(argument, f"{out} is an existing file; the report needs a folder (absent or empty)")
        if any(out.iterdir()) and not force:
            raise IIEInputError(argument, f"{out} exists and is not empty; choose a new folder, empty it, or pass "
                                          f"--force to replace it")
    _check_parent(out, argument)
    return out


def _default_mode(directory: bool = False) -> int:
    """0o666 (files) or 0o777 (folders) less the process umask."""
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if directory else 0o666) & ~mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(p: Path) -> None:
    try:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()
    except FileNotFoundError:
        pass


@contextmanager
def atomic_file(path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically.

    The temporary file (``.NAME.XXXX.tmp.EXT``, the extension kept for writers that look at it)
    is created empty; the caller writes it by name (xlsxwriter, openpyxl, pandas) or opens it.
    """
    path = Path(path)
    folder = Path(os.path.realpath(path.parent))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _default_mode())
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    _fsync_dir(folder)


@contextmanager
def atomic_folder(path) -> Iterator[Path]:
    """Yield a temporary folder next to ``path``; on success it becomes ``path``.

    An empty folder already at ``path`` is replaced atomically; a non-empty one (allowed by
    :func:`check_output` only with ``force``) is moved aside first and removed afterwards.
    """
    path = Path(path)
    folder = Path(os.path.realpath(path.parent))
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.tmp-", dir=folder))
    try:
        yield tmp
        os.chmod(tmp, _default_mode(directory=True))
        _swap_in(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    _fsync_dir(folder)


def _swap_in(tmp: Path, path: Path) -> None:
    """Rename ``tmp`` to ``path``, moving a non-empty existing folder out of the way."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise IIEInputError("-o", f"{path} is not a folder")
    old = None
    if path.is_dir() and any(path.iterdir()):
        old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old-", dir=tmp.parent))
        os.replace(path, old)  # onto an empty folder: atomic
    os.replace(tmp, path)      # onto an absent or empty folder: atomic
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that cleanup runs as for Ctrl-C."""


def _on_sigterm(signum, frame):  # noqa: ARG001 - the signal-handler signature
    raise _Terminated()


@contextmanager
def interrupt_guard(stream=None) -> Iterator[None]:
    """Ctrl-C (and SIGTERM) inside the block: one line on stderr, exit status 130 (143).

    Use around a command's main function: ``with interrupt_guard(): return main(argv)``.
    Cleanup (``finally``, :func:`atomic_file`) runs before the line is printed.
    """
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: leave SIGTERM alone
        pass
    try:
        yield
    except KeyboardInterrupt:
        _last_word(stream, "interrupted")
        raise SystemExit(130) from None
    except _Terminated:
        _last_word(stream, "terminated")
        raise SystemExit(143) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _last_word(stream, word: str) -> None:
    # a second Ctrl-C while printing must not produce a traceback either
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        previous = None
    try:
        out = stream or sys.stderr
        out.write(word + "\n")
        out.flush()
    except (OSError, ValueError):
        pass
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
