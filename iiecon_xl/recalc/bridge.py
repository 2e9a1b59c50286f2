"""The iiecon-xl functions inside ``formulas``: registration, messages, the INDEX fix.

- **Registry functions.** Each Excel function of :data:`iiecon_xl.udfs.FUNCTIONS` is put
  into ``formulas.get_functions()`` (before any book is parsed) through
  :func:`formulas.functions.wrap_func`, which hands over plain arrays instead of
  ``Ranges``. Arguments and results are converted by :mod:`.values`.
- **Messages instead of a bare #VALUE!.** ``wrap_func`` turns any exception into
  ``#VALUE!``. The function is wrapped first with
  :func:`iiecon_xl.excel.messages.with_messages` — the wrapper the xlwings entry points
  use — so a failure becomes the text ``"#IIE! <argument>: <problem>"`` and Excel and the
  headless engine show the same message; a call with the wrong number of arguments gets
  :func:`~iiecon_xl.excel.messages.arity_message`.
- **INDEX** is replaced by :func:`.index.xindex`.
- **Add-in prefixes.** :func:`bare_names` drops the prefixes Excel writes in front of an
  add-in function (``[1]!``, ``_xldudf_`` …) for the registry's names.

This module imports ``formulas``: the engine imports it only when a recalculation runs.
"""

from __future__ import annotations

import collections
import functools
import inspect
from collections.abc import Callable

import formulas
from formulas.functions import COMPILING, wrap_func, wrap_impure_func
from formulas.tokens.operand import Error

from .. import udfs
from ..excel.messages import arity_message, with_messages
from ..xlsx.formula_text import strip_addin_prefixes
from .index import xindex
from .outside import BLOCKED_FUNCTIONS
from .values import to_excel_arg, to_formulas_result

__all__ = ["bare_names", "register_functions", "registry_call"]


def _arity(func: Callable) -> tuple[int, int]:
    params = list(inspect.signature(func).parameters.values())
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return sum(p.default is p.empty for p in params if p.kind is not p.VAR_POSITIONAL), 255
    required = sum(p.default is p.empty for p in params)
    return required, len(params)


def registry_call(name: str, plain: Callable) -> Callable:
    """One registry function as the engines call it: values in, a value or an array out.

    Arguments are converted as xlwings converts them; a failure becomes the ``#IIE! …``
    text and a wrong number of arguments the arity message. Never raises.
    """
    lo, hi = _arity(plain)
    call = with_messages(name, lambda *args: to_formulas_result(plain(*(to_excel_arg(a) for a in args))))

    def udf(*args):
        if not lo <= len(args) <= hi:
            return arity_message(name, lo, hi, len(args))
        return call(*args)

    udf.__name__ = udf.__qualname__ = name
    udf.__doc__ = plain.__doc__
    return udf


def _make_udf(name: str, plain: Callable) -> Callable:
    """The ``formulas`` function for one registry function (never raises)."""
    return wrap_func(registry_call(name, plain))


class _IndexEntry(dict):
    _iiecon = True


def _index_entry() -> dict:
    func = wrap_func(xindex, ranges=True)
    return _IndexEntry(extra_inputs=collections.OrderedDict([(COMPILING, False)]),
                       function=wrap_impure_func(func))


_REGISTERED: dict[str, tuple[int, Callable]] = {}


def _refused_call(*args):  # noqa: ARG001 - any arguments
    return Error.errors["#REF!"]


_refused = wrap_func(_refused_call)


def register_functions() -> dict:
    """Put the registry's functions and the INDEX fix into ``formulas.get_functions()``.

    Idempotent; re-wraps a function only if the registry's callable changed. Must run
    before a book is parsed (``formulas`` resolves function names at parse time).
    Returns the ``formulas`` function table.
    """
    table = formulas.get_functions()
    for name, plain in udfs.FUNCTIONS.items():
        key = name.upper()
        cached = _REGISTERED.get(key)
        if cached is None or cached[0] != id(plain) or table.get(key) is not cached[1]:
            wrapped = _make_udf(name, plain)
            _REGISTERED[key] = (id(plain), wrapped)
            table[key] = wrapped
    if not getattr(table.get("INDEX"), "_iiecon", False):
        table["INDEX"] = _index_entry()
    for name in BLOCKED_FUNCTIONS:  # never reach outside the book: #REF!, as the fast engine
        for key in (name, "_XLFN." + name, "_XLWS." + name):
            table[key] = _refused
    return table


@functools.lru_cache(maxsize=None)
def _bare_names(text: str, names: tuple[str, ...]) -> str:
    return strip_addin_prefixes(text, names)


def bare_names(text: str) -> str:
    """A formula with the add-in prefixes before the registry's function names dropped."""
    return _bare_names(text, tuple(sorted(udfs.FUNCTIONS)))
