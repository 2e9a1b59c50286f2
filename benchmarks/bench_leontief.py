"""Leontief inverse and penetration cost at n = 149, 1000, 3000 (m = 11).

Prints, for each n, the median wall time of
  - numpy.linalg.inv(I − A)                        (the reference, ratio 1.00)
  - iiecon_xl.model.calc_L(A)                      (whole inverse, with the productivity check)
  - the penetration step via the whole inverse     (inv of the augmented I − A*, then m columns)
  - iiecon_xl.model.penetration(A, X, K, S)        (one LU of I − A*, m solves: never the whole inverse)
and each as a ratio to the reference measured in the same process.

    python benchmarks/bench_leontief.py [--sizes 149 1000 3000] [--repeat 5] [--blas-threads 1]

BLAS runs single-threaded by default so that a loaded 2-core machine gives stable ratios
(``--blas-threads auto`` leaves it alone). The timed calls are interleaved, so load on
the machine hits every route alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

if __name__ == "__main__":  # BLAS threads must be set before numpy is imported
    from blas_threads import pin_from_argv

    pin_from_argv()

import numpy as np  # noqa: E402

from iiecon_xl import model  # noqa: E402


def system(n: int, m: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    A = rng.random((n, n))
    A *= rng.uniform(0.3, 0.8, n) / A.sum(axis=0)   # column sums 0.3–0.8: productive
    X = rng.lognormal(8, 1, n)
    K = rng.choice(n, m, replace=False)
    S = rng.uniform(0.1, 0.4, m)
    return A, X, K, S


def penetration_via_inverse(A, X, K, S):
    """The naive route: the whole (n+m)² inverse of the augmented system, then its m columns."""
    aug = model.augment(A, X, K, S)
    n, m = A.shape[0], len(K)
    C = np.linalg.inv(np.eye(n + m) - aug.A)[:, aug.virtual]
    dY = C[:n] @ (S * X[K] / C[aug.virtual, np.arange(m)])
    return dY


def median_times(fns, repeat: int) -> list[float]:
    """Median wall time of each function, the calls interleaved round by round."""
    times = [[] for _ in fns]
    for _ in range(repeat):
        for ts, fn in zip(times, fns):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
    return [statistics.median(ts) for ts in times]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[149, 1000, 3000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--blas-threads", default="1", help='BLAS threads (default 1), or "auto"')
    ap.add_argument("--m", type=int, default=11)
    args = ap.parse_args(argv)
    print(f"BLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS', 'auto')}")
    print(f"{'n':>6} {'numpy.inv s':>12} {'calc_L':>14} {'pen. via inv':>14} {'penetration':>14}   (ratio to numpy.inv)")
    for n in args.sizes:
        A, X, K, S = system(n, args.m)
        I_A = np.eye(n) - A
        rep = args.repeat if n > 500 else max(args.repeat, 15)
        ref, t_L, t_naive, t_pen = median_times(
            [lambda: np.linalg.inv(I_A), lambda: model.calc_L(A), lambda: penetration_via_inverse(A, X, K, S),
             lambda: model.penetration(A, X, K, S)], rep)
        assert np.allclose(penetration_via_inverse(A, X, K, S), model.penetration(A, X, K, S).dY, rtol=1e-8)
        print(f"{n:>6} {ref:>12.4f} {t_L / ref:>9.2f} ({t_L:.3f}s) {t_naive / ref:>6.2f} ({t_naive:.3f}s)"
              f" {t_pen / ref:>6.2f} ({t_pen:.3f}s)")
        print(f"{'':>6} penetration is {t_naive / t_pen:.1f}× cheaper than via the whole inverse, "
              f"{ref / t_pen:.1f}× cheaper than numpy.inv of I − A")


if __name__ == "__main__":
    main()
