"""The frames of the input sheets from an NBS data export: national value added by industry
(primary, secondary, tertiary by year) and a series by province (GB/T 2260 code by year)."""

from __future__ import annotations

import unicodedata

import pandas as pd

from .. import reference, units
from ..errors import IIEInputError
from ..inputs import INDUSTRY_COLUMNS
from .exports import strip_unit, unit_of
from .results import NBSExport
from .text import ARG, norm

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
    the rows (or ``unit`` when given: the values are converted to it); ``attrs["notes"]``.
    """
    frame = export.frame
    found = _industry_rows(frame)
    src, notes = _industry_unit(export, found)
    out = pd.DataFrame({col: frame.loc[found[col]].to_numpy(dtype=float) for col in INDUSTRY_COLUMNS},
                       index=pd.Index([int(y) for y in frame.columns], name="year"))
    if unit is not None:
        if not src:
            raise IIEInputError(ARG, "the export does not state its unit, so it cannot be converted; "
                                     "read it without unit=")
        out = out * units.factor(src, unit)
        notes.append(f"converted from {src} to {unit}")
        src = unit
    gaps = [int(y) for y in out.index if out.loc[y].isna().any()]
    if gaps:
        notes.append(f"years with missing values: {', '.join(map(str, gaps))}")
    out.attrs["unit"] = src
    out.attrs["notes"] = notes
    return out


def provinces_by_name(export: NBSExport) -> pd.DataFrame:
    """The export's region rows by GB/T 2260 province code (index ``province_code``, ascending;
    columns = years). Names match in full (北京市, 内蒙古自治区) and short (北京, 内蒙古) forms,
    also with padding spaces (北　京). Rows that match no province (全国, …) are left out and
    listed in ``attrs["notes"]``; two rows for one province raise IIEInputError."""
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
    out.attrs["notes"] = notes
    return out
