"""The fast engine: read once, compile each shape once, evaluate in dependency order.

1. :func:`iiecon_xl.xlsx.book_cells.read_book` reads every sheet in one pass; constants
   go into one numpy grid per sheet (:mod:`.grid`).
2. Each formula is tokenized with its references relative to its cell
   (:mod:`.formula`); formulas of one shape — and Excel's shared formulas — share one
   parse and one compiled closure (:mod:`.compiler`). Add-in prefixes are dropped first
   (:func:`.bridge.bare_names`); a formula that cannot be read is ``#NAME?`` and listed.
3. :func:`.order.evaluation_order` sorts the formula nodes (cells, whole array ranges);
   each is evaluated once and its result, fitted to its range as ``formulas`` fits it
   (:func:`fit`), written into the grid for the formulas that read it.

The result (:class:`FastEvaluation`) is turned into a :class:`~.results.RecalcResult`
by :mod:`.fast_collect`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from formulas.functions import Array

from ..errors import IIEInputError
from ..xlsx.a1 import cell_name, parse_area
from ..xlsx.book_cells import BookCells, FormulaEntry, read_book
from .bridge import bare_names
from .compiler import Compiled, Compiler, Env
from .formula import FormulaSyntaxError, parse, tokenize
from .grid import ERRORS, Grids, Ref
from .order import evaluation_order
from .outside import Blocked

__all__ = ["FastEvaluation", "Node", "evaluate_fast", "fit"]


class Node(NamedTuple):
    """A formula cell, or the whole range of an array formula."""

    sheet: int
    row: int
    col: int
    shape: tuple[int, int]
    compiled: Compiled
    array: bool
    dynamic: bool


class FastEvaluation(NamedTuple):
    sheets: list[str]
    nodes: list[Node]
    results: dict[int, Any]                 # node → its raw result (unevaluated nodes absent)
    fitted: dict[int, np.ndarray]            # node → the values written into its range
    unparsed: list[tuple[str, str, str]]     # (sheet, cell, "=formula")
    shared: int                              # formula cells that reused a compiled shape


def _init_reshape(shape: tuple[int, int], value: np.ndarray):
    res = np.empty(shape, object)
    res[:, :] = ERRORS["#N/A"]
    r = None if value.shape[0] == 1 else value.shape[0]
    c = None if value.shape[1] == 1 else value.shape[1]
    if r is None and c is not None and shape[0] != 1:
        value, c = np.repeat(value[:, :shape[1]], shape[0], axis=0), min(shape[1], c)
    elif c is None and r is not None and shape[1] != 1:
        value, r = np.repeat(value[:shape[0]], shape[1], axis=1), min(shape[0], r)
    return res, r, c, value


def fit(value: Any, shape: tuple[int, int]) -> np.ndarray:
    """``value`` fitted to a range of ``shape`` exactly as ``formulas`` fits a cell's result.

    A plain array is reshaped when the sizes agree, else broadcast along a single row or
    column and padded with ``#N/A`` (``#VALUE!`` if that fails); a ``formulas`` ``Array``
    (a function's result) is cycled to fill the range when even that fails.
    """
    if isinstance(value, Ref):  # pragma: no cover - dereferenced before
        raise TypeError("fit a value, not a reference")
    if not isinstance(value, np.ndarray):
        if shape == (1, 1):
            out = np.empty((1, 1), object)
            out[0, 0] = value
            return out
        value = np.asarray([[value]], object)
    if value.ndim == 1:
        value = value.reshape(1, -1) if value.size != shape[0] * shape[1] else value
    try:
        return np.reshape(np.asarray(value, object), shape)
    except ValueError:
        res, r, c, val = _init_reshape(shape, value if value.ndim == 2 else value.reshape(1, -1))
        try:
            res[:r, :c] = val
        except ValueError:
            res[:, :] = np.resize(value, shape) if isinstance(value, Array) else ERRORS["#VALUE!"]
        return res


def _names(book: BookCells, blocked: frozenset[str] = frozenset()) -> dict[tuple[str, int | None], tuple]:
    """Defined names → syntax trees: workbook-level names, and sheet-scoped names that are
    unique (no workbook-level name, no other sheet), as if workbook-level. A name reaching
    outside the book (``blocked``) is left out: a formula using it gets ``#REF!``."""
    trees: dict[tuple[str, int | None], tuple] = {}
    globals_ = {dn.name.upper() for dn in book.names if dn.sheet is None}
    counts: dict[str, int] = {}
    for dn in book.names:
        if dn.sheet is not None:
            counts[dn.name.upper()] = counts.get(dn.name.upper(), 0) + 1
    for dn in book.names:
        name = dn.name.upper()
        local_ok = (dn.sheet is not None and name not in globals_ and counts[name] == 1
                    and not name.startswith("_XLNM.") and not dn.hidden)
        if (dn.sheet is not None and not local_ok) or name in blocked:
            continue
        try:
            trees[(name, None)] = parse(tokenize(bare_names("=" + dn.text)))
        except (FormulaSyntaxError, ValueError):
            continue
    return trees


class _Builder:
    """Compiles the formula cells of a book into nodes, one compilation per shape."""

    def __init__(self, grids: Grids, compiler: Compiler, blocked: frozenset[tuple[str, str]]):
        self.grids, self.compiler, self.blocked = grids, compiler, blocked
        self.shapes: dict[tuple, Compiled] = {}
        self.blocked_shared: set[tuple[int, str]] = set()
        self.masters: dict[tuple[int, str], tuple[str, int, int]] = {}
        self.unparsed: list[tuple[str, str, str]] = []
        self.shared = 0
        self.name_error = Compiled(lambda env, e=ERRORS["#NAME?"]: e, [])
        self.ref_error = Compiled(lambda env, e=ERRORS["#REF!"]: e, [])

    def node(self, s: int, f: FormulaEntry) -> Node:
        text, origin = f.text, (f.row, f.col)
        if f.shared is not None:
            if text:
                self.masters[(s, f.shared)] = (text, f.row, f.col)
            elif (s, f.shared) in self.masters:
                text, r0, c0 = self.masters[(s, f.shared)]
                origin = (r0, c0)
        shape = (1, 1)
        if f.array_ref:
            r1, c1, r2, c2 = parse_area(f.array_ref)
            shape = (r2 - r1 + 1, c2 - c1 + 1)
        if self._is_blocked(s, f):
            compiled = self.ref_error  # reaches outside the book: never read, never followed
        else:
            compiled = self._compiled(s, f, text, origin)
        return Node(s, f.row, f.col, shape, compiled, f.array_ref is not None, f.dynamic)

    def _is_blocked(self, s: int, f: FormulaEntry) -> bool:
        if not self.blocked:
            return False
        if f.shared is not None and (s, f.shared) in self.blocked_shared:
            return True
        if (self.grids.names[s], cell_name(f.row, f.col)) not in self.blocked:
            return False
        if f.shared is not None:
            self.blocked_shared.add((s, f.shared))
        return True

    def _compiled(self, s: int, f: FormulaEntry, text: str, origin: tuple[int, int]) -> Compiled:
        try:
            tokens = tokenize(bare_names("=" + text), origin)
        except (FormulaSyntaxError, ValueError):
            return self._unparsed(s, f, text)
        key = (s, tokens)
        got = self.shapes.get(key)
        if got is not None:
            self.shared += 1
            return got
        try:
            got = self.compiler.compile(parse(tokens), s)
        except (FormulaSyntaxError, ValueError):
            return self._unparsed(s, f, text)
        self.shapes[key] = got
        return got

    def _unparsed(self, s: int, f: FormulaEntry, text: str) -> Compiled:
        self.unparsed.append((self.grids.names[s], cell_name(f.row, f.col), "=" + text))
        return self.name_error


def _extents(book: BookCells) -> dict[str, tuple[int, int]]:
    out = {}
    for name, cells in book.sheets.items():
        nr, nc = 0, 0
        for f in cells.formulas:
            r2, c2 = (parse_area(f.array_ref)[2:] if f.array_ref else (f.row, f.col))
            nr, nc = max(nr, r2 + 1), max(nc, c2 + 1)
        out[name] = (nr, nc)
    return out


def _evaluate_node(grids: Grids, env: Env, node: Node) -> tuple[Any, np.ndarray]:
    env.row, env.col = node.row, node.col
    try:
        raw = node.compiled.fn(env)
    except Exception:  # noqa: BLE001 - one formula must not abort the book
        raw = ERRORS["#VALUE!"]
    if isinstance(raw, Ref):
        raw = grids.value(raw)
    fitted = fit(raw, node.shape)
    grids.store(node.sheet, node.row, node.col, fitted)
    return raw, fitted


def load_book(src: Path) -> BookCells:
    """Every cell of ``src`` (:func:`~iiecon_xl.xlsx.book_cells.read_book`); IIEInputError if unreadable."""
    try:
        return read_book(src)
    except Exception as e:  # noqa: BLE001 - a corrupt or unsupported file
        raise IIEInputError("BOOK", f"{src.name} cannot be loaded: {type(e).__name__}: {e}") from None


def formula_texts(book: BookCells) -> dict[str, dict[str, str]]:
    """{sheet: {cell: formula text}} of the formula cells that have a text (not shared children)."""
    return {name: {cell_name(f.row, f.col): f.text for f in cells.formulas if f.text}
            for name, cells in book.sheets.items()}


def evaluate_fast(book: BookCells, timings: dict[str, float], blocked: Blocked | None = None) -> FastEvaluation:
    """Evaluate every formula of ``book`` (:func:`load_book`); the cells and names of ``blocked``
    are ``#REF!`` (a shared formula whose master is blocked: every cell of it)."""
    t = time.perf_counter()
    grids = Grids(book, _extents(book))
    timings["load"] = timings.get("load", 0.0) + time.perf_counter() - t
    t = time.perf_counter()
    cells, names = (blocked.cells, blocked.names) if blocked else (frozenset(), frozenset())
    builder = _Builder(grids, Compiler(grids, {}), cells)
    builder.compiler.names = _names(book, names)
    nodes = [builder.node(s, f) for s, cells in enumerate(book.sheets.values()) for f in cells.formulas]
    rects = [(n.sheet, n.row, n.col, n.row + n.shape[0] - 1, n.col + n.shape[1] - 1) for n in nodes]
    reads = [Compiler.cell_refs(n.compiled, n.row, n.col) for n in nodes]
    order, _ = evaluation_order([g.shape for g in grids.grids], rects, reads)
    timings["compile"] = time.perf_counter() - t
    t = time.perf_counter()
    env, results, fitted = Env(), {}, {}
    for i in order:
        results[i], fitted[i] = _evaluate_node(grids, env, nodes[i])
    timings["calculate"] = time.perf_counter() - t
    return FastEvaluation(grids.names, nodes, results, fitted, builder.unparsed, builder.shared)
