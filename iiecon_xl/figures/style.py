"""The look of every figure: colours, resolution, the matplotlib settings (CJK font first) and
the Agg canvas. Nothing global changes: settings apply inside :func:`style` only, no pyplot."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .fonts import cjk_font_family

DPI = 150

# colours: core dark blue, penetration light blue, growth red; tiers dark → light
CORE_COLOR = "#1F4E79"
PEN_COLOR = "#7FA7D1"
GROWTH_COLOR = "#C0392B"
TIER_COLORS = ("#8E1B1B", "#D9531E", "#F0A04B", "#F3CF7E")
TIER_INK = ("#8E1B1B", "#C2461A", "#C27516", "#A6841F")     # darker, for lines and labels
NO_TIER_COLOR = "#BFBFBF"
GRID_COLOR = "#E3E3E3"
NOTE_COLOR = "#666666"

money_axis = FuncFormatter(lambda v, _pos: f"{v:,.0f}" if abs(v) >= 10 or v == 0 else f"{v:,.1f}")
pct_axis = FuncFormatter(lambda v, _pos: f"{v:.0f}%" if abs(v) >= 5 or v == 0 else f"{v:.1f}%")


@contextmanager
def style():
    """matplotlib settings of every figure: the CJK font first, DejaVu Sans as fallback."""
    family = cjk_font_family()
    with matplotlib.rc_context({
        "font.family": [family, "DejaVu Sans"],
        "font.size": 9.5,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
        "axes.labelsize": 9.5,
        "xtick.labelsize": 8.5,
        "ytick.labelsize": 8.5,
        "legend.fontsize": 8.5,
        "legend.frameon": False,
        "savefig.dpi": DPI,
        "figure.dpi": DPI,
    }):
        yield


def new_figure(width: float, height: float, layout: str | None = "constrained") -> Figure:
    """A figure on its own Agg canvas (no pyplot, no global backend)."""
    fig = Figure(figsize=(width, height), dpi=DPI, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def save_figure(fig: Figure, path) -> Path:
    """Write ``fig`` as PNG (dpi 150, white background) with the CJK font active."""
    path = Path(path)
    with style():
        fig.savefig(path, dpi=DPI, facecolor="white")
    return path


def tier_color(k: int, ink: bool = False) -> str:
    """Fill colour of tier ``k`` (``ink``: the darker shade for lines and labels); grey below the tiers."""
    if k < 1:
        return "#808080" if ink else NO_TIER_COLOR
    palette = TIER_INK if ink else TIER_COLORS
    return palette[min(k, len(palette)) - 1]
