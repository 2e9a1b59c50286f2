"""The macro series Y, K, L the production function uses, on the Production sheet: a blank input
year is filled as the pipeline fills it (METHOD.md §4, ``model.linear_extrapolate`` on each
series: the OLS line x_t = a + b·t over the observed years — the last P_WINDOW of them if
P_WINDOW is set — outside the observed years, linear interpolation between the previous and the
next observed year inside), flagged observed / extrapolated / interpolated and coloured.

Function edition: IIE_EXTRAPOLATE on each Macro row; native edition: the same in cells (the
helpers of :mod:`.native_series`). PRODFN_FIT, TECH_MULTIPLIER and the native LINEST read the
filled rows PF_Y, PF_K, PF_L; the audit expects them to equal the multipliers table's Y, K, L.
"""

from __future__ import annotations

from .. import layout as L
from . import native_series
from .book import Book, key

_TITLES = {"value": ("所用 Y、K、L（空白年份线性外推 §4）", "Y, K, L used (a blank year extrapolated, §4)"),
           **native_series.FILL_TITLES}


def macro_fill(b: Book) -> None:
    """The fill blocks (the native edition's helpers too), their expectations and the colour."""
    lay, mac = b.lay.production, b.lay.macro
    s, Ty = lay.name, len(b.d.macro_years)
    blocks = lay.FILL_BLOCKS if b.native else ("value", "flag")
    for block in blocks:
        r0 = lay.fill_row(block, "Y")
        b.label(s, r0 - 2, 0, " ".join(_TITLES[block]), b.f.title)
        if block == "line":
            b.header(s, r0 - 1, lay.FILL_YEAR_COL, native_series.FILL_LINE_HEAD)
        else:
            for t in range(Ty):
                b.formula(s, r0 - 1, lay.fill_col(t), f"={mac.ref(L.HEAD, mac.year_col(t))}", b.f.head)
        for k in L.MACRO_SERIES:
            b.label(s, lay.fill_row(block, k), 0, k)
    for k in L.MACRO_SERIES:
        row_in = mac.ref_area(mac.row(k), mac.year_col(0), mac.row(k), mac.year_col(Ty - 1))
        (_native if b.native else _function)(b, k, row_in)
        for t, y in enumerate(b.d.macro_years):
            b.expect(s, lay.fill_row("value", k), lay.fill_col(t), "multipliers", key(year=y), k)
            b.expect(s, lay.fill_row("flag", k), lay.fill_col(t), "multipliers", key(year=y), f"{k}_flag")
    r1, c1, r2, c2 = lay.fill_area("value")
    flag = lay.cell(lay.fill_row("flag", "Y"), lay.fill_col(0))
    b.sheets[s].conditional_format(r1, c1, r2, c2, {"type": "formula", "criteria": f'={flag}<>"observed"',
                                                    "format": b.f.extrap})


def _function(b: Book, k: str, row_in: str) -> None:
    """Series k filled and flagged by IIE_EXTRAPOLATE (a column, transposed onto the row)."""
    lay = b.lay.production
    s, c0, c1 = lay.name, lay.fill_col(0), lay.fill_col(len(b.d.macro_years) - 1)
    r = lay.fill_row("value", k)
    b.spill(s, (r, c0, r, c1), f"=TRANSPOSE(IIE_EXTRAPOLATE(MAC_YEARS, {row_in}, P_WINDOW))", b.f.money)
    r = lay.fill_row("flag", k)
    b.spill(s, (r, c0, r, c1), f'=TRANSPOSE(IIE_EXTRAPOLATE(MAC_YEARS, {row_in}, P_WINDOW, "flag"))', b.f.text)


def _native(b: Book, k: str, row_in: str) -> None:
    """Series k filled in cells: the line, then each year (see native_series.fill_year)."""
    lay, mac = b.lay.production, b.lay.macro
    s, Ty = lay.name, len(b.d.macro_years)
    ur = lay.fill_row("use", k)
    use = lay.area(ur, lay.fill_col(0), ur, lay.fill_col(Ty - 1))
    cols = {c: lay.line_col(c) for c in lay.FILL_LINE}
    r_line = lay.fill_row("line", k)
    native_series.fit_line(b, lay, r_line, cols, use, row_in, "MAC_YEARS")
    line = lambda c: lay.cell(r_line, cols[c], absolute=True)  # noqa: E731 - a cell of k's line
    last = mac.ref(mac.row(k), mac.year_col(Ty - 1), absolute=True)
    for t in range(Ty):
        cells = {blk: (lay.fill_row(blk, k), lay.fill_col(t)) for blk in ("use", "prev", "next")}
        cells.update(va=(lay.fill_row("value", k), lay.fill_col(t)), flag=(lay.fill_row("flag", k), lay.fill_col(t)))
        at = (mac.ref(mac.row(k), mac.year_col(t)), last, mac.ref(L.HEAD, mac.year_col(t), absolute=True))
        native_series.fill_year(b, lay, cells, at, line, row_in, "MAC_YEARS")
    for block in ("use", "prev", "next", "value"):
        b.watch(s, (lay.fill_row(block, k), lay.fill_col(0), lay.fill_row(block, k), lay.fill_col(Ty - 1)))
    b.watch(s, (r_line, cols["first_obs"], r_line, cols["intercept"]))
