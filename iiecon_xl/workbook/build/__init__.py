"""Build the template and demo workbooks with XlsxWriter, one module per group of sheets.

Two editions from the same layout (:mod:`.edition`): in the function edition every report
number is a formula that reaches the input cells through the package's
Excel functions (UDFs, written bare: ``=IIE_DIRECT(IO_X, CALC_M, CALC_S, TRUE)``) and
native functions; matrix and vector results are dynamic-array formulas with their spill
range declared. In the native edition the same cells hold built-in formulas only (matrix
blocks as legacy array formulas), with the intermediates on two more sheets
(:mod:`.native_matrices`, :mod:`.native_series`, :mod:`.native_ranks`). Defined names make
the formulas read like the method. Every position comes
from :class:`~iiecon_xl.workbook.layout.Layout`.

``build(path, inputs=None)`` writes a book and returns its :class:`Manifest`: every
formula cell, the spill ranges, and for each report cell the pipeline table, row key and
column it must equal (what the audit compares).

Rooms: :mod:`.guide` (guide, parameters), :mod:`.inputs` (IO table, related sectors, expert
scores), :mod:`.series` (year-indexed inputs), :mod:`.sectors` (sector and section calc),
:mod:`.allocation` (production function, province calc), :mod:`.national` (national,
industries, sections reports), :mod:`.provinces` (provinces, regions), :mod:`.cities`,
:mod:`.checks`, :mod:`.charts`; :mod:`.book` records, :mod:`.styles` holds the formats.
"""

from __future__ import annotations

from pathlib import Path

from ...inputs import Inputs
from ...parameters import TOP_N
from ..layout import Dims, Layout, dims_for
from . import (allocation, checks, cities, gdp_fill, guide, inputs as input_sheets, national, native_matrices, native_ranks,
               province_sections, provinces, sectors, series, sources)
from . import analysis
from .book import Book, Expect, Manifest
from .edition import EDITIONS, FUNCTION, NATIVE

__all__ = ["build", "Manifest", "Expect", "EDITIONS", "FUNCTION", "NATIVE"]


def build(path, inputs: Inputs | None = None, *, dims: Dims | None = None,
          new_years: dict[int, str] | None = None, edition: str = FUNCTION) -> Manifest:
    """Write the workbook to ``path``: the demo/filled book when ``inputs`` is given, else the
    empty template on the 2017 149-sector list. ``new_years`` {year: "awaiting" | "extrapolated"}
    marks the input cells of years added by ``new-year``. ``edition``: "function" (the
    iiecon-xl functions) or "native" (built-in functions only, every step in cells).
    Returns the manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lay = Layout(dims or dims_for(inputs), edition)
    b = Book(path, lay, top_n=inputs.params.top_n if inputs is not None else TOP_N, new_years=new_years)
    guide.guide(b, inputs)
    guide.params(b, inputs)
    input_sheets.io(b, inputs)
    input_sheets.related(b, inputs)
    input_sheets.scores(b, inputs)
    series.section_va(b, inputs)
    series.macro(b, inputs)
    series.national_gdp(b, inputs)
    series.province_gdp(b, inputs)
    province_sections.input_sheet(b, inputs)
    series.city_gdp(b, inputs)
    sources.sources(b, inputs)
    sectors.sector_calc(b)
    sectors.section_calc(b)
    allocation.production(b)
    gdp_fill.gdp_fill(b)
    allocation.province_calc(b)
    province_sections.calc_sheet(b)
    if lay.native:
        native_matrices.matrices(b)
        native_ranks.helpers(b)
    national.national(b)
    national.industries(b)
    national.sections(b)
    provinces.provinces(b)
    provinces.regions(b)
    cities.cities(b)
    analysis.analysis(b, inputs)
    checks.checks(b)
    b.define_names()
    b.sheets[lay.guide.name].activate()
    b.wb.close()
    return b.man
