"""§1 of the audit: every cell of every sheet the layout knows, accounted for.

For each sheet of the expected book: each formula cell holds the layout's formula (add-in
prefixes and spacing aside) and no error value, and its cached value equals the
recomputation (:mod:`.expected`) where there is one; each cell of a spill range likewise;
each label, unit text and header equals the layout's; each input cell holds no formula;
every cell the layout leaves empty is empty.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ... import udfs
from ...xlsx import a1
from ...xlsx.errors import is_error_value
from ...xlsx.formula_text import strip_addin_prefixes
from .expected import compare

_PREFIX = re.compile(r"_xl(?:fn|udf|ws)\.", re.I)
_SPACE = re.compile(r"\s+")


def norm_formula(text: str | None) -> str | None:
    """A formula as compared: add-in and future-function prefixes dropped, no spaces, upper case."""
    if not isinstance(text, str) or not text.startswith("="):
        return None
    return _SPACE.sub("", _PREFIX.sub("", strip_addin_prefixes(text, udfs.FUNCTIONS))).upper()


def by_sheet(items) -> dict:
    out: dict = defaultdict(dict)
    for (sheet, cell), v in items:
        out[sheet][cell] = v
    return out


def spill_members(manifest) -> dict:
    """sheet → {cell of a spill range but its anchor: anchor}."""
    out: dict = defaultdict(dict)
    for (sheet, anchor), rng in manifest.spills.items():
        r1, c1, r2, c2 = a1.parse_area(rng)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cell = a1.cell_name(r, c)
                if cell != anchor:
                    out[sheet][cell] = anchor
    return out


def all_checks(manifest) -> list[tuple[str, str, str]]:
    """(sheet, cell, description) of every check of the book: the manifest's, and every other
    formula of the Checks sheet's result column (the parameter checks below the identities),
    described by the label beside it."""
    from ..layout.checks import ChecksSheet

    out = list(manifest.checks)
    seen = {(s, c) for s, c, _ in out}
    result_col = a1.col_name(ChecksSheet.COLS["result"])
    text_col = a1.col_name(ChecksSheet.COLS["text"])
    for (sheet, cell), _f in manifest.formulas.items():
        if sheet == ChecksSheet.name and (sheet, cell) not in seen and cell.rstrip("0123456789") == result_col:
            label = manifest.cells.get((sheet, text_col + cell[len(result_col):]))
            out.append((sheet, cell, str(label or f"check {cell}")))
    return out


def without_expectation(manifest, expected: dict) -> list[tuple[str, str]]:
    """(sheet, cell) of every formula cell and spill cell the audit has no recomputed value for
    (only its formula text and error values are checked); the checks are judged as checks."""
    checks = {(s, c) for s, c, _ in all_checks(manifest)}
    cells = [k for k in manifest.formulas if k not in expected and k not in checks]
    cells += [(s, c) for s, members in spill_members(manifest).items() for c in members
              if (s, c) not in expected]
    return cells


class CellAudit:
    """The cell checks of one audit (``run`` once per sheet)."""

    def __init__(self, result, manifest, expected: dict):
        self.r = result
        self.expected = expected
        self.m = manifest
        self.formulas = by_sheet(manifest.formulas.items())
        self.spills = spill_members(manifest)
        self.checks = {(s, c) for s, c, _ in all_checks(manifest)}
        # the other constants are looked up in the manifest itself (only their keys listed by
        # sheet), the inputs (a million cells at n = 999) read sheet by sheet from it
        self.keys: dict = defaultdict(list)
        for key in manifest.cells:
            self.keys[key[0]].append(key)

    def run(self, sheet: str, cells: dict) -> None:
        formulas, spills = self.formulas.get(sheet, {}), self.spills.get(sheet, {})
        m = self.m
        for cell, formula in formulas.items():
            self._formula(sheet, cell, formula, cells.get(cell))
        for cell in spills:
            self._spilled(sheet, cell, cells.get(cell))
        for key in self.keys.get(sheet, ()):
            if key[1] not in formulas and key[1] not in spills:
                self._constant(sheet, key[1], m.cells[key], cells.get(key[1]))
        inputs = m.inputs.items_of(sheet) if hasattr(m.inputs, "items_of") else (
            (c, v) for (s, c), v in m.inputs.items() if s == sheet)
        for cell, value in inputs:
            got = cells.get(cell)
            if (sheet, cell) not in m.cells and cell not in formulas and cell not in spills:
                self._constant(sheet, cell, None if value == "" else value, got)   # the value read back
            if got is not None and got.formula is not None:
                self.r.add("input-formula", sheet, cell, "a formula in an input cell", expected="a value",
                           found=got.formula)
        for cell, got in cells.items():
            if cell in formulas or cell in spills or (sheet, cell) in m.inputs or (sheet, cell) in m.cells:
                continue
            self.r.cells += 1
            self.r.add("unexpected", sheet, cell, "the layout leaves this cell empty",
                       found=got.formula if got.formula is not None else got.value)

    def _formula(self, sheet: str, cell: str, formula: str, got) -> None:
        self.r.formulas += 1
        if got is None or got.formula is None:
            what = "empty cell" if got is None else "value typed"
            self.r.add("hard-typed", sheet, cell, f"{what} where the layout has a formula", expected=formula,
                       found=None if got is None else got.value)
            return
        if got.formula != formula and norm_formula(got.formula) != norm_formula(formula):
            self.r.add("formula-changed", sheet, cell, "formula differs from the layout", expected=formula,
                       found=got.formula)
            if is_error_value(got.value):
                self.r.add("error", sheet, cell, f"error value {got.value}", found=got.value)
            return
        self._value(sheet, cell, got.value)

    def _spilled(self, sheet: str, cell: str, got) -> None:
        self.r.cells += 1
        if got is not None and got.formula is not None:
            self.r.add("formula-changed", sheet, cell, "a formula inside a spill range", found=got.formula)
            return
        self._value(sheet, cell, None if got is None else got.value)

    def _value(self, sheet: str, cell: str, value) -> None:
        if is_error_value(value):
            self.r.add("error", sheet, cell, f"error value {value}", found=value)
            return
        if (sheet, cell) in self.checks:
            return  # judged by the check step
        exp = self.expected.get((sheet, cell))
        if exp is None:
            return
        self.r.compared += 1
        problem = compare(exp[0], value)
        if problem:
            kind = "not-calculated" if value is None and problem == "no saved value" else "differs"
            self.r.add(kind, sheet, cell, f"{exp[1]}: {problem}", expected=exp[0], found=value)

    def _constant(self, sheet: str, cell: str, value, got) -> None:
        self.r.cells += 1
        if got is None and value is None or (got is not None and got.formula is None
                                             and type(got.value) is type(value) and got.value == value):
            return  # the layout's constant, as written (the common case, decided without compare)
        found = None if got is None else (got.formula if got.formula is not None else got.value)
        if value is None:
            if found is not None and found != "":
                self.r.add("unexpected", sheet, cell, "the layout leaves this cell empty", found=found)
        elif found is None:
            self.r.add("missing", sheet, cell, "empty where the layout has a label", expected=value)
        elif compare(value, found) is not None or (got.formula is not None):
            kind = "label" if isinstance(value, str) else "differs"
            self.r.add(kind, sheet, cell, "differs from the layout's label" if kind == "label"
                       else "differs from the layout's value", expected=value, found=found)
