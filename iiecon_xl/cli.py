"""The ``iiecon-xl`` command line.

    iiecon-xl report [BOOK] [-o OUT] [--json]     recalc + audit + tables + figures (default: the demo book)
    iiecon-xl report --inputs FOLDER              the same from a folder of input CSVs, without a workbook
    iiecon-xl build-workbooks [-o DIR]            write iie_template.xlsx and iie_demo.xlsx (default ./workbooks)
    iiecon-xl analyse BOOK|--inputs FOLDER        the IO analysis menu (multipliers, linkages, extraction, uncertainty)
    iiecon-xl recalc BOOK -o OUT                  evaluate every formula headlessly, keep formulas, fill values
    iiecon-xl audit BOOK [--json]                 recompute independently and flag every disagreement
    iiecon-xl upgrade BOOK -o OUT                 rebuild a book of an earlier layout in today's layout
    iiecon-xl new-year | import-io | import-series | import-provinces   the yearly update (update_cli)
    iiecon-xl demo-data -o FOLDER                 write the demo inputs as CSV files
    iiecon-xl addin install [--dest DIR]          install the Excel add-in

Every import that is not needed to parse the command line happens inside the command, so
``iiecon-xl --help`` loads neither the statistics nor the workbook or figure libraries. The
core install (``pip install iiecon-xl``) carries what the worksheet functions need; a command
that needs an optional extra and does not find it says which one to install, in one line,
and exits with status 2.

Outputs never touch an input and never exist half-written (:mod:`iiecon_xl.safefiles`): a report
folder ``-o`` must be absent or empty (``--force`` replaces it), is checked against the book or
inputs folder by device and inode, and is written under a hidden temporary name renamed into
place when complete. Every input error is one line and exit status 2; Ctrl-C is the one line
``interrupted`` and exit status 130.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

from . import __version__
from .errors import IIEInputError
from .safefiles import atomic_folder, check_output, inside, interrupt_guard

DEFAULT_OUT = "iiecon-output"
DEFAULT_WORKBOOKS = "workbooks"

#: optional extra → the modules (import names) it installs
EXTRAS = {"workbook": ("openpyxl", "xlsxwriter", "formulas"), "figures": ("matplotlib",)}
#: module → the extra that installs it
MODULE_EXTRA = {**{m: extra for extra, mods in EXTRAS.items() for m in mods}, "noto_cjk_sans_otc": "figures"}


class MissingExtra(Exception):
    """A command needs an optional extra that is not installed."""

    def __init__(self, extra: str):
        self.extra = extra
        super().__init__(f"needs the {extra} extra: pip install 'iiecon-xl[{extra}]'")


def installed(module: str) -> bool:
    """Whether ``module`` can be imported (found without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ValueError:  # a module in sys.modules without a spec
        return module in sys.modules and sys.modules[module] is not None


def require(*extras: str) -> None:
    """Raise :class:`MissingExtra` for the first of ``extras`` with a module that is not installed."""
    for extra in extras:
        if not all(installed(m) for m in EXTRAS[extra]):
            raise MissingExtra(extra)


def _progress(quiet: bool):
    def say(msg: str) -> None:
        if not quiet:
            print(f"… {msg}", file=sys.stderr, flush=True)
    return say


def cmd_report(args) -> int:
    draws = not (args.no_figures or args.json)
    require(*(["workbook"] if not (args.inputs and args.json) else []), *(["figures"] if draws else []))
    say = _progress(args.quiet or args.json)
    if args.inputs:  # straight from a folder of CSV inputs, no workbook
        return _report_from_inputs(args, say)
    from .workbook import books

    with tempfile.TemporaryDirectory(prefix="iiecon-demo-") as spare:  # a built demo book: outside -o
        book = Path(args.book) if args.book else books.demo_book(Path(spare))
        if not book.is_file():
            raise IIEInputError("BOOK", f"{book} does not exist" if not book.exists() else f"{book} is not a file")
        from .xlsx.limits import check_xlsx

        check_xlsx(book)
        out = check_output(args.output, [book], kind="folder", force=args.force)
        try:
            with atomic_folder(out) as tmp:
                run = books.run_book(book, tmp, figures=draws, progress=say)
        except books.RecalcFailed as exc:  # the temporary folder is gone: nothing written
            print(f"iiecon-xl report: {exc}", file=sys.stderr)
            return 1
    files = [out / Path(f).relative_to(tmp) for f in run.files]
    if args.json:
        js = run.report.to_json_dict()
        js["audit"] = {"ok": run.audit.ok, "counts": run.audit.counts(), "compared": run.audit.compared}
        js["book"] = str(book)
        return _print_json(js)
    print(f"工作簿 Workbook: {book}")
    print(run.recalc.summary())
    print(run.audit.text(limit=20))
    _print_report(run.report, files, out)
    return 0 if (run.audit.ok and run.recalc.ok) else 1


def _report_from_inputs(args, say) -> int:
    from . import pipeline, report_io
    from .inputs import Inputs

    inputs_folder = Path(args.inputs)
    out = None
    if not args.json:  # JSON goes to stdout: nothing is written
        out = check_output(args.output, [inputs_folder], kind="folder", force=args.force)
        if inside(out, inputs_folder):
            raise IIEInputError("-o", f"{out} is inside the inputs folder {inputs_folder}; choose another folder")
    report = pipeline.run(Inputs.read(inputs_folder), progress=say)
    if args.json:
        return _print_json(report.to_json_dict())
    say(f"writing the report (complete under {out} when done)")
    with atomic_folder(out) as tmp:
        files = report_io.write_tables(report, tmp)
        if not args.no_figures:
            from . import figures
            files += figures.make_figures(report, tmp / "figures")
    _print_report(report, [out / Path(f).relative_to(tmp) for f in files], out)
    return 0


def _print_json(obj) -> int:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def _print_report(report, files, out: Path) -> None:
    from . import report_io

    if report.label:
        print(report.label)
    print(report_io.national_text(report))
    for w in report.warnings:
        print(f"注意 note: {w}")
    print(f"\n{len(files)} files written to {out.resolve()}/")
    for f in files:
        print(f"  {f}")


def cmd_build_workbooks(args) -> int:
    require("workbook")
    from .workbook import books

    paths = books.build_workbooks(Path(args.output), progress=_progress(args.quiet))
    for p in paths:
        print(f"written {p}")
    return 0


def cmd_upgrade(args) -> int:
    """``iiecon-xl upgrade BOOK -o OUT``: the book rebuilt from its inputs in today's layout."""
    require("workbook")
    from .workbook import upgrade

    for line in upgrade.upgrade(args.book, args.output):
        print(line)
    print(f"upgraded book written to {args.output}")
    return 0


def cmd_recalc(args) -> int:
    require("workbook")
    from .recalc import cmd_recalc as recalc_command

    return recalc_command(args)


def cmd_audit(args) -> int:
    require("workbook")
    from .workbook import audit

    result = audit.audit(args.book)
    if args.json:
        _print_json(result.to_json_dict())
    else:
        print(result.text(limit=args.limit))
    return 0 if result.ok else 1


def cmd_demo_data(args) -> int:
    from . import demo

    folder = check_output(args.output, [demo.DEMO_FOLDER], kind="folder", force=args.force)
    demo.generate().write(folder)
    print(f"demo inputs written to {folder.resolve()} — {demo.LABEL}")
    return 0


# ----------------------------------------------------------------------------- the parser


def _add_report(sub) -> None:
    r = sub.add_parser("report", help="run the measurement on a workbook (default: the demo book) end to end: "
                       "recalc, audit, tables as CSV, figures as PNG")
    r.add_argument("book", metavar="BOOK", nargs="?", help="a workbook built from the template (default: the demo)")
    r.add_argument("--inputs", metavar="FOLDER", help="run from a folder of input CSVs instead of a workbook")
    r.add_argument("-o", "--output", default=DEFAULT_OUT, help=f"output folder, absent or empty (default: "
                   f"./{DEFAULT_OUT}); written under a temporary name and renamed when complete")
    r.add_argument("--force", action="store_true", help="replace a non-empty output folder")
    r.add_argument("--json", action="store_true", help="print all tables as one JSON object instead")
    r.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    r.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    r.set_defaults(func=cmd_report)


def _add_book_commands(sub) -> None:
    """build-workbooks, audit and recalc."""
    w = sub.add_parser("build-workbooks", help="write iie_template.xlsx and iie_demo.xlsx into a folder "
                       f"(default: ./{DEFAULT_WORKBOOKS})")
    w.add_argument("-o", "--output", default=DEFAULT_WORKBOOKS, help=f"folder (default: ./{DEFAULT_WORKBOOKS})")
    w.add_argument("-q", "--quiet", action="store_true")
    w.set_defaults(func=cmd_build_workbooks)
    a = sub.add_parser("audit", help="recompute a workbook independently and flag every cell that disagrees, "
                       "hard-typed numbers where formulas belong, error values and failed checks")
    a.add_argument("book", metavar="BOOK")
    a.add_argument("--json", action="store_true", help="findings as JSON")
    a.add_argument("--limit", type=int, default=50, help="findings to print (default 50)")
    a.set_defaults(func=cmd_audit)
    u = sub.add_parser("upgrade", help="rebuild a book of an earlier layout from its inputs in today's layout "
                       "(edition kept) and say what changed")
    u.add_argument("book", metavar="BOOK")
    u.add_argument("-o", "--output", metavar="OUT", required=True, help="the upgraded book (never BOOK)")
    u.set_defaults(func=cmd_upgrade)
    from .recalc import add_recalc_parser  # light: the engine and `formulas` load when a recalculation runs

    add_recalc_parser(sub).set_defaults(func=cmd_recalc)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="iiecon-xl", description="The industrial internet's contribution to GDP "
                                "(工业互联网带动增加值测算), headless.")
    p.add_argument("--version", action="version", version=f"iiecon-xl {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    _add_report(sub)
    _add_book_commands(sub)
    from .update_cli import add_update_parsers  # light: the update loads when a command runs

    add_update_parsers(sub)
    from .analysis_cli import add_analyse_parser  # light: the analysis loads when the command runs

    add_analyse_parser(sub)
    d = sub.add_parser("demo-data", help="write the bundled demo inputs (illustrative, not official data)")
    d.add_argument("-o", "--output", required=True, help="folder to create")
    d.add_argument("--force", action="store_true", help="write into a non-empty folder")
    d.set_defaults(func=cmd_demo_data)
    try:
        from .addin import add_addin_parser
    except ImportError:  # pragma: no cover - the add-in module is optional at build time
        pass
    else:
        add_addin_parser(sub)
    return p


def _missing_extra(exc: ModuleNotFoundError) -> str | None:
    """The extra that installs the module ``exc`` did not find, if it is one of ours."""
    return MODULE_EXTRA.get((exc.name or "").split(".")[0])


def main(argv=None) -> int:
    """The command line: exit status 0 (1: the audit or recalculation found problems), 2 for an
    input error (one line, never a traceback), 130 on Ctrl-C (one line, after the cleanup)."""
    with interrupt_guard():
        args = build_parser().parse_args(argv)
        return _run(args)


def _run(args) -> int:
    try:
        return int(args.func(args) or 0)
    except IIEInputError as exc:
        print(f"iiecon-xl: input error: {exc}", file=sys.stderr)
        return 2
    except MissingExtra as exc:
        print(f"iiecon-xl {args.command}: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        extra = _missing_extra(exc)
        if extra is None:
            raise
        print(f"iiecon-xl {args.command}: {MissingExtra(extra)}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        from .figures import CJKFontMissingError  # light: the package imports no matplotlib

        if not isinstance(exc, CJKFontMissingError):
            raise
        print(f"iiecon-xl {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
