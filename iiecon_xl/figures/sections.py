"""The report's eight section figures (METHOD.md §8): for each family of ``reference.SECTION_FAMILIES``
the IIE-driven value added of its sections by year as grouped bars, each section's nominal growth
as a line on a secondary % axis — the figures the book's Sections sheet draws as charts.
``sections_<key>.png`` is family ``key``'s figure (:data:`FAMILY_FILES`)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..reference import SECTION_FAMILIES
from .frame import band, decorate, growth_axis, value_axis
from .style import CORE_COLOR, PEN_COLOR, new_figure, style

#: the bar colours of a family's sections (the book's charts use the same order)
FAMILY_COLORS = (CORE_COLOR, PEN_COLOR, "#8DB86B")
#: the growth lines' colours, one per section (darker than the bars)
LINE_COLORS = ("#0B2A47", "#3F6F9F", "#4E7A2E")
#: PNG name of each family, in figure order
FAMILY_FILES = tuple(f"sections_{key}.png" for key, *_ in SECTION_FAMILIES)


def section_family_figure(report, family: str) -> Figure:
    """Family ``family`` (a key of SECTION_FAMILIES): its sections' totals by year as grouped bars,
    their growth as lines (the first year has no growth)."""
    fam = {key: (zh, en, letters) for key, zh, en, letters in SECTION_FAMILIES}
    zh, en, letters = fam[family]
    sec = report["sections"]
    years = sorted(int(y) for y in sec["year"].unique())
    x = np.arange(len(years))
    width = 0.8 / len(letters)
    with style():
        fig = new_figure(10.5, 5.6)
        ax = fig.add_subplot()
        ax2 = ax.twinx()
        totals, growths = [], []
        for j, letter in enumerate(letters):
            rows = sec[sec["section"] == letter].set_index("year").reindex(years)
            total, growth = rows["total"].to_numpy(float), 100.0 * rows["total_growth"].to_numpy(float)
            name = f"{letter} {rows['name_zh'].dropna().iloc[0] if rows['name_zh'].notna().any() else ''}"
            ax.bar(x + (j - (len(letters) - 1) / 2) * width, total, width=width * 0.92, color=FAMILY_COLORS[j],
                   label=name, zorder=2)
            ok = np.isfinite(growth)
            ax2.plot(x[ok], growth[ok], color=LINE_COLORS[j], marker="o", markersize=4, linewidth=1.5,
                     label=f"{letter} 增速 growth (%)", zorder=3)
            totals.append(total)
            growths.append(growth)
        ax.set_ylim(*band(np.concatenate(totals), 0.0, 0.74))
        ax.set_xticks(x, [str(y) for y in years])
        ax.set_xlabel("年份 Year")
        ax.set_xlim(-0.6, len(x) - 0.4)
        value_axis(ax, report)
        growth_axis(ax2, np.concatenate(growths), 0.78, 0.95)
        bars, lines = ax.get_legend_handles_labels()[0], ax2.get_legend_handles_labels()[0]
        handles = [h for pair in zip(bars, lines) for h in pair]  # each section's bar over its line
        ax.legend(handles, [h.get_label() for h in handles], loc="lower center", bbox_to_anchor=(0.5, 1.0),
                  ncols=len(letters), handlelength=1.6, columnspacing=1.8, borderaxespad=0.3)
        decorate(fig, report, f"{zh}工业互联网带动增加值", f"IIE value added: {en}",
                 note=f"注：柱为各门类带动增加值，线为名义增速（首年无增速）；19个门类分8图，本图为"
                      f"{'、'.join(letters)}门类。")
        fig.canvas.draw()
    return fig


def _drawer(key: str, zh: str):
    def draw(report) -> Figure:
        return section_family_figure(report, key)

    draw.__name__ = draw.__qualname__ = f"sections_{key}_figure"
    draw.__doc__ = f"The section figure of family {key!r} ({zh})."
    return draw


for _key, _zh, *_ in SECTION_FAMILIES:  # sections_resources_figure … , one per family (figures.DRAWERS)
    globals()[f"sections_{_key}_figure"] = _drawer(_key, _zh)
