"""Shared fixtures and helpers for the test suite.

Real public data (NBS input-output tables, provincial GDP, ...) lives *outside* the
repository, in ``../shared/data`` relative to the project root (see
``../shared/data/README.md``). Tests that need it skip, with one stated reason, when it
is absent; everything else runs on hand-made or simulated inputs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest

#: The project root (the directory holding ``iiecon_xl/`` and ``tests/``).
PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: Where the real public data is kept: ``<project root>/../shared/data``.
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
#: The one reason every real-data test gives when it skips.
SHARED_DATA_SKIP_REASON = "../shared/data is absent (real NBS data is not in this repository)"

# Make ``import iiecon_xl`` work whatever directory pytest is started from, even when
# the package is not pip-installed.
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))


def shared_data_path(*parts: str) -> Path:
    """The Path of ``../shared/data`` (or of a file inside it); does not check existence."""
    return SHARED_DATA.joinpath(*parts)


def require_shared_data(*parts: str) -> Path:
    """The Path of ``../shared/data`` (or of ``parts`` inside it); skips the test when absent."""
    path = shared_data_path(*parts)
    if not SHARED_DATA.is_dir() or not path.exists():
        pytest.skip(SHARED_DATA_SKIP_REASON)
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``<project root>/../shared/data``; the requesting test skips when it is absent."""
    return require_shared_data()


class NBSTable(NamedTuple):
    """One NBS input-output table, in the file's unit (万元 = 1e4 yuan)."""

    Z: np.ndarray          # n×n intermediate flows, row = selling sector, column = buying sector
    X: np.ndarray          # total input (row ``TI``) = gross output
    M: np.ndarray          # total intermediate input (row ``TII``)
    V: np.ndarray          # total value added (row ``TVA``)
    codes: list[str]       # sector codes "001" … (as text, leading zeros kept)
    names_zh: list[str]    # Chinese sector names (the English ones are shifted in 2017)


def load_nbs_io(path) -> NBSTable:
    """Read an NBS IO CSV as re-packaged in ``../shared/data/io`` (layout in its README).

    Columns: ``Code, Description, DescriptionInChinese``, one column per sector code,
    then ``TIU``, the final-use columns, ``IM``, ``GO``. Rows: the sector codes, ``TII``,
    ``VA001``–``VA004``, ``TVA``, ``TI``. ``Code`` is read as text so "001" stays "001".
    """
    df = pd.read_csv(path, dtype={"Code": str})
    df["Code"] = df["Code"].str.strip()
    df = df.set_index("Code")
    codes = [c for c in df.columns if c.strip().isdigit()]
    missing = [c for c in codes if c not in df.index]
    if missing:
        raise ValueError(f"{path}: sector rows missing for codes {missing[:5]}")
    Z = df.loc[codes, codes].to_numpy(dtype=float)
    X = df.loc["TI", codes].to_numpy(dtype=float)
    M = df.loc["TII", codes].to_numpy(dtype=float)
    V = df.loc["TVA", codes].to_numpy(dtype=float)
    names = df.loc[codes, "DescriptionInChinese"].astype(str).tolist()
    return NBSTable(Z=Z, X=X, M=M, V=V, codes=list(codes), names_zh=names)


@pytest.fixture(scope="session")
def io2017() -> NBSTable:
    """The 2017 NBS table with 149 sectors (万元); skips when ../shared/data is absent."""
    return load_nbs_io(require_shared_data("io", "nbs_io_2017_149.csv"))


@pytest.fixture(scope="session")
def load_io():
    """:func:`load_nbs_io` as a fixture, for test modules that should not import conftest."""
    return load_nbs_io


# ----------------------------------------------------------------------------- shared books
# Recalculating a book is the suite's most expensive step: each shared book is made once per
# test run, and, when pytest-xdist runs the suite in several processes, once for all of them
# (the first worker to ask makes it under a file lock, the others read its pickled result).
# The fixtures are read-only for the tests: copy a file before planting anything in it.

#: The committed workbooks of the repository (the package itself never writes there).
REPO_WORKBOOKS = PROJECT_ROOT / "workbooks"
#: The committed demo book.
DEMO_BOOK = REPO_WORKBOOKS / "iie_demo.xlsx"
#: Why the LibreOffice fixtures skip.
LO_SKIP = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"


def made_once(tmp_path_factory, name: str, make):
    """``make(folder)`` once per test run: under xdist the workers share the result through a
    folder of the run's base temporary directory, guarded by a lock file (without ``fcntl``,
    on Windows, each worker makes its own)."""
    import os
    import pickle

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    try:
        import fcntl
    except ImportError:
        fcntl = None
    if worker is None or fcntl is None:
        return make(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent        # the same for every worker of one run
    folder, done = root / f"shared_{name}", root / f"shared_{name}.pickle"
    with open(root / f"shared_{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.exists():
            return pickle.loads(done.read_bytes())
        folder.mkdir(exist_ok=True)
        result = make(folder)
        done.write_bytes(pickle.dumps(result))
        return result


@pytest.fixture(scope="session")
def demo_recalc(tmp_path_factory):
    """The committed demo book recalculated headlessly, once per run (a RecalcResult;
    ``.out`` is the recalculated file)."""
    from iiecon_xl import recalc

    return made_once(tmp_path_factory, "demo_recalc",
                     lambda d: recalc.recalc(DEMO_BOOK, d / "iie_demo_recalc.xlsx"))


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """``iiecon-xl report`` on the committed demo book (recalc, audit, tables, figures), once
    per run (a BookRun; its files are in ``.recalculated.parent``)."""
    from iiecon_xl.workbook import books

    return made_once(tmp_path_factory, "demo_run", lambda d: books.run_book(DEMO_BOOK, d))


@pytest.fixture(scope="session")
def native_built(tmp_path_factory):
    """The demo inputs built from scratch in the native (add-in-free) edition, no cached value:
    (path, manifest)."""
    from iiecon_xl import demo
    from iiecon_xl.workbook import builder

    def make(d):
        path = d / "native_demo_raw.xlsx"
        return path, builder.build(path, demo.load_demo(), edition="native")

    return made_once(tmp_path_factory, "native_built", make)


@pytest.fixture(scope="session")
def native_recalc(native_built, tmp_path_factory):
    """The native demo recalculated by our engine (a RecalcResult)."""
    from iiecon_xl import recalc

    return made_once(tmp_path_factory, "native_recalc",
                     lambda d: recalc.recalc(native_built[0], d / "native_recalc.xlsx"))


@pytest.fixture(scope="session")
def native_lo(native_built, tmp_path_factory):
    """The native demo computed by LibreOffice, values written into a copy of the book
    (``books.libreoffice_values``' result); skips when LibreOffice is absent."""
    from iiecon_xl.recalc.libreoffice import find_soffice
    from iiecon_xl.workbook import books

    if find_soffice() is None:
        pytest.skip(LO_SKIP)
    return made_once(tmp_path_factory, "native_lo",
                     lambda d: books.libreoffice_values(native_built[0], d / "native_demo_lo.xlsx"))
