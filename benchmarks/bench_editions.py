"""The two editions of the demo book: what it costs to compute each, and how big they are.

Issue 9's figures:

- LibreOffice's whole run on the native ("glass-box") demo book ``iie_demo_native.xlsx``:
  start, load, recalculate every formula, save (wall time of the ``soffice`` process, and
  its CPU time: user + system of the child processes);
- our headless engine on the function-edition demo ``iie_demo.xlsx`` (in-process, imports
  warmed up by one run first), wall and CPU time;
- the size of both books on disk, and their formula and cell counts.

    python benchmarks/bench_editions.py [--rounds 3]

The machine is shared: report the best of ``--rounds`` runs, and say which machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
import zipfile
from pathlib import Path

from iiecon_xl import recalc
from iiecon_xl.recalc.libreoffice import INSTALL_HINT, find_soffice, libreoffice_recalc
from iiecon_xl.workbook import books


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _self_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def time_libreoffice(book: Path, rounds: int) -> tuple[float, float]:
    """Best (wall, CPU) seconds of LibreOffice's whole run on ``book``."""
    best = (float("inf"), float("inf"))
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(rounds):
            cpu0, t0 = _children_cpu(), time.perf_counter()
            libreoffice_recalc(book, Path(tmp) / f"lo_{k}.xlsx")
            best = min(best, (time.perf_counter() - t0, _children_cpu() - cpu0))
    return best


def time_engine(book: Path, rounds: int) -> tuple[float, float]:
    """Best (wall, CPU) seconds of our engine on ``book`` (after one warm-up run)."""
    best = (float("inf"), float("inf"))
    with tempfile.TemporaryDirectory() as tmp:
        recalc.recalc(book, Path(tmp) / "warm.xlsx")
        for k in range(rounds):
            cpu0, t0 = _self_cpu(), time.perf_counter()
            res = recalc.recalc(book, Path(tmp) / f"ours_{k}.xlsx")
            best = min(best, (time.perf_counter() - t0, _self_cpu() - cpu0))
            if not res.ok:
                raise SystemExit(res.summary())
    return best


def describe(book: Path) -> str:
    """Size on disk, unpacked XML size, formula count of ``book``."""
    with zipfile.ZipFile(book) as zf:
        unpacked = sum(i.file_size for i in zf.infolist())
        formulas = sum(zf.read(n).count(b"<f") for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))
    return (f"{book.stat().st_size / 1e6:6.2f} MB on disk, {unpacked / 1e6:6.2f} MB unpacked, "
            f"{formulas:6d} formula elements")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    native = books.REPO_WORKBOOKS / books.DEMO_NATIVE_NAME
    function = books.REPO_WORKBOOKS / books.DEMO_NAME
    print(f"machine: {os.cpu_count()} CPU(s); best of {args.rounds}")
    print(f"{native.name:26s} {describe(native)}")
    print(f"{function.name:26s} {describe(function)}")
    wall, cpu = time_engine(function, args.rounds)
    print(f"our engine, function edition ({function.name}): {wall:6.2f} s wall, {cpu:6.2f} s CPU")
    if find_soffice() is None:
        print(f"LibreOffice: skipped — {INSTALL_HINT}")
        return 0
    wall, cpu = time_libreoffice(native, args.rounds)
    print(f"LibreOffice whole run, native edition ({native.name}): {wall:6.2f} s wall, {cpu:6.2f} s CPU "
          "(start, load, recalculate, save)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
