"""The audit's reading of a worksheet's cells (:func:`iiecon_xl.xlsx.book_cells.read_cell_map`).

Each expected value is written out from the XML of the case: the cached ``<v>`` as written (no
rounding: the audit compares to 1e-9 relative, and a value of 1e-20 must not become 0), the
shared string at its index, the formula text with "=", a shared formula's child translated
from its master as Excel means it (``=A1*2`` at B1 is ``=A2*2`` at B2).
"""

from __future__ import annotations

from iiecon_xl.xlsx import book_cells
from iiecon_xl.xlsx.errors import ExcelError

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet(rows: str, prefix: str = "") -> str:
    p = prefix
    ns = NS.replace("xmlns=", f"xmlns:{p[:-1]}=") if p else NS
    return f"<{p}worksheet {ns}><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>"


def test_values_are_exact_and_typed():
    """Numbers as written (int without '.'/E, float otherwise, 1e-20 kept, 0.1 + more digits than
    round(…, 15) keeps), strings through the table, booleans, errors, inline strings; blank
    cells (no <v>, or an empty one) are left out."""
    xml = sheet('<row r="1"><c r="A1"><v>7</v></c><c r="B1" s="2"><v>1E-20</v></c>'
                '<c r="C1"><v>0.12345678901234567</v></c><c r="D1" t="s"><v>1</v></c>'
                '<c r="E1" t="b"><v>1</v></c><c r="F1" t="e"><v>#DIV/0!</v></c>'
                '<c r="G1" t="inlineStr"><is><t>x &amp; y</t></is></c><c r="H1" s="3"/>'
                '<c r="I1"><v></v></c><c r="J1"><v>-3</v></c></row>')
    cells = book_cells.read_cell_map(xml, ["zero", "one"])
    assert {k: c.value for k, c in cells.items()} == {
        "A1": 7, "B1": 1e-20, "C1": 0.12345678901234567, "D1": "one", "E1": True,
        "F1": ExcelError("#DIV/0!"), "G1": "x & y", "J1": -3}
    assert type(cells["A1"].value) is int and cells["B1"].value != 0.0
    assert all(c.formula is None for c in cells.values())


def test_formulas_plain_libreoffice_array_and_shared():
    """A plain <f>, LibreOffice's <f aca="false">, an array formula with its range, and a shared
    formula whose child B2 is its master B1's ``A1*2`` moved one row down: ``=A2*2``."""
    xml = sheet('<row r="1"><c r="A1"><f>SUM(B1:B3)</f><v>6</v></c>'
                '<c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f><v>12</v></c>'
                '<c r="C1" t="str"><f aca="false">IF(A1&gt;0,"y","n")</f><v>y</v></c></row>'
                '<row r="2"><c r="A2"><f t="array" ref="A2:A3">TRANSPOSE(B1:C1)</f><v>12</v></c>'
                '<c r="B2"><f t="shared" si="0"/><v>24</v></c><c r="C2"><f>NOW()</f></c></row>')
    cells = book_cells.read_cell_map(xml, [])
    got = {k: (c.value, c.formula, c.array_ref) for k, c in cells.items()}
    assert got == {"A1": (6, "=SUM(B1:B3)", None), "B1": (12, "=A1*2", None),
                   "C1": ("y", '=IF(A1>0,"y","n")', None), "A2": (12, "=TRANSPOSE(B1:C1)", "A2:A3"),
                   "B2": (24, "=A2*2", None), "C2": (None, "=NOW()", None)}


def test_a_prefixed_namespace_reads_the_same():
    """The OpenXML SDK's ``x:`` prefix: the same cells as without it."""
    rows = '<row r="1"><c r="A1"><v>1.5</v></c><c r="B1"><f>A1</f><v>1.5</v></c></row>'
    plain = book_cells.read_cell_map(sheet(rows), [])
    prefixed = book_cells.read_cell_map(sheet(rows.replace("<", "<x:").replace("<x:/", "</x:"), "x:"), [])
    assert prefixed == plain and len(plain) == 2


def test_rows_read_in_chunks_give_the_cells_of_one_read():
    """Chunks of ~30 characters (cut after a </row>) find the same cells as one pass over the
    whole sheetData: 40 rows of a number and a shared formula."""
    master, child = '<f t="shared" si="0" ref="B1:B40">A1+1</f>', '<f t="shared" si="0"></f>'
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r / 7}</v></c>'
                   f'<c r="B{r}">{master if r == 1 else child}<v>{r}</v></c></row>' for r in range(1, 41))
    xml = sheet(rows)
    start, end = xml.index("<row"), xml.index("</sheetData")
    whole = book_cells._map_re("").findall(xml, start, end)
    chunks = list(book_cells._row_chunks(xml, "", start, end, size=30))
    assert len(chunks) > 10 and [m for c in chunks for m in c] == whole
    cells = book_cells.read_cell_map(xml, [])
    assert cells["A40"].value == 40 / 7 and cells["B40"].formula == "=A40+1"
