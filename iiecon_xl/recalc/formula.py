"""Formula text → a position-free syntax tree, and the *shape* of a formula.

:func:`tokenize` reads a formula once with one regular expression and writes every cell
reference relative to the formula's own cell (absolute parts stay absolute): ``=B2-C2``
in D2 and ``=B3-C3`` in D3 give the same tokens — the same *shape* — so the fast engine
parses and compiles each shape once (:func:`parse`). The tree is made of tuples:

- ``("num", 1.5)``, ``("str", "x")``, ``("bool", True)``, ``("err", "#N/A")``,
  ``("missing",)`` for an omitted argument, ``("array", rows)`` for ``{1,2;3,4}``;
- ``("ref", sheet, (r1, c1, r2, c2), (ar1, ac1, ar2, ac2))``: 0-based bounds, each
  either absolute (flag True) or an offset from the formula's cell; ``sheet`` None is the
  formula's own sheet;
- ``("name", NAME, sheet)`` (a defined name or a LET variable), ``("call", NAME, args)``,
  ``("op", op, a, b)``, ``("neg", a)``, ``("plus", a)``, ``("pct", a)``.

Precedence is Excel's: ``:`` binds tightest, then negation, ``%``, ``^``, ``* /``,
``+ -``, ``&``, comparisons. A formula the tokenizer or the parser does not understand
raises :class:`FormulaSyntaxError` (the engine shows ``#NAME?`` and lists it).
"""

from __future__ import annotations

import re
from typing import Any

from ..xlsx.a1 import MAX_COLS, MAX_ROWS, col_index

__all__ = ["FormulaSyntaxError", "parse", "tokenize"]


class FormulaSyntaxError(ValueError):
    """A formula the engine cannot read."""


_ERRORS = r"\#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!)"
_TOKEN = re.compile(rf"""
 (?P<ws>\s+)
|(?P<str>"(?:[^"]|"")*")
|(?P<err>{_ERRORS})
|(?P<sheet>(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!)
|(?P<cols>(\$?)([A-Za-z]{{1,3}}):(\$?)([A-Za-z]{{1,3}})(?![\w(.!]))
|(?P<rows>(\$?)(\d{{1,7}}):(\$?)(\d{{1,7}})(?![\w(.!]))
|(?P<cell>(\$?)([A-Za-z]{{1,3}})(\$?)(\d{{1,7}})(?![\w(.!]))
|(?P<func>(?:[^\W\d]|\\)[\w.]*\()
|(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
|(?P<bool>(?:TRUE|FALSE)(?![\w(.]))
|(?P<name>(?:[^\W\d]|\\)[\w.\\]*)
|(?P<op><>|<=|>=|[-+*/^&=<>%(),;{{}}:])
""", re.X | re.I)

_BINARY = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3,
           "*": 4, "/": 4, "^": 5}
_NEG_BP, _PCT_BP = 6, 7


def _cell_bound(m, g: int, origin: tuple[int, int]) -> tuple[tuple[int, bool], tuple[int, bool]]:
    """((row, abs), (col, abs)) of a cell token whose groups start at ``g``."""
    col_abs, col, row_abs, row = m.group(g + 1), m.group(g + 2), m.group(g + 3), m.group(g + 4)
    r, c = int(row) - 1, col_index(col)
    if not (0 <= r < MAX_ROWS):
        raise FormulaSyntaxError(f"row {row} out of range")
    return ((r if row_abs else r - origin[0], bool(row_abs)), (c if col_abs else c - origin[1], bool(col_abs)))


def _ref_token(kind: str, m, origin: tuple[int, int]) -> tuple:
    gi = m.re.groupindex[kind]
    if kind == "cell":
        (r, ra), (c, ca) = _cell_bound(m, gi, origin)
        return ("ref", (r, c, r, c), (ra, ca, ra, ca))
    a1, x1, a2, x2 = m.group(gi + 1), m.group(gi + 2), m.group(gi + 3), m.group(gi + 4)
    if kind == "cols":
        c1, c2 = col_index(x1), col_index(x2)
        c1, c2 = (c1 if a1 else c1 - origin[1]), (c2 if a2 else c2 - origin[1])
        return ("ref", (0, c1, MAX_ROWS - 1, c2), (True, bool(a1), True, bool(a2)))
    r1, r2 = int(x1) - 1, int(x2) - 1
    r1, r2 = (r1 if a1 else r1 - origin[0]), (r2 if a2 else r2 - origin[0])
    return ("ref", (r1, 0, r2, MAX_COLS - 1), (bool(a1), True, bool(a2), True))


def tokenize(text: str, origin: tuple[int, int] = (0, 0)) -> tuple:
    """The tokens of ``text`` (with or without ``=``), references relative to ``origin``."""
    s = text[1:] if text.startswith("=") else text
    out: list[tuple] = []
    pos, n = 0, len(s)
    while pos < n:
        m = _TOKEN.match(s, pos)
        if m is None:
            raise FormulaSyntaxError(f"cannot read {s[pos:pos + 12]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind in ("cell", "cols", "rows"):
            out.append(_ref_token(kind, m, origin))
        elif kind == "sheet":
            name = m.group(kind)[:-1]
            out.append(("sheet", name[1:-1].replace("''", "'") if name.startswith("'") else name))
        else:
            out.append((kind, m.group(kind)))
    return tuple(out)


class _Parser:
    def __init__(self, tokens: tuple):
        self.t, self.i = tokens, 0

    def peek(self) -> tuple | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self) -> tuple:
        tok = self.peek()
        if tok is None:
            raise FormulaSyntaxError("unexpected end of formula")
        self.i += 1
        return tok

    def expect(self, op: str) -> None:
        tok = self.take()
        if tok != ("op", op):
            raise FormulaSyntaxError(f"expected {op!r}, got {tok[1]!r}")

    def expr(self, min_bp: int = 0) -> tuple:
        lhs = self.prefix()
        while True:
            tok = self.peek()
            if tok is None or tok[0] != "op":
                return lhs
            op = tok[1]
            if op == "%":
                if _PCT_BP < min_bp:
                    return lhs
                self.i += 1
                lhs = ("pct", lhs)
                continue
            bp = _BINARY.get(op)
            if bp is None or bp < min_bp:
                return lhs
            self.i += 1
            rhs = self.expr(bp + 1)  # left-associative, as in Excel (2^3^2 = 64)
            lhs = ("op", op, lhs, rhs)

    def prefix(self) -> tuple:
        tok = self.take()
        kind, val = tok[0], tok[-1]
        if kind == "op" and val in "-+":
            inner = self.expr(_NEG_BP)
            return ("neg", inner) if val == "-" else ("plus", inner)
        return self.postfix_range(self.primary(tok))

    def postfix_range(self, node: tuple) -> tuple:
        while self.peek() == ("op", ":"):
            self.i += 1
            node = ("op", ":", node, self.primary(self.take()))
        return node

    def primary(self, tok: tuple) -> tuple:
        kind = tok[0]
        if kind == "num":
            return ("num", float(tok[1]))
        if kind == "str":
            return ("str", tok[1][1:-1].replace('""', '"'))
        if kind == "bool":
            return ("bool", tok[1].upper() == "TRUE")
        if kind == "err":
            return ("err", tok[1].upper())
        if kind == "ref":
            return self.area(None, tok)
        if kind == "sheet":
            return self.qualified(tok[1])
        if kind == "name":
            return ("name", tok[1].upper(), None)
        if kind == "func":
            return self.call(tok[1][:-1].upper())
        if tok == ("op", "("):
            inner = self.expr()
            self.expect(")")
            return inner
        if tok == ("op", "{"):
            return self.array()
        raise FormulaSyntaxError(f"unexpected {tok[-1]!r}")

    def qualified(self, sheet: str) -> tuple:
        tok = self.take()
        if tok[0] == "ref":
            return self.area(sheet, tok)
        if tok[0] == "name":
            return ("name", tok[1].upper(), sheet)
        raise FormulaSyntaxError(f"{sheet}! must be followed by a reference")

    def area(self, sheet: str | None, tok: tuple) -> tuple:
        """A reference; ``A1:B2`` (two cells, the sheet applying to both) as one range."""
        nxt = self.t[self.i + 1] if self.i + 1 < len(self.t) else None
        if self.peek() == ("op", ":") and nxt is not None and nxt[0] == "ref":
            self.i += 2
            (r1, c1, _, _), (a1, b1, _, _) = tok[1], tok[2]
            (_, _, r2, c2), (_, _, a2, b2) = nxt[1], nxt[2]
            return ("ref", sheet, (r1, c1, r2, c2), (a1, b1, a2, b2))
        return ("ref", sheet, tok[1], tok[2])

    def call(self, name: str) -> tuple:
        args: list[tuple] = []
        if self.peek() == ("op", ")"):
            self.i += 1
            return ("call", name, ())
        while True:
            if self.peek() in (("op", ","), ("op", ")")):
                args.append(("missing",))
            else:
                args.append(self.expr())
            tok = self.take()
            if tok == ("op", ")"):
                return ("call", name, tuple(args))
            if tok != ("op", ","):
                raise FormulaSyntaxError(f"expected ',' or ')' in {name}(")

    def array(self) -> tuple:
        rows: list[list[Any]] = [[]]
        while True:
            node = self.expr()
            if node[0] == "neg" and node[1][0] == "num":
                node = ("num", -node[1][1])
            if node[0] not in ("num", "str", "bool", "err"):
                raise FormulaSyntaxError("an array constant holds constants only")
            rows[-1].append(node)
            tok = self.take()
            if tok == ("op", "}"):
                break
            if tok == ("op", ";"):
                rows.append([])
            elif tok != ("op", ","):
                raise FormulaSyntaxError("expected ',', ';' or '}' in an array constant")
        if len({len(r) for r in rows}) != 1:
            raise FormulaSyntaxError("the rows of an array constant differ in length")
        return ("array", tuple(tuple(r) for r in rows))


def parse(tokens: tuple) -> tuple:
    """The syntax tree of a formula's tokens (:func:`tokenize`)."""
    p = _Parser(tokens)
    if not tokens:
        raise FormulaSyntaxError("empty formula")
    node = p.expr()
    if p.peek() is not None:
        raise FormulaSyntaxError(f"unexpected {p.peek()[-1]!r}")
    return node
