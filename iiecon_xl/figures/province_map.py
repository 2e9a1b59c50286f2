"""The provinces' latest-year total as a tile-grid heat map: one square per province, placed
roughly where it lies (positions in ``resources/province_tiles.csv``)."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import reference
from .frame import decorate, latest
from .style import money_axis, new_figure, style
from .text import fmt, unit_text

TILE_GAP = 0.06


province_tiles = reference.province_tiles  # one reader of the tile positions (the book's map uses it too)


def draw_tile(ax, r: int, c: int, name: str, v: float, face, dark: bool) -> None:
    """One province: a coloured square, its short name and its value (or 无数据)."""
    ax.add_patch(Rectangle((c + TILE_GAP / 2, r + TILE_GAP / 2), 1 - TILE_GAP, 1 - TILE_GAP, facecolor=face,
                           edgecolor="white", linewidth=1.0))
    ink = "white" if dark else "#222222"
    ax.text(c + 0.5, r + 0.40, name, ha="center", va="center", fontsize=10.5, color=ink)
    ax.text(c + 0.5, r + 0.70, fmt(v) if np.isfinite(v) else "无数据", ha="center", va="center",
            fontsize=7.5, color=ink)


def province_map_figure(report, cmap: str = "YlOrRd") -> Figure:
    """Tile-grid heat map of the provinces' latest-year total (one square per province)."""
    year, prov = latest(report, "provinces")
    ref = reference.provinces()
    tiles = province_tiles()
    value = {ref.at[int(c), "abbr"]: float(v) for c, v in zip(prov["province_code"], prov["total"])
             if int(c) in ref.index}
    vals = np.array([v for v in value.values() if np.isfinite(v)], dtype=float)
    norm = Normalize(vmin=float(vals.min()) if len(vals) else 0.0, vmax=float(vals.max()) if len(vals) else 1.0)
    colormap = matplotlib.colormaps[cmap]
    short = ref.set_index("abbr")["short_zh"]
    nrow, ncol = int(tiles["row"].max()) + 1, int(tiles["col"].max()) + 1
    with style():
        fig = new_figure(8.6, 7.4)
        ax = fig.add_subplot()
        for abbr, pos in tiles.iterrows():
            v = value.get(abbr, float("nan"))
            face = colormap(norm(v)) if np.isfinite(v) else "#EEEEEE"
            draw_tile(ax, int(pos["row"]), int(pos["col"]), short.get(abbr, abbr), v, face,
                      bool(np.isfinite(v) and norm(v) > 0.55))
        ax.set_xlim(-0.1, ncol + 0.1)
        ax.set_ylim(nrow + 0.1, -0.1)
        ax.set_aspect("equal")
        ax.axis("off")
        sm = matplotlib.cm.ScalarMappable(norm=norm, cmap=colormap)
        cb = fig.colorbar(sm, ax=ax, orientation="horizontal", shrink=0.55, aspect=30, pad=0.02)
        cb.set_label(f"{year}年工业互联网带动增加值 IIE-driven value added{unit_text(report)}")
        cb.ax.xaxis.set_major_formatter(money_axis)
        cb.outline.set_visible(False)
        decorate(fig, report, f"{year}年分省工业互联网带动增加值热力图",
                 f"Provincial IIE-driven value added, {year}",
                 note="注：方块图，每省一格，位置示意地理方位，不代表面积；台湾、香港、澳门未列入。")
        fig.canvas.draw()
    return fig
