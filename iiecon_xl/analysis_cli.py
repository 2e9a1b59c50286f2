"""``iiecon-xl analyse BOOK|--inputs FOLDER -o DIR``: the IO analysis menu headless (issue 15).

Multipliers, linkages and key sectors, hypothetical extraction of the related sectors and the
uncertainty band of the expert scores, as CSV tables (:func:`iiecon_xl.analysis.write_tables`) and PNG figures
(:mod:`iiecon_xl.figures.analysis`: the linkage quadrant, the national series with its band),
written under a temporary name and renamed into ``DIR`` when complete. The inputs come from a
workbook built from the template (its input sheets) or from a folder of input CSVs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import IIEInputError
from .parameters import UNCERTAINTY_DRAWS, UNCERTAINTY_SEED
from .safefiles import atomic_folder, check_output

DEFAULT_OUT = "iiecon-analysis"


def _inputs(args):
    if args.inputs:
        from .inputs import Inputs

        return Inputs.read(Path(args.inputs)), Path(args.inputs)
    if not args.book:
        raise IIEInputError("BOOK", "give a workbook or --inputs FOLDER")
    from .workbook.reader import read_inputs
    from .xlsx.limits import check_xlsx

    book = Path(args.book)
    if not book.is_file():
        raise IIEInputError("BOOK", f"{book} does not exist" if not book.exists() else f"{book} is not a file")
    check_xlsx(book)
    return read_inputs(book), book


def _figures(result, report, folder) -> list[Path]:
    """The quadrant and band PNGs (:mod:`iiecon_xl.figures.analysis`); the figures extra is needed."""
    try:
        from .figures.analysis import analysis_figures
    except ImportError as exc:  # matplotlib absent
        raise IIEInputError("--no-figures", f"the figures need the figures extra ({exc.name} is missing): pip install "
                            "'iiecon-xl[figures]', or give --no-figures") from None
    return analysis_figures(result, folder, report)


def cmd_analyse(args) -> int:
    """Write the analysis tables; exit 0, 2 on bad input (handled by the CLI's runner)."""
    from . import analysis

    inputs, source = _inputs(args)
    out = check_output(args.output, [source], kind="folder", force=args.force)
    say = (lambda m: None) if args.quiet else (lambda m: print(f"… {m}", file=sys.stderr, flush=True))
    from .pipeline import run

    report = run(inputs)
    result = analysis.analyse(inputs, report, draws=args.draws, seed=args.seed, progress=say)
    with atomic_folder(out) as tmp:
        files = analysis.write_tables(result, tmp)
        if not args.no_figures:
            say("figures")
            files += _figures(result, report, tmp)
    for w in result.warnings:
        print(f"注意 note: {w}")
    print(f"{len(files)} files written to {out.resolve()}/")
    for f in files:
        print(f"  {out / Path(f).relative_to(tmp)}")
    return 0


def add_analyse_parser(sub) -> None:
    a = sub.add_parser("analyse", help="IO analysis menu: multipliers, linkages and key sectors, extraction of "
                       "the related sectors, uncertainty band of the expert scores (CSV tables, PNG figures)")
    a.add_argument("book", metavar="BOOK", nargs="?", help="a workbook built from the template")
    a.add_argument("--inputs", metavar="FOLDER", help="a folder of input CSVs instead of a workbook")
    a.add_argument("-o", "--output", default=DEFAULT_OUT, help=f"output folder, absent or empty (default: "
                   f"./{DEFAULT_OUT})")
    a.add_argument("--force", action="store_true", help="replace a non-empty output folder")
    a.add_argument("--draws", type=int, default=UNCERTAINTY_DRAWS, help=f"expert-panel resamples "
                   f"(default {UNCERTAINTY_DRAWS})")
    a.add_argument("--seed", type=int, default=UNCERTAINTY_SEED, help=f"random seed (default {UNCERTAINTY_SEED})")
    a.add_argument("--no-figures", action="store_true", help="tables only, no PNG figures")
    a.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    a.set_defaults(func=cmd_analyse)
