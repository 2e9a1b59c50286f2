"""Native edition, §3–4 with built-in functions: the extrapolated section value added with
its flags, and the Cobb-Douglas fit with the technology multipliers.

Extrapolation (what IIE_EXTRAPOLATE does, in cells): "use" marks the observed years the line
is fitted on (all, or the last P_WINDOW of them); the line of each section is the OLS fit
over them, written in closed form (centred sums, SUMPRODUCT: TREND cannot skip the blank
years); years before the first or after the last observed one come from the line, gaps
inside are interpolated between the previous and the next observed year.

Fit: LINEST on logarithms over the window INDEX(…, first):INDEX(…, last) of the filled macro
rows — ln Y on ln K, ln L, and the constant-returns variant ln(Y/L) on ln(K/L) — with its
statistics; the fit table (same cells as PRODFN_FIT's) picks one by P_CRS.
"""

from __future__ import annotations

from ... import model
from .. import layout as L
from .book import Book, key

_FIT_LABELS = ("parameter", "estimate", "std_error")

#: Titles of the fill blocks a filled series sheet holds (Production's Y, K, L; GDP fill), but the
#: "value" block, whose title names the series: {block: (zh, en)}.
FILL_TITLES = {"flag": ("数据标记", "Flags: observed / extrapolated / interpolated"),
               "use": ("拟合所用年份", "Years the line is fitted on (1 = used)"),
               "prev": ("前一观测年", "Previous observed year"),
               "next": ("后一观测年", "Next observed year"),
               "line": ("外推直线", "The fitted line")}
#: The header of a fill sheet's "line" block.
FILL_LINE_HEAD = ["首个观测年", "末个观测年", "拟合年数", "年份均值", "均值", "斜率 b", "截距 a"]


def extrapolated(b: Book) -> None:
    """Blocks use / prev / next, the line of each section, then the va and flag blocks."""
    lay, va = b.lay.section_calc, b.lay.section_va
    s, T = lay.name, b.d.T
    b.header(s, L.HEAD, lay.LINE_COLS["first_obs"], ["首个观测年", "末个观测年", "拟合年数", "年份均值", "增加值均值",
                                                     "斜率 b", "截距 a"])
    for block, zh, en in (("use", "拟合所用年份", "Years the line is fitted on (1 = used)"),
                          ("prev", "前一观测年", "Previous observed year"),
                          ("next", "后一观测年", "Next observed year")):
        _helper_block(b, block, zh, en)
    for i, letter in enumerate(model.SECTIONS):
        row_in = va.ref_area(va.row(i), va.year_col(0), va.row(i), va.year_col(T - 1))
        _line(b, i, row_in)
        for t, y in enumerate(b.d.years):
            _year_cells(b, i, t, row_in)
            k = key(section=letter, year=y)
            b.expect(s, lay.block_row("va", i), lay.year_col(t), "sections", k, "value_added")
            b.expect(s, lay.block_row("flag", i), lay.year_col(t), "sections", k, "va_flag")
    for block in ("use", "prev", "next", "va"):
        b.watch(s, lay.block_area(block))
    c = lay.LINE_COLS
    b.watch(s, (lay.rates_row(0), c["first_obs"], lay.rates_row(L.N_SECTIONS - 1), c["intercept"]))


def _helper_block(b: Book, block: str, zh: str, en: str) -> None:
    lay = b.lay.section_calc
    s = lay.name
    b.label(s, lay.title_row(block), lay.col("section"), f"{zh} {en}", b.f.title)
    b.header(s, lay.header_row(block), lay.col("section"), ["门类", "", ""])
    b.year_formulas(s, lay.header_row(block), lay.year_col(0))
    for i, letter in enumerate(model.SECTIONS):
        b.label(s, lay.block_row(block, i), lay.col("section"), letter)


def _line(b: Book, i: int, row_in: str) -> None:
    """First and last observed year, and the OLS line over the used years, of section i."""
    lay = b.lay.section_calc
    ur = lay.block_row("use", i)
    use = lay.area(ur, lay.year_col(0), ur, lay.year_col(b.d.T - 1))
    fit_line(b, lay, lay.rates_row(i), lay.LINE_COLS, use, row_in, "VA_YEARS")


def fit_line(b: Book, lay, r: int, cols: dict, use: str, row_in: str, years: str) -> None:
    """In row r of sheet ``lay`` at ``cols``: first and last observed year of ``row_in``, the
    number n of years used (``use`` = 1), x̄ = Σ use·t / n, ȳ = Σ use·x_t / n, the OLS slope
    b = Σ use (t − x̄)(x_t − ȳ) / Σ use (t − x̄)², intercept a = ȳ − b x̄ (METHOD.md §4)."""
    s = lay.name
    at = lambda col: lay.cell(r, cols[col], absolute=True)  # noqa: E731 - this series' line cell
    for col, fn in (("first_obs", "MIN"), ("last_obs", "MAX")):
        b.spill(s, (r, cols[col], r, cols[col]), f"={fn}(IF(ISNUMBER({row_in}), {years}))", b.f.int, watch=False)
    b.formula(s, r, cols["n_used"], f"=SUM({use})", b.f.int)
    b.formula(s, r, cols["x_mean"], f"=SUMPRODUCT({use}, {years})/{at('n_used')}", b.f.money)
    b.formula(s, r, cols["y_mean"], f"=SUMPRODUCT({use}, {row_in})/{at('n_used')}", b.f.money)
    b.formula(s, r, cols["slope"], f"=SUMPRODUCT({use}, {years}-{at('x_mean')}, {row_in}-{at('y_mean')})"
                                   f"/SUMPRODUCT({use}, ({years}-{at('x_mean')})^2)", b.f.money)
    b.formula(s, r, cols["intercept"], f"={at('y_mean')}-{at('slope')}*{at('x_mean')}", b.f.money)


def _year_cells(b: Book, i: int, t: int, row_in: str) -> None:
    lay, va = b.lay.section_calc, b.lay.section_va
    col = lay.year_col(t)
    cells = {k: (lay.block_row(k, i), col) for k in ("use", "prev", "next", "va", "flag")}
    x = va.ref(va.row(i), va.year_col(t))
    last = va.ref(va.row(i), va.year_col(b.d.T - 1), absolute=True)
    year = va.ref(L.HEAD, va.year_col(t), absolute=True)
    line = lambda k: lay.cell(lay.rates_row(i), lay.LINE_COLS[k], absolute=True)  # noqa: E731 - a line cell
    fill_year(b, lay, cells, (x, last, year), line, row_in, "VA_YEARS")


def fill_year(b: Book, lay, cells: dict, at: tuple, line, row_in: str, years: str) -> None:
    """One year of a series ``row_in`` on sheet ``lay``, ``at`` = (its input cell x, the series'
    last input cell, its year cell): "use" = 1 if x is observed and among the last P_WINDOW
    observed (all if P_WINDOW is blank); the previous and next observed year; the value x if
    observed, else a + b·t outside the observed years, else interpolated between the previous
    and next observed year (METHOD.md §4, as model.linear_extrapolate); and its flag."""
    s = lay.name
    x, last, year = at
    b.formula(s, *cells["use"],
              f"=IF(ISNUMBER({x}), IF(ISNUMBER(P_WINDOW), IF(COUNT({x}:{last})<=P_WINDOW, 1, 0), 1), 0)", b.f.int)
    for block, fn, op in (("prev", "MAX", "<"), ("next", "MIN", ">")):
        r, c = cells[block]
        b.spill(s, (r, c, r, c), f"={fn}(IF(ISNUMBER({row_in})*({years}{op}{year}), {years}))", b.f.int, watch=False)
    prev, nxt = (lay.cell(*cells[k]) for k in ("prev", "next"))
    obs = lambda yr: f"SUMIF({years}, {yr}, {row_in})"  # noqa: E731 - the observed value of a year
    outside = f"OR({year}<{line('first_obs')}, {year}>{line('last_obs')})"
    fitted = f"{line('y_mean')}+{line('slope')}*({year}-{line('x_mean')})"
    between = f"{obs(prev)}+({year}-{prev})*({obs(nxt)}-{obs(prev)})/({nxt}-{prev})"
    b.formula(s, *cells["va"], f"=IF(ISNUMBER({x}), {x}, IF({outside}, {fitted}, {between}))", b.f.money)
    b.formula(s, *cells["flag"],
              f'=IF(ISNUMBER({x}), "observed", IF({outside}, "extrapolated", "interpolated"))', b.f.text)


def production(b: Book) -> None:
    """The window, the two LINEST blocks, the fit table and the multipliers."""
    lay = b.lay.production
    s, Ty = lay.name, len(b.d.macro_years)
    c0 = lay.LINEST_COL
    (r0, r1) = lay.window_rows
    b.label(s, L.HEAD, c0, "LINEST 对数回归（内置函数）LINEST on logarithms", b.f.head)
    for r, label, pname in ((r0, "窗口起点 first", "P_FIT_START"), (r1, "窗口终点 last", "P_FIT_END")):
        b.label(s, r, c0, label)
        b.formula(s, r, c0 + 1, f"=MATCH({pname}, MAC_YEARS, 0)", b.f.int)
    i0, i1 = (lay.cell(r, c0 + 1, absolute=True) for r in (r0, r1))
    # the window's positions as the MATCH itself, not its cells: the filled rows sit on this sheet,
    # and a range INDEX(…):INDEX(…) whose parts are all on one sheet is read by our engine as the
    # box spanning them, which would hold these LINEST cells (a false circular reference)
    m0, m1 = (f"MATCH({pname}, MAC_YEARS, 0)" for pname in ("P_FIT_START", "P_FIT_END"))
    win = lambda nm: f"INDEX({nm}, 1, {m0}):INDEX({nm}, 1, {m1})"  # noqa: E731 - a macro row over the window
    kl = lay.area(lay.fill_row("value", "K"), lay.fill_col(0), lay.fill_row("value", "L"), lay.fill_col(Ty - 1))
    x = f"INDEX({kl}, 1, {m0}):INDEX({kl}, 2, {m1})"
    for area, zh, text in (
            (lay.linest_area, "ln Y = ln A + α ln K + β ln L：[β, α, ln A]；标准误；R²；F, df；SS",
             f"=IFERROR(LINEST(LN({win('PF_Y')}), LN({x}), TRUE, TRUE), \"\")"),
            (lay.linest_crs_area, "规模报酬不变 CRS: ln(Y/L) = ln A + α ln(K/L)：[α, ln A]",
             f"=IFERROR(LINEST(LN({win('PF_Y')}/{win('PF_L')}), LN({win('PF_K')}/{win('PF_L')}), TRUE, TRUE), \"\")")):
        b.label(s, area[0] - 1, c0, zh, b.f.head)
        b.spill(s, area, text, b.f.ratio)
    _fit_table(b, i0, i1)
    _multipliers(b)


def _fit_table(b: Book, i0: str, i1: str) -> None:
    lay = b.lay.production
    s = lay.name
    ur = lambda r, c: lay.cell(lay.linest_area[0] + r - 1, lay.LINEST_COL + c - 1, absolute=True)  # noqa: E731
    crs = lambda r, c: lay.cell(lay.linest_crs_area[0] + r - 1, lay.LINEST_COL + c - 1, absolute=True)  # noqa: E731
    est = lambda par: lay.cell(lay.fit_row(par), "estimate")  # noqa: E731 - an estimate cell
    se = lambda par: lay.cell(lay.fit_row(par), "std_error")  # noqa: E731 - a standard-error cell
    b.header(s, L.FIRST, lay.col("parameter"), _FIT_LABELS)
    cells = {"lnA": (f"IF(P_CRS, {crs(1, 2)}, {ur(1, 3)})", f"IF(P_CRS, {crs(2, 2)}, {ur(2, 3)})"),
             "alpha": (f"IF(P_CRS, {crs(1, 1)}, {ur(1, 2)})", f"IF(P_CRS, {crs(2, 1)}, {ur(2, 2)})"),
             "beta": (f"IF(P_CRS, 1-{est('alpha')}, {ur(1, 1)})", f"IF(P_CRS, {crs(2, 1)}, {ur(2, 1)})"),
             "A": (f"EXP({est('lnA')})", f"{est('A')}*{se('lnA')}"),
             "R2": (f"IF(P_CRS, {crs(3, 1)}, {ur(3, 1)})", None),
             "nobs": (f"{i1}-{i0}+1", None)}
    for par in L.PRODFN_ROWS:
        r = lay.fit_row(par)
        b.label(s, r, lay.col("parameter"), par)
        if par == "warning":
            ok = f"AND({est('alpha')}>0, {est('alpha')}<1, {est('beta')}>0, {est('beta')}<1)"
            b.formula(s, r, lay.col("estimate"), f'=IF({ok}, "", "alpha or beta lies outside (0, 1)")', b.f.text)
            continue
        e, sd = cells[par]
        b.formula(s, r, lay.col("estimate"), f"={e}", b.f.ratio, expect=("production", key(parameter=par), "estimate"))
        if sd is not None:
            b.formula(s, r, lay.col("std_error"), f"={sd}", b.f.ratio)
            if par != "A":
                b.expect(s, r, lay.col("std_error"), "production", key(parameter=par), "std_error")


def _multipliers(b: Book) -> None:
    """γ_t = Y_t / (A K_t^α L_t^β) and μ_t = γ_t / γ_(t−1) for every macro year."""
    lay = b.lay.production
    s = lay.name
    b.header(s, L.FIRST, lay.col("year"), ("year", "gamma", "mu"))
    par = lambda p: lay.cell(lay.fit_row(p), "estimate", absolute=True)  # noqa: E731 - a fitted parameter
    for t, y in enumerate(b.d.macro_years):
        r = lay.multiplier_row(t)
        at = lambda nm: f"INDEX({nm}, 1, {t + 1})"  # noqa: E731 - macro series nm in year t
        b.formula(s, r, lay.col("year"), f"={at('MAC_YEARS')}", b.f.int)
        b.formula(s, r, lay.col("gamma"),
                  f"={at('PF_Y')}/({par('A')}*{at('PF_K')}^{par('alpha')}*{at('PF_L')}^{par('beta')})", b.f.ratio,
                  expect=("multipliers", key(year=y), "gamma"))
        if t:
            b.formula(s, r, lay.col("mu"), f"={lay.cell(r, 'gamma')}/{lay.cell(r - 1, 'gamma')}", b.f.ratio,
                      expect=("multipliers", key(year=y), "mu"))
