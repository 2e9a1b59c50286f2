"""What every formula cell of the Analysis sheet must hold, recomputed from the model (for the audit).

``expected(lay, inputs, report)`` → {(sheet, cell): (value, what)}: the multipliers, linkages and
class of each sector (:func:`iiecon_xl.model.io_multipliers`, :func:`~iiecon_xl.model.linkages`),
the related sectors' rows, the extraction of K (:func:`~iiecon_xl.model.extraction`), the native
edition's L, G and extraction outputs, and in the function edition IIE_UNCERTAINTY's table
(:func:`~iiecon_xl.model.iie_uncertainty` with the book's draws and seed), the national band and
the RAS factors for the target margins the book holds (:mod:`..analysis_inputs`; by default the
table's own: every factor 1).
The audit calls it from :func:`iiecon_xl.workbook.audit.derived.derived`.
"""

from __future__ import annotations

import numpy as np

from ... import model
from ...analysis import CLASS_ZH
from ...parameters import EXTRACTION_KINDS, UNCERTAINTY_QUANTILES
from ...pipeline import shares_from_scores
from ...pipeline.base_year import io_in_unit
from ...xlsx import a1
from ..layout.analysis import BAND_SERIES, UNCERTAINTY_COLS
from .. import analysis_inputs
from .analysis import KEYS


class _Cells(dict):
    """(sheet, cell) → (value, what) of one sheet."""

    def __init__(self, sheet: str):
        super().__init__()
        self.sheet = sheet

    def put(self, row: int, col: int, value, what: str) -> None:
        v = value.item() if isinstance(value, np.generic) else value
        self[(self.sheet, a1.cell_name(row, col))] = (v, what)

    def column(self, lay, col: int, values, what: str) -> None:
        for i, v in enumerate(values):
            self.put(lay.row(i), col, v, f"{what}, sector {i + 1}")


def expected(lay, inputs, report=None) -> dict:
    """Expected values of the Analysis sheet of ``lay`` (a :class:`~..layout.Layout`) for ``inputs``."""
    an = lay.analysis
    out = _Cells(an.name)
    Z, X, _, V = io_in_unit(inputs)
    codes = list(inputs.io.codes)
    k = np.array([codes.index(c) for c in inputs.related.index], dtype=int)
    related = np.zeros(len(X))
    related[k] = 1.0
    out.column(an, an.col("related"), related, "related flag")
    f = X - Z.sum(axis=1)
    out.column(an, an.col("f"), f, "final use X − Z·1")
    m = model.io_multipliers(Z, X, V)
    lk = model.linkages(Z, X, kind="ghosh")
    rasmussen = model.linkages(Z, X, kind="leontief")
    _sectors(an, out, m, lk, rasmussen)
    _related(an, out, k, lk)
    ex = model.extraction(Z, X, f, k, V)
    table = ex.table()
    for j, kind in enumerate(EXTRACTION_KINDS):
        r = an.extraction_head + 1 + j
        for i, key in enumerate(("output_loss", "output_loss_pct", "va_loss", "va_loss_pct")):
            out.put(r, an.xcol(key), table[j, i], f"extraction of K, {kind} {key}")
        out.put(r, an.xcol("extraction"), kind, "extraction kind")
    if not an.native:
        for key in ("extraction", "output_loss", "output_loss_pct", "va_loss", "va_loss_pct"):
            out.put(an.extraction_head, an.xcol(key), key, "IO_EXTRACTION header")
        given = analysis_inputs.of(inputs)   # the draws, seed and RAS targets the book holds
        _uncertainty(an, out, inputs, Z, X, V, k, report, given)
        _ras(an, out, Z, given)
    else:
        _native(an, out, m.L, X, ex)
    return dict(out)


def _sectors(an, out: _Cells, m, lk, rasmussen) -> None:
    out_t, va_t = m.output.table(), m.value_added.table()
    for j, key in enumerate(("initial", "direct", "indirect", "simple", "type_I")):
        out.column(an, an.col(f"out_{key}"), out_t[:, j], f"output multiplier {key}")
        out.column(an, an.col(f"va_{key}"), va_t[:, j], f"value-added multiplier {key}")
    table = lk.table()
    for j, key in enumerate(("BL_direct", "FL_direct", "BL_total", "FL_total", "BL", "FL", "cv_BL", "cv_FL")):
        out.column(an, an.col(key), table[:, j], f"linkages {key}")
    out.column(an, an.col("class"), list(lk.key), "key-sector class")
    out.column(an, an.col("class_zh"), [CLASS_ZH[c] for c in lk.key], "key-sector class (zh)")
    out.column(an, an.col("FL_leontief"), rasmussen.FL, "sensitivity of dispersion (Leontief)")
    if not an.native:
        for col, key in KEYS.items():
            out.put(an.key_row, an.col(col), key, "function header")


def _related(an, out: _Cells, k, lk) -> None:
    for i, pos in enumerate(k):
        r = an.related_row(i)
        out.put(r, an.rcol("position"), int(pos) + 1, "position of the related sector")
        out.put(r, an.rcol("BL"), lk.BL[pos], "power of dispersion of the related sector")
        out.put(r, an.rcol("FL"), lk.FL[pos], "sensitivity of dispersion of the related sector")
        out.put(r, an.rcol("class_zh"), CLASS_ZH[lk.key[pos]], "class of the related sector")


def _native(an, out: _Cells, L, X, ex) -> None:
    G = model.ghosh_from_leontief(L, X)
    for which, M in (("L", L), ("G", G)):
        r1, c1, _, _ = an.matrix_area(which)
        for i in range(M.shape[0]):
            for j in range(M.shape[1]):
                out.put(r1 + i, c1 + j, M[i, j], f"{which}[{i + 1},{j + 1}]")
    for key, v in (("x", ex.x), ("x_backward", ex.x_backward), ("x_supply", ex.x_supply),
                   ("x_forward", ex.x_forward), ("x_total", ex.x_total)):
        out.column(an, an.ecol(key), v, f"extraction output {key}")


def _uncertainty(an, out: _Cells, inputs, Z, X, V, k, report, given: dict) -> None:
    fz = inputs.fuzzy
    shares = shares_from_scores(inputs)
    if fz is None or (shares["source"] != "fuzzy").any() or not an.m:
        return
    counts = np.stack([fz.counts.loc[c].reindex(fz.criteria.index)[list(fz.grades.index)].to_numpy(dtype=float)
                       for c in inputs.related.index])
    A = model.calc_A(Z, X)
    u = model.iie_uncertainty(counts, fz.criteria["weight"].to_numpy(), fz.grades["value"].to_numpy(), A, X, k, V,
                              operator=inputs.params.fuzzy_operator, draws=given["draws"], seed=given["seed"],
                              quantiles=UNCERTAINTY_QUANTILES)
    rows = [list(UNCERTAINTY_COLS)] + u.table().tolist() + [["point"] + u.point.tolist()]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            out.put(an.unc_head + i, j, v, f"IIE_UNCERTAINTY row {i} column {j}")
    if report is None:
        return
    nat = report.tables["national"].frame
    for t in range(an.T):
        for j, series in enumerate(BAND_SERIES):
            value = float(nat[series].iloc[t])
            out.put(an.band_row(t), an.bcol(series), value, f"national {series}")
            point = u.point[j]
            for q in range(an.q):
                ratio = u.bands[q, j] / point if point != 0 else 1.0
                out.put(an.band_row(t), an.bcol(series, q), value * ratio, f"national {series}, quantile {q + 1}")


def _ras(an, out: _Cells, Z, given: dict) -> None:
    b = model.ras(Z, given["ras_u"], given["ras_v"])
    out.column(an, an.ecol("ras_r"), b.r, "RAS row factor")
    out.column(an, an.ecol("ras_s"), b.s, "RAS column factor")
    for i, (key, v) in enumerate((("method", b.method), ("iterations", b.iterations), ("max_error", b.max_error))):
        out.put(an.ras_head + i, 0, key, "RAS report")
        out.put(an.ras_head + i, 1, v, "RAS report")
