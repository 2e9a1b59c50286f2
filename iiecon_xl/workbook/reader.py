"""Read a workbook's input sheets back into an :class:`~iiecon_xl.inputs.Inputs` object.

The positions come from :mod:`.layout`; the dimensions (sectors, related sectors,
criteria, grades, years, provinces, cities) are discovered from the sheets themselves, so a
book with a different n or more years reads the same way. Bad or missing inputs raise
:class:`~iiecon_xl.errors.IIEInputError` naming the sheet and cell.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from ..errors import IIEInputError
from ..inputs import INDUSTRY_COLUMNS, FuzzyScores, Inputs, IOTable, Parameters
from ..model import SECTIONS
from . import layout as L
from .layout import FIRST, HEAD, a1

_NUM_TEXT = re.compile(r"^\s*[-+]?[\d,]*\.?\d+(e[-+]?\d+)?\s*$", re.I)


def _cell_name(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{a1(row, col)}"


def number(ws, row: int, col: int, *, blank=np.nan) -> float:
    """A numeric input cell; blank → ``blank``; numbers stored as text accepted."""
    v = ws.cell(row=row + 1, column=col + 1).value
    if v is None or (isinstance(v, str) and not v.strip()):
        return blank
    if isinstance(v, bool):
        raise IIEInputError(_cell_name(ws.title, row, col), "TRUE/FALSE where a number belongs")
    if isinstance(v, (int, float)):
        if isinstance(v, float) and not math.isfinite(v):
            raise IIEInputError(_cell_name(ws.title, row, col), "not a finite number")
        return float(v)
    if isinstance(v, str) and _NUM_TEXT.match(v):
        return float(v.replace(",", ""))
    if isinstance(v, str) and v.startswith("="):
        raise IIEInputError(_cell_name(ws.title, row, col), f"an input cell holds a formula ({v[:40]})")
    raise IIEInputError(_cell_name(ws.title, row, col), f"{v!r} is not a number")


def text(ws, row: int, col: int) -> str | None:
    v = ws.cell(row=row + 1, column=col + 1).value
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip() or None


def _run(ws, row: int, col: int, *, down: bool) -> int:
    """How many non-blank cells from (row, col) going down (or right)."""
    k = 0
    while True:
        v = ws.cell(row=row + 1 + (k if down else 0), column=col + 1 + (0 if down else k)).value
        if v is None or (isinstance(v, str) and not v.strip()):
            return k
        k += 1


def _years(ws, row: int, col: int) -> list[int]:
    k = _run(ws, row, col, down=False)
    years = [number(ws, row, col + t) for t in range(k)]
    if not years:
        raise IIEInputError(f"{ws.title}!{a1(row, col)}", "no years in the header row")
    if any(y != int(y) for y in years):
        raise IIEInputError(f"{ws.title}!{a1(row, col)}", "years must be whole numbers")
    years = [int(y) for y in years]
    if len(set(years)) != len(years):
        dup = sorted({y for y in years if years.count(y) > 1})
        raise IIEInputError(f"{ws.title}!{a1(row, col)}", f"duplicated year(s): {', '.join(map(str, dup))}")
    return years


def _sheet(wb, name: str):
    if name not in wb.sheetnames:
        raise IIEInputError(name, "sheet not found in the workbook")
    return wb[name]


def read_inputs(book, *, lenient: bool = False) -> Inputs:
    """Inputs of a template workbook (the input sheets only; formulas are not evaluated).

    ``lenient``: blanks stay NaN and the inputs are not checked (an empty template, or a book
    awaiting a new year's data) — for rewriting a book, not for computing with it."""
    path = Path(book)
    if not path.exists():
        raise IIEInputError("BOOK", f"{path} does not exist")
    try:
        wb = openpyxl.load_workbook(path, data_only=False, read_only=False)
    except Exception as exc:  # noqa: BLE001 - not an xlsx, damaged zip …
        raise IIEInputError("BOOK", f"cannot open {path.name} as an .xlsx workbook ({exc})") from None
    return inputs_from_workbook(wb, lenient=lenient)


def inputs_from_workbook(wb, *, lenient: bool = False) -> Inputs:
    # parameters
    ws = _sheet(wb, L.PARAMS)
    pv = {name: ws.cell(row=L.PARAM_ROW[name] + 1, column=3).value for name, *_ in L.PARAMETERS}

    def pnum(name, blank=None):
        v = number(ws, L.PARAM_ROW[name], 2, blank=blank)
        return v

    crs = pv["P_CRS"]
    if isinstance(crs, str):
        crs = crs.strip().upper() in ("TRUE", "1", "是")
    window = pnum("P_WINDOW")
    unit = str(pv["P_UNIT"] or "亿元").strip()
    params = Parameters(
        base_year=int(pnum("P_BASE_YEAR")), fit_window=(int(pnum("P_FIT_START")), int(pnum("P_FIT_END"))),
        constant_returns=bool(crs), denominator=str(pv["P_DENOM"] or "io").strip(),
        fuzzy_operator=str(pv["P_OPERATOR"] or "weighted").strip(),
        extrapolation_window=None if window is None else int(window), allocation="industry",
        city_index_N=pnum("P_N"),
        tier_thresholds=tuple(pnum(f"P_TIER{k}") for k in range(1, 5)),
        top_n=(int(pnum("P_TOP1")), int(pnum("P_TOP2"))),
        growth_span=(int(pnum("P_SPAN_START")), int(pnum("P_SPAN_END"))), unit=unit,
        label=str(pv["P_LABEL"] or ""))
    try:
        params.check()
    except IIEInputError as e:
        raise IIEInputError(f"{L.PARAMS}: {e.argument}", e.problem) from None

    # IO table
    ws = _sheet(wb, L.IO)
    n = _run(ws, FIRST, 0, down=True)
    if n == 0:
        raise IIEInputError(f"{L.IO}!A{FIRST + 1}", "no sector codes")
    codes = [text(ws, FIRST + i, 0) for i in range(n)]
    if len(set(codes)) != n:
        raise IIEInputError(f"{L.IO}!A{FIRST + 1}", "duplicated sector code(s)")
    sectors = pd.DataFrame({"name_zh": [text(ws, FIRST + i, 1) for i in range(n)],
                            "name_en": [text(ws, FIRST + i, 2) or "" for i in range(n)],
                            "section": [(text(ws, FIRST + i, 3) or "").upper() for i in range(n)]},
                           index=pd.Index(codes, name="code"))
    bad = [(i, s) for i, s in enumerate(sectors["section"]) if s not in SECTIONS]
    if bad:
        i, s = bad[0]
        raise IIEInputError(f"{L.IO}!{a1(FIRST + i, 3)}", f"unknown section code {s!r}; expected A–S")
    c0 = L.Dims.IO_C0
    Z = np.array([[number(ws, FIRST + i, c0 + j, blank=np.nan if lenient else 0.0) for j in range(n)] for i in range(n)])
    X = np.array([number(ws, FIRST + n, c0 + j) for j in range(n)])
    if np.isnan(X).any() and not lenient:
        j = int(np.flatnonzero(np.isnan(X))[0])
        raise IIEInputError(f"{L.IO}!{a1(FIRST + n, c0 + j)}", "total input X is blank")
    io = IOTable(sectors=sectors, Z=pd.DataFrame(Z, index=codes, columns=codes), X=pd.Series(X, index=codes),
                 unit=unit)

    # related sectors and expert scores
    ws = _sheet(wb, L.RELATED)
    m = _run(ws, FIRST, 0, down=True)
    rel_codes = [text(ws, FIRST + i, 0) for i in range(m)]
    related = pd.DataFrame({"name_zh": [text(ws, FIRST + i, 1) for i in range(m)], "S": np.nan},
                           index=pd.Index(rel_codes, name="code"))
    ws = _sheet(wb, L.SCORES)
    p = _run(ws, FIRST, 0, down=True)
    g = _run(ws, FIRST, 5, down=True)
    criteria = pd.DataFrame({"name_zh": [text(ws, FIRST + i, 1) for i in range(p)],
                             "name_en": [text(ws, FIRST + i, 2) or "" for i in range(p)],
                             "weight": [number(ws, FIRST + i, 3) for i in range(p)]},
                            index=pd.Index([text(ws, FIRST + i, 0) for i in range(p)], name="criterion"))
    grades = pd.DataFrame({"name_zh": [text(ws, FIRST + i, 6) for i in range(g)],
                           "name_en": [text(ws, FIRST + i, 7) or "" for i in range(g)],
                           "value": [number(ws, FIRST + i, 8) for i in range(g)]},
                          index=pd.Index([text(ws, FIRST + i, 5) for i in range(g)], name="grade"))
    probe = L.Dims(sectors=sectors, related=related, criteria=criteria, grades=grades, years=[], macro_years=[],
                   provinces=pd.DataFrame(), cities=pd.DataFrame())
    rows = {}
    for i, code in enumerate(rel_codes):
        top = probe.scores_block_row(i) + 1
        for ci, cid in enumerate(criteria.index):
            rows[(code, cid)] = [number(ws, top + ci, 2 + k, blank=np.nan if lenient else 0.0) for k in range(g)]
    counts = pd.DataFrame.from_dict(rows, orient="index", columns=list(grades.index))
    counts.index = pd.MultiIndex.from_tuples(counts.index, names=["code", "criterion"])

    # section value added, macro, national GDP
    ws = _sheet(wb, L.SECTION_VA)
    years = _years(ws, HEAD, L.Dims.YEAR_C0)
    va = pd.DataFrame([[number(ws, FIRST + i, L.Dims.YEAR_C0 + t) for t in range(len(years))]
                       for i in range(len(SECTIONS))], index=pd.Index(list(SECTIONS), name="section"), columns=years)
    for i, letter in enumerate(SECTIONS):
        got = (text(ws, FIRST + i, 0) or "").upper()
        if got != letter:
            raise IIEInputError(f"{L.SECTION_VA}!{a1(FIRST + i, 0)}", f"expected section {letter}, found {got!r}")
    ws = _sheet(wb, L.MACRO)
    myears = _years(ws, HEAD, L.Dims.YEAR_C0)
    macro = pd.DataFrame({key: [number(ws, FIRST + k, L.Dims.YEAR_C0 + t) for t in range(len(myears))]
                          for k, key in enumerate(("Y", "K", "L"))}, index=pd.Index(myears, name="year"))
    ws = _sheet(wb, L.NATIONAL_GDP)
    nyears = _years(ws, HEAD, L.Dims.YEAR_C0)
    national = pd.DataFrame({col: [number(ws, FIRST + j, L.Dims.YEAR_C0 + t) for t in range(len(nyears))]
                             for j, col in enumerate(INDUSTRY_COLUMNS)}, index=pd.Index(nyears, name="year"))

    # provinces and cities
    ws = _sheet(wb, L.PROVINCE_GDP)
    P = _run(ws, FIRST, 0, down=True)
    dims = L.Dims(sectors=sectors, related=related, criteria=criteria, grades=grades, years=years,
                  macro_years=myears, provinces=pd.DataFrame(), cities=pd.DataFrame())
    pyears = _years(ws, HEAD, dims.prov_block_col(1))
    if pyears != years:
        raise IIEInputError(f"{L.PROVINCE_GDP}!{a1(HEAD, dims.prov_block_col(1))}",
                            f"years {pyears[0]}–{pyears[-1]} differ from the section value added years "
                            f"{years[0]}–{years[-1]}")
    prow = {}
    for i in range(P):
        code = int(number(ws, FIRST + i, 0))
        for t, y in enumerate(years):
            prow[(code, y)] = [number(ws, FIRST + i, dims.prov_block_col(j) + t) for j in (1, 2, 3)]
    pgdp = pd.DataFrame.from_dict(prow, orient="index", columns=INDUSTRY_COLUMNS)
    pgdp.index = pd.MultiIndex.from_tuples(pgdp.index, names=["province_code", "year"])
    if pgdp.isna().any().any() and not lenient:
        (code, y), _ = next((idx, r) for idx, r in pgdp.iterrows() if r.isna().any())
        raise IIEInputError(L.PROVINCE_GDP, f"blank GDP for province {code}, year {y}")
    ws = _sheet(wb, L.CITY_GDP)
    C = _run(ws, FIRST, 0, down=True)
    cities = pd.DataFrame({"province_code": [int(number(ws, FIRST + i, 2)) for i in range(C)],
                           **{col: [number(ws, FIRST + i, 4 + j, blank=np.nan if lenient else 0.0) for i in range(C)]
                              for j, col in enumerate(INDUSTRY_COLUMNS)}},
                          index=pd.Index([text(ws, FIRST + i, 0) for i in range(C)], name="city"))
    city_year = int(number(_sheet(wb, L.PARAMS), L.PARAM_ROW["P_CITY_YEAR"], 2))
    inputs = Inputs(io=io, related=related, section_va=va, macro=macro, national_gdp=national, province_gdp=pgdp,
                    city_gdp=cities, params=params, fuzzy=FuzzyScores(criteria=criteria, grades=grades, counts=counts),
                    city_year=city_year)
    return inputs if lenient else inputs.check()
