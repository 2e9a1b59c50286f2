"""The iiecon-xl functions as the engine calls them: conversions, messages, add-in prefixes.

- **Registry functions.** :func:`registry_call` wraps each Excel function of
  :data:`iiecon_xl.udfs.FUNCTIONS` (looked up by :mod:`.library`); arguments and results
  are converted by :mod:`.values` as xlwings converts them in Excel.
- **Messages instead of a bare #VALUE!.** The function is wrapped with
  :func:`iiecon_xl.excel.messages.with_messages` — the wrapper the xlwings entry points
  use — so a failure becomes the text ``"#IIE! <argument>: <problem>"`` and Excel and the
  headless engine show the same message; a call with the wrong number of arguments gets
  :func:`~iiecon_xl.excel.messages.arity_message`.
- **Add-in prefixes.** :func:`bare_names` drops the prefixes Excel writes in front of an
  add-in function (``[1]!``, ``_xldudf_`` …) for the registry's names.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

from .. import udfs
from ..excel.messages import arity_message, with_messages
from ..xlsx.formula_text import strip_addin_prefixes
from .values import to_excel_arg, to_formulas_result

__all__ = ["bare_names", "registry_call"]


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


@functools.lru_cache(maxsize=None)
def _bare_names(text: str, names: tuple[str, ...]) -> str:
    return strip_addin_prefixes(text, names)


def bare_names(text: str) -> str:
    """A formula with the add-in prefixes before the registry's function names dropped."""
    return _bare_names(text, tuple(sorted(udfs.FUNCTIONS)))
