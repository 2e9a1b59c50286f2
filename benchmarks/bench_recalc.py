"""Headless recalculation cost: the demo book against LibreOffice and the floor, and n-scaling.

Issue 14's figures, all measured in one run, interleaved, as CPU time (user + system):

- ``iiecon-xl recalc`` of the demo book in-process (imports warmed up), against
  LibreOffice's whole run on the same book (start, load, recalculate, save; its child
  process CPU time) when ``soffice`` is installed, and against the *floor*: parsing every
  XML part of the book (stdlib ElementTree — lxml is not installed here), one
  ``pipeline.run`` on the book's inputs and writing the cached values;
- recalc of the iiecon-xl demo book (n = 149) against the demo scaled to n = 999 sectors
  (built by the package's builder from :func:`bench_audit.scaled_inputs`; each in a fresh
  process, warmed up on the n = 149 book: CPU time and peak resident memory).

Targets: ≤ 2× LibreOffice, ≤ 4× the floor, n = 999 ≤ 2.5× n = 149 and < 600 MB.

    python benchmarks/bench_recalc.py [--rounds 3] [--sizes 149 999] [--keep DIR] [--no-demo] [--detail]

``--detail`` adds the phases of one recalc of a synthetic book shaped like the template
(:func:`build_book`: a 149×149 flow table, LEONTIEF_INV and TECH_COEFF spills, per-sector
rows, INDEX/MATCH, a 336-row city table with SUMIF/COUNTIF) and the cost of one formula
kind at a time.

No assertions on time: the figures are for the report.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_audit.scaled_inputs

from iiecon_xl.xlsx import col_name  # noqa: E402

PROVINCES = 31


def col(c: int) -> str:
    """1-based column number → letters."""
    return col_name(c - 1)


def build_book(path: Path, n: int = 149, cities: int = 336, sumifs: int = 300, seed: int = 0) -> dict:
    """Write the synthetic book; return counts of what it holds."""
    import xlsxwriter

    rng = np.random.default_rng(seed)
    Z = rng.random((n, n))
    X = Z.sum(axis=0) / rng.uniform(0.3, 0.8, n)  # column sums 30–80 % of X: productive
    S = np.zeros(n)
    S[rng.choice(n, 11, replace=False)] = rng.uniform(0.1, 0.4, 11)

    wb = xlsxwriter.Workbook(str(path), {"use_future_functions": True})
    io = wb.add_worksheet("投入产出 IO")
    calc = wb.add_worksheet("计算 Calc")
    city = wb.add_worksheet("城市 Cities")
    n_formulas = 0

    # input sheet: codes in column A, Z in B2.., X below, S below that
    io.write(0, 0, "code")
    for j in range(n):
        io.write(0, j + 1, f"S{j + 1:03d}")
        io.write(j + 1, 0, f"S{j + 1:03d}")
    for i in range(n):
        io.write_row(i + 1, 1, Z[i].tolist())
    io.write(n + 1, 0, "X")
    io.write_row(n + 1, 1, X.tolist())
    io.write(n + 2, 0, "S")
    io.write_row(n + 2, 1, S.tolist())
    last = col(n + 1)
    wb.define_name("Z", f"='投入产出 IO'!$B$2:${last}${n + 1}")
    wb.define_name("X", f"='投入产出 IO'!$B${n + 2}:${last}${n + 2}")
    wb.define_name("S", f"='投入产出 IO'!$B${n + 3}:${last}${n + 3}")
    wb.define_name("Codes", f"='投入产出 IO'!$A$2:$A${n + 1}")

    # calc sheet: per-sector rows, then the two spills
    calc.write_row(0, 0, ["code", "X", "M", "V", "share", "lookup", "L_jj", "colsum L"])
    for i in range(n):
        r = i + 2
        c = col(i + 2)
        calc.write_formula(r - 1, 0, f"=INDEX(Codes,{i + 1})")
        calc.write_formula(r - 1, 1, f"=INDEX(X,1,{i + 1})")
        calc.write_formula(r - 1, 2, f"=SUM('投入产出 IO'!{c}2:{c}{n + 1})")
        calc.write_formula(r - 1, 3, f"=B{r}-C{r}")
        calc.write_formula(r - 1, 4, f"=IF(B{r}>0,D{r}/B{r},0)")
        calc.write_formula(r - 1, 5, f"=INDEX(X,1,MATCH(A{r},TRANSPOSE(Codes),0))")
        n_formulas += 6
    top = n + 4  # first row of the L spill (1-based)
    calc.write(top - 2, 0, "Leontief inverse")
    calc.write_dynamic_array_formula(top - 1, 0, top + n - 2, n - 1, "=LEONTIEF_INV(Z,X)")
    for i in range(n):
        r = i + 2
        calc.write_formula(r - 1, 6, f"=INDEX($A${top}:${col(n)}${top + n - 1},{i + 1},{i + 1})")
        calc.write_formula(r - 1, 7, f"=SUM(INDEX($A${top}:${col(n)}${top + n - 1},0,{i + 1}))")
        n_formulas += 2
    top2 = top + n + 2
    calc.write_dynamic_array_formula(top2 - 1, 0, top2 + n - 2, n - 1, "=TECH_COEFF(Z,X)")
    calc.write_formula(top2 + n, 0, "=IIE_DIRECT(X,INDEX(C2:C%d,0,1),S)" % (n + 1))
    calc.write_formula(top2 + n, 1, "=SUMPRODUCT(TRANSPOSE(S),D2:D%d)" % (n + 1))
    n_formulas += 4

    # city sheet: province in B, GDP in C, share in D; formulas in E..G; province totals
    city.write_row(0, 0, ["city", "province", "GDP", "share", "IIE VA", "rank", "prov total"])
    prov = rng.integers(1, PROVINCES + 1, cities)
    gdp = rng.lognormal(7, 1, cities)
    share = rng.uniform(0.01, 0.05, cities)
    for k in range(cities):
        r = k + 2
        city.write_row(k + 1, 0, [f"C{k + 1:03d}", f"P{prov[k]:02d}", float(gdp[k]), float(share[k])])
        city.write_formula(k + 1, 4, f"=ROUND(C{r}*D{r},4)")
        city.write_formula(k + 1, 5, f"=RANK(E{r},$E$2:$E${cities + 1})")
        n_formulas += 2
    n_sumif = 0
    for k in range(min(sumifs, cities)):  # SUMIF per city row: its province's total
        r = k + 2
        city.write_formula(k + 1, 6, f"=SUMIF($B$2:$B${cities + 1},B{r},$E$2:$E${cities + 1})")
        n_formulas += 1
        n_sumif += 1
    base = cities + 3
    for p in range(PROVINCES):
        r = base + p
        city.write(r - 1, 0, f"P{p + 1:02d}")
        city.write_formula(r - 1, 1, f'=COUNTIF($B$2:$B${cities + 1},A{r})')
        city.write_formula(r - 1, 2, f'=SUMIF($B$2:$B${cities + 1},A{r},$C$2:$C${cities + 1})')
        city.write_formula(r - 1, 3, f'=IFERROR(SUMIF($B$2:$B${cities + 1},A{r},$E$2:$E${cities + 1})/C{r},0)')
        n_formulas += 3
        n_sumif += 2
    city.write_formula(base + PROVINCES, 2, f"=SUM(C{base}:C{base + PROVINCES - 1})")
    n_formulas += 1
    wb.close()
    return {"n": n, "cities": cities, "formulas": n_formulas, "sumif": n_sumif,
            "numbers": n * n + 2 * n + 2 * cities}


KINDS = {
    "arithmetic": "=C{r}*D{r}+1",
    "SUM(336 rows)": "=SUM($C$2:$C$337)-C{r}",
    "SUMIF(336 rows)": "=SUMIF($B$2:$B$337,B{r},$C$2:$C$337)",
    "SUMIFS(336, 2 criteria)": "=SUMIFS($C$2:$C$337,$B$2:$B$337,B{r},$D$2:$D$337,\">0.02\")",
    "COUNTIF(336 rows)": "=COUNTIF($B$2:$B$337,B{r})",
    "SUMPRODUCT(336 rows)": "=SUMPRODUCT(($B$2:$B$337=B{r})*$C$2:$C$337)",
    "INDEX/MATCH(336 rows)": "=INDEX($C$2:$C$337,MATCH(A{r},$A$2:$A$337,0))",
    "RANK(336 rows)": "=RANK(C{r},$C$2:$C$337)",
}


def time_formula_kinds(count: int = 200, cities: int = 336) -> dict[str, dict[str, float]]:
    """Milliseconds per formula (load + compile, calculate) for one kind of formula at a time."""
    import xlsxwriter

    from iiecon_xl.recalc import recalc

    rng = np.random.default_rng(2)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, template in KINDS.items():
            path = Path(tmp) / "kind.xlsx"
            wb = xlsxwriter.Workbook(str(path))
            ws = wb.add_worksheet("T")
            for k in range(cities):
                ws.write_row(k + 1, 0, [f"C{k:03d}", f"P{k % 31:02d}", float(rng.lognormal(7, 1)),
                                        float(rng.uniform(0.01, 0.05))])
            for k in range(count):
                ws.write_formula(k + 1, 6, template.format(r=k + 2))
            wb.close()
            t = recalc(path, Path(tmp) / "kind_out.xlsx").timings
            out[kind] = {"load+compile": 1e3 * (t["load"] + t["compile"]) / count,
                         "calculate": 1e3 * t["calculate"] / count}
    return out


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _child_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _ours(book: Path, out: Path) -> float:
    from iiecon_xl.recalc import recalc

    t = _cpu()
    recalc(book, out)
    return _cpu() - t


def _libreoffice(book: Path, out: Path) -> float:
    from iiecon_xl.recalc.libreoffice import libreoffice_recalc

    t = _child_cpu()
    libreoffice_recalc(book, out)
    return _child_cpu() - t


def _floor(book: Path, out: Path, inputs, values) -> float:
    """Parse every XML part, one pipeline run, write the cached values: what any engine must do."""
    import zipfile
    from xml.etree import ElementTree as ET

    from iiecon_xl import pipeline
    from iiecon_xl.xlsx.cached_values import write_cached_values

    t = _cpu()
    with zipfile.ZipFile(book) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                ET.fromstring(zf.read(name))
    pipeline.run(inputs)
    write_cached_values(book, out, values)
    return _cpu() - t


def demo_ratios(rounds: int) -> None:
    from iiecon_xl.recalc import recalc
    from iiecon_xl.recalc.libreoffice import find_soffice
    from iiecon_xl.workbook import books
    from iiecon_xl.workbook.reader import read_inputs

    book = books.REPO_WORKBOOKS / books.DEMO_NAME
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.xlsx"
        values = recalc(book, out).values  # warm-up: imports, registry
        inputs = read_inputs(book)
        have_lo = find_soffice() is not None
        times: dict[str, list[float]] = {"ours": [], "floor": [], "libreoffice": []}
        for _ in range(rounds):  # interleaved
            times["ours"].append(_ours(book, out))
            times["floor"].append(_floor(book, Path(tmp) / "floor.xlsx", inputs, values))
            if have_lo:
                times["libreoffice"].append(_libreoffice(book, Path(tmp) / "lo.xlsx"))
    med = {k: statistics.median(v) for k, v in times.items() if v}
    print(f"demo book, CPU seconds (median of {rounds}, interleaved):")
    print(f"  iiecon-xl recalc   {med['ours']:7.2f}")
    print(f"  floor              {med['floor']:7.2f}   ratio {med['ours'] / med['floor']:.2f}× (target ≤ 4×)")
    if "libreoffice" in med:
        print(f"  LibreOffice        {med['libreoffice']:7.2f}   ratio {med['ours'] / med['libreoffice']:.2f}× "
              "(target ≤ 2×)")
    else:
        print("  LibreOffice        not installed (apt-get install libreoffice-calc-nogui)")


_CHILD = """
import resource, sys
from pathlib import Path
from iiecon_xl.recalc import recalc
book, out, warm = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
recalc(warm, Path(str(out) + ".warm.xlsx"))  # imports, on the smallest book: the peak is this book's
ru0 = resource.getrusage(resource.RUSAGE_SELF)
recalc(book, out)
ru = resource.getrusage(resource.RUSAGE_SELF)
print(ru.ru_utime + ru.ru_stime - ru0.ru_utime - ru0.ru_stime, ru.ru_maxrss / 1024)
"""


#: The book at n = 999 holds 1,004,002 cells in its IO sheet over 1,003 columns, beyond the default
#: ``max_cells`` and ``max_cols`` of :func:`iiecon_xl.xlsx.limits.check_xlsx`: it is trusted, so they are raised.
_TRUSTED = dict(os.environ, IIECON_XLSX_MAX_CELLS="5000000", IIECON_XLSX_MAX_COLS="5000")


def scaled_book(n: int, folder: Path) -> Path:
    """The iiecon-xl book (function edition) of the demo, or of the demo scaled to ``n`` sectors
    (each of the 149 split into equal parts: :func:`bench_audit.scaled_inputs`)."""
    from bench_audit import scaled_inputs

    from iiecon_xl import demo
    from iiecon_xl.workbook import builder

    path = kept_book(folder, n)
    builder.build(path, demo.load_demo() if n == 149 else scaled_inputs(n))
    return path


def kept_book(folder: Path, n: int) -> Path:
    """The book of size n; its name carries the layout version, so that a book kept from an
    earlier layout is rebuilt rather than measured."""
    from iiecon_xl.workbook.layout.version import LAYOUT_VERSION

    return folder / f"book_{n}_layout{LAYOUT_VERSION}.xlsx"


def scaling(sizes: list[int], rounds: int, keep: str | None = None) -> None:
    """recalc of the demo book against the demo scaled to n sectors, a fresh process each time."""
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {n: kept_book(folder, n) if kept_book(folder, n).exists() else scaled_book(n, folder)
                 for n in sizes}
        got: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}
        for _ in range(rounds):  # interleaved
            for n in sizes:
                res = subprocess.run([sys.executable, "-c", _CHILD, str(paths[n]), str(Path(tmp) / "o.xlsx"),
                                      str(paths[sizes[0]])], capture_output=True, text=True, check=True, env=_TRUSTED)
                cpu, mb = map(float, res.stdout.split()[:2])
                got[n].append((cpu, mb))
    base = statistics.median(c for c, _ in got[sizes[0]])
    print(f"iiecon-xl book, recalc CPU seconds and peak memory (median of {rounds}):")
    for n in sizes:
        cpu = statistics.median(c for c, _ in got[n])
        mb = max(m for _, m in got[n])
        print(f"  n = {n:4d}   {cpu:7.2f} s   {cpu / base:5.2f}× n = {sizes[0]} (target ≤ 2.5×)   "
              f"peak {mb:6.0f} MB (target < 600 MB)")


def detail(args) -> None:
    from iiecon_xl.recalc import recalc

    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "bench.xlsx"
        info = build_book(book, args.n, args.cities, args.sumifs)
        print(f"synthetic book: {info['numbers']} input numbers, {info['formulas']} formula cells "
              f"({info['sumif']} SUMIF/COUNTIF), 2 spills of {info['n']}×{info['n']}")
        t = recalc(book, Path(tmp) / "out.xlsx").timings
        print("  " + "  ".join(f"{k} {t[k]:.2f}s" for k in ("load", "compile", "calculate", "collect", "write",
                                                             "total")))
    print("200 formulas of one kind on a 336-row table, ms per formula:")
    for kind, t in time_formula_kinds().items():
        print(f"  {kind:<26} load+compile {t['load+compile']:6.2f}   calculate {t['calculate']:6.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="+", default=[149, 999])
    ap.add_argument("--n", type=int, default=149)
    ap.add_argument("--cities", type=int, default=336)
    ap.add_argument("--sumifs", type=int, default=300)
    ap.add_argument("--detail", action="store_true", help="also the phases and formula kinds figures")
    ap.add_argument("--keep", help="folder for the scaled books (reused when present)")
    ap.add_argument("--no-demo", action="store_true", help="only the n-scaling")
    args = ap.parse_args(argv)
    if not args.no_demo:
        demo_ratios(args.rounds)
    scaling(args.sizes, args.rounds, args.keep)
    if args.detail:
        detail(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
