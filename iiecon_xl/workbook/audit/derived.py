"""Expected values of the formula cells the builder does not tie to a pipeline row (see
:mod:`.expected`), recomputed here:

- from the pipeline tables: the span growth, CAGR and span label on 全国, the sorted province
  list and the sorted core, penetration and share of GDP beside 分省 (what its charts show), Table 1 (``TIER_TABLE``), the production-function
  and multiplier tables (``PRODFN_FIT``, ``TECH_MULTIPLIER``) with their header rows;
- by arithmetic on known cells (:func:`arithmetic`): a formula made only of cell references,
  ``SUM`` of ranges, numbers and ``+ - * / ^``, ``SUMIF(NAME, cell, NAME)`` and
  ``MATCH(cell, NAME, 0)`` over defined names, evaluated on the values already expected (inputs,
  labels, pipeline values) — the province shares, the sector and section sums, the copies of
  copies. Cells whose formulas use anything else keep only their formula and error checks.
"""

from __future__ import annotations

import functools
import math
import re

import numpy as np

from ...xlsx import a1
from ...xlsx.a1_fast import col_name_fast

_TABLE_FUNCS = {"TIER_TABLE": "tiers", "PRODFN_FIT": "production", "TECH_MULTIPLIER": "multipliers"}
_REF = re.compile(r"(?:('(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")
_NUM = re.compile(r"\d+(?:\.\d*)?(?:E[+-]?\d+)?", re.I)
_SUMIF = re.compile(r"^=SUMIF\(([A-Z_][A-Z0-9_]*), *([A-Z]{1,3}\d+), *([A-Z_][A-Z0-9_]*)\)$")
_MATCH = re.compile(r"^=MATCH\(([A-Z]{1,3}\d+), *([A-Z_][A-Z0-9_]*), *0\)$")


class _Unknown(Exception):
    pass


def derived(manifest, report, expected: dict, lay=None, inputs=None) -> None:
    """Add to ``expected`` the cells recomputed from the pipeline tables (see the module docstring)."""
    _table_spills(manifest, report, expected)
    if lay is not None:
        _sorted_provinces(lay, report, expected)
        _sorted_parts(lay, report, expected)
        _top_cities(lay, report, expected)
        _span(manifest, report, expected, inputs)
    if lay is not None and inputs is not None and getattr(lay, "analysis", None) is not None:
        from ..build.analysis_expected import expected as analysis_expected  # the Analysis sheet (issue 15)

        expected.update(analysis_expected(lay, inputs, report))


def _table_spills(manifest, report, expected) -> None:
    """A table function's spill: the header row (the table's column names), then its rows."""
    for (sheet, anchor), rng in manifest.spills.items():
        f = manifest.formulas.get((sheet, anchor), "")
        name = next((t for fn, t in _TABLE_FUNCS.items() if f.upper().startswith(f"={fn}(")), None)
        if name is None or name not in report.tables:
            continue
        frame = report.tables[name].frame
        r1, c1, r2, c2 = a1.parse_area(rng)
        grid = [list(frame.columns)] + frame.to_numpy(dtype=object).tolist()
        for i in range(min(r2 - r1 + 1, len(grid))):
            for j in range(min(c2 - c1 + 1, len(grid[i]))):
                expected[(sheet, a1.cell_name(r1 + i, c1 + j))] = (grid[i][j], f"{name} row {i} column {j}")


def _sorted_provinces(lay, report, expected) -> None:
    p = lay.provinces
    frame = report.tables["provinces"].frame
    last = frame[frame["year"] == frame["year"].max()].sort_values("total", ascending=False, kind="stable")
    for i, (_, row) in enumerate(last.iterrows()):
        r = p.row(i)
        if r > p.last_row:
            break
        for key, col in (("sorted_name", "province"), ("sorted_total", "total"), ("sorted_growth", "total_growth")):
            expected[(p.name, p.cell(r, key))] = (row[col], f"provinces {row['year']} sorted by total, #{i + 1} {col}")


#: the provinces table's column of each book column a part sorts (layout ProvincesReport.PART_SOURCES)
_PART_TABLE = {"core": "core", "penetration": "penetration", "share": "share_of_gdp",
               "core_growth": "core_growth", "pen_growth": "penetration_growth"}


def _sorted_parts(lay, report, expected) -> None:
    """The sorted core, penetration and share of GDP beside 分省 (what the part charts show): each
    province's unique rank in the table's order, then the k-th province's name, value and growth
    (a stable sort: equal values keep the table's order)."""
    p = lay.provinces
    if not hasattr(p, "PARTS"):
        return
    frame = report.tables["provinces"].frame
    last = frame[frame["year"] == frame["year"].max()].reset_index(drop=True)
    many = frame["year"].nunique() > 1
    for part in p.PARTS:
        src, growth = (_PART_TABLE.get(c) for c in p.PART_SOURCES[part])
        order = last.sort_values(src, ascending=False, kind="stable")
        where = f"provinces {last['year'].max() if len(last) else ''} sorted by {src}"
        for k, (i, row) in enumerate(order.iterrows()):
            if k >= p.P:
                break
            expected[(p.name, p.cell(p.row(i), p.part_col(part, "urank")))] = (k + 1, f"{where}, rank of row {i}")
            r = p.row(k)
            expected[(p.name, p.cell(r, p.part_col(part, "name")))] = (row["province"], f"{where}, #{k + 1} name")
            expected[(p.name, p.cell(r, p.part_col(part, "value")))] = (row[src], f"{where}, #{k + 1} {src}")
            if growth and many:
                expected[(p.name, p.cell(r, p.part_col(part, "growth")))] = (row[growth], f"{where}, #{k + 1} {growth}")


def _top_cities(lay, report, expected) -> None:
    c = lay.cities
    r1, c1, r2, c2 = c.top_area
    frame = report.tables["cities"].frame
    top = frame.sort_values("index", ascending=False, kind="stable").head(r2 - r1 + 1)
    for i, (_, row) in enumerate(top.iterrows()):
        expected[(c.name, a1.cell_name(r1 + i, c1))] = (row["city"], f"cities by index, #{i + 1} city")
        expected[(c.name, a1.cell_name(r1 + i, c2))] = (row["index"], f"cities by index, #{i + 1} index")


def _span(manifest, report, expected, inputs) -> None:
    cells = getattr(manifest, "summary_cells", {}) or {}
    summary = report.tables.get("national_summary")
    if summary is None:
        return
    values = summary.frame["value"].to_numpy()
    for i, key in enumerate(("span_growth", "cagr")):
        if key in cells and i < len(values):
            expected[cells[key]] = (values[i], f"national_summary {summary.frame['metric_en'].iloc[i]}")
    if "span_growth" in cells and len(values):
        sheet, cell = cells["span_growth"]  # the span label "2020–2024" sits two columns left of its value
        r, c = a1.parse_cell(cell)
        span = str(summary.frame["metric"].iloc[0]).split()[0]
        expected[(sheet, a1.cell_name(r, c - 2))] = (span, "national_summary span")


# --------------------------------------------------------------------------- arithmetic


class _Values:
    """Values known for cells: expected, inputs, labels; formulas evaluated on demand."""

    def __init__(self, manifest, expected):
        self.m, self.expected = manifest, expected
        self.names = {n: a1.split_ref(t) for n, t in manifest.names.items()}
        self.busy: set = set()

    def cell(self, sheet: str, cell: str):
        key = (sheet, cell)
        known = self.expected.get(key)
        if known is not None:
            return known[0]
        if key in self.m.inputs or key in self.m.cells:
            v = self.m.inputs[key] if key in self.m.inputs else self.m.cells[key]
            return 0.0 if v is None else v
        f = self.m.formulas.get(key)
        if f is None or key in self.busy or key in self.m.spills:
            raise _Unknown(key)
        self.busy.add(key)
        try:
            v = evaluate(self, sheet, f)
        finally:
            self.busy.discard(key)
        self.expected[key] = (v, f"recomputed {f[:60]}")
        return v

    def area(self, sheet: str, area: str) -> list:
        r1, c1, r2, c2 = a1.parse_area(area if ":" in area else f"{area}:{area}")
        cols = [col_name_fast(c) for c in range(c1, c2 + 1)]
        return [self.cell(sheet, f"{col}{r + 1}") for r in range(r1, r2 + 1) for col in cols]

    def name(self, name: str) -> list:
        if name not in self.names:
            raise _Unknown(name)
        sheet, area = self.names[name]
        return self.area(sheet, area.replace("$", ""))


def _num(v) -> float:
    if isinstance(v, (bool, np.bool_)):
        return float(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    raise _Unknown(v)


def evaluate(values: _Values, sheet: str, formula: str):
    """The value of ``formula`` on ``sheet`` from known cells; raises _Unknown when it cannot."""
    m = _SUMIF.match(formula)
    if m:
        crit = values.cell(sheet, m.group(2))
        keys, vals = values.name(m.group(1)), values.name(m.group(3))
        return float(sum(_num(v) for k, v in zip(keys, vals) if str(k) == str(crit)))
    m = _MATCH.match(formula)
    if m:
        x, keys = values.cell(sheet, m.group(1)), values.name(m.group(2))
        hits = [i for i, k in enumerate(keys) if str(k) == str(x)]
        if not hits:
            raise _Unknown(formula)
        return hits[0] + 1
    return _arith(values, sheet, formula[1:])


#: the functions :func:`_arith` evaluates, and their Python names (SUMPRODUCT before SUM)
_ARITH_FUNCS = {"SUMPRODUCT(": "_sumproduct(", "SUM(": "_sum("}


def _sumproduct(*arrays) -> float:
    """SUMPRODUCT of ranges of one size: Σ_i Π_k a_k[i]."""
    lists = [a if isinstance(a, list) else [a] for a in arrays]
    if len({len(a) for a in lists}) != 1:
        raise _Unknown("SUMPRODUCT of ranges of different sizes")
    return float(sum(math.prod(x) for x in zip(*lists)))


def _sum(*xs) -> float:
    return float(sum(sum(x) if isinstance(x, list) else x for x in xs))


@functools.lru_cache(maxsize=4096)
def _compiled(source: str):
    """The code of an expression of :func:`_arith` ("v0/v1"): formulas of one shape, one compile."""
    return compile(source, "<formula>", "eval")


def _arith(values: _Values, sheet: str, text: str) -> float:
    out, i, env = [], 0, {}
    while i < len(text):
        ch = text[i]
        if ch in " +-*/(),^":
            out.append("**" if ch == "^" else ch)
            i += 1
            continue
        fn = next((f for f in _ARITH_FUNCS if text.startswith(f, i)), None)
        if fn is not None:
            out.append(_ARITH_FUNCS[fn])
            i += len(fn)
            continue
        m = _REF.match(text, i)
        if m and (m.group(1) or not text[m.end():m.end() + 1].isalpha()):
            s = m.group(1) or sheet
            s = s[1:-1].replace("''", "'") if s.startswith("'") else s
            var = f"v{len(env)}"
            if m.group(4):
                env[var] = [_num(v) for v in values.area(s, f"{m.group(2)}{m.group(3)}:{m.group(4)}{m.group(5)}")]
            else:
                env[var] = _num(values.cell(s, f"{m.group(2)}{m.group(3)}"))
            out.append(var)
            i = m.end()
            continue
        m = _NUM.match(text, i)
        if m:
            out.append(m.group(0))
            i = m.end()
            continue
        raise _Unknown(text)
    env["_sum"] = _sum
    env["_sumproduct"] = _sumproduct
    try:
        v = eval(_compiled("".join(out)), {"__builtins__": {}}, env)  # noqa: S307 - numbers, names of env, + - * / ( )
    except (ZeroDivisionError, OverflowError, SyntaxError, TypeError):
        raise _Unknown(text) from None
    if isinstance(v, list) or not math.isfinite(v):
        raise _Unknown(text)
    return float(v)


def arithmetic(manifest, expected: dict) -> None:
    """Add every formula cell :func:`evaluate` can recompute from the cells already known."""
    values = _Values(manifest, expected)
    for key, f in manifest.formulas.items():
        if key in expected or key in manifest.spills:
            continue
        try:
            values.cell(*key)
        except (_Unknown, RecursionError):
            continue
