"""The committed workbooks and the end-to-end run of a book.

- :func:`build_workbooks` writes ``iie_template.xlsx`` (input sheets empty) and
  ``iie_demo.xlsx`` (the demo inputs, recalculated so it opens with numbers) into the folder
  it is given (the CLI's ``-o``); the package never writes into its own tree.
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
from . import audit as _audit
from . import builder, recalc as _recalc
from .reader import read_inputs

#: Where a checkout keeps the committed books — only to *find* them (an installed wheel has none).
REPO_WORKBOOKS = Path(__file__).resolve().parents[2] / "workbooks"
TEMPLATE_NAME = "iie_template.xlsx"
DEMO_NAME = "iie_demo.xlsx"


def build_workbooks(folder, progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write the template and the (recalculated) demo book into ``folder``."""
    say = progress or (lambda m: None)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    say(f"building {TEMPLATE_NAME}")
    builder.build(folder / TEMPLATE_NAME)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / DEMO_NAME
        say(f"building {DEMO_NAME}")
        builder.build(raw, demo.load_demo())
        say(f"recalculating {DEMO_NAME} (headless)")
        res = _recalc.recalc(raw, folder / DEMO_NAME)
        if not res.ok:
            raise RuntimeError("the demo book does not recalculate cleanly:\n" + res.summary())
    return [folder / TEMPLATE_NAME, folder / DEMO_NAME]


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


def run_book(book, out, *, figures: bool = True, progress: Callable[[str], None] | None = None) -> BookRun:
    """Recalculate ``book`` into ``out``, audit it, run the pipeline on its inputs, write the
    tables as CSV and the figures as PNG. Never writes over ``book``."""
    from .. import report_io

    say = progress or (lambda m: None)
    book, out = Path(book), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    recalculated = out / f"{book.stem}_recalc.xlsx"
    say(f"recalc {book.name} → {recalculated}")
    rc = _recalc.recalc(book, recalculated)
    say("audit: recomputing every report cell with the Python pipeline")
    au = _audit.audit(recalculated)
    say("tables")
    report = pipeline.run(read_inputs(recalculated))
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
    (None: the empty template): formulas, input values, defined names, charts. Cached values
    and the cells of spill ranges are not content."""
    with tempfile.TemporaryDirectory() as tmp:
        expected_path = Path(tmp) / "expected.xlsx"
        manifest = builder.build(expected_path, inputs)
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
