"""What the audit found: :class:`Finding` (kind, sheet, where, expected, found) and
:class:`AuditResult` (the findings, counts, the human text grouped by kind and sheet, JSON).

Kinds, by what a person does about them:

- cells: ``hard-typed`` (a constant where the layout has a formula), ``formula-changed``,
  ``error`` (an error value or an ``#IIE!`` message), ``differs`` (a cached value that is not
  the recomputation), ``not-calculated`` (no cached value), ``label`` (a label or unit text
  changed), ``unexpected`` (something in a cell the layout leaves empty), ``missing`` (an empty
  cell where the layout has a label or value), ``check-failed``;
- inputs: ``input`` (inputs the pipeline rejects), ``input-formula`` (a formula in an input cell),
  ``out-of-range`` (a parameter outside its allowed values);
- structure: ``name`` (a defined name missing, extra or redirected), ``chart``, ``hidden``,
  ``format`` (conditional format or data validation), ``missing-sheet``, ``extra-sheet``,
  ``sheet-order``, ``layout-version``, ``part`` (a missing or unreadable part), ``print`` (a
  printed sheet's orientation, paper, fit to pages or repeated header rows changed);
- outside reach: ``external-link``, ``dde``, ``function`` (a function outside the book's
  allowed set: WEBSERVICE, FILTERXML, HYPERLINK …), ``vba``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

import numpy as np

#: how many findings of one kind on one sheet the text shows before summing up the rest
PER_GROUP = 5


@dataclass
class Finding:
    kind: str
    sheet: str
    cell: str            # a cell, or "name NAME", "chart 2", a part name
    message: str
    expected: object = None
    found: object = None


@dataclass
class AuditResult:
    book: str
    findings: list[Finding] = field(default_factory=list)
    compared: int = 0
    formulas: int = 0
    checks: int = 0
    cells: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def add(self, kind: str, sheet: str, cell: str, message: str, expected=None, found=None) -> None:
        self.findings.append(Finding(kind, sheet, cell, message, plain(expected), plain(found)))

    def counts(self) -> dict:
        return dict(Counter(f.kind for f in self.findings))

    def to_json_dict(self) -> dict:
        return {"book": self.book, "ok": self.ok, "compared": self.compared, "formulas": self.formulas,
                "checks": self.checks, "cells": self.cells, "counts": self.counts(), "notes": list(self.notes),
                "findings": [{k: plain(v) for k, v in asdict(f).items()} for f in self.findings]}

    def text(self, limit: int = 50) -> str:
        """Headline, then the findings grouped by kind and sheet, at most :data:`PER_GROUP` of
        each group and ``limit`` lines in all."""
        head = (f"audit {self.book}: {self.compared} cells compared with the recomputation, {self.formulas} "
                f"formula cells, {self.cells} cells and {self.checks} checks inspected — ")
        lines = [f"  note: {n}" for n in self.notes]
        if self.ok:
            return "\n".join([head + "no finding"] + lines)
        lines.insert(0, head + ", ".join(f"{n} {k}" for k, n in self.counts().items()))
        groups: dict = defaultdict(list)
        for f in self.findings:
            groups[(f.kind, f.sheet)].append(f)
        shown = 0
        for (kind, sheet), fs in groups.items():
            if shown >= limit:
                lines.append(f"  … more findings (use --json for all {len(self.findings)})")
                break
            lines.append(f"[{kind}] {sheet or 'book'}: {len(fs)}")
            for f in fs[:PER_GROUP]:
                lines.append("    " + _line(f))
                shown += 1
            if len(fs) > PER_GROUP:
                lines.append(f"    … {len(fs) - PER_GROUP} more like these")
        return "\n".join(lines)


def _line(f: Finding) -> str:
    extra = ""
    if f.expected is not None or f.found is not None:
        extra = f" (expected {_show(f.expected)}, found {_show(f.found)})"
    return f"{f.cell}: {f.message}{extra}" if f.cell else f"{f.message}{extra}"


def plain(v):
    """A JSON-ready value: numpy scalars as Python numbers, NaN/inf as None."""
    if isinstance(v, (np.floating, float)):
        return None if not math.isfinite(float(v)) else float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def _show(v) -> str:
    if isinstance(v, float):
        return f"{v:.10g}"
    text = repr(v)
    return text if len(text) <= 120 else text[:117] + "…"
