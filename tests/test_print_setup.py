"""Readable outputs (issue 12 §5): every report sheet and the Checks sheet print landscape on
A4, one page wide, with the title to the header row repeated on every page — in both editions."""

from __future__ import annotations

import openpyxl
import pytest

from iiecon_xl.workbook import books, layout as L
from iiecon_xl.workbook.build.book import PRINTED_SHEETS

COMMITTED = [books.REPO_WORKBOOKS / name for names in books.BOOK_NAMES.values() for name in names]


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_report_sheets_print_one_page_wide_with_repeated_headers(path):
    wb = openpyxl.load_workbook(path)
    assert set(PRINTED_SHEETS) == set(L.REPORT_SHEETS) | {L.CHECKS}
    for name in PRINTED_SHEETS:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.page_setup.fitToWidth in (None, 1), name  # 1 is the file format's default (omitted)
        assert ws.page_setup.fitToHeight == 0, name
        assert ws.print_title_rows.replace("$", "") == f"{L.TITLE_ROW + 1}:{L.HEAD + 1}", name
