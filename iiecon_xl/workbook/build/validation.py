"""The book guards its inputs (issue 12 §3): data validation on every parameter and every
input block, and the rule each parameter's Checks row applies.

The rules come from :data:`~iiecon_xl.parameters.SPECS` (kind and choices), so a parameter
added there is covered without a line here: lists for choices and TRUE/FALSE, whole numbers
for years and counts, decimals for numbers, the money units for ``P_UNIT``. Every rule has
an input message in Chinese and English; Excel refuses a value outside it when typed (a
pasted value passes Excel, which is why each parameter also has a Checks row: its formula
says FAIL after any recalculation, in any spreadsheet program).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...parameters import SPECS, ParamSpec
from ...units import UNITS
from .. import layout as L
from .book import Book

#: years a year parameter or year header may hold
YEAR_MIN, YEAR_MAX = 1949, 2100


@dataclass(frozen=True)
class Rule:
    """What a cell may hold: the XlsxWriter validation options and the bilingual wording."""

    options: dict
    zh: str
    en: str


def _list(values, zh: str, en: str) -> Rule:
    return Rule({"validate": "list", "source": list(values)}, zh, en)


def _range(validate: str, low, high=None, *, zh: str, en: str) -> Rule:
    opts = {"validate": validate, "criteria": ">=", "value": low} if high is None else \
        {"validate": validate, "criteria": "between", "minimum": low, "maximum": high}
    return Rule(opts, zh, en)


YEAR_RULE = _range("integer", YEAR_MIN, YEAR_MAX, zh=f"整数年份 {YEAR_MIN}–{YEAR_MAX}",
                   en=f"a whole year {YEAR_MIN}-{YEAR_MAX}")
COUNT_RULE = _range("integer", 1, zh="正整数（≥ 1）", en="a whole number >= 1")
NONNEG_RULE = _range("decimal", 0, zh="数值 ≥ 0", en="a number >= 0")
SHARE_RULE = _range("decimal", 0, 1, zh="0 到 1 之间的数值", en="a number from 0 to 1")
WHOLE_RULE = _range("integer", 0, zh="非负整数（人数）", en="a whole number >= 0 (a count)")
ANY_NUMBER = Rule({"validate": "decimal", "criteria": "between", "minimum": -1e307, "maximum": 1e307},
                  "数值", "a number")
TEXT_RULE = Rule({"validate": "length", "criteria": "<=", "value": 255}, "文字（不超过255字）", "text, up to 255 characters")


def choices_of(spec: ParamSpec) -> tuple[str, ...]:
    """The allowed values of a text parameter (none: free text)."""
    if spec.choices:
        return tuple(spec.choices)
    return tuple(UNITS) if spec.name == "P_UNIT" else ()


def param_rule(spec: ParamSpec) -> Rule:
    """The data validation of one parameter, from its kind and choices."""
    if spec.kind == "bool":
        return _list(("TRUE", "FALSE"), "TRUE 或 FALSE", "TRUE or FALSE")
    if spec.kind in ("choice", "text") and choices_of(spec):
        values = choices_of(spec)
        return _list(values, "可选：" + "、".join(values), "one of " + ", ".join(values))
    if spec.kind == "year":
        return YEAR_RULE
    if spec.kind == "int":
        return COUNT_RULE
    if spec.kind == "number":
        return NONNEG_RULE
    return TEXT_RULE


def param_test(spec: ParamSpec, cell: str, blank_ok: bool) -> str:
    """A formula that is 0 when ``cell`` holds an allowed value of ``spec``, else 1 (never an error)."""
    x = cell
    if spec.kind == "bool":
        ok = f"ISLOGICAL({x})"
    elif choices_of(spec):
        ok = "OR(" + ", ".join(f'{x}="{v}"' for v in choices_of(spec)) + ")"
        ok = f"IF(ISTEXT({x}), {ok}, FALSE)"
    elif spec.kind in ("year", "int"):
        low, high = (YEAR_MIN, YEAR_MAX) if spec.kind == "year" else (1, 10 ** 6)
        ok = f"IF(ISNUMBER({x}), AND({x}=INT({x}), {x}>={low}, {x}<={high}), FALSE)"
    elif spec.kind == "number":
        ok = f"IF(ISNUMBER({x}), {x}>=0, FALSE)"
    else:
        ok = f"ISTEXT({x})"
    if blank_ok:
        ok = f"OR(ISBLANK({x}), {ok})"
    return f"=IF({ok}, 0, 1)"


def _apply(b: Book, sheet: str, area, rule: Rule, title: str, *, blank_ok: bool = True) -> None:
    r1, c1, r2, c2 = area if len(area) == 4 else (*area, *area)
    if r2 < r1 or c2 < c1:
        return
    opts = dict(rule.options)
    opts.update({"ignore_blank": blank_ok, "input_title": title[:32],
                 "input_message": f"{rule.zh}\n{rule.en}"[:255],
                 "error_title": "输入无效 Invalid input", "error_type": "stop",
                 "error_message": f"应为 {rule.zh}\nExpected {rule.en}"[:255]})
    b.sheets[sheet].data_validation(r1, c1, r2, c2, opts)


def params(b: Book, blank_ok: dict[str, bool]) -> None:
    """Data validation on every parameter value cell (``blank_ok``: {name: may be blank})."""
    p = b.lay.params
    for spec in SPECS:
        _apply(b, p.name, p.value_cell(spec.name), param_rule(spec), f"{spec.zh} {spec.en}",
               blank_ok=blank_ok.get(spec.name, False))


def _blocks(b: Book) -> list[tuple[str, tuple, Rule, str]]:
    """(sheet, area, rule, title) of every input block."""
    lay = b.lay
    io, rel, sc, va, mac, ng, pg, cg = (lay.io, lay.related, lay.scores, lay.section_va, lay.macro,
                                       lay.national_gdp, lay.province_gdp, lay.city_gdp)
    out = [(io.name, io.names()["IO_Z"], NONNEG_RULE, "中间流量 Z Flows"),
           (io.name, io.names()["IO_X"], NONNEG_RULE, "总投入 X Total input"),
           (rel.name, rel.names()["REL_S"], SHARE_RULE, "关联系数 S Relatedness"),
           (sc.name, sc.names()["SC_WEIGHTS"], SHARE_RULE, "指标权重 W Weights"),
           (sc.name, sc.names()["SC_GRADES"], ANY_NUMBER, "等级分值 G Grade values")]
    out += [(sc.name, sc.counts_area(i), WHOLE_RULE, "专家人数 Expert counts") for i in range(len(b.d.related))]
    for sheet, names, data in ((va, va.names(), ("VA_DATA",)), (mac, mac.names(), tuple(f"MAC_{k}" for k in L.MACRO_SERIES)),
                               (ng, ng.names(), ("NG_DATA",))):
        years = next(k for k in names if k.endswith("_YEARS"))
        out.append((sheet.name, names[years], YEAR_RULE, "年份 Year"))
        out += [(sheet.name, names[k], NONNEG_RULE, "增加值 Value (≥ 0)") for k in data]
    out += [(pg.name, pg.names()[f"PROV_GDP_{j}"], NONNEG_RULE, f"第{j}产业 GDP industry {j}") for j in L.INDUSTRIES]
    out += [(cg.name, cg.names()[f"CITY_GDP{j}"], NONNEG_RULE, f"第{j}产业 GDP industry {j}") for j in L.INDUSTRIES]
    return out


def inputs(b: Book) -> None:
    """Data validation on every input block: flows, totals and GDP ≥ 0, shares in [0, 1],
    expert counts whole, year headers whole years."""
    for sheet, area, rule, title in _blocks(b):
        _apply(b, sheet, area, rule, title)
