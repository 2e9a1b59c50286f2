"""Report figures (METHOD.md §8): PNG charts like the yearly report's, from a pipeline Report.

``make_figures(report, folder)`` writes eighteen PNGs and returns their paths:

- ``national.png``      core and penetration value added stacked by year, nominal growth
                        of the total as a line on a secondary axis (%);
- ``provinces.png``     the 31 provinces' latest-year total, sorted, core/penetration
                        stacked, growth as dots on a secondary axis;
- ``province_map.png``  a tile-grid heat map of the provinces' latest-year total (tile
                        positions in ``resources/province_tiles.csv``);
- ``industries.png``    the three industries' latest-year core + penetration stacked, growth as dots;
- ``sections.png``      the 19 sections' latest-year core + penetration stacked, sorted, growth as dots;
- ``sections_<family>.png`` the report's eight section figures (families of
                        ``reference.SECTION_FAMILIES``: resources, manufacturing, building, trade,
                        information, business, public, social): each section's value by year as
                        bars, its growth as a line;
- ``province_core.png`` the provinces' core sorted with the core growth (the report's figure 7);
- ``province_penetration.png`` penetration sorted with its growth (figure 8);
- ``province_share.png`` the provinces' share of GDP sorted, the 4 % line (figure 9);
- ``city_index.png``    the top 100 cities' development index coloured by tier, with the tier
                        thresholds as labelled lines;
- ``tiers.png``         the tier table (the report's Table 1 form) as an image.

Each ``*_figure(report)`` function returns the :class:`matplotlib.figure.Figure` (for
embedding, e.g. ``xlwings`` ``sheet.pictures.add(fig)``); save it with
:func:`save_figure` so the CJK font is active while it is drawn. Thresholds, N and top-N
come from ``report.parameters``, the parameters the report was computed with.

Modules: :mod:`.text` (formats, wrapping, tier names; no matplotlib), :mod:`.fonts` (the CJK
font, from the ``figures`` extra), :mod:`.style` (colours, settings, canvas), :mod:`.frame`
(titles, legends, axes), :mod:`.bars`, :mod:`.parts`, :mod:`.sections`, :mod:`.province_map`, :mod:`.cities`,
:mod:`.tiers`.
Importing this package does not import matplotlib: the drawing modules load on first use.
Drawing uses the Agg canvas only (no pyplot, no global backend switch, nothing is shown).
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..reference import SECTION_FAMILIES

#: the section figures, one per family (module figures.sections; not imported here, it loads matplotlib)
_SECTION_FILES = tuple(f"sections_{key}.png" for key, *_ in SECTION_FAMILIES)
FIGURE_FILES = ("national.png", "industries.png", "sections.png", *_SECTION_FILES, "provinces.png",
                "province_core.png", "province_penetration.png", "province_share.png", "province_map.png",
                "city_index.png", "tiers.png")
#: PNG name → (module, function) that draws it
DRAWERS = {
    "national.png": ("bars", "national_figure"),
    "industries.png": ("parts", "industries_figure"),
    "sections.png": ("parts", "sections_figure"),
    **{f"sections_{key}.png": ("sections", f"sections_{key}_figure") for key, *_ in SECTION_FAMILIES},
    "provinces.png": ("bars", "provinces_figure"),
    "province_core.png": ("parts", "province_core_figure"),
    "province_penetration.png": ("parts", "province_penetration_figure"),
    "province_share.png": ("parts", "province_share_figure"),
    "province_map.png": ("province_map", "province_map_figure"),
    "city_index.png": ("cities", "city_index_figure"),
    "tiers.png": ("tiers", "tiers_figure"),
}


class CJKFontMissingError(RuntimeError):
    """No font able to draw Chinese characters was found (defined here, not in :mod:`.fonts`, so
    that the command line can name it without importing matplotlib)."""


#: public name → module that defines it (loaded when first asked for)
_EXPORTS = {
    **{func: mod for mod, func in DRAWERS.values()},
    "save_figure": "style", "DPI": "style",
    "cjk_font_family": "fonts", "CJK_FONT_PACKAGE": "fonts",
    "CJK_FONT_MODULE": "fonts", "CJK_FONT_FILE": "fonts",
    "province_tiles": "province_map",
    "tier_name": "text", "tier_thresholds": "text",
}


def __getattr__(name: str):
    if name == "FIGURES":
        return {png: getattr(import_module(f".{mod}", __name__), func) for png, (mod, func) in DRAWERS.items()}
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_EXPORTS, "FIGURES"])


def make_figures(report, folder) -> list[Path]:
    """Write the report figures as PNG into ``folder`` (created if needed); returns their paths."""
    from .style import save_figure

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in FIGURE_FILES:
        mod, func = DRAWERS[name]
        fig = getattr(import_module(f".{mod}", __name__), func)(report)
        out.append(save_figure(fig, folder / name))
    return out
