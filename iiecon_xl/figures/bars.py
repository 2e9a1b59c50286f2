"""The two value-added bar charts: the nation by year and the provinces in the latest year,
core and penetration stacked, nominal growth of the total on a secondary % axis."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import reference
from .frame import band, decorate, growth_axis, latest, legend_top, value_axis
from .style import CORE_COLOR, GROWTH_COLOR, PEN_COLOR, new_figure, style
from .text import fmt, vertical


def stacked_bars(ax, core: np.ndarray, pen: np.ndarray, width: float) -> np.ndarray:
    """Core bars with penetration stacked on top; returns the x positions."""
    x = np.arange(len(core))
    ax.bar(x, core, width=width, color=CORE_COLOR, label="核心产业增加值 Core", zorder=2)
    ax.bar(x, pen, width=width, bottom=core, color=PEN_COLOR, label="渗透产业增加值 Penetration", zorder=2)
    return x


def national_figure(report) -> Figure:
    """Core and penetration value added stacked by year; nominal growth of the total on a % axis."""
    nat = report["national"].sort_values("year")
    years = nat["year"].astype(int).to_numpy()
    core = nat["core"].to_numpy(float)
    pen = nat["penetration"].to_numpy(float)
    total = nat["total"].to_numpy(float)
    growth = 100.0 * nat["total_growth"].to_numpy(float)
    with style():
        fig = new_figure(9.0, 5.4)
        ax = fig.add_subplot()
        x = stacked_bars(ax, core, pen, 0.6)
        for xi, t in zip(x, total):
            ax.text(xi, t, fmt(t), ha="center", va="bottom", fontsize=8, color="#333333")
        ax.set_ylim(*band(total, 0.0, 0.74))
        ax.set_xticks(x, [str(y) for y in years])
        ax.set_xlabel("年份 Year")
        value_axis(ax, report)
        ax.set_xlim(-0.6, len(x) - 0.4)

        ax2 = ax.twinx()
        ok = np.isfinite(growth)
        ax2.plot(x[ok], growth[ok], color=GROWTH_COLOR, marker="o", markersize=5, linewidth=1.8,
                 label="合计名义增速 Nominal growth of total (%)", zorder=3)
        for xi, g in zip(x[ok], growth[ok]):
            ax2.annotate(f"{g:.1f}%", (xi, g), textcoords="offset points", xytext=(0, 7), ha="center",
                         fontsize=8, color=GROWTH_COLOR)
        growth_axis(ax2, growth, 0.78, 0.93)
        legend_top((ax, ax2))
        last = years[-1]
        decorate(fig, report, "全国工业互联网带动增加值及增速", "National IIE-driven value added and growth",
                 note=f"注：柱顶数字为合计（{report.unit}）；{last}年核心产业 {fmt(core[-1])}、"
                      f"渗透产业 {fmt(pen[-1])}。")
        fig.canvas.draw()
    return fig


def provinces_figure(report) -> Figure:
    """The provinces' latest-year total sorted descending, core/penetration stacked, growth as dots."""
    year, prov = latest(report, "provinces")
    ref = reference.provinces()
    prov = prov.sort_values(["total", "province_code"], ascending=[False, True])
    names = [ref["short_zh"].get(int(c), n) for c, n in zip(prov["province_code"], prov["province"])]
    total = prov["total"].to_numpy(float)
    growth = 100.0 * prov["total_growth"].to_numpy(float)
    with style():
        fig = new_figure(11.0, 5.8)
        ax = fig.add_subplot()
        x = stacked_bars(ax, prov["core"].to_numpy(float), prov["penetration"].to_numpy(float), 0.66)
        ax.set_ylim(*band(total, 0.0, 0.76))
        ax.set_xticks(x, [vertical(n) for n in names], fontsize=8.5, linespacing=1.0)
        ax.tick_params(axis="x", length=0, pad=3)
        ax.set_xlim(-0.7, len(x) - 0.3)
        value_axis(ax, report)

        ax2 = ax.twinx()
        ok = np.isfinite(growth)
        ax2.plot(x[ok], growth[ok], linestyle="none", marker="o", markersize=5, color=GROWTH_COLOR,
                 label=f"{year}年名义增速 Nominal growth (%)", zorder=3)
        growth_axis(ax2, growth, 0.80, 0.97)
        legend_top((ax, ax2))
        over = int((total >= 1000).sum()) if report.unit == "亿元" else None
        note = f"注：按{year}年合计降序排列" + (f"；{over}个省份超过1,000亿元" if over is not None else "") + "。"
        decorate(fig, report, f"{year}年分省工业互联网带动增加值",
                 f"IIE-driven value added by province, {year}", note=note)
        fig.canvas.draw()
    return fig
