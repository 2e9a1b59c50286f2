"""The Excel boundary: cell coercion, the function registry and the functions by topic.

- :mod:`.cell_values` (what one cell holds) and :mod:`.cells` (arguments in, results out);
- :mod:`.messages` — the one exception → ``#IIE!`` message wrapper;
- :mod:`.registry` — :class:`~.registry.ExcelFunction`, ``FUNCTIONS`` / ``SPECS`` /
  ``EXCEL`` and the one xlwings decorator family; :mod:`.arguments` — argument rules the
  topics share;
- the functions: :mod:`.io_functions`, :mod:`.production_functions`,
  :mod:`.fuzzy_functions`, :mod:`.city_functions`, :mod:`.info_functions` — all
  re-exported by :mod:`iiecon_xl.udfs`, the module Excel imports;
- :mod:`.docs` (the generated reference) and :mod:`.addin_file` / :mod:`.addin` (the
  classic add-in).

Importing this package imports nothing: the coercion modules never import xlwings or
``formulas``, so the headless engine can use them on their own.
"""
