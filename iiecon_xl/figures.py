"""Report figures (METHOD.md §8): PNG charts like the yearly report's, from a pipeline Report.

``make_figures(report, folder)`` writes five PNGs and returns their paths:

- ``national.png``      core and penetration value added stacked by year, nominal growth
                        of the total as a line on a secondary axis (%);
- ``provinces.png``     the 31 provinces' latest-year total, sorted, core/penetration
                        stacked, growth as dots on a secondary axis;
- ``province_map.png``  a tile-grid heat map of the provinces' latest-year total (tile
                        positions in ``resources/province_tiles.csv``);
- ``city_index.png``    the top cities' development index coloured by tier, with the tier
                        thresholds as labelled lines;
- ``tiers.png``         the tier table (the report's Table 1 form) as an image.

Each ``*_figure(report)`` function returns the :class:`matplotlib.figure.Figure` (for
embedding, e.g. ``xlwings`` ``sheet.pictures.add(fig)``); save it with
:func:`save_figure` so the CJK font is active while it is drawn.

Chinese text needs a CJK font. It comes from the PyPI package ``noto-cjk-sans-otc``
(Noto Sans CJK, OFL-1.1: ``noto_cjk_sans_otc/NotoSansCJK-Regular.ttc``), registered with
matplotlib's font manager at first use; failing that, any CJK font matplotlib already
knows (Noto/Source Han CJK, *Hei*, *Song*, WenQuanYi …) is used; failing that,
:class:`CJKFontMissingError` says what to install. Drawing uses the Agg canvas only
(no pyplot, no global backend switch, nothing is shown).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import reference

#: the pip package that carries the CJK font, and the file inside it
CJK_FONT_PACKAGE = "noto-cjk-sans-otc"
CJK_FONT_MODULE = "noto_cjk_sans_otc"
CJK_FONT_FILE = "NotoSansCJK-Regular.ttc"
#: substrings that mark an installed font as CJK-capable, best first
CJK_NAME_HINTS = ("CJK SC", "Source Han Sans SC", "CJK", "Source Han", "WenQuanYi", "Hei", "Song")

DPI = 150
FIGURE_FILES = ("national.png", "provinces.png", "province_map.png", "city_index.png", "tiers.png")
DEFAULT_THRESHOLDS = (50.0, 35.0, 25.0, 17.0)

# colours: core dark blue, penetration light blue, growth red; tiers dark → light
CORE_COLOR = "#1F4E79"
PEN_COLOR = "#7FA7D1"
GROWTH_COLOR = "#C0392B"
TIER_COLORS = ("#8E1B1B", "#D9531E", "#F0A04B", "#F3CF7E")
TIER_INK = ("#8E1B1B", "#C2461A", "#C27516", "#A6841F")     # darker, for lines and labels
NO_TIER_COLOR = "#BFBFBF"
GRID_COLOR = "#E3E3E3"
NOTE_COLOR = "#666666"

_CN_DIGITS = "零一二三四五六七八九十"


class CJKFontMissingError(RuntimeError):
    """No font able to draw Chinese characters was found."""


# ---------------------------------------------------------------- fonts

def _packaged_font_path() -> Path | None:
    """The .ttc file of the ``noto-cjk-sans-otc`` package, or None when it is not installed."""
    try:
        path = resources.files(CJK_FONT_MODULE).joinpath(CJK_FONT_FILE)
    except (ModuleNotFoundError, TypeError):
        return None
    try:
        path = Path(str(path))
    except TypeError:  # pragma: no cover - zipped install; matplotlib needs a real file
        return None
    return path if path.is_file() else None


def _pick(names) -> str | None:
    """The best CJK family among ``names`` (Simplified-Chinese faces first)."""
    names = sorted(set(names))
    for hint in CJK_NAME_HINTS:
        hits = [n for n in names if hint.lower() in n.lower() and "mono" not in n.lower()]
        hits = hits or [n for n in names if hint.lower() in n.lower()]
        if hits:
            return hits[0]
    return None


@lru_cache(maxsize=1)
def cjk_font_family() -> str:
    """The family name of the CJK font used for every figure, registering the packaged font once.

    Order: the ``noto-cjk-sans-otc`` package (its .ttc collection is added to
    ``matplotlib.font_manager.fontManager``; its Simplified-Chinese face "Noto Sans CJK SC"
    is chosen), then any installed CJK font matplotlib already lists. Raises
    :class:`CJKFontMissingError` when there is none.
    """
    path = _packaged_font_path()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        mine = [f.name for f in font_manager.fontManager.ttflist if Path(f.fname) == path]
        name = _pick(mine)
        if name:
            return name
    name = _pick(f.name for f in font_manager.fontManager.ttflist)
    if name:
        return name
    raise CJKFontMissingError(
        f"no CJK font for the Chinese labels of the figures: install the font package with "
        f"`pip install {CJK_FONT_PACKAGE}` (or install any CJK font, e.g. Noto Sans CJK SC, "
        f"that matplotlib can find)")


@contextmanager
def _style():
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


def _new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def save_figure(fig: Figure, path) -> Path:
    """Write ``fig`` as PNG (dpi 150, white background) with the CJK font active."""
    path = Path(path)
    with _style():
        fig.savefig(path, dpi=DPI, facecolor="white")
    return path


# ---------------------------------------------------------------- helpers

def _fmt(v: float) -> str:
    """Thousands separators; decimals only where the value is small."""
    if v is None or not np.isfinite(v):
        return "–"
    a = abs(v)
    if a >= 100:
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:,.1f}"
    return f"{v:,.2f}"


def _pct(v: float) -> str:
    return "–" if v is None or not np.isfinite(v) else f"{100.0 * v:.1f}%"


_money_axis = FuncFormatter(lambda v, _pos: f"{v:,.0f}" if abs(v) >= 10 or v == 0 else f"{v:,.1f}")
_pct_axis = FuncFormatter(lambda v, _pos: f"{v:.0f}%" if abs(v) >= 5 or v == 0 else f"{v:.1f}%")


def _unit_text(report) -> str:
    return f"（{report.unit}）" if report.unit else ""


def _text_width(text: str, fontsize: float) -> float:
    """Rough printed width in points: CJK characters a full em, others about half."""
    return sum(fontsize if ord(c) > 0x2E80 else 0.55 * fontsize for c in text)


def _wrap_mixed(text: str, width_pt: float, fontsize: float) -> list[str]:
    """Wrap Chinese/English text to ``width_pt`` points, breaking at spaces or between CJK characters."""
    lines: list[str] = []
    for para in str(text).splitlines() or [""]:
        cur = ""
        for token in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", para):
            if cur and _text_width(cur + token.rstrip(), fontsize) > width_pt:
                lines.append(cur.rstrip())
                cur = token.lstrip()
            else:
                cur += token
        lines.append(cur.rstrip())
    return lines


def _footnote_lines(fig: Figure, report, note: str, fontsize: float = 7.0) -> list[str]:
    width_pt = fig.get_figwidth() * 72.0 * 0.97
    lines: list[str] = []
    for part in (note, report.label or ""):
        if part:
            lines += _wrap_mixed(part, width_pt, fontsize)
    return lines


def _decorate(fig: Figure, report, title_zh: str, title_en: str, note: str = "") -> None:
    """Title (Chinese first, English beside) and note + data label as a small footnote."""
    fig.suptitle(f"{title_zh}    {title_en}", fontsize=12.5, x=0.5, ha="center")
    lines = _footnote_lines(fig, report, note)
    if lines:
        fs = 7.0
        fig.text(0.012, 0.01, "\n".join(lines), fontsize=fs, color=NOTE_COLOR, ha="left", va="bottom",
                 linespacing=1.35)
        reserve = (len(lines) * fs * 1.4 + 8.0) / 72.0 / fig.get_figheight()
        fig.get_layout_engine().set(rect=(0, reserve, 1, 1 - reserve))


def _legend_top(axes, ncols: int | None = None) -> None:
    """One legend for the bars and the line, just above the plot (under the title)."""
    handles = [h for ax in axes for h in ax.get_legend_handles_labels()[0]]
    axes[0].legend(handles, [h.get_label() for h in handles], loc="lower center", bbox_to_anchor=(0.5, 1.0),
                   ncols=ncols or len(handles), handlelength=1.6, columnspacing=1.8, borderaxespad=0.3)


def _growth_axis(ax2, growth: np.ndarray, low: float, high: float, label: str = "增速 Growth (%)") -> None:
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
    ax2.yaxis.set_major_formatter(_pct_axis)
    width = max((_text_width(_pct_axis(t, None), 8.5) for t in ticks), default=0.0)
    ax2.annotate(label, (1.0, (low + high) / 2), xycoords="axes fraction", xytext=(width + 12, 0),
                 textcoords="offset points", rotation=90, ha="left", va="center", fontsize=9,
                 annotation_clip=False)
    ax2.spines["top"].set_visible(False)
    ax2.spines["right"].set_visible(True)


def _band(values, low: float, high: float):
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


def _vertical(name: str) -> str:
    """A Chinese name written top to bottom, one character a line (Latin text left as is)."""
    return "\n".join(name) if all(ord(c) > 0x2E80 for c in name) else name


def _cn_number(k: int) -> str:
    if 0 <= k <= 10:
        return _CN_DIGITS[k]
    if k < 20:
        return "十" + _CN_DIGITS[k - 10]
    return str(k)


def tier_name(k: int) -> str:
    """1 → 第一梯队 …; 0 (below the last threshold) → 未入梯队."""
    return f"第{_cn_number(int(k))}梯队" if k >= 1 else "未入梯队"


def tier_thresholds(report) -> tuple[float, ...]:
    """The tier thresholds of a report, read back from its tier table's index ranges."""
    if "tiers" not in report.tables:
        return DEFAULT_THRESHOLDS
    out = []
    for text in report["tiers"]["index_range"].astype(str):
        nums = re.findall(r"[-+]?\d+(?:\.\d+)?", text)
        if not nums:
            return DEFAULT_THRESHOLDS
        out.append(float(nums[0]))
    return tuple(out) if out else DEFAULT_THRESHOLDS


def _tier_label(k: int, thresholds) -> str:
    lo = thresholds[k - 1]
    rng = f"≥{lo:g}" if k == 1 else f"{lo:g}–{thresholds[k - 2]:g}"
    return f"{tier_name(k)} {rng}"


def _tier_color(k: int, ink: bool = False) -> str:
    if k < 1:
        return "#808080" if ink else NO_TIER_COLOR
    palette = TIER_INK if ink else TIER_COLORS
    return palette[min(k, len(palette)) - 1]


@lru_cache(maxsize=1)
def province_tiles() -> pd.DataFrame:
    """Tile-grid positions of the 31 provinces: index abbr (BJ …); columns row, col (0 = north / west)."""
    with resources.files("iiecon_xl").joinpath("resources", "province_tiles.csv").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh).set_index("abbr")


def _latest(report, table: str) -> tuple[int, pd.DataFrame]:
    frame = report[table]
    year = int(frame["year"].max())
    return year, frame[frame["year"] == year]


# ---------------------------------------------------------------- figures

def national_figure(report) -> Figure:
    """Core and penetration value added stacked by year; nominal growth of the total on a % axis."""
    nat = report["national"].sort_values("year")
    years = nat["year"].astype(int).to_numpy()
    core = nat["core"].to_numpy(float)
    pen = nat["penetration"].to_numpy(float)
    total = nat["total"].to_numpy(float)
    growth = 100.0 * nat["total_growth"].to_numpy(float)
    x = np.arange(len(years))
    with _style():
        fig = _new_figure(9.0, 5.4)
        ax = fig.add_subplot()
        ax.bar(x, core, width=0.6, color=CORE_COLOR, label="核心产业增加值 Core", zorder=2)
        ax.bar(x, pen, width=0.6, bottom=core, color=PEN_COLOR, label="渗透产业增加值 Penetration", zorder=2)
        for xi, t in zip(x, total):
            ax.text(xi, t, _fmt(t), ha="center", va="bottom", fontsize=8, color="#333333")
        ax.set_ylim(*_band(total, 0.0, 0.74))
        ax.set_xticks(x, [str(y) for y in years])
        ax.set_xlabel("年份 Year")
        ax.set_ylabel(f"增加值 Value added{_unit_text(report)}")
        ax.yaxis.set_major_formatter(_money_axis)
        ax.yaxis.set_major_locator(MaxNLocator(6))
        ax.grid(axis="y", color=GRID_COLOR, zorder=0)
        ax.set_axisbelow(True)
        ax.set_xlim(-0.6, len(x) - 0.4)

        ax2 = ax.twinx()
        ok = np.isfinite(growth)
        ax2.plot(x[ok], growth[ok], color=GROWTH_COLOR, marker="o", markersize=5, linewidth=1.8,
                 label="合计名义增速 Nominal growth of total (%)", zorder=3)
        for xi, g in zip(x[ok], growth[ok]):
            ax2.annotate(f"{g:.1f}%", (xi, g), textcoords="offset points", xytext=(0, 7), ha="center",
                         fontsize=8, color=GROWTH_COLOR)
        _growth_axis(ax2, growth, 0.78, 0.93)
        _legend_top((ax, ax2))
        last = years[-1]
        _decorate(fig, report, "全国工业互联网带动增加值及增速", "National IIE-driven value added and growth",
                  note=f"注：柱顶数字为合计（{report.unit}）；{last}年核心产业 {_fmt(core[-1])}、"
                       f"渗透产业 {_fmt(pen[-1])}。")
        fig.canvas.draw()
    return fig


def provinces_figure(report) -> Figure:
    """The provinces' latest-year total sorted descending, core/penetration stacked, growth as dots."""
    year, prov = _latest(report, "provinces")
    ref = reference.provinces()
    prov = prov.sort_values(["total", "province_code"], ascending=[False, True])
    names = [ref["short_zh"].get(int(c), n) for c, n in zip(prov["province_code"], prov["province"])]
    core = prov["core"].to_numpy(float)
    pen = prov["penetration"].to_numpy(float)
    total = prov["total"].to_numpy(float)
    growth = 100.0 * prov["total_growth"].to_numpy(float)
    x = np.arange(len(names))
    with _style():
        fig = _new_figure(11.0, 5.8)
        ax = fig.add_subplot()
        ax.bar(x, core, width=0.66, color=CORE_COLOR, label="核心产业增加值 Core", zorder=2)
        ax.bar(x, pen, width=0.66, bottom=core, color=PEN_COLOR, label="渗透产业增加值 Penetration", zorder=2)
        ax.set_ylim(*_band(total, 0.0, 0.76))
        ax.set_xticks(x, [_vertical(n) for n in names], fontsize=8.5, linespacing=1.0)
        ax.tick_params(axis="x", length=0, pad=3)
        ax.set_xlim(-0.7, len(x) - 0.3)
        ax.set_ylabel(f"增加值 Value added{_unit_text(report)}")
        ax.yaxis.set_major_formatter(_money_axis)
        ax.yaxis.set_major_locator(MaxNLocator(6))
        ax.grid(axis="y", color=GRID_COLOR, zorder=0)
        ax.set_axisbelow(True)

        ax2 = ax.twinx()
        ok = np.isfinite(growth)
        ax2.plot(x[ok], growth[ok], linestyle="none", marker="o", markersize=5, color=GROWTH_COLOR,
                 label=f"{year}年名义增速 Nominal growth (%)", zorder=3)
        _growth_axis(ax2, growth, 0.80, 0.97)
        _legend_top((ax, ax2))
        over = int((total >= 1000).sum()) if report.unit == "亿元" else None
        note = f"注：按{year}年合计降序排列" + (f"；{over}个省份超过1,000亿元" if over is not None else "") + "。"
        _decorate(fig, report, f"{year}年分省工业互联网带动增加值",
                  f"IIE-driven value added by province, {year}", note=note)
        fig.canvas.draw()
    return fig


def province_map_figure(report, cmap: str = "YlOrRd") -> Figure:
    """Tile-grid heat map of the provinces' latest-year total (one square per province)."""
    year, prov = _latest(report, "provinces")
    ref = reference.provinces()
    tiles = province_tiles()
    value = {ref.at[int(c), "abbr"]: float(v) for c, v in zip(prov["province_code"], prov["total"])
             if int(c) in ref.index}
    vals = np.array([v for v in value.values() if np.isfinite(v)], dtype=float)
    norm = Normalize(vmin=float(vals.min()) if len(vals) else 0.0, vmax=float(vals.max()) if len(vals) else 1.0)
    colormap = matplotlib.colormaps[cmap]
    short = ref.set_index("abbr")["short_zh"]
    nrow, ncol = int(tiles["row"].max()) + 1, int(tiles["col"].max()) + 1
    with _style():
        fig = _new_figure(8.6, 7.4)
        ax = fig.add_subplot()
        gap = 0.06
        for abbr, pos in tiles.iterrows():
            r, c = int(pos["row"]), int(pos["col"])
            v = value.get(abbr, float("nan"))
            face = colormap(norm(v)) if np.isfinite(v) else "#EEEEEE"
            ax.add_patch(Rectangle((c + gap / 2, r + gap / 2), 1 - gap, 1 - gap, facecolor=face,
                                   edgecolor="white", linewidth=1.0))
            dark = np.isfinite(v) and norm(v) > 0.55
            ink = "white" if dark else "#222222"
            ax.text(c + 0.5, r + 0.40, short.get(abbr, abbr), ha="center", va="center", fontsize=10.5, color=ink)
            ax.text(c + 0.5, r + 0.70, _fmt(v) if np.isfinite(v) else "无数据", ha="center", va="center",
                    fontsize=7.5, color=ink)
        ax.set_xlim(-0.1, ncol + 0.1)
        ax.set_ylim(nrow + 0.1, -0.1)
        ax.set_aspect("equal")
        ax.axis("off")
        sm = matplotlib.cm.ScalarMappable(norm=norm, cmap=colormap)
        cb = fig.colorbar(sm, ax=ax, orientation="horizontal", shrink=0.55, aspect=30, pad=0.02)
        cb.set_label(f"{year}年工业互联网带动增加值 IIE-driven value added{_unit_text(report)}")
        cb.ax.xaxis.set_major_formatter(_money_axis)
        cb.outline.set_visible(False)
        _decorate(fig, report, f"{year}年分省工业互联网带动增加值热力图",
                  f"Provincial IIE-driven value added, {year}",
                  note="注：方块图，每省一格，位置示意地理方位，不代表面积；台湾、香港、澳门未列入。")
        fig.canvas.draw()
    return fig


def city_index_figure(report, top: int = 30) -> Figure:
    """The top cities' development index as bars coloured by tier, thresholds as labelled lines."""
    cities = report["cities"].sort_values(["rank", "city"], kind="mergesort").head(top)
    year = int(cities["year"].iloc[0]) if len(cities) else report.years[-1]
    thresholds = tier_thresholds(report)
    idx = cities["index"].to_numpy(float)
    tiers = cities["tier"].astype(int).to_numpy()
    x = np.arange(len(cities))
    with _style():
        n = len(cities)
        fig = _new_figure(float(np.clip(3.6 + 0.25 * n, 9.0, 16.0)), 5.6)
        ax = fig.add_subplot()
        ax.bar(x, idx, width=0.68, color=[_tier_color(k) for k in tiers], zorder=2)
        if n <= 45:                               # value labels only while they fit above the bars
            for xi, v in zip(x, idx):
                ax.text(xi, v + 0.6, f"{v:.1f}", ha="center", va="bottom", fontsize=7, color="#333333")
        top_y = max(float(np.nanmax(idx)) if len(idx) else 0.0, thresholds[0]) * 1.12
        ax.set_ylim(0, top_y)
        ax.set_xlim(-0.7, len(x) - 0.3)
        for k, t in enumerate(thresholds, start=1):
            if t > top_y:
                continue
            ax.axhline(t, color=_tier_color(k, ink=True), linestyle="--", linewidth=1.0, zorder=1)
            ax.annotate(_tier_label(k, thresholds), (1.0, t), xycoords=("axes fraction", "data"),
                        xytext=(6, 0), textcoords="offset points", ha="left", va="center", fontsize=8.5,
                        color=_tier_color(k, ink=True), annotation_clip=False)
        ax.set_xticks(x, [_vertical(c) for c in cities["city"]], fontsize=8.5 if n <= 45 else 7.5, linespacing=1.0)
        ax.tick_params(axis="x", length=0, pad=3)
        ax.set_ylabel("发展指数 Development index")
        ax.yaxis.set_major_locator(MaxNLocator(6, integer=True))
        ax.grid(axis="y", color=GRID_COLOR, zorder=0)
        ax.set_axisbelow(True)
        present = sorted(set(int(k) for k in tiers), key=lambda k: (k == 0, k))
        handles = [Patch(color=_tier_color(k), label=_tier_label(k, thresholds) if k else tier_name(0))
                   for k in present]
        ax.legend(handles=handles, loc="upper center", ncols=len(handles), bbox_to_anchor=(0.5, 1.0))
        _decorate(fig, report, f"{year}年城市工业互联网发展指数（前{len(cities)}位）",
                  f"City IIE development index, top {len(cities)} ({year})",
                  note="注：发展指数 CI = N × ln(1 + X / X均)，X为城市工业互联网带动增加值，X均为全部城市的平均值。")
        fig.canvas.draw()
    return fig


def _wrap_list(text: str, width: int, sep: str = "、") -> list[str]:
    """Wrap a 、-separated list into lines of at most ``width`` characters, breaking after a separator."""
    items = [s for s in str(text).split(sep) if s]
    if not items:
        return ["—"]
    lines, cur = [], ""
    for i, item in enumerate(items):
        piece = item + (sep if i < len(items) - 1 else "")
        if cur and len(cur) + len(piece) > width:
            lines.append(cur)
            cur = ""
        cur += piece
    lines.append(cur)
    return lines


def tiers_figure(report, width: float = 10.0) -> Figure:
    """The tier table (tier, index range, count, cities in rank order) as a three-line table."""
    tiers = report["tiers"]
    year = int(report["cities"]["year"].iloc[0]) if "cities" in report.tables and len(report["cities"]) else None
    fs = 10.0
    line_h = fs * 1.75 / 72.0                                   # inches per text line
    col_w = [1.25, 1.35, 0.85]
    col_w.append(width - 0.5 - sum(col_w))                        # the city list takes the rest
    chars = max(8, int((col_w[3] - 0.25) * 72.0 / fs))
    rows = []
    for _, r in tiers.iterrows():
        k = int(r["tier"])
        rows.append((tier_name(k), str(r["index_range"]), str(int(r["count"])), _wrap_list(r["cities"], chars)))
    header = ("梯队\nTier", "指数区间\nIndex range", "数量\nCount", "城市名单（按排名）\nCities, in rank order")
    head_h = 2 * line_h + 0.12
    body_h = sum(len(r[3]) * line_h + 0.16 for r in rows)
    total = int(tiers["count"].sum())
    note = f"注：共{total}个城市入梯队；城市按发展指数由高到低排列。"
    foot = []
    for part in (note, report.label or ""):
        if part:
            foot += _wrap_mixed(part, (width - 0.5) * 72.0, 7.0)
    top_pad, bottom_pad = 0.75, 0.25 + len(foot) * 7.0 * 1.4 / 72.0
    height = top_pad + head_h + body_h + bottom_pad
    with _style():
        fig = Figure(figsize=(width, height), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.axis("off")
        x0 = 0.25
        xs = np.concatenate([[x0], x0 + np.cumsum(col_w)])
        y = top_pad
        rule = dict(color="black", linewidth=1.4)
        ax.plot([xs[0], xs[-1]], [y, y], **rule)
        for j, h in enumerate(header):
            ax.text(xs[j] + (0.12 if j == 3 else col_w[j] / 2), y + head_h / 2, h, ha="left" if j == 3 else "center",
                    va="center", fontsize=fs, linespacing=1.35)
        y += head_h
        ax.plot([xs[0], xs[-1]], [y, y], color="black", linewidth=0.8)
        for i, (name, rng, count, lines) in enumerate(rows):
            h = len(lines) * line_h + 0.16
            if i % 2 == 1:
                ax.add_patch(Rectangle((xs[0], y), xs[-1] - xs[0], h, facecolor="#F3F6FA", edgecolor="none", zorder=0))
            mid = y + h / 2
            ax.text(xs[0] + col_w[0] / 2, mid, name, ha="center", va="center", fontsize=fs)
            ax.text(xs[1] + col_w[1] / 2, mid, rng, ha="center", va="center", fontsize=fs)
            ax.text(xs[2] + col_w[2] / 2, mid, count, ha="center", va="center", fontsize=fs)
            for n, line in enumerate(lines):
                ax.text(xs[3] + 0.12, y + 0.08 + (n + 0.5) * line_h, line, ha="left", va="center", fontsize=fs)
            y += h
        ax.plot([xs[0], xs[-1]], [y, y], **rule)
        title_zh = f"{year}年主要城市工业互联网发展梯队（表1）" if year else "主要城市工业互联网发展梯队（表1）"
        title_en = f"Tiers of the main cities by IIE development index ({year})" if year else \
            "Tiers of the main cities by IIE development index"
        ax.text(width / 2, top_pad / 2, f"{title_zh}    {title_en}", ha="center", va="center", fontsize=12.5)
        if foot:
            ax.text(x0, y + 0.12, "\n".join(foot), ha="left", va="top", fontsize=7, color=NOTE_COLOR,
                    linespacing=1.35)
        fig.canvas.draw()
    return fig


FIGURES = {
    "national.png": national_figure,
    "provinces.png": provinces_figure,
    "province_map.png": province_map_figure,
    "city_index.png": city_index_figure,
    "tiers.png": tiers_figure,
}


def make_figures(report, folder) -> list[Path]:
    """Write the report figures as PNG into ``folder`` (created if needed); returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, build in FIGURES.items():
        fig = build(report)
        out.append(save_figure(fig, folder / name))
    return out
