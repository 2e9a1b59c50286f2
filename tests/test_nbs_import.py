"""NBS importers (the package iiecon_xl.nbs): IO tables in the CSV and the NBS Excel layout, NBS data exports.

Real data comes from ../shared/data (see its README); those tests skip when it is absent. No real
NBS .xlsx is available, so :class:`Table.to_nbs_xlsx` below renders a table (the real CSV tables,
or a small synthetic one) into the shape of the official NBS workbooks: a title row, a unit row,
merged multi-row Chinese headers (投入\\产出, 中间使用 / sector names, 最终使用 → 最终消费支出 →
居民消费支出 → 农村/城镇/小计 …, 进口, 总产出), a row of numeric sector codes without leading
zeros, the code and the Chinese name in the first two columns, then the rows 中间投入合计 … 总投入.
The generator does not use the module under test.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import load_nbs_io, require_shared_data
from iiecon_xl import nbs, reference, units
from iiecon_xl.errors import IIEInputError
from iiecon_xl.model import SECTIONS

ROW_KEYS = ["TII", "VA001", "VA002", "VA003", "VA004", "TVA", "TI"]
ROW_ZH = {"TII": "中间投入合计", "VA001": "劳动者报酬", "VA002": "生产税净额", "VA003": "固定资产折旧",
          "VA004": "营业盈余", "TVA": "增加值合计", "TI": "总投入"}
COL_KEYS = ["TIU", "FU101", "FU102", "THC", "FU103", "TC", "FU201", "FU202", "GCF", "EX", "TFU", "IM", "GO"]
REAL = {"2017_149": 149, "2018_153": 153, "2020_153": 153}


# =========================================================================== a table and its renderings
def _r(v) -> str:
    return repr(float(v))


def _merger(ws, head):
    """merge(r0, c0, r1, c1, text): a merged header range (a single cell is written plainly)."""
    def merge(r0, c0_, r1, c1, text):
        if (r0, c0_) == (r1, c1):
            ws.write(r0, c0_, text, head)
        else:
            ws.merge_range(r0, c0_, r1, c1, text, head)
    return merge


def _code_cell(code: int, code_style: str):
    """A sector code as the NBS workbooks write it: 1 ("int"), "01" ("str2") or "001" ("str3")."""
    return code if code_style == "int" else f"{code:02d}" if code_style == "str2" else f"{code:03d}"


def _final_use_headers(ws, head, merge, cc, H0):
    """最终使用 → 最终消费支出 → 居民消费支出 → 农村/城镇/小计, 政府消费支出, 合计; 资本形成总额 → …; 出口; 最终使用合计."""
    merge(H0, cc["FU101"], H0, cc["TFU"], "最终使用")
    merge(H0 + 1, cc["FU101"], H0 + 1, cc["TC"], "最终消费支出")
    merge(H0 + 2, cc["FU101"], H0 + 2, cc["THC"], "居民消费支出")
    ws.write(H0 + 3, cc["FU101"], "农村居民消费支出", head)
    ws.write(H0 + 3, cc["FU102"], "城镇居民消费支出", head)
    ws.write(H0 + 3, cc["THC"], "小计", head)
    merge(H0 + 2, cc["FU103"], H0 + 3, cc["FU103"], "政府消费支出")
    merge(H0 + 2, cc["TC"], H0 + 3, cc["TC"], "合计")
    merge(H0 + 1, cc["FU201"], H0 + 1, cc["GCF"], "资本形成总额")
    merge(H0 + 2, cc["FU201"], H0 + 3, cc["FU201"], "固定资本形成总额")
    merge(H0 + 2, cc["FU202"], H0 + 3, cc["FU202"], "存货变动")
    merge(H0 + 2, cc["GCF"], H0 + 3, cc["GCF"], "合计")
    merge(H0 + 1, cc["EX"], H0 + 3, cc["EX"], "出口")
    merge(H0 + 1, cc["TFU"], H0 + 3, cc["TFU"], "最终使用合计")


@dataclass
class Table:
    codes: list[str]
    names: list[str]
    Z: np.ndarray
    rows: dict[str, np.ndarray]            # TII, VA001…VA004, TVA, TI
    cols: dict[str, np.ndarray]            # TIU, FU101, …, IM, GO
    names_en: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.codes)

    # ---------------------------------------------------------------- CSV layout
    def to_csv(self, path: Path, *, encoding: str = "utf-8") -> Path:
        cols = [k for k in COL_KEYS if k in self.cols]
        with open(path, "w", newline="", encoding=encoding) as fh:
            w = csv.writer(fh)
            w.writerow(["Code", "Description", "DescriptionInChinese", *self.codes, *cols])
            en = self.names_en or [""] * self.n
            for i, c in enumerate(self.codes):
                w.writerow([c, en[i], self.names[i], *map(_r, self.Z[i]), *(_r(self.cols[k][i]) for k in cols)])
            for k in ROW_KEYS:
                if k in self.rows:
                    w.writerow([k, "", ROW_ZH[k], *map(_r, self.rows[k]), *[""] * len(cols)])
        return path

    # ---------------------------------------------------------------- NBS Excel layout
    def to_nbs_xlsx(self, path: Path, *, title: str, unit_line: str | None = "单位：万元", swap: bool = False,
                    code_style: str = "int", empty_col: bool = False, footnote: bool = False,
                    letter_codes: bool = False, text_numbers: bool = False, junk: tuple | None = None,
                    blanks_for_zero: bool = True, compact: bool = False, code_row: bool = True,
                    intro_sheet: bool = False) -> Path:
        """Render in the NBS workbook shape. code_style: "int" (1, 2, …), "str2" ("01"), "str3" ("001").
        swap: name in column A, code in B. empty_col: an empty column between the names and the flows.
        footnote: a blank row and 来源：国家统计局 after 总投入. text_numbers: every 7th flow as text with
        thousands separators. junk: (i, j, text) written into the flow block. compact: two header rows
        (names and leaf labels, then codes) instead of four plus codes. code_row=False: no codes across
        (the sector names across must do). intro_sheet: a 说明 sheet before the table."""
        n = self.n
        wb = xlsxwriter.Workbook(str(path))
        if intro_sheet:
            intro = wb.add_worksheet("说明")
            intro.write(0, 0, "本表根据国家统计局发布的投入产出表整理。")
            intro.write(1, 0, 1)
            intro.write(2, 0, 2)
        ws = wb.add_worksheet("149部门" if n == 149 else "Sheet1")
        head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True})
        cols = [k for k in COL_KEYS if k in self.cols]
        c_code, c_name = (1, 0) if swap else (0, 1)
        c0 = 3 if empty_col else 2                 # first flow column
        cc = {k: c0 + n + i for i, k in enumerate(cols)}
        merge = _merger(ws, head)
        merge(0, 0, 0, c0 + n + len(cols) - 1, title)
        if unit_line:
            ws.write(1, 0, unit_line)
        if compact:
            R0 = self._compact_headers(ws, head, c0, cc)
        else:
            R0 = self._full_headers(ws, head, merge, c_code, c_name, c0, cc, code_style, code_row, letter_codes)
        return self._body(wb, ws, cc, c_code, c_name, c0, R0, code_style, footnote, letter_codes, text_numbers,
                          junk, blanks_for_zero)

    def _compact_headers(self, ws, head, c0, cc) -> int:
        """Two header rows: the sector names and leaf labels (row 2), the codes (row 3); data from row 4."""
        H0, CODE_ROW = 2, 3
        ws.write(H0, 0, "投入\\产出", head)
        leaf = {"TIU": "中间使用合计", "FU101": "农村居民消费支出", "FU102": "城镇居民消费支出",
                "THC": "居民消费支出", "FU103": "政府消费支出", "TC": "最终消费支出", "FU201": "固定资本形成总额",
                "FU202": "存货变动", "GCF": "资本形成总额", "EX": "出口", "TFU": "最终使用合计", "IM": "进口",
                "GO": "总产出"}
        for j, name in enumerate(self.names):
            ws.write(H0, c0 + j, name, head)
            ws.write(CODE_ROW, c0 + j, j + 1)
        for k, c in cc.items():
            ws.write(H0, c, leaf[k], head)
        return CODE_ROW + 1

    def _full_headers(self, ws, head, merge, c_code, c_name, c0, cc, code_style, code_row, letter_codes) -> int:
        """Merged header rows 2–5 (中间使用 / sector names, 最终使用 → … , 进口, 总产出), the code row 6;
        data from row 7."""
        H0, CODE_ROW = 2, 6
        n = self.n
        merge(H0, 0, H0 + 3, 1, "投入\\产出")
        ws.write(CODE_ROW, c_code, "代码", head)
        ws.write(CODE_ROW, c_name, "部门名称", head)
        merge(H0, c0, H0, c0 + n, "中间使用")
        for j, name in enumerate(self.names):
            merge(H0 + 1, c0 + j, H0 + 3, c0 + j, name)
            if code_row:
                ws.write(CODE_ROW, c0 + j, _code_cell(j + 1, code_style))
        merge(H0 + 1, cc["TIU"], H0 + 3, cc["TIU"], "中间使用合计")
        if "FU101" in cc:
            _final_use_headers(ws, head, merge, cc, H0)
        merge(H0, cc["IM"], H0 + 3, cc["IM"], "进口")
        merge(H0, cc["GO"], H0 + 3, cc["GO"], "总产出")
        if letter_codes:
            for k, c in cc.items():
                ws.write(CODE_ROW, c, k)
        return CODE_ROW + 1

    def _body(self, wb, ws, cc, c_code, c_name, c0, R0, code_style, footnote, letter_codes, text_numbers, junk,
              blanks_for_zero):
        n = self.n
        cols = list(cc)

        def num(r, c, v, k=0):
            if blanks_for_zero and v == 0:
                return
            if text_numbers and k % 7 == 3:
                ws.write_string(r, c, f"{v:,.10f}".rstrip("0").rstrip("."))
            else:
                ws.write_number(r, c, float(v))

        for i in range(n):
            r = R0 + i
            code = i + 1
            ws.write(r, c_code, _code_cell(code, code_style))
            ws.write(r, c_name, self.names[i])
            for j in range(n):
                num(r, c0 + j, self.Z[i, j], i * n + j)
            for k in cols:
                num(r, cc[k], self.cols[k][i])
        if junk is not None:
            i, j, text = junk
            ws.write_string(R0 + i, c0 + j, text)
        r = R0 + n
        for k in ROW_KEYS:
            if k not in self.rows:
                continue
            ws.write(r, c_name, ROW_ZH[k])
            if letter_codes:
                ws.write(r, c_code, k)
            for j in range(n):
                num(r, c0 + j, self.rows[k][j])
            r += 1
        if footnote:
            ws.write(r + 1, 0, "来源：国家统计局")
        wb.close()
        return Path(wb.filename)


def table_from_csv(path) -> Table:
    """A table of ../shared/data/io read with pandas (independently of the module under test)."""
    df = pd.read_csv(path, dtype={"Code": str}).set_index("Code")
    codes = [c for c in df.columns if c.isdigit()]
    d = df.loc[codes]
    return Table(codes=codes, names=d["DescriptionInChinese"].tolist(), names_en=d["Description"].tolist(),
                 Z=d[codes].to_numpy(float),
                 rows={k: df.loc[k, codes].to_numpy(float) for k in ROW_KEYS},
                 cols={k: d[k].to_numpy(float) for k in COL_KEYS if k in d.columns})


SYN_NAMES = ["农产品", "煤炭开采和洗选产品", "电力，热力 生产和供应", "批发", "软件服务"]
SYN_SECTIONS = ["A", "B", "D", "F", "I"]


def synthetic(names=SYN_NAMES) -> Table:
    """A 5-sector table in whole 万元 whose identities hold exactly."""
    n = len(names)
    X = np.array([10000, 8000, 12000, 9000, 6000], float)[:n]
    rng = np.random.default_rng(7)
    Z = np.floor(rng.uniform(0, 1, (n, n)) * X / n * 0.8)
    Z[0, 3] = 0.0                                      # a blank cell
    tii = Z.sum(axis=0)
    tva = X - tii
    va1, va2, va3 = np.round(0.5 * tva), np.round(0.1 * tva), np.round(0.15 * tva)
    tiu = Z.sum(axis=1)
    im = np.array([500, 800, 0, 100, 300], float)[:n]
    tfu = X - tiu + im
    f101, f102, f103 = np.round(0.1 * tfu), np.round(0.2 * tfu), np.round(0.1 * tfu)
    f201, f202 = np.round(0.2 * tfu), np.round(0.05 * tfu)
    thc, gcf = f101 + f102, f201 + f202
    tc = thc + f103
    ex = tfu - tc - gcf
    return Table(codes=[f"{i + 1:03d}" for i in range(n)], names=list(names), Z=Z,
                 rows={"TII": tii, "VA001": va1, "VA002": va2, "VA003": va3, "VA004": tva - va1 - va2 - va3,
                       "TVA": tva, "TI": X},
                 cols={"TIU": tiu, "FU101": f101, "FU102": f102, "THC": thc, "FU103": f103, "TC": tc,
                       "FU201": f201, "FU202": f202, "GCF": gcf, "EX": ex, "TFU": tfu, "IM": im, "GO": X})


def rel_close(a, b, rtol=1e-9):
    a, b = np.asarray(a, float), np.asarray(b, float)
    np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol * max(1.0, float(np.abs(b).max())))


def assert_same_import(got: nbs.ImportedIO, want: nbs.ImportedIO, rtol=1e-9):
    assert got.io.codes == want.io.codes
    pd.testing.assert_frame_equal(got.io.sectors, want.io.sectors)
    rel_close(got.io.Z, want.io.Z, rtol)
    rel_close(got.io.X, want.io.X, rtol)
    rel_close(got.io.V, want.io.V, rtol)
    assert list(got.final_use.columns) == list(want.final_use.columns)
    rel_close(got.final_use, want.final_use, rtol)
    assert list(got.value_added_rows.columns) == list(want.value_added_rows.columns)
    rel_close(got.value_added_rows, want.value_added_rows, rtol)
    assert got.table == want.table
    assert got.io.unit == want.io.unit


def rewrite_csv(src: Path, dst: Path, edit) -> Path:
    """Copy a CSV into tmp_path with edit(rows) applied (rows: list of lists, header first)."""
    with open(src, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with open(dst, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return dst


def set_cell(rows, row_code, col_code, value):
    header = rows[0]
    j = header.index(col_code)
    for row in rows[1:]:
        if row[0] == row_code:
            row[j] = value
            return
    raise KeyError(row_code)


# =========================================================================== real tables, CSV layout
@pytest.fixture(scope="module")
def real_csv():
    """{key: ImportedIO} of the three real tables in the CSV layout."""
    out = {}
    for key in REAL:
        out[key] = nbs.read_io_table(require_shared_data("io", f"nbs_io_{key}.csv"))
    return out


@pytest.mark.parametrize("key", list(REAL))
def test_real_csv_tables(real_csv, key):
    imp = real_csv[key]
    n = REAL[key]
    io = imp.io
    assert imp.layout == "csv"
    assert imp.table == key
    assert io.unit == "万元"
    assert len(io.codes) == n and io.codes == [f"{i:03d}" for i in range(1, n + 1)]
    ref = reference.sectors(key)
    assert list(io.sectors.index) == list(ref.index)
    assert (io.sectors["name_zh"] == ref["name_zh"]).all()
    assert io.sectors["section"].isin(SECTIONS).all() and (io.sectors["section"] == ref["section"]).all()
    # the identities hold (the README's checks, and the subtotals)
    for name in ("TI = TII + TVA", "TII = column sums of Z", "TI = GO", "TVA = ΣVA", "TIU = row sums of Z",
                 "GO = TIU + TFU − IM", "TFU = TC + GCF + EX"):
        assert imp.checks[name] < 1e-9, name
    # the values are the file's (conftest's independent loader)
    t = load_nbs_io(require_shared_data("io", f"nbs_io_{key}.csv"))
    rel_close(io.Z, t.Z, 1e-12)
    rel_close(io.X, t.X, 1e-12)
    rel_close(io.V, t.V, 1e-12)
    assert list(imp.final_use.columns) == COL_KEYS
    assert list(imp.value_added_rows.columns) == ["VA001", "VA002", "VA003", "VA004", "TVA"]
    assert imp.labels["FU101"] == "农村居民消费支出" and imp.labels["TVA"] == "增加值合计"
    assert imp.imported_Z is None


def test_real_2017_value_added_and_english_names(real_csv):
    imp = real_csv["2017_149"]
    total_yi = imp.io.V.sum() * units.factor("万元", "亿元")
    assert total_yi == pytest.approx(823215.7, abs=0.05)          # README: Σ TVA(2017) = 823,215.7 亿元
    # the file's English names of rows 105/106 are shifted; the shipped ones are used
    assert imp.io.sectors.at["105", "name_en"] == "Wholesale trade"
    assert imp.io.sectors.at["106", "name_en"] == "Retail trade"
    assert imp.io.sectors.at["105", "name_zh"] == "批发"
    assert any("English names taken from the shipped list 2017_149" in n for n in imp.notes)


def test_real_2018_and_2020_share_a_list_and_are_told_apart_by_year(real_csv, tmp_path):
    assert real_csv["2018_153"].table == "2018_153"
    assert real_csv["2020_153"].table == "2020_153"
    src = require_shared_data("io", "nbs_io_2020_153.csv")
    anon = tmp_path / "table.csv"
    anon.write_bytes(src.read_bytes())
    imp = nbs.read_io_table(anon)
    assert imp.table in ("2018_153", "2020_153")
    assert any("identical" in n for n in imp.notes)


# =========================================================================== real tables, NBS Excel shape
@pytest.fixture(scope="module")
def real_xlsx(tmp_path_factory):
    """{key: path} of the three real tables rendered into the NBS workbook shape."""
    folder = tmp_path_factory.mktemp("nbs_xlsx")
    out = {}
    for key, n in REAL.items():
        t = table_from_csv(require_shared_data("io", f"nbs_io_{key}.csv"))
        year = key[:4]
        out[key] = t.to_nbs_xlsx(folder / f"{year}年全国投入产出表.xlsx", title=f"{year}年全国投入产出表（{n}部门）")
    return out


@pytest.mark.parametrize("key", list(REAL))
def test_real_tables_in_nbs_excel_shape_read_back_equal(real_csv, real_xlsx, key):
    imp = nbs.read_io_table(real_xlsx[key])
    assert imp.layout == "nbs-excel"
    assert imp.title.startswith(key[:4] + "年全国投入产出表")
    assert imp.io.unit == "万元"
    assert_same_import(imp, real_csv[key])
    assert imp.checks["TI = TII + TVA"] < 1e-9
    # nothing was skipped: the only notes say where the table was found
    assert not [n for n in imp.notes if "not understood" in n or "skipped" in n], imp.notes


def test_real_table_variant_swapped_two_digit_codes_footnote_and_empty_column(real_csv, tmp_path):
    t = table_from_csv(require_shared_data("io", "nbs_io_2017_149.csv"))
    p = t.to_nbs_xlsx(tmp_path / "v.xlsx", title="2017年全国投入产出表（149部门）", swap=True, code_style="str2",
                      empty_col=True, footnote=True)
    imp = nbs.read_io_table(p)
    assert_same_import(imp, real_csv["2017_149"])
    assert any(n == "column C is empty; skipped" for n in imp.notes), imp.notes
    assert any("footnote '来源：国家统计局' ignored" in n for n in imp.notes), imp.notes


# =========================================================================== the 42-sector table
SECTIONS_42 = dict(zip(range(1, 43), "A B B B B C C C C C C C C C C C C C C C C C C D D D E F G H I J K L M M N O P Q R S"
                                      .split()))


def test_42_sector_table_needs_sections():
    path = require_shared_data("io", "nbs_io_2017_42.csv")
    with pytest.raises(IIEInputError) as e:
        nbs.read_io_table(path)
    msg = str(e.value)
    assert e.value.argument == "sections"
    assert "001 农林牧渔产品和服务" in msg and "028 批发和零售" in msg and "sections={code: letter}" in msg
    assert "003 石油和天然气开采产品" not in msg          # known to the shipped lists by name


def test_42_sector_table_with_sections():
    path = require_shared_data("io", "nbs_io_2017_42.csv")
    imp = nbs.read_io_table(path, sections=SECTIONS_42)
    io = imp.io
    assert imp.table == "" and len(io.codes) == 42 and io.codes[0] == "001" and io.codes[-1] == "042"
    assert io.sectors.at["028", "section"] == "F" and io.sectors.at["031", "section"] == "I"
    # non-competitive-import table: Z = domestic + imported flows, so TII = column sums of Z
    assert imp.imported_Z is not None
    assert imp.checks["TII = column sums of Z"] < 1e-9
    assert imp.checks["TI = TII + TVA"] < 1e-9
    assert imp.checks["TI = GO"] < 1e-9
    assert any("non-competitive" in n for n in imp.notes)
    assert io.V.sum() * units.factor("万元", "亿元") == pytest.approx(823215.7, abs=0.05)
    df = pd.read_csv(path, dtype={"Code": str})
    dom = df[df["Origin"] == "Domestic"]
    np.testing.assert_allclose(io.Z.to_numpy() - imp.imported_Z.to_numpy(), dom[[f"{i:02d}" for i in range(1, 43)]]
                               .to_numpy(float))
    # a sections key that is not in the table, and a letter that is no section
    with pytest.raises(IIEInputError, match=r"^sections: sector code\(s\) 77 are not in the table"):
        nbs.read_io_table(path, sections={**SECTIONS_42, 77: "A"})
    with pytest.raises(IIEInputError, match=r"^sections: not a section letter A–S: 1: 'T'"):
        nbs.read_io_table(path, sections={**SECTIONS_42, 1: "T"})


# =========================================================================== planted faults, real table
def test_junk_text_in_flows_names_row_and_column(tmp_path):
    src = require_shared_data("io", "nbs_io_2017_149.csv")
    p = rewrite_csv(src, tmp_path / "junk.csv", lambda rows: set_cell(rows, "105", "012", "n/a"))
    with pytest.raises(IIEInputError) as e:
        nbs.read_io_table(p)
    assert e.value.argument == "FILE"
    assert "row 105 (批发), column 012: 'n/a' is not a number (line 106 of junk.csv)" in str(e.value)


def test_broken_total_input_names_the_sector(tmp_path):
    src = require_shared_data("io", "nbs_io_2017_149.csv")
    t = load_nbs_io(src)
    ti = t.X[11]

    def edit(rows):
        set_cell(rows, "TI", "012", repr(float(ti + 1e6)))

    p = rewrite_csv(src, tmp_path / "ti.csv", edit)
    with pytest.raises(IIEInputError) as e:
        nbs.read_io_table(p)
    msg = str(e.value)
    assert msg.startswith("FILE: TI: sector 012 (")
    assert f"total input {ti + 1e6:,.0f} ≠ intermediate {t.M[11]:,.0f} + value added {t.V[11]:,.0f}" in msg
    assert "TI = GO: sector 012" in msg and "(column GO)" in msg
    assert "strict=False" in msg
    imp = nbs.read_io_table(p, strict=False)
    assert imp.checks["TI = TII + TVA"] > 1e-6
    assert any(n.startswith("TI: sector 012") for n in imp.notes)
    assert imp.io.X["012"] == pytest.approx(ti + 1e6)


def test_numbers_as_text_with_thousands_separators_and_blanks(real_csv, tmp_path):
    src = require_shared_data("io", "nbs_io_2017_149.csv")
    t = load_nbs_io(src)

    i, j = map(int, np.argwhere(t.Z == 0)[0])

    def edit(rows):
        set_cell(rows, "001", "003", f"{t.Z[0, 2]:,.10f}")
        set_cell(rows, t.codes[i], t.codes[j], "")           # 0.0 in the file
        set_cell(rows, "TI", "001", f"{t.X[0]:,.10f}")

    imp = nbs.read_io_table(rewrite_csv(src, tmp_path / "text.csv", edit))
    assert imp.io.Z.at["001", "003"] == pytest.approx(t.Z[0, 2], rel=1e-12)
    assert imp.io.Z.iat[i, j] == 0.0
    assert imp.checks["TI = TII + TVA"] < 1e-9
    assert imp.io.X["001"] == pytest.approx(t.X[0], rel=1e-12)
    assert any("2 number(s) stored as text" in n for n in imp.notes)


# =========================================================================== synthetic 5-sector table
def test_synthetic_csv_and_excel_read_the_same(tmp_path):
    t = synthetic()
    a = nbs.read_io_table(t.to_csv(tmp_path / "syn.csv"))
    b = nbs.read_io_table(t.to_nbs_xlsx(tmp_path / "syn.xlsx", title="2021年示例投入产出表（5部门）"))
    for imp in (a, b):
        assert imp.io.codes == ["001", "002", "003", "004", "005"]
        np.testing.assert_array_equal(imp.io.Z.to_numpy(), t.Z)
        np.testing.assert_array_equal(imp.io.X.to_numpy(), t.rows["TI"])
        np.testing.assert_array_equal(imp.io.V.to_numpy(), t.rows["TVA"])
        np.testing.assert_array_equal(imp.final_use["GO"].to_numpy(), t.rows["TI"])
        assert list(imp.io.sectors["section"]) == SYN_SECTIONS        # by name, punctuation normalised
        assert imp.io.sectors.at["003", "name_zh"] == "电力，热力 生产和供应"     # the file's name kept
        assert imp.io.sectors.at["003", "name_en"] == "Production and supply of electric power and heat power" \
            or imp.io.sectors.at["003", "name_en"]
        assert imp.table == ""
        assert any("no shipped sector list" in n and "1 sector(s) by code and name and 4 by name alone" in n
                   for n in imp.notes), imp.notes
        assert max(imp.checks.values()) == 0.0
    assert (a.layout, b.layout) == ("csv", "nbs-excel")
    assert_same_import(b, a, rtol=0)
    assert any("rounded to 1" in n for n in b.notes)


@pytest.mark.parametrize("variant", [
    dict(swap=True), dict(code_style="str2"), dict(code_style="str3"), dict(letter_codes=True),
    dict(empty_col=True, footnote=True), dict(swap=True, empty_col=True, footnote=True, code_style="str2"),
    dict(text_numbers=True), dict(blanks_for_zero=False), dict(compact=True), dict(compact=True, swap=True),
    dict(code_row=False), dict(intro_sheet=True),
])
def test_synthetic_excel_variants(tmp_path, variant):
    t = synthetic()
    want = nbs.read_io_table(t.to_csv(tmp_path / "syn.csv"))
    got = nbs.read_io_table(t.to_nbs_xlsx(tmp_path / "v.xlsx", title="示例投入产出表", **variant))
    assert_same_import(got, want, rtol=0)
    if variant.get("empty_col"):
        assert "column C is empty; skipped" in got.notes
    if variant.get("footnote"):
        assert any(n.startswith("row ") and "footnote '来源：国家统计局' ignored" in n for n in got.notes)
    if variant.get("text_numbers"):
        assert any("stored as text" in n for n in got.notes)
    if variant.get("code_row") is False:
        assert "names (no codes) across row 4 (columns C–G)" in got.notes[0]
    if variant.get("intro_sheet"):
        assert "sheet 'Sheet1' read; other sheet(s) '说明' ignored" in got.notes
    assert not [n for n in got.notes if "not understood" in n], got.notes


def test_excel_unit_row_and_unit_override(tmp_path):
    t = synthetic()
    p = t.to_nbs_xlsx(tmp_path / "yi.xlsx", title="示例投入产出表", unit_line="单位：亿元")
    assert nbs.read_io_table(p).io.unit == "亿元"
    imp = nbs.read_io_table(p, unit="万元")
    assert imp.io.unit == "万元" and any("overrides" in n for n in imp.notes)
    p2 = t.to_nbs_xlsx(tmp_path / "none.xlsx", title="示例投入产出表", unit_line=None)
    imp2 = nbs.read_io_table(p2)
    assert imp2.io.unit == "万元" and any("万元 assumed" in n for n in imp2.notes)
    assert nbs.read_io_table(t.to_csv(tmp_path / "s.csv"), unit="亿元").io.unit == "亿元"
    with pytest.raises(IIEInputError, match="^unit: unknown unit '元/吨'"):
        nbs.read_io_table(p, unit="元/吨")
    p3 = t.to_nbs_xlsx(tmp_path / "odd.xlsx", title="示例投入产出表", unit_line="单位：千美元")
    with pytest.raises(IIEInputError, match="unit '千美元' is not one of"):
        nbs.read_io_table(p3)


def test_excel_junk_cell_named(tmp_path):
    t = synthetic()
    p = t.to_nbs_xlsx(tmp_path / "junk.xlsx", title="示例投入产出表", junk=(3, 1, "n/a"))
    with pytest.raises(IIEInputError) as e:
        nbs.read_io_table(p)
    # row 004 批发 is sheet row 11, column 002 is sheet column D
    assert str(e.value) == "FILE: row 004 (批发), column 002: 'n/a' is not a number (cell D11)"


def test_unmapped_sector_needs_sections(tmp_path):
    t = synthetic([*SYN_NAMES[:4], "量子计算产品"])
    p = t.to_csv(tmp_path / "q.csv")
    with pytest.raises(IIEInputError) as e:
        nbs.read_io_table(p)
    assert str(e.value).startswith("sections: 1 sector(s) match no shipped classification")
    assert "005 量子计算产品" in str(e.value) and "004" not in str(e.value)
    imp = nbs.read_io_table(p, sections={"5": "I"})
    assert list(imp.io.sectors["section"]) == ["A", "B", "D", "F", "I"]
    imp = nbs.read_io_table(p, sections={"量子计算产品": "m", "001": "A"})
    assert imp.io.sectors.at["005", "section"] == "M"


def test_synthetic_identity_faults(tmp_path):
    t = synthetic()
    bad = replace(t, rows={**t.rows, "TII": t.rows["TII"] + np.array([0, 0, 1000, 0, 0])})
    with pytest.raises(IIEInputError) as e:
        nbs.read_io_table(bad.to_nbs_xlsx(tmp_path / "tii.xlsx", title="示例投入产出表"))
    msg = str(e.value)
    assert "TI: sector 003 (电力，热力 生产和供应)" in msg
    assert "TII: sector 003 (电力，热力 生产和供应) total intermediate input" in msg and "column sum" in msg
    bad = replace(t, cols={**t.cols, "GO": t.cols["GO"] + np.array([0, 0, 0, 0, 500])})
    with pytest.raises(IIEInputError, match=r"TI = GO: sector 005 \(软件服务\) total input 6,000 \(row TI\) ≠ "
                                            r"gross output 6,500 \(column GO\)"):
        nbs.read_io_table(bad.to_csv(tmp_path / "go.csv"))
    imp = nbs.read_io_table(tmp_path / "go.csv", strict=False)
    assert imp.checks["TI = GO"] == pytest.approx(500 / 6500)
    assert any(n.startswith("GO: sector 005") for n in imp.notes)
    # rounding to whole 万元 is tolerated (half a unit per summed term), more is not
    off = replace(t, rows={**t.rows, "TVA": t.rows["TVA"] + np.array([1, 0, 0, 0, 0])})
    imp = nbs.read_io_table(off.to_csv(tmp_path / "ok.csv"), strict=True)
    assert 0 < imp.checks["TI = TII + TVA"] < 1e-3
    off = replace(t, rows={**t.rows, "TVA": t.rows["TVA"] + np.array([3, 0, 0, 0, 0])})
    with pytest.raises(IIEInputError, match=r"TI: sector 001 \(农产品\) total input 10,000 ≠ intermediate"):
        nbs.read_io_table(off.to_csv(tmp_path / "off.csv"))


def test_unknown_layouts(tmp_path):
    p = tmp_path / "other.csv"
    p.write_text("城市,GDP\n北京,1\n上海,2\n", encoding="utf-8")
    with pytest.raises(IIEInputError) as e:
        nbs.read_io_table(p)
    msg = str(e.value)
    assert e.value.argument == "FILE"
    assert "layout not recognised" in msg and "expected either the CSV layout" in msg and "NBS table layout" in msg
    assert "first rows: 1: 城市 | GDP; 2: 北京 | 1" in msg
    x = tmp_path / "other.xlsx"
    wb = xlsxwriter.Workbook(str(x))
    ws = wb.add_worksheet("数据")
    ws.write_row(0, 0, ["指标", "2024年"])
    ws.write_row(1, 0, ["GDP", 1.0])
    wb.close()
    with pytest.raises(IIEInputError, match=r"sheet '数据': no column of sector codes 1…n .*first rows: 1: 指标 \| 2024年"):
        nbs.read_io_table(x)
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(IIEInputError, match=r"save it as \.xlsx"):
        nbs.read_io_table(xls)
    with pytest.raises(IIEInputError, match="file not found"):
        nbs.read_io_table(tmp_path / "absent.csv")
    # codes run down and across, but the across codes stop short
    t = synthetic()
    p = t.to_csv(tmp_path / "short.csv")
    text = p.read_text(encoding="utf-8").splitlines()
    text[0] = text[0].replace(",005,", ",006,")
    p.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(IIEInputError, match=r"not numbered 1…n in order: column 8 is '006' where 5 was expected"):
        nbs.read_io_table(p)


def test_sections_csv(tmp_path):
    """The --sections CSV (code,section) becomes the sections= mapping read_io_table takes."""
    p = tmp_path / "sections.csv"
    p.write_text("code,section\n005, i\n001,a\n", encoding="utf-8-sig")
    mapping = nbs.read_sections_csv(p)
    assert mapping == {"005": "I", "001": "A"}
    imp = nbs.read_io_table(synthetic().to_csv(tmp_path / "s.csv"), sections=mapping)
    assert imp.io.sectors.at["005", "section"] == "I"
    (tmp_path / "bad.csv").write_text("sector,letter\n005,I\n", encoding="utf-8")
    with pytest.raises(IIEInputError, match="the file needs the columns code,section"):
        nbs.read_sections_csv(tmp_path / "bad.csv")


def test_nbs_shape_saved_as_csv(tmp_path):
    """The NBS table layout saved as CSV (merged headers lost) reads like the workbook."""
    import openpyxl

    t = synthetic()
    x = t.to_nbs_xlsx(tmp_path / "s.xlsx", title="示例投入产出表", swap=True)
    ws = openpyxl.load_workbook(x).active
    p = tmp_path / "s_nbs.csv"
    with open(p, "w", newline="", encoding="gbk") as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)])
    imp = nbs.read_io_table(p)
    assert imp.layout == "nbs-csv"
    assert_same_import(imp, nbs.read_io_table(t.to_csv(tmp_path / "ref.csv")), rtol=0)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(lambda x: round(x, 2)))
def test_thousands_separated_text_parses(x):
    assert nbs.parse_number(f"{x:,.2f}") == pytest.approx(x, rel=1e-12, abs=1e-9)
    assert nbs.parse_number(f" {x:.2f} ") == pytest.approx(x, rel=1e-12, abs=1e-9)


def test_number_parsing_edge_cases():
    p = nbs.parse_number
    assert p(None, missing=0.0) == 0.0 and p("", missing=0.0) == 0.0 and p("—", missing=0.0) == 0.0
    assert p("１，２３４.５") == 1234.5 and p("−12") == -12.0 and p("1.5E+03") == 1500.0
    for junk in ("n/a", "1,23", "12a", "#DIV/0!", "1.2.3", "abc"):
        assert p(junk) is None, junk
    assert p(True) is None and p(float("inf")) is None


# =========================================================================== NBS data exports
def test_provincial_export():
    exp = nbs.read_nbs_export(require_shared_data("provinces", "nbs_provincial_gdp_2006_2024.csv"))
    assert exp.database == "分省年度数据" and exp.indicator == "地区生产总值(亿元)" and exp.unit == "亿元"
    assert exp.time == "最近20年" and exp.frame.index.name == "地区"
    assert list(exp.frame.columns) == list(range(2006, 2025))
    assert sum("footnote" in n for n in exp.notes) == 2
    prov = nbs.provinces_by_name(exp)
    assert len(prov) == 31 and list(prov.index) == sorted(reference.provinces().index)
    assert prov.index.name == "province_code"
    assert list(prov.columns) == list(range(2006, 2025))
    assert prov.at[110000, 2024] == 49670.2
    assert prov.at[650000, 2006] == 2984.5                 # 新疆维吾尔自治区, the last row
    assert prov.attrs["notes"] == [] and prov.attrs["unit"] == "亿元"


def test_national_export():
    exp = nbs.read_nbs_export(require_shared_data("macro", "nbs_gdp_by_industry_2015_2024.csv"))
    assert exp.frame.index.name == "指标" and exp.unit == ""            # mixed units: 亿元 and 元
    assert exp.row_units["人均国内生产总值(元)"] == "元"
    nat = nbs.national_gdp_by_industry(exp)
    assert list(nat.index) == list(range(2015, 2025)) and list(nat.columns) == ["primary", "secondary", "tertiary"]
    assert nat.at[2024, "primary"] == 91413.9
    assert nat.at[2015, "tertiary"] == 363397.9
    assert nat.attrs["unit"] == "亿元"
    gdp = exp.frame.loc["国内生产总值(亿元)"]
    np.testing.assert_allclose(nat.sum(axis=1).to_numpy(), gdp.to_numpy(), rtol=1e-6)
    assert nbs.national_gdp_by_industry(exp, unit="万亿元").at[2024, "primary"] == pytest.approx(9.14139)


@pytest.mark.parametrize("which", ["provinces/nbs_provincial_gdp_2006_2024.csv", "macro/nbs_gdp_by_industry_2015_2024.csv"])
@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_export_encodings(tmp_path, which, encoding):
    src = require_shared_data(*which.split("/"))
    want = nbs.read_nbs_export(src)
    p = tmp_path / "copy.csv"
    p.write_bytes(src.read_text(encoding="utf-8").encode(encoding))
    got = nbs.read_nbs_export(p)
    pd.testing.assert_frame_equal(got.frame, want.frame)
    assert (got.database, got.indicator, got.unit) == (want.database, want.indicator, want.unit)
    assert got.encoding == encoding
    if encoding == "gbk":
        assert "encoding GBK detected" in got.notes


def test_province_names_full_short_padded_and_unmatched(tmp_path):
    src = require_shared_data("provinces", "nbs_provincial_gdp_2006_2024.csv")
    lines = src.read_text(encoding="utf-8").splitlines()
    lines = [ln.replace("北京市,", "北　京,").replace("内蒙古自治区,", "内蒙古,") for ln in lines]
    lines.insert(4, "全国," + ",".join(["1"] * 19))
    lines.insert(10, "新疆生产建设兵团," + ",".join(["--"] * 19))
    p = tmp_path / "p.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    exp = nbs.read_nbs_export(p)
    prov = nbs.provinces_by_name(exp)
    assert len(prov) == 31 and prov.at[110000, 2024] == 49670.2 and 150000 in prov.index
    assert "row '全国' matches no province; left out" in prov.attrs["notes"]
    assert "row '新疆生产建设兵团' matches no province; left out" in prov.attrs["notes"]
    assert exp.frame.loc["新疆生产建设兵团"].isna().all()
    # two rows for one province
    lines.insert(5, "北京市," + ",".join(["2"] * 19))
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(IIEInputError, match=r"^FILE: rows '北京市' and '北\\u3000京' are both province 110000 \(北京市\)"):
        nbs.provinces_by_name(nbs.read_nbs_export(p))


SYN_EXPORT = """数据库：年度数据
指标：国内生产总值
时间：最近3年
指标,2024年,2023年,2022年
第一产业增加值(亿元),"91,413.9",--,…
第二产业增加值(亿元),492087.1,,467629.6
第三产业增加值,765582.5,729166.5,678192.7
注：按当年价格计算。
数据来源：国家统计局
"""


def test_synthetic_export_missing_values_and_footers(tmp_path):
    p = tmp_path / "e.csv"
    p.write_text(SYN_EXPORT, encoding="gbk")
    exp = nbs.read_nbs_export(p)
    assert exp.encoding == "gbk" and list(exp.frame.columns) == [2022, 2023, 2024]
    f = exp.frame
    assert f.at["第一产业增加值(亿元)", 2024] == 91413.9
    assert np.isnan(f.at["第一产业增加值(亿元)", 2023]) and np.isnan(f.at["第一产业增加值(亿元)", 2022])
    assert np.isnan(f.at["第二产业增加值(亿元)", 2023])
    assert any("注：按当年价格计算" in n for n in exp.notes)
    nat = nbs.national_gdp_by_industry(exp)
    assert nat.at[2024, "tertiary"] == 765582.5 and nat.attrs["unit"] == "亿元"
    assert "years with missing values: 2022, 2023" in nat.attrs["notes"]
    assert "row '第三产业增加值' states no unit; taken as 亿元" in nat.attrs["notes"]


def test_export_errors(tmp_path):
    p = tmp_path / "e.csv"
    p.write_text(SYN_EXPORT.replace("第三产业增加值,", "第三产业就业人员,"), encoding="utf-8")
    with pytest.raises(IIEInputError, match=r"^FILE: no row for 第三产业增加值 \(the export's rows: "):
        nbs.national_gdp_by_industry(nbs.read_nbs_export(p))
    p.write_text(SYN_EXPORT.replace("492087.1", "abc"), encoding="utf-8")
    with pytest.raises(IIEInputError, match=r"^FILE: row '第二产业增加值\(亿元\)', column 2024年: 'abc' is not a "
                                            r"number \(line 6 of e.csv\)"):
        nbs.read_nbs_export(p)
    p.write_text(SYN_EXPORT.replace("2023年", "2024年第一季度"), encoding="utf-8")
    with pytest.raises(IIEInputError, match="column 3 header '2024年第一季度' is not a year"):
        nbs.read_nbs_export(p)
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(IIEInputError, match=r"no header row of years .* First rows: 1: a \| b"):
        nbs.read_nbs_export(p)
    p.write_text(SYN_EXPORT.replace("第三产业增加值,", "第一产业增加值,"), encoding="utf-8")
    with pytest.raises(IIEInputError, match="both give 第一产业增加值"):
        nbs.national_gdp_by_industry(nbs.read_nbs_export(p))


def test_export_years_down_is_turned_around(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("数据库：年度数据\n时间,第一产业增加值(亿元),第二产业增加值(亿元),第三产业增加值(亿元)\n"
                 "2024年,91413.9,492087.1,765582.5\n2023年,89169.1,475936.1,729166.5\n", encoding="utf-8")
    exp = nbs.read_nbs_export(p)
    assert list(exp.frame.columns) == [2023, 2024] and exp.frame.index.name == "指标"
    nat = nbs.national_gdp_by_industry(exp)
    assert nat.at[2024, "secondary"] == 492087.1 and nat.at[2023, "primary"] == 89169.1


def test_export_from_xlsx(tmp_path):
    x = tmp_path / "e.xlsx"
    wb = xlsxwriter.Workbook(str(x))
    ws = wb.add_worksheet()
    for r, line in enumerate(SYN_EXPORT.splitlines()):
        cells = next(csv.reader([line]))
        for c, v in enumerate(cells):
            ws.write(r, c, v)
    wb.close()
    exp = nbs.read_nbs_export(x)
    assert exp.encoding == "xlsx" and exp.frame.at["第一产业增加值(亿元)", 2024] == 91413.9


# =========================================================================== units and plausible ranges (issue 11)
def test_export_units_are_read_and_converted(tmp_path):
    exp = nbs.read_nbs_export(require_shared_data("provinces", "nbs_provincial_gdp_2006_2024.csv"))
    assert exp.source == "nbs_provincial_gdp_2006_2024.csv" and exp.lines[("北京市", 2024)] == 5
    wan = nbs.provinces_by_name(exp, unit="万元")
    assert wan.at[110000, 2024] == pytest.approx(49670.2e4) and wan.attrs["unit"] == "万元"
    assert wan.attrs["source_unit"] == "亿元" and "converted from 亿元 to 万元" in wan.attrs["notes"]
    p = tmp_path / "w.csv"
    p.write_text(SYN_EXPORT.replace("指标：国内生产总值", "指标：国内生产总值\n单位：万元").replace("(亿元)", ""),
                 encoding="utf-8")
    exp = nbs.read_nbs_export(p)
    assert exp.unit == "万元"
    nat = nbs.national_gdp_by_industry(exp, unit="亿元")
    assert nat.at[2024, "secondary"] == pytest.approx(49.20871) and nat.attrs["source_unit"] == "万元"
    with pytest.raises(IIEInputError, match="^unit: unknown unit '亿'"):
        nbs.national_gdp_by_industry(exp, unit="亿")


def test_export_values_outside_the_plausible_range(tmp_path):
    p = tmp_path / "e.csv"
    p.write_text(SYN_EXPORT.replace("492087.1", "1e308"), encoding="utf-8")
    with pytest.raises(IIEInputError, match=r"^FILE: e.csv: row '第二产业增加值\(亿元\)', year 2024: 1e\+308 亿元 is "
                                            r"outside the plausible range of 增加值 \(0–10,000,000 亿元\) \(line 6\)"):
        nbs.read_nbs_export(p)
    p.write_text(SYN_EXPORT.replace("765582.5", "-765582.5"), encoding="utf-8")  # 第三产业 states no unit
    exp = nbs.read_nbs_export(p)
    with pytest.raises(IIEInputError, match=r"row '第三产业增加值', year 2024: -765,582.5 亿元 is outside"):
        nbs.national_gdp_by_industry(exp)
    p.write_text(SYN_EXPORT.replace("492087.1", "1e999"), encoding="utf-8")
    with pytest.raises(IIEInputError, match=r"'1e999' is not a finite number \(line 6 of e.csv\)"):
        nbs.read_nbs_export(p)
