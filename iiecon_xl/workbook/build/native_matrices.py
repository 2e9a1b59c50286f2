"""Native edition, §1–2 with built-in functions: the Matrices sheet (A, the augmented A*, the
used columns of (I − A*)⁻¹, the virtual sectors) and the sector calc columns that read it.

    A   = IF(X=0, 0, Z / X)                                  (broadcast over the columns)
    P   = (σ = codeᵀ)            ((n+m)×n: augmented sector a copies sector σ(a))
    A*  = MMULT(MMULT(P·r, A), TRANSPOSE(P))                 (rows split S : 1−S, columns copied)
    C_v = MMULT(MINVERSE(I − A*), E_v)                       (E_v selects the m virtual columns)
    ΔY  = MMULT(C_v[1..n], ΔX / C_vv),   λ = ΔY / X (0 where X* = 0),   dz = λ · V

Each is one legacy array formula (Excel 2010, LibreOffice 7.4); only built-in functions.
"""

from __future__ import annotations

from .. import layout as L
from .book import Book, key

_IDENTITY = "(AUG_IDX=TRANSPOSE(AUG_IDX))"
_LIFT = "(AUG_SRC=TRANSPOSE(IO_CODES))"


def matrices(b: Book) -> None:
    lay, io = b.lay.matrices, b.lay.io
    s, d = lay.name, b.d
    b.sheet(lay, "矩阵（内置函数）", "Matrices, built-in functions",
            "A = Z/X；增广 A* = diag(r)·A[σ,σ]；只取虚拟部门的列 C_v = (I − A*)⁻¹·E_v (METHOD.md §2)")
    b.header(s, L.HEAD, lay.col("code"), ["代码 Code", "直接消耗系数 A = Z/X"])
    for i in range(d.n):
        r = lay.a_area[0] + i
        b.formula(s, r, lay.col("code"), f"={io.ref(r, 'code')}", b.f.text)
        b.formula(s, r, lay.col("name"), f"={io.ref(r, 'name_zh')}", b.f.text)
    b.spill(s, lay.a_area, "=IF(IO_X=0, 0, IO_Z/IF(IO_X=0, 1, IO_X))", b.f.ratio)
    _augmented(b)
    if d.m:
        _virtual(b)


def _augmented(b: Book) -> None:
    lay, io, rel = b.lay.matrices, b.lay.io, b.lay.related
    s, d, top = lay.name, b.d, lay.aug_top
    b.label(s, top - 2, lay.col("aug_code"), "增广系统 Augmented system A* (n+m) 与 (I − A*)⁻¹ 的虚拟部门列", b.f.title)
    b.header(s, top - 1, lay.col("aug_code"), ["增广部门", "来源 σ", "序号", "拆分 r"])
    for a in range(lay.N):
        r = top + a
        if a < d.n:
            b.formula(s, r, lay.col("aug_code"), f"={io.ref(io.first_row + a, 'code')}", b.f.text)
            b.formula(s, r, lay.col("source"), f"={lay.cell(r, 'aug_code')}", b.f.text)
            b.formula(s, r, lay.col("r"), f"=1-IFERROR(INDEX(REL_S, MATCH({lay.cell(r, 'source')}, REL_CODES, 0)), 0)",
                      b.f.ratio)
        else:
            i = a - d.n
            code = rel.ref(rel.first_row + i, "code")
            b.formula(s, r, lay.col("aug_code"), f'="v:"&{code}', b.f.text)
            b.formula(s, r, lay.col("source"), f"={code}", b.f.text)
            b.formula(s, r, lay.col("r"), f"={rel.ref(rel.first_row + i, 'S')}", b.f.ratio)
        b.label(s, r, lay.col("index"), a + 1, b.f.int)
        b.label(s, top - 1, lay.aug_col(a), a + 1, b.f.head)
    b.spill(s, lay.aug_area, f"=MMULT(MMULT({_LIFT}*AUG_R, NAT_A), TRANSPOSE({_LIFT}*1))", b.f.ratio)
    if d.m:
        for i in range(d.m):
            b.label(s, top - 1, lay.c_col(i), f"C[:, {d.n + i + 1}]", b.f.head)
        b.spill(s, lay.c_area, f"=MMULT(MINVERSE({_IDENTITY}-AUG_A), (AUG_IDX=TRANSPOSE(VIRT_IDX))*1)", b.f.ratio)


def _virtual(b: Book) -> None:
    """One row per virtual sector: its code, S, X_k, ΔX = S·X_k, C_vv and the weight ΔX/C_vv."""
    lay, rel = b.lay.matrices, b.lay.related
    s, d, top = lay.name, b.d, lay.virtual_top
    b.label(s, top - 2, lay.col("v_code"), "虚拟部门 Virtual sectors: ΔX_v = S_k X_k，权重 ΔX_v / C_vv", b.f.title)
    b.header(s, top - 1, lay.col("v_code"), ["代码 Code", "S", "X_k", "ΔX_v", "C_vv", "ΔX_v/C_vv", "序号"])
    for i in range(d.m):
        r = top + i
        cell = lambda col, row=r: lay.cell(row, col)  # noqa: E731 - this row's cell
        b.formula(s, r, lay.col("v_code"), f"={rel.ref(rel.first_row + i, 'code')}", b.f.text)
        b.formula(s, r, lay.col("v_S"), f"={rel.ref(rel.first_row + i, 'S')}", b.f.ratio)
        b.formula(s, r, lay.col("v_X"), f"=INDEX(IO_X, 1, MATCH({cell('v_code')}, IO_CODES, 0))", b.f.money)
        b.formula(s, r, lay.col("v_dX"), f"={cell('v_S')}*{cell('v_X')}", b.f.money)
        b.formula(s, r, lay.col("v_Cvv"), f"=INDEX(AUG_C, {d.n + i + 1}, {i + 1})", b.f.ratio)
        b.formula(s, r, lay.col("v_w"), f"={cell('v_dX')}/{cell('v_Cvv')}", b.f.money)
        b.label(s, r, lay.col("v_index"), d.n + i + 1, b.f.int)


def sector_columns(b: Book) -> None:
    """Sector calc X, S, direct, ΔY, λ, dz with built-in functions (same cells as the function edition)."""
    lay = b.lay.sector_calc
    s, d, c = lay.name, b.d, lay.col
    first, last = lay.first_row, lay.last_row
    b.spill(s, (first, c("X"), last, c("X")), "=TRANSPOSE(IO_X)", b.f.money)
    if d.m:
        b.spill(s, (first, c("dY"), last, c("dY")), "=MMULT(AUG_C_TOP, VIRT_W)", b.f.money)
    for i, code in enumerate(d.sectors.index):
        r = first + i
        cell = lambda col, row=r: lay.cell(row, col)  # noqa: E731 - this row's cell
        x_star = f"(1-{cell('S')})*{cell('X')}"
        b.formula(s, r, c("S"), f"=IFERROR(INDEX(REL_S, MATCH({cell('code')}, REL_CODES, 0)), 0)", b.f.ratio,
                  expect=("sectors", key(code=code), "S"))
        b.formula(s, r, c("direct"), f"={cell('S')}*({cell('X')}-{cell('M')})", b.f.money,
                  expect=("sectors", key(code=code), "direct"))
        if not d.m:
            b.formula(s, r, c("dY"), "=0", b.f.money)
        b.formula(s, r, c("lambda"), f"=IF({x_star}>0, {cell('dY')}/{cell('X')}, 0)", b.f.ratio,
                  expect=("sectors", key(code=code), "lambda"))
        b.formula(s, r, c("dz"), f"=IF({x_star}>0, {cell('lambda')}*{cell('V')}, 0)",
                  b.f.money, expect=("sectors", key(code=code), "dz"))
        for col, column in (("X", "total_output"), ("dY", "dY")):
            b.expect(s, r, c(col), "sectors", key(code=code), column)
