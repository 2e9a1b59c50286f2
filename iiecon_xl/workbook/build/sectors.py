"""Sector calc (direct and penetration results per sector, §1–2) and Section calc (rates,
extrapolated value added, μ_t, p_s(t), core and penetration by section and year, §1–4)."""

from __future__ import annotations

from ... import model, reference, structure
from .. import layout as L
from . import native_matrices, native_series
from .book import Book, key
from .styles import BAR_COLOR

#: sector calc column → sectors-table column of the pipeline, for the spill results
_SECTOR_EXPECT = (("X", "total_output"), ("S", "S"), ("direct", "direct"), ("dY", "dY"), ("lambda", "lambda"),
                  ("dz", "dz"))


def sector_calc(b: Book) -> None:
    lay, io = b.lay.sector_calc, b.lay.io
    s, d = lay.name, b.d
    ws = b.sheet(lay, "部门测算（基年）", "Sector results, base year",
                 "直接 S(X−M) (§1)；渗透 ΔY、λ、dz：增广投入产出模型 (§2)")
    b.header(s, L.HEAD, lay.col("code"), ["代码 Code", "部门 Sector", "门类 Section", "总产出 X", "中间投入 M",
                                          "增加值 V = X−M", "关联系数 S", "直接增加值 S(X−M)", "带动产出 ΔY",
                                          "定向贡献率 λ", "渗透增加值 dz", "NBS 2018 产业 Industry (NBS)",
                                          "产业 Industry (P_INDUSTRY_RULE)"])
    first, last = L.FIRST, lay.last_row
    c = lay.col
    for i, code in enumerate(d.sectors.index):
        r = first + i
        b.formula(s, r, c("code"), f"={io.ref(first + i, 'code')}", b.f.text)
        b.formula(s, r, c("name"), f"={io.ref(first + i, 'name_zh')}", b.f.text)
        b.formula(s, r, c("section"), f"={io.ref(first + i, 'section')}", b.f.text)
        b.formula(s, r, c("M"), f"=SUM({io.ref_area(first, io.sector_col(i), io.last_row, io.sector_col(i))})",
                  b.f.money, expect=("sectors", key(code=code), "intermediate_input"))
        b.formula(s, r, c("V"), f"={lay.cell(r, 'X')}-{lay.cell(r, 'M')}", b.f.money,
                  expect=("sectors", key(code=code), "value_added"))
    _industry_columns(b)
    if b.native:
        native_matrices.sector_columns(b)
    else:
        _udf_columns(b)
    b.label(s, lay.total_row, c("name"), "合计 Total", b.f.head)
    for col in lay.TOTALS:
        b.formula(s, lay.total_row, c(col), f"=SUM({lay.area(first, col, last, col)})", b.f.money)
    ws.conditional_format(first, c("lambda"), last, c("lambda"), {"type": "data_bar", "bar_color": BAR_COLOR})


def _industry_columns(b: Book) -> None:
    """The sector's industry by the NBS 2018 rule (a label from the shipped classifications, see
    :func:`iiecon_xl.structure.sector_industries`) and the one P_INDUSTRY_RULE takes: that label,
    or its section's industry (A; B–E; F–S) under the section rule (METHOD.md §0)."""
    lay = b.lay.sector_calc
    s, c = lay.name, lay.col
    nbs = structure.sector_industries(b.d.sectors, "nbs2018")
    for i, code in enumerate(b.d.sectors.index):
        r = L.FIRST + i
        b.label(s, r, c("industry_nbs"), int(nbs[code]), b.f.int)
        b.formula(s, r, c("industry"), f'=IF(P_INDUSTRY_RULE="section", INDEX(SEC_INDUSTRY, MATCH('
                  f'{lay.cell(r, "section")}, SEC_LETTERS, 0)), {lay.cell(r, "industry_nbs")})', b.f.int,
                  expect=("sectors", key(code=code), "industry"))


def _udf_columns(b: Book) -> None:
    """X, S, direct, ΔY, λ, dz through the iiecon-xl functions (function edition)."""
    lay = b.lay.sector_calc
    s, c, first, last = lay.name, lay.col, L.FIRST, lay.last_row
    b.spill(s, (first, c("X"), last, c("X")), "=TRANSPOSE(IO_X)", b.f.money)
    b.spill(s, (first, c("S"), last, c("S")), "=IIE_ALIGN(IO_CODES, REL_CODES, REL_S)", b.f.ratio)
    b.spill(s, (first, c("direct"), last, c("direct")), "=IIE_DIRECT(IO_X, CALC_M, CALC_S, TRUE)", b.f.money)
    b.spill(s, (first, c("dY"), last, c("dz")), '=IIE_PENETRATION(IO_Z, IO_X, CALC_S, CALC_V, "table")', b.f.money)
    for i, code in enumerate(b.d.sectors.index):
        for col, column in _SECTOR_EXPECT:
            b.expect(s, first + i, c(col), "sectors", key(code=code), column)


def section_calc(b: Book) -> None:
    lay = b.lay.section_calc
    b.sheet(lay, "门类测算", "Section rates and series",
            "d_s = Σ S_k V_k / VA_s；p_s(t) = p_s(t−1)·μ_t；基年 核心 = Σ S_k V_k，渗透 = Σ dz；"
            "以后各年 核心 = d_s·VA_s(t)，渗透 = p_s(t)·VA_s(t)")
    _rates(b)
    _year_block(b, "va", "门类增加值（补全）", "Section value added, missing years extrapolated")
    _year_block(b, "flag", "数据标记", "Flags: observed / extrapolated / interpolated")
    if b.native:
        native_series.extrapolated(b)
    else:
        _extrapolated(b)
    _multipliers(b)
    _year_block(b, "p", "渗透率 p_s(t)", "Penetration rates p_s(t) = p_s(t−1)·μ_t")
    _year_block(b, "core", "核心产业增加值", "Core (direct) value added d_s·VA_s(t)")
    _year_block(b, "pen", "渗透产业增加值", "Penetration value added p_s(t)·VA_s(t)")
    _series(b)


def _rates(b: Book) -> None:
    lay = b.lay.section_calc
    s, c = lay.name, lay.col
    sec = reference.sections()
    b.header(s, L.HEAD, c("section"), ["门类", "名称", "产业 Industry", "增加值(IO) V", "直接 Σ S(X−M)", "渗透 Σ dz",
                                       "分母 Denominator", "直接贡献率 d", "渗透率 p(基年)"]
             + [f"{zh}占比 {en} share, {j}" for zh, en in (("核心", "core"), ("渗透", "pen.")) for j in L.INDUSTRIES])
    for i, letter in enumerate(model.SECTIONS):
        r = lay.rates_row(i)
        cell = lambda col: lay.cell(r, col)  # noqa: E731 - this row's cell of a rates column
        b.label(s, r, c("section"), letter)
        b.label(s, r, c("name"), sec.at[letter, "name_zh"])
        b.label(s, r, c("industry"), int(model.SECTION_INDUSTRY[letter]), b.f.int)
        for col, calc in (("V", "CALC_V"), ("direct", "CALC_DIRECT"), ("dz", "CALC_DZ")):
            b.formula(s, r, c(col), f'=SUMIF(CALC_SECTION, {cell("section")}, {calc})', b.f.money)
        b.formula(s, r, c("denominator"),
                  f'=IF(P_DENOM="yearbook", {lay.year_cell("va", i, 0, sheet=False)}, {cell("V")})', b.f.money)
        b.formula(s, r, c("d"), f'=IF({cell("denominator")}>0, {cell("direct")}/{cell("denominator")}, 0)',
                  b.f.ratio, expect=("sections", key(section=letter, year=b.d.years[0]), "direct_rate"))
        b.formula(s, r, c("p0"), f'=IF({cell("denominator")}>0, {cell("dz")}/{cell("denominator")}, 0)', b.f.ratio)
        _shares(b, r)


def _shares(b: Book, r: int) -> None:
    """share_{s,j} = Σ_{i∈s, i∈j} value_i / Σ_{i∈s} value_i of the section's core and penetration
    (METHOD.md §5); a section whose base-year value is 0 puts 1 on its section's industry."""
    lay = b.lay.section_calc
    s, c = lay.name, lay.col
    cell = lambda col: lay.cell(r, col)  # noqa: E731 - this row's cell of a rates column
    for part, total, calc in (("core", "direct", "CALC_DIRECT"), ("pen", "dz", "CALC_DZ")):
        for j in L.INDUSTRIES:
            split = f'SUMPRODUCT((CALC_SECTION={cell("section")})*(CALC_INDUSTRY={j})*{calc})/{cell(total)}'
            b.formula(s, r, c(f"{part}_{j}"), f'=IF({cell(total)}=0, IF({cell("industry")}={j}, 1, 0), {split})',
                      b.f.ratio)


def _year_block(b: Book, block: str, zh: str, en: str) -> None:
    lay = b.lay.section_calc
    s, top = lay.name, lay.block_row(block)
    sec = reference.sections()
    b.label(s, lay.title_row(block), lay.col("section"), f"{zh} {en}", b.f.title)
    b.header(s, lay.header_row(block), lay.col("section"), ["门类", "名称", ""])
    b.year_formulas(s, lay.header_row(block), lay.year_col(0))
    for i, letter in enumerate(model.SECTIONS):
        b.label(s, top + i, lay.col("section"), letter)
        b.label(s, top + i, lay.col("name"), sec.at[letter, "name_zh"])


def _extrapolated(b: Book) -> None:
    """Section value added with the missing years extrapolated (§4), and the flags."""
    lay, va = b.lay.section_calc, b.lay.section_va
    s, T = lay.name, b.d.T
    y0, y1 = lay.year_col(0), lay.year_col(T - 1)
    for i, letter in enumerate(model.SECTIONS):
        row_in = va.ref_area(va.row(i), va.year_col(0), va.row(i), va.year_col(T - 1))
        r = lay.block_row("va", i)
        b.spill(s, (r, y0, r, y1), f"=TRANSPOSE(IIE_EXTRAPOLATE(VA_YEARS, {row_in}, P_WINDOW))", b.f.money)
        r = lay.block_row("flag", i)
        b.spill(s, (r, y0, r, y1), f'=TRANSPOSE(IIE_EXTRAPOLATE(VA_YEARS, {row_in}, P_WINDOW, "flag"))', b.f.text)
        for t, y in enumerate(b.d.years):
            k = key(section=letter, year=y)
            b.expect(s, lay.block_row("va", i), lay.year_col(t), "sections", k, "value_added")
            b.expect(s, lay.block_row("flag", i), lay.year_col(t), "sections", k, "va_flag")
    # extrapolated / interpolated values coloured (conditional format on the flag block)
    flag_ref = lay.year_cell("flag", 0, 0, sheet=False)
    top = lay.block_row("va")
    b.sheets[s].conditional_format(top, y0, top + L.N_SECTIONS - 1, y1,
                                   {"type": "formula", "criteria": f'={flag_ref}<>"observed"', "format": b.f.extrap})


def _multipliers(b: Book) -> None:
    """The μ_t row, looked up in the production sheet by year."""
    lay = b.lay.section_calc
    s, r = lay.name, lay.block_row("mu")
    b.label(s, lay.title_row("mu"), lay.col("section"), "技术乘数 μ_t Technology multiplier", b.f.title)
    b.header(s, lay.header_row("mu"), lay.col("section"), ["", "", ""])
    for t, y in enumerate(b.d.years):
        c = lay.year_col(t)
        b.formula(s, lay.header_row("mu"), c, f"={b.lay.section_va.year_ref(t)}", b.f.head)
        if t == 0:
            b.label(s, r, c, "—")
        else:
            b.formula(s, r, c, f"=INDEX(PF_MU, MATCH({lay.cell(lay.header_row('mu'), c)}, PF_YEARS, 0))",
                      b.f.ratio, expect=("multipliers", key(year=y), "mu"))
    b.label(s, r, lay.col("name"), "μ_t = γ_t / γ_(t−1)")


def _series(b: Book) -> None:
    """p_s(t) = p_s(t−1)·μ_t, core = d_s·VA_s(t), penetration = p_s(t)·VA_s(t)."""
    lay = b.lay.section_calc
    s = lay.name
    for i, letter in enumerate(model.SECTIONS):
        for t, y in enumerate(b.d.years):
            k, c = key(section=letter, year=y), lay.year_col(t)
            if t == 0:
                p = f"={lay.cell(lay.rates_row(i), 'p0')}"
            else:
                mu = lay.cell(lay.block_row("mu"), c, absolute=True)
                p = f"={lay.year_cell('p', i, t - 1, sheet=False)}*{mu}"
            b.formula(s, lay.block_row("p", i), c, p, b.f.ratio, expect=("sections", k, "penetration_rate"))
            va = lay.year_cell("va", i, t, sheet=False)
            d = lay.cell(lay.rates_row(i), "d", absolute=True)
            if t == 0:  # the base year: Σ_{k∈s} S_k V_k and Σ_{i∈s} dz_i whatever the denominator (§1)
                core, pen = (f"={lay.cell(lay.rates_row(i), col, absolute=True)}" for col in ("direct", "dz"))
            else:
                core, pen = f"={d}*{va}", f"={lay.year_cell('p', i, t, sheet=False)}*{va}"
            b.formula(s, lay.block_row("core", i), c, core, b.f.money, expect=("sections", k, "core"))
            b.formula(s, lay.block_row("pen", i), c, pen, b.f.money, expect=("sections", k, "penetration"))
