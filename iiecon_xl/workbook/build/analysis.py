"""The 分析 Analysis sheet (issue 15): the IO analysis menu on the book's own base-year table.

Both editions, the same cells: per sector the output and value-added multipliers (Type I; the
book's IO table has no household row and column, so no Type II — the sheet says so), the
linkages (Rasmussen's power and sensitivity of dispersion, the Ghosh-based forward linkage,
coefficients of variation) and the key-sector class; the related sectors K in the linkage
quadrant; the hypothetical extraction of K (output and value added lost). The function edition
computes them with IO_MULTIPLIERS, IO_LINKAGES and IO_EXTRACTION (spills headed by the
functions' keys) and adds what needs the add-in: the uncertainty band of the expert scores
(IIE_UNCERTAINTY, draws and seed in input cells) on the national series, and RAS_UPDATE to new
margins. The native edition spells every step out with built-in functions
(:mod:`.native_analysis`). Positions come from :class:`~iiecon_xl.workbook.layout.analysis.AnalysisSheet`;
expected values for the audit from :mod:`.analysis_expected`.
"""

from __future__ import annotations

from ...analysis import CLASS_ZH, KIND_ZH
from ...tables import COLUMNS as REPORT_COLUMNS
from ...parameters import EXTRACTION_KINDS, UNCERTAINTY_DRAWS, UNCERTAINTY_QUANTILES, UNCERTAINTY_SEED
from ..layout.analysis import BAND_SERIES, EDITION_COLS, SECTOR_COLS, UNCERTAINTY_COLS
from .. import analysis_inputs
from . import analysis_charts, native_analysis
from .book import Book

#: sector table column → (Chinese, English) label
LABELS = {
    "no": ("序号", "No."), "code": ("代码", "Code"), "name_zh": ("部门", "Sector"), "name_en": ("Sector (en)", ""),
    "related": ("关联部门", "Related (1)"), "f": ("最终使用", "Final use f = X − Z·1"),
    "out_initial": ("产出初始效应", "Output: initial"), "out_direct": ("产出直接效应", "Output: first round"),
    "out_indirect": ("产出间接效应", "Output: industrial support"), "out_simple": ("产出乘数", "Output multiplier"),
    "out_type_I": ("产出乘数 I型", "Output, Type I"), "va_initial": ("增加值率", "VA per output v_c"),
    "va_direct": ("增加值直接效应", "VA: first round"), "va_indirect": ("增加值间接效应", "VA: industrial support"),
    "va_simple": ("增加值乘数", "VA multiplier"), "va_type_I": ("增加值乘数 I型", "VA, Type I"),
    "BL_direct": ("直接后向关联", "Direct backward"), "FL_direct": ("直接前向关联", "Direct forward"),
    "BL_total": ("完全后向关联", "Total backward (L)"), "FL_total": ("完全前向关联（Ghosh）", "Total forward (G)"),
    "BL": ("影响力系数", "Power of dispersion"), "FL": ("感应度系数（Ghosh）", "Sensitivity (Ghosh)"),
    "cv_BL": ("影响力变异系数", "CV backward"), "cv_FL": ("感应度变异系数", "CV forward"),
    "class": ("部门类型（英文）", "Class"), "FL_leontief": ("感应度系数（Leontief）", "Sensitivity (Rasmussen, L)"),
    "class_zh": ("部门类型", "Class (zh)"),
    "x": ("基准产出 x = L f", "Base output"), "x_backward": ("后向抽取后产出", "After backward extraction"),
    "x_supply": ("基准产出（供给侧）x' = v'G", "Base output, supply side"),
    "x_forward": ("前向抽取后产出", "After forward extraction"), "x_total": ("完全抽取后产出", "After total extraction"),
    "ras_u": ("目标中间使用 u", "Target row sums u"), "ras_v": ("目标中间投入 v", "Target column sums v"),
    "ras_r": ("RAS 行乘数 r", "Row factors r"), "ras_s": ("RAS 列乘数 s", "Column factors s"),
}
#: the key under which each function-result column heads its spill (also written in the native edition)
KEYS = {**{f"out_{k}": k for k in ("initial", "direct", "indirect", "simple", "type_I")},
        **{f"va_{k}": k for k in ("initial", "direct", "indirect", "simple", "type_I")},
        **{k: k for k in ("BL_direct", "FL_direct", "BL_total", "FL_total", "BL", "FL", "cv_BL", "cv_FL", "class")},
        "FL_leontief": "FL"}
TYPE_II_NOTE = ("II型乘数（含居民消费的诱发效应）需要居民劳动报酬行与居民消费列；本工作簿的投入产出表没有居民部门，故只列 I 型。"
                "Type II multipliers need the household row (labour income) and column (consumption); this book's IO "
                "table has no household sector, so only Type I is shown (IO_MULTIPLIERS takes them when you have them).")
NATIVE_NOTE = ("透明版不含不确定性区间（IIE_UNCERTAINTY 需要随机抽样）与 RAS 更新（迭代）：请使用函数版或 iiecon-xl analyse。"
               "The glass-box edition has no uncertainty band (IIE_UNCERTAINTY resamples the expert panel) and no "
               "RAS update (an iteration): use the function edition or `iiecon-xl analyse`.")


def class_zh(class_cell: str) -> str:
    """=IF(class="key", "关键部门", …): the Chinese name of a key-sector class key."""
    keys = list(CLASS_ZH)
    text = f'"{CLASS_ZH[keys[-1]]}"'
    for k in reversed(keys[:-1]):
        text = f'IF({class_cell}="{k}", "{CLASS_ZH[k]}", {text})'
    return "=" + text


def analysis(b: Book, inputs=None) -> None:
    """The Analysis sheet of either edition (see the module docstring)."""
    lay = b.lay.analysis
    s = lay.name
    b.sheet(lay, "投入产出分析", "IO analysis: multipliers, linkages, key sectors, extraction",
            "基年投入产出表；乘数与关联 (Miller & Blair 2009, ch. 6, §12.1–12.2)；关键部门 = 影响力系数 > 1 且感应度系数 > 1 "
            "Key sector: power and sensitivity of dispersion both above 1")
    _header(b)
    _identity(b)
    if b.native:
        native_analysis.sector_columns(b)
    else:
        _udf_columns(b)
    for i in range(b.d.n):
        r = lay.row(i)
        b.formula(s, r, lay.col("class_zh"), class_zh(lay.cell(r, "class")), b.f.text)
    _related(b)
    _extraction(b)
    if b.native:
        b.label(s, lay.draws_row, 0, NATIVE_NOTE, b.f.note)
    else:
        given = None if inputs is None else analysis_inputs.of(inputs)
        _uncertainty(b, given)
        _ras(b, given)
    analysis_charts.quadrant(b)
    if not b.native and b.d.m:
        analysis_charts.band(b)


def _header(b: Book) -> None:
    lay = b.lay.analysis
    s = lay.name
    for key in SECTOR_COLS + EDITION_COLS[lay.edition]:
        c = lay.col(key) if key in lay.COLS else lay.ecol(key)
        zh, en = LABELS[key]
        b.label(s, lay.label_row, c, f"{zh} {en}".strip(), b.f.head)
        if b.native and key in KEYS:
            b.label(s, lay.key_row, c, KEYS[key], b.f.head)
    b.label(s, lay.key_row, lay.col("name_zh"), TYPE_II_NOTE, b.f.note)


def _identity(b: Book) -> None:
    """No., code, names (copies of the IO sheet), related flag, final use f = X − Z·1."""
    lay, io, calc = b.lay.analysis, b.lay.io, b.lay.sector_calc
    s = lay.name
    for i in range(b.d.n):
        r, r_io = lay.row(i), io.first_row + i
        b.label(s, r, lay.col("no"), i + 1, b.f.int)
        for key in ("code", "name_zh", "name_en"):
            b.formula(s, r, lay.col(key), f"={io.ref(r_io, key)}", b.f.text)
        b.formula(s, r, lay.col("related"), f"=IF(ISNUMBER(MATCH({lay.cell(r, 'code')}, REL_CODES, 0)), 1, 0)",
                  b.f.int)
        flows = io.ref_area(r_io, io.sector_col(0), r_io, io.sector_col(b.d.n - 1))
        b.formula(s, r, lay.col("f"), f"={calc.ref(calc.first_row + i, 'X')}-SUM({flows})", b.f.money)


def _udf_columns(b: Book) -> None:
    """The multipliers and linkages as spills of IO_MULTIPLIERS and IO_LINKAGES (function edition)."""
    lay = b.lay.analysis
    s, top, last = lay.name, lay.key_row, lay.last_row
    c = lay.col
    for first, kind in (("out_initial", "output"), ("va_initial", "value_added")):
        b.spill(s, (top, c(first), last, c(first) + 4), f'=IO_MULTIPLIERS(IO_Z, IO_X, CALC_V, , , , "{kind}")',
                b.f.ratio)
    b.spill(s, (top, c("BL_direct"), last, c("class")), "=IO_LINKAGES(IO_Z, IO_X)", b.f.ratio)
    b.spill(s, (top, c("FL_leontief"), last, c("FL_leontief")), '=INDEX(IO_LINKAGES(IO_Z, IO_X, "leontief"), 0, 6)',
            b.f.ratio)


def _related(b: Book) -> None:
    """One row per related sector: its position in the table, BL, FL and class (the quadrant's second series)."""
    lay, rel = b.lay.analysis, b.lay.related
    s, top = lay.name, lay.related_top
    b.label(s, top - 2, lay.rcol("code"), "关联部门 K 的关联 Linkages of the related sectors K", b.f.title)
    b.header(s, top - 1, lay.rcol("code"), ["代码 Code", "部门 Sector", "位置 Position", "影响力系数 BL",
                                             "感应度系数 FL", "部门类型 Class"])
    for i in range(b.d.m):
        r = lay.related_row(i)
        cell = lambda key, row=r: lay.cell(row, lay.rcol(key))  # noqa: E731 - this row's cell
        b.formula(s, r, lay.rcol("code"), f"={rel.ref(rel.first_row + i, 'code')}", b.f.text)
        b.formula(s, r, lay.rcol("name_zh"), f"={rel.ref(rel.first_row + i, 'name_zh')}", b.f.text)
        b.formula(s, r, lay.rcol("position"), f"=MATCH({cell('code')}, IO_CODES, 0)", b.f.int)
        for key in ("BL", "FL", "class_zh"):
            b.formula(s, r, lay.rcol(key), f"=INDEX({lay.column_ref(key)}, {cell('position')})",
                      b.f.text if key == "class_zh" else b.f.ratio)


def _extraction(b: Book) -> None:
    """IO_EXTRACTION of K together (function edition) or the same table from x and x̄ (native)."""
    lay = b.lay.analysis
    s, head = lay.name, lay.extraction_head
    b.label(s, head - 2, 0, "关联部门 K 的假设抽取（产出与增加值损失）Hypothetical extraction of the related sectors K "
                            "(Miller & Blair §12.2; % of the base)", b.f.title)
    b.label(s, head - 1, lay.xcol("kind_zh"), "抽取方式 Extraction", b.f.head)
    for key, text in (("output_loss", "产出损失 Output lost"), ("output_loss_pct", "占比 % of base output"),
                      ("va_loss", "增加值损失 Value added lost"), ("va_loss_pct", "占比 % of base VA")):
        b.label(s, head - 1, lay.xcol(key), text, b.f.head)
    for j, kind in enumerate(EXTRACTION_KINDS):
        b.label(s, head + 1 + j, lay.xcol("kind_zh"), KIND_ZH[kind], b.f.text)
    if not b.d.m:
        return
    if b.native:
        native_analysis.extraction(b)
        return
    area = (head, lay.xcol("extraction"), lay.extraction_last, lay.xcol("va_loss_pct"))
    b.spill(s, area, "=IO_EXTRACTION(IO_Z, IO_X, AN_F, AN_KPOS, , CALC_V)", b.f.money)


def _uncertainty(b: Book, given: dict | None) -> None:
    """Draws and seed (input cells), the stacked votes, IIE_UNCERTAINTY's table and the national band."""
    lay, sc = b.lay.analysis, b.lay.scores
    s, d = lay.name, b.d
    b.label(s, lay.draws_row - 1, 0, "专家评分的不确定性区间（重抽专家组）Uncertainty band: the expert panel resampled",
            b.f.title)
    draws, seed = (UNCERTAINTY_DRAWS, UNCERTAINTY_SEED) if given is None else (given["draws"], given["seed"])
    for r, zh, en, v in ((lay.draws_row, "抽样次数", "Draws", draws), (lay.seed_row, "随机种子", "Seed", seed)):
        b.label(s, r, 0, zh)
        b.label(s, r, 1, en)
        b.value(s, r, lay.PARAM_COL, v, b.f.input_int)
    if not (d.m and lay.p and lay.g):
        return
    top = lay.stack_head
    b.header(s, top, lay.stack_col, ["代码 Code", "指标 Criterion"] + [f"{g}" for g in d.grades.index])
    for i, code in enumerate(d.related.index):
        r1, c1, _, _ = sc.counts_area(i)
        for k, crit in enumerate(d.criteria.index):
            r = top + 1 + i * lay.p + k
            b.formula(s, r, lay.stack_col, f"={b.lay.related.ref(b.lay.related.first_row + i, 'code')}", b.f.text)
            b.label(s, r, lay.stack_col + 1, str(crit), b.f.text)
            for j in range(lay.g):
                b.formula(s, r, lay.stack_col + 2 + j, f"={sc.ref(r1 + k, c1 + j)}", b.f.int)
    area = (lay.unc_head, 0, lay.unc_last, len(UNCERTAINTY_COLS) - 1)
    b.spill(s, area, "=IIE_UNCERTAINTY(AN_VOTES, SC_WEIGHTS, SC_GRADES, IO_Z, IO_X, AN_KPOS, CALC_V, AN_DRAWS, "
                     "AN_SEED, , P_OPERATOR)", b.f.money)
    _band(b)


def _band(b: Book) -> None:
    """The national series and each quantile: series × (quantile / point) of its base-year value
    (the assumption of :mod:`iiecon_xl.analysis`)."""
    lay, nat = b.lay.analysis, b.lay.national
    s, head = lay.name, lay.band_head
    point = lay.unc_last
    b.label(s, head - 1, 0, "全国序列的不确定性区间：各序列 × 基年分位数 / 基年点估计 National series with the band "
                            "(each series scaled by its base-year quantile / point estimate)", b.f.title)
    b.label(s, head, 0, "年份 Year", b.f.head)
    qs = [100 * q for q in UNCERTAINTY_QUANTILES]
    unc_col = {"core": "direct", "penetration": "penetration", "total": "total"}
    for series in BAND_SERIES:
        zh, en, _ = REPORT_COLUMNS[series]
        b.label(s, head, lay.bcol(series), f"{zh} {en}", b.f.head)
        for k, q in enumerate(qs):
            b.label(s, head, lay.bcol(series, k), f"{zh} {q:g}% 分位 {en}, {q:g}% quantile", b.f.head)
    for t in range(b.d.T):
        r = lay.band_row(t)
        b.formula(s, r, 0, f"={nat.ref(nat.row(t), 'year')}", b.f.int)
        for series in BAND_SERIES:
            b.formula(s, r, lay.bcol(series), f"={nat.ref(nat.row(t), series)}", b.f.money)
            pc = lay.cell(point, lay.ucol(unc_col[series]), absolute=True)
            for k in range(lay.q):
                qc = lay.cell(lay.unc_head + 1 + k, lay.ucol(unc_col[series]), absolute=True)
                b.formula(s, r, lay.bcol(series, k), f"=IF({pc}=0, {lay.cell(r, lay.bcol(series))}, "
                          f"{lay.cell(r, lay.bcol(series))}*{qc}/{pc})", b.f.money)


def _ras(b: Book, given: dict | None) -> None:
    """RAS_UPDATE of Z to target margins u, v (input columns: the book's, else the table's own margins)."""
    lay = b.lay.analysis
    s, d = lay.name, b.d
    for i in range(d.n):
        r = lay.row(i)
        b.value(s, r, lay.ecol("ras_u"), None if given is None else float(given["ras_u"][i]))
        b.value(s, r, lay.ecol("ras_v"), None if given is None else float(given["ras_v"][i]))
    top, last = lay.top, lay.last_row
    u, v = lay.column_ref(lay.ecol("ras_u")), lay.column_ref(lay.ecol("ras_v"))
    for key, what in (("ras_r", "row_factors"), ("ras_s", "col_factors")):
        b.spill(s, (top, lay.ecol(key), last, lay.ecol(key)), f'=RAS_UPDATE(IO_Z, {u}, {v}, , , , "{what}")',
                b.f.ratio)
    head = lay.ras_head
    b.label(s, head - 1, 0, "RAS 更新：把基年中间流量调整到目标行和 u、列和 v（黄色列）RAS: the base-year flows brought to "
                            "the target margins u, v (yellow columns)", b.f.title)
    b.spill(s, (head, 0, head + 2, 1), f'=RAS_UPDATE(IO_Z, {u}, {v}, , , , "report")', b.f.text)
