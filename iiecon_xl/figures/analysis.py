"""Figures of the IO analysis menu (issue 15), from an :class:`~iiecon_xl.analysis.AnalysisReport`:

- ``linkage_quadrant.png`` — every sector's power of dispersion BL (across) against its
  sensitivity of dispersion FL (Ghosh, up), lines at 1: key sectors (BL > 1 and FL > 1) fill the
  upper-right quadrant; the related sectors K drawn on top and named;
- ``uncertainty_band.png`` — the national core, penetration and total with the band of the
  resampled expert panel (outer quantiles shaded, e.g. 5–95 %);
- ``national_band.png`` — the report's national figure (:func:`.bars.national_figure`) with the
  band of the total as error bars on each bar.

The band figures need the uncertainty tables (expert scores behind every S); without them
:func:`analysis_figures` draws the quadrant only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from .frame import decorate, legend_top, value_axis
from .style import CORE_COLOR, GROWTH_COLOR, PEN_COLOR, new_figure, save_figure, style

ANALYSIS_FIGURES = ("linkage_quadrant.png", "uncertainty_band.png", "national_band.png")


def _quantile_cols(frame, series: str) -> list[str]:
    return [c for c in frame.columns if c.startswith(f"{series}_q")]


def quadrant_figure(result) -> Figure:
    """BL against FL of every sector, the axes' lines at 1, the related sectors K marked and named."""
    lk = result["io_linkages"]
    bl, fl = lk["BL"].to_numpy(float), lk["FL"].to_numpy(float)
    rel = lk["related"].to_numpy(bool)
    with style():
        fig = new_figure(8.0, 6.4)
        ax = fig.add_subplot()
        ax.scatter(bl[~rel], fl[~rel], s=16, color=PEN_COLOR, label="部门 Sectors", zorder=2)
        ax.scatter(bl[rel], fl[rel], s=46, marker="D", color=GROWTH_COLOR, label="关联部门 K Related sectors", zorder=3)
        for x, y, name in zip(bl[rel], fl[rel], lk["name_zh"][rel]):
            ax.annotate(str(name), (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7.5,
                        color=GROWTH_COLOR)
        ax.axvline(1.0, color="#888888", linewidth=0.9, zorder=1)
        ax.axhline(1.0, color="#888888", linewidth=0.9, zorder=1)
        n_key = int(((bl > 1) & (fl > 1)).sum())
        ax.text(0.98, 0.98, f"关键部门 Key sectors: {n_key}", transform=ax.transAxes, ha="right", va="top",
                fontsize=9, color=CORE_COLOR)
        ax.set_xlabel("影响力系数 Power of dispersion BL")
        ax.set_ylabel("感应度系数 Sensitivity of dispersion FL (Ghosh)")
        legend_top((ax,))
        decorate(fig, result, "产业关联象限", "Linkage quadrant",
                 note="注：右上象限为关键部门（影响力系数与感应度系数均大于1；Miller & Blair 2009 §12.2）。")
        fig.canvas.draw()
    return fig


def band_figure(result) -> Figure:
    """Core, penetration and total by year, each with its outer-quantile band shaded."""
    nat = result["uncertainty_national"].sort_values("year")
    years = nat["year"].astype(int).to_numpy()
    lo, hi = min(result.quantiles), max(result.quantiles)
    with style():
        fig = new_figure(9.0, 5.4)
        ax = fig.add_subplot()
        for series, zh, color in (("core", "核心 Core", CORE_COLOR), ("penetration", "渗透 Penetration", PEN_COLOR),
                                  ("total", "合计 Total", GROWTH_COLOR)):
            cols = _quantile_cols(nat, series)
            ax.fill_between(years, nat[cols[0]].to_numpy(float), nat[cols[-1]].to_numpy(float), color=color,
                            alpha=0.25, linewidth=0)
            ax.plot(years, nat[series].to_numpy(float), color=color, marker="o", markersize=4, label=zh)
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_xlabel("年份 Year")
        value_axis(ax, result)
        legend_top((ax,))
        decorate(fig, result, "全国工业互联网带动增加值的不确定性区间", "National IIE value added with its band",
                 note=f"注：阴影为 {100 * lo:g}%–{100 * hi:g}% 分位区间（专家组重抽 {result.draws} 次，种子 {result.seed}）；"
                      "各序列按基年分位数与点估计之比缩放。")
        fig.canvas.draw()
    return fig


def national_band_figure(report, result) -> Figure:
    """The report's national figure with the band of the total as error bars on each bar."""
    from .bars import national_figure

    nat = result["uncertainty_national"].sort_values("year")
    cols = _quantile_cols(nat, "total")
    total = nat["total"].to_numpy(float)
    low, high = nat[cols[0]].to_numpy(float), nat[cols[-1]].to_numpy(float)
    fig = national_figure(report)
    with style():
        ax = fig.axes[0]
        x = np.arange(len(total))
        ax.errorbar(x, total, yerr=[total - low, high - total], fmt="none", ecolor="#333333", elinewidth=1.0,
                    capsize=3, zorder=4, label=f"{100 * min(result.quantiles):g}%–{100 * max(result.quantiles):g}% "
                                                   "分位区间 band")
        legend_top(tuple(fig.axes[:2]))
        fig.canvas.draw()
    return fig


def analysis_figures(result, folder, report=None) -> list[Path]:
    """Write the figures of :data:`ANALYSIS_FIGURES` that ``result`` allows into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = [save_figure(quadrant_figure(result), folder / ANALYSIS_FIGURES[0])]
    if "uncertainty_national" in result.tables:
        out.append(save_figure(band_figure(result), folder / ANALYSIS_FIGURES[1]))
        if report is not None:
            out.append(save_figure(national_band_figure(report, result), folder / ANALYSIS_FIGURES[2]))
    return out
