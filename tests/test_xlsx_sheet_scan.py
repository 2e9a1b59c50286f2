"""The byte scan of worksheets in check_xlsx (iiecon_xl.xlsx.sheet_scan) against the element
scan it stands in for: hand-made sheet XML fed in small chunks, so that tags are cut."""

from __future__ import annotations

import pytest

from iiecon_xl.errors import IIEInputError
from iiecon_xl.xlsx import limits
from iiecon_xl.xlsx.sheet_scan import Fallback, FastSheetScan

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
LIM = limits.Limits(max_rows=100, max_cols=10, max_cells=50, max_area=500)


def sheet(cells: str, root: str = "worksheet", dim: str = "") -> bytes:
    return f'<?xml version="1.0"?><{root} {NS}>{dim}<sheetData>{cells}</sheetData></{root}>'.encode()


def scan(xml: bytes, fast: bool = True, chunk: int = 7) -> None:
    """Feed ``xml`` in chunks of ``chunk`` bytes to the fast scan (or the element scan)."""
    chk = limits._Checker(limits.Path("b.xlsx"), LIM, "BOOK")
    s = limits._PartScan("xl/worksheets/sheet1.xml", chk)
    s = FastSheetScan(s) if fast else s
    for i in range(0, len(xml), chunk):
        s.feed(xml[i:i + chunk])
    s.feed(b"", final=True)


def refusal(xml: bytes, fast: bool = True) -> str:
    with pytest.raises(IIEInputError) as e:
        scan(xml, fast)
    return str(e.value)


def test_the_common_form_is_bounded_as_the_element_scan_bounds_it():
    """J10 is the 10th column, 10th row: inside (10 × 10 = 100 ≤ 500 cells); K1 is column 11
    > max_cols 10; A101 is row 101 > 100; 5 rows × 10 columns of cells is 50 ≤ 50 cells,
    one more is 51 > 50; J60 with A1 spans 60 × 10 = 600 > max_area 500."""
    ok = sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="10"><c r="J10" s="1"><v>2</v></c></row>',
               dim='<dimension ref="A1:J10"/>')
    scan(ok)
    scan(ok, fast=False)
    for xml, field in [(sheet('<row r="1"><c r="K1"><v>1</v></c></row>'), "max_cols"),
                       (sheet('<row r="101"><c r="A101"><v>1</v></c></row>'), "max_rows"),
                       (sheet('<row r="1"><c r="A1"/></row>', dim='<dimension ref="A1:A200"/>'), "max_rows"),
                       (sheet('<row r="1"><c r="A1"/></row><row r="60"><c r="J60"/></row>'), "max_area"),
                       (sheet("".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"/>' for c in "ABCDEFGHIJ")
                                      + "</row>" for r in range(1, 6)) + '<row r="6"><c r="A6"/></row>'),
                        "max_cells")]:
        assert f"({field})" in refusal(xml), field
        assert f"({field})" in refusal(xml, fast=False), field
    scan(sheet("".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"/>' for c in "ABCDEFGHIJ") + "</row>"
                       for r in range(1, 6))))  # exactly 50 cells


@pytest.mark.parametrize("xml", [
    sheet('<row r="1"><c><v>1</v></c></row>'),                           # a cell without r
    sheet('<row><c r="A1"/></row>'),                                      # a row without r
    sheet('<row r="1"><c s="1" r="A1"/></row>'),                          # r not first
    sheet('<row r="1"><c r="a1"/></row>'),                                # a reference the exact scan judges
])
def test_anything_else_falls_back(xml):
    with pytest.raises(Fallback):
        scan(xml)
    scan(xml, fast=False)  # the element scan gives the verdict: inside the limits


def test_cells_without_r_are_counted_by_the_element_scan():
    """11 cells without r in one row reach column 11 > max_cols 10: the byte scan cannot see
    it and hands the part over; the element scan refuses it."""
    xml = sheet('<row r="1">' + "<c><v>1</v></c>" * 11 + "</row>")
    with pytest.raises(Fallback):
        scan(xml)
    assert "(max_cols)" in refusal(xml, fast=False)
    with pytest.raises(IIEInputError, match=r"\(max_cols\)"):  # and check_xlsx does both
        _check_member(xml)


def test_prefixed_sheet_and_bad_xml():
    prefixed = (b'<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/'
                b'2006/main"><x:sheetData><x:row r="1"><x:c r="K1"/></x:row></x:sheetData></x:worksheet>')
    with pytest.raises(Fallback):
        scan(prefixed)
    assert "(max_cols)" in refusal(prefixed, fast=False)
    assert "not well-formed" in refusal(b"<worksheet><sheetData><row r=\"1\"></sheetData>")
    assert "DOCTYPE" in refusal(b'<!DOCTYPE x [<!ENTITY e "e">]><worksheet/>')


def _check_member(xml: bytes) -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    buf.seek(0)
    with zipfile.ZipFile(buf) as zf:
        chk = limits._Checker(limits.Path("b.xlsx"), LIM, "BOOK")
        limits._scan_member(zf, zf.getinfo("xl/worksheets/sheet1.xml"), chk, [0])
