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

Decorators: one family only (:data:`DECORATORS`), the one xlwings picks when it is
imported — the COM decorators on Windows with pywin32 (``"com"``), the Office.js
decorators under xlwings Server / Lite (``XLWINGS_ON_SERVER=true``, ``"officejs"``),
no-ops elsewhere (Linux, macOS: ``"none"``). Under Pyodide (``sys.platform ==
"emscripten"``, i.e. xlwings Lite) the Office.js family is taken from ``xlwings.server``
even if the environment variable was not set. The two families are never stacked on one
function. Where xlwings' decorators would be no-ops and xlwings is not loaded yet, it is
not imported at all (it loads pandas and matplotlib): the registry then uses its own
no-ops, so the headless engine and ``import iiecon_xl.udfs`` stay light.

Under the COM family each entry point first checks that the add-in was built for the
xlwings of this Python (:mod:`.version_guard`); a mismatch gives one message naming
both versions and the command that rebuilds the add-in.

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
from typing import NamedTuple

from .messages import with_messages
from .version_guard import guarded

#: Excel function category (classic Excel's Function Wizard).
CATEGORY = "iiecon-xl"


class Decorators(NamedTuple):
    """One family of xlwings decorators: ``family`` is "com", "officejs" or "none"."""

    family: str
    func: Callable
    arg: Callable
    ret: Callable


def _noop(*args, **kwargs):
    """xlwings' decorators where no Excel runs them (``func``, ``arg(...)``, ``ret(...)``)."""
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return args[0]
    return lambda f: f


_FAMILY_OF_MODULE = {"xlwings.udfs": "com", "xlwings.server": "officejs"}


def _xlwings_decorates() -> bool:
    """Whether xlwings' decorators may do something here (or xlwings has chosen already)."""
    return ("xlwings" in sys.modules or sys.platform.startswith("win") or sys.platform == "emscripten"
            or os.environ.get("XLWINGS_ON_SERVER") == "true")


def decorator_family() -> Decorators:
    """The family xlwings picks at import; Office.js under Pyodide; no-ops without xlwings."""
    if not _xlwings_decorates():
        return Decorators("none", _noop, _noop, _noop)
    import xlwings as xw

    if sys.platform == "emscripten" and not getattr(xw, "on_server", False):  # pragma: no cover
        from xlwings.server import arg, func, ret  # xlwings Lite without XLWINGS_ON_SERVER

        return Decorators("officejs", func, arg, ret)
    family = _FAMILY_OF_MODULE.get(getattr(xw.func, "__module__", ""), "none")
    return Decorators(family, xw.func, xw.arg, xw.ret)


#: The decorator family of this process.
DECORATORS = decorator_family()
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


def entry_point(spec: ExcelFunction, decorators: Decorators = DECORATORS) -> Callable:
    """The xlwings-decorated callable Excel runs: failures become one message cell.

    Under the COM family it is also version-guarded (:func:`.version_guard.guarded`).
    """
    entry = with_messages(spec.name, spec.func, log_level=logging.ERROR)  # traceback to the console
    if decorators.family == "com":
        entry = guarded(entry)
    entry.__doc__ = spec.doc  # the Function Wizard / Office.js description
    entry = decorators.ret(**_RET_OPTIONS)(entry)
    for arg_name, help_text in spec.args:
        options = {"ndim": 2} if arg_name in spec.ranges else {}
        entry = decorators.arg(arg_name, doc=help_text, err_to_str=True, **options)(entry)
    return decorators.func(category=CATEGORY, volatile=spec.volatile)(entry)


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
        entry = entry_point(spec)
        FUNCTIONS[name] = plain
        SPECS[name] = spec
        EXCEL[name] = entry
        return entry

    return register
