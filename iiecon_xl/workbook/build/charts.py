"""The three charts of a book: national core + penetration with growth, provinces sorted with
their growth, the top cities by index. Anchors and ranges come from the layout; in every
series the categories and the values cover the same rows (tests/test_charts.py)."""

from __future__ import annotations

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
        line = b.wb.add_chart({"type": "line"})
        line.add_series({"name": "增速 Growth", "categories": cats, "y2_axis": True, "values": col("sorted_growth"),
                         "line": {"none": True}, "marker": {"type": "circle", "fill": {"color": GROWTH_COLOR},
                                                            "border": {"color": GROWTH_COLOR}}})
        line.set_y2_axis({"name": "增速 Growth", "num_format": "0%"})
        ch.combine(line)
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
    ch.set_title({"name": "城市工业互联网发展指数（前30位） City IIE development index, top 30"})
    ch.set_y_axis({"reverse": True})
    ch.set_legend({"none": True})
    ch.set_size({"width": 620, "height": 720})
    ws.insert_chart(*lay.chart_anchor, ch)
