"""What every chart has around its plot: title and footnote, the legend above the plot, the
growth axis in a band of the height, value-axis limits, and the latest year of a table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .style import GRID_COLOR, NOTE_COLOR, money_axis, pct_axis
from .text import footnote_lines, text_width, unit_text


def decorate(fig: Figure, report, title_zh: str, title_en: str, note: str = "") -> None:
    """Title (Chinese first, English beside) and note + data label as a small footnote."""
    fig.suptitle(f"{title_zh}    {title_en}", fontsize=12.5, x=0.5, ha="center")
    fs = 7.0
    lines = footnote_lines(report, note, fig.get_figwidth() * 72.0 * 0.97, fs)
    if lines:
        fig.text(0.012, 0.01, "\n".join(lines), fontsize=fs, color=NOTE_COLOR, ha="left", va="bottom",
                 linespacing=1.35)
        reserve = (len(lines) * fs * 1.4 + 8.0) / 72.0 / fig.get_figheight()
        fig.get_layout_engine().set(rect=(0, reserve, 1, 1 - reserve))


def legend_top(axes, ncols: int | None = None) -> None:
    """One legend for the bars and the line, just above the plot (under the title)."""
    handles = [h for ax in axes for h in ax.get_legend_handles_labels()[0]]
    axes[0].legend(handles, [h.get_label() for h in handles], loc="lower center", bbox_to_anchor=(0.5, 1.0),
                   ncols=ncols or len(handles), handlelength=1.6, columnspacing=1.8, borderaxespad=0.3)


def growth_axis(ax2, growth: np.ndarray, low: float, high: float, label: str = "增速 Growth (%)") -> None:
    """Put the growth values (in %) in the band [low, high] of the height; ticks, spine and label only there."""
    ok = growth[np.isfinite(growth)]
    if len(ok) == 0:
        ax2.set_yticks([])
        return
    gmin, gmax = float(ok.min()), float(ok.max())
    half = max((gmax - gmin) / 2, 1.0)
    mid = (gmax + gmin) / 2
    gmin, gmax = mid - half, mid + half
    span = (gmax - gmin) / (high - low)
    bottom = gmin - low * span
    ax2.set_ylim(bottom, bottom + span)
    ticks = [t for t in MaxNLocator(3, steps=[1, 2, 2.5, 5, 10]).tick_values(gmin, gmax) if gmin - 1e-9 <= t <= gmax + 1e-9]
    ax2.set_yticks(ticks)
    if ticks:
        ax2.spines["right"].set_bounds(min(ticks[0], float(ok.min())), max(ticks[-1], float(ok.max())))
    ax2.yaxis.set_major_formatter(pct_axis)
    width = max((text_width(pct_axis(t, None), 8.5) for t in ticks), default=0.0)
    ax2.annotate(label, (1.0, (low + high) / 2), xycoords="axes fraction", xytext=(width + 12, 0),
                 textcoords="offset points", rotation=90, ha="left", va="center", fontsize=9,
                 annotation_clip=False)
    ax2.spines["top"].set_visible(False)
    ax2.spines["right"].set_visible(True)


def band(values, low: float, high: float):
    """Axis limits that put ``values`` between fractions ``low`` and ``high`` of the axis height."""
    v = np.asarray([x for x in values if np.isfinite(x)], dtype=float)
    if len(v) == 0:
        return 0.0, 1.0
    vmin, vmax = float(min(v.min(), 0.0)), float(v.max())
    if vmax - vmin < 1e-9:
        vmax = vmin + 1.0
    span = (vmax - vmin) / (high - low)
    bottom = vmin - low * span
    return bottom, bottom + span


def value_axis(ax, report) -> None:
    """The left axis of a value-added chart: label with the unit, thousands ticks, a light grid."""
    ax.set_ylabel(f"增加值 Value added{unit_text(report)}")
    ax.yaxis.set_major_formatter(money_axis)
    ax.yaxis.set_major_locator(MaxNLocator(6))
    ax.grid(axis="y", color=GRID_COLOR, zorder=0)
    ax.set_axisbelow(True)


def latest(report, table: str) -> tuple[int, pd.DataFrame]:
    """The latest year of ``table`` and its rows."""
    frame = report[table]
    year = int(frame["year"].max())
    return year, frame[frame["year"] == year]
