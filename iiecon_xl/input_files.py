"""Reading the files of an inputs folder (``iiecon-xl report --inputs FOLDER``) with every bad
file a clear error (issue 11): the file, the line, the column and the cell, and the problem.

Files arrive by e-mail, saved by whatever program the sender used, so a file may be UTF-8
(with or without BOM), UTF-16 or GBK, separated by commas, semicolons or tabs (the decoding
and delimiter detection shared with the NBS readers, :func:`iiecon_xl.textfile.decode` and
:func:`~iiecon_xl.textfile.csv_grid`). Each file has a :class:`Schema`: the index column(s),
the columns it must have and what the other columns hold. Numbers go through the package's one
parser of numbers written as text (:func:`iiecon_xl.numtext.parse_number_text`): ``1,234.5``
is a number, ``abc``, ``inf``, ``nan`` and ``1e999`` are errors naming the cell. A year header
may be written ``2018年``; a year written twice names both columns; a key written twice names
both lines. A text that :func:`iiecon_xl.csvsafe.neutralise` escaped on the way out (a leading
apostrophe before ``=``, ``+``, ``-``, ``@``) is read back without the apostrophe.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .csvsafe import TRIGGERS
from .errors import IIEInputError
from .numtext import normalise, parse_number_text
from .textfile import MAX_CSV_BYTES, csv_grid, decode
from .xlsx.a1 import cell_name

INDUSTRY = ("primary", "secondary", "tertiary")
_YEAR_RE = re.compile(r"(\d{4})\s*年?")
_INT_RE = re.compile(r"[-+]?\d+")
#: Plausible years of an input (a year outside is a typing error, not data).
YEARS = (1900, 2200)


@dataclass(frozen=True)
class Schema:
    """What one CSV file of the folder holds.

    ``index``: the key column(s); ``numbers``: number columns it must have; ``text``: text
    columns it must have; ``optional``: number columns it may have; ``rest``: what any other column holds ("text", "number" or "year":
    a year header, number cells); ``blanks``: whether a number cell may be empty (a missing
    value the method handles)."""

    index: tuple[str, ...]
    numbers: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    rest: str = "text"
    blanks: bool = False
    optional: tuple[str, ...] = ()

    def kind(self, column: str) -> str:
        if column in ("year", "province_code"):
            return "year" if column == "year" else "int"
        if column in self.numbers or column in self.optional:
            return "number"
        if column in self.index or column in self.text:
            return "text"
        return self.rest


SCHEMAS: dict[str, Schema] = {
    "io_sectors.csv": Schema(("code",), ("total_output",), ("name_zh", "name_en", "section"),
                             optional=("value_added",)),
    "io_flows.csv": Schema(("code",), rest="number"),
    "related.csv": Schema(("code",), ("S",), blanks=True),
    "section_va.csv": Schema(("section",), rest="year", blanks=True),
    "macro.csv": Schema(("year",), ("Y", "K", "L"), blanks=True),
    "national_gdp.csv": Schema(("year",), INDUSTRY, blanks=True),
    "province_gdp.csv": Schema(("province_code", "year"), INDUSTRY, blanks=True),
    "city_gdp.csv": Schema(("city",), INDUSTRY + ("province_code",)),
    "province_section_va.csv": Schema(("province_code", "year"), rest="number", blanks=True),
    "province_eta.csv": Schema(("province_code", "year"), INDUSTRY, blanks=True),
    "fuzzy_criteria.csv": Schema(("criterion",), ("weight",), ("name_zh", "name_en")),
    "fuzzy_grades.csv": Schema(("grade",), ("value",), ("name_zh", "name_en")),
    "fuzzy_counts.csv": Schema(("code", "criterion"), rest="number"),
}


def read_text(path: Path, name: str) -> str:
    """The text of a file of the folder, decoded (UTF-8, UTF-16 or GBK)."""
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise IIEInputError(name, f"{size:,} bytes, above the {MAX_CSV_BYTES:,} bytes an input file may have")
    try:
        content, _ = decode(path.read_bytes())
    except IIEInputError as exc:
        raise IIEInputError(name, exc.problem) from None
    return content


def read_table(folder: Path, name: str, *, required: bool = True) -> pd.DataFrame | None:
    """The file ``name`` of ``folder`` as a DataFrame indexed by its key column(s), each column
    of its kind; ``None`` when an optional file is absent."""
    path = folder / name
    if not path.exists():
        if required:
            raise IIEInputError(name, f"file not found in {folder}")
        return None
    schema = SCHEMAS[name]
    content = read_text(path, name)
    rows = [(k + 1, row) for k, row in enumerate(csv_grid(content)) if any(c.strip() for c in row)]
    if not rows:
        raise IIEInputError(name, f"the file is empty; it needs a header line ({_needs(schema)})")
    header = _header(name, schema, rows[0][1])
    body = rows[1:]
    columns = {}
    for j, col in enumerate(header):
        cells = [(line, row[j].strip() if j < len(row) else "") for line, row in body]
        columns[col] = _column(name, schema, col, j, cells)
    for line, row in body:
        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            raise IIEInputError(name, f"line {line} has {len(row)} cells but the header has {len(header)}")
    frame = pd.DataFrame(columns, columns=header)
    _unique_keys(name, schema, frame, [line for line, _ in body])
    frame = frame.set_index(list(schema.index) if len(schema.index) > 1 else schema.index[0])
    frame.columns = pd.Index(list(frame.columns))  # year columns: an int index
    return frame


def _needs(schema: Schema) -> str:
    return ",".join(schema.index + schema.text + schema.numbers) + ("…" if schema.rest != "text" else "")


def _header(name: str, schema: Schema, cells: list[str]) -> list:
    """The column keys: text, or years (int) where the schema says so; every problem named."""
    header = [c.strip().lstrip("\ufeff") for c in cells]
    while header and not header[-1]:
        header.pop()
    missing = [c for c in schema.index + schema.text + schema.numbers if c not in header]
    if missing:
        raise IIEInputError(name, f"missing column(s) {', '.join(missing)} (the header line is: "
                                  f"{', '.join(header) or 'empty'})")
    keys, seen = [], {}
    for j, col in enumerate(header):
        key = col
        if not col:
            raise IIEInputError(name, f"column {j + 1} of the header line has no name")
        if schema.kind(col) == "year" and col not in schema.index:
            key = _year(col)
            if key is None:
                raise IIEInputError(name, f"column {j + 1} ('{col}') of the header line is not a year")
        if key in seen:
            i = seen[key]
            what = f"year {key}" if isinstance(key, int) else f"column '{key}'"
            raise IIEInputError(name, f"{what} appears twice in the header line: column {i + 1} ('{header[i]}') "
                                      f"and column {j + 1} ('{col}')")
        seen[key] = j
        keys.append(key)
    return keys


def _year(text: str) -> int | None:
    m = _YEAR_RE.fullmatch(normalise(text))
    return int(m.group(1)) if m and YEARS[0] <= int(m.group(1)) <= YEARS[1] else None


def _where(line: int, j: int, col) -> str:
    return f"line {line}, column '{col}' (cell {cell_name(line - 1, j)})"


def _column(name: str, schema: Schema, col, j: int, cells: list[tuple[int, str]]) -> list:
    """The cells of one column as values of its kind (text, number, whole number, year)."""
    kind = "number" if isinstance(col, int) else schema.kind(col)
    if kind == "text":
        return [_unescape(v) for _, v in cells]
    values = []
    for line, v in cells:
        if not v:
            if kind == "number" and schema.blanks and col not in schema.index:
                values.append(math.nan)
                continue
            raise IIEInputError(name, f"{_where(line, j, col)} is empty")
        values.append(_value(name, kind, v, _where(line, j, col)))
    if kind == "number" and not all(_INT_RE.fullmatch(normalise(v)) for _, v in cells):
        return [float(x) for x in values]
    return values


def _value(name: str, kind: str, v: str, where: str):
    if kind == "year":
        y = _year(v)
        if y is None:
            raise IIEInputError(name, f"{where}: '{v}' is not a year ({YEARS[0]}–{YEARS[1]})")
        return y
    f = parse_number_text(v, percent=False)
    if f is None:
        raise IIEInputError(name, f"{where}: '{v}' is {_not_a_number(v)}")
    if kind == "int":
        if f != int(f):
            raise IIEInputError(name, f"{where}: '{v}' is not a whole number")
        return int(f)
    return int(f) if _INT_RE.fullmatch(normalise(v)) else f


def _not_a_number(v: str) -> str:
    """Why a cell is not a number: overflowing or non-finite, or simply not one."""
    try:
        f = float(normalise(v).replace(",", ""))
    except ValueError:
        return "not a number"
    if math.isnan(f):
        return "not a number (leave the cell empty for a missing value)"
    return "not a finite number" if not math.isfinite(f) else "not a number"


def _unescape(v: str) -> str:
    """A text as written before :func:`iiecon_xl.csvsafe.neutralise` (``'=x`` → ``=x``)."""
    return v[1:] if v.startswith("'") and v[1:].startswith(TRIGGERS) else v


def _unique_keys(name: str, schema: Schema, frame: pd.DataFrame, lines: list[int]) -> None:
    keys = list(zip(*(frame[c] for c in schema.index)))
    first: dict = {}
    for k, line in zip(keys, lines):
        if k in first:
            what = ", ".join(f"{c} {v}" for c, v in zip(schema.index, k))
            raise IIEInputError(name, f"{what} appears twice (lines {first[k]} and {line})")
        first[k] = line


# --------------------------------------------------------------------------- parameters.json

META_KEYS = ("io_unit", "city_year", "parameters")


def read_meta(folder: Path) -> tuple[dict, str]:
    """(the object of ``parameters.json``, its text): valid JSON (no NaN or Infinity), an object
    with only the keys io_unit, city_year and parameters, each of its kind."""
    from .units import UNITS

    name, path = "parameters.json", folder / "parameters.json"
    if not path.exists():
        raise IIEInputError(name, f"file not found in {folder}")
    text = read_text(path, name)
    try:
        meta = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise IIEInputError(name, f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except ValueError as e:
        raise IIEInputError(name, str(e)) from None
    if not isinstance(meta, dict):
        raise IIEInputError(name, "must hold one JSON object {\"io_unit\": …, \"city_year\": …, \"parameters\": {…}}")
    unknown = sorted(set(meta) - set(META_KEYS))
    if unknown:
        raise IIEInputError(name, f"unknown key(s) {', '.join(unknown)} ({key_line(text, unknown[0])}); "
                                  f"the keys are {', '.join(META_KEYS)}")
    unit = meta.get("io_unit")
    if unit is not None and unit not in UNITS:
        raise IIEInputError(name, f"io_unit ({key_line(text, 'io_unit')}): {unit!r} is not one of {', '.join(UNITS)}")
    year = meta.get("city_year")
    if year is not None and (type(year) is not int or not YEARS[0] <= year <= YEARS[1]):
        raise IIEInputError(name, f"city_year ({key_line(text, 'city_year')}): must be a year, got {year!r}")
    if not isinstance(meta.get("parameters", {}), dict):
        raise IIEInputError(name, f"parameters ({key_line(text, 'parameters')}): must be an object {{\"key\": value}}")
    return meta, text


def _no_constant(word: str):
    raise ValueError(f"{word} is not a number (JSON has no NaN or Infinity; write null for none)")


def key_line(text: str, key: str) -> str:
    """'line N' of the first ``"key"`` in a JSON text (for a message)."""
    for k, line in enumerate(text.splitlines(), 1):
        if f'"{key}"' in line:
            return f"line {k}"
    return "not found"
