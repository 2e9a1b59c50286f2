"""The cities report: value added, development index, tier and rank of every city; Table 1
(tiers), the top-N shares and the top cities with their chart (§7)."""

from __future__ import annotations

from ... import model
from ...pipeline.gdp import INCOMPLETE
from .. import layout as L
from . import charts, native_ranks, report_figures
from .book import Book, key
from .styles import PEN_COLOR


def cities(b: Book) -> None:
    lay = b.lay.cities
    s = lay.name
    ws = b.sheet(lay, "城市工业互联网发展指数", "City IIE development index",
                 "X_c = Σ_j Z_p^j·GDP_c^j/Σ_{c∈p} GDP^j（Z_p^j 见分省测算 see Province calc: 三次产业口径 Z^j·ω_p^j，"
                 "门类口径 section rule Σ_s Z_p^s·share_{s,j}）；CI = N·ln(1 + X/X̄)，X̄ 按参数 P_CITY_MEAN"
                 "（prefecture：不含四个直辖市）；梯队阈值见参数 (§7)")
    b.header(s, L.HEAD, lay.col("city"), ["城市", "City", "省份代码", "省份序号 row", "带动增加值 Value added",
                                          "发展指数 Index", "梯队 Tier", "排名 Rank", "计入均值 In X̄", "数据 GDP data"])
    for i, city in enumerate(b.d.cities.index):
        _city_row(b, i, str(city))
    first, last = L.FIRST, lay.last_row
    if b.native:
        native_ranks.city_columns(b)
    else:
        b.spill(s, (first, lay.col("index"), last, lay.col("index")), "=CITY_INDEX(CITY_VA, P_N, , CITY_IN_MEAN)",
                b.f.ratio)
        b.spill(s, (first, lay.col("tier"), last, lay.col("tier")), "=CITY_TIER(CITY_INDEX_VALUES, P_TIERS)", b.f.int)
    b.man.report_ranges.append((s, lay.area(first, "value_added", last, "rank", absolute=False)))
    # a city with a blank industry GDP (counted as 0 in the shares): its row coloured
    ws.conditional_format(first, lay.col("city"), last, lay.col("gdp_flag"),
                          {"type": "formula", "criteria": f'=${lay.cell(first, "gdp_flag")}<>"observed"',
                           "format": b.f.extrap})
    c = lay.col("index")
    ws.conditional_format(first, c, last, c, {"type": "data_bar", "bar_color": PEN_COLOR})
    _table1(b)
    _top_shares(b)
    _top_cities(b)
    report_figures.tier_counts(b)
    charts.cities(b, ws)


def _city_row(b: Book, i: int, city: str) -> None:
    lay, cg = b.lay.cities, b.lay.city_gdp
    s, r = lay.name, lay.row(i)
    for col, fmt in (("city", b.f.text), ("city_en", b.f.text), ("province_code", b.f.int)):
        b.formula(s, r, lay.col(col), f"={cg.ref(cg.row(i), col)}", fmt)
    b.formula(s, r, lay.col("province_row"), f"=MATCH({lay.cell(r, 'province_code')}, PG_CODES, 0)", b.f.int)
    terms = [f"INDEX(PROV_IND_{j}, {lay.cell(r, 'province_row')})*{cg.ref(cg.row(i), cg.gdp_col(j))}"
             f"/SUMIF(CITY_PROV, {lay.cell(r, 'province_code')}, CITY_GDP{j})" for j in L.INDUSTRIES]
    k = key(city=city)
    b.formula(s, r, lay.col("value_added"), "=" + "+".join(terms), b.f.money, expect=("cities", k, "value_added"))
    b.formula(s, r, lay.col("rank"), f"=RANK({lay.cell(r, 'index')}, CITY_INDEX_VALUES)", b.f.int,
              expect=("cities", k, "rank"))
    municipality = "OR(" + ", ".join(f"{lay.cell(r, 'province_code')}={c}" for c in model.MUNICIPALITY_CODES) + ")"
    b.formula(s, r, lay.col("in_mean"), f'=IF(OR(P_CITY_MEAN="all", NOT({municipality})), 1, 0)', b.f.int)
    gdp = cg.ref_area(cg.row(i), cg.gdp_col(L.INDUSTRIES[0]), cg.row(i), cg.gdp_col(L.INDUSTRIES[-1]))
    b.formula(s, r, lay.col("gdp_flag"), f'=IF(COUNT({gdp})<{len(L.INDUSTRIES)}, "{INCOMPLETE}", "observed")', b.f.text,
              expect=("cities", k, "gdp_flag"))  # a blank industry GDP counts as 0 (pipeline.gdp)
    b.expect(s, r, lay.col("index"), "cities", k, "index")
    b.expect(s, r, lay.col("tier"), "cities", k, "tier")


def _table1(b: Book) -> None:
    lay = b.lay.cities
    s = lay.name
    b.label(s, *lay.table1_title, "表1 主要城市梯队 Table 1: tiers of the main cities", b.f.title)
    if b.native:
        native_ranks.table1(b)
    else:
        b.spill(s, lay.tier_area, "=TIER_TABLE(CITY_NAMES, CITY_INDEX_VALUES, P_TIERS)", b.f.text)
    for k in lay.tiers:
        for col, column in (("tier_count", "count"), ("tier_cities", "cities")):
            b.expect(s, lay.tier_row(k), lay.col(col), "tiers", key(tier=k), column)


def _top_shares(b: Book) -> None:
    lay = b.lay.cities
    s = lay.name
    b.header(s, lay.topn_head_row, lay.col("side"), ["前N位 Top N", "占全国比重 Share of national"])
    total_cy = "INDEX(NAT_TOTAL, MATCH(P_CITY_YEAR, NAT_YEARS, 0))"
    for k, (pname, top_n) in enumerate(zip(("P_TOP1", "P_TOP2"), b.top_n)):
        b.formula(s, lay.topn_row(k), lay.col("side"), f"={pname}", b.f.int)
        share = native_ranks.top_share(pname, total_cy) if b.native else f"=TOPN_SHARE(CITY_VA, {total_cy}, {pname})"
        b.formula(s, lay.topn_row(k), lay.col("side2"), share, b.f.rate,
                  expect=("top_shares", key(top_n=int(top_n)), "share"))


def _top_cities(b: Book) -> None:
    lay = b.lay.cities
    s = lay.name
    b.header(s, lay.top_head_row, lay.col("side"), [f"前{L.TOP_CITIES}位城市 Top {L.TOP_CITIES}", "发展指数 Index"])
    if b.native:
        native_ranks.top_cities(b)
    else:
        b.spill(s, lay.top_area, f"=TOP_N(CITY_NAMES, CITY_INDEX_VALUES, {L.TOP_CITIES})", b.f.ratio)
