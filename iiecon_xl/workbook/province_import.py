"""``iiecon-xl import-provinces FILE --into BOOK -o OUT``: provincial value added by sector (the
42-sector regional IO tables, e.g. ``provincial_va_42sectors_2017.csv``: columns ``province,
sector, sector_name…, TVA…``, one row per province and sector) summed to the 19 GB/T 4754-2017
sections and put into the book's 分省门类增加值 sheet for the section allocation rule (METHOD.md §5).

The mapping of the 42 sectors of the 2017 regional tables to the sections is
``iiecon_xl/resources/province_sectors_42.csv`` (sector, Chinese name, section): sec01 → A;
sec02–sec05 mining → B; sec06–sec23 manufacturing → C (sec23, the repair of metal products and
machinery, is division C43 of GB/T 4754-2017); sec24–sec26 → D; sec27 → E; sec28 → F; sec29 → G;
sec30 → H; sec31 → I; sec32 → J; sec33 → K; sec34 → L; sec35 (R&D) and sec36 (technical
services) → M; sec37 → N; sec38 → O; sec39 → P; sec40 → Q; sec41 → R; sec42 → S. A sector code
the mapping does not know, a province the book does not know, a province or sector missing or
written twice, a non-numeric value, a section summing to a negative value added (a sector alone
may be negative, as in the IO tables): an error naming the file, line and cell or the province.

The unit is the column's (``TVA_10k_yuan`` = 万元, ``…亿元``, ``…_100m_yuan``) or ``--unit``; values
are converted to the book's unit. The year is ``--year``, else the 4-digit year in the file name;
it must be a report year of the book. The book is rebuilt from its inputs with the new block
(every other input kept), written atomically; OUT is never BOOK or FILE.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import reference, units
from ..errors import IIEInputError
from ..model import SECTIONS
from ..numtext import parse_number_text
from ..safefiles import atomic_file, check_output
from ..textfile import MAX_CSV_BYTES, csv_grid, decode
from ..xlsx.limits import check_xlsx
from . import builder
from .reader import read_edition, read_inputs

_UNIT_HINTS = (("10k_yuan", "万元"), ("万元", "万元"), ("100m_yuan", "亿元"), ("亿元", "亿元"), ("yuan", "元"))


def sector_map() -> dict[str, str]:
    """{sector code: section} of the 42 sectors of the 2017 regional IO tables."""
    frame = pd.read_csv(Path(reference.__file__).parent / "resources" / "province_sectors_42.csv", dtype=str)
    return dict(zip(frame["sector"], frame["section"]))


def _unit_of(column: str, unit: str | None) -> str:
    if unit is not None:
        if unit not in units.UNITS:
            raise IIEInputError("--unit", f"{unit!r} is not one of {', '.join(units.UNITS)}")
        return unit
    for hint, u in _UNIT_HINTS:
        if hint in column:
            return u
    raise IIEInputError("FILE", f"the unit of column {column!r} is not stated; pass --unit")


def _year_of(file: Path, year: int | None) -> int:
    if year is not None:
        return int(year)
    found = re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", file.name)
    if len(found) != 1:
        raise IIEInputError("FILE", f"the year is not in the file name {file.name!r}; pass --year")
    return int(found[0])


def read_sector_file(file, *, unit: str | None = None) -> tuple[pd.DataFrame, str]:
    """(province code × section value added in the file's unit, that unit) of a province × sector file."""
    path = Path(file)
    name = path.name
    if not path.is_file():
        raise IIEInputError("FILE", f"{path} does not exist")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise IIEInputError(name, f"above the {MAX_CSV_BYTES:,} bytes an input file may have")
    rows = [r for r in csv_grid(decode(path.read_bytes(), name)[0]) if any(c.strip() for c in r)]
    if not rows:
        raise IIEInputError(name, "the file is empty")
    head = [h.strip() for h in rows[0]]
    value_col = next((j for j, h in enumerate(head) if h.upper().startswith(("TVA", "VA", "增加值"))), None)
    if "province" not in head or "sector" not in head or value_col is None:
        raise IIEInputError(name, "line 1: needs columns province, sector and TVA… (value added)")
    p_col, s_col = head.index("province"), head.index("sector")
    mapping, seen, out = sector_map(), set(), {}
    for line, row in enumerate(rows[1:], 2):
        cell = lambda j: row[j].strip() if j < len(row) else ""  # noqa: E731 - a stripped cell of this row
        try:
            code = reference.province_code(cell(p_col))
        except IIEInputError as exc:
            raise IIEInputError(name, f"line {line}: {exc.problem}") from None
        sector = cell(s_col)
        if sector not in mapping:
            raise IIEInputError(name, f"line {line}: sector {sector!r} is not in the 42-sector mapping")
        if (code, sector) in seen:
            raise IIEInputError(name, f"line {line}: province {cell(p_col)}, sector {sector} written twice")
        seen.add((code, sector))
        v = parse_number_text(cell(value_col))
        if v is None:
            raise IIEInputError(name, f"line {line}, column {head[value_col]}: {cell(value_col)!r} is not a number")
        out.setdefault(code, dict.fromkeys(SECTIONS, 0.0))[mapping[sector]] += v   # a sector may be negative
    for code, by_section in out.items():
        province = reference.provinces().at[code, "name_zh"]
        missing = sorted(set(mapping) - {s for c, s in seen if c == code})
        if missing:
            raise IIEInputError(name, f"province {province}: no row for sector {missing[0]}")
        negative = [sec for sec, v in by_section.items() if v < 0]
        if negative:
            raise IIEInputError(name, f"province {province}: section {negative[0]} sums to a negative value added")
    return pd.DataFrame.from_dict(out, orient="index")[list(SECTIONS)].sort_index(), _unit_of(head[value_col], unit)


def import_provinces(file, book, out, *, year: int | None = None, unit: str | None = None):
    """Put the file's provincial section value added into ``book``'s block of its year, converted
    to the book's unit; write OUT. Returns (out, year, notes)."""
    file, book = Path(file), Path(book)
    if not book.is_file():
        raise IIEInputError("BOOK", f"{book} does not exist")
    out = check_output(out, [book, file], argument="OUT")
    check_xlsx(book)
    frame, file_unit = read_sector_file(file, unit=unit)
    y = _year_of(file, year)
    inputs = read_inputs(book, lenient=True)
    if y not in inputs.years:
        raise IIEInputError("--year", f"{y} is not a report year of the book ({inputs.years[0]}–{inputs.years[-1]})")
    codes = sorted(set(inputs.province_gdp.index.get_level_values(0)))
    missing = sorted(set(codes) - set(frame.index))
    if missing:
        raise IIEInputError(file.name, f"no rows for province {reference.provinces().at[missing[0], 'name_zh']}")
    extra = sorted(set(frame.index) - set(codes))
    block = frame.loc[codes] * units.factor(file_unit, inputs.params.unit)
    block.index = pd.MultiIndex.from_tuples([(c, y) for c in codes], names=["province_code", "year"])
    old = inputs.province_section_va
    if old is not None:
        old = old[old.index.get_level_values("year") != y]
    inputs.province_section_va = pd.concat([old, block]).sort_index() if old is not None and len(old) else block
    notes = [f"{len(codes)} provinces × {len(SECTIONS)} sections, {file_unit} → {inputs.params.unit}"]
    if extra:
        notes.append(f"provinces not in the book, not imported: {', '.join(map(str, extra))}")
    with atomic_file(out) as tmp:
        builder.build(tmp, inputs, edition=read_edition(book))
    return out, y, notes
