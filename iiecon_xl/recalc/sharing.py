"""Formulas of one shape share one compiled function.

Compiling a formula costs ``formulas`` ~1–2 ms; a template repeats a few hundred shapes
thousands of times (``=B2-C2`` in D2, ``=B3-C3`` in D3 …). Two formulas have the same
shape when openpyxl's translator moves both to the same far-away cell with the same
result (:func:`shape_key`). The first of a shape is compiled by ``formulas``; the
others get its compiled function with their own input references
(:class:`SharedCell`), found by moving each reference token of the first formula by the
row/column offset (absolute parts stay). A shape is not shared (:func:`share_plan`
gives None) when its function depends on the cell it sits in (ROW(), COLUMN(), implicit
intersection) or when an input of the function cannot be traced to exactly one moved
reference; such formulas are compiled one by one, as usual. On the demo book 7195 of
7847 formulas are shared, with bit-identical results.

This module imports ``formulas``: the engine imports it only when a recalculation runs.
"""

from __future__ import annotations

import collections
import re
from typing import Any, NamedTuple

import schedula as sh
from formulas.cell import CELL, Cell, wrap_cell_func
from formulas.ranges import Ranges
from openpyxl.formula.translate import Translator

__all__ = ["SharePlan", "SharedCell", "share_plan", "shape_key"]

#: Where formulas are moved to compare their shapes (far from the data, inside the sheet).
_FAR_CELL = "LZZ500000"
#: A function call openpyxl's tokenizer and formulas read alike (not "A1:INDEX(", not LET …).
_PLAIN_FUNC = re.compile(r"^(?!(?:_xlfn\.)?(?:LET|LAMBDA|INDIRECT|OFFSET|ROW|COLUMN)\()[A-Za-z_][A-Za-z0-9_.]*\($",
                         re.IGNORECASE)


class SharePlan(NamedTuple):
    """How to rebind the compiled function of the first formula of a shape."""

    pipe: Any                                  # the compiled function (formulas' Parser output)
    inputs: list[tuple[str, list[int] | None]]  # input key, indexes of its reference tokens (None: kept)
    texts: list[str]                           # the reference tokens of the first formula
    row: int                                   # the first formula's cell (0-based)
    col: int


class _NoShare(Exception):
    pass


def shape_key(text: str, coordinate: str) -> tuple[str | None, list[str] | None]:
    """(the formula moved to a far cell, its reference tokens); (None, None): never shared."""
    try:
        tr = Translator(text, origin=coordinate)
        tokens = tr.get_tokens()
        if all(t.type != "FUNC" or t.subtype != "OPEN" or _PLAIN_FUNC.match(t.value) for t in tokens):
            texts = [t.value for t in tokens if t.type == "OPERAND" and t.subtype == "RANGE"]
            return tr.translate_formula(_FAR_CELL), texts
    except Exception:  # noqa: BLE001 - openpyxl cannot move it: compile alone
        pass
    return None, None


def share_plan(cell, texts, ctx, references, row, col) -> SharePlan | None:
    """How to rebind ``cell``'s compiled function to other cells of its shape (None: not)."""
    func = getattr(cell, "func", None)
    pipe = getattr(func, "func", None)
    if pipe is None or not hasattr(pipe, "inputs") or not hasattr(pipe, "dsp"):
        return None
    if CELL in pipe.dsp.nodes or any(isinstance(k, sh.Token) for k in pipe.inputs):
        return None  # depends on the cell it sits in (ROW(), @ …) or on the dispatcher
    names = []
    for t in texts or ():
        try:
            names.append(Ranges.get_range(t, ctx)["name"])
        except Exception:  # noqa: BLE001 - a defined name or something else
            names.append(None)
    if any(n is not None and n not in pipe.inputs for n in names):
        return None  # a reference the function does not take as an input (folded, …)
    inputs = []
    for k, r in pipe.inputs.items():
        if k in (references or {}) or not (isinstance(r, Ranges) and r.ranges):
            inputs.append((k, None))
            continue
        idx = [j for j, n in enumerate(names) if n == k]
        if not idx:
            return None
        inputs.append((k, idx))
    return SharePlan(pipe, inputs, list(texts or ()), row, col)


class SharedCell(Cell):
    """A formula cell running the compiled function of another cell of its shape."""

    @classmethod
    def build(cls, reference: str, ctx: dict, plan: SharePlan, row: int, col: int, references) -> SharedCell:
        """The cell ``reference`` (at 0-based ``row``, ``col``) sharing ``plan``'s function.

        Raises when a reference of the first formula cannot be moved to exactly one range.
        """
        own = cls._moved_inputs(ctx, plan, row - plan.row, col - plan.col)
        self = cls.__new__(cls)
        self.replace_missing_ref = True
        self.range = Ranges().push(reference, context=ctx)
        self.output = self.range.ranges[0]["name"]
        self.builder, self.value = None, sh.EMPTY
        self.own_inputs = own
        self.func = wrap_cell_func(plan.pipe, self._args)
        self._own_update_inputs(references or {})
        return self

    @staticmethod
    def _moved_inputs(ctx: dict, plan: SharePlan, dr: int, dc: int) -> collections.OrderedDict:
        own = collections.OrderedDict()
        for k, idx in plan.inputs:
            if idx is None:
                own[k] = plan.pipe.inputs[k]
                continue
            names = set()
            for j in idx:
                moved = Translator.translate_range(plan.texts[j], dr, dc)
                names.add(Ranges.get_range(moved, ctx)["name"])
            if len(names) != 1:
                raise _NoShare(f"{plan.texts[idx[0]]} and its twins move apart")
            own[k] = Ranges().push(names.pop(), context=ctx)
        return own

    def compile(self, references=None, context=None):
        return self

    def _own_update_inputs(self, references):
        self.inputs = inp = collections.OrderedDict()
        for k, rng in self.own_inputs.items():
            if k in references or rng is sh.NONE:
                inp.setdefault(k, []).append(k)
            else:
                try:
                    for r in rng.ranges:
                        inp.setdefault(r["name"], []).append(k)
                except AttributeError:
                    self._missing_ref(inp, k)

    def _args(self, *args):
        assert len(args) == len(self.inputs)
        inputs = {k: hasattr(r, "ranges") and Ranges(r.ranges) or r for k, r in self.own_inputs.items()}
        for links, v in zip(self.inputs.values(), args):
            for k in links:
                try:
                    inputs[k].values.update(v.values)
                except AttributeError:  # a reference
                    inputs[k] = v
        return inputs.values()
