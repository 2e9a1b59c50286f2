"""A formula's syntax tree → one Python closure, compiled once per shape.

A compiled formula is ``fn(env)``: ``env.row`` / ``env.col`` are the cell it runs for
(relative references move with it). Values are ``formulas``' (see :mod:`.grid`); the
functions are ``formulas``' own library called directly — no dispatcher — except the
reference functions of :mod:`.lookup`, LET, and the registry's functions
(:mod:`.library`, :mod:`.bridge`). Arithmetic and comparisons of two numbers take a fast path with
the same result as ``formulas``' operators, and of plain blocks one numpy call
(:mod:`.arrays`); anything else goes through them.
:class:`Compiler` also lists the references a formula reads (``refs``: templates that
:meth:`Compiler.cell_refs` resolves for a cell), for the evaluation order.
"""

from __future__ import annotations

import math
import operator
from typing import Any, Callable

import numpy as np
from formulas.functions import Array
from formulas.functions.operators import OPERATORS

from .arrays import SLOW, block_operator
from .grid import EMPTY, ERRORS, Grids, Ref, xl_error
from .library import call_function, norm
from .lookup import REFERENCE_FUNCTIONS

__all__ = ["Compiled", "Compiler", "Env"]

Fn = Callable[[Any], Any]
_NUM = (float, int)
_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul}
_COMPARE = {"=": operator.eq, "<>": operator.ne, "<": operator.lt, ">": operator.gt,
            "<=": operator.le, ">=": operator.ge}


class Env:
    """The cell a compiled formula runs for."""

    __slots__ = ("row", "col")

    def __init__(self, row: int = 0, col: int = 0):
        self.row, self.col = row, col


class Compiled:
    """A compiled shape: the closure and the reference templates it reads."""

    __slots__ = ("fn", "refs")

    def __init__(self, fn: Fn, refs: list[tuple]):
        self.fn, self.refs = fn, refs


def _number_result(x: float) -> Any:
    return x if math.isfinite(x) else ERRORS["#NUM!"]


class Compiler:
    """Compiles the formulas of one book (its grids, defined names, sheet names)."""

    def __init__(self, grids: Grids, names: dict[tuple[str, int | None], tuple]):
        self.grids = grids
        self.names = names          # (NAME, sheet index or None) → syntax tree
        self._name_stack: list[str] = []

    # ------------------------------------------------------------------ entry points

    def compile(self, tree: tuple, sheet: int) -> Compiled:
        refs: list[tuple] = []
        fn = self._node(tree, sheet, False, {}, refs)
        return Compiled(fn, refs)

    @staticmethod
    def cell_refs(compiled: Compiled, row: int, col: int) -> list[tuple[int, int, int, int, int]]:
        """The absolute rectangles (sheet, r1, c1, r2, c2) a compiled shape reads at (row, col)."""
        out = []
        for tpl in compiled.refs:
            if tpl[0] == "box":
                part = out[tpl[1]:tpl[2]]
                out.append((part[0][0], min(p[1] for p in part), min(p[2] for p in part),
                            max(p[3] for p in part), max(p[4] for p in part)))
                continue
            sheet, (r1, c1, r2, c2), (a1, b1, a2, b2) = tpl
            R1, C1 = r1 + (0 if a1 else row), c1 + (0 if b1 else col)
            R2, C2 = r2 + (0 if a2 else row), c2 + (0 if b2 else col)
            out.append((sheet, min(R1, R2), min(C1, C2), max(R1, R2), max(C1, C2)))
        return out

    # ------------------------------------------------------------------ nodes

    def _node(self, node: tuple, sheet: int, want_ref: bool, scope: dict, refs: list) -> Fn:
        kind = node[0]
        if kind in ("num", "str", "bool"):
            v = node[1]
            return lambda env: v
        if kind == "err":
            e = xl_error(node[1])
            return lambda env: e
        if kind == "missing":
            return lambda env: EMPTY
        if kind == "array":
            arr = np.array([[xl_error(x[1]) if x[0] == "err" else x[1] for x in row] for row in node[1]],
                           dtype=object).view(Array)
            return lambda env: arr
        if kind == "ref":
            return self._ref(node, sheet, want_ref, refs)
        if kind == "name":
            return self._name(node, sheet, want_ref, scope, refs)
        if kind == "call":
            return self._call(node, sheet, want_ref, scope, refs)
        if kind == "op" and node[1] == ":":
            return self._range_op(node, sheet, want_ref, scope, refs)
        if kind == "op":
            return self._binary(node[1], self._node(node[2], sheet, False, scope, refs),
                                self._node(node[3], sheet, False, scope, refs))
        return self._unary(kind, self._node(node[1], sheet, False, scope, refs))

    def _value_of(self, fn: Fn) -> Fn:
        value = self.grids.value

        def deref(env):
            x = fn(env)
            return value(x) if type(x) is Ref else x
        return deref

    def _ref(self, node: tuple, sheet: int, want_ref: bool, refs: list) -> Fn:
        s = sheet if node[1] is None else self.grids.index.get(node[1].upper())
        if s is None:
            e = ERRORS["#REF!"]
            return lambda env: e
        (r1, c1, r2, c2), (a1, b1, a2, b2) = node[2], node[3]
        refs.append((s, node[2], node[3]))
        k1, k2, j1, j2 = (0 if a1 else 1), (0 if a2 else 1), (0 if b1 else 1), (0 if b2 else 1)
        cell, bad = self.grids.cell, ERRORS["#REF!"]
        if (r1, c1, a1, b1) == (r2, c2, a2, b2) and not want_ref:
            def one(env):
                r, c = r1 + k1 * env.row, c1 + j1 * env.col
                return cell(s, r, c) if r >= 0 and c >= 0 else bad
            return one

        def make(env):
            R1, R2 = r1 + k1 * env.row, r2 + k2 * env.row
            C1, C2 = c1 + j1 * env.col, c2 + j2 * env.col
            if min(R1, R2, C1, C2) < 0:
                return bad
            return Ref(s, min(R1, R2), min(C1, C2), max(R1, R2), max(C1, C2))
        return make if want_ref else self._value_of(make)

    def _name(self, node: tuple, sheet: int, want_ref: bool, scope: dict, refs: list) -> Fn:
        name = node[1][6:] if node[1].startswith("_XLPM.") else node[1]
        if node[2] is None and name in scope:
            box = scope[name]
            return (lambda env: box[0]) if want_ref else self._value_of(lambda env: box[0])
        local = None if node[2] is None else self.grids.index.get(node[2].upper())
        tree = self.names.get((name, local)) or self.names.get((name, None))
        if tree is None or name in self._name_stack:
            e = ERRORS["#REF!"]
            return lambda env: e
        self._name_stack.append(name)
        try:
            return self._node(tree, sheet, want_ref, {}, refs)
        finally:
            self._name_stack.pop()

    def _range_op(self, node: tuple, sheet: int, want_ref: bool, scope: dict, refs: list) -> Fn:
        first = len(refs)
        fa = self._node(node[2], sheet, True, scope, refs)
        fb = self._node(node[3], sheet, True, scope, refs)
        if len(refs) > first and len({r[0] for r in refs[first:]}) == 1 and all(r[0] != "box" for r in refs[first:]):
            self._bounding(refs, first)
        bad = ERRORS["#VALUE!"]

        def span(env):
            a, b = fa(env), fb(env)
            if type(a) is not Ref or type(b) is not Ref:
                return a if isinstance(a, type(bad)) else (b if isinstance(b, type(bad)) else bad)
            if a.sheet != b.sheet:
                return bad
            return Ref(a.sheet, min(a.r1, b.r1), min(a.c1, b.c1), max(a.r2, b.r2), max(a.c2, b.c2))
        return span if want_ref else self._value_of(span)

    @staticmethod
    def _bounding(refs: list, first: int) -> None:
        """Read the box spanning refs[first:] too (resolved cell by cell in :meth:`cell_refs`)."""
        refs.append(("box", first, len(refs)))

    def _call(self, node: tuple, sheet: int, want_ref: bool, scope: dict, refs: list) -> Fn:
        name, args = node[1], node[2]
        bare = name[6:] if name.startswith("_XLFN.") else name
        if bare == "LET":
            return self._let(args, sheet, want_ref, scope, refs)
        if bare in REFERENCE_FUNCTIONS:
            return self._reference_call(bare, args, sheet, want_ref, scope, refs)
        fns = [self._node(a, sheet, False, scope, refs) for a in args]
        return call_function(name, fns)

    def _reference_call(self, name: str, args: tuple, sheet: int, want_ref: bool, scope: dict,
                        refs: list) -> Fn:
        func, ref_args, extra, (lo, hi) = REFERENCE_FUNCTIONS[name]
        if not lo <= len(args) <= hi:
            e = ERRORS["#VALUE!"]
            return lambda env: e
        fns = [self._node(a, sheet, i in ref_args, scope, refs) for i, a in enumerate(args)]
        values = self.grids.value
        if extra == "env":
            fn = lambda env: func(env, *[f(env) for f in fns])  # noqa: E731
        elif extra == "values":
            fn = lambda env: func(values, *[f(env) for f in fns])  # noqa: E731
        else:
            fn = lambda env: func(*[f(env) for f in fns])  # noqa: E731
        return fn if want_ref else self._value_of(fn)

    def _let(self, args: tuple, sheet: int, want_ref: bool, scope: dict, refs: list) -> Fn:
        if len(args) < 3 or len(args) % 2 == 0:
            e = ERRORS["#VALUE!"]
            return lambda env: e
        inner = dict(scope)
        steps = []
        for var, expr in zip(args[:-1:2], args[1:-1:2]):
            if var[0] != "name" or var[2] is not None:
                e = ERRORS["#VALUE!"]
                return lambda env: e
            fn = self._node(expr, sheet, True, inner, refs)
            box = [EMPTY]
            inner[var[1][6:] if var[1].startswith("_XLPM.") else var[1]] = box
            steps.append((box, fn))
        body = self._node(args[-1], sheet, want_ref, inner, refs)

        def let(env):
            for box, fn in steps:
                box[0] = fn(env)
            return body(env)
        return let

    # ------------------------------------------------------------------ operators

    @staticmethod
    def _binary(op: str, fa: Fn, fb: Fn) -> Fn:
        slow = OPERATORS[op]
        fast = _ARITH.get(op) or _COMPARE.get(op)
        div0 = ERRORS["#DIV/0!"]

        def binary(env):
            a, b = fa(env), fb(env)
            ta, tb = type(a), type(b)
            if fast is not None and (ta is float or ta is int) and (tb is float or tb is int):
                if op in _COMPARE:
                    return fast(a, b)
                return _number_result(fast(float(a), float(b)))
            if op == "/" and (ta is float or ta is int) and (tb is float or tb is int):
                return _number_result(float(a) / b) if b else div0
            if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
                out = block_operator(op, a, b)
                if out is not SLOW:
                    return out
            try:
                return norm(slow(a, b))
            except Exception:  # noqa: BLE001 - formulas raises on shapes it cannot broadcast
                return ERRORS["#VALUE!"]
        return binary

    @staticmethod
    def _unary(kind: str, fa: Fn) -> Fn:
        slow = OPERATORS[{"neg": "U-", "plus": "U+", "pct": "%"}[kind]]

        def unary(env):
            a = fa(env)
            if kind == "neg" and (type(a) is float or type(a) is int):
                return -float(a)
            try:
                return norm(slow(a))
            except Exception:  # noqa: BLE001
                return ERRORS["#VALUE!"]
        return unary
