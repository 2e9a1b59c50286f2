"""The tier table (the report's Table 1 form) as an image: tier, index range, count and the
cities in rank order, drawn as a three-line table sized to its content."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .style import NOTE_COLOR, new_figure, style
from .text import footnote_lines, tier_name, wrap_list

FONT_SIZE = 10.0
HEADER = ("梯队\nTier", "指数区间\nIndex range", "数量\nCount", "城市名单（按排名）\nCities, in rank order")
STRIPE = "#F3F6FA"


@dataclass
class Geometry:
    """Sizes in inches of a table ``width`` wide: column edges, line height, paddings."""

    width: float
    col_w: list[float]
    xs: np.ndarray              # column edges, left to right
    line_h: float
    head_h: float
    top_pad: float
    height: float = 0.0

    @classmethod
    def of(cls, width: float) -> "Geometry":
        line_h = FONT_SIZE * 1.75 / 72.0                            # inches per text line
        col_w = [1.25, 1.35, 0.85]
        col_w.append(width - 0.5 - sum(col_w))                      # the city list takes the rest
        xs = np.concatenate([[0.25], 0.25 + np.cumsum(col_w)])
        return cls(width, col_w, xs, line_h, 2 * line_h + 0.12, 0.75)

    @property
    def chars(self) -> int:
        """Characters of the city list per line."""
        return max(8, int((self.col_w[3] - 0.25) * 72.0 / FONT_SIZE))

    def row_height(self, lines: int) -> float:
        return lines * self.line_h + 0.16


def tier_rows(report, geo: Geometry) -> list[tuple[str, str, str, list[str]]]:
    """(tier name, index range, count, wrapped city lines) for every row of the tier table."""
    rows = []
    for _, r in report["tiers"].iterrows():
        rows.append((tier_name(int(r["tier"])), str(r["index_range"]), str(int(r["count"])),
                     wrap_list(r["cities"], geo.chars)))
    return rows


def draw_header(ax, geo: Geometry, y: float) -> float:
    """The top rule, the two-line headers and the rule under them; returns the y below."""
    xs, col_w = geo.xs, geo.col_w
    ax.plot([xs[0], xs[-1]], [y, y], color="black", linewidth=1.4)
    for j, h in enumerate(HEADER):
        ax.text(xs[j] + (0.12 if j == 3 else col_w[j] / 2), y + geo.head_h / 2, h, ha="left" if j == 3 else "center",
                va="center", fontsize=FONT_SIZE, linespacing=1.35)
    y += geo.head_h
    ax.plot([xs[0], xs[-1]], [y, y], color="black", linewidth=0.8)
    return y


def draw_rows(ax, geo: Geometry, rows, y: float) -> float:
    """The body, every other row striped, then the bottom rule; returns the y below."""
    xs, col_w = geo.xs, geo.col_w
    for i, (name, rng, count, lines) in enumerate(rows):
        h = geo.row_height(len(lines))
        if i % 2 == 1:
            ax.add_patch(Rectangle((xs[0], y), xs[-1] - xs[0], h, facecolor=STRIPE, edgecolor="none", zorder=0))
        mid = y + h / 2
        for j, text in enumerate((name, rng, count)):
            ax.text(xs[j] + col_w[j] / 2, mid, text, ha="center", va="center", fontsize=FONT_SIZE)
        for n, line in enumerate(lines):
            ax.text(xs[3] + 0.12, y + 0.08 + (n + 0.5) * geo.line_h, line, ha="left", va="center", fontsize=FONT_SIZE)
        y += h
    ax.plot([xs[0], xs[-1]], [y, y], color="black", linewidth=1.4)
    return y


def titles(report) -> tuple[str, str]:
    """Chinese and English title, with the city data year when the report has cities."""
    has = "cities" in report.tables and len(report["cities"])
    year = int(report["cities"]["year"].iloc[0]) if has else None
    if year:
        return (f"{year}年主要城市工业互联网发展梯队（表1）",
                f"Tiers of the main cities by IIE development index ({year})")
    return "主要城市工业互联网发展梯队（表1）", "Tiers of the main cities by IIE development index"


def tiers_figure(report, width: float = 10.0) -> Figure:
    """The tier table (tier, index range, count, cities in rank order) as a three-line table."""
    geo = Geometry.of(width)
    rows = tier_rows(report, geo)
    total = int(report["tiers"]["count"].sum())
    foot = footnote_lines(report, f"注：共{total}个城市入梯队；城市按发展指数由高到低排列。", (width - 0.5) * 72.0)
    bottom_pad = 0.25 + len(foot) * 7.0 * 1.4 / 72.0
    geo.height = geo.top_pad + geo.head_h + sum(geo.row_height(len(r[3])) for r in rows) + bottom_pad
    with style():
        fig = new_figure(width, geo.height, layout=None)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(geo.height, 0)
        ax.axis("off")
        y = draw_rows(ax, geo, rows, draw_header(ax, geo, geo.top_pad))
        title_zh, title_en = titles(report)
        ax.text(width / 2, geo.top_pad / 2, f"{title_zh}    {title_en}", ha="center", va="center", fontsize=12.5)
        if foot:
            ax.text(geo.xs[0], y + 0.12, "\n".join(foot), ha="left", va="top", fontsize=7, color=NOTE_COLOR,
                    linespacing=1.35)
        fig.canvas.draw()
    return fig
