"""The IO economist's analysis menu, headless: ``analyse(inputs) -> AnalysisReport`` (issue 15).

On the base-year IO table of the inputs (in the report unit, as the measurement uses it):

- ``io_multipliers`` — output and value-added multipliers by sector (Type I: the inputs have no
  household row and column, so no Type II), split into first-round and industrial-support effects
  (with V = X − 1'Z the simple value-added multiplier v_c'L is 1 for every sector — all final demand
  ends as value added — so the Type I ratio 1 / v_c is the informative one);
- ``io_linkages`` — backward and forward linkages (Rasmussen's power and sensitivity of
  dispersion; the forward linkage from the Ghosh inverse, Rasmussen's row sums of L beside it),
  coefficients of variation and the key-sector class (Chenery–Watanabe, Miller & Blair §12.2);
- ``io_extraction`` — hypothetical extraction of the related sectors K together and of each one
  alone: output and value added lost, backward, forward and total;
- ``uncertainty_shares`` / ``uncertainty_base_year`` / ``uncertainty_national`` — the band
  (default 5 / 50 / 95 %) of the IIE shares S_k, of the base-year direct, penetration and total
  value added when the expert panel is resampled (:func:`iiecon_xl.model.iie_uncertainty`), and
  of the national series.

The national band rests on one assumption, stated here because it is a choice: **each national
series is scaled by the ratio of the quantile to the point estimate of its base-year value**
(core by direct, penetration by penetration, total by total), i.e. the relative uncertainty of the
base year carries unchanged to every report year. That holds exactly for the direct part (the
rates d_s are linear in S_k) and to first order for the penetration part (the rates p_s(t) scale
with the base-year penetration through the same multipliers μ_t); the extrapolation of section
value added and the production-function fit are taken as known.

The uncertainty needs expert scores behind every related sector's S; when some S is given
directly the uncertainty tables are left out and :attr:`AnalysisReport.warnings` says why.

Tables are :class:`AnalysisTable` (a :class:`~iiecon_xl.tables.Table` with the labels of these
columns): sector code and Chinese name first, the English name beside; :func:`write_tables`
writes them as CSV with Chinese + English headers. The CLI command ``iiecon-xl analyse`` calls
``write_tables(analyse(inputs), folder)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from . import model
from .inputs import Inputs
from .parameters import EXTRACTION_KINDS, UNCERTAINTY_DRAWS, UNCERTAINTY_QUANTILES, UNCERTAINTY_SEED
from .pipeline import run, shares_from_scores
from .pipeline.base_year import io_in_unit
from .tables import COLUMNS as REPORT_COLUMNS
from .tables import Table

#: Labels of the analysis columns: key → (Chinese, English, kind); kind "money" gets the unit,
#: "pct" is already in per cent; other keys are labelled by :data:`iiecon_xl.tables.COLUMNS`.
COLUMNS: dict[str, tuple[str, str, str]] = {
    "related": ("关联部门", "Related sector", "text"),
    "output_direct": ("产出直接效应", "Output: first-round effect", "ratio"),
    "output_indirect": ("产出间接效应", "Output: industrial-support effect", "ratio"),
    "output_multiplier": ("产出乘数", "Output multiplier", "ratio"),
    "va_coefficient": ("增加值率", "Value added per unit of output", "ratio"),
    "va_multiplier": ("增加值乘数", "Value-added multiplier", "ratio"),
    "va_type_I": ("增加值乘数（I型）", "Value-added multiplier, Type I", "ratio"),
    "BL_direct": ("直接后向关联", "Direct backward linkage", "ratio"),
    "FL_direct": ("直接前向关联", "Direct forward linkage", "ratio"),
    "BL_total": ("完全后向关联", "Total backward linkage", "ratio"),
    "FL_total": ("完全前向关联（Ghosh）", "Total forward linkage (Ghosh)", "ratio"),
    "BL": ("影响力系数", "Power of dispersion", "ratio"),
    "FL": ("感应度系数（Ghosh）", "Sensitivity of dispersion (Ghosh)", "ratio"),
    "FL_leontief": ("感应度系数（Leontief）", "Sensitivity of dispersion (Leontief)", "ratio"),
    "cv_BL": ("后向关联变异系数", "Coefficient of variation, backward", "ratio"),
    "cv_FL": ("前向关联变异系数", "Coefficient of variation, forward", "ratio"),
    "class_zh": ("部门类型", "Class (zh)", "text"),
    "class_en": ("部门类型（英文）", "Class (en)", "text"),
    "kind_zh": ("抽取方式", "Extraction (zh)", "text"),
    "kind_en": ("抽取方式（英文）", "Extraction (en)", "text"),
    "output_loss": ("产出损失", "Output lost", "money"),
    "output_loss_pct": ("产出损失占比", "Output lost, share of base", "pct"),
    "va_loss": ("增加值损失", "Value added lost", "money"),
    "va_loss_pct": ("增加值损失占比", "Value added lost, share of base", "pct"),
    "statistic_zh": ("统计量", "Statistic (zh)", "text"),
    "statistic_en": ("统计量（英文）", "Statistic (en)", "text"),
    "quantile": ("分位点", "Quantile", "ratio"),
}
#: Key-sector classes of :data:`iiecon_xl.model.linkages.CLASSES`, in Chinese.
CLASS_ZH = {"key": "关键部门", "backward": "后向关联主导", "forward": "前向关联主导", "weak": "弱关联部门"}
#: Extraction kinds of :data:`iiecon_xl.parameters.EXTRACTION_KINDS`, in Chinese.
KIND_ZH = {"backward": "后向抽取", "forward": "前向抽取", "total": "完全抽取"}
#: The national series of the band and the base-year value (column of ``Uncertainty.bands``) that scales it.
BAND_SERIES = (("core", "direct"), ("penetration", "penetration"), ("total", "total"))


@dataclass
class AnalysisTable(Table):
    """A report table whose columns may be analysis columns (:data:`COLUMNS`) or derived ones."""

    extra: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def label(self, column: str) -> str:
        zh, en, kind = self.extra.get(column) or COLUMNS.get(column) or (None, None, None)
        if zh is None:
            return super().label(column)
        if kind == "money":
            return f"{zh} {en} ({self.unit})"
        return f"{zh} {en} (%)" if kind == "pct" else f"{zh} {en}"


@dataclass
class AnalysisReport:
    """The analysis tables, the unit and label of the inputs, and how the band was drawn."""

    tables: dict[str, AnalysisTable]
    unit: str
    label: str
    base_year: int
    draws: int
    seed: int | None
    quantiles: tuple[float, ...]
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name].frame


@dataclass(frozen=True)
class _Base:
    """The base-year table in the report unit and the related sectors."""

    sectors: pd.DataFrame       # code, name_zh, name_en (the IO table's order)
    Z: np.ndarray
    X: np.ndarray
    V: np.ndarray
    k: np.ndarray               # positions of the related sectors
    shares: pd.DataFrame        # S, source by related code (pipeline.shares_from_scores)


def _base(inputs: Inputs) -> _Base:
    Z, X, _, V = io_in_unit(inputs)
    codes = inputs.io.codes
    shares = shares_from_scores(inputs)
    sectors = inputs.io.sectors[["name_zh", "name_en"]].rename_axis("code").reset_index()
    return _Base(sectors=sectors, Z=Z, X=X, V=V, k=np.array([codes.index(c) for c in shares.index], dtype=int),
                 shares=shares)


def _with_sectors(b: _Base, columns: dict, rows=None) -> pd.DataFrame:
    frame = b.sectors if rows is None else b.sectors.iloc[rows].reset_index(drop=True)
    return pd.concat([frame, pd.DataFrame(columns)], axis=1)


def multipliers_table(b: _Base) -> pd.DataFrame:
    """Output and value-added multipliers by sector (Type I)."""
    m = model.io_multipliers(b.Z, b.X, b.V, z_name="io.Z", x_name="io.X")
    out, va = m.output, m.value_added
    return _with_sectors(b, {"output_direct": out.direct, "output_indirect": out.indirect,
                             "output_multiplier": out.simple, "va_coefficient": va.initial,
                             "va_multiplier": va.simple, "va_type_I": va.type_I})


def linkages_table(b: _Base) -> pd.DataFrame:
    """Linkages, Ghosh-based forward linkage (Rasmussen's beside it) and the key-sector class."""
    lk = model.linkages(b.Z, b.X, kind="ghosh", z_name="io.Z", x_name="io.X")
    rasmussen = model.linkages(b.Z, b.X, kind="leontief", z_name="io.Z", x_name="io.X")
    related = np.zeros(len(b.X), dtype=bool)
    related[b.k] = True
    return _with_sectors(b, {"related": related, "BL_direct": lk.BL_direct, "FL_direct": lk.FL_direct,
                             "BL_total": lk.BL_total, "FL_total": lk.FL_total, "BL": lk.BL, "FL": lk.FL,
                             "FL_leontief": rasmussen.FL, "cv_BL": lk.cv_BL, "cv_FL": lk.cv_FL,
                             "class_zh": [CLASS_ZH[c] for c in lk.key], "class_en": list(lk.key)})


def extraction_table(b: _Base) -> pd.DataFrame:
    """Extraction of all related sectors K together, then of each one alone (3 kinds each)."""
    f = b.X - b.Z.sum(axis=1)
    scopes = [("K", "全部关联部门", "All related sectors", b.k)]
    scopes += [(row.code, row.name_zh, row.name_en, [i]) for i, row in zip(b.k, b.sectors.iloc[b.k].itertuples())]
    rows = []
    for code, zh, en, sectors in scopes:
        table = model.extraction(b.Z, b.X, f, sectors, b.V, z_name="io.Z", x_name="io.X").table()
        for kind, (out, out_pct, va, va_pct) in zip(EXTRACTION_KINDS, table):
            rows.append({"code": code, "name_zh": zh, "name_en": en, "kind_zh": KIND_ZH[kind], "kind_en": kind,
                         "output_loss": out, "output_loss_pct": out_pct, "va_loss": va, "va_loss_pct": va_pct})
    return pd.DataFrame(rows)


def _counts(inputs: Inputs, b: _Base) -> np.ndarray | None:
    """m×p×g expert counts of the related sectors, or None when some S does not come from them."""
    if inputs.fuzzy is None or (b.shares["source"] != "fuzzy").any():
        return None
    fz = inputs.fuzzy
    return np.stack([fz.counts.loc[code].reindex(fz.criteria.index)[list(fz.grades.index)].to_numpy(dtype=float)
                     for code in b.shares.index])


def _quantile_key(q: float) -> str:
    return f"q{100 * q:g}".replace(".", "_")


def uncertainty_tables(u: model.Uncertainty, b: _Base, national: pd.DataFrame) -> dict[str, tuple]:
    """(frame, extra labels) of the shares band, the base-year band and the national band."""
    qs = [float(q) for q in u.quantiles]
    keys = [_quantile_key(q) for q in qs]
    share_cols = {"S": u.S_point} | {f"S_{key}": band for key, band in zip(keys, u.S_bands)}
    share_labels = {f"S_{key}": (f"关联系数 S {100 * q:g}% 分位", f"IIE share S, {100 * q:g}% quantile", "ratio")
                    for key, q in zip(keys, qs)}
    base = pd.DataFrame({"statistic_zh": ["点估计"] + [f"{100 * q:g}% 分位" for q in qs],
                         "statistic_en": ["Point estimate"] + [f"{100 * q:g}% quantile" for q in qs],
                         "quantile": [np.nan] + qs})
    bands = u.bands
    for j, (series, _) in enumerate(BAND_SERIES):
        base[series] = np.concatenate([[u.point[j]], bands[:, j]])
    nat = national[["year"]].copy()
    nat_labels = {}
    for j, (series, _) in enumerate(BAND_SERIES):
        nat[series] = national[series].to_numpy()
        ratio = np.divide(bands[:, j], u.point[j], out=np.ones(len(qs)), where=u.point[j] != 0)
        for key, q, r in zip(keys, qs, ratio):
            nat[f"{series}_{key}"] = nat[series] * r
            zh, en, _ = REPORT_COLUMNS[series]
            nat_labels[f"{series}_{key}"] = (f"{zh} {100 * q:g}% 分位", f"{en}, {100 * q:g}% quantile", "money")
    return {"uncertainty_shares": (_with_sectors(b, share_cols, b.k), share_labels),
            "uncertainty_base_year": (base, {}), "uncertainty_national": (nat, nat_labels)}


_TITLES = {
    "io_multipliers": ("投入产出乘数", "Output and value-added multipliers (Type I)", ""),
    "io_linkages": ("产业关联与关键部门", "Linkages and key sectors", ""),
    "io_extraction": ("关联部门假设抽取", "Hypothetical extraction of the related sectors", None),
    "uncertainty_shares": ("关联系数 S 的不确定性区间", "Uncertainty band of the IIE shares S", ""),
    "uncertainty_base_year": ("基年增加值的不确定性区间", "Uncertainty band of base-year value added", None),
    "uncertainty_national": ("全国工业互联网带动增加值的不确定性区间", "Uncertainty band of the national series", None),
}


def analyse(inputs: Inputs, report=None, *, draws: int = UNCERTAINTY_DRAWS, seed: int | None = UNCERTAINTY_SEED,
            quantiles=UNCERTAINTY_QUANTILES, progress: Callable[[str], None] | None = None) -> AnalysisReport:
    """Multipliers, linkages, extraction and the uncertainty band of the measurement of ``inputs``.

    ``report``: the :class:`~iiecon_xl.pipeline.Report` of the same inputs, when already computed
    (its national table is the series the band scales); otherwise the measurement is run here.
    ``draws``, ``seed``, ``quantiles``: as IIE_UNCERTAINTY's (the same seed gives the same band).
    Raises :class:`~iiecon_xl.errors.IIEInputError` on bad input.
    """
    say = progress or (lambda msg: None)
    inputs.check()
    P = inputs.params
    b = _base(inputs)
    say("multipliers, linkages, extraction")
    frames = {"io_multipliers": (multipliers_table(b), {}), "io_linkages": (linkages_table(b), {}),
              "io_extraction": (extraction_table(b), {})}
    warnings: list[str] = []
    counts = _counts(inputs, b)
    if counts is None:
        warnings.append("no uncertainty band: the band resamples the expert scores, and some related sector's S "
                        "is given rather than derived from them")
    else:
        say(f"uncertainty: {draws} resampled expert panels")
        fz = inputs.fuzzy
        A = model.calc_A(b.Z, b.X, z_name="io.Z", x_name="io.X")
        u = model.iie_uncertainty(counts, fz.criteria["weight"].to_numpy(), fz.grades["value"].to_numpy(), A, b.X,
                                  b.k, b.V, operator=P.fuzzy_operator, draws=draws, seed=seed, quantiles=quantiles)
        national = (report if report is not None else run(inputs))["national"]
        frames |= uncertainty_tables(u, b, national)
    tables = {}
    for name, (frame, extra) in frames.items():
        zh, en, unit = _TITLES[name]
        tables[name] = AnalysisTable(name, zh, en, P.unit if unit is None else unit, frame, extra=extra)
    return AnalysisReport(tables=tables, unit=P.unit, label=P.label, base_year=P.base_year, draws=int(draws),
                          seed=seed, quantiles=tuple(float(q) for q in np.atleast_1d(quantiles)), warnings=warnings)


def write_tables(report: AnalysisReport, folder) -> list[Path]:
    """One CSV per table (UTF-8 with BOM, so Excel opens the Chinese headers), named ``<table>.csv``,
    each written atomically with formula-trigger text escaped (:func:`iiecon_xl.csvsafe.write_csv`)."""
    from .csvsafe import write_csv

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in report.tables.items():
        path = folder / f"{name}.csv"
        write_csv(table.labelled(), path)
        written.append(path)
    return written
