"""Cost of RAS_UPDATE's model: RAS and GRAS at n = 149 and 1,000 (issue 15: n = 1,000 in seconds).

The base table is a sparse random n×n table (30 % non-zero, ``--density``); the margins are those of a copy
perturbed entry by entry and by row and column (log-normal factors, σ = 1, and 5 % of the entries
negative for GRAS), so they are reachable but far from the base. Prints, for each n, the median wall time of
  - the reference: the textbook RAS loop that rescales the whole matrix twice per iteration
    (Z ← r̂ Z, Z ← Z ŝ), run for the same number of iterations
  - iiecon_xl.model.ras (matrix-vector products only; r̂ Z⁰ ŝ formed once at the end)
  - iiecon_xl.model.gras on the signed table
with the iteration counts, the final errors and each time as a ratio to the reference measured
in the same process, the calls interleaved.

    python benchmarks/bench_ras.py [--sizes 149 1000] [--repeat 3] [--blas-threads 1]

BLAS runs single-threaded by default (threadpoolctl when installed, else the usual environment
variables set before numpy is imported). No timed assertions: the figures are printed.
"""

from __future__ import annotations

import argparse
import os

if __name__ == "__main__":  # BLAS threads must be set before numpy is imported
    from blas_threads import pin_from_argv

    pin_from_argv()

import numpy as np  # noqa: E402

from iiecon_xl import model  # noqa: E402

try:  # run as a script (benchmarks/ on sys.path) or as a module
    from bench_uncertainty import blas_limits, median_times
except ImportError:  # pragma: no cover
    from benchmarks.bench_uncertainty import blas_limits, median_times


def tables(n: int, density: float, seed: int = 0):
    """(Z0, u, v) non-negative and (Z0s, us, vs) with about 5 % negative entries."""
    rng = np.random.default_rng(seed)
    Z0 = rng.random((n, n)) * (rng.random((n, n)) < density)
    factors = rng.lognormal(0.0, 1.0, (n, n)) * np.outer(rng.lognormal(0, 1, n), rng.lognormal(0, 1, n))
    target = Z0 * factors
    signs = np.where(rng.random((n, n)) < 0.05, -1.0, 1.0)
    Z0s, targets = Z0 * signs, target * signs
    return (Z0, target.sum(axis=1), target.sum(axis=0)), (Z0s, targets.sum(axis=1), targets.sum(axis=0))


def textbook_ras(Z0, u, v, iterations: int) -> np.ndarray:
    """Rescale the whole matrix by rows, then by columns, ``iterations`` times."""
    Z = Z0.copy()
    for _ in range(iterations):
        Z *= (u / Z.sum(axis=1))[:, np.newaxis]
        Z *= (v / Z.sum(axis=0))[np.newaxis, :]
    return Z


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[149, 1000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--density", type=float, default=0.3, help="share of non-zero entries (default 0.3)")
    ap.add_argument("--blas-threads", default="1", help='BLAS threads (default 1), or "auto"')
    args = ap.parse_args(argv)
    print(f"BLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS', 'auto')}")
    print(f"{'n':>6} {'textbook s':>11} {'ras':>18} {'gras':>18} {'iter ras/gras':>14} {'error ras/gras':>20}")
    with blas_limits(args.blas_threads):
        for n in args.sizes:
            (Z0, u, v), (Zs, us, vs) = tables(n, args.density)
            r, g = model.ras(Z0, u, v), model.gras(Zs, us, vs)
            np.testing.assert_allclose(textbook_ras(Z0, u, v, r.iterations), r.table, rtol=1e-8, atol=1e-12)
            ref, t_ras, t_gras = median_times([lambda: textbook_ras(Z0, u, v, r.iterations),
                                               lambda: model.ras(Z0, u, v), lambda: model.gras(Zs, us, vs)],
                                              args.repeat)
            print(f"{n:>6} {ref:>11.4f} {t_ras / ref:>8.2f} ({t_ras:.3f}s) {t_gras / ref:>8.2f} ({t_gras:.3f}s)"
                  f" {r.iterations:>6} / {g.iterations:<6} {r.max_error:>9.1e} / {g.max_error:.1e}")


if __name__ == "__main__":
    main()
