"""The yearly update of a workbook: add a year, import an NBS IO table, import NBS series.

Each operation reads the book's inputs (:func:`~.reader.read_inputs`, lenient: blanks stay
blank), changes them, and builds the book again with :func:`~.builder.build`, so every
year-indexed range, report table, chart and check follows the new dimensions. Existing
input values are carried over unchanged, and so is the book's edition (function or native,
:func:`~.reader.read_edition`). The result is written to OUT; BOOK is never written.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import model
from ..errors import IIEInputError
from ..inputs import INDUSTRY_COLUMNS, Inputs
from . import builder
from .reader import read_edition, read_inputs


def _check_out(book: Path, out: Path) -> None:
    if out.resolve() == book.resolve():
        raise IIEInputError("OUT", f"{out} is BOOK itself; write the updated book to another file")


def _extend_rows(frame: pd.DataFrame, years: list[int], extrapolate: bool, window) -> pd.DataFrame:
    """Add ``years`` as rows (index = year); NaN, or each column extrapolated (§4)."""
    out = frame.reindex(list(frame.index) + [y for y in years if y not in frame.index]).sort_index()
    if extrapolate:
        for col in out.columns:
            filled, _ = model.linear_extrapolate(out[col].astype(float), window, name=str(col))
            out.loc[years, col] = filled.loc[years]
    return out


def new_year(book, year: int, out, *, extrapolate: bool = False) -> Path:
    """Extend ``book`` to ``year``: every year-indexed input gains the new year(s), blank and
    marked "awaiting data" — or, with ``extrapolate``, filled by linear extrapolation and
    marked as such (section value added stays blank: the book's own formulas extrapolate
    and flag it). Reports, charts and checks are rebuilt to include the new year."""
    book, out = Path(book), Path(out)
    _check_out(book, out)
    inputs = read_inputs(book, lenient=True)
    last = max(int(y) for y in inputs.section_va.columns)
    year = int(year)
    if year <= last:
        raise IIEInputError("YEAR", f"{year} is already in the book (years {min(inputs.section_va.columns)}–{last})")
    if year > last + 5:
        raise IIEInputError("YEAR", f"{year} is more than five years after the book's last year {last}")
    added = list(range(last + 1, year + 1))
    P = inputs.params
    w = P.extrapolation_window
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
    mark = "extrapolated" if extrapolate else "awaiting"
    builder.build(out, inputs, new_years={y: mark for y in added}, edition=read_edition(book))
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
    return inputs


def import_io(file, book, out, *, strict: bool = True, sections: dict | None = None):
    """Fill the IO sheet of ``book`` from an NBS table ``file`` (CSV or NBS Excel layout, any n);
    all report ranges of the book resize to n. Returns (out path, the import result)."""
    from .. import nbs

    book, out = Path(book), Path(out)
    _check_out(book, out)
    if Path(file).resolve() == out.resolve():
        raise IIEInputError("OUT", "OUT is the imported FILE itself")
    imported = nbs.read_io_table(file, strict=strict, sections=sections)
    inputs = replace_io(read_inputs(book, lenient=True), imported.io, imported.table)
    builder.build(out, inputs, edition=read_edition(book))
    return out, imported


def import_series(file, book, out, *, industry: str | None = None):
    """Put an NBS data export (national GDP by industry, or a provincial indicator) into the
    matching input sheet of ``book``; years outside the book are reported, not added."""
    from .. import nbs

    book, out = Path(book), Path(out)
    _check_out(book, out)
    if Path(file).resolve() == out.resolve():
        raise IIEInputError("OUT", "OUT is the imported FILE itself")
    export = nbs.read_nbs_export(file)
    inputs = read_inputs(book, lenient=True)
    years = [int(y) for y in inputs.section_va.columns]
    notes = list(export.notes)
    if industry is not None and industry not in INDUSTRY_COLUMNS:
        raise IIEInputError("--industry", f"must be one of {', '.join(INDUSTRY_COLUMNS)}")
    provincial = "分省" in (export.database or "") or export.frame.index.name == "地区"
    if provincial:
        col = industry or _industry_of(export.indicator)
        if col is None:
            raise IIEInputError("FILE", f"this export holds {export.indicator!r}; the Province GDP sheet takes GDP by "
                                        "industry: export 地区第一/第二/第三产业增加值, or pass --industry to put it "
                                        "into one block")
        prov = nbs.provinces_by_name(export)
        notes += prov.attrs.get("notes", [])
        pg = inputs.province_gdp
        for code in prov.index:
            for y in prov.columns:
                if y in years and (int(code), y) in pg.index:
                    pg.at[(int(code), y), col] = float(prov.at[code, y])
        what = f"provinces, {col}"
    else:
        nat = nbs.national_gdp_by_industry(export)
        ng = inputs.national_gdp
        for y in nat.index:
            if y in years:
                ng.loc[y, INDUSTRY_COLUMNS] = nat.loc[y, INDUSTRY_COLUMNS].to_numpy(dtype=float)
        what = "national GDP by industry"
    skipped = sorted(set(export.frame.columns) - set(years))
    if skipped:
        notes.append(f"years not in the book, not imported: {', '.join(map(str, skipped))}")
    builder.build(out, inputs, edition=read_edition(book))
    return out, what, notes


def _industry_of(indicator: str) -> str | None:
    for key, col in (("第一产业", "primary"), ("第二产业", "secondary"), ("第三产业", "tertiary")):
        if key in (indicator or ""):
            return col
    return None
