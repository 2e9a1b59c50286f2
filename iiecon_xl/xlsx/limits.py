"""Bounded xlsx: :func:`check_xlsx` runs before any parser (openpyxl, the recalc engine) touches
a book, so that a hostile or broken file is a clear error instead of gigabytes of memory, a
read of ``/etc/passwd`` through an XML entity, or a traceback (issue 11).

It streams every member of the zip once, in 1 MB chunks (memory stays flat whatever the file
declares), and refuses:

* a file that is not a zip (an encrypted workbook or an old ``.xls`` is an OLE file), a
  truncated or corrupt zip or member (bad CRC, bad deflate data), an encrypted member;
* a package without ``[Content_Types].xml`` or its workbook part (``xl/workbook.xml``);
* too many members; a member, or all members together, expanding beyond the size limits; a
  large member whose compression ratio is beyond ``max_ratio`` (a zip bomb);
* any XML part with a ``<!DOCTYPE`` or ``<!ENTITY`` declaration (XXE, billion laughs) — no
  spreadsheet part needs one;
* a worksheet whose ``<dimension ref>``, ``<row r>`` or ``<c r>`` reaches beyond ``max_rows``
  or ``max_cols``, whose extent (last row × last column: the size of the grid a reader builds)
  is beyond ``max_area``, or with more than ``max_cells`` ``<c>`` elements.

Each refusal is an :class:`~iiecon_xl.errors.IIEInputError` naming the file, what was found,
the limit and how to raise it. The limits (:class:`Limits`) and the environment variables that
raise them for a trusted file:

=====================  ==================  ===============================
limit                  default             environment variable
=====================  ==================  ===============================
``max_file_bytes``     100 MB              ``IIECON_XLSX_MAX_FILE_BYTES``
``max_members``        10,000              ``IIECON_XLSX_MAX_MEMBERS``
``max_part_bytes``     100 MB              ``IIECON_XLSX_MAX_PART_BYTES``
``max_total_bytes``    200 MB              ``IIECON_XLSX_MAX_TOTAL_BYTES``
``max_ratio``          100                 ``IIECON_XLSX_MAX_RATIO``
``max_rows``           100,000             ``IIECON_XLSX_MAX_ROWS``
``max_cols``           1,000               ``IIECON_XLSX_MAX_COLS``
``max_cells``          1,000,000           ``IIECON_XLSX_MAX_CELLS``
``max_area``           10,000,000          ``IIECON_XLSX_MAX_AREA``
=====================  ==================  ===============================

The defaults keep openpyxl under about 1 GB for any book that passes; the package's own books
are far inside them (the 153-sector demo book: 38,000 cells, 339 rows × 153 columns at most,
1.5 MB of XML, compression ratio below 7). Sizes are uncompressed bytes and accept a suffix
(``512MB``, ``2GB``). The ratio is checked only once a member has expanded beyond 1 MB (small
XML parts compress very well and are harmless). ``check_xlsx(path)`` reads the environment at each call; pass ``limits=`` to
override it (tests, a CLI option).
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from xml.parsers import expat

from ..errors import IIEInputError
from .a1 import parse_area
from .a1_fast import parse_cell_fast
from .sheet_scan import Fallback, FastSheetScan

__all__ = ["DEFAULT_LIMITS", "ENV_PREFIX", "Limits", "check_xlsx", "current_limits"]

ENV_PREFIX = "IIECON_XLSX_"
_MB = 1 << 20
_CHUNK = 1 << 20
_RATIO_FLOOR = _MB
_SHEET_ROOTS = frozenset({"worksheet", "dialogsheet"})


@dataclass(frozen=True)
class Limits:
    """The bounds :func:`check_xlsx` enforces (see the module docstring)."""

    max_file_bytes: int = 100 * _MB
    max_members: int = 10_000
    max_part_bytes: int = 100 * _MB
    max_total_bytes: int = 200 * _MB
    max_ratio: int = 100
    max_rows: int = 100_000
    max_cols: int = 1_000
    max_cells: int = 1_000_000
    max_area: int = 10_000_000

    @staticmethod
    def env_name(field: str) -> str:
        """The environment variable of a limit: ``max_rows`` → ``IIECON_XLSX_MAX_ROWS``."""
        return ENV_PREFIX + field.upper()


DEFAULT_LIMITS = Limits()
_SIZE_RE = re.compile(r"^\s*(\d+)\s*([kmg]?)i?b?\s*$", re.I)


def _env_int(name: str, raw: str) -> int:
    m = _SIZE_RE.match(raw.replace(",", "").replace("_", ""))
    if not m or int(m.group(1)) <= 0:
        raise IIEInputError(name, f"{raw!r} is not a positive whole number (a size may end in KB, MB or GB)")
    return int(m.group(1)) * {"": 1, "k": 1 << 10, "m": _MB, "g": 1 << 30}[m.group(2).lower()]


def current_limits(base: Limits = DEFAULT_LIMITS) -> Limits:
    """``base`` with every limit the environment sets (``IIECON_XLSX_MAX_ROWS=500000`` …)."""
    changes = {}
    for f in fields(Limits):
        raw = os.environ.get(Limits.env_name(f.name))
        if raw:
            changes[f.name] = _env_int(Limits.env_name(f.name), raw)
    return replace(base, **changes)


class _Head(Exception):
    """The root element of a non-sheet part has been seen: its prolog is clean."""


class _Checker:
    """Refusal messages for one file: each names the file, the finding, the limit and its knob."""

    def __init__(self, path: Path, limits: Limits, argument: str):
        self.path, self.limits, self.argument = path, limits, argument

    def error(self, problem: str) -> IIEInputError:
        return IIEInputError(self.argument, f"{self.path.name}: {problem}")

    def over(self, what: str, value: int, field: str, unit: str = "") -> IIEInputError:
        limit = getattr(self.limits, field)
        return self.error(f"{what} is {value:,}{unit}, above the limit of {limit:,}{unit} ({field}); if the file is "
                          f"trusted, raise it with the environment variable {Limits.env_name(field)}")

    def at_most(self, what: str, value: int, field: str, unit: str = "") -> None:
        if value > getattr(self.limits, field):
            raise self.over(what, value, field, unit)


def _declared_entries(path: Path) -> int | None:
    """The entry count in the end-of-central-directory record (None when not found)."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - (1 << 16) - 22))
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    total = struct.unpack("<H", tail[at + 10:at + 12])[0]
    if total != 0xFFFF:
        return total
    at64 = tail.rfind(b"PK\x06\x06", 0, at)  # the zip64 end record: the count at offset 32
    return struct.unpack("<Q", tail[at64 + 32:at64 + 40])[0] if 0 <= at64 and at64 + 40 <= len(tail) else None


def _open_zip(path: Path, chk: _Checker) -> zipfile.ZipFile:
    if not path.is_file():
        raise chk.error("file not found")
    chk.at_most("the file size", path.stat().st_size, "max_file_bytes", " bytes")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise chk.error("not an .xlsx (zip) file: an OLE file — a password-protected workbook or an old .xls; "
                        "save it unprotected as .xlsx")
    if not head.startswith(b"PK"):
        raise chk.error("not an .xlsx file (not a zip archive)")
    declared = _declared_entries(path)
    if declared is not None:
        chk.at_most("the number of zip members", declared, "max_members")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise chk.error(f"not a readable .xlsx file: the zip archive is truncated or corrupt ({e})") from None


def _check_directory(zf: zipfile.ZipFile, chk: _Checker) -> list[zipfile.ZipInfo]:
    """The members, after the checks the central directory allows (count, declared sizes)."""
    infos = zf.infolist()
    chk.at_most("the number of zip members", len(infos), "max_members")
    names = {i.filename for i in infos}
    for need in ("[Content_Types].xml", "xl/workbook.xml"):
        if need not in names and not (need == "xl/workbook.xml" and any(n.endswith("workbook.xml") for n in names)):
            raise chk.error(f"not a workbook: the member {need} is missing")
    for i in infos:
        if i.flag_bits & 0x1:
            raise chk.error(f"the member {i.filename} is encrypted; save the workbook without a password")
        chk.at_most(f"the member {i.filename} (declared size)", i.file_size, "max_part_bytes", " bytes")
    chk.at_most("the declared size of all members", sum(i.file_size for i in infos), "max_total_bytes", " bytes")
    return infos


class _PartScan:
    """Expat over one XML part: refuses DTDs; in a worksheet, bounds rows, columns and cells."""

    def __init__(self, name: str, chk: _Checker):
        self.name, self.chk = name, chk
        self.sheet = None          # None until the root element is seen
        self.row = -1              # 0-based; a <row> or <c> without r follows the previous one
        self.col = -1
        self.cells = 0
        self.extent = (0, 0)       # (rows, columns) reached so far
        self.p = expat.ParserCreate()
        self.p.StartDoctypeDeclHandler = lambda *a: self._dtd("a DOCTYPE declaration")
        self.p.EntityDeclHandler = lambda *a: self._dtd("an ENTITY declaration")
        self.p.StartElementHandler = self._start
        self.done = False

    def _dtd(self, what: str):
        raise self.chk.error(f"the part {self.name} holds {what} (XML entities are refused: no spreadsheet "
                             f"needs them, and they can read files or exhaust memory)")

    def _start(self, tag: str, attrs: dict):
        local = tag.rpartition(":")[2]
        if self.sheet is None:
            self.sheet = local in _SHEET_ROOTS
            if not self.sheet:
                raise _Head()
            return
        if local == "c":
            self.cells += 1
            if self.cells > self.chk.limits.max_cells:
                raise self.chk.over(f"the number of cells in {self.name}", self.cells, "max_cells")
            self.row, self.col = self._cell(attrs["r"]) if "r" in attrs else (self.row, self.col + 1)
            self._bound(self.row, self.col, "a cell")
        elif local == "row":
            r = attrs.get("r", "")
            self.row = int(r) - 1 if r.isdigit() else self.row + 1
            self.col = -1
            self._bound(self.row, 0, "a row")
        elif local == "dimension" and attrs.get("ref"):
            try:
                r0, c0, r1, c1 = parse_area(attrs["ref"])
            except ValueError as e:
                raise self.chk.error(f"the part {self.name} has a bad dimension {attrs['ref']!r} ({e})") from None
            self._bound(max(r0, r1), max(c0, c1), "its dimension")

    def _cell(self, ref: str) -> tuple[int, int]:
        try:
            return parse_cell_fast(ref)
        except ValueError as e:
            raise self.chk.error(f"the part {self.name} has a bad cell reference {ref!r} ({e})") from None

    def _bound(self, row: int, col: int, what: str):
        if row + 1 > self.chk.limits.max_rows:
            raise self.chk.over(f"the last row of {self.name} ({what})", row + 1, "max_rows")
        if col + 1 > self.chk.limits.max_cols:
            raise self.chk.over(f"the last column of {self.name} ({what})", col + 1, "max_cols")
        rows, cols = max(self.extent[0], row + 1), max(self.extent[1], col + 1)
        self.extent = (rows, cols)
        if rows * cols > self.chk.limits.max_area:
            raise self.chk.over(f"the extent of {self.name} ({rows:,} rows × {cols:,} columns, {what})", rows * cols,
                                "max_area", " cells")

    def feed(self, data: bytes, final: bool = False):
        if self.done:
            return
        try:
            self.p.Parse(data, final)
        except _Head:
            self.done = True
        except expat.ExpatError as e:
            raise self.chk.error(f"the part {self.name} is not well-formed XML ({e})") from None


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _scan_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, chk: _Checker, total: list[int]) -> None:
    """Stream one member: actual sizes, ratio and (for XML) the part scan; CRC checked at the end.

    An XML part is scanned by :class:`.sheet_scan.FastSheetScan` (byte patterns), and again
    element by element (:class:`_PartScan`) when it is not in the form that scan knows."""
    before = total[0]
    try:
        _stream_member(zf, info, chk, total, fast=True)
    except Fallback:
        total[0] = before
        _stream_member(zf, info, chk, total, fast=False)


def _stream_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, chk: _Checker, total: list[int], fast: bool) -> None:
    scan = _PartScan(info.filename, chk) if _is_xml(info.filename) else None
    if scan is not None and fast:
        scan = FastSheetScan(scan)
    size = 0
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            size += len(chunk)
            total[0] += len(chunk)
            chk.at_most(f"the member {info.filename}", size, "max_part_bytes", " bytes (so far)")
            chk.at_most("all members together", total[0], "max_total_bytes", " bytes (so far)")
            if size > _RATIO_FLOOR and size > chk.limits.max_ratio * max(info.compress_size, 1):
                raise chk.over(f"the expansion of {info.filename} ({size:,} bytes from {info.compress_size:,})",
                               size // max(info.compress_size, 1), "max_ratio", "×")
            if scan is not None:
                scan.feed(chunk)
    if scan is not None:
        scan.feed(b"", final=True)


def check_xlsx(path, limits: Limits | None = None, *, argument: str = "BOOK") -> Path:
    """Refuse a workbook that breaks a limit or is not a sound .xlsx (see the module docstring).

    Returns the path; raises :class:`~iiecon_xl.errors.IIEInputError` naming ``argument``.
    ``limits`` defaults to :data:`DEFAULT_LIMITS` raised by the environment (:func:`current_limits`).
    """
    path = Path(path)
    chk = _Checker(path, current_limits() if limits is None else limits, argument)
    with _open_zip(path, chk) as zf:
        total = [0]
        for info in _check_directory(zf, chk):
            if info.is_dir():
                continue
            try:
                _scan_member(zf, info, chk, total)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as e:
                raise chk.error(f"the member {info.filename} is corrupt ({type(e).__name__}: {e})") from None
    return path
