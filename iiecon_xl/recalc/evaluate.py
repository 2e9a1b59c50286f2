"""Load, compile and calculate one book with ``formulas``; keep what the report needs.

``formulas`` keys cells by file name and upper-cases book and sheet names
(``"'[BOOK.XLSX]CALC'!A1:B5"``). The book is copied to a private file with a plain,
stable name (a snapshot that cannot change under us); keys are mapped back to the real
sheet names. The raw result of every array formula is recorded before ``formulas``
fits it to the declared range, so that a shape mismatch can be reported and a dynamic
array filled as Excel shows it.

This module imports ``formulas``: the engine imports it only when a recalculation runs.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import IIEInputError
from ..xlsx.a1 import cell_name
from ..xlsx.ooxml import FormulaCell
from .bridge import register_functions
from .model import FastExcelModel, quiet

__all__ = ["Evaluation", "FormulaNode", "evaluate"]


class FormulaNode(NamedTuple):
    """A formula cell of the book as ``formulas`` holds it."""

    sheet: str   # the real sheet name
    range: dict  # formulas' parsed range (1-based "r1", "n1", "r2", "n2")
    cell: Any    # formulas' Cell


class Evaluation(NamedTuple):
    """What one calculation produced."""

    cells: dict[str, FormulaNode]                   # formulas key → formula cell
    arrays: dict[str, tuple[str, str, FormulaCell]]  # key → (sheet, anchor, XML cell) of array formulas
    raw: dict[str, Any]                            # key → raw result of an array formula
    solution: Any                                  # formulas' solution: key → fitted result
    unparsed: list[tuple[str, str, str, str]]      # from the model, sheet names upper-cased
    shared: int                                    # formula cells sharing a compiled shape


def _load(work: Path, src: Path, fast: bool, timings: dict[str, float]) -> FastExcelModel:
    with quiet():
        t = time.perf_counter()
        try:
            model = FastExcelModel(fast=fast).loads(str(work))
        except Exception as e:  # noqa: BLE001 - a corrupt or unsupported file
            raise IIEInputError("BOOK", f"{src.name} cannot be loaded: {type(e).__name__}: {e}") from None
        timings["load"] = time.perf_counter() - t
        t = time.perf_counter()
        if fast:
            model.add_constant_blocks()
        model.finish()
        timings["compile"] = time.perf_counter() - t
    return model


def _formula_nodes(model, book_key: str, real_sheet: dict[str, str]) -> dict[str, FormulaNode]:
    """Formula cells (not defined names, not constants) of this book, by real sheet."""
    out: dict[str, FormulaNode] = {}
    for c in model.cells.values():
        if c.func is None or c.range is None or type(c).__name__ == "Ref":
            continue
        rng = c.range.ranges[0]
        if str(rng.get("filename", "")).upper() != book_key:
            continue
        sheet = real_sheet.get(str(rng.get("sheet", "")).upper())
        if sheet is None:
            continue
        out[c.output] = FormulaNode(sheet, rng, c)
    return out


def _record(store: dict, key: str, value: Any) -> Any:
    """Function-node filter: keep the raw result of an array formula, pass it on."""
    store[key] = value
    return value


def _record_arrays(model, nodes: dict[str, FormulaNode], declared, raw: dict) -> dict:
    """Array formulas: {key: (sheet, anchor, XML cell)}; their raw results go to ``raw``."""
    arrays: dict[str, tuple[str, str, FormulaCell]] = {}
    for key, (sheet, rng, cell) in nodes.items():
        anchor = cell_name(int(rng["r1"]) - 1, int(rng["n1"]) - 1)
        info = declared.get(sheet, {}).get(anchor)
        if info is None or info.array_ref is None:
            continue
        arrays[key] = (sheet, anchor, info)
        for fid in model.dsp.dmap.pred.get(key, ()):
            node = model.dsp.nodes.get(fid, {})
            if node.get("type") != "function" or node.get("function") is not cell.func:
                continue
            node.setdefault("filters", []).append(functools.partial(_record, raw, key))
    return arrays


def evaluate(src: Path, sheets: list[str], declared: dict[str, dict[str, FormulaCell]], fast: bool,
             timings: dict[str, float]) -> Evaluation:
    """Calculate the book ``src`` (its ``sheets`` in order, ``declared`` formula cells)."""
    register_functions()
    real_sheet = {name.upper(): name for name in sheets}
    with tempfile.TemporaryDirectory(prefix="iiecon-recalc-") as tmp:
        work = Path(tmp) / f"book{src.suffix.lower()}"
        shutil.copyfile(src, work)
        model = _load(work, src, fast, timings)
        nodes = _formula_nodes(model, work.name.upper(), real_sheet)
        raw: dict[str, Any] = {}
        arrays = _record_arrays(model, nodes, declared, raw)
        t = time.perf_counter()
        solution = model.calculate()
        timings["calculate"] = time.perf_counter() - t
    return Evaluation(nodes, arrays, raw, solution, getattr(model, "unparsed", []), getattr(model, "shared", 0))
