"""Cost of the Excel-function layer (coercion in and out) for LEONTIEF_INV, as a ratio to its floor.

Times ``FUNCTIONS["LEONTIEF_INV"](A_as_list_of_lists)`` — what Excel or the headless
engine calls: cells in, validation, model, list of lists out — against its floor, the
same three steps with nothing around them: ``np.asarray(cells, dtype=float)``, then
``model.calc_L``, then ``.tolist()``. The runs are interleaved (so that load from other
processes affects both alike) and the figures are medians of the CPU time of many runs. Also times the
two coercion steps on their own, the bare model call and the slow coercion path (every
7th cell a number stored as text). No assertions: figures only (issue 14 target: the
ratio ≤ 1.1 at n = 149).

BLAS runs single-threaded by default (``--blas-threads 1``): on a loaded machine a
multi-threaded BLAS can take 100× longer on some runs, which drowns the figure being
measured (the Excel functions themselves limit BLAS to one thread for small matrices,
see :mod:`iiecon_xl.excel.blas`). ``--blas-threads auto`` leaves the BLAS configuration
alone.

    PYTHONPATH=. python benchmarks/bench_udf_layer.py [--n 149] [--repeat 301] [--blas-threads 1]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time


def _parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=149)
    p.add_argument("--repeat", type=int, default=301)
    p.add_argument("--blas-threads", default="1", help='number of BLAS threads, or "auto"')
    return p.parse_args(argv)


def median_seconds(*fns, repeat: int) -> list[float]:
    """Median CPU time of each callable (``time.process_time``: steadier than wall time on a
    loaded machine); the runs are interleaved so that load from other processes affects all
    of them alike."""
    for fn in fns:
        fn()  # warm up
    times: list[list[float]] = [[] for _ in fns]
    gc.collect()
    gc.disable()  # as timeit does: a collection would land on whichever call runs then
    try:
        for _ in range(repeat):
            for fn, ts in zip(fns, times):
                t0 = time.process_time()
                fn()
                ts.append(time.process_time() - t0)
    finally:
        gc.enable()
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
    leontief = FUNCTIONS["LEONTIEF_INV"]
    np.testing.assert_allclose(np.array(leontief(cells_in)), model.calc_L(A))
    L = model.calc_L(A)

    def floor():
        return model.calc_L(np.asarray(cells_in, dtype=float)).tolist()

    udf, low, bare, coerce_in, coerce_out = median_seconds(
        lambda: leontief(cells_in),
        floor,
        lambda: model.calc_L(A),
        lambda: cells.to_matrix("matrix", cells_in, square=True),
        lambda: cells.to_excel(L, name="matrix"),
        repeat=args.repeat)
    udf_text, = median_seconds(lambda: leontief(texty), repeat=max(5, args.repeat // 10))

    ms = 1e3
    print(f"LEONTIEF_INV at n = {n} (median of {args.repeat} interleaved runs, BLAS threads: {args.blas_threads})")
    print(f"  floor: np.asarray + model.calc_L + .tolist()  {low * ms:8.2f} ms")
    print(f"  FUNCTIONS['LEONTIEF_INV'](list of lists)       {udf * ms:8.2f} ms   ratio to the floor "
          f"{udf / low:5.2f}×   overhead {(udf - low) * ms:6.2f} ms")
    print(f"    bare model.calc_L(ndarray)                   {bare * ms:8.2f} ms")
    print(f"    coercion in  (cells.to_matrix)               {coerce_in * ms:8.2f} ms")
    print(f"    coercion out (cells.to_excel)                {coerce_out * ms:8.2f} ms")
    print(f"  same, 1 cell in 7 a number as text             {udf_text * ms:8.2f} ms   ratio "
          f"{udf_text / low:5.2f}×")


if __name__ == "__main__":
    main()
