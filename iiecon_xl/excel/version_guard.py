"""The classic add-in's xlwings version guard (issue 9 §5).

The add-in's VBA is xlwings' own, and it is tied to one xlwings version: it declares the
DLL of that exact version (``xlwings64-0.37.8.dll``) and speaks that version's protocol
to Python. Upgrading xlwings in the Python environment silently breaks an installed
add-in. So under classic Excel (the xlwings COM decorators, i.e. Windows) the first call
of any iiecon-xl function compares

- the xlwings version the add-in was built from — recorded in the add-in file by
  :func:`.addin_file.build` and read back with :func:`.addin_file.built_with` — with
- the xlwings version of the running Python,

and when they differ every function returns one message cell, :func:`message`, which
names both versions and the command that rebuilds the add-in. The outcome is decided
once per Python process (Excel starts a new one after the add-in is rebuilt).

Which add-in file: the add-in's VBA puts its own location on ``sys.path`` when it starts
Python (``<folder of the add-in>`` and ``<the add-in's path with .zip>``), so the first
``iiecon-xl.xlam`` found beside a ``sys.path`` entry is the one that called; otherwise the
file ``iiecon-xl addin install`` writes into Excel's default XLSTART folder. The
environment variable ``IIECON_XL_ADDIN`` names the file explicitly. When no add-in file
is found, or it does not record a version, nothing is checked.

xlwings Lite / Server (Office.js) and the headless engine run no add-in VBA: they are
never guarded (:mod:`.registry` wraps only the entry points of the COM family).
"""

from __future__ import annotations

import functools
import os
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from .addin_file import ADDIN_NAME, built_with
from .messages import IIE_ERROR_PREFIX

#: The command that rebuilds the add-in from the installed xlwings.
REBUILD_COMMAND = "iiecon-xl addin install"
#: Environment variable naming the add-in file to compare with (overrides the search).
ADDIN_ENV = "IIECON_XL_ADDIN"


def message(addin: str, python: str) -> str:
    """The one cell every function shows when the two xlwings versions differ."""
    return (f'{IIE_ERROR_PREFIX} add-in built for xlwings {addin}, Python has xlwings {python}: '
            f'run "{REBUILD_COMMAND}" to rebuild it')


def _candidates() -> list[Path]:
    """Where the calling add-in may be, most specific first."""
    found = [Path(os.environ[ADDIN_ENV])] if os.environ.get(ADDIN_ENV) else []
    stem = Path(ADDIN_NAME).stem
    for entry in sys.path:
        if not entry:
            continue
        path = Path(entry)
        if path.suffix.lower() == ".zip" and path.stem.lower() == stem:  # <the add-in>.zip
            found.append(path.with_suffix(Path(ADDIN_NAME).suffix))
        elif path.name.upper() == "XLSTART":
            found.append(path / ADDIN_NAME)
    appdata = os.environ.get("APPDATA")
    if appdata:
        found.append(Path(appdata) / "Microsoft" / "Excel" / "XLSTART" / ADDIN_NAME)
    return found


def addin_version() -> str | None:
    """The xlwings version the calling add-in was built from (None when it is not known)."""
    for path in _candidates():
        try:
            if path.is_file():
                version = built_with(path)
                return None if version in (None, "unknown") else version
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):  # unreadable: nothing to compare
            return None
    return None


def python_version() -> str:
    """The xlwings version of this Python."""
    import xlwings

    return xlwings.__version__


@functools.lru_cache(maxsize=1)
def mismatch() -> str | None:
    """:func:`message` when the add-in and Python disagree, else None (decided once)."""
    addin = addin_version()
    if addin is None:
        return None
    python = python_version()
    return None if addin == python else message(addin, python)


def guarded(entry: Callable) -> Callable:
    """``entry`` that answers :func:`mismatch`'s message instead of running, when there is one."""

    @functools.wraps(entry)
    def call(*args, **kwargs):
        problem = mismatch()
        if problem is not None:
            return problem
        return entry(*args, **kwargs)

    return call
