"""Audit time and memory against one openpyxl load of the same book (issue 10 §7).

For the demo book (and a demo scaled to n = 999 sectors: each of the 149 sectors split into
equal parts, same coefficients, same reports), each in a fresh process:

- ``load``: one ``openpyxl.load_workbook(book)`` (formulas), CPU seconds;
- ``audit``: ``audit.audit(book)`` from a cold start (nothing cached), CPU seconds and peak RSS.

Targets: audit ≤ 2.5× load; peak RSS < 600 MB at n = 999.

    python benchmarks/bench_audit.py [--rounds 3] [--sizes 149 999]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

_CHILD = r"""
import resource, sys, time
what, book = sys.argv[1], sys.argv[2]
if what == "load":
    import openpyxl
else:  # the modules the audit calls, imported before the clock starts (as openpyxl is for the load)
    from iiecon_xl.workbook import audit, build, reader  # noqa: F401
    from iiecon_xl import pipeline  # noqa: F401
    from iiecon_xl.workbook.audit import derived  # noqa: F401
ru0 = resource.getrusage(resource.RUSAGE_SELF)
if what == "load":
    openpyxl.load_workbook(book)
else:
    r = audit.audit(book)
    if not r.ok:  # a ratio of an audit that stopped early (say, at a layout mismatch) means nothing
        print(r.text(limit=10), file=sys.stderr)
        sys.exit(3)
ru = resource.getrusage(resource.RUSAGE_SELF)
print(ru.ru_utime + ru.ru_stime - ru0.ru_utime - ru0.ru_stime, ru.ru_maxrss / 1024)
"""


def scaled_inputs(n: int):
    """The demo inputs with its 149 sectors split into ``n`` (coefficients and totals kept)."""
    from iiecon_xl import demo
    from iiecon_xl.inputs import IOTable

    inp = demo.load_demo()
    io = inp.io
    base = len(io.codes)
    parts = np.full(base, n // base)
    parts[: n - parts.sum()] += 1
    codes, owner = [], []
    for i, code in enumerate(io.codes):
        for k in range(parts[i]):
            codes.append(code if k == 0 else f"{code}.{k}")
            owner.append(i)
    owner = np.array(owner)
    share = 1.0 / parts[owner]
    Z = io.Z.to_numpy()[np.ix_(owner, owner)] * np.outer(share, share)
    X = io.X.to_numpy()[owner] * share
    sectors = io.sectors.iloc[owner].copy()
    sectors.index = pd.Index(codes, name=io.sectors.index.name)
    V = None if io.V is None else pd.Series(io.V.to_numpy()[owner] * share, index=codes)
    inp.io = IOTable(sectors=sectors, Z=pd.DataFrame(Z, index=codes, columns=codes), X=pd.Series(X, index=codes),
                     V=V, unit=io.unit)
    return inp


def book_for(n: int, folder: Path) -> Path:
    from iiecon_xl import demo
    from iiecon_xl import recalc
    from iiecon_xl.workbook import builder

    raw = folder / f"book_{n}.xlsx"
    builder.build(raw, demo.load_demo() if n == 149 else scaled_inputs(n))
    return recalc.recalc(raw, kept_name(folder, n)).out


def kept_name(folder: Path, n: int) -> Path:
    """The recalculated book of size n; its name carries the layout version, so that a book kept
    from an earlier layout is rebuilt rather than measured."""
    from iiecon_xl.workbook.layout.version import LAYOUT_VERSION

    return folder / f"book_{n}_layout{LAYOUT_VERSION}_recalc.xlsx"


def measure(what: str, book: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, what, str(book)], capture_output=True, text=True)
    if out.returncode or out.stderr.strip():
        print(out.stderr.strip()[-3000:], file=sys.stderr)
    if out.returncode:
        raise SystemExit(f"the {what} of {book} failed (exit status {out.returncode}): no ratio")
    cpu, rss = out.stdout.split()[-2:]
    return float(cpu), float(rss)


def main(argv=None) -> int:
    os.environ.setdefault("IIECON_XLSX_MAX_COLS", "5000")  # the n = 999 IO sheet: 1,003 columns,
    os.environ.setdefault("IIECON_XLSX_MAX_CELLS", "5000000")  # over a million cells
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="+", default=[149, 999])
    ap.add_argument("--keep", help="folder for the books (reused when present)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            done = kept_name(folder, n)
            book = done if done.exists() else book_for(n, folder)
            load, aud = [], []
            for _ in range(args.rounds):  # interleaved: a change in the machine's load hits both alike
                load.append(measure("load", book))
                aud.append(measure("audit", book))
            lt = statistics.median(x[0] for x in load)
            at = statistics.median(x[0] for x in aud)
            print(f"n = {n}: openpyxl load {lt:.2f} s CPU ({max(x[1] for x in load):.0f} MB); audit {at:.2f} s CPU, "
                  f"peak {max(x[1] for x in aud):.0f} MB; ratio {at / lt:.2f}× (target ≤ 2.5×, < 600 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
