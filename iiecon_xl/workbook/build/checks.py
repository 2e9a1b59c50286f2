"""The Checks sheet: the identities of the method as OK / FAIL formulas, no error value in
any report range, none in any iiecon-xl function result (function edition) or array
block (native edition), and one row per parameter that reads FAIL when its value is outside
its allowed set (:mod:`.validation`, which also puts data validation on every input block)."""

from __future__ import annotations

from ...parameters import SPECS
from ...xlsx import a1
from .. import layout as L
from . import validation
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
        ("基年：核心 = Σ S_k V_k，渗透 = Σ dz Base year: core = Σ S_k V_k, penetration = Σ dz (§1)",
         f"ABS({nat.ref(nat.row(0), 'core')}-SUM(CALC_DIRECT))+ABS({nat.ref(nat.row(0), 'penetration')}-SUM(CALC_DZ))",
         "ABS(SUM(CALC_DIRECT))+ABS(SUM(CALC_DZ))"),
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


def param_rows(lay) -> tuple[int, list[int]]:
    """The header row of the parameter checks and one row per parameter, below the no-error rows."""
    head = lay.array_row + 2
    return head, [head + 1 + i for i in range(len(SPECS))]


def _param_checks(b: Book) -> None:
    """One row per parameter: 0 when its value is in its allowed set, else 1 and FAIL."""
    lay, p = b.lay.checks, b.lay.params
    s, c = lay.name, lay.col
    head, rows = param_rows(lay)
    b.header(s, head, c("text"), ["参数取值 Parameter values", "结果 Result", "超出范围 Outside (1)"])
    for spec, r in zip(SPECS, rows):
        rule = validation.param_rule(spec)
        text = f"参数 {spec.name}（{spec.zh}）：{rule.zh}  Parameter {spec.name} ({spec.en}): {rule.en}"
        cell = p.ref(*p.value_cell(spec.name))
        b.label(s, r, c("text"), text)
        b.formula(s, r, c("deviation"), validation.param_test(spec, cell, b.param_blank_ok.get(spec.name, False)),
                  b.f.int)
        b.formula(s, r, c("result"), f'=IF({lay.cell(r, "deviation")}=0, "OK", "FAIL")', b.f.text)
        # not in Manifest.checks: the audit checks every parameter against its allowed set itself,
        # and ChecksSheet.rows (the layout) does not count these rows yet


def _not_data_check(b: Book) -> None:
    """WARN while any yearly input is extrapolated or awaiting data (listed on the Sources sheet)."""
    from .sources import not_data_formula

    lay = b.lay.checks
    s, c, r = lay.name, lay.col, lay.not_data_row
    b.label(s, r, c("text"), "外推或待填的输入（见“数据来源”表）Inputs extrapolated or awaiting data (see the Sources sheet)")
    b.formula(s, r, c("deviation"), f"={not_data_formula(b)}", b.f.int)
    b.formula(s, r, c("result"), f'=IF({lay.cell(r, "deviation")}=0, "OK", "WARN")', b.f.text)


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
    _param_checks(b)
    _not_data_check(b)
    validation.inputs(b)
    res, last = c("result"), param_rows(lay)[1][-1]
    for word, fmt in (("OK", b.f.ok), ("FAIL", b.f.fail)):
        ws.conditional_format(L.FIRST, res, last, res, {"type": "cell", "criteria": "==", "value": f'"{word}"',
                                                      "format": fmt})
