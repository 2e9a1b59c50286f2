"""The IO table, the related sectors and the expert scores (the base-year inputs)."""

from __future__ import annotations

from ... import units
from .. import layout as L
from . import native_ranks
from .book import Book, key, unit_of


def io(b: Book, inputs) -> None:
    lay = b.lay.io
    s, d = lay.name, b.d
    unit = unit_of(inputs)
    b.sheet(lay, "基年投入产出表", "Base-year input-output table",
            f"单位 Unit: {units.label(unit)}；行=供给部门，列=使用部门 rows sell, columns buy")
    b.header(s, L.HEAD, lay.col("code"), ["代码 Code", "部门 Sector", "Sector (en)", "门类 Section"])
    codes = list(d.sectors.index)
    Z = inputs.io.Z.to_numpy() if inputs is not None else None
    X = inputs.io.X.to_numpy() if inputs is not None else None
    f = units.factor(inputs.io.unit, inputs.params.unit) if inputs is not None else 1.0
    for j, code in enumerate(codes):
        b.value(s, L.HEAD, lay.sector_col(j), code, b.f.head)
    text = {col: d.sectors[col].tolist() for col in ("name_zh", "name_en", "section")}
    cols = [lay.sector_col(j) for j in range(d.n)]
    for i, code in enumerate(codes):
        r = L.FIRST + i
        for col in ("code", "name_zh", "name_en", "section"):
            b.value(s, r, lay.col(col), code if col == "code" else text[col][i], b.f.input_text)
        b.numbers(s, r, cols, [None] * d.n if Z is None else Z[i] * f)
    b.label(s, lay.x_row, lay.col("name_zh"), "总投入 Total input X", b.f.head)
    for j in range(d.n):
        b.value(s, lay.x_row, lay.sector_col(j), None if X is None else X[j] * f)


def related(b: Book, inputs) -> None:
    lay, sc = b.lay.related, b.lay.scores
    s, d = lay.name, b.d
    b.sheet(lay, "关联部门与关联系数", "Related sectors and IIE shares S",
            "S 由“专家评分”表经模糊综合评价计算 S = B·G (METHOD.md §6)")
    b.header(s, L.HEAD, lay.col("code"), ["代码 Code", "部门 Sector", "关联系数 S", "评分区域 Scores range"])
    for i, code in enumerate(d.related.index):
        r = L.FIRST + i
        b.value(s, r, lay.col("code"), code, b.f.input_text)
        b.value(s, r, lay.col("name_zh"), d.related.at[code, "name_zh"], b.f.input_text)
        rng = sc.ref_area(*sc.counts_area(i))
        if b.native:   # S = B·G from the Helpers sheet's fuzzy block (a one-cell array formula)
            b.spill(s, (r, lay.col("S"), r, lay.col("S")), native_ranks.related_s(b, i), b.f.ratio, watch=False)
            b.expect(s, r, lay.col("S"), "related", key(code=code), "S")
        else:
            b.formula(s, r, lay.col("S"), f"=FUZZY_EVAL({rng}, SC_WEIGHTS, SC_GRADES, P_OPERATOR)", b.f.ratio,
                      expect=("related", key(code=code), "S"))
        b.label(s, r, lay.col("scores_range"), sc.area(*sc.counts_area(i)))


def scores(b: Book, inputs) -> None:
    lay = b.lay.scores
    s, d = lay.name, b.d
    b.sheet(lay, "专家评分（模糊综合评价）", "Expert scores (fuzzy comprehensive evaluation)",
            "每格填写选择该等级的专家人数 Number of experts choosing each grade")
    b.header(s, L.HEAD, lay.col("crit_id"), ["指标 id", "评价指标", "Criterion", "权重 W"])
    b.header(s, L.HEAD, lay.col("grade_id"), ["等级 id", "等级", "Grade", "分值 G"])
    for table, frame, number in (("crit", d.criteria, "weight"), ("grade", d.grades, "grade_value")):
        for i, (ident, row) in enumerate(frame.iterrows()):
            r = L.FIRST + i
            b.value(s, r, lay.col(f"{table}_id"), str(ident), b.f.input_text)
            b.value(s, r, lay.col(f"{table}_zh"), row["name_zh"], b.f.input_text)
            b.value(s, r, lay.col(f"{table}_en"), row["name_en"], b.f.input_text)
            b.value(s, r, lay.col(number), float(row["weight" if table == "crit" else "value"]))
    counts = inputs.fuzzy.counts.to_dict("index") if inputs is not None else None   # (code, criterion) → {grade: n}
    for i, code in enumerate(d.related.index):
        _score_block(b, i, code, counts)


def _score_block(b: Book, i: int, code: str, counts) -> None:
    lay, d = b.lay.scores, b.d
    s, top, c0 = lay.name, lay.block_row(i), lay.col("counts")
    b.label(s, top, lay.col("block_code"), code, b.f.head)
    b.label(s, top, lay.col("block_label"), d.related.at[code, "name_zh"], b.f.head)
    for k, (gid, grow) in enumerate(d.grades.iterrows()):
        b.label(s, top, c0 + k, f"{grow['name_zh']} {grow['name_en']}", b.f.head)
    for ci, cid in enumerate(d.criteria.index):
        b.label(s, top + 1 + ci, lay.col("block_label"), d.criteria.at[cid, "name_zh"])
        for k, gid in enumerate(d.grades.index):
            v = None
            if counts is not None and (code, cid) in counts:
                v = float(counts[(code, cid)][gid])
            b.value(s, top + 1 + ci, c0 + k, v, b.f.input_int)

