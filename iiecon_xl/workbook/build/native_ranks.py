"""Native edition, §6–7 with built-in functions: the Helpers sheet (the fuzzy evaluation of
each related sector, the rankings) and the report cells that the function edition fills
with FUZZY_EVAL, CITY_INDEX, CITY_TIER, TIER_TABLE, TOPN_SHARE and TOP_N.

    R   = counts / MMULT(counts, 1)          (each criterion's row divided by its total)
    b   = MMULT(Wᵀ, R)  (M(·,+))   or   b_g = MAX(IF(W < R_g, W, R_g))  (M(∧,∨))
    B   = b / SUM(b),   S = MMULT(B, G)
    CI  = N · LN(1 + X / AVERAGE(X)),   tier = thresholds ≤ CI counted from the last

Sorting without SORT: a unique rank RANK(x) + COUNTIF(x above, x) − 1 puts equal values in
their input order (as the stable sort of TOP_N and TIER_TABLE does); INDEX/MATCH on it
gives the sorted lists, and one running list per tier joins the cities of Table 1.
"""

from __future__ import annotations

from .. import layout as L
from .book import Book

_TIER_HEADER = ("tier", "index_range", "count", "cities")


def helpers(b: Book) -> None:
    lay = b.lay.helpers
    b.sheet(lay, "辅助计算（内置函数）", "Helpers, built-in functions",
            "模糊综合评价 R、b、B (§6)；城市与省份的排序（并列按原顺序）Rankings, ties in input order (§7)")
    for i in range(b.d.m):
        _fuzzy_block(b, i)
    if b.d.m:
        c0 = lay.col("f_grades")
        b.watch(lay.name, (lay.block_row(0), c0, lay.fuzzy_end, c0 + len(b.d.grades) - 1))
    _city_ranks(b)
    _province_ranks(b)


def _fuzzy_block(b: Book, i: int) -> None:
    lay, sc, rel = b.lay.helpers, b.lay.scores, b.lay.related
    s, d, c0 = lay.name, b.d, lay.col("f_grades")
    top = lay.block_row(i)
    b.formula(s, top, lay.col("f_code"), f"={rel.ref(rel.first_row + i, 'code')}", b.f.head)
    b.label(s, top, lay.col("f_label"), "隶属度 R", b.f.head)
    for k, gid in enumerate(d.grades.index):
        b.label(s, top, c0 + k, f"{d.grades.at[gid, 'name_zh']} {d.grades.at[gid, 'name_en']}", b.f.head)
    for ci, cid in enumerate(d.criteria.index):
        b.label(s, top + 1 + ci, lay.col("f_label"), d.criteria.at[cid, "name_zh"])
    counts = sc.ref_area(*sc.counts_area(i))
    r1, _, r2, _ = lay.r_area(i)
    b.spill(s, lay.r_area(i), f"={counts}/MMULT({counts}, (SC_GRADES=SC_GRADES)*1)", b.f.ratio, watch=False)
    R = lay.area(*lay.r_area(i))
    b.label(s, lay.fuzzy_row(i, "weighted"), lay.col("f_label"), "b = W·R  M(·,+)")
    b.spill(s, lay.fuzzy_area(i, "weighted"), f"=MMULT(TRANSPOSE(SC_WEIGHTS), {R})", b.f.ratio, watch=False)
    b.label(s, lay.fuzzy_row(i, "minmax"), lay.col("f_label"), "b = max min(W, R)  M(∧,∨)")
    r = lay.fuzzy_row(i, "minmax")
    for k in range(len(d.grades)):
        col = lay.area(r1, c0 + k, r2, c0 + k)
        b.spill(s, (r, c0 + k, r, c0 + k), f"=MAX(IF(SC_WEIGHTS<{col}, SC_WEIGHTS, {col}))", b.f.ratio, watch=False)
    pick = (f'IF(P_OPERATOR="minmax", {lay.area(*lay.fuzzy_area(i, "minmax"))}, '
            f'{lay.area(*lay.fuzzy_area(i, "weighted"))})')
    b.label(s, lay.fuzzy_row(i, "B"), lay.col("f_label"), "B = b / Σb")
    b.spill(s, lay.fuzzy_area(i, "B"), f"={pick}/SUM({pick})", b.f.ratio, watch=False)


def related_s(b: Book, i: int) -> str:
    """The formula of related sector i's S on the Related sheet: S = B·G."""
    lay = b.lay.helpers
    return f"=MMULT({lay.ref_area(*lay.fuzzy_area(i, 'B'))}, SC_GRADES)"


def _unique_rank(values_col: str, first: str, this: str) -> str:
    """RANK with ties broken by order: the first of equal values ranks highest."""
    return f"=RANK({this}, {values_col})+COUNTIF({first}:{this}, {this})-1"


def _city_ranks(b: Book) -> None:
    lay, cr = b.lay.helpers, b.lay.cities
    s, C = lay.name, len(b.d.cities)
    col = lay.rcol
    b.header(s, L.HEAD, lay.rank_col, ["指数名次 rank", "增加值名次 VA rank", "k", "第k名城市", "指数", "梯队",
                                       *(f"第{k}梯队 tier {k}" for k in b.lay.cities.tiers)])
    idx0, va0 = cr.ref(L.FIRST, "index", absolute=True), cr.ref(L.FIRST, "value_added", absolute=True)
    tiers_col = cr.ref_area(L.FIRST, "tier", cr.last_row, "tier")
    for i in range(C):
        r = lay.row(i)
        b.formula(s, r, col("city_rank"), _unique_rank("CITY_INDEX_VALUES", idx0, cr.ref(r, "index")), b.f.int)
        b.formula(s, r, col("va_rank"), _unique_rank("CITY_VA", va0, cr.ref(r, "value_added")), b.f.int)
        b.label(s, r, col("k"), i + 1, b.f.int)
        pos = f"MATCH({lay.cell(r, col('k'))}, CITY_RANK, 0)"
        b.formula(s, r, col("sorted_name"), f"=INDEX(CITY_NAMES, {pos})", b.f.text)
        b.formula(s, r, col("sorted_index"), f"=INDEX(CITY_INDEX_VALUES, {pos})", b.f.ratio)
        b.formula(s, r, col("sorted_tier"), f"=INDEX({tiers_col}, {pos})", b.f.int)
        name, tier = lay.cell(r, col("sorted_name")), lay.cell(r, col("sorted_tier"))
        for k in b.lay.cities.tiers:
            c = col(f"cat{k}")
            if i == 0:
                f = f'=IF({tier}={k}, {name}, "")'
            else:
                above = lay.cell(r - 1, c)
                f = f'=IF({tier}={k}, IF({above}="", {name}, {above}&"、"&{name}), {above})'
            b.formula(s, r, c, f, b.f.text)


def _province_ranks(b: Book) -> None:
    lay, pr = b.lay.helpers, b.lay.provinces
    s, P = lay.name, len(b.d.provinces)
    b.header(s, L.HEAD, lay.rcol("prov_rank"), ["省份名次 Province rank"])
    first = pr.ref(L.FIRST, "total", absolute=True)
    totals = pr.ref_area(L.FIRST, "total", pr.last_row, "total")
    for i in range(P):
        b.formula(s, lay.row(i), lay.rcol("prov_rank"), _unique_rank(totals, first, pr.ref(pr.row(i), "total")),
                  b.f.int)


# ----------------------------------------------------------------------------- report cells


def city_columns(b: Book) -> None:
    """The index and tier of every city (the function edition's CITY_INDEX, CITY_TIER spills)."""
    lay = b.lay.cities
    s = lay.name
    for i in range(len(b.d.cities)):
        r = lay.row(i)
        xbar = "AVERAGEIF(CITY_IN_MEAN, 1, CITY_VA)"  # X̄ over the rows flagged to enter the mean
        b.formula(s, r, lay.col("index"), f"=P_N*LN(1+{lay.cell(r, 'value_added')}/{xbar})", b.f.ratio)
        above = f"SUMPRODUCT(--(P_TIERS<={lay.cell(r, 'index')}))"
        b.formula(s, r, lay.col("tier"), f"=IF({above}=0, 0, ROWS(P_TIERS)+1-{above})", b.f.int)


def table1(b: Book) -> None:
    """Table 1: tier, index range, count and the cities in rank order (TIER_TABLE's cells)."""
    lay, h = b.lay.cities, b.lay.helpers
    s = lay.name
    r0, c0, _, _ = lay.tier_area
    tiers_col = lay.area(L.FIRST, "tier", lay.last_row, "tier")
    last = h.row(len(b.d.cities) - 1)
    for j, text in enumerate(_TIER_HEADER):
        b.label(s, r0, c0 + j, text, b.f.text)
    for k in lay.tiers:
        r = lay.tier_row(k)
        b.label(s, r, c0, k, b.f.int)
        rng = '="≥ "&INDEX(P_TIERS, 1)' if k == 1 else f'="["&INDEX(P_TIERS, {k})&", "&INDEX(P_TIERS, {k - 1})&")"'
        b.formula(s, r, c0 + 1, rng, b.f.text)
        b.formula(s, r, lay.col("tier_count"), f"=COUNTIF({tiers_col}, {k})", b.f.int)
        b.formula(s, r, lay.col("tier_cities"), f"={h.ref(last, h.rcol(f'cat{k}'))}", b.f.text)


def top_share(pname: str, total: str) -> str:
    """TOPN_SHARE with built-ins: the value added of the cities ranked ≤ n, over the total."""
    return f'=SUMIF(CITY_VA_RANK, "<="&{pname}, CITY_VA)/{total}'


def top_cities(b: Book) -> None:
    lay = b.lay.cities
    s = lay.name
    r0, c0, r1, c1 = lay.top_area
    for k in range(r1 - r0 + 1):
        b.formula(s, r0 + k, c0, f"=INDEX(CITY_SORTED, {k + 1})", b.f.text)
        b.formula(s, r0 + k, c1, f"=INDEX(CITY_SORTED_INDEX, {k + 1})", b.f.ratio)


def sorted_provinces(b: Book) -> None:
    """The provinces by latest-year total, largest first (TOP_N's cells)."""
    lay = b.lay.provinces
    s = lay.name
    for k in range(len(b.d.provinces)):
        r = lay.row(k)
        pos = f"MATCH({k + 1}, PROV_RANK, 0)"
        b.formula(s, r, lay.col("sorted_name"), f"=INDEX({lay.table_column('name_zh')}, {pos})", b.f.text)
        b.formula(s, r, lay.col("sorted_total"), f"=INDEX({lay.table_column('total')}, {pos})", b.f.money)
