"""From a located table (:class:`~.results.RawTable`, either layout) to an :class:`ImportedIO`:
cells read as numbers, totals chosen, identities checked, sectors mapped to sections, the unit
settled. Every note is kept in the order a reader meets it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import units
from ..errors import IIEInputError
from ..inputs import IOTable
from .identities import check_identities, quantum
from .labels import COL_LABELS, ROW_LABELS, VA_COMPONENTS
from .results import ImportedIO, RawTable
from .sector_map import sections_for
from .text import ARG, norm, parse_number, text


class _Reader:
    """Reads cells as numbers (blank and dashes = 0), counting dashes and numbers stored as text."""

    def __init__(self, codes: list[str], names: list[str]):
        self.codes, self.names, self.counts = codes, names, {}

    def label_row(self, i) -> str:
        return f"row {self.codes[i]} ({self.names[i]})"

    def matrix(self, cells, where, what: str) -> np.ndarray:
        n = len(self.codes)
        out = np.zeros((n, n))
        for i, row in enumerate(cells):
            for j, v in enumerate(row):
                f = parse_number(v, missing=0.0, counts=self.counts)
                if f is None:
                    raise IIEInputError(ARG, f"{what}{self.label_row(i)}, column {self.codes[j]}: {text(v)!r} is "
                                             f"not a number ({where(i, j)})")
                out[i, j] = f
        return out

    def vector(self, cells, where, msg) -> np.ndarray:
        out = np.zeros(len(self.codes))
        for k, v in enumerate(cells):
            f = parse_number(v, missing=0.0, counts=self.counts)
            if f is None:
                raise IIEInputError(ARG, f"{msg(k)}: {text(v)!r} is not a number ({where(k)})")
            out[k] = f
        return out


def _numbers(raw: RawTable, rd: _Reader, notes: list[str]):
    """(Z, {row key: vector}, {column key: vector}, imported Z or None) of the table."""
    codes = raw.codes
    Z = rd.matrix(raw.z, raw.z_where, "")
    rows = {k: rd.vector(cells, where, lambda j, k=k: f"row {k} ({ROW_LABELS[k]}), column {codes[j]}")
            for k, (cells, where) in raw.rows.items()}
    cols = {k: rd.vector(cells, where, lambda i, k=k: f"{rd.label_row(i)}, column {k} ({COL_LABELS[k]})")
            for k, (cells, where) in raw.cols.items()}
    if raw.imp_z is None:
        return Z, rows, cols, None
    Zm = rd.matrix(raw.imp_z, raw.imp_z_where, "imported products ")
    imp_cols = {k: rd.vector(cells, where, lambda i, k=k: f"imported products {rd.label_row(i)}, column {k}")
                for k, (cells, where) in raw.imp_cols.items()}
    for k, v in imp_cols.items():
        if k == "GO":
            if "IM" not in cols:
                cols["IM"] = v
        elif k != "IM":
            cols[k] = cols[k] + v
    notes.append("non-competitive-import table: Z = domestic + imported intermediate flows (competitive form, "
                 "as in the 149/153-sector tables); the imported block is kept in imported_Z; final uses = "
                 "domestic + imported; IM = the imported products' total")
    return Z + Zm, rows, cols, Zm


def _reading_notes(counts: dict, rows: dict, notes: list[str]) -> None:
    if counts.get("text"):
        notes.append(f"{counts['text']} number(s) stored as text were read as numbers")
    if counts.get("dash"):
        notes.append(f"{counts['dash']} cell(s) holding a dash ('-', '—') were read as 0")
    missing_rows = [f"{k} ({ROW_LABELS[k]})" for k in ROW_LABELS if k not in rows]
    if missing_rows:
        notes.append(f"rows not found: {', '.join(missing_rows)}")


def _totals(rows: dict, cols: dict, name: str, notes: list[str]):
    """(X, V or None): total input from TI (else GO), value added from TVA, ΣVA or X − TII."""
    if "TI" in rows:
        X = rows["TI"]
    elif "GO" in cols:
        X = cols["GO"]
        notes.append("no 总投入 (TI) row: total input X taken from the 总产出 (GO) column")
    else:
        raise IIEInputError(ARG, f"{name}: neither a 总投入 (TI) row nor a 总产出 (GO) column was found below / "
                                 "right of the flows, so total input X is unknown")
    if "TVA" in rows:
        return X, rows["TVA"]
    if all(k in rows for k in VA_COMPONENTS):
        notes.append("no 增加值合计 (TVA) row: value added = VA001 + VA002 + VA003 + VA004")
        return X, sum(rows[k] for k in VA_COMPONENTS)
    if "TII" in rows:
        notes.append("no value-added rows: value added V = total input − total intermediate input")
        return X, X - rows["TII"]
    notes.append("no value-added rows and no 中间投入合计 row: V left out (the model will use X − column sums of Z)")
    return X, None


def _identities(raw: RawTable, Z, X, rows, cols, *, strict: bool, rtol: float, notes: list[str]):
    all_values = np.concatenate([Z.ravel()] + list(rows.values()) + list(cols.values()))
    q = quantum(all_values)
    if q:
        notes.append(f"the numbers are rounded to {q:g}: identities allow {q / 2:g} per summed term")
    checks, violations = check_identities(raw.codes, raw.names_zh, Z, X, rows, cols, rtol=rtol, q=q, notes=notes)
    if violations:
        if strict:
            raise IIEInputError(ARG, "; ".join(violations[:6]) + ("; …" if len(violations) > 6 else "")
                                + " — the table breaks its own identities (import with strict=False / --lenient "
                                "to record this as a note instead)")
        notes.extend(violations)
    return checks


def _shape_notes(raw: RawTable, Z: np.ndarray, X: np.ndarray, notes: list[str]) -> None:
    codes, names = raw.codes, raw.names_zh
    if raw.names_across is not None:
        diff = [f"{c} {a!r} ≠ {b!r}" for c, a, b in zip(codes, raw.names_across, names) if norm(a) != norm(b)]
        if diff:
            notes.append(f"column headers differ from the row names for {len(diff)} sector(s): {'; '.join(diff[:5])}")
    zero = [c for c, x in zip(codes, X) if x == 0]
    if zero:
        notes.append(f"sector(s) with zero total input: {', '.join(zero)}")
    if (Z < 0).any():
        i, j = np.argwhere(Z < 0)[0]
        notes.append(f"{int((Z < 0).sum())} negative flow(s), e.g. row {codes[i]}, column {codes[j]}")


def _english_names(raw: RawTable, en_shipped: list, table: str, notes: list[str]) -> list[str]:
    """The shipped English names, the file's where the shipped list has none."""
    file_en = raw.names_en or [""] * len(raw.codes)
    names_en = [e if e else f for e, f in zip(en_shipped, file_en)]
    if table and raw.names_en and any(a != b for a, b in zip(raw.names_en, names_en)):
        k = sum(1 for a, b in zip(raw.names_en, names_en) if a != b)
        notes.append(f"English names taken from the shipped list {table} ({k} differ from the file's, which are "
                     "not used)")
    return names_en


def _the_unit(unit: str | None, raw: RawTable, name: str, notes: list[str]) -> str:
    """The unit: ``unit=`` when given, else the file's 单位, else 万元."""
    if unit is not None:
        if unit not in units.UNITS:
            raise IIEInputError("unit", f"unknown unit {unit!r}; one of {', '.join(units.UNITS)}")
        if raw.unit and raw.unit != unit:
            notes.append(f"the file says 单位：{raw.unit}; the unit {unit} given (--unit) overrides it (values not converted)")
        return unit
    if raw.unit:
        if raw.unit not in units.UNITS:
            raise IIEInputError(ARG, f"{name}: unit {raw.unit!r} is not one of {', '.join(units.UNITS)}; "
                                     "give the unit with --unit (unit= from Python)")
        return raw.unit
    notes.append("unit not stated in the file: 万元 assumed (as in the NBS tables); override with --unit (unit= from Python)")
    return "万元"


def _frames(codes: list[str], rows: dict, cols: dict):
    """(index, final_use, value_added_rows, labels)."""
    idx = pd.Index(codes, name="code")
    fu_keys = [k for k in COL_LABELS if k in cols]
    final_use = pd.DataFrame({k: cols[k] for k in fu_keys}, index=idx, columns=fu_keys)
    va_keys = [k for k in (*VA_COMPONENTS, "TVA") if k in rows]
    va = pd.DataFrame({k: rows[k] for k in va_keys}, index=idx, columns=va_keys)
    labels = {k: COL_LABELS[k] for k in fu_keys} | {k: ROW_LABELS[k] for k in rows}
    return idx, final_use, va, labels


def assemble(raw: RawTable, name: str, layout: str, *, unit, sections, strict: bool, rtol: float) -> ImportedIO:
    """The ImportedIO of a located table (``name``: the file name, for messages)."""
    notes, codes, names = raw.notes, raw.codes, raw.names_zh
    rd = _Reader(codes, names)
    Z, rows, cols, Zm = _numbers(raw, rd, notes)
    _reading_notes(rd.counts, rows, notes)
    X, V = _totals(rows, cols, name, notes)
    checks = _identities(raw, Z, X, rows, cols, strict=strict, rtol=rtol, notes=notes)
    _shape_notes(raw, Z, X, notes)
    sec_letters, en_shipped, table, sec_notes = sections_for(codes, names, sections, f"{raw.title} {name}")
    notes.extend(sec_notes)
    names_en = _english_names(raw, en_shipped, table, notes)
    the_unit = _the_unit(unit, raw, name, notes)
    idx, final_use, va, labels = _frames(codes, rows, cols)
    sectors = pd.DataFrame({"name_zh": names, "name_en": names_en, "section": sec_letters}, index=idx)
    io = IOTable(sectors=sectors, Z=pd.DataFrame(Z, index=idx, columns=list(codes)),
                 X=pd.Series(X, index=idx, name="X"), V=None if V is None else pd.Series(V, index=idx, name="V"),
                 unit=the_unit)
    return ImportedIO(io=io, final_use=final_use, value_added_rows=va, layout=layout, table=table, notes=notes,
                      checks=checks, labels=labels, title=raw.title,
                      imported_Z=None if Zm is None else pd.DataFrame(Zm, index=idx, columns=list(codes)))
