"""The module Excel imports: every iiecon-xl worksheet function, as xlwings entry points.

The functions live in :mod:`iiecon_xl.excel` (the registry and the functions by topic);
this module imports them all — which fills the registry, in the order of the reference —
and makes each entry point a module attribute of its Excel name
(``iiecon_xl.udfs.LEONTIEF_INV``). That is where xlwings looks:

- classic xlwings (``UDF Modules = iiecon_xl.udfs`` in the add-in): ``import_udfs``
  writes one VBA wrapper per attribute of this module that carries ``__xlfunc__``, and
  ``call_udf`` runs ``getattr(iiecon_xl.udfs, name)``;
- xlwings Lite / Server: ``from iiecon_xl.udfs import *`` in ``main.py`` (``__all__`` is
  :data:`NAMES`) puts them in the module whose members xlwings scans for ``__xlfunc__``.

It also keeps the registry's names for the rest of the package: :data:`FUNCTIONS` (Excel
name → the plain callable, which raises on bad input; the headless engine and the
reference use it), :data:`SPECS` (→ :class:`ExcelFunction` metadata) and :data:`EXCEL`
(→ the entry point, which answers bad input with one ``"#IIE! <argument>: <problem>"``
cell).
"""

from __future__ import annotations

from .excel.registry import EXCEL, FUNCTIONS, SPECS, ExcelFunction  # noqa: F401 - the registry's names

# isort: off  (the order of these imports is the order of the registry and of docs/functions.md)
from .excel.io_functions import IIE_ALIGN, IIE_AUGMENT, IIE_DIRECT, IIE_PENETRATION, LEONTIEF_INV, TECH_COEFF
from .excel.production_functions import IIE_EXTRAPOLATE, PRODFN_FIT, TECH_MULTIPLIER
from .excel.fuzzy_functions import FUZZY_EVAL
from .excel.city_functions import CITY_INDEX, CITY_TIER, TIER_TABLE, TOP_N, TOPN_SHARE
from .excel.analysis_functions import (GHOSH_INV, IIE_UNCERTAINTY, IO_AGGREGATE, IO_EXTRACTION, IO_LINKAGES,
                                       IO_MULTIPLIERS, RAS_UPDATE)
from .excel.info_functions import IIE_VERSION
# isort: on

#: The Excel names, in registration order (also what ``from iiecon_xl.udfs import *`` brings).
NAMES: tuple[str, ...] = tuple(SPECS)
__all__ = list(NAMES)

_EXPORTED = {name: globals()[name] for name in NAMES if name in globals()}
if _EXPORTED.keys() != set(NAMES) or any(EXCEL[n] is not f for n, f in _EXPORTED.items()):
    raise ImportError("iiecon_xl.udfs must import every registered function: "
                      f"missing {sorted(set(NAMES) - _EXPORTED.keys())}")
del _EXPORTED
