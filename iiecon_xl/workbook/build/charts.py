"""The report sheets' charts: national core + penetration with growth; the three industries and
the 19 sections (latest year, core + penetration stacked, growth); the eight section figures (a
few sections by year with their growth); provinces sorted with their growth, province core and
penetration with their growth, the province share of GDP, each sorted (the report's figures 7–9);
the top cities by index. Anchors and ranges come from the layout; in every series
the categories and the values cover the same cells (tests/test_charts.py)."""

from __future__ import annotations

from ... import reference
from .book import Book
from .styles import CORE_COLOR, GROWTH_COLOR, PEN_COLOR


#: the first year has no growth (its cell reads "—", which a chart plots as 0): no marker there
_NO_POINT = {"fill": {"none": True}, "border": {"none": True}}


def national(b: Book, ws) -> None:
    """Stacked bars core + penetration, growth as markers on the secondary axis.

    Every series covers the same years as the categories (the growth of year t sits over
    year t); the first year, which has no growth, shows no marker."""
    lay = b.lay.national
    ch = b.wb.add_chart({"type": "column", "subtype": "stacked"})
    cats = f"={lay.series_ref('year')}"
    for col, name, color in (("core", "核心产业 Core", CORE_COLOR), ("penetration", "渗透产业 Penetration", PEN_COLOR)):
        ch.add_series({"name": name, "categories": cats, "values": f"={lay.series_ref(col)}", "fill": {"color": color}})
    line = b.wb.add_chart({"type": "line"})
    line.add_series({"name": "增速 Growth", "categories": cats, "values": f"={lay.series_ref('total_growth')}",
                     "y2_axis": True, "line": {"none": True}, "points": [_NO_POINT],
                     "marker": {"type": "circle", "size": 7, "fill": {"color": GROWTH_COLOR},
                                "border": {"color": GROWTH_COLOR}}})
    ch.combine(line)
    ch.set_title({"name": "工业互联网带动增加值 IIE-driven value added"})
    ch.set_y_axis({"name": "亿元 / 100 million yuan", "num_format": "#,##0"})
    line.set_y2_axis({"name": "增速 Growth", "num_format": "0%"})
    ch.set_legend({"position": "bottom"})
    ch.set_size({"width": 760, "height": 380})
    ws.insert_chart(*lay.chart_anchor, ch)


def provinces(b: Book, ws) -> None:
    """Latest-year totals sorted (the TOP_N spill beside the table), growth as markers."""
    lay = b.lay.provinces
    y_last, many_years = b.d.years[-1], b.d.T > 1
    col = lambda key: f"={lay.ref_area(lay.row(0), key, lay.last_row, key)}"  # noqa: E731 - a sorted column
    ch = b.wb.add_chart({"type": "column"})
    cats = col("sorted_name")
    ch.add_series({"name": f"合计 Total {y_last}", "categories": cats, "values": col("sorted_total"),
                   "fill": {"color": CORE_COLOR}})
    if many_years:
        _growth_markers(b, ch, cats, col("sorted_growth"))
    ch.set_title({"name": f"分省工业互联网带动增加值（{y_last}） IIE value added by province"})
    ch.set_y_axis({"name": "亿元", "num_format": "#,##0"})
    ch.set_x_axis({"num_font": {"rotation": -45}})
    ch.set_legend({"position": "bottom"})
    ch.set_size({"width": 900, "height": 400})
    ws.insert_chart(*lay.chart_anchor, ch)


def cities(b: Book, ws) -> None:
    """The top cities by development index, as horizontal bars."""
    lay = b.lay.cities
    r1, c1, r2, c2 = lay.top_area
    ch = b.wb.add_chart({"type": "bar"})
    ch.add_series({"name": "发展指数 Index", "categories": f"={lay.ref_area(r1, c1, r2, c1)}",
                   "values": f"={lay.ref_area(r1, c2, r2, c2)}", "fill": {"color": CORE_COLOR}})
    n = r2 - r1 + 1
    ch.set_title({"name": f"城市工业互联网发展指数（前{n}位） City IIE development index, top {n}"})
    ch.set_y_axis({"reverse": True, "num_font": {"size": 7}})
    ch.set_legend({"none": True})
    ch.set_size({"width": 620, "height": max(720, 16 * n)})
    ws.insert_chart(*lay.chart_anchor, ch)


def _growth_markers(b: Book, ch, cats: str, values: str) -> None:
    """Growth of each category as markers on the secondary axis, combined into ``ch``."""
    line = b.wb.add_chart({"type": "line"})
    line.add_series({"name": "增速 Growth", "categories": cats, "y2_axis": True, "values": values,
                     "line": {"none": True}, "marker": {"type": "circle", "fill": {"color": GROWTH_COLOR},
                                                        "border": {"color": GROWTH_COLOR}}})
    line.set_y2_axis({"name": "增速 Growth", "num_format": "0%"})
    ch.combine(line)


def _stacked_latest(b: Book, lay, name_col: str, title: str, size: tuple[int, int]):
    """Core + penetration of the latest year stacked per item of a block report (Industries,
    Sections), total growth as markers: each series' categories are the item names of its own
    block, so categories and values cover the same rows (METHOD.md §5, §8)."""
    ch = b.wb.add_chart({"type": "column", "subtype": "stacked"})
    for blk, name, color in (("core", "核心产业 Core", CORE_COLOR), ("pen", "渗透产业 Penetration", PEN_COLOR)):
        ch.add_series({"name": name, "categories": f"={lay.latest_ref(blk, name_col)}",
                       "values": f"={lay.latest_ref(blk)}", "fill": {"color": color}})
    if b.d.T > 1:  # the first year has no growth
        _growth_markers(b, ch, f"={lay.latest_ref('growth', name_col)}", f"={lay.latest_ref('growth')}")
    ch.set_title({"name": f"{title}（{b.d.years[-1]}）"})
    ch.set_y_axis({"name": "亿元", "num_format": "#,##0"})
    ch.set_legend({"position": "bottom"})
    ch.set_size({"width": size[0], "height": size[1]})
    return ch


def industries(b: Book, ws) -> None:
    """The three industries' core + penetration in the latest year, with their growth (§5)."""
    lay = b.lay.industries
    ch = _stacked_latest(b, lay, "zh", "三次产业工业互联网带动增加值 IIE value added by industry", (620, 380))
    ws.insert_chart(*lay.chart_anchor, ch)


def sections(b: Book, ws) -> None:
    """The 19 sections' core + penetration in the latest year, with their growth (§8)."""
    lay = b.lay.sections
    ch = _stacked_latest(b, lay, "name", "19个门类工业互联网带动增加值 IIE value added by section", (900, 440))
    ch.set_x_axis({"num_font": {"rotation": -45, "size": 8}})
    ws.insert_chart(*lay.chart_anchor, ch)


#: the bar colours (and growth markers) of the sections of one section figure
_FAMILY_COLORS = (CORE_COLOR, PEN_COLOR, "#A9D18E")
_FAMILY_MARKERS = ("circle", "diamond", "triangle")


def section_families(b: Book, ws) -> None:
    """The report's section figures (layout ``SectionsReport.FAMILIES``): per family the total of
    each section by year as bars and its growth as markers on the secondary axis (the first year,
    which has no growth, shows none), stacked below the latest-year chart."""
    lay = b.lay.sections
    sec = reference.sections()
    cats = f"={lay.years_ref('total')}"
    for k, (_key, zh, en, letters) in enumerate(lay.FAMILIES):
        ch = b.wb.add_chart({"type": "column"})
        for j, letter in enumerate(letters):
            ch.add_series({"name": f"{letter} {sec.at[letter, 'name_zh']}", "categories": cats,
                           "values": f"={lay.section_ref('total', letter)}", "fill": {"color": _FAMILY_COLORS[j]}})
        if b.d.T > 1:
            line = b.wb.add_chart({"type": "line"})
            for j, letter in enumerate(letters):
                c = _FAMILY_COLORS[j]
                line.add_series({"name": f"{letter} 增速 Growth", "categories": cats, "y2_axis": True,
                                 "values": f"={lay.section_ref('growth', letter)}", "line": {"none": True},
                                 "points": [_NO_POINT], "marker": {"type": _FAMILY_MARKERS[j], "size": 7,
                                                                   "fill": {"color": c}, "border": {"color": GROWTH_COLOR}}})
            line.set_y2_axis({"name": "增速 Growth", "num_format": "0%"})
            ch.combine(line)
        ch.set_title({"name": f"{zh}工业互联网带动增加值 {en}"})
        ch.set_y_axis({"name": "亿元", "num_format": "#,##0"})
        ch.set_legend({"position": "bottom"})
        ch.set_size({"width": 760, "height": 400})
        ws.insert_chart(*lay.family_anchor(k), ch)


#: province chart → (series name, title, colour, number format); what it sorts: layout PART_SOURCES
_PROVINCE_CHARTS = {
    "core": ("核心产业 Core", "分省工业互联网核心产业增加值及增速 Province core value added",
             CORE_COLOR, "#,##0"),
    "pen": ("渗透产业 Penetration",
            "分省工业互联网渗透产业增加值及增速 Province penetration value added", PEN_COLOR, "#,##0"),
    "share": ("占GDP比重 Share of GDP",
              "分省工业互联网带动增加值占GDP比重 Province IIE value added, share of GDP", CORE_COLOR, "0.0%"),
}


def province_parts(b: Book, ws) -> None:
    """The report's figures 7–9, provinces sorted largest first (the sorted blocks of
    :func:`.report_figures.sorted_parts`): core with its growth, penetration with its growth, the
    share of GDP (total / GDP), latest year."""
    lay = b.lay.provinces
    for chart in lay.PARTS:
        name, title, color, fmt = _PROVINCE_CHARTS[chart]
        growth = lay.PART_SOURCES[chart][1]
        cats = f"={lay.part_ref(chart, 'name')}"
        ch = b.wb.add_chart({"type": "column"})
        ch.add_series({"name": f"{name} {b.d.years[-1]}", "categories": cats,
                       "values": f"={lay.part_ref(chart, 'value')}", "fill": {"color": color}})
        if growth and b.d.T > 1:
            _growth_markers(b, ch, cats, f"={lay.part_ref(chart, 'growth')}")
        ch.set_title({"name": f"{title}（{b.d.years[-1]}）"})
        ch.set_y_axis({"name": "亿元" if fmt == "#,##0" else "比重 Share", "num_format": fmt})
        ch.set_x_axis({"num_font": {"rotation": -45}})
        ch.set_legend({"position": "bottom"})
        ch.set_size({"width": 900, "height": 400})
        ws.insert_chart(*lay.chart_anchor_of(chart), ch)
