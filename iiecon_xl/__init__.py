"""iiecon-xl: the industrial internet's (工业互联网, IIE) contribution to GDP, in Excel and headless.

One direction of dependency, bottom to top:

- :mod:`iiecon_xl.model` — the economics as pure functions (see ``METHOD.md``);
- :mod:`iiecon_xl.parameters` — every method default, defined once;
- :mod:`iiecon_xl.excel` (with :mod:`iiecon_xl.udfs`, the module Excel imports) — the Excel boundary;
- :mod:`iiecon_xl.pipeline` — the whole measurement on one :class:`iiecon_xl.inputs.Inputs`,
  in named stages, returning every report table;
- :mod:`iiecon_xl.xlsx`, :mod:`iiecon_xl.recalc`, :mod:`iiecon_xl.workbook` — A1/OOXML helpers,
  the headless engine, the workbook layout, builders, reader, audit and update;
- :mod:`iiecon_xl.figures`, :mod:`iiecon_xl.cli` on top.
"""

__version__ = "0.1.0"
