"""The Analysis sheet's charts: the linkage quadrant (both editions) and the national series with
its uncertainty band (function edition). Anchors and ranges come from the layout; in every series
the categories (x values) and the values cover the same rows (tests/test_charts.py)."""

from __future__ import annotations

from ...parameters import UNCERTAINTY_QUANTILES
from .book import Book
from .styles import CORE_COLOR, GROWTH_COLOR, PEN_COLOR


def quadrant(b: Book) -> None:
    """Scatter of every sector (power of dispersion BL across, sensitivity FL up) with the related
    sectors K on top; the axes cross at (1, 1), so the key sectors fill the upper-right quadrant."""
    lay = b.lay.analysis
    s = lay.name
    ch = b.wb.add_chart({"type": "scatter"})
    ch.add_series({"name": "部门 Sectors", "categories": f"={lay.column_ref('BL', sheet=True)}",
                   "values": f"={lay.column_ref('FL', sheet=True)}",
                   "marker": {"type": "circle", "size": 5, "fill": {"color": PEN_COLOR}, "border": {"none": True}}})
    if b.d.m:
        r1, r2 = lay.related_row(0), lay.related_row(b.d.m - 1)
        ch.add_series({"name": "关联部门 K Related sectors",
                       "categories": f"={lay.ref_area(r1, lay.rcol('BL'), r2, lay.rcol('BL'))}",
                       "values": f"={lay.ref_area(r1, lay.rcol('FL'), r2, lay.rcol('FL'))}",
                       "marker": {"type": "diamond", "size": 8, "fill": {"color": GROWTH_COLOR},
                                  "border": {"color": GROWTH_COLOR}}})
    ch.set_title({"name": "产业关联象限：右上 = 关键部门 Linkage quadrant: upper right = key sectors"})
    ch.set_x_axis({"name": "影响力系数 Power of dispersion BL", "crossing": 1, "num_format": "0.0",
                   "major_gridlines": {"visible": False}})
    ch.set_y_axis({"name": "感应度系数 Sensitivity of dispersion FL (Ghosh)", "crossing": 1, "num_format": "0.0",
                   "major_gridlines": {"visible": False}})
    ch.set_legend({"position": "bottom"})
    ch.set_size({"width": 620, "height": 460})
    b.sheets[s].insert_chart(*lay.quadrant_anchor, ch)


def band(b: Book) -> None:
    """The national total with its outer quantiles (dashed) and median over the report years."""
    lay = b.lay.analysis
    s = lay.name
    cats = f"={lay.ref_area(lay.band_row(0), 0, lay.band_last, 0)}"
    col = lambda c: f"={lay.ref_area(lay.band_row(0), c, lay.band_last, c)}"  # noqa: E731 - a band column
    ch = b.wb.add_chart({"type": "line"})
    ch.add_series({"name": "合计 Total", "categories": cats, "values": col(lay.bcol("total")),
                   "line": {"color": CORE_COLOR, "width": 2.25}, "marker": {"type": "circle", "size": 5}})
    for k, q in enumerate(UNCERTAINTY_QUANTILES):
        if 0 < k < len(UNCERTAINTY_QUANTILES) - 1:
            continue  # the median lies on the point estimate; the outer quantiles make the band
        ch.add_series({"name": f"{100 * q:g}% 分位 quantile", "categories": cats,
                       "values": col(lay.bcol("total", k)),
                       "line": {"color": PEN_COLOR, "width": 1.5, "dash_type": "dash"}})
    ch.set_title({"name": "全国工业互联网带动增加值及不确定性区间 National IIE value added with its band"})
    ch.set_y_axis({"name": "亿元 / 100 million yuan", "num_format": "#,##0"})
    ch.set_legend({"position": "bottom"})
    ch.set_size({"width": 620, "height": 380})
    b.sheets[s].insert_chart(*lay.band_anchor, ch)
