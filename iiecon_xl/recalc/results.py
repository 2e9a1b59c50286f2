"""What a headless recalculation reports: :class:`RecalcResult` and :class:`SpillMismatch`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["RecalcResult", "SpillMismatch"]

_TIMINGS = ("load", "compile", "calculate", "collect", "write", "total")


class SpillMismatch(NamedTuple):
    """An array formula whose result does not have the shape its range declares."""

    sheet: str
    anchor: str                  # "B7"
    declared: tuple[int, int]    # (rows, columns) of the range in the file
    result: tuple[int, int]      # (rows, columns) of the computed result


def _qualified(sheet: str, cell: str) -> str:
    return f"'{sheet}'!{cell}" if not sheet.isalnum() else f"{sheet}!{cell}"


@dataclass
class RecalcResult:
    """What :func:`iiecon_xl.recalc.recalc` computed and wrote.

    ``values``: {(sheet, "B7"): value} for every formula cell and every cell of each
    array (spill) range — ``float`` for numbers, ``str`` for text, ``bool``, an Excel
    error as its text (an :class:`~iiecon_xl.xlsx.errors.ExcelError`, a ``str``
    subclass: ``"#VALUE!"``), ``None`` for a blank cell of a spill range.
    ``messages``: {(sheet, cell): "#IIE! argument: problem"} for the cells showing an
    iiecon-xl input message. ``errors``: [(sheet, cell, text)] for every error value and
    every message among the results, in sheet order. ``spill_mismatch``: array formulas
    whose result shape differs from the declared range. ``timings``: seconds for
    "load", "compile", "calculate", "collect", "write" and "total".
    ``unparsed``: [(sheet, cell, formula)] for formulas the engine cannot parse (they
    evaluate to ``#NAME?``); ``unevaluated``: formula cells that got no value (none
    expected; no cached value is written for them). ``external``: every reach outside the
    book (:class:`~iiecon_xl.xlsx.external.ExternalRef`: sheet, cell, target, kind), never
    followed — its cells show ``#REF!`` (:mod:`.outside`).
    """

    book: Path
    out: Path
    values: dict[tuple[str, str], Any] = field(default_factory=dict)
    messages: dict[tuple[str, str], str] = field(default_factory=dict)
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    spill_mismatch: list[SpillMismatch] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    formula_cells: int = 0
    unevaluated: list[tuple[str, str]] = field(default_factory=list)
    unparsed: list[tuple[str, str, str]] = field(default_factory=list)
    shared_formulas: int = 0
    external: list = field(default_factory=list)

    def _external_lines(self) -> list[str]:
        from .outside import describe

        if not self.external:
            return []
        n = len(self.external)
        return [f"{n} reach{'es' if n != 1 else ''} outside the book, never followed:"] + \
            [describe(r) for r in self.external]

    @property
    def ok(self) -> bool:
        """No error value, no message, no spill mismatch."""
        return not (self.errors or self.spill_mismatch or self.unevaluated)

    def summary(self, max_errors: int = 50) -> str:
        """A few lines for the command line."""
        spills = sum(1 for (s, c) in self.values) - self.formula_cells
        lines = [f"{self.formula_cells} formula cells evaluated"
                 + (f" (+{spills} spilled cells)" if spills > 0 else "")
                 + f"; written to {self.out}"]
        lines += self._error_lines(max_errors)
        lines += self._external_lines()
        for m in self.spill_mismatch:
            lines.append(f"spill mismatch {_qualified(m.sheet, m.anchor)}: the file declares "
                         f"{m.declared[0]}×{m.declared[1]}, the result is {m.result[0]}×{m.result[1]}")
        for sheet, cell, formula in self.unparsed:
            lines.append(f"formula not understood by the engine (#NAME?): {_qualified(sheet, cell)}: {formula}")
        for sheet, cell in self.unevaluated:
            lines.append(f"not evaluated — a circular reference? (no cached value written): "
                         f"{_qualified(sheet, cell)}")
        t = self.timings
        lines.append("timings: " + ", ".join(f"{k} {t[k]:.2f}s" for k in _TIMINGS if k in t))
        return "\n".join(lines)

    def _error_lines(self, max_errors: int) -> list[str]:
        if not self.errors:
            return ["no error values"]
        lines = [f"{len(self.errors)} error value{'s' if len(self.errors) != 1 else ''}:"]
        for sheet, cell, text in self.errors[:max_errors]:
            lines.append(f"  {_qualified(sheet, cell)}: {text}")
        if len(self.errors) > max_errors:
            lines.append(f"  … and {len(self.errors) - max_errors} more")
        return lines
