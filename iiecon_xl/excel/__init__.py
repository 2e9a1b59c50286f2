"""The Excel boundary: cell coercion, the function registry and the functions by topic.

- :mod:`.cell_values` (what one cell holds) and :mod:`.cells` (arguments in, results out),
  with :mod:`.floats`, the one-pass fast path for ranges of floats, and :mod:`.blas`
  (one BLAS thread for small systems);
- :mod:`.messages` — the one exception → ``#IIE!`` message wrapper;
- :mod:`.registry` — :class:`~.registry.ExcelFunction`, ``FUNCTIONS`` / ``SPECS`` /
  ``EXCEL`` and the one xlwings decorator family; :mod:`.arguments` — argument rules the
  topics share;
- the functions: :mod:`.io_functions`, :mod:`.production_functions`,
  :mod:`.fuzzy_functions`, :mod:`.city_functions`, :mod:`.analysis_functions` (the IO
  analysis menu), :mod:`.info_functions` — all
  re-exported by :mod:`iiecon_xl.udfs`, the module Excel imports;
- :mod:`.docs` (the generated reference) and :mod:`.addin_file` / :mod:`.addin` (the
  classic add-in), :mod:`.version_guard` (its xlwings version, checked at the first call
  under classic Excel).

Importing this package imports nothing: the coercion modules never import xlwings or
``formulas``, so the headless engine can use them on their own; the registry imports
xlwings only where its decorators act (classic Excel, Office.js); the fit needs only numpy.
"""
