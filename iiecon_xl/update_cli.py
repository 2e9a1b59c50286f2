"""The yearly-update commands of ``iiecon-xl``: ``new-year``, ``import-io``, ``import-series`` and
``import-provinces`` (issue 12). Each reads a book and writes a new one (never the book itself,
atomically: :mod:`iiecon_xl.workbook.update`), printing one line per change it made. Imports that
are not needed to parse the command line happen inside the command (``iiecon-xl --help`` stays light).
"""

from __future__ import annotations


def _written(out, notes, changes=()) -> int:
    """Print an import's notes, then its changes, then the book written (exit status 0)."""
    for note in notes:
        print(f"  note: {note}")
    for change in changes:
        print(f"  changed: {change}")
    print(f"written {out}")
    return 0


def _require_workbook() -> None:
    from .cli import require  # the command line's check of the optional extras

    require("workbook")


def cmd_new_year(args) -> int:
    _require_workbook()
    from .workbook import update

    out = update.new_year(args.book, args.year, args.output, extrapolate=args.extrapolate)
    mark = "extrapolated (orange, with a note)" if args.extrapolate else "awaiting data (red, with a note)"
    print(f"{out}: extended to {args.year}; new input cells are marked {mark}. "
          f"Fill them, then: iiecon-xl recalc {out} -o <recalculated.xlsx> && iiecon-xl audit <recalculated.xlsx>")
    return 0


def cmd_import_io(args) -> int:
    _require_workbook()
    from .workbook import update

    from .nbs import read_sections_csv

    sections = read_sections_csv(args.sections) if args.sections else None
    out, imp, changes = update.import_io(args.file, args.into, args.output, strict=not args.lenient,
                                         sections=sections, base_year=args.base_year, unit=args.unit)
    io = imp.io
    print(f"{args.file}: {imp.layout} layout, {len(io.codes)} sectors"
          + (f" (classification {imp.table})" if imp.table else "") + f", unit {io.unit}")
    for k, v in imp.checks.items():
        print(f"  check {k}: max deviation {v:.3g}")
    return _written(out, imp.notes, changes)


def cmd_import_series(args) -> int:
    _require_workbook()
    from .workbook import update

    out, what, notes = update.import_series(args.file, args.into, args.output, industry=args.industry)
    print(f"{args.file}: imported {what}")
    return _written(out, notes)


def cmd_import_provinces(args) -> int:
    _require_workbook()
    from .workbook import province_import

    out, year, notes = province_import.import_provinces(args.file, args.into, args.output, year=args.year,
                                                        unit=args.unit)
    print(f"{args.file}: provincial section value added of {year} imported (section allocation rule, §5)")
    return _written(out, notes)


def add_update_parsers(sub) -> None:
    """new-year, import-io, import-series and import-provinces."""
    from . import units  # light: a table of names and factors
    y = sub.add_parser("new-year", help="extend every year-indexed range, report, chart and check of a book to YEAR")
    y.add_argument("book", metavar="BOOK")
    y.add_argument("year", metavar="YEAR", type=int)
    y.add_argument("-o", "--output", metavar="OUT", required=True, help="the extended book (never BOOK)")
    y.add_argument("--extrapolate", action="store_true",
                   help="fill the new year's GDP and macro inputs by linear extrapolation (marked) instead of blank")
    y.set_defaults(func=cmd_new_year)
    i = sub.add_parser("import-io", help="fill a book's IO sheet from an NBS table (CSV or NBS Excel layout, any n)")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--into", metavar="BOOK", required=True)
    i.add_argument("-o", "--output", metavar="OUT", required=True)
    i.add_argument("--lenient", action="store_true", help="record broken table identities as notes instead of failing")
    i.add_argument("--sections", metavar="CSV", help="code,section mapping for sectors the shipped classifications "
                   "do not know (e.g. a 42-sector table)")
    i.add_argument("--base-year", metavar="YEAR", type=int, help="the table's year, when neither the table nor its "
                   "file name states it (default: from the table)")
    i.add_argument("--unit", choices=list(units.UNITS), help="the unit of the file's numbers when the "
                   "file does not state it (default: the file's 单位, else 万元)")
    i.set_defaults(func=cmd_import_io)
    e = sub.add_parser("import-series", help="put an NBS data export (national GDP by industry, provincial "
                       "indicators) into a book's input sheets")
    e.add_argument("file", metavar="FILE")
    e.add_argument("--into", metavar="BOOK", required=True)
    e.add_argument("-o", "--output", metavar="OUT", required=True)
    e.add_argument("--industry", choices=["primary", "secondary", "tertiary"],
                   help="the Province GDP block to fill when the export's indicator does not say")
    e.set_defaults(func=cmd_import_series)
    v = sub.add_parser("import-provinces", help="put provincial value added by sector (42-sector regional IO "
                       "tables) summed to the 19 sections into a book's 分省门类增加值 sheet (section rule, §5)")
    v.add_argument("file", metavar="FILE")
    v.add_argument("--into", metavar="BOOK", required=True)
    v.add_argument("-o", "--output", metavar="OUT", required=True)
    v.add_argument("--year", type=int, help="the data year (default: the year in the file name)")
    v.add_argument("--unit", choices=list(units.UNITS), help="the unit of the file's values when its value "
                   "column does not say (TVA_10k_yuan = 万元)")
    v.set_defaults(func=cmd_import_provinces)
