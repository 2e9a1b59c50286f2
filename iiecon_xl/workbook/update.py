"""The yearly update of a workbook: add a year, import an NBS IO table, import NBS series.

Each operation reads the book's inputs (:func:`~.reader.read_inputs`, lenient: blanks stay
blank), changes them, and builds the book again with :func:`~.builder.build`, so every
year-indexed range, report table, chart and check follows the new dimensions. Existing
input values are carried over unchanged, and so is the book's edition (function or native,
:func:`~.reader.read_edition`) and the record of where each input came from
(:mod:`.provenance`, the Sources sheet).

Every file read is checked (:func:`~iiecon_xl.xlsx.limits.check_xlsx`) before it is parsed; OUT is
checked against every input (:func:`~iiecon_xl.safefiles.check_output`: never BOOK or FILE, a link
to them, or a folder) and written atomically (:func:`~iiecon_xl.safefiles.atomic_file`). BOOK is
never written.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import demo, model
from ..errors import IIEInputError
from ..inputs import INDUSTRY_COLUMNS, Inputs
from ..safefiles import atomic_file, check_output
from . import builder
from . import provenance as prov
from .reader import read_edition, read_inputs


def _open(book, out, files=()) -> tuple[Path, Path, Inputs, str]:
    """(BOOK, OUT, its inputs, its edition) once OUT is safe to write and BOOK has been checked."""
    book = Path(book)
    if not book.is_file():
        raise IIEInputError("BOOK", f"{book} does not exist" if not book.exists() else f"{book} is not a file")
    out = check_output(out, [book, *map(Path, files)], argument="OUT")
    inputs = read_inputs(book, lenient=True)       # checks the book (check_xlsx) before openpyxl opens it
    return book, out, inputs, read_edition(book)


def _write(out: Path, inputs: Inputs, edition: str, **kw) -> None:
    with atomic_file(out) as tmp:
        builder.build(tmp, inputs, edition=edition, **kw)


def _extend_rows(frame: pd.DataFrame, years: list[int], extrapolate: bool, window) -> pd.DataFrame:
    """Add ``years`` as rows (index = year); NaN, or each column extrapolated (§4)."""
    out = frame.reindex(list(frame.index) + [y for y in years if y not in frame.index]).sort_index()
    if extrapolate:
        for col in out.columns:
            filled, _ = model.linear_extrapolate(out[col].astype(float), window, name=str(col))
            out.loc[years, col] = filled.loc[years]
    return out


def _mark_filled(marks: dict, inputs: Inputs, years: list[int]) -> None:
    """Record every value of ``years`` now held by the GDP and macro inputs as extrapolated."""
    held = prov.values(inputs)
    for (series, key, year), v in held.items():
        if year in years and series in ("macro", "national_gdp", "province_gdp") and v == v:
            marks[(series, key, year)] = prov.Mark(prov.EXTRAPOLATED, prov.BY_NEW_YEAR, v)


def new_year(book, year: int, out, *, extrapolate: bool = False) -> Path:
    """Extend ``book`` to ``year``: every year-indexed input gains the new year(s), blank and
    marked "awaiting data" — or, with ``extrapolate``, the GDP and macro inputs filled by linear
    extrapolation (§4) and recorded as extrapolated on the Sources sheet (section value added stays
    blank: the book's own formulas extrapolate and flag it). Reports, charts and checks are rebuilt
    to include the new year."""
    book, out, inputs, edition = _open(book, out)
    last = max(int(y) for y in inputs.section_va.columns)
    year = int(year)
    if year <= last:
        raise IIEInputError("YEAR", f"{year} is already in the book (years {min(inputs.section_va.columns)}–{last})")
    if year > last + 5:
        raise IIEInputError("YEAR", f"{year} is more than five years after the book's last year {last}")
    added = list(range(last + 1, year + 1))
    P = inputs.params
    w = P.extrapolation_window
    marks = prov.of(inputs)
    for y in added:
        inputs.section_va[y] = np.nan
    inputs.national_gdp = _extend_rows(inputs.national_gdp, added, extrapolate, w)
    macro_added = [y for y in added if y not in inputs.macro.index]
    if macro_added:
        inputs.macro = _extend_rows(inputs.macro, macro_added, extrapolate, w)
    parts = []
    for code, frame in inputs.province_gdp.groupby(level="province_code", sort=False):
        f = _extend_rows(frame.droplevel(0), added, extrapolate, w)
        f.index = pd.MultiIndex.from_product([[code], f.index], names=["province_code", "year"])
        parts.append(f)
    inputs.province_gdp = pd.concat(parts)
    if P.growth_span and P.growth_span[1] == last:
        shift = year - last
        P.growth_span = (P.growth_span[0] + shift, P.growth_span[1] + shift)
    if extrapolate:
        _mark_filled(marks, inputs, added)
    prov.attach(inputs, marks)
    mark = "extrapolated" if extrapolate else "awaiting"
    _write(out, inputs, edition, new_years={y: mark for y in added})
    return out


def replace_io(inputs: Inputs, io, table: str = "") -> Inputs:
    """The inputs with a new IO table: related sectors (and their expert scores) are kept
    where their code and Chinese name are still in the table, else matched by name."""
    names_new = {str(v): k for k, v in io.sectors["name_zh"].items()}
    rel = inputs.related
    mapping, missing = {}, []
    for code in rel.index:
        name = inputs.io.sectors["name_zh"].get(code, rel.at[code, "name_zh"] if "name_zh" in rel else None)
        if code in io.sectors.index and io.sectors.at[code, "name_zh"] == name:
            mapping[code] = code
        elif name in names_new:
            mapping[code] = names_new[name]
        else:
            missing.append(f"{code} {name}")
    if missing:
        raise IIEInputError("related", f"related sector(s) {', '.join(missing)} are not in the new IO table "
                                       "(by code and name); edit the Related sectors sheet first")
    related = rel.rename(index=mapping)
    related["name_zh"] = [io.sectors.at[c, "name_zh"] for c in related.index]
    fuzzy = inputs.fuzzy
    if fuzzy is not None:
        counts = fuzzy.counts.rename(index=mapping, level="code")
        fuzzy = type(fuzzy)(criteria=fuzzy.criteria, grades=fuzzy.grades, counts=counts)
    inputs.io = io
    inputs.related = related
    inputs.fuzzy = fuzzy
    # the RAS targets of the Analysis sheet belong to the old table: the new one starts at its own margins
    inputs.analysis = {k: v for k, v in (inputs.analysis or {}).items() if k not in ("ras_u", "ras_v")}
    return inputs


def table_year(imported, file) -> int | None:
    """The year of an imported IO table: from its classification (``2018_153``), its title
    (《2020年全国投入产出表》) or the file name (``nbs_io_2018_153.csv``); None when none says."""
    for text in (imported.table, getattr(imported, "title", ""), Path(file).name):
        m = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", str(text or ""))
        if m:
            return int(m.group(1))
    return None


def _relabel(inputs: Inputs, what: str, changes: list[str]) -> None:
    """Clear the demo label once real data is imported (and say so): the label names what was imported."""
    P = inputs.params
    old = P.label or ""
    if old and old != demo.LABEL and not old.startswith("含导入的国家统计局数据"):
        return  # the user's own label stays
    done = re.findall(r"（(.*?)）", old)[0].split("、") if old.startswith("含导入的") else []
    P.label = prov.data_label(done + [what])
    if P.label != old:
        changes.append(f"P_LABEL (数据说明 data label): {old or '(blank)'!r} → {P.label!r}")


def import_io(file, book, out, *, strict: bool = True, sections: dict | None = None, base_year: int | None = None,
              unit: str | None = None):
    """Fill the IO sheet of ``book`` from an NBS table ``file`` (CSV or NBS Excel layout, any n);
    all report ranges of the book resize to n. The base year becomes the table's year (or
    ``base_year``) and the demo label gives way to a real-data label. Returns (out path, the import
    result, the changes made: one line each)."""
    from .. import nbs

    book, out, inputs, edition = _open(book, out, [file])
    imported = nbs.read_io_table(file, strict=strict, sections=sections, unit=unit)
    changes = [f"IO table: {len(inputs.io.codes)} → {len(imported.io.codes)} sectors from {Path(file).name}"
               + (f" (classification {imported.table})" if imported.table else "")]
    old_codes = list(inputs.related.index)
    had_targets = bool(inputs.analysis and inputs.analysis.get("ras_u") is not None)
    inputs = replace_io(inputs, imported.io, imported.table)
    if had_targets:
        changes.append("分析 Analysis: RAS target margins u, v reset to the new table's own margins")
    moved = [f"{a}→{b}" for a, b in zip(old_codes, inputs.related.index) if a != b]
    if moved:
        changes.append(f"related sectors matched by name to new codes: {', '.join(moved)}")
    year = int(base_year) if base_year is not None else table_year(imported, file)
    years = [int(y) for y in inputs.section_va.columns]
    if year is None:
        changes.append(f"P_BASE_YEAR kept at {inputs.params.base_year}: neither the table nor its file name states "
                       "a year; pass --base-year YEAR")
    elif year not in years:
        raise IIEInputError("--base-year" if base_year is not None else "FILE",
                            f"the table's year {year} is not a year of the book ({years[0]}–{years[-1]}); "
                            "add the years first (iiecon-xl new-year) or pass --base-year YEAR")
    elif year != inputs.params.base_year:
        how = "--base-year" if base_year is not None else "the table"
        changes.append(f"P_BASE_YEAR (基年 base year): {inputs.params.base_year} → {year} (from {how})")
        inputs.params.base_year = year
    _relabel(inputs, "投入产出表 IO table", changes)
    _write(out, inputs, edition)
    return out, imported, changes


def _national(export, inputs: Inputs, years: list[int], marks: dict, source: str) -> tuple[str, list]:
    from .. import nbs

    nat = nbs.national_gdp_by_industry(export, unit=inputs.params.unit)
    ng = inputs.national_gdp
    for y in nat.index:
        if y in years:
            for col in INDUSTRY_COLUMNS:
                v = float(nat.at[y, col])
                if v == v:
                    ng.at[y, col] = v
                    marks[("national_gdp", col, int(y))] = prov.Mark(prov.IMPORTED, source, v)
    return "national GDP by industry", list(nat.attrs.get("notes", []))


def _provincial(export, inputs: Inputs, years: list[int], marks: dict, source: str, col: str) -> tuple[str, list]:
    from .. import nbs

    p = nbs.provinces_by_name(export, unit=inputs.params.unit)
    pg = inputs.province_gdp
    for code in p.index:
        for y in p.columns:
            v = float(p.at[code, y])
            if y in years and (int(code), y) in pg.index and v == v:
                pg.at[(int(code), y), col] = v
                marks[("province_gdp", f"{int(code)} {col}", int(y))] = prov.Mark(prov.IMPORTED, source, v)
    return f"provinces, {col}", list(p.attrs.get("notes", []))


def import_series(file, book, out, *, industry: str | None = None):
    """Put an NBS data export (national GDP by industry, or a provincial indicator) into the
    matching input sheet of ``book``, converted to the book's unit; years outside the book are
    reported, not added. Every value of the series rows it touched that is still extrapolated is
    extrapolated again from the new observations (§4). Returns (out, what, notes)."""
    from .. import nbs

    book, out, inputs, edition = _open(book, out, [file])
    if industry is not None and industry not in INDUSTRY_COLUMNS:
        raise IIEInputError("--industry", f"must be one of {', '.join(INDUSTRY_COLUMNS)}")
    export = nbs.read_nbs_export(file)
    years = [int(y) for y in inputs.section_va.columns]
    notes, marks, source = list(export.notes), prov.of(inputs), f"{Path(file).name} (import-series)"
    if "分省" in (export.database or "") or export.frame.index.name == "地区":
        col = industry or _industry_of(export.indicator)
        if col is None:
            raise IIEInputError("FILE", f"this export holds {export.indicator!r}; the Province GDP sheet takes GDP by "
                                        "industry: export 地区第一/第二/第三产业增加值, or pass --industry to put it "
                                        "into one block")
        what, more = _provincial(export, inputs, years, marks, source, col)
    else:
        what, more = _national(export, inputs, years, marks, source)
    notes += more + re_extrapolate(inputs, marks, source)
    skipped = sorted(set(export.frame.columns) - set(years))
    if skipped:
        notes.append(f"years not in the book, not imported: {', '.join(map(str, skipped))}")
    changes: list[str] = []
    _relabel(inputs, "全国GDP National GDP" if what.startswith("national") else "分省GDP Province GDP", changes)
    notes += changes
    prov.attach(inputs, marks)
    _write(out, inputs, edition)
    return out, what, notes


def re_extrapolate(inputs: Inputs, marks: dict, source: str) -> list[str]:
    """Extrapolate again (§4) every value still recorded as extrapolated in a series row that now
    holds values imported from ``source``, from that row's other values; one note per row."""
    touched = {(s, k) for (s, k, _y), m in marks.items() if m.status == prov.IMPORTED and m.source == source}
    held, notes = prov.values(inputs), []
    w = inputs.params.extrapolation_window
    for series, key in sorted(touched):
        stale = sorted(y for (s, k, y), m in marks.items() if (s, k) == (series, key) and m.status == prov.EXTRAPOLATED
                       and prov.status_of((s, k, y), held[(s, k, y)], marks)[0] == prov.EXTRAPOLATED)
        if not stale:
            continue
        row = pd.Series({y: v for (s, k, y), v in held.items() if (s, k) == (series, key)}).sort_index()
        fresh = prov.re_extrapolate(row, stale, w, name=f"{series} {key}")
        for y in stale:
            _put(inputs, series, key, y, float(fresh.at[y]))
            marks[(series, key, y)] = prov.Mark(prov.EXTRAPOLATED, f"re-extrapolated (§4) after {source}",
                                                float(fresh.at[y]))
        notes.append(f"{series} {key} {', '.join(map(str, stale))}: extrapolated again from the imported values")
    return notes


def _put(inputs: Inputs, series: str, key: str, year: int, value: float) -> None:
    if series == "national_gdp":
        inputs.national_gdp.at[year, key] = value
    elif series == "macro":
        inputs.macro.at[year, key] = value
    elif series == "province_gdp":
        code, col = key.rsplit(" ", 1)
        inputs.province_gdp.at[(int(code), year), col] = value


def _industry_of(indicator: str) -> str | None:
    for k, col in (("第一产业", "primary"), ("第二产业", "secondary"), ("第三产业", "tertiary")):
        if k in (indicator or ""):
            return col
    return None
