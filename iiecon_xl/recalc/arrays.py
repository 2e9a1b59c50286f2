"""Operators on whole blocks in numpy, with ``formulas``' exact element results.

``formulas`` applies an operator to a block through ``np.vectorize`` of a Python function
per element: at n = 999 the engine spent 3.6 s of its calculation there, on the
``SUMPRODUCT((CALC_SECTION=A22)*(CALC_INDUSTRY=k)*CALC_DIRECT)`` shapes of the section
sheet. When the operands are plain enough, the same element results come from one numpy
call (what ``formulas`` 1.3.4 does per element, in brackets):

- arithmetic ``+ - * /`` on numbers, booleans and blanks (blank → 0, each element
  ``float(x)``, IEEE double arithmetic — numpy's float64 gives the same bits; ``x / 0`` →
  ``#DIV/0!``; a non-finite result → ``#NUM!``);
- comparisons ``= <> < > <= >=`` of numbers with numbers (blank → 0; Python's comparison of
  the values, which numpy's object loop calls) or of text with text (blank → ``""``;
  compared upper-cased);
- the result is an object block of Python ``float`` / ``bool`` viewed as ``formulas``'
  ``Array``, broadcast as numpy broadcasts (shapes that do not broadcast → ``#VALUE!``).

Anything else — an error value, text in arithmetic, text against a number, ``^`` — returns
:data:`SLOW` and the caller uses ``formulas``' operator.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from formulas.functions import Array

from .grid import EMPTY, ERRORS

__all__ = ["SLOW", "block_operator"]

#: "not handled here": the caller falls back to ``formulas``' operator.
SLOW = object()

_BLANK = type(EMPTY)
_ARITH = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide}
_COMPARE = {"=": np.equal, "<>": np.not_equal, "<": np.less, ">": np.greater,
            "<=": np.less_equal, ">=": np.greater_equal}
_NUMBERS = frozenset({float, int, np.float64, np.int64})
_ARITH_KINDS = _NUMBERS | {bool, np.bool_, _BLANK}
_COMPARE_NUMBERS = _NUMBERS | {_BLANK}
_TEXT = frozenset({str, _BLANK})
#: A non-object block's elements, as ``formulas`` would see them one by one.
_DTYPE_KINDS = {"f": frozenset({float}), "i": frozenset({int}), "u": frozenset({int}),
                "b": frozenset({bool})}


def _kinds(x: Any) -> frozenset:
    if isinstance(x, np.ndarray):
        if x.dtype == object:
            return frozenset(map(type, x.flat))
        return _DTYPE_KINDS.get(x.dtype.kind, frozenset({object}))
    return frozenset({type(x)})


def _blank_to(x: Any, fill: Any) -> Any:
    if isinstance(x, np.ndarray):
        if x.dtype == object and _BLANK in set(map(type, x.flat)):
            x = x.copy()
            x[x == np.array(EMPTY, dtype=object)] = fill
        return x
    return fill if x is EMPTY else x


def _as_float(x: Any) -> np.ndarray:
    return np.asarray(_blank_to(x, 0), dtype=object).astype(float)


def _arith(op: str, a: Any, b: Any) -> Any:
    x, y = _as_float(a), _as_float(b)
    with np.errstate(all="ignore"):
        r = _ARITH[op](x, y)
    out = r.astype(object)
    out[~np.isfinite(r)] = ERRORS["#NUM!"]
    if op == "/":
        out[np.broadcast_to(y == 0, r.shape)] = ERRORS["#DIV/0!"]
    return out


def _upper(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return np.array([s.upper() for s in x.flat], dtype=object).reshape(x.shape)
    return x.upper()


def _compare(op: str, a: Any, b: Any, ka: frozenset, kb: frozenset) -> Any:
    if ka <= _COMPARE_NUMBERS and kb <= _COMPARE_NUMBERS:
        x, y = _blank_to(a, 0), _blank_to(b, 0)
    elif ka <= _TEXT and kb <= _TEXT:
        x, y = _upper(_blank_to(a, "")), _upper(_blank_to(b, ""))
    else:
        return SLOW
    r = _COMPARE[op](np.asarray(x, dtype=object), np.asarray(y, dtype=object))
    return np.asarray(r, dtype=bool).astype(object)


def block_operator(op: str, a: Any, b: Any) -> Any:
    """``a op b`` for a block operand in numpy, or :data:`SLOW` when ``formulas`` must decide."""
    if not (isinstance(a, np.ndarray) and a.ndim) and not (isinstance(b, np.ndarray) and b.ndim):
        return SLOW
    if op not in _ARITH and op not in _COMPARE:
        return SLOW
    ka, kb = _kinds(a), _kinds(b)
    try:
        np.broadcast_shapes(np.shape(a), np.shape(b))
    except ValueError:
        return ERRORS["#VALUE!"]
    if op in _ARITH:
        if not (ka <= _ARITH_KINDS and kb <= _ARITH_KINDS):
            return SLOW
        out = _arith(op, a, b)
    else:
        out = _compare(op, a, b, ka, kb)
        if out is SLOW:
            return SLOW
    return out.view(Array)
