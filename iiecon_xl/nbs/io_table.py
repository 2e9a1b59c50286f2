""":func:`read_io_table`: an NBS input-output table from a file, whichever layout it has."""

from __future__ import annotations

from pathlib import Path

from ..errors import IIEInputError
from ..xlsx import cell_name
from .assemble import assemble
from .csv_layout import read_csv_layout
from .grid import first_rows, read_csv, xlsx_sheets
from .results import ImportedIO, RawTable
from .sheet_layout import scan_nbs
from .text import ARG, text

_EXPECTED = ("expected either the CSV layout (a header row Code, Description, DescriptionInChinese, then the "
             "sector codes 001…n, TIU, FU101…, IM, GO; rows 001…n, TII, VA001–VA004, TVA, TI) or the NBS table "
             "layout (a column of sector codes 1…n running down with the Chinese names beside it, the same codes "
             "running across a header row, then rows 中间投入合计 … 增加值合计, 总投入)")


def _from_workbook(path: Path, **kw) -> ImportedIO:
    """The first sheet of a workbook that holds the NBS table layout."""
    name = path.name
    sheets = xlsx_sheets(path)
    reasons = []
    for title, grid, merges in sheets:
        prefix = f"{title}!" if len(sheets) > 1 else ""
        found = scan_nbs(grid, merges, lambda r, c, p=prefix: f"{p}{cell_name(r, c)}")
        if isinstance(found, RawTable):
            others = [t for t, _, _ in sheets if t != title]
            if others:
                found.notes.append(f"sheet {title!r} read; other sheet(s) {', '.join(map(repr, others))} ignored")
            return assemble(found, name, "nbs-excel", **kw)
        reasons.append(f"sheet {title!r}: {found}; first rows: {first_rows(grid)}")
    raise IIEInputError(ARG, f"{name}: layout not recognised — {_EXPECTED}. Found: "
                             + " || ".join(reasons or ["no sheets"]))


def _from_csv(path: Path, **kw) -> ImportedIO:
    """A CSV in the CSV layout (a header row with Code) or the NBS table layout saved as CSV."""
    name = path.name
    grid, encoding = read_csv(path)
    if grid and any(text(v).upper() == "CODE" for v in grid[0]):
        raw = read_csv_layout(grid, name)
        if encoding not in ("utf-8", "utf-8-sig"):
            raw.notes.append(f"encoding {encoding}")
        return assemble(raw, name, "csv", **kw)
    found = scan_nbs(grid, [], lambda r, c: f"line {r + 1}, field {c + 1}")
    if isinstance(found, RawTable):
        return assemble(found, name, "nbs-csv", **kw)
    raise IIEInputError(ARG, f"{name}: layout not recognised — {_EXPECTED}. Found: {found}; first rows: "
                             f"{first_rows(grid)}")


def read_io_table(path, *, unit: str | None = None, sections: dict | None = None, strict: bool = True,
                  rtol: float = 1e-6) -> ImportedIO:
    """Read an NBS input-output table of any size n (CSV layout or NBS Excel layout, detected).

    unit: the unit of the file's numbers when the file does not say it (CSV layout: 万元 assumed)
        or says it wrongly; values are not converted.
    sections: {sector code (or Chinese name): section letter} for sectors that no shipped
        classification knows, or to override the shipped mapping.
    strict: a broken identity raises IIEInputError (default); False records it in notes.
    rtol: relative tolerance of the identities (plus half the rounding step per summed term when
        the file's numbers are rounded).
    """
    path = Path(path)
    if not path.is_file():
        raise IIEInputError(ARG, f"{path}: file not found")
    with path.open("rb") as fh:
        head = fh.read(8)
    ext = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0") or ext == ".xls":
        raise IIEInputError(ARG, f"{path.name}: an Excel 97–2003 .xls workbook is not read; open it in Excel or "
                                 "WPS and save it as .xlsx (or CSV)")
    kw = dict(unit=unit, sections=sections, strict=strict, rtol=rtol)
    if head.startswith(b"PK\x03\x04") or ext in (".xlsx", ".xlsm"):
        return _from_workbook(path, **kw)
    return _from_csv(path, **kw)
