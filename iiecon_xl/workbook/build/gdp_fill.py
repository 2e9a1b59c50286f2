"""The GDP fill sheet (METHOD.md §4, issue 13 §2): the national GDP of each industry and the
provincial GDP of each province and industry the book computes with, a blank input year filled
as the pipeline fills it (``pipeline.gdp``: the OLS line over the observed years — the last
P_WINDOW of them if set — outside them, the straight line between the neighbours inside),
flagged observed / extrapolated / interpolated and coloured. The reports, the η and the province
weights read these cells (NG_USED, PG_USED_j), never the input cells directly.

Function edition: IIE_EXTRAPOLATE on each input row; native edition: the same in cells (the
helpers of :mod:`.native_series`, as for the macro series)."""

from __future__ import annotations

from .. import layout as L
from . import native_series
from .book import Book, key
from .series import IND_EN, IND_ZH

_TITLES = {"value": ("所用 GDP（空白年份线性外推 §4）", "GDP used (a blank year extrapolated, §4)"),
           **native_series.FILL_TITLES}


def _series(b: Book) -> list[tuple]:
    """(j, province index or None, input sheet layout, input row, first year column, years name,
    years sheet layout) of every series, in the sheet's order (:meth:`GDPFillSheet.series`)."""
    ng, pg, va = b.lay.national_gdp, b.lay.province_gdp, b.lay.section_va
    out = [(j, None, ng, ng.row(j), ng.year_col(0), "NG_YEARS", ng) for j in L.INDUSTRIES]
    for j in L.INDUSTRIES:
        out += [(j, i, pg, pg.row(i), pg.block_col(j), "VA_YEARS", va) for i in range(len(b.d.provinces))]
    return out


def gdp_fill(b: Book) -> None:
    """The sheet: labels, the fill of every series, the expectations and the colour."""
    lay = b.lay.gdp_fill
    s = lay.name
    b.sheet(lay, "所用全国与分省三次产业GDP", "National and provincial GDP used",
            "空白输入年份：观测年份之外按 OLS 直线 a + b·t 外推（P_WINDOW：最近若干观测年），之间线性内插 (§4) "
            "A blank input year: the OLS line outside the observed years, interpolated between them")
    blocks = lay.BLOCKS if b.native else ("value", "flag")
    for block in blocks:
        b.label(s, lay.title_row(block), 0, " ".join(_TITLES[block]), b.f.title)
        b.header(s, lay.header_row(block), lay.col("code"), ["代码 Code", "地区 Area", "产业 Industry"])
        if block == "line":
            b.header(s, lay.header_row(block), lay.year_col(0), native_series.FILL_LINE_HEAD)
        else:
            b.year_formulas(s, lay.header_row(block), lay.year_col(0))
        for n, (j, i, *_rest) in enumerate(_series(b)):
            _labels(b, lay.row(block, n), j, i)
    T = b.d.T
    for n, (j, i, sh, r, c0, years, ysh) in enumerate(_series(b)):
        row_in = sh.ref_area(r, c0, r, c0 + T - 1)
        if b.native:  # each year: its input cell, the series' last input cell, its year cell
            last = sh.ref(r, c0 + T - 1, absolute=True)
            at = [(sh.ref(r, c0 + t), last, ysh.ref(L.HEAD, ysh.year_col(t), absolute=True)) for t in range(T)]
            _native(b, n, row_in, at, years)
        else:
            _function(b, n, row_in, years)
        _expect(b, n, j, i)
    r1, c1, r2, c2 = lay.block_area("value")
    flag = lay.cell(lay.row("flag"), lay.year_col(0))
    b.sheets[s].conditional_format(r1, c1, r2, c2, {"type": "formula", "criteria": f'={flag}<>"observed"',
                                                    "format": b.f.extrap})


def _labels(b: Book, r: int, j: int, i: int | None) -> None:
    lay, pg = b.lay.gdp_fill, b.lay.province_gdp
    s = lay.name
    if i is None:
        b.label(s, r, lay.col("code"), "—")
        b.label(s, r, lay.col("name"), "全国 Nation")
    else:
        b.formula(s, r, lay.col("code"), f"={pg.ref(pg.row(i), 'code')}", b.f.int)
        b.formula(s, r, lay.col("name"), f"={pg.ref(pg.row(i), 'name_zh')}", b.f.text)
    b.label(s, r, lay.col("industry"), f"{IND_ZH[j]} {IND_EN[j]}")


def _expect(b: Book, n: int, j: int, i: int | None) -> None:
    """Value and flag of series n equal the pipeline's: industries.gdp (the nation) or
    province_rules.gdp_j (a province), and their flags."""
    lay = b.lay.gdp_fill
    for t, y in enumerate(b.d.years):
        if i is None:
            table, k, column = "industries", key(industry=j, year=y), "gdp"
        else:
            table, k, column = "province_rules", key(province_code=int(b.d.provinces.index[i]), year=y), f"gdp_{j}"
        b.expect(lay.name, lay.row("value", n), lay.year_col(t), table, k, column)
        b.expect(lay.name, lay.row("flag", n), lay.year_col(t), table, k, f"{column}_flag")


def _function(b: Book, n: int, row_in: str, years: str) -> None:
    """Series n filled and flagged by IIE_EXTRAPOLATE (a column, transposed onto the row)."""
    lay = b.lay.gdp_fill
    b.spill(lay.name, lay.year_area("value", n), f"=TRANSPOSE(IIE_EXTRAPOLATE({years}, {row_in}, P_WINDOW))",
            b.f.money)
    b.spill(lay.name, lay.year_area("flag", n), f'=TRANSPOSE(IIE_EXTRAPOLATE({years}, {row_in}, P_WINDOW, "flag"))',
            b.f.text)


def _native(b: Book, n: int, row_in: str, at: list[tuple], years: str) -> None:
    """Series n filled in cells: its line, then each year t (``at[t]``: its input cell, the
    series' last input cell, its year cell; see native_series.fill_year)."""
    lay = b.lay.gdp_fill
    s, T = lay.name, b.d.T
    cols = {c: lay.line_col(c) for c in lay.LINE}
    r_line, ur = lay.row("line", n), lay.row("use", n)
    native_series.fit_line(b, lay, r_line, cols, lay.area(ur, lay.year_col(0), ur, lay.year_col(T - 1)), row_in, years)
    line = lambda c: lay.cell(r_line, cols[c], absolute=True)  # noqa: E731 - a cell of n's line
    for t in range(T):
        c = lay.year_col(t)
        cells = {blk: (lay.row(blk, n), c) for blk in ("use", "prev", "next", "flag")}
        cells["va"] = (lay.row("value", n), c)
        native_series.fill_year(b, lay, cells, at[t], line, row_in, years)
    for block in ("use", "prev", "next", "value"):
        b.watch(s, lay.year_area(block, n))
    b.watch(s, (r_line, cols["first_obs"], r_line, cols["intercept"]))
