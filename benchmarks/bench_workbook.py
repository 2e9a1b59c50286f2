"""Wall time of `recalc` + `audit` of the demo workbook, and where the time goes.

Prints the recalc phases (load, compile, calculate, collect, write) and the audit phases
(open the book twice, read inputs, pipeline, rebuild the expected layout, compare), each
also as a ratio to one run of the Python pipeline on the same inputs in this process (the
reference: the same economics without any workbook).

    python benchmarks/bench_workbook.py [BOOK]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from iiecon_xl import pipeline
from iiecon_xl import recalc
from iiecon_xl.workbook import audit, books, builder
from iiecon_xl.workbook.reader import read_inputs


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    book = Path(argv[0]) if argv else books.REPO_WORKBOOKS / books.DEMO_NAME
    inputs = read_inputs(book)
    t0 = time.perf_counter()
    pipeline.run(inputs)
    ref = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        res = recalc.recalc(book, Path(tmp) / "recalc.xlsx")
        t_recalc = time.perf_counter() - t0
        # audit, phase by phase (the same steps audit.audit takes)
        phases = {}
        t = time.perf_counter()
        import openpyxl
        openpyxl.load_workbook(res.out, data_only=False)
        openpyxl.load_workbook(res.out, data_only=True)
        phases["open book (formulas + values)"] = time.perf_counter() - t
        t = time.perf_counter()
        inp = read_inputs(res.out)
        phases["read inputs"] = time.perf_counter() - t
        t = time.perf_counter()
        pipeline.run(inp)
        phases["pipeline"] = time.perf_counter() - t
        t = time.perf_counter()
        builder.build(Path(tmp) / "expected.xlsx", inp)
        phases["rebuild expected layout"] = time.perf_counter() - t
        t0 = time.perf_counter()
        result = audit.audit(res.out)
        t_audit = time.perf_counter() - t0
    print(f"book: {book.name}; {res.formula_cells} formula cells; audit compared {result.compared} report cells, "
          f"findings: {len(result.findings)}")
    print(f"reference: pipeline.run on the same inputs = {ref:.3f} s")
    print(f"{'phase':<34}{'seconds':>9}{'× ref':>9}")
    for k in ("load", "compile", "calculate", "collect", "write"):
        print(f"recalc: {k:<26}{res.timings[k]:>9.2f}{res.timings[k] / ref:>9.1f}")
    print(f"{'recalc total':<34}{t_recalc:>9.2f}{t_recalc / ref:>9.1f}")
    for k, v in phases.items():
        print(f"audit: {k:<27}{v:>9.2f}{v / ref:>9.1f}")
    print(f"{'audit total':<34}{t_audit:>9.2f}{t_audit / ref:>9.1f}")
    print(f"{'recalc + audit':<34}{t_recalc + t_audit:>9.2f}{(t_recalc + t_audit) / ref:>9.1f}")


if __name__ == "__main__":
    main()
