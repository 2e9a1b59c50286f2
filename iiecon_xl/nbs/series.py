"""The frames of the input sheets from an NBS data export: national value added by industry
(primary, secondary, tertiary by year) and a series by province (GB/T 2260 code by year).

Both carry the unit the export states in ``attrs["unit"]`` and convert to the book's unit when
given ``unit=`` (:func:`convert`: an unknown or unstated source unit is refused, never assumed);
the values are checked against the plausible range of their indicator (:mod:`.plausible`)."""

from __future__ import annotations

import unicodedata

import pandas as pd

from .. import reference, units
from ..errors import IIEInputError
from ..inputs import INDUSTRY_COLUMNS
from .exports import strip_unit, unit_of
from .plausible import check_row
from .results import NBSExport
from .text import ARG, norm


def convert(frame: pd.DataFrame, src: str, unit: str, export: NBSExport) -> pd.DataFrame:
    """``frame`` (in ``src``) expressed in ``unit``; raises IIEInputError naming the file when the
    export states no unit or one that is not money, and naming ``unit`` when that is unknown."""
    where = export.source or "the export"
    if not src:
        raise IIEInputError(ARG, f"{where}: the export does not state its unit (no 单位： line, no unit in the 指标 "
                                 f"line or the rows), so it cannot be converted to {unit}; add a line 单位：亿元 "
                                 f"(or the unit it is in) above the table")
    if src not in units.UNITS:
        raise IIEInputError(ARG, f"{where}: the export's unit {src!r} is not one of {', '.join(units.UNITS)}; it "
                                 f"cannot be converted to {unit}")
    return frame * units.factor(src, unit)

_INDUSTRY_ROWS = {"primary": ("第一产业增加值", "第一产业", "primaryindustry"),
                  "secondary": ("第二产业增加值", "第二产业", "secondaryindustry"),
                  "tertiary": ("第三产业增加值", "第三产业", "tertiaryindustry")}


def _industry_rows(frame: pd.DataFrame) -> dict[str, str]:
    """{industry column: the export's row name}; raises for a missing or repeated industry."""
    found: dict[str, str] = {}
    for nm in frame.index:
        key = norm(strip_unit(str(nm)))
        for col, texts in _INDUSTRY_ROWS.items():
            if key in {norm(t) for t in texts}:
                if col in found:
                    raise IIEInputError(ARG, f"rows {found[col]!r} and {nm!r} both give {texts[0]}")
                found[col] = nm
    missing = [texts[0] for col, texts in _INDUSTRY_ROWS.items() if col not in found]
    if missing:
        raise IIEInputError(ARG, f"no row for {', '.join(missing)} (the export's rows: "
                                 f"{', '.join(map(str, frame.index[:12]))}); export 第一/第二/第三产业增加值 by year")
    return found


def _industry_unit(export: NBSExport, found: dict[str, str]) -> tuple[str, list[str]]:
    """(the unit the three rows share, notes on rows that state none); raises when they differ."""
    row_units = {col: unit_of(str(found[col])) or export.unit for col in INDUSTRY_COLUMNS}
    stated = set(row_units.values()) - {""}
    if len(stated) > 1:
        raise IIEInputError(ARG, "the three industries are in different units: "
                                 + ", ".join(f"{found[c]}" for c in INDUSTRY_COLUMNS))
    src = next(iter(stated), "")
    notes = [f"row {found[c]!r} states no unit; taken as {src}" for c in INDUSTRY_COLUMNS
             if src and not row_units[c]]
    return src, notes


def national_gdp_by_industry(export: NBSExport, *, unit: str | None = None) -> pd.DataFrame:
    """Primary / secondary / tertiary value added by year from an NBS export's indicator rows
    第一产业增加值 / 第二产业增加值 / 第三产业增加值 (with or without "(亿元)").

    Index ``year`` ascending; columns primary, secondary, tertiary; ``attrs["unit"]`` = the unit of
    the rows (or ``unit`` when given: the values are converted to it); ``attrs["source_unit"]`` =
    the unit the export states; ``attrs["notes"]``.
    """
    frame = export.frame
    found = _industry_rows(frame)
    src, notes = _industry_unit(export, found)
    out = pd.DataFrame({col: frame.loc[found[col]].to_numpy(dtype=float) for col in INDUSTRY_COLUMNS},
                       index=pd.Index([int(y) for y in frame.columns], name="year"))
    for col in INDUSTRY_COLUMNS:
        nm = found[col]
        check_row(out[col].to_dict(), label=strip_unit(str(nm)), unit=src, source=export.source, row=str(nm),
                  lines={y: line for (r, y), line in export.lines.items() if r == nm})
    source_unit = src
    if unit is not None:
        out = convert(out, src, unit, export)
        if src != unit:
            notes.append(f"converted from {src} to {unit}")
        src = unit
    gaps = [int(y) for y in out.index if out.loc[y].isna().any()]
    if gaps:
        notes.append(f"years with missing values: {', '.join(map(str, gaps))}")
    out.attrs["unit"] = src
    out.attrs["source_unit"] = source_unit
    out.attrs["notes"] = notes
    return out


def provinces_by_name(export: NBSExport, *, unit: str | None = None) -> pd.DataFrame:
    """The export's region rows by GB/T 2260 province code (index ``province_code``, ascending;
    columns = years). Names match in full (北京市, 内蒙古自治区) and short (北京, 内蒙古) forms,
    also with padding spaces (北　京). Rows that match no province (全国, …) are left out and
    listed in ``attrs["notes"]``; two rows for one province raise IIEInputError.

    ``attrs["unit"]``: the export's unit, or ``unit`` when given (the values converted to it,
    :func:`convert`); ``attrs["source_unit"]``: the export's unit."""
    frame = export.frame
    codes: dict[int, str] = {}
    keep, notes = [], []
    for nm in frame.index:
        text = "".join(ch for ch in unicodedata.normalize("NFKC", str(nm)) if not ch.isspace())
        text = text.rstrip("*＊")
        try:
            code = reference.province_code(text)
        except IIEInputError:
            notes.append(f"row {nm!r} matches no province; left out")
            continue
        if code in codes:
            raise IIEInputError(ARG, f"rows {codes[code]!r} and {nm!r} are both province {code} "
                                     f"({reference.provinces().at[code, 'name_zh']})")
        codes[code] = nm
        keep.append((code, nm))
    out = pd.DataFrame([frame.loc[nm].to_numpy(dtype=float) for _, nm in keep],
                       index=pd.Index([c for c, _ in keep], name="province_code"),
                       columns=list(frame.columns)).sort_index()
    absent = [reference.provinces().at[c, "name_zh"] for c in reference.provinces().index if c not in codes]
    if absent and codes:
        notes.append(f"province(s) not in the export: {', '.join(absent)}")
    out.attrs["unit"] = export.unit
    out.attrs["source_unit"] = export.unit
    if unit is not None:
        out = convert(out, export.unit, unit, export)
        out.attrs.update(unit=unit, source_unit=export.unit)
        if export.unit != unit:
            notes.append(f"converted from {export.unit} to {unit}")
    out.attrs["notes"] = notes
    return out
