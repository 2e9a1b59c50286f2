"""Crafted hostile and broken inputs (issue 11), generated — none is committed as a binary.

``cases(folder)`` writes every crafted book, CSV file and output path into ``folder`` and returns
them as :class:`Case` objects, each with what must happen: ``expected`` is a substring of the
error message, or ``None`` when the input must be accepted (then ``options`` may say what must
come out). ``kind`` says which mechanism judges it:

* ``"xlsx"`` — :func:`iiecon_xl.xlsx.limits.check_xlsx` (options: ``limits``);
* ``"external"`` — :func:`iiecon_xl.xlsx.external.external_references` (``expected``:
  ``"kind:target"`` of a reference that must be listed at ``options["cell"]``; ``None`` with
  ``options["refs"] == 0``: nothing may be listed);
* ``"export"`` — the NBS export readers (options: ``call`` read / national / provinces / io,
  ``unit``, ``value`` = (row, year, value) that must come out);
* ``"csv"`` — :func:`iiecon_xl.csvsafe.write_csv` of the names in the file;
* ``"output"`` — :func:`iiecon_xl.safefiles.check_output` (options: ``inputs``, ``kind``,
  ``force``);
* ``"inputs"`` — ``iiecon-xl report --inputs FOLDER`` on a broken or hostile copy of an inputs
  folder (:func:`input_folder_cases`, apart from :func:`cases`: it needs the base folder).

Run as a script to write them and list them: ``python tests/make_hostile_inputs.py DIR``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from iiecon_xl.xlsx.limits import Limits

GB, MB = 1 << 30, 1 << 20
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class Case:
    name: str
    path: Path
    expected: str | None
    kind: str
    options: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- zip helpers

def plain_book(path: Path, cells: dict | None = None, names: dict | None = None) -> Path:
    """A small valid book: ``cells`` {(row, col): value}, a str starting "=" is a formula, a
    ("text", s) pair a string; ``names`` {name: formula} defined names."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    ws.write_string(0, 1, "label")
    for (r, c), v in (cells or {(0, 0): 1.0}).items():
        if isinstance(v, tuple):
            ws.write_string(r, c, v[1])
        elif isinstance(v, str) and v.startswith("="):
            ws.write_formula(r, c, v, None, 0)
        else:
            ws.write(r, c, v)
    for name, formula in (names or {}).items():
        wb.define_name(name, formula)
    wb.close()
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def rewrite(src: Path, dst: Path, edit) -> Path:
    """``src`` with its members changed by ``edit(parts)`` (a dict it may change), written to ``dst``."""
    parts = members(src)
    edit(parts)
    return write_zip(dst, parts)


def raw_zip(path: Path, entries: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip written by hand: entries (name, raw deflate data, crc32, uncompressed size)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, usize in entries:
        offset, nm = out.tell(), name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), usize, len(nm), 0))
        out.write(nm + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), usize,
                                  len(nm), 0, 0, 0, 0, 0, offset) + nm)
    cd = central.getvalue()
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), out.tell(), 0)
    path.write_bytes(out.getvalue() + cd + end)
    return path


def deflated(data: bytes) -> tuple[bytes, int, int]:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return (c.compress(data) + c.flush(), zlib.crc32(data), len(data))


def bomb_member(size: int) -> tuple[bytes, int, int]:
    """(raw deflate, crc, size) of a worksheet of ``size`` bytes, mostly spaces: one 1 MB block
    compressed once and repeated (valid: each block starts with a reset history)."""
    head = f'<?xml version="1.0"?><worksheet xmlns="{NS_MAIN}"><sheetData>'.encode()
    tail = b"</sheetData></worksheet>"
    chunk = b" " * MB
    n = max(1, (size - len(head) - len(tail)) // MB)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    data = first + block * n + c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(n):
        crc = zlib.crc32(chunk, crc)
    return data, zlib.crc32(tail, crc), len(head) + n * MB + len(tail)


def bomb_book(folder: Path, name: str, size: int, declared: int | None = None) -> Path:
    """A book whose sheet1.xml expands to ``size`` bytes (``declared``: the size the zip states)."""
    base = members(plain_book(folder / f"_{name}_base.xlsx"))
    entries = []
    for part, data in base.items():
        if part == "xl/worksheets/sheet1.xml":
            raw, crc, usize = bomb_member(size)
            entries.append((part, raw, crc, declared or usize))
        else:
            entries.append((part, *deflated(data)))
    (folder / f"_{name}_base.xlsx").unlink()
    return raw_zip(folder / f"{name}.xlsx", entries)


def _sub(parts: dict, name: str, old: str, new: str) -> None:
    text = parts[name].decode()
    assert old in text, (name, old)
    parts[name] = text.replace(old, new, 1).encode()


def add_external_link(parts: dict, target: str, body: str | None = None) -> None:
    """Add ``xl/externalLinks/externalLink1.xml`` (an external book at ``target``, or ``body``)."""
    body = body or '<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook>'
    parts["xl/externalLinks/externalLink1.xml"] = (f'<?xml version="1.0"?><externalLink xmlns="{NS_MAIN}" '
                                                   f'xmlns:r="{NS_REL}">{body}</externalLink>').encode()
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        f'<?xml version="1.0"?><Relationships xmlns="{NS_PKG}"><Relationship Id="rId1" '
        f'Type="{NS_REL}/externalLinkPath" Target="{target}" TargetMode="External"/></Relationships>').encode()
    _sub(parts, "xl/_rels/workbook.xml.rels", "</Relationships>",
         f'<Relationship Id="rId99" Type="{NS_REL}/externalLink" Target="externalLinks/externalLink1.xml"/>'
         "</Relationships>")
    _sub(parts, "xl/workbook.xml", "</sheets>",
         '</sheets><externalReferences><externalReference r:id="rId99"/></externalReferences>')
    _sub(parts, "[Content_Types].xml", "</Types>",
         '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
         'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>')


# --------------------------------------------------------------------------- books: limits

XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)) + "]>")


def _decl_after(parts: dict, name: str, decl: str) -> None:
    text = parts[name].decode()
    at = text.index("?>") + 2 if text.startswith("<?xml") else 0
    parts[name] = (text[:at] + decl + text[at:]).encode()


def _corrupt_member(src: Path, dst: Path, member: str) -> Path:
    raw = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + info.compress_size // 3, start + info.compress_size // 3 + 8):
        raw[k] ^= 0x5A
    dst.write_bytes(bytes(raw))
    return dst


def limit_cases(d: Path) -> list[Case]:
    ok = plain_book(d / "ok.xlsx", {(0, 0): 1.0, (1, 0): ("text", "名称"), (2, 0): "=A1*2"})
    far = xlsxwriter.Workbook(str(d / "far_cell.xlsx"))
    far.add_worksheet().write(1048575, 16383, 1)
    far.close()
    wide = plain_book(d / "wide_row.xlsx", {(0, 16383): 1.0})
    sheet = "xl/worksheets/sheet1.xml"
    out = [Case("ok_book", ok, None, "xlsx"),
           Case("far_cell_XFD1048576", d / "far_cell.xlsx", "max_rows", "xlsx"),
           Case("far_cell_without_dimension", rewrite(d / "far_cell.xlsx", d / "far_nodim.xlsx", lambda p: _sub(
               p, sheet, '<dimension ref="XFD1048576"/>', "")), "IIECON_XLSX_MAX_ROWS", "xlsx"),
           Case("cell_at_XFD1", wide, "max_cols", "xlsx"),
           Case("extent_100k_by_1000", plain_book(d / "extent.xlsx", {(0, 0): 1, (99_998, 999): 1}), "max_area",
                "xlsx"),
           Case("many_cells", plain_book(d / "many.xlsx", {(r, 0): r for r in range(100)}), "max_cells", "xlsx",
                {"limits": Limits(max_cells=50)}),
           Case("total_size", ok, "max_total_bytes", "xlsx", {"limits": Limits(max_total_bytes=2000)}),
           Case("many_members", ok, "the number of zip members is", "xlsx", {"limits": Limits(max_members=5)}),
           Case("zip_bomb_1GB", bomb_book(d, "zip_bomb", int(1.1 * GB)), "max_part_bytes", "xlsx"),
           Case("zip_bomb_50MB_ratio", bomb_book(d, "zip_bomb_ratio", 50 * MB), "max_ratio", "xlsx"),
           Case("zip_bomb_lying_size", bomb_book(d, "zip_bomb_lying", 20 * MB, declared=1000), "corrupt", "xlsx"),
           Case("xxe_workbook", rewrite(ok, d / "xxe.xlsx", lambda p: _decl_after(p, "xl/workbook.xml", XXE)),
                "DOCTYPE", "xlsx"),
           Case("billion_laughs", rewrite(ok, d / "laughs.xlsx", lambda p: _decl_after(p, "xl/sharedStrings.xml",
                                                                                      LAUGHS)), "DOCTYPE", "xlsx"),
           Case("xxe_in_sheet", rewrite(ok, d / "xxe_sheet.xlsx", lambda p: _decl_after(p, sheet, XXE)), "DOCTYPE",
                "xlsx"),
           Case("corrupt_member", _corrupt_member(ok, d / "corrupt.xlsx", sheet), "corrupt", "xlsx"),
           Case("bad_xml", rewrite(ok, d / "bad_xml.xlsx", lambda p: p.update({sheet: b"<worksheet><sheetData><row>"
                                                                                      b"</sheetData>"})),
                "not well-formed", "xlsx"),
           Case("missing_workbook", rewrite(ok, d / "no_wb.xlsx", lambda p: p.pop("xl/workbook.xml")),
                "xl/workbook.xml is missing", "xlsx")]
    (d / "truncated.xlsx").write_bytes(ok.read_bytes()[: ok.stat().st_size // 2])
    (d / "text.xlsx").write_text("地区,2024年\n北京市,1\n", encoding="utf-8")
    (d / "ole.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    return out + [Case("truncated_zip", d / "truncated.xlsx", "truncated or corrupt", "xlsx"),
                  Case("not_a_zip", d / "text.xlsx", "not a zip", "xlsx"),
                  Case("ole_encrypted", d / "ole.xlsx", "password-protected", "xlsx")]


# --------------------------------------------------------------------------- books: external references

def _linked(d: Path, name: str, cells: dict, target: str, body: str | None = None, names=None) -> Path:
    base = plain_book(d / f"_{name}.xlsx", cells, names)
    out = rewrite(base, d / f"{name}.xlsx", lambda p: add_external_link(p, target, body))
    base.unlink()
    return out


def external_cases(d: Path) -> list[Case]:
    c = "external"
    return [
        Case("link_index", _linked(d, "ext_link", {(0, 0): "=[1]Sheet1!A1"}, "../somewhere/secret.xlsx"),
             "link:../somewhere/secret.xlsx", c, {"cell": ("Sheet1", "A1")}),
        Case("link_part_listed", d / "ext_link.xlsx", "part:../somewhere/secret.xlsx", c, {"cell": ("", "")}),
        Case("quoted_path", plain_book(d / "ext_quoted.xlsx", {(0, 0): "='../somewhere/[secret.xlsx]Sheet1'!A1"}),
             "path:../somewhere/[secret.xlsx]Sheet1", c, {"cell": ("Sheet1", "A1")}),
        Case("absolute_path", plain_book(d / "ext_abs.xlsx", {(2, 3): "='/etc/[passwd.xlsx]x'!A1+1"}),
             "path:/etc/[passwd.xlsx]x", c, {"cell": ("Sheet1", "D3")}),
        Case("windows_path", plain_book(d / "ext_win.xlsx", {(0, 0): "='C:\\secret\\[s.xlsx]Sheet1'!A1"}),
             "path:C:\\secret\\[s.xlsx]Sheet1", c, {"cell": ("Sheet1", "A1")}),
        Case("unquoted_file", plain_book(d / "ext_unq.xlsx", {(0, 0): "=[secret.xlsx]Sheet1!A1*2"}),
             "path:[secret.xlsx]Sheet1", c, {"cell": ("Sheet1", "A1")}),
        Case("dde_cmd", plain_book(d / "ext_dde.xlsx", {(0, 0): "=cmd|' /C calc'!A0"}), "dde:cmd|' /C calc'!A0", c,
             {"cell": ("Sheet1", "A1")}),
        Case("webservice", plain_book(d / "ext_web.xlsx", {(0, 0): '=WEBSERVICE("http://evil.example/x")'}),
             'function:WEBSERVICE("http://evil.example/x")', c, {"cell": ("Sheet1", "A1")}),
        Case("filterxml", plain_book(d / "ext_fx.xlsx", {(1, 0): '=FILTERXML(WEBSERVICE("http://e.example"),"//a")'}),
             "function:FILTERXML(WEBSERVICE(", c, {"cell": ("Sheet1", "A2")}),
        Case("hyperlink", plain_book(d / "ext_hl.xlsx", {(0, 0): '=HYPERLINK("http://e.example","click")'}),
             'function:HYPERLINK("http://e.example")', c, {"cell": ("Sheet1", "A1")}),
        Case("defined_name", _linked(d, "ext_name", {(0, 0): 1.0}, "../secret.xlsx",
                                     names={"secret": "=[1]Sheet1!$A$1"}),
             "link:../secret.xlsx", c, {"cell": ("", "name secret")}),
        Case("dde_link_part", _linked(d, "ext_ddepart", {(0, 0): 1.0}, "unused",
                                      body='<ddeLink ddeService="cmd" ddeTopic="/C calc"/>'),
             "dde:cmd|/C calc", c, {"cell": ("", "")}),
        Case("text_that_looks_like_a_formula", plain_book(d / "ext_text.xlsx", {
            (0, 0): ("text", '=WEBSERVICE("http://e.example")'), (1, 0): ("text", "+cmd|' /C calc'!A0")}),
             None, c, {"refs": 0}),
        Case("internal_references_only", plain_book(d / "ext_none.xlsx", {
            (0, 0): "=Sheet1!B1+'Sheet1'!B2", (1, 0): '="a|b"&"[1]"', (2, 0): "=SUM(B1:B3)*2"}),
             None, c, {"refs": 0}),
        Case("addin_call_is_not_a_reference", _linked(d, "ext_addin", {(0, 0): "=[1]!IIE_LEONTIEF(B1)"},
                                                      "C:\\addins\\iiecon-xl.xlam"),
             "part:iiecon-xl.xlam", c, {"cell": ("", ""), "addin": ("IIE_LEONTIEF",), "refs": 1}),
    ]


# --------------------------------------------------------------------------- NBS exports

PROVINCES = {"北京市": (49670.2, 47353.7, 45222.4), "天津市": (17931.3, 17211.8, 16588.5),
             "河北省": (47448.1, 45660.0, 43198.3)}


def province_export(indicator: str = "地区生产总值(亿元)", *, scale: float = 1.0, years=("2024年", "2023年", "2022年"),
                    extra: str = "", cell: str | None = None, delim: str = ",") -> str:
    """A provincial export; ``cell`` replaces 北京市's 2024 value; ``extra`` lines go above the table."""
    lines = ["数据库：分省年度数据", f"指标：{indicator}", "时间：最近3年", *([extra] if extra else []),
             delim.join(["地区", *years])]
    for k, (name, values) in enumerate(PROVINCES.items()):
        cells = [f"{v * scale:.1f}" for v in values]
        if k == 0 and cell is not None:
            cells[0] = cell
        lines.append(delim.join([name, *cells]))
    return "\n".join(lines + ["注：按当年价格计算。", "数据来源：国家统计局"]) + "\n"


def national_export(unit: str = "亿元", scale: float = 1.0) -> str:
    rows = {"第一产业增加值": (91413.9, 89169.1), "第二产业增加值": (492087.1, 475936.1),
            "第三产业增加值": (765582.5, 729166.5)}
    lines = ["数据库：年度数据", "指标,2024年,2023年"]
    lines += [f"{k}({unit}),{a * scale:.1f},{b * scale:.1f}" for k, (a, b) in rows.items()]
    return "\n".join(lines) + "\n"


def _file(d: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = d / name
    p.write_bytes(text.encode(encoding))
    return p


def export_cases(d: Path) -> list[Case]:
    e, prov = "export", {"call": "provinces", "unit": "亿元"}
    value = {**prov, "value": (110000, 2024, 49670.2)}
    return [
        Case("wanyuan_in_unit_line", _file(d, "wan_line.csv", province_export("地区生产总值", scale=1e4,
                                                                              extra="单位：万元")), None, e, value),
        Case("wanyuan_in_indicator", _file(d, "wan_ind.csv", province_export("地区生产总值(万元)", scale=1e4)), None,
             e, value),
        Case("wanyuan_national", _file(d, "wan_nat.csv", national_export("万元", 1e4)), None, e,
             {"call": "national", "unit": "亿元", "value": ("primary", 2024, 91413.9)}),
        Case("unknown_unit", _file(d, "usd.csv", province_export("地区生产总值(亿美元)")), "'亿美元' is not one of",
             e, prov),
        Case("no_unit", _file(d, "nounit.csv", province_export("地区生产总值")), "does not state its unit", e, prov),
        Case("two_units", _file(d, "two.csv", province_export(extra="单位：万元")), "states two units", e, prov),
        Case("huge_1e308", _file(d, "huge.csv", province_export(cell="1e308")),
             "row '北京市', year 2024: 1e+308 亿元 is outside the plausible range", e, prov),
        Case("overflow_1e999", _file(d, "overflow.csv", province_export(cell="1e999")),
             "'1e999' is not a finite number (line 5 of overflow.csv)", e, prov),
        Case("text_inf", _file(d, "inf.csv", province_export(cell="inf")), "'inf' is not a finite number", e, prov),
        Case("negative_gdp", _file(d, "neg.csv", province_export(cell="-5")), "year 2024: -5 亿元 is outside", e,
             prov),
        Case("wanyuan_labelled_yiyuan", _file(d, "mislabel.csv", province_export(scale=1e4)),
             "outside the plausible range of 地区生产总值", e, prov),
        Case("mislabelled_national", _file(d, "mislabel_nat.csv", national_export("亿元", 1e4)),
             "outside the plausible range of 增加值", e, {"call": "national"}),
        Case("header_2018年", _file(d, "nian.csv", province_export(years=("2018年", "2017年", "2016"))), None, e,
             {**prov, "value": (110000, 2018, 49670.2)}),
        Case("duplicated_year", _file(d, "dup.csv", province_export(years=("2024年", "2023年", "2024"))),
             "year 2024 appears twice in the header row: column 2 ('2024年') and column 4 ('2024')", e, prov),
        Case("duplicated_year_down", _file(d, "dup_down.csv", "时间,第一产业增加值(亿元)\n2024年,1\n2023年,2\n2024,3\n"),
             "year 2024 appears twice in the first column (lines 2 and 4)", e, {"call": "read"}),
        Case("text_in_values", _file(d, "abc.csv", province_export(cell="abc")), "'abc' is not a number", e, prov),
        Case("gbk", _file(d, "gbk.csv", province_export(), "gbk"), None, e, value),
        Case("utf16", _file(d, "utf16.csv", province_export(), "utf-16"), None, e, value),
        Case("tab_delimited", _file(d, "tab.csv", province_export(delim="\t")), None, e, value),
        Case("semicolon_delimited", _file(d, "semi.csv", province_export(delim=";")), None, e, value),
        Case("empty_file", _file(d, "empty.csv", ""), "no header row of years", e, {"call": "read"}),
        Case("export_xlsx_far_cell", d / "far_cell.xlsx", "max_rows", e, {"call": "read"}),
        Case("io_table_xlsx_far_cell", d / "far_cell.xlsx", "max_rows", e, {"call": "io"}),
        Case("io_table_zip_bomb", d / "zip_bomb.xlsx", "max_part_bytes", e, {"call": "io"}),
        Case("export_xxe", d / "xxe.xlsx", "DOCTYPE", e, {"call": "read"}),
    ]


# --------------------------------------------------------------------------- CSV output and output paths

HOSTILE_NAMES = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3",
                 '=WEBSERVICE("http://evil.example")', "\tindent", "\rreturn", "普通名称", "-3", "+1.5e3"]


def csv_cases(d: Path) -> list[Case]:
    src = d / "names.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["name", "value"]] + [[n, k] for k, n in enumerate(HOSTILE_NAMES)])
    return [Case("formula_injection_names", src, None, "csv", {"names": HOSTILE_NAMES})]


def output_cases(d: Path) -> list[Case]:
    o = "output"
    book = plain_book(d / "input_book.xlsx")
    os.link(book, d / "hardlink.xlsx")
    os.symlink(book, d / "symlink.xlsx")
    (d / "sub").mkdir()
    (d / "report_full").mkdir()
    (d / "report_full" / "old.csv").write_text("x\n")
    (d / "report_empty").mkdir()
    (d / "holder").mkdir()
    inner = plain_book(d / "holder" / "book.xlsx")
    return [Case("hard_link_to_input", d / "hardlink.xlsx", "is the input", o, {"inputs": [book]}),
            Case("symlink_to_input", d / "symlink.xlsx", "is the input", o, {"inputs": [book]}),
            Case("dotdot_to_input", d / "sub" / ".." / "input_book.xlsx", "is the input", o, {"inputs": [book]}),
            Case("directory_as_file", d / "sub", "is a folder", o, {"inputs": [book]}),
            Case("missing_parent", d / "nowhere" / "out.xlsx", "does not exist", o, {"inputs": [book]}),
            Case("new_file", d / "new.xlsx", None, o, {"inputs": [book]}),
            Case("existing_file_as_folder", book, "is an existing file", o, {"inputs": [], "kind": "folder"}),
            Case("non_empty_folder", d / "report_full", "is not empty", o, {"inputs": [book], "kind": "folder"}),
            Case("non_empty_folder_forced", d / "report_full", None, o,
                 {"inputs": [book], "kind": "folder", "force": True}),
            Case("empty_folder", d / "report_empty", None, o, {"inputs": [book], "kind": "folder"}),
            Case("folder_holding_input", d / "holder", "holds the input", o,
                 {"inputs": [inner], "kind": "folder", "force": True}),
            Case("folder_is_input_folder", d / "holder", "is the input", o,
                 {"inputs": [d / "holder"], "kind": "folder", "force": True})]


# --------------------------------------------------------------------------- input folders (report --inputs)

#: Names from a hostile sender: they must reach the report as text (CSV escaped, xlsx strings).
HOSTILE_SECTOR = '=HYPERLINK("http://evil.example","x")'
HOSTILE_CITY = "+cmd|' /C calc'!A0"


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write_rows(path: Path, rows, *, delimiter: str = ",", encoding: str = "utf-8") -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def _set(folder: Path, name: str, line: int, col: int, value: str) -> None:
    """Cell (line, column), both 1-based as a message names them, of ``folder/name`` set to ``value``."""
    rows = _rows(folder / name)
    rows[line - 1][col - 1] = value
    _write_rows(folder / name, rows)


def _edit_text(folder: Path, name: str, old: str, new: str) -> None:
    p = folder / name
    text = p.read_text(encoding="utf-8")
    assert old in text, (name, old)
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def _every_csv(folder: Path, **how) -> None:
    for p in sorted(folder.glob("*.csv")):
        _write_rows(p, _rows(p), **how)


def _folder(d: Path, base: Path, name: str, edit) -> Path:
    out = d / name
    shutil.copytree(base, out)
    edit(out)
    return out


def _hostile_names(f: Path) -> None:
    _set(f, "io_sectors.csv", 2, 2, HOSTILE_SECTOR)     # sector 001's Chinese name
    _edit_text(f, "city_gdp.csv", "\n天津,", f"\n{HOSTILE_CITY},")


def _json_line(folder: Path, key: str) -> int:
    """The line of ``parameters.json`` in ``folder`` where ``key`` stands (what the message must name)."""
    lines = (Path(folder) / "parameters.json").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if f'"{key}"' in line)


def input_folder_cases(d: Path, base: Path) -> list[Case]:
    """Broken and hostile copies of the inputs folder ``base`` (the demo's), for ``report --inputs``.

    ``expected`` is a substring of the one-line error (exit status 2); ``None``: the folder is read,
    with ``options["same"]``: as the same inputs as ``base`` (another encoding, delimiter or header
    spelling), ``options["names"]``: the hostile names must come out as text."""
    k = "inputs"
    cases_ = [
        ("gbk_files", lambda f: _every_csv(f, encoding="gbk"), None, {"same": True}),
        ("utf16_files", lambda f: _every_csv(f, encoding="utf-16"), None, {"same": True}),
        ("utf16_tab_unicode_text", lambda f: _every_csv(f, encoding="utf-16", delimiter="\t"), None, {"same": True}),
        ("utf8_bom", lambda f: _every_csv(f, encoding="utf-8-sig"), None, {"same": True}),
        ("semicolon_delimited", lambda f: _every_csv(f, delimiter=";"), None, {"same": True}),
        ("tab_delimited", lambda f: _every_csv(f, delimiter="\t"), None, {"same": True}),
        ("header_2018年", lambda f: (_edit_text(f, "section_va.csv", ",2018,", ",2018年,"),
                                    _edit_text(f, "macro.csv", "\n2010,", "\n2010年,")), None, {"same": True}),
        ("hostile_names", _hostile_names, None, {"names": True}),
        ("missing_column", lambda f: _write_rows(f / "io_sectors.csv", [r[:-1] for r in _rows(f / "io_sectors.csv")]),
         "io_sectors.csv: missing column(s) total_output", {}),
        ("missing_file", lambda f: (f / "macro.csv").unlink(), "macro.csv: file not found", {}),
        ("text_in_flows", lambda f: _set(f, "io_flows.csv", 5, 5, "abc"),
         "io_flows.csv: line 5, column '004' (cell E5): 'abc' is not a number", {}),
        ("blank_in_flows", lambda f: _set(f, "io_flows.csv", 3, 2, ""),
         "io_flows.csv: line 3, column '001' (cell B3) is empty", {}),
        ("empty_file", lambda f: (f / "city_gdp.csv").write_bytes(b""), "city_gdp.csv: the file is empty", {}),
        ("undecodable_file", lambda f: (f / "macro.csv").write_bytes(b"year,Y,K,L\n2007,\xff\xfe\xff,1,1\n"),
         "macro.csv: cannot decode the file as UTF-8 or GBK", {}),
        ("row_longer_than_header", lambda f: _edit_text(f, "macro.csv", "\n2010,118423.4,", "\n2010,1,118423.4,"),
         "macro.csv: line 5 has 5 cells but the header has 4", {}),
        ("malformed_parameters_json", lambda f: _edit_text(f, "parameters.json", '"denominator"', "denominator"),
         "parameters.json: not valid JSON: Expecting property name enclosed in double quotes (line 11, column 5)", {}),
        ("parameters_json_nan", lambda f: _edit_text(f, "parameters.json", '"city_index_N": 25.0', '"city_index_N": NaN'),
         "parameters.json: NaN is not a number", {}),
        ("parameters_json_wrong_kind", lambda f: _edit_text(f, "parameters.json", '"top_n": [', '"top_n": ["10",'),
         f"parameters.json: parameters.top_n (line {_json_line(base, 'top_n')}): must be a list of positive whole "
         "numbers", {}),
        ("parameters_json_unknown_key", lambda f: _edit_text(f, "parameters.json", '"io_unit"', '"io_units"'),
         "parameters.json: unknown key(s) io_units (line 2)", {}),
        ("parameters_json_not_an_object", lambda f: (f / "parameters.json").write_text("[1, 2]\n"),
         "parameters.json: must hold one JSON object", {}),
        ("duplicated_year", lambda f: _edit_text(f, "section_va.csv", ",2019,", ",2018,"),
         "section_va.csv: year 2018 appears twice in the header line: column 3 ('2018') and column 4 ('2018')", {}),
        ("duplicated_year_spelled_twice", lambda f: _edit_text(f, "section_va.csv", ",2019,", ",2018年,"),
         "column 3 ('2018') and column 4 ('2018年')", {}),
        ("duplicated_year_rows", lambda f: _edit_text(f, "macro.csv", "\n2010,", "\n2009,"),
         "macro.csv: year 2009 appears twice (lines 4 and 5)", {}),
        ("duplicated_sector_rows", lambda f: _set(f, "io_flows.csv", 6, 1, "004"),
         "io_flows.csv: code 004 appears twice (lines 5 and 6)", {}),
        ("overflowing_text_number", lambda f: _set(f, "macro.csv", 3, 2, "1e999"),
         "macro.csv: line 3, column 'Y' (cell B3): '1e999' is not a finite number", {}),
        ("text_inf", lambda f: _set(f, "national_gdp.csv", 2, 3, "inf"),
         "national_gdp.csv: line 2, column 'secondary' (cell C2): 'inf' is not a finite number", {}),
        ("text_nan", lambda f: _set(f, "city_gdp.csv", 2, 3, "NaN"),
         "'NaN' is not a number (leave the cell empty for a missing value)", {}),
        ("negative_output", lambda f: _set(f, "io_sectors.csv", 2, 5, "-18015.139"),
         "io.X: 1 negative value(s)", {}),
        ("zero_output_that_buys", lambda f: _set(f, "io_sectors.csv", 2, 5, "0"),
         "io.X: sector 1 has zero output but buys inputs in io.Z (column 1)", {}),
        ("intermediate_above_output", lambda f: _set(f, "io_sectors.csv", 2, 5, "1"),
         "io.X: sector 1: total output 1 is below its intermediate input", {}),
        ("negative_flow", lambda f: _set(f, "io_flows.csv", 3, 3, "-5"), "io.Z: 1 negative value(s)", {}),
    ]
    return [Case(name, _folder(d, base, name, edit), expected, k, opts) for name, edit, expected, opts in cases_]


def cases(folder) -> list[Case]:
    """Write every crafted input into ``folder`` (created) and return the cases."""
    d = Path(folder)
    d.mkdir(parents=True, exist_ok=True)
    return limit_cases(d) + external_cases(d) + export_cases(d) + csv_cases(d) + output_cases(d)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/make_hostile_inputs.py DIR")
    from iiecon_xl.demo import DEMO_FOLDER

    folder = Path(sys.argv[1])
    for case in cases(folder) + input_folder_cases(folder / "inputs", DEMO_FOLDER):
        print(f"{case.kind:9} {case.name:34} {case.expected or 'accepted'}")
