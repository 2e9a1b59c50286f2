"""Headless recalculation of an iiecon-xl workbook with the ``formulas`` package.

:func:`recalc` evaluates every formula of a book — native Excel functions and the
package's own functions from :data:`iiecon_xl.udfs.FUNCTIONS` — and writes a copy with
its formulas kept and the cached values filled in
(:func:`iiecon_xl.xlsx.cached_values.write_cached_values`), so that the copy opens with
numbers in any viewer. It never writes over the book it reads. ``formulas`` is imported
here only when a recalculation runs, never when the package is imported.

The steps: :mod:`.evaluate` loads the book into a :class:`.model.FastExcelModel` (the
registry functions and the INDEX fix put in by :mod:`.bridge`), compiles and calculates
it; :mod:`.collect` turns the solution into cell values (:mod:`.values`); the values are
written as cached values. Whole-column references (``A:A``) stay slow: ``formulas``
enumerates all 1,048,576 rows (seconds per reference).
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from ..errors import IIEInputError
from ..safefiles import check_output
from ..xlsx.cached_values import write_cached_values
from ..xlsx.errors import ExcelError
from ..xlsx.limits import check_xlsx
from ..xlsx.ooxml import read_formula_cells, sheet_parts
from .outside import Blocked, blocked_references
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


ENGINES = ("fast", "formulas", "plain")


def _evaluate_formulas(src: Path, result: RecalcResult, plain: bool, blocked: Blocked) -> None:
    """The ``formulas`` engine (one dispatcher node per formula cell; kept for comparison)."""
    from .collect import collect  # imports formulas: only when a recalculation runs
    from .evaluate import evaluate

    links = [r for r in blocked.refs if r.kind != "function"]
    if links:  # formulas would follow an external link: refuse rather than read it
        raise IIEInputError("BOOK", f"{src.name} reaches outside the book ({links[0].target}); the formulas "
                                    "engine does not evaluate such books — use the default engine")

    try:
        sheets = list(sheet_parts(src))
        declared = read_formula_cells(src)
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise IIEInputError("BOOK", f"{src.name} cannot be read as a workbook: {e}") from None
    ev = evaluate(src, sheets, declared, not plain, result.timings)
    t = time.perf_counter()
    collect(ev, result, sheets, declared)
    if blocked.cells:  # a cell calling WEBSERVICE … shows #REF!, as in the fast engine
        from .collect import list_errors

        result.values.update({key: ExcelError("#REF!") for key in blocked.cells if key in result.values})
        result.errors.clear()
        result.messages.clear()
        list_errors(result, sheets)
    result.timings["collect"] = time.perf_counter() - t


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


def recalc(book: str | os.PathLike, out: str | os.PathLike, *, fast: bool = True,
           engine: str | None = None) -> RecalcResult:
    """Evaluate every formula of ``book`` and write it to ``out`` with cached values.

    Formulas are kept; ``out``'s parent folders are created; ``book`` is only read (an
    :class:`IIEInputError` naming ``OUT`` is raised when ``out`` is ``book`` or a link to it).
    ``book`` is checked by :func:`~iiecon_xl.xlsx.limits.check_xlsx` before it is parsed.
    A formula cell or defined name reaching outside the book (external links, paths, DDE,
    WEBSERVICE …: :mod:`.outside`) is never followed: it evaluates to ``#REF!`` and is
    listed in ``result.external``. ``out`` is written atomically (no temporary file is
    left behind, whatever happens). See
    :class:`RecalcResult` for what is returned. The default engine is the fast one
    (:mod:`.fast`). ``engine="formulas"`` evaluates with the ``formulas`` package's
    dispatcher (:mod:`.evaluate`, slower, same values) and ``fast=False`` (or
    ``engine="plain"``) with its plain ``ExcelModel`` (one node per input cell, slowest);
    both are kept to compare the engines.
    """
    t0 = time.perf_counter()
    engine = engine or ("fast" if fast else "plain")
    if engine not in ENGINES:
        raise IIEInputError("engine", f"{engine!r} is not one of {', '.join(ENGINES)}")
    src, dst = check_paths(book, out)
    result = RecalcResult(book=src, out=dst, timings={})
    if engine == "fast":
        _evaluate_fast(src, result)
    else:
        blocked = blocked_references(src)
        result.external = list(blocked.refs)
        _evaluate_formulas(src, result, engine == "plain", blocked)
    t = time.perf_counter()
    write_cached_values(src, dst, result.values)
    result.timings["write"] = time.perf_counter() - t
    result.timings["total"] = time.perf_counter() - t0
    return result
