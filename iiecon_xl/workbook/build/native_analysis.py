"""Native edition of the Analysis sheet: the IO analysis menu with built-in functions only.

    L  = MINVERSE(I − A)            (A = NAT_A of the Matrices sheet; the one inversion of A)
    G  = X̂⁻¹ L X̂                    (g_ij = l_ij x_j / x_i; identity rows and columns where x = 0)
    output multiplier  m_j = Σ_i l_ij,  first round Σ_i a_ij,  industrial support m_j − 1 − Σ_i a_ij
    value added        v_c = V / X,  Σ_i v_c,i l_ij,  Σ_i v_c,i a_ij,  Type I = multiplier / v_c,j
    linkages           BL(d)_j = Σ_i a_ij, FL(d)_i = Σ_j z_ij / x_i, BL(t)_j = Σ_i l_ij, FL(t)_i = Σ_j g_ij,
                       BL = BL(t) / mean, FL = FL(t) / mean, Rasmussen's FL from the row sums of L,
                       cv = STDEV / AVERAGE of column j of L (row i of G)
    extraction of K    backward x̄ = (I − A·diag(1 − k))⁻¹ f, forward x̄ = (I − diag(1 − k)·B)⁻ᵀ V,
                       total x̄ = (I − diag(1 − k)·A·diag(1 − k))⁻¹ (f ∘ (1 − k)), k = the related flags

(Miller & Blair 2009, ch. 6 and §12.1–12.2, as :mod:`iiecon_xl.model.multipliers`, ``ghosh``,
``linkages``, ``extraction``.) Each matrix is one legacy array formula; the per-sector measures are
plain formulas on the columns and rows of L and G.
"""

from __future__ import annotations

from ...parameters import EXTRACTION_KINDS
from .book import Book

_I = "(AN_IDX=TRANSPOSE(AN_IDX))"
_B = "IO_Z/IF(TRANSPOSE(IO_X)=0, 1, TRANSPOSE(IO_X))"


def sector_columns(b: Book) -> None:
    """L and G, then the multipliers and linkages of each sector, then the extraction outputs."""
    lay = b.lay.analysis
    s = lay.name
    top = lay.top
    b.label(s, lay.label_row, lay.l_col, "L = (I − A)⁻¹ (Leontief inverse)", b.f.head)
    b.label(s, lay.label_row, lay.g_col, "G = X̂⁻¹ L X̂ (Ghosh inverse)", b.f.head)
    for j in range(b.d.n):
        b.label(s, lay.key_row, lay.l_col + j, j + 1, b.f.head)
        b.label(s, lay.key_row, lay.g_col + j, j + 1, b.f.head)
    b.spill(s, lay.matrix_area("L"), f"=MINVERSE({_I}-NAT_A)", b.f.ratio)
    b.spill(s, lay.matrix_area("G"), f"=IF((IO_X=0)+(TRANSPOSE(IO_X)=0), {_I}*1, "
                                     f"AN_L*IO_X/IF(TRANSPOSE(IO_X)=0, 1, TRANSPOSE(IO_X)))", b.f.ratio)
    for i in range(b.d.n):
        _sector_row(b, i)
    _outputs(b, top)


def _sector_row(b: Book, i: int) -> None:
    lay, mat, calc, io = b.lay.analysis, b.lay.matrices, b.lay.sector_calc, b.lay.io
    s, r = lay.name, lay.row(i)
    c = lay.col
    cell = lambda key: lay.cell(r, key)  # noqa: E731 - this row's cell
    a_col = mat.ref_area(mat.a_area[0], mat.DATA_COL + i, mat.a_area[2], mat.DATA_COL + i)
    l_col, l_row, g_row = lay.matrix_col("L", i), lay.matrix_row("L", i), lay.matrix_row("G", i)
    x, v = calc.ref(calc.first_row + i, "X"), calc.ref(calc.first_row + i, "V")
    flows = io.ref_area(io.first_row + i, io.sector_col(0), io.first_row + i, io.sector_col(b.d.n - 1))
    f = b.f.ratio
    b.label(s, r, c("out_initial"), 1, f)
    b.formula(s, r, c("out_direct"), f"=SUM({a_col})", f)
    b.formula(s, r, c("out_simple"), f"=SUM({l_col})", f)
    b.formula(s, r, c("out_indirect"), f"={cell('out_simple')}-{cell('out_initial')}-{cell('out_direct')}", f)
    b.formula(s, r, c("out_type_I"), f"=IF({cell('out_initial')}=0, 0, {cell('out_simple')}/{cell('out_initial')})", f)
    b.formula(s, r, c("va_initial"), f"=IF({x}>0, {v}/{x}, 0)", f)
    b.formula(s, r, c("va_direct"), f"=SUMPRODUCT(AN_VC, {a_col})", f)
    b.formula(s, r, c("va_simple"), f"=SUMPRODUCT(AN_VC, {l_col})", f)
    b.formula(s, r, c("va_indirect"), f"={cell('va_simple')}-{cell('va_initial')}-{cell('va_direct')}", f)
    b.formula(s, r, c("va_type_I"), f"=IF({cell('va_initial')}=0, 0, {cell('va_simple')}/{cell('va_initial')})", f)
    b.formula(s, r, c("BL_direct"), f"=SUM({a_col})", f)
    b.formula(s, r, c("FL_direct"), f"=IF({x}>0, SUM({flows})/{x}, 0)", f)
    b.formula(s, r, c("BL_total"), f"=SUM({l_col})", f)
    b.formula(s, r, c("FL_total"), f"=SUM({g_row})", f)
    b.formula(s, r, c("BL"), f"=IF(AVERAGE(AN_BL_TOTAL)=0, 0, {cell('BL_total')}/AVERAGE(AN_BL_TOTAL))", f)
    b.formula(s, r, c("FL"), f"=IF(AVERAGE(AN_FL_TOTAL)=0, 0, {cell('FL_total')}/AVERAGE(AN_FL_TOTAL))", f)
    b.formula(s, r, c("cv_BL"), f"=IF(AVERAGE({l_col})=0, 0, STDEV({l_col})/AVERAGE({l_col}))", f)
    b.formula(s, r, c("cv_FL"), f"=IF(AVERAGE({g_row})=0, 0, STDEV({g_row})/AVERAGE({g_row}))", f)
    b.formula(s, r, c("class"), f'=IF(AND({cell("BL")}>1, {cell("FL")}>1), "key", IF({cell("BL")}>1, "backward", '
                                f'IF({cell("FL")}>1, "forward", "weak")))', b.f.text)
    b.formula(s, r, c("FL_leontief"), f"=IF(SUM(AN_L)=0, 0, SUM({l_row})*ROWS(AN_L)/SUM(AN_L))", f)


def _outputs(b: Book, top: int) -> None:
    """x = L f, the backward, supply-side, forward and total outputs of the extraction of K."""
    lay = b.lay.analysis
    s, last, m = lay.name, lay.last_row, b.d.m
    keep_col, keep_row = "(1-AN_REL)", "(1-TRANSPOSE(AN_REL))"
    formulas = {
        "x": "=MMULT(AN_L, AN_F)",
        "x_backward": f"=MMULT(MINVERSE({_I}-NAT_A*{keep_row}), AN_F)",
        "x_supply": "=MMULT(TRANSPOSE(AN_G), CALC_V)",
        "x_forward": f"=MMULT(TRANSPOSE(MINVERSE({_I}-{_B}*{keep_col})), CALC_V)",
        "x_total": f"=MMULT(MINVERSE({_I}-NAT_A*{keep_col}*{keep_row}), AN_F*{keep_col})",
    }
    for key, text in formulas.items():
        if key != "x" and key != "x_supply" and not m:
            continue
        c = lay.ecol(key)
        b.spill(s, (top, c, last, c), text, b.f.money)


def extraction(b: Book) -> None:
    """Output and value added lost, and their shares of the base, for each kind (the rows of IO_EXTRACTION)."""
    lay = b.lay.analysis
    s, head = lay.name, lay.extraction_head
    for key in ("extraction", "output_loss", "output_loss_pct", "va_loss", "va_loss_pct"):
        b.label(s, head, lay.xcol(key), key, b.f.head)
    col = lambda key: lay.column_ref(lay.ecol(key))  # noqa: E731 - an output column of the sector table
    for j, kind in enumerate(EXTRACTION_KINDS):
        r = head + 1 + j
        base, after = col("x_supply" if kind == "forward" else "x"), col(f"x_{kind}")
        cell = lambda key, row=r: lay.cell(row, lay.xcol(key))  # noqa: E731 - this row's cell
        b.label(s, r, lay.xcol("extraction"), kind, b.f.text)
        b.formula(s, r, lay.xcol("output_loss"), f"=SUM({base})-SUM({after})", b.f.money)
        b.formula(s, r, lay.xcol("output_loss_pct"), f"=IF(SUM({base})=0, 0, 100*{cell('output_loss')}/SUM({base}))",
                  b.f.money)
        b.formula(s, r, lay.xcol("va_loss"), f"=SUMPRODUCT(AN_VC, {base})-SUMPRODUCT(AN_VC, {after})", b.f.money)
        b.formula(s, r, lay.xcol("va_loss_pct"), f"=IF(SUMPRODUCT(AN_VC, {base})=0, 0, "
                                                 f"100*{cell('va_loss')}/SUMPRODUCT(AN_VC, {base}))", b.f.money)
