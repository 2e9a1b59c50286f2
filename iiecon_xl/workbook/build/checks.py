"""The Checks sheet: the identities of the method as OK / FAIL formulas, no error value in
any report range, and none in any iiecon-xl function result (function edition) or array
block (native edition)."""

from __future__ import annotations

from ...xlsx import a1
from .. import layout as L
from .book import Book

TOL = "1E-9"


def _identity_rows(b: Book) -> list[tuple[str, str, str]]:
    """(description, deviation formula, scale formula) of each identity check."""
    nat, prov, reg, ind = b.lay.national, b.lay.provinces, b.lay.regions, b.lay.industries
    T = b.d.T
    nat_col = lambda key: nat.ref_area(L.FIRST, key, nat.last_row, key)  # noqa: E731 - a national column
    nat_total = lambda t: nat.ref(nat.row(t), "total")  # noqa: E731 - the national total of year t
    prov_year = prov.year_column

    total = f"SUM({nat_col('total')})"
    years = range(T)
    return [
        ("全国：核心 + 渗透 = 合计 National: core + penetration = total",
         f"SUMPRODUCT(ABS({nat_col('core')}+{nat_col('penetration')}-{nat_col('total')}))", total),
        ("分省之和 = 全国（各年）Provinces sum to the national total (every year)",
         "+".join(f"ABS(SUM({prov_year('total', t)})-{nat_total(t)})" for t in years), total),
        ("分省：核心 + 渗透 = 合计 Provinces: core + penetration = total",
         "+".join(f"SUMPRODUCT(ABS({prov_year('core', t)}+{prov_year('pen', t)}-{prov_year('total', t)}))"
                  for t in years), total),
        ("四大区域之和 = 全国 Regions sum to the national total",
         "+".join(f"ABS(SUM({reg.year_column('total', t)})-{nat_total(t)})" for t in years), total),
        ("城市之和 = 所属省份 Cities sum to their province (city data year)",
         "SUMPRODUCT(ABS(SUMIF(CITY_PROV, PG_CODES, CITY_VA)-INDEX(PROV_TOTAL, 0, MATCH(P_CITY_YEAR, NAT_YEARS, 0))))",
         "SUM(CITY_VA)"),
        ("三次产业之和 = 全国 Industries sum to the national total",
         "+".join(f"ABS(SUM({ind.year_column('total', t)})-{nat_total(t)})" for t in years), total),
    ]


#: the function edition's last check: every result of an iiecon-xl function, so that a book
#: recalculated without the add-in (#NAME? in those ranges) cannot keep a stale OK
_ARRAY_CHECK = {
    "function": ("iiecon-xl 函数结果无错误值（需加载项）No error in any iiecon-xl function result (needs the add-in)",
                 "iiecon-xl functions"),
    "native": ("数组计算区域无错误值 No error value in the array blocks of the calculation", "array blocks"),
}


def _array_check(b: Book) -> None:
    lay = b.lay.checks
    s, c, r = lay.name, lay.col, lay.array_row
    text, short = _ARRAY_CHECK[b.lay.edition]
    terms = "+".join(f"SUMPRODUCT(--ISERROR({a1.quote_sheet(sh)}!{rng}))" for sh, rng in b.watched) or "0"
    b.label(s, r, c("text"), text)
    b.formula(s, r, c("deviation"), f"={terms}", b.f.int)
    b.formula(s, r, c("result"), f'=IF({lay.cell(r, "deviation")}=0, "OK", "FAIL")', b.f.text)
    b.man.checks.append((s, lay.cell(r, "result"), f"no error values in the {short}"))


def checks(b: Book) -> None:
    lay = b.lay.checks
    s, c = lay.name, lay.col
    ws = b.sheet(lay, "校验", "Identity checks", "OK = 恒等式成立（相对误差 < 1e-9）；FAIL = 需检查 needs attention")
    b.header(s, L.HEAD, c("text"), ["校验 Check", "结果 Result", "最大偏差 Max deviation"])
    rows = _identity_rows(b)
    for i, (text, dev, scale) in enumerate(rows):
        r = lay.row(i)
        b.label(s, r, c("text"), text)
        b.formula(s, r, c("deviation"), f"={dev}", b.f.ratio)
        b.formula(s, r, c("result"), f'=IF({lay.cell(r, "deviation")}<={TOL}*{scale}, "OK", "FAIL")', b.f.text)
        b.man.checks.append((s, lay.cell(r, "result"), text))
    r = lay.error_row
    err_terms = "+".join(f"SUMPRODUCT(--ISERROR({a1.quote_sheet(sh)}!{rng}))" for sh, rng in b.man.report_ranges)
    b.label(s, r, c("text"), "报告区域无错误值 No error values in the report ranges")
    b.formula(s, r, c("deviation"), f"={err_terms}", b.f.int)
    b.formula(s, r, c("result"), f'=IF({lay.cell(r, "deviation")}=0, "OK", "FAIL")', b.f.text)
    b.man.checks.append((s, lay.cell(r, "result"), "no error values"))
    _array_check(b)
    res = c("result")
    for word, fmt in (("OK", b.f.ok), ("FAIL", b.f.fail)):
        ws.conditional_format(L.FIRST, res, lay.array_row, res, {"type": "cell", "criteria": "==", "value": f'"{word}"',
                                                     "format": fmt})
