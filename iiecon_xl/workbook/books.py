"""The committed workbooks and the end-to-end run of a book.

- :func:`build_workbooks` writes ``iie_template.xlsx`` (input sheets empty) and
  ``iie_demo.xlsx`` (the demo inputs, recalculated so it opens with numbers) into the folder
  it is given (the CLI's ``-o``), and their native ("glass-box") editions
  ``iie_template_native.xlsx`` and ``iie_demo_native.xlsx``; the package never writes into
  its own tree.
- :func:`edition_of` says which edition a book is (its custom document property);
  :func:`recalc_book` recalculates a book with the engine its edition needs: a native book
  with LibreOffice when it is installed (its values written into the book's own file), else
  with our engine.
- :func:`book_content` reads what a book *says* (every cell's formula or input value,
  the defined names, the charts), ignoring cached values and zip metadata: the committed
  books must have the content the builder produces.
- :func:`run_book` is ``iiecon-xl report`` on a book: recalc → audit → tables, figures.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula

from .. import demo, pipeline
from ..xlsx import a1
from . import audit as _audit
from .. import recalc as _recalc
from ..safefiles import atomic_file
from . import builder, layout as L, provenance
from .reader import read_edition, read_inputs

#: Where a checkout keeps the committed books — only to *find* them (an installed wheel has none).
REPO_WORKBOOKS = Path(__file__).resolve().parents[2] / "workbooks"
TEMPLATE_NAME = "iie_template.xlsx"
DEMO_NAME = "iie_demo.xlsx"
TEMPLATE_NATIVE_NAME = "iie_template_native.xlsx"
DEMO_NATIVE_NAME = "iie_demo_native.xlsx"
#: {edition: (template name, demo name)}
BOOK_NAMES = {L.FUNCTION: (TEMPLATE_NAME, DEMO_NAME), L.NATIVE: (TEMPLATE_NATIVE_NAME, DEMO_NATIVE_NAME)}


def edition_of(path) -> str:
    """The edition of the book at ``path``: "function" or "native"."""
    return read_edition(path)


def build_workbooks(folder, progress: Callable[[str], None] | None = None,
                    editions: tuple[str, ...] = L.EDITIONS) -> list[Path]:
    """Write the template and the (recalculated) demo book of each edition into ``folder``."""
    say = progress or (lambda m: None)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for edition in editions:
        template, demo_name = BOOK_NAMES[edition]
        say(f"building {template}")
        with atomic_file(folder / template) as tmp_template:
            builder.build(tmp_template, edition=edition)
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / demo_name
            say(f"building {demo_name}")
            builder.build(raw, demo.load_demo(), edition=edition)
            res = recalc_book(raw, folder / demo_name, progress=say)   # written atomically (cached_values)
            if not res.ok:
                raise RuntimeError(f"the demo book {demo_name} does not recalculate cleanly:\n" + res.summary())
        written += [folder / template, folder / demo_name]
    return written


def recalc_book(book, out, *, progress: Callable[[str], None] | None = None):
    """Recalculate ``book`` into ``out`` with the engine its edition needs (a RecalcResult).

    A native book goes to LibreOffice when it is installed — our engine does not evaluate
    every built-in function the native edition uses the way Excel does (see
    :data:`NATIVE_ENGINE_NOTE`) — else to our engine; a function-edition book to our engine
    (LibreOffice does not know the iiecon-xl functions)."""
    from ..recalc.libreoffice import find_soffice

    say = progress or (lambda m: None)
    if edition_of(book) == L.NATIVE and find_soffice():
        say(f"recalculating {Path(book).name} (LibreOffice headless)")
        return libreoffice_values(book, out)
    if edition_of(book) == L.NATIVE:
        say(NATIVE_ENGINE_NOTE)
    say(f"recalculating {Path(book).name} (headless)")
    return _recalc.recalc(book, out)


#: what to tell the user when a native book is recalculated without LibreOffice
NATIVE_ENGINE_NOTE = ("note: a native (glass-box) book is best recalculated by a spreadsheet program; LibreOffice "
                      "is not installed (apt-get install libreoffice-calc-nogui), so the headless engine is used")


def libreoffice_values(book, out):
    """LibreOffice recalculates ``book``; its values are written, as cached values, into a
    copy of ``book`` itself at ``out`` (the book's content stays byte for byte what it was:
    LibreOffice's own save would rewrite formulas and styles). Returns a RecalcResult."""
    import time

    from ..recalc import RecalcResult
    from ..recalc.engine import check_paths
    from ..recalc.libreoffice import libreoffice_recalc
    from ..xlsx.cached_values import write_cached_values
    from ..xlsx.errors import is_error_value

    src, dst = check_paths(book, out)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="iiecon-lo-values-") as tmp:
        computed = libreoffice_recalc(src, Path(tmp) / "computed.xlsx")
        t_lo = time.perf_counter() - start
        values, n = _formula_values(src, computed)
    write_cached_values(src, dst, values)
    errors = [(s, c, str(v)) for (s, c), v in values.items() if is_error_value(v)]
    return RecalcResult(book=src, out=dst, values=values, errors=errors, formula_cells=n,
                        timings={"calculate": t_lo, "total": time.perf_counter() - start})


def _formula_values(src: Path, computed: Path) -> tuple[dict, int]:
    """{(sheet, cell): value computed} of every formula cell and array-formula cell of ``src``."""
    wb_f = openpyxl.load_workbook(src)
    wb_v = openpyxl.load_workbook(computed, data_only=True)
    values, n = {}, 0
    for ws in wb_f.worksheets:
        wv = wb_v[ws.title]
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if isinstance(v, ArrayFormula):
                    r1, c1, r2, c2 = a1.parse_area(v.ref if ":" in v.ref else f"{v.ref}:{v.ref}")
                    cells = [a1.cell_name(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
                elif isinstance(v, str) and v.startswith("="):
                    cells = [c.coordinate]
                else:
                    continue
                n += 1
                for coord in cells:
                    values[(ws.title, coord)] = wv[coord].value
    return values, n


def demo_book(folder: Path | None = None) -> Path:
    """The committed demo book, or one built into ``folder`` (default: a new temporary folder)
    when the repository copy is absent (an installed package without the repository's workbooks/)."""
    committed = REPO_WORKBOOKS / DEMO_NAME
    if committed.exists():
        return committed
    folder = Path(folder or tempfile.mkdtemp(prefix="iiecon-demo-"))
    path = folder / DEMO_NAME
    builder.build(path, demo.load_demo())
    return path


def book_content(path) -> dict:
    """{sheet: {cell: formula text or input value}} plus defined names and chart counts."""
    wb = openpyxl.load_workbook(path, data_only=False)
    out: dict = {"_names": {n: str(v.attr_text) for n, v in wb.defined_names.items()}}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if isinstance(v, ArrayFormula):
                    v = ("array", v.ref, v.text)
                if v is not None:
                    cells[c.coordinate] = v
        out[ws.title] = cells
    with zipfile.ZipFile(path) as zf:
        out["_charts"] = sorted(n for n in zf.namelist() if n.startswith("xl/charts/chart"))
    return out


@dataclass
class BookRun:
    recalculated: Path
    recalc: object
    audit: object
    report: object
    files: list


#: at most this many groups of problems are listed when a book does not recalculate
MAX_PROBLEM_GROUPS = 15


class RecalcFailed(Exception):
    """The book's recalculation found problems: ``report`` stops before writing anything.

    The message lists every problem grouped by sheet and message (capped at
    :data:`MAX_PROBLEM_GROUPS` groups), provinces named rather than coded."""

    def __init__(self, book, rc):
        self.book, self.rc = Path(book), rc
        super().__init__(recalc_problems(self.book, rc))


def _named(text: str) -> str:
    """``text`` with every six-digit province code followed by the province's name."""
    import re

    from .. import reference

    names = reference.provinces()["name_zh"].to_dict()
    names = {str(k): v for k, v in names.items()}
    return re.sub(r"\b(\d{6})\b", lambda m: f"{m.group(1)} {names[m.group(1)]}" if m.group(1) in names
                  else m.group(1), text)


def recalc_problems(book: Path, rc, limit: int = MAX_PROBLEM_GROUPS) -> str:
    """Every problem of a failed recalculation: error values grouped by (sheet, message) with
    their count and first cells, spill mismatches and cells left unevaluated."""
    groups: dict[tuple[str, str], list[str]] = {}
    for sheet, cell, text in rc.errors:
        groups.setdefault((sheet, _named(str(text))), []).append(cell)
    for m in rc.spill_mismatch:
        groups.setdefault((m.sheet, f"spill range {m.declared} in the file, {m.result} computed"), []).append(m.anchor)
    for sheet, cell in rc.unevaluated:
        groups.setdefault((sheet, "not evaluated (a circular reference?)"), []).append(cell)
    n = sum(len(v) for v in groups.values())
    lines = [f"{book.name} does not recalculate cleanly: {n} problem cell{'s' if n != 1 else ''} in "
             f"{len(groups)} group{'s' if len(groups) != 1 else ''}; nothing was written."]
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for (sheet, text), cells in ranked[:limit]:
        first = ", ".join(cells[:4]) + (", …" if len(cells) > 4 else "")
        lines.append(f"  {sheet}: {text} — {len(cells)} cell{'s' if len(cells) != 1 else ''} ({first})")
    if len(ranked) > limit:
        lines.append(f"  … and {len(ranked) - limit} more groups ({sum(len(c) for _k, c in ranked[limit:])} cells)")
    lines.append("Fill the inputs awaiting data (red cells) or fix the cells above, then run report again.")
    return "\n".join(lines)


def run_book(book, out, *, figures: bool = True, progress: Callable[[str], None] | None = None) -> BookRun:
    """Recalculate ``book`` into ``out``, audit it, run the pipeline on its inputs, write the
    tables as CSV and the figures as PNG. Never writes over ``book``. A recalculation with
    problems raises :class:`RecalcFailed` before the audit and the tables."""
    from .. import report_io

    say = progress or (lambda m: None)
    book, out = Path(book), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    recalculated = out / f"{book.stem}_recalc.xlsx"
    say(f"recalc {book.name} → {recalculated}")
    rc = recalc_book(book, recalculated, progress=say)
    if not rc.ok:
        raise RecalcFailed(book, rc)
    say("audit: recomputing every report cell with the Python pipeline")
    au = _audit.audit(recalculated)
    say("tables")
    inputs = read_inputs(recalculated)
    report = pipeline.run(inputs)
    report.warnings += [f"输入非观测值 input not data: {line}" for line in provenance.summary(inputs)]
    files = report_io.write_tables(report, out, xlsx=False)
    (out / "audit.json").write_text(json.dumps(au.to_json_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    files.append(out / "audit.json")
    if figures:
        say("figures")
        from .. import figures as _fig
        files += _fig.make_figures(report, out / "figures")
    files.append(recalculated)
    return BookRun(recalculated=recalculated, recalc=rc, audit=au, report=report, files=files)


def differences_from_builder(path, inputs=None) -> list[str]:
    """How the book at ``path`` differs in content from what the builder makes for ``inputs``
    (None: the empty template) in the book's own edition: formulas, input values, defined names, charts. Cached values
    and the cells of spill ranges are not content."""
    with tempfile.TemporaryDirectory() as tmp:
        expected_path = Path(tmp) / "expected.xlsx"
        manifest = builder.build(expected_path, inputs, edition=edition_of(path))
        expected = book_content(expected_path)
    got = book_content(path)
    diffs = []
    for key in ("_names", "_charts"):
        if got.get(key) != expected.get(key):
            diffs.append(f"{key} differ")
    for (sheet, cell), _ in manifest.formulas.items():
        if got.get(sheet, {}).get(cell) != expected[sheet].get(cell):
            diffs.append(f"{sheet}!{cell}: formula {got.get(sheet, {}).get(cell)!r} ≠ {expected[sheet].get(cell)!r}")
    for (sheet, cell), value in manifest.inputs.items():
        g = got.get(sheet, {}).get(cell)
        if not _same_input(g, value):
            diffs.append(f"{sheet}!{cell}: input {g!r} ≠ {value!r}")
    return diffs


def _same_input(got, want) -> bool:
    if want is None:
        return got is None
    if isinstance(want, float) and isinstance(got, (int, float)) and not isinstance(got, bool):
        return abs(got - want) <= 1e-12 * max(1.0, abs(want))
    return got == want
