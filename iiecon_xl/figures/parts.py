"""The report's breakdown figures, latest year (METHOD.md §5, §8): the three industries and the 19
sections (core and penetration stacked, nominal growth of the total as dots), the provinces' core
and penetration each sorted with its own growth (the report's figures 7 and 8) and the provinces'
share of GDP sorted (figure 9) — the same figures the book's report sheets draw as charts."""

from __future__ import annotations

import re

import numpy as np
from matplotlib.figure import Figure

from .. import reference
from ..parameters import PROVINCE_COUNT_SHARE
from .bars import stacked_bars
from .frame import band, decorate, growth_axis, latest, legend_top, value_axis
from .style import CORE_COLOR, GROWTH_COLOR, PEN_COLOR, new_figure, style
from .text import vertical


def _growth_dots(ax, x: np.ndarray, growth: np.ndarray, label: str) -> None:
    """Growth (in %) as dots on a secondary axis, in the upper band of the height; one legend above."""
    ax2 = ax.twinx()
    ok = np.isfinite(growth)
    ax2.plot(x[ok], growth[ok], linestyle="none", marker="o", markersize=5, color=GROWTH_COLOR,
             label=label, zorder=3)
    growth_axis(ax2, growth, 0.80, 0.97)
    legend_top((ax, ax2))


def _stacked_figure(report, names, core, pen, growth, year: int, titles: tuple[str, str], size) -> Figure:
    """Bars core + penetration per item, growth of the total as dots (first year: no dots)."""
    with style():
        fig = new_figure(*size)
        ax = fig.add_subplot()
        x = stacked_bars(ax, core, pen, 0.62)
        ax.set_ylim(*band(core + pen, 0.0, 0.76))
        ax.set_xticks(x, names, fontsize=8.5, linespacing=1.0)
        ax.tick_params(axis="x", length=0, pad=3)
        ax.set_xlim(-0.7, len(x) - 0.3)
        value_axis(ax, report)
        _growth_dots(ax, x, growth, f"{year}年合计名义增速 Nominal growth of total (%)")
        decorate(fig, report, f"{year}年{titles[0]}", f"{titles[1]}, {year}",
                 note="注：柱为核心产业与渗透产业之和，点为合计名义增速。")
        fig.canvas.draw()
    return fig


def industries_figure(report) -> Figure:
    """The three industries' core + penetration in the latest year, growth of the total as dots."""
    year, ind = latest(report, "industries")
    ind = ind.sort_values("industry")
    names = [f"{zh}\n{en}" for zh, en in zip(ind["industry_zh"], ind["industry_en"])]
    return _stacked_figure(report, names, ind["core"].to_numpy(float), ind["penetration"].to_numpy(float),
                           100.0 * ind["total_growth"].to_numpy(float), year,
                           ("三次产业工业互联网带动增加值", "IIE-driven value added by industry"), (8.0, 5.2))


def sections_figure(report) -> Figure:
    """The 19 sections' core + penetration in the latest year, sorted by total, growth as dots."""
    year, sec = latest(report, "sections")
    sec = sec.sort_values(["total", "section"], ascending=[False, True])
    names = [f"{s}\n{_short(n)}" for s, n in zip(sec["section"], sec["name_zh"])]
    return _stacked_figure(report, names, sec["core"].to_numpy(float), sec["penetration"].to_numpy(float),
                           100.0 * sec["total_growth"].to_numpy(float), year,
                           ("19个门类工业互联网带动增加值", "IIE-driven value added by section"), (11.0, 6.4))


def _short(name: str) -> str:
    """A section's name up to its first 、，和 (at most four characters), top to bottom: 交通运输、仓储和邮政业 → 交通运输."""
    return vertical(re.split("[、，和]", name)[0][:4])


def _province_bars(report, column: str, growth_column: str | None, color: str, titles: tuple[str, str],
                   label: str) -> Figure:
    """The provinces' ``column`` in the latest year sorted descending (bars named ``label``), its
    growth as dots (or, for the share of GDP, the report's 4 % line)."""
    year, prov = latest(report, "provinces")
    ref = reference.provinces()
    prov = prov.sort_values([column, "province_code"], ascending=[False, True])
    names = [vertical(ref["short_zh"].get(int(c), n)) for c, n in zip(prov["province_code"], prov["province"])]
    share = growth_column is None
    values = prov[column].to_numpy(float) * (100.0 if share else 1.0)
    with style():
        fig = new_figure(11.0, 5.8)
        ax = fig.add_subplot()
        x = np.arange(len(values))
        ax.bar(x, values, width=0.66, color=color, label=label, zorder=2)
        ax.set_ylim(*band(values, 0.0, 0.76))
        ax.set_xticks(x, names, fontsize=8.5, linespacing=1.0)
        ax.tick_params(axis="x", length=0, pad=3)
        ax.set_xlim(-0.7, len(x) - 0.3)
        if share:
            ax.set_ylabel("占GDP比重 Share of GDP (%)")
            ax.axhline(100.0 * PROVINCE_COUNT_SHARE, color=GROWTH_COLOR, linewidth=1.0, linestyle="--",
                       label=f"{100 * PROVINCE_COUNT_SHARE:g}%", zorder=3)
            legend_top((ax,))
        else:
            value_axis(ax, report)
            _growth_dots(ax, x, 100.0 * prov[growth_column].to_numpy(float), f"{year}年{label}增速 growth (%)")
        decorate(fig, report, f"{year}年{titles[0]}", f"{titles[1]}, {year}", note=f"注：按{year}年数值降序排列。")
        fig.canvas.draw()
    return fig


def province_core_figure(report) -> Figure:
    """Figure 7: the provinces' core value added, sorted, with the core growth."""
    return _province_bars(report, "core", "core_growth", CORE_COLOR,
                          ("分省工业互联网核心产业增加值", "Province IIE core value added"), "核心产业 Core")


def province_penetration_figure(report) -> Figure:
    """Figure 8: the provinces' penetration value added, sorted, with the penetration growth."""
    return _province_bars(report, "penetration", "penetration_growth", PEN_COLOR,
                          ("分省工业互联网渗透产业增加值", "Province IIE penetration value added"),
                          "渗透产业 Penetration")


def province_share_figure(report) -> Figure:
    """Figure 9: the provinces' IIE value added as a share of their GDP (total / GDP), sorted."""
    return _province_bars(report, "share_of_gdp", None, CORE_COLOR,
                          ("分省工业互联网带动增加值占GDP比重", "Province IIE value added, share of GDP"),
                          "占GDP比重 Share of GDP")
