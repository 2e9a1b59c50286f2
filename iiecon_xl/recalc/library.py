"""The functions a compiled formula calls: the registry's, then ``formulas``' library.

- a function of :data:`iiecon_xl.udfs.FUNCTIONS` is called with its arguments converted
  as xlwings converts them in Excel (:func:`.values.to_excel_arg`), wrapped by
  :func:`iiecon_xl.excel.messages.with_messages` (a failure is the ``#IIE! …`` text Excel
  shows) and checked for its number of arguments (:func:`.bridge.registry_call`);
- any other name is looked up in ``formulas``' function table (with and without the
  ``_xlfn.`` prefix XlsxWriter writes) and its implementation is called directly on the
  values — ``formulas``' implementation, without its dispatcher;
- an unknown function gives ``#NAME?``, as in Excel;
- the functions reaching outside the book (:data:`.outside.BLOCKED_FUNCTIONS`: WEBSERVICE,
  HYPERLINK …) give ``#REF!`` and are never called.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from formulas.functions import get_functions

from .. import udfs
from .bridge import registry_call
from .grid import ERRORS
from .numeric import with_fast_sum
from .outside import BLOCKED_FUNCTIONS
from .regression import linest

__all__ = ["call_function", "formulas_function", "norm"]

Fn = Callable[[Any], Any]
#: Excel functions the engine computes itself where ``formulas``' implementation differs from Excel.
_OWN: dict[str, Callable] = {"LINEST": linest}
#: ``formulas``' implementations given a fast path for blocks of plain numbers (:mod:`.numeric`).
_FAST: dict[str, Callable[[Callable], Callable]] = {"SUM": with_fast_sum}


def norm(x: Any) -> Any:
    """A function result in the engine's representation (0-d arrays as scalars)."""
    if isinstance(x, np.ndarray) and x.ndim == 0:
        return x.item()
    if type(x).__name__ == "Ranges":
        return x.value
    return x


def formulas_function(name: str) -> Callable | None:
    """``formulas``' implementation of ``name`` (extra inputs bound), None if it has none."""
    table = get_functions()
    entry = table.get(name)
    if entry is None and name.startswith("_XLFN."):
        entry = table.get(name[6:])
    if entry is None:
        return None
    if isinstance(entry, dict):
        func = entry["function"]
        extra = [v for v in entry.get("extra_inputs", {}).values()]
        if extra:
            return lambda *args: func(*extra, *args)
        return func
    return entry


def _registry(name: str) -> Callable | None:
    bare = name[6:] if name.startswith("_XLFN.") else name
    for key in (name, bare):
        if key in udfs.FUNCTIONS:
            return registry_call(key, udfs.FUNCTIONS[key])
    folded = {k.upper(): k for k in udfs.FUNCTIONS}
    key = folded.get(bare)
    return registry_call(key, udfs.FUNCTIONS[key]) if key else None


def call_function(name: str, fns: list[Fn]) -> Fn:
    """The closure calling function ``name`` on the values of the argument closures ``fns``."""
    if (name[6:] if name.startswith("_XLFN.") else name) in BLOCKED_FUNCTIONS:
        e = ERRORS["#REF!"]  # the network, another file or code outside the book: never called
        return lambda env: e
    func = _registry(name) or _OWN.get(name[6:] if name.startswith("_XLFN.") else name)
    if func is None:
        func = formulas_function(name)
        fast = _FAST.get(name[6:] if name.startswith("_XLFN.") else name)
        func = fast(func) if fast and func else func
    if func is None:
        e = ERRORS["#NAME?"]
        return lambda env: e
    bad = ERRORS["#VALUE!"]

    def call(env):
        try:
            return norm(func(*[f(env) for f in fns]))
        except Exception:  # noqa: BLE001 - formulas' functions may raise on odd shapes
            return bad
    return call
