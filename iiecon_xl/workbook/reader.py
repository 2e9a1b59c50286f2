"""Read a workbook's input sheets back into an :class:`~iiecon_xl.inputs.Inputs` object.

The positions come from :mod:`.layout`; the dimensions (sectors, related sectors,
criteria, grades, years, provinces, cities) are discovered from the sheets themselves, so a
book with a different n or more years reads the same way. The parameter sheet is read
through :data:`iiecon_xl.parameters.SPECS` (each value by its kind). Bad or missing inputs
raise :class:`~iiecon_xl.errors.IIEInputError` naming the sheet and cell.
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from ..errors import IIEInputError
from ..inputs import INDUSTRY_COLUMNS, FuzzyScores, Inputs, IOTable, Parameters
from ..model import SECTIONS
from ..numtext import parse_number_text
from ..parameters import DEFAULTS, SPECS, TIER_THRESHOLDS
from ..xlsx import a1
from ..xlsx.limits import check_xlsx
from . import layout as L
from .province_reader import read_province_sections
from . import analysis_inputs, provenance
from .layout.sheets import SOURCES
from .layout.sources import SourcesSheet
from .layout.inputs import (CityGDPSheet, IOSheet, MacroSheet, NationalGDPSheet, ParamsSheet, ProvinceGDPSheet,
                            RelatedSheet, ScoresSheet, SectionVASheet)

FIRST, HEAD = L.FIRST, L.HEAD


def _where(ws, row: int, col: int) -> str:
    return f"{ws.title}!{a1.cell_name(row, col)}"


def _raw(ws, row: int, col: int):
    return ws.cell(row=row + 1, column=col + 1).value


def number(ws, row: int, col: int, *, blank=np.nan) -> float:
    """A numeric input cell; blank → ``blank``; numbers stored as text accepted."""
    v = _raw(ws, row, col)
    if v is None or (isinstance(v, str) and not v.strip()):
        return blank
    if isinstance(v, bool):
        raise IIEInputError(_where(ws, row, col), "TRUE/FALSE where a number belongs")
    if isinstance(v, (int, float)):
        if isinstance(v, float) and not math.isfinite(v):
            raise IIEInputError(_where(ws, row, col), "not a finite number")
        return float(v)
    if isinstance(v, str):
        parsed = parse_number_text(v)
        if parsed is not None:
            return parsed
        if _overflows(v):
            raise IIEInputError(_where(ws, row, col), f"{v.strip()[:40]!r} is not a finite number (it overflows)")
        if v.startswith("="):
            raise IIEInputError(_where(ws, row, col), f"an input cell holds a formula ({v[:40]})")
    raise IIEInputError(_where(ws, row, col), f"{v!r} is not a number")


def _overflows(v: str) -> bool:
    """Whether text ``v`` spells a number too large for a float, or an infinity ("1e999", "inf")."""
    try:
        return not math.isfinite(float(v.strip().replace(",", "")))
    except ValueError:
        return False


def text(ws, row: int, col: int) -> str | None:
    v = _raw(ws, row, col)
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip() or None


def _run(ws, row: int, col: int, *, down: bool) -> int:
    """How many non-blank cells from (row, col) going down (or right)."""
    k = 0
    while True:
        v = _raw(ws, row + (k if down else 0), col + (0 if down else k))
        if v is None or (isinstance(v, str) and not v.strip()):
            return k
        k += 1


def _years(ws, row: int, col: int) -> list[int]:
    k = _run(ws, row, col, down=False)
    years = [number(ws, row, col + t) for t in range(k)]
    if not years:
        raise IIEInputError(_where(ws, row, col), "no years in the header row")
    if any(y != int(y) for y in years):
        raise IIEInputError(_where(ws, row, col), "years must be whole numbers")
    years = [int(y) for y in years]
    if len(set(years)) != len(years):
        dup = sorted({y for y in years if years.count(y) > 1})
        raise IIEInputError(_where(ws, row, col), f"duplicated year(s): {', '.join(map(str, dup))}")
    return years


#: the custom document property of the edition (see :mod:`.build.edition`), in docProps/custom.xml
_EDITION_RE = re.compile(r'name="iiecon_xl_edition"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>')


def read_edition(book) -> str:
    """The edition of ``book``: "native" or "function" (a book without the property — built
    before there were two editions, or by hand — is a function-edition book)."""
    try:
        with zipfile.ZipFile(book) as zf:
            xml = zf.read("docProps/custom.xml").decode("utf-8") if "docProps/custom.xml" in zf.namelist() else ""
    except (OSError, zipfile.BadZipFile) as exc:
        raise IIEInputError("BOOK", f"cannot open {Path(book).name} as an .xlsx workbook ({exc})") from None
    m = _EDITION_RE.search(xml)
    edition = m.group(1).strip() if m else L.FUNCTION
    return edition if edition in L.EDITIONS else L.FUNCTION


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
    check_xlsx(path)   # before openpyxl: zip bombs, XML entities, a cell at XFD1048576 (issue 11)
    try:
        wb = openpyxl.load_workbook(path, data_only=False, read_only=False)
    except Exception as exc:  # noqa: BLE001 - not an xlsx, damaged zip …
        raise IIEInputError("BOOK", f"cannot open {path.name} as an .xlsx workbook ({exc})") from None
    return inputs_from_workbook(wb, lenient=lenient)


def inputs_from_workbook(wb, *, lenient: bool = False) -> Inputs:
    """The inputs of an open (openpyxl, formulas not values) workbook; see :func:`read_inputs`."""
    values = parameter_values(wb)
    params = _parameters(values)
    io = _io_table(wb, params.unit, lenient)
    related, fuzzy = _related_and_scores(wb, lenient)
    va, macro, national = _year_series(wb)
    pgdp = _province_gdp(wb, list(va.columns), lenient)
    cities = _city_gdp(wb, lenient)
    psv, peta = read_province_sections(wb, list(dict.fromkeys(pgdp.index.get_level_values(0))), list(va.columns),
                                       lenient, number, _where)
    inputs = Inputs(io=io, related=related, section_va=va, macro=macro, national_gdp=national, province_gdp=pgdp,
                    city_gdp=cities, params=params, fuzzy=fuzzy, city_year=values["P_CITY_YEAR"],
                    province_section_va=psv, province_eta=peta)
    provenance.attach(inputs, read_provenance(wb))
    try:
        inputs.analysis = analysis_inputs.read(wb, inputs, number, _where)
    except IIEInputError:
        if not lenient:
            raise   # lenient (a book being rewritten): an unreadable Analysis input gives way to its default
    return inputs if lenient else inputs.check()


def read_provenance(wb) -> dict:
    """The marks recorded on the Sources sheet ({} for a book without one, built before it existed):
    {(series, key, year): Mark} of every row with a recorded value (see :mod:`.provenance`)."""
    if SOURCES not in wb.sheetnames:
        return {}
    ws, c = wb[SOURCES], SourcesSheet.col
    marks, r = {}, FIRST
    while text(ws, r, c("sheet")) is not None:
        value = _raw(ws, r, c("value"))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            series = (text(ws, r, c("series")) or "").split(" ")[-1]
            key = (text(ws, r, c("key")) or "").split("（")[0].strip()
            year = text(ws, r, c("year"))
            status = (text(ws, r, c("status")) or "").split(" ")[0]
            if series not in provenance.SERIES or status not in provenance.STATUSES:
                raise IIEInputError(_where(ws, r, c("series")), f"not a series and status of the Sources sheet "
                                                               f"({series!r}, {status!r})")
            marks[(series, key, int(year) if year else None)] = provenance.Mark(
                status=status, source=text(ws, r, c("source")) or "", value=float(value))
        r += 1
    return marks


# ------------------------------------------------------------------------------ parameters

#: text parameters: the value of a blank cell
_TEXT_BLANK = {"P_UNIT": DEFAULTS["unit"], "P_LABEL": DEFAULTS["label"]}


def _param_value(ws, spec):
    r, c = ParamsSheet.row(spec.name), ParamsSheet.col("value")
    v = _raw(ws, r, c)
    if spec.kind in ("year", "int"):
        n = number(ws, r, c, blank=None)
        if n is None and spec.kind == "year":
            raise IIEInputError(_where(ws, r, c), f"{spec.en}: a year is required")
        return None if n is None else int(n)
    if spec.kind == "number":
        return number(ws, r, c, blank=None)
    if spec.kind == "bool":
        return v.strip().upper() in ("TRUE", "1", "是") if isinstance(v, str) else bool(v)
    if spec.kind == "choice":
        return str(v or spec.choices[0]).strip()
    if spec.name == "P_UNIT":
        return str(v or _TEXT_BLANK["P_UNIT"]).strip()
    return str(v or _TEXT_BLANK.get(spec.name, ""))


def parameter_values(wb) -> dict:
    """{P_* name: value} of the parameter sheet, each read by its kind (see SPECS)."""
    ws = _sheet(wb, L.PARAMS)
    return {spec.name: _param_value(ws, spec) for spec in SPECS}


def _parameters(v: dict) -> Parameters:
    params = Parameters(
        base_year=v["P_BASE_YEAR"], fit_window=(v["P_FIT_START"], v["P_FIT_END"]), constant_returns=v["P_CRS"],
        denominator=v["P_DENOM"], industry_rule=v["P_INDUSTRY_RULE"], fuzzy_operator=v["P_OPERATOR"],
        extrapolation_window=v["P_WINDOW"],
        allocation=v["P_ALLOCATION"], city_index_N=v["P_N"], city_mean=v["P_CITY_MEAN"],
        tier_thresholds=tuple(v[f"P_TIER{k + 1}"] for k in range(len(TIER_THRESHOLDS))),
        top_n=(v["P_TOP1"], v["P_TOP2"]),
        growth_span=(v["P_SPAN_START"], v["P_SPAN_END"]), unit=v["P_UNIT"], label=v["P_LABEL"])
    try:
        params.check()
    except IIEInputError as e:
        raise IIEInputError(f"{L.PARAMS}: {e.argument}", e.problem) from None
    return params


# ------------------------------------------------------------------------------ base year


def _io_table(wb, unit: str, lenient: bool) -> IOTable:
    ws = _sheet(wb, L.IO)
    c = IOSheet.col
    n = _run(ws, FIRST, c("code"), down=True)
    if n == 0:
        raise IIEInputError(_where(ws, FIRST, c("code")), "no sector codes")
    lay = IOSheet(n=n)
    rows = range(FIRST, FIRST + n)
    codes = [text(ws, r, c("code")) for r in rows]
    if len(set(codes)) != n:
        raise IIEInputError(_where(ws, FIRST, c("code")), "duplicated sector code(s)")
    sectors = pd.DataFrame({"name_zh": [text(ws, r, c("name_zh")) for r in rows],
                            "name_en": [text(ws, r, c("name_en")) or "" for r in rows],
                            "section": [(text(ws, r, c("section")) or "").upper() for r in rows]},
                           index=pd.Index(codes, name="code"))
    bad = [(i, s) for i, s in enumerate(sectors["section"]) if s not in SECTIONS]
    if bad:
        i, s = bad[0]
        raise IIEInputError(_where(ws, FIRST + i, c("section")), f"unknown section code {s!r}; expected A–S")
    fill = np.nan if lenient else 0.0
    Z = np.array([[number(ws, r, lay.sector_col(j), blank=fill) for j in range(n)] for r in rows])
    X = np.array([number(ws, lay.x_row, lay.sector_col(j)) for j in range(n)])
    if np.isnan(X).any() and not lenient:
        j = int(np.flatnonzero(np.isnan(X))[0])
        raise IIEInputError(_where(ws, lay.x_row, lay.sector_col(j)), "total input X is blank")
    return IOTable(sectors=sectors, Z=pd.DataFrame(Z, index=codes, columns=codes), X=pd.Series(X, index=codes),
                   unit=unit)


def _table(ws, n: int, cols: dict, index: str, id_col: int) -> pd.DataFrame:
    """``n`` rows from FIRST of the columns ``cols`` {field: (column, reader)}."""
    return pd.DataFrame({k: [read(ws, FIRST + i, col) for i in range(n)] for k, (col, read) in cols.items()},
                        index=pd.Index([text(ws, FIRST + i, id_col) for i in range(n)], name=index))


def _related_and_scores(wb, lenient: bool) -> tuple[pd.DataFrame, FuzzyScores]:
    ws = _sheet(wb, L.RELATED)
    rc = RelatedSheet.col
    m = _run(ws, FIRST, rc("code"), down=True)
    related = _table(ws, m, {"name_zh": (rc("name_zh"), text)}, "code", rc("code"))
    related["S"] = np.nan
    ws = _sheet(wb, L.SCORES)
    c = ScoresSheet.col
    p = _run(ws, FIRST, c("crit_id"), down=True)
    g = _run(ws, FIRST, c("grade_id"), down=True)
    text_or_blank = lambda w, r, col: text(w, r, col) or ""  # noqa: E731 - an optional English name
    criteria = _table(ws, p, {"name_zh": (c("crit_zh"), text), "name_en": (c("crit_en"), text_or_blank),
                              "weight": (c("weight"), number)}, "criterion", c("crit_id"))
    grades = _table(ws, g, {"name_zh": (c("grade_zh"), text), "name_en": (c("grade_en"), text_or_blank),
                            "value": (c("grade_value"), number)}, "grade", c("grade_id"))
    lay = ScoresSheet(p=p, g=g)
    rows = {}
    for i, code in enumerate(related.index):
        top, c0, _, _ = lay.counts_area(i)
        for ci, cid in enumerate(criteria.index):
            rows[(code, cid)] = [number(ws, top + ci, c0 + k, blank=np.nan if lenient else 0.0) for k in range(g)]
    counts = pd.DataFrame.from_dict(rows, orient="index", columns=list(grades.index))
    counts.index = pd.MultiIndex.from_tuples(counts.index, names=["code", "criterion"])
    return related, FuzzyScores(criteria=criteria, grades=grades, counts=counts)


# ------------------------------------------------------------------------------ series


def _year_series(wb) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Section value added, macro series and national GDP."""
    ws = _sheet(wb, L.SECTION_VA)
    lay = SectionVASheet()
    years = _years(ws, HEAD, lay.year_col(0))
    va = pd.DataFrame([[number(ws, lay.row(i), lay.year_col(t)) for t in range(len(years))]
                       for i in range(len(SECTIONS))], index=pd.Index(list(SECTIONS), name="section"), columns=years)
    for i, letter in enumerate(SECTIONS):
        got = (text(ws, lay.row(i), lay.col("section")) or "").upper()
        if got != letter:
            raise IIEInputError(_where(ws, lay.row(i), lay.col("section")), f"expected section {letter}, found {got!r}")
    ws = _sheet(wb, L.MACRO)
    mlay = MacroSheet()
    myears = _years(ws, HEAD, mlay.year_col(0))
    macro = pd.DataFrame({k: [number(ws, mlay.row(k), mlay.year_col(t)) for t in range(len(myears))]
                          for k in L.MACRO_SERIES}, index=pd.Index(myears, name="year"))
    ws = _sheet(wb, L.NATIONAL_GDP)
    nlay = NationalGDPSheet()
    nyears = _years(ws, HEAD, nlay.year_col(0))
    national = pd.DataFrame({col: [number(ws, nlay.row(j), nlay.year_col(t)) for t in range(len(nyears))]
                             for j, col in zip(L.INDUSTRIES, INDUSTRY_COLUMNS)}, index=pd.Index(nyears, name="year"))
    return va, macro, national


def _province_gdp(wb, years: list[int], lenient: bool) -> pd.DataFrame:
    ws = _sheet(wb, L.PROVINCE_GDP)
    P = _run(ws, FIRST, ProvinceGDPSheet.col("code"), down=True)
    lay = ProvinceGDPSheet(P=P, T=len(years))
    pyears = _years(ws, HEAD, lay.block_col(1))
    if pyears != years:
        raise IIEInputError(_where(ws, HEAD, lay.block_col(1)),
                            f"years {pyears[0]}–{pyears[-1]} differ from the section value added years "
                            f"{years[0]}–{years[-1]}")
    prow = {}
    for i in range(P):
        code = int(number(ws, lay.row(i), lay.col("code")))
        for t, y in enumerate(years):
            prow[(code, y)] = [number(ws, lay.row(i), lay.block_col(j) + t) for j in L.INDUSTRIES]
    pgdp = pd.DataFrame.from_dict(prow, orient="index", columns=INDUSTRY_COLUMNS)
    pgdp.index = pd.MultiIndex.from_tuples(pgdp.index, names=["province_code", "year"])
    return pgdp   # a blank stays NaN: the pipeline extrapolates it as the book does (§4)


def _city_gdp(wb, lenient: bool) -> pd.DataFrame:
    ws = _sheet(wb, L.CITY_GDP)
    lay = CityGDPSheet()
    C = _run(ws, FIRST, lay.col("city"), down=True)
    fill = np.nan   # a blank: the pipeline counts it as 0 and flags the city incomplete, as the book does
    return pd.DataFrame({"province_code": [int(number(ws, lay.row(i), lay.col("province_code"))) for i in range(C)],
                         **{col: [number(ws, lay.row(i), lay.gdp_col(j), blank=fill) for i in range(C)]
                            for j, col in zip(L.INDUSTRIES, INDUSTRY_COLUMNS)}},
                        index=pd.Index([text(ws, lay.row(i), lay.col("city")) for i in range(C)], name="city"))
