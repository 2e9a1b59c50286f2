"""``iiecon-xl recalc BOOK -o OUT`` on the command line."""

from __future__ import annotations

import argparse
import sys

from ..errors import IIEInputError
from .engine import recalc

__all__ = ["add_recalc_parser", "cmd_recalc", "main"]


def _libreoffice(book: str, output: str) -> int:
    from .engine import check_paths
    from .libreoffice import libreoffice_recalc

    src, dst = check_paths(book, output)
    libreoffice_recalc(src, dst)
    print(f"recalculated by LibreOffice; written to {dst}")
    return 0


def cmd_recalc(args) -> int:
    """``iiecon-xl recalc [--engine E] BOOK -o OUT``: 0 if no error value, 1 otherwise, 2 on bad input.

    ``--engine libreoffice`` has LibreOffice recalculate the book (exit 0 when it wrote OUT;
    its error values are not listed).
    """
    try:
        if getattr(args, "engine", "iiecon") == "libreoffice":
            return _libreoffice(args.book, args.output)
        res = recalc(args.book, args.output)
    except IIEInputError as exc:
        print(f"iiecon-xl: input error: {exc}", file=sys.stderr)
        return 2
    print(res.summary())
    return 1 if (res.errors or res.unevaluated) else 0


def add_recalc_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``recalc BOOK -o OUT`` on an ``argparse`` sub-parser collection."""
    p = subparsers.add_parser(
        "recalc", help="evaluate every formula of a workbook headlessly and write a copy with values",
        description="Evaluate every formula of BOOK (Excel functions and the iiecon-xl functions) and "
                    "write OUT: the same workbook, formulas kept, with the computed values cached so it "
                    "opens with numbers in any viewer. BOOK is never modified. Exit status 1 if any "
                    "cell holds an error value or an iiecon-xl message.")
    p.add_argument("book", metavar="BOOK", help="the workbook to recalculate (.xlsx)")
    p.add_argument("--engine", choices=("iiecon", "libreoffice"), default="iiecon",
                   help="iiecon: the package's own engine (default); libreoffice: LibreOffice headless "
                        "(it does not know the iiecon-xl functions: their cells show #NAME?)")
    p.add_argument("-o", "--output", metavar="OUT", required=True,
                   help="the workbook to write (must not be BOOK; folders are created)")
    p.set_defaults(func=cmd_recalc)
    return p


def main(argv=None) -> int:  # pragma: no cover - `python -m iiecon_xl.recalc`
    """``python -m iiecon_xl.recalc BOOK -o OUT``."""
    parser = argparse.ArgumentParser(prog="iiecon-xl")
    add_recalc_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)
