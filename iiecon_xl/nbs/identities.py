"""The identities an NBS input-output table satisfies, checked sector by sector.

TI = TII + TVA, TII = column sums of Z, TI = GO, TVA = ΣVA, TIU = row sums of Z, the final-use
subtotals (THC, TC, GCF, TFU) and GO = TIU + TFU − IM (+ OTH). A file's numbers are often
rounded: each identity then allows half the rounding step per summed term on top of ``rtol``.
"""

from __future__ import annotations

import numpy as np

from .labels import COL_LABELS, VA_COMPONENTS
from .text import fmt


def quantum(values: np.ndarray) -> float:
    """The rounding step of the table's numbers (1, 0.1, …) or 0 when they are not rounded."""
    v = values[np.isfinite(values) & (values != 0)]
    if v.size == 0:
        return 0.0
    for q in (1.0, 0.1, 0.01, 0.001):
        if np.all(np.abs(v / q - np.round(v / q)) < 1e-6):
            return q
    return 0.0


class Checker:
    """Runs identities; ``checks``: identity → maximum relative deviation, ``violations``: messages
    naming the worst sectors (three per identity)."""

    def __init__(self, codes: list[str], names: list[str], rtol: float, q: float):
        self.codes, self.names, self.rtol, self.q = codes, names, rtol, q
        self.checks: dict[str, float] = {}
        self.violations: list[str] = []

    def sec(self, i) -> str:
        return f"sector {self.codes[i]} ({self.names[i]})"

    def check(self, name: str, lhs, rhs, terms: int, describe) -> None:
        lhs, rhs = np.asarray(lhs, float), np.asarray(rhs, float)
        dev = np.abs(lhs - rhs)
        scale = np.maximum(np.abs(lhs), np.abs(rhs))
        rel = np.where(scale > 0, dev / np.where(scale > 0, scale, 1), 0.0)
        self.checks[name] = float(rel.max()) if rel.size else 0.0
        bad = np.nonzero(dev > self.rtol * scale + self.q / 2 * terms + 1e-12)[0]
        if bad.size:
            worst = bad[np.argsort(-rel[bad])]
            for i in worst[:3]:
                self.violations.append(describe(i) + f" (difference {fmt(float(lhs[i] - rhs[i]))})")
            if bad.size > 3:
                self.violations.append(f"{name}: {bad.size - 3} more sector(s) break it")

    def subtotal(self, cols: dict, total: str, parts: list[str]) -> None:
        """Column ``total`` = the sum of the columns ``parts`` (when the file has them all)."""
        if total in cols and all(p in cols for p in parts):
            t, s = cols[total], sum(cols[p] for p in parts)
            self.check(f"{total} = {' + '.join(parts)}", t, s, len(parts),
                       lambda i: f"{total}: {self.sec(i)} {COL_LABELS[total]} {fmt(t[i])} ≠ {' + '.join(parts)} = "
                                 f"{fmt(s[i])}")


def _input_side(c: Checker, Z: np.ndarray, X: np.ndarray, rows: dict, cols: dict, notes: list[str]) -> None:
    """The identities of the columns: total input, intermediate input, value added."""
    sec, n = c.sec, len(c.codes)
    colsum = Z.sum(axis=0)
    if "TII" in rows and "TVA" in rows:
        tii, tva, ti = rows["TII"], rows["TVA"], X
        c.check("TI = TII + TVA", ti, tii + tva, 2,
                lambda i: f"TI: {sec(i)} total input {fmt(ti[i])} ≠ intermediate {fmt(tii[i])} + value added "
                          f"{fmt(tva[i])}")
    else:
        notes.append("identity TI = TII + TVA not checked (row missing)")
    if "TII" in rows:
        tii = rows["TII"]
        c.check("TII = column sums of Z", tii, colsum, n,
                lambda i: f"TII: {sec(i)} total intermediate input {fmt(tii[i])} ≠ column sum of the flows "
                          f"{fmt(colsum[i])}")
    if "GO" in cols and "TI" in rows:
        go, ti = cols["GO"], rows["TI"]
        c.check("TI = GO", ti, go, 1,
                lambda i: f"TI = GO: {sec(i)} total input {fmt(ti[i])} (row TI) ≠ gross output {fmt(go[i])} "
                          "(column GO)")
    if "TVA" in rows and all(k in rows for k in VA_COMPONENTS):
        tva, s = rows["TVA"], sum(rows[k] for k in VA_COMPONENTS)
        c.check("TVA = ΣVA", tva, s, 4,
                lambda i: f"TVA: {sec(i)} value added {fmt(tva[i])} ≠ VA001 + VA002 + VA003 + VA004 = {fmt(s[i])}")


def _use_side(c: Checker, Z: np.ndarray, cols: dict) -> None:
    """The identities of the rows: intermediate use, the final-use subtotals, gross output."""
    sec, n = c.sec, len(c.codes)
    rowsum = Z.sum(axis=1)
    if "TIU" in cols:
        tiu = cols["TIU"]
        c.check("TIU = row sums of Z", tiu, rowsum, n,
                lambda i: f"TIU: {sec(i)} total intermediate use {fmt(tiu[i])} ≠ row sum of the flows "
                          f"{fmt(rowsum[i])}")
    c.subtotal(cols, "THC", ["FU101", "FU102"])
    c.subtotal(cols, "TC", ["THC", "FU103"])
    c.subtotal(cols, "GCF", ["FU201", "FU202"])
    if "TFU" in cols:
        tc = ["TC"] if "TC" in cols else ["THC", "FU103"] if "THC" in cols and "FU103" in cols else None
        gcf = ["GCF"] if "GCF" in cols else ["FU201", "FU202"] if "FU201" in cols and "FU202" in cols else None
        if tc and gcf and "EX" in cols:
            c.subtotal(cols, "TFU", tc + gcf + ["EX"])
    if all(k in cols for k in ("GO", "TIU", "TFU")):
        go = cols["GO"]
        bal = cols["TIU"] + cols["TFU"] - cols.get("IM", 0.0) + cols.get("OTH", 0.0)
        lhs_name = "TIU + TFU" + (" − IM" if "IM" in cols else "") + (" + OTH" if "OTH" in cols else "")
        c.check(f"GO = {lhs_name}", go, bal, 4,
                lambda i: f"GO: {sec(i)} gross output {fmt(go[i])} ≠ {lhs_name} = {fmt(bal[i])}")


def check_identities(codes: list[str], names: list[str], Z: np.ndarray, X: np.ndarray, rows: dict, cols: dict,
                     *, rtol: float, q: float, notes: list[str]) -> tuple[dict[str, float], list[str]]:
    """(checks, violations) of the table's identities; an identity that cannot be checked is noted."""
    c = Checker(codes, names, rtol, q)
    _input_side(c, Z, X, rows, cols, notes)
    _use_side(c, Z, cols)
    return c.checks, c.violations
