"""Cost of the Excel-function layer (coercion in and out) for LEONTIEF_INV.

Times ``FUNCTIONS["LEONTIEF_INV"](A_as_list_of_lists)`` — what Excel or the headless
engine calls: cells in, validation, model, list of lists out — against the bare model call
``model.calc_L(A_as_ndarray)`` on a productive random A, and prints the medians, the
overhead in milliseconds and the ratio. Also times the two coercion steps on their own and
the slow coercion path (every 7th cell a number stored as text). No assertions: figures only.

BLAS runs single-threaded by default (``--blas-threads 1``): on a loaded machine a
multi-threaded BLAS can take 100× longer on some runs, which drowns the figure being
measured. ``--blas-threads auto`` leaves the BLAS configuration alone.

    PYTHONPATH=. python benchmarks/bench_udf_layer.py [--n 160] [--repeat 31] [--blas-threads 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def _parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=160)
    p.add_argument("--repeat", type=int, default=31)
    p.add_argument("--blas-threads", default="1", help='number of BLAS threads, or "auto"')
    return p.parse_args(argv)


def median_seconds(*fns, repeat: int) -> list[float]:
    """Median wall time of each callable; the runs are interleaved so that load from other
    processes affects all of them alike."""
    for fn in fns:
        fn()  # warm up
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, ts in zip(fns, times):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
    return [statistics.median(ts) for ts in times]


def main(argv=None) -> None:
    args = _parse(argv)
    if args.blas_threads != "auto":  # must happen before numpy is imported
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(args.blas_threads)

    import numpy as np

    from iiecon_xl import model
    from iiecon_xl.excel import cells
    from iiecon_xl.udfs import FUNCTIONS

    rng = np.random.default_rng(0)
    n = args.n
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.3)
    A = A / A.sum(axis=0).max() * 0.8  # column sums ≤ 0.8 < 1: productive
    cells_in = A.tolist()  # what Excel hands over: a list of lists of floats
    texty = [[f"{x:.17g}" if (i + j) % 7 == 0 else x for j, x in enumerate(row)] for i, row in enumerate(cells_in)]
    np.testing.assert_allclose(np.array(FUNCTIONS["LEONTIEF_INV"](cells_in)), model.calc_L(A))
    L = model.calc_L(A)

    bare, udf, udf_text, coerce_in, coerce_out = median_seconds(
        lambda: model.calc_L(A),
        lambda: FUNCTIONS["LEONTIEF_INV"](cells_in),
        lambda: FUNCTIONS["LEONTIEF_INV"](texty),
        lambda: cells.to_matrix("matrix", cells_in, square=True),
        lambda: cells.to_excel(L, name="matrix"),
        repeat=args.repeat)

    ms = 1e3
    print(f"LEONTIEF_INV at n = {n} (median of {args.repeat} interleaved runs, BLAS threads: {args.blas_threads})")
    print(f"  bare model.calc_L(ndarray)                {bare * ms:8.2f} ms")
    print(f"  FUNCTIONS['LEONTIEF_INV'](list of lists)  {udf * ms:8.2f} ms   ratio {udf / bare:5.2f}×   "
          f"overhead {(udf - bare) * ms:6.2f} ms")
    print(f"    coercion in  (cells.to_matrix)          {coerce_in * ms:8.2f} ms")
    print(f"    coercion out (cells.to_excel)           {coerce_out * ms:8.2f} ms")
    print(f"  same, 1 cell in 7 a number as text        {udf_text * ms:8.2f} ms   ratio {udf_text / bare:5.2f}×")


if __name__ == "__main__":
    main()
