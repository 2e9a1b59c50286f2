"""Audit a workbook against an independent recomputation.

``audit(book)`` reads the book's input sheets, runs the Python pipeline on them, rebuilds
the template's layout for the same dimensions, and compares the book cell by cell:

- ``hard-typed``: a number or text typed where the template has a formula;
- ``formula-changed``: a formula that differs from the template's;
- ``error``: an error value (``#VALUE!``, ``#REF!`` …, or an ``#IIE!`` message) in a formula cell;
- ``check-failed``: a check on the Checks sheet that does not read OK;
- ``differs``: a report cell whose saved value differs from the recomputation (relative 1e-9);
- ``not-calculated``: a report cell with no saved value (the book was never calculated);
- ``input``: inputs the pipeline rejects (the message names the cell or argument).
"""

from __future__ import annotations

import math
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.worksheet.formula import ArrayFormula

from .. import pipeline, udfs
from ..errors import IIEInputError
from ..xlsx import a1
from ..xlsx.errors import is_error_value
from ..xlsx.formula_text import strip_addin_prefixes
from . import builder
from .reader import inputs_from_workbook

_PREFIX = re.compile(r"_xl(fn|udf|ws)\.", re.I)
RTOL = 1e-9


@dataclass
class Finding:
    kind: str
    sheet: str
    cell: str
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

    @property
    def ok(self) -> bool:
        return not self.findings

    def counts(self) -> dict:
        out: dict = {}
        for f in self.findings:
            out[f.kind] = out.get(f.kind, 0) + 1
        return out

    def to_json_dict(self) -> dict:
        return {"book": self.book, "ok": self.ok, "compared": self.compared, "formulas": self.formulas,
                "checks": self.checks, "counts": self.counts(),
                "findings": [{k: _plain(v) for k, v in asdict(f).items()} for f in self.findings]}

    def text(self, limit: int = 50) -> str:
        head = (f"audit {self.book}: {self.compared} report cells compared, {self.formulas} formula cells and "
                f"{self.checks} checks inspected — ")
        if self.ok:
            return head + "no finding"
        lines = [head + ", ".join(f"{n} {k}" for k, n in self.counts().items())]
        for f in self.findings[:limit]:
            extra = ""
            if f.expected is not None or f.found is not None:
                extra = f" (expected {_show(f.expected)}, found {_show(f.found)})"
            lines.append(f"  [{f.kind}] {f.sheet}!{f.cell}: {f.message}{extra}")
        if len(self.findings) > limit:
            lines.append(f"  … {len(self.findings) - limit} more (use --json for all)")
        return "\n".join(lines)


def _plain(v):
    if isinstance(v, (np.floating, float)):
        return None if not math.isfinite(float(v)) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


def _show(v) -> str:
    if isinstance(v, float):
        return f"{v:.10g}"
    return repr(v)


def _norm_formula(v) -> str | None:
    if isinstance(v, ArrayFormula):
        v = v.text
    if not isinstance(v, str) or not v.startswith("="):
        return None
    return re.sub(r"\s+", "", _PREFIX.sub("", strip_addin_prefixes(v, udfs.FUNCTIONS))).upper()


def _is_error(v) -> bool:
    return is_error_value(v)


def audit(book) -> AuditResult:
    """Audit ``book`` (see the module docstring); never writes to it."""
    path = Path(book)
    result = AuditResult(book=str(path))
    if not path.exists():
        raise IIEInputError("BOOK", f"{path} does not exist")
    try:
        wb_f = openpyxl.load_workbook(path, data_only=False)
        wb_v = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise IIEInputError("BOOK", f"cannot open {path.name} as an .xlsx workbook ({exc})") from None
    try:
        inputs = inputs_from_workbook(wb_f)
        report = pipeline.run(inputs)
    except IIEInputError as e:
        result.findings.append(Finding("input", "", "", str(e)))
        return result
    with tempfile.TemporaryDirectory() as tmp:
        manifest = builder.build(Path(tmp) / "expected.xlsx", inputs)
    _audit_formulas(result, manifest, wb_f, wb_v)
    _audit_checks(result, manifest, wb_v)
    _audit_report(result, manifest, report, wb_v)
    return result


def _audit_formulas(result: AuditResult, manifest, wb_f, wb_v) -> None:
    """Formula cells: still formulas, the template's formula, no error value (spill cells too)."""
    for (sheet, cell), formula in manifest.formulas.items():
        result.formulas += 1
        if sheet not in wb_f.sheetnames:
            result.findings.append(Finding("missing-sheet", sheet, cell, "sheet not found"))
            continue
        got = wb_f[sheet][cell].value
        got_f = _norm_formula(got)
        if got_f is None:
            if got is None:
                result.findings.append(Finding("hard-typed", sheet, cell, "empty cell where the template has a formula",
                                               expected=formula))
            else:
                result.findings.append(Finding("hard-typed", sheet, cell,
                                               "value typed where the template has a formula", expected=formula,
                                               found=got))
        elif got_f != _norm_formula(formula):
            result.findings.append(Finding("formula-changed", sheet, cell, "formula differs from the template",
                                           expected=formula, found=got.text if isinstance(got, ArrayFormula) else got))
        value = wb_v[sheet][cell].value
        if _is_error(value):
            result.findings.append(Finding("error", sheet, cell, f"error value {value}"))
    for sheet, cell in spill_cells(manifest):
        value = wb_v[sheet][cell].value
        if _is_error(value):
            result.findings.append(Finding("error", sheet, cell, f"error value {value}"))


def _audit_checks(result: AuditResult, manifest, wb_v) -> None:
    for sheet, cell, text in manifest.checks:
        result.checks += 1
        value = wb_v[sheet][cell].value
        if value != "OK":
            result.findings.append(Finding("check-failed", sheet, cell, text, expected="OK", found=value))


def _audit_report(result: AuditResult, manifest, report, wb_v) -> None:
    """Report cells against the recomputation."""
    index = {name: _row_index(t.frame) for name, t in report.tables.items()}
    for e in manifest.expect:
        frame = report.tables[e.table].frame
        row = index[e.table].get(tuple(v for _, v in e.key))
        if row is None:
            result.findings.append(Finding("differs", e.sheet, e.cell, f"no {e.table} row for {dict(e.key)}"))
            continue
        expected = frame.at[row, e.column]
        found = wb_v[e.sheet][e.cell].value
        result.compared += 1
        problem = _compare(expected, found)
        if problem:
            kind = "not-calculated" if found is None and problem != "blank expected" else "differs"
            if _is_error(found):
                continue  # already reported as an error value
            result.findings.append(Finding(kind, e.sheet, e.cell, f"{e.table}.{e.column} {dict(e.key)}: {problem}",
                                           expected=_plain(expected), found=found))


def spill_cells(manifest) -> list[tuple[str, str]]:
    """(sheet, cell) of every cell of the manifest's spill ranges but their anchors."""
    out = []
    for (sheet, anchor), rng in manifest.spills.items():
        r1, c1, r2, c2 = a1.parse_area(rng)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cell = a1.cell_name(r, c)
                if cell != anchor:
                    out.append((sheet, cell))
    return out



def _row_index(frame: pd.DataFrame) -> dict:
    """Row lookup by key tuple for every key shape the manifest uses."""
    keys = {}
    for cols in (("code",), ("section", "year"), ("year",), ("industry", "year"), ("province_code", "year"),
                 ("region", "year"), ("city",), ("tier",), ("top_n",), ("parameter",)):
        if all(c in frame.columns for c in cols):
            for i, vals in enumerate(frame[list(cols)].itertuples(index=False, name=None)):
                keys.setdefault(tuple(_plain(v) for v in vals), frame.index[i])
    return keys


def _compare(expected, found) -> str | None:
    if isinstance(expected, (bool, np.bool_)):
        expected = float(expected)
    if isinstance(expected, str):
        if found is None and expected == "":
            return None
        return None if str(found) == expected else "text differs"
    try:
        exp = float(expected)
    except (TypeError, ValueError):
        return None if found == expected else "differs"
    if not math.isfinite(exp):
        return None if found is None or isinstance(found, str) else "blank expected"
    if found is None:
        return "no saved value"
    if isinstance(found, bool) or not isinstance(found, (int, float)):
        return f"not a number ({found!r})"
    if abs(found - exp) <= RTOL * max(abs(exp), abs(found)) + 1e-12:
        return None
    return f"relative difference {abs(found - exp) / max(abs(exp), 1e-300):.3g}"
