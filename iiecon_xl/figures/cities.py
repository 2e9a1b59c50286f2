"""The top cities' development index as bars coloured by tier, with the tier thresholds the
report was computed with (``report.parameters``) as labelled lines."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .frame import decorate
from .style import GRID_COLOR, new_figure, style, tier_color
from .text import pct, tier_label, tier_name, tier_thresholds, vertical

#: how many cities the chart shows by default: the report analyses the top 100 cities (METHOD.md §7), as the book's city chart does
TOP_CITIES = 100


def threshold_lines(ax, thresholds, top_y: float) -> None:
    """A dashed line per tier threshold below ``top_y``, labelled at the right edge."""
    for k, t in enumerate(thresholds, start=1):
        if t > top_y:
            continue
        ax.axhline(t, color=tier_color(k, ink=True), linestyle="--", linewidth=1.0, zorder=1)
        ax.annotate(tier_label(k, thresholds), (1.0, t), xycoords=("axes fraction", "data"),
                    xytext=(6, 0), textcoords="offset points", ha="left", va="center", fontsize=8.5,
                    color=tier_color(k, ink=True), annotation_clip=False)


def tier_legend(ax, tiers, thresholds) -> None:
    """A legend entry for each tier present (未入梯队 last)."""
    present = sorted(set(int(k) for k in tiers), key=lambda k: (k == 0, k))
    handles = [Patch(color=tier_color(k), label=tier_label(k, thresholds) if k else tier_name(0))
               for k in present]
    ax.legend(handles=handles, loc="upper center", ncols=len(handles), bbox_to_anchor=(0.5, 1.0))


def city_note(report) -> str:
    """The index formula with the report's N, and the top-N shares of the nation when present."""
    P = report.parameters
    note = (f"注：发展指数 CI = N × ln(1 + X / X均)，N = {float(P.city_index_N):g}，"
            f"X为城市工业互联网带动增加值，X均为全部城市的平均值。")
    if "top_shares" in report.tables:
        shares = report["top_shares"].set_index("top_n")["share"]
        parts = [f"前{int(n)}位城市占全国{pct(shares[n])}" for n in P.top_n if n in shares.index]
        if parts:
            note += "、".join(parts) + "。"
    return note


def city_index_figure(report, top: int = TOP_CITIES) -> Figure:
    """The top cities' development index as bars coloured by tier, thresholds as labelled lines."""
    cities = report["cities"].sort_values(["rank", "city"], kind="mergesort").head(top)
    year = int(cities["year"].iloc[0]) if len(cities) else report.years[-1]
    thresholds = tier_thresholds(report)
    idx = cities["index"].to_numpy(float)
    tiers = cities["tier"].astype(int).to_numpy()
    x = np.arange(len(cities))
    n = len(cities)
    with style():
        fig = new_figure(float(np.clip(3.6 + 0.25 * n, 9.0, 12.0)), 5.6)  # ≤ 12 in: a page wide
        ax = fig.add_subplot()
        ax.bar(x, idx, width=0.68, color=[tier_color(k) for k in tiers], zorder=2)
        if n <= 45:                               # value labels only while they fit above the bars
            for xi, v in zip(x, idx):
                ax.text(xi, v + 0.6, f"{v:.1f}", ha="center", va="bottom", fontsize=7, color="#333333")
        top_y = max(float(np.nanmax(idx)) if len(idx) else 0.0, thresholds[0]) * 1.12
        ax.set_ylim(0, top_y)
        ax.set_xlim(-0.7, len(x) - 0.3)
        threshold_lines(ax, thresholds, top_y)
        ax.set_xticks(x, [vertical(c) for c in cities["city"]], fontsize=8.5 if n <= 45 else 7.5 if n <= 60 else 5.5,
                      linespacing=1.0)
        ax.tick_params(axis="x", length=0, pad=3)
        ax.set_ylabel("发展指数 Development index")
        ax.yaxis.set_major_locator(MaxNLocator(6, integer=True))
        ax.grid(axis="y", color=GRID_COLOR, zorder=0)
        ax.set_axisbelow(True)
        tier_legend(ax, tiers, thresholds)
        decorate(fig, report, f"{year}年城市工业互联网发展指数（前{len(cities)}位）",
                 f"City IIE development index, top {len(cities)} ({year})", note=city_note(report))
        fig.canvas.draw()
    return fig
