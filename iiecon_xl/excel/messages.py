"""The one exception → ``#IIE!`` message wrapper, used by the xlwings entry points and by
the headless engine alike, so Excel and ``iiecon-xl recalc`` show the same text.

- an :class:`~iiecon_xl.errors.IIEInputError` becomes ``"#IIE! <argument>: <problem>"``;
- any other exception becomes ``"#IIE! internal error: <Type>: <message>"`` (one line, at
  most 200 characters), and is logged with its traceback; never a traceback in the cell.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from ..errors import IIEInputError

#: Prefix of the one-cell message an iiecon-xl function shows when something is wrong.
IIE_ERROR_PREFIX = "#IIE!"
#: Longest internal-error message shown in a cell.
MAX_MESSAGE = 200

logger = logging.getLogger("iiecon_xl.excel")


def message_for(exc: BaseException) -> str:
    """The cell text for an exception raised by an iiecon-xl function."""
    if isinstance(exc, IIEInputError):
        return f"{IIE_ERROR_PREFIX} {exc}"
    text = " ".join(str(exc).split())
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 1] + "…"
    return f"{IIE_ERROR_PREFIX} internal error: {type(exc).__name__}: {text}"


def arity_message(name: str, lo: int, hi: int, got: int) -> str:
    """The message for a call with the wrong number of arguments."""
    want = f"{lo}" if lo == hi else f"{lo} to {hi}"
    return f"{IIE_ERROR_PREFIX} {name}: takes {want} argument{'s' if hi != 1 else ''}, got {got}"


def with_messages(name: str, func: Callable, *, log_level: int = logging.DEBUG) -> Callable:
    """``func`` with every failure returned as its :func:`message_for` text.

    ``log_level``: the level at which an internal error is logged with its traceback
    (the Excel entry points use ``logging.ERROR``, so that it reaches xlwings' console;
    the headless engine keeps the default, DEBUG).
    """

    @functools.wraps(func)
    def entry(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - the cell gets a message, never a traceback
            if not isinstance(e, IIEInputError):
                logger.log(log_level, "internal error in %s", name, exc_info=True)
            return message_for(e)

    return entry
