"""The registry of Excel functions: one decorator, three dicts, one decorator family.

Every Excel function is written once, as a plain Python function in a topic module
(:mod:`.io_functions`, :mod:`.production_functions`, :mod:`.fuzzy_functions`,
:mod:`.city_functions`, :mod:`.info_functions`) and decorated with
:func:`excel_function`, which records it in three dicts, the only place that lists them:

- :data:`FUNCTIONS` — Excel name → the plain callable (raises on bad input). The
  headless formula engine, the generated reference (:mod:`.docs`) and the tests read this.
- :data:`SPECS` — Excel name → :class:`ExcelFunction`, the metadata (argument help,
  return shape, formula, example).
- :data:`EXCEL` — Excel name → the xlwings-decorated entry point that Excel calls. It
  never raises: every failure comes back as one text cell, the message of
  :func:`.messages.message_for` (``"#IIE! <argument>: <problem>"``).

The dicts fill as the topic modules are imported; :mod:`iiecon_xl.udfs` imports all of
them (in the order of the reference), so read the registry there.

Decorators: one family only, the one xlwings picks when it is imported — the COM
decorators on Windows with pywin32, the Office.js decorators under xlwings Server /
Lite (``XLWINGS_ON_SERVER=true``), no-ops elsewhere (Linux, macOS). Under Pyodide
(``sys.platform == "emscripten"``, i.e. xlwings Lite) the Office.js family is taken from
``xlwings.server`` even if the environment variable was not set. The two families are
never stacked on one function.

Results are returned whole and spill as dynamic arrays in Excel 365 and xlwings Lite.
``xw.ret(expand="table")``, the legacy emulation for Excel versions without dynamic
arrays (it overwrites neighbouring cells), is applied only when the environment variable
``IIECON_XL_LEGACY_ARRAYS=1`` is set before Excel starts Python.
"""

from __future__ import annotations

import inspect
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

import xlwings as xw

from .messages import with_messages

#: Excel function category (classic Excel's Function Wizard).
CATEGORY = "iiecon-xl"


def decorator_family() -> tuple[Callable, Callable, Callable]:
    """(func, arg, ret): the family xlwings picked at import; Office.js under Pyodide."""
    if sys.platform == "emscripten" and not getattr(xw, "on_server", False):  # pragma: no cover
        from xlwings.server import arg, func, ret  # xlwings Lite without XLWINGS_ON_SERVER

        return func, arg, ret
    return xw.func, xw.arg, xw.ret


_func, _arg, _ret = decorator_family()
_RET_OPTIONS = {"expand": "table"} if os.environ.get("IIECON_XL_LEGACY_ARRAYS") == "1" else {}


@dataclass(frozen=True)
class ExcelFunction:
    """Metadata of one Excel function (what docs/functions.md and the add-ins show)."""

    name: str
    func: Callable
    args: tuple[tuple[str, str], ...]   # (argument name, help text) in signature order
    ranges: frozenset[str]               # arguments read as ranges (xw.arg ndim=2)
    returns: str                         # the return shape, in words
    formula: str                         # the formula computed (METHOD.md notation)
    example: tuple                       # Python (Excel-shaped) arguments of a worked example
    doc: str                             # one-line description (Function Wizard, ≤ 255 chars)
    volatile: bool = False

    @property
    def optional(self) -> tuple[str, ...]:
        params = inspect.signature(self.func).parameters.values()
        return tuple(p.name for p in params if p.default is not inspect.Parameter.empty)

    def signature(self) -> str:
        """``LEONTIEF_INV(matrix, [total_output])``."""
        opt = set(self.optional)
        return f"{self.name}({', '.join(f'[{a}]' if a in opt else a for a, _ in self.args)})"


FUNCTIONS: dict[str, Callable] = {}
SPECS: dict[str, ExcelFunction] = {}
EXCEL: dict[str, Callable] = {}


def _summary(doc: str | None) -> str:
    first = (doc or "").strip().split("\n\n")[0]
    return " ".join(first.split())


def _entry_point(spec: ExcelFunction) -> Callable:
    """The xlwings-decorated callable Excel runs: failures become one message cell."""
    entry = with_messages(spec.name, spec.func, log_level=logging.ERROR)  # traceback to the console
    entry.__doc__ = spec.doc  # the Function Wizard / Office.js description
    entry = _ret(**_RET_OPTIONS)(entry)
    for arg_name, help_text in spec.args:
        options = {"ndim": 2} if arg_name in spec.ranges else {}
        entry = _arg(arg_name, doc=help_text, err_to_str=True, **options)(entry)
    return _func(category=CATEGORY, volatile=spec.volatile)(entry)


def excel_function(*, args: tuple[tuple[str, str], ...], returns: str, formula: str, example: tuple,
                   ranges: tuple[str, ...] = (), volatile: bool = False, doc: str | None = None):
    """Register the decorated plain function and return its xlwings-decorated entry point.

    ``doc``: the one-line description, when it must be computed (it states a default);
    otherwise the first paragraph of the function's docstring.
    """

    def register(plain: Callable) -> Callable:
        name = plain.__name__
        params = list(inspect.signature(plain).parameters)
        if params != [a for a, _ in args]:
            raise TypeError(f"{name}: help texts {[a for a, _ in args]} do not match the signature {params}")
        if name in SPECS:
            raise TypeError(f"{name} is registered twice")
        spec = ExcelFunction(name=name, func=plain, args=tuple(args), ranges=frozenset(ranges),
                             returns=returns, formula=formula, example=tuple(example),
                             doc=_summary(doc or plain.__doc__), volatile=volatile)
        entry = _entry_point(spec)
        FUNCTIONS[name] = plain
        SPECS[name] = spec
        EXCEL[name] = entry
        return entry

    return register
