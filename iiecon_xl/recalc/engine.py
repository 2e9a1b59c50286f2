"""Headless recalculation of an iiecon-xl workbook.

:func:`recalc` evaluates every formula of a book — native Excel functions and the
package's own functions from :data:`iiecon_xl.udfs.FUNCTIONS` — and writes a copy with
its formulas kept and the cached values filled in
(:func:`iiecon_xl.xlsx.cached_values.write_cached_values`), so that the copy opens with
numbers in any viewer. It never writes over the book it reads.

The steps: the paths and the file are checked (:func:`check_paths`,
:func:`~iiecon_xl.xlsx.limits.check_xlsx`); :mod:`.fast` reads the book once, compiles
and evaluates it; :mod:`.fast_collect` turns the evaluation into cell values; the values
are written as cached values. The engine's modules (and ``formulas``' function library
they call) are imported only when a recalculation runs.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from ..errors import IIEInputError
from ..safefiles import check_output
from ..xlsx.cached_values import write_cached_values
from ..xlsx.limits import check_xlsx
from .outside import blocked_references
from .results import RecalcResult

__all__ = ["check_paths", "recalc"]

_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm")


def _same_file(src: Path, dst: Path) -> bool:
    if src.resolve() == dst.resolve():
        return True
    if dst.exists():
        try:
            return os.path.samefile(src, dst)
        except OSError:
            return False
    return False


def check_paths(book: str | os.PathLike, out: str | os.PathLike) -> tuple[Path, Path]:
    """(BOOK, OUT) as Paths after the checks every engine makes (IIEInputError otherwise)."""
    src, dst = Path(book), Path(out)
    if not src.is_file():
        raise IIEInputError("BOOK", f"{src} does not exist or is not a file")
    if src.suffix.lower() not in _EXTENSIONS:
        raise IIEInputError("BOOK", f"{src.name} is not an Excel workbook ({', '.join(_EXTENSIONS)})")
    if not zipfile.is_zipfile(src):
        raise IIEInputError("BOOK", f"{src.name} is not an .xlsx file (not a zip package)")
    if _same_file(src, dst):
        raise IIEInputError("OUT", f"{dst} is the input book itself; recalc never writes over BOOK — "
                                   "choose another output file")
    if dst.exists() and dst.is_dir():
        raise IIEInputError("OUT", f"{dst} is a folder; give a file name such as {dst / src.name}")
    if dst.suffix.lower() != src.suffix.lower():
        raise IIEInputError("OUT", f"{dst.name} must have the extension {src.suffix} of BOOK")
    check_xlsx(src, argument="BOOK")  # before any parser: zip bombs, XXE, huge dimensions
    dst.parent.mkdir(parents=True, exist_ok=True)
    check_output(dst, [src], argument="OUT")  # hard links and symbolic links to BOOK refused
    return src, dst


def _evaluate_fast(src: Path, result: RecalcResult) -> None:
    from .fast import evaluate_fast, formula_texts, load_book  # imports formulas' library: only when run
    from .fast_collect import collect_fast

    t = time.perf_counter()
    book = load_book(src)
    blocked = blocked_references(src, formula_texts(book))  # the sheets are read once
    result.external = list(blocked.refs)
    result.timings["load"] = time.perf_counter() - t
    ev = evaluate_fast(book, result.timings, blocked)
    t = time.perf_counter()
    collect_fast(ev, result)
    result.timings["collect"] = time.perf_counter() - t


def recalc(book: str | os.PathLike, out: str | os.PathLike) -> RecalcResult:
    """Evaluate every formula of ``book`` and write it to ``out`` with cached values.

    Formulas are kept; ``out``'s parent folders are created; ``book`` is only read (an
    :class:`IIEInputError` naming ``OUT`` is raised when ``out`` is ``book`` or a link to it).
    ``book`` is checked by :func:`~iiecon_xl.xlsx.limits.check_xlsx` before it is parsed.
    A formula cell or defined name reaching outside the book (external links, paths, DDE,
    WEBSERVICE …: :mod:`.outside`) is never followed: it evaluates to ``#REF!`` and is
    listed in ``result.external``. ``out`` is written atomically (no temporary file is
    left behind, whatever happens). See :class:`RecalcResult` for what is returned; the
    engine is :mod:`.fast`.
    """
    t0 = time.perf_counter()
    src, dst = check_paths(book, out)
    result = RecalcResult(book=src, out=dst, timings={})
    _evaluate_fast(src, result)
    t = time.perf_counter()
    write_cached_values(src, dst, result.values)
    result.timings["write"] = time.perf_counter() - t
    result.timings["total"] = time.perf_counter() - t0
    return result
