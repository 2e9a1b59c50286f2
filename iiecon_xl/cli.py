"""The ``iiecon-xl`` command line.

    iiecon-xl report [--inputs FOLDER] [-o OUT] [--json]   run the measurement (default: bundled demo)
    iiecon-xl demo-data -o FOLDER                          write the demo inputs as CSV files
    iiecon-xl addin install [--dest DIR]                   install the Excel add-in
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .errors import IIEInputError

DEFAULT_OUT = "iiecon-output"


def _progress(quiet: bool):
    def say(msg: str) -> None:
        if not quiet:
            print(f"… {msg}", file=sys.stderr, flush=True)
    return say


def cmd_report(args) -> int:
    from . import demo, pipeline, report_io
    from .inputs import Inputs

    inputs_folder = Path(args.inputs) if args.inputs else demo.DEMO_FOLDER
    inputs = Inputs.read(inputs_folder)
    out = Path(args.output)
    if out.resolve() == inputs_folder.resolve() or inputs_folder.resolve() in out.resolve().parents:
        raise IIEInputError("--output", f"{out} is the inputs folder (or inside it); choose another folder")
    report = pipeline.run(inputs, progress=_progress(args.quiet or args.json))
    if args.json:
        json.dump(report.to_json_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    files = report_io.write_tables(report, out)
    if report.label:
        print(report.label)
    print(report_io.national_text(report))
    for w in report.warnings:
        print(f"注意 note: {w}")
    print(f"\n{len(files)} files written to {out.resolve()}/ ({len(files) - 1} tables as CSV, report_values.xlsx)")
    return 0


def cmd_demo_data(args) -> int:
    from . import demo

    folder = Path(args.output)
    if folder.exists() and any(folder.iterdir()) and not args.force:
        raise IIEInputError("--output", f"{folder} is not empty; pass --force to write into it")
    demo.generate().write(folder)
    print(f"demo inputs written to {folder.resolve()} — {demo.LABEL}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="iiecon-xl", description="The industrial internet's contribution to GDP "
                                "(工业互联网带动增加值测算), headless.")
    p.add_argument("--version", action="version", version=f"iiecon-xl {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("report", help="run the measurement and write every report table (default: the demo)")
    r.add_argument("--inputs", metavar="FOLDER", help="a folder of input CSVs (see `demo-data`); default: the demo")
    r.add_argument("-o", "--output", default=DEFAULT_OUT, help=f"output folder (default: ./{DEFAULT_OUT})")
    r.add_argument("--json", action="store_true", help="print all tables as one JSON object instead")
    r.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    r.set_defaults(func=cmd_report)
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


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except IIEInputError as exc:
        print(f"iiecon-xl: input error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
